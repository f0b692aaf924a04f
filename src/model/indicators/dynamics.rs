//! The "Dynamiques" block of a territory's sheet, as data: for each employment growth series,
//! the territory's own value (exact only when it is one EPCI/EPT), its members' values, their
//! range and median (never an average); and how many of its members sit in each cell of a
//! bivariate EPCI map. The side panel and the PDF sheet draw from [`Dynamics`].

use crate::model::IndicatorId;
use crate::model::indicators::bivariate::{Bivariate, CLASSES, Cell};
use crate::model::indicators::{Value, epci_series_for_territory, range_and_median};
use crate::model::{Dataset, GroupementNature, Level, SeriesMeasure, SourceInfo, Territory};

/// Range and median of the members' values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub min: f64,
    pub max: f64,
    pub median: f64,
}

/// One member's value of a series; None where the source has none.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberValue {
    pub siren: String,
    pub name: String,
    pub nature: GroupementNature,
    pub value: Option<f64>,
}

/// One growth series for the territory.
#[derive(Clone, Debug, PartialEq)]
pub struct GrowthFigures {
    /// Catalogue id, e.g. `evolution_emploi_prive_2017_2024`.
    pub indicator: IndicatorId,
    pub label: String,
    /// "% par an".
    pub unit: String,
    pub period: Option<String>,
    pub source: Option<SourceInfo>,
    /// The territory's value: exact for a territory made of one EPCI/EPT, otherwise "non
    /// calculable" (or "non disponible") with the reason.
    pub territory: Value,
    /// The EPCI/EPT members (single communes have no value per EPCI), in member order.
    pub members: Vec<MemberValue>,
    /// Over the members that have a value; None when none has.
    pub spread: Option<Spread>,
    /// Members with a value, out of `members.len()`.
    pub with_value: usize,
}

/// Where the territory's members sit on a bivariate EPCI map.
#[derive(Clone, Debug, PartialEq)]
pub struct BivariatePlacement {
    pub x_title: String,
    pub y_title: String,
    /// `counts[y][x]`: members in each cell.
    pub counts: [[usize; CLASSES]; CLASSES],
    /// Each member's cell (x, y), in member order; None for members without one.
    pub cells: Vec<(String, Option<(usize, usize)>)>,
    /// Members without a cell: (name, reason).
    pub missing: Vec<(String, String)>,
}

impl BivariatePlacement {
    pub fn placed(&self) -> usize {
        self.counts.iter().flatten().sum()
    }
}

/// The "Dynamiques" block.
#[derive(Clone, Debug, PartialEq)]
pub struct Dynamics {
    /// Every bundled growth series, in catalogue order.
    pub growth: Vec<GrowthFigures>,
    /// With a bivariate map at EPCI maille: where the members fall.
    pub bivariate: Option<BivariatePlacement>,
}

/// The territory's "Dynamiques" block. `bivariate` must be a map at EPCI maille over the
/// dataset's EPCI (in table order), or it is ignored.
pub fn territory_dynamics(
    dataset: &Dataset,
    t: &Territory,
    bivariate: Option<&Bivariate>,
) -> Dynamics {
    let growth = dataset
        .tables
        .indicators
        .iter()
        .filter(|s| s.measure == SeriesMeasure::AnnualGrowth)
        .map(|series| {
            let members: Vec<MemberValue> = t
                .groupements
                .iter()
                .filter(|g| g.nature != GroupementNature::COM)
                .map(|g| MemberValue {
                    siren: g.siren.clone(),
                    name: g.name.clone(),
                    nature: g.nature,
                    value: series.values.get(&g.siren).copied(),
                })
                .collect();
            let values: Vec<f64> = members.iter().filter_map(|m| m.value).collect();
            GrowthFigures {
                indicator: series.id.clone(),
                label: series.label.clone(),
                unit: series.unit.clone(),
                period: series.period.clone(),
                source: dataset
                    .tables
                    .sources
                    .iter()
                    .find(|s| s.id == series.source)
                    .cloned(),
                territory: epci_series_for_territory(series, t),
                spread: range_and_median(&values).map(|(min, max, median)| Spread {
                    min,
                    max,
                    median,
                }),
                with_value: values.len(),
                members,
            }
        })
        .collect();
    let bivariate = bivariate
        .filter(|b| b.level == Level::Epci && b.cells.len() == dataset.tables.epci.len())
        .map(|b| placement(dataset, t, b));
    Dynamics { growth, bivariate }
}

fn placement(dataset: &Dataset, t: &Territory, b: &Bivariate) -> BivariatePlacement {
    let mut counts = [[0; CLASSES]; CLASSES];
    let mut cells = Vec::with_capacity(t.groupements.len());
    let mut missing = Vec::new();
    for g in &t.groupements {
        let unit = dataset.tables.epci.iter().position(|e| e.siren == g.siren);
        let cell = match (unit.and_then(|u| b.cells.get(u)), g.nature) {
            (Some(Cell::Class { x, y }), _) => Some((*x, *y)),
            (Some(Cell::Missing(why)), _) => {
                missing.push((g.name.clone(), why.clone()));
                None
            }
            (None, GroupementNature::COM) => {
                missing.push((
                    g.name.clone(),
                    "commune seule : la carte par EPCI ne la classe pas à part".into(),
                ));
                None
            }
            (None, _) => {
                missing.push((g.name.clone(), "EPCI absent de la carte".into()));
                None
            }
        };
        if let Some((x, y)) = cell {
            counts[y][x] += 1;
        }
        cells.push((g.siren.clone(), cell));
    }
    BivariatePlacement {
        x_title: b.x.title.clone(),
        y_title: b.y.title.clone(),
        counts,
        cells,
        missing,
    }
}
