//! Reading the users' tables (CSV and XLSX) as text, without losing anything: codes stay text
//! ("01004", "2A004"), every row keeps its line number for the reports, and every problem is an
//! error in French that names the file and the line.

pub mod csv_reader;
pub mod error;
pub mod numbers;
pub mod ods_check;
pub mod xls_check;
pub mod xlsx_reader;

use std::path::{Path, PathBuf};

pub use error::TableError;

use crate::model::imports::action_plan::RowProblem;
pub use crate::model::text_grid::{GridRow, TextGrid};

/// A table read from a file: a header row and text cells.
#[derive(Clone, Debug, PartialEq)]
pub struct RawTable {
    pub path: PathBuf,
    /// XLSX: the sheet read.
    pub sheet: Option<String>,
    pub headers: Vec<String>,
    /// The rows, as wide as the header.
    pub cells: TextGrid,
    /// Line (CSV) or row (XLSX) number of each row in the file, 1-based (the header is 1).
    pub row_numbers: Vec<usize>,
    /// "UTF-8", "UTF-8 (BOM)", "Windows-1252", "UTF-16LE (BOM)"…, or the workbook's format:
    /// "XLSX", "ODS", "XLS".
    pub encoding: String,
    /// CSV only.
    pub delimiter: Option<char>,
    /// What the reader noticed (XLSX formulas without a computed value…), by row.
    pub warnings: Vec<RowProblem>,
    /// XLSX merged areas: first and last row (1-based, as in `row_numbers`) and first and last
    /// column (0-based, as in `headers`).
    pub merged: Vec<MergedArea>,
}

/// A merged area of a sheet, in table coordinates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergedArea {
    pub rows: (usize, usize),
    pub columns: (usize, usize),
    /// As Excel names it ("A2:A5").
    pub name: String,
}

impl RawTable {
    /// The table with the cells of the column headed `header` replaced on the given file lines
    /// (the user's choices of a join by names: a code written in the name column is read as a
    /// code). `None` when no column has that header.
    pub fn with_cells_replaced(&self, header: &str, rows: &[(usize, String)]) -> Option<RawTable> {
        let column = self
            .headers
            .iter()
            .position(|h| h.trim() == header.trim())?;
        let wanted: std::collections::HashMap<usize, &str> =
            rows.iter().map(|(r, c)| (*r, c.as_str())).collect();
        let mut cells = TextGrid::new(self.headers.len());
        for i in 0..self.row_count() {
            let line = self.row_numbers.get(i).copied().unwrap_or(0);
            let replaced = wanted.get(&line).copied();
            cells.push_row((0..self.headers.len()).map(|c| match replaced {
                Some(code) if c == column => code,
                _ => self.cells.cell(i, c),
            }));
        }
        Some(RawTable {
            cells,
            ..self.clone()
        })
    }

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
    pub fn numbered_rows(&self) -> impl Iterator<Item = (usize, GridRow<'_>)> {
        self.row_numbers.iter().copied().zip(self.cells.iter_rows())
    }

    /// Number of data rows.
    pub fn row_count(&self) -> usize {
        self.cells.rows()
    }

    /// The warning that a header cell is merged over columns left without a name (XLSX, XLS),
    /// to explain a column that was not found.
    pub fn header_merged_note(&self) -> Option<&str> {
        self.warnings
            .iter()
            .find(|w| w.problem.starts_with(MERGED_HEADER))
            .map(|w| w.problem.as_str())
    }

    /// A hint when the cell at `row` (file numbering) and `column` is inside a merged area
    /// (only its first cell holds the value), else None.
    pub fn merged_hint(&self, row: usize, column: usize) -> Option<String> {
        let area = self.merged.iter().find(|m| {
            (m.rows.0..=m.rows.1).contains(&row) && (m.columns.0..=m.columns.1).contains(&column)
        })?;
        Some(format!(
            "cellules fusionnées {} : seule la première cellule de la zone porte la valeur ; défusionnez-les et recopiez la valeur sur chaque ligne",
            area.name
        ))
    }
}

/// How the warning about a merged header starts (see [`RawTable::header_merged_note`]).
pub(crate) const MERGED_HEADER: &str = "en-tête : cellules fusionnées";

pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The file's bytes (a regular file, within the size limit), and whether they hold a workbook:
/// told by the bytes whatever the extension, or by a workbook's extension (a damaged one is
/// then said to be a workbook rather than read as text).
fn read_bytes(path: &Path) -> Result<(Vec<u8>, bool), TableError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let bytes =
        crate::io::read_file::read_user_file(path).map_err(|e| TableError::from_read(path, e))?;
    let workbook = matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods")
        || xlsx_reader::workbook_kind(&bytes) != xlsx_reader::WorkbookKind::Other;
    Ok((bytes, workbook))
}

/// The sheets of a workbook (XLSX, ODS or .xls, told by their bytes), in their order; none for a
/// CSV, which has one table. Read within the same limits as [`read_table`].
pub fn sheet_names(path: &Path) -> Result<Vec<String>, TableError> {
    match read_bytes(path)? {
        (bytes, true) => xlsx_reader::sheet_names_bytes(&bytes, path),
        (_, false) => Ok(Vec::new()),
    }
}

/// Reads a table: a workbook (XLSX, ODS or Excel 97-2003 .xls, told apart by their first bytes
/// whatever the extension, so an .xls renamed .xlsx is read as what it is) or else a CSV (`.csv`,
/// `.txt`, `.tsv`); `sheet` picks the workbook's sheet (default: the first that holds a value).
/// The file must be a regular file and is read within [`crate::io::limits::MAX_FILE_BYTES`].
pub fn read_table(path: &Path, sheet: Option<&str>) -> Result<RawTable, TableError> {
    match read_bytes(path)? {
        (bytes, true) => xlsx_reader::read_xlsx_bytes(&bytes, path, sheet),
        (bytes, false) => {
            if sheet.is_some() {
                return Err(TableError::Unsupported {
                    file: file_name(path),
                    what: "le choix d'une feuille (--sheet) est sans objet pour un fichier CSV, qui n'en a qu'une"
                        .into(),
                });
            }
            csv_reader::read_csv_bytes(&bytes, path)
        }
    }
}
