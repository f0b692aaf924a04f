//! Small multiples: 2 to 6 maps of one maille side by side on one page, each built by the one
//! map builder ([`MapThematics`]) from its own [`MapSettings`] (the same choices, one indicator
//! each). When the panels are one indicator over its periods (`evolution_emploi_2011_2016`,
//! `evolution_emploi_2016_2022`…), the classes are computed once over every panel's values
//! together, with the method and class count a single map would use, and every panel is drawn
//! with those bounds (the settings' frozen bounds): one legend for all. Different indicators
//! keep their own classes and legends. The page (title, panels' titles, legends, scale bar,
//! sources) is laid out and painted by `crate::export::panels_export`.

use std::sync::Arc;

use super::geom::{Pos, Rect};
use super::insets::{InsetChoice, mainland_room};
use super::insets::{MAINLAND_BBOX, MapFrames, column_layout, left_column, lonlat_rect};
use super::map_build::MapThematics;
use super::projection::WorldRect;
use super::room::{fit_beside, subject_boxes};
use super::scene::MapScene;
use super::settings::MapSettings;
use super::spec::MapSpec;
use crate::model::imports::Imports;
use crate::model::indicators::choropleth::{Legend, unambiguous_decimals};
use crate::model::indicators::classify::{Classification, classify_or_fewer};
use crate::model::indicators::member_map::member_values;
use crate::model::indicators::{Indicator, IndicatorTable, Kind};
use crate::model::{Dataset, IndicatorId, Level};

/// Fewest panels on a page.
pub const MIN_PANELS: usize = 2;
/// Most panels on a page.
pub const MAX_PANELS: usize = 6;

/// One map of the page.
#[derive(Clone, Debug)]
pub struct Panel {
    pub indicator: IndicatorId,
    /// Its small title: the indicator with its period, or its period alone when the panels
    /// share one legend (which names the indicator).
    pub title: String,
    /// What it draws (the one map builder's spec).
    pub spec: MapSpec,
}

impl Panel {
    /// The legend of the panel's classes.
    pub fn legend(&self) -> Option<&Arc<Legend>> {
        self.spec.choropleth.as_ref().map(|c| &c.legend)
    }
}

/// The panels of a page and how their classes are shared.
#[derive(Clone, Debug)]
pub struct PanelsMap {
    pub panels: Vec<Panel>,
    pub level: Level,
    /// One indicator over its periods: the legend of the classes common to every panel (the
    /// classification of all their values together, counts summed over the panels). `None`:
    /// each panel has its own classes and legend.
    pub common_legend: Option<Arc<Legend>>,
}

/// Checks the number of panels asked for (French message when it is not 2 to 6, or when an
/// indicator is asked twice).
pub fn check_panel_ids(ids: &[IndicatorId]) -> Result<(), String> {
    if !(MIN_PANELS..=MAX_PANELS).contains(&ids.len()) {
        return Err(format!(
            "les petits multiples comptent de {MIN_PANELS} à {MAX_PANELS} cartes, pas {} \
             (ex. evolution_emploi_2011_2016,evolution_emploi_2016_2022)",
            ids.len()
        ));
    }
    for (i, id) in ids.iter().enumerate() {
        if ids.iter().skip(i + 1).any(|other| other == id) {
            return Err(format!(
                "« {id} » est demandé deux fois dans les petits multiples"
            ));
        }
    }
    Ok(())
}

/// The series an indicator of one period belongs to: its id without the trailing period
/// (`evolution_emploi_2011_2016` → `evolution_emploi`); `None` for an indicator without one.
pub fn series_stem(id: &IndicatorId) -> Option<String> {
    let text = id.as_str();
    let parts: Vec<&str> = text.rsplitn(3, '_').collect();
    let [end, start, stem] = parts.as_slice() else {
        return None;
    };
    let year = |s: &str| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit());
    (year(end) && year(start) && !stem.is_empty()).then(|| (*stem).to_owned())
}

/// Whether the indicators are one series over different periods (same stem, same unit): the
/// panels then share their classes.
pub fn one_series(indicators: &[&Indicator]) -> bool {
    let Some(first) = indicators.first() else {
        return false;
    };
    let stem = series_stem(&first.id);
    stem.is_some()
        && indicators
            .iter()
            .all(|i| series_stem(&i.id) == stem && i.unit == first.unit)
}

/// The period an indicator describes, from the catalogue or its id ("2011-2016").
fn period_of(ind: &Indicator) -> Option<String> {
    ind.period.clone().or_else(|| {
        let text = ind.id.as_str();
        let stem = series_stem(&ind.id)?;
        let rest = text.get(stem.len() + 1..)?;
        Some(rest.replace('_', "-"))
    })
}

/// A panel's small title: the indicator's label, with its period when the label does not say
/// it.
pub fn panel_title(ind: &Indicator) -> String {
    match period_of(ind) {
        Some(p) if !ind.label.contains(&p) => format!("{} — {p}", ind.label),
        _ => ind.label.clone(),
    }
}

/// The label of a series without its period ("Évolution de l'emploi 2011-2016" →
/// "Évolution de l'emploi").
fn series_title(ind: &Indicator) -> String {
    let label = match period_of(ind) {
        Some(p) => ind.label.replace(&p, ""),
        None => ind.label.clone(),
    };
    let cleaned = label
        .replace("()", "")
        .replace(" ,", ",")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let cleaned = cleaned.trim_end_matches([',', ':', '-', '—']).trim();
    if cleaned.is_empty() {
        ind.label.clone()
    } else {
        cleaned.to_owned()
    }
}

/// The values a panel's classes are computed over: the maille's units, or at the territories'
/// maille for a rate given per EPCI the drawn member EPCI (as the single map does:
/// [`crate::model::indicators::choropleth::compute_through_members`]).
fn classified_values(
    dataset: &Dataset,
    table: &IndicatorTable,
    position: usize,
    ind: &Indicator,
) -> Vec<f64> {
    if table.level == Level::Territoire
        && ind.kind == Kind::EpciSeries
        && let Some(series) = dataset.tables.indicators.iter().find(|s| s.id == ind.id)
    {
        return member_values(dataset, series).drawn();
    }
    table.numbers(position)
}

impl PanelsMap {
    /// The panels of `settings` (one per panel, each naming its indicator; the same maille)
    /// over `table`, the maille's indicator table. Refused (French message): fewer than 2 or
    /// more than 6 panels, an indicator asked twice, unknown at the maille or without values,
    /// a bivariate map, a typology or symbols asked with the panels.
    pub fn build(
        settings: &[MapSettings],
        dataset: &Dataset,
        table: &IndicatorTable,
        imports: &Imports,
        points: &Arc<Vec<[f64; 2]>>,
    ) -> Result<Self, String> {
        let ids: Vec<IndicatorId> = settings
            .iter()
            .map(|s| {
                s.indicator
                    .clone()
                    .ok_or_else(|| "une carte des petits multiples sans indicateur".to_owned())
            })
            .collect::<Result<_, _>>()?;
        check_panel_ids(&ids)?;
        let level = table.level;
        for s in settings {
            if s.bivariate.on {
                return Err(
                    "les petits multiples ne se combinent pas avec une carte bivariée".into(),
                );
            }
            if s.typology.is_some() {
                return Err("les petits multiples ne se combinent pas avec une typologie".into());
            }
            if s.symbols.indicator.is_some() {
                return Err(
                    "les petits multiples ne se combinent pas avec des symboles proportionnels"
                        .into(),
                );
            }
            if s.maille != level {
                return Err(format!(
                    "les petits multiples sont tous à la maille {}",
                    level.label_fr()
                ));
            }
        }
        let mut found = Vec::new();
        for id in &ids {
            found.push(table.usable(id)?);
        }
        let indicators: Vec<&Indicator> = found.iter().map(|(_, i)| *i).collect();
        let common = one_series(&indicators);
        // One series: the classes of every panel's values together, with the method and the
        // class count a single map of the first panel would use.
        let pooled = if common {
            let mut values = Vec::new();
            for (position, ind) in &found {
                values.extend(classified_values(dataset, table, *position, ind));
            }
            let spec = settings
                .first()
                .map(|s| s.choropleth_spec(None))
                .transpose()?
                .flatten()
                .ok_or_else(|| "les petits multiples sans indicateur".to_owned())?;
            let (classification, note) = classify_or_fewer(&values, &spec.method, spec.classes)
                .map_err(|e| format!("classes communes des petits multiples : {e}"))?;
            Some((classification, note, values, spec.method, spec.classes))
        } else {
            None
        };
        let mut panels = Vec::new();
        for ((s, id), ind) in settings.iter().zip(&ids).zip(&indicators) {
            let mut s = s.clone();
            if let Some((c, ..)) = &pooled {
                s.frozen_breaks = Some(c.breaks.clone());
            }
            let built = MapThematics::build_with(&s, dataset, table, imports);
            built
                .choropleth
                .as_ref()
                .map_err(|e| format!("{} : {e}", ind.label))?;
            panels.push(Panel {
                indicator: id.clone(),
                // Sharing one legend, the panels are told apart by their periods.
                title: match common {
                    true => period_of(ind).unwrap_or_else(|| panel_title(ind)),
                    false => panel_title(ind),
                },
                // The user's annotations belong to the single map (their ids are the page's).
                spec: MapSpec {
                    annotations: Arc::new(Vec::new()),
                    ..built.spec(&s, points)
                },
            });
        }
        let common_legend = match pooled {
            Some((classification, note, values, method, asked)) => Some(Arc::new(common_legend(
                &panels,
                &indicators,
                Pooled {
                    classification,
                    note,
                    values,
                    method,
                    asked,
                },
            )?)),
            None => None,
        };
        Ok(PanelsMap {
            panels,
            level,
            common_legend,
        })
    }

    /// Whether the panels share one legend.
    pub fn shares_classes(&self) -> bool {
        self.common_legend.is_some()
    }
}

/// The classification of every panel's values together.
struct Pooled {
    classification: Classification,
    note: Option<String>,
    values: Vec<f64>,
    method: crate::model::indicators::classify::Method,
    /// The class count asked for.
    asked: usize,
}

/// The one legend of panels sharing their classes: the first panel's colours with the pooled
/// classification, the method said with "classes communes", the reasons for missing values
/// and the sources of every panel.
fn common_legend(
    panels: &[Panel],
    indicators: &[&Indicator],
    pooled: Pooled,
) -> Result<Legend, String> {
    let Pooled {
        classification,
        note,
        values,
        method,
        asked,
    } = pooled;
    let first = panels
        .first()
        .and_then(Panel::legend)
        .ok_or_else(|| "les petits multiples sans légende".to_owned())?;
    for p in panels {
        let Some(l) = p.legend() else {
            return Err(format!("{} : carte sans classes", p.title));
        };
        if l.classification.breaks != classification.breaks || l.colours != first.colours {
            return Err(format!(
                "{} : classes différentes des classes communes (seuils {:?})",
                p.title, l.classification.breaks
            ));
        }
    }
    let mut reasons: Vec<(String, usize)> = Vec::new();
    for l in panels.iter().filter_map(Panel::legend) {
        for (reason, n) in &l.missing_reasons {
            match reasons.iter_mut().find(|(r, _)| r == reason) {
                Some(entry) => entry.1 += n,
                None => reasons.push((reason.clone(), *n)),
            }
        }
    }
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut sources = Vec::new();
    for l in panels.iter().filter_map(Panel::legend) {
        for s in &l.sources {
            if !sources.contains(s) {
                sources.push(s.clone());
            }
        }
    }
    let n = panels.len();
    let method_text =
        match crate::model::indicators::classify::merge_note(&method, asked, &classification) {
            Some(merge) => format!("{} ({merge})", method.label_fr()),
            None => method.label_fr().to_owned(),
        };
    let title = indicators
        .first()
        .map_or_else(|| first.title.clone(), |i| series_title(i));
    Ok(Legend {
        title,
        method: format!("{method_text}, classes communes aux {n} cartes (effectifs cumulés)"),
        decimals: unambiguous_decimals(&classification.breaks, &values),
        classification,
        missing_reasons: reasons,
        sources,
        notes: note.into_iter().collect(),
        ..(**first).clone()
    })
}

/// Where one panel's map goes in `frame`: France entière (`focus` None: the mainland right of
/// the insets' column, when the spec has insets) or the `focus` box, fitted beside
/// `furniture` (the scale bar's room, at the same place in every panel so that every panel
/// has the same scale).
pub fn panel_frames(
    scene: &MapScene,
    spec: &MapSpec,
    frame: Rect,
    focus: Option<WorldRect>,
    furniture: &[Rect],
    page_scale: f64,
) -> MapFrames {
    let mainland = WorldRect::from_lonlat(lonlat_rect(MAINLAND_BBOX));
    match focus {
        None if spec.insets != InsetChoice::Off => {
            let areas = spec.insets.areas();
            let column = insets_column(frame, spec, page_scale);
            let room = mainland_room(frame, Some(column));
            let units = subject_boxes(scene, spec, &mainland);
            MapFrames {
                main: fit_beside(frame, room, mainland, &units, furniture, 0.02),
                insets: column_layout(&areas, column, page_scale),
            }
        }
        other => {
            let focus = other.unwrap_or(mainland);
            let units = subject_boxes(scene, spec, &focus);
            MapFrames::single(fit_beside(frame, frame, focus, &units, furniture, 0.02))
        }
    }
}

/// The insets' column of a panel: a single map's, widened when a small panel would leave
/// their captions no room (each caption is written 4 points in from its box's left).
fn insets_column(frame: Rect, spec: &MapSpec, page_scale: f64) -> Rect {
    let areas = spec.insets.areas();
    let column = left_column(frame, 0.0, 0.0, areas.len(), page_scale);
    let caption = super::look::INSET_CAPTION_SIZE * page_scale;
    let needed = areas
        .iter()
        .map(|a| super::text::text_width(a.name, caption, false))
        .fold(0.0, f64::max)
        + 10.0 * page_scale;
    let width = column.width().max(needed.min(frame.width() * 0.4));
    Rect::from_min_size(column.min, width, column.height())
}

/// The left edge of the room right of a panel's insets (where its scale bar starts).
pub fn insets_right(frame: Rect, spec: &MapSpec, focus: Option<WorldRect>, page_scale: f64) -> f64 {
    match focus {
        None if spec.insets != InsetChoice::Off => insets_column(frame, spec, page_scale).max.x,
        _ => frame.min.x,
    }
}

/// The cells of a `cols` × `rows` grid in `area`, `gap` apart, row by row.
/// Room between the small multiples' legend strip and the legend's box, on each side.
pub const STRIP_MARGIN: f64 = 10.0;
/// The gap between two maps of the grid.
pub const GAP: f64 = 4.0;

/// The small multiples' grid and their legend's strip on the right, `legend_width` wide plus
/// its margins; None when the maps would keep less than 300 points.
pub fn legend_strip(area: Rect, legend_width: f64) -> Option<(Rect, Rect)> {
    let width = legend_width + 2.0 * STRIP_MARGIN;
    if area.width() - width < 300.0 {
        return None;
    }
    let split = area.max.x - width;
    Some((
        Rect::from_min_max(area.min, Pos::new(split - GAP, area.max.y)),
        Rect::from_min_max(Pos::new(split, area.min.y), area.max),
    ))
}

/// The smallest map of the small multiples, in points: below it France is too small to read
/// and its title covers it, so the app asks for room instead of drawing them.
pub const MIN_MAP: (f64, f64) = (240.0, 200.0);

/// Whether every box is at least [`MIN_MAP`].
pub fn fits(boxes: &[Rect]) -> bool {
    boxes
        .iter()
        .all(|b| b.width() >= MIN_MAP.0 && b.height() >= MIN_MAP.1)
}

/// The boxes of `n` maps in `area`: the columns and rows that give each map the most room
/// for France (about as tall as wide), fewer rows when it is a tie.
pub fn grid(area: Rect, n: usize) -> Vec<Rect> {
    let n = n.max(1);
    let room = |cols: usize| {
        let rows = n.div_ceil(cols);
        let w = (area.width() - GAP * (cols - 1) as f64) / cols as f64;
        let h = (area.height() - GAP * (rows - 1) as f64) / rows as f64;
        w.min(h * 1.1)
    };
    let mut best = n;
    for cols in (1..=n).rev() {
        if room(cols) > room(best) + 0.5 {
            best = cols;
        }
    }
    cells(area, best, n.div_ceil(best), n, GAP)
}

pub fn cells(area: Rect, cols: usize, rows: usize, n: usize, gap: f64) -> Vec<Rect> {
    let cols = cols.max(1);
    let rows = rows.max(1);
    let w = ((area.width() - gap * (cols - 1) as f64) / cols as f64).max(1.0);
    let h = ((area.height() - gap * (rows - 1) as f64) / rows as f64).max(1.0);
    (0..n)
        .map(|i| {
            let (c, r) = (i % cols, i / cols);
            Rect::from_min_size(
                Pos::new(
                    area.min.x + c as f64 * (w + gap),
                    area.min.y + r as f64 * (h + gap),
                ),
                w,
                h,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_gives_each_map_the_most_room() {
        let wide = Rect::from_min_size(Pos::new(0.0, 0.0), 1500.0, 500.0);
        assert_eq!(grid(wide, 3).len(), 3);
        assert!(grid(wide, 3).iter().all(|c| c.min.y == 0.0), "one row");
        let narrow = Rect::from_min_size(Pos::new(0.0, 0.0), 600.0, 750.0);
        let boxes = grid(narrow, 3);
        assert!(boxes[0].width() > 290.0, "two columns: {boxes:?}");
        assert!(fits(&boxes));
        let six = grid(Rect::from_min_size(Pos::new(0.0, 0.0), 1500.0, 900.0), 6);
        assert!(
            six.iter().all(|c| c.width() > 490.0 && c.height() > 440.0),
            "{six:?}"
        );
    }

    #[test]
    fn a_period_is_cut_from_the_id() {
        assert_eq!(
            series_stem(&IndicatorId::new("evolution_emploi_2011_2016")).as_deref(),
            Some("evolution_emploi")
        );
        assert_eq!(series_stem(&IndicatorId::new("population")), None);
        assert_eq!(series_stem(&IndicatorId::new("part_2016")), None);
        assert_eq!(series_stem(&IndicatorId::new("x_2011_16")), None);
    }

    #[test]
    fn panels_are_two_to_six_and_each_once() {
        let ids = |n: usize| -> Vec<IndicatorId> {
            (0..n)
                .map(|i| IndicatorId::new(&format!("ind{i}")))
                .collect()
        };
        assert!(check_panel_ids(&ids(1)).is_err());
        assert!(check_panel_ids(&ids(2)).is_ok());
        assert!(check_panel_ids(&ids(6)).is_ok());
        assert!(check_panel_ids(&ids(7)).is_err());
        let twice = vec![IndicatorId::new("a"), IndicatorId::new("a")];
        assert!(check_panel_ids(&twice).unwrap_err().contains("deux fois"));
    }

    #[test]
    fn cells_share_the_area_row_by_row() {
        let c = cells(
            Rect::from_min_size(Pos::new(0.0, 0.0), 100.0, 50.0),
            2,
            2,
            3,
            10.0,
        );
        assert_eq!(c.len(), 3);
        assert!((c[1].min.x - 55.0).abs() < 1e-9 && (c[0].width() - 45.0).abs() < 1e-9);
        assert!((c[2].min.y - 30.0).abs() < 1e-9 && (c[2].min.x).abs() < 1e-9);
        assert!((c[0].height() - 20.0).abs() < 1e-9);
    }
}
