//! The indicator catalogue on the real bundle: exact where exact, honest elsewhere.

mod common;

use common::dataset;

use ti_atlas::model::IndicatorId;
use ti_atlas::model::indicators::{self, Kind, Value};
use ti_atlas::model::{Generation, Level};

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
    assert_eq!(count(|k| matches!(k, Kind::EpciSeries)), 13);
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
    // 1,232 mainland EPCI and the 11 EPT; the 23 overseas EPCI are absent from the source.
    assert_eq!(epci_with_value, 1_243);
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
    // The legend counts them by reason, one line per reason (not one per overseas EPCI).
    let table = indicators::IndicatorTable::for_level(ds, Level::Territoire);
    let i = table
        .position(&IndicatorId::new("part_emploi_industrie"))
        .expect("indicator");
    let reasons = table.missing_reasons(i);
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert_eq!(
        reasons.iter().map(|(_, n)| n).sum::<usize>(),
        not_computable + 10
    );
    assert!(reasons.iter().any(|(why, n)| *n == 7
        && why
            == "son seul groupement membre n'a pas de valeur : \
                   la source ne couvre que la France métropolitaine"));
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
    let table = indicators::IndicatorTable::territories(ds, Generation::Temps2);
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
    use ti_atlas::model::indicators::classify::{Method, classify, merge_note};
    let ds = dataset();
    let (_, values, reasons) =
        ti_atlas::cli::classify::values_at(ds, &"part_emploi_industrie".into(), "epci")
            .expect("values");
    assert_eq!(
        reasons.iter().map(|r| r.1).sum::<usize>(),
        23,
        "{reasons:?}"
    );
    // 1 255 EPCI à fiscalité propre and the 11 EPT of the Grand Paris (all valued).
    assert_eq!(values.len(), 1_266);
    for method in [
        Method::Quantiles,
        Method::EqualIntervals,
        Method::Jenks,
        Method::StdDev,
        Method::Q6,
    ] {
        let c = classify(&values, &method, 6).expect("classification");
        if method == Method::StdDev {
            // Mean − 2 sd falls below the smallest share: that class is merged, and the
            // legend says so; no class is empty or zero-wide.
            assert_eq!(c.class_count(), 5, "{:?}", c.breaks);
            assert!(c.counts.iter().all(|&n| n > 0), "{:?}", c.counts);
            assert!(c.breaks.windows(2).all(|w| w[0] < w[1]), "{:?}", c.breaks);
            let note = merge_note(&method, 6, &c).expect("a note for the legend");
            assert!(note.contains("5 classes au lieu de 6"), "{note}");
        } else {
            assert_eq!(c.class_count(), 6, "{method:?}");
        }
        assert!(c.breaks.windows(2).all(|w| w[0] <= w[1]), "{method:?}");
        assert_eq!(
            c.counts.iter().sum::<usize>(),
            1_243,
            "{method:?}: 1 232 EPCI, 11 EPT"
        );
        assert_eq!(c.missing, 23, "{method:?}: overseas EPCI");
    }
    // Jenks separates the most industrial EPCI (over 40 % of jobs) into the top classes.
    let jenks = classify(&values, &Method::Jenks, 6).expect("jenks");
    assert!(
        jenks.breaks[5] > 25.0 && jenks.breaks[6] > 40.0,
        "{:?}",
        jenks.breaks
    );
    // Counts of member EPCI mean nothing for an EPCI; shares per EPCI do not add up to départements.
    assert!(ti_atlas::cli::classify::values_at(ds, &"nombre_epci".into(), "epci").is_err());
    assert!(
        ti_atlas::cli::classify::values_at(ds, &"part_emploi_industrie".into(), "departements")
            .is_err()
    );
}

#[test]
fn epci_and_departement_mailles_have_their_own_values() {
    use indicators::IndicatorTable;
    let ds = dataset();
    let epci = IndicatorTable::for_level(ds, Level::Epci);
    assert_eq!(epci.level, Level::Epci);
    let pop = epci
        .position(&IndicatorId::new("population"))
        .expect("population at EPCI level");
    for (e, v) in ds.tables.epci.iter().zip(&epci.values[pop]) {
        assert_eq!(v, &Value::Exact(e.population as f64), "{}", e.siren);
    }
    let share = epci
        .position(&IndicatorId::new("part_emploi_industrie"))
        .expect("share");
    let exact = epci.values[share]
        .iter()
        .filter(|v| v.as_f64().is_some())
        .count();
    assert_eq!(exact, 1_243, "1 232 mainland EPCI and the 11 EPT");
    assert!(epci.position(&IndicatorId::new("nombre_epci")).is_none());
    assert!(
        epci.position(&IndicatorId::new("continuite_temps1_population"))
            .is_none()
    );

    let deps = IndicatorTable::for_level(ds, Level::Departement);
    assert!(
        deps.position(&IndicatorId::new("part_emploi_industrie"))
            .is_none()
    );
    let pop = deps
        .position(&IndicatorId::new("population"))
        .expect("population");
    assert_eq!(deps.values[pop].len(), 101);
    let total: f64 = deps.values[pop].iter().filter_map(Value::as_f64).sum();
    let communes: u64 = ds.tables.communes.iter().map(|c| c.population).sum();
    assert_eq!(total as u64, communes);
    let density = deps
        .position(&IndicatorId::new("densite"))
        .expect("density");
    let paris = ds
        .tables
        .departements
        .iter()
        .position(|d| d.code == "75")
        .expect("Paris");
    let lozere = ds
        .tables
        .departements
        .iter()
        .position(|d| d.code == "48")
        .expect("Lozère");
    let guyane = ds
        .tables
        .departements
        .iter()
        .position(|d| d.code == "973")
        .expect("Guyane");
    assert_eq!(deps.rank(density, paris), Some((1, 101)));
    assert_eq!(
        deps.rank(density, guyane),
        Some((101, 101)),
        "Guyane is the least dense"
    );
    assert_eq!(deps.rank(density, lozere), Some((100, 101)), "then Lozère");
    assert_eq!(deps.percentile(density, paris), Some(100.0));
    assert_eq!(deps.percentile(density, guyane), Some(0.0));
}

#[test]
fn region_and_france_references() {
    use ti_atlas::model::indicators::reference::ReferenceTable;
    let ds = dataset();
    let refs = ReferenceTable::build(ds);
    let cat = indicators::catalogue(ds);
    let get = |id: &str| cat.iter().find(|i| i.id == id).expect("indicator");
    let france_pop = refs
        .reference(get("population"), "53")
        .france
        .as_f64()
        .expect("France");
    let communes: u64 = ds.tables.communes.iter().map(|c| c.population).sum();
    assert_eq!(france_pop as u64, communes);
    let regions: f64 = ds
        .tables
        .regions
        .iter()
        .map(|r| {
            refs.reference(get("population"), &r.code)
                .region
                .as_f64()
                .expect("région")
        })
        .sum();
    assert_eq!(regions as u64, communes, "régions partition France");
    assert_eq!(
        refs.reference(get("nombre_epci"), "53").france,
        Value::Exact(1_255.0)
    );
    assert_eq!(
        refs.reference(get("nombre_departements"), "53").region,
        Value::Exact(4.0)
    );
    assert_eq!(
        refs.reference(get("nombre_departements"), "11").france,
        Value::Exact(101.0)
    );
    // Continuity over France = population-weighted mean of the territories' shares (territories
    // of a generation do not share communes).
    let continuity = get("continuite_temps1_population");
    let (mut num, mut den) = (0.0, 0.0);
    for t in ds.territories(Generation::Temps2) {
        let share = indicators::territory_value(ds, continuity, t)
            .as_f64()
            .expect("share");
        num += share * t.population as f64;
        den += t.population as f64;
    }
    let france = refs
        .reference(continuity, "53")
        .france
        .as_f64()
        .expect("France");
    assert!(
        (france - num / den).abs() < 1e-9,
        "{france} vs {}",
        num / den
    );
    assert!(matches!(
        refs.reference(get("part_emploi_industrie"), "53").region,
        Value::NotComputable(_)
    ));
    assert!(matches!(
        refs.reference(get("nombre_actions"), "53").france,
        Value::Missing(_)
    ));
}

#[test]
fn member_counts_include_the_grand_paris_ept() {
    // ti-1101 and ti-1105 are one EPT each; ti-1104 is a CA and an EPT.
    let ds = dataset();
    let table = common::table();
    let i = table
        .position(&IndicatorId::new("nombre_epci"))
        .expect("nombre_epci");
    assert!(
        table.indicators[i].label.contains("EPT"),
        "{}",
        table.indicators[i].label
    );
    let count = |id: &str| {
        let unit = ds
            .territories(Generation::Temps2)
            .position(|t| t.id == id)
            .expect(id);
        table.values[i][unit].as_f64()
    };
    assert_eq!(count("ti-1101"), Some(1.0));
    assert_eq!(count("ti-1105"), Some(1.0));
    assert_eq!(count("ti-1104"), Some(2.0));
    // Ranks follow: a territory of one EPT is ranked with the others, not last with 0.
    let unit = ds
        .territories(Generation::Temps2)
        .position(|t| t.id == "ti-1101")
        .expect("ti-1101");
    let (rank, of) = table.rank(i, unit).expect("rank");
    assert_eq!(of, 183);
    let zeros = table.values[i]
        .iter()
        .filter(|v| v.as_f64() == Some(0.0))
        .count();
    assert_eq!(zeros, 0, "every territory has a member");
    assert!(rank < 183);
}

#[test]
fn one_vintage_and_the_right_coverage_per_source_file() {
    // The sector shares and the RP growth rates come from the same ptod file: one date for it.
    let ds = dataset();
    let source = |id: &str| {
        ds.tables
            .sources
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    let share = source(&indicator("part_emploi_industrie").sources[0]);
    let growth = source(&indicator("evolution_emploi_2016_2022").sources[0]);
    let file = |vintage: &str| {
        vintage
            .split(" ; ")
            .find(|p| p.starts_with("fichier "))
            .map(str::to_owned)
    };
    assert_eq!(file(&share.vintage), file(&growth.vintage));
    assert!(file(&share.vintage).is_some(), "{}", share.vintage);
    // EPT have values for the share: its coverage says so.
    let table = common::table();
    let i = table
        .position(&IndicatorId::new("part_emploi_industrie"))
        .expect("share");
    let ept_valued = ds
        .territories(Generation::Temps2)
        .zip(&table.values[i])
        .any(|(t, v)| {
            t.groupements.len() == 1
                && t.groupements[0].nature == ti_atlas::model::GroupementNature::EPT
                && v.as_f64().is_some()
        });
    assert!(ept_valued);
    assert!(
        !share.vintage.contains("métropolitaine seulement"),
        "{}",
        share.vintage
    );
    assert!(share.vintage.contains("EPT"), "{}", share.vintage);
}

#[test]
fn printed_legend_bounds_leave_no_value_ambiguous() {
    // The default 2017-2024 private-employment map at the EPCI maille: EPCI 200071678 reads
    // 1,36, once a printed bound. No EPCI whose value sits above a bound reads as that bound,
    // and the rows say which side is closed.
    use ti_atlas::format::decimal_fr;
    use ti_atlas::model::indicators::choropleth::{Spec, compute};
    let ds = dataset();
    let table = indicators::IndicatorTable::for_level(ds, Level::Epci);
    let (i, ind) = table
        .usable(&IndicatorId::new("evolution_emploi_prive_2017_2024"))
        .expect("series");
    let spec = Spec::default_for(Level::Epci, ind, 6);
    let (_, legend) = compute(ds, &table, &spec).expect("map");
    let breaks = &legend.classification.breaks;
    let d = legend.decimals;
    let numbers = table.numbers(i);
    let mut ambiguous = Vec::new();
    for (e, &v) in ds.tables.epci.iter().zip(&numbers) {
        if !v.is_finite() {
            continue;
        }
        for &b in &breaks[1..breaks.len() - 1] {
            if v > b && decimal_fr(v, d) == decimal_fr(b, d) {
                ambiguous.push((e.siren.clone(), v, b));
            }
        }
    }
    assert!(ambiguous.is_empty(), "{ambiguous:?} with {d} decimals");
    let unit = ds
        .tables
        .epci
        .iter()
        .position(|e| e.siren == "200071678")
        .expect("EPCI 200071678");
    assert!(numbers[unit].is_finite());
    let rows = legend.class_rows();
    assert!(rows[0].starts_with('['), "{rows:?}");
    assert!(rows[1..].iter().all(|r| r.starts_with(']')), "{rows:?}");
}

#[test]
fn territories_show_their_member_epci_values_for_a_rate_given_per_epci() {
    use ti_atlas::carto::Choropleth;
    use ti_atlas::model::LayerKind;
    use ti_atlas::model::indicators::choropleth::Spec;
    let ds = dataset();
    let table = common::table();
    let (_, ind) = table
        .usable(&IndicatorId::new("part_emploi_industrie"))
        .expect("share");
    let spec = Spec::default_for(Level::Territoire, ind, 5);
    let c = Choropleth::compute(ds, table, &spec).expect("map");
    assert_eq!(c.layer(), LayerKind::Epci);
    assert_eq!(c.legend.maille_fr(), "EPCI membres des territoires");
    let m = c.members.as_ref().expect("drawn through the members");
    let series = ds
        .tables
        .indicators
        .iter()
        .find(|s| s.id == "part_emploi_industrie")
        .expect("series");
    // Every filled EPCI has the colour of its class; only members are drawn.
    let members: std::collections::BTreeSet<&str> = ds
        .territories(Generation::Temps2)
        .flat_map(|t| t.groupements.iter().map(|g| g.siren.as_str()))
        .collect();
    let mut real = std::collections::BTreeSet::new();
    for (i, (e, fill)) in ds.tables.epci.iter().zip(&m.epci).enumerate() {
        assert_eq!(
            fill.is_some(),
            members.contains(e.siren.as_str()),
            "{}",
            e.siren
        );
        let Some(fill) = fill else { continue };
        match series.values.get(&e.siren) {
            Some(&v) => {
                let class = legend_class(&c, v);
                assert_eq!(Some(*fill), class, "{} ({v})", e.siren);
                real.insert(i);
            }
            None => assert_eq!(*fill, c.legend.missing_colour, "{}", e.siren),
        }
    }
    // Territories drawn with a real value: through a member EPCI or whole (one EPT).
    let shown = ds
        .territories(Generation::Temps2)
        .zip(&m.territories)
        .filter(|(t, own)| {
            own.is_some_and(|c_| c_ != c.legend.missing_colour)
                || t.groupements.iter().any(|g| {
                    ds.tables
                        .epci
                        .iter()
                        .position(|e| e.siren == g.siren)
                        .is_some_and(|i| real.contains(&i))
                })
        })
        .count();
    assert_eq!(shown, 173);
    // The territories' own values are unchanged: "non calculable" where several members.
    let i = table
        .position(&IndicatorId::new("part_emploi_industrie"))
        .expect("share");
    let not_computable = table.values[i]
        .iter()
        .filter(|v| matches!(v, Value::NotComputable(_)))
        .count();
    assert!(not_computable > 100, "{not_computable}");
    // The map colours the EPCI layer without showing it: no EPCI outside the territories.
    let settings = ti_atlas::carto::MapSettings {
        indicator: Some("part_emploi_industrie".into()),
        ..Default::default()
    };
    let map = ti_atlas::carto::MapSpec::from_settings(&settings, Some(c.clone()));
    assert!(!map.shows(LayerKind::Epci));
    assert!(map.is_coloured(LayerKind::Epci));
    let outside = ds
        .tables
        .epci
        .iter()
        .position(|e| !members.contains(e.siren.as_str()))
        .expect("an EPCI outside every territory");
    assert!(!map.draws(LayerKind::Epci, outside));
    assert!(map.territories_over_choropleth());
    // The composition (what screen and paper paint): the EPCI drawn are members only, each
    // filled with its class colour, under the territories drawn as outlines.
    use ti_atlas::carto::{LayerId, Pos, Rect, ViewTransform, compose::compose};
    let view = ViewTransform::fit_lonlat(
        geo::Rect::new((-5.2, 41.3), (9.6, 51.1)),
        Rect::from_min_size(Pos::new(0.0, 0.0), 1280.0, 800.0),
        0.0,
    );
    let comp = compose(common::scene(), &map, &view, &[]);
    let epci = comp
        .layer(LayerId::Bundle(LayerKind::Epci))
        .expect("EPCI layer drawn");
    assert!(!epci.features.is_empty());
    for f in &epci.features {
        let e = &ds.tables.epci[f.index];
        assert!(members.contains(e.siren.as_str()), "{} drawn", e.siren);
        let expected = series
            .values
            .get(&e.siren)
            .and_then(|&v| legend_class(&c, v))
            .unwrap_or(c.legend.missing_colour);
        assert_eq!(f.fill.map(|x| x.rgb), Some(expected), "{}", e.siren);
    }
    let territories = comp
        .layer(LayerId::Bundle(LayerKind::Ti2023))
        .expect("territories drawn");
    assert!(territories.outline.is_some());
}

fn legend_class(c: &ti_atlas::carto::Choropleth, v: f64) -> Option<[u8; 3]> {
    c.legend
        .classification
        .class_of(v)
        .and_then(|k| c.legend.colours.get(k).copied())
}
