//! Qualitative ColorBrewer palettes for typologies (one colour per category, no order between
//! them): Set2, Set3, Paired, Dark2, Pastel1, Pastel2, Accent, with their French descriptions,
//! and a check of how many of their first colours stay apart for the three colour-vision
//! deficiencies.
//!
//! This product includes color specifications and designs developed by Cynthia Brewer
//! (<https://colorbrewer2.org/>), Apache License 2.0 (see [`super::schemes`]). A qualitative
//! list of k colours is the first k colours of the longest one, so one list is stored each.
//!
//! Colour-blind distinctness is measured, not taken from ColorBrewer's ratings: the first `k`
//! colours are distinct when every pair, seen with normal vision and through each simulated
//! deficiency ([`super::simulate`]), stays at least [`DISTINCT_DELTA_E`] apart (CIE76). On a
//! typology map any two categories can be neighbours, so every pair counts, not only adjacent
//! legend rows. [`QualitativeScheme::distinct_up_to`] gives the measured count; the unit tests
//! pin it: Set2 3, Set3 4, Paired 6, Dark2 3, Pastel1 2, Pastel2 3, Accent 2. Beyond that count
//! a palette is not safe for colour-blind readers, and the legend says so.

use serde::{Deserialize, Serialize};

use super::colour::delta_e;
use super::colour_blindness::{Deficiency, simulate};

/// Least CIE76 difference between two category colours, for every vision, to call them
/// distinct (about 4 just noticeable differences: two flat areas side by side read apart).
pub const DISTINCT_DELTA_E: f64 = 10.0;

/// A qualitative ColorBrewer scheme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QualitativeScheme {
    #[default]
    Set2,
    Set3,
    Paired,
    Dark2,
    Pastel1,
    Pastel2,
    Accent,
}

impl QualitativeScheme {
    pub const ALL: [QualitativeScheme; 7] = [
        QualitativeScheme::Set2,
        QualitativeScheme::Set3,
        QualitativeScheme::Paired,
        QualitativeScheme::Dark2,
        QualitativeScheme::Pastel1,
        QualitativeScheme::Pastel2,
        QualitativeScheme::Accent,
    ];

    /// ColorBrewer's name ("Set2").
    pub fn name(self) -> &'static str {
        match self {
            QualitativeScheme::Set2 => "Set2",
            QualitativeScheme::Set3 => "Set3",
            QualitativeScheme::Paired => "Paired",
            QualitativeScheme::Dark2 => "Dark2",
            QualitativeScheme::Pastel1 => "Pastel1",
            QualitativeScheme::Pastel2 => "Pastel2",
            QualitativeScheme::Accent => "Accent",
        }
    }

    /// The scheme of a name, case ignored ("set2", "Pastel1").
    pub fn from_name(name: &str) -> Option<QualitativeScheme> {
        Self::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(name.trim()))
    }

    /// What the palette looks like and is for, in French, with its colour-blind check.
    pub fn description_fr(self) -> String {
        let what = match self {
            QualitativeScheme::Set2 => "8 teintes moyennes, douces : la palette par défaut",
            QualitativeScheme::Set3 => "12 teintes claires : pour beaucoup de catégories",
            QualitativeScheme::Paired => {
                "12 teintes par paires clair/foncé : pour des catégories qui vont deux par deux"
            }
            QualitativeScheme::Dark2 => "8 teintes foncées : pour de petites unités",
            QualitativeScheme::Pastel1 => "9 teintes pastel : un fond léger sous des symboles",
            QualitativeScheme::Pastel2 => "8 teintes pastel plus grises : un fond léger",
            QualitativeScheme::Accent => "8 teintes dont quelques vives pour faire ressortir",
        };
        let safe = self.distinct_up_to();
        format!(
            "{what} ({} couleurs ; distinctes pour les daltonismes jusqu'à {safe} catégories)",
            self.len()
        )
    }

    /// How many colours the scheme has.
    pub fn len(self) -> usize {
        self.hex().len()
    }

    /// Never empty; here for clippy's `len_without_is_empty`.
    pub fn is_empty(self) -> bool {
        self.hex().is_empty()
    }

    /// Its colours in ColorBrewer's order.
    pub fn colours(self) -> Vec<[u8; 3]> {
        self.hex().iter().map(|&h| rgb_from_hex(h)).collect()
    }

    /// The colour of the `i`-th category, when the scheme has that many.
    pub fn colour(self, i: usize) -> Option<[u8; 3]> {
        self.hex().get(i).map(|&h| rgb_from_hex(h))
    }

    /// The largest `k` such that the first `k` colours are pairwise distinct for normal vision
    /// and for each simulated deficiency (see the module's documentation).
    pub fn distinct_up_to(self) -> usize {
        let colours = self.colours();
        let mut k = 0;
        while k < colours.len() {
            let Some(next) = colours.get(k) else {
                break;
            };
            let clash = colours
                .iter()
                .take(k)
                .any(|c| !distinct_for_everyone(*c, *next));
            if clash {
                break;
            }
            k += 1;
        }
        k
    }

    fn hex(self) -> &'static [u32] {
        match self {
            QualitativeScheme::Set2 => &SET2,
            QualitativeScheme::Set3 => &SET3,
            QualitativeScheme::Paired => &PAIRED,
            QualitativeScheme::Dark2 => &DARK2,
            QualitativeScheme::Pastel1 => &PASTEL1,
            QualitativeScheme::Pastel2 => &PASTEL2,
            QualitativeScheme::Accent => &ACCENT,
        }
    }
}

/// Whether two colours stay [`DISTINCT_DELTA_E`] apart for normal vision and through each
/// simulated deficiency.
pub fn distinct_for_everyone(a: [u8; 3], b: [u8; 3]) -> bool {
    delta_e(a, b) >= DISTINCT_DELTA_E
        && Deficiency::ALL
            .into_iter()
            .all(|d| delta_e(simulate(a, d), simulate(b, d)) >= DISTINCT_DELTA_E)
}

/// The least difference between two colours over the visions checked (normal and the three
/// deficiencies), CIE76.
pub fn least_delta_e(a: [u8; 3], b: [u8; 3]) -> f64 {
    Deficiency::ALL
        .into_iter()
        .map(|d| delta_e(simulate(a, d), simulate(b, d)))
        .fold(delta_e(a, b), f64::min)
}

/// Greys a typology may leave its units without a category in: the one farthest from every
/// category colour is taken (Set2's last colour is a grey close to the choropleth's).
const MISSING_CANDIDATES: [[u8; 3]; 4] = [
    [0xbd, 0xbd, 0xbd],
    [0xf0, 0xf0, 0xf0],
    [0x8c, 0x8c, 0x8c],
    [0x52, 0x52, 0x52],
];

/// The grey for "non renseigné" that stands farthest from `colours` for every vision.
pub fn missing_colour_among(colours: &[[u8; 3]]) -> [u8; 3] {
    let score = |g: [u8; 3]| {
        colours
            .iter()
            .map(|c| least_delta_e(*c, g))
            .fold(f64::INFINITY, f64::min)
    };
    MISSING_CANDIDATES
        .into_iter()
        .map(|g| (score(g), g))
        .fold((f64::NEG_INFINITY, MISSING_CANDIDATES[0]), |best, x| {
            if x.0 > best.0 { x } else { best }
        })
        .1
}

fn rgb_from_hex(h: u32) -> [u8; 3] {
    [(h >> 16) as u8, (h >> 8) as u8, h as u8]
}

const SET2: [u32; 8] = [
    0x66c2a5, 0xfc8d62, 0x8da0cb, 0xe78ac3, 0xa6d854, 0xffd92f, 0xe5c494, 0xb3b3b3,
];
const SET3: [u32; 12] = [
    0x8dd3c7, 0xffffb3, 0xbebada, 0xfb8072, 0x80b1d3, 0xfdb462, 0xb3de69, 0xfccde5, 0xd9d9d9,
    0xbc80bd, 0xccebc5, 0xffed6f,
];
const PAIRED: [u32; 12] = [
    0xa6cee3, 0x1f78b4, 0xb2df8a, 0x33a02c, 0xfb9a99, 0xe31a1c, 0xfdbf6f, 0xff7f00, 0xcab2d6,
    0x6a3d9a, 0xffff99, 0xb15928,
];
const DARK2: [u32; 8] = [
    0x1b9e77, 0xd95f02, 0x7570b3, 0xe7298a, 0x66a61e, 0xe6ab02, 0xa6761d, 0x666666,
];
const PASTEL1: [u32; 9] = [
    0xfbb4ae, 0xb3cde3, 0xccebc5, 0xdecbe4, 0xfed9a6, 0xffffcc, 0xe5d8bd, 0xfddaec, 0xf2f2f2,
];
const PASTEL2: [u32; 8] = [
    0xb3e2cd, 0xfdcdac, 0xcbd5e8, 0xf4cae4, 0xe6f5c9, 0xfff2ae, 0xf1e2cc, 0xcccccc,
];
const ACCENT: [u32; 8] = [
    0x7fc97f, 0xbeaed4, 0xfdc086, 0xffff99, 0x386cb0, 0xf0027f, 0xbf5b17, 0x666666,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_colorbrewers() {
        assert_eq!(QualitativeScheme::Set2.colour(0), Some([0x66, 0xc2, 0xa5]));
        assert_eq!(QualitativeScheme::Paired.len(), 12);
        assert_eq!(QualitativeScheme::Pastel1.len(), 9);
        assert_eq!(QualitativeScheme::Set3.colour(12), None);
        assert_eq!(
            QualitativeScheme::from_name("pastel2"),
            Some(QualitativeScheme::Pastel2)
        );
        assert_eq!(QualitativeScheme::from_name("Viridis"), None);
    }

    /// The measured distinct counts (every pair of the first k colours, normal vision and the
    /// three deficiencies): a change of colours or of the threshold shows here.
    #[test]
    fn distinct_counts_for_colour_blind_readers() {
        for scheme in QualitativeScheme::ALL {
            let k = scheme.distinct_up_to();
            let colours = scheme.colours();
            // Within k: every pair apart for every vision.
            for (i, a) in colours.iter().take(k).enumerate() {
                for b in colours.iter().take(k).skip(i + 1) {
                    assert!(
                        least_delta_e(*a, *b) >= DISTINCT_DELTA_E,
                        "{}: {a:?} {b:?}",
                        scheme.name()
                    );
                }
            }
            // The (k+1)-th colour clashes with one before it, for some vision.
            if let Some(next) = colours.get(k) {
                assert!(
                    colours
                        .iter()
                        .take(k)
                        .any(|c| least_delta_e(*c, *next) < DISTINCT_DELTA_E),
                    "{}",
                    scheme.name()
                );
            }
            assert!(
                k >= 2,
                "{} is not safe even for two categories",
                scheme.name()
            );
            assert!(scheme.description_fr().contains(&format!("jusqu'à {k} ")));
        }
        // What the measure says of each palette (ColorBrewer rates Set2 and Dark2 safe up to
        // 3, Paired up to 4, the others not): no qualitative palette stays distinct for every
        // vision beyond 6 categories; Pastel1 and Accent beyond 2.
        let measured: Vec<(&str, usize)> = QualitativeScheme::ALL
            .into_iter()
            .map(|s| (s.name(), s.distinct_up_to()))
            .collect();
        assert_eq!(
            measured,
            [
                ("Set2", 3),
                ("Set3", 4),
                ("Paired", 6),
                ("Dark2", 3),
                ("Pastel1", 2),
                ("Pastel2", 3),
                ("Accent", 2),
            ]
        );
    }

    #[test]
    fn the_missing_grey_stands_apart_from_every_category() {
        for scheme in QualitativeScheme::ALL {
            let colours = scheme.colours();
            let k = scheme.distinct_up_to();
            let grey = missing_colour_among(colours.get(..k).unwrap_or(&colours));
            for c in colours.iter().take(k) {
                assert!(
                    least_delta_e(*c, grey) >= DISTINCT_DELTA_E / 2.0,
                    "{}: {c:?} vs {grey:?}",
                    scheme.name()
                );
            }
        }
    }
}
