//! Moving the map from the app's side of walkers: the mouse wheel in half zoom levels (smooth,
//! around the pointer), the keyboard (arrows pan, + and − zoom) when the map has the focus, and
//! a pending fit applied to the map's area of this frame (between the docked panels).
//! Pinch and Ctrl + wheel stay walkers' own gestures.

use walkers::{MapMemory, lon_lat};

use super::context::PaneContext;
use super::map_view::{Fit, FranceFit, INSET_MARGINS, MapPane, side_title_rect};
use crate::carto::insets::{MAINLAND_BBOX, left_column, lonlat_rect};
use crate::carto::{Pos, Rect, ViewTransform, WorldRect, lonlat_from_world};
use crate::map::painter::carto_rect;

/// Zoom levels per wheel notch (egui turns one notch into 40 points of smooth scrolling,
/// spread over a few frames).
pub const ZOOM_PER_NOTCH: f64 = 0.5;
const POINTS_PER_NOTCH: f64 = 40.0;
/// Zoom levels per press of + or −.
pub const ZOOM_PER_KEY: f64 = 0.5;
/// Part of the map's size an arrow key pans.
const PAN_FRACTION: f64 = 0.15;
/// Margin around a unit fitted in the map, as a fraction of the map's size.
pub const FIT_MARGIN: f64 = 0.06;
/// Zoom bounds of the map.
pub const MIN_ZOOM: f64 = 2.0;
pub const MAX_ZOOM: f64 = 18.0;

/// The view zoomed by `dz` levels keeping the world point under `anchor` where it is.
pub fn zoom_about(view: &ViewTransform, anchor: Pos, dz: f64) -> ViewTransform {
    let zoom = (view.zoom() + dz).clamp(MIN_ZOOM, MAX_ZOOM);
    let before = view.world_from_frame(anchor);
    let zoomed = ViewTransform::from_world(view.center_world(), zoom, view.frame());
    let after = zoomed.world_from_frame(anchor);
    let c = view.center_world();
    ViewTransform::from_world(
        [c[0] + before[0] - after[0], c[1] + before[1] - after[1]],
        zoom,
        view.frame(),
    )
}

/// The view moved by (dx, dy) frame units (the content moves the other way).
pub fn pan_by(view: &ViewTransform, dx: f64, dy: f64) -> ViewTransform {
    let c = view.frame().center();
    ViewTransform::from_world(
        view.world_from_frame(Pos::new(c.x + dx, c.y + dy)),
        view.zoom(),
        view.frame(),
    )
}

/// Smallest part of the map a unit is fitted in beside the legend (points).
const MIN_FIT_SIDE: f64 = 120.0;

/// The part of `map` a unit of box `bbox` is fitted in: the map less the legend's strip
/// (`legend`: its width and height) on the side that leaves the unit the largest, so that the
/// legend can sit in a corner that hides none of it. The whole map without a legend, or when
/// no strip leaves room enough.
pub fn fit_frame(map: Rect, bbox: WorldRect, legend: Option<(f64, f64)>) -> Rect {
    let Some((w, h)) = legend else {
        return map;
    };
    let (w, h) = (w + 10.0, h + 10.0);
    let candidates = [
        Rect::from_min_max(map.min, Pos::new(map.max.x - w, map.max.y)),
        Rect::from_min_max(Pos::new(map.min.x + w, map.min.y), map.max),
        Rect::from_min_max(map.min, Pos::new(map.max.x, map.max.y - h)),
        Rect::from_min_max(Pos::new(map.min.x, map.min.y + h), map.max),
    ];
    candidates
        .into_iter()
        .filter(|r| r.width() >= MIN_FIT_SIDE && r.height() >= MIN_FIT_SIDE)
        .map(|r| (ViewTransform::fit_world(bbox, r, FIT_MARGIN).zoom(), r))
        .fold(None, |best: Option<(f64, Rect)>, (z, r)| match best {
            Some((bz, _)) if bz >= z => best,
            _ => Some((z, r)),
        })
        .map_or(map, |(_, r)| r)
}

/// The view of a box (a unit, a région) on the map: fitted in the part the legend's strip
/// leaves ([`fit_frame`]), clear of the zoom buttons (no unit of `units` under them).
pub fn box_view(
    map: Rect,
    focus: WorldRect,
    legend: Option<(f64, f64)>,
    units: &[WorldRect],
) -> ViewTransform {
    let room = fit_frame(map, focus, legend);
    let buttons = crate::ui::placement::zoom_buttons_rect(map);
    crate::carto::room::fit_beside(map, room, focus, units, &[buttons], FIT_MARGIN)
}

/// What the keyboard asks of the map this frame: (pan x, pan y) in map sizes, zoom levels.
fn key_moves(ctx: &egui::Context) -> (f64, f64, f64) {
    use egui::Key;
    ctx.input(|i| {
        // Ctrl + and Ctrl − change the text size, not the map.
        if i.modifiers.command || i.modifiers.alt {
            return (0.0, 0.0, 0.0);
        }
        let pressed = |k: Key| i.key_pressed(k);
        let dx = f64::from(u8::from(pressed(Key::ArrowRight)))
            - f64::from(u8::from(pressed(Key::ArrowLeft)));
        let dy = f64::from(u8::from(pressed(Key::ArrowDown)))
            - f64::from(u8::from(pressed(Key::ArrowUp)));
        let zoom_in = pressed(Key::Plus) || pressed(Key::Equals);
        let dz = f64::from(u8::from(zoom_in)) - f64::from(u8::from(pressed(Key::Minus)));
        (dx * PAN_FRACTION, dy * PAN_FRACTION, dz * ZOOM_PER_KEY)
    })
}

/// Sets the map's memory to a view.
pub fn show_view(memory: &mut MapMemory, view: &ViewTransform) {
    let centre = lonlat_from_world(view.center_world());
    memory.center_at(lon_lat(centre.x(), centre.y()));
    let _ = memory.set_zoom(view.zoom().clamp(MIN_ZOOM, MAX_ZOOM));
}

/// The pointer in the frame of the last view: side by side, both maps show the same view
/// in halves of the same size, and the last view is the right one's.
fn anchor_in_view(side_by_side: bool, map_rect: egui::Rect, p: egui::Pos2) -> Pos {
    if side_by_side && p.x < map_rect.center().x {
        return Pos::new(f64::from(p.x + map_rect.width() / 2.0), f64::from(p.y));
    }
    Pos::new(f64::from(p.x), f64::from(p.y))
}

impl MapPane {
    /// The small multiples' boxes, when the map shows them (beside their legend's strip).
    fn panel_cells_of(
        &self,
        cx: &PaneContext<'_>,
        map_rect: egui::Rect,
    ) -> Option<Vec<egui::Rect>> {
        let n = cx.thematic.panels_map()?.panels.len();
        let (grid, _) = self.panels_area(cx, map_rect);
        Some(super::map_view::panel_cells(grid, n))
    }

    /// The legend's size the France fit leaves free: none for small multiples whose legend
    /// has its own strip.
    fn fit_reserve(&self, cx: &PaneContext<'_>, map_rect: egui::Rect) -> Option<(f64, f64)> {
        match self.panels_area(cx, map_rect) {
            (_, Some(_)) => None,
            _ => self.legend_reserve(cx, map_rect),
        }
    }
}

/// The pointer in the frame of the last view: every small multiple shows the same view in a
/// box of the same size, and the last view is the last map's.
fn anchor_in_panels(cells: &[egui::Rect], p: egui::Pos2) -> Pos {
    let last = cells.last().map_or(egui::Pos2::ZERO, |c| c.min);
    let cell = cells.iter().find(|c| c.contains(p)).map_or(last, |c| c.min);
    let q = p + (last - cell);
    Pos::new(f64::from(q.x), f64::from(q.y))
}

impl MapPane {
    /// Asks for the France fit again when the map still shows the last one untouched and the
    /// legend (or the map's box) has changed size since; forgets it once the user has moved.
    fn refit_france_if_untouched(
        &mut self,
        map_rect: egui::Rect,
        cx: &PaneContext<'_>,
        memory: &MapMemory,
    ) {
        let Some(fit) = self.france_fit else {
            return;
        };
        let here = memory.detached();
        let untouched = here.is_some_and(|p| {
            (p.x() - fit.center.x()).abs() < 1e-9 && (p.y() - fit.center.y()).abs() < 1e-9
        }) && (memory.zoom() - fit.zoom).abs() < 1e-9;
        if !untouched {
            self.france_fit = None;
            return;
        }
        // The size kept for the legend changes by steps (its content, not its measured
        // width): a new classification keeps the view.
        let changed = self.fit_reserve(cx, map_rect) != fit.legend;
        if (changed || map_rect != fit.map) && self.pending_fit.is_none() {
            self.pending_fit = Some(Fit::France);
        }
    }

    /// Before the map is drawn in `map_rect` (the central panel): a pending fit, then the
    /// wheel and the keys. `ui` is the central panel's.
    pub fn navigate(
        &mut self,
        ui: &egui::Ui,
        map_rect: egui::Rect,
        cx: &PaneContext<'_>,
        spec: &crate::carto::MapSpec,
        memory: &mut MapMemory,
    ) {
        self.rect = Some(map_rect);
        self.refit_france_if_untouched(map_rect, cx, memory);
        self.apply_pending_fit(map_rect, cx, spec, memory);
        let Some(view) = cx.map_output.view else {
            return;
        };
        let ctx = ui.ctx();
        // The wheel over the map (not over a panel, a legend or a popup on top of it).
        let pointer = ctx.pointer_hover_pos();
        let over_map = pointer
            .is_some_and(|p| map_rect.contains(p) && ctx.layer_id_at(p) == Some(ui.layer_id()));
        let mut moved = None;
        if over_map && let Some(p) = pointer {
            let scroll = ctx.input(|i| i.smooth_scroll_delta.y);
            if scroll != 0.0 {
                ui.ctx()
                    .input_mut(|i| i.smooth_scroll_delta = egui::Vec2::ZERO);
                let dz = f64::from(scroll) / POINTS_PER_NOTCH * ZOOM_PER_NOTCH;
                moved = Some(zoom_about(
                    &view,
                    match self.panel_cells_of(cx, map_rect) {
                        Some(cells) => anchor_in_panels(&cells, p),
                        None => anchor_in_view(cx.side_by_side, map_rect, p),
                    },
                    dz,
                ));
            }
        }
        // The keys, when no field, list or table has the keyboard.
        let keyboard_free = !ctx.egui_wants_keyboard_input()
            && ctx.memory(|m| m.focused().is_none())
            && !egui::Popup::is_any_open(ctx)
            && !cx.presenting
            && !cx.table_has_keys;
        if moved.is_none() && keyboard_free {
            let (dx, dy, dz) = key_moves(ctx);
            let frame = view.frame();
            if dx != 0.0 || dy != 0.0 {
                moved = Some(pan_by(&view, dx * frame.width(), dy * frame.height()));
            } else if dz != 0.0 {
                moved = Some(zoom_about(&view, frame.center(), dz));
            }
        }
        if let Some(v) = moved {
            show_view(memory, &v);
        }
    }

    /// A pending box fitted in the map's area of this frame (the side panels are laid out, so
    /// a sheet opened by the same click is already accounted for), leaving the legend's side
    /// free when the map is wide enough.
    fn apply_pending_fit(
        &mut self,
        map_rect: egui::Rect,
        cx: &PaneContext<'_>,
        spec: &crate::carto::MapSpec,
        memory: &mut MapMemory,
    ) {
        let Some(fit) = self.pending_fit.take() else {
            return;
        };
        let mut whole = map_rect;
        let panels = self.panel_cells_of(cx, map_rect);
        // Side by side or small multiples: every map shows the view in its box (no insets, a
        // title across its top); the last one's box is the view's.
        let side_by_side = cx.side_by_side || panels.is_some();
        if let Some(last) = panels.as_ref().and_then(|c| c.last()) {
            whole = *last;
        } else if side_by_side {
            whole.min.x = map_rect.center().x + 1.0;
        }
        let legend = self
            .legend_rect
            .map(|r| (f64::from(r.width()), f64::from(r.height())));
        let reserve = self.fit_reserve(cx, map_rect);
        let bbox = match fit {
            Fit::Bbox(bbox) => bbox,
            // France entière: the mainland beside the overseas insets' column.
            Fit::France => {
                let frame = carto_rect(whole);
                // Side by side: no insets, each map's title across its top.
                let areas = if side_by_side {
                    0
                } else {
                    cx.settings.map.insets.areas().len()
                };
                let (top, bottom) = INSET_MARGINS;
                // The column as the map draws it (its margins grow with the presentation's
                // scale).
                let scale = spec.scale;
                let column = (areas > 0).then(|| left_column(frame, top, bottom, areas, scale));
                let extra: Vec<Rect> = if panels.is_some() {
                    vec![super::map_view::panel_title_rect(frame)]
                } else if side_by_side {
                    vec![side_title_rect(frame)]
                } else {
                    Vec::new()
                };
                // The mainland beside the zoom buttons and the legend's kept box: none of
                // them covers a unit the map shows.
                let mainland = WorldRect::from_lonlat(lonlat_rect(MAINLAND_BBOX));
                let units = cx
                    .loaded
                    .map(|l| crate::carto::room::subject_boxes(&l.scene, spec, &mainland))
                    .unwrap_or_default();
                let (view, corner) =
                    crate::ui::placement::france_view(frame, column, reserve, &extra, &units);
                if reserve.is_some() {
                    self.legend_corner = corner;
                }
                show_view(memory, &view);
                self.france_fit = memory.detached().map(|center| FranceFit {
                    center,
                    zoom: memory.zoom(),
                    legend: reserve,
                    map: map_rect,
                });
                return;
            }
        };
        let focus = WorldRect::from_lonlat(bbox);
        let units = cx
            .loaded
            .map(|l| crate::carto::room::subject_boxes(&l.scene, spec, &focus))
            .unwrap_or_default();
        show_view(memory, &box_view(carto_rect(whole), focus, legend, &units));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> ViewTransform {
        let frame = Rect::from_min_max(Pos::new(0.0, 0.0), Pos::new(800.0, 600.0));
        ViewTransform::new(geo::Point::new(2.4, 46.6), 6.0, frame)
    }

    #[test]
    fn zooming_keeps_the_point_under_the_pointer() {
        let v = view();
        let anchor = Pos::new(600.0, 150.0);
        let before = v.lonlat_from_frame(anchor);
        let z = zoom_about(&v, anchor, ZOOM_PER_NOTCH);
        assert!((z.zoom() - 6.5).abs() < 1e-12);
        let after = z.lonlat_from_frame(anchor);
        assert!((before.x() - after.x()).abs() < 1e-9);
        assert!((before.y() - after.y()).abs() < 1e-9);
        // Two half notches make one level: the same view as a whole step.
        let twice = zoom_about(&zoom_about(&v, anchor, 0.5), anchor, 0.5);
        let once = zoom_about(&v, anchor, 1.0);
        assert!((twice.zoom() - once.zoom()).abs() < 1e-12);
        let (a, b) = (twice.center_world(), once.center_world());
        assert!((a[0] - b[0]).abs() < 1e-12 && (a[1] - b[1]).abs() < 1e-12);
    }

    #[test]
    fn a_tall_unit_beside_the_legend_a_wide_one_above_it() {
        let map = Rect::from_min_max(Pos::new(0.0, 0.0), Pos::new(800.0, 600.0));
        let legend = Some((200.0, 150.0));
        let tall = WorldRect {
            min: [0.0, 0.0],
            max: [0.001, 0.003],
        };
        let f = fit_frame(map, tall, legend);
        assert_eq!(
            f.height(),
            600.0,
            "the full height: the legend's strip is at a side"
        );
        assert_eq!(f.width(), 590.0);
        let wide = WorldRect {
            min: [0.0, 0.0],
            max: [0.003, 0.001],
        };
        let f = fit_frame(map, wide, legend);
        assert_eq!(f.width(), 800.0);
        assert_eq!(f.height(), 440.0);
        // No legend, or no room beside it: the whole map.
        assert_eq!(fit_frame(map, tall, None), map);
        assert_eq!(fit_frame(map, tall, Some((790.0, 590.0))), map);
    }

    #[test]
    fn zoom_stays_in_bounds() {
        let v = view();
        assert_eq!(zoom_about(&v, Pos::new(0.0, 0.0), 40.0).zoom(), MAX_ZOOM);
        assert_eq!(zoom_about(&v, Pos::new(0.0, 0.0), -40.0).zoom(), MIN_ZOOM);
    }

    #[test]
    fn panning_right_moves_east() {
        let v = view();
        let p = pan_by(&v, 100.0, 0.0);
        assert!(p.center_lonlat().x() > v.center_lonlat().x());
        assert!((p.center_lonlat().y() - v.center_lonlat().y()).abs() < 1e-9);
        // The point 100 units right of the centre is now at the centre.
        let target = v.lonlat_from_frame(Pos::new(500.0, 300.0));
        let centre = p.center_lonlat();
        assert!((target.x() - centre.x()).abs() < 1e-9);
    }
}
