//! Stocks and ratios: French cartographic practice (Bertin's semiology, as Magrit, Khartis and
//! mapsf apply it) draws stocks (counts, sums: population, number of actions…) with
//! proportional symbols and reserves colour classes (a choropleth) for ratios (shares,
//! densities, rates). Each indicator says which it is; for an imported column the user may say
//! otherwise, starting from a guess.

use serde::{Deserialize, Serialize};

use super::catalogue::{Indicator, Kind, TerritoryMeasure};

/// Whether an indicator counts (a stock) or relates two quantities (a ratio).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Nature {
    Stock,
    Ratio,
}

impl Nature {
    pub fn label_fr(self) -> &'static str {
        match self {
            Nature::Stock => "stock (effectif, somme)",
            Nature::Ratio => "ratio (part, taux, densité)",
        }
    }
}

/// What an indicator is, from its definition; for an imported column, a guess from its name
/// and unit (a share, a rate, a percentage or a density is a ratio; a sum of communes' values
/// is a stock).
pub fn nature_of(indicator: &Indicator) -> Nature {
    use TerritoryMeasure as M;
    match indicator.kind {
        Kind::TerritoryExact(M::Population | M::AreaKm2)
        | Kind::TerritoryExact(M::EpciCount | M::CommuneCount | M::DepartementCount) => {
            Nature::Stock
        }
        Kind::TerritoryExact(M::Density | M::ContinuitySharePopulation) => Nature::Ratio,
        Kind::EpciSeries => Nature::Ratio,
        Kind::NeedsImport => Nature::Stock,
        Kind::Imported => guess(indicator.id.as_str(), &indicator.label, &indicator.unit),
    }
}

/// A ratio when the column's name or unit says share, rate, percentage, density or mean.
pub fn guess(id: &str, label: &str, unit: &str) -> Nature {
    let text = format!("{id} {label} {unit}").to_lowercase();
    const RATIO_WORDS: [&str; 12] = [
        "%", "part", "taux", "ratio", "densit", "moyenne", "médian", "median", "pour ", "par hab",
        "/km", "indice",
    ];
    if RATIO_WORDS.iter().any(|w| text.contains(w)) {
        Nature::Ratio
    } else {
        Nature::Stock
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_and_rates_are_ratios_counts_are_stocks() {
        assert_eq!(
            guess("C22_EMPLT", "Emplois au lieu de travail", "emplois"),
            Nature::Stock
        );
        assert_eq!(
            guess("part_indus", "Part de l'industrie", "%"),
            Nature::Ratio
        );
        assert_eq!(guess("tx_chom", "Taux de chômage", ""), Nature::Ratio);
        assert_eq!(guess("montant", "Montant des aides", "€"), Nature::Stock);
        assert_eq!(guess("dens", "Densité", "hab./km²"), Nature::Ratio);
    }
}
