//! The eframe application, split the way egui's demo app and rerun split theirs:
//! - [`settings::Settings`]: what is saved between sessions (the map's settings among them);
//! - `AtlasApp`, in this file (its room, the only place it is implemented): the runtime state
//!   grouped by concern (data, map, the user's files), its logic (background work polled in one
//!   place, what follows from the settings — no drawing), the frame laid out (docked panels,
//!   the map in the rest) and the commands applied; it dispatches, the panes do;
//! - [`panes`]: each pane owns its state and has its own `update` and `ui`, reading one
//!   [`context::PaneContext`] and sending [`Command`]s applied once at the end of the frame;
//!   the map pane is `map_view` (with `navigation` and `map_overlay`);
//! - [`testing`]: what tests read and drive (`probe`, `driver`), apart from the app's API;
//! - helpers: `layout` (what of the layout is saved), `panels` (docking), `file_chooser`,
//!   `loader`, `imports`, `basemap`, `settings_store`, `startup`, `theme`, `places`.

/// The panes' context, borrowed from the app's fields one by one (so that a pane, another
/// field, can be borrowed mutably beside it).
macro_rules! pane_context {
    ($app:ident) => {
        pane_context!($app, $app.panes.comparison.comparison())
    };
    // The comparison pane itself reads the comparison from its own state.
    ($app:ident, $comparison:expr) => {
        pane_context!(
            $app,
            $comparison,
            $app.panes.bivariate.shown.as_ref(),
            $app.panes.bivariate.grid.as_ref(),
            $app.map
                .thematic
                .built
                .bivariate
                .as_ref()
                .err()
                .map(String::as_str)
        )
    };
    // … and the bivariate pane its map.
    ($app:ident, $comparison:expr, $bivariate:expr, $grid:expr, $bivariate_error:expr) => {
        $crate::app::context::PaneContext {
            loaded: $app.load.loaded(),
            settings: &$app.settings,
            selection: $app.map.selection.as_ref(),
            thematic: &$app.map.thematic,
            symbols: $app.map.thematic.built.symbols(),
            symbols_error: $app
                .map
                .thematic
                .built
                .symbols
                .as_ref()
                .err()
                .map(String::as_str),
            bivariate: $bivariate,
            bivariate_error: $bivariate_error,
            sheet_grid: $grid,
            user: &$app.user,
            comparison: $comparison,
            side_by_side: $app.panes.comparison.side_by_side(),
            statuses: $app.panes.comparison.shows_statuses(),
            map_centre: $app.map.memory.detached(),
            map_zoom: $app.map.memory.zoom(),
            map_output: &$app.map.output,
            simulation: $app.map.simulation,
            presenting: $app.panes.presentation.on,
            current_view: $app.panes.presentation.current_view,
            table_has_keys: $app.panes.table.view.takes_keys()
                && $app.settings.layout.shown_tab() == Some($crate::app::layout::DockTab::Table),
            notices: &$app.notices,
            loading: matches!($app.load, LoadState::Loading(_)),
            load_error: match &$app.load {
                LoadState::Failed(e) => Some(e.as_str()),
                _ => None,
            },
            more_coming: matches!($app.load, LoadState::Ready(_, Some(_))),
        }
    };
}

pub mod basemap;
mod command;
pub mod context;
pub mod file_chooser;
pub mod guidance;
mod history;
mod import_marker;
pub mod imports;
mod jobs;
pub mod layout;
pub mod loader;
mod map_overlay;
mod map_view;
pub mod navigation;
mod panels;
pub mod panes;
pub mod places;
pub mod settings;
pub mod settings_store;
pub mod startup;
pub mod testing;
pub mod theme;

use std::sync::mpsc::Receiver;

use std::path::PathBuf;
use std::sync::mpsc::TryRecvError;

use walkers::{MapMemory, lon_lat};

use self::basemap::Basemap;
pub use self::command::Command;
use self::context::{Selection, Thematic, UserData};
use self::file_chooser::FilePurpose;
use self::imports::{ImportOutcome, ImportedFile};
use self::layout::{DockTab, Layout, SCATTER_DOCK_HEIGHT, clamp_text_scale};
use self::loader::{LoadMessage, Loaded};
use self::map_view::{Fit, MapPane};
use self::panes::chrome::ChromePane;
use self::panes::presentation::{LegendPlace, PresentationPane};
use self::settings::{STORAGE_KEY, Settings};
use crate::carto::{LayerId, MapSettings, MapSpec};
use crate::io::import::ImportKind;
use crate::map::MapFrameOutput;
use crate::model::{LayerKind, UnitRef};
use crate::palette::Deficiency;

pub use self::theme::WINDOW_TITLE;

pub use self::panes::presentation;
pub use self::places::{FRANCE_CENTER, FRANCE_ZOOM, JUMPS, OFFLINE_MAX_ZOOM};

enum LoadState {
    Loading(Receiver<LoadMessage>),
    /// Drawing; the receiver brings the indexes and the remaining layers.
    Ready(Box<Loaded>, Option<Receiver<LoadMessage>>),
    Failed(String),
}

impl LoadState {
    /// The bundle, once loaded.
    fn loaded(&self) -> Option<&Loaded> {
        match self {
            LoadState::Ready(l, _) => Some(l),
            _ => None,
        }
    }
}

/// The map's runtime state: where it looks, what it shows and what it drew.
struct MapState {
    memory: MapMemory,
    /// Colour-vision preview of the map (never saved, never exported).
    simulation: Option<Deficiency>,
    selection: Option<Selection>,
    /// The choropleth, symbols and bivariate map, built by carto's one builder.
    thematic: Thematic,
    /// Temps I / Temps II status colours, with the thematic version they replaced.
    status_colours: Option<Vec<crate::carto::LayerColours>>,
    /// What the map drew last frame (view, hovered unit, composition).
    output: MapFrameOutput,
}

/// The docked panels' sizes.
struct Windows {
    /// The panels take the layout's sizes next frame (start, reset, a panel that grew).
    apply_layout: bool,
    /// … and this frame.
    apply_layout_now: bool,
}

/// The atlas window.
pub struct AtlasApp {
    settings: Settings,
    /// Writes the settings file when the settings change (None in tests).
    saver: Option<settings_store::SettingsSaver>,
    last_saved: Settings,
    load: LoadState,
    map: MapState,
    /// The map pane (basemaps, fits, names dragged, the legend over the map).
    map_pane: MapPane,
    user: UserData,
    windows: Windows,
    files: file_chooser::FileChoosing,
    /// The panes (each its own state, update and ui).
    panes: panes::Panes,
    /// Messages for the user (unreadable settings, imports…), shown until dismissed.
    notices: Vec<String>,
    /// Commands emitted by the panels this frame, applied at its end.
    commands: Vec<Command>,
    /// Start-up milestones (printed when asked: `startup::TRACE_VARIABLE`).
    startup: startup::StartupTrace,
}

/// Opens the window. Returns the process exit code.
/// Opens the window (on `project`, a `.tiatlas` named on the command line, if any).
pub fn run_native(project: Option<PathBuf>) -> i32 {
    // The bundle is decoded and the first layer tessellated while the window and its renderer
    // start.
    let repaint = loader::RepaintSlot::default();
    let early = loader::spawn_early(std::sync::Arc::clone(&repaint));
    let options = eframe::NativeOptions {
        viewport: theme::with_window_icon(
            egui::ViewportBuilder::default()
                .with_title(WINDOW_TITLE)
                .with_app_id(theme::APP_ID)
                .with_inner_size([1280.0, 800.0])
                .with_min_inner_size([640.0, 400.0]),
        ),
        ..Default::default()
    };
    match eframe::run_native(
        theme::APP_ID,
        options,
        Box::new(move |cc| {
            let _ = repaint.set(cc.egui_ctx.clone());
            let mut app = AtlasApp::new(cc, early);
            app.commands.extend(project.map(Command::OpenProject));
            Ok(Box::new(app))
        }),
    ) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("ti-atlas : impossible d'ouvrir la fenêtre : {e}");
            1
        }
    }
}

impl AtlasApp {
    /// The app of the window; `early` is the loading thread started with the process.
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        early: std::sync::mpsc::Receiver<loader::LoadMessage>,
    ) -> Self {
        walkers::install_renderer(cc.wgpu_render_state.as_ref());
        let mut notices = Vec::new();
        let path = settings_store::default_path();
        let (mut settings, base) = match &path {
            Some(p) if p.exists() => {
                let (s, notice, base) = settings_store::load_with_base(p);
                notices.extend(notice);
                (s, base)
            }
            // First start with this file: take the settings eframe kept, if any.
            _ => (
                cc.storage
                    .and_then(|s| eframe::get_value::<Settings>(s, STORAGE_KEY))
                    .unwrap_or_default(),
                serde_json::Value::Null,
            ),
        };
        notices.extend(imports::cap_remembered(&mut settings.imported_files));
        if let Some(p) = &path {
            let marker = import_marker::ImportMarker::next_to(p);
            notices.extend(imports::forget_interrupted(
                &mut settings.imported_files,
                &marker,
            ));
        }
        let mut app = Self::with_loader(&cc.egui_ctx, settings, early);
        app.notices = notices;
        app.panes
            .autosave
            .start(settings_store::recovery_dir(), &cc.egui_ctx);
        match path.map(|p| settings_store::SettingsSaver::spawn(p, base)) {
            Some(Ok(saver)) => app.saver = Some(saver),
            Some(Err(e)) => app
                .notices
                .push(format!("Les réglages ne seront pas enregistrés : {e}")),
            None => app.notices.push(
                "Pas de dossier de configuration : les réglages ne seront pas enregistrés.".into(),
            ),
        }
        app
    }

    /// The app with its own loading thread (tests), drawn as the window draws it: walkers'
    /// vector renderer installed when the context renders with wgpu (without it the offline
    /// basemap's land is not drawn, only the sea).
    pub fn with_settings(cc: &eframe::CreationContext<'_>, settings: Settings) -> Self {
        if cc.wgpu_render_state.is_some() {
            walkers::install_renderer(cc.wgpu_render_state.as_ref());
        }
        Self::with_loader(&cc.egui_ctx, settings, loader::spawn(cc.egui_ctx.clone()))
    }

    fn with_loader(
        ctx: &egui::Context,
        mut settings: Settings,
        loading: std::sync::mpsc::Receiver<loader::LoadMessage>,
    ) -> Self {
        theme::apply(ctx);
        settings.layout = settings.layout.sanitised();
        settings.text_scale = layout::clamp_text_scale(settings.text_scale);
        ctx.set_zoom_factor(settings.text_scale);
        let basemap = if settings.online_basemap {
            Basemap::online(ctx)
        } else {
            Basemap::offline(ctx)
        };
        let mut memory = MapMemory::default();
        memory.center_at(lon_lat(FRANCE_CENTER.0, FRANCE_CENTER.1));
        let _ = memory.set_zoom(FRANCE_ZOOM);
        AtlasApp {
            last_saved: settings.clone(),
            settings,
            saver: None,
            load: LoadState::Loading(loading),
            map: MapState {
                memory,
                simulation: None,
                selection: None,
                thematic: Thematic::default(),
                status_colours: None,
                output: MapFrameOutput::default(),
            },
            map_pane: MapPane::new(basemap),
            user: UserData::default(),
            windows: Windows {
                apply_layout: true,
                apply_layout_now: false,
            },
            files: file_chooser::FileChoosing::default(),
            panes: panes::Panes::default(),
            notices: Vec::new(),
            commands: Vec::new(),
            startup: startup::StartupTrace::from_env(),
        }
    }

    /// What tests and scripts read (the testing extension).
    #[doc(hidden)]
    pub fn probe(&self) -> testing::Probe<'_> {
        testing::Probe(self)
    }

    /// What tests drive like a user would (the testing extension).
    #[doc(hidden)]
    pub fn driver(&mut self) -> testing::Driver<'_> {
        testing::Driver(self)
    }

    // ----- One frame of the window: the menu, the status bar, the docked panels, the map in
    // the rest and the dialogs. Panes take what they show and return commands. -----

    fn frame_ui(&mut self, ui: &mut egui::Ui) {
        // The panels take the saved sizes this frame if asked (start, reset, a panel that grew
        // by itself last frame).
        let apply_layout = std::mem::take(&mut self.windows.apply_layout);
        self.windows.apply_layout_now = apply_layout;
        let cx = pane_context!(self);
        let chooser_open = self.files.built_in_open();
        let mut keys = context::Commands::new();
        self.panes
            .chrome
            .shortcuts(ui.ctx(), &cx, chooser_open, &mut keys);
        if !cx.presenting && !chooser_open {
            panes::project::ProjectPane::shortcuts(ui.ctx(), &mut keys);
        }
        for command in keys {
            // Échap closes the built-in chooser before it is drawn this frame.
            match command {
                Command::CloseFileChooser => self.files.close_built_in(),
                other => self.commands.push(other),
            }
        }
        if self.panes.presentation.on {
            self.presentation_ui(ui);
        } else {
            self.workspace_ui(ui);
        }
        if let Some((purpose, path)) = self.files.built_in_ui(ui.ctx()) {
            self.file_chosen(purpose, path, ui.ctx());
        }
        let cx = pane_context!(self);
        ChromePane::notices_ui(ui.ctx(), &cx, &mut self.commands);
        self.panes
            .autosave
            .question_ui(ui.ctx(), &mut self.commands);
    }

    /// The workspace: the menu and status bars, the docked panels (layers on the left, the
    /// sheet on the right, the tables below), the map in the rest; dialogs float over it.
    fn workspace_ui(&mut self, ui: &mut egui::Ui) {
        let cx = pane_context!(self);
        let (chrome, commands) = (&mut self.panes.chrome, &mut self.commands);
        let project = &self.panes.project;
        egui::Panel::top("menu").show(ui, |ui| chrome.menu_ui(ui, &cx, project, commands));
        let basemap = &self.map_pane.basemap;
        egui::Panel::bottom("etat").show(ui, |ui| ChromePane::status_ui(ui, &cx, basemap));
        self.layers_panel_ui(ui);
        self.side_panel_ui(ui);
        self.dock_ui(ui);
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE.fill(theme::MAP_BACKGROUND))
            .show(ui, |ui| {
                let map_rect = ui.available_rect_before_wrap();
                self.map_ui(ui, map_rect);
                let mut furniture = Vec::new();
                furniture.extend(MapPane::zoom_buttons_ui(ui, &mut self.commands));
                if self.map_pane.osm_unreachable {
                    let warning = ChromePane::osm_warning_ui(ui, map_rect, &mut self.commands);
                    furniture.extend(warning);
                }
                let cx = pane_context!(self);
                let legend = self
                    .map_pane
                    .legend_overlay_ui(ui, &cx, map_rect, &mut self.commands);
                furniture.extend(legend);
                self.map_pane.furniture = furniture;
            });
        let cx = pane_context!(self);
        self.panes.chrome.about_ui(ui.ctx(), &cx);
        self.panes.chrome.first_steps_ui(ui.ctx());
        // The page of the map export, when its window is open (its finished work every frame).
        let spec = if self.panes.exports.page.open {
            self.map_spec_for_export()
        } else {
            MapSpec::default()
        };
        let cx = pane_context!(self);
        self.panes
            .exports
            .page_ui(ui.ctx(), &cx, || spec, &mut self.commands);
    }

    /// The map in `map_rect`, moved first as asked (wheel, keys, a pending fit): one map, or
    /// Temps I and Temps II side by side.
    fn map_ui(&mut self, ui: &mut egui::Ui, map_rect: egui::Rect) {
        let spec = self.map_spec();
        let cx = pane_context!(self);
        self.map_pane
            .navigate(ui, map_rect, &cx, &spec, &mut self.map.memory);
        if !cx.side_by_side {
            // A name dragged follows the pointer in this very frame: its edits are applied
            // before the map is drawn.
            let mut edits = context::Commands::new();
            self.map_pane.label_edit_ui(ui, &cx, &mut edits);
            for command in edits {
                self.apply_command(command, ui.ctx());
            }
        }
        let spec = self.map_spec();
        let order = self.pick_order();
        let cx = pane_context!(self);
        let memory = &mut self.map.memory;
        let commands = &mut self.commands;
        let out = if let Some(panels) = cx.thematic.panels_map() {
            self.map_pane
                .panels_ui(ui, &cx, (&spec, panels), memory, commands)
        } else if cx.side_by_side {
            self.map_pane
                .side_by_side_ui(ui, &cx, &spec, memory, commands)
        } else {
            self.map_pane
                .map_ui(ui, &cx, (&spec, &order), memory, commands)
        };
        self.map.output = out;
    }

    /// The presentation screen: the presentation pane's bands, the map between them with its
    /// legend in large type (side by side, each map has its half).
    fn presentation_ui(&mut self, ui: &mut egui::Ui) {
        let cx = pane_context!(self);
        self.panes.presentation.bands_ui(ui, &cx);
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE.fill(theme::MAP_BACKGROUND))
            .show(ui, |ui| {
                let map_rect = ui.available_rect_before_wrap();
                self.map_ui(ui, map_rect);
                if self.panes.comparison.side_by_side() {
                    self.map_pane.furniture.clear();
                    return;
                }
                let size = self.map_pane.legend_rect.map_or((420.0, 360.0), |r| {
                    (f64::from(r.width()), f64::from(r.height()))
                });
                let cx = pane_context!(self);
                // Small multiples: the legend in its strip beside the maps.
                let strip = self
                    .map_pane
                    .legend_frame
                    .filter(|_| cx.thematic.panels_map().is_some());
                let obstacles = match strip {
                    Some(_) => Vec::new(),
                    None => map_overlay::map_obstacles(&cx),
                };
                let place = LegendPlace {
                    size,
                    corner: &mut self.map_pane.legend_corner,
                    obstacles: &obstacles,
                };
                let legend = PresentationPane::legend_ui(ui, &cx, strip.unwrap_or(map_rect), place);
                if legend.is_some() {
                    self.map_pane.legend_rect = legend;
                }
                self.map_pane.furniture = legend.into_iter().collect();
            });
    }

    /// The sheet, docked on the right, resizable, foldable to a strip (its size is saved).
    fn side_panel_ui(&mut self, ui: &mut egui::Ui) {
        if self.map.selection.is_none() || self.load.loaded().is_none() {
            return;
        }
        let layout = &self.settings.layout;
        let (mut open, width) = (layout.sheet_open, layout.sheet_width);
        let (expanded, collapsed) = panels::docked(
            egui::Panel::right("fiche"),
            egui::Panel::right("fiche-repliee"),
            width,
            layout::SHEET_RANGE,
            self.windows.apply_layout_now,
        );
        let mut unfolded_now = false;
        let mut fold = None;
        let cx = pane_context!(self);
        let (sheet, commands) = (&mut self.panes.sheet, &mut self.commands);
        let shown =
            egui::Panel::show_switched(ui, &mut open, collapsed, expanded, |ui, unfolded| {
                if !unfolded {
                    if panels::fold_button(ui, "«", "Déplier la fiche").clicked() {
                        fold = Some(true);
                    }
                    return;
                }
                unfolded_now = true;
                if panels::fold_button(ui, "»", "Replier la fiche").clicked() {
                    fold = Some(false);
                }
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| sheet.ui(ui, &cx, commands));
            });
        let layout = &mut self.settings.layout;
        layout.sheet_open = fold.unwrap_or(open);
        if unfolded_now && open {
            let rect = shown.response.rect;
            let edge = panels::Edge::Left;
            if panels::settle_size(ui.ctx(), rect, edge, &mut layout.sheet_width) {
                self.windows.apply_layout = true;
            }
        }
    }

    // ----- The docked panels -----

    /// The layers and thematic map, docked on the left and foldable.
    fn layers_panel_ui(&mut self, ui: &mut egui::Ui) {
        let layout = &self.settings.layout;
        let (mut open, width) = (layout.left_open, layout.left_width);
        let (expanded, collapsed) = panels::docked(
            egui::Panel::left("couches"),
            egui::Panel::left("couches-repliees"),
            width,
            layout::LEFT_RANGE,
            self.windows.apply_layout_now,
        );
        let mut fold = None;
        let mut unfolded_now = false;
        let cx = pane_context!(self);
        let commands = &mut self.commands;
        let shown =
            egui::Panel::show_switched(ui, &mut open, collapsed, expanded, |ui, unfolded| {
                if !unfolded {
                    if panels::fold_button(ui, "»", "Déplier le panneau des couches").clicked() {
                        fold = Some(true);
                    }
                    return;
                }
                unfolded_now = true;
                // The content wraps at the panel's width (a row wider than it never widens it).
                let width = ui.available_width();
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        ui.set_max_width(width);
                        ui.horizontal(|ui| {
                            if panels::fold_button(ui, "«", "Replier le panneau des couches")
                                .clicked()
                            {
                                fold = Some(false);
                            }
                            ui.heading("Couches");
                        });
                        panes::layers::layers_ui(ui, &cx, commands);
                    });
            });
        let layout = &mut self.settings.layout;
        layout.left_open = fold.unwrap_or(open);
        if unfolded_now
            && open
            && panels::settle_size(
                ui.ctx(),
                shown.response.rect,
                panels::Edge::Right,
                &mut layout.left_width,
            )
        {
            self.windows.apply_layout = true;
        }
    }

    fn dock_ui(&mut self, ui: &mut egui::Ui) {
        // A tab whose content is gone (a layer's attributes after a restart) is not kept.
        if self.panes.attributes.layer().is_none()
            && self.settings.layout.is_open(DockTab::Attributes)
        {
            self.settings.layout.close(DockTab::Attributes);
        }
        let layout = &self.settings.layout;
        let Some(shown) = layout.shown_tab() else {
            return;
        };
        let tabs = layout.tabs.clone();
        let (mut open, height) = (layout.dock_open, layout.dock_height);
        let (expanded, collapsed) = panels::docked(
            egui::Panel::bottom("dock"),
            egui::Panel::bottom("dock-replie"),
            height,
            layout::DOCK_RANGE,
            self.windows.apply_layout_now,
        );
        let mut fold = None;
        let mut unfolded_now = false;
        let response =
            egui::Panel::show_switched(ui, &mut open, collapsed, expanded, |ui, unfolded| {
                ui.horizontal(|ui| {
                    for &tab in &tabs {
                        let label = match (tab, self.panes.attributes.layer()) {
                            (DockTab::Attributes, Some(layer)) => format!("Attributs — {layer}"),
                            _ => tab.label_fr().to_owned(),
                        };
                        if ui
                            .add(egui::Button::selectable(shown == tab && unfolded, label))
                            .clicked()
                        {
                            self.commands.push(Command::OpenTab(tab));
                            fold = Some(true);
                        }
                        if panels::fold_button(
                            ui,
                            "×",
                            &format!("Fermer l'onglet {}", tab.label_fr()),
                        )
                        .clicked()
                        {
                            self.commands.push(Command::CloseTab(tab));
                        }
                        ui.separator();
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let (sign, name) = if unfolded {
                            ("▾", "Replier le panneau du bas")
                        } else {
                            ("▴", "Déplier le panneau du bas")
                        };
                        if panels::fold_button(ui, sign, name).clicked() {
                            fold = Some(!unfolded);
                        }
                    });
                });
                if !unfolded {
                    return;
                }
                unfolded_now = true;
                ui.separator();
                let scrolled =
                    |ui: &mut egui::Ui, salt: &str, add: &mut dyn FnMut(&mut egui::Ui)| {
                        egui::ScrollArea::vertical()
                            .id_salt(salt)
                            .auto_shrink([false, false])
                            .show(ui, |ui| add(ui));
                    };
                match shown {
                    DockTab::Comparison => {
                        let cx = pane_context!(self, None);
                        let (pane, commands) = (&mut self.panes.comparison, &mut self.commands);
                        // Wide, the comparison lays its summary and list side by side, the list
                        // scrolling by itself; narrow, the whole tab scrolls.
                        if ui.available_width() > crate::ui::comparison_window::SIDE_BY_SIDE_WIDTH {
                            pane.ui(ui, &cx, commands);
                        } else {
                            scrolled(ui, "onglet-temps", &mut |ui| pane.ui(ui, &cx, commands));
                        }
                    }
                    _ => {
                        let cx = pane_context!(self);
                        match shown {
                            DockTab::Table => self.panes.table.ui(ui, &cx, &mut self.commands),
                            DockTab::Attributes => {
                                self.panes.attributes.ui(ui, &cx, &mut self.commands)
                            }
                            DockTab::Import => scrolled(ui, "onglet-import", &mut |ui| {
                                self.panes.import.ui(ui, &cx, &mut self.commands);
                            }),
                            DockTab::Views => scrolled(ui, "onglet-vues", &mut |ui| {
                                self.panes.views.ui(ui, &cx, &mut self.commands);
                            }),
                            DockTab::Scatter => self.panes.scatter.ui(ui, &cx, &mut self.commands),
                            DockTab::Export => scrolled(ui, "onglet-export", &mut |ui| {
                                self.panes.exports.ui(ui, &cx, &mut self.commands);
                            }),
                            DockTab::Comparison => {}
                        }
                    }
                }
            });
        let layout = &mut self.settings.layout;
        layout.dock_open = fold.unwrap_or(open);
        if unfolded_now
            && open
            && panels::settle_size(
                ui.ctx(),
                response.response.rect,
                panels::Edge::Top,
                &mut layout.dock_height,
            )
        {
            self.windows.apply_layout = true;
        }
    }

    // ----- Commands: what the panes ask for, applied once at the end of the frame -----

    /// Applies one command.
    fn apply_command(&mut self, command: Command, ctx: &egui::Context) {
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
            Command::Open(unit) => {
                *self.settings.map.visible_mut(unit.layer) = true;
                self.settings.layout.sheet_open = true;
                self.zoom_to_unit(&unit);
                self.set_selection(Some(unit));
            }
            Command::ZoomTo(unit) => self.zoom_to_unit(&unit),
            Command::Fit(bbox) => self.map_pane.pending_fit = Some(Fit::Bbox(bbox)),
            Command::Jump { lon, lat, zoom } => {
                self.map.memory.center_at(lon_lat(lon, lat));
                let _ = self.map.memory.set_zoom(zoom);
            }
            Command::Home => {
                self.map
                    .memory
                    .center_at(lon_lat(FRANCE_CENTER.0, FRANCE_CENTER.1));
                let _ = self.map.memory.set_zoom(FRANCE_ZOOM);
                self.map_pane.pending_fit = Some(Fit::France);
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
                    self.map_pane.basemap = if on {
                        Basemap::online(ctx)
                    } else {
                        Basemap::offline(ctx)
                    };
                }
            }
            Command::SetSimulation(s) => self.map.simulation = s,
            Command::OpenExport(what) => {
                self.settings.layout.open(DockTab::Export);
                self.panes.exports.open(what);
            }
            Command::OpenPage => {
                self.panes.exports.open(crate::ui::export_window::ExportWhat::Map);
                self.panes.exports.page.open = true;
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
            Command::ChooseFile(purpose) => {
                let start = chooser_start(&self.panes, &self.settings, &purpose);
                self.files.choose(purpose, start, ctx, &mut self.notices);
            }
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
            Command::SetLegendOpen(open) => self.settings.layout.legend_open = open,
            Command::SetHighContrast(on) => self.settings.presentation_high_contrast = on,
            Command::DismissNotice(i) => {
                if i < self.notices.len() {
                    self.notices.remove(i);
                }
            }
            Command::CloseFileChooser => self.files.close_built_in(),
            Command::SaveProject => match self.settings.current_project.clone() {
                Some(path) => {
                    let content = self.project_content();
                    self.panes.project.start_save(path, content, ctx);
                }
                None => self.apply_command(Command::SaveProjectAs, ctx),
            },
            Command::SaveProjectAs => {
                self.apply_command(Command::ChooseFile(FilePurpose::SaveProject), ctx);
            }
            Command::OpenProject(path) => {
                match settings_store::project_files_dir() {
                    Some(dir) => self.panes.project.start_open(path, dir, ctx),
                    None => self.notices.push(format!(
                        "{} : pas de dossier de configuration où garder les fichiers du projet ; rien n'a été chargé",
                        path.display()
                    )),
                }
            }
            Command::RememberColumns { key, columns } => {
                let memory = &mut self.settings.column_mappings;
                memory.insert(key, columns);
                while memory.len() > settings::MAX_COLUMN_MAPPINGS {
                    memory.pop_first();
                }
            }
            Command::Recovery(choice) => {
                let file = self.panes.autosave.choose(choice, ctx);
                if let (Some(file), Some(dir)) = (file, settings_store::project_files_dir()) {
                    self.panes.project.start_recover(file, dir, ctx);
                }
            }
            Command::Undo => {
                if let Some(map) = self.panes.project.undo(&self.settings.map) {
                    self.settings.map = map;
                }
            }
            Command::Redo => {
                if let Some(map) = self.panes.project.redo(&self.settings.map) {
                    self.settings.map = map;
                }
            }
        }
    }

    /// What a project saved now carries: the map, the views, the user's files, the title.
    fn project_content(&self) -> panes::project::ProjectContent {
        panes::project::ProjectContent {
            map: self.settings.map.clone(),
            views: self.settings.bookmarks.clone(),
            files: self.settings.imported_files.clone(),
            title: self.panes.exports.typed_title(),
        }
    }

    /// What a save or an open brought: an opened project replaces the map, the views and the
    /// user's files (read again through the imports), and both go first in the recent list.
    fn project_done(&mut self, outcome: panes::project::ProjectOutcome) {
        use panes::project::{ProjectOutcome, file_name, with_recent};
        let path = match outcome {
            ProjectOutcome::Failed(e) => {
                self.notices.push(e);
                return;
            }
            ProjectOutcome::Saved { path, .. } => {
                self.notices
                    .push(format!("Projet enregistré : {}", path.display()));
                path
            }
            ProjectOutcome::Opened(opened) => {
                let opened = *opened;
                self.notices.extend(opened.said);
                for kind in [
                    ImportKind::Plan,
                    ImportKind::Projects,
                    ImportKind::Table,
                    ImportKind::Layer,
                ] {
                    self.remove_import(kind);
                }
                self.settings.map = opened.content.map;
                self.settings.bookmarks = opened.content.views;
                self.panes.exports.set_title(opened.content.title);
                self.map.selection = None;
                // The project's files are read as remembered files are at start (now, or once
                // the bundle is loaded).
                let files = opened.content.files.len();
                self.settings.imported_files = opened.content.files;
                self.user.restored = false;
                self.map_pane.pending_fit = Some(Fit::France);
                if let Some(recovered) = opened.recovered {
                    // Work brought back after a crash: its project (if any) stays current.
                    self.notices
                        .push(panes::autosave::recovered_notice(&recovered, files));
                    self.settings.current_project = recovered.project;
                    return;
                }
                self.notices.push(format!(
                    "Projet ouvert : {} ({files} fichier(s) de l'utilisateur)",
                    file_name(&opened.path)
                ));
                opened.path
            }
        };
        self.settings.recent_projects = with_recent(&self.settings.recent_projects, &path);
        self.settings.current_project = Some(path);
    }

    /// A file was chosen for `purpose`.
    fn file_chosen(&mut self, purpose: FilePurpose, path: PathBuf, ctx: &egui::Context) {
        match purpose {
            FilePurpose::Import => self.panes.import.set_path(&path),
            FilePurpose::Export => self.panes.exports.set_path(&path),
            FilePurpose::Save { bytes, .. } => {
                self.files.save(path, bytes, ctx, &mut self.notices);
            }
            FilePurpose::OpenProject => self.commands.push(Command::OpenProject(path)),
            FilePurpose::AnnotationImage => self.panes.exports.page.add_image(path, ctx),
            FilePurpose::SaveProject => {
                let content = self.project_content();
                let path = panes::project::project_path(path);
                self.panes.project.start_save(path, content, ctx);
            }
        }
    }

    /// Shows a saved view: extent, layers, indicator and classes, the territory's sheet.
    fn go_to_view(&mut self, i: usize) {
        let Some(view) = self.settings.bookmarks.get(i).cloned() else {
            return;
        };
        self.panes.presentation.current_view = Some(i);
        let unit = panes::views::show_view(&view, &mut self.settings.map, &mut self.map.memory);
        self.set_selection(unit);
    }

    /// Removes the user's files of a kind (and what they brought).
    fn remove_import(&mut self, kind: ImportKind) {
        if let LoadState::Ready(loaded, _) = &mut self.load {
            imports::remove(loaded, &mut self.user.imports, kind);
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
        self.map.thematic.tables_changed();
        self.user.refresh_points();
    }

    /// Starts the export the export tab asks for.
    fn start_export(&mut self, ctx: &egui::Context) {
        let spec = self.map_spec_for_export();
        let cx = pane_context!(self);
        let table = &mut self.panes.table;
        self.panes
            .exports
            .start(&cx, || spec, || table.csv(&cx), ctx);
    }

    /// The map as it is now, for an export: same view, layers, classes and colours (without
    /// the colour-vision preview).
    fn map_spec_for_export(&self) -> MapSpec {
        let mut spec = self.map_spec();
        spec.choropleth = self.map.thematic.built.choropleth().cloned();
        if spec.bivariate.is_some() {
            spec.bivariate = self.map.thematic.built.bivariate().cloned();
        }
        spec.hovered = None;
        spec.selected = None;
        spec
    }

    /// Selects a unit (None: nothing).
    fn set_selection(&mut self, unit: Option<UnitRef>) {
        let loaded = match &self.load {
            LoadState::Ready(l, _) => Some(l),
            _ => None,
        };
        self.map.selection = unit.and_then(|unit| {
            let index = loaded?.scene.layer(unit.layer)?.position(&unit.code)?;
            Some(Selection { unit, index })
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
    fn set_map_settings(&mut self, mut map: MapSettings) {
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
            let find = |level: crate::model::Level, id: &Option<crate::model::IndicatorId>| {
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

    /// Fits the map on a unit (once the map's size is known).
    fn zoom_to_unit(&mut self, unit: &UnitRef) {
        let bbox = self.load.loaded().and_then(|l| {
            let layer = l.scene.layer(unit.layer)?;
            let f = layer.features.get(layer.position(&unit.code)?)?;
            (!f.bbox_world.is_empty()).then(|| f.bbox_world.lonlat())
        });
        if let Some(b) = bbox {
            self.map_pane.pending_fit = Some(Fit::Bbox(b));
        }
    }

    // ----- Logic: run before each frame and never drawing: the background work polled in one
    // place (loading, imports, exports, file dialogs), then what follows from the settings (the
    // thematic map, the Temps I / Temps II colours, the table of values), and after the frame
    // the settings saved. -----

    fn run_logic(&mut self, ctx: &egui::Context) {
        self.poll_loading();
        self.restore_imports(ctx);
        self.poll_imports();
        let (panes, settings) = (&self.panes, &self.settings);
        let start = |p: &FilePurpose| chooser_start(panes, settings, p);
        if let Some((purpose, path)) = self.files.poll(start, &mut self.notices) {
            self.file_chosen(purpose, path, ctx);
        }
        self.panes.exports.poll();
        if let Some(outcome) = self.panes.project.poll() {
            self.project_done(outcome);
        }
        let now = std::time::Instant::now();
        if self
            .panes
            .autosave
            .poll(&self.panes.project, now, &mut self.notices)
        {
            let (content, project) = (
                self.project_content(),
                self.settings.current_project.clone(),
            );
            self.panes
                .autosave
                .check(content, &self.panes.project, project, now, ctx);
        }
        self.update_thematics();
        let cx = pane_context!(self, self.panes.comparison.comparison(), None, None, None);
        if self.panes.bivariate.update(&cx) {
            // The table lists the two mapped indicators (or the choropleth's again).
            self.rebuild_table_rows();
        }
        let cx = pane_context!(self);
        self.panes.sheet.update(&cx);
        self.panes.scatter.update(&cx);
        self.sync_status_colours();
        if !self.map_pane.basemap.is_online() && self.map.memory.zoom() > OFFLINE_MAX_ZOOM {
            let _ = self.map.memory.set_zoom(OFFLINE_MAX_ZOOM);
        }
        let center = self
            .map
            .memory
            .detached()
            .unwrap_or(lon_lat(FRANCE_CENTER.0, FRANCE_CENTER.1));
        self.map_pane.osm_unreachable =
            self.map_pane
                .basemap
                .online_unreachable(center, self.map.memory.zoom(), ctx);
        let views = self.settings.bookmarks.len();
        if let Some(command) = self.panes.presentation.keys(ctx, views) {
            self.apply_command(command, ctx);
        }
    }

    /// Colours both generations by status while the comparison tab asks for it (and shows
    /// both layers); the choropleth comes back afterwards.
    fn sync_status_colours(&mut self) {
        let cx = pane_context!(self);
        let wanted = self.panes.comparison.wants_status_colours(&cx);
        match (wanted, self.map.status_colours.is_some()) {
            (true, false) => {
                let Some(colours) = self.panes.comparison.status_colours() else {
                    return;
                };
                self.settings.map.show_ti2018 = true;
                self.settings.map.show_ti2023 = true;
                self.map.status_colours = Some(colours);
            }
            (false, true) => self.map.status_colours = None,
            _ => {}
        }
    }

    /// After the frame: the text size the keys asked for, the settings saved. (A pending fit
    /// waits for the next frame's map area: the panels a selection opens are laid out then.)
    fn after_frame(&mut self, ctx: &egui::Context) {
        if self.map_pane.pending_fit.is_some() {
            ctx.request_repaint();
        }
        self.panes.project.observe(&self.settings.map);
        if self.settings != self.last_saved {
            let content = self.project_content();
            let title = self.panes.project.window_title(&self.settings, &content);
            if let Some(title) = title {
                ctx.send_viewport_cmd(egui::ViewportCommand::Title(title));
            }
            if let Some(saver) = &self.saver {
                saver.save(&self.settings);
            }
            self.last_saved = self.settings.clone();
        }
        if let Some(e) = self.saver.as_ref().and_then(|s| s.take_error()) {
            self.notices.push(format!("Réglages non enregistrés : {e}"));
        }
    }

    /// Takes what the loading thread has sent (a bounded number of messages per frame).
    fn poll_loading(&mut self) {
        for _ in 0..LayerKind::ALL.len() + 1 {
            let state = std::mem::replace(&mut self.load, LoadState::Failed(String::new()));
            let (next, progressed) = match state {
                LoadState::Loading(rx) => match rx.try_recv() {
                    Ok(LoadMessage::Ready(loaded)) => {
                        log::info!(
                            "lot chargé en {:.0} ms, prêt à dessiner en {:.0} ms",
                            loaded.load_time.as_secs_f64() * 1e3,
                            loaded.ready_time.as_secs_f64() * 1e3
                        );
                        (LoadState::Ready(loaded, Some(rx)), true)
                    }
                    Ok(LoadMessage::Failed(e)) => (LoadState::Failed(e), false),
                    Ok(LoadMessage::Layer(..) | LoadMessage::Indexes(_))
                    | Err(TryRecvError::Empty) => (LoadState::Loading(rx), false),
                    Err(TryRecvError::Disconnected) => (
                        LoadState::Failed("le chargement s'est interrompu".into()),
                        false,
                    ),
                },
                LoadState::Ready(mut loaded, Some(rx)) => match rx.try_recv() {
                    Ok(LoadMessage::Indexes(indexes)) => {
                        loaded.indexes = Some(indexes);
                        if !self.user.imports.tables.is_empty() {
                            imports::refresh_tables(&mut loaded, &self.user.imports);
                        }
                        // Tables of the other mailles are there: recompute what needs them.
                        self.map.thematic.tables_changed();
                        (LoadState::Ready(loaded, Some(rx)), true)
                    }
                    Ok(LoadMessage::Layer(kind, layer)) => {
                        loaded.add_layer(kind, *layer);
                        (LoadState::Ready(loaded, Some(rx)), true)
                    }
                    Err(TryRecvError::Empty) => (LoadState::Ready(loaded, Some(rx)), false),
                    Ok(_) | Err(TryRecvError::Disconnected) => {
                        (LoadState::Ready(loaded, None), false)
                    }
                },
                other => (other, false),
            };
            self.load = next;
            if !progressed {
                break;
            }
        }
        // A selection made before its layer arrived (a restored view) finds its index now.
        if let Some(s) = &self.map.selection
            && self.load.loaded().is_some()
        {
            let unit = s.unit.clone();
            if self
                .load
                .loaded()
                .and_then(|l| l.scene.layer(unit.layer))
                .is_none_or(|l| l.features.get(s.index).is_none_or(|f| f.code != unit.code))
            {
                self.set_selection(Some(unit));
            }
        }
    }

    /// Brings the thematic map (choropleth, symbols, bivariate map) up to date through carto's
    /// one builder, which computes again only what the settings or the tables changed (vertex
    /// colours only on screen, never a re-tessellation). Waits for the maille's table and layer.
    fn update_thematics(&mut self) {
        let LoadState::Ready(loaded, _) = &self.load else {
            return;
        };
        let level = self.settings.map.maille;
        let table = loaded
            .has_layer(level.layer())
            .then(|| loaded.table(level))
            .flatten();
        let Some(table) = table else {
            return;
        };
        let t = &mut self.map.thematic;
        let recomputed = t.built.update_with(
            &self.settings.map,
            t.tables_revision,
            &loaded.dataset,
            table,
            &self.user.imports,
        );
        let simulation = self.map.simulation;
        let shown_simulation = t.shown.as_ref().and_then(|c| c.legend.simulation);
        if recomputed.choropleth || shown_simulation != simulation {
            t.shown = match (t.built.choropleth(), simulation) {
                (Some(c), Some(d)) => Some(c.simulated(d)),
                (plain, _) => plain.cloned(),
            };
        }
        if recomputed.choropleth {
            // Also when the choropleth was refused: the guidance says how to get its values.
            let asked = self.settings.map.choropleth_spec(None).ok().flatten();
            t.guidance = asked.and_then(|s| guidance::share_guidance(table, Some(&s.indicator)));
            t.version += 1;
        }
        // Small multiples: built again when the settings or the tables change.
        let panels = &self.settings.map.panels;
        let was_shown = t.panels.as_ref().is_some_and(|p| p.map.is_ok());
        if panels.len() < 2 {
            t.panels = None;
        } else if t.panels.as_ref().is_none_or(|p| {
            p.settings != self.settings.map || p.tables_revision != t.tables_revision
        }) {
            let each: Vec<MapSettings> = panels
                .iter()
                .map(|id| {
                    let mut s = self.settings.map.clone();
                    s.panels.clear();
                    s.indicator = Some(id.clone());
                    s
                })
                .collect();
            let map = crate::carto::panels::PanelsMap::build(
                &each,
                &loaded.dataset,
                table,
                &self.user.imports,
                &self.user.points,
            )
            .map(std::sync::Arc::new);
            t.panels = Some(context::PanelsBuilt {
                settings: self.settings.map.clone(),
                tables_revision: t.tables_revision,
                map,
            });
        }
        if was_shown != t.panels.as_ref().is_some_and(|p| p.map.is_ok()) {
            // One map or several: France fitted again in the new boxes.
            self.map_pane.pending_fit = Some(Fit::France);
        }
        if recomputed.choropleth || !self.panes.table.is_at(self.settings.map.maille) {
            // The table lists the map's indicator (the bivariate map's two: see its pane).
            self.rebuild_table_rows();
        }
    }

    /// The table view's rows, from the map as it is now.
    fn rebuild_table_rows(&mut self) {
        let cx = pane_context!(self);
        self.panes.table.rebuild(&cx);
    }

    /// The map to draw this frame: the settings' map, its choropleth as shown, the Temps I /
    /// Temps II colours, the user's layers and points, the selection.
    fn map_spec(&self) -> MapSpec {
        let mut spec = self
            .map
            .thematic
            .built
            .spec(&self.settings.map, &self.user.points);
        // The colour-vision preview, if any (the screen only).
        if spec.choropleth.is_some() {
            spec.choropleth = self.map.thematic.shown.clone();
        }
        if spec.bivariate.is_some() {
            spec.bivariate = self.panes.bivariate.shown.clone();
        }
        spec.highlighted = self.panes.scatter.highlight(self.settings.map.maille);
        if let Some(colours) = &self.map.status_colours {
            spec.choropleth = None;
            spec.bivariate = None;
            spec.layer_colours = colours.clone();
        }
        spec.basemap = self.map_pane.basemap.kind();
        if let Some(indexes) = self.load.loaded().and_then(|l| l.indexes.as_ref()) {
            spec.basemap_names = std::sync::Arc::clone(&indexes.basemap_names);
        }
        // Presenting: names and outlines read from the back of a room (names ≥ 18 px).
        if self.panes.presentation.on {
            spec.scale = if self.settings.presentation_high_contrast {
                1.8
            } else {
                1.6
            };
        }
        spec.user_layers = self.user.layers.iter().map(|l| l.spec.clone()).collect();
        spec.selected = self
            .map
            .selection
            .as_ref()
            .map(|s| (LayerId::Bundle(s.unit.layer), s.index));
        spec
    }

    /// Visible layers, topmost first: the order clicks are resolved in. The coloured maille
    /// comes first: on an EPCI map, a click picks the EPCI.
    fn pick_order(&self) -> Vec<LayerId> {
        let mut kinds: Vec<LayerKind> = LayerKind::ALL
            .into_iter()
            .filter(|&k| self.settings.map.visible(k))
            .collect();
        if self.map.thematic.shown.is_some() || self.panes.bivariate.shown.is_some() {
            let coloured = self.settings.map.maille.layer();
            if let Some(p) = kinds.iter().position(|&k| k == coloured) {
                kinds.remove(p);
                kinds.insert(0, coloured);
            }
        }
        kinds.into_iter().map(LayerId::Bundle).collect()
    }

    /// Reloads the remembered files once the data is there, on a small pool of threads; those
    /// missing stay remembered, marked absent, with one notice for all.
    fn restore_imports(&mut self, ctx: &egui::Context) {
        if self.user.restored {
            return;
        }
        let LoadState::Ready(loaded, _) = &self.load else {
            return;
        };
        self.user.restored = true;
        let restore = imports::plan_restore(&self.settings.imported_files);
        self.notices.extend(restore.notice);
        self.user.absent = restore.absent;
        let marker = self
            .saver
            .as_ref()
            .map(settings_store::SettingsSaver::import_marker);
        self.panes
            .import
            .restore(restore.present, &loaded.dataset, marker, ctx);
    }

    /// Starts reading a file; `restoring`: a file remembered from the last session.
    pub fn start_import(&mut self, file: ImportedFile, restoring: bool, ctx: &egui::Context) {
        let LoadState::Ready(loaded, _) = &self.load else {
            return;
        };
        let marker = self
            .saver
            .as_ref()
            .map(settings_store::SettingsSaver::import_marker);
        self.panes
            .import
            .start(file, restoring, &loaded.dataset, marker, ctx);
    }

    /// Takes finished imports.
    fn poll_imports(&mut self) {
        let outcomes = self.panes.import.take_outcomes();
        for (restoring, outcome) in outcomes {
            match outcome {
                ImportOutcome::Done {
                    file,
                    imported,
                    report,
                    drawn,
                } => {
                    let LoadState::Ready(loaded, _) = &mut self.load else {
                        continue;
                    };
                    if let Some(layer) = drawn {
                        let layer = *layer;
                        if let Some(i) = self
                            .user
                            .layers
                            .iter()
                            .position(|l| l.spec.name == layer.data.spec.name)
                        {
                            self.user.layers.remove(i);
                            if i < loaded.meshes.user.len() {
                                loaded.meshes.user.remove(i);
                            }
                        }
                        let (data, meshes) = layer.into_parts();
                        self.user.layers.push(data);
                        loaded.meshes.user.push(meshes);
                    }
                    self.user.absent.retain(|p| *p != file.path);
                    let kind = imports::apply(loaded, &mut self.user.imports, *imported);
                    let remembered = ImportedFile { kind, ..file };
                    self.settings.imported_files.retain(|f| {
                        f.path != remembered.path
                            && (f.kind != kind
                                || matches!(kind, ImportKind::Table | ImportKind::Layer))
                    });
                    if !restoring {
                        self.panes.import.last_file = Some(remembered.clone());
                    }
                    self.settings.imported_files.push(remembered);
                    if restoring && (!report.rejected.is_empty() || !report.warnings.is_empty()) {
                        self.notices.push(format!(
                            "{} rechargé : {} ligne(s) rejetée(s), {} avertissement(s) (Fichier > Importer… pour le détail).",
                            report.file,
                            report.rejected.len(),
                            report.warnings.len()
                        ));
                    }
                    self.panes.import.done(*report, restoring);
                    self.map.thematic.tables_changed();
                    self.user.refresh_points();
                }
                ImportOutcome::Failed { file, error } => {
                    if restoring && !file.path.exists() {
                        // Gone since the start (a USB stick unplugged): stays remembered.
                        self.notices
                            .push(imports::missing_notice(std::slice::from_ref(&file.path)));
                        self.user.absent.push(file.path);
                    } else if restoring {
                        // Not read again at every start: the user re-imports it once fixed.
                        self.settings.imported_files.retain(|f| f.path != file.path);
                        self.notices.push(format!(
                            "Fichier importé non rechargé (retiré des fichiers rechargés au \
                             démarrage) : {error}"
                        ));
                    } else {
                        self.panes.import.failed(error);
                    }
                }
            }
        }
    }
}

impl eframe::App for AtlasApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.run_logic(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.startup.frame_begins(ui.ctx());
        self.frame_ui(ui);
        let ctx = ui.ctx().clone();
        self.startup
            .frame_built(matches!(self.load, LoadState::Ready(..)), &ctx);
        for command in std::mem::take(&mut self.commands) {
            self.apply_command(command, &ctx);
        }
        self.after_frame(&ctx);
    }

    fn on_exit(&mut self) {
        // A clean exit leaves no recovery copy behind.
        self.panes.autosave.clean_exit();
    }

    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        // Settings live in their own file (written atomically); eframe keeps the window only.
        if let Some(saver) = &self.saver {
            saver.save(&self.settings);
        }
    }
}

/// Where the chooser for `purpose` opens: the path typed in its pane, the project's file.
fn chooser_start(
    panes: &panes::Panes,
    settings: &Settings,
    purpose: &FilePurpose,
) -> Option<PathBuf> {
    let typed = match purpose {
        FilePurpose::Import => &panes.import.window.path,
        FilePurpose::Export => &panes.exports.window.path,
        FilePurpose::Save { .. } | FilePurpose::AnnotationImage => "",
        FilePurpose::OpenProject | FilePurpose::SaveProject => {
            if let Some(project) = &settings.current_project {
                return Some(project.clone());
            }
            ""
        }
    };
    file_chooser::chooser_start(typed)
}
