//! Importing the users' files: action plans (CSV in Windows-1252, XLSX), the DGE project list,
//! and the errors bad files give. Fixtures: tests/fixtures/import (make_fixtures.py).

mod common;

use common::dataset;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ti_atlas::io::import::{ImportKind, Imported, import_file};
use ti_atlas::model::IndicatorId;
use ti_atlas::model::TerritoryId;
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
        .territory_feature_index(Generation::Temps2, &id.into())
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
    let col = |id: &str| table.position(&id.into()).expect(id);
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
    // The first sheet is a note, not a plan: said so, with what it holds and the other sheet.
    let e = import("plan-actions.xlsx", None).unwrap_err();
    assert!(
        e.contains("plan-actions.xlsx, feuille « lisez-moi » : aucune ligne de données")
            && e.contains("autres feuilles du classeur : actions"),
        "{e}"
    );
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
    let col = table
        .position(&IndicatorId::new("nombre_projets"))
        .expect("projects");
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
    let vitre = ds
        .territory(Generation::Temps2, &TerritoryId::new("ti-5305"))
        .expect("Vitré");
    let isere = ds
        .territory(Generation::Temps2, &TerritoryId::new("ti-8420"))
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
        .find(|s| s.id.as_str().ends_with("part_emploi_industrie_c22"))
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
        .position(|i| i.id.as_str().ends_with(suffix))
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
    assert!(
        territories
            .indicators
            .iter()
            .all(|i| !i.id.as_str().contains('@'))
    );
    assert!(
        territories
            .indicators
            .iter()
            .any(|i| i.id.as_str().ends_with(":etablissements"))
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

// ---- Hostile files (issue 13): limits before allocation, warnings, French errors. ----

/// Writes `bytes` as `name` in a fresh temporary directory and imports it.
fn import_bytes(
    name: &str,
    bytes: &[u8],
) -> Result<(Imported, ti_atlas::io::import::ImportReport), String> {
    let dir = std::env::temp_dir().join(format!("ti-atlas-hostile-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    let result = import_file(&path, None, ImportKind::Auto, dataset(), locator());
    let _ = std::fs::remove_dir_all(&dir);
    result.map_err(|e| e.to_string())
}

/// A workbook of one sheet "Feuil1" whose cells are inline strings (`ref`, text), plus extra
/// XML after the sheet data (merged areas) and a shared-strings part.
fn workbook(cells: &[(&str, &str)], after: &str, strings: &str) -> Vec<u8> {
    use std::io::Write as _;
    let mut rows: std::collections::BTreeMap<u32, String> = Default::default();
    for (r, text) in cells {
        let row: u32 = r
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .expect("row");
        let cell = if let Some(formula) = text.strip_prefix('=') {
            format!(r#"<c r="{r}"><f>{formula}</f></c>"#)
        } else {
            format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
        };
        rows.entry(row).or_default().push_str(&cell);
    }
    let data: String = rows
        .iter()
        .map(|(r, c)| format!(r#"<row r="{r}">{c}</row>"#))
        .collect();
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_owned()),
        ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>{data}</sheetData>{after}</worksheet>"#)),
        ("xl/sharedStrings.xml", strings.to_owned()),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, body) in parts {
        zip.start_file(name, options).expect("part");
        zip.write_all(body.as_bytes()).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

const NO_STRINGS: &str = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>"#;

#[test]
fn a_far_xlsx_cell_is_refused_naming_it_not_a_dense_range() {
    // A value in XFD1048576 (the sheet also declares A1:XFD1048576): the dense range calamine
    // sized from it asked for 549,755,813,888 bytes and aborted. The cells are now streamed:
    // the far cell is named in a French error (file, sheet, cell).
    for far in ["XFD1048576", "CV1048576", "K1048576"] {
        let bytes = workbook(
            &[
                ("A1", "codgeo"),
                ("B1", "valeur"),
                ("A2", "35360"),
                ("B2", "12"),
                (far, "x"),
            ],
            "",
            NO_STRINGS,
        );
        assert!(bytes.len() < 5_000, "a small file");
        let e = import_bytes("loin.xlsx", &bytes).unwrap_err();
        assert!(
            e.contains("loin.xlsx, feuille « Feuil1 », cellule ")
                && e.contains(&format!("cellule {far}"))
                && e.contains("hors du tableau"),
            "{e}"
        );
    }
    // An empty string there is no value: the table is read as its two used rows.
    let bytes = workbook(
        &[
            ("A1", "codgeo"),
            ("B1", "valeur"),
            ("A2", "35360"),
            ("B2", "12"),
            ("XFD1048576", ""),
        ],
        "",
        NO_STRINGS,
    );
    let (_, report) = import_bytes("vide-loin.xlsx", &bytes).expect("import");
    assert_eq!((report.rows, report.imported), (1, 1));
    // The table itself holds two columns and one row, whatever the declared dimension.
    let dir = std::env::temp_dir().join(format!("ti-atlas-xlsx-dim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("t.xlsx");
    std::fs::write(&path, &bytes).expect("write");
    let table = ti_atlas::io::table::read_table(&path, None).expect("table");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!((table.headers.len(), table.row_count()), (2, 1));
}

#[test]
fn xlsx_declared_counts_and_broken_archives_give_french_errors() {
    // 10^14 shared strings declared: calamine would reserve them up front; refused before.
    let bytes = workbook(
        &[("A1", "codgeo"), ("A2", "35360")],
        "",
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="99999999999999"><si><t>a</t></si></sst>"#,
    );
    let e = import_bytes("textes.xlsx", &bytes).unwrap_err();
    assert!(
        e.contains("textes.xlsx") && e.contains("99999999999999 textes différents"),
        "{e}"
    );
    // Not a zip: a French message, without calamine's or zip's English (issue 19).
    let e = import_bytes("abime.xlsx", b"PK\x03\x04 pas un classeur").unwrap_err();
    assert!(
        e.contains("abime.xlsx : classeur XLSX illisible")
            && e.contains("ce n'est pas une archive XLSX lisible"),
        "{e}"
    );
    for english in ["Zip", "zip error", "invalid", "EOCD", "archive:"] {
        assert!(!e.contains(english), "{english}: {e}");
    }
    let mut truncated = workbook(&[("A1", "codgeo")], "", NO_STRINGS);
    truncated.truncate(truncated.len() / 2);
    let e = import_bytes("tronque.xlsx", &truncated).unwrap_err();
    assert!(e.contains("tronque.xlsx : classeur XLSX illisible"), "{e}");
}

/// A fuzz input as the xlsx_reader target reads it: a whole archive when it starts with "PK",
/// else the sheet XML up to the first NUL byte and the shared strings after it, wrapped in a
/// workbook.
fn fuzz_workbook(input: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    if input.starts_with(b"PK") {
        return input.to_vec();
    }
    let (sheet, strings) = match input.iter().position(|&b| b == 0) {
        Some(i) => (&input[..i], &input[i + 1..]),
        None => (input, &b""[..]),
    };
    let parts: [(&str, &[u8]); 6] = [
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", strings),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in parts {
        zip.start_file(name, stored).expect("part");
        zip.write_all(body).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

#[test]
fn a_shared_strings_count_the_fuzzer_slipped_past_is_refused_in_french() {
    // Inputs that made calamine reserve room for 10^11 shared strings (2.4 TB): the allocation
    // failed and aborted the process, which no panic guard catches (the fuzz crash of CI). The
    // count is now read as calamine reads it, however the tag is written: refused before.
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/xlsx_reader");
    let mut names: Vec<String> = std::fs::read_dir(&corpus)
        .expect("the xlsx corpus")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("seed-unique-count-") || n.starts_with("seed-found-unique-count"))
        .collect();
    names.sort();
    assert!(names.len() >= 5, "{names:?}");
    for name in names {
        let input = std::fs::read(corpus.join(&name)).expect("seed");
        let e = import_bytes("textes.xlsx", &fuzz_workbook(&input)).unwrap_err();
        assert!(
            e.contains("textes.xlsx : ")
                && e.contains(" textes différents (limite : 50000000 cellules)"),
            "{name}: {e}"
        );
    }
}

#[test]
fn xlsx_formulas_without_value_and_merged_key_cells_are_said() {
    // B3 holds a formula never computed (no cached value): a warning naming the cell, not a
    // silently empty amount.
    let bytes = workbook(
        &[
            ("A1", "id_territoire"),
            ("B1", "titre_action"),
            ("C1", "axe"),
            ("D1", "montant_total_eur"),
            ("A2", "ti-5305"),
            ("B2", "Action A"),
            ("C2", "innovation"),
            ("D2", "=SUM(D3:D4)"),
            ("B3", "Action B"),
            ("C3", "foncier"),
        ],
        r#"<mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells>"#,
        NO_STRINGS,
    );
    let (Imported::Plan(plan), report) = import_bytes("fusion.xlsx", &bytes).expect("import")
    else {
        panic!("a plan")
    };
    assert_eq!(plan.actions.len(), 1);
    assert!(
        report.warnings.iter().any(|w| w.row == 2
            && w.problem.contains("cellule D2")
            && w.problem
                .contains("formule sans valeur calculée (=SUM(D3:D4))")),
        "{:?}",
        report.warnings
    );
    // A3 is inside the merged area A2:A3: the territory is "absent" with the reason.
    let r = plan.rejected.iter().find(|r| r.row == 3).expect("row 3");
    assert!(
        r.problem.contains("territoire absent") && r.problem.contains("cellules fusionnées A2:A3"),
        "{}",
        r.problem
    );
}

#[test]
fn csv_limits_encodings_and_empty_tables() {
    // Header only: an error, not a success with nothing imported.
    let e = import_bytes("entete.csv", b"codgeo;valeur\n").unwrap_err();
    assert!(
        e.contains("entete.csv") && e.contains("aucune ligne de données"),
        "{e}"
    );
    // UTF-16 with a BOM is decoded and said so (never "Windows-1252").
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "codgeo;valeur\r\n35360;12\r\n".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let (_, report) = import_bytes("utf16.csv", &utf16).expect("UTF-16");
    assert_eq!(report.encoding, "UTF-16LE (BOM)");
    assert_eq!(report.imported, 1);
    // Without a BOM: refused clearly.
    let e = import_bytes("utf16-sans-bom.csv", &utf16[2..]).unwrap_err();
    assert!(e.contains("UTF-16 sans BOM"), "{e}");
    // A million separators on one line: refused from the count, before any field is stored.
    let e = import_bytes("separateurs.csv", ";".repeat(1_000_000).as_bytes()).unwrap_err();
    assert!(
        e.contains("1000001 colonnes") && e.contains("16384 colonnes"),
        "{e}"
    );
    assert!(
        e.len() < 1_000,
        "the line is not echoed whole: {} bytes",
        e.len()
    );
    // A 1 MB header line is quoted cut, with "…".
    let mut long = "x".repeat(1_000_000);
    long.push_str("\n1\n");
    let e = import_bytes("entete-long.csv", long.as_bytes()).unwrap_err();
    assert!(
        e.contains("entete-long.csv") && e.contains('…') && e.len() < 1_000,
        "{e}"
    );
}

#[test]
fn a_wide_table_imports_its_first_thousand_numeric_columns() {
    // 3 communes × 10,000 numeric columns: once 50 s and 2.9 GB (a series of 1,539 values,
    // each with its own "non disponible" text, for every column and maille, and every column
    // summed through a map of code strings). Columns past the limit are listed.
    let mut text = String::from("codgeo");
    for i in 0..10_000 {
        text.push_str(&format!(";v{i}"));
    }
    text.push('\n');
    for code in ["35360", "35115", "01004"] {
        text.push_str(code);
        for i in 0..10_000 {
            text.push_str(&format!(";{}", i % 97));
        }
        text.push('\n');
    }
    let (table, report) = import_text_with_report("large.csv", &text);
    assert_eq!(report.imported, 3);
    assert!(table.series.len() <= 3 * 1_000, "{}", table.series.len());
    assert!(
        table
            .notes
            .iter()
            .any(|n| n.starts_with("9000 colonne(s) numérique(s) au-delà des 1000 premières")),
        "{:?}",
        table.notes
    );
}

#[test]
fn a_sheet_is_refused_for_a_csv() {
    let dir = std::env::temp_dir().join(format!("ti-atlas-sheet-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("t.csv");
    std::fs::write(&path, "codgeo;v\n35360;1\n").expect("write");
    let e = import_file(
        &path,
        Some("Feuil1"),
        ImportKind::Auto,
        dataset(),
        locator(),
    )
    .unwrap_err()
    .to_string();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(e.contains("t.csv") && e.contains("--sheet"), "{e}");
}

#[test]
fn plan_dates_amounts_and_empty_plans_are_checked() {
    let text = "id_territoire;titre_action;axe;montant_total_eur;montant_etat_eur;date_debut;date_fin\n\
                ti-5305;A;innovation;100;150;2024-02-31;2025-01-01\n\
                ti-5305;B;innovation;-5;;29/02/2023;\n\
                ti-5305;C;foncier;;;2025-06-01;2024-06-01\n";
    let (Imported::Plan(plan), report) =
        import_bytes("plan-douteux.csv", text.as_bytes()).expect("import")
    else {
        panic!("a plan")
    };
    assert_eq!(plan.actions.len(), 3, "kept, with warnings");
    let said = |row: usize, what: &str| {
        report
            .warnings
            .iter()
            .any(|w| w.row == row && w.problem.contains(what))
    };
    assert!(
        said(2, "31 février 2024 n'existe pas"),
        "{:?}",
        report.warnings
    );
    assert!(said(
        2,
        "part de l'État (150\u{a0}€) supérieure au montant total (100\u{a0}€)"
    ));
    assert!(said(3, "29 février 2023 n'existe pas"));
    assert!(said(3, "montant négatif"));
    assert!(said(4, "fin (2024-06-01) avant le début (2025-06-01)"));
    assert_eq!(
        plan.actions[0].start, None,
        "an impossible date is left empty"
    );
    // Every row rejected: nothing imported is an error.
    let e = import_bytes(
        "plan-vide.csv",
        b"id_territoire;titre_action;axe\nti-9999;A;innovation\n",
    )
    .unwrap_err();
    assert!(
        e.contains("plan-vide.csv : aucune action importée") && e.contains("ti-9999"),
        "{e}"
    );
}

#[test]
fn swapped_project_coordinates_are_hinted() {
    let text = "entreprise;mesure;coordonnees_gps\n\
                Ent 1;Soutien;-1.2086, 48.1236\n\
                Ent 2;Soutien;48.1236, -1.2086\n";
    let (Imported::Projects(list), report) =
        import_bytes("projets-inverses.csv", text.as_bytes()).expect("import")
    else {
        panic!("projects")
    };
    assert_eq!(list.projects.len(), 2);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.row == 2 && w.problem.contains("latitude et longitude inversées")),
        "{:?}",
        report.warnings
    );
    assert!(
        !report.warnings.iter().any(|w| w.row == 3),
        "the right one is not hinted"
    );
    let e = import_bytes(
        "projets-vides.csv",
        b"entreprise;mesure;coordonnees_gps\n;;48.1, -1.2\n",
    )
    .unwrap_err();
    assert!(e.contains("aucun projet importé"), "{e}");
}

// ---- Issue 19: every read bounded, what users have read, codes as spreadsheets write them. ----

/// Imports `path` as given (no copy).
fn import_path(path: &Path) -> Result<(Imported, ti_atlas::io::import::ImportReport), String> {
    import_file(path, None, ImportKind::Auto, dataset(), locator()).map_err(|e| e.to_string())
}

/// A fresh scratch folder.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ti-atlas-reads-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

#[cfg(unix)]
#[test]
fn devices_fifos_and_links_to_them_are_refused_before_any_read() {
    // /dev/zero used to cost 8 GB before "mémoire insuffisante"; a FIFO without a writer
    // hung forever. Both are refused at once, in French, whatever their extension.
    let e = import_path(Path::new("/dev/zero")).unwrap_err();
    assert!(e.contains("zero") && e.contains("périphérique"), "{e}");
    let dir = scratch("fifo");
    let fifo = dir.join("tube.csv");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    let e = import_path(&fifo).unwrap_err();
    assert!(
        e.contains("tube.csv") && e.contains("tube nommé (FIFO)"),
        "{e}"
    );
    for (name, target) in [
        ("zero.xlsx", "/dev/zero"),
        ("aleatoire.csv", "/dev/urandom"),
        ("couche.geojson", "/dev/zero"),
        ("couche.shp", "/dev/zero"),
        ("couche.gpkg", "/dev/zero"),
    ] {
        let link = dir.join(name);
        std::os::unix::fs::symlink(target, &link).expect("link");
        let e = import_path(&link).unwrap_err();
        assert!(
            e.contains(name) && e.contains("pas un fichier ordinaire"),
            "{name}: {e}"
        );
    }
    // A GeoPackage's layers are listed (import tab) after the same check: SQLite never opens
    // a FIFO (it would wait for a writer).
    let tube = dir.join("tube.gpkg");
    let c = std::ffi::CString::new(tube.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    let e = ti_atlas::io::file_parts::parts_of(&tube).unwrap_err();
    assert!(
        e.contains("tube.gpkg") && e.contains("tube nommé (FIFO)"),
        "{e}"
    );
    let e = import_path(&dir).unwrap_err();
    assert!(e.contains("dossier"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ods_and_xls_are_read_from_their_first_sheet_with_values() {
    // Both have an empty first sheet "Notes": the data on "Données" is read, not "le fichier
    // est vide"; the .ods is not read as a CSV.
    for (name, format) in [
        ("codes-libreoffice.ods", "ODS"),
        ("codes-excel97.xls", "XLS"),
    ] {
        let (imported, report) = import(name, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(matches!(imported, Imported::Table(_)), "{name}");
        assert_eq!(report.encoding, format, "{name}");
        assert_eq!(report.sheet.as_deref(), Some("Données"), "{name}");
        assert_eq!((report.rows, report.imported), (2, 2), "{name}: {report:?}");
        assert!(report.rejected.is_empty(), "{name}: {:?}", report.rejected);
    }
    // An .xls renamed .xlsx is read as what it is.
    let bytes = std::fs::read(fixture("codes-excel97.xls")).expect("xls");
    let (_, report) = import_bytes("renomme.xlsx", &bytes).expect("read as .xls");
    assert_eq!((report.encoding.as_str(), report.imported), ("XLS", 2));
    // A sheet asked for by name that is empty says so and lists the sheets.
    let e = import("codes-libreoffice.ods", Some("Notes")).unwrap_err();
    assert!(
        e.contains("la feuille « Notes » est vide") && e.contains("Données"),
        "{e}"
    );
}

#[test]
fn a_password_protected_workbook_is_named_as_such() {
    // An encrypted OOXML package is an OLE file (D0 CF 11 E0) holding EncryptionInfo: it was
    // called a damaged archive.
    let e = import("protege.xlsx", None).unwrap_err();
    assert!(
        e.contains("protege.xlsx") && e.contains("protégé par un mot de passe"),
        "{e}"
    );
    assert!(!e.contains("archive") && !e.contains("abîmé"), "{e}");
}

#[test]
fn a_workbook_part_is_capped_by_what_it_decompresses_to() {
    use std::io::Write as _;
    // 200 MB of spaces in one part, declared honestly: refused before calamine holds it.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("xl/sharedStrings.xml", options)
        .expect("part");
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..200 {
        zip.write_all(&chunk).expect("write");
    }
    let bytes = zip.finish().expect("zip").into_inner();
    assert!(bytes.len() < 1_000_000, "a small file: {}", bytes.len());
    let e = import_bytes("bombe.xlsx", &bytes).unwrap_err();
    assert!(
        e.contains("bombe.xlsx")
            && e.contains("« xl/sharedStrings.xml »")
            && e.contains("une fois décompressée (limite : 128\u{a0}Mo"),
        "{e}"
    );
}

#[test]
fn a_merged_header_cell_explains_a_missing_key_column() {
    // "Commune" is merged over A1:B1: column B, which holds the codes, has no name of its
    // own, so no key column is found. The message says the header is merged.
    let bytes = workbook(
        &[
            ("A1", "Commune"),
            ("C1", "valeur"),
            ("A2", "Vitré"),
            ("B2", "35360"),
            ("C2", "12"),
        ],
        r#"<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>"#,
        NO_STRINGS,
    );
    let e = import_bytes("entete-fusionnee.xlsx", &bytes).unwrap_err();
    assert!(
        e.contains("cellules fusionnées A1:B1") && e.contains("la colonne B n'a pas de nom"),
        "{e}"
    );
}

#[test]
fn arrondissement_codes_are_summed_into_their_commune() {
    let ds = dataset();
    let mut text = String::from("codgeo;habitants\n");
    for a in 75101..=75120 {
        text.push_str(&format!("{a};{}\n", a - 75100));
    }
    // Lyon given by 3 of its 9 arrondissements: not summed, each row said.
    text.push_str("69381;5\n69382;5\n69383;5\n");
    let (table, report) = import_text_with_report("arrondissements.csv", &text);
    assert_eq!(
        table.report.matched, 1,
        "Paris: {:?}",
        table.report.unmatched
    );
    assert_eq!(table.report.arrondissements.len(), 20);
    assert!(
        report.warnings.iter().any(|w| w.row == 2
            && w.problem
                .contains("arrondissement municipal 75101 compté dans sa commune 75056")),
        "{:?}",
        report.warnings
    );
    let lyon: Vec<_> = report
        .rejected
        .iter()
        .filter(|r| r.problem.contains("arrondissement de Lyon"))
        .collect();
    assert_eq!(lyon.len(), 3, "{:?}", report.rejected);
    assert!(
        lyon[0].problem.contains("3 arrondissement(s) sur 9"),
        "{lyon:?}"
    );
    // Département 75 is Paris alone: 1 + 2 + … + 20 = 210.
    let imports = with_table(table);
    let deps = IndicatorTable::for_level_with(ds, Level::Departement, &imports);
    let col = column_ending(&deps, "habitants@departements");
    let paris = ds
        .tables
        .departements
        .iter()
        .position(|d| d.code == "75")
        .expect("75");
    assert_eq!(deps.values[col][paris], Value::Exact(210.0));
}

#[test]
fn codes_written_the_spreadsheet_way_are_repaired_with_a_warning() {
    // 01004 Ambérieu-en-Bugey, written as Excel and its users break it.
    let text = "codgeo;valeur\n1004.0;1\n=\"01053\";2\n'01093;3\n01 108;4\n35360;5\n";
    let (table, report) = import_text_with_report("orthographes.csv", text);
    assert_eq!(table.report.matched, 5, "{:?}", table.report.unmatched);
    let repaired: Vec<(&str, &str)> = table
        .report
        .repaired
        .iter()
        .map(|(_, raw, code)| (raw.as_str(), code.as_str()))
        .collect();
    assert_eq!(
        repaired,
        [
            ("1004.0", "01004"),
            ("=\"01053\"", "01053"),
            ("'01093", "01093"),
            ("01 108", "01108")
        ]
    );
    assert_eq!(
        report
            .warnings
            .iter()
            .filter(|w| w.problem.contains("forme d'un tableur réparée"))
            .count(),
        4
    );
}

#[test]
fn an_ods_that_unfolds_to_millions_of_cells_is_refused_before_calamine() {
    use std::io::Write as _;
    // 750 bytes: a value after 400,000 repeated empty rows and 100 repeated cells. calamine's
    // dense range took 2.5 GB and 17 s; with every row holding 100 values, 5.7 GB.
    let table = r#"<table:table table:name="F"><table:table-row><table:table-cell office:value-type="string"><text:p>codgeo</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="400000"><table:table-cell table:number-columns-repeated="100" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>{table}</office:spreadsheet></office:body></office:document-content>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).expect("part");
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("write");
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .expect("part");
    zip.write_all(content.as_bytes()).expect("write");
    let bytes = zip.finish().expect("zip").into_inner();
    let e = import_bytes("repete.ods", &bytes).unwrap_err();
    assert!(
        e.contains("repete.ods") && e.contains("40000100 cellules"),
        "{e}"
    );
}

#[test]
fn an_xls_with_a_value_in_its_last_cell_is_refused_before_calamine() {
    // 5.6 KB, one value in IV65536: calamine's dense range took 1.1 GB as the workbook opened.
    let e = import("loin-iv65536.xls", None).unwrap_err();
    assert!(
        e.contains("loin-iv65536.xls") && e.contains("16777216 cellules"),
        "{e}"
    );
}
