//! Every output of the command line keeps the user's files safe: an output that is an input of
//! the run (by name, through a link, a hard link, a shapefile's part), an extension that does not
//! say what is written, an existing file of another type — each is refused before any work with a
//! French message (exit code 2), the file untouched byte for byte. A symbolic link is written
//! through, and the temporary file a killed write left is cleaned.

mod common;
use common::cli::{stderr, ti_atlas};

use std::path::{Path, PathBuf};

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    common::cli::scratch("sorties", name)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A copy of a fixture in `dir`.
fn copy(dir: &Path, fixture_name: &str, as_name: &str) -> PathBuf {
    let to = dir.join(as_name);
    std::fs::copy(fixture(fixture_name), &to).expect("copy");
    to
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// Runs `args`: refused (exit code 2) with `expected` in a French message, and `kept` untouched.
fn assert_refused_and_kept(args: &[String], expected: &str, kept: &Path) {
    let before = std::fs::read(kept).expect("read before");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = ti_atlas(&args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.contains(expected), "{args:?}: {err}");
    assert!(err.contains("rien n'a été écrit"), "{args:?}: {err}");
    assert!(!err.contains("error"), "{args:?}: {err}");
    assert_eq!(std::fs::read(kept).expect("read after"), before, "{args:?}");
}

const IS_AN_INPUT: &str = "est aussi un fichier lu";

#[test]
fn an_output_is_never_an_input_of_the_run() {
    let dir = scratch("entree");
    let table = copy(&dir, "import/unknown-layout.csv", "t.csv");
    let plan = copy(&dir, "import/plan-actions-cp1252.csv", "plan.csv");
    let workbook = copy(&dir, "import/plan-actions.xlsx", "plan.xlsx");
    let cases: [(Vec<String>, &Path); 3] = [
        (
            vec![
                "export".into(),
                "table".into(),
                "--import".into(),
                s(&table),
                "--out".into(),
                s(&table),
            ],
            &table,
        ),
        (
            vec!["import".into(), s(&plan), "--report".into(), s(&plan)],
            &plan,
        ),
        (
            vec![
                "export".into(),
                "sheet".into(),
                "--territory".into(),
                "ti-5305".into(),
                "--import".into(),
                s(&workbook),
                "--out".into(),
                s(&workbook),
            ],
            &workbook,
        ),
    ];
    for (args, kept) in &cases {
        assert_refused_and_kept(args, IS_AN_INPUT, kept);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_input_reached_through_a_link_or_another_name_is_refused() {
    let dir = scratch("liens");
    let plan = copy(&dir, "import/plan-actions-cp1252.csv", "plan.csv");
    std::os::unix::fs::symlink(&plan, dir.join("lien.csv")).expect("symlink");
    std::fs::hard_link(&plan, dir.join("dur.csv")).expect("hard link");
    std::fs::create_dir_all(dir.join("sous")).expect("dir");
    for other in ["lien.csv", "dur.csv", "sous/../plan.csv", "./plan.csv"] {
        let out = if other == "./plan.csv" {
            format!("{}/./plan.csv", s(&dir))
        } else {
            s(&dir.join(other))
        };
        let args = vec!["import".into(), s(&plan), "--report".into(), out];
        assert_refused_and_kept(&args, IS_AN_INPUT, &plan);
    }
    assert!(
        std::fs::symlink_metadata(dir.join("lien.csv"))
            .expect("link")
            .file_type()
            .is_symlink()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_part_of_an_input_shapefile_is_refused() {
    let dir = scratch("shapefile");
    for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
        copy(
            &dir,
            &format!("layers/prj-inconnu.{ext}"),
            &format!("couche.{ext}"),
        );
    }
    let shp = dir.join("couche.shp");
    for part in ["couche.dbf", "couche.prj", "couche.shx", "couche.cpg"] {
        let args = vec![
            "import".into(),
            s(&shp),
            "--report".into(),
            s(&dir.join(part)),
        ];
        assert_refused_and_kept(&args, IS_AN_INPUT, &dir.join(part));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_extension_must_say_what_is_written() {
    let dir = scratch("extension");
    let workbook = copy(&dir, "import/plan-actions.xlsx", "classeur.xlsx");
    let table = copy(&dir, "import/unknown-layout.csv", "t.csv");
    let cases: [(Vec<String>, &str); 3] = [
        (
            vec![
                "export".into(),
                "table".into(),
                "--out".into(),
                s(&workbook),
            ],
            "nommez le fichier en .csv",
        ),
        (
            vec!["import".into(), s(&table), "--report".into(), s(&workbook)],
            "nommez le fichier en .csv",
        ),
        (
            vec![
                "export".into(),
                "sheet".into(),
                "--territory".into(),
                "ti-5305".into(),
                "--out".into(),
                s(&dir.join("fiche.png")),
            ],
            "nommez le fichier en .pdf",
        ),
    ];
    for (args, expected) in &cases {
        assert_refused_and_kept(args, expected, &workbook);
    }
    assert!(!dir.join("fiche.png").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_existing_file_of_another_type_is_never_replaced() {
    let dir = scratch("autre-type");
    let table = copy(&dir, "import/unknown-layout.csv", "t.csv");
    // A workbook, a PDF and a PNG saved under a .csv name.
    let cases: [(&str, &[u8]); 3] = [
        ("classeur.csv", b"PK\x03\x04 un classeur"),
        ("fiche.csv", b"%PDF-1.7 une fiche"),
        ("image.csv", b"\x89PNG\r\n\x1a\n"),
    ];
    for (name, content) in cases {
        let out = dir.join(name);
        std::fs::write(&out, content).expect("write");
        for args in [
            vec!["export".into(), "table".into(), "--out".into(), s(&out)],
            vec!["import".into(), s(&table), "--report".into(), s(&out)],
            vec!["compare".into(), "--csv".into(), s(&out)],
        ] {
            assert_refused_and_kept(&args, "existe déjà et contient", &out);
        }
    }
    // A PDF under .pdf for a map export is replaced only by a PDF: a PNG there is refused.
    let png = dir.join("carte.pdf");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n").expect("write");
    let args = vec!["export".into(), "map".into(), "--out".into(), s(&png)];
    assert_refused_and_kept(&args, "une image PNG", &png);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_link_is_written_through_and_a_killed_writes_temporary_cleaned() {
    let dir = scratch("ecrit");
    std::fs::create_dir_all(dir.join("vrai")).expect("dir");
    let target = dir.join("vrai/tableau.csv");
    std::fs::write(&target, b"ancien;tableau\n").expect("write");
    let link = dir.join("tableau.csv");
    std::os::unix::fs::symlink("vrai/tableau.csv", &link).expect("symlink");
    // A temporary file a killed export left (a process number that cannot be running).
    let stale = dir.join("vrai/.tableau.csv.2147483646.tmp");
    std::fs::write(&stale, b"moiti").expect("write");
    let out = ti_atlas(&["export", "table", "--out", &s(&link)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink(),
        "the link was replaced by a file"
    );
    let text = std::fs::read_to_string(&target).expect("target");
    assert!(
        text.contains("ti-5305") && !text.contains("ancien;tableau"),
        "{text}"
    );
    assert!(!stale.exists(), "stale temporary kept");
    let names: Vec<String> = std::fs::read_dir(dir.join("vrai"))
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    assert_eq!(names, ["tableau.csv"]);
    let _ = std::fs::remove_dir_all(&dir);
}
