//! The DGE "Plan de relance – Projets industriels" CSV, read as it is published (columns in
//! ../shared/notes/data.md): each project placed in a 2023-2027 territory by point-in-polygon on
//! `coordonnees_gps`; projects outside every territory or without coordinates are kept.

use super::table::RawTable;
use crate::model::imports::action_plan::RowProblem;
use crate::model::imports::projects::{Project, ProjectList, TerritoryLocator, parse_lat_lon};

/// Why a table is not a project list.
#[derive(Debug, thiserror::Error)]
#[error(
    "{file} : ce n'est pas la liste « Plan de relance – Projets industriels » : colonne(s) manquante(s) : {missing}"
)]
pub struct ProjectsError {
    pub file: String,
    pub missing: String,
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
        return Err(ProjectsError {
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
        let lon_lat = parse_lat_lon(&cell(Some(c_gps)).unwrap_or_default());
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
            placement: locator.placement(lon_lat),
        });
    }
    Ok(list)
}
