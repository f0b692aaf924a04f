//! Paper sizes of the page a map or a sheet is laid out on, in PDF points (1/72 in). Part of the
//! composition so that the export window (a panel) and the paper writers read the same sizes.

/// A4 portrait (210 × 297 mm).
pub const A4_PORTRAIT: (f64, f64) = (595.28, 841.89);
/// A4 landscape.
pub const A4_LANDSCAPE: (f64, f64) = (841.89, 595.28);
/// A3 landscape (420 × 297 mm).
pub const A3_LANDSCAPE: (f64, f64) = (1190.55, 841.89);

/// Paper of a PDF map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paper {
    A4Landscape,
    A3Landscape,
    A4Portrait,
    A3Portrait,
}

impl Paper {
    /// Width and height in points.
    pub fn size_pt(self) -> (f64, f64) {
        match self {
            Paper::A4Landscape => A4_LANDSCAPE,
            Paper::A3Landscape => A3_LANDSCAPE,
            Paper::A4Portrait => A4_PORTRAIT,
            Paper::A3Portrait => (A3_LANDSCAPE.1, A3_LANDSCAPE.0),
        }
    }
}
