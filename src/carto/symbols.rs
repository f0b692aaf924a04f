//! Proportional symbols for stocks: a circle (or a square) per unit whose area is proportional
//! to its value, at the unit's label point, the largest drawn first, outlined so that overlaps
//! stay readable; a nested legend of three rounded reference values. The scale is either fitted
//! (the largest value gets the chosen maximum radius) or fixed (a value per square reference
//! point kept across maps, to compare two maps).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::format::decimal_fr;
use crate::model::indicators::IndicatorTable;
use crate::model::indicators::nature::{Nature, nature_of};
use crate::model::{Dataset, IndicatorId, Level, SourceInfo};

/// The symbol's shape.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SymbolShape {
    #[default]
    Circle,
    Square,
}

impl SymbolShape {
    pub fn label_fr(self) -> &'static str {
        match self {
            SymbolShape::Circle => "cercles",
            SymbolShape::Square => "carrés",
        }
    }

    /// The symbol's area for a "radius" (half the square's side).
    pub fn area(self, radius: f64) -> f64 {
        match self {
            SymbolShape::Circle => std::f64::consts::PI * radius * radius,
            SymbolShape::Square => 4.0 * radius * radius,
        }
    }

    /// The "radius" whose symbol has this area.
    pub fn radius(self, area: f64) -> f64 {
        match self {
            SymbolShape::Circle => (area.max(0.0) / std::f64::consts::PI).sqrt(),
            SymbolShape::Square => (area.max(0.0) / 4.0).sqrt(),
        }
    }
}

/// Default largest radius, in reference points.
pub const DEFAULT_MAX_RADIUS: f64 = 28.0;

/// What the user chose for the symbols (saved with the map's settings).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SymbolSettings {
    /// The stock drawn as symbols (catalogue id), at the map's maille.
    pub indicator: Option<IndicatorId>,
    pub shape: SymbolShape,
    /// Radius of the largest value (reference points), when the scale is fitted.
    pub max_radius: f64,
    /// A fixed scale: value per square reference point (the symbols of two maps compare).
    pub value_per_area: Option<f64>,
}

impl Default for SymbolSettings {
    fn default() -> Self {
        SymbolSettings {
            indicator: None,
            shape: SymbolShape::Circle,
            max_radius: DEFAULT_MAX_RADIUS,
            value_per_area: None,
        }
    }
}

/// The symbols of one indicator over a maille, ready to compose.
#[derive(Clone, Debug)]
pub struct Symbols {
    pub level: Level,
    pub indicator: IndicatorId,
    pub title: String,
    pub unit: String,
    /// One value per unit, in the layer's feature order (None: no value, no symbol).
    pub values: Arc<Vec<Option<f64>>>,
    pub shape: SymbolShape,
    /// Value per square reference point: a value `v` gets the area `v / value_per_area`.
    pub value_per_area: f64,
    pub sources: Vec<SourceInfo>,
    /// Units without a value, and why (most frequent first).
    pub missing_reasons: Vec<(String, usize)>,
}

impl Symbols {
    /// The symbols of `settings.indicator` over `table`'s units. Refused for a ratio (colour
    /// classes are for ratios) and for an indicator without values.
    /// `natures` holds what the user said of imported columns (stock or ratio).
    pub fn compute(
        dataset: &Dataset,
        table: &IndicatorTable,
        settings: &SymbolSettings,
        natures: &BTreeMap<IndicatorId, Nature>,
    ) -> Result<Option<Self>, String> {
        let Some(id) = &settings.indicator else {
            return Ok(None);
        };
        let (i, ind) = table.usable(id)?;
        if natures.get(id).copied().unwrap_or_else(|| nature_of(ind)) == Nature::Ratio {
            return Err(format!(
                "{} est un ratio : il se cartographie en aplats de couleur, pas en symboles proportionnels",
                ind.label
            ));
        }
        let values: Vec<Option<f64>> = table
            .values
            .get(i)
            .map(|v| {
                v.iter()
                    .map(|x| x.as_f64().filter(|v| v.is_finite() && *v >= 0.0))
                    .collect()
            })
            .unwrap_or_default();
        let max = values.iter().flatten().copied().fold(0.0, f64::max);
        let value_per_area = match settings.value_per_area {
            Some(k) if k > 0.0 && k.is_finite() => k,
            _ if max > 0.0 => max / settings.shape.area(settings.max_radius.max(1.0)),
            _ => {
                return Err(format!(
                    "{} : aucune valeur positive à représenter",
                    ind.label
                ));
            }
        };
        let sources = ind
            .sources
            .iter()
            .filter_map(|id| dataset.tables.sources.iter().find(|s| &s.id == id).cloned())
            .collect();
        Ok(Some(Symbols {
            level: table.level,
            indicator: id.clone(),
            title: ind.label.clone(),
            unit: ind.unit.clone(),
            values: Arc::new(values),
            shape: settings.shape,
            value_per_area,
            sources,
            missing_reasons: table.missing_reasons(i),
        }))
    }

    /// The radius (reference points) of a value.
    pub fn radius_of(&self, value: f64) -> f64 {
        self.shape.radius(value / self.value_per_area)
    }

    /// The largest value.
    pub fn max_value(&self) -> f64 {
        self.values.iter().flatten().copied().fold(0.0, f64::max)
    }

    /// The legend's reference values: three round values (1, 2 or 5 × 10^n) from the largest
    /// down, each with its radius (reference points), largest first.
    pub fn legend_values(&self) -> Vec<(f64, f64)> {
        let max = self.max_value();
        let min = self
            .values
            .iter()
            .flatten()
            .copied()
            .filter(|v| *v > 0.0)
            .fold(f64::INFINITY, f64::min);
        let mut out: Vec<f64> = Vec::new();
        for fraction in [1.0, 0.25, 0.04] {
            let v = nice_floor(max * fraction);
            if v > 0.0 && (out.is_empty() || v >= min) && !out.contains(&v) {
                out.push(v);
            }
        }
        out.into_iter().map(|v| (v, self.radius_of(v))).collect()
    }

    /// A value as the legend writes it ("12 000", "2,5").
    pub fn value_text(&self, value: f64) -> String {
        let decimals = if value >= 10.0 || value.fract() == 0.0 {
            0
        } else {
            1
        };
        decimal_fr(value, decimals)
    }

    pub fn sources_text(&self) -> String {
        self.sources
            .iter()
            .map(SourceInfo::citation)
            .collect::<Vec<_>>()
            .join(" ; ")
    }
}

/// The largest 1, 2 or 5 × 10^n not above `x` (0 for non-positive `x`).
pub fn nice_floor(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 || !x.is_finite() {
        return 0.0;
    }
    let p = 10f64.powf(x.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * p)
        .find(|&v| v <= x * (1.0 + 1e-12))
        .unwrap_or(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbols(values: &[f64], shape: SymbolShape) -> Symbols {
        let max = values.iter().copied().fold(0.0, f64::max);
        Symbols {
            level: Level::Territoire,
            indicator: "population".into(),
            title: "Population".into(),
            unit: "hab.".into(),
            values: Arc::new(values.iter().map(|&v| Some(v)).collect()),
            shape,
            value_per_area: max / shape.area(DEFAULT_MAX_RADIUS),
            sources: Vec::new(),
            missing_reasons: Vec::new(),
        }
    }

    #[test]
    fn areas_are_proportional_to_values() {
        for shape in [SymbolShape::Circle, SymbolShape::Square] {
            let s = symbols(&[1_000.0, 250_000.0, 1_200_000.0], shape);
            let ratios: Vec<f64> = s
                .values
                .iter()
                .flatten()
                .map(|&v| shape.area(s.radius_of(v)) / v)
                .collect();
            for r in &ratios {
                assert!((r / ratios[0] - 1.0).abs() < 1e-9, "{ratios:?}");
            }
            assert!((s.radius_of(1_200_000.0) - DEFAULT_MAX_RADIUS).abs() < 1e-9);
        }
    }

    #[test]
    fn the_legend_uses_round_values() {
        let s = symbols(&[1_000.0, 250_000.0, 1_234_567.0], SymbolShape::Circle);
        let values: Vec<f64> = s.legend_values().iter().map(|v| v.0).collect();
        assert_eq!(values, vec![1_000_000.0, 200_000.0, 20_000.0]);
        assert_eq!(nice_floor(0.0), 0.0);
        assert_eq!(nice_floor(7.3), 5.0);
        assert_eq!(nice_floor(2.0), 2.0);
        assert_eq!(s.value_text(20_000.0), crate::format::int_fr(20_000));
    }
}
