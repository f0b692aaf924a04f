//! A layer of the atlas for a GIS (QGIS, ArcGIS, GDAL): the features of one bundle layer at full
//! detail with their attributes — codes, names, région, population, area and, for each chosen
//! indicator, its value, status (exacte / non calculable / non disponible) and reason, class,
//! colour and rank, from the same classification as the map ([`crate::carto::Choropleth`]) —
//! written as GeoPackage ([`gpkg`]), GeoJSON ([`geojson`]) or shapefile ([`shapefile`]) in WGS84 or
//! Lambert-93 ([`crs`]), with a QGIS style ([`qml`]) and an SLD ([`sld`]) that colour it as the
//! map does. `ti-atlas export layer` builds a [`LayerTable`] and calls [`layer_files`].

pub mod communes;
pub mod crs;
pub mod field_names;
pub mod geojson;
pub mod gpkg;
pub mod qml;
pub mod shapefile;
pub mod sld;

use std::path::{Path, PathBuf};

use geo::MultiPolygon;

use crate::carto::Choropleth;
use crate::model::indicators::choropleth::{Legend, Rgb};
use crate::model::indicators::{IndicatorTable, Value, departement_figures};
use crate::model::{Dataset, Generation, IndicatorId, LayerKind, TerritoryId};

pub use crs::OutputCrs;

/// The file format of a layer export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayerFormat {
    GeoPackage,
    GeoJson,
    Shapefile,
}

impl LayerFormat {
    /// From `--format` (gpkg, geojson, shp).
    pub fn from_id(id: &str) -> Option<Self> {
        match id.to_lowercase().as_str() {
            "gpkg" | "geopackage" => Some(Self::GeoPackage),
            "geojson" | "json" => Some(Self::GeoJson),
            "shp" | "shapefile" => Some(Self::Shapefile),
            _ => None,
        }
    }

    /// The format a file's extension names.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_string_lossy().to_lowercase();
        match ext.as_str() {
            "gpkg" => Some(Self::GeoPackage),
            "geojson" | "json" => Some(Self::GeoJson),
            "shp" => Some(Self::Shapefile),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::GeoPackage => "GeoPackage",
            Self::GeoJson => "GeoJSON",
            Self::Shapefile => "shapefile",
        }
    }
}

/// The type of an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Integer,
    Real,
}

/// One attribute column.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: String,
    pub kind: FieldKind,
    /// What it holds, in French (the shapefile's name mapping and the README say it).
    pub description: String,
}

/// One attribute value.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Text(String),
    Integer(i64),
    Real(f64),
}

/// One feature: its geometry in WGS84 lon/lat at full detail and one cell per field.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerFeature {
    pub geometry: MultiPolygon<f64>,
    pub cells: Vec<Cell>,
}

/// The classes of one indicator, for the styles.
#[derive(Clone, Debug)]
pub struct IndicatorStyle {
    pub indicator: IndicatorId,
    /// The field holding the class number (1 = lowest class).
    pub class_field: String,
    pub legend: Legend,
}

impl IndicatorStyle {
    /// What the units without a class are called: "non disponible", or "non renseigné" for a
    /// typology's categories.
    pub fn missing_label(&self) -> &'static str {
        if self.legend.categories.is_empty() {
            "non disponible"
        } else {
            crate::model::typology::NOT_GIVEN
        }
    }

    /// The classes as the legend shows them ("12,5 – 40,0"), with their colours; the count of
    /// units the legend adds is left out (an export of one territory's EPCI has fewer).
    pub fn classes(&self) -> Vec<(String, Rgb)> {
        self.legend
            .class_rows()
            .into_iter()
            .zip(self.legend.colours.iter().copied())
            .map(|(row, colour)| {
                let label = match row.rsplit_once(" (") {
                    Some((label, _)) => label.to_owned(),
                    None => row,
                };
                (label, colour)
            })
            .collect()
    }
}

/// Everything written: the layer's name, fields and features, and the first indicator's
/// classes (the style colours the layer by them).
#[derive(Clone, Debug)]
pub struct LayerTable {
    /// How the styles (.qml, .sld) draw the layer when no indicator colours it.
    pub look: crate::carto::look::LayerLook,
    /// The layer (GeoPackage table) name: "ti_2023_2027", "epci"…
    pub name: String,
    pub title: String,
    pub fields: Vec<Field>,
    pub features: Vec<LayerFeature>,
    pub style: Option<IndicatorStyle>,
}

impl LayerTable {
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

/// One indicator to export: its table at the layer's maille and its classification.
pub struct IndicatorColumn<'a> {
    pub table: &'a IndicatorTable,
    pub choropleth: &'a Choropleth,
    pub indicator: IndicatorId,
}

/// "#rrggbb".
pub fn hex(rgb: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

pub(crate) fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

pub(crate) fn int(n: u64) -> Cell {
    i64::try_from(n).map_or(Cell::Null, Cell::Integer)
}

/// The région columns of a feature: its code and name (several: codes joined with ", " and
/// "N régions").
pub(crate) fn region_cells(dataset: &Dataset, codes: &[String]) -> [Cell; 2] {
    match codes {
        [one] => [
            text(one),
            text(dataset.region_name(one).unwrap_or(one.as_str())),
        ],
        [] => [Cell::Null, Cell::Null],
        many => [
            text(&many.join(", ")),
            text(&format!("{} régions", many.len())),
        ],
    }
}

/// The fields of a layer before the indicators.
fn base_fields(kind: LayerKind) -> Vec<Field> {
    let f = |name: &str, kind: FieldKind, description: &str| Field {
        name: name.into(),
        kind,
        description: description.into(),
    };
    let code = match kind {
        LayerKind::Ti2023 | LayerKind::Ti2018 => "identifiant ANCT du territoire (ti-RRNN)",
        LayerKind::Epci => "SIREN de l'EPCI",
        LayerKind::Departements | LayerKind::Regions => "code INSEE (COG 2024)",
    };
    let mut out = vec![
        f("code", FieldKind::Text, code),
        f("nom", FieldKind::Text, "nom"),
        f("code_region", FieldKind::Text, "code INSEE de la région"),
        f("region", FieldKind::Text, "nom de la région"),
        f(
            "population",
            FieldKind::Integer,
            "population municipale 2022 (somme des communes)",
        ),
        f(
            "superficie_km2",
            FieldKind::Real,
            "superficie géodésique, km²",
        ),
    ];
    match kind {
        LayerKind::Ti2023 | LayerKind::Ti2018 => {
            out.push(f(
                "departements",
                FieldKind::Text,
                "codes des départements des communes membres",
            ));
            out.push(f(
                "nb_communes",
                FieldKind::Integer,
                "nombre de communes membres",
            ));
        }
        LayerKind::Epci => {
            out.push(f("nature", FieldKind::Text, "nature (CC, CA, CU, METRO)"));
            out.push(f("nb_communes", FieldKind::Integer, "nombre de communes"));
        }
        LayerKind::Departements | LayerKind::Regions => {
            out.push(f("nb_communes", FieldKind::Integer, "nombre de communes"));
        }
    }
    out
}

/// The base cells of every feature of a layer, in layer order.
fn base_cells(dataset: &Dataset, kind: LayerKind) -> Vec<Vec<Cell>> {
    let codes = dataset.layer_codes(kind);
    let names = dataset.feature_names(kind);
    let regions = dataset.feature_regions(kind);
    let t = &dataset.tables;
    let extra: Vec<Vec<Cell>> = match kind {
        LayerKind::Ti2023 | LayerKind::Ti2018 => {
            let generation = if kind == LayerKind::Ti2023 {
                Generation::Temps2
            } else {
                Generation::Temps1
            };
            dataset
                .territories(generation)
                .map(|t| {
                    vec![
                        int(t.population),
                        Cell::Real(t.area_km2),
                        text(&t.departements.join(", ")),
                        int(t.communes.len() as u64),
                    ]
                })
                .collect()
        }
        LayerKind::Epci => t
            .epci
            .iter()
            .map(|e| {
                vec![
                    int(e.population),
                    Cell::Real(e.area_km2),
                    text(&e.kind),
                    int(u64::from(e.n_communes)),
                ]
            })
            .collect(),
        LayerKind::Departements => departement_figures(dataset)
            .into_iter()
            .map(|f| {
                vec![
                    int(f.population),
                    Cell::Real(f.area_km2),
                    int(f.communes as u64),
                ]
            })
            .collect(),
        LayerKind::Regions => {
            let mut sums: std::collections::HashMap<&str, (u64, f64, u64)> = Default::default();
            for c in &t.communes {
                let s = sums.entry(c.region.as_str()).or_default();
                s.0 += c.population;
                s.1 += c.area_km2;
                s.2 += 1;
            }
            t.regions
                .iter()
                .map(|r| {
                    let (p, a, n) = sums.get(r.code.as_str()).copied().unwrap_or_default();
                    vec![int(p), Cell::Real(a), int(n)]
                })
                .collect()
        }
    };
    codes
        .into_iter()
        .zip(names)
        .zip(regions)
        .zip(extra)
        .map(|(((code, name), regions), extra)| {
            let mut row = vec![text(&code), text(&name)];
            row.extend(region_cells(dataset, &regions));
            row.extend(extra);
            row
        })
        .collect()
}

/// The status words of a value.
pub fn status_fr(v: &Value) -> &'static str {
    match v {
        Value::Exact(x) if x.is_finite() => "exacte",
        Value::Exact(_) | Value::Missing(_) => "non disponible",
        Value::NotComputable(_) => "non calculable",
    }
}

/// Which features of a layer a `--territory` keeps: the territory itself (2023-2027), its
/// member EPCI, its départements, its région. None: every feature.
pub fn features_of_territory(
    dataset: &Dataset,
    kind: LayerKind,
    territory: &TerritoryId,
) -> Result<Vec<usize>, String> {
    let t = dataset
        .territory(Generation::Temps2, territory)
        .ok_or_else(|| format!("territoire 2023-2027 inconnu : « {territory} » (ti-RRNN)"))?;
    let codes = dataset.layer_codes(kind);
    let keep: Box<dyn Fn(&str) -> bool> = match kind {
        LayerKind::Ti2023 => Box::new(|c: &str| t.id == c),
        LayerKind::Ti2018 => {
            return Err(
                "--territory désigne un territoire 2023-2027 : il ne s'applique pas à la \
                 couche ti-2018-2022 (numérotée autrement)"
                    .into(),
            );
        }
        LayerKind::Epci => {
            // Each commune's innermost unit: its EPT in the Grand Paris (not the whole
            // Métropole), else its EPCI.
            let sirens: std::collections::BTreeSet<&str> = t
                .communes
                .iter()
                .filter_map(|c| {
                    dataset
                        .commune(c)
                        .and_then(|c| c.ept.as_deref().or(c.epci.as_deref()))
                })
                .collect();
            Box::new(move |c: &str| sirens.contains(c))
        }
        LayerKind::Departements => Box::new(|c: &str| t.departements.iter().any(|d| d == c)),
        LayerKind::Regions => Box::new(|c: &str| c == t.region),
    };
    Ok(codes
        .iter()
        .enumerate()
        .filter(|(_, c)| keep(c))
        .map(|(i, _)| i)
        .collect())
}

/// The name an indicator's fields start with: its id, except for a column of the user's
/// imported table (`import:import-tableau-x-csv:demandeurs@epci`), named by its column
/// (`demandeurs`) unless a field already starts so, then by its whole id.
fn field_base(id: &str, fields: &[Field]) -> String {
    let Some(rest) = id.strip_prefix("import:") else {
        return id.to_owned();
    };
    let column = rest.rsplit(':').next().unwrap_or(rest);
    let column = column.rsplit_once('@').map_or(column, |(c, _)| c);
    let taken = fields
        .iter()
        .any(|f| f.name == column || f.name.starts_with(&format!("{column}_")));
    if column.is_empty() || taken {
        id.to_owned()
    } else {
        column.to_owned()
    }
}

/// A typology to export: its map (a [`Choropleth`] whose legend lists categories) at the
/// layer's maille.
pub struct TypologyColumn<'a> {
    pub choropleth: &'a Choropleth,
    /// The typology's id (the style's name for it).
    pub id: String,
}

/// The typology's fields: each unit's category as the legend names it, its number in the
/// legend's order (what the style's rules filter on) and its colour.
fn typology_fields(fields: &mut Vec<Field>, rows: &mut [Vec<Cell>], column: &TypologyColumn<'_>) {
    let legend = &column.choropleth.legend;
    let f = |name: &str, kind: FieldKind, description: String| Field {
        name: name.into(),
        kind,
        description,
    };
    fields.push(f(
        "typologie",
        FieldKind::Text,
        format!("{} : catégorie (vide : non renseigné)", legend.title),
    ));
    fields.push(f(
        "typologie_classe",
        FieldKind::Integer,
        "numéro de la catégorie dans la légende de la carte (1 = la première)".into(),
    ));
    fields.push(f(
        "typologie_couleur",
        FieldKind::Text,
        "couleur de la catégorie sur la carte".into(),
    ));
    let categories = column.choropleth.unit_categories.as_deref();
    for (unit, row) in rows.iter_mut().enumerate() {
        let category = categories
            .and_then(|c| c.get(unit))
            .and_then(Option::as_ref);
        let index = category.and_then(|c| legend.categories.iter().position(|l| l == c));
        let colour = index
            .and_then(|i| legend.colours.get(i).copied())
            .unwrap_or(legend.missing_colour);
        row.push(category.map_or(Cell::Null, |c| text(c)));
        row.push(index.map_or(Cell::Null, |i| int(i as u64 + 1)));
        row.push(text(&hex(colour)));
    }
}

/// The layer `kind` (the features `only` keeps, or all of them) with the indicators' columns.
pub fn layer_table(
    dataset: &Dataset,
    kind: LayerKind,
    only: Option<&[usize]>,
    indicators: &[IndicatorColumn<'_>],
) -> Result<LayerTable, String> {
    layer_table_with(dataset, kind, only, indicators, None)
}

/// [`layer_table`] with a typology's columns after the indicators'; the styles then colour the
/// layer by its categories.
pub fn layer_table_with(
    dataset: &Dataset,
    kind: LayerKind,
    only: Option<&[usize]>,
    indicators: &[IndicatorColumn<'_>],
    typology: Option<&TypologyColumn<'_>>,
) -> Result<LayerTable, String> {
    let mut fields = base_fields(kind);
    let mut rows = base_cells(dataset, kind);
    let mut style = None;
    for column in indicators {
        let (i, ind) = column.table.usable(&column.indicator)?;
        let legend = &column.choropleth.legend;
        let id = &field_base(ind.id.as_str(), &fields);
        let unit = if ind.unit.is_empty() {
            String::new()
        } else {
            format!(" ({})", ind.unit)
        };
        let f = |suffix: &str, kind: FieldKind, what: String| Field {
            name: format!("{id}{suffix}"),
            kind,
            description: what,
        };
        // The value under the indicator's id (`population_valeur` where a base field has it).
        let value_suffix = if fields.iter().any(|f| *id == f.name) {
            "_valeur"
        } else {
            ""
        };
        fields.push(f(
            value_suffix,
            FieldKind::Real,
            format!("{}{unit}", ind.label),
        ));
        fields.push(f(
            "_statut",
            FieldKind::Text,
            format!("{id} : exacte, non calculable ou non disponible"),
        ));
        fields.push(f(
            "_raison",
            FieldKind::Text,
            format!("{id} : pourquoi il n'y a pas de valeur"),
        ));
        fields.push(f(
            "_classe",
            FieldKind::Integer,
            format!("{id} : classe de la carte (1 = la plus basse)"),
        ));
        fields.push(f(
            "_couleur",
            FieldKind::Text,
            format!("{id} : couleur de la classe sur la carte"),
        ));
        fields.push(f(
            "_rang",
            FieldKind::Integer,
            format!("{id} : rang (1 = la plus forte valeur)"),
        ));
        let column_values = column.table.values.get(i);
        for (unit, row) in rows.iter_mut().enumerate() {
            let value = column_values
                .and_then(|c| c.get(unit))
                .cloned()
                .unwrap_or_else(|| Value::Missing("non disponible".into()));
            let number = value.as_f64().filter(|v| v.is_finite());
            let class = number.and_then(|v| legend.classification.class_of(v));
            let colour = class
                .and_then(|c| legend.colours.get(c).copied())
                .unwrap_or(legend.missing_colour);
            row.push(number.map_or(Cell::Null, Cell::Real));
            row.push(text(status_fr(&value)));
            row.push(match Value::absence(Some(&value)) {
                Some(reason) => Cell::Text(reason),
                None => Cell::Null,
            });
            row.push(class.map_or(Cell::Null, |c| int(c as u64 + 1)));
            row.push(text(&hex(colour)));
            row.push(
                column
                    .table
                    .rank(i, unit)
                    .map_or(Cell::Null, |(r, _)| int(r as u64)),
            );
        }
        if style.is_none() {
            style = Some(IndicatorStyle {
                indicator: ind.id.clone(),
                class_field: format!("{id}_classe"),
                legend: (**legend).clone(),
            });
        }
    }
    if let Some(column) = typology {
        typology_fields(&mut fields, &mut rows, column);
        style = Some(IndicatorStyle {
            indicator: IndicatorId::new(&format!("typologie:{}", column.id)),
            class_field: "typologie_classe".into(),
            legend: (*column.choropleth.legend).clone(),
        });
    }
    let lod = dataset.topology.finest_lod();
    let features: Vec<LayerFeature> = dataset
        .features(kind)
        .iter()
        .zip(rows)
        .enumerate()
        .filter(|(i, _)| only.is_none_or(|keep| keep.contains(i)))
        .map(|(_, (feature, cells))| LayerFeature {
            geometry: dataset.topology.multipolygon(feature, lod),
            cells,
        })
        .collect();
    Ok(LayerTable {
        look: crate::carto::look::layer_look(kind),
        name: kind.id().replace('-', "_"),
        title: kind.label_fr().to_owned(),
        fields,
        features,
        style,
    })
}

/// The files of a layer export: the layer's own (one, or .shp/.shx/.dbf/.prj/.cpg and the
/// field-name mapping), then its QGIS style (.qml, same name) and its SLD. Nothing is written:
/// the caller writes them atomically.
pub fn layer_files(
    table: &LayerTable,
    format: LayerFormat,
    crs: OutputCrs,
    out: &Path,
) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    if format == LayerFormat::GeoJson && crs != OutputCrs::Wgs84 {
        return Err(format!(
            "le GeoJSON s'écrit en WGS84 (RFC 7946) : retirez --crs {} ou choisissez le \
             format gpkg ou shp pour {}",
            crs.epsg(),
            crs.label()
        ));
    }
    // The style names fields as the format does (cut to 10 characters in a shapefile).
    let class_field = table.style.as_ref().map(|s| match format {
        LayerFormat::Shapefile => field_names::shapefile_names(&table.fields)
            .into_iter()
            .zip(&table.fields)
            .find(|(_, f)| f.name == s.class_field)
            .map(|(short, _)| short)
            .unwrap_or_else(|| s.class_field.clone()),
        _ => s.class_field.clone(),
    });
    let style = table.style.as_ref().zip(class_field.as_deref());
    let (qml, sld) = (qml::qml(table, style), sld::sld(table, style));
    let projected = crs.project_table(table)?;
    let mut files = match format {
        LayerFormat::GeoPackage => vec![(
            out.to_path_buf(),
            gpkg::gpkg_bytes(&projected, crs, Some((&qml, &sld)))?,
        )],
        LayerFormat::GeoJson => vec![(out.to_path_buf(), geojson::geojson_bytes(&projected))],
        LayerFormat::Shapefile => shapefile::shapefile_files(&projected, crs, out)?,
    };
    files.push((out.with_extension("qml"), qml.into_bytes()));
    files.push((out.with_extension("sld"), sld.into_bytes()));
    Ok(files)
}

/// What a file of a layer export holds, by its extension (the layer, a shapefile part, or what
/// goes beside it: .prj, .cpg, .qml, .sld, the field-name mapping).
pub fn output_kind(path: &Path) -> crate::io::output::OutputKind {
    use crate::io::output::OutputKind;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "gpkg" => OutputKind::GeoPackage,
        "geojson" | "json" => OutputKind::GeoJson,
        "shp" | "shx" | "dbf" => OutputKind::ShapefilePart,
        _ => OutputKind::LayerSidecar,
    }
}

/// Writes the files of a layer export: every one checked first (never an input, never a file of
/// another type), then each written atomically.
pub fn write_layer_files(
    files: &[(PathBuf, Vec<u8>)],
) -> Result<(), crate::io::output::OutputError> {
    let kinds: Vec<_> = files.iter().map(|(p, _)| output_kind(p)).collect();
    for ((path, _), kind) in files.iter().zip(&kinds) {
        crate::io::output::check(path, *kind)?;
    }
    for ((path, bytes), kind) in files.iter().zip(&kinds) {
        crate::io::output::write(path, *kind, bytes)?;
    }
    Ok(())
}
