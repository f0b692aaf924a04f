//! What the user does to a typology's categories — merge, reorder, rename, recolour — and the
//! styled typology the map draws: at most [`MAX_CATEGORIES`] categories (beyond, the smallest go
//! to "Autres"), each with its colour from a qualitative palette unless the user chose one, and
//! the grey of "non renseigné" kept apart from them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Typology;
use crate::palette::QualitativeScheme;
use crate::palette::qualitative::missing_colour_among;

/// Most categories a map draws; beyond, the smallest are drawn together as [`OTHERS`].
pub const MAX_CATEGORIES: usize = 12;

/// The category the smallest ones go to beyond [`MAX_CATEGORIES`].
pub const OTHERS: &str = "Autres";

/// The user's changes to the categories, by the typology's own category names (so that they
/// survive a recomputation). Applied in this order: merge, reorder, "Autres", rename, recolour.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CategoryStyle {
    /// Category → the group it is merged into (a new name, or another category's).
    pub merged: BTreeMap<String, String>,
    /// Categories (or groups) in the order the user put them; the others follow in the
    /// typology's order.
    pub order: Vec<String>,
    /// Category (or group) → the name the legend shows.
    pub renamed: BTreeMap<String, String>,
    /// Category (or group) → the colour the user chose.
    pub colours: BTreeMap<String, [u8; 3]>,
}

impl CategoryStyle {
    /// Merges `categories` into one named `into`.
    pub fn merge(&mut self, categories: &[&str], into: &str) {
        for c in categories {
            self.merged.insert((*c).to_owned(), into.to_owned());
        }
    }

    /// Moves a category (or group) to position `to` of the drawn order (`current`: the styled
    /// typology's keys as drawn now).
    pub fn move_to(&mut self, current: &[String], key: &str, to: usize) {
        let mut order: Vec<String> = current.iter().filter(|k| *k != key).cloned().collect();
        order.insert(to.min(order.len()), key.to_owned());
        self.order = order;
    }

    pub fn rename(&mut self, key: &str, name: &str) {
        self.renamed.insert(key.to_owned(), name.to_owned());
    }

    pub fn recolour(&mut self, key: &str, colour: [u8; 3]) {
        self.colours.insert(key.to_owned(), colour);
    }
}

/// One category as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct StyledCategory {
    /// What the style refers to it by (the category's or group's own name, or "Autres").
    pub key: String,
    /// The name shown (renamed or not).
    pub label: String,
    pub colour: [u8; 3],
    /// Units in it.
    pub count: usize,
    /// The typology's categories it holds (one, unless merged or "Autres").
    pub members: Vec<String>,
}

/// A typology with the user's style and a palette: what the map and the legend show.
#[derive(Clone, Debug, PartialEq)]
pub struct StyledTypology {
    pub categories: Vec<StyledCategory>,
    /// Per unit: its drawn category (index in `categories`), or None (non renseigné).
    pub units: Vec<Option<usize>>,
    pub missing_colour: [u8; 3],
    /// What the map does beyond what was asked ("Autres", a palette too short), in French.
    pub notes: Vec<String>,
}

impl StyledTypology {
    /// The drawn category of a unit.
    pub fn category_of(&self, unit: usize) -> Option<&StyledCategory> {
        self.categories.get((*self.units.get(unit)?)?)
    }

    /// The fill of a unit.
    pub fn colour_of(&self, unit: usize) -> [u8; 3] {
        self.category_of(unit)
            .map_or(self.missing_colour, |c| c.colour)
    }
}

/// Styles `typology`: merges, orders, groups the smallest into "Autres" beyond
/// [`MAX_CATEGORIES`], renames and colours (the palette's colours in the drawn order; a palette
/// shorter than the categories gives way to Paired, said in the notes).
pub fn style(
    typology: &Typology,
    style: &CategoryStyle,
    scheme: QualitativeScheme,
) -> StyledTypology {
    let counts = typology.counts();
    // 1. Merge: each category's group, groups in the typology's order.
    let key_of = |c: &str| style.merged.get(c).cloned().unwrap_or_else(|| c.to_owned());
    let mut groups: Vec<(String, usize, Vec<String>)> = Vec::new();
    for (c, n) in typology.categories.iter().zip(&counts) {
        let key = key_of(c);
        match groups.iter_mut().find(|g| g.0 == key) {
            Some(g) => {
                g.1 += n;
                g.2.push(c.clone());
            }
            None => groups.push((key, *n, vec![c.clone()])),
        }
    }
    // 2. Reorder: the user's order first.
    let rank = |k: &str| {
        style
            .order
            .iter()
            .position(|o| o == k)
            .unwrap_or(usize::MAX)
    };
    groups.sort_by_key(|g| rank(&g.0));
    // 3. Beyond the maximum: the smallest go to "Autres" (ties: the later ones).
    let mut notes = Vec::new();
    if groups.len() > MAX_CATEGORIES {
        let mut by_size: Vec<usize> = (0..groups.len()).collect();
        by_size.sort_by(|&a, &b| {
            let (na, nb) = (
                groups.get(a).map_or(0, |g| g.1),
                groups.get(b).map_or(0, |g| g.1),
            );
            nb.cmp(&na).then(a.cmp(&b))
        });
        let kept: Vec<usize> = by_size.into_iter().take(MAX_CATEGORIES - 1).collect();
        let mut others = (OTHERS.to_owned(), 0, Vec::new());
        let mut next = Vec::new();
        let total = groups.len();
        for (i, g) in groups.into_iter().enumerate() {
            if kept.contains(&i) {
                next.push(g);
            } else {
                others.1 += g.1;
                others.2.extend(g.2);
            }
        }
        notes.push(format!(
            "{} catégories sur {total} regroupées dans « {OTHERS} » : {} (les plus petites ; \
             {MAX_CATEGORIES} catégories au plus sur une carte)",
            total - (MAX_CATEGORIES - 1),
            names_listed(&others.2)
        ));
        next.push(others);
        groups = next;
    }
    // 4. Colours: the palette's in the drawn order, unless the user chose one.
    let palette = if scheme.len() >= groups.len() {
        scheme
    } else {
        notes.push(format!(
            "la palette {} n'a que {} couleurs pour {} catégories : palette Paired",
            scheme.name(),
            scheme.len(),
            groups.len()
        ));
        QualitativeScheme::Paired
    };
    let unsafe_note = groups.len() > palette.distinct_up_to();
    let categories: Vec<StyledCategory> = groups
        .into_iter()
        .enumerate()
        .map(|(i, (key, count, members))| StyledCategory {
            label: style
                .renamed
                .get(&key)
                .cloned()
                .unwrap_or_else(|| key.clone()),
            colour: style
                .colours
                .get(&key)
                .copied()
                .or_else(|| palette.colour(i))
                .unwrap_or([0x80, 0x80, 0x80]),
            key,
            count,
            members,
        })
        .collect();
    if unsafe_note {
        notes.push(format!(
            "au-delà de {} catégories, la palette {} a des couleurs que des lecteurs daltoniens \
             peuvent confondre",
            palette.distinct_up_to(),
            palette.name()
        ));
    }
    let drawn_of = |c: &str| {
        categories
            .iter()
            .position(|s| s.members.iter().any(|m| m == c))
    };
    let by_category: Vec<Option<usize>> = typology.categories.iter().map(|c| drawn_of(c)).collect();
    let units = typology
        .units
        .iter()
        .map(|u| u.and_then(|c| by_category.get(c).copied().flatten()))
        .collect();
    let colours: Vec<[u8; 3]> = categories.iter().map(|c| c.colour).collect();
    StyledTypology {
        missing_colour: missing_colour_among(&colours),
        categories,
        units,
        notes,
    }
}

/// At most [`LISTED`] names, then how many more: "a, b, c et 4 autres".
fn names_listed(names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(LISTED).map(String::as_str).collect();
    match names.len().saturating_sub(LISTED) {
        0 => shown.join(", "),
        more => format!("{} et {more} autres", shown.join(", ")),
    }
}

/// Names an "Autres" note lists before counting the rest.
const LISTED: usize = 6;

#[cfg(test)]
mod tests {
    use super::super::{Typology, TypologyHead};
    use super::*;
    use crate::model::Level;

    fn typology(names: &[&str]) -> Typology {
        let names: Vec<Option<String>> = names
            .iter()
            .map(|s| (!s.is_empty()).then(|| (*s).to_owned()))
            .collect();
        Typology::from_names(
            TypologyHead {
                id: "t".into(),
                label: "T".into(),
                level: Level::Territoire,
                sources: Vec::new(),
                rule: String::new(),
            },
            &names,
            None,
            "absent",
        )
    }

    #[test]
    fn plain_style_takes_the_palette_in_order() {
        let t = typology(&["a", "b", "a", ""]);
        let s = style(&t, &CategoryStyle::default(), QualitativeScheme::Dark2);
        assert_eq!(s.categories.len(), 2);
        assert_eq!(
            s.categories[0].colour,
            QualitativeScheme::Dark2.colour(0).unwrap()
        );
        assert_eq!(
            s.categories[1].colour,
            QualitativeScheme::Dark2.colour(1).unwrap()
        );
        assert_eq!(s.colour_of(2), s.categories[0].colour);
        assert_eq!(s.colour_of(3), s.missing_colour);
        assert!(s.notes.is_empty());
    }

    #[test]
    fn merge_reorder_rename_recolour() {
        let t = typology(&["a", "b", "c", "c", "b", "c"]);
        let mut st = CategoryStyle::default();
        st.merge(&["a", "b"], "a ou b");
        let s = style(&t, &st, QualitativeScheme::Set2);
        let keys: Vec<String> = s.categories.iter().map(|c| c.key.clone()).collect();
        assert_eq!(keys, ["c", "a ou b"]);
        assert_eq!(s.categories[1].count, 3);
        assert_eq!(s.categories[1].members, ["b", "a"]);
        st.move_to(&keys, "a ou b", 0);
        st.rename("c", "la troisième");
        st.recolour("c", [1, 2, 3]);
        let s = style(&t, &st, QualitativeScheme::Set2);
        assert_eq!(s.categories[0].key, "a ou b");
        assert_eq!(s.categories[1].label, "la troisième");
        assert_eq!(s.categories[1].colour, [1, 2, 3]);
        // Unit 0 ("a") is drawn in the merged group, now first.
        assert_eq!(s.units[0], Some(0));
        assert_eq!(s.units[2], Some(1));
    }

    #[test]
    fn beyond_twelve_the_smallest_go_to_autres() {
        // 14 categories: "k00" has 14 units … "k13" has 1.
        let mut names = Vec::new();
        for i in 0..14 {
            for _ in 0..(14 - i) {
                names.push(format!("k{i:02}"));
            }
        }
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let t = typology(&refs);
        let s = style(&t, &CategoryStyle::default(), QualitativeScheme::Set3);
        assert_eq!(s.categories.len(), MAX_CATEGORIES);
        let last = s.categories.last().unwrap();
        assert_eq!(last.key, OTHERS);
        assert_eq!(last.members, ["k11", "k12", "k13"]);
        assert_eq!(last.count, 3 + 2 + 1);
        assert!(
            s.notes
                .iter()
                .any(|n| n.contains("« Autres » : k11, k12, k13 (")),
            "{:?}",
            s.notes
        );
        let many: Vec<String> = (0..9).map(|i| format!("c{i}")).collect();
        assert_eq!(names_listed(&many), "c0, c1, c2, c3, c4, c5 et 3 autres");
        // Every unit still has a category; counts add up.
        assert!(s.units.iter().all(Option::is_some));
        let total: usize = s.categories.iter().map(|c| c.count).sum();
        assert_eq!(total, names.len());
    }

    #[test]
    fn a_short_palette_gives_way_and_says_so() {
        let refs: Vec<String> = (0..10).map(|i| format!("c{i}")).collect();
        let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
        let s = style(
            &typology(&refs),
            &CategoryStyle::default(),
            QualitativeScheme::Set2,
        );
        assert_eq!(
            s.categories[0].colour,
            QualitativeScheme::Paired.colour(0).unwrap()
        );
        assert!(s.notes.iter().any(|n| n.contains("Paired")));
    }
}
