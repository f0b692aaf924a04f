//! The map as a briefing figure: the current view with the same geometry, classes and colours
//! as the screen, plus title, legend, scale bar, north arrow, sources and date. One SVG drawing;
//! [`super::render`] turns it into PNG or PDF.

use geo::MultiPolygon;

use super::map_frame::{MapFrame, distance_label, nice_length_m};
use super::svg::{Anchor, Paint, Rgb, Svg, TextStyle};
use crate::model::choropleth::Legend;
use crate::model::{Dataset, LayerKind, Level};
use crate::palette::map_look::{self, layer_look};

/// Metropolitan France, the default view.
pub const FRANCE_BBOX: [f64; 4] = [-5.2, 41.3, 9.6, 51.1];

/// What part of the world the map shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum View {
    /// At least this lon/lat box, centred (min lon, min lat, max lon, max lat).
    Fit([f64; 4]),
    /// The app's view: a centre and a Web Mercator zoom for a map of `screen_width` points.
    Centred {
        lonlat: (f64, f64),
        zoom: f64,
        screen_width: f64,
    },
}

/// Background of the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BasemapChoice {
    /// Sea, land of France, région and département borders, in the offline basemap's colours.
    Vector,
    /// White.
    None,
}

/// A user's polygon layer to draw over the map.
#[derive(Clone, Debug, PartialEq)]
pub struct ExtraLayer {
    pub name: String,
    pub polygons: Vec<MultiPolygon<f64>>,
}

/// Everything a map export shows.
#[derive(Clone, Debug)]
pub struct MapExport {
    /// Drawing size (CSS pixels for SVG and PNG; points for PDF).
    pub width: f64,
    pub height: f64,
    pub view: View,
    pub title: String,
    pub subtitle: Option<String>,
    /// Visible bundle layers.
    pub layers: Vec<LayerKind>,
    /// The choropleth: the coloured maille, one colour per unit, and the legend.
    pub choropleth: Option<(Level, Vec<Rgb>, Legend)>,
    pub basemap: BasemapChoice,
    pub extra_layers: Vec<ExtraLayer>,
    /// Imported projects (lon, lat).
    pub points: Vec<[f64; 2]>,
    /// Names of the 2023-2027 territories where they fit (as on screen).
    pub labels: bool,
    /// "23/11/2026".
    pub date: String,
}

impl MapExport {
    /// France, the 2023-2027 territories, no indicator.
    pub fn new(width: f64, height: f64, title: &str, date: &str) -> Self {
        MapExport {
            width,
            height,
            view: View::Fit(FRANCE_BBOX),
            title: title.to_owned(),
            subtitle: None,
            layers: vec![LayerKind::Ti2023],
            choropleth: None,
            basemap: BasemapChoice::Vector,
            extra_layers: Vec::new(),
            points: Vec::new(),
            labels: true,
            date: date.to_owned(),
        }
    }

    /// The map in the rectangle (x, y, width, height) of the drawing.
    pub fn frame_in(&self, x: f64, y: f64, width: f64, height: f64) -> MapFrame {
        match self.view {
            View::Fit(bbox) => MapFrame::fit(x, y, width, height, bbox, 0.02),
            View::Centred {
                lonlat,
                zoom,
                screen_width,
            } => {
                // The same ground extent as the screen, whatever the export size.
                let zoom = zoom + (width / screen_width.max(1.0)).log2();
                MapFrame::centred(x, y, width, height, lonlat, zoom)
            }
        }
    }
}

/// Layers bottom first.
const DRAW_ORDER: [LayerKind; 5] = [
    LayerKind::Regions,
    LayerKind::Departements,
    LayerKind::Epci,
    LayerKind::Ti2018,
    LayerKind::Ti2023,
];

/// The class every path of a layer carries in the SVG (`territoire-2023` …).
pub fn layer_class(kind: LayerKind) -> &'static str {
    match kind {
        LayerKind::Ti2023 => "territoire-2023",
        LayerKind::Ti2018 => "territoire-2018",
        LayerKind::Epci => "epci",
        LayerKind::Departements => "departement",
        LayerKind::Regions => "region",
    }
}

/// The map export as an SVG drawing: the map, with the legend in a column on its right when
/// an indicator colours it, and the sources along the bottom.
pub fn map_svg(dataset: &Dataset, spec: &MapExport) -> String {
    let mut svg = Svg::new(spec.width, spec.height);
    let base = (spec.width.min(spec.height) / 55.0).clamp(7.0, 16.0);
    svg.rect(0.0, 0.0, spec.width, spec.height, Paint::fill(PANEL));
    let sources_top = sources_band(&mut svg, spec, base);
    let legend_w = if spec.choropleth.is_some() {
        (spec.width * 0.26).clamp(base * 13.0, base * 24.0)
    } else {
        0.0
    };
    let map_w = spec.width - legend_w;
    let frame = spec.frame_in(0.0, 0.0, map_w, sources_top);
    draw_map(&mut svg, dataset, spec, &frame, base);
    svg.rect(
        0.0,
        0.0,
        map_w,
        sources_top,
        Paint::stroke(PANEL_BORDER, 0.5),
    );
    let margin = base;
    title_box(&mut svg, spec, margin, base, map_w * 0.7);
    north_arrow(&mut svg, map_w - margin - base, margin, base);
    scale_bar(&mut svg, &frame, margin, sources_top - margin, base);
    if let Some((_, _, legend)) = &spec.choropleth {
        legend_box(
            &mut svg,
            legend,
            map_w + base * 0.6,
            legend_w - base * 1.2,
            sources_top - base * 0.6,
            base,
        );
    }
    svg.finish()
}

/// Basemap, layers, user layers and points, clipped to the frame.
pub fn draw_map(svg: &mut Svg, dataset: &Dataset, spec: &MapExport, frame: &MapFrame, base: f64) {
    let lod = frame.level_of_detail(&dataset.topology.tolerances_deg);
    let unit = base / 11.0;
    svg.begin_clip(frame.x, frame.y, frame.width, frame.height);
    let from_tiles = match spec.basemap {
        BasemapChoice::Vector => background(svg, dataset, frame, unit),
        BasemapChoice::None => {
            svg.rect(
                frame.x,
                frame.y,
                frame.width,
                frame.height,
                Paint::fill([255, 255, 255]),
            );
            false
        }
    };
    let coloured = spec
        .choropleth
        .as_ref()
        .map(|(l, fills, _)| (l.layer(), fills));
    // The 2023-2027 territories as drawn, for their names.
    let mut territory_shapes: Vec<MultiPolygon<f64>> = Vec::new();
    for kind in DRAW_ORDER {
        let is_coloured = coloured.is_some_and(|(k, _)| k == kind);
        // Without the basemap tiles, its région and département borders come from the bundle.
        let basemap_border = spec.basemap == BasemapChoice::Vector
            && !from_tiles
            && matches!(kind, LayerKind::Regions | LayerKind::Departements);
        if !spec.layers.contains(&kind) && !is_coloured && !basemap_border {
            continue;
        }
        let look = layer_look(kind);
        let shown = spec.layers.contains(&kind) || is_coloured;
        // Basemap borders only (layer hidden): thin grey lines, as the basemap draws them.
        let (outline, width) = if shown {
            let over =
                kind == LayerKind::Ti2023 && coloured.is_some_and(|(k, _)| k != LayerKind::Ti2023);
            let w = if over {
                map_look::TERRITORY_OUTLINE_OVER_CHOROPLETH
            } else {
                look.width
            };
            (look.outline, f64::from(w) * unit)
        } else {
            match kind {
                LayerKind::Regions => ([0x8e, 0x8e, 0x8e], 0.9 * unit),
                _ => ([0xb9, 0xb9, 0xb9], 0.5 * unit),
            }
        };
        let class = layer_class(kind);
        svg.begin_group(class);
        let shapes: Vec<MultiPolygon<f64>> = dataset
            .features(kind)
            .iter()
            .map(|f| dataset.topology.multipolygon(f, lod))
            .collect();
        let paths: Vec<String> = shapes.iter().map(|mp| frame.path(mp)).collect();
        // Fills first, then outlines over them (no fill hides a neighbour's border).
        for (i, d) in paths.iter().enumerate() {
            let fill = match coloured {
                Some((k, fills)) if k == kind => fills.get(i).map(|&c| (c, 1.0)),
                Some(_) if kind == LayerKind::Ti2023 => None,
                _ if shown => look.fill.map(|(c, o)| (c, f64::from(o))),
                _ => None,
            };
            if let Some(fill) = fill {
                svg.path(
                    d,
                    Paint {
                        fill: Some(fill),
                        stroke: None,
                    },
                    Some(class),
                );
            }
        }
        let outline_class = format!("{class}-contour");
        for d in &paths {
            svg.path(d, Paint::stroke(outline, width), Some(&outline_class));
        }
        svg.end_group();
        if kind == LayerKind::Ti2023 {
            territory_shapes = shapes;
        }
    }
    for layer in &spec.extra_layers {
        svg.begin_group(&format!("couche-{}", layer.name));
        for mp in &layer.polygons {
            let d = frame.path(mp);
            svg.path(
                &d,
                Paint::stroke(map_look::USER_LAYER_OUTLINE, 1.6 * unit),
                Some("couche-importee"),
            );
        }
        svg.end_group();
    }
    if spec.labels && spec.layers.contains(&LayerKind::Ti2023) {
        territory_labels(svg, dataset, &territory_shapes, frame, base);
    }
    if !spec.points.is_empty() {
        svg.begin_group("projets");
        for p in &spec.points {
            let (x, y) = frame.project(p[0], p[1]);
            if x >= frame.x
                && x <= frame.x + frame.width
                && y >= frame.y
                && y <= frame.y + frame.height
            {
                svg.circle(
                    x,
                    y,
                    2.5 * unit,
                    Paint::fill(map_look::PROJECT_FILL).with_stroke([255, 255, 255], 0.6 * unit),
                );
            }
        }
        svg.end_group();
    }
    svg.end_group();
}

/// The offline basemap under `frame` (sea, lands, borders) from its tiles; returns false when
/// the tiles are unavailable and draws France's land from the bundle's régions on a neutral
/// background instead (never a sea where there is land).
pub fn background(svg: &mut Svg, dataset: &Dataset, frame: &MapFrame, unit: f64) -> bool {
    if let Some(tiles) = super::basemap::BasemapTiles::bundled()
        && tiles.draw(svg, frame, unit)
    {
        return true;
    }
    let lod = frame.level_of_detail(&dataset.topology.tolerances_deg);
    svg.rect(
        frame.x,
        frame.y,
        frame.width,
        frame.height,
        Paint::fill(map_look::LAND_NEIGHBOURS),
    );
    svg.begin_group("fond-terre");
    for f in dataset.features(LayerKind::Regions) {
        let d = frame.path(&dataset.topology.multipolygon(f, lod));
        svg.path(&d, Paint::fill(map_look::LAND_FRANCE), None);
    }
    svg.end_group();
    false
}

/// Territory names where they fit: biggest territories first, each name inside its territory's
/// box and the frame, never over another name (the screen's rule).
fn territory_labels(
    svg: &mut Svg,
    dataset: &Dataset,
    shapes: &[MultiPolygon<f64>],
    frame: &MapFrame,
    base: f64,
) {
    use geo::{Area as _, BoundingRect as _, InteriorPoint as _};
    let style = TextStyle::new(base * 0.78)
        .colour([0x10, 0x2a, 0x3c])
        .anchor(Anchor::Middle);
    let names = dataset.feature_names(LayerKind::Ti2023);
    /// A name that may be written: its territory's box area and size on the page, its anchor.
    struct Candidate<'a> {
        area: f64,
        anchor: (f64, f64),
        name: &'a str,
        room: (f64, f64),
    }
    let mut candidates: Vec<Candidate<'_>> = Vec::new();
    for (mp, name) in shapes.iter().zip(&names) {
        let Some(r) = mp.bounding_rect() else {
            continue;
        };
        if !frame.meets([r.min().x, r.min().y, r.max().x, r.max().y]) {
            continue;
        }
        let (x0, y0) = frame.project(r.min().x, r.max().y);
        let (x1, y1) = frame.project(r.max().x, r.min().y);
        let largest = mp
            .iter()
            .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()));
        let Some(point) = largest.and_then(|p| p.interior_point()) else {
            continue;
        };
        let anchor = frame.project(point.x(), point.y());
        candidates.push(Candidate {
            area: (x1 - x0) * (y1 - y0),
            anchor,
            name,
            room: (x1 - x0, y1 - y0),
        });
    }
    candidates.sort_by(|a, b| b.area.total_cmp(&a.area));
    let mut placed: Vec<[f64; 4]> = Vec::new();
    let pad = base * 0.2;
    svg.begin_group("noms-territoires");
    for Candidate {
        anchor: (x, y),
        name,
        room: (room_w, room_h),
        ..
    } in candidates
    {
        let w = style.width_of(name);
        let h = style.size * 1.2;
        if w > room_w || h > room_h {
            continue;
        }
        let rect = [x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0];
        let inside = rect[0] > frame.x
            && rect[1] > frame.y
            && rect[2] < frame.x + frame.width
            && rect[3] < frame.y + frame.height;
        let overlaps = placed.iter().any(|p| {
            rect[0] - pad < p[2]
                && rect[2] + pad > p[0]
                && rect[1] - pad < p[3]
                && rect[3] + pad > p[1]
        });
        if inside && !overlaps {
            svg.text_with_halo(x, y + style.size * 0.35, name, style, style.size * 0.25);
            placed.push(rect);
        }
    }
    svg.end_group();
}

const PANEL: Rgb = [255, 255, 255];
const PANEL_BORDER: Rgb = [0x99, 0x99, 0x99];
const MUTED: Rgb = [0x55, 0x55, 0x55];

fn panel(svg: &mut Svg, x: f64, y: f64, w: f64, h: f64) {
    svg.rect(
        x,
        y,
        w,
        h,
        Paint {
            fill: Some((PANEL, 0.92)),
            stroke: Some((PANEL_BORDER, 0.5)),
        },
    );
}

/// Title (and subtitle) at the top left; returns the y below the box.
fn title_box(svg: &mut Svg, spec: &MapExport, margin: f64, base: f64, max_w: f64) -> f64 {
    let title_style = TextStyle::new(base * 1.6).bold();
    let sub_style = TextStyle::new(base).colour(MUTED);
    let title = title_style.wrap(&spec.title, max_w);
    let sub = spec
        .subtitle
        .as_deref()
        .map(|s| sub_style.wrap(s, max_w))
        .unwrap_or_default();
    let pad = base * 0.6;
    let w = title
        .iter()
        .map(|l| title_style.width_of(l))
        .chain(sub.iter().map(|l| sub_style.width_of(l)))
        .fold(0.0, f64::max)
        + 2.0 * pad;
    let h = title.len() as f64 * title_style.size * 1.3
        + sub.len() as f64 * sub_style.size * 1.3
        + 2.0 * pad;
    panel(svg, margin, margin, w, h);
    let y = svg.text_lines(margin + pad, margin + pad, &title, title_style);
    svg.text_lines(margin + pad, y, &sub, sub_style);
    margin + h
}

fn north_arrow(svg: &mut Svg, cx: f64, top: f64, base: f64) {
    let h = base * 2.6;
    let w = base * 0.9;
    let tip = (cx, top + base * 1.4);
    let d = format!(
        "M{:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z",
        tip.0,
        tip.1,
        cx + w,
        tip.1 + h,
        cx,
        tip.1 + h * 0.72,
        cx - w,
        tip.1 + h
    );
    svg.path(
        &d,
        Paint::fill([0x22, 0x22, 0x22]).with_stroke([255, 255, 255], 0.6),
        Some("nord"),
    );
    svg.text(
        cx,
        top + base * 1.2,
        "N",
        TextStyle::new(base * 1.1).bold().anchor(Anchor::Middle),
    );
}

/// The sources line at the bottom; returns its top.
fn sources_band(svg: &mut Svg, spec: &MapExport, base: f64) -> f64 {
    let style = TextStyle::new(base * 0.75).colour(MUTED);
    let mut sources: Vec<String> = Vec::new();
    if let Some((_, _, legend)) = &spec.choropleth {
        for s in &legend.sources {
            sources.push(s.citation());
        }
    }
    sources.push("contours IGN ADMIN EXPRESS COG 2024, périmètres ANCT".into());
    if spec.basemap == BasemapChoice::Vector {
        sources.push("fond de carte : Natural Earth (domaine public), IGN".into());
    }
    let text = format!(
        "Sources : {}. Réalisation : ti-atlas, le {}.",
        sources.join(" ; "),
        spec.date
    );
    let lines = style.wrap(&text, spec.width - 2.0 * base);
    let h = lines.len() as f64 * style.size * 1.3 + base * 0.6;
    let top = spec.height - h;
    svg.rect(0.0, top, spec.width, h, Paint::fill(PANEL));
    svg.text_lines(base, top + base * 0.2, &lines, style);
    top
}

fn scale_bar(svg: &mut Svg, frame: &MapFrame, x: f64, bottom: f64, base: f64) {
    let metres_per_unit = frame.metres_per_unit();
    let length_m = nice_length_m(frame.width * 0.2 * metres_per_unit);
    if length_m <= 0.0 {
        return;
    }
    let w = length_m / metres_per_unit;
    let label = distance_label(length_m);
    let style = TextStyle::new(base * 0.85);
    let pad = base * 0.4;
    let box_w = w.max(style.width_of(&label)) + 2.0 * pad;
    let box_h = base * 2.2;
    let top = bottom - box_h;
    panel(svg, x, top, box_w, box_h);
    let y = top + box_h - pad - base * 0.3;
    svg.rect(
        x + pad,
        y,
        w / 2.0,
        base * 0.3,
        Paint::fill([0x22, 0x22, 0x22]),
    );
    svg.rect(
        x + pad + w / 2.0,
        y,
        w / 2.0,
        base * 0.3,
        Paint::fill([255, 255, 255]).with_stroke([0x22, 0x22, 0x22], 0.5),
    );
    svg.text(x + pad, top + pad + style.size * 0.9, &label, style);
}

/// The legend in the column at (x, width), its bottom at `bottom`.
fn legend_box(svg: &mut Svg, legend: &Legend, x: f64, w: f64, bottom: f64, base: f64) {
    let pad = base * 0.6;
    let inner = w - 2.0 * pad;
    let title_style = TextStyle::new(base * 1.05).bold();
    let small = TextStyle::new(base * 0.8).colour(MUTED);
    let row = TextStyle::new(base * 0.9);
    let title = title_style.wrap(&legend.title, inner);
    let info = small.wrap(
        &format!(
            "{} — maille : {} — {}",
            legend.unit,
            legend.level.label_fr(),
            legend.method
        ),
        inner,
    );
    let rows = legend.class_rows();
    let missing = legend.classification.missing;
    let mut reasons: Vec<String> = Vec::new();
    if missing > 0 {
        for (reason, n) in legend.missing_reasons.iter().take(4) {
            reasons.extend(small.wrap(&format!("{n} : {reason}"), inner - base));
        }
    }
    let row_h = base * 1.45;
    let h = title.len() as f64 * title_style.size * 1.3
        + info.len() as f64 * small.size * 1.3
        + (rows.len() + usize::from(missing > 0)) as f64 * row_h
        + reasons.len() as f64 * small.size * 1.3
        + 2.0 * pad
        + base * 0.4;
    let y = (bottom - h).max(base);
    let mut cy = svg.text_lines(x + pad, y + pad, &title, title_style);
    cy = svg.text_lines(x + pad, cy, &info, small) + base * 0.4;
    let swatch = |svg: &mut Svg, cy: f64, colour: Rgb| {
        svg.rect(
            x + pad,
            cy + row_h * 0.12,
            base * 1.8,
            row_h * 0.76,
            Paint::fill(colour).with_stroke(PANEL_BORDER, 0.4),
        );
    };
    for (text, colour) in rows.iter().zip(&legend.colours) {
        swatch(svg, cy, *colour);
        svg.text(x + pad + base * 2.3, cy + row_h * 0.72, text, row);
        cy += row_h;
    }
    if missing > 0 {
        swatch(svg, cy, legend.missing_colour);
        svg.text(
            x + pad + base * 2.3,
            cy + row_h * 0.72,
            &format!("non disponible ({missing})"),
            row,
        );
        cy += row_h;
        svg.text_lines(x + pad + base, cy, &reasons, small);
    }
}
