//! Bivariate classification: two indicators at one maille, three classes each (terciles by
//! default, or two chosen breaks per axis), so each unit falls in one cell of a 3 × 3 grid —
//! e.g. "industrial and growing" vs "industrial and shrinking". Units missing either value get
//! no cell, with the reason. Pure: the map, its legend and the exports draw from [`Bivariate`].

use crate::format::decimals_for_bounds;
use crate::model::IndicatorId;
use crate::model::indicators::choropleth::{MISSING_RGB, Rgb};
use crate::model::indicators::classify::{Classification, Method, classify};
use crate::model::indicators::{IndicatorTable, Value};
use crate::model::{Dataset, Level, SourceInfo};
use crate::palette::bivariate;

/// Classes per axis.
pub const CLASSES: usize = 3;

/// How an axis is cut into its three classes.
#[derive(Clone, Debug, PartialEq)]
pub enum AxisBreaks {
    /// Terciles (type-7 quantiles at 1/3 and 2/3) of the units that have both values.
    Terciles,
    /// Two inner breaks chosen by the user, increasing, strictly between the axis' minimum and
    /// maximum. Class 0 holds values up to the first break included.
    Chosen([f64; 2]),
}

impl AxisBreaks {
    pub fn label_fr(&self) -> &'static str {
        match self {
            AxisBreaks::Terciles => "Terciles",
            AxisBreaks::Chosen(_) => "Seuils choisis",
        }
    }
}

/// What the bivariate map shows.
#[derive(Clone, Debug, PartialEq)]
pub struct BivariateSpec {
    pub level: Level,
    /// Indicator id of the first axis (x, teal in the palette).
    pub x: IndicatorId,
    /// Indicator id of the second axis (y, pink).
    pub y: IndicatorId,
    pub x_breaks: AxisBreaks,
    pub y_breaks: AxisBreaks,
}

impl BivariateSpec {
    /// Terciles on both axes.
    pub fn terciles(level: Level, x: &IndicatorId, y: &IndicatorId) -> Self {
        BivariateSpec {
            level,
            x: x.clone(),
            y: y.clone(),
            x_breaks: AxisBreaks::Terciles,
            y_breaks: AxisBreaks::Terciles,
        }
    }
}

/// One axis: its indicator, title and three classes.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    pub indicator: IndicatorId,
    /// The indicator's label, e.g. "Part des emplois dans l'industrie".
    pub label: String,
    pub unit: String,
    /// The axis title of the legend: "label (unit)".
    pub title: String,
    pub method: &'static str,
    /// Three classes over the units that have both values: `breaks` = minimum, two inner
    /// breaks, maximum; `counts` per class.
    pub classification: Classification,
    /// Decimals that keep the bounds apart.
    pub decimals: usize,
}

/// A unit's place on the grid.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Classes on each axis, 0 (low) to 2 (high).
    Class { x: usize, y: usize },
    /// "non disponible": which value is missing, and why.
    Missing(String),
}

impl Cell {
    pub fn classes(&self) -> Option<(usize, usize)> {
        match self {
            Cell::Class { x, y } => Some((*x, *y)),
            Cell::Missing(_) => None,
        }
    }
}

/// The classification of every unit of a maille.
#[derive(Clone, Debug, PartialEq)]
pub struct Bivariate {
    pub level: Level,
    pub x: Axis,
    pub y: Axis,
    /// One per unit, in the order of the table (the maille's layer order).
    pub cells: Vec<Cell>,
    /// `counts[y][x]`: units in each cell.
    pub counts: [[usize; CLASSES]; CLASSES],
    /// Why units have no cell, with how many (most frequent first).
    pub missing_reasons: Vec<(String, usize)>,
    /// Sources of both axes (each once).
    pub sources: Vec<SourceInfo>,
}

impl Bivariate {
    /// The palette colour of a cell (x, y).
    pub fn cell_colour(x: usize, y: usize) -> Rgb {
        bivariate::colour(x, y).unwrap_or(MISSING_RGB)
    }

    /// The fill of every unit, in unit order; grey where a value is missing.
    pub fn fills(&self) -> Vec<Rgb> {
        self.cells
            .iter()
            .map(|c| match c {
                Cell::Class { x, y } => Self::cell_colour(*x, *y),
                Cell::Missing(_) => MISSING_RGB,
            })
            .collect()
    }

    /// Units without a cell.
    pub fn missing(&self) -> usize {
        self.missing_reasons.iter().map(|(_, n)| n).sum()
    }

    /// The sources in one line: "label (vintage) ; …".
    pub fn sources_text(&self) -> String {
        SourceInfo::citations(&self.sources)
    }
}

/// Classifies every unit of `table` (one maille) on the two axes of `spec`.
pub fn compute(
    dataset: &Dataset,
    table: &IndicatorTable,
    spec: &BivariateSpec,
) -> Result<Bivariate, String> {
    if table.level != spec.level {
        return Err(format!(
            "la table est à la maille {}, la carte demandée à la maille {}",
            table.level.label_fr(),
            spec.level.label_fr()
        ));
    }
    if spec.x == spec.y {
        return Err(format!(
            "les deux axes portent le même indicateur (« {} ») : choisir deux indicateurs",
            spec.x
        ));
    }
    let ((ix, x_ind), (iy, y_ind)) = (table.usable(&spec.x)?, table.usable(&spec.y)?);
    let (xs, ys) = (
        table.values.get(ix).map(Vec::as_slice).unwrap_or_default(),
        table.values.get(iy).map(Vec::as_slice).unwrap_or_default(),
    );
    let units = xs.len().max(ys.len());
    // Each unit's two numbers, or why it has no cell.
    let pairs: Vec<Result<(f64, f64), String>> = (0..units)
        .map(|u| {
            let (vx, vy) = (xs.get(u), ys.get(u));
            match (Value::absence(vx), Value::absence(vy)) {
                (None, None) => Ok((
                    vx.and_then(Value::as_f64).unwrap_or(f64::NAN),
                    vy.and_then(Value::as_f64).unwrap_or(f64::NAN),
                )),
                (Some(r), None) => Err(format!("{} : {r}", x_ind.label)),
                (None, Some(r)) => Err(format!("{} : {r}", y_ind.label)),
                (Some(rx), Some(ry)) if rx == ry => Err(rx),
                (Some(rx), Some(ry)) => {
                    Err(format!("{} : {rx} ; {} : {ry}", x_ind.label, y_ind.label))
                }
            }
        })
        .collect();
    let axis_values = |pick: fn(&(f64, f64)) -> f64| -> Vec<f64> {
        pairs
            .iter()
            .map(|p| p.as_ref().map_or(f64::NAN, pick))
            .collect()
    };
    let x = axis(x_ind, &axis_values(|p| p.0), &spec.x_breaks)?;
    let y = axis(y_ind, &axis_values(|p| p.1), &spec.y_breaks)?;
    let mut counts = [[0; CLASSES]; CLASSES];
    let mut reasons: std::collections::BTreeMap<String, usize> = Default::default();
    let cells = pairs
        .into_iter()
        .map(|p| match p {
            Ok((vx, vy)) => {
                match (x.classification.class_of(vx), y.classification.class_of(vy)) {
                    (Some(cx), Some(cy)) => {
                        counts[cy][cx] += 1;
                        Cell::Class { x: cx, y: cy }
                    }
                    // Cannot happen: the breaks span the values they were computed from.
                    _ => {
                        let why = "valeur hors des classes".to_owned();
                        *reasons.entry(why.clone()).or_default() += 1;
                        Cell::Missing(why)
                    }
                }
            }
            Err(why) => {
                *reasons.entry(why.clone()).or_default() += 1;
                Cell::Missing(why)
            }
        })
        .collect();
    let mut missing_reasons: Vec<(String, usize)> = reasons.into_iter().collect();
    missing_reasons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut sources: Vec<SourceInfo> = Vec::new();
    for id in x_ind.sources.iter().chain(&y_ind.sources) {
        if sources.iter().any(|s| &s.id == id) {
            continue;
        }
        if let Some(s) = dataset.tables.sources.iter().find(|s| &s.id == id) {
            sources.push(s.clone());
        }
    }
    Ok(Bivariate {
        level: spec.level,
        x,
        y,
        cells,
        counts,
        missing_reasons,
        sources,
    })
}

fn axis(
    ind: &crate::model::indicators::Indicator,
    values: &[f64],
    breaks: &AxisBreaks,
) -> Result<Axis, String> {
    let method = match breaks {
        AxisBreaks::Terciles => Method::Quantiles,
        AxisBreaks::Chosen(b) => Method::Manual(b.to_vec()),
    };
    let classification = classify(values, &method, CLASSES).map_err(|e| {
        format!(
            "{} : {e} (parmi les unités qui ont les deux valeurs)",
            ind.label
        )
    })?;
    Ok(Axis {
        indicator: ind.id.clone(),
        label: ind.label.clone(),
        unit: ind.unit.clone(),
        title: format!("{} ({})", ind.label, ind.unit),
        method: breaks.label_fr(),
        decimals: decimals_for_bounds(&classification.breaks),
        classification,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::indicators::{Indicator, Kind};

    fn indicator(id: &str) -> Indicator {
        Indicator {
            id: id.into(),
            label: format!("Indicateur {id}"),
            unit: "%".into(),
            level: Level::Epci,
            kind: Kind::EpciSeries,
            sources: vec![],
            unavailable: None,
            period: None,
            diverging_around_zero: false,
        }
    }

    fn table(x: Vec<Value>, y: Vec<Value>) -> IndicatorTable {
        IndicatorTable {
            level: Level::Epci,
            indicators: vec![indicator("x"), indicator("y")],
            values: vec![x, y],
        }
    }

    fn empty() -> Dataset {
        Dataset::new(Default::default(), Default::default()).expect("empty dataset")
    }

    fn exact(v: &[f64]) -> Vec<Value> {
        v.iter().map(|&x| Value::Exact(x)).collect()
    }

    #[test]
    fn terciles_put_each_unit_in_its_cell() {
        let ds = empty();
        let t = table(
            exact(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]),
            exact(&[9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]),
        );
        let b = compute(
            &ds,
            &t,
            &BivariateSpec::terciles(Level::Epci, &"x".into(), &"y".into()),
        )
        .expect("ok");
        assert_eq!(b.x.classification.breaks.len(), 4);
        assert_eq!(b.x.classification.counts, vec![3, 3, 3]);
        assert_eq!(b.cells[0], Cell::Class { x: 0, y: 2 });
        assert_eq!(b.cells[4], Cell::Class { x: 1, y: 1 });
        assert_eq!(b.cells[8], Cell::Class { x: 2, y: 0 });
        assert_eq!(b.counts, [[0, 0, 3], [0, 3, 0], [3, 0, 0]]);
        assert_eq!(b.missing(), 0);
        assert_eq!(b.x.title, "Indicateur x (%)");
        let fills = b.fills();
        assert_eq!(fills[0], Bivariate::cell_colour(0, 2));
        assert_eq!(fills[8], Bivariate::cell_colour(2, 0));
    }

    #[test]
    fn a_missing_value_on_either_axis_gives_no_cell_and_the_reason() {
        let ds = empty();
        let mut x = exact(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        let mut y = exact(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        x[0] = Value::Missing("outre-mer".into());
        y[1] = Value::NotComputable("non calculable".into());
        x[2] = Value::Missing("outre-mer".into());
        y[2] = Value::Missing("outre-mer".into());
        // Terciles are taken over the three units with both values only.
        let b = compute(
            &ds,
            &table(x, y),
            &BivariateSpec::terciles(Level::Epci, &"x".into(), &"y".into()),
        )
        .expect("ok");
        assert_eq!(b.cells[0], Cell::Missing("Indicateur x : outre-mer".into()));
        assert_eq!(
            b.cells[1],
            Cell::Missing("Indicateur y : non calculable".into())
        );
        assert_eq!(b.cells[2], Cell::Missing("outre-mer".into()));
        assert_eq!(b.missing(), 3);
        assert_eq!(b.x.classification.breaks.first(), Some(&4.0));
        let counted: usize = b.counts.iter().flatten().sum();
        assert_eq!(counted, 3);
        assert_eq!(b.fills()[0], MISSING_RGB);
    }

    #[test]
    fn chosen_breaks_are_used_and_checked() {
        let ds = empty();
        let t = table(
            exact(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
            exact(&[-2.0, -1.0, 0.0, 1.0, 2.0, 3.0]),
        );
        let spec = BivariateSpec {
            x_breaks: AxisBreaks::Chosen([1.5, 5.0]),
            y_breaks: AxisBreaks::Chosen([-0.5, 0.5]),
            ..BivariateSpec::terciles(Level::Epci, &"x".into(), &"y".into())
        };
        let b = compute(&ds, &t, &spec).expect("ok");
        assert_eq!(b.x.classification.counts, vec![1, 4, 1]);
        assert_eq!(b.y.classification.counts, vec![2, 1, 3]);
        assert_eq!(b.cells[2], Cell::Class { x: 1, y: 1 });
        assert_eq!(b.y.method, "Seuils choisis");
        let bad = BivariateSpec {
            x_breaks: AxisBreaks::Chosen([5.0, 1.5]),
            ..spec.clone()
        };
        let err = compute(&ds, &t, &bad).unwrap_err();
        assert!(
            err.starts_with("Indicateur x : seuils manuels invalides"),
            "{err}"
        );
    }

    #[test]
    fn errors_name_the_problem() {
        let ds = empty();
        let t = table(exact(&[1.0, 2.0, 3.0]), exact(&[1.0, 2.0, 3.0]));
        let same = compute(
            &ds,
            &t,
            &BivariateSpec::terciles(Level::Epci, &"x".into(), &"x".into()),
        );
        assert!(same.unwrap_err().contains("même indicateur"));
        let unknown = compute(
            &ds,
            &t,
            &BivariateSpec::terciles(Level::Epci, &"x".into(), &"z".into()),
        );
        assert!(unknown.unwrap_err().contains("« z » n'existe pas"));
        let level = compute(
            &ds,
            &t,
            &BivariateSpec::terciles(Level::Territoire, &"x".into(), &"y".into()),
        );
        assert!(level.unwrap_err().contains("maille"));
        let none = table(vec![Value::Missing("a".into()); 3], exact(&[1.0, 2.0, 3.0]));
        let err = compute(
            &ds,
            &none,
            &BivariateSpec::terciles(Level::Epci, &"x".into(), &"y".into()),
        );
        assert!(err.unwrap_err().contains("aucune valeur"));
    }
}
