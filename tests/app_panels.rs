//! Small multiples in the window: two periods of one indicator at the EPCI maille drawn side
//! by side on one view with common classes and one legend; a click in either map selects the
//! unit under it; back to one map on demand; a refusal is said, not drawn.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use ti_atlas::app::AtlasApp;
use ti_atlas::app::settings::Settings;
use ti_atlas::model::{IndicatorId, LayerKind, Level};

fn wait(harness: &mut Harness<'static, AtlasApp>, done: &dyn Fn(&AtlasApp) -> bool, what: &str) {
    let start = Instant::now();
    while !done(harness.state()) {
        assert!(start.elapsed() < Duration::from_secs(120), "never {what}");
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(4);
}

#[test]
fn two_periods_are_drawn_side_by_side_with_common_classes() {
    let mut settings = Settings::default();
    settings.map.maille = Level::Epci;
    settings.map.show_epci = true;
    settings.map.indicator = Some(IndicatorId::from("evolution_emploi_2011_2016"));
    settings.map.panels = vec![
        IndicatorId::from("evolution_emploi_2011_2016"),
        IndicatorId::from("evolution_emploi_2016_2022"),
    ];
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| AtlasApp::with_settings(&cc.egui_ctx, settings.clone()));
    wait(
        &mut harness,
        &|a| a.probe().all_layers_loaded() && a.probe().panels().is_some(),
        "panels built",
    );
    let probe = harness.state().probe();
    let panels = probe.panels().expect("panels");
    assert_eq!(panels.panels.len(), 2);
    assert!(panels.common_legend.is_some(), "one series: one legend");
    // The same breaks in both maps (the common classes).
    let breaks: Vec<Vec<f64>> = panels
        .panels
        .iter()
        .map(|p| p.legend().expect("a legend").classification.breaks.clone())
        .collect();
    assert_eq!(breaks[0], breaks[1]);
    // A click in the middle of the right map (the view's box: France fitted in it) selects
    // the EPCI under it.
    let right = probe.map_rect().expect("the map's box").center();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerMoved(right));
        harness.event(egui::Event::PointerButton {
            pos: right,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        harness.step();
    }
    harness.run_steps(4);
    let selected = harness.state().probe().selection().cloned();
    assert!(
        selected
            .as_ref()
            .is_some_and(|u| u.layer == LayerKind::Epci),
        "{selected:?}"
    );
    // An indicator of the other maille is refused, said by name, and nothing is drawn.
    harness
        .state_mut()
        .driver()
        .settings_mut()
        .map
        .panels
        .push(IndicatorId::from("indicateur_inconnu"));
    harness.run_steps(4);
    assert!(harness.state().probe().panels().is_none());
    let error = harness
        .state()
        .probe()
        .panels_error()
        .unwrap_or_default()
        .to_owned();
    assert!(error.contains("indicateur_inconnu"), "{error}");
    // Back to one map.
    harness
        .state_mut()
        .driver()
        .settings_mut()
        .map
        .panels
        .clear();
    harness.run_steps(4);
    assert!(harness.state().probe().panels().is_none());
    assert!(harness.state().probe().panels_error().is_none());
}
