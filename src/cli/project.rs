//! `--save-project` and `--project` of `export map` and `export sheet`: the map a command exports
//! (its settings, title, frame, size and background) and the user's files it imported, written
//! as a project (`io::project`), and read back to draw the same map on another machine, the
//! user's files no longer needed.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::Serialize;

use crate::carto::MapSettings;
use crate::io::import::ImportKind;
use crate::io::project::{self, Project, Unpacked};
use crate::model::imports::column_map::parse_columns;

pub use crate::io::project::MapPage;

/// A user's file to load: where it is now, what the user said it is, and its name as shown in
/// messages (a file taken from a project is named by its original name, not the temporary one).
#[derive(Clone, Debug)]
pub struct Source {
    pub path: PathBuf,
    pub kind: ImportKind,
    pub shown: String,
    /// The user's column mapping (`--import-columns`: pairs field, header), empty when the
    /// headers are the template's.
    pub columns: Vec<(String, String)>,
}

impl Source {
    /// A file named on the command line (`--import`): its kind told by its content.
    pub fn given(path: &Path) -> Source {
        Source {
            path: path.to_path_buf(),
            kind: ImportKind::Auto,
            shown: path.display().to_string(),
            columns: Vec::new(),
        }
    }
}

/// The files given with `--import`, each with the `--import-columns` at the same position (the
/// first mapping for the first file…; `""` for a file whose headers are the template's). More
/// mappings than files, or a mapping that cannot be read, is a usage error.
pub fn given_sources(imports: &[PathBuf], columns: &[String]) -> anyhow::Result<Vec<Source>> {
    if columns.len() > imports.len() {
        return Err(super::usage_error(format!(
            "--import-columns donné {} fois pour {} fichier(s) --import : la n-ième \
             --import-columns s'applique au n-ième --import (« \"\" » pour un fichier dont les \
             en-têtes sont ceux du modèle)",
            columns.len(),
            imports.len()
        )));
    }
    let mut sources = Vec::with_capacity(imports.len());
    for (i, file) in imports.iter().enumerate() {
        let mut source = Source::given(file);
        if let Some(spec) = columns.get(i) {
            source.columns = parse_columns(spec).map_err(|e| {
                super::usage_error(format!(
                    "--import-columns de {} : {}",
                    file.display(),
                    e.to_string().trim_start_matches("--columns : ")
                ))
            })?;
        }
        sources.push(source);
    }
    Ok(sources)
}

/// Writes the project of a map export (`--save-project`).
pub fn save(
    path: &Path,
    settings: &MapSettings,
    page: &MapPage,
    imports: &[Source],
) -> anyhow::Result<()> {
    let mut files = Vec::with_capacity(imports.len());
    for source in imports {
        let mut embedded = project::embed_file(&source.path, source.kind.id())?;
        // The user's columns go with the file (the project reads it the same way).
        embedded.columns = source.columns.clone();
        files.push(embedded);
    }
    let project = Project {
        map: serde_json::to_value(settings).context("réglages de la carte")?,
        page: serde_json::to_value(page).context("page")?,
        views: serde_json::Value::Null,
        files,
        recovery_of: None,
    };
    project::write(path, &project)?;
    println!(
        "{} écrit (projet : la carte et {} fichier(s) de l'utilisateur)",
        path.display(),
        project.files.len()
    );
    Ok(())
}

/// A project opened for an export: the map's settings, the page, and the user's files unpacked
/// for the readers (removed when this is dropped).
pub struct Opened {
    pub settings: MapSettings,
    pub page: MapPage,
    pub sources: Vec<Source>,
    /// Keeps the unpacked files until the export is done.
    _unpacked: Unpacked,
}

/// The user's files to load: the project's (if any), then those given with `--import`.
pub fn sources(
    opened: Option<&Opened>,
    imports: &[PathBuf],
    columns: &[String],
) -> anyhow::Result<Vec<Source>> {
    let mut sources: Vec<Source> = opened.map(|o| o.sources.clone()).unwrap_or_default();
    sources.extend(given_sources(imports, columns)?);
    Ok(sources)
}

/// Reads a project (`--project`); a value of its settings that this version does not know is
/// reset to its default with a warning naming it.
pub fn open(path: &Path) -> anyhow::Result<Opened> {
    let shown = path.display().to_string();
    let project = project::read(path)?;
    let settings = decode_or_default::<MapSettings>(&project.map, &shown, "réglages de la carte");
    let page = decode_or_default::<MapPage>(&project.page, &shown, "page");
    let unpacked = project::unpack(&project, &shown)?;
    let sources = unpacked
        .files
        .iter()
        .zip(&project.files)
        .map(|((p, kind), embedded)| Source {
            path: p.clone(),
            kind: ImportKind::from_id(kind).unwrap_or(ImportKind::Auto),
            shown: format!("{} (dans {shown})", embedded.name()),
            columns: embedded.columns.clone(),
        })
        .collect();
    Ok(Opened {
        settings,
        page,
        sources,
        _unpacked: unpacked,
    })
}

/// A part of the project decoded leniently: what this version cannot read takes its default,
/// said on standard error (the export goes on: the rest of the map is the project's).
fn decode_or_default<T>(value: &serde_json::Value, file: &str, what: &str) -> T
where
    T: serde::de::DeserializeOwned + Serialize + Default,
{
    let (decoded, said) = project::decode_part::<T>(value, what);
    for line in said {
        eprintln!("{file} : {line}");
    }
    decoded
}
