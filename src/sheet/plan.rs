//! The sections fed by the user's files: the territory's action plan by axis and the funded
//! projects placed in it.

use super::text::capitalised;
use super::view::{ActionView, AxisActions, PlanView, ProjectView, ProjectsView};
use crate::format::{amount_eur_fr, date_long_fr};
use crate::model::TerritoryId;
use crate::model::imports::Imports;
use crate::model::imports::action_plan::Action;
use crate::model::imports::projects::{Placement, Project, ProjectSort};
use crate::model::indicators::table_sort::compare_text_fr;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n > 1 { many } else { one })
}

fn action_view(a: &Action) -> ActionView {
    let amount_total = a.amount_total_eur.map(amount_eur_fr);
    let amount_state = a.amount_state_eur.map(amount_eur_fr);
    let period = match (&a.start, &a.end) {
        (Some(s), Some(e)) => Some(format!("du {} au {}", date_long_fr(s), date_long_fr(e))),
        (Some(s), None) => Some(format!("à partir du {}", date_long_fr(s))),
        (None, Some(e)) => Some(format!("jusqu'au {}", date_long_fr(e))),
        (None, None) => None,
    };
    let details: Vec<String> = [
        a.lead.as_ref().map(|l| format!("porteur : {l}")),
        amount_total.as_ref().map(|x| format!("coût : {x}")),
        amount_state.as_ref().map(|x| format!("État : {x}")),
        period.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    ActionView {
        title: a.title.clone(),
        status: a.status.as_ref().map(|s| s.label_fr().to_owned()),
        lead: a.lead.clone(),
        amount_total,
        amount_state,
        period,
        details: details.join(" · "),
        description: a.description.clone(),
    }
}

/// The plan of the territory `territory_id`, by axis (programme order, file order within).
pub fn plan_view(imports: &Imports, territory_id: &TerritoryId) -> PlanView {
    let Some(plan) = &imports.plan else {
        return PlanView::NotImported;
    };
    let file = plan.source_name.clone();
    let groups = plan.by_axis(territory_id);
    if groups.is_empty() {
        return PlanView::Absent { file };
    }
    let total = groups.iter().map(|(_, a)| a.len()).sum();
    let counts: Vec<String> = groups
        .iter()
        .map(|(axis, a)| format!("{} : {}", axis.label_fr(), a.len()))
        .collect();
    let axes = groups
        .into_iter()
        .map(|(axis, actions)| {
            let title = capitalised(axis.label_fr());
            AxisActions {
                axis,
                heading: format!("{title} ({})", actions.len()),
                title,
                actions: actions.into_iter().map(action_view).collect(),
            }
        })
        .collect();
    PlanView::Actions {
        summary: format!(
            "{} dans {file} — {}",
            plural(total, "action", "actions"),
            counts.join(" · ")
        ),
        file,
        total,
        axes,
    }
}

fn project_view(p: &Project) -> ProjectView {
    let line: Vec<&str> = std::iter::once(p.mesure.as_str())
        .chain(p.filiere.as_deref())
        .chain(p.commune.as_deref())
        .collect();
    ProjectView {
        row: p.row,
        company: p.company.clone(),
        mesure: p.mesure.clone(),
        filiere: p.filiere.clone(),
        commune: p.commune.clone(),
        line: line.join(" · "),
    }
}

/// The projects placed in the 2023-2027 territory at `index`, by company.
pub fn projects_view(imports: &Imports, index: usize) -> ProjectsView {
    let Some(list) = &imports.projects else {
        return ProjectsView::NotImported;
    };
    let mut mine: Vec<&Project> = list
        .projects
        .iter()
        .filter(|p| p.placement == Placement::Territory(index))
        .collect();
    ProjectSort::Company.sort(&mut mine);
    let choices = |f: fn(&Project) -> Option<&str>| -> Vec<String> {
        let mut v: Vec<String> = mine
            .iter()
            .filter_map(|p| f(p))
            .map(str::to_owned)
            .collect();
        v.sort_by(|a, b| compare_text_fr(a, b));
        v.dedup();
        v
    };
    let mesures = choices(|p| Some(p.mesure.as_str()));
    let filieres = choices(|p| p.filiere.as_deref());
    let file = list.source_name.clone();
    ProjectsView::Listed {
        summary: format!(
            "{} dans le territoire d'après leurs coordonnées ({file})",
            if mine.is_empty() {
                "Aucun projet placé".to_owned()
            } else {
                plural(mine.len(), "projet placé", "projets placés")
            }
        ),
        projects: mine.into_iter().map(project_view).collect(),
        file,
        mesures,
        filieres,
    }
}
