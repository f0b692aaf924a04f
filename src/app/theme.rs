//! The app's look: egui visuals and the style of each map layer (design tokens in one place).

use egui::{Color32, Stroke};

use crate::map::LayerStyle;
use crate::model::LayerKind;

/// Sea colour of the basemap, behind the tiles (no gap while tiles load).
pub const MAP_BACKGROUND: Color32 = Color32::from_rgb(0xd4, 0xe6, 0xf1);
/// Discs of the imported projects on the map.
pub const PROJECT_FILL: Color32 = Color32::from_rgb(0x6a, 0x3d, 0x9a);
/// Text of error messages.
pub const ERROR_TEXT: Color32 = Color32::from_rgb(180, 30, 30);
/// Fill of the 2023-2027 territories before any indicator colours them.
pub const TI2023_FILL: Color32 = Color32::from_rgba_premultiplied(14, 62, 83, 140);
const TI2023_OUTLINE: Color32 = Color32::from_rgb(15, 55, 80);
const TI2018_OUTLINE: Color32 = Color32::from_rgb(140, 50, 150);
const EPCI_OUTLINE: Color32 = Color32::from_rgb(120, 120, 120);
const DEPARTEMENT_OUTLINE: Color32 = Color32::from_rgb(90, 90, 90);
const REGION_OUTLINE: Color32 = Color32::from_rgb(40, 40, 40);

pub fn apply(ctx: &egui::Context) {
    ctx.set_visuals(egui::Visuals::light());
}

/// How each layer is drawn.
pub fn layer_style(kind: LayerKind) -> LayerStyle {
    let base = LayerStyle::territories();
    match kind {
        LayerKind::Ti2023 => LayerStyle {
            stroke: Stroke::new(1.0, TI2023_OUTLINE),
            ..base
        },
        LayerKind::Ti2018 => LayerStyle {
            fill: false,
            labels: false,
            stroke: Stroke::new(1.5, TI2018_OUTLINE),
            ..base
        },
        // EPCI and départements carry fill meshes (transparent until a choropleth uses them).
        LayerKind::Epci => LayerStyle {
            labels: false,
            stroke: Stroke::new(0.6, EPCI_OUTLINE),
            ..base
        },
        LayerKind::Departements => LayerStyle {
            labels: false,
            stroke: Stroke::new(1.0, DEPARTEMENT_OUTLINE),
            ..base
        },
        LayerKind::Regions => LayerStyle {
            fill: false,
            labels: false,
            stroke: Stroke::new(2.0, REGION_OUTLINE),
            ..base
        },
    }
}

/// Outline of a layer the user imported.
const USER_LAYER_OUTLINE: Color32 = Color32::from_rgb(0xd9, 0x5f, 0x02);

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
        stroke: Stroke::new(1.8, TI2023_OUTLINE),
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
