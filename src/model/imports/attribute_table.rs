//! The attributes of a user's layer, browsable: one row per feature, sortable by any column
//! (numbers numerically, text the French way), filtered by a text found in any cell.

use crate::model::indicators::table_sort::{Cell, SortState, sorted_order};
use crate::model::text::fold;

/// A layer's attributes and where each feature is (lon/lat box: min x, min y, max x, max y).
#[derive(Clone, Debug, PartialEq)]
pub struct AttributeTable {
    pub name: String,
    pub fields: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub bboxes: Vec<Option<[f64; 4]>>,
    /// Per column: every non-empty cell reads as a number.
    numeric: Vec<bool>,
    /// Folded cells, for the filter.
    folded: Vec<String>,
}

impl AttributeTable {
    pub fn new(
        name: String,
        fields: Vec<String>,
        rows: Vec<Vec<String>>,
        bboxes: Vec<Option<[f64; 4]>>,
    ) -> Self {
        let numeric = (0..fields.len())
            .map(|c| {
                let mut any = false;
                let all = rows.iter().all(|r| {
                    let cell = r.get(c).map_or("", |s| s.trim());
                    any |= !cell.is_empty();
                    cell.is_empty() || number(cell).is_some()
                });
                any && all
            })
            .collect();
        let folded = rows.iter().map(|r| fold(&r.join("\u{1f}"))).collect();
        AttributeTable {
            name,
            fields,
            rows,
            bboxes,
            numeric,
            folded,
        }
    }

    pub fn is_numeric(&self, column: usize) -> bool {
        self.numeric.get(column).copied().unwrap_or(false)
    }

    /// Row indices sorted by `sort` (None: file order) and kept when a cell contains `filter`
    /// (case and accents ignored).
    pub fn order(&self, sort: Option<SortState>, filter: &str) -> Vec<usize> {
        let all: Vec<usize> = match sort {
            None => (0..self.rows.len()).collect(),
            Some(state) => {
                let cells: Vec<Vec<Cell>> = self
                    .rows
                    .iter()
                    .map(|r| {
                        let text = r.get(state.column).map_or("", |s| s.trim());
                        let cell = if text.is_empty() {
                            Cell::Missing
                        } else if self.is_numeric(state.column) {
                            Cell::number(number(text))
                        } else {
                            Cell::Text(text.to_owned())
                        };
                        // sorted_order reads the sorted column only.
                        let mut row = vec![Cell::Missing; state.column];
                        row.push(cell);
                        row
                    })
                    .collect();
                sorted_order(&cells, state)
            }
        };
        let needle = fold(filter.trim());
        if needle.is_empty() {
            return all;
        }
        all.into_iter()
            .filter(|&i| self.folded.get(i).is_some_and(|f| f.contains(&needle)))
            .collect()
    }
}

/// A cell as a number: "12", "-3.5", "3,5" (a decimal comma), "1 234" (spaces as thousands).
fn number(text: &str) -> Option<f64> {
    let t: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> AttributeTable {
        let rows = [
            ["35360", "Vitré", "18 591"],
            ["01004", "Ambérieu-en-Bugey", "14 514"],
            ["2A004", "Ajaccio", ""],
            ["35238", "Rennes", "225 081"],
        ];
        AttributeTable::new(
            "communes.shp".into(),
            vec!["INSEE_COM".into(), "NOM".into(), "POPULATION".into()],
            rows.iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect(),
            vec![None; 4],
        )
    }

    #[test]
    fn columns_are_typed_and_sorted_the_french_way() {
        let t = table();
        assert!(!t.is_numeric(0), "2A004 is not a number");
        assert!(!t.is_numeric(1));
        assert!(t.is_numeric(2), "thousands spaces, one empty cell");
        let by_pop = t.order(
            Some(SortState {
                column: 2,
                descending: true,
            }),
            "",
        );
        assert_eq!(by_pop, [3, 0, 1, 2], "missing last");
        let by_name = t.order(
            Some(SortState {
                column: 1,
                descending: false,
            }),
            "",
        );
        assert_eq!(by_name, [2, 1, 3, 0], "Ajaccio, Ambérieu, Rennes, Vitré");
    }

    #[test]
    fn the_filter_ignores_case_and_accents() {
        let t = table();
        assert_eq!(t.order(None, "VITRE"), [0]);
        assert_eq!(t.order(None, "2a0"), [2]);
        assert_eq!(t.order(None, "zzz"), Vec::<usize>::new());
        assert_eq!(t.order(None, " "), [0, 1, 2, 3]);
    }
}
