//! A scatter plot of two indicators at one maille: one point per unit that has both values,
//! exactly the values of the table (no interpolation), the units left out counted with their
//! reasons; France and région reference values where they exist. Pure: the app's plot window
//! and the SVG/PNG export draw from [`Scatter`].

use std::collections::{BTreeMap, BTreeSet};

use crate::model::indicators::nature::{Nature, nature_of};
use crate::model::indicators::reference::ReferenceTable;
use crate::model::indicators::{Indicator, IndicatorTable, Value};
use crate::model::{Dataset, IndicatorId, Level, SourceInfo, Territory};

/// One axis: its indicator and its title "label (unit)".
#[derive(Clone, Debug, PartialEq)]
pub struct ScatterAxis {
    pub indicator: Indicator,
    pub title: String,
}

/// One unit of the maille.
#[derive(Clone, Debug, PartialEq)]
pub struct ScatterPoint {
    /// Feature index in the maille's layer (the table's unit order).
    pub unit: usize,
    pub code: String,
    pub name: String,
    pub x: f64,
    pub y: f64,
}

/// The plot's content.
#[derive(Clone, Debug, PartialEq)]
pub struct Scatter {
    pub level: Level,
    pub x: ScatterAxis,
    pub y: ScatterAxis,
    /// Units with both values, in unit order.
    pub points: Vec<ScatterPoint>,
    /// Units left out, and why (most frequent first).
    pub missing_reasons: Vec<(String, usize)>,
    /// Sources of both axes (each once).
    pub sources: Vec<SourceInfo>,
}

/// A reference value drawn as a line across the plot.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceLine {
    /// "France" or the région's name.
    pub label: String,
    pub value: f64,
}

/// An axis' reference lines, and why some are not drawn.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AxisReferences {
    pub lines: Vec<ReferenceLine>,
    pub notes: Vec<String>,
}

impl Scatter {
    /// Units without a point.
    pub fn missing(&self) -> usize {
        self.missing_reasons.iter().map(|(_, n)| n).sum()
    }

    /// The sources in one line: "label (vintage) ; …".
    pub fn sources_text(&self) -> String {
        SourceInfo::citations(&self.sources)
    }

    /// The point nearest to (x, y) in the plot's own units scaled by `per_unit` (screen points
    /// per unit on each axis), if one lies within `radius` screen points.
    pub fn nearest(
        &self,
        x: f64,
        y: f64,
        per_unit: [f64; 2],
        radius: f64,
    ) -> Option<&ScatterPoint> {
        self.points
            .iter()
            .map(|p| {
                let dx = (p.x - x) * per_unit[0];
                let dy = (p.y - y) * per_unit[1];
                (p, dx * dx + dy * dy)
            })
            .filter(|(_, d)| *d <= radius * radius)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(p, _)| p)
    }

    /// The units whose point lies in the box [x0, x1] × [y0, y1] (either order).
    pub fn units_in(&self, (x0, y0): (f64, f64), (x1, y1): (f64, f64)) -> BTreeSet<usize> {
        let (xa, xb) = (x0.min(x1), x0.max(x1));
        let (ya, yb) = (y0.min(y1), y0.max(y1));
        self.points
            .iter()
            .filter(|p| p.x >= xa && p.x <= xb && p.y >= ya && p.y <= yb)
            .map(|p| p.unit)
            .collect()
    }

    /// France's and the région's values of both axes, as lines where they are exact; a note
    /// where they are not (shares per EPCI cannot be aggregated, a stock is not compared with
    /// France's).
    pub fn references(
        &self,
        references: &ReferenceTable,
        dataset: &Dataset,
        region: Option<&str>,
    ) -> [AxisReferences; 2] {
        [&self.x, &self.y].map(|axis| {
            let ind = &axis.indicator;
            let mut out = AxisReferences::default();
            if nature_of(ind) == Nature::Stock {
                out.notes.push(format!(
                    "{} : effectif, sans valeur de référence comparable (France, région)",
                    ind.label
                ));
                return out;
            }
            let r = references.reference(ind, region.unwrap_or(""));
            let region_name = region.map(|code| dataset.region_name(code).unwrap_or(code));
            let areas = [
                Some(("France".to_owned(), r.france)),
                region_name.map(|name| (name.to_owned(), r.region)),
            ];
            // Areas without a value, grouped by reason: "label (France, Bretagne) : why".
            let mut without: Vec<(String, Vec<String>)> = Vec::new();
            for (label, value) in areas.into_iter().flatten() {
                match value {
                    Value::Exact(v) if v.is_finite() => {
                        out.lines.push(ReferenceLine { label, value: v });
                    }
                    Value::Exact(_) => {}
                    Value::NotComputable(why) | Value::Missing(why) => {
                        match without.iter_mut().find(|(w, _)| *w == why) {
                            Some((_, labels)) => labels.push(label),
                            None => without.push((why, vec![label])),
                        }
                    }
                }
            }
            out.notes.extend(
                without
                    .into_iter()
                    .map(|(why, labels)| format!("{} ({}) : {why}", ind.label, labels.join(", "))),
            );
            out
        })
    }
}

/// The points of indicators `x` and `y` of `table` (one maille).
pub fn compute(
    dataset: &Dataset,
    table: &IndicatorTable,
    x: &IndicatorId,
    y: &IndicatorId,
) -> Result<Scatter, String> {
    let ((ix, x_ind), (iy, y_ind)) = (table.usable(x)?, table.usable(y)?);
    let kind = table.level.layer();
    let codes = dataset.layer_codes(kind);
    let names = dataset.feature_names(kind);
    let (xs, ys) = (
        table.values.get(ix).map(Vec::as_slice).unwrap_or_default(),
        table.values.get(iy).map(Vec::as_slice).unwrap_or_default(),
    );
    let mut points = Vec::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for unit in 0..xs.len().max(ys.len()) {
        let (vx, vy) = (xs.get(unit), ys.get(unit));
        let why = match (Value::absence(vx), Value::absence(vy)) {
            (None, None) => {
                if let (Some(px), Some(py)) =
                    (vx.and_then(Value::as_f64), vy.and_then(Value::as_f64))
                {
                    points.push(ScatterPoint {
                        unit,
                        code: codes.get(unit).cloned().unwrap_or_default(),
                        name: names.get(unit).cloned().unwrap_or_default(),
                        x: px,
                        y: py,
                    });
                }
                continue;
            }
            (Some(r), None) => format!("{} : {r}", x_ind.label),
            (None, Some(r)) => format!("{} : {r}", y_ind.label),
            (Some(rx), Some(ry)) if rx == ry => rx,
            (Some(rx), Some(ry)) => format!("{} : {rx} ; {} : {ry}", x_ind.label, y_ind.label),
        };
        *reasons.entry(why).or_default() += 1;
    }
    let mut missing_reasons: Vec<(String, usize)> = reasons.into_iter().collect();
    missing_reasons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut sources: Vec<SourceInfo> = Vec::new();
    for id in x_ind.sources.iter().chain(&y_ind.sources) {
        if let Some(s) = dataset.tables.sources.iter().find(|s| &s.id == id)
            && !sources.iter().any(|k| k.id == s.id)
        {
            sources.push(s.clone());
        }
    }
    let axis = |ind: &Indicator| ScatterAxis {
        indicator: ind.clone(),
        title: format!("{} ({})", ind.label, ind.unit),
    };
    Ok(Scatter {
        level: table.level,
        x: axis(x_ind),
        y: axis(y_ind),
        points,
        missing_reasons,
        sources,
    })
}

/// The units of a maille that belong to a territory: the territory itself, its member EPCI,
/// or its départements (feature indices in the maille's layer).
pub fn territory_units(dataset: &Dataset, level: Level, t: &Territory) -> BTreeSet<usize> {
    let codes = dataset.layer_codes(level.layer());
    let wanted: BTreeSet<&str> = match level {
        Level::Territoire => BTreeSet::from([t.id.as_str()]),
        Level::Epci => t.groupements.iter().map(|g| g.siren.as_str()).collect(),
        Level::Departement => t.departements.iter().map(String::as_str).collect(),
    };
    codes
        .iter()
        .enumerate()
        .filter(|(_, c)| wanted.contains(c.as_str()))
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::indicators::Kind;

    fn table() -> IndicatorTable {
        let ind = |id: &str| Indicator {
            id: id.into(),
            label: format!("Indicateur {id}"),
            unit: "%".into(),
            level: Level::Epci,
            kind: Kind::EpciSeries,
            sources: vec![],
            unavailable: None,
            period: None,
            diverging_around_zero: false,
        };
        IndicatorTable {
            level: Level::Epci,
            indicators: vec![ind("x"), ind("y")],
            values: vec![
                vec![
                    Value::Exact(1.0),
                    Value::Exact(2.0),
                    Value::Missing("outre-mer".into()),
                    Value::Exact(4.0),
                ],
                vec![
                    Value::Exact(10.0),
                    Value::NotComputable("non calculable".into()),
                    Value::Missing("outre-mer".into()),
                    Value::Exact(40.0),
                ],
            ],
        }
    }

    #[test]
    fn one_point_per_unit_with_both_values_and_the_others_counted() {
        let ds = Dataset::new(Default::default(), Default::default()).expect("dataset");
        let s = compute(&ds, &table(), &"x".into(), &"y".into()).expect("scatter");
        let units: Vec<(usize, f64, f64)> = s.points.iter().map(|p| (p.unit, p.x, p.y)).collect();
        assert_eq!(units, vec![(0, 1.0, 10.0), (3, 4.0, 40.0)]);
        assert_eq!(s.missing(), 2);
        assert!(
            s.missing_reasons
                .contains(&("Indicateur y : non calculable".into(), 1))
        );
        assert!(s.missing_reasons.contains(&("outre-mer".into(), 1)));
        assert_eq!(s.x.title, "Indicateur x (%)");
        // Box and nearest point.
        assert_eq!(s.units_in((5.0, 50.0), (0.0, 0.0)), BTreeSet::from([0, 3]));
        assert_eq!(s.units_in((3.0, 30.0), (5.0, 50.0)), BTreeSet::from([3]));
        let near = s.nearest(1.1, 10.5, [10.0, 1.0], 6.0).map(|p| p.unit);
        assert_eq!(near, Some(0));
        assert_eq!(s.nearest(2.5, 25.0, [10.0, 1.0], 6.0), None);
        let err = compute(&ds, &table(), &"x".into(), &"z".into()).unwrap_err();
        assert!(err.contains("« z » n'existe pas"), "{err}");
    }
}
