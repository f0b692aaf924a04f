//! Topological geometry: every border is stored once as an arc shared by the features on both
//! sides, with a per-vertex level of detail. Simplifying an arc therefore simplifies both
//! neighbours identically: no slivers, no gaps, at any level.

use geo::{Coord, LineString, MultiPolygon, Polygon};

use crate::model::geography::layer::LayerKind;

/// Coordinates are stored on a grid of 1e-5 degree (about 1 m), as integers.
pub const GRID_PER_DEGREE: f64 = 1e5;

/// A point on the storage grid: `[lon, lat]` in 1e-5 degree.
pub type GridPoint = [i32; 2];

pub fn lonlat_from_grid(p: GridPoint) -> Coord<f64> {
    Coord {
        x: f64::from(p[0]) / GRID_PER_DEGREE,
        y: f64::from(p[1]) / GRID_PER_DEGREE,
    }
}

/// A chain of vertices between two junctions (points where three or more borders meet).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct TopoArc {
    pub points: Vec<GridPoint>,
    /// For each point, the coarsest level of detail in which it is kept (0 = coarsest).
    /// Endpoints are always 0.
    pub keep_from: Vec<u8>,
}

/// A reference to an arc, possibly walked backwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ArcRef {
    pub arc: u32,
    pub reversed: bool,
}

impl ArcRef {
    pub fn to_code(self) -> u64 {
        (u64::from(self.arc) << 1) | u64::from(self.reversed)
    }

    pub fn from_code(code: u64) -> Option<Self> {
        Some(ArcRef {
            arc: u32::try_from(code >> 1).ok()?,
            reversed: code & 1 == 1,
        })
    }
}

/// A ring is a closed sequence of arcs.
pub type TopoRing = Vec<ArcRef>;

/// A feature: polygons, each an outer ring (counter-clockwise) followed by its holes (clockwise).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct TopoFeature {
    /// Code of the feature (territory id, SIREN, INSEE code), matching the tables.
    pub code: String,
    pub polygons: Vec<Vec<TopoRing>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TopoLayer {
    pub kind: LayerKind,
    pub features: Vec<TopoFeature>,
}

/// All arcs and all layers.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Topology {
    /// Simplification tolerance of each level of detail, in degrees (coarse first; the last
    /// level is 0: full detail).
    pub tolerances_deg: Vec<f64>,
    pub arcs: Vec<TopoArc>,
    pub layers: Vec<TopoLayer>,
}

impl Topology {
    pub fn lod_count(&self) -> usize {
        self.tolerances_deg.len()
    }

    /// The full-detail level.
    pub fn finest_lod(&self) -> u8 {
        u8::try_from(self.lod_count().saturating_sub(1)).unwrap_or(u8::MAX)
    }

    pub fn layer(&self, kind: LayerKind) -> Option<&TopoLayer> {
        self.layers.iter().find(|l| l.kind == kind)
    }

    /// Vertices of a ring at a level of detail, closed (first == last), in grid units.
    /// Rings that collapse below a triangle at that level come back with fewer than 4 points.
    pub fn ring_points(&self, ring: &[ArcRef], lod: u8) -> Vec<GridPoint> {
        let mut out: Vec<GridPoint> = Vec::new();
        for r in ring {
            let Some(arc) = self.arcs.get(r.arc as usize) else {
                continue;
            };
            let n = arc.points.len();
            let mut push = |i: usize| {
                if arc.keep_from.get(i).is_some_and(|&k| k <= lod)
                    && let Some(&p) = arc.points.get(i)
                    && out.last() != Some(&p)
                {
                    out.push(p);
                }
            };
            if r.reversed {
                (0..n).rev().for_each(&mut push);
            } else {
                (0..n).for_each(&mut push);
            }
        }
        if let (Some(&first), Some(&last)) = (out.first(), out.last())
            && first != last
        {
            out.push(first);
        }
        out
    }

    /// Number of distinct vertices a feature has at a level of detail.
    pub fn feature_vertex_count(&self, feature: &TopoFeature, lod: u8) -> usize {
        feature
            .polygons
            .iter()
            .flatten()
            .map(|ring| self.ring_points(ring, lod).len().saturating_sub(1))
            .sum()
    }

    /// The feature as a WGS84 lon/lat multipolygon at a level of detail. Rings that collapse
    /// at that level are dropped (a polygon whose outer ring collapses is dropped whole).
    pub fn multipolygon(&self, feature: &TopoFeature, lod: u8) -> MultiPolygon<f64> {
        let mut polygons = Vec::with_capacity(feature.polygons.len());
        for rings in &feature.polygons {
            let mut iter = rings.iter();
            let Some(outer) = iter.next() else { continue };
            let outer = self.ring_points(outer, lod);
            if outer.len() < 4 {
                continue;
            }
            let holes: Vec<LineString<f64>> = iter
                .map(|h| self.ring_points(h, lod))
                .filter(|h| h.len() >= 4)
                .map(line_string_from_grid)
                .collect();
            polygons.push(Polygon::new(line_string_from_grid(outer), holes));
        }
        MultiPolygon(polygons)
    }

    /// Every arc vertex count summed (each shared border once).
    pub fn stored_vertex_count(&self) -> usize {
        self.arcs.iter().map(|a| a.points.len()).sum()
    }
}

fn line_string_from_grid(points: Vec<GridPoint>) -> LineString<f64> {
    LineString(points.into_iter().map(lonlat_from_grid).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arc(points: &[GridPoint], keep: &[u8]) -> TopoArc {
        TopoArc {
            points: points.to_vec(),
            keep_from: keep.to_vec(),
        }
    }

    /// Two unit squares side by side sharing the arc x = 10.
    fn two_squares() -> Topology {
        let shared = arc(&[[10, 0], [10, 5], [10, 10]], &[0, 1, 0]);
        let left = arc(&[[10, 10], [0, 10], [0, 0], [10, 0]], &[0, 0, 0, 0]);
        let right = arc(&[[10, 0], [20, 0], [20, 10], [10, 10]], &[0, 0, 0, 0]);
        let f = |code: &str, refs: Vec<ArcRef>| TopoFeature {
            code: code.into(),
            polygons: vec![vec![refs]],
        };
        let r = |arc, reversed| ArcRef { arc, reversed };
        Topology {
            tolerances_deg: vec![1.0, 0.0],
            arcs: vec![shared, left, right],
            layers: vec![TopoLayer {
                kind: LayerKind::Regions,
                features: vec![
                    f("L", vec![r(0, false), r(1, false)]),
                    f("R", vec![r(2, false), r(0, true)]),
                ],
            }],
        }
    }

    #[test]
    fn shared_arc_is_walked_both_ways_and_filtered_by_level() {
        let t = two_squares();
        let layer = t.layer(LayerKind::Regions).expect("layer");
        let left = &layer.features[0].polygons[0][0];
        let right = &layer.features[1].polygons[0][0];
        assert_eq!(
            t.ring_points(left, 1),
            vec![[10, 0], [10, 5], [10, 10], [0, 10], [0, 0], [10, 0]]
        );
        assert_eq!(
            t.ring_points(left, 0),
            vec![[10, 0], [10, 10], [0, 10], [0, 0], [10, 0]]
        );
        assert_eq!(
            t.ring_points(right, 1),
            vec![[10, 0], [20, 0], [20, 10], [10, 10], [10, 5], [10, 0]]
        );
        assert_eq!(t.feature_vertex_count(&layer.features[1], 0), 4);
        assert_eq!(t.feature_vertex_count(&layer.features[1], 1), 5);
    }

    #[test]
    fn multipolygon_is_in_degrees() {
        use geo::Area as _;
        let t = two_squares();
        let layer = t.layer(LayerKind::Regions).expect("layer");
        let mp = t.multipolygon(&layer.features[0], 1);
        assert!((mp.unsigned_area() - 1e-8).abs() < 1e-15);
    }

    #[test]
    fn arc_ref_code_round_trip() {
        for r in [
            ArcRef {
                arc: 0,
                reversed: false,
            },
            ArcRef {
                arc: 7,
                reversed: true,
            },
            ArcRef {
                arc: u32::MAX,
                reversed: true,
            },
        ] {
            assert_eq!(ArcRef::from_code(r.to_code()), Some(r));
        }
    }
}
