//! XLSX with calamine: one sheet as text cells (integers without ".0", dates as ISO text).
//!
//! The cells are streamed one by one (calamine's cell reader), never through a dense `Range`:
//! the dimension a sheet declares and the position of its farthest cell drive no allocation
//! (one value in XFD1048576 costs one cell). Rows and columns past the limits are refused with
//! the cell named, before the table is built. Formulas without a computed value and merged
//! areas are reported.

use std::io::{Read as _, Seek};
use std::path::Path;

use calamine::{DataRef, Reader as _, Xlsx, XlsxError};

use super::csv_reader::check_headers;
use super::{MergedArea, RawTable, TableError, TextGrid, file_name};
use crate::io::limits::{MAX_CELLS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, name_list, quoted};
use crate::model::imports::action_plan::RowProblem;

/// Formula cells listed one by one in the warnings; the others are counted.
const LISTED_FORMULAS: usize = 20;

/// Largest uncompressed part of the workbook (the shared strings are held whole).
const MAX_PART_BYTES: u64 = 1024 * 1024 * 1024;

/// Excel's name of a column (0 → A, 25 → Z, 26 → AA, 16383 → XFD).
pub fn column_name(column: u32) -> String {
    let mut n = u64::from(column) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Excel's name of a cell from 0-based row and column ("B3").
pub fn cell_name(row: u32, column: u32) -> String {
    format!("{}{}", column_name(column), u64::from(row) + 1)
}

/// The text of a cell as the user sees it, codes and numbers alike.
fn cell_text(d: &DataRef<'_>) -> String {
    match d {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.trim().to_owned(),
        DataRef::SharedString(s) => s.trim().to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => if *b { "VRAI" } else { "FAUX" }.to_owned(),
        DataRef::DateTime(dt) => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            if (hh, mm, ss) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}")
            }
        }
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

/// calamine's error in French, its own English detail in parentheses.
fn xlsx_error(file: &str, e: XlsxError) -> TableError {
    let what = match &e {
        XlsxError::Io(_) => "lecture impossible",
        XlsxError::Zip(_) => {
            "ce n'est pas une archive XLSX lisible (fichier abîmé, tronqué ou d'un autre format)"
        }
        XlsxError::Password => {
            "classeur protégé par un mot de passe : enregistrez-en une copie sans mot de passe"
        }
        XlsxError::Xml(_) | XlsxError::XmlAttr(_) | XlsxError::XmlEof(_) => "contenu XML abîmé",
        XlsxError::FileNotFound(_) | XlsxError::RelationshipNotFound => {
            "partie manquante dans l'archive"
        }
        _ => "contenu inattendu",
    };
    TableError::Xlsx {
        file: file.to_owned(),
        message: format!("{what} ; détail : {}", quoted(&e.to_string())),
    }
}

/// Checks the archive before calamine opens it: every part's declared size, and the shared
/// strings' declared count (calamine reserves room for it up front).
fn check_archive(file: &str, reader: impl std::io::Read + Seek) -> Result<(), TableError> {
    let archive_error = |detail: String| TableError::Xlsx {
        file: file.to_owned(),
        message: format!(
            "ce n'est pas une archive XLSX lisible (fichier abîmé, tronqué ou d'un autre format) ; détail : {}",
            quoted(&detail)
        ),
    };
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| archive_error(e.to_string()))?;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            continue;
        };
        if entry.size() > MAX_PART_BYTES {
            return Err(TableError::TooLarge {
                file: file.to_owned(),
                message: format!(
                    "la partie « {} » du classeur déclare {} Mo une fois décompressée (limite : {} Mo)",
                    quoted(&entry.name().unwrap_or_default()),
                    entry.size() / (1024 * 1024),
                    MAX_PART_BYTES / (1024 * 1024)
                ),
            });
        }
    }
    let name = (0..zip.len()).find_map(|i| {
        let entry = zip.by_index_raw(i).ok()?;
        entry
            .name()
            .ok()?
            .eq_ignore_ascii_case("xl/sharedStrings.xml")
            .then_some(i)
    });
    if let Some(i) = name
        && let Ok(entry) = zip.by_index(i)
    {
        let mut head = Vec::with_capacity(4096);
        let _ = entry.take(4096).read_to_end(&mut head);
        let head = String::from_utf8_lossy(&head);
        if let Some(count) = declared_count(&head, "uniqueCount")
            && count > MAX_CELLS as u64
        {
            return Err(TableError::TooLarge {
                file: file.to_owned(),
                message: format!(
                    "le classeur déclare {count} textes différents (limite : {MAX_CELLS} cellules)"
                ),
            });
        }
    }
    Ok(())
}

/// The number in `name="…"` of the `<sst` element.
fn declared_count(xml: &str, name: &str) -> Option<u64> {
    let sst = xml.find("<sst")?;
    let tag_end = xml.get(sst..)?.find('>').map_or(xml.len(), |e| sst + e);
    let tag = xml.get(sst..tag_end)?;
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let digits: String = tag
        .get(at..)?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    // A count too long for u64 is beyond any limit.
    Some(digits.parse().unwrap_or(u64::MAX))
}

/// One non-empty cell, its text in the shared buffer.
struct SparseCell {
    row: u32,
    column: u32,
    start: usize,
    end: usize,
}

/// Reads one sheet (by name, else the first) of an XLSX file.
pub fn read_xlsx(path: &Path, sheet: Option<&str>) -> Result<RawTable, TableError> {
    let file = file_name(path);
    let io_error = |e| TableError::Io {
        file: file.clone(),
        source: e,
    };
    let size = std::fs::metadata(path).map_err(io_error)?.len();
    if size > MAX_FILE_BYTES {
        return Err(TableError::TooLarge {
            file,
            message: format!(
                "fichier trop volumineux : {} Mo (limite : {} Mo)",
                size / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        });
    }
    let f = std::fs::File::open(path).map_err(io_error)?;
    guarded(path, || {
        read_xlsx_from(std::io::BufReader::new(f), path, sheet)
    })
}

/// [`read_xlsx`] on the bytes of a workbook; `path` names it in messages.
pub fn read_xlsx_bytes(
    bytes: &[u8],
    path: &Path,
    sheet: Option<&str>,
) -> Result<RawTable, TableError> {
    guarded(path, || {
        read_xlsx_from(std::io::Cursor::new(bytes), path, sheet)
    })
}

/// Runs a read that goes through calamine, turning a panic of the library on a malformed
/// workbook (e.g. an arithmetic overflow on an absurd cell reference, which debug builds
/// check) into a French error naming the file: no workbook stops the program.
fn guarded(
    path: &Path,
    read: impl FnOnce() -> Result<RawTable, TableError>,
) -> Result<RawTable, TableError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(TableError::Xlsx {
            file: file_name(path),
            message: format!(
                "classeur abîmé : la lecture XLSX s'est arrêtée sur un contenu incohérent \
                 (référence de cellule ou dimension impossible) ; détail : {}",
                quoted(&detail)
            ),
        })
    })
}

fn read_xlsx_from<R: std::io::Read + Seek>(
    mut reader: R,
    path: &Path,
    sheet: Option<&str>,
) -> Result<RawTable, TableError> {
    let file = file_name(path);
    check_archive(&file, &mut reader)?;
    reader.rewind().map_err(|e| TableError::Io {
        file: file.clone(),
        source: e,
    })?;
    let mut workbook: Xlsx<_> = Xlsx::new(reader).map_err(|e| xlsx_error(&file, e))?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(wanted))
            .cloned()
            .ok_or_else(|| TableError::MissingSheet {
                file: file.clone(),
                wanted: quoted(wanted),
                available: name_list(&names, 20),
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| TableError::Empty { file: file.clone() })?,
    };
    let merged_areas = workbook
        .merge_cells_by_sheet_name(&name)
        .unwrap_or_default();
    let cell_error = |row: u32, column: u32, message: String| TableError::XlsxCell {
        file: file.clone(),
        sheet: quoted(&name),
        cell: cell_name(row, column),
        message,
    };

    // 1. Every non-empty cell, sparse, in a shared buffer.
    let mut text = String::new();
    let mut cells: Vec<SparseCell> = Vec::new();
    let mut formulas: Vec<(u32, u32, String)> = Vec::new();
    let mut formula_count = 0usize;
    {
        let mut reader = workbook
            .worksheet_cells_reader(&name)
            .map_err(|e| xlsx_error(&file, e))?;
        while let Some(cell) = reader
            .next_cell_with_formula_metadata()
            .map_err(|e| xlsx_error(&file, e))?
        {
            let (row, column) = cell.pos;
            if row as usize >= MAX_ROWS || column as usize >= MAX_COLUMNS {
                return Err(cell_error(
                    row,
                    column,
                    format!(
                        "au-delà des limites d'Excel ({MAX_ROWS} lignes, {MAX_COLUMNS} colonnes) : classeur abîmé"
                    ),
                ));
            }
            let value = cell_text(&cell.value);
            if value.is_empty() {
                if let Some(f) = cell.formula {
                    formula_count += 1;
                    if formulas.len() < LISTED_FORMULAS {
                        let shown = match f {
                            calamine::XlsxFormulaMetadata::Normal { formula }
                            | calamine::XlsxFormulaMetadata::Shared { formula, .. } => {
                                format!(" (={})", quoted(&formula))
                            }
                            _ => String::new(),
                        };
                        formulas.push((row, column, shown));
                    }
                }
                continue;
            }
            if cells.len() >= MAX_CELLS {
                return Err(cell_error(
                    row,
                    column,
                    format!(
                        "plus de {MAX_CELLS} cellules remplies (limite) : découpez le classeur"
                    ),
                ));
            }
            let start = text.len();
            text.push_str(&value);
            cells.push(SparseCell {
                row,
                column,
                start,
                end: text.len(),
            });
        }
    }
    // Stream order is row by row in files written by Excel; others are put in order.
    if !cells
        .windows(2)
        .all(|w| (w[0].row, w[0].column) <= (w[1].row, w[1].column))
    {
        cells.sort_by_key(|c| (c.row, c.column));
    }
    let value = |c: &SparseCell| text.get(c.start..c.end).unwrap_or("");

    // 2. The header: the first row with a value; table columns start at the leftmost cell.
    let first_column = cells.iter().map(|c| c.column).min().unwrap_or(0);
    let Some(header_row) = cells.first().map(|c| c.row) else {
        return Err(TableError::Empty { file });
    };
    let header_cells: Vec<&SparseCell> = cells.iter().take_while(|c| c.row == header_row).collect();
    let width = header_cells
        .last()
        .map_or(0, |c| (c.column - first_column) as usize + 1);
    let mut headers = vec![String::new(); width];
    for c in &header_cells {
        if let Some(h) = headers.get_mut((c.column - first_column) as usize) {
            *h = value(c).to_owned();
        }
    }
    // 3. Every value has a column; the table stays within the cell limit.
    if let Some(c) = cells
        .iter()
        .find(|c| (c.column - first_column) as usize >= width)
    {
        return Err(cell_error(
            c.row,
            c.column,
            format!(
                "valeur « {} » hors du tableau : sa colonne {} n'a pas de nom dans l'en-tête (ligne {}) ; supprimez-la ou nommez la colonne",
                quoted(value(c)),
                column_name(c.column),
                header_row + 1
            ),
        ));
    }
    let mut data_rows: Vec<u32> = cells
        .iter()
        .map(|c| c.row)
        .filter(|&r| r != header_row)
        .collect();
    data_rows.dedup();
    if data_rows.len().saturating_mul(width) > MAX_CELLS {
        let last = cells.last().map_or((0, 0), |c| (c.row, c.column));
        return Err(cell_error(
            last.0,
            last.1,
            format!(
                "{} lignes de {width} colonnes dépassent la limite de {MAX_CELLS} cellules : découpez le classeur",
                data_rows.len()
            ),
        ));
    }
    check_headers(&file, &headers)?;
    if data_rows.is_empty() {
        let others: Vec<&String> = names.iter().filter(|n| **n != name).collect();
        return Err(TableError::NoRows {
            file: format!("{file}, feuille « {} »", quoted(&name)),
            headers: name_list(&headers, 20),
            hint: if others.is_empty() {
                String::new()
            } else {
                format!(
                    " ; autres feuilles du classeur : {} (choisissez-en une)",
                    name_list(&others, 20)
                )
            },
        });
    }
    // 4. The dense table, only over the rows that hold something.
    let mut grid = TextGrid::new(width);
    grid.reserve(data_rows.len(), text.len());
    let mut row_numbers = Vec::with_capacity(data_rows.len());
    let mut rest = cells.iter().skip(header_cells.len()).peekable();
    for &r in &data_rows {
        let mut next_column = 0usize;
        while let Some(c) = rest.next_if(|c| c.row == r) {
            let at = (c.column - first_column) as usize;
            for _ in next_column..at {
                grid.push_cell("");
            }
            grid.push_cell(value(c));
            next_column = at + 1;
        }
        for _ in next_column..width {
            grid.push_cell("");
        }
        row_numbers.push(r as usize + 1);
    }

    let header_of = |column: u32| {
        column
            .checked_sub(first_column)
            .and_then(|c| headers.get(c as usize))
            .filter(|h| !h.is_empty())
            .cloned()
    };
    let mut warnings: Vec<RowProblem> = formulas
        .iter()
        .map(|(row, column, formula)| RowProblem {
            row: *row as usize + 1,
            column: header_of(*column),
            problem: format!(
                "cellule {} : formule sans valeur calculée{formula} : laissée vide ; ouvrez le classeur dans Excel ou LibreOffice et enregistrez-le pour que les formules soient calculées",
                cell_name(*row, *column)
            ),
        })
        .collect();
    if formula_count > formulas.len() {
        warnings.push(RowProblem {
            row: formulas.last().map_or(0, |f| f.0 as usize + 1),
            column: None,
            problem: format!(
                "et {} autre(s) formule(s) sans valeur calculée, laissées vides",
                formula_count - formulas.len()
            ),
        });
    }
    let merged = merged_areas
        .iter()
        .filter(|d| d.end.1 >= first_column)
        .map(|d| MergedArea {
            rows: (d.start.0 as usize + 1, d.end.0 as usize + 1),
            columns: (
                d.start.1.saturating_sub(first_column) as usize,
                (d.end.1 - first_column) as usize,
            ),
            name: format!(
                "{}:{}",
                cell_name(d.start.0, d.start.1),
                cell_name(d.end.0, d.end.1)
            ),
        })
        .collect();
    Ok(RawTable {
        path: path.to_path_buf(),
        sheet: Some(name),
        headers,
        cells: grid,
        row_numbers,
        encoding: "XLSX".into(),
        delimiter: None,
        warnings,
        merged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_names_of_columns_and_cells() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(99), "CV");
        assert_eq!(column_name(16_383), "XFD");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
        assert_eq!(column_name(u32::MAX).len(), 7, "no overflow");
    }

    #[test]
    fn a_panic_of_the_xlsx_library_becomes_a_french_error_naming_the_file() {
        // What calamine does on `<dimension ref="A1:XFschemas…D1048576"/>` in a debug build
        // (fuzz/corpus/xlsx_reader/seed-dimension-overflow).
        let out = guarded(Path::new("/tmp/plan.xlsx"), || {
            panic!("attempt to multiply with overflow")
        });
        let message = out.expect_err("an error").to_string();
        assert!(message.contains("plan.xlsx"), "{message}");
        assert!(message.contains("classeur abîmé"), "{message}");
        assert!(message.contains("attempt to multiply"), "{message}");
        let fine = guarded(Path::new("plan.xlsx"), || {
            Err(TableError::Empty { file: "x".into() })
        });
        assert!(matches!(fine, Err(TableError::Empty { .. })));
    }

    #[test]
    fn shared_strings_count_is_read_from_the_sst_tag() {
        let xml = r#"<?xml version="1.0"?><sst xmlns="x" count="10" uniqueCount="4"><si>"#;
        assert_eq!(declared_count(xml, "uniqueCount"), Some(4));
        let huge = r#"<sst uniqueCount="99999999999999999999999">"#;
        assert_eq!(declared_count(huge, "uniqueCount"), Some(u64::MAX));
        assert_eq!(declared_count("<sst>", "uniqueCount"), None);
    }
}
