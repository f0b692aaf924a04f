//! Web-Mercator "world" coordinates and the per-frame view transform.
//!
//! World space is normalised Web Mercator: `x` and `y` in `[0, 1]`, `y` pointing south, which is
//! walkers' pixel space at zoom 0 divided by the tile size. Tessellated geometry is stored in
//! *local* units (world × [`LOCAL_UNITS_PER_WORLD`], i.e. pixels at zoom 12) relative to an f64
//! origin per feature, so f32 offsets stay sub-pixel precise at zoom 18.

use std::f64::consts::PI;

use egui::{Pos2, Rect, pos2};
use geo::Point;

/// Walkers' tile size: at zoom `z` the world is `256 · 2^z` pixels wide.
pub const TILE_SIZE_PX: f64 = 256.0;
/// Local tessellation units per world unit (pixels at zoom 12).
pub const LOCAL_UNITS_PER_WORLD: f64 = TILE_SIZE_PX * 4096.0;
/// Web Mercator's latitude limit.
const MAX_LAT_DEG: f64 = 85.051_128_779_806_59;

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
}

/// Where the map is looking: the world point at the centre of `screen_rect`, and the zoom
/// (walkers' fractional zoom: `256 · 2^zoom` screen pixels per world width).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewTransform {
    center_world: [f64; 2],
    zoom: f64,
    screen_rect: Rect,
}

impl ViewTransform {
    pub fn new(center_lonlat: Point<f64>, zoom: f64, screen_rect: Rect) -> Self {
        Self {
            center_world: world_from_lonlat(center_lonlat),
            zoom,
            screen_rect,
        }
    }

    /// The view of a walkers map this frame (assumes the map uses its default Web-Mercator projection).
    pub fn from_projector(projector: &walkers::Projector<'_>) -> Self {
        let screen_rect = projector.clip_rect();
        let center_lonlat = projector.unproject(screen_rect.center().to_vec2());
        Self::new(center_lonlat, projector.zoom(), screen_rect)
    }

    /// The largest zoom showing all of `bbox_lonlat` in `screen_rect`, centred on it.
    pub fn fit_lonlat(bbox_lonlat: geo::Rect<f64>, screen_rect: Rect) -> Self {
        let a = world_from_lonlat(bbox_lonlat.min().into());
        let b = world_from_lonlat(bbox_lonlat.max().into());
        let width = (a[0] - b[0]).abs().max(1e-12);
        let height = (a[1] - b[1]).abs().max(1e-12);
        let fit =
            (f64::from(screen_rect.width()) / width).min(f64::from(screen_rect.height()) / height);
        Self {
            center_world: [0.5 * (a[0] + b[0]), 0.5 * (a[1] + b[1])],
            zoom: (fit / TILE_SIZE_PX).log2(),
            screen_rect,
        }
    }

    pub fn zoom(&self) -> f64 {
        self.zoom
    }

    pub fn screen_rect(&self) -> Rect {
        self.screen_rect
    }

    pub fn center_world(&self) -> [f64; 2] {
        self.center_world
    }

    /// Screen pixels per world unit.
    pub fn pixels_per_world(&self) -> f64 {
        TILE_SIZE_PX * self.zoom.exp2()
    }

    pub fn screen_from_world(&self, world: [f64; 2]) -> Pos2 {
        let s = self.pixels_per_world();
        let c = self.screen_rect.center();
        pos2(
            (f64::from(c.x) + (world[0] - self.center_world[0]) * s) as f32,
            (f64::from(c.y) + (world[1] - self.center_world[1]) * s) as f32,
        )
    }

    pub fn world_from_screen(&self, pos: Pos2) -> [f64; 2] {
        let s = self.pixels_per_world();
        let c = self.screen_rect.center();
        [
            self.center_world[0] + f64::from(pos.x - c.x) / s,
            self.center_world[1] + f64::from(pos.y - c.y) / s,
        ]
    }

    pub fn lonlat_from_screen(&self, pos: Pos2) -> Point<f64> {
        lonlat_from_world(self.world_from_screen(pos))
    }

    /// The part of the world covered by the screen rectangle.
    pub fn visible_world_rect(&self) -> WorldRect {
        let a = self.world_from_screen(self.screen_rect.min);
        let b = self.world_from_screen(self.screen_rect.max);
        WorldRect { min: a, max: b }
    }

    /// Longitude degrees per screen pixel. A simplification tolerance of `t` degrees moves edges
    /// by at most `t / degrees_per_pixel()` pixels east-west, and `1 / cos(lat)` times that
    /// north-south (×1.4 over France).
    pub fn degrees_per_pixel(&self) -> f64 {
        360.0 / self.pixels_per_world()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::vec2;

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
    }

    #[test]
    fn matches_walkers_projector() {
        let mut memory = walkers::MapMemory::default();
        memory.set_zoom(11.3).expect("valid zoom");
        memory.center_at(walkers::lon_lat(4.85, 45.76));
        let rect = Rect::from_min_size(pos2(10.0, 20.0), vec2(1280.0, 800.0));
        let projector = walkers::Projector::new(
            rect,
            &walkers::MercatorProjection,
            &memory,
            walkers::lon_lat(0.0, 0.0),
        );
        let view = ViewTransform::from_projector(&projector);
        let p = Point::new(4.9, 45.7);
        let ours = view.screen_from_world(world_from_lonlat(p));
        let theirs = projector.project(p).to_pos2();
        assert!((ours - theirs).length() < 0.01, "{ours:?} vs {theirs:?}");
    }

    #[test]
    fn screen_world_round_trip_at_zoom_18() {
        let rect = Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0));
        let view = ViewTransform::new(Point::new(4.85, 45.76), 18.0, rect);
        let p = pos2(100.25, 700.5);
        let back = view.screen_from_world(view.world_from_screen(p));
        assert!((back - p).length() < 1e-3);
        let dpp = view.degrees_per_pixel();
        assert!((dpp - 360.0 / (256.0 * 262_144.0)).abs() < 1e-12, "{dpp}");
    }

    #[test]
    fn fit_shows_the_whole_box() {
        let rect = Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0));
        let bbox = geo::Rect::new((-5.2, 41.3), (9.6, 51.1));
        let view = ViewTransform::fit_lonlat(bbox, rect);
        for corner in [bbox.min(), bbox.max()] {
            let p = view.screen_from_world(world_from_lonlat(corner.into()));
            assert!(rect.expand(0.01).contains(p), "{p:?}");
        }
        assert!(view.zoom() > 5.0 && view.zoom() < 6.5, "{}", view.zoom());
    }
}
