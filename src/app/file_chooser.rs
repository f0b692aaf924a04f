//! Choosing a file: the system's dialog (rfd, on its own thread: it blocks), and the app's own
//! built-in chooser when the system's cannot open. rfd gives no error when neither the XDG
//! portal nor zenity is there: it returns "nothing chosen" at once. A dialog that comes back
//! empty faster than a person can cancel it is taken as one that could not open: the app says
//! so in French and opens the built-in chooser, and uses it directly from then on.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

/// What the built-in chooser says when the system's dialog could not open.
pub const SYSTEM_DIALOG_MISSING: &str = "Le dialogue de fichiers du système ne s'ouvre pas (ni \
     portail XDG ni zenity) : l'atlas utilise son sélecteur de fichiers intégré.";

/// Faster than this, an empty answer is a dialog that never showed.
const NOT_SHOWN: Duration = Duration::from_millis(400);

/// What a file is chosen for.
#[derive(Clone, Debug, PartialEq)]
pub enum FilePurpose {
    /// A file to import (fills the import tab's path).
    Import,
    /// Where to export (fills the export window's path).
    Export,
    /// Where to write these bytes (the import report, the plan template).
    Save {
        title: &'static str,
        file_name: String,
        bytes: Vec<u8>,
    },
    /// A project to open, or where to save the project.
    OpenProject,
    SaveProject,
    /// An image (a logo) for the map's annotations.
    AnnotationImage,
}

impl FilePurpose {
    fn title(&self) -> &str {
        match self {
            FilePurpose::Import => "Importer un fichier",
            FilePurpose::Export => "Exporter vers…",
            FilePurpose::Save { title, .. } => title,
            FilePurpose::OpenProject => "Ouvrir un projet",
            FilePurpose::SaveProject => "Enregistrer le projet",
            FilePurpose::AnnotationImage => "Choisir une image (PNG ou SVG)",
        }
    }

    fn saves(&self) -> bool {
        !matches!(
            self,
            FilePurpose::Import | FilePurpose::OpenProject | FilePurpose::AnnotationImage
        )
    }
}

/// A system dialog in flight.
pub struct SystemDialog {
    purpose: FilePurpose,
    started: Instant,
    rx: Receiver<Option<PathBuf>>,
}

/// The built-in chooser, open.
pub struct BuiltInChooser {
    purpose: FilePurpose,
    pub dialog: BuiltInDialog,
}

/// File choosing state.
#[derive(Default)]
pub struct FileChoosing {
    system: Option<SystemDialog>,
    built_in: Option<BuiltInChooser>,
    /// The system's dialog failed once: the built-in chooser is used directly.
    system_unavailable: bool,
    /// Files being written (report, template).
    writes: Vec<Receiver<Result<PathBuf, String>>>,
}

impl FileChoosing {
    /// Whether a chooser is open (tests).
    pub fn built_in_open(&self) -> bool {
        self.built_in.is_some()
    }

    /// Closes the built-in chooser, choosing nothing (Échap).
    pub fn close_built_in(&mut self) {
        self.built_in = None;
    }
}

fn built_in(purpose: FilePurpose, start: Option<&Path>) -> BuiltInChooser {
    let dir = start
        .and_then(|p| if p.is_dir() { Some(p) } else { p.parent() })
        .filter(|d| d.is_dir())
        .map(Path::to_path_buf)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default();
    let name = match &purpose {
        FilePurpose::Save { file_name, .. } => file_name.clone(),
        FilePurpose::Export => start
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        FilePurpose::SaveProject => start
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| format!("carte.{}", crate::io::project::EXTENSION)),
        FilePurpose::Import | FilePurpose::OpenProject | FilePurpose::AnnotationImage => {
            String::new()
        }
    };
    let dialog = BuiltInDialog::new(purpose.title(), purpose.saves(), &dir, &name);
    BuiltInChooser { purpose, dialog }
}

/// One line of the chooser's list.
#[derive(Clone, Debug, PartialEq, Eq)]
struct DirEntry {
    name: String,
    is_dir: bool,
}

/// The built-in file chooser: a folder bar, the folder's list (folders first, written with a
/// trailing "/", no icons the fonts lack), a name field that takes a typed name or path, and
/// "Ouvrir" / "Enregistrer". A notice (why the system's dialog is not used) has its own line.
pub struct BuiltInDialog {
    title: String,
    saves: bool,
    dir: PathBuf,
    dir_edit: String,
    name: String,
    entries: Vec<DirEntry>,
    /// Why the folder cannot be listed, or what is wrong with the typed name.
    problem: Option<String>,
    /// Said on its own line at the top (e.g. the system's dialog does not open).
    pub notice: Option<String>,
    outcome: Option<Option<PathBuf>>,
}

impl BuiltInDialog {
    pub fn new(title: &str, saves: bool, dir: &Path, name: &str) -> Self {
        let mut d = BuiltInDialog {
            title: title.to_owned(),
            saves,
            dir: dir.to_path_buf(),
            dir_edit: dir.display().to_string(),
            name: name.to_owned(),
            entries: Vec::new(),
            problem: None,
            notice: None,
            outcome: None,
        };
        d.list();
        d
    }

    /// The chosen path (`Some(Some)`), a cancel (`Some(None)`), or nothing yet.
    pub fn outcome(&self) -> Option<Option<&Path>> {
        self.outcome.as_ref().map(|o| o.as_deref())
    }

    /// Reads the folder (on navigation only, never each frame).
    fn list(&mut self) {
        self.entries.clear();
        match std::fs::read_dir(&self.dir) {
            Ok(read) => {
                self.problem = None;
                for entry in read.flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if name.starts_with('.') {
                        continue;
                    }
                    let is_dir = entry.path().is_dir();
                    self.entries.push(DirEntry { name, is_dir });
                }
                self.entries.sort_by(|a, b| {
                    b.is_dir
                        .cmp(&a.is_dir)
                        .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
                });
            }
            Err(e) => {
                self.problem = Some(format!("Dossier illisible : {} ({e})", self.dir.display()));
            }
        }
    }

    fn go_to(&mut self, dir: PathBuf) {
        self.dir = dir;
        self.dir_edit = self.dir.display().to_string();
        self.list();
    }

    /// "Ouvrir" / "Enregistrer" with the typed name: a folder is opened, a file chosen (to open,
    /// it must exist).
    fn confirm(&mut self) {
        let typed = self.name.trim();
        if typed.is_empty() {
            self.problem = Some("Saisissez ou choisissez un nom de fichier.".into());
            return;
        }
        match resolve_typed(&self.dir, typed, self.saves) {
            Typed::Folder(dir) => {
                self.name.clear();
                self.go_to(dir);
            }
            Typed::File(path) => self.outcome = Some(Some(path)),
            Typed::Missing(path) => {
                self.problem = Some(format!("Fichier introuvable : {}", path.display()));
            }
        }
    }

    /// Draws the window; the outcome is read with [`BuiltInDialog::outcome`].
    pub fn show(&mut self, ctx: &egui::Context) {
        let mut open = true;
        egui::Window::new(self.title.clone())
            .id(egui::Id::unique("selecteur-fichiers"))
            .open(&mut open)
            .default_size([620.0, 460.0])
            .collapsible(false)
            .show(ctx, |ui| self.body_ui(ui));
        if !open && self.outcome.is_none() {
            self.outcome = Some(None);
        }
    }

    fn body_ui(&mut self, ui: &mut egui::Ui) {
        if let Some(notice) = &self.notice {
            ui.label(egui::RichText::new(notice).small());
            ui.separator();
        }
        ui.horizontal(|ui| {
            let parent = self.dir.parent().map(Path::to_path_buf);
            if ui
                .add_enabled(parent.is_some(), egui::Button::new("Dossier parent"))
                .clicked()
                && let Some(p) = parent
            {
                self.go_to(p);
            }
            if ui.button("Actualiser").clicked() {
                self.list();
            }
            let edit = ui.add(
                egui::TextEdit::singleline(&mut self.dir_edit)
                    .desired_width(f32::INFINITY)
                    .hint_text("dossier"),
            );
            if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                let dir = PathBuf::from(self.dir_edit.trim());
                if dir.is_dir() {
                    self.go_to(dir);
                } else {
                    self.problem = Some(format!("Dossier introuvable : {}", dir.display()));
                }
            }
        });
        let footer = ui.spacing().interact_size.y * 3.0 + 12.0;
        let mut chosen: Option<usize> = None;
        let mut opened: Option<usize> = None;
        egui::ScrollArea::vertical()
            .max_height((ui.available_height() - footer).max(80.0))
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if self.entries.is_empty() && self.problem.is_none() {
                    ui.small("(dossier vide)");
                }
                for (i, e) in self.entries.iter().enumerate() {
                    let text = if e.is_dir {
                        egui::RichText::new(format!("{}/", e.name)).strong()
                    } else {
                        egui::RichText::new(&e.name)
                    };
                    let selected = !e.is_dir && self.name == e.name;
                    let r = ui.add(egui::Button::selectable(selected, text));
                    if r.double_clicked() {
                        opened = Some(i);
                    } else if r.clicked() {
                        chosen = Some(i);
                    }
                }
            });
        if let Some(e) = chosen.and_then(|i| self.entries.get(i)).cloned() {
            if e.is_dir {
                self.go_to(self.dir.join(&e.name));
            } else {
                self.name = e.name;
                self.problem = None;
            }
        }
        if let Some(e) = opened.and_then(|i| self.entries.get(i)).cloned() {
            self.name = e.name;
            self.confirm();
        }
        if let Some(problem) = &self.problem {
            ui.colored_label(super::theme::ERROR_TEXT, problem);
        }
        ui.horizontal(|ui| {
            ui.label("Fichier :");
            let edit = ui.add(
                egui::TextEdit::singleline(&mut self.name)
                    .desired_width(ui.available_width() - 190.0)
                    .hint_text("nom ou chemin complet"),
            );
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let verb = if self.saves { "Enregistrer" } else { "Ouvrir" };
            let confirm = ui.button(verb).clicked();
            if ui.button("Annuler").clicked() {
                self.outcome = Some(None);
            }
            if enter || confirm {
                self.confirm();
            }
        });
    }
}

/// What a typed name designates.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Typed {
    Folder(PathBuf),
    File(PathBuf),
    /// A file to open that does not exist.
    Missing(PathBuf),
}

/// A name typed in the chooser, relative to `dir` unless it is a full path.
fn resolve_typed(dir: &Path, typed: &str, saves: bool) -> Typed {
    let path = dir.join(typed);
    if path.is_dir() {
        Typed::Folder(path)
    } else if saves || path.is_file() {
        Typed::File(path)
    } else {
        Typed::Missing(path)
    }
}

/// Where a chooser starts: the path already typed, else the user's documents.
pub fn chooser_start(typed: &str) -> Option<PathBuf> {
    let typed = typed.trim();
    if !typed.is_empty() {
        return Some(PathBuf::from(typed));
    }
    directories::UserDirs::new().and_then(|d| {
        d.document_dir()
            .map(Path::to_path_buf)
            .or_else(|| Some(d.home_dir().to_path_buf()))
    })
}

impl FileChoosing {
    /// Asks for a file: the system's dialog, or the built-in chooser if the system's failed;
    /// `start`: where it opens.
    pub fn choose(
        &mut self,
        purpose: FilePurpose,
        start: Option<PathBuf>,
        ctx: &egui::Context,
        notices: &mut Vec<String>,
    ) {
        if self.system.is_some() || self.built_in.is_some() {
            return;
        }
        if self.system_unavailable {
            self.built_in = Some(built_in(purpose, start.as_deref()));
            return;
        }
        let title = purpose.title().to_owned();
        let (saves, file_name) = match &purpose {
            FilePurpose::Import => (false, None),
            FilePurpose::Export => (
                true,
                start
                    .as_ref()
                    .and_then(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned()),
            ),
            FilePurpose::Save { file_name, .. } => (true, Some(file_name.clone())),
            FilePurpose::OpenProject | FilePurpose::AnnotationImage => (false, None),
            FilePurpose::SaveProject => (
                true,
                Some(
                    start
                        .as_ref()
                        .and_then(|p| p.file_name())
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| format!("carte.{}", crate::io::project::EXTENSION)),
                ),
            ),
        };
        let import_filters = purpose == FilePurpose::Import;
        let project_filter = matches!(purpose, FilePurpose::OpenProject | FilePurpose::SaveProject);
        let dir = start.as_ref().and_then(|p| {
            if p.is_dir() {
                Some(p.clone())
            } else {
                p.parent().map(Path::to_path_buf)
            }
        });
        let spawned = super::jobs::spawn_job("dialogue-fichier", ctx, move || {
            let mut dialog = rfd::FileDialog::new().set_title(title);
            if let Some(dir) = dir.filter(|d| !d.as_os_str().is_empty()) {
                dialog = dialog.set_directory(dir);
            }
            if let Some(name) = file_name {
                dialog = dialog.set_file_name(name);
            }
            if import_filters {
                dialog = dialog
                    .add_filter(
                        "Tableaux et couches",
                        &[
                            "csv", "txt", "tsv", "xlsx", "xlsm", "ods", "xls", "shp", "geojson",
                            "json", "gpkg",
                        ],
                    )
                    .add_filter(
                        "Tableaux (CSV, XLSX, ODS, XLS)",
                        &["csv", "txt", "tsv", "xlsx", "xlsm", "ods", "xls"],
                    )
                    .add_filter(
                        "Couches (shapefile, GeoJSON, GeoPackage)",
                        &["shp", "geojson", "json", "gpkg"],
                    );
            }
            if project_filter {
                dialog = dialog.add_filter(
                    "Projets ti-atlas (.tiatlas)",
                    &[crate::io::project::EXTENSION],
                );
            }
            if saves {
                dialog.save_file()
            } else {
                dialog.pick_file()
            }
        });
        match spawned {
            Ok(rx) => {
                self.system = Some(SystemDialog {
                    purpose,
                    started: Instant::now(),
                    rx,
                });
            }
            Err(e) => {
                notices.push(format!(
                    "Le dialogue de fichiers du système n'a pas pu s'ouvrir ({e}) : sélecteur intégré."
                ));
                self.built_in = Some(built_in(purpose, start.as_deref()));
            }
        }
    }

    /// Takes what the system's dialog brought back (in the logic, before the frame).
    /// Returns a file chosen; `start`: where the built-in chooser opens when the system's
    /// dialog turns out to be missing.
    pub fn poll(
        &mut self,
        start: impl Fn(&FilePurpose) -> Option<PathBuf>,
        notices: &mut Vec<String>,
    ) -> Option<(FilePurpose, PathBuf)> {
        let mut chosen = None;
        if let Some(dialog) = &self.system {
            let answer = match dialog.rx.try_recv() {
                Ok(path) => Some(path),
                Err(TryRecvError::Disconnected) => Some(None),
                Err(TryRecvError::Empty) => None,
            };
            if let Some(path) = answer
                && let Some(dialog) = self.system.take()
            {
                match path {
                    Some(path) => chosen = Some((dialog.purpose, path)),
                    None if dialog.started.elapsed() < NOT_SHOWN => {
                        self.system_unavailable = true;
                        let start = start(&dialog.purpose);
                        let mut chooser = built_in(dialog.purpose, start.as_deref());
                        // Said in the chooser itself, on its own line.
                        chooser.dialog.notice = Some(SYSTEM_DIALOG_MISSING.into());
                        self.built_in = Some(chooser);
                    }
                    None => {}
                }
            }
        }
        let mut written = Vec::new();
        self.writes.retain(|rx| match rx.try_recv() {
            Ok(outcome) => {
                written.push(outcome);
                false
            }
            Err(TryRecvError::Empty) => true,
            Err(TryRecvError::Disconnected) => false,
        });
        for outcome in written {
            notices.push(match outcome {
                Ok(path) => format!("Fichier enregistré : {}", path.display()),
                Err(e) => e,
            });
        }
        chosen
    }

    /// The built-in chooser, when open (a window of its own).
    /// Returns a file chosen.
    pub fn built_in_ui(&mut self, ctx: &egui::Context) -> Option<(FilePurpose, PathBuf)> {
        let chooser = self.built_in.as_mut()?;
        chooser.dialog.show(ctx);
        let outcome = chooser.dialog.outcome().map(|o| o.map(Path::to_path_buf))?;
        let chooser = self.built_in.take()?;
        outcome.map(|path| (chooser.purpose, path))
    }

    /// Writes `bytes` (a file to save) to the chosen `path` on a named thread.
    pub fn save(
        &mut self,
        path: PathBuf,
        bytes: Vec<u8>,
        ctx: &egui::Context,
        notices: &mut Vec<String>,
    ) {
        let spawned = super::jobs::spawn_job("ecriture", ctx, move || {
            use crate::io::output::{OutputKind, write};
            // The kind from the bytes: the report and the template are CSV, or XLSX.
            write(&path, OutputKind::of_bytes(&bytes, OutputKind::Csv), &bytes)
                .map(|()| path.clone())
                .map_err(|e| e.to_string())
        });
        match spawned {
            Ok(rx) => self.writes.push(rx),
            Err(e) => notices.push(format!("Écriture impossible : {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_name_is_a_folder_a_file_or_missing() {
        let dir = std::env::temp_dir().join(format!("ti-atlas-chooser-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("plans")).expect("dir");
        std::fs::write(dir.join("plan.csv"), "a;b\n").expect("file");
        assert_eq!(
            resolve_typed(&dir, "plans", false),
            Typed::Folder(dir.join("plans"))
        );
        assert_eq!(
            resolve_typed(&dir, "plan.csv", false),
            Typed::File(dir.join("plan.csv"))
        );
        assert_eq!(
            resolve_typed(&dir, "autre.csv", false),
            Typed::Missing(dir.join("autre.csv"))
        );
        // To save, a new name is a file.
        assert_eq!(
            resolve_typed(&dir, "autre.csv", true),
            Typed::File(dir.join("autre.csv"))
        );
        // A full path typed anywhere.
        let full = dir.join("plan.csv").display().to_string();
        assert_eq!(
            resolve_typed(Path::new("/"), &full, false),
            Typed::File(dir.join("plan.csv"))
        );
        let mut d = BuiltInDialog::new("Importer un fichier", false, &dir, "");
        assert_eq!(
            d.entries.first().map(|e| (e.name.as_str(), e.is_dir)),
            Some(("plans", true)),
            "folders first"
        );
        d.name = "plan.csv".into();
        d.confirm();
        assert_eq!(d.outcome(), Some(Some(dir.join("plan.csv").as_path())));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
