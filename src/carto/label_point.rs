//! Where a polygon's name goes: the pole of inaccessibility of its largest part (the interior
//! point farthest from the edges), computed in Web-Mercator space so it looks centred on the map.

use std::collections::BinaryHeap;

use geo::{Area as _, InteriorPoint as _, MultiPolygon, Point, Polygon};

use super::projection::{WorldRect, lonlat_from_world, world_from_lonlat};

/// A point inside `geometry` far from its edges, in lon/lat: the pole of inaccessibility of the
/// largest polygon (an interior point when the search finds none).
pub fn label_point(geometry: &MultiPolygon<f64>) -> Option<Point<f64>> {
    let largest = geometry
        .iter()
        .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?;
    pole_of_inaccessibility(largest).or_else(|| largest.interior_point())
}

struct Cell {
    center: [f64; 2],
    half: f64,
    distance: f64,
}

impl Cell {
    fn new(center: [f64; 2], half: f64, rings: &[Vec<[f64; 2]>]) -> Self {
        Self {
            center,
            half,
            distance: signed_distance(center, rings),
        }
    }
    /// Best distance any point of the cell could have.
    fn potential(&self) -> f64 {
        self.distance + self.half * std::f64::consts::SQRT_2
    }
}

impl PartialEq for Cell {
    fn eq(&self, other: &Self) -> bool {
        self.potential() == other.potential()
    }
}
impl Eq for Cell {}
impl PartialOrd for Cell {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Cell {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.potential().total_cmp(&other.potential())
    }
}

/// Distance from `p` to the rings' edges, positive inside (even-odd), negative outside.
fn signed_distance(p: [f64; 2], rings: &[Vec<[f64; 2]>]) -> f64 {
    let mut inside = false;
    let mut min_sq = f64::INFINITY;
    for ring in rings {
        let n = ring.len();
        for (i, &a) in ring.iter().enumerate() {
            let Some(&b) = ring.get((i + 1) % n) else {
                continue;
            };
            if (a[1] > p[1]) != (b[1] > p[1])
                && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
            {
                inside = !inside;
            }
            let d = [b[0] - a[0], b[1] - a[1]];
            let len_sq = d[0] * d[0] + d[1] * d[1];
            let t = if len_sq > 0.0 {
                (((p[0] - a[0]) * d[0] + (p[1] - a[1]) * d[1]) / len_sq).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let q = [a[0] + t * d[0] - p[0], a[1] + t * d[1] - p[1]];
            min_sq = min_sq.min(q[0] * q[0] + q[1] * q[1]);
        }
    }
    let d = min_sq.sqrt();
    if inside { d } else { -d }
}

/// Grid-refinement search for the interior point farthest from the edges (to 1 % of the size).
fn pole_of_inaccessibility(polygon: &Polygon<f64>) -> Option<Point<f64>> {
    const MAX_CELLS: usize = 20_000;
    let rings: Vec<Vec<[f64; 2]>> = std::iter::once(polygon.exterior())
        .chain(polygon.interiors())
        .map(|r| r.0.iter().map(|c| world_from_lonlat((*c).into())).collect())
        .collect();
    let mut bbox = WorldRect::NOTHING;
    rings.iter().flatten().for_each(|p| bbox.extend(*p));
    if bbox.is_empty() {
        return None;
    }
    let size = [bbox.width(), bbox.height()];
    let cell = size[0].min(size[1]);
    if cell <= 0.0 {
        return None;
    }
    let precision = size[0].max(size[1]) / 100.0;
    let half = cell / 2.0;
    let mut queue = BinaryHeap::new();
    let mut x = bbox.min[0];
    while x < bbox.max[0] {
        let mut y = bbox.min[1];
        while y < bbox.max[1] {
            queue.push(Cell::new([x + half, y + half], half, &rings));
            y += cell;
        }
        x += cell;
    }
    let mut best = Cell::new(bbox.center(), 0.0, &rings);
    let mut visited = 0;
    while let Some(c) = queue.pop() {
        visited += 1;
        if c.distance > best.distance {
            best = Cell {
                center: c.center,
                half: c.half,
                distance: c.distance,
            };
        }
        if c.potential() - best.distance <= precision || visited > MAX_CELLS {
            continue;
        }
        let h = c.half / 2.0;
        for (dx, dy) in [(-h, -h), (h, -h), (-h, h), (h, h)] {
            queue.push(Cell::new([c.center[0] + dx, c.center[1] + dy], h, &rings));
        }
    }
    (best.distance > 0.0).then(|| lonlat_from_world(best.center))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Contains as _, polygon};

    #[test]
    fn label_point_is_inside_a_concave_feature() {
        // A "C": its centroid and bbox centre lie in the notch, outside the polygon.
        let c = polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 0.2), (x: 0.2, y: 0.2), (x: 0.2, y: 0.8), (x: 1., y: 0.8), (x: 1., y: 1.), (x: 0., y: 1.), (x: 0., y: 0.)];
        let tiny = polygon![(x: 5., y: 5.), (x: 5.1, y: 5.), (x: 5.1, y: 5.1), (x: 5., y: 5.)];
        let p = label_point(&MultiPolygon(vec![tiny, c.clone()])).expect("a point");
        assert!(c.contains(&p), "{p:?}");
        // In the vertical bar, away from its edges.
        assert!(p.x() > 0.05 && p.x() < 0.15, "{p:?}");
        assert_eq!(label_point(&MultiPolygon(Vec::new())), None);
    }
}
