//! The sheet's "Dynamiques de l'emploi" block, in words and French figures: one row per growth
//! series (the territory's value or why there is none, the members' range and median in
//! "%/an" — never an average — and how many members have a value), the notes, and where the
//! members sit on the bivariate grid. The side panel and the PDF sheet draw it.

use crate::format::{decimal_fr, int_fr};
use crate::model::indicators::Value;
use crate::model::indicators::bivariate::{Bivariate, CLASSES};
use crate::model::indicators::dynamics::{
    BivariatePlacement, Dynamics, GrowthFigures, territory_dynamics,
};
use crate::model::{Dataset, Territory};

use super::text::GROWTH_UNIT as UNIT;

/// Decimals of a growth rate (the source gives hundredths of a point).
const DECIMALS: usize = 2;

/// An sRGB colour.
pub type Rgb = [u8; 3];

/// The block.
#[derive(Clone, Debug, PartialEq)]
pub struct DynamicsView {
    pub title: String,
    /// What the rows are, and that a territory of several members has no value of its own.
    pub intro: String,
    pub rows: Vec<GrowthRow>,
    /// Why the territory has no value (once per reason), then the sources.
    pub notes: Vec<String>,
    /// The members on the bivariate grid, when there is one.
    pub grid: Option<GridView>,
}

/// One growth series, as written.
#[derive(Clone, Debug, PartialEq)]
pub struct GrowthRow {
    /// What grows, and when: "Emploi salarié privé, 2017-2024".
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

/// Where the members sit on the 3 × 3 grid.
#[derive(Clone, Debug, PartialEq)]
pub struct GridView {
    /// "Position des membres sur la grille bivariée des EPCI (terciles en X, …) :".
    pub intro: String,
    /// "↑ Évolution … (%/an)" and "Part des emplois … →".
    pub y_title: String,
    pub x_title: String,
    /// The four bounds of each axis' classes, in French notation.
    pub x_bounds: Vec<String>,
    pub y_bounds: Vec<String>,
    /// `colours[y][x]`: the map's cell colours; `counts[y][x]`: members in each cell.
    pub colours: [[Rgb; CLASSES]; CLASSES],
    pub counts: [[usize; CLASSES]; CLASSES],
    /// "4 membre(s) sur 4 placé(s)…", then each member left out with why.
    pub lines: Vec<String>,
}

impl GridView {
    /// The number written in a cell ("" when no member is there).
    pub fn count_text(&self, x: usize, y: usize) -> String {
        match self.counts[y][x] {
            0 => String::new(),
            n => int_fr(n as u64),
        }
    }
}

/// A rate with its unit: "-0,52 %/an".
pub fn rate(v: f64) -> String {
    crate::format::with_unit(&decimal_fr(v, DECIMALS), UNIT)
}

/// "Évolution annuelle moyenne de l'emploi salarié privé, 2017-2024" → "Emploi salarié privé,
/// 2017-2024": what grows and when, short enough for a table cell.
pub fn short_label(label: &str) -> String {
    let Some(rest) = label.strip_prefix("Évolution annuelle moyenne de l'") else {
        return label.to_owned();
    };
    super::text::capitalised(rest)
}

/// An axis title with growth rates in "%/an".
pub fn axis_title(title: &str) -> String {
    title.replace("(% par an)", &format!("({UNIT})"))
}

/// The block of territory `t`; `grid` is the bivariate EPCI grid its members are placed on.
/// None when the bundle has no growth series.
pub fn dynamics_view(
    dataset: &Dataset,
    t: &Territory,
    grid: Option<&Bivariate>,
) -> Option<DynamicsView> {
    let d = territory_dynamics(dataset, t, grid);
    if d.growth.is_empty() {
        return None;
    }
    Some(DynamicsView {
        title: "Dynamiques de l'emploi".into(),
        intro: "Évolution annuelle moyenne de l'emploi (au lieu de travail, ou salarié privé) \
                par EPCI membre. Le territoire n'a de valeur propre que s'il est formé d'un seul \
                EPCI ou EPT ; sinon : l'étendue et la médiane des membres, jamais une moyenne."
            .into(),
        rows: d.growth.iter().map(row).collect(),
        notes: notes(&d),
        grid: d.bivariate.as_ref().zip(grid).map(|(p, b)| grid_view(p, b)),
    })
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

fn notes(d: &Dynamics) -> Vec<String> {
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

fn grid_view(p: &BivariatePlacement, b: &Bivariate) -> GridView {
    let bounds = |a: &crate::model::indicators::bivariate::Axis| {
        a.classification
            .breaks
            .iter()
            .map(|v| decimal_fr(*v, a.decimals))
            .collect()
    };
    let mut colours = [[[0; 3]; CLASSES]; CLASSES];
    for (y, row) in colours.iter_mut().enumerate() {
        for (x, c) in row.iter_mut().enumerate() {
            *c = Bivariate::cell_colour(x, y);
        }
    }
    let mut lines = vec![format!(
        "{} membre(s) sur {} placé(s) sur la grille ; les cases donnent leur nombre.",
        p.placed(),
        p.cells.len()
    )];
    lines.extend(
        p.missing
            .iter()
            .map(|(name, why)| format!("{name} : non placé ({why})")),
    );
    GridView {
        intro: format!(
            "Position des membres sur la grille bivariée des EPCI ({} en X, {} en Y, sur les EPCI \
             qui ont les deux valeurs) :",
            b.x.method.to_lowercase(),
            b.y.method.to_lowercase()
        ),
        y_title: format!("↑ {}", axis_title(&p.y_title)),
        x_title: format!("{} →", axis_title(&p.x_title)),
        x_bounds: bounds(&b.x),
        y_bounds: bounds(&b.y),
        colours,
        counts: p.counts,
        lines,
    }
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
        let rows: Vec<GrowthRow> = d.growth.iter().map(row).collect();
        assert_eq!(rows[0].territory, "non calculable");
        assert_eq!(rows[0].range, "\u{2212}1,20 à 2,35\u{a0}%/an");
        assert_eq!(rows[0].median, "0,40\u{a0}%/an");
        assert_eq!(rows[0].members, "3 / 4");
        assert_eq!(rows[0].label, "Emploi, 2016-2022");
        assert_eq!(rows[1].territory, "0,46\u{a0}%/an");
        assert_eq!(
            notes(&d),
            vec!["Territoire : non calculable : pas de moyenne.".to_owned()]
        );
        assert_eq!(short_label("Population"), "Population");
        assert_eq!(
            axis_title("Évolution, 2017-2024 (% par an)"),
            "Évolution, 2017-2024 (%/an)"
        );
    }
}
