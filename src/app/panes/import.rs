//! The import pane, a tab of the bottom dock: a file typed or chosen, the report, the files in
//! use; the reading threads in flight (what a finished one brought is the app's to apply).

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use super::super::command::Command;
use super::super::context::{Commands, PaneContext};
use super::super::file_chooser::FilePurpose;
use super::super::import_marker::ImportMarker;
use super::super::imports::{self, ImportOutcome, ImportedFile};
use crate::io::file_parts::FileParts;
use crate::io::import::{ImportKind, ImportReport};
use crate::model::Dataset;
use crate::ui::import_window::{ImportCommand, ImportWindowState, import_window_ui};

/// A file's headers and its first rows (the "Colonnes" step's preview).
type Headers = (Vec<String>, Vec<Vec<String>>);

/// Rows the "Colonnes" step previews.
const PREVIEW_ROWS: usize = 3;

/// The tab's state and the imports running (`true`: files remembered from the last session).
#[derive(Default)]
pub struct ImportPane {
    pub window: ImportWindowState,
    jobs: Vec<(bool, Receiver<ImportOutcome>)>,
    /// The file's headers being read for the "Colonnes" step.
    headers_job: Option<Receiver<Result<Headers, String>>>,
    /// The sheets or layers of the typed file being listed.
    parts_job: Option<Receiver<Result<FileParts, String>>>,
    /// The file the user imported last (read again with their answers to its join by names).
    pub last_file: Option<ImportedFile>,
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
        // The answers were for the last report's rows.
        self.window.name_choices.clear();
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
        // The "Colonnes" step was for another file.
        self.window.headers = None;
        self.window.preview.clear();
        self.window.mapping.clear();
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &PaneContext<'_>, commands: &mut Commands) {
        self.poll_headers(&cx.settings.column_mappings);
        self.follow_parts(ui.ctx());
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
        if let ImportCommand::ReadHeaders { path, sheet } = &command {
            self.read_headers(path.clone(), sheet.clone(), ui.ctx());
        }
        // Columns the user tied: remembered for the next file with the same headers.
        if let (ImportCommand::Import { columns, .. }, Some(Ok(headers))) =
            (&command, &self.window.headers)
            && !columns.is_empty()
        {
            commands.push(Command::RememberColumns {
                key: super::super::settings::columns_key(headers),
                columns: columns.clone(),
            });
        }
        commands.extend(self.command_of(command));
    }

    /// Lists the sheets or layers of the file the path names, on a named thread, whenever the
    /// path changes (a workbook or a GeoPackage); takes the list once read.
    fn follow_parts(&mut self, ctx: &egui::Context) {
        if let Some(rx) = &self.parts_job {
            let read = match rx.try_recv() {
                Ok(read) => Some(read),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => Some(Err("lecture interrompue".into())),
            };
            if let Some(read) = read {
                self.parts_job = None;
                self.window.parts_reading = false;
                self.window.parts = Some(read);
            }
        }
        if self.window.path == self.window.parts_path {
            return;
        }
        self.window.parts_path = self.window.path.clone();
        self.window.parts = None;
        // A read for the path before is no longer wanted (its answer is dropped).
        self.parts_job = None;
        self.window.parts_reading = false;
        if crate::ui::import_parts::holds_one_part(&self.window.path) {
            self.window.parts = Some(Ok(FileParts::Single));
        }
        if !crate::ui::import_parts::may_hold_parts(&self.window.path) {
            return;
        }
        let path = std::path::PathBuf::from(self.window.path.trim());
        if let Ok(rx) = super::super::jobs::spawn_job("parties-import", ctx, move || {
            crate::io::file_parts::parts_of(&path)
        }) {
            self.parts_job = Some(rx);
            self.window.parts_reading = true;
        }
    }

    /// Reads the file's headers on a named thread, for the "Colonnes" step.
    fn read_headers(
        &mut self,
        path: std::path::PathBuf,
        sheet: Option<String>,
        ctx: &egui::Context,
    ) {
        let job = super::super::jobs::spawn_job("entetes-import", ctx, move || {
            crate::io::table::read_table(&path, sheet.as_deref())
                .map(|t| {
                    let rows = (0..t.row_count().min(PREVIEW_ROWS))
                        .map(|i| {
                            (0..t.headers.len())
                                .map(|c| t.cells.cell(i, c).to_owned())
                                .collect()
                        })
                        .collect();
                    (t.headers, rows)
                })
                .map_err(|e| crate::io::error_fr::chain_fr(&e))
        });
        match job {
            Ok(rx) => {
                self.headers_job = Some(rx);
                self.window.headers_reading = true;
            }
            Err(e) => self.window.headers = Some(Err(format!("lecture impossible : {e}"))),
        }
    }

    /// Takes the headers read; the columns chosen last time for the same headers come back.
    fn poll_headers(
        &mut self,
        remembered: &std::collections::BTreeMap<String, Vec<(String, String)>>,
    ) {
        let Some(rx) = &self.headers_job else {
            return;
        };
        let read = match rx.try_recv() {
            Ok(read) => read,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Err("lecture interrompue".into()),
        };
        self.headers_job = None;
        self.window.headers_reading = false;
        // Another file's choices no longer apply; the same headers' do.
        self.window.mapping.clear();
        self.window.mapping_remembered = false;
        let (read, preview) = match read {
            Ok((headers, rows)) => (Ok(headers), rows),
            Err(e) => (Err(e), Vec::new()),
        };
        self.window.preview = preview;
        if let Ok(headers) = &read
            && let Some(columns) = remembered.get(&super::super::settings::columns_key(headers))
        {
            for (field, header) in columns {
                if let Some(f) = crate::model::imports::column_map::field(field) {
                    self.window.mapping.insert(f.id, header.clone());
                }
            }
            self.window.mapping_remembered = !self.window.mapping.is_empty();
        }
        self.window.headers = Some(read);
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
            ImportCommand::Import {
                path,
                kind,
                sheet,
                columns,
            } => Some(Command::Import(ImportedFile {
                path,
                kind,
                sheet,
                columns,
                names: None,
            })),
            ImportCommand::ReadHeaders { .. } => None,
            ImportCommand::ReimportNames(choices) => self.last_file.as_ref().map(|f| {
                Command::Import(ImportedFile {
                    names: Some(choices),
                    ..f.clone()
                })
            }),
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
                columns: Vec::new(),
            }),
            Some(Command::Import(ImportedFile {
                path: path.clone(),
                kind: ImportKind::Plan,
                sheet: None,
                columns: Vec::new(),
                names: None,
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

    /// The "Colonnes" step: the file's headers read on a thread, a field tied to one of them,
    /// and the import asked with that pair.
    #[test]
    fn the_columns_step_reads_the_headers_and_sends_the_pairs() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/names/plan-a-mapper.csv");
        let mut world = super::super::fixture::World::default();
        let commands = columns_step(&world, &path, Some("Quoi"));
        let asked = commands.iter().find_map(|c| match c {
            Command::Import(file) => Some(file.columns.clone()),
            _ => None,
        });
        let pairs = vec![("titre_action".to_owned(), "Quoi".to_owned())];
        assert_eq!(asked, Some(pairs.clone()));
        // Remembered for the same headers…
        let Some(Command::RememberColumns { key, columns }) = commands
            .iter()
            .find(|c| matches!(c, Command::RememberColumns { .. }))
            .cloned()
        else {
            panic!("the columns are remembered: {commands:?}")
        };
        assert_eq!(columns, pairs);
        // … and offered again: the next file with these headers is imported with them,
        // nothing chosen.
        world.settings.column_mappings.insert(key, columns);
        let commands = columns_step(&world, &path, None);
        let asked = commands.iter().find_map(|c| match c {
            Command::Import(file) => Some(file.columns.clone()),
            _ => None,
        });
        assert_eq!(asked, Some(pairs));
    }

    /// The "Colonnes" step driven on `path`: opened, headers read, `titre_action` tied to
    /// `title` (or left as remembered), then "Importer"; the commands sent.
    fn columns_step(
        world: &super::super::fixture::World,
        path: &std::path::Path,
        title: Option<&str>,
    ) -> Commands {
        use egui_kittest::kittest::{NodeT as _, Queryable as _};
        let mut pane = ImportPane::default();
        pane.prepare(ImportKind::Plan, None);
        pane.set_path(path);
        let mut commands = Commands::new();
        {
            let cx = world.cx();
            let mut harness = egui_kittest::Harness::builder()
                .with_size([900.0, 900.0])
                .build_ui(|ui| pane.ui(ui, &cx, &mut commands));
            super::super::super::theme::apply(&harness.ctx);
            harness.run();
            harness
                .get_by_label("Colonnes : associer vos en-têtes aux champs du modèle")
                .click();
            harness.run();
            harness.get_by_label("Lire les en-têtes du fichier").click();
            harness.step();
            let start = std::time::Instant::now();
            while harness
                .query_by_label("Colonne du champ titre_action")
                .is_none()
            {
                assert!(start.elapsed().as_secs() < 30, "headers never read");
                std::thread::sleep(std::time::Duration::from_millis(20));
                harness.step();
            }
            if let Some(title) = title {
                harness
                    .get_by_label("Colonne du champ titre_action")
                    .click();
                harness.run();
                // The list's entry (the preview shows the header too).
                harness
                    .get_all_by_label(title)
                    .find(|n| n.accesskit_node().role() != egui::accesskit::Role::Label)
                    .expect("the list's entry")
                    .click();
                harness.run();
            }
            harness.get_by_label("Importer").click();
            harness.run();
        }
        commands
    }
}
