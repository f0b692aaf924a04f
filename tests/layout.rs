//! The layout promises, checked from the composition over a matrix of pages
//! (`ti_atlas::carto::layout_check`): exports in every format and size, with the default, a
//! long and an empty title, a choropleth, symbols, both, a bivariate map, over France entière,
//! a région and a territory; and the screen's map at 1280×800 and 1920×1080 with its panels
//! open or not. Every violation names its case; the test lists them all.

mod common;

use std::sync::OnceLock;

use common::{dataset, scene};
use ti_atlas::carto::layout_check::{
    self, LayoutFacts, MIN_PAPER_TEXT_PT, MIN_SCREEN_TEXT, PX_PER_PT,
};
use ti_atlas::carto::{
    BivariateMap, Choropleth, MapSettings, MapSpec, SymbolSettings, Symbols, look,
};
use ti_atlas::export::{MapExport, View, map_page};
use ti_atlas::model::indicators::IndicatorTable;
use ti_atlas::model::indicators::bivariate::BivariateSpec;
use ti_atlas::model::{LayerKind, Level};

const DATE: &str = "05/12/2026";
const LONG_TITLE: &str = "Part de l'emploi industriel dans l'emploi total des établissements employeurs \
     et évolution de l'emploi salarié privé entre 2017 et 2024 dans les Territoires d'industrie \
     de la deuxième génération";

/// What the map shows.
#[derive(Clone, Copy, Debug)]
enum Mode {
    Choropleth,
    Symbols,
    Both,
    Bivariate,
}

const MODES: [Mode; 4] = [Mode::Choropleth, Mode::Symbols, Mode::Both, Mode::Bivariate];

fn epci_table() -> &'static IndicatorTable {
    static T: OnceLock<IndicatorTable> = OnceLock::new();
    T.get_or_init(|| IndicatorTable::for_level(dataset(), Level::Epci))
}

/// The map of a mode (computed once each).
fn spec(mode: Mode) -> MapSpec {
    static SPECS: OnceLock<Vec<MapSpec>> = OnceLock::new();
    let specs = SPECS.get_or_init(|| {
        let choropleth = |level: Level, indicator: &str| {
            let settings = MapSettings {
                maille: level,
                indicator: Some(indicator.into()),
                ..MapSettings::default()
            };
            let table = IndicatorTable::for_level(dataset(), level);
            let s = settings.choropleth_spec(None).expect("spec").expect("some");
            (
                settings.clone(),
                Choropleth::compute(dataset(), &table, &s).expect("choropleth"),
            )
        };
        let symbols = || {
            let settings = SymbolSettings {
                indicator: Some("population".into()),
                ..SymbolSettings::default()
            };
            Symbols::compute(
                dataset(),
                epci_table(),
                &settings,
                &MapSettings::default().natures,
            )
            .expect("symbols")
            .expect("some")
        };
        let (settings, share) = choropleth(Level::Epci, "part_emploi_industrie");
        let choro = MapSpec::from_settings(&settings, Some(share.clone()));
        let sym =
            MapSpec::from_settings(&MapSettings::default(), None).with_symbols(Some(symbols()));
        let both = MapSpec::from_settings(&settings, Some(share)).with_symbols(Some(symbols()));
        let bivariate = BivariateMap::compute(
            dataset(),
            epci_table(),
            &BivariateSpec::terciles(
                Level::Epci,
                ti_atlas::carto::bivariate::DEFAULT_X,
                ti_atlas::carto::bivariate::DEFAULT_Y,
            ),
        )
        .expect("bivariate");
        let biv =
            MapSpec::from_settings(&MapSettings::default(), None).with_bivariate(Some(bivariate));
        vec![choro, sym, both, biv]
    });
    specs[MODES
        .iter()
        .position(|m| std::mem::discriminant(m) == std::mem::discriminant(&mode))
        .unwrap_or(0)]
    .clone()
}

/// Where the map looks.
#[derive(Clone, Copy, Debug)]
enum Where {
    France,
    Region,
    Territory,
}

fn view_of(place: Where) -> View {
    let bbox = |kind: LayerKind, code: &str| {
        let layer = scene().layer(kind).expect("layer");
        let i = layer.position(code).expect("code");
        let r = layer.features[i].bbox_world.lonlat();
        View::Fit([r.min().x, r.min().y, r.max().x, r.max().y])
    };
    match place {
        Where::France => View::France,
        // Hauts-de-France: the Nord, where titles used to sit.
        Where::Region => bbox(LayerKind::Regions, "32"),
        Where::Territory => bbox(LayerKind::Ti2023, "ti-8402"),
    }
}

/// A page format: its size and the least text size in its units.
struct Format {
    name: &'static str,
    width: f64,
    height: f64,
    min_text: f64,
}

const PX: f64 = MIN_PAPER_TEXT_PT * PX_PER_PT;
const FORMATS: [Format; 9] = [
    Format {
        name: "PNG 1000×700",
        width: 1000.0,
        height: 700.0,
        min_text: PX,
    },
    Format {
        name: "PNG 1600×1200",
        width: 1600.0,
        height: 1200.0,
        min_text: PX,
    },
    Format {
        name: "PNG 1920×1080",
        width: 1920.0,
        height: 1080.0,
        min_text: PX,
    },
    Format {
        name: "PNG portrait 900×1200",
        width: 900.0,
        height: 1200.0,
        min_text: PX,
    },
    Format {
        name: "SVG 1280×800",
        width: 1280.0,
        height: 800.0,
        min_text: PX,
    },
    Format {
        name: "PDF A4 portrait",
        width: 595.28,
        height: 841.89,
        min_text: MIN_PAPER_TEXT_PT,
    },
    Format {
        name: "PDF A4 paysage",
        width: 841.89,
        height: 595.28,
        min_text: MIN_PAPER_TEXT_PT,
    },
    Format {
        name: "PDF A3 portrait",
        width: 841.89,
        height: 1190.55,
        min_text: MIN_PAPER_TEXT_PT,
    },
    Format {
        name: "PDF A3 paysage",
        width: 1190.55,
        height: 841.89,
        min_text: MIN_PAPER_TEXT_PT,
    },
];

fn check_export(format: &Format, title: Option<&str>, mode: Mode, place: Where) -> Vec<String> {
    let case = format!(
        "{} / titre {} / {mode:?} / {place:?}",
        format.name,
        match title {
            None => "par défaut",
            Some("") => "vide",
            Some(_) => "long",
        }
    );
    let mut export = MapExport::of_map(
        format.width,
        format.height,
        view_of(place),
        spec(mode),
        title,
        DATE,
    );
    if title == Some("") {
        export.title = String::new();
        export.subtitle = None;
    }
    let (_, mut facts) = map_page(dataset(), scene(), &export);
    facts.min_text = format.min_text;
    layout_check::check(&case, &facts, dataset(), scene())
}

/// The export cases of some formats: every title, mode and place.
fn export_matrix(formats: &[Format]) -> Vec<String> {
    let mut out = Vec::new();
    for format in formats {
        for title in [None, Some(LONG_TITLE), Some("")] {
            for mode in MODES {
                for place in [Where::France, Where::Region, Where::Territory] {
                    out.extend(check_export(format, title, mode, place));
                }
            }
        }
    }
    out
}

fn assert_none(violations: Vec<String>) {
    assert!(
        violations.is_empty(),
        "{} violation(s) :\n{}",
        violations.len(),
        violations.join("\n")
    );
}

#[test]
fn png_and_svg_exports_keep_the_layout_promises() {
    assert_none(export_matrix(&FORMATS[..5]));
}

#[test]
fn pdf_exports_keep_the_layout_promises() {
    assert_none(export_matrix(&FORMATS[5..]));
}

#[test]
fn the_selection_stays_visible_over_every_palette() {
    let strokes: Vec<[u8; 3]> = look::SELECTED_OUTLINES.iter().map(|s| s.0).collect();
    assert_none(layout_check::selection_contrast_failures(&strokes));
}

/// Used by the screen cases.
#[allow(dead_code)]
fn screen_min() -> f64 {
    MIN_SCREEN_TEXT
}

#[allow(dead_code)]
fn facts_summary(f: &LayoutFacts) -> String {
    format!("{} textes, {} meubles", f.texts.len(), f.furniture.len())
}

#[test]
fn the_check_sees_what_it_promises_to_see() {
    use ti_atlas::carto::layout_check::Item;
    use ti_atlas::carto::{Pos, Rect};
    let export = MapExport::of_map(
        1600.0,
        1200.0,
        View::France,
        spec(Mode::Choropleth),
        None,
        DATE,
    );
    let (_, facts) = map_page(dataset(), scene(), &export);
    assert!(facts.texts.len() > 10, "{}", facts_summary(&facts));
    assert!(facts.composition.labels.len() > 10);
    assert!(check_facts("tel quel", &facts).is_empty());
    // A box over Lille.
    let lille = facts
        .composition
        .view
        .frame_from_lonlat(geo::Point::new(3.06, 50.63));
    let mut covered = facts.clone();
    covered.furniture.push(Item::new(
        "un cartouche",
        Rect::from_center_size(lille, 60.0, 30.0),
    ));
    let v = check_facts("cartouche sur Lille", &covered);
    assert!(v.iter().any(|m| m.contains("un cartouche couvre")), "{v:?}");
    // A name moved onto another, text too small, a swatch too flat.
    let mut crowded = facts.clone();
    let first = crowded.composition.labels[0].clone();
    crowded.composition.labels.push(first);
    crowded.min_text = 30.0;
    crowded.swatches.push(layout_check::Swatch {
        rect: Rect::from_min_size(Pos::new(0.0, 0.0), 20.0, 5.0),
        text_size: 12.0,
    });
    let v = check_facts("serré", &crowded);
    assert!(v.iter().any(|m| m.contains("se chevauchent")), "{v:?}");
    assert!(v.iter().any(|m| m.contains("au moins 30")), "{v:?}");
    assert!(v.iter().any(|m| m.contains("case de légende")), "{v:?}");
    assert!(v.iter().all(|m| m.starts_with("serré : ")));
}

fn check_facts(case: &str, facts: &LayoutFacts) -> Vec<String> {
    layout_check::check(case, facts, dataset(), scene())
}
