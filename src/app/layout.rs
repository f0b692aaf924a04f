//! The window's layout, saved with the settings: which docked panels are open, their sizes, the
//! tabs of the bottom dock, the legend folded or not, the text size. Pure data (no egui): the
//! frame reads it to lay the panels out and writes back what the user dragged.
//!
//! Docking uses egui's own side and bottom panels (resizable, collapsible, animated) rather than
//! a docking crate: egui_dock 0.21 still requires egui 0.36, and egui_tiles 0.18 (egui 0.37)
//! tiles the whole window — the map would become one tile among others, to be kept from being
//! closed or dragged away. Three fixed docks (layers left, sheet right, tables below) are what
//! QGIS-like users expect, and egui's panels give them with no extra dependency.

use serde::{Deserialize, Serialize};

/// Width of the layers panel, in points, when nothing else was chosen.
pub const DEFAULT_LEFT_WIDTH: f32 = 330.0;
/// Width of the territory sheet.
pub const DEFAULT_SHEET_WIDTH: f32 = 370.0;
/// Height of the bottom dock.
pub const DEFAULT_DOCK_HEIGHT: f32 = 260.0;
/// Height the bottom dock grows to when the scatter plot opens in it.
pub const SCATTER_DOCK_HEIGHT: f32 = 340.0;
/// Sizes a panel may take (points): never so wide that the map disappears.
pub const LEFT_RANGE: (f32, f32) = (240.0, 520.0);
pub const SHEET_RANGE: (f32, f32) = (280.0, 620.0);
pub const DOCK_RANGE: (f32, f32) = (140.0, 560.0);
/// Text size (egui zoom factor) bounds and step (Ctrl + / Ctrl −).
pub const TEXT_SCALE_RANGE: (f32, f32) = (0.75, 2.0);
pub const TEXT_SCALE_STEP: f32 = 0.1;

/// A tab of the bottom dock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DockTab {
    /// The table of values of the map's indicator.
    Table,
    /// Temps I and Temps II compared.
    Comparison,
    /// Importing files and the report of the last import.
    Import,
    /// The attributes of a user's layer.
    Attributes,
    /// Saved views for presentations.
    Views,
    /// Exporting the map, the sheet or a table.
    Export,
    /// Two indicators as a scatter plot linked to the map.
    Scatter,
}

impl DockTab {
    /// The tab's title.
    pub fn label_fr(self) -> &'static str {
        match self {
            DockTab::Table => "Tableau des valeurs",
            DockTab::Comparison => "Temps I et Temps II",
            DockTab::Import => "Importation",
            DockTab::Attributes => "Attributs",
            DockTab::Views => "Vues",
            DockTab::Export => "Export",
            DockTab::Scatter => "Nuage de points",
        }
    }
}

/// Panels, sizes and tabs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Layout {
    /// The layers and thematic panel (left) unfolded.
    pub left_open: bool,
    pub left_width: f32,
    /// The territory sheet (right), shown while a unit is selected, unfolded.
    pub sheet_open: bool,
    pub sheet_width: f32,
    /// The bottom dock unfolded (it shows only when a tab is open).
    pub dock_open: bool,
    pub dock_height: f32,
    /// Open tabs of the bottom dock, in order.
    pub tabs: Vec<DockTab>,
    /// The tab shown.
    pub active: Option<DockTab>,
    /// The legend unfolded.
    pub legend_open: bool,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            left_open: true,
            left_width: DEFAULT_LEFT_WIDTH,
            sheet_open: true,
            sheet_width: DEFAULT_SHEET_WIDTH,
            dock_open: true,
            dock_height: DEFAULT_DOCK_HEIGHT,
            tabs: Vec::new(),
            active: None,
            legend_open: true,
        }
    }
}

impl Layout {
    pub fn is_open(&self, tab: DockTab) -> bool {
        self.tabs.contains(&tab)
    }

    /// Opens a tab (at the end) and shows it, unfolding the dock.
    pub fn open(&mut self, tab: DockTab) {
        if !self.tabs.contains(&tab) {
            self.tabs.push(tab);
        }
        self.active = Some(tab);
        self.dock_open = true;
    }

    /// Closes a tab; the one before it (or the first) is shown instead.
    pub fn close(&mut self, tab: DockTab) {
        let Some(i) = self.tabs.iter().position(|&t| t == tab) else {
            return;
        };
        self.tabs.remove(i);
        if self.active == Some(tab) {
            self.active = self
                .tabs
                .get(i.saturating_sub(1))
                .or(self.tabs.first())
                .copied();
        }
    }

    /// Opens or closes a tab.
    pub fn set_open(&mut self, tab: DockTab, open: bool) {
        if open {
            self.open(tab);
        } else {
            self.close(tab);
        }
    }

    /// The tab shown: the active one if open, else the first open one.
    pub fn shown_tab(&self) -> Option<DockTab> {
        self.active
            .filter(|t| self.tabs.contains(t))
            .or(self.tabs.first().copied())
    }

    /// Sizes read back from a file are kept inside their ranges (a hand-edited or corrupt file
    /// never hides the map).
    pub fn sanitised(mut self) -> Self {
        let clamp = |v: f32, (lo, hi): (f32, f32), default: f32| {
            if v.is_finite() {
                v.clamp(lo, hi)
            } else {
                default
            }
        };
        self.left_width = clamp(self.left_width, LEFT_RANGE, DEFAULT_LEFT_WIDTH);
        self.sheet_width = clamp(self.sheet_width, SHEET_RANGE, DEFAULT_SHEET_WIDTH);
        self.dock_height = clamp(self.dock_height, DOCK_RANGE, DEFAULT_DOCK_HEIGHT);
        let mut seen = Vec::new();
        self.tabs.retain(|t| {
            let first = !seen.contains(t);
            seen.push(*t);
            first
        });
        self
    }
}

/// A text size kept inside its bounds, in steps of 5 % (what Ctrl + and Ctrl − reach).
pub fn clamp_text_scale(scale: f32) -> f32 {
    if !scale.is_finite() {
        return 1.0;
    }
    let (lo, hi) = TEXT_SCALE_RANGE;
    ((scale.clamp(lo, hi) * 20.0).round() / 20.0).clamp(lo, hi)
}

/// The serde default of the text size.
pub fn default_text_scale() -> f32 {
    1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_open_close_and_the_neighbour_shows() {
        let mut l = Layout::default();
        assert_eq!(l.shown_tab(), None);
        l.open(DockTab::Table);
        l.open(DockTab::Import);
        l.open(DockTab::Table);
        assert_eq!(l.tabs, [DockTab::Table, DockTab::Import]);
        assert_eq!(l.shown_tab(), Some(DockTab::Table));
        l.active = Some(DockTab::Import);
        l.close(DockTab::Import);
        assert_eq!(l.shown_tab(), Some(DockTab::Table));
        l.close(DockTab::Table);
        assert_eq!(l.shown_tab(), None);
        l.close(DockTab::Comparison);
        assert!(l.tabs.is_empty());
    }

    #[test]
    fn sizes_from_a_file_stay_in_range() {
        let l = Layout {
            left_width: 5000.0,
            sheet_width: f32::NAN,
            dock_height: 10.0,
            tabs: vec![DockTab::Table, DockTab::Table],
            ..Layout::default()
        }
        .sanitised();
        assert_eq!(l.left_width, LEFT_RANGE.1);
        assert_eq!(l.sheet_width, DEFAULT_SHEET_WIDTH);
        assert_eq!(l.dock_height, DOCK_RANGE.0);
        assert_eq!(l.tabs, [DockTab::Table]);
    }

    #[test]
    fn text_scale_in_bounds_and_steps() {
        assert_eq!(clamp_text_scale(1.0), 1.0);
        assert_eq!(clamp_text_scale(1.12), 1.1);
        assert_eq!(clamp_text_scale(9.0), 2.0);
        assert_eq!(clamp_text_scale(0.1), 0.75);
        assert_eq!(clamp_text_scale(f32::INFINITY), 1.0);
    }

    #[test]
    fn a_layout_missing_fields_takes_the_defaults() {
        let l: Layout = serde_json::from_str(r#"{"left_open": false}"#).expect("json");
        assert!(!l.left_open);
        assert_eq!(l.left_width, DEFAULT_LEFT_WIDTH);
        assert!(l.legend_open);
    }
}
