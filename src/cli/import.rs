//! `ti-atlas import FILE`: reads a user's file as the app does and prints the same report.

use std::path::Path;

use anyhow::Context as _;

use crate::io::atomic::write_atomic;
use crate::io::bundle;
use crate::io::import::{ImportKind, ImportReport, import_file};
use crate::model::projects::TerritoryLocator;

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
        write_atomic(out, rows_csv(&report).as_bytes())?;
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

/// Rejected rows and warnings as CSV for Excel FR (UTF-8 BOM, `;`).
pub fn rows_csv(report: &ImportReport) -> String {
    let mut out = String::from("\u{feff}fichier;ligne;colonne;statut;problème\r\n");
    let field = |s: &str| {
        if s.contains([';', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    };
    for (status, rows) in [
        ("rejetée", &report.rejected),
        ("avertissement", &report.warnings),
    ] {
        for r in rows {
            out.push_str(&format!(
                "{};{};{};{status};{}\r\n",
                field(&report.file),
                r.row,
                field(r.column.as_deref().unwrap_or("")),
                field(&r.problem)
            ));
        }
    }
    out
}
