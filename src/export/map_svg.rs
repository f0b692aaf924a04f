//! Writes a [`Composition`] as SVG, for people who finish maps in Inkscape or Illustrator:
//! named groups (basemap, each layer, names, projects), one path per unit carrying its id
//! (`ti-8402`, `epci-200039865`…) and, on a typology map, its category (`data-categorie`), text
//! kept as text.

use super::basemap::BasemapTiles;
use super::map_frame::path_d;
use super::svg::{Anchor, Paint, Svg, TextStyle};
use crate::carto::{Basemap, Composition, LayerId, MapSpec, ViewTransform, look};
use crate::model::{Dataset, LayerKind};

/// The id an SVG element of a unit carries: the territory's own id for the 2023-2027
/// territories (`ti-8402`), a prefixed code for the other layers (ids must be unique and
/// may not start with a digit).
pub fn element_id(id: LayerId, code: &str) -> String {
    match id {
        LayerId::Bundle(LayerKind::Ti2023) => code.to_owned(),
        LayerId::Bundle(LayerKind::Ti2018) => format!("t1-{code}"),
        LayerId::Bundle(LayerKind::Epci) => format!("epci-{code}"),
        LayerId::Bundle(LayerKind::Departements) => format!("dep-{code}"),
        LayerId::Bundle(LayerKind::Regions) => format!("reg-{code}"),
        LayerId::User(i) => format!("couche-{}-{code}", i + 1),
    }
}

/// Writes the map part of a composition (clipped to its frame): basemap, layers, emphasis,
/// names and project markers; then each inset in its group (`encart-971`…): its framed box,
/// its caption and its map on sea and land.
pub fn write_map(svg: &mut Svg, dataset: &Dataset, spec: &MapSpec, comp: &Composition) {
    write_pane(svg, dataset, spec, comp, "", "");
    write_insets(svg, dataset, spec, comp);
}

fn write_insets(svg: &mut Svg, dataset: &Dataset, spec: &MapSpec, comp: &Composition) {
    if comp.insets.is_empty() {
        return;
    }
    svg.begin_layer("encarts", "Encarts");
    for inset in &comp.insets {
        let group = format!("encart-{}", inset_number(inset.area.code));
        svg.begin_group(&group);
        let r = inset.rect;
        svg.rect(
            r.min.x,
            r.min.y,
            r.width(),
            r.height(),
            Paint::fill(look::INSET_PANEL).with_stroke(inset.border.colour, inset.border.width),
        );
        svg.text(
            r.min.x + 4.0 * comp.scale,
            r.min.y + 2.0 * comp.scale + inset.caption_size,
            inset.area.name,
            TextStyle::new(inset.caption_size).colour(comp.label_colour),
        );
        // Units shown twice (Île-de-France is also on the mainland) get a suffixed id.
        let suffix = if inset.area.code == "idf" { "-idf" } else { "" };
        write_pane(svg, dataset, spec, &inset.map, &format!("{group}-"), suffix);
        svg.end_group();
    }
    svg.end_group();
}

/// The number an inset's group is named by: the DROM's département number (971…976), or the
/// area's code.
fn inset_number(code: &str) -> &str {
    match code {
        "01" => "971",
        "02" => "972",
        "03" => "973",
        "04" => "974",
        "06" => "976",
        other => other,
    }
}

/// One pane of the map: `prefix` names its groups apart, `suffix` its units' ids.
fn write_pane(
    svg: &mut Svg,
    dataset: &Dataset,
    spec: &MapSpec,
    comp: &Composition,
    prefix: &str,
    suffix: &str,
) {
    let frame = comp.view.frame();
    svg.begin_clip(frame.min.x, frame.min.y, frame.width(), frame.height());
    svg.begin_layer(&format!("{prefix}fond-de-carte"), "Fond de carte");
    match (&comp.backdrop, spec.basemap) {
        (Some(backdrop), _) => {
            svg.rect(
                frame.min.x,
                frame.min.y,
                frame.width(),
                frame.height(),
                Paint::fill(backdrop.sea),
            );
            for f in &backdrop.land.features {
                if let Some(mp) =
                    geometry(dataset, spec, backdrop.land.id, backdrop.land.lod, f.index)
                {
                    svg.path(
                        &path_d(&comp.view, &mp),
                        Paint::fill(look::LAND_FRANCE),
                        Some("fond-france"),
                    );
                }
            }
        }
        (None, Basemap::Offline | Basemap::Online | Basemap::Contours) => {
            // Its country and sea names are the composition's, with the map's names.
            background(svg, dataset, &comp.view, comp.scale);
        }
        (None, Basemap::None) => svg.rect(
            frame.min.x,
            frame.min.y,
            frame.width(),
            frame.height(),
            Paint::fill([255, 255, 255]),
        ),
    }
    svg.end_group();
    let codes = Codes::of(dataset, comp);
    for layer in &comp.layers {
        let class = layer.id.class();
        let label = match layer.id {
            LayerId::Bundle(kind) => kind.label_fr().to_owned(),
            LayerId::User(u) => spec
                .user_layers
                .get(u)
                .map_or_else(String::new, |l| l.name.clone()),
        };
        svg.begin_layer(&format!("{prefix}{class}"), &label);
        for f in &layer.features {
            let Some(mp) = geometry(dataset, spec, layer.id, layer.lod, f.index) else {
                continue;
            };
            let d = path_d(&comp.view, &mp);
            let mut paint = Paint {
                fill: f.fill.map(|c| (c.rgb, f64::from(c.alpha))),
                stroke: None,
            };
            if let Some(s) = layer.outline {
                paint = paint.with_stroke(s.colour, s.width);
            }
            svg.unit_path(
                &d,
                paint,
                Some(&class),
                &format!("{}{suffix}", codes.element_id(layer.id, f.index)),
                category_of(spec, layer.id, f.index),
            );
        }
        svg.end_group();
    }
    if !comp.emphasis.is_empty() {
        svg.begin_layer(&format!("{prefix}mise-en-evidence"), "Mise en évidence");
        for e in &comp.emphasis {
            if let LayerId::Bundle(kind) = e.id
                && let Some(f) = dataset.features(kind).get(e.index)
            {
                let lod = u8::try_from(e.lod).unwrap_or(u8::MAX);
                let d = path_d(&comp.view, &dataset.topology.multipolygon(f, lod));
                svg.path(&d, Paint::stroke(e.stroke.colour, e.stroke.width), None);
            }
        }
        svg.end_group();
    }
    if !comp.symbols.is_empty() {
        svg.begin_layer(&format!("{prefix}symboles"), "Symboles proportionnels");
        let style = &comp.symbol_style;
        let paint = Paint {
            fill: Some((style.fill.rgb, f64::from(style.fill.alpha))),
            stroke: Some((style.outline.colour, style.outline.width)),
        };
        for sym in &comp.symbols {
            let unit = format!("{}{suffix}", codes.element_id(sym.unit.0, sym.unit.1));
            svg.symbol(
                sym.centre.x,
                sym.centre.y,
                sym.radius,
                style.shape == crate::carto::SymbolShape::Square,
                paint,
                &unit,
                sym.value,
            );
        }
        svg.end_group();
    }
    if !comp.labels.is_empty() {
        svg.begin_layer(&format!("{prefix}noms"), "Noms");
        for l in &comp.labels {
            if let Some(m) = l.label.marker {
                svg.circle(
                    m.x,
                    m.y,
                    look::PLACE_MARKER_RADIUS * comp.scale,
                    Paint::fill(look::PLACE_TEXT).with_stroke(look::LABEL_HALO, 0.8 * comp.scale),
                );
            }
            let colour = look::name_colour(l.label.rank);
            let style = TextStyle::new(l.label.font_size)
                .colour(colour)
                .anchor(Anchor::Middle);
            let style = if l.label.bold { style.bold() } else { style };
            // The composition centres the text box on the anchor; SVG places the baseline.
            let baseline = l.label.anchor.y + l.label.font_size * 0.35;
            let owner = l
                .label
                .owner
                .map(|(id, i)| format!("{}{suffix}", codes.element_id(id, i)));
            svg.label(
                l.label.anchor.x,
                baseline,
                &l.label.text,
                style,
                comp.halo.width,
                owner.as_deref(),
                label_class(l),
            );
        }
        svg.end_group();
    }
    if !comp.markers.is_empty() {
        svg.begin_layer(&format!("{prefix}projets"), "Projets financés");
        for m in &comp.markers {
            svg.circle(
                m.centre.x,
                m.centre.y,
                m.radius,
                Paint::fill(comp.marker_fill)
                    .with_stroke(comp.marker_outline.colour, comp.marker_outline.width),
            );
            if m.count > 1 {
                let size = 11.0 * comp.scale;
                svg.text(
                    m.centre.x,
                    m.centre.y + size * 0.35,
                    &m.count.to_string(),
                    TextStyle::new(size)
                        .colour(comp.marker_outline.colour)
                        .anchor(Anchor::Middle),
                );
            }
        }
        svg.end_group();
    }
    svg.end_group();
}

/// The class that tells a name's kind in the SVG: a territory's, a unit's (EPCI…), a user
/// layer's feature's, a town's.
/// A unit's category on a typology map (its layer the typology's).
fn category_of(spec: &MapSpec, id: LayerId, index: usize) -> Option<&str> {
    let c = spec.choropleth.as_ref()?;
    let categories = c.unit_categories.as_ref()?;
    if id != LayerId::Bundle(c.layer()) {
        return None;
    }
    categories.get(index)?.as_deref()
}

fn label_class(l: &crate::carto::labels::PlacedLabel) -> &'static str {
    match (l.label.rank, l.label.owner) {
        (crate::carto::labels::LabelRank::Place, _) => "nom-commune",
        (crate::carto::labels::LabelRank::Country, _) => "nom-pays",
        (crate::carto::labels::LabelRank::Sea, _) => "nom-mer",
        (_, Some((LayerId::Bundle(LayerKind::Ti2023 | LayerKind::Ti2018), _))) => "nom-territoire",
        (_, Some((LayerId::User(_), _))) => "nom-couche",
        _ => "nom-unite",
    }
}

/// The codes of the drawn bundle layers' units, for their elements' ids.
struct Codes(Vec<(LayerKind, Vec<String>)>);

impl Codes {
    fn of(dataset: &Dataset, comp: &Composition) -> Self {
        Codes(
            comp.layers
                .iter()
                .filter_map(|l| match l.id {
                    LayerId::Bundle(kind) => Some((kind, dataset.layer_codes(kind))),
                    LayerId::User(_) => None,
                })
                .collect(),
        )
    }

    /// The element id of a layer's feature (its code; its number in a user's layer).
    fn element_id(&self, id: LayerId, index: usize) -> String {
        let code = match id {
            LayerId::Bundle(kind) => self
                .0
                .iter()
                .find(|(k, _)| *k == kind)
                .and_then(|(_, c)| c.get(index).cloned())
                .unwrap_or_else(|| index.to_string()),
            LayerId::User(_) => (index + 1).to_string(),
        };
        element_id(id, &code)
    }
}

/// A feature's geometry at a level of detail (lon/lat).
fn geometry(
    dataset: &Dataset,
    spec: &MapSpec,
    id: LayerId,
    lod: usize,
    index: usize,
) -> Option<geo::MultiPolygon<f64>> {
    match id {
        LayerId::Bundle(kind) => {
            let lod = u8::try_from(lod).unwrap_or(u8::MAX);
            let f = dataset.features(kind).get(index)?;
            Some(dataset.topology.multipolygon(f, lod))
        }
        LayerId::User(u) => spec.user_layers.get(u)?.geometry.get(index).cloned(),
    }
}

/// The offline basemap under the view (sea, lands, borders) from its tiles; when the tiles are
/// unavailable, France's land from the bundle's régions on a neutral background (never a sea
/// where there is land).
pub fn background(svg: &mut Svg, dataset: &Dataset, view: &ViewTransform, unit: f64) {
    if let Some(tiles) = BasemapTiles::bundled()
        && tiles.draw(svg, view, unit)
    {
        return;
    }
    let frame = view.frame();
    let lod =
        crate::carto::lod::select_lod(&dataset.topology.tolerances_deg, view.degrees_per_unit());
    let lod = u8::try_from(lod).unwrap_or(u8::MAX);
    svg.rect(
        frame.min.x,
        frame.min.y,
        frame.width(),
        frame.height(),
        Paint::fill(look::LAND_NEIGHBOURS),
    );
    for f in dataset.features(LayerKind::Regions) {
        let d = path_d(view, &dataset.topology.multipolygon(f, lod));
        svg.path(&d, Paint::fill(look::LAND_FRANCE), Some("fond-france"));
    }
    for (kind, (colour, width)) in [
        (LayerKind::Departements, (look::BORDER_DEPARTEMENT, 0.5)),
        (LayerKind::Regions, (look::BORDER_REGION, 0.9)),
    ] {
        for f in dataset.features(kind) {
            let d = path_d(view, &dataset.topology.multipolygon(f, lod));
            svg.path(
                &d,
                Paint::stroke(colour, width * unit),
                Some("fond-limites"),
            );
        }
    }
}
