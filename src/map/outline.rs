//! Outlines: shared borders de-duplicated once at build time, and a cheap per-frame
//! anti-aliased stroke mesh (feathered quads) instead of egui's general path stroker.

use std::collections::HashSet;

use egui::{Color32, Mesh, Pos2, Stroke, epaint::Vertex, pos2};
use geo::MultiPolygon;

/// A piece of outline in local units (see [`super::mesh_cache`]), with its miter normals: the
/// view scales local units uniformly, so the normals hold at every zoom and the frame only
/// moves points along them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Polyline {
    pub points: Vec<[f32; 2]>,
    pub closed: bool,
    pub normals: Vec<[f32; 2]>,
}

impl Polyline {
    fn new(points: Vec<[f32; 2]>, closed: bool) -> Self {
        let pts: Vec<Pos2> = points.iter().map(|p| pos2(p[0], p[1])).collect();
        let mut normals = Vec::with_capacity(pts.len());
        miter_normals(&pts, closed && pts.len() > 2, &mut normals);
        Polyline {
            normals: normals.iter().map(|n| [n.x, n.y]).collect(),
            points,
            closed,
        }
    }
}

/// An undirected segment, keyed by the exact bits of its lon/lat end points.
type SegmentKey = ([u64; 2], [u64; 2]);

fn segment_key(a: geo::Coord<f64>, b: geo::Coord<f64>) -> SegmentKey {
    let ka = [a.x.to_bits(), a.y.to_bits()];
    let kb = [b.x.to_bits(), b.y.to_bits()];
    if ka <= kb { (ka, kb) } else { (kb, ka) }
}

/// The outline of `geometry` minus every segment already in `seen` (drawn by an earlier
/// feature: neighbours share their borders exactly), as polylines in local units.
pub fn unique_outline(
    geometry: &MultiPolygon<f64>,
    seen: &mut HashSet<SegmentKey>,
    to_local: impl Fn(geo::Coord<f64>) -> [f32; 2],
) -> Vec<Polyline> {
    let mut out = Vec::new();
    for polygon in geometry {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            let mut pieces: Vec<Polyline> = Vec::new();
            let mut current: Vec<[f32; 2]> = Vec::new();
            let mut first_piece_at_start = false;
            let mut segments = 0usize;
            let mut new_segments = 0usize;
            for (i, w) in ring.0.windows(2).enumerate() {
                let (a, b) = (w[0], w[1]);
                if a == b {
                    continue;
                }
                segments += 1;
                if seen.insert(segment_key(a, b)) {
                    new_segments += 1;
                    if current.is_empty() {
                        first_piece_at_start |= pieces.is_empty() && i == 0;
                        current.push(to_local(a));
                    }
                    current.push(to_local(b));
                } else if !current.is_empty() {
                    pieces.push(Polyline::new(std::mem::take(&mut current), false));
                }
            }
            if segments > 0 && new_segments == segments {
                // The whole ring is new: one closed polyline (drop the repeated start point).
                current.pop();
                if current.len() >= 2 {
                    out.push(Polyline::new(current, true));
                }
                continue;
            }
            if !current.is_empty() {
                // The last piece runs to the ring's end: join it to a first piece starting at index 0.
                if first_piece_at_start && !pieces.is_empty() {
                    let first = pieces.remove(0);
                    current.extend(first.points.into_iter().skip(1));
                }
                pieces.push(Polyline::new(current, false));
            }
            out.extend(pieces);
        }
    }
    out
}

/// Builds anti-aliased stroke triangles into one egui mesh (untextured).
#[derive(Default)]
pub struct StrokeBuilder {
    scratch: Vec<Pos2>,
    normals: Vec<egui::Vec2>,
}

/// Points closer than this to the previous kept point (in screen pixels) are skipped.
const MIN_SEGMENT_PX: f32 = 0.7;
/// Width of the anti-aliasing fringe in pixels.
const FEATHER_PX: f32 = 1.0;

impl StrokeBuilder {
    /// Appends a polyline given in screen space by `points` (closed joins the last point to the first).
    pub fn add(
        &mut self,
        mesh: &mut Mesh,
        points: impl Iterator<Item = Pos2>,
        closed: bool,
        stroke: Stroke,
    ) {
        if stroke.width <= 0.0 || stroke.color == Color32::TRANSPARENT {
            return;
        }
        self.scratch.clear();
        for p in points {
            match self.scratch.last() {
                Some(last) if (p - *last).length_sq() < MIN_SEGMENT_PX * MIN_SEGMENT_PX => {}
                _ => self.scratch.push(p),
            }
        }
        if closed
            && self.scratch.len() > 2
            && let (Some(first), Some(last)) = (self.scratch.first(), self.scratch.last())
            && (*last - *first).length_sq() < MIN_SEGMENT_PX * MIN_SEGMENT_PX
        {
            self.scratch.pop();
        }
        let n = self.scratch.len();
        if n < 2 {
            return;
        }
        let closed = closed && n > 2;
        miter_normals(&self.scratch, closed, &mut self.normals);
        let band = self
            .scratch
            .iter()
            .zip(&self.normals)
            .map(|(p, n)| (*p, *n));
        emit(mesh, band, n, closed, stroke);
    }

    /// Appends an outline prepared at build time (points in local units with their normals),
    /// placed at `base` and scaled by `scale`: no normal is computed in the frame.
    pub fn add_prepared(
        &mut self,
        mesh: &mut Mesh,
        line: &Polyline,
        base: Pos2,
        scale: f32,
        stroke: Stroke,
    ) {
        let n = line.points.len().min(line.normals.len());
        if stroke.width <= 0.0 || stroke.color == Color32::TRANSPARENT || n < 2 {
            return;
        }
        let band = line.points.iter().zip(&line.normals).map(|(p, nrm)| {
            (
                screen_from_local(base, scale, *p),
                egui::vec2(nrm[0], nrm[1]),
            )
        });
        emit(mesh, band, n, line.closed && n > 2, stroke);
    }
}

/// The band's vertices and triangles for `n` points with their normals.
fn emit(
    mesh: &mut Mesh,
    band: impl Iterator<Item = (Pos2, egui::Vec2)>,
    n: usize,
    closed: bool,
    stroke: Stroke,
) {
    let thin = stroke.width <= 1.0;
    let (inner, outer, color) = if thin {
        (0.0, FEATHER_PX, stroke.color.gamma_multiply(stroke.width))
    } else {
        let inner = 0.5 * stroke.width - 0.5 * FEATHER_PX;
        (inner, inner + FEATHER_PX, stroke.color)
    };
    let per_point: u32 = if thin { 3 } else { 4 };
    let base = mesh.vertices.len() as u32;
    let vertex = |pos: Pos2, color: Color32| Vertex {
        pos,
        uv: egui::epaint::WHITE_UV,
        color,
    };
    mesh.vertices.reserve(n * per_point as usize);
    for (p, nrm) in band.take(n) {
        if thin {
            mesh.vertices
                .push(vertex(p + nrm * outer, Color32::TRANSPARENT));
            mesh.vertices.push(vertex(p, color));
            mesh.vertices
                .push(vertex(p - nrm * outer, Color32::TRANSPARENT));
        } else {
            mesh.vertices
                .push(vertex(p + nrm * outer, Color32::TRANSPARENT));
            mesh.vertices.push(vertex(p + nrm * inner, color));
            mesh.vertices.push(vertex(p - nrm * inner, color));
            mesh.vertices
                .push(vertex(p - nrm * outer, Color32::TRANSPARENT));
        }
    }
    let segments = if closed { n } else { n - 1 };
    mesh.indices
        .reserve(segments * (per_point as usize - 1) * 6);
    for s in 0..segments {
        let a = base + (s as u32) * per_point;
        let b = base + (((s + 1) % n) as u32) * per_point;
        for k in 0..per_point - 1 {
            mesh.indices
                .extend_from_slice(&[a + k, b + k, a + k + 1, a + k + 1, b + k, b + k + 1]);
        }
    }
}

/// Miter normals of `pts` into `out` (scaled so the band keeps its width at joins, clamped at
/// sharp corners).
fn miter_normals(pts: &[Pos2], closed: bool, out: &mut Vec<egui::Vec2>) {
    let n = pts.len();
    out.clear();
    let seg_normal = |a: Pos2, b: Pos2| {
        let d = (b - a).normalized();
        egui::vec2(d.y, -d.x)
    };
    for i in 0..n {
        let prev = if i > 0 {
            Some(i - 1)
        } else if closed {
            Some(n - 1)
        } else {
            None
        };
        let next = if i + 1 < n {
            Some(i + 1)
        } else if closed {
            Some(0)
        } else {
            None
        };
        let p = pts[i];
        let normal = match (prev, next) {
            (Some(pi), Some(ni)) => {
                let n0 = seg_normal(pts[pi], p);
                let n1 = seg_normal(p, pts[ni]);
                let sum = n0 + n1;
                let len = sum.length();
                if len < 1e-3 {
                    n0
                } else {
                    let m = sum / len;
                    // 1/cos(half angle), at most 2 (a blunt corner instead of a long spike).
                    m / m.dot(n0).max(0.5)
                }
            }
            (Some(pi), None) => seg_normal(pts[pi], p),
            (None, Some(ni)) => seg_normal(p, pts[ni]),
            (None, None) => egui::Vec2::ZERO,
        };
        out.push(normal);
    }
}

/// Screen position of a local point: `base + local · scale`.
#[inline]
pub fn screen_from_local(base: Pos2, scale: f32, p: [f32; 2]) -> Pos2 {
    pos2(base.x + p[0] * scale, base.y + p[1] * scale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn to_local(c: geo::Coord<f64>) -> [f32; 2] {
        [c.x as f32, c.y as f32]
    }

    #[test]
    fn shared_border_is_kept_once() {
        // Two unit squares sharing the edge x = 1.
        let left = MultiPolygon(vec![
            polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 1.), (x: 0., y: 1.), (x: 0., y: 0.)],
        ]);
        let right = MultiPolygon(vec![
            polygon![(x: 1., y: 0.), (x: 2., y: 0.), (x: 2., y: 1.), (x: 1., y: 1.), (x: 1., y: 0.)],
        ]);
        let mut seen = HashSet::new();
        let a = unique_outline(&left, &mut seen, to_local);
        assert_eq!(
            a,
            vec![Polyline::new(
                vec![[0., 0.], [1., 0.], [1., 1.], [0., 1.]],
                true
            )]
        );
        // The square's corners: normals at 45° scaled to keep the band's width (√2).
        let corner = a[0].normals[0];
        assert!((corner[0].abs() - 1.0).abs() < 1e-6 && (corner[1].abs() - 1.0).abs() < 1e-6);
        let b = unique_outline(&right, &mut seen, to_local);
        // The shared edge (1,1)-(1,0) is the ring's last segment: one open piece remains.
        assert_eq!(
            b,
            vec![Polyline::new(
                vec![[1., 0.], [2., 0.], [2., 1.], [1., 1.]],
                false
            )]
        );
        let segments: usize = a
            .iter()
            .chain(&b)
            .map(|p| p.points.len() - usize::from(!p.closed))
            .sum();
        assert_eq!(segments, 7);
    }

    #[test]
    fn pieces_wrapping_the_ring_start_are_joined() {
        let first = MultiPolygon(vec![
            polygon![(x: 2., y: 0.), (x: 2., y: 2.), (x: 1., y: 2.), (x: 2., y: 0.)],
        ]);
        // Square whose middle edge (2,0)-(2,2) was already drawn.
        let square = MultiPolygon(vec![
            polygon![(x: 0., y: 0.), (x: 2., y: 0.), (x: 2., y: 2.), (x: 0., y: 2.), (x: 0., y: 0.)],
        ]);
        let mut seen = HashSet::new();
        unique_outline(&first, &mut seen, to_local);
        let pieces = unique_outline(&square, &mut seen, to_local);
        assert_eq!(
            pieces,
            vec![Polyline::new(
                vec![[2., 2.], [0., 2.], [0., 0.], [2., 0.]],
                false
            )]
        );
    }

    #[test]
    fn a_prepared_outline_draws_the_same_band_as_one_stroked_in_the_frame() {
        let line = Polyline::new(vec![[0., 0.], [10., 0.], [10., 10.], [0., 10.]], true);
        let (base, scale) = (pos2(100., 50.), 3.0);
        let stroke = Stroke::new(2.0, Color32::BLACK);
        let mut builder = StrokeBuilder::default();
        let mut prepared = Mesh::default();
        builder.add_prepared(&mut prepared, &line, base, scale, stroke);
        let mut framed = Mesh::default();
        let points = line
            .points
            .iter()
            .map(|p| screen_from_local(base, scale, *p));
        builder.add(&mut framed, points, true, stroke);
        assert!(prepared.is_valid());
        assert_eq!(prepared.indices, framed.indices);
        for (a, b) in prepared.vertices.iter().zip(&framed.vertices) {
            assert!((a.pos - b.pos).length() < 1e-4, "{:?} {:?}", a.pos, b.pos);
        }
    }

    #[test]
    fn stroke_mesh_is_valid_and_sized() {
        let mut mesh = Mesh::default();
        let mut builder = StrokeBuilder::default();
        let square = [pos2(0., 0.), pos2(10., 0.), pos2(10., 10.), pos2(0., 10.)];
        builder.add(
            &mut mesh,
            square.into_iter(),
            true,
            Stroke::new(1.0, Color32::BLACK),
        );
        assert!(mesh.is_valid());
        assert_eq!(mesh.vertices.len(), 4 * 3);
        assert_eq!(mesh.indices.len(), 4 * 2 * 6);
        // Points closer than MIN_SEGMENT_PX collapse; a thick open line has 4 vertices per point.
        let mut thick = Mesh::default();
        let line = [pos2(0., 0.), pos2(0.2, 0.), pos2(5., 0.)];
        builder.add(
            &mut thick,
            line.into_iter(),
            false,
            Stroke::new(3.0, Color32::RED),
        );
        assert_eq!(thick.vertices.len(), 2 * 4);
        let bounds = thick.calc_bounds();
        assert!(
            (bounds.height() - (3.0 + FEATHER_PX)).abs() < 1e-4,
            "{bounds:?}"
        );
    }
}
