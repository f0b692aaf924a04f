//! The région's and France's values of each indicator, to read a territory's figure against
//! them. Computed once from the communes (whole région, whole France: mainland and overseas),
//! except the continuity share, which is a property of the labelled territories and is taken
//! over all the 2023-2027 territories of the région / of France. Shares given per EPCI cannot be
//! aggregated without job counts: "non calculable", never an average.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::IndicatorId;
use crate::model::geography::dataset::Dataset;
use crate::model::geography::tables::{Generation, SeriesMeasure};
use crate::model::indicators::{
    AreaFigures, Indicator, Kind, TerritoryMeasure, Value, temps1_communes,
};

/// Figures of one comparison area.
#[derive(Clone, Debug, Default, PartialEq)]
struct AreaRefs {
    area: AreaFigures,
    epci: usize,
    departements: usize,
    /// Population of the area's 2023-2027 territories, and the part already in a 2018-2022 one.
    ti_population: u64,
    ti_population_temps1: u64,
}

/// Comparison values for every région and for France.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReferenceTable {
    regions: BTreeMap<String, AreaRefs>,
    france: AreaRefs,
    /// What each bundled EPCI series measures (for the reason it has no région value).
    series_measures: BTreeMap<IndicatorId, SeriesMeasure>,
}

/// A figure for the région and for France, and what they are computed over.
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    pub region: Value,
    pub france: Value,
    pub basis: &'static str,
}

const WHOLE: &str = "région et France entières (toutes les communes, outre-mer compris)";
const LABELLED: &str = "ensemble des territoires d'industrie 2023-2027 de la région / de France";

impl ReferenceTable {
    pub fn build(dataset: &Dataset) -> Self {
        let t = &dataset.tables;
        let mut regions: BTreeMap<String, AreaRefs> = t
            .regions
            .iter()
            .map(|r| (r.code.clone(), AreaRefs::default()))
            .collect();
        let mut france = AreaRefs::default();
        let mut epci_regions: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for c in &t.communes {
            france.area.add(c);
            if let Some(r) = regions.get_mut(&c.region) {
                r.area.add(c);
            }
            if let Some(e) = &c.epci {
                epci_regions.entry(e).or_default().insert(&c.region);
            }
        }
        // EPCI à fiscalité propre: the EPT the layer holds too are not counted.
        france.epci = t.epci.iter().filter(|e| !e.is_ept()).count();
        for region_codes in epci_regions.values() {
            for code in region_codes {
                if let Some(r) = regions.get_mut(*code) {
                    r.epci += 1;
                }
            }
        }
        france.departements = t.departements.len();
        for d in &t.departements {
            if let Some(r) = regions.get_mut(&d.region) {
                r.departements += 1;
            }
        }
        let temps1 = temps1_communes(dataset);
        for territory in dataset.territories(Generation::Temps2) {
            for code in &territory.communes {
                let Some(c) = dataset.commune(code) else {
                    continue;
                };
                let kept = if temps1.contains(code.as_str()) {
                    c.population
                } else {
                    0
                };
                france.ti_population += c.population;
                france.ti_population_temps1 += kept;
                if let Some(r) = regions.get_mut(&c.region) {
                    r.ti_population += c.population;
                    r.ti_population_temps1 += kept;
                }
            }
        }
        let series_measures = t
            .indicators
            .iter()
            .map(|s| (s.id.clone(), s.measure))
            .collect();
        ReferenceTable {
            regions,
            france,
            series_measures,
        }
    }

    /// The région's and France's values of an indicator (région by INSEE code).
    pub fn reference(&self, indicator: &Indicator, region: &str) -> Reference {
        let value = |a: Option<&AreaRefs>| -> Value {
            let Some(a) = a else {
                return Value::Missing(format!("région inconnue : {region}"));
            };
            match indicator.kind {
                Kind::TerritoryExact(m) => measure(m, a),
                Kind::EpciSeries => Value::NotComputable(
                    self.series_measures
                        .get(&indicator.id)
                        .copied()
                        .unwrap_or_default()
                        .reference_reason()
                        .into(),
                ),
                Kind::Imported => Value::Missing("non calculé pour les données importées".into()),
                Kind::NeedsImport => Value::Missing(
                    indicator
                        .unavailable
                        .clone()
                        .unwrap_or_else(|| "non disponible".into()),
                ),
            }
        };
        let basis = match indicator.kind {
            Kind::TerritoryExact(TerritoryMeasure::ContinuitySharePopulation) => LABELLED,
            _ => WHOLE,
        };
        Reference {
            region: value(self.regions.get(region)),
            france: value(Some(&self.france)),
            basis,
        }
    }
}

fn measure(m: TerritoryMeasure, a: &AreaRefs) -> Value {
    use TerritoryMeasure as M;
    match m {
        M::Population => Value::Exact(a.area.population as f64),
        M::AreaKm2 => Value::Exact(a.area.area_km2),
        M::Density if a.area.area_km2 > 0.0 => {
            Value::Exact(a.area.population as f64 / a.area.area_km2)
        }
        M::Density => Value::Missing("superficie nulle".into()),
        M::CommuneCount => Value::Exact(a.area.communes as f64),
        M::EpciCount => Value::Exact(a.epci as f64),
        M::DepartementCount => Value::Exact(a.departements as f64),
        M::ContinuitySharePopulation if a.ti_population > 0 => {
            Value::Exact(100.0 * a.ti_population_temps1 as f64 / a.ti_population as f64)
        }
        M::ContinuitySharePopulation => {
            Value::Missing("aucun territoire d'industrie dans la région".into())
        }
    }
}
