//! What the panels ask for, applied once at the end of the frame: panels never edit the app's
//! state themselves.

use walkers::lon_lat;

use super::file_chooser::FilePurpose;
use super::layout::{DockTab, Layout, SCATTER_DOCK_HEIGHT, clamp_text_scale};
use super::{AtlasApp, FRANCE_CENTER, FRANCE_ZOOM};
use crate::carto::{LayerId, MapSettings};
use crate::io::import::ImportKind;
use crate::model::{IndicatorId, UnitRef};
use crate::palette::Deficiency;
use crate::ui::export_window::ExportWhat;

/// A change the user asked for.
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub enum Command {
    /// Select a unit (its sheet opens), or nothing.
    Select(Option<UnitRef>),
    /// Select a unit and make its layer visible.
    Reveal(UnitRef),
    /// Select a unit, make its layer visible and show it on the map.
    Open(UnitRef),
    /// Show a unit on the map (zoom to fit it between the panels).
    ZoomTo(UnitRef),
    /// Show a lon/lat box.
    Fit(geo::Rect<f64>),
    /// Centre the map on a point at a zoom.
    Jump {
        lon: f64,
        lat: f64,
        zoom: f64,
    },
    /// Back to France.
    Home,
    ZoomIn,
    ZoomOut,
    /// New map settings (the Couches panel), basemap and colour-vision preview.
    SetMap(Box<MapSettings>),
    SetOnlineBasemap(bool),
    SetSimulation(Option<Deficiency>),
    /// Open the export window on a choice.
    OpenExport(ExportWhat),
    /// Open the table of values.
    ShowTable(bool),
    /// Open and show a tab of the bottom dock.
    OpenTab(DockTab),
    CloseTab(DockTab),
    /// Open the scatter plot's tab, the dock tall enough for it.
    OpenScatter,
    /// Fold or unfold the layers panel.
    ShowLayersPanel(bool),
    /// Back to the default panels, sizes and tabs.
    ResetLayout,
    /// The interface's text size (1 = 100 %).
    SetTextScale(f32),
    /// Open the import tab ready for a kind of file, with a word on where it comes from.
    OpenImport(ImportKind, Option<&'static str>),
    /// Choose a file (the system's dialog or the built-in chooser).
    ChooseFile(FilePurpose),
    /// Hide a unit's name, move it, or put it back (None), by its label key.
    SetLabel(String, Option<crate::carto::labels::LabelOverride>),
    /// Every name back where the placer puts it.
    ResetLabels,
}

impl AtlasApp {
    /// Applies one command.
    pub(super) fn apply_command(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::Select(unit) => {
                self.settings.layout.sheet_open |= unit.is_some();
                self.set_selection(unit);
            }
            Command::Reveal(unit) => {
                *self.settings.map.visible_mut(unit.layer) = true;
                self.settings.layout.sheet_open = true;
                self.set_selection(Some(unit));
            }
            Command::Open(unit) => self.open_unit(unit),
            Command::ZoomTo(unit) => self.zoom_to_unit(&unit),
            Command::Fit(bbox) => self.map.pending_fit = Some(super::Fit::Bbox(bbox)),
            Command::Jump { lon, lat, zoom } => {
                self.map.memory.center_at(lon_lat(lon, lat));
                let _ = self.map.memory.set_zoom(zoom);
            }
            Command::Home => {
                self.map
                    .memory
                    .center_at(lon_lat(FRANCE_CENTER.0, FRANCE_CENTER.1));
                let _ = self.map.memory.set_zoom(FRANCE_ZOOM);
                self.map.pending_fit = Some(super::Fit::France);
            }
            Command::ZoomIn => {
                let _ = self.map.memory.zoom_in();
            }
            Command::ZoomOut => {
                let _ = self.map.memory.zoom_out();
            }
            Command::SetMap(map) => self.set_map_settings(*map),
            Command::SetOnlineBasemap(on) => {
                if on != self.settings.online_basemap {
                    self.settings.online_basemap = on;
                    self.map.basemap = if on {
                        super::basemap::Basemap::online(ctx)
                    } else {
                        super::basemap::Basemap::offline(ctx)
                    };
                }
            }
            Command::SetSimulation(s) => self.map.simulation = s,
            Command::OpenExport(what) => self.open_export(what),
            Command::ShowTable(on) => self.settings.layout.set_open(DockTab::Table, on),
            Command::OpenTab(tab) => self.settings.layout.open(tab),
            Command::OpenScatter => {
                // The plot needs some height: the dock grows to it if it was lower.
                let layout = &mut self.settings.layout;
                layout.open(DockTab::Scatter);
                if layout.dock_height < SCATTER_DOCK_HEIGHT {
                    layout.dock_height = SCATTER_DOCK_HEIGHT;
                    self.windows.apply_layout = true;
                }
            }
            Command::CloseTab(tab) => self.close_tab(tab),
            Command::ShowLayersPanel(on) => self.settings.layout.left_open = on,
            Command::ResetLayout => {
                let tabs = std::mem::take(&mut self.settings.layout.tabs);
                for tab in tabs {
                    self.close_tab(tab);
                }
                self.settings.layout = Layout::default();
                self.windows.apply_layout = true;
            }
            Command::SetTextScale(scale) => {
                self.settings.text_scale = clamp_text_scale(scale);
                ctx.set_zoom_factor(self.settings.text_scale);
            }
            Command::OpenImport(kind, help) => {
                let import = &mut self.windows.import;
                import.kind = kind;
                import.help = help;
                self.settings.layout.open(DockTab::Import);
            }
            Command::ChooseFile(purpose) => self.choose_file(purpose, ctx),
            Command::SetLabel(key, change) => match change {
                Some(o) => {
                    self.settings.map.labels.insert(key, o);
                }
                None => {
                    self.settings.map.labels.remove(&key);
                }
            },
            Command::ResetLabels => self.settings.map.labels.clear(),
        }
    }

    /// Closes a tab of the bottom dock, and what it was showing on the map.
    fn close_tab(&mut self, tab: DockTab) {
        self.settings.layout.close(tab);
        match tab {
            DockTab::Comparison => {
                self.windows.comparison.colour_map = false;
                self.windows.comparison.side_by_side = false;
            }
            DockTab::Attributes => self.windows.attributes = None,
            DockTab::Table
            | DockTab::Import
            | DockTab::Views
            | DockTab::Export
            | DockTab::Scatter => {}
        }
    }

    /// Takes new map settings, keeping them consistent: an indicator that has no meaning at
    /// the new maille is dropped, the coloured maille is shown, a hidden selection is cleared.
    pub(super) fn set_map_settings(&mut self, mut map: MapSettings) {
        if map.maille != self.settings.map.maille
            && let (Some(id), Some(loaded)) = (&map.indicator, self.loaded())
            && loaded
                .table(map.maille)
                .is_some_and(|t| t.position(id).is_none())
        {
            map.indicator = None;
        }
        if map.indicator != self.settings.map.indicator
            && let Some(loaded) = self.loaded()
        {
            let find = |level: crate::model::Level, id: &Option<IndicatorId>| {
                let table = loaded.table(level)?;
                table.indicators.get(table.position(id.as_ref()?)?).cloned()
            };
            let before = find(self.settings.map.maille, &self.settings.map.indicator);
            map.follow_indicator_defaults(
                before.as_ref(),
                find(map.maille, &map.indicator).as_ref(),
            );
        }
        if map.indicator.is_some() || map.bivariate.on {
            *map.visible_mut(map.maille.layer()) = true;
        }
        self.settings.map = map;
        if let Some(s) = &self.map.selection
            && !self.settings.map.visible(s.unit.layer)
        {
            self.map.selection = None;
        }
    }

    /// Selects a unit, shows its layer, and fits the map on it.
    pub(super) fn open_unit(&mut self, unit: UnitRef) {
        *self.settings.map.visible_mut(unit.layer) = true;
        self.settings.layout.sheet_open = true;
        self.zoom_to_unit(&unit);
        self.set_selection(Some(unit));
    }

    /// Fits the map on a unit (once the map's size is known).
    pub(super) fn zoom_to_unit(&mut self, unit: &UnitRef) {
        let bbox = self.loaded().and_then(|l| {
            let layer = l.scene.layer(unit.layer)?;
            let f = layer.features.get(layer.position(&unit.code)?)?;
            (!f.bbox_world.is_empty()).then(|| f.bbox_world.lonlat())
        });
        if let Some(b) = bbox {
            self.map.pending_fit = Some(super::Fit::Bbox(b));
        }
    }

    /// The unit of a drawn feature.
    pub(super) fn unit_of(&self, id: LayerId, index: usize) -> Option<UnitRef> {
        let LayerId::Bundle(kind) = id else {
            return None;
        };
        let f = self.loaded()?.scene.layer(kind)?.features.get(index)?;
        Some(UnitRef::new(kind, &f.code))
    }
}
