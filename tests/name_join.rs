//! Spreadsheets as people write them, on the real bundle: a table of commune names with their
//! départements joins with no wrong match (the undecidable rows listed with candidates, never
//! guessed), and an action plan with its own headers imports after the column mapping
//! (guessed, or given by `--columns`). Fixtures: tests/fixtures/names.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::cli::{stderr, stdout, ti_atlas};
use common::dataset;
use ti_atlas::io::import::{ImportKind, Imported, import_file, import_file_with};
use ti_atlas::model::imports::column_map::ChoiceHow;
use ti_atlas::model::imports::name_match::{NameIndex, NameKind, NameMatch};
use ti_atlas::model::imports::projects::TerritoryLocator;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/names")
        .join(name)
}

fn locator() -> TerritoryLocator {
    TerritoryLocator::build(dataset())
}

#[test]
fn commune_names_join_exactly_the_decidable_rows() {
    let (imported, report) = import_file(
        &fixture("communes-noms.csv"),
        None,
        ImportKind::Auto,
        dataset(),
        &locator(),
    )
    .expect("import");
    let Imported::Table(table) = imported else {
        panic!("a joined table")
    };
    let names = table.names.as_ref().expect("joined by names");
    assert_eq!(names.name_column, "Commune");
    assert_eq!(names.departement_column.as_deref(), Some("Département"));
    // Every row joined by name, with the code chosen: exactly these, nothing else.
    let joined: BTreeMap<usize, &str> = names
        .joined_by_name
        .iter()
        .map(|j| (j.row, j.code.as_str()))
        .collect();
    let expected: BTreeMap<usize, &str> = [
        (2, "01354"),  // ST-GENIS POUILLY, 01
        (3, "78158"),  // Chesnay-Rocquencourt (Le), 78
        (4, "93066"),  // Saint-Denis, 93
        (5, "97411"),  // Saint Denis, 974
        (8, "01053"),  // Bourg en Bresse, Ain
        (10, "35360"), // Vitré, 35
        (13, "94038"), // L'HAY LES ROSES, 94
        (14, "35360"), // VITRE, 35 (a duplicate of row 10)
        (15, "63032"), // Beaumont, 63 (one of 8 Beaumont)
        (16, "68298"), // Ste Marie aux Mines, no département but a unique name
    ]
    .into_iter()
    .collect();
    assert_eq!(joined, expected);
    // To verify, not joined, with their candidates.
    let verify: BTreeMap<usize, Vec<&str>> = names
        .to_verify
        .iter()
        .map(|v| {
            (
                v.row,
                v.candidates.iter().map(|c| c.code.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        verify.keys().copied().collect::<Vec<_>>(),
        vec![6, 7, 9, 11]
    );
    // Beaumont without a département: homonyms, never guessed.
    assert_eq!(verify[&6].len(), 5, "at most five candidates listed");
    assert!(verify[&6].contains(&"07029"));
    // Oyonax (01): a misspelling, Oyonnax proposed.
    assert_eq!(verify[&7], vec!["01283"]);
    // Saint-Denis without a département: the four communes of that name.
    assert_eq!(verify[&9], vec!["11339", "30247", "93066", "97411"]);
    // Saint-Denis in the Ain: none there, the others listed.
    assert!(names.to_verify.iter().any(|v| {
        v.row == 11
            && v.reason
                .contains("aucune commune de ce nom dans le département 01")
    }));
    assert_eq!(
        names.unrecognised.iter().map(|u| u.row).collect::<Vec<_>>(),
        vec![12]
    );
    assert_eq!(names.duplicates, vec![("35360".to_owned(), vec![10, 14])]);
    // The join report counts the same; the rejected rows carry the candidates.
    assert_eq!(table.report.matched, 9);
    let rejected: Vec<usize> = report.rejected.iter().map(|r| r.row).collect();
    assert_eq!(rejected, vec![6, 7, 9, 11, 12]);
    let beaumont = &report.rejected[0].problem;
    assert!(
        beaumont.contains("à vérifier") && beaumont.contains("Beaumont (07029, dép. 07)"),
        "{beaumont}"
    );
    // The département column is a helper, not an indicator.
    assert!(
        table
            .series
            .iter()
            .all(|s| !s.label.contains("Département")),
        "{:?}",
        table.series.iter().map(|s| &s.label).collect::<Vec<_>>()
    );
    assert!(table.series.iter().any(|s| s.label.starts_with("Emplois")));
    let lines = report.lines_fr().join("\n");
    assert!(
        lines.contains(
            "10 par nom, 4 à vérifier (non jointes), 1 non reconnue(s), 1 code(s) en double"
        ),
        "{lines}"
    );
    assert!(
        lines.contains("« ST-GENIS POUILLY » (01) → 01354 Saint-Genis-Pouilly"),
        "{lines}"
    );
}

#[test]
fn index_reads_epci_and_territory_names_and_codes() {
    let epci = NameIndex::build(dataset(), NameKind::Epci);
    match epci.match_name("Communauté de communes Faucigny-Glières", None) {
        NameMatch::Joined { unit, .. } => assert_eq!(unit.code, "200000172"),
        other => panic!("{other:?}"),
    }
    let territories = NameIndex::build(dataset(), NameKind::Territoire);
    match territories.match_name("CAP EXCELLENCE", None) {
        NameMatch::Joined { unit, .. } => assert_eq!(unit.code, "ti-0102"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        territories.match_name("TI-0101", None),
        NameMatch::Code("ti-0101".into())
    );
    let communes = NameIndex::build(dataset(), NameKind::Commune);
    assert_eq!(
        communes.match_name("1053", None),
        NameMatch::Code("01053".into())
    );
    // A département that is not one is said, and the name read without it.
    match communes.match_name("Oyonnax", Some("Jura-Sud")) {
        NameMatch::Joined { unit, how } => {
            assert_eq!(unit.code, "01283");
            assert!(how.contains("« Jura-Sud » non reconnu"), "{how}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_plan_with_its_own_headers_imports_after_guessing() {
    let (imported, report) = import_file(
        &fixture("plan-entetes-libres.csv"),
        None,
        ImportKind::Auto,
        dataset(),
        &locator(),
    )
    .expect("import");
    let Imported::Plan(plan) = imported else {
        panic!("an action plan")
    };
    assert_eq!(plan.actions.len(), 2);
    assert_eq!(plan.actions[0].start.as_deref(), Some("2024-03-01"));
    assert_eq!(
        plan.actions[0]
            .status
            .as_ref()
            .map(|s| s.label_fr().to_owned()),
        Some("en cours".to_owned())
    );
    let how: BTreeMap<&str, (&str, ChoiceHow)> = report
        .columns
        .iter()
        .map(|c| (c.header.as_str(), (c.field.as_str(), c.how)))
        .collect();
    assert_eq!(
        how["Intitulé de l'action"],
        ("titre_action", ChoiceHow::FromName)
    );
    assert_eq!(how["État d'avancement"], ("statut", ChoiceHow::FromName));
    assert_eq!(how["Axe stratégique"], ("axe", ChoiceHow::Template));
    assert_eq!(how["Territoire"], ("id_territoire", ChoiceHow::Template));
    // The rejected row names the user's column.
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].column.as_deref(), Some("Territoire"));
    let lines = report.lines_fr().join("\n");
    assert!(
        lines.contains("colonne « Intitulé de l'action » → titre_action (devinée d'après son nom)"),
        "{lines}"
    );
}

#[test]
fn given_columns_and_contents_map_a_plan() {
    let given = vec![("titre_action".to_owned(), "Quoi".to_owned())];
    let (imported, report) = import_file_with(
        &fixture("plan-a-mapper.csv"),
        None,
        ImportKind::Auto,
        dataset(),
        &locator(),
        &given,
    )
    .expect("import");
    let Imported::Plan(plan) = imported else {
        panic!("an action plan")
    };
    assert_eq!(plan.actions.len(), 2);
    assert_eq!(plan.actions[1].title, "Parcours apprentis");
    let how: Vec<(&str, &str, ChoiceHow)> = report
        .columns
        .iter()
        .map(|c| (c.header.as_str(), c.field.as_str(), c.how))
        .collect();
    assert_eq!(
        how,
        vec![
            ("Quoi", "titre_action", ChoiceHow::Given),
            ("Où", "id_territoire", ChoiceHow::FromContent),
            ("Thème", "axe", ChoiceHow::FromContent),
        ]
    );
}

#[test]
fn cli_columns_option_maps_and_bad_ones_are_usage_errors() {
    let file = fixture("plan-a-mapper.csv");
    let file = file.to_str().expect("utf-8 path");
    let out = ti_atlas(&["import", file, "--columns", "titre_action=Quoi", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(json["kind"], "plan d'actions");
    assert_eq!(json["columns"][0]["how"], "Given");
    let out = ti_atlas(&["import", file, "--columns", "titre=Quoi"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("champ inconnu « titre »"),
        "{}",
        stderr(&out)
    );
    let out = ti_atlas(&["import", file, "--columns", "titre_action=Intitulé"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("la colonne « Intitulé »") && err.contains("plan-a-mapper.csv"),
        "{err}"
    );
    // The names join in the JSON report: each row joined by name with its code.
    let names = fixture("communes-noms.csv");
    let out = ti_atlas(&["import", names.to_str().expect("utf-8"), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let by_name = &json["name_join"]["joined_by_name"];
    assert_eq!(by_name[0]["written"], "ST-GENIS POUILLY");
    assert_eq!(by_name[0]["code"], "01354");
    assert_eq!(
        json["name_join"]["to_verify"][1]["candidates"][0]["code"],
        "01283"
    );
}

#[test]
fn every_unit_of_the_bundle_is_found_by_its_own_name_and_never_another() {
    let ds = dataset();
    let communes = NameIndex::build(ds, NameKind::Commune);
    let mut without_dep_joined = 0usize;
    for c in &ds.tables.communes {
        // With its département, written in capitals: always itself.
        match communes.match_name(&c.name.to_uppercase(), Some(&c.departement)) {
            NameMatch::Joined { unit, .. } => assert_eq!(unit.code, c.code, "{}", c.name),
            other => panic!("{} ({}): {other:?}", c.name, c.departement),
        }
        // Without it: itself, or homonyms to verify, never another commune.
        match communes.match_name(&c.name, None) {
            NameMatch::Joined { unit, .. } => {
                assert_eq!(unit.code, c.code, "{}", c.name);
                without_dep_joined += 1;
            }
            NameMatch::ToVerify { candidates, .. } => {
                assert!(candidates.len() > 1, "{}", c.name);
                assert!(candidates.iter().all(|k| k.distance == 0), "{}", c.name);
            }
            other => panic!("{}: {other:?}", c.name),
        }
    }
    // Most names are unique in France, not all (Saint-Denis, Beaumont…).
    let total = ds.tables.communes.len();
    assert!(
        without_dep_joined > total * 8 / 10 && without_dep_joined < total,
        "{without_dep_joined} / {total}"
    );
    for (kind, units) in [
        (
            NameKind::Epci,
            ds.tables
                .epci
                .iter()
                .map(|e| (e.siren.clone(), e.name.clone()))
                .collect::<Vec<_>>(),
        ),
        (
            NameKind::Territoire,
            ds.territories(ti_atlas::model::Generation::Temps2)
                .map(|t| (t.id.as_str().to_owned(), t.name.clone()))
                .collect(),
        ),
    ] {
        let index = NameIndex::build(ds, kind);
        for (code, name) in units {
            match index.match_name(&name, None) {
                NameMatch::Joined { unit, .. } => assert_eq!(unit.code, code, "{name}"),
                NameMatch::ToVerify { candidates, .. } => {
                    assert!(candidates.iter().any(|k| k.code == code), "{name}")
                }
                other => panic!("{name}: {other:?}"),
            }
        }
    }
}

#[test]
fn an_epci_column_of_names_joins_at_the_epci_maille() {
    let dir = common::cli::scratch("name_join", "epci");
    let path = dir.join("epci-noms.csv");
    std::fs::write(
        &path,
        "EPCI;entreprises\nCC Faucigny - Glières;5\nCommunauté de communes Faucigny-Glières;6\nNulle;1\n",
    )
    .expect("write");
    let (imported, report) =
        import_file(&path, None, ImportKind::Auto, dataset(), &locator()).expect("import");
    let Imported::Table(table) = imported else {
        panic!("a joined table")
    };
    let names = table.names.as_ref().expect("names");
    assert_eq!(names.name_kind, NameKind::Epci);
    assert_eq!(
        names
            .joined_by_name
            .iter()
            .map(|j| (j.row, j.code.as_str()))
            .collect::<Vec<_>>(),
        vec![(2, "200000172"), (3, "200000172")]
    );
    assert_eq!(names.duplicates, vec![("200000172".to_owned(), vec![2, 3])]);
    assert_eq!(names.unrecognised.len(), 1);
    assert!(report.kind.contains("nom d'EPCI"), "{}", report.kind);
    assert!(
        table
            .series
            .iter()
            .all(|s| s.level == ti_atlas::model::Level::Epci)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn value_tables_and_project_lists_map_their_headers_too() {
    let dir = common::cli::scratch("name_join", "headers");
    let vitre_epci = dataset()
        .commune("35360")
        .and_then(|c| c.epci.clone())
        .expect("Vitré's EPCI");
    let table_path = dir.join("siren.csv");
    std::fs::write(&table_path, format!("N° SIREN;valeur\n{vitre_epci};12\n")).expect("write");
    let (imported, report) =
        import_file(&table_path, None, ImportKind::Auto, dataset(), &locator()).expect("import");
    assert!(matches!(imported, Imported::Table(_)));
    assert_eq!(report.imported, 1);
    assert!(report.kind.contains("« N° SIREN »"), "{}", report.kind);
    assert_eq!(report.columns.len(), 1);
    assert_eq!(report.columns[0].field, "siren");
    assert_eq!(report.columns[0].how, ChoiceHow::FromName);

    let projects_path = dir.join("projets.csv");
    std::fs::write(
        &projects_path,
        "Raison sociale;mesure;coordonnees_gps\nUsine X;Soutien à l'investissement industriel dans les territoires;48.1245, -1.2089\n",
    )
    .expect("write");
    let (imported, report) = import_file(
        &projects_path,
        None,
        ImportKind::Auto,
        dataset(),
        &locator(),
    )
    .expect("import");
    let Imported::Projects(list) = imported else {
        panic!("a project list")
    };
    assert_eq!(list.projects.len(), 1);
    assert_eq!(list.projects[0].company, "Usine X");
    assert!(
        report
            .columns
            .iter()
            .any(|c| c.header == "Raison sociale" && c.field == "entreprise")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn names_fill_only_the_empty_code_cells() {
    let dir = common::cli::scratch("name_join", "codes");
    let path = dir.join("codes-et-noms.csv");
    std::fs::write(
        &path,
        "CODGEO;LIBGEO;v\n35360;Vitré;1\n;Oyonnax;2\n99999;Bourg-en-Bresse;3\n",
    )
    .expect("write");
    let (imported, report) =
        import_file(&path, None, ImportKind::Auto, dataset(), &locator()).expect("import");
    let Imported::Table(table) = imported else {
        panic!("a joined table")
    };
    let names = table.names.as_ref().expect("names");
    assert_eq!(names.joined_by_code, 1);
    assert_eq!(
        names
            .joined_by_name
            .iter()
            .map(|j| (j.row, j.code.as_str()))
            .collect::<Vec<_>>(),
        vec![(3, "01283")]
    );
    // A wrong code is not replaced by its row's name: reported as it is.
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].row, 4);
    assert!(
        report.rejected[0].problem.contains("inconnu"),
        "{:?}",
        report.rejected
    );
    assert_eq!(table.report.key_column, "CODGEO");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_delegated_communes_name_reads_as_its_commune_nouvelle_under_the_same_rules() {
    let communes = NameIndex::build(dataset(), NameKind::Commune);
    // Bellegarde-sur-Valserine merged into Valserhône (01033) in 2019: joined, and said so.
    match communes.match_name("BELLEGARDE SUR VALSERINE", Some("01")) {
        NameMatch::Joined { unit, how } => {
            assert_eq!(unit.code, "01033");
            assert!(
                how.contains("« Bellegarde-sur-Valserine » est une commune déléguée ou associée de Valserhône"),
                "{how}"
            );
        }
        other => panic!("{other:?}"),
    }
    // "Agnières" is a commune of the Pas-de-Calais and a delegated commune of the Somme (80436):
    // the département decides; without it, both are listed, never guessed.
    let joined = |dep: &str| match communes.match_name("Agnières", Some(dep)) {
        NameMatch::Joined { unit, .. } => unit.code,
        other => panic!("{dep}: {other:?}"),
    };
    assert_eq!(joined("62"), "62012");
    assert_eq!(joined("80"), "80436");
    match communes.match_name("Agnières", None) {
        NameMatch::ToVerify { candidates, .. } => {
            let codes: Vec<&str> = candidates.iter().map(|c| c.code.as_str()).collect();
            assert!(
                codes.contains(&"62012") && codes.contains(&"80436"),
                "{codes:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    // The bundle lists the names of the COG's delegated and associated communes.
    let former = &dataset().tables.former_names;
    assert!(former.len() > 2_000, "{}", former.len());
    assert!(
        former
            .iter()
            .all(|(_, code)| dataset().commune(code).is_some())
    );
}
