//! French number formatting ("1 234 567", "1 234,5", "−0,4 %"), pure and unit-tested.

/// Narrow no-break space, the French thousands separator.
pub const THOUSANDS_SEP: char = '\u{202F}';

/// The minus sign of a negative number (U+2212), not the hyphen.
pub const MINUS: char = '\u{2212}';

/// No-break space between a figure and its unit ("24,5 %", "12 habitants"), so that a line
/// never breaks between them.
pub const UNIT_SEP: char = '\u{A0}';

/// French typography for a text that may wrap: a no-break space before ";", ":", "!", "?" and
/// "»" and after "«", so that no line starts with the punctuation nor ends with "«".
///
/// ```
/// assert_eq!(
///     ti_atlas::format::stick_punctuation("Sources : a ; « b »"),
///     "Sources\u{a0}: a\u{a0}; «\u{a0}b\u{a0}»"
/// );
/// ```
pub fn stick_punctuation(text: &str) -> String {
    text.replace(" ;", "\u{a0};")
        .replace(" :", "\u{a0}:")
        .replace(" !", "\u{a0}!")
        .replace(" ?", "\u{a0}?")
        .replace(" »", "\u{a0}»")
        .replace("« ", "«\u{a0}")
}

/// A figure already written and its unit, joined by a no-break space; an empty unit or
/// "nombre" is not written.
pub fn with_unit(figure: &str, unit: &str) -> String {
    match unit.trim() {
        "" | "nombre" => figure.to_owned(),
        u => format!("{figure}{UNIT_SEP}{u}"),
    }
}

/// A rank in French, with what it is out of: "1er sur 183", "12e sur 183" (a no-break space
/// before the count: a narrow column wraps "12e" / "sur 183", never leaves "183" alone).
pub fn rank_fr(rank: usize, of: usize) -> String {
    let ordinal = if rank == 1 {
        "1er".to_owned()
    } else {
        format!("{rank}e")
    };
    format!("{ordinal} sur\u{a0}{of}")
}

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
        "\u{2212}"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{grouped},{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A figure with its unit in French: integers without decimals, others with one, or two below 10
/// ("12 345 habitants", "87,3 hab./km²", "4,25 %"). The unit "nombre" is not written.
pub fn figure_fr(v: f64, unit: &str) -> String {
    let decimals = if v.fract() == 0.0 && v.abs() < 1e15 {
        0
    } else if v.abs() < 10.0 {
        2
    } else {
        1
    };
    with_unit(&decimal_fr(v, decimals), unit)
}

/// A day as "23/11/2026" from days since 1970-01-01 (proleptic Gregorian calendar).
pub fn date_fr_from_days(days: i64) -> String {
    // Howard Hinnant's civil-from-days algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{d:02}/{m:02}/{y:04}")
}

/// Today's date, "23/11/2026" (UTC).
pub fn today_fr() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    date_fr_from_days(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// Decimals needed to write class bounds: enough to write each bound as it is (up to 2 below
/// 100, 1 below 10 000, 0 above: "2,88 – 10,10", not "3 – 10"), and more if consecutive bounds
/// would still read the same (at most 3).
pub fn decimals_for_bounds(bounds: &[f64]) -> usize {
    let needed = bounds
        .iter()
        .filter(|b| b.is_finite())
        .map(|&b| {
            let cap = if b.abs() < 100.0 {
                2
            } else if b.abs() < 10_000.0 {
                1
            } else {
                0
            };
            (0..=cap)
                .find(|&d| {
                    let scale = 10f64.powi(d as i32);
                    ((b * scale).round() / scale - b).abs() <= 1e-9 * b.abs().max(1.0)
                })
                .unwrap_or(cap)
        })
        .max()
        .unwrap_or(0);
    (needed..=3)
        .find(|&d| {
            bounds
                .windows(2)
                .all(|w| w[0] == w[1] || decimal_fr(w[0], d) != decimal_fr(w[1], d))
        })
        .unwrap_or(3)
}

/// An amount in euros: "1 250 000 €". Cents are written only where they are present and
/// meaningful, below 10 000 € ("1 250,50 €"); larger amounts are rounded to the euro (half
/// a euro to the even euro: "1 250 000,50" reads "1 250 000 €").
pub fn amount_eur_fr(x: f64) -> String {
    if !x.is_finite() {
        return "non disponible".into();
    }
    let cents = (x * 100.0).round();
    if x.abs() >= 10_000.0 || cents % 100.0 == 0.0 {
        with_unit(&decimal_fr(x.round_ties_even(), 0), "€")
    } else {
        with_unit(&decimal_fr(cents / 100.0, 2), "€")
    }
}

/// The months in French, January first.
pub const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// An ISO date ("2024-03-01", as the readers store dates) in French: "1er mars 2024". Text
/// that is not an ISO date is returned as it is.
pub fn date_long_fr(iso: &str) -> String {
    let mut parts = iso.get(..10).unwrap_or(iso).splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return iso.to_owned();
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<usize>(), d.parse::<u32>()) else {
        return iso.to_owned();
    };
    let Some(month) = m.checked_sub(1).and_then(|i| MONTHS_FR.get(i)) else {
        return iso.to_owned();
    };
    match d {
        1 => format!("1er {month} {y}"),
        2..=31 => format!("{d} {month} {y}"),
        _ => iso.to_owned(),
    }
}

/// Manual class breaks typed by a user: numbers separated by « ; », French or English decimal
/// mark, spaces as thousands separators ("1 000 ; 2 500,5").
pub fn parse_breaks_fr(text: &str) -> Result<Vec<f64>, String> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            let cleaned: String = s
                .chars()
                .filter(|c| !c.is_whitespace() && *c != THOUSANDS_SEP)
                .map(|c| match c {
                    ',' => '.',
                    MINUS => '-',
                    c => c,
                })
                .collect();
            cleaned
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| format!("« {s} » n'est pas un nombre"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(date_fr_from_days(0), "01/01/1970");
        assert_eq!(date_fr_from_days(20_415), "23/11/2025");
        assert_eq!(date_fr_from_days(11_016), "29/02/2000");
    }

    #[test]
    fn figures_carry_their_unit() {
        assert_eq!(
            figure_fr(12_345.0, "habitants"),
            "12\u{202F}345\u{A0}habitants"
        );
        assert_eq!(figure_fr(87.34, "hab./km²"), "87,3\u{A0}hab./km²");
        // The unit never goes to the next line without its figure.
        assert_eq!(figure_fr(24.5, "%"), "24,5\u{A0}%");
        assert_eq!(figure_fr(-0.42, "%/an"), "\u{2212}0,42\u{A0}%/an");
        assert_eq!(figure_fr(7.0, "nombre"), "7");
    }

    #[test]
    fn ranks_say_what_they_are_out_of() {
        assert_eq!(rank_fr(1, 183), "1er sur\u{a0}183");
        assert_eq!(rank_fr(12, 183), "12e sur\u{a0}183");
    }

    #[test]
    fn bounds_get_just_enough_decimals() {
        assert_eq!(decimals_for_bounds(&[1200.0, 45_000.4, 910_000.0]), 0);
        assert_eq!(decimals_for_bounds(&[12.0, 12.4, 30.0]), 1);
        assert_eq!(decimals_for_bounds(&[0.5, 1.25, 3.0]), 2);
        assert_eq!(decimals_for_bounds(&[0.5, 1.5, 3.0]), 1);
        // Written as they are, not rounded into each other's neighbourhood.
        assert_eq!(decimals_for_bounds(&[2.88, 10.1, 25.0]), 2);
        assert_eq!(
            decimal_fr(2.88, 2) + " – " + &decimal_fr(10.1, 2),
            "2,88 – 10,10"
        );
        // Long decimals are cut to two below 100, none above 10 000.
        assert_eq!(decimals_for_bounds(&[2.881_234, 10.0]), 2);
        assert_eq!(decimals_for_bounds(&[12_345.678, 99_999.1]), 0);
        assert_eq!(decimals_for_bounds(&[0.51, 0.52, 3.0]), 2);
        assert_eq!(decimals_for_bounds(&[100.0, 100.0004]), 3);
    }

    #[test]
    fn amounts_have_cents_only_when_there_are_some() {
        assert_eq!(amount_eur_fr(1_250_000.0), "1\u{202F}250\u{202F}000\u{A0}€");
        assert_eq!(amount_eur_fr(1_250_000.5), "1\u{202F}250\u{202F}000\u{A0}€");
        assert_eq!(amount_eur_fr(1_250_000.7), "1\u{202F}250\u{202F}001\u{A0}€");
        assert_eq!(amount_eur_fr(1_250.5), "1\u{202F}250,50\u{A0}€");
        assert_eq!(amount_eur_fr(300.0), "300\u{A0}€");
        assert_eq!(amount_eur_fr(f64::NAN), "non disponible");
    }

    #[test]
    fn dates_read_in_french() {
        assert_eq!(date_long_fr("2024-03-01"), "1er mars 2024");
        assert_eq!(date_long_fr("2026-12-31"), "31 décembre 2026");
        assert_eq!(date_long_fr("2024-08-15T00:00:00"), "15 août 2024");
        assert_eq!(date_long_fr("printemps 2024"), "printemps 2024");
        assert_eq!(date_long_fr("2024-13-01"), "2024-13-01");
    }

    #[test]
    fn typed_breaks_accept_french_numbers() {
        assert_eq!(
            parse_breaks_fr("1 000 ; 2\u{202F}500,5;3.25; \u{2212}1,5"),
            Ok(vec![1000.0, 2500.5, 3.25, -1.5])
        );
        assert_eq!(parse_breaks_fr(" ; 12 ;"), Ok(vec![12.0]));
        assert!(parse_breaks_fr("12 ; douze").unwrap_err().contains("douze"));
    }

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
        assert_eq!(decimal_fr(-12.25, 2), "\u{2212}12,25");
        assert_eq!(decimal_fr(-0.01, 1), "0,0");
        assert_eq!(decimal_fr(f64::NAN, 1), "non disponible");
    }
}
