//! Dissolving polygons that share exact borders (communes into territories, EPCI, départements…).
//!
//! Every ring is oriented with its interior on the left (outer rings counter-clockwise, holes
//! clockwise). A border between two members appears once in each direction and cancels; what
//! is left is the outline of the union, chained into rings by always taking the leftmost turn,
//! which yields simple rings even where the outline touches itself at a point.

use std::collections::{BTreeMap, HashSet};

use crate::model::geography::topology::GridPoint;

/// A ring without the closing point.
pub type Ring = Vec<GridPoint>;
/// An outer ring followed by its holes.
pub type PolygonRings = Vec<Ring>;

/// Twice the signed area (positive for counter-clockwise), in grid units².
pub fn signed_area2(ring: &[GridPoint]) -> i128 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let a = ring[i];
            let b = ring[(i + 1) % n];
            i128::from(a[0]) * i128::from(b[1]) - i128::from(b[0]) * i128::from(a[1])
        })
        .sum()
}

/// Orients an outer ring counter-clockwise or a hole clockwise, in place.
pub fn orient(ring: &mut Ring, outer: bool) {
    let ccw = signed_area2(ring) > 0;
    if ccw != outer {
        ring.reverse();
    }
}

/// The union of polygons that share exact borders. Input rings must be oriented (see [`orient`]).
/// Output: polygons with outer rings counter-clockwise and holes clockwise, in a deterministic
/// order (largest outer ring first).
pub fn dissolve<'a>(polygons: impl IntoIterator<Item = &'a PolygonRings>) -> Vec<PolygonRings> {
    dissolve_with(polygons, &|_, _| false)
}

/// Like [`dissolve`], skipping the directed edges for which `inside(a, b)` says that they lie
/// inside another member (see `noding::covered_edges`).
pub fn dissolve_with<'a>(
    polygons: impl IntoIterator<Item = &'a PolygonRings>,
    inside: &dyn Fn(GridPoint, GridPoint) -> bool,
) -> Vec<PolygonRings> {
    let mut edges: HashSet<(GridPoint, GridPoint)> = HashSet::new();
    for poly in polygons {
        for ring in poly {
            let n = ring.len();
            for i in 0..n {
                let a = ring[i];
                let b = ring[(i + 1) % n];
                if a == b || inside(a, b) {
                    continue;
                }
                if !edges.remove(&(b, a)) {
                    edges.insert((a, b));
                }
            }
        }
    }
    let rings = chain_rings(edges);
    assemble(rings)
}

/// Chains directed edges into closed rings, turning as far left as possible at each vertex.
fn chain_rings(edges: HashSet<(GridPoint, GridPoint)>) -> Vec<Ring> {
    let mut outgoing: BTreeMap<GridPoint, Vec<GridPoint>> = BTreeMap::new();
    for &(a, b) in &edges {
        outgoing.entry(a).or_default().push(b);
    }
    for v in outgoing.values_mut() {
        v.sort_unstable();
    }
    let mut rings = Vec::new();
    // Deterministic start: the smallest remaining vertex.
    while let Some((&start, _)) = outgoing.iter().find(|(_, v)| !v.is_empty()) {
        let Some(first_next) = take_out(&mut outgoing, start, None) else {
            break;
        };
        let mut ring = vec![start];
        let mut prev = start;
        let mut cur = first_next;
        // Bounded walk: a ring cannot be longer than the number of edges.
        for _ in 0..=edges.len() {
            if cur == start && closes_here(&outgoing, start, prev, first_next) {
                break;
            }
            ring.push(cur);
            let Some(next) = take_out(&mut outgoing, cur, Some(prev)) else {
                break;
            };
            prev = cur;
            cur = next;
        }
        for r in split_at_repeats(ring) {
            if r.len() >= 3 {
                rings.push(r);
            }
        }
    }
    rings
}

/// Splits a closed walk that passes through a vertex more than once into simple rings. The
/// walk around a face whose hole touches its outline at a point comes back to that point; OGC
/// wants the outline and the hole as two rings.
fn split_at_repeats(walk: Ring) -> Vec<Ring> {
    let mut out = Vec::new();
    let mut stack: Ring = Vec::with_capacity(walk.len());
    let mut position: std::collections::HashMap<GridPoint, usize> =
        std::collections::HashMap::new();
    for p in walk {
        if let Some(&i) = position.get(&p) {
            let lp: Ring = stack.drain(i + 1..).collect();
            for q in &lp {
                position.remove(q);
            }
            let mut lp_ring = vec![p];
            lp_ring.extend(lp);
            out.push(lp_ring);
        } else {
            position.insert(p, stack.len());
            stack.push(p);
        }
    }
    out.push(stack);
    out
}

/// Back at the start vertex: the ring closes unless another edge there turns further left
/// than the ring's first edge (the outline touches itself at its start).
fn closes_here(
    outgoing: &BTreeMap<GridPoint, Vec<GridPoint>>,
    start: GridPoint,
    prev: GridPoint,
    first_next: GridPoint,
) -> bool {
    let others = outgoing.get(&start).map(Vec::as_slice).unwrap_or_default();
    let first_turn = turn_angle(prev, start, first_next);
    others
        .iter()
        .all(|&o| turn_angle(prev, start, o) <= first_turn)
}

/// Signed turn from the direction `from → at` to `at → to`, counter-clockwise positive.
fn turn_angle(from: GridPoint, at: GridPoint, to: GridPoint) -> f64 {
    let din = (
        f64::from(at[0]) - f64::from(from[0]),
        f64::from(at[1]) - f64::from(from[1]),
    );
    let dout = (
        f64::from(to[0]) - f64::from(at[0]),
        f64::from(to[1]) - f64::from(at[1]),
    );
    let cross = din.0 * dout.1 - din.1 * dout.0;
    let dot = din.0 * dout.0 + din.1 * dout.1;
    cross.atan2(dot)
}

/// Removes and returns the outgoing edge of `at` that turns most to the left coming from `from`.
fn take_out(
    outgoing: &mut BTreeMap<GridPoint, Vec<GridPoint>>,
    at: GridPoint,
    from: Option<GridPoint>,
) -> Option<GridPoint> {
    let list = outgoing.get_mut(&at)?;
    if list.is_empty() {
        return None;
    }
    let idx = match from {
        Some(from) if list.len() > 1 => {
            let mut best = 0;
            for i in 1..list.len() {
                if turn_angle(from, at, list[i]) > turn_angle(from, at, list[best]) {
                    best = i;
                }
            }
            best
        }
        _ => 0,
    };
    Some(list.remove(idx))
}

/// Sorts rings into outers (counter-clockwise) and holes, and puts each hole in the smallest
/// outer ring that contains it.
fn assemble(rings: Vec<Ring>) -> Vec<PolygonRings> {
    let (mut outers, holes): (Vec<Ring>, Vec<Ring>) =
        rings.into_iter().partition(|r| signed_area2(r) > 0);
    outers.sort_by(|a, b| signed_area2(b).cmp(&signed_area2(a)).then(a.cmp(b)));
    let mut polygons: Vec<PolygonRings> = outers.into_iter().map(|o| vec![o]).collect();
    // Smallest containing outer: scan from the smallest.
    for hole in holes {
        let target = (0..polygons.len())
            .rev()
            .find(|&i| ring_contains_ring(&polygons[i][0], &hole));
        match target {
            Some(i) => polygons[i].push(hole),
            // A hole with no outer cannot come from valid input; keep the data visible rather
            // than silently drop it: as its own (reversed) polygon.
            None => {
                let mut r = hole;
                r.reverse();
                polygons.push(vec![r]);
            }
        }
    }
    for p in &mut polygons {
        if let Some((_, holes)) = p.split_first_mut() {
            holes.sort();
        }
    }
    polygons
}

/// Whether `inner` lies inside `outer`: tests the first vertex of `inner` that is not a vertex
/// of `outer` (rings may touch at points).
fn ring_contains_ring(outer: &[GridPoint], inner: &[GridPoint]) -> bool {
    let on_outer: HashSet<GridPoint> = outer.iter().copied().collect();
    match inner.iter().find(|p| !on_outer.contains(*p)) {
        Some(&p) => point_in_ring(p, outer),
        None => false,
    }
}

/// Even-odd ray casting, exact on the integer grid.
pub fn point_in_ring(p: GridPoint, ring: &[GridPoint]) -> bool {
    let (px, py) = (i64::from(p[0]), i64::from(p[1]));
    let n = ring.len();
    let mut inside = false;
    let mut j = n.wrapping_sub(1);
    for i in 0..n {
        let (xi, yi) = (i64::from(ring[i][0]), i64::from(ring[i][1]));
        let (xj, yj) = (i64::from(ring[j][0]), i64::from(ring[j][1]));
        if (yi > py) != (yj > py) {
            // x of the crossing compared with px, without division.
            let lhs = (px - xi) * (yj - yi);
            let rhs = (xj - xi) * (py - yi);
            if (yj > yi && lhs < rhs) || (yj < yi && lhs > rhs) {
                inside = !inside;
            }
        }
        j = i;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: i32, y: i32, s: i32) -> Ring {
        vec![[x, y], [x + s, y], [x + s, y + s], [x, y + s]]
    }

    #[test]
    fn two_adjacent_squares_become_one_rectangle() {
        let a = vec![square(0, 0, 10)];
        let b = vec![square(10, 0, 10)];
        let out = dissolve([&a, &b]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].len(), 1);
        assert_eq!(signed_area2(&out[0][0]), 2 * 200);
    }

    #[test]
    fn ring_of_eight_squares_leaves_a_hole() {
        let mut parts = Vec::new();
        for (x, y) in [
            (0, 0),
            (10, 0),
            (20, 0),
            (0, 10),
            (20, 10),
            (0, 20),
            (10, 20),
            (20, 20),
        ] {
            parts.push(vec![square(x, y, 10)]);
        }
        let out = dissolve(parts.iter());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].len(), 2, "outer + hole");
        assert_eq!(signed_area2(&out[0][0]), 2 * 900);
        assert_eq!(signed_area2(&out[0][1]), -2 * 100);
    }

    #[test]
    fn squares_touching_at_a_corner_stay_two_simple_rings() {
        let a = vec![square(0, 0, 10)];
        let b = vec![square(10, 10, 10)];
        let out = dissolve([&a, &b]);
        assert_eq!(out.len(), 2);
        for p in &out {
            assert_eq!(p[0].len(), 4, "each ring is a simple square: {p:?}");
        }
    }

    #[test]
    fn island_in_a_hole_is_its_own_polygon() {
        // A frame of 8 squares plus the enclosed square of another member → no hole.
        let mut parts = Vec::new();
        for (x, y) in [
            (0, 0),
            (10, 0),
            (20, 0),
            (0, 10),
            (20, 10),
            (0, 20),
            (10, 20),
            (20, 20),
        ] {
            parts.push(vec![square(x, y, 10)]);
        }
        let frame = dissolve(parts.iter());
        // Outer 30x30 with a 10x10 hole, plus a 2x2 island in the hole.
        let mut with_island = frame.clone();
        with_island.push(vec![square(14, 14, 2)]);
        let out = dissolve(with_island.iter());
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].len(), 2);
        assert_eq!(out[1].len(), 1);
    }

    #[test]
    fn outline_touching_itself_at_its_start_vertex_is_split() {
        // (0,0) is the smallest vertex and the point where both parts touch.
        let a = vec![square(0, 0, 10)];
        let mut tri: Ring = vec![[0, 0], [10, -5], [5, -10]];
        orient(&mut tri, true);
        let b = vec![tri];
        let out = dissolve([&a, &b]);
        assert_eq!(out.len(), 2, "{out:?}");
        let mut sizes: Vec<usize> = out.iter().map(|p| p[0].len()).collect();
        sizes.sort();
        assert_eq!(sizes, vec![3, 4]);
    }

    #[test]
    fn hole_touching_the_outline_becomes_a_separate_hole() {
        // A 30x30 square with a triangular notch-hole touching its bottom edge at (15, 0).
        let walk: Ring = vec![
            [0, 0],
            [15, 0],
            [12, 10],
            [18, 10],
            [15, 0],
            [30, 0],
            [30, 30],
            [0, 30],
        ];
        let rings = split_at_repeats(walk);
        assert_eq!(rings.len(), 2, "{rings:?}");
        let areas: Vec<i128> = rings.iter().map(|r| signed_area2(r)).collect();
        assert!(
            areas.iter().any(|&a| a > 0) && areas.iter().any(|&a| a < 0),
            "{areas:?}"
        );
        assert!(rings.iter().all(|r| {
            let mut s = r.clone();
            s.sort();
            s.dedup();
            s.len() == r.len()
        }));
    }

    #[test]
    fn point_in_ring_on_grid() {
        let r = square(0, 0, 10);
        assert!(point_in_ring([5, 5], &r));
        assert!(!point_in_ring([15, 5], &r));
        assert!(!point_in_ring([-1, 5], &r));
    }

    #[test]
    fn orient_makes_outer_ccw_and_hole_cw() {
        let mut r = square(0, 0, 10);
        r.reverse();
        orient(&mut r, true);
        assert!(signed_area2(&r) > 0);
        orient(&mut r, false);
        assert!(signed_area2(&r) < 0);
    }
}
