//! `ti-atlas compare`: the 2018-2022 territories against the 2023-2027 ones.

use std::path::Path;

use crate::format::{decimal_fr, int_fr};
use crate::io::bundle;
use crate::io::output::{OutputKind, write};
use crate::model::Dataset;
use crate::model::geography::comparison_text::{
    overlap_fr, period, region_fr, summary_lines, to_csv,
};
use crate::model::geography::generations::{GenerationComparison, compare};

pub fn run(json: bool, csv: Option<&Path>) -> anyhow::Result<()> {
    if let Some(out) = csv {
        super::check_output(out, OutputKind::Csv)?;
    }
    let (dataset, _) = bundle::load_embedded()?;
    let comparison = compare(&dataset);
    if let Some(out) = csv {
        write(
            out,
            OutputKind::Csv,
            to_csv(&dataset, &comparison).as_bytes(),
        )?;
        eprintln!("Tableau écrit dans {}", out.display());
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&comparison)?);
        return Ok(());
    }
    for line in summary_lines(&dataset, &comparison) {
        println!("{line}");
    }
    println!();
    print_table(&dataset, &comparison);
    Ok(())
}

fn print_table(dataset: &Dataset, c: &GenerationComparison) {
    println!(
        "{:<9} {:<9} {:<40} {:<28} {:<50} {:>12} {:>12}  territoires recouverts",
        "période", "id", "nom", "région", "statut", "population", "superficie km²"
    );
    for t in &c.territories {
        let overlaps: Vec<String> = t.overlaps.iter().map(overlap_fr).collect();
        println!(
            "{:<9} {:<9} {:<40} {:<28} {:<50} {:>12} {:>12}  {}",
            period(t),
            t.id,
            t.name,
            region_fr(dataset, &t.region),
            t.status_fr(),
            int_fr(t.population),
            decimal_fr(t.area_km2, 1),
            if overlaps.is_empty() {
                "aucun".to_owned()
            } else {
                overlaps.join(" ; ")
            }
        );
    }
}
