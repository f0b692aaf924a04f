//! Paints a [`Composition`] with egui: the cached meshes of the drawn features moved to the
//! frame (one scale and translation per feature), anti-aliased outlines, the emphasis, the
//! markers and the names, exactly where the composition put them.

use egui::{
    Align2, Color32, FontFamily, FontId, Mesh, Painter, Pos2, Shape, Stroke, epaint::Vertex, vec2,
};

use super::mesh_cache::{LevelMeshes, MeshStore};
use super::outline::{StrokeBuilder, screen_from_local};
use super::tessellate::{LOCAL_UNITS_PER_WORLD, LocalMesh};
use crate::carto::{Composition, Pos, Rgba, ViewTransform, text::text_width};

/// The font family the map's names are drawn in: DejaVu Sans, the font the composition
/// measures them with (registered by the app's theme).
pub const MAP_FONT: &str = "carte";
/// Its bold face (the territories' names).
pub const MAP_FONT_BOLD: &str = "carte-gras";

pub fn pos2(p: Pos) -> Pos2 {
    Pos2::new(p.x as f32, p.y as f32)
}

pub fn rgba(c: Rgba) -> Color32 {
    Color32::from_rgba_unmultiplied(
        c.rgb[0],
        c.rgb[1],
        c.rgb[2],
        (c.alpha.clamp(0.0, 1.0) * 255.0).round() as u8,
    )
}

pub fn rgb(c: [u8; 3]) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

fn stroke(s: crate::carto::Stroke) -> Stroke {
    Stroke::new(s.width as f32, rgb(s.colour))
}

/// A carto rectangle as an egui one.
pub fn egui_rect(r: crate::carto::Rect) -> egui::Rect {
    egui::Rect::from_min_max(pos2(r.min), pos2(r.max))
}

/// An egui rectangle as a carto one.
pub fn carto_rect(r: egui::Rect) -> crate::carto::Rect {
    crate::carto::Rect::from_min_max(
        Pos::new(f64::from(r.min.x), f64::from(r.min.y)),
        Pos::new(f64::from(r.max.x), f64::from(r.max.y)),
    )
}

/// The meshes of the composition's layers, emphasis and markers (no text), bottom to top; an
/// inset's backdrop (sea and land) first.
pub fn shapes(comp: &Composition, meshes: &MeshStore) -> Vec<Shape> {
    let view = &comp.view;
    let scale = (view.units_per_world() / LOCAL_UNITS_PER_WORLD) as f32;
    let mut strokes = StrokeBuilder::default();
    let mut out = Vec::with_capacity(2 * comp.layers.len() + comp.emphasis.len() + 3);
    if let Some(backdrop) = &comp.backdrop {
        out.push(Shape::rect_filled(
            egui_rect(view.frame()),
            0.0,
            rgb(backdrop.sea),
        ));
    }
    for layer in comp.backdrop.iter().map(|b| &b.land).chain(&comp.layers) {
        let Some(cache) = meshes.get(layer.id) else {
            continue;
        };
        let Some(level) = cache.level(layer.lod) else {
            continue;
        };
        // Each layer's meshes sized once (they hold up to hundreds of thousands of vertices:
        // growing them by doubling would copy them over and over in the frame).
        let (mut fill, mut outline) = presized(layer, &level);
        for f in &layer.features {
            let (Some(data), Some(origin)) = (level.get(f.index), cache.origin(f.index)) else {
                continue;
            };
            let base = base_of(view, origin);
            if let Some(colour) = f.fill {
                append_fill(&mut fill, &data.fill, base, scale, rgba(colour));
            }
            if let Some(s) = layer.outline {
                for line in &data.outline {
                    strokes.add_prepared(&mut outline, line, base, scale, stroke(s));
                }
            }
        }
        for mesh in [fill, outline] {
            if !mesh.is_empty() {
                out.push(Shape::mesh(mesh));
            }
        }
    }
    for e in &comp.emphasis {
        let Some(cache) = meshes.get(e.id) else {
            continue;
        };
        let (Some(level), Some(origin)) = (cache.level(e.lod), cache.origin(e.index)) else {
            continue;
        };
        let Some(data) = level.get(e.index) else {
            continue;
        };
        let base = base_of(view, origin);
        let mut mesh = Mesh::default();
        for ring in &data.rings {
            strokes.add(
                &mut mesh,
                ring.iter().map(|p| screen_from_local(base, scale, *p)),
                true,
                stroke(e.stroke),
            );
        }
        if !mesh.is_empty() {
            out.push(Shape::mesh(mesh));
        }
    }
    let style = &comp.symbol_style;
    for sym in &comp.symbols {
        let centre = pos2(sym.centre);
        let r = sym.radius as f32;
        match style.shape {
            crate::carto::SymbolShape::Circle => {
                out.push(Shape::circle_filled(centre, r, rgba(style.fill)));
                out.push(Shape::circle_stroke(centre, r, stroke(style.outline)));
            }
            crate::carto::SymbolShape::Square => {
                let rect = egui::Rect::from_center_size(centre, vec2(2.0 * r, 2.0 * r));
                out.push(Shape::rect_filled(rect, 0.0, rgba(style.fill)));
                out.push(Shape::rect_stroke(
                    rect,
                    0.0,
                    stroke(style.outline),
                    egui::StrokeKind::Middle,
                ));
            }
        }
    }
    for m in &comp.markers {
        out.push(Shape::circle_filled(
            pos2(m.centre),
            m.radius as f32,
            rgb(comp.marker_fill),
        ));
        out.push(Shape::circle_stroke(
            pos2(m.centre),
            m.radius as f32,
            stroke(comp.marker_outline),
        ));
    }
    out
}

/// Empty fill and outline meshes with room for what `layer` will draw.
fn presized(layer: &crate::carto::LayerDraw, level: &LevelMeshes) -> (Mesh, Mesh) {
    let (mut fv, mut fi, mut ov, mut oi) = (0, 0, 0, 0);
    let outlined = layer.outline.is_some();
    for f in &layer.features {
        let Some(data) = level.get(f.index) else {
            continue;
        };
        if f.fill.is_some() {
            fv += data.fill.positions.len();
            fi += data.fill.indices.len();
        }
        if outlined {
            for line in &data.outline {
                // At most four vertices a point and three quads a segment.
                ov += 4 * line.points.len();
                oi += 18 * line.points.len();
            }
        }
    }
    let mesh = |vertices: usize, indices: usize| Mesh {
        vertices: Vec::with_capacity(vertices),
        indices: Vec::with_capacity(indices),
        ..Mesh::default()
    };
    (mesh(fv, fi), mesh(ov, oi))
}

fn base_of(view: &ViewTransform, origin_world: [f64; 2]) -> Pos2 {
    pos2(view.frame_from_world(origin_world))
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

/// Offsets of the halo copies of a name, as a fraction of the halo width.
const HALO_OFFSETS: [(f32, f32); 8] = [
    (-1.0, 0.0),
    (1.0, 0.0),
    (0.0, -1.0),
    (0.0, 1.0),
    (-0.7, -0.7),
    (0.7, -0.7),
    (-0.7, 0.7),
    (0.7, 0.7),
];

/// The egui font size that draws a name as wide as the composition measured it (egui sizes a
/// font by its line height, the composition by its em).
pub(super) fn egui_size(painter: &Painter, size: f64) -> f32 {
    egui_size_of(painter, size, false)
}

/// As [`egui_size`] for the regular or the bold face.
fn egui_size_of(painter: &Painter, size: f64, bold: bool) -> f32 {
    const PROBE: &str = "Territoires d'industrie";
    let galley = painter.layout_no_wrap(
        PROBE.into(),
        FontId::new(100.0, map_family(bold)),
        Color32::BLACK,
    );
    let measured = text_width(PROBE, 100.0, bold);
    let drawn = f64::from(galley.size().x);
    if drawn > 0.0 {
        (size * measured / drawn) as f32
    } else {
        size as f32
    }
}

/// The map's font family, regular or bold.
fn map_family(bold: bool) -> FontFamily {
    FontFamily::Name(if bold { MAP_FONT_BOLD } else { MAP_FONT }.into())
}

/// Draws the composition and its insets (each in its framed box, under its caption).
pub fn paint(painter: &Painter, comp: &Composition, meshes: &MeshStore) {
    meshes.forget_unused();
    paint_pane(painter, comp, meshes);
    for inset in &comp.insets {
        let rect = egui_rect(inset.rect);
        painter.rect(
            rect,
            0.0,
            rgb(crate::carto::look::INSET_PANEL),
            stroke(inset.border),
            egui::StrokeKind::Inside,
        );
        painter.text(
            rect.min + vec2(4.0, 2.0),
            Align2::LEFT_TOP,
            inset.area.name,
            FontId::new(
                egui_size(painter, inset.caption_size),
                FontFamily::Name(MAP_FONT.into()),
            ),
            rgb(comp.label_colour),
        );
        let map = egui_rect(inset.map.view.frame());
        paint_pane(
            &painter.with_clip_rect(map.intersect(painter.clip_rect())),
            &inset.map,
            meshes,
        );
    }
}

/// Draws one pane: meshes, then names with their halo, then the markers' counts.
fn paint_pane(painter: &Painter, comp: &Composition, meshes: &MeshStore) {
    painter.extend(shapes(comp, meshes));
    let halo = rgb(comp.halo.colour).gamma_multiply(crate::carto::look::LABEL_HALO_ALPHA);
    for label in &comp.labels {
        if let Some(m) = label.label.marker {
            painter.circle(
                pos2(m),
                (crate::carto::look::PLACE_MARKER_RADIUS * comp.scale) as f32,
                rgb(crate::carto::look::PLACE_TEXT),
                Stroke::new(1.0, halo),
            );
        }
        let text = rgb(crate::carto::look::name_colour(label.label.rank));
        let font = FontId::new(
            egui_size_of(painter, label.label.font_size, label.label.bold),
            map_family(label.label.bold),
        );
        let galley = painter.layout_no_wrap(label.label.text.clone(), font, text);
        let top_left = pos2(label.label.anchor) - galley.size() / 2.0;
        let w = (comp.halo.width as f32 / 2.0).max(0.5);
        for (dx, dy) in HALO_OFFSETS {
            painter.galley_with_override_text_color(
                top_left + vec2(dx * w, dy * w),
                galley.clone(),
                halo,
            );
        }
        painter.galley(top_left, galley, text);
    }
    for m in comp.markers.iter().filter(|m| m.count > 1) {
        painter.text(
            pos2(m.centre),
            Align2::CENTER_CENTER,
            m.count.to_string(),
            FontId::new(egui_size(painter, 11.0), FontFamily::Name(MAP_FONT.into())),
            rgb(comp.marker_outline.colour),
        );
    }
}
