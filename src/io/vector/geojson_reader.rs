//! GeoJSON (RFC 7946, plus the old "crs" member some French exports still carry): a
//! FeatureCollection, a Feature or a bare geometry.

use std::path::Path;

use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};
use serde_json::Value;

use super::projection::{Crs, from_epsg, reproject_feature};
use super::{VectorError, VectorFeature, VectorLayer, check_world};
use crate::io::table::file_name;

fn coord(v: &Value) -> Result<Coord<f64>, String> {
    let a = v.as_array().ok_or("position attendue [x, y]")?;
    match (
        a.first().and_then(Value::as_f64),
        a.get(1).and_then(Value::as_f64),
    ) {
        (Some(x), Some(y)) if x.is_finite() && y.is_finite() => Ok(Coord { x, y }),
        _ => Err("position illisible".into()),
    }
}

fn line(v: &Value) -> Result<LineString<f64>, String> {
    let a = v.as_array().ok_or("liste de positions attendue")?;
    a.iter()
        .map(coord)
        .collect::<Result<Vec<_>, _>>()
        .map(LineString::new)
}

fn polygon(v: &Value) -> Result<Polygon<f64>, String> {
    let rings = v.as_array().ok_or("liste d'anneaux attendue")?;
    let mut it = rings.iter().map(line);
    let outer = it.next().ok_or("polygone sans anneau")??;
    if outer.0.len() < 4 {
        return Err(format!(
            "anneau extérieur de {} point(s) (4 au moins)",
            outer.0.len()
        ));
    }
    let holes = it.collect::<Result<Vec<_>, _>>()?;
    Ok(Polygon::new(outer, holes))
}

/// A GeoJSON geometry object.
pub fn geometry(v: &Value) -> Result<Geometry<f64>, String> {
    let kind = v
        .get("type")
        .and_then(Value::as_str)
        .ok_or("géométrie sans « type »")?;
    let c = v.get("coordinates");
    let need = || c.ok_or_else(|| format!("{kind} sans « coordinates »"));
    Ok(match kind {
        "Point" => Geometry::Point(Point(coord(need()?)?)),
        "MultiPoint" => Geometry::MultiPoint(MultiPoint(
            need()?
                .as_array()
                .ok_or("liste attendue")?
                .iter()
                .map(|p| coord(p).map(Point))
                .collect::<Result<_, _>>()?,
        )),
        "LineString" => Geometry::LineString(line(need()?)?),
        "MultiLineString" => Geometry::MultiLineString(MultiLineString(
            need()?
                .as_array()
                .ok_or("liste attendue")?
                .iter()
                .map(line)
                .collect::<Result<_, _>>()?,
        )),
        "Polygon" => Geometry::Polygon(polygon(need()?)?),
        "MultiPolygon" => Geometry::MultiPolygon(MultiPolygon(
            need()?
                .as_array()
                .ok_or("liste attendue")?
                .iter()
                .map(polygon)
                .collect::<Result<_, _>>()?,
        )),
        other => return Err(format!("type de géométrie non pris en charge : {other}")),
    })
}

/// The EPSG code of an old-style "crs" member ("EPSG:2154", "urn:ogc:def:crs:EPSG::2154").
fn crs_code(root: &Value) -> Option<u32> {
    let name = root.get("crs")?.get("properties")?.get("name")?.as_str()?;
    if name.to_uppercase().contains("CRS84") {
        return Some(4326);
    }
    let digits: String = name
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.chars().rev().collect::<String>().parse().ok()
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Reads GeoJSON bytes; `path` names the file.
pub fn read_geojson_bytes(bytes: &[u8], path: &Path) -> Result<VectorLayer, VectorError> {
    let file = file_name(path);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(VectorError::Empty { file });
    }
    let root: Value = serde_json::from_slice(bytes).map_err(|e| VectorError::Json {
        file: file.clone(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let crs = match crs_code(&root) {
        None => Crs::Wgs84,
        Some(code) => from_epsg(code).ok_or_else(|| VectorError::UnknownProjection {
            file: file.clone(),
            name: format!("EPSG:{code}"),
        })?,
    };
    let reprojector = crs.reprojector(&file)?;
    let items: Vec<&Value> = match root.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => root
            .get("features")
            .and_then(Value::as_array)
            .ok_or_else(|| VectorError::NotGeoJson {
                file: file.clone(),
                message: "FeatureCollection sans tableau « features »".into(),
            })?
            .iter()
            .collect(),
        Some("Feature") => vec![&root],
        Some(_) => vec![&root],
        None => {
            return Err(VectorError::NotGeoJson {
                file,
                message: "pas de membre « type »".into(),
            });
        }
    };
    let mut fields: Vec<String> = Vec::new();
    let mut features = Vec::new();
    let mut warnings = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        let (geom_value, props) = if item.get("type").and_then(Value::as_str) == Some("Feature") {
            (item.get("geometry"), item.get("properties"))
        } else {
            (Some(*item), None)
        };
        let Some(gv) = geom_value.filter(|g| !g.is_null()) else {
            warnings.push(format!("objet n° {n} : sans géométrie, écarté"));
            continue;
        };
        let geom = match geometry(gv) {
            Ok(g) => g,
            Err(e) => {
                warnings.push(format!("objet n° {n} : {e}, écarté"));
                continue;
            }
        };
        let Some(geom) = reproject_feature(reprojector.as_ref(), geom, n, &mut warnings) else {
            continue;
        };
        if !check_world(&geom) {
            warnings.push(format!(
                "objet n° {n} : coordonnées hors des limites du globe (projection non déclarée ?), écarté"
            ));
            continue;
        }
        let attributes: Vec<(String, String)> = props
            .and_then(Value::as_object)
            .map(|o| o.iter().map(|(k, v)| (k.clone(), text(v))).collect())
            .unwrap_or_default();
        for (k, _) in &attributes {
            if !fields.contains(k) {
                fields.push(k.clone());
            }
        }
        features.push(VectorFeature {
            geometry: geom,
            attributes,
        });
    }
    if features.is_empty() && !warnings.is_empty() {
        return Err(VectorError::NothingReadable {
            file,
            skipped: warnings.len(),
            first: warnings.first().cloned().unwrap_or_default(),
        });
    }
    Ok(VectorLayer {
        path: path.to_path_buf(),
        name: file,
        source_crs: crs.label(),
        fields,
        features,
        warnings,
    })
}
