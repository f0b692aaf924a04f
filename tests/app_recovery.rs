//! Autosave and recovery after a crash, in the window: a run writes a recovery copy of its
//! unsaved map and dies; the next start asks « Récupérer le projet non enregistré ? » and
//! Récupérer brings the map back; a damaged copy is said in French and kept aside; a clean
//! exit leaves no copy behind.

mod common;
use common::app::wait;
use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use ti_atlas::app::AtlasApp;
use ti_atlas::app::settings::Settings;
use ti_atlas::model::IndicatorId;

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ti-atlas-app-recup-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// The window with its autosave started as `ti-atlas` starts it (the recovery copies in
/// `copies`).
fn start(copies: &Path) -> Harness<'static, AtlasApp> {
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(|cc| AtlasApp::with_settings(cc, Settings::default()));
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .driver()
        .start_autosave(copies.to_path_buf(), &ctx);
    wait(
        &mut harness,
        &|a| a.probe().loaded().is_some() && a.probe().recovery_copy().is_some(),
        "loaded, its recovery copy claimed",
    );
    harness
}

/// The names in the recovery folder (lock files left out).
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("recovery folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

#[test]
fn a_map_left_unsaved_by_a_crash_is_recovered_at_the_next_start() {
    let dir = scratch();
    let config = dir.join("config");
    // SAFETY: set before the app and any of its threads start; this test binary has one test.
    unsafe { std::env::set_var("TI_ATLAS_CONFIG", &config) };
    let copies = config.join("recuperation");

    // A first run changes the map; its autosave writes the copy; then it dies.
    let mut first = start(&copies);
    {
        let driver = first.state_mut().driver();
        let settings = driver.settings_mut();
        settings.map.indicator = Some(IndicatorId::from("densite"));
        settings.map.classes = 7;
    }
    first.run_steps(2);
    first.state_mut().driver().autosave_now();
    let copy = first
        .state()
        .probe()
        .recovery_copy()
        .expect("claimed")
        .to_path_buf();
    wait(&mut first, &|_| copy.is_file(), "the recovery copy written");
    assert!(
        !first
            .state()
            .probe()
            .notices()
            .iter()
            .any(|n| n.contains("automatique")),
        "{:?}",
        first.state().probe().notices()
    );
    // The crash: the window goes without its exit (the copy stays, its lock is freed).
    drop(first);
    assert!(copy.is_file(), "a crash leaves the copy");
    // And a damaged copy of another run that died.
    let damaged = copies.join("recuperation-999999999.tiatlas");
    std::fs::write(&damaged, b"PK\x03\x04 pas un projet").expect("damaged copy");

    // The next start asks.
    let mut second = start(&copies);
    wait(
        &mut second,
        &|a| a.probe().recovery_offered() == 1,
        "the recovery offered",
    );
    let _ = second.get_by_label("Récupérer le projet non enregistré\u{a0}?");
    let notices = second.state().probe().notices().to_vec();
    assert!(
        notices
            .iter()
            .any(|n| n.starts_with("Copie de récupération illisible")
                && n.contains("recuperation-999999999.tiatlas")
                && n.contains("gardée de côté")),
        "{notices:?}"
    );
    assert!(!damaged.exists());
    assert!(
        names(&copies)
            .iter()
            .any(|n| n.starts_with("recuperation-illisible-")),
        "{:?}",
        names(&copies)
    );
    assert_ne!(second.state().probe().settings().map.classes, 7);
    second.get_by_label("Récupérer").click();
    wait(
        &mut second,
        &|a| !a.probe().project_busy() && a.probe().settings().map.classes == 7,
        "the map recovered",
    );
    let probe = second.state().probe();
    assert_eq!(probe.recovery_offered(), 0);
    assert_eq!(
        probe
            .settings()
            .map
            .indicator
            .as_ref()
            .map(IndicatorId::as_str),
        Some("densite")
    );
    assert_eq!(probe.settings().current_project, None, "a map, no project");
    assert!(probe.project_modified(), "recovered work is unsaved");
    assert!(
        probe.notices().iter().any(|n| n.contains("récupérées")),
        "{:?}",
        probe.notices()
    );
    // The copy read is kept aside, never deleted.
    assert!(!copy.exists());
    assert!(
        names(&copies)
            .iter()
            .any(|n| n.starts_with("recuperation-recuperee-")),
        "{:?}",
        names(&copies)
    );

    // The recovered work is copied by this run in turn, and a clean exit removes its copy.
    second.state_mut().driver().autosave_now();
    let own = second
        .state()
        .probe()
        .recovery_copy()
        .expect("claimed")
        .to_path_buf();
    wait(&mut second, &|_| own.is_file(), "this run's copy written");
    eframe::App::on_exit(second.state_mut());
    assert!(!own.exists(), "a clean exit leaves no copy");
    let left = names(&copies);
    assert!(
        left.iter().all(|n| !n
            .trim_start_matches("recuperation-")
            .starts_with(|c: char| c.is_ascii_digit())),
        "{left:?}"
    );
    drop(second);
    let _ = std::fs::remove_dir_all(&dir);
}
