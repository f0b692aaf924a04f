//! The A4 territory sheet: identity and map inset (the territory among its neighbours), key
//! figures against the région and France with rank, member EPCI, the action plan by axis and
//! the funded projects when they were imported, sources and vintages on every page. A région
//! batch puts a cover page (région map and summary table) before the sheets of its territories.

mod dynamics;

use geo::BoundingRect as _;

use super::map_frame::MapFrame;
use super::map_svg::background;
use super::svg::{Anchor, Paint, Rgb, Svg, TextStyle};
use super::{A4_PORTRAIT, ExportError, render};
use crate::format::{decimal_fr, figure_fr, int_fr};
use crate::model::geography::members::member_rows;
use crate::model::imports::Imports;
use crate::model::imports::action_plan::Axis;
use crate::model::imports::projects::{Placement, ProjectSort};
use crate::model::indicators::reference::ReferenceTable;
use crate::model::indicators::{IndicatorTable, Kind, Value, member_values, range_and_median};
use crate::model::{Dataset, Generation, LayerKind, Territory};

/// What a sheet is made from (the app's loaded data, or the bundle for the command line).
pub struct SheetInput<'a> {
    pub dataset: &'a Dataset,
    /// The 2023-2027 territories' indicators, with what the imports feed.
    pub table: &'a IndicatorTable,
    pub references: &'a ReferenceTable,
    pub imports: &'a Imports,
    /// "23/11/2026".
    pub date: &'a str,
    /// The bivariate EPCI grid the "Dynamiques" block places the members on (the app's map
    /// when it is one, else the default one).
    pub bivariate: Option<&'a crate::model::indicators::bivariate::Bivariate>,
}

const MARGIN: f64 = 36.0;
const INK: Rgb = [0x22, 0x22, 0x22];
const MUTED: Rgb = [0x5a, 0x5a, 0x5a];
const RULE: Rgb = [0xcc, 0xcc, 0xcc];
const ACCENT: Rgb = [0x0f, 0x37, 0x50];
const HIGHLIGHT: Rgb = [0x1f, 0x78, 0xb4];
const NEIGHBOUR: Rgb = [0xdd, 0xe6, 0xec];
const STRIPE: Rgb = [0xf3, 0xf5, 0xf7];

/// An A4 page, white.
fn blank_page() -> Svg {
    let (w, h) = A4_PORTRAIT;
    let mut page = Svg::new(w, h);
    page.rect(0.0, 0.0, w, h, Paint::fill([255, 255, 255]));
    page
}

/// Pages being laid out top to bottom; a block that does not fit starts a new page.
struct Pages {
    done: Vec<Svg>,
    page: Svg,
    y: f64,
    /// Repeated at the top of continuation pages.
    running_title: String,
}

impl Pages {
    fn new(running_title: &str) -> Self {
        Pages {
            done: Vec::new(),
            page: blank_page(),
            y: MARGIN,
            running_title: running_title.to_owned(),
        }
    }

    fn width(&self) -> f64 {
        A4_PORTRAIT.0 - 2.0 * MARGIN
    }

    /// The lowest y content may reach (the footer is below).
    fn bottom(&self) -> f64 {
        A4_PORTRAIT.1 - MARGIN - 46.0
    }

    /// Makes room for `h` points, starting a new page if needed.
    fn ensure(&mut self, h: f64) {
        if self.y + h > self.bottom() {
            self.new_page();
        }
    }

    fn new_page(&mut self) {
        let page = std::mem::replace(&mut self.page, blank_page());
        self.done.push(page);
        self.y = MARGIN;
        let title = format!("{} (suite)", self.running_title);
        self.page.text(
            MARGIN,
            self.y + 10.0,
            &title,
            TextStyle::new(10.0).colour(MUTED),
        );
        self.y += 22.0;
    }

    fn heading(&mut self, text: &str) {
        self.ensure(40.0);
        self.y += 8.0;
        self.page.text(
            MARGIN,
            self.y + 12.0,
            text,
            TextStyle::new(12.0).bold().colour(ACCENT),
        );
        self.y += 16.0;
        self.page.line(
            (MARGIN, self.y),
            (MARGIN + self.width(), self.y),
            ACCENT,
            0.8,
        );
        self.y += 5.0;
    }

    fn paragraph(&mut self, text: &str, style: TextStyle) {
        for line in style.wrap(text, self.width()) {
            self.ensure(style.size * 1.35);
            self.page.text(MARGIN, self.y + style.size, &line, style);
            self.y += style.size * 1.35;
        }
    }

    /// A table: column widths (fractions of the width), right-aligned columns, header, rows.
    /// The header is repeated on each page the table runs onto.
    fn table(&mut self, widths: &[f64], right: &[bool], header: &[&str], rows: &[Vec<String>]) {
        let size = 8.5;
        let row_h = size * 1.75;
        let total = self.width();
        let xs: Vec<f64> = widths
            .iter()
            .scan(MARGIN, |x, w| {
                let here = *x;
                *x += w * total;
                Some(here)
            })
            .collect();
        // Truncate what does not fit its column.
        let cell_text =
            |text: &str, w: f64, style: &TextStyle| style.truncate(text, w * total - 6.0);
        let draw_row =
            |pages: &mut Pages, cells: &[String], style: TextStyle, fill: Option<Rgb>| {
                if let Some(fill) = fill {
                    pages
                        .page
                        .rect(MARGIN, pages.y, total, row_h, Paint::fill(fill));
                }
                for (c, text) in cells.iter().enumerate() {
                    let (Some(&x), Some(&w)) = (xs.get(c), widths.get(c)) else {
                        continue;
                    };
                    let text = cell_text(text, w, &style);
                    if right.get(c).copied().unwrap_or(false) {
                        pages.page.text(
                            x + w * total - 3.0,
                            pages.y + row_h * 0.7,
                            &text,
                            style.anchor(Anchor::End),
                        );
                    } else {
                        pages
                            .page
                            .text(x + 3.0, pages.y + row_h * 0.7, &text, style);
                    }
                }
                pages.y += row_h;
            };
        let header: Vec<String> = header.iter().map(|s| (*s).to_owned()).collect();
        let header_style = TextStyle::new(size).bold().colour(INK);
        self.ensure(row_h * 2.0);
        draw_row(self, &header, header_style, Some([0xe4, 0xea, 0xef]));
        for (i, row) in rows.iter().enumerate() {
            if self.y + row_h > self.bottom() {
                self.new_page();
                draw_row(self, &header, header_style, Some([0xe4, 0xea, 0xef]));
            }
            let fill = (i % 2 == 1).then_some(STRIPE);
            draw_row(self, row, TextStyle::new(size).colour(INK), fill);
        }
        self.y += 4.0;
    }

    /// Every page, each with the footer (sources, date, page number).
    fn finish(mut self, footer: &[String]) -> Vec<Svg> {
        let (w, h) = A4_PORTRAIT;
        self.done
            .push(std::mem::replace(&mut self.page, blank_page()));
        let n = self.done.len();
        let style = TextStyle::new(6.5).colour(MUTED);
        for (i, page) in self.done.iter_mut().enumerate() {
            let top = h - MARGIN - 40.0;
            page.line((MARGIN, top), (w - MARGIN, top), RULE, 0.5);
            let mut y = top + 2.0;
            for line in footer
                .iter()
                .flat_map(|l| style.wrap(l, w - 2.0 * MARGIN - 50.0))
                .take(5)
            {
                page.text(MARGIN, y + style.size, &line, style);
                y += style.size * 1.3;
            }
            page.text(
                w - MARGIN,
                top + 2.0 + style.size,
                &format!("page {} / {n}", i + 1),
                style.anchor(Anchor::End),
            );
        }
        self.done
    }
}

/// The unit as a table cell shows it: "%" for every percentage, short units as they are, long
/// ones (written in the indicator's label) left out.
fn short_unit(unit: &str) -> &str {
    if unit == "% par an" {
        crate::model::indicators::dynamics_rows::UNIT
    } else if unit.starts_with('%') {
        "%"
    } else if unit == "habitants" {
        "hab."
    } else if unit.chars().count() <= 9 {
        unit
    } else {
        ""
    }
}

fn value_text(v: &Value, unit: &str) -> String {
    match v {
        Value::Exact(x) if x.is_finite() => figure_fr(*x, short_unit(unit)),
        Value::NotComputable(_) => "non calculable".into(),
        _ => "non disponible".into(),
    }
}

/// The sheet pages (SVG drawings in points) of the 2023-2027 territory `id`.
pub fn territory_pages(input: &SheetInput<'_>, id: &str) -> Result<Vec<String>, ExportError> {
    let ds = input.dataset;
    let index = ds
        .territory_feature_index(Generation::Temps2, id)
        .ok_or_else(|| {
            ExportError::Invalid(format!(
                "territoire inconnu : {id} (attendu : ti-RRNN de 2023-2027)"
            ))
        })?;
    let t = ds
        .territory_at(Generation::Temps2, index)
        .ok_or_else(|| ExportError::Invalid(format!("territoire inconnu : {id}")))?;
    let mut pages = Pages::new(&t.name);
    identity(&mut pages, input, t, index);
    figures(&mut pages, input, t, index);
    members(&mut pages, ds, t);
    dynamics::dynamics(&mut pages, input, t);
    plan(&mut pages, input.imports, t);
    projects(&mut pages, input.imports, index);
    Ok(pages
        .finish(&footer(input, &format!("Fiche « {} » ({})", t.name, t.id)))
        .into_iter()
        .map(Svg::finish)
        .collect())
}

/// The footer lines: every source with its vintage, then who made the sheet and when.
fn footer(input: &SheetInput<'_>, what: &str) -> Vec<String> {
    let sources: Vec<String> = input
        .dataset
        .tables
        .sources
        .iter()
        .map(crate::model::SourceInfo::citation)
        .collect();
    vec![
        format!("Sources : {}.", sources.join(" ; ")),
        format!(
            "{what} réalisée le {} avec ti-atlas. Valeurs exactes issues des sources ci-dessus ; « non disponible » indique une donnée absente, avec sa raison.",
            input.date
        ),
    ]
}

fn identity(pages: &mut Pages, input: &SheetInput<'_>, t: &Territory, index: usize) {
    let ds = input.dataset;
    let width = pages.width();
    let p = &mut pages.page;
    p.text(
        MARGIN,
        MARGIN + 9.0,
        "Territoires d'industrie 2023-2027 — fiche territoire",
        TextStyle::new(9.0).colour(MUTED),
    );
    let name_style = TextStyle::new(20.0).bold().colour(ACCENT);
    let left_w = width - 230.0;
    let mut y = MARGIN + 16.0;
    for line in name_style.wrap(&t.name, left_w) {
        p.text(MARGIN, y + 20.0, &line, name_style);
        y += 25.0;
    }
    let region = ds.region_name(&t.region).unwrap_or("région inconnue");
    let deps: Vec<String> = t
        .departements
        .iter()
        .map(|d| format!("{} ({d})", ds.departement_name(d).unwrap_or("?")))
        .collect();
    let small = TextStyle::new(9.5).colour(INK);
    for line in [
        format!("{} · région {region}", t.id),
        format!("Département(s) : {}", deps.join(", ")),
        format!(
            "{} groupement(s) membre(s) · {} commune(s)",
            t.groupements.len(),
            int_fr(t.communes.len() as u64)
        ),
    ] {
        for l in small.wrap(&line, left_w) {
            p.text(MARGIN, y + 10.0, &l, small);
            y += 13.0;
        }
    }
    // Three key figures in large type.
    y += 10.0;
    let density = if t.area_km2 > 0.0 {
        t.population as f64 / t.area_km2
    } else {
        f64::NAN
    };
    let key = [
        (int_fr(t.population), "habitants (population municipale)"),
        (format!("{} km²", decimal_fr(t.area_km2, 0)), "superficie"),
        (
            if density.is_finite() {
                format!("{} hab./km²", decimal_fr(density, 1))
            } else {
                "non disponible".into()
            },
            "densité",
        ),
    ];
    for (value, label) in key {
        p.text(
            MARGIN,
            y + 16.0,
            &value,
            TextStyle::new(16.0).bold().colour(INK),
        );
        p.text(MARGIN, y + 28.0, label, TextStyle::new(8.5).colour(MUTED));
        y += 36.0;
    }
    // Map inset at the top right.
    let (x, iy, w, h) = (MARGIN + width - 220.0, MARGIN + 16.0, 220.0, 200.0);
    inset(p, ds, index, x, iy, w, h);
    pages.y = y.max(iy + h + 8.0);
}

/// The territory among its neighbours: départements and région borders, other territories.
fn inset(p: &mut Svg, ds: &Dataset, index: usize, x: f64, y: f64, w: f64, h: f64) {
    let features = ds.features(LayerKind::Ti2023);
    let Some(feature) = features.get(index) else {
        return;
    };
    let finest = ds.topology.finest_lod();
    let shape = ds.topology.multipolygon(feature, finest);
    let Some(r) = shape.bounding_rect() else {
        return;
    };
    let frame = MapFrame::fit(
        x,
        y,
        w,
        h,
        [r.min().x, r.min().y, r.max().x, r.max().y],
        0.12,
    );
    let lod = frame.level_of_detail(&ds.topology.tolerances_deg);
    p.begin_clip(x, y, w, h);
    background(p, ds, &frame.view, 0.8, &[]);
    for (i, f) in features.iter().enumerate() {
        if i == index {
            continue;
        }
        let d = frame.path(&ds.topology.multipolygon(f, lod));
        p.path(
            &d,
            Paint::fill(NEIGHBOUR).with_stroke([0x8a, 0xa1, 0xb1], 0.5),
            Some("territoire-voisin"),
        );
    }
    borders(p, ds, &frame, lod);
    p.path(
        &frame.path(&ds.topology.multipolygon(feature, lod)),
        Paint {
            fill: Some((HIGHLIGHT, 0.75)),
            stroke: Some((ACCENT, 1.4)),
        },
        Some("territoire"),
    );
    p.end_group();
    p.rect(x, y, w, h, Paint::stroke(RULE, 0.6));
}

/// Département borders (thin) and région borders over a sheet's map.
fn borders(p: &mut Svg, ds: &Dataset, frame: &MapFrame, lod: u8) {
    for (kind, colour, width) in [
        (LayerKind::Departements, [0x9a, 0x9a, 0x9a], 0.4),
        (LayerKind::Regions, [0x44, 0x44, 0x44], 0.9),
    ] {
        for f in ds.features(kind) {
            let d = frame.path(&ds.topology.multipolygon(f, lod));
            p.path(&d, Paint::stroke(colour, width), None);
        }
    }
}

fn figures(pages: &mut Pages, input: &SheetInput<'_>, t: &Territory, index: usize) {
    pages.heading("Chiffres clés, comparés à la région et à la France");
    let table = input.table;
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    let mut to_import = Vec::new();
    let mut epci_ranges = false;
    for (i, ind) in table.indicators.iter().enumerate() {
        let v = table
            .values
            .get(i)
            .and_then(|c| c.get(index))
            .cloned()
            .unwrap_or(Value::Missing("non disponible".into()));
        if ind.kind == Kind::NeedsImport && !matches!(v, Value::Exact(_)) {
            to_import.push(ind.label.clone());
            continue;
        }
        let rank = table
            .rank(i, index)
            .map(|(r, n)| format!("{r} / {n}"))
            .unwrap_or_default();
        let r = input.references.reference(ind, &t.region);
        rows.push(vec![
            ind.label.clone(),
            value_text(&v, &ind.unit),
            rank,
            value_text(&r.region, &ind.unit),
            value_text(&r.france, &ind.unit),
        ]);
        if ind.kind == Kind::EpciSeries && !matches!(v, Value::Exact(_)) {
            // A share per EPCI: the members' range and median, never an average.
            if let Some(series) = input
                .dataset
                .tables
                .indicators
                .iter()
                .find(|s| s.id == ind.id)
            {
                let members = member_values(series, t);
                let vals: Vec<f64> = members.iter().filter_map(|m| m.2).collect();
                if let (Some((lo, hi, med)), Some(row)) = (range_and_median(&vals), rows.last_mut())
                {
                    row[1] = format!(
                        "{}–{} {} (méd. {})",
                        decimal_fr(lo, 1),
                        decimal_fr(hi, 1),
                        short_unit(&ind.unit),
                        decimal_fr(med, 1)
                    );
                    epci_ranges = true;
                }
            }
            continue;
        }
        if let Value::NotComputable(why) | Value::Missing(why) = &v {
            notes.push(format!("{} : {why}", ind.label));
        }
    }
    pages.table(
        &[0.33, 0.24, 0.09, 0.17, 0.17],
        &[false, true, true, true, true],
        &["Indicateur", "Territoire", "Rang", "Région", "France"],
        &rows,
    );
    let small = TextStyle::new(7.5).colour(MUTED);
    pages.paragraph(
        "Rang 1 = valeur la plus élevée parmi les 183 territoires. Région et France : région et France entières (toutes les communes), sauf la part de population déjà en Temps I (ensemble des territoires labellisés).",
        small,
    );
    if epci_ranges {
        pages.paragraph(
            "Parts et évolutions d'emploi : données par EPCI, non agrégeables sans les effectifs d'emplois ; la fiche donne l'étendue (min–max) et la médiane des EPCI membres, jamais une moyenne. Région et France : non calculables pour la même raison.",
            small,
        );
    }
    for note in notes {
        pages.paragraph(&note, small);
    }
    if !to_import.is_empty() {
        pages.paragraph(
            &format!(
                "Non disponibles sans import (plans d'actions et projets ne sont pas publics) : {}.",
                to_import.join(", ")
            ),
            small,
        );
    }
}

fn members(pages: &mut Pages, ds: &Dataset, t: &Territory) {
    pages.heading(&format!("Groupements membres ({})", t.groupements.len()));
    pages.paragraph(
        "Nature : CC communauté de communes, CA d'agglomération, CU urbaine, METRO métropole, EPT établissement public territorial, COM commune. Industrie : part des emplois au lieu de travail (RP 2022).",
        TextStyle::new(7.5).colour(MUTED),
    );
    let industry = ds
        .tables
        .indicators
        .iter()
        .position(|s| s.id == "part_emploi_industrie");
    let rows: Vec<Vec<String>> = member_rows(ds, t)
        .into_iter()
        .map(|m| {
            vec![
                m.name.clone(),
                format!("{:?}", m.nature),
                m.siren.clone(),
                m.population
                    .map(int_fr)
                    .unwrap_or_else(|| "non disponible".into()),
                industry
                    .and_then(|i| m.values.get(i).copied().flatten())
                    .map(|v| decimal_fr(v, 1))
                    .unwrap_or_else(|| "non disponible".into()),
            ]
        })
        .collect();
    pages.table(
        &[0.5, 0.09, 0.14, 0.13, 0.14],
        &[false, false, false, true, true],
        &["Nom", "Nature", "SIREN", "Population", "Industrie (%)"],
        &rows,
    );
}

fn plan(pages: &mut Pages, imports: &Imports, t: &Territory) {
    pages.heading("Plan d'actions");
    let style = TextStyle::new(8.5).colour(INK);
    let Some(plan) = &imports.plan else {
        pages.paragraph(
            "non disponible — les plans d'actions ne sont pas publics : importer le fichier du territoire (Fichier > Importer…).",
            style.colour(MUTED),
        );
        return;
    };
    let by_axis = plan.by_axis(&t.id);
    let total: usize = by_axis.iter().map(|(_, a)| a.len()).sum();
    if total == 0 {
        pages.paragraph(
            &format!(
                "non disponible — territoire absent du plan importé ({}).",
                plan.source_name
            ),
            style.colour(MUTED),
        );
        return;
    }
    pages.paragraph(
        &format!("{total} action(s) dans {} :", plan.source_name),
        style,
    );
    let rows: Vec<Vec<String>> = Axis::ALL
        .into_iter()
        .flat_map(|axis| {
            let actions = by_axis
                .iter()
                .find(|(a, _)| *a == axis)
                .map(|(_, v)| v.as_slice())
                .unwrap_or_default();
            actions.iter().map(move |a| {
                vec![
                    axis.label_fr().to_owned(),
                    a.title.clone(),
                    a.status
                        .as_ref()
                        .map(|s| s.label_fr().to_owned())
                        .unwrap_or_default(),
                    a.lead.clone().unwrap_or_default(),
                    a.amount_total_eur
                        .map(|v| figure_fr(v, "€"))
                        .unwrap_or_default(),
                ]
            })
        })
        .collect();
    let counts: Vec<String> = by_axis
        .iter()
        .map(|(axis, a)| format!("{} : {}", axis.label_fr(), a.len()))
        .collect();
    pages.paragraph(&counts.join(" · "), style.colour(MUTED));
    pages.table(
        &[0.22, 0.38, 0.1, 0.16, 0.14],
        &[false, false, false, false, true],
        &["Axe", "Action", "Statut", "Pilote", "Montant"],
        &rows,
    );
}

fn projects(pages: &mut Pages, imports: &Imports, index: usize) {
    pages.heading("Projets financés");
    let style = TextStyle::new(8.5).colour(INK);
    let Some(list) = &imports.projects else {
        pages.paragraph(
            "non disponible — importer la liste DGE « Plan de relance – Projets industriels » (Fichier > Importer…).",
            style.colour(MUTED),
        );
        return;
    };
    let mut mine: Vec<_> = list
        .projects
        .iter()
        .filter(|p| p.placement == Placement::Territory(index))
        .collect();
    ProjectSort::Company.sort(&mut mine);
    pages.paragraph(
        &format!(
            "{} projet(s) placé(s) dans le territoire d'après leurs coordonnées ({}).",
            mine.len(),
            list.source_name
        ),
        style,
    );
    if mine.is_empty() {
        return;
    }
    let rows: Vec<Vec<String>> = mine
        .iter()
        .map(|p| {
            vec![
                p.company.clone(),
                p.mesure.clone(),
                p.filiere.clone().unwrap_or_default(),
                p.commune.clone().unwrap_or_default(),
            ]
        })
        .collect();
    pages.table(
        &[0.34, 0.28, 0.2, 0.18],
        &[false; 4],
        &["Entreprise", "Mesure", "Filière", "Commune"],
        &rows,
    );
}

/// Cover page and sheets of every 2023-2027 territory attached to région `code`.
pub fn region_pages(input: &SheetInput<'_>, code: &str) -> Result<Vec<String>, ExportError> {
    let ds = input.dataset;
    let name = ds.region_name(code).ok_or_else(|| {
        ExportError::Invalid(format!("région inconnue : {code} (code INSEE, ex. 84)"))
    })?;
    let territories: Vec<(usize, &Territory)> = ds
        .territories(Generation::Temps2)
        .enumerate()
        .filter(|(_, t)| t.region == code)
        .collect();
    if territories.is_empty() {
        return Err(ExportError::Invalid(format!(
            "aucun territoire d'industrie 2023-2027 rattaché à la région {name} ({code})"
        )));
    }
    let mut out = cover(input, code, name, &territories);
    for (_, t) in &territories {
        out.extend(territory_pages(input, &t.id)?);
    }
    Ok(out)
}

fn cover(
    input: &SheetInput<'_>,
    code: &str,
    name: &str,
    territories: &[(usize, &Territory)],
) -> Vec<String> {
    let ds = input.dataset;
    let mut pages = Pages::new(&format!("Région {name}"));
    pages.page.text(
        MARGIN,
        MARGIN + 9.0,
        "Territoires d'industrie 2023-2027",
        TextStyle::new(9.0).colour(MUTED),
    );
    pages.page.text(
        MARGIN,
        MARGIN + 34.0,
        &format!("Région {name}"),
        TextStyle::new(22.0).bold().colour(ACCENT),
    );
    pages.page.text(
        MARGIN,
        MARGIN + 52.0,
        &format!(
            "{} territoire(s) d'industrie rattaché(s) à la région — une fiche par territoire suit",
            territories.len()
        ),
        TextStyle::new(10.0).colour(INK),
    );
    // Région map: its territories highlighted and numbered.
    let (x, y, w, h) = (MARGIN, MARGIN + 64.0, pages.width(), 330.0);
    let region_index = ds.tables.regions.iter().position(|r| r.code == code);
    let finest = ds.topology.finest_lod();
    let bbox = region_index
        .and_then(|i| ds.features(LayerKind::Regions).get(i))
        .and_then(|f| ds.topology.multipolygon(f, finest).bounding_rect())
        .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
        .unwrap_or(super::map_export::FRANCE_BBOX);
    let frame = MapFrame::fit(x, y, w, h, bbox, 0.04);
    let lod = frame.level_of_detail(&ds.topology.tolerances_deg);
    let p = &mut pages.page;
    p.begin_clip(x, y, w, h);
    background(p, ds, &frame.view, 0.8, &[]);
    let ti = ds.features(LayerKind::Ti2023);
    for (i, _) in territories {
        if let Some(f) = ti.get(*i) {
            p.path(
                &frame.path(&ds.topology.multipolygon(f, lod)),
                Paint {
                    fill: Some((HIGHLIGHT, 0.55)),
                    stroke: Some((ACCENT, 0.9)),
                },
                Some("territoire"),
            );
        }
    }
    borders(p, ds, &frame, lod);
    // Numbers at each territory's interior point.
    for (n, (i, _)) in territories.iter().enumerate() {
        if let Some(f) = ti.get(*i) {
            use geo::InteriorPoint as _;
            if let Some(c) = ds.topology.multipolygon(f, lod).interior_point() {
                let (px, py) = frame.project(c.x(), c.y());
                p.circle(
                    px,
                    py,
                    7.0,
                    Paint::fill([255, 255, 255]).with_stroke(ACCENT, 0.8),
                );
                p.text(
                    px,
                    py + 3.0,
                    &(n + 1).to_string(),
                    TextStyle::new(7.5)
                        .bold()
                        .colour(ACCENT)
                        .anchor(Anchor::Middle),
                );
            }
        }
    }
    p.end_group();
    p.rect(x, y, w, h, Paint::stroke(RULE, 0.6));
    pages.y = y + h + 10.0;
    // Summary table.
    let actions = input.table.position("nombre_actions");
    let rows: Vec<Vec<String>> = territories
        .iter()
        .enumerate()
        .map(|(n, (i, t))| {
            let density = if t.area_km2 > 0.0 {
                decimal_fr(t.population as f64 / t.area_km2, 1)
            } else {
                "non disponible".into()
            };
            let n_actions = actions
                .and_then(|a| input.table.values.get(a))
                .and_then(|c| c.get(*i))
                .map(|v| value_text(v, "actions"))
                .unwrap_or_else(|| "non disponible".into());
            vec![
                (n + 1).to_string(),
                t.id.clone(),
                t.name.clone(),
                int_fr(t.population),
                decimal_fr(t.area_km2, 0),
                density,
                t.groupements.len().to_string(),
                n_actions,
            ]
        })
        .collect();
    pages.heading("Les territoires de la région");
    pages.table(
        &[0.05, 0.09, 0.31, 0.12, 0.09, 0.1, 0.1, 0.14],
        &[true, false, false, true, true, true, true, true],
        &[
            "n°",
            "id",
            "Territoire",
            "Population",
            "km²",
            "hab./km²",
            "Membres",
            "Actions",
        ],
        &rows,
    );
    let total_pop: u64 = territories.iter().map(|(_, t)| t.population).sum();
    pages.paragraph(
        &format!(
            "Ensemble : {} habitants. « Actions » : nombre d'actions du plan importé, « non disponible » sans import.",
            int_fr(total_pop)
        ),
        TextStyle::new(8.0).colour(MUTED),
    );
    pages
        .finish(&footer(input, &format!("Recueil de la région {name}")))
        .into_iter()
        .map(Svg::finish)
        .collect()
}

/// One territory's sheet as a PDF.
pub fn territory_pdf(input: &SheetInput<'_>, id: &str) -> Result<Vec<u8>, ExportError> {
    let pages = territory_pages(input, id)?;
    let name = input
        .dataset
        .territory(Generation::Temps2, id)
        .map_or(id, |t| t.name.as_str());
    Ok(render::pdf(
        &pages,
        &render::PdfInfo {
            title: format!("{name} — fiche territoire d'industrie"),
            subject: "Fiche territoire, Territoires d'industrie 2023-2027".into(),
        },
    )?)
}

/// Every territory of a région, behind a cover page, as one PDF.
pub fn region_pdf(input: &SheetInput<'_>, code: &str) -> Result<Vec<u8>, ExportError> {
    let pages = region_pages(input, code)?;
    let name = input.dataset.region_name(code).unwrap_or(code);
    Ok(render::pdf(
        &pages,
        &render::PdfInfo {
            title: format!("Territoires d'industrie — région {name}"),
            subject: "Fiches territoires, Territoires d'industrie 2023-2027".into(),
        },
    )?)
}
