//! Shapefile: .shp and .shx (polygons, written by the `shapefile` crate: outer rings clockwise),
//! .dbf in UTF-8 (texts of at most 254 bytes, cut on a character boundary; numbers as N fields),
//! .cpg "UTF-8", .prj of the coordinate system, and the mapping of the field names cut to 10
//! characters (`<nom>.champs.csv`, see [`super::field_names`]).

use std::cell::RefCell;
use std::io::{Cursor, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use shapefile::dbase::{self, FieldName, FieldValue, TableWriterBuilder};

use super::field_names::{mapping_csv, shapefile_names};
use super::{Cell, FieldKind, LayerTable, OutputCrs};

/// Longest text of a .dbf character field, in bytes.
const MAX_TEXT_BYTES: usize = 254;

/// A growable buffer the writers fill and the caller keeps (the crates' writers own their
/// destination and give it back to no one).
#[derive(Clone, Default)]
struct SharedBuffer(Rc<RefCell<Cursor<Vec<u8>>>>);

impl SharedBuffer {
    fn bytes(&self) -> Vec<u8> {
        self.0.borrow().get_ref().clone()
    }
}

impl Write for SharedBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Seek for SharedBuffer {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.0.borrow_mut().seek(pos)
    }
}

/// `text` cut to `max` bytes on a character boundary.
fn cut_bytes(text: &str, max: usize) -> String {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or("").to_owned()
}

/// The files of a shapefile named after `out` (.shp), in memory.
pub fn shapefile_files(
    table: &LayerTable,
    crs: OutputCrs,
    out: &Path,
) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    let names = shapefile_names(&table.fields);
    let mut builder = TableWriterBuilder::with_encoding(dbase::encoding::UnicodeLossy);
    for (name, field) in names.iter().zip(&table.fields) {
        let dbf_name = FieldName::try_from(name.as_str())
            .map_err(|_| format!("nom de champ impossible dans un .dbf : « {name} »"))?;
        builder = match field.kind {
            FieldKind::Text => builder.add_character_field(dbf_name, MAX_TEXT_BYTES as u8),
            FieldKind::Integer => builder.add_numeric_field(dbf_name, 18, 0),
            FieldKind::Real => builder.add_numeric_field(dbf_name, 24, 10),
        };
    }
    let (shp, shx, dbf) = (
        SharedBuffer::default(),
        SharedBuffer::default(),
        SharedBuffer::default(),
    );
    let dbf_error = |e: dbase::Error| format!("écriture du .dbf impossible ({e})");
    {
        let mut shapes = shapefile::ShapeWriter::with_shx(shp.clone(), shx.clone());
        let mut records = builder.build_with_dest(dbf.clone());
        for (n, f) in table.features.iter().enumerate() {
            let polygon = shapefile::Polygon::from(f.geometry.clone());
            shapes
                .write_shape(&polygon)
                .map_err(|e| format!("objet n° {} : écriture du .shp impossible ({e})", n + 1))?;
            let mut record = dbase::Record::default();
            for ((name, field), cell) in names.iter().zip(&table.fields).zip(&f.cells) {
                let value = match (field.kind, cell) {
                    (FieldKind::Text, Cell::Text(s)) => {
                        FieldValue::Character(Some(cut_bytes(s, MAX_TEXT_BYTES)))
                    }
                    (FieldKind::Text, _) => FieldValue::Character(None),
                    (_, Cell::Integer(k)) => FieldValue::Numeric(Some(*k as f64)),
                    (_, Cell::Real(x)) if x.is_finite() => FieldValue::Numeric(Some(*x)),
                    _ => FieldValue::Numeric(None),
                };
                record.insert(name.clone(), value);
            }
            records.write_record(&record).map_err(dbf_error)?;
        }
        shapes
            .finalize()
            .map_err(|e| format!("écriture du .shp impossible ({e})"))?;
        records.finalize().map_err(dbf_error)?;
    }
    Ok(vec![
        (out.with_extension("shp"), shp.bytes()),
        (out.with_extension("shx"), shx.bytes()),
        (out.with_extension("dbf"), dbf.bytes()),
        (out.with_extension("prj"), crs.prj().as_bytes().to_vec()),
        (out.with_extension("cpg"), b"UTF-8".to_vec()),
        (
            out.with_extension("champs.csv"),
            mapping_csv(&table.fields).into_bytes(),
        ),
    ])
}
