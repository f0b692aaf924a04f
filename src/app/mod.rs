//! The eframe application, split the way egui's demo app and rerun split theirs:
//! - [`settings::Settings`]: what is saved between sessions (the map's settings among them);
//! - the runtime state below, grouped by concern (data, map, the user's files, windows, jobs);
//! - `logic`: background work polled in one place (loading, imports, exports, dialogs) and what
//!   follows from the settings (the thematic map, the table of values) — no drawing;
//! - `frame` and the panel files: the docked panels (layers on the left, the sheet on the
//!   right, the tables in the bottom `dock`), the map in the rest with its `map_overlay`
//!   (legend, guidance); panels take what they show and return a [`Command`], applied once
//!   at the end of the frame by `command`. `layout` is what of this is saved; `navigation`
//!   moves the map (wheel, keys, fit); `file_chooser` asks for files.

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
            $app.panes.bivariate.grid.as_ref()
        )
    };
    // … and the bivariate pane its map.
    ($app:ident, $comparison:expr, $bivariate:expr, $grid:expr) => {
        $crate::app::context::PaneContext {
            loaded: $app.load.loaded(),
            settings: &$app.settings,
            selection: $app.map.selection.as_ref(),
            thematic: &$app.map.thematic,
            bivariate: $bivariate,
            sheet_grid: $grid,
            user: &$app.user,
            comparison: $comparison,
            memory: &$app.map.memory,
            map_output: &$app.map.output,
            simulation: $app.map.simulation,
            presenting: $app.panes.presentation.on,
            current_view: $app.panes.presentation.current_view,
        }
    };
}

pub mod basemap;
mod command;
pub mod context;
mod dock;
pub mod file_chooser;
mod frame;
pub mod guidance;
mod import_marker;
pub mod imports;
mod jobs;
pub mod layout;
pub mod loader;
mod logic;
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

use walkers::{MapMemory, lon_lat};

use self::basemap::Basemap;
pub use self::command::Command;
use self::context::{Selection, Thematic, UserData};
use self::loader::{LoadMessage, Loaded};
use self::settings::{STORAGE_KEY, Settings};
use crate::map::MapFrameOutput;
use crate::model::Level;
use crate::palette::Deficiency;
use crate::ui::placement::Corner;
use crate::ui::search_box::SearchBoxState;
use crate::ui::territory_panel::SheetState;

pub const WINDOW_TITLE: &str = "Atlas des Territoires d'industrie";

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

/// A place to show on the map.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fit {
    /// A lon/lat box, with a margin.
    Bbox(geo::Rect<f64>),
    /// France entière: the mainland beside the insets' column.
    France,
}

/// What the symbols were computed from: their settings, the maille, the tables' version and
/// the natures the user gave imported columns.
type SymbolsKey = (
    crate::carto::SymbolSettings,
    Level,
    u64,
    std::collections::BTreeMap<String, crate::model::indicators::nature::Nature>,
);

/// A name being dragged.
#[derive(Clone, Debug)]
struct LabelDrag {
    key: String,
    origin: egui::Pos2,
    before: Option<crate::carto::labels::LabelOverride>,
}

/// The map's runtime state.
struct MapState {
    memory: MapMemory,
    basemap: Basemap,
    /// The basemap of the second map, side by side.
    second_basemap: Option<Basemap>,
    /// Colour-vision preview of the map (never saved, never exported).
    simulation: Option<Deficiency>,
    selection: Option<Selection>,
    thematic: Thematic,
    /// Proportional symbols, computed when their settings (or the tables) change.
    symbols: Option<crate::carto::Symbols>,
    symbols_error: Option<String>,
    symbols_key: Option<SymbolsKey>,
    /// Temps I / Temps II status colours, with the thematic version they replaced.
    status_colours: Option<Vec<crate::carto::LayerColours>>,
    /// What the map drew last frame (view, hovered unit, composition).
    output: MapFrameOutput,
    /// Where the map was drawn last frame, and the app's boxes over it (names avoid them).
    rect: Option<egui::Rect>,
    furniture: Vec<egui::Rect>,
    osm_unreachable: bool,
    /// What to show once the map's size is known.
    pending_fit: Option<Fit>,
    /// A name being dragged (its label key, where the drag began, what it was before), and a
    /// name whose menu is open (key, where).
    label_drag: Option<LabelDrag>,
    label_menu: Option<(String, egui::Pos2)>,
    /// The legend over the map: its corner and its box last frame.
    legend_corner: Corner,
    legend_rect: Option<egui::Rect>,
    /// The last France-entière fit, while the user has not moved the map since: the fit is
    /// made again when the legend appears, grows or shrinks (choosing an indicator after the
    /// start must not leave the new legend over the mainland).
    france_fit: Option<navigation::FranceFit>,
}

/// Windows and panels: what they show and their own widget state.
struct Windows {
    show_about: bool,
    /// The "Premiers pas" guide (Aide menu).
    show_first_steps: bool,
    /// The panels take the layout's sizes next frame (start, reset, a panel that grew).
    apply_layout: bool,
    /// … and this frame.
    apply_layout_now: bool,
    sheet: SheetState,
    search: SearchBoxState,
}

/// The atlas window.
pub struct AtlasApp {
    settings: Settings,
    /// Writes the settings file when the settings change (None in tests).
    saver: Option<settings_store::SettingsSaver>,
    last_saved: Settings,
    load: LoadState,
    map: MapState,
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
pub fn run_native() -> i32 {
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
            Ok(Box::new(AtlasApp::new(cc, early)))
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

    /// The app with its own loading thread (tests).
    pub fn with_settings(ctx: &egui::Context, settings: Settings) -> Self {
        Self::with_loader(ctx, settings, loader::spawn(ctx.clone()))
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
                basemap,
                second_basemap: None,
                simulation: None,
                selection: None,
                thematic: Thematic::default(),
                symbols: None,
                symbols_error: None,
                symbols_key: None,
                status_colours: None,
                output: MapFrameOutput::default(),
                rect: None,
                furniture: Vec::new(),
                osm_unreachable: false,
                // The app opens on France entière.
                pending_fit: Some(Fit::France),
                label_drag: None,
                label_menu: None,
                legend_corner: Corner::default(),
                legend_rect: None,
                france_fit: None,
            },
            user: UserData::default(),
            windows: Windows {
                show_about: false,
                show_first_steps: false,
                apply_layout: true,
                apply_layout_now: false,
                sheet: SheetState::default(),
                search: SearchBoxState::default(),
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
}

impl eframe::App for AtlasApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.run_logic(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.startup
            .note(startup::Milestone::Frame, startup::since_start());
        self.frame_ui(ui);
        let ctx = ui.ctx().clone();
        if matches!(self.load, LoadState::Ready(..)) {
            if let Some(at) = startup::ready_at() {
                self.startup.note(startup::Milestone::Ready, at);
            }
            let drawn = startup::Milestone::TerritoriesDrawn;
            if let Some(line) = self.startup.note(drawn, startup::since_start()) {
                eprintln!("{line}");
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
        for command in std::mem::take(&mut self.commands) {
            self.apply_command(command, &ctx);
        }
        self.after_frame(&ctx);
    }

    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        // Settings live in their own file (written atomically); eframe keeps the window only.
        if let Some(saver) = &self.saver {
            saver.save(&self.settings);
        }
    }
}
