//! What every pane reads, borrowed once per frame ([`PaneContext`], as rerun's
//! `ViewerContext`), and where they write: a [`Commands`] sink the app applies at the end of
//! the frame. A pane never holds the app; the app hands it these two.

use std::sync::Arc;

use super::command::Command;
use super::guidance::ShareGuidance;
use super::imports::UserLayerData;
use super::loader::Loaded;
use super::settings::Settings;
use crate::carto::{BivariateMap, Choropleth, LayerId, Symbols};
use crate::map::MapFrameOutput;
use crate::model::geography::generations::GenerationComparison;
use crate::model::imports::Imports;
use crate::model::indicators::bivariate::Bivariate;
use crate::model::indicators::choropleth::Legend;
use crate::model::{Territory, UnitRef};
use crate::palette::Deficiency;

/// Where panes put what they ask for: applied once, at the end of the frame.
pub type Commands = Vec<Command>;

/// The selected unit: its reference, and its feature index in its layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Selection {
    pub unit: UnitRef,
    pub index: usize,
}

/// The thematic map the settings ask for, computed once per change by carto's one builder.
#[derive(Default)]
pub struct Thematic {
    /// The choropleth, symbols and bivariate map in their own colours (what exports use).
    pub built: crate::carto::MapThematics,
    /// Bumped whenever the tables change (the other mailles arrive, a file is imported or
    /// removed): every piece is computed again, and the sheet is built again.
    pub tables_revision: u64,
    /// The choropleth as shown (through the colour-vision preview, if any).
    pub shown: Option<Choropleth>,
    /// Bumped at every recomputation of the choropleth.
    pub version: u64,
    /// How to get the values the map lacks (the industry share at the territory maille).
    pub guidance: Option<ShareGuidance>,
    /// Small multiples, when 2 or more are asked: the panels (or why not), for the settings
    /// and tables they were built from.
    pub panels: Option<PanelsBuilt>,
}

/// Small multiples as built, with what they were built from.
pub struct PanelsBuilt {
    pub settings: crate::carto::MapSettings,
    pub tables_revision: u64,
    pub map: Result<Arc<crate::carto::panels::PanelsMap>, String>,
}

impl Thematic {
    /// The small multiples to draw, if the map shows them.
    pub fn panels_map(&self) -> Option<&crate::carto::panels::PanelsMap> {
        self.panels.as_ref()?.map.as_ref().ok().map(|p| p.as_ref())
    }

    /// Why the small multiples asked are not drawn.
    pub fn panels_error(&self) -> Option<&str> {
        self.panels.as_ref()?.map.as_ref().err().map(String::as_str)
    }
}

impl Thematic {
    /// The tables changed: everything they feed is computed again.
    pub fn tables_changed(&mut self) {
        self.tables_revision += 1;
    }
}

/// The user's files as loaded.
#[derive(Default)]
pub struct UserData {
    pub imports: Imports,
    /// The user's layers, drawn over the bundle's (their meshes are in the loaded data).
    pub layers: Vec<UserLayerData>,
    /// Positions of the imported projects.
    pub points: Arc<Vec<[f64; 2]>>,
    /// The remembered files were sent for reloading.
    pub restored: bool,
    /// Remembered files missing at start: kept in the settings, shown as absent.
    pub absent: Vec<std::path::PathBuf>,
}

impl UserData {
    /// The positions of the imported projects, again from the imports.
    pub fn refresh_points(&mut self) {
        self.points = crate::carto::project_points(&self.imports);
    }
}

/// What a pane may read this frame (nothing in it can be changed through it).
#[derive(Clone, Copy)]
pub struct PaneContext<'a> {
    /// The bundle, once loaded.
    pub loaded: Option<&'a Loaded>,
    pub settings: &'a Settings,
    pub selection: Option<&'a Selection>,
    pub thematic: &'a Thematic,
    /// The proportional symbols drawn, or why not.
    pub symbols: Option<&'a Symbols>,
    pub symbols_error: Option<&'a str>,
    /// The bivariate map as drawn (or why not), and the grid the sheets place a territory's
    /// members on.
    pub bivariate: Option<&'a BivariateMap>,
    pub bivariate_error: Option<&'a str>,
    pub sheet_grid: Option<&'a Arc<Bivariate>>,
    pub user: &'a UserData,
    /// Temps I / Temps II, once computed.
    pub comparison: Option<&'a GenerationComparison>,
    /// Temps I / Temps II on the map: side by side, or coloured by status (or side by side).
    pub side_by_side: bool,
    pub statuses: bool,
    /// The map's centre (None: where it opened) and zoom.
    pub map_centre: Option<walkers::Position>,
    pub map_zoom: f64,
    /// What the map drew last frame.
    pub map_output: &'a MapFrameOutput,
    /// The colour-vision preview.
    pub simulation: Option<Deficiency>,
    /// The presentation mode, and the view it (or the views tab) is on.
    pub presenting: bool,
    pub current_view: Option<usize>,
    /// The table of values has the keyboard (the arrows move in it, not the map).
    pub table_has_keys: bool,
    /// Messages waiting for the user.
    pub notices: &'a [String],
    /// Loading: still reading the bundle, the error that stopped it, more layers to come.
    pub loading: bool,
    pub load_error: Option<&'a str>,
    pub more_coming: bool,
}

/// A legend as the map shows it: its title above it when several are shown (small multiples
/// of different indicators), and the legend.
pub type ShownLegend = (
    Option<String>,
    Arc<crate::model::indicators::choropleth::Legend>,
);

impl<'a> PaneContext<'a> {
    /// The typology the map shows (a bivariate map replaces it).
    pub fn shown_typology(&self) -> Option<&'a crate::model::typology::TypologyChoice> {
        self.settings
            .map
            .typology
            .as_ref()
            .filter(|_| !self.settings.map.bivariate.on)
    }

    /// The legends of what the map shows: the small multiples' one legend (classes common to
    /// every map) or each map's under its title; else the map's indicator's (or typology's).
    pub fn shown_legends(&self) -> Vec<ShownLegend> {
        match self.thematic.panels_map() {
            Some(p) => match &p.common_legend {
                Some(l) => vec![(None, Arc::clone(l))],
                None => p
                    .panels
                    .iter()
                    .filter_map(|panel| {
                        panel
                            .legend()
                            .map(|l| (Some(panel.title.clone()), Arc::clone(l)))
                    })
                    .collect(),
            },
            None => self
                .thematic
                .shown
                .as_ref()
                .map(|c| (None, Arc::clone(&c.legend)))
                .into_iter()
                .collect(),
        }
    }

    /// The legend of the map's indicator, as shown.
    pub fn legend(&self) -> Option<&'a Legend> {
        self.thematic.shown.as_ref().map(|c| c.legend.as_ref())
    }

    /// The selected territory, if the selection is one.
    pub fn selected_territory(&self) -> Option<&'a Territory> {
        self.loaded?.dataset.territory_of(&self.selection?.unit)
    }

    /// The unit of a drawn feature.
    pub fn unit_of(&self, id: LayerId, index: usize) -> Option<UnitRef> {
        let LayerId::Bundle(kind) = id else {
            return None;
        };
        let f = self.loaded?.scene.layer(kind)?.features.get(index)?;
        Some(UnitRef::new(kind, &f.code))
    }
}
