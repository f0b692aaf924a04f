//! A join by names reviewed in the window: the rows "à vérifier" of a table of commune names
//! are listed in the import tab with their candidates; the user picks a code for one, the file
//! is read again with that choice (joined, said in the report), and the choice stays with the
//! remembered file.

mod common;
use common::app::wait;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use ti_atlas::app::AtlasApp;
use ti_atlas::app::imports::ImportedFile;
use ti_atlas::app::layout::DockTab;
use ti_atlas::app::settings::Settings;
use ti_atlas::io::import::ImportKind;

fn to_verify(app: &AtlasApp) -> Option<usize> {
    let report = app.probe().import_report()?;
    Some(report.name_join.as_ref()?.to_verify.len())
}

#[test]
fn a_row_to_verify_is_joined_with_the_code_the_user_picks() {
    let mut settings = Settings::default();
    // A tall dock: the review sits under the report in the import tab.
    settings.layout.dock_height = 560.0;
    let mut harness = Harness::builder()
        .with_size([1600.0, 1200.0])
        .build_eframe(move |cc| AtlasApp::with_settings(cc, settings.clone()));
    wait(&mut harness, &|a| a.probe().all_layers_loaded(), "loaded");
    let ctx = harness.ctx.clone();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/names/communes-noms.csv");
    harness.state_mut().driver().start_import(
        ImportedFile {
            path: file.clone(),
            kind: ImportKind::Table,
            sheet: None,
            columns: Vec::new(),
            names: None,
        },
        false,
        &ctx,
    );
    wait(
        &mut harness,
        &|a| !a.probe().importing() && to_verify(a).is_some(),
        "imported",
    );
    let before = to_verify(harness.state()).expect("rows to verify");
    assert!(before > 0);
    harness
        .state_mut()
        .driver()
        .apply(ti_atlas::app::Command::OpenTab(DockTab::Import), &ctx);
    harness.run_steps(4);
    // The first row to verify that has candidates: its list, and the first candidate.
    let (row, code) = {
        let report = harness.state().probe().import_report().expect("report");
        let names = report.name_join.as_ref().expect("a join by names");
        let first = names
            .to_verify
            .iter()
            .find(|r| !r.candidates.is_empty())
            .expect("a row with candidates");
        (first.row, first.candidates[0].clone())
    };
    harness
        .get_by_label(&format!("Code choisi pour la ligne {row}"))
        .click_accesskit();
    harness.run_steps(2);
    let option = match &code.departement {
        Some(d) => format!("{} {} ({d})", code.code, code.name),
        None => format!("{} {}", code.code, code.name),
    };
    harness.get_by_label(&option).click_accesskit();
    harness.run_steps(2);
    let reimport = harness.get_by_label("Réimporter avec ces choix");
    assert!(!reimport.accesskit_node().is_disabled());
    reimport.click_accesskit();
    harness.run_steps(2);
    wait(
        &mut harness,
        &|a| !a.probe().importing() && to_verify(a).is_some_and(|n| n == before - 1),
        "read again with the choice",
    );
    let probe = harness.state().probe();
    let report = probe.import_report().expect("report");
    assert!(
        report.notes.iter().any(|n| n.contains("selon vos choix")),
        "{:?}",
        report.notes
    );
    let remembered = probe
        .settings()
        .imported_files
        .iter()
        .find(|f| f.path == file)
        .expect("remembered");
    let choices = remembered
        .names
        .as_ref()
        .expect("the choice kept with the file");
    assert_eq!(choices.rows, vec![(row, code.code.clone())]);
}
