//! Douglas-Peucker levels of detail for one arc.
//!
//! Douglas-Peucker splits an arc at its farthest point, recursively. The split tree does not
//! depend on the tolerance, so the vertices kept at a larger tolerance are a subset of those
//! kept at a smaller one. Each vertex therefore gets one number: the coarsest level that keeps
//! it. Filtering by that number gives exactly the Douglas-Peucker result at every level.

use crate::model::geography::topology::GridPoint;

/// For each point of an arc, the coarsest level (index into `tolerances_deg`, coarse first)
/// at which Douglas-Peucker with that tolerance keeps it. Endpoints get 0. The last level keeps
/// every point whatever its tolerance.
pub fn keep_levels(points: &[GridPoint], tolerances_deg: &[f64]) -> Vec<u8> {
    let n = points.len();
    let last = u8::try_from(tolerances_deg.len().saturating_sub(1)).unwrap_or(u8::MAX);
    if n <= 2 {
        return vec![0; n];
    }
    let effective = effective_distances(points);
    effective
        .iter()
        .map(|&d| {
            tolerances_deg
                .iter()
                .position(|&t| d > t)
                .and_then(|p| u8::try_from(p).ok())
                .map_or(last, |p| p.min(last))
        })
        .collect()
}

/// The distance at which each vertex stops being kept, made monotone down the split tree
/// (a child never outlives its parent), in degrees of latitude.
fn effective_distances(points: &[GridPoint]) -> Vec<f64> {
    let n = points.len();
    // Local equirectangular frame: degrees of longitude shrink with the cosine of latitude.
    let lat_mid = (f64::from(points[0][1]) + f64::from(points[n - 1][1])) / 2.0 / 1e5;
    let kx = lat_mid.to_radians().cos();
    let xy: Vec<(f64, f64)> = points
        .iter()
        .map(|p| (f64::from(p[0]) / 1e5 * kx, f64::from(p[1]) / 1e5))
        .collect();
    let mut eff = vec![f64::INFINITY; n];
    let mut stack = vec![(0usize, n - 1, f64::INFINITY)];
    while let Some((i, j, parent)) = stack.pop() {
        if j <= i + 1 {
            continue;
        }
        let (a, b) = (xy[i], xy[j]);
        let mut best = (i + 1, -1.0f64);
        for (k, &p) in xy.iter().enumerate().take(j).skip(i + 1) {
            let d = distance_to_segment(p, a, b);
            if d > best.1 {
                best = (k, d);
            }
        }
        let (k, d) = best;
        let e = d.min(parent);
        eff[k] = e;
        stack.push((i, k, e));
        stack.push((k, j, e));
    }
    eff
}

fn distance_to_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    };
    let (qx, qy) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - qx).powi(2) + (p.1 - qy).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bump_kept_only_where_tolerance_is_smaller() {
        // A 0.1° bump at the equator.
        let pts = [[0, 0], [100_000, 10_000], [200_000, 0]];
        assert_eq!(keep_levels(&pts, &[0.05, 0.0]), vec![0, 0, 0]);
        assert_eq!(keep_levels(&pts, &[0.2, 0.05, 0.0]), vec![0, 1, 0]);
    }

    #[test]
    fn collinear_point_only_at_full_detail() {
        let pts = [[0, 0], [100_000, 0], [200_000, 0]];
        assert_eq!(keep_levels(&pts, &[0.05, 0.001, 0.0]), vec![0, 2, 0]);
    }

    #[test]
    fn levels_are_nested_down_the_split_tree() {
        // A zig-zag with decreasing amplitude: kept sets must be nested by construction.
        let pts: Vec<GridPoint> = (0..50)
            .map(|i| [i * 1000, if i % 2 == 0 { 0 } else { 5000 / (i + 1) }])
            .collect();
        let tol = [0.02, 0.01, 0.001, 0.0];
        let levels = keep_levels(&pts, &tol);
        for lod in 0..tol.len() as u8 {
            let kept = levels.iter().filter(|&&l| l <= lod).count();
            let kept_finer = levels.iter().filter(|&&l| l <= lod + 1).count();
            assert!(kept <= kept_finer);
        }
        assert_eq!(levels.iter().filter(|&&l| l <= 3).count(), 50);
        assert!(levels.iter().filter(|&&l| l == 0).count() < 50);
    }

    #[test]
    fn closed_loop_keeps_its_far_side() {
        let pts = [
            [0, 0],
            [100_000, 0],
            [100_000, 100_000],
            [0, 100_000],
            [0, 0],
        ];
        let levels = keep_levels(&pts, &[0.01, 0.0]);
        assert_eq!(levels.iter().filter(|&&l| l == 0).count(), 5);
    }
}
