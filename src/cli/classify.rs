//! `ti-atlas classify`: the breaks and class counts the map would use.

use anyhow::{Context as _, bail};
use serde::Serialize;

use crate::format::decimal_fr;
use crate::io::bundle;
use crate::model::classify::{Classification, Method, classify};
use crate::model::indicators::{Kind, TerritoryTable};
use crate::model::{Dataset, Generation};

#[derive(Debug, Serialize)]
pub struct ClassifyOutput {
    pub indicator: String,
    pub label: String,
    pub unit: String,
    pub level: String,
    pub method: String,
    #[serde(flatten)]
    pub classification: Classification,
    /// Why values are missing at this level.
    pub missing_reason: Option<String>,
}

/// The values of an indicator at a level: `territoires` (the 183 of 2023-2027; only exact
/// values) or `epci` (EPCI series only).
pub fn values_at(
    dataset: &Dataset,
    indicator: &str,
    level: &str,
) -> anyhow::Result<(Vec<f64>, Option<String>)> {
    let table = TerritoryTable::build(dataset, Generation::Temps2);
    let i = table
        .indicators
        .iter()
        .position(|x| x.id == indicator)
        .with_context(|| {
            format!("indicateur inconnu : « {indicator} » (voir `ti-atlas indicators`)")
        })?;
    let ind = &table.indicators[i];
    if let Some(why) = &ind.unavailable {
        bail!("{} : {why}", ind.label);
    }
    match level {
        "territoires" => {
            let values = table.values[i]
                .iter()
                .map(|v| v.as_f64().unwrap_or(f64::NAN))
                .collect();
            let reason = (ind.kind == Kind::EpciSeries).then(|| {
                "part exacte seulement pour les territoires formés d'un seul EPCI ; ailleurs non calculable".to_owned()
            });
            Ok((values, reason))
        }
        "epci" => {
            let Some(series) = dataset.tables.indicators.iter().find(|s| s.id == indicator) else {
                bail!("{} n'existe pas à la maille EPCI", ind.label);
            };
            let values = dataset
                .tables
                .epci
                .iter()
                .map(|e| series.values.get(&e.siren).copied().unwrap_or(f64::NAN))
                .collect();
            Ok((
                values,
                Some(
                    "EPCI d'outre-mer absents de la source (France métropolitaine seulement)"
                        .into(),
                ),
            ))
        }
        other => bail!("maille inconnue : « {other} » (territoires ou epci)"),
    }
}

pub fn run(
    indicator: &str,
    level: &str,
    method: &str,
    classes: usize,
    breaks: Option<&str>,
    json: bool,
) -> anyhow::Result<()> {
    let (dataset, _) = bundle::load_embedded()?;
    let method = match (method, breaks) {
        ("manual", Some(b)) => Method::Manual(
            b.split(';')
                .map(|s| s.trim().replace(',', ".").parse::<f64>())
                .collect::<Result<_, _>>()
                .context("seuils manuels : nombres séparés par « ; » attendus")?,
        ),
        ("manual", None) => bail!("--method manual demande --breaks \"a;b;c\""),
        (id, _) => Method::from_id(id).with_context(|| {
            format!("méthode inconnue : « {id} » (quantiles, equal, jenks, stddev, q6, manual)")
        })?,
    };
    let (values, missing_reason) = values_at(&dataset, indicator, level)?;
    let classification = classify(&values, &method, classes)?;
    let ind = crate::model::indicators::catalogue(&dataset)
        .into_iter()
        .find(|i| i.id == indicator)
        .context("indicateur")?;
    let out = ClassifyOutput {
        indicator: ind.id.clone(),
        label: ind.label.clone(),
        unit: ind.unit.clone(),
        level: level.to_owned(),
        method: method.label_fr().to_owned(),
        classification,
        missing_reason,
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "{} ({}) — maille {} — {}",
        out.label, out.unit, out.level, out.method
    );
    let c = &out.classification;
    for (i, count) in c.counts.iter().enumerate() {
        let open = if i == 0 { "[" } else { "]" };
        println!(
            "  classe {} : {open}{} ; {}] — {count}",
            i + 1,
            decimal_fr(c.breaks[i], 2),
            decimal_fr(c.breaks[i + 1], 2)
        );
    }
    if c.missing > 0 {
        println!(
            "  non disponible : {}{}",
            c.missing,
            out.missing_reason
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        );
    }
    Ok(())
}
