//! Exports from the app: what the export window asks for is built from the screen's state
//! (view, layers, classes and colours) and written by the export code on a named thread.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use walkers::lon_lat;

use super::{AtlasApp, FRANCE_CENTER};
use crate::export::sheet::{SheetInput, region_pdf, territory_pdf};
use crate::export::{BasemapChoice, ExtraLayer, Format, MapExport, View, map_bytes, write_file};
use crate::format::today_fr;
use crate::model::choropleth::compute;
use crate::model::imports::Imports;
use crate::model::indicators::IndicatorTable;
use crate::model::reference::ReferenceTable;
use crate::model::{Dataset, Generation, LayerKind};
use crate::ui::export_window::{
    ExportCommand, ExportContext, ExportWhat, MapFormat, export_window_ui,
};

/// A file to write, with everything it needs (owned: it goes to another thread).
pub enum ExportJob {
    Map(Box<MapExport>, Format),
    Sheet { id: String, data: Box<SheetData> },
    Region { code: String, data: Box<SheetData> },
    Text(String),
}

/// What sheets are made from.
pub struct SheetData {
    pub dataset: Arc<Dataset>,
    pub table: IndicatorTable,
    pub references: ReferenceTable,
    pub imports: Imports,
}

/// Writes the file on a named thread; the outcome arrives on the receiver.
pub fn spawn_export(
    job: ExportJob,
    path: PathBuf,
    dataset: Arc<Dataset>,
    ctx: egui::Context,
) -> Result<Receiver<Result<PathBuf, String>>, String> {
    super::jobs::spawn_job("export", &ctx, move || {
        let date = today_fr();
        let sheet = |data: &SheetData,
                         f: &dyn Fn(
                &SheetInput<'_>,
            ) -> Result<Vec<u8>, crate::export::ExportError>| {
                f(&SheetInput {
                    dataset: &data.dataset,
                    table: &data.table,
                    references: &data.references,
                    imports: &data.imports,
                    date: &date,
                })
            };
        let bytes = match &job {
            ExportJob::Map(spec, format) => map_bytes(&dataset, spec, *format),
            ExportJob::Sheet { id, data } => sheet(data, &|i| territory_pdf(i, id)),
            ExportJob::Region { code, data } => sheet(data, &|i| region_pdf(i, code)),
            ExportJob::Text(text) => Ok(text.clone().into_bytes()),
        };
        bytes
            .and_then(|b| write_file(&path, &b))
            .map(|()| path)
            .map_err(|e| e.to_string())
    })
    .map_err(|e| format!("export impossible : {e}"))
}

impl AtlasApp {
    /// The selected 2023-2027 territory: (id, name, région code, région name).
    fn export_territory(&self) -> Option<(String, String, String, String)> {
        let (kind, index) = self.selection?;
        if kind != LayerKind::Ti2023 {
            return None;
        }
        let ds = &self.loaded()?.dataset;
        let t = ds.territory_at(Generation::Temps2, index)?;
        let region = ds.region_name(&t.region).unwrap_or("").to_owned();
        Some((t.id.clone(), t.name.clone(), t.region.clone(), region))
    }

    /// The map on screen as an export: same view, layers, classes and colours.
    pub fn map_export(&self, width: f64, height: f64, title: &str, basemap: bool) -> MapExport {
        let mut spec = MapExport::new(width, height, title, &today_fr());
        let centre = self
            .memory
            .detached()
            .unwrap_or(lon_lat(FRANCE_CENTER.0, FRANCE_CENTER.1));
        spec.view = View::Centred {
            lonlat: (centre.x(), centre.y()),
            zoom: self.memory.zoom(),
            screen_width: self.last_map_rect.map_or(1000.0, |r| f64::from(r.width())),
        };
        spec.labels = self.settings.show_labels;
        spec.layers = LayerKind::ALL
            .into_iter()
            .filter(|&k| self.settings.visible(k))
            .collect();
        spec.basemap = if basemap {
            BasemapChoice::Vector
        } else {
            BasemapChoice::None
        };
        spec.points = if self.settings.show_projects {
            self.project_points.clone()
        } else {
            Vec::new()
        };
        spec.extra_layers = self
            .user_layers
            .iter()
            .map(|l| ExtraLayer {
                name: l.name.clone(),
                polygons: l.shapes.clone(),
            })
            .collect();
        // The choropleth as drawn, without the colour-vision preview.
        if let (Some(Ok(Some(s))), Some(loaded)) = (&self.applied_choropleth, self.loaded())
            && let Some(table) = loaded.table(s.level)
        {
            let plain = crate::model::choropleth::Spec {
                simulation: None,
                ..s.clone()
            };
            if let Ok((fills, legend)) = compute(&loaded.dataset, table, &plain) {
                if title.is_empty() {
                    spec.title = legend.title.clone();
                }
                spec.subtitle = Some(format!(
                    "Territoires d'industrie 2023-2027 — maille : {}",
                    s.level.label_fr()
                ));
                spec.choropleth = Some((s.level, fills, legend));
            }
        }
        if spec.title.is_empty() {
            spec.title = "Territoires d'industrie 2023-2027".into();
        }
        spec
    }

    /// The table of values as shown (sorted, filtered) as CSV for Excel.
    pub fn table_csv(&mut self) -> Option<String> {
        self.table_rows.level?;
        let order = self
            .table
            .order(&self.table_rows.rows, self.table_rows.generation)
            .to_vec();
        let sources = self
            .legend
            .as_ref()
            .map(crate::model::choropleth::Legend::sources_text)
            .unwrap_or_default();
        Some(crate::model::value_table::to_csv(
            &self.table_rows.rows,
            &order,
            &self.table_rows.unit,
            &sources,
        ))
    }

    fn sheet_data(&self) -> Option<Box<SheetData>> {
        let loaded = self.loaded()?;
        Some(Box::new(SheetData {
            dataset: Arc::clone(&loaded.dataset),
            table: loaded.tables.first()?.clone(),
            references: loaded.indexes.as_ref()?.references.clone(),
            imports: self.imports.clone(),
        }))
    }

    /// Starts the export the window asks for.
    pub fn start_export(&mut self, ctx: &egui::Context) {
        let state = &self.export_window;
        let path = PathBuf::from(state.path.trim());
        let job = match state.what {
            ExportWhat::Map => {
                let (w, h, format) = match state.format {
                    MapFormat::Png => (
                        f64::from(state.width_px),
                        f64::from(state.height_px),
                        Format::Png {
                            dpi: state.dpi as f32,
                        },
                    ),
                    MapFormat::Svg => (
                        f64::from(state.width_px),
                        f64::from(state.height_px),
                        Format::Svg,
                    ),
                    MapFormat::Pdf => {
                        let (w, h) = state.paper.size_pt();
                        (w, h, Format::Pdf)
                    }
                };
                let title = state.title.trim().to_owned();
                let basemap = state.basemap;
                Some(ExportJob::Map(
                    Box::new(self.map_export(w, h, &title, basemap)),
                    format,
                ))
            }
            ExportWhat::Sheet => match (self.export_territory(), self.sheet_data()) {
                (Some((id, ..)), Some(data)) => Some(ExportJob::Sheet { id, data }),
                _ => None,
            },
            ExportWhat::Region => match (self.export_territory(), self.sheet_data()) {
                (Some((_, _, code, _)), Some(data)) => Some(ExportJob::Region { code, data }),
                _ => None,
            },
            ExportWhat::Table => self.table_csv().map(ExportJob::Text),
            ExportWhat::Comparison => self.loaded().map(|l| {
                let comparison = self
                    .comparison
                    .clone()
                    .unwrap_or_else(|| crate::model::generations::compare(&l.dataset));
                ExportJob::Text(crate::cli::compare::to_csv(&l.dataset, &comparison))
            }),
        };
        let (Some(job), Some(loaded)) = (job, self.loaded()) else {
            self.export_window.outcome = Some(Err(
                "rien à exporter : choisissez un territoire (fiche) ou un indicateur (tableau), ou attendez la fin du chargement"
                    .into(),
            ));
            return;
        };
        let dataset = Arc::clone(&loaded.dataset);
        match spawn_export(job, path, dataset, ctx.clone()) {
            Ok(rx) => {
                self.export_job = Some(rx);
                self.export_window.busy = true;
                self.export_window.outcome = None;
            }
            Err(e) => self.export_window.outcome = Some(Err(e)),
        }
    }

    /// Whether an export is being written.
    pub fn exporting(&self) -> bool {
        self.export_job.is_some()
    }

    pub fn export_window_mut(&mut self) -> &mut crate::ui::export_window::ExportWindowState {
        &mut self.export_window
    }

    pub fn export_outcome(&self) -> Option<&Result<PathBuf, String>> {
        self.export_window.outcome.as_ref()
    }

    /// Takes a finished export and a chosen file name.
    fn poll_exports(&mut self) {
        if let Some(rx) = &self.export_job {
            match rx.try_recv() {
                Ok(outcome) => {
                    self.export_window.outcome = Some(outcome);
                    self.export_window.busy = false;
                    self.export_job = None;
                }
                Err(TryRecvError::Disconnected) => {
                    self.export_window.outcome = Some(Err("l'export s'est interrompu".into()));
                    self.export_window.busy = false;
                    self.export_job = None;
                }
                Err(TryRecvError::Empty) => {}
            }
        }
        if let Some(rx) = &self.export_dialog {
            match rx.try_recv() {
                Ok(path) => {
                    if let Some(path) = path {
                        self.export_window.path = path.display().to_string();
                    }
                    self.export_dialog = None;
                }
                Err(TryRecvError::Disconnected) => self.export_dialog = None,
                Err(TryRecvError::Empty) => {}
            }
        }
    }

    pub(super) fn export_window_ui(&mut self, ctx: &egui::Context) {
        self.poll_exports();
        if !self.export_window.open {
            return;
        }
        let territory = self.export_territory();
        let default_title = self
            .legend
            .as_ref()
            .map_or("Territoires d'industrie 2023-2027".to_owned(), |l| {
                l.title.clone()
            });
        let context = ExportContext {
            territory: territory.as_ref().map(|t| (t.0.as_str(), t.1.as_str())),
            region: territory.as_ref().map(|t| (t.2.as_str(), t.3.as_str())),
            has_indicator: self.legend.is_some(),
            default_title: &default_title,
        };
        let mut open = true;
        let mut command = ExportCommand::None;
        egui::Window::new("Exporter")
            .open(&mut open)
            .default_width(560.0)
            .show(ctx, |ui| {
                command = export_window_ui(ui, &mut self.export_window, &context);
            });
        self.export_window.open = open;
        match command {
            ExportCommand::None => {}
            ExportCommand::Export => self.start_export(ctx),
            ExportCommand::Browse => self.spawn_save_dialog(ctx),
        }
    }

    /// The system "save as" dialog on its own thread (it may block).
    fn spawn_save_dialog(&mut self, ctx: &egui::Context) {
        if self.export_dialog.is_some() {
            return;
        }
        let current = PathBuf::from(self.export_window.path.trim());
        let spawned = super::jobs::spawn_job("dialogue-export", ctx, move || {
            let mut dialog = rfd::FileDialog::new().set_title("Exporter vers…");
            if let Some(dir) = current.parent() {
                dialog = dialog.set_directory(dir);
            }
            if let Some(name) = current.file_name() {
                dialog = dialog.set_file_name(name.to_string_lossy());
            }
            dialog.save_file()
        });
        match spawned {
            Ok(rx) => self.export_dialog = Some(rx),
            Err(e) => self.notices.push(format!(
                "Dialogue de fichier impossible : {e} ; saisissez le chemin."
            )),
        }
    }

    /// Opens the export window on a choice (from the sheet's and the table's buttons).
    pub fn open_export(&mut self, what: ExportWhat) {
        self.export_window.open = true;
        self.export_window.what = what;
        self.export_window.path.clear();
    }
}
