//! The app's look: egui visuals and fonts (design tokens in one place). The map's own colours
//! are the composition's ([`crate::carto::look`]).

use egui::Color32;

use crate::carto::look;
use crate::map::painter::MAP_FONT;

/// Sea colour of the basemap, behind the tiles (no gap while tiles load).
pub const MAP_BACKGROUND: Color32 = rgb(look::SEA);
/// Text of error messages.
pub const ERROR_TEXT: Color32 = Color32::from_rgb(180, 30, 30);

/// The window's application id (Wayland app id, X11 WM_CLASS): the desktop entry's
/// `StartupWMClass` and file name (packaging/ti-atlas.desktop), and eframe's storage folder.
pub const APP_ID: &str = "ti-atlas";

/// The window icon: the 128-pixel render of assets/icons/ti-atlas.svg.
const WINDOW_ICON_PNG: &[u8] =
    include_bytes!("../../assets/icons/hicolor/128x128/apps/ti-atlas.png");

/// The viewport with the application's icon (without it when the PNG cannot be decoded, which
/// the icon tests rule out).
pub fn with_window_icon(viewport: egui::ViewportBuilder) -> egui::ViewportBuilder {
    match eframe::icon_data::from_png_bytes(WINDOW_ICON_PNG) {
        Ok(icon) => viewport.with_icon(std::sync::Arc::new(icon)),
        Err(e) => {
            log::warn!("icône de la fenêtre illisible ({e})");
            viewport
        }
    }
}

/// The type scale at 100 %, in points (one point is one pixel at 100 % on a standard screen;
/// the text size setting and the screen's scale multiply them). Secondary text (ranks,
/// sources, notes, the status bar) never goes under 11 px: egui's default small text is 9.
pub const TEXT_SMALL: f32 = 11.5;
pub const TEXT_BODY: f32 = 14.0;
pub const TEXT_HEADING: f32 = 19.0;
/// The presentation mode's sizes at 100 %: read from the back of a room (≥ 18 px).
pub const PRESENTATION_TEXT: f32 = 19.0;
pub const PRESENTATION_TITLE: f32 = 34.0;

const fn rgb([r, g, b]: [u8; 3]) -> Color32 {
    Color32::from_rgb(r, g, b)
}

/// The type scale as egui text styles.
pub fn text_styles() -> std::collections::BTreeMap<egui::TextStyle, egui::FontId> {
    use egui::{FontFamily, FontId, TextStyle};
    [
        (
            TextStyle::Small,
            FontId::new(TEXT_SMALL, FontFamily::Proportional),
        ),
        (
            TextStyle::Body,
            FontId::new(TEXT_BODY, FontFamily::Proportional),
        ),
        (
            TextStyle::Button,
            FontId::new(TEXT_BODY, FontFamily::Proportional),
        ),
        (
            TextStyle::Heading,
            FontId::new(TEXT_HEADING, FontFamily::Proportional),
        ),
        (
            TextStyle::Monospace,
            FontId::new(13.0, FontFamily::Monospace),
        ),
    ]
    .into()
}

pub fn apply(ctx: &egui::Context) {
    ctx.set_visuals(egui::Visuals::light());
    ctx.all_styles_mut(|style| {
        style.text_styles = text_styles();
        // Room for the larger type: rows a little taller, buttons a little wider.
        style.spacing.interact_size.y = style.spacing.interact_size.y.max(TEXT_BODY + 6.0);
        style.spacing.button_padding = egui::vec2(6.0, 3.0);
    });
    // Ctrl + / Ctrl − / Ctrl 0 change the text size setting (saved), not only egui's zoom.
    ctx.options_mut(|o| o.zoom_with_keyboard = false);
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
    fonts.font_data.insert(
        "dejavu-sans-gras".into(),
        std::sync::Arc::new(egui::FontData::from_static(crate::carto::text::BOLD)),
    );
    fonts.families.insert(
        egui::FontFamily::Name(crate::map::painter::MAP_FONT_BOLD.into()),
        vec!["dejavu-sans-gras".into()],
    );
    ctx.set_fonts(fonts);
}

/// The window's title (a project's name goes before it).
pub const WINDOW_TITLE: &str = "Atlas des Territoires d'industrie";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_icon_decodes_to_128_pixels() {
        let icon =
            eframe::icon_data::from_png_bytes(WINDOW_ICON_PNG).expect("the icon PNG decodes");
        assert_eq!((icon.width, icon.height), (128, 128));
        assert_eq!(icon.rgba.len(), 128 * 128 * 4);
    }
}
