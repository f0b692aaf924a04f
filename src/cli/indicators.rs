//! `ti-atlas indicators`: the indicator catalogue, with how many territories have an exact value.

use serde::Serialize;

use crate::io::bundle;
use crate::model::indicators::{self, Value};
use crate::model::{Dataset, Generation, Level};

#[derive(Debug, Serialize)]
pub struct CatalogueEntry {
    #[serde(flatten)]
    pub indicator: indicators::Indicator,
    /// Territories 2023-2027 with an exact value.
    pub territories_exact: usize,
    pub territories_not_computable: usize,
    pub territories_missing: usize,
    /// Units with a value at the indicator's own level (EPCI series).
    pub units_with_value: Option<usize>,
    /// Mailles the map can be coloured at with this indicator (`ti-atlas classify --level`).
    pub mailles: Vec<&'static str>,
}

pub fn compute(dataset: &Dataset) -> Vec<CatalogueEntry> {
    indicators::catalogue(dataset)
        .into_iter()
        .map(|indicator| {
            let (mut exact, mut not_computable, mut missing) = (0, 0, 0);
            for t in dataset.territories(Generation::Temps2) {
                match indicators::territory_value(dataset, &indicator, t) {
                    Value::Exact(_) => exact += 1,
                    Value::NotComputable(_) => not_computable += 1,
                    Value::Missing(_) => missing += 1,
                }
            }
            let units_with_value = dataset
                .tables
                .indicators
                .iter()
                .find(|s| s.id == indicator.id)
                .map(|s| s.values.len());
            let mailles = Level::MAPS
                .into_iter()
                .filter(|l| indicator.applies_to(*l))
                .map(Level::id)
                .collect();
            CatalogueEntry {
                mailles,
                indicator,
                territories_exact: exact,
                territories_not_computable: not_computable,
                territories_missing: missing,
                units_with_value,
            }
        })
        .collect()
}

pub fn run(json: bool) -> anyhow::Result<()> {
    let (dataset, _) = bundle::load_embedded()?;
    let entries = compute(&dataset);
    if json {
        println!("{}", serde_json::to_string_pretty(&entries)?);
        return Ok(());
    }
    for e in &entries {
        let i = &e.indicator;
        println!(
            "{} — {} ({}, maille {})",
            i.id,
            i.label,
            i.unit,
            i.level.label_fr()
        );
        if let Some(why) = &i.unavailable {
            println!("    {why}");
            continue;
        }
        let sources = crate::model::SourceInfo::citations(
            i.sources
                .iter()
                .filter_map(|id| dataset.tables.sources.iter().find(|s| &s.id == id)),
        );
        println!("    source : {sources}");
        if let Some(period) = &i.period {
            println!("    période : {period}");
        }
        if i.diverging_around_zero {
            println!(
                "    lecture autour de 0 : classes symétriques autour de 0 et palette divergente par défaut"
            );
        }
        println!("    cartes : maille {}", e.mailles.join(", "));
        if let Some(n) = e.units_with_value {
            println!("    valeurs pour {n} EPCI/EPT");
        }
        println!(
            "    territoires 2023-2027 : {} valeur(s) exacte(s), {} non calculable(s), {} non disponible(s)",
            e.territories_exact, e.territories_not_computable, e.territories_missing
        );
    }
    Ok(())
}
