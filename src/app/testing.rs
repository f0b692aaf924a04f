//! The testing extension: what tests and scripts read of the app ([`Probe`], from
//! `AtlasApp::probe`) and what they drive like a user would, through the same commands as the
//! panels ([`Driver`], from `AtlasApp::driver`). Kept out of the app's own API.

use std::collections::BTreeSet;
use std::path::PathBuf;

use walkers::MapMemory;

use super::command::Command;
use super::context::Selection;
use super::guidance::ShareGuidance;
use super::imports::ImportedFile;
use super::layout::DockTab;
use super::loader::Loaded;
use super::settings::Settings;
use super::{AtlasApp, LoadState};
use crate::carto::{BivariateMap, Choropleth, MapSpec, Symbols};
use crate::io::import::ImportReport;
use crate::map::MapFrameOutput;
use crate::model::geography::generations::GenerationComparison;
use crate::model::imports::Imports;
use crate::model::indicators::bivariate::Bivariate;
use crate::model::indicators::choropleth::Legend;
use crate::model::indicators::scatter::Scatter;
use crate::model::{LayerKind, Territory, UnitRef};
use crate::palette::Deficiency;
use crate::ui::comparison_window::ComparisonWindowState;
use crate::ui::export_window::ExportWindowState;
use crate::ui::scatter_view::ScatterViewState;
use crate::ui::views_window::ViewsWindowState;

/// Reads the app (tests and scripts).
#[derive(Clone, Copy)]
pub struct Probe<'a>(pub(super) &'a AtlasApp);

/// Drives the app like a user would (tests).
pub struct Driver<'a>(pub(super) &'a mut AtlasApp);

impl<'a> Probe<'a> {
    pub fn loaded(self) -> Option<&'a Loaded> {
        match &self.0.load {
            LoadState::Ready(l, _) => Some(l),
            _ => None,
        }
    }

    pub fn load_error(self) -> Option<&'a str> {
        match &self.0.load {
            LoadState::Failed(e) => Some(e),
            _ => None,
        }
    }

    /// Whether every layer has arrived.
    pub fn all_layers_loaded(self) -> bool {
        self.loaded()
            .is_some_and(|l| LayerKind::ALL.iter().all(|&k| l.has_layer(k)))
    }

    pub fn settings(self) -> &'a Settings {
        &self.0.settings
    }

    pub fn memory(self) -> &'a MapMemory {
        &self.0.map.memory
    }

    /// The current legend, if an indicator colours the map.
    pub fn legend(self) -> Option<&'a Legend> {
        self.0
            .map
            .thematic
            .shown
            .as_ref()
            .map(|c| c.legend.as_ref())
    }

    /// The choropleth as drawn (colour-vision preview included).
    pub fn choropleth(self) -> Option<&'a Choropleth> {
        self.0.map.thematic.shown.as_ref()
    }

    /// The proportional symbols drawn, if any.
    pub fn symbols(self) -> Option<&'a Symbols> {
        self.0.map.thematic.built.symbols()
    }

    /// How many times the selected unit's sheet was built since the start (it is kept until
    /// its inputs change).
    pub fn sheet_builds(self) -> u64 {
        self.0.panes.sheet.kept.builds()
    }

    /// The bivariate map as drawn (colour-vision preview included).
    pub fn bivariate(self) -> Option<&'a BivariateMap> {
        self.0.panes.bivariate.shown.as_ref()
    }

    /// The grid the sheets place a territory's members on.
    pub fn sheet_grid(self) -> Option<&'a Bivariate> {
        self.0.panes.bivariate.grid.as_deref()
    }

    /// What the map drew last frame.
    pub fn map_output(self) -> &'a MapFrameOutput {
        &self.0.map.output
    }

    /// The selected unit.
    pub fn selection(self) -> Option<&'a UnitRef> {
        self.0.map.selection.as_ref().map(|s: &Selection| &s.unit)
    }

    /// The selected territory, if the selection is one.
    pub fn selected_territory(self) -> Option<&'a Territory> {
        self.loaded()?.dataset.territory_of(self.selection()?)
    }

    /// Messages waiting for the user.
    pub fn notices(self) -> &'a [String] {
        &self.0.notices
    }

    pub fn imports(self) -> &'a Imports {
        &self.0.user.imports
    }

    /// File names of the user's layers on the map.
    pub fn user_layer_names(self) -> Vec<&'a str> {
        let layers = &self.0.user.layers;
        layers.iter().map(|l| l.spec.name.as_str()).collect()
    }

    /// The small multiples drawn, or why not.
    pub fn panels(self) -> Option<&'a crate::carto::panels::PanelsMap> {
        self.0.map.thematic.panels_map()
    }

    pub fn panels_error(self) -> Option<&'a str> {
        self.0.map.thematic.panels_error()
    }

    /// Whether a project is being saved or opened.
    pub fn project_busy(self) -> bool {
        self.0.panes.project.busy()
    }

    /// This instance's recovery copy (autosave), once claimed.
    pub fn recovery_copy(self) -> Option<&'a std::path::Path> {
        self.0.panes.autosave.copy_path()
    }

    /// How many copies of crashed runs are offered (« Récupérer le projet non enregistré ? »).
    pub fn recovery_offered(self) -> usize {
        self.0.panes.autosave.offered()
    }

    /// Whether the project has changes not saved (what the window's title says).
    pub fn project_modified(self) -> bool {
        let content = self.0.project_content();
        self.0.panes.project.modified(&content)
    }

    /// Whether a change of the map's settings can be undone, redone.
    pub fn can_undo(self) -> bool {
        self.0.panes.project.history.can_undo()
    }

    pub fn can_redo(self) -> bool {
        self.0.panes.project.history.can_redo()
    }

    /// Whether imports are running.
    pub fn importing(self) -> bool {
        self.0.panes.import.importing()
    }

    pub fn import_report(self) -> Option<&'a ImportReport> {
        self.0.panes.import.report()
    }

    pub fn import_error(self) -> Option<&'a str> {
        self.0.panes.import.error()
    }

    pub fn table_open(self) -> bool {
        self.0.settings.layout.is_open(DockTab::Table) && self.0.panes.table.rows.level.is_some()
    }

    /// Where the map was drawn last frame (between the docked panels).
    pub fn map_rect(self) -> Option<egui::Rect> {
        self.0.map_pane.rect
    }

    /// The small multiples' boxes last frame (empty: one map).
    pub fn panel_cells(self) -> &'a [egui::Rect] {
        &self.0.map_pane.panel_cells
    }

    /// The legend's box over the map last frame (None: no legend).
    pub fn legend_rect(self) -> Option<egui::Rect> {
        self.0.map_pane.legend_rect
    }

    /// The guidance shown where the map's indicator lacks values.
    pub fn share_guidance(self) -> Option<&'a ShareGuidance> {
        self.0.map.thematic.guidance.as_ref()
    }

    /// Whether the built-in file chooser is open.
    pub fn file_chooser_open(self) -> bool {
        self.0.files.built_in_open()
    }

    /// Where a world point was on screen in the last frame.
    pub fn screen_pos_world(self, world: [f64; 2]) -> Option<egui::Pos2> {
        let view = self.0.map.output.view?;
        Some(crate::map::painter::pos2(view.frame_from_world(world)))
    }

    /// Where a lon/lat point was on screen in the last frame.
    pub fn screen_pos(self, lonlat: walkers::Position) -> Option<egui::Pos2> {
        let view = self.0.map.output.view?;
        Some(crate::map::painter::pos2(view.frame_from_lonlat(lonlat)))
    }

    /// Whether an export is being written, and how the last one went.
    pub fn exporting(self) -> bool {
        self.0.panes.exports.exporting()
    }

    pub fn export_outcome(self) -> Option<&'a Result<PathBuf, String>> {
        self.0.panes.exports.outcome()
    }

    pub fn comparison(self) -> Option<&'a GenerationComparison> {
        self.0.panes.comparison.comparison()
    }

    /// Whether the presentation mode is on, and which view it shows.
    pub fn presenting(self) -> Option<Option<usize>> {
        let p = &self.0.panes.presentation;
        p.on.then_some(p.current_view)
    }

    /// The layer whose attributes the dock lists.
    pub fn attributes_open(self) -> Option<&'a str> {
        self.0.panes.attributes.layer()
    }

    /// The map as it is now, for an export: same view, layers, classes and colours (without
    /// the colour-vision preview).
    /// The Mise en page window (open, its page drawn).
    pub fn page(self) -> &'a super::panes::page::PagePane {
        &self.0.panes.exports.page
    }

    pub fn map_spec_for_export(self) -> MapSpec {
        self.0.map_spec_for_export()
    }

    /// The scatter plot's points, when its tab has computed them.
    pub fn scatter(self) -> Option<&'a Scatter> {
        self.0.panes.scatter.scatter()
    }

    /// The units highlighted in the plot because they are the map's selection.
    pub fn scatter_members(self) -> &'a BTreeSet<usize> {
        self.0.panes.scatter.members()
    }

    pub fn scatter_view(self) -> &'a ScatterViewState {
        &self.0.panes.scatter.view
    }

    /// Whether the figure is being written, and how the last export went.
    pub fn scatter_exporting(self) -> bool {
        self.0.panes.scatter.exporting()
    }

    pub fn scatter_export_outcome(self) -> Option<&'a Result<PathBuf, String>> {
        self.0.panes.scatter.export_outcome()
    }

    /// Where a unit's point was drawn last frame.
    pub fn scatter_point_pos(self, unit: usize) -> Option<egui::Pos2> {
        self.0.panes.scatter.point_pos(unit)
    }
}

impl<'a> Driver<'a> {
    /// Applies a command now (what a panel's button does at the end of the frame).
    pub fn apply(self, command: Command, ctx: &egui::Context) {
        self.0.apply_command(command, ctx);
    }

    /// The settings, to prepare a state in tests (a user goes through the panels).
    pub fn settings_mut(self) -> &'a mut Settings {
        &mut self.0.settings
    }

    pub fn set_table_open(self, open: bool) {
        self.0.settings.layout.set_open(DockTab::Table, open);
    }

    /// Simulates a colour-vision deficiency on the map and legend (None: normal vision).
    pub fn set_simulation(self, simulation: Option<Deficiency>) {
        self.0.map.simulation = simulation;
    }

    pub fn export_window_mut(self) -> &'a mut ExportWindowState {
        &mut self.0.panes.exports.window
    }

    pub fn import_window_mut(self) -> &'a mut crate::ui::import_window::ImportWindowState {
        &mut self.0.panes.import.window
    }

    pub fn views_window_mut(self) -> &'a mut ViewsWindowState {
        &mut self.0.panes.views.window
    }

    pub fn comparison_window_mut(self) -> &'a mut ComparisonWindowState {
        &mut self.0.panes.comparison.window
    }

    pub fn scatter_view_mut(self) -> &'a mut ScatterViewState {
        &mut self.0.panes.scatter.view
    }

    /// Selects the feature of the topmost visible layer at a point; the same path a click takes.
    pub fn select_at(self, lonlat: walkers::Position) -> Option<UnitRef> {
        let order = self.0.pick_order();
        let loaded = Probe(self.0).loaded()?;
        let hit = loaded.meshes.pick(&order, lonlat);
        let unit = hit.and_then(|(id, i)| {
            let crate::carto::LayerId::Bundle(kind) = id else {
                return None;
            };
            let f = loaded.scene.layer(kind)?.features.get(i)?;
            Some(UnitRef::new(kind, &f.code))
        });
        self.0.set_selection(unit.clone());
        unit
    }

    /// Selects a unit (None: nothing).
    pub fn set_selection(self, unit: Option<UnitRef>) {
        self.0.set_selection(unit);
    }

    /// Starts reading a file; `restoring`: a file remembered from the last session.
    pub fn start_import(self, file: ImportedFile, restoring: bool, ctx: &egui::Context) {
        self.0.start_import(file, restoring, ctx);
    }

    /// Enters (from view `start`, if any) or leaves the presentation mode.
    pub fn set_presenting(self, on: bool, start: Option<usize>, ctx: &egui::Context) {
        self.0.apply_command(Command::Present { on, start }, ctx);
    }

    /// Whether the basemap still has tiles on their way (the golden images wait for none).
    pub fn basemap_loading(self) -> bool {
        let meshes = self.0.load.loaded().is_some_and(|l| l.meshes.building());
        self.0.map_pane.basemap_loading() || meshes
    }

    /// Starts the autosave as the window's start does, its recovery copies in `dir`.
    pub fn start_autosave(self, dir: PathBuf, ctx: &egui::Context) {
        self.0.panes.autosave.start(Some(dir), ctx);
    }

    /// The autosave looks at the changes at the next frame (instead of within two minutes).
    pub fn autosave_now(self) {
        self.0.panes.autosave.look_now();
    }

    /// Makes what the window shows independent of this machine's speed (the golden images):
    /// the status bar's loading time reads one second.
    pub fn freeze_clock_for_snapshots(self) {
        if let LoadState::Ready(loaded, _) = &mut self.0.load {
            loaded.ready_time = std::time::Duration::from_secs(1);
        }
    }
}
