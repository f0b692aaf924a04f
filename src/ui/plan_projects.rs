//! Sheet sections fed by the user's files: the territory's action plan grouped by axis, and its
//! funded projects (sortable by company, mesure, filière, commune or file order; filterable by
//! mesure and filière).

use egui::RichText;

use crate::format::figure_fr;
use crate::model::imports::action_plan::ActionPlan;
use crate::model::imports::projects::{Placement, Project, ProjectList, ProjectSort};
use crate::model::indicators::table_sort::compare_text_fr;

/// Filters of the project list, kept between frames.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProjectFilter {
    pub mesure: Option<String>,
    pub filiere: Option<String>,
    pub sort: ProjectSort,
}

/// The plan of one territory, by axis, with each action's status, lead and amounts.
pub fn plan_ui(ui: &mut egui::Ui, plan: Option<&ActionPlan>, territory_id: &str) {
    ui.strong("Plan d'actions");
    let Some(plan) = plan else {
        ui.small("non disponible — importer un plan d'actions (Fichier > Importer…)");
        return;
    };
    let groups = plan.by_axis(territory_id);
    if groups.is_empty() {
        ui.small(format!(
            "aucune action de ce territoire dans le fichier importé ({})",
            plan.source_name
        ));
        return;
    }
    for (axis, actions) in groups {
        egui::CollapsingHeader::new(format!(
            "{} ({})",
            capitalised(axis.label_fr()),
            actions.len()
        ))
        .id_salt(("axe", axis.id()))
        .default_open(true)
        .show(ui, |ui| {
            for a in actions {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(&a.title).strong());
                    if let Some(s) = &a.status {
                        ui.small(format!("[{}]", s.label_fr()));
                    }
                });
                let mut details = Vec::new();
                if let Some(l) = &a.lead {
                    details.push(format!("porteur : {l}"));
                }
                if let Some(x) = a.amount_total_eur {
                    details.push(format!("coût : {}", figure_fr(x, "€")));
                }
                if let Some(x) = a.amount_state_eur {
                    details.push(format!("État : {}", figure_fr(x, "€")));
                }
                match (&a.start, &a.end) {
                    (Some(s), Some(e)) => details.push(format!("du {s} au {e}")),
                    (Some(s), None) => details.push(format!("depuis {s}")),
                    (None, Some(e)) => details.push(format!("jusqu'au {e}")),
                    (None, None) => {}
                }
                if !details.is_empty() {
                    ui.small(details.join(" · "));
                }
                if let Some(d) = &a.description {
                    ui.small(d);
                }
            }
        });
    }
    ui.small(format!("Source : {}", plan.source_name));
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The projects placed in the territory `index`, with filters.
pub fn projects_ui(
    ui: &mut egui::Ui,
    list: Option<&ProjectList>,
    index: usize,
    filter: &mut ProjectFilter,
) {
    ui.strong("Projets financés");
    let Some(list) = list else {
        ui.small("non disponible — importer la liste « Plan de relance – Projets industriels » (Fichier > Importer…)");
        return;
    };
    let mut projects: Vec<&Project> = list
        .projects
        .iter()
        .filter(|p| p.placement == Placement::Territory(index))
        .collect();
    if projects.is_empty() {
        ui.small(format!(
            "aucun projet de {} dans ce territoire",
            list.source_name
        ));
        return;
    }
    filter.sort.sort(&mut projects);
    let options = |f: fn(&Project) -> Option<&str>| -> Vec<String> {
        let mut v: Vec<String> = projects
            .iter()
            .filter_map(|p| f(p))
            .map(str::to_owned)
            .collect();
        v.sort_by(|a, b| compare_text_fr(a, b));
        v.dedup();
        v
    };
    let mesures = options(|p| Some(p.mesure.as_str()));
    let filieres = options(|p| p.filiere.as_deref());
    ui.horizontal_wrapped(|ui| {
        combo_ui(
            ui,
            "mesure",
            "Toutes les mesures",
            &mesures,
            &mut filter.mesure,
        );
        combo_ui(
            ui,
            "filiere",
            "Toutes les filières",
            &filieres,
            &mut filter.filiere,
        );
        egui::ComboBox::from_id_salt("tri-projets")
            .selected_text(format!("Trier par {}", filter.sort.label_fr()))
            .width(170.0)
            .show_ui(ui, |ui| {
                for s in ProjectSort::ALL {
                    ui.selectable_value(&mut filter.sort, s, s.label_fr());
                }
            });
    });
    let shown: Vec<&&Project> = projects
        .iter()
        .filter(|p| filter.mesure.as_ref().is_none_or(|m| &p.mesure == m))
        .filter(|p| {
            filter
                .filiere
                .as_ref()
                .is_none_or(|f| p.filiere.as_ref() == Some(f))
        })
        .collect();
    ui.small(format!("{} projet(s) sur {}", shown.len(), projects.len()));
    for p in shown {
        ui.label(RichText::new(&p.company).strong());
        let mut line = vec![p.mesure.clone()];
        if let Some(f) = &p.filiere {
            line.push(f.clone());
        }
        if let Some(c) = &p.commune {
            line.push(c.clone());
        }
        ui.small(line.join(" · "));
    }
    ui.small(format!("Source : {}", list.source_name));
}

fn combo_ui(
    ui: &mut egui::Ui,
    id: &str,
    all: &str,
    values: &[String],
    current: &mut Option<String>,
) {
    egui::ComboBox::from_id_salt(("filtre-projets", id))
        .selected_text(current.as_deref().unwrap_or(all))
        .width(170.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(current, None, all);
            for v in values {
                ui.selectable_value(current, Some(v.clone()), v);
            }
        });
}
