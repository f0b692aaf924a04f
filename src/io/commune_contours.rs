//! The communes' own outlines (COG 2024, full detail on the 1e-5° grid), kept apart from the
//! map's topology: the map never draws them (its layers are dissolved from them in the data
//! build), a layer export for a GIS does (`export layer --layer communes`). Decoded only when
//! asked for, in the order of the bundle's commune table.

use geo::{Coord, LineString, MultiPolygon, Polygon};

use super::bundle::{BundleError, gunzip};
use super::varint::{self, Reader};
use crate::model::geography::topology::{GRID_PER_DEGREE, GridPoint};

pub const COMMUNES_FILE: &str = "communes.bin.gz";
const MAGIC: &[u8; 8] = b"TICOMM01";

static EMBEDDED: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/communes.bin.gz"));

/// A commune's polygons, each an outer ring then its holes (rings not closed).
pub type CommuneRings = Vec<Vec<Vec<GridPoint>>>;

/// The file's bytes for the communes' polygons, in the commune table's order.
pub fn encode(communes: &[(&str, &CommuneRings)]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    varint::write_u64(&mut out, communes.len() as u64);
    let mut prev = [0i32, 0i32];
    for (code, polygons) in communes {
        varint::write_string(&mut out, code);
        varint::write_u64(&mut out, polygons.len() as u64);
        for polygon in *polygons {
            varint::write_u64(&mut out, polygon.len() as u64);
            for ring in polygon {
                varint::write_u64(&mut out, ring.len() as u64);
                for p in ring {
                    varint::write_i64(&mut out, i64::from(p[0]) - i64::from(prev[0]));
                    varint::write_i64(&mut out, i64::from(p[1]) - i64::from(prev[1]));
                    prev = *p;
                }
            }
        }
    }
    super::bundle::gzip(&out)
}

/// The embedded communes' outlines: (INSEE code, polygons in degrees), in the commune table's
/// order.
pub fn embedded() -> Result<Vec<(String, MultiPolygon<f64>)>, BundleError> {
    decode(EMBEDDED)
}

pub fn decode(gz: &[u8]) -> Result<Vec<(String, MultiPolygon<f64>)>, BundleError> {
    let raw = gunzip(COMMUNES_FILE, gz)?;
    let err = |source| BundleError::Geometry {
        file: COMMUNES_FILE.to_owned(),
        source,
    };
    let mut r = Reader::new(&raw);
    if r.bytes(MAGIC.len()).map_err(err)? != MAGIC {
        return Err(BundleError::Magic {
            file: COMMUNES_FILE.to_owned(),
        });
    }
    let n = r.length().map_err(err)?;
    let mut out = Vec::with_capacity(n.min(100_000));
    let (mut x, mut y) = (0i64, 0i64);
    let mut point = |r: &mut Reader<'_>| -> Result<Coord<f64>, BundleError> {
        x += r.i64().map_err(err)?;
        y += r.i64().map_err(err)?;
        Ok(Coord {
            x: x as f64 / GRID_PER_DEGREE,
            y: y as f64 / GRID_PER_DEGREE,
        })
    };
    for _ in 0..n {
        let code = r.string().map_err(err)?;
        let n_polygons = r.length().map_err(err)?;
        let mut polygons = Vec::with_capacity(n_polygons.min(1_000));
        for _ in 0..n_polygons {
            let n_rings = r.length().map_err(err)?;
            let mut rings = Vec::with_capacity(n_rings.min(1_000));
            for _ in 0..n_rings {
                let n_points = r.length().map_err(err)?;
                let mut coords = Vec::with_capacity(n_points.min(1 << 20) + 1);
                for _ in 0..n_points {
                    coords.push(point(&mut r)?);
                }
                // Closed as geo expects.
                if let Some(&first) = coords.first() {
                    coords.push(first);
                }
                rings.push(LineString::new(coords));
            }
            let mut rings = rings.into_iter();
            if let Some(exterior) = rings.next() {
                polygons.push(Polygon::new(exterior, rings.collect()));
            }
        }
        out.push((code, MultiPolygon::new(polygons)));
    }
    if !r.is_at_end() {
        return Err(BundleError::Invalid {
            file: COMMUNES_FILE.to_owned(),
            message: "octets en trop après la dernière commune".into(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commune_round_trips_and_a_cut_file_is_refused() {
        let square: CommuneRings = vec![vec![
            vec![[100, 200], [300, 200], [300, 400], [100, 400]],
            vec![[150, 250], [150, 300], [200, 300]],
        ]];
        let bytes = encode(&[("01001", &square), ("2A004", &square)]);
        let back = decode(&bytes).expect("decoded");
        assert_eq!(back.len(), 2);
        assert_eq!(back[1].0, "2A004");
        let p = &back[0].1.0[0];
        assert_eq!(p.exterior().0.len(), 5);
        assert_eq!(p.interiors().len(), 1);
        assert!((p.exterior().0[1].x - 0.003).abs() < 1e-12);
        let raw = gunzip(COMMUNES_FILE, &bytes).unwrap();
        let cut = super::super::bundle::gzip(&raw[..raw.len() - 3]);
        assert!(matches!(decode(&cut), Err(BundleError::Geometry { .. })));
    }
}
