//! Employment growth per EPCI (and EPT) from the raw third-party file
//! `indicators/ptod_agg_epci_exdeco_raw.json` (see PROVENANCE-indicators.md, last section): the
//! average annual growth of jobs at place of work (INSEE RP) and of private salaried employment
//! (URSSAF-ACOSS), % per year, over several periods.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use super::sources::{SourceError, read_json};
use crate::model::{IndicatorId, IndicatorSeries, Level, SeriesMeasure};

/// Id of the growth of jobs at place of work (INSEE RP 2011, 2016, 2022) in the bundle's sources.
pub const SOURCE_RP_GROWTH: &str = "rp-evolution-emploi-calcul-tiers";
/// Id of the growth of private salaried employment (URSSAF-ACOSS) in the bundle's sources.
pub const SOURCE_URSSAF_GROWTH: &str = "urssaf-evolution-emploi-prive-calcul-tiers";

/// Path of the raw file under the sources directory.
pub const RAW_FILE: &str = "indicators/ptod_agg_epci_exdeco_raw.json";

/// The unit of every growth series.
pub const UNIT: &str = "% par an";

/// One object of the raw file: only the columns read here (the others are ignored).
#[derive(Debug, Deserialize)]
pub struct RawGrowthRow {
    /// EPCI or EPT SIREN; also "00FR" (placeholder France row) and "75056" (Paris).
    pub code: String,
    pub eco_emp_vtcam_1116: Option<f64>,
    pub eco_emp_vtcam_1622: Option<f64>,
    pub eco_emp_vtcam_1122: Option<f64>,
    pub eco_emppriv_vtcam_1117: Option<f64>,
    pub eco_emppriv_vtcam_1724: Option<f64>,
    pub eco_emppriv_vtcam_1924: Option<f64>,
    pub eco_emppriv_vtcam_2224: Option<f64>,
}

type Column = fn(&RawGrowthRow) -> Option<f64>;

/// A growth series of the catalogue: bundle id, raw column, period, source.
pub struct GrowthColumn {
    pub id: &'static str,
    /// Column name in the raw file.
    pub column: &'static str,
    pub period: &'static str,
    pub source: &'static str,
    read: Column,
}

impl GrowthColumn {
    pub fn label(&self) -> String {
        let what = if self.source == SOURCE_RP_GROWTH {
            "Évolution annuelle moyenne de l'emploi au lieu de travail"
        } else {
            "Évolution annuelle moyenne de l'emploi salarié privé"
        };
        format!("{what}, {}", self.period)
    }
}

/// Every growth series, in catalogue order: jobs at place of work, then private employment.
pub const COLUMNS: [GrowthColumn; 7] = [
    GrowthColumn {
        id: "evolution_emploi_2011_2016",
        column: "eco_emp_vtcam_1116",
        period: "2011-2016",
        source: SOURCE_RP_GROWTH,
        read: |r| r.eco_emp_vtcam_1116,
    },
    GrowthColumn {
        id: "evolution_emploi_2016_2022",
        column: "eco_emp_vtcam_1622",
        period: "2016-2022",
        source: SOURCE_RP_GROWTH,
        read: |r| r.eco_emp_vtcam_1622,
    },
    GrowthColumn {
        id: "evolution_emploi_2011_2022",
        column: "eco_emp_vtcam_1122",
        period: "2011-2022",
        source: SOURCE_RP_GROWTH,
        read: |r| r.eco_emp_vtcam_1122,
    },
    GrowthColumn {
        id: "evolution_emploi_prive_2011_2017",
        column: "eco_emppriv_vtcam_1117",
        period: "2011-2017",
        source: SOURCE_URSSAF_GROWTH,
        read: |r| r.eco_emppriv_vtcam_1117,
    },
    GrowthColumn {
        id: "evolution_emploi_prive_2017_2024",
        column: "eco_emppriv_vtcam_1724",
        period: "2017-2024",
        source: SOURCE_URSSAF_GROWTH,
        read: |r| r.eco_emppriv_vtcam_1724,
    },
    GrowthColumn {
        id: "evolution_emploi_prive_2019_2024",
        column: "eco_emppriv_vtcam_1924",
        period: "2019-2024",
        source: SOURCE_URSSAF_GROWTH,
        read: |r| r.eco_emppriv_vtcam_1924,
    },
    GrowthColumn {
        id: "evolution_emploi_prive_2022_2024",
        column: "eco_emppriv_vtcam_2224",
        period: "2022-2024",
        source: SOURCE_URSSAF_GROWTH,
        read: |r| r.eco_emppriv_vtcam_2224,
    },
];

/// The growth series, keeping only the codes of the COG 2024 EPCI and EPT lists (the France
/// row, whose values are placeholders, and Paris are dropped). A rate of −100 %/an or less
/// (every job gone each year) or a non-number is an error in the file.
pub fn epci_growth_series(
    path: &Path,
    known: &BTreeSet<&str>,
) -> Result<Vec<IndicatorSeries>, SourceError> {
    let rows: Vec<RawGrowthRow> = read_json(path)?;
    series_from_rows(&rows, known).map_err(|message| SourceError::Invalid {
        path: path.to_owned(),
        message,
    })
}

fn series_from_rows(
    rows: &[RawGrowthRow],
    known: &BTreeSet<&str>,
) -> Result<Vec<IndicatorSeries>, String> {
    let mut out = Vec::with_capacity(COLUMNS.len());
    for c in &COLUMNS {
        let mut values = BTreeMap::new();
        for r in rows.iter().filter(|r| known.contains(r.code.as_str())) {
            let Some(v) = (c.read)(r) else { continue };
            if !v.is_finite() || v <= -100.0 {
                return Err(format!(
                    "{} : {} = {v} n'est pas un taux d'évolution possible (% par an)",
                    r.code, c.column
                ));
            }
            values.insert(r.code.clone(), v);
        }
        out.push(IndicatorSeries {
            id: IndicatorId::new(c.id),
            label: c.label(),
            unit: UNIT.to_owned(),
            level: Level::Epci,
            source: c.source.to_owned(),
            period: Some(c.period.to_owned()),
            measure: SeriesMeasure::AnnualGrowth,
            values,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, v: Option<f64>) -> RawGrowthRow {
        RawGrowthRow {
            code: code.into(),
            eco_emp_vtcam_1116: v,
            eco_emp_vtcam_1622: v,
            eco_emp_vtcam_1122: v,
            eco_emppriv_vtcam_1117: v,
            eco_emppriv_vtcam_1724: None,
            eco_emppriv_vtcam_1924: v,
            eco_emppriv_vtcam_2224: v,
        }
    }

    #[test]
    fn unknown_codes_are_dropped_and_missing_values_stay_missing() {
        let known: BTreeSet<&str> = ["200000172"].into_iter().collect();
        let rows = [row("00FR", Some(0.0)), row("200000172", Some(-1.25))];
        let series = series_from_rows(&rows, &known).expect("series");
        assert_eq!(series.len(), 7);
        for s in &series {
            assert_eq!(s.unit, "% par an");
            assert_eq!(s.measure, SeriesMeasure::AnnualGrowth);
            assert!(!s.values.contains_key("00FR"));
        }
        let s1622 = &series[1];
        assert_eq!(s1622.id, "evolution_emploi_2016_2022");
        assert_eq!(s1622.period.as_deref(), Some("2016-2022"));
        assert_eq!(s1622.values.get("200000172"), Some(&-1.25));
        assert!(
            series[4].values.is_empty(),
            "no 2017-2024 value in the rows"
        );
        assert_eq!(
            series[4].label,
            "Évolution annuelle moyenne de l'emploi salarié privé, 2017-2024"
        );
    }

    #[test]
    fn impossible_rates_are_reported_with_the_code_and_column() {
        let known: BTreeSet<&str> = ["200000172"].into_iter().collect();
        let err = series_from_rows(&[row("200000172", Some(-100.0))], &known).unwrap_err();
        assert!(
            err.contains("200000172") && err.contains("eco_emp_vtcam_1116"),
            "{err}"
        );
    }

    #[test]
    fn ids_are_unique() {
        let ids: BTreeSet<&str> = COLUMNS.iter().map(|c| c.id).collect();
        assert_eq!(ids.len(), COLUMNS.len());
    }
}
