//! Colour side of the choropleth, free of egui: ColorBrewer palettes for 2 to 9 classes, the
//! qualitative palettes of typologies ([`qualitative`]) and the
//! simulation of colour-vision deficiencies, to check that adjacent classes stay apart.
//!
//! The classification of values into classes (quantiles, equal intervals, exact Jenks, mean ±
//! standard deviation, Q6, manual breaks) lives in [`crate::model::indicators::classify`]; this module only
//! turns a class count into colours. Colours are plain sRGB `[u8; 3]`; the `app` and `map` layers
//! convert them to egui colours.

pub mod bivariate;
pub mod colour;
pub mod colour_blindness;
pub mod qualitative;
pub mod schemes;

pub use colour_blindness::{Deficiency, simulate};
pub use qualitative::QualitativeScheme;
pub use schemes::{ColourBlindSafety, Palette, Scheme, SchemeKind};
