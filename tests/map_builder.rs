//! One map builder for the app and the command line: for the same settings, the SVG
//! `ti-atlas export map` writes is, byte for byte, the app's export of the same map (France
//! entière, same size and title) — a choropleth, symbols, both with the user's projects, a
//! bivariate map, and a rate given per EPCI drawn through the members at the territories'
//! maille.

mod common;

use std::time::{Duration, Instant};

use common::cli::{scratch, stderr, ti_atlas};
use egui_kittest::Harness;
use ti_atlas::app::AtlasApp;
use ti_atlas::app::imports::ImportedFile;
use ti_atlas::app::settings::Settings;
use ti_atlas::carto::{Basemap, BivariateSettings, MapSettings, SymbolSettings};
use ti_atlas::export::{Format, MapExport, View, map_bytes};
use ti_atlas::format::today_fr;
use ti_atlas::io::import::ImportKind;
use ti_atlas::model::Level;

const TITLE: &str = "Carte d'essai";

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// The app with the projects imported, once the bundle, the other mailles and the file are in.
fn harness() -> Harness<'static, AtlasApp> {
    let settings = Settings {
        imported_files: vec![ImportedFile {
            path: fixture("projets-dge.csv"),
            kind: ImportKind::Projects,
            sheet: None,
            columns: Vec::new(),
            names: None,
        }],
        ..Settings::default()
    };
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| AtlasApp::with_settings(cc, settings.clone()));
    let start = Instant::now();
    while !harness.state().probe().all_layers_loaded()
        || harness.state().probe().importing()
        || harness
            .state()
            .probe()
            .loaded()
            .is_none_or(|l| l.indexes.is_none())
        || harness.state().probe().imports().projects.is_none()
    {
        assert!(harness.state().probe().load_error().is_none());
        assert!(start.elapsed() < Duration::from_secs(180), "never loaded");
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(3);
    harness
}

/// The app's export of its map with these settings, as SVG (France entière, 1600 × 1200).
fn app_svg(harness: &mut Harness<'static, AtlasApp>, settings: &MapSettings, date: &str) -> String {
    harness.state_mut().driver().settings_mut().map = settings.clone();
    harness.run_steps(3);
    let app = harness.state().probe();
    let mut spec = app.map_spec_for_export();
    spec.basemap = Basemap::Offline;
    let export = MapExport::of_map(1600.0, 1200.0, View::France, spec, Some(TITLE), date);
    let loaded = app.loaded().expect("loaded");
    let bytes =
        map_bytes(&loaded.dataset, &loaded.scene, &export, Format::Svg).expect("app's export");
    String::from_utf8(bytes).expect("utf-8")
}

/// What `ti-atlas export map` writes with these flags (and the projects imported).
fn cli_svg(name: &str, flags: &[&str]) -> String {
    let dir = scratch("constructeur", name);
    let out = dir.join("carte.svg");
    let projects = fixture("projets-dge.csv");
    let mut args = vec![
        "export",
        "map",
        "--out",
        out.to_str().expect("path"),
        "--title",
        TITLE,
        "--import",
        projects.to_str().expect("path"),
    ];
    args.extend_from_slice(flags);
    let run = ti_atlas(&args);
    assert!(run.status.success(), "{name}: {}", stderr(&run));
    std::fs::read_to_string(&out).expect("the CLI's SVG")
}

#[test]
fn the_command_line_draws_the_apps_map_for_the_same_settings() {
    let mut harness = harness();
    let share_at = |maille| MapSettings {
        maille,
        indicator: Some("part_emploi_industrie".into()),
        ..MapSettings::default()
    };
    let population = SymbolSettings {
        indicator: Some("population".into()),
        ..SymbolSettings::default()
    };
    let cases: Vec<(&str, MapSettings, Vec<&str>)> = vec![
        (
            "aplats",
            MapSettings {
                indicator: Some("densite".into()),
                ..MapSettings::default()
            },
            vec!["--indicator", "densite"],
        ),
        (
            "symboles",
            MapSettings {
                maille: Level::Epci,
                symbols: population.clone(),
                ..MapSettings::default()
            },
            vec!["--level", "epci", "--symbols", "population"],
        ),
        (
            "aplats-et-symboles",
            MapSettings {
                symbols: population,
                ..share_at(Level::Epci)
            },
            vec![
                "--indicator",
                "part_emploi_industrie",
                "--level",
                "epci",
                "--symbols",
                "population",
            ],
        ),
        (
            "bivariee",
            MapSettings {
                maille: Level::Epci,
                bivariate: BivariateSettings {
                    on: true,
                    ..BivariateSettings::default()
                },
                ..MapSettings::default()
            },
            vec![
                "--level",
                "epci",
                "--bivariate",
                "part_emploi_industrie,evolution_emploi_prive_2017_2024",
            ],
        ),
        (
            "epci-membres",
            share_at(Level::Territoire),
            vec!["--indicator", "part_emploi_industrie"],
        ),
    ];
    for (name, settings, flags) in cases {
        let cli = cli_svg(name, &flags);
        let app = app_svg(&mut harness, &settings, &today_fr());
        assert!(
            app.contains("<circle") || !name.contains("symboles"),
            "{name}: symbols drawn"
        );
        if app != cli {
            let at = app
                .bytes()
                .zip(cli.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(app.len().min(cli.len()));
            let around = |s: &str| {
                let from = s.floor_char_boundary(at.saturating_sub(200));
                let to = s.ceil_char_boundary((at + 200).min(s.len()));
                s[from..to].to_owned()
            };
            panic!(
                "{name}: the app's map and the CLI's differ at byte {at}:\napp: {}\ncli: {}",
                around(&app),
                around(&cli)
            );
        }
    }
}

/// The builder computes again only the pieces whose inputs moved: nothing for the same
/// settings, the choropleth alone for another palette, the symbols alone for another shape,
/// everything when the tables changed.
#[test]
fn the_builder_computes_again_only_what_changed() {
    use ti_atlas::carto::{MapThematics, SymbolShape, map_build::Recomputed};
    use ti_atlas::model::indicators::IndicatorTable;
    use ti_atlas::palette::{Palette, Scheme};
    let ds = common::dataset();
    let table = IndicatorTable::for_level(ds, Level::Epci);
    let mut settings = MapSettings {
        maille: Level::Epci,
        indicator: Some("part_emploi_industrie".into()),
        symbols: SymbolSettings {
            indicator: Some("population".into()),
            ..SymbolSettings::default()
        },
        ..MapSettings::default()
    };
    let mut built = MapThematics::default();
    let all = Recomputed {
        choropleth: true,
        symbols: true,
        bivariate: true,
    };
    assert_eq!(built.update(&settings, 1, ds, &table), all);
    assert!(built.choropleth().is_some() && built.symbols().is_some());
    assert_eq!(
        built.update(&settings, 1, ds, &table),
        Recomputed::default()
    );
    settings.palette = Palette::new(Scheme::from_name("Blues").expect("Blues"));
    let only_choropleth = built.update(&settings, 1, ds, &table);
    assert!(only_choropleth.choropleth && !only_choropleth.symbols);
    settings.symbols.shape = SymbolShape::Square;
    let only_symbols = built.update(&settings, 1, ds, &table);
    assert!(only_symbols.symbols && !only_symbols.choropleth);
    assert_eq!(built.update(&settings, 2, ds, &table), all, "new tables");
}
