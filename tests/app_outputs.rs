//! The app's outputs under egui_kittest: the files it remembers are inputs no export may replace
//! (a missing one included: it stays remembered, marked absent, with one grouped notice), and an
//! existing file of another type is never replaced — the refusal is said in French in the window
//! and the file is untouched byte for byte.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use ti_atlas::app::AtlasApp;
use ti_atlas::app::imports::ImportedFile;
use ti_atlas::app::settings::Settings;
use ti_atlas::io::import::ImportKind;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "ti-atlas-sorties-app-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

/// The app with `settings`, once the bundle and the remembered files are loaded.
fn harness(settings: Settings) -> Harness<'static, AtlasApp> {
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| AtlasApp::with_settings(cc, settings.clone()));
    let start = Instant::now();
    while !harness.state().probe().all_layers_loaded() || harness.state().probe().importing() {
        assert!(harness.state().probe().load_error().is_none());
        assert!(start.elapsed() < Duration::from_secs(120), "never loaded");
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(3);
    harness
}

fn menu(harness: &mut Harness<'static, AtlasApp>, menu: &str, entry: &str) {
    harness.get_by_label(menu).click();
    harness.run_steps(2);
    harness.get_by_label(entry).click();
    harness.run_steps(3);
}

fn remembered(path: &Path, kind: ImportKind) -> ImportedFile {
    ImportedFile {
        path: path.to_path_buf(),
        kind,
        sheet: None,
        columns: Vec::new(),
        names: None,
    }
}

#[test]
fn remembered_files_are_never_replaced_and_a_missing_one_stays_until_removed() {
    let dir = scratch("memorises");
    let table = dir.join("plan.csv");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/plan-actions-cp1252.csv"),
        &table,
    )
    .expect("copy");
    let before = std::fs::read(&table).expect("read");
    let absent = dir.join("cle-usb/absent.json");
    let settings = Settings {
        imported_files: vec![
            remembered(&table, ImportKind::Plan),
            remembered(&absent, ImportKind::Table),
        ],
        ..Settings::default()
    };
    let mut harness = harness(settings);

    // One notice for the missing file; it stays remembered and is shown as absent.
    let notices: Vec<&String> = harness
        .state()
        .probe()
        .notices()
        .iter()
        .filter(|n| n.contains("introuvable"))
        .collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("absent.json"), "{}", notices[0]);
    let paths: Vec<PathBuf> = harness
        .state()
        .probe()
        .settings()
        .imported_files
        .iter()
        .map(|f| f.path.clone())
        .collect();
    assert!(
        paths.len() == 2 && paths.contains(&table) && paths.contains(&absent),
        "{paths:?}"
    );
    menu(&mut harness, "Fichier", "Importer…");
    harness.get_by_label_contains("absent.json (absent");

    // The views exported over the remembered files: refused, nothing written.
    menu(&mut harness, "Affichage", "Vues…");
    harness.state_mut().driver().views_window_mut().new_name = "France".into();
    harness.run_steps(1);
    harness.get_by_label("Ajouter la vue actuelle").click();
    harness.run_steps(2);
    for target in [&absent, &table.with_extension("json")] {
        if target.extension().is_some_and(|e| e == "json") && target != &absent {
            // A JSON hard link of the remembered CSV: the same file under another name.
            std::fs::hard_link(&table, target).expect("hard link");
        }
        harness.state_mut().driver().views_window_mut().path = target.display().to_string();
        harness.run_steps(1);
        harness
            .get_by_role_and_label(Role::Button, "Exporter")
            .click();
        harness.run_steps(2);
        let message = harness
            .state_mut()
            .driver()
            .views_window_mut()
            .message
            .clone();
        match message {
            Some(Err(e)) => assert!(e.contains("est aussi un fichier lu"), "{e}"),
            other => panic!("{}: not refused: {other:?}", target.display()),
        }
    }
    assert!(!absent.exists());
    assert_eq!(std::fs::read(&table).expect("read"), before);

    // A map export over an existing PDF named .png: refused, the PDF kept.
    let pdf = dir.join("carte.png");
    std::fs::write(&pdf, b"%PDF-1.7 une carte").expect("write");
    menu(&mut harness, "Fichier", "Exporter la carte…");
    harness.state_mut().driver().export_window_mut().path = pdf.display().to_string();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::Button, "Exporter")
        .click();
    let start = Instant::now();
    harness.run_steps(2);
    while harness.state().probe().exporting() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "export never ended"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(2);
    let outcome = harness.state().probe().export_outcome().cloned();
    match outcome {
        Some(Err(e)) => assert!(e.contains("existe déjà et contient un PDF"), "{e}"),
        other => panic!("not refused: {other:?}"),
    }
    assert_eq!(
        std::fs::read(&pdf).expect("read"),
        b"%PDF-1.7 une carte".to_vec()
    );

    // "Retirer" on the absent file forgets it alone.
    menu(&mut harness, "Fichier", "Importer…");
    // The tab scrolls in the bottom dock: to the last row, then click.
    harness
        .get_all_by_label("Retirer")
        .last()
        .expect("the absent file's button")
        .scroll_to_me();
    harness.run_steps(3);
    harness
        .get_all_by_label("Retirer")
        .last()
        .expect("the absent file's button")
        .click();
    harness.run_steps(2);
    let paths: Vec<PathBuf> = harness
        .state()
        .probe()
        .settings()
        .imported_files
        .iter()
        .map(|f| f.path.clone())
        .collect();
    assert_eq!(paths, std::slice::from_ref(&table));
    assert!(
        harness
            .query_by_label_contains("absent.json (absent")
            .is_none()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
