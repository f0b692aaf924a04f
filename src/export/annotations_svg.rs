//! Writes the user's annotations of a [`Composition`] as SVG: one group per annotation
//! (`annotation-3`), over the map and clipped to its frame, texts kept as text, images
//! embedded.

use super::svg::{Paint, Svg, TextStyle};
use crate::carto::Composition;
use crate::carto::annotations::{AnnotationDraw, AnnotationShape, TextBlock};
use crate::export::map_frame::path_d;
use crate::model::Dataset;

/// The halo under an annotation's text, in reference points.
const TEXT_HALO: f64 = 3.0;

/// The annotations' layer (nothing when there are none).
pub fn write_annotations(svg: &mut Svg, dataset: &Dataset, comp: &Composition) {
    if comp.annotations.is_empty() {
        return;
    }
    let frame = comp.view.frame();
    svg.begin_clip(frame.min.x, frame.min.y, frame.width(), frame.height());
    svg.begin_layer("annotations", "Annotations");
    for a in &comp.annotations {
        svg.begin_group(&a.id.svg_id());
        write_one(svg, dataset, comp, a);
        svg.end_group();
    }
    svg.end_group();
    svg.end_group();
}

fn write_one(svg: &mut Svg, dataset: &Dataset, comp: &Composition, a: &AnnotationDraw) {
    match &a.shape {
        AnnotationShape::Text(block) => {
            text_lines(svg, block, a.colour, Some(TEXT_HALO * comp.scale));
        }
        AnnotationShape::Callout {
            block,
            leader,
            stroke,
            fill,
        } => {
            svg.line(
                (leader.0.x, leader.0.y),
                (leader.1.x, leader.1.y),
                stroke.colour,
                stroke.width,
            );
            svg.circle(
                leader.1.x,
                leader.1.y,
                stroke.width * 1.6,
                Paint::fill(stroke.colour),
            );
            let r = block.rect;
            svg.rect(
                r.min.x,
                r.min.y,
                r.width(),
                r.height(),
                Paint {
                    fill: Some((fill.rgb, f64::from(fill.alpha))),
                    stroke: Some((stroke.colour, stroke.width)),
                },
            );
            text_lines(svg, block, [0x16, 0x22, 0x2e], None);
        }
        AnnotationShape::Arrow {
            from,
            head,
            shaft_end,
            stroke,
            ..
        } => {
            svg.line(
                (from.x, from.y),
                (shaft_end.x, shaft_end.y),
                stroke.colour,
                stroke.width,
            );
            let d = format!(
                "M{:.2},{:.2}L{:.2},{:.2}L{:.2},{:.2}Z",
                head[0].x, head[0].y, head[1].x, head[1].y, head[2].x, head[2].y
            );
            svg.path(&d, Paint::fill(stroke.colour), None);
        }
        AnnotationShape::Rectangle { rect, stroke, fill } => svg.rect(
            rect.min.x,
            rect.min.y,
            rect.width(),
            rect.height(),
            paint(*fill, stroke),
        ),
        AnnotationShape::Ellipse { rect, stroke, fill } => {
            let c = rect.center();
            svg.ellipse(
                c.x,
                c.y,
                rect.width() / 2.0,
                rect.height() / 2.0,
                paint(*fill, stroke),
            );
        }
        AnnotationShape::Highlight {
            id,
            index,
            lod,
            stroke,
        } => {
            if let crate::carto::LayerId::Bundle(kind) = id
                && let Some(f) = dataset.features(*kind).get(*index)
            {
                let lod = u8::try_from(*lod).unwrap_or(u8::MAX);
                let d = path_d(&comp.view, &dataset.topology.multipolygon(f, lod));
                svg.path(&d, Paint::stroke(stroke.colour, stroke.width), None);
            }
        }
        AnnotationShape::Image { rect, image } => svg.image(
            rect.min.x,
            rect.min.y,
            rect.width(),
            rect.height(),
            image.format.mime(),
            &image.bytes,
        ),
    }
}

fn paint(fill: Option<crate::carto::Rgba>, stroke: &crate::carto::Stroke) -> Paint {
    Paint {
        fill: fill.map(|f| (f.rgb, f64::from(f.alpha))),
        stroke: Some((stroke.colour, stroke.width)),
    }
}

fn text_lines(svg: &mut Svg, block: &TextBlock, colour: [u8; 3], halo: Option<f64>) {
    let style = TextStyle::new(block.size).colour(colour);
    for (i, line) in block.lines.iter().enumerate() {
        let at = block.baseline(i);
        match halo {
            Some(h) => svg.text_with_halo(at.x, at.y, line, style, h),
            None => svg.text(at.x, at.y, line, style),
        }
    }
}
