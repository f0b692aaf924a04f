//! The sheet pane, docked on the right: the selected territory's sheet (or a unit's), drawn
//! from the sheet view model by `ui::territory_panel`; its buttons become commands.

use super::super::command::Command;
use super::super::context::{Commands, PaneContext};
use super::sheet_cache::{KeptSheet, SheetCache, SheetSources};
use crate::ui::export_window::ExportWhat;
use crate::ui::territory_panel::{PanelCommand, SheetState, territory_sheet_ui, unit_sheet_ui};

/// The sheet's widget state (its open sections) and the sheet kept until its inputs change.
#[derive(Default)]
pub struct SheetPane {
    pub state: SheetState,
    pub kept: SheetCache,
}

impl SheetPane {
    /// The selected unit's sheet brought up to date (built only if an input changed).
    pub fn update(&mut self, cx: &PaneContext<'_>) {
        self.kept.update(&SheetSources {
            selection: cx.selection.map(|s| (&s.unit, s.index)),
            loaded: cx.loaded,
            imports: &cx.user.imports,
            grid: cx.sheet_grid,
            tables_revision: cx.thematic.tables_revision,
            typology: cx.shown_typology(),
        });
    }

    /// The selection's sheet (nothing without a selection or data).
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &PaneContext<'_>, commands: &mut Commands) {
        if cx.selection.is_none() || cx.loaded.is_none() {
            return;
        }
        // Kept from the logic; built here only if the selection moved during this frame.
        self.update(cx);
        let command = match &self.kept.sheet {
            Some(KeptSheet::Territory(sheet)) => territory_sheet_ui(ui, sheet, &mut self.state),
            Some(KeptSheet::Unit(sheet)) => unit_sheet_ui(ui, sheet),
            Some(KeptSheet::Nothing) => PanelCommand::Close,
            None => PanelCommand::None,
        };
        commands.extend(command_of(command, cx));
    }
}

/// What the app is asked to do for a click of the sheet.
fn command_of(command: PanelCommand, _cx: &PaneContext<'_>) -> Option<Command> {
    match command {
        PanelCommand::None => None,
        PanelCommand::Close => Some(Command::Select(None)),
        PanelCommand::ZoomTo(unit) => Some(Command::ZoomTo(unit)),
        PanelCommand::Select(unit) => Some(Command::Reveal(unit)),
        PanelCommand::ExportSheet => Some(Command::OpenExport(ExportWhat::Sheet)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{World, loaded};
    use super::*;
    use crate::model::{LayerKind, UnitRef};
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
            command_of(PanelCommand::Select(unit.clone()), &cx),
            Some(Command::Reveal(unit.clone()))
        );
        assert_eq!(
            command_of(PanelCommand::ZoomTo(unit.clone()), &cx),
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

    /// A member's name wrapped on two lines stays in its row, level with its nature and
    /// population (the grid centres each cell: a name cell asking for no height ran into the
    /// next row).
    #[test]
    fn a_wrapped_member_name_stays_in_its_row() {
        let mut world = World::default();
        world.select(UnitRef::territory(&"ti-5305".into()));
        let mut pane = SheetPane::default();
        let mut commands = Commands::new();
        let cx = world.cx();
        let mut harness = egui_kittest::Harness::builder()
            .with_size([360.0, 1400.0])
            .build_ui(|ui| pane.ui(ui, &cx, &mut commands));
        harness.run();
        let name = harness.get_by_label("CA Fougères Agglomération").rect();
        let centre = name.center().y;
        let nature = harness
            .get_all_by_label("CA")
            .map(|n| n.rect())
            .min_by(|a, b| {
                (a.center().y - centre)
                    .abs()
                    .total_cmp(&(b.center().y - centre).abs())
            })
            .expect("the member's nature");
        assert!(
            name.height() > 1.5 * nature.height(),
            "the name wraps at this width: {name:?}"
        );
        assert!(
            (centre - nature.center().y).abs() < 3.0,
            "name {name:?} level with its nature {nature:?}"
        );
    }
}
