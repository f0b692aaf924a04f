//! The A4 territory sheet, drawn from the sheet view model ([`crate::sheet`]): identity and
//! map inset (the territory among its neighbours), key figures against the région and France
//! with rank, members, the action plan by axis and the funded projects when they were imported,
//! every source and imported file once at the end, and a one-line footer on every page. A région batch puts a cover page (région map
//! and summary table) before the sheets of its territories.

use geo::BoundingRect as _;

use super::map_frame::MapFrame;
use super::map_svg::background;
use super::svg::{Anchor, Paint, Rgb, Svg, TextStyle};
use super::{ExportError, render};
use crate::format::{decimal_fr, int_fr};
use crate::model::{Dataset, Generation, IndicatorId, LayerKind, Territory, TerritoryId};
use crate::sheet::view::Identity;
use crate::sheet::{SheetInputs, TerritorySheet, sources_block, territory_sheet_by_id, value_text};

mod dynamics;
mod pages;
mod sections;

use pages::{ACCENT, Flow, INK, MARGIN, MUTED, RULE, blank_page, content_width};

const HIGHLIGHT: Rgb = [0x1f, 0x78, 0xb4];
const NEIGHBOUR: Rgb = [0xdd, 0xe6, 0xec];

/// The sheet pages (SVG drawings in points) of the 2023-2027 territory `id`.
pub fn territory_pages(
    input: &SheetInputs<'_>,
    id: &TerritoryId,
) -> Result<Vec<String>, ExportError> {
    Ok(territory_drawings(input, id)?
        .into_iter()
        .map(Svg::finish)
        .collect())
}

/// The sheet pages of the 2023-2027 territory `id` as drawings, with the texts each records
/// (what the layout check reads).
pub fn territory_drawings(
    input: &SheetInputs<'_>,
    id: &TerritoryId,
) -> Result<Vec<Svg>, ExportError> {
    let sheet = territory_sheet_by_id(input, id).ok_or_else(|| {
        ExportError::Invalid(format!(
            "territoire inconnu : {id} (attendu : ti-RRNN de 2023-2027)"
        ))
    })?;
    Ok(sheet_pages(input, &sheet))
}

/// The sheet pages, as drawings, of the territory `id` of either generation (`input.table`
/// is that generation's territory table): a 2018-2022 territory's sheet is drawn as a
/// 2023-2027 one's, its generation said in its header.
pub fn generation_drawings(
    input: &SheetInputs<'_>,
    generation: Generation,
    id: &TerritoryId,
) -> Result<Vec<Svg>, ExportError> {
    let sheet = input
        .dataset
        .territory_feature_index(generation, id)
        .and_then(|index| crate::sheet::territory_sheet(input, generation, index))
        .ok_or_else(|| {
            ExportError::Invalid(format!(
                "territoire inconnu : {id} (attendu : ti-RRNN de {})",
                generation.label_fr()
            ))
        })?;
    Ok(sheet_pages(input, &sheet))
}

/// Draws a sheet: the identity and the map inset on the first page, then the sections.
fn sheet_pages(input: &SheetInputs<'_>, sheet: &TerritorySheet) -> Vec<Svg> {
    let id = &sheet.identity;
    let mut first = blank_page();
    let top = identity(&mut first, input.dataset, id);
    let mut flow = Flow::default();
    sections::figures(&mut flow, &sheet.figures, sheet.dynamics.is_some());
    sections::members(&mut flow, &sheet.members);
    if let Some(d) = &sheet.dynamics {
        dynamics::dynamics(&mut flow, d);
    }
    if let (Some(plan), Some(projects)) = (&sheet.plan, &sheet.projects) {
        let waiting: Vec<String> = sheet
            .figures
            .waiting_for_import()
            .map(|f| f.label.clone())
            .collect();
        sections::plan_and_projects(&mut flow, plan, projects, &waiting);
    }
    if let Some(caveat) = &id.caveat {
        flow.paragraph(caveat, TextStyle::new(7.5).colour(MUTED), false);
    }
    let what = format!("Fiche « {} », {}", id.name, id.id_shown);
    sources_section(&mut flow, &sheet.sources.lines(), &made_with(input, &what));
    let footer = [footer_line(
        input,
        &format!("« {} », {}", id.name, id.id_shown),
        "de fiche",
    )];
    pages::render(first, top, &flow, &id.name, &footer)
}

/// The sources, in full, once at the end of the document (each page's footer points to them).
fn sources_section(flow: &mut Flow, lines: &[String], made_with: &str) {
    flow.heading("Sources");
    // Kept together: the block moves to the next page whole rather than split.
    for line in lines {
        flow.paragraph(line, TextStyle::new(7.5).colour(MUTED), true);
    }
    flow.paragraph(made_with, TextStyle::new(7.5).colour(MUTED), false);
}

/// Who made the document and when, at the end of its sources.
fn made_with(input: &SheetInputs<'_>, what: &str) -> String {
    format!(
        "{what} réalisée le {} avec ti-atlas. Valeurs exactes issues des sources ci-dessus ; «\u{a0}non disponible\u{a0}» indique une donnée absente, avec sa raison.",
        input.date
    )
}

/// Each page's one-line footer: the document, its date, where the sources are.
/// `part` is what the sources end: "de fiche" (a région batch holds several sheets, each with
/// its sources), "de présentation de la région". Short enough for one line with the longest
/// territory name.
fn footer_line(input: &SheetInputs<'_>, what: &str, part: &str) -> String {
    format!("{what} — {} — sources en fin {part}", input.date)
}

/// The first page's header: name, région, départements, members, three key figures, and the
/// map inset at the top right. Returns where the content may start.
fn identity(p: &mut Svg, ds: &Dataset, id: &Identity) -> f64 {
    let width = content_width();
    p.text(
        MARGIN,
        MARGIN + 9.0,
        &format!(
            "Territoires d'industrie {} — fiche territoire",
            match id.generation {
                Generation::Temps1 => "2018-2022",
                Generation::Temps2 => "2023-2027",
            }
        ),
        TextStyle::new(9.0).colour(MUTED),
    );
    let name_style = TextStyle::new(20.0).bold().colour(ACCENT);
    let left_w = width - 230.0;
    let mut y = MARGIN + 16.0;
    for line in name_style.wrap(&id.name, left_w) {
        p.text(MARGIN, y + 20.0, &line, name_style);
        y += 25.0;
    }
    let small = TextStyle::new(9.5).colour(INK);
    for line in [
        format!("{} · région {}", id.id_shown, id.region),
        format!("Département(s) : {}", id.departements),
        format!(
            "Membres : {} ; {} communes en tout",
            id.counts.text(),
            id.communes
        ),
    ]
    .into_iter()
    .chain(
        id.typology
            .iter()
            .map(|f| format!("{} : {}", f.label, f.value)),
    ) {
        for l in small.wrap(&line, left_w) {
            p.text(MARGIN, y + 10.0, &l, small);
            y += 13.0;
        }
    }
    // Three key figures in large type.
    y += 10.0;
    let key = [
        (id.population.as_str(), "population municipale 2022"),
        (id.area.as_str(), "superficie"),
        (id.density.as_str(), "densité"),
    ];
    for (value, label) in key {
        p.text(
            MARGIN,
            y + 16.0,
            value,
            TextStyle::new(16.0).bold().colour(INK),
        );
        p.text(MARGIN, y + 28.0, label, TextStyle::new(8.5).colour(MUTED));
        y += 36.0;
    }
    // Map inset at the top right.
    let (x, iy, w, h) = (MARGIN + width - 220.0, MARGIN + 16.0, 220.0, 200.0);
    inset(p, ds, id.kind, id.index, x, iy, w, h);
    y.max(iy + h + 8.0)
}

/// The territory among its neighbours: départements and région borders, other territories
/// of its generation (`kind`, its layer).
#[allow(clippy::too_many_arguments)]
fn inset(p: &mut Svg, ds: &Dataset, kind: LayerKind, index: usize, x: f64, y: f64, w: f64, h: f64) {
    let features = ds.features(kind);
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
    background(p, ds, &frame.view, 0.8);
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

/// Cover page and sheets of every 2023-2027 territory attached to région `code`.
pub fn region_pages(input: &SheetInputs<'_>, code: &str) -> Result<Vec<String>, ExportError> {
    Ok(region_drawings(input, code)?
        .into_iter()
        .map(Svg::finish)
        .collect())
}

/// [`region_pages`] as drawings, with the texts and table cells each records (what the layout
/// check reads).
pub fn region_drawings(input: &SheetInputs<'_>, code: &str) -> Result<Vec<Svg>, ExportError> {
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
        out.extend(territory_drawings(input, &t.id)?);
    }
    Ok(out)
}

fn cover(
    input: &SheetInputs<'_>,
    code: &str,
    name: &str,
    territories: &[(usize, &Territory)],
) -> Vec<Svg> {
    let ds = input.dataset;
    let mut first = blank_page();
    first.text(
        MARGIN,
        MARGIN + 9.0,
        "Territoires d'industrie 2023-2027",
        TextStyle::new(9.0).colour(MUTED),
    );
    first.text(
        MARGIN,
        MARGIN + 34.0,
        &format!("Région {name}"),
        TextStyle::new(22.0).bold().colour(ACCENT),
    );
    first.text(
        MARGIN,
        MARGIN + 52.0,
        &format!(
            "{} territoire(s) d'industrie rattaché(s) à la région — une fiche par territoire suit",
            territories.len()
        ),
        TextStyle::new(10.0).colour(INK),
    );
    // Région map: its territories highlighted and numbered.
    let (x, y, w, h) = (MARGIN, MARGIN + 64.0, content_width(), 330.0);
    let region_index = ds.tables.regions.iter().position(|r| r.code == code);
    let finest = ds.topology.finest_lod();
    let bbox = region_index
        .and_then(|i| ds.features(LayerKind::Regions).get(i))
        .and_then(|f| ds.topology.multipolygon(f, finest).bounding_rect())
        .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
        .unwrap_or(super::map_export::FRANCE_BBOX);
    let frame = MapFrame::fit(x, y, w, h, bbox, 0.04);
    let lod = frame.level_of_detail(&ds.topology.tolerances_deg);
    let p = &mut first;
    p.begin_clip(x, y, w, h);
    background(p, ds, &frame.view, 0.8);
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
    let top = y + h + 10.0;
    // Summary table.
    let actions = input
        .table
        .and_then(|t| t.position(&IndicatorId::new("nombre_actions")));
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
                .and_then(|a| input.table?.values.get(a))
                .and_then(|c| c.get(*i))
                .map(|v| value_text(v, "actions"))
                .unwrap_or_else(|| "non disponible".into());
            vec![
                (n + 1).to_string(),
                t.id.to_string(),
                t.name.clone(),
                int_fr(t.population),
                decimal_fr(t.area_km2, 0),
                density,
                t.groupements.len().to_string(),
                n_actions,
            ]
        })
        .collect();
    let mut flow = Flow::default();
    flow.heading("Les territoires de la région");
    flow.table(
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
    flow.paragraph(
        &format!(
            "Ensemble : {}\u{a0}habitants. « Actions » : nombre d'actions du plan importé ; « non disponible » : aucun plan d'actions importé.",
            int_fr(total_pop)
        ),
        TextStyle::new(8.0).colour(MUTED),
        false,
    );
    let what = format!("Recueil de la région {name}");
    sources_section(
        &mut flow,
        &sources_block(ds, input.imports).lines(),
        &made_with(input, &what),
    );
    let footer = [footer_line(input, &what, "de présentation de la région")];
    pages::render(first, top, &flow, &format!("Région {name}"), &footer)
}

/// One territory's sheet as a PDF.
pub fn territory_pdf(input: &SheetInputs<'_>, id: &TerritoryId) -> Result<Vec<u8>, ExportError> {
    let pages = territory_pages(input, id)?;
    let name = input
        .dataset
        .territory(Generation::Temps2, id)
        .map_or(id.as_str(), |t| t.name.as_str());
    Ok(render::pdf(
        &pages,
        &render::PdfInfo {
            title: format!("{name} — fiche territoire d'industrie"),
            subject: "Fiche territoire, Territoires d'industrie 2023-2027".into(),
        },
    )?)
}

/// Every territory of a région, behind a cover page, as one PDF.
pub fn region_pdf(input: &SheetInputs<'_>, code: &str) -> Result<Vec<u8>, ExportError> {
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
