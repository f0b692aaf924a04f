//! The recovery copies of the app's autosave: while a project (or a map not saved as a project
//! yet) has unsaved changes, the app writes it as a project (`.tiatlas`, the manifest naming the
//! project it is a copy of) into a folder beside its settings, one file per running instance:
//! `recuperation-<pid>.tiatlas`, with its lock `.recuperation-<pid>.verrou` (an advisory lock
//! held as long as the instance runs).
//!
//! - A clean exit removes both ([`Slot::release`]); a crash leaves them, and the lock is freed
//!   with the dead process: the next start finds the copy ([`left_behind`]).
//! - Two instances never touch each other's copies: a copy whose lock is held belongs to an
//!   instance still running and is left alone; an instance never claims a name a copy already
//!   has (a dead instance may have had its process number).
//! - Nothing here deletes a copy the user has not seen: a copy ignored, unreadable or older than
//!   its project is kept aside under a dated name (`recuperation-ignoree-AAAA-MM-JJ.tiatlas`…),
//!   which the user can open as any project.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::error_fr::io_error_fr;
use super::output::{OutputKind, Role, protect, write_own};
use super::settings_file::{FileLock, date_iso};

/// The folder of the recovery copies, in the configuration folder.
pub const DIR_NAME: &str = "recuperation";

/// The start of a copy's name.
const PREFIX: &str = "recuperation-";

/// Names tried for one process number before giving up (copies left by dead instances that
/// had the same number).
const MAX_NAMES: u32 = 100;

/// Copies looked at in the folder (a huge folder is not walked whole).
const MAX_SCANNED: usize = 10_000;

/// The copy's file name for a process number and a rank (`recuperation-123.tiatlas`,
/// `recuperation-123-2.tiatlas`).
fn copy_name(pid: u32, rank: u32) -> String {
    if rank == 1 {
        format!("{PREFIX}{pid}.{}", super::project::EXTENSION)
    } else {
        format!("{PREFIX}{pid}-{rank}.{}", super::project::EXTENSION)
    }
}

/// Whether a file name is a copy's (`recuperation-<digits>[-<digits>].tiatlas`): a copy kept
/// aside (`recuperation-ignoree-…`) is not.
fn is_copy_name(name: &str) -> bool {
    let Some(stem) = name
        .strip_prefix(PREFIX)
        .and_then(|n| n.strip_suffix(&format!(".{}", super::project::EXTENSION)))
    else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match stem.split_once('-') {
        Some((pid, rank)) => digits(pid) && digits(rank),
        None => digits(stem),
    }
}

/// A copy's lock file: `.recuperation-123.verrou` beside `recuperation-123.tiatlas`.
fn lock_path(copy: &Path) -> PathBuf {
    let stem = copy
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    copy.with_file_name(format!(".{stem}.verrou"))
}

/// This instance's recovery copy: its path, and its lock held while the instance runs.
pub struct Slot {
    path: PathBuf,
    _lock: FileLock,
}

impl Slot {
    /// Claims this instance's copy in `dir` (created if needed): the first name for this process
    /// number whose lock is free and that no copy has yet. The copy is one of the app's own
    /// files: no export may replace it.
    pub fn claim(dir: &Path) -> Result<Slot, String> {
        super::atomic::create_dir(dir)?;
        let pid = std::process::id();
        for rank in 1..=MAX_NAMES {
            let path = dir.join(copy_name(pid, rank));
            let lock = FileLock::try_acquire(&lock_path(&path)).map_err(|e| {
                format!(
                    "{} : verrou impossible ({})",
                    lock_path(&path).display(),
                    io_error_fr(&e)
                )
            })?;
            // A copy already there was left by a dead instance with this number: kept for the
            // question at start.
            if let Some(lock) = lock
                && std::fs::symlink_metadata(&path).is_err()
            {
                protect(&path, Role::AppFile);
                return Ok(Slot { path, _lock: lock });
            }
        }
        Err(format!(
            "{} : trop de copies de récupération pour ce processus",
            dir.display()
        ))
    }

    /// Where the copy is written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the copy (atomically: a crash during the write leaves the previous one whole).
    pub fn write(&self, bytes: &[u8]) -> Result<(), String> {
        write_own(&self.path, OutputKind::Project, bytes).map_err(|e| e.to_string())
    }

    /// Removes the copy (its work was saved, or the changes undone); the lock stays held.
    pub fn remove_copy(&self) -> Result<(), String> {
        remove_if_there(&self.path)
    }

    /// A clean exit: the copy and its lock file go.
    pub fn release(self) -> Result<(), String> {
        remove_if_there(&self.path)?;
        // The lock file is removed while still held: no other instance can hold it meanwhile.
        remove_if_there(&lock_path(&self.path))
    }
}

fn remove_if_there(path: &Path) -> Result<(), String> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("{} : {}", path.display(), io_error_fr(&e)))
        }
        _ => Ok(()),
    }
}

/// A copy left by an instance that no longer runs, held by this one (its lock) while it is
/// offered, so that another instance starting meanwhile leaves it alone.
pub struct LeftBehind {
    pub path: PathBuf,
    /// When it was last written.
    pub written: SystemTime,
    _lock: FileLock,
}

/// The copies in `dir` whose instance no longer runs (their lock is free), the newest first.
pub fn left_behind(dir: &Path) -> Vec<LeftBehind> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.take(MAX_SCANNED).flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(is_copy_name) {
            continue;
        }
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let path = entry.path();
        // Held: the copy of an instance that runs (or of this one).
        let Ok(Some(lock)) = FileLock::try_acquire(&lock_path(&path)) else {
            continue;
        };
        found.push(LeftBehind {
            written: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
            path,
            _lock: lock,
        });
    }
    found.sort_by(|a, b| b.written.cmp(&a.written).then(a.path.cmp(&b.path)));
    found
}

/// Why a copy is kept aside: it says in its new name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aside {
    /// The user chose not to recover it.
    Ignored,
    /// It could not be read.
    Unreadable,
    /// Its project was saved after it.
    Older,
    /// Its work was recovered into the running instance (which writes its own copy).
    Recovered,
}

impl Aside {
    fn word(self) -> &'static str {
        match self {
            Aside::Ignored => "ignoree",
            Aside::Unreadable => "illisible",
            Aside::Older => "ancienne",
            Aside::Recovered => "recuperee",
        }
    }
}

/// Moves a copy aside as `recuperation-<why>-AAAA-MM-JJ[-N].tiatlas` beside it, never over an
/// existing file, and removes its lock file. Returns the new path.
pub fn set_aside(copy: &Path, why: Aside) -> Result<PathBuf, String> {
    let date = date_iso(SystemTime::now());
    let failed = |e: &std::io::Error| format!("{} : {}", copy.display(), io_error_fr(e));
    for n in 1..=MAX_NAMES {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let aside = copy.with_file_name(format!(
            "{PREFIX}{}-{date}{suffix}.{}",
            why.word(),
            super::project::EXTENSION
        ));
        // A hard link fails if the name is taken: no window in which another file is replaced.
        match std::fs::hard_link(copy, &aside) {
            Ok(()) => {
                std::fs::remove_file(copy).map_err(|e| failed(&e))?;
                let _ = remove_if_there(&lock_path(copy));
                return Ok(aside);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(failed(&e)),
        }
    }
    Err(format!(
        "{} : trop de copies gardées de côté ce jour",
        copy.display()
    ))
}

/// Whether the project file at `project` was saved after the copy was written (the copy is then
/// older than the work it would bring back).
pub fn project_is_newer(project: &Path, copy_written: SystemTime) -> bool {
    std::fs::metadata(project)
        .and_then(|m| m.modified())
        .is_ok_and(|saved| saved > copy_written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "ti-atlas-recuperation-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn copy_names_are_told_from_copies_kept_aside() {
        assert!(is_copy_name("recuperation-123.tiatlas"));
        assert!(is_copy_name("recuperation-123-2.tiatlas"));
        assert!(!is_copy_name("recuperation-ignoree-2026-12-06.tiatlas"));
        assert!(!is_copy_name("recuperation-123.json"));
        assert!(!is_copy_name("recuperation-.tiatlas"));
        assert!(!is_copy_name("carte.tiatlas"));
        assert_eq!(
            lock_path(Path::new("/c/recuperation-7.tiatlas")),
            Path::new("/c/.recuperation-7.verrou")
        );
    }

    #[test]
    fn a_running_instance_s_copy_is_never_offered_nor_taken_a_dead_one_s_is() {
        let dir = scratch("deux-instances");
        // One instance runs and has written its copy.
        let running = Slot::claim(&dir).expect("slot");
        running.write(b"PK\x05\x06copie").expect("written");
        assert!(left_behind(&dir).is_empty(), "a running instance's copy");
        // A second instance of the same process number takes another name.
        let second = Slot::claim(&dir).expect("second slot");
        assert_ne!(second.path(), running.path());
        // The first one dies (its lock freed with it): its copy is found, not the second's
        // (no copy written yet), and the name is not claimed again while the copy is there.
        let dead = running.path().to_path_buf();
        drop(running);
        let found = left_behind(&dir);
        assert_eq!(
            found.iter().map(|f| f.path.as_path()).collect::<Vec<_>>(),
            [dead.as_path()]
        );
        // Offered by one instance: held, so another starting meanwhile leaves it alone.
        assert!(left_behind(&dir).is_empty());
        drop(found);
        let third = Slot::claim(&dir).expect("third slot");
        assert_ne!(third.path(), dead);
        assert_ne!(third.path(), second.path());
        // A clean exit leaves nothing behind; the dead instance's copy stays.
        second.write(b"PK\x05\x06deux").expect("written");
        let second_path = second.path().to_path_buf();
        second.release().expect("released");
        assert!(!second_path.exists() && !lock_path(&second_path).exists());
        assert!(dead.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_copy_set_aside_keeps_its_bytes_under_a_new_name_never_over_another() {
        let dir = scratch("de-cote");
        std::fs::create_dir_all(&dir).expect("dir");
        let copy = dir.join("recuperation-42.tiatlas");
        std::fs::write(&copy, b"un").expect("write");
        let first = set_aside(&copy, Aside::Ignored).expect("aside");
        assert!(!copy.exists());
        let name = first.file_name().and_then(|n| n.to_str()).expect("name");
        assert!(
            name.starts_with("recuperation-ignoree-") && name.ends_with(".tiatlas"),
            "{name}"
        );
        std::fs::write(&copy, b"deux").expect("write");
        let second = set_aside(&copy, Aside::Ignored).expect("aside");
        assert_ne!(first, second);
        assert_eq!(std::fs::read(&first).expect("read"), b"un");
        assert_eq!(std::fs::read(&second).expect("read"), b"deux");
        // Neither is offered again.
        assert!(left_behind(&dir).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
