//! The composition: for a [`MapSpec`] seen through a [`ViewTransform`], the one description of
//! what to draw — the layers' visible features with their level of detail, fills and outlines,
//! the emphasis of the hovered and selected units, the project markers, the names kept by the
//! label placer, the legend and the sources. The screen paints it with egui meshes; the export
//! writes it as SVG. Neither decides anything the composition has not.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::annotations::{AnnotationDraw, UnitLookup, resolve as resolve_annotations};
use super::geom::{Pos, Rect};
use super::insets::{InsetArea, MapFrames};
use super::labels::{LabelCandidate, LabelOverride, LabelRank, PlacedLabel, place_labels};
use super::lod::select_lod;
use super::look;
use super::paint::{Rgba, Stroke};
use super::projection::ViewTransform;
use super::scene::{MapScene, SceneLayer};
use super::spec::MapSpec;
use super::symbols::{SymbolShape, Symbols};
use super::{LayerId, Rgb};
use crate::model::LayerKind;
use crate::model::indicators::choropleth::Legend;

/// Extra margin around the frame when culling, in reference points (half the widest outline).
const CULL_MARGIN: f64 = 4.0;

/// One feature as drawn: its index in the layer, and its fill (none: outline only).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FeatureDraw {
    pub index: usize,
    pub fill: Option<Rgba>,
}

/// One layer as drawn, bottom layers first: fills of every feature, then the outlines.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerDraw {
    pub id: LayerId,
    /// Level of detail of the geometry (user layers have one: 0).
    pub lod: usize,
    /// Features meeting the frame, in the layer's order.
    pub features: Vec<FeatureDraw>,
    pub outline: Option<Stroke>,
}

/// A feature's whole outline drawn on top of every layer (hover, selection).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Emphasis {
    pub id: LayerId,
    pub index: usize,
    pub lod: usize,
    pub stroke: Stroke,
}

/// A disc standing for one or several projects close together.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Marker {
    pub centre: Pos,
    pub radius: f64,
    pub count: usize,
}

/// The one description of what to draw.
#[derive(Clone, Debug)]
pub struct Composition {
    pub view: ViewTransform,
    /// Frame units per reference point (the spec's scale).
    pub scale: f64,
    /// Level of detail of the bundle's layers.
    pub lod: usize,
    pub layers: Vec<LayerDraw>,
    pub emphasis: Vec<Emphasis>,
    pub markers: Vec<Marker>,
    pub marker_fill: Rgb,
    pub marker_outline: Stroke,
    pub labels: Vec<PlacedLabel>,
    pub label_colour: Rgb,
    pub halo: Stroke,
    pub legend: Option<Arc<Legend>>,
    /// The square legend of a bivariate map.
    pub bivariate_legend: Option<Arc<super::bivariate::BivariateLegend>>,
    /// The sources of what the map shows, one item each (data, contours, basemap).
    pub sources: Vec<String>,
    /// Proportional symbols, largest first (drawn in this order), and how they look.
    pub symbols: Vec<SymbolDraw>,
    pub symbol_style: SymbolStyle,
    /// The symbols' legend (nested reference values).
    pub symbol_legend: Option<SymbolLegend>,
    /// What is drawn under the layers when the basemap is not (an inset): sea and land.
    pub backdrop: Option<Backdrop>,
    /// The overseas insets (France entière), each with its own composition.
    pub insets: Vec<InsetPane>,
    /// The boxes kept free of names (the frame's furniture, the insets): the basemap's own
    /// names avoid them too.
    pub furniture: Vec<Rect>,
    /// The user's annotations, drawn over everything (the main view only).
    pub annotations: Vec<AnnotationDraw>,
}

/// One proportional symbol: the unit it stands for, its centre and "radius" (half the side of
/// a square), and its value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SymbolDraw {
    pub unit: (LayerId, usize),
    pub centre: Pos,
    pub radius: f64,
    pub value: f64,
}

/// How the symbols look.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SymbolStyle {
    pub shape: SymbolShape,
    pub fill: Rgba,
    pub outline: Stroke,
}

/// The symbols' legend: title, unit, shape, and reference values with their radius (frame
/// units), largest first.
#[derive(Clone, Debug, PartialEq)]
pub struct SymbolLegend {
    pub title: String,
    pub unit: String,
    pub shape: SymbolShape,
    pub entries: Vec<(String, f64)>,
    /// Units without a value, and why.
    pub missing: Vec<(String, usize)>,
}

/// Sea and land under an inset's layers (the régions filled with the land colour).
#[derive(Clone, Debug, PartialEq)]
pub struct Backdrop {
    pub sea: Rgb,
    pub land: LayerDraw,
}

/// An inset as drawn: its box, its caption and the composition of its map.
#[derive(Clone, Debug)]
pub struct InsetPane {
    pub area: InsetArea,
    /// The whole box (caption included), framed.
    pub rect: Rect,
    pub caption_size: f64,
    pub border: Stroke,
    pub map: Composition,
}

impl Composition {
    /// The sources in one sentence: "Sources : a ; b ; c."
    pub fn sources_line(&self) -> String {
        format!("Sources : {}.", self.sources.join(" ; "))
    }

    /// The drawn layer with this id.
    pub fn layer(&self, id: LayerId) -> Option<&LayerDraw> {
        self.layers.iter().find(|l| l.id == id)
    }
}

/// Draw order of the bundle's layers, bottom first.
pub const DRAW_ORDER: [LayerKind; 5] = [
    LayerKind::Regions,
    LayerKind::Departements,
    LayerKind::Epci,
    LayerKind::Ti2018,
    LayerKind::Ti2023,
];

/// Builds the composition of `spec` through `view`. `furniture` lists the frame's boxes that
/// names must not cover (legend, title, scale bar, buttons over the map…).
pub fn compose(
    scene: &MapScene,
    spec: &MapSpec,
    view: &ViewTransform,
    furniture: &[Rect],
) -> Composition {
    compose_pane(scene, spec, view, furniture, None)
}

/// [`compose`], the towns named as at `town_zoom` (an inset names the towns the mainland's
/// zoom names, not the many its own larger scale would: La Réunion held nine names).
fn compose_pane(
    scene: &MapScene,
    spec: &MapSpec,
    view: &ViewTransform,
    furniture: &[Rect],
    town_zoom: Option<f64>,
) -> Composition {
    let s = spec.scale.max(1e-6);
    let lod = select_lod(&scene.tolerances_deg, view.degrees_per_unit());
    let visible = view
        .visible_world_rect()
        .expand(CULL_MARGIN * s / view.units_per_world());
    let mut layers = Vec::new();
    let mut candidates = Vec::new();
    for kind in DRAW_ORDER {
        let coloured = spec.is_coloured(kind);
        if !spec.shows(kind) && !coloured {
            continue;
        }
        let Some(layer) = scene.layer(kind) else {
            continue;
        };
        let l = look::layer_look(kind);
        let over = kind == LayerKind::Ti2023 && spec.territories_over_choropleth();
        let default_fill = l.fill.map(|(rgb, a)| Rgba { rgb, alpha: a });
        let hovered = hovered_in(spec, LayerId::Bundle(kind));
        let mut features = visible_features(layer, &visible, |i| {
            let fill = match spec.fill_of(kind, i) {
                Some(fill) => fill,
                None if over => None,
                None => default_fill,
            };
            match fill {
                Some(f) if hovered == Some(i) => Some(f.lightened(look::HOVER_TINT)),
                other => other,
            }
        });
        features.retain(|f| spec.draws(kind, f.index));
        let width = if over {
            f64::from(look::TERRITORY_OUTLINE_OVER_CHOROPLETH)
        } else {
            f64::from(l.width)
        } * look::outline_factor(view.zoom() - s.log2());
        // Names: the territories', and the EPCI's when their layer is shown (below the
        // territories' in priority, in a smaller type).
        let named = match kind {
            LayerKind::Ti2023 => Some((LabelRank::Territory, look::TERRITORY_LABEL_SIZE)),
            LayerKind::Epci if spec.shows(kind) => Some((LabelRank::Unit, look::UNIT_LABEL_SIZE)),
            _ => None,
        };
        if spec.labels
            && let Some((rank, size)) = named
        {
            let names = Names {
                view,
                id: LayerId::Bundle(kind),
                rank,
                // Territories' names in bold: they never read as a town's.
                bold: kind == LayerKind::Ti2023,
                font_size: size * s,
                selected: spec.selected,
                overrides: &spec.label_overrides,
            };
            candidates.extend(names.candidates(layer, &features));
        }
        layers.push(LayerDraw {
            id: LayerId::Bundle(kind),
            lod,
            features,
            outline: Some(Stroke {
                colour: l.outline,
                width: width * s,
            }),
        });
    }
    for (i, user) in spec.user_layers.iter().enumerate() {
        let id = LayerId::User(i);
        let features = visible_features(&user.scene, &visible, |_| None);
        if spec.labels {
            let names = Names {
                view,
                id,
                rank: LabelRank::UserLayer,
                bold: false,
                font_size: look::USER_LAYER_LABEL_SIZE * s,
                selected: spec.selected,
                overrides: &spec.label_overrides,
            };
            candidates.extend(names.candidates(&user.scene, &features));
        }
        layers.push(LayerDraw {
            id,
            lod: 0,
            features,
            outline: Some(Stroke {
                colour: look::USER_LAYER_OUTLINE,
                width: look::USER_LAYER_WIDTH * s,
            }),
        });
    }
    let mut emphasis = Vec::new();
    // Units picked elsewhere (the scatter plot): a dark outline on a light halo, under the
    // hover and the selection; drawn even when their layer is not.
    for &(id, index) in spec.highlighted.iter() {
        let LayerId::Bundle(kind) = id else {
            continue;
        };
        let seen = scene
            .layer(kind)
            .and_then(|l| l.features.get(index))
            .is_some_and(|f| !f.bbox_world.is_empty() && f.bbox_world.intersects(&visible));
        for (colour, width) in [look::HIGHLIGHT_HALO, look::HIGHLIGHT_OUTLINE] {
            if seen {
                emphasis.push(Emphasis {
                    id,
                    index,
                    lod,
                    stroke: Stroke {
                        colour,
                        width: width * s,
                    },
                });
            }
        }
    }
    let [selected_band, selected_line] = look::SELECTED_OUTLINES;
    for (target, (colour, width)) in [
        (
            spec.hovered.filter(|h| Some(*h) != spec.selected),
            look::HOVER_OUTLINE,
        ),
        (spec.selected, selected_band),
        (spec.selected, selected_line),
    ] {
        if let Some(target) = target {
            push_emphasis(&mut emphasis, &layers, target, lod, colour, width * s);
        }
    }
    if spec.labels && spec.places {
        let zoom = town_zoom.unwrap_or_else(|| view.zoom());
        candidates.extend(town_candidates(scene, view, zoom, s));
    }
    if spec.labels && spec.basemap == super::spec::Basemap::Offline {
        candidates.extend(super::basemap_names::candidates(
            &spec.basemap_names,
            view,
            s,
            &drawn_unit_boxes(scene, view, &layers),
        ));
    }
    // Names keep their padding from the frame's edge too (an inset's frame is drawn).
    let padding = look::LABEL_PADDING * s;
    let labels = place_labels(
        candidates,
        view.frame().expand(-padding),
        furniture,
        padding,
    );
    // Town names are credited whenever the map is set to print them, placed or not: the page's
    // sources band is laid out before the names are placed, from the same line.
    let towns_named = spec.labels && spec.places;
    let (symbols, symbol_legend) = match &spec.symbols {
        Some(sym) => (
            symbol_draws(scene, sym, view, s),
            Some(SymbolLegend {
                title: sym.title.clone(),
                unit: sym.unit.clone(),
                shape: sym.shape,
                entries: sym
                    .legend_values()
                    .into_iter()
                    .map(|(v, r)| (sym.value_text(v), r * s))
                    .collect(),
                missing: sym.missing_reasons.clone(),
            }),
        ),
        None => (Vec::new(), None),
    };
    Composition {
        view: *view,
        scale: s,
        symbols,
        symbol_style: SymbolStyle {
            shape: spec
                .symbols
                .as_ref()
                .map_or(SymbolShape::Circle, |sym| sym.shape),
            fill: symbol_paint_of(spec, s).0,
            outline: symbol_paint_of(spec, s).1,
        },
        symbol_legend,
        lod,
        layers,
        emphasis,
        markers: markers(&spec.points, view, s),
        marker_fill: look::PROJECT_FILL,
        marker_outline: Stroke {
            colour: look::MARKER_OUTLINE.0,
            width: look::MARKER_OUTLINE.1 * s,
        },
        labels,
        label_colour: look::LABEL_TEXT,
        halo: Stroke {
            colour: look::LABEL_HALO,
            width: look::LABEL_HALO_WIDTH * s,
        },
        legend: spec.choropleth.as_ref().map(|c| Arc::clone(&c.legend)),
        bivariate_legend: spec.bivariate.as_ref().map(|b| Arc::clone(&b.legend)),
        sources: sources(spec, towns_named),
        backdrop: None,
        insets: Vec::new(),
        furniture: furniture.to_vec(),
        annotations: Vec::new(),
    }
}

/// The composition of a map with its insets: the main view avoids the insets' boxes (no name
/// under them); each inset composes the same spec (classes, colours, names) on sea and land.
pub fn compose_frames(
    scene: &MapScene,
    spec: &MapSpec,
    frames: &MapFrames,
    furniture: &[Rect],
) -> Composition {
    let s = spec.scale.max(1e-6);
    let lod = select_lod(&scene.tolerances_deg, frames.main.degrees_per_unit());
    let annotations = resolve_annotations(&spec.annotations, &frames.main, s, lod, scene);
    let mut main_furniture = furniture.to_vec();
    main_furniture.extend(frames.insets.iter().map(|i| i.rect));
    // Names keep off the annotations' texts and images.
    main_furniture.extend(annotations.iter().filter_map(AnnotationDraw::keep_free));
    let mut comp = compose(scene, spec, &frames.main, &main_furniture);
    comp.annotations = annotations;
    comp.insets = frames
        .insets
        .iter()
        .map(|inset| {
            let mut map = compose_pane(scene, spec, &inset.view, &[], Some(frames.main.zoom()));
            map.backdrop = backdrop(scene, &inset.view);
            InsetPane {
                area: inset.area,
                rect: inset.rect,
                caption_size: look::INSET_CAPTION_SIZE * s,
                border: Stroke {
                    colour: look::INSET_BORDER,
                    width: look::INSET_BORDER_WIDTH * s,
                },
                map,
            }
        })
        .collect();
    comp
}

/// A highlighted unit is found among the bundle's layers by its code.
impl UnitLookup for MapScene {
    fn find(&self, unit: &crate::model::UnitRef) -> Option<(LayerId, usize)> {
        let index = self.layer(unit.layer)?.position(&unit.code)?;
        Some((LayerId::Bundle(unit.layer), index))
    }
}

/// The land of the régions under a view, filled, for a map drawn without the basemap.
fn backdrop(scene: &MapScene, view: &ViewTransform) -> Option<Backdrop> {
    let regions = scene.layer(LayerKind::Regions)?;
    let visible = view.visible_world_rect();
    let lod = select_lod(&scene.tolerances_deg, view.degrees_per_unit());
    Some(Backdrop {
        sea: look::SEA,
        land: LayerDraw {
            id: LayerId::Bundle(LayerKind::Regions),
            lod,
            features: visible_features(regions, &visible, |_| {
                Some(Rgba::opaque(look::LAND_FRANCE))
            }),
            outline: None,
        },
    })
}

/// The frame boxes of the drawn units of the layers the map is about (not the régions and
/// départements drawn as context).
fn drawn_unit_boxes(scene: &MapScene, view: &ViewTransform, layers: &[LayerDraw]) -> Vec<Rect> {
    let mut out = Vec::new();
    for layer in layers {
        let LayerId::Bundle(kind) = layer.id else {
            continue;
        };
        if matches!(kind, LayerKind::Regions | LayerKind::Departements) {
            continue;
        }
        let Some(scene_layer) = scene.layer(kind) else {
            continue;
        };
        for f in &layer.features {
            if let Some(rect) = scene_layer
                .features
                .get(f.index)
                .and_then(|sf| view.frame_rect_from_world(&sf.bbox_world))
            {
                out.push(rect);
            }
        }
    }
    out
}

/// A feature's whole outline on top, when the feature is drawn.
fn push_emphasis(
    emphasis: &mut Vec<Emphasis>,
    layers: &[LayerDraw],
    (id, index): (LayerId, usize),
    lod: usize,
    colour: Rgb,
    width: f64,
) {
    let shown = layers
        .iter()
        .any(|l| l.id == id && l.features.iter().any(|f| f.index == index));
    if shown {
        emphasis.push(Emphasis {
            id,
            index,
            lod: if matches!(id, LayerId::User(_)) {
                0
            } else {
                lod
            },
            stroke: Stroke { colour, width },
        });
    }
}

fn hovered_in(spec: &MapSpec, id: LayerId) -> Option<usize> {
    spec.hovered.filter(|h| h.0 == id).map(|h| h.1)
}

/// Features whose box meets `visible`, with their fill.
fn visible_features(
    layer: &SceneLayer,
    visible: &super::projection::WorldRect,
    fill: impl Fn(usize) -> Option<Rgba>,
) -> Vec<FeatureDraw> {
    layer
        .features
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.bbox_world.is_empty() && f.bbox_world.intersects(visible))
        .map(|(index, _)| FeatureDraw {
            index,
            fill: fill(index),
        })
        .collect()
}

/// How the names of one layer are proposed to the placer.
struct Names<'a> {
    view: &'a ViewTransform,
    id: LayerId,
    rank: LabelRank,
    bold: bool,
    font_size: f64,
    selected: Option<(LayerId, usize)>,
    overrides: &'a BTreeMap<String, LabelOverride>,
}

impl Names<'_> {
    /// The names of the drawn features that have room for one (inside the feature's box), at
    /// their label point; a name the user hid is left out, one the user moved goes where it was
    /// put, first.
    fn candidates(&self, layer: &SceneLayer, drawn: &[FeatureDraw]) -> Vec<LabelCandidate> {
        let min_room = look::MIN_LABEL_ROOM * self.font_size / look::TERRITORY_LABEL_SIZE;
        drawn
            .iter()
            .filter_map(|d| {
                let f = layer.features.get(d.index)?;
                if f.name.is_empty() {
                    return None;
                }
                let base = |anchor: Pos| LabelCandidate {
                    rank: self.rank,
                    owner: Some((self.id, d.index)),
                    text: f.name.clone(),
                    anchor,
                    alternatives: Vec::new(),
                    marker: None,
                    room: None,
                    weight: 0.0,
                    font_size: self.font_size,
                    bold: self.bold,
                };
                // The user's choices first (their key is built only when there are some: the
                // frame considers every drawn unit's name).
                if let LayerId::Bundle(kind) = self.id
                    && !self.overrides.is_empty()
                {
                    match self.overrides.get(&label_key(kind, &f.code)) {
                        Some(LabelOverride::Hidden) => return None,
                        Some(LabelOverride::Moved { lon, lat }) => {
                            let at = self.view.frame_from_lonlat(geo::Point::new(*lon, *lat));
                            return Some(LabelCandidate {
                                rank: LabelRank::Pinned,
                                ..base(at)
                            });
                        }
                        None => {}
                    }
                }
                let label = f.label_world?;
                let a = self.view.frame_from_world(f.bbox_world.min);
                let b = self.view.frame_from_world(f.bbox_world.max);
                let room = Rect::from_min_max(a, b);
                if room.width() < min_room || room.height() < min_room {
                    return None;
                }
                let is_selected = self.selected == Some((self.id, d.index));
                Some(LabelCandidate {
                    rank: if is_selected {
                        LabelRank::Selected
                    } else {
                        self.rank
                    },
                    room: Some(room),
                    weight: room.width() * room.height(),
                    ..base(self.view.frame_from_world(label))
                })
            })
            .collect()
    }
}

/// The largest town rank named at a zoom (the offline basemap's thresholds).
fn max_town_rank(zoom: f64) -> u8 {
    match zoom {
        z if z >= 12.0 => 6,
        z if z >= 10.0 => 5,
        z if z >= 8.0 => 4,
        z if z >= 6.5 => 3,
        z if z >= 4.5 => 2,
        _ => 1,
    }
}

/// The towns in view, named right of their point (else left, above, below), the larger first;
/// the zoom that decides how many is the view's at the reference size (an export twice as wide
/// names the same towns).
fn town_candidates(
    scene: &MapScene,
    view: &ViewTransform,
    zoom: f64,
    s: f64,
) -> Vec<LabelCandidate> {
    let max_rank = max_town_rank(zoom - s.log2());
    let frame = view.frame();
    let gap = look::PLACE_MARKER_RADIUS * s + 3.0 * s;
    scene
        .places
        .iter()
        .filter(|p| p.rank <= max_rank)
        .filter_map(|p| {
            let at = view.frame_from_world(p.world);
            if !frame.contains(at) {
                return None;
            }
            // The largest towns a point larger (the screen draws one weight only).
            let size = if p.rank <= 2 {
                look::PLACE_LABEL_SIZE + 1.0
            } else {
                look::PLACE_LABEL_SIZE
            } * s;
            let half_w = super::text::text_width(&p.name, size, false) / 2.0;
            let half_h = size * super::labels::LINE_HEIGHT / 2.0;
            Some(LabelCandidate {
                rank: LabelRank::Place,
                owner: None,
                text: p.name.clone(),
                anchor: Pos::new(at.x + gap + half_w, at.y),
                alternatives: vec![
                    Pos::new(at.x - gap - half_w, at.y),
                    Pos::new(at.x, at.y - gap - half_h),
                    Pos::new(at.x, at.y + gap + half_h),
                ],
                marker: Some(at),
                room: None,
                weight: (7 - i64::from(p.rank)) as f64 * 1e9 + p.population as f64,
                font_size: size,
                bold: false,
            })
        })
        .collect()
}

/// The key of a unit's name in the user's label overrides (`ti-2023-2027:ti-8402`).
pub fn label_key(kind: LayerKind, code: &str) -> String {
    crate::model::UnitRef::new(kind, code).to_string()
}

/// Projects grouped by grid cell: points closer than a cell make one disc with their count,
/// so that a national list stays readable at France zoom and every project shows alone once
/// zoomed in. Small groups are listed first (drawn under big ones).
fn markers(points: &[[f64; 2]], view: &ViewTransform, s: f64) -> Vec<Marker> {
    let frame = view.frame();
    let cell = look::MARKER_CELL * s;
    let mut cells: HashMap<(i64, i64), (f64, f64, usize)> = HashMap::new();
    for p in points {
        let pos = view.frame_from_lonlat(geo::Point::new(p[0], p[1]));
        if !frame.contains(pos) {
            continue;
        }
        let key = (
            ((pos.x - frame.min.x) / cell).floor() as i64,
            ((pos.y - frame.min.y) / cell).floor() as i64,
        );
        let e = cells.entry(key).or_insert((0.0, 0.0, 0));
        e.0 += pos.x;
        e.1 += pos.y;
        e.2 += 1;
    }
    let mut out: Vec<Marker> = cells
        .into_values()
        .map(|(x, y, n)| Marker {
            centre: Pos::new(x / n as f64, y / n as f64),
            radius: if n == 1 {
                look::MARKER_RADIUS * s
            } else {
                (look::MARKER_GROUP_RADIUS + 6.0 * (n as f64).log10()) * s
            },
            count: n,
        })
        .collect();
    out.sort_by(|a, b| {
        a.count
            .cmp(&b.count)
            .then(a.centre.x.total_cmp(&b.centre.x))
            .then(a.centre.y.total_cmp(&b.centre.y))
    });
    out
}

/// The symbols meeting the frame, at their units' label points, largest first.
fn symbol_draws(
    scene: &MapScene,
    symbols: &Symbols,
    view: &ViewTransform,
    s: f64,
) -> Vec<SymbolDraw> {
    let kind = symbols.level.layer();
    let Some(layer) = scene.layer(kind) else {
        return Vec::new();
    };
    let frame = view.frame();
    let mut out: Vec<SymbolDraw> = layer
        .features
        .iter()
        .zip(symbols.values.iter())
        .enumerate()
        .filter_map(|(index, (f, value))| {
            let value = (*value).filter(|v| *v > 0.0)?;
            let centre = view.frame_from_world(f.label_world?);
            let radius = symbols.radius_of(value) * s;
            frame.expand(radius).contains(centre).then_some(SymbolDraw {
                unit: (LayerId::Bundle(kind), index),
                centre,
                radius,
                value,
            })
        })
        .collect();
    out.sort_by(|a, b| b.value.total_cmp(&a.value).then(a.unit.cmp(&b.unit)));
    out
}

/// Where the towns' names (and the populations that pick them) come from: the commune table.
pub const TOWN_NAMES_SOURCE: &str = "noms des villes : INSEE/DGCL, COG 2024 (etalab)";

/// What the map shows comes from: the indicators' sources, the contours, the towns' names
/// when the map prints them, the basemap.
fn sources(spec: &MapSpec, towns_named: bool) -> Vec<String> {
    let mut out: Vec<String> = spec
        .choropleth
        .iter()
        .flat_map(|c| {
            c.legend
                .sources
                .iter()
                .map(crate::model::SourceInfo::citation)
        })
        .collect();
    let bivariate = spec.bivariate.iter().flat_map(|b| &b.legend.sources);
    for source in bivariate.chain(spec.symbols.iter().flat_map(|sym| &sym.sources)) {
        let citation = source.citation();
        if !out.contains(&citation) {
            out.push(citation);
        }
    }
    out.push("contours IGN ADMIN EXPRESS COG 2024, périmètres ANCT".into());
    if towns_named {
        out.push(TOWN_NAMES_SOURCE.into());
    }
    out.extend(spec.basemap.attribution_fr().map(str::to_owned));
    out
}

/// The symbols' paint: the map's red, or over a typology a paint that stands out from each of
/// its categories (`look::symbol_paint_over`).
pub fn symbol_paint_of(spec: &MapSpec, scale: f64) -> (Rgba, Stroke) {
    let under: &[[u8; 3]] = spec
        .choropleth
        .as_ref()
        .filter(|c| !c.legend.categories.is_empty())
        .map_or(&[], |c| c.legend.colours.as_slice());
    look::symbol_paint_over(scale, under)
}
