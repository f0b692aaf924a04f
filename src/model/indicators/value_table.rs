//! The table of every unit of a maille with the current indicator: the accessible alternative
//! to the map, and what the CSV export writes.

use crate::format::decimal_fr;
use crate::model::geography::dataset::Dataset;
use crate::model::indicators::classify::Classification;
use crate::model::indicators::table_sort::Cell;
use crate::model::indicators::{IndicatorTable, Value};

/// One unit of the maille.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueRow {
    /// Feature index in the maille's layer.
    pub unit: usize,
    pub code: String,
    pub name: String,
    pub region: String,
    pub value: Value,
    /// Class of the current map (0-based), None without a value or a map.
    pub class: Option<usize>,
    /// 1 = highest value.
    pub rank: Option<usize>,
    /// The second indicator of a bivariate map (None otherwise).
    pub second: Option<Value>,
}

/// Columns of the table, in display order; the last ("Valeur 2": the second indicator of a
/// bivariate map) only when the rows have one.
pub const COLUMNS: [&str; 7] = [
    "Rang", "Nom", "Code", "Région", "Valeur", "Classe", "Valeur 2",
];

impl ValueRow {
    /// The cells the table sorts on, in [`COLUMNS`] order.
    pub fn sort_cells(&self) -> Vec<Cell> {
        vec![
            Cell::number(self.rank.map(|r| r as f64)),
            Cell::Text(self.name.clone()),
            Cell::Text(self.code.clone()),
            Cell::Text(self.region.clone()),
            Cell::number(self.value.as_f64()),
            Cell::number(self.class.map(|c| c as f64)),
            Cell::number(self.second.as_ref().and_then(Value::as_f64)),
        ]
    }
}

/// Whether a column sorts as numbers (first click: descending).
pub fn column_is_numeric(column: usize) -> bool {
    matches!(column, 0 | 4 | 5 | 6)
}

/// The rows of indicator `indicator` of `table`, in layer order.
pub fn value_rows(
    dataset: &Dataset,
    table: &IndicatorTable,
    indicator: usize,
    classification: Option<&Classification>,
) -> Vec<ValueRow> {
    let kind = table.level.layer();
    let codes = dataset.layer_codes(kind);
    let names = dataset.feature_names(kind);
    let regions = dataset.feature_regions(kind);
    let column = table.values.get(indicator);
    codes
        .into_iter()
        .zip(names)
        .zip(regions)
        .enumerate()
        .map(|(unit, ((code, name), region_codes))| {
            let value = column
                .and_then(|c| c.get(unit))
                .cloned()
                .unwrap_or_else(|| Value::Missing("non disponible".into()));
            let region = match region_codes.as_slice() {
                [one] => dataset.region_name(one).unwrap_or(one).to_owned(),
                [] => String::new(),
                many => format!("{} régions", many.len()),
            };
            let class = classification.and_then(|c| value.as_f64().and_then(|v| c.class_of(v)));
            ValueRow {
                unit,
                code,
                name,
                region,
                rank: table.rank(indicator, unit).map(|r| r.0),
                class,
                value,
                second: None,
            }
        })
        .collect()
}

/// The rows of a bivariate map: the first indicator's value (and rank), and the second's
/// beside it; no class (the map's 3 × 3 cells are in its own legend).
pub fn value_rows_pair(
    dataset: &Dataset,
    table: &IndicatorTable,
    first: usize,
    second: usize,
) -> Vec<ValueRow> {
    let column = table.values.get(second);
    value_rows(dataset, table, first, None)
        .into_iter()
        .map(|mut row| {
            row.second = Some(
                column
                    .and_then(|c| c.get(row.unit))
                    .cloned()
                    .unwrap_or_else(|| Value::Missing("non disponible".into())),
            );
            row
        })
        .collect()
}

/// A text field for a spreadsheet: quoted when needed, and a leading `=`, `+`, `-` or `@`
/// neutralised with an apostrophe so that Excel does not run it as a formula.
pub fn csv_text_field(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        csv_field(&format!("'{s}"))
    } else {
        csv_field(s)
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The rows in `order` as CSV for Excel in French: UTF-8 with BOM, `;`, decimal comma, CRLF.
/// Columns: rang;code;nom;région;valeur;unité;classe;source (classes numbered from 1; a missing
/// value is written "non disponible" or "non calculable" with its reason in the value column).
pub fn to_csv(rows: &[ValueRow], order: &[usize], unit: &str, source: &str) -> String {
    to_csv_with(rows, order, unit, source, None)
}

/// A column added after those of [`to_csv`]: its header and each unit's text (by feature index;
/// a unit without one gets `missing`).
pub struct ExtraColumn<'a> {
    pub header: &'a str,
    pub by_unit: &'a [Option<String>],
    pub missing: &'a str,
}

/// [`to_csv`] with one more column (a typology's category, `export table --typology`).
pub fn to_csv_with(
    rows: &[ValueRow],
    order: &[usize],
    unit: &str,
    source: &str,
    extra: Option<&ExtraColumn>,
) -> String {
    let mut out = String::from("\u{feff}rang;code;nom;région;valeur;unité;classe;source");
    if let Some(extra) = extra {
        out.push(';');
        out.push_str(&csv_text_field(extra.header));
    }
    out.push_str("\r\n");
    for row in order.iter().filter_map(|&i| rows.get(i)) {
        let value = match &row.value {
            Value::Exact(v) if v.is_finite() => decimal_fr(*v, 6)
                .trim_end_matches('0')
                .trim_end_matches(',')
                .replace('\u{202F}', "")
                .replace(crate::format::MINUS, "-"),
            Value::Exact(_) => "non disponible".into(),
            Value::NotComputable(r) | Value::Missing(r) => r.clone(),
        };
        let fields = [
            row.rank.map(|r| r.to_string()).unwrap_or_default(),
            row.code.clone(),
            row.name.clone(),
            row.region.clone(),
            value,
            unit.to_owned(),
            row.class.map(|c| (c + 1).to_string()).unwrap_or_default(),
            source.to_owned(),
        ];
        let line: Vec<String> = fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                if i == 4 {
                    csv_field(f)
                } else {
                    csv_text_field(f)
                }
            })
            .collect();
        out.push_str(&line.join(";"));
        if let Some(extra) = extra {
            let text = extra
                .by_unit
                .get(row.unit)
                .and_then(Option::as_deref)
                .unwrap_or(extra.missing);
            out.push(';');
            out.push_str(&csv_text_field(text));
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(unit: usize, name: &str, value: Value, class: Option<usize>) -> ValueRow {
        ValueRow {
            second: None,
            unit,
            code: format!("ti-00{unit}"),
            name: name.into(),
            region: "Bretagne".into(),
            rank: value.as_f64().map(|_| unit + 1),
            value,
            class,
        }
    }

    /// The extra column (a typology's category) follows the others, by unit, with the missing
    /// text for a unit without one.
    #[test]
    fn extra_column_by_unit_with_the_missing_text() {
        let rows = vec![
            row(0, "A", Value::Exact(2.0), Some(1)),
            row(1, "B", Value::Exact(1.0), Some(0)),
        ];
        let by_unit = vec![None, Some("nouveau en 2023".to_owned())];
        let extra = ExtraColumn {
            header: "Statut; 2023",
            by_unit: &by_unit,
            missing: "non renseigné",
        };
        let csv = to_csv_with(&rows, &[1, 0], "u", "s", Some(&extra));
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0].trim_start_matches('\u{feff}'),
            "rang;code;nom;région;valeur;unité;classe;source;\"Statut; 2023\""
        );
        assert_eq!(lines[1], "2;ti-001;B;Bretagne;1;u;1;s;nouveau en 2023");
        assert_eq!(lines[2], "1;ti-000;A;Bretagne;2;u;2;s;non renseigné");
    }

    #[test]
    fn csv_for_excel_in_french() {
        let rows = vec![
            row(0, "Fougères – Vitré", Value::Exact(1234.5), Some(2)),
            row(1, "Nom; avec \"guillemets\"", Value::Exact(12.0), Some(0)),
            row(
                2,
                "Sans valeur",
                Value::NotComputable("non calculable : parts".into()),
                None,
            ),
        ];
        let csv = to_csv(&rows, &[1, 0, 2], "hab./km²", "INSEE 2024");
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert!(lines[0].starts_with('\u{feff}'));
        assert_eq!(
            lines[0].trim_start_matches('\u{feff}'),
            "rang;code;nom;région;valeur;unité;classe;source"
        );
        assert_eq!(
            lines[1],
            "2;ti-001;\"Nom; avec \"\"guillemets\"\"\";Bretagne;12;hab./km²;1;INSEE 2024"
        );
        assert_eq!(
            lines[2],
            "1;ti-000;Fougères – Vitré;Bretagne;1234,5;hab./km²;3;INSEE 2024"
        );
        assert_eq!(
            lines[3],
            ";ti-002;Sans valeur;Bretagne;non calculable : parts;hab./km²;;INSEE 2024"
        );
        assert_eq!(lines.len(), 5, "trailing CRLF");
        assert_eq!(csv_text_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_text_field("-x;y"), "\"'-x;y\"");
    }
}
