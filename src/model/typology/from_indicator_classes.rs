//! A typology made from the classes of one indicator: the user names types, each a set of the
//! classes a choropleth shows (1 the lowest to n the highest), as the "Portrait(s) des
//! Territoires d'industrie" reads territories "en expansion" or "fragiles" on one growth rate.
//! The class bounds are kept as they were when the types were named (the map's legend), so the
//! types and their rules stay the same wherever the definition is opened again (views,
//! projects). Each unit's type is the type of its class; a unit in a class no type holds is in
//! [`super::from_classes::OTHER_CELLS`]; a unit without a value is "non renseigné", with the
//! reason. Every type's rule is written from the real bounds ("de 1,2 (exclu) à 3,4 % par
//! an"), for the legend, the sheet and the table.

use serde::{Deserialize, Serialize};

use super::Typology;
use super::from_classes::OTHER_CELLS;
use crate::format::{decimal_fr, with_unit};
use crate::model::indicators::IndicatorTable;
use crate::model::indicators::choropleth::unambiguous_decimals;
use crate::model::indicators::classify::Classification;
use crate::model::{IndicatorId, Level};

/// The settings id of a typology made from one indicator's classes.
pub const ID: &str = "types_de_classes_indicateur";

/// Why a unit whose value lies outside the kept bounds has no type.
pub const OUT_OF_BOUNDS: &str = "valeur hors des bornes des classes";

/// One named type: the classes it holds, from 0 (the lowest).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NamedClasses {
    pub name: String,
    pub classes: Vec<usize>,
}

/// The definition of a typology made from the classes of one indicator: the indicator at a
/// maille, the bounds of its classes (the first and last included: the legend's), the method
/// that made them (said in the rule) and the named types. Saved with the map's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IndicatorClassTypes {
    /// The legend's title (empty: "Types : indicator").
    pub title: String,
    pub level: Level,
    pub indicator: IndicatorId,
    /// Every bound, lowest first: n classes have n + 1 bounds.
    pub bounds: Vec<f64>,
    /// The classification's method as the legend named it ("Seuils naturels (Jenks)").
    pub method: String,
    pub types: Vec<NamedClasses>,
}

impl Default for IndicatorClassTypes {
    fn default() -> Self {
        IndicatorClassTypes {
            title: String::new(),
            level: Level::Epci,
            indicator: IndicatorId::default(),
            bounds: Vec::new(),
            method: String::new(),
            types: Vec::new(),
        }
    }
}

/// Classes as the user writes them: numbers from 1, "5, 6".
pub fn classes_text(classes: &[usize]) -> String {
    classes
        .iter()
        .map(|c| (c + 1).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl IndicatorClassTypes {
    /// The number of classes.
    pub fn class_count(&self) -> usize {
        self.bounds.len().saturating_sub(1)
    }

    /// Whether the types are usable: classes to read (at least two, increasing bounds), at
    /// least one type, each named once, each with classes that exist, no class in two types.
    /// The error says which type or class, in French.
    pub fn check(&self) -> Result<(), String> {
        let n = self.class_count();
        if n < 2 || !self.bounds.windows(2).all(|w| w[0] <= w[1]) {
            return Err(
                "les classes de la carte ne sont pas lisibles (bornes croissantes, \
                        deux classes au moins)"
                    .into(),
            );
        }
        if self.types.is_empty() {
            return Err("aucun type : nommer au moins un type et ses classes".into());
        }
        let mut owner: Vec<Option<&str>> = vec![None; n];
        for (i, t) in self.types.iter().enumerate() {
            let name = t.name.trim();
            let before = self.types[..i].iter().map(|o| o.name.as_str());
            super::named_types::check_name(i + 1, name, before)?;
            if t.classes.is_empty() {
                return Err(format!("le type « {name} » n'a aucune classe"));
            }
            for &c in &t.classes {
                let Some(slot) = owner.get_mut(c) else {
                    return Err(format!(
                        "type « {name} » : la classe {} n'existe pas (la carte a {n} classes : \
                         1 à {n})",
                        c + 1
                    ));
                };
                match slot {
                    Some(other) if *other == name => {}
                    Some(other) => {
                        return Err(format!(
                            "la classe {} est dans deux types : « {other} » et « {name} »",
                            c + 1
                        ));
                    }
                    None => *slot = Some(name),
                }
            }
        }
        Ok(())
    }

    /// The type holding a class (index in `types`).
    pub fn type_of(&self, class: usize) -> Option<usize> {
        self.types.iter().position(|t| t.classes.contains(&class))
    }

    /// Whether some class is in no type (then [`OTHER_CELLS`] is a category).
    pub fn leaves_classes(&self) -> bool {
        (0..self.class_count()).any(|c| self.type_of(c).is_none())
    }
}

/// The typology of `types` over `table` (the indicator table of its maille): each unit's type,
/// each type's rule from the kept bounds. An error (in French) when the types are not usable
/// or the indicator has no values at the maille.
pub fn typology(table: &IndicatorTable, types: &IndicatorClassTypes) -> Result<Typology, String> {
    types.check()?;
    if table.level != types.level {
        return Err(format!(
            "les types sont faits à la maille {}, la table est à la maille {}",
            types.level.id(),
            table.level.id()
        ));
    }
    let (i, ind) = table.usable(&types.indicator)?;
    let values = table.numbers(i);
    let classification = Classification {
        breaks: types.bounds.clone(),
        counts: Vec::new(),
        missing: 0,
    };
    let decimals = unambiguous_decimals(&types.bounds, &values);
    let others = types.leaves_classes();
    let mut categories: Vec<String> = types
        .types
        .iter()
        .map(|t| t.name.trim().to_owned())
        .collect();
    if others {
        categories.push(OTHER_CELLS.to_owned());
    }
    let mut out_of_bounds = 0;
    let units: Vec<Option<usize>> = values
        .iter()
        .map(|&v| {
            if !v.is_finite() {
                return None;
            }
            let Some(c) = classification.class_of(v) else {
                out_of_bounds += 1;
                return None;
            };
            Some(types.type_of(c).unwrap_or(types.types.len()))
        })
        .collect();
    let mut missing_reasons = table.missing_reasons(i);
    if out_of_bounds > 0 {
        missing_reasons.push((OUT_OF_BOUNDS.to_owned(), out_of_bounds));
        missing_reasons.sort_by_key(|r| std::cmp::Reverse(r.1));
    }
    let rule_of = |classes: &[usize]| classes_rule(&types.bounds, classes, decimals, &ind.unit);
    let mut rules: Vec<(String, String)> = types
        .types
        .iter()
        .map(|t| (t.name.trim().to_owned(), rule_of(&t.classes)))
        .collect();
    if others {
        let rest: Vec<usize> = (0..types.class_count())
            .filter(|&c| types.type_of(c).is_none())
            .collect();
        rules.push((OTHER_CELLS.to_owned(), rule_of(&rest)));
    }
    let title = if types.title.trim().is_empty() {
        format!("Types : {}", ind.label)
    } else {
        types.title.trim().to_owned()
    };
    let classes_rule = format!(
        "{} classes {}, {}",
        types.class_count(),
        of_fr(&ind.label),
        types.method.to_lowercase()
    );
    let rule = std::iter::once(classes_rule.clone())
        .chain(rules.iter().map(|(n, r)| format!("{n} : {r}")))
        .collect::<Vec<_>>()
        .join(" ; ");
    Ok(Typology {
        id: ID.to_owned(),
        label: title,
        level: types.level,
        categories,
        units,
        missing_reasons,
        sources: ind.sources.clone(),
        rule,
        category_rules: rules,
        grid_rule: Some(classes_rule),
    })
}

/// "de X", elided before a vowel: "d'Évolution annuelle …".
fn of_fr(label: &str) -> String {
    let vowel = label
        .chars()
        .next()
        .is_some_and(|c| "aeiouyàâéèêëîïôûAEIOUYÀÂÉÈÊËÎÏÔÛ".contains(c));
    if vowel {
        format!("d'{label}")
    } else {
        format!("de {label}")
    }
}

/// The rule of a set of classes in words, from the bounds: each run of consecutive classes
/// "de a à b unit" (the lower bound excluded but for the first class, as the legend's
/// "]a ; b]"), runs joined by "ou".
pub fn classes_rule(bounds: &[f64], classes: &[usize], decimals: usize, unit: &str) -> String {
    let n = bounds.len().saturating_sub(1);
    let mut on = vec![false; n];
    for &c in classes {
        if let Some(slot) = on.get_mut(c) {
            *slot = true;
        }
    }
    let bound = |i: usize| decimal_fr(bounds.get(i).copied().unwrap_or(f64::NAN), decimals);
    let mut parts = Vec::new();
    let mut c = 0;
    while c < n {
        if !on[c] {
            c += 1;
            continue;
        }
        let mut end = c;
        while end + 1 < n && on[end + 1] {
            end += 1;
        }
        let low = if c == 0 {
            bound(c)
        } else {
            format!("{} (exclu)", bound(c))
        };
        parts.push(format!("de {low} à {}", with_unit(&bound(end + 1), unit)));
        c = end + 1;
    }
    if parts.is_empty() {
        "aucune classe".to_owned()
    } else {
        parts.join(" ou ")
    }
}

/// Reads the types as written on the command line: `nom=5,6;nom=1` (classes from 1, the
/// lowest). The error says what is wrong, in French; whether the classes exist is checked
/// against the map's classes ([`IndicatorClassTypes::check`]).
pub fn parse_types(text: &str) -> Result<Vec<NamedClasses>, String> {
    let class = |name: &str, class: &str| match class.parse::<usize>() {
        Ok(k) if k >= 1 => Ok(k - 1),
        _ => Err(format!(
            "type « {name} » : classe « {class} » invalide (un numéro de classe, 1 la plus \
             basse, ex. 5)"
        )),
    };
    let named = super::named_types::parse_named(text, ("nom=N,N", "en expansion=5,6"), class)?;
    Ok(named
        .into_iter()
        .map(|(name, classes)| NamedClasses { name, classes })
        .collect())
}

/// Whether a typology spec names cells of a grid ("X-Y") rather than classes of one indicator.
pub fn names_cells(text: &str) -> bool {
    text.split(';')
        .filter_map(|p| p.split_once('=').map(|(_, c)| c))
        .any(|c| c.contains('-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(text: &str, bounds: &[f64]) -> IndicatorClassTypes {
        IndicatorClassTypes {
            bounds: bounds.to_vec(),
            method: "Seuils naturels (Jenks)".into(),
            types: parse_types(text).expect("types"),
            ..IndicatorClassTypes::default()
        }
    }

    #[test]
    fn rules_are_written_from_the_bounds() {
        let b = [-3.0, -0.4, 0.2, 1.2, 3.4];
        assert_eq!(
            classes_rule(&b, &[3], 1, "% par an"),
            "de 1,2 (exclu) à 3,4\u{a0}% par an"
        );
        assert_eq!(
            classes_rule(&b, &[0], 1, "% par an"),
            "de \u{2212}3,0 à \u{2212}0,4\u{a0}% par an"
        );
        assert_eq!(
            classes_rule(&b, &[0, 2, 3], 1, "%"),
            "de \u{2212}3,0 à \u{2212}0,4\u{a0}% ou de 0,2 (exclu) à 3,4\u{a0}%"
        );
    }

    #[test]
    fn bad_types_are_refused_with_what_is_wrong() {
        let bounds = [0.0, 1.0, 2.0, 3.0];
        let err = |text: &str| match parse_types(text) {
            Err(e) => e,
            Ok(_) => types(text, &bounds).check().unwrap_err(),
        };
        assert!(err("en expansion").contains("nom=N,N"));
        assert!(err("a=x").contains("classe « x » invalide"));
        assert!(err("a=0").contains("classe « 0 » invalide"));
        assert!(
            err("a=4").contains("la classe 4 n'existe pas (la carte a 3 classes"),
            "{}",
            err("a=4")
        );
        assert!(err("a=1;b=1,2").contains("la classe 1 est dans deux types : « a » et « b »"));
        assert!(err("a=1;a=2").contains("nommé deux fois"));
        assert!(err("=1").contains("n'a pas de nom"));
        assert!(err("a=").contains("aucune classe"));
        assert!(err("").contains("aucun type"));
        assert!(err("non renseigné=1").contains("réservé"));
        assert!(
            types("a=1", &[1.0])
                .check()
                .unwrap_err()
                .contains("lisibles")
        );
        types("en expansion=3;fragile=1", &bounds)
            .check()
            .expect("valid");
    }

    #[test]
    fn the_indicator_is_named_with_elision() {
        assert_eq!(of_fr("Évolution de l'emploi"), "d'Évolution de l'emploi");
        assert_eq!(of_fr("Part des emplois"), "de Part des emplois");
    }

    #[test]
    fn cells_and_classes_are_told_apart() {
        assert!(names_cells("en expansion=3-3,2-3;fragile=1-1"));
        assert!(!names_cells("en expansion=5,6;fragile=1"));
    }
}
