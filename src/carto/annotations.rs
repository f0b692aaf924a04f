//! What the user writes and draws on the map: text boxes, callouts with a leader line to a
//! place, arrows, rectangles and ellipses, a unit highlighted, images (logos). Kept with the
//! map's settings (so views, projects and undo keep them), resolved here into frame units for
//! a view — the one description the screen's painter and the SVG writer both draw, each shape
//! with its id.
//!
//! A shape's points are placed either on the ground (longitude, latitude: they follow pan and
//! zoom) or on the map's frame (fractions of its width and height: a logo stays in its corner).
//! Sizes are in reference points, scaled like the map's names.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::geom::{Pos, Rect};
use super::paint::{Rgba, Stroke};
use super::projection::ViewTransform;
use super::text::text_width;
use super::{LayerId, Rgb};
use crate::model::UnitRef;

/// An annotation's id: stable across edits, named in the SVG (`annotation-3`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AnnotationId(pub u32);

impl AnnotationId {
    /// The id of the annotation's group in an SVG.
    pub fn svg_id(self) -> String {
        format!("annotation-{}", self.0)
    }
}

/// Where a point of an annotation is.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Place {
    /// On the ground: it follows the map.
    Geo { lon: f64, lat: f64 },
    /// On the map's frame, as fractions of its width and height from its top-left corner.
    Frame { x: f64, y: f64 },
}

impl Place {
    /// The point in frame units for `view`.
    pub fn resolve(self, view: &ViewTransform) -> Pos {
        match self {
            Place::Geo { lon, lat } => view.frame_from_lonlat(geo::Point::new(lon, lat)),
            Place::Frame { x, y } => {
                let f = view.frame();
                Pos::new(f.min.x + x * f.width(), f.min.y + y * f.height())
            }
        }
    }

    /// The same kind of place at `pos` (frame units of `view`).
    pub fn moved_to(self, pos: Pos, view: &ViewTransform) -> Place {
        match self {
            Place::Geo { .. } => {
                let p = view.lonlat_from_frame(pos);
                Place::Geo {
                    lon: p.x(),
                    lat: p.y(),
                }
            }
            Place::Frame { .. } => {
                let f = view.frame();
                Place::Frame {
                    x: (pos.x - f.min.x) / f.width().max(1e-9),
                    y: (pos.y - f.min.y) / f.height().max(1e-9),
                }
            }
        }
    }

    fn is_finite(self) -> bool {
        match self {
            Place::Geo { lon, lat } => lon.is_finite() && lat.is_finite(),
            Place::Frame { x, y } => x.is_finite() && y.is_finite(),
        }
    }
}

/// An image's bytes (PNG or SVG), kept inline so that the map carries its logo to a project,
/// a view or another machine; serialised as base64.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImageData {
    pub format: ImageFormat,
    /// The image's own size in pixels (its aspect ratio).
    pub width: u32,
    pub height: u32,
    #[serde(with = "base64_bytes")]
    pub bytes: Arc<Vec<u8>>,
}

impl ImageData {
    /// An image's bytes and size (as read by `io::image_file`).
    pub fn new(svg: bool, width: u32, height: u32, bytes: Vec<u8>) -> Self {
        ImageData {
            format: if svg {
                ImageFormat::Svg
            } else {
                ImageFormat::Png
            },
            width,
            height,
            bytes: Arc::new(bytes),
        }
    }
}

/// The most pixels an image may decode to (a PNG of 2 Mo may declare a gigantic canvas).
pub const MAX_IMAGE_PIXELS: u64 = 25_000_000;

impl ImageData {
    /// Whether decoding it stays bounded: a PNG's own header (not the size said beside it)
    /// gives at most [`MAX_IMAGE_PIXELS`]; an SVG is rendered at a bounded size anyway.
    pub fn pixels_bounded(&self) -> bool {
        match self.format {
            ImageFormat::Svg => true,
            ImageFormat::Png => {
                let b = self.bytes.as_slice();
                let dim = |at: usize| {
                    b.get(at..at + 4)
                        .and_then(|s| s.try_into().ok())
                        .map(u32::from_be_bytes)
                };
                match (b.get(12..16), dim(16), dim(20)) {
                    (Some(b"IHDR"), Some(w), Some(h)) => {
                        w > 0 && h > 0 && u64::from(w) * u64::from(h) <= MAX_IMAGE_PIXELS
                    }
                    _ => false,
                }
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    Png,
    Svg,
}

impl ImageFormat {
    pub fn mime(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Svg => "image/svg+xml",
        }
    }
}

mod base64_bytes {
    use std::sync::Arc;

    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &Arc<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes.as_slice()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<Vec<u8>>, D::Error> {
        let text = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(text.as_bytes())
            .map(Arc::new)
            .map_err(|e| serde::de::Error::custom(format!("image illisible (base64 : {e})")))
    }
}

/// What an annotation is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum AnnotationKind {
    /// Text (lines split on new lines), its top-left corner at `at`.
    Texte { at: Place, text: String, size: f64 },
    /// A text box with a leader line to a place on the ground.
    Bulle {
        target: Place,
        at: Place,
        text: String,
        size: f64,
    },
    /// An arrow from `from` to `to` (the head at `to`).
    Fleche { from: Place, to: Place, width: f64 },
    /// A rectangle between two corners.
    Rectangle {
        from: Place,
        to: Place,
        width: f64,
        filled: bool,
    },
    /// An ellipse in the rectangle between two corners.
    Ellipse {
        from: Place,
        to: Place,
        width: f64,
        filled: bool,
    },
    /// A unit of the map outlined in the annotation's colour.
    Surlignage { unit: UnitRef, width: f64 },
    /// An image (a logo), its top-left corner at `at`, `width` reference points wide.
    Image {
        at: Place,
        width: f64,
        image: ImageData,
    },
}

/// One annotation: what it is and its colour.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: AnnotationId,
    pub colour: Rgb,
    #[serde(flatten)]
    pub kind: AnnotationKind,
}

/// The colour annotations take by default (a dark red that reads over every palette's light
/// and dark classes).
pub const DEFAULT_COLOUR: Rgb = [0xb0, 0x1c, 0x2e];
/// Text size of a new text or callout, in reference points.
pub const DEFAULT_TEXT_SIZE: f64 = 14.0;
/// Line width of a new arrow or shape, in reference points.
pub const DEFAULT_LINE_WIDTH: f64 = 2.0;
/// The largest image kept inline (bytes).
pub const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;

impl Annotation {
    /// The kind's name, in French, for lists and messages.
    pub fn kind_fr(&self) -> &'static str {
        match self.kind {
            AnnotationKind::Texte { .. } => "texte",
            AnnotationKind::Bulle { .. } => "bulle",
            AnnotationKind::Fleche { .. } => "flèche",
            AnnotationKind::Rectangle { .. } => "rectangle",
            AnnotationKind::Ellipse { .. } => "ellipse",
            AnnotationKind::Surlignage { .. } => "surlignage",
            AnnotationKind::Image { .. } => "image",
        }
    }

    /// The text it shows, if any.
    pub fn text(&self) -> Option<&str> {
        match &self.kind {
            AnnotationKind::Texte { text, .. } | AnnotationKind::Bulle { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The same annotation moved by `(dx, dy)` frame units of `view` (every point of it, the
    /// leader's target included only when `with_target`).
    pub fn moved_by(&self, dx: f64, dy: f64, view: &ViewTransform, with_target: bool) -> Self {
        let shift = |p: Place| {
            let at = p.resolve(view);
            p.moved_to(Pos::new(at.x + dx, at.y + dy), view)
        };
        let mut out = self.clone();
        match &mut out.kind {
            AnnotationKind::Texte { at, .. } | AnnotationKind::Image { at, .. } => *at = shift(*at),
            AnnotationKind::Bulle { target, at, .. } => {
                *at = shift(*at);
                if with_target {
                    *target = shift(*target);
                }
            }
            AnnotationKind::Fleche { from, to, .. }
            | AnnotationKind::Rectangle { from, to, .. }
            | AnnotationKind::Ellipse { from, to, .. } => {
                *from = shift(*from);
                *to = shift(*to);
            }
            AnnotationKind::Surlignage { .. } => {}
        }
        out
    }

    /// Whether every number in it is finite and every size positive (a settings file edited by
    /// hand may hold anything: such an annotation is dropped when read).
    pub fn is_sound(&self) -> bool {
        let size_ok = |s: f64| s.is_finite() && s > 0.0 && s <= 500.0;
        match &self.kind {
            AnnotationKind::Texte { at, size, .. } => at.is_finite() && size_ok(*size),
            AnnotationKind::Bulle {
                target, at, size, ..
            } => target.is_finite() && at.is_finite() && size_ok(*size),
            AnnotationKind::Fleche { from, to, width }
            | AnnotationKind::Rectangle {
                from, to, width, ..
            }
            | AnnotationKind::Ellipse {
                from, to, width, ..
            } => from.is_finite() && to.is_finite() && size_ok(*width),
            AnnotationKind::Surlignage { width, .. } => size_ok(*width),
            AnnotationKind::Image { at, width, image } => {
                at.is_finite()
                    && size_ok(*width)
                    && image.width > 0
                    && image.height > 0
                    && image.bytes.len() <= MAX_IMAGE_BYTES
                    && image.pixels_bounded()
            }
        }
    }
}

/// The next free id among `annotations`.
pub fn next_id(annotations: &[Annotation]) -> AnnotationId {
    AnnotationId(annotations.iter().map(|a| a.id.0 + 1).max().unwrap_or(1))
}

/// An annotation as drawn, in frame units.
#[derive(Clone, Debug, PartialEq)]
pub struct AnnotationDraw {
    pub id: AnnotationId,
    pub colour: Rgb,
    pub shape: AnnotationShape,
}

/// A text block: its lines, top-left first baseline at `rect.min + (pad, pad + ascent)`.
#[derive(Clone, Debug, PartialEq)]
pub struct TextBlock {
    /// The box (padding included).
    pub rect: Rect,
    pub lines: Vec<String>,
    pub size: f64,
    pub line_height: f64,
    pub padding: f64,
}

impl TextBlock {
    /// The baseline of line `i`'s left end.
    pub fn baseline(&self, i: usize) -> Pos {
        Pos::new(
            self.rect.min.x + self.padding,
            self.rect.min.y + self.padding + self.size * 0.93 + i as f64 * self.line_height,
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum AnnotationShape {
    /// Text with a halo.
    Text(TextBlock),
    /// A framed text box and its leader line from the box's nearest edge to the target.
    Callout {
        block: TextBlock,
        leader: (Pos, Pos),
        stroke: Stroke,
        fill: Rgba,
    },
    /// A shaft and a filled head (three points: tip, then the two barbs); the shaft stops at
    /// the head's base (`shaft_end`), so its square end does not poke through the tip.
    Arrow {
        from: Pos,
        to: Pos,
        head: [Pos; 3],
        shaft_end: Pos,
        stroke: Stroke,
    },
    Rectangle {
        rect: Rect,
        stroke: Stroke,
        fill: Option<Rgba>,
    },
    Ellipse {
        rect: Rect,
        stroke: Stroke,
        fill: Option<Rgba>,
    },
    /// A unit's whole outline (its layer, index and level of detail), as an emphasis.
    Highlight {
        id: LayerId,
        index: usize,
        lod: usize,
        stroke: Stroke,
    },
    Image {
        rect: Rect,
        image: ImageData,
    },
}

impl AnnotationDraw {
    /// The box it covers (for picking, moving, and keeping names off its texts and images).
    pub fn bounds(&self) -> Option<Rect> {
        let of_points = |ps: &[Pos], pad: f64| {
            let (mut min, mut max) = (ps[0], ps[0]);
            for p in ps {
                min = Pos::new(min.x.min(p.x), min.y.min(p.y));
                max = Pos::new(max.x.max(p.x), max.y.max(p.y));
            }
            Rect::from_min_max(min, max).expand(pad)
        };
        match &self.shape {
            AnnotationShape::Text(b) => Some(b.rect),
            AnnotationShape::Callout { block, leader, .. } => {
                let r = of_points(&[leader.0, leader.1], 0.0);
                Some(Rect::from_min_max(
                    Pos::new(r.min.x.min(block.rect.min.x), r.min.y.min(block.rect.min.y)),
                    Pos::new(r.max.x.max(block.rect.max.x), r.max.y.max(block.rect.max.y)),
                ))
            }
            AnnotationShape::Arrow {
                from, head, stroke, ..
            } => Some(of_points(&[*from, head[0], head[1], head[2]], stroke.width)),
            AnnotationShape::Rectangle { rect, stroke, .. }
            | AnnotationShape::Ellipse { rect, stroke, .. } => Some(rect.expand(stroke.width)),
            AnnotationShape::Image { rect, .. } => Some(*rect),
            AnnotationShape::Highlight { .. } => None,
        }
    }

    /// The boxes the map's names must keep off: texts, callouts' boxes and images.
    pub fn keep_free(&self) -> Option<Rect> {
        match &self.shape {
            AnnotationShape::Text(b) => Some(b.rect),
            AnnotationShape::Callout { block, .. } => Some(block.rect),
            AnnotationShape::Image { rect, .. } => Some(*rect),
            _ => None,
        }
    }
}

/// A text block at `at` (its top-left corner), `size` frame units.
pub fn text_block(text: &str, at: Pos, size: f64, padding: f64) -> TextBlock {
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let lines = if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    };
    let line_height = size * 1.25;
    let width = lines
        .iter()
        .map(|l| text_width(l, size, false))
        .fold(0.0, f64::max);
    let height = size * 1.2 + (lines.len() - 1) as f64 * line_height;
    TextBlock {
        rect: Rect::from_min_size(at, width + 2.0 * padding, height + 2.0 * padding),
        lines,
        size,
        line_height,
        padding,
    }
}

/// The point of `rect`'s outline nearest to `p` (a leader line starts there).
fn nearest_on_edge(rect: &Rect, p: Pos) -> Pos {
    let x = p.x.clamp(rect.min.x, rect.max.x);
    let y = p.y.clamp(rect.min.y, rect.max.y);
    if !rect.contains(p) {
        return Pos::new(x, y);
    }
    // Inside: to the nearest side.
    let d = [
        (p.x - rect.min.x, Pos::new(rect.min.x, p.y)),
        (rect.max.x - p.x, Pos::new(rect.max.x, p.y)),
        (p.y - rect.min.y, Pos::new(p.x, rect.min.y)),
        (rect.max.y - p.y, Pos::new(p.x, rect.max.y)),
    ];
    d.into_iter()
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map_or(p, |(_, q)| q)
}

/// The arrow's head: tip at `to`, barbs back along the shaft.
fn arrow_head(from: Pos, to: Pos, width: f64) -> [Pos; 3] {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let len = dx.hypot(dy).max(1e-9);
    let (ux, uy) = (dx / len, dy / len);
    let l = (width * 4.5).max(6.0 * width.min(1.5)).min(len * 0.6);
    let w = l * 0.45;
    let base = Pos::new(to.x - ux * l, to.y - uy * l);
    [
        to,
        Pos::new(base.x - uy * w, base.y + ux * w),
        Pos::new(base.x + uy * w, base.y - ux * w),
    ]
}

/// Finds a unit of the map: its layer and index, if the map has it.
pub trait UnitLookup {
    fn find(&self, unit: &UnitRef) -> Option<(LayerId, usize)>;
}

/// The annotations as drawn in `view`, scale `s` (frame units per reference point), the
/// bundle's level of detail `lod`; an annotation whose unit the map does not hold is left out.
pub fn resolve(
    annotations: &[Annotation],
    view: &ViewTransform,
    s: f64,
    lod: usize,
    units: &dyn UnitLookup,
) -> Vec<AnnotationDraw> {
    annotations
        .iter()
        .filter(|a| a.is_sound())
        .filter_map(|a| {
            let stroke = |w: f64| Stroke {
                colour: a.colour,
                width: w * s,
            };
            let light = Rgba {
                rgb: a.colour,
                alpha: 0.18,
            };
            let shape = match &a.kind {
                AnnotationKind::Texte { at, text, size } => AnnotationShape::Text(text_block(
                    text,
                    at.resolve(view),
                    size * s,
                    size * s * 0.25,
                )),
                AnnotationKind::Bulle {
                    target,
                    at,
                    text,
                    size,
                } => {
                    let block = text_block(text, at.resolve(view), size * s, size * s * 0.45);
                    let target = target.resolve(view);
                    AnnotationShape::Callout {
                        leader: (nearest_on_edge(&block.rect, target), target),
                        block,
                        stroke: stroke(1.2),
                        fill: Rgba {
                            rgb: [255, 255, 255],
                            alpha: 0.94,
                        },
                    }
                }
                AnnotationKind::Fleche { from, to, width } => {
                    let (from, to) = (from.resolve(view), to.resolve(view));
                    let head = arrow_head(from, to, width * s);
                    AnnotationShape::Arrow {
                        from,
                        to,
                        head,
                        shaft_end: Pos::new(
                            (head[1].x + head[2].x) / 2.0,
                            (head[1].y + head[2].y) / 2.0,
                        ),
                        stroke: stroke(*width),
                    }
                }
                AnnotationKind::Rectangle {
                    from,
                    to,
                    width,
                    filled,
                } => AnnotationShape::Rectangle {
                    rect: corners(from.resolve(view), to.resolve(view)),
                    stroke: stroke(*width),
                    fill: filled.then_some(light),
                },
                AnnotationKind::Ellipse {
                    from,
                    to,
                    width,
                    filled,
                } => AnnotationShape::Ellipse {
                    rect: corners(from.resolve(view), to.resolve(view)),
                    stroke: stroke(*width),
                    fill: filled.then_some(light),
                },
                AnnotationKind::Surlignage { unit, width } => {
                    let (id, index) = units.find(unit)?;
                    AnnotationShape::Highlight {
                        id,
                        index,
                        lod: if matches!(id, LayerId::User(_)) {
                            0
                        } else {
                            lod
                        },
                        stroke: stroke(*width),
                    }
                }
                AnnotationKind::Image { at, width, image } => {
                    let w = width * s;
                    let h = w * f64::from(image.height) / f64::from(image.width);
                    AnnotationShape::Image {
                        rect: Rect::from_min_size(at.resolve(view), w, h),
                        image: image.clone(),
                    }
                }
            };
            Some(AnnotationDraw {
                id: a.id,
                colour: a.colour,
                shape,
            })
        })
        .collect()
}

fn corners(a: Pos, b: Pos) -> Rect {
    Rect::from_min_max(
        Pos::new(a.x.min(b.x), a.y.min(b.y)),
        Pos::new(a.x.max(b.x), a.y.max(b.y)),
    )
}

/// The annotation drawn at `p`, topmost (last drawn) first.
pub fn hit(draws: &[AnnotationDraw], p: Pos, tolerance: f64) -> Option<AnnotationId> {
    draws
        .iter()
        .rev()
        .find(|d| d.bounds().is_some_and(|b| b.expand(tolerance).contains(p)))
        .map(|d| d.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoUnits;
    impl UnitLookup for NoUnits {
        fn find(&self, _: &UnitRef) -> Option<(LayerId, usize)> {
            None
        }
    }

    fn view() -> ViewTransform {
        ViewTransform::new(
            geo::Point::new(2.0, 46.5),
            5.0,
            Rect::from_min_size(Pos::new(0.0, 0.0), 800.0, 600.0),
        )
    }

    fn text(id: u32, at: Place) -> Annotation {
        Annotation {
            id: AnnotationId(id),
            colour: DEFAULT_COLOUR,
            kind: AnnotationKind::Texte {
                at,
                text: "nouvelle usine\nmise en service 2026".into(),
                size: 14.0,
            },
        }
    }

    #[test]
    fn a_ground_place_follows_the_view_and_a_frame_place_stays() {
        let v = view();
        let geo_place = Place::Geo {
            lon: 2.0,
            lat: 46.5,
        };
        let frame_place = Place::Frame { x: 0.9, y: 0.1 };
        assert_eq!(geo_place.resolve(&v), Pos::new(400.0, 300.0));
        assert_eq!(frame_place.resolve(&v), Pos::new(720.0, 60.0));
        let panned = ViewTransform::new(geo::Point::new(3.0, 46.5), 5.0, v.frame());
        assert!(geo_place.resolve(&panned).x < 400.0 - 10.0);
        assert_eq!(frame_place.resolve(&panned), Pos::new(720.0, 60.0));
    }

    #[test]
    fn a_moved_annotation_lands_where_it_was_dragged() {
        let v = view();
        for place in [
            Place::Geo {
                lon: 2.0,
                lat: 46.5,
            },
            Place::Frame { x: 0.5, y: 0.5 },
        ] {
            let a = text(1, place);
            let moved = a.moved_by(30.0, -20.0, &v, true);
            let AnnotationKind::Texte { at, .. } = moved.kind else {
                panic!("kind changed");
            };
            let p = at.resolve(&v);
            assert!(
                (p.x - 430.0).abs() < 1e-6 && (p.y - 280.0).abs() < 1e-6,
                "{p:?}"
            );
            assert_eq!(
                std::mem::discriminant(&at),
                std::mem::discriminant(&place),
                "a ground place stays on the ground"
            );
        }
    }

    #[test]
    fn a_text_box_fits_its_longest_line_and_its_lines() {
        let d = resolve(
            &[text(1, Place::Frame { x: 0.0, y: 0.0 })],
            &view(),
            1.0,
            0,
            &NoUnits,
        );
        let AnnotationShape::Text(block) = &d[0].shape else {
            panic!("not a text");
        };
        assert_eq!(block.lines.len(), 2);
        let widest = text_width("mise en service 2026", 14.0, false);
        assert!((block.rect.width() - widest - 2.0 * block.padding).abs() < 1e-9);
        assert!(block.baseline(1).y - block.baseline(0).y > 14.0);
        assert!(block.baseline(1).y < block.rect.max.y);
    }

    #[test]
    fn a_callout_leader_runs_from_the_box_edge_to_its_target() {
        let a = Annotation {
            id: AnnotationId(2),
            colour: DEFAULT_COLOUR,
            kind: AnnotationKind::Bulle {
                target: Place::Geo {
                    lon: 2.0,
                    lat: 46.5,
                },
                at: Place::Frame { x: 0.7, y: 0.1 },
                text: "ici".into(),
                size: 12.0,
            },
        };
        let d = resolve(&[a], &view(), 1.0, 0, &NoUnits);
        let AnnotationShape::Callout { block, leader, .. } = &d[0].shape else {
            panic!("not a callout");
        };
        assert_eq!(leader.1, Pos::new(400.0, 300.0));
        assert!(leader.0.y == block.rect.max.y || leader.0.x == block.rect.min.x);
        assert!(d[0].bounds().is_some_and(|b| b.contains(leader.1)));
    }

    #[test]
    fn an_arrow_head_points_at_its_end_and_picking_finds_the_topmost() {
        let arrow = Annotation {
            id: AnnotationId(3),
            colour: DEFAULT_COLOUR,
            kind: AnnotationKind::Fleche {
                from: Place::Frame { x: 0.1, y: 0.1 },
                to: Place::Frame { x: 0.5, y: 0.5 },
                width: 2.0,
            },
        };
        let over = text(4, Place::Frame { x: 0.45, y: 0.45 });
        let d = resolve(&[arrow, over], &view(), 1.0, 0, &NoUnits);
        let AnnotationShape::Arrow { head, to, .. } = &d[0].shape else {
            panic!("not an arrow");
        };
        assert_eq!(head[0], *to);
        assert!(head[1].x < to.x && head[2].y < to.y);
        assert_eq!(hit(&d, Pos::new(400.0, 300.0), 2.0), Some(AnnotationId(4)));
        assert_eq!(hit(&d, Pos::new(120.0, 90.0), 2.0), Some(AnnotationId(3)));
        assert_eq!(hit(&d, Pos::new(790.0, 590.0), 2.0), None);
    }

    #[test]
    fn an_unsound_annotation_is_dropped_and_ids_never_repeat() {
        let mut bad = text(
            7,
            Place::Frame {
                x: f64::NAN,
                y: 0.0,
            },
        );
        assert!(!bad.is_sound());
        assert!(resolve(&[bad.clone()], &view(), 1.0, 0, &NoUnits).is_empty());
        bad.kind = AnnotationKind::Texte {
            at: Place::Frame { x: 0.0, y: 0.0 },
            text: String::new(),
            size: -3.0,
        };
        assert!(!bad.is_sound());
        assert_eq!(
            next_id(&[text(7, Place::Frame { x: 0.0, y: 0.0 })]),
            AnnotationId(8)
        );
        assert_eq!(next_id(&[]), AnnotationId(1));
    }

    #[test]
    fn an_image_keeps_its_bytes_and_aspect_through_json() {
        let a = Annotation {
            id: AnnotationId(5),
            colour: DEFAULT_COLOUR,
            kind: AnnotationKind::Image {
                at: Place::Frame { x: 0.8, y: 0.8 },
                width: 60.0,
                image: ImageData {
                    format: ImageFormat::Png,
                    width: 200,
                    height: 100,
                    bytes: Arc::new(
                        b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\xc8\0\0\0\x64".to_vec(),
                    ),
                },
            },
        };
        let json = serde_json::to_string(&a).unwrap();
        assert!(json.contains("\"type\":\"image\""), "{json}");
        let back: Annotation = serde_json::from_str(&json).unwrap();
        assert_eq!(back, a);
        let d = resolve(&[a], &view(), 2.0, 0, &NoUnits);
        let AnnotationShape::Image { rect, .. } = &d[0].shape else {
            panic!("not an image");
        };
        assert_eq!((rect.width(), rect.height()), (120.0, 60.0));
    }
}
