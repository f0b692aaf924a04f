//! One entry point for the user's files: reads the table, recognises what it is (action plan,
//! DGE project list) and returns it with a report in French. The app and `ti-atlas import` go
//! through here.

use std::path::Path;

use super::limits::name_list;
use super::limits::quoted;
use super::plan_reader::{PlanError, looks_like_plan, read_plan};
use super::projects_reader::{ProjectsError, looks_like_projects, read_projects};
use super::table::{RawTable, TableError, read_table};
use super::table_import::{
    JoinError, has_key_column, import_joined_table, import_joined_table_checked,
};
use super::vector::{VectorError, VectorLayer, is_vector_path, read_vector_layer};
use crate::model::Dataset;
use crate::model::imports::ImportedTable;
use crate::model::imports::action_plan::{ActionPlan, RowProblem};
use crate::model::imports::column_map::{
    ChoiceHow, ColumnChoice, MappingError, Schema, choose_columns, field,
};
use crate::model::imports::projects::{Placement, ProjectList, TerritoryLocator};
/// The report and the kind of a file are the domain's (the import panel shows them too).
pub use crate::model::imports::report::{ImportKind, ImportReport};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Table(#[from] TableError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Projects(#[from] ProjectsError),
    #[error(transparent)]
    Join(#[from] JoinError),
    #[error(transparent)]
    Vector(#[from] VectorError),
    /// A `--columns` that does not fit the file.
    #[error(transparent)]
    Mapping(#[from] MappingError),
    #[error(
        "{file} : ni un plan d'actions (colonnes id_territoire, titre_action, axe) ni la liste des projets DGE (colonnes entreprise, mesure, coordonnees_gps) ; colonnes lues : {headers}"
    )]
    Unrecognised { file: String, headers: String },
}

/// What a file brought.
#[derive(Clone, Debug, PartialEq)]
pub enum Imported {
    Plan(ActionPlan),
    Projects(ProjectList),
    Table(ImportedTable),
    /// A layer, and its attributes joined by code when a column holds codes.
    Layer(VectorLayer, Option<ImportedTable>),
}

/// Reads and recognises a file. `locator` places projects (build it once per dataset).
pub fn import_file(
    path: &Path,
    sheet: Option<&str>,
    kind: ImportKind,
    dataset: &Dataset,
    locator: &TerritoryLocator,
) -> Result<(Imported, ImportReport), ImportError> {
    import_file_with(path, sheet, kind, dataset, locator, &[])
}

/// [`import_file`] with the user's column mapping (`--columns`: pairs field, header, from
/// [`crate::model::imports::column_map::parse_columns`]); a layer's attributes take none.
pub fn import_file_with(
    path: &Path,
    sheet: Option<&str>,
    kind: ImportKind,
    dataset: &Dataset,
    locator: &TerritoryLocator,
    columns: &[(String, String)],
) -> Result<(Imported, ImportReport), ImportError> {
    if kind == ImportKind::Layer || (kind == ImportKind::Auto && is_vector_path(path)) {
        // `sheet` names a GeoPackage's layer.
        let layer = read_vector_layer(path, sheet)?;
        let r = layer.report();
        let mut report = ImportReport::new(
            r.file.clone(),
            format!("couche ({}, {})", r.source_crs, layer_kinds(&r)),
        );
        report.rows = r.features + r.warnings.iter().filter(|w| w.contains("écarté")).count();
        report.imported = r.features;
        report.crs = Some(r.source_crs.clone());
        report.extent_wgs84 = r.bbox;
        report.notes = vec![r.crs_and_extent_fr()];
        report.notes.extend(r.warnings.iter().cloned());
        // Attributes holding codes are joined like a table.
        let has_key = layer
            .fields
            .iter()
            .any(|h| crate::model::imports::table_join::KeyKind::from_header(h).is_some());
        let joined = if has_key {
            let attributes = layer.attribute_rows();
            let source_id = format!("{LAYER_SOURCE_PREFIX}{}", slug(&r.file));
            let joined = import_joined_table(&attributes, dataset, &source_id)?;
            let mut table_report = ImportReport::new(r.file.clone(), String::new());
            fill_join_report(&mut table_report, &joined);
            report.kind = format!("{} ; {}", report.kind, table_report.kind);
            report.rejected = table_report.rejected;
            report.warnings = table_report.warnings;
            report.territories = table_report.territories;
            report.series = table_report.series;
            report.notes.extend(table_report.notes);
            Some(joined)
        } else {
            None
        };
        return Ok((Imported::Layer(layer, joined), report));
    }
    let table = read_table(path, sheet)?;
    import_table_with(&table, kind, dataset, locator, columns)
}

fn layer_kinds(r: &super::vector::LayerReport) -> String {
    let mut parts = Vec::new();
    for (n, what) in [
        (r.polygons, "polygone(s)"),
        (r.lines, "ligne(s)"),
        (r.points, "point(s)"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    parts.join(", ")
}

/// [`import_file`] on a table already read.
pub fn import_table(
    table: &RawTable,
    kind: ImportKind,
    dataset: &Dataset,
    locator: &TerritoryLocator,
) -> Result<(Imported, ImportReport), ImportError> {
    import_table_with(table, kind, dataset, locator, &[])
}

/// Rows of each column looked at to guess a field from its contents.
const CONTENT_SAMPLE_ROWS: usize = 200;

/// The kind a table is recognised as (Auto: from its columns).
fn recognise(table: &RawTable, kind: ImportKind) -> Result<ImportKind, ImportError> {
    Ok(match kind {
        ImportKind::Auto if looks_like_projects(table) => ImportKind::Projects,
        ImportKind::Auto if looks_like_plan(table) => ImportKind::Plan,
        ImportKind::Auto if has_key_column(table) => ImportKind::Table,
        ImportKind::Auto => {
            return Err(ImportError::Unrecognised {
                file: table.file_name(),
                headers: format!(
                    "{}{}",
                    name_list(&table.headers, 30),
                    table
                        .header_merged_note()
                        .map(|n| format!(" ; {n}"))
                        .unwrap_or_default()
                ),
            });
        }
        k => k,
    })
}

/// The table with the chosen headers renamed to their fields (the template's own names are
/// left as they are).
fn renamed(table: &RawTable, choices: &[ColumnChoice]) -> Option<RawTable> {
    let renames: Vec<&ColumnChoice> = choices
        .iter()
        .filter(|c| c.how != ChoiceHow::Template)
        .collect();
    if renames.is_empty() {
        return None;
    }
    let mut out = table.clone();
    for c in renames {
        if let Some(h) = out.headers.get_mut(c.column) {
            h.clone_from(&c.field);
        }
    }
    Some(out)
}

/// [`import_table`] with the user's column mapping: the headers are tied to the templates'
/// fields (given, template names, guesses from names and contents), renamed, the file
/// recognised and read; the report lists each choice and names the user's headers.
pub fn import_table_with(
    table: &RawTable,
    kind: ImportKind,
    dataset: &Dataset,
    locator: &TerritoryLocator,
    columns: &[(String, String)],
) -> Result<(Imported, ImportReport), ImportError> {
    let samples: Vec<Vec<&str>> = (0..table.headers.len())
        .map(|c| table.cells.column(c).take(CONTENT_SAMPLE_ROWS).collect())
        .collect();
    let all = choose_columns(&table.headers, &samples, columns, &table.file_name())?;
    drop(samples);
    // The kind, read on every guess; then only the guesses that belong to it are kept.
    let kind = match renamed(table, &all) {
        Some(t) => recognise(&t, kind).or_else(|_| recognise(table, kind))?,
        None => recognise(table, kind)?,
    };
    let schema = match kind {
        ImportKind::Projects => Schema::Projects,
        ImportKind::Table => Schema::Table,
        _ => Schema::Plan,
    };
    let choices: Vec<ColumnChoice> = all
        .into_iter()
        .filter(|c| {
            c.how == ChoiceHow::Given
                || field(&c.field).is_some_and(|f| f.schemas.contains(&schema))
        })
        .collect();
    let mapped = renamed(table, &choices);
    let table_read = mapped.as_ref().unwrap_or(table);
    let mut report = ImportReport::new(table.file_name(), String::new());
    report.encoding = table.encoding.clone();
    report.delimiter = table.delimiter.map(|d| match d {
        '\t' => "tabulation".to_owned(),
        d => d.to_string(),
    });
    report.sheet = table.sheet.clone();
    report.rows = table.row_count();
    let (mut imported, mut report) = import_table_kind(table_read, kind, dataset, locator, report)?;
    // What the reader noticed (formulas without a value…) comes first.
    report.warnings.splice(0..0, table.warnings.iter().cloned());
    // The user's headers, not the fields they were renamed to.
    let back: Vec<(&str, &str)> = choices
        .iter()
        .filter(|c| c.how != ChoiceHow::Template)
        .map(|c| (c.field.as_str(), c.header.as_str()))
        .collect();
    let original = |name: &str| {
        back.iter()
            .find(|(f, _)| *f == name)
            .map_or_else(|| name.to_owned(), |(_, h)| (*h).to_owned())
    };
    for p in report.rejected.iter_mut().chain(report.warnings.iter_mut()) {
        if let Some(c) = &mut p.column {
            *c = original(c);
        }
    }
    for (f, h) in &back {
        report.kind = report
            .kind
            .replace(&format!("« {f} »"), &format!("« {h} »"));
    }
    if let Imported::Table(t) = &mut imported {
        t.report.key_column = original(&t.report.key_column);
        if let Some(n) = &mut t.names {
            n.name_column = original(&n.name_column);
        }
        report.name_join = t.names.clone();
    }
    report.columns = choices;
    Ok((imported, report))
}

fn import_table_kind(
    table: &RawTable,
    kind: ImportKind,
    dataset: &Dataset,
    locator: &TerritoryLocator,
    mut report: ImportReport,
) -> Result<(Imported, ImportReport), ImportError> {
    match kind {
        ImportKind::Projects => {
            let list = read_projects(table, locator)?;
            report.kind = "projets financés (Plan de relance – Projets industriels)".into();
            report.imported = list.projects.len();
            report.placed = Some(
                list.projects
                    .iter()
                    .filter(|p| matches!(p.placement, Placement::Territory(_)))
                    .count(),
            );
            report.outside = Some(list.outside().count());
            report.not_placed = Some(list.not_placed().count());
            report.territories = list.counts().len();
            report.rejected = list.rejected.clone();
            report.notes = list
                .outside()
                .map(|p| {
                    format!(
                        "ligne {} : {} ({}) — hors des territoires d'industrie 2023-2027",
                        p.row,
                        quoted(&p.company),
                        quoted(p.commune.as_deref().unwrap_or("commune non indiquée"))
                    )
                })
                .collect();
            report.warnings = list.warnings.clone();
            report
                .warnings
                .extend(list.not_placed().map(|p| RowProblem {
                    row: p.row,
                    column: Some("coordonnees_gps".into()),
                    problem: match &p.placement {
                        Placement::NotPlaced(why) => {
                            format!("{} : {why} (projet gardé, non placé)", quoted(&p.company))
                        }
                        _ => String::new(),
                    },
                }));
            Ok((Imported::Projects(list), report))
        }
        ImportKind::Table => {
            let source_id = format!("import-tableau-{}", slug(&table.file_name()));
            let joined = import_joined_table_checked(table, dataset, &source_id)?;
            fill_join_report(&mut report, &joined);
            Ok((Imported::Table(joined), report))
        }
        _ => {
            let plan = read_plan(table, dataset)?;
            report.kind = "plan d'actions".into();
            report.imported = plan.actions.len();
            report.territories = plan.counts().len();
            report.rejected = plan.rejected.clone();
            report.warnings = plan.warnings.clone();
            Ok((Imported::Plan(plan), report))
        }
    }
}

/// Source ids of the figures a layer's joined attributes give.
pub const LAYER_SOURCE_PREFIX: &str = "import-couche-";

/// Puts what a file brought into `imports` and its source (with the import date) into
/// `sources`, replacing an earlier import of the same kind or file. Returns the kind imported.
/// The app and the headless exports go through here.
pub fn absorb(
    imports: &mut crate::model::imports::Imports,
    sources: &mut Vec<crate::model::SourceInfo>,
    imported: Imported,
    date: &str,
) -> ImportKind {
    use crate::model::SourceInfo;
    use crate::model::imports::{SOURCE_PLAN, SOURCE_PROJECTS};
    let vintage = format!("importé le {date}");
    let (kind, source) = match imported {
        // Drawn by the app; figures only when its attributes were joined.
        Imported::Layer(_, None) => return ImportKind::Layer,
        Imported::Layer(_, Some(table)) | Imported::Table(table) => {
            let kind = if table.source_id.starts_with(LAYER_SOURCE_PREFIX) {
                ImportKind::Layer
            } else {
                ImportKind::Table
            };
            let what = match kind {
                ImportKind::Layer => "Couche importée",
                _ => "Tableau importé",
            };
            let source = SourceInfo {
                id: table.source_id.clone(),
                label: format!("{what} : {}", table.source_name),
                licence: "fichier de l'utilisateur".into(),
                vintage,
            };
            imports.tables.retain(|t| t.source_id != table.source_id);
            imports.tables.push(table);
            (kind, source)
        }
        Imported::Plan(plan) => {
            let source = SourceInfo {
                id: SOURCE_PLAN.into(),
                label: format!("Plan d'actions importé : {}", plan.source_name),
                licence: "fichier de l'utilisateur".into(),
                vintage,
            };
            imports.plan = Some(plan);
            (ImportKind::Plan, source)
        }
        Imported::Projects(list) => {
            let source = SourceInfo {
                id: SOURCE_PROJECTS.into(),
                label: format!("Projets financés importés : {}", list.source_name),
                licence: "fichier de l'utilisateur (DGE, Licence Ouverte)".into(),
                vintage,
            };
            imports.projects = Some(list);
            (ImportKind::Projects, source)
        }
    };
    sources.retain(|s| s.id != source.id);
    sources.push(source);
    kind
}

/// A file name as an id fragment.
fn slug(name: &str) -> String {
    crate::model::text::search_form(name).replace(' ', "-")
}

/// The report of a joined table: key, matched, unmatched, remapped and duplicated rows, series.
fn fill_join_report(report: &mut ImportReport, joined: &ImportedTable) {
    let r = &joined.report;
    report.kind = match &joined.names {
        Some(n) if n.name_column == r.key_column => format!(
            "tableau joint sur « {} » ({}, lu comme {})",
            r.key_column,
            n.name_kind.label_fr(),
            r.key_kind.label_fr()
        ),
        Some(n) => format!(
            "tableau joint sur « {} » ({}), et sur « {} » ({}) quand le code manque",
            r.key_column,
            r.key_kind.label_fr(),
            n.name_column,
            n.name_kind.label_fr()
        ),
        None => format!(
            "tableau joint sur « {} » ({})",
            r.key_column,
            r.key_kind.label_fr()
        ),
    };
    report.imported = r.matched;
    report.rejected = r
        .unmatched
        .iter()
        .map(|u| RowProblem {
            row: u.row,
            column: Some(r.key_column.clone()),
            problem: format!("« {} » : {}", u.value, u.reason),
        })
        .collect();
    report.warnings = r
        .remapped
        .iter()
        .map(|(row, old, new)| RowProblem {
            row: *row,
            column: Some(r.key_column.clone()),
            problem: format!("ancien code {old} compté pour la commune actuelle {new} (COG 2024)"),
        })
        .chain(r.repaired.iter().map(|(row, raw, code)| RowProblem {
            row: *row,
            column: Some(r.key_column.clone()),
            problem: format!(
                "code écrit « {} » lu comme {code} (forme d'un tableur réparée)",
                crate::io::limits::quoted(raw)
            ),
        }))
        .chain(r.arrondissements.iter().map(|(row, arr, commune)| RowProblem {
            row: *row,
            column: Some(r.key_column.clone()),
            problem: format!(
                "arrondissement municipal {arr} compté dans sa commune {commune} (somme de tous ses arrondissements)"
            ),
        }))
        .chain(r.duplicates.iter().flat_map(|(code, rows)| {
            rows.iter().skip(1).map(move |row| RowProblem {
                row: *row,
                column: None,
                problem: format!(
                    "code {code} en double (première ligne {} retenue)",
                    rows.first().copied().unwrap_or(0)
                ),
            })
        }))
        .collect();
    report.territories = joined
        .series
        .iter()
        .find(|s| s.level == crate::model::Level::Territoire)
        .map_or(0, |s| {
            s.values.iter().filter(|v| v.as_f64().is_some()).count()
        });
    report.series = joined
        .series
        .iter()
        .map(|s| format!("{} — maille {}", s.label, s.level.maille_fr()))
        .chain(joined.categorical.iter().map(|t| {
            format!(
                "{} — typologie ({} catégories) — maille {}",
                t.label,
                t.categories.len(),
                t.level.maille_fr()
            )
        }))
        .collect();
    report.notes = joined.notes.clone();
}
