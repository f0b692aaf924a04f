//! Text cells of a table (rows × columns) held column by column: for each column one `String`
//! with its cells' text and one 4-byte end offset per cell, instead of a `String` per cell (24
//! bytes plus an allocation each). The users' tables and layer attributes are kept this way:
//! a table costs about its size in the file, and a column is read in one sequential pass (an
//! indicator per column over 35,000 communes reads memory in order, not 500 columns apart).

/// One column's cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Column {
    text: String,
    /// End of each cell in `text`.
    ends: Vec<u32>,
}

impl Column {
    fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        // The readers' size limits keep a table far below 4 GiB of text.
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    fn get(&self, row: usize) -> Option<&str> {
        let end = *self.ends.get(row)? as usize;
        let start = match row.checked_sub(1) {
            Some(p) => self.ends.get(p).map_or(0, |&e| e as usize),
            None => 0,
        };
        self.text.get(start.min(end)..end)
    }
}

/// Rows of text cells, all of the same width.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextGrid {
    columns: Vec<Column>,
    rows: usize,
    /// Cells pushed in the row being filled ([`Self::push_cell`]).
    pending: usize,
}

impl TextGrid {
    /// An empty grid of `columns` columns.
    pub fn new(columns: usize) -> Self {
        TextGrid {
            columns: vec![Column::default(); columns],
            rows: 0,
            pending: 0,
        }
    }

    /// Reserves room for `rows` rows and about `text_bytes` bytes of text.
    pub fn reserve(&mut self, rows: usize, text_bytes: usize) {
        let per_column = text_bytes.checked_div(self.columns.len()).unwrap_or(0);
        for c in &mut self.columns {
            c.ends.reserve(rows);
            c.text.reserve(per_column);
        }
    }

    pub fn columns(&self) -> usize {
        self.columns.len()
    }

    /// Complete rows (zero when there are no columns).
    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Appends a row: missing cells are empty, cells past the width are dropped.
    pub fn push_row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        if self.columns.is_empty() {
            return;
        }
        let mut cells = cells.into_iter();
        for c in &mut self.columns {
            c.push(cells.next().unwrap_or(""));
        }
        self.rows += 1;
    }

    /// Appends one cell; rows fill left to right and a row is complete after `columns` cells.
    pub fn push_cell(&mut self, cell: &str) {
        let Some(c) = self.columns.get_mut(self.pending) else {
            return;
        };
        c.push(cell);
        self.pending += 1;
        if self.pending == self.columns.len() {
            self.pending = 0;
            self.rows += 1;
        }
    }

    /// The cell at (`row`, `column`), empty outside the grid.
    pub fn cell(&self, row: usize, column: usize) -> &str {
        if row >= self.rows {
            return "";
        }
        self.columns
            .get(column)
            .and_then(|c| c.get(row))
            .unwrap_or("")
    }

    /// One row.
    pub fn row(&self, row: usize) -> GridRow<'_> {
        GridRow { grid: self, row }
    }

    /// Every row in order.
    pub fn iter_rows(&self) -> impl Iterator<Item = GridRow<'_>> {
        (0..self.rows).map(|row| self.row(row))
    }

    /// Every cell of a column, top to bottom.
    pub fn column(&self, column: usize) -> impl Iterator<Item = &str> {
        (0..self.rows).map(move |row| self.cell(row, column))
    }

    /// Owned rows (for the few views that need them).
    pub fn to_rows(&self) -> Vec<Vec<String>> {
        self.iter_rows()
            .map(|r| r.iter().map(str::to_owned).collect())
            .collect()
    }

    /// Bytes held (text and offsets).
    pub fn heap_bytes(&self) -> usize {
        self.columns
            .iter()
            .map(|c| c.text.capacity() + c.ends.capacity() * 4)
            .sum()
    }
}

/// A row of a [`TextGrid`].
#[derive(Clone, Copy, Debug)]
pub struct GridRow<'a> {
    grid: &'a TextGrid,
    row: usize,
}

impl<'a> GridRow<'a> {
    /// The cell in `column`, `None` past the width.
    pub fn get(&self, column: usize) -> Option<&'a str> {
        (column < self.grid.columns()).then(|| self.grid.cell(self.row, column))
    }

    pub fn len(&self) -> usize {
        self.grid.columns()
    }

    pub fn is_empty(&self) -> bool {
        self.grid.columns() == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let (grid, row) = (self.grid, self.row);
        (0..grid.columns()).map(move |c| grid.cell(row, c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_padded_or_cut_to_the_width() {
        let mut g = TextGrid::new(3);
        g.push_row(["01004", "Ambérieu", "12"]);
        g.push_row(["2A004"]);
        g.push_row(["a", "b", "c", "d"]);
        assert_eq!(g.rows(), 3);
        assert_eq!(g.cell(0, 1), "Ambérieu");
        assert_eq!(g.cell(1, 0), "2A004");
        assert_eq!(g.cell(1, 2), "");
        assert_eq!(g.cell(2, 2), "c");
        assert_eq!(g.cell(2, 3), "", "outside the width");
        assert_eq!(g.cell(9, 0), "", "outside the rows");
        assert_eq!(g.row(0).get(3), None);
        assert_eq!(g.row(2).iter().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(g.column(0).collect::<Vec<_>>(), ["01004", "2A004", "a"]);
        assert_eq!(g.to_rows()[1], ["2A004", "", ""]);
    }

    #[test]
    fn cells_pushed_one_by_one_fill_rows() {
        let mut g = TextGrid::new(2);
        for c in ["a", "b", "c"] {
            g.push_cell(c);
        }
        assert_eq!(g.rows(), 1, "the second row is not complete");
        assert_eq!(g.cell(1, 0), "");
        g.push_cell("d");
        assert_eq!(g.rows(), 2);
        assert_eq!(g.cell(1, 1), "d");
    }

    #[test]
    fn zero_columns_has_no_rows() {
        let mut g = TextGrid::new(0);
        g.push_row(["x"]);
        assert_eq!(g.rows(), 0);
        assert!(g.is_empty());
    }
}
