//! CSV as French offices write it: UTF-8 with or without BOM, Windows-1252, or UTF-16 with a
//! BOM; `;`, `,` or tab; quoted fields. Every row must have as many fields as the header. The
//! cells go into one text buffer (a [`TextGrid`]): time and memory grow with the file's size,
//! whatever its shape (10,000 columns, one line of ten million separators).

use std::borrow::Cow;
use std::path::Path;

use super::{RawTable, TableError, TextGrid, file_name};
use crate::io::limits::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS, quoted};

/// Decodes the bytes: UTF-16 with a BOM, UTF-8 (BOM removed) when valid, else Windows-1252
/// (which also reads Latin-1). Returns the text and the encoding's name; refuses text that
/// holds NUL bytes (UTF-16 without a BOM, or not a text file).
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str), String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let (text, _) = encoding_rs::UTF_8.decode_without_bom_handling(rest);
        return Ok((text, "UTF-8 (BOM)"));
    }
    for (bom, encoding, name) in [
        (&[0xFF, 0xFE], encoding_rs::UTF_16LE, "UTF-16LE (BOM)"),
        (&[0xFE, 0xFF], encoding_rs::UTF_16BE, "UTF-16BE (BOM)"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, malformed) = encoding.decode_without_bom_handling(rest);
            if malformed {
                return Err(format!(
                    "texte {name} mal formé : enregistrez le fichier en « CSV UTF-8 »"
                ));
            }
            return Ok((Cow::Owned(text.into_owned()), name));
        }
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(format!(
            "octet nul à la position {at} : fichier en UTF-16 sans BOM, ou qui n'est pas du texte ; enregistrez-le en « CSV UTF-8 »"
        ));
    }
    Ok(match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), "UTF-8"),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text, "Windows-1252")
        }
    })
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
    sniff(text).0
}

/// The delimiter and the number of fields it gives the first non-blank line.
fn sniff(text: &str) -> (char, usize) {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best = (';', 0usize, false);
    let mut first_counts = [0usize; 3];
    for (k, d) in [';', '\t', ','].into_iter().enumerate() {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        first_counts[k] = first;
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
    let k = match best.0 {
        ';' => 0,
        '\t' => 1,
        _ => 2,
    };
    (best.0, first_counts[k] + 1)
}

/// Reads CSV bytes; `path` names the file in messages and in the table.
pub fn read_csv_bytes(bytes: &[u8], path: &Path) -> Result<RawTable, TableError> {
    let file = file_name(path);
    let (text, encoding) = decode(bytes).map_err(|message| TableError::Unsupported {
        file: file.clone(),
        what: message,
    })?;
    if text.trim().is_empty() {
        return Err(TableError::Empty { file });
    }
    let (delimiter, header_fields) = sniff(&text);
    let delimiter_name = if delimiter == '\t' {
        "tabulation".to_owned()
    } else {
        delimiter.to_string()
    };
    // Counted on the text, before any field is stored.
    if header_fields > MAX_COLUMNS {
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        return Err(TableError::Limit {
            file,
            place: ", ligne d'en-tête".into(),
            message: format!(
                "{header_fields} colonnes (séparateur « {delimiter_name} ») : la limite est de {MAX_COLUMNS} colonnes, celle d'Excel ; début de la ligne : « {} »",
                quoted(first)
            ),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(u8::try_from(delimiter).unwrap_or(b';'))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut headers: Option<Vec<String>> = None;
    let mut cells = TextGrid::default();
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
                message: csv_error_fr(&e),
            })?;
        if !more {
            break;
        }
        let line = line_at(record.position().map_or(before, |p| p.byte()));
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match &headers {
            None => {
                if record.len() > MAX_COLUMNS {
                    return Err(TableError::Limit {
                        file,
                        place: format!(", ligne {line}"),
                        message: format!(
                            "{} colonnes : la limite est de {MAX_COLUMNS} colonnes, celle d'Excel",
                            record.len()
                        ),
                    });
                }
                let h: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
                cells = TextGrid::new(h.len());
                // Room for the rows: each holds at least a separator per column, so a file of
                // blank lines reserves nothing in proportion to its line count.
                let rest = text.len().saturating_sub(before as usize);
                let rows = newlines.len().min(rest / h.len().max(1) + 1).min(MAX_ROWS);
                cells.reserve(rows, rest);
                headers = Some(h);
            }
            Some(h) => {
                if record.len() != h.len() {
                    // Trailing empty fields ("a;b;;") are tolerated when the rest fits.
                    let extra_empty = record.len() > h.len()
                        && record.iter().skip(h.len()).all(|c| c.trim().is_empty());
                    if !extra_empty {
                        return Err(TableError::Ragged {
                            file,
                            line,
                            expected: h.len(),
                            found: record.len(),
                            delimiter: delimiter_name,
                        });
                    }
                }
                if row_numbers.len() >= MAX_ROWS || (row_numbers.len() + 1) * h.len() > MAX_CELLS {
                    return Err(TableError::Limit {
                        file,
                        place: format!(", ligne {line}"),
                        message: format!(
                            "plus de {} lignes de {} colonnes : la limite est de {MAX_ROWS} lignes et de {MAX_CELLS} cellules ; découpez le fichier",
                            row_numbers.len(),
                            h.len()
                        ),
                    });
                }
                cells.push_row(record.iter().map(str::trim));
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
    if row_numbers.is_empty() {
        return Err(TableError::NoRows {
            file,
            headers: crate::io::limits::name_list(&headers, 20),
            hint: String::new(),
        });
    }
    Ok(RawTable {
        path: path.to_path_buf(),
        sheet: None,
        headers,
        cells,
        row_numbers,
        encoding: encoding.to_owned(),
        delimiter: Some(delimiter),
        warnings: Vec::new(),
        merged: Vec::new(),
    })
}

/// The csv crate's error in French (its English text dropped).
fn csv_error_fr(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => format!(
            "texte illisible (octets invalides dans le champ n° {})",
            err.field() + 1
        ),
        csv::ErrorKind::Io(io) => format!(
            "lecture impossible : {}",
            crate::io::error_fr::io_error_fr(io)
        ),
        _ => "ligne CSV illisible".into(),
    }
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
            names: crate::io::limits::name_list(&dups, 20),
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
        assert_eq!(
            t.cells.row(0).iter().collect::<Vec<_>>(),
            ["01004", "Ambérieu-en-Bugey", "1 234,5"]
        );
        assert_eq!(t.cells.cell(1, 0), "2A004");
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
        assert_eq!(
            t.cells.row(0).iter().collect::<Vec<_>>(),
            ["35360", "Vitré, ville"]
        );
    }

    #[test]
    fn comma_files_and_blank_lines() {
        let t =
            read(b"siren,nom\n\n200039022,\"CA Vitr\xc3\xa9 Communaut\xc3\xa9\"\n").expect("table");
        assert_eq!(t.delimiter, Some(','));
        assert_eq!(t.row_count(), 1);
        assert_eq!(t.row_numbers, [3]);
    }

    #[test]
    fn blank_lines_reserve_nothing_per_column() {
        // 16,000 columns over a million blank lines: the room reserved for rows is bounded by
        // the text after the header (16,000 × 1,000,000 cells would be 64 GB of offsets).
        let mut text = (0..16_000)
            .map(|i| format!("c{i}"))
            .collect::<Vec<_>>()
            .join(";");
        text.push_str(&"\n".repeat(1_000_000));
        let e = read(text.as_bytes()).unwrap_err().to_string();
        assert!(e.contains("aucune ligne de données"), "{e}");
    }

    #[test]
    fn utf16_is_decoded_or_refused_never_windows_1252() {
        let mut le = vec![0xFF, 0xFE];
        for u in "code;nom\n35360;Vitré\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let t = read(&le).expect("UTF-16LE");
        assert_eq!(t.encoding, "UTF-16LE (BOM)");
        assert_eq!(t.cells.cell(0, 1), "Vitré");
        let mut be = vec![0xFE, 0xFF];
        for u in "code;nom\n35360;Vitré\n".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(read(&be).expect("UTF-16BE").encoding, "UTF-16BE (BOM)");
        let e = read(&le[2..]).unwrap_err().to_string();
        assert!(e.contains("UTF-16 sans BOM"), "{e}");
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
        // Header only: an error that says so.
        let e = read(b"a;b\n").unwrap_err().to_string();
        assert!(
            e.contains("aucune ligne de données") && e.contains("a, b"),
            "{e}"
        );
        // Trailing empty fields are tolerated.
        let t = read(b"a;b\n1;2;;\n").expect("trailing");
        assert_eq!(t.cells.row(0).iter().collect::<Vec<_>>(), ["1", "2"]);
    }
}
