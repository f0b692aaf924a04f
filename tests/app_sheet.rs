//! The selected unit's sheet is kept until its inputs change: frames, map moves and map
//! settings that do not feed it leave it as built; another unit, an imported file or another
//! grid for its "Dynamiques" block build it again.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use ti_atlas::app::AtlasApp;
use ti_atlas::app::imports::ImportedFile;
use ti_atlas::app::settings::Settings;
use ti_atlas::io::import::ImportKind;
use ti_atlas::model::{LayerKind, Level, UnitRef};

/// Steps until `done`, at most two minutes.
fn wait(harness: &mut Harness<'static, AtlasApp>, done: fn(&AtlasApp) -> bool, what: &str) {
    let start = Instant::now();
    while !done(harness.state()) {
        assert!(harness.state().probe().load_error().is_none());
        assert!(start.elapsed() < Duration::from_secs(120), "never {what}");
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(3);
}

#[test]
fn the_sheet_is_built_again_only_when_its_inputs_change() {
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(|cc| AtlasApp::with_settings(cc, Settings::default()));
    wait(
        &mut harness,
        |a| {
            a.probe().all_layers_loaded() && a.probe().loaded().is_some_and(|l| l.indexes.is_some())
        },
        "loaded",
    );
    assert_eq!(
        harness.state().probe().sheet_builds(),
        0,
        "nothing selected"
    );

    let vitre = UnitRef::new(LayerKind::Ti2023, "ti-5305");
    harness.state_mut().driver().set_selection(Some(vitre));
    harness.run_steps(3);
    let built = harness.state().probe().sheet_builds();
    assert_eq!(built, 1, "the selection builds the sheet once");

    // Frames, and map settings the sheet does not read, leave it as built.
    harness.run_steps(10);
    harness.state_mut().driver().settings_mut().map.indicator = Some("densite".into());
    harness.run_steps(5);
    harness.state_mut().driver().settings_mut().map.maille = Level::Epci;
    harness.run_steps(5);
    assert_eq!(
        harness.state().probe().sheet_builds(),
        built,
        "kept over frames"
    );

    // The bivariate EPCI map gives the "Dynamiques" block its grid: built again.
    harness.state_mut().driver().settings_mut().map.bivariate.on = true;
    harness.run_steps(5);
    let after_grid = harness.state().probe().sheet_builds();
    assert_eq!(after_grid, built + 1, "another grid");
    harness.run_steps(5);
    assert_eq!(harness.state().probe().sheet_builds(), after_grid);

    // An imported plan feeds the sheet: built again once it is read.
    let plan = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/plan-actions-cp1252.csv");
    let ctx = harness.ctx.clone();
    harness.state_mut().driver().start_import(
        ImportedFile {
            path: plan,
            kind: ImportKind::Plan,
            sheet: None,
            columns: Vec::new(),
            names: None,
        },
        false,
        &ctx,
    );
    wait(&mut harness, |a| !a.probe().importing(), "imported");
    assert!(
        harness.state().probe().imports().plan.is_some(),
        "plan imported"
    );
    let after_import = harness.state().probe().sheet_builds();
    assert_eq!(after_import, after_grid + 1, "built again with the plan");

    // Another unit: built again.
    harness
        .state_mut()
        .driver()
        .set_selection(Some(UnitRef::new(LayerKind::Ti2023, "ti-5302")));
    harness.run_steps(3);
    assert_eq!(harness.state().probe().sheet_builds(), after_import + 1);
    harness.run_steps(5);
    assert_eq!(harness.state().probe().sheet_builds(), after_import + 1);
}
