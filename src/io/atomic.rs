//! Atomic file writes: the new content goes to a temporary file in the same directory, is
//! flushed to disk, then renamed over the target. A crash leaves the old file or the new one,
//! never half of one.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Why a file could not be written (French message naming the file).
#[derive(Debug, thiserror::Error)]
#[error("impossible d'écrire {path} : {}", super::error_fr::io_error_fr(.source))]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Writes `bytes` to `path` atomically, creating the parent directory if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let err = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(err)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "fichier".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("ti-atlas-atomic-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = scratch("replace");
        let path = dir.join("sub/reglages.json");
        write_atomic(&path, b"un").expect("first write");
        write_atomic(&path, b"deux").expect("second write");
        assert_eq!(std::fs::read(&path).expect("read"), b"deux");
        let names: Vec<_> = std::fs::read_dir(dir.join("sub"))
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn failure_names_the_file_and_keeps_the_old_content() {
        let dir = scratch("fail");
        let path = dir.join("reglages.json");
        write_atomic(&path, b"ancien").expect("write");
        // A directory in the way of the target: rename fails.
        let blocked = dir.join("bloque");
        std::fs::create_dir_all(blocked.join("x")).expect("dir");
        let e = write_atomic(&blocked, b"nouveau").unwrap_err();
        assert!(e.to_string().contains("bloque"), "{e}");
        assert_eq!(std::fs::read(&path).expect("read"), b"ancien");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
