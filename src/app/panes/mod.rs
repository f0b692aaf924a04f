//! The panes: each owns its state and has its own `update` and `ui`, reading one
//! [`PaneContext`](super::context::PaneContext) and writing [`Command`](super::Command)s to
//! a sink; none holds or imports the app, which hands them these and dispatches.
//! - `scatter`: the scatter plot (points, picks, its figure written on a thread);
//! - `bivariate`: the bivariate map and the sheets' grid, computed on change;
//! - `table`: the table of values;
//! - `exports`: the export tab and the file being written;
//! - `import`: the import tab and the reading threads;
//! - `comparison`: Temps I / Temps II (tab, status colours, side by side);
//! - `views`: the saved views; `presentation`: the presentation mode;
//! - `attributes`: a user's layer attributes.

pub mod attributes;
pub mod bivariate;
pub mod comparison;
pub mod exports;
pub mod import;
pub mod presentation;
pub mod scatter;
pub mod table;
pub mod views;

/// Every pane of the window.
#[derive(Default)]
pub struct Panes {
    pub scatter: scatter::ScatterPane,
    pub bivariate: bivariate::BivariatePane,
    pub table: table::TablePane,
    pub exports: exports::ExportsPane,
    pub import: import::ImportPane,
    pub comparison: comparison::ComparisonPane,
    pub views: views::ViewsPane,
    pub presentation: presentation::PresentationPane,
    pub attributes: attributes::AttributesPane,
}
