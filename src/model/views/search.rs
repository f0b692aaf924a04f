//! Finding a territory, EPCI, commune, département or région by name (accents, case and
//! punctuation ignored; whole name, prefix, word prefixes in any order, substring) or by code
//! (INSEE commune code, SIREN, `ti-RRNN`, département and région codes). Built once off the UI
//! thread; a query scans precomputed folded names.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::geography::dataset::Dataset;
use crate::model::geography::ids::UnitRef;
use crate::model::geography::layer::LayerKind;
use crate::model::geography::tables::Generation;
use crate::model::text::search_form;

/// What a hit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum HitKind {
    Territory2023,
    Epci,
    Commune,
    Departement,
    Region,
    Territory2018,
}

impl HitKind {
    pub fn label_fr(self) -> &'static str {
        match self {
            HitKind::Territory2023 => "Territoire d'industrie 2023-2027",
            HitKind::Territory2018 => "Territoire d'industrie 2018-2022",
            HitKind::Epci => "EPCI",
            HitKind::Commune => "Commune",
            HitKind::Departement => "Département",
            HitKind::Region => "Région",
        }
    }
}

/// One result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchHit {
    pub kind: HitKind,
    pub code: String,
    pub name: String,
    /// A French line placing the hit ("Ille-et-Vilaine — TI Fougères – Vitré").
    pub context: String,
    /// The map feature to select and zoom to: the unit itself, or for a commune the 2023-2027
    /// territory containing it (else its EPCI).
    pub target: Option<UnitRef>,
    /// Lower is better: 0 exact, 1 whole word, 2 prefix or word prefixes, 3 substring.
    pub score: u8,
}

struct Entry {
    kind: HitKind,
    code: String,
    /// Code in search form ("ti 5305", "35360", "2a004").
    code_form: String,
    name: String,
    name_form: String,
    context: String,
    target: Option<UnitRef>,
    population: u64,
}

/// Characters of a query that count: the longest name in the bundle (an EPCI's) has fewer than
/// 100; what follows is ignored.
pub const MAX_QUERY_CHARS: usize = 150;

/// The search index over the whole bundle.
pub struct SearchIndex {
    entries: Vec<Entry>,
}

impl SearchIndex {
    pub fn build(dataset: &Dataset) -> Self {
        let t = &dataset.tables;
        let mut entries = Vec::with_capacity(t.communes.len() + t.epci.len() + 500);
        let region_name = |code: &str| dataset.region_name(code).unwrap_or("").to_owned();
        let dep_name = |code: &str| dataset.departement_name(code).unwrap_or("").to_owned();

        let mut commune_territory: HashMap<&str, (&str, &str)> = HashMap::new();
        for (generation, kind, layer) in [
            (
                Generation::Temps2,
                HitKind::Territory2023,
                LayerKind::Ti2023,
            ),
            (
                Generation::Temps1,
                HitKind::Territory2018,
                LayerKind::Ti2018,
            ),
        ] {
            for territory in dataset.territories(generation) {
                if generation == Generation::Temps2 {
                    for c in &territory.communes {
                        commune_territory
                            .insert(c.as_str(), (territory.id.as_str(), territory.name.as_str()));
                    }
                }
                entries.push(Entry {
                    kind,
                    code: territory.id.to_string(),
                    code_form: search_form(territory.id.as_str()),
                    name: territory.name.clone(),
                    name_form: search_form(&territory.name),
                    context: format!("{} — {}", kind.label_fr(), region_name(&territory.region)),
                    target: Some(UnitRef::new(layer, territory.id.as_str())),
                    population: territory.population,
                });
            }
        }
        let sirens: std::collections::HashSet<&str> =
            t.epci.iter().map(|e| e.siren.as_str()).collect();
        for e in &t.epci {
            entries.push(Entry {
                kind: HitKind::Epci,
                code: e.siren.clone(),
                code_form: e.siren.clone(),
                name: e.name.clone(),
                name_form: search_form(&e.name),
                context: if e.is_ept() {
                    format!("EPT du Grand Paris — {} communes", e.n_communes)
                } else {
                    format!("EPCI ({}) — {} communes", e.kind, e.n_communes)
                },
                target: Some(UnitRef::new(LayerKind::Epci, &e.siren)),
                population: e.population,
            });
        }
        for c in &t.communes {
            let territory = commune_territory.get(c.code.as_str());
            let mut context = format!("Commune — {} ({})", dep_name(&c.departement), c.departement);
            match territory {
                Some((_, name)) => context.push_str(&format!(" — TI {name}")),
                None => context.push_str(" — hors territoire d'industrie"),
            }
            let target = territory
                .map(|(id, _)| UnitRef::new(LayerKind::Ti2023, id))
                .or_else(|| {
                    // The innermost unit of the EPCI layer: an EPT before the Métropole du
                    // Grand Paris.
                    c.ept
                        .as_deref()
                        .or(c.epci.as_deref())
                        .filter(|s| sirens.contains(s))
                        .map(|s| UnitRef::new(LayerKind::Epci, s))
                });
            entries.push(Entry {
                kind: HitKind::Commune,
                code: c.code.clone(),
                code_form: c.code.to_lowercase(),
                name: c.name.clone(),
                name_form: search_form(&c.name),
                context,
                target,
                population: c.population,
            });
        }
        for d in &t.departements {
            entries.push(Entry {
                kind: HitKind::Departement,
                code: d.code.clone(),
                code_form: d.code.to_lowercase(),
                name: d.name.clone(),
                name_form: search_form(&d.name),
                context: format!("Département — {}", region_name(&d.region)),
                target: Some(UnitRef::new(LayerKind::Departements, &d.code)),
                population: 0,
            });
        }
        for r in &t.regions {
            entries.push(Entry {
                kind: HitKind::Region,
                code: r.code.clone(),
                code_form: r.code.to_lowercase(),
                name: r.name.clone(),
                name_form: search_form(&r.name),
                context: "Région".into(),
                target: Some(UnitRef::new(LayerKind::Regions, &r.code)),
                population: 0,
            });
        }
        SearchIndex { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The best `limit` hits for a query; none for an empty query. Only the first
    /// [`MAX_QUERY_CHARS`] characters count (longer than any name or code), so a pasted page of
    /// text costs no more than a name.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        let query = match query.char_indices().nth(MAX_QUERY_CHARS) {
            Some((end, _)) => &query[..end],
            None => query,
        };
        let typed = search_form(query);
        if typed.is_empty() || limit == 0 {
            return Vec::new();
        }
        // "st" and "ste" as people abbreviate Saint and Sainte.
        let q = typed
            .split(' ')
            .map(|w| match w {
                "st" => "saint",
                "ste" => "sainte",
                w => w,
            })
            .collect::<Vec<_>>()
            .join(" ");
        // Each word once: "a a a a" asks no more than "a".
        let mut words: Vec<&str> = Vec::new();
        for w in q.split(' ') {
            if !words.contains(&w) {
                words.push(w);
            }
        }
        let looks_like_code = q.chars().any(|c| c.is_ascii_digit());
        let mut scored: Vec<(u8, &Entry)> = self
            .entries
            .iter()
            .filter_map(|e| {
                let by_code = looks_like_code
                    .then(|| {
                        if e.code_form == q {
                            Some(0)
                        } else if e.code_form.starts_with(&q) {
                            Some(1)
                        } else {
                            None
                        }
                    })
                    .flatten();
                by_code
                    .or_else(|| name_score(&e.name_form, &q, &words))
                    .map(|s| (s, e))
            })
            .collect();
        // When the query is the very name of a larger unit (a département, a territory…), a
        // commune of that name elsewhere comes after the larger units that bear it: "Creuse"
        // gives the département and the territory before the commune of the Somme.
        let names_larger_unit = scored
            .iter()
            .any(|(s, e)| *s == 0 && e.kind != HitKind::Commune);
        // Such a commune goes with the whole-word matches, after the territories and just
        // before the EPCI that bear the name as one of their words.
        let key = |score: u8, e: &Entry| -> (u8, u8) {
            if names_larger_unit && score == 0 && e.kind == HitKind::Commune {
                (1, level_rank(HitKind::Epci))
            } else {
                (score, level_rank(e.kind))
            }
        };
        scored.sort_by(|(sa, a), (sb, b)| {
            key(*sa, a)
                .cmp(&key(*sb, b))
                .then(sa.cmp(sb))
                .then(b.population.cmp(&a.population))
                .then(a.name.cmp(&b.name))
        });
        scored
            .into_iter()
            .take(limit)
            .map(|(score, e)| SearchHit {
                kind: e.kind,
                code: e.code.clone(),
                name: e.name.clone(),
                context: e.context.clone(),
                target: e.target.clone(),
                score,
            })
            .collect()
    }
}

/// Among hits that match as well, larger units first: région, département, territory, EPCI,
/// commune (the 2018-2022 territories, kept for comparison, last).
fn level_rank(kind: HitKind) -> u8 {
    match kind {
        HitKind::Region => 0,
        HitKind::Departement => 1,
        HitKind::Territory2023 => 2,
        HitKind::Epci => 3,
        HitKind::Commune => 4,
        HitKind::Territory2018 => 5,
    }
}

/// 0: same name; 1: the query is a whole word (or words) of the name; 2: the name starts with
/// the query, or every query word starts a word of the name (any order); 3: the query appears
/// inside the name.
fn name_score(name: &str, q: &str, words: &[&str]) -> Option<u8> {
    if name == q {
        return Some(0);
    }
    let whole = name.match_indices(q).any(|(i, _)| {
        let before = i == 0 || name.as_bytes().get(i - 1) == Some(&b' ');
        let end = i + q.len();
        let after = end == name.len() || name.as_bytes().get(end) == Some(&b' ');
        before && after
    });
    if whole {
        return Some(1);
    }
    if name.starts_with(q) {
        return Some(2);
    }
    if words
        .iter()
        .all(|w| name.split(' ').any(|n| n.starts_with(w)))
    {
        return Some(2);
    }
    name.contains(q).then_some(3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_scores_rank_exact_prefix_words_substring() {
        let w = |q: &'static str| -> Vec<&'static str> { q.split(' ').collect() };
        assert_eq!(name_score("vitre", "vitre", &w("vitre")), Some(0));
        assert_eq!(
            name_score("vitre communaute", "vitre", &w("vitre")),
            Some(1)
        );
        assert_eq!(name_score("fougeres vitre", "vitre", &w("vitre")), Some(1));
        assert_eq!(
            name_score("vitrey sur mance", "vitre", &w("vitre")),
            Some(2)
        );
        assert_eq!(
            name_score(
                "saint etienne du rouvray",
                "etienne saint",
                &w("etienne saint")
            ),
            Some(2)
        );
        assert_eq!(name_score("montvitre", "vitre", &w("vitre")), Some(3));
        assert_eq!(name_score("rennes", "vitre", &w("vitre")), None);
    }
}
