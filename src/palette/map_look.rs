//! How the map layers look, free of egui: the screen (app::theme) and the exports read the same
//! colours and widths from here.

use crate::model::LayerKind;

/// Sea colour of the offline basemap (also the map background).
pub const SEA: [u8; 3] = [0xd4, 0xe6, 0xf1];
/// Land of France and of the neighbouring countries in the offline basemap style
/// (assets/styles/basemap.json says the same). France's land is a warm light grey that no
/// palette uses: the lightest class of every palette stays at least
/// [`MIN_DELTA_E_FROM_LAND`] away from it, so a unit of that class never reads as bare land.
pub const LAND_FRANCE: [u8; 3] = [0xe4, 0xe2, 0xdc];
pub const LAND_NEIGHBOURS: [u8; 3] = [0xd3, 0xd1, 0xcb];
/// Smallest CIE76 difference between any class colour and [`LAND_FRANCE`] (about three times a
/// just noticeable difference).
pub const MIN_DELTA_E_FROM_LAND: f64 = 7.0;
/// Borders in the offline basemap style (assets/styles/basemap.json).
pub const BORDER_COUNTRY: [u8; 3] = [0x7d, 0x7d, 0x7d];
pub const BORDER_REGION: [u8; 3] = [0x8e, 0x8e, 0x8e];
pub const BORDER_DEPARTEMENT: [u8; 3] = [0xb9, 0xb9, 0xb9];
/// Country and sea names of the basemap.
pub const COUNTRY_NAME: [u8; 3] = [0x8a, 0x8a, 0x8a];
pub const SEA_NAME: [u8; 3] = [0x6f, 0x93, 0xab];
/// Discs of the imported projects.
pub const PROJECT_FILL: [u8; 3] = [0x6a, 0x3d, 0x9a];
/// Outline of the layers the user imported.
pub const USER_LAYER_OUTLINE: [u8; 3] = [0xd9, 0x5f, 0x02];

/// Outline and default fill of a bundle layer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayerLook {
    /// Fill before any indicator colours the layer: sRGB and opacity (0–1).
    pub fill: Option<([u8; 3], f32)>,
    pub outline: [u8; 3],
    /// Outline width in screen points.
    pub width: f32,
}

pub fn layer_look(kind: LayerKind) -> LayerLook {
    match kind {
        LayerKind::Ti2023 => LayerLook {
            // Premultiplied (14, 62, 83, 140) on screen.
            fill: Some(([25, 113, 151], 140.0 / 255.0)),
            outline: [15, 55, 80],
            width: 1.0,
        },
        LayerKind::Ti2018 => LayerLook {
            fill: None,
            outline: [140, 50, 150],
            width: 1.5,
        },
        LayerKind::Epci => LayerLook {
            fill: None,
            outline: [120, 120, 120],
            width: 0.6,
        },
        LayerKind::Departements => LayerLook {
            fill: None,
            outline: [90, 90, 90],
            width: 1.0,
        },
        LayerKind::Regions => LayerLook {
            fill: None,
            outline: [40, 40, 40],
            width: 2.0,
        },
    }
}

/// Outline width of the 2023-2027 territories drawn over an EPCI or département choropleth.
pub const TERRITORY_OUTLINE_OVER_CHOROPLETH: f32 = 1.8;

/// Temps I / Temps II comparison (ColorBrewer Dark2, told apart by colour-blind readers):
/// 2023-2027 territories new, renewed; 2018-2022 territories no longer labelled.
pub const CONTINUITY_NEW: [u8; 3] = [0x1b, 0x9e, 0x77];
pub const CONTINUITY_RENEWED: [u8; 3] = [0x75, 0x70, 0xb3];
pub const CONTINUITY_DROPPED: [u8; 3] = [0xd9, 0x5f, 0x02];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::palette::colour::delta_e;
    use crate::palette::{Palette, Scheme};

    #[test]
    fn every_class_colour_stands_out_from_the_land() {
        for scheme in Scheme::ALL {
            for k in 2..=9 {
                for colour in Palette::new(scheme).colours(k) {
                    let d = delta_e(colour, LAND_FRANCE);
                    assert!(
                        d >= MIN_DELTA_E_FROM_LAND,
                        "{} in {k} classes: {colour:02x?} is {d:.1} from the land",
                        scheme.name()
                    );
                }
            }
        }
        // The grey of "non disponible" and the neighbours' land are told apart too.
        assert!(delta_e(crate::model::choropleth::MISSING_RGB, LAND_FRANCE) >= 10.0);
        assert!(delta_e(LAND_NEIGHBOURS, LAND_FRANCE) >= 5.0);
    }

    #[test]
    fn the_basemap_style_uses_the_same_land_colours() {
        let style = include_str!("../../assets/styles/basemap.json");
        let json: serde_json::Value = serde_json::from_str(style).expect("style JSON");
        let fill = |id: &str| {
            json["layers"]
                .as_array()
                .and_then(|l| l.iter().find(|x| x["id"] == id))
                .and_then(|x| x["paint"]["fill-color"].as_str())
                .map(str::to_owned)
        };
        let hex = |c: [u8; 3]| format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]);
        assert_eq!(fill("land-france"), Some(hex(LAND_FRANCE)));
        assert_eq!(fill("land-neighbours"), Some(hex(LAND_NEIGHBOURS)));
    }
}
