//! The "Dynamiques" block as the side panel and the PDF sheet write it: one row of text per
//! growth series (the territory's value or why there is none, the members' range and median in
//! "%/an", how many members have a value), and the notes that go with them. Both renderers
//! draw these rows, so the screen and paper say the same.

use crate::format::decimal_fr;
use crate::model::indicators::Value;
use crate::model::indicators::dynamics::{BivariatePlacement, Dynamics, GrowthFigures};

/// Decimals of a growth rate (the source gives hundredths of a point).
const DECIMALS: usize = 2;

/// The unit of growth rates as a table cell shows it.
pub const UNIT: &str = "%/an";

/// One growth series, as written.
#[derive(Clone, Debug, PartialEq)]
pub struct GrowthRow {
    /// What grows, and when: "Emploi salarié privé, 2017-2024" (the block's title says it is
    /// an average annual growth).
    pub label: String,
    /// "0,45 %/an", "non calculable" or "non disponible".
    pub territory: String,
    /// "-1,20 à 2,35 %/an", or "non disponible".
    pub range: String,
    /// "0,40 %/an", or "non disponible".
    pub median: String,
    /// "12 / 14": members with a value, out of the EPCI/EPT members.
    pub members: String,
}

/// A rate with its unit: "-0,52 %/an".
pub fn rate(v: f64) -> String {
    format!("{} {UNIT}", decimal_fr(v, DECIMALS))
}

/// The rows of every growth series, in catalogue order.
pub fn growth_rows(d: &Dynamics) -> Vec<GrowthRow> {
    d.growth.iter().map(row).collect()
}

/// "Évolution annuelle moyenne de l'emploi salarié privé, 2017-2024" → "Emploi salarié privé,
/// 2017-2024": what grows and when, short enough for a table cell.
pub fn short_label(label: &str) -> String {
    let Some(rest) = label.strip_prefix("Évolution annuelle moyenne de l'") else {
        return label.to_owned();
    };
    let mut chars = rest.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn row(g: &GrowthFigures) -> GrowthRow {
    let missing = || "non disponible".to_owned();
    GrowthRow {
        label: short_label(&g.label),
        territory: match &g.territory {
            Value::Exact(v) if v.is_finite() => rate(*v),
            Value::NotComputable(_) => "non calculable".into(),
            _ => missing(),
        },
        range: g.spread.map_or_else(missing, |s| {
            format!("{} à {}", decimal_fr(s.min, DECIMALS), rate(s.max))
        }),
        median: g.spread.map_or_else(missing, |s| rate(s.median)),
        members: format!("{} / {}", g.with_value, g.members.len()),
    }
}

/// What the rows need said under them: why the territory has no value (once per reason), and
/// the sources with their periods (once each).
pub fn growth_notes(d: &Dynamics) -> Vec<String> {
    let mut notes: Vec<String> = Vec::new();
    for g in &d.growth {
        if let Value::NotComputable(why) | Value::Missing(why) = &g.territory {
            let note = format!("Territoire : {why}.");
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
    }
    let mut sources: Vec<String> = Vec::new();
    for s in d.growth.iter().filter_map(|g| g.source.as_ref()) {
        let c = s.citation();
        if !sources.contains(&c) {
            sources.push(c);
        }
    }
    if !sources.is_empty() {
        notes.push(format!("Sources : {}.", sources.join(" ; ")));
    }
    notes
}

/// An axis title of the grid with growth rates in "%/an".
pub fn axis_title(title: &str) -> String {
    title.replace("(% par an)", &format!("({UNIT})"))
}

/// "9 membres sur 11 placés sur la grille" and the members without a cell, with why.
pub fn placement_lines(p: &BivariatePlacement) -> Vec<String> {
    let total = p.cells.len();
    let mut lines = vec![format!(
        "{} membre(s) sur {total} placé(s) sur la grille ; les cases donnent leur nombre.",
        p.placed()
    )];
    lines.extend(
        p.missing
            .iter()
            .map(|(name, why)| format!("{name} : non placé ({why})")),
    );
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::GroupementNature;
    use crate::model::indicators::dynamics::{MemberValue, Spread};

    fn figures(territory: Value, values: &[Option<f64>]) -> GrowthFigures {
        let members: Vec<MemberValue> = values
            .iter()
            .enumerate()
            .map(|(i, v)| MemberValue {
                siren: format!("2000000{i}"),
                name: format!("CC {i}"),
                nature: GroupementNature::CC,
                value: *v,
            })
            .collect();
        let with: Vec<f64> = values.iter().flatten().copied().collect();
        GrowthFigures {
            indicator: "evolution".into(),
            label: "Évolution annuelle moyenne de l'emploi, 2016-2022".into(),
            unit: "% par an".into(),
            period: Some("2016-2022".into()),
            source: None,
            territory,
            members,
            spread: crate::model::indicators::range_and_median(&with)
                .map(|(min, max, median)| Spread { min, max, median }),
            with_value: with.len(),
        }
    }

    #[test]
    fn rows_say_per_year_and_never_average() {
        let d = Dynamics {
            growth: vec![
                figures(
                    Value::NotComputable("non calculable : pas de moyenne".into()),
                    &[Some(-1.2), Some(0.4), None, Some(2.35)],
                ),
                figures(Value::Exact(0.456), &[Some(0.456)]),
            ],
            bivariate: None,
        };
        let rows = growth_rows(&d);
        assert_eq!(rows[0].territory, "non calculable");
        assert_eq!(rows[0].range, "-1,20 à 2,35 %/an");
        assert_eq!(rows[0].median, "0,40 %/an");
        assert_eq!(rows[0].members, "3 / 4");
        assert_eq!(rows[1].territory, "0,46 %/an");
        assert_eq!(rows[0].label, "Emploi, 2016-2022");
        assert_eq!(short_label("Population"), "Population");
        assert_eq!(
            axis_title("Évolution, 2017-2024 (% par an)"),
            "Évolution, 2017-2024 (%/an)"
        );
        let notes = growth_notes(&d);
        assert_eq!(
            notes,
            vec!["Territoire : non calculable : pas de moyenne.".to_owned()]
        );
    }
}
