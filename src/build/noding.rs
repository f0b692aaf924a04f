//! Repairing the commune mosaic before dissolving.
//!
//! The source communes were simplified arc by arc (topojson), which keeps shared borders
//! identical but lets two different arcs cross, for instance the two shores of a narrow estuary.
//! Two communes then overlap in a tiny lens, and their union would have a self-crossing ring.
//! The repair has two steps:
//! 1. noding: every pair of crossing edges gets their intersection point (on the grid) inserted
//!    into both, so that edges meet only at vertices;
//! 2. covered edges: an edge whose midpoint lies strictly inside another commune is recorded, so
//!    that a union containing both drops it (it is inside the union, not on its outline).

use std::collections::{BTreeMap, HashMap, HashSet};

use rstar::{AABB, RTree, RTreeObject};

use super::dissolve::{PolygonRings, point_in_ring};
use crate::model::geography::topology::GridPoint;

type Edge = (GridPoint, GridPoint);

struct IndexedEdge {
    a: GridPoint,
    b: GridPoint,
}

impl RTreeObject for IndexedEdge {
    type Envelope = AABB<[i64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        AABB::from_corners(
            [i64::from(self.a[0]), i64::from(self.a[1])],
            [i64::from(self.b[0]), i64::from(self.b[1])],
        )
    }
}

fn orient(p: GridPoint, q: GridPoint, r: GridPoint) -> i128 {
    let (px, py) = (i128::from(p[0]), i128::from(p[1]));
    (i128::from(q[0]) - px) * (i128::from(r[1]) - py)
        - (i128::from(q[1]) - py) * (i128::from(r[0]) - px)
}

/// Whether `p` lies strictly between `a` and `b` on the segment.
fn strictly_on_segment(p: GridPoint, a: GridPoint, b: GridPoint) -> bool {
    p != a
        && p != b
        && orient(a, b, p) == 0
        && p[0] >= a[0].min(b[0])
        && p[0] <= a[0].max(b[0])
        && p[1] >= a[1].min(b[1])
        && p[1] <= a[1].max(b[1])
}

/// Split points to insert into edges: where edges cross, or where a vertex touches an edge.
fn find_splits(edges: &[Edge]) -> HashMap<Edge, Vec<GridPoint>> {
    let tree = RTree::bulk_load(
        edges
            .iter()
            .map(|&(a, b)| IndexedEdge { a, b })
            .collect::<Vec<_>>(),
    );
    let mut splits: HashMap<Edge, Vec<GridPoint>> = HashMap::new();
    for &(a, b) in edges {
        let env = IndexedEdge { a, b }.envelope();
        for other in tree.locate_in_envelope_intersecting(&env) {
            let (c, d) = (other.a, other.b);
            if (c, d) <= (a, b) {
                continue; // each pair once
            }
            // Vertex of one edge in the interior of the other.
            for (p, (s, t)) in [(c, (a, b)), (d, (a, b)), (a, (c, d)), (b, (c, d))] {
                if strictly_on_segment(p, s, t) {
                    splits.entry((s, t)).or_default().push(p);
                }
            }
            if a == c || a == d || b == c || b == d {
                continue;
            }
            let (o1, o2) = (orient(a, b, c), orient(a, b, d));
            let (o3, o4) = (orient(c, d, a), orient(c, d, b));
            if o1 * o2 < 0 && o3 * o4 < 0 {
                // Proper crossing: intersection rounded to the grid.
                let t = o1 as f64 / (o1 - o2) as f64;
                let x = f64::from(c[0]) + t * (f64::from(d[0]) - f64::from(c[0]));
                let y = f64::from(c[1]) + t * (f64::from(d[1]) - f64::from(c[1]));
                let p = [x.round() as i32, y.round() as i32];
                for (s, t) in [(a, b), (c, d)] {
                    if p != s && p != t {
                        splits.entry((s, t)).or_default().push(p);
                    }
                }
            }
        }
    }
    splits
}

/// Unique undirected edges of all rings, each as (smaller, larger).
fn unique_edges(shapes: &[Vec<PolygonRings>]) -> Vec<Edge> {
    let mut set: HashSet<Edge> = HashSet::new();
    for ring in shapes.iter().flatten().flatten() {
        let n = ring.len();
        for i in 0..n {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            if a != b {
                set.insert(if a < b { (a, b) } else { (b, a) });
            }
        }
    }
    let mut v: Vec<Edge> = set.into_iter().collect();
    v.sort_unstable();
    v
}

fn insert_splits(ring: &mut Vec<GridPoint>, splits: &HashMap<Edge, Vec<GridPoint>>) {
    let n = ring.len();
    let mut out = Vec::with_capacity(n + 4);
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + 1) % n]);
        out.push(a);
        let key = if a < b { (a, b) } else { (b, a) };
        if let Some(points) = splits.get(&key) {
            let mut pts: Vec<GridPoint> = points.clone();
            let d2 = |p: &GridPoint| {
                let dx = i64::from(p[0]) - i64::from(a[0]);
                let dy = i64::from(p[1]) - i64::from(a[1]);
                dx * dx + dy * dy
            };
            pts.sort_by_key(d2);
            pts.dedup();
            out.extend(pts.into_iter().filter(|p| *p != a && *p != b));
        }
    }
    out.dedup();
    *ring = out;
}

/// Inserts intersection points until no two edges cross (a few rounds: rounding an
/// intersection to the grid can create a new crossing nearby). Returns the number of splits.
pub fn node(shapes: &mut [Vec<PolygonRings>]) -> usize {
    let mut total = 0;
    for _round in 0..4 {
        let edges = unique_edges(shapes);
        let splits = find_splits(&edges);
        if splits.is_empty() {
            break;
        }
        total += splits.values().map(Vec::len).sum::<usize>();
        for ring in shapes.iter_mut().flatten().flatten() {
            insert_splits(ring, &splits);
        }
    }
    total
}

struct ShapeBox {
    index: usize,
    env: AABB<[i64; 2]>,
}

impl RTreeObject for ShapeBox {
    type Envelope = AABB<[i64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        self.env
    }
}

/// Directed edges lying inside another shape: edge → indices of the shapes covering it.
pub fn covered_edges(shapes: &[Vec<PolygonRings>]) -> BTreeMap<Edge, Vec<usize>> {
    let boxes: Vec<ShapeBox> = shapes
        .iter()
        .enumerate()
        .filter_map(|(index, polys)| {
            let pts = polys.iter().flatten().flatten();
            let (mut lo, mut hi) = ([i64::MAX; 2], [i64::MIN; 2]);
            for p in pts {
                for k in 0..2 {
                    lo[k] = lo[k].min(i64::from(p[k]) * 2);
                    hi[k] = hi[k].max(i64::from(p[k]) * 2);
                }
            }
            (lo[0] <= hi[0]).then(|| ShapeBox {
                index,
                env: AABB::from_corners(lo, hi),
            })
        })
        .collect();
    let tree = RTree::bulk_load(boxes);
    let mut covered: BTreeMap<Edge, Vec<usize>> = BTreeMap::new();
    for (own, polys) in shapes.iter().enumerate() {
        for ring in polys.iter().flatten() {
            let n = ring.len();
            for i in 0..n {
                let (a, b) = (ring[i], ring[(i + 1) % n]);
                // Midpoint in doubled coordinates stays on the integer grid.
                let m = [
                    i64::from(a[0]) + i64::from(b[0]),
                    i64::from(a[1]) + i64::from(b[1]),
                ];
                for sb in tree.locate_in_envelope_intersecting(&AABB::from_point(m)) {
                    if sb.index == own {
                        continue;
                    }
                    if shape_contains_doubled(&shapes[sb.index], m) {
                        covered.entry((a, b)).or_default().push(sb.index);
                    }
                }
            }
        }
    }
    covered
}

/// Whether a point given in doubled grid coordinates is strictly inside a shape (even-odd over
/// all its rings, and not on any of its edges).
fn shape_contains_doubled(polys: &[PolygonRings], m: [i64; 2]) -> bool {
    let Ok(mx) = i32::try_from(m[0]) else {
        return false;
    };
    let Ok(my) = i32::try_from(m[1]) else {
        return false;
    };
    let p = [mx, my];
    let mut inside = false;
    for ring in polys.iter().flatten() {
        let doubled: Vec<GridPoint> = ring.iter().map(|q| [q[0] * 2, q[1] * 2]).collect();
        let n = doubled.len();
        if (0..n).any(|i| {
            let (a, b) = (doubled[i], doubled[(i + 1) % n]);
            p == a || strictly_on_segment(p, a, b)
        }) {
            return false;
        }
        if point_in_ring(p, &doubled) {
            inside = !inside;
        }
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: i32, y: i32, s: i32) -> Vec<GridPoint> {
        vec![[x, y], [x + s, y], [x + s, y + s], [x, y + s]]
    }

    #[test]
    fn crossing_squares_get_their_intersections() {
        let mut shapes = vec![vec![vec![square(0, 0, 10)]], vec![vec![square(5, 5, 10)]]];
        let n = node(&mut shapes);
        assert_eq!(n, 4, "two crossings, each inserted in two edges");
        assert!(shapes[0][0][0].contains(&[10, 5]));
        assert!(shapes[0][0][0].contains(&[5, 10]));
        assert!(shapes[1][0][0].contains(&[10, 5]));
        // The pieces of each square's outline inside the other are covered.
        let covered = covered_edges(&shapes);
        assert!(covered.contains_key(&([10, 5], [10, 10])));
        assert!(covered.contains_key(&([5, 10], [5, 5])));
        assert!(!covered.contains_key(&([0, 0], [10, 0])));
    }

    #[test]
    fn adjacent_squares_need_no_repair() {
        let mut shapes = vec![vec![vec![square(0, 0, 10)]], vec![vec![square(10, 0, 10)]]];
        assert_eq!(node(&mut shapes), 0);
        assert!(covered_edges(&shapes).is_empty());
    }
}
