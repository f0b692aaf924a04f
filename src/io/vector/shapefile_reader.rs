//! Shapefiles: geometry from .shp (+ .shx), attributes from .dbf decoded with the .cpg's
//! encoding (UTF-8 when absent and valid, else Windows-1252, said in the warnings), projection
//! from .prj.

use std::path::{Path, PathBuf};

use super::projection::{Crs, from_wkt, reproject_feature};
use super::{VectorError, VectorFeature, VectorLayer, check_world, degenerate, has_non_finite};
use crate::io::limits::{MAX_CELLS, quoted};
use crate::io::table::file_name;
use crate::model::text_grid::TextGrid;

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
        F::DateTime(dt) => {
            let (d, t) = (dt.date(), dt.time());
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                d.year(),
                d.month(),
                d.day(),
                t.hours(),
                t.minutes(),
                t.seconds()
            )
        }
        F::Memo(m) => m.clone(),
    }
}

/// The shapefile crate's error in French (its English detail in parentheses).
fn shapefile_error_fr(e: &shapefile::Error) -> String {
    use shapefile::Error as E;
    let french = match e {
        E::IoError(_) => "lecture impossible (fichier tronqué ?)".to_owned(),
        E::InvalidFileCode(c) => {
            format!("ce n'est pas un fichier .shp (code de fichier {c} au lieu de 9994)")
        }
        E::InvalidShapeType(c) => format!("type de géométrie inconnu (code {c})"),
        E::InvalidPatchType(c) => format!("type de facette inconnu (code {c})"),
        E::MismatchShapeType { .. } => "types de géométrie mélangés dans un même fichier".into(),
        E::InvalidShapeRecordSize => {
            "taille d'enregistrement incohérente (fichier tronqué ou abîmé)".into()
        }
        E::AllocationLimitExceeded { .. } => {
            "le fichier déclare un nombre de points démesuré (fichier abîmé)".into()
        }
        E::OrphanedInnerRing => "anneau intérieur sans anneau extérieur".into(),
        E::DbaseError(d) => return dbase_error_fr(d),
        E::MissingDbf => "fichier .dbf manquant".into(),
        E::MissingIndexFile => "fichier .shx manquant".into(),
        _ => "contenu inattendu".into(),
    };
    format!("{french} ({})", quoted(&e.to_string()))
}

/// The dbase crate's error in French, naming the record (its English detail in parentheses,
/// never its Debug form).
fn dbase_error_fr(e: &shapefile::dbase::Error) -> String {
    use shapefile::dbase::ErrorKind as K;
    let french = match e.kind() {
        K::IoError(_) => "lecture impossible (fichier tronqué ?)",
        K::ParseFloatError(_) | K::ParseIntError(_) => "nombre illisible",
        K::InvalidDate(_) => "date illisible",
        K::InvalidTime(_) => "heure illisible",
        K::InvalidFieldType(_) => "type de champ inconnu",
        K::MissingMemoFile | K::ErrorOpeningMemoFile(_) => "fichier mémo (.dbt/.fpt) manquant",
        K::StringDecodeError(_) => "texte illisible dans l'encodage déclaré (.cpg)",
        K::UnsupportedCodePage(_) => "page de code non prise en charge",
        K::InvalidFile(_) => "fichier .dbf invalide",
        _ => "contenu inattendu",
    };
    let place = match e.record_index() {
        Some(r) => format!("enregistrement n° {} : ", r.0 + 1),
        None => "en-tête : ".into(),
    };
    format!("{place}{french} ({})", quoted(&e.kind().to_string()))
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
        message: shapefile_error_fr(&e),
    };
    let dbf_err = |e: shapefile::dbase::Error| VectorError::Shapefile {
        file: file_name(&dbf),
        message: dbase_error_fr(&e),
    };
    let io_err = |p: &Path, e: std::io::Error| VectorError::Io {
        file: file_name(p),
        source: e,
    };
    let mut warnings = Vec::new();
    // Encoding of the attributes.
    let encoding = match companion(path, "cpg") {
        Some(cpg) => {
            let bytes = std::fs::read(&cpg).map_err(|e| io_err(&cpg, e))?;
            let text = String::from_utf8_lossy(&bytes);
            match encoding_from_cpg(&text) {
                Some(e) => e,
                None => {
                    warnings.push(format!(
                        "encodage « {} » du .cpg inconnu : Windows-1252 supposé",
                        quoted(text.trim())
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
            let bytes = std::fs::read(&prj).map_err(|e| io_err(&prj, e))?;
            from_wkt(&String::from_utf8_lossy(&bytes)).map_err(|name| {
                VectorError::UnknownProjection {
                    file: file.clone(),
                    name: quoted(&name),
                }
            })?
        }
        None => Crs::Wgs84,
    };
    let reprojector = crs.reprojector(&file)?;
    let shp_file = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
    let shx_file = std::fs::File::open(&shx).map_err(|e| io_err(&shx, e))?;
    // Every record's counts against its size, before the crate reserves room for them.
    super::shp_check::check_records(&file, &shp_file, &shx_file)?;
    let seek_start =
        |mut f: &std::fs::File, p: &Path| std::io::Seek::rewind(&mut f).map_err(|e| io_err(p, e));
    seek_start(&shp_file, path)?;
    seek_start(&shx_file, &shx)?;
    let mut shapes = shapefile::ShapeReader::with_shx(
        std::io::BufReader::new(shp_file),
        std::io::BufReader::new(shx_file),
    )
    .map_err(shp_err)?;
    let mut dbf_reader = shapefile::dbase::ReaderBuilder::new()
        .with_encoding(shapefile::dbase::encoding::EncodingRs::from(encoding))
        .open(&dbf)
        .map_err(dbf_err)?;
    let fields: Vec<String> = dbf_reader
        .fields()
        .iter()
        .map(|f| f.name().to_owned())
        .collect();
    // Attributes, one record at a time, into one text buffer.
    let mut records = TextGrid::new(fields.len());
    for record in dbf_reader.iter_records() {
        let record = record.map_err(dbf_err)?;
        if (records.rows() + 1).saturating_mul(fields.len()) > MAX_CELLS {
            return Err(VectorError::TooLarge {
                file: file_name(&dbf),
                message: format!("plus de {MAX_CELLS} cellules d'attributs (limite)"),
            });
        }
        for f in &fields {
            records.push_cell(&record.get(f).map(field_text).unwrap_or_default());
        }
    }
    let mut features = Vec::new();
    let mut attributes = TextGrid::new(fields.len());
    let mut shape_count = 0usize;
    for (i, shape) in shapes.iter_shapes().enumerate() {
        let n = i + 1;
        shape_count = n;
        let shape = shape.map_err(|e| VectorError::ShapefileRecord {
            file: file.clone(),
            record: n,
            message: shapefile_error_fr(&e),
        })?;
        if matches!(shape, shapefile::Shape::NullShape) {
            warnings.push(format!("objet n° {n} : géométrie vide, écarté"));
            continue;
        }
        let geom: geo::Geometry<f64> = match geo::Geometry::try_from(shape) {
            Ok(g) => g,
            Err(e) => {
                warnings.push(format!(
                    "objet n° {n} : géométrie illisible : {}, écarté",
                    shapefile_error_fr(&e)
                ));
                continue;
            }
        };
        if has_non_finite(&geom) {
            warnings.push(format!(
                "objet n° {n} : coordonnée non numérique (NaN ou infinie), écarté"
            ));
            continue;
        }
        if let Some(why) = degenerate(&geom) {
            warnings.push(format!("objet n° {n} : {why}, écarté"));
            continue;
        }
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
        if i < records.rows() {
            attributes.push_row(records.row(i).iter());
        } else {
            attributes.push_row([]);
        }
        features.push(VectorFeature {
            geometry: geom,
            number: n,
        });
    }
    if shape_count != records.rows() {
        warnings.push(format!(
            "{} géométries pour {} lignes d'attributs : les objets sans attributs gardent des attributs vides",
            shape_count,
            records.rows()
        ));
    }
    if features.is_empty() {
        return Err(if warnings.iter().any(|w| w.starts_with("objet n°")) {
            VectorError::NothingReadable {
                file,
                skipped: warnings
                    .iter()
                    .filter(|w| w.starts_with("objet n°"))
                    .count(),
                first: warnings
                    .iter()
                    .find(|w| w.starts_with("objet n°"))
                    .cloned()
                    .unwrap_or_default(),
            }
        } else {
            VectorError::NoFeature { file }
        });
    }
    Ok(VectorLayer {
        path: path.to_path_buf(),
        name: file,
        source_crs: crs.label(),
        fields,
        features,
        attributes,
        warnings,
    })
}
