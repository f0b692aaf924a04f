//! The bundle on disk: `data/tables.json.gz` (attribute tables, JSON) and
//! `data/geometry.bin.gz` (the topology, a compact binary described in data/README.md).
//! Both are embedded in the binary; the app and `ti-atlas stats` load them the same way.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

use super::varint::{self, Reader, Truncated};
use crate::model::geography::topology::{ArcRef, TopoArc, TopoFeature, TopoLayer, Topology};
use crate::model::{Dataset, LayerKind, Tables};

pub const TABLES_FILE: &str = "tables.json.gz";
pub const GEOMETRY_FILE: &str = "geometry.bin.gz";
const GEOMETRY_MAGIC: &[u8; 8] = b"TIGEOM01";

static EMBEDDED_TABLES: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/tables.json.gz"));
static EMBEDDED_GEOMETRY: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/geometry.bin.gz"));

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("{file} : décompression impossible ({source})")]
    Gzip {
        file: String,
        source: std::io::Error,
    },
    #[error("{file} : JSON invalide ({source})")]
    Json {
        file: String,
        source: serde_json::Error,
    },
    #[error("{file} : {source}")]
    Geometry { file: String, source: Truncated },
    #[error("{file} : en-tête inattendu, ce n'est pas une géométrie ti-atlas")]
    Magic { file: String },
    #[error("{file} : couche inconnue « {layer} »")]
    UnknownLayer { file: String, layer: String },
    #[error("{file} : {message}")]
    Invalid { file: String, message: String },
    #[error("lecture de {path} impossible ({source})")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("le lot de données est incohérent : {0}")]
    Mismatch(#[from] crate::model::geography::dataset::LayerMismatch),
}

/// How long each step of a load took.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadTimings {
    pub tables: Duration,
    pub geometry: Duration,
    pub total: Duration,
}

/// Loads the bundle compiled into the binary.
pub fn load_embedded() -> Result<(Dataset, LoadTimings), BundleError> {
    load_from_bytes(EMBEDDED_TABLES, EMBEDDED_GEOMETRY)
}

/// The attribute tables compiled into the binary, without the geometry (for `--version`).
pub fn embedded_tables() -> Result<Tables, BundleError> {
    decode_tables(EMBEDDED_TABLES)
}

/// Loads a bundle from a directory holding the two files.
pub fn load_from_dir(dir: &Path) -> Result<(Dataset, LoadTimings), BundleError> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read(&path).map_err(|source| BundleError::Io { path, source })
    };
    load_from_bytes(&read(TABLES_FILE)?, &read(GEOMETRY_FILE)?)
}

pub fn load_from_bytes(
    tables_gz: &[u8],
    geometry_gz: &[u8],
) -> Result<(Dataset, LoadTimings), BundleError> {
    let start = Instant::now();
    let tables = decode_tables(tables_gz)?;
    let t_tables = start.elapsed();
    let topology = decode_geometry(geometry_gz)?;
    let t_geom = start.elapsed() - t_tables;
    let dataset = Dataset::new(tables, topology)?;
    Ok((
        dataset,
        LoadTimings {
            tables: t_tables,
            geometry: t_geom,
            total: start.elapsed(),
        },
    ))
}

pub(crate) fn gunzip(file: &str, bytes: &[u8]) -> Result<Vec<u8>, BundleError> {
    let mut out = Vec::with_capacity(bytes.len() * 4);
    GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|source| BundleError::Gzip {
            file: file.to_owned(),
            source,
        })?;
    Ok(out)
}

/// Deterministic gzip: fixed level, no timestamp, no file name.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

pub fn decode_tables(gz: &[u8]) -> Result<Tables, BundleError> {
    let raw = gunzip(TABLES_FILE, gz)?;
    serde_json::from_slice(&raw).map_err(|source| BundleError::Json {
        file: TABLES_FILE.into(),
        source,
    })
}

pub fn encode_tables(tables: &Tables) -> Vec<u8> {
    // Serialising plain structs to a Vec cannot fail.
    let json = serde_json::to_vec(tables).unwrap_or_default();
    gzip(&json)
}

pub fn encode_geometry(topology: &Topology) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(GEOMETRY_MAGIC);
    varint::write_u64(&mut out, topology.tolerances_deg.len() as u64);
    for t in &topology.tolerances_deg {
        out.extend_from_slice(&t.to_le_bytes());
    }
    varint::write_u64(&mut out, topology.arcs.len() as u64);
    for arc in &topology.arcs {
        varint::write_u64(&mut out, arc.points.len() as u64);
        let mut prev = [0i32, 0i32];
        for p in &arc.points {
            varint::write_i64(&mut out, i64::from(p[0]) - i64::from(prev[0]));
            varint::write_i64(&mut out, i64::from(p[1]) - i64::from(prev[1]));
            prev = *p;
        }
        out.extend_from_slice(&arc.keep_from);
    }
    varint::write_u64(&mut out, topology.layers.len() as u64);
    for layer in &topology.layers {
        varint::write_string(&mut out, layer.kind.id());
        varint::write_u64(&mut out, layer.features.len() as u64);
        for f in &layer.features {
            varint::write_string(&mut out, &f.code);
            varint::write_u64(&mut out, f.polygons.len() as u64);
            for poly in &f.polygons {
                varint::write_u64(&mut out, poly.len() as u64);
                for ring in poly {
                    varint::write_u64(&mut out, ring.len() as u64);
                    for r in ring {
                        varint::write_u64(&mut out, r.to_code());
                    }
                }
            }
        }
    }
    gzip(&out)
}

pub fn decode_geometry(gz: &[u8]) -> Result<Topology, BundleError> {
    let raw = gunzip(GEOMETRY_FILE, gz)?;
    let file = || GEOMETRY_FILE.to_owned();
    let geom_err = |source| BundleError::Geometry {
        file: file(),
        source,
    };
    let mut r = Reader::new(&raw);
    if r.bytes(GEOMETRY_MAGIC.len()).map_err(geom_err)? != GEOMETRY_MAGIC {
        return Err(BundleError::Magic { file: file() });
    }
    let n_lods = r.length().map_err(geom_err)?;
    let tolerances_deg = (0..n_lods)
        .map(|_| r.f64())
        .collect::<Result<Vec<_>, _>>()
        .map_err(geom_err)?;
    let max_lod = u8::try_from(n_lods.saturating_sub(1)).unwrap_or(u8::MAX);
    let n_arcs = r.length().map_err(geom_err)?;
    let mut arcs = Vec::with_capacity(n_arcs);
    for _ in 0..n_arcs {
        let n = r.length().map_err(geom_err)?;
        let mut points = Vec::with_capacity(n);
        let (mut x, mut y) = (0i64, 0i64);
        for _ in 0..n {
            x += r.i64().map_err(geom_err)?;
            y += r.i64().map_err(geom_err)?;
            let p = [i32::try_from(x), i32::try_from(y)];
            match p {
                [Ok(x), Ok(y)] => points.push([x, y]),
                _ => return Err(geom_err(Truncated(r.position()))),
            }
        }
        let keep_from = r.bytes(n).map_err(geom_err)?.to_vec();
        if keep_from.iter().any(|&k| k > max_lod) {
            return Err(BundleError::Invalid {
                file: file(),
                message: format!("niveau de détail hors bornes dans l'arc {}", arcs.len()),
            });
        }
        arcs.push(TopoArc { points, keep_from });
    }
    let n_layers = r.length().map_err(geom_err)?;
    let mut layers = Vec::with_capacity(n_layers);
    for _ in 0..n_layers {
        let id = r.string().map_err(geom_err)?;
        let kind = LayerKind::from_id(&id).ok_or_else(|| BundleError::UnknownLayer {
            file: file(),
            layer: id.clone(),
        })?;
        let n_features = r.length().map_err(geom_err)?;
        let mut features = Vec::with_capacity(n_features);
        for _ in 0..n_features {
            let code = r.string().map_err(geom_err)?;
            let n_polys = r.length().map_err(geom_err)?;
            let mut polygons = Vec::with_capacity(n_polys);
            for _ in 0..n_polys {
                let n_rings = r.length().map_err(geom_err)?;
                let mut rings = Vec::with_capacity(n_rings);
                for _ in 0..n_rings {
                    let n_refs = r.length().map_err(geom_err)?;
                    let mut ring = Vec::with_capacity(n_refs);
                    for _ in 0..n_refs {
                        let code = r.u64().map_err(geom_err)?;
                        let arc_ref = ArcRef::from_code(code)
                            .filter(|a| (a.arc as usize) < arcs.len())
                            .ok_or_else(|| geom_err(Truncated(r.position())))?;
                        ring.push(arc_ref);
                    }
                    rings.push(ring);
                }
                polygons.push(rings);
            }
            features.push(TopoFeature { code, polygons });
        }
        layers.push(TopoLayer { kind, features });
    }
    if !r.is_at_end() {
        return Err(BundleError::Invalid {
            file: file(),
            message: format!("octets en trop après la position {}", r.position()),
        });
    }
    Ok(Topology {
        tolerances_deg,
        arcs,
        layers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Topology {
        Topology {
            tolerances_deg: vec![0.01, 0.0],
            arcs: vec![TopoArc {
                points: vec![[0, 0], [100, -5], [100, 100], [0, 0]],
                keep_from: vec![0, 1, 0, 0],
            }],
            layers: vec![TopoLayer {
                kind: LayerKind::Regions,
                features: vec![TopoFeature {
                    code: "84".into(),
                    polygons: vec![vec![vec![ArcRef {
                        arc: 0,
                        reversed: false,
                    }]]],
                }],
            }],
        }
    }

    #[test]
    fn geometry_round_trip_is_exact_and_deterministic() {
        let t = tiny();
        let a = encode_geometry(&t);
        let b = encode_geometry(&t);
        assert_eq!(a, b);
        assert_eq!(decode_geometry(&a).expect("decode"), t);
    }

    #[test]
    fn corrupt_geometry_gives_an_error() {
        assert!(matches!(
            decode_geometry(b"not gzip"),
            Err(BundleError::Gzip { .. })
        ));
        assert!(matches!(
            decode_geometry(&gzip(b"XXXXXXXX")),
            Err(BundleError::Magic { .. })
        ));
        let raw = {
            let mut d = Vec::new();
            let gz = encode_geometry(&tiny());
            GzDecoder::new(gz.as_slice())
                .read_to_end(&mut d)
                .expect("gunzip");
            d
        };
        for cut in [9, raw.len() / 2, raw.len() - 1] {
            let truncated = gzip(&raw[..cut]);
            assert!(decode_geometry(&truncated).is_err(), "cut at {cut}");
        }
    }
}
