//! The settings file: JSON in the user's configuration directory, read once at start, written
//! atomically by a named background thread whenever the settings change (never in the frame).
//! An unreadable file is moved aside under a new dated name (never over an earlier one) and the
//! app starts with defaults. Next to it, the list of the user's files being read ([`ImportMarker`]):
//! a file the app died reading is not read again at the next start.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};

use super::settings::Settings;
use crate::io::atomic::write_atomic;
use crate::io::error_fr::io_error_fr;
use crate::io::settings_file;

/// `~/.config/ti-atlas/reglages.json` on Linux (`$TI_ATLAS_CONFIG` overrides the directory).
pub fn default_path() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("TI_ATLAS_CONFIG") {
        return Some(PathBuf::from(dir).join("reglages.json"));
    }
    directories::ProjectDirs::from("fr", "ANCT", "ti-atlas")
        .map(|d| d.config_dir().join("reglages.json"))
}

/// Reads the settings (see [`settings_file::load`]); a file that could not be moved aside is never
/// written over in this session.
pub fn load(path: &Path) -> (Settings, Option<String>) {
    let loaded = settings_file::load::<Settings>(path);
    if loaded.kept_in_place {
        protect(path);
    }
    (loaded.settings, loaded.notice)
}

/// Settings files that could not be moved aside: never written over in this session.
static PROTECTED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn protect(path: &Path) {
    if let Ok(mut p) = PROTECTED.lock() {
        p.push(path.to_path_buf());
    }
}

fn is_protected(path: &Path) -> bool {
    PROTECTED.lock().is_ok_and(|p| p.iter().any(|q| q == path))
}

/// The user's files being read, listed in a small file next to the settings
/// (`imports-en-cours.txt`, one path a line) from just before a read until just after it: if the
/// app dies during a read (a file that exhausts memory…), the next start finds the file listed and
/// does not read it again. Shared by the import threads.
#[derive(Clone, Debug)]
pub struct ImportMarker {
    path: PathBuf,
}

/// One import thread at a time updates the list.
static MARKER_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl ImportMarker {
    /// The list next to a settings file.
    pub fn next_to(settings: &Path) -> Self {
        ImportMarker {
            path: settings.with_file_name("imports-en-cours.txt"),
        }
    }

    fn read(&self) -> Vec<PathBuf> {
        std::fs::read_to_string(&self.path)
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.is_empty())
            .map(PathBuf::from)
            .collect()
    }

    fn update(&self, change: impl FnOnce(&mut Vec<PathBuf>)) -> Result<(), String> {
        let _guard = MARKER_LOCK
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut files = self.read();
        change(&mut files);
        if files.is_empty() {
            return match std::fs::remove_file(&self.path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error_fr(&e)),
                _ => Ok(()),
            };
        }
        let text: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
        write_atomic(&self.path, text.as_bytes()).map_err(|e| e.to_string())
    }

    /// Lists a file as being read (call before reading it).
    pub fn begin(&self, file: &Path) -> Result<(), String> {
        self.update(|files| files.push(file.to_path_buf()))
    }

    /// The read is over (done, failed or caught panic): the file leaves the list.
    pub fn end(&self, file: &Path) {
        let _ = self.update(|files| {
            if let Some(i) = files.iter().position(|f| f == file) {
                files.remove(i);
            }
        });
    }

    /// The files a previous session was reading when it stopped, and the list emptied. Call once
    /// at start, before any import.
    pub fn take_interrupted(&self) -> Vec<PathBuf> {
        let mut taken = Vec::new();
        let _ = self.update(|files| taken = std::mem::take(files));
        taken.dedup();
        taken
    }
}

/// Writes settings on a background thread; only the latest pending version is written.
pub struct SettingsSaver {
    tx: SyncSender<Settings>,
    errors: Receiver<String>,
    path: PathBuf,
}

impl SettingsSaver {
    pub fn spawn(path: PathBuf) -> std::io::Result<Self> {
        let (tx, rx) = sync_channel::<Settings>(1);
        let (err_tx, errors) = sync_channel::<String>(4);
        let saver_path = path.clone();
        std::thread::Builder::new()
            .name("enregistrement-reglages".into())
            .spawn(move || {
                while let Ok(mut settings) = rx.recv() {
                    // Coalesce: write only the newest.
                    while let Ok(newer) = rx.try_recv() {
                        settings = newer;
                    }
                    if is_protected(&path) {
                        let _ = err_tx.try_send(format!(
                            "réglages non enregistrés : {} est illisible et n'a pas pu être mis de côté",
                            path.display()
                        ));
                        continue;
                    }
                    let result = serde_json::to_vec_pretty(&settings)
                        .map_err(|e| e.to_string())
                        .and_then(|bytes| write_atomic(&path, &bytes).map_err(|e| e.to_string()));
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
        let saver = SettingsSaver::spawn(path.clone()).expect("thread");
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
}
