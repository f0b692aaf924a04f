//! The real app under egui_kittest, driven as a user drives it (clicks, keys, typing): it loads
//! the bundle, draws the map, a click selects a territory, the Couches window colours the map,
//! the search, the table, the imports, the exports, the views and Temps I / Temps II.

mod common;
use common::app::drag;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui::{Event, Modifiers, PointerButton};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT as _, Queryable as _};
use ti_atlas::app::AtlasApp;
use ti_atlas::app::layout::DockTab;
use ti_atlas::app::settings::Settings;
use ti_atlas::app::testing::Probe;
use ti_atlas::carto::LayerId;
use ti_atlas::format::int_fr;
use ti_atlas::model::IndicatorId;
use ti_atlas::model::TerritoryId;
use ti_atlas::model::{Generation, LayerKind, Level, UnitRef};

fn harness() -> Harness<'static, AtlasApp> {
    harness_from(Harness::builder())
}

/// The app loaded in a harness made by `builder` at 1280×800.
fn harness_from(builder: egui_kittest::HarnessBuilder<AtlasApp>) -> Harness<'static, AtlasApp> {
    let mut harness = builder
        .with_size([1280.0, 800.0])
        .build_eframe(|cc| AtlasApp::with_settings(cc, Settings::default()));
    let start = Instant::now();
    while !harness.state().probe().all_layers_loaded() {
        assert!(
            harness.state().probe().load_error().is_none(),
            "{:?}",
            harness.state().probe().load_error()
        );
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "bundle never loaded"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(3);
    settle_meshes(&mut harness);
    harness
}

/// Steps until no level of detail of the map is being built (they are built in the background
/// when first drawn).
fn settle_meshes(harness: &mut Harness<'static, AtlasApp>) {
    let start = Instant::now();
    while harness
        .state()
        .probe()
        .loaded()
        .is_some_and(|l| l.meshes.building())
    {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "levels of detail never built"
        );
        std::thread::sleep(Duration::from_millis(10));
        harness.step();
    }
    harness.run_steps(2);
}

/// Chooses `option` in the combo box currently showing `current`.
fn pick(harness: &mut Harness<'static, AtlasApp>, current: &str, option: &str) {
    harness
        .get(By::new().role(Role::ComboBox).value(current))
        .click();
    harness.run_steps(2);
    // Long lists scroll: the option is chosen as a screen reader chooses it (wherever the
    // list is scrolled).
    harness.get_by_label(option).click_accesskit();
    harness.run_steps(3);
    // The list may stay open after a screen reader's choice: close it as a user would.
    if harness
        .query_all(By::new().role(Role::Button).label(option))
        .next()
        .is_some()
    {
        harness
            .get(By::new().role(Role::ComboBox).value(option))
            .click();
        harness.run_steps(2);
    }
}

/// Opens a menu and clicks one of its entries.
fn menu(harness: &mut Harness<'static, AtlasApp>, menu: &str, entry: &str) {
    harness.get_by_label(menu).click();
    harness.run_steps(2);
    harness.get_by_label(entry).click();
    harness.run_steps(3);
}

/// Closes every window that has a close button (the import, attribute… windows).
fn close_windows(harness: &mut Harness<'static, AtlasApp>) {
    for _ in 0..10 {
        let Some(button) = harness.query_all_by_label("Close window").next() else {
            return;
        };
        button.click();
        harness.run_steps(2);
    }
}

/// Closes a tab of the bottom dock with its × button.
fn close_tab(harness: &mut Harness<'static, AtlasApp>, tab: DockTab) {
    harness
        .get_by_label(&format!("Fermer l'onglet {}", tab.label_fr()))
        .click();
    harness.run_steps(2);
}

/// Types in the search field and takes the result at `downs` presses of ↓ (Entrée).
fn search(harness: &mut Harness<'static, AtlasApp>, text: &str, downs: usize) {
    // The search field is the first text field (in the menu bar).
    let field = harness
        .get_all_by_role(Role::TextInput)
        .next()
        .expect("the search field");
    field.focus();
    field.type_text(text);
    harness.run_steps(2);
    for _ in 0..downs {
        harness.key_press(egui::Key::ArrowDown);
        harness.run_steps(1);
    }
    harness.key_press(egui::Key::Enter);
    harness.run_steps(3);
}

/// The fill colours the map drew last frame for a layer's features.
fn drawn_fills(harness: &Harness<'static, AtlasApp>, kind: LayerKind) -> BTreeSet<[u8; 4]> {
    let comp = harness
        .state()
        .probe()
        .map_output()
        .composition
        .clone()
        .expect("a map was drawn");
    comp.layer(LayerId::Bundle(kind))
        .map(|l| {
            l.features
                .iter()
                .map(|f| {
                    f.fill.map_or([0, 0, 0, 0], |c| {
                        [
                            c.rgb[0],
                            c.rgb[1],
                            c.rgb[2],
                            (c.alpha * 255.0).round() as u8,
                        ]
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

fn tessellations(harness: &mut Harness<'static, AtlasApp>, kind: LayerKind) -> usize {
    settle_meshes(harness);
    harness
        .state()
        .probe()
        .loaded()
        .expect("loaded")
        .meshes
        .bundle[&kind]
        .tessellation_count()
}

/// Clicks the map at a lon/lat point.
fn click_map(harness: &mut Harness<'static, AtlasApp>, point: geo::Point<f64>) {
    let pos = harness
        .state()
        .probe()
        .screen_pos(point)
        .expect("map drawn");
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
}

#[test]
fn clicking_a_territory_opens_its_sheet() {
    let mut harness = harness();
    // The window shows the map with its layer panel and the 183 territories.
    harness.get_by_label("Territoires d'industrie 2023-2027");
    harness.get_by_label_contains("183 territoires 2023-2027");

    // Vitré's territory: click at its label point (inside it, by construction).
    let (id, name, population, point) = {
        let app = harness.state().probe();
        let loaded = app.loaded().expect("loaded");
        let t = loaded
            .dataset
            .territories(Generation::Temps2)
            .find(|t| t.name.contains("Vitré"))
            .expect("Vitré");
        let layer = loaded.scene.layer(LayerKind::Ti2023).expect("scene");
        let f = &layer.features[layer.position(t.id.as_str()).expect("index")];
        let point = ti_atlas::carto::lonlat_from_world(f.label_world.expect("label point"));
        (t.id.clone(), t.name.clone(), t.population, point)
    };
    click_map(&mut harness, point);
    let selected = harness
        .state()
        .probe()
        .selected_territory()
        .expect("a territory is selected");
    assert_eq!(selected.id, id);
    harness.get_by_label(&name);
    harness.get_by_label(&format!("{}\u{a0}hab.", int_fr(population)));
    // The id with its generation.
    harness.get_by_label(&format!("{id} (2023-2027)"));
    // The map outlines it on top of everything.
    let comp = harness
        .state()
        .probe()
        .map_output()
        .composition
        .clone()
        .expect("drawn");
    assert!(
        comp.emphasis
            .iter()
            .any(|e| e.id == LayerId::Bundle(LayerKind::Ti2023) && e.stroke.width > 3.0)
    );
    // The sheet lists the indicators with their values or why there is none.
    harness.get_by_label("Indicateurs");
    harness.get_by_label("Part des emplois dans l'industrie");
    let actions = harness
        .query_all(By::new().label_contains("non disponible — importer un plan d'actions"))
        .count();
    assert_eq!(
        actions, 6,
        "the plan section, the total and the four axes, until a plan is imported"
    );

    // Closing the sheet clears the selection.
    harness.get_by_label("Fermer").click();
    harness.run_steps(2);
    assert!(harness.state().probe().selection().is_none());
}

#[test]
fn a_click_picks_the_topmost_visible_layer() {
    let mut harness = harness();
    // A point of Fougères – Vitré (its label point), in Ille-et-Vilaine.
    let point = {
        let loaded = harness.state().probe().loaded().expect("loaded");
        let layer = loaded.scene.layer(LayerKind::Ti2023).expect("scene");
        let f = &layer.features[layer.position("ti-5305").expect("Vitré")];
        ti_atlas::carto::lonlat_from_world(f.label_world.expect("label point"))
    };
    let hit = harness
        .state_mut()
        .driver()
        .select_at(point)
        .expect("a territory");
    assert_eq!(hit, UnitRef::new(LayerKind::Ti2023, "ti-5305"));
    // Only the départements visible (Couches window): the same point selects the département.
    harness
        .get_by_role_and_label(Role::CheckBox, "Territoires d'industrie 2023-2027")
        .click();
    harness
        .get_by_role_and_label(Role::CheckBox, "Départements")
        .click();
    harness.run_steps(3);
    assert!(
        harness.state().probe().selection().is_none(),
        "hiding its layer dropped the selection"
    );
    let hit = harness
        .state_mut()
        .driver()
        .select_at(point)
        .expect("a département");
    assert_eq!(hit, UnitRef::new(LayerKind::Departements, "35"));
    harness.run_steps(2);
    harness.get_by_label("Ille-et-Vilaine");
    // A point at sea selects nothing.
    assert_eq!(
        harness
            .state_mut()
            .driver()
            .select_at(walkers::lon_lat(-8.0, 46.0)),
        None
    );
}

#[test]
fn choosing_an_indicator_colours_the_map_and_shows_the_legend() {
    let mut harness = harness();
    let before = tessellations(&mut harness, LayerKind::Ti2023);
    // Through the "Couches" window, as a user: the indicator, then the method.
    pick(&mut harness, "Aucun indicateur", "Densité de population");
    pick(
        &mut harness,
        "Seuils naturels (Jenks)",
        ti_atlas::model::indicators::classify::Q6_LABEL,
    );
    assert_eq!(
        harness
            .state()
            .probe()
            .settings()
            .map
            .indicator
            .as_ref()
            .map(IndicatorId::as_str),
        Some("densite")
    );
    assert_eq!(
        harness.state().probe().settings().map.method,
        ti_atlas::model::indicators::classify::MethodChoice::Q6
    );

    let legend = harness.state().probe().legend().expect("a legend").clone();
    assert_eq!(legend.classification.class_count(), 6);
    assert_eq!(legend.classification.counts.iter().sum::<usize>(), 183);
    assert_eq!(legend.classification.missing, 0);
    harness.get_by_label("Légende");
    // Six legend rows with bounds in French notation and their counts.
    let rows = ti_atlas::ui::legend::class_rows(&legend);
    assert_eq!(rows.len(), 6);
    for row in &rows {
        harness.get_by_label(row);
    }
    // Q6 puts 5 % of the territories in each extreme class.
    assert_eq!(legend.classification.counts.first(), Some(&10));
    assert_eq!(
        tessellations(&mut harness, LayerKind::Ti2023),
        before,
        "recolouring does not re-tessellate"
    );
    // The map draws the legend's colours (the France view shows the mainland territories).
    let drawn = drawn_fills(&harness, LayerKind::Ti2023);
    let legend_colours: BTreeSet<[u8; 4]> = legend
        .colours
        .iter()
        .map(|c| [c[0], c[1], c[2], 255])
        .collect();
    assert_eq!(
        drawn, legend_colours,
        "one colour per class, those of the legend"
    );

    // A share given per EPCI, exact for 36 territories only: the map fills each territory
    // with its member EPCI's and EPT's exact values (613 members with a value, the 3 EPT of
    // ti-1101, ti-1104 and ti-1105 among them, 16 overseas members without), the EPCI layer
    // itself staying hidden.
    pick(
        &mut harness,
        "Densité de population",
        "Part des emplois dans l'industrie",
    );
    let legend = harness.state().probe().legend().expect("a legend").clone();
    assert_eq!(legend.maille_fr(), "EPCI membres des territoires");
    assert_eq!(legend.classification.counts.iter().sum::<usize>(), 613);
    assert_eq!(legend.classification.missing, 16);
    harness.get_by_label("non disponible (16)");
    assert!(!harness.state().probe().settings().map.show_epci);
    let mut allowed: BTreeSet<[u8; 4]> = legend
        .colours
        .iter()
        .map(|c| [c[0], c[1], c[2], 255])
        .collect();
    let m = legend.missing_colour;
    allowed.insert([m[0], m[1], m[2], 255]);
    let member_fills = drawn_fills(&harness, LayerKind::Epci);
    assert!(member_fills.len() >= 6, "{member_fills:?}");
    assert!(member_fills.is_subset(&allowed), "{member_fills:?}");

    // The EPCI map of the same share: 1,232 mainland EPCI and the 11 EPT classed, 23 overseas
    // without value, territory outlines kept on top without their fill.
    harness
        .get_by_role_and_label(Role::RadioButton, "EPCI")
        .click();
    harness.run_steps(3);
    let legend = harness.state().probe().legend().expect("a legend");
    assert_eq!(legend.classification.counts.iter().sum::<usize>(), 1_243);
    assert_eq!(legend.classification.missing, 23);
    assert!(
        harness.state().probe().settings().map.show_epci,
        "the EPCI layer is shown"
    );
    assert_eq!(
        drawn_fills(&harness, LayerKind::Ti2023),
        BTreeSet::from([[0, 0, 0, 0]]),
        "territories drawn as outlines only"
    );
    let epci_fills = drawn_fills(&harness, LayerKind::Epci);
    assert_eq!(
        epci_fills.len(),
        6,
        "six Q6 classes (no overseas EPCI in view)"
    );

    // Colour-vision preview: the same classes, other colours, same meshes.
    let meshes = tessellations(&mut harness, LayerKind::Epci);
    pick(&mut harness, "normale", "Deutéranopie");
    let legend = harness.state().probe().legend().expect("a legend");
    assert_eq!(
        legend.simulation,
        Some(ti_atlas::palette::Deficiency::Deuteranopia)
    );
    assert_eq!(legend.classification.counts.iter().sum::<usize>(), 1_243);
    assert_eq!(tessellations(&mut harness, LayerKind::Epci), meshes);
    let simulated = drawn_fills(&harness, LayerKind::Epci);
    assert_eq!(simulated.len(), 6);
    assert_ne!(simulated, epci_fills);
    harness.get_by_label_contains("Simulation : deutéranopie");
    // Exports never carry the preview.
    let export = harness.state().probe().map_spec_for_export();
    let plain = export.choropleth.expect("choropleth");
    assert_eq!(plain.legend.simulation, None);

    // Population as circles over the share (a combined map): drawn on the map, both legends.
    pick(&mut harness, "Aucun symbole", "Population municipale 2022");
    let comp = harness
        .state()
        .probe()
        .map_output()
        .composition
        .clone()
        .expect("drawn");
    assert!(comp.symbols.len() > 1_000, "{} circles", comp.symbols.len());
    assert!(comp.legend.is_some() && comp.symbol_legend.is_some());
    assert!(
        harness
            .state()
            .probe()
            .map_spec_for_export()
            .symbols
            .is_some(),
        "exported as drawn"
    );
}

#[test]
fn a_typology_is_chosen_in_the_indicator_list_and_colours_the_map() {
    let mut harness = harness();
    pick(
        &mut harness,
        "Aucun indicateur",
        "Nouveau en 2023 ou déjà labellisé en 2018-2022",
    );
    assert_eq!(
        harness
            .state()
            .probe()
            .settings()
            .map
            .typology
            .as_ref()
            .map(|t| t.id.as_str()),
        Some("statut_temps")
    );
    let legend = harness.state().probe().legend().expect("a legend").clone();
    assert_eq!(legend.classification.counts, [29, 154]);
    harness.get_by_label("nouveau en 2023 (29)");
    harness.get_by_label("déjà labellisé en 2018-2022 (154)");
    // The mainland's territories in the legend's two colours, nothing else.
    let drawn = drawn_fills(&harness, LayerKind::Ti2023);
    let colours: BTreeSet<[u8; 4]> = legend
        .colours
        .iter()
        .map(|c| [c[0], c[1], c[2], 255])
        .collect();
    assert_eq!(drawn, colours);
    // Its palette, then an indicator again from the same list.
    let dark2_entry = format!(
        "Dark2 — {}",
        ti_atlas::palette::QualitativeScheme::Dark2.description_fr()
    );
    harness
        .get(By::new().role(Role::ComboBox).value("Set2"))
        .click();
    harness.run_steps(2);
    harness.get_by_label(&dark2_entry).click_accesskit();
    harness.run_steps(3);
    if harness
        .query_all(By::new().role(Role::Button).label(&dark2_entry))
        .next()
        .is_some()
    {
        harness
            .get(By::new().role(Role::ComboBox).value("Dark2"))
            .click();
        harness.run_steps(2);
    }
    let dark2 = ti_atlas::palette::QualitativeScheme::Dark2
        .colour(0)
        .expect("colour");
    assert_eq!(
        harness
            .state()
            .probe()
            .legend()
            .expect("a legend")
            .colours
            .first(),
        Some(&dark2)
    );
    pick(
        &mut harness,
        "Nouveau en 2023 ou déjà labellisé en 2018-2022",
        "Densité de population",
    );
    assert!(harness.state().probe().settings().map.typology.is_none());
    assert!(
        harness
            .state()
            .probe()
            .legend()
            .expect("a legend")
            .categories
            .is_empty()
    );
}

#[test]
fn searching_vitre_opens_its_territory() {
    let mut harness = harness();
    let field = harness.get_by_role(Role::TextInput);
    field.focus();
    field.type_text("vitre");
    harness.run_steps(2);
    // The list shows the commune, then its territory and the EPCI.
    harness.get_by_label("Vitré");
    harness.get_by_label("Fougères – Vitré");
    harness.get_by_label("CA Vitré Communauté");
    // Down: from the commune to the territory; Enter chooses it.
    harness.key_press(egui::Key::ArrowDown);
    harness.run_steps(1);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(4);
    let t = harness
        .state()
        .probe()
        .selected_territory()
        .expect("a territory is selected");
    assert_eq!(t.id, "ti-5305");
    assert!(
        harness.state().probe().memory().zoom() > 8.0,
        "zoomed to the territory"
    );
    // Fitted inside the map (between the panels), with a margin.
    let view = harness.state().probe().map_output().view.expect("drawn");
    let unit = harness
        .state()
        .probe()
        .loaded()
        .expect("loaded")
        .scene
        .layer(LayerKind::Ti2023)
        .and_then(|l| l.features.get(l.position("ti-5305")?).cloned())
        .expect("feature");
    let a = view.frame_from_world(unit.bbox_world.min);
    let b = view.frame_from_world(unit.bbox_world.max);
    let frame = view.frame();
    assert!(
        frame.contains(a) && frame.contains(b),
        "{a:?} {b:?} in {frame:?}"
    );
    harness.get_by_label("ti-5305 (2023-2027)");
    assert!(harness.get_all_by_label_contains("Région : ").count() >= 7);
    // The member table: its four EPCI; a click opens the EPCI's sheet.
    harness.get_by_label("Industrie\u{a0}%").click();
    harness.run_steps(2);
    for name in [
        "CA Vitré Communauté",
        "CC Couesnon Marches de Bretagne",
        "CA Fougères Agglomération",
        "CC Roche aux Fées Communauté",
    ] {
        harness.get_by_label(name);
    }
    harness.get_by_label("CA Vitré Communauté").click();
    harness.run_steps(3);
    assert_eq!(
        harness.state().probe().selection(),
        Some(&UnitRef::new(LayerKind::Epci, "200039022"))
    );
    harness.get_by_label_contains("Territoire d'industrie : Fougères – Vitré");
}

#[test]
fn table_of_values_sorts_and_opens_with_the_keyboard() {
    let mut harness = harness();
    pick(&mut harness, "Aucun indicateur", "Densité de population");
    harness.get_by_label("Affichage").click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::CheckBox, "Tableau des valeurs")
        .click();
    harness.run_steps(3);
    assert!(harness.state().probe().table_open());
    // Sort by value: the densest territory first.
    harness.get_by_label("Valeur").click();
    harness.run_steps(2);
    let (densest, second) = {
        let loaded = harness.state().probe().loaded().expect("loaded");
        let table = &loaded.tables[0];
        let i = table
            .position(&IndicatorId::new("densite"))
            .expect("density");
        let mut units: Vec<(usize, f64)> = table.values[i]
            .iter()
            .enumerate()
            .filter_map(|(u, v)| v.as_f64().map(|x| (u, x)))
            .collect();
        units.sort_by(|a, b| b.1.total_cmp(&a.1));
        let t = |u: usize| {
            loaded
                .dataset
                .territory_at(Generation::Temps2, u)
                .expect("territory")
                .clone()
        };
        (t(units[0].0), t(units[1].0))
    };
    harness.get_by_label("Valeur ▼");
    // Click the first row, then ↓ and Entrée: the second densest is selected and shown.
    harness.get_by_label(&densest.name).click();
    harness.run_steps(2);
    assert_eq!(
        harness.state().probe().selection(),
        Some(&UnitRef::territory(&densest.id))
    );
    harness.key_press(egui::Key::ArrowDown);
    harness.run_steps(1);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(4);
    assert_eq!(
        harness.state().probe().selection(),
        Some(&UnitRef::territory(&second.id))
    );
    assert!(
        harness.state().probe().memory().zoom() > 7.0,
        "zoomed to it"
    );
    // Screen readers get one table node naming the highlighted row.
    let node = harness.get_by_role(Role::Table);
    let label = node.accesskit_node().label().unwrap_or_default();
    assert!(
        label.contains("183 lignes") && label.contains(&format!("ligne 2 : {}", second.name)),
        "{label}"
    );
    // The filter narrows the rows (accents optional).
    harness.get_by_label_contains("183 lignes affichées sur 183");
    let inputs: Vec<_> = harness.get_all_by_role(Role::TextInput).collect();
    assert_eq!(inputs.len(), 2, "the search field and the table's filter");
    let filter = inputs.last().expect("filter");
    filter.focus();
    filter.type_text("fougeres");
    harness.run_steps(2);
    harness.get_by_label_contains("1 lignes affichées sur 183");
}

/// Steps the app while `busy` holds (a background import or export), at most a minute.
fn wait_while(harness: &mut Harness<'static, AtlasApp>, busy: fn(Probe<'_>) -> bool, what: &str) {
    let start = Instant::now();
    harness.run_steps(2);
    while busy(harness.state().probe()) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{what} never ended"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(2);
}

fn wait_for_export(harness: &mut Harness<'static, AtlasApp>) {
    wait_while(harness, |p| p.exporting(), "export");
}

/// Types a path in the import window and clicks "Importer".
fn import_file(harness: &mut Harness<'static, AtlasApp>, path: &std::path::Path, sheet: &str) {
    let inputs: Vec<_> = harness.get_all_by_role(Role::TextInput).collect();
    // The search field, then the window's path field (and the sheet's while no file is named).
    assert!(inputs.len() >= 2, "{}", inputs.len());
    inputs[1].focus();
    inputs[1].type_text(&path.display().to_string());
    // The file's sheets are listed once read (a CSV has none): then the sheet is picked.
    let start = std::time::Instant::now();
    loop {
        harness.run_steps(1);
        let window = harness.state_mut().driver().import_window_mut();
        if window.path == path.display().to_string() && window.parts.is_some() {
            break;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "the file's parts never listed"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.state_mut().driver().import_window_mut().sheet = sheet.to_owned();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::Button, "Importer")
        .click();
    wait_while(harness, |p| p.importing(), "import");
}

#[test]
fn importing_a_plan_and_projects_through_the_window() {
    let mut harness = harness();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    menu(&mut harness, "Fichier", "Importer…");
    import_file(&mut harness, &dir.join("plan-actions.xlsx"), "actions");
    assert_eq!(harness.state().probe().import_error(), None);
    let report = harness.state().probe().import_report().expect("a report");
    assert_eq!((report.imported, report.rejected.len()), (5, 3));
    harness.get_by_label_contains("rejetée, ligne 7 : territoire inconnu");
    let plan = harness
        .state()
        .probe()
        .imports()
        .plan
        .as_ref()
        .expect("plan kept");
    assert_eq!(plan.actions.len(), 5);
    // Remembered for the next start.
    assert_eq!(harness.state().probe().settings().imported_files.len(), 1);

    // A bad file: said in French, and the plan stays loaded.
    // (The fields were cleared by the successful import.)
    import_file(&mut harness, &dir.join("ragged.csv"), "");
    let e = harness
        .state()
        .probe()
        .import_error()
        .expect("an error")
        .to_owned();
    assert!(e.contains("ragged.csv, ligne 3"), "{e}");
    assert!(
        harness.state().probe().imports().plan.is_some(),
        "nothing lost"
    );

    // A Lambert-93 shapefile becomes a layer over the map (what the window's button starts).
    let layers = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layers");
    let ctx = harness.ctx.clone();
    harness.state_mut().driver().start_import(
        ti_atlas::app::imports::ImportedFile {
            path: layers.join("l93-cp1252.shp"),
            kind: ti_atlas::io::import::ImportKind::Auto,
            sheet: None,
            columns: Vec::new(),
            names: None,
        },
        false,
        &ctx,
    );
    wait_while(&mut harness, |p| p.importing(), "import");
    assert_eq!(
        harness.state().probe().user_layer_names(),
        ["l93-cp1252.shp"]
    );
    harness.get_by_label_contains("couche (Lambert-93 (EPSG:2154), 2 polygone(s))");
    assert_eq!(harness.state().probe().settings().imported_files.len(), 2);
    let comp = harness
        .state()
        .probe()
        .map_output()
        .composition
        .clone()
        .expect("drawn");
    assert!(
        comp.layer(LayerId::User(0)).is_some(),
        "the layer is in the map's composition"
    );

    // Its attributes are browsable (Affichage menu); a click on a row shows the feature.
    harness.get_by_label("Affichage").click();
    harness.run_steps(2);
    harness
        .get_by_label("Attributs d'une couche importée")
        .click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::Button, "l93-cp1252.shp")
        .click();
    harness.run_steps(3);
    assert_eq!(
        harness.state().probe().attributes_open(),
        Some("l93-cp1252.shp")
    );
    harness.get_by_label("POP").click();
    harness.run_steps(2);
    harness.get_by_label("Saint-Étienne").click();
    harness.run_steps(4);
    // (650 000, 6 860 000) in Lambert-93 is in Paris.
    let centre = harness.state().probe().memory().detached().expect("moved");
    assert!(
        (centre.x() - 2.33).abs() < 0.05 && (centre.y() - 48.84).abs() < 0.05,
        "{centre:?}"
    );

    // The action count is now on the map: colour by it (Couches window).
    close_windows(&mut harness);
    pick(&mut harness, "Aucun indicateur", "Nombre d'actions du plan");
    pick(&mut harness, "Seuils naturels (Jenks)", "Intervalles égaux");
    let legend = harness.state().probe().legend().expect("legend");
    assert_eq!(legend.classification.counts.iter().sum::<usize>(), 2);
    assert_eq!(legend.classification.missing, 181);
    assert!(
        legend
            .sources
            .iter()
            .any(|s| s.label.contains("plan-actions.xlsx"))
    );

    // The sheet of Fougères – Vitré (found by its id) lists its plan by axis.
    search(&mut harness, "ti-5305", 0);
    harness.get_by_label("Plan d'actions");
    harness.get_by_label_contains("Transition écologique et énergétique (1)");
    harness.get_by_label("Action de test A");
}

#[test]
fn exporting_the_map_the_sheet_and_the_table_from_the_windows() {
    let mut harness = harness();
    let dir = std::env::temp_dir().join(format!("ti-atlas-exports-ui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    // Colour the map by density (Q6) so that the export has a legend.
    pick(&mut harness, "Aucun indicateur", "Densité de population");
    pick(
        &mut harness,
        "Seuils naturels (Jenks)",
        ti_atlas::model::indicators::classify::Q6_LABEL,
    );

    // Fichier > Exporter la carte… : PNG at the chosen size.
    menu(&mut harness, "Fichier", "Exporter la carte…");
    let png = dir.join("carte.png");
    {
        let w = harness.state_mut().driver().export_window_mut();
        w.width_px = 1000;
        w.height_px = 700;
        w.path = png.display().to_string();
    }
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::Button, "Exporter")
        .click();
    wait_for_export(&mut harness);
    let outcome = harness.state().probe().export_outcome().cloned();
    assert_eq!(outcome, Some(Ok(png.clone())), "{outcome:?}");
    let bytes = std::fs::read(&png).expect("the PNG");
    let w = u32::from_be_bytes(bytes[16..20].try_into().expect("4 bytes"));
    let h = u32::from_be_bytes(bytes[20..24].try_into().expect("4 bytes"));
    assert_eq!((w, h), (1000, 700));
    harness.get_by_label_contains("Fichier écrit");

    // The sheet's "Fiche PDF…" button opens the window on the territory's sheet.
    search(&mut harness, "ti-5305", 0);
    harness.get_by_label("Fiche PDF…").click();
    harness.run_steps(3);
    let pdf = dir.join("fiche.pdf");
    harness.state_mut().driver().export_window_mut().path = pdf.display().to_string();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::Button, "Exporter")
        .click();
    wait_for_export(&mut harness);
    let bytes = std::fs::read(&pdf).expect("the sheet");
    assert!(bytes.starts_with(b"%PDF"));
    let text: String = pdf_extract::extract_text_from_mem(&bytes)
        .expect("text")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(text.contains("Fougères–Vitré"), "{text}");

    // The table's CSV, as shown.
    harness.get_by_label("Tableau des valeurs").click();
    harness.run_steps(3);
    harness.get_by_label("Exporter en CSV…").click();
    harness.run_steps(3);
    let csv = dir.join("tableau.csv");
    harness.state_mut().driver().export_window_mut().path = csv.display().to_string();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::Button, "Exporter")
        .click();
    wait_for_export(&mut harness);
    let text = std::fs::read_to_string(&csv).expect("the CSV");
    assert!(text.starts_with("\u{feff}rang;code;nom;"));
    assert_eq!(text.lines().count(), 1 + 183);
    assert!(text.contains("ti-5305"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn views_are_saved_reordered_exported_and_presented_with_a_clicker() {
    let mut harness = harness();
    // View 1: France, density. View 2: EPCI industry share, zoomed on Vitré with its sheet.
    pick(&mut harness, "Aucun indicateur", "Densité de population");
    menu(&mut harness, "Affichage", "Vues…");
    harness.state_mut().driver().views_window_mut().new_name = "La France".into();
    harness.run_steps(1);
    harness.get_by_label("Ajouter la vue actuelle").click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::RadioButton, "EPCI")
        .click();
    harness.run_steps(3);
    pick(
        &mut harness,
        "Densité de population",
        "Part des emplois dans l'industrie",
    );
    harness.get_by_label("Figer les seuils").click();
    harness.run_steps(3);
    let frozen = harness
        .state()
        .probe()
        .settings()
        .map
        .frozen_breaks
        .clone()
        .expect("frozen");
    search(&mut harness, "ti-5305", 0);
    harness.state_mut().driver().views_window_mut().new_name = "Fougères – Vitré".into();
    harness.run_steps(1);
    harness.get_by_label("Ajouter la vue actuelle").click();
    harness.run_steps(2);
    let views = harness.state().probe().settings().bookmarks.clone();
    assert_eq!(views.len(), 2);
    assert_eq!(
        views[1].territory.as_ref().map(|t| t.as_str()),
        Some("ti-5305")
    );
    assert_eq!(views[1].frozen_breaks, Some(frozen));
    assert!(views[1].layers.contains(&LayerKind::Epci));

    // Exported to a file and read back (appended).
    let dir = std::env::temp_dir().join(format!("ti-atlas-vues-ui-{}", std::process::id()));
    let file = dir.join("vues.json");
    harness.state_mut().driver().views_window_mut().path = file.display().to_string();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::Button, "Exporter")
        .click();
    harness.run_steps(2);
    harness.get_by_label_contains("2 vue(s) écrite(s)");
    harness
        .get_by_role_and_label(Role::Button, "Importer")
        .click();
    harness.run_steps(2);
    assert_eq!(harness.state().probe().settings().bookmarks.len(), 4);
    for _ in 0..2 {
        // The list scrolls in the bottom dock: to the last row, then click.
        harness
            .get_all_by_label("Supprimer")
            .last()
            .expect("a row")
            .scroll_to_me();
        harness.run_steps(3);
        harness
            .get_all_by_label("Supprimer")
            .last()
            .expect("a row")
            .click();
        harness.run_steps(2);
    }
    assert_eq!(harness.state().probe().settings().bookmarks, views);

    // Presentation from the first view; the clicker's Page Down goes to the next.
    harness.get_by_label("Présenter (plein écran)").click();
    harness.run_steps(3);
    assert_eq!(harness.state().probe().presenting(), Some(Some(0)));
    assert_eq!(
        harness
            .state()
            .probe()
            .settings()
            .map
            .indicator
            .as_ref()
            .map(IndicatorId::as_str),
        Some("densite")
    );
    harness.get_by_label("La France");
    assert!(
        harness.query_by_label("Fichier").is_none(),
        "no editing chrome"
    );
    harness.key_press(egui::Key::PageDown);
    harness.run_steps(3);
    assert_eq!(harness.state().probe().presenting(), Some(Some(1)));
    assert_eq!(harness.state().probe().settings().map.maille, Level::Epci);
    assert_eq!(
        harness
            .state()
            .probe()
            .selected_territory()
            .map(|t| t.id.as_str()),
        Some("ti-5305")
    );
    harness.get_by_label("Fougères – Vitré");
    harness.key_press(egui::Key::Space);
    harness.run_steps(2);
    assert_eq!(
        harness.state().probe().presenting(),
        Some(Some(1)),
        "stays on the last"
    );
    harness.key_press(egui::Key::PageUp);
    harness.run_steps(3);
    assert_eq!(harness.state().probe().presenting(), Some(Some(0)));
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert_eq!(harness.state().probe().presenting(), None);
    harness.get_by_label("Fichier");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn temps_1_and_temps_2_compared_in_a_window_on_the_map_and_side_by_side() {
    let mut harness = harness();
    menu(&mut harness, "Affichage", "Temps I et Temps II…");
    let comparison = harness
        .state()
        .probe()
        .comparison()
        .expect("computed")
        .clone();
    let new = comparison
        .territories
        .iter()
        .filter(|t| {
            t.generation == Generation::Temps2
                && t.continuity == ti_atlas::model::geography::generations::Continuity::Nouveau
        })
        .count();
    harness.get_by_label_contains("2023-2027 : nouveau en 2023-2027");
    harness.get_by_label(&new.to_string());
    // Coloured by status: new and renewed 2023-2027 territories, dropped 2018-2022 ones
    // (the 2018-2022 layer is filled too: the territories no longer labelled show).
    harness.get_by_label("Colorer la carte par statut").click();
    harness.run_steps(3);
    assert_eq!(drawn_fills(&harness, LayerKind::Ti2023).len(), 2);
    assert_eq!(
        drawn_fills(&harness, LayerKind::Ti2018).len(),
        2,
        "dropped and unfilled"
    );
    assert!(harness.state().probe().settings().map.show_ti2018);
    assert!(
        tessellations(&mut harness, LayerKind::Ti2018) > 0,
        "2018-2022 fills exist"
    );
    // A click in the list (filtered) shows the territory.
    harness.state_mut().driver().comparison_window_mut().filter = "ti-0301".into();
    harness.run_steps(2);
    harness.get_by_label_contains("2018-2022 · ti-0301").click();
    harness.run_steps(3);
    assert_eq!(
        harness
            .state()
            .probe()
            .selected_territory()
            .map(|t| (t.generation, t.id.as_str())),
        Some((Generation::Temps1, "ti-0301"))
    );
    // Off again: the 2018-2022 layer loses its fills.
    harness.get_by_label("Colorer la carte par statut").click();
    harness.run_steps(3);
    assert_eq!(
        drawn_fills(&harness, LayerKind::Ti2018),
        BTreeSet::from([[0, 0, 0, 0]])
    );
    // The comparison as CSV for Excel.
    harness.get_by_label("Exporter en CSV…").click();
    harness.run_steps(3);
    let csv = std::env::temp_dir().join(format!("ti-atlas-temps-{}.csv", std::process::id()));
    harness.state_mut().driver().export_window_mut().path = csv.display().to_string();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::Button, "Exporter")
        .click();
    wait_for_export(&mut harness);
    let text = std::fs::read_to_string(&csv).expect("the CSV");
    assert_eq!(text.lines().count(), 1 + 183 + 149);
    assert!(text.starts_with("\u{feff}période;id;nom;"));
    let _ = std::fs::remove_file(&csv);
    close_tab(&mut harness, DockTab::Export);
    // Side by side: two maps, one memory.
    harness.get_by_label("Deux cartes côte à côte").click();
    harness.run_steps(3);
    harness.get_by_label("Temps I et Temps II");
    let zoom = harness.state().probe().memory().zoom();
    harness.get_by_label("Deux cartes côte à côte").click();
    harness.run_steps(2);
    assert_eq!(harness.state().probe().memory().zoom(), zoom);
}

fn harness_with(settings: Settings, size: [f32; 2]) -> Harness<'static, AtlasApp> {
    let mut harness = Harness::builder()
        .with_size(size)
        .build_eframe(move |cc| AtlasApp::with_settings(cc, settings.clone()));
    let start = Instant::now();
    while !harness.state().probe().all_layers_loaded() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "bundle never loaded"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(3);
    settle_meshes(&mut harness);
    harness
}

#[test]
fn panels_are_docked_saved_and_reset() {
    let mut harness = harness();
    // The map takes what the layers panel leaves: nothing of the app over it.
    let map = harness.state().probe().map_rect().expect("map drawn");
    let couches = harness
        .get_by_label("Territoires d'industrie 2023-2027")
        .rect();
    assert!(couches.right() <= map.left() + 1.0, "{couches:?} {map:?}");
    // Fold the layers panel: the map grows; open the table and Temps I / II as tabs below it.
    harness
        .get_by_label("Replier le panneau des couches")
        .click();
    harness.run_steps(10);
    assert!(!harness.state().probe().settings().layout.left_open);
    let wider = harness.state().probe().map_rect().expect("map");
    assert!(wider.width() > map.width() + 200.0, "{wider:?} {map:?}");
    menu(&mut harness, "Affichage", "Temps I et Temps II…");
    harness.state_mut().driver().set_table_open(true);
    harness.run_steps(4);
    let layout = harness.state().probe().settings().layout.clone();
    assert_eq!(layout.tabs, [DockTab::Comparison, DockTab::Table]);
    let map = harness.state().probe().map_rect().expect("map");
    let tab = harness.get_by_label("Tableau des valeurs").rect();
    assert!(tab.top() >= map.bottom() - 1.0, "the dock is under the map");
    // Resize the dock by dragging its top edge up by 80 points.
    let edge = egui::pos2(map.center().x, map.bottom() + 1.0);
    let before = harness.state().probe().settings().layout.dock_height;
    for (pos, pressed) in [
        (edge, true),
        (edge - egui::vec2(0.0, 40.0), true),
        (edge - egui::vec2(0.0, 80.0), false),
    ] {
        harness.event(Event::PointerMoved(pos));
        harness.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    harness.run_steps(3);
    let after = harness.state().probe().settings().layout.dock_height;
    assert!(after > before + 50.0, "{before} -> {after}");

    // The layout is part of the settings: written and read back, the same panels come back.
    let saved: Settings = serde_json::from_str(
        &serde_json::to_string(harness.state().probe().settings()).expect("json"),
    )
    .expect("settings");
    let mut again = harness_with(saved, [1280.0, 800.0]);
    again.run_steps(4);
    let layout = again.state().probe().settings().layout.clone();
    assert!(!layout.left_open);
    assert_eq!(layout.tabs, [DockTab::Comparison, DockTab::Table]);
    assert_eq!(layout.dock_height, after);
    let map = again.state().probe().map_rect().expect("map");
    assert!((again.ctx.content_rect().bottom() - map.bottom() - after).abs() < 40.0);

    // Affichage > Réinitialiser la disposition: the default panels, no tab.
    menu(&mut again, "Affichage", "Réinitialiser la disposition");
    again.run_steps(10);
    let layout = again.state().probe().settings().layout.clone();
    assert_eq!(layout, ti_atlas::app::layout::Layout::default());
    let map = again.state().probe().map_rect().expect("map");
    assert!((map.left() - layout.left_width).abs() < 2.0, "{map:?}");
    assert!(
        again.query_by_label("Tableau des valeurs").is_none()
            || !again.state().probe().table_open()
    );
}

#[test]
fn a_search_fits_the_territory_between_the_panels_and_the_legend_leaves_it_visible() {
    let mut harness = harness();
    pick(&mut harness, "Aucun indicateur", "Densité de population");
    harness.state_mut().driver().set_table_open(true);
    harness.run_steps(3);
    search(&mut harness, "ti-5305", 0);
    harness.run_steps(6);
    let map = harness.state().probe().map_rect().expect("map");
    let unit = {
        let loaded = harness.state().probe().loaded().expect("loaded");
        let layer = loaded.scene.layer(LayerKind::Ti2023).expect("layer");
        layer.features[layer.position("ti-5305").expect("Vitré")].bbox_world
    };
    let a = harness
        .state()
        .probe()
        .screen_pos_world(unit.min)
        .expect("drawn");
    let b = harness
        .state()
        .probe()
        .screen_pos_world(unit.max)
        .expect("drawn");
    let shown = egui::Rect::from_two_pos(a, b);
    // Inside the map's area (between the layers panel, the sheet and the table), with a margin.
    assert!(map.shrink(8.0).contains_rect(shown), "{shown:?} in {map:?}");
    let sheet = harness.get_by_label("ti-5305 (2023-2027)").rect();
    assert!(
        sheet.left() >= map.right() - 1.0,
        "the sheet is beside the map"
    );
    // The legend is inside the map and not over the territory's box.
    let legend = harness.state().probe().legend_rect().expect("a legend");
    assert!(map.contains_rect(legend), "{legend:?} in {map:?}");
    assert!(!legend.intersects(shown), "{legend:?} over {shown:?}");
    // Folded, it is a one-line header.
    harness.get_by_label("Replier la légende").click();
    harness.run_steps(4);
    assert!(
        harness
            .state()
            .probe()
            .legend_rect()
            .expect("header")
            .height()
            < 50.0
    );
    assert!(!harness.state().probe().settings().layout.legend_open);
}

#[test]
fn escape_closes_lists_and_the_wheel_and_keys_move_the_map() {
    let mut harness = harness();
    // A combo list opens, Échap closes it (the choice unchanged).
    harness
        .get(By::new().role(Role::ComboBox).value("Aucun indicateur"))
        .click();
    harness.run_steps(2);
    assert!(
        harness.query_by_label("Densité de population").is_some(),
        "list open"
    );
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert!(
        harness.query_by_label("Densité de population").is_none(),
        "list closed"
    );
    assert_eq!(harness.state().probe().settings().map.indicator, None);
    // One wheel notch over the map: half a zoom level, smoothly, around the pointer.
    let map = harness.state().probe().map_rect().expect("map");
    let zoom = harness.state().probe().memory().zoom();
    harness.event(Event::PointerMoved(map.center()));
    harness.event(Event::MouseWheel {
        unit: egui::MouseWheelUnit::Line,
        delta: egui::vec2(0.0, 1.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: Modifiers::NONE,
    });
    harness.step();
    let first = harness.state().probe().memory().zoom() - zoom;
    for _ in 0..40 {
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    let total = harness.state().probe().memory().zoom() - zoom;
    assert!(
        first > 0.0 && first < total - 0.01,
        "spread over frames: {first}"
    );
    assert!(
        (total - 0.5).abs() < 0.03,
        "half a level per notch: {total}"
    );
    // Keys, the map having the focus (no field): + zooms, → pans east.
    harness.event(Event::PointerMoved(egui::pos2(
        map.left() - 20.0,
        map.top() + 5.0,
    )));
    let zoom = harness.state().probe().memory().zoom();
    harness.key_press(egui::Key::Plus);
    harness.run_steps(2);
    assert!((harness.state().probe().memory().zoom() - zoom - 0.5).abs() < 1e-6);
    let lon = harness
        .state()
        .probe()
        .memory()
        .detached()
        .expect("moved")
        .x();
    harness.key_press(egui::Key::ArrowRight);
    harness.run_steps(2);
    assert!(
        harness
            .state()
            .probe()
            .memory()
            .detached()
            .expect("moved")
            .x()
            > lon
    );
}

#[test]
fn text_size_from_the_menu_and_keys_is_saved() {
    let mut harness = harness();
    // The type scale: body 14 px, secondary text 11.5 px at 100 %.
    let small = harness.ctx.global_style().text_styles[&egui::TextStyle::Small].size;
    let body = harness.ctx.global_style().text_styles[&egui::TextStyle::Body].size;
    assert!(small >= 11.0 && body >= 13.0, "{small} {body}");
    harness.get_by_label("Affichage").click();
    harness.run_steps(2);
    harness.get_by_label_contains("Taille du texte").click();
    harness.run_steps(2);
    harness.get_by_label_contains("Agrandir").click();
    harness.run_steps(3);
    assert!((harness.state().probe().settings().text_scale - 1.1).abs() < 1e-6);
    assert!((harness.ctx.zoom_factor() - 1.1).abs() < 1e-6);
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::Plus);
    harness.run_steps(2);
    assert!((harness.state().probe().settings().text_scale - 1.2).abs() < 1e-6);
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::Num0);
    harness.run_steps(2);
    assert_eq!(harness.state().probe().settings().text_scale, 1.0);
    // Saved: a new start at 130 % draws at 130 %.
    let settings = Settings {
        text_scale: 1.3,
        ..Settings::default()
    };
    let again = harness_with(settings, [1280.0, 800.0]);
    assert!((again.ctx.zoom_factor() - 1.3).abs() < 1e-6);
}

#[test]
fn guidance_where_the_industry_share_is_missing() {
    let mut harness = harness();
    pick(
        &mut harness,
        "Aucun indicateur",
        "Part des emplois dans l'industrie",
    );
    let g = harness
        .state()
        .probe()
        .share_guidance()
        .expect("guidance")
        .clone();
    assert_eq!((g.exact, g.not_computable, g.missing), (36, 137, 10));
    // Said in the panel and in the legend.
    assert_eq!(harness.get_all_by_label(&g.sentence()).count(), 2);
    // First way out: the EPCI maille, one click.
    harness
        .get_all_by_label("Passer à la maille EPCI")
        .next()
        .expect("button")
        .click_accesskit();
    harness.run_steps(3);
    assert_eq!(harness.state().probe().settings().map.maille, Level::Epci);
    assert!(harness.state().probe().share_guidance().is_none());
    // Second: the import tab opens with where the INSEE file comes from.
    harness
        .get_by_role_and_label(Role::RadioButton, "Territoires")
        .click();
    harness.run_steps(3);
    assert!(harness.state().probe().share_guidance().is_some());
    // The button in the legend (the layers panel's one may be scrolled out of sight).
    harness
        .get_all_by_label("Importer les emplois INSEE…")
        .last()
        .expect("button")
        .click();
    harness.run_steps(3);
    assert_eq!(
        harness.state().probe().settings().layout.shown_tab(),
        Some(DockTab::Import)
    );
    harness.get_by_label(ti_atlas::app::guidance::EMPLOYMENT_FILE_HELP);
}

/// Clicks at a point of the window (a plot's point).
fn click_at(harness: &mut Harness<'static, AtlasApp>, pos: egui::Pos2) {
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
    harness.run_steps(3);
}

/// Steps until the scatter window has its points (the EPCI table arrives after the layers).
fn wait_for_scatter(harness: &mut Harness<'static, AtlasApp>) {
    let start = Instant::now();
    while harness.state().probe().scatter().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the scatter plot never came"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(3);
}

/// The units the map outlines as picked in the plot (the highlight's dark line).
fn outlined_on_map(harness: &Harness<'static, AtlasApp>, kind: LayerKind) -> BTreeSet<usize> {
    let comp = harness
        .state()
        .probe()
        .map_output()
        .composition
        .clone()
        .expect("drawn");
    comp.emphasis
        .iter()
        .filter(|e| {
            e.id == LayerId::Bundle(kind)
                && e.stroke.colour == ti_atlas::carto::look::HIGHLIGHT_OUTLINE.0
        })
        .map(|e| e.index)
        .collect()
}

#[test]
fn the_bivariate_map_is_chosen_in_the_layers_panel() {
    let mut harness = harness();
    harness
        .get_by_role_and_label(Role::RadioButton, "EPCI")
        .click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::RadioButton, "Carte bivariée")
        .click();
    harness.run_steps(4);
    // Industry × private employment growth by default; terciles.
    let b = harness
        .state()
        .probe()
        .bivariate()
        .expect("a bivariate map")
        .clone();
    assert_eq!(b.level, Level::Epci);
    // The 23 overseas EPCI and the 11 EPT (no URSSAF series for them) have no cell.
    assert_eq!(b.legend.missing, 34);
    assert_eq!(b.legend.counts.iter().flatten().sum::<usize>(), 1_232);
    harness.get_by_label("Carte bivariée — maille : EPCI");
    harness.get_by_label("non disponible (34)");
    // The map draws the cells' colours at the EPCI, the territories as outlines on top; the
    // 11 EPT of the Grand Paris (no URSSAF series) in the colour of "non disponible".
    let m = b.legend.missing_colour;
    let palette: BTreeSet<[u8; 4]> = (0..3)
        .flat_map(|y| (0..3).map(move |x| (x, y)))
        .map(|(x, y)| {
            let c = ti_atlas::model::indicators::bivariate::Bivariate::cell_colour(x, y);
            [c[0], c[1], c[2], 255]
        })
        .chain([[m[0], m[1], m[2], 255]])
        .collect();
    assert_eq!(drawn_fills(&harness, LayerKind::Epci), palette);
    assert_eq!(
        drawn_fills(&harness, LayerKind::Ti2023),
        BTreeSet::from([[0, 0, 0, 0]])
    );
    // Another Y axis, typed breaks on X: chosen classes.
    pick(
        &mut harness,
        "Évolution annuelle moyenne de l'emploi salarié privé, 2017-2024",
        "Évolution annuelle moyenne de l'emploi au lieu de travail, 2016-2022",
    );
    harness
        .state_mut()
        .driver()
        .settings_mut()
        .map
        .bivariate
        .x_breaks = "15 ; 25".into();
    harness.run_steps(3);
    let b = harness
        .state()
        .probe()
        .bivariate()
        .expect("a bivariate map");
    assert_eq!(b.legend.x.method, "Seuils choisis");
    assert_eq!(b.classes.x.classification.breaks.get(1), Some(&15.0));
    assert!(
        b.legend
            .x
            .bounds
            .get(1)
            .is_some_and(|t| t.starts_with("15"))
    );
    assert!(
        b.legend
            .y
            .title
            .starts_with("Évolution annuelle moyenne de l'emploi au lieu")
    );
    // The export carries it, in its own colours.
    let export = harness.state().probe().map_spec_for_export();
    assert!(export.bivariate.is_some() && export.choropleth.is_none());
    // Back to one indicator: a growth rate starts centred on 0 in RdBu.
    harness
        .get_by_role_and_label(Role::RadioButton, "Un indicateur")
        .click();
    harness.run_steps(3);
    assert!(harness.state().probe().bivariate().is_none());
    pick(
        &mut harness,
        "Aucun indicateur",
        "Évolution annuelle moyenne de l'emploi salarié privé, 2017-2024",
    );
    let map = &harness.state().probe().settings().map;
    assert_eq!(
        map.method,
        ti_atlas::model::indicators::classify::MethodChoice::SymmetricQuantiles
    );
    assert_eq!(
        map.palette,
        ti_atlas::palette::Palette::new(ti_atlas::palette::Scheme::RdBu)
    );
}

#[test]
fn the_scatter_plot_and_the_map_select_each_other() {
    let mut harness = harness();
    harness
        .get_by_role_and_label(Role::RadioButton, "EPCI")
        .click();
    harness.run_steps(2);
    menu(&mut harness, "Affichage", "Nuage de points…");
    wait_for_scatter(&mut harness);
    let scatter = harness.state().probe().scatter().expect("points").clone();
    assert_eq!(scatter.x.indicator.id, "part_emploi_industrie");
    assert_eq!(scatter.y.indicator.id, "evolution_emploi_prive_2017_2024");
    assert_eq!(scatter.points.len(), 1_232);
    harness.get_by_label_contains("1\u{202f}232 unités représentées");

    // Map → plot: the selected territory's four EPCI are the highlighted points.
    search(&mut harness, "ti-5305", 0);
    let members = {
        let app = harness.state().probe();
        let ds = &app.loaded().expect("loaded").dataset;
        let t = ds
            .territory(Generation::Temps2, &TerritoryId::new("ti-5305"))
            .expect("ti-5305");
        ti_atlas::model::indicators::scatter::territory_units(ds, Level::Epci, t)
    };
    assert_eq!(members.len(), 4);
    assert_eq!(harness.state().probe().scatter_members(), &members);
    // The sheet's "Dynamiques" block is there too.
    harness.get_by_label("Dynamiques de l'emploi");
    harness.get_by_label_contains("4 membre(s) sur 4 placé(s) sur la grille");

    // Plot → map: a box around the industrial and growing EPCI outlines them on the map.
    menu(&mut harness, "Affichage", "France entière");
    harness.run_steps(3);
    harness.get_by_label("Sélection rectangulaire").click();
    harness.run_steps(2);
    let (from, to) = {
        let w = harness.state().probe().scatter_view();
        (
            w.screen_pos(25.0, 4.0).expect("plot drawn"),
            w.screen_pos(45.0, 1.4).expect("plot drawn"),
        )
    };
    drag(&mut harness, from, to);
    let picked = harness.state().probe().scatter_view().picked.clone();
    let expected = {
        let w = harness.state().probe().scatter_view();
        let t = w.last_transform.expect("transform");
        let (a, b) = (t.value_from_position(from), t.value_from_position(to));
        scatter.units_in((a.x, a.y), (b.x, b.y))
    };
    assert!(picked.len() > 20, "{}", picked.len());
    assert_eq!(picked, expected);
    harness.get_by_label_contains(&format!("{} unité(s) sélectionnée(s)", picked.len()));
    // France entière shows every mainland EPCI: each picked one is outlined, though the EPCI
    // layer itself is not shown.
    assert!(!harness.state().probe().settings().map.show_epci);
    assert_eq!(outlined_on_map(&harness, LayerKind::Epci), picked);

    // Plot → map: a click on a point selects its EPCI, and the plot then highlights it.
    let target = *picked
        .iter()
        .find(|u| !members.contains(u))
        .expect("a unit");
    let pos = harness
        .state()
        .probe()
        .scatter_point_pos(target)
        .expect("point drawn");
    click_at(&mut harness, pos);
    let code = scatter
        .points
        .iter()
        .find(|p| p.unit == target)
        .map(|p| p.code.clone())
        .expect("point");
    assert_eq!(
        harness.state().probe().selection(),
        Some(&UnitRef::new(LayerKind::Epci, &code))
    );
    harness.run_steps(2);
    assert_eq!(
        harness.state().probe().scatter_members(),
        &BTreeSet::from([target])
    );

    // Clearing the box removes the outlines; closing the window too.
    harness.get_by_label("Effacer la sélection").click();
    harness.run_steps(3);
    assert!(outlined_on_map(&harness, LayerKind::Epci).is_empty());

    // The figure is exported with its sources.
    let dir = std::env::temp_dir().join(format!("ti-atlas-scatter-ui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let svg = dir.join("nuage.svg");
    harness.state_mut().driver().scatter_view_mut().export_path = svg.display().to_string();
    harness.run_steps(1);
    harness.get_by_label("Exporter le nuage").click();
    wait_while(&mut harness, |p| p.scatter_exporting(), "scatter export");
    assert_eq!(
        harness.state().probe().scatter_export_outcome().cloned(),
        Some(Ok(svg.clone()))
    );
    let text = std::fs::read_to_string(&svg).expect("the SVG");
    assert!(text.contains("Sources : "));
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- Golden images ----------------------------------------------------------------------------

/// The tolerance of every golden image, in one place: lavapipe renders the same frame the same
/// way on this machine type; a pixel counts as changed past egui's default colour distance, and
/// a few may (text anti-aliasing at the edges of a glyph).
fn golden_options() -> egui_kittest::SnapshotOptions {
    egui_kittest::SnapshotOptions::new()
        .threshold(0.6)
        .max_failed_pixels(8)
}

/// Waits until no basemap tile is on its way for a while, fixes the status bar's clock, and
/// compares the window with `tests/snapshots/{name}.png` (`UPDATE_SNAPSHOTS=1` writes it).
fn golden(harness: &mut Harness<'static, AtlasApp>, name: &str) {
    let start = Instant::now();
    let mut quiet = 0;
    while quiet < 12 {
        harness.state_mut().driver().freeze_clock_for_snapshots();
        harness.step();
        quiet = if harness.state_mut().driver().basemap_loading() {
            0
        } else {
            quiet + 1
        };
        std::thread::sleep(Duration::from_millis(20));
        assert!(
            start.elapsed() < Duration::from_secs(90),
            "{name}: tiles never loaded"
        );
    }
    // The docked panels and the map's fit settle over a few frames (a panel that grew is
    // measured, the France fit made again for its new box): the picture once they stopped. A
    // layout that goes back and forth between two states (a dock whose content is taller than
    // it: grown, put back, grown…) is a defect of its own, said by name.
    let state = |h: &Harness<'static, AtlasApp>| {
        let p = h.state().probe();
        (
            p.map_rect(),
            p.settings().layout.dock_height,
            p.memory().zoom(),
        )
    };
    let mut seen = vec![state(harness)];
    let mut same = 0;
    loop {
        harness.step();
        let now = state(harness);
        same = if seen.last() == Some(&now) {
            same + 1
        } else {
            0
        };
        seen.push(now);
        if same >= 6 {
            break;
        }
        let n = seen.len();
        let alternating = n >= 12 && (n - 10..n).all(|i| seen[i] == seen[i - 2]);
        assert!(
            !alternating,
            "{name}: the layout alternates between two states frame after frame: {:?} / {:?}",
            seen[n - 2],
            seen[n - 1]
        );
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "{name}: the layout never settled"
        );
    }
    harness.snapshot_options(name, &golden_options());
}

/// The canonical screens at 1280×800: France, a choropleth per maille, a territory's sheet
/// with the dock (compact legend), Temps I / Temps II coloured and side by side, the bivariate
/// map, the presentation in normal and high contrast.
#[test]
fn golden_screens() {
    // Rendered by wgpu from the first frame, as the window is: the app installs walkers'
    // vector renderer, without which the offline basemap draws its sea but no land.
    let mut harness = harness_from(Harness::builder().wgpu());
    // The pointer away from the map: no hover outline, no tooltip.
    harness.hover_at(egui::pos2(5.0, 790.0));
    golden(&mut harness, "ecran-1-france");
    pick(&mut harness, "Aucun indicateur", "Densité de population");
    golden(&mut harness, "ecran-2-densite-jenks");
    search(&mut harness, "ti-5305", 0);
    harness.hover_at(egui::pos2(5.0, 790.0));
    golden(&mut harness, "ecran-3-fiche-vitre");
    harness.state_mut().driver().set_table_open(true);
    golden(&mut harness, "ecran-4-fiche-et-tableau");
    harness.state_mut().driver().set_table_open(false);
    harness.state_mut().driver().set_selection(None);
    harness
        .get_by_role_and_label(Role::RadioButton, "EPCI")
        .click();
    harness.run_steps(2);
    pick(
        &mut harness,
        "Densité de population",
        "Part des emplois dans l'industrie",
    );
    menu(&mut harness, "Affichage", "France entière");
    harness.hover_at(egui::pos2(5.0, 790.0));
    golden(&mut harness, "ecran-5-epci-industrie");
    harness
        .get_by_role_and_label(Role::RadioButton, "Carte bivariée")
        .click();
    harness.run_steps(4);
    menu(&mut harness, "Affichage", "France entière");
    harness.hover_at(egui::pos2(5.0, 790.0));
    golden(&mut harness, "ecran-6-bivariee");
    harness
        .get_by_role_and_label(Role::RadioButton, "Un indicateur")
        .click();
    harness.run_steps(2);
    menu(&mut harness, "Affichage", "Temps I et Temps II…");
    harness.get_by_label("Colorer la carte par statut").click();
    harness.hover_at(egui::pos2(5.0, 790.0));
    golden(&mut harness, "ecran-7-temps-statut");
    harness.get_by_label("Deux cartes côte à côte").click();
    menu(&mut harness, "Affichage", "France entière");
    harness.hover_at(egui::pos2(5.0, 790.0));
    golden(&mut harness, "ecran-8-cote-a-cote");
    harness.get_by_label("Deux cartes côte à côte").click();
    harness.get_by_label("Colorer la carte par statut").click();
    harness.run_steps(2);
    close_tab(&mut harness, DockTab::Comparison);
    // The presentation, normal and in high contrast.
    harness
        .get_by_role_and_label(Role::RadioButton, "Territoires")
        .click();
    harness.run_steps(2);
    pick(
        &mut harness,
        "Part des emplois dans l'industrie",
        "Densité de population",
    );
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .driver()
        .set_presenting(true, None, &ctx);
    harness
        .state_mut()
        .driver()
        .apply(ti_atlas::app::Command::Home, &ctx);
    harness.hover_at(egui::pos2(5.0, 5.0));
    golden(&mut harness, "ecran-9-presentation");
    harness
        .state_mut()
        .driver()
        .settings_mut()
        .presentation_high_contrast = true;
    harness
        .state_mut()
        .driver()
        .apply(ti_atlas::app::Command::Home, &ctx);
    golden(&mut harness, "ecran-10-presentation-contraste");
}

#[test]
fn first_steps_an_empty_projects_layer_and_a_next_view_that_does_not_exist() {
    let mut harness = harness();
    // Aide holds a "Premiers pas" guide, step by step.
    menu(&mut harness, "Aide", "Premiers pas");
    harness.get_by_label("Premiers pas");
    for step in ti_atlas::about::FIRST_STEPS {
        harness.get_by_label(step);
    }
    close_windows(&mut harness);
    // Nothing imported: the projects layer is neither ticked nor tickable.
    let projects = harness.get_by_label("Projets financés importés");
    assert!(projects.accesskit_node().is_disabled());
    assert_ne!(
        projects.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True)
    );
    // "Page suivante" with no saved view says so.
    assert!(harness.state().probe().settings().bookmarks.is_empty());
    harness.key_press(egui::Key::F11);
    harness.run_steps(2);
    harness.key_press(egui::Key::PageDown);
    harness.run_steps(2);
    assert!(
        harness
            .state()
            .probe()
            .notices()
            .iter()
            .any(|n| n == ti_atlas::app::presentation::NO_SAVED_VIEW),
        "{:?}",
        harness.state().probe().notices()
    );
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
}

/// Types named from the classes of one indicator's map: classes chosen in the Couches panel,
/// named, added, then "Créer la typologie des classes" makes the map a typology of them, each
/// rule written from the classes' bounds in its legend.
#[test]
fn types_named_from_one_indicator_s_classes_become_a_typology() {
    let mut settings = Settings::default();
    settings.map.maille = Level::Epci;
    settings.map.indicator = Some(IndicatorId::new("evolution_emploi_2016_2022"));
    settings.map.method = ti_atlas::model::indicators::classify::MethodChoice::SymmetricQuantiles;
    settings.map.classes = 6;
    let mut harness = harness_with(settings, [1280.0, 800.0]);
    common::app::wait(
        &mut harness,
        &|a| {
            a.probe()
                .legend()
                .is_some_and(|l| l.classification.class_count() == 6)
        },
        "the map's six classes",
    );
    let classes = harness.state().probe().legend().expect("legend").clone();
    harness
        .get_by_label("Typologie d'après les classes")
        .click_accesskit();
    harness.run_steps(3);
    let name_type = |harness: &mut Harness<'static, AtlasApp>, classes: &[&str], name: &str| {
        for class in classes {
            harness.get_by_label(class).click_accesskit();
            harness.run_steps(1);
        }
        let field = harness.get_by_label("Nom du type (classes)");
        field.focus();
        field.type_text(name);
        harness.run_steps(2);
        harness.get_by_label("Ajouter ce type").click_accesskit();
        harness.run_steps(2);
    };
    name_type(&mut harness, &["Classe 5", "Classe 6"], "en expansion");
    harness.get_by_label("en expansion : classes 5, 6");
    name_type(&mut harness, &["Classe 1"], "fragile");
    // A class already in a type cannot be chosen again; an empty name is refused.
    assert!(
        harness
            .get_by_label("Classe 1")
            .accesskit_node()
            .is_disabled(),
        "class 1 is fragile's"
    );
    name_type(&mut harness, &["Classe 2"], "");
    harness.get_by_label("le type n° 3 n'a pas de nom");
    harness
        .get_by_label("Créer la typologie des classes")
        .click_accesskit();
    harness.run_steps(4);
    let map = harness.state().probe().settings().map.clone();
    let types = map
        .typology
        .as_ref()
        .and_then(|t| t.indicator_classes.clone())
        .expect("a typology made from the classes");
    assert_eq!(types.level, Level::Epci);
    assert_eq!(types.bounds, classes.classification.breaks);
    assert_eq!(types.types[0].classes, [4, 5]);
    assert_eq!(types.types[1].classes, [0]);
    common::app::wait(
        &mut harness,
        &|a| a.probe().legend().is_some_and(|l| !l.categories.is_empty()),
        "the typology's legend",
    );
    let legend = harness.state().probe().legend().expect("a legend").clone();
    assert_eq!(
        legend.categories,
        ["en expansion", "fragile", "autres situations"]
    );
    let c = &classes.classification.counts;
    assert_eq!(
        legend.classification.counts,
        [c[4] + c[5], c[0], c[1] + c[2] + c[3]]
    );
    assert!(
        legend
            .notes
            .iter()
            .any(|n| n.starts_with("en expansion : de ") && n.ends_with("% par an")),
        "{:?}",
        legend.notes
    );
    harness.get_by_label(&format!(
        "en expansion ({})",
        legend.classification.counts[0]
    ));
}

/// Types named from the bivariate grid's cells: cells chosen, named, added, then "Créer la
/// typologie" makes the map a typology of them, the rules in its legend.
#[test]
fn types_named_from_the_bivariate_cells_become_a_typology() {
    let mut harness = harness();
    harness
        .get_by_role_and_label(Role::RadioButton, "EPCI")
        .click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::RadioButton, "Carte bivariée")
        .click();
    harness.run_steps(4);
    harness
        .get_by_label("Typologie d'après les cellules")
        .click_accesskit();
    harness.run_steps(3);
    let name_type = |harness: &mut Harness<'static, AtlasApp>, cells: &[&str], name: &str| {
        for cell in cells {
            harness.get_by_label(cell).click_accesskit();
            harness.run_steps(1);
        }
        let field = harness.get_by_label("Nom du type");
        field.focus();
        field.type_text(name);
        harness.run_steps(2);
        harness.get_by_label("Ajouter le type").click_accesskit();
        harness.run_steps(2);
    };
    name_type(&mut harness, &["3-3", "2-3"], "en expansion");
    harness.get_by_label("en expansion : 3-3, 2-3");
    name_type(&mut harness, &["1-1"], "fragile");
    // A cell already in a type cannot be chosen again; an empty name is refused.
    assert!(
        harness.get_by_label("1-1").accesskit_node().is_disabled(),
        "1-1 is fragile's"
    );
    name_type(&mut harness, &["1-2"], "");
    harness.get_by_label("le type n° 3 n'a pas de nom");
    harness.get_by_label("Créer la typologie").click_accesskit();
    harness.run_steps(4);
    let map = harness.state().probe().settings().map.clone();
    assert!(
        !map.bivariate.on,
        "the typology replaces the bivariate colours"
    );
    let types = map
        .typology
        .as_ref()
        .and_then(|t| t.classes.clone())
        .expect("a typology made from classes");
    assert_eq!(types.level, Level::Epci);
    assert_eq!(types.types.len(), 2);
    assert_eq!(types.types[0].cells, [[2, 2], [1, 2]]);
    let legend = harness.state().probe().legend().expect("a legend").clone();
    assert_eq!(
        legend.categories,
        ["en expansion", "fragile", "autres situations"]
    );
    // The 23 overseas EPCI and the 11 EPT (no URSSAF series for them).
    assert_eq!(legend.classification.missing, 34);
    assert!(
        legend
            .notes
            .iter()
            .any(|n| n.starts_with("en expansion : Part des emplois dans l'industrie > ")),
        "{:?}",
        legend.notes
    );
    harness.get_by_label(&format!(
        "en expansion ({})",
        legend.classification.counts[0]
    ));
    // The mainland's EPCI drawn in the three types' colours, the 11 EPT of the Grand Paris
    // (no URSSAF series) in that of "non renseigné" (the 23 overseas EPCI are in the insets).
    let m = legend.missing_colour;
    let colours: BTreeSet<[u8; 4]> = legend
        .colours
        .iter()
        .map(|c| [c[0], c[1], c[2], 255])
        .chain([[m[0], m[1], m[2], 255]])
        .collect();
    assert_eq!(colours.len(), 4);
    assert_eq!(drawn_fills(&harness, LayerKind::Epci), colours);
}
