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
use ti_atlas::model::geography::generations::{Continuity, compare};
use ti_atlas::model::imports::Imports;
use ti_atlas::model::indicators::IndicatorTable;
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
    // CC, CA, CU and the métropoles; the EPT are not in the EPCI layer (said in the rule).
    assert_eq!(
        map.legend.categories.len(),
        4,
        "{:?}",
        map.legend.categories
    );
    let kinds: BTreeSet<&str> = epci.iter().map(|e| e.kind.as_str()).collect();
    assert!(
        !kinds.contains("EPT"),
        "the bundle's EPCI layer holds no EPT"
    );
    assert!(map.legend.notes.iter().any(|n| n.contains("EPT")));
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
    let map = Choropleth::typology(&ds, &imports, &TypologyChoice::new(&t.id)).expect("map");
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
