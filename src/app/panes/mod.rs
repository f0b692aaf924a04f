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
//! - `attributes`: a user's layer attributes;
//! - `sheet`: the selection's sheet; `layers`: the layers and thematic settings;
//! - `project`: the project file (open, save, recent) and undo / redo of the map;
//! - `chrome`: menus, status bar, keys, notices and the small windows.

pub mod attributes;
pub mod bivariate;
pub mod chrome;
pub mod comparison;
pub mod exports;
pub mod import;
pub mod layers;
pub mod page;
pub mod presentation;
pub mod project;
pub mod scatter;
pub mod screen_export;
pub mod sheet;
pub mod sheet_cache;
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
    pub sheet: sheet::SheetPane,
    pub chrome: chrome::ChromePane,
    pub project: project::ProjectPane,
}

/// What the panes' tests share: the real bundle (every layer and the indexes, loaded once) and
/// a context borrowed from a small world of settings, selection and thematic state.
#[cfg(test)]
pub(crate) mod fixture {
    use std::sync::OnceLock;

    use super::super::context::{PaneContext, Selection, Thematic, UserData};
    use super::super::loader::{self, Indexes, Loaded};
    use super::super::settings::Settings;
    use crate::map::MapFrameOutput;
    use crate::model::{Generation, LayerKind, UnitRef};

    /// The bundle with every layer built and its indexes.
    pub fn loaded() -> &'static Loaded {
        static LOADED: OnceLock<Loaded> = OnceLock::new();
        LOADED.get_or_init(|| {
            let mut l = loader::load_ready(|| None).expect("the embedded bundle");
            l.indexes = Some(Box::new(Indexes::build(&l.dataset)));
            for kind in LayerKind::ALL {
                if !l.has_layer(kind) {
                    let layer = loader::build_layer(&l.dataset, kind);
                    l.add_layer(kind, layer);
                }
            }
            l
        })
    }

    /// What a context borrows.
    #[derive(Default)]
    pub struct World {
        pub settings: Settings,
        pub selection: Option<Selection>,
        pub thematic: Thematic,
        pub user: UserData,
        pub output: MapFrameOutput,
        pub notices: Vec<String>,
    }

    impl World {
        /// Selects a unit by its reference.
        pub fn select(&mut self, unit: UnitRef) {
            let index = loaded()
                .scene
                .layer(unit.layer)
                .and_then(|l| l.position(&unit.code))
                .expect("a unit of the bundle");
            self.selection = Some(Selection { unit, index });
        }

        /// Selects the first 2023-2027 territory (by the bundle's order).
        pub fn select_a_territory(&mut self) -> &'static crate::model::Territory {
            let t = loaded()
                .dataset
                .territories(Generation::Temps2)
                .next()
                .expect("a territory");
            self.select(UnitRef::territory(&t.id));
            t
        }

        pub fn cx(&self) -> PaneContext<'_> {
            PaneContext {
                loaded: Some(loaded()),
                settings: &self.settings,
                selection: self.selection.as_ref(),
                thematic: &self.thematic,
                symbols: None,
                symbols_error: None,
                bivariate: None,
                bivariate_error: None,
                sheet_grid: None,
                user: &self.user,
                comparison: None,
                side_by_side: false,
                statuses: false,
                map_centre: None,
                map_zoom: 5.6,
                map_output: &self.output,
                simulation: None,
                presenting: false,
                current_view: None,
                table_has_keys: false,
                notices: &self.notices,
                loading: false,
                load_error: None,
                more_coming: false,
            }
        }
    }
}
