//! A typology made from classes: the user names types, each a set of cells of a bivariate grid
//! (3 × 3 classes of two indicators), as the "Portrait(s) des Territoires d'industrie" reads
//! territories "en expansion" or "fragiles". Each unit's type is the type of its cell; a unit in
//! a cell no type holds is in [`OTHER_CELLS`]; a unit missing either value is "non renseigné",
//! with the reason. Every type's rule is written from the real class bounds ("Part des emplois
//! dans l'industrie > 25,3 % et Évolution … ≤ 0,1 % par an"), for the legend, the sheet and the
//! table.

use serde::{Deserialize, Serialize};

use super::Typology;
use crate::format::{decimal_fr, with_unit};
use crate::model::indicators::IndicatorTable;
use crate::model::indicators::bivariate::{self, AxisBreaks, Bivariate, BivariateSpec, CLASSES};
use crate::model::{Dataset, IndicatorId, Level};

/// The settings id of a typology made from classes (its definition is in the choice).
pub const ID: &str = "types_de_classes";

pub use super::named_types::OTHER_CELLS;

/// One named type: the cells of the grid it holds, `[x, y]` classes from 0 (low) to 2 (high).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClassType {
    pub name: String,
    pub cells: Vec<[usize; 2]>,
}

/// The definition of a typology made from the cells of a bivariate grid: the grid (maille, two
/// indicators, their breaks) and the named types. Saved with the map's settings (views,
/// projects), so that the map is the same wherever it is opened again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClassTypes {
    /// The legend's title (empty: "Types : X × Y").
    pub title: String,
    pub level: Level,
    pub x: IndicatorId,
    pub y: IndicatorId,
    /// The two inner breaks of an axis (None: terciles).
    pub x_breaks: Option<[f64; 2]>,
    pub y_breaks: Option<[f64; 2]>,
    pub types: Vec<ClassType>,
}

impl Default for ClassTypes {
    fn default() -> Self {
        ClassTypes {
            title: String::new(),
            level: Level::Epci,
            x: IndicatorId::default(),
            y: IndicatorId::default(),
            x_breaks: None,
            y_breaks: None,
            types: Vec::new(),
        }
    }
}

/// A cell as the user writes it: "X-Y", classes from 1 (low) to 3 (high).
pub fn cell_text(cell: [usize; 2]) -> String {
    format!("{}-{}", cell[0] + 1, cell[1] + 1)
}

impl ClassTypes {
    /// The grid these types are made on.
    pub fn spec(&self) -> BivariateSpec {
        let breaks = |b: Option<[f64; 2]>| b.map_or(AxisBreaks::Terciles, AxisBreaks::Chosen);
        BivariateSpec {
            level: self.level,
            x: self.x.clone(),
            y: self.y.clone(),
            x_breaks: breaks(self.x_breaks),
            y_breaks: breaks(self.y_breaks),
        }
    }

    /// Whether the types are usable: at least one, each named once, each with cells of the
    /// grid, no cell in two types. The error says which type or cell, in French.
    pub fn check(&self) -> Result<(), String> {
        if self.types.is_empty() {
            return Err("aucun type : nommer au moins un type et ses cellules".into());
        }
        let mut owner: [[Option<&str>; CLASSES]; CLASSES] = [[None; CLASSES]; CLASSES];
        for (i, t) in self.types.iter().enumerate() {
            let name = t.name.trim();
            let before = self.types[..i].iter().map(|o| o.name.as_str());
            super::named_types::check_name(i + 1, name, before)?;
            if t.cells.is_empty() {
                return Err(format!("le type « {name} » n'a aucune cellule"));
            }
            for &[x, y] in &t.cells {
                let Some(slot) = owner.get_mut(y).and_then(|row| row.get_mut(x)) else {
                    return Err(format!(
                        "type « {name} » : cellule {}-{} hors de la grille (classes 1 à \
                         {CLASSES} sur chaque axe)",
                        x + 1,
                        y + 1
                    ));
                };
                match slot {
                    Some(other) if *other == name => {}
                    Some(other) => {
                        return Err(format!(
                            "la cellule {} est dans deux types : « {other} » et « {name} »",
                            cell_text([x, y])
                        ));
                    }
                    None => *slot = Some(name),
                }
            }
        }
        Ok(())
    }

    /// The type holding a cell (index in `types`).
    pub fn type_of(&self, cell: [usize; 2]) -> Option<usize> {
        self.types.iter().position(|t| t.cells.contains(&cell))
    }

    /// Whether some cell of the grid is in no type (then [`OTHER_CELLS`] is a category).
    pub fn leaves_cells(&self) -> bool {
        (0..CLASSES).any(|y| (0..CLASSES).any(|x| self.type_of([x, y]).is_none()))
    }
}

/// The typology of `types` over `table` (the indicator table of its maille): each unit's type,
/// each type's rule from the grid's real bounds. An error (in French) when the types are not
/// usable or the grid cannot be computed.
pub fn typology(
    dataset: &Dataset,
    table: &IndicatorTable,
    types: &ClassTypes,
) -> Result<Typology, String> {
    types.check()?;
    let grid = bivariate::compute(dataset, table, &types.spec())?;
    Ok(of_grid(&grid, types))
}

/// [`typology`] over a grid already computed (with the types' spec).
pub fn of_grid(grid: &Bivariate, types: &ClassTypes) -> Typology {
    let others = types.leaves_cells();
    let mut categories: Vec<String> = types
        .types
        .iter()
        .map(|t| t.name.trim().to_owned())
        .collect();
    if others {
        categories.push(OTHER_CELLS.to_owned());
    }
    let units: Vec<Option<usize>> = grid
        .cells
        .iter()
        .map(|c| {
            let (x, y) = c.classes()?;
            Some(types.type_of([x, y]).unwrap_or(types.types.len()))
        })
        .collect();
    let mut rules: Vec<(String, String)> = types
        .types
        .iter()
        .map(|t| (t.name.trim().to_owned(), cells_rule(grid, &t.cells)))
        .collect();
    if others {
        rules.push((
            OTHER_CELLS.to_owned(),
            "les autres cellules de la grille".to_owned(),
        ));
    }
    let title = if types.title.trim().is_empty() {
        format!("Types : {} × {}", grid.x.label, grid.y.label)
    } else {
        types.title.trim().to_owned()
    };
    let grid_rule = grid_text(grid);
    let rule = std::iter::once(grid_rule.clone())
        .chain(rules.iter().map(|(n, r)| format!("{n} : {r}")))
        .collect::<Vec<_>>()
        .join(" ; ");
    Typology {
        id: ID.to_owned(),
        label: title,
        level: grid.level,
        categories,
        units,
        missing_reasons: grid.missing_reasons.clone(),
        sources: grid.sources.iter().map(|s| s.id.clone()).collect(),
        rule,
        category_rules: rules,
        grid_rule: Some(grid_rule),
    }
}

/// "grille 3 × 3 : X (terciles) × Y (seuils choisis)".
fn grid_text(grid: &Bivariate) -> String {
    format!(
        "grille {CLASSES} × {CLASSES} de {} ({}) et {} ({})",
        grid.x.label,
        grid.x.method.to_lowercase(),
        grid.y.label,
        grid.y.method.to_lowercase()
    )
}

/// The condition on one axis for a run of its classes `lo..=hi`, from the axis' bounds: None
/// when the run is the whole axis.
fn axis_condition(axis: &bivariate::Axis, lo: usize, hi: usize) -> Option<String> {
    let b = &axis.classification.breaks;
    let bound = |i: usize| {
        with_unit(
            &decimal_fr(b.get(i).copied().unwrap_or(f64::NAN), axis.decimals),
            &axis.unit,
        )
    };
    let last = CLASSES - 1;
    match (lo, hi) {
        (0, h) if h >= last => None,
        (0, h) => Some(format!("{} ≤ {}", axis.label, bound(h + 1))),
        (l, h) if h >= last => Some(format!("{} > {}", axis.label, bound(l))),
        (l, h) => Some(format!(
            "{} entre {} (exclu) et {}",
            axis.label,
            bound(l),
            bound(h + 1)
        )),
    }
}

/// Runs of consecutive classes in a set: (first, last).
fn runs(classes: &[bool; CLASSES]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, &on) in classes.iter().enumerate() {
        match (on, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i - 1));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, CLASSES - 1));
    }
    out
}

/// The rule of a set of cells, in words: rectangles of cells (runs of X classes sharing the
/// same Y classes, cut in runs of Y), each the conjunction of its two axes' conditions, joined
/// by "ou".
pub fn cells_rule(grid: &Bivariate, cells: &[[usize; 2]]) -> String {
    let mut ys_of_x = [[false; CLASSES]; CLASSES];
    for &[x, y] in cells {
        if let Some(slot) = ys_of_x.get_mut(x).and_then(|ys| ys.get_mut(y)) {
            *slot = true;
        }
    }
    // Runs of X whose Y sets are equal and not empty.
    let mut rects: Vec<((usize, usize), (usize, usize))> = Vec::new();
    let mut x = 0;
    while x < CLASSES {
        let ys = ys_of_x[x];
        if !ys.contains(&true) {
            x += 1;
            continue;
        }
        let mut end = x;
        while end + 1 < CLASSES && ys_of_x[end + 1] == ys {
            end += 1;
        }
        for y_run in runs(&ys) {
            rects.push(((x, end), y_run));
        }
        x = end + 1;
    }
    let parts: Vec<String> = rects
        .iter()
        .map(|&((x0, x1), (y0, y1))| {
            let conditions: Vec<String> = [
                axis_condition(&grid.x, x0, x1),
                axis_condition(&grid.y, y0, y1),
            ]
            .into_iter()
            .flatten()
            .collect();
            if conditions.is_empty() {
                "toutes les unités classées".to_owned()
            } else {
                conditions.join(" et ")
            }
        })
        .collect();
    match parts.as_slice() {
        [] => "aucune cellule".to_owned(),
        [one] => one.clone(),
        many => many
            .iter()
            .map(|p| format!("({p})"))
            .collect::<Vec<_>>()
            .join(" ou "),
    }
}

/// Reads the types as written on the command line: `nom=X-Y,X-Y;nom=X-Y` (classes from 1, low,
/// to 3, high; X the first indicator of the grid). The error says what is wrong, in French.
pub fn parse_types(text: &str) -> Result<Vec<ClassType>, String> {
    let read = |s: &str| {
        s.trim()
            .parse::<usize>()
            .ok()
            .filter(|c| (1..=CLASSES).contains(c))
    };
    let cell = |name: &str, cell: &str| match cell.split_once('-') {
        Some((x, y)) => match (read(x), read(y)) {
            (Some(x), Some(y)) => Ok([x - 1, y - 1]),
            _ => Err(format!(
                "type « {name} » : cellule « {cell} » invalide (classes 1 à {CLASSES} : X-Y, ex. \
                 3-1)"
            )),
        },
        None => Err(format!(
            "type « {name} » : cellule « {cell} » invalide (X-Y attendu, ex. 3-1)"
        )),
    };
    let named =
        super::named_types::parse_named(text, ("nom=X-Y,X-Y", "en expansion=3-3,3-2"), cell)?;
    Ok(named
        .into_iter()
        .map(|(name, cells)| ClassType { name, cells })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::indicators::bivariate::Cell;
    use crate::model::indicators::classify::Classification;

    fn axis(label: &str, unit: &str, breaks: [f64; 4]) -> bivariate::Axis {
        bivariate::Axis {
            indicator: IndicatorId::new(label),
            label: label.into(),
            unit: unit.into(),
            title: format!("{label} ({unit})"),
            method: "Terciles",
            classification: Classification {
                breaks: breaks.to_vec(),
                counts: vec![0; 3],
                missing: 0,
            },
            decimals: 1,
        }
    }

    fn grid(cells: Vec<Cell>) -> Bivariate {
        Bivariate {
            level: Level::Epci,
            x: axis("emploi", "% par an", [-3.0, 0.4, 2.1, 9.0]),
            y: axis("population", "%", [-2.0, -0.1, 0.3, 4.0]),
            cells,
            counts: [[0; 3]; 3],
            missing_reasons: vec![("emploi : secret".into(), 1)],
            sources: Vec::new(),
        }
    }

    fn types(text: &str) -> ClassTypes {
        ClassTypes {
            types: parse_types(text).expect("types"),
            ..ClassTypes::default()
        }
    }

    #[test]
    fn each_unit_gets_its_cell_s_type_and_the_rest_are_said() {
        let g = grid(vec![
            Cell::Class { x: 2, y: 2 },
            Cell::Class { x: 2, y: 1 },
            Cell::Class { x: 0, y: 0 },
            Cell::Class { x: 1, y: 1 },
            Cell::Missing("emploi : secret".into()),
        ]);
        let t = types("en expansion=3-3,3-2;fragile=1-1");
        t.check().expect("valid");
        let typ = of_grid(&g, &t);
        assert_eq!(typ.categories, ["en expansion", "fragile", OTHER_CELLS]);
        assert_eq!(typ.units, [Some(0), Some(0), Some(1), Some(2), None]);
        assert_eq!(typ.counts(), [2, 1, 1]);
        assert_eq!(typ.missing_reasons, [("emploi : secret".to_owned(), 1)]);
        assert_eq!(typ.label, "Types : emploi × population");
        let rule = |name: &str| {
            typ.category_rules
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, r)| r.clone())
                .unwrap()
        };
        assert_eq!(
            rule("en expansion"),
            "emploi > 2,1\u{a0}% par an et population > \u{2212}0,1\u{a0}%"
        );
        assert_eq!(
            rule("fragile"),
            "emploi ≤ 0,4\u{a0}% par an et population ≤ \u{2212}0,1\u{a0}%"
        );
        assert!(typ.rule.contains("grille 3 × 3 de emploi (terciles)"));
    }

    #[test]
    fn rules_of_shapes_that_are_not_one_rectangle() {
        let g = grid(Vec::new());
        // A whole column: only the X condition.
        assert_eq!(
            cells_rule(&g, &[[1, 0], [1, 1], [1, 2]]),
            "emploi entre 0,4\u{a0}% par an (exclu) et 2,1\u{a0}% par an"
        );
        // Two corners: two rectangles joined by "ou".
        assert_eq!(
            cells_rule(&g, &[[0, 0], [2, 2]]),
            "(emploi ≤ 0,4\u{a0}% par an et population ≤ \u{2212}0,1\u{a0}%) ou \
             (emploi > 2,1\u{a0}% par an et population > 0,3\u{a0}%)"
        );
        let all: Vec<[usize; 2]> = (0..3).flat_map(|x| (0..3).map(move |y| [x, y])).collect();
        assert_eq!(cells_rule(&g, &all), "toutes les unités classées");
        let t = ClassTypes {
            types: vec![ClassType {
                name: "tout".into(),
                cells: all,
            }],
            ..ClassTypes::default()
        };
        assert!(!t.leaves_cells());
        assert!(!of_grid(&g, &t).categories.contains(&OTHER_CELLS.to_owned()));
    }

    #[test]
    fn bad_types_are_refused_with_what_is_wrong() {
        let err = |text: &str| match parse_types(text) {
            Err(e) => e,
            Ok(t) => ClassTypes {
                types: t,
                ..ClassTypes::default()
            }
            .check()
            .unwrap_err(),
        };
        assert!(err("en expansion").contains("nom=X-Y"));
        assert!(err("a=4-1").contains("cellule « 4-1 » invalide"));
        assert!(err("a=3").contains("X-Y attendu"));
        assert!(err("a=1-1;b=1-1").contains("la cellule 1-1 est dans deux types"));
        assert!(err("a=1-1;a=2-2").contains("nommé deux fois"));
        assert!(err("=1-1").contains("n'a pas de nom"));
        assert!(err("a=").contains("aucune cellule"));
        assert!(err("").contains("aucun type"));
        assert!(err("autres situations=1-1").contains("réservé"));
    }
}
