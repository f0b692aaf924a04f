//! CSV as French offices write it: UTF-8 with or without BOM, or Windows-1252; `;`, `,` or tab;
//! quoted fields. Every row must have as many fields as the header.

use std::path::Path;

use super::{RawTable, TableError, file_name};

/// Decodes the bytes: UTF-8 (BOM removed) when valid, else Windows-1252 (which also reads
/// Latin-1). Returns the text and the encoding's name.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let (text, _, _) = encoding_rs::UTF_8.decode(rest);
        return (text.into_owned(), "UTF-8 (BOM)");
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text.into_owned(), "Windows-1252")
        }
    }
}

/// Counts of a delimiter outside quotes on a line.
fn count_outside_quotes(line: &str, delimiter: char) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for c in line.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if c == delimiter && !quoted {
            n += 1;
        }
    }
    n
}

/// The delimiter among `;`, tab and `,` that splits the first lines into the same, largest
/// number of fields (`;` first on ties: French files).
pub fn sniff_delimiter(text: &str) -> char {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best = (';', 0usize, false);
    for d in [';', '\t', ','] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        let consistent = counts.iter().all(|&c| c == first);
        let better = match (consistent, best.2) {
            (true, false) => first > 0,
            (false, true) => false,
            _ => first > best.1,
        };
        if better {
            best = (d, first, consistent);
        }
    }
    best.0
}

/// Reads CSV bytes; `path` names the file in messages and in the table.
pub fn read_csv_bytes(bytes: &[u8], path: &Path) -> Result<RawTable, TableError> {
    let file = file_name(path);
    let (text, encoding) = decode(bytes);
    if text.trim().is_empty() {
        return Err(TableError::Empty { file });
    }
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(u8::try_from(delimiter).unwrap_or(b';'))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut row_numbers = Vec::new();
    // Line numbers from byte offsets (the reader's own line count drifts on CRLF and blank
    // lines).
    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter_map(|(i, b)| (b == b'\n').then_some(i))
        .collect();
    let line_at = |byte: u64| -> usize {
        let byte = usize::try_from(byte).unwrap_or(usize::MAX);
        // Skip the blank lines the reader jumped over.
        let mut at = byte;
        let bytes = text.as_bytes();
        while bytes.get(at).is_some_and(|b| *b == b'\n' || *b == b'\r') {
            at += 1;
        }
        1 + newlines.partition_point(|&n| n < at)
    };
    let mut record = csv::StringRecord::new();
    loop {
        let before = reader.position().byte();
        let more = reader
            .read_record(&mut record)
            .map_err(|e| TableError::Csv {
                file: file.clone(),
                line: line_at(e.position().map_or(before, |p| p.byte())),
                message: e.to_string(),
            })?;
        if !more {
            break;
        }
        let line = line_at(record.position().map_or(before, |p| p.byte()));
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        match &headers {
            None => headers = Some(cells),
            Some(h) => {
                if cells.len() != h.len() {
                    // Trailing empty fields ("a;b;;") are tolerated when the rest fits.
                    let extra_empty = cells.len() > h.len()
                        && cells
                            .get(h.len()..)
                            .is_some_and(|r| r.iter().all(String::is_empty));
                    if !extra_empty {
                        return Err(TableError::Ragged {
                            file,
                            line,
                            expected: h.len(),
                            found: cells.len(),
                            delimiter: if delimiter == '\t' {
                                "tabulation".into()
                            } else {
                                delimiter.to_string()
                            },
                        });
                    }
                }
                let mut cells = cells;
                cells.truncate(h.len());
                rows.push(cells);
                row_numbers.push(line);
            }
        }
    }
    let Some(headers) = headers else {
        return Err(TableError::NoHeader { file });
    };
    if headers.iter().all(String::is_empty) {
        return Err(TableError::NoHeader { file });
    }
    check_headers(&file, &headers)?;
    Ok(RawTable {
        path: path.to_path_buf(),
        sheet: None,
        headers,
        rows,
        row_numbers,
        encoding: encoding.to_owned(),
        delimiter: Some(delimiter),
    })
}

/// Two columns with the same non-empty name would make joins ambiguous.
pub(crate) fn check_headers(file: &str, headers: &[String]) -> Result<(), TableError> {
    let mut seen = std::collections::BTreeSet::new();
    let dups: Vec<&str> = headers
        .iter()
        .filter(|h| !h.is_empty() && !seen.insert(h.as_str()))
        .map(String::as_str)
        .collect();
    if dups.is_empty() {
        Ok(())
    } else {
        Err(TableError::DuplicateHeaders {
            file: file.to_owned(),
            names: dups.join(", "),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<RawTable, TableError> {
        read_csv_bytes(bytes, Path::new("essai.csv"))
    }

    #[test]
    fn utf8_bom_semicolon_and_codes_as_text() {
        let t = read(
            "\u{feff}code;nom;valeur\r\n01004;Ambérieu-en-Bugey;1 234,5\r\n2A004;Ajaccio;12\r\n"
                .as_bytes(),
        )
        .expect("table");
        assert_eq!(t.encoding, "UTF-8 (BOM)");
        assert_eq!(t.delimiter, Some(';'));
        assert_eq!(t.headers, ["code", "nom", "valeur"]);
        assert_eq!(t.rows[0], ["01004", "Ambérieu-en-Bugey", "1 234,5"]);
        assert_eq!(t.rows[1][0], "2A004");
        assert_eq!(t.row_numbers, [2, 3]);
    }

    #[test]
    fn windows_1252_tab_and_quotes() {
        let mut bytes = b"code\tnom\n35360\t\"Vitr".to_vec();
        bytes.push(0xE9); // é in Windows-1252
        bytes.extend_from_slice(b", ville\"\n");
        let t = read(&bytes).expect("table");
        assert_eq!(t.encoding, "Windows-1252");
        assert_eq!(t.delimiter, Some('\t'));
        assert_eq!(t.rows[0], ["35360", "Vitré, ville"]);
    }

    #[test]
    fn comma_files_and_blank_lines() {
        let t =
            read(b"siren,nom\n\n200039022,\"CA Vitr\xc3\xa9 Communaut\xc3\xa9\"\n").expect("table");
        assert_eq!(t.delimiter, Some(','));
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.row_numbers, [3]);
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let e = read(b"a;b;c\n1;2;3\n4;5\n").unwrap_err().to_string();
        assert!(
            e.contains("essai.csv")
                && e.contains("ligne 3")
                && e.contains("2 champ(s) au lieu de 3"),
            "{e}"
        );
        let e = read(b"").unwrap_err().to_string();
        assert!(e.contains("essai.csv") && e.contains("vide"), "{e}");
        let e = read(b"  \n\n").unwrap_err().to_string();
        assert!(e.contains("vide"), "{e}");
        let e = read(b"a;a;b\n1;2;3\n").unwrap_err().to_string();
        assert!(e.contains("en double") && e.contains('a'), "{e}");
        // Header only: a table with no rows, not an error.
        assert!(read(b"a;b\n").expect("header only").rows.is_empty());
        // Trailing empty fields are tolerated.
        assert_eq!(read(b"a;b\n1;2;;\n").expect("trailing").rows[0], ["1", "2"]);
    }
}
