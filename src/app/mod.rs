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

mod attribute_window;
pub mod basemap;
mod bivariate;
mod command;
mod comparison;
mod dock;
pub mod exports;
pub mod file_chooser;
mod frame;
pub mod guidance;
mod import_marker;
mod import_window;
pub mod imports;
mod jobs;
pub mod layout;
pub mod loader;
mod logic;
mod map_overlay;
mod map_view;
pub mod navigation;
mod panels;
pub mod presentation;
mod scatter;
pub mod settings;
pub mod settings_store;
pub mod startup;
pub mod theme;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use walkers::{MapMemory, lon_lat};

use self::basemap::Basemap;
pub use self::command::Command;
use self::imports::{ImportOutcome, UserLayerData};
use self::loader::{LoadMessage, Loaded};
use self::settings::{STORAGE_KEY, Settings};
use crate::carto::{Choropleth, MapSpec};
use crate::map::MapFrameOutput;
use crate::model::geography::generations::GenerationComparison;
use crate::model::imports::Imports;
use crate::model::indicators::choropleth::{Legend, Spec};
use crate::model::indicators::value_table::ValueRow;
use crate::model::views::search::SearchHit;
use crate::model::{IndicatorId, LayerKind, Level, Territory, UnitRef};
use crate::palette::Deficiency;
use crate::ui::attribute_table::AttributeViewState;
use crate::ui::comparison_window::ComparisonWindowState;
use crate::ui::export_window::ExportWindowState;
use crate::ui::import_window::ImportWindowState;
use crate::ui::placement::Corner;
use crate::ui::search_box::SearchBoxState;
use crate::ui::table_view::TableViewState;
use crate::ui::territory_panel::SheetState;
use crate::ui::views_window::ViewsWindowState;

pub const WINDOW_TITLE: &str = "Atlas des Territoires d'industrie";

/// Metropolitan France, the opening view.
pub const FRANCE_CENTER: (f64, f64) = (2.4, 46.6);
pub const FRANCE_ZOOM: f64 = 5.6;
/// The embedded basemap has tiles up to tile zoom 12, drawn at map zoom 13 (512-pixel tiles):
/// beyond, offline, the map would go blank.
pub const OFFLINE_MAX_ZOOM: f64 = 13.0;

/// Quick jumps: metropolitan France and the overseas régions (name, lon, lat, zoom).
pub const JUMPS: [(&str, f64, f64, f64); 6] = [
    (
        "France métropolitaine",
        FRANCE_CENTER.0,
        FRANCE_CENTER.1,
        FRANCE_ZOOM,
    ),
    ("Guadeloupe", -61.55, 16.2, 9.0),
    ("Martinique", -61.0, 14.65, 9.5),
    ("Guyane", -53.1, 4.0, 6.8),
    ("La Réunion", 55.53, -21.13, 9.5),
    ("Mayotte", 45.15, -12.82, 10.5),
];

enum LoadState {
    Loading(Receiver<LoadMessage>),
    /// Drawing; the receiver brings the indexes and the remaining layers.
    Ready(Box<Loaded>, Option<Receiver<LoadMessage>>),
    Failed(String),
}

/// The selected unit: its reference, and its feature index in its layer.
#[derive(Clone, Debug, PartialEq)]
struct Selection {
    unit: UnitRef,
    index: usize,
}

/// The thematic map the settings ask for, computed once per change.
#[derive(Default)]
struct Thematic {
    /// The classification it was computed for (or the error reading the settings).
    applied: Option<Result<Option<Spec>, String>>,
    /// The choropleth in its own colours (what exports use).
    plain: Option<Choropleth>,
    /// The choropleth as shown (through the colour-vision preview, if any).
    shown: Option<Choropleth>,
    error: Option<String>,
    /// Bumped at every recomputation.
    version: u64,
    /// How to get the values the map lacks (the industry share at the territory maille).
    guidance: Option<guidance::ShareGuidance>,
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
    std::collections::BTreeMap<IndicatorId, crate::model::indicators::nature::Nature>,
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
    /// The bivariate map and the sheets' grid, computed when their settings change.
    bivariate: bivariate::BivariateState,
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

/// The user's files as loaded.
#[derive(Default)]
struct UserData {
    imports: Imports,
    /// The user's layers, drawn over the bundle's (their meshes are in the loaded data).
    layers: Vec<UserLayerData>,
    /// Positions of the imported projects.
    points: Arc<Vec<[f64; 2]>>,
    /// The remembered files were sent for reloading.
    restored: bool,
    /// Remembered files missing at start: kept in the settings, shown as absent.
    absent: Vec<std::path::PathBuf>,
}

/// The rows of the table view and what they show.
#[derive(Default)]
struct TableRows {
    generation: u64,
    level: Option<Level>,
    title: String,
    unit: String,
    /// The second indicator of a bivariate map: its label and unit.
    second: Option<(String, String)>,
    rows: Vec<ValueRow>,
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
    table: TableViewState,
    table_rows: TableRows,
    sheet: SheetState,
    search: SearchBoxState,
    import: ImportWindowState,
    export: ExportWindowState,
    views: ViewsWindowState,
    comparison: ComparisonWindowState,
    attributes: Option<AttributeViewState>,
}

/// Background work in flight (each job a named thread and a bounded channel).
#[derive(Default)]
struct Jobs {
    imports: Vec<(bool, Receiver<ImportOutcome>)>,
    export: Option<Receiver<Result<PathBuf, String>>>,
}

/// The presentation mode and the view it shows.
#[derive(Default)]
struct Presentation {
    on: bool,
    current_view: Option<usize>,
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
    jobs: Jobs,
    files: file_chooser::FileChoosing,
    presentation: Presentation,
    /// Temps I / Temps II (computed when first asked).
    comparison: Option<GenerationComparison>,
    /// Messages for the user (unreadable settings, imports…), shown until dismissed.
    notices: Vec<String>,
    /// Commands emitted by the panels this frame, applied at its end.
    commands: Vec<Command>,
    /// The scatter plot (a tab of the bottom dock).
    scatter: scatter::ScatterPane,
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
                bivariate: Default::default(),
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
                table: TableViewState::default(),
                table_rows: TableRows::default(),
                sheet: SheetState::default(),
                search: SearchBoxState::default(),
                import: ImportWindowState::default(),
                export: ExportWindowState::default(),
                views: ViewsWindowState::default(),
                comparison: ComparisonWindowState::default(),
                attributes: None,
            },
            jobs: Jobs::default(),
            files: file_chooser::FileChoosing::default(),
            presentation: Presentation::default(),
            comparison: None,
            notices: Vec::new(),
            commands: Vec::new(),
            scatter: Default::default(),
            startup: startup::StartupTrace::from_env(),
        }
    }

    // ----- What tests and scripts read -----

    pub fn loaded(&self) -> Option<&Loaded> {
        match &self.load {
            LoadState::Ready(l, _) => Some(l),
            _ => None,
        }
    }

    pub fn load_error(&self) -> Option<&str> {
        match &self.load {
            LoadState::Failed(e) => Some(e),
            _ => None,
        }
    }

    /// Whether every layer has arrived.
    pub fn all_layers_loaded(&self) -> bool {
        self.loaded()
            .is_some_and(|l| LayerKind::ALL.iter().all(|&k| l.has_layer(k)))
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The settings, to prepare a state in tests (a user goes through the panels).
    pub fn settings_mut(&mut self) -> &mut Settings {
        &mut self.settings
    }

    pub fn memory(&self) -> &MapMemory {
        &self.map.memory
    }

    /// The current legend, if an indicator colours the map.
    pub fn legend(&self) -> Option<&Legend> {
        self.map.thematic.shown.as_ref().map(|c| c.legend.as_ref())
    }

    /// The choropleth as drawn (colour-vision preview included).
    pub fn choropleth(&self) -> Option<&Choropleth> {
        self.map.thematic.shown.as_ref()
    }

    /// The proportional symbols drawn, if any.
    pub fn symbols(&self) -> Option<&crate::carto::Symbols> {
        self.map.symbols.as_ref()
    }

    /// What the map drew last frame.
    pub fn map_output(&self) -> &MapFrameOutput {
        &self.map.output
    }

    /// The selected unit.
    pub fn selection(&self) -> Option<&UnitRef> {
        self.map.selection.as_ref().map(|s| &s.unit)
    }

    /// The selected territory, if the selection is one.
    pub fn selected_territory(&self) -> Option<&Territory> {
        self.loaded()?.dataset.territory_of(self.selection()?)
    }

    /// Messages waiting for the user.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    pub fn imports(&self) -> &Imports {
        &self.user.imports
    }

    /// File names of the user's layers on the map.
    pub fn user_layer_names(&self) -> Vec<&str> {
        self.user
            .layers
            .iter()
            .map(|l| l.spec.name.as_str())
            .collect()
    }

    /// Whether imports are running.
    pub fn importing(&self) -> bool {
        !self.jobs.imports.is_empty()
    }

    pub fn import_report(&self) -> Option<&crate::io::import::ImportReport> {
        self.windows.import.report.as_ref()
    }

    pub fn import_error(&self) -> Option<&str> {
        self.windows.import.error.as_deref()
    }

    pub fn table_open(&self) -> bool {
        self.settings.layout.is_open(layout::DockTab::Table)
            && self.windows.table_rows.level.is_some()
    }

    /// Where the map was drawn last frame (between the docked panels).
    pub fn map_rect(&self) -> Option<egui::Rect> {
        self.map.rect
    }

    /// The legend's box over the map last frame (None: no legend).
    pub fn legend_rect(&self) -> Option<egui::Rect> {
        self.map.legend_rect
    }

    /// The guidance shown where the map's indicator lacks values.
    pub fn share_guidance(&self) -> Option<&guidance::ShareGuidance> {
        self.map.thematic.guidance.as_ref()
    }

    /// Whether the built-in file chooser is open.
    pub fn file_chooser_open(&self) -> bool {
        self.files.built_in_open()
    }

    /// Where a world point was on screen in the last frame.
    pub fn screen_pos_world(&self, world: [f64; 2]) -> Option<egui::Pos2> {
        let view = self.map.output.view?;
        Some(crate::map::painter::pos2(view.frame_from_world(world)))
    }

    /// Whether an export is being written.
    pub fn exporting(&self) -> bool {
        self.jobs.export.is_some()
    }

    pub fn export_outcome(&self) -> Option<&Result<PathBuf, String>> {
        self.windows.export.outcome.as_ref()
    }

    pub fn comparison(&self) -> Option<&GenerationComparison> {
        self.comparison.as_ref()
    }

    /// Whether the presentation mode is on, and which view it shows.
    pub fn presenting(&self) -> Option<Option<usize>> {
        self.presentation
            .on
            .then_some(self.presentation.current_view)
    }

    pub fn attributes_open(&self) -> Option<&str> {
        self.windows.attributes.as_ref().map(|s| s.layer.as_str())
    }

    /// Where a lon/lat point was on screen in the last frame.
    pub fn screen_pos(&self, lonlat: walkers::Position) -> Option<egui::Pos2> {
        let view = self.map.output.view?;
        Some(crate::map::painter::pos2(view.frame_from_lonlat(lonlat)))
    }

    /// The map as it is now, for an export: same view, layers, classes and colours (without
    /// the colour-vision preview).
    pub fn map_spec_for_export(&self) -> MapSpec {
        let mut spec = self.map_spec();
        spec.choropleth = self.map.thematic.plain.clone();
        if spec.bivariate.is_some() {
            spec.bivariate = self.map.bivariate.plain.clone();
        }
        spec.hovered = None;
        spec.selected = None;
        spec
    }

    // ----- What tests drive like a user would, through the same commands as the panels -----

    /// Applies a command now (what a panel's button does at the end of the frame).
    pub fn apply(&mut self, command: Command, ctx: &egui::Context) {
        self.apply_command(command, ctx);
    }

    pub fn set_table_open(&mut self, open: bool) {
        self.settings.layout.set_open(layout::DockTab::Table, open);
    }

    /// Simulates a colour-vision deficiency on the map and legend (None: normal vision).
    pub fn set_simulation(&mut self, simulation: Option<Deficiency>) {
        self.map.simulation = simulation;
    }

    pub fn export_window_mut(&mut self) -> &mut ExportWindowState {
        &mut self.windows.export
    }

    pub fn views_window_mut(&mut self) -> &mut ViewsWindowState {
        &mut self.windows.views
    }

    pub fn comparison_window_mut(&mut self) -> &mut ComparisonWindowState {
        &mut self.windows.comparison
    }

    /// Selects the feature of the topmost visible layer at a point; the same path a click takes.
    pub fn select_at(&mut self, lonlat: walkers::Position) -> Option<UnitRef> {
        let order = self.pick_order();
        let hit = self.loaded()?.meshes.pick(&order, lonlat);
        let unit = hit.and_then(|(id, i)| self.unit_of(id, i));
        self.set_selection(unit.clone());
        unit
    }

    /// Selects a unit (None: nothing).
    pub fn set_selection(&mut self, unit: Option<UnitRef>) {
        self.map.selection = unit.and_then(|unit| {
            let index = self
                .loaded()?
                .scene
                .layer(unit.layer)?
                .position(&unit.code)?;
            Some(Selection { unit, index })
        });
    }

    /// Shows a search result: its layer visible, the map on it, its sheet open.
    pub fn open_hit(&mut self, hit: &SearchHit) {
        let Some(unit) = hit.target.clone() else {
            self.notices.push(format!(
                "{} ({}) n'a pas de contour sur la carte.",
                hit.name, hit.code
            ));
            return;
        };
        self.open_unit(unit);
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
