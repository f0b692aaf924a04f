//! Shapefiles: geometry from .shp (+ .shx), attributes from .dbf decoded with the .cpg's
//! encoding (UTF-8 when absent and valid, else Windows-1252, said in the warnings), projection
//! from .prj.

use std::path::{Path, PathBuf};

use super::crs_check::{Declared, antimeridian_warning, crosses_antimeridian, settle_crs};
use super::projection::{Crs, from_wkt, reproject_feature};
use super::{VectorError, VectorFeature, VectorLayer, check_world, unusable};
use crate::io::limits::{MAX_CELLS, MAX_FILE_BYTES, quoted};
use crate::io::read_file::{
    MAX_SMALL_FILE_BYTES, open_regular_capped, read_capped, read_user_file,
};
use crate::io::table::file_name;
use crate::model::text_grid::TextGrid;

/// Unreadable .dbf values listed one by one in the warnings; the others are counted.
const LISTED_BAD_VALUES: usize = 20;

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

/// The shapefile crate's error in French (its English text dropped).
fn shapefile_error_fr(e: &shapefile::Error) -> String {
    use shapefile::Error as E;
    match e {
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
        E::DbaseError(d) => dbase_error_fr(d),
        E::MissingDbf => "fichier .dbf manquant".into(),
        E::MissingIndexFile => "fichier .shx manquant".into(),
        _ => "contenu inattendu".into(),
    }
}

/// A dbase error kind in French, with a French detail when there is one (never the crate's
/// English text).
fn dbase_kind_fr(kind: &shapefile::dbase::ErrorKind) -> String {
    use shapefile::dbase::DateParseError as D;
    use shapefile::dbase::ErrorKind as K;
    match kind {
        K::IoError(_) => "lecture impossible (fichier tronqué ?)".into(),
        K::ParseFloatError(_) | K::ParseIntError(_) => "nombre illisible".into(),
        K::InvalidDate(d) => match d {
            D::InvalidLength(n) => format!("date illisible ({n} caractères au lieu de 8)"),
            D::NotAsciiDigit => "date illisible (caractères autres que des chiffres)".into(),
            D::InvalidMonth(m) => format!("date impossible (mois {m}, attendu de 1 à 12)"),
            D::InvalidDay(d) => format!("date impossible (jour {d}, attendu de 1 à 31)"),
            D::InvalidYear(y) => format!("date impossible (année {y})"),
        },
        K::InvalidTime(_) => "heure illisible".into(),
        K::InvalidFieldType(c) => format!("type de champ inconnu (« {} »)", c.escape_default()),
        K::MissingMemoFile | K::ErrorOpeningMemoFile(_) => {
            "fichier mémo (.dbt/.fpt) manquant".into()
        }
        K::StringDecodeError(_) => "texte illisible dans l'encodage déclaré (.cpg)".into(),
        K::UnsupportedCodePage(_) => "page de code non prise en charge".into(),
        K::InvalidFile(_) => "fichier .dbf invalide".into(),
        _ => "contenu inattendu".into(),
    }
}

/// The dbase crate's error in French, naming the record.
fn dbase_error_fr(e: &shapefile::dbase::Error) -> String {
    let place = match e.record_index() {
        Some(r) => format!("enregistrement n° {} : ", r.0 + 1),
        None => "en-tête : ".into(),
    };
    format!("{place}{}", dbase_kind_fr(e.kind()))
}

/// A .dbf record read field by field: a value that cannot be read (a date with month 55, a
/// number with letters) is kept as its French reason, the other fields are read; only an error
/// of the file itself (truncated, unreadable) stops the reading.
struct TolerantRecord(Vec<Result<shapefile::dbase::FieldValue, String>>);

impl shapefile::dbase::ReadableRecord for TolerantRecord {
    fn read_using<Source, MemoSource>(
        fields: &mut shapefile::dbase::FieldIterator<Source, MemoSource>,
    ) -> Result<Self, shapefile::dbase::FieldError>
    where
        Source: std::io::Read + std::io::Seek,
        MemoSource: std::io::Read + std::io::Seek,
    {
        use shapefile::dbase::ErrorKind as K;
        let mut values = Vec::new();
        loop {
            match fields.read_next_field() {
                Ok(v) => values.push(Ok(v.value)),
                Err(e) => match e.kind() {
                    K::EndOfRecord => break,
                    K::ParseFloatError(_)
                    | K::ParseIntError(_)
                    | K::InvalidDate(_)
                    | K::InvalidTime(_)
                    | K::StringDecodeError(_) => values.push(Err(dbase_kind_fr(e.kind()))),
                    _ => return Err(e),
                },
            }
        }
        Ok(TolerantRecord(values))
    }
}

pub fn read_shapefile(path: &Path) -> Result<VectorLayer, VectorError> {
    let file = file_name(path);
    // The .shp itself first: a device or a FIFO named .shp is refused as such.
    let shp_file =
        open_regular_capped(path, MAX_FILE_BYTES).map_err(|e| VectorError::from_read(path, e))?;
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
        source: crate::io::error_fr::IoFr(e),
    };
    let mut warnings = Vec::new();
    // Every file opened as a regular file, read within the limit (a .dbf linked to /dev/zero
    // or a FIFO named .shx is refused at once).
    let dbf_bytes = read_user_file(&dbf).map_err(|e| VectorError::from_read(&dbf, e))?;
    // Encoding of the attributes.
    let encoding = match companion(path, "cpg") {
        Some(cpg) => {
            let bytes = read_capped(&cpg, MAX_SMALL_FILE_BYTES)
                .map_err(|e| VectorError::from_read(&cpg, e))?;
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
            if std::str::from_utf8(&dbf_bytes).is_ok() {
                encoding_rs::UTF_8
            } else {
                warnings.push("pas de fichier .cpg : attributs lus en Windows-1252".into());
                encoding_rs::WINDOWS_1252
            }
        }
    };
    // Projection.
    let prj_file = companion(path, "prj");
    let declared = if prj_file.is_some() {
        Declared::ShapefilePrj
    } else {
        Declared::ShapefileNoPrj
    };
    let crs = match prj_file {
        Some(prj) => {
            let bytes = read_capped(&prj, MAX_SMALL_FILE_BYTES)
                .map_err(|e| VectorError::from_read(&prj, e))?;
            from_wkt(&String::from_utf8_lossy(&bytes)).map_err(|name| {
                VectorError::UnknownProjection {
                    file: file.clone(),
                    name: quoted(&name),
                }
            })?
        }
        None => Crs::Wgs84,
    };
    let shx_file =
        open_regular_capped(&shx, MAX_FILE_BYTES).map_err(|e| VectorError::from_read(&shx, e))?;
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
        .build(std::io::Cursor::new(dbf_bytes))
        .map_err(dbf_err)?;
    let fields: Vec<String> = dbf_reader
        .fields()
        .iter()
        .map(|f| f.name().to_owned())
        .collect();
    // Attributes, one record at a time, into one text buffer.
    let mut records = TextGrid::new(fields.len());
    let mut bad_values = 0usize;
    for record in dbf_reader.iter_records_as::<TolerantRecord>() {
        let record = record.map_err(dbf_err)?;
        if (records.rows() + 1).saturating_mul(fields.len()) > MAX_CELLS {
            return Err(VectorError::TooLarge {
                file: file_name(&dbf),
                message: format!("plus de {MAX_CELLS} cellules d'attributs (limite)"),
            });
        }
        let n = records.rows() + 1;
        for (c, field) in fields.iter().enumerate() {
            let text = match record.0.get(c) {
                Some(Ok(v)) => field_text(v),
                Some(Err(why)) => {
                    bad_values += 1;
                    if bad_values <= LISTED_BAD_VALUES {
                        warnings.push(format!(
                            "attribut « {} » de l'objet n° {n} : {why} : valeur laissée vide",
                            quoted(field)
                        ));
                    }
                    String::new()
                }
                None => String::new(),
            };
            records.push_cell(&text);
        }
    }
    if bad_values > LISTED_BAD_VALUES {
        warnings.push(format!(
            "et {} autre(s) valeur(s) illisible(s) dans le .dbf, laissées vides",
            bad_values - LISTED_BAD_VALUES
        ));
    }
    let mut features = Vec::new();
    let mut attributes = TextGrid::new(fields.len());
    let mut shape_count = 0usize;
    // Readable geometries in the file's coordinates: (index, geometry).
    let mut raw: Vec<(usize, geo::Geometry<f64>)> = Vec::new();
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
        if let Some(why) = unusable(&geom) {
            warnings.push(format!("objet n° {n} : {why}, écarté"));
            continue;
        }
        raw.push((i, geom));
    }
    // The declared projection against the coordinates, then reprojection.
    let numbered: Vec<(usize, geo::Geometry<f64>)> = std::mem::take(&mut raw)
        .into_iter()
        .map(|(i, g)| (i + 1, g))
        .collect();
    let (crs, crs_warnings) = settle_crs(&file, crs, declared, &numbered)?;
    warnings.extend(crs_warnings);
    let reprojector = crs.reprojector(&file)?;
    for (n, geom) in numbered {
        let i = n - 1;
        let Some(geom) = reproject_feature(reprojector.as_ref(), geom, n, &mut warnings) else {
            continue;
        };
        if !check_world(&geom) {
            warnings.push(format!(
                "objet n° {n} : coordonnées hors du globe (longitude ±180°, latitude ±90°){}, écarté",
                if reprojector.is_some() {
                    " après reprojection"
                } else {
                    ""
                }
            ));
            continue;
        }
        if crosses_antimeridian(&geom) {
            warnings.push(antimeridian_warning(n));
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
