//! Typology maps on real data: every unit's category and colour against the bundle (Temps
//! status from the Temps I / Temps II comparison, EPCI legal nature from the EPCI table), the
//! SVG's one path per unit with its id and `data-categorie`, the legend's counts, symbols over
//! a typology, an imported text column read as categories and mapped, and the CLI.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::cli::{scratch, stdout, ti_atlas};
use common::{dataset, scene, table};
use ti_atlas::carto::{Choropleth, MapSettings, MapSpec, SymbolSettings, Symbols};
use ti_atlas::export::{MapExport, View, map_svg};
use ti_atlas::format::{decimal_fr, with_unit};
use ti_atlas::model::geography::generations::{Continuity, compare};
use ti_atlas::model::imports::Imports;
use ti_atlas::model::indicators::IndicatorTable;
use ti_atlas::model::indicators::bivariate::BivariateSpec;
use ti_atlas::model::typology::from_classes::{self, ClassTypes, parse_types};
use ti_atlas::model::typology::{self, TypologyChoice, builtin};
use ti_atlas::model::{Generation, Level};

fn typology_map(id: &str) -> Choropleth {
    let settings = MapSettings {
        typology: Some(TypologyChoice::new(id)),
        ..MapSettings::default()
    };
    let spec = settings
        .choropleth_spec(None)
        .expect("spec")
        .expect("a typology");
    let level = typology::level_of(id).expect("level");
    assert_eq!(spec.level, level);
    let table = IndicatorTable::for_level(dataset(), level);
    Choropleth::compute(dataset(), &table, &spec).expect("typology map")
}

/// `(id, data-categorie, fill)` of every unit path of a layer class in an SVG.
fn unit_paths(svg: &str, class: &str) -> Vec<(String, Option<String>, String)> {
    let attr = |tag: &str, name: &str| {
        let key = format!(" {name}=\"");
        let start = tag.find(&key)? + key.len();
        let end = tag[start..].find('"')? + start;
        Some(tag[start..end].to_owned())
    };
    svg.split("<path")
        .skip(1)
        .filter_map(|rest| {
            let tag = &rest[..rest.find("/>")?];
            if attr(tag, "class").as_deref() != Some(class) {
                return None;
            }
            Some((
                attr(tag, "id")?,
                attr(tag, "data-categorie"),
                attr(tag, "fill").unwrap_or_default(),
            ))
        })
        .collect()
}

fn hex(rgb: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

#[test]
fn temps_status_follows_the_comparison_unit_by_unit_in_two_colours() {
    let map = typology_map("statut_temps");
    let comparison = compare(dataset());
    let status: BTreeMap<&str, Continuity> = comparison
        .territories
        .iter()
        .filter(|t| t.generation == Generation::Temps2)
        .map(|t| (t.id.as_str(), t.continuity))
        .collect();
    let categories = map.unit_categories.as_ref().expect("categories");
    let territories: Vec<_> = dataset().territories(Generation::Temps2).collect();
    assert_eq!(territories.len(), 183);
    assert_eq!(map.fills.len(), 183);
    let legend = &map.legend;
    assert_eq!(
        legend.categories,
        [builtin::NEW, builtin::CONTINUING],
        "two categories, new first"
    );
    for (i, t) in territories.iter().enumerate() {
        let expected = match status[t.id.as_str()] {
            Continuity::Nouveau => 0,
            _ => 1,
        };
        assert_eq!(
            categories[i].as_deref(),
            Some(legend.categories[expected].as_str()),
            "{}",
            t.id
        );
        assert_eq!(map.fills[i], legend.colours[expected], "{}", t.id);
    }
    let colours: BTreeSet<[u8; 3]> = map.fills.iter().copied().collect();
    assert_eq!(colours.len(), 2, "exactly two colours");
    // The counts the issue gives (29 new, 154 continuing), from the data.
    assert_eq!(legend.classification.counts, [29, 154]);
    assert_eq!(legend.classification.missing, 0);
    assert_eq!(
        legend.class_rows(),
        ["nouveau en 2023 (29)", "déjà labellisé en 2018-2022 (154)"]
    );
    // In French words: no palette's English name ("Set2") in the legend.
    assert_eq!(legend.method, "typologie");
}

#[test]
fn the_svg_keeps_one_path_per_territory_with_its_category_and_the_counts() {
    let map = typology_map("statut_temps");
    let spec = MapSpec::from_settings(
        &MapSettings {
            typology: Some(TypologyChoice::new("statut_temps")),
            ..MapSettings::default()
        },
        Some(map.clone()),
    );
    let export = MapExport::of_map(1600.0, 1200.0, View::France, spec, None, "05/12/2026");
    let svg = map_svg(dataset(), scene(), &export);
    let paths = unit_paths(&svg, "territoire-2023");
    let ids: BTreeSet<&str> = paths.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(paths.len(), 183, "one path per territory (insets included)");
    assert_eq!(ids.len(), 183, "ids unique");
    let by_id: BTreeMap<String, usize> = dataset()
        .territories(Generation::Temps2)
        .enumerate()
        .map(|(i, t)| (t.id.as_str().to_owned(), i))
        .collect();
    let categories = map.unit_categories.as_ref().expect("categories");
    for (id, category, fill) in &paths {
        let i = by_id[id.as_str()];
        assert_eq!(category, &categories[i], "{id}");
        assert_eq!(fill, &hex(map.fills[i]), "{id}");
    }
    for row in ["nouveau en 2023 (29)", "déjà labellisé en 2018-2022 (154)"] {
        assert!(svg.contains(row), "legend row {row}");
    }
}

#[test]
fn epci_legal_nature_draws_every_kind_of_the_layer() {
    let map = typology_map("nature_juridique_epci");
    assert_eq!(map.level, Level::Epci);
    let categories = map.unit_categories.as_ref().expect("categories");
    let epci = &dataset().tables.epci;
    assert_eq!(map.fills.len(), epci.len());
    for (i, e) in epci.iter().enumerate() {
        let expected = builtin::nature_label(&e.kind);
        assert_eq!(categories[i].as_deref(), expected, "{} {}", e.siren, e.kind);
        let row = map
            .legend
            .categories
            .iter()
            .position(|c| Some(c.as_str()) == expected)
            .expect("a legend row");
        assert_eq!(map.fills[i], map.legend.colours[row], "{}", e.siren);
    }
    // CC, CA, CU, the métropoles and the 11 EPT of the Grand Paris (the rule says Paris shows
    // the Métropole du Grand Paris).
    let counts: Vec<(&str, usize)> = map
        .legend
        .categories
        .iter()
        .map(String::as_str)
        .zip(map.legend.classification.counts.iter().copied())
        .collect();
    assert_eq!(
        counts,
        [
            ("Communauté de communes (CC)", 990),
            ("Communauté d'agglomération (CA)", 229),
            ("Communauté urbaine (CU)", 14),
            ("Métropole", 22),
            ("Établissement public territorial (EPT)", 11),
        ]
    );
    let kinds: BTreeSet<&str> = epci.iter().map(|e| e.kind.as_str()).collect();
    assert!(kinds.contains("EPT"));
    assert!(
        map.legend
            .notes
            .iter()
            .any(|n| n.contains("EPT") && n.contains("Paris")),
        "{:?}",
        map.legend.notes
    );
    let total: usize = map.legend.classification.counts.iter().sum();
    assert_eq!(total, epci.len());
}

#[test]
fn every_builtin_typology_accounts_for_every_unit() {
    for id in builtin::IDS {
        let t = builtin::compute(dataset(), id).expect(id);
        let level = typology::level_of(id).expect("level");
        assert_eq!(t.level, level, "{id}");
        let units = match level {
            Level::Territoire => 183,
            Level::Epci => dataset().tables.epci.len(),
            Level::Departement => dataset().tables.departements.len(),
        };
        assert_eq!(t.units.len(), units, "{id}");
        let counted: usize = t.counts().iter().sum::<usize>() + t.missing();
        assert_eq!(counted, units, "{id}");
        assert!(t.counts().iter().all(|&n| n > 0), "{id}: an empty category");
    }
    // Région: each territory in the région its id names.
    let regions = builtin::compute(dataset(), "region").expect("region");
    for (i, t) in dataset().territories(Generation::Temps2).enumerate() {
        assert_eq!(
            regions.category_of(i),
            dataset().region_name(&t.region),
            "{}",
            t.id
        );
    }
}

#[test]
fn symbols_go_over_a_typology() {
    let map = typology_map("statut_temps");
    let symbols = Symbols::compute(
        dataset(),
        table(),
        &SymbolSettings {
            indicator: Some("population".into()),
            ..SymbolSettings::default()
        },
        &MapSettings::default().natures,
    )
    .expect("symbols")
    .expect("some");
    let spec =
        MapSpec::from_settings(&MapSettings::default(), Some(map)).with_symbols(Some(symbols));
    let export = MapExport::of_map(1600.0, 1200.0, View::France, spec, None, "05/12/2026");
    let svg = map_svg(dataset(), scene(), &export);
    assert_eq!(unit_paths(&svg, "territoire-2023").len(), 183);
    assert!(svg.matches("class=\"symbole\"").count() > 150);
    assert!(svg.contains("nouveau en 2023 (29)"));
}

#[test]
fn an_imported_text_column_is_read_as_categories_and_mapped() {
    use ti_atlas::io::import::{ImportKind, absorb, import_file};
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/types-industrie.csv");
    let mut ds = dataset().clone();
    let locator = ti_atlas::model::imports::projects::TerritoryLocator::build(&ds);
    let (imported, report) =
        import_file(&path, None, ImportKind::Auto, &ds, &locator).expect("import");
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("type_industrie") && n.contains("catégorielle")),
        "{:?}",
        report.notes
    );
    assert!(report.series.iter().any(|s| s.contains("typologie")));
    let mut imports = Imports::default();
    absorb(&mut imports, &mut ds.tables.sources, imported, "05/12/2026");
    let t = typology::all(&ds, &imports)
        .into_iter()
        .find(|t| t.label.starts_with("type_industrie"))
        .expect("the column's typology");
    assert_eq!(typology::level_of(&t.id), Some(Level::Territoire));
    assert_eq!(t.categories, ["chimie", "agroalimentaire"]);
    assert_eq!(t.counts(), [2, 1]);
    // ti-0101's cell is empty and 179 territories are not in the file: non renseigné.
    assert_eq!(t.missing(), 180);
    let i8402 = dataset()
        .territory_feature_index(Generation::Temps2, &"ti-8402".into())
        .expect("ti-8402");
    assert_eq!(t.category_of(i8402), Some("chimie"));
    let map = Choropleth::typology(&ds, &imports, None, &TypologyChoice::new(&t.id)).expect("map");
    assert_eq!(map.legend.missing_text(), "non renseigné (180)");
    assert_eq!(map.fills[i8402], map.legend.colours[0]);
    assert!(
        map.legend
            .missing_reasons
            .iter()
            .any(|(r, n)| *n == 180 && r.contains("types-industrie.csv"))
    );
}

#[test]
fn the_cli_lists_typologies_and_maps_one() {
    let out = ti_atlas(&["typologies", "--json"]);
    assert!(out.status.success());
    let list: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let statut = list
        .as_array()
        .expect("array")
        .iter()
        .find(|t| t["id"] == "statut_temps")
        .expect("statut_temps");
    assert_eq!(statut["categories"][0]["count"], 29);
    assert_eq!(statut["categories"][1]["count"], 154);
    let dir = scratch("typology", "cli");
    let svg = dir.join("statut.svg");
    let out = ti_atlas(&[
        "export",
        "map",
        "--typology",
        "statut_temps",
        "--typology-palette",
        "Dark2",
        "--out",
        svg.to_str().expect("path"),
    ]);
    assert!(out.status.success(), "{}", common::cli::stderr(&out));
    let text = std::fs::read_to_string(&svg).expect("svg");
    let paths = unit_paths(&text, "territoire-2023");
    assert_eq!(paths.len(), 183);
    let fills: BTreeSet<&str> = paths.iter().map(|p| p.2.as_str()).collect();
    assert_eq!(fills.len(), 2, "{fills:?}");
    assert!(fills.contains("#1b9e77"), "Dark2's first colour: {fills:?}");
    // An imported column's typology, through --import.
    let csv = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/types-industrie.csv");
    let out = ti_atlas(&["typologies", "--import", csv.to_str().expect("path")]);
    let listed = stdout(&out);
    let id = listed
        .lines()
        .find(|l| l.starts_with("import:") && l.contains("type_industrie"))
        .and_then(|l| l.split(' ').next())
        .expect("the imported typology listed")
        .to_owned();
    let svg2 = dir.join("types.svg");
    let out = ti_atlas(&[
        "export",
        "map",
        "--import",
        csv.to_str().expect("path"),
        "--typology",
        &id,
        "--out",
        svg2.to_str().expect("path"),
    ]);
    assert!(out.status.success(), "{}", common::cli::stderr(&out));
    let text = std::fs::read_to_string(&svg2).expect("svg");
    let chimie = unit_paths(&text, "territoire-2023")
        .into_iter()
        .filter(|p| p.1.as_deref() == Some("chimie"))
        .count();
    assert_eq!(chimie, 2);
    assert!(text.contains("non renseigné (180)"));
    // An unknown typology is a usage error.
    let out = ti_atlas(&["export", "map", "--typology", "inconnue", "--out", "x.svg"]);
    assert_eq!(out.status.code(), Some(2));
    // A typology and a bivariate map both colour the units: asking both is refused, never one
    // silently kept.
    let out = ti_atlas(&[
        "export",
        "map",
        "--typology",
        "statut_temps",
        "--bivariate",
        "part_emploi_industrie,densite",
        "--out",
        "x.svg",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--typology") && err.contains("--bivariate") && err.contains("ne peut pas"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The grid of the reading: industry share × private employment growth at the EPCI
/// maille, terciles, with two named types.
fn class_types(types: &str) -> ClassTypes {
    ClassTypes {
        title: String::new(),
        level: Level::Epci,
        x: ti_atlas::carto::bivariate::DEFAULT_X.into(),
        y: ti_atlas::carto::bivariate::DEFAULT_Y.into(),
        x_breaks: None,
        y_breaks: None,
        types: parse_types(types).expect("types"),
    }
}

const TYPES: &str = "en expansion=3-3,2-3;fragile=1-1,2-1";

/// Type-7 quantile of sorted values (as a spreadsheet's QUANTILE.INC).
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - h.floor()) * (sorted[hi] - sorted[lo])
}

#[test]
fn types_from_classes_follow_each_unit_s_cell_computed_from_the_values() {
    let settings = MapSettings {
        maille: Level::Epci,
        typology: Some(TypologyChoice::from_classes(class_types(TYPES))),
        ..MapSettings::default()
    };
    let spec = settings.choropleth_spec(None).expect("spec").expect("some");
    assert_eq!(spec.level, Level::Epci);
    let epci = IndicatorTable::for_level(dataset(), Level::Epci);
    let map = Choropleth::compute(dataset(), &epci, &spec).expect("typology from classes");
    let legend = &map.legend;
    assert_eq!(
        legend.categories,
        ["en expansion", "fragile", from_classes::OTHER_CELLS]
    );
    // Each unit's cell, from its two values and terciles computed here.
    let column = |id: &str| {
        let i = epci.position(&id.into()).expect("indicator");
        epci.values[i]
            .iter()
            .map(|v| v.as_f64())
            .collect::<Vec<_>>()
    };
    let (xs, ys) = (
        column(ti_atlas::carto::bivariate::DEFAULT_X),
        column(ti_atlas::carto::bivariate::DEFAULT_Y),
    );
    let both: Vec<(f64, f64)> = xs
        .iter()
        .zip(&ys)
        .filter_map(|(x, y)| Some(((*x)?, (*y)?)))
        .collect();
    let sorted = |pick: fn(&(f64, f64)) -> f64| {
        let mut v: Vec<f64> = both.iter().map(pick).collect();
        v.sort_by(f64::total_cmp);
        v
    };
    let (sx, sy) = (sorted(|p| p.0), sorted(|p| p.1));
    let bx = [quantile(&sx, 1.0 / 3.0), quantile(&sx, 2.0 / 3.0)];
    let by = [quantile(&sy, 1.0 / 3.0), quantile(&sy, 2.0 / 3.0)];
    let class = |v: f64, b: [f64; 2]| usize::from(v > b[0]) + usize::from(v > b[1]);
    let categories = map.unit_categories.as_ref().expect("categories");
    assert_eq!(categories.len(), epci.values[0].len());
    let mut counts = [0usize; 3];
    let mut missing = 0;
    for (u, (x, y)) in xs.iter().zip(&ys).enumerate() {
        let expected = match (x, y) {
            (Some(x), Some(y)) => Some(match (class(*x, bx), class(*y, by)) {
                (2, 2) | (1, 2) => 0,
                (0, 0) | (1, 0) => 1,
                _ => 2,
            }),
            _ => None,
        };
        match expected {
            Some(c) => {
                counts[c] += 1;
                assert_eq!(
                    categories[u].as_deref(),
                    Some(legend.categories[c].as_str()),
                    "unit {u}"
                );
                assert_eq!(map.fills[u], legend.colours[c], "unit {u}");
            }
            None => {
                missing += 1;
                assert_eq!(categories[u], None, "unit {u}");
                assert_eq!(map.fills[u], legend.missing_colour, "unit {u}");
            }
        }
    }
    // The legend counts them, and says the units without a cell.
    assert_eq!(legend.classification.counts, counts);
    assert_eq!(legend.classification.missing, missing);
    // The 23 overseas EPCI and the 11 EPT (no private-employment series for them).
    assert_eq!(missing, 34);
    assert!(counts.iter().all(|&n| n > 100), "{counts:?}");
    assert_eq!(legend.missing_text(), format!("non renseigné ({missing})"));
    assert_eq!(
        legend.class_rows()[0],
        format!("en expansion ({})", counts[0])
    );
    // Each type's rule, from the real bounds in French.
    let grid = ti_atlas::model::indicators::bivariate::compute(
        dataset(),
        &epci,
        &BivariateSpec::terciles(
            Level::Epci,
            &ti_atlas::carto::bivariate::DEFAULT_X.into(),
            &ti_atlas::carto::bivariate::DEFAULT_Y.into(),
        ),
    )
    .expect("grid");
    for (mine, theirs) in bx.iter().zip(&grid.x.classification.breaks[1..3]) {
        assert!((mine - theirs).abs() < 1e-9, "{mine} {theirs}");
    }
    let bound = |axis: &ti_atlas::model::indicators::bivariate::Axis, i: usize| {
        with_unit(
            &decimal_fr(axis.classification.breaks[i], axis.decimals),
            &axis.unit,
        )
    };
    let expansion = format!(
        "en expansion : {} > {} et {} > {}",
        grid.x.label,
        bound(&grid.x, 1),
        grid.y.label,
        bound(&grid.y, 2)
    );
    let fragile = format!(
        "fragile : {} ≤ {} et {} ≤ {}",
        grid.x.label,
        bound(&grid.x, 2),
        grid.y.label,
        bound(&grid.y, 1)
    );
    assert!(legend.notes.contains(&expansion), "{:?}", legend.notes);
    assert!(legend.notes.contains(&fragile), "{:?}", legend.notes);
    assert!(
        legend
            .notes
            .contains(&"autres situations : les autres cellules de la grille".to_owned())
    );
    // On paper: one path per EPCI with its type, the rule in the legend.
    let export = MapExport::of_map(
        1600.0,
        1200.0,
        View::France,
        MapSpec::from_settings(&settings, Some(map.clone())),
        None,
        "05/12/2026",
    );
    let svg = map_svg(dataset(), scene(), &export);
    let paths = unit_paths(&svg, "epci");
    let ids: BTreeSet<&str> = paths.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(ids.len(), paths.len(), "one path per EPCI");
    let drawn_expansion = paths
        .iter()
        .filter(|p| p.1.as_deref() == Some("en expansion"))
        .count();
    assert_eq!(drawn_expansion, counts[0]);
    assert!(svg.contains("en expansion : "), "the rule on paper");
}

#[test]
fn a_unit_s_sheet_and_the_table_give_its_type() {
    let choice = TypologyChoice::from_classes(class_types(TYPES));
    let epci = IndicatorTable::for_level(dataset(), Level::Epci);
    let typ = ti_atlas::carto::typology::typology_of(
        dataset(),
        &Imports::default(),
        Some(&epci),
        &choice,
    )
    .expect("typology");
    let styled = typology::style::style(&typ, &choice.style, choice.scheme);
    let u = typ
        .units
        .iter()
        .position(|c| *c == Some(1))
        .expect("a fragile EPCI");
    let fact = ti_atlas::sheet::typology_fact(&typ, &styled, u);
    assert_eq!(fact.label, typ.label);
    assert!(
        fact.value
            .starts_with("fragile (Part des emplois dans l'industrie ≤ "),
        "{}",
        fact.value
    );
    let none = typ
        .units
        .iter()
        .position(Option::is_none)
        .expect("a unit without");
    assert_eq!(
        ti_atlas::sheet::typology_fact(&typ, &styled, none).value,
        typology::NOT_GIVEN
    );
    // `export table`: the type column.
    let dir = scratch("typology", "classes-table");
    let csv = dir.join("types.csv");
    let out = ti_atlas(&[
        "export",
        "table",
        "--level",
        "epci",
        "--indicator",
        "population",
        "--bivariate",
        "part_emploi_industrie,evolution_emploi_prive_2017_2024",
        "--typology-from-classes",
        TYPES,
        "--out",
        csv.to_str().expect("path"),
    ]);
    assert!(out.status.success(), "{}", common::cli::stderr(&out));
    assert!(common::cli::stderr(&out).contains("en expansion : "));
    let text = std::fs::read_to_string(&csv).expect("csv");
    let header = text.lines().next().expect("header");
    assert!(header.ends_with(&format!(";{}", typ.label)), "{header}");
    let count = |name: &str| {
        text.lines()
            .skip(1)
            .filter(|l| l.ends_with(&format!(";{name}")))
            .count()
    };
    let counts = typ.counts();
    assert_eq!(count("en expansion"), counts[0]);
    assert_eq!(count("fragile"), counts[1]);
    assert_eq!(count(typology::NOT_GIVEN), 34, "23 overseas EPCI, 11 EPT");
}

#[test]
fn the_cli_maps_types_from_classes_and_refuses_bad_ones_in_french() {
    let dir = scratch("typology", "classes-cli");
    let svg = dir.join("types.svg");
    let out = ti_atlas(&[
        "export",
        "map",
        "--level",
        "epci",
        "--bivariate",
        "part_emploi_industrie,evolution_emploi_prive_2017_2024",
        "--typology-from-classes",
        TYPES,
        "--typology-title",
        "Dynamiques des EPCI",
        "--typology-palette",
        "Dark2",
        "--save-project",
        dir.join("types.tiatlas").to_str().expect("path"),
        "--out",
        svg.to_str().expect("path"),
    ]);
    assert!(out.status.success(), "{}", common::cli::stderr(&out));
    let text = std::fs::read_to_string(&svg).expect("svg");
    // The project keeps the types: the same map drawn again from it.
    let again = dir.join("again.svg");
    let out = ti_atlas(&[
        "export",
        "map",
        "--project",
        dir.join("types.tiatlas").to_str().expect("path"),
        "--out",
        again.to_str().expect("path"),
    ]);
    assert!(out.status.success(), "{}", common::cli::stderr(&out));
    let again = std::fs::read_to_string(&again).expect("svg");
    assert_eq!(unit_paths(&again, "epci"), unit_paths(&text, "epci"));
    let paths = unit_paths(&text, "epci");
    let kinds: BTreeSet<Option<&str>> = paths.iter().map(|p| p.1.as_deref()).collect();
    assert_eq!(
        kinds,
        BTreeSet::from([
            None,
            Some("en expansion"),
            Some("fragile"),
            Some("autres situations")
        ])
    );
    assert!(text.contains("Dynamiques des EPCI"));
    let fills: BTreeSet<&str> = paths.iter().map(|p| p.2.as_str()).collect();
    assert!(fills.contains("#1b9e77"), "Dark2's first colour: {fills:?}");
    // Every case of the fixture is refused (exit code 2) with what is wrong.
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/typology/types-invalides.txt");
    let cases = std::fs::read_to_string(fixture).expect("fixture");
    let mut checked = 0;
    for line in cases
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let (value, expected) = line.split_once('\t').expect("value<TAB>message");
        let out = ti_atlas(&[
            "export",
            "map",
            "--level",
            "epci",
            "--bivariate",
            "part_emploi_industrie,evolution_emploi_prive_2017_2024",
            "--typology-from-classes",
            value,
            "--out",
            dir.join("refus.svg").to_str().expect("path"),
        ]);
        let err = common::cli::stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{value}: {err}");
        assert!(err.contains(expected), "{value}: {err}");
        assert!(err.contains("--typology-from-classes"), "{value}: {err}");
        checked += 1;
    }
    assert!(checked >= 10);
    assert!(!dir.join("refus.svg").exists(), "nothing written");
    // Without the grid: refused by the parser.
    let out = ti_atlas(&[
        "export",
        "map",
        "--typology-from-classes",
        TYPES,
        "--out",
        "x.svg",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

/// The other reading: the classes of one growth rate (6 classes symmetric around 0),
/// the highest two "en expansion", the lowest "fragile".
const GROWTH: &str = "evolution_emploi_2016_2022";
const CLASS_TYPES: &str = "en expansion=5,6;fragile=1";

/// The EPCI map of `GROWTH` in 6 classes, as the Couches panel and `export map` make it.
fn growth_settings() -> MapSettings {
    MapSettings {
        maille: Level::Epci,
        indicator: Some(GROWTH.into()),
        method: ti_atlas::model::indicators::classify::MethodChoice::SymmetricQuantiles,
        classes: 6,
        palette: ti_atlas::palette::Palette::default_for(true),
        ..MapSettings::default()
    }
}

#[test]
fn types_from_one_indicator_s_classes_follow_each_unit_s_class() {
    use ti_atlas::model::typology::from_indicator_classes;
    let epci = IndicatorTable::for_level(dataset(), Level::Epci);
    let mut settings = growth_settings();
    let spec = settings.choropleth_spec(None).expect("spec").expect("some");
    let classes = Choropleth::compute(dataset(), &epci, &spec).expect("classes");
    let legend = &classes.legend;
    assert_eq!(legend.classification.class_count(), 6);
    let types = ti_atlas::carto::typology::indicator_class_types(
        &GROWTH.into(),
        legend,
        from_indicator_classes::parse_types(CLASS_TYPES).expect("types"),
        "",
    )
    .expect("types on the map's classes");
    assert_eq!(types.bounds, legend.classification.breaks);
    settings.typology = Some(TypologyChoice::from_indicator_classes(types));
    let spec = settings.choropleth_spec(None).expect("spec").expect("some");
    let map = Choropleth::compute(dataset(), &epci, &spec).expect("typology");
    let t = &map.legend;
    assert_eq!(
        t.categories,
        ["en expansion", "fragile", from_classes::OTHER_CELLS]
    );
    // Each unit's type from its value and the classes the map showed.
    let i = epci.position(&GROWTH.into()).expect("indicator");
    let categories = map.unit_categories.as_ref().expect("categories");
    let mut counts = [0usize; 3];
    for (u, v) in epci.values[i].iter().enumerate() {
        let expected =
            v.as_f64().map(
                |v| match legend.classification.class_of(v).expect("in the bounds") {
                    4 | 5 => 0,
                    0 => 1,
                    _ => 2,
                },
            );
        match expected {
            Some(c) => {
                counts[c] += 1;
                assert_eq!(categories[u].as_deref(), Some(t.categories[c].as_str()));
                assert_eq!(map.fills[u], t.colours[c], "unit {u}");
            }
            None => assert_eq!(categories[u], None, "unit {u}"),
        }
    }
    let by_class = &legend.classification.counts;
    assert_eq!(
        counts,
        [
            by_class[4] + by_class[5],
            by_class[0],
            by_class[1] + by_class[2] + by_class[3]
        ]
    );
    assert_eq!(t.classification.counts, counts);
    assert_eq!(t.classification.missing, legend.classification.missing);
    // The rules, with the bounds the map's legend writes.
    let d = legend.decimals;
    let b = |k: usize| decimal_fr(legend.classification.breaks[k], d);
    assert!(
        t.notes.contains(&format!(
            "en expansion : de {} (exclu) à {}",
            b(4),
            with_unit(&b(6), &legend.unit)
        )),
        "{:?}",
        t.notes
    );
    assert!(
        t.notes.contains(&format!(
            "fragile : de {} à {}",
            b(0),
            with_unit(&b(1), &legend.unit)
        )),
        "{:?}",
        t.notes
    );
    assert!(
        t.notes[0].starts_with("Règle : 6 classes d'Évolution annuelle moyenne de l'emploi"),
        "{:?}",
        t.notes
    );
}

#[test]
fn the_cli_maps_and_tables_types_from_one_indicator_s_classes() {
    let dir = scratch("typology", "indicator-classes");
    let svg = dir.join("types.svg");
    let flags = [
        "--level",
        "epci",
        "--indicator",
        GROWTH,
        "--method",
        "symmetric-quantiles",
        "--classes",
        "6",
    ];
    let project = dir.join("types.tiatlas");
    let mut args = vec!["export", "map"];
    args.extend(flags);
    args.extend([
        "--typology-from-classes",
        CLASS_TYPES,
        "--typology-title",
        "Dynamique de l'emploi",
        "--save-project",
        project.to_str().expect("path"),
        "--out",
        svg.to_str().expect("path"),
    ]);
    let out = ti_atlas(&args);
    assert!(out.status.success(), "{}", common::cli::stderr(&out));
    assert!(common::cli::stderr(&out).contains("en expansion : de "));
    let text = std::fs::read_to_string(&svg).expect("svg");
    assert!(text.contains("Dynamique de l'emploi"));
    let paths = unit_paths(&text, "epci");
    let ids: BTreeSet<&str> = paths.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(ids.len(), paths.len(), "one path per EPCI");
    let count = |name: Option<&str>| paths.iter().filter(|p| p.1.as_deref() == name).count();
    // The classes the plain map shows, counted in its legend.
    let epci = IndicatorTable::for_level(dataset(), Level::Epci);
    let spec = growth_settings()
        .choropleth_spec(None)
        .expect("spec")
        .expect("some");
    let plain = Choropleth::compute(dataset(), &epci, &spec).expect("classes");
    let c = &plain.legend.classification.counts;
    assert_eq!(count(Some("en expansion")), c[4] + c[5]);
    assert_eq!(count(Some("fragile")), c[0]);
    assert_eq!(count(Some("autres situations")), c[1] + c[2] + c[3]);
    // The project keeps the types and their bounds: the same map drawn again from it.
    let again = dir.join("again.svg");
    let out = ti_atlas(&[
        "export",
        "map",
        "--project",
        project.to_str().expect("path"),
        "--out",
        again.to_str().expect("path"),
    ]);
    assert!(out.status.success(), "{}", common::cli::stderr(&out));
    let again = std::fs::read_to_string(&again).expect("svg");
    assert_eq!(unit_paths(&again, "epci"), paths);
    // `export table`: the type column.
    let csv = dir.join("types.csv");
    let mut args = vec!["export", "table"];
    args.extend(flags);
    args.extend([
        "--typology-from-classes",
        CLASS_TYPES,
        "--out",
        csv.to_str().expect("path"),
    ]);
    let out = ti_atlas(&args);
    assert!(out.status.success(), "{}", common::cli::stderr(&out));
    let table_text = std::fs::read_to_string(&csv).expect("csv");
    let header = table_text.lines().next().expect("header");
    assert!(
        header.ends_with(
            ";Types : Évolution annuelle moyenne de l'emploi au lieu de travail, 2016-2022"
        ),
        "{header}"
    );
    let rows = |name: &str| {
        table_text
            .lines()
            .skip(1)
            .filter(|l| l.ends_with(&format!(";{name}")))
            .count()
    };
    assert_eq!(rows("en expansion"), c[4] + c[5]);
    assert_eq!(rows("fragile"), c[0]);
    assert_eq!(
        rows(typology::NOT_GIVEN),
        plain.legend.classification.missing
    );
    // Bad types: exit code 2, what is wrong in French, nothing written.
    for (types, expected) in [
        (
            "en expansion=6,7",
            "la classe 7 n'existe pas (la carte a 6 classes : 1 à 6)",
        ),
        (
            "a=1,2;b=2",
            "la classe 2 est dans deux types : « a » et « b »",
        ),
        (
            "a=3-3",
            "des cellules « X-Y » demandent la grille de --bivariate X,Y",
        ),
        ("a=deux", "classe « deux » invalide"),
    ] {
        let mut args = vec!["export", "map"];
        args.extend(flags);
        let refused = dir.join("refus.svg");
        args.extend([
            "--typology-from-classes",
            types,
            "--out",
            refused.to_str().expect("path"),
        ]);
        let out = ti_atlas(&args);
        let err = common::cli::stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{types}: {err}");
        assert!(err.contains(expected), "{types}: {err}");
        assert!(!refused.exists(), "nothing written");
    }
    let out = ti_atlas(&[
        "export",
        "map",
        "--level",
        "epci",
        "--typology-from-classes",
        CLASS_TYPES,
        "--out",
        dir.join("refus.svg").to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(common::cli::stderr(&out).contains("demande --indicator"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `export map --typology nature_juridique_epci --level epci` draws the five legal natures with
/// their counts, the 11 EPT among them, each EPT's path naming its category.
#[test]
fn the_legal_nature_map_draws_five_kinds_with_the_ept() {
    let dir = scratch("typology", "nature");
    let svg = dir.join("natures.svg");
    let out = ti_atlas(&[
        "export",
        "map",
        "--typology",
        "nature_juridique_epci",
        "--level",
        "epci",
        "--out",
        svg.to_str().expect("path"),
    ]);
    assert!(out.status.success(), "{}", common::cli::stderr(&out));
    let text = std::fs::read_to_string(&svg).expect("svg");
    // One path per unit on the main map (Île-de-France's inset repeats its units as `-idf`).
    let mut per_category: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (id, category, _) in unit_paths(&text, "epci") {
        let id = id.strip_suffix("-idf").map_or(id.clone(), str::to_owned);
        per_category
            .entry(category.expect("every unit has a nature"))
            .or_default()
            .insert(id);
    }
    let counts: BTreeMap<&str, usize> = per_category
        .iter()
        .map(|(c, ids)| (c.as_str(), ids.len()))
        .collect();
    assert_eq!(
        counts,
        BTreeMap::from([
            ("Communauté d'agglomération (CA)", 229),
            ("Communauté de communes (CC)", 990),
            ("Communauté urbaine (CU)", 14),
            ("Métropole", 22),
            ("Établissement public territorial (EPT)", 11),
        ])
    );
    let ept: BTreeSet<String> = dataset()
        .tables
        .epci
        .iter()
        .filter(|e| e.is_ept())
        .map(|e| format!("epci-{}", e.siren))
        .collect();
    assert_eq!(
        per_category.get("Établissement public territorial (EPT)"),
        Some(&ept)
    );
    for n in ["990", "229", "14", "22", "11"] {
        assert!(text.contains(&format!("({n})")), "legend count {n}");
    }
}

#[test]
fn export_layer_carries_the_category_and_styles_the_layer_by_it() {
    let dir = scratch("typology", "layer");
    let out_path = dir.join("natures.geojson");
    let out = ti_atlas(&[
        "export",
        "layer",
        "--layer",
        "epci",
        "--typology",
        "nature_juridique_epci",
        "--out",
        out_path.to_str().expect("path"),
    ]);
    assert!(out.status.success(), "{}", common::cli::stderr(&out));
    let geojson: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out_path).expect("geojson")).expect("json");
    let features = geojson["features"].as_array().expect("features");
    let epci = &dataset().tables.epci;
    assert_eq!(features.len(), epci.len());
    let map = typology_map("nature_juridique_epci");
    let legend = &map.legend;
    for f in features {
        let p = &f["properties"];
        let code = p["code"].as_str().expect("code");
        let e = epci.iter().find(|e| e.siren == code).expect("the EPCI");
        let expected = builtin::nature_label(&e.kind);
        assert_eq!(p["typologie"].as_str(), expected, "{code}");
        let n = expected.and_then(|c| legend.categories.iter().position(|l| l == c));
        assert_eq!(
            p["typologie_classe"].as_u64(),
            n.map(|i| i as u64 + 1),
            "{code}"
        );
        let colour = n.map_or(legend.missing_colour, |i| legend.colours[i]);
        assert_eq!(p["typologie_couleur"].as_str(), Some(hex(colour).as_str()));
    }
    // The QGIS style and the SLD: one rule per category in its colour.
    let qml = std::fs::read_to_string(dir.join("natures.qml")).expect("qml");
    let sld = std::fs::read_to_string(dir.join("natures.sld")).expect("sld");
    for (i, (category, colour)) in legend.categories.iter().zip(&legend.colours).enumerate() {
        let label = category.replace('\'', "&apos;");
        assert!(
            qml.contains(&format!(
                "label=\"{label}\" filter=\"&quot;typologie_classe&quot; = {}\"",
                i + 1
            )),
            "{category} in the .qml"
        );
        assert!(
            qml.contains(&format!("{},{},{},255", colour[0], colour[1], colour[2])),
            "{category}'s colour in the .qml"
        );
        assert!(
            sld.contains(&hex(*colour)),
            "{category}'s colour in the .sld"
        );
    }
    // A typology of another maille is refused before anything is read.
    let out = ti_atlas(&[
        "export",
        "layer",
        "--layer",
        "epci",
        "--typology",
        "statut_temps",
        "--out",
        dir.join("x.geojson").to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(common::cli::stderr(&out).contains("--layer ti-2023-2027"));
}

#[test]
fn the_pdf_sheet_writes_the_territory_s_type() {
    let dir = scratch("typology", "sheet");
    let pdf = dir.join("fiche.pdf");
    let out = ti_atlas(&[
        "export",
        "sheet",
        "--territory",
        "ti-5305",
        "--typology",
        "statut_temps",
        "--out",
        pdf.to_str().expect("path"),
    ]);
    assert!(out.status.success(), "{}", common::cli::stderr(&out));
    let bytes = std::fs::read(&pdf).expect("pdf");
    // The extracted text spaces letters apart: compared without any space.
    let bare = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let text = bare(&pdf_extract::extract_text_from_mem(&bytes).expect("text"));
    // ti-5305's status, from the Temps I / Temps II comparison.
    let label = builtin::label_of("statut_temps").expect("label");
    let t = dataset()
        .territory_feature_index(Generation::Temps2, &"ti-5305".into())
        .expect("ti-5305");
    let typ = builtin::compute(dataset(), "statut_temps").expect("typology");
    let category = typ.category_of(t).expect("a status");
    assert!(
        text.contains(&bare(&format!("{label} : {category}"))),
        "{label} : {category} — {text}"
    );
    // A typology of another maille is refused, in French.
    let out = ti_atlas(&[
        "export",
        "sheet",
        "--territory",
        "ti-5305",
        "--typology",
        "nature_juridique_epci",
        "--out",
        dir.join("refus.pdf").to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(common::cli::stderr(&out).contains("typologie des territoires"));
    let _ = std::fs::remove_dir_all(&dir);
}
