//! The side panel of a selected feature: a territory's identity, or an administrative unit's.

use super::indicator_rows::{Comparison, indicators_ui};
use super::member_table::{member_rows, member_table_ui};
use super::plan_projects::{ProjectFilter, plan_ui, projects_ui};
use crate::format::{decimal_fr, int_fr};
use crate::model::imports::Imports;
use crate::model::indicators::IndicatorTable;
use crate::model::indicators::dynamics::territory_dynamics;
use crate::model::indicators::reference::ReferenceTable;
use crate::model::indicators::table_sort::SortState;
use crate::model::{Dataset, Generation, LayerKind, Territory};

/// What the panel asks the app to do.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum PanelCommand {
    None,
    Close,
    ZoomTo(LayerKind, usize),
    /// Select (and show the sheet of) another feature.
    Select(LayerKind, usize),
    /// Open the export window on this territory's PDF sheet.
    ExportSheet,
}

/// What the sheets keep between frames: the member table's sort, the project filters.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetState {
    pub member_sort: SortState,
    pub project_filter: ProjectFilter,
}

impl Default for SheetState {
    fn default() -> Self {
        SheetState {
            member_sort: SortState {
                column: 0,
                descending: false,
            },
            project_filter: ProjectFilter::default(),
        }
    }
}

/// The data a sheet reads from.
pub struct SheetData<'a> {
    pub dataset: &'a Dataset,
    /// Région and France values (None while they are computed).
    pub references: Option<&'a ReferenceTable>,
    /// The user's imported plan and projects.
    pub imports: &'a Imports,
    /// The bivariate EPCI grid the "Dynamiques" block places the members on.
    pub bivariate: Option<&'a crate::model::indicators::bivariate::Bivariate>,
}

/// The identity of a territory.
pub fn territory_ui(
    ui: &mut egui::Ui,
    data: &SheetData<'_>,
    t: &Territory,
    kind: LayerKind,
    index: usize,
    table: Option<&IndicatorTable>,
    state: &mut SheetState,
) -> PanelCommand {
    let dataset = data.dataset;
    ui.horizontal(|ui| {
        ui.heading(&t.name);
    });
    let mut command = header_buttons_ui(ui, kind, index);
    ui.separator();
    let region = dataset.region_name(&t.region).unwrap_or("région inconnue");
    egui::Grid::new("identite-territoire")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            row(ui, "Identifiant", &t.id);
            row(ui, "Génération", t.generation.label_fr());
            row(ui, "Région", &format!("{region} ({})", t.region));
            let deps: Vec<String> = t
                .departements
                .iter()
                .map(|d| format!("{} ({d})", dataset.departement_name(d).unwrap_or("?")))
                .collect();
            row(ui, "Départements", &deps.join(", "));
            row(
                ui,
                "Groupements membres",
                &int_fr(t.groupements.len() as u64),
            );
            row(ui, "Communes", &int_fr(t.communes.len() as u64));
            row(ui, "Population", &format!("{} hab.", int_fr(t.population)));
            row(
                ui,
                "Superficie",
                &format!("{} km²", decimal_fr(t.area_km2, 1)),
            );
            if t.area_km2 > 0.0 {
                row(
                    ui,
                    "Densité",
                    &format!(
                        "{} hab./km²",
                        decimal_fr(t.population as f64 / t.area_km2, 1)
                    ),
                );
            }
        });
    ui.add_space(8.0);
    ui.strong("Groupements membres");
    let rows = member_rows(dataset, t);
    if let Some(siren) = member_table_ui(ui, dataset, &rows, &mut state.member_sort) {
        match dataset.tables.epci.iter().position(|e| e.siren == siren) {
            Some(i) => command = PanelCommand::Select(LayerKind::Epci, i),
            None => {
                ui.small("Ce membre n'est pas un EPCI de la carte (EPT ou commune).");
            }
        }
    }
    ui.small("Parts des emplois au lieu de travail (%), INSEE RP 2022, calcul tiers ; EPCI de métropole.");
    let dynamics = territory_dynamics(dataset, t, data.bivariate);
    super::dynamics_block::dynamics_ui(ui, &dynamics, data.bivariate);
    if t.generation == Generation::Temps2 {
        ui.add_space(8.0);
        plan_ui(ui, data.imports.plan.as_ref(), &t.id);
        ui.add_space(8.0);
        projects_ui(
            ui,
            data.imports.projects.as_ref(),
            index,
            &mut state.project_filter,
        );
    }
    if let Some(table) = table {
        ui.add_space(8.0);
        let comparison = data.references.map(|references| Comparison {
            references,
            region: &t.region,
        });
        indicators_ui(ui, dataset, table, index, comparison.as_ref(), Some(t));
    }
    if t.generation == Generation::Temps1 {
        ui.add_space(4.0);
        ui.small(
            "Périmètre 2018-2022 reconstitué avec les périmètres d'EPCI de 2024 (approximation).",
        );
    }
    sources_ui(ui, dataset);
    command
}

/// An administrative unit (EPCI, département, région) picked on the map.
pub fn unit_ui(
    ui: &mut egui::Ui,
    dataset: &Dataset,
    kind: LayerKind,
    index: usize,
    table: Option<&IndicatorTable>,
) -> PanelCommand {
    let t = &dataset.tables;
    let (title, rows): (String, Vec<(&str, String)>) = match kind {
        LayerKind::Epci => match t.epci.get(index) {
            Some(e) => (
                e.name.clone(),
                vec![
                    ("SIREN", e.siren.clone()),
                    ("Nature", e.kind.clone()),
                    ("Communes", int_fr(u64::from(e.n_communes))),
                    ("Population", format!("{} hab.", int_fr(e.population))),
                    ("Superficie", format!("{} km²", decimal_fr(e.area_km2, 1))),
                ],
            ),
            None => return PanelCommand::Close,
        },
        LayerKind::Departements => match t.departements.get(index) {
            Some(d) => (
                d.name.clone(),
                vec![
                    ("Code", d.code.clone()),
                    (
                        "Région",
                        dataset.region_name(&d.region).unwrap_or("?").to_owned(),
                    ),
                ],
            ),
            None => return PanelCommand::Close,
        },
        LayerKind::Regions => match t.regions.get(index) {
            Some(r) => (r.name.clone(), vec![("Code", r.code.clone())]),
            None => return PanelCommand::Close,
        },
        LayerKind::Ti2023 | LayerKind::Ti2018 => return PanelCommand::Close,
    };
    ui.heading(title);
    let command = header_buttons_ui(ui, kind, index);
    ui.separator();
    egui::Grid::new("identite-unite")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (k, v) in &rows {
                row(ui, k, v);
            }
        });
    let mut command = command;
    if kind == LayerKind::Epci
        && let Some(e) = t.epci.get(index)
    {
        ui.add_space(6.0);
        let territories: Vec<(usize, &Territory)> = dataset
            .territories(Generation::Temps2)
            .enumerate()
            .filter(|(_, t)| t.groupements.iter().any(|g| g.siren == e.siren))
            .collect();
        if territories.is_empty() {
            ui.small("Hors des territoires d'industrie 2023-2027.");
        }
        for (i, territory) in territories {
            if ui
                .link(format!("Territoire d'industrie : {}", territory.name))
                .on_hover_text("Ouvrir la fiche du territoire")
                .clicked()
            {
                command = PanelCommand::Select(LayerKind::Ti2023, i);
            }
        }
    }
    if let Some(table) = table {
        ui.add_space(8.0);
        indicators_ui(ui, dataset, table, index, None, None);
    }
    sources_ui(ui, dataset);
    command
}

/// "Centrer la carte" and "Fermer", under the panel's title.
fn header_buttons_ui(ui: &mut egui::Ui, kind: LayerKind, index: usize) -> PanelCommand {
    let mut command = PanelCommand::None;
    ui.horizontal(|ui| {
        if ui.button("Centrer la carte").clicked() {
            command = PanelCommand::ZoomTo(kind, index);
        }
        if kind == LayerKind::Ti2023
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

fn row(ui: &mut egui::Ui, key: &str, value: &str) {
    ui.label(key);
    ui.label(value);
    ui.end_row();
}

fn sources_ui(ui: &mut egui::Ui, dataset: &Dataset) {
    ui.add_space(8.0);
    ui.separator();
    ui.small("Sources");
    for s in &dataset.tables.sources {
        ui.small(format!("{} — {} — {}", s.label, s.vintage, s.licence));
    }
}
