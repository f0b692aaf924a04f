//! `ti-atlas export layer`: a layer of the atlas (territories, EPCI, départements, régions) for a
//! GIS, as GeoPackage, GeoJSON or shapefile in WGS84 or Lambert-93, with each chosen indicator's
//! value, status, class, colour and rank — classified as `export map` classifies (the same
//! [`MapChoice`] flags, the indicator's defaults) — and a QGIS style and an SLD beside it.

use std::path::PathBuf;

use super::map_choice::MapChoice;
use super::{check_output, usage_error};
use crate::carto::{Choropleth, MapSettings};
use crate::export::layer::{
    IndicatorColumn, LayerFormat, OutputCrs, TypologyColumn, features_of_territory, layer_files,
    layer_table_with,
};
use crate::model::imports::Imports;
use crate::model::indicators::IndicatorTable;
use crate::model::{Generation, IndicatorId, LayerKind, Level, TerritoryId};

/// The layer and its attributes.
#[derive(clap::Args, Debug, Clone)]
pub struct LayerArgs {
    /// Couche : ti-2023-2027 (les 183 territoires), ti-2018-2022 (les 149 territoires), epci,
    /// departements, regions ou communes (les 34 935 communes du COG 2024, contours complets,
    /// avec leur EPCI et leurs territoires ; sans indicateur).
    #[arg(long, value_name = "COUCHE")]
    pub layer: String,
    /// Garde seulement ce territoire 2023-2027 (ti-RRNN), ses EPCI, ses départements ou sa
    /// région selon la couche.
    #[arg(long, value_name = "TERRITOIRE")]
    pub territory: Option<TerritoryId>,
    /// Indicateur(s) à joindre (voir `ti-atlas indicators`), répétable ou séparés par des
    /// virgules ; le style colore la couche selon le premier.
    #[arg(long = "indicator", value_name = "INDICATEUR", value_delimiter = ',')]
    pub indicators: Vec<IndicatorId>,
    /// Format : gpkg, geojson ou shp (par défaut : d'après l'extension de --out).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Système de coordonnées : 4326 (WGS84, degrés), 2154 (Lambert-93, mètres) ou, pour un
    /// département d'outre-mer seul, son UTM de l'IGN : 5490 (Antilles), 2972 (Guyane), 2975 (La
    /// Réunion), 4471 (Mayotte) — seuls les objets de cette zone sont écrits. Le GeoJSON est
    /// toujours en WGS84.
    #[arg(long, default_value = "4326", value_name = "EPSG")]
    pub crs: String,
    /// Fichier produit (.gpkg, .geojson ou .shp), dans un dossier existant ; le style QGIS
    /// (.qml) et le SLD (.sld) sont écrits à côté, du même nom.
    #[arg(long, value_name = "FICHIER")]
    pub out: PathBuf,
    /// Méthode : quantiles, equal, jenks, stddev, q6, symmetric, symmetric-quantiles, manual
    /// (par défaut celle de l'indicateur, comme la carte).
    #[arg(long, value_name = "MÉTHODE")]
    pub method: Option<String>,
    /// Nombre de classes (2 à 9).
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub classes: usize,
    /// Seuils pour --method manual, séparés par « ; ».
    #[arg(long, value_name = "SEUILS")]
    pub breaks: Option<String>,
    /// Palette ColorBrewer (par défaut celle de l'indicateur).
    #[arg(long, value_name = "PALETTE")]
    pub palette: Option<String>,
    /// Inverse la palette.
    #[arg(long)]
    pub reverse: bool,
    /// Typologie (voir `ti-atlas typologies`) à la maille de la couche : la catégorie de
    /// chaque unité en attribut (typologie, typologie_classe, typologie_couleur), et les
    /// styles (.qml, .sld) colorent la couche par ses catégories, aux couleurs de la carte.
    #[arg(long, value_name = "TYPOLOGIE")]
    pub typology: Option<String>,
    /// Palette qualitative de --typology : Set2 (par défaut), Set3, Paired, Dark2, Pastel1,
    /// Pastel2 ou Accent.
    #[arg(long, value_name = "PALETTE", requires = "typology")]
    pub typology_palette: Option<String>,
    /// Fichiers de l'utilisateur à charger d'abord (tableaux de valeurs…), comme pour
    /// `export map` : leurs indicateurs (`import:…`) s'exportent alors avec --indicator.
    #[arg(long = "import", value_name = "FICHIER")]
    pub imports: Vec<PathBuf>,
    /// Correspondance des colonnes du fichier --import de même rang, quand ses en-têtes ne
    /// sont pas ceux du modèle : « champ=En-tête,champ=En-tête » (les champs de `ti-atlas
    /// import --columns`). La première --import-columns vaut pour le premier --import, la
    /// deuxième pour le deuxième… ; « "" » pour un fichier aux en-têtes du modèle.
    #[arg(long = "import-columns", value_name = "CORRESPONDANCE")]
    pub import_columns: Vec<String>,
}

/// The bundle layer `--layer` names (communes are handled apart: no bundle layer holds them).
fn parse_layer(id: &str) -> anyhow::Result<LayerKind> {
    LayerKind::from_id(id).ok_or_else(|| {
        usage_error(format!(
            "couche inconnue : « {} » ({}, communes)",
            super::shorten(id, 40),
            LayerKind::ALL.map(LayerKind::id).join(", ")
        ))
    })
}

/// The indicator table of a layer's units, with the series of the user's imported tables
/// (None: régions, which have no indicator).
fn table_for(
    dataset: &crate::model::Dataset,
    kind: LayerKind,
    imports: &Imports,
) -> Option<(IndicatorTable, Level)> {
    let at = |level: Level| {
        Some((
            IndicatorTable::for_level_with(dataset, level, imports),
            level,
        ))
    };
    match kind {
        LayerKind::Ti2023 => at(Level::Territoire),
        LayerKind::Ti2018 => Some((
            IndicatorTable::territories_with(dataset, Generation::Temps1, imports),
            Level::Territoire,
        )),
        LayerKind::Epci => at(Level::Epci),
        LayerKind::Departements => at(Level::Departement),
        LayerKind::Regions => None,
    }
}

/// The format (from --format or the extension) and the coordinate system, checked together.
fn format_and_crs(args: &LayerArgs) -> anyhow::Result<(LayerFormat, OutputCrs)> {
    let by_extension = LayerFormat::from_path(&args.out);
    let format = match &args.format {
        Some(id) => {
            let f = LayerFormat::from_id(id).ok_or_else(|| {
                usage_error(format!(
                    "format inconnu : « {} » (gpkg, geojson ou shp)",
                    super::shorten(id, 40)
                ))
            })?;
            if by_extension.is_some_and(|e| e != f) || by_extension.is_none() {
                return Err(usage_error(format!(
                    "{} : l'extension ne correspond pas au format {} (attendu : {})",
                    args.out.display(),
                    f.label(),
                    match f {
                        LayerFormat::GeoPackage => ".gpkg",
                        LayerFormat::GeoJson => ".geojson ou .json",
                        LayerFormat::Shapefile => ".shp",
                    }
                )));
            }
            f
        }
        None => by_extension.ok_or_else(|| {
            usage_error(format!(
                "{} : extension inconnue (.gpkg, .geojson ou .shp)",
                args.out.display()
            ))
        })?,
    };
    let crs = OutputCrs::from_id(&args.crs).ok_or_else(|| {
        usage_error(format!(
            "--crs : 4326 (WGS84), 2154 (Lambert-93), 5490 (Antilles), 2972 (Guyane), 2975 (La \
             Réunion) ou 4471 (Mayotte), pas « {} »",
            super::shorten(&args.crs, 40)
        ))
    })?;
    if format == LayerFormat::GeoJson && crs != OutputCrs::Wgs84 {
        return Err(usage_error(format!(
            "le GeoJSON s'écrit en WGS84 (RFC 7946) : retirez --crs {}, ou choisissez un \
             GeoPackage (.gpkg) ou un shapefile (.shp) pour {}",
            crs.epsg(),
            crs.label()
        )));
    }
    Ok((format, crs))
}

/// `--layer communes`: the communes' own outlines with what the bundle says of each; no
/// indicator is computed at the communes' maille.
fn run_communes(args: &LayerArgs) -> anyhow::Result<()> {
    let (format, crs) = format_and_crs(args)?;
    let refused = [
        (!args.indicators.is_empty(), "--indicator"),
        (args.typology.is_some(), "--typology"),
        (!args.imports.is_empty(), "--import"),
    ];
    if let Some((_, flag)) = refused.iter().find(|(on, _)| *on) {
        return Err(usage_error(format!(
            "{flag} : les indicateurs et typologies se calculent aux mailles territoires, EPCI \
             et départements, pas aux communes ; la couche communes porte leurs codes (EPCI, \
             territoires) pour les joindre dans le SIG"
        )));
    }
    check_output(&args.out, crate::export::layer::output_kind(&args.out))?;
    let loaded = super::loaded::load(&[], &[])?;
    let contours = crate::io::commune_contours::embedded()
        .map_err(|e| anyhow::anyhow!(crate::io::error_fr::chain_fr(&e)))?;
    let table = crate::export::layer::communes::communes_table(
        &loaded.dataset,
        contours,
        args.territory.as_ref(),
    )
    .map_err(usage_error)?;
    write_table(table, (format, crs), args)
}

pub fn run(args: LayerArgs) -> anyhow::Result<()> {
    if args.layer == "communes" {
        return run_communes(&args);
    }
    // Every argument is checked before the data is loaded.
    let kind = parse_layer(&args.layer)?;
    let (format, crs) = format_and_crs(&args)?;
    if kind == LayerKind::Regions && !args.indicators.is_empty() {
        return Err(usage_error(
            "les indicateurs se calculent aux mailles territoires, EPCI et départements, pas \
             aux régions : retirez --indicator ou choisissez une autre couche",
        ));
    }
    let typology = typology_choice(&args, kind)?;
    super::protect_inputs(args.imports.iter().map(PathBuf::as_path));
    check_output(&args.out, crate::export::layer::output_kind(&args.out))?;
    // The flags as `export map` reads them, one indicator at a time.
    let choice = |indicator: &IndicatorId, level: Level| MapChoice {
        indicator: Some(indicator.clone()),
        level: level.id().to_owned(),
        method: args.method.clone(),
        classes: args.classes,
        breaks: args.breaks.clone(),
        palette: args.palette.clone(),
        reverse: args.reverse,
    };
    if let Some(first) = args.indicators.first() {
        choice(first, Level::Territoire).apply_to(&mut MapSettings::default())?;
    }
    let loaded = super::loaded::load(&args.imports, &args.import_columns)?;
    let dataset = loaded.dataset;
    let only = args
        .territory
        .as_ref()
        .map(|t| features_of_territory(&dataset, kind, t).map_err(usage_error))
        .transpose()?;
    let typology = typology
        .map(|choice| {
            let map = Choropleth::typology(&dataset, &loaded.imports, None, &choice)
                .map_err(usage_error)?;
            if map.level.layer() != kind {
                return Err(usage_error(format!(
                    "la typologie « {} » est à la maille {} : --layer {}",
                    choice.id,
                    map.level.label_fr(),
                    map.level.layer().id()
                )));
            }
            for note in &map.legend.notes {
                eprintln!("note : {} : {note}", choice.id);
            }
            Ok((choice.id, map))
        })
        .transpose()?;
    let typology_column = typology.as_ref().map(|(id, map)| TypologyColumn {
        choropleth: map,
        id: id.clone(),
    });
    let mut tables = Vec::new();
    if !args.indicators.is_empty()
        && let Some((table, level)) = table_for(&dataset, kind, &loaded.imports)
    {
        for id in &args.indicators {
            let c = choice(id, level);
            let mut settings = MapSettings::default();
            c.apply_to(&mut settings)?;
            c.apply_indicator_defaults(&mut settings, &dataset);
            let Some(spec) = settings
                .choropleth_spec(None)
                .map_err(|e| anyhow::anyhow!(e))?
            else {
                anyhow::bail!("indicateur manquant : {id}");
            };
            let choropleth =
                Choropleth::compute(&dataset, &table, &spec).map_err(|e| anyhow::anyhow!(e))?;
            for note in &choropleth.legend.notes {
                eprintln!("note : {id} : {note}");
            }
            tables.push((id.clone(), choropleth));
        }
        let columns: Vec<IndicatorColumn<'_>> = tables
            .iter()
            .map(|(id, choropleth)| IndicatorColumn {
                table: &table,
                choropleth,
                indicator: id.clone(),
            })
            .collect();
        return write(
            &dataset,
            (kind, only.as_deref()),
            &columns,
            typology_column.as_ref(),
            (format, crs),
            &args,
        );
    }
    write(
        &dataset,
        (kind, only.as_deref()),
        &[],
        typology_column.as_ref(),
        (format, crs),
        &args,
    )
}

/// The typology of `--typology` (exit code 2: unknown, of a maille the layer is not, the 2018-2022
/// territories, or an unknown palette); an imported column's is checked once its file is read.
fn typology_choice(
    args: &LayerArgs,
    kind: LayerKind,
) -> anyhow::Result<Option<crate::model::typology::TypologyChoice>> {
    use crate::model::typology::{TypologyChoice, level_of};
    let Some(id) = &args.typology else {
        return Ok(None);
    };
    let Some(level) = level_of(id) else {
        return Err(usage_error(format!(
            "typologie inconnue : « {} » (ti-atlas typologies les liste)",
            super::shorten(id, 60)
        )));
    };
    if level.layer() != kind {
        return Err(usage_error(format!(
            "la typologie « {id} » est à la maille {} : --layer {}",
            level.label_fr(),
            level.layer().id()
        )));
    }
    let mut choice = TypologyChoice::new(id);
    if let Some(name) = &args.typology_palette {
        choice.scheme = crate::palette::QualitativeScheme::from_name(name).ok_or_else(|| {
            usage_error(format!(
                "palette qualitative inconnue : « {} » (Set2, Set3, Paired, Dark2, Pastel1, \
                 Pastel2 ou Accent)",
                super::shorten(name, 40)
            ))
        })?;
    }
    Ok(Some(choice))
}

fn write(
    dataset: &crate::model::Dataset,
    (kind, only): (LayerKind, Option<&[usize]>),
    columns: &[IndicatorColumn<'_>],
    typology: Option<&TypologyColumn<'_>>,
    (format, crs): (LayerFormat, OutputCrs),
    args: &LayerArgs,
) -> anyhow::Result<()> {
    let table =
        layer_table_with(dataset, kind, only, columns, typology).map_err(anyhow::Error::msg)?;
    write_table(table, (format, crs), args)
}

/// Writes a layer table (an overseas system keeps the features of its area), its style and SLD.
fn write_table(
    mut table: crate::export::layer::LayerTable,
    (format, crs): (LayerFormat, OutputCrs),
    args: &LayerArgs,
) -> anyhow::Result<()> {
    // An overseas system: only the features of its area (the others would be far off and
    // distorted in it).
    let before = table.features.len();
    let left_out = crs.keep_in_area(&mut table);
    if let Some((place, _)) = crs.overseas_area() {
        if table.features.is_empty() {
            return Err(usage_error(format!(
                "--crs {} ({}) : aucun des {before} objet(s) de la couche n'est dans {place} : \
                 rien n'a été écrit",
                crs.epsg(),
                crs.label()
            )));
        }
        eprintln!(
            "note : --crs {} : {} objet(s) dans {place} écrit(s), {left_out} autre(s) laissé(s) \
             de côté",
            crs.epsg(),
            table.features.len()
        );
    }
    if table.features.is_empty() {
        anyhow::bail!("aucun objet à écrire : rien n'a été écrit");
    }
    let files = layer_files(&table, format, crs, &args.out).map_err(anyhow::Error::msg)?;
    crate::export::layer::write_layer_files(&files)?;
    println!(
        "{} écrit : {} objet(s), {} ({}), {} champ(s) ; à côté : {}",
        args.out.display(),
        table.features.len(),
        format.label(),
        crs.label(),
        table.fields.len(),
        files
            .iter()
            .skip(1)
            .filter_map(|(p, _)| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}
