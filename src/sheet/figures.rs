//! The key figures of a sheet: each indicator's value with its rank and percentile among the
//! units of its maille, the région's and France's values, or why there is none; for a share
//! given per EPCI, the members' range and median.

use super::members::spread;
use super::text::{display_unit, label_with_unit, value_reason, value_text};
use super::view::{Comparison, KeyFigure, KeyFigures, Rank};
use crate::format::decimal_fr;
use crate::model::indicators::reference::ReferenceTable;
use crate::model::indicators::{IndicatorTable, Kind, Value, member_values};
use crate::model::{Dataset, GroupementNature, Level, Territory};

/// How to get a territory's exact share of jobs by sector, said wherever the sheet gives only
/// its members' range.
pub const EXACT_SHARE_HOW: &str = "Pour la valeur exacte du territoire : importer la base INSEE \
     « Emploi – population active » (base-cc-emploi-pop-active, colonnes C22_EMPLT_INDUS et \
     C22_EMPLT par commune, clé CODGEO) par le menu Fichier > Importer ; la part est alors \
     Σ C22_EMPLT_INDUS / Σ C22_EMPLT sur les communes du territoire.";

/// What a territory sheet compares its figures with.
pub struct Context<'a> {
    pub territory: &'a Territory,
    pub references: Option<&'a ReferenceTable>,
}

fn rank(table: &IndicatorTable, i: usize, unit: usize) -> Option<Rank> {
    let (r, n) = table.rank(i, unit)?;
    let percentile = table.percentile(i, unit);
    let centile = percentile
        .map(|p| format!(", centile {}", decimal_fr(p, 0)))
        .unwrap_or_default();
    Some(Rank {
        rank: r,
        of: n,
        percentile,
        text: format!("rang {r} sur {n} {}{centile}", table.level.label_fr()),
        short: crate::format::rank_fr(r, n),
    })
}

fn comparison(
    references: &ReferenceTable,
    ind: &crate::model::indicators::Indicator,
    value: &Value,
    region: &str,
) -> Comparison {
    let unit = display_unit(&ind.unit);
    let r = references.reference(ind, region);
    let (reg, fr) = (value_text(&r.region, unit), value_text(&r.france, unit));
    let mut line = format!("Région : {reg} · France : {fr}");
    if let (Value::Exact(v), Value::Exact(whole)) = (value, &r.region)
        && ind.unit == "habitants"
        && *whole > 0.0
    {
        line.push_str(&format!(
            " (le territoire : {}\u{a0}% de la région)",
            decimal_fr(100.0 * v / whole, 1)
        ));
    }
    let note = value_reason(&r.region)
        .or_else(|| value_reason(&r.france))
        .map_or_else(|| format!("Calculé sur : {}", r.basis), str::to_owned);
    Comparison {
        region: reg,
        france: fr,
        line,
        note,
    }
}

/// Every indicator of `table` for its unit `unit`; with a territory, the région and France
/// values and the members' spread of shares given per EPCI.
pub fn key_figures(
    dataset: &Dataset,
    table: &IndicatorTable,
    unit: usize,
    context: Option<&Context<'_>>,
) -> KeyFigures {
    let mut any_spread = false;
    let rows = table
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let missing = Value::Missing("non disponible".into());
            let v = table
                .values
                .get(i)
                .and_then(|c| c.get(unit))
                .unwrap_or(&missing);
            let shown_unit = display_unit(&ind.unit);
            let exact = matches!(v, Value::Exact(x) if x.is_finite());
            let spread = match context {
                Some(c) if ind.kind == Kind::EpciSeries && !exact => dataset
                    .tables
                    .indicators
                    .iter()
                    .find(|s| s.id == ind.id)
                    .and_then(|series| {
                        let members = member_values(series, c.territory);
                        let vals: Vec<Option<f64>> = members.iter().map(|m| m.2).collect();
                        let who = if c
                            .territory
                            .groupements
                            .iter()
                            .any(|g| g.nature == GroupementNature::EPT)
                        {
                            "EPCI et EPT membres"
                        } else {
                            "EPCI membres"
                        };
                        spread(&vals, members.len(), shown_unit, who)
                    }),
                _ => None,
            };
            any_spread |= spread.is_some();
            KeyFigure {
                id: ind.id.clone(),
                label: label_with_unit(&ind.label, &ind.unit),
                value: value_text(v, shown_unit),
                exact,
                reason: value_reason(v).map(str::to_owned),
                rank: rank(table, i, unit),
                comparison: context
                    .filter(|_| ind.kind != Kind::NeedsImport)
                    .and_then(|c| {
                        c.references
                            .map(|r| comparison(r, ind, v, &c.territory.region))
                    }),
                spread,
                needs_import: ind.kind == Kind::NeedsImport,
                growth: ind.diverging_around_zero,
            }
        })
        .collect();
    let n = table.values.first().map_or(0, Vec::len);
    let what = match table.level {
        Level::Territoire => format!("{n} territoires de la même génération"),
        Level::Epci => format!("{n} EPCI"),
        Level::Departement => format!("{n} départements"),
    };
    // The percentile is written beside the rank on screen only ("centile 98"): the note says
    // what the rank is out of, not what a figure that is not printed means.
    let mut rank_note = format!("Rang 1 = valeur la plus élevée parmi les {what}.");
    if context.is_some_and(|c| c.references.is_some()) {
        rank_note.push_str(
            " Région et France : région et France entières (toutes les communes), sauf la part de \
             population déjà en 2018-2022 (ensemble des territoires labellisés).",
        );
    }
    KeyFigures {
        rows,
        rank_note,
        spread_note: any_spread.then(|| {
            format!(
                "Parts et évolutions de l'emploi : données par EPCI, qui ne s'additionnent ni ne \
                 se moyennent sans les effectifs d'emplois ; la fiche donne l'étendue (min – max) \
                 et la médiane des membres, jamais une moyenne. Région et France : non \
                 calculables pour la même raison. {EXACT_SHARE_HOW}"
            )
        }),
    }
}
