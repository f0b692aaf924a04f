//! Small multiples in the window: two periods of one indicator at the EPCI maille drawn side
//! by side on one view with common classes and one legend; a click in either map selects the
//! unit under it; back to one map on demand; a refusal is said, not drawn.

mod common;
use common::app::wait;

use egui_kittest::Harness;
use ti_atlas::app::AtlasApp;
use ti_atlas::app::settings::Settings;
use ti_atlas::model::{IndicatorId, LayerKind, Level};

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
        .build_eframe(move |cc| AtlasApp::with_settings(cc, settings.clone()));
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
    // A click on Lyon in the second map (every map shows the same view: the second is the
    // first moved by the distance between their boxes) selects the EPCI there.
    let lyon = probe
        .screen_pos(walkers::lon_lat(4.85, 45.76))
        .expect("Lyon on the first map");
    let cells = probe.panel_cells();
    assert_eq!(cells.len(), 2);
    let right = lyon + (cells[1].min - cells[0].min);
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
    // Exported from the window: the same two maps on the page.
    let out = std::env::temp_dir().join(format!(
        "ti-atlas-petits-multiples-{}.svg",
        std::process::id()
    ));
    {
        let driver = harness.state_mut().driver();
        let window = driver.export_window_mut();
        window.what = ti_atlas::ui::export_window::ExportWhat::Map;
        window.format = ti_atlas::ui::export_window::MapFormat::Svg;
        window.path = out.display().to_string();
    }
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .driver()
        .apply(ti_atlas::app::Command::StartExport, &ctx);
    wait(
        &mut harness,
        &|a| !a.probe().exporting() && a.probe().export_outcome().is_some(),
        "exported",
    );
    assert!(
        matches!(harness.state().probe().export_outcome(), Some(Ok(_))),
        "{:?}",
        harness.state().probe().export_outcome()
    );
    let svg = std::fs::read_to_string(&out).expect("svg written");
    assert!(
        svg.contains("id=\"p1-epci-") && svg.contains("id=\"p2-epci-"),
        "two maps of EPCI"
    );
    assert!(svg.contains("classes communes aux 2 cartes"), "one legend");
    let _ = std::fs::remove_file(&out);
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

/// Small multiples in the presentation mode: the maps between the bands, their one legend
/// (classes common to both maps) in large type, and the bands titled after it. On screen no
/// overseas insets in a small map (too narrow for their names: the layers panel says so).
#[test]
fn small_multiples_show_their_one_legend_in_presentation() {
    use egui_kittest::kittest::Queryable as _;
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
        .build_eframe(move |cc| AtlasApp::with_settings(cc, settings.clone()));
    wait(
        &mut harness,
        &|a| a.probe().all_layers_loaded() && a.probe().panels().is_some(),
        "panels built",
    );
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .driver()
        .apply(ti_atlas::app::Command::Home, &ctx);
    harness.run_steps(6);
    let insets = |h: &Harness<'static, AtlasApp>| {
        h.state()
            .probe()
            .map_output()
            .composition
            .as_ref()
            .map_or(0, |c| c.insets.len())
    };
    assert_eq!(insets(&harness), 0, "no insets in a small map on screen");
    let common = harness
        .state()
        .probe()
        .panels()
        .and_then(|p| p.common_legend.clone())
        .expect("one legend");
    harness
        .state_mut()
        .driver()
        .set_presenting(true, None, &ctx);
    harness
        .state_mut()
        .driver()
        .apply(ti_atlas::app::Command::Home, &ctx);
    harness.hover_at(egui::pos2(5.0, 5.0));
    harness.run_steps(8);
    assert_eq!(harness.state().probe().presenting(), Some(None));
    assert!(harness.state().probe().panels().is_some(), "still two maps");
    assert_eq!(insets(&harness), 0, "nor in presentation");
    // The one legend, with its common classes, in the presentation's legend; the title band
    // names it.
    assert!(
        harness
            .query_all_by_label_contains("classes communes aux 2 cartes")
            .next()
            .is_some(),
        "the common legend in presentation"
    );
    assert!(
        harness.query_all_by_label(&common.title).next().is_some(),
        "the band titled after the legend: {}",
        common.title
    );
    // The reasons and sources the short legend leaves out are in the footer.
    assert!(
        harness
            .query_all_by_label_contains("Non disponible : ")
            .next()
            .is_some(),
        "why values are missing, in the footer"
    );
}

/// The small multiples' one legend has a strip of its own beside the maps: on screen with
/// four maps and in presentation, its box is over none of them; with maps too small to read
/// (six maps and every panel docked at 1280 × 800) the app asks for room instead of drawing them.
#[test]
fn the_legend_of_small_multiples_stands_beside_the_maps() {
    let mut settings = Settings::default();
    settings.map.maille = Level::Epci;
    settings.map.show_epci = true;
    settings.map.indicator = Some(IndicatorId::from("evolution_emploi_2011_2016"));
    settings.map.panels = [
        "evolution_emploi_2011_2016",
        "evolution_emploi_2016_2022",
        "evolution_emploi_2011_2022",
        "part_emploi_industrie",
    ]
    .map(IndicatorId::from)
    .to_vec();
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| AtlasApp::with_settings(cc, settings.clone()));
    wait(
        &mut harness,
        &|a| a.probe().all_layers_loaded() && a.probe().panels().is_some(),
        "panels built",
    );
    let ctx = harness.ctx.clone();
    let apart = |harness: &mut Harness<'static, AtlasApp>, what: &str| {
        harness
            .state_mut()
            .driver()
            .apply(ti_atlas::app::Command::Home, &ctx);
        harness.hover_at(egui::pos2(5.0, 5.0));
        harness.run_steps(10);
        let probe = harness.state().probe();
        let legend = probe.legend_rect().expect("a legend");
        let last = probe.map_rect().expect("the last map's box");
        // The strip is on the right of the grid: the last map ends before the legend begins.
        assert!(
            legend.min.x >= last.max.x,
            "{what}: legend {legend:?} over the maps (last map {last:?})"
        );
    };
    apart(&mut harness, "écran, 4 cartes");
    harness
        .state_mut()
        .driver()
        .set_presenting(true, None, &ctx);
    apart(&mut harness, "présentation, 4 cartes");
    harness
        .state_mut()
        .driver()
        .set_presenting(false, None, &ctx);
    harness.run_steps(4);
    // Six maps beside the layers panel, the sheet and the dock: too small, said so.
    {
        let driver = harness.state_mut().driver();
        let settings = driver.settings_mut();
        settings
            .map
            .panels
            .push(IndicatorId::from("part_emploi_construction"));
        settings
            .map
            .panels
            .push(IndicatorId::from("part_emploi_agriculture"));
        settings.layout.left_open = true;
        settings
            .layout
            .set_open(ti_atlas::app::layout::DockTab::Table, true);
    }
    harness
        .state_mut()
        .driver()
        .set_selection(Some(ti_atlas::model::UnitRef::new(
            ti_atlas::model::LayerKind::Ti2023,
            "ti-5305",
        )));
    harness.run_steps(12);
    use egui_kittest::kittest::Queryable as _;
    assert!(
        harness
            .query_all_by_label_contains("cartes ne tiennent pas ici")
            .next()
            .is_some(),
        "six maps in too small a box ask for room"
    );
}
