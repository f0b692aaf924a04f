//! The settings file: JSON in the user's configuration directory, read once at start, written
//! atomically by a named background thread whenever the settings change (never in the frame).
//! An unreadable file is kept aside (never overwritten) and the app starts with defaults.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};

use super::settings::Settings;
use crate::io::atomic::write_atomic;

/// `~/.config/ti-atlas/reglages.json` on Linux (`$TI_ATLAS_CONFIG` overrides the directory).
pub fn default_path() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("TI_ATLAS_CONFIG") {
        return Some(PathBuf::from(dir).join("reglages.json"));
    }
    directories::ProjectDirs::from("fr", "ANCT", "ti-atlas")
        .map(|d| d.config_dir().join("reglages.json"))
}

/// Reads the settings. Missing file: defaults, no notice. Unreadable file: defaults, the file
/// renamed to `reglages.json.illisible` so that nothing is lost, and a French notice.
pub fn load(path: &Path) -> (Settings, Option<String>) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Settings::default(), None),
        Err(e) => {
            return (
                Settings::default(),
                Some(format!(
                    "Réglages non lus ({}) : {e}. Réglages par défaut.",
                    path.display()
                )),
            );
        }
    };
    match serde_json::from_str::<Settings>(&text) {
        Ok(s) => (s, None),
        Err(e) => {
            let aside = path.with_extension("json.illisible");
            let kept = std::fs::rename(path, &aside).is_ok();
            let mut notice = format!(
                "Réglages illisibles ({}, ligne {}, colonne {}) : réglages par défaut.",
                path.display(),
                e.line(),
                e.column()
            );
            if kept {
                notice.push_str(&format!(
                    " L'ancien fichier est conservé : {}",
                    aside.display()
                ));
            }
            (Settings::default(), Some(notice))
        }
    }
}

/// Writes settings on a background thread; only the latest pending version is written.
pub struct SettingsSaver {
    tx: SyncSender<Settings>,
    errors: Receiver<String>,
}

impl SettingsSaver {
    pub fn spawn(path: PathBuf) -> std::io::Result<Self> {
        let (tx, rx) = sync_channel::<Settings>(1);
        let (err_tx, errors) = sync_channel::<String>(4);
        std::thread::Builder::new()
            .name("enregistrement-reglages".into())
            .spawn(move || {
                while let Ok(mut settings) = rx.recv() {
                    // Coalesce: write only the newest.
                    while let Ok(newer) = rx.try_recv() {
                        settings = newer;
                    }
                    let result = serde_json::to_vec_pretty(&settings)
                        .map_err(|e| e.to_string())
                        .and_then(|bytes| write_atomic(&path, &bytes).map_err(|e| e.to_string()));
                    if let Err(e) = result {
                        let _ = err_tx.try_send(e);
                    }
                }
            })?;
        Ok(SettingsSaver { tx, errors })
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
    fn an_unreadable_file_is_kept_aside() {
        let dir = scratch("illisible");
        let path = dir.join("reglages.json");
        std::fs::write(&path, "{ \"classes\": ").expect("write");
        let (settings, notice) = load(&path);
        assert_eq!(settings, Settings::default());
        let notice = notice.expect("a notice");
        assert!(
            notice.contains("illisibles") && notice.contains("ligne 1"),
            "{notice}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("reglages.json.illisible")).expect("kept"),
            "{ \"classes\": "
        );
        assert_eq!(load(&dir.join("absent.json")), (Settings::default(), None));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
