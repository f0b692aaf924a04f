//! `ti-atlas import FILE`: reads a user's file as the app does and prints the same report.

use std::path::Path;

use anyhow::Context as _;

use crate::io::atomic::write_atomic;
use crate::io::bundle;
use crate::io::import::{ImportKind, import_file};
use crate::model::imports::projects::TerritoryLocator;

pub fn run(
    file: &Path,
    sheet: Option<&str>,
    kind: &str,
    json: bool,
    report_csv: Option<&Path>,
) -> anyhow::Result<()> {
    let kind = ImportKind::from_id(kind)
        .with_context(|| format!("type inconnu : « {kind} » (auto, plan ou projets)"))?;
    let (dataset, _) = bundle::load_embedded()?;
    let locator = TerritoryLocator::build(&dataset);
    let (_, report) = import_file(file, sheet, kind, &dataset, &locator)?;
    if let Some(out) = report_csv {
        write_atomic(out, report.problems_csv().as_bytes())?;
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for line in report.lines_fr() {
            println!("{line}");
        }
    }
    Ok(())
}
