//! `ti-atlas export …`: the map (SVG, PNG, PDF), territory sheets and région batches (PDF), the
//! table of values (CSV), through the same code as the app's exports.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::Subcommand;

use super::loaded::{Loaded, load, load_sources};
pub use super::map_choice::MapChoice;
use super::project::MapPage;
use super::{check_output, usage_error};
use crate::carto::{Basemap, Choropleth, MapScene, MapSettings, MapThematics, project_points};
use crate::export::sheet::{region_pdf, territory_pdf};
use crate::export::{Format, MapExport, View, check_size, map_bytes, write_file};
use crate::format::today_fr;
use crate::io::output::OutputKind;
use crate::model::indicators::IndicatorTable;
use crate::model::indicators::choropleth::Spec;
use crate::model::indicators::reference::ReferenceTable;
use crate::model::indicators::value_table::{ExtraColumn, to_csv_with, value_rows};
use crate::model::{Dataset, Generation, IndicatorId, LayerKind, Level, TerritoryId};
use crate::sheet::SheetInputs;

/// What to export. (Parsed once per run: the size of the map's variant does not matter.)
#[derive(Subcommand, Debug)]
#[allow(clippy::large_enum_variant)]
pub enum ExportCommand {
    /// La carte : SVG, PNG ou PDF selon l'extension de --out, avec titre, légende, échelle,
    /// flèche du nord, sources et date.
    Map {
        /// Fichier produit (.svg, .png ou .pdf), dans un dossier existant.
        #[arg(long, value_name = "FICHIER")]
        out: PathBuf,
        #[command(flatten)]
        choice: MapChoice,
        /// Titre (par défaut : l'indicateur, ou « Territoires d'industrie 2023-2027 »).
        #[arg(long, value_name = "TITRE")]
        title: Option<String>,
        /// Largeur : pixels (PNG, SVG ; par défaut 1600) ou points (PDF ; par défaut A4
        /// paysage), de 16 à 20 000 ; un PNG compte au plus 50 mégapixels.
        #[arg(long, value_name = "N")]
        width: Option<f64>,
        /// Hauteur : pixels (PNG, SVG ; par défaut 1200) ou points (PDF), de 16 à 20 000.
        #[arg(long, value_name = "N")]
        height: Option<f64>,
        /// Résolution du PNG, de 72 à 600 points par pouce (par défaut 150).
        #[arg(long, value_name = "PPP")]
        dpi: Option<f32>,
        /// Fond : vecteur (mer, terres, limites) ou aucun.
        #[arg(long, default_value = "vecteur", value_name = "FOND")]
        basemap: String,
        /// Emprise « lon_min,lat_min,lon_max,lat_max » en degrés WGS84 (longitudes de -180 à
        /// 180, latitudes de -85 à 85 ; par défaut : la France métropolitaine).
        #[arg(
            long,
            conflicts_with = "territory",
            allow_hyphen_values = true,
            value_name = "EMPRISE"
        )]
        bbox: Option<String>,
        /// Cadre la carte sur un territoire 2023-2027 (ti-RRNN).
        #[arg(long, value_name = "TERRITOIRE")]
        territory: Option<TerritoryId>,
        /// Couches visibles, séparées par des virgules : ti-2023-2027, ti-2018-2022, epci,
        /// departements, regions.
        #[arg(long, default_value = "ti-2023-2027", value_name = "COUCHES")]
        layers: String,
        /// Sans les noms des territoires (écrits par défaut là où ils tiennent).
        #[arg(long)]
        sans_noms: bool,
        /// Effectif représenté en symboles proportionnels (population, nombre_communes…), à la
        /// maille de --level, seul ou sur les aplats de --indicator.
        #[arg(long)]
        symbols: Option<IndicatorId>,
        #[command(flatten)]
        symbol_args: super::SymbolArgs,
        #[command(flatten)]
        bivariate: super::bivariate::BivariateArgs,
        /// Typologie (voir `ti-atlas typologies`) : chaque unité de sa maille colorée par sa
        /// catégorie, au lieu de --indicator (statut_temps, nature_juridique_epci…).
        #[arg(long, value_name = "TYPOLOGIE", conflicts_with_all = ["indicator", "bivariate"])]
        typology: Option<String>,
        #[command(flatten)]
        class_types: super::bivariate::ClassTypesArgs,
        /// Palette qualitative de la typologie (--typology ou --typology-from-classes) : Set2
        /// (par défaut), Set3, Paired, Dark2, Pastel1, Pastel2 ou Accent.
        #[arg(long, value_name = "PALETTE")]
        typology_palette: Option<String>,
        /// Petits multiples : 2 à 6 indicateurs séparés par des virgules, une carte chacun sur
        /// la même page, à la maille de --level ; les périodes d'un même indicateur
        /// (evolution_emploi_2011_2016,evolution_emploi_2016_2022) partagent leurs classes et
        /// une légende, des indicateurs différents ont chacun la leur.
        #[arg(
            long,
            value_name = "INDICATEURS",
            conflicts_with_all = ["indicator", "bivariate", "typology", "symbols", "project", "save_project"]
        )]
        panels: Option<String>,
        /// Encarts : outre-mer (par défaut), outre-mer-idf (avec Paris et la petite couronne) ou
        /// aucun. Sans effet sur une emprise choisie (--bbox, --territory).
        #[arg(long, default_value = "outre-mer")]
        encarts: String,
        /// Fichiers de l'utilisateur à charger d'abord (plan d'actions, projets, tableaux,
        /// couches), comme dans l'application.
        #[arg(long = "import", value_name = "FICHIER")]
        imports: Vec<PathBuf>,
        /// Correspondance des colonnes du fichier --import de même rang, quand ses en-têtes ne
        /// sont pas ceux du modèle : « champ=En-tête,champ=En-tête » (les champs de `ti-atlas
        /// import --columns`). La première --import-columns vaut pour le premier --import, la
        /// deuxième pour le deuxième… ; « "" » pour un fichier aux en-têtes du modèle.
        #[arg(long = "import-columns", value_name = "CORRESPONDANCE")]
        import_columns: Vec<String>,
        /// Enregistre aussi la carte exportée comme projet ti-atlas (.tiatlas) : réglages,
        /// titre, cadre, taille et fichiers importés, pour la reproduire sur un autre poste.
        #[arg(long, value_name = "PROJET")]
        save_project: Option<PathBuf>,
        /// Dessine la carte d'un projet ti-atlas (.tiatlas) avec ses fichiers ; --title,
        /// --width, --height, --dpi et --import s'ajoutent, les autres choix viennent du projet.
        #[arg(long, value_name = "PROJET", conflicts_with_all = PROJECT_MAP_CONFLICTS)]
        project: Option<PathBuf>,
        /// Mise en page (JSON, voir README « Mise en page et annotations ») : format, marges,
        /// éléments déplacés, redimensionnés ou masqués, textes ; remplace celle du projet.
        #[arg(long = "page", value_name = "FICHIER.json")]
        page_file: Option<PathBuf>,
        /// Annotations (JSON, voir README) : textes, bulles, flèches, rectangles, ellipses,
        /// surlignages, images ; remplacent celles du projet.
        #[arg(long = "annotations", value_name = "FICHIER.json")]
        annotations_file: Option<PathBuf>,
        /// Un logo (PNG ou SVG, 2 Mo au plus) en bas à droite de la carte.
        #[arg(long, value_name = "IMAGE")]
        logo: Option<PathBuf>,
    },
    /// La fiche A4 d'un territoire, ou le recueil d'une région (page de garde + une fiche par
    /// territoire), en PDF.
    Sheet {
        /// Territoire 2023-2027 (ti-RRNN).
        #[arg(
            long,
            required_unless_present = "region",
            conflicts_with = "region",
            value_name = "TERRITOIRE"
        )]
        territory: Option<TerritoryId>,
        /// Code INSEE de la région (ex. 84).
        #[arg(long, value_name = "CODE")]
        region: Option<String>,
        /// Fichier PDF produit, dans un dossier existant.
        #[arg(long, value_name = "FICHIER")]
        out: PathBuf,
        /// Fichiers de l'utilisateur à charger d'abord (plan d'actions, projets…).
        #[arg(long = "import", value_name = "FICHIER")]
        imports: Vec<PathBuf>,
        /// Correspondance des colonnes du fichier --import de même rang, quand ses en-têtes ne
        /// sont pas ceux du modèle : « champ=En-tête,champ=En-tête » (les champs de `ti-atlas
        /// import --columns`). La première --import-columns vaut pour le premier --import, la
        /// deuxième pour le deuxième… ; « "" » pour un fichier aux en-têtes du modèle.
        #[arg(long = "import-columns", value_name = "CORRESPONDANCE")]
        import_columns: Vec<String>,
        /// Charge d'abord les fichiers d'un projet ti-atlas (.tiatlas) : son plan d'actions,
        /// ses projets financés… et, s'il en montre une, sa typologie des territoires.
        #[arg(long, value_name = "PROJET")]
        project: Option<PathBuf>,
        /// Écrit dans l'identité de chaque fiche la catégorie du territoire dans cette
        /// typologie des territoires (voir `ti-atlas typologies`), avec sa règle pour une
        /// typologie d'après les classes ; remplace celle du projet.
        #[arg(long, value_name = "TYPOLOGIE")]
        typology: Option<String>,
    },
    /// Le tableau des valeurs (unités, valeur, rang, classe, sources) en CSV pour Excel
    /// (UTF-8 avec BOM, « ; »).
    #[command(mut_arg("indicator", |a| a
        .default_value(DEFAULT_TABLE_INDICATOR)
        .help("Indicateur (voir `ti-atlas indicators`).")))]
    Table {
        /// Fichier CSV produit, dans un dossier existant.
        #[arg(long, value_name = "FICHIER")]
        out: PathBuf,
        #[command(flatten)]
        choice: MapChoice,
        /// Ajoute une colonne : la catégorie de chaque unité dans cette typologie (voir `ti-atlas
        /// typologies`), nommée comme la légende de la carte, « non renseigné » sans catégorie ;
        /// la typologie doit être à la maille de --level.
        #[arg(
            long,
            value_name = "TYPOLOGIE",
            conflicts_with = "typology_from_classes"
        )]
        typology: Option<String>,
        /// La grille des types de --typology-from-classes : deux indicateurs « X,Y » à la
        /// maille de --level, 3 × 3 classes.
        #[command(flatten)]
        bivariate: super::bivariate::BivariateArgs,
        /// Ajoute la colonne des types (et de leur règle dans l'en-tête).
        #[command(flatten)]
        class_types: super::bivariate::ClassTypesArgs,
        /// Fichiers de l'utilisateur à charger d'abord (tableaux de valeurs…).
        #[arg(long = "import", value_name = "FICHIER")]
        imports: Vec<PathBuf>,
        /// Correspondance des colonnes du fichier --import de même rang, quand ses en-têtes ne
        /// sont pas ceux du modèle : « champ=En-tête,champ=En-tête » (les champs de `ti-atlas
        /// import --columns`). La première --import-columns vaut pour le premier --import, la
        /// deuxième pour le deuxième… ; « "" » pour un fichier aux en-têtes du modèle.
        #[arg(long = "import-columns", value_name = "CORRESPONDANCE")]
        import_columns: Vec<String>,
    },
    /// Une couche pour un SIG (QGIS…) : GeoPackage, GeoJSON ou shapefile, en WGS84 ou en
    /// Lambert-93, avec les indicateurs choisis (valeur, statut, classe, couleur, rang), un style
    /// QGIS (.qml) et un SLD.
    Layer(super::export_layer::LayerArgs),
}

/// The choices of `export map` that a project (`--project`) makes: given with it, they would
/// be ignored, so they are refused.
const PROJECT_MAP_CONFLICTS: [&str; 24] = [
    "indicator",
    "level",
    "method",
    "classes",
    "breaks",
    "palette",
    "reverse",
    "basemap",
    "bbox",
    "territory",
    "layers",
    "sans_noms",
    "symbols",
    "symbol_max_radius",
    "symbol_scale",
    "symbol_shape",
    "bivariate",
    "bivariate_x_breaks",
    "bivariate_y_breaks",
    "encarts",
    "typology",
    "typology_palette",
    "typology_from_classes",
    "typology_title",
];

/// What `export table` shows without `--indicator`.
pub const DEFAULT_TABLE_INDICATOR: &str = "population";

/// The typology asked for by `--typology` and `--typology-palette` (exit code 2 for an unknown
/// id or palette; an imported column's id is checked once its file is read).
fn typology_choice(
    id: Option<&str>,
    palette: Option<&str>,
) -> anyhow::Result<Option<crate::model::typology::TypologyChoice>> {
    use crate::model::typology::{TypologyChoice, level_of};
    let Some(id) = id else {
        return Ok(None);
    };
    if level_of(id).is_none() {
        return Err(usage_error(format!(
            "typologie inconnue : « {id} » (ti-atlas typologies les liste)"
        )));
    }
    let mut choice = TypologyChoice::new(id);
    choice.scheme = qualitative_scheme(palette)?;
    Ok(Some(choice))
}

/// The qualitative palette of `--typology-palette` (Set2 without it; exit code 2 for an unknown
/// name).
fn qualitative_scheme(palette: Option<&str>) -> anyhow::Result<crate::palette::QualitativeScheme> {
    use crate::palette::QualitativeScheme;
    let Some(name) = palette else {
        return Ok(QualitativeScheme::default());
    };
    QualitativeScheme::from_name(name).ok_or_else(|| {
        usage_error(format!(
            "palette qualitative inconnue : « {name} » (Set2, Set3, Paired, Dark2, Pastel1, \
             Pastel2 ou Accent)"
        ))
    })
}

/// Smallest emprise side, in degrees (about 100 m).
const MIN_BBOX_DEGREES: f64 = 0.001;

/// Reads `lon_min,lat_min,lon_max,lat_max` in WGS84 degrees; refuses (exit code 2) what would
/// draw an empty or meaningless map: not four numbers, NaN or infinite, beyond ±180° of
/// longitude or ±85° of latitude (the Web Mercator map), inverted or smaller than 0.001°.
fn parse_bbox(text: &str) -> anyhow::Result<[f64; 4]> {
    let shown = super::shorten(text, 80);
    let refuse = |why: String| {
        usage_error(format!(
            "emprise « {shown} » refusée : {why} (attendu : lon_min,lat_min,lon_max,lat_max \
             en degrés WGS84, ex. -5.2,41.3,9.6,51.1)"
        ))
    };
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    if parts.len() != 4 {
        return Err(refuse(format!("{} valeur(s) au lieu de 4", parts.len())));
    }
    let mut v = [0.0; 4];
    for (slot, part) in v.iter_mut().zip(&parts) {
        *slot = part.parse::<f64>().map_err(|_| {
            refuse(format!(
                "« {} » n'est pas un nombre",
                super::shorten(part, 30)
            ))
        })?;
        if !slot.is_finite() {
            return Err(refuse(format!("« {part} » n'est pas un nombre fini")));
        }
    }
    let [lon_min, lat_min, lon_max, lat_max] = v;
    if [lon_min, lon_max]
        .iter()
        .any(|x| !(-180.0..=180.0).contains(x))
    {
        return Err(refuse("longitude hors de -180 à 180".into()));
    }
    if [lat_min, lat_max]
        .iter()
        .any(|y| !(-85.0..=85.0).contains(y))
    {
        return Err(refuse("latitude hors de -85 à 85".into()));
    }
    if lon_min >= lon_max || lat_min >= lat_max {
        return Err(refuse(
            "minimum supérieur ou égal au maximum (emprise inversée ?)".into(),
        ));
    }
    if lon_max - lon_min < MIN_BBOX_DEGREES || lat_max - lat_min < MIN_BBOX_DEGREES {
        return Err(refuse(format!(
            "moins de {MIN_BBOX_DEGREES}° de côté (environ 100 m)"
        )));
    }
    Ok(v)
}

/// Whether an emprise touches France (a région's bounding box): outside, the map would be empty.
fn bbox_touches_france(dataset: &Dataset, [x0, y0, x1, y1]: [f64; 4]) -> bool {
    use geo::BoundingRect as _;
    let lod = dataset.topology.lod_count().saturating_sub(1);
    let lod = u8::try_from(lod).unwrap_or(u8::MAX);
    dataset.features(LayerKind::Regions).iter().any(|f| {
        dataset
            .topology
            .multipolygon(f, lod)
            .bounding_rect()
            .is_some_and(|r| {
                r.min().x <= x1 && r.max().x >= x0 && r.min().y <= y1 && r.max().y >= y0
            })
    })
}

fn parse_layers(text: &str) -> anyhow::Result<Vec<LayerKind>> {
    text.split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            LayerKind::from_id(s.trim()).ok_or_else(|| {
                usage_error(format!("couche inconnue : « {s} » (ti-2023-2027, ti-2018-2022, epci, departements, regions)"))
            })
        })
        .collect()
}

pub fn run(command: ExportCommand) -> anyhow::Result<()> {
    match command {
        ExportCommand::Map {
            out,
            choice,
            title,
            width,
            height,
            dpi,
            basemap,
            bbox,
            territory,
            layers,
            sans_noms,
            symbols,
            symbol_args,
            bivariate,
            typology,
            typology_palette,
            class_types,
            panels,
            encarts,
            imports,
            import_columns,
            save_project,
            project,
            page_file,
            annotations_file,
            logo,
        } => {
            let panels = panels.as_deref().map(panel_ids).transpose()?;
            // Every argument is checked before the data is loaded or anything drawn.
            super::protect_inputs(
                imports
                    .iter()
                    .chain(&project)
                    .chain(&page_file)
                    .chain(&annotations_file)
                    .chain(&logo)
                    .map(PathBuf::as_path),
            );
            let user_page = page_file
                .as_deref()
                .map(super::page_files::read_page)
                .transpose()
                .map_err(usage_error)?;
            let user_annotations = annotations_file
                .as_deref()
                .map(super::page_files::read_annotations)
                .transpose()
                .map_err(usage_error)?;
            if let Some(p) = &save_project {
                check_output(p, OutputKind::Project)?;
            }
            let opened = project.as_deref().map(super::project::open).transpose()?;
            let page = match &opened {
                Some(o) => o.page.clone(),
                None => MapPage {
                    titre: title.clone(),
                    largeur: width,
                    hauteur: height,
                    ppp: dpi,
                    fond: Some(basemap.clone()),
                    emprise: bbox.clone(),
                    territoire: territory.clone(),
                },
            };
            let given_title = title.clone().filter(|t| !t.trim().is_empty());
            let title = title.or_else(|| page.titre.clone());
            let (width, height) = (width.or(page.largeur), height.or(page.hauteur));
            let dpi = dpi.or(page.ppp).unwrap_or(150.0);
            let basemap = page.fond.clone().unwrap_or(basemap);
            let (bbox, territory) = (page.emprise.clone(), page.territoire.clone());
            let format = Format::from_path(&out, dpi).ok_or_else(|| {
                usage_error(format!(
                    "{} : extension inconnue (.svg, .png ou .pdf)",
                    out.display()
                ))
            })?;
            check_output(&out, crate::export::output_kind(format))?;
            // The page's format (--page, or a project's page laid out) when no size is given,
            // else the defaults.
            let chosen_format = user_page.as_ref().map(|p| p.format).or_else(|| {
                opened
                    .as_ref()
                    .filter(|o| !o.settings.page.is_automatic())
                    .map(|o| o.settings.page.format)
            });
            let (dw, dh) = match (chosen_format, format) {
                (Some(f), Format::Pdf) => f.drawing_size(None),
                (Some(f), _) => f.drawing_size(Some(f64::from(dpi))),
                (None, Format::Pdf) => crate::export::A4_LANDSCAPE,
                (None, _) => (1600.0, 1200.0),
            };
            let (width, height) = (width.unwrap_or(dw), height.unwrap_or(dh));
            check_size(width, height, format).map_err(usage_error)?;
            // The flags set the same settings as the Couches window (or the project's).
            let mut settings = MapSettings::default();
            // Types named from the classes of --indicator: made once its classes are computed.
            let mut one_indicator_types = None;
            if let Some(o) = &opened {
                settings = o.settings.clone();
            } else {
                choice.apply_to(&mut settings)?;
                settings.set_visible_layers(&parse_layers(&layers)?);
                settings.show_labels = !sans_noms;
                settings.symbols = symbol_args.settings()?;
                settings.symbols.indicator = symbols;
                settings.bivariate = bivariate
                    .settings()
                    .map_err(|e| usage_error(e.to_string()))?;
                settings.typology =
                    typology_choice(typology.as_deref(), typology_palette.as_deref())?;
                one_indicator_types = class_types.one_indicator(&settings.bivariate)?;
                if let Some(mut from_classes) =
                    class_types.choice(&settings.bivariate, settings.maille)?
                {
                    // The grid's cells named as types: a typology, not the bivariate colours.
                    from_classes.scheme = qualitative_scheme(typology_palette.as_deref())?;
                    settings.typology = Some(from_classes);
                    settings.bivariate.on = false;
                } else if typology.is_none()
                    && typology_palette.is_some()
                    && class_types.typology_from_classes.is_none()
                {
                    return Err(usage_error(
                        "--typology-palette demande --typology ou --typology-from-classes",
                    ));
                }
                if let Some(level) = settings
                    .typology
                    .as_ref()
                    .and_then(crate::model::typology::TypologyChoice::level)
                {
                    // Symbols go at the typology's maille, over its categories.
                    settings.maille = level;
                }
                settings.insets = match encarts.as_str() {
                    "outre-mer" => crate::carto::InsetChoice::Drom,
                    "outre-mer-idf" => crate::carto::InsetChoice::DromAndIdf,
                    "aucun" => crate::carto::InsetChoice::Off,
                    other => {
                        bail!("--encarts : outre-mer, outre-mer-idf ou aucun, pas « {other} »")
                    }
                };
            }
            if let Some(p) = user_page {
                settings.page = p;
            }
            if let Some(a) = user_annotations {
                settings.annotations = a;
            }
            if let Some(l) = &logo {
                super::page_files::add_logo(&mut settings, l).map_err(usage_error)?;
            }
            let bbox = bbox.as_deref().map(parse_bbox).transpose()?;
            let sources = super::project::sources(opened.as_ref(), &imports, &import_columns)?;
            let loaded = load_sources(&sources)?;
            if opened.is_none() {
                choice.apply_indicator_defaults(&mut settings, &loaded.dataset);
            }
            // The app's one map builder, over the maille's table with the user's files.
            let table =
                IndicatorTable::for_level_with(&loaded.dataset, settings.maille, &loaded.imports);
            let mut built =
                MapThematics::build_with(&settings, &loaded.dataset, &table, &loaded.imports);
            if let Some(types) = one_indicator_types {
                // The classes the map of --indicator shows, named as types: a typology.
                let (Some(indicator), Ok(Some(c))) = (&settings.indicator, &built.choropleth)
                else {
                    return Err(usage_error(
                        "--typology-from-classes demande --indicator (les classes d'un \
                         indicateur) ou --bivariate X,Y (les cellules d'une grille)",
                    ));
                };
                let mut from_classes = class_types.on_legend(indicator, &c.legend, types)?;
                from_classes.scheme = qualitative_scheme(typology_palette.as_deref())?;
                settings.typology = Some(from_classes);
                built =
                    MapThematics::build_with(&settings, &loaded.dataset, &table, &loaded.imports);
            }
            let choropleth = built.choropleth.clone().map_err(|e| anyhow::anyhow!(e))?;
            if let Some(c) = &choropleth {
                print_notes(&c.legend);
            }
            built.symbols.clone().map_err(|e| anyhow::anyhow!(e))?;
            built.bivariate.clone().map_err(|e| anyhow::anyhow!(e))?;
            let mut map = built.spec(&settings, &project_points(&loaded.imports));
            map.basemap = match basemap.as_str() {
                "vecteur" | "vector" => Basemap::Offline,
                "aucun" | "none" => Basemap::None,
                other => {
                    return Err(usage_error(format!(
                        "fond inconnu : « {other} » (vecteur ou aucun)"
                    )));
                }
            };
            map.user_layers = loaded.layers.clone();
            let mut view = View::France;
            if let Some(b) = bbox {
                if !bbox_touches_france(&loaded.dataset, b) {
                    return Err(usage_error(format!(
                        "l'emprise {},{},{},{} ne touche aucune région française : la carte \
                         serait vide, rien n'a été écrit",
                        b[0], b[1], b[2], b[3]
                    )));
                }
                view = View::Fit(b);
            }
            if let Some(id) = territory {
                view = View::Fit(territory_bbox(&loaded.dataset, &id)?);
            }
            if let Some(ids) = panels {
                let page = PanelsPage {
                    width,
                    height,
                    view,
                    title: title.as_deref(),
                    format,
                };
                return export_panels(&loaded, &settings, &choice, &map, &ids, page, &out);
            }
            let mut spec =
                MapExport::of_map(width, height, view, map, title.as_deref(), &today_fr())
                    .with_page(&settings.page);
            if let Some(t) = given_title {
                // The command line's --title wins over the page's.
                spec.title = t;
            }
            // The layers drawn, and the régions (the land of the insets).
            let mut kinds = spec.spec.layers.clone();
            kinds.push(LayerKind::Regions);
            kinds.push(settings.maille.layer());
            // A map drawn through the territories' members colours the EPCI layer too.
            kinds.extend(spec.spec.choropleth.as_ref().map(|c| c.layer()));
            kinds.sort();
            kinds.dedup();
            let scene = MapScene::with_layers(&loaded.dataset, &kinds);
            let bytes = map_bytes(&loaded.dataset, &scene, &spec, format)?;
            write_file(&out, &bytes)?;
            println!("{} écrit ({} octets)", out.display(), bytes.len());
            if let Some(p) = &save_project {
                super::project::save(p, &settings, &page, &sources)?;
            }
            Ok(())
        }
        ExportCommand::Sheet {
            territory,
            region,
            out,
            imports,
            import_columns,
            project,
            typology,
        } => {
            super::protect_inputs(imports.iter().chain(&project).map(PathBuf::as_path));
            check_output(&out, OutputKind::Pdf)?;
            let asked = typology_choice(typology.as_deref(), None)?;
            let opened = project.as_deref().map(super::project::open).transpose()?;
            let sources = super::project::sources(opened.as_ref(), &imports, &import_columns)?;
            let loaded = load_sources(&sources)?;
            let table = IndicatorTable::territories_with(
                &loaded.dataset,
                Generation::Temps2,
                &loaded.imports,
            );
            let references = ReferenceTable::build(&loaded.dataset);
            let date = today_fr();
            let epci = IndicatorTable::for_level(&loaded.dataset, Level::Epci);
            let grid = crate::carto::bivariate::default_grid(&loaded.dataset, &epci).ok();
            // The typology asked, else the project's map's when it is one of the territories
            // (a bivariate map replaces it).
            let choice = asked.or_else(|| {
                opened
                    .as_ref()
                    .filter(|o| !o.settings.bivariate.on)
                    .and_then(|o| o.settings.typology.clone())
                    .filter(|t| t.level() == Some(Level::Territoire))
            });
            let sheet_typology = match &choice {
                Some(c) if c.level() != Some(Level::Territoire) => {
                    return Err(usage_error(format!(
                        "--typology « {} » : la fiche est celle d'un territoire, la typologie \
                         est à la maille {} (choisir une typologie des territoires)",
                        c.id,
                        c.level().map_or("inconnue", Level::id)
                    )));
                }
                Some(c) => Some(crate::sheet::SheetTypology::new(
                    crate::carto::typology::typology_of(
                        &loaded.dataset,
                        &loaded.imports,
                        Some(&table),
                        c,
                    )
                    .map_err(usage_error)?,
                    c,
                )),
                None => None,
            };
            let input = SheetInputs {
                dataset: &loaded.dataset,
                table: Some(&table),
                references: Some(&references),
                imports: &loaded.imports,
                bivariate: grid.as_ref(),
                date: &date,
                typology: sheet_typology.as_ref(),
            };
            let bytes = match (&territory, &region) {
                (Some(id), _) => territory_pdf(&input, id)?,
                (None, Some(code)) => region_pdf(&input, code)?,
                (None, None) => bail!("--territory ti-RRNN ou --region CODE"),
            };
            write_file(&out, &bytes)?;
            println!("{} écrit ({} octets)", out.display(), bytes.len());
            Ok(())
        }
        ExportCommand::Layer(args) => super::export_layer::run(args),
        ExportCommand::Table {
            out,
            choice,
            typology,
            bivariate,
            class_types,
            imports,
            import_columns,
        } => {
            super::protect_inputs(imports.iter().map(PathBuf::as_path));
            check_output(&out, OutputKind::Csv)?;
            let grid = bivariate
                .settings()
                .map_err(|e| usage_error(e.to_string()))?;
            let level = Level::from_id(&choice.level).unwrap_or(Level::Territoire);
            let from_classes = class_types.choice(&grid, level)?;
            let one_indicator_types = class_types.one_indicator(&grid)?;
            let typology = match from_classes {
                Some(t) => Some(t),
                None => typology_choice(typology.as_deref(), None)?,
            };
            let mut choice = choice;
            let indicator = choice
                .indicator
                .get_or_insert_with(|| IndicatorId::new(DEFAULT_TABLE_INDICATOR))
                .clone();
            if choice.spec(None)?.is_none() {
                bail!("indicateur manquant : {indicator}");
            }
            let loaded = load(&imports, &import_columns)?;
            let Some(s) = choice.spec(Some(&loaded.dataset))? else {
                bail!("indicateur manquant : {indicator}");
            };
            let table = IndicatorTable::for_level_with(&loaded.dataset, s.level, &loaded.imports);
            let choropleth =
                Choropleth::compute(&loaded.dataset, &table, &s).map_err(|e| anyhow::anyhow!(e))?;
            print_notes(&choropleth.legend);
            let typology = match one_indicator_types {
                // The types named from the classes of the table's indicator.
                Some(types) => {
                    Some(class_types.on_legend(&s.indicator, &choropleth.legend, types)?)
                }
                None => typology,
            };
            let categories = typology
                .map(|t| table_categories(&loaded, &t, s.level))
                .transpose()?;
            let csv = table_csv(
                &loaded.dataset,
                &table,
                &s,
                &choropleth.legend,
                categories.as_ref(),
            )?;
            write_file(&out, csv.as_bytes())?;
            println!("{} écrit", out.display());
            Ok(())
        }
    }
}

/// The indicators of `--panels` (exit code 2: fewer than 2 or more than 6, one twice).
fn panel_ids(text: &str) -> anyhow::Result<Vec<IndicatorId>> {
    let ids: Vec<IndicatorId> = text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(IndicatorId::new)
        .collect();
    crate::carto::panels::check_panel_ids(&ids)
        .map_err(|e| usage_error(format!("--panels : {e}")))?;
    Ok(ids)
}

/// The page of `export map --panels`.
struct PanelsPage<'a> {
    width: f64,
    height: f64,
    view: View,
    title: Option<&'a str>,
    format: Format,
}

/// `export map --panels`: one map per indicator, each with the settings a single map of it
/// would have (the indicator's default method and palette unless given), on one page.
fn export_panels(
    loaded: &Loaded,
    settings: &MapSettings,
    choice: &MapChoice,
    map: &crate::carto::MapSpec,
    ids: &[IndicatorId],
    page: PanelsPage,
    out: &std::path::Path,
) -> anyhow::Result<()> {
    use crate::carto::panels::PanelsMap;
    use crate::export::panels_export::{PanelsExport, panels_bytes};
    let table = IndicatorTable::for_level_with(&loaded.dataset, settings.maille, &loaded.imports);
    let mut panel_settings = Vec::new();
    for id in ids {
        table
            .usable(id)
            .map_err(|e| usage_error(format!("--panels : {e}")))?;
        let mut s = settings.clone();
        s.indicator = Some(id.clone());
        let panel_choice = MapChoice {
            indicator: Some(id.clone()),
            ..choice.clone()
        };
        panel_choice.apply_indicator_defaults(&mut s, &loaded.dataset);
        panel_settings.push(s);
    }
    let mut panels = PanelsMap::build(
        &panel_settings,
        &loaded.dataset,
        &table,
        &loaded.imports,
        &project_points(&loaded.imports),
    )
    .map_err(|e| anyhow::anyhow!(e))?;
    for p in &mut panels.panels {
        p.spec.basemap = map.basemap;
        p.spec.user_layers = map.user_layers.clone();
        if let Some(c) = &p.spec.choropleth {
            print_notes(&c.legend);
        }
    }
    let export = PanelsExport::of_map(
        page.width,
        page.height,
        page.view,
        panels,
        page.title,
        &today_fr(),
    );
    let mut kinds = vec![LayerKind::Regions, settings.maille.layer()];
    for p in &export.map.panels {
        kinds.extend(p.spec.layers.iter().copied());
        kinds.extend(p.spec.choropleth.as_ref().map(|c| c.layer()));
    }
    kinds.sort();
    kinds.dedup();
    let scene = MapScene::with_layers(&loaded.dataset, &kinds);
    let bytes = panels_bytes(&loaded.dataset, &scene, &export, page.format)?;
    write_file(out, &bytes)?;
    println!("{} écrit ({} octets)", out.display(), bytes.len());
    Ok(())
}

/// The legend's notes (fewer classes than asked…) on standard error: the file is still written.
fn print_notes(legend: &crate::model::indicators::choropleth::Legend) {
    for note in &legend.notes {
        eprintln!("note : {note}");
    }
}

/// The CSV of the table view for a choropleth.
/// The `--typology` column of `export table`: its header (the legend's title) and each unit's
/// category as the map's legend names it. The typology must be at the table's maille.
fn table_categories(
    loaded: &Loaded,
    choice: &crate::model::typology::TypologyChoice,
    level: Level,
) -> anyhow::Result<(String, Vec<Option<String>>)> {
    let fills = crate::carto::typology::compute(&loaded.dataset, &loaded.imports, None, choice)
        .map_err(usage_error)?;
    if fills.level != level {
        return Err(usage_error(format!(
            "la typologie « {} » est à la maille {}, le tableau à la maille {} : \
             --level {}",
            choice.id,
            fills.level.id(),
            level.id(),
            fills.level.id()
        )));
    }
    if choice.made_from_classes() {
        // The types' rules, as the map's legend states them.
        print_notes(&fills.legend);
    }
    Ok((fills.legend.title.clone(), fills.unit_categories))
}

pub fn table_csv(
    dataset: &Dataset,
    table: &IndicatorTable,
    spec: &Spec,
    legend: &crate::model::indicators::choropleth::Legend,
    categories: Option<&(String, Vec<Option<String>>)>,
) -> anyhow::Result<String> {
    let i = table
        .position(&spec.indicator)
        .with_context(|| format!("indicateur absent à cette maille : {}", spec.indicator))?;
    let rows = value_rows(dataset, table, i, Some(&legend.classification));
    // By rank, units without a value last (in map order).
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&r| rows[r].rank.unwrap_or(usize::MAX));
    let extra = categories.map(|(header, by_unit)| ExtraColumn {
        header,
        by_unit,
        missing: crate::model::typology::NOT_GIVEN,
    });
    Ok(to_csv_with(
        &rows,
        &order,
        &legend.unit,
        &legend.sources_text(),
        extra.as_ref(),
    ))
}

fn territory_bbox(dataset: &Dataset, id: &TerritoryId) -> anyhow::Result<[f64; 4]> {
    use geo::BoundingRect as _;
    let index = dataset
        .territory_feature_index(Generation::Temps2, id)
        .with_context(|| format!("territoire inconnu : {id}"))?;
    let feature = dataset
        .features(LayerKind::Ti2023)
        .get(index)
        .with_context(|| format!("territoire sans contour : {id}"))?;
    let r = dataset
        .topology
        .multipolygon(feature, dataset.topology.finest_lod())
        .bounding_rect()
        .with_context(|| format!("territoire sans contour : {id}"))?;
    Ok([r.min().x, r.min().y, r.max().x, r.max().y])
}
