//! GeoPackage 1.3 as GDAL writes it: `application_id` 'GPKG' and `user_version` 10300, the
//! `gpkg_spatial_ref_sys` table with the three required systems (undefined cartesian, undefined
//! geographic, WGS84) and Lambert-93, `gpkg_contents` with the layer's extent,
//! `gpkg_geometry_columns`, the feature table (`fid` primary key, `geom` MULTIPOLYGON blobs:
//! GeoPackage header with envelope + WKB), the R-tree spatial index `rtree_<table>_geom` with its
//! triggers registered in `gpkg_extensions`, and QGIS's `layer_styles` table holding the style, so
//! that QGIS opens the layer coloured as the map (not listed in `gpkg_contents`: GDAL shows one
//! layer; QGIS finds the table by its name). Built in memory with the SQLite compiled into
//! ti-atlas, handed over as bytes for the atomic write.

use geo::BoundingRect as _;
use rusqlite::{Connection, params};

use super::{Cell, FieldKind, LayerTable, OutputCrs};
use crate::io::vector::gpkg_geometry::gpkg_blob;

/// 'GPKG' as the SQLite application id.
pub const GPKG_APPLICATION_ID: i32 = 0x4750_4B47;
/// GeoPackage 1.3.
pub const GPKG_USER_VERSION: i32 = 10300;
/// The geometry column.
pub const GEOMETRY_COLUMN: &str = "geom";

fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn sql_error(e: rusqlite::Error) -> String {
    format!("écriture du GeoPackage impossible ({e})")
}

/// The tables every GeoPackage has, and the systems it declares.
const SCHEMA: &str = "
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
  identifier TEXT UNIQUE, description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_tile_matrix_set (table_name TEXT NOT NULL PRIMARY KEY, srs_id INTEGER NOT NULL,
  min_x DOUBLE NOT NULL, min_y DOUBLE NOT NULL, max_x DOUBLE NOT NULL, max_y DOUBLE NOT NULL,
  CONSTRAINT fk_gtms_table_name FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gtms_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_tile_matrix (table_name TEXT NOT NULL, zoom_level INTEGER NOT NULL,
  matrix_width INTEGER NOT NULL, matrix_height INTEGER NOT NULL, tile_width INTEGER NOT NULL,
  tile_height INTEGER NOT NULL, pixel_x_size DOUBLE NOT NULL, pixel_y_size DOUBLE NOT NULL,
  CONSTRAINT pk_ttm PRIMARY KEY (table_name, zoom_level),
  CONSTRAINT fk_tmm_table_name FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name));
CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,
  definition TEXT NOT NULL, scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256),
  f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256),
  styleName TEXT(30), styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN, description TEXT,
  owner TEXT(30), ui TEXT(30), update_time DATETIME DEFAULT CURRENT_TIMESTAMP);
";

/// The R-tree triggers of the GeoPackage 1.3 specification (annex F.3), for table `t`, geometry
/// column `c` and primary key `i`. (They call the ST_ functions GDAL and QGIS provide; created
/// after the rows are inserted, they never run here.)
fn rtree_triggers(t: &str, c: &str, i: &str) -> String {
    let rtree = ident(&format!("rtree_{t}_{c}"));
    let name = |suffix: &str| ident(&format!("rtree_{t}_{c}_{suffix}"));
    let (tq, cq, iq) = (ident(t), ident(c), ident(i));
    let values = format!(
        "NEW.{iq}, ST_MinX(NEW.{cq}), ST_MaxX(NEW.{cq}), ST_MinY(NEW.{cq}), ST_MaxY(NEW.{cq})"
    );
    format!(
        "CREATE TRIGGER {insert} AFTER INSERT ON {tq} WHEN (new.{cq} NOT NULL AND NOT \
         ST_IsEmpty(NEW.{cq})) BEGIN INSERT OR REPLACE INTO {rtree} VALUES ({values}); END;
CREATE TRIGGER {u1} AFTER UPDATE OF {cq} ON {tq} WHEN OLD.{iq} = NEW.{iq} AND (NEW.{cq} NOTNULL \
         AND NOT ST_IsEmpty(NEW.{cq})) BEGIN INSERT OR REPLACE INTO {rtree} VALUES ({values}); END;
CREATE TRIGGER {u2} AFTER UPDATE OF {cq} ON {tq} WHEN OLD.{iq} = NEW.{iq} AND (NEW.{cq} ISNULL \
         OR ST_IsEmpty(NEW.{cq})) BEGIN DELETE FROM {rtree} WHERE id = OLD.{iq}; END;
CREATE TRIGGER {u3} AFTER UPDATE ON {tq} WHEN OLD.{iq} != NEW.{iq} AND (NEW.{cq} NOTNULL AND \
         NOT ST_IsEmpty(NEW.{cq})) BEGIN DELETE FROM {rtree} WHERE id = OLD.{iq}; INSERT OR \
         REPLACE INTO {rtree} VALUES ({values}); END;
CREATE TRIGGER {u4} AFTER UPDATE ON {tq} WHEN OLD.{iq} != NEW.{iq} AND (NEW.{cq} ISNULL OR \
         ST_IsEmpty(NEW.{cq})) BEGIN DELETE FROM {rtree} WHERE id IN (OLD.{iq}, NEW.{iq}); END;
CREATE TRIGGER {delete} AFTER DELETE ON {tq} WHEN old.{cq} NOT NULL BEGIN DELETE FROM {rtree} \
         WHERE id = OLD.{iq}; END;",
        insert = name("insert"),
        u1 = name("update1"),
        u2 = name("update2"),
        u3 = name("update3"),
        u4 = name("update4"),
        delete = name("delete"),
    )
}

/// The layer as a GeoPackage file's bytes, its geometries already in `crs`; `styles` (QML, SLD)
/// go to `layer_styles` as the layer's default style.
pub fn gpkg_bytes(
    table: &LayerTable,
    crs: OutputCrs,
    styles: Option<(&str, &str)>,
) -> Result<Vec<u8>, String> {
    let mut conn = Connection::open_in_memory().map_err(sql_error)?;
    conn.execute_batch(&format!(
        "PRAGMA application_id = {GPKG_APPLICATION_ID}; PRAGMA user_version = \
         {GPKG_USER_VERSION};"
    ))
    .map_err(sql_error)?;
    let tx = conn.transaction().map_err(sql_error)?;
    tx.execute_batch(SCHEMA).map_err(sql_error)?;
    {
        let mut srs = tx
            .prepare(
                "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, \
                 organization_coordsys_id, definition, description) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(sql_error)?;
        srs.execute(params![
            "Undefined cartesian SRS",
            -1,
            "NONE",
            -1,
            "undefined",
            "undefined cartesian coordinate reference system"
        ])
        .map_err(sql_error)?;
        srs.execute(params![
            "Undefined geographic SRS",
            0,
            "NONE",
            0,
            "undefined",
            "undefined geographic coordinate reference system"
        ])
        .map_err(sql_error)?;
        srs.execute(params![
            "WGS 84 geodetic",
            4326,
            "EPSG",
            4326,
            OutputCrs::Wgs84.wkt(),
            "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"
        ])
        .map_err(sql_error)?;
        srs.execute(params![
            "RGF93 v1 / Lambert-93",
            2154,
            "EPSG",
            2154,
            OutputCrs::Lambert93.wkt(),
            Option::<String>::None
        ])
        .map_err(sql_error)?;
        // An overseas system, added as GDAL adds the layer's own.
        if crs.overseas_area().is_some() {
            srs.execute(params![
                crs.srs_name(),
                crs.epsg(),
                "EPSG",
                crs.epsg(),
                crs.wkt(),
                Option::<String>::None
            ])
            .map_err(sql_error)?;
        }
    }
    let name = &table.name;
    let srs_id = crs.epsg();
    // The layer's extent.
    let mut extent: Option<[f64; 4]> = None;
    let boxes: Vec<Option<[f64; 4]>> = table
        .features
        .iter()
        .map(|f| {
            f.geometry
                .bounding_rect()
                .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
        })
        .collect();
    for b in boxes.iter().flatten() {
        extent = Some(match extent {
            None => *b,
            Some(e) => [
                e[0].min(b[0]),
                e[1].min(b[1]),
                e[2].max(b[2]),
                e[3].max(b[3]),
            ],
        });
    }
    let [min_x, min_y, max_x, max_y] = extent.map_or([None; 4], |e| e.map(Some));
    tx.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, \
         min_y, max_x, max_y, srs_id) VALUES (?1, 'features', ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![name, table.title, min_x, min_y, max_x, max_y, srs_id],
    )
    .map_err(sql_error)?;
    tx.execute(
        "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, \
         srs_id, z, m) VALUES (?1, ?2, 'MULTIPOLYGON', ?3, 0, 0)",
        params![name, GEOMETRY_COLUMN, srs_id],
    )
    .map_err(sql_error)?;
    let mut columns = vec![
        "\"fid\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL".to_owned(),
        format!("{} MULTIPOLYGON", ident(GEOMETRY_COLUMN)),
    ];
    for f in &table.fields {
        let kind = match f.kind {
            FieldKind::Text => "TEXT",
            FieldKind::Integer => "INTEGER",
            FieldKind::Real => "REAL",
        };
        columns.push(format!("{} {kind}", ident(&f.name)));
    }
    tx.execute_batch(&format!(
        "CREATE TABLE {} ({});",
        ident(name),
        columns.join(", ")
    ))
    .map_err(sql_error)?;
    {
        let placeholders: Vec<String> = (0..table.fields.len() + 2)
            .map(|i| format!("?{}", i + 1))
            .collect();
        let mut names = vec!["\"fid\"".to_owned(), ident(GEOMETRY_COLUMN)];
        names.extend(table.fields.iter().map(|f| ident(&f.name)));
        let mut insert = tx
            .prepare(&format!(
                "INSERT INTO {} ({}) VALUES ({})",
                ident(name),
                names.join(", "),
                placeholders.join(", ")
            ))
            .map_err(sql_error)?;
        for (n, f) in table.features.iter().enumerate() {
            let blob = gpkg_blob(&geo::Geometry::MultiPolygon(f.geometry.clone()), srs_id);
            let mut values: Vec<rusqlite::types::Value> = vec![
                rusqlite::types::Value::Integer(n as i64 + 1),
                rusqlite::types::Value::Blob(blob),
            ];
            for cell in &f.cells {
                values.push(match cell {
                    Cell::Null => rusqlite::types::Value::Null,
                    Cell::Text(s) => rusqlite::types::Value::Text(s.clone()),
                    Cell::Integer(k) => rusqlite::types::Value::Integer(*k),
                    Cell::Real(x) if x.is_finite() => rusqlite::types::Value::Real(*x),
                    Cell::Real(_) => rusqlite::types::Value::Null,
                });
            }
            insert
                .execute(rusqlite::params_from_iter(values))
                .map_err(sql_error)?;
        }
    }
    // The spatial index, filled from the features' boxes, then its triggers.
    let rtree = format!("rtree_{name}_{GEOMETRY_COLUMN}");
    tx.execute_batch(&format!(
        "CREATE VIRTUAL TABLE {} USING rtree(id, minx, maxx, miny, maxy);",
        ident(&rtree)
    ))
    .map_err(sql_error)?;
    {
        let mut insert = tx
            .prepare(&format!(
                "INSERT INTO {} VALUES (?1, ?2, ?3, ?4, ?5)",
                ident(&rtree)
            ))
            .map_err(sql_error)?;
        for (n, b) in boxes.iter().enumerate() {
            if let Some([x0, y0, x1, y1]) = b {
                insert
                    .execute(params![n as i64 + 1, x0, x1, y0, y1])
                    .map_err(sql_error)?;
            }
        }
    }
    tx.execute_batch(&rtree_triggers(name, GEOMETRY_COLUMN, "fid"))
        .map_err(sql_error)?;
    tx.execute(
        "INSERT INTO gpkg_extensions VALUES (?1, ?2, 'gpkg_rtree_index', \
         'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
        params![name, GEOMETRY_COLUMN],
    )
    .map_err(sql_error)?;
    if let Some((qml, sld)) = styles {
        tx.execute(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, \
             f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, \
             owner) VALUES ('', '', ?1, ?2, ?3, ?4, ?5, 1, ?6, '')",
            params![
                name,
                GEOMETRY_COLUMN,
                name,
                qml,
                sld,
                "Classes et couleurs de la carte ti-atlas"
            ],
        )
        .map_err(sql_error)?;
    }
    tx.commit().map_err(sql_error)?;
    let data = conn.serialize(rusqlite::MAIN_DB).map_err(sql_error)?;
    Ok(data.to_vec())
}
