//! The import pane, a tab of the bottom dock: a file typed or chosen, the report, the files in
//! use; the reading threads in flight (what a finished one brought is the app's to apply).

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use super::super::command::Command;
use super::super::context::{Commands, PaneContext};
use super::super::file_chooser::FilePurpose;
use super::super::import_marker::ImportMarker;
use super::super::imports::{self, ImportOutcome, ImportedFile};
use crate::io::import::{ImportKind, ImportReport};
use crate::model::Dataset;
use crate::ui::import_window::{ImportCommand, ImportWindowState, import_window_ui};

/// The tab's state and the imports running (`true`: files remembered from the last session).
#[derive(Default)]
pub struct ImportPane {
    pub window: ImportWindowState,
    jobs: Vec<(bool, Receiver<ImportOutcome>)>,
}

impl ImportPane {
    /// Whether imports are running.
    pub fn importing(&self) -> bool {
        !self.jobs.is_empty()
    }

    pub fn report(&self) -> Option<&ImportReport> {
        self.window.report.as_ref()
    }

    pub fn error(&self) -> Option<&str> {
        self.window.error.as_deref()
    }

    /// Ready for a kind of file, with a word on where it comes from.
    pub fn prepare(&mut self, kind: ImportKind, help: Option<&'static str>) {
        self.window.kind = kind;
        self.window.help = help;
    }

    /// Starts reading a file; `restoring`: a file remembered from the last session.
    pub fn start(
        &mut self,
        file: ImportedFile,
        restoring: bool,
        dataset: &Arc<Dataset>,
        marker: Option<ImportMarker>,
        ctx: &egui::Context,
    ) {
        if let Some(rx) = imports::spawn_import(file, Arc::clone(dataset), marker, ctx.clone()) {
            self.jobs.push((restoring, rx));
            self.window.busy = true;
        }
    }

    /// Reloads remembered files on a small pool of threads.
    pub fn restore(
        &mut self,
        files: Vec<ImportedFile>,
        dataset: &Arc<Dataset>,
        marker: Option<ImportMarker>,
        ctx: &egui::Context,
    ) {
        if let Some(rx) = imports::spawn_restore(files, Arc::clone(dataset), marker, ctx.clone()) {
            self.jobs.push((true, rx));
            self.window.busy = true;
        }
    }

    /// What the finished reads brought (`true`: a remembered file).
    pub fn take_outcomes(&mut self) -> Vec<(bool, ImportOutcome)> {
        let mut outcomes = Vec::new();
        self.jobs.retain(|(restoring, rx)| {
            // A restore sends one outcome per remembered file on one receiver.
            loop {
                match rx.try_recv() {
                    Ok(o) => outcomes.push((*restoring, o)),
                    Err(TryRecvError::Empty) => return true,
                    Err(TryRecvError::Disconnected) => return false,
                }
            }
        });
        self.window.busy = !self.jobs.is_empty();
        outcomes
    }

    /// A file read: its report shown, the form emptied unless it was a remembered one.
    pub fn done(&mut self, report: ImportReport, restoring: bool) {
        self.window.error = None;
        if !restoring {
            self.window.path.clear();
            self.window.sheet.clear();
        }
        self.window.report = Some(report);
    }

    /// A file the user asked for could not be read.
    pub fn failed(&mut self, error: String) {
        self.window.error = Some(error);
        self.window.report = None;
    }

    /// The path field, filled by a file chooser.
    pub fn set_path(&mut self, path: &std::path::Path) {
        self.window.path = path.display().to_string();
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &PaneContext<'_>, commands: &mut Commands) {
        let user = cx.user;
        let joined = |names: Vec<&str>| (!names.is_empty()).then(|| names.join(", "));
        let loaded_files: Vec<(ImportKind, String)> = [
            (
                ImportKind::Plan,
                user.imports.plan.as_ref().map(|p| p.source_name.clone()),
            ),
            (
                ImportKind::Projects,
                user.imports
                    .projects
                    .as_ref()
                    .map(|p| p.source_name.clone()),
            ),
            (
                ImportKind::Layer,
                joined(user.layers.iter().map(|l| l.spec.name.as_str()).collect()),
            ),
            (
                ImportKind::Table,
                joined(
                    user.imports
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
        let command = import_window_ui(
            ui,
            &mut self.window,
            &loaded_files,
            &user.absent,
            &crate::io::assets::plan_template_hint(),
        );
        commands.extend(self.command_of(command));
    }

    /// What the app is asked to do for a click of the tab.
    fn command_of(&self, command: ImportCommand) -> Option<Command> {
        match command {
            ImportCommand::None => None,
            ImportCommand::Browse => Some(Command::ChooseFile(FilePurpose::Import)),
            ImportCommand::SaveReport => self.report().map(|r| {
                Command::ChooseFile(FilePurpose::Save {
                    title: "Enregistrer le rapport d'import",
                    file_name: "rapport-import.csv".into(),
                    bytes: r.problems_csv().into_bytes(),
                })
            }),
            ImportCommand::Import { path, kind, sheet } => {
                Some(Command::Import(ImportedFile { path, kind, sheet }))
            }
            ImportCommand::Forget(path) => Some(Command::ForgetImport(path)),
            ImportCommand::Remove(kind) => Some(Command::RemoveImport(kind)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tabs_clicks_become_commands() {
        let pane = ImportPane::default();
        assert_eq!(pane.command_of(ImportCommand::None), None);
        assert_eq!(
            pane.command_of(ImportCommand::Browse),
            Some(Command::ChooseFile(FilePurpose::Import))
        );
        let path = std::path::PathBuf::from("/tmp/plan.csv");
        assert_eq!(
            pane.command_of(ImportCommand::Import {
                path: path.clone(),
                kind: ImportKind::Plan,
                sheet: None,
            }),
            Some(Command::Import(ImportedFile {
                path: path.clone(),
                kind: ImportKind::Plan,
                sheet: None,
            }))
        );
        assert_eq!(
            pane.command_of(ImportCommand::Forget(path.clone())),
            Some(Command::ForgetImport(path))
        );
        assert_eq!(
            pane.command_of(ImportCommand::Remove(ImportKind::Layer)),
            Some(Command::RemoveImport(ImportKind::Layer))
        );
        // No report yet: nothing to save.
        assert_eq!(pane.command_of(ImportCommand::SaveReport), None);
    }

    #[test]
    fn a_failure_shows_its_error_and_a_success_empties_the_form() {
        let mut pane = ImportPane::default();
        pane.prepare(ImportKind::Table, Some("aide"));
        assert_eq!(
            (pane.window.kind, pane.window.help),
            (ImportKind::Table, Some("aide"))
        );
        pane.set_path(std::path::Path::new("/tmp/emplois.csv"));
        pane.failed("emplois.csv : illisible".into());
        assert_eq!(pane.error(), Some("emplois.csv : illisible"));
        assert!(pane.report().is_none());
        assert_eq!(pane.window.path, "/tmp/emplois.csv", "kept to be corrected");
        assert!(!pane.importing() && pane.take_outcomes().is_empty());
    }
}
