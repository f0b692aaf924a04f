//! Reading a settings file, without the window: its JSON decoded into the settings type (the app's
//! `Settings`), or a French reason with line and column; an unreadable file is moved aside under a
//! new dated name instead of being lost. The app writes the file (`app::settings_store`); a fuzz
//! target feeds [`decode`] any bytes.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::error_fr::io_error_fr;

/// What reading the settings file gave.
#[derive(Debug, PartialEq)]
pub struct Loaded<T> {
    pub settings: T,
    /// Said to the user when the file was unreadable (French, with where it was kept).
    pub notice: Option<String>,
    /// The unreadable file could not be moved aside: writing the settings would destroy it.
    pub kept_in_place: bool,
}

/// The settings in a file's bytes, or why not (French, with line and column).
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "le fichier n'est pas du texte UTF-8 (octet {} invalide)",
            e.valid_up_to() + 1
        )
    })?;
    serde_json::from_str::<T>(text).map_err(|e| json_error_fr(&e))
}

/// Reads the settings. Missing file: defaults, no notice. Unreadable file (not UTF-8, not the
/// settings' JSON, a folder, no permission): defaults, and the file moved aside under a new dated
/// name (never over an earlier one) so that nothing is lost; the French notice says where.
pub fn load<T: DeserializeOwned + Default>(path: &Path) -> Loaded<T> {
    let why = match std::fs::read(path) {
        Ok(bytes) => match decode(&bytes) {
            Ok(settings) => {
                return Loaded {
                    settings,
                    notice: None,
                    kept_in_place: false,
                };
            }
            Err(why) => why,
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Loaded {
                settings: T::default(),
                notice: None,
                kept_in_place: false,
            };
        }
        Err(e) => io_error_fr(&e),
    };
    let mut notice = format!(
        "Réglages illisibles ({} : {why}) : l'application part des réglages par défaut.",
        path.display()
    );
    let kept_in_place = match set_aside(path) {
        Ok(aside) => {
            notice.push_str(&format!(
                " L'ancien fichier est conservé sous {}.",
                aside.display()
            ));
            false
        }
        Err(e) => {
            notice.push_str(&format!(
                " Il n'a pas pu être mis de côté ({}) : les réglages ne seront pas enregistrés, \
                 pour ne pas l'écraser.",
                io_error_fr(&e)
            ));
            true
        }
    };
    Loaded {
        settings: T::default(),
        notice: Some(notice),
        kept_in_place,
    }
}

/// What is wrong with the JSON, in French, with its line and column.
fn json_error_fr(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Syntax => "JSON invalide",
        Category::Eof => "JSON tronqué",
        Category::Data => "valeur d'un type inattendu",
        Category::Io => "lecture interrompue",
    };
    format!("{what}, ligne {}, colonne {}", e.line(), e.column())
}

/// Moves an unreadable settings file (or folder) aside as
/// `reglages.json.illisible-AAAA-MM-JJ[-N]`, never replacing an existing file: a second
/// unreadable file the same day gets `-2`, and so on.
pub fn set_aside(path: &Path) -> std::io::Result<PathBuf> {
    let date = date_iso(std::time::SystemTime::now());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "reglages.json".into());
    for n in 1..=MAX_ASIDE_PER_DAY {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let aside = path.with_file_name(format!("{name}.illisible-{date}{suffix}"));
        // A hard link fails if the name is taken: no window in which another file is replaced.
        match std::fs::hard_link(path, &aside) {
            Ok(()) => {
                std::fs::remove_file(path)?;
                return Ok(aside);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            // A folder (or a file system without hard links): rename to a name not taken.
            Err(_) if std::fs::symlink_metadata(&aside).is_err() => {
                std::fs::rename(path, &aside)?;
                return Ok(aside);
            }
            Err(_) => continue,
        }
    }
    Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists))
}

/// Files set aside the same day before giving up (the settings are then not saved).
const MAX_ASIDE_PER_DAY: usize = 1000;

/// "2026-11-23" (UTC).
fn date_iso(time: std::time::SystemTime) -> String {
    let secs = time
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let fr = crate::format::date_fr_from_days(i64::try_from(secs / 86_400).unwrap_or(0));
    let parts: Vec<&str> = fr.split('/').collect();
    match parts.as_slice() {
        [d, m, y] => format!("{y}-{m}-{d}"),
        _ => fr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::carto::MapSettings as Settings;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "ti-atlas-reglages-lus-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        dir
    }

    /// Loads a settings file holding `content` (or a folder), then checks the defaults, the
    /// notice and what was kept aside.
    fn unreadable(dir: &Path, content: Option<&[u8]>) -> (String, PathBuf) {
        let path = dir.join("reglages.json");
        match content {
            Some(bytes) => std::fs::write(&path, bytes).expect("write"),
            None => std::fs::create_dir_all(path.join("sous-dossier")).expect("dir"),
        }
        let loaded = load::<Settings>(&path);
        assert_eq!(loaded.settings, Settings::default());
        assert!(!loaded.kept_in_place);
        let notice = loaded.notice.expect("a notice");
        assert!(!path.exists(), "not moved aside: {notice}");
        let kept: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| notice.contains(&format!("sous {}.", p.display())))
            .collect();
        assert_eq!(kept.len(), 1, "{notice}");
        (notice, kept[0].clone())
    }

    #[test]
    fn bad_json_is_kept_aside_with_a_french_notice() {
        let dir = scratch("json");
        let (notice, kept) = unreadable(&dir, Some(b"{ \"classes\": "));
        assert!(notice.contains("JSON tronqué, ligne 1"), "{notice}");
        assert!(notice.contains("conservé sous"), "{notice}");
        assert_eq!(std::fs::read(&kept).expect("kept"), b"{ \"classes\": ");
        let name = kept
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert!(name.starts_with("reglages.json.illisible-20"), "{name}");
        let absent = load::<Settings>(&dir.join("absent.json"));
        assert_eq!(
            (absent.settings, absent.notice),
            (Settings::default(), None)
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn bad_utf8_is_kept_aside_without_english() {
        let dir = scratch("utf8");
        let bytes = b"{ \"indicator\": \"densit\xe9\" }";
        let (notice, kept) = unreadable(&dir, Some(bytes));
        assert!(notice.contains("n'est pas du texte UTF-8"), "{notice}");
        assert!(!notice.contains("stream did not contain"), "{notice}");
        assert_eq!(std::fs::read(&kept).expect("kept"), bytes);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_folder_in_place_of_the_file_is_moved_aside() {
        let dir = scratch("dossier");
        let (notice, kept) = unreadable(&dir, None);
        assert!(notice.contains("c'est un dossier"), "{notice}");
        assert!(kept.join("sous-dossier").is_dir());
        // The settings can now be written where the folder was.
        std::fs::write(dir.join("reglages.json"), b"{}").expect("write");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_second_unreadable_file_never_replaces_the_first() {
        let dir = scratch("deux-fois");
        let (_, first) = unreadable(&dir, Some(b"premier \xff"));
        let (notice, second) = unreadable(&dir, Some(b"{ second"));
        assert_ne!(first, second, "{notice}");
        assert_eq!(std::fs::read(&first).expect("first"), b"premier \xff");
        assert_eq!(std::fs::read(&second).expect("second"), b"{ second");
        let (_, third) = unreadable(&dir, Some(b"nul"));
        assert!(
            third.to_string_lossy().ends_with("-3"),
            "{}",
            third.display()
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn decoding_any_bytes_gives_settings_or_a_french_reason() {
        assert_eq!(decode(b"{}"), Ok(Settings::default()));
        let s: Settings = decode(br#"{"classes": 7, "indicator": "densite"}"#).expect("settings");
        assert_eq!((s.classes, s.indicator.as_deref()), (7, Some("densite")));
        assert_eq!(
            decode::<Settings>(br#"{"classes": "sept"}"#),
            Err("valeur d'un type inattendu, ligne 1, colonne 18".into())
        );
        let deep = "[".repeat(10_000);
        assert!(
            decode::<Settings>(deep.as_bytes())
                .unwrap_err()
                .contains("ligne 1")
        );
        let deep = format!("{{\"frozen_breaks\": {}", "[".repeat(10_000));
        assert!(
            decode::<Settings>(deep.as_bytes())
                .unwrap_err()
                .contains("ligne 1")
        );
    }

    #[test]
    fn iso_dates() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(20_415 * 86_400 + 3600);
        assert_eq!(date_iso(t), "2025-11-23");
    }
}
