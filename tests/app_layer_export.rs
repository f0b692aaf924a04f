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
    let start = Instant::now();
    while harness.state().probe().exporting() || harness.state().probe().export_outcome().is_none()
    {
        assert!(start.elapsed() < Duration::from_secs(120), "never exported");
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    let outcome = harness.state().probe().export_outcome().cloned();
    assert!(matches!(outcome, Some(Ok(_))), "{outcome:?}");
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
