//! French number formatting ("1 234 567", "1 234,5"), pure and unit-tested.

/// Narrow no-break space, the French thousands separator.
pub const THOUSANDS_SEP: char = '\u{202F}';

/// An integer with French digit grouping: `1 234 567`.
pub fn int_fr(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(THOUSANDS_SEP);
        }
        out.push(ch);
    }
    out
}

/// A decimal with a comma and French grouping of the integer part: `1 234,5`.
pub fn decimal_fr(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "non disponible".into();
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (int_part, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let grouped = int_fr(int_part.parse().unwrap_or(0));
    let sign = if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{grouped},{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_grouped_by_three() {
        assert_eq!(int_fr(0), "0");
        assert_eq!(int_fr(999), "999");
        assert_eq!(int_fr(1000), "1\u{202F}000");
        assert_eq!(int_fr(2_113_705), "2\u{202F}113\u{202F}705");
    }

    #[test]
    fn decimals_use_a_comma() {
        assert_eq!(decimal_fr(1234.5, 1), "1\u{202F}234,5");
        assert_eq!(decimal_fr(0.04, 1), "0,0");
        assert_eq!(decimal_fr(-12.25, 2), "-12,25");
        assert_eq!(decimal_fr(-0.01, 1), "0,0");
        assert_eq!(decimal_fr(f64::NAN, 1), "non disponible");
    }
}
