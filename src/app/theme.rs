//! The app's look: egui visuals and fonts (design tokens in one place). The map's own colours
//! are the composition's ([`crate::carto::look`]).

use egui::Color32;

use crate::carto::look;
use crate::map::painter::MAP_FONT;

/// Sea colour of the basemap, behind the tiles (no gap while tiles load).
pub const MAP_BACKGROUND: Color32 = rgb(look::SEA);
/// Text of error messages.
pub const ERROR_TEXT: Color32 = Color32::from_rgb(180, 30, 30);

const fn rgb([r, g, b]: [u8; 3]) -> Color32 {
    Color32::from_rgb(r, g, b)
}

pub fn apply(ctx: &egui::Context) {
    ctx.set_visuals(egui::Visuals::light());
    // DejaVu Sans (embedded for the map and the exports) after egui's fonts: arrows, triangles
    // and the other signs egui's default fonts lack are then drawn instead of failing. The
    // map's names use it alone: the composition measures them with its metrics.
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "dejavu-sans".into(),
        std::sync::Arc::new(egui::FontData::from_static(crate::carto::text::REGULAR)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("dejavu-sans".into());
    }
    fonts.families.insert(
        egui::FontFamily::Name(MAP_FONT.into()),
        vec!["dejavu-sans".into()],
    );
    ctx.set_fonts(fonts);
}
