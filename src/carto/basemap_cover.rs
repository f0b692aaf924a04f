//! Where the offline basemap has its ground: the archive (`assets/basemap/france.pmtiles`, see
//! its README) tiles the whole world at tile zooms 0–2, Europe, the Caribbean and the Indian
//! Ocean at 3–5, and only boxes around France and the DROM at 6–12, each tier's land clipped to
//! its boxes. A tile of a deep zoom that is not wholly inside a box holds land only up to the
//! box's edge (a hard land/sea edge through Germany at 12° E on a wide France view); its ground
//! is then taken from the nearest shallower tile that holds all of it, shown enlarged.
//!
//! One rule for the screen (`app::basemap` asks walkers for the source tile) and the exports
//! (`export::basemap`), so that the basemap covers every frame the map can show.

use super::projection::{ViewTransform, lonlat_from_world};

/// The archive's deepest tile zoom.
pub const MAX_ZOOM: u8 = 12;
/// Deepest zoom of the whole-world tier.
pub const WORLD_MAX_ZOOM: u8 = 2;
/// Deepest zoom of the wide tier (Europe, Caribbean, Indian Ocean).
pub const WIDE_MAX_ZOOM: u8 = 5;

/// Boxes tiled at zooms 6–12 (`[west, south, east, north]`, as `tools/basemap/prepare.py`).
pub const LOCAL_AREAS: [[f64; 4]; 5] = [
    [-7.5, 40.5, 12.0, 52.8],
    [-62.3, 14.0, -60.4, 16.8],
    [-55.5, 1.6, -50.8, 6.3],
    [54.9, -21.7, 56.2, -20.6],
    [44.7, -13.3, 45.6, -12.4],
];
/// Boxes tiled at zooms 3–5.
pub const WIDE_AREAS: [[f64; 4]; 3] = [
    [-32.0, 24.0, 42.0, 66.0],
    [-80.0, -8.0, -40.0, 26.0],
    [30.0, -35.0, 70.0, 0.0],
];

/// A tile of the archive's grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TileRef {
    pub zoom: u8,
    pub x: u32,
    pub y: u32,
}

impl TileRef {
    /// The tile's ground as `[west, south, east, north]` in degrees.
    pub fn lonlat_box(self) -> [f64; 4] {
        let n = f64::from(1u32 << self.zoom.min(31));
        let corner = |x: f64, y: f64| lonlat_from_world([x / n, y / n]);
        let nw = corner(f64::from(self.x), f64::from(self.y));
        let se = corner(f64::from(self.x) + 1.0, f64::from(self.y) + 1.0);
        [nw.x(), se.y(), se.x(), nw.y()]
    }

    /// The tile of `zoom` (not deeper than this one's) that contains this one.
    pub fn ancestor(self, zoom: u8) -> TileRef {
        let dz = self.zoom.saturating_sub(zoom);
        TileRef {
            zoom: self.zoom - dz,
            x: self.x >> dz,
            y: self.y >> dz,
        }
    }

    /// Whether the archive holds all of this tile's ground (its land not cut at a box's edge).
    pub fn is_whole(self) -> bool {
        let inside = |areas: &[[f64; 4]]| {
            let b = self.lonlat_box();
            areas
                .iter()
                .any(|a| a[0] <= b[0] && b[2] <= a[2] && a[1] <= b[1] && b[3] <= a[3])
        };
        match self.zoom {
            z if z <= WORLD_MAX_ZOOM => true,
            z if z <= WIDE_MAX_ZOOM => inside(&WIDE_AREAS),
            z if z <= MAX_ZOOM => inside(&LOCAL_AREAS),
            _ => false,
        }
    }

    /// The tile to draw for this one: itself when whole, else the deepest whole ancestor
    /// (zoom 2 at worst, which holds the whole world).
    pub fn source(self) -> TileRef {
        let mut zoom = self.zoom.min(MAX_ZOOM);
        loop {
            let t = self.ancestor(zoom);
            if t.is_whole() || zoom == 0 {
                return t;
            }
            zoom -= 1;
        }
    }
}

/// Whether every tile of zoom `tile_zoom` meeting the view's frame is drawn with all its ground
/// (through [`TileRef::source`]): the basemap then covers the whole frame.
pub fn covers(view: &ViewTransform, tile_zoom: u8) -> bool {
    let b = view.visible_world_rect();
    let n = 1u32 << tile_zoom.min(31);
    let index = |v: f64| ((v.clamp(0.0, 1.0) * f64::from(n)).floor() as u32).min(n - 1);
    let (x0, x1) = (index(b.min[0]), index(b.max[0]));
    let (y0, y1) = (index(b.min[1]), index(b.max[1]));
    (x0..=x1).all(|x| {
        (y0..=y1).all(|y| {
            TileRef {
                zoom: tile_zoom,
                x,
                y,
            }
            .source()
            .is_whole()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tile of `zoom` holding a lon/lat point.
    fn tile_at(lon: f64, lat: f64, zoom: u8) -> TileRef {
        let w = super::super::projection::world_from_lonlat(geo::Point::new(lon, lat));
        let n = f64::from(1u32 << zoom);
        TileRef {
            zoom,
            x: (w[0] * n) as u32,
            y: (w[1] * n) as u32,
        }
    }

    #[test]
    fn inland_france_keeps_its_own_tiles_and_germany_takes_a_wide_one() {
        let paris = tile_at(2.35, 48.85, 9);
        assert!(paris.is_whole());
        assert_eq!(paris.source(), paris);
        // Munich (11.6° E) lies in a zoom-6 tile cut at 12° E: its ground comes from zoom 5.
        let munich = tile_at(11.6, 48.1, 6);
        assert!(!munich.is_whole());
        let source = munich.source();
        assert_eq!(source.zoom, WIDE_MAX_ZOOM);
        assert_eq!(source, munich.ancestor(5));
        // Far from any box, the world tier.
        assert_eq!(tile_at(100.0, 30.0, 8).source().zoom, WORLD_MAX_ZOOM);
    }

    #[test]
    fn a_wide_france_view_is_covered_at_every_zoom() {
        let frame =
            super::super::Rect::from_min_size(super::super::Pos::new(0.0, 0.0), 1900.0, 1000.0);
        for zoom in [5.0, 5.5, 6.0, 6.5, 7.0, 7.5] {
            let view = ViewTransform::new(geo::Point::new(2.4, 46.6), zoom, frame);
            let tile_zoom = (zoom.round() as u8).saturating_sub(1);
            assert!(covers(&view, tile_zoom), "zoom {zoom}");
        }
        let box_of = tile_at(2.35, 48.85, 6).lonlat_box();
        assert!(box_of[0] < 2.35 && 2.35 < box_of[2] && box_of[1] < 48.85 && 48.85 < box_of[3]);
    }
}
