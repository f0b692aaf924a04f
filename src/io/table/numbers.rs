//! Numbers as French files write them: "1 234,5", "1 234,5" (no-break spaces), "1.234,5",
//! "1234.5", "12,5 %", "-3", "1e3"; and the usual ways of saying "no value".

/// A cell read as a number.
#[derive(Clone, Debug, PartialEq)]
pub enum NumberCell {
    Number(f64),
    /// Empty, or a conventional mark for no value ("NA", "nd", "s" for statistical secrecy, "-").
    Missing,
    /// Not a number: the cell as written.
    Invalid(String),
}

/// Marks that mean "no value" in French statistical files.
const MISSING_MARKS: [&str; 10] = ["", "na", "n/a", "nd", "n.d.", "s", "secret", "-", "—", "nc"];

/// Reads one cell.
pub fn parse_number_fr(cell: &str) -> NumberCell {
    let t = cell.trim();
    // Plain numbers ("1234", "-3.5", "1e3") without any allocation: most cells of big tables.
    if t.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
        && let Ok(x) = t.parse::<f64>()
        && x.is_finite()
    {
        return NumberCell::Number(x);
    }
    if MISSING_MARKS.contains(&t.to_lowercase().as_str()) {
        return NumberCell::Missing;
    }
    let t = t.trim_end_matches('%').trim_end_matches('€').trim();
    let mut s: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '\u{2019}'))
        .collect();
    let commas = s.matches(',').count();
    let dots = s.matches('.').count();
    s = match (commas, dots) {
        (0, 0) | (0, 1) => s,
        // "1,5" or "1 234,5"
        (1, 0) => s.replace(',', "."),
        // "1.234,5": dots group thousands
        (1, _) if s.rfind(',') > s.rfind('.') => s.replace('.', "").replace(',', "."),
        // "1,234.5": commas group thousands
        (_, 1) if s.rfind('.') > s.rfind(',') => s.replace(',', ""),
        // "1.234.567": dots group thousands
        (0, _) if is_grouped(&s, '.') => s.replace('.', ""),
        // "1,234,567"
        (_, 0) if is_grouped(&s, ',') => s.replace(',', ""),
        _ => return NumberCell::Invalid(cell.trim().to_owned()),
    };
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() => NumberCell::Number(x),
        _ => NumberCell::Invalid(cell.trim().to_owned()),
    }
}

/// "1.234.567": every group after the first has three digits.
fn is_grouped(s: &str, sep: char) -> bool {
    let digits = s.trim_start_matches('-');
    let mut groups = digits.split(sep);
    let first_ok = groups
        .next()
        .is_some_and(|g| (1..=3).contains(&g.len()) && g.chars().all(|c| c.is_ascii_digit()));
    first_ok && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use NumberCell::*;

    #[test]
    fn french_and_english_notations() {
        assert_eq!(parse_number_fr("1 234,5"), Number(1234.5));
        assert_eq!(parse_number_fr("1\u{a0}234,5"), Number(1234.5));
        assert_eq!(parse_number_fr("1\u{202f}234"), Number(1234.0));
        assert_eq!(parse_number_fr("1.234,5"), Number(1234.5));
        assert_eq!(parse_number_fr("1,234.5"), Number(1234.5));
        assert_eq!(parse_number_fr("1234.5"), Number(1234.5));
        assert_eq!(parse_number_fr("1.234.567"), Number(1_234_567.0));
        assert_eq!(parse_number_fr("12,5 %"), Number(12.5));
        assert_eq!(parse_number_fr("-3"), Number(-3.0));
        assert_eq!(parse_number_fr("1e3"), Number(1000.0));
        assert_eq!(parse_number_fr(" 0,75 "), Number(0.75));
    }

    #[test]
    fn missing_marks_and_invalid_cells() {
        for m in ["", " ", "NA", "nd", "s", "-", "N/A"] {
            assert_eq!(parse_number_fr(m), Missing, "{m:?}");
        }
        assert_eq!(parse_number_fr("douze"), Invalid("douze".into()));
        assert_eq!(parse_number_fr("1,2,3,4"), Invalid("1,2,3,4".into()));
        assert_eq!(parse_number_fr("1.2.3"), Invalid("1.2.3".into()));
        assert_eq!(parse_number_fr("inf"), Invalid("inf".into()));
    }
}
