//! The bivariate map, computed once when its settings change and shared by the screen and every
//! export: two indicators at the map's maille, three classes each, every unit filled with its
//! cell's colour of the 3 × 3 palette, and the square legend (both axes named with their
//! bounds, the count per cell, the units without a cell).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::format::{decimal_fr, parse_breaks_fr};
use crate::model::indicators::IndicatorTable;
use crate::model::indicators::bivariate::{
    self, AxisBreaks, Bivariate, BivariateSpec, CLASSES, Cell,
};
use crate::model::indicators::choropleth::{MISSING_RGB, Rgb};
use crate::model::typology::from_classes::{ClassType, ClassTypes};
use crate::model::{Dataset, IndicatorId, LayerKind, Level, SourceInfo};
use crate::palette::{Deficiency, simulate};

/// The first axis a bivariate map starts with: the industrial share of jobs.
pub const DEFAULT_X: &str = "part_emploi_industrie";
/// The second axis: the growth of private salaried employment, 2017-2024.
pub const DEFAULT_Y: &str = "evolution_emploi_prive_2017_2024";

/// What the user chose for the bivariate map (saved with the map's settings).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BivariateSettings {
    /// The map is bivariate: these two indicators colour the maille instead of one.
    pub on: bool,
    /// Indicator of the first axis (catalogue id), and of the second.
    pub x: Option<IndicatorId>,
    pub y: Option<IndicatorId>,
    /// Two inner breaks typed for an axis ("5 ; 10"); empty: terciles.
    pub x_breaks: String,
    pub y_breaks: String,
}

impl Default for BivariateSettings {
    fn default() -> Self {
        BivariateSettings {
            on: false,
            x: Some(IndicatorId::new(DEFAULT_X)),
            y: Some(IndicatorId::new(DEFAULT_Y)),
            x_breaks: String::new(),
            y_breaks: String::new(),
        }
    }
}

impl BivariateSettings {
    /// The classification asked for at `level`: None when the map is not bivariate or an axis
    /// has no indicator; an error (in French) when typed breaks cannot be read.
    pub fn spec(&self, level: Level) -> Result<Option<BivariateSpec>, String> {
        let (true, Some(x), Some(y)) = (self.on, &self.x, &self.y) else {
            return Ok(None);
        };
        Ok(Some(BivariateSpec {
            level,
            x: x.clone(),
            y: y.clone(),
            x_breaks: axis_breaks(&self.x_breaks).map_err(|e| format!("seuils de X : {e}"))?,
            y_breaks: axis_breaks(&self.y_breaks).map_err(|e| format!("seuils de Y : {e}"))?,
        }))
    }
}

impl BivariateSettings {
    /// A typology made from this grid's cells at `level`: the two indicators and their breaks
    /// (as typed) with the named `types`. An error (in French) without two indicators, with
    /// breaks that cannot be read, or with unusable types.
    pub fn class_types(
        &self,
        level: Level,
        types: Vec<ClassType>,
        title: &str,
    ) -> Result<ClassTypes, String> {
        let (Some(x), Some(y)) = (&self.x, &self.y) else {
            return Err("la grille demande deux indicateurs".into());
        };
        let chosen = |b: AxisBreaks| match b {
            AxisBreaks::Terciles => None,
            AxisBreaks::Chosen(b) => Some(b),
        };
        let types = ClassTypes {
            title: title.trim().to_owned(),
            level,
            x: x.clone(),
            y: y.clone(),
            x_breaks: chosen(
                axis_breaks(&self.x_breaks).map_err(|e| format!("seuils de X : {e}"))?,
            ),
            y_breaks: chosen(
                axis_breaks(&self.y_breaks).map_err(|e| format!("seuils de Y : {e}"))?,
            ),
            types,
        };
        types.check()?;
        Ok(types)
    }
}

/// An axis' breaks as typed: nothing for terciles, or two increasing numbers ("5 ; 10").
pub fn axis_breaks(text: &str) -> Result<AxisBreaks, String> {
    if text.trim().is_empty() {
        return Ok(AxisBreaks::Terciles);
    }
    match parse_breaks_fr(text)?.as_slice() {
        &[a, b] if a < b => Ok(AxisBreaks::Chosen([a, b])),
        &[_, _] => Err(format!(
            "« {text} » : le premier seuil doit être le plus petit"
        )),
        other => Err(format!(
            "« {text} » : deux seuils attendus (trois classes), {} lu(s)",
            other.len()
        )),
    }
}

/// The grid a territory's sheet places its members on when the map is not a bivariate EPCI
/// map: the default axes, terciles over the EPCI of `table` (the EPCI maille's table).
pub fn default_grid(dataset: &Dataset, table: &IndicatorTable) -> Result<Bivariate, String> {
    bivariate::compute(
        dataset,
        table,
        &BivariateSpec::terciles(
            Level::Epci,
            &IndicatorId::new(DEFAULT_X),
            &IndicatorId::new(DEFAULT_Y),
        ),
    )
}

/// A bivariate map: the classified maille, one colour per unit (in the layer's feature order)
/// and the legend.
#[derive(Clone, Debug)]
pub struct BivariateMap {
    pub level: Level,
    pub classes: Arc<Bivariate>,
    pub fills: Arc<Vec<Rgb>>,
    pub legend: Arc<BivariateLegend>,
}

/// One axis of the legend.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendAxis {
    /// "Part des emplois dans l'industrie (% des emplois au lieu de travail)".
    pub title: String,
    /// "Terciles" or "Seuils choisis".
    pub method: &'static str,
    /// The four bounds of the three classes, in French notation (minimum, two breaks, maximum).
    pub bounds: Vec<String>,
}

/// What the square legend shows.
#[derive(Clone, Debug, PartialEq)]
pub struct BivariateLegend {
    pub level: Level,
    pub x: LegendAxis,
    pub y: LegendAxis,
    /// `colours[y][x]`, as drawn (after the colour-vision simulation, if any).
    pub colours: [[Rgb; CLASSES]; CLASSES],
    /// `counts[y][x]`: units in each cell.
    pub counts: [[usize; CLASSES]; CLASSES],
    pub missing: usize,
    pub missing_colour: Rgb,
    /// Why units have no cell, with how many (most frequent first).
    pub missing_reasons: Vec<(String, usize)>,
    pub sources: Vec<SourceInfo>,
    pub simulation: Option<Deficiency>,
}

impl BivariateLegend {
    /// The map's title: "Part des emplois dans l'industrie × Évolution annuelle …".
    pub fn title(&self) -> String {
        format!(
            "{} × {}",
            axis_label(&self.x.title),
            axis_label(&self.y.title)
        )
    }

    /// "non disponible (23)".
    pub fn missing_text(&self) -> String {
        format!("non disponible ({})", self.missing)
    }
}

/// An axis title without its unit in parentheses.
fn axis_label(title: &str) -> &str {
    title.rsplit_once(" (").map_or(title, |(label, _)| label)
}

impl BivariateMap {
    /// Classifies the two indicators of `spec` over `table` (the maille's units).
    pub fn compute(
        dataset: &Dataset,
        table: &IndicatorTable,
        spec: &BivariateSpec,
    ) -> Result<Self, String> {
        let classes = bivariate::compute(dataset, table, spec)?;
        let axis = |a: &bivariate::Axis| LegendAxis {
            title: a.title.clone(),
            method: a.method,
            bounds: a
                .classification
                .breaks
                .iter()
                .map(|b| decimal_fr(*b, a.decimals))
                .collect(),
        };
        let mut colours = [[MISSING_RGB; CLASSES]; CLASSES];
        for (y, row) in colours.iter_mut().enumerate() {
            for (x, c) in row.iter_mut().enumerate() {
                *c = Bivariate::cell_colour(x, y);
            }
        }
        let legend = BivariateLegend {
            level: spec.level,
            x: axis(&classes.x),
            y: axis(&classes.y),
            colours,
            counts: classes.counts,
            missing: classes.missing(),
            missing_colour: MISSING_RGB,
            missing_reasons: classes.missing_reasons.clone(),
            sources: classes.sources.clone(),
            simulation: None,
        };
        Ok(BivariateMap {
            level: spec.level,
            fills: Arc::new(classes.fills()),
            classes: Arc::new(classes),
            legend: Arc::new(legend),
        })
    }

    pub fn layer(&self) -> LayerKind {
        self.level.layer()
    }

    /// The cell of the `unit`-th unit of the maille.
    pub fn cell(&self, unit: usize) -> Option<&Cell> {
        self.classes.cells.get(unit)
    }

    /// The same map as seen with a colour-vision deficiency (a preview on screen; exports use
    /// the plain colours).
    pub fn simulated(&self, deficiency: Deficiency) -> Self {
        let mut legend = (*self.legend).clone();
        for row in &mut legend.colours {
            for c in row.iter_mut() {
                *c = simulate(*c, deficiency);
            }
        }
        legend.missing_colour = simulate(legend.missing_colour, deficiency);
        legend.simulation = Some(deficiency);
        BivariateMap {
            level: self.level,
            classes: Arc::clone(&self.classes),
            fills: Arc::new(
                self.fills
                    .iter()
                    .map(|&c| simulate(c, deficiency))
                    .collect(),
            ),
            legend: Arc::new(legend),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::indicators::{Indicator, Kind, Value};

    fn table() -> IndicatorTable {
        let ind = |id: &str, unit: &str| Indicator {
            id: id.into(),
            label: format!("Indicateur {id}"),
            unit: unit.into(),
            level: Level::Epci,
            kind: Kind::EpciSeries,
            sources: vec![],
            unavailable: None,
            period: None,
            diverging_around_zero: false,
        };
        let exact = |v: &[f64]| v.iter().map(|&x| Value::Exact(x)).collect::<Vec<_>>();
        let mut y = exact(&[-1.5, -0.5, 0.0, 0.5, 1.0, 2.5, 3.0]);
        y.push(Value::Missing("outre-mer".into()));
        let mut x = exact(&[10.0, 12.0, 15.0, 20.0, 25.0, 30.0, 45.0]);
        x.push(Value::Exact(18.0));
        IndicatorTable {
            level: Level::Epci,
            indicators: vec![ind("x", "%"), ind("y", "% par an")],
            values: vec![x, y],
        }
    }

    fn settings() -> BivariateSettings {
        BivariateSettings {
            on: true,
            x: Some("x".into()),
            y: Some("y".into()),
            ..BivariateSettings::default()
        }
    }

    #[test]
    fn the_map_fills_each_unit_with_its_cell_colour_and_the_legend_counts_them() {
        let ds = Dataset::new(Default::default(), Default::default()).expect("dataset");
        let spec = settings().spec(Level::Epci).expect("ok").expect("on");
        let map = BivariateMap::compute(&ds, &table(), &spec).expect("map");
        assert_eq!(map.fills.len(), 8);
        for (u, fill) in map.fills.iter().enumerate() {
            let expected = match map.cell(u) {
                Some(Cell::Class { x, y }) => Bivariate::cell_colour(*x, *y),
                _ => MISSING_RGB,
            };
            assert_eq!(*fill, expected, "unit {u}");
        }
        let l = &map.legend;
        assert_eq!(l.counts.iter().flatten().sum::<usize>(), 7);
        assert_eq!(l.missing, 1);
        assert_eq!(l.missing_text(), "non disponible (1)");
        assert_eq!(l.x.bounds.len(), 4);
        assert_eq!(l.x.bounds.first().map(String::as_str), Some("10"));
        assert_eq!(l.y.bounds.first().map(String::as_str), Some("\u{2212}1,5"));
        assert_eq!(l.x.method, "Terciles");
        assert_eq!(l.colours[2][2], Bivariate::cell_colour(2, 2));
        assert_eq!(l.title(), "Indicateur x × Indicateur y");
        assert_eq!(map.layer(), LayerKind::Epci);
        // The preview changes colours, never the cells.
        let seen = map.simulated(Deficiency::Protanopia);
        assert_eq!(seen.classes, map.classes);
        assert_ne!(seen.legend.colours, l.colours);
        assert_eq!(seen.legend.simulation, Some(Deficiency::Protanopia));
    }

    #[test]
    fn typed_breaks_give_chosen_classes_or_say_what_is_wrong() {
        assert_eq!(axis_breaks(" "), Ok(AxisBreaks::Terciles));
        assert_eq!(
            axis_breaks("-0,5 ; 0,5"),
            Ok(AxisBreaks::Chosen([-0.5, 0.5]))
        );
        assert!(axis_breaks("5").unwrap_err().contains("deux seuils"));
        assert!(axis_breaks("5 ; 1").unwrap_err().contains("le plus petit"));
        let mut s = settings();
        s.y_breaks = "zéro".into();
        assert!(s.spec(Level::Epci).unwrap_err().starts_with("seuils de Y"));
        s.on = false;
        assert_eq!(s.spec(Level::Epci), Ok(None));
        let old: BivariateSettings = serde_json::from_str("{}").expect("old file");
        assert_eq!(old, BivariateSettings::default());
        assert!(!old.on);
    }
}
