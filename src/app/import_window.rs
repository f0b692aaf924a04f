//! The import tab of the bottom dock: a file typed or chosen, the report, the files in use.

use super::command::Command;
use super::file_chooser::FilePurpose;
use super::imports;
use super::{AtlasApp, LoadState};
use crate::io::import::ImportKind;
use crate::ui::import_window::{ImportCommand, import_window_ui};

impl AtlasApp {
    pub(super) fn import_tab_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = &ui.ctx().clone();
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
        let state = &mut self.windows.import;
        let command = import_window_ui(
            ui,
            state,
            &loaded_files,
            &self.user.absent,
            &crate::io::assets::plan_template_hint(),
        );
        match command {
            ImportCommand::None => {}
            ImportCommand::Browse => self.commands.push(Command::ChooseFile(FilePurpose::Import)),
            ImportCommand::SaveReport => {
                if let Some(csv) = self
                    .windows
                    .import
                    .report
                    .as_ref()
                    .map(crate::io::import::ImportReport::problems_csv)
                {
                    self.commands.push(Command::ChooseFile(FilePurpose::Save {
                        title: "Enregistrer le rapport d'import",
                        file_name: "rapport-import.csv".into(),
                        bytes: csv.into_bytes(),
                    }));
                }
            }
            ImportCommand::Import { path, kind, sheet } => {
                self.start_import(imports::ImportedFile { path, kind, sheet }, false, ctx);
            }
            ImportCommand::Forget(path) => {
                self.settings.imported_files.retain(|f| f.path != path);
                self.user.absent.retain(|p| *p != path);
            }
            ImportCommand::Remove(kind) => {
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
                    self.windows.attributes = None;
                }
                self.map.thematic.tables_changed();
                self.refresh_project_points();
            }
        }
    }
}
