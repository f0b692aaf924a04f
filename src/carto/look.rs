//! How the map looks, free of egui: the only place where the map's colours, widths and text
//! sizes are written. The composition reads them; the screen and the exports draw what it says.

use crate::model::LayerKind;

/// Sea colour of the offline basemap (also the map background).
pub const SEA: [u8; 3] = [0xd4, 0xe6, 0xf1];
/// Land of France and of the neighbouring countries in the offline basemap style
/// (assets/styles/basemap.json says the same). France's land is a warm light grey that no
/// palette uses: every class colour of every palette (the bivariate grid included) stays at least
/// [`MIN_DELTA_E_FROM_LAND`] away from it, so a unit of that class never reads as bare land.
pub const LAND_FRANCE: [u8; 3] = [0xe2, 0xdd, 0xd2];
pub const LAND_NEIGHBOURS: [u8; 3] = [0xcf, 0xcb, 0xc2];
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
/// Size of the basemap's country and sea names (reference points): no text under 11.
pub const BASEMAP_LABEL_SIZE: f64 = 11.0;
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

/// The communes' outlines in a layer exported for a GIS (the map never draws them).
pub const COMMUNES_LOOK: LayerLook = LayerLook {
    fill: None,
    outline: [160, 160, 160],
    width: 0.3,
};

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

/// How much of its width an outline keeps at a zoom (at the reference size): lighter when the
/// whole country is in view (zoom 5 and below: 60 %), whole from zoom 7, so that the
/// outlines of a France map do not outweigh its colours.
pub fn outline_factor(zoom: f64) -> f64 {
    // Rounded: the same view seen on screen and on paper (a zoom a rounding error apart) gets
    // the same widths.
    let f = 0.6 + 0.4 * ((zoom - 5.0) / 2.0).clamp(0.0, 1.0);
    (f * 1000.0).round() / 1000.0
}

/// Outline width of the 2023-2027 territories drawn over an EPCI or département choropleth.
pub const TERRITORY_OUTLINE_OVER_CHOROPLETH: f32 = 1.8;

/// Temps I / Temps II comparison (ColorBrewer Dark2, told apart by colour-blind readers):
/// 2023-2027 territories new, renewed; 2018-2022 territories no longer labelled.
pub const CONTINUITY_NEW: [u8; 3] = [0x1b, 0x9e, 0x77];
pub const CONTINUITY_RENEWED: [u8; 3] = [0x75, 0x70, 0xb3];
pub const CONTINUITY_DROPPED: [u8; 3] = [0xd9, 0x5f, 0x02];

/// Names on the map, and the light halo around them that keeps them readable over any fill.
pub const LABEL_TEXT: [u8; 3] = [0x16, 0x22, 0x2e];
pub const LABEL_HALO: [u8; 3] = [0xfa, 0xfa, 0xf7];
/// Halo opacity and width (in reference points).
pub const LABEL_HALO_ALPHA: f32 = 0.9;
pub const LABEL_HALO_WIDTH: f64 = 2.5;
/// Font size of the territories' names, and of the names of a user's layer (reference points).
pub const TERRITORY_LABEL_SIZE: f64 = 12.0;
pub const USER_LAYER_LABEL_SIZE: f64 = 11.0;
/// Font size of the EPCI's names, below the territories' (reference points).
pub const UNIT_LABEL_SIZE: f64 = 11.0;
/// Free space kept around each name.
pub const LABEL_PADDING: f64 = 2.0;
/// A polygon whose box is smaller than this (either side) gets no name.
pub const MIN_LABEL_ROOM: f64 = 16.0;

/// Outline of the unit under the pointer, of the selected unit (colour, width).
pub const HOVER_OUTLINE: ([u8; 3], f64) = ([0xff, 0xff, 0xff], 2.0);
/// The selection's accent colour (the scatter plot's selected point).
pub const SELECTED_OUTLINE: ([u8; 3], f64) = ([0xe6, 0x3c, 0x1e], 3.5);
/// The selected unit's outline on the map, drawn in this order: a white band under a dark
/// line, so that one of the two keeps at least a 3:1 contrast with any class colour of any
/// palette (a red line alone vanished over YlOrRd).
pub const SELECTED_OUTLINES: [([u8; 3], f64); 2] =
    [([0xff, 0xff, 0xff], 5.5), ([0x1a, 0x1a, 0x1a], 2.4)];
/// Units picked in the scatter plot: a dark line on a light halo, seen on any fill.
pub const HIGHLIGHT_OUTLINE: ([u8; 3], f64) = ([0x11, 0x11, 0x11], 1.4);
pub const HIGHLIGHT_HALO: ([u8; 3], f64) = ([0xff, 0xff, 0xff], 3.2);
/// How far a hovered fill is blended towards white.
pub const HOVER_TINT: f64 = 0.3;

/// Width of a user layer's outline (reference points).
pub const USER_LAYER_WIDTH: f64 = 1.6;

/// Project markers: a lone project, a group's base radius (grows with the log of its count),
/// the outline, and the side of the grouping cell (reference points).
pub const MARKER_RADIUS: f64 = 4.5;
pub const MARKER_GROUP_RADIUS: f64 = 7.0;
pub const MARKER_OUTLINE: ([u8; 3], f64) = ([0xfa, 0xfa, 0xf7], 1.2);
pub const MARKER_CELL: f64 = 36.0;

/// Insets: caption size, frame colour and width (reference points).
pub const INSET_CAPTION_SIZE: f64 = 11.0;
pub const INSET_BORDER: [u8; 3] = [0x70, 0x70, 0x70];
pub const INSET_BORDER_WIDTH: f64 = 0.8;
/// The panel colour behind an inset's caption.
pub const INSET_PANEL: [u8; 3] = [0xff, 0xff, 0xff];

/// Proportional symbols: a translucent fill that lets the colours under them show, and a
/// dark outline that keeps overlapping symbols apart (width in reference points).
pub const SYMBOL_FILL: crate::carto::Rgba = crate::carto::Rgba {
    rgb: [0xe3, 0x4a, 0x33],
    alpha: 0.62,
};
pub const SYMBOL_OUTLINE: ([u8; 3], f64) = ([0x3a, 0x12, 0x0c], 0.9);

/// How a proportional symbol is painted, on the map and in the screen's and the paper's
/// legends alike: its fill and its outline, `scale` frame units per reference point.
pub fn symbol_paint(scale: f64) -> (crate::carto::Rgba, crate::carto::Stroke) {
    symbol_paint_over(scale, &[])
}

/// The paints a proportional symbol may take over a typology, in order of preference: the
/// map's red, a dark blue, black with a white outline (fill, outline); same translucency.
/// Their least ΔE ([`symbol_contrast`]) over a whole qualitative palette, measured: red — Set2
/// 16,9 (over its orange), Set3 15,4, Paired 8,5, Dark2 12,2, Accent 14,7, Pastel1 32,5,
/// Pastel2 37,6; blue — Set2 24,1, Set3 27,8, Paired 13,7, Dark2 13,5, Accent 8,8; black —
/// Set2 42,4, Paired 37,4, Dark2 27,6, Accent 27,6.
pub const SYMBOL_PAINTS: [([u8; 3], [u8; 3]); 3] = [
    (SYMBOL_FILL.rgb, SYMBOL_OUTLINE.0),
    ([0x1f, 0x4e, 0x99], [0x0b, 0x1d, 0x3a]),
    ([0x00, 0x00, 0x00], [0xff, 0xff, 0xff]),
];

/// Least CIE76 difference between a symbol (its translucent fill over a colour) and that
/// colour, for the symbol to stand out from every category under it: above what the red
/// gives over Set2's orange (16,9, hard to read), below what black gives over the darkest
/// palettes (27,6).
pub const MIN_SYMBOL_DELTA_E: f64 = 25.0;

/// How far a symbol of `fill` stands out over `under`: ΔE between the fill blended over it
/// (at the symbol's opacity) and the colour itself.
pub fn symbol_contrast(fill: [u8; 3], under: [u8; 3]) -> f64 {
    let a = f64::from(SYMBOL_FILL.alpha);
    let mix = |f: u8, u: u8| (a * f64::from(f) + (1.0 - a) * f64::from(u)).round() as u8;
    let blended = [
        mix(fill[0], under[0]),
        mix(fill[1], under[1]),
        mix(fill[2], under[2]),
    ];
    crate::palette::colour::delta_e(blended, under)
}

/// The symbols' paint over fills of `under` (a typology's category colours; empty: the map's
/// red): the first of [`SYMBOL_PAINTS`] that stands out from each by [`MIN_SYMBOL_DELTA_E`],
/// or else the one that stands out most from the closest.
pub fn symbol_paint_over(
    scale: f64,
    under: &[[u8; 3]],
) -> (crate::carto::Rgba, crate::carto::Stroke) {
    let worst = |fill: [u8; 3]| {
        under
            .iter()
            .map(|&u| symbol_contrast(fill, u))
            .fold(f64::INFINITY, f64::min)
    };
    let chosen = SYMBOL_PAINTS
        .iter()
        .find(|(fill, _)| worst(*fill) >= MIN_SYMBOL_DELTA_E)
        .or_else(|| {
            SYMBOL_PAINTS
                .iter()
                .max_by(|a, b| worst(a.0).total_cmp(&worst(b.0)))
        })
        .copied()
        .unwrap_or((SYMBOL_FILL.rgb, SYMBOL_OUTLINE.0));
    (
        crate::carto::Rgba {
            rgb: chosen.0,
            alpha: SYMBOL_FILL.alpha,
        },
        crate::carto::Stroke {
            colour: chosen.1,
            width: SYMBOL_OUTLINE.1 * scale,
        },
    )
}

/// The colour of a name by what it names: the map's units in the dark label colour, towns in
/// a lighter grey, the basemap's countries and seas in theirs.
pub fn name_colour(rank: super::labels::LabelRank) -> [u8; 3] {
    use super::labels::LabelRank;
    match rank {
        LabelRank::Place => PLACE_TEXT,
        LabelRank::Country => COUNTRY_NAME,
        LabelRank::Sea => SEA_NAME,
        _ => LABEL_TEXT,
    }
}

/// Towns: their names (smaller than the territories'), a small point marking them.
pub const PLACE_LABEL_SIZE: f64 = 11.0;
pub const PLACE_MARKER_RADIUS: f64 = 2.2;
/// Towns' names: a lighter grey than the territories' dark bold names.
pub const PLACE_TEXT: [u8; 3] = [0x4a, 0x4a, 0x52];

#[cfg(test)]
mod tests {
    use crate::palette::QualitativeScheme;

    /// Over each qualitative palette, the symbols stand out from every colour by the measured
    /// least difference, and the map's red is kept where it does (no typology, Dark2).
    #[test]
    fn symbols_stand_out_from_every_category_under_them() {
        let red = super::SYMBOL_FILL.rgb;
        assert_eq!(super::symbol_paint(1.0).0.rgb, red);
        let orange = QualitativeScheme::Set2.colour(1).expect("Set2's orange");
        assert!(
            super::symbol_contrast(red, orange) < super::MIN_SYMBOL_DELTA_E,
            "the red over Set2's orange: {:.1}",
            super::symbol_contrast(red, orange)
        );
        for scheme in QualitativeScheme::ALL {
            for n in 2..=scheme.len() {
                let colours: Vec<[u8; 3]> = scheme.colours().into_iter().take(n).collect();
                let (fill, outline) = super::symbol_paint_over(1.5, &colours);
                assert!((outline.width - super::SYMBOL_OUTLINE.1 * 1.5).abs() < 1e-12);
                for c in &colours {
                    let d = super::symbol_contrast(fill.rgb, *c);
                    assert!(
                        d >= super::MIN_SYMBOL_DELTA_E,
                        "{} ({n}) : {c:?} {d:.1}",
                        scheme.name()
                    );
                }
            }
        }
        let set2: Vec<[u8; 3]> = QualitativeScheme::Set2
            .colours()
            .into_iter()
            .take(2)
            .collect();
        assert_ne!(super::symbol_paint_over(1.0, &set2).0.rgb, red);
    }

    #[test]
    fn outlines_are_lighter_over_the_whole_country() {
        assert!((super::outline_factor(5.0) - 0.6).abs() < 1e-12);
        assert!((super::outline_factor(4.0) - 0.6).abs() < 1e-12);
        assert!((super::outline_factor(7.0) - 1.0).abs() < 1e-12);
        assert!(super::outline_factor(6.0) > 0.6 && super::outline_factor(6.0) < 1.0);
    }
}
