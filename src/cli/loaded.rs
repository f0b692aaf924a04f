//! The bundle with the user's files absorbed, as the app would have them: what `export map`,
//! `export sheet` and `export layer` draw from (their `--import` and a project's files).

use std::path::PathBuf;

use super::project::Source;
use crate::carto::UserLayer;
use crate::format::today_fr;
use crate::io::bundle;
use crate::io::import::{ImportError, Imported, absorb, import_file_with};
use crate::model::Dataset;
use crate::model::imports::Imports;
use crate::model::imports::projects::TerritoryLocator;

/// The bundle with the user's files absorbed, as the app would have them.
pub(super) struct Loaded {
    pub(super) dataset: Dataset,
    pub(super) imports: Imports,
    pub(super) layers: Vec<UserLayer>,
}

/// The files of `--import`, each with its `--import-columns` (see [`super::project::given_sources`]).
pub(super) fn load(files: &[PathBuf], columns: &[String]) -> anyhow::Result<Loaded> {
    let sources = super::project::given_sources(files, columns)?;
    load_sources(&sources)
}

pub(super) fn load_sources(files: &[Source]) -> anyhow::Result<Loaded> {
    let (mut dataset, _) = bundle::load_embedded()?;
    let mut imports = Imports::default();
    let mut layers = Vec::new();
    if !files.is_empty() {
        let locator = TerritoryLocator::build(&dataset);
        let today = today_fr();
        for file in files {
            let (imported, report) = match import_file_with(
                &file.path,
                None,
                file.kind,
                &dataset,
                &locator,
                &file.columns,
            ) {
                Ok(done) => done,
                // A header that is not in the file: the command line is wrong, not the file.
                Err(ImportError::Mapping(e)) => {
                    return Err(super::usage_error(format!(
                        "--import-columns de {} : {}",
                        file.shown,
                        e.to_string().trim_start_matches("--columns : ")
                    )));
                }
                Err(e) => {
                    return Err(anyhow::Error::new(e).context(format!("import de {}", file.shown)));
                }
            };
            super::import::ensure_something_imported(&report)?;
            eprintln!(
                "{} : {} — {} ligne(s) reprise(s), {} rejetée(s)",
                report.file,
                report.kind,
                report.imported,
                report.rejected.len()
            );
            if let Imported::Layer(layer, _) = &imported {
                layers.push(UserLayer::new(
                    &layer.name,
                    layer.polygons(),
                    layer.labels(),
                ));
            }
            absorb(&mut imports, &mut dataset.tables.sources, imported, &today);
        }
    }
    Ok(Loaded {
        dataset,
        imports,
        layers,
    })
}
