//! The real app under egui_kittest: loads the bundle, draws the map, a click selects a territory
//! and the side panel shows its name and population.

use std::time::{Duration, Instant};

use egui::{Event, Modifiers, PointerButton};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable as _};
use ti_atlas::app::AtlasApp;
use ti_atlas::app::settings::Settings;
use ti_atlas::format::int_fr;
use ti_atlas::model::{Generation, LayerKind};

fn harness() -> Harness<'static, AtlasApp> {
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(|cc| AtlasApp::with_settings(&cc.egui_ctx, Settings::default()));
    let start = Instant::now();
    while !harness.state().all_layers_loaded() {
        assert!(
            harness.state().load_error().is_none(),
            "{:?}",
            harness.state().load_error()
        );
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "bundle never loaded"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(3);
    harness
}

#[test]
fn clicking_a_territory_opens_its_sheet() {
    let mut harness = harness();
    // The window shows the map with its layer panel and the 183 territories.
    harness.get_by_label("Territoires d'industrie 2023-2027");
    harness.get_by_label_contains("183 territoires 2023-2027");

    // Pick Vitré's territory and click at a point inside it.
    let (id, name, population, point) = {
        let app = harness.state();
        let loaded = app.loaded().expect("loaded");
        let ds = &loaded.dataset;
        let t = ds
            .territories(Generation::Temps2)
            .find(|t| t.name.contains("Vitré"))
            .expect("Vitré");
        let index = ds
            .territory_feature_index(Generation::Temps2, &t.id)
            .expect("index");
        let layer = &loaded.layers[&LayerKind::Ti2023];
        let point = layer.label_point(index).expect("label point");
        assert_eq!(
            layer.feature_at(point),
            Some(index),
            "label point lies inside"
        );
        (t.id.clone(), t.name.clone(), t.population, point)
    };
    let pos = harness.state().screen_pos(point).expect("map drawn");
    for pressed in [true, false] {
        harness.event(Event::PointerMoved(pos));
        harness.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    harness.run_steps(2);

    let selected = harness
        .state()
        .selected_territory()
        .expect("a territory is selected");
    assert_eq!(selected.id, id);
    harness.get_by_label(&name);
    harness.get_by_label(&format!("{} hab.", int_fr(population)));
    harness.get_by_label(&id);
    // The sheet lists the indicators with their values or why there is none.
    harness.get_by_label("Indicateurs");
    harness.get_by_label("Part des emplois dans l'industrie");
    let actions = harness
        .query_all(By::new().label_contains("non disponible — importer un plan d'actions"))
        .count();
    assert_eq!(actions, 5, "total and four axes, until a plan is imported");

    // Closing the sheet clears the selection.
    harness.get_by_label("Fermer").click();
    harness.run_steps(2);
    assert!(harness.state().selection().is_none());
}

#[test]
fn select_at_uses_the_topmost_visible_layer() {
    let mut harness = harness();
    let lyon = walkers::lon_lat(4.835, 45.76);
    let hit = harness.state_mut().select_at(lyon);
    assert!(matches!(hit, Some((LayerKind::Ti2023, _))) || hit.is_none());
    // With only the départements visible, the same point selects the Rhône.
    {
        let s = harness.state_mut().settings_mut();
        s.show_ti2023 = false;
        s.show_departements = true;
    }
    let hit = harness.state_mut().select_at(lyon).expect("a département");
    assert_eq!(hit.0, LayerKind::Departements);
    let dep = &harness
        .state()
        .loaded()
        .expect("loaded")
        .dataset
        .tables
        .departements[hit.1];
    assert_eq!(dep.code, "69");
    harness.run_steps(2);
    harness.get_by_label("Rhône");
}

#[test]
fn choosing_an_indicator_colours_the_map_and_shows_the_legend() {
    let mut harness = harness();
    let before =
        harness.state().loaded().expect("loaded").layers[&LayerKind::Ti2023].tessellation_count();
    {
        let s = harness.state_mut().settings_mut();
        s.indicator = Some("densite".into());
        s.method = "jenks".into();
        s.classes = 6;
    }
    harness.run_steps(3);
    let legend = harness.state().legend().expect("a legend");
    assert_eq!(legend.classification.class_count(), 6);
    assert_eq!(legend.classification.counts.iter().sum::<usize>(), 183);
    harness.get_by_label("Légende");
    harness.get_by_label("Densité de population");
    // Six legend rows with bounds in French notation and their counts.
    let rows: Vec<String> = (0..6)
        .map(|i| {
            let c = &legend.classification;
            format!(
                "{} – {} ({})",
                ti_atlas::format::decimal_fr(c.breaks[i], 1),
                ti_atlas::format::decimal_fr(c.breaks[i + 1], 1),
                c.counts[i]
            )
        })
        .collect();
    for row in &rows {
        harness.get_by_label(row);
    }
    let layer = &harness.state().loaded().expect("loaded").layers[&LayerKind::Ti2023];
    assert_eq!(
        layer.tessellation_count(),
        before,
        "recolouring does not re-tessellate"
    );
    let distinct: std::collections::BTreeSet<[u8; 4]> =
        layer.fill_colors().iter().map(|c| c.to_array()).collect();
    assert_eq!(distinct.len(), 6, "one colour per class");

    // A share that is exact for 36 territories only: the others are "non disponible".
    harness.state_mut().settings_mut().indicator = Some("part_emploi_industrie".into());
    harness.run_steps(3);
    let legend = harness.state().legend().expect("a legend");
    assert_eq!(legend.classification.missing, 183 - 36);
    harness.get_by_label(&format!("non disponible ({})", 183 - 36));
}
