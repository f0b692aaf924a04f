//! The DGE "Plan de relance – Projets industriels" CSV, read as it is published (columns in
//! ../shared/notes/data.md): each project placed in a 2023-2027 territory by point-in-polygon on
//! `coordonnees_gps`; projects outside every territory or without coordinates are kept.

use super::limits::quoted;
use super::table::RawTable;
use crate::model::imports::action_plan::RowProblem;
use crate::model::imports::projects::{
    Placement, Project, ProjectList, TerritoryLocator, looks_swapped, parse_lat_lon,
};

/// Why a table is not a project list, or gave no project.
#[derive(Debug, thiserror::Error)]
pub enum ProjectsError {
    #[error(
        "{file} : ce n'est pas la liste « Plan de relance – Projets industriels » : colonne(s) manquante(s) : {missing}"
    )]
    Columns { file: String, missing: String },
    #[error(
        "{file} : aucun projet importé : les {rejected} ligne(s) ont été rejetées (ligne {first_row} : {first})"
    )]
    NothingImported {
        file: String,
        rejected: usize,
        first_row: usize,
        first: String,
    },
}

/// Whether the headers look like the DGE project list.
pub fn looks_like_projects(table: &RawTable) -> bool {
    table.column(&["coordonnees_gps"]).is_some() && table.column(&["mesure"]).is_some()
}

/// Reads the projects and places them.
pub fn read_projects(
    table: &RawTable,
    locator: &TerritoryLocator,
) -> Result<ProjectList, ProjectsError> {
    let file = table.file_name();
    let required = [
        ("entreprise", table.column(&["entreprise"])),
        ("mesure", table.column(&["mesure"])),
        ("coordonnees_gps", table.column(&["coordonnees_gps"])),
    ];
    let missing: Vec<&str> = required
        .iter()
        .filter(|(_, c)| c.is_none())
        .map(|(n, _)| *n)
        .collect();
    let [(_, Some(c_company)), (_, Some(c_mesure)), (_, Some(c_gps))] = required else {
        return Err(ProjectsError::Columns {
            file,
            missing: missing.join(", "),
        });
    };
    let c_siren = table.column(&["siren"]);
    let c_filiere = table.column(&["filiere"]);
    let c_desc = table.column(&["description_projet", "description"]);
    let c_commune = table.column(&["nom_commune"]);
    let c_dep = table.column(&["code_departement"]);
    let c_region = table.column(&["nom_region"]);
    let mut list = ProjectList {
        source_name: file,
        ..ProjectList::default()
    };
    for (row, cells) in table.numbered_rows() {
        let cell = |c: Option<usize>| -> Option<String> {
            c.and_then(|i| cells.get(i))
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        let company = cell(Some(c_company));
        let mesure = cell(Some(c_mesure));
        if company.is_none() && mesure.is_none() {
            list.rejected.push(RowProblem {
                row,
                column: None,
                problem: "ni entreprise ni mesure : ligne ignorée".into(),
            });
            continue;
        }
        let gps = cell(Some(c_gps)).unwrap_or_default();
        let lon_lat = parse_lat_lon(&gps).map_err(|e| quoted(&e));
        let placement = locator.placement(lon_lat.clone());
        // A point outside every territory that would fall in France with latitude and
        // longitude exchanged.
        if placement == Placement::OutsideTerritories
            && let Ok([lon, lat]) = lon_lat
            && (looks_swapped([lon, lat]) || locator.locate([lat, lon]).is_some())
        {
            list.warnings.push(RowProblem {
                row,
                column: table.headers.get(c_gps).cloned(),
                problem: format!(
                    "coordonnées « {} » : latitude et longitude inversées ? Lues comme latitude {lat}, longitude {lon}, hors de France ; inversées, elles tomberaient en France (la colonne attend « latitude, longitude »)",
                    quoted(&gps)
                ),
            });
        }
        list.projects.push(Project {
            row,
            company: company.unwrap_or_else(|| "(entreprise non indiquée)".into()),
            siren: cell(c_siren),
            mesure: mesure.unwrap_or_else(|| "(mesure non indiquée)".into()),
            filiere: cell(c_filiere),
            description: cell(c_desc),
            commune: cell(c_commune),
            departement_code: cell(c_dep),
            region: cell(c_region),
            lon_lat: lon_lat.as_ref().ok().copied(),
            placement,
        });
    }
    if list.projects.is_empty() {
        let first = list.rejected.first();
        return Err(ProjectsError::NothingImported {
            file: list.source_name,
            rejected: list.rejected.len(),
            first_row: first.map_or(0, |r| r.row),
            first: first.map_or_else(String::new, |r| r.problem.clone()),
        });
    }
    Ok(list)
}
