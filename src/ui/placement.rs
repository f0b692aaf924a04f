//! Where a box floating over the map goes (the legend, the presentation's legend): the corner
//! of the map where it hides the least of what is drawn, and never the selected unit when
//! another corner is free of it. Pure geometry on [`crate::carto::Rect`], no egui.

use crate::carto::{Pos, Rect};

/// A corner of the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Corner {
    TopLeft,
    TopRight,
    BottomLeft,
    #[default]
    BottomRight,
}

impl Corner {
    pub const ALL: [Corner; 4] = [
        Corner::BottomRight,
        Corner::BottomLeft,
        Corner::TopRight,
        Corner::TopLeft,
    ];

    /// The box of `size` (width, height) in this corner of `frame`, `margin` from its edges.
    pub fn place(self, frame: Rect, size: (f64, f64), margin: f64) -> Rect {
        let (w, h) = size;
        let x = match self {
            Corner::TopLeft | Corner::BottomLeft => frame.min.x + margin,
            Corner::TopRight | Corner::BottomRight => frame.max.x - margin - w,
        };
        let y = match self {
            Corner::TopLeft | Corner::TopRight => frame.min.y + margin,
            Corner::BottomLeft | Corner::BottomRight => frame.max.y - margin - h,
        };
        Rect::from_min_size(Pos::new(x, y), w, h)
    }
}

/// Something drawn on the map that a floating box should not hide.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Obstacle {
    pub rect: Rect,
    /// How much hiding it costs per unit of area hidden.
    pub weight: f64,
}

/// Weight of the selected unit: hiding any of it costs more than hiding all the rest.
pub const SELECTED_WEIGHT: f64 = 1e6;
/// A corner is left for another only when the other hides clearly less (no flicker while the
/// map moves).
const HYSTERESIS: f64 = 0.8;

fn overlap(a: &Rect, b: &Rect) -> f64 {
    let w = a.max.x.min(b.max.x) - a.min.x.max(b.min.x);
    let h = a.max.y.min(b.max.y) - a.min.y.max(b.min.y);
    if w > 0.0 && h > 0.0 { w * h } else { 0.0 }
}

/// What a box at `rect` hides.
pub fn cost(rect: &Rect, obstacles: &[Obstacle]) -> f64 {
    obstacles
        .iter()
        .map(|o| overlap(rect, &o.rect) * o.weight)
        .sum()
}

/// The corner where a box of `size` hides the least; `current` is kept unless another corner
/// is clearly better.
pub fn best_corner(
    frame: Rect,
    size: (f64, f64),
    margin: f64,
    obstacles: &[Obstacle],
    current: Corner,
) -> Corner {
    let cost_at = |c: Corner| cost(&c.place(frame, size, margin), obstacles);
    let current_cost = cost_at(current);
    let (best, best_cost) = Corner::ALL.into_iter().map(|c| (c, cost_at(c))).fold(
        (current, current_cost),
        |acc, (c, v)| {
            if v < acc.1 { (c, v) } else { acc }
        },
    );
    if best_cost < current_cost * HYSTERESIS || (current_cost > 0.0 && best_cost == 0.0) {
        best
    } else {
        current
    }
}

/// The zoom buttons' box at the bottom left of the map (points; measured on screen: "+",
/// "−" and "France" in a popup frame).
pub const ZOOM_BUTTONS_SIZE: (f64, f64) = (150.0, 40.0);
/// Distance of the buttons and the legend from the map's edges.
pub const MAP_MARGIN: f64 = 10.0;

/// The zoom buttons' box on a map.
pub fn zoom_buttons_rect(map: Rect) -> Rect {
    let (w, h) = ZOOM_BUTTONS_SIZE;
    Rect::from_min_size(
        Pos::new(map.min.x + MAP_MARGIN, map.max.y - MAP_MARGIN - h),
        w,
        h,
    )
}

/// The France-entière view of the screen's map: the mainland fitted right of the insets'
/// `column`, beside the zoom buttons, the `extra` boxes (a title) and the legend of `legend`
/// size in the right-hand corner that leaves the mainland the largest (so no box covers a
/// unit of `units`); returns the view and that corner. The legend's size is the one reserved
/// for it, not the one measured last frame: a change of classes never moves the map.
pub fn france_view(
    map: Rect,
    column: Option<Rect>,
    legend: Option<(f64, f64)>,
    extra: &[Rect],
    units: &[crate::carto::WorldRect],
) -> (crate::carto::ViewTransform, Corner) {
    use crate::carto::insets::{MAINLAND_BBOX, lonlat_rect, mainland_room};
    let mainland = crate::carto::WorldRect::from_lonlat(lonlat_rect(MAINLAND_BBOX));
    let room = mainland_room(map, column);
    let mut furniture = vec![zoom_buttons_rect(map)];
    furniture.extend_from_slice(extra);
    let fit = |corner: Corner| {
        let mut boxes = furniture.clone();
        if let Some(size) = legend {
            boxes.push(corner.place(map, size, MAP_MARGIN));
        }
        crate::carto::room::fit_beside(map, room, mainland, units, &boxes, 0.02)
    };
    [Corner::BottomRight, Corner::TopRight]
        .into_iter()
        .map(|c| (fit(c), c))
        .fold(
            None,
            |best: Option<(crate::carto::ViewTransform, Corner)>, (v, c)| match best {
                Some((b, _)) if b.zoom() >= v.zoom() - 1e-9 => best,
                _ => Some((v, c)),
            },
        )
        .unwrap_or_else(|| (fit(Corner::BottomRight), Corner::BottomRight))
}

/// The part of `frame` above `top` (a band across the top): the room left between the frame's
/// top and the drawn extent, for a title that hides nothing. None when the drawn extent starts
/// at the frame's top.
pub fn free_band_above(frame: Rect, extent: Rect) -> Option<f64> {
    let room = extent.min.y - frame.min.y;
    (room > 0.0).then_some(room)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
        Rect::from_min_max(Pos::new(x0, y0), Pos::new(x1, y1))
    }

    const FRAME: Rect = Rect::from_min_max(
        Pos { x: 0.0, y: 0.0 },
        Pos {
            x: 1000.0,
            y: 800.0,
        },
    );

    #[test]
    fn boxes_sit_in_their_corners() {
        let r = Corner::BottomRight.place(FRAME, (200.0, 100.0), 10.0);
        assert_eq!(r, rect(790.0, 690.0, 990.0, 790.0));
        let r = Corner::TopLeft.place(FRAME, (200.0, 100.0), 10.0);
        assert_eq!(r, rect(10.0, 10.0, 210.0, 110.0));
    }

    #[test]
    fn the_legend_leaves_the_selected_unit_visible() {
        // The selection in the bottom right corner, the rest of the map empty.
        let selected = Obstacle {
            rect: rect(700.0, 600.0, 950.0, 780.0),
            weight: SELECTED_WEIGHT,
        };
        let c = best_corner(
            FRAME,
            (250.0, 200.0),
            10.0,
            &[selected],
            Corner::BottomRight,
        );
        assert_ne!(c, Corner::BottomRight);
        assert_eq!(
            cost(&c.place(FRAME, (250.0, 200.0), 10.0), &[selected]),
            0.0
        );
    }

    #[test]
    fn the_corner_hiding_the_least_wins_and_stays() {
        // Territories everywhere but in the top left corner.
        let obstacles: Vec<Obstacle> = [
            rect(400.0, 0.0, 1000.0, 800.0),
            rect(0.0, 300.0, 400.0, 800.0),
        ]
        .map(|r| Obstacle {
            rect: r,
            weight: 1.0,
        })
        .to_vec();
        let c = best_corner(FRAME, (250.0, 200.0), 10.0, &obstacles, Corner::BottomRight);
        assert_eq!(c, Corner::TopLeft);
        // Nearly equal costs: the current corner stays.
        let even = [Obstacle {
            rect: FRAME,
            weight: 1.0,
        }];
        assert_eq!(
            best_corner(FRAME, (250.0, 200.0), 10.0, &even, Corner::TopRight),
            Corner::TopRight
        );
    }

    #[test]
    fn room_above_the_drawn_extent() {
        assert_eq!(
            free_band_above(FRAME, rect(100.0, 120.0, 900.0, 700.0)),
            Some(120.0)
        );
        assert_eq!(
            free_band_above(FRAME, rect(100.0, -5.0, 900.0, 700.0)),
            None
        );
    }
}
