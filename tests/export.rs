//! Exports on the real bundle: map as SVG, PNG and PDF (same classes and colours as the
//! screen), territory sheets and région batches as PDF (pages, size, extracted text), the CSV
//! of the table of values.

mod common;

use common::{dataset, references, scene, table};

use ti_atlas::carto::{Basemap, Choropleth, MapSpec, layer_class};
use ti_atlas::export::sheet::{region_pages, region_pdf, territory_pages, territory_pdf};
use ti_atlas::export::{Format, MapExport, View, map_bytes, map_svg, render};
use ti_atlas::model::TerritoryId;
use ti_atlas::model::imports::Imports;
use ti_atlas::model::indicators::IndicatorTable;
use ti_atlas::model::indicators::choropleth::Spec;
use ti_atlas::model::indicators::classify::Method;
use ti_atlas::model::{Generation, LayerKind, Level};
use ti_atlas::palette::Palette;
use ti_atlas::sheet::SheetInputs;

fn sheet_input(imports: &Imports) -> SheetInputs<'_> {
    SheetInputs {
        dataset: dataset(),
        table: Some(table()),
        references: Some(references()),
        imports,
        date: "23/11/2026",
        bivariate: Some(grid()),
        typology: None,
    }
}

/// The default bivariate EPCI grid of the sheets.
fn grid() -> &'static ti_atlas::model::indicators::bivariate::Bivariate {
    static GRID: std::sync::OnceLock<ti_atlas::model::indicators::bivariate::Bivariate> =
        std::sync::OnceLock::new();
    GRID.get_or_init(|| {
        let epci = IndicatorTable::for_level(dataset(), Level::Epci);
        ti_atlas::carto::bivariate::default_grid(dataset(), &epci).expect("grid")
    })
}

fn density_map(width: f64, height: f64) -> MapExport {
    let spec = Spec {
        level: Level::Territoire,
        indicator: "densite".into(),
        method: Method::Quantiles,
        classes: 5,
        palette: Palette::default(),
        simulation: None,
        typology: None,
    };
    let choropleth = Choropleth::compute(dataset(), table(), &spec).expect("choropleth");
    let mut export = MapExport::new(width, height, "Densité de population", "23/11/2026");
    export.spec.choropleth = Some(choropleth);
    export
}

/// Text without any space: extracted PDF text spaces glyphs out and French numbers use a narrow
/// no-break space.
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text of a PDF, compacted.
fn pdf_text(pdf: &[u8]) -> String {
    compact(&pdf_extract::extract_text_from_mem(pdf).expect("text"))
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let w = u32::from_be_bytes(png[16..20].try_into().expect("4 bytes"));
    let h = u32::from_be_bytes(png[20..24].try_into().expect("4 bytes"));
    (w, h)
}

#[test]
fn png_has_the_requested_size_and_dpi() {
    for (w, h, dpi) in [(1600.0, 1200.0, 150.0), (800.0, 500.0, 96.0)] {
        let png =
            map_bytes(dataset(), scene(), &density_map(w, h), Format::Png { dpi }).expect("png");
        assert_eq!(png_size(&png), (w as u32, h as u32));
        let phys = png
            .windows(4)
            .position(|c| c == b"pHYs")
            .expect("pHYs chunk");
        let ppm = u32::from_be_bytes(png[phys + 4..phys + 8].try_into().expect("4 bytes"));
        assert_eq!(ppm, (f64::from(dpi) / 0.0254).round() as u32);
    }
    assert!(map_bytes(dataset(), scene(), &density_map(5.0, 5.0), Format::Svg).is_err());
}

#[test]
fn svg_parses_and_has_one_path_per_visible_territory() {
    let export = density_map(1200.0, 900.0);
    let svg = map_svg(dataset(), scene(), &export);
    render::tree(&svg).expect("the SVG parses");
    // France entière shows every territory: the mainland and the overseas ones in insets.
    let expected = dataset().territories(Generation::Temps2).count();
    let class = layer_class(LayerKind::Ti2023);
    let fills = svg.matches(&format!(r#"class="{class}""#)).count();
    assert_eq!(fills, expected);
    assert_eq!(expected, 183);
    // Same classes and colours as the screen: each class colour is used as many times as the
    // legend counts units in it (among the drawn ones).
    let Some(Choropleth { fills, legend, .. }) = &export.spec.choropleth else {
        panic!("choropleth")
    };
    for (k, colour) in legend.colours.iter().enumerate() {
        let hex = format!("#{:02x}{:02x}{:02x}", colour[0], colour[1], colour[2]);
        let drawn = svg
            .lines()
            .filter(|l| l.contains(&format!(r#"class="{class}""#)) && l.contains(&hex))
            .count();
        let in_class_drawn = dataset()
            .territories(Generation::Temps2)
            .zip(fills.iter())
            .filter(|(_, c)| *c == colour)
            .count();
        assert_eq!(drawn, in_class_drawn, "class {k}");
    }
    assert!(svg.contains("Densité de population"));
    // The offline basemap's content: neighbouring lands, borders, country and sea names.
    for part in ["fond-terres", "fond-limites", "Suisse", "Mer Méditerranée"] {
        assert!(svg.contains(part), "{part}");
    }
    let mut blank = export.clone();
    blank.spec.basemap = Basemap::None;
    let plain = map_svg(dataset(), scene(), &blank);
    assert!(!plain.contains("fond-terres") && !plain.contains("Suisse"));
    assert_eq!(
        plain.matches(&format!(r#"class="{class}""#)).count(),
        expected
    );
    assert!(svg.contains("Sources : "));
    assert!(svg.contains("23/11/2026"));
    // A view on Brittany shows fewer territories, and the EPCI when asked.
    let mut brittany = MapExport::new(1200.0, 800.0, "Bretagne", "23/11/2026");
    brittany.view = View::Fit([-5.2, 47.2, -1.0, 48.9]);
    brittany.spec = MapSpec {
        layers: vec![LayerKind::Ti2023, LayerKind::Epci],
        ..MapSpec::default()
    };
    let svg = map_svg(dataset(), scene(), &brittany);
    let n = svg.matches(&format!(r#"class="{class}""#)).count();
    assert!(n > 5 && n < 40, "{n}");
    assert!(svg.matches(r#"class="epci""#).count() > 30);
    // Territory names where they fit, none without labels.
    assert!(svg.contains(">Fougères – Vitré</text>"));
    brittany.spec.labels = false;
    assert!(!map_svg(dataset(), scene(), &brittany).contains(">Fougères – Vitré</text>"));
}

#[test]
fn map_pdf_is_one_landscape_page() {
    let (w, h) = ti_atlas::export::A4_LANDSCAPE;
    let pdf = map_bytes(dataset(), scene(), &density_map(w, h), Format::Pdf).expect("pdf");
    let doc = lopdf::Document::load_mem(&pdf).expect("a PDF");
    assert_eq!(doc.get_pages().len(), 1);
    let text = pdf_text(&pdf);
    assert!(text.contains("Densitédepopulation"), "{text}");
    assert!(text.contains("Sources"), "{text}");
}

/// The page sizes (points) of a PDF.
fn page_sizes(doc: &lopdf::Document) -> Vec<(f32, f32)> {
    doc.get_pages()
        .values()
        .map(|&id| {
            let page = doc.get_dictionary(id).expect("page");
            let media = page
                .get(b"MediaBox")
                .and_then(lopdf::Object::as_array)
                .expect("MediaBox");
            let n = |o: &lopdf::Object| o.as_float().expect("number");
            (n(&media[2]) - n(&media[0]), n(&media[3]) - n(&media[1]))
        })
        .collect()
}

#[test]
fn territory_sheet_is_a4_with_name_figures_and_members() {
    let imports = Imports::default();
    let pdf = territory_pdf(&sheet_input(&imports), &TerritoryId::new("ti-5305")).expect("sheet");
    let doc = lopdf::Document::load_mem(&pdf).expect("a PDF");
    let pages = doc.get_pages().len();
    assert!((1..=3).contains(&pages), "{pages}");
    for (w, h) in page_sizes(&doc) {
        assert!(
            (w - 595.28).abs() < 0.5 && (h - 841.89).abs() < 0.5,
            "{w} × {h}"
        );
    }
    let flat = pdf_text(&pdf);
    let t = dataset()
        .territory(Generation::Temps2, &TerritoryId::new("ti-5305"))
        .expect("ti-5305");
    assert!(flat.contains(&compact(&t.name)), "{flat}");
    assert!(
        flat.contains(&t.population.to_string()),
        "population {} in {flat}",
        t.population
    );
    assert!(flat.contains("Région") && flat.contains("France"));
    for g in t.groupements.iter().take(3) {
        assert!(flat.contains(&compact(&g.name)), "member {}", g.name);
    }
    assert!(
        flat.contains("nondisponible"),
        "plan and projects not imported"
    );
    assert!(flat.contains("Sources"));
    assert!(territory_pdf(&sheet_input(&imports), &TerritoryId::new("ti-9999")).is_err());
}

#[test]
fn region_batch_has_a_cover_and_every_territory() {
    let imports = Imports::default();
    let input = sheet_input(&imports);
    let territories: Vec<_> = dataset()
        .territories(Generation::Temps2)
        .filter(|t| t.region == "53")
        .collect();
    let sheets: usize = territories
        .iter()
        .map(|t| territory_pages(&input, &t.id).expect("sheet").len())
        .sum();
    let pages = region_pages(&input, "53").expect("batch");
    assert!(pages.len() > sheets, "a cover page");
    let pdf = region_pdf(&input, "53").expect("pdf");
    let doc = lopdf::Document::load_mem(&pdf).expect("a PDF");
    assert_eq!(doc.get_pages().len(), pages.len());
    let text = pdf_text(&pdf);
    assert!(text.contains("RégionBretagne"), "{text}");
    for t in &territories {
        assert!(text.contains(t.id.as_str()), "{} in the batch", t.id);
    }
    assert!(region_pdf(&input, "99").is_err());
}

#[test]
fn sheet_shows_the_imported_plan_by_axis_and_the_projects() {
    use ti_atlas::io::import::{ImportKind, absorb, import_file};
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let mut dataset = dataset().clone();
    let locator = ti_atlas::model::imports::projects::TerritoryLocator::build(&dataset);
    let mut imports = Imports::default();
    for (file, sheet) in [
        ("plan-actions.xlsx", Some("actions")),
        ("projets-dge.csv", None),
    ] {
        let (imported, _) = import_file(
            &fixtures.join(file),
            sheet,
            ImportKind::Auto,
            &dataset,
            &locator,
        )
        .expect("import");
        absorb(
            &mut imports,
            &mut dataset.tables.sources,
            imported,
            "23/11/2026",
        );
    }
    let table = IndicatorTable::territories_with(&dataset, Generation::Temps2, &imports);
    let input = SheetInputs {
        dataset: &dataset,
        table: Some(&table),
        references: Some(references()),
        imports: &imports,
        date: "23/11/2026",
        bivariate: None,
        typology: None,
    };
    let text = pdf_text(&territory_pdf(&input, &TerritoryId::new("ti-5305")).expect("sheet"));
    for expected in [
        "Actiondetest",
        "4actions",
        "innovation:1",
        "Entreprisetest1",
        "Entreprisetest2",
        "plan-actions.xlsx",
        "projets-dge.csv",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    // Projects of other territories are not listed.
    assert!(!text.contains("Entreprisetest3"));
    // Amounts and dates in French.
    assert!(text.contains("1250000€"), "{text}");
    assert!(!text.contains("1250000,5"), "{text}");
    assert!(text.contains("du1ermars2024au31décembre2025"), "{text}");
}

/// Runs `f` on the sheet input with the plan and the projects of the fixtures imported.
fn with_imports<R>(f: impl FnOnce(&SheetInputs<'_>) -> R) -> R {
    use ti_atlas::io::import::{ImportKind, absorb, import_file};
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let mut dataset = dataset().clone();
    let locator = ti_atlas::model::imports::projects::TerritoryLocator::build(&dataset);
    let mut imports = Imports::default();
    for (file, sheet) in [
        ("plan-actions.xlsx", Some("actions")),
        ("projets-dge.csv", None),
    ] {
        let (imported, _) = import_file(
            &fixtures.join(file),
            sheet,
            ImportKind::Auto,
            &dataset,
            &locator,
        )
        .expect("import");
        absorb(
            &mut imports,
            &mut dataset.tables.sources,
            imported,
            "23/11/2026",
        );
    }
    let table = IndicatorTable::territories_with(&dataset, Generation::Temps2, &imports);
    f(&SheetInputs {
        dataset: &dataset,
        table: Some(&table),
        references: Some(references()),
        imports: &imports,
        date: "23/11/2026",
        bivariate: None,
        typology: None,
    })
}

/// The sheet with the plan and the projects imported, page by page (text as extracted).
fn sheet_pages_with_imports() -> Vec<String> {
    let pdf =
        with_imports(|input| territory_pdf(input, &TerritoryId::new("ti-5305"))).expect("sheet");
    pdf_extract::extract_text_from_mem_by_pages(&pdf).expect("text")
}

#[test]
fn sheet_labels_wrap_instead_of_being_cut_and_every_page_names_the_imported_files() {
    let pages = sheet_pages_with_imports();
    assert!(pages.len() >= 2, "{} page(s)", pages.len());
    let all: String = pages.concat();
    // Nothing is cut: no line, and no cell inside a line, ends with an ellipsis (the data
    // has none of its own).
    for line in all.lines() {
        assert!(!line.contains('…'), "cut text: {line}");
    }
    let flat = compact(&all);
    // A long indicator name and a long mesure, in full.
    for long in [
        "Partdelapopulationdéjàdansunterritoire2018-2022",
        "Soutienàl'investissementindustrieldanslesterritoires",
    ] {
        assert!(flat.contains(long), "{long} in {flat}");
    }
    // Every page has a one-line footer pointing to the sources; the whole sources block,
    // with the imported files and their date, is once at the end.
    for (i, page) in pages.iter().enumerate() {
        let page = compact(page);
        assert!(
            page.contains("sourcesenfindefiche"),
            "page {}: footer in {page}",
            i + 1
        );
    }
    // The text without the pages' furniture (running title, footer), where the sources block
    // may run from one page to the next.
    let body = compact(
        &pages
            .iter()
            .flat_map(|p| p.lines())
            .filter(|l| {
                !l.contains("sources en fin de fiche")
                    && !l.contains("(suite)")
                    && !l.trim_start().starts_with("page ")
            })
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let last = compact(pages.last().expect("a page"));
    assert!(last.contains("réaliséele23/11/2026"), "{last}");
    for expected in [
        "Fichiersimportés",
        "plan-actions.xlsx,importéle23/11/2026",
        "projets-dge.csv,importéle23/11/2026",
        "réaliséele23/11/2026",
    ] {
        assert_eq!(flat.matches(expected).count(), 1, "{expected} once");
    }
    for s in &dataset().tables.sources {
        assert!(
            body.contains(&compact(&s.citation())),
            "{} in {body}",
            s.label
        );
    }
}

#[test]
fn the_sheet_names_only_the_menu_that_makes_the_share_exact() {
    let imports = Imports::default();
    let text = pdf_text(
        &territory_pdf(&sheet_input(&imports), &TerritoryId::new("ti-5305")).expect("sheet"),
    );
    // Once: how to get the territory's exact share (INSEE's commune job counts).
    assert_eq!(text.matches("Fichier>").count(), 1, "{text}");
    assert!(text.contains("C22_EMPLT_INDUS"), "{text}");
    // Plan and projects missing: one short section, not two.
    assert!(text.contains("Pland'actionsetprojetsfinancés"), "{text}");
    assert!(text.contains("Groupementsmembres(4EPCI)"), "{text}");
}

/// `ti-atlas export …` writes the same files headless; bad arguments fail in French.
#[test]
fn export_commands_write_the_files_and_refuse_bad_arguments() {
    let dir = std::env::temp_dir().join(format!("ti-atlas-export-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ti-atlas"))
            .arg("export")
            .args(args)
            .output()
            .expect("ti-atlas runs")
    };
    let svg = dir.join("epci.svg");
    let out = run(&[
        "map",
        "--out",
        &svg.display().to_string(),
        "--indicator",
        "part_emploi_industrie",
        "--level",
        "epci",
        "--method",
        "q6",
        "--classes",
        "6",
        "--layers",
        "ti-2023-2027,epci",
        "--bbox",
        "-5.2,41.3,9.6,51.1",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&svg).expect("svg");
    render::tree(&text).expect("parses");
    assert!(text.contains("Part des emplois dans l'industrie"));
    assert!(text.matches(r#"class="epci""#).count() > 1000);

    let pdf = dir.join("fiche.pdf");
    let out = run(&[
        "sheet",
        "--territory",
        "ti-8402",
        "--out",
        &pdf.display().to_string(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t = dataset()
        .territory(Generation::Temps2, &TerritoryId::new("ti-8402"))
        .expect("ti-8402");
    assert!(pdf_text(&std::fs::read(&pdf).expect("pdf")).contains(&compact(&t.name)));

    let csv = dir.join("tableau.csv");
    let out = run(&[
        "table",
        "--indicator",
        "densite",
        "--level",
        "departements",
        "--out",
        &csv.display().to_string(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv).expect("csv");
    assert!(text.starts_with("\u{feff}rang;code;nom;région;valeur;unité;classe;source\r\n"));
    assert_eq!(
        text.lines().count(),
        1 + dataset().tables.departements.len()
    );
    // Paris is the densest département: rank 1, first line.
    let first = text.lines().nth(1).expect("a row");
    assert!(first.starts_with("1;75;Paris;"), "{first}");

    for (args, expected) in [
        (
            vec!["sheet", "--territory", "ti-9999", "--out", "x.pdf"],
            "territoire inconnu",
        ),
        (
            vec!["sheet", "--region", "99", "--out", "x.pdf"],
            "région inconnue",
        ),
        (vec!["map", "--out", "x.gif"], "extension inconnue"),
        (
            vec!["map", "--out", "x.png", "--layers", "rivieres"],
            "couche inconnue",
        ),
    ] {
        let out = run(&args);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--import-columns` maps the headers of the `--import` file at the same position: an action
/// plan headed Quoi;Où;Thème is read onto the sheet; more mappings than files are refused.
#[test]
fn export_import_columns_map_the_headers_of_the_file_at_the_same_position() {
    let dir = std::env::temp_dir().join(format!("ti-atlas-import-columns-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let plan = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/names/plan-a-mapper.csv"
    );
    let pdf = dir.join("fiche.pdf");
    let pdf_arg = pdf.display().to_string();
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ti-atlas"))
            .args([
                "export",
                "sheet",
                "--territory",
                "ti-0101",
                "--out",
                &pdf_arg,
            ])
            .args(["--import", plan])
            .args(extra)
            .output()
            .expect("ti-atlas runs")
    };
    // Without the mapping the file is read as a table joined on « Où »: no action on the sheet.
    let out = run(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = pdf_text(&std::fs::read(&pdf).expect("pdf"));
    assert!(!text.contains(&compact("Atelier partagé")), "{text}");

    let out = run(&[
        "--import-columns",
        "titre_action=Quoi,id_territoire=Où,axe=Thème",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = pdf_text(&std::fs::read(&pdf).expect("pdf"));
    assert!(text.contains(&compact("Atelier partagé")), "{text}");
    // The other action is ti-0102's, not on this sheet.
    assert!(!text.contains(&compact("Parcours apprentis")), "{text}");

    let out = run(&[
        "--import-columns",
        "titre_action=Quoi",
        "--import-columns",
        "axe=Thème",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--import-columns donné 2 fois pour 1 fichier(s) --import"),
        "{err}"
    );

    let out = run(&["--import-columns", "titre_action=Quoiii"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("la colonne « Quoiii »"), "{err}");

    // A project saved with the mapping reads the file the same way: the sheet drawn from the
    // project lists the action.
    let project = dir.join("plan.tiatlas");
    let svg = dir.join("carte.svg");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ti-atlas"))
        .args(["export", "map", "--out"])
        .arg(&svg)
        .args(["--import", plan])
        .args([
            "--import-columns",
            "titre_action=Quoi,id_territoire=Où,axe=Thème",
        ])
        .arg("--save-project")
        .arg(&project)
        .output()
        .expect("ti-atlas runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_file(&pdf).expect("the earlier sheet removed");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ti-atlas"))
        .args([
            "export",
            "sheet",
            "--territory",
            "ti-0101",
            "--out",
            &pdf_arg,
            "--project",
        ])
        .arg(&project)
        .output()
        .expect("ti-atlas runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = pdf_text(&std::fs::read(&pdf).expect("pdf"));
    assert!(text.contains(&compact("Atelier partagé")), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `export table --typology` adds each unit's category as the map's legend names it: the 183
/// territories, 29 new in 2023 and 154 already labelled in 2018-2022; a typology at another
/// maille than --level is refused.
#[test]
fn export_table_with_a_typology_has_a_category_column() {
    let dir = std::env::temp_dir().join(format!("ti-atlas-table-typology-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let csv = dir.join("tableau.csv");
    let csv_arg = csv.display().to_string();
    let run = |level: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ti-atlas"))
            .args(["export", "table", "--level", level])
            .args(["--typology", "statut_temps", "--out", &csv_arg])
            .output()
            .expect("ti-atlas runs")
    };
    let out = run("territoires");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv).expect("csv");
    let mut lines = text.lines();
    let header = lines.next().expect("header");
    assert!(
        header.starts_with("\u{feff}rang;code;nom;région;valeur;unité;classe;source;"),
        "{header}"
    );
    let categories: Vec<&str> = lines
        .map(|l| l.rsplit(';').next().expect("a field"))
        .collect();
    assert_eq!(categories.len(), 183);
    let count = |c: &str| categories.iter().filter(|&&x| x == c).count();
    assert_eq!(count("nouveau en 2023"), 29);
    assert_eq!(count("déjà labellisé en 2018-2022"), 154);

    let out = run("epci");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("à la maille territoires"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
