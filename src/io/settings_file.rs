//! Reading and merging a settings file, without the window.
//!
//! - Reading: its JSON decoded field by field into the settings type (the app's `Settings`): an
//!   unknown or invalid value (`"maille": "Commune"`) resets that value alone, with a notice naming
//!   it, and an unreadable entry of a list is dropped alone; only a file that is not a JSON object
//!   at all (not UTF-8, bad JSON) is moved aside under a new dated name, with a French reason
//!   with line and column.
//! - Writing ([`save_merged`]): under an advisory lock, the file's current content is read again
//!   and only what this instance changed since it loaded is applied onto it, so two instances
//!   open at once never erase each other's changes.
//!
//! The app owns the file (`app::settings_store`); a fuzz target feeds [`decode`] any bytes.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::error_fr::io_error_fr;

/// What reading the settings file gave.
#[derive(Debug, PartialEq)]
pub struct Loaded<T> {
    pub settings: T,
    /// Said to the user when the file was unreadable or a value was reset (French, naming what
    /// and where the old file was kept).
    pub notice: Option<String>,
    /// The unreadable file could not be moved aside: writing the settings would destroy it.
    pub kept_in_place: bool,
    /// The settings as loaded, as JSON: what [`save_merged`] compares with to know what this
    /// instance changed. A value reset at load keeps the file's value here, so that the next save
    /// writes the reset.
    pub base: Value,
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

/// Settings decoded field by field: the settings, the base for merging (see [`Loaded::base`]) and
/// the French description of each value reset or entry dropped.
pub struct Lenient<T> {
    pub settings: T,
    pub base: Value,
    pub reset: Vec<String>,
}

/// Most characters of a bad value quoted in a notice.
const MAX_QUOTED: usize = 40;

/// Most values named in the notice (then "et N autres").
const MAX_NAMED: usize = 8;

/// A value as the notice quotes it: « text » for a string, its JSON otherwise, cut.
fn quoted(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => format!("une liste de {} entrée(s)", items.len()),
        Value::Object(fields) => format!("un objet de {} champ(s)", fields.len()),
        other => other.to_string(),
    };
    match text.char_indices().nth(MAX_QUOTED) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

/// Decodes the settings leniently: a file that is not a JSON object is an error (French, with
/// line and column); inside it, each top-level value (the map's settings are flattened at the
/// top level) is tried alone over the defaults: an invalid one takes its default, an object's
/// invalid fields take theirs, a list's invalid entries are dropped — the rest is kept.
pub fn decode_lenient<T: DeserializeOwned + Serialize + Default>(
    bytes: &[u8],
) -> Result<Lenient<T>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "le fichier n'est pas du texte UTF-8 (octet {} invalide)",
            e.valid_up_to() + 1
        )
    })?;
    let value: Value = serde_json::from_str(text).map_err(|e| json_error_fr(&e))?;
    let Value::Object(file) = value else {
        return Err("le fichier ne contient pas un objet JSON de réglages (« { … } »)".into());
    };
    let file = Value::Object(file);
    if let Ok(settings) = T::deserialize(&file) {
        let base = serde_json::to_value(&settings).unwrap_or(file);
        return Ok(Lenient {
            settings,
            base,
            reset: Vec::new(),
        });
    }
    let Value::Object(file) = file else {
        return Err("le fichier ne contient pas un objet JSON de réglages (« { … } »)".into());
    };
    let Value::Object(defaults) = serde_json::to_value(T::default()).map_err(|e| e.to_string())?
    else {
        return Err("réglages par défaut illisibles".into());
    };
    // One value over the defaults: does it decode? The value is moved in and given back, so a
    // long list is never copied.
    let fits = |key: &str, v: Value| -> (bool, Value) {
        let mut probe = defaults.clone();
        probe.insert(key.to_owned(), v);
        let probe = Value::Object(probe);
        let ok = T::deserialize(&probe).is_ok();
        let back = match probe {
            Value::Object(mut p) => p.remove(key).unwrap_or(Value::Null),
            other => other,
        };
        (ok, back)
    };
    let mut kept = defaults.clone();
    let mut reset = Vec::new();
    let mut repaired = Vec::new();
    for (key, v) in file {
        let (ok, v) = fits(&key, v);
        if ok {
            kept.insert(key, v);
            continue;
        }
        repaired.push(key.clone());
        let shown = quoted(&v);
        match (v, defaults.get(&key)) {
            (Value::Array(items), _) => {
                let total = items.len();
                let mut good = Vec::new();
                for item in items {
                    if let (true, Value::Array(mut one)) = fits(&key, Value::Array(vec![item])) {
                        good.append(&mut one);
                    }
                }
                let dropped = total - good.len();
                let (ok, good) = fits(&key, Value::Array(good));
                if ok {
                    reset.push(format!(
                        "« {key} » : {dropped} entrée(s) illisible(s) retirée(s)"
                    ));
                    kept.insert(key, good);
                    continue;
                }
            }
            (Value::Object(fields), Some(Value::Object(default_fields))) => {
                let mut merged = default_fields.clone();
                let mut bad = Vec::new();
                for (field, fv) in fields {
                    let previous = merged.insert(field.clone(), fv.clone());
                    let (ok, back) = fits(&key, Value::Object(merged));
                    merged = match back {
                        Value::Object(m) => m,
                        _ => Map::new(),
                    };
                    if !ok {
                        bad.push(format!("« {key}.{field} » (« {} »)", quoted(&fv)));
                        match previous {
                            Some(p) => merged.insert(field, p),
                            None => merged.remove(&field),
                        };
                    }
                }
                let (ok, merged) = fits(&key, Value::Object(merged));
                if ok {
                    reset.extend(bad);
                    kept.insert(key, merged);
                    continue;
                }
            }
            _ => {}
        }
        reset.push(format!("« {key} » (« {shown} »)"));
        match defaults.get(&key) {
            Some(d) => kept.insert(key, d.clone()),
            None => kept.remove(&key),
        };
    }
    let settings = serde_json::from_value::<T>(Value::Object(kept))
        .map_err(|e| format!("réglages incohérents ({})", json_error_fr(&e)))?;
    let mut base = serde_json::to_value(&settings).map_err(|e| e.to_string())?;
    for key in repaired {
        mark_repaired(&mut base, &key);
    }
    Ok(Lenient {
        settings,
        base,
        reset,
    })
}

/// Marks a value of the base as repaired (a value no setting takes): the next save writes it,
/// replacing what the file held, whatever this instance's value is.
pub fn mark_repaired(base: &mut Value, key: &str) {
    if let Value::Object(b) = base {
        b.insert(
            key.to_owned(),
            Value::String("\u{0}valeur remise par défaut".into()),
        );
    }
}

/// The notice for values reset at load, naming them (at most [`MAX_NAMED`]).
fn reset_notice(path: &Path, reset: &[String]) -> String {
    let mut named: Vec<String> = reset.iter().take(MAX_NAMED).cloned().collect();
    if reset.len() > MAX_NAMED {
        named.push(format!("et {} autre(s)", reset.len() - MAX_NAMED));
    }
    format!(
        "Réglages ({}) : valeur(s) non reconnue(s) remise(s) par défaut : {} ; tous les autres \
         réglages sont conservés.",
        path.display(),
        named.join(", ")
    )
}

/// Reads the settings. Missing file: defaults, no notice. Unreadable file (not UTF-8, not the
/// settings' JSON, a folder, no permission): defaults, and the file moved aside under a new dated
/// name (never over an earlier one) so that nothing is lost; the French notice says where.
pub fn load<T: DeserializeOwned + Serialize + Default>(path: &Path) -> Loaded<T> {
    let why = match std::fs::read(path) {
        Ok(bytes) => match decode_lenient::<T>(&bytes) {
            Ok(lenient) => {
                return Loaded {
                    settings: lenient.settings,
                    notice: (!lenient.reset.is_empty()).then(|| reset_notice(path, &lenient.reset)),
                    kept_in_place: false,
                    base: lenient.base,
                };
            }
            Err(why) => why,
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Loaded {
                settings: T::default(),
                notice: None,
                kept_in_place: false,
                base: Value::Null,
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
        base: Value::Null,
    }
}

/// What a merge keeps: the file's current content with this instance's changes since `base`
/// applied. A value this instance did not change keeps the file's (another instance may have
/// changed it); a value it changed is written; an object is merged field by field; a list both
/// changed keeps the other's entries, without those this instance removed, plus those it added.
pub fn merge(base: Option<&Value>, ours: &Value, theirs: Option<&Value>) -> Value {
    if base == Some(ours) {
        return theirs.unwrap_or(ours).clone();
    }
    if theirs == base {
        return ours.clone();
    }
    match (base, ours, theirs) {
        (Some(Value::Object(b)), Value::Object(o), Some(Value::Object(t))) => {
            Value::Object(merge_objects(Some(b), o, t))
        }
        (None, Value::Object(o), Some(Value::Object(t))) => {
            Value::Object(merge_objects(None, o, t))
        }
        (Some(Value::Array(b)), Value::Array(o), Some(Value::Array(t))) => {
            let removed: Vec<&Value> = b.iter().filter(|v| !o.contains(v)).collect();
            let mut out: Vec<Value> = t.iter().filter(|v| !removed.contains(v)).cloned().collect();
            for added in o.iter().filter(|v| !b.contains(v)) {
                if !out.contains(added) {
                    out.push(added.clone());
                }
            }
            Value::Array(out)
        }
        _ => ours.clone(),
    }
}

fn merge_objects(
    b: Option<&Map<String, Value>>,
    o: &Map<String, Value>,
    t: &Map<String, Value>,
) -> Map<String, Value> {
    let base = |k: &str| b.and_then(|b| b.get(k));
    let mut out = Map::new();
    for (k, tv) in t {
        match o.get(k) {
            Some(ov) => {
                out.insert(k.clone(), merge(base(k), ov, Some(tv)));
            }
            // Removed by this instance.
            None if base(k).is_some() => {}
            // Not known to this instance (a newer version's setting): kept.
            None => {
                out.insert(k.clone(), tv.clone());
            }
        }
    }
    for (k, ov) in o {
        // Removed by the other instance and unchanged here: stays removed.
        if t.contains_key(k) || base(k) == Some(ov) {
            continue;
        }
        out.insert(k.clone(), ov.clone());
    }
    out
}

/// An advisory lock (flock) on a file beside the settings, held while the settings are read
/// again, merged and written; released when dropped.
pub struct FileLock {
    _file: std::fs::File,
}

impl FileLock {
    /// Waits for the lock on the file at `path` (created if needed).
    pub fn acquire(path: &Path) -> std::io::Result<FileLock> {
        Self::lock(path, true)?
            .ok_or_else(|| std::io::Error::other("le verrou des réglages n'a pas été pris"))
    }

    /// Takes the lock on the file at `path` (created if needed) unless another holder has it:
    /// `None` then (another running instance, or another handle of this one).
    pub fn try_acquire(path: &Path) -> std::io::Result<Option<FileLock>> {
        Self::lock(path, false)
    }

    /// The lock, waiting for it or not (`None`: held elsewhere, when not waiting).
    fn lock(path: &Path, wait: bool) -> std::io::Result<Option<FileLock>> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)?;
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd as _;
            let mode = if wait {
                libc::LOCK_EX
            } else {
                libc::LOCK_EX | libc::LOCK_NB
            };
            // SAFETY: a valid descriptor owned by `file` for the lock's lifetime.
            if unsafe { libc::flock(file.as_raw_fd(), mode) } != 0 {
                let e = std::io::Error::last_os_error();
                return if !wait && e.kind() == std::io::ErrorKind::WouldBlock {
                    Ok(None)
                } else {
                    Err(e)
                };
            }
        }
        #[cfg(not(unix))]
        let _ = wait;
        Ok(Some(FileLock { _file: file }))
    }
}

/// The lock file beside a settings file (`.reglages.json.verrou`).
pub fn lock_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "reglages.json".into());
    path.with_file_name(format!(".{name}.verrou"))
}

/// Writes `ours` (this instance's settings, as JSON) into the file at `path`: under the lock,
/// the file is read again and only what changed since `base` is applied onto it (see [`merge`]);
/// `base` becomes `ours`. A file that became unreadable meanwhile is moved aside first. French
/// error naming the file.
pub fn save_merged(path: &Path, base: &mut Value, ours: Value) -> Result<(), String> {
    let lock = lock_path(path);
    if let Some(dir) = lock.parent().filter(|d| !d.as_os_str().is_empty()) {
        super::atomic::create_dir(dir)
            .map_err(|why| format!("réglages non enregistrés dans {} : {why}", path.display()))?;
    }
    let _lock = FileLock::acquire(&lock).map_err(|e| {
        format!(
            "réglages non enregistrés : verrou {} impossible ({})",
            lock.display(),
            io_error_fr(&e)
        )
    })?;
    let theirs = match std::fs::read(path) {
        Ok(bytes) => match serde_json::from_slice::<Value>(&bytes) {
            Ok(v @ Value::Object(_)) => Some(v),
            _ => {
                set_aside(path).map_err(|e| {
                    format!(
                        "réglages non enregistrés : {} est devenu illisible et n'a pas pu être \
                         mis de côté ({})",
                        path.display(),
                        io_error_fr(&e)
                    )
                })?;
                None
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(format!(
                "réglages non enregistrés : {} illisible ({})",
                path.display(),
                io_error_fr(&e)
            ));
        }
    };
    let merged = match &theirs {
        Some(t) => merge(Some(&*base).filter(|b| !b.is_null()), &ours, Some(t)),
        None => ours.clone(),
    };
    let bytes = serde_json::to_vec_pretty(&merged).map_err(|e| e.to_string())?;
    super::output::write_own(path, super::output::OutputKind::Json, &bytes)
        .map_err(|e| e.to_string())?;
    *base = ours;
    Ok(())
}

/// What is wrong with the JSON, in French, with its line and column.
pub(crate) fn json_error_fr(e: &serde_json::Error) -> String {
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
pub(crate) fn date_iso(time: std::time::SystemTime) -> String {
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
    use crate::model::IndicatorId;

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
        assert_eq!(
            (s.classes, s.indicator.as_ref().map(IndicatorId::as_str)),
            (7, Some("densite"))
        );
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

    #[test]
    fn a_file_in_place_of_the_settings_folder_is_named() {
        let dir = scratch("dossier-fichier");
        std::fs::write(dir.join("ti-atlas"), b"un fichier").expect("write");
        let path = dir.join("ti-atlas/reglages.json");
        let e =
            save_merged(&path, &mut Value::Null, serde_json::json!({"classes": 7})).unwrap_err();
        assert!(e.contains("est un fichier et non un dossier"), "{e}");
        assert!(!e.contains("existe déjà"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_merge_keeps_both_sides_changes() {
        use serde_json::json;
        let base = json!({"a": 1, "b": 1, "l": ["x", "y"], "o": {"p": 1, "q": 1}, "gone": 1});
        // This instance: a, the list (y removed, z added), o.p; "gone" removed.
        let ours = json!({"a": 2, "b": 1, "l": ["x", "z"], "o": {"p": 2, "q": 1}});
        // The file meanwhile: b, the list (w added), o.q, a newer version's key.
        let theirs = json!({"a": 1, "b": 3, "l": ["x", "y", "w"], "o": {"p": 1, "q": 3},
            "gone": 1, "new": true});
        let merged = merge(Some(&base), &ours, Some(&theirs));
        assert_eq!(
            merged,
            json!({"a": 2, "b": 3, "l": ["x", "w", "z"], "o": {"p": 2, "q": 3}, "new": true})
        );
        // Nothing changed here: the file is kept as it is.
        assert_eq!(merge(Some(&base), &base, Some(&theirs)), theirs);
    }
}
