//! The app's look: egui visuals and the style of each map layer (design tokens in one place).

use egui::{Color32, Stroke};

use crate::map::LayerStyle;
use crate::model::LayerKind;
use crate::palette::map_look as look;

/// Sea colour of the basemap, behind the tiles (no gap while tiles load).
pub const MAP_BACKGROUND: Color32 = rgb(look::SEA);
/// Discs of the imported projects on the map.
pub const PROJECT_FILL: Color32 = rgb(look::PROJECT_FILL);
/// Text of error messages.
pub const ERROR_TEXT: Color32 = Color32::from_rgb(180, 30, 30);
/// Fill of the 2023-2027 territories before any indicator colours them.
pub const TI2023_FILL: Color32 = Color32::from_rgba_premultiplied(14, 62, 83, 140);

/// The window's application id (Wayland app id, X11 WM_CLASS): the desktop entry's
/// `StartupWMClass` and file name (packaging/ti-atlas.desktop), and eframe's storage folder.
pub const APP_ID: &str = "ti-atlas";

/// The window icon: the 128-pixel render of assets/icons/ti-atlas.svg.
const WINDOW_ICON_PNG: &[u8] = include_bytes!("../../assets/icons/hicolor/128x128/apps/ti-atlas.png");

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

const fn rgb([r, g, b]: [u8; 3]) -> Color32 {
    Color32::from_rgb(r, g, b)
}

fn outline(kind: LayerKind) -> Stroke {
    let l = look::layer_look(kind);
    Stroke::new(l.width, rgb(l.outline))
}

pub fn apply(ctx: &egui::Context) {
    ctx.set_visuals(egui::Visuals::light());
    // DejaVu Sans (already embedded for the exports) after egui's fonts: arrows, triangles and
    // the other signs egui's default fonts lack are then drawn instead of failing.
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "dejavu-sans".into(),
        std::sync::Arc::new(egui::FontData::from_static(crate::export::fonts::REGULAR)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("dejavu-sans".into());
    }
    ctx.set_fonts(fonts);
}

/// How each layer is drawn.
pub fn layer_style(kind: LayerKind) -> LayerStyle {
    let base = LayerStyle::territories();
    match kind {
        LayerKind::Ti2023 => LayerStyle {
            stroke: outline(LayerKind::Ti2023),
            ..base
        },
        LayerKind::Ti2018 => LayerStyle {
            fill: false,
            labels: false,
            stroke: outline(LayerKind::Ti2018),
            ..base
        },
        // EPCI and départements carry fill meshes (transparent until a choropleth uses them).
        LayerKind::Epci => LayerStyle {
            labels: false,
            stroke: outline(LayerKind::Epci),
            ..base
        },
        LayerKind::Departements => LayerStyle {
            labels: false,
            stroke: outline(LayerKind::Departements),
            ..base
        },
        LayerKind::Regions => LayerStyle {
            fill: false,
            labels: false,
            stroke: outline(LayerKind::Regions),
            ..base
        },
    }
}

/// Outline of a layer the user imported.
const USER_LAYER_OUTLINE: Color32 = rgb(look::USER_LAYER_OUTLINE);

/// The style of a user's imported layer: outlines only, labelled where they fit.
pub fn user_layer_style() -> LayerStyle {
    LayerStyle {
        labels: true,
        label_size_pt: 11.0,
        ..LayerStyle::boundaries(Stroke::new(1.6, USER_LAYER_OUTLINE))
    }
}

/// Outline of the 2023-2027 territories drawn over an EPCI or département choropleth.
pub fn territory_outlines_over_choropleth() -> LayerStyle {
    LayerStyle {
        stroke: Stroke::new(
            look::TERRITORY_OUTLINE_OVER_CHOROPLETH,
            rgb(look::layer_look(LayerKind::Ti2023).outline),
        ),
        ..layer_style(LayerKind::Ti2023)
    }
}

/// Fill colours of a layer before any indicator: one colour for every feature.
pub fn default_fills(kind: LayerKind, n: usize) -> Vec<Color32> {
    let c = match kind {
        LayerKind::Ti2023 => TI2023_FILL,
        _ => Color32::TRANSPARENT,
    };
    vec![c; n]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_icon_decodes_to_128_pixels() {
        let icon = eframe::icon_data::from_png_bytes(WINDOW_ICON_PNG).expect("the icon PNG decodes");
        assert_eq!((icon.width, icon.height), (128, 128));
        assert_eq!(icon.rgba.len(), 128 * 128 * 4);
    }
}
