//! `ti-atlas export …`: the map (SVG, PNG, PDF), territory sheets and région batches (PDF), the
//! table of values (CSV), through the same code as the app's exports.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::Subcommand;

use crate::carto::{
    Basemap, BivariateMap, Choropleth, MapScene, MapSettings, MapSpec, Symbols, UserLayer,
};
use crate::export::sheet::{SheetInput, region_pdf, territory_pdf};
use crate::export::{Format, MapExport, View, map_bytes, write_file};
use crate::format::{parse_breaks_fr, today_fr};
use crate::io::bundle;
use crate::io::import::{ImportKind, Imported, absorb, import_file};
use crate::model::imports::Imports;
use crate::model::imports::projects::TerritoryLocator;
use crate::model::indicators::choropleth::{Spec, default_method};
use crate::model::indicators::classify::MethodChoice;
use crate::model::indicators::reference::ReferenceTable;
use crate::model::indicators::value_table::{to_csv, value_rows};
use crate::model::indicators::{IndicatorTable, catalogue};
use crate::model::{Dataset, Generation, LayerKind, Level};
use crate::palette::{Palette, Scheme};

/// What to export. (Parsed once per run: the size of the map's variant does not matter.)
#[derive(Subcommand, Debug)]
#[allow(clippy::large_enum_variant)]
pub enum ExportCommand {
    /// La carte : SVG, PNG ou PDF selon l'extension de --out, avec titre, légende, échelle,
    /// flèche du nord, sources et date.
    Map {
        /// Fichier produit (.svg, .png ou .pdf).
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        choice: MapChoice,
        /// Titre (par défaut : l'indicateur, ou « Territoires d'industrie 2023-2027 »).
        #[arg(long)]
        title: Option<String>,
        /// Largeur : pixels (PNG, SVG) ou points (PDF ; par défaut A4 paysage).
        #[arg(long)]
        width: Option<f64>,
        /// Hauteur : pixels (PNG, SVG) ou points (PDF).
        #[arg(long)]
        height: Option<f64>,
        /// Résolution du PNG (points par pouce).
        #[arg(long, default_value_t = 150.0)]
        dpi: f32,
        /// Fond : vecteur (mer, terres, limites) ou aucun.
        #[arg(long, default_value = "vecteur")]
        basemap: String,
        /// Emprise « lon_min,lat_min,lon_max,lat_max » (par défaut : la France métropolitaine).
        #[arg(long, conflicts_with = "territory", allow_hyphen_values = true)]
        bbox: Option<String>,
        /// Cadre la carte sur un territoire 2023-2027 (ti-RRNN).
        #[arg(long)]
        territory: Option<String>,
        /// Couches visibles, séparées par des virgules : ti-2023-2027, ti-2018-2022, epci,
        /// departements, regions.
        #[arg(long, default_value = "ti-2023-2027")]
        layers: String,
        /// Sans les noms des territoires (écrits par défaut là où ils tiennent).
        #[arg(long)]
        sans_noms: bool,
        /// Effectif représenté en symboles proportionnels (population, nombre_communes…), à la
        /// maille de --level, seul ou sur les aplats de --indicator.
        #[arg(long)]
        symbols: Option<String>,
        #[command(flatten)]
        symbol_args: super::SymbolArgs,
        #[command(flatten)]
        bivariate: super::bivariate::BivariateArgs,
        /// Encarts : outre-mer (par défaut), outre-mer-idf (avec Paris et la petite couronne) ou
        /// aucun. Sans effet sur une emprise choisie (--bbox, --territory).
        #[arg(long, default_value = "outre-mer")]
        encarts: String,
        /// Fichiers de l'utilisateur à charger d'abord (plan d'actions, projets, tableaux,
        /// couches), comme dans l'application.
        #[arg(long = "import")]
        imports: Vec<PathBuf>,
    },
    /// La fiche A4 d'un territoire, ou le recueil d'une région (page de garde + une fiche par
    /// territoire), en PDF.
    Sheet {
        /// Territoire 2023-2027 (ti-RRNN).
        #[arg(long, required_unless_present = "region", conflicts_with = "region")]
        territory: Option<String>,
        /// Code INSEE de la région (ex. 84).
        #[arg(long)]
        region: Option<String>,
        /// Fichier PDF produit.
        #[arg(long)]
        out: PathBuf,
        /// Fichiers de l'utilisateur à charger d'abord (plan d'actions, projets…).
        #[arg(long = "import")]
        imports: Vec<PathBuf>,
    },
    /// Le tableau des valeurs (unités, valeur, rang, classe, sources) en CSV pour Excel
    /// (UTF-8 avec BOM, « ; »).
    Table {
        /// Fichier CSV produit.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        choice: MapChoice,
        #[arg(long = "import")]
        imports: Vec<PathBuf>,
    },
}

/// The choropleth asked for (the same choices as the Couches window).
#[derive(clap::Args, Debug, Clone)]
pub struct MapChoice {
    /// Indicateur (voir `ti-atlas indicators`) ; sans lui, pas d'aplat.
    #[arg(long)]
    pub indicator: Option<String>,
    /// Maille : territoires, epci ou departements.
    #[arg(long, default_value = "territoires")]
    pub level: String,
    /// Méthode : quantiles, equal, jenks, stddev, q6, symmetric, symmetric-quantiles, manual
    /// (par défaut : jenks ; symmetric-quantiles pour une évolution).
    #[arg(long)]
    pub method: Option<String>,
    /// Nombre de classes (2 à 9).
    #[arg(long, default_value_t = 5)]
    pub classes: usize,
    /// Seuils pour --method manual, séparés par « ; ».
    #[arg(long)]
    pub breaks: Option<String>,
    /// Palette ColorBrewer (YlOrRd, Blues, RdBu…) ; par défaut YlOrRd, RdBu pour une évolution.
    #[arg(long)]
    pub palette: Option<String>,
    /// Inverse la palette.
    #[arg(long)]
    pub reverse: bool,
}

impl MapChoice {
    /// The choices written into the map's settings, as the Couches window would: a growth rate
    /// starts with classes symmetric around 0 in RdBu unless --method or --palette say otherwise.
    pub fn apply_to(&self, settings: &mut MapSettings, dataset: &Dataset) -> anyhow::Result<()> {
        settings.maille = Level::from_id(&self.level).with_context(|| {
            format!(
                "maille inconnue : « {} » (territoires, epci ou departements)",
                self.level
            )
        })?;
        settings.indicator = self.indicator.clone();
        let indicator = self
            .indicator
            .as_ref()
            .and_then(|id| catalogue(dataset).into_iter().find(|i| &i.id == id));
        settings.method = match &self.method {
            Some(m) => MethodChoice::from_id(m).with_context(|| {
                format!(
                    "méthode inconnue : « {m} » (quantiles, equal, jenks, stddev, q6, symmetric, \
                     symmetric-quantiles, manual)"
                )
            })?,
            None => indicator
                .as_ref()
                .map_or(MethodChoice::Jenks, default_method),
        };
        if settings.method == MethodChoice::Manual {
            let text = self.breaks.as_deref().unwrap_or("");
            parse_breaks_fr(text).map_err(|e| anyhow::anyhow!("seuils : {e}"))?;
            if text.trim().is_empty() {
                bail!("--method manual demande --breaks \"a;b\"");
            }
            settings.manual_breaks = text.to_owned();
        }
        settings.classes = self.classes;
        let palette = match &self.palette {
            Some(name) => Palette::new(
                Scheme::from_name(name)
                    .with_context(|| format!("palette inconnue : « {name} »"))?,
            ),
            None => Palette::default_for(indicator.is_some_and(|i| i.diverging_around_zero)),
        };
        settings.palette = palette.with_reversed(self.reverse);
        Ok(())
    }

    fn spec(&self, dataset: &Dataset) -> anyhow::Result<Option<Spec>> {
        let mut settings = MapSettings::default();
        self.apply_to(&mut settings, dataset)?;
        settings
            .choropleth_spec(None)
            .map_err(|e| anyhow::anyhow!(e))
    }
}

/// The bundle with the user's files absorbed, as the app would have them.
struct Loaded {
    dataset: Dataset,
    imports: Imports,
    layers: Vec<UserLayer>,
}

fn load(files: &[PathBuf]) -> anyhow::Result<Loaded> {
    let (mut dataset, _) = bundle::load_embedded()?;
    let mut imports = Imports::default();
    let mut layers = Vec::new();
    if !files.is_empty() {
        let locator = TerritoryLocator::build(&dataset);
        let today = today_fr();
        for file in files {
            let (imported, report) = import_file(file, None, ImportKind::Auto, &dataset, &locator)
                .with_context(|| format!("import de {}", file.display()))?;
            eprintln!(
                "{} : {} — {} ligne(s) reprise(s), {} rejetée(s)",
                report.file,
                report.kind,
                report.imported,
                report.rejected.len()
            );
            if let Imported::Layer(layer, _) = &imported {
                layers.push(UserLayer::new(
                    &layer.name,
                    layer.polygons(),
                    layer.labels(),
                ));
            }
            absorb(&mut imports, &mut dataset.tables.sources, imported, &today);
        }
    }
    Ok(Loaded {
        dataset,
        imports,
        layers,
    })
}

fn parse_bbox(text: &str) -> anyhow::Result<[f64; 4]> {
    let v: Vec<f64> = text
        .split(',')
        .map(|s| s.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .with_context(|| {
            format!("emprise illisible : « {text} » (lon_min,lat_min,lon_max,lat_max)")
        })?;
    match v.as_slice() {
        &[a, b, c, d] if a < c && b < d => Ok([a, b, c, d]),
        _ => bail!("emprise illisible : « {text} » (lon_min,lat_min,lon_max,lat_max, min < max)"),
    }
}

fn parse_layers(text: &str) -> anyhow::Result<Vec<LayerKind>> {
    text.split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            LayerKind::from_id(s.trim()).with_context(|| {
                format!("couche inconnue : « {s} » (ti-2023-2027, ti-2018-2022, epci, departements, regions)")
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
            encarts,
            imports,
        } => {
            let loaded = load(&imports)?;
            let format = Format::from_path(&out, dpi).with_context(|| {
                format!(
                    "{} : extension inconnue (.svg, .png ou .pdf)",
                    out.display()
                )
            })?;
            let (dw, dh) = match format {
                Format::Pdf => crate::export::A4_LANDSCAPE,
                _ => (1600.0, 1200.0),
            };
            // The flags set the same settings as the Couches window.
            let mut settings = MapSettings::default();
            choice.apply_to(&mut settings, &loaded.dataset)?;
            settings.bivariate = bivariate.settings()?;
            settings.set_visible_layers(&parse_layers(&layers)?);
            settings.show_labels = !sans_noms;
            settings.symbols = symbol_args.settings()?;
            settings.symbols.indicator = symbols;
            settings.insets = match encarts.as_str() {
                "outre-mer" => crate::carto::InsetChoice::Drom,
                "outre-mer-idf" => crate::carto::InsetChoice::DromAndIdf,
                "aucun" => crate::carto::InsetChoice::Off,
                other => bail!("--encarts : outre-mer, outre-mer-idf ou aucun, pas « {other} »"),
            };
            let choropleth = match settings
                .choropleth_spec(None)
                .map_err(|e| anyhow::anyhow!(e))?
            {
                Some(s) => {
                    let table =
                        IndicatorTable::for_level_with(&loaded.dataset, s.level, &loaded.imports);
                    Some(
                        Choropleth::compute(&loaded.dataset, &table, &s)
                            .map_err(|e| anyhow::anyhow!(e))?,
                    )
                }
                None => None,
            };
            let symbols = if settings.symbols.indicator.is_some() {
                let table = IndicatorTable::for_level_with(
                    &loaded.dataset,
                    settings.maille,
                    &loaded.imports,
                );
                Symbols::compute(
                    &loaded.dataset,
                    &table,
                    &settings.symbols,
                    &settings.natures,
                )
                .map_err(|e| anyhow::anyhow!(e))?
            } else {
                None
            };
            let bivariate = match settings
                .bivariate
                .spec(settings.maille)
                .map_err(|e| anyhow::anyhow!(e))?
            {
                Some(s) => {
                    let table =
                        IndicatorTable::for_level_with(&loaded.dataset, s.level, &loaded.imports);
                    Some(
                        BivariateMap::compute(&loaded.dataset, &table, &s)
                            .map_err(|e| anyhow::anyhow!(e))?,
                    )
                }
                None => None,
            };
            let mut map = MapSpec::from_settings(&settings, choropleth)
                .with_symbols(symbols)
                .with_bivariate(bivariate);
            map.basemap = match basemap.as_str() {
                "vecteur" | "vector" => Basemap::Offline,
                "aucun" | "none" => Basemap::None,
                other => bail!("fond inconnu : « {other} » (vecteur ou aucun)"),
            };
            map.user_layers = loaded.layers.clone();
            map.points = std::sync::Arc::new(
                loaded
                    .imports
                    .projects
                    .as_ref()
                    .map(|l| l.projects.iter().filter_map(|p| p.lon_lat).collect())
                    .unwrap_or_default(),
            );
            let mut view = View::France;
            if let Some(b) = bbox {
                view = View::Fit(parse_bbox(&b)?);
            }
            if let Some(id) = territory {
                view = View::Fit(territory_bbox(&loaded.dataset, &id)?);
            }
            let spec = MapExport::of_map(
                width.unwrap_or(dw),
                height.unwrap_or(dh),
                view,
                map,
                title.as_deref(),
                &today_fr(),
            );
            // The layers drawn, and the régions (the land of the insets).
            let mut kinds = spec.spec.layers.clone();
            kinds.push(LayerKind::Regions);
            kinds.push(settings.maille.layer());
            kinds.sort();
            kinds.dedup();
            let scene = MapScene::with_layers(&loaded.dataset, &kinds);
            let bytes = map_bytes(&loaded.dataset, &scene, &spec, format)?;
            write_file(&out, &bytes)?;
            println!("{} écrit ({} octets)", out.display(), bytes.len());
            Ok(())
        }
        ExportCommand::Sheet {
            territory,
            region,
            out,
            imports,
        } => {
            let loaded = load(&imports)?;
            let table = IndicatorTable::territories_with(
                &loaded.dataset,
                Generation::Temps2,
                &loaded.imports,
            );
            let references = ReferenceTable::build(&loaded.dataset);
            let date = today_fr();
            let epci = IndicatorTable::for_level(&loaded.dataset, Level::Epci);
            let grid = crate::carto::bivariate::default_grid(&loaded.dataset, &epci).ok();
            let input = SheetInput {
                dataset: &loaded.dataset,
                table: &table,
                references: &references,
                imports: &loaded.imports,
                date: &date,
                bivariate: grid.as_ref(),
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
        ExportCommand::Table {
            out,
            choice,
            imports,
        } => {
            let loaded = load(&imports)?;
            let Some(s) = choice.spec(&loaded.dataset)? else {
                bail!("--indicator est demandé (voir `ti-atlas indicators`)");
            };
            let table = IndicatorTable::for_level_with(&loaded.dataset, s.level, &loaded.imports);
            let choropleth =
                Choropleth::compute(&loaded.dataset, &table, &s).map_err(|e| anyhow::anyhow!(e))?;
            let csv = table_csv(&loaded.dataset, &table, &s, &choropleth.legend)?;
            write_file(&out, csv.as_bytes())?;
            println!("{} écrit", out.display());
            Ok(())
        }
    }
}

/// The CSV of the table view for a choropleth.
pub fn table_csv(
    dataset: &Dataset,
    table: &IndicatorTable,
    spec: &Spec,
    legend: &crate::model::indicators::choropleth::Legend,
) -> anyhow::Result<String> {
    let i = table
        .position(&spec.indicator)
        .with_context(|| format!("indicateur absent à cette maille : {}", spec.indicator))?;
    let rows = value_rows(dataset, table, i, Some(&legend.classification));
    // By rank, units without a value last (in map order).
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&r| rows[r].rank.unwrap_or(usize::MAX));
    Ok(to_csv(&rows, &order, &legend.unit, &legend.sources_text()))
}

fn territory_bbox(dataset: &Dataset, id: &str) -> anyhow::Result<[f64; 4]> {
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
