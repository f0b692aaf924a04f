//! Building the shared-arc topology from the rings of every layer.
//!
//! All layers are unions of the same commune polygons, so a border between two features is the
//! same chain of grid points in every layer that has it. A junction is a vertex where the union
//! of all borders does not simply pass through (degree other than 2). Cutting every ring at the
//! junctions yields arcs that are identical wherever they are shared; each is stored once.

use std::collections::{HashMap, HashSet};

use super::dissolve::PolygonRings;
use super::simplify::keep_levels;
use crate::model::LayerKind;
use crate::model::geography::topology::{
    ArcRef, GridPoint, TopoArc, TopoFeature, TopoLayer, Topology,
};

/// A layer to put into the topology: features in table order, each as polygons of rings
/// (outer counter-clockwise first, then holes clockwise; rings without closing point).
pub struct LayerInput {
    pub kind: LayerKind,
    pub features: Vec<(String, Vec<PolygonRings>)>,
}

pub fn build_topology(layers: &[LayerInput], tolerances_deg: &[f64]) -> Topology {
    let junctions = find_junctions(layers);
    let mut arc_ids: HashMap<Vec<GridPoint>, u32> = HashMap::new();
    let mut arcs: Vec<TopoArc> = Vec::new();
    let mut topo_layers = Vec::with_capacity(layers.len());
    for layer in layers {
        let mut features = Vec::with_capacity(layer.features.len());
        for (code, polygons) in &layer.features {
            let polygons = polygons
                .iter()
                .map(|rings| {
                    rings
                        .iter()
                        .map(|ring| {
                            split_ring(ring, &junctions)
                                .into_iter()
                                .map(|piece| intern(piece, &mut arc_ids, &mut arcs, tolerances_deg))
                                .collect()
                        })
                        .collect()
                })
                .collect();
            features.push(TopoFeature {
                code: code.clone(),
                polygons,
            });
        }
        topo_layers.push(TopoLayer {
            kind: layer.kind,
            features,
        });
    }
    Topology {
        tolerances_deg: tolerances_deg.to_vec(),
        arcs,
        layers: topo_layers,
    }
}

fn find_junctions(layers: &[LayerInput]) -> HashSet<GridPoint> {
    let mut undirected: HashSet<(GridPoint, GridPoint)> = HashSet::new();
    for layer in layers {
        for (_, polygons) in &layer.features {
            for ring in polygons.iter().flatten() {
                let n = ring.len();
                for i in 0..n {
                    let (a, b) = (ring[i], ring[(i + 1) % n]);
                    if a != b {
                        undirected.insert(if a < b { (a, b) } else { (b, a) });
                    }
                }
            }
        }
    }
    let mut degree: HashMap<GridPoint, u32> = HashMap::new();
    for (a, b) in undirected {
        *degree.entry(a).or_default() += 1;
        *degree.entry(b).or_default() += 1;
    }
    degree
        .into_iter()
        .filter(|&(_, d)| d != 2)
        .map(|(p, _)| p)
        .collect()
}

/// Cuts a ring at its junctions. Each piece includes both end junctions. A ring without any
/// junction is one closed piece starting at its smallest point.
fn split_ring(ring: &[GridPoint], junctions: &HashSet<GridPoint>) -> Vec<Vec<GridPoint>> {
    let n = ring.len();
    let cuts: Vec<usize> = (0..n).filter(|&i| junctions.contains(&ring[i])).collect();
    let start = match cuts.first() {
        Some(&s) => s,
        None => (0..n).min_by_key(|&i| ring[i]).unwrap_or(0),
    };
    let mut pieces = Vec::new();
    let mut piece = vec![ring[start]];
    for step in 1..=n {
        let p = ring[(start + step) % n];
        piece.push(p);
        if step == n || junctions.contains(&p) {
            pieces.push(std::mem::replace(&mut piece, vec![p]));
        }
    }
    pieces
}

/// Returns the reference to the arc for this piece, storing it in its canonical direction the
/// first time it is seen.
fn intern(
    piece: Vec<GridPoint>,
    ids: &mut HashMap<Vec<GridPoint>, u32>,
    arcs: &mut Vec<TopoArc>,
    tolerances_deg: &[f64],
) -> ArcRef {
    let n = piece.len();
    let forward = if piece[0] != piece[n - 1] {
        piece[0] < piece[n - 1]
    } else {
        // Closed loop: canonical direction by its second and penultimate points.
        n < 3 || piece[1] <= piece[n - 2]
    };
    let canonical = if forward {
        piece
    } else {
        piece.into_iter().rev().collect()
    };
    if let Some(&id) = ids.get(&canonical) {
        return ArcRef {
            arc: id,
            reversed: !forward,
        };
    }
    let id = u32::try_from(arcs.len()).unwrap_or(u32::MAX);
    arcs.push(TopoArc {
        keep_from: keep_levels(&canonical, tolerances_deg),
        points: canonical.clone(),
    });
    ids.insert(canonical, id);
    ArcRef {
        arc: id,
        reversed: !forward,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: i32, y: i32, s: i32) -> Vec<GridPoint> {
        vec![[x, y], [x + s, y], [x + s, y + s], [x, y + s]]
    }

    #[test]
    fn shared_border_is_one_arc_walked_both_ways() {
        let layers = [LayerInput {
            kind: LayerKind::Regions,
            features: vec![
                ("A".into(), vec![vec![square(0, 0, 10)]]),
                ("B".into(), vec![vec![square(10, 0, 10)]]),
            ],
        }];
        let t = build_topology(&layers, &[0.0]);
        // Junctions (10,0) and (10,10): arcs = shared border + A's other side + B's other side.
        assert_eq!(t.arcs.len(), 3);
        let a = &t.layers[0].features[0].polygons[0][0];
        let b = &t.layers[0].features[1].polygons[0][0];
        let shared: Vec<&ArcRef> = a
            .iter()
            .filter(|r| b.iter().any(|s| s.arc == r.arc))
            .collect();
        assert_eq!(shared.len(), 1);
        let other = b.iter().find(|s| s.arc == shared[0].arc).expect("shared");
        assert_ne!(other.reversed, shared[0].reversed);
        // Rings rebuild exactly.
        assert_eq!(t.ring_points(a, 0).len(), 5);
        assert_eq!(t.ring_points(b, 0).len(), 5);
    }

    #[test]
    fn isolated_ring_is_a_single_closed_arc() {
        let layers = [LayerInput {
            kind: LayerKind::Regions,
            features: vec![("I".into(), vec![vec![square(5, 5, 3)]])],
        }];
        let t = build_topology(&layers, &[0.0]);
        assert_eq!(t.arcs.len(), 1);
        assert_eq!(t.arcs[0].points.first(), t.arcs[0].points.last());
        let ring = &t.layers[0].features[0].polygons[0][0];
        let pts = t.ring_points(ring, 0);
        assert_eq!(pts.len(), 5);
        assert!(
            super::super::dissolve::signed_area2(&pts[..4]) > 0,
            "orientation kept"
        );
    }

    #[test]
    fn same_border_in_two_layers_is_stored_once() {
        let layers = [
            LayerInput {
                kind: LayerKind::Regions,
                features: vec![("R".into(), vec![vec![square(0, 0, 10)]])],
            },
            LayerInput {
                kind: LayerKind::Departements,
                features: vec![("D".into(), vec![vec![square(0, 0, 10)]])],
            },
        ];
        let t = build_topology(&layers, &[0.0]);
        assert_eq!(t.arcs.len(), 1);
        assert_eq!(t.stored_vertex_count(), 5);
    }
}
