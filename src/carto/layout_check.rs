//! The layout promises of a map page, checked from its composition and the boxes of its
//! furniture, without a screen: nothing of the furniture (title, legends, scale bar, north
//! arrow, sources, inset frames, buttons) over a unit the map is about; no name over another
//! text, the furniture or an inset frame, none outside its pane; no text under the medium's
//! least size, none crossing the edge of its box, none shortened with "…"; legend swatches at
//! least as tall as their text; the basemap covering the frame; every counted unit drawn.
//!
//! A page (screen or export) describes itself as [`LayoutFacts`]; [`check`] returns every
//! broken promise, each naming its case, rather than stopping at the first (as geo's
//! `validation_errors`). `tests/layout.rs` runs it over views × sizes × options.

use geo::{BoundingRect as _, Intersects as _, MapCoords as _};

use super::compose::Composition;
use super::geom::{Pos, Rect};
use super::page_layout::PageElement;
use super::projection::WorldRect;
use super::scene::MapScene;
use super::{LayerId, Rgb};
use crate::model::{Dataset, LayerKind};

/// Least text size on screen (points).
pub const MIN_SCREEN_TEXT: f64 = 11.0;
/// Least text size on paper (points).
pub const MIN_PAPER_TEXT_PT: f64 = 7.0;
/// CSS pixels per point (a PNG or SVG export is read as a 96 dpi page).
pub const PX_PER_PT: f64 = 96.0 / 72.0;
/// Least contrast (WCAG) of the selection's outline against any class colour.
pub const MIN_SELECTION_CONTRAST: f64 = 3.0;

/// Something on the page, named for the messages.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub what: String,
    pub rect: Rect,
    /// The page's element it is (the Mise en page moves it), if it is one.
    pub element: Option<PageElement>,
    /// Whether the user put it where it is: its place is the user's, not a promise of the
    /// automatic layout (its texts are still checked).
    pub user: bool,
}

impl Item {
    pub fn new(what: &str, rect: Rect) -> Self {
        Item {
            what: what.to_owned(),
            rect,
            element: None,
            user: false,
        }
    }

    /// A page's element, placed by the user (`user`) or by the automatic layout.
    pub fn element(what: &str, rect: Rect, element: PageElement, user: bool) -> Self {
        Item {
            element: Some(element),
            user,
            ..Item::new(what, rect)
        }
    }
}

/// A line of text as drawn: its box (from its baseline and the font's advances) and size.
#[derive(Clone, Debug, PartialEq)]
pub struct TextItem {
    pub text: String,
    pub rect: Rect,
    pub size: f64,
}

impl TextItem {
    /// The box of a line drawn at `x` (its start, middle or end per `anchor`: 0, 0.5, 1) with
    /// its baseline at `y`: from the cap height above to the descenders below.
    pub fn at_baseline(text: &str, x: f64, y: f64, size: f64, bold: bool, anchor: f64) -> Self {
        let w = super::text::text_width(text, size, bold);
        let left = x - anchor * w;
        TextItem {
            text: text.to_owned(),
            rect: Rect::from_min_max(
                Pos::new(left, y - 0.74 * size),
                Pos::new(left + w, y + 0.2 * size),
            ),
            size,
        }
    }
}

/// A table cell as drawn on a page, and the texts drawn in it (indices into the page's texts).
#[derive(Clone, Debug, PartialEq)]
pub struct CellBox {
    pub rect: Rect,
    pub texts: std::ops::Range<usize>,
}

/// The texts of `cells` that run past their cell (into the next cell or empty space), one
/// message each, naming the text and how far it runs; overruns thinner than `tolerance` are
/// not counted. A cell naming texts that do not exist is said too.
pub fn cell_overruns(texts: &[TextItem], cells: &[CellBox], tolerance: f64) -> Vec<String> {
    let mut out = Vec::new();
    for cell in cells {
        let Some(inside) = texts.get(cell.texts.clone()) else {
            out.push(format!(
                "une cellule nomme les textes {:?} sur {}",
                cell.texts,
                texts.len()
            ));
            continue;
        };
        let r = cell.rect;
        for t in inside {
            let past = (r.min.x - t.rect.min.x)
                .max(t.rect.max.x - r.max.x)
                .max(r.min.y - t.rect.min.y)
                .max(t.rect.max.y - r.max.y);
            if past > tolerance {
                out.push(format!(
                    "« {} » dépasse sa cellule de {past:.1} pt (cellule x {:.1}–{:.1}, texte x {:.1}–{:.1})",
                    t.text, r.min.x, r.max.x, t.rect.min.x, t.rect.max.x
                ));
            }
        }
    }
    out
}

/// A legend swatch and the size of the text beside it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Swatch {
    pub rect: Rect,
    pub text_size: f64,
}

/// What a page says of itself.
#[derive(Clone, Debug)]
pub struct LayoutFacts {
    /// The whole drawing (the window's map area on screen).
    pub page: Rect,
    /// Least text size, in frame units.
    pub min_text: f64,
    /// The map, with its insets.
    pub composition: Composition,
    /// What the map is about: units whose box lies inside it must stay clear of the furniture
    /// (France's mainland, a région's box…).
    pub focus: WorldRect,
    /// Boxes over or around the map (title, legend, scale bar, north arrow, sources,
    /// buttons); the insets' frames are read from the composition.
    pub furniture: Vec<Item>,
    /// Texts other than the map's names (which are read from the composition).
    pub texts: Vec<TextItem>,
    pub swatches: Vec<Swatch>,
    /// Whether every unit of the subject layers with a geometry must be drawn (France
    /// entière).
    pub every_unit: bool,
    /// The basemap's tile zoom, when the offline basemap is drawn under the map.
    pub basemap_tile_zoom: Option<u8>,
}

/// Overlaps thinner than this (frame units, times the composition's scale) are not counted.
const TOLERANCE: f64 = 1.0;

/// Every broken promise of the page, each starting with `case`.
pub fn check(case: &str, facts: &LayoutFacts, dataset: &Dataset, scene: &MapScene) -> Vec<String> {
    let mut out = Vec::new();
    let comp = &facts.composition;
    let tol = TOLERANCE * comp.scale.max(0.5);
    let mut say = |m: String| out.push(format!("{case} : {m}"));
    let mut furniture = facts.furniture.clone();
    for inset in &comp.insets {
        furniture.push(Item::new(
            &format!("encart {}", inset.area.name),
            inset.rect,
        ));
    }
    // Furniture inside the page, apart from each other.
    for (i, a) in furniture.iter().enumerate() {
        if !facts.page.expand(tol).contains_rect(&a.rect) {
            say(format!("{} sort de la page ({:?})", a.what, a.rect));
        }
        for b in furniture.iter().skip(i + 1) {
            if !a.user && !b.user && a.rect.expand(-tol).intersects(&b.rect) {
                say(format!("{} et {} se chevauchent", a.what, b.what));
            }
        }
    }
    // Furniture over the units the map is about.
    let automatic: Vec<Item> = furniture.iter().filter(|f| !f.user).cloned().collect();
    for (what, index) in furniture_over_units(comp, &facts.focus, &automatic, dataset, scene, tol) {
        say(format!("{what} couvre l'unité {index}"));
    }
    // Names: inside their pane, clear of the furniture.
    let frame = comp.view.frame();
    for l in &comp.labels {
        if !frame.expand(tol).contains_rect(&l.rect) {
            say(format!("le nom « {} » sort du cadre", l.label.text));
        }
        if let Some(f) = furniture
            .iter()
            .find(|f| f.rect.intersects(&l.rect.expand(-tol)))
        {
            say(format!("le nom « {} » est sous {}", l.label.text, f.what));
        }
    }
    for inset in &comp.insets {
        let pane = inset.map.view.frame();
        for l in &inset.map.labels {
            if !pane.expand(-inset.border.width).contains_rect(&l.rect) {
                say(format!(
                    "le nom « {} » touche le cadre de l'encart {}",
                    l.label.text, inset.area.name
                ));
            }
        }
    }
    // Every text: size, inside the page, no ellipsis, no two over each other, none across the
    // edge of a box.
    let mut texts: Vec<TextItem> = facts.texts.clone();
    let names = comp
        .labels
        .iter()
        .chain(comp.insets.iter().flat_map(|i| i.map.labels.iter()));
    texts.extend(names.map(|l| TextItem {
        text: l.label.text.clone(),
        rect: l.rect,
        size: l.label.font_size,
    }));
    let mut boxes: Vec<Item> = furniture.clone();
    boxes.push(Item::new("le cadre de la carte", frame));
    for t in &texts {
        if t.size < facts.min_text - 1e-6 {
            say(format!(
                "« {} » en {:.1} (au moins {:.1})",
                t.text, t.size, facts.min_text
            ));
        }
        if !facts.page.expand(tol).contains_rect(&t.rect) {
            say(format!("« {} » sort de la page", t.text));
        }
        if t.text.contains('…') {
            say(format!("« {} » est tronqué", t.text));
        }
        let inner = t.rect.expand(-tol);
        for b in &boxes {
            if b.rect.intersects(&inner) && !b.rect.expand(tol).contains_rect(&t.rect) {
                say(format!("« {} » passe le bord de {}", t.text, b.what));
            }
        }
    }
    for (i, a) in texts.iter().enumerate() {
        for b in texts.iter().skip(i + 1) {
            if a.rect.expand(-tol).intersects(&b.rect.expand(-tol)) {
                say(format!("« {} » et « {} » se chevauchent", a.text, b.text));
            }
        }
    }
    for s in &facts.swatches {
        if s.rect.height() + 1e-6 < s.text_size {
            say(format!(
                "case de légende de {:.1} de haut pour un texte de {:.1}",
                s.rect.height(),
                s.text_size
            ));
        }
    }
    if let Some(z) = facts.basemap_tile_zoom
        && comp.backdrop.is_none()
        && !super::basemap_cover::covers(&comp.view, z)
    {
        say(format!(
            "le fond de carte (tuiles {z}) ne couvre pas le cadre"
        ));
    }
    if facts.every_unit {
        for (id, index) in missing_units(comp, scene) {
            say(format!(
                "l'unité {index} de {} n'est pas dessinée",
                id.class()
            ));
        }
    }
    out
}

/// The layers a map is about (not the régions and départements drawn as context).
fn is_subject(id: LayerId) -> bool {
    !matches!(
        id,
        LayerId::Bundle(LayerKind::Regions | LayerKind::Departements)
    )
}

/// (furniture, feature index) for every drawn unit inside the focus that a box covers,
/// polygons projected at the drawn level of detail.
fn furniture_over_units(
    comp: &Composition,
    focus: &WorldRect,
    furniture: &[Item],
    dataset: &Dataset,
    scene: &MapScene,
    tol: f64,
) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let view = &comp.view;
    let focus = focus.expand(focus.width().max(focus.height()) * 0.01);
    for layer in comp.layers.iter().filter(|l| is_subject(l.id)) {
        let LayerId::Bundle(kind) = layer.id else {
            continue;
        };
        let Some(scene_layer) = scene.layer(kind) else {
            continue;
        };
        let lod = u8::try_from(layer.lod).unwrap_or(u8::MAX);
        for f in &layer.features {
            let Some(sf) = scene_layer.features.get(f.index) else {
                continue;
            };
            let inside = focus.min[0] <= sf.bbox_world.min[0]
                && sf.bbox_world.max[0] <= focus.max[0]
                && focus.min[1] <= sf.bbox_world.min[1]
                && sf.bbox_world.max[1] <= focus.max[1];
            if !inside {
                continue;
            }
            let Some(bbox) = view.frame_rect_from_world(&sf.bbox_world) else {
                continue;
            };
            let near: Vec<&Item> = furniture
                .iter()
                .filter(|i| i.rect.expand(-tol).intersects(&bbox))
                .collect();
            if near.is_empty() {
                continue;
            }
            let Some(topo) = dataset.features(kind).get(f.index) else {
                continue;
            };
            let polygon = dataset.topology.multipolygon(topo, lod).map_coords(|c| {
                let p = view.frame_from_lonlat(geo::Point::from(c));
                geo::Coord { x: p.x, y: p.y }
            });
            if polygon.bounding_rect().is_none() {
                continue;
            }
            for item in near {
                let r = item.rect.expand(-tol);
                let rect = geo::Rect::new((r.min.x, r.min.y), (r.max.x, r.max.y));
                if polygon.intersects(&rect) {
                    out.push((item.what.clone(), f.index));
                }
            }
        }
    }
    out
}

/// Units of the subject layers, with a geometry, drawn neither on the main map nor in an inset.
fn missing_units(comp: &Composition, scene: &MapScene) -> Vec<(LayerId, usize)> {
    let mut out = Vec::new();
    for layer in comp.layers.iter().filter(|l| is_subject(l.id)) {
        let LayerId::Bundle(kind) = layer.id else {
            continue;
        };
        let Some(scene_layer) = scene.layer(kind) else {
            continue;
        };
        let drawn = |index: usize| {
            layer.features.iter().any(|f| f.index == index)
                || comp.insets.iter().any(|i| {
                    i.map
                        .layer(layer.id)
                        .is_some_and(|l| l.features.iter().any(|f| f.index == index))
                })
        };
        for (index, f) in scene_layer.features.iter().enumerate() {
            if !f.bbox_world.is_empty() && !drawn(index) {
                out.push((layer.id, index));
            }
        }
    }
    out
}

/// WCAG contrast ratio of two sRGB colours.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let luminance = |c: Rgb| {
        let l = |v: u8| crate::palette::colour::linear_from_srgb(v);
        0.2126 * l(c[0]) + 0.7152 * l(c[1]) + 0.0722 * l(c[2])
    };
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Class colours (of every palette offered, at every class count, the typologies' palettes and
/// the bivariate grid)
/// against which none of the outline's `strokes` reaches [`MIN_SELECTION_CONTRAST`].
pub fn selection_contrast_failures(strokes: &[Rgb]) -> Vec<String> {
    use crate::palette::{Palette, Scheme};
    let mut colours: Vec<(String, Rgb)> = Vec::new();
    for scheme in Scheme::ALL {
        for k in crate::palette::schemes::MIN_STORED_CLASSES
            ..=crate::palette::schemes::MAX_STORED_CLASSES
        {
            for (i, c) in Palette::new(scheme).colours(k).into_iter().enumerate() {
                colours.push((
                    format!("{} {k} classes, classe {}", scheme.name(), i + 1),
                    c,
                ));
            }
        }
    }
    for scheme in crate::palette::QualitativeScheme::ALL {
        for (i, c) in scheme.colours().into_iter().enumerate() {
            colours.push((format!("typologie {} couleur {}", scheme.name(), i + 1), c));
        }
    }
    for x in 0..3 {
        for y in 0..3 {
            if let Some(c) = crate::palette::bivariate::colour(x, y) {
                colours.push((format!("grille bivariée ({x}, {y})"), c));
            }
        }
    }
    colours
        .into_iter()
        .filter(|(_, c)| {
            strokes
                .iter()
                .all(|s| contrast(*s, *c) < MIN_SELECTION_CONTRAST)
        })
        .map(|(name, c)| format!("sélection peu visible sur {name} ({c:?})"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_is_the_wcag_ratio() {
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
        assert!((contrast([120, 120, 120], [120, 120, 120]) - 1.0).abs() < 1e-9);
        // A red outline alone is lost on the warm end of YlOrRd.
        assert!(!selection_contrast_failures(&[[0xe6, 0x3c, 0x1e]]).is_empty());
    }

    #[test]
    fn a_text_box_spans_its_advance() {
        let t = TextItem::at_baseline("Lille", 100.0, 50.0, 10.0, false, 0.5);
        assert!((t.rect.center().x - 100.0).abs() < 1e-9);
        assert!(t.rect.min.y < 50.0 && t.rect.max.y > 50.0);
    }
}
