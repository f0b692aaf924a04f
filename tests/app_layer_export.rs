//! A layer for a GIS exported from the window: the map's maille (EPCI) with the map's
//! indicator, in Lambert-93, as a GeoPackage with its QGIS style beside it; read back by the
//! atlas's own GeoPackage reader with every EPCI.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use ti_atlas::app::settings::Settings;
use ti_atlas::app::{AtlasApp, Command};
use ti_atlas::model::{IndicatorId, Level};
use ti_atlas::ui::export_window::{ExportWhat, LayerCrsChoice, LayerFormatChoice};

#[test]
fn the_map_s_maille_exports_as_a_geopackage_with_its_style() {
    let mut settings = Settings::default();
    settings.map.maille = Level::Epci;
    settings.map.show_epci = true;
    settings.map.indicator = Some(IndicatorId::from("part_emploi_industrie"));
    let mut harness = loaded(settings);
    let dir = std::env::temp_dir().join(format!("ti-atlas-app-couche-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let out = dir.join("epci.gpkg");
    {
        let driver = harness.state_mut().driver();
        let window = driver.export_window_mut();
        window.what = ExportWhat::Layer;
        window.layer_format = LayerFormatChoice::GeoPackage;
        window.layer_crs = LayerCrsChoice::Lambert93;
        window.path = out.display().to_string();
    }
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .driver()
        .apply(Command::StartExport, &ctx);
    let outcome = exported(&mut harness);
    assert!(outcome.is_ok(), "{outcome:?}");
    let qml = std::fs::read_to_string(dir.join("epci.qml")).expect("the QGIS style beside it");
    assert!(qml.contains("part_emploi_industrie_classe"), "{qml}");
    assert!(dir.join("epci.sld").is_file(), "the SLD beside it");
    // Read back as a user's layer: every EPCI, in Lambert-93.
    let (dataset, _) = ti_atlas::io::bundle::load_embedded().expect("bundle");
    let locator = ti_atlas::model::imports::projects::TerritoryLocator::build(&dataset);
    let (_, report) = ti_atlas::io::import::import_file(
        &out,
        None,
        ti_atlas::io::import::ImportKind::Layer,
        &dataset,
        &locator,
    )
    .expect("the GeoPackage reads back");
    assert_eq!(report.imported, dataset.tables.epci.len(), "{report:?}");
    assert!(
        report
            .crs
            .as_deref()
            .is_some_and(|c| c.contains("2154") || c.contains("Lambert")),
        "{:?}",
        report.crs
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Waits until the export written from the window has an outcome.
fn exported(harness: &mut Harness<'static, AtlasApp>) -> Result<std::path::PathBuf, String> {
    let start = Instant::now();
    while harness.state().probe().exporting() || harness.state().probe().export_outcome().is_none()
    {
        assert!(start.elapsed() < Duration::from_secs(120), "never exported");
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness
        .state()
        .probe()
        .export_outcome()
        .cloned()
        .expect("an outcome")
}

fn loaded(settings: Settings) -> Harness<'static, AtlasApp> {
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| AtlasApp::with_settings(cc, settings.clone()));
    let start = Instant::now();
    while !(harness.state().probe().all_layers_loaded()
        && harness.state().probe().legend().is_some())
    {
        assert!(start.elapsed() < Duration::from_secs(120), "never loaded");
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness
}

#[test]
fn a_typology_the_territorys_communes_and_an_overseas_system_export_from_the_window() {
    use ti_atlas::model::UnitRef;
    let mut settings = Settings::default();
    settings.map.typology = Some(ti_atlas::model::typology::TypologyChoice::new(
        "statut_temps",
    ));
    let mut harness = loaded(settings);
    let dir = std::env::temp_dir().join(format!("ti-atlas-app-couche2-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let (dataset, _) = ti_atlas::io::bundle::load_embedded().expect("bundle");
    let ctx = harness.ctx.clone();
    let export = |harness: &mut Harness<'static, AtlasApp>,
                  name: &str,
                  set: &dyn Fn(&mut ti_atlas::ui::export_window::ExportWindowState)|
     -> Result<std::path::PathBuf, String> {
        {
            let driver = harness.state_mut().driver();
            let window = driver.export_window_mut();
            window.what = ExportWhat::Layer;
            window.layer_format = LayerFormatChoice::GeoPackage;
            window.layer_crs = LayerCrsChoice::Wgs84;
            window.layer_communes = false;
            window.layer_only_territory = false;
            set(window);
            window.path = dir.join(name).display().to_string();
        }
        harness
            .state_mut()
            .driver()
            .apply(Command::StartExport, &ctx);
        exported(harness)
    };
    let read = |name: &str| ti_atlas::io::vector::read_vector(&dir.join(name)).expect("reads back");

    // The typology on the map: each territory's category, and the style by category.
    export(&mut harness, "statut.gpkg", &|_| {}).expect("typology layer");
    let layer = read("statut.gpkg");
    assert_eq!(layer.features.len(), 183);
    let count = |category: &str| {
        (0..layer.features.len())
            .filter(|&i| layer.attribute(i, "typologie") == Some(category))
            .count()
    };
    assert_eq!(count("nouveau en 2023"), 29);
    assert_eq!(count("déjà labellisé en 2018-2022"), 154);
    let qml = std::fs::read_to_string(dir.join("statut.qml")).expect("qml");
    assert!(qml.contains("typologie_classe"), "{qml}");

    // The selected territory's communes.
    harness
        .state_mut()
        .driver()
        .set_selection(Some(UnitRef::territory(
            &ti_atlas::model::TerritoryId::new("ti-8402"),
        )));
    harness.run_steps(2);
    export(&mut harness, "communes.gpkg", &|w| {
        w.layer_communes = true;
        w.layer_only_territory = true;
    })
    .expect("communes layer");
    let communes = read("communes.gpkg");
    let t = dataset
        .territory(
            ti_atlas::model::Generation::Temps2,
            &ti_atlas::model::TerritoryId::new("ti-8402"),
        )
        .expect("ti-8402");
    assert_eq!(communes.features.len(), t.communes.len());

    // La Réunion's system writes its territories only; the Antilles' none of the selected one.
    export(&mut harness, "reunion.gpkg", &|w| {
        w.layer_crs = LayerCrsChoice::Reunion
    })
    .expect("Réunion");
    let reunion = read("reunion.gpkg");
    assert!(
        reunion.source_crs.contains("UTM 40S"),
        "{}",
        reunion.source_crs
    );
    assert!(
        (1..=3).contains(&reunion.features.len()),
        "{}",
        reunion.features.len()
    );
    let refused = export(&mut harness, "antilles.gpkg", &|w| {
        w.layer_crs = LayerCrsChoice::Antilles;
        w.layer_only_territory = true;
    })
    .expect_err("nothing of ti-8402 in the Antilles");
    assert!(refused.contains("rien n'a été écrit"), "{refused}");
    assert!(!dir.join("antilles.gpkg").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
