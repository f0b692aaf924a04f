//! The bundle with the user's files absorbed, as the app would have them: what `export map`,
//! `export sheet` and `export layer` draw from (their `--import` and a project's files).

use std::path::PathBuf;

use anyhow::Context as _;

use super::project::Source;
use crate::carto::UserLayer;
use crate::format::today_fr;
use crate::io::bundle;
use crate::io::import::{Imported, absorb, import_file};
use crate::model::Dataset;
use crate::model::imports::Imports;
use crate::model::imports::projects::TerritoryLocator;

/// The bundle with the user's files absorbed, as the app would have them.
pub(super) struct Loaded {
    pub(super) dataset: Dataset,
    pub(super) imports: Imports,
    pub(super) layers: Vec<UserLayer>,
}

pub(super) fn load(files: &[PathBuf]) -> anyhow::Result<Loaded> {
    let sources: Vec<Source> = files.iter().map(|f| Source::given(f)).collect();
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
            let (imported, report) = import_file(&file.path, None, file.kind, &dataset, &locator)
                .with_context(|| format!("import de {}", file.shown))?;
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
