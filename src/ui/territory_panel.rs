//! The side panel of a selected feature: a territory's sheet, or an administrative unit's.
//! Both draw the sheet view model of [`crate::sheet`] the app keeps (built from the one
//! `SheetInputs`) and compute nothing themselves.

use super::indicator_rows::indicators_ui;
use super::member_table::{HiddenColumns, member_table_ui};
use super::plan_projects::{ProjectFilter, plan_ui, projects_ui};
use crate::model::LayerKind;
use crate::model::UnitRef;
use crate::model::indicators::table_sort::SortState;
use crate::sheet::view::{Fact, SourcesBlock};
use crate::sheet::{TerritorySheet, UnitSheet};

/// What the panel asks the app to do.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum PanelCommand {
    None,
    Close,
    ZoomTo(UnitRef),
    /// Select (and show the sheet of) another unit.
    Select(UnitRef),
    /// Open the export window on this territory's PDF sheet.
    ExportSheet,
}

/// What the sheets keep between frames: the member table's sort and columns, the project
/// filters.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetState {
    pub member_sort: SortState,
    /// Series columns of the member table the user left out.
    pub member_hidden: HiddenColumns,
    pub project_filter: ProjectFilter,
}

impl Default for SheetState {
    fn default() -> Self {
        SheetState {
            member_sort: SortState {
                column: 0,
                descending: false,
            },
            member_hidden: HiddenColumns::new(),
            project_filter: ProjectFilter::default(),
        }
    }
}

/// A territory's sheet.
pub fn territory_sheet_ui(
    ui: &mut egui::Ui,
    sheet: &TerritorySheet,
    state: &mut SheetState,
) -> PanelCommand {
    let id = &sheet.identity;
    ui.heading(&id.name);
    let mut command = header_buttons_ui(ui, &id.unit());
    ui.separator();
    facts_ui(ui, "identite-territoire", &id.facts);
    ui.add_space(8.0);
    ui.strong(&sheet.members.title);
    if let Some(member) = member_table_ui(
        ui,
        &sheet.members,
        &mut state.member_sort,
        &mut state.member_hidden,
    ) {
        command = PanelCommand::Select(member);
    }
    if let Some(d) = &sheet.dynamics {
        super::dynamics_block::dynamics_ui(ui, d);
    }
    if let Some(plan) = &sheet.plan {
        ui.add_space(8.0);
        plan_ui(ui, plan);
    }
    if let Some(projects) = &sheet.projects {
        ui.add_space(8.0);
        projects_ui(ui, projects, &mut state.project_filter);
    }
    ui.add_space(8.0);
    indicators_ui(ui, &sheet.figures);
    if let Some(caveat) = &id.caveat {
        ui.add_space(4.0);
        ui.small(caveat);
    }
    sources_ui(ui, &sheet.sources);
    command
}

/// The sheet of an EPCI, a département or a région.
pub fn unit_sheet_ui(ui: &mut egui::Ui, sheet: &UnitSheet) -> PanelCommand {
    ui.heading(&sheet.title);
    let mut command = header_buttons_ui(ui, &sheet.unit);
    ui.separator();
    facts_ui(ui, "identite-unite", &sheet.facts);
    if !sheet.territories.is_empty() || sheet.outside.is_some() {
        ui.add_space(6.0);
    }
    if let Some(outside) = &sheet.outside {
        ui.small(outside);
    }
    for link in &sheet.territories {
        if ui
            .link(&link.text)
            .on_hover_text("Ouvrir la fiche du territoire")
            .clicked()
        {
            command = PanelCommand::Select(UnitRef::territory(&link.id));
        }
    }
    if let Some(figures) = &sheet.figures {
        ui.add_space(8.0);
        indicators_ui(ui, figures);
    }
    sources_ui(ui, &sheet.sources);
    command
}

/// "Centrer la carte" and "Fermer", under the panel's title.
fn header_buttons_ui(ui: &mut egui::Ui, unit: &UnitRef) -> PanelCommand {
    let mut command = PanelCommand::None;
    ui.horizontal(|ui| {
        if ui.button("Centrer la carte").clicked() {
            command = PanelCommand::ZoomTo(unit.clone());
        }
        if unit.layer == LayerKind::Ti2023
            && ui
                .button("Fiche PDF…")
                .on_hover_text("Exporter la fiche A4 de ce territoire")
                .clicked()
        {
            command = PanelCommand::ExportSheet;
        }
        if ui.button("Fermer").clicked() {
            command = PanelCommand::Close;
        }
    });
    command
}

/// Label and value rows; long values wrap in their column instead of being cut.
fn facts_ui(ui: &mut egui::Ui, id: &str, facts: &[Fact]) {
    let value_width = (ui.available_width() - 130.0).max(120.0);
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([12.0, 4.0])
        .max_col_width(value_width)
        .striped(true)
        .show(ui, |ui| {
            for f in facts {
                ui.label(&f.label);
                ui.add(egui::Label::new(&f.value).wrap());
                ui.end_row();
            }
        });
}

/// Every source with its vintage and licence, and the imported files with their date.
fn sources_ui(ui: &mut egui::Ui, sources: &SourcesBlock) {
    ui.add_space(8.0);
    ui.separator();
    ui.small("Sources");
    for s in &sources.sources {
        ui.small(format!("{} — {} — {}", s.label, s.vintage, s.licence));
    }
    for f in &sources.imported {
        ui.small(&f.text);
    }
}
