//! `ti-atlas import FILE`: reads a user's file as the app does and prints the same report.

use std::path::Path;

use super::{check_output, shorten, usage_error};
use crate::io::bundle;
use crate::io::import::{ImportError, ImportKind, ImportReport, import_file_with};
use crate::io::output::{OutputKind, write};
use crate::model::imports::column_map::parse_columns;
use crate::model::imports::projects::TerritoryLocator;

/// Extensions of the workbooks `--sheet` applies to.
const WORKBOOK_EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

pub fn run(
    file: &Path,
    sheet: Option<&str>,
    kind: &str,
    json: bool,
    report_csv: Option<&Path>,
    columns: Option<&str>,
) -> anyhow::Result<()> {
    let kind = ImportKind::from_id(kind).ok_or_else(|| {
        usage_error(format!(
            "type inconnu : « {} » (auto, plan, projets, tableau ou couche)",
            shorten(kind, 40)
        ))
    })?;
    check_sheet(file, sheet)?;
    let columns = match columns {
        Some(spec) => parse_columns(spec).map_err(|e| usage_error(e.to_string()))?,
        None => Vec::new(),
    };
    super::protect_inputs([file]);
    if let Some(out) = report_csv {
        check_output(out, OutputKind::Csv)?;
    }
    let (dataset, _) = bundle::load_embedded()?;
    let locator = TerritoryLocator::build(&dataset);
    let (_, report) = match import_file_with(file, sheet, kind, &dataset, &locator, &columns) {
        Ok(done) => done,
        // A header that is not in the file: the command line is wrong, not the file.
        Err(ImportError::Mapping(e)) => return Err(usage_error(e.to_string())),
        Err(e) => return Err(e.into()),
    };
    if let Some(out) = report_csv {
        write(out, OutputKind::Csv, report.problems_csv().as_bytes())?;
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for line in report.lines_fr() {
            println!("{line}");
        }
    }
    ensure_something_imported(&report)
}

/// `--sheet` names a sheet of a workbook (`--layer`, the same option, a GeoPackage's layer): with
/// any other file it would be silently ignored.
fn check_sheet(file: &Path, sheet: Option<&str>) -> anyhow::Result<()> {
    let Some(sheet) = sheet else {
        return Ok(());
    };
    let ext = file
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if WORKBOOK_EXTENSIONS.contains(&ext.as_str()) || ext == "gpkg" {
        return Ok(());
    }
    Err(usage_error(format!(
        "--sheet « {} » ne s'applique qu'aux classeurs XLSX, ODS ou XLS (et --layer aux GeoPackage) ; \
         {} n'en est pas un (un CSV, une couche GeoJSON ou un shapefile n'a ni feuilles ni couches) : \
         retirez --sheet",
        shorten(sheet, 40),
        file.display()
    )))
}

/// A file from which nothing was taken is a failure (exit code 1), even if it could be read.
pub fn ensure_something_imported(report: &ImportReport) -> anyhow::Result<()> {
    if report.imported > 0 {
        return Ok(());
    }
    anyhow::bail!(
        "{} : rien n'a été importé ({} ligne(s) ou objet(s) lu(s), {} rejeté(s))",
        report.file,
        report.rows,
        report.rejected.len()
    )
}
