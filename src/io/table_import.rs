//! A user's table joined by code (commune, EPCI, territory, département) and turned into
//! per-territory series: commune counts summed (only when every commune has a value), the
//! industrial-employment share from the INSEE "base-cc-emploi-pop-active" layout, territory
//! values taken as they are. Everything left out is said in the notes.

use std::collections::HashMap;

use super::table::RawTable;
use super::table::numbers::{NumberCell, parse_number_fr};
use crate::model::imports::table_join::{
    KeyKind, is_share_column, join_rows, level_ratios, level_sums, normalise_code,
};
use crate::model::imports::{ImportedSeries, ImportedTable};
use crate::model::indicators::Value;
use crate::model::{Dataset, Generation, Level};

/// Why a table cannot be joined.
#[derive(Debug, thiserror::Error)]
#[error(
    "{file} : aucune colonne de code reconnue (CODGEO / code_insee pour les communes, SIREN pour les EPCI, id_territoire, dep) ; colonnes lues : {headers}"
)]
pub struct JoinError {
    pub file: String,
    pub headers: String,
}

/// Whether some column is a join key.
pub fn has_key_column(table: &RawTable) -> bool {
    table
        .headers
        .iter()
        .any(|h| KeyKind::from_header(h).is_some())
}

/// Joins the table and builds its series; `source_id` names its `SourceInfo`.
pub fn import_joined_table(
    table: &RawTable,
    dataset: &Dataset,
    source_id: &str,
) -> Result<ImportedTable, JoinError> {
    let file = table.file_name();
    let Some((key_col, kind)) = table
        .headers
        .iter()
        .enumerate()
        .find_map(|(i, h)| KeyKind::from_header(h).map(|k| (i, k)))
    else {
        return Err(JoinError {
            file,
            headers: table.headers.join(", "),
        });
    };
    let key_name = table.headers.get(key_col).cloned().unwrap_or_default();
    let keys: Vec<(usize, String)> = table
        .numbered_rows()
        .map(|(row, cells)| (row, cells.get(key_col).cloned().unwrap_or_default()))
        .collect();
    let (matched, report) = join_rows(dataset, kind, &key_name, &keys);
    let mut notes = Vec::new();
    // Numeric columns: by code, over the matched rows.
    let mut numeric: Vec<(usize, String, HashMap<String, f64>)> = Vec::new();
    for (c, header) in table.headers.iter().enumerate() {
        if c == key_col {
            continue;
        }
        let mut values = HashMap::new();
        let mut invalid = Vec::new();
        for (code, &i) in &matched {
            let cell = table
                .rows
                .get(i)
                .and_then(|r| r.get(c))
                .map_or("", String::as_str);
            match parse_number_fr(cell) {
                NumberCell::Number(x) => {
                    values.insert(code.clone(), x);
                }
                NumberCell::Missing => {}
                NumberCell::Invalid(s) => {
                    invalid.push((table.row_numbers.get(i).copied().unwrap_or(0), s))
                }
            }
        }
        if values.is_empty() {
            continue;
        }
        if !invalid.is_empty() {
            invalid.sort();
            let shown: Vec<String> = invalid
                .iter()
                .take(5)
                .map(|(r, s)| format!("ligne {r} « {s} »"))
                .collect();
            notes.push(format!(
                "colonne « {header} » : {} valeur(s) non numérique(s) ignorée(s) ({}{})",
                invalid.len(),
                shown.join(", "),
                if invalid.len() > 5 { ", …" } else { "" }
            ));
        }
        numeric.push((c, header.clone(), values));
    }
    let mut series = Vec::new();
    let slug = |h: &str| crate::model::text::search_form(h).replace(' ', "_");
    // Territory series keep the ids they had before other mailles existed (saved settings).
    let series_id = |level: Level, name: &str| match level {
        Level::Territoire => format!("import:{source_id}:{name}"),
        l => format!("import:{source_id}:{name}@{}", l.id()),
    };
    match kind {
        KeyKind::Commune => {
            for (_, header, _) in numeric.iter().filter(|(_, h, _)| is_share_column(h)) {
                notes.push(format!(
                    "colonne « {header} » : part ou taux, non additionnable entre communes — non reprise"
                ));
            }
            for level in Level::MAPS {
                for (_, header, values) in numeric.iter().filter(|(_, h, _)| !is_share_column(h)) {
                    series.push(ImportedSeries {
                        level,
                        id: series_id(level, &slug(header)),
                        label: format!("{header} (somme des communes, {file})"),
                        unit: "valeur importée".into(),
                        values: level_sums(dataset, level, values),
                    });
                }
                // base-cc-emploi-pop-active: Cnn_EMPLT_INDUS over Cnn_EMPLT.
                for (_, header, indus) in &numeric {
                    let upper = header.to_uppercase();
                    let Some(prefix) = upper.strip_suffix("_EMPLT_INDUS") else {
                        continue;
                    };
                    let total_name = format!("{prefix}_EMPLT");
                    if let Some((_, _, total)) = numeric
                        .iter()
                        .find(|(_, h, _)| h.to_uppercase() == total_name)
                    {
                        series.push(ImportedSeries {
                            level,
                            id: series_id(
                                level,
                                &format!("part_emploi_industrie_{}", prefix.to_lowercase()),
                            ),
                            label: format!(
                                "Part des emplois dans l'industrie (Σ {header} / Σ {total_name}, {file})"
                            ),
                            unit: "% des emplois au lieu de travail".into(),
                            values: level_ratios(dataset, level, indus, total),
                        });
                    }
                }
            }
        }
        KeyKind::Territoire | KeyKind::Epci | KeyKind::Departement => {
            let level = match kind {
                KeyKind::Epci => Level::Epci,
                KeyKind::Departement => Level::Departement,
                _ => Level::Territoire,
            };
            let units: Vec<String> = match level {
                Level::Territoire => dataset
                    .territories(Generation::Temps2)
                    .map(|t| normalise_code(kind, &t.id))
                    .collect(),
                Level::Epci => dataset
                    .tables
                    .epci
                    .iter()
                    .map(|e| e.siren.clone())
                    .collect(),
                Level::Departement => dataset
                    .tables
                    .departements
                    .iter()
                    .map(|d| d.code.clone())
                    .collect(),
            };
            for (_, header, values) in &numeric {
                series.push(ImportedSeries {
                    level,
                    id: series_id(level, &slug(header)),
                    label: format!("{header} ({file})"),
                    unit: "valeur importée".into(),
                    values: units
                        .iter()
                        .map(|code| match values.get(code) {
                            Some(v) => Value::Exact(*v),
                            None => Value::Missing(format!("absent de {file}")),
                        })
                        .collect(),
                });
            }
            if level != Level::Territoire && !numeric.is_empty() {
                notes.push(format!(
                    "{} : valeurs disponibles à la maille {} ; non reportées sur les territoires, qui ne se composent pas toujours d'unités entières de cette maille",
                    kind.label_fr(),
                    level.maille_fr()
                ));
            }
        }
    }
    Ok(ImportedTable {
        source_name: file,
        source_id: source_id.to_owned(),
        report,
        series,
        notes,
    })
}
