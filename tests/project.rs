//! The project file (`.tiatlas`) from the command line: a map exported with the user's files
//! and saved as a project is drawn again from the project alone once those files are gone, and
//! its sheet lists every action; a damaged, truncated or newer project is refused in French
//! and nothing is written.

use std::path::{Path, PathBuf};
use std::process::Output;

fn run(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_ti-atlas"))
        .arg("export")
        .args(args)
        .output()
        .expect("ti-atlas runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ti-atlas-projet-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn text(path: &Path) -> String {
    std::fs::read_to_string(path).expect("text")
}

fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("pdf");
    pdf_extract::extract_text_from_mem(&bytes)
        .expect("text")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// Copies of the fixtures' plan and projects, to be deleted after the project is saved.
fn users_files(dir: &Path) -> (PathBuf, PathBuf) {
    let plan = dir.join("plan-actions-cp1252.csv");
    let projects = dir.join("projets-dge.csv");
    std::fs::copy(fixture("plan-actions-cp1252.csv"), &plan).expect("copy");
    std::fs::copy(fixture("projets-dge.csv"), &projects).expect("copy");
    (plan, projects)
}

#[test]
fn a_project_draws_the_same_map_and_sheet_once_the_users_files_are_gone() {
    let dir = scratch("reproduit");
    let (plan, projects) = users_files(&dir);
    let (first, project) = (dir.join("carte.svg"), dir.join("briefing.tiatlas"));
    ok(&run(&[
        "map",
        "--out",
        &s(&first),
        "--indicator",
        "part_emploi_industrie",
        "--level",
        "epci",
        "--classes",
        "4",
        "--palette",
        "Blues",
        "--symbols",
        "population",
        "--layers",
        "ti-2023-2027,epci",
        "--territory",
        "ti-5305",
        "--title",
        "Fougères - Vitré : l'industrie et les projets",
        "--width",
        "1000",
        "--height",
        "800",
        "--import",
        &s(&plan),
        "--import",
        &s(&projects),
        "--save-project",
        &s(&project),
    ]));
    let sheet_before = dir.join("fiche-avant.pdf");
    ok(&run(&[
        "sheet",
        "--territory",
        "ti-5305",
        "--out",
        &s(&sheet_before),
        "--import",
        &s(&plan),
        "--import",
        &s(&projects),
    ]));
    std::fs::remove_file(&plan).expect("rm");
    std::fs::remove_file(&projects).expect("rm");

    let again = dir.join("carte-du-projet.svg");
    ok(&run(&[
        "map",
        "--project",
        &s(&project),
        "--out",
        &s(&again),
    ]));
    let (a, b) = (text(&first), text(&again));
    assert!(
        a.contains("Fougères - Vitré : l'industrie et les"),
        "the title"
    );
    // The projects' points, the symbols and the EPCI classes came back with the project.
    assert!(a.contains(r#"class="epci""#), "EPCI drawn");
    assert_eq!(a, b, "the project's map is the exported map");

    let sheet_after = dir.join("fiche-du-projet.pdf");
    ok(&run(&[
        "sheet",
        "--territory",
        "ti-5305",
        "--project",
        &s(&project),
        "--out",
        &s(&sheet_after),
    ]));
    let after = pdf_text(&sheet_after);
    for action in [
        "ActiondetestA",
        "ActiondetestB",
        "ActiondetestC",
        "ActiondetestD",
    ] {
        assert!(after.contains(action), "{action} in {after}");
    }
    assert!(after.contains("Entreprisetest1") && after.contains("plan-actions-cp1252.csv"));
    assert_eq!(pdf_text(&sheet_before), after, "the same sheet");
    // Nothing of the project's unpacked files is left behind.
    let leftovers = std::fs::read_dir(std::env::temp_dir())
        .expect("tmp")
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("ti-atlas-projet-")
                && e.path().join("01").exists()
        })
        .count();
    assert_eq!(leftovers, 0, "unpacked files removed");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_project_is_refused_in_french_and_nothing_is_written() {
    let dir = scratch("refus");
    let (plan, _) = users_files(&dir);
    let project = dir.join("p.tiatlas");
    ok(&run(&[
        "map",
        "--out",
        &s(&dir.join("a.svg")),
        "--import",
        &s(&plan),
        "--save-project",
        &s(&project),
    ]));
    let bytes = std::fs::read(&project).expect("project");
    let out = dir.join("b.svg");
    let refused = |path: &Path, expected: &str| {
        let o = run(&["map", "--project", &s(path), "--out", &s(&out)]);
        assert!(!o.status.success());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(expected), "{expected} in {err}");
        assert!(err.contains("rien n'a été chargé"), "{err}");
        assert!(
            !err.contains("invalid") && !err.contains("Zip"),
            "no library English: {err}"
        );
        assert!(!out.exists(), "nothing written");
    };
    let truncated = dir.join("tronque.tiatlas");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write");
    refused(&truncated, "tronqué");
    let not_zip = dir.join("texte.tiatlas");
    std::fs::write(&not_zip, "bonjour").expect("write");
    refused(&not_zip, "tronqué, abîmé ou d'un autre format");

    // A map choice given with --project would be ignored: refused.
    let o = run(&[
        "map",
        "--project",
        &s(&project),
        "--indicator",
        "population",
        "--out",
        &s(&out),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("ne peut pas être utilisé avec"));
    // The project never lands on an input or on a file of another type.
    for target in [plan.clone(), dir.join("carte.svg")] {
        let o = run(&[
            "map",
            "--out",
            &s(&out),
            "--import",
            &s(&plan),
            "--save-project",
            &s(&target),
        ]);
        assert_eq!(o.status.code(), Some(2), "{}", s(&target));
        assert!(!out.exists());
    }
    assert_eq!(
        std::fs::read(&plan).expect("plan"),
        std::fs::read(fixture("plan-actions-cp1252.csv")).expect("fixture"),
        "the user's file untouched"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
