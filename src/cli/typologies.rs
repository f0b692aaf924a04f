//! `ti-atlas typologies`: the typologies a map can show (`export map --typology ID`), built-in
//! and from the imported files' text columns, each with its maille, its categories and their
//! counts, and the units without a category with the reason.

use std::path::PathBuf;

use serde::Serialize;

use crate::model::imports::Imports;
use crate::model::typology::{self, Typology};

/// One typology as listed.
#[derive(Debug, Serialize)]
pub struct TypologyEntry {
    pub id: String,
    pub label: String,
    /// The maille's id (`territoires`, `epci`, `departements`).
    pub maille: &'static str,
    pub categories: Vec<CategoryCount>,
    /// Units without a category ("non renseigné"), and why.
    pub non_renseigne: usize,
    pub missing_reasons: Vec<(String, usize)>,
    pub rule: String,
}

#[derive(Debug, Serialize)]
pub struct CategoryCount {
    pub category: String,
    pub count: usize,
}

pub fn entry(t: &Typology) -> TypologyEntry {
    TypologyEntry {
        id: t.id.clone(),
        label: t.label.clone(),
        maille: t.level.id(),
        categories: t
            .categories
            .iter()
            .zip(t.counts())
            .map(|(c, n)| CategoryCount {
                category: c.clone(),
                count: n,
            })
            .collect(),
        non_renseigne: t.missing(),
        missing_reasons: t.missing_reasons.clone(),
        rule: t.rule.clone(),
    }
}

/// The bundle and the user's files, read as `export map --import` reads them.
#[cfg(feature = "export")]
fn load(files: &[PathBuf], columns: &[String]) -> anyhow::Result<(crate::model::Dataset, Imports)> {
    let loaded = super::loaded::load(files, columns)?;
    Ok((loaded.dataset, loaded.imports))
}

/// Without the exports, the bundle only.
#[cfg(not(feature = "export"))]
fn load(files: &[PathBuf], columns: &[String]) -> anyhow::Result<(crate::model::Dataset, Imports)> {
    if !files.is_empty() || !columns.is_empty() {
        anyhow::bail!("--import : ce binaire est construit sans les exports");
    }
    let (dataset, _) = crate::io::bundle::load_embedded()?;
    Ok((dataset, Imports::default()))
}

pub fn run(json: bool, imports: &[PathBuf], import_columns: &[String]) -> anyhow::Result<()> {
    super::protect_inputs(imports.iter().map(PathBuf::as_path));
    let (dataset, imported) = load(imports, import_columns)?;
    let entries: Vec<TypologyEntry> = typology::all(&dataset, &imported)
        .iter()
        .map(entry)
        .collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&entries)?);
        return Ok(());
    }
    for e in &entries {
        println!("{} — {} (maille : {})", e.id, e.label, e.maille);
        for c in &e.categories {
            println!("  {:<48} {:>6}", c.category, c.count);
        }
        if e.non_renseigne > 0 {
            println!("  {:<48} {:>6}", typology::NOT_GIVEN, e.non_renseigne);
            for (reason, n) in &e.missing_reasons {
                println!("    {n} : {reason}");
            }
        }
        println!("  règle : {}", e.rule);
    }
    println!(
        "Carte : ti-atlas export map --typology ID --out carte.svg (palette : --typology-palette \
         Set2, Set3, Paired, Dark2, Pastel1, Pastel2 ou Accent)"
    );
    Ok(())
}
