//! Sorting table rows the way a French reader expects: numbers numerically, names without
//! regard to case or accents ("Échirolles" between "Dax" and "Foix"), missing values always
//! last whatever the direction, ties kept in their original order.

use std::cmp::Ordering;

use crate::model::text::fold;

/// One cell, as far as sorting goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// No value ("non disponible", "non calculable", NaN).
    Missing,
}

impl Cell {
    pub fn number(v: Option<f64>) -> Cell {
        match v {
            Some(x) if x.is_finite() => Cell::Number(x),
            _ => Cell::Missing,
        }
    }
}

/// Which column the rows are sorted by, and in which direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortState {
    pub column: usize,
    pub descending: bool,
}

impl SortState {
    /// A click on a column header: the same column flips direction; another column starts
    /// descending for numbers and ascending for text.
    pub fn clicked(self, column: usize, numeric: bool) -> SortState {
        if column == self.column {
            SortState {
                column,
                descending: !self.descending,
            }
        } else {
            SortState {
                column,
                descending: numeric,
            }
        }
    }
}

/// Text compared case- and accent-insensitively, then exactly (to be total).
pub fn compare_text_fr(a: &str, b: &str) -> Ordering {
    fold(a).cmp(&fold(b)).then_with(|| a.cmp(b))
}

/// The order of `rows` (indices) sorted by `state`; rows without that column count as missing.
pub fn sorted_order(rows: &[Vec<Cell>], state: SortState) -> Vec<usize> {
    // Fold texts once.
    let keys: Vec<Option<Key>> = rows
        .iter()
        .map(|r| match r.get(state.column) {
            Some(Cell::Text(t)) => Some(Key::Text(fold(t), t.clone())),
            Some(Cell::Number(x)) if x.is_finite() => Some(Key::Number(*x)),
            _ => None,
        })
        .collect();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| match (&keys[a], &keys[b]) {
        (Some(x), Some(y)) => {
            let o = x.cmp(y);
            if state.descending { o.reverse() } else { o }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
    order
}

#[derive(Debug)]
enum Key {
    Number(f64),
    Text(String, String),
}

impl Key {
    fn cmp(&self, other: &Key) -> Ordering {
        match (self, other) {
            (Key::Number(a), Key::Number(b)) => a.total_cmp(b),
            (Key::Text(fa, a), Key::Text(fb, b)) => fa.cmp(fb).then_with(|| a.cmp(b)),
            // Mixed columns: numbers before text.
            (Key::Number(_), Key::Text(..)) => Ordering::Less,
            (Key::Text(..), Key::Number(_)) => Ordering::Greater,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Vec<Cell>> {
        vec![
            vec![Cell::Text("Foix".into()), Cell::Number(9.0)],
            vec![Cell::Text("Échirolles".into()), Cell::Missing],
            vec![Cell::Text("Dax".into()), Cell::Number(21.5)],
            vec![Cell::Text("Saint-Étienne".into()), Cell::Number(9.0)],
            vec![Cell::Text("Saint-Denis".into()), Cell::Number(f64::NAN)],
        ]
    }

    #[test]
    fn names_sort_without_accents() {
        let order = sorted_order(
            &rows(),
            SortState {
                column: 0,
                descending: false,
            },
        );
        assert_eq!(order, vec![2, 1, 0, 4, 3]);
        let order = sorted_order(
            &rows(),
            SortState {
                column: 0,
                descending: true,
            },
        );
        assert_eq!(order, vec![3, 4, 0, 1, 2]);
    }

    #[test]
    fn missing_values_stay_last_both_ways_and_ties_keep_order() {
        let order = sorted_order(
            &rows(),
            SortState {
                column: 1,
                descending: true,
            },
        );
        assert_eq!(order, vec![2, 0, 3, 1, 4]);
        let order = sorted_order(
            &rows(),
            SortState {
                column: 1,
                descending: false,
            },
        );
        assert_eq!(order, vec![0, 3, 2, 1, 4]);
    }

    #[test]
    fn header_clicks_toggle_or_switch() {
        let s = SortState {
            column: 0,
            descending: false,
        };
        assert_eq!(
            s.clicked(0, false),
            SortState {
                column: 0,
                descending: true
            }
        );
        assert_eq!(
            s.clicked(1, true),
            SortState {
                column: 1,
                descending: true
            }
        );
        assert_eq!(
            s.clicked(2, false),
            SortState {
                column: 2,
                descending: false
            }
        );
        assert_eq!(compare_text_fr("éa", "eb"), Ordering::Less);
    }
}
