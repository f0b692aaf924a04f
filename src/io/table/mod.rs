//! Reading the users' tables (CSV and XLSX) as text, without losing anything: codes stay text
//! ("01004", "2A004"), every row keeps its line number for the reports, and every problem is an
//! error in French that names the file and the line.

pub mod csv_reader;
pub mod error;
pub mod numbers;
pub mod xlsx_reader;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use error::TableError;

/// A table read from a file: a header row and text cells.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RawTable {
    pub path: PathBuf,
    /// XLSX: the sheet read.
    pub sheet: Option<String>,
    pub headers: Vec<String>,
    /// Every row has as many cells as there are headers.
    pub rows: Vec<Vec<String>>,
    /// Line (CSV) or row (XLSX) number of each row in the file, 1-based (the header is 1).
    pub row_numbers: Vec<usize>,
    /// "UTF-8", "UTF-8 (BOM)", "Windows-1252", or "XLSX".
    pub encoding: String,
    /// CSV only.
    pub delimiter: Option<char>,
}

impl RawTable {
    /// The file name, as shown in reports and as the source of imported figures.
    pub fn file_name(&self) -> String {
        file_name(&self.path)
    }

    /// Index of the first header matching one of `names` (case, accents, spaces and
    /// underscores ignored).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        let key = |s: &str| crate::model::text::search_form(s).replace(' ', "");
        let wanted: Vec<String> = names.iter().map(|n| key(n)).collect();
        self.headers.iter().position(|h| wanted.contains(&key(h)))
    }

    /// Rows with their line numbers.
    pub fn numbered_rows(&self) -> impl Iterator<Item = (usize, &[String])> {
        self.row_numbers
            .iter()
            .copied()
            .zip(self.rows.iter().map(Vec::as_slice))
    }
}

pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads a CSV (`.csv`, `.txt`, `.tsv`) or XLSX (`.xlsx`, `.xlsm`) file; `sheet` picks the XLSX
/// sheet (default: the first).
pub fn read_table(path: &Path, sheet: Option<&str>) -> Result<RawTable, TableError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" => xlsx_reader::read_xlsx(path, sheet),
        "xls" => Err(TableError::Unsupported {
            file: file_name(path),
            what: "le format Excel 97-2003 (.xls) : enregistrez le fichier en .xlsx ou .csv".into(),
        }),
        _ => {
            let bytes = std::fs::read(path).map_err(|e| TableError::Io {
                file: file_name(path),
                source: e,
            })?;
            csv_reader::read_csv_bytes(&bytes, path)
        }
    }
}
