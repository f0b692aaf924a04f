//! "Temps I vs Temps II" on the real bundle, checked against a separate set computation.

mod common;

use common::dataset;

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;
use std::sync::OnceLock;

use ti_atlas::model::geography::generations::{self, Continuity, GenerationComparison};
use ti_atlas::model::{Generation, Territory};

fn comparison() -> &'static GenerationComparison {
    static CMP: OnceLock<GenerationComparison> = OnceLock::new();
    CMP.get_or_init(|| generations::compare(dataset()))
}

/// Commune code → (population, area), read straight from the table (not through the index).
fn commune_table() -> BTreeMap<&'static str, (u64, f64)> {
    dataset()
        .tables
        .communes
        .iter()
        .map(|c| (c.code.as_str(), (c.population, c.area_km2)))
        .collect()
}

fn set_of(t: &Territory) -> BTreeSet<&str> {
    t.communes.iter().map(String::as_str).collect()
}

fn union(g: Generation) -> BTreeSet<&'static str> {
    dataset()
        .territories(g)
        .flat_map(|t| t.communes.iter().map(String::as_str))
        .collect()
}

fn sums<'a>(
    codes: impl IntoIterator<Item = &'a str>,
    table: &BTreeMap<&str, (u64, f64)>,
) -> (usize, u64, f64) {
    codes
        .into_iter()
        .fold((0, 0, 0.0), |(n, p, a), code| match table.get(code) {
            Some(&(pop, area)) => (n + 1, p + pop, a + area),
            None => (n, p, a),
        })
}

/// Territories of `g` sharing no commune with any territory of the other generation, by a plain
/// set intersection.
fn isolated(g: Generation, other: Generation) -> BTreeSet<&'static str> {
    let other_union = union(other);
    dataset()
        .territories(g)
        .filter(|t| set_of(t).is_disjoint(&other_union))
        .map(|t| t.id.as_str())
        .collect()
}

#[test]
fn rows_and_statuses() {
    let c = comparison();
    let ds = dataset();
    assert_eq!(c.territories.len(), 183 + 149);
    let t2: Vec<_> = c.territories[..183].iter().collect();
    let t1: Vec<_> = c.territories[183..].iter().collect();
    assert!(t2.iter().all(|t| t.generation == Generation::Temps2));
    assert!(t1.iter().all(|t| t.generation == Generation::Temps1));
    // Dataset order within each generation.
    let ids = |g| ds.territories(g).map(|t| t.id.as_str()).collect::<Vec<_>>();
    assert_eq!(
        t2.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ids(Generation::Temps2)
    );
    assert_eq!(
        t1.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ids(Generation::Temps1)
    );
    for t in &t2 {
        assert!(
            matches!(t.continuity, Continuity::Nouveau | Continuity::Reconduit),
            "{}",
            t.id
        );
    }
    for t in &t1 {
        assert!(
            matches!(
                t.continuity,
                Continuity::Reconduit | Continuity::NonReconduit
            ),
            "{}",
            t.id
        );
    }
    for t in &c.territories {
        assert!(
            (0.0..=1.0).contains(&t.share_of_population_in_other),
            "{}",
            t.id
        );
        assert_eq!(
            t.continuity == Continuity::Reconduit,
            !t.overlaps.is_empty()
        );
        // Overlaps sorted by shared population, largest first.
        assert!(
            t.overlaps
                .windows(2)
                .all(|w| w[0].shared_population >= w[1].shared_population)
        );
    }

    let s = &c.summary;
    let count = |g, k| s.status(g, k).territories;
    assert_eq!(
        count(Generation::Temps2, Continuity::Nouveau)
            + count(Generation::Temps2, Continuity::Reconduit),
        183
    );
    assert_eq!(
        count(Generation::Temps1, Continuity::Reconduit)
            + count(Generation::Temps1, Continuity::NonReconduit),
        149
    );
    assert_eq!(count(Generation::Temps2, Continuity::NonReconduit), 0);
    assert_eq!(count(Generation::Temps1, Continuity::Nouveau), 0);
}

#[test]
fn statuses_match_set_intersections() {
    let c = comparison();
    let new2 = isolated(Generation::Temps2, Generation::Temps1);
    let dropped1 = isolated(Generation::Temps1, Generation::Temps2);
    let found = |g, k| -> BTreeSet<&str> {
        c.territories
            .iter()
            .filter(|t| t.generation == g && t.continuity == k)
            .map(|t| t.id.as_str())
            .collect()
    };
    println!("2023-2027 nouveaux : {} {new2:?}", new2.len());
    println!("2018-2022 non reconduits : {} {dropped1:?}", dropped1.len());
    assert_eq!(found(Generation::Temps2, Continuity::Nouveau), new2);
    assert_eq!(
        found(Generation::Temps1, Continuity::NonReconduit),
        dropped1
    );

    // Facts of the real data, found once and pinned.
    assert_eq!(new2.len(), NEW_TEMPS2);
    assert_eq!(dropped1.len(), DROPPED_TEMPS1);

    // Population per status: union of the member communes, summed from the commune table.
    let table = commune_table();
    let s = &c.summary;
    for (g, k) in [
        (Generation::Temps2, Continuity::Nouveau),
        (Generation::Temps2, Continuity::Reconduit),
        (Generation::Temps1, Continuity::Reconduit),
        (Generation::Temps1, Continuity::NonReconduit),
    ] {
        let ids = found(g, k);
        let codes: BTreeSet<&str> = dataset()
            .territories(g)
            .filter(|t| ids.contains(t.id.as_str()))
            .flat_map(|t| t.communes.iter().map(String::as_str))
            .collect();
        let (_, pop, area) = sums(codes, &table);
        let st = s.status(g, k);
        println!(
            "{g:?} {k:?} : {} territoires, {pop} habitants, {area:.1} km²",
            st.territories
        );
        assert_eq!(st.territories, ids.len());
        assert_eq!(st.population, pop, "{g:?} {k:?}");
        assert!(
            (st.area_km2 - area).abs() < 1e-6 * area.max(1.0),
            "{g:?} {k:?}"
        );
    }
    assert_eq!(
        s.status(Generation::Temps2, Continuity::Nouveau).population,
        NEW_TEMPS2_POPULATION
    );
}

#[test]
fn overlaps_match_set_intersections() {
    let c = comparison();
    let table = commune_table();
    let by_key: BTreeMap<(Generation, &str), &Territory> = dataset()
        .tables
        .territories
        .iter()
        .map(|t| ((t.generation, t.id.as_str()), t))
        .collect();
    let other = |g| match g {
        Generation::Temps1 => Generation::Temps2,
        Generation::Temps2 => Generation::Temps1,
    };
    let other_unions = [
        (Generation::Temps1, union(Generation::Temps2)),
        (Generation::Temps2, union(Generation::Temps1)),
    ];
    for row in &c.territories {
        let mine = set_of(by_key[&(row.generation, row.id.as_str())]);
        // Expected overlaps: every territory of the other generation with a non-empty
        // intersection.
        let expected: BTreeMap<&str, (usize, u64)> = dataset()
            .territories(other(row.generation))
            .filter_map(|o| {
                let shared: Vec<&str> = mine.intersection(&set_of(o)).copied().collect();
                (!shared.is_empty()).then(|| {
                    let (n, p, _) = sums(shared, &table);
                    (o.id.as_str(), (n, p))
                })
            })
            .collect();
        let got: BTreeMap<&str, (usize, u64)> = row
            .overlaps
            .iter()
            .map(|o| (o.id.as_str(), (o.shared_communes, o.shared_population)))
            .collect();
        assert_eq!(got, expected, "{:?} {}", row.generation, row.id);

        let (_, pop, _) = sums(mine.iter().copied(), &table);
        assert_eq!(row.population, pop, "{}", row.id);
        let in_other = &other_unions
            .iter()
            .find(|(g, _)| *g == row.generation)
            .expect("union")
            .1;
        let (_, pop_other, _) = sums(mine.intersection(in_other).copied(), &table);
        let share = if pop == 0 {
            0.0
        } else {
            pop_other as f64 / pop as f64
        };
        assert!(
            (row.share_of_population_in_other - share).abs() < 1e-12,
            "{}",
            row.id
        );
    }
}

#[test]
fn commune_totals_partition() {
    let s = &comparison().summary;
    let table = commune_table();
    let u1 = union(Generation::Temps1);
    let u2 = union(Generation::Temps2);
    let check = |label: &str, got: &generations::CommuneTotals, codes: Vec<&str>| {
        let (n, p, a) = sums(codes, &table);
        println!("{label} : {n} communes, {p} habitants, {a:.1} km²");
        assert_eq!((got.communes, got.population), (n, p), "{label}");
        assert!((got.area_km2 - a).abs() < 1e-6 * a.max(1.0), "{label}");
    };
    check("deux", &s.in_both, u1.intersection(&u2).copied().collect());
    check(
        "seulement 1",
        &s.only_temps1,
        u1.difference(&u2).copied().collect(),
    );
    check(
        "seulement 2",
        &s.only_temps2,
        u2.difference(&u1).copied().collect(),
    );
    check(
        "l'une ou l'autre",
        &s.in_either,
        u1.union(&u2).copied().collect(),
    );
    assert!(s.unknown_communes.is_empty(), "{:?}", s.unknown_communes);

    // The three parts partition the union.
    assert_eq!(
        s.in_both.communes + s.only_temps1.communes + s.only_temps2.communes,
        s.in_either.communes
    );
    assert_eq!(
        s.in_both.population + s.only_temps1.population + s.only_temps2.population,
        s.in_either.population
    );
    assert_eq!(s.in_both.communes + s.only_temps1.communes, u1.len());
    assert_eq!(s.in_both.communes + s.only_temps2.communes, u2.len());

    assert_eq!(s.only_temps2.communes, JOINED_COMMUNES);
    assert_eq!(s.only_temps1.communes, LEFT_COMMUNES);
}

#[test]
fn known_cases_and_table_figures() {
    let c = comparison();
    let row = |g, id: &str| {
        c.territories
            .iter()
            .find(|t| t.generation == g && t.id == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    // Cap Excellence (Guadeloupe) carries over whole from the 2018-2022 territory ti-0101.
    let cap = row(Generation::Temps2, "ti-0102");
    assert_eq!(cap.continuity, Continuity::Reconduit);
    assert_eq!(cap.overlaps.len(), 1);
    assert_eq!(cap.overlaps[0].id, "ti-0101");
    assert_eq!(cap.overlaps[0].shared_communes, 3);
    assert_eq!(cap.overlaps[0].shared_population, 97_558);
    assert_eq!(cap.population, 97_558);
    assert_eq!(cap.share_of_population_in_other, 1.0);
    // Basse-Terre (ti-0101 in 2023-2027) is new: ids are not comparable across generations.
    assert_eq!(
        row(Generation::Temps2, "ti-0101").continuity,
        Continuity::Nouveau
    );

    // The rows' exact sums agree with the table's figures: population exactly, area (polygon
    // versus sum of communes) closely.
    let mut worst_area = 0.0f64;
    for t in &dataset().tables.territories {
        let r = row(t.generation, t.id.as_str());
        assert_eq!(r.population, t.population, "{:?} {}", t.generation, t.id);
        worst_area = worst_area.max((r.area_km2 - t.area_km2).abs() / t.area_km2);
    }
    println!("largest relative area gap: {worst_area:.2e}");
    assert!(worst_area < 0.01, "{worst_area}");
}

#[test]
fn compare_is_fast() {
    let start = std::time::Instant::now();
    let c = generations::compare(dataset());
    let ms = start.elapsed().as_secs_f64() * 1e3;
    println!("compare : {ms:.1} ms");
    assert_eq!(c.territories.len(), 332);
    assert!(ms < 100.0, "{ms} ms");
}

#[test]
fn cli_json_and_csv() {
    let dir = std::env::temp_dir().join(format!("ti-atlas-compare-{}", std::process::id()));
    // The folder must exist: nothing is created behind the user's back.
    std::fs::create_dir_all(&dir).expect("dir");
    let csv = dir.join("comparaison.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_ti-atlas"))
        .args(["compare", "--json", "--csv"])
        .arg(&csv)
        .output()
        .expect("run ti-atlas");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rows = v["territories"].as_array().expect("territories");
    assert_eq!(rows.len(), 332);
    let new = rows.iter().filter(|r| r["continuity"] == "Nouveau").count();
    assert_eq!(new, NEW_TEMPS2);
    assert_eq!(
        v["summary"]["only_temps2"]["communes"].as_u64(),
        Some(JOINED_COMMUNES as u64)
    );

    let text = std::fs::read_to_string(&csv).expect("CSV written");
    assert!(text.starts_with('\u{feff}'));
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1 + 332);
    assert!(lines[0].contains(";population municipale 2022;superficie km²;"));
    let _ = std::fs::remove_dir_all(&dir);
}

const NEW_TEMPS2: usize = 29;
const DROPPED_TEMPS1: usize = 7;
const NEW_TEMPS2_POPULATION: u64 = 6_889_503;
const JOINED_COMMUNES: usize = 4313;
const LEFT_COMMUNES: usize = 1824;
