//! Autosave and recovery after a crash, a pane. While a project — or a map not saved as a
//! project yet — has changes not saved, a recovery copy of it (a project file, the user's files
//! carried) is written about every two minutes into the configuration folder, on a named thread
//! (`io::recovery`: one copy per running instance, held by a lock; written through `io::output`,
//! atomically). The changes saved or undone, the copy goes; a clean exit removes it.
//!
//! At the next start, a copy whose instance no longer runs (the previous run crashed) is
//! offered: « Récupérer le projet non enregistré ? » — Récupérer reads it as a project (its
//! project stays the current one, modified), Ignorer keeps it aside under a dated name
//! (`recuperation-ignoree-…tiatlas`, to open later as any project). A copy that cannot be read,
//! or older than its project saved since, is kept aside too, said in French.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant, SystemTime};

use super::super::command::Command;
use super::super::context::Commands;
use super::project::{ProjectContent, ProjectPane, Recovered, recovery_bytes};
use crate::io::recovery::{self, Aside, LeftBehind, Slot};

/// How often the changes are looked at (and written when there are new ones).
pub const INTERVAL: Duration = Duration::from_secs(120);

/// The user's answer to the question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecoveryChoice {
    Recover,
    Ignore,
}

/// A copy left by a run that crashed, offered at start.
pub struct Offer {
    copy: LeftBehind,
    /// The project it belongs to (`None`: a map not saved as a project).
    project: Option<PathBuf>,
}

/// What the start found, from its thread.
struct Started {
    slot: Result<Slot, String>,
    offers: Vec<Offer>,
    said: Vec<String>,
}

/// What the copy holds: the content and the project it belongs to.
type Written = (ProjectContent, Option<PathBuf>);

/// The end of a write, a removal or a copy kept aside.
enum Done {
    Written(Box<Written>),
    Removed,
    Said(String),
}

/// What a look at the changes decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Nothing new.
    Nothing,
    /// Unsaved changes the copy does not hold yet.
    Write,
    /// No unsaved change, and a copy still there.
    Remove,
}

/// What to do given whether there are unsaved changes, what the copy holds and what the
/// window shows.
pub fn decide(unsaved: bool, written: Option<&Written>, now: &Written) -> Action {
    match (unsaved, written) {
        (true, Some(w)) if w == now => Action::Nothing,
        (true, _) => Action::Write,
        (false, Some(_)) => Action::Remove,
        (false, None) => Action::Nothing,
    }
}

/// The pane's state.
#[derive(Default)]
pub struct AutosavePane {
    /// The start running (claiming this instance's copy, looking for copies left behind).
    starting: Option<Receiver<Started>>,
    /// This instance's copy (none: no configuration folder, or it could not be claimed).
    slot: Option<Arc<Slot>>,
    /// The copies offered, the newest first.
    offers: Vec<Offer>,
    /// The write, removal or setting aside running.
    job: Option<Receiver<Done>>,
    /// What the copy holds (`None`: no copy).
    written: Option<Written>,
    /// The window's content when the session started: with no project saved or opened, what
    /// "unsaved" is measured from.
    baseline: Option<ProjectContent>,
    /// When to look at the changes next (`None`: at once).
    next_check: Option<Instant>,
    /// The project pane's revision last seen (a save or an open: looked at at once).
    revision: u64,
    /// A write error said already (said once until a write succeeds).
    failing: bool,
    /// Messages for the user, handed to the app's notices.
    said: Vec<String>,
}

impl AutosavePane {
    /// Claims this instance's copy in `dir` (the configuration folder's recovery folder) and
    /// looks for copies left by runs that crashed, on a named thread. No folder: no autosave.
    pub fn start(&mut self, dir: Option<PathBuf>, ctx: &egui::Context) {
        let Some(dir) = dir else {
            return;
        };
        let spawned = super::super::jobs::spawn_job("recuperation-demarrage", ctx, move || {
            let slot = Slot::claim(&dir);
            let (offers, said) = look_for_copies(&dir);
            Started { slot, offers, said }
        });
        self.starting = spawned.ok();
    }

    /// Each frame: takes what the threads brought, and says whether the changes are to be looked
    /// at now ([`check`](Self::check)): at start, every [`INTERVAL`], and at once after a save
    /// or an open of the project.
    pub fn poll(&mut self, project: &ProjectPane, now: Instant, notices: &mut Vec<String>) -> bool {
        if let Some(rx) = &self.starting {
            match rx.try_recv() {
                Ok(started) => {
                    self.starting = None;
                    match started.slot {
                        Ok(slot) => self.slot = Some(Arc::new(slot)),
                        Err(e) => self.said.push(format!(
                            "Pas d'enregistrement automatique dans cette session : {e}"
                        )),
                    }
                    self.offers = started.offers;
                    self.said.extend(started.said);
                }
                Err(TryRecvError::Disconnected) => self.starting = None,
                Err(TryRecvError::Empty) => {}
            }
        }
        if let Some(rx) = &self.job {
            match rx.try_recv() {
                Ok(done) => {
                    self.job = None;
                    match done {
                        Done::Written(w) => {
                            self.written = Some(*w);
                            self.failing = false;
                        }
                        Done::Removed => self.written = None,
                        Done::Said(text) if text.is_empty() => {}
                        Done::Said(text) => self.said.push(text),
                    }
                }
                Err(TryRecvError::Disconnected) => self.job = None,
                Err(TryRecvError::Empty) => {}
            }
        }
        notices.append(&mut self.said);
        if project.revision() != self.revision {
            self.revision = project.revision();
            self.next_check = None;
        }
        match self.next_check {
            None => true,
            Some(at) => now >= at,
        }
    }

    /// Looks at the window's content: writes the copy when it has unsaved changes the copy does
    /// not hold, removes it when there are none (saved or undone). `project` is the current
    /// project file, if any.
    pub fn check(
        &mut self,
        content: ProjectContent,
        project_pane: &ProjectPane,
        project: Option<PathBuf>,
        now: Instant,
        ctx: &egui::Context,
    ) {
        self.next_check = Some(now + INTERVAL);
        let baseline = self.baseline.get_or_insert_with(|| content.clone());
        let unsaved = project_pane
            .unsaved(&content)
            .unwrap_or_else(|| !baseline.same_as(&content));
        let Some(slot) = self.slot.clone() else {
            return;
        };
        if self.job.is_some() {
            // The next look comes soon: the running write is not queued behind.
            self.next_check = Some(now + INTERVAL / 8);
            return;
        }
        let now_written = (content, project);
        let job = match decide(unsaved, self.written.as_ref(), &now_written) {
            Action::Nothing => return,
            Action::Write => {
                let report = !self.failing;
                self.failing = true;
                super::super::jobs::spawn_job("enregistrement-automatique", ctx, move || {
                    let (content, project) = &now_written;
                    let written = recovery_bytes(content, project.as_deref())
                        .and_then(|bytes| slot.write(&bytes));
                    match written {
                        Ok(()) => Done::Written(Box::new(now_written)),
                        // Said once: the next looks try again quietly.
                        Err(e) if report => Done::Said(format!(
                            "Enregistrement automatique impossible : {e} ; enregistrez le projet (Ctrl+S)"
                        )),
                        Err(_) => Done::Said(String::new()),
                    }
                })
            }
            Action::Remove => {
                super::super::jobs::spawn_job("enregistrement-automatique", ctx, move || match slot
                    .remove_copy()
                {
                    Ok(()) => Done::Removed,
                    Err(e) => Done::Said(format!("Copie de récupération non supprimée : {e}")),
                })
            }
        };
        self.job = job.ok();
    }

    /// The user answered the question about the first copy offered: Ignorer keeps it aside (on a
    /// thread), Récupérer hands its path to be read as a project.
    pub fn choose(&mut self, choice: RecoveryChoice, ctx: &egui::Context) -> Option<PathBuf> {
        if self.offers.is_empty() {
            return None;
        }
        let offer = self.offers.remove(0);
        let path = offer.copy.path.clone();
        match choice {
            RecoveryChoice::Recover => Some(path),
            RecoveryChoice::Ignore => {
                let spawned = super::super::jobs::spawn_job(
                    "recuperation-ignoree",
                    ctx,
                    move || {
                        let said = match recovery::set_aside(&path, Aside::Ignored) {
                            Ok(aside) => format!(
                                "Copie de récupération gardée de côté : {} (ouvrez-la comme un projet pour la reprendre)",
                                aside.display()
                            ),
                            Err(e) => format!("Copie de récupération laissée en place : {e}"),
                        };
                        drop(offer);
                        Done::Said(said)
                    },
                );
                if let Ok(rx) = spawned {
                    // Its message comes with the next poll; a write waits for the next look.
                    if self.job.is_none() {
                        self.job = Some(rx);
                    }
                }
                None
            }
        }
    }

    /// The changes are looked at at the next frame.
    pub fn look_now(&mut self) {
        self.next_check = None;
    }

    /// How many copies are offered (the question is shown while any is).
    pub fn offered(&self) -> usize {
        self.offers.len()
    }

    /// This instance's copy, once claimed.
    pub fn copy_path(&self) -> Option<&Path> {
        self.slot.as_deref().map(Slot::path)
    }

    /// A clean exit: waits briefly for a write running, then removes the copy and its lock.
    pub fn clean_exit(&mut self) {
        if let Some(rx) = self.job.take() {
            let _ = rx.recv_timeout(Duration::from_secs(10));
        }
        if let Some(slot) = self.slot.take() {
            match Arc::try_unwrap(slot) {
                Ok(slot) => {
                    let _ = slot.release();
                }
                Err(shared) => {
                    let _ = shared.remove_copy();
                }
            }
        }
    }

    /// The question about the first copy offered, over the window.
    pub fn question_ui(&self, ctx: &egui::Context, commands: &mut Commands) {
        let Some(offer) = self.offers.first() else {
            return;
        };
        let _ = egui::Modal::new(egui::Id::unique("recuperation")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading("Récupérer le projet non enregistré\u{a0}?");
            ui.add_space(6.0);
            ui.label(question_text(offer.project.as_deref(), offer.copy.written));
            if self.offers.len() > 1 {
                ui.label(format!(
                    "({} copies de récupération en attente)",
                    self.offers.len()
                ));
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Récupérer").clicked() {
                    commands.push(Command::Recovery(RecoveryChoice::Recover));
                }
                if ui
                    .button("Ignorer")
                    .on_hover_text(
                        "La copie est gardée de côté dans le dossier de configuration \
                         (recuperation-ignoree-….tiatlas) : rien n'est effacé",
                    )
                    .clicked()
                {
                    commands.push(Command::Recovery(RecoveryChoice::Ignore));
                }
            });
        });
    }
}

/// What the question says of a copy.
pub fn question_text(project: Option<&Path>, written: SystemTime) -> String {
    let when = written
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| crate::format::date_fr_from_days(i64::try_from(d.as_secs() / 86_400).unwrap_or(0)))
        .unwrap_or_default();
    let what = match project {
        Some(p) => format!(
            "Le projet « {} » avait des modifications non enregistrées",
            super::project::file_name(p)
        ),
        None => "La carte avait des modifications non enregistrées en projet".to_owned(),
    };
    format!(
        "{what} quand ti-atlas s'est arrêté (copie de récupération du {when}). Récupérer les \
         reprend ; Ignorer garde la copie de côté sans la charger."
    )
}

/// The notice after a recovery.
pub fn recovered_notice(recovered: &Recovered, files: usize) -> String {
    let of = match &recovered.project {
        Some(p) => format!("du projet « {} »", super::project::file_name(p)),
        None => "de la carte".to_owned(),
    };
    format!(
        "Modifications {of} récupérées ({files} fichier(s) de l'utilisateur) : enregistrez le projet pour les garder"
    )
}

/// The copies left by runs that crashed (start thread): each read, offered if it holds work
/// newer than its project; kept aside, said, if it cannot be read or is older than its project.
fn look_for_copies(dir: &Path) -> (Vec<Offer>, Vec<String>) {
    let mut offers = Vec::new();
    let mut said = Vec::new();
    for copy in recovery::left_behind(dir) {
        match crate::io::project::read(&copy.path) {
            Ok(read) => {
                let project = read.recovery_of.clone().flatten();
                let older = project
                    .as_deref()
                    .is_some_and(|p| recovery::project_is_newer(p, copy.written));
                if older {
                    let project = project.unwrap_or_default();
                    said.push(match recovery::set_aside(&copy.path, Aside::Older) {
                        Ok(aside) => format!(
                            "{} a été enregistré après sa copie de récupération : la copie est gardée de côté sous {}",
                            project.display(),
                            aside.display()
                        ),
                        Err(e) => format!("Copie de récupération ancienne laissée en place : {e}"),
                    });
                } else {
                    offers.push(Offer { copy, project });
                }
            }
            Err(e) => said.push(match recovery::set_aside(&copy.path, Aside::Unreadable) {
                Ok(aside) => format!(
                    "Copie de récupération illisible : {e} ; elle est gardée de côté sous {}",
                    aside.display()
                ),
                Err(moved) => format!("Copie de récupération illisible : {e} ({moved})"),
            }),
        }
    }
    (offers, said)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::carto::MapSettings;
    use egui_kittest::kittest::Queryable as _;

    fn content(classes: usize) -> ProjectContent {
        ProjectContent {
            map: MapSettings {
                classes,
                ..MapSettings::default()
            },
            views: Vec::new(),
            files: Vec::new(),
            title: None,
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("ti-atlas-autosave-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    /// Polls until the threads are done (the start, then the write or removal).
    fn settle(pane: &mut AutosavePane, project: &ProjectPane, now: Instant) -> Vec<String> {
        let mut notices = Vec::new();
        let start = Instant::now();
        while pane.starting.is_some() || pane.job.is_some() {
            assert!(start.elapsed() < Duration::from_secs(30), "never done");
            let _ = pane.poll(project, now, &mut notices);
            std::thread::sleep(Duration::from_millis(5));
        }
        notices.retain(|n| !n.is_empty());
        notices
    }

    #[test]
    fn only_new_unsaved_changes_are_written_and_a_copy_without_them_goes() {
        let (a, b) = ((content(5), None), (content(7), None));
        assert_eq!(decide(true, None, &a), Action::Write);
        assert_eq!(decide(true, Some(&a), &a), Action::Nothing);
        assert_eq!(decide(true, Some(&a), &b), Action::Write);
        assert_eq!(decide(false, Some(&a), &a), Action::Remove);
        assert_eq!(decide(false, None, &a), Action::Nothing);
        // The same map for another project file (Enregistrer sous) is written again.
        let moved = (content(5), Some(PathBuf::from("/p/autre.tiatlas")));
        assert_eq!(decide(true, Some(&a), &moved), Action::Write);
    }

    #[test]
    fn a_changed_map_is_copied_after_the_interval_and_the_copy_goes_when_undone() {
        let dir = scratch("carte");
        let ctx = egui::Context::default();
        let project = ProjectPane::default();
        let mut pane = AutosavePane::default();
        pane.start(Some(dir.clone()), &ctx);
        let t0 = Instant::now();
        assert!(settle(&mut pane, &project, t0).is_empty());
        // The first look takes the session's start as what "unsaved" is measured from.
        assert!(pane.poll(&project, t0, &mut Vec::new()));
        pane.check(content(5), &project, None, t0, &ctx);
        assert!(pane.job.is_none(), "nothing to write at start");
        // A change: nothing before the interval, the copy after it.
        let t1 = t0 + INTERVAL / 2;
        assert!(!pane.poll(&project, t1, &mut Vec::new()));
        let t2 = t0 + INTERVAL;
        assert!(pane.poll(&project, t2, &mut Vec::new()));
        pane.check(content(7), &project, None, t2, &ctx);
        assert!(settle(&mut pane, &project, t2).is_empty());
        let copy = pane.copy_path().expect("claimed").to_path_buf();
        let read = crate::io::project::read(&copy).expect("a project");
        assert_eq!(read.map["classes"], 7);
        assert_eq!(read.recovery_of, Some(None), "a map without a project");
        // The change undone: the copy goes at the next look.
        let t3 = t2 + INTERVAL;
        assert!(pane.poll(&project, t3, &mut Vec::new()));
        pane.check(content(5), &project, None, t3, &ctx);
        assert!(settle(&mut pane, &project, t3).is_empty());
        assert!(!copy.exists());
        // A clean exit leaves nothing.
        pane.check(content(6), &project, None, t3 + INTERVAL, &ctx);
        let _ = settle(&mut pane, &project, t3 + INTERVAL);
        assert!(copy.exists());
        pane.clean_exit();
        let left: Vec<_> = std::fs::read_dir(&dir).expect("dir").flatten().collect();
        assert!(left.is_empty(), "{left:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_crashed_run_s_copy_is_offered_and_ignored_into_a_kept_aside_file() {
        let dir = scratch("ignoree");
        // A previous run wrote its copy and died (its lock freed with it).
        let previous = Slot::claim(&dir).expect("slot");
        let bytes = recovery_bytes(&content(7), Some(Path::new("/p/carte.tiatlas"))).expect("copy");
        previous.write(&bytes).expect("written");
        let copy = previous.path().to_path_buf();
        drop(previous);
        // And one that is not a project.
        let damaged = Slot::claim(&dir).expect("slot");
        damaged.write(b"PK\x03\x04 abime").expect("written");
        let damaged_path = damaged.path().to_path_buf();
        drop(damaged);

        let ctx = egui::Context::default();
        let project = ProjectPane::default();
        let mut pane = AutosavePane::default();
        pane.start(Some(dir.clone()), &ctx);
        let notices = settle(&mut pane, &project, Instant::now());
        // The damaged copy: said in French, kept aside, not offered.
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(
            notices[0].starts_with("Copie de récupération illisible :"),
            "{notices:?}"
        );
        assert!(notices[0].contains("gardée de côté"), "{notices:?}");
        assert!(!damaged_path.exists());
        // The other is offered, for its project.
        assert_eq!(pane.offered(), 1);
        assert_eq!(
            pane.offers[0].project.as_deref(),
            Some(Path::new("/p/carte.tiatlas"))
        );
        assert!(
            question_text(pane.offers[0].project.as_deref(), SystemTime::now())
                .contains("« carte.tiatlas »")
        );
        // Ignorer: not read, kept aside.
        assert_eq!(pane.choose(RecoveryChoice::Ignore, &ctx), None);
        assert_eq!(pane.offered(), 0);
        let notices = settle(&mut pane, &project, Instant::now());
        assert!(notices[0].contains("gardée de côté"), "{notices:?}");
        assert!(!copy.exists());
        let names: Vec<String> = std::fs::read_dir(&dir)
            .expect("dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        let ignored: Vec<&String> = names
            .iter()
            .filter(|n| n.starts_with("recuperation-ignoree-"))
            .collect();
        assert_eq!(ignored.len(), 1, "{names:?}");
        let kept = std::fs::read(dir.join(ignored[0])).expect("kept");
        assert_eq!(kept, bytes, "the work kept whole");
        assert!(
            names
                .iter()
                .any(|n| n.starts_with("recuperation-illisible-")),
            "{names:?}"
        );
        pane.clean_exit();
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_question_sends_the_user_s_answer() {
        let dir = scratch("question");
        let previous = Slot::claim(&dir).expect("slot");
        previous
            .write(&recovery_bytes(&content(7), None).expect("copy"))
            .expect("written");
        drop(previous);
        let mut pane = AutosavePane::default();
        let ctx = egui::Context::default();
        pane.start(Some(dir.clone()), &ctx);
        let _ = settle(&mut pane, &ProjectPane::default(), Instant::now());
        assert_eq!(pane.offered(), 1);
        let mut commands = Commands::new();
        let mut harness =
            egui_kittest::Harness::new_ui(|ui| pane.question_ui(ui.ctx(), &mut commands));
        harness.run();
        let _ = harness.get_by_label("Récupérer le projet non enregistré\u{a0}?");
        let _ = harness.get_by_label_contains("La carte avait des modifications non enregistrées");
        harness.get_by_label("Récupérer").click();
        harness.run();
        drop(harness);
        assert_eq!(commands, [Command::Recovery(RecoveryChoice::Recover)]);
        pane.clean_exit();
        let _ = std::fs::remove_dir_all(&dir);
    }
}
