//! Importing the users' files: action plans (CSV in Windows-1252, XLSX), the DGE project list,
//! and the errors bad files give. Fixtures: tests/fixtures/import (make_fixtures.py).

mod common;

use common::dataset;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ti_atlas::io::import::{ImportKind, Imported, import_file};
use ti_atlas::model::imports::Imports;
use ti_atlas::model::imports::action_plan::{Axis, Status};
use ti_atlas::model::imports::projects::{Placement, TerritoryLocator};
use ti_atlas::model::indicators::{IndicatorTable, Value};
use ti_atlas::model::{Generation, Level};

fn locator() -> &'static TerritoryLocator {
    static LOCATOR: OnceLock<TerritoryLocator> = OnceLock::new();
    LOCATOR.get_or_init(|| TerritoryLocator::build(dataset()))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn import(
    name: &str,
    sheet: Option<&str>,
) -> Result<(Imported, ti_atlas::io::import::ImportReport), String> {
    import_file(
        &fixture(name),
        sheet,
        ImportKind::Auto,
        dataset(),
        locator(),
    )
    .map_err(|e| e.to_string())
}

fn territory_index(id: &str) -> usize {
    dataset()
        .territory_feature_index(Generation::Temps2, id)
        .expect("territory")
}

#[test]
fn windows_1252_plan_is_read_with_every_rejection_listed() {
    let (imported, report) = import("plan-actions-cp1252.csv", None).expect("import");
    let Imported::Plan(plan) = imported else {
        panic!("a plan")
    };
    assert_eq!(report.encoding, "Windows-1252");
    assert_eq!(report.delimiter.as_deref(), Some(";"));
    assert_eq!(report.rows, 8);
    assert_eq!(plan.actions.len(), 5);
    let a = &plan.actions[0];
    assert_eq!(a.row, 2);
    assert_eq!(a.territory, "ti-5305");
    assert_eq!(a.axis, Axis::Transition);
    assert_eq!(a.status, Some(Status::InProgress));
    assert_eq!(a.amount_total_eur, Some(1_250_000.5));
    assert_eq!(a.amount_state_eur, Some(300_000.0));
    assert_eq!(a.start.as_deref(), Some("2024-03-01"));
    assert_eq!(a.end.as_deref(), Some("2025-12-31"));
    assert_eq!(a.description.as_deref(), Some("Essai ; avec point-virgule"));
    assert_eq!(
        plan.actions[2].territory, "ti-5305",
        "ids are case-insensitive"
    );
    // Three rows rejected, each with its line and reason.
    let rejected: Vec<(usize, &str)> = plan
        .rejected
        .iter()
        .map(|r| (r.row, r.problem.as_str()))
        .collect();
    assert_eq!(rejected.len(), 3, "{rejected:?}");
    assert!(rejected[0].0 == 7 && rejected[0].1.contains("territoire inconnu : « ti-9999 »"));
    assert!(rejected[1].0 == 8 && rejected[1].1.contains("axe non reconnu : « tourisme »"));
    assert!(rejected[2].0 == 9 && rejected[2].1.contains("intitulé"));
    // Row 5 is kept with its unreadable amount and date left out.
    let warnings: Vec<(usize, &str)> = plan
        .warnings
        .iter()
        .map(|r| (r.row, r.problem.as_str()))
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings.iter().all(|w| w.0 == 5));
    assert!(warnings[0].1.contains("« beaucoup »") && warnings[1].1.contains("« mars 2024 »"));
    let lines = report.lines_fr().join("\n");
    assert!(lines.contains("5 importée(s), 2 territoire(s)"), "{lines}");
    assert!(lines.contains("rejetée, ligne 7"), "{lines}");
}

#[test]
fn the_plan_feeds_the_action_indicators() {
    let (Imported::Plan(plan), _) = import("plan-actions-cp1252.csv", None).expect("import") else {
        panic!("a plan")
    };
    let imports = Imports {
        plan: Some(plan),
        ..Imports::default()
    };
    let table = IndicatorTable::territories_with(dataset(), Generation::Temps2, &imports);
    let col = |id: &str| table.position(id).expect(id);
    let (vitre, isere) = (territory_index("ti-5305"), territory_index("ti-8420"));
    assert_eq!(
        table.values[col("nombre_actions")][vitre],
        Value::Exact(4.0)
    );
    assert_eq!(
        table.values[col("nombre_actions_foncier")][vitre],
        Value::Exact(1.0)
    );
    assert_eq!(
        table.values[col("nombre_actions")][isere],
        Value::Exact(1.0)
    );
    assert_eq!(
        table.values[col("nombre_actions_innovation")][isere],
        Value::Exact(0.0)
    );
    // A territory absent from the file has no count, not zero.
    let other = (0..183)
        .find(|&i| i != vitre && i != isere)
        .expect("another");
    assert!(matches!(
        &table.values[col("nombre_actions")][other],
        Value::Missing(r) if r.contains("plan-actions-cp1252.csv")
    ));
    assert!(
        table.indicators[col("nombre_actions")]
            .unavailable
            .is_none()
    );
    // Without the file they stay "non disponible — importer …".
    let bare = IndicatorTable::territories(dataset(), Generation::Temps2);
    assert!(bare.indicators[col("nombre_actions")].unavailable.is_some());
}

#[test]
fn xlsx_plan_by_sheet_and_wrong_sheet() {
    let (Imported::Plan(plan), report) =
        import("plan-actions.xlsx", Some("actions")).expect("import")
    else {
        panic!("a plan")
    };
    assert_eq!(report.sheet.as_deref(), Some("actions"));
    assert_eq!(plan.actions.len(), 5);
    assert_eq!(plan.actions[0].amount_total_eur, Some(1_250_000.5));
    assert_eq!(plan.rejected.len(), 3);
    let e = import("plan-actions.xlsx", Some("plan")).unwrap_err();
    assert!(
        e.contains("plan-actions.xlsx")
            && e.contains("pas de feuille « plan »")
            && e.contains("actions"),
        "{e}"
    );
    // The first sheet is a note, not a plan: said so, with the columns found.
    let e = import("plan-actions.xlsx", None).unwrap_err();
    assert!(e.contains("ni un plan d'actions"), "{e}");
}

#[test]
fn dge_projects_are_placed_by_point_in_polygon() {
    let (Imported::Projects(list), report) = import("projets-dge.csv", None).expect("import")
    else {
        panic!("projects")
    };
    let vitre = territory_index("ti-5305");
    let placements: Vec<&Placement> = list.projects.iter().map(|p| &p.placement).collect();
    assert_eq!(placements[0], &Placement::Territory(vitre), "Vitré");
    assert_eq!(placements[1], &Placement::Territory(vitre), "Fougères");
    assert_eq!(placements[2], &Placement::OutsideTerritories, "Paris");
    assert!(matches!(placements[3], Placement::NotPlaced(r) if r.contains("absentes")));
    assert!(matches!(placements[4], Placement::NotPlaced(r) if r.contains("nulles")));
    assert_eq!(
        (report.placed, report.outside, report.not_placed),
        (Some(2), Some(1), Some(2))
    );
    assert_eq!(
        list.projects[0].siren.as_deref(),
        Some("000000001"),
        "codes stay text"
    );
    let imports = Imports {
        projects: Some(list),
        ..Imports::default()
    };
    let table = IndicatorTable::territories_with(dataset(), Generation::Temps2, &imports);
    let col = table.position("nombre_projets").expect("projects");
    assert_eq!(table.values[col][vitre], Value::Exact(2.0));
    let total: f64 = table.values[col].iter().filter_map(Value::as_f64).sum();
    assert_eq!(
        total, 2.0,
        "every territory has a count; only two projects are placed"
    );
}

#[test]
fn bad_files_give_french_errors_naming_file_and_line() {
    let e = import("ragged.csv", None).unwrap_err();
    assert!(
        e.contains("ragged.csv, ligne 3") && e.contains("2 champ(s) au lieu de 3"),
        "{e}"
    );
    let e = import("empty.csv", None).unwrap_err();
    assert!(e.contains("empty.csv") && e.contains("vide"), "{e}");
    let e = import("unknown-layout.csv", None).unwrap_err();
    assert!(
        e.contains("unknown-layout.csv") && e.contains("colonnes lues : code, valeur"),
        "{e}"
    );
    let e = import("absent.csv", None).unwrap_err();
    assert!(
        e.contains("absent.csv") && e.contains("lecture impossible"),
        "{e}"
    );
}

#[test]
fn base_cc_emploi_gives_the_exact_industrial_share_of_territories() {
    let ds = dataset();
    let vitre = ds.territory(Generation::Temps2, "ti-5305").expect("Vitré");
    let isere = ds
        .territory(Generation::Temps2, "ti-8420")
        .expect("Sud Isère");
    // Synthetic counts (not real figures) for every commune of ti-5305 and all but one of ti-8420.
    let mut csv = String::from("CODGEO;LIBGEO;C22_EMPLT;C22_EMPLT_INDUS;P22_TAUX_EMPLOI\n");
    let (mut total, mut indus) = (0.0, 0.0);
    for (i, c) in vitre.communes.iter().enumerate() {
        let (t, n) = (100 + i, 10 + i % 7);
        total += t as f64;
        indus += n as f64;
        csv.push_str(&format!("{c};x;{t};{n};55,5\n"));
    }
    for c in isere.communes.iter().skip(1) {
        csv.push_str(&format!("{c};x;50;5;40\n"));
    }
    csv.push_str("99999;inconnue;1;1;1\n");
    let dup = vitre.communes.first().expect("a commune");
    csv.push_str(&format!("{dup};doublon;1;1;1\n"));
    let (table, report) = import_text_with_report("base-cc-emploi-pop-active-2022.csv", &csv);
    assert_eq!(
        report.imported,
        vitre.communes.len() + isere.communes.len() - 1
    );
    assert_eq!(report.rejected.len(), 1, "{:?}", report.rejected);
    assert!(report.rejected[0].problem.contains("99999"));
    assert_eq!(report.warnings.len(), 1, "the duplicate");
    assert!(
        table
            .notes
            .iter()
            .any(|n| n.contains("P22_TAUX_EMPLOI") && n.contains("non additionnable"))
    );
    let share = table
        .series
        .iter()
        .find(|s| s.id.ends_with("part_emploi_industrie_c22"))
        .expect("industrial share");
    let i_vitre = territory_index("ti-5305");
    let i_isere = territory_index("ti-8420");
    let Value::Exact(got) = share.values[i_vitre] else {
        panic!("{:?}", share.values[i_vitre])
    };
    assert!((got - 100.0 * indus / total).abs() < 1e-9, "{got}");
    assert!(matches!(&share.values[i_isere], Value::Missing(r) if r.contains("1 commune(s)")));
    // It becomes an indicator of the territories, with the file as source.
    let imports = with_table(table);
    let t = IndicatorTable::territories_with(ds, Generation::Temps2, &imports);
    let col = column_ending(&t, "part_emploi_industrie_c22");
    assert_eq!(t.values[col][i_vitre], Value::Exact(got));
}

#[test]
fn former_commune_codes_are_counted_for_todays_commune() {
    let ds = dataset();
    assert_eq!(ds.current_codes("01340"), ["01015"]);
    assert!(
        ds.current_codes("35360").is_empty(),
        "a current code is not a former one"
    );
    // 1004 lost its leading zero in Excel; 01340 merged into 01015 (Arboys en Bugey) in 2016.
    let (table, report) = import_text_with_report(
        "anciens-codes.csv",
        "code_insee;effectif\n1004;10\n01340;5\n01015;7\n",
    );
    assert_eq!(
        table.report.remapped,
        [(3, "01340".to_owned(), "01015".to_owned())]
    );
    assert_eq!(table.report.duplicates, [("01015".to_owned(), vec![3, 4])]);
    assert_eq!(report.imported, 2, "01004 and 01015");
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.problem.contains("ancien code 01340"))
    );
}

/// The imports holding one joined table.
fn with_table(table: ti_atlas::model::imports::ImportedTable) -> Imports {
    Imports {
        tables: vec![table],
        ..Imports::default()
    }
}

/// The column of the indicator whose id ends with `suffix`.
fn column_ending(table: &IndicatorTable, suffix: &str) -> usize {
    table
        .indicators
        .iter()
        .position(|i| i.id.ends_with(suffix))
        .unwrap_or_else(|| panic!("an indicator ending with {suffix}"))
}

/// Writes `text` as `name` in a fresh temporary directory and imports it as a table.
fn import_text(name: &str, text: &str) -> ti_atlas::model::imports::ImportedTable {
    import_text_with_report(name, text).0
}

/// The same, with the import report.
fn import_text_with_report(
    name: &str,
    text: &str,
) -> (
    ti_atlas::model::imports::ImportedTable,
    ti_atlas::io::import::ImportReport,
) {
    let dir = std::env::temp_dir().join(format!("ti-atlas-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    let result = import_file(&path, None, ImportKind::Auto, dataset(), locator());
    let _ = std::fs::remove_dir_all(&dir);
    match result.expect("import") {
        (Imported::Table(table), report) => (table, report),
        (other, _) => panic!("a joined table, got {other:?}"),
    }
}

#[test]
fn commune_counts_also_add_up_to_epci_and_departements() {
    let ds = dataset();
    // Every commune of the EPCI of Vitré gets a (synthetic) count, plus one commune elsewhere.
    let vitre = ds.commune("35360").expect("Vitré");
    let siren = vitre.epci.clone().expect("an EPCI");
    let members: Vec<&str> = ds
        .tables
        .communes
        .iter()
        .filter(|c| c.epci.as_deref() == Some(siren.as_str()))
        .map(|c| c.code.as_str())
        .collect();
    let mut csv = String::from("CODGEO;etablissements\n");
    for (i, c) in members.iter().enumerate() {
        csv.push_str(&format!("{c};{}\n", i + 1));
    }
    csv.push_str("01004;3\n");
    let table = import_text("etablissements-communes.csv", &csv);
    let expected = (members.len() * (members.len() + 1) / 2) as f64;
    let imports = with_table(table);
    let epci = IndicatorTable::for_level_with(ds, Level::Epci, &imports);
    let col = column_ending(&epci, "etablissements@epci");
    assert!(epci.indicators[col].applies_to(Level::Epci));
    assert!(!epci.indicators[col].applies_to(Level::Territoire));
    let unit = ds
        .tables
        .epci
        .iter()
        .position(|e| e.siren == siren)
        .expect("unit");
    assert_eq!(epci.values[col][unit], Value::Exact(expected));
    // The EPCI of 01004 has only one of its communes in the file: not a partial sum.
    let other = ds
        .commune("01004")
        .and_then(|c| c.epci.clone())
        .expect("EPCI");
    let other_unit = ds
        .tables
        .epci
        .iter()
        .position(|e| e.siren == other)
        .expect("unit");
    assert!(
        matches!(&epci.values[col][other_unit], Value::Missing(r) if r.contains("sans valeur"))
    );
    // Départements: 35 is incomplete, so missing; the territory table does not get @epci series.
    let deps = IndicatorTable::for_level_with(ds, Level::Departement, &imports);
    let dcol = column_ending(&deps, "etablissements@departements");
    assert!(
        deps.values[dcol]
            .iter()
            .all(|v| matches!(v, Value::Missing(_)))
    );
    let territories = IndicatorTable::for_level_with(ds, Level::Territoire, &imports);
    assert!(territories.indicators.iter().all(|i| !i.id.contains('@')));
    assert!(
        territories
            .indicators
            .iter()
            .any(|i| i.id.ends_with(":etablissements"))
    );
}

#[test]
fn siren_and_departement_tables_become_indicators_of_their_maille() {
    let ds = dataset();
    let vitre_epci = ds
        .commune("35360")
        .and_then(|c| c.epci.clone())
        .expect("EPCI");
    let table = import_text(
        "entreprises-epci.csv",
        &format!("SIREN;nb_entreprises\n{vitre_epci};120\n200000000;5\n"),
    );
    assert_eq!(
        table.report.unmatched.len(),
        1,
        "{:?}",
        table.report.unmatched
    );
    assert!(
        table
            .notes
            .iter()
            .any(|n| n.contains("non reportées sur les territoires"))
    );
    let imports = with_table(table);
    let epci = IndicatorTable::for_level_with(ds, Level::Epci, &imports);
    let col = column_ending(&epci, "nb_entreprises@epci");
    let unit = ds
        .tables
        .epci
        .iter()
        .position(|e| e.siren == vitre_epci)
        .expect("unit");
    assert_eq!(epci.values[col][unit], Value::Exact(120.0));
    let missing = epci.values[col]
        .iter()
        .filter(|v| matches!(v, Value::Missing(r) if r.contains("absent de")))
        .count();
    assert_eq!(missing, ds.tables.epci.len() - 1);

    let table = import_text(
        "chomage-dep.csv",
        "dep;demandeurs\n1;1000\n2A;250\n35;4000\n",
    );
    assert_eq!(table.report.matched, 3);
    let imports = with_table(table);
    let deps = IndicatorTable::for_level_with(ds, Level::Departement, &imports);
    let col = column_ending(&deps, "demandeurs@departements");
    let at = |code: &str| {
        let u = ds
            .tables
            .departements
            .iter()
            .position(|d| d.code == code)
            .expect("dep");
        deps.values[col][u].clone()
    };
    assert_eq!(at("01"), Value::Exact(1000.0));
    assert_eq!(at("2A"), Value::Exact(250.0));
    assert!(matches!(at("2B"), Value::Missing(_)));
}
