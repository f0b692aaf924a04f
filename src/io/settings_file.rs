//! The settings file's content and its reading, without the window: what is saved between
//! sessions (display choices, the user's files, saved views) and how an unreadable file is moved
//! aside instead of being lost. The app writes it ([`crate::app::settings_store`]); a fuzz target
//! feeds [`decode`] any bytes.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::error_fr::io_error_fr;
use super::import::ImportKind;
use crate::model::{LayerKind, Level};
use crate::palette::Palette;

/// A file the user imported, reloaded at the next start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedFile {
    pub path: PathBuf,
    pub kind: ImportKind,
    #[serde(default)]
    pub sheet: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub show_ti2023: bool,
    pub show_ti2018: bool,
    pub show_epci: bool,
    pub show_departements: bool,
    pub show_regions: bool,
    /// OpenStreetMap tiles instead of the embedded basemap.
    pub online_basemap: bool,
    pub show_labels: bool,
    /// The units the map is coloured at: territories 2023-2027, EPCI or départements.
    pub maille: Level,
    /// Indicator colouring the maille (catalogue id), if any.
    pub indicator: Option<String>,
    /// Classification method id (quantiles, equal, jenks, stddev, q6, manual).
    pub method: String,
    pub classes: usize,
    /// Inner breaks typed for the manual method ("50 ; 100 ; 250").
    pub manual_breaks: String,
    pub palette: Palette,
    /// Every bound of the legend when the user froze it: kept across indicators and mailles.
    pub frozen_breaks: Option<Vec<f64>>,
    /// Imported projects drawn on the map.
    pub show_projects: bool,
    /// The user's files, reloaded at start.
    pub imported_files: Vec<ImportedFile>,
    /// Saved views ("vues") for presentations, in presentation order.
    pub bookmarks: Vec<crate::model::bookmarks::Bookmark>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            show_ti2023: true,
            show_ti2018: false,
            show_epci: false,
            show_departements: false,
            show_regions: false,
            online_basemap: false,
            show_labels: true,
            maille: Level::Territoire,
            indicator: None,
            method: "jenks".into(),
            classes: 5,
            manual_breaks: String::new(),
            palette: Palette::default(),
            frozen_breaks: None,
            imported_files: Vec::new(),
            show_projects: true,
            bookmarks: Vec::new(),
        }
    }
}

impl Settings {
    pub fn visible(&self, kind: LayerKind) -> bool {
        match kind {
            LayerKind::Ti2023 => self.show_ti2023,
            LayerKind::Ti2018 => self.show_ti2018,
            LayerKind::Epci => self.show_epci,
            LayerKind::Departements => self.show_departements,
            LayerKind::Regions => self.show_regions,
        }
    }

    pub fn visible_mut(&mut self, kind: LayerKind) -> &mut bool {
        match kind {
            LayerKind::Ti2023 => &mut self.show_ti2023,
            LayerKind::Ti2018 => &mut self.show_ti2018,
            LayerKind::Epci => &mut self.show_epci,
            LayerKind::Departements => &mut self.show_departements,
            LayerKind::Regions => &mut self.show_regions,
        }
    }
}

/// What reading the settings file gave.
#[derive(Debug, PartialEq)]
pub struct Loaded {
    pub settings: Settings,
    /// Said to the user when the file was unreadable (French, with where it was kept).
    pub notice: Option<String>,
    /// The unreadable file could not be moved aside: writing the settings would destroy it.
    pub kept_in_place: bool,
}

/// The settings in a file's bytes, or why not (French, with line and column).
pub fn decode(bytes: &[u8]) -> Result<Settings, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "le fichier n'est pas du texte UTF-8 (octet {} invalide)",
            e.valid_up_to() + 1
        )
    })?;
    serde_json::from_str::<Settings>(text).map_err(|e| json_error_fr(&e))
}

/// Reads the settings. Missing file: defaults, no notice. Unreadable file (not UTF-8, not the
/// settings' JSON, a folder, no permission): defaults, and the file moved aside under a new dated
/// name (never over an earlier one) so that nothing is lost; the French notice says where.
pub fn load(path: &Path) -> Loaded {
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
                settings: Settings::default(),
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
        settings: Settings::default(),
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
        let loaded = load(&path);
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
        let absent = load(&dir.join("absent.json"));
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
        let s = decode(br#"{"classes": 7, "indicator": "densite"}"#).expect("settings");
        assert_eq!((s.classes, s.indicator.as_deref()), (7, Some("densite")));
        assert_eq!(
            decode(br#"{"classes": "sept"}"#),
            Err("valeur d'un type inattendu, ligne 1, colonne 18".into())
        );
        let deep = "[".repeat(10_000);
        assert!(decode(deep.as_bytes()).unwrap_err().contains("ligne 1"));
        let deep = format!("{{\"bookmarks\": {}", "[".repeat(10_000));
        assert!(decode(deep.as_bytes()).unwrap_err().contains("ligne 1"));
    }

    #[test]
    fn iso_dates() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(20_415 * 86_400 + 3600);
        assert_eq!(date_iso(t), "2025-11-23");
    }
}
