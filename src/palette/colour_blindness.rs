//! Simulation of dichromacy (complete absence of one cone type), to check a palette the way
//! about 8 % of men see it.
//!
//! Model: Machado, Oliveira & Fernandes (2009), "A Physiologically-based Model for Simulation of
//! Color Vision Deficiency", IEEE TVCG 15(6). We use their published matrices for severity 1.0,
//! applied to linear RGB (sRGB decoded, multiplied, clamped, re-encoded). Every row of these
//! matrices sums to 1, so greys are left unchanged.

use serde::{Deserialize, Serialize};

use super::colour::{linear_from_srgb, srgb_from_linear};

/// A colour-vision deficiency, at full severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Deficiency {
    /// No L (red) cones.
    Protanopia,
    /// No M (green) cones; the most common.
    Deuteranopia,
    /// No S (blue) cones; rare.
    Tritanopia,
}

impl Deficiency {
    pub const ALL: [Deficiency; 3] = [
        Deficiency::Protanopia,
        Deficiency::Deuteranopia,
        Deficiency::Tritanopia,
    ];

    pub fn label_fr(self) -> &'static str {
        match self {
            Deficiency::Protanopia => "Protanopie",
            Deficiency::Deuteranopia => "Deutéranopie",
            Deficiency::Tritanopia => "Tritanopie",
        }
    }

    /// Machado et al. (2009), severity 1.0, linear RGB in and out (row-major).
    fn matrix(self) -> [[f64; 3]; 3] {
        match self {
            Deficiency::Protanopia => [
                [0.152_286, 1.052_583, -0.204_868],
                [0.114_503, 0.786_281, 0.099_216],
                [-0.003_882, -0.048_116, 1.051_998],
            ],
            Deficiency::Deuteranopia => [
                [0.367_322, 0.860_646, -0.227_968],
                [0.280_085, 0.672_501, 0.047_413],
                [-0.011_820, 0.042_940, 0.968_881],
            ],
            Deficiency::Tritanopia => [
                [1.255_528, -0.076_749, -0.178_779],
                [-0.078_411, 0.930_809, 0.147_602],
                [0.004_733, 0.691_367, 0.303_900],
            ],
        }
    }
}

/// How an sRGB colour looks with the given deficiency (sRGB out).
///
/// # Examples
/// ```
/// use ti_atlas::palette::{Deficiency, simulate};
/// // Greys are unchanged.
/// assert_eq!(simulate([128, 128, 128], Deficiency::Deuteranopia), [128, 128, 128]);
/// ```
pub fn simulate(rgb: [u8; 3], kind: Deficiency) -> [u8; 3] {
    let lin = rgb.map(linear_from_srgb);
    kind.matrix().map(|row| {
        let v: f64 = row.iter().zip(lin.iter()).map(|(m, c)| m * c).sum();
        srgb_from_linear(v)
    })
}

#[cfg(test)]
mod tests {
    use super::super::colour::delta_e;
    use super::*;

    #[test]
    fn greys_are_unchanged() {
        for kind in Deficiency::ALL {
            for g in (0..=255u8).step_by(5) {
                let out = simulate([g, g, g], kind);
                for c in out {
                    assert!(c.abs_diff(g) <= 1, "{kind:?} grey {g} -> {out:?}");
                }
            }
            assert_eq!(simulate([0, 0, 0], kind), [0, 0, 0]);
            assert_eq!(simulate([255, 255, 255], kind), [255, 255, 255]);
        }
    }

    #[test]
    fn red_and_green_merge_for_red_green_deficiencies() {
        // ColorBrewer RdYlGn ends: easy to tell apart with normal vision.
        let (red, green) = ([0xd7, 0x30, 0x27], [0x1a, 0x98, 0x50]);
        let normal = delta_e(red, green);
        assert!(normal > 70.0, "{normal}");
        for kind in [Deficiency::Deuteranopia, Deficiency::Protanopia] {
            let (r, g) = (simulate(red, kind), simulate(green, kind));
            let seen = delta_e(r, g);
            assert!(seen < normal / 2.0, "{kind:?}: {normal} -> {seen}");
            // Both become olive/brownish: red channel no longer dominates the green one.
            assert!(r[0].abs_diff(r[1]) < 60, "{kind:?}: {r:?}");
        }
        // Pure red and pure green keep very different colours for tritanopes.
        let t = delta_e(
            simulate([255, 0, 0], Deficiency::Tritanopia),
            simulate([0, 255, 0], Deficiency::Tritanopia),
        );
        assert!(t > 70.0, "{t}");
    }

    #[test]
    fn blue_and_yellow_stay_apart_for_deuteranopia() {
        let (blue, yellow) = ([0x2c, 0x7b, 0xb6], [0xff, 0xff, 0xbf]);
        let seen = delta_e(
            simulate(blue, Deficiency::Deuteranopia),
            simulate(yellow, Deficiency::Deuteranopia),
        );
        assert!(seen > 40.0, "{seen}");
    }

    #[test]
    fn pure_red_for_a_deuteranope() {
        // Row 0 of the matrix applied to (1, 0, 0): 0.367, 0.280, 0 in linear light.
        let out = simulate([255, 0, 0], Deficiency::Deuteranopia);
        assert_eq!(
            out,
            [srgb_from_linear(0.367_322), srgb_from_linear(0.280_085), 0]
        );
    }
}
