//! The list of the user's files being read, kept next to the settings file while an import
//! thread reads them, so that a read that kills the app is not tried again at the next start.

use std::path::{Path, PathBuf};

use crate::io::error_fr::io_error_fr;
use crate::io::output::{OutputKind, write_own};
use crate::io::settings_file;

/// The user's files being read, listed in a small file next to the settings
/// (`imports-en-cours.txt`, one path a line) from just before a read until just after it: if the
/// app dies during a read (a file that exhausts memory…), the next start finds the file listed and
/// does not read it again. Shared by the import threads.
#[derive(Clone, Debug)]
pub struct ImportMarker {
    path: PathBuf,
}

/// One import thread at a time updates the list (and a lock file, one process at a time).
static MARKER_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl ImportMarker {
    /// Where the list is kept.
    pub fn path(&self) -> &Path {
        &self.path
    }

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
        // Another instance may update the list too: one at a time across processes.
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::io::atomic::create_dir(dir)?;
        }
        let _lock = settings_file::FileLock::acquire(&settings_file::lock_path(&self.path))
            .map_err(|e| io_error_fr(&e))?;
        let mut files = self.read();
        change(&mut files);
        if files.is_empty() {
            return match std::fs::remove_file(&self.path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error_fr(&e)),
                _ => Ok(()),
            };
        }
        let text: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
        write_own(&self.path, OutputKind::Text, text.as_bytes()).map_err(|e| e.to_string())
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
