//! The layout promises, checked from the composition over a matrix of pages
//! (`ti_atlas::carto::layout_check`): exports in every format and size, with the default, a
//! long and an empty title, a choropleth, symbols, both, a bivariate map, typologies (with
//! symbols over one), over France entière,
//! a région and a territory; and the screen's map at 1280×800 and 1920×1080 with its panels
//! open or not. Every violation names its case; the test lists them all.

mod common;

use std::sync::OnceLock;

use common::{dataset, scene};
use ti_atlas::carto::layout_check::{
    self, Item, LayoutFacts, MIN_PAPER_TEXT_PT, MIN_SCREEN_TEXT, PX_PER_PT, TextItem,
};
use ti_atlas::carto::{
    BivariateMap, Choropleth, MapSettings, MapSpec, SymbolSettings, Symbols, look,
};
use ti_atlas::carto::{Pos, Rect};
use ti_atlas::export::{MapExport, View, map_page};
use ti_atlas::model::indicators::IndicatorTable;
use ti_atlas::model::indicators::bivariate::BivariateSpec;
use ti_atlas::model::{LayerKind, Level};
use ti_atlas::ui::placement::Corner;

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
    /// The Temps status of the territories with their population in circles.
    Typology,
    /// The EPCI's membership of the territories (the longest category names).
    TypologyEpci,
    /// Types named from the cells of the bivariate grid, each rule in the legend's notes.
    TypologyFromClasses,
}

const MODES: [Mode; 7] = [
    Mode::Choropleth,
    Mode::Symbols,
    Mode::Both,
    Mode::Bivariate,
    Mode::Typology,
    Mode::TypologyEpci,
    Mode::TypologyFromClasses,
];

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
                &ti_atlas::carto::bivariate::DEFAULT_X.into(),
                &ti_atlas::carto::bivariate::DEFAULT_Y.into(),
            ),
        )
        .expect("bivariate");
        let biv =
            MapSpec::from_settings(&MapSettings::default(), None).with_bivariate(Some(bivariate));
        let typology = |id: &str| {
            let settings = MapSettings {
                typology: Some(ti_atlas::model::typology::TypologyChoice::new(id)),
                ..MapSettings::default()
            };
            let s = settings.choropleth_spec(None).expect("spec").expect("some");
            let table = IndicatorTable::for_level(dataset(), s.level);
            let map = Choropleth::compute(dataset(), &table, &s).expect("typology");
            MapSpec::from_settings(&settings, Some(map))
        };
        let territory_symbols = Symbols::compute(
            dataset(),
            common::table(),
            &SymbolSettings {
                indicator: Some("population".into()),
                ..SymbolSettings::default()
            },
            &MapSettings::default().natures,
        )
        .expect("symbols");
        let typo = typology("statut_temps").with_symbols(territory_symbols);
        let typo_epci = typology("appartenance_epci");
        let from_classes = {
            use ti_atlas::model::typology::from_classes::{ClassTypes, parse_types};
            let settings = MapSettings {
                maille: Level::Epci,
                typology: Some(ti_atlas::model::typology::TypologyChoice::from_classes(
                    ClassTypes {
                        title: String::new(),
                        level: Level::Epci,
                        x: ti_atlas::carto::bivariate::DEFAULT_X.into(),
                        y: ti_atlas::carto::bivariate::DEFAULT_Y.into(),
                        x_breaks: None,
                        y_breaks: None,
                        types: parse_types("en expansion=3-3,2-3;fragile=1-1,1-2,2-1")
                            .expect("types"),
                    },
                )),
                ..MapSettings::default()
            };
            let s = settings.choropleth_spec(None).expect("spec").expect("some");
            let map = Choropleth::compute(dataset(), epci_table(), &s).expect("types");
            MapSpec::from_settings(&settings, Some(map))
        };
        vec![choro, sym, both, biv, typo, typo_epci, from_classes]
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

#[test]
fn png_and_svg_exports_keep_the_layout_promises() {
    common::assert_no_violation(export_matrix(&FORMATS[..5]));
}

#[test]
fn pdf_exports_keep_the_layout_promises() {
    common::assert_no_violation(export_matrix(&FORMATS[5..]));
}

/// Pages the user changed without moving anything: margins, hidden furniture, a note and a
/// legend's title of their own. What stays automatic keeps every promise.
#[test]
fn the_users_page_options_keep_the_layout_promises() {
    use ti_atlas::carto::page_layout::{PageElement, PageLayout};
    let options: [(&str, PageLayout); 4] = [
        (
            "marges 12 mm",
            PageLayout {
                margin_mm: 12.0,
                ..PageLayout::default()
            },
        ),
        (
            "sans flèche ni échelle",
            PageLayout {
                hidden: [PageElement::Nord, PageElement::Echelle].into(),
                ..PageLayout::default()
            },
        ),
        (
            "sans légende ni titre",
            PageLayout {
                hidden: [PageElement::Legende, PageElement::Titre].into(),
                ..PageLayout::default()
            },
        ),
        (
            "note et titre de légende longs",
            PageLayout {
                note: Some(
                    "Données provisoires transmises par les services de l'État en région, à \
                     confirmer avant toute diffusion publique"
                        .into(),
                ),
                legend_title: Some(
                    "Part de l'emploi salarié privé dans l'industrie manufacturière".into(),
                ),
                ..PageLayout::default()
            },
        ),
    ];
    let mut out = Vec::new();
    for format in [
        &FORMATS[0],
        &FORMATS[2],
        &FORMATS[4],
        &FORMATS[5],
        &FORMATS[6],
    ] {
        for mode in MODES {
            for (name, page) in &options {
                let export = MapExport::of_map(
                    format.width,
                    format.height,
                    View::France,
                    spec(mode),
                    None,
                    DATE,
                )
                .with_page(page);
                let (_, mut facts) = map_page(dataset(), scene(), &export);
                facts.min_text = format.min_text;
                let case = format!("{} / {mode:?} / {name}", format.name);
                out.extend(layout_check::check(&case, &facts, dataset(), scene()));
            }
        }
    }
    common::assert_no_violation(out);
}

#[test]
fn the_selection_stays_visible_over_every_palette() {
    let strokes: Vec<[u8; 3]> = look::SELECTED_OUTLINES.iter().map(|s| s.0).collect();
    common::assert_no_violation(layout_check::selection_contrast_failures(&strokes));
}

fn facts_summary(f: &LayoutFacts) -> String {
    format!("{} textes, {} meubles", f.texts.len(), f.furniture.len())
}

#[test]
fn the_check_sees_what_it_promises_to_see() {
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
    // The basemap's names are placed with the map's (the sea's at least, off the land).
    assert!(
        facts
            .composition
            .labels
            .iter()
            .any(|l| l.label.text == "Mer Méditerranée"),
        "{:?}",
        facts
            .composition
            .labels
            .iter()
            .map(|l| &l.label.text)
            .collect::<Vec<_>>()
    );
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

// ---- The screen ------------------------------------------------------------------------------

/// Heights of the menu bar and of the status bar (points, measured under Xvfb).
const MENU_BAR: f64 = 24.0;
const STATUS_BAR: f64 = 24.0;

/// Which docked panels are open.
#[derive(Clone, Copy, Debug)]
enum Panels {
    None,
    Sheet,
    Dock,
    SheetDock,
    All,
}

/// The map's box in a window of `w` × `h` with `panels` open, from the app's default sizes.
fn map_rect(w: f64, h: f64, panels: Panels) -> Rect {
    use ti_atlas::app::layout::{DEFAULT_DOCK_HEIGHT, DEFAULT_LEFT_WIDTH, DEFAULT_SHEET_WIDTH};
    let (left, sheet, dock) = match panels {
        Panels::None => (false, false, false),
        Panels::Sheet => (false, true, false),
        Panels::Dock => (false, false, true),
        Panels::SheetDock => (false, true, true),
        Panels::All => (true, true, true),
    };
    let x0 = if left {
        f64::from(DEFAULT_LEFT_WIDTH)
    } else {
        0.0
    };
    let x1 = w - if sheet {
        f64::from(DEFAULT_SHEET_WIDTH)
    } else {
        0.0
    };
    let y1 = h
        - STATUS_BAR
        - if dock {
            f64::from(DEFAULT_DOCK_HEIGHT)
        } else {
            0.0
        };
    Rect::from_min_max(Pos::new(x0, MENU_BAR), Pos::new(x1, y1))
}

/// The legend's kept size over a map (as `app::map_overlay::legend_reserve`).
fn legend_reserve(spec: &MapSpec, map: Rect) -> Option<(f64, f64)> {
    use ti_atlas::ui::legend::{is_compact, note_lines, reserved_size};
    let legend = spec.choropleth.as_ref().map(|c| &c.legend);
    if legend.is_none() && spec.symbols.is_none() && spec.bivariate.is_none() {
        return None;
    }
    let compact = is_compact(map.width(), map.height());
    let (rows, notes) = legend.map_or((0, 0), |l| {
        (
            l.colours.len() + usize::from(l.classification.missing > 0),
            note_lines(l),
        )
    });
    let (w, h) = reserved_size(rows, notes, compact, true);
    let h = h
        + if spec.symbols.is_some() { 160.0 } else { 0.0 }
        + if spec.bivariate.is_some() { 320.0 } else { 0.0 };
    Some((w, h.min(map.height() - 20.0)))
}

/// The screen's facts for a map box, a spec and where the view goes: the France fit of the
/// app (insets, buttons, legend) or a box fitted beside the legend.
fn screen_facts(map: Rect, spec: &MapSpec, place: Where, extra: &[Rect]) -> LayoutFacts {
    let reserve = legend_reserve(spec, map);
    screen_facts_with(map, spec, place, extra, reserve)
}

/// As [`screen_facts`] with the legend's kept size given (the presentation's).
fn screen_facts_with(
    map: Rect,
    spec: &MapSpec,
    place: Where,
    extra: &[Rect],
    reserve: Option<(f64, f64)>,
) -> LayoutFacts {
    // The basemap's names, as the app's loader reads them.
    let spec = &MapSpec {
        basemap_names: ti_atlas::export::basemap::names(),
        ..spec.clone()
    };
    use ti_atlas::carto::insets::{MAINLAND_BBOX, left_column, lonlat_rect};
    use ti_atlas::carto::{WorldRect, compose_frames};
    use ti_atlas::ui::placement::{MAP_MARGIN, france_view, zoom_buttons_rect};
    let areas = spec.insets.areas().len();
    let column = (areas > 0).then(|| left_column(map, 0.0, 48.0, areas, spec.scale));
    let (view, focus, corner) = match place {
        Where::France => {
            let mainland = WorldRect::from_lonlat(lonlat_rect(MAINLAND_BBOX));
            let units = ti_atlas::carto::room::subject_boxes(scene(), spec, &mainland);
            let (view, corner) = france_view(map, column, reserve, extra, &units);
            (view, mainland, corner)
        }
        Where::Region | Where::Territory => {
            let View::Fit(b) = view_of(place) else {
                unreachable!()
            };
            let bbox = geo::Rect::new((b[0], b[1]), (b[2], b[3]));
            let focus = WorldRect::from_lonlat(bbox);
            let sub = ti_atlas::app::navigation::fit_frame(map, focus, reserve);
            let units = ti_atlas::carto::room::subject_boxes(scene(), spec, &focus);
            let view = ti_atlas::app::navigation::box_view(map, focus, reserve, &units);
            // The legend goes to the corner of the strip left free.
            let corner = [
                Corner::BottomRight,
                Corner::TopRight,
                Corner::BottomLeft,
                Corner::TopLeft,
            ]
            .into_iter()
            .find(|c| {
                reserve.is_none_or(|size| {
                    !c.place(map, size, MAP_MARGIN).intersects(&sub.expand(-1.0))
                })
            })
            .unwrap_or(Corner::BottomRight);
            (view, focus, corner)
        }
    };
    let mut furniture = vec![Item::new("les boutons de zoom", zoom_buttons_rect(map))];
    if let Some(size) = reserve {
        furniture.push(Item::new("la légende", corner.place(map, size, MAP_MARGIN)));
    }
    for (i, r) in extra.iter().enumerate() {
        furniture.push(Item::new(&format!("le titre {}", i + 1), *r));
    }
    let frames = spec.frames(view, column.unwrap_or(map));
    let boxes: Vec<Rect> = furniture.iter().map(|f| f.rect).collect();
    let comp = compose_frames(scene(), spec, &frames, &boxes);
    let texts = comp
        .insets
        .iter()
        .map(|i| {
            TextItem::at_baseline(
                i.area.name,
                i.rect.min.x + 4.0,
                i.rect.min.y + 2.0 + i.caption_size,
                i.caption_size,
                false,
                0.0,
            )
        })
        .collect();
    LayoutFacts {
        page: map,
        min_text: MIN_SCREEN_TEXT * spec.scale.min(1.0),
        focus,
        furniture,
        texts,
        swatches: Vec::new(),
        every_unit: matches!(place, Where::France) && !comp.insets.is_empty(),
        // walkers shows 512-pixel tiles: tile zoom = map zoom - 1, rounded either way.
        basemap_tile_zoom: Some((comp.view.zoom().floor() as u8).saturating_sub(1)),
        composition: comp,
    }
}

const SCREENS: [(f64, f64); 2] = [(1280.0, 800.0), (1920.0, 1080.0)];
const PANELS: [Panels; 5] = [
    Panels::None,
    Panels::Sheet,
    Panels::Dock,
    Panels::SheetDock,
    Panels::All,
];

#[test]
fn the_screen_keeps_the_layout_promises() {
    let mut out = Vec::new();
    for (w, h) in SCREENS {
        for panels in PANELS {
            let map = map_rect(w, h, panels);
            for mode in MODES {
                for place in [Where::France, Where::Region, Where::Territory] {
                    let case = format!("écran {w}×{h} / {panels:?} / {mode:?} / {place:?}");
                    let facts = screen_facts(map, &spec(mode), place, &[]);
                    out.extend(check_facts(&case, &facts));
                    // And through walkers' other rounding of the tile zoom.
                    let mut rounded = facts;
                    rounded.basemap_tile_zoom =
                        Some((rounded.composition.view.zoom().round() as u8).saturating_sub(1));
                    out.extend(check_facts(&format!("{case} (tuiles arrondies)"), &rounded));
                }
            }
        }
    }
    common::assert_no_violation(out);
}

#[test]
fn the_legend_leaves_most_of_a_small_map_visible() {
    // 1280×800 with the sheet and the dock: the compact legend (with the symbols' legend when
    // there are symbols) takes well under half of the map.
    for panels in [Panels::SheetDock, Panels::All] {
        let map = map_rect(1280.0, 800.0, panels);
        for mode in [Mode::Choropleth, Mode::Both] {
            let (w, h) = legend_reserve(&spec(mode), map).expect("legend");
            let share = w * h / (map.width() * map.height());
            assert!(share < 0.4, "{panels:?} {mode:?}: {share:.2} of the map");
            assert!(h <= map.height() - 20.0, "the legend fits the map's height");
        }
    }
}

#[test]
fn temps_side_by_side_keeps_the_nord_clear_of_the_titles() {
    use ti_atlas::carto::InsetChoice;
    let mut out = Vec::new();
    for (w, h) in SCREENS {
        for panels in [Panels::None, Panels::All] {
            let map = map_rect(w, h, panels);
            let half = Rect::from_min_size(map.min, map.width() / 2.0 - 1.0, map.height());
            let title =
                Rect::from_min_size(Pos::new(half.center().x - 130.0, half.min.y), 260.0, 46.0);
            for kind in [LayerKind::Ti2018, LayerKind::Ti2023] {
                let spec = MapSpec {
                    layers: vec![kind],
                    insets: InsetChoice::Off,
                    ..MapSpec::default()
                };
                let case = format!(
                    "Temps côte à côte {w}×{h} / {panels:?} / {}",
                    kind.label_fr()
                );
                out.extend(check_facts(
                    &case,
                    &screen_facts(half, &spec, Where::France, &[title]),
                ));
            }
        }
    }
    common::assert_no_violation(out);
}

#[test]
fn a_new_classification_keeps_the_france_view() {
    // Jenks then quantiles: same rows, same kept legend size, same view.
    use ti_atlas::model::indicators::classify::MethodChoice;
    let map = map_rect(1280.0, 800.0, Panels::All);
    let base = spec(Mode::Choropleth);
    let settings = MapSettings {
        maille: Level::Epci,
        indicator: Some("part_emploi_industrie".into()),
        method: MethodChoice::Quantiles,
        ..MapSettings::default()
    };
    let s = settings.choropleth_spec(None).expect("spec").expect("some");
    let quantiles = MapSpec::from_settings(
        &settings,
        Some(Choropleth::compute(dataset(), epci_table(), &s).expect("quantiles")),
    );
    assert_ne!(
        quantiles.choropleth.as_ref().map(|c| c.legend.class_rows()),
        base.choropleth.as_ref().map(|c| c.legend.class_rows()),
        "other classes"
    );
    let a = screen_facts(map, &base, Where::France, &[])
        .composition
        .view;
    let b = screen_facts(map, &quantiles, Where::France, &[])
        .composition
        .view;
    assert_eq!(a, b);
}

#[test]
fn the_presentation_keeps_the_layout_promises() {
    use ti_atlas::ui::legend::{note_lines, presentation_reserved_size};
    // The title band above, the keys' line below (points, measured on the golden image).
    const TITLE: f64 = 60.0;
    const FOOT: f64 = 44.0;
    let factor = 19.0 / 11.5;
    let mut out = Vec::new();
    for (w, h) in SCREENS {
        let map = Rect::from_min_max(Pos::new(0.0, TITLE), Pos::new(w, h - FOOT));
        for (contrast, scale) in [("normal", 1.6), ("contraste", 1.8)] {
            for mode in [Mode::Choropleth, Mode::Bivariate] {
                let spec = MapSpec {
                    scale,
                    ..spec(mode)
                };
                let (rows, notes) = spec.choropleth.as_ref().map_or((0, 0), |c| {
                    let l = &c.legend;
                    (
                        l.colours.len() + usize::from(l.classification.missing > 0),
                        note_lines(l),
                    )
                });
                let (rw, rh) =
                    presentation_reserved_size(rows, notes, spec.bivariate.is_some(), factor);
                let reserve = Some((rw, rh.min(map.height() - 20.0)));
                let case = format!("présentation {contrast} {w}×{h} / {mode:?}");
                let facts = screen_facts_with(map, &spec, Where::France, &[], reserve);
                out.extend(check_facts(&case, &facts));
            }
        }
    }
    common::assert_no_violation(out);
}

/// Small multiples keep the layout promises: 2 to 6 maps, on screen with every set of docked
/// panels and in presentation (normal and high contrast) at both sizes. Their one legend has a
/// strip of its own beside the grid (`carto::panels::legend_strip`), so it is over no map; each
/// map shows France under its title. Cases where the maps would be smaller than a readable
/// map are not offered by the app (`carto::panels::fits`) and are left out here too.
#[test]
fn small_multiples_keep_the_layout_promises_on_screen_and_in_presentation() {
    use ti_atlas::carto::InsetChoice;
    use ti_atlas::carto::panels::{fits, grid, legend_strip};
    use ti_atlas::ui::legend::presentation_reserved_size;
    const TITLE: f64 = 60.0;
    const FOOT: f64 = 44.0;
    const PANEL_TITLE: f64 = 40.0;
    let factor = 19.0 / 11.5;
    let mut out = Vec::new();
    let mut checked = 0;
    for (w, h) in SCREENS {
        let presentation = Rect::from_min_max(Pos::new(0.0, TITLE), Pos::new(w, h - FOOT));
        let mut wheres: Vec<(String, Rect, f64)> = PANELS
            .iter()
            .map(|p| (format!("écran {p:?}"), map_rect(w, h, *p), 1.0))
            .collect();
        wheres.push(("présentation".into(), presentation, 1.6));
        wheres.push(("présentation contraste".into(), presentation, 1.8));
        for (where_, map, scale) in wheres {
            let spec = MapSpec {
                scale,
                insets: InsetChoice::Off,
                ..spec(Mode::Choropleth)
            };
            let reserve = if scale > 1.0 {
                let l = &spec.choropleth.as_ref().expect("classes").legend;
                let rows = l.colours.len() + usize::from(l.classification.missing > 0);
                let (rw, rh) = presentation_reserved_size(rows, 1, false, factor);
                Some((rw, rh.min(map.height() - 20.0)))
            } else {
                legend_reserve(&spec, map)
            };
            for n in 2..=6 {
                let (area, strip) = match reserve.and_then(|(rw, _)| legend_strip(map, rw)) {
                    Some((area, strip)) => (area, Some(strip)),
                    None => (map, None),
                };
                let boxes = grid(area, n);
                if !fits(&boxes) {
                    continue;
                }
                for (i, cell) in boxes.iter().enumerate() {
                    let title =
                        Rect::from_min_size(cell.min, 300.0_f64.min(cell.width()), PANEL_TITLE);
                    let last = i + 1 == boxes.len();
                    let case = format!(
                        "petits multiples {where_} {w}×{h} / {n} cartes / carte {}",
                        i + 1
                    );
                    // Without a strip, the legend lies in the last map's corner.
                    let facts = screen_facts_with(
                        *cell,
                        &spec,
                        Where::France,
                        &[title],
                        reserve.filter(|_| last && strip.is_none()),
                    );
                    out.extend(check_facts(&case, &facts));
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 150, "{checked} maps checked");
    common::assert_no_violation(out);
}

/// An A4 portrait map coloured by an indicator: the legend in a band under the map, the map
/// across the page's width, France beside only the overseas insets' column (beside a legend
/// column the map's frame was 440 of the page's 595 pt wide, France narrower still, and a
/// third of the page's height stayed empty).
#[test]
fn an_a4_portrait_map_takes_the_page_width() {
    use ti_atlas::carto::WorldRect;
    use ti_atlas::carto::insets::{MAINLAND_BBOX, lonlat_rect};
    use ti_atlas::carto::paper::A4_PORTRAIT;
    let (w, h) = A4_PORTRAIT;
    let export = MapExport::of_map(w, h, View::France, spec(Mode::Choropleth), None, DATE);
    let (layout, comp) = export.composition(scene());
    let legend = layout.legend.expect("a legend");
    assert!(
        legend.min.y >= layout.frame.max.y - 0.5 && legend.width() > w - 1.0,
        "the legend under the map: {legend:?} {:?}",
        layout.frame
    );
    let france = comp
        .view
        .frame_rect_from_world(&WorldRect::from_lonlat(lonlat_rect(MAINLAND_BBOX)))
        .expect("France on the page");
    assert!(
        france.width() >= 0.75 * w,
        "France takes {:.0} of the page's {w:.0} pt",
        france.width()
    );
    // The landscape page keeps its legend column.
    let (lw, lh) = ti_atlas::carto::paper::A4_LANDSCAPE;
    let landscape = MapExport::of_map(lw, lh, View::France, spec(Mode::Choropleth), None, DATE);
    let (layout, _) = landscape.composition(scene());
    assert!(layout.legend.expect("a legend").min.x > lw / 2.0);
}

/// The bivariate legend's ticks on paper are texts the check reads (so its overlap rule sees
/// them), and no two of them touch, on every page format — the sheet's mini-grid once printed
/// "2,88 10,7417,6944,66".
#[test]
fn the_bivariate_legend_ticks_stand_apart_on_every_page() {
    let mut out = Vec::new();
    for format in &FORMATS {
        let export = MapExport::of_map(
            format.width,
            format.height,
            View::France,
            spec(Mode::Bivariate),
            None,
            DATE,
        );
        let (_, facts) = map_page(dataset(), scene(), &export);
        let legend = facts
            .composition
            .bivariate_legend
            .clone()
            .expect("a bivariate legend");
        for (axis, bounds) in [("x", &legend.x.bounds), ("y", &legend.y.bounds)] {
            assert!(bounds.len() >= 3, "{axis}: {bounds:?}");
            let ticks: Vec<_> = facts
                .texts
                .iter()
                .filter(|t| bounds.contains(&t.text))
                .collect();
            for b in bounds {
                if !ticks.iter().any(|t| &t.text == b) {
                    out.push(format!(
                        "{} : la graduation {b} ({axis}) n'est pas lue",
                        format.name
                    ));
                }
            }
            for (i, a) in ticks.iter().enumerate() {
                for b in ticks.iter().skip(i + 1) {
                    if a.rect.intersects(&b.rect) {
                        out.push(format!(
                            "{} : graduations « {} » et « {} » ({axis}) se touchent",
                            format.name, a.text, b.text
                        ));
                    }
                }
            }
        }
    }
    common::assert_no_violation(out);
}
