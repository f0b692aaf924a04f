//! Sheet sections fed by the user's files: the territory's action plan grouped by axis, and its
//! funded projects (sortable by company, mesure, filière, commune or file order; filterable by
//! mesure and filière). Both drawn from the sheet's view model.

use egui::RichText;

use crate::model::imports::projects::{ProjectSort, SortFields};
use crate::sheet::view::{PlanView, ProjectView, ProjectsView};

/// Filters of the project list, kept between frames.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProjectFilter {
    pub mesure: Option<String>,
    pub filiere: Option<String>,
    pub sort: ProjectSort,
}

/// The plan of one territory, by axis, with each action's status, lead, amounts and dates.
pub fn plan_ui(ui: &mut egui::Ui, plan: &PlanView) {
    ui.strong("Plan d'actions");
    match plan {
        PlanView::NotImported => {
            ui.small("non disponible — importer un plan d'actions (Fichier > Importer…)");
        }
        PlanView::Absent { file } => {
            ui.small(format!(
                "aucune action de ce territoire dans le fichier importé ({file})"
            ));
        }
        PlanView::Actions {
            file,
            summary,
            axes,
            ..
        } => {
            ui.small(summary);
            for axis in axes {
                egui::CollapsingHeader::new(&axis.heading)
                    .id_salt(("axe", axis.axis.id()))
                    .default_open(true)
                    .show(ui, |ui| {
                        for a in &axis.actions {
                            ui.horizontal_wrapped(|ui| {
                                ui.label(RichText::new(&a.title).strong());
                                if let Some(s) = &a.status {
                                    // A status goes to the next line whole, never cut mid-word.
                                    ui.add(
                                        egui::Label::new(RichText::new(format!("[{s}]")).small())
                                            .wrap_mode(egui::TextWrapMode::Extend),
                                    );
                                }
                            });
                            if !a.details.is_empty() {
                                ui.small(&a.details);
                            }
                            if let Some(d) = &a.description {
                                ui.small(d);
                            }
                        }
                    });
            }
            ui.small(format!("Source : {file}"));
        }
    }
}

fn fields(p: &ProjectView) -> SortFields<'_> {
    SortFields {
        company: &p.company,
        mesure: &p.mesure,
        filiere: p.filiere.as_deref(),
        commune: p.commune.as_deref(),
        row: p.row,
    }
}

/// The projects placed in the territory, with filters.
pub fn projects_ui(ui: &mut egui::Ui, view: &ProjectsView, filter: &mut ProjectFilter) {
    ui.strong("Projets financés");
    let ProjectsView::Listed {
        file,
        projects,
        summary,
        mesures,
        filieres,
    } = view
    else {
        ui.small("non disponible — importer la liste « Plan de relance – Projets industriels » (Fichier > Importer…)");
        return;
    };
    ui.small(summary);
    if projects.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        combo_ui(
            ui,
            "mesure",
            "Toutes les mesures",
            mesures,
            &mut filter.mesure,
        );
        combo_ui(
            ui,
            "filiere",
            "Toutes les filières",
            filieres,
            &mut filter.filiere,
        );
        let combo = egui::ComboBox::from_id_salt("tri-projets")
            .selected_text(format!("Trier par {}", filter.sort.label_fr()))
            .width(170.0)
            .show_ui(ui, |ui| {
                for s in ProjectSort::ALL {
                    ui.selectable_value(&mut filter.sort, s, s.label_fr());
                }
            });
        crate::ui::name_widget(&combo.response, "Tri des projets");
    });
    let mut shown: Vec<&ProjectView> = projects
        .iter()
        .filter(|p| filter.mesure.as_ref().is_none_or(|m| &p.mesure == m))
        .filter(|p| {
            filter
                .filiere
                .as_ref()
                .is_none_or(|f| p.filiere.as_ref() == Some(f))
        })
        .collect();
    filter.sort.sort_by_fields(&mut shown, |p| fields(p));
    ui.small(format!(
        "{} projet(s) affiché(s) sur {}",
        shown.len(),
        projects.len()
    ));
    for p in shown {
        ui.label(RichText::new(&p.company).strong());
        ui.small(&p.line);
    }
    ui.small(format!("Source : {file}"));
}

fn combo_ui(
    ui: &mut egui::Ui,
    id: &str,
    all: &str,
    values: &[String],
    current: &mut Option<String>,
) {
    let combo = egui::ComboBox::from_id_salt(("filtre-projets", id))
        .selected_text(current.as_deref().unwrap_or(all))
        .width(170.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(current, None, all);
            for v in values {
                ui.selectable_value(current, Some(v.clone()), v);
            }
        });
    crate::ui::name_widget(&combo.response, &format!("Filtre des projets : {id}"));
}
