//! GeoJSON (RFC 7946): one FeatureCollection in WGS84 lon/lat (no "crs" member), MultiPolygons
//! with outer rings counter-clockwise and holes clockwise (as the bundle stores them),
//! coordinates to 1e-7° (the bundle's grid is 1e-5°: nothing is lost), properties named as the
//! GeoPackage's fields.

use super::{Cell, LayerTable};

fn number(x: f64) -> String {
    if x.is_finite() {
        serde_json::Number::from_f64(x).map_or_else(|| "null".into(), |n| n.to_string())
    } else {
        "null".into()
    }
}

fn coordinate(x: f64) -> String {
    // Rounded to 1e-7 and written without trailing zeros.
    number((x * 1e7).round() / 1e7)
}

/// The layer as GeoJSON bytes (UTF-8).
pub fn geojson_bytes(table: &LayerTable) -> Vec<u8> {
    let mut out = String::with_capacity(1 << 20);
    out.push_str("{\"type\":\"FeatureCollection\",\"name\":");
    out.push_str(&serde_json::Value::from(table.name.as_str()).to_string());
    out.push_str(",\"features\":[\n");
    for (n, f) in table.features.iter().enumerate() {
        if n > 0 {
            out.push_str(",\n");
        }
        out.push_str("{\"type\":\"Feature\",\"properties\":{");
        for (i, (field, cell)) in table.fields.iter().zip(&f.cells).enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&serde_json::Value::from(field.name.as_str()).to_string());
            out.push(':');
            match cell {
                Cell::Null => out.push_str("null"),
                Cell::Text(s) => out.push_str(&serde_json::Value::from(s.as_str()).to_string()),
                Cell::Integer(k) => out.push_str(&k.to_string()),
                Cell::Real(x) => out.push_str(&number(*x)),
            }
        }
        out.push_str("},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[");
        for (p, polygon) in f.geometry.0.iter().enumerate() {
            if p > 0 {
                out.push(',');
            }
            out.push('[');
            let rings = std::iter::once(polygon.exterior()).chain(polygon.interiors());
            for (r, ring) in rings.enumerate() {
                if r > 0 {
                    out.push(',');
                }
                out.push('[');
                for (k, c) in ring.0.iter().enumerate() {
                    if k > 0 {
                        out.push(',');
                    }
                    out.push('[');
                    out.push_str(&coordinate(c.x));
                    out.push(',');
                    out.push_str(&coordinate(c.y));
                    out.push(']');
                }
                out.push(']');
            }
            out.push(']');
        }
        out.push_str("]}}");
    }
    out.push_str("\n]}\n");
    out.into_bytes()
}
