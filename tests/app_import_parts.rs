//! The import tab lists what a file holds before it is read: a GeoPackage's layers and a
//! workbook's sheets, read on a thread as soon as the path names one, picked from a list (the
//! layers the atlas cannot import shown but not offered); the import then reads the one picked.

mod common;
use common::app::wait;
use common::cli::{scratch, ti_atlas};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use ti_atlas::app::AtlasApp;
use ti_atlas::app::layout::DockTab;
use ti_atlas::app::settings::Settings;
use ti_atlas::io::file_parts::FileParts;

fn harness() -> Harness<'static, AtlasApp> {
    let mut settings = Settings::default();
    settings.layout.dock_height = 520.0;
    let mut harness = Harness::builder()
        .with_size([1600.0, 1200.0])
        .build_eframe(move |cc| AtlasApp::with_settings(cc, settings.clone()));
    wait(&mut harness, &|a| a.probe().all_layers_loaded(), "loaded");
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .driver()
        .apply(ti_atlas::app::Command::OpenTab(DockTab::Import), &ctx);
    harness.run_steps(3);
    harness
}

/// Types a path in the tab and waits for its parts.
fn parts_of(harness: &mut Harness<'static, AtlasApp>, path: &std::path::Path) -> FileParts {
    harness.state_mut().driver().import_window_mut().path = path.display().to_string();
    for _ in 0..400 {
        harness.run_steps(1);
        if let Some(read) = harness
            .state_mut()
            .driver()
            .import_window_mut()
            .parts
            .clone()
        {
            return read.expect("parts read");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the parts of {} were never listed", path.display());
}

/// A GeoPackage of régions and départements (the second added by SQL, as another tool would).
fn two_layers() -> std::path::PathBuf {
    let dir = scratch("parts", "gpkg");
    let file = dir.join("deux.gpkg");
    let other = dir.join("departements.gpkg");
    for (layer, out) in [("regions", &file), ("departements", &other)] {
        let run = ti_atlas(&[
            "export",
            "layer",
            "--layer",
            layer,
            "--out",
            &out.display().to_string(),
        ]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let conn = rusqlite::Connection::open(&file).expect("sqlite");
    conn.execute_batch(&format!(
        "ATTACH '{}' AS d; CREATE TABLE departements AS SELECT * FROM d.departements; \
         INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) \
         VALUES ('departements', 'features', 'departements', 4326); \
         INSERT INTO gpkg_geometry_columns VALUES ('departements', 'geom', 'MULTIPOLYGON', 4326, 0, 0); \
         CREATE TABLE routes (fid INTEGER PRIMARY KEY, geom BLOB); \
         INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) \
         VALUES ('routes', 'features', 'routes', 4326); \
         INSERT INTO gpkg_geometry_columns VALUES ('routes', 'geom', 'LINESTRING', 4326, 0, 0);",
        other.display()
    ))
    .expect("more layers");
    file
}

#[test]
fn a_geopackages_layer_is_picked_from_its_list_and_imported() {
    let file = two_layers();
    let mut harness = harness();
    let FileParts::Layers(layers) = parts_of(&mut harness, &file) else {
        panic!("a GeoPackage lists layers");
    };
    let names: Vec<(&str, bool)> = layers
        .iter()
        .map(|l| (l.name.as_str(), l.importable))
        .collect();
    assert!(names.contains(&("regions", true)), "{names:?}");
    assert!(names.contains(&("departements", true)), "{names:?}");
    assert!(names.contains(&("routes", false)), "{names:?}");
    harness
        .get_by_label("Couche du GeoPackage")
        .click_accesskit();
    harness.run_steps(2);
    harness
        .get_by_label("departements (polygones)")
        .click_accesskit();
    harness.run_steps(2);
    assert_eq!(
        harness.state_mut().driver().import_window_mut().sheet,
        "departements"
    );
    harness.get_by_label("Importer").click_accesskit();
    wait(
        &mut harness,
        &|a| !a.probe().importing() && a.probe().import_report().is_some(),
        "imported",
    );
    let report = harness.state().probe().import_report().expect("report");
    assert_eq!(report.rows, 101, "{:?}", report.lines_fr());
}

#[test]
fn a_workbooks_sheet_is_picked_from_its_list_and_a_csv_asks_for_none() {
    let mut harness = harness();
    let plan = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/plan-actions.xlsx");
    assert_eq!(
        parts_of(&mut harness, &plan),
        FileParts::Sheets(vec!["lisez-moi".into(), "actions".into()])
    );
    harness
        .get_by_label("Feuille du classeur")
        .click_accesskit();
    harness.run_steps(2);
    harness.get_by_label("actions").click_accesskit();
    harness.run_steps(2);
    harness.get_by_label("Importer").click_accesskit();
    wait(
        &mut harness,
        &|a| !a.probe().importing() && a.probe().import_report().is_some(),
        "imported",
    );
    let report = harness.state().probe().import_report().expect("report");
    assert_eq!(report.sheet.as_deref(), Some("actions"));
    assert!(report.imported > 0, "{:?}", report.lines_fr());

    // A CSV has one table: no sheet to choose, and a name typed before is not sent.
    let csv = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/projets-dge.csv");
    harness.state_mut().driver().import_window_mut().sheet = "Feuil1".into();
    assert_eq!(parts_of(&mut harness, &csv), FileParts::Single);
    harness.run_steps(2);
    assert_eq!(harness.state_mut().driver().import_window_mut().sheet, "");
    assert!(harness.query_by_label("Feuille du classeur").is_none());
}

#[test]
fn a_file_that_cannot_be_listed_is_said_in_french_and_the_field_stays_typed() {
    let mut harness = harness();
    let protected =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/protege.xlsx");
    harness.state_mut().driver().import_window_mut().path = protected.display().to_string();
    let mut error = None;
    for _ in 0..400 {
        harness.run_steps(1);
        if let Some(Err(e)) = harness
            .state_mut()
            .driver()
            .import_window_mut()
            .parts
            .clone()
        {
            error = Some(e);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let error = error.expect("the protected workbook is refused");
    assert!(
        error.contains("protege.xlsx") && error.contains("mot de passe"),
        "{error}"
    );
}
