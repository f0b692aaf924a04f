//! Colours and stroke widths of the polygon layers: the only place where map colours are written.

use egui::{Color32, Stroke};

/// Named colours (design tokens) of the map layers.
pub mod palette {
    use egui::Color32;

    /// Default fill before the app sets indicator colours (a translucent blue-grey).
    pub const DEFAULT_FILL: Color32 = Color32::from_rgba_premultiplied(60, 80, 110, 90);
    /// Outline of every feature.
    pub const OUTLINE: Color32 = Color32::from_rgb(70, 70, 80);
    /// Outline of the feature under the pointer.
    pub const HOVER_OUTLINE: Color32 = Color32::from_rgb(255, 255, 255);
    /// Outline of the selected feature.
    pub const SELECTED_OUTLINE: Color32 = Color32::from_rgb(230, 60, 30);
    /// Colour a hovered fill is blended towards.
    pub const HOVER_FILL_TINT: Color32 = Color32::from_rgb(255, 255, 255);
    /// Label text.
    pub const LABEL_TEXT: Color32 = Color32::from_rgb(25, 25, 30);
    /// Light halo drawn around label text so it reads over any fill.
    pub const LABEL_HALO: Color32 = Color32::from_rgba_premultiplied(245, 245, 245, 230);
}

/// How a [`super::PolygonLayer`] is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerStyle {
    /// Draw the fill mesh (colours from `set_fill_colors`).
    pub fill: bool,
    /// Outline of every feature; width 0 or a transparent colour disables outlines.
    pub stroke: Stroke,
    /// Draw feature labels where they fit.
    pub labels: bool,
    /// Label font size in points.
    pub label_size_pt: f32,
    /// Outline of the hovered feature.
    pub hover_stroke: Stroke,
    /// How much the hovered fill is blended towards [`palette::HOVER_FILL_TINT`] (0 = not at all, 1 = fully).
    pub hover_fill_tint: f32,
    /// Outline of the selected feature.
    pub selected_stroke: Stroke,
}

impl Default for LayerStyle {
    fn default() -> Self {
        Self::territories()
    }
}

impl LayerStyle {
    /// Filled, outlined and labelled: the Territoires d'industrie layer.
    pub fn territories() -> Self {
        Self {
            fill: true,
            stroke: Stroke::new(1.0, palette::OUTLINE),
            labels: true,
            label_size_pt: 12.0,
            hover_stroke: Stroke::new(2.0, palette::HOVER_OUTLINE),
            hover_fill_tint: 0.3,
            selected_stroke: Stroke::new(3.5, palette::SELECTED_OUTLINE),
        }
    }

    /// Outlines only (EPCI, départements, régions drawn as context over or under the territories).
    pub fn boundaries(stroke: Stroke) -> Self {
        Self {
            fill: false,
            stroke,
            labels: false,
            ..Self::territories()
        }
    }
}

/// `color` blended towards `tint` by `t` (premultiplied arithmetic, alpha kept).
pub(crate) fn tinted(color: Color32, tint: Color32, t: f32) -> Color32 {
    if color.a() == 0 {
        return color;
    }
    let t = t.clamp(0.0, 1.0);
    let a = f32::from(color.a()) / 255.0;
    // Work in premultiplied space: the tint is scaled by the fill's alpha so the result stays valid.
    let mix = |c: u8, k: u8| -> u8 {
        let target = f32::from(k) * a;
        (f32::from(c) + (target - f32::from(c)) * t)
            .round()
            .clamp(0.0, 255.0) as u8
    };
    Color32::from_rgba_premultiplied(
        mix(color.r(), tint.r()),
        mix(color.g(), tint.g()),
        mix(color.b(), tint.b()),
        color.a(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tint_lightens_and_keeps_alpha_and_transparency() {
        let base = Color32::from_rgba_premultiplied(40, 40, 40, 128);
        let lighter = tinted(base, Color32::WHITE, 0.5);
        assert_eq!(lighter.a(), 128);
        assert!(lighter.r() > base.r() && lighter.r() <= 128);
        assert_eq!(
            tinted(Color32::TRANSPARENT, Color32::WHITE, 0.5),
            Color32::TRANSPARENT
        );
    }
}
