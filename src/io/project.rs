//! The project file (`.tiatlas`): a map handed to a colleague, who opens it offline on another
//! machine and gets the same map, the user's files included.
//!
//! A ZIP archive (described for users in README, "Projet"):
//! - `projet.json`: the format's name and version, the program that wrote it, the map's settings
//!   (as the settings file writes them), the page (title, frame, size), the saved views, and the
//!   list of the user's files in the order they were imported;
//! - `fichiers/NN/NOM`: each imported file's bytes as they were read (a shapefile's parts side by
//!   side in one folder).
//!
//! The map's settings, page and views are kept here as JSON values: this layer does not know the
//! composition's types; the command line and the app decode them (an unknown value there resets
//! alone, as in the settings file).
//!
//! Reading is bounded (the archive's size, its number of entries, each entry's real decompressed
//! size whatever its header says), names inside the archive are never used as paths, and a
//! project that is damaged, truncated or written by a newer version is refused whole with a
//! French message naming the file — never a partial load.

use std::io::{Cursor, Read as _, Seek, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::limits::MAX_FILE_BYTES;
use super::output::{OutputError, OutputKind};
use super::read_file::{ReadError, open_regular_capped, read_capped};

/// The project file's extension.
pub const EXTENSION: &str = "tiatlas";

/// What `projet.json` says it is.
pub const FORMAT: &str = "ti-atlas/projet";

/// The format version this program writes and the newest it reads.
pub const VERSION: u32 = 1;

/// The manifest's name inside the archive.
const MANIFEST: &str = "projet.json";

/// The folder of the user's files inside the archive.
const FILES_DIR: &str = "fichiers";

/// Most entries in an archive (a project holds a manifest and a few files).
const MAX_ENTRIES: usize = 1_000;

/// Most bytes of the manifest once decompressed.
const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;

/// Most bytes of the whole archive once decompressed.
const MAX_UNPACKED_BYTES: u64 = 2 * MAX_FILE_BYTES;

/// The extensions of a shapefile's parts, embedded together.
const SHAPEFILE_PARTS: [&str; 5] = ["shp", "shx", "dbf", "prj", "cpg"];

/// A project: the map, the page, the views and the user's files.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Project {
    /// The map's settings (the composition's `MapSettings` as JSON).
    pub map: Value,
    /// The page: title, frame, size… (as JSON; `Value::Null` when none).
    pub page: Value,
    /// The saved views (as JSON; `Value::Null` when none).
    pub views: Value,
    /// The user's files, in the order they were imported.
    pub files: Vec<EmbeddedFile>,
    /// In a recovery copy written by the app's autosave: the project file it is a copy of
    /// (`Some(None)` for a map not saved as a project yet); `None` in a project the user saved.
    pub recovery_of: Option<Option<PathBuf>>,
}

/// One of the user's files, carried inside the project.
#[derive(Clone, Debug, PartialEq)]
pub struct EmbeddedFile {
    /// What the user said it is (`auto`, `plan`, `projets`, `tableau`, `couche`).
    pub kind: String,
    /// The sheet read, for a workbook (or the layer, for a GeoPackage).
    pub sheet: Option<String>,
    /// The user's headers tied to the template's fields (field, header), when given.
    pub columns: Vec<(String, String)>,
    /// The user's answers to the rows "à vérifier" of a join by names.
    pub names: Option<crate::model::imports::name_match::NameChoices>,
    /// Its parts: the file itself first, then (a shapefile) its companions; plain file names.
    pub parts: Vec<(String, Vec<u8>)>,
}

impl EmbeddedFile {
    /// The file's name (its first part's).
    pub fn name(&self) -> &str {
        self.parts.first().map(|(n, _)| n.as_str()).unwrap_or("")
    }
}

/// Why a project was not read or written (French, naming the file).
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{file} : {reason} ; rien n'a été chargé")]
    Unreadable { file: String, reason: String },
    #[error(
        "{file} : projet enregistré par une version plus récente de ti-atlas (format {found}, \
         cette version lit jusqu'au format {VERSION}) ; mettez ti-atlas à jour pour l'ouvrir ; \
         rien n'a été chargé"
    )]
    Newer { file: String, found: u32 },
    #[error("{file} : {reason}")]
    Embed { file: String, reason: String },
    #[error(transparent)]
    Write(#[from] OutputError),
}

/// The manifest, as written in `projet.json`.
#[derive(Serialize, Deserialize)]
struct Manifest {
    format: String,
    version: u32,
    #[serde(default)]
    logiciel: String,
    #[serde(default)]
    carte: Value,
    #[serde(default)]
    page: Value,
    #[serde(default)]
    vues: Value,
    #[serde(default)]
    fichiers: Vec<ManifestFile>,
    /// Only in a recovery copy (the app's autosave): what it is a copy of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    recuperation: Option<RecoveryOf>,
}

/// What a recovery copy is a copy of.
#[derive(Serialize, Deserialize)]
struct RecoveryOf {
    /// The project file being edited, or none (a map not saved as a project yet).
    #[serde(default)]
    projet: Option<PathBuf>,
}

/// One of the user's files in the manifest.
#[derive(Serialize, Deserialize)]
struct ManifestFile {
    /// Its name when it was imported.
    nom: String,
    /// What the user said it is.
    #[serde(rename = "type", default = "auto")]
    kind: String,
    /// The sheet (or layer) read, when one was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    feuille: Option<String>,
    /// The user's headers tied to the template's fields, when given: [champ, en-tête] pairs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    colonnes: Vec<(String, String)>,
    /// The user's answers to a join by names: the name column and [ligne, code] pairs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    noms: Option<crate::model::imports::name_match::NameChoices>,
    /// The entries holding its parts, the file itself first.
    parties: Vec<String>,
}

fn auto() -> String {
    "auto".into()
}

/// What a map export needs besides the map's settings: the page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MapPage {
    /// The title given (`None`: the default title).
    pub titre: Option<String>,
    /// Width and height given (`None`: the format's default).
    pub largeur: Option<f64>,
    pub hauteur: Option<f64>,
    /// PNG resolution.
    pub ppp: Option<f32>,
    /// The background (`vecteur`, `aucun`).
    pub fond: Option<String>,
    /// The frame: an emprise "lon_min,lat_min,lon_max,lat_max" or a territory (ti-RRNN).
    pub emprise: Option<String>,
    pub territoire: Option<crate::model::TerritoryId>,
}

/// A part of a project (map settings, page, views) decoded leniently: what this version cannot
/// read takes its default, each reset said in French (`what` names the part).
pub fn decode_part<T>(value: &Value, what: &str) -> (T, Vec<String>)
where
    T: serde::de::DeserializeOwned + Serialize + Default,
{
    if value.is_null() {
        return (T::default(), Vec::new());
    }
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    match super::settings_file::decode_lenient::<T>(&bytes) {
        Ok(lenient) => {
            let said = lenient
                .reset
                .iter()
                .map(|reset| format!("{what} : {reset} (valeur par défaut reprise)"))
                .collect();
            (lenient.settings, said)
        }
        Err(reason) => (
            T::default(),
            vec![format!(
                "{what} illisibles ({reason}) ; valeurs par défaut reprises"
            )],
        ),
    }
}

/// Reads one of the user's files (a shapefile with its companions) to carry it in a project.
pub fn embed_file(path: &Path, kind: &str) -> Result<EmbeddedFile, ProjectError> {
    let embed_error = |p: &Path, e: ReadError| ProjectError::Embed {
        file: p.display().to_string(),
        reason: format!("impossible de l'emporter dans le projet : {e}"),
    };
    let mut parts = vec![(
        safe_name(&path.to_string_lossy()),
        read_capped(path, MAX_FILE_BYTES).map_err(|e| embed_error(path, e))?,
    )];
    let is_shapefile = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("shp"));
    if is_shapefile {
        for ext in &SHAPEFILE_PARTS[1..] {
            let companion = [ext.to_string(), ext.to_uppercase()]
                .into_iter()
                .map(|e| path.with_extension(e))
                .find(|p| p.is_file());
            if let Some(p) = companion {
                let bytes = read_capped(&p, MAX_FILE_BYTES).map_err(|e| embed_error(&p, e))?;
                parts.push((safe_name(&p.to_string_lossy()), bytes));
            }
        }
    }
    Ok(EmbeddedFile {
        kind: kind.to_owned(),
        sheet: None,
        columns: Vec::new(),
        names: None,
        parts,
    })
}

/// The project as archive bytes.
pub fn to_bytes(project: &Project) -> Vec<u8> {
    let mut fichiers = Vec::new();
    let mut entries: Vec<(String, &[u8])> = Vec::new();
    for (i, file) in project.files.iter().enumerate() {
        let mut parties = Vec::new();
        for (name, bytes) in &file.parts {
            let entry = format!("{FILES_DIR}/{:02}/{}", i + 1, safe_name(name));
            parties.push(entry.clone());
            entries.push((entry, bytes));
        }
        fichiers.push(ManifestFile {
            nom: file.name().to_owned(),
            kind: file.kind.clone(),
            feuille: file.sheet.clone(),
            colonnes: file.columns.clone(),
            noms: file.names.clone(),
            parties,
        });
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        version: VERSION,
        logiciel: format!("ti-atlas {}", env!("CARGO_PKG_VERSION")),
        carte: project.map.clone(),
        page: project.page.clone(),
        vues: project.views.clone(),
        fichiers,
        recuperation: project
            .recovery_of
            .as_ref()
            .map(|p| RecoveryOf { projet: p.clone() }),
    };
    let json = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    // Writing into memory fails only on a bug of the archive writer: the project is then empty
    // and refused when read back, never silently partial (the writer checks it below).
    let mut write = |name: &str, bytes: &[u8]| -> zip::result::ZipResult<()> {
        zip.start_file(name, options)?;
        zip.write_all(bytes)?;
        Ok(())
    };
    let mut ok = write(MANIFEST, &json).is_ok();
    for (name, bytes) in &entries {
        ok &= write(name, bytes).is_ok();
    }
    match zip.finish() {
        Ok(cursor) if ok => cursor.into_inner(),
        _ => Vec::new(),
    }
}

/// A name safe inside the archive and, later, on any file system: its last component, without
/// control characters or separators.
fn safe_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .map(|c| if c.is_control() || c == ':' { '_' } else { c })
        .collect();
    match cleaned.trim() {
        "" | "." | ".." => "fichier".into(),
        s => s.to_owned(),
    }
}

/// Writes the project to `path` (checked as an output: never over one of the run's inputs or a
/// file of another type; atomic).
pub fn write(path: &Path, project: &Project) -> Result<(), ProjectError> {
    let bytes = to_bytes(project);
    // Read back before anything is written: what is saved must open.
    if bytes.is_empty() || from_bytes(&bytes, &path.display().to_string()).is_err() {
        return Err(ProjectError::Embed {
            file: path.display().to_string(),
            reason: "le projet n'a pas pu être assemblé ; rien n'a été écrit".into(),
        });
    }
    super::output::write(path, OutputKind::Project, &bytes)?;
    Ok(())
}

/// Reads a project file.
pub fn read(path: &Path) -> Result<Project, ProjectError> {
    let file = path.display().to_string();
    let unreadable = |reason: String| ProjectError::Unreadable {
        file: file.clone(),
        reason,
    };
    let handle =
        open_regular_capped(path, MAX_FILE_BYTES).map_err(|e| unreadable(e.to_string()))?;
    from_reader(std::io::BufReader::new(handle), &file)
}

/// Reads a project from its bytes (`file` names it in messages).
pub fn from_bytes(bytes: &[u8], file: &str) -> Result<Project, ProjectError> {
    from_reader(Cursor::new(bytes), file)
}

fn from_reader(reader: impl std::io::Read + Seek, file: &str) -> Result<Project, ProjectError> {
    let unreadable = |reason: String| ProjectError::Unreadable {
        file: file.to_owned(),
        reason,
    };
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| unreadable(archive_error_fr(&e)))?;
    if zip.len() > MAX_ENTRIES {
        return Err(unreadable(format!(
            "l'archive compte {} éléments (un projet en contient au plus {MAX_ENTRIES})",
            zip.len()
        )));
    }
    let mut budget = MAX_UNPACKED_BYTES;
    let manifest_bytes =
        entry_bytes(&mut zip, MANIFEST, MAX_MANIFEST_BYTES, &mut budget).map_err(&unreadable)?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes).map_err(|e| {
        unreadable(format!(
            "{MANIFEST} illisible ({})",
            super::settings_file::json_error_fr(&e)
        ))
    })?;
    if manifest.format != FORMAT {
        return Err(unreadable(format!(
            "ce n'est pas un projet ti-atlas ({MANIFEST} annonce « {} »)",
            super::limits::excerpt(&manifest.format, 60)
        )));
    }
    if manifest.version > VERSION {
        return Err(ProjectError::Newer {
            file: file.to_owned(),
            found: manifest.version,
        });
    }
    if manifest.version == 0 {
        return Err(unreadable(format!("{MANIFEST} : version 0 inconnue")));
    }
    let mut files = Vec::with_capacity(manifest.fichiers.len());
    for entry in &manifest.fichiers {
        if entry.parties.is_empty() {
            return Err(unreadable(format!(
                "le fichier « {} » est annoncé sans contenu",
                super::limits::excerpt(&entry.nom, 80)
            )));
        }
        let mut parts = Vec::with_capacity(entry.parties.len());
        for name in &entry.parties {
            let bytes =
                entry_bytes(&mut zip, name, MAX_FILE_BYTES, &mut budget).map_err(|reason| {
                    unreadable(format!(
                        "le fichier « {} » du projet : {reason}",
                        super::limits::excerpt(&entry.nom, 80)
                    ))
                })?;
            parts.push((safe_name(name), bytes));
        }
        // The file keeps the name it was imported under.
        parts[0].0 = safe_name(&entry.nom);
        files.push(EmbeddedFile {
            kind: entry.kind.clone(),
            sheet: entry.feuille.clone(),
            columns: entry.colonnes.clone(),
            names: entry.noms.clone(),
            parts,
        });
    }
    Ok(Project {
        map: manifest.carte,
        page: manifest.page,
        views: manifest.vues,
        files,
        recovery_of: manifest.recuperation.map(|r| r.projet),
    })
}

/// An entry's bytes, read up to `cap` whatever its header declares, counted against `budget`.
fn entry_bytes<R: std::io::Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    cap: u64,
    budget: &mut u64,
) -> Result<Vec<u8>, String> {
    let entry = match zip.by_name(name) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => {
            return Err(format!(
                "« {} » manque dans l'archive (projet incomplet)",
                super::limits::excerpt(name, 80)
            ));
        }
        Err(e) => return Err(archive_error_fr(&e)),
    };
    let cap = cap.min(*budget);
    if entry.size() > cap {
        return Err(too_large(name, entry.size(), cap));
    }
    let mut bytes = Vec::with_capacity(entry.size() as usize);
    entry
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => format!(
                "« {} » est abîmé dans l'archive (contenu altéré ou tronqué)",
                super::limits::excerpt(name, 80)
            ),
            _ => format!(
                "« {} » illisible : {}",
                super::limits::excerpt(name, 80),
                super::error_fr::io_error_fr(&e)
            ),
        })?;
    if bytes.len() as u64 > cap {
        return Err(too_large(name, bytes.len() as u64, cap));
    }
    *budget -= bytes.len() as u64;
    Ok(bytes)
}

fn too_large(name: &str, bytes: u64, cap: u64) -> String {
    format!(
        "« {} » fait plus de {} Mo une fois décompressé (limite : {} Mo)",
        super::limits::excerpt(name, 80),
        bytes / (1024 * 1024),
        cap / (1024 * 1024)
    )
}

/// The archive's error in French (the library's English text is never shown alone).
fn archive_error_fr(e: &zip::result::ZipError) -> String {
    use zip::result::ZipError;
    match e {
        ZipError::Io(io) => format!("lecture impossible : {}", super::error_fr::io_error_fr(io)),
        ZipError::InvalidArchive(_) => "ce n'est pas une archive de projet lisible (fichier \
             tronqué, abîmé ou d'un autre format)"
            .into(),
        ZipError::UnsupportedArchive(_) | ZipError::CompressionMethodNotSupported(_) => {
            "archive d'un type que ti-atlas ne lit pas (chiffrée ou compressée autrement)".into()
        }
        ZipError::FileNotFound => "élément introuvable dans l'archive".into(),
        _ => "archive de projet illisible".into(),
    }
}

/// The user's files of a project, written out to a private folder for the readers (which read
/// files by path: a shapefile's parts side by side); the folder goes when this is dropped.
#[derive(Debug)]
pub struct Unpacked {
    dir: PathBuf,
    /// Each file's path in the folder and what the user said it is, in import order.
    pub files: Vec<(PathBuf, String)>,
}

impl Drop for Unpacked {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Writes the project's files to a new private folder under the system's temporary folder.
pub fn unpack(project: &Project, file: &str) -> Result<Unpacked, ProjectError> {
    let dir = private_dir(&std::env::temp_dir(), "ti-atlas-projet")
        .map_err(|e| unpack_error(file, &e))?;
    let mut unpacked = Unpacked {
        dir,
        files: Vec::new(),
    };
    unpacked.files = unpack_files(project, file, &unpacked.dir)?;
    Ok(unpacked)
}

/// One of a project's files written out where it stays: its path, what the user said it is,
/// the sheet read and the user's columns.
#[derive(Clone, Debug, PartialEq)]
pub struct KeptFile {
    pub path: PathBuf,
    pub kind: String,
    pub sheet: Option<String>,
    pub columns: Vec<(String, String)>,
    pub names: Option<crate::model::imports::name_match::NameChoices>,
}

/// Writes the project's files to a new private folder under `base` that stays (the app reads
/// them again at its next start, as any imported file); returns each file's path, what the user
/// said it is and the sheet read, in import order.
pub fn unpack_kept(
    project: &Project,
    file: &str,
    base: &Path,
) -> Result<Vec<KeptFile>, ProjectError> {
    let fail = |e: std::io::Error| unpack_error(file, &e);
    std::fs::create_dir_all(base).map_err(fail)?;
    let stem = Path::new(file)
        .file_stem()
        .map(|s| safe_name(&s.to_string_lossy()))
        .unwrap_or_else(|| "projet".into());
    let dir = private_dir(base, &stem).map_err(fail)?;
    let files = unpack_files(project, file, &dir)?;
    Ok(files
        .into_iter()
        .zip(&project.files)
        .map(|((path, kind), embedded)| KeptFile {
            path,
            kind,
            sheet: embedded.sheet.clone(),
            columns: embedded.columns.clone(),
            names: embedded.names.clone(),
        })
        .collect())
}

fn unpack_error(file: &str, e: &std::io::Error) -> ProjectError {
    ProjectError::Unreadable {
        file: file.to_owned(),
        reason: format!(
            "impossible d'extraire ses fichiers : {}",
            super::error_fr::io_error_fr(e)
        ),
    }
}

/// Each of the project's files written in its own numbered folder under `dir`.
fn unpack_files(
    project: &Project,
    file: &str,
    dir: &Path,
) -> Result<Vec<(PathBuf, String)>, ProjectError> {
    let fail = |e: std::io::Error| unpack_error(file, &e);
    let mut files = Vec::with_capacity(project.files.len());
    for (i, embedded) in project.files.iter().enumerate() {
        let sub = dir.join(format!("{:02}", i + 1));
        std::fs::create_dir(&sub).map_err(fail)?;
        for (name, bytes) in &embedded.parts {
            std::fs::write(sub.join(safe_name(name)), bytes).map_err(fail)?;
        }
        files.push((sub.join(safe_name(embedded.name())), embedded.kind.clone()));
    }
    Ok(files)
}

/// A new folder only this user may read.
fn private_dir(base: &Path, stem: &str) -> std::io::Result<PathBuf> {
    for n in 0..1000u32 {
        let dir = base.join(format!("{stem}-{}-{n}", std::process::id()));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt as _;
            builder.mode(0o700);
        }
        match builder.create(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Project {
        Project {
            map: serde_json::json!({"maille": "Epci", "indicateur": "population"}),
            page: serde_json::json!({"titre": "Emploi industriel"}),
            views: Value::Null,
            recovery_of: None,
            files: vec![
                EmbeddedFile {
                    kind: "plan".into(),
                    sheet: Some("actions".into()),
                    columns: vec![("titre_action".into(), "Quoi".into())],
                    names: Some(crate::model::imports::name_match::NameChoices {
                        column: "Commune".into(),
                        rows: vec![(4, "93066".into())],
                    }),
                    parts: vec![("plan d'actions.csv".into(), b"code;action\n".to_vec())],
                },
                EmbeddedFile {
                    kind: "couche".into(),
                    sheet: None,
                    columns: Vec::new(),
                    names: None,
                    parts: vec![
                        ("zones.shp".into(), vec![0, 0, 39, 10]),
                        ("zones.dbf".into(), vec![3, 1, 2]),
                        ("zones.prj".into(), b"PROJCS[...]".to_vec()),
                    ],
                },
            ],
        }
    }

    #[test]
    fn a_project_reads_back_as_written() {
        let project = sample();
        let bytes = to_bytes(&project);
        assert!(bytes.starts_with(b"PK\x03\x04"));
        let back = from_bytes(&bytes, "p.tiatlas").expect("read");
        assert_eq!(back, project);
    }

    #[test]
    fn a_truncated_project_is_refused_whole_in_french() {
        let bytes = to_bytes(&sample());
        for cut in [0, 10, bytes.len() / 2, bytes.len() - 1] {
            let err = from_bytes(&bytes[..cut], "p.tiatlas").expect_err("truncated");
            let text = err.to_string();
            assert!(text.starts_with("p.tiatlas : "), "{text}");
            assert!(text.contains("rien n'a été chargé"), "{text}");
            assert!(!text.contains("invalid") && !text.contains("Zip"), "{text}");
        }
    }

    #[test]
    fn a_corrupted_entry_is_named() {
        let mut bytes = to_bytes(&sample());
        // Flip bytes inside the first embedded file's compressed data: the CRC check fails.
        let at = bytes
            .windows(8)
            .position(|w| w == b"fichiers")
            .expect("entry name")
            + 40;
        for b in &mut bytes[at..at + 4] {
            *b ^= 0xA5;
        }
        let err = from_bytes(&bytes, "p.tiatlas").expect_err("corrupted");
        let text = err.to_string();
        assert!(text.contains("rien n'a été chargé"), "{text}");
    }

    fn manifest_with(json: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file(MANIFEST, zip::write::SimpleFileOptions::default())
            .expect("start");
        zip.write_all(json.as_bytes()).expect("write");
        zip.finish().expect("finish").into_inner()
    }

    #[test]
    fn a_newer_project_says_to_update() {
        let bytes = manifest_with(r#"{"format":"ti-atlas/projet","version":7}"#);
        let err = from_bytes(&bytes, "p.tiatlas").expect_err("newer");
        assert!(matches!(err, ProjectError::Newer { found: 7, .. }));
        let text = err.to_string();
        assert!(text.contains("version plus récente"), "{text}");
        assert!(text.contains("format 7"), "{text}");
    }

    #[test]
    fn another_archive_is_not_a_project() {
        let err = from_bytes(
            &manifest_with(r#"{"format":"autre","version":1}"#),
            "x.tiatlas",
        )
        .expect_err("other");
        assert!(err.to_string().contains("ce n'est pas un projet ti-atlas"));
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
            .expect("start");
        let bytes = zip.finish().expect("finish").into_inner();
        let err = from_bytes(&bytes, "x.tiatlas").expect_err("xlsx");
        assert!(err.to_string().contains("projet.json"), "{err}");
    }

    #[test]
    fn a_listed_file_missing_from_the_archive_is_named() {
        let bytes = manifest_with(
            r#"{"format":"ti-atlas/projet","version":1,
                "fichiers":[{"nom":"plan.csv","type":"plan","parties":["fichiers/01/plan.csv"]}]}"#,
        );
        let text = from_bytes(&bytes, "p.tiatlas")
            .expect_err("missing")
            .to_string();
        assert!(
            text.contains("plan.csv") && text.contains("manque"),
            "{text}"
        );
    }

    #[test]
    fn names_inside_the_archive_never_escape_the_folder() {
        let bytes = manifest_with(
            r#"{"format":"ti-atlas/projet","version":1,
                "fichiers":[{"nom":"../../.bashrc","parties":["projet.json"]}]}"#,
        );
        let project = from_bytes(&bytes, "p.tiatlas").expect("read");
        assert_eq!(project.files[0].name(), ".bashrc");
        let unpacked = unpack(&project, "p.tiatlas").expect("unpack");
        let (path, kind) = &unpacked.files[0];
        assert_eq!(kind, "auto");
        assert!(path.starts_with(&unpacked.dir), "{}", path.display());
        assert!(path.is_file());
        let dir = unpacked.dir.clone();
        drop(unpacked);
        assert!(
            !dir.exists(),
            "the private folder goes with the unpacked files"
        );
        assert_eq!(safe_name("C:\\x\\a.csv"), "a.csv");
        assert_eq!(safe_name(".."), "fichier");
    }

    #[test]
    fn a_shapefile_is_embedded_with_its_parts() {
        let dir = std::env::temp_dir().join(format!("ti-atlas-projet-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        for (ext, bytes) in [("shp", b"s".as_slice()), ("DBF", b"d"), ("prj", b"p")] {
            std::fs::write(dir.join(format!("zones.{ext}")), bytes).expect("write");
        }
        let embedded = embed_file(&dir.join("zones.shp"), "couche").expect("embed");
        let names: Vec<&str> = embedded.parts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["zones.shp", "zones.DBF", "zones.prj"]);
        let project = Project {
            files: vec![embedded],
            ..Project::default()
        };
        let back = from_bytes(&to_bytes(&project), "p.tiatlas").expect("read");
        let unpacked = unpack(&back, "p.tiatlas").expect("unpack");
        let shp = &unpacked.files[0].0;
        assert!(shp.with_extension("DBF").is_file() && shp.with_extension("prj").is_file());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_declared_size_beyond_the_budget_is_refused_before_reading() {
        let mut budget = 10;
        let bytes = to_bytes(&sample());
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        let err = entry_bytes(&mut zip, MANIFEST, 1_000_000, &mut budget).expect_err("budget");
        assert!(err.contains("Mo une fois décompressé"), "{err}");
    }
}
