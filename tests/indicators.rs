//! The indicator catalogue on the real bundle: exact where exact, honest elsewhere.

use std::sync::OnceLock;

use ti_atlas::io::bundle;
use ti_atlas::model::indicators::{self, Kind, Value};
use ti_atlas::model::{Dataset, Generation, Level};

fn dataset() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| bundle::load_embedded().expect("bundle").0)
}

fn indicator(id: &str) -> indicators::Indicator {
    indicators::catalogue(dataset())
        .into_iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("{id} in the catalogue"))
}

#[test]
fn catalogue_lists_every_kind_with_sources() {
    let ds = dataset();
    let cat = indicators::catalogue(ds);
    let count = |f: fn(&Kind) -> bool| cat.iter().filter(|i| f(&i.kind)).count();
    assert_eq!(count(|k| matches!(k, Kind::TerritoryExact(_))), 7);
    assert_eq!(count(|k| matches!(k, Kind::EpciSeries)), 6);
    assert_eq!(count(|k| matches!(k, Kind::NeedsImport)), 6);
    for i in &cat {
        match i.kind {
            Kind::NeedsImport => {
                let why = i.unavailable.as_deref().expect("reason");
                assert!(why.starts_with("non disponible — importer"), "{why}");
            }
            _ => {
                assert!(!i.sources.is_empty(), "{}", i.id);
                for s in &i.sources {
                    assert!(
                        ds.tables.sources.iter().any(|x| &x.id == s),
                        "{}: unknown source {s}",
                        i.id
                    );
                }
            }
        }
    }
}

#[test]
fn industrial_share_covers_mainland_epci_and_is_exact_only_for_single_epci_territories() {
    let ds = dataset();
    let series = ds
        .tables
        .indicators
        .iter()
        .find(|s| s.id == "part_emploi_industrie")
        .expect("series");
    assert_eq!(series.level, Level::Epci);
    let epci_with_value = ds
        .tables
        .epci
        .iter()
        .filter(|e| series.values.contains_key(&e.siren))
        .count();
    // 1,232 mainland EPCI; the 23 overseas EPCI are absent from the source.
    assert_eq!(epci_with_value, 1_232);
    let ind = indicator("part_emploi_industrie");
    let mut exact = 0;
    let mut not_computable = 0;
    for t in ds.territories(Generation::Temps2) {
        match indicators::territory_value(ds, &ind, t) {
            Value::Exact(v) => {
                exact += 1;
                assert!((0.0..=100.0).contains(&v));
                assert_eq!(t.groupements.len(), 1, "{}", t.id);
            }
            Value::NotComputable(why) => {
                not_computable += 1;
                assert!(why.contains("non calculable"));
            }
            Value::Missing(why) => assert!(t.region.starts_with('0'), "{}: {why}", t.id),
        }
    }
    assert_eq!(exact, 36, "single-EPCI mainland territories");
    assert_eq!(
        exact + not_computable + 10,
        183,
        "10 overseas territories have no value"
    );
}

#[test]
fn exact_measures_are_consistent() {
    let ds = dataset();
    let density = indicator("densite");
    let continuity = indicator("continuite_temps1_population");
    let mut continuing = 0;
    for t in ds.territories(Generation::Temps2) {
        let d = indicators::territory_value(ds, &density, t)
            .as_f64()
            .expect("density");
        assert!((d - t.population as f64 / t.area_km2).abs() < 1e-9);
        let c = indicators::territory_value(ds, &continuity, t)
            .as_f64()
            .expect("continuity");
        assert!((0.0..=100.0).contains(&c), "{}: {c}", t.id);
        if c > 0.0 {
            continuing += 1;
        }
    }
    // Most Temps II territories continue a Temps I one, not all.
    assert!((100..183).contains(&continuing), "{continuing}");
    let actions = indicator("nombre_actions");
    let t = ds
        .territories(Generation::Temps2)
        .next()
        .expect("a territory");
    assert!(matches!(
        indicators::territory_value(ds, &actions, t),
        Value::Missing(_)
    ));
}

#[test]
fn ranks_follow_values() {
    let ds = dataset();
    let table = indicators::TerritoryTable::build(ds, Generation::Temps2);
    let pop = table
        .indicators
        .iter()
        .position(|i| i.id == "population")
        .expect("population");
    let (biggest, _) = ds
        .territories(Generation::Temps2)
        .enumerate()
        .max_by_key(|(_, t)| t.population)
        .expect("a territory");
    assert_eq!(table.rank(pop, biggest), Some((1, 183)));
    let industry = table
        .indicators
        .iter()
        .position(|i| i.id == "part_emploi_industrie")
        .expect("industry");
    let ranked = (0..183)
        .filter(|&t| table.rank(industry, t).is_some())
        .count();
    assert_eq!(ranked, 36, "only exact values are ranked");
}

#[test]
fn classes_of_the_real_epci_industrial_shares() {
    use ti_atlas::model::classify::{Method, classify};
    let ds = dataset();
    let (values, _) =
        ti_atlas::cli::classify::values_at(ds, "part_emploi_industrie", "epci").expect("values");
    assert_eq!(values.len(), 1_255);
    for method in [
        Method::Quantiles,
        Method::EqualIntervals,
        Method::Jenks,
        Method::StdDev,
        Method::Q6,
    ] {
        let c = classify(&values, &method, 6).expect("classification");
        assert_eq!(c.class_count(), 6, "{method:?}");
        assert!(c.breaks.windows(2).all(|w| w[0] <= w[1]), "{method:?}");
        assert_eq!(c.counts.iter().sum::<usize>(), 1_232, "{method:?}");
        assert_eq!(c.missing, 23, "{method:?}: overseas EPCI");
    }
    // Jenks separates the most industrial EPCI (over 40 % of jobs) into the top classes.
    let jenks = classify(&values, &Method::Jenks, 6).expect("jenks");
    assert!(
        jenks.breaks[5] > 25.0 && jenks.breaks[6] > 40.0,
        "{:?}",
        jenks.breaks
    );
    assert!(ti_atlas::cli::classify::values_at(ds, "population", "epci").is_err());
}
