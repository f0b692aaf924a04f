//! The project file in the window, a pane: open, save, save as and the recent projects (menu
//! Fichier, Ctrl+O, Ctrl+S, Ctrl+Maj+S), and undo / redo of the map's settings (menu Édition,
//! Ctrl+Z, Ctrl+Maj+Z). Reading and writing a project run on named threads (`io::project`:
//! bounded, atomic, refused whole when damaged or newer); the app applies what an opened project
//! brings through the same steps as the user's own imports.
//!
//! Nothing of a session waits for a save to be safe: the settings file keeps the map, the views
//! and the list of imported files as they change, so a crash loses nothing; a project is what
//! the user hands on.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Instant;

use super::super::command::Command;
use super::super::context::{Commands, PaneContext};
use super::super::file_chooser::FilePurpose;
use super::super::history::History;
use super::super::imports::ImportedFile;
use crate::carto::MapSettings;
use crate::io::import::ImportKind;
use crate::io::project::{self, MapPage, Project};
use crate::model::views::bookmarks::Bookmark;

/// Most recent projects listed in the menu.
pub const MAX_RECENT: usize = 8;

/// What a project carries from the window: the map, the views, the user's files, the title.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectContent {
    pub map: MapSettings,
    pub views: Vec<Bookmark>,
    pub files: Vec<ImportedFile>,
    pub title: Option<String>,
}

impl ProjectContent {
    /// The same project: the same map, views and title, and the same files (a file's kind
    /// once recognised — "auto" read as a plan — is the same file).
    pub fn same_as(&self, other: &ProjectContent) -> bool {
        let file = |f: &ImportedFile| (f.path.clone(), f.sheet.clone(), f.columns.clone());
        self.map == other.map
            && self.views == other.views
            && self.title == other.title
            && self.files.iter().map(file).eq(other.files.iter().map(file))
    }
}

/// A project read, its files written out where the app keeps the user's files.
#[derive(Debug)]
pub struct OpenedProject {
    pub path: PathBuf,
    pub content: ProjectContent,
    /// Values this version could not read (reset to their defaults), said to the user.
    pub said: Vec<String>,
}

/// The end of a save or an open.
#[derive(Debug)]
pub enum ProjectOutcome {
    Saved {
        path: PathBuf,
        content: Box<ProjectContent>,
    },
    Opened(Box<OpenedProject>),
    Failed(String),
}

/// The pane's state.
#[derive(Default)]
pub struct ProjectPane {
    /// The save or open running.
    job: Option<Receiver<ProjectOutcome>>,
    /// What the project held when it was last saved or opened (to say it was modified).
    saved: Option<ProjectContent>,
    /// The map's settings left behind, to undo.
    pub history: History<MapSettings>,
    /// The map's settings as last seen (a change since is a step of the history).
    seen: Option<MapSettings>,
    /// The window's title as last set.
    title: String,
}

impl ProjectPane {
    /// Whether a save or an open is running.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// Whether the map, views or files differ from the project as saved or opened.
    pub fn modified(&self, now: &ProjectContent) -> bool {
        self.saved.as_ref().is_some_and(|s| !s.same_as(now))
    }

    /// The window's title — the atlas, the project's name, "modifié" — when it changed.
    pub fn window_title(
        &mut self,
        settings: &super::super::settings::Settings,
        now: &ProjectContent,
    ) -> Option<String> {
        let title = match &settings.current_project {
            None => super::super::theme::WINDOW_TITLE.to_owned(),
            Some(path) => format!(
                "{} — {}{}",
                file_name(path),
                super::super::theme::WINDOW_TITLE,
                if self.modified(now) {
                    " (modifié)"
                } else {
                    ""
                }
            ),
        };
        (title != self.title).then(|| {
            self.title = title.clone();
            title
        })
    }

    /// Writes `content` as a project to `path` on a named thread.
    pub fn start_save(&mut self, path: PathBuf, content: ProjectContent, ctx: &egui::Context) {
        if self.job.is_some() {
            return;
        }
        let spawned = super::super::jobs::spawn_job("enregistrement-projet", ctx, move || {
            match super::super::jobs::catch_panic(|| save(&path, &content)) {
                Ok(Ok(())) => ProjectOutcome::Saved {
                    path,
                    content: Box::new(content),
                },
                Ok(Err(e)) => ProjectOutcome::Failed(e),
                Err(e) => ProjectOutcome::Failed(format!(
                    "Projet non enregistré : enregistrement interrompu ({e})"
                )),
            }
        });
        self.job = spawned.ok();
    }

    /// Reads the project at `path` on a named thread; its files are written out under
    /// `files_dir` (kept: the app reads them again at its next start, as any imported file).
    pub fn start_open(&mut self, path: PathBuf, files_dir: PathBuf, ctx: &egui::Context) {
        if self.job.is_some() {
            return;
        }
        let spawned = super::super::jobs::spawn_job("ouverture-projet", ctx, move || {
            match super::super::jobs::catch_panic(|| open(&path, &files_dir)) {
                Ok(Ok(opened)) => ProjectOutcome::Opened(Box::new(opened)),
                Ok(Err(e)) => ProjectOutcome::Failed(e),
                Err(e) => ProjectOutcome::Failed(format!(
                    "{} : ouverture interrompue ({e}) ; rien n'a été chargé",
                    path.display()
                )),
            }
        });
        self.job = spawned.ok();
    }

    /// The save or open that ended, if one did; what it saved or opened becomes the reference
    /// for "modifié".
    pub fn poll(&mut self) -> Option<ProjectOutcome> {
        let rx = self.job.as_ref()?;
        let outcome = match rx.try_recv() {
            Ok(outcome) => outcome,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => {
                ProjectOutcome::Failed("le projet n'a pas pu être traité (tâche arrêtée)".into())
            }
        };
        self.job = None;
        match &outcome {
            ProjectOutcome::Saved { content, .. } => self.saved = Some((**content).clone()),
            ProjectOutcome::Opened(opened) => {
                self.saved = Some(opened.content.clone());
                self.history.clear();
                self.seen = Some(opened.content.map.clone());
            }
            ProjectOutcome::Failed(_) => {}
        }
        Some(outcome)
    }

    /// Records a change of the map's settings since the last frame as a step to undo.
    pub fn observe(&mut self, map: &MapSettings) {
        match &self.seen {
            Some(seen) if seen == map => {}
            Some(_) => {
                if let Some(before) = self.seen.replace(map.clone()) {
                    if is_one_step(&before, map) {
                        self.history.record_alone(before, map);
                    } else {
                        self.history.record(before, map, "carte", Instant::now());
                    }
                }
            }
            None => self.seen = Some(map.clone()),
        }
    }

    /// The settings to go back to (Annuler), given the current ones.
    pub fn undo(&mut self, current: &MapSettings) -> Option<MapSettings> {
        let previous = self.history.undo(current.clone())?;
        self.seen = Some(previous.clone());
        Some(previous)
    }

    /// The settings undone last (Rétablir), given the current ones.
    pub fn redo(&mut self, current: &MapSettings) -> Option<MapSettings> {
        let next = self.history.redo(current.clone())?;
        self.seen = Some(next.clone());
        Some(next)
    }

    /// Ctrl+O, Ctrl+S, Ctrl+Maj+S, Ctrl+Z, Ctrl+Maj+Z (and Ctrl+Y) — undo and redo only when no
    /// text field has the keyboard (a field undoes its own typing).
    pub fn shortcuts(ctx: &egui::Context, commands: &mut Commands) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let command = |key| KeyboardShortcut::new(Modifiers::COMMAND, key);
        let command_shift = |key| KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, key);
        let typing = ctx.memory(|m| m.focused().is_some());
        ctx.input_mut(|i| {
            // The longer shortcuts first: Ctrl+Maj+S is not Ctrl+S.
            if i.consume_shortcut(&command_shift(Key::S)) {
                commands.push(Command::SaveProjectAs);
            } else if i.consume_shortcut(&command(Key::S)) {
                commands.push(Command::SaveProject);
            }
            if i.consume_shortcut(&command(Key::O)) {
                commands.push(Command::ChooseFile(FilePurpose::OpenProject));
            }
            if typing {
                return;
            }
            if i.consume_shortcut(&command_shift(Key::Z)) || i.consume_shortcut(&command(Key::Y)) {
                commands.push(Command::Redo);
            } else if i.consume_shortcut(&command(Key::Z)) {
                commands.push(Command::Undo);
            }
        });
    }

    /// The project's entries of the Fichier menu.
    pub fn file_menu_ui(&self, ui: &mut egui::Ui, cx: &PaneContext<'_>, commands: &mut Commands) {
        let idle = !self.busy();
        let entries = [
            (
                "Ouvrir un projet…",
                "Ctrl+O",
                Command::ChooseFile(FilePurpose::OpenProject),
            ),
            ("Enregistrer le projet", "Ctrl+S", Command::SaveProject),
            (
                "Enregistrer le projet sous…",
                "Ctrl+Maj+S",
                Command::SaveProjectAs,
            ),
        ];
        for (label, keys, wanted) in entries {
            if ui
                .add_enabled(idle, egui::Button::new(label).shortcut_text(keys))
                .clicked()
            {
                commands.push(wanted);
                ui.close();
            }
        }
        let recent = &cx.settings.recent_projects;
        ui.add_enabled_ui(idle && !recent.is_empty(), |ui| {
            ui.menu_button("Projets récents", |ui| {
                for path in recent {
                    let name = file_name(path);
                    if ui
                        .button(name)
                        .on_hover_text(path.display().to_string())
                        .clicked()
                    {
                        commands.push(Command::OpenProject(path.clone()));
                        ui.close();
                    }
                }
            });
        });
    }

    /// The Édition menu: undo and redo.
    pub fn edit_menu_ui(&self, ui: &mut egui::Ui, commands: &mut Commands) {
        // The keys as a French keyboard names them (egui would write "Shift").
        let (undo, redo) = ("Ctrl+Z", "Ctrl+Maj+Z");
        if ui
            .add_enabled(
                self.history.can_undo(),
                egui::Button::new("Annuler").shortcut_text(undo),
            )
            .on_hover_text("Revient au réglage de la carte précédent")
            .clicked()
        {
            commands.push(Command::Undo);
            ui.close();
        }
        if ui
            .add_enabled(
                self.history.can_redo(),
                egui::Button::new("Rétablir").shortcut_text(redo),
            )
            .clicked()
        {
            commands.push(Command::Redo);
            ui.close();
        }
    }
}

/// Whether a change of the map is a step of its own rather than part of a burst: an
/// annotation added or deleted, an element of the page moved, resized, hidden or shown.
fn is_one_step(before: &MapSettings, after: &MapSettings) -> bool {
    let ids = |m: &MapSettings| m.annotations.iter().map(|a| a.id).collect::<Vec<_>>();
    ids(before) != ids(after)
        || before.page.moved != after.page.moved
        || before.page.hidden != after.page.hidden
}

/// A project's file name as the menu and the window's title show it.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The recent projects with `path` first (once), at most [`MAX_RECENT`].
pub fn with_recent(recent: &[PathBuf], path: &Path) -> Vec<PathBuf> {
    let mut list = vec![path.to_path_buf()];
    list.extend(recent.iter().filter(|p| *p != path).cloned());
    list.truncate(MAX_RECENT);
    list
}

/// A path given for a project, with the extension added when the user typed none.
pub fn project_path(path: PathBuf) -> PathBuf {
    if path.extension().is_none() {
        path.with_extension(project::EXTENSION)
    } else {
        path
    }
}

/// Writes the project (on the save thread): each of the user's files read again and carried.
fn save(path: &Path, content: &ProjectContent) -> Result<(), String> {
    let mut files = Vec::with_capacity(content.files.len());
    for file in &content.files {
        let mut embedded = project::embed_file(&file.path, file.kind.id()).map_err(|e| {
            format!(
                "Projet non enregistré : {e} (retirez ce fichier des imports ou rendez-le accessible)"
            )
        })?;
        embedded.sheet = file.sheet.clone();
        embedded.columns = file.columns.clone();
        embedded.names = file.names.clone();
        files.push(embedded);
    }
    let page = MapPage {
        titre: content.title.clone(),
        ..MapPage::default()
    };
    let to_json = |what: &str, v: serde_json::Result<serde_json::Value>| {
        v.map_err(|e| format!("Projet non enregistré : {what} ({e})"))
    };
    let project = Project {
        map: to_json("réglages de la carte", serde_json::to_value(&content.map))?,
        page: to_json("page", serde_json::to_value(&page))?,
        views: to_json("vues", serde_json::to_value(&content.views))?,
        files,
    };
    project::write(path, &project).map_err(|e| format!("Projet non enregistré : {e}"))
}

/// The saved views of a project, as one object for the lenient decoder.
#[derive(Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct SavedViews {
    vues: Vec<Bookmark>,
}

/// Reads a project (on the open thread) and writes its files out under `files_dir`.
fn open(path: &Path, files_dir: &Path) -> Result<OpenedProject, String> {
    let shown = path.display().to_string();
    let read = project::read(path).map_err(|e| e.to_string())?;
    let (map, mut said) = project::decode_part::<MapSettings>(&read.map, "réglages de la carte");
    let (page, page_said) = project::decode_part::<MapPage>(&read.page, "page");
    // The views are a list: decoded as the one field of an object, each view that this version
    // cannot read dropped alone (said), the others kept.
    let (views, views_said) = match &read.views {
        serde_json::Value::Null => (SavedViews::default(), Vec::new()),
        list => project::decode_part::<SavedViews>(&serde_json::json!({ "vues": list }), "vues"),
    };
    let views = views.vues;
    said.extend(page_said);
    said.extend(views_said);
    let unpacked = project::unpack_kept(&read, &shown, files_dir).map_err(|e| e.to_string())?;
    let files = unpacked
        .into_iter()
        .map(|kept| ImportedFile {
            path: kept.path,
            kind: ImportKind::from_id(&kept.kind).unwrap_or(ImportKind::Auto),
            sheet: kept.sheet,
            columns: kept.columns,
            names: kept.names,
        })
        .collect();
    Ok(OpenedProject {
        path: path.to_path_buf(),
        content: ProjectContent {
            map,
            views,
            files,
            title: page.titre,
        },
        said: said.into_iter().map(|s| format!("{shown} : {s}")).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recent_list_puts_the_last_first_once_and_stays_short() {
        let p = |s: &str| PathBuf::from(s);
        let recent: Vec<PathBuf> = (0..MAX_RECENT)
            .map(|i| p(&format!("/p/{i}.tiatlas")))
            .collect();
        let list = with_recent(&recent, &p("/p/3.tiatlas"));
        assert_eq!(list.first(), Some(&p("/p/3.tiatlas")));
        assert_eq!(list.len(), MAX_RECENT);
        assert_eq!(list.iter().filter(|x| **x == p("/p/3.tiatlas")).count(), 1);
        let list = with_recent(&recent, &p("/p/neuf.tiatlas"));
        assert_eq!(list.len(), MAX_RECENT);
        assert!(!list.contains(&p(&format!("/p/{}.tiatlas", MAX_RECENT - 1))));
        assert_eq!(project_path(p("/p/carte")), p("/p/carte.tiatlas"));
        assert_eq!(project_path(p("/p/carte.tiatlas")), p("/p/carte.tiatlas"));
    }

    #[test]
    fn a_change_of_the_map_is_undone_and_redone() {
        let mut pane = ProjectPane::default();
        let before = MapSettings::default();
        pane.observe(&before);
        let mut after = before.clone();
        after.classes = before.classes + 1;
        pane.observe(&after);
        assert_eq!(pane.undo(&after), Some(before.clone()));
        // The restored settings are not a new step.
        pane.observe(&before);
        assert_eq!(pane.redo(&before), Some(after.clone()));
        pane.observe(&after);
        assert!(pane.history.can_undo() && !pane.history.can_redo());
    }

    #[test]
    fn each_annotation_added_is_its_own_step_and_a_text_typed_is_one() {
        use crate::carto::annotations::{Annotation, AnnotationId, AnnotationKind, Place};
        let text = |id: u32, t: &str| Annotation {
            id: AnnotationId(id),
            colour: [0, 0, 0],
            kind: AnnotationKind::Texte {
                at: Place::Frame { x: 0.5, y: 0.5 },
                text: t.into(),
                size: 14.0,
            },
        };
        let mut pane = ProjectPane::default();
        let empty = MapSettings::default();
        pane.observe(&empty);
        let mut one = empty.clone();
        one.annotations.push(text(1, "a"));
        pane.observe(&one);
        let mut two = one.clone();
        two.annotations.push(text(2, "b"));
        pane.observe(&two);
        // Typed letter by letter, right after: one step.
        let mut typed = two.clone();
        for t in ["bo", "bon", "bonj"] {
            typed.annotations[1] = text(2, t);
            pane.observe(&typed);
        }
        assert_eq!(pane.undo(&typed), Some(two.clone()), "the typing");
        assert_eq!(pane.undo(&two), Some(one.clone()), "the second text");
        assert_eq!(pane.undo(&one), Some(empty), "the first text");
    }

    #[test]
    fn a_file_recognised_after_opening_is_not_a_change() {
        let file = |kind| ImportedFile {
            path: PathBuf::from("/p/plan.csv"),
            kind,
            sheet: None,
            columns: Vec::new(),
            names: None,
        };
        let opened = ProjectContent {
            map: MapSettings::default(),
            views: Vec::new(),
            files: vec![file(ImportKind::Auto)],
            title: None,
        };
        let mut now = ProjectContent {
            files: vec![file(ImportKind::Plan)],
            ..opened.clone()
        };
        assert!(opened.same_as(&now));
        now.title = Some("Autre".into());
        assert!(!opened.same_as(&now));
    }

    #[test]
    fn a_saved_project_opens_with_its_map_views_and_files() {
        let dir = std::env::temp_dir().join(format!("ti-atlas-pane-projet-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        let table = dir.join("valeurs.csv");
        std::fs::write(&table, "code_insee;valeur\n35360;12\n").expect("csv");
        let map = MapSettings {
            classes: 7,
            ..MapSettings::default()
        };
        let content = ProjectContent {
            map,
            views: Vec::new(),
            files: vec![ImportedFile {
                path: table.clone(),
                kind: ImportKind::Table,
                sheet: None,
                columns: Vec::new(),
                names: None,
            }],
            title: Some("Emploi industriel".into()),
        };
        let path = dir.join("carte.tiatlas");
        save(&path, &content).expect("saved");
        // The user's file gone, the project still holds it.
        std::fs::remove_file(&table).expect("rm");
        let opened = open(&path, &dir.join("fichiers")).expect("opened");
        assert_eq!(opened.content.map.classes, 7);
        assert_eq!(opened.content.title.as_deref(), Some("Emploi industriel"));
        let file = opened.content.files.first().expect("one file");
        assert_eq!(file.kind, ImportKind::Table);
        assert_eq!(
            std::fs::read_to_string(&file.path).expect("unpacked"),
            "code_insee;valeur\n35360;12\n"
        );
        assert!(opened.said.is_empty(), "{:?}", opened.said);
        // A file that can no longer be read is never silently left out of a save.
        let err = save(&dir.join("autre.tiatlas"), &content).expect_err("missing file");
        assert!(err.contains("valeurs.csv"), "{err}");
        assert!(!dir.join("autre.tiatlas").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
