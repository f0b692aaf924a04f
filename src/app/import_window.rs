//! The "Importer" window and its file dialogs (on their own thread: they may block).

use super::imports;
use super::{AtlasApp, DialogResult, LoadState};
use crate::io::import::ImportKind;
use crate::ui::import_window::{ImportCommand, import_window_ui};

impl AtlasApp {
    pub(super) fn import_window_ui(&mut self, ctx: &egui::Context) {
        if !self.windows.import.open {
            return;
        }
        let joined = |names: Vec<&str>| (!names.is_empty()).then(|| names.join(", "));
        let loaded_files: Vec<(ImportKind, String)> = [
            (
                ImportKind::Plan,
                self.user
                    .imports
                    .plan
                    .as_ref()
                    .map(|p| p.source_name.clone()),
            ),
            (
                ImportKind::Projects,
                self.user
                    .imports
                    .projects
                    .as_ref()
                    .map(|p| p.source_name.clone()),
            ),
            (
                ImportKind::Layer,
                joined(
                    self.user
                        .layers
                        .iter()
                        .map(|l| l.spec.name.as_str())
                        .collect(),
                ),
            ),
            (
                ImportKind::Table,
                joined(
                    self.user
                        .imports
                        .tables
                        .iter()
                        .map(|t| t.source_name.as_str())
                        .collect(),
                ),
            ),
        ]
        .into_iter()
        .filter_map(|(k, n)| n.map(|n| (k, n)))
        .collect();
        let mut open = true;
        let mut command = ImportCommand::None;
        let state = &mut self.windows.import;
        egui::Window::new("Importer")
            .open(&mut open)
            .default_width(560.0)
            .show(ctx, |ui| {
                command = import_window_ui(ui, state, &loaded_files);
            });
        self.windows.import.open = open;
        match command {
            ImportCommand::None => {}
            ImportCommand::Browse => self.spawn_import_dialog(ctx, None),
            ImportCommand::SaveReport => {
                let csv = self
                    .windows
                    .import
                    .report
                    .as_ref()
                    .map(crate::io::import::ImportReport::problems_csv);
                self.spawn_import_dialog(ctx, csv);
            }
            ImportCommand::Import { path, kind, sheet } => {
                self.start_import(imports::ImportedFile { path, kind, sheet }, false, ctx);
            }
            ImportCommand::Remove(kind) => {
                if let LoadState::Ready(loaded, _) = &mut self.load {
                    imports::remove(loaded, &mut self.user.imports, kind);
                    if kind == ImportKind::Layer {
                        loaded.meshes.user.clear();
                    }
                }
                self.settings.imported_files.retain(|f| f.kind != kind);
                if kind == ImportKind::Layer {
                    self.user.layers.clear();
                    self.windows.attributes = None;
                }
                self.map.thematic.applied = None;
                self.refresh_project_points();
            }
        }
    }

    /// A file dialog on its own thread (it may block): open a table, or save `csv`.
    fn spawn_import_dialog(&mut self, ctx: &egui::Context, csv: Option<String>) {
        if self.jobs.import_dialog.is_some() {
            return;
        }
        let spawned = super::jobs::spawn_job("dialogue-fichier", ctx, move || match csv {
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
            Ok(rx) => self.jobs.import_dialog = Some(rx),
            Err(e) => self.notices.push(format!(
                "Dialogue de fichier impossible : {e} ; saisissez le chemin."
            )),
        }
    }
}
