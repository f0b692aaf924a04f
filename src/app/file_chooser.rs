//! Choosing a file: the system's dialog (rfd, on its own thread: it blocks), and egui_file's
//! built-in chooser when the system's cannot open. rfd gives no error when neither the XDG
//! portal nor zenity is there: it returns "nothing chosen" at once. A dialog that comes back
//! empty faster than a person can cancel it is taken as one that could not open: the app says
//! so in French and opens the built-in chooser, and uses it directly from then on.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use super::AtlasApp;

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
}

impl FilePurpose {
    fn title(&self) -> &str {
        match self {
            FilePurpose::Import => "Importer un fichier",
            FilePurpose::Export => "Exporter vers…",
            FilePurpose::Save { title, .. } => title,
        }
    }

    fn saves(&self) -> bool {
        !matches!(self, FilePurpose::Import)
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
    dialog: egui_file::FileDialog,
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
}

fn built_in(purpose: FilePurpose, start: Option<&Path>) -> BuiltInChooser {
    let mut dialog = if purpose.saves() {
        egui_file::FileDialog::save_file()
    } else {
        egui_file::FileDialog::open_file()
    };
    let dir = start.and_then(|p| if p.is_dir() { Some(p) } else { p.parent() });
    if let Some(dir) = dir.filter(|d| d.is_dir()) {
        dialog = dialog.initial_path(dir);
    }
    let name = match &purpose {
        FilePurpose::Save { file_name, .. } => Some(file_name.clone()),
        FilePurpose::Export => start
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned()),
        FilePurpose::Import => None,
    };
    if let Some(name) = name {
        dialog = dialog.default_filename(name);
    }
    dialog = dialog
        .title(purpose.title())
        .open_button_text("Ouvrir".into())
        .save_button_text("Enregistrer".into())
        .cancel_button_text("Annuler".into())
        .new_folder_button_text("Nouveau dossier".into())
        .new_folder_name_text("Nouveau dossier".into())
        .rename_button_text("Renommer".into())
        .refresh_button_hover_text("Actualiser".into())
        .parent_folder_button_hover_text("Dossier parent".into())
        .file_label_text("Fichier :".into())
        .show_hidden_checkbox_text("Fichiers cachés".into())
        .default_size([620.0, 460.0]);
    dialog.open();
    BuiltInChooser { purpose, dialog }
}

impl AtlasApp {
    /// Asks for a file: the system's dialog, or the built-in chooser if the system's failed.
    pub(super) fn choose_file(&mut self, purpose: FilePurpose, ctx: &egui::Context) {
        if self.files.system.is_some() || self.files.built_in.is_some() {
            return;
        }
        let start = self.chooser_start(&purpose);
        if self.files.system_unavailable {
            self.files.built_in = Some(built_in(purpose, start.as_deref()));
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
        };
        let import_filters = purpose == FilePurpose::Import;
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
                            "csv", "txt", "tsv", "xlsx", "xlsm", "shp", "geojson", "json", "gpkg",
                        ],
                    )
                    .add_filter(
                        "Tableaux (CSV, XLSX)",
                        &["csv", "txt", "tsv", "xlsx", "xlsm"],
                    )
                    .add_filter(
                        "Couches (shapefile, GeoJSON, GeoPackage)",
                        &["shp", "geojson", "json", "gpkg"],
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
                self.files.system = Some(SystemDialog {
                    purpose,
                    started: Instant::now(),
                    rx,
                });
            }
            Err(e) => {
                self.notices.push(format!(
                    "Le dialogue de fichiers du système n'a pas pu s'ouvrir ({e}) : sélecteur intégré."
                ));
                self.files.built_in = Some(built_in(purpose, start.as_deref()));
            }
        }
    }

    /// Where a chooser starts: the path already typed, else the user's documents.
    fn chooser_start(&self, purpose: &FilePurpose) -> Option<PathBuf> {
        let typed = match purpose {
            FilePurpose::Import => self.windows.import.path.trim(),
            FilePurpose::Export => self.windows.export.path.trim(),
            FilePurpose::Save { .. } => "",
        };
        if !typed.is_empty() {
            return Some(PathBuf::from(typed));
        }
        directories::UserDirs::new().and_then(|d| {
            d.document_dir()
                .map(Path::to_path_buf)
                .or_else(|| Some(d.home_dir().to_path_buf()))
        })
    }

    /// Takes what the system's dialog brought back (in the logic, before the frame).
    pub(super) fn poll_file_choosing(&mut self, ctx: &egui::Context) {
        if let Some(dialog) = &self.files.system {
            let answer = match dialog.rx.try_recv() {
                Ok(path) => Some(path),
                Err(TryRecvError::Disconnected) => Some(None),
                Err(TryRecvError::Empty) => None,
            };
            if let Some(path) = answer
                && let Some(dialog) = self.files.system.take()
            {
                match path {
                    Some(path) => self.file_chosen(dialog.purpose, path, ctx),
                    None if dialog.started.elapsed() < NOT_SHOWN => {
                        self.files.system_unavailable = true;
                        self.notices.push(
                            "Le dialogue de fichiers du système ne s'ouvre pas (ni portail XDG ni zenity) : l'atlas utilise son sélecteur de fichiers intégré."
                                .into(),
                        );
                        let start = self.chooser_start(&dialog.purpose);
                        self.files.built_in = Some(built_in(dialog.purpose, start.as_deref()));
                    }
                    None => {}
                }
            }
        }
        let mut written = Vec::new();
        self.files.writes.retain(|rx| match rx.try_recv() {
            Ok(outcome) => {
                written.push(outcome);
                false
            }
            Err(TryRecvError::Empty) => true,
            Err(TryRecvError::Disconnected) => false,
        });
        for outcome in written {
            self.notices.push(match outcome {
                Ok(path) => format!("Fichier enregistré : {}", path.display()),
                Err(e) => e,
            });
        }
    }

    /// The built-in chooser, when open (a window of its own).
    pub(super) fn built_in_chooser_ui(&mut self, ctx: &egui::Context) {
        let Some(chooser) = &mut self.files.built_in else {
            return;
        };
        chooser.dialog.show(ctx);
        let chosen = chooser
            .dialog
            .selected()
            .then(|| chooser.dialog.path().map(Path::to_path_buf));
        let closed = !chooser.dialog.visible();
        if let Some(path) = chosen {
            if let Some(chooser) = self.files.built_in.take()
                && let Some(path) = path
            {
                self.file_chosen(chooser.purpose, path, ctx);
            }
        } else if closed {
            self.files.built_in = None;
        }
    }

    /// A file was chosen for `purpose`.
    fn file_chosen(&mut self, purpose: FilePurpose, path: PathBuf, ctx: &egui::Context) {
        match purpose {
            FilePurpose::Import => self.windows.import.path = path.display().to_string(),
            FilePurpose::Export => self.windows.export.path = path.display().to_string(),
            FilePurpose::Save { bytes, .. } => {
                let spawned = super::jobs::spawn_job("ecriture", ctx, move || {
                    crate::io::atomic::write_atomic(&path, &bytes)
                        .map(|()| path.clone())
                        .map_err(|e| format!("{} : écriture impossible ({e})", path.display()))
                });
                match spawned {
                    Ok(rx) => self.files.writes.push(rx),
                    Err(e) => self.notices.push(format!("Écriture impossible : {e}")),
                }
            }
        }
    }
}
