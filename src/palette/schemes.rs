//! ColorBrewer palettes for choropleths, 3 to 9 classes (2 derived, see [`Palette::colours`]).
//!
//! This product includes color specifications and designs developed by Cynthia Brewer
//! (<https://colorbrewer2.org/>). The colour specifications are under the Apache License 2.0
//! ("Apache-Style Software License for ColorBrewer Color Schemes", © 2002 Cynthia Brewer,
//! Mark Harrower and The Pennsylvania State University). Each class count has its own hand-tuned
//! list in ColorBrewer: they are not samples of one ramp, so every list is stored.
//!
//! Colour-blind safety is ColorBrewer's own rating per scheme and class count.

use serde::{Deserialize, Serialize};

/// Sequential ramps go from light (low values) to dark; diverging ones from one dark hue through
/// a light centre to another dark hue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SchemeKind {
    Sequential,
    Diverging,
}

/// ColorBrewer's rating for readers with a red-green colour-vision deficiency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ColourBlindSafety {
    Safe,
    /// ColorBrewer marks it as uncertain ("?").
    Uncertain,
    NotSafe,
}

/// A ColorBrewer scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scheme {
    Blues,
    Greens,
    Oranges,
    Reds,
    Purples,
    YlOrRd,
    YlGnBu,
    OrRd,
    PuBu,
    BuGn,
    RdBu,
    BrBG,
    PuOr,
    RdYlBu,
    PiYG,
    Spectral,
}

/// Smallest and largest class counts stored for every scheme.
pub const MIN_STORED_CLASSES: usize = 3;
pub const MAX_STORED_CLASSES: usize = 9;

impl Scheme {
    pub const ALL: [Scheme; 16] = [
        Scheme::Blues,
        Scheme::Greens,
        Scheme::Oranges,
        Scheme::Reds,
        Scheme::Purples,
        Scheme::YlOrRd,
        Scheme::YlGnBu,
        Scheme::OrRd,
        Scheme::PuBu,
        Scheme::BuGn,
        Scheme::RdBu,
        Scheme::BrBG,
        Scheme::PuOr,
        Scheme::RdYlBu,
        Scheme::PiYG,
        Scheme::Spectral,
    ];

    /// ColorBrewer's name, also the command-line id.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Blues => "Blues",
            Scheme::Greens => "Greens",
            Scheme::Oranges => "Oranges",
            Scheme::Reds => "Reds",
            Scheme::Purples => "Purples",
            Scheme::YlOrRd => "YlOrRd",
            Scheme::YlGnBu => "YlGnBu",
            Scheme::OrRd => "OrRd",
            Scheme::PuBu => "PuBu",
            Scheme::BuGn => "BuGn",
            Scheme::RdBu => "RdBu",
            Scheme::BrBG => "BrBG",
            Scheme::PuOr => "PuOr",
            Scheme::RdYlBu => "RdYlBu",
            Scheme::PiYG => "PiYG",
            Scheme::Spectral => "Spectral",
        }
    }

    /// The scheme in French, as the app shows it ("Bleus", "Jaune-orange-rouge"); its
    /// ColorBrewer name is [`Scheme::name`].
    pub fn label_fr(self) -> &'static str {
        match self {
            Scheme::Blues => "Bleus",
            Scheme::Greens => "Verts",
            Scheme::Oranges => "Oranges",
            Scheme::Reds => "Rouges",
            Scheme::Purples => "Violets",
            Scheme::YlOrRd => "Jaune-orange-rouge",
            Scheme::YlGnBu => "Jaune-vert-bleu",
            Scheme::OrRd => "Orange-rouge",
            Scheme::PuBu => "Violet-bleu",
            Scheme::BuGn => "Bleu-vert",
            Scheme::RdBu => "Rouge-bleu",
            Scheme::BrBG => "Brun-bleu-vert",
            Scheme::PuOr => "Violet-orange",
            Scheme::RdYlBu => "Rouge-jaune-bleu",
            Scheme::PiYG => "Rose-jaune-vert",
            Scheme::Spectral => "Spectral",
        }
    }

    /// The French name with its kind and ColorBrewer code: "Bleus (séquentielle, Blues)".
    pub fn description_fr(self) -> String {
        let kind = match self.kind() {
            SchemeKind::Sequential => "séquentielle",
            SchemeKind::Diverging => "divergente",
        };
        format!("{} ({kind}, {})", self.label_fr(), self.name())
    }

    /// From ColorBrewer's name, ignoring case (`"ylorrd"` works).
    pub fn from_name(name: &str) -> Option<Scheme> {
        Scheme::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(name))
    }

    pub fn kind(self) -> SchemeKind {
        match self {
            Scheme::Blues
            | Scheme::Greens
            | Scheme::Oranges
            | Scheme::Reds
            | Scheme::Purples
            | Scheme::YlOrRd
            | Scheme::YlGnBu
            | Scheme::OrRd
            | Scheme::PuBu
            | Scheme::BuGn => SchemeKind::Sequential,
            Scheme::RdBu
            | Scheme::BrBG
            | Scheme::PuOr
            | Scheme::RdYlBu
            | Scheme::PiYG
            | Scheme::Spectral => SchemeKind::Diverging,
        }
    }

    /// ColorBrewer's colour-blind rating for `k` classes (for k = 2, that of 3 classes).
    /// Every sequential scheme is safe; among the diverging ones here, Spectral is uncertain up
    /// to 5 classes and not safe beyond.
    pub fn colour_blind_safety(self, k: usize) -> ColourBlindSafety {
        match (self, k) {
            (Scheme::Spectral, 0..=5) => ColourBlindSafety::Uncertain,
            (Scheme::Spectral, _) => ColourBlindSafety::NotSafe,
            _ => ColourBlindSafety::Safe,
        }
    }

    /// The stored ColorBrewer list for `k` in 3..=9, as `0xRRGGBB`.
    fn hex(self, k: usize) -> Option<&'static [u32]> {
        let lists: &[&[u32]; 7] = match self {
            Scheme::Blues => &BLUES,
            Scheme::Greens => &GREENS,
            Scheme::Oranges => &ORANGES,
            Scheme::Reds => &REDS,
            Scheme::Purples => &PURPLES,
            Scheme::YlOrRd => &YLORRD,
            Scheme::YlGnBu => &YLGNBU,
            Scheme::OrRd => &ORRD,
            Scheme::PuBu => &PUBU,
            Scheme::BuGn => &BUGN,
            Scheme::RdBu => &RDBU,
            Scheme::BrBG => &BRBG,
            Scheme::PuOr => &PUOR,
            Scheme::RdYlBu => &RDYLBU,
            Scheme::PiYG => &PIYG,
            Scheme::Spectral => &SPECTRAL,
        };
        lists.get(k.checked_sub(MIN_STORED_CLASSES)?).copied()
    }
}

/// A scheme, possibly reversed (dark for low values, or the diverging hues swapped).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Palette {
    pub scheme: Scheme,
    #[serde(default)]
    pub reversed: bool,
}

impl Default for Palette {
    fn default() -> Self {
        Palette::new(Scheme::YlOrRd)
    }
}

impl Palette {
    /// The palette a map of an indicator starts with: for values read against 0 (growth rates),
    /// the diverging RdBu (reds for falls, blues for rises, a light neutral in the middle, safe
    /// for colour-blind readers); otherwise the default sequential YlOrRd.
    pub fn default_for(diverging_around_zero: bool) -> Self {
        if diverging_around_zero {
            Palette::new(Scheme::RdBu)
        } else {
            Palette::default()
        }
    }

    pub fn new(scheme: Scheme) -> Self {
        Palette {
            scheme,
            reversed: false,
        }
    }

    pub fn with_reversed(mut self, reversed: bool) -> Self {
        self.reversed = reversed;
        self
    }

    /// `k` sRGB colours, first class first.
    ///
    /// ColorBrewer stores 3 to 9 classes. For `k = 2` the two ends of the 3-class list are used;
    /// any other `k` (0, 1 or more than 9) gives an empty list: no map has that many classes
    /// (the classification allows 2 to 9).
    ///
    /// # Examples
    /// ```
    /// use ti_atlas::palette::{Palette, Scheme};
    /// let blues = Palette::new(Scheme::Blues).colours(3);
    /// assert_eq!(blues, vec![[0xde, 0xeb, 0xf7], [0x9e, 0xca, 0xe1], [0x31, 0x82, 0xbd]]);
    /// let reversed = Palette::new(Scheme::Blues).with_reversed(true).colours(3);
    /// assert_eq!(reversed.first(), blues.last());
    /// ```
    pub fn colours(&self, k: usize) -> Vec<[u8; 3]> {
        let mut out: Vec<[u8; 3]> = match k {
            2 => self
                .scheme
                .hex(3)
                .map(|l| {
                    [l.first(), l.last()]
                        .into_iter()
                        .flatten()
                        .map(|&h| rgb_from_hex(h))
                        .collect()
                })
                .unwrap_or_default(),
            _ => self
                .scheme
                .hex(k)
                .map(|l| l.iter().map(|&h| rgb_from_hex(h)).collect())
                .unwrap_or_default(),
        };
        if self.reversed {
            out.reverse();
        }
        out
    }

    pub fn colour_blind_safety(&self, k: usize) -> ColourBlindSafety {
        self.scheme.colour_blind_safety(k)
    }
}

fn rgb_from_hex(hex: u32) -> [u8; 3] {
    let [_, r, g, b] = hex.to_be_bytes();
    [r, g, b]
}

// ColorBrewer colour specifications, one list per class count from 3 to 9.

const BLUES: [&[u32]; 7] = [
    &[0xdeebf7, 0x9ecae1, 0x3182bd],
    &[0xeff3ff, 0xbdd7e7, 0x6baed6, 0x2171b5],
    &[0xeff3ff, 0xbdd7e7, 0x6baed6, 0x3182bd, 0x08519c],
    &[0xeff3ff, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x3182bd, 0x08519c],
    &[
        0xeff3ff, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x084594,
    ],
    &[
        0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x084594,
    ],
    &[
        0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b,
    ],
];

const GREENS: [&[u32]; 7] = [
    &[0xe5f5e0, 0xa1d99b, 0x31a354],
    &[0xedf8e9, 0xbae4b3, 0x74c476, 0x238b45],
    &[0xedf8e9, 0xbae4b3, 0x74c476, 0x31a354, 0x006d2c],
    &[0xedf8e9, 0xc7e9c0, 0xa1d99b, 0x74c476, 0x31a354, 0x006d2c],
    &[
        0xedf8e9, 0xc7e9c0, 0xa1d99b, 0x74c476, 0x41ab5d, 0x238b45, 0x005a32,
    ],
    &[
        0xf7fcf5, 0xe5f5e0, 0xc7e9c0, 0xa1d99b, 0x74c476, 0x41ab5d, 0x238b45, 0x005a32,
    ],
    &[
        0xf7fcf5, 0xe5f5e0, 0xc7e9c0, 0xa1d99b, 0x74c476, 0x41ab5d, 0x238b45, 0x006d2c, 0x00441b,
    ],
];

const ORANGES: [&[u32]; 7] = [
    &[0xfee6ce, 0xfdae6b, 0xe6550d],
    &[0xfeedde, 0xfdbe85, 0xfd8d3c, 0xd94701],
    &[0xfeedde, 0xfdbe85, 0xfd8d3c, 0xe6550d, 0xa63603],
    &[0xfeedde, 0xfdd0a2, 0xfdae6b, 0xfd8d3c, 0xe6550d, 0xa63603],
    &[
        0xfeedde, 0xfdd0a2, 0xfdae6b, 0xfd8d3c, 0xf16913, 0xd94801, 0x8c2d04,
    ],
    &[
        0xfff5eb, 0xfee6ce, 0xfdd0a2, 0xfdae6b, 0xfd8d3c, 0xf16913, 0xd94801, 0x8c2d04,
    ],
    &[
        0xfff5eb, 0xfee6ce, 0xfdd0a2, 0xfdae6b, 0xfd8d3c, 0xf16913, 0xd94801, 0xa63603, 0x7f2704,
    ],
];

const REDS: [&[u32]; 7] = [
    &[0xfee0d2, 0xfc9272, 0xde2d26],
    &[0xfee5d9, 0xfcae91, 0xfb6a4a, 0xcb181d],
    &[0xfee5d9, 0xfcae91, 0xfb6a4a, 0xde2d26, 0xa50f15],
    &[0xfee5d9, 0xfcbba1, 0xfc9272, 0xfb6a4a, 0xde2d26, 0xa50f15],
    &[
        0xfee5d9, 0xfcbba1, 0xfc9272, 0xfb6a4a, 0xef3b2c, 0xcb181d, 0x99000d,
    ],
    &[
        0xfff5f0, 0xfee0d2, 0xfcbba1, 0xfc9272, 0xfb6a4a, 0xef3b2c, 0xcb181d, 0x99000d,
    ],
    &[
        0xfff5f0, 0xfee0d2, 0xfcbba1, 0xfc9272, 0xfb6a4a, 0xef3b2c, 0xcb181d, 0xa50f15, 0x67000d,
    ],
];

const PURPLES: [&[u32]; 7] = [
    &[0xefedf5, 0xbcbddc, 0x756bb1],
    &[0xf2f0f7, 0xcbc9e2, 0x9e9ac8, 0x6a51a3],
    &[0xf2f0f7, 0xcbc9e2, 0x9e9ac8, 0x756bb1, 0x54278f],
    &[0xf2f0f7, 0xdadaeb, 0xbcbddc, 0x9e9ac8, 0x756bb1, 0x54278f],
    &[
        0xf2f0f7, 0xdadaeb, 0xbcbddc, 0x9e9ac8, 0x807dba, 0x6a51a3, 0x4a1486,
    ],
    &[
        0xfcfbfd, 0xefedf5, 0xdadaeb, 0xbcbddc, 0x9e9ac8, 0x807dba, 0x6a51a3, 0x4a1486,
    ],
    &[
        0xfcfbfd, 0xefedf5, 0xdadaeb, 0xbcbddc, 0x9e9ac8, 0x807dba, 0x6a51a3, 0x54278f, 0x3f007d,
    ],
];

const YLORRD: [&[u32]; 7] = [
    &[0xffeda0, 0xfeb24c, 0xf03b20],
    &[0xffffb2, 0xfecc5c, 0xfd8d3c, 0xe31a1c],
    &[0xffffb2, 0xfecc5c, 0xfd8d3c, 0xf03b20, 0xbd0026],
    &[0xffffb2, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xf03b20, 0xbd0026],
    &[
        0xffffb2, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a, 0xe31a1c, 0xb10026,
    ],
    &[
        0xffffcc, 0xffeda0, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a, 0xe31a1c, 0xb10026,
    ],
    &[
        0xffffcc, 0xffeda0, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a, 0xe31a1c, 0xbd0026, 0x800026,
    ],
];

const YLGNBU: [&[u32]; 7] = [
    &[0xedf8b1, 0x7fcdbb, 0x2c7fb8],
    &[0xffffcc, 0xa1dab4, 0x41b6c4, 0x225ea8],
    &[0xffffcc, 0xa1dab4, 0x41b6c4, 0x2c7fb8, 0x253494],
    &[0xffffcc, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x2c7fb8, 0x253494],
    &[
        0xffffcc, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8, 0x0c2c84,
    ],
    &[
        0xffffd9, 0xedf8b1, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8, 0x0c2c84,
    ],
    &[
        0xffffd9, 0xedf8b1, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8, 0x253494, 0x081d58,
    ],
];

const ORRD: [&[u32]; 7] = [
    &[0xfee8c8, 0xfdbb84, 0xe34a33],
    &[0xfef0d9, 0xfdcc8a, 0xfc8d59, 0xd7301f],
    &[0xfef0d9, 0xfdcc8a, 0xfc8d59, 0xe34a33, 0xb30000],
    &[0xfef0d9, 0xfdd49e, 0xfdbb84, 0xfc8d59, 0xe34a33, 0xb30000],
    &[
        0xfef0d9, 0xfdd49e, 0xfdbb84, 0xfc8d59, 0xef6548, 0xd7301f, 0x990000,
    ],
    &[
        0xfff7ec, 0xfee8c8, 0xfdd49e, 0xfdbb84, 0xfc8d59, 0xef6548, 0xd7301f, 0x990000,
    ],
    &[
        0xfff7ec, 0xfee8c8, 0xfdd49e, 0xfdbb84, 0xfc8d59, 0xef6548, 0xd7301f, 0xb30000, 0x7f0000,
    ],
];

const PUBU: [&[u32]; 7] = [
    &[0xece7f2, 0xa6bddb, 0x2b8cbe],
    &[0xf1eef6, 0xbdc9e1, 0x74a9cf, 0x0570b0],
    &[0xf1eef6, 0xbdc9e1, 0x74a9cf, 0x2b8cbe, 0x045a8d],
    &[0xf1eef6, 0xd0d1e6, 0xa6bddb, 0x74a9cf, 0x2b8cbe, 0x045a8d],
    &[
        0xf1eef6, 0xd0d1e6, 0xa6bddb, 0x74a9cf, 0x3690c0, 0x0570b0, 0x034e7b,
    ],
    &[
        0xfff7fb, 0xece7f2, 0xd0d1e6, 0xa6bddb, 0x74a9cf, 0x3690c0, 0x0570b0, 0x034e7b,
    ],
    &[
        0xfff7fb, 0xece7f2, 0xd0d1e6, 0xa6bddb, 0x74a9cf, 0x3690c0, 0x0570b0, 0x045a8d, 0x023858,
    ],
];

const BUGN: [&[u32]; 7] = [
    &[0xe5f5f9, 0x99d8c9, 0x2ca25f],
    &[0xedf8fb, 0xb2e2e2, 0x66c2a4, 0x238b45],
    &[0xedf8fb, 0xb2e2e2, 0x66c2a4, 0x2ca25f, 0x006d2c],
    &[0xedf8fb, 0xccece6, 0x99d8c9, 0x66c2a4, 0x2ca25f, 0x006d2c],
    &[
        0xedf8fb, 0xccece6, 0x99d8c9, 0x66c2a4, 0x41ae76, 0x238b45, 0x005824,
    ],
    &[
        0xf7fcfd, 0xe5f5f9, 0xccece6, 0x99d8c9, 0x66c2a4, 0x41ae76, 0x238b45, 0x005824,
    ],
    &[
        0xf7fcfd, 0xe5f5f9, 0xccece6, 0x99d8c9, 0x66c2a4, 0x41ae76, 0x238b45, 0x006d2c, 0x00441b,
    ],
];

const RDBU: [&[u32]; 7] = [
    &[0xef8a62, 0xf7f7f7, 0x67a9cf],
    &[0xca0020, 0xf4a582, 0x92c5de, 0x0571b0],
    &[0xca0020, 0xf4a582, 0xf7f7f7, 0x92c5de, 0x0571b0],
    &[0xb2182b, 0xef8a62, 0xfddbc7, 0xd1e5f0, 0x67a9cf, 0x2166ac],
    &[
        0xb2182b, 0xef8a62, 0xfddbc7, 0xf7f7f7, 0xd1e5f0, 0x67a9cf, 0x2166ac,
    ],
    &[
        0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac,
    ],
    &[
        0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xf7f7f7, 0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac,
    ],
];

const BRBG: [&[u32]; 7] = [
    &[0xd8b365, 0xf5f5f5, 0x5ab4ac],
    &[0xa6611a, 0xdfc27d, 0x80cdc1, 0x018571],
    &[0xa6611a, 0xdfc27d, 0xf5f5f5, 0x80cdc1, 0x018571],
    &[0x8c510a, 0xd8b365, 0xf6e8c3, 0xc7eae5, 0x5ab4ac, 0x01665e],
    &[
        0x8c510a, 0xd8b365, 0xf6e8c3, 0xf5f5f5, 0xc7eae5, 0x5ab4ac, 0x01665e,
    ],
    &[
        0x8c510a, 0xbf812d, 0xdfc27d, 0xf6e8c3, 0xc7eae5, 0x80cdc1, 0x35978f, 0x01665e,
    ],
    &[
        0x8c510a, 0xbf812d, 0xdfc27d, 0xf6e8c3, 0xf5f5f5, 0xc7eae5, 0x80cdc1, 0x35978f, 0x01665e,
    ],
];

const PUOR: [&[u32]; 7] = [
    &[0xf1a340, 0xf7f7f7, 0x998ec3],
    &[0xe66101, 0xfdb863, 0xb2abd2, 0x5e3c99],
    &[0xe66101, 0xfdb863, 0xf7f7f7, 0xb2abd2, 0x5e3c99],
    &[0xb35806, 0xf1a340, 0xfee0b6, 0xd8daeb, 0x998ec3, 0x542788],
    &[
        0xb35806, 0xf1a340, 0xfee0b6, 0xf7f7f7, 0xd8daeb, 0x998ec3, 0x542788,
    ],
    &[
        0xb35806, 0xe08214, 0xfdb863, 0xfee0b6, 0xd8daeb, 0xb2abd2, 0x8073ac, 0x542788,
    ],
    &[
        0xb35806, 0xe08214, 0xfdb863, 0xfee0b6, 0xf7f7f7, 0xd8daeb, 0xb2abd2, 0x8073ac, 0x542788,
    ],
];

const RDYLBU: [&[u32]; 7] = [
    &[0xfc8d59, 0xffffbf, 0x91bfdb],
    &[0xd7191c, 0xfdae61, 0xabd9e9, 0x2c7bb6],
    &[0xd7191c, 0xfdae61, 0xffffbf, 0xabd9e9, 0x2c7bb6],
    &[0xd73027, 0xfc8d59, 0xfee090, 0xe0f3f8, 0x91bfdb, 0x4575b4],
    &[
        0xd73027, 0xfc8d59, 0xfee090, 0xffffbf, 0xe0f3f8, 0x91bfdb, 0x4575b4,
    ],
    &[
        0xd73027, 0xf46d43, 0xfdae61, 0xfee090, 0xe0f3f8, 0xabd9e9, 0x74add1, 0x4575b4,
    ],
    &[
        0xd73027, 0xf46d43, 0xfdae61, 0xfee090, 0xffffbf, 0xe0f3f8, 0xabd9e9, 0x74add1, 0x4575b4,
    ],
];

const PIYG: [&[u32]; 7] = [
    &[0xe9a3c9, 0xf7f7f7, 0xa1d76a],
    &[0xd01c8b, 0xf1b6da, 0xb8e186, 0x4dac26],
    &[0xd01c8b, 0xf1b6da, 0xf7f7f7, 0xb8e186, 0x4dac26],
    &[0xc51b7d, 0xe9a3c9, 0xfde0ef, 0xe6f5d0, 0xa1d76a, 0x4d9221],
    &[
        0xc51b7d, 0xe9a3c9, 0xfde0ef, 0xf7f7f7, 0xe6f5d0, 0xa1d76a, 0x4d9221,
    ],
    &[
        0xc51b7d, 0xde77ae, 0xf1b6da, 0xfde0ef, 0xe6f5d0, 0xb8e186, 0x7fbc41, 0x4d9221,
    ],
    &[
        0xc51b7d, 0xde77ae, 0xf1b6da, 0xfde0ef, 0xf7f7f7, 0xe6f5d0, 0xb8e186, 0x7fbc41, 0x4d9221,
    ],
];

const SPECTRAL: [&[u32]; 7] = [
    &[0xfc8d59, 0xffffbf, 0x99d594],
    &[0xd7191c, 0xfdae61, 0xabdda4, 0x2b83ba],
    &[0xd7191c, 0xfdae61, 0xffffbf, 0xabdda4, 0x2b83ba],
    &[0xd53e4f, 0xfc8d59, 0xfee08b, 0xe6f598, 0x99d594, 0x3288bd],
    &[
        0xd53e4f, 0xfc8d59, 0xfee08b, 0xffffbf, 0xe6f598, 0x99d594, 0x3288bd,
    ],
    &[
        0xd53e4f, 0xf46d43, 0xfdae61, 0xfee08b, 0xe6f598, 0xabdda4, 0x66c2a5, 0x3288bd,
    ],
    &[
        0xd53e4f, 0xf46d43, 0xfdae61, 0xfee08b, 0xffffbf, 0xe6f598, 0xabdda4, 0x66c2a5, 0x3288bd,
    ],
];

#[cfg(test)]
mod tests {
    use super::super::colour::{delta_e, lightness};
    use super::*;

    #[test]
    fn every_scheme_has_every_class_count() {
        for scheme in Scheme::ALL {
            for k in 2..=9 {
                let c = Palette::new(scheme).colours(k);
                assert_eq!(c.len(), k, "{scheme:?} {k}");
                // Adjacent classes are visibly different.
                for w in c.windows(2) {
                    if let [a, b] = w {
                        assert!(delta_e(*a, *b) > 5.0, "{scheme:?} {k}: {a:?} {b:?}");
                    }
                }
            }
            for k in [0, 1, 10] {
                assert!(Palette::new(scheme).colours(k).is_empty());
            }
            assert_eq!(Scheme::from_name(scheme.name()), Some(scheme));
        }
        assert_eq!(Scheme::from_name("ylorrd"), Some(Scheme::YlOrRd));
        assert_eq!(
            Scheme::YlOrRd.description_fr(),
            "Jaune-orange-rouge (séquentielle, YlOrRd)"
        );
        // Every scheme has its own French name.
        let names: std::collections::BTreeSet<&str> =
            Scheme::ALL.iter().map(|s| s.label_fr()).collect();
        assert_eq!(names.len(), Scheme::ALL.len());
        assert_eq!(Scheme::from_name("Viridis"), None);
    }

    #[test]
    fn values_read_against_zero_default_to_a_diverging_palette() {
        let p = Palette::default_for(true);
        assert_eq!(p.scheme.kind(), SchemeKind::Diverging);
        assert_eq!(p.colour_blind_safety(6), ColourBlindSafety::Safe);
        // Low (falls) red, high (rises) blue.
        let c = p.colours(4);
        let (first, last) = (c[0], c[3]);
        assert!(first[0] > first[2] && last[2] > last[0], "{c:?}");
        assert_eq!(Palette::default_for(false), Palette::default());
        assert_eq!(Palette::default().scheme.kind(), SchemeKind::Sequential);
    }

    #[test]
    fn known_values() {
        let ylorrd9 = Palette::new(Scheme::YlOrRd).colours(9);
        assert_eq!(ylorrd9.first(), Some(&[255, 255, 204]));
        assert_eq!(ylorrd9.last(), Some(&[128, 0, 38]));
        assert_eq!(
            Palette::new(Scheme::Blues).colours(5),
            vec![
                [239, 243, 255],
                [189, 215, 231],
                [107, 174, 214],
                [49, 130, 189],
                [8, 81, 156]
            ]
        );
        assert_eq!(
            Palette::new(Scheme::RdBu).colours(3),
            vec![[239, 138, 98], [247, 247, 247], [103, 169, 207]]
        );
        let spectral6 = Palette::new(Scheme::Spectral).colours(6);
        assert_eq!(spectral6.get(2), Some(&[254, 224, 139]));
        // k = 2: the ends of the 3-class list.
        assert_eq!(
            Palette::new(Scheme::Greens).colours(2),
            vec![[229, 245, 224], [49, 163, 84]]
        );
    }

    #[test]
    fn sequential_ramps_darken_monotonically() {
        for scheme in Scheme::ALL {
            if scheme.kind() != SchemeKind::Sequential {
                continue;
            }
            for k in 2..=9 {
                let l: Vec<f64> = Palette::new(scheme)
                    .colours(k)
                    .into_iter()
                    .map(lightness)
                    .collect();
                assert!(l.windows(2).all(|w| w[0] > w[1]), "{scheme:?} {k}: {l:?}");
                let rev: Vec<f64> = Palette::new(scheme)
                    .with_reversed(true)
                    .colours(k)
                    .into_iter()
                    .map(lightness)
                    .collect();
                assert!(
                    rev.windows(2).all(|w| w[0] < w[1]),
                    "{scheme:?} {k} reversed"
                );
            }
        }
    }

    #[test]
    fn diverging_ramps_are_lightest_in_the_middle() {
        for scheme in Scheme::ALL {
            if scheme.kind() != SchemeKind::Diverging {
                continue;
            }
            for k in 3..=9 {
                let l: Vec<f64> = Palette::new(scheme)
                    .colours(k)
                    .into_iter()
                    .map(lightness)
                    .collect();
                let peak = l
                    .iter()
                    .enumerate()
                    .max_by(|a, b| a.1.total_cmp(b.1))
                    .map(|(i, _)| i)
                    .unwrap_or_default();
                assert!(
                    peak == k / 2 || (k % 2 == 0 && peak + 1 == k / 2),
                    "{scheme:?} {k}: peak at {peak} in {l:?}"
                );
                let (up, down) = l.split_at(peak + 1);
                assert!(up.windows(2).all(|w| w[0] < w[1]), "{scheme:?} {k}: {l:?}");
                assert!(
                    down.windows(2).all(|w| w[0] > w[1]),
                    "{scheme:?} {k}: {l:?}"
                );
            }
        }
    }

    #[test]
    fn colour_blind_ratings_follow_colorbrewer() {
        assert_eq!(
            Scheme::Blues.colour_blind_safety(9),
            ColourBlindSafety::Safe
        );
        assert_eq!(
            Scheme::RdYlBu.colour_blind_safety(9),
            ColourBlindSafety::Safe
        );
        assert_eq!(
            Scheme::Spectral.colour_blind_safety(4),
            ColourBlindSafety::Uncertain
        );
        assert_eq!(
            Palette::new(Scheme::Spectral).colour_blind_safety(6),
            ColourBlindSafety::NotSafe
        );
    }

    #[test]
    fn palette_round_trips_through_serde() {
        let p = Palette::new(Scheme::PuOr).with_reversed(true);
        let json = serde_json::to_string(&p).expect("serialise");
        let back: Palette = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, p);
        let old: Palette = serde_json::from_str(r#"{"scheme":"Blues"}"#).expect("default");
        assert!(!old.reversed);
    }
}
