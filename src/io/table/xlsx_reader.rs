//! XLSX with calamine: one sheet as text cells (integers without ".0", dates as ISO text).

use std::path::Path;

use calamine::{Data, Reader as _};

use super::csv_reader::check_headers;
use super::{RawTable, TableError, file_name};

/// The text of a cell as the user sees it, codes and numbers alike.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "VRAI" } else { "FAUX" }.to_owned(),
        Data::DateTime(dt) => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            if (hh, mm, ss) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}")
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Reads one sheet (by name, else the first) of an XLSX file.
pub fn read_xlsx(path: &Path, sheet: Option<&str>) -> Result<RawTable, TableError> {
    let file = file_name(path);
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| match e {
        calamine::Error::Io(source) => TableError::Io {
            file: file.clone(),
            source,
        },
        other => TableError::Xlsx {
            file: file.clone(),
            message: other.to_string(),
        },
    })?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(wanted))
            .cloned()
            .ok_or_else(|| TableError::MissingSheet {
                file: file.clone(),
                wanted: wanted.to_owned(),
                available: names.join(", "),
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| TableError::Empty { file: file.clone() })?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| TableError::Xlsx {
            file: file.clone(),
            message: e.to_string(),
        })?;
    // Row numbers as Excel shows them.
    let first_row = range.start().map_or(1, |(r, _)| r as usize + 1);
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut row_numbers = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        match &headers {
            None => {
                let mut h = cells;
                while h.last().is_some_and(String::is_empty) {
                    h.pop();
                }
                headers = Some(h);
            }
            Some(h) => {
                if let Some(extra) = cells
                    .get(h.len()..)
                    .and_then(|r| r.iter().position(|c| !c.is_empty()))
                {
                    return Err(TableError::Csv {
                        file,
                        line: first_row + i,
                        message: format!(
                            "une valeur en colonne {} n'a pas de nom de colonne dans l'en-tête",
                            h.len() + extra + 1
                        ),
                    });
                }
                let mut cells = cells;
                cells.resize(h.len(), String::new());
                rows.push(cells);
                row_numbers.push(first_row + i);
            }
        }
    }
    let Some(headers) = headers else {
        return Err(TableError::Empty { file });
    };
    check_headers(&file, &headers)?;
    Ok(RawTable {
        path: path.to_path_buf(),
        sheet: Some(name),
        headers,
        rows,
        row_numbers,
        encoding: "XLSX".into(),
        delimiter: None,
    })
}
