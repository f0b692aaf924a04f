//! The layers pane, docked on the left: the layers and the thematic map's settings (what the
//! user changes becomes a new `MapSettings` sent as a command), the guidance where the chosen
//! indicator lacks values, and what to import for the plans and projects.

use super::super::command::Command;
use super::super::context::{Commands, PaneContext};
use super::super::guidance::{
    EMPLOYMENT_FILE_HELP, PLAN_FILE_HELP, PLAN_TEMPLATE_CSV, PLAN_TEMPLATE_XLSX,
};
use crate::io::import::ImportKind;
use crate::model::Level;
use crate::model::indicators::Kind;
use crate::model::indicators::nature::Nature;
use crate::ui::layers_panel::{LayersChoice, LayersPanelInput, layers_ui as layers_panel_ui};

/// The layers, the thematic settings and the guidance, as the panel shows them.
pub fn layers_ui(ui: &mut egui::Ui, cx: &PaneContext<'_>, commands: &mut Commands) {
    // Each maille's indicators in list order (by group, the headline first), with their
    // group's name.
    let grouped: [Vec<(crate::model::IndicatorId, String, &'static str)>; 3] =
        Level::MAPS.map(|level| {
            cx.loaded
                .and_then(|l| l.table(level))
                .map(|t| {
                    crate::model::indicators::list_order(&t.indicators)
                        .into_iter()
                        .filter_map(|i| t.indicators.get(i))
                        .filter(|i| i.unavailable.is_none())
                        .map(|i| (i.id.clone(), i.label.clone(), i.group().label_fr()))
                        .collect()
                })
                .unwrap_or_default()
        });
    let indicators = grouped
        .clone()
        .map(|v| v.into_iter().map(|(id, label, _)| (id, label)).collect());
    let indicator_groups = grouped.map(|v| v.into_iter().map(|(_, _, g)| g).collect());
    let breaks = cx
        .thematic
        .shown
        .as_ref()
        .map(|c| c.legend.classification.breaks.clone());
    let map = &cx.settings.map;
    let listed = |keep: &dyn Fn(&crate::model::indicators::Indicator) -> bool| {
        Level::MAPS.map(|level| {
            cx.loaded
                .and_then(|l| l.table(level))
                .map(|t| {
                    t.indicators
                        .iter()
                        .filter(|i| keep(i))
                        .map(|i| (i.id.clone(), i.label.clone(), map.nature(i)))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let stocks = listed(&|i| i.unavailable.is_none() && map.nature(i) == Nature::Stock)
        .map(|v| v.into_iter().map(|(id, label, _)| (id, label)).collect());
    let imported = listed(&|i| i.kind == Kind::Imported);
    let input = LayersPanelInput {
        indicators: &indicators,
        indicator_groups: &indicator_groups,
        current_breaks: breaks.as_deref(),
        current_legend: cx.thematic.shown.as_ref().map(|c| &*c.legend),
        stocks: &stocks,
        imported: &imported,
        symbols_error: cx.symbols_error,
        projects_imported: cx.user.imports.projects.is_some(),
        typologies: &crate::model::typology::menu(&cx.user.imports),
        panels_error: cx.thematic.panels_error(),
        styled_typology: &|choice| {
            let loaded = cx.loaded?;
            let table = choice.level().and_then(|l| loaded.table(l));
            let typology = crate::carto::typology::typology_of(
                &loaded.dataset,
                &cx.user.imports,
                table,
                choice,
            )
            .ok()?;
            Some(crate::model::typology::style::style(
                &typology,
                &choice.style,
                choice.scheme,
            ))
        },
    };
    let current = LayersChoice {
        map: cx.settings.map.clone(),
        online_basemap: cx.settings.online_basemap,
        simulation: cx.simulation,
    };
    if let Some(choice) = layers_panel_ui(ui, &current, &input) {
        if choice.map != current.map {
            commands.push(Command::SetMap(Box::new(choice.map)));
        }
        if choice.online_basemap != current.online_basemap {
            commands.push(Command::SetOnlineBasemap(choice.online_basemap));
        }
        if choice.simulation != current.simulation {
            commands.push(Command::SetSimulation(choice.simulation));
        }
    }
    if cx.thematic.guidance.is_some() {
        ui.separator();
        share_guidance_ui(ui, cx, commands);
    }
    ui.separator();
    plan_guidance_ui(ui, cx, commands);
}

/// The industry share at the territory maille: what is missing, and the two ways out.
pub fn share_guidance_ui(ui: &mut egui::Ui, cx: &PaneContext<'_>, commands: &mut Commands) {
    let Some(g) = cx.thematic.guidance.clone() else {
        return;
    };
    ui.label(egui::RichText::new(g.sentence()).color(ui.visuals().warn_fg_color));
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Passer à la maille EPCI")
            .on_hover_text("La même part, exacte pour les 1 232 EPCI de métropole")
            .clicked()
        {
            let mut map = cx.settings.map.clone();
            map.maille = Level::Epci;
            commands.push(Command::SetMap(Box::new(map)));
        }
        match &g.imported {
            Some((id, label)) => {
                if ui
                    .button("Utiliser la part importée")
                    .on_hover_text(label.as_str())
                    .clicked()
                {
                    let mut map = cx.settings.map.clone();
                    map.indicator = Some(id.clone());
                    commands.push(Command::SetMap(Box::new(map)));
                }
            }
            None => {
                if ui
                    .button("Importer les emplois INSEE…")
                    .on_hover_text(EMPLOYMENT_FILE_HELP)
                    .clicked()
                {
                    commands.push(Command::OpenImport(
                        ImportKind::Table,
                        Some(EMPLOYMENT_FILE_HELP),
                    ));
                }
            }
        }
    });
}

/// Actions and projects come only from the user's files: say so while none is loaded.
fn plan_guidance_ui(ui: &mut egui::Ui, cx: &PaneContext<'_>, commands: &mut Commands) {
    let imports = &cx.user.imports;
    if imports.plan.is_some() && imports.projects.is_some() {
        return;
    }
    let missing = match (imports.plan.is_some(), imports.projects.is_some()) {
        (false, false) => "Plan d'actions et projets financés : non importés",
        (false, true) => "Plan d'actions : non importé",
        _ => "Projets financés : non importés",
    };
    ui.label(format!(
        "{missing} (aucune liste publique par territoire : l'atlas les lit dans vos fichiers)."
    ));
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Importer un plan ou des projets…")
            .on_hover_text(PLAN_FILE_HELP)
            .clicked()
        {
            commands.push(Command::OpenImport(ImportKind::Auto, Some(PLAN_FILE_HELP)));
        }
        ui.menu_button("Enregistrer le modèle…", |ui| {
            for (label, name, bytes) in [
                ("CSV (Excel, « ; »)", "plan-actions.csv", PLAN_TEMPLATE_CSV),
                ("XLSX", "plan-actions.xlsx", PLAN_TEMPLATE_XLSX),
            ] {
                if ui.button(label).clicked() {
                    commands.push(Command::ChooseFile(
                        super::super::file_chooser::FilePurpose::Save {
                            title: "Enregistrer le modèle de plan d'actions",
                            file_name: name.into(),
                            bytes: bytes.to_vec(),
                        },
                    ));
                    ui.close();
                }
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::super::fixture::World;
    use super::*;
    use egui_kittest::kittest::Queryable as _;

    #[test]
    fn without_a_plan_the_panel_offers_to_import_one() {
        let world = World::default();
        let mut commands = Commands::new();
        {
            let cx = world.cx();
            let mut harness =
                egui_kittest::Harness::builder().build_ui(|ui| layers_ui(ui, &cx, &mut commands));
            harness.run();
            harness
                .get_by_label("Importer un plan ou des projets…")
                .click();
            harness.run();
        }
        assert!(commands.contains(&Command::OpenImport(ImportKind::Auto, Some(PLAN_FILE_HELP))));
    }

    /// The categories' editor of a typology: the first category moved down is sent as a new
    /// style (new map settings) with the order swapped.
    #[test]
    fn a_typology_s_category_is_moved_down() {
        use crate::model::typology::TypologyChoice;
        use egui_kittest::kittest::NodeT as _;
        let mut world = World::default();
        world.settings.map.maille = Level::Territoire;
        world.settings.map.typology = Some(TypologyChoice::new("statut_temps"));
        let mut commands = Commands::new();
        {
            let cx = world.cx();
            let mut harness = egui_kittest::Harness::builder()
                .with_size([330.0, 1400.0])
                .build_ui(|ui| layers_ui(ui, &cx, &mut commands));
            // The app's fonts (the arrows are DejaVu Sans's).
            super::super::super::theme::apply(&harness.ctx);
            harness.run();
            harness
                .get_by_label("Catégories : couleurs, noms, ordre, fusions")
                .click();
            harness.run();
            let first = harness
                .get_all_by_role(egui::accesskit::Role::Button)
                .find(|n| {
                    n.accesskit_node()
                        .label()
                        .is_some_and(|l| l.starts_with("Descendre"))
                })
                .expect("↓");
            first.click();
            harness.run();
        }
        let style = commands
            .iter()
            .find_map(|c| match c {
                Command::SetMap(map) => map.typology.as_ref().map(|t| t.style.clone()),
                _ => None,
            })
            .expect("a new style");
        let statuses = crate::model::typology::find(
            &super::super::fixture::loaded().dataset,
            &Default::default(),
            "statut_temps",
        )
        .expect("statuts");
        let mut swapped = statuses.categories.clone();
        swapped.reverse();
        assert_eq!(statuses.categories.len(), 2);
        assert_eq!(style.order, swapped);
    }
}
