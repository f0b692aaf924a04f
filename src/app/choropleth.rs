//! Colouring the 2023-2027 territories by an indicator: classification, colours and the legend's
//! content. Recomputed only when the choice changes (183 values), never per frame.

use egui::Color32;

use crate::model::classify::{Classification, Method, classify};
use crate::model::indicators::TerritoryTable;
use crate::model::{Dataset, SourceInfo};

/// ColorBrewer YlOrRd, 9 classes (Cynthia Brewer, colorbrewer2.org, Apache 2.0 colour
/// specifications). Fewer classes take evenly spaced entries of this ramp.
const YLORRD_9: [[u8; 3]; 9] = [
    [0xff, 0xff, 0xcc],
    [0xff, 0xed, 0xa0],
    [0xfe, 0xd9, 0x76],
    [0xfe, 0xb2, 0x4c],
    [0xfd, 0x8d, 0x3c],
    [0xfc, 0x4e, 0x2a],
    [0xe3, 0x1a, 0x1c],
    [0xbd, 0x00, 0x26],
    [0x80, 0x00, 0x26],
];
/// Territories without a value.
pub const MISSING_FILL: Color32 = Color32::from_rgb(0xbd, 0xbd, 0xbd);
/// Opacity of the classed fills over the basemap.
const FILL_ALPHA: u8 = 215;

/// `k` colours from light to dark.
pub fn ramp(k: usize) -> Vec<Color32> {
    (0..k)
        .map(|i| {
            let idx = if k <= 1 { 0 } else { i * 8 / (k - 1) };
            let [r, g, b] = YLORRD_9[idx.min(8)];
            Color32::from_rgba_unmultiplied(r, g, b, FILL_ALPHA)
        })
        .collect()
}

/// What the legend shows.
pub struct Legend {
    pub title: String,
    pub unit: String,
    pub method: String,
    pub classification: Classification,
    pub colours: Vec<Color32>,
    /// Why some territories have no value (first reason met).
    pub missing_reason: Option<String>,
    pub sources: Vec<SourceInfo>,
}

/// Classifies the indicator over the territories and returns their fill colours and the legend.
pub fn compute(
    dataset: &Dataset,
    table: &TerritoryTable,
    indicator_id: &str,
    method_id: &str,
    classes: usize,
) -> Result<(Vec<Color32>, Legend), String> {
    let i = table
        .indicators
        .iter()
        .position(|x| x.id == indicator_id)
        .ok_or_else(|| format!("indicateur inconnu : {indicator_id}"))?;
    let ind = &table.indicators[i];
    let values: Vec<f64> = table.values[i]
        .iter()
        .map(|v| v.as_f64().unwrap_or(f64::NAN))
        .collect();
    let method = Method::from_id(method_id).unwrap_or(Method::Jenks);
    let classification = classify(&values, &method, classes).map_err(|e| e.to_string())?;
    let colours = ramp(classification.class_count());
    let fills = values
        .iter()
        .map(|&v| {
            classification
                .class_of(v)
                .and_then(|c| colours.get(c).copied())
                .unwrap_or(MISSING_FILL)
        })
        .collect();
    let missing_reason = table.values[i].iter().find_map(|v| match v {
        crate::model::indicators::Value::NotComputable(r)
        | crate::model::indicators::Value::Missing(r) => Some(r.clone()),
        crate::model::indicators::Value::Exact(_) => None,
    });
    let sources = ind
        .sources
        .iter()
        .filter_map(|id| dataset.tables.sources.iter().find(|s| &s.id == id).cloned())
        .collect();
    Ok((
        fills,
        Legend {
            title: ind.label.clone(),
            unit: ind.unit.clone(),
            method: method.label_fr().to_owned(),
            classification,
            colours,
            missing_reason,
            sources,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramp_goes_from_light_to_dark() {
        for k in 2..=9 {
            let r = ramp(k);
            assert_eq!(r.len(), k);
            let light = |c: &Color32| u32::from(c.r()) + u32::from(c.g()) + u32::from(c.b());
            assert!(r.windows(2).all(|w| light(&w[0]) > light(&w[1])), "k={k}");
        }
    }
}
