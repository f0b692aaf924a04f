//! Settings saved between sessions (eframe storage). Runtime-only state stays out of here.

use serde::{Deserialize, Serialize};

use crate::model::{LayerKind, Level};
use crate::palette::Palette;

pub const STORAGE_KEY: &str = "ti-atlas/settings";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub show_ti2023: bool,
    pub show_ti2018: bool,
    pub show_epci: bool,
    pub show_departements: bool,
    pub show_regions: bool,
    /// OpenStreetMap tiles instead of the embedded basemap.
    pub online_basemap: bool,
    pub show_labels: bool,
    /// The units the map is coloured at: territories 2023-2027, EPCI or départements.
    pub maille: Level,
    /// Indicator colouring the maille (catalogue id), if any.
    pub indicator: Option<String>,
    /// Classification method id (quantiles, equal, jenks, stddev, q6, symmetric,
    /// symmetric-quantiles, manual).
    pub method: String,
    pub classes: usize,
    /// Inner breaks typed for the manual method ("50 ; 100 ; 250").
    pub manual_breaks: String,
    pub palette: Palette,
    /// Every bound of the legend when the user froze it: kept across indicators and mailles.
    pub frozen_breaks: Option<Vec<f64>>,
    /// Imported projects drawn on the map.
    pub show_projects: bool,
    /// The user's files, reloaded at start.
    pub imported_files: Vec<super::imports::ImportedFile>,
    /// Saved views ("vues") for presentations, in presentation order.
    pub bookmarks: Vec<crate::model::bookmarks::Bookmark>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            show_ti2023: true,
            show_ti2018: false,
            show_epci: false,
            show_departements: false,
            show_regions: false,
            online_basemap: false,
            show_labels: true,
            maille: Level::Territoire,
            indicator: None,
            method: "jenks".into(),
            classes: 5,
            manual_breaks: String::new(),
            palette: Palette::default(),
            frozen_breaks: None,
            imported_files: Vec::new(),
            show_projects: true,
            bookmarks: Vec::new(),
        }
    }
}

impl Settings {
    pub fn visible(&self, kind: LayerKind) -> bool {
        match kind {
            LayerKind::Ti2023 => self.show_ti2023,
            LayerKind::Ti2018 => self.show_ti2018,
            LayerKind::Epci => self.show_epci,
            LayerKind::Departements => self.show_departements,
            LayerKind::Regions => self.show_regions,
        }
    }

    pub fn visible_mut(&mut self, kind: LayerKind) -> &mut bool {
        match kind {
            LayerKind::Ti2023 => &mut self.show_ti2023,
            LayerKind::Ti2018 => &mut self.show_ti2018,
            LayerKind::Epci => &mut self.show_epci,
            LayerKind::Departements => &mut self.show_departements,
            LayerKind::Regions => &mut self.show_regions,
        }
    }
}
