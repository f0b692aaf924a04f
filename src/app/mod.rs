//! The eframe application: window, menus, map, panels.

mod attribute_window;
pub mod basemap;
pub mod choropleth;
mod comparison;
pub mod exports;
pub mod imports;
mod jobs;
pub mod loader;
mod presentation;
pub mod settings;
pub mod settings_store;
pub mod theme;

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use egui::{Align2, RichText};
use walkers::{MapMemory, Position, lon_lat};

use self::basemap::Basemap;
use self::imports::{ImportOutcome, ImportedFile, UserLayer};
use self::loader::{LoadMessage, Loaded};
use self::settings::{STORAGE_KEY, Settings};
use crate::format::int_fr;
use crate::io::import::ImportKind;
use crate::model::imports::Imports;
use crate::model::search::SearchHit;
use crate::model::value_table::{ValueRow, value_rows};
use crate::model::{Generation, LayerKind, Level, Territory};
use crate::palette::Deficiency;
use crate::ui::attribute_table::AttributeViewState;
use crate::ui::comparison_window::ComparisonWindowState;
use crate::ui::export_window::{ExportWhat, ExportWindowState};
use crate::ui::import_window::{ImportCommand, ImportWindowState, import_window_ui};
use crate::ui::layers_panel::{LayersPanelInput, layers_ui};
use crate::ui::search_box::{SearchBoxState, search_box_ui};
use crate::ui::table_view::{TableAction, TableViewInput, TableViewState, table_view_ui};
use crate::ui::territory_panel::{PanelCommand, SheetData, SheetState, territory_ui, unit_ui};
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
    /// Drawing; the receiver brings the remaining layers.
    Ready(Box<Loaded>, Option<Receiver<LoadMessage>>),
    Failed(String),
}

/// The atlas window.
pub struct AtlasApp {
    settings: Settings,
    memory: MapMemory,
    basemap: Basemap,
    load: LoadState,
    /// The feature shown in the side panel.
    selection: Option<(LayerKind, usize)>,
    show_layers: bool,
    show_about: bool,
    /// Where the map was drawn last frame (for projecting points to the screen).
    last_map_rect: Option<egui::Rect>,
    /// Online basemap chosen but silent: said in the status bar.
    osm_unreachable: bool,
    /// The choropleth the fills were last computed for, and the resulting legend.
    applied_choropleth: Option<Result<Option<choropleth::Spec>, String>>,
    legend: Option<choropleth::Legend>,
    choropleth_error: Option<String>,
    /// Colour-vision preview of the map (runtime only).
    simulation: Option<Deficiency>,
    /// Writes the settings file when the settings change (None in tests).
    saver: Option<settings_store::SettingsSaver>,
    last_saved: Settings,
    /// Messages for the user (unreadable settings, imports…), shown until dismissed.
    notices: Vec<String>,
    search: SearchBoxState,
    /// A search result chosen this frame, applied once the map size is known.
    pending_hit: Option<SearchHit>,
    /// The "Tableau des valeurs" window and its rows (rebuilt when the map's choice changes).
    show_table: bool,
    table: TableViewState,
    table_rows: TableRows,
    /// A unit to zoom to once the map size is known (from the table).
    pending_open: Option<(LayerKind, usize)>,
    /// Sort of the member-EPCI table of the sheets, filters of their project list.
    sheet_state: SheetState,
    /// The user's imported data, the import window, running imports and file dialogs.
    imports: Imports,
    import_window: ImportWindowState,
    import_jobs: Vec<(bool, Receiver<ImportOutcome>)>,
    dialog: Option<Receiver<DialogResult>>,
    /// The remembered files were sent for reloading.
    imports_restored: bool,
    /// Positions of the imported projects (rebuilt on import).
    project_points: Vec<[f64; 2]>,
    /// The user's layers (file name, drawn polygons), over the built-in layers.
    user_layers: Vec<UserLayer>,
    /// The attribute window of a user's layer, when open.
    attribute_view: Option<AttributeViewState>,
    /// The export window, the export being written and the "save as" dialog.
    export_window: ExportWindowState,
    export_job: Option<Receiver<Result<std::path::PathBuf, String>>>,
    export_dialog: Option<Receiver<Option<std::path::PathBuf>>>,
    /// The "Vues" window; the presentation mode and the view it shows.
    views_window: ViewsWindowState,
    presenting: bool,
    current_view: Option<usize>,
    /// Temps I / Temps II: the window, the comparison (computed when first asked), the fills
    /// version it coloured, and the basemap of the second map side by side.
    comparison_window: ComparisonWindowState,
    comparison: Option<crate::model::generations::GenerationComparison>,
    comparison_colours: Option<u64>,
    fills_version: u64,
    second_basemap: Option<Basemap>,
}

/// What a file dialog (run on its own thread) brought back.
enum DialogResult {
    Open(Option<std::path::PathBuf>),
    Saved(Result<Option<std::path::PathBuf>, String>),
}

/// The rows of the table view and what they show.
#[derive(Default)]
struct TableRows {
    generation: u64,
    level: Option<Level>,
    title: String,
    unit: String,
    rows: Vec<ValueRow>,
}

/// Opens the window. Returns the process exit code.
pub fn run_native() -> i32 {
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
        Box::new(|cc| Ok(Box::new(AtlasApp::new(cc)))),
    ) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("ti-atlas : impossible d'ouvrir la fenêtre : {e}");
            1
        }
    }
}

impl AtlasApp {
    pub fn new(cc: &eframe::CreationContext<'_>) -> Self {
        walkers::install_renderer(cc.wgpu_render_state.as_ref());
        let mut notices = Vec::new();
        let path = settings_store::default_path();
        let settings = match &path {
            Some(p) if p.exists() => {
                let (s, notice) = settings_store::load(p);
                notices.extend(notice);
                s
            }
            // First start with this file: take the settings eframe kept, if any.
            _ => cc
                .storage
                .and_then(|s| eframe::get_value::<Settings>(s, STORAGE_KEY))
                .unwrap_or_default(),
        };
        let mut app = Self::with_settings(&cc.egui_ctx, settings);
        app.notices = notices;
        match path.map(settings_store::SettingsSaver::spawn) {
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

    pub fn with_settings(ctx: &egui::Context, settings: Settings) -> Self {
        theme::apply(ctx);
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
            saver: None,
            notices: Vec::new(),
            search: SearchBoxState::default(),
            pending_hit: None,
            show_table: false,
            table: TableViewState::default(),
            table_rows: TableRows::default(),
            pending_open: None,
            sheet_state: SheetState::default(),
            imports: Imports::default(),
            import_window: ImportWindowState::default(),
            import_jobs: Vec::new(),
            dialog: None,
            imports_restored: false,
            project_points: Vec::new(),
            user_layers: Vec::new(),
            attribute_view: None,
            export_window: ExportWindowState::default(),
            export_job: None,
            export_dialog: None,
            views_window: ViewsWindowState::default(),
            presenting: false,
            current_view: None,
            comparison_window: ComparisonWindowState::default(),
            comparison: None,
            comparison_colours: None,
            fills_version: 0,
            second_basemap: None,
            settings,
            memory,
            basemap,
            load: LoadState::Loading(loader::spawn(ctx.clone())),
            selection: None,
            show_layers: true,
            show_about: false,
            last_map_rect: None,
            osm_unreachable: false,
            applied_choropleth: None,
            legend: None,
            choropleth_error: None,
            simulation: None,
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
                        if !self.imports.tables.is_empty() {
                            imports::refresh_tables(&mut loaded, &self.imports);
                        }
                        // Tables of the other mailles are there: recompute what needs them.
                        self.applied_choropleth = None;
                        (LoadState::Ready(loaded, Some(rx)), true)
                    }
                    Ok(LoadMessage::Layer(kind, layer)) => {
                        let mut layer = *layer;
                        layer.set_selected(self.selection.filter(|s| s.0 == kind).map(|s| s.1));
                        loaded.layers.insert(kind, layer);
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
    }

    /// Recolours the maille's units when the choropleth choice changed (vertex colours only,
    /// no re-tessellation). Waits for the maille's layer if it has not arrived yet.
    fn update_choropleth(&mut self) {
        let spec = choropleth::spec_from_settings(&self.settings, self.simulation);
        if self.applied_choropleth.as_ref() == Some(&spec) {
            if self.table_rows.level != Some(self.settings.maille) {
                self.rebuild_table_rows();
            }
            return;
        }
        let LoadState::Ready(loaded, _) = &mut self.load else {
            return;
        };
        let target = spec.as_ref().ok().and_then(Option::as_ref);
        if let Some(s) = target
            && (!loaded.layers.contains_key(&s.level.layer()) || loaded.table(s.level).is_none())
        {
            return;
        }
        self.legend = None;
        self.choropleth_error = None;
        let outcome = target.map(|s| {
            let table = loaded
                .table(s.level)
                .ok_or_else(|| "tables en cours de calcul".to_owned())?;
            choropleth::compute(&loaded.dataset, table, s).map(|r| (s.level, r))
        });
        let coloured = match outcome {
            Some(Ok((level, (fills, legend)))) => {
                self.legend = Some(legend);
                Some((level, fills))
            }
            Some(Err(e)) => {
                self.choropleth_error = Some(e);
                None
            }
            None => None,
        };
        if let Err(e) = &spec {
            self.choropleth_error = Some(e.clone());
        }
        for level in Level::MAPS {
            let kind = level.layer();
            let Some(layer) = loaded.layers.get_mut(&kind) else {
                continue;
            };
            match &coloured {
                Some((l, fills)) if *l == level => layer.set_fill_colors(&rgb_colours(fills)),
                // Territory outlines over an EPCI or département map, without their own fill.
                Some(_) if kind == LayerKind::Ti2023 => {
                    layer.set_fill_colors(&vec![egui::Color32::TRANSPARENT; layer.len()]);
                }
                _ => layer.set_fill_colors(&theme::default_fills(kind, layer.len())),
            }
            if kind == LayerKind::Ti2023 {
                let over = matches!(&coloured, Some((l, _)) if *l != Level::Territoire);
                let mut style = if over {
                    theme::territory_outlines_over_choropleth()
                } else {
                    theme::layer_style(kind)
                };
                style.labels = layer.style().labels;
                layer.set_style(style);
            }
        }
        self.applied_choropleth = Some(spec);
        self.fills_version += 1;
        self.rebuild_table_rows();
    }

    /// The table view's rows: the maille's units with the map's indicator (population when the
    /// map has none), classes from the legend.
    fn rebuild_table_rows(&mut self) {
        let LoadState::Ready(loaded, _) = &self.load else {
            return;
        };
        let level = self.settings.maille;
        let Some(table) = loaded.table(level) else {
            return;
        };
        let wanted = self
            .legend
            .as_ref()
            .and(self.settings.indicator.as_deref())
            .unwrap_or("population");
        let Some(i) = table
            .position(wanted)
            .or_else(|| table.position("population"))
        else {
            return;
        };
        let Some(ind) = table.indicators.get(i) else {
            return;
        };
        let classification = self.legend.as_ref().map(|l| &l.classification);
        self.table_rows = TableRows {
            generation: self.table_rows.generation + 1,
            level: Some(level),
            title: ind.label.clone(),
            unit: ind.unit.clone(),
            rows: value_rows(&loaded.dataset, table, i, classification),
        };
    }

    pub fn table_open(&self) -> bool {
        self.show_table && self.table_rows.level.is_some()
    }

    /// Opens or closes the table of values.
    pub fn set_table_open(&mut self, open: bool) {
        self.show_table = open;
    }

    fn table_ui(&mut self, ctx: &egui::Context) {
        if !self.show_table {
            return;
        }
        let Some(level) = self.table_rows.level else {
            return;
        };
        let mut open = true;
        let mut action = TableAction::None;
        let mut export = false;
        let (colours, missing) = match &self.legend {
            Some(l) => (rgb_colours(&l.colours), rgb(l.missing_colour)),
            None => (Vec::new(), egui::Color32::TRANSPARENT),
        };
        egui::Window::new("Tableau des valeurs")
            .open(&mut open)
            .default_size([760.0, 420.0])
            .default_pos([420.0, 120.0])
            .resizable(true)
            .show(ctx, |ui| {
                let input = TableViewInput {
                    title: &self.table_rows.title,
                    unit: &self.table_rows.unit,
                    rows: &self.table_rows.rows,
                    colours: &colours,
                    missing_colour: missing,
                    generation: self.table_rows.generation,
                };
                ui.horizontal(|ui| {
                    ui.small(format!("Maille : {}", level.maille_fr()));
                    export = ui
                        .add_enabled(self.legend.is_some(), egui::Button::new("Exporter en CSV…"))
                        .on_hover_text(
                            "Le tableau tel qu'il est affiché, pour Excel (UTF-8, « ; »)",
                        )
                        .clicked();
                });
                action = table_view_ui(ui, &input, &mut self.table);
            });
        self.show_table = open;
        if export {
            self.open_export(ExportWhat::Table);
        }
        let kind = level.layer();
        match action {
            TableAction::None => {}
            TableAction::Highlight(u) => {
                *self.settings.visible_mut(kind) = true;
                self.set_selection(Some((kind, u)));
            }
            TableAction::Open(u) => {
                *self.settings.visible_mut(kind) = true;
                self.set_selection(Some((kind, u)));
                self.pending_open = Some((kind, u));
            }
        }
    }

    /// The legend of the current indicator, always visible on the map while one is chosen.
    fn legend_ui(&mut self, ctx: &egui::Context) {
        // Coloured by Temps I / Temps II status: the comparison window is the legend.
        if (self.legend.is_none() && self.choropleth_error.is_none())
            || self.comparison_window.colour_map
        {
            return;
        }
        // Bottom right of the map, whatever panels surround it.
        let screen = ctx.content_rect();
        let offset = self.last_map_rect.map_or([-10.0, -34.0], |map| {
            [
                -(screen.right() - map.right()) - 10.0,
                -(screen.bottom() - map.bottom()) - 10.0,
            ]
        });
        egui::Window::new("Légende")
            .anchor(Align2::RIGHT_BOTTOM, offset)
            .resizable(false)
            .collapsible(true)
            .default_width(300.0)
            .show(ctx, |ui| {
                if let Some(e) = &self.choropleth_error {
                    ui.colored_label(theme::ERROR_TEXT, e);
                }
                if let Some(l) = &self.legend {
                    crate::ui::legend::legend_ui(ui, l);
                }
                if !self.show_table
                    && ui
                        .small_button("Tableau des valeurs")
                        .on_hover_text("Les mêmes valeurs en tableau triable")
                        .clicked()
                {
                    self.show_table = true;
                }
            });
    }

    /// Simulates a colour-vision deficiency on the map and legend (None: normal vision).
    pub fn set_simulation(&mut self, simulation: Option<Deficiency>) {
        self.simulation = simulation;
    }

    /// Shows a search result: its layer visible, the map on it, its sheet open.
    pub fn open_hit(&mut self, hit: &SearchHit, viewport: egui::Vec2) {
        let Some((kind, index)) = hit.target else {
            self.notices.push(format!(
                "{} ({}) n'a pas de contour sur la carte.",
                hit.name, hit.code
            ));
            return;
        };
        *self.settings.visible_mut(kind) = true;
        self.set_selection(Some((kind, index)));
        self.zoom_to(kind, index, viewport);
    }

    /// Starts reading a file; `restoring`: a file remembered from the last session.
    pub fn start_import(&mut self, file: ImportedFile, restoring: bool, ctx: &egui::Context) {
        let LoadState::Ready(loaded, _) = &self.load else {
            return;
        };
        if let Some(rx) = imports::spawn_import(file, Arc::clone(&loaded.dataset), ctx.clone()) {
            self.import_jobs.push((restoring, rx));
            self.import_window.busy = true;
        }
    }

    fn refresh_project_points(&mut self) {
        self.project_points = self
            .imports
            .projects
            .as_ref()
            .map(|l| l.projects.iter().filter_map(|p| p.lon_lat).collect())
            .unwrap_or_default();
    }

    /// File names of the user's layers on the map.
    pub fn user_layer_names(&self) -> Vec<&str> {
        self.user_layers.iter().map(|l| l.name.as_str()).collect()
    }

    /// Whether imports are running.
    pub fn importing(&self) -> bool {
        !self.import_jobs.is_empty()
    }

    pub fn imports(&self) -> &Imports {
        &self.imports
    }

    pub fn import_report(&self) -> Option<&crate::io::import::ImportReport> {
        self.import_window.report.as_ref()
    }

    pub fn import_error(&self) -> Option<&str> {
        self.import_window.error.as_deref()
    }

    /// Reloads the remembered files once the data is there; says which ones are gone.
    fn restore_imports(&mut self, ctx: &egui::Context) {
        if self.imports_restored || !matches!(self.load, LoadState::Ready(..)) {
            return;
        }
        self.imports_restored = true;
        for file in self.settings.imported_files.clone() {
            if file.path.exists() {
                self.start_import(file, true, ctx);
            } else {
                self.notices.push(format!(
                    "Fichier importé introuvable (déplacé ou supprimé ?) : {} — non rechargé.",
                    file.path.display()
                ));
            }
        }
    }

    /// Takes finished imports and dialogs.
    fn poll_imports(&mut self) {
        let mut outcomes = Vec::new();
        self.import_jobs
            .retain(|(restoring, rx)| match rx.try_recv() {
                Ok(o) => {
                    outcomes.push((*restoring, o));
                    false
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => true,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => false,
            });
        self.import_window.busy = !self.import_jobs.is_empty();
        for (restoring, outcome) in outcomes {
            match outcome {
                ImportOutcome::Done {
                    file,
                    imported,
                    report,
                    drawn,
                } => {
                    if let Some(layer) = drawn {
                        self.user_layers.retain(|l| l.name != layer.name);
                        self.user_layers.push(*layer);
                    }
                    let LoadState::Ready(loaded, _) = &mut self.load else {
                        continue;
                    };
                    let kind = imports::apply(loaded, &mut self.imports, *imported);
                    let remembered = ImportedFile { kind, ..file };
                    self.settings.imported_files.retain(|f| {
                        f.path != remembered.path
                            && (f.kind != kind
                                || matches!(kind, ImportKind::Table | ImportKind::Layer))
                    });
                    self.settings.imported_files.push(remembered);
                    if restoring && (!report.rejected.is_empty() || !report.warnings.is_empty()) {
                        self.notices.push(format!(
                            "{} rechargé : {} ligne(s) rejetée(s), {} avertissement(s) (Fichier > Importer… pour le détail).",
                            report.file,
                            report.rejected.len(),
                            report.warnings.len()
                        ));
                    }
                    self.import_window.error = None;
                    if !restoring {
                        self.import_window.path.clear();
                        self.import_window.sheet.clear();
                    }
                    self.import_window.report = Some(*report);
                    self.applied_choropleth = None;
                    self.refresh_project_points();
                }
                ImportOutcome::Failed { file, error } => {
                    if restoring {
                        self.notices
                            .push(format!("Fichier importé non rechargé : {error}"));
                    } else {
                        self.import_window.error = Some(error);
                        self.import_window.report = None;
                    }
                    let _ = file;
                }
            }
        }
        if let Some(rx) = &self.dialog
            && let Ok(result) = rx.try_recv()
        {
            self.dialog = None;
            match result {
                DialogResult::Open(Some(path)) => {
                    self.import_window.path = path.display().to_string();
                }
                DialogResult::Open(None) | DialogResult::Saved(Ok(None)) => {}
                DialogResult::Saved(Ok(Some(path))) => self
                    .notices
                    .push(format!("Rapport enregistré : {}", path.display())),
                DialogResult::Saved(Err(e)) => self.notices.push(e),
            }
        }
    }

    fn import_window_ui(&mut self, ctx: &egui::Context) {
        if !self.import_window.open {
            return;
        }
        let loaded_files: Vec<(ImportKind, String)> = [
            (
                ImportKind::Plan,
                self.imports.plan.as_ref().map(|p| p.source_name.clone()),
            ),
            (
                ImportKind::Projects,
                self.imports
                    .projects
                    .as_ref()
                    .map(|p| p.source_name.clone()),
            ),
            (
                ImportKind::Layer,
                (!self.user_layers.is_empty()).then(|| {
                    self.user_layers
                        .iter()
                        .map(|l| l.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                }),
            ),
            (
                ImportKind::Table,
                (!self.imports.tables.is_empty()).then(|| {
                    self.imports
                        .tables
                        .iter()
                        .map(|t| t.source_name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                }),
            ),
        ]
        .into_iter()
        .filter_map(|(k, n)| n.map(|n| (k, n)))
        .collect();
        let mut open = true;
        let mut command = ImportCommand::None;
        egui::Window::new("Importer")
            .open(&mut open)
            .default_width(560.0)
            .show(ctx, |ui| {
                command = import_window_ui(ui, &mut self.import_window, &loaded_files);
            });
        self.import_window.open = open;
        match command {
            ImportCommand::None => {}
            ImportCommand::Browse => self.spawn_dialog(ctx, None),
            ImportCommand::SaveReport => {
                let csv = self
                    .import_window
                    .report
                    .as_ref()
                    .map(crate::io::import::ImportReport::problems_csv);
                self.spawn_dialog(ctx, csv);
            }
            ImportCommand::Import { path, kind, sheet } => {
                self.start_import(ImportedFile { path, kind, sheet }, false, ctx);
            }
            ImportCommand::Remove(kind) => {
                if let LoadState::Ready(loaded, _) = &mut self.load {
                    imports::remove(loaded, &mut self.imports, kind);
                }
                self.settings.imported_files.retain(|f| f.kind != kind);
                if kind == ImportKind::Layer {
                    self.user_layers.clear();
                    self.attribute_view = None;
                }
                self.applied_choropleth = None;
                self.refresh_project_points();
            }
        }
    }

    /// A file dialog on its own thread (it may block): open a table, or save `csv`.
    fn spawn_dialog(&mut self, ctx: &egui::Context, csv: Option<String>) {
        if self.dialog.is_some() {
            return;
        }
        let spawned = jobs::spawn_job("dialogue-fichier", ctx, move || match csv {
            None => DialogResult::Open(
                rfd::FileDialog::new()
                    .set_title("Importer un fichier")
                    .add_filter(
                        "Tableaux et couches",
                        &[
                            "csv", "txt", "tsv", "xlsx", "xlsm", "shp", "geojson", "json",
                        ],
                    )
                    .add_filter(
                        "Tableaux (CSV, XLSX)",
                        &["csv", "txt", "tsv", "xlsx", "xlsm"],
                    )
                    .add_filter("Couches (shapefile, GeoJSON)", &["shp", "geojson", "json"])
                    .pick_file(),
            ),
            Some(text) => DialogResult::Saved(
                match rfd::FileDialog::new()
                    .set_title("Enregistrer le rapport d'import")
                    .set_file_name("rapport-import.csv")
                    .save_file()
                {
                    None => Ok(None),
                    Some(path) => crate::io::atomic::write_atomic(&path, text.as_bytes())
                        .map(|()| Some(path))
                        .map_err(|e| e.to_string()),
                },
            ),
        });
        match spawned {
            Ok(rx) => self.dialog = Some(rx),
            Err(e) => self.notices.push(format!(
                "Dialogue de fichier impossible : {e} ; saisissez le chemin."
            )),
        }
    }

    /// Messages for the user, each with a button to dismiss it.
    fn notices_ui(&mut self, ctx: &egui::Context) {
        if self.notices.is_empty() {
            return;
        }
        let mut dismissed = None;
        egui::Window::new("Avis")
            .anchor(Align2::CENTER_TOP, [0.0, 40.0])
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                for (i, n) in self.notices.iter().enumerate() {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(n);
                        if ui.small_button("OK").clicked() {
                            dismissed = Some(i);
                        }
                    });
                }
            });
        if let Some(i) = dismissed {
            self.notices.remove(i);
        }
    }

    /// Messages waiting for the user.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// The current legend, if an indicator colours the map.
    pub fn legend(&self) -> Option<&choropleth::Legend> {
        self.legend.as_ref()
    }

    /// Whether every layer has arrived.
    pub fn all_layers_loaded(&self) -> bool {
        self.loaded()
            .is_some_and(|l| LayerKind::ALL.iter().all(|k| l.layers.contains_key(k)))
    }

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

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn settings_mut(&mut self) -> &mut Settings {
        &mut self.settings
    }

    /// Visible layers, topmost first: the order clicks are resolved in. The coloured maille
    /// comes first: on an EPCI map, a click picks the EPCI.
    fn pick_order(&self) -> Vec<LayerKind> {
        let mut order: Vec<LayerKind> = LayerKind::ALL
            .into_iter()
            .filter(|&k| self.settings.visible(k))
            .collect();
        if self.legend.is_some() {
            let coloured = self.settings.maille.layer();
            if let Some(p) = order.iter().position(|&k| k == coloured) {
                order.remove(p);
                order.insert(0, coloured);
            }
        }
        order
    }

    /// Selects the feature of the topmost visible layer at a point; the same path a click takes.
    pub fn select_at(&mut self, lonlat: Position) -> Option<(LayerKind, usize)> {
        let order = self.pick_order();
        let loaded = self.loaded()?;
        let hit = order
            .into_iter()
            .find_map(|k| loaded.layers.get(&k)?.feature_at(lonlat).map(|i| (k, i)));
        self.set_selection(hit);
        hit
    }

    pub fn set_selection(&mut self, selection: Option<(LayerKind, usize)>) {
        self.selection = selection;
        if let LoadState::Ready(loaded, _) = &mut self.load {
            for (kind, layer) in loaded.layers.iter_mut() {
                layer.set_selected(selection.filter(|s| s.0 == *kind).map(|s| s.1));
            }
        }
    }

    pub fn selection(&self) -> Option<(LayerKind, usize)> {
        self.selection
    }

    /// The selected territory, if the selection is one.
    pub fn selected_territory(&self) -> Option<&Territory> {
        let (kind, index) = self.selection?;
        let generation = match kind {
            LayerKind::Ti2023 => Generation::Temps2,
            LayerKind::Ti2018 => Generation::Temps1,
            _ => return None,
        };
        self.loaded()?.dataset.territory_at(generation, index)
    }

    /// Centres the map on a feature and zooms so that it fits.
    pub fn zoom_to(&mut self, kind: LayerKind, index: usize, viewport: egui::Vec2) {
        let Some(layer) = self.loaded().and_then(|l| l.layers.get(&kind)) else {
            return;
        };
        let Some(bbox) = layer.bbox_lonlat(index) else {
            return;
        };
        let center = bbox.center();
        self.memory.center_at(lon_lat(center.x, center.y));
        let _ = self.memory.set_zoom(zoom_to_fit(bbox, viewport));
    }

    /// Where a lon/lat point was on screen in the last frame.
    pub fn screen_pos(&self, lonlat: Position) -> Option<egui::Pos2> {
        let rect = self.last_map_rect?;
        let center = lon_lat(FRANCE_CENTER.0, FRANCE_CENTER.1);
        let projector =
            walkers::Projector::new(rect, &walkers::MercatorProjection, &self.memory, center);
        Some(projector.project(lonlat).to_pos2())
    }

    /// Hands the settings to the saver thread when they changed.
    fn save_settings_if_changed(&mut self) {
        if self.settings != self.last_saved {
            if let Some(saver) = &self.saver {
                saver.save(&self.settings);
            }
            self.last_saved = self.settings.clone();
        }
        if let Some(e) = self.saver.as_ref().and_then(|s| s.take_error()) {
            self.notices.push(format!("Réglages non enregistrés : {e}"));
        }
    }

    pub fn memory(&self) -> &MapMemory {
        &self.memory
    }

    fn apply_settings_change(&mut self, before: &Settings, ctx: &egui::Context) {
        if before.online_basemap != self.settings.online_basemap {
            self.basemap = if self.settings.online_basemap {
                Basemap::online(ctx)
            } else {
                Basemap::offline(ctx)
            };
        }
        if before.maille != self.settings.maille
            && let (Some(id), Some(loaded)) = (&self.settings.indicator, self.loaded())
            && loaded
                .table(self.settings.maille)
                .is_some_and(|t| t.position(id).is_none())
        {
            // The indicator has no meaning at the new maille.
            self.settings.indicator = None;
        }
        if self.settings.indicator.is_some() {
            // The coloured units must be on the map.
            *self.settings.visible_mut(self.settings.maille.layer()) = true;
        }
        if let Some((kind, _)) = self.selection
            && !self.settings.visible(kind)
        {
            self.set_selection(None);
        }
    }

    /// Zoom in/out and back to France, at the bottom left of the map.
    fn zoom_buttons_ui(&mut self, ui: &mut egui::Ui) {
        egui::Area::new(egui::Id::unique("boutons-zoom"))
            .anchor(Align2::LEFT_BOTTOM, [10.0, -40.0])
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        if ui.button("+").on_hover_text("Zoom avant").clicked() {
                            let _ = self.memory.zoom_in();
                        }
                        if ui.button("−").on_hover_text("Zoom arrière").clicked() {
                            let _ = self.memory.zoom_out();
                        }
                        if ui
                            .button("France")
                            .on_hover_text("Revenir à la France métropolitaine")
                            .clicked()
                        {
                            self.memory
                                .center_at(lon_lat(FRANCE_CENTER.0, FRANCE_CENTER.1));
                            let _ = self.memory.set_zoom(FRANCE_ZOOM);
                        }
                    });
                });
            });
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("Fichier", |ui| {
                if ui.button("Importer…").clicked() {
                    self.import_window.open = true;
                    ui.close();
                }
                if ui.button("Exporter la carte…").clicked() {
                    self.open_export(ExportWhat::Map);
                    ui.close();
                }
                if ui
                    .add_enabled(
                        self.selected_territory()
                            .is_some_and(|t| t.generation == Generation::Temps2),
                        egui::Button::new("Exporter la fiche du territoire…"),
                    )
                    .clicked()
                {
                    self.open_export(ExportWhat::Sheet);
                    ui.close();
                }
                if ui.button("Quitter").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("Affichage", |ui| {
                ui.checkbox(&mut self.show_layers, "Panneau des couches");
                ui.checkbox(&mut self.show_table, "Tableau des valeurs");
                if ui.button("Temps I et Temps II…").clicked() {
                    self.comparison_window.open = true;
                    ui.close();
                }
                if ui.button("Vues…").clicked() {
                    self.views_window.open = true;
                    ui.close();
                }
                if ui.button("Présentation (F11)").clicked() {
                    let start = self
                        .current_view
                        .or((!self.settings.bookmarks.is_empty()).then_some(0));
                    self.set_presenting(true, start, ui.ctx());
                    ui.close();
                }
                if !self.user_layers.is_empty() {
                    ui.menu_button("Attributs d'une couche importée", |ui| {
                        for layer in &self.user_layers {
                            if ui.button(&layer.name).clicked() {
                                self.attribute_view =
                                    Some(AttributeViewState::for_layer(&layer.name));
                                ui.close();
                            }
                        }
                    });
                }
                ui.separator();
                ui.label("Aller à");
                for (name, lon, lat, zoom) in JUMPS {
                    if ui.button(name).clicked() {
                        self.memory.center_at(lon_lat(lon, lat));
                        let _ = self.memory.set_zoom(zoom);
                        ui.close();
                    }
                }
            });
            ui.menu_button("Aide", |ui| {
                if ui.button("À propos et sources").clicked() {
                    self.show_about = true;
                    ui.close();
                }
            });
            ui.separator();
            let index = match &self.load {
                LoadState::Ready(l, _) => l.indexes.as_ref().map(|i| &i.search),
                _ => None,
            };
            if let Some(hit) = search_box_ui(ui, &mut self.search, index) {
                self.pending_hit = Some(hit);
            }
        });
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            match &self.load {
                LoadState::Loading(_) => {
                    ui.spinner();
                    ui.label("Chargement des territoires…");
                }
                LoadState::Failed(e) => {
                    ui.colored_label(theme::ERROR_TEXT, format!("Données indisponibles : {e}"));
                }
                LoadState::Ready(l, pending) => {
                    if pending.is_some() {
                        ui.spinner();
                    }
                    ui.label(format!(
                        "{} territoires 2023-2027 — carte prête en {} ms",
                        l.dataset.territories(Generation::Temps2).count(),
                        int_fr(l.ready_time.as_millis() as u64)
                    ));
                }
            }
            if let Basemap::Unavailable(reason) = &self.basemap {
                ui.separator();
                ui.colored_label(theme::ERROR_TEXT, reason);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.small(format!(
                    "{} ; ANCT – Territoires d'industrie (LO 2.0) ; zoom {:.1}",
                    self.basemap.attribution_fr(),
                    self.memory.zoom()
                ));
            });
        });
    }

    fn side_panel_ui(&mut self, ui: &mut egui::Ui) -> PanelCommand {
        let sheet_state = &mut self.sheet_state;
        let imports = &self.imports;
        let (Some((kind, index)), LoadState::Ready(loaded, _)) = (self.selection, &self.load)
        else {
            return PanelCommand::None;
        };
        let dataset = &loaded.dataset;
        let mut command = PanelCommand::None;
        egui::Panel::right("fiche")
            .resizable(true)
            .default_size(380.0)
            .size_range(280.0..=560.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        command = match kind {
                            LayerKind::Ti2023 | LayerKind::Ti2018 => {
                                let generation = if kind == LayerKind::Ti2023 {
                                    Generation::Temps2
                                } else {
                                    Generation::Temps1
                                };
                                let table =
                                    loaded.tables.get(usize::from(kind == LayerKind::Ti2018));
                                match dataset.territory_at(generation, index) {
                                    Some(t) => {
                                        let data = SheetData {
                                            dataset,
                                            references: loaded
                                                .indexes
                                                .as_ref()
                                                .map(|i| &i.references),
                                            imports,
                                        };
                                        territory_ui(ui, &data, t, kind, index, table, sheet_state)
                                    }
                                    None => PanelCommand::Close,
                                }
                            }
                            LayerKind::Epci => {
                                unit_ui(ui, dataset, kind, index, loaded.table(Level::Epci))
                            }
                            LayerKind::Departements => {
                                unit_ui(ui, dataset, kind, index, loaded.table(Level::Departement))
                            }
                            LayerKind::Regions => unit_ui(ui, dataset, kind, index, None),
                        };
                    });
            });
        command
    }

    fn map_ui(&mut self, ui: &mut egui::Ui) {
        let visible: Vec<LayerKind> = LayerKind::ALL
            .into_iter()
            .rev()
            .filter(|&k| self.settings.visible(k))
            .collect();
        let show_labels = self.settings.show_labels;
        let pick_order = self.pick_order();
        let mut clicked: Option<(LayerKind, usize)> = None;
        let mut clicked_empty = false;
        let mut hovered: Option<(LayerKind, usize)> = None;
        {
            let loaded = match &mut self.load {
                LoadState::Ready(l, _) => Some(l.as_mut()),
                _ => None,
            };
            let center = lon_lat(FRANCE_CENTER.0, FRANCE_CENTER.1);
            let mut map = walkers::Map::new(self.basemap.tiles(), &mut self.memory, center)
                .double_click_to_zoom(true)
                // A desktop map: the wheel zooms (around the pointer), dragging pans.
                .zoom_with_ctrl(false);
            if let Some(loaded) = loaded {
                // Draw order: régions at the bottom … territories 2023-2027 on top.
                for (kind, layer) in loaded.layers.iter_mut().rev() {
                    if visible.contains(kind) {
                        if layer.style().labels != show_labels {
                            let mut style = layer.style().clone();
                            style.labels = show_labels;
                            layer.set_style(style);
                        }
                        map = map.with_plugin(layer);
                    }
                }
            }
            for layer in self.user_layers.iter_mut() {
                map = map.with_plugin(&mut layer.polygons);
            }
            if self.settings.show_projects && !self.project_points.is_empty() {
                map = map.with_plugin(crate::map::PointLayer {
                    points: &self.project_points,
                    fill: theme::PROJECT_FILL,
                });
            }
            let response = map.show(ui, |_ui, response, _projector, _memory| response.clone());
            self.last_map_rect = Some(response.response.rect);
            if let LoadState::Ready(loaded, _) = &mut self.load {
                // Topmost layer first.
                for &kind in &pick_order {
                    let Some(layer) = loaded.layers.get_mut(&kind) else {
                        continue;
                    };
                    if !visible.contains(&kind) {
                        continue;
                    }
                    if hovered.is_none() {
                        hovered = layer.hovered().map(|i| (kind, i));
                    }
                    if let Some(i) = layer.take_clicked() {
                        if clicked.is_none() {
                            clicked = Some((kind, i));
                        }
                    } else if layer.take_clicked_empty() && clicked.is_none() {
                        clicked_empty = true;
                    }
                }
                if let Some((kind, index)) = hovered {
                    let label = hover_label(loaded, kind, index);
                    response.response.clone().on_hover_ui_at_pointer(|ui| {
                        ui.label(label);
                    });
                }
            }
        }
        if let Some(hit) = clicked {
            self.set_selection(Some(hit));
        } else if clicked_empty {
            self.set_selection(None);
        }
    }
}

fn hover_label(loaded: &Loaded, kind: LayerKind, index: usize) -> String {
    let ds = &loaded.dataset;
    let name = loader::feature_labels(ds, kind)
        .into_iter()
        .nth(index)
        .unwrap_or_default();
    let region = match kind {
        LayerKind::Ti2023 => ds
            .territory_at(Generation::Temps2, index)
            .map(|t| t.region.clone()),
        LayerKind::Ti2018 => ds
            .territory_at(Generation::Temps1, index)
            .map(|t| t.region.clone()),
        LayerKind::Departements => ds.tables.departements.get(index).map(|d| d.region.clone()),
        _ => None,
    };
    match region.as_deref().and_then(|r| ds.region_name(r)) {
        Some(r) => format!("{name}\n{r}"),
        None => name,
    }
}

/// The zoom at which a lon/lat box fills the viewport (Web Mercator, 256-pixel tiles).
pub fn zoom_to_fit(bbox: geo::Rect<f64>, viewport: egui::Vec2) -> f64 {
    let merc_y = |lat: f64| {
        let r = lat.to_radians();
        (std::f64::consts::FRAC_PI_4 + r / 2.0).tan().ln()
    };
    let width_frac = (bbox.width() / 360.0).max(1e-9);
    let height_frac =
        ((merc_y(bbox.max().y) - merc_y(bbox.min().y)) / (2.0 * std::f64::consts::PI)).max(1e-9);
    let vw = f64::from(viewport.x.max(100.0)) * 0.9;
    let vh = f64::from(viewport.y.max(100.0)) * 0.9;
    let z = (vw / 256.0 / width_frac)
        .log2()
        .min((vh / 256.0 / height_frac).log2());
    z.clamp(2.0, 16.0)
}

impl eframe::App for AtlasApp {
    fn logic(&mut self, _ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.poll_loading();
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.poll_loading();
        self.restore_imports(ui.ctx());
        self.poll_imports();
        self.update_choropleth();
        self.sync_comparison_colours();
        if !self.basemap.is_online() && self.memory.zoom() > OFFLINE_MAX_ZOOM {
            let _ = self.memory.set_zoom(OFFLINE_MAX_ZOOM);
        }
        let center = self
            .memory
            .detached()
            .unwrap_or(lon_lat(FRANCE_CENTER.0, FRANCE_CENTER.1));
        self.osm_unreachable =
            self.basemap
                .online_unreachable(center, self.memory.zoom(), ui.ctx());
        self.presentation_keys(ui.ctx());
        let before = self.settings.clone();
        if self.presenting {
            self.presentation_ui(ui);
            self.apply_settings_change(&before, ui.ctx());
            self.save_settings_if_changed();
            return;
        }
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("etat").show(ui, |ui| self.status_ui(ui));
        let command = self.side_panel_ui(ui);
        let mut viewport = ui.available_size();
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE.fill(theme::MAP_BACKGROUND))
            .show(ui, |ui| {
                viewport = ui.available_size();
                if self.comparison_window.side_by_side {
                    self.side_by_side_ui(ui);
                } else {
                    self.map_ui(ui);
                }
                self.zoom_buttons_ui(ui);
                if self.osm_unreachable {
                    egui::Area::new(egui::Id::unique("osm-injoignable"))
                        .anchor(Align2::CENTER_TOP, [0.0, 40.0])
                        .show(ui.ctx(), |ui| {
                            egui::Frame::popup(ui.style()).show(ui, |ui| {
                                ui.colored_label(
                                    theme::ERROR_TEXT,
                                    "OpenStreetMap ne répond pas (pas de réseau ?) : seules les tuiles en cache s'affichent.",
                                );
                                if ui.button("Revenir au fond hors ligne").clicked() {
                                    self.settings.online_basemap = false;
                                }
                            });
                        });
                }
                if self.show_layers {
                    egui::Window::new("Couches")
                        .anchor(Align2::LEFT_TOP, [10.0, 40.0])
                        .resizable(false)
                        .collapsible(true)
                        .show(ui.ctx(), |ui| {
                            let indicators = Level::MAPS.map(|level| {
                                self.loaded()
                                    .map(|l| {
                                        l.table(level)
                                            .into_iter()
                                            .flat_map(|t| t.indicators.iter())
                                            .filter(|i| i.unavailable.is_none())
                                            .map(|i| (i.id.clone(), i.label.clone()))
                                            .collect()
                                    })
                                    .unwrap_or_default()
                            });
                            let breaks = self
                                .legend
                                .as_ref()
                                .map(|l| l.classification.breaks.clone());
                            let input = LayersPanelInput {
                                indicators: &indicators,
                                current_breaks: breaks.as_deref(),
                            };
                            layers_ui(ui, &mut self.settings, &mut self.simulation, &input)
                        });
                }
                self.legend_ui(ui.ctx());
                self.table_ui(ui.ctx());
            });
        if self.show_about {
            egui::Window::new("À propos")
                .open(&mut self.show_about)
                .default_width(560.0)
                .show(ui.ctx(), |ui| {
                    let sources = match &self.load {
                        LoadState::Ready(l, _) => Some(l.dataset.tables.sources.as_slice()),
                        _ => None,
                    };
                    ui.label(RichText::new(crate::about::version_line()).strong());
                    ui.label("Territoires d'industrie : programme de l'ANCT et de la DGE.");
                    for section in crate::about::sections(sources, crate::io::assets::assets()) {
                        ui.add_space(4.0);
                        ui.label(RichText::new(section.title).strong());
                        for line in section.lines {
                            ui.small(line);
                        }
                    }
                });
        }
        if let Some(hit) = self.pending_hit.take() {
            self.open_hit(&hit, viewport);
        }
        if let Some((kind, index)) = self.pending_open.take() {
            self.zoom_to(kind, index, viewport);
        }
        match command {
            PanelCommand::None => {}
            PanelCommand::Close => self.set_selection(None),
            PanelCommand::ZoomTo(kind, index) => self.zoom_to(kind, index, viewport),
            PanelCommand::Select(kind, index) => {
                *self.settings.visible_mut(kind) = true;
                self.set_selection(Some((kind, index)));
            }
            PanelCommand::ExportSheet => self.open_export(ExportWhat::Sheet),
        }
        self.apply_settings_change(&before, ui.ctx());
        self.save_settings_if_changed();
        self.import_window_ui(ui.ctx());
        self.attribute_window_ui(ui.ctx(), viewport);
        self.export_window_ui(ui.ctx());
        self.views_ui(ui.ctx());
        self.comparison_ui(ui.ctx());
        self.notices_ui(ui.ctx());
    }

    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        // Settings live in their own file (written atomically); eframe keeps the window only.
        if let Some(saver) = &self.saver {
            saver.save(&self.settings);
        }
    }
}

/// Colours of the model as egui colours.
fn rgb_colours(colours: &[choropleth::Rgb]) -> Vec<egui::Color32> {
    colours.iter().map(|&c| rgb(c)).collect()
}

pub(crate) fn rgb([r, g, b]: choropleth::Rgb) -> egui::Color32 {
    egui::Color32::from_rgb(r, g, b)
}
