//! The Mise en page window, driven like a user: the page drawn by the export's code, the
//! title dragged where the user wants it (and the page drawn again with it there), a text, a
//! callout and an arrow added from the window and drawn on the live map too (one composition),
//! a change undone with Ctrl+Z, the map's north arrow hidden.

mod common;
use common::app::{drag, wait};

use egui::{Event, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ti_atlas::app::settings::Settings;
use ti_atlas::app::{AtlasApp, Command};
use ti_atlas::carto::Pos;
use ti_atlas::carto::annotations::AnnotationKind;
use ti_atlas::carto::page_layout::PageElement;

fn apply(harness: &mut Harness<'static, AtlasApp>, command: Command) {
    let ctx = harness.ctx.clone();
    harness.state_mut().driver().apply(command, &ctx);
    harness.run_steps(2);
}

/// Waits until the page shown is drawn from the current settings.
fn page_drawn(harness: &mut Harness<'static, AtlasApp>, what: &str) {
    harness.run_steps(2);
    wait(
        harness,
        &|a| !a.probe().page().drawing() && !a.probe().page().furniture().is_empty(),
        what,
    );
}

#[test]
fn the_page_is_laid_out_and_annotated_in_its_window() {
    // SAFETY: set before the app and its threads start; this test binary has one test.
    let dir = std::env::temp_dir().join(format!("ti-atlas-app-page-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    unsafe { std::env::set_var("TI_ATLAS_CONFIG", &dir) };
    let mut settings = Settings::default();
    settings.map.indicator = Some("densite".into());
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| AtlasApp::with_settings(cc, settings.clone()));
    wait(
        &mut harness,
        &|a| a.probe().all_layers_loaded(),
        "every layer loaded",
    );
    apply(&mut harness, Command::OpenPage);
    assert!(harness.state().probe().page().open);
    page_drawn(&mut harness, "the page drawn");
    let furniture = harness.state().probe().page().furniture();
    let (_, title, user) = *furniture
        .iter()
        .find(|(e, ..)| *e == PageElement::Titre)
        .expect("the title is on the page");
    assert!(!user, "the automatic layout's");

    // Drag the title 200 points to the right on screen.
    let page = harness.state().probe().page();
    let from = page.screen_pos(title.center()).expect("shown");
    drag(&mut harness, from, from + egui::vec2(200.0, 0.0));
    let moved = harness
        .state()
        .probe()
        .settings()
        .map
        .page
        .moved
        .get(&PageElement::Titre)
        .copied()
        .expect("the title is the user's now");
    page_drawn(&mut harness, "the page drawn again");
    let (_, now, user) = *harness
        .state()
        .probe()
        .page()
        .furniture()
        .iter()
        .find(|(e, ..)| *e == PageElement::Titre)
        .expect("still there");
    assert!(user);
    assert!(now.min.x > title.min.x + 50.0, "{title:?} → {now:?}");
    assert!(moved.x > 0.05);

    // Add a text, a callout and an arrow from the window.
    for button in ["Texte", "Bulle", "Flèche"] {
        harness.get_by_label(button).click();
        harness.run_steps(2);
    }
    let annotations = harness.state().probe().settings().map.annotations.clone();
    assert_eq!(annotations.len(), 3);
    assert!(matches!(annotations[1].kind, AnnotationKind::Bulle { .. }));
    // One composition: the live map draws them too, each where its places say.
    harness.run_steps(3);
    let live = harness
        .state()
        .probe()
        .map_output()
        .composition
        .as_ref()
        .map(|c| c.annotations.len());
    assert_eq!(live, Some(3), "the map on screen draws the annotations");
    page_drawn(&mut harness, "the page with its annotations");
    assert_eq!(harness.state().probe().page().drawn_annotations().len(), 3);

    // Ctrl+Z takes the arrow back; the text field keeps nothing of it.
    harness.event(Event::Key {
        key: egui::Key::Z,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND,
    });
    harness.run_steps(3);
    assert_eq!(
        harness.state().probe().settings().map.annotations.len(),
        2,
        "undone"
    );

    // Hide the north arrow: it leaves the page.
    harness.get_by_label("Flèche du nord").click();
    harness.run_steps(2);
    assert!(
        !harness
            .state()
            .probe()
            .settings()
            .map
            .page
            .shows(PageElement::Nord)
    );
    page_drawn(&mut harness, "the page without its arrow");
    assert!(
        harness
            .state()
            .probe()
            .page()
            .furniture()
            .iter()
            .all(|(e, ..)| *e != PageElement::Nord)
    );
    // The automatic page keeps its promises; a legend dropped over the insets is said.
    assert!(
        harness.state().probe().page().warnings().is_empty(),
        "{:?}",
        harness.state().probe().page().warnings()
    );
    let (_, legend, _) = *harness
        .state()
        .probe()
        .page()
        .furniture()
        .iter()
        .find(|(e, ..)| *e == PageElement::Legende)
        .expect("the legend");
    let page = harness.state().probe().page();
    let from = page.screen_pos(legend.center()).expect("shown");
    let to = page
        .screen_pos(Pos::new(legend.width() / 2.0 + 5.0, legend.center().y))
        .expect("shown");
    drag(&mut harness, from, to);
    page_drawn(&mut harness, "the page with the legend on the insets");
    let warnings = harness.state().probe().page().warnings().to_vec();
    assert!(
        warnings.iter().any(|w| w.contains("encart")),
        "{warnings:?}"
    );
    // The page's furniture lies inside the window's page.
    let page = harness.state().probe().page();
    let origin = page.screen_pos(Pos::new(0.0, 0.0)).expect("shown");
    assert!(origin.x > 300.0, "the page is right of the settings");
}
