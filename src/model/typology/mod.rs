//! Typologies: a categorical variable over the units of a maille (each unit in one category,
//! or "non renseigné" with the reason), as the qualitative maps of the "Portrait(s) des
//! Territoires d'industrie" read them.
//!
//! - [`builtin`]: the typologies computed from the bundle (Temps status, région, composition,
//!   métropole / outre-mer of the territories; legal nature and membership of the EPCI);
//! - [`imported`]: a text column of a user's table, read as categories;
//! - [`from_classes`]: types the user names from the cells of a bivariate grid, each with its
//!   rule written from the real class bounds;
//! - [`from_indicator_classes`]: the same from the classes of one indicator's choropleth;
//! - [`style`]: what the user does to the categories (recolour, reorder, rename, merge) and the
//!   styled result with its colours, at most [`style::MAX_CATEGORIES`] of them ("Autres").

pub mod builtin;
pub mod from_classes;
pub mod from_indicator_classes;
pub mod imported;
pub mod named_types;
pub mod style;

use serde::{Deserialize, Serialize};

use crate::model::Level;
use crate::palette::QualitativeScheme;

pub use style::{CategoryStyle, StyledCategory, StyledTypology};

/// The text a unit without a category shows.
pub const NOT_GIVEN: &str = "non renseigné";

/// A categorical variable over the units of one maille.
#[derive(Clone, Debug, PartialEq)]
pub struct Typology {
    /// Command-line and settings id (`statut_temps`, `import:…:colonne`).
    pub id: String,
    /// Its name in a menu and a legend's title.
    pub label: String,
    pub level: Level,
    /// The categories in their default order (the legend's).
    pub categories: Vec<String>,
    /// Per unit of the maille (its layer's feature order): its category (index in
    /// `categories`), or `None` (non renseigné).
    pub units: Vec<Option<usize>>,
    /// Why some units have no category, with how many (most frequent first).
    pub missing_reasons: Vec<(String, usize)>,
    /// Ids of the bundle's sources it is computed from (or an import's source id).
    pub sources: Vec<String>,
    /// How the categories are decided, in French (the legend's note).
    pub rule: String,
    /// Each category's own rule, when it has one (a typology made from classes): (category,
    /// rule), in category order.
    pub category_rules: Vec<(String, String)>,
    /// The classes a typology made from classes is read on ("grille 3 × 3 de …", "6 classes
    /// de …").
    pub grid_rule: Option<String>,
}

impl Typology {
    /// The number of units in each category, in category order.
    pub fn counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.categories.len()];
        for c in self.units.iter().flatten() {
            if let Some(n) = counts.get_mut(*c) {
                *n += 1;
            }
        }
        counts
    }

    /// Units without a category.
    pub fn missing(&self) -> usize {
        self.units.iter().filter(|u| u.is_none()).count()
    }

    /// The rule of a category, by name (a typology made from classes).
    pub fn rule_of(&self, category: &str) -> Option<&str> {
        self.category_rules
            .iter()
            .find(|(c, _)| c == category)
            .map(|(_, r)| r.as_str())
    }

    /// The category of a unit, by name.
    pub fn category_of(&self, unit: usize) -> Option<&str> {
        let c = (*self.units.get(unit)?)?;
        self.categories.get(c).map(String::as_str)
    }

    /// A typology from each unit's category name (`None`: non renseigné, with `reason`):
    /// categories in the order `order` gives, else by count (largest first) then name.
    pub fn from_names(
        head: TypologyHead,
        names: &[Option<String>],
        order: Option<&[&str]>,
        reason: &str,
    ) -> Self {
        let mut categories: Vec<String> = order
            .map(|o| o.iter().map(|s| (*s).to_owned()).collect())
            .unwrap_or_default();
        let mut extra: Vec<(String, usize)> = Vec::new();
        for name in names.iter().flatten() {
            if categories.contains(name) {
                continue;
            }
            match extra.iter_mut().find(|(n, _)| n == name) {
                Some(e) => e.1 += 1,
                None => extra.push((name.clone(), 1)),
            }
        }
        extra.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| crate::model::text::fold(&a.0).cmp(&crate::model::text::fold(&b.0)))
        });
        categories.extend(extra.into_iter().map(|(n, _)| n));
        let units: Vec<Option<usize>> = names
            .iter()
            .map(|n| {
                n.as_ref()
                    .and_then(|n| categories.iter().position(|c| c == n))
            })
            .collect();
        let missing = units.iter().filter(|u| u.is_none()).count();
        Typology {
            id: head.id,
            label: head.label,
            level: head.level,
            categories,
            units,
            missing_reasons: if missing > 0 {
                vec![(reason.to_owned(), missing)]
            } else {
                Vec::new()
            },
            sources: head.sources,
            rule: head.rule,
            category_rules: Vec::new(),
            grid_rule: None,
        }
    }
}

/// What names a typology, apart from its categories.
#[derive(Clone, Debug, PartialEq)]
pub struct TypologyHead {
    pub id: String,
    pub label: String,
    pub level: Level,
    pub sources: Vec<String>,
    pub rule: String,
}

/// A typology map asked for: which typology, its palette and the user's styling. Saved with the
/// map's settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TypologyChoice {
    /// The typology's id (`statut_temps`…).
    pub id: String,
    pub scheme: QualitativeScheme,
    pub style: CategoryStyle,
    /// A typology made from classes (id [`from_classes::ID`]): its grid and named types.
    pub classes: Option<from_classes::ClassTypes>,
    /// A typology made from one indicator's classes (id [`from_indicator_classes::ID`]): the
    /// indicator, its class bounds and named types.
    pub indicator_classes: Option<from_indicator_classes::IndicatorClassTypes>,
}

impl TypologyChoice {
    pub fn new(id: &str) -> Self {
        TypologyChoice {
            id: id.to_owned(),
            ..TypologyChoice::default()
        }
    }

    /// A typology made from the cells of a bivariate grid.
    pub fn from_classes(types: from_classes::ClassTypes) -> Self {
        TypologyChoice {
            id: from_classes::ID.to_owned(),
            classes: Some(types),
            ..TypologyChoice::default()
        }
    }

    /// A typology made from the classes of one indicator.
    pub fn from_indicator_classes(types: from_indicator_classes::IndicatorClassTypes) -> Self {
        TypologyChoice {
            id: from_indicator_classes::ID.to_owned(),
            indicator_classes: Some(types),
            ..TypologyChoice::default()
        }
    }

    /// Whether the types were named by the user from classes (a grid's cells or one
    /// indicator's classes), each with its rule.
    pub fn made_from_classes(&self) -> bool {
        self.classes.is_some() || self.indicator_classes.is_some()
    }

    /// The maille of the typology: its grid's or its indicator's for one made from classes,
    /// else from its id.
    pub fn level(&self) -> Option<Level> {
        match (&self.classes, &self.indicator_classes) {
            (Some(c), _) => Some(c.level),
            (None, Some(c)) => Some(c.level),
            (None, None) => level_of(&self.id),
        }
    }
}

/// The maille of a typology, from its id alone (built-in ids, and imported ones ending in
/// `@epci`, `@departements` or `@territoires`).
pub fn level_of(id: &str) -> Option<Level> {
    match id {
        "statut_temps" | "region" | "composition" | "metropole_outre_mer" => {
            Some(Level::Territoire)
        }
        "nature_juridique_epci" | "appartenance_epci" => Some(Level::Epci),
        _ => id
            .strip_prefix("import:")
            .and_then(|rest| rest.rsplit_once('@'))
            .and_then(|(_, level)| Level::from_id(level)),
    }
}

/// The typologies a map can show, as a menu lists them: (id, name, maille), the built-in ones
/// then the imported columns' (cheap: nothing is computed).
pub fn menu(imports: &crate::model::imports::Imports) -> Vec<(String, String, Level)> {
    let mut out: Vec<(String, String, Level)> = builtin::IDS
        .iter()
        .filter_map(|id| {
            Some((
                (*id).to_owned(),
                builtin::label_of(id)?.to_owned(),
                level_of(id)?,
            ))
        })
        .collect();
    out.extend(
        imports
            .tables
            .iter()
            .flat_map(|t| &t.categorical)
            .map(|t| (t.id.clone(), t.label.clone(), t.level)),
    );
    out
}

/// The typology with this id: a built-in one, or an imported column's.
pub fn find(
    dataset: &crate::model::Dataset,
    imports: &crate::model::imports::Imports,
    id: &str,
) -> Option<Typology> {
    builtin::compute(dataset, id).or_else(|| {
        imports
            .tables
            .iter()
            .flat_map(|t| &t.categorical)
            .find(|t| t.id == id)
            .cloned()
    })
}

/// Every typology offered: the built-in ones, then the imported columns'.
pub fn all(
    dataset: &crate::model::Dataset,
    imports: &crate::model::imports::Imports,
) -> Vec<Typology> {
    let mut out: Vec<Typology> = builtin::IDS
        .iter()
        .filter_map(|id| builtin::compute(dataset, id))
        .collect();
    out.extend(
        imports
            .tables
            .iter()
            .flat_map(|t| t.categorical.iter().cloned()),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head() -> TypologyHead {
        TypologyHead {
            id: "t".into(),
            label: "T".into(),
            level: Level::Territoire,
            sources: Vec::new(),
            rule: String::new(),
        }
    }

    #[test]
    fn categories_by_count_then_name_and_the_missing_said() {
        let names: Vec<Option<String>> = ["b", "a", "b", "", "c", "a", "b"]
            .iter()
            .map(|s| (!s.is_empty()).then(|| (*s).to_owned()))
            .collect();
        let t = Typology::from_names(head(), &names, None, "absent du fichier");
        assert_eq!(t.categories, ["b", "a", "c"]);
        assert_eq!(t.counts(), [3, 2, 1]);
        assert_eq!(t.missing(), 1);
        assert_eq!(t.missing_reasons, [("absent du fichier".to_owned(), 1)]);
        assert_eq!(t.category_of(4), Some("c"));
        assert_eq!(t.category_of(3), None);
        // A given order comes first, even for a category with no unit.
        let t = Typology::from_names(head(), &names, Some(&["z", "c"]), "");
        assert_eq!(t.categories, ["z", "c", "b", "a"]);
        assert_eq!(t.counts(), [0, 1, 3, 2]);
    }
}
