//! `ti-atlas symbols`: the proportional symbols the map would draw for a stock — each unit's
//! value and radius, the scale and the legend's reference values (JSON for scripts).

use anyhow::Context as _;
use serde::Serialize;

use crate::carto::{SymbolSettings, SymbolShape, Symbols};
use crate::io::bundle;
use crate::model::indicators::IndicatorTable;
use crate::model::{IndicatorId, Level};

#[derive(Debug, Serialize)]
struct SymbolOutput {
    indicator: IndicatorId,
    label: String,
    unit: String,
    level: String,
    shape: SymbolShape,
    /// Value per square reference point (CSS pixel on screen, at 100 %).
    value_per_area: f64,
    legend: Vec<LegendEntry>,
    units: Vec<UnitSymbol>,
    missing: Vec<(String, usize)>,
}

#[derive(Debug, Serialize)]
struct LegendEntry {
    value: f64,
    radius: f64,
}

#[derive(Debug, Serialize)]
struct UnitSymbol {
    code: String,
    name: String,
    value: Option<f64>,
    radius: Option<f64>,
}

pub fn run(
    indicator: &IndicatorId,
    level: &str,
    settings: &SymbolSettings,
    json: bool,
) -> anyhow::Result<()> {
    let (dataset, _) = bundle::load_embedded()?;
    let level = Level::from_id(level).with_context(|| {
        format!("maille inconnue : « {level} » (territoires, epci ou departements)")
    })?;
    let table = IndicatorTable::for_level(&dataset, level);
    let settings = SymbolSettings {
        indicator: Some(indicator.clone()),
        ..settings.clone()
    };
    let symbols = Symbols::compute(&dataset, &table, &settings, &Default::default())
        .map_err(|e| anyhow::anyhow!(e))?
        .context("aucun symbole")?;
    let kind = level.layer();
    let units = dataset
        .layer_codes(kind)
        .into_iter()
        .zip(dataset.feature_names(kind))
        .zip(symbols.values.iter())
        .map(|((code, name), value)| UnitSymbol {
            code,
            name,
            value: *value,
            radius: value.map(|v| symbols.radius_of(v)),
        })
        .collect();
    let out = SymbolOutput {
        indicator: symbols.indicator.clone(),
        label: symbols.title.clone(),
        unit: symbols.unit.clone(),
        level: level.id().to_owned(),
        shape: symbols.shape,
        value_per_area: symbols.value_per_area,
        legend: symbols
            .legend_values()
            .into_iter()
            .map(|(value, radius)| LegendEntry { value, radius })
            .collect(),
        units,
        missing: symbols.missing_reasons.clone(),
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!(
            "{} ({}) — maille : {} — {} : {}\u{a0}par px²",
            out.label,
            out.unit,
            level.label_fr(),
            symbols.shape.label_fr(),
            crate::format::decimal_fr(out.value_per_area, 3)
        );
        for e in &out.legend {
            println!(
                "  légende : {} → rayon {}\u{a0}px",
                symbols.value_text(e.value),
                crate::format::decimal_fr(e.radius, 1)
            );
        }
        let drawn = out.units.iter().filter(|u| u.radius.is_some()).count();
        println!("{drawn} symbole(s) sur {} unités", out.units.len());
    }
    Ok(())
}
