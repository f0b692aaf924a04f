//! Action plans from the users' tables (schema: assets/templates/plan-actions.csv, described
//! in README): one action per row, placed in a 2023-2027 territory by its id (or exact name).
//! Rows that cannot be taken are listed with the reason; nothing is silently dropped.

use std::collections::HashMap;

use super::table::RawTable;
use super::table::numbers::{NumberCell, parse_number_fr};
use crate::model::imports::action_plan::{Action, ActionPlan, Axis, RowProblem, Status};
use crate::model::text::search_form;
use crate::model::{Dataset, Generation};

/// Why a table is not an action plan.
#[derive(Debug, thiserror::Error)]
#[error(
    "{file} : ce n'est pas un plan d'actions : colonne(s) manquante(s) : {missing} (colonnes attendues : id_territoire, titre_action, axe ; voir le modèle assets/templates/plan-actions.csv)"
)]
pub struct PlanError {
    pub file: String,
    pub missing: String,
}

const TERRITORY: [&str; 5] = [
    "id_territoire",
    "id_ti",
    "code_territoire",
    "territoire",
    "id",
];
const TITLE: [&str; 5] = [
    "titre_action",
    "titre",
    "action",
    "intitule",
    "intitule_action",
];
const AXIS: [&str; 2] = ["axe", "axe_strategique"];

/// Whether the headers look like an action plan.
pub fn looks_like_plan(table: &RawTable) -> bool {
    table.column(&AXIS).is_some() && table.column(&TITLE).is_some()
}

/// "2024-03-01", "01/03/2024", "1/3/2024" → "2024-03-01".
pub fn parse_date_fr(text: &str) -> Option<String> {
    let t = text.trim();
    let valid = |y: u32, m: u32, d: u32| {
        (1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
    };
    if let [y, m, d] = t.split('-').collect::<Vec<_>>().as_slice()
        && let (Ok(y), Ok(m), Ok(d)) = (
            y.parse::<u32>(),
            m.parse::<u32>(),
            d.get(..2).unwrap_or(d).parse::<u32>(),
        )
        && valid(y, m, d)
    {
        return Some(format!("{y:04}-{m:02}-{d:02}"));
    }
    if let [d, m, y] = t.split('/').collect::<Vec<_>>().as_slice()
        && let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<u32>())
        && valid(y, m, d)
    {
        return Some(format!("{y:04}-{m:02}-{d:02}"));
    }
    None
}

/// Reads the plan. Errors only when the table lacks the required columns; row problems are
/// in the plan's `rejected` and `warnings`.
pub fn read_plan(table: &RawTable, dataset: &Dataset) -> Result<ActionPlan, PlanError> {
    let file = table.file_name();
    let (Some(c_territory), Some(c_title), Some(c_axis)) = (
        table.column(&TERRITORY),
        table.column(&TITLE),
        table.column(&AXIS),
    ) else {
        let mut missing = Vec::new();
        if table.column(&TERRITORY).is_none() {
            missing.push("id_territoire");
        }
        if table.column(&TITLE).is_none() {
            missing.push("titre_action");
        }
        if table.column(&AXIS).is_none() {
            missing.push("axe");
        }
        return Err(PlanError {
            file,
            missing: missing.join(", "),
        });
    };
    let c_name = table.column(&["nom_territoire", "nom_ti"]);
    let c_status = table.column(&["statut", "etat", "avancement"]);
    let c_lead = table.column(&["porteur", "maitre_ouvrage", "maitre_d_ouvrage", "pilote"]);
    let c_total = table.column(&[
        "montant_total_eur",
        "montant_total",
        "cout_total",
        "cout_total_eur",
    ]);
    let c_state = table.column(&[
        "montant_etat_eur",
        "montant_etat",
        "part_etat",
        "financement_etat",
    ]);
    let c_start = table.column(&["date_debut", "debut"]);
    let c_end = table.column(&["date_fin", "fin"]);
    let c_desc = table.column(&["description", "commentaire", "texte"]);

    let territories: Vec<_> = dataset.territories(Generation::Temps2).collect();
    let by_id: HashMap<String, usize> = territories
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.to_lowercase(), i))
        .collect();
    let by_name: HashMap<String, usize> = territories
        .iter()
        .enumerate()
        .map(|(i, t)| (search_form(&t.name), i))
        .collect();

    let mut plan = ActionPlan {
        source_name: file,
        ..ActionPlan::default()
    };
    let headers = &table.headers;
    for (row, cells) in table.numbered_rows() {
        let cell = |c: Option<usize>| -> Option<&str> {
            c.and_then(|i| cells.get(i))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        let header = |c: usize| headers.get(c).cloned();
        let reject = |column: usize, problem: String| RowProblem {
            row,
            column: header(column),
            problem,
        };
        let Some(id_text) = cell(Some(c_territory)) else {
            plan.rejected
                .push(reject(c_territory, "territoire absent".into()));
            continue;
        };
        let Some(t) = by_id
            .get(&id_text.to_lowercase())
            .or_else(|| by_name.get(&search_form(id_text)))
            .and_then(|&i| territories.get(i))
        else {
            plan.rejected.push(reject(
                c_territory,
                format!("territoire inconnu : « {id_text} » (identifiant ti-RRNN des territoires 2023-2027 attendu)"),
            ));
            continue;
        };
        let Some(title) = cell(Some(c_title)) else {
            plan.rejected
                .push(reject(c_title, "intitulé de l'action absent".into()));
            continue;
        };
        let axis_text = cell(Some(c_axis)).unwrap_or("");
        let Some(axis) = Axis::parse(axis_text) else {
            plan.rejected.push(reject(
                c_axis,
                format!(
                    "axe non reconnu : « {axis_text} » (attendu : {})",
                    Axis::ALL.map(Axis::label_fr).join(", ")
                ),
            ));
            continue;
        };
        if let (Some(name), Some(c)) = (cell(c_name), c_name)
            && search_form(name) != search_form(&t.name)
        {
            plan.warnings.push(reject(
                c,
                format!(
                    "nom « {name} » différent de celui du territoire {} : « {} »",
                    t.id, t.name
                ),
            ));
        }
        let mut amount = |c: Option<usize>| -> Option<f64> {
            let text = cell(c)?;
            match parse_number_fr(text) {
                NumberCell::Number(x) => Some(x),
                NumberCell::Missing => None,
                NumberCell::Invalid(s) => {
                    plan.warnings.push(RowProblem {
                        row,
                        column: c.and_then(header),
                        problem: format!("montant illisible : « {s} » (laissé vide)"),
                    });
                    None
                }
            }
        };
        let amount_total_eur = amount(c_total);
        let amount_state_eur = amount(c_state);
        let mut date = |c: Option<usize>| -> Option<String> {
            let text = cell(c)?;
            let parsed = parse_date_fr(text);
            if parsed.is_none() {
                plan.warnings.push(RowProblem {
                    row,
                    column: c.and_then(header),
                    problem: format!(
                        "date illisible : « {text} » (AAAA-MM-JJ ou JJ/MM/AAAA ; laissée vide)"
                    ),
                });
            }
            parsed
        };
        let start = date(c_start);
        let end = date(c_end);
        plan.actions.push(Action {
            row,
            territory: t.id.clone(),
            title: title.to_owned(),
            axis,
            status: cell(c_status).and_then(Status::parse),
            lead: cell(c_lead).map(str::to_owned),
            amount_total_eur,
            amount_state_eur,
            start,
            end,
            description: cell(c_desc).map(str::to_owned),
        });
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_iso_or_french_order() {
        assert_eq!(parse_date_fr("2024-03-01"), Some("2024-03-01".into()));
        assert_eq!(
            parse_date_fr("2024-03-01T00:00:00"),
            Some("2024-03-01".into())
        );
        assert_eq!(parse_date_fr("1/3/2024"), Some("2024-03-01".into()));
        assert_eq!(parse_date_fr("31/12/2026"), Some("2026-12-31".into()));
        assert_eq!(parse_date_fr("13/13/2024"), None);
        assert_eq!(parse_date_fr("mars 2024"), None);
    }
}
