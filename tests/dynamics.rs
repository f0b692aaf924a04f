//! Employment growth on the real bundle, checked against the raw source file
//! (../shared/sources/indicators/ptod_agg_epci_exdeco_raw.json, read here independently of the
//! build): every EPCI's value equals the source; territories get a value only when they are one
//! EPCI/EPT; the bivariate classes of every EPCI are recomputed by hand.

mod common;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use common::dataset;
use ti_atlas::model::indicators::bivariate::{self, BivariateSpec, Cell};
use ti_atlas::model::indicators::choropleth::{Spec, default_method};
use ti_atlas::model::indicators::classify::classify;
use ti_atlas::model::indicators::dynamics::territory_dynamics;
use ti_atlas::model::indicators::{self, IndicatorTable, Kind, Value};
use ti_atlas::model::{Generation, GroupementNature, Level, SeriesMeasure};
use ti_atlas::palette::SchemeKind;

/// The raw file, under the public sources.
const SOURCE: &str = "indicators/ptod_agg_epci_exdeco_raw.json";

/// (bundle id, raw column).
const GROWTH: [(&str, &str); 7] = [
    ("evolution_emploi_2011_2016", "eco_emp_vtcam_1116"),
    ("evolution_emploi_2016_2022", "eco_emp_vtcam_1622"),
    ("evolution_emploi_2011_2022", "eco_emp_vtcam_1122"),
    ("evolution_emploi_prive_2011_2017", "eco_emppriv_vtcam_1117"),
    ("evolution_emploi_prive_2017_2024", "eco_emppriv_vtcam_1724"),
    ("evolution_emploi_prive_2019_2024", "eco_emppriv_vtcam_1924"),
    ("evolution_emploi_prive_2022_2024", "eco_emppriv_vtcam_2224"),
];

/// The raw file, by code: column → value (null kept as None). Fails when the file is absent:
/// these tests have nothing to compare with otherwise.
fn source() -> &'static BTreeMap<String, BTreeMap<String, Option<f64>>> {
    static SOURCE_ROWS: OnceLock<BTreeMap<String, BTreeMap<String, Option<f64>>>> = OnceLock::new();
    SOURCE_ROWS.get_or_init(|| {
        let path = common::sources_dir().join(SOURCE);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "source absente : {} ({e}) — ces tests comparent le lot de données à la source \
                 brute ; placer ../shared/sources à côté du dépôt",
                path.display()
            )
        });
        let rows: Vec<serde_json::Map<String, serde_json::Value>> =
            serde_json::from_slice(&bytes).expect("raw JSON array");
        rows.into_iter()
            .map(|r| {
                let code = r
                    .get("code")
                    .and_then(|c| c.as_str())
                    .expect("code")
                    .to_owned();
                let cols = GROWTH
                    .iter()
                    .map(|(_, col)| {
                        (
                            (*col).to_owned(),
                            r.get(*col).and_then(serde_json::Value::as_f64),
                        )
                    })
                    .collect();
                (code, cols)
            })
            .collect()
    })
}

fn source_value(code: &str, column: &str) -> Option<f64> {
    source()
        .get(code)
        .and_then(|r| r.get(column).copied().flatten())
}

fn indicator(id: &str) -> indicators::Indicator {
    indicators::catalogue(dataset())
        .into_iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("{id} in the catalogue"))
}

#[test]
fn growth_indicators_are_in_the_catalogue_with_source_period_and_unit() {
    let ds = dataset();
    for (id, column) in GROWTH {
        let ind = indicator(id);
        assert_eq!(ind.kind, Kind::EpciSeries, "{id}");
        assert_eq!(ind.unit, "% par an", "{id}");
        assert!(ind.diverging_around_zero, "{id}");
        let period = ind.period.as_deref().expect("period");
        // "1622" → "2016-2022".
        let digits = column.rsplit('_').next().expect("years");
        assert_eq!(
            period,
            format!("20{}-20{}", &digits[..2], &digits[2..]),
            "{id}"
        );
        assert!(ind.label.ends_with(period), "{}", ind.label);
        assert_eq!(ind.sources.len(), 1);
        let source = ds
            .tables
            .sources
            .iter()
            .find(|s| s.id == ind.sources[0])
            .expect("source listed");
        let provider = if column.starts_with("eco_emppriv") {
            "URSSAF-ACOSS"
        } else {
            "recensements de la population"
        };
        assert!(source.label.contains(provider), "{}", source.label);
        assert!(source.label.starts_with("Calcul tiers"), "{}", source.label);
        assert!(ind.applies_to(Level::Epci) && ind.applies_to(Level::Territoire));
        assert!(!ind.applies_to(Level::Departement));
    }
    // The shares are not read against 0.
    assert!(!indicator("part_emploi_industrie").diverging_around_zero);
}

#[test]
fn every_epci_growth_value_equals_the_source() {
    let ds = dataset();
    let table = IndicatorTable::for_level(ds, Level::Epci);
    for (id, column) in GROWTH {
        let series = ds
            .tables
            .indicators
            .iter()
            .find(|s| s.id == id)
            .expect("series");
        assert_eq!(series.measure, SeriesMeasure::AnnualGrowth);
        let i = table.position(&id.into()).expect("at EPCI maille");
        let mut with_value = 0;
        for (u, e) in ds.tables.epci.iter().enumerate() {
            let expected = source_value(&e.siren, column);
            assert_eq!(
                series.values.get(&e.siren).copied(),
                expected,
                "{id} {}",
                e.siren
            );
            match (&table.values[i][u], expected) {
                (Value::Exact(v), Some(x)) => {
                    assert_eq!(*v, x, "{id} {}", e.siren);
                    with_value += 1;
                }
                (Value::Missing(why), None) if e.is_ept() => {
                    assert!(why.contains("EPT"), "{why}")
                }
                (Value::Missing(why), None) => {
                    assert!(why.contains("France métropolitaine"), "{why}")
                }
                (v, x) => panic!("{id} {} : {v:?} vs source {x:?}", e.siren),
            }
        }
        // The 1,232 mainland EPCI (the 23 overseas ones are not in the source), and the 11 EPT
        // (on the EPCI layer too) where the source has them: INSEE RP, not URSSAF.
        let ept_values = ds
            .tables
            .epci
            .iter()
            .filter(|e| e.is_ept() && series.values.contains_key(&e.siren))
            .count();
        let expected_ept = if column.starts_with("eco_emppriv") {
            0
        } else {
            11
        };
        assert_eq!(ept_values, expected_ept, "{id}");
        assert_eq!(with_value, 1_232 + expected_ept, "{id}");
        assert!(
            series
                .values
                .keys()
                .all(|k| ds.tables.epci.iter().any(|e| &e.siren == k)),
            "{id}: every value is a unit of the EPCI layer"
        );
        assert!(
            !series.values.contains_key("00FR") && !series.values.contains_key("75056"),
            "the France placeholder row and Paris are not EPCI"
        );
    }
}

#[test]
fn territories_get_a_value_only_when_they_are_one_epci_or_ept() {
    let ds = dataset();
    for (id, column) in GROWTH {
        let ind = indicator(id);
        let (mut exact, mut not_computable, mut missing) = (0, 0, 0);
        for t in ds.territories(Generation::Temps2) {
            let single = match t.groupements.as_slice() {
                [g] if g.nature != GroupementNature::COM => Some(g),
                _ => None,
            };
            match indicators::territory_value(ds, &ind, t) {
                Value::Exact(v) => {
                    exact += 1;
                    let g = single.unwrap_or_else(|| panic!("{id} {} has several members", t.id));
                    assert_eq!(Some(v), source_value(&g.siren, column), "{id} {}", t.id);
                }
                Value::NotComputable(why) => {
                    not_computable += 1;
                    assert!(single.is_none(), "{id} {}", t.id);
                    assert!(why.contains("taux d'évolution ne se moyenne pas"), "{why}");
                }
                Value::Missing(why) => {
                    missing += 1;
                    let overseas = t.region.starts_with('0');
                    let ept = single.is_some_and(|g| g.nature == GroupementNature::EPT);
                    assert!(overseas || ept, "{id} {}: {why}", t.id);
                    if ept {
                        assert!(why.contains("établissement public territorial"), "{why}");
                    } else {
                        assert!(why.contains("France métropolitaine"), "{why}");
                    }
                }
            }
        }
        // 36 mainland territories are one EPCI or EPT (two are EPT, which URSSAF does not
        // cover); 10 overseas territories have no value.
        let (e, m) = if column.starts_with("eco_emppriv") {
            (34, 12)
        } else {
            (36, 10)
        };
        assert_eq!((exact, missing), (e, m), "{id}");
        assert_eq!(exact + not_computable + missing, 183);
    }
}

#[test]
fn growth_maps_start_centred_on_zero_in_a_diverging_palette() {
    let ds = dataset();
    let ind = indicator("evolution_emploi_2016_2022");
    let (found, values, reasons) =
        ti_atlas::cli::classify::values_at(ds, &"evolution_emploi_2016_2022".into(), "epci")
            .expect("values at EPCI maille");
    assert_eq!(found.id, ind.id);
    assert_eq!(reasons.iter().map(|r| r.1).sum::<usize>(), 23);
    let spec = Spec::default_for(Level::Epci, &ind, 6);
    assert_eq!(spec.palette.scheme.kind(), SchemeKind::Diverging);
    let c = classify(&values, &default_method(&ind).method(&[]), 6).expect("classes");
    assert_eq!(c.breaks[3], 0.0, "{:?}", c.breaks);
    for &v in values.iter().filter(|v| v.is_finite()) {
        let class = c.class_of(v).expect("classed");
        assert_eq!(class < 3, v <= 0.0, "{v} in class {class}");
    }
    let n = c.breaks.len();
    for i in 0..n {
        assert!(
            (c.breaks[i] + c.breaks[n - 1 - i]).abs() < 1e-9,
            "{:?}",
            c.breaks
        );
    }
}

/// Type-7 quantile, written again here so the test does not reuse the code it checks.
fn tercile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

#[test]
fn bivariate_class_of_every_epci_is_recomputed_independently() {
    let ds = dataset();
    let (x_id, y_id) = ("part_emploi_industrie", "evolution_emploi_prive_2017_2024");
    let table = IndicatorTable::for_level(ds, Level::Epci);
    let b = bivariate::compute(
        ds,
        &table,
        &BivariateSpec::terciles(Level::Epci, &x_id.into(), &y_id.into()),
    )
    .expect("bivariate");
    assert_eq!(b.cells.len(), ds.tables.epci.len());
    // Independently: the source values of the EPCI that have both.
    let series = |id: &str| {
        ds.tables
            .indicators
            .iter()
            .find(|s| s.id == id)
            .expect("series")
    };
    let (xs, ys) = (series(x_id), series(y_id));
    let pairs: Vec<Option<(f64, f64)>> = ds
        .tables
        .epci
        .iter()
        .map(|e| {
            let y = source_value(&e.siren, "eco_emppriv_vtcam_1724")?;
            Some((*xs.values.get(&e.siren)?, y))
        })
        .collect();
    assert_eq!(ys.values.len(), 1_232);
    let breaks = |pick: fn(&(f64, f64)) -> f64| {
        let mut v: Vec<f64> = pairs.iter().flatten().map(pick).collect();
        v.sort_by(f64::total_cmp);
        (tercile(&v, 1.0 / 3.0), tercile(&v, 2.0 / 3.0))
    };
    let (bx, by) = (breaks(|p| p.0), breaks(|p| p.1));
    let class = |v: f64, (b1, b2): (f64, f64)| usize::from(v > b1) + usize::from(v > b2);
    let mut counts = [[0usize; 3]; 3];
    for ((e, pair), cell) in ds.tables.epci.iter().zip(&pairs).zip(&b.cells) {
        match (pair, cell) {
            (Some((x, y)), Cell::Class { x: cx, y: cy }) => {
                assert_eq!(
                    (*cx, *cy),
                    (class(*x, bx), class(*y, by)),
                    "{} ({x}, {y})",
                    e.siren
                );
                counts[*cy][*cx] += 1;
            }
            (None, Cell::Missing(why)) if e.is_ept() => {
                assert!(why.contains("EPT"), "{}: {why}", e.siren)
            }
            (None, Cell::Missing(why)) => {
                assert!(why.contains("France métropolitaine"), "{}: {why}", e.siren)
            }
            (p, c) => panic!("{}: {p:?} vs {c:?}", e.siren),
        }
    }
    assert_eq!(b.counts, counts);
    assert_eq!(counts.iter().flatten().sum::<usize>(), 1_232);
    assert_eq!(
        b.missing(),
        34,
        "23 overseas EPCI, 11 EPT without URSSAF series"
    );
    // Terciles: each axis' classes hold a third of the units (ties aside).
    for c in &b.x.classification.counts {
        assert!((380..=440).contains(c), "{:?}", b.x.classification.counts);
    }
    assert_eq!(
        b.x.title,
        "Part des emplois dans l'industrie (% des emplois au lieu de travail)"
    );
    assert!(b.y.title.contains("2017-2024") && b.y.title.ends_with("(% par an)"));
    assert_eq!(b.sources.len(), 2);
}

#[test]
fn dynamics_block_gives_member_range_median_and_bivariate_cells() {
    let ds = dataset();
    let table = IndicatorTable::for_level(ds, Level::Epci);
    let b = bivariate::compute(
        ds,
        &table,
        &BivariateSpec::terciles(
            Level::Epci,
            &"part_emploi_industrie".into(),
            &"evolution_emploi_prive_2017_2024".into(),
        ),
    )
    .expect("bivariate");
    let mut multi_checked = 0;
    for t in ds.territories(Generation::Temps2) {
        let d = territory_dynamics(ds, t, Some(&b));
        assert_eq!(d.growth.len(), GROWTH.len());
        for (g, (id, column)) in d.growth.iter().zip(GROWTH) {
            assert_eq!(g.indicator, id);
            assert!(g.source.is_some());
            let mut vals: Vec<f64> = t
                .groupements
                .iter()
                .filter(|m| m.nature != GroupementNature::COM)
                .filter_map(|m| source_value(&m.siren, column))
                .collect();
            vals.sort_by(f64::total_cmp);
            assert_eq!(g.with_value, vals.len(), "{} {id}", t.id);
            let n = vals.len();
            match g.spread {
                None => assert!(vals.is_empty(), "{} {id}", t.id),
                Some(s) => {
                    assert!(n > 0, "{} {id}", t.id);
                    assert_eq!((s.min, s.max), (vals[0], vals[n - 1]), "{} {id}", t.id);
                    let median = if n % 2 == 1 {
                        vals[n / 2]
                    } else {
                        (vals[n / 2 - 1] + vals[n / 2]) / 2.0
                    };
                    assert_eq!(s.median, median, "{} {id}", t.id);
                }
            }
            if t.groupements.len() > 1 && !vals.is_empty() {
                assert!(matches!(g.territory, Value::NotComputable(_)));
                multi_checked += 1;
            }
        }
        let p = d.bivariate.expect("placement at EPCI maille");
        assert_eq!(p.cells.len(), t.groupements.len());
        assert_eq!(
            p.placed() + p.missing.len(),
            t.groupements.len(),
            "{}",
            t.id
        );
        for (siren, cell) in &p.cells {
            let unit = ds.tables.epci.iter().position(|e| &e.siren == siren);
            let expected = unit.and_then(|u| b.cells[u].classes());
            assert_eq!(*cell, expected, "{} {siren}", t.id);
        }
    }
    assert!(multi_checked > 800, "{multi_checked}");
    // Without a bivariate map (or one at another maille), no placement.
    let t = ds
        .territories(Generation::Temps2)
        .next()
        .expect("territory");
    assert!(territory_dynamics(ds, t, None).bivariate.is_none());
}
