//! The settings file: JSON in the user's configuration directory, read once at start, written
//! atomically by a named background thread whenever the settings change (never in the frame).
//! Each save re-reads the file under a lock and applies only what this instance changed
//! ([`settings_file::save_merged`]): two instances open at once keep each other's changes. An
//! invalid value resets that value alone, with a notice naming it; a file that is not JSON at all
//! is moved aside under a new dated name (never over an earlier one) and the app starts with
//! defaults. A symbolic link in place of the file is written through. Next to it, the list of the user's files being read ([`ImportMarker`]):
//! a file the app died reading is not read again at the next start.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};

use super::import_marker::ImportMarker;
use super::settings::Settings;
use crate::io::output::{Role, protect};
use crate::io::settings_file;

/// `~/.config/ti-atlas/reglages.json` on Linux (`$TI_ATLAS_CONFIG` overrides the directory).
pub fn default_path() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("TI_ATLAS_CONFIG") {
        return Some(PathBuf::from(dir).join("reglages.json"));
    }
    directories::ProjectDirs::from("fr", "ANCT", "ti-atlas")
        .map(|d| d.config_dir().join("reglages.json"))
}

/// Where the files of the projects the user opens are kept (beside the settings: read again at
/// the next start, as any imported file).
pub fn project_files_dir() -> Option<PathBuf> {
    default_path().and_then(|p| p.parent().map(|d| d.join("fichiers-des-projets")))
}

/// Where the autosave keeps its recovery copies (beside the settings).
pub fn recovery_dir() -> Option<PathBuf> {
    default_path().and_then(|p| p.parent().map(|d| d.join(crate::io::recovery::DIR_NAME)))
}

/// Reads the settings (see [`settings_file::load`]); a file that could not be moved aside is never
/// written over in this session.
pub fn load(path: &Path) -> (Settings, Option<String>) {
    let (settings, notices, _) = load_with_base(path);
    let notice = (!notices.is_empty()).then(|| notices.join(" "));
    (settings, notice)
}

/// [`load`], with the settings as loaded in JSON: the base [`SettingsSaver::spawn`] merges from.
/// The remembered files are capped here ([`super::imports::cap_remembered`]), so that a huge
/// list is not kept in the base either.
pub fn load_with_base(path: &Path) -> (Settings, Vec<String>, serde_json::Value) {
    let mut loaded = settings_file::load::<Settings>(path);
    if loaded.kept_in_place {
        keep_unwritten(path);
    }
    let mut notices: Vec<String> = loaded.notice.into_iter().collect();
    if let Some(capped) = super::imports::cap_remembered(&mut loaded.settings.imported_files) {
        notices.push(capped);
        settings_file::mark_repaired(&mut loaded.base, "imported_files");
    }
    (loaded.settings, notices, loaded.base)
}

/// Settings files that could not be moved aside: never written over in this session.
static UNWRITABLE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn keep_unwritten(path: &Path) {
    if let Ok(mut p) = UNWRITABLE.lock() {
        p.push(path.to_path_buf());
    }
}

fn is_unwritable(path: &Path) -> bool {
    UNWRITABLE.lock().is_ok_and(|p| p.iter().any(|q| q == path))
}

/// Writes settings on a background thread; only the latest pending version is written.
pub struct SettingsSaver {
    tx: SyncSender<Settings>,
    errors: Receiver<String>,
    path: PathBuf,
}

impl SettingsSaver {
    /// Starts the saving thread for the file at `path`; `base` is the settings as loaded, in JSON
    /// ([`load_with_base`]; `Null` when there was no file): each save applies onto the file's
    /// current content only what changed since. The temporary files a killed save left beside it
    /// are cleaned now.
    pub fn spawn(path: PathBuf, base: serde_json::Value) -> std::io::Result<Self> {
        let (tx, rx) = sync_channel::<Settings>(1);
        let (err_tx, errors) = sync_channel::<String>(4);
        let saver_path = path.clone();
        protect(&path, Role::AppFile);
        protect(ImportMarker::next_to(&path).path(), Role::AppFile);
        if let Some(dir) = path.parent() {
            crate::io::atomic::clean_stale_temporaries(dir);
        }
        std::thread::Builder::new()
            .name("enregistrement-reglages".into())
            .spawn(move || {
                let mut base = base;
                while let Ok(mut settings) = rx.recv() {
                    // Coalesce: write only the newest.
                    while let Ok(newer) = rx.try_recv() {
                        settings = newer;
                    }
                    if is_unwritable(&path) {
                        let _ = err_tx.try_send(format!(
                            "réglages non enregistrés : {} est illisible et n'a pas pu être mis de côté",
                            path.display()
                        ));
                        continue;
                    }
                    let result = serde_json::to_value(&settings)
                        .map_err(|e| e.to_string())
                        .and_then(|ours| settings_file::save_merged(&path, &mut base, ours));
                    if let Err(e) = result {
                        let _ = err_tx.try_send(e);
                    }
                }
            })?;
        Ok(SettingsSaver {
            tx,
            errors,
            path: saver_path,
        })
    }

    /// Queues a save; never blocks the frame (a save already queued is replaced next time).
    pub fn save(&self, settings: &Settings) {
        match self.tx.try_send(settings.clone()) {
            Ok(()) | Err(TrySendError::Disconnected(_)) => {}
            Err(TrySendError::Full(_)) => {
                // The worker is busy with an older version: it will pick the newest next time.
                let tx = self.tx.clone();
                let s = settings.clone();
                let _ = std::thread::Builder::new()
                    .name("enregistrement-reglages-suite".into())
                    .spawn(move || {
                        let _ = tx.send(s);
                    });
            }
        }
    }

    /// The list of files being read, next to the settings this saver writes.
    pub fn import_marker(&self) -> ImportMarker {
        ImportMarker::next_to(&self.path)
    }

    /// A write error, if one happened since the last call.
    pub fn take_error(&self) -> Option<String> {
        self.errors.try_recv().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IndicatorId;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("ti-atlas-reglages-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        dir
    }

    #[test]
    fn saved_settings_come_back() {
        let dir = scratch("aller-retour");
        let path = dir.join("reglages.json");
        let saver = SettingsSaver::spawn(path.clone(), serde_json::Value::Null).expect("thread");
        let mut settings = Settings::default();
        settings.map.indicator = Some("densite".into());
        settings.map.classes = 7;
        saver.save(&settings);
        let start = std::time::Instant::now();
        while load(&path).0 != settings {
            assert!(start.elapsed().as_secs() < 10, "never written");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(load(&path), (settings, None));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_read_interrupted_by_a_crash_is_found_at_the_next_start() {
        let dir = scratch("marqueur");
        let marker = ImportMarker::next_to(&dir.join("reglages.json"));
        let (a, b) = (dir.join("a.xlsx"), dir.join("b.csv"));
        marker.begin(&a).expect("listed");
        marker.begin(&b).expect("listed");
        marker.end(&b);
        // The session dies reading a.xlsx; the next one finds it, once.
        assert_eq!(marker.take_interrupted(), vec![a.clone()]);
        assert!(marker.take_interrupted().is_empty());
        assert!(!dir.join("imports-en-cours.txt").exists());
        marker.begin(&a).expect("listed");
        marker.end(&a);
        assert!(marker.take_interrupted().is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Waits until the file at `path` loads with `check` true.
    fn wait_for(path: &Path, check: impl Fn(&Settings) -> bool) -> Settings {
        let start = std::time::Instant::now();
        loop {
            let (s, _) = load(path);
            if check(&s) {
                return s;
            }
            assert!(start.elapsed().as_secs() < 10, "never written: {s:?}");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    #[test]
    fn two_instances_changing_different_settings_both_keep_their_change() {
        let dir = scratch("deux-instances");
        let path = dir.join("reglages.json");
        let mut first = Settings::default();
        first.map.classes = 4;
        first.online_basemap = false;
        std::fs::write(&path, serde_json::to_vec(&first).expect("json")).expect("write");
        // Two instances start from the same file.
        let (mut a, _, base_a) = load_with_base(&path);
        let (mut b, _, base_b) = load_with_base(&path);
        let saver_a = SettingsSaver::spawn(path.clone(), base_a).expect("thread");
        let saver_b = SettingsSaver::spawn(path.clone(), base_b).expect("thread");
        a.map.classes = 7;
        a.bookmarks.push(view("Rennes"));
        saver_a.save(&a);
        wait_for(&path, |s| s.map.classes == 7);
        // B saves its stale copy (classes 4) with its own changes.
        b.online_basemap = true;
        b.map.indicator = Some("densite".into());
        b.bookmarks.push(view("Vitré"));
        saver_b.save(&b);
        let both = wait_for(&path, |s| s.online_basemap);
        assert_eq!(both.map.classes, 7, "A's change lost");
        assert_eq!(
            both.map.indicator.as_ref().map(IndicatorId::as_str),
            Some("densite")
        );
        let names: Vec<&str> = both.bookmarks.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["Rennes", "Vitré"]);
        // A changes something else: B's changes stay.
        a.text_scale = 1.5;
        saver_a.save(&a);
        let again = wait_for(&path, |s| s.text_scale == 1.5);
        assert!(again.online_basemap && again.map.classes == 7);
        assert_eq!(again.bookmarks.len(), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }

    const VIEW: &str = r#"{"name": "Vitré", "centre": [-1.2, 48.1], "zoom": 9.5,
        "maille": "Territoire", "method": "q6", "classes": 6, "layers": ["Ti2023"]}"#;

    fn view(name: &str) -> crate::model::views::bookmarks::Bookmark {
        let mut v: crate::model::views::bookmarks::Bookmark =
            serde_json::from_str(VIEW).expect("view");
        v.name = name.into();
        v
    }

    #[test]
    fn one_bad_value_resets_that_value_alone() {
        let dir = scratch("valeur-inconnue");
        let path = dir.join("reglages.json");
        let text = r#"{
          "maille": "Commune", "classes": "sept", "indicator": "densite",
          "online_basemap": true, "text_scale": 1.25,
          "palette": {"scheme": "Arc-en-ciel", "reversed": true},
          "imported_files": [{"path": "/tmp/plan.xlsx", "kind": "Plan"},
                             {"path": "/tmp/x.csv", "kind": "Fromage"},
                             {"path": "/tmp/t.csv", "kind": "Table"}],
          "bookmarks": [VIEW],
          "a_future_setting": {"x": 1}
        }"#;
        std::fs::write(&path, text.replace("VIEW", VIEW)).expect("write");
        let (s, notices, base) = load_with_base(&path);
        assert_eq!(notices.len(), 1, "{notices:?}");
        let notice = &notices[0];
        for named in [
            "« maille » (« Commune »)",
            "« classes » (« sept »)",
            "« palette.scheme » (« Arc-en-ciel »)",
            "« imported_files » : 1 entrée",
        ] {
            assert!(notice.contains(named), "{named}: {notice}");
        }
        assert!(
            notice.contains("tous les autres réglages sont conservés"),
            "{notice}"
        );
        let defaults = Settings::default();
        assert_eq!(s.map.maille, defaults.map.maille);
        assert_eq!(s.map.classes, defaults.map.classes);
        assert_eq!(s.map.palette.scheme, defaults.map.palette.scheme);
        // Everything else is kept.
        assert!(s.map.palette.reversed && s.online_basemap);
        assert_eq!(
            s.map.indicator.as_ref().map(IndicatorId::as_str),
            Some("densite")
        );
        assert_eq!(s.text_scale, 1.25);
        let paths: Vec<_> = s
            .imported_files
            .iter()
            .map(|f| f.path.display().to_string())
            .collect();
        assert_eq!(paths, ["/tmp/plan.xlsx", "/tmp/t.csv"]);
        assert_eq!(s.bookmarks.len(), 1);
        assert!(path.exists(), "the file was set aside");
        // The first save writes the reset values and keeps the unknown setting.
        let saver = SettingsSaver::spawn(path.clone(), base).expect("thread");
        let mut changed = s.clone();
        changed.map.show_labels = !changed.map.show_labels;
        saver.save(&changed);
        wait_for(&path, |x| x.map.show_labels == changed.map.show_labels);
        let written: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
        assert_eq!(written["a_future_setting"]["x"], 1);
        assert_ne!(written["maille"], "Commune");
        assert_eq!(load(&path).1, None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_huge_remembered_list_is_capped_at_load_and_not_kept_in_the_base() {
        let dir = scratch("liste-enorme");
        let path = dir.join("reglages.json");
        let files: Vec<serde_json::Value> = (0..200_000)
            .map(|i| serde_json::json!({"path": format!("/media/cle/f{i}.csv"), "kind": "Table"}))
            .collect();
        let text = serde_json::json!({"classes": 6, "imported_files": files}).to_string();
        std::fs::write(&path, text).expect("write");
        let (s, notices, base) = load_with_base(&path);
        assert_eq!(
            s.imported_files.len(),
            super::super::imports::MAX_REMEMBERED
        );
        assert_eq!(s.map.classes, 6);
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].contains("200 plus récentes"), "{}", notices[0]);
        assert!(
            !base["imported_files"].is_array(),
            "the base keeps the huge list"
        );
        // The first save writes the capped list.
        let saver = SettingsSaver::spawn(path.clone(), base).expect("thread");
        saver.save(&s);
        let written = wait_for(&path, |x| x.imported_files.len() == 200);
        assert_eq!(written.imported_files, s.imported_files);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
