//! The basemap's land against the choropleth palettes: the lightest class of every palette
//! stays distinguishable from France's land, and the offline basemap style says the same
//! colours as the composition.

use ti_atlas::carto::look::{LAND_FRANCE, LAND_NEIGHBOURS, MIN_DELTA_E_FROM_LAND};
use ti_atlas::model::indicators::choropleth::MISSING_RGB;
use ti_atlas::palette::colour::delta_e;
use ti_atlas::palette::{Palette, Scheme};

#[test]
fn every_class_colour_stands_out_from_the_land() {
    for scheme in Scheme::ALL {
        for reversed in [false, true] {
            for k in 2..=9 {
                let colours = Palette::new(scheme).with_reversed(reversed).colours(k);
                assert_eq!(colours.len(), k);
                for colour in colours {
                    let d = delta_e(colour, LAND_FRANCE);
                    assert!(
                        d >= MIN_DELTA_E_FROM_LAND,
                        "{} in {k} classes: {colour:02x?} is only {d:.1} from the land",
                        scheme.name()
                    );
                }
            }
        }
    }
    // The bivariate grid too (its low-low cell is a light grey).
    for y in 0..3 {
        for x in 0..3 {
            let colour = ti_atlas::palette::bivariate::colour(x, y).expect("cell");
            let d = delta_e(colour, LAND_FRANCE);
            assert!(
                d >= MIN_DELTA_E_FROM_LAND,
                "bivariate ({x},{y}) is only {d:.1} from the land"
            );
        }
    }
    // "Non disponible" and the neighbouring countries are told apart from France too.
    assert!(delta_e(MISSING_RGB, LAND_FRANCE) >= 10.0);
    assert!(delta_e(LAND_NEIGHBOURS, LAND_FRANCE) >= 5.0);
}

#[test]
fn the_basemap_style_uses_the_same_land_colours() {
    let style = include_str!("../assets/styles/basemap.json");
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
