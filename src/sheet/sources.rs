//! The sources block of a sheet: every source of the bundle with its vintage, and the files
//! the user imported, by name, with their import date.

use super::view::{ImportedFile, SourceLine, SourcesBlock};
use crate::model::Dataset;
use crate::model::imports::{Imports, SOURCE_PLAN, SOURCE_PROJECTS};

/// Ids of the sources the user's files add ("import-plan-actions", "import-tableau-…").
fn is_imported(id: &str) -> bool {
    id.starts_with("import")
}

/// Every source of the dataset (its list includes the imports' entries, dated), and an entry
/// for an imported file whose source was not recorded.
pub fn sources_block(dataset: &Dataset, imports: &Imports) -> SourcesBlock {
    let all = &dataset.tables.sources;
    let sources = all
        .iter()
        .filter(|s| !is_imported(&s.id))
        .map(|s| SourceLine {
            label: s.label.clone(),
            vintage: s.vintage.clone(),
            licence: s.licence.clone(),
            citation: s.citation(),
        })
        .collect();
    let file = |label: String, date: String| ImportedFile {
        text: format!("{label}, {date}"),
        label,
        date,
    };
    let mut imported: Vec<ImportedFile> = all
        .iter()
        .filter(|s| is_imported(&s.id))
        .map(|s| file(s.label.clone(), s.vintage.clone()))
        .collect();
    let recorded = |id: &str| all.iter().any(|s| s.id == id);
    let unknown_date = || "date d'import non enregistrée".to_owned();
    if let Some(plan) = &imports.plan
        && !recorded(SOURCE_PLAN)
    {
        imported.push(file(
            format!("Plan d'actions importé : {}", plan.source_name),
            unknown_date(),
        ));
    }
    if let Some(list) = &imports.projects
        && !recorded(SOURCE_PROJECTS)
    {
        imported.push(file(
            format!("Projets financés importés : {}", list.source_name),
            unknown_date(),
        ));
    }
    for table in imports.tables.iter().filter(|t| !recorded(&t.source_id)) {
        imported.push(file(
            format!("Tableau importé : {}", table.source_name),
            unknown_date(),
        ));
    }
    SourcesBlock { sources, imported }
}
