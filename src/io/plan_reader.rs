//! Action plans from the users' tables (schema: assets/templates/plan-actions.csv, described
//! in README): one action per row, placed in a 2023-2027 territory by its id (or exact name).
//! Rows that cannot be taken are listed with the reason; nothing is silently dropped.

use std::collections::HashMap;

use super::table::RawTable;
use super::table::numbers::{NumberCell, parse_number_fr};
use crate::io::limits::quoted;
use crate::model::imports::action_plan::{Action, ActionPlan, Axis, RowProblem, Status, iso_date};
use crate::model::imports::column_map::accepted;
use crate::model::text::search_form;
use crate::model::{Dataset, Generation};

/// Why a table is not an action plan, or gave no action.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(
        "{file} : ce n'est pas un plan d'actions : colonne(s) manquante(s) : {missing} (colonnes attendues : id_territoire, titre_action, axe ; voir le modèle assets/templates/plan-actions.csv, ou, en ligne de commande, nommez vos colonnes avec --columns, par exemple --columns \"titre_action=Intitulé de l'action,axe=Axe\")"
    )]
    Columns { file: String, missing: String },
    #[error(
        "{file} : aucune action importée : les {rejected} ligne(s) ont été rejetées (ligne {first_row} : {first})"
    )]
    NothingImported {
        file: String,
        rejected: usize,
        first_row: usize,
        first: String,
    },
}

// The names each field is read under are the column mapping's (one list for both).
const TERRITORY: &str = "id_territoire";
const TITLE: &str = "titre_action";
const AXIS: &str = "axe";
/// Whether the headers look like an action plan.
pub fn looks_like_plan(table: &RawTable) -> bool {
    table.column(accepted(AXIS)).is_some() && table.column(accepted(TITLE)).is_some()
}

/// "2024-03-01", "01/03/2024", "1/3/2024" → "2024-03-01"; an impossible date ("2024-02-31")
/// or an unreadable text gives the reason.
pub fn parse_date_fr(text: &str) -> Result<String, String> {
    let t = text.trim();
    let unreadable = || {
        format!(
            "date illisible : « {} » (AAAA-MM-JJ ou JJ/MM/AAAA)",
            crate::io::limits::quoted(t)
        )
    };
    let parts: Vec<&str> = t.splitn(4, ['-', '/']).collect();
    let (y, m, d) = match parts.as_slice() {
        [y, m, d] if t.contains('-') && !t.contains('/') => {
            (*y, *m, d.get(..2).filter(|_| d.len() > 2).unwrap_or(d))
        }
        [d, m, y] if t.contains('/') && !t.contains('-') => (*y, *m, *d),
        _ => return Err(unreadable()),
    };
    // "2024-03-01T00:00:00": only the date; anything else after the day is unreadable.
    if t.contains('-')
        && parts
            .get(2)
            .is_some_and(|p| p.len() > 2 && !p.get(2..).is_some_and(|r| r.starts_with('T')))
    {
        return Err(unreadable());
    }
    let digits = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match (digits(y), digits(m), digits(d)) {
        (Some(y), Some(m), Some(d)) => iso_date(y, m, d).map_err(|why| {
            format!(
                "date impossible : « {} » ({why})",
                crate::io::limits::quoted(t)
            )
        }),
        _ => Err(unreadable()),
    }
}

/// Reads the plan. Errors only when the table lacks the required columns; row problems are
/// in the plan's `rejected` and `warnings`.
pub fn read_plan(table: &RawTable, dataset: &Dataset) -> Result<ActionPlan, PlanError> {
    let file = table.file_name();
    let (Some(c_territory), Some(c_title), Some(c_axis)) = (
        table.column(accepted(TERRITORY)),
        table.column(accepted(TITLE)),
        table.column(accepted(AXIS)),
    ) else {
        let mut missing = Vec::new();
        if table.column(accepted(TERRITORY)).is_none() {
            missing.push("id_territoire");
        }
        if table.column(accepted(TITLE)).is_none() {
            missing.push("titre_action");
        }
        if table.column(accepted(AXIS)).is_none() {
            missing.push("axe");
        }
        return Err(PlanError::Columns {
            file,
            missing: missing.join(", "),
        });
    };
    let c_name = table.column(accepted("nom_territoire"));
    let c_status = table.column(accepted("statut"));
    let c_lead = table.column(accepted("porteur"));
    let c_total = table.column(accepted("montant_total_eur"));
    let c_state = table.column(accepted("montant_etat_eur"));
    let c_start = table.column(accepted("date_debut"));
    let c_end = table.column(accepted("date_fin"));
    let c_desc = table.column(accepted("description"));

    let territories: Vec<_> = dataset.territories(Generation::Temps2).collect();
    let by_id: HashMap<String, usize> = territories
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str().to_lowercase(), i))
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
        // An empty key cell inside a merged area: say why.
        let absent = |column: usize, what: &str| match table.merged_hint(row, column) {
            Some(hint) => format!("{what} absent ({hint})"),
            None => format!("{what} absent"),
        };
        let Some(id_text) = cell(Some(c_territory)) else {
            plan.rejected
                .push(reject(c_territory, absent(c_territory, "territoire")));
            continue;
        };
        let Some(t) = by_id
            .get(&id_text.to_lowercase())
            .or_else(|| by_name.get(&search_form(id_text)))
            .and_then(|&i| territories.get(i))
        else {
            plan.rejected.push(reject(
                c_territory,
                format!(
                    "territoire inconnu : « {} » (identifiant ti-RRNN des territoires 2023-2027 attendu)",
                    quoted(id_text)
                ),
            ));
            continue;
        };
        let Some(title) = cell(Some(c_title)) else {
            plan.rejected
                .push(reject(c_title, absent(c_title, "intitulé de l'action")));
            continue;
        };
        let axis_text = cell(Some(c_axis)).unwrap_or("");
        let Some(axis) = Axis::parse(axis_text) else {
            let mut problem = format!(
                "axe non reconnu : « {} » (attendu : {})",
                quoted(axis_text),
                Axis::ALL.map(Axis::label_fr).join(", ")
            );
            if axis_text.is_empty()
                && let Some(hint) = table.merged_hint(row, c_axis)
            {
                problem = format!("axe absent ({hint})");
            }
            plan.rejected.push(reject(c_axis, problem));
            continue;
        };
        if let (Some(name), Some(c)) = (cell(c_name), c_name)
            && search_form(name) != search_form(&t.name)
        {
            plan.warnings.push(reject(
                c,
                format!(
                    "nom « {} » différent de celui du territoire {} : « {} »",
                    quoted(name),
                    t.id,
                    t.name
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
                        problem: format!("montant illisible : « {} » (laissé vide)", quoted(&s)),
                    });
                    None
                }
            }
        };
        let amount_total_eur = amount(c_total);
        let amount_state_eur = amount(c_state);
        let mut date = |c: Option<usize>| -> Option<String> {
            let text = cell(c)?;
            match parse_date_fr(text) {
                Ok(date) => Some(date),
                Err(why) => {
                    plan.warnings.push(RowProblem {
                        row,
                        column: c.and_then(header),
                        problem: format!("{why} ; laissée vide"),
                    });
                    None
                }
            }
        };
        let start = date(c_start);
        let end = date(c_end);
        let action = Action {
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
        };
        for (column, problem) in action.inconsistencies() {
            let c = match column {
                "date_fin" => c_end,
                "montant_total_eur" => c_total,
                _ => c_state,
            };
            plan.warnings.push(RowProblem {
                row,
                column: c.and_then(header).or_else(|| Some(column.to_owned())),
                problem: format!("{problem} (action gardée telle quelle)"),
            });
        }
        plan.actions.push(action);
    }
    if plan.actions.is_empty() {
        let first = plan.rejected.first();
        return Err(PlanError::NothingImported {
            file: plan.source_name,
            rejected: plan.rejected.len(),
            first_row: first.map_or(0, |r| r.row),
            first: first.map_or_else(String::new, |r| r.problem.clone()),
        });
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_iso_or_french_order() {
        assert_eq!(parse_date_fr("2024-03-01"), Ok("2024-03-01".into()));
        assert_eq!(
            parse_date_fr("2024-03-01T00:00:00"),
            Ok("2024-03-01".into())
        );
        assert_eq!(parse_date_fr("1/3/2024"), Ok("2024-03-01".into()));
        assert_eq!(parse_date_fr("31/12/2026"), Ok("2026-12-31".into()));
        assert_eq!(parse_date_fr("29/02/2024"), Ok("2024-02-29".into()));
        assert!(parse_date_fr("13/13/2024").unwrap_err().contains("mois 13"));
        assert!(
            parse_date_fr("mars 2024")
                .unwrap_err()
                .contains("illisible")
        );
        assert!(
            parse_date_fr("2024-03-01x")
                .unwrap_err()
                .contains("illisible")
        );
        assert!(parse_date_fr("2024-03").unwrap_err().contains("illisible"));
        assert!(
            parse_date_fr("1/3/2024/5")
                .unwrap_err()
                .contains("illisible")
        );
    }

    #[test]
    fn impossible_dates_are_said() {
        let e = parse_date_fr("2024-02-31").unwrap_err();
        assert!(
            e.contains("date impossible") && e.contains("31 février 2024"),
            "{e}"
        );
        let e = parse_date_fr("29/02/2023").unwrap_err();
        assert!(
            e.contains("29 février 2023") && e.contains("28 jours"),
            "{e}"
        );
        assert!(parse_date_fr("31/04/2024").is_err());
    }
}
