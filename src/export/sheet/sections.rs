//! The sections of the PDF sheet, written from the sheet's view model: key figures, members,
//! plan and projects (grouped in one short section when neither was imported). Labels wrap and
//! nothing is cut; the only menu named is the one that imports what makes a value exact.

use super::super::svg::TextStyle;
use super::pages::{Flow, INK, MUTED};
use crate::sheet::view::{KeyFigures, MemberTable, PlanView, ProjectsView};

fn small() -> TextStyle {
    TextStyle::new(7.5).colour(MUTED)
}

fn body() -> TextStyle {
    TextStyle::new(8.5).colour(INK)
}

/// The key figures table, then one line per member spread (a growth rate's spread only when
/// the sheet has no "Dynamiques" block, which gives it).
pub fn figures(flow: &mut Flow, figures: &KeyFigures, dynamics_block: bool) {
    flow.heading("Chiffres clés, comparés à la région et à la France");
    let mut notes = Vec::new();
    let mut growth_elsewhere = false;
    let rows: Vec<Vec<String>> = figures
        .shown()
        .map(|f| {
            // The territory's own value stays in its column ("non calculable"); the members'
            // range and median go on their own line under the table.
            let value = f.value.clone();
            match (&f.spread, &f.reason) {
                (Some(_), _) if f.growth && dynamics_block => growth_elsewhere = true,
                (Some(spread), _) => notes.push(format!("{} : {}", f.label, spread.text)),
                (None, Some(why)) => notes.push(format!("{} : {why}", f.label)),
                (None, None) => {}
            }
            let (region, france) =
                f.comparison.as_ref().map_or(("—".into(), "—".into()), |c| {
                    (c.region.clone(), c.france.clone())
                });
            vec![
                f.label.clone(),
                value,
                f.rank.as_ref().map(|r| r.short.clone()).unwrap_or_default(),
                region,
                france,
            ]
        })
        .collect();
    flow.table(
        &[0.33, 0.25, 0.1, 0.16, 0.16],
        &[false, true, true, true, true],
        &["Indicateur", "Territoire", "Rang", "Région", "France"],
        &rows,
    );
    if growth_elsewhere {
        notes.push(
            "Évolutions annuelles de l'emploi : non calculables pour le territoire ; l'étendue et \
             la médiane des membres sont données dans «\u{a0}Dynamiques de l'emploi\u{a0}»."
                .to_owned(),
        );
    }
    for note in notes {
        flow.paragraph(&note, small(), false);
    }
    flow.paragraph(&figures.rank_note, small(), false);
    if let Some(note) = &figures.spread_note {
        flow.paragraph(note, small(), false);
    }
}

pub fn members(flow: &mut Flow, table: &MemberTable) {
    flow.heading(&table.title);
    let industry = table
        .columns
        .iter()
        .position(|c| c.id == "part_emploi_industrie");
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|m| {
            let mut row = vec![
                m.name.clone(),
                m.nature_short.clone(),
                m.siren.clone(),
                m.population_text.clone(),
            ];
            if let Some(k) = industry {
                row.push(m.value_texts.get(k).cloned().unwrap_or_default());
            }
            row
        })
        .collect();
    match industry {
        Some(_) => flow.table(
            &[0.45, 0.12, 0.15, 0.14, 0.14],
            &[false, false, false, true, true],
            &["Nom", "Nature", "SIREN", "Population", "Industrie (%)"],
            &rows,
        ),
        None => flow.table(
            &[0.52, 0.14, 0.17, 0.17],
            &[false, false, false, true],
            &["Nom", "Nature", "SIREN", "Population"],
            &rows,
        ),
    }
    for m in &table.rows {
        if let (Some(note), Some(_)) = (&m.population_note, m.population) {
            flow.paragraph(
                &format!("Population de {} : {note}.", m.name),
                small(),
                false,
            );
        }
    }
    for note in &table.notes {
        flow.paragraph(note, small(), false);
    }
}

/// The plan and the projects; one short section when neither file was imported.
pub fn plan_and_projects(
    flow: &mut Flow,
    plan: &PlanView,
    projects: &ProjectsView,
    waiting: &[String],
) {
    let waiting_text =
        (!waiting.is_empty()).then(|| format!(" Indicateurs concernés : {}.", waiting.join(", ")));
    if *plan == PlanView::NotImported && *projects == ProjectsView::NotImported {
        flow.heading("Plan d'actions et projets financés");
        flow.paragraph(
            &format!(
                "Non disponibles : les plans d'actions des territoires et la liste des projets \
                 financés ne sont pas publics, et aucun de ces fichiers n'a été importé pour cette \
                 fiche.{}",
                waiting_text.unwrap_or_default()
            ),
            body().colour(MUTED),
            false,
        );
        return;
    }
    plan_section(flow, plan);
    projects_section(flow, projects);
    if let Some(text) = waiting_text {
        flow.paragraph(
            &format!("Sans le fichier correspondant :{text}"),
            small(),
            false,
        );
    }
}

fn plan_section(flow: &mut Flow, plan: &PlanView) {
    flow.heading("Plan d'actions");
    match plan {
        PlanView::NotImported => flow.paragraph(
            "non disponible : les plans d'actions ne sont pas publics et celui du territoire n'a pas été importé.",
            body().colour(MUTED),
            false,
        ),
        PlanView::Absent { file } => flow.paragraph(
            &format!("non disponible : territoire absent du plan d'actions importé ({file})."),
            body().colour(MUTED),
            false,
        ),
        PlanView::Actions { summary, axes, .. } => {
            flow.paragraph(&format!("{summary}."), body(), false);
            for axis in axes {
                flow.space(4.0);
                flow.paragraph(&axis.heading, body().bold(), true);
                let rows: Vec<Vec<String>> = axis
                    .actions
                    .iter()
                    .map(|a| {
                        vec![
                            a.title.clone(),
                            a.status.clone().unwrap_or_default(),
                            a.lead.clone().unwrap_or_default(),
                            a.period.clone().unwrap_or_default(),
                            a.amount_total.clone().unwrap_or_default(),
                        ]
                    })
                    .collect();
                flow.table(
                    &[0.36, 0.11, 0.18, 0.2, 0.15],
                    &[false, false, false, false, true],
                    &["Action", "Statut", "Porteur", "Période", "Coût total"],
                    &rows,
                );
            }
        }
    }
}

fn projects_section(flow: &mut Flow, projects: &ProjectsView) {
    flow.heading("Projets financés");
    match projects {
        ProjectsView::NotImported => flow.paragraph(
            "non disponible : la liste DGE « Plan de relance – Projets industriels » n'a pas été importée.",
            body().colour(MUTED),
            false,
        ),
        ProjectsView::Listed {
            projects, summary, ..
        } => {
            flow.paragraph(&format!("{summary}."), body(), !projects.is_empty());
            if projects.is_empty() {
                return;
            }
            let rows: Vec<Vec<String>> = projects
                .iter()
                .map(|p| {
                    vec![
                        p.company.clone(),
                        p.mesure.clone(),
                        p.filiere.clone().unwrap_or_default(),
                        p.commune.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            flow.table(
                &[0.3, 0.32, 0.2, 0.18],
                &[false; 4],
                &["Entreprise", "Mesure", "Filière", "Commune"],
                &rows,
            );
        }
    }
}
