//! Path coordinates written to a tenth of a unit, without `core::fmt`: the export drawings'
//! paths hold tens of thousands of numbers, and `write!(d, "{x:.1}")` (exact decimal rounding
//! through the generic float formatter) was a fifth of a map PDF's work. The text is the same,
//! character for character, as `format!("{x:.1}")`: the tests compare them.

use std::fmt::Write as _;

/// Appends `tenths / 10` as `format!("{:.1}", tenths as f64 / 10.0)` writes it ("-0.3", "12.0").
pub fn push_tenths_int(out: &mut String, tenths: i64) {
    if tenths < 0 {
        out.push('-');
    }
    let t = tenths.unsigned_abs();
    push_u64(out, t / 10);
    out.push('.');
    out.push(char::from(b'0' + (t % 10) as u8));
}

/// Appends `x` as `format!("{x:.1}")` writes it. Values whose tenths are near a tie (where the
/// standard formatter rounds the exact binary value half to even), huge or not finite go
/// through the standard formatter.
pub fn push_tenths(out: &mut String, x: f64) {
    let scaled = x * 10.0;
    // Within 1e9 the product's rounding error (< 1e-6) cannot move it across a tie that is
    // more than 1e-6 away, so rounding it gives the exact decimal rounding of x.
    if !scaled.is_finite() || scaled.abs() >= 1e9 || (scaled.fract().abs() - 0.5).abs() < 1e-6 {
        let _ = write!(out, "{x:.1}");
        return;
    }
    let t = scaled.abs().round() as u64;
    // The standard formatter keeps the sign of a negative value rounded to zero ("-0.0").
    if x.is_sign_negative() {
        out.push('-');
    }
    push_u64(out, t / 10);
    out.push('.');
    out.push(char::from(b'0' + (t % 10) as u8));
}

/// Appends the decimal digits of `n`.
fn push_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenths(x: f64) -> String {
        let mut s = String::new();
        push_tenths(&mut s, x);
        s
    }

    #[test]
    fn tenths_are_written_as_the_standard_formatter_writes_them() {
        let mut values = vec![
            0.0,
            -0.0,
            0.04,
            -0.04,
            0.05,
            -0.05,
            0.15,
            0.25,
            -0.25,
            0.35,
            2.45,
            1.05,
            9.95,
            -9.95,
            99.95,
            0.95,
            123.456,
            -305.04999,
            841.89,
            1e9,
            -1e12,
            1e20,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
        ];
        // A deterministic spread of page coordinates, ties and near-ties included.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for i in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let unit = (seed >> 11) as f64 / (1u64 << 53) as f64;
            values.push((unit - 0.5) * 4000.0);
            values.push(f64::from(i - 100_000) / 20.0);
            values.push(f64::from(i - 100_000) / 100.0);
        }
        for x in values {
            assert_eq!(tenths(x), format!("{x:.1}"), "{x:e}");
        }
    }

    #[test]
    fn whole_tenths_are_written_as_the_standard_formatter_writes_them() {
        for t in (-200_000i64..200_000).chain([i64::from(i32::MAX), -i64::from(i32::MAX)]) {
            let mut s = String::new();
            push_tenths_int(&mut s, t);
            assert_eq!(s, format!("{:.1}", t as f64 / 10.0), "{t}");
        }
    }
}
