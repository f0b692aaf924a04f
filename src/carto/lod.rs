//! The one level-of-detail rule: the coarsest simplification whose error stays under
//! [`LOD_MAX_ERROR_UNITS`] frame units. Screen and paper apply it to the same view, so they draw
//! the same vertices.

/// Largest simplification error allowed, in frame units (screen points, CSS pixels or PDF points).
pub const LOD_MAX_ERROR_UNITS: f64 = 0.6;

/// Index of the coarsest tolerance (tolerances are coarse first) that is at most
/// [`LOD_MAX_ERROR_UNITS`] units of `degrees_per_unit`; the last (finest) level if none is.
pub fn select_lod(tolerances_deg: &[f64], degrees_per_unit: f64) -> usize {
    let max_deg = LOD_MAX_ERROR_UNITS * degrees_per_unit;
    tolerances_deg
        .iter()
        .position(|&t| t <= max_deg)
        .unwrap_or_else(|| tolerances_deg.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::carto::geom::{Pos, Rect};
    use crate::carto::projection::ViewTransform;
    use geo::Point;

    const TOLERANCES: [f64; 5] = [0.02, 0.005, 0.0015, 0.0004, 0.0];

    #[test]
    fn the_level_follows_the_scale() {
        assert_eq!(select_lod(&TOLERANCES, 0.1), 0);
        let screen = Rect::from_min_size(Pos::new(0.0, 0.0), 1280.0, 800.0);
        // Whole France in 1280×800 (zoom ≈ 5.6): 0.6 unit ≈ 0.017°.
        let france =
            ViewTransform::fit_lonlat(geo::Rect::new((-5.2, 41.3), (9.6, 51.1)), screen, 0.0);
        assert_eq!(select_lod(&TOLERANCES, france.degrees_per_unit()), 1);
        let lyon = |zoom| ViewTransform::new(Point::new(4.85, 45.75), zoom, screen);
        assert_eq!(select_lod(&TOLERANCES, lyon(8.0).degrees_per_unit()), 2);
        assert_eq!(select_lod(&TOLERANCES, lyon(11.0).degrees_per_unit()), 3);
        assert_eq!(select_lod(&TOLERANCES, lyon(14.0).degrees_per_unit()), 4);
        assert_eq!(select_lod(&[], 1.0), 0);
    }
}
