//! The thematic layer of a map, computed once when its settings change and shared by the screen
//! and every export: which units are coloured, in which colours, and the legend — classes of an
//! indicator, or the categories of a typology ([`super::typology`]).

use std::sync::Arc;

use crate::model::imports::Imports;
use crate::model::indicators::IndicatorTable;
use crate::model::indicators::choropleth::{
    Legend, MemberFills, Rgb, Spec, compute, compute_through_members,
};
use crate::model::{Dataset, LayerKind, Level};
use crate::palette::{Deficiency, simulate};

/// A choropleth: the classified maille, one colour per unit (in the layer's feature order) and
/// the legend.
#[derive(Clone, Debug)]
pub struct Choropleth {
    pub level: Level,
    pub fills: Arc<Vec<Rgb>>,
    pub legend: Arc<Legend>,
    /// At the territories' maille, a rate given per EPCI drawn through the territories' members
    /// (`fills` is then empty): the member EPCI and EPT on the EPCI layer, under the
    /// territories' outlines.
    pub members: Option<Arc<MemberFills>>,
    /// A typology map: each unit's category as the legend names it (`None`: non renseigné),
    /// in the layer's feature order (the SVG's `data-categorie`).
    pub unit_categories: Option<Arc<Vec<Option<String>>>>,
}

impl Choropleth {
    /// Classifies the indicator of `spec` over `table` (the maille's units), or draws its
    /// built-in typology.
    pub fn compute(dataset: &Dataset, table: &IndicatorTable, spec: &Spec) -> Result<Self, String> {
        Self::compute_with(dataset, table, &Imports::default(), spec)
    }

    /// [`Choropleth::compute`], with the typologies of the user's imported text columns.
    pub fn compute_with(
        dataset: &Dataset,
        table: &IndicatorTable,
        imports: &Imports,
        spec: &Spec,
    ) -> Result<Self, String> {
        if let Some(choice) = &spec.typology {
            let map = Self::typology(dataset, imports, Some(table), choice)?;
            return Ok(match spec.simulation {
                Some(d) => map.simulated(d),
                None => map,
            });
        }
        let plain = Spec {
            simulation: None,
            ..spec.clone()
        };
        let choropleth = match compute_through_members(dataset, table, &plain)? {
            Some((members, legend)) => Choropleth {
                level: spec.level,
                fills: Arc::new(Vec::new()),
                legend: Arc::new(legend),
                members: Some(Arc::new(members)),
                unit_categories: None,
            },
            None => {
                let (fills, legend) = compute(dataset, table, &plain)?;
                Choropleth {
                    level: spec.level,
                    fills: Arc::new(fills),
                    legend: Arc::new(legend),
                    members: None,
                    unit_categories: None,
                }
            }
        };
        Ok(match spec.simulation {
            Some(d) => choropleth.simulated(d),
            None => choropleth,
        })
    }

    /// The map of a typology (built-in, or an imported column's): each unit filled by its
    /// category, the legend listing the categories with their counts.
    pub fn typology(
        dataset: &Dataset,
        imports: &Imports,
        table: Option<&IndicatorTable>,
        choice: &crate::model::typology::TypologyChoice,
    ) -> Result<Self, String> {
        let t = super::typology::compute(dataset, imports, table, choice)?;
        Ok(Choropleth {
            level: t.level,
            fills: Arc::new(t.fills),
            legend: Arc::new(t.legend),
            members: None,
            unit_categories: Some(Arc::new(t.unit_categories)),
        })
    }

    /// The same map as seen with a colour-vision deficiency (a preview on screen; exports use
    /// the plain colours).
    pub fn simulated(&self, deficiency: Deficiency) -> Self {
        let mut legend = (*self.legend).clone();
        legend.colours = legend
            .colours
            .iter()
            .map(|&c| simulate(c, deficiency))
            .collect();
        legend.missing_colour = simulate(legend.missing_colour, deficiency);
        legend.simulation = Some(deficiency);
        let seen = |fills: &[Option<Rgb>]| -> Vec<Option<Rgb>> {
            fills
                .iter()
                .map(|c| c.map(|c| simulate(c, deficiency)))
                .collect()
        };
        Choropleth {
            level: self.level,
            fills: Arc::new(
                self.fills
                    .iter()
                    .map(|&c| simulate(c, deficiency))
                    .collect(),
            ),
            legend: Arc::new(legend),
            members: self.members.as_ref().map(|m| {
                Arc::new(MemberFills {
                    epci: seen(&m.epci),
                    territories: seen(&m.territories),
                })
            }),
            unit_categories: self.unit_categories.clone(),
        }
    }

    /// The layer the classes colour: the maille's, or the EPCI layer for a map drawn through
    /// the territories' members.
    pub fn layer(&self) -> LayerKind {
        if self.members.is_some() {
            LayerKind::Epci
        } else {
            self.level.layer()
        }
    }

    /// The fill of a feature of `kind` (`Some(None)`: on a coloured layer, not filled), or
    /// `None` when the choropleth does not colour that layer.
    pub fn fill_of(&self, kind: LayerKind, feature: usize) -> Option<Option<Rgb>> {
        match &self.members {
            Some(m) if kind == LayerKind::Epci => Some(m.epci.get(feature).copied().flatten()),
            Some(m) if kind == LayerKind::Ti2023 => {
                Some(m.territories.get(feature).copied().flatten())
            }
            Some(_) => None,
            None if kind == self.layer() => Some(self.fills.get(feature).copied()),
            None => None,
        }
    }

    /// Whether a feature of the coloured layer is drawn at all: a map drawn through the
    /// territories' members leaves out the EPCI outside the territories.
    pub fn draws(&self, kind: LayerKind, feature: usize) -> bool {
        match &self.members {
            Some(m) if kind == LayerKind::Epci => m.epci.get(feature).is_some_and(Option::is_some),
            _ => true,
        }
    }
}

/// Fill colours for a whole layer that are not a classification (e.g. the Temps I / Temps II
/// status of each territory), in the layer's feature order; `None`: not filled.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerColours {
    pub layer: LayerKind,
    pub fills: Arc<Vec<Option<super::paint::Rgba>>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_simulated_map_changes_colours_not_classes() {
        use crate::model::indicators::classify::{Classification, Method};
        let legend = Legend {
            title: "Densité".into(),
            unit: "hab./km²".into(),
            level: Level::Territoire,
            method: Method::Jenks.label_fr().into(),
            classification: Classification {
                breaks: vec![0.0, 1.0, 2.0],
                counts: vec![1, 1],
                missing: 0,
            },
            colours: vec![[255, 0, 0], [0, 128, 0]],
            missing_colour: [0xbd, 0xbd, 0xbd],
            decimals: 0,
            missing_reasons: Vec::new(),
            sources: Vec::new(),
            palette_safety: crate::palette::ColourBlindSafety::Uncertain,
            simulation: None,
            notes: Vec::new(),
            through_members: false,
            categories: Vec::new(),
        };
        let plain = Choropleth {
            level: Level::Territoire,
            fills: Arc::new(vec![[255, 0, 0], [0, 128, 0]]),
            legend: Arc::new(legend),
            members: None,
            unit_categories: None,
        };
        let seen = plain.simulated(Deficiency::Deuteranopia);
        assert_ne!(seen.fills, plain.fills);
        assert_eq!(seen.legend.classification, plain.legend.classification);
        assert_eq!(seen.legend.simulation, Some(Deficiency::Deuteranopia));
        assert_eq!(seen.fills.first(), seen.legend.colours.first());
    }
}
