//! A user's table joined by code (commune, EPCI, territory, département) and turned into
//! per-territory series: commune counts summed (only when every commune has a value), the
//! industrial-employment share from the INSEE "base-cc-emploi-pop-active" layout, territory
//! values taken as they are. Everything left out is said in the notes.

use super::limits::{MAX_INDICATOR_COLUMNS, name_list, quoted};
use super::table::RawTable;
use super::table::numbers::{NumberCell, parse_number_fr};
use crate::model::imports::name_match::{
    NameIndex, NameKind, NameRow, is_departement_header, join_by_names,
};
use crate::model::imports::table_join::{
    KeyKind, is_share_column, join_rows, level_member_rows, level_ratios, level_sums,
    normalise_code,
};
use crate::model::imports::{ImportedSeries, ImportedTable};
use crate::model::indicators::Value;
use crate::model::{Dataset, Generation, IndicatorId, Level};

/// Why a table cannot be joined.
#[derive(Debug, thiserror::Error)]
pub enum JoinError {
    #[error(
        "{file} : aucune colonne de code reconnue (CODGEO / code_insee pour les communes, SIREN pour les EPCI, id_territoire, dep) ; colonnes lues : {headers}"
    )]
    NoKey { file: String, headers: String },
    #[error(
        "{file} : aucune ligne jointe sur la colonne « {column} » ({kind}) : {rejected} ligne(s) rejetée(s), par exemple ligne {first_row} : {first}"
    )]
    NothingMatched {
        file: String,
        column: String,
        kind: String,
        rejected: usize,
        first_row: usize,
        first: String,
    },
}

/// Whether some column is a join key (a code, or names of communes, EPCI or territories).
pub fn has_key_column(table: &RawTable) -> bool {
    choose_key(table).is_some()
}

/// The column(s) a table joins on.
enum Key {
    /// A code column of that kind (as before names were read).
    Code(usize, KeyKind),
    /// Names (with the code column of the same maille when there is one: its empty cells are
    /// filled by name), and the département column that separates homonymous communes.
    Names {
        code: Option<usize>,
        name: usize,
        kind: NameKind,
        departement: Option<usize>,
    },
}

/// Whether a column holds names rather than codes: fewer than half of its non-empty cells
/// have a digit (a column headed "EPCI" or "commune" may hold either).
fn holds_names(table: &RawTable, c: usize) -> bool {
    let mut filled = 0usize;
    let mut with_digit = 0usize;
    for cell in table.cells.column(c) {
        let t = cell.trim();
        if t.is_empty() {
            continue;
        }
        filled += 1;
        if t.bytes().any(|b| b.is_ascii_digit()) {
            with_digit += 1;
        }
    }
    filled > 0 && 2 * with_digit < filled
}

/// Codes first (commune, EPCI, territory); a code column that holds names is read as names;
/// then a name column (communes helped by a département column); then the département code.
fn choose_key(table: &RawTable) -> Option<Key> {
    let headers = &table.headers;
    let first_code = headers
        .iter()
        .enumerate()
        .find_map(|(i, h)| KeyKind::from_header(h).map(|k| (i, k)));
    let name_of = |kind: KeyKind| match kind {
        KeyKind::Commune => Some(NameKind::Commune),
        KeyKind::Epci => Some(NameKind::Epci),
        KeyKind::Territoire => Some(NameKind::Territoire),
        KeyKind::Departement => None,
    };
    let departement = || {
        headers.iter().position(|h| {
            is_departement_header(h) || KeyKind::from_header(h) == Some(KeyKind::Departement)
        })
    };
    // A header merged over several columns does not say which of them holds the names.
    let merged_header = |i: usize| {
        table.merged.iter().any(|m| {
            m.rows.0 <= 1
                && 1 <= m.rows.1
                && m.columns.0 != m.columns.1
                && (m.columns.0..=m.columns.1).contains(&i)
        })
    };
    let name_column = |kind: Option<NameKind>, except: Option<usize>| {
        headers.iter().enumerate().find_map(|(i, h)| {
            let k = NameKind::from_header(h)?;
            (Some(i) != except && kind.is_none_or(|want| want == k) && !merged_header(i))
                .then_some((i, k))
        })
    };
    let names = |code: Option<usize>, name: usize, kind: NameKind| Key::Names {
        code,
        name,
        kind,
        departement: (kind == NameKind::Commune)
            .then(departement)
            .flatten()
            .filter(|d| Some(*d) != code && *d != name),
    };
    match first_code {
        Some((c, kind)) if kind != KeyKind::Departement => {
            let name_kind = name_of(kind)?;
            if holds_names(table, c) {
                return Some(names(None, c, name_kind));
            }
            // Names fill the empty code cells only.
            let empty_codes = table.cells.column(c).any(|s| s.trim().is_empty());
            match name_column(Some(name_kind), Some(c)).filter(|_| empty_codes) {
                Some((n, k)) => Some(names(Some(c), n, k)),
                None => Some(Key::Code(c, kind)),
            }
        }
        first => match name_column(None, None) {
            Some((n, k)) => Some(names(None, n, k)),
            None => first.map(|(c, k)| Key::Code(c, k)),
        },
    }
}

/// A numeric column: its header and value by table row (None: missing).
struct NumericColumn {
    header: String,
    values: Vec<Option<f64>>,
}

/// Reads a column as numbers over the matched rows; `None` when it holds no number. Invalid
/// cells are said in `notes`.
fn numeric_column(
    table: &RawTable,
    c: usize,
    matched_rows: &[usize],
    notes: &mut Vec<String>,
) -> Option<NumericColumn> {
    let header = table.headers.get(c).cloned().unwrap_or_default();
    let mut values = vec![None; table.row_count()];
    let mut any = false;
    let mut invalid = Vec::new();
    let mut invalid_count = 0usize;
    for &i in matched_rows {
        match parse_number_fr(table.cells.cell(i, c)) {
            NumberCell::Number(x) => {
                if let Some(v) = values.get_mut(i) {
                    *v = Some(x);
                    any = true;
                }
            }
            NumberCell::Missing => {}
            NumberCell::Invalid(s) => {
                invalid_count += 1;
                if invalid.len() < 5 {
                    invalid.push((table.row_numbers.get(i).copied().unwrap_or(0), quoted(&s)));
                }
            }
        }
    }
    if !any {
        return None;
    }
    if invalid_count > 0 {
        invalid.sort();
        let shown: Vec<String> = invalid
            .iter()
            .map(|(r, s)| format!("ligne {r} « {s} »"))
            .collect();
        notes.push(format!(
            "colonne « {} » : {invalid_count} valeur(s) non numérique(s) ignorée(s) ({}{})",
            quoted(&header),
            shown.join(", "),
            if invalid_count > 5 { ", …" } else { "" }
        ));
    }
    Some(NumericColumn { header, values })
}

/// Joins the table and builds its series; `source_id` names its `SourceInfo`. Each column is
/// read, summed and dropped in turn: time and memory grow with the table's size, not with
/// columns × communes. At most [`MAX_INDICATOR_COLUMNS`] numeric columns become indicators
/// (the others are listed in a note).
pub fn import_joined_table(
    table: &RawTable,
    dataset: &Dataset,
    source_id: &str,
) -> Result<ImportedTable, JoinError> {
    let file = table.file_name();
    let Some(key) = choose_key(table) else {
        let merged = table
            .header_merged_note()
            .map(|n| format!(" ; {n}"))
            .unwrap_or_default();
        return Err(JoinError::NoKey {
            file,
            headers: format!("{}{merged}", name_list(&table.headers, 30)),
        });
    };
    let (matched, mut report, names, kind, key_col, skipped) = match key {
        Key::Code(key_col, kind) => {
            let key_name = table.headers.get(key_col).cloned().unwrap_or_default();
            let keys: Vec<(usize, String)> = table
                .row_numbers
                .iter()
                .copied()
                .zip(table.cells.column(key_col).map(str::to_owned))
                .collect();
            let (matched, report) = join_rows(dataset, kind, &key_name, &keys);
            (matched, report, None, kind, key_col, Vec::new())
        }
        Key::Names {
            code,
            name,
            kind: name_kind,
            departement,
        } => {
            let index = NameIndex::build(dataset, name_kind);
            let header = |c: usize| table.headers.get(c).cloned().unwrap_or_default();
            let rows: Vec<NameRow> = (0..table.row_count())
                .map(|i| NameRow {
                    row: table.row_numbers.get(i).copied().unwrap_or(0),
                    code: code.map(|c| table.cells.cell(i, c).to_owned()),
                    name: table.cells.cell(i, name).to_owned(),
                    departement: departement.map(|c| table.cells.cell(i, c).to_owned()),
                })
                .collect();
            let key_col = code.unwrap_or(name);
            let (matched, report, names) = join_by_names(
                dataset,
                &index,
                &header(key_col),
                &header(name),
                departement.map(header).as_deref(),
                &rows,
            );
            let skipped: Vec<usize> = [Some(name), departement].into_iter().flatten().collect();
            (
                matched,
                report,
                Some(names),
                name_kind.code_kind(),
                key_col,
                skipped,
            )
        }
    };
    // Empty keys inside a merged area: the reason.
    for u in &mut report.unmatched {
        u.value = quoted(&u.value);
        if u.value.trim().is_empty()
            && let Some(hint) = table.merged_hint(u.row, key_col)
        {
            u.reason = format!("{} ({hint})", u.reason);
        }
    }
    let mut matched_rows: Vec<usize> = matched
        .rows
        .values()
        .copied()
        .chain(matched.arrondissement_rows.values().flatten().copied())
        .collect();
    matched_rows.sort_unstable();
    matched_rows.dedup();
    let mut notes = Vec::new();

    let slug = |h: &str| crate::model::text::search_form(h).replace(' ', "_");
    // Territory series keep the ids they had before other mailles existed (saved settings).
    let series_id = |level: Level, name: &str| {
        IndicatorId::from(match level {
            Level::Territoire => format!("import:{source_id}:{name}"),
            l => format!("import:{source_id}:{name}@{}", l.id()),
        })
    };
    // Per maille: the table rows of each unit (communes: every member's row).
    let levels: Vec<(Level, Vec<Vec<Option<usize>>>)> = match kind {
        KeyKind::Commune => Level::MAPS
            .into_iter()
            .map(|level| (level, level_member_rows(dataset, level, &matched)))
            .collect(),
        _ => {
            let level = match kind {
                KeyKind::Epci => Level::Epci,
                KeyKind::Departement => Level::Departement,
                _ => Level::Territoire,
            };
            let units: Vec<String> = match level {
                Level::Territoire => dataset
                    .territories(Generation::Temps2)
                    .map(|t| normalise_code(kind, t.id.as_str()))
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
            let rows = units
                .iter()
                .map(|u| vec![matched.rows.get(u).copied()])
                .collect();
            vec![(level, rows)]
        }
    };
    let mut series: Vec<ImportedSeries> = Vec::new();
    let mut ratios: Vec<ImportedSeries> = Vec::new();
    let mut numeric_count = 0usize;
    let mut left_out = Vec::new();
    let mut shares = Vec::new();
    let mut text_columns = Vec::new();
    for c in 0..table.headers.len() {
        if c == key_col || skipped.contains(&c) {
            continue;
        }
        let Some(column) = numeric_column(table, c, &matched_rows, &mut notes) else {
            text_columns.push(c);
            continue;
        };
        numeric_count += 1;
        if numeric_count > MAX_INDICATOR_COLUMNS {
            left_out.push(column.header);
            continue;
        }
        let header = &column.header;
        if kind == KeyKind::Commune && is_share_column(header) {
            shares.push(header.clone());
            continue;
        }
        for (level, members) in &levels {
            let values = match kind {
                KeyKind::Commune => level_sums(members, &column.values),
                _ => members
                    .iter()
                    .map(|rows| {
                        match rows
                            .first()
                            .copied()
                            .flatten()
                            .and_then(|r| column.values.get(r).copied().flatten())
                        {
                            Some(v) => Value::Exact(v),
                            None => Value::Missing(format!("absent de {file}")),
                        }
                    })
                    .collect(),
            };
            let label = match kind {
                KeyKind::Commune => format!("{header} (somme des communes, {file})"),
                _ => format!("{header} ({file})"),
            };
            series.push(ImportedSeries {
                level: *level,
                id: series_id(*level, &slug(header)),
                label,
                unit: "valeur importée".into(),
                values,
            });
        }
        // base-cc-emploi-pop-active: Cnn_EMPLT_INDUS over Cnn_EMPLT.
        let upper = header.to_uppercase();
        if kind == KeyKind::Commune
            && let Some(prefix) = upper.strip_suffix("_EMPLT_INDUS")
        {
            let total_name = format!("{prefix}_EMPLT");
            let total = table
                .headers
                .iter()
                .position(|h| h.to_uppercase() == total_name)
                .and_then(|t| numeric_column(table, t, &matched_rows, &mut Vec::new()));
            if let Some(total) = total {
                for (level, members) in &levels {
                    ratios.push(ImportedSeries {
                        level: *level,
                        id: series_id(
                            *level,
                            &format!("part_emploi_industrie_{}", prefix.to_lowercase()),
                        ),
                        label: format!(
                            "Part des emplois dans l'industrie (Σ {header} / Σ {total_name}, {file})"
                        ),
                        unit: "% des emplois au lieu de travail".into(),
                        values: level_ratios(members, &column.values, &total.values),
                    });
                }
            }
        }
    }
    // Series in maille order (sums, then ratios, within each maille).
    series.append(&mut ratios);
    series.sort_by_key(|s| Level::MAPS.iter().position(|l| *l == s.level));
    for header in &shares {
        notes.push(format!(
            "colonne « {} » : part ou taux, non additionnable entre communes — non reprise",
            quoted(header)
        ));
    }
    if !left_out.is_empty() {
        notes.push(format!(
            "{} colonne(s) numérique(s) au-delà des {MAX_INDICATOR_COLUMNS} premières non reprises (limite) : {}",
            left_out.len(),
            name_list(&left_out, 10)
        ));
    }
    if kind != KeyKind::Commune && kind != KeyKind::Territoire && numeric_count > 0 {
        let level = levels.first().map_or(Level::Territoire, |(l, _)| *l);
        notes.push(format!(
            "{} : valeurs disponibles à la maille {} ; non reportées sur les territoires, qui ne se composent pas toujours d'unités entières de cette maille",
            kind.label_fr(),
            level.maille_fr()
        ));
    }
    let categorical =
        categorical_columns(table, &text_columns, &levels, kind, source_id, &mut notes);
    Ok(ImportedTable {
        source_name: file,
        source_id: source_id.to_owned(),
        report,
        names,
        series,
        categorical,
        notes,
    })
}

/// The text columns (no cell reads as a number) read as typologies at the table's maille, each
/// said in the notes; a column of a commune table, or with too many distinct values, is not
/// (said too, when it could have been).
fn categorical_columns(
    table: &RawTable,
    columns: &[usize],
    levels: &[(Level, Vec<Vec<Option<usize>>>)],
    kind: KeyKind,
    source_id: &str,
    notes: &mut Vec<String>,
) -> Vec<crate::model::typology::Typology> {
    use crate::model::typology::imported::{MAX_DISTINCT, from_column};
    let file = table.file_name();
    let slug = |h: &str| crate::model::text::search_form(h).replace(' ', "_");
    let mut out = Vec::new();
    for &c in columns {
        let header = table.headers.get(c).cloned().unwrap_or_default();
        let mut distinct: Vec<&str> = (0..table.row_count())
            .map(|r| table.cells.cell(r, c).trim())
            .filter(|s| !s.is_empty())
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.is_empty() {
            continue;
        }
        if kind == KeyKind::Commune {
            if distinct.len() <= MAX_DISTINCT {
                notes.push(format!(
                    "colonne « {} » : texte (catégories) à la maille des communes — une \
                     catégorie ne se reporte pas sur les territoires ni les EPCI : non reprise",
                    quoted(&header)
                ));
            }
            continue;
        }
        let Some((level, members)) = levels.first() else {
            continue;
        };
        let cells: Vec<Option<String>> = members
            .iter()
            .map(|rows| {
                rows.first()
                    .copied()
                    .flatten()
                    .map(|r| table.cells.cell(r, c).to_owned())
            })
            .collect();
        let id = format!("import:{source_id}:{}@{}", slug(&header), level.id());
        match from_column(&id, &header, &file, source_id, *level, &cells) {
            Some(t) => {
                notes.push(format!(
                    "colonne « {} » : texte, lue comme catégorielle ({} catégories, maille {}) : \
                     à cartographier comme typologie",
                    quoted(&header),
                    t.categories.len(),
                    level.maille_fr()
                ));
                out.push(t);
            }
            None => notes.push(format!(
                "colonne « {} » : texte à {} valeurs distinctes — pas une typologie ({MAX_DISTINCT} \
                 catégories au plus) : non reprise",
                quoted(&header),
                distinct.len()
            )),
        }
    }
    out
}

/// [`import_joined_table`], failing when no row joined (a table imported on its own; a layer's
/// attributes are joined without this check, the layer being drawn anyway).
pub fn import_joined_table_checked(
    table: &RawTable,
    dataset: &Dataset,
    source_id: &str,
) -> Result<ImportedTable, JoinError> {
    let joined = import_joined_table(table, dataset, source_id)?;
    if joined.report.matched == 0 {
        let r = &joined.report;
        let first = r.unmatched.first();
        return Err(JoinError::NothingMatched {
            file: table.file_name(),
            column: quoted(&r.key_column),
            kind: r.key_kind.label_fr().to_owned(),
            rejected: r.unmatched.len(),
            first_row: first.map_or(0, |u| u.row),
            first: first.map_or_else(String::new, |u| format!("« {} » : {}", u.value, u.reason)),
        });
    }
    Ok(joined)
}
