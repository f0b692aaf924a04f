//! The users' vector layers: GeoJSON, shapefiles (.shp + .shx + .dbf, with .prj and .cpg) and
//! GeoPackages (.gpkg, one layer chosen by name or the first polygon layer), reprojected to WGS84 from their declared projection (Lambert-93 and the other French
//! projections, Web Mercator, UTM), attributes decoded with the declared encoding. Every
//! feature that cannot be read is listed; nothing is dropped silently.

pub mod crs_check;
pub mod error;
mod geojson_parse;
pub mod geojson_reader;
pub mod gpkg_geometry;
pub mod gpkg_reader;
pub mod projection;
pub mod shapefile_reader;
mod shp_check;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use error::VectorError;

use crate::model::text_grid::TextGrid;

/// One feature: its geometry in WGS84 lon/lat and its number in the file (1-based).
#[derive(Clone, Debug, PartialEq)]
pub struct VectorFeature {
    pub geometry: geo::Geometry<f64>,
    pub number: usize,
}

/// A layer read from a file.
#[derive(Clone, Debug, PartialEq)]
pub struct VectorLayer {
    pub path: PathBuf,
    pub name: String,
    /// What the file declared ("Lambert-93 (EPSG:2154)", "WGS84"…).
    pub source_crs: String,
    pub fields: Vec<String>,
    pub features: Vec<VectorFeature>,
    /// The attributes: one row per feature (same order), one column per field.
    pub attributes: TextGrid,
    /// Features left out or values changed, each with the feature number and why.
    pub warnings: Vec<String>,
}

/// What `ti-atlas import` prints for a layer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayerReport {
    pub file: String,
    pub source_crs: String,
    pub features: usize,
    pub polygons: usize,
    pub lines: usize,
    pub points: usize,
    /// The extent in WGS84 lon/lat, after reprojection: min x, min y, max x, max y.
    pub bbox: Option<[f64; 4]>,
    pub fields: Vec<String>,
    pub warnings: Vec<String>,
}

impl VectorLayer {
    pub fn report(&self) -> LayerReport {
        use geo::BoundingRect as _;
        let mut bbox: Option<[f64; 4]> = None;
        let (mut polygons, mut lines, mut points) = (0, 0, 0);
        for f in &self.features {
            match &f.geometry {
                geo::Geometry::Polygon(_) | geo::Geometry::MultiPolygon(_) => polygons += 1,
                geo::Geometry::LineString(_) | geo::Geometry::MultiLineString(_) => lines += 1,
                geo::Geometry::Point(_) | geo::Geometry::MultiPoint(_) => points += 1,
                _ => {}
            }
            if let Some(r) = f.geometry.bounding_rect() {
                bbox = Some(match bbox {
                    None => [r.min().x, r.min().y, r.max().x, r.max().y],
                    Some(b) => [
                        b[0].min(r.min().x),
                        b[1].min(r.min().y),
                        b[2].max(r.max().x),
                        b[3].max(r.max().y),
                    ],
                });
            }
        }
        LayerReport {
            file: self.name.clone(),
            source_crs: self.source_crs.clone(),
            features: self.features.len(),
            polygons,
            lines,
            points,
            bbox,
            fields: self.fields.clone(),
            warnings: self.warnings.clone(),
        }
    }
}

impl LayerReport {
    /// "Lambert-93 (EPSG:2154) ; emprise en WGS84 : longitude -1.21 à -1.19, latitude 48.1 à
    /// 48.2", as ogrinfo tells it, so that a reprojection can be checked at a glance.
    pub fn crs_and_extent_fr(&self) -> String {
        let extent = match self.bbox {
            Some([x0, y0, x1, y1]) => format!(
                "emprise en WGS84 : longitude {} à {}, latitude {} à {}",
                round6(x0),
                round6(x1),
                round6(y0),
                round6(y1)
            ),
            None => "emprise inconnue".into(),
        };
        format!("projection détectée : {} ; {extent}", self.source_crs)
    }
}

/// Degrees to 6 decimals (about 10 cm), trailing zeros dropped.
fn round6(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_owned() }
}

impl VectorLayer {
    /// The value of a field for the feature at `index` (None: no such field or feature).
    pub fn attribute(&self, index: usize, field: &str) -> Option<&str> {
        let c = self.fields.iter().position(|f| f == field)?;
        (index < self.attributes.rows()).then(|| self.attributes.cell(index, c))
    }

    /// The attributes as a table (one row per feature, numbered as in the file), to be joined
    /// by code like any imported table.
    pub fn attribute_rows(&self) -> crate::io::table::RawTable {
        crate::io::table::RawTable {
            path: self.path.clone(),
            sheet: None,
            headers: self.fields.clone(),
            cells: self.attributes.clone(),
            row_numbers: self.features.iter().map(|f| f.number).collect(),
            encoding: String::new(),
            delimiter: None,
            warnings: Vec::new(),
            merged: Vec::new(),
        }
    }

    /// The polygon features (polygons and multipolygons) as multipolygons, in feature order.
    pub fn polygons(&self) -> Vec<geo::MultiPolygon<f64>> {
        self.features
            .iter()
            .filter_map(|f| match &f.geometry {
                geo::Geometry::Polygon(p) => Some(geo::MultiPolygon(vec![p.clone()])),
                geo::Geometry::MultiPolygon(mp) => Some(mp.clone()),
                _ => None,
            })
            .collect()
    }

    /// The names of the polygon features (same order as [`Self::polygons`]), from the first
    /// field named like a name (`nom…`, `name…`, `lib…`); empty when there is none.
    pub fn labels(&self) -> Vec<String> {
        let field = self.fields.iter().position(|f| {
            let f = f.to_lowercase();
            f.starts_with("nom") || f.starts_with("name") || f.starts_with("lib")
        });
        self.features
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                matches!(
                    f.geometry,
                    geo::Geometry::Polygon(_) | geo::Geometry::MultiPolygon(_)
                )
            })
            .map(|(i, _)| {
                field
                    .map(|c| self.attributes.cell(i, c).to_owned())
                    .unwrap_or_default()
            })
            .collect()
    }

    /// The attribute table the app browses: rows and each feature's bounding box.
    pub fn attribute_table(&self) -> crate::model::imports::attribute_table::AttributeTable {
        use geo::BoundingRect as _;
        crate::model::imports::attribute_table::AttributeTable::new(
            self.name.clone(),
            self.fields.clone(),
            self.attributes.to_rows(),
            self.features
                .iter()
                .map(|f| {
                    f.geometry
                        .bounding_rect()
                        .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
                })
                .collect(),
        )
    }
}

/// Whether a path names a vector layer (by extension).
pub fn is_vector_path(path: &Path) -> bool {
    matches!(
        path.extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .as_deref(),
        Some("shp" | "geojson" | "json" | "gpkg")
    )
}

/// Reads a `.shp` (with its companions), a `.geojson`/`.json` file or a GeoPackage's first
/// polygon layer.
pub fn read_vector(path: &Path) -> Result<VectorLayer, VectorError> {
    read_vector_layer(path, None)
}

/// [`read_vector`], with the layer of a GeoPackage to read (`layer` is ignored for the
/// single-layer formats).
pub fn read_vector_layer(
    path: &Path,
    layer_name: Option<&str>,
) -> Result<VectorLayer, VectorError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut layer = if ext == "shp" {
        shapefile_reader::read_shapefile(path)?
    } else if ext == "gpkg" {
        // Checked as a regular file within the size limit before SQLite opens it.
        gpkg_reader::read_gpkg(path, layer_name)?
    } else {
        let bytes = crate::io::read_file::read_user_file(path)
            .map_err(|e| VectorError::from_read(path, e))?;
        geojson_reader::read_geojson_bytes(&bytes, path)?
    };
    if let Some(bbox) = crs_check::bbox_of(layer.features.iter().map(|f| &f.geometry))
        && let Some(warning) = crs_check::far_from_france(bbox)
    {
        layer.warnings.push(warning);
    }
    Ok(layer)
}

/// Why a geometry is degenerate (nothing to draw: a polygon without parts, a ring of fewer than
/// 4 points, a line of fewer than 2), or None.
pub(crate) fn degenerate(g: &geo::Geometry<f64>) -> Option<String> {
    use geo::Geometry as G;
    let polygon = |p: &geo::Polygon<f64>| -> Option<String> {
        std::iter::once(p.exterior())
            .chain(p.interiors())
            .find(|r| r.0.len() < 4)
            .map(|r| {
                format!(
                    "polygone dégénéré (anneau de {} point(s), 4 au moins)",
                    r.0.len()
                )
            })
    };
    let line = |l: &geo::LineString<f64>| -> Option<String> {
        (l.0.len() < 2).then(|| format!("ligne dégénérée ({} point(s), 2 au moins)", l.0.len()))
    };
    match g {
        G::Polygon(p) => polygon(p),
        G::MultiPolygon(mp) if mp.0.is_empty() => Some("polygone sans aucune partie".into()),
        G::MultiPolygon(mp) => mp.0.iter().find_map(polygon),
        G::LineString(l) => line(l),
        G::MultiLineString(ml) if ml.0.is_empty() => Some("ligne sans aucune partie".into()),
        G::MultiLineString(ml) => ml.0.iter().find_map(line),
        G::MultiPoint(mp) if mp.0.is_empty() => Some("multipoint sans aucun point".into()),
        _ => None,
    }
}

/// Why a feature read from a file cannot be drawn (a coordinate that is not a number, or a
/// degenerate geometry), in French, or None.
pub(crate) fn unusable(g: &geo::Geometry<f64>) -> Option<String> {
    if has_non_finite(g) {
        return Some("coordonnée non numérique (NaN ou infinie)".into());
    }
    degenerate(g)
}

/// Whether some coordinate is not a number (NaN) or infinite.
fn has_non_finite(g: &geo::Geometry<f64>) -> bool {
    use geo::CoordsIter as _;
    g.coords_iter()
        .any(|c| !c.x.is_finite() || !c.y.is_finite())
}

/// Coordinates inside the WGS84 world.
pub(crate) fn check_world(g: &geo::Geometry<f64>) -> bool {
    use geo::CoordsIter as _;
    g.coords_iter().all(|c| {
        c.x.is_finite()
            && c.y.is_finite()
            && (-180.0..=180.0).contains(&c.x)
            && (-90.0..=90.0).contains(&c.y)
    })
}
