//! sRGB helpers: transfer functions, CIE L*a*b* (D65) and the CIE76 colour difference.

/// One sRGB channel (0–255) to linear light (0–1), IEC 61966-2-1.
pub fn linear_from_srgb(channel: u8) -> f64 {
    let c = f64::from(channel) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// Linear light (clamped to 0–1) to one sRGB channel, rounded.
pub fn srgb_from_linear(linear: f64) -> u8 {
    let l = linear.clamp(0.0, 1.0);
    let c = if l <= 0.003_130_8 {
        12.92 * l
    } else {
        1.055 * l.powf(1.0 / 2.4) - 0.055
    };
    // In 0..=255 after the clamp, so the cast cannot truncate.
    (c * 255.0).round() as u8
}

/// CIE L*a*b* of an sRGB colour (D65 white).
pub fn lab_from_srgb(rgb: [u8; 3]) -> [f64; 3] {
    let [r, g, b] = rgb.map(linear_from_srgb);
    let x = 0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b;
    let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175_0 * b;
    let z = 0.019_333_9 * r + 0.119_192_0 * g + 0.950_304_1 * b;
    let f = |t: f64| {
        const DELTA: f64 = 6.0 / 29.0;
        if t > DELTA * DELTA * DELTA {
            t.cbrt()
        } else {
            t / (3.0 * DELTA * DELTA) + 4.0 / 29.0
        }
    };
    let (fx, fy, fz) = (f(x / 0.950_47), f(y), f(z / 1.088_83));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// CIE lightness L* (0 black to 100 white).
pub fn lightness(rgb: [u8; 3]) -> f64 {
    let [l, _, _] = lab_from_srgb(rgb);
    l
}

/// CIE76 difference ΔE*ab: about 2.3 is a just noticeable difference.
pub fn delta_e(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (p, q) = (lab_from_srgb(a), lab_from_srgb(b));
    p.iter()
        .zip(q.iter())
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transfer_functions_round_trip() {
        for c in 0..=255u8 {
            assert_eq!(srgb_from_linear(linear_from_srgb(c)), c);
        }
    }

    #[test]
    fn lightness_of_black_white_and_mid_grey() {
        assert!(lightness([0, 0, 0]).abs() < 1e-9);
        assert!((lightness([255, 255, 255]) - 100.0).abs() < 1e-3);
        // sRGB 119 is close to L* = 50.
        assert!((lightness([119, 119, 119]) - 50.0).abs() < 0.5);
        let [_, a, b] = lab_from_srgb([200, 200, 200]);
        assert!(a.abs() < 1e-3 && b.abs() < 1e-3, "greys are neutral");
    }

    #[test]
    fn delta_e_is_a_distance() {
        assert_eq!(delta_e([10, 20, 30], [10, 20, 30]), 0.0);
        let (a, b) = ([255, 0, 0], [0, 128, 0]);
        assert!((delta_e(a, b) - delta_e(b, a)).abs() < 1e-12);
        assert!(delta_e(a, b) > 50.0);
    }
}
