//! The sheet pane, docked on the right: the selected territory's sheet (or a unit's), drawn
//! from the sheet view model by `ui::territory_panel`; its buttons become commands.

use super::super::command::Command;
use super::super::context::{Commands, PaneContext};
use crate::model::{Generation, LayerKind, Level};
use crate::ui::export_window::ExportWhat;
use crate::ui::territory_panel::{PanelCommand, SheetData, SheetState, territory_ui, unit_ui};

/// The sheet's widget state (its open sections).
#[derive(Default)]
pub struct SheetPane {
    pub state: SheetState,
}

impl SheetPane {
    /// The selection's sheet (nothing without a selection or data).
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &PaneContext<'_>, commands: &mut Commands) {
        let (Some(selection), Some(loaded)) = (cx.selection, cx.loaded) else {
            return;
        };
        let dataset = &loaded.dataset;
        let kind = selection.unit.layer;
        let index = selection.index;
        let command = match kind {
            LayerKind::Ti2023 | LayerKind::Ti2018 => {
                let generation = if kind == LayerKind::Ti2023 {
                    Generation::Temps2
                } else {
                    Generation::Temps1
                };
                let table = loaded.tables.get(usize::from(kind == LayerKind::Ti2018));
                match dataset.territory(generation, &selection.unit.code) {
                    Some(t) => {
                        let data = SheetData {
                            dataset,
                            references: loaded.indexes.as_ref().map(|i| &i.references),
                            imports: &cx.user.imports,
                            bivariate: cx.sheet_grid.map(|g| &**g),
                        };
                        territory_ui(ui, &data, t, kind, index, table, &mut self.state)
                    }
                    None => PanelCommand::Close,
                }
            }
            LayerKind::Epci => unit_ui(ui, dataset, kind, index, loaded.table(Level::Epci)),
            LayerKind::Departements => {
                unit_ui(ui, dataset, kind, index, loaded.table(Level::Departement))
            }
            LayerKind::Regions => unit_ui(ui, dataset, kind, index, None),
        };
        commands.extend(command_of(command, cx));
    }
}

/// What the app is asked to do for a click of the sheet.
fn command_of(command: PanelCommand, cx: &PaneContext<'_>) -> Option<Command> {
    let unit =
        |kind: LayerKind, index: usize| cx.unit_of(crate::carto::LayerId::Bundle(kind), index);
    match command {
        PanelCommand::None => None,
        PanelCommand::Close => Some(Command::Select(None)),
        PanelCommand::ZoomTo(kind, index) => unit(kind, index).map(Command::ZoomTo),
        PanelCommand::Select(kind, index) => unit(kind, index).map(Command::Reveal),
        PanelCommand::ExportSheet => Some(Command::OpenExport(ExportWhat::Sheet)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{World, loaded};
    use super::*;
    use crate::model::UnitRef;
    use egui_kittest::kittest::Queryable as _;

    #[test]
    fn the_sheets_buttons_become_commands_on_units() {
        let world = World::default();
        let cx = world.cx();
        assert_eq!(command_of(PanelCommand::None, &cx), None);
        assert_eq!(
            command_of(PanelCommand::Close, &cx),
            Some(Command::Select(None))
        );
        assert_eq!(
            command_of(PanelCommand::ExportSheet, &cx),
            Some(Command::OpenExport(ExportWhat::Sheet))
        );
        let code = &loaded()
            .scene
            .layer(LayerKind::Epci)
            .expect("EPCI")
            .features[4]
            .code;
        let unit = UnitRef::new(LayerKind::Epci, code);
        assert_eq!(
            command_of(PanelCommand::Select(LayerKind::Epci, 4), &cx),
            Some(Command::Reveal(unit.clone()))
        );
        assert_eq!(
            command_of(PanelCommand::ZoomTo(LayerKind::Epci, 4), &cx),
            Some(Command::ZoomTo(unit))
        );
    }

    #[test]
    fn the_selected_territory_shows_its_sheet() {
        let mut world = World::default();
        let t = world.select_a_territory();
        let mut pane = SheetPane::default();
        let mut commands = Commands::new();
        let cx = world.cx();
        let mut harness = egui_kittest::Harness::new_ui(|ui| pane.ui(ui, &cx, &mut commands));
        harness.run();
        assert!(harness.get_all_by_label_contains(&t.name).next().is_some());
    }
}
