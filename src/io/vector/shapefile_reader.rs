//! Shapefiles: geometry from .shp (+ .shx), attributes from .dbf decoded with the .cpg's
//! encoding (UTF-8 when absent and valid, else Windows-1252, said in the warnings), projection
//! from .prj.

use std::path::{Path, PathBuf};

use super::projection::{Crs, from_wkt, reproject_feature};
use super::{VectorError, VectorFeature, VectorLayer, check_world};
use crate::io::table::file_name;

/// The companion file with another extension, whatever its case (.DBF, .dbf).
fn companion(path: &Path, ext: &str) -> Option<PathBuf> {
    let lower = path.with_extension(ext);
    if lower.exists() {
        return Some(lower);
    }
    let upper = path.with_extension(ext.to_uppercase());
    upper.exists().then_some(upper)
}

/// The encoding a .cpg names.
fn encoding_from_cpg(text: &str) -> Option<&'static encoding_rs::Encoding> {
    let t = text.trim().to_lowercase();
    let label = match t.as_str() {
        "1252" | "ansi 1252" | "cp1252" => "windows-1252",
        "88591" | "8859_1" | "iso 88591" | "iso-8859-1" => "iso-8859-1",
        "65001" | "utf8" | "utf-8" => "utf-8",
        other => other,
    };
    encoding_rs::Encoding::for_label(label.as_bytes())
}

fn field_text(v: &shapefile::dbase::FieldValue) -> String {
    use shapefile::dbase::FieldValue as F;
    match v {
        F::Character(s) => s.clone().unwrap_or_default().trim().to_owned(),
        F::Numeric(n) => n.map(|x| x.to_string()).unwrap_or_default(),
        F::Logical(b) => b
            .map(|b| if b { "VRAI" } else { "FAUX" }.to_owned())
            .unwrap_or_default(),
        F::Date(d) => d
            .map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
            .unwrap_or_default(),
        F::Float(f) => f.map(|x| x.to_string()).unwrap_or_default(),
        F::Integer(i) => i.to_string(),
        F::Currency(c) | F::Double(c) => c.to_string(),
        F::DateTime(dt) => format!("{dt:?}"),
        F::Memo(m) => m.clone(),
    }
}

pub fn read_shapefile(path: &Path) -> Result<VectorLayer, VectorError> {
    let file = file_name(path);
    let shx = companion(path, "shx");
    let dbf = companion(path, "dbf");
    let missing: Vec<&str> = [("le .shx", shx.is_none()), ("le .dbf", dbf.is_none())]
        .into_iter()
        .filter(|(_, m)| *m)
        .map(|(n, _)| n)
        .collect();
    let (Some(shx), Some(dbf)) = (shx, dbf) else {
        return Err(VectorError::MissingCompanion {
            file,
            missing: missing.join(" et "),
        });
    };
    let shp_err = |e: shapefile::Error| VectorError::Shapefile {
        file: file.clone(),
        message: e.to_string(),
    };
    let io_err = |p: &Path, e: std::io::Error| VectorError::Io {
        file: file_name(p),
        source: e,
    };
    let mut warnings = Vec::new();
    // Encoding of the attributes.
    let encoding = match companion(path, "cpg") {
        Some(cpg) => {
            let text = std::fs::read_to_string(&cpg).map_err(|e| io_err(&cpg, e))?;
            match encoding_from_cpg(&text) {
                Some(e) => e,
                None => {
                    warnings.push(format!(
                        "encodage « {} » du .cpg inconnu : Windows-1252 supposé",
                        text.trim()
                    ));
                    encoding_rs::WINDOWS_1252
                }
            }
        }
        None => {
            let bytes = std::fs::read(&dbf).map_err(|e| io_err(&dbf, e))?;
            if std::str::from_utf8(&bytes).is_ok() {
                encoding_rs::UTF_8
            } else {
                warnings.push("pas de fichier .cpg : attributs lus en Windows-1252".into());
                encoding_rs::WINDOWS_1252
            }
        }
    };
    // Projection.
    let crs = match companion(path, "prj") {
        Some(prj) => {
            let wkt = std::fs::read_to_string(&prj).map_err(|e| io_err(&prj, e))?;
            from_wkt(&wkt).map_err(|name| VectorError::UnknownProjection {
                file: file.clone(),
                name,
            })?
        }
        None => Crs::Wgs84,
    };
    let shp_file = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
    let shx_file = std::fs::File::open(&shx).map_err(|e| io_err(&shx, e))?;
    let shapes = shapefile::ShapeReader::with_shx(
        std::io::BufReader::new(shp_file),
        std::io::BufReader::new(shx_file),
    )
    .map_err(shp_err)?
    .read()
    .map_err(shp_err)?;
    let dbf_reader = shapefile::dbase::ReaderBuilder::new()
        .with_encoding(shapefile::dbase::encoding::EncodingRs::from(encoding))
        .open(&dbf)
        .map_err(|e| VectorError::Shapefile {
            file: file_name(&dbf),
            message: e.to_string(),
        });
    let mut dbf_reader = dbf_reader?;
    let fields: Vec<String> = dbf_reader
        .fields()
        .iter()
        .map(|f| f.name().to_owned())
        .collect();
    let records = dbf_reader.read().map_err(|e| VectorError::Shapefile {
        file: file_name(&dbf),
        message: e.to_string(),
    })?;
    if shapes.len() != records.len() {
        warnings.push(format!(
            "{} géométries pour {} lignes d'attributs : les objets sans attributs gardent des attributs vides",
            shapes.len(),
            records.len()
        ));
    }
    let reprojector = crs.reprojector(&file)?;
    let mut features = Vec::with_capacity(shapes.len());
    for (i, shape) in shapes.into_iter().enumerate() {
        let n = i + 1;
        if matches!(shape, shapefile::Shape::NullShape) {
            warnings.push(format!("objet n° {n} : géométrie vide, écarté"));
            continue;
        }
        let geom: geo::Geometry<f64> = match geo::Geometry::try_from(shape) {
            Ok(g) => g,
            Err(e) => {
                warnings.push(format!("objet n° {n} : géométrie illisible ({e}), écarté"));
                continue;
            }
        };
        let Some(geom) = reproject_feature(reprojector.as_ref(), geom, n, &mut warnings) else {
            continue;
        };
        if !check_world(&geom) {
            if reprojector.is_none() {
                use geo::CoordsIter as _;
                let c = geom
                    .coords_iter()
                    .next()
                    .unwrap_or(geo::Coord { x: 0.0, y: 0.0 });
                return Err(VectorError::NoProjection {
                    file,
                    x: c.x,
                    y: c.y,
                });
            }
            warnings.push(format!(
                "objet n° {n} : coordonnées hors du globe après reprojection, écarté"
            ));
            continue;
        }
        let attributes = records
            .get(i)
            .map(|r| {
                fields
                    .iter()
                    .map(|f| (f.clone(), r.get(f).map(field_text).unwrap_or_default()))
                    .collect()
            })
            .unwrap_or_default();
        features.push(VectorFeature {
            geometry: geom,
            attributes,
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
