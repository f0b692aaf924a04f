//! France entière: the mainland and one inset per overseas département (DROM), each at its own
//! scale, framed and named, in a column beside the mainland as ANCT, INSEE and the
//! Observatoire des territoires lay them out; optionally Île-de-France enlarged.
//!
//! The layout is computed here once for a frame; the composition composes every inset with the
//! same spec (classes, colours, symbols, names) as the mainland, and the screen and the page
//! draw them alike.

use super::geom::{Pos, Rect};
use super::projection::{ViewTransform, WorldRect};

/// A region shown in an inset: its code (INSEE région code, or "idf"), its name and the lon/lat
/// box the inset frames (`[min lon, min lat, max lon, max lat]`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InsetArea {
    pub code: &'static str,
    pub name: &'static str,
    pub bbox: [f64; 4],
}

/// The five overseas départements, in the order official maps list them.
pub const DROM: [InsetArea; 5] = [
    InsetArea {
        code: "01",
        name: "Guadeloupe",
        bbox: [-61.83, 15.82, -60.98, 16.53],
    },
    InsetArea {
        code: "02",
        name: "Martinique",
        bbox: [-61.25, 14.37, -60.79, 14.89],
    },
    InsetArea {
        code: "03",
        name: "Guyane",
        bbox: [-54.62, 2.11, -51.6, 5.78],
    },
    InsetArea {
        code: "04",
        name: "La Réunion",
        bbox: [55.2, -21.4, 55.85, -20.86],
    },
    InsetArea {
        code: "06",
        name: "Mayotte",
        bbox: [44.99, -13.02, 45.32, -12.63],
    },
];

/// Paris and its petite couronne, enlarged (useful on EPCI maps).
pub const ILE_DE_FRANCE: InsetArea = InsetArea {
    code: "idf",
    name: "Paris et petite couronne",
    bbox: [2.05, 48.68, 2.65, 49.0],
};

/// Metropolitan France with Corsica.
pub const MAINLAND_BBOX: [f64; 4] = [-5.2, 41.3, 9.6, 51.1];

/// Which insets a France-scale map shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum InsetChoice {
    /// None (mainland only).
    Off,
    /// The five DROM.
    #[default]
    Drom,
    /// The five DROM and Île-de-France.
    DromAndIdf,
}

impl InsetChoice {
    pub fn areas(self) -> Vec<InsetArea> {
        match self {
            InsetChoice::Off => Vec::new(),
            InsetChoice::Drom => DROM.to_vec(),
            InsetChoice::DromAndIdf => {
                let mut a = DROM.to_vec();
                a.push(ILE_DE_FRANCE);
                a
            }
        }
    }
}

/// One inset on the frame: its box (border and caption included) and the view of its map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InsetFrame {
    pub area: InsetArea,
    /// The whole box, caption included.
    pub rect: Rect,
    /// The map inside the box, under the caption.
    pub view: ViewTransform,
}

/// A `[west, south, east, north]` box as a `geo` rectangle.
pub fn lonlat_rect(b: [f64; 4]) -> geo::Rect<f64> {
    geo::Rect::new((b[0], b[1]), (b[2], b[3]))
}

/// Where a map is drawn: its main view and its insets.
#[derive(Clone, Debug, PartialEq)]
pub struct MapFrames {
    pub main: ViewTransform,
    pub insets: Vec<InsetFrame>,
}

impl MapFrames {
    /// A single view, no inset.
    pub fn single(view: ViewTransform) -> Self {
        MapFrames {
            main: view,
            insets: Vec::new(),
        }
    }

    /// The pane under a frame position: the inset whose map holds it, else the main view.
    pub fn view_at(&self, pos: Pos) -> Option<&ViewTransform> {
        match self.insets.iter().find(|i| i.rect.contains(pos)) {
            Some(inset) => inset.view.frame().contains(pos).then_some(&inset.view),
            None => Some(&self.main),
        }
    }
}

/// Height of an inset's caption band, for a reference-point scale.
pub fn caption_height(scale: f64) -> f64 {
    16.0 * scale
}

/// The insets of `areas` stacked in `column` (top to bottom, equal heights, `gap` apart), each
/// area fitted in its box under its caption.
pub fn column_layout(areas: &[InsetArea], column: Rect, scale: f64) -> Vec<InsetFrame> {
    let n = areas.len();
    if n == 0 || column.width() <= 0.0 || column.height() <= 0.0 {
        return Vec::new();
    }
    let gap = 6.0 * scale;
    let h = ((column.height() - gap * (n - 1) as f64) / n as f64).max(1.0);
    let caption = caption_height(scale).min(h / 3.0);
    areas
        .iter()
        .enumerate()
        .map(|(i, &area)| {
            let top = column.min.y + i as f64 * (h + gap);
            let rect = Rect::from_min_size(Pos::new(column.min.x, top), column.width(), h);
            let map = Rect::from_min_max(Pos::new(rect.min.x, rect.min.y + caption), rect.max);
            InsetFrame {
                area,
                rect,
                view: ViewTransform::fit_lonlat(lonlat_rect(area.bbox), map, 0.06),
            }
        })
        .collect()
}

/// The column the insets take on the left of `frame` (between `top` and `bottom` reserved
/// heights): about a sixth of the width, boxes a little wider than tall.
pub fn left_column(frame: Rect, top: f64, bottom: f64, count: usize, scale: f64) -> Rect {
    let margin = 8.0 * scale;
    let height = (frame.height() - top - bottom - 2.0 * margin).max(0.0);
    let per_box = height / count.max(1) as f64;
    let width = (per_box * 1.25).min(frame.width() * 0.17).max(0.0);
    Rect::from_min_size(
        Pos::new(frame.min.x + margin, frame.min.y + top + margin),
        width,
        height,
    )
}

/// The mainland view for a frame whose left `column` holds the insets: the mainland fitted in
/// the rest of the frame, the view covering the whole frame (the insets sit over the ocean).
pub fn mainland_view(frame: Rect, column: Option<Rect>) -> ViewTransform {
    mainland_view_in(frame, mainland_room(frame, column))
}

/// The part of `frame` right of the insets' `column`, where the mainland goes.
pub fn mainland_room(frame: Rect, column: Option<Rect>) -> Rect {
    let right_of = column.map_or(frame.min.x, |c| c.max.x);
    Rect::from_min_max(Pos::new(right_of, frame.min.y), frame.max)
}

/// The mainland fitted in `room` (a part of `frame`), the view covering the whole frame.
pub fn mainland_view_in(frame: Rect, room: Rect) -> ViewTransform {
    let fit = ViewTransform::fit_lonlat(lonlat_rect(MAINLAND_BBOX), room, 0.02);
    let shift = [
        (room.center().x - frame.center().x) / fit.units_per_world(),
        (room.center().y - frame.center().y) / fit.units_per_world(),
    ];
    let c = fit.center_world();
    ViewTransform::from_world([c[0] - shift[0], c[1] - shift[1]], fit.zoom(), frame)
}

/// Whether a view shows France at its own scale: most of the mainland in view and the mainland
/// filling a good part of the frame (then the insets belong on the map).
pub fn shows_france(view: &ViewTransform) -> bool {
    let mainland = WorldRect::from_lonlat(lonlat_rect(MAINLAND_BBOX));
    let visible = view.visible_world_rect();
    let inter = [
        mainland.min[0].max(visible.min[0]),
        mainland.min[1].max(visible.min[1]),
        mainland.max[0].min(visible.max[0]),
        mainland.max[1].min(visible.max[1]),
    ];
    let area = |w: f64, h: f64| w.max(0.0) * h.max(0.0);
    let seen = area(inter[2] - inter[0], inter[3] - inter[1]);
    let whole = area(mainland.width(), mainland.height());
    let share_of_frame = whole / area(visible.width(), visible.height()).max(1e-18);
    whole > 0.0 && seen / whole >= 0.8 && share_of_frame >= 0.15
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Point;

    fn frame() -> Rect {
        Rect::from_min_size(Pos::new(0.0, 0.0), 1280.0, 800.0)
    }

    #[test]
    fn insets_are_stacked_in_their_column_each_at_its_own_scale() {
        let column = left_column(frame(), 0.0, 0.0, 5, 1.0);
        let insets = column_layout(&DROM, column, 1.0);
        assert_eq!(insets.len(), 5);
        for pair in insets.windows(2) {
            assert!(pair[0].rect.max.y < pair[1].rect.min.y, "stacked, apart");
        }
        for inset in &insets {
            assert!(column.contains_rect(&inset.rect));
            // The whole area is inside its box.
            let b = inset.area.bbox;
            for corner in [Point::new(b[0], b[1]), Point::new(b[2], b[3])] {
                let p = inset.view.frame_from_lonlat(corner);
                assert!(
                    inset.rect.expand(0.01).contains(p),
                    "{}: {p:?}",
                    inset.area.name
                );
            }
        }
        // Guyane is far bigger than Martinique: shown at a smaller scale.
        let zoom = |name: &str| {
            insets
                .iter()
                .find(|i| i.area.name == name)
                .map(|i| i.view.zoom())
                .expect("inset")
        };
        assert!(zoom("Martinique") - zoom("Guyane") > 2.0);
    }

    #[test]
    fn the_mainland_sits_right_of_the_column() {
        let column = left_column(frame(), 0.0, 0.0, 5, 1.0);
        let view = mainland_view(frame(), Some(column));
        assert_eq!(view.frame(), frame());
        let west = view.frame_from_lonlat(Point::new(MAINLAND_BBOX[0], 47.0));
        let east = view.frame_from_lonlat(Point::new(MAINLAND_BBOX[2], 47.0));
        assert!(west.x >= column.max.x - 0.5, "{west:?} {column:?}");
        assert!(east.x <= frame().max.x + 0.5);
        assert!(shows_france(&view));
        let lyon = ViewTransform::new(Point::new(4.85, 45.76), 9.0, frame());
        assert!(!shows_france(&lyon));
        let world = ViewTransform::new(Point::new(0.0, 0.0), 1.0, frame());
        assert!(!shows_france(&world), "France too small on a world map");
    }
}
