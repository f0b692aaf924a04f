//! Small multiples on one page (`ti-atlas export map --panels`): the page's title at the top,
//! the panels in a grid, each with its small title, its map (composed by
//! [`crate::carto::compose_frames`] and written by [`super::map_svg::write_map`], as a single
//! map) and, for different indicators, its own legend; one legend for panels sharing their
//! classes; the scale bar in the first panel (every panel has the same scale); the sources of
//! every drawn indicator along the bottom. The furniture is drawn by the single map's painters
//! ([`super::map_export`]); [`super::render`] turns the drawing into PNG or PDF.
//!
//! In the SVG, each panel is a group (`p1`, `p2`…) whose ids carry its prefix (`p1-epci-…`):
//! every unit is drawn once per panel with an id unique in the drawing, its own id in
//! `data-unite` and its layer in `class`, as on a single map.

use std::sync::Arc;

use super::map_export::{
    PANEL, PANEL_BORDER, REFERENCE_BASE, legend_box, legend_height, scale_bar, scale_bar_size,
    sources_band, title_box, title_rect,
};
use super::map_svg::write_map;
use super::svg::{Paint, Svg, TextStyle, escape};
use super::{ExportError, Format, MapExport, View, check_size, render};
use crate::carto::insets::{MAINLAND_BBOX, lonlat_rect};
use crate::carto::layout_check::{Item, LayoutFacts, MIN_PAPER_TEXT_PT, PX_PER_PT, Swatch};
use crate::carto::panels::{PanelsMap, cells, insets_right, panel_frames};
use crate::carto::{
    Basemap, Composition, InsetChoice, MapScene, MapSpec, Pos, Rect, ViewTransform, WorldRect,
    compose, compose_frames,
};
use crate::model::Dataset;
use crate::model::indicators::choropleth::Legend;

/// A page of small multiples.
#[derive(Clone, Debug)]
pub struct PanelsExport {
    /// Drawing size (CSS pixels for SVG and PNG; points for PDF).
    pub width: f64,
    pub height: f64,
    /// What each panel shows: France entière, or a box (the screen's view is read as its box).
    pub view: View,
    pub title: String,
    pub subtitle: Option<String>,
    pub map: PanelsMap,
    /// "23/11/2026".
    pub date: String,
}

/// Where one panel goes on the page.
#[derive(Clone, Debug, PartialEq)]
pub struct PanelCell {
    /// Its small title's band, above the map.
    pub title: Rect,
    pub title_lines: Vec<String>,
    /// The map's frame.
    pub frame: Rect,
    /// Its own legend (different indicators), beside or under the map.
    pub legend: Option<Rect>,
}

/// Where things go on the page.
#[derive(Clone, Debug, PartialEq)]
pub struct PanelsLayout {
    /// The furniture's base text size.
    pub base: f64,
    /// The page's title box.
    pub title: Rect,
    /// Top of the sources band.
    pub sources_top: f64,
    /// The legend shared by the panels: a column on the right, a band under the panels on a
    /// portrait page.
    pub legend: Option<Rect>,
    pub panels: Vec<PanelCell>,
}

/// One panel as composed.
struct ComposedPanel {
    spec: MapSpec,
    comp: Composition,
}

impl PanelsExport {
    /// A page of `map` with its default title (the series and its periods, or the panels'
    /// indicators) unless `title` is given, and the maille as subtitle.
    pub fn of_map(
        width: f64,
        height: f64,
        view: View,
        map: PanelsMap,
        title: Option<&str>,
        date: &str,
    ) -> Self {
        let titles: Vec<&str> = map.panels.iter().map(|p| p.title.as_str()).collect();
        let default_title = match &map.common_legend {
            Some(legend) => format!("{} : {}", legend.title, titles.join(" / ")),
            None => titles.join(" ; "),
        };
        let subtitle = Some(format!(
            "Territoires d'industrie 2023-2027 — maille : {} — {} cartes",
            map.panels
                .first()
                .and_then(|p| p.legend())
                .map_or(map.level.label_fr(), |l| l.maille_fr()),
            map.panels.len()
        ));
        PanelsExport {
            width,
            height,
            view,
            title: title
                .filter(|t| !t.trim().is_empty())
                .map_or(default_title, str::to_owned),
            subtitle,
            map,
            date: date.to_owned(),
        }
    }

    /// The page as a single map's export, for the furniture's painters (title, sources).
    fn page(&self) -> MapExport {
        MapExport {
            width: self.width,
            height: self.height,
            view: self.view,
            title: self.title.clone(),
            subtitle: self.subtitle.clone(),
            spec: self
                .map
                .panels
                .first()
                .map(|p| p.spec.clone())
                .unwrap_or_default(),
            date: self.date.clone(),
            page: crate::carto::page_layout::PageLayout::default(),
            outer: None,
        }
    }

    /// What the panels are about: France entière (None), or a box.
    fn focus(&self) -> Option<WorldRect> {
        match self.view {
            View::France => None,
            View::Fit(b) => Some(WorldRect::from_lonlat(geo::Rect::new(
                (b[0], b[1]),
                (b[2], b[3]),
            ))),
            View::Screen(v) => Some(v.visible_world_rect()),
        }
    }

    /// Whether every panel shows France entière (mainland and insets).
    fn france_entiere(&self) -> bool {
        self.view == View::France
            && self
                .map
                .panels
                .first()
                .is_some_and(|p| p.spec.insets != InsetChoice::Off)
    }

    /// Names, lines and symbols at the page's size (as a single map of this size).
    fn page_scale(&self) -> f64 {
        self.page().base() / REFERENCE_BASE
    }

    /// The panels' specs as drawn on paper: at the page's scale, with the offline basemap's
    /// names (or on the bundle's contours when the basemap's file is missing).
    fn paper_specs(&self) -> Vec<MapSpec> {
        let scale = self.page_scale();
        let tiles = crate::export::basemap::BasemapTiles::bundled().is_some();
        self.map
            .panels
            .iter()
            .map(|p| {
                let mut spec = MapSpec {
                    scale,
                    ..p.spec.clone()
                };
                if spec.basemap == Basemap::Offline && !tiles {
                    spec.basemap = Basemap::Contours;
                }
                if spec.basemap == Basemap::Offline && spec.basemap_names.is_empty() {
                    spec.basemap_names = crate::export::basemap::names();
                }
                spec
            })
            .collect()
    }

    /// The sources of every panel in one line (each source once, in the panels' order).
    pub fn sources_line(&self, scene: &MapScene) -> String {
        let probe_view = ViewTransform::new(
            geo::Point::new(0.0, 0.0),
            0.0,
            Rect::from_min_size(Pos::new(0.0, 0.0), 1.0, 1.0),
        );
        let mut sources: Vec<String> = Vec::new();
        for spec in self.paper_specs() {
            for s in compose(scene, &spec, &probe_view, &[]).sources {
                if !sources.contains(&s) {
                    sources.push(s);
                }
            }
        }
        format!("Sources : {}.", sources.join(" ; "))
    }

    /// The legends the page draws: the shared one, or each panel's.
    fn legends(&self) -> Vec<Arc<Legend>> {
        match &self.map.common_legend {
            Some(l) => vec![Arc::clone(l)],
            None => self
                .map
                .panels
                .iter()
                .filter_map(|p| p.legend().cloned())
                .collect(),
        }
    }

    /// The page's layout; refused (French message) when the panels' own legends cannot be
    /// drawn whole beside or under their maps on a page this size.
    pub fn layout(&self, sources_line: &str) -> Result<PanelsLayout, String> {
        let page = self.page();
        let base = page.base();
        let (w, h) = (self.width, self.height);
        let title = title_rect(&page, base, base, w - 2.0 * base);
        let sources_top = page.layout(sources_line).sources_top;
        let pad = base * 0.6;
        let top = title.max.y + pad;
        let mut area = Rect::from_min_max(
            Pos::new(pad, top),
            Pos::new(w - pad, (sources_top - pad).max(top + 1.0)),
        );
        let mut legend = None;
        if let Some(common) = &self.map.common_legend {
            if h > w * 1.2 {
                let lh = legend_height(common, w - 2.0 * pad, base) + 2.0 * pad;
                let lt = area.max.y - lh;
                legend = Some(Rect::from_min_max(
                    Pos::new(0.0, lt),
                    Pos::new(w, area.max.y),
                ));
                area = Rect::from_min_max(area.min, Pos::new(area.max.x, (lt - pad).max(top)));
            } else {
                let lw = (w * 0.22).clamp(base * 13.0, base * 22.0);
                legend = Some(Rect::from_min_max(
                    Pos::new(w - lw, top),
                    Pos::new(w, area.max.y),
                ));
                area = Rect::from_min_max(area.min, Pos::new(w - lw - pad, area.max.y));
            }
        }
        let own_legends = self.map.common_legend.is_none();
        let n = self.map.panels.len();
        let gap = base * 0.8;
        let legends = if own_legends {
            self.legends()
        } else {
            Vec::new()
        };
        let title_style = panel_title_style(base);
        // The grid and the place of the panels' own legends (beside the map, or under it)
        // that give the maps the most room with every legend whole.
        let mut best: Option<(f64, Arrangement)> = None;
        for cols in 1..=n.max(1) {
            let rows = n.div_ceil(cols);
            for a in arrangements(self, &legends, area, (cols, rows), gap, base) {
                let score = (a.frame_w / 1.2).min(a.frame_h);
                if best.as_ref().is_none_or(|(b, _)| score > *b + 1e-9) {
                    best = Some((score, a));
                }
            }
        }
        let Some((_, arrangement)) = best else {
            return Err(format!(
                "page trop petite pour {n} cartes et leurs {} légendes : agrandissez-la \
                 (--width, --height ; A3) ou montrez moins d'indicateurs",
                legends.len()
            ));
        };
        let Arrangement {
            cols,
            rows,
            strip,
            legend_w,
            legend_h,
            ..
        } = arrangement;
        let grid_cells = cells(area, cols, rows, n, gap);
        let Some(cell) = grid_cells.first().copied() else {
            return Err("les petits multiples sans carte".into());
        };
        // The same bands in every cell, so that every map has the same frame and scale.
        let wrapped: Vec<Vec<String>> = self
            .map
            .panels
            .iter()
            .map(|p| title_style.wrap(&p.title, cell.width()))
            .collect();
        let panels = grid_cells
            .iter()
            .zip(wrapped)
            .map(|(c, title_lines)| {
                let map_top = c.min.y + strip;
                let frame = Rect::from_min_max(
                    Pos::new(c.min.x, map_top),
                    Pos::new(c.max.x - legend_w, c.max.y - legend_h),
                );
                let legend = (own_legends && (legend_w > 0.0 || legend_h > 0.0)).then(|| {
                    if legend_w > 0.0 {
                        Rect::from_min_max(Pos::new(frame.max.x, map_top), c.max)
                    } else {
                        Rect::from_min_max(Pos::new(c.min.x, frame.max.y), c.max)
                    }
                });
                PanelCell {
                    title: Rect::from_min_size(c.min, c.width(), strip),
                    title_lines,
                    frame,
                    legend,
                }
            })
            .collect();
        Ok(PanelsLayout {
            base,
            title,
            sources_top,
            legend,
            panels,
        })
    }

    /// The room the scale bar may take in a panel's frame (the same place in every panel:
    /// every map is fitted beside it, so all have one scale).
    fn scale_bar_room(&self, frame: Rect, spec: &MapSpec, base: f64) -> Rect {
        let x = insets_right(frame, spec, self.focus(), self.page_scale()) + base;
        let w = frame.width() * 0.2 + 0.8 * base;
        let h = base * 2.2;
        Rect::from_min_size(Pos::new(x, frame.max.y - base - h), w, h)
    }

    /// The layout and each panel's composition.
    #[allow(clippy::type_complexity)]
    fn compose(
        &self,
        scene: &MapScene,
    ) -> Result<(PanelsLayout, Vec<ComposedPanel>, Option<Rect>), String> {
        let layout = self.layout(&self.sources_line(scene))?;
        let base = layout.base;
        let page_scale = self.page_scale();
        let mut bar = None;
        let composed = self
            .paper_specs()
            .into_iter()
            .zip(&layout.panels)
            .enumerate()
            .map(|(k, (spec, cell))| {
                let room = self.scale_bar_room(cell.frame, &spec, base);
                let frames =
                    panel_frames(scene, &spec, cell.frame, self.focus(), &[room], page_scale);
                // The scale bar is drawn in the first panel: its names keep clear of it.
                let mut furniture = Vec::new();
                if k == 0
                    && let Some((bw, bh)) = scale_bar_size(&frames.main, cell.frame, base)
                {
                    let r = Rect::from_min_size(
                        Pos::new(room.min.x, cell.frame.max.y - base - bh),
                        bw,
                        bh,
                    );
                    furniture.push(r);
                    bar = Some(r);
                }
                let comp = compose_frames(scene, &spec, &frames, &furniture);
                ComposedPanel { spec, comp }
            })
            .collect();
        Ok((layout, composed, bar))
    }
}

/// A grid and the place of the panels' own legends in its cells.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Arrangement {
    cols: usize,
    rows: usize,
    /// The panels' titles' band.
    strip: f64,
    /// The own legend's column beside the map, or its band under it (0: none).
    legend_w: f64,
    legend_h: f64,
    /// The map's frame.
    frame_w: f64,
    frame_h: f64,
}

/// The height of the panels' titles' band in a cell `w` wide (the longest title's).
fn strip_height(export: &PanelsExport, w: f64, base: f64) -> f64 {
    let style = panel_title_style(base);
    let lines = export
        .map
        .panels
        .iter()
        .map(|p| style.wrap(&p.title, w).len())
        .max()
        .unwrap_or(1);
    lines as f64 * style.size * 1.3 + base * 0.3
}

/// The ways `legends` (each panel's own; none when they share one) fit whole in the cells of
/// a `cols` × `rows` grid: in a column beside the map (at a few widths), or in a band under it.
fn arrangements(
    export: &PanelsExport,
    legends: &[Arc<Legend>],
    area: Rect,
    (cols, rows): (usize, usize),
    gap: f64,
    base: f64,
) -> Vec<Arrangement> {
    let n = export.map.panels.len();
    let Some(cell) = cells(area, cols, rows, n, gap).first().copied() else {
        return Vec::new();
    };
    let strip = strip_height(export, cell.width(), base);
    let rest_h = cell.height() - strip;
    let at = |legend_w: f64, legend_h: f64| Arrangement {
        cols,
        rows,
        strip,
        legend_w,
        legend_h,
        frame_w: cell.width() - legend_w,
        frame_h: rest_h - legend_h,
    };
    if legends.is_empty() {
        return vec![at(0.0, 0.0)];
    }
    let pad = base * 0.6;
    // What the tallest legend needs at a width (drawn `pad` inside its box, its bottom half a
    // pad above the box's).
    let need = |w: f64| {
        legends
            .iter()
            .map(|l| legend_height(l, w - 2.0 * pad, base))
            .fold(0.0, f64::max)
            + pad * 0.5
    };
    let mut out = Vec::new();
    for lw in [13.0, 16.0, 20.0, 24.0].map(|k| k * base) {
        if lw <= cell.width() * 0.55 && need(lw) <= rest_h {
            out.push(at(lw, 0.0));
        }
    }
    let lh = need(cell.width()) + pad * 0.5;
    if lh <= rest_h * 0.6 {
        out.push(at(0.0, lh));
    }
    out
}

/// The panels' small titles.
fn panel_title_style(base: f64) -> TextStyle {
    TextStyle::new(base).bold()
}

/// The page of small multiples as an SVG drawing.
pub fn panels_svg(
    dataset: &Dataset,
    scene: &MapScene,
    export: &PanelsExport,
) -> Result<String, String> {
    Ok(panels_page(dataset, scene, export)?.0)
}

/// The page as an SVG drawing, and what it says of itself for the layout check: one
/// [`LayoutFacts`] per panel (its composition, with the page's furniture and texts). Refused
/// (French message) when the page is too small for the panels' legends.
pub fn panels_page(
    dataset: &Dataset,
    scene: &MapScene,
    export: &PanelsExport,
) -> Result<(String, Vec<LayoutFacts>), String> {
    let (layout, composed, bar) = export.compose(scene)?;
    let base = layout.base;
    let page = export.page();
    let (w, h) = (export.width, export.height);
    let mut out = String::new();
    // The paper.
    let mut paper = Svg::new(w, h);
    paper.rect(0.0, 0.0, w, h, Paint::fill(PANEL));
    let (head, body) = split_svg(&paper.finish());
    out.push_str(&body);
    // Each panel's map, its ids prefixed.
    let mut panel_texts = Vec::new();
    for (k, (panel, cp)) in export.map.panels.iter().zip(&composed).enumerate() {
        let mut svg = Svg::new(w, h);
        write_map(&mut svg, dataset, &cp.spec, &cp.comp);
        panel_texts.push(std::mem::take(&mut svg.texts));
        let prefix = format!("p{}-", k + 1);
        out.push_str(&format!(
            "<g id=\"p{}\" inkscape:groupmode=\"layer\" inkscape:label=\"{}\">\n",
            k + 1,
            escape(&panel.title)
        ));
        out.push_str(&prefixed(&split_svg(&svg.finish()).1, &prefix));
        out.push_str("</g>\n");
    }
    // The furniture.
    let mut svg = Svg::new(w, h);
    let mut furniture: Vec<Item> = Vec::new();
    let mut swatches: Vec<Swatch> = Vec::new();
    svg.begin_layer("habillage", "Habillage");
    title_box(&mut svg, &page, base, base, w - 2.0 * base);
    furniture.push(Item::new("le titre", layout.title));
    let title_style = panel_title_style(base).colour([0x22, 0x22, 0x22]);
    for (k, cell) in layout.panels.iter().enumerate() {
        let f = cell.frame;
        svg.rect(
            f.min.x,
            f.min.y,
            f.width(),
            f.height(),
            Paint::stroke(PANEL_BORDER, 0.5),
        );
        svg.text_lines(
            cell.title.min.x,
            cell.title.min.y,
            &cell.title_lines,
            title_style,
        );
        furniture.push(Item::new(
            &format!("le titre de la carte {}", k + 1),
            cell.title,
        ));
    }
    if let (Some(first), Some(cp)) = (layout.panels.first(), composed.first())
        && let Some(r) = bar
    {
        scale_bar(&mut svg, &cp.comp.view, first.frame, r.min.x, r.max.y, base);
        furniture.push(Item::new("l'échelle", r));
    }
    let sources_top = sources_band(&mut svg, &page, &export.sources_line(scene), base);
    furniture.push(Item::new(
        "les sources",
        Rect::from_min_max(Pos::new(0.0, sources_top), Pos::new(w, h)),
    ));
    svg.end_group();
    svg.begin_layer("legende", "Légende");
    let pad = base * 0.6;
    if let (Some(legend), Some(rect)) = (&export.map.common_legend, layout.legend) {
        swatches.extend(legend_box(
            &mut svg,
            legend,
            rect.min.x + pad,
            rect.width() - 2.0 * pad,
            rect.max.y - pad,
            base,
        ));
        furniture.push(Item::new("la légende", rect));
    }
    if export.map.common_legend.is_none() {
        for (k, (panel, cell)) in export.map.panels.iter().zip(&layout.panels).enumerate() {
            if let (Some(legend), Some(rect)) = (panel.legend(), cell.legend) {
                // At the top of its box (the layout made the box tall enough for it).
                let inner = rect.width() - 2.0 * pad;
                let bottom = (rect.min.y + pad * 0.5 + legend_height(legend, inner, base))
                    .min(rect.max.y - pad * 0.5);
                swatches.extend(legend_box(
                    &mut svg,
                    legend,
                    rect.min.x + pad,
                    inner,
                    bottom,
                    base,
                ));
                furniture.push(Item::new(
                    &format!("la légende de la carte {}", k + 1),
                    rect,
                ));
            }
        }
    }
    svg.end_group();
    let page_texts = std::mem::take(&mut svg.texts);
    out.push_str(&split_svg(&svg.finish()).1);
    let drawing = format!("{head}{out}</svg>\n");
    // One account per panel for the layout check.
    let focus = export
        .focus()
        .unwrap_or_else(|| WorldRect::from_lonlat(lonlat_rect(MAINLAND_BBOX)));
    let facts = composed
        .into_iter()
        .zip(panel_texts)
        .enumerate()
        .map(|(k, (cp, own_texts))| {
            let mut texts = page_texts.clone();
            texts.extend(own_texts);
            let furniture = furniture
                .iter()
                .filter(|i| k == 0 || i.what != "l'échelle")
                .cloned()
                .collect();
            let basemap_tile_zoom = match cp.spec.basemap {
                Basemap::Offline => crate::export::basemap::BasemapTiles::bundled()
                    .map(|t| t.tile_zoom(&cp.comp.view)),
                _ => None,
            };
            LayoutFacts {
                page: Rect::from_min_size(Pos::new(0.0, 0.0), w, h),
                min_text: MIN_PAPER_TEXT_PT * PX_PER_PT,
                focus,
                furniture,
                texts,
                swatches: swatches.clone(),
                // A map drawn through the territories' members leaves out, on purpose, the
                // EPCI outside the territories.
                every_unit: export.france_entiere()
                    && cp
                        .spec
                        .choropleth
                        .as_ref()
                        .is_none_or(|c| c.members.is_none()),
                basemap_tile_zoom,
                composition: cp.comp,
            }
        })
        .collect();
    Ok((drawing, facts))
}

/// The head (`<?xml …?>` and the `<svg …>` line) and the body of a drawing.
fn split_svg(doc: &str) -> (String, String) {
    let start = doc.find("<svg ").unwrap_or(0);
    let head_end = doc[start..].find('\n').map_or(doc.len(), |i| start + i + 1);
    let body = doc[head_end..]
        .strip_suffix("</svg>\n")
        .unwrap_or(&doc[head_end..]);
    (doc[..head_end].to_owned(), body.to_owned())
}

/// A panel's drawing with its ids prefixed (`p1-`), so that they are unique in the page: a
/// unit's path keeps its own id in `data-unite` (as its names and symbols do), group and clip
/// ids and their references are prefixed, and an id met again in the panel (the basemap's
/// group inside its layer) is numbered (`p1-fond-de-carte-2`).
fn prefixed(body: &str, prefix: &str) -> String {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut out = String::with_capacity(body.len() + body.len() / 8);
    for line in body.lines() {
        let unit = line
            .strip_prefix("<path id=\"")
            .and_then(|rest| rest.find('"').map(|end| (&rest[..end], &rest[end + 1..])));
        if let Some((id, rest)) = unit {
            out.push_str(&format!(
                "<path id=\"{prefix}{id}\" data-unite=\"{id}\"{rest}"
            ));
        } else {
            let line = line.replace("url(#", &format!("url(#{prefix}"));
            let mut rest = line.as_str();
            while let Some(i) = rest.find(" id=\"") {
                let (before, after) = rest.split_at(i + 5);
                out.push_str(before);
                let end = after.find('"').unwrap_or(after.len());
                let id = &after[..end];
                let n = seen.entry(id.to_owned()).or_insert(0);
                *n += 1;
                out.push_str(prefix);
                out.push_str(id);
                if *n > 1 {
                    out.push_str(&format!("-{n}"));
                }
                rest = &after[end..];
            }
            out.push_str(rest);
        }
        out.push('\n');
    }
    out
}

/// The bytes of a page of small multiples. For PNG, `width` × `height` are the image's
/// pixels; the drawing is laid out at 96 per inch and scaled to the DPI.
pub fn panels_bytes(
    dataset: &Dataset,
    scene: &MapScene,
    export: &PanelsExport,
    format: Format,
) -> Result<Vec<u8>, ExportError> {
    check_size(export.width, export.height, format).map_err(ExportError::Invalid)?;
    Ok(match format {
        Format::Svg => panels_svg(dataset, scene, export)
            .map_err(ExportError::Invalid)?
            .into_bytes(),
        Format::Pdf => render::pdf(
            &[panels_svg(dataset, scene, export).map_err(ExportError::Invalid)?],
            &render::PdfInfo {
                title: export.title.clone(),
                subject: "Petits multiples des Territoires d'industrie".into(),
            },
        )?,
        Format::Png { dpi } => {
            let scale = (f64::from(dpi.max(1.0)) / 96.0).clamp(0.1, 20.0);
            let drawing = PanelsExport {
                width: export.width / scale,
                height: export.height / scale,
                ..export.clone()
            };
            let svg = panels_svg(dataset, scene, &drawing).map_err(ExportError::Invalid)?;
            render::png(&svg, scale as f32, dpi)?
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panel_s_ids_are_prefixed_and_its_units_keep_theirs() {
        let body = "<g id=\"epci\" inkscape:groupmode=\"layer\">\n\
                    <path id=\"epci-200039865\" class=\"epci\" d=\"M0 0Z\"/>\n\
                    <clipPath id=\"clip1\"><rect/></clipPath><g clip-path=\"url(#clip1)\">\n";
        let out = prefixed(body, "p2-");
        assert!(out.contains("<g id=\"p2-epci\""));
        assert!(out.contains(
            "<path id=\"p2-epci-200039865\" data-unite=\"epci-200039865\" class=\"epci\""
        ));
        assert!(out.contains("<clipPath id=\"p2-clip1\">"));
        assert!(out.contains("url(#p2-clip1)"));
        let twice = prefixed("<g id=\"fond\">\n<g id=\"fond\">\n", "p1-");
        assert_eq!(twice, "<g id=\"p1-fond\">\n<g id=\"p1-fond-2\">\n");
    }

    #[test]
    fn a_drawing_splits_into_head_and_body() {
        let mut svg = Svg::new(10.0, 10.0);
        svg.rect(0.0, 0.0, 1.0, 1.0, Paint::fill([0, 0, 0]));
        let (head, body) = split_svg(&svg.finish());
        assert!(head.starts_with("<?xml") && head.trim_end().ends_with('>'));
        assert!(body.starts_with("<rect") && !body.contains("</svg>"));
    }
}
