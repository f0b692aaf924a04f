//! What the panels ask for, applied once at the end of the frame: panels never edit the app's
//! state themselves.

use std::path::PathBuf;

use super::file_chooser::FilePurpose;
use super::imports::ImportedFile;
use super::layout::DockTab;
use super::panes::views::ViewEdit;
use crate::carto::MapSettings;
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
    /// Open the Mise en page window (the map export's page, its annotations).
    OpenPage,
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
    /// Fold or unfold the legend over the map.
    SetLegendOpen(bool),
    /// The presentation in high contrast.
    SetHighContrast(bool),
    /// A notice read (by its place in the list).
    DismissNotice(usize),
    /// Close the built-in file chooser.
    CloseFileChooser,
    /// Save the project where it was saved or opened (or ask where), ask where, open one.
    SaveProject,
    SaveProjectAs,
    OpenProject(PathBuf),
    /// Remember the columns the user tied to the templates' fields for files with these headers
    /// (key: `settings::columns_key`).
    RememberColumns {
        key: String,
        columns: Vec<(String, String)>,
    },
    /// Undo or redo a change of the map's settings.
    Undo,
    Redo,
}
