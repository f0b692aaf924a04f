//! The one Web Mercator of the crate, and the view transform from the world to a frame.
//!
//! World space is normalised Web Mercator: `x` and `y` in `[0, 1]`, `y` pointing south — the
//! slippy map's pixel space at zoom 0 divided by the tile size. A [`ViewTransform`] puts a world
//! point at the centre of a frame rectangle at a fractional zoom (`256 · 2^zoom` frame units per
//! world width, walkers' convention), so the screen (units = egui points) and the page (units =
//! CSS pixels or PDF points) project with the same arithmetic.

use std::f64::consts::PI;

use geo::Point;

use super::geom::{Pos, Rect};

/// Tile size of the slippy-map convention: at zoom `z` the world is `256 · 2^z` units wide.
pub const TILE_SIZE: f64 = 256.0;
/// Web Mercator's latitude limit.
pub const MAX_LAT_DEG: f64 = 85.051_128_779_806_59;
/// WGS84 equatorial radius (Web Mercator's sphere).
const EARTH_RADIUS_M: f64 = 6_378_137.0;

/// Normalised Web-Mercator coordinates of a WGS84 lon/lat (degrees).
pub fn world_from_lonlat(lonlat: Point<f64>) -> [f64; 2] {
    let lat = lonlat.y().clamp(-MAX_LAT_DEG, MAX_LAT_DEG).to_radians();
    let x = (lonlat.x() / 360.0) + 0.5;
    let y = (1.0 - lat.tan().asinh() / PI) / 2.0;
    [x, y]
}

/// WGS84 lon/lat (degrees) of normalised Web-Mercator coordinates.
pub fn lonlat_from_world(world: [f64; 2]) -> Point<f64> {
    let lon = (world[0] - 0.5) * 360.0;
    let lat = ((1.0 - 2.0 * world[1]) * PI).sinh().atan().to_degrees();
    Point::new(lon, lat)
}

/// Axis-aligned rectangle in world coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WorldRect {
    pub min: [f64; 2],
    pub max: [f64; 2],
}

impl WorldRect {
    /// Empty rectangle that grows with [`WorldRect::extend`].
    pub const NOTHING: Self = Self {
        min: [f64::INFINITY; 2],
        max: [f64::NEG_INFINITY; 2],
    };

    /// The world rectangle of a lon/lat box.
    pub fn from_lonlat(bbox: geo::Rect<f64>) -> Self {
        let mut r = Self::NOTHING;
        r.extend(world_from_lonlat(bbox.min().into()));
        r.extend(world_from_lonlat(bbox.max().into()));
        r
    }

    pub fn extend(&mut self, p: [f64; 2]) {
        self.min = [self.min[0].min(p[0]), self.min[1].min(p[1])];
        self.max = [self.max[0].max(p[0]), self.max[1].max(p[1])];
    }

    pub fn is_empty(&self) -> bool {
        !(self.min[0] <= self.max[0] && self.min[1] <= self.max[1])
    }

    pub fn intersects(&self, other: &Self) -> bool {
        self.min[0] <= other.max[0]
            && other.min[0] <= self.max[0]
            && self.min[1] <= other.max[1]
            && other.min[1] <= self.max[1]
    }

    pub fn center(&self) -> [f64; 2] {
        [
            0.5 * (self.min[0] + self.max[0]),
            0.5 * (self.min[1] + self.max[1]),
        ]
    }

    pub fn width(&self) -> f64 {
        self.max[0] - self.min[0]
    }

    pub fn height(&self) -> f64 {
        self.max[1] - self.min[1]
    }

    /// The rectangle grown by `by` world units on every side.
    pub fn expand(&self, by: f64) -> Self {
        Self {
            min: [self.min[0] - by, self.min[1] - by],
            max: [self.max[0] + by, self.max[1] + by],
        }
    }

    /// The lon/lat box of the rectangle.
    pub fn lonlat(&self) -> geo::Rect<f64> {
        let a = lonlat_from_world([self.min[0], self.max[1]]);
        let b = lonlat_from_world([self.max[0], self.min[1]]);
        geo::Rect::new(a.0, b.0)
    }
}

/// Where a map is looking: the world point at the centre of `frame`, and the zoom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewTransform {
    center_world: [f64; 2],
    zoom: f64,
    frame: Rect,
}

impl ViewTransform {
    pub fn new(center_lonlat: Point<f64>, zoom: f64, frame: Rect) -> Self {
        Self::from_world(world_from_lonlat(center_lonlat), zoom, frame)
    }

    pub fn from_world(center_world: [f64; 2], zoom: f64, frame: Rect) -> Self {
        Self {
            center_world,
            zoom,
            frame,
        }
    }

    /// The largest zoom showing all of `bbox_lonlat` in `frame` with `margin` (a fraction of
    /// the frame's size) on each side, centred on it.
    pub fn fit_lonlat(bbox_lonlat: geo::Rect<f64>, frame: Rect, margin: f64) -> Self {
        Self::fit_world(WorldRect::from_lonlat(bbox_lonlat), frame, margin)
    }

    /// As [`Self::fit_lonlat`] for a world rectangle.
    pub fn fit_world(bbox: WorldRect, frame: Rect, margin: f64) -> Self {
        let width = bbox.width().abs().max(1e-12);
        let height = bbox.height().abs().max(1e-12);
        let room = 1.0 + 2.0 * margin.max(0.0);
        let fit = (frame.width() / width).min(frame.height() / height) / room;
        Self {
            center_world: bbox.center(),
            zoom: (fit.max(1e-300) / TILE_SIZE).log2(),
            frame,
        }
    }

    /// The same view drawn in another frame, keeping the ground extent across the width:
    /// a screen view exported at another size shows the same places.
    pub fn rescaled_to(&self, frame: Rect) -> Self {
        let ratio = frame.width() / self.frame.width().max(1e-9);
        Self {
            center_world: self.center_world,
            zoom: self.zoom + ratio.max(1e-9).log2(),
            frame,
        }
    }

    pub fn zoom(&self) -> f64 {
        self.zoom
    }

    pub fn frame(&self) -> Rect {
        self.frame
    }

    pub fn center_world(&self) -> [f64; 2] {
        self.center_world
    }

    pub fn center_lonlat(&self) -> Point<f64> {
        lonlat_from_world(self.center_world)
    }

    /// Frame units per world unit.
    pub fn units_per_world(&self) -> f64 {
        TILE_SIZE * self.zoom.exp2()
    }

    pub fn frame_from_world(&self, world: [f64; 2]) -> Pos {
        let s = self.units_per_world();
        let c = self.frame.center();
        Pos::new(
            c.x + (world[0] - self.center_world[0]) * s,
            c.y + (world[1] - self.center_world[1]) * s,
        )
    }

    /// A world box on the frame (None for an empty box).
    pub fn frame_rect_from_world(&self, r: &WorldRect) -> Option<Rect> {
        if r.is_empty() {
            return None;
        }
        let a = self.frame_from_world(r.min);
        let b = self.frame_from_world(r.max);
        Some(Rect::from_min_max(
            Pos::new(a.x.min(b.x), a.y.min(b.y)),
            Pos::new(a.x.max(b.x), a.y.max(b.y)),
        ))
    }

    pub fn frame_from_lonlat(&self, lonlat: Point<f64>) -> Pos {
        self.frame_from_world(world_from_lonlat(lonlat))
    }

    pub fn world_from_frame(&self, pos: Pos) -> [f64; 2] {
        let s = self.units_per_world();
        let c = self.frame.center();
        [
            self.center_world[0] + (pos.x - c.x) / s,
            self.center_world[1] + (pos.y - c.y) / s,
        ]
    }

    pub fn lonlat_from_frame(&self, pos: Pos) -> Point<f64> {
        lonlat_from_world(self.world_from_frame(pos))
    }

    /// The part of the world covered by the frame.
    pub fn visible_world_rect(&self) -> WorldRect {
        WorldRect {
            min: self.world_from_frame(self.frame.min),
            max: self.world_from_frame(self.frame.max),
        }
    }

    /// Longitude degrees per frame unit. A simplification tolerance of `t` degrees moves edges
    /// by at most `t / degrees_per_unit()` units east-west, and `1 / cos(lat)` times that
    /// north-south (×1.4 over France).
    pub fn degrees_per_unit(&self) -> f64 {
        360.0 / self.units_per_world()
    }

    /// Metres on the ground per frame unit at the frame's centre latitude (for the scale bar).
    pub fn metres_per_unit(&self) -> f64 {
        let lat = self.center_lonlat().y();
        2.0 * PI * EARTH_RADIUS_M * lat.to_radians().cos() / self.units_per_world()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Rect {
        Rect::from_min_size(Pos::new(0.0, 0.0), 1280.0, 800.0)
    }

    #[test]
    fn lonlat_world_round_trip() {
        for (lon, lat) in [
            (2.35, 48.85),
            (-61.7, 15.95),
            (9.5, 42.0),
            (0.0, 0.0),
            (-179.9, -70.0),
        ] {
            let back = lonlat_from_world(world_from_lonlat(Point::new(lon, lat)));
            assert!((back.x() - lon).abs() < 1e-9, "{lon} -> {}", back.x());
            assert!((back.y() - lat).abs() < 1e-9, "{lat} -> {}", back.y());
        }
        assert_eq!(world_from_lonlat(Point::new(0.0, 0.0)), [0.5, 0.5]);
        // North is up: a higher latitude has a smaller y.
        assert!(
            world_from_lonlat(Point::new(0.0, 50.0))[1]
                < world_from_lonlat(Point::new(0.0, 40.0))[1]
        );
        // Beyond the limit, latitudes are clamped, never infinite.
        assert!(world_from_lonlat(Point::new(0.0, 90.0))[1].is_finite());
    }

    #[test]
    fn frame_world_round_trip_at_zoom_18() {
        let view = ViewTransform::new(Point::new(4.85, 45.76), 18.0, frame());
        let p = Pos::new(100.25, 700.5);
        let back = view.frame_from_world(view.world_from_frame(p));
        assert!(back.distance(p) < 1e-6);
        let dpu = view.degrees_per_unit();
        assert!((dpu - 360.0 / (256.0 * 262_144.0)).abs() < 1e-15, "{dpu}");
    }

    #[test]
    fn fit_shows_the_whole_box() {
        let bbox = geo::Rect::new((-5.2, 41.3), (9.6, 51.1));
        let view = ViewTransform::fit_lonlat(bbox, frame(), 0.0);
        for corner in [bbox.min(), bbox.max()] {
            let p = view.frame_from_lonlat(corner.into());
            assert!(frame().expand(0.01).contains(p), "{p:?}");
        }
        assert!(view.zoom() > 5.0 && view.zoom() < 6.5, "{}", view.zoom());
        let with_margin = ViewTransform::fit_lonlat(bbox, frame(), 0.05);
        assert!(with_margin.zoom() < view.zoom());
    }

    #[test]
    fn a_rescaled_view_shows_the_same_ground() {
        let view = ViewTransform::new(Point::new(2.4, 46.6), 5.6, frame());
        let page = Rect::from_min_size(Pos::new(10.0, 10.0), 640.0, 400.0);
        let half = view.rescaled_to(page);
        let a = view.visible_world_rect();
        let b = half.visible_world_rect();
        assert!((a.min[0] - b.min[0]).abs() < 1e-12 && (a.max[1] - b.max[1]).abs() < 1e-12);
        assert!((half.zoom() - (view.zoom() - 1.0)).abs() < 1e-12);
    }

    #[test]
    fn scale_is_metres_on_the_ground() {
        // At the equator, zoom 0: the whole earth on 256 units.
        let view = ViewTransform::new(Point::new(0.0, 0.0), 0.0, frame());
        let m = view.metres_per_unit();
        assert!((m - 2.0 * PI * EARTH_RADIUS_M / 256.0).abs() < 1e-6, "{m}");
    }
}
