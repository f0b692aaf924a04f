//! Search on the real bundle: names with or without accents, codes of every kind.

mod common;

use common::dataset;

use std::sync::OnceLock;

use ti_atlas::model::views::search::{HitKind, SearchIndex};
use ti_atlas::model::{Generation, LayerKind, UnitRef};

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| SearchIndex::build(dataset()))
}

#[test]
fn vitre_with_or_without_accents_finds_commune_territory_and_epci() {
    let ds = dataset();
    let territory = ds
        .territories(Generation::Temps2)
        .find(|t| t.communes.iter().any(|c| c == "35360"))
        .map(|t| UnitRef::territory(&t.id))
        .expect("Vitré is in a 2023-2027 territory");
    for q in ["Vitré", "vitre", "VITRE", " vitré "] {
        let hits = index().search(q, 4);
        let first = hits.first().expect("hits");
        assert_eq!(
            (first.kind, first.code.as_str()),
            (HitKind::Commune, "35360"),
            "{q}"
        );
        assert_eq!(first.score, 0);
        // Choosing the commune opens its territory.
        assert_eq!(first.target.as_ref(), Some(&territory));
        assert!(
            first.context.contains("Ille-et-Vilaine"),
            "{}",
            first.context
        );
        let t = hits
            .iter()
            .find(|h| h.kind == HitKind::Territory2023)
            .expect("territory hit");
        assert_eq!(t.target.as_ref(), Some(&territory));
        assert!(t.name.contains("Vitré"));
        assert!(
            hits.iter()
                .any(|h| h.kind == HitKind::Epci && h.name.contains("Vitré Communauté")),
            "{hits:?}"
        );
    }
}

#[test]
fn words_in_any_order_and_hyphens() {
    let hits = index().search("saint etienne", 5);
    let first = hits.first().expect("hits");
    assert_eq!(
        (first.kind, first.code.as_str()),
        (HitKind::Commune, "42218")
    );
    assert_eq!(first.name, "Saint-Étienne");
    let hits = index().search("etienne saint", 20);
    assert!(hits.iter().any(|h| h.code == "42218"));
    let hits = index().search("st etienne", 3);
    assert_eq!(
        hits.first().map(|h| h.code.as_str()),
        Some("42218"),
        "{hits:?}"
    );
}

#[test]
fn codes_of_every_kind() {
    let ds = dataset();
    let one = |q: &str| index().search(q, 3).into_iter().next().expect(q);
    let h = one("01004");
    assert_eq!(
        (h.kind, h.name.as_str()),
        (HitKind::Commune, "Ambérieu-en-Bugey")
    );
    let h = one("2A004");
    assert_eq!((h.kind, h.name.as_str()), (HitKind::Commune, "Ajaccio"));
    let h = one("2a004");
    assert_eq!(h.code, "2A004");
    let vitre_epci = ds
        .tables
        .epci
        .iter()
        .position(|e| e.name.contains("Vitré Communauté"))
        .expect("EPCI");
    let siren = ds.tables.epci[vitre_epci].siren.clone();
    let h = one(&siren);
    assert_eq!(h.kind, HitKind::Epci);
    assert_eq!(h.target, Some(UnitRef::new(LayerKind::Epci, &siren)));
    let t = ds
        .territories(Generation::Temps2)
        .nth(10)
        .expect("territory");
    let h = one(t.id.as_str());
    assert_eq!(
        (h.kind, h.code.as_str()),
        (HitKind::Territory2023, t.id.as_str())
    );
    let h = one(&t.id.as_str().to_uppercase());
    assert_eq!(t.id, h.code.as_str());
}

#[test]
fn regions_departements_and_nothing() {
    let h = index().search("ile de france", 3);
    assert_eq!(
        (h[0].kind, h[0].name.as_str()),
        (HitKind::Region, "Île-de-France")
    );
    let h = index().search("Ille-et-Vilaine", 3);
    assert_eq!(
        (h[0].kind, h[0].code.as_str()),
        (HitKind::Departement, "35")
    );
    assert!(index().search("zzqxw", 10).is_empty());
    assert!(index().search("  ", 10).is_empty());
    assert!(index().search("—", 10).is_empty());
}

/// Only the first MAX_QUERY_CHARS characters of a query count: more than any name or code, so
/// nothing findable is cut, and a pasted page costs no more than a long name.
#[test]
fn a_query_is_bounded_above_the_longest_name() {
    use ti_atlas::model::text::search_form;
    use ti_atlas::model::views::search::MAX_QUERY_CHARS;
    let t = &dataset().tables;
    let longest = t
        .communes
        .iter()
        .map(|c| c.name.as_str())
        .chain(t.epci.iter().map(|e| e.name.as_str()))
        .chain(t.departements.iter().map(|d| d.name.as_str()))
        .chain(t.regions.iter().map(|r| r.name.as_str()))
        .chain(
            dataset()
                .territories(Generation::Temps1)
                .map(|t| t.name.as_str()),
        )
        .chain(
            dataset()
                .territories(Generation::Temps2)
                .map(|t| t.name.as_str()),
        )
        .map(|n| search_form(n).chars().count())
        .max()
        .expect("names");
    assert!(longest < MAX_QUERY_CHARS, "{longest}");
    let pasted = "vitre ".repeat(20_000);
    let hits = index().search(&pasted, 50);
    assert!(hits.iter().any(|h| h.code == "35360"), "{hits:?}");
    assert!(index().search(&"x".repeat(100_000), 5).is_empty());
}

#[test]
fn a_departement_and_its_territory_come_before_a_namesake_commune_elsewhere() {
    // "Creuse" is a département (23), the territory "Creuse Industrie" and a commune of the
    // Somme (80225): the larger units first, the commune after them.
    let hits = index().search("Creuse", 8);
    let at = |pred: &dyn Fn(&ti_atlas::model::views::search::SearchHit) -> bool| {
        hits.iter().position(pred).expect("hit")
    };
    let departement = at(&|h| h.kind == HitKind::Departement && h.code == "23");
    let territory = at(&|h| h.kind == HitKind::Territory2023 && h.name == "Creuse Industrie");
    let commune = at(&|h| h.kind == HitKind::Commune && h.code == "80225");
    assert_eq!(departement, 0, "{hits:?}");
    assert!(territory < commune, "{hits:?}");
}
