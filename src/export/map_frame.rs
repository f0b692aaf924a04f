//! Where the map goes on a page: Web Mercator at a fractional zoom, fitted to a lon/lat box,
//! and the geometry written as SVG paths (culled to the frame, simplified to the pixel).

use std::fmt::Write as _;

use geo::{BoundingRect as _, MultiPolygon};

/// World size in pixels at zoom 0 (the slippy-map convention).
const TILE: f64 = 256.0;
const EARTH_RADIUS_M: f64 = 6_378_137.0;

/// A rectangle on the page showing a part of the Web Mercator world.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapFrame {
    /// Top-left corner and size on the page.
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// Web Mercator zoom (fractional): the world is 256·2^zoom units wide.
    pub zoom: f64,
    /// Centre of the frame in world units at that zoom.
    centre_world: (f64, f64),
}

/// Web Mercator at zoom 0, in [0, 256).
pub fn world0(lon: f64, lat: f64) -> (f64, f64) {
    let lat = lat.clamp(-85.05, 85.05).to_radians();
    let x = (lon + 180.0) / 360.0 * TILE;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * TILE;
    (x, y)
}

fn lonlat0(x: f64, y: f64) -> (f64, f64) {
    let lon = x / TILE * 360.0 - 180.0;
    let n = std::f64::consts::PI * (1.0 - 2.0 * y / TILE);
    (lon, n.sinh().atan().to_degrees())
}

impl MapFrame {
    /// The frame at (x, y, width, height) showing at least the lon/lat box
    /// `[min lon, min lat, max lon, max lat]`, centred on it, with `margin` (a fraction) around.
    pub fn fit(x: f64, y: f64, width: f64, height: f64, bbox: [f64; 4], margin: f64) -> Self {
        let (x0, y1) = world0(bbox[0], bbox[1]);
        let (x1, y0) = world0(bbox[2], bbox[3]);
        let (bw, bh) = ((x1 - x0).abs().max(1e-9), (y1 - y0).abs().max(1e-9));
        let scale = (width / bw).min(height / bh) / (1.0 + 2.0 * margin);
        let zoom = scale.log2();
        let centre0 = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        MapFrame::at(x, y, width, height, centre0, zoom)
    }

    /// The frame centred on a lon/lat point at a zoom (the view of the app's map).
    pub fn centred(x: f64, y: f64, width: f64, height: f64, lonlat: (f64, f64), zoom: f64) -> Self {
        MapFrame::at(x, y, width, height, world0(lonlat.0, lonlat.1), zoom)
    }

    fn at(x: f64, y: f64, width: f64, height: f64, centre0: (f64, f64), zoom: f64) -> Self {
        let k = 2f64.powf(zoom);
        MapFrame {
            x,
            y,
            width,
            height,
            zoom,
            centre_world: (centre0.0 * k, centre0.1 * k),
        }
    }

    /// Page position of a lon/lat point.
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let k = 2f64.powf(self.zoom);
        let (wx, wy) = world0(lon, lat);
        (
            self.x + self.width / 2.0 + wx * k - self.centre_world.0,
            self.y + self.height / 2.0 + wy * k - self.centre_world.1,
        )
    }

    /// Page position of a Web Mercator point at zoom 0 (in [0, 256)).
    pub fn project_world0(&self, wx: f64, wy: f64) -> (f64, f64) {
        let k = 2f64.powf(self.zoom);
        (
            self.x + self.width / 2.0 + wx * k - self.centre_world.0,
            self.y + self.height / 2.0 + wy * k - self.centre_world.1,
        )
    }

    /// The lon/lat box the frame shows.
    pub fn bbox(&self) -> [f64; 4] {
        let k = 2f64.powf(self.zoom);
        let (x0, y0) = (
            (self.centre_world.0 - self.width / 2.0) / k,
            (self.centre_world.1 - self.height / 2.0) / k,
        );
        let (x1, y1) = (
            (self.centre_world.0 + self.width / 2.0) / k,
            (self.centre_world.1 + self.height / 2.0) / k,
        );
        let (lon0, lat1) = lonlat0(x0, y0);
        let (lon1, lat0) = lonlat0(x1, y1);
        [lon0, lat0, lon1, lat1]
    }

    pub fn centre_lonlat(&self) -> (f64, f64) {
        let k = 2f64.powf(self.zoom);
        lonlat0(self.centre_world.0 / k, self.centre_world.1 / k)
    }

    /// Degrees of longitude per page unit.
    pub fn degrees_per_unit(&self) -> f64 {
        360.0 / (TILE * 2f64.powf(self.zoom))
    }

    /// Metres on the ground per page unit at the frame's centre latitude.
    pub fn metres_per_unit(&self) -> f64 {
        let (_, lat) = self.centre_lonlat();
        2.0 * std::f64::consts::PI * EARTH_RADIUS_M * lat.to_radians().cos()
            / (TILE * 2f64.powf(self.zoom))
    }

    /// The coarsest level of detail whose tolerance stays under a quarter of a page unit.
    pub fn level_of_detail(&self, tolerances_deg: &[f64]) -> u8 {
        let limit = self.degrees_per_unit() / 4.0;
        let lod = tolerances_deg
            .iter()
            .position(|&t| t <= limit)
            .unwrap_or(tolerances_deg.len().saturating_sub(1));
        u8::try_from(lod).unwrap_or(u8::MAX)
    }

    /// Whether a lon/lat box meets the frame.
    pub fn meets(&self, bbox: [f64; 4]) -> bool {
        let b = self.bbox();
        bbox[0] <= b[2] && bbox[2] >= b[0] && bbox[1] <= b[3] && bbox[3] >= b[1]
    }

    /// The SVG path of a multipolygon, or an empty string when it is outside the frame.
    /// Coordinates are rounded to 0.1 unit and repeated points dropped.
    pub fn path(&self, mp: &MultiPolygon<f64>) -> String {
        let Some(r) = mp.bounding_rect() else {
            return String::new();
        };
        if !self.meets([r.min().x, r.min().y, r.max().x, r.max().y]) {
            return String::new();
        }
        let mut d = String::new();
        for polygon in &mp.0 {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                let mut last: Option<(i64, i64)> = None;
                let mut n = 0;
                let start = d.len();
                for c in ring.coords() {
                    let (x, y) = self.project(c.x, c.y);
                    let q = ((x * 10.0).round() as i64, (y * 10.0).round() as i64);
                    if last == Some(q) {
                        continue;
                    }
                    let _ = write!(
                        d,
                        "{}{:.1} {:.1}",
                        if n == 0 { "M" } else { "L" },
                        q.0 as f64 / 10.0,
                        q.1 as f64 / 10.0
                    );
                    last = Some(q);
                    n += 1;
                }
                if n < 3 {
                    d.truncate(start);
                } else {
                    d.push('Z');
                }
            }
        }
        d
    }
}

/// A "nice" scale-bar length (1, 2 or 5 × 10^n metres) no longer than `max_m`.
pub fn nice_length_m(max_m: f64) -> f64 {
    if max_m <= 0.0 || !max_m.is_finite() {
        return 0.0;
    }
    let p = 10f64.powf(max_m.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * p)
        .find(|&l| l <= max_m)
        .unwrap_or(p)
}

/// A distance as a scale bar writes it: "50 km", "500 m".
pub fn distance_label(m: f64) -> String {
    if m >= 1000.0 {
        format!("{} km", crate::format::int_fr((m / 1000.0).round() as u64))
    } else {
        format!("{} m", m.round() as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_fits_the_frame_and_projects_inside_it() {
        let france = [-5.2, 41.3, 9.6, 51.1];
        let f = MapFrame::fit(10.0, 20.0, 800.0, 600.0, france, 0.0);
        let (x0, y0) = f.project(france[0], france[3]);
        let (x1, y1) = f.project(france[2], france[1]);
        assert!(x0 >= 9.99 && x1 <= 810.01 && y0 >= 19.99 && y1 <= 620.01);
        // One of the two dimensions fills the frame.
        assert!(((x1 - x0) - 800.0).abs() < 1e-6 || ((y1 - y0) - 600.0).abs() < 1e-6);
        let b = f.bbox();
        assert!(b[0] <= france[0] + 1e-9 && b[2] >= france[2] - 1e-9);
        let (lon, lat) = f.centre_lonlat();
        let (cx, cy) = f.project(lon, lat);
        assert!((cx - 410.0).abs() < 1e-6 && (cy - 320.0).abs() < 1e-6);
    }

    #[test]
    fn scale_bars_use_round_lengths() {
        assert_eq!(nice_length_m(180_000.0), 100_000.0);
        assert_eq!(nice_length_m(260_000.0), 200_000.0);
        assert_eq!(nice_length_m(7_000.0), 5_000.0);
        assert_eq!(nice_length_m(0.0), 0.0);
        assert_eq!(distance_label(100_000.0), "100 km");
        assert_eq!(distance_label(500.0), "500 m");
    }

    #[test]
    fn the_level_of_detail_follows_the_scale() {
        let tolerances = [0.02, 0.005, 0.0015, 0.0004, 0.0];
        let france = MapFrame::fit(0.0, 0.0, 800.0, 600.0, [-5.2, 41.3, 9.6, 51.1], 0.0);
        let town = MapFrame::fit(0.0, 0.0, 800.0, 600.0, [-1.3, 48.0, -1.1, 48.2], 0.0);
        assert!(france.level_of_detail(&tolerances) < town.level_of_detail(&tolerances));
        assert_eq!(town.level_of_detail(&tolerances), 4);
    }
}
