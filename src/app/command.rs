//! What the panels ask for, applied once at the end of the frame: panels never edit the app's
//! state themselves.

use walkers::lon_lat;

use std::path::PathBuf;

use super::file_chooser::FilePurpose;
use super::imports::ImportedFile;
use super::layout::{DockTab, Layout, SCATTER_DOCK_HEIGHT, clamp_text_scale};
use super::panes::views::ViewEdit;
use super::{AtlasApp, FRANCE_CENTER, FRANCE_ZOOM};
use crate::carto::{LayerId, MapSettings, MapSpec};
use crate::io::import::ImportKind;
use crate::model::UnitRef;
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
    /// A message for the user.
    Notice(String),
    /// Write the file the export tab asks for.
    StartExport,
    /// Read a file the user chose; forget a remembered file missing at start; remove the
    /// files of a kind.
    Import(ImportedFile),
    ForgetImport(PathBuf),
    RemoveImport(ImportKind),
    /// List a user's layer attributes (by file name).
    OpenAttributes(String),
    /// Change the saved views; show one.
    EditViews(ViewEdit),
    GoToView(usize),
    /// Enter (from a view) or leave the presentation mode; the next or previous view.
    Present {
        on: bool,
        start: Option<usize>,
    },
    StepView(bool),
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
            Command::OpenExport(what) => {
                self.settings.layout.open(DockTab::Export);
                self.panes.exports.open(what);
            }
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
                self.panes.import.prepare(kind, help);
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
            Command::Notice(text) => self.notices.push(text),
            Command::StartExport => self.start_export(ctx),
            Command::Import(file) => self.start_import(file, false, ctx),
            Command::ForgetImport(path) => {
                self.settings.imported_files.retain(|f| f.path != path);
                self.user.absent.retain(|p| *p != path);
            }
            Command::RemoveImport(kind) => self.remove_import(kind),
            Command::OpenAttributes(layer) => {
                if self.panes.attributes.open(&layer, &self.user) {
                    self.settings.layout.open(DockTab::Attributes);
                }
            }
            Command::EditViews(edit) => edit.apply(
                &mut self.settings.bookmarks,
                &mut self.panes.presentation.current_view,
            ),
            Command::GoToView(i) => self.go_to_view(i),
            Command::Present { on, start } => {
                self.panes.presentation.on = on;
                ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
                if on && let Some(i) = start {
                    self.go_to_view(i);
                }
            }
            Command::StepView(forward) => {
                let views = self.settings.bookmarks.len();
                match self.panes.presentation.step(views, forward) {
                    Ok(i) => self.go_to_view(i),
                    // Said once, not once per key press.
                    Err(text) => {
                        if self.notices.last().map(String::as_str) != Some(text) {
                            self.notices.push(text.to_owned());
                        }
                    }
                }
            }
        }
    }

    /// Shows a saved view: extent, layers, indicator and classes, the territory's sheet.
    fn go_to_view(&mut self, i: usize) {
        let Some(view) = self.settings.bookmarks.get(i).cloned() else {
            return;
        };
        self.panes.presentation.current_view = Some(i);
        let unit =
            super::panes::views::show_view(&view, &mut self.settings.map, &mut self.map.memory);
        self.set_selection(unit);
    }

    /// Removes the user's files of a kind (and what they brought).
    fn remove_import(&mut self, kind: ImportKind) {
        if let super::LoadState::Ready(loaded, _) = &mut self.load {
            super::imports::remove(loaded, &mut self.user.imports, kind);
            if kind == ImportKind::Layer {
                loaded.meshes.user.clear();
            }
        }
        self.settings.imported_files.retain(|f| f.kind != kind);
        let remembered = &self.settings.imported_files;
        self.user
            .absent
            .retain(|p| remembered.iter().any(|f| f.path == *p));
        if kind == ImportKind::Layer {
            self.user.layers.clear();
            self.panes.attributes.close();
        }
        self.map.thematic.applied = None;
        self.refresh_project_points();
    }

    /// Starts the export the export tab asks for.
    fn start_export(&mut self, ctx: &egui::Context) {
        let spec = self.map_spec_for_export();
        let table = &mut self.panes.table;
        let cx = pane_context!(self);
        self.panes
            .exports
            .start(&cx, || spec, || table.csv(&cx), ctx);
    }

    /// The map as it is now, for an export: same view, layers, classes and colours (without
    /// the colour-vision preview).
    pub(super) fn map_spec_for_export(&self) -> MapSpec {
        let mut spec = self.map_spec();
        spec.choropleth = self.map.thematic.plain.clone();
        if spec.bivariate.is_some() {
            spec.bivariate = self.panes.bivariate.plain.clone();
        }
        spec.hovered = None;
        spec.selected = None;
        spec
    }

    /// Selects a unit (None: nothing).
    pub(super) fn set_selection(&mut self, unit: Option<UnitRef>) {
        let loaded = match &self.load {
            super::LoadState::Ready(l, _) => Some(l),
            _ => None,
        };
        self.map.selection = unit.and_then(|unit| {
            let index = loaded?.scene.layer(unit.layer)?.position(&unit.code)?;
            Some(super::context::Selection { unit, index })
        });
    }

    /// Closes a tab of the bottom dock, and what it was showing on the map.
    fn close_tab(&mut self, tab: DockTab) {
        self.settings.layout.close(tab);
        match tab {
            DockTab::Comparison => self.panes.comparison.close(),
            DockTab::Attributes => self.panes.attributes.close(),
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
            && let (Some(id), Some(loaded)) = (&map.indicator, self.load.loaded())
            && loaded
                .table(map.maille)
                .is_some_and(|t| t.position(id).is_none())
        {
            map.indicator = None;
        }
        if map.indicator != self.settings.map.indicator
            && let Some(loaded) = self.load.loaded()
        {
            let find = |level: crate::model::Level, id: &Option<String>| {
                let table = loaded.table(level)?;
                table
                    .indicators
                    .get(table.position(id.as_deref()?)?)
                    .cloned()
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
        let bbox = self.load.loaded().and_then(|l| {
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
        let f = self.load.loaded()?.scene.layer(kind)?.features.get(index)?;
        Some(UnitRef::new(kind, &f.code))
    }
}
