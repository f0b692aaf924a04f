//! An OpenDocument spreadsheet's size once calamine unfolds it. An .ods says "this row, 400,000
//! times" and "this cell, 16,000 times" in a few bytes, and calamine holds each sheet as a dense
//! range from its first to its last value: a 750-byte file could cost 5 GB. The sheets' content is
//! scanned first (text only, no tree) and the dense size each would take is checked against
//! [`crate::io::limits::MAX_UNFOLDED_CELLS`] before calamine opens the workbook.

/// The value of `name="…"` in a tag's attributes, as a count (1 when absent or unreadable).
fn repeat(attrs: &str, name: &str) -> u64 {
    let Some(at) = attrs.find(name) else {
        return 1;
    };
    let rest = attrs.get(at + name.len()..).unwrap_or("");
    // `="…"` as calamine reads it: spaces around "=", either quote.
    let value = rest
        .trim_start()
        .strip_prefix('=')
        .unwrap_or(rest)
        .trim_start()
        .trim_start_matches(['"', '\'']);
    let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
    // A count too long for u64 is beyond any limit, and so is one written with character
    // references ("&#52;…"), which calamine decodes for rows.
    if digits.len() > 18 || (digits.is_empty() && value.starts_with('&')) {
        return u64::MAX / 4;
    }
    digits.parse().unwrap_or(1).max(1)
}

/// The tags named `<{name}` followed by a space, `>` or `/` (not `<{name}-group`).
fn tags<'a>(xml: &'a str, name: &'a str) -> impl Iterator<Item = usize> + 'a {
    xml.match_indices(name).filter_map(move |(i, _)| {
        let next = xml.get(i + name.len()..)?.chars().next()?;
        matches!(next, ' ' | '>' | '/' | '\n' | '\r' | '\t').then_some(i)
    })
}

/// The dense size of each sheet of `content.xml` (rows × columns up to the last value), summed.
pub fn unfolded_cells(xml: &str) -> u64 {
    let mut total = 0u64;
    let starts: Vec<usize> = tags(xml, "<table:table").collect();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(xml.len());
        let sheet = xml.get(start..end).unwrap_or("");
        total = total.saturating_add(sheet_cells(sheet));
    }
    total
}

/// One sheet's dense size.
fn sheet_cells(sheet: &str) -> u64 {
    let rows: Vec<usize> = tags(sheet, "<table:table-row").collect();
    let (mut row_count, mut last_row, mut width) = (0u64, 0u64, 0u64);
    for (k, &start) in rows.iter().enumerate() {
        let end = rows.get(k + 1).copied().unwrap_or(sheet.len());
        let row = sheet.get(start..end).unwrap_or("");
        let tag_end = row.find('>').unwrap_or(row.len());
        let rows_repeated = repeat(row.get(..tag_end).unwrap_or(""), "number-rows-repeated");
        let (mut column, mut last_column) = (0u64, 0u64);
        let cells: Vec<usize> = tags(row, "<table:table-cell")
            .chain(tags(row, "<table:covered-table-cell"))
            .collect();
        let mut cells = cells;
        cells.sort_unstable();
        for (c, &cell_start) in cells.iter().enumerate() {
            let cell_end = cells.get(c + 1).copied().unwrap_or(row.len());
            let cell = row.get(cell_start..cell_end).unwrap_or("");
            let attrs_end = cell.find('>').unwrap_or(cell.len());
            let attrs = cell.get(..attrs_end).unwrap_or("");
            column = column.saturating_add(repeat(attrs, "number-columns-repeated"));
            let has_value = attrs.contains("value-type") || cell.contains("<text:");
            if has_value {
                last_column = column;
            }
        }
        row_count = row_count.saturating_add(rows_repeated);
        if last_column > 0 {
            last_row = row_count;
            width = width.max(last_column);
        }
    }
    last_row.saturating_mul(width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_rows_and_cells_are_unfolded_up_to_the_last_value() {
        let head = r#"<table:table table:name="F"><table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#;
        assert_eq!(unfolded_cells(&format!("{head}</table:table>")), 2);
        // Trailing empty rows and cells, as LibreOffice writes them, cost nothing.
        let trailing = r#"<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
        assert_eq!(
            unfolded_cells(&format!("{head}{trailing}</table:table>")),
            2
        );
        // A value after 400,000 empty rows and 100 empty cells: 400,002 × 101.
        let far = r#"<table:table-row table:number-rows-repeated="400000"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="100"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#;
        assert_eq!(
            unfolded_cells(&format!("{head}{far}</table:table>")),
            400_002 * 101
        );
        // Two sheets add up; a repeat too long for a number is beyond any limit.
        let two = format!("{head}</table:table>{head}</table:table>");
        assert_eq!(unfolded_cells(&two), 4);
        let huge = r#"<table:table><table:table-row table:number-rows-repeated="99999999999999999999999"><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#;
        assert!(unfolded_cells(huge) > crate::io::limits::MAX_UNFOLDED_CELLS);
        // However the count is written: spaces around "=", single quotes, a character
        // reference.
        for written in [
            r#"table:number-rows-repeated = "400000""#,
            "table:number-rows-repeated='400000'",
            r#"table:number-rows-repeated="&#52;00000""#,
        ] {
            let sheet = format!(
                r#"<table:table><table:table-row {written}><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated = '100'/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#
            );
            assert!(unfolded_cells(&sheet) >= 400_001 * 101, "{written}");
        }
    }
}
