//! The users' vector layers: GeoJSON and shapefiles (.shp + .shx + .dbf, with .prj and .cpg),
//! reprojected to WGS84 from their declared projection (Lambert-93 and the other French
//! projections, Web Mercator, UTM), attributes decoded with the declared encoding. Every
//! feature that cannot be read is listed; nothing is dropped silently.

pub mod error;
pub mod geojson_reader;
pub mod projection;
pub mod shapefile_reader;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use error::VectorError;

/// One feature: its geometry in WGS84 lon/lat and its attributes as text.
#[derive(Clone, Debug, PartialEq)]
pub struct VectorFeature {
    pub geometry: geo::Geometry<f64>,
    pub attributes: Vec<(String, String)>,
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
    /// lon/lat: min x, min y, max x, max y.
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

impl VectorLayer {
    /// The attributes as a table (one row per feature, numbered from 1), to be joined by code
    /// like any imported table.
    pub fn attribute_rows(&self) -> crate::io::table::RawTable {
        let rows: Vec<Vec<String>> = self
            .features
            .iter()
            .map(|f| {
                self.fields
                    .iter()
                    .map(|name| {
                        f.attributes
                            .iter()
                            .find(|(k, _)| k == name)
                            .map(|(_, v)| v.clone())
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect();
        crate::io::table::RawTable {
            path: self.path.clone(),
            sheet: None,
            headers: self.fields.clone(),
            row_numbers: (1..=rows.len()).collect(),
            rows,
            encoding: String::new(),
            delimiter: None,
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
        let field = self.fields.iter().find(|f| {
            let f = f.to_lowercase();
            f.starts_with("nom") || f.starts_with("name") || f.starts_with("lib")
        });
        self.features
            .iter()
            .filter(|f| {
                matches!(
                    f.geometry,
                    geo::Geometry::Polygon(_) | geo::Geometry::MultiPolygon(_)
                )
            })
            .map(|f| {
                field
                    .and_then(|l| f.attributes.iter().find(|(k, _)| k == l))
                    .map(|(_, v)| v.clone())
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
            self.attribute_rows().rows,
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
        Some("shp" | "geojson" | "json")
    )
}

/// Reads a `.shp` (with its companions) or a `.geojson`/`.json` file.
pub fn read_vector(path: &Path) -> Result<VectorLayer, VectorError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext == "shp" {
        shapefile_reader::read_shapefile(path)
    } else {
        let bytes = std::fs::read(path).map_err(|e| VectorError::Io {
            file: crate::io::table::file_name(path),
            source: e,
        })?;
        geojson_reader::read_geojson_bytes(&bytes, path)
    }
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
