//! Exports from the app: what the export window asks for is built from the screen's state
//! (view, layers, classes and colours) and written by the export code on a named thread.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use super::AtlasApp;
use crate::carto::{Basemap, MapScene};
use crate::export::sheet::{SheetInput, region_pdf, territory_pdf};
use crate::export::{Format, MapExport, View, map_bytes, write_file};
use crate::format::today_fr;
use crate::model::imports::Imports;
use crate::model::indicators::IndicatorTable;
use crate::model::indicators::reference::ReferenceTable;
use crate::model::{Dataset, Generation, TerritoryId};
use crate::ui::export_window::{
    ExportCommand, ExportContext, ExportWhat, MapFormat, export_window_ui,
};

/// A file to write, with everything it needs (owned: it goes to another thread).
pub enum ExportJob {
    Map(Box<MapExport>, Box<MapScene>, Format),
    Sheet {
        id: TerritoryId,
        data: Box<SheetData>,
    },
    Region {
        code: String,
        data: Box<SheetData>,
    },
    Text(String),
}

/// What sheets are made from.
pub struct SheetData {
    pub dataset: Arc<Dataset>,
    pub table: IndicatorTable,
    pub references: ReferenceTable,
    pub imports: Imports,
    /// The grid of the "Dynamiques" block.
    pub bivariate: Option<Arc<crate::model::indicators::bivariate::Bivariate>>,
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
                    bivariate: data.bivariate.as_deref(),
                })
            };
        let bytes = match &job {
            ExportJob::Map(spec, scene, format) => map_bytes(&dataset, scene, spec, *format),
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
    fn export_territory(&self) -> Option<(TerritoryId, String, String, String)> {
        let t = self
            .selected_territory()
            .filter(|t| t.generation == Generation::Temps2)?;
        let ds = &self.loaded()?.dataset;
        let region = ds.region_name(&t.region).unwrap_or("").to_owned();
        Some((t.id.clone(), t.name.clone(), t.region.clone(), region))
    }

    /// The map on screen as an export: same view, layers, classes and colours (the screen's
    /// composition, scaled to the export's size).
    pub fn map_export(&self, width: f64, height: f64, title: &str, basemap: bool) -> MapExport {
        let mut map = self.map_spec_for_export();
        map.basemap = if basemap {
            Basemap::Offline
        } else {
            Basemap::None
        };
        // A France-scale view exports as France entière (the page lays out its insets); any
        // other view as drawn.
        let view = match self.map.output.view {
            Some(v) => View::Screen(v),
            None => View::France,
        };
        MapExport::of_map(width, height, view, map, Some(title), &today_fr())
    }

    /// The table of values as shown (sorted, filtered) as CSV for Excel.
    pub fn table_csv(&mut self) -> Option<String> {
        let rows = &self.windows.table_rows;
        rows.level?;
        let order = self
            .windows
            .table
            .order(&rows.rows, rows.generation)
            .to_vec();
        let sources = self
            .legend()
            .map(crate::model::indicators::choropleth::Legend::sources_text)
            .unwrap_or_default();
        Some(crate::model::indicators::value_table::to_csv(
            &rows.rows, &order, &rows.unit, &sources,
        ))
    }

    fn sheet_data(&self) -> Option<Box<SheetData>> {
        let loaded = self.loaded()?;
        Some(Box::new(SheetData {
            dataset: Arc::clone(&loaded.dataset),
            table: loaded.tables.first()?.clone(),
            references: loaded.indexes.as_ref()?.references.clone(),
            imports: self.user.imports.clone(),
            bivariate: self.map.bivariate.grid.clone(),
        }))
    }

    /// Starts the export the window asks for.
    pub fn start_export(&mut self, ctx: &egui::Context) {
        let state = &self.windows.export;
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
                let scene = self.loaded().map(|l| Box::new(l.scene.clone()));
                scene.map(|scene| {
                    ExportJob::Map(
                        Box::new(self.map_export(w, h, &title, basemap)),
                        scene,
                        format,
                    )
                })
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
                    .unwrap_or_else(|| crate::model::geography::generations::compare(&l.dataset));
                ExportJob::Text(crate::model::geography::comparison_text::to_csv(
                    &l.dataset,
                    &comparison,
                ))
            }),
        };
        let (Some(job), Some(loaded)) = (job, self.loaded()) else {
            self.windows.export.outcome = Some(Err(
                "rien à exporter : choisissez un territoire (fiche) ou un indicateur (tableau), ou attendez la fin du chargement"
                    .into(),
            ));
            return;
        };
        let dataset = Arc::clone(&loaded.dataset);
        match spawn_export(job, path, dataset, ctx.clone()) {
            Ok(rx) => {
                self.jobs.export = Some(rx);
                self.windows.export.busy = true;
                self.windows.export.outcome = None;
            }
            Err(e) => self.windows.export.outcome = Some(Err(e)),
        }
    }

    /// The export tab of the bottom dock (the map stays in view while choosing).
    pub(super) fn export_tab_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = &ui.ctx().clone();
        let territory = self.export_territory();
        let default_title = self
            .legend()
            .map_or("Territoires d'industrie 2023-2027".to_owned(), |l| {
                l.title.clone()
            });
        let default_title = self.bivariate().map_or(default_title, |b| b.legend.title());
        let context = ExportContext {
            territory: territory.as_ref().map(|t| (t.0.as_str(), t.1.as_str())),
            region: territory.as_ref().map(|t| (t.2.as_str(), t.3.as_str())),
            has_indicator: self.legend().is_some(),
            default_title: &default_title,
        };
        let command = export_window_ui(ui, &mut self.windows.export, &context);
        match command {
            ExportCommand::None => {}
            ExportCommand::Export => self.start_export(ctx),
            ExportCommand::Browse => {
                self.choose_file(super::file_chooser::FilePurpose::Export, ctx)
            }
        }
    }

    /// Opens the export tab on a choice (from the menu, the sheet's and the table's buttons).
    pub fn open_export(&mut self, what: ExportWhat) {
        self.settings.layout.open(super::layout::DockTab::Export);
        self.windows.export.what = what;
        self.windows.export.path.clear();
    }
}
