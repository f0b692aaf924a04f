//! `ti-atlas classify`: the breaks and class counts the map would use.

use anyhow::{Context as _, bail};
use serde::Serialize;

use crate::format::decimal_fr;
use crate::format::parse_breaks_fr;
use crate::io::bundle;
use crate::model::indicators::choropleth::default_method;
use crate::model::indicators::classify::{Classification, Method, classify_or_fewer};
use crate::model::indicators::{Indicator, IndicatorTable, catalogue};
use crate::model::{Dataset, IndicatorId, Level};

#[derive(Debug, Serialize)]
pub struct ClassifyOutput {
    pub indicator: IndicatorId,
    pub label: String,
    pub unit: String,
    pub level: String,
    pub method: String,
    #[serde(flatten)]
    pub classification: Classification,
    /// Why values are missing at this level.
    pub missing_reason: Option<String>,
}

/// An indicator, its values in unit order (NaN where missing) and the missing reasons.
pub type LevelValues = (Indicator, Vec<f64>, Vec<(String, usize)>);

/// The values of an indicator at a level (`territoires`, `epci`, `departements`), exactly as
/// the map classifies them, with the reasons for the missing ones (most frequent first).
pub fn values_at(
    dataset: &Dataset,
    indicator: &IndicatorId,
    level: &str,
) -> anyhow::Result<LevelValues> {
    let level = Level::from_id(level).with_context(|| {
        format!("maille inconnue : « {level} » (territoires, epci ou departements)")
    })?;
    let Some(ind) = catalogue(dataset).into_iter().find(|i| i.id == *indicator) else {
        bail!("indicateur inconnu : « {indicator} » (voir `ti-atlas indicators`)");
    };
    if let Some(why) = &ind.unavailable {
        bail!("{} : {why}", ind.label);
    }
    let table = IndicatorTable::for_level(dataset, level);
    let Some(i) = table.position(indicator) else {
        bail!(
            "{} n'a pas de sens à la maille {} (voir `ti-atlas indicators`)",
            ind.label,
            level.label_fr()
        );
    };
    Ok((ind, table.numbers(i), table.missing_reasons(i)))
}

/// The method asked for, or the indicator's default one (centred on 0 for growth rates).
fn method_of(
    ind: &Indicator,
    method: Option<&str>,
    breaks: Option<&str>,
) -> anyhow::Result<Method> {
    Ok(match (method, breaks) {
        (None, _) => default_method(ind).method(&[]),
        (Some("manual"), Some(b)) => {
            Method::Manual(parse_breaks_fr(b).map_err(|e| anyhow::anyhow!("seuils manuels : {e}"))?)
        }
        (Some("manual"), None) => bail!("--method manual demande --breaks \"a;b;c\""),
        (Some(id), _) => Method::from_id(id).with_context(|| {
            format!(
                "méthode inconnue : « {id} » (quantiles, equal, jenks, stddev, q6, symmetric, \
                 symmetric-quantiles, manual)"
            )
        })?,
    })
}

pub fn run(
    indicator: &IndicatorId,
    level: &str,
    method: Option<&str>,
    classes: usize,
    breaks: Option<&str>,
    json: bool,
) -> anyhow::Result<()> {
    let (dataset, _) = bundle::load_embedded()?;
    let (ind, values, reasons) = values_at(&dataset, indicator, level)?;
    let method = method_of(&ind, method, breaks)?;
    let (classification, note) = classify_or_fewer(&values, &method, classes)?;
    if let Some(note) = note {
        eprintln!("note : {note}");
    }
    let missing_reason = (!reasons.is_empty()).then(|| {
        reasons
            .iter()
            .map(|(r, n)| format!("{n} : {r}"))
            .collect::<Vec<_>>()
            .join(" ; ")
    });
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
    let sources = crate::model::SourceInfo::citations(
        ind.sources
            .iter()
            .filter_map(|id| dataset.tables.sources.iter().find(|s| &s.id == id)),
    );
    if !sources.is_empty() {
        println!("  source : {sources}");
    }
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
