//! Atomic file writes: the new content goes to a temporary file in the same directory, is
//! flushed to disk, then renamed over the target. A crash leaves the old file or the new one,
//! never half of one.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::error_fr::io_error_fr;

/// Why a file could not be written (French message naming the file).
#[derive(Debug, thiserror::Error)]
#[error("impossible d'écrire {path} : {reason}")]
pub struct WriteError {
    pub path: PathBuf,
    /// In French.
    pub reason: String,
}

impl WriteError {
    /// The error for `path`, the system's reason said in French.
    pub fn io(path: &Path, e: &std::io::Error) -> Self {
        WriteError {
            path: path.to_path_buf(),
            reason: io_error_fr(e),
        }
    }
}

/// Symbolic links followed before giving up (as the system does).
const MAX_LINKS: usize = 40;

/// The file a path designates: symbolic links followed to their final target (even a target
/// that does not exist yet), its folder resolved (`..`, linked folders), as an absolute path.
pub fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = resolve_folder(&std::path::absolute(path)?);
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)?;
                let next = match p.parent() {
                    Some(dir) => dir.join(to),
                    None => to,
                };
                p = resolve_folder(&next);
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::from_raw_os_error(libc::ELOOP))
}

/// The path with its folder resolved: the deepest existing folder canonicalized, the rest
/// appended as written.
fn resolve_folder(path: &Path) -> PathBuf {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return path.to_path_buf();
    };
    let mut rest = Vec::new();
    let mut existing = dir;
    loop {
        if let Ok(c) = std::fs::canonicalize(existing) {
            let mut out = c;
            out.extend(rest.iter().rev());
            out.push(name);
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(up), Some(n)) => {
                rest.push(n);
                existing = up;
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// Creates a folder and its parents; the French reason when it cannot be (a file in place of a
/// folder is named).
pub fn create_dir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| create_dir_reason(dir, &e))
}

/// Why a folder could not be created, in French: a file in place of a folder is named.
fn create_dir_reason(dir: &Path, e: &std::io::Error) -> String {
    let mut ancestor = Some(dir);
    while let Some(a) = ancestor {
        if let Ok(m) = std::fs::metadata(a)
            && !m.is_dir()
        {
            return format!(
                "{} est un fichier et non un dossier : le dossier ne peut pas être créé \
                 (renommez ou déplacez ce fichier)",
                a.display()
            );
        }
        ancestor = a.parent();
    }
    format!(
        "le dossier {} ne peut pas être créé : {}",
        dir.display(),
        io_error_fr(e)
    )
}

/// Writes `bytes` to `path` atomically, creating the parent directory if needed. A symbolic
/// link is written through: its target is replaced (the temporary file beside the target), the
/// link stays. An existing file keeps its permissions. Temporary files a killed write left in
/// the folder are removed first ([`clean_stale_temporaries`]). Every output of the app and the
/// command line comes here through [`super::output`], which checks it first.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let target = resolve_links(path).map_err(|e| WriteError::io(path, &e))?;
    let err = |e: std::io::Error| WriteError::io(path, &e);
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    create_dir(&dir).map_err(|reason| WriteError {
        path: path.to_path_buf(),
        reason,
    })?;
    clean_stale_temporaries(&dir);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "fichier".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let permissions = std::fs::metadata(&target).ok().map(|m| m.permissions());
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        if let Some(p) = permissions {
            f.set_permissions(p)?;
        }
        f.sync_all()?;
        std::fs::rename(&tmp, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(err)
}

/// A temporary file older than this is stale even if its process number is alive again
/// (numbers are reused).
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Entries of a folder looked at for stale temporary files (a huge folder is not walked whole).
const MAX_ENTRIES_SCANNED: usize = 10_000;

/// Removes the temporary files `.NAME.PID.tmp` a killed write left in `dir`: only names of that
/// pattern, of another process that is no longer running (or older than 15 minutes), regular
/// files only. Returns how many were removed.
pub fn clean_stale_temporaries(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let me = std::process::id();
    let mut removed = 0;
    for entry in entries.take(MAX_ENTRIES_SCANNED).flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temporary_pid) else {
            continue;
        };
        if pid == me {
            continue;
        }
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let old = meta
            .modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if (old || !process_alive(pid)) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The process number in a temporary file's name `.NAME.PID.tmp`.
fn temporary_pid(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (file, pid) = inner.rsplit_once('.')?;
    if file.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 only checks that the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_alive(_: u32) -> bool {
    true
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

    #[test]
    fn a_link_is_written_through_and_stays_a_link() {
        let dir = scratch("lien");
        std::fs::create_dir_all(dir.join("vrai")).expect("dir");
        let target = dir.join("vrai/reglages.json");
        std::fs::write(&target, b"ancien").expect("write");
        let link = dir.join("reglages.json");
        std::os::unix::fs::symlink("vrai/reglages.json", &link).expect("symlink");
        write_atomic(&link, b"nouveau").expect("written");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("link")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).expect("target"), b"nouveau");
        // A link to a file that does not exist yet creates the target.
        let dangling = dir.join("nouveau.csv");
        std::os::unix::fs::symlink("vrai/cree.csv", &dangling).expect("symlink");
        write_atomic(&dangling, b"x").expect("written");
        assert_eq!(
            std::fs::read(dir.join("vrai/cree.csv")).expect("read"),
            b"x"
        );
        // A loop of links is refused.
        std::os::unix::fs::symlink("boucle-b", dir.join("boucle-a")).expect("symlink");
        std::os::unix::fs::symlink("boucle-a", dir.join("boucle-b")).expect("symlink");
        assert!(write_atomic(&dir.join("boucle-a"), b"x").is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = scratch("droits");
        let path = dir.join("rapport.csv");
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(&path, b"a").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write_atomic(&path, b"b").expect("written");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_in_place_of_the_folder_is_named() {
        let dir = scratch("fichier-dossier");
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("ti-atlas"), b"pas un dossier").expect("write");
        let e = write_atomic(&dir.join("ti-atlas/reglages.json"), b"{}").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("est un fichier et non un dossier"), "{text}");
        assert!(!text.contains("existe déjà"), "{text}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn temporaries_of_a_killed_write_are_cleaned_and_only_those() {
        let dir = scratch("temporaires");
        std::fs::create_dir_all(&dir).expect("dir");
        // A process number that cannot be running (above the kernel's maximum).
        let dead = dir.join(".carte.pdf.2147483646.tmp");
        let mine = dir.join(format!(".fiche.pdf.{}.tmp", std::process::id()));
        // The parent of this test is alive: its temporary stays.
        let alive = dir.join(format!(".tableau.csv.{}.tmp", parent_pid()));
        let not_ours = [
            ".cache.tmp",
            ".carte.pdf.abc.tmp",
            "carte.pdf.12.tmp",
            ".x.12.tmpl",
        ];
        for p in [&dead, &mine, &alive] {
            std::fs::write(p, b"moitie").expect("write");
        }
        for n in not_ours {
            std::fs::write(dir.join(n), b"autre").expect("write");
        }
        write_atomic(&dir.join("carte.pdf"), b"%PDF").expect("written");
        assert!(!dead.exists());
        assert!(mine.exists() && alive.exists());
        for n in not_ours {
            assert!(dir.join(n).exists(), "{n}");
        }
        assert_eq!(temporary_pid(".a.b.csv.123.tmp"), Some(123));
        assert_eq!(temporary_pid("..123.tmp"), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn parent_pid() -> u32 {
        // SAFETY: getppid has no preconditions.
        u32::try_from(unsafe { libc::getppid() }).unwrap_or(1)
    }
}
