//! [`PolygonLayer`]: features tessellated once, then culled, LOD-selected and turned into egui
//! meshes each frame.

use std::collections::HashSet;

use egui::{Color32, Mesh, Pos2, Shape, Stroke, epaint::Vertex, vec2};
use geo::{BoundingRect as _, MultiPolygon, Point};
use lyon_tessellation::FillTessellator;

use crate::model::hit_index::HitIndex;

use super::{
    labels::{LabelCandidate, label_point},
    outline::{Polyline, StrokeBuilder, screen_from_local, unique_outline},
    projection::{LOCAL_UNITS_PER_WORLD, ViewTransform, WorldRect, world_from_lonlat},
    style::{LayerStyle, palette, tinted},
    tessellate::{LocalMesh, local_rings, tessellate_rings},
};

/// One feature of a polygon layer: its geometry at each level of detail, in WGS84 lon/lat.
#[derive(Clone, Debug)]
pub struct LayerFeature {
    /// Text drawn as the map label (territory name).
    pub label: String,
    /// `lods[i]` simplified with tolerance `tolerances_deg[i]` (coarse first, last = full detail).
    pub lods: Vec<MultiPolygon<f64>>,
}

/// Largest simplification error allowed on screen, in pixels (see [`PolygonLayer::lod_for_view`]).
pub const LOD_MAX_ERROR_PX: f64 = 0.6;
/// A feature whose screen bbox is smaller than this (either side) gets no label candidate.
const MIN_LABEL_ROOM_PX: f32 = 16.0;
/// Extra margin around the viewport when culling, in pixels (half the widest outline).
const CULL_MARGIN_PX: f64 = 4.0;

/// One level of detail of one feature, in local units around the feature's origin.
#[derive(Default)]
struct FeatureLod {
    fill: LocalMesh,
    /// Every ring (exteriors and holes): hover and selection outlines.
    rings: Vec<Vec<[f32; 2]>>,
    /// This feature's share of the layer's outline (borders drawn by an earlier feature removed).
    outline: Vec<Polyline>,
}

struct FeatureData {
    label: String,
    origin_world: [f64; 2],
    bbox_world: WorldRect,
    bbox_lonlat: Option<geo::Rect<f64>>,
    label_lonlat: Option<Point<f64>>,
    label_world: Option<[f64; 2]>,
    lods: Vec<FeatureLod>,
}

/// What one frame of the layer draws, built without egui running (see [`PolygonLayer::frame_for_view`]).
pub struct LayerFrame {
    /// Fill, outlines, hover and selection meshes, bottom to top.
    pub shapes: Vec<Shape>,
    /// Labels that may be drawn (to be sized and placed with [`super::place_labels`]).
    pub labels: Vec<LabelCandidate>,
    /// Level of detail used.
    pub lod: usize,
    /// Features that survived culling.
    pub visible_features: usize,
}

/// A filled, outlined, labelled polygon layer drawn as a walkers plugin.
///
/// ```
/// use ti_atlas::map::{LayerFeature, LayerStyle, PolygonLayer, ViewTransform};
/// let square = geo::wkt! { MULTIPOLYGON(((2. 46.,3. 46.,3. 47.,2. 47.,2. 46.))) };
/// let feature = LayerFeature { label: "Carré".into(), lods: vec![square] };
/// let mut layer = PolygonLayer::build(vec![feature], &[0.0], LayerStyle::territories());
/// layer.set_fill_colors(&[egui::Color32::from_rgba_unmultiplied(200, 80, 40, 160)]);
/// assert_eq!(layer.feature_at(geo::Point::new(2.5, 46.5)), Some(0));
///
/// let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0));
/// let view = ViewTransform::new(geo::Point::new(2.5, 46.5), 8.0, screen);
/// let shapes = layer.shapes_for_view(&view, layer.hovered());
/// assert_eq!(shapes.len(), 2); // fill and outline meshes
/// ```
pub struct PolygonLayer {
    features: Vec<FeatureData>,
    tolerances_deg: Vec<f64>,
    style: LayerStyle,
    fill_colors: Vec<Color32>,
    hit: HitIndex,
    tessellations: usize,
    pub(super) selected: Option<usize>,
    pub(super) hovered: Option<usize>,
    pub(super) clicked: Option<usize>,
    pub(super) clicked_empty: bool,
}

impl PolygonLayer {
    /// Tessellates every feature at every LOD (fills only when `style.fill`: a layer built
    /// without fills cannot show them later). Heavy: call it on a background (named) thread.
    ///
    /// Features keep their index. A feature with no LOD, or an LOD that fails to tessellate,
    /// draws nothing at that LOD (logged).
    pub fn build(features: Vec<LayerFeature>, tolerances_deg: &[f64], style: LayerStyle) -> Self {
        let lod_count = features.iter().map(|f| f.lods.len()).max().unwrap_or(0);
        // Each feature's frame: a world origin for its f32 offsets, and its world bbox.
        let frames: Vec<([f64; 2], WorldRect)> = features
            .iter()
            .map(|feature| {
                let mut bbox_world = WorldRect::NOTHING;
                for lod in &feature.lods {
                    if let Some(r) = lod.bounding_rect() {
                        bbox_world.extend(world_from_lonlat(r.min().into()));
                        bbox_world.extend(world_from_lonlat(r.max().into()));
                    }
                }
                let origin = if bbox_world.is_empty() {
                    [0.0, 0.0]
                } else {
                    bbox_world.min
                };
                (origin, bbox_world)
            })
            .collect();

        // Levels of detail are independent (shared-border de-duplication is per level): build
        // them on two workers, heaviest level first to the least loaded, while this thread
        // finds the label points.
        let weight = |lod: usize| -> usize {
            features
                .iter()
                .filter_map(|f| f.lods.get(lod))
                .flat_map(|mp| mp.iter())
                .map(|p| {
                    p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>()
                })
                .sum()
        };
        let mut order: Vec<(usize, usize)> = (0..lod_count).map(|l| (weight(l), l)).collect();
        order.sort_unstable_by(|a, b| b.cmp(a));
        let mut groups: [(usize, Vec<usize>); 2] = [(0, Vec::new()), (0, Vec::new())];
        for (w, lod) in order {
            let lightest = usize::from(groups[1].0 < groups[0].0);
            groups[lightest].0 += w;
            groups[lightest].1.push(lod);
        }
        let with_fill = style.fill;
        let build_lod = |lod: usize| -> Vec<FeatureLod> {
            let mut tessellator = FillTessellator::new();
            let mut seen = HashSet::new();
            features
                .iter()
                .zip(&frames)
                .map(|(feature, &(origin_world, _))| {
                    let Some(geometry) = feature.lods.get(lod) else {
                        return FeatureLod::default();
                    };
                    let to_local = |c: geo::Coord<f64>| {
                        let w = world_from_lonlat(c.into());
                        [
                            ((w[0] - origin_world[0]) * LOCAL_UNITS_PER_WORLD) as f32,
                            ((w[1] - origin_world[1]) * LOCAL_UNITS_PER_WORLD) as f32,
                        ]
                    };
                    let rings = local_rings(geometry, origin_world);
                    let fill = if with_fill {
                        tessellate_rings(&mut tessellator, &rings).unwrap_or_else(|err| {
                            log::warn!(
                                "feature {:?} LOD {lod}: tessellation failed: {err:?}",
                                feature.label
                            );
                            LocalMesh::default()
                        })
                    } else {
                        LocalMesh::default()
                    };
                    let outline = unique_outline(geometry, &mut seen, to_local);
                    FeatureLod {
                        fill,
                        rings,
                        outline,
                    }
                })
                .collect()
        };
        let (per_lod, label_points) = std::thread::scope(|scope| {
            let workers: Vec<_> = groups
                .iter()
                .map(|(_, lods)| {
                    let build_lod = &build_lod;
                    let lods = lods.clone();
                    std::thread::Builder::new()
                        .name("tessellation".into())
                        .spawn_scoped(scope, move || {
                            lods.into_iter()
                                .map(|l| (l, build_lod(l)))
                                .collect::<Vec<_>>()
                        })
                })
                .collect();
            let label_points: Vec<Option<Point<f64>>> = features
                .iter()
                .map(|f| f.lods.last().and_then(label_point))
                .collect();
            let mut per_lod: Vec<Vec<FeatureLod>> = (0..lod_count).map(|_| Vec::new()).collect();
            for worker in workers {
                // A worker that could not start or panicked leaves its levels empty (drawn as
                // nothing) rather than taking the app down.
                let built = match worker.map(|h| h.join()) {
                    Ok(Ok(built)) => built,
                    _ => {
                        log::error!("tessellation worker failed");
                        Vec::new()
                    }
                };
                for (l, lod) in built {
                    if let Some(slot) = per_lod.get_mut(l) {
                        *slot = lod;
                    }
                }
            }
            (per_lod, label_points)
        });
        let tessellations = if with_fill {
            features.iter().map(|f| f.lods.len()).sum()
        } else {
            0
        };

        let mut per_lod: Vec<std::vec::IntoIter<FeatureLod>> =
            per_lod.into_iter().map(Vec::into_iter).collect();
        let mut data = Vec::with_capacity(features.len());
        let mut full_detail = Vec::with_capacity(features.len());
        for ((feature, (origin_world, bbox_world)), label_lonlat) in
            features.into_iter().zip(frames).zip(label_points)
        {
            let lods = per_lod
                .iter_mut()
                .map(|it| it.next().unwrap_or_default())
                .collect();
            let full = feature
                .lods
                .last()
                .cloned()
                .unwrap_or_else(|| MultiPolygon(Vec::new()));
            data.push(FeatureData {
                label: feature.label,
                origin_world,
                bbox_world,
                bbox_lonlat: full.bounding_rect(),
                label_lonlat,
                label_world: label_lonlat.map(world_from_lonlat),
                lods,
            });
            full_detail.push(full);
        }

        let fill_colors = vec![palette::DEFAULT_FILL; data.len()];
        Self {
            features: data,
            tolerances_deg: tolerances_deg.to_vec(),
            style,
            fill_colors,
            hit: HitIndex::new(full_detail),
            tessellations,
            selected: None,
            hovered: None,
            clicked: None,
            clicked_empty: false,
        }
    }

    pub fn len(&self) -> usize {
        self.features.len()
    }

    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    pub fn style(&self) -> &LayerStyle {
        &self.style
    }

    pub fn set_style(&mut self, style: LayerStyle) {
        if style.fill && !self.style.fill && self.tessellations == 0 {
            log::warn!("fill enabled on a layer built without fill meshes: nothing to fill");
        }
        self.style = style;
    }

    pub fn label(&self, feature: usize) -> Option<&str> {
        self.features.get(feature).map(|f| f.label.as_str())
    }

    /// Sets the fill colour of every feature (`colors[i]` for feature `i`; `TRANSPARENT` = no
    /// fill). No re-tessellation: colours are applied when the frame's mesh is built.
    pub fn set_fill_colors(&mut self, colors: &[Color32]) {
        debug_assert_eq!(colors.len(), self.features.len(), "one colour per feature");
        for (slot, color) in self.fill_colors.iter_mut().zip(colors) {
            *slot = *color;
        }
    }

    pub fn fill_colors(&self) -> &[Color32] {
        &self.fill_colors
    }

    /// How many times a polygon tessellation ran (features × LODs at build, never afterwards).
    pub fn tessellation_count(&self) -> usize {
        self.tessellations
    }

    pub fn set_selected(&mut self, feature: Option<usize>) {
        self.selected = feature.filter(|&i| i < self.features.len());
    }

    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// The feature under the pointer during the last frame.
    pub fn hovered(&self) -> Option<usize> {
        self.hovered
    }

    /// A click on a feature since the last call.
    pub fn take_clicked(&mut self) -> Option<usize> {
        self.clicked.take()
    }

    /// Whether the map was clicked outside every feature since the last call (e.g. to deselect).
    pub fn take_clicked_empty(&mut self) -> bool {
        std::mem::take(&mut self.clicked_empty)
    }

    /// The feature containing `lonlat`, tested against the full-detail geometry.
    pub fn feature_at(&self, lonlat: Point<f64>) -> Option<usize> {
        self.hit.feature_at(lonlat)
    }

    /// Bounding box of the feature's full-detail geometry (for zoom-to); `None` if out of range or empty.
    pub fn bbox_lonlat(&self, feature: usize) -> Option<geo::Rect<f64>> {
        self.features.get(feature)?.bbox_lonlat
    }

    /// Where the feature's label goes: a point inside its largest polygon, far from the edges.
    pub fn label_point(&self, feature: usize) -> Option<Point<f64>> {
        self.features.get(feature)?.label_lonlat
    }

    /// The coarsest LOD whose tolerance is at most [`LOD_MAX_ERROR_PX`] pixels at this view.
    pub fn lod_for_view(&self, view: &ViewTransform) -> usize {
        select_lod(&self.tolerances_deg, view.degrees_per_pixel())
    }

    /// The per-frame CPU work: cull, pick the LOD, and build fill / outline / hover / selection
    /// meshes in screen coordinates, plus label candidates. `hovered` gets the hover style.
    pub fn frame_for_view(&self, view: &ViewTransform, hovered: Option<usize>) -> LayerFrame {
        let lod = self.lod_for_view(view);
        let pixels_per_world = view.pixels_per_world();
        let scale = (pixels_per_world / LOCAL_UNITS_PER_WORLD) as f32;
        let mut visible = view.visible_world_rect();
        let margin = CULL_MARGIN_PX / pixels_per_world;
        visible.min = [visible.min[0] - margin, visible.min[1] - margin];
        visible.max = [visible.max[0] + margin, visible.max[1] + margin];

        let mut fill = Mesh::default();
        let mut outline = Mesh::default();
        let mut strokes = StrokeBuilder::default();
        let mut labels = Vec::new();
        let mut visible_features = 0;
        let draw_outline =
            self.style.stroke.width > 0.0 && self.style.stroke.color != Color32::TRANSPARENT;

        for (i, feature) in self.features.iter().enumerate() {
            if feature.bbox_world.is_empty() || !feature.bbox_world.intersects(&visible) {
                continue;
            }
            let Some(data) = feature.lods.get(lod).or_else(|| feature.lods.last()) else {
                continue;
            };
            visible_features += 1;
            let base = view.screen_from_world(feature.origin_world);

            let color = self
                .fill_colors
                .get(i)
                .copied()
                .unwrap_or(Color32::TRANSPARENT);
            if self.style.fill && color != Color32::TRANSPARENT {
                let color = if hovered == Some(i) {
                    tinted(color, palette::HOVER_FILL_TINT, self.style.hover_fill_tint)
                } else {
                    color
                };
                append_fill(&mut fill, &data.fill, base, scale, color);
            }
            if draw_outline {
                for line in &data.outline {
                    let points = line
                        .points
                        .iter()
                        .map(|p| screen_from_local(base, scale, *p));
                    strokes.add(&mut outline, points, line.closed, self.style.stroke);
                }
            }
            if self.style.labels
                && let Some(label_world) = feature.label_world
            {
                let room = vec2(
                    ((feature.bbox_world.max[0] - feature.bbox_world.min[0]) * pixels_per_world)
                        as f32,
                    ((feature.bbox_world.max[1] - feature.bbox_world.min[1]) * pixels_per_world)
                        as f32,
                );
                if room.x >= MIN_LABEL_ROOM_PX && room.y >= MIN_LABEL_ROOM_PX {
                    labels.push(LabelCandidate {
                        feature: i,
                        anchor: view.screen_from_world(label_world),
                        room,
                    });
                }
            }
        }

        let mut shapes = Vec::with_capacity(4);
        for mesh in [fill, outline] {
            if !mesh.is_empty() {
                shapes.push(Shape::mesh(mesh));
            }
        }
        let emphasis = [
            (
                hovered.filter(|h| Some(*h) != self.selected),
                self.style.hover_stroke,
            ),
            (self.selected, self.style.selected_stroke),
        ];
        for (feature, stroke) in emphasis {
            if let Some(mesh) =
                feature.and_then(|i| self.rings_mesh(i, lod, view, &visible, stroke, &mut strokes))
            {
                shapes.push(Shape::mesh(mesh));
            }
        }
        LayerFrame {
            shapes,
            labels,
            lod,
            visible_features,
        }
    }

    /// [`Self::frame_for_view`] without the labels.
    pub fn shapes_for_view(&self, view: &ViewTransform, hovered: Option<usize>) -> Vec<Shape> {
        self.frame_for_view(view, hovered).shapes
    }

    /// All rings of one feature stroked with `stroke`, if the feature is in view.
    fn rings_mesh(
        &self,
        feature: usize,
        lod: usize,
        view: &ViewTransform,
        visible: &WorldRect,
        stroke: Stroke,
        strokes: &mut StrokeBuilder,
    ) -> Option<Mesh> {
        let f = self.features.get(feature)?;
        if f.bbox_world.is_empty() || !f.bbox_world.intersects(visible) {
            return None;
        }
        let data = f.lods.get(lod).or_else(|| f.lods.last())?;
        let base = view.screen_from_world(f.origin_world);
        let scale = (view.pixels_per_world() / LOCAL_UNITS_PER_WORLD) as f32;
        let mut mesh = Mesh::default();
        for ring in &data.rings {
            strokes.add(
                &mut mesh,
                ring.iter().map(|p| screen_from_local(base, scale, *p)),
                true,
                stroke,
            );
        }
        (!mesh.is_empty()).then_some(mesh)
    }
}

fn append_fill(mesh: &mut Mesh, local: &LocalMesh, base: Pos2, scale: f32, color: Color32) {
    let first = mesh.vertices.len() as u32;
    mesh.vertices.extend(local.positions.iter().map(|p| Vertex {
        pos: screen_from_local(base, scale, *p),
        uv: egui::epaint::WHITE_UV,
        color,
    }));
    mesh.indices.extend(local.indices.iter().map(|i| first + i));
}

/// Index of the coarsest tolerance (tolerances are coarse first) that is at most
/// [`LOD_MAX_ERROR_PX`] pixels of `degrees_per_pixel`; the last LOD if none is.
pub fn select_lod(tolerances_deg: &[f64], degrees_per_pixel: f64) -> usize {
    let max_deg = LOD_MAX_ERROR_PX * degrees_per_pixel;
    tolerances_deg
        .iter()
        .position(|&t| t <= max_deg)
        .unwrap_or_else(|| tolerances_deg.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::Rect;
    use geo::{Area as _, Simplify as _, polygon};

    const TOLERANCES: [f64; 5] = [0.02, 0.005, 0.0015, 0.0004, 0.0];

    /// A concave "U" with a square hole, 0.3° wide, with its lower-left corner at (lon, lat).
    fn u_with_hole(lon: f64, lat: f64) -> MultiPolygon<f64> {
        let p = polygon!(
            exterior: [
                (x: lon, y: lat), (x: lon + 0.3, y: lat), (x: lon + 0.3, y: lat + 0.3), (x: lon + 0.2, y: lat + 0.3),
                (x: lon + 0.2, y: lat + 0.1), (x: lon + 0.1, y: lat + 0.1), (x: lon + 0.1, y: lat + 0.3), (x: lon, y: lat + 0.3),
                (x: lon, y: lat),
            ],
            interiors: [[
                (x: lon + 0.02, y: lat + 0.02), (x: lon + 0.06, y: lat + 0.02), (x: lon + 0.06, y: lat + 0.06),
                (x: lon + 0.02, y: lat + 0.06), (x: lon + 0.02, y: lat + 0.02),
            ]],
        );
        MultiPolygon(vec![p])
    }

    fn feature(label: &str, geometry: MultiPolygon<f64>) -> LayerFeature {
        let lods = TOLERANCES.iter().map(|&t| geometry.simplify(t)).collect();
        LayerFeature {
            label: label.to_owned(),
            lods,
        }
    }

    fn layer() -> PolygonLayer {
        PolygonLayer::build(
            vec![
                feature("Lyon", u_with_hole(4.7, 45.6)),
                feature("Brest", u_with_hole(-4.6, 48.3)),
            ],
            &TOLERANCES,
            LayerStyle::territories(),
        )
    }

    fn screen() -> Rect {
        Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))
    }

    /// Area of a lon/lat multipolygon in local units (every vertex projected to local units).
    fn projected_area(geometry: &MultiPolygon<f64>, origin: [f64; 2]) -> f64 {
        let to_local = |c: &geo::Coord<f64>| {
            let w = world_from_lonlat((*c).into());
            geo::coord! { x: (w[0] - origin[0]) * LOCAL_UNITS_PER_WORLD, y: (w[1] - origin[1]) * LOCAL_UNITS_PER_WORLD }
        };
        geometry
            .iter()
            .map(|p| {
                let ext = geo::LineString(p.exterior().0.iter().map(to_local).collect());
                let holes = p
                    .interiors()
                    .iter()
                    .map(|r| geo::LineString(r.0.iter().map(to_local).collect()))
                    .collect();
                geo::Polygon::new(ext, holes).unsigned_area()
            })
            .sum()
    }

    #[test]
    fn tessellated_area_matches_polygon_area() {
        let layer = layer();
        let f = &layer.features[0];
        let full = f.lods.last().expect("full LOD");
        let expected = projected_area(&u_with_hole(4.7, 45.6), f.origin_world);
        let area = full.fill.area();
        assert!(
            (area - expected).abs() / expected < 1e-6,
            "{area} vs {expected}"
        );
        assert_eq!(layer.tessellation_count(), 2 * TOLERANCES.len());
    }

    #[test]
    fn hit_test_inside_hole_is_none() {
        let layer = layer();
        assert_eq!(layer.feature_at(Point::new(4.71, 45.61)), Some(0));
        assert_eq!(
            layer.feature_at(Point::new(4.74, 45.64)),
            None,
            "in the hole"
        );
        assert_eq!(
            layer.feature_at(Point::new(4.85, 45.8)),
            None,
            "in the notch of the U"
        );
        assert_eq!(layer.feature_at(Point::new(-4.35, 48.35)), Some(1));
        let bbox = layer.bbox_lonlat(1).expect("bbox");
        assert!((bbox.min().x + 4.6).abs() < 1e-12 && (bbox.max().y - 48.6).abs() < 1e-12);
        let label = layer.label_point(0).expect("label point");
        assert_eq!(layer.feature_at(label), Some(0));
        assert_eq!(layer.bbox_lonlat(7), None);
    }

    #[test]
    fn lod_follows_scale() {
        assert_eq!(select_lod(&TOLERANCES, 0.1), 0);
        // Whole France in 1280x800 (zoom ≈ 5.6): 0.6 px ≈ 0.017°.
        let layer = layer();
        let france = ViewTransform::fit_lonlat(geo::Rect::new((-5.2, 41.3), (9.6, 51.1)), screen());
        assert_eq!(layer.lod_for_view(&france), 1);
        let lyon = |zoom| ViewTransform::new(Point::new(4.85, 45.75), zoom, screen());
        assert_eq!(layer.lod_for_view(&lyon(8.0)), 2);
        assert_eq!(layer.lod_for_view(&lyon(11.0)), 3);
        assert_eq!(layer.lod_for_view(&lyon(14.0)), 4);
        assert_eq!(select_lod(&[], 1.0), 0);
    }

    #[test]
    fn culling_drops_off_screen_features() {
        let layer = layer();
        let lyon = ViewTransform::new(Point::new(4.85, 45.75), 9.0, screen());
        let frame = layer.frame_for_view(&lyon, None);
        assert_eq!(frame.visible_features, 1);
        let lod = &layer.features[0].lods[frame.lod];
        let Some(Shape::Mesh(fill)) = frame.shapes.first() else {
            panic!("fill mesh first")
        };
        assert_eq!(fill.vertices.len(), lod.fill.positions.len());
        assert!(fill.is_valid());
        assert_eq!(
            frame.labels.iter().map(|l| l.feature).collect::<Vec<_>>(),
            vec![0]
        );
        let france = ViewTransform::fit_lonlat(geo::Rect::new((-5.2, 41.3), (9.6, 51.1)), screen());
        assert_eq!(layer.frame_for_view(&france, None).visible_features, 2);
        let atlantic = ViewTransform::new(Point::new(-30.0, 45.0), 9.0, screen());
        let empty = layer.frame_for_view(&atlantic, None);
        assert_eq!(empty.visible_features, 0);
        assert!(empty.shapes.is_empty());
    }

    #[test]
    fn fill_mesh_lands_where_walkers_projects() {
        let layer = layer();
        let view = ViewTransform::new(Point::new(4.85, 45.75), 17.5, screen());
        // The U's lower-right corner is at (5.0, 45.6): put the view right on it.
        let corner = Point::new(5.0, 45.6);
        let view = ViewTransform::new(corner, view.zoom(), screen());
        let frame = layer.frame_for_view(&view, None);
        let Some(Shape::Mesh(fill)) = frame.shapes.first() else {
            panic!("fill mesh")
        };
        let nearest = fill
            .vertices
            .iter()
            .map(|v| (v.pos - view.screen_rect().center()).length())
            .fold(f32::INFINITY, f32::min);
        assert!(nearest < 0.05, "corner off by {nearest} px at zoom 17.5");
    }

    #[test]
    fn recolouring_does_not_retessellate() {
        let mut layer = layer();
        let before = layer.tessellation_count();
        let red = Color32::from_rgba_premultiplied(120, 0, 0, 128);
        layer.set_fill_colors(&[red, Color32::TRANSPARENT]);
        assert_eq!(layer.tessellation_count(), before);
        let france = ViewTransform::fit_lonlat(geo::Rect::new((-5.2, 41.3), (9.6, 51.1)), screen());
        let frame = layer.frame_for_view(&france, None);
        let Some(Shape::Mesh(fill)) = frame.shapes.first() else {
            panic!("fill mesh")
        };
        // Only feature 0 is filled, in the new colour.
        assert_eq!(
            fill.vertices.len(),
            layer.features[0].lods[frame.lod].fill.positions.len()
        );
        assert!(fill.vertices.iter().all(|v| v.color == red));
        // Hovering lightens it.
        let hovered = layer.frame_for_view(&france, Some(0));
        let Some(Shape::Mesh(fill)) = hovered.shapes.first() else {
            panic!("fill mesh")
        };
        assert!(
            fill.vertices
                .iter()
                .all(|v| v.color.r() > red.r() && v.color.a() == red.a())
        );
        assert_eq!(
            hovered.shapes.len(),
            frame.shapes.len() + 1,
            "hover outline added"
        );
    }

    #[test]
    fn selection_adds_an_outline_on_top() {
        let mut layer = layer();
        let view = ViewTransform::new(Point::new(4.85, 45.75), 9.0, screen());
        let plain = layer.frame_for_view(&view, None).shapes.len();
        layer.set_selected(Some(0));
        let shapes = layer.shapes_for_view(&view, None);
        assert_eq!(shapes.len(), plain + 1);
        let Some(Shape::Mesh(top)) = shapes.last() else {
            panic!("selection mesh")
        };
        assert!(
            top.vertices
                .iter()
                .any(|v| v.color == palette::SELECTED_OUTLINE)
        );
        layer.set_selected(Some(99));
        assert_eq!(layer.selected(), None);
    }
}
