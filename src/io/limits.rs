//! The limits of what the readers accept, checked before anything is allocated from what a file
//! declares (an XLSX's dimension, a far cell, a column count). They are documented in the
//! README ("Limites"); a file beyond them gets a French error naming the limit.

/// Largest table (CSV or XLSX) or layer (GeoJSON, shapefile) file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Columns of a table: Excel's own limit (column XFD).
pub const MAX_COLUMNS: usize = 16_384;

/// Rows of a table: Excel's own limit.
pub const MAX_ROWS: usize = 1_048_576;

/// Cells of a table (rows × columns of the header's width), or of a layer's attribute table
/// (features × property names).
pub const MAX_CELLS: usize = 50_000_000;

/// Cells of a workbook's sheets once calamine makes them dense ranges (ODS with its repeated
/// rows and cells unfolded, XLS), from the first value to the last: about 65 to 155 bytes each.
pub const MAX_UNFOLDED_CELLS: u64 = 5_000_000;

/// Numeric columns of one table turned into indicators (the others are listed in a note).
pub const MAX_INDICATOR_COLUMNS: usize = 1_000;

/// Distinct property names of a layer.
pub const MAX_FIELDS: usize = 2_000;

/// Characters of a user's text quoted in a message (a header line, a cell, a column list).
pub const MAX_QUOTED_CHARS: usize = 200;

/// At most `max` characters of `text`, with "…" when it was cut.
pub fn excerpt(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some((i, _)) => format!("{}…", text.get(..i).unwrap_or("")),
    }
}

/// A user's text as quoted in a message (see [`MAX_QUOTED_CHARS`]).
pub fn quoted(text: &str) -> String {
    excerpt(text, MAX_QUOTED_CHARS)
}

/// Names joined with ", ", at most `max` of them, then "… (N en tout)"; each name cut to
/// [`MAX_QUOTED_CHARS`].
pub fn name_list<S: AsRef<str>>(names: &[S], max: usize) -> String {
    let mut out: Vec<String> = names.iter().take(max).map(|n| quoted(n.as_ref())).collect();
    if names.len() > max {
        out.push(format!("… ({} en tout)", names.len()));
    }
    out.join(", ")
}

/// The size of a file, refused past [`MAX_FILE_BYTES`] (the message names the file).
pub fn check_file_size(path: &std::path::Path) -> Result<(), String> {
    match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_FILE_BYTES => Err(format!(
            "fichier trop volumineux : {}\u{a0}Mo (limite : {}\u{a0}Mo) ; découpez-le ou retirez les colonnes inutiles",
            m.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_with_an_ellipsis() {
        assert_eq!(excerpt("abc", 3), "abc");
        assert_eq!(excerpt("abcd", 3), "abc…");
        assert_eq!(excerpt("éèàù", 2), "éè…");
        let long = "x".repeat(10_000_000);
        assert_eq!(quoted(&long).chars().count(), MAX_QUOTED_CHARS + 1);
        assert_eq!(name_list(&["a", "b", "c"], 2), "a, b, … (3 en tout)");
        assert_eq!(name_list(&["a", "b"], 2), "a, b");
    }
}
