//! Polygon fill tessellation (lyon, even-odd) into local f32 coordinates around an f64 origin.

use geo::MultiPolygon;
use lyon_tessellation::{
    BuffersBuilder, FillOptions, FillRule, FillTessellator, FillVertex, VertexBuffers, math::point,
    path::Path,
};

use crate::carto::world_from_lonlat;

/// Local tessellation units per world unit (pixels at zoom 12): f32 offsets from each feature's
/// f64 origin stay sub-pixel precise at zoom 18.
pub const LOCAL_UNITS_PER_WORLD: f64 = 256.0 * 4096.0;

/// Triangles in local units (see [`super::mesh_cache`]) relative to a feature's world origin.
#[derive(Clone, Debug, Default)]
pub struct LocalMesh {
    pub positions: Vec<[f32; 2]>,
    pub indices: Vec<u32>,
}

impl LocalMesh {
    /// Sum of the triangle areas, in square local units.
    #[cfg(test)]
    pub fn area(&self) -> f64 {
        self.indices
            .chunks_exact(3)
            .map(|t| {
                let p = |i: u32| {
                    self.positions
                        .get(i as usize)
                        .map_or([0.0, 0.0], |q| [f64::from(q[0]), f64::from(q[1])])
                };
                let (a, b, c) = (p(t[0]), p(t[1]), p(t[2]));
                0.5 * ((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])).abs()
            })
            .sum()
    }
}

/// The rings (exteriors and holes) of a multipolygon in local units relative to `origin_world`,
/// without the closing point; rings with fewer than three points are dropped.
pub fn local_rings(geometry: &MultiPolygon<f64>, origin_world: [f64; 2]) -> Vec<Vec<[f32; 2]>> {
    let to_local = |c: &geo::Coord<f64>| {
        let w = world_from_lonlat((*c).into());
        [
            ((w[0] - origin_world[0]) * LOCAL_UNITS_PER_WORLD) as f32,
            ((w[1] - origin_world[1]) * LOCAL_UNITS_PER_WORLD) as f32,
        ]
    };
    let mut rings = Vec::new();
    for polygon in geometry {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            let mut points: Vec<[f32; 2]> = ring.0.iter().map(to_local).collect();
            if points.len() > 1 && points.first() == points.last() {
                points.pop();
            }
            points.dedup();
            if points.len() >= 3 {
                rings.push(points);
            }
        }
    }
    rings
}

/// Even-odd fill of `rings` (exteriors and holes alike): concave rings and holes are handled.
pub fn tessellate_rings(
    tessellator: &mut FillTessellator,
    rings: &[Vec<[f32; 2]>],
) -> Result<LocalMesh, lyon_tessellation::TessellationError> {
    let mut builder = Path::builder();
    for ring in rings {
        let mut points = ring.iter();
        let Some(first) = points.next() else { continue };
        builder.begin(point(first[0], first[1]));
        for p in points {
            builder.line_to(point(p[0], p[1]));
        }
        builder.end(true);
    }
    let path = builder.build();
    let mut buffers: VertexBuffers<[f32; 2], u32> = VertexBuffers::new();
    let options = FillOptions::default().with_fill_rule(FillRule::EvenOdd);
    tessellator.tessellate_path(
        &path,
        &options,
        &mut BuffersBuilder::new(&mut buffers, |v: FillVertex<'_>| v.position().to_array()),
    )?;
    // The buffers grew by doubling: kept for the app's life, they are trimmed to their length
    // (a fifth of the meshes' memory).
    buffers.vertices.shrink_to_fit();
    buffers.indices.shrink_to_fit();
    Ok(LocalMesh {
        positions: buffers.vertices,
        indices: buffers.indices,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn shoelace(ring: &[[f32; 2]]) -> f64 {
        let n = ring.len();
        (0..n)
            .map(|i| {
                let a = ring[i];
                let b = ring[(i + 1) % n];
                f64::from(a[0]) * f64::from(b[1]) - f64::from(b[0]) * f64::from(a[1])
            })
            .sum::<f64>()
            / 2.0
    }

    /// A "U" (concave) with a square hole in its base.
    fn u_with_hole() -> Vec<Vec<[f32; 2]>> {
        let outer = vec![
            [0.0, 0.0],
            [30.0, 0.0],
            [30.0, 30.0],
            [20.0, 30.0],
            [20.0, 10.0],
            [10.0, 10.0],
            [10.0, 30.0],
            [0.0, 30.0],
        ];
        let hole = vec![[2.0, 2.0], [2.0, 6.0], [6.0, 6.0], [6.0, 2.0]];
        vec![outer, hole]
    }

    #[test]
    fn concave_polygon_with_hole_area() {
        let rings = u_with_hole();
        let expected = shoelace(&rings[0]).abs() - shoelace(&rings[1]).abs();
        assert_eq!(expected, 900.0 - 200.0 - 16.0);
        let mesh = tessellate_rings(&mut FillTessellator::new(), &rings).expect("tessellates");
        let area = mesh.area();
        assert!(
            (area - expected).abs() / expected < 1e-6,
            "{area} vs {expected}"
        );
        // No triangle covers the hole or the notch of the U.
        for t in mesh.indices.chunks_exact(3) {
            let c = t.iter().fold([0.0f32; 2], |acc, &i| {
                let p = mesh.positions[i as usize];
                [acc[0] + p[0] / 3.0, acc[1] + p[1] / 3.0]
            });
            let in_hole = (2.0..6.0).contains(&c[0]) && (2.0..6.0).contains(&c[1]);
            let in_notch = (10.0..20.0).contains(&c[0]) && c[1] > 10.0;
            assert!(!in_hole && !in_notch, "triangle centroid {c:?}");
        }
    }

    #[test]
    fn rings_drop_closing_point_and_degenerate_rings() {
        let poly = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 0.0)];
        let sliver = polygon![(x: 5.0, y: 5.0), (x: 6.0, y: 5.0), (x: 5.0, y: 5.0)];
        let rings = local_rings(
            &MultiPolygon(vec![poly, sliver]),
            world_from_lonlat((0.0, 0.0).into()),
        );
        assert_eq!(rings.len(), 1);
        assert_eq!(rings[0].len(), 3);
        assert_eq!(rings[0][0], [0.0, 0.0]);
        // One degree east at zoom 12 is 256·4096/360 local units; north is negative y.
        assert!((rings[0][1][0] - 2912.71).abs() < 0.01, "{:?}", rings[0][1]);
        assert!(rings[0][2][1] < -2900.0);
    }
}
