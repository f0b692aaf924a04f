//! The side panel of a selected feature: a territory's identity, or an administrative unit's.

use crate::format::{decimal_fr, int_fr};
use crate::model::indicators::{Kind, TerritoryTable, Value, member_values, range_and_median};
use crate::model::{Dataset, Generation, LayerKind, Territory};

/// What the panel asks the app to do.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum PanelCommand {
    None,
    Close,
    ZoomTo(LayerKind, usize),
}

/// The identity of a territory.
pub fn territory_ui(
    ui: &mut egui::Ui,
    dataset: &Dataset,
    t: &Territory,
    kind: LayerKind,
    index: usize,
    table: Option<&TerritoryTable>,
) -> PanelCommand {
    ui.horizontal(|ui| {
        ui.heading(&t.name);
    });
    let command = header_buttons_ui(ui, kind, index);
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
    for g in &t.groupements {
        ui.label(format!(
            "{} — {} (SIREN {})",
            g.name,
            g.nature.label_fr(),
            g.siren
        ));
    }
    if let Some(table) = table {
        ui.add_space(8.0);
        indicators_ui(ui, dataset, table, t, index);
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
    sources_ui(ui, dataset);
    command
}

/// A figure in French notation with its unit.
fn figure_fr(v: f64, unit: &str) -> String {
    let decimals = if v.fract() == 0.0 && v.abs() < 1e15 {
        0
    } else {
        1
    };
    if unit == "nombre" {
        decimal_fr(v, decimals)
    } else {
        format!("{} {unit}", decimal_fr(v, decimals))
    }
}

/// Every catalogue indicator for the territory: exact value and rank, or why there is none; for
/// EPCI shares, the member EPCIs' range and median.
fn indicators_ui(
    ui: &mut egui::Ui,
    dataset: &Dataset,
    table: &TerritoryTable,
    t: &Territory,
    index: usize,
) {
    ui.strong("Indicateurs");
    for (i, ind) in table.indicators.iter().enumerate() {
        ui.add_space(4.0);
        ui.label(&ind.label);
        match table.values.get(i).and_then(|c| c.get(index)) {
            Some(Value::Exact(v)) => {
                let rank = table
                    .rank(i, index)
                    .map(|(r, n)| format!(" — rang {r} sur {n}"))
                    .unwrap_or_default();
                ui.label(
                    egui::RichText::new(format!("{}{rank}", figure_fr(*v, &ind.unit))).strong(),
                );
            }
            Some(Value::NotComputable(why)) | Some(Value::Missing(why)) => {
                ui.small(why.as_str());
                if ind.kind == Kind::EpciSeries
                    && let Some(series) = dataset.tables.indicators.iter().find(|s| s.id == ind.id)
                {
                    let members = member_values(series, t);
                    let vals: Vec<f64> = members.iter().filter_map(|m| m.2).collect();
                    if let Some((lo, hi, med)) = range_and_median(&vals) {
                        ui.small(format!(
                            "EPCI membres ({} sur {} avec valeur) : de {} à {} %, médiane {} %",
                            vals.len(),
                            members.len(),
                            decimal_fr(lo, 1),
                            decimal_fr(hi, 1),
                            decimal_fr(med, 1)
                        ));
                    }
                }
            }
            None => {
                ui.small("non disponible");
            }
        }
    }
}

/// "Centrer la carte" and "Fermer", under the panel's title.
fn header_buttons_ui(ui: &mut egui::Ui, kind: LayerKind, index: usize) -> PanelCommand {
    let mut command = PanelCommand::None;
    ui.horizontal(|ui| {
        if ui.button("Centrer la carte").clicked() {
            command = PanelCommand::ZoomTo(kind, index);
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
