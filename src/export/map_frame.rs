//! Geometry on the page: SVG path data of lon/lat polygons seen through a view (culled to the
//! frame, rounded to 0.1 unit), and a thin rectangle-and-view pair for the sheets' small maps.
//! The projection and the level-of-detail rule are the composition's ([`crate::carto`]).

use geo::{BoundingRect as _, MultiPolygon};

use super::tenths::push_tenths_int;
use crate::carto::{Pos, Rect, ViewTransform, WorldRect};

/// The SVG path of a multipolygon seen through `view`, or an empty string when it is outside
/// the frame. Coordinates are rounded to 0.1 unit and repeated points dropped.
pub fn path_d(view: &ViewTransform, mp: &MultiPolygon<f64>) -> String {
    let Some(r) = mp.bounding_rect() else {
        return String::new();
    };
    if !WorldRect::from_lonlat(r).intersects(&view.visible_world_rect()) {
        return String::new();
    }
    let mut d = String::new();
    for polygon in &mp.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            let mut last: Option<(i64, i64)> = None;
            let mut n = 0;
            let start = d.len();
            for c in ring.coords() {
                let p = view.frame_from_lonlat((*c).into());
                let q = ((p.x * 10.0).round() as i64, (p.y * 10.0).round() as i64);
                if last == Some(q) {
                    continue;
                }
                d.push(if n == 0 { 'M' } else { 'L' });
                push_tenths_int(&mut d, q.0);
                d.push(' ');
                push_tenths_int(&mut d, q.1);
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

/// A rectangle on the page showing a lon/lat box (the sheets' small maps).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapFrame {
    pub view: ViewTransform,
}

impl MapFrame {
    /// The frame at (x, y, width, height) showing at least the lon/lat box
    /// `[min lon, min lat, max lon, max lat]`, centred on it, with `margin` (a fraction) around.
    pub fn fit(x: f64, y: f64, width: f64, height: f64, bbox: [f64; 4], margin: f64) -> Self {
        let frame = Rect::from_min_size(Pos::new(x, y), width, height);
        let b = geo::Rect::new((bbox[0], bbox[1]), (bbox[2], bbox[3]));
        MapFrame {
            view: ViewTransform::fit_lonlat(b, frame, margin),
        }
    }

    /// Page position of a lon/lat point.
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let p = self.view.frame_from_lonlat(geo::Point::new(lon, lat));
        (p.x, p.y)
    }

    /// The level of detail the composition's rule picks for this frame.
    pub fn level_of_detail(&self, tolerances_deg: &[f64]) -> u8 {
        let lod = crate::carto::lod::select_lod(tolerances_deg, self.view.degrees_per_unit());
        u8::try_from(lod).unwrap_or(u8::MAX)
    }

    pub fn path(&self, mp: &MultiPolygon<f64>) -> String {
        path_d(&self.view, mp)
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
    }

    #[test]
    fn paths_outside_the_frame_are_empty() {
        let f = MapFrame::fit(0.0, 0.0, 100.0, 100.0, [2.0, 46.0, 3.0, 47.0], 0.0);
        let inside = geo::wkt! { MULTIPOLYGON(((2.2 46.2,2.8 46.2,2.8 46.8,2.2 46.2))) };
        let outside = geo::wkt! { MULTIPOLYGON(((20. 46.,21. 46.,21. 47.,20. 46.))) };
        assert!(f.path(&inside).starts_with('M') && f.path(&inside).ends_with('Z'));
        assert_eq!(f.path(&outside), "");
    }
}
