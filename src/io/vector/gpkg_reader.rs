//! GeoPackage layers (.gpkg: QGIS's default format, IGN's ADMIN EXPRESS): one feature table,
//! chosen by name or else the first polygon layer (then the first point layer), its projection
//! from `gpkg_spatial_ref_sys` (EPSG code, else the WKT definition), geometries from GeoPackage
//! blobs ([`super::gpkg_geometry`]) reprojected to WGS84, attributes as text. The same checks,
//! limits and French messages as the shapefile reader; the file is opened read-only through the
//! SQLite compiled into ti-atlas (rusqlite, "bundled"), no GDAL needed.

use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use super::crs_check::{Declared, antimeridian_warning, crosses_antimeridian, settle_crs};
use super::projection::{Crs, from_epsg, from_wkt, reproject_feature};
use super::{VectorError, VectorFeature, VectorLayer, check_world, unusable};
use crate::io::limits::{MAX_CELLS, MAX_FIELDS, name_list, quoted};
use crate::io::table::file_name;
use crate::model::text_grid::TextGrid;

/// One feature table listed in `gpkg_contents` / `gpkg_geometry_columns`.
#[derive(Clone, Debug, PartialEq)]
pub struct GpkgLayerInfo {
    pub table: String,
    pub geometry_column: String,
    /// As declared (POLYGON, MULTIPOLYGON, POINT…); for a layer declared GEOMETRY, the type of
    /// its first geometry.
    pub geometry_type: String,
    pub srs_id: i64,
}

impl GpkgLayerInfo {
    fn is_polygon(&self) -> bool {
        matches!(
            self.geometry_type.to_uppercase().as_str(),
            "POLYGON" | "MULTIPOLYGON" | "CURVEPOLYGON" | "MULTISURFACE" | "SURFACE"
        )
    }

    fn is_point(&self) -> bool {
        matches!(
            self.geometry_type.to_uppercase().as_str(),
            "POINT" | "MULTIPOINT"
        )
    }

    /// Whether the atlas can import the layer (polygons or points).
    pub fn importable(&self) -> bool {
        self.is_polygon() || self.is_point()
    }

    /// "communes (polygones)".
    pub fn describe(&self) -> String {
        let kind = if self.is_polygon() {
            "polygones"
        } else if self.is_point() {
            "points"
        } else {
            if is_line_type(&self.geometry_type) {
                "lignes"
            } else {
                "géométries"
            }
        };
        format!("{} ({kind})", quoted(&self.table))
    }
}

/// A SQL identifier in double quotes.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// SQLite's error in French (its English detail in parentheses).
fn sqlite_error_fr(e: &rusqlite::Error) -> String {
    let french = match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            "ce n'est pas une base SQLite (un GeoPackage est une base SQLite)"
        }
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => "base SQLite abîmée",
        Some(rusqlite::ErrorCode::CannotOpen) => "ouverture impossible",
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            "fichier verrouillé par un autre logiciel"
        }
        _ => "lecture impossible",
    };
    format!("{french} ({})", quoted(&e.to_string()))
}

fn gpkg_error(file: &str, e: &rusqlite::Error) -> VectorError {
    VectorError::GeoPackage {
        file: file.to_owned(),
        message: format!("GeoPackage illisible : {}", sqlite_error_fr(e)),
    }
}

fn not_gpkg(file: &str, why: &str) -> VectorError {
    VectorError::GeoPackage {
        file: file.to_owned(),
        message: format!("ce n'est pas un GeoPackage : {why}"),
    }
}

/// The feature tables of a GeoPackage, in the order of `gpkg_contents`.
pub fn list_layers(path: &Path) -> Result<Vec<GpkgLayerInfo>, VectorError> {
    let file = file_name(path);
    let conn = open(path, &file)?;
    layers(&conn, &file)
}

fn open(path: &Path, file: &str) -> Result<Connection, VectorError> {
    // SQLite opens the file itself: it must be a regular file within the size limit first
    // (a pipe would block SQLite's open, a device would be read without end).
    crate::io::read_file::open_regular_capped(path, crate::io::limits::MAX_FILE_BYTES)
        .map_err(|e| VectorError::from_read(path, e))?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| gpkg_error(file, &e))?;
    // A hostile file's schema cannot make SQLite run its functions.
    let _ = conn.execute_batch("PRAGMA trusted_schema = OFF;");
    Ok(conn)
}

fn layers(conn: &Connection, file: &str) -> Result<Vec<GpkgLayerInfo>, VectorError> {
    let has_contents: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('gpkg_contents', \
             'gpkg_geometry_columns', 'gpkg_spatial_ref_sys') AND type IN ('table', 'view')",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map_err(|e| gpkg_error(file, &e))?
        == 3;
    if !has_contents {
        return Err(not_gpkg(
            file,
            "tables gpkg_contents, gpkg_geometry_columns ou gpkg_spatial_ref_sys absentes",
        ));
    }
    let mut stmt = conn
        .prepare(
            "SELECT c.table_name, g.column_name, g.geometry_type_name, g.srs_id \
             FROM gpkg_contents c JOIN gpkg_geometry_columns g \
             ON lower(g.table_name) = lower(c.table_name) \
             WHERE c.data_type = 'features' ORDER BY c.rowid",
        )
        .map_err(|e| gpkg_error(file, &e))?;
    let rows = stmt
        .query_map([], |r| {
            Ok(GpkgLayerInfo {
                table: r.get(0)?,
                geometry_column: r.get(1)?,
                geometry_type: r.get(2)?,
                srs_id: r.get(3)?,
            })
        })
        .map_err(|e| gpkg_error(file, &e))?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row.map_err(|e| gpkg_error(file, &e))?);
    }
    // A layer declared GEOMETRY (GDAL writes it for a mix of polygons and multipolygons) is
    // described by its first geometry.
    for layer in &mut out {
        if layer.is_polygon() || layer.is_point() || is_line_type(&layer.geometry_type) {
            continue;
        }
        let first: Option<Vec<u8>> = conn
            .query_row(
                &format!(
                    "SELECT {} FROM {} WHERE {} IS NOT NULL LIMIT 1",
                    ident(&layer.geometry_column),
                    ident(&layer.table),
                    ident(&layer.geometry_column)
                ),
                [],
                |r| r.get::<_, Vec<u8>>(0),
            )
            .ok();
        let sampled = first
            .as_deref()
            .and_then(|b| super::gpkg_geometry::read_gpkg_blob(b).ok().flatten());
        let kind = match sampled {
            Some(geo::Geometry::Polygon(_) | geo::Geometry::MultiPolygon(_)) => "MULTIPOLYGON",
            Some(geo::Geometry::Point(_) | geo::Geometry::MultiPoint(_)) => "MULTIPOINT",
            Some(geo::Geometry::LineString(_) | geo::Geometry::MultiLineString(_)) => {
                "MULTILINESTRING"
            }
            _ => continue,
        };
        layer.geometry_type = kind.to_owned();
    }
    Ok(out)
}

fn is_line_type(t: &str) -> bool {
    matches!(
        t.to_uppercase().as_str(),
        "LINESTRING" | "MULTILINESTRING" | "CURVE" | "MULTICURVE" | "COMPOUNDCURVE"
    )
}

/// The projection of an SRS id: its EPSG code, else its WKT definition; the undefined systems
/// (-1, 0) as WGS84 (checked on the coordinates, as a shapefile without .prj).
fn crs_of(conn: &Connection, file: &str, srs_id: i64) -> Result<(Crs, bool), VectorError> {
    if srs_id == 0 || srs_id == -1 {
        return Ok((Crs::Wgs84, false));
    }
    let found = conn.query_row(
        "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys \
         WHERE srs_id = ?1",
        [srs_id],
        |r| {
            Ok((
                r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            ))
        },
    );
    let (organization, code, definition) = match found {
        Ok(t) => t,
        Err(rusqlite::Error::QueryReturnedNoRows) => {
            return Err(VectorError::UnknownProjection {
                file: file.to_owned(),
                name: format!("système n° {srs_id} absent de gpkg_spatial_ref_sys"),
            });
        }
        Err(e) => return Err(gpkg_error(file, &e)),
    };
    if organization.eq_ignore_ascii_case("EPSG")
        && let Some(crs) = u32::try_from(code).ok().and_then(from_epsg)
    {
        return Ok((crs, true));
    }
    from_wkt(&definition)
        .map(|c| (c, true))
        .map_err(|name| VectorError::UnknownProjection {
            file: file.to_owned(),
            name: if organization.is_empty() {
                quoted(&name)
            } else {
                format!("{} ({organization}:{code})", quoted(&name))
            },
        })
}

/// The text of an attribute value.
fn cell_text(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => String::new(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => format!("(binaire, {} octets)", b.len()),
    }
}

/// Reads a GeoPackage's layer `layer` (None: the first polygon layer, else the first point
/// layer, else the first layer; the others are named in the warnings).
pub fn read_gpkg(path: &Path, layer: Option<&str>) -> Result<VectorLayer, VectorError> {
    let file = file_name(path);
    let conn = open(path, &file)?;
    let all = layers(&conn, &file)?;
    if all.is_empty() {
        return Err(VectorError::NoFeature { file });
    }
    let chosen = match layer {
        Some(name) => all
            .iter()
            .find(|l| l.table == name)
            .or_else(|| all.iter().find(|l| l.table.eq_ignore_ascii_case(name)))
            .ok_or_else(|| VectorError::GeoPackage {
                file: file.clone(),
                message: format!(
                    "pas de couche « {} » ; couches du fichier : {}",
                    quoted(name),
                    name_list(
                        &all.iter().map(GpkgLayerInfo::describe).collect::<Vec<_>>(),
                        30
                    )
                ),
            })?,
        None => all
            .iter()
            .find(|l| l.is_polygon())
            .or_else(|| all.iter().find(|l| l.is_point()))
            .or(all.first())
            .ok_or_else(|| VectorError::NoFeature { file: file.clone() })?,
    }
    .clone();
    let mut warnings = Vec::new();
    if all.len() > 1 {
        let others: Vec<String> = all
            .iter()
            .filter(|l| l.table != chosen.table)
            .map(GpkgLayerInfo::describe)
            .collect();
        warnings.push(format!(
            "GeoPackage de {} couches : « {} » lue ; autres couches : {} (choisissez avec \
             --layer NOM)",
            all.len(),
            quoted(&chosen.table),
            name_list(&others, 30)
        ));
    }
    let (crs, declared) = crs_of(&conn, &file, chosen.srs_id)?;
    // The attribute columns: all but the geometry and the integer primary key.
    let mut fields = Vec::new();
    {
        let mut stmt = conn
            .prepare(&format!("PRAGMA table_info({})", ident(&chosen.table)))
            .map_err(|e| gpkg_error(&file, &e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    r.get::<_, i64>(5)?,
                ))
            })
            .map_err(|e| gpkg_error(&file, &e))?;
        for row in rows {
            let (name, kind, pk) = row.map_err(|e| gpkg_error(&file, &e))?;
            if name.eq_ignore_ascii_case(&chosen.geometry_column)
                || (pk > 0 && kind.eq_ignore_ascii_case("INTEGER"))
            {
                continue;
            }
            fields.push(name);
        }
    }
    if fields.len() > MAX_FIELDS {
        warnings.push(format!(
            "{} champs d'attributs : les {MAX_FIELDS} premiers sont lus, les autres ignorés \
             (limite)",
            fields.len()
        ));
        fields.truncate(MAX_FIELDS);
    }
    let mut columns = vec![ident(&chosen.geometry_column)];
    columns.extend(fields.iter().map(|f| ident(f)));
    let sql = format!(
        "SELECT {} FROM {}",
        columns.join(", "),
        ident(&chosen.table)
    );
    let mut stmt = conn.prepare(&sql).map_err(|e| gpkg_error(&file, &e))?;
    let mut rows = stmt.query([]).map_err(|e| gpkg_error(&file, &e))?;
    // Readable geometries in the file's coordinates, numbered, with their attributes.
    let mut numbered: Vec<(usize, geo::Geometry<f64>)> = Vec::new();
    let mut records = TextGrid::new(fields.len());
    let mut n = 0usize;
    while let Some(row) = rows.next().map_err(|e| gpkg_error(&file, &e))? {
        n += 1;
        if n.saturating_mul(fields.len().max(1)) > MAX_CELLS {
            return Err(VectorError::TooLarge {
                file,
                message: format!("plus de {MAX_CELLS} cellules d'attributs (limite)"),
            });
        }
        let geom = match row.get_ref(0).map_err(|e| gpkg_error(&file, &e))? {
            ValueRef::Blob(b) => super::gpkg_geometry::read_gpkg_blob(b),
            ValueRef::Null => Ok(None),
            _ => Err("la colonne de géométrie ne contient pas une géométrie GeoPackage".into()),
        };
        let geom = match geom {
            Ok(Some(g)) => g,
            Ok(None) => {
                warnings.push(format!("objet n° {n} : géométrie vide, écarté"));
                continue;
            }
            Err(why) => {
                warnings.push(format!(
                    "objet n° {n} : géométrie illisible : {why}, écarté"
                ));
                continue;
            }
        };
        if let Some(why) = unusable(&geom) {
            warnings.push(format!("objet n° {n} : {why}, écarté"));
            continue;
        }
        let mut cells = Vec::with_capacity(fields.len());
        for i in 0..fields.len() {
            cells.push(cell_text(
                row.get_ref(i + 1).map_err(|e| gpkg_error(&file, &e))?,
            ));
        }
        records.push_row(cells.iter().map(String::as_str));
        numbered.push((n, geom));
    }
    drop(rows);
    // The declared projection against the coordinates, as for a shapefile, then reprojection.
    let how = if declared {
        Declared::GeoPackageSrs
    } else {
        Declared::GeoPackageUndefined
    };
    let (crs, crs_warnings) = settle_crs(&file, crs, how, &numbered)?;
    warnings.extend(crs_warnings);
    let reprojector = crs.reprojector(&file)?;
    let mut features = Vec::new();
    let mut attributes = TextGrid::new(fields.len());
    for (record, (n, geom)) in numbered.into_iter().enumerate() {
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
        attributes.push_row(records.row(record).iter());
        features.push(VectorFeature {
            geometry: geom,
            number: n,
        });
    }
    if features.is_empty() {
        let skipped: Vec<&String> = warnings
            .iter()
            .filter(|w| w.starts_with("objet n°"))
            .collect();
        return Err(match skipped.first() {
            Some(first) => VectorError::NothingReadable {
                file,
                skipped: skipped.len(),
                first: (*first).clone(),
            },
            None => VectorError::NoFeature { file },
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
