//! The territories' maille for a rate given per EPCI (the industrial share, the other sector
//! shares, the growth rates). A territory of several members has no value of its own (a rate
//! is neither summed nor averaged without the job counts), so the map fills each territory with
//! its members' exact values: every EPCI or EPT member of a 2023-2027 territory on the EPCI layer
//! (which holds the 11 EPT of the Grand Paris after the EPCI), and a territory with no member on
//! that layer with its own value when it has one. Nothing is interpolated.

use crate::model::geography::dataset::Dataset;
use crate::model::geography::tables::{Generation, IndicatorSeries};
use crate::model::indicators::Value;
use crate::model::indicators::catalogue::epci_series_for_territory;

/// What the legend says the map is coloured at when it goes through the members.
pub const MEMBERS_MAILLE: &str = "EPCI membres des territoires";

/// The values a member map draws.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MemberValues {
    /// For each unit of the EPCI layer (EPCI then EPT): `Some(value)` (NaN when the source has
    /// none) when it is a member of a 2023-2027 territory, `None` when it is not (not drawn).
    pub epci: Vec<Option<f64>>,
    /// For each 2023-2027 territory (its layer's order): its own exact value when no member
    /// lies on the EPCI layer, else `None`.
    pub territories: Vec<Option<f64>>,
    /// Why drawn members have no value, with how many, most frequent first.
    pub missing_reasons: Vec<(String, usize)>,
}

impl MemberValues {
    /// Every drawn value (members of the EPCI layer, then territories drawn whole), NaN where
    /// the source has none: what the classes are computed over.
    pub fn drawn(&self) -> Vec<f64> {
        self.epci
            .iter()
            .chain(&self.territories)
            .filter_map(|v| *v)
            .collect()
    }

    /// How many territories show at least one real value: a member EPCI with a value, or
    /// their own value.
    pub fn territories_with_values(&self, dataset: &Dataset) -> usize {
        let epci_value: std::collections::HashMap<&str, f64> = dataset
            .tables
            .epci
            .iter()
            .zip(&self.epci)
            .filter_map(|(e, v)| v.filter(|x| x.is_finite()).map(|x| (e.siren.as_str(), x)))
            .collect();
        dataset
            .territories(Generation::Temps2)
            .zip(&self.territories)
            .filter(|(t, own)| {
                own.is_some_and(f64::is_finite)
                    || t.groupements
                        .iter()
                        .any(|g| epci_value.contains_key(g.siren.as_str()))
            })
            .count()
    }
}

/// The member values of `series` for the 2023-2027 territories.
pub fn member_values(dataset: &Dataset, series: &IndicatorSeries) -> MemberValues {
    let epci_index: std::collections::HashMap<&str, usize> = dataset
        .tables
        .epci
        .iter()
        .enumerate()
        .map(|(i, e)| (e.siren.as_str(), i))
        .collect();
    let mut epci = vec![None; dataset.tables.epci.len()];
    let mut territories = Vec::new();
    for t in dataset.territories(Generation::Temps2) {
        let mut on_layer = false;
        for g in &t.groupements {
            if let Some(&i) = epci_index.get(g.siren.as_str()) {
                on_layer = true;
                if let Some(slot) = epci.get_mut(i) {
                    *slot = Some(series.values.get(&g.siren).copied().unwrap_or(f64::NAN));
                }
            }
        }
        let own = (!on_layer)
            .then(|| match epci_series_for_territory(series, t) {
                Value::Exact(v) => Some(v),
                _ => None,
            })
            .flatten();
        territories.push(own);
    }
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for (e, v) in dataset.tables.epci.iter().zip(&epci) {
        if v.is_some_and(|x| !x.is_finite()) {
            let overseas = e.siren.is_empty()
                || dataset
                    .tables
                    .communes
                    .iter()
                    .find(|c| c.epci_layer_units().any(|u| u == e.siren))
                    .is_some_and(|c| c.departement.len() == 3);
            let why = if overseas {
                "EPCI membre d'outre-mer : la source ne couvre que la France métropolitaine"
            } else if e.is_ept() {
                "EPT membre sans valeur dans la source"
            } else {
                "EPCI membre sans valeur dans la source"
            };
            *counts.entry(why.to_owned()).or_default() += 1;
        }
    }
    let mut missing_reasons: Vec<(String, usize)> = counts.into_iter().collect();
    missing_reasons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    MemberValues {
        epci,
        territories,
        missing_reasons,
    }
}
