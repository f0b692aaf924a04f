//! What lines and fills are painted with: colours with their opacity, strokes in frame units.

use super::Rgb;

/// An sRGB colour with its opacity (straight, not premultiplied).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rgba {
    pub rgb: Rgb,
    pub alpha: f32,
}

impl Rgba {
    pub const fn opaque(rgb: Rgb) -> Self {
        Rgba { rgb, alpha: 1.0 }
    }

    /// Blended towards white by `t` (0: unchanged, 1: white), opacity kept.
    pub fn lightened(self, t: f64) -> Self {
        let mix = |c: u8| (f64::from(c) + (255.0 - f64::from(c)) * t.clamp(0.0, 1.0)).round() as u8;
        Rgba {
            rgb: [mix(self.rgb[0]), mix(self.rgb[1]), mix(self.rgb[2])],
            alpha: self.alpha,
        }
    }
}

/// A line's colour and width in frame units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    pub colour: Rgb,
    pub width: f64,
}
