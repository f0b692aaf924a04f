//! The `ti-atlas` command line as a user meets it: French errors and help, exit codes (0 done,
//! 1 nothing done, 2 command line refused), arguments checked before any work.

mod common;
use common::cli::{stderr, stdout, ti_atlas};

use std::path::{Path, PathBuf};

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    common::cli::scratch("cli", name)
}

fn path(p: &Path) -> String {
    p.display().to_string()
}

/// Refused with exit code 2 and a French message containing `expected`.
fn assert_refused(args: &[&str], expected: &str) -> String {
    let out = ti_atlas(args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.contains(expected), "{args:?}: {err}");
    assert!(!err.contains("error:"), "{args:?}: {err}");
    err
}

#[test]
fn clap_errors_and_help_are_french() {
    let err = assert_refused(&["exporte"], "commande inconnue « exporte »");
    assert!(err.contains("« export »"), "{err}");
    assert_refused(&["stats", "--jsn"], "argument inattendu « --jsn »");
    let help = ti_atlas(&["import", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = stdout(&help);
    for word in [
        "Utilisation : ti-atlas import",
        "auto",
        "plan",
        "projets",
        "tableau",
        "couche",
        "GeoJSON",
        "shapefile",
        "XLSX",
        "Affiche cette aide",
        "[par défaut : auto]",
    ] {
        assert!(text.contains(word), "« {word} » missing:\n{text}");
    }
    assert!(
        !text.contains("Print help") && !text.contains("Usage:"),
        "{text}"
    );
}

/// `ti-atlas projet.tiatlas` opens the window on a project (as the file manager starts it): a
/// project that is not there is refused before any window, in French; any other lone word is
/// still a subcommand.
#[test]
fn a_project_named_alone_is_checked_before_the_window() {
    let err = assert_refused(
        &["/ce/dossier/n-existe/pas/carte.tiatlas"],
        "projet introuvable",
    );
    assert!(err.contains("carte.tiatlas"), "{err}");
    assert_refused(&["carte.csv"], "commande inconnue « carte.csv »");
}

#[test]
fn a_missing_file_is_said_once_in_french() {
    let out = ti_atlas(&["import", "/ce/dossier/n-existe/pas/plan.csv"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("plan.csv"), "{err}");
    assert_eq!(err.matches("introuvable").count(), 1, "{err}");
    assert!(!err.contains("No such file"), "{err}");
}

#[test]
fn a_file_that_imports_nothing_fails() {
    let dir = scratch("vide");
    let csv = dir.join("entete-seule.csv");
    std::fs::write(&csv, "code_insee;valeur\n").expect("write");
    let out = ti_atlas(&["import", &path(&csv)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}{}", stdout(&out));
    // The reader says why: there is no data row.
    assert!(err.contains("aucune ligne de données"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sheet_with_a_csv_is_refused() {
    let dir = scratch("feuille");
    let csv = dir.join("valeurs.csv");
    std::fs::write(&csv, "code_insee;valeur\n35360;1\n").expect("write");
    assert_refused(
        &["import", &path(&csv), "--sheet", "Feuil1"],
        "--sheet « Feuil1 » ne s'applique qu'aux classeurs XLSX",
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn map_arguments_out_of_range_are_refused_before_any_work() {
    let dir = scratch("carte");
    let png = path(&dir.join("carte.png"));
    let map = |extra: &[&'static str]| -> Vec<String> {
        let mut args: Vec<String> = ["export", "map", "--out", png.as_str()]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        args
    };
    for (extra, expected) in [
        (vec!["--dpi", "1e9"], "résolution impossible"),
        (vec!["--dpi", "NaN"], "résolution impossible"),
        (
            vec!["--width", "20000", "--height", "20000"],
            "400 mégapixels, la limite est de 50 mégapixels",
        ),
        (vec!["--width", "1e9"], "taille d'export impossible"),
        (
            vec!["--bbox", "-1e308,41,9,51"],
            "longitude hors de -180 à 180",
        ),
        (vec!["--bbox", "NaN,41,9,51"], "n'est pas un nombre fini"),
        (vec!["--bbox", "9,41,-5,51"], "emprise inversée"),
        (vec!["--bbox", "-5,41,9,90"], "latitude hors de -85 à 85"),
        (vec!["--bbox", "-5,41,9"], "3 valeur(s) au lieu de 4"),
        (
            vec!["--bbox", "170,-10,175,-5"],
            "ne touche aucune région française",
        ),
    ] {
        let args = map(&extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_refused(&args, expected);
    }
    assert!(!dir.join("carte.png").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn output_into_a_missing_folder_names_it_and_creates_nothing() {
    let dir = scratch("sortie");
    let missing = dir.join("absent");
    let out = path(&missing.join("carte.svg"));
    let err = assert_refused(&["export", "map", "--out", &out], "dossier introuvable");
    assert!(err.contains(&path(&missing)), "{err}");
    let csv = path(&missing.join("comparaison.csv"));
    assert_refused(&["compare", "--csv", &csv], "dossier introuvable");
    assert!(!missing.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn export_table_defaults_to_population_and_falls_back_to_fewer_classes() {
    let dir = scratch("tableau");
    let csv = dir.join("population.csv");
    let out = ti_atlas(&["export", "table", "--out", &path(&csv)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&csv).expect("csv");
    // 183 territories 2023-2027 and the header.
    assert_eq!(text.lines().count(), 184);
    assert!(text.contains(";habitants;"), "{}", &text[..300]);
    assert!(text.contains("recensement 2022"), "{}", &text[..300]);

    let csv = dir.join("departements.csv");
    let out = ti_atlas(&[
        "export",
        "table",
        "--indicator",
        "nombre_departements",
        "--out",
        &path(&csv),
    ]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("valeurs distinctes seulement") && err.contains("classes au lieu de 5"),
        "{err}"
    );
    assert!(csv.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn compare_names_its_sources_and_the_rebuilt_perimeters() {
    let dir = scratch("comparaison");
    let csv = dir.join("comparaison.csv");
    let out = ti_atlas(&["compare", "--csv", &path(&csv)]);
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(text.contains("Sources : ANCT"), "{text}");
    assert!(text.contains("recensement 2022"), "{text}");
    assert!(
        text.contains("reconstitués avec les périmètres d'EPCI de 2024"),
        "{text}"
    );
    assert!(!text.contains("exact"), "{text}");
    let table = std::fs::read_to_string(&csv).expect("csv");
    let header = table.lines().next().expect("header");
    assert!(header.contains("population municipale 2022"), "{header}");
    assert!(header.ends_with(";périmètre;sources"), "{header}");
    let temps1 = table
        .lines()
        .find(|l| l.starts_with("2018-2022;"))
        .expect("a 2018-2022 row");
    assert!(
        temps1.contains("reconstitué avec les EPCI de 2024"),
        "{temps1}"
    );
    assert!(temps1.contains("COG 2024"), "{temps1}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_huge_search_query_is_answered() {
    let query = "vitre ".repeat(20_000);
    let out = ti_atlas(&["search", &query, "--limit", "20"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("35360"), "{}", stdout(&out));
}

// ---- Issue 19: reads bounded, no library log by default. ----

#[cfg(unix)]
#[test]
fn a_device_or_a_fifo_given_to_import_is_refused_at_once() {
    // /dev/zero cost 8 GB before "mémoire insuffisante"; a FIFO without a writer hung
    // `import` and `export --import` forever.
    let out = ti_atlas(&["import", "/dev/zero"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("périphérique"), "{err}");
    let dir = scratch("fifo");
    let fifo = dir.join("plan.csv");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    let out = ti_atlas(&["import", &path(&fifo)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("plan.csv") && err.contains("tube nommé"),
        "{err}"
    );
    let csv = dir.join("t.csv");
    let out = ti_atlas(&[
        "export",
        "table",
        "--import",
        &path(&fifo),
        "--out",
        &path(&csv),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("tube nommé"), "{err}");
    assert!(!csv.exists(), "nothing written");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn library_warnings_stay_off_the_terminal_unless_verbose() {
    // A title in characters no bundled font has: usvg logged "WARN usvg::text::layout] No
    // fonts with a 日 character were found" on the export's stderr.
    let dir = scratch("journal");
    let png = path(&dir.join("carte.png"));
    let args = ["export", "map", "--title", "日本", "--out", png.as_str()];
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ti-atlas"))
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("runs");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("WARN"), "{err}");
    let verbose = std::process::Command::new(env!("CARGO_BIN_EXE_ti-atlas"))
        .args(args)
        .arg("--verbose")
        .env_remove("RUST_LOG")
        .output()
        .expect("runs");
    let err = stderr(&verbose);
    assert_eq!(verbose.status.code(), Some(0), "{err}");
    assert!(err.contains("WARN") && err.contains("usvg"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A figure followed by a plain space and a unit or a percent sign: French notation wants a
/// no-break space there ("24,5 %", "12 Mo"), so that no line breaks between them.
fn plain_spaces_before_units(text: &str) -> Vec<String> {
    const UNITS: [&str; 9] = [
        "%",
        "€",
        "Mo",
        "ms",
        "px",
        "km²",
        "hab.",
        "habitants",
        "mégapixels",
    ];
    let mut out = Vec::new();
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if *c != ' ' || i == 0 || !chars[i - 1].is_ascii_digit() {
                continue;
            }
            let rest: String = chars[i + 1..].iter().collect();
            if UNITS.iter().any(|u| {
                rest.strip_prefix(u)
                    .is_some_and(|after| after.chars().next().is_none_or(|c| !c.is_alphanumeric()))
            }) {
                out.push(line.to_owned());
                break;
            }
        }
    }
    out
}

#[test]
fn figures_and_units_are_joined_by_no_break_spaces_in_every_text_output() {
    assert_eq!(
        plain_spaces_before_units("24,5 % et 12\u{a0}Mo\n3 ms\n2 classes"),
        ["24,5 % et 12\u{a0}Mo", "3 ms"],
        "the check sees what it looks for"
    );
    let runs: [&[&str]; 5] = [
        &["stats"],
        &["indicators"],
        &["symbols", "--indicator", "population"],
        &[
            "classify",
            "--indicator",
            "part_emploi_industrie",
            "--level",
            "epci",
        ],
        &["compare"],
    ];
    let mut bad = Vec::new();
    for args in runs {
        let out = ti_atlas(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        for line in plain_spaces_before_units(&stdout(&out)) {
            bad.push(format!("{args:?} : {line}"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Indicator ids are read from the command line as they are written everywhere else: a known
/// one comes back under the same id, an unknown one is refused in French, naming it.
#[test]
fn indicator_ids_are_read_as_written_and_unknown_ones_named() {
    let out = ti_atlas(&["classify", "--indicator", "densite", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(json["indicator"], "densite");
    for args in [
        &["classify", "--indicator", "densité_inexistante"][..],
        &["symbols", "--indicator", "densité_inexistante"][..],
    ] {
        let out = ti_atlas(args);
        let err = stderr(&out);
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        assert!(err.contains("« densité_inexistante »"), "{args:?}: {err}");
        assert!(err.contains("ti-atlas indicators"), "{args:?}: {err}");
    }
}
