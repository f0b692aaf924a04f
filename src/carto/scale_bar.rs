//! The scale bar of a view: a round length (1, 2 or 5 × 10^n metres) and its width in frame
//! units, as the screen and the page both draw it.

use super::projection::ViewTransform;

/// A scale bar's length on the ground, its width on the frame and its label ("50 km").
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleBar {
    pub length_m: f64,
    pub width: f64,
    pub label: String,
}

/// The longest round length that fits in `max_width` frame units at the view's centre.
pub fn scale_bar(view: &ViewTransform, max_width: f64) -> Option<ScaleBar> {
    let metres_per_unit = view.metres_per_unit();
    let length_m = nice_length_m(max_width * metres_per_unit);
    (length_m > 0.0 && metres_per_unit > 0.0).then(|| ScaleBar {
        length_m,
        width: length_m / metres_per_unit,
        label: distance_label(length_m),
    })
}

/// A "nice" length (1, 2 or 5 × 10^n metres) no longer than `max_m`.
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
    use crate::carto::geom::{Pos, Rect};

    #[test]
    fn scale_bars_use_round_lengths() {
        assert_eq!(nice_length_m(180_000.0), 100_000.0);
        assert_eq!(nice_length_m(260_000.0), 200_000.0);
        assert_eq!(nice_length_m(7_000.0), 5_000.0);
        assert_eq!(nice_length_m(0.0), 0.0);
        assert_eq!(distance_label(100_000.0), "100 km");
        assert_eq!(distance_label(500.0), "500 m");
        let frame = Rect::from_min_size(Pos::new(0.0, 0.0), 1000.0, 800.0);
        let view = ViewTransform::new(geo::Point::new(2.4, 46.6), 5.6, frame);
        let bar = scale_bar(&view, 200.0).expect("a bar");
        assert!(bar.width <= 200.0 && bar.width > 80.0, "{bar:?}");
        assert!((bar.width * view.metres_per_unit() - bar.length_m).abs() < 1e-6);
    }
}
