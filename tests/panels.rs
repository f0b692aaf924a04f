//! Small multiples (`ti-atlas export map --panels`): every unit drawn once per panel with ids
//! unique in the SVG, one indicator over its periods on classes computed over the pooled
//! values with one legend, different indicators with a legend each, every unit's colour its
//! class's, the layout promises of the page, PNG and PDF written, and the refusals.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::cli::{scratch, stderr, ti_atlas};
use common::dataset;
use ti_atlas::carto::layout_check;
use ti_atlas::carto::panels::PanelsMap;
use ti_atlas::carto::{MapScene, MapSettings, project_points};
use ti_atlas::export::View;
use ti_atlas::export::panels_export::{PanelsExport, panels_page};
use ti_atlas::export::svg::hex;
use ti_atlas::model::imports::Imports;
use ti_atlas::model::indicators::IndicatorTable;
use ti_atlas::model::indicators::choropleth::default_method;
use ti_atlas::model::indicators::classify::classify_or_fewer;
use ti_atlas::model::{IndicatorId, LayerKind, Level};
use ti_atlas::palette::Palette;

const EARLY: &str = "evolution_emploi_2011_2016";
const LATE: &str = "evolution_emploi_2016_2022";
const OTHER: &str = "part_emploi_industrie";
const DATE: &str = "06/12/2026";

/// The settings of each panel as the command line makes them: the indicator's default method
/// and palette.
fn panel_settings(level: Level, ids: &[&str]) -> Vec<MapSettings> {
    let catalogue = ti_atlas::model::indicators::catalogue::catalogue(dataset());
    ids.iter()
        .map(|id| {
            let ind = catalogue
                .iter()
                .find(|i| i.id.as_str() == *id)
                .expect("indicator in the catalogue");
            MapSettings {
                maille: level,
                indicator: Some(IndicatorId::new(id)),
                method: default_method(ind),
                palette: Palette::default_for(ind.diverging_around_zero),
                ..MapSettings::default()
            }
        })
        .collect()
}

fn panels(level: Level, ids: &[&str]) -> (PanelsMap, IndicatorTable) {
    let table = IndicatorTable::for_level(dataset(), level);
    let map = PanelsMap::build(
        &panel_settings(level, ids),
        dataset(),
        &table,
        &Imports::default(),
        &project_points(&Imports::default()),
    )
    .expect("panels");
    (map, table)
}

fn scene_for(level: Level) -> MapScene {
    MapScene::with_layers(
        dataset(),
        &[LayerKind::Regions, LayerKind::Ti2023, level.layer()],
    )
}

/// Every `id="…"` of an SVG.
fn ids_of(svg: &str) -> Vec<String> {
    svg.match_indices(" id=\"")
        .filter_map(|(i, m)| {
            let rest = &svg[i + m.len()..];
            rest.find('"').map(|end| rest[..end].to_owned())
        })
        .collect()
}

/// The value of attribute `name` on an element's line.
fn attr<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = line.find(&key)? + key.len();
    let end = line[start..].find('"')?;
    Some(&line[start..start + end])
}

/// Per panel (1, 2…): each EPCI path's unit id and fill.
fn epci_fills(svg: &str) -> BTreeMap<usize, Vec<(String, String)>> {
    let mut out: BTreeMap<usize, Vec<(String, String)>> = BTreeMap::new();
    for line in svg.lines().filter(|l| l.starts_with("<path id=\"p")) {
        if attr(line, "class") != Some("epci") {
            continue;
        }
        let (Some(id), Some(unit), Some(fill)) = (
            attr(line, "id"),
            attr(line, "data-unite"),
            attr(line, "fill"),
        ) else {
            continue;
        };
        let Some(panel) = id
            .strip_prefix('p')
            .and_then(|r| r.split('-').next())
            .and_then(|n| n.parse::<usize>().ok())
        else {
            continue;
        };
        out.entry(panel)
            .or_default()
            .push((unit.to_owned(), fill.to_owned()));
    }
    out
}

/// The legend swatches drawn (their outline is the legend's own).
fn swatches_in(svg: &str) -> usize {
    svg.lines()
        .filter(|l| {
            l.starts_with("<rect") && l.contains(r##"stroke="#999999" stroke-width="0.40""##)
        })
        .count()
}

#[test]
fn one_indicator_over_its_periods_shares_its_classes_and_draws_every_epci_once_per_panel() {
    let dir = scratch("panels", "periods");
    let out = dir.join("emploi.svg");
    let run = ti_atlas(&[
        "export",
        "map",
        "--panels",
        &format!("{EARLY},{LATE}"),
        "--level",
        "epci",
        "--out",
        out.to_str().expect("path"),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let svg = std::fs::read_to_string(&out).expect("svg written");

    // Ids unique across the drawing.
    let ids = ids_of(&svg);
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids en double dans le SVG");

    // Every EPCI with a contour, once in each panel.
    let scene = scene_for(Level::Epci);
    let codes = dataset().layer_codes(LayerKind::Epci);
    let layer = scene.layer(LayerKind::Epci).expect("EPCI layer");
    let expected: BTreeSet<String> = codes
        .iter()
        .zip(&layer.features)
        .filter(|(_, f)| !f.bbox_world.is_empty())
        .map(|(c, _)| format!("epci-{c}"))
        .collect();
    assert!(expected.len() > 1000, "{} EPCI", expected.len());
    let fills = epci_fills(&svg);
    assert_eq!(fills.keys().copied().collect::<Vec<_>>(), vec![1, 2]);
    for (panel, drawn) in &fills {
        let units: Vec<&String> = drawn.iter().map(|(u, _)| u).collect();
        let set: BTreeSet<String> = units.iter().map(|u| (*u).clone()).collect();
        assert_eq!(
            set.len(),
            units.len(),
            "carte {panel} : une EPCI dessinée deux fois"
        );
        assert_eq!(set, expected, "carte {panel} : EPCI manquantes ou en trop");
    }

    // One set of breaks, that of the pooled values with the single map's method and count.
    let (map, table) = panels(Level::Epci, &[EARLY, LATE]);
    let legend = map.common_legend.clone().expect("one legend");
    let mut pooled = Vec::new();
    for id in [EARLY, LATE] {
        let (i, _) = table.usable(&IndicatorId::new(id)).expect("indicator");
        pooled.extend(table.numbers(i));
    }
    let settings = panel_settings(Level::Epci, &[EARLY]);
    let spec = settings[0]
        .choropleth_spec(None)
        .expect("spec")
        .expect("some");
    let (expected_classes, _) =
        classify_or_fewer(&pooled, &spec.method, spec.classes).expect("pooled classes");
    assert_eq!(legend.classification, expected_classes);
    assert!(legend.method.contains("classes communes aux 2 cartes"));
    for p in &map.panels {
        let l = p.legend().expect("panel classes");
        assert_eq!(
            l.classification.breaks, expected_classes.breaks,
            "{}",
            p.title
        );
        assert_eq!(l.colours, legend.colours, "{}", p.title);
    }
    // One legend on the page: its swatches once.
    let rows = legend.classification.class_count() + usize::from(legend.classification.missing > 0);
    assert_eq!(swatches_in(&svg), rows);

    // Every unit's colour is its class's, from its own period's value.
    let missing = hex(legend.missing_colour);
    for (panel, id) in [(1, EARLY), (2, LATE)] {
        let (i, _) = table.usable(&IndicatorId::new(id)).expect("indicator");
        let values = table.numbers(i);
        let value_of: BTreeMap<String, f64> = codes
            .iter()
            .zip(&values)
            .map(|(c, v)| (format!("epci-{c}"), *v))
            .collect();
        let mut classed = 0;
        for (unit, fill) in &fills[&panel] {
            let v = value_of[unit];
            let want = match expected_classes.class_of(v) {
                Some(c) => {
                    classed += 1;
                    hex(legend.colours[c])
                }
                None => missing.clone(),
            };
            assert_eq!(fill, &want, "carte {panel}, {unit} ({v})");
        }
        assert!(classed > 1000, "carte {panel} : {classed} EPCI classées");
    }
}

#[test]
fn different_indicators_keep_their_classes_and_legends() {
    let (map, _) = panels(Level::Epci, &[LATE, OTHER]);
    assert!(map.common_legend.is_none());
    let legends: Vec<_> = map
        .panels
        .iter()
        .map(|p| p.legend().expect("legend").clone())
        .collect();
    assert_ne!(
        legends[0].classification.breaks,
        legends[1].classification.breaks
    );
    // Each panel as its own single map would class it.
    for (p, id) in map.panels.iter().zip([LATE, OTHER]) {
        let table = IndicatorTable::for_level(dataset(), Level::Epci);
        let s = &panel_settings(Level::Epci, &[id])[0];
        let spec = s.choropleth_spec(None).expect("spec").expect("some");
        let single = ti_atlas::carto::Choropleth::compute(dataset(), &table, &spec).expect("map");
        assert_eq!(
            p.legend().expect("legend").classification,
            single.legend.classification
        );
    }
    let scene = scene_for(Level::Epci);
    let export = PanelsExport::of_map(1600.0, 1200.0, View::France, map, None, DATE);
    let (svg, facts) = panels_page(dataset(), &scene, &export).expect("page");
    let legends_drawn = facts[0]
        .furniture
        .iter()
        .filter(|i| i.what.starts_with("la légende"))
        .count();
    assert_eq!(legends_drawn, 2);
    let ids = ids_of(&svg);
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len());
    // Two legends: each one's swatches.
    let rows: usize = legends
        .iter()
        .map(|l| l.classification.class_count() + usize::from(l.classification.missing > 0))
        .sum();
    assert_eq!(swatches_in(&svg), rows);
    // Both indicators credited, with their vintage, in the sources line the page prints.
    let line = export.sources_line(&scene);
    for l in &legends {
        assert!(!l.sources.is_empty(), "{}", l.title);
        for s in &l.sources {
            assert!(
                line.contains(&s.citation()),
                "{} absent de {line}",
                s.citation()
            );
        }
    }
}

/// A page size, and the least text size on it (frame units).
#[derive(Clone, Copy)]
struct Page {
    name: &'static str,
    w: f64,
    h: f64,
    min_text: f64,
}

const PX: f64 = layout_check::MIN_PAPER_TEXT_PT * layout_check::PX_PER_PT;
const SVG: Page = Page {
    name: "1600×1200",
    w: 1600.0,
    h: 1200.0,
    min_text: PX,
};
const WIDE: Page = Page {
    name: "1920×1080",
    w: 1920.0,
    h: 1080.0,
    min_text: PX,
};
/// The PNG of a 1920×1080 export at 150 dpi is laid out on this drawing.
const PNG_150: Page = Page {
    name: "PNG 1920×1080 à 150 ppp",
    w: 1920.0 * 96.0 / 150.0,
    h: 1080.0 * 96.0 / 150.0,
    min_text: PX,
};
const PORTRAIT: Page = Page {
    name: "portrait 1200×1700",
    w: 1200.0,
    h: 1700.0,
    min_text: PX,
};
const A4: Page = Page {
    name: "PDF A4 paysage",
    w: ti_atlas::carto::paper::A4_LANDSCAPE.0,
    h: ti_atlas::carto::paper::A4_LANDSCAPE.1,
    min_text: layout_check::MIN_PAPER_TEXT_PT,
};
const A3: Page = Page {
    name: "PDF A3 paysage",
    w: ti_atlas::carto::paper::A3_LANDSCAPE.0,
    h: ti_atlas::carto::paper::A3_LANDSCAPE.1,
    min_text: layout_check::MIN_PAPER_TEXT_PT,
};

const PRIVE: [&str; 4] = [
    "evolution_emploi_prive_2011_2017",
    "evolution_emploi_prive_2017_2024",
    "evolution_emploi_prive_2019_2024",
    "evolution_emploi_prive_2022_2024",
];

#[test]
fn the_page_keeps_the_layout_promises() {
    let mut problems = Vec::new();
    let three: &[&str] = &[LATE, OTHER, "population"];
    let cases: Vec<(Level, &[&str], Page)> = vec![
        (Level::Epci, &[EARLY, LATE], SVG),
        (Level::Epci, &[EARLY, LATE], A4),
        (Level::Epci, &[EARLY, LATE], A3),
        (Level::Epci, &[EARLY, LATE], PNG_150),
        (Level::Epci, &[EARLY, LATE], PORTRAIT),
        (Level::Epci, &[LATE, OTHER], SVG),
        (Level::Epci, &[LATE, OTHER], A4),
        (Level::Territoire, &[EARLY, LATE], WIDE),
        (Level::Territoire, &[EARLY, LATE], A4),
        (Level::Territoire, &[EARLY, LATE, OTHER], SVG),
        (Level::Epci, three, SVG),
        (Level::Epci, three, A3),
        (Level::Epci, &PRIVE, SVG),
        (Level::Epci, &PRIVE, A4),
        (Level::Territoire, &PRIVE, A3),
        (
            Level::Epci,
            &[
                LATE,
                OTHER,
                "population",
                EARLY,
                "evolution_emploi_prive_2017_2024",
                "densite",
            ],
            WIDE,
        ),
    ];
    let scene = MapScene::with_layers(
        dataset(),
        &[LayerKind::Regions, LayerKind::Ti2023, LayerKind::Epci],
    );
    for (level, ids, page) in cases {
        let case = format!("{} {}, {}", ids.len(), level.label_fr(), page.name);
        let (map, _) = panels(level, ids);
        let export = PanelsExport::of_map(page.w, page.h, View::France, map, None, DATE);
        let (_, facts) = match panels_page(dataset(), &scene, &export) {
            Ok(page) => page,
            Err(e) => {
                problems.push(format!("{case} : refusé ({e})"));
                continue;
            }
        };
        assert_eq!(facts.len(), ids.len());
        for (k, mut f) in facts.into_iter().enumerate() {
            f.min_text = page.min_text;
            problems.extend(layout_check::check(
                &format!("{case}, carte {}", k + 1),
                &f,
                dataset(),
                &scene,
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_page_too_small_for_its_legends_is_refused() {
    let ids = [
        LATE,
        OTHER,
        "population",
        EARLY,
        "evolution_emploi_prive_2017_2024",
        "densite",
    ];
    let (map, _) = panels(Level::Epci, &ids);
    let export = PanelsExport::of_map(A4.w, A4.h, View::France, map, None, DATE);
    let scene = scene_for(Level::Epci);
    let err = panels_page(dataset(), &scene, &export).expect_err("six legends on A4");
    assert!(err.contains("page trop petite"), "{err}");
}

#[test]
fn png_and_pdf_are_written() {
    let dir = scratch("panels", "formats");
    for (name, magic) in [("p.png", &b"\x89PNG"[..]), ("p.pdf", &b"%PDF"[..])] {
        let out = dir.join(name);
        let run = ti_atlas(&[
            "export",
            "map",
            "--panels",
            &format!("{EARLY},{LATE},{OTHER}"),
            "--out",
            out.to_str().expect("path"),
        ]);
        assert!(run.status.success(), "{name} : {}", stderr(&run));
        let bytes = std::fs::read(&out).expect("written");
        assert!(bytes.len() > 10_000, "{name} : {} octets", bytes.len());
        assert!(bytes.starts_with(magic), "{name}");
    }
}

#[test]
fn what_the_panels_cannot_honour_is_refused_in_french() {
    let dir = scratch("panels", "refused");
    let out = dir.join("x.svg");
    let out = out.to_str().expect("path");
    let cases: [(&[&str], &str); 6] = [
        (&["--panels", EARLY], "de 2 à 6 cartes"),
        (&["--panels", "a1,a2,a3,a4,a5,a6,a7"], "de 2 à 6 cartes"),
        (
            &["--panels", &format!("{EARLY},inconnu_xyz")],
            "inconnu_xyz",
        ),
        (
            &["--panels", &format!("{EARLY},{LATE}"), "--bivariate", "a,b"],
            "--bivariate",
        ),
        (
            &[
                "--panels",
                &format!("{EARLY},{LATE}"),
                "--typology",
                "statut_temps",
            ],
            "--typology",
        ),
        (
            &[
                "--panels",
                &format!("{EARLY},{LATE}"),
                "--symbols",
                "population",
            ],
            "--symbols",
        ),
    ];
    for (args, said) in cases {
        let mut all = vec!["export", "map", "--out", out];
        all.extend_from_slice(args);
        let run = ti_atlas(&all);
        let err = stderr(&run);
        assert_eq!(run.status.code(), Some(2), "{args:?} : {err}");
        assert!(err.contains(said), "{args:?} : {err}");
        assert!(
            !std::path::Path::new(out).exists(),
            "{args:?} : fichier écrit"
        );
    }
}
