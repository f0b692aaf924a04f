//! The export pane, a tab of the bottom dock: what it asks for is built from the screen's state
//! (view, layers, classes and colours) and written by the export code on a named thread.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use super::super::command::Command;
use super::super::context::{Commands, PaneContext};
use super::super::file_chooser::FilePurpose;
use super::screen_export::{export_basemap, map_export, screen_view};
use crate::carto::{MapScene, MapSpec};
use crate::export::sheet::{region_pdf, territory_pdf};
use crate::export::{Format, MapExport, map_bytes, write_file};
use crate::format::today_fr;
use crate::model::imports::Imports;
use crate::model::indicators::IndicatorTable;
use crate::model::indicators::reference::ReferenceTable;
use crate::model::{Dataset, Generation, TerritoryId};
use crate::sheet::SheetInputs;
use crate::ui::export_window::{
    ExportCommand, ExportContext, ExportWhat, ExportWindowState, MapFormat, export_window_ui,
};

/// A file to write, with everything it needs (owned: it goes to another thread).
pub enum ExportJob {
    Map(Box<MapExport>, Box<MapScene>, Format),
    /// The small multiples as the screen shows them.
    Panels(
        Box<crate::export::panels_export::PanelsExport>,
        Box<MapScene>,
        Format,
    ),
    Sheet {
        id: TerritoryId,
        data: Box<SheetData>,
    },
    Region {
        code: String,
        data: Box<SheetData>,
    },
    Text(String),
    /// The map's maille as a layer for a GIS, with the map's indicator (its table at the
    /// maille and its classes) when one colours the map.
    Layer(Box<LayerJob>),
}

/// A layer for a GIS: the map's maille with the map's indicator (its table at the maille and
/// its classes) or typology when one colours the map, or the communes; all units or the selected
/// territory's.
pub struct LayerJob {
    kind: crate::model::LayerKind,
    indicator: Option<(
        IndicatorTable,
        crate::carto::Choropleth,
        crate::model::IndicatorId,
    )>,
    /// The typology colouring the map: its map and id.
    typology: Option<(crate::carto::Choropleth, String)>,
    communes: bool,
    territory: Option<TerritoryId>,
    format: crate::export::layer::LayerFormat,
    crs: crate::export::layer::OutputCrs,
}

/// What a sheet export owns to go to its thread: the data [`SheetInputs`] borrows.
pub struct SheetData {
    dataset: Arc<Dataset>,
    table: IndicatorTable,
    references: ReferenceTable,
    imports: Imports,
    /// The grid of the "Dynamiques" block.
    bivariate: Option<Arc<crate::model::indicators::bivariate::Bivariate>>,
    /// The typology the map shows (each territory's type is a fact of its sheet).
    typology: Option<crate::sheet::SheetTypology>,
}

impl SheetData {
    /// The one sheet input, borrowed from what the job owns.
    fn inputs<'a>(&'a self, date: &'a str) -> SheetInputs<'a> {
        SheetInputs {
            dataset: &self.dataset,
            table: Some(&self.table),
            references: Some(&self.references),
            imports: &self.imports,
            bivariate: self.bivariate.as_deref(),
            date,
            typology: self.typology.as_ref(),
        }
    }
}

/// Writes the file on a named thread; the outcome arrives on the receiver.
pub fn spawn_export(
    job: ExportJob,
    path: PathBuf,
    dataset: Arc<Dataset>,
    ctx: egui::Context,
) -> Result<Receiver<Result<PathBuf, String>>, String> {
    super::super::jobs::spawn_job("export", &ctx, move || {
        let date = today_fr();
        let bytes = match &job {
            ExportJob::Map(spec, scene, format) => map_bytes(&dataset, scene, spec, *format),
            ExportJob::Panels(export, scene, format) => {
                crate::export::panels_export::panels_bytes(&dataset, scene, export, *format)
            }
            ExportJob::Sheet { id, data } => territory_pdf(&data.inputs(&date), id),
            ExportJob::Region { code, data } => region_pdf(&data.inputs(&date), code),
            ExportJob::Text(text) => Ok(text.clone().into_bytes()),
            ExportJob::Layer(job) => {
                // Several files (a shapefile's parts, the styles): written here, each checked
                // first, then atomically.
                return write_layer(&dataset, job, &path).map(|()| path);
            }
        };
        bytes
            .and_then(|b| write_file(&path, &b))
            .map(|()| path)
            .map_err(|e| e.to_string())
    })
    .map_err(|e| format!("export impossible : {e}"))
}

/// Writes the layer export's files.
fn write_layer(dataset: &Dataset, job: &LayerJob, path: &std::path::Path) -> Result<(), String> {
    use crate::export::layer::{
        IndicatorColumn, TypologyColumn, features_of_territory, layer_files, layer_table_with,
        write_layer_files,
    };
    let mut table = if job.communes {
        let contours = crate::io::commune_contours::embedded()
            .map_err(|e| crate::io::error_fr::chain_fr(&e))?;
        crate::export::layer::communes::communes_table(dataset, contours, job.territory.as_ref())?
    } else {
        let only = job
            .territory
            .as_ref()
            .map(|t| features_of_territory(dataset, job.kind, t))
            .transpose()?;
        let columns: Vec<IndicatorColumn<'_>> = job
            .indicator
            .as_ref()
            .map(|(table, choropleth, id)| IndicatorColumn {
                table,
                choropleth,
                indicator: id.clone(),
            })
            .into_iter()
            .collect();
        let typology = job
            .typology
            .as_ref()
            .map(|(choropleth, id)| TypologyColumn {
                choropleth,
                id: id.clone(),
            });
        layer_table_with(
            dataset,
            job.kind,
            only.as_deref(),
            &columns,
            typology.as_ref(),
        )?
    };
    // An overseas system: only the units of its area (the others would be far off and
    // distorted in it).
    let before = table.features.len();
    job.crs.keep_in_area(&mut table);
    if table.features.is_empty() {
        return Err(match job.crs.overseas_area() {
            Some((place, _)) => format!(
                "{} : aucun des {before} objet(s) de la couche n'est dans {place} : rien n'a été \
                 écrit",
                job.crs.label()
            ),
            None => "aucun objet à écrire : rien n'a été écrit".into(),
        });
    }
    let files = layer_files(&table, job.format, job.crs, path)?;
    write_layer_files(&files).map_err(|e| e.to_string())
}

/// The export tab's state and the file being written.
#[derive(Default)]
pub struct ExportsPane {
    pub window: ExportWindowState,
    /// The Mise en page window (the page of the map export).
    pub page: super::page::PagePane,
    job: Option<Receiver<Result<PathBuf, String>>>,
}

/// The selected 2023-2027 territory: (id, name, région code, région name).
fn export_territory(cx: &PaneContext<'_>) -> Option<(TerritoryId, String, String, String)> {
    let t = cx
        .selected_territory()
        .filter(|t| t.generation == Generation::Temps2)?;
    let ds = &cx.loaded?.dataset;
    let region = ds.region_name(&t.region).unwrap_or("").to_owned();
    Some((t.id.clone(), t.name.clone(), t.region.clone(), region))
}

/// The small multiples on screen as an export: the same maps, classes and view, the screen's
/// layers and basemap.
fn panels_export(
    cx: &PaneContext<'_>,
    panels: &crate::carto::panels::PanelsMap,
    screen: &MapSpec,
    width: f64,
    height: f64,
    title: &str,
    basemap: bool,
) -> crate::export::panels_export::PanelsExport {
    let mut panels = panels.clone();
    for p in &mut panels.panels {
        p.spec.basemap = export_basemap(basemap);
        p.spec.user_layers = screen.user_layers.clone();
        p.spec.labels = screen.labels;
    }
    let view = screen_view(cx);
    let title = (!title.is_empty()).then_some(title);
    crate::export::panels_export::PanelsExport::of_map(
        width,
        height,
        view,
        panels,
        title,
        &today_fr(),
    )
}

/// The layer export of the map's maille, with the map's indicator when one colours it (not a
/// bivariate map: its classes are not one indicator's) or its typology; or the communes.
fn layer_job(cx: &PaneContext<'_>, state: &ExportWindowState) -> Option<ExportJob> {
    use crate::export::layer::{LayerFormat, OutputCrs};
    use crate::ui::export_window::{LayerCrsChoice, LayerFormatChoice};
    let loaded = cx.loaded?;
    let map = &cx.settings.map;
    let kind = map.maille.layer();
    let shown = cx.thematic.built.choropleth();
    let (indicator, typology) = if state.layer_communes || map.bivariate.on {
        (None, None)
    } else if let Some(choice) = &map.typology {
        (None, shown.map(|c| (c.clone(), choice.id.clone())))
    } else {
        let indicator = map.indicator.as_ref().and_then(|id| {
            loaded
                .table(map.maille)
                .zip(shown)
                .map(|(table, choropleth)| (table.clone(), choropleth.clone(), id.clone()))
        });
        (indicator, None)
    };
    // The file's extension decides when the user typed one (as the command line does).
    let chosen = match state.layer_format {
        LayerFormatChoice::GeoPackage => LayerFormat::GeoPackage,
        LayerFormatChoice::GeoJson => LayerFormat::GeoJson,
        LayerFormatChoice::Shapefile => LayerFormat::Shapefile,
    };
    let format = LayerFormat::from_path(std::path::Path::new(state.path.trim())).unwrap_or(chosen);
    let crs = match state.layer_crs {
        LayerCrsChoice::Wgs84 => OutputCrs::Wgs84,
        LayerCrsChoice::Lambert93 => OutputCrs::Lambert93,
        LayerCrsChoice::Antilles => OutputCrs::Antilles,
        LayerCrsChoice::Guyane => OutputCrs::Guyane,
        LayerCrsChoice::Reunion => OutputCrs::Reunion,
        LayerCrsChoice::Mayotte => OutputCrs::Mayotte,
    };
    let territory = state
        .layer_only_territory
        .then(|| export_territory(cx).map(|(id, ..)| id))
        .flatten();
    // A typology draws at its own maille.
    let kind = typology.as_ref().map_or(kind, |(c, _)| c.level.layer());
    Some(ExportJob::Layer(Box::new(LayerJob {
        kind,
        indicator,
        typology,
        communes: state.layer_communes,
        territory,
        format,
        crs,
    })))
}

fn sheet_data(cx: &PaneContext<'_>) -> Option<Box<SheetData>> {
    let loaded = cx.loaded?;
    Some(Box::new(SheetData {
        dataset: Arc::clone(&loaded.dataset),
        table: loaded.tables.first()?.clone(),
        references: loaded.indexes.as_ref()?.references.clone(),
        imports: cx.user.imports.clone(),
        bivariate: cx.sheet_grid.cloned(),
        typology: cx.shown_typology().and_then(|choice| {
            super::sheet_cache::sheet_typology(loaded, &cx.user.imports, choice)
        }),
    }))
}

impl ExportsPane {
    /// Whether an export is being written.
    pub fn exporting(&self) -> bool {
        self.job.is_some()
    }

    pub fn outcome(&self) -> Option<&Result<PathBuf, String>> {
        self.window.outcome.as_ref()
    }

    /// Opens on a choice (from the menu, the sheet's and the table's buttons).
    pub fn open(&mut self, what: ExportWhat) {
        self.window.what = what;
        self.window.path.clear();
    }

    /// The path field, filled by a file chooser.
    pub fn set_path(&mut self, path: &std::path::Path) {
        self.window.path = path.display().to_string();
    }

    /// The title the user typed (none: the map's default title).
    pub fn typed_title(&self) -> Option<String> {
        let t = self.window.title.trim();
        (!t.is_empty()).then(|| t.to_owned())
    }

    /// The title a project brings.
    pub fn set_title(&mut self, title: Option<String>) {
        self.window.title = title.unwrap_or_default();
    }

    /// Takes a finished export.
    pub fn poll(&mut self) {
        let Some(rx) = &self.job else {
            return;
        };
        let outcome = match rx.try_recv() {
            Ok(outcome) => outcome,
            Err(TryRecvError::Disconnected) => Err("l'export s'est interrompu".into()),
            Err(TryRecvError::Empty) => return,
        };
        self.window.outcome = Some(outcome);
        self.window.busy = false;
        self.job = None;
    }

    /// Starts the export the tab asks for: `map` is the map for an export (see
    /// [`map_export`]), `table_csv` the table of values as shown.
    pub fn start(
        &mut self,
        cx: &PaneContext<'_>,
        map: impl FnOnce() -> MapSpec,
        table_csv: impl FnOnce() -> Option<String>,
        ctx: &egui::Context,
    ) {
        let state = &self.window;
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
                let scene = cx.loaded.map(|l| Box::new(l.scene.clone()));
                // Small multiples on screen: the same maps on the page.
                let screen = map();
                let panels = cx
                    .thematic
                    .panels_map()
                    .map(|p| panels_export(cx, p, &screen, w, h, &title, basemap));
                scene.map(|scene| match panels {
                    Some(export) => ExportJob::Panels(Box::new(export), scene, format),
                    None => ExportJob::Map(
                        Box::new(map_export(cx, screen, w, h, &title, basemap)),
                        scene,
                        format,
                    ),
                })
            }
            ExportWhat::Sheet => match (export_territory(cx), sheet_data(cx)) {
                (Some((id, ..)), Some(data)) => Some(ExportJob::Sheet { id, data }),
                _ => None,
            },
            ExportWhat::Region => match (export_territory(cx), sheet_data(cx)) {
                (Some((_, _, code, _)), Some(data)) => Some(ExportJob::Region { code, data }),
                _ => None,
            },
            ExportWhat::Table => table_csv().map(ExportJob::Text),
            ExportWhat::Layer => layer_job(cx, state),
            ExportWhat::Comparison => cx.loaded.map(|l| {
                let comparison = cx
                    .comparison
                    .cloned()
                    .unwrap_or_else(|| crate::model::geography::generations::compare(&l.dataset));
                ExportJob::Text(crate::model::geography::comparison_text::to_csv(
                    &l.dataset,
                    &comparison,
                ))
            }),
        };
        let (Some(job), Some(loaded)) = (job, cx.loaded) else {
            self.window.outcome = Some(Err(
                "rien à exporter : choisissez un territoire (fiche) ou un indicateur (tableau), ou attendez la fin du chargement"
                    .into(),
            ));
            return;
        };
        let dataset = Arc::clone(&loaded.dataset);
        match spawn_export(job, path, dataset, ctx.clone()) {
            Ok(rx) => {
                self.job = Some(rx);
                self.window.busy = true;
                self.window.outcome = None;
            }
            Err(e) => self.window.outcome = Some(Err(e)),
        }
    }

    /// The export tab of the bottom dock (the map stays in view while choosing).
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &PaneContext<'_>, commands: &mut Commands) {
        let territory = export_territory(cx);
        let default_title = cx
            .legend()
            .map_or("Territoires d'industrie 2023-2027".to_owned(), |l| {
                l.title.clone()
            });
        let default_title = cx.bivariate.map_or(default_title, |b| b.legend.title());
        let context = ExportContext {
            territory: territory.as_ref().map(|t| (t.0.as_str(), t.1.as_str())),
            region: territory.as_ref().map(|t| (t.2.as_str(), t.3.as_str())),
            has_indicator: cx.legend().is_some(),
            default_title: &default_title,
            layer_name: &cx.settings.map.maille.layer().id().replace('-', "_"),
        };
        match export_window_ui(ui, &mut self.window, &context) {
            ExportCommand::None => {}
            ExportCommand::Export => commands.push(Command::StartExport),
            ExportCommand::Browse => commands.push(Command::ChooseFile(FilePurpose::Export)),
        }
        if self.window.what == crate::ui::export_window::ExportWhat::Map
            && ui
                .button("Mise en page…")
                .on_hover_text(
                    "La page telle qu'elle sera écrite : déplacer la légende, le titre, ajouter \
                     textes, flèches, logos…",
                )
                .clicked()
        {
            self.page.open = true;
        }
    }

    /// The Mise en page window (each frame: it also takes the finished previews).
    pub fn page_ui(
        &mut self,
        ctx: &egui::Context,
        cx: &PaneContext<'_>,
        map: impl FnOnce() -> MapSpec,
        commands: &mut Commands,
    ) {
        self.page.ui(ctx, cx, &mut self.window, map, commands);
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::World;
    use super::*;

    #[test]
    fn opening_on_a_choice_clears_the_path_and_nothing_to_export_says_what_to_choose() {
        let world = World::default();
        let mut pane = ExportsPane::default();
        pane.window.path = "/tmp/ancien.pdf".into();
        pane.open(ExportWhat::Sheet);
        assert_eq!(pane.window.what, ExportWhat::Sheet);
        assert!(pane.window.path.is_empty());
        // A sheet without a selected territory: nothing is written, the tab says why.
        let ctx = egui::Context::default();
        pane.start(&world.cx(), MapSpec::default, || None, &ctx);
        assert!(!pane.exporting());
        let outcome = pane.outcome().expect("an outcome");
        assert!(
            outcome
                .as_ref()
                .is_err_and(|e| e.starts_with("rien à exporter"))
        );
    }

    #[test]
    fn the_comparison_is_written_on_a_thread_and_its_outcome_taken() {
        let world = World::default();
        let dir = std::env::temp_dir().join(format!("ti-atlas-export-pane-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("temps.csv");
        let mut pane = ExportsPane::default();
        pane.open(ExportWhat::Comparison);
        pane.set_path(&path);
        pane.start(
            &world.cx(),
            MapSpec::default,
            || None,
            &egui::Context::default(),
        );
        assert!(pane.exporting() && pane.window.busy);
        while pane.exporting() {
            std::thread::sleep(std::time::Duration::from_millis(10));
            pane.poll();
        }
        assert!(!pane.window.busy);
        assert_eq!(pane.outcome(), Some(&Ok(path.clone())));
        let text = std::fs::read_to_string(&path).expect("written");
        assert!(text.lines().count() > 100, "a line per territory");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
