//! Paints the user's annotations of a [`Composition`] with egui, where the composition put
//! them: texts with their halo, callouts with their leader, arrows, shapes, highlighted units
//! (their outline from the cached meshes, as the emphasis) and images (decoded once, kept as
//! textures by their bytes).

use egui::{Color32, FontFamily, FontId, Mesh, Painter, Shape, Stroke, vec2};

use super::mesh_cache::MeshStore;
use super::outline::{StrokeBuilder, screen_from_local};
use super::painter::{MAP_FONT, egui_rect, egui_size, pos2, rgb, rgba};
use super::tessellate::LOCAL_UNITS_PER_WORLD;
use crate::carto::Composition;
use crate::carto::annotations::{AnnotationShape, ImageData, ImageFormat, TextBlock};

/// Draws the annotations over the map, clipped to the map's frame.
pub fn paint_annotations(painter: &Painter, comp: &Composition, meshes: &MeshStore) {
    if comp.annotations.is_empty() {
        return;
    }
    let frame = egui_rect(comp.view.frame());
    let painter = painter.with_clip_rect(frame.intersect(painter.clip_rect()));
    for a in &comp.annotations {
        match &a.shape {
            AnnotationShape::Text(block) => {
                text(&painter, block, rgb(a.colour), Some(3.0 * comp.scale));
            }
            AnnotationShape::Callout {
                block,
                leader,
                stroke,
                fill,
            } => {
                let s = Stroke::new(stroke.width as f32, rgb(stroke.colour));
                painter.line_segment([pos2(leader.0), pos2(leader.1)], s);
                painter.circle_filled(pos2(leader.1), (stroke.width * 1.6) as f32, s.color);
                painter.rect(
                    egui_rect(block.rect),
                    0.0,
                    rgba(*fill),
                    s,
                    egui::StrokeKind::Middle,
                );
                text(&painter, block, Color32::from_rgb(0x16, 0x22, 0x2e), None);
            }
            AnnotationShape::Arrow {
                from,
                head,
                shaft_end,
                stroke,
                ..
            } => {
                let colour = rgb(stroke.colour);
                painter.line_segment(
                    [pos2(*from), pos2(*shaft_end)],
                    Stroke::new(stroke.width as f32, colour),
                );
                painter.add(Shape::convex_polygon(
                    head.iter().map(|p| pos2(*p)).collect(),
                    colour,
                    Stroke::NONE,
                ));
            }
            AnnotationShape::Rectangle { rect, stroke, fill } => {
                painter.rect(
                    egui_rect(*rect),
                    0.0,
                    fill.map_or(Color32::TRANSPARENT, rgba),
                    Stroke::new(stroke.width as f32, rgb(stroke.colour)),
                    egui::StrokeKind::Middle,
                );
            }
            AnnotationShape::Ellipse { rect, stroke, fill } => {
                let r = egui_rect(*rect);
                painter.add(Shape::ellipse_filled(
                    r.center(),
                    r.size() / 2.0,
                    fill.map_or(Color32::TRANSPARENT, rgba),
                ));
                painter.add(Shape::ellipse_stroke(
                    r.center(),
                    r.size() / 2.0,
                    Stroke::new(stroke.width as f32, rgb(stroke.colour)),
                ));
            }
            AnnotationShape::Highlight {
                id,
                index,
                lod,
                stroke,
            } => {
                highlight(&painter, comp, meshes, (*id, *index, *lod), *stroke);
            }
            AnnotationShape::Image { rect, image } => {
                if let Some(texture) = texture(painter.ctx(), image) {
                    painter.image(
                        texture.id(),
                        egui_rect(*rect),
                        egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                        Color32::WHITE,
                    );
                }
            }
        }
    }
}

/// A text block's lines, each as wide as the composition measured it.
fn text(painter: &Painter, block: &TextBlock, colour: Color32, halo: Option<f64>) {
    // The egui size that draws the text as wide as the composition measured it.
    let size = egui_size(painter, block.size);
    let font = FontId::new(size, FontFamily::Name(MAP_FONT.into()));
    for (i, line) in block.lines.iter().enumerate() {
        let baseline = block.baseline(i);
        let galley = painter.layout_no_wrap(line.clone(), font.clone(), colour);
        // egui places a galley by its top: the baseline is one ascent below.
        let ascent = galley
            .rows
            .first()
            .map_or(size * 0.93, |r| r.row.height() * 0.76);
        let top_left = egui::Pos2::new(baseline.x as f32, baseline.y as f32 - ascent);
        if let Some(h) = halo {
            let w = (h as f32 / 2.0).max(0.5);
            for (dx, dy) in [(-1.0, 0.0), (1.0, 0.0), (0.0, -1.0), (0.0, 1.0)] {
                painter.galley_with_override_text_color(
                    top_left + vec2(dx * w, dy * w),
                    galley.clone(),
                    Color32::from_rgba_unmultiplied(255, 255, 255, 230),
                );
            }
        }
        painter.galley(top_left, galley, colour);
    }
}

/// A unit's whole outline in the annotation's colour (as the selection's).
fn highlight(
    painter: &Painter,
    comp: &Composition,
    meshes: &MeshStore,
    (id, index, lod): (crate::carto::LayerId, usize, usize),
    stroke: crate::carto::Stroke,
) {
    let Some(cache) = meshes.get(id) else {
        return;
    };
    let (Some(level), Some(origin)) = (cache.level(lod), cache.origin(index)) else {
        return;
    };
    let Some(data) = level.get(index) else {
        return;
    };
    let view = &comp.view;
    let scale = (view.units_per_world() / LOCAL_UNITS_PER_WORLD) as f32;
    let base = pos2(view.frame_from_world(origin));
    let mut mesh = Mesh::default();
    let mut strokes = StrokeBuilder::default();
    for ring in &data.rings {
        strokes.add(
            &mut mesh,
            ring.iter().map(|p| screen_from_local(base, scale, *p)),
            true,
            Stroke::new(stroke.width as f32, rgb(stroke.colour)),
        );
    }
    if !mesh.is_empty() {
        painter.add(Shape::mesh(mesh));
    }
}

/// The image's texture, decoded the first time it is drawn and kept by egui (keyed by the
/// bytes' address and length: the settings share one `Arc` across frames); `None` when the
/// bytes do not decode.
fn texture(ctx: &egui::Context, image: &ImageData) -> Option<egui::TextureHandle> {
    let key = egui::Id::unique((
        "annotation-image",
        std::sync::Arc::as_ptr(&image.bytes) as usize,
        image.bytes.len(),
    ));
    if let Some(cached) = ctx.data(|d| d.get_temp::<Option<egui::TextureHandle>>(key)) {
        return cached;
    }
    let decoded = decode(image).map(|img| {
        ctx.load_texture(
            format!("annotation-image-{}", key.value()),
            img,
            egui::TextureOptions::LINEAR,
        )
    });
    ctx.data_mut(|d| d.insert_temp(key, decoded.clone()));
    decoded
}

/// The image's pixels: a PNG decoded, an SVG rendered at most 1024 pixels wide.
fn decode(image: &ImageData) -> Option<egui::ColorImage> {
    use resvg::tiny_skia::Pixmap;
    let pixmap = match image.format {
        ImageFormat::Png if image.pixels_bounded() => Pixmap::decode_png(&image.bytes).ok()?,
        ImageFormat::Png => return None,
        ImageFormat::Svg => {
            let tree = resvg::usvg::Tree::from_data(&image.bytes, &resvg::usvg::Options::default())
                .ok()?;
            let size = tree.size();
            let scale = (1024.0 / size.width().max(size.height())).min(4.0);
            let mut pixmap = Pixmap::new(
                ((size.width() * scale).ceil() as u32).max(1),
                ((size.height() * scale).ceil() as u32).max(1),
            )?;
            resvg::render(
                &tree,
                resvg::tiny_skia::Transform::from_scale(scale, scale),
                &mut pixmap.as_mut(),
            );
            pixmap
        }
    };
    Some(egui::ColorImage::from_rgba_premultiplied(
        [pixmap.width() as usize, pixmap.height() as usize],
        pixmap.data(),
    ))
}
