//! Opening a user's file for reading, bounded by what is actually read: the path (links followed)
//! must name a regular file — a device (/dev/zero, /dev/urandom), a named pipe (FIFO), a socket or
//! a folder is refused with a French message before anything is read, and a pipe is never opened
//! blocking, so nothing hangs — and reads stop at a hard cap, whatever the metadata said (a file
//! that grows while it is read costs at most the cap).

use std::fs::File;
use std::io::Read as _;
use std::path::Path;

use super::error_fr::io_error_fr;
use super::limits::MAX_FILE_BYTES;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file: what it is, in French ("un tube nommé (FIFO)").
    NotRegular(&'static str),
    /// More than the cap: bytes seen (at least), the cap.
    TooLarge { seen: u64, cap: u64 },
    /// The system's error.
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotRegular(what) => write!(
                f,
                "ce n'est pas un fichier ordinaire mais {what} : rien n'a été lu ; choisissez un fichier de données"
            ),
            ReadError::TooLarge { seen, cap } => write!(
                f,
                "fichier trop volumineux : plus de {}\u{a0}Mo (limite : {}\u{a0}Mo) ; découpez-le ou retirez les colonnes inutiles",
                seen / (1024 * 1024),
                cap / (1024 * 1024)
            ),
            ReadError::Io(e) => f.write_str(&io_error_fr(e)),
        }
    }
}

impl std::error::Error for ReadError {}

/// What a file type is, in French, when it is not a regular file.
fn kind_fr(t: std::fs::FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("un dossier");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_char_device() {
            return Some("un périphérique en mode caractère (comme /dev/zero)");
        }
        if t.is_block_device() {
            return Some("un périphérique en mode bloc (un disque)");
        }
        if t.is_fifo() {
            return Some("un tube nommé (FIFO)");
        }
        if t.is_socket() {
            return Some("une socket");
        }
    }
    Some("un fichier spécial")
}

/// Opens `path` for reading if it is a regular file (links followed). The file type is checked
/// before opening and again on the open file; a pipe is opened non-blocking so that one without
/// a writer cannot hang the program.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if let Some(what) = kind_fr(meta.file_type()) {
        return Err(ReadError::NotRegular(what));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // Swapped for a FIFO between the check and the open: still no hang.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if let Some(what) = kind_fr(meta.file_type()) {
        return Err(ReadError::NotRegular(what));
    }
    Ok(file)
}

/// [`open_regular`], refused at once when the file declares more than `cap` bytes.
pub fn open_regular_capped(path: &Path, cap: u64) -> Result<File, ReadError> {
    let file = open_regular(path)?;
    let len = file.metadata().map_err(ReadError::Io)?.len();
    if len > cap {
        return Err(ReadError::TooLarge { seen: len, cap });
    }
    Ok(file)
}

/// The bytes of a regular file, at most `cap` of them (more is refused, having read `cap + 1`).
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_regular_capped(path, cap)?;
    let mut bytes = Vec::new();
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge {
            seen: bytes.len() as u64,
            cap,
        });
    }
    Ok(bytes)
}

/// [`read_capped`] with the readers' limit ([`MAX_FILE_BYTES`]).
pub fn read_user_file(path: &Path) -> Result<Vec<u8>, ReadError> {
    read_capped(path, MAX_FILE_BYTES)
}

/// Small companion files (.prj, .cpg) and settings-like texts: at most 1 Mo.
pub const MAX_SMALL_FILE_BYTES: u64 = 1024 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("ti-atlas-read-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        dir
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_pipes_are_refused_before_any_read() {
        let e = read_user_file(Path::new("/dev/zero")).expect_err("refused");
        assert!(matches!(e, ReadError::NotRegular(_)), "{e}");
        assert!(e.to_string().contains("périphérique"), "{e}");
        let dir = temp_dir("fifo");
        let fifo = dir.join("tube.csv");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let e = read_user_file(&fifo).expect_err("refused");
        assert!(e.to_string().contains("tube nommé"), "{e}");
        let link = dir.join("lien.csv");
        std::os::unix::fs::symlink("/dev/zero", &link).expect("link");
        let e = read_user_file(&link).expect_err("refused");
        assert!(e.to_string().contains("périphérique"), "{e}");
        let e = read_user_file(&dir).expect_err("refused");
        assert!(e.to_string().contains("dossier"), "{e}");
    }

    #[test]
    fn reads_stop_at_the_cap() {
        let path = temp_dir("cap").join("t.csv");
        std::fs::write(&path, b"0123456789").expect("write");
        assert_eq!(read_capped(&path, 10).expect("read").len(), 10);
        let e = read_capped(&path, 9).expect_err("too large");
        assert!(matches!(e, ReadError::TooLarge { .. }), "{e}");
        assert!(e.to_string().starts_with("fichier trop volumineux"), "{e}");
    }
}
