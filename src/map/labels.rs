//! Feature labels: a point well inside each feature (pole of inaccessibility), and greedy
//! per-frame placement so labels fit their feature and never overlap.

use std::collections::BinaryHeap;

use egui::{Pos2, Rect, Vec2};
use geo::{Area as _, InteriorPoint as _, MultiPolygon, Point, Polygon};

use super::projection::{lonlat_from_world, world_from_lonlat};

/// A label that may be drawn this frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelCandidate {
    pub feature: usize,
    /// Screen position of the feature's label point (the label is centred on it).
    pub anchor: Pos2,
    /// Screen size of the feature's bounding box: the label must fit in it.
    pub room: Vec2,
}

/// A label accepted for this frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlacedLabel {
    pub feature: usize,
    /// Index of the candidate in the slice given to [`place_labels`].
    pub candidate: usize,
    pub rect: Rect,
}

/// Free space kept around each label, in pixels.
const LABEL_PADDING_PX: f32 = 2.0;

/// Greedy placement: biggest features first; a label is kept when its text (size from `measure`)
/// fits in the feature's screen bbox, lies inside `clip`, and overlaps no label kept before.
/// `measure(k)` is the text size of `candidates[k]`.
pub fn place_labels(
    candidates: &[LabelCandidate],
    clip: Rect,
    mut measure: impl FnMut(usize) -> Vec2,
) -> Vec<PlacedLabel> {
    let mut order: Vec<(usize, &LabelCandidate)> = candidates.iter().enumerate().collect();
    order.sort_by(|(_, a), (_, b)| {
        (b.room.x * b.room.y)
            .total_cmp(&(a.room.x * a.room.y))
            .then(a.feature.cmp(&b.feature))
    });
    let mut placed: Vec<PlacedLabel> = Vec::new();
    for (k, c) in order {
        let size = measure(k);
        if size.x > c.room.x || size.y > c.room.y {
            continue;
        }
        let rect = Rect::from_center_size(c.anchor, size);
        if !clip.contains_rect(rect) {
            continue;
        }
        let padded = rect.expand(LABEL_PADDING_PX);
        if placed.iter().any(|p| p.rect.intersects(padded)) {
            continue;
        }
        placed.push(PlacedLabel {
            feature: c.feature,
            candidate: k,
            rect,
        });
    }
    placed
}

/// A point inside `geometry` far from its edges, in lon/lat: the pole of inaccessibility of the
/// largest polygon, computed in Web-Mercator space so it looks centred on the map.
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
        for i in 0..n {
            let a = ring[i];
            let b = ring[(i + 1) % n];
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
    let mut bbox = super::projection::WorldRect::NOTHING;
    rings.iter().flatten().for_each(|p| bbox.extend(*p));
    if bbox.is_empty() {
        return None;
    }
    let size = [bbox.max[0] - bbox.min[0], bbox.max[1] - bbox.min[1]];
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
    use egui::{pos2, vec2};
    use geo::{Contains as _, polygon};

    fn candidate(feature: usize, x: f32, y: f32, room: f32) -> LabelCandidate {
        LabelCandidate {
            feature,
            anchor: pos2(x, y),
            room: vec2(room, room),
        }
    }

    #[test]
    fn labels_never_overlap_and_must_fit() {
        let clip = Rect::from_min_size(Pos2::ZERO, vec2(500.0, 500.0));
        let candidates = [
            candidate(0, 100.0, 100.0, 200.0), // biggest: wins
            candidate(1, 130.0, 105.0, 150.0), // overlaps 0
            candidate(2, 300.0, 100.0, 30.0),  // too small for its text
            candidate(3, 300.0, 300.0, 100.0), // free
            candidate(4, 495.0, 400.0, 100.0), // would stick out of the clip rect
        ];
        let placed = place_labels(&candidates, clip, |_| vec2(60.0, 14.0));
        let features: Vec<usize> = placed.iter().map(|p| p.feature).collect();
        assert_eq!(features, vec![0, 3]);
        for (i, a) in placed.iter().enumerate() {
            for b in placed.iter().skip(i + 1) {
                assert!(!a.rect.intersects(b.rect));
            }
        }
    }

    #[test]
    fn label_point_is_inside_a_concave_feature() {
        // A "C": its centroid and bbox centre lie in the notch, outside the polygon.
        let c = polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 0.2), (x: 0.2, y: 0.2), (x: 0.2, y: 0.8), (x: 1., y: 0.8), (x: 1., y: 1.), (x: 0., y: 1.), (x: 0., y: 0.)];
        let tiny = polygon![(x: 5., y: 5.), (x: 5.1, y: 5.), (x: 5.1, y: 5.1), (x: 5., y: 5.)];
        let p = label_point(&MultiPolygon(vec![tiny, c.clone()])).expect("a point");
        assert!(c.contains(&p), "{p:?}");
        // In the vertical bar, away from its edges.
        assert!(p.x() > 0.05 && p.x() < 0.15, "{p:?}");
    }
}
