//! The map as a briefing figure: the composition of the map ([`crate::carto`], the same as
//! the screen's) in a frame, with title, legend, scale bar, north arrow, sources and date
//! around it. One SVG drawing; [`super::render`] turns it into PNG or PDF.

use super::map_svg::write_map;
use super::svg::{Anchor, Paint, Rgb, Svg, TextStyle};
use crate::carto::insets::{
    MAINLAND_BBOX, column_layout, left_column, lonlat_rect, mainland_room, shows_france,
};
use crate::carto::layout_check::{Item, LayoutFacts, MIN_PAPER_TEXT_PT, PX_PER_PT, Swatch};
use crate::carto::page_layout::{PageElement, PageLayout};
use crate::carto::room::{fit_beside, subject_boxes};
use crate::carto::scale_bar::scale_bar as scale_bar_of;
use crate::carto::{
    Basemap, Composition, InsetChoice, MapFrames, MapScene, MapSpec, Pos, Rect, ViewTransform,
    WorldRect, compose, compose_frames,
};
use crate::model::Dataset;
use crate::model::indicators::choropleth::Legend;

/// Metropolitan France, the default view.
pub const FRANCE_BBOX: [f64; 4] = [-5.2, 41.3, 9.6, 51.1];

/// Drawing size at which the furniture and the names have their reference size (a 1280×800
/// drawing looks like the screen's map at 100 %).
pub(crate) const REFERENCE_BASE: f64 = 800.0 / 55.0;

/// What part of the world the map shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum View {
    /// At least this lon/lat box, centred (min lon, min lat, max lon, max lat).
    Fit([f64; 4]),
    /// The screen's view: the map's frame on screen and where it looked. The export shows the
    /// same ground, its names and lines scaled with the frame's width. A screen view showing
    /// France at its scale is exported as France entière when insets are on.
    Screen(ViewTransform),
    /// France entière: the mainland and the overseas insets (the mainland alone when the
    /// spec's insets are off).
    France,
}

/// Everything a map export shows: the map (a [`MapSpec`], the same as the screen's) and its
/// furniture.
#[derive(Clone, Debug)]
pub struct MapExport {
    /// Drawing size (CSS pixels for SVG and PNG; points for PDF).
    pub width: f64,
    pub height: f64,
    pub view: View,
    pub title: String,
    pub subtitle: Option<String>,
    pub spec: MapSpec,
    /// "23/11/2026".
    pub date: String,
    /// The user's page: moved, resized or hidden furniture, margins, texts (the automatic
    /// layout when untouched).
    pub page: PageLayout,
    /// The whole page's size when this export is the content inside the page's margins: its
    /// texts and lines keep the page's size.
    pub outer: Option<(f64, f64)>,
}

/// Where things go on the drawing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Layout {
    /// The map's frame.
    pub frame: Rect,
    /// The legend's column on the right, or its band under the map on a portrait page coloured
    /// by one indicator; none when nothing colours the map.
    pub legend: Option<Rect>,
    /// Top of the sources band.
    pub sources_top: f64,
    /// The furniture's base text size.
    pub base: f64,
}

impl MapExport {
    /// France, the 2023-2027 territories, no indicator.
    pub fn new(width: f64, height: f64, title: &str, date: &str) -> Self {
        MapExport {
            width,
            height,
            view: View::France,
            title: title.to_owned(),
            subtitle: None,
            spec: MapSpec::default(),
            date: date.to_owned(),
            page: PageLayout::default(),
            outer: None,
        }
    }

    /// A map export of `map` with its default title and subtitle (the indicator and the maille,
    /// or the programme's name), unless `title` is given. The app and the CLI both call this.
    pub fn of_map(
        width: f64,
        height: f64,
        view: View,
        map: MapSpec,
        title: Option<&str>,
        date: &str,
    ) -> Self {
        let maille = |level: &str| format!("Territoires d'industrie 2023-2027 — maille : {level}");
        let (default_title, subtitle) = match (&map.choropleth, &map.symbols) {
            (Some(c), Some(s)) => (
                format!("{} et {}", c.legend.title, s.title.to_lowercase()),
                Some(maille(c.legend.maille_fr())),
            ),
            (Some(c), None) => (c.legend.title.clone(), Some(maille(c.legend.maille_fr()))),
            (None, Some(s)) => (s.title.clone(), Some(maille(s.level.label_fr()))),
            (None, None) => ("Territoires d'industrie 2023-2027".to_owned(), None),
        };
        let (default_title, subtitle) = match &map.bivariate {
            Some(b) => (b.legend.title(), Some(maille(b.level.label_fr()))),
            None => (default_title, subtitle),
        };
        MapExport {
            width,
            height,
            view,
            title: title
                .filter(|t| !t.trim().is_empty())
                .map_or(default_title, str::to_owned),
            subtitle,
            spec: map,
            date: date.to_owned(),
            page: PageLayout::default(),
            outer: None,
        }
    }

    /// The same export on the user's page: its texts (title, subtitle) in place of the
    /// automatic ones, its furniture where the user put it.
    pub fn with_page(mut self, page: &PageLayout) -> Self {
        if let Some(t) = page.title.as_deref().filter(|t| !t.trim().is_empty()) {
            t.clone_into(&mut self.title);
        }
        if let Some(s) = &page.subtitle {
            self.subtitle = (!s.trim().is_empty()).then(|| s.clone());
        }
        self.page = page.clone();
        self
    }

    /// The content's size (the page inside its margins).
    fn size(&self) -> (f64, f64) {
        (self.width, self.height)
    }

    /// Where the user put `element`, if the user did.
    fn placed(&self, element: PageElement) -> Option<Rect> {
        self.page.placed(element, self.size())
    }

    /// Whether a legend is drawn: something colours the map and the user did not hide it.
    fn has_legend(&self) -> bool {
        (self.spec.choropleth.is_some()
            || self.spec.symbols.is_some()
            || self.spec.bivariate.is_some())
            && self.page.shows(PageElement::Legende)
    }

    pub(crate) fn base(&self) -> f64 {
        let (w, h) = self.outer.unwrap_or((self.width, self.height));
        (w.min(h) / 55.0).clamp(7.0, 16.0)
    }

    /// The drawing's layout (the sources band's height depends on the sources' text).
    pub fn layout(&self, sources_line: &str) -> Layout {
        let base = self.base();
        let style = TextStyle::new(base * 0.75);
        let lines = style.wrap(&self.sources_text(sources_line), self.width - 2.0 * base);
        let band = lines.len() as f64 * style.size * 1.3 + base * 0.6;
        // Sources the user moved leave the bottom of the page to the map.
        let sources_top = if self.placed(PageElement::Sources).is_some() {
            self.height
        } else {
            self.height - band
        };
        let layout = self.automatic_layout(sources_top, base);
        // A legend the user placed floats where the user put it (the map takes the column);
        // a frame the user placed is the user's.
        let legend = match self.placed(PageElement::Legende) {
            Some(r) if self.has_legend() => Some(self.fitted_legend(r, base)),
            _ => layout.legend,
        };
        let frame = self.placed(PageElement::Carte).unwrap_or(layout.frame);
        Layout {
            frame,
            legend,
            ..layout
        }
    }

    /// A legend the user placed, as tall as its classes (its top and width the user's) when
    /// it is one indicator's.
    fn fitted_legend(&self, r: Rect, base: f64) -> Rect {
        match &self.spec.choropleth {
            Some(c) if self.spec.symbols.is_none() && self.spec.bivariate.is_none() => {
                let h = legend_height(&c.legend, r.width() - 1.2 * base, base) + 1.2 * base;
                Rect::from_min_size(r.min, r.width(), h)
            }
            _ => r,
        }
    }

    /// The automatic layout: the map and the legend's column (or band) above the sources.
    fn automatic_layout(&self, sources_top: f64, base: f64) -> Layout {
        let legend_floats = self.placed(PageElement::Legende).is_some();
        // A portrait page coloured by one indicator: the legend goes in a band under the map,
        // the map takes the page's whole width (France is about as tall as wide: a column
        // beside it would leave most of the page's height empty).
        if self.height > self.width * 1.2
            && !legend_floats
            && self.page.shows(PageElement::Legende)
            && self.spec.symbols.is_none()
            && self.spec.bivariate.is_none()
            && let Some(c) = &self.spec.choropleth
        {
            let pad = base * 0.6;
            let h = legend_height(&c.legend, self.width - 2.0 * pad, base) + 2.0 * pad;
            let top = sources_top - h;
            return Layout {
                frame: Rect::from_min_size(Pos::new(0.0, 0.0), self.width, top),
                legend: Some(Rect::from_min_size(Pos::new(0.0, top), self.width, h)),
                sources_top,
                base,
            };
        }
        let widest = base * 24.0;
        let mut legend_w = if self.has_legend() && !legend_floats {
            (self.width * 0.26).clamp(base * 13.0, widest)
        } else {
            0.0
        };
        // A legend of one map taller than its column (a typology's long rules and reasons)
        // gets a wider column, up to the widest, its lines wrapping less.
        if legend_w > 0.0
            && self.spec.symbols.is_none()
            && self.spec.bivariate.is_none()
            && let Some(c) = &self.spec.choropleth
        {
            let fits =
                |w: f64| legend_height(&c.legend, w - 1.2 * base, base) + 1.2 * base <= sources_top;
            while legend_w < widest && !fits(legend_w) {
                legend_w = (legend_w + base).min(widest);
            }
        }
        let map_w = self.width - legend_w;
        Layout {
            frame: Rect::from_min_size(Pos::new(0.0, 0.0), map_w, sources_top),
            legend: (legend_w > 0.0)
                .then(|| Rect::from_min_size(Pos::new(map_w, 0.0), legend_w, sources_top)),
            sources_top,
            base,
        }
    }

    fn sources_text(&self, sources_line: &str) -> String {
        let note = self
            .page
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| format!("{} ", with_full_stop(n)))
            .unwrap_or_default();
        format!(
            "{note}{sources_line} Réalisation : ti-atlas, le {}.",
            self.date
        )
    }

    /// The title box's top-left corner and its greatest width: where the user put it, else
    /// at the frame's top left.
    fn title_place(&self, frame: Rect, base: f64) -> (Pos, f64) {
        match self.placed(PageElement::Titre) {
            Some(r) => (r.min, r.width()),
            None => (
                Pos::new(frame.min.x + base, frame.min.y + base),
                frame.width() * 0.7,
            ),
        }
    }

    /// The title's box, if the page shows it.
    fn title_box_rect(&self, frame: Rect, base: f64) -> Option<Rect> {
        let (at, w) = self.title_place(frame, base);
        self.page
            .shows(PageElement::Titre)
            .then(|| title_lines_at(self, at, base, w).2)
    }

    /// The north arrow's box, if the page shows it.
    fn arrow_rect(&self, frame: Rect, base: f64) -> Option<Rect> {
        if !self.page.shows(PageElement::Nord) {
            return None;
        }
        Some(match self.placed(PageElement::Nord) {
            Some(r) => Rect::from_min_size(r.min, 2.0 * base, 4.2 * base),
            None => north_arrow_rect(frame, base),
        })
    }

    /// Whether the page shows France entière (mainland and insets).
    fn france_entiere(&self) -> bool {
        let france = match self.view {
            View::France => true,
            View::Screen(v) => shows_france(&v),
            View::Fit(_) => false,
        };
        france && self.spec.insets != InsetChoice::Off
    }

    /// Where the map goes on the page (main view and insets), and the scale of its lines and
    /// names: the focus (France's mainland, the box asked for, the screen's ground) fitted
    /// beside the title, the north arrow and the scale bar, so that none of them covers a unit
    /// the map is about ([`crate::carto::room`]).
    pub fn frames_in(&self, layout: &Layout, scene: &MapScene) -> (MapFrames, f64) {
        let frame = layout.frame;
        let base = layout.base;
        let page_scale = self.base() / REFERENCE_BASE;
        let title = self.title_box_rect(frame, base);
        let arrow = self.arrow_rect(frame, base);
        let placed_bar = self.placed(PageElement::Echelle);
        let shows_bar = self.page.shows(PageElement::Echelle);
        let bar = |x: f64| {
            shows_bar.then(|| match placed_bar {
                Some(r) => {
                    Rect::from_min_size(r.min, layout.frame.width() * 0.2 + 0.8 * base, base * 2.2)
                }
                None => scale_bar_room(layout, x),
            })
        };
        // What floats over the map where the user put it.
        let floating: Vec<Rect> = [PageElement::Legende, PageElement::Sources]
            .into_iter()
            .filter_map(|e| self.placed(e))
            .collect();
        let mainland = WorldRect::from_lonlat(lonlat_rect(MAINLAND_BBOX));
        if self.france_entiere() {
            let areas = self.spec.insets.areas();
            let top = title.map_or(0.0, |t| t.max.y - frame.min.y);
            let column = left_column(frame, top, 0.0, areas.len(), page_scale);
            let room = mainland_room(frame, Some(column));
            let units = subject_boxes(scene, &self.spec, &mainland);
            let mut furniture: Vec<Rect> = [title, arrow, bar(column.max.x + base)]
                .into_iter()
                .flatten()
                .collect();
            furniture.extend(&floating);
            let frames = MapFrames {
                main: fit_beside(frame, room, mainland, &units, &furniture, 0.02),
                insets: column_layout(&areas, column, page_scale),
            };
            return (frames, page_scale);
        }
        let (focus, scale) = match self.view {
            View::Fit(b) => (
                WorldRect::from_lonlat(geo::Rect::new((b[0], b[1]), (b[2], b[3]))),
                page_scale,
            ),
            View::Screen(screen) => (
                screen.rescaled_to(frame).visible_world_rect(),
                frame.width() / screen.frame().width().max(1.0),
            ),
            View::France => (mainland, page_scale),
        };
        let margin = if matches!(self.view, View::Screen(_)) {
            0.0
        } else {
            0.02
        };
        let units = subject_boxes(scene, &self.spec, &focus);
        let mut furniture: Vec<Rect> = [title, arrow, bar(frame.min.x + base)]
            .into_iter()
            .flatten()
            .collect();
        furniture.extend(&floating);
        let view = fit_beside(frame, frame, focus, &units, &furniture, margin);
        (MapFrames::single(view), scale)
    }

    /// The composition of the map in its frame, with the furniture's boxes kept free of names.
    pub fn composition(&self, scene: &MapScene) -> (Layout, Composition) {
        // The sources line does not depend on the frame: compose once to read it, then lay out.
        let probe = compose(
            scene,
            &self.spec,
            &ViewTransform::new(
                geo::Point::new(0.0, 0.0),
                0.0,
                Rect::from_min_size(Pos::new(0.0, 0.0), 1.0, 1.0),
            ),
            &[],
        );
        let layout = self.layout(&probe.sources_line());
        let (frames, scale) = self.frames_in(&layout, scene);
        let mut spec = MapSpec {
            scale,
            ..self.spec.clone()
        };
        if spec.basemap == Basemap::Offline && spec.basemap_names.is_empty() {
            spec.basemap_names = crate::export::basemap::names();
        }
        let furniture = self.furniture_boxes(&layout, &frames);
        (layout, compose_frames(scene, &spec, &frames, &furniture))
    }

    /// Where the scale bar starts: the frame's left margin, or right of the insets.
    fn scale_bar_x(layout: &Layout, frames: &MapFrames) -> f64 {
        frames
            .insets
            .iter()
            .map(|i| i.rect.max.x)
            .fold(layout.frame.min.x, f64::max)
            + layout.base
    }

    /// Boxes of the title, the north arrow and the scale bar on the map.
    pub fn furniture_boxes(&self, layout: &Layout, frames: &MapFrames) -> Vec<Rect> {
        let base = layout.base;
        let frame = layout.frame;
        let mut boxes: Vec<Rect> = [
            self.title_box_rect(frame, base),
            self.arrow_rect(frame, base),
        ]
        .into_iter()
        .flatten()
        .collect();
        if let Some(r) =
            self.scale_bar_rect(layout, &frames.main, Self::scale_bar_x(layout, frames))
        {
            boxes.push(r);
        }
        boxes.extend(
            [PageElement::Legende, PageElement::Sources]
                .into_iter()
                .filter_map(|e| self.placed(e)),
        );
        boxes
    }

    /// The scale bar's box (its left at `auto_x` unless the user moved it), if drawn.
    fn scale_bar_rect(&self, layout: &Layout, view: &ViewTransform, auto_x: f64) -> Option<Rect> {
        if !self.page.shows(PageElement::Echelle) {
            return None;
        }
        let (w, h) = scale_bar_size(view, layout.frame, layout.base)?;
        let min = match self.placed(PageElement::Echelle) {
            Some(r) => r.min,
            None => Pos::new(auto_x, layout.frame.max.y - layout.base - h),
        };
        Some(Rect::from_min_size(min, w, h))
    }
}

/// The north arrow's box at the top right of the frame.
fn north_arrow_rect(frame: Rect, base: f64) -> Rect {
    Rect::from_min_size(
        Pos::new(frame.max.x - base - 2.0 * base, frame.min.y + base),
        2.0 * base,
        4.2 * base,
    )
}

/// The most room the scale bar may take, its left at `x` (its width is at most a fifth of the
/// frame's, plus its padding).
fn scale_bar_room(layout: &Layout, x: f64) -> Rect {
    let base = layout.base;
    let w = layout.frame.width() * 0.2 + 0.8 * base;
    let h = base * 2.2;
    Rect::from_min_size(Pos::new(x, layout.frame.max.y - base - h), w, h)
}

/// What a map page says of itself for the layout check: its furniture, texts and swatches.
#[derive(Clone, Debug, Default)]
pub struct PageParts {
    pub furniture: Vec<crate::carto::layout_check::Item>,
    pub swatches: Vec<crate::carto::layout_check::Swatch>,
}

/// The map export as an SVG drawing: the map, with the legend in a column on its right (under
/// it on a portrait page) when an indicator colours it, and the sources along the bottom.
pub fn map_svg(dataset: &Dataset, scene: &MapScene, export: &MapExport) -> String {
    map_page(dataset, scene, export).0
}

/// The map export as an SVG drawing, and what the drawing says of itself for the layout check
/// ([`crate::carto::layout_check`]; least text size: 7 pt read at 96 per inch).
pub fn map_page(dataset: &Dataset, scene: &MapScene, export: &MapExport) -> (String, LayoutFacts) {
    let margin = export.page.margin((export.width, export.height));
    if margin <= 0.0 {
        return map_page_content(dataset, scene, export);
    }
    // Inside the user's margins: the page's content laid out on the smaller drawing, moved in.
    let content = MapExport {
        width: export.width - 2.0 * margin,
        height: export.height - 2.0 * margin,
        outer: Some((export.width, export.height)),
        ..export.clone()
    };
    let (svg, facts) = map_page_content(dataset, scene, &content);
    (
        Svg::with_margin(&svg, margin, export.width, export.height, PANEL),
        facts,
    )
}

/// The page's content (no margin) and its layout facts.
fn map_page_content(
    dataset: &Dataset,
    scene: &MapScene,
    export: &MapExport,
) -> (String, LayoutFacts) {
    // Without the offline basemap's file, the map is drawn on the bundle's own contours and
    // its sources line credits those, not the missing tiles.
    let contours;
    let export = if export.spec.basemap == Basemap::Offline
        && crate::export::basemap::BasemapTiles::bundled().is_none()
    {
        contours = MapExport {
            spec: MapSpec {
                basemap: Basemap::Contours,
                ..export.spec.clone()
            },
            ..export.clone()
        };
        &contours
    } else {
        export
    };
    let (layout, comp) = export.composition(scene);
    let base = layout.base;
    let mut parts = PageParts::default();
    let mut svg = Svg::new(export.width, export.height);
    svg.rect(0.0, 0.0, export.width, export.height, Paint::fill(PANEL));
    write_map(&mut svg, dataset, &export.spec, &comp);
    let frame = layout.frame;
    svg.rect(
        frame.min.x,
        frame.min.y,
        frame.width(),
        frame.height(),
        Paint::stroke(PANEL_BORDER, 0.5),
    );
    svg.begin_layer("habillage", "Habillage");
    let user = |e: PageElement| export.placed(e).is_some();
    if export.page.shows(PageElement::Titre) {
        let (at, max_w) = export.title_place(frame, base);
        let rect = title_box_at(&mut svg, export, at, base, max_w);
        parts.furniture.push(Item::element(
            "le titre",
            rect,
            PageElement::Titre,
            user(PageElement::Titre),
        ));
    }
    if let Some(rect) = export.arrow_rect(frame, base) {
        north_arrow(&mut svg, rect.min.x + base, rect.min.y, base);
        parts.furniture.push(Item::element(
            "la flèche du nord",
            rect,
            PageElement::Nord,
            user(PageElement::Nord),
        ));
    }
    // Right of the insets, when there are.
    let bar_x = comp
        .insets
        .iter()
        .map(|i| i.rect.max.x)
        .fold(frame.min.x, f64::max)
        + base;
    if let Some(rect) = export.scale_bar_rect(&layout, &comp.view, bar_x) {
        scale_bar(&mut svg, &comp.view, frame, rect.min.x, rect.max.y, base);
        parts.furniture.push(Item::element(
            "l'échelle",
            rect,
            PageElement::Echelle,
            user(PageElement::Echelle),
        ));
    }
    let sources = match export.placed(PageElement::Sources) {
        Some(r) => sources_box(&mut svg, export, &comp.sources_line(), base, r),
        None => {
            let top = sources_band(&mut svg, export, &comp.sources_line(), base);
            Rect::from_min_max(Pos::new(0.0, top), Pos::new(export.width, export.height))
        }
    };
    parts.furniture.push(Item::element(
        "les sources",
        sources,
        PageElement::Sources,
        user(PageElement::Sources),
    ));
    svg.end_group();
    if let Some(column) = layout.legend {
        parts.furniture.push(Item::element(
            "la légende",
            column,
            PageElement::Legende,
            user(PageElement::Legende),
        ));
        if user(PageElement::Legende) {
            // Over the map: on its own panel.
            panel(
                &mut svg,
                column.min.x,
                column.min.y,
                column.width(),
                column.height(),
            );
        }
        svg.begin_layer("legende", "Légende");
        let bottom = column.max.y - base * 0.6;
        if let Some(symbols) = &comp.symbol_legend {
            symbol_legend_box(
                &mut svg,
                symbols,
                &comp.symbol_style,
                column.min.x + base * 0.6,
                column.width() - base * 1.2,
                column.min.y + base * 0.6,
                base,
            );
        }
        if let Some(legend) = &comp.bivariate_legend {
            super::bivariate_legend::bivariate_legend_box(
                &mut svg,
                legend,
                column.min.x + base * 0.6,
                column.width() - base * 1.2,
                bottom,
                base,
            );
        }
        if let Some(legend) = &comp.legend {
            let titled;
            let legend = match export
                .page
                .legend_title
                .as_deref()
                .filter(|t| !t.trim().is_empty())
            {
                Some(t) => {
                    titled = Legend {
                        title: t.to_owned(),
                        ..(**legend).clone()
                    };
                    &titled
                }
                None => legend.as_ref(),
            };
            parts.swatches.extend(legend_box(
                &mut svg,
                legend,
                column.min.x + base * 0.6,
                column.width() - base * 1.2,
                bottom,
                base,
            ));
        }
        svg.end_group();
    }
    // The user's annotations over everything (a logo over the legend is the user's choice).
    super::annotations_svg::write_annotations(&mut svg, dataset, &comp);
    let texts = std::mem::take(&mut svg.texts);
    let focus = match export.view {
        _ if export.france_entiere() => WorldRect::from_lonlat(lonlat_rect(MAINLAND_BBOX)),
        View::Fit(b) => WorldRect::from_lonlat(geo::Rect::new((b[0], b[1]), (b[2], b[3]))),
        View::Screen(v) => v.rescaled_to(frame).visible_world_rect(),
        View::France => WorldRect::from_lonlat(lonlat_rect(MAINLAND_BBOX)),
    };
    let basemap_tile_zoom = match export.spec.basemap {
        Basemap::Offline => {
            crate::export::basemap::BasemapTiles::bundled().map(|t| t.tile_zoom(&comp.view))
        }
        _ => None,
    };
    let facts = LayoutFacts {
        page: Rect::from_min_size(Pos::new(0.0, 0.0), export.width, export.height),
        min_text: MIN_PAPER_TEXT_PT * PX_PER_PT,
        focus,
        furniture: parts.furniture,
        texts,
        swatches: parts.swatches,
        every_unit: export.france_entiere(),
        basemap_tile_zoom,
        composition: comp,
    };
    (svg.finish(), facts)
}

pub(crate) const PANEL: Rgb = [255, 255, 255];
pub(crate) const PANEL_BORDER: Rgb = [0x99, 0x99, 0x99];
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

/// The title's and subtitle's lines and their box, its top-left corner at `at`.
fn title_lines_at(
    spec: &MapExport,
    at: Pos,
    base: f64,
    max_w: f64,
) -> (Vec<String>, Vec<String>, Rect) {
    let title_style = TextStyle::new(base * 1.6).bold();
    let sub_style = TextStyle::new(base).colour(MUTED);
    let title = title_style.wrap(&spec.title, max_w);
    let sub = spec
        .subtitle
        .as_deref()
        .map(|s| sub_style.wrap(s, max_w))
        .unwrap_or_default();
    let pad = base * 0.6;
    if title.is_empty() && sub.is_empty() {
        // No title: no box.
        return (title, sub, Rect::from_min_size(at, 0.0, 0.0));
    }
    let w = title
        .iter()
        .map(|l| title_style.width_of(l))
        .chain(sub.iter().map(|l| sub_style.width_of(l)))
        .fold(0.0, f64::max)
        + 2.0 * pad;
    let h = title.len() as f64 * title_style.size * 1.3
        + sub.len() as f64 * sub_style.size * 1.3
        + 2.0 * pad;
    (title, sub, Rect::from_min_size(at, w, h))
}

pub(crate) fn title_rect(spec: &MapExport, margin: f64, base: f64, max_w: f64) -> Rect {
    title_lines_at(spec, Pos::new(margin, margin), base, max_w).2
}

/// Title (and subtitle) at the top left.
pub(crate) fn title_box(svg: &mut Svg, spec: &MapExport, margin: f64, base: f64, max_w: f64) {
    title_box_at(svg, spec, Pos::new(margin, margin), base, max_w);
}

/// Title (and subtitle) in their box, its top-left corner at `at`; returns the box.
fn title_box_at(svg: &mut Svg, spec: &MapExport, at: Pos, base: f64, max_w: f64) -> Rect {
    let (title, sub, rect) = title_lines_at(spec, at, base, max_w);
    if title.is_empty() && sub.is_empty() {
        return rect;
    }
    let pad = base * 0.6;
    panel(svg, rect.min.x, rect.min.y, rect.width(), rect.height());
    let y = svg.text_lines(
        at.x + pad,
        at.y + pad,
        &title,
        TextStyle::new(base * 1.6).bold(),
    );
    svg.text_lines(at.x + pad, y, &sub, TextStyle::new(base).colour(MUTED));
    rect
}

/// `text` ending with a full stop (or its own "!", "?", "…").
fn with_full_stop(text: &str) -> String {
    if text.ends_with(['.', '!', '?', '…']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
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
pub(crate) fn sources_band(svg: &mut Svg, spec: &MapExport, sources_line: &str, base: f64) -> f64 {
    let style = TextStyle::new(base * 0.75).colour(MUTED);
    let text = spec.sources_text(sources_line);
    let lines = style.wrap(&text, spec.width - 2.0 * base);
    let h = lines.len() as f64 * style.size * 1.3 + base * 0.6;
    let top = spec.height - h;
    svg.rect(0.0, top, spec.width, h, Paint::fill(PANEL));
    svg.text_lines(base, top + base * 0.2, &lines, style);
    top
}

/// The sources where the user put them: wrapped at the box's width, on a panel; returns the
/// panel's box (as tall as its lines).
fn sources_box(svg: &mut Svg, spec: &MapExport, sources_line: &str, base: f64, rect: Rect) -> Rect {
    let style = TextStyle::new(base * 0.75).colour(MUTED);
    let pad = base * 0.5;
    let lines = style.wrap(&spec.sources_text(sources_line), rect.width() - 2.0 * pad);
    let h = lines.len() as f64 * style.size * 1.3 + 2.0 * pad;
    let r = Rect::from_min_size(rect.min, rect.width(), h);
    panel(svg, r.min.x, r.min.y, r.width(), r.height());
    svg.text_lines(r.min.x + pad, r.min.y + pad, &lines, style);
    r
}

/// The scale bar's box (width, height) on a frame.
pub(crate) fn scale_bar_size(view: &ViewTransform, frame: Rect, base: f64) -> Option<(f64, f64)> {
    let bar = scale_bar_of(view, frame.width() * 0.2)?;
    let style = TextStyle::new(base * 0.85);
    let pad = base * 0.4;
    Some((
        bar.width.max(style.width_of(&bar.label)) + 2.0 * pad,
        base * 2.2,
    ))
}

pub(crate) fn scale_bar(
    svg: &mut Svg,
    view: &ViewTransform,
    frame: Rect,
    x: f64,
    bottom: f64,
    base: f64,
) {
    let Some(bar) = scale_bar_of(view, frame.width() * 0.2) else {
        return;
    };
    let Some((box_w, box_h)) = scale_bar_size(view, frame, base) else {
        return;
    };
    let w = bar.width;
    let label = bar.label;
    let style = TextStyle::new(base * 0.85);
    let pad = base * 0.4;
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

/// The legend's lines at a width: its title, its unit–maille–method line and the reasons for
/// missing values, wrapped, with their styles and the class rows' height.
struct LegendLines {
    title_style: TextStyle,
    small: TextStyle,
    title: Vec<String>,
    info: Vec<String>,
    reasons: Vec<String>,
    /// A typology's notes under its rows: its rule (each type's, for one made from classes),
    /// the categories put in "Autres", the colour-blind warning.
    notes: Vec<String>,
    row_h: f64,
}

fn legend_lines(legend: &Legend, w: f64, base: f64) -> LegendLines {
    let pad = base * 0.6;
    let inner = w - 2.0 * pad;
    let title_style = TextStyle::new(base * 1.05).bold();
    let small = TextStyle::new(base * 0.8).colour(MUTED);
    let title = title_style.wrap(&legend.title, inner);
    let info = small.wrap(
        &format!(
            "{} — maille : {} — {}",
            legend.unit,
            legend.maille_fr(),
            legend.method
        ),
        inner,
    );
    let mut reasons: Vec<String> = Vec::new();
    if legend.classification.missing > 0 {
        for (reason, n) in legend.missing_reasons.iter().take(4) {
            reasons.extend(small.wrap(&format!("{n} : {reason}"), inner - base));
        }
    }
    let notes: Vec<String> = if legend.categories.is_empty() {
        Vec::new()
    } else {
        legend
            .notes
            .iter()
            .flat_map(|n| small.wrap(n, inner))
            .collect()
    };
    LegendLines {
        title_style,
        small,
        title,
        info,
        reasons,
        notes,
        row_h: base * 1.45,
    }
}

/// The class rows wrapped to the legend's text column (a typology's long category wraps
/// beside its swatch).
fn wrapped_rows(rows: &[String], row: &TextStyle, w: f64, base: f64) -> Vec<Vec<String>> {
    let inner = w - 2.0 * base * 0.6;
    let text_w = inner - base * 2.3;
    rows.iter().map(|r| row.wrap(r, text_w)).collect()
}

/// The height [`legend_box`] takes at width `w`.
pub(crate) fn legend_height(legend: &Legend, w: f64, base: f64) -> f64 {
    let l = legend_lines(legend, w, base);
    let missing = legend.classification.missing;
    let row = TextStyle::new(base * 0.9);
    let rows: f64 = wrapped_rows(&legend.class_rows(), &row, w, base)
        .iter()
        .map(|lines| l.row_h + lines.len().saturating_sub(1) as f64 * row.size * 1.3)
        .sum();
    l.title.len() as f64 * l.title_style.size * 1.3
        + l.info.len() as f64 * l.small.size * 1.3
        + rows
        + f64::from(u8::from(missing > 0)) * l.row_h
        + l.reasons.len() as f64 * l.small.size * 1.3
        + notes_height(&l, base)
        + 2.0 * base * 0.6
        + base * 0.4
}

/// The height of a typology's notes (none: nothing).
fn notes_height(l: &LegendLines, base: f64) -> f64 {
    if l.notes.is_empty() {
        0.0
    } else {
        base * 0.3 + l.notes.len() as f64 * l.small.size * 1.3
    }
}

/// The legend in the column at (x, width), its bottom at `bottom`; returns its swatches.
pub(crate) fn legend_box(
    svg: &mut Svg,
    legend: &Legend,
    x: f64,
    w: f64,
    bottom: f64,
    base: f64,
) -> Vec<Swatch> {
    let mut swatches = Vec::new();
    let pad = base * 0.6;
    let row = TextStyle::new(base * 0.9);
    let LegendLines {
        title_style,
        small,
        title,
        info,
        reasons,
        notes,
        row_h,
    } = legend_lines(legend, w, base);
    let rows = legend.class_rows();
    let missing = legend.classification.missing;
    // A row too long for the column (a typology's category) wraps beside its swatch.
    let wrapped = wrapped_rows(&rows, &row, w, base);
    let row_height =
        |lines: &[String]| row_h + lines.len().saturating_sub(1) as f64 * row.size * 1.3;
    let h = legend_height(legend, w, base);
    let y = (bottom - h).max(base);
    let mut cy = svg.text_lines(x + pad, y + pad, &title, title_style);
    cy = svg.text_lines(x + pad, cy, &info, small) + base * 0.4;
    let mut swatch = |svg: &mut Svg, cy: f64, colour: Rgb| {
        let r = Rect::from_min_size(
            Pos::new(x + pad, cy + row_h * 0.12),
            base * 1.8,
            row_h * 0.76,
        );
        svg.rect(
            r.min.x,
            r.min.y,
            r.width(),
            r.height(),
            Paint::fill(colour).with_stroke(PANEL_BORDER, 0.4),
        );
        swatches.push(Swatch {
            rect: r,
            text_size: row.size,
        });
    };
    for (lines, colour) in wrapped.iter().zip(&legend.colours) {
        swatch(svg, cy, *colour);
        for (k, line) in lines.iter().enumerate() {
            let baseline = cy + row_h * 0.72 + k as f64 * row.size * 1.3;
            svg.text(x + pad + base * 2.3, baseline, line, row);
        }
        cy += row_height(lines);
    }
    if missing > 0 {
        swatch(svg, cy, legend.missing_colour);
        svg.text(
            x + pad + base * 2.3,
            cy + row_h * 0.72,
            &legend.missing_text(),
            row,
        );
        cy += row_h;
        cy = svg.text_lines(x + pad + base, cy, &reasons, small);
    }
    if !notes.is_empty() {
        svg.text_lines(x + pad, cy + base * 0.3, &notes, small);
    }
    swatches
}

/// The symbols' legend at the top of the column: title, unit, nested reference symbols (their
/// bottoms aligned, painted as the map's) with their values.
fn symbol_legend_box(
    svg: &mut Svg,
    legend: &crate::carto::compose::SymbolLegend,
    style: &crate::carto::compose::SymbolStyle,
    x: f64,
    w: f64,
    top: f64,
    base: f64,
) {
    let pad = base * 0.6;
    let inner = w - 2.0 * pad;
    let title_style = TextStyle::new(base * 1.05).bold();
    let small = TextStyle::new(base * 0.8).colour(MUTED);
    let row = TextStyle::new(base * 0.9);
    let title = title_style.wrap(&legend.title, inner);
    let info = small.wrap(
        &format!(
            "{} — surfaces proportionnelles ({})",
            legend.unit,
            legend.shape.label_fr()
        ),
        inner,
    );
    let mut y = svg.text_lines(x + pad, top + pad, &title, title_style);
    y = svg.text_lines(x + pad, y, &info, small) + base * 0.4;
    let biggest = legend.entries.first().map_or(0.0, |e| e.1);
    let bottom = y + 2.0 * biggest.max(row.size);
    let cx = x + pad + biggest;
    let square = legend.shape == crate::carto::SymbolShape::Square;
    // Values are written level with their symbol's top, pushed down so that no two touch.
    let mut next_text_y = f64::NEG_INFINITY;
    for (text, r) in &legend.entries {
        let cy = bottom - r;
        // The map's symbols' own paint (carto's look, at the map's scale).
        let paint = Paint {
            fill: Some((style.fill.rgb, f64::from(style.fill.alpha))),
            stroke: Some((style.outline.colour, style.outline.width)),
        };
        if square {
            svg.rect(cx - r, cy - r, 2.0 * r, 2.0 * r, paint);
        } else {
            svg.circle(cx, cy, *r, paint);
        }
        let top_of = cy - r;
        let text_y = top_of.max(next_text_y);
        next_text_y = text_y + row.size * 1.2;
        svg.line(
            (cx, top_of),
            (cx + biggest + base * 0.3, top_of),
            MUTED,
            0.5,
        );
        svg.line(
            (cx + biggest + base * 0.3, top_of),
            (cx + biggest + base * 0.6, text_y),
            MUTED,
            0.5,
        );
        svg.text(
            cx + biggest + base * 0.8,
            text_y + row.size * 0.35,
            text,
            row,
        );
    }
    let mut y = bottom.max(next_text_y) + base * 0.6;
    for (reason, n) in legend.missing.iter().take(3) {
        let lines = small.wrap(&format!("sans symbole ({n}) : {reason}"), inner);
        y = svg.text_lines(x + pad, y, &lines, small);
    }
}
