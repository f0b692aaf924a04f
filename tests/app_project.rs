//! The project file in the window: saved with the map, the views and the imported plan; opened
//! again after the plan's file is gone, it brings back the same map and the same actions; a
//! damaged project changes nothing. Undo and redo walk the map's settings back and forth.

mod common;
use common::app::wait;
use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use ti_atlas::app::imports::ImportedFile;
use ti_atlas::app::settings::Settings;
use ti_atlas::app::{AtlasApp, Command};
use ti_atlas::io::import::ImportKind;
use ti_atlas::model::IndicatorId;
use ti_atlas::model::views::bookmarks::Bookmark;

fn apply(harness: &mut Harness<'static, AtlasApp>, command: Command) {
    let ctx = harness.ctx.clone();
    harness.state_mut().driver().apply(command, &ctx);
    harness.run_steps(2);
}

fn actions(app: &AtlasApp) -> usize {
    app.probe()
        .imports()
        .plan
        .as_ref()
        .map_or(0, |p| p.actions.len())
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ti-atlas-app-projet-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

#[test]
fn a_project_saved_in_the_window_opens_again_without_its_files() {
    let dir = scratch();
    // The projects' files are kept beside the settings: a private configuration folder.
    // SAFETY: set before the app and any of its threads start; this test binary has one test.
    unsafe { std::env::set_var("TI_ATLAS_CONFIG", dir.join("config")) };
    let plan = dir.join("plan.csv");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/plan-actions-cp1252.csv"),
        &plan,
    )
    .expect("plan copied");

    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(|cc| AtlasApp::with_settings(cc, Settings::default()));
    wait(&mut harness, &|a| a.probe().loaded().is_some(), "loaded");
    let ctx = harness.ctx.clone();
    harness.state_mut().driver().start_import(
        ImportedFile {
            path: plan.clone(),
            kind: ImportKind::Plan,
            sheet: None,
            columns: Vec::new(),
            names: None,
        },
        false,
        &ctx,
    );
    wait(&mut harness, &|a| actions(a) > 0, "plan imported");
    let imported_actions = actions(harness.state());

    // The map as the user left it: an indicator, 7 classes, a view.
    {
        let driver = harness.state_mut().driver();
        let settings = driver.settings_mut();
        settings.map.indicator = Some(IndicatorId::from("densite"));
        settings.map.show_ti2023 = true;
        settings.map.classes = 7;
        let view: Bookmark = serde_json::from_value(serde_json::json!({
            "name": "Vitré", "centre": [-1.2, 48.1], "zoom": 9.5, "territory": "ti-5305",
            "maille": "Territoire", "indicator": "densite", "method": "q6", "classes": 6,
            "layers": ["Ti2023"]
        }))
        .expect("a view");
        settings.bookmarks.push(view);
    }
    harness.run_steps(3);
    let map = harness.state().probe().settings().map.clone();

    let project = dir.join("briefing.tiatlas");
    harness.state_mut().driver().settings_mut().current_project = Some(project.clone());
    apply(&mut harness, Command::SaveProject);
    wait(&mut harness, &|a| !a.probe().project_busy(), "saved");
    assert!(project.is_file(), "{:?}", harness.state().probe().notices());
    assert!(
        harness
            .state()
            .probe()
            .notices()
            .iter()
            .any(|n| n.starts_with("Projet enregistré")),
        "{:?}",
        harness.state().probe().notices()
    );
    assert_eq!(
        harness.state().probe().settings().recent_projects,
        vec![project.clone()]
    );

    // The plan's file gone and the map changed: opening the project brings both back.
    std::fs::remove_file(&plan).expect("plan removed");
    {
        let driver = harness.state_mut().driver();
        let settings = driver.settings_mut();
        settings.map.classes = 4;
        settings.bookmarks.clear();
    }
    harness.run_steps(2);
    apply(&mut harness, Command::OpenProject(project.clone()));
    wait(
        &mut harness,
        &|a| !a.probe().project_busy() && !a.probe().importing() && actions(a) > 0,
        "project opened",
    );
    let probe = harness.state().probe();
    assert_eq!(probe.settings().map, map, "the map as saved");
    assert_eq!(probe.settings().bookmarks.len(), 1);
    assert_eq!(actions(harness.state()), imported_actions, "every action");
    let files = &probe.settings().imported_files;
    assert_eq!(files.len(), 1);
    assert!(
        files[0].path.starts_with(dir.join("config")),
        "kept beside the settings: {:?}",
        files[0].path
    );
    assert!(!probe.can_undo(), "an opened project starts a new history");

    // A damaged project is refused whole: nothing of the map changes.
    let damaged = dir.join("abime.tiatlas");
    let bytes = std::fs::read(&project).expect("project");
    std::fs::write(&damaged, &bytes[..bytes.len() / 2]).expect("damaged");
    apply(&mut harness, Command::OpenProject(damaged));
    wait(&mut harness, &|a| !a.probe().project_busy(), "refused");
    let probe = harness.state().probe();
    assert_eq!(probe.settings().map, map);
    assert_eq!(actions(harness.state()), imported_actions);
    assert!(
        probe
            .notices()
            .iter()
            .any(|n| n.contains("abime.tiatlas") && n.contains("rien n'a été chargé")),
        "{:?}",
        probe.notices()
    );

    // Undo and redo: a change of the classes, then back and forth.
    let mut changed = map.clone();
    changed.classes = 5;
    apply(&mut harness, Command::SetMap(Box::new(changed.clone())));
    assert_eq!(harness.state().probe().settings().map.classes, 5);
    apply(&mut harness, Command::Undo);
    assert_eq!(harness.state().probe().settings().map, map, "undone");
    assert!(harness.state().probe().can_redo());
    apply(&mut harness, Command::Redo);
    assert_eq!(harness.state().probe().settings().map.classes, 5, "redone");
    let _ = std::fs::remove_dir_all(&dir);
}
