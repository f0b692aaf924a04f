//! The map fitted beside its furniture: the furniture (title, legend, scale bar, north arrow,
//! buttons) stays where readers look for it, fixed to the frame, and the map is fitted so that
//! none of it covers a unit the map is about — the largest zoom at which the focus fits the
//! room and every unit's box stays clear of every box of furniture, the focus as centred as
//! that allows. Used by the exports and by the screen's France fit alike.

use super::geom::Rect;
use super::projection::{ViewTransform, WorldRect};
use super::scene::MapScene;
use super::spec::MapSpec;
use crate::model::LayerKind;

/// How far below the room's fit the zoom may go before giving up (levels), and its step.
const MAX_SHRINK: f64 = 1.5;
const ZOOM_STEP: f64 = 0.03;
/// Positions tried across the room's slack (fractions), centred first.
const POSITIONS: [f64; 5] = [0.5, 0.25, 0.75, 0.0, 1.0];

/// The view of `focus` fitted in `room` (a part of `frame`) with `margin` (a fraction) around,
/// at the largest zoom at which none of `units` (world boxes) meets any of `furniture` (frame
/// boxes); the view covers the whole frame. When no zoom within [`MAX_SHRINK`] levels frees
/// them all, the room's own fit.
pub fn fit_beside(
    frame: Rect,
    room: Rect,
    focus: WorldRect,
    units: &[WorldRect],
    furniture: &[Rect],
    margin: f64,
) -> ViewTransform {
    let fit = ViewTransform::fit_world(focus, room, margin);
    let on_frame = |view: &ViewTransform| shifted(view, frame, room);
    let first = on_frame(&fit);
    if furniture.is_empty() || units.is_empty() {
        return first;
    }
    let m = margin.max(0.0);
    let focus = WorldRect {
        min: [
            focus.min[0] - m * focus.width(),
            focus.min[1] - m * focus.height(),
        ],
        max: [
            focus.max[0] + m * focus.width(),
            focus.max[1] + m * focus.height(),
        ],
    };
    let steps = (MAX_SHRINK / ZOOM_STEP) as usize;
    for step in 0..=steps {
        let zoom = fit.zoom() - step as f64 * ZOOM_STEP;
        let probe = ViewTransform::from_world(focus.center(), zoom, frame);
        let upw = probe.units_per_world();
        let (fw, fh) = (focus.width() * upw, focus.height() * upw);
        let (sx, sy) = (room.width() - fw, room.height() - fh);
        if sx < -1e-6 || sy < -1e-6 {
            continue;
        }
        for fy in POSITIONS {
            for fx in POSITIONS {
                // The focus's top-left on the frame, and the view that puts it there.
                let left = room.min.x + sx * fx;
                let top = room.min.y + sy * fy;
                let centre = [
                    focus.min[0] + (frame.center().x - left) / upw,
                    focus.min[1] + (frame.center().y - top) / upw,
                ];
                let view = ViewTransform::from_world(centre, zoom, frame);
                if clear(&view, units, furniture) {
                    return view;
                }
            }
        }
    }
    first
}

/// A view fitted in `room` moved onto the whole `frame` (same ground where the room is).
fn shifted(fit: &ViewTransform, frame: Rect, room: Rect) -> ViewTransform {
    let shift = [
        (room.center().x - frame.center().x) / fit.units_per_world(),
        (room.center().y - frame.center().y) / fit.units_per_world(),
    ];
    let c = fit.center_world();
    ViewTransform::from_world([c[0] - shift[0], c[1] - shift[1]], fit.zoom(), frame)
}

/// Whether no unit's box meets a box of furniture.
fn clear(view: &ViewTransform, units: &[WorldRect], furniture: &[Rect]) -> bool {
    units.iter().all(|u| {
        view.frame_rect_from_world(u)
            .is_none_or(|r| !furniture.iter().any(|f| f.intersects(&r)))
    })
}

/// The boxes of the units a map of `spec` is about inside `focus`: the features of its layers
/// other than the régions and départements (drawn as context), whose box lies in the focus.
pub fn subject_boxes(scene: &MapScene, spec: &MapSpec, focus: &WorldRect) -> Vec<WorldRect> {
    let f = focus.expand(focus.width().max(focus.height()) * 0.01);
    let mut kinds: Vec<LayerKind> = spec.layers.clone();
    if let Some(c) = &spec.choropleth {
        kinds.push(c.layer());
    }
    if let Some(b) = &spec.bivariate {
        kinds.push(b.layer());
    }
    if let Some(s) = &spec.symbols {
        kinds.push(s.level.layer());
    }
    kinds.sort();
    kinds.dedup();
    kinds
        .into_iter()
        .filter(|k| !matches!(k, LayerKind::Regions | LayerKind::Departements))
        .filter_map(|k| scene.layer(k))
        .flat_map(|l| l.features.iter().map(|x| x.bbox_world))
        .filter(|b| {
            !b.is_empty()
                && f.min[0] <= b.min[0]
                && b.max[0] <= f.max[0]
                && f.min[1] <= b.min[1]
                && b.max[1] <= f.max[1]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::carto::geom::Pos;

    #[test]
    fn the_map_moves_away_from_a_title_over_it() {
        let frame = Rect::from_min_size(Pos::new(0.0, 0.0), 800.0, 600.0);
        let focus = WorldRect {
            min: [0.45, 0.30],
            max: [0.55, 0.40],
        };
        // A unit in the focus's top-left corner, a title box in the frame's.
        let unit = WorldRect {
            min: [0.45, 0.30],
            max: [0.47, 0.32],
        };
        let title = Rect::from_min_size(Pos::new(0.0, 0.0), 300.0, 120.0);
        let fitted = fit_beside(frame, frame, focus, &[unit], &[title], 0.02);
        assert!(clear(&fitted, &[unit], &[title]));
        let plain = fit_beside(frame, frame, focus, &[unit], &[], 0.02);
        assert!(
            !clear(&plain, &[unit], &[title]),
            "the plain fit was covered"
        );
        assert!(fitted.zoom() <= plain.zoom());
        // The whole focus still shows.
        let a = fitted.frame_from_world(focus.min);
        let b = fitted.frame_from_world(focus.max);
        assert!(frame.expand(0.5).contains(a) && frame.expand(0.5).contains(b));
    }
}
