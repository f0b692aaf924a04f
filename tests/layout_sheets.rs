//! The layout promises of the A4 territory sheets, read from the texts and table cells each
//! page's drawing records (`Svg::texts`, `Svg::cells`): no text under 7 pt, none crossing the
//! page's edge or its margins, no two texts overlapping, none shortened with "…", no word cut
//! by the wrapper, no rank cut from its total ("72e sur" / "183"), no table cell's text
//! running past its cell. Over sheets of the bundle: a
//! territory of one EPCI, one of several (ti-5305 Fougères–Vitré), an overseas one, the
//! longest name (ti-2808), ti-5305 with the imported action plan and projects of
//! `tests/fixtures/import`, the same kinds among the 2018-2022 territories, and every
//! région's batch (cover page and the sheets of all its territories). Every violation names
//! its sheet and page.

mod common;

use common::{dataset, references, table};
use ti_atlas::carto::layout_check::{MIN_PAPER_TEXT_PT, TextItem, cell_overruns};
use ti_atlas::carto::text::text_width;
use ti_atlas::export::sheet::{generation_drawings, region_drawings, territory_drawings};
use ti_atlas::export::svg::Svg;
use ti_atlas::model::TerritoryId;
use ti_atlas::model::imports::Imports;
use ti_atlas::model::indicators::IndicatorTable;
use ti_atlas::model::{Dataset, Generation, GroupementNature, Territory};
use ti_atlas::sheet::SheetInputs;

const DATE: &str = "05/12/2026";
/// Overlaps and overflows thinner than this (points) are not counted.
const TOLERANCE: f64 = 0.5;
/// The page's margin (points) texts stay inside, less a little for the footer's rule.
const EDGE: f64 = 18.0;

/// Every broken promise of one page, each starting with `case`.
fn check_page(case: &str, page: &Svg) -> Vec<String> {
    let mut out = Vec::new();
    let mut say = |m: String| out.push(format!("{case} : {m}"));
    let texts: Vec<&TextItem> = page
        .texts
        .iter()
        .filter(|t| !t.text.trim().is_empty())
        .collect();
    for t in &texts {
        if t.size < MIN_PAPER_TEXT_PT - 1e-9 {
            say(format!(
                "« {} » en {:.2} pt (au moins {MIN_PAPER_TEXT_PT})",
                t.text, t.size
            ));
        }
        let r = t.rect;
        if r.min.x < EDGE - TOLERANCE
            || r.min.y < EDGE - TOLERANCE
            || r.max.x > page.width - EDGE + TOLERANCE
            || r.max.y > page.height - EDGE + TOLERANCE
        {
            say(format!("« {} » sort de la page ({r:?})", t.text));
        }
        if t.text.contains('…') {
            say(format!("« {} » est coupé par « … »", t.text));
        }
    }
    for (i, a) in texts.iter().enumerate() {
        for b in texts.iter().skip(i + 1) {
            if a.rect.expand(-TOLERANCE).intersects(&b.rect) {
                say(format!("« {} » et « {} » se chevauchent", a.text, b.text));
            }
        }
    }
    for (a, b) in word_cuts(&texts) {
        say(format!("mot coupé entre « {a} » et « {b} »"));
    }
    // A rank kept with what it is out of: never "72e sur" then "183" on the next line (of a
    // column aligned left or right).
    for a in texts.iter().filter(|a| a.text.trim_end().ends_with(" sur")) {
        let below = texts.iter().find(|b| {
            let step = (b.rect.min.y - a.rect.min.y) / a.size;
            ((b.rect.min.x - a.rect.min.x).abs() < 0.01
                || (b.rect.max.x - a.rect.max.x).abs() < 0.01)
                && (b.size - a.size).abs() < 1e-9
                && (1.1..=1.45).contains(&step)
        });
        if let Some(b) = below
            && b.text.starts_with(|c: char| c.is_ascii_digit())
        {
            say(format!(
                "rang séparé de son total : « {} » puis « {} »",
                a.text, b.text
            ));
        }
    }
    for m in cell_overruns(&page.texts, &page.cells, TOLERANCE) {
        say(m);
    }
    out
}

/// The line drawn just below `a` in the same paragraph: same left edge and size, its baseline
/// 1.1 to 1.45 size lower (the sheets space their lines 1.25 to 1.37 size apart), the nearest.
fn line_after<'a>(texts: &[&'a TextItem], a: &TextItem) -> Option<&'a TextItem> {
    texts
        .iter()
        .copied()
        .filter(|b| {
            let step = (b.rect.min.y - a.rect.min.y) / a.size;
            (b.rect.min.x - a.rect.min.x).abs() < 0.01
                && (b.size - a.size).abs() < 1e-9
                && (1.1..=1.45).contains(&step)
        })
        .min_by(|b, c| b.rect.min.y.total_cmp(&c.rect.min.y))
}

/// Lines where the wrapper cut a word. It cuts only a word wider than the column, which then
/// starts its line alone and fills it until the next character no longer fits; so the sign
/// is a line holding no space, ending with a letter, whose next line starts with a lower-case
/// letter, and which would be wider than every line of its paragraph with that letter added
/// (the column is at least as wide as its widest line). A line broken at a space ("Communauté"
/// then "de communes…") is not counted unless it is the widest of its paragraph by nearly a
/// letter — the test can miss a cut in a paragraph it cannot see whole, but names no false
/// one in the sheets it draws (where the wrapper is given the column's width).
fn word_cuts<'a>(texts: &[&'a TextItem]) -> Vec<(&'a str, &'a str)> {
    let mut out = Vec::new();
    for a in texts {
        let Some(b) = line_after(texts, a) else {
            continue;
        };
        let single = !a.text.contains([' ', '\t']);
        let ends_letter = a.text.chars().last().is_some_and(char::is_alphabetic);
        let Some(first) = b.text.chars().next().filter(|c| c.is_lowercase()) else {
            continue;
        };
        if !(single && ends_letter) {
            continue;
        }
        // The paragraph: up to its first line, then down to its last.
        let mut top: &TextItem = a;
        while let Some(p) = texts
            .iter()
            .copied()
            .find(|p| line_after(texts, p).is_some_and(|n| std::ptr::eq(n, top)))
        {
            top = p;
        }
        let mut widest: f64 = 0.0;
        let mut line = Some(top);
        while let Some(l) = line {
            widest = widest.max(l.rect.width());
            line = line_after(texts, l);
        }
        let with_letter = a.rect.width() + text_width(&first.to_string(), a.size, false);
        if with_letter > widest + 0.01 {
            out.push((a.text.as_str(), b.text.as_str()));
        }
    }
    out
}

fn check_sheet(name: &str, input: &SheetInputs<'_>, id: &str) -> Vec<String> {
    let pages = territory_drawings(input, &TerritoryId::new(id)).expect("sheet");
    check_pages(name, id, &pages)
}

/// Every broken promise of a document's pages; `id` names it in the messages.
fn check_pages(name: &str, id: &str, pages: &[Svg]) -> Vec<String> {
    assert!(!pages.is_empty(), "{id}");
    // Tables record their cells (else the cell check checks nothing).
    assert!(
        pages.iter().map(|p| p.cells.len()).sum::<usize>() > 10,
        "{id} : aucune cellule de tableau enregistrée"
    );
    // Wrapped paragraphs are there for the word check to read.
    let continued = pages
        .iter()
        .map(|p| {
            let texts: Vec<&TextItem> = p.texts.iter().collect();
            texts
                .iter()
                .filter(|a| line_after(&texts, a).is_some())
                .count()
        })
        .sum::<usize>();
    assert!(continued > 0, "{id} : aucune ligne suivie d'une autre");
    let mut out = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.texts.len() > 5,
            "{id} page {} : {} textes",
            i + 1,
            page.texts.len()
        );
        out.extend(check_page(&format!("{name} ({id}) page {}", i + 1), page));
    }
    out
}

fn input<'a>(ds: &'a Dataset, table: &'a IndicatorTable, imports: &'a Imports) -> SheetInputs<'a> {
    SheetInputs {
        dataset: ds,
        table: Some(table),
        references: Some(references()),
        imports,
        date: DATE,
        bivariate: None,
        typology: None,
    }
}

/// In a région of overseas France (01 to 06).
fn overseas(t: &Territory) -> bool {
    matches!(t.region.as_str(), "01" | "02" | "03" | "04" | "06")
}

#[test]
fn territory_sheets_keep_the_layout_promises() {
    let ds = dataset();
    let territories: Vec<_> = ds.territories(Generation::Temps2).collect();
    let one_epci = territories
        .iter()
        .find(|t| {
            t.groupements.len() == 1
                && t.groupements[0].nature != GroupementNature::COM
                && !overseas(t)
        })
        .expect("a mainland territory of one EPCI");
    let overseas = territories
        .iter()
        .find(|t| overseas(t))
        .expect("an overseas territory");
    let longest = territories
        .iter()
        .max_by_key(|t| t.name.chars().count())
        .expect("territories");
    assert_eq!(longest.id, "ti-2808");
    let imports = Imports::default();
    let plain = input(ds, table(), &imports);
    let mut out = Vec::new();
    for (name, id) in [
        ("un EPCI", one_epci.id.as_str()),
        ("plusieurs EPCI", "ti-5305"),
        ("outre-mer", overseas.id.as_str()),
        ("nom le plus long", "ti-2808"),
    ] {
        out.extend(check_sheet(name, &plain, id));
    }
    common::assert_no_violation(out);
}

#[test]
fn sheets_of_2018_2022_territories_keep_the_layout_promises() {
    let ds = dataset();
    let table = IndicatorTable::territories(ds, Generation::Temps1);
    let imports = Imports::default();
    let input = input(ds, &table, &imports);
    let territories: Vec<_> = ds.territories(Generation::Temps1).collect();
    assert_eq!(territories.len(), 149);
    let one_epci = territories
        .iter()
        .find(|t| t.groupements.len() == 1 && !overseas(t))
        .expect("a mainland territory of one member");
    let most = territories
        .iter()
        .max_by_key(|t| t.groupements.len())
        .expect("territories");
    let far = territories
        .iter()
        .find(|t| overseas(t))
        .expect("an overseas territory");
    let longest = territories
        .iter()
        .max_by_key(|t| t.name.chars().count())
        .expect("territories");
    let mut out = Vec::new();
    for (name, t) in [
        ("2018-2022, un membre", one_epci),
        ("2018-2022, le plus de membres", most),
        ("2018-2022, outre-mer", far),
        ("2018-2022, nom le plus long", longest),
    ] {
        let pages = generation_drawings(&input, Generation::Temps1, &t.id).expect("sheet");
        // The sheet is the 2018-2022 territory's, said so in its header.
        let header = &pages[0].texts[0].text;
        assert!(header.contains("2018-2022"), "{}: {header}", t.id);
        assert!(
            pages[0]
                .texts
                .iter()
                .any(|x| x.text.contains(t.name.as_str()) || t.name.starts_with(x.text.as_str())),
            "{} : nom absent",
            t.id
        );
        out.extend(check_pages(name, t.id.as_str(), &pages));
    }
    common::assert_no_violation(out);
}

#[test]
fn region_batches_keep_the_layout_promises() {
    let ds = dataset();
    let imports = Imports::default();
    let input = input(ds, table(), &imports);
    let mut out = Vec::new();
    let mut sheets = 0;
    for r in &ds.tables.regions {
        let has_territories = ds
            .territories(Generation::Temps2)
            .any(|t| t.region == r.code);
        if !has_territories {
            continue;
        }
        let pages = region_drawings(&input, &r.code).expect("batch");
        sheets += pages
            .iter()
            .filter(|p| {
                p.texts
                    .first()
                    .is_some_and(|t| t.text.ends_with("fiche territoire"))
            })
            .count();
        out.extend(check_pages(
            &format!("recueil de la région {}", r.name),
            &r.code,
            &pages,
        ));
    }
    // Every territory's sheet is in its région's batch.
    assert_eq!(sheets, 183);
    common::assert_no_violation(out);
}

#[test]
fn a_sheet_with_an_imported_plan_keeps_the_layout_promises() {
    let (ds, imports) = common::with_plan_and_projects(DATE);
    let table = IndicatorTable::territories_with(&ds, Generation::Temps2, &imports);
    let input = input(&ds, &table, &imports);
    let pages = territory_drawings(&input, &TerritoryId::new("ti-5305")).expect("sheet");
    // The plan is on the sheet (else the case checks nothing new).
    assert!(
        pages
            .iter()
            .flat_map(|p| &p.texts)
            .any(|t| t.text.contains("plan-actions.xlsx")),
        "the plan's file named on the sheet"
    );
    common::assert_no_violation(check_sheet("plan importé", &input, "ti-5305"));
}

#[test]
fn the_sheet_check_sees_what_it_promises_to_see() {
    let mut page = Svg::new(595.28, 841.89);
    let style = ti_atlas::export::svg::TextStyle::new(6.0);
    page.text(40.0, 100.0, "Trop petit", style);
    page.text(
        42.0,
        101.0,
        "Par-dessus",
        ti_atlas::export::svg::TextStyle::new(9.0),
    );
    page.text(
        590.0,
        200.0,
        "Au bord",
        ti_atlas::export::svg::TextStyle::new(9.0),
    );
    page.text(
        40.0,
        300.0,
        "Coupé…",
        ti_atlas::export::svg::TextStyle::new(9.0),
    );
    let wrapped = ti_atlas::export::svg::TextStyle::new(9.0).wrap("Intercommunalité", 30.0);
    assert!(wrapped.len() > 1, "{wrapped:?}");
    page.text_lines(
        40.0,
        400.0,
        &wrapped,
        ti_atlas::export::svg::TextStyle::new(9.0),
    );
    // A paragraph broken at a space is no cut, even after a line of one word.
    let words = ["Communauté".to_owned(), "de communes du pays".to_owned()];
    page.text_lines(
        40.0,
        500.0,
        &words,
        ti_atlas::export::svg::TextStyle::new(9.0),
    );
    // A cell's text running past its cell, into its neighbour.
    page.cell(40.0, 600.0, 60.0, 14.0, 1);
    page.text(
        43.0,
        610.0,
        "Communauté d'agglomération",
        ti_atlas::export::svg::TextStyle::new(9.0),
    );
    page.cell(100.0, 600.0, 60.0, 14.0, 1);
    page.text(103.0, 610.0, "", ti_atlas::export::svg::TextStyle::new(9.0));
    // One that fits is not named.
    page.cell(40.0, 650.0, 200.0, 14.0, 1);
    page.text(
        43.0,
        660.0,
        "Tient dans sa cellule",
        ti_atlas::export::svg::TextStyle::new(9.0),
    );
    let v = check_page("essai", &page);
    assert!(v.iter().all(|m| m.starts_with("essai : ")), "{v:?}");
    for needed in [
        "6.00 pt",
        "se chevauchent",
        "« Au bord » sort",
        "coupé par",
        "mot coupé",
        "« Communauté d'agglomération » dépasse sa cellule",
    ] {
        assert!(v.iter().any(|m| m.contains(needed)), "{needed} : {v:?}");
    }
    assert!(
        !v.iter().any(|m| m.contains("mot coupé entre « Communauté")),
        "{v:?}"
    );
    assert!(!v.iter().any(|m| m.contains("Tient dans")), "{v:?}");
}

/// The territory's type on the typology the map shows, in the PDF's identity: a built-in
/// typology, and types named from the classes of an indicator (the longest fact: the rule with
/// its bounds), on the sheets of the same kinds; the line is on the first page, named by the
/// typology, and the sheets keep the layout promises with it.
#[test]
fn a_sheet_with_the_territory_s_type_keeps_the_layout_promises() {
    use ti_atlas::carto::typology::{indicator_class_types, typology_of};
    use ti_atlas::carto::{Choropleth, MapSettings};
    use ti_atlas::model::typology::TypologyChoice;
    use ti_atlas::model::typology::from_indicator_classes::parse_types;
    use ti_atlas::sheet::SheetTypology;
    let ds = dataset();
    let imports = Imports::default();
    // Density in 5 classes; the top two "denses", the lowest "peu denses".
    let settings = MapSettings {
        indicator: Some("densite".into()),
        ..MapSettings::default()
    };
    let spec = settings.choropleth_spec(None).expect("spec").expect("some");
    let classes = Choropleth::compute(ds, table(), &spec).expect("classes");
    let types = indicator_class_types(
        &"densite".into(),
        &classes.legend,
        parse_types("territoires les plus denses de France=4,5;peu denses=1").expect("types"),
        "Densité de population : types d'après les classes",
    )
    .expect("types");
    let mut out = Vec::new();
    for choice in [
        TypologyChoice::new("statut_temps"),
        TypologyChoice::from_indicator_classes(types),
    ] {
        let typology = typology_of(ds, &imports, Some(table()), &choice).expect("typology");
        let label = typology.label.clone();
        let st = SheetTypology::new(typology, &choice);
        let input = SheetInputs {
            typology: Some(&st),
            ..input(ds, table(), &imports)
        };
        for (name, id) in [
            ("plusieurs EPCI", "ti-5305"),
            ("nom le plus long", "ti-2808"),
        ] {
            let pages = territory_drawings(&input, &TerritoryId::new(id)).expect("sheet");
            let first: String = pages[0]
                .texts
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let fact = ti_atlas::sheet::territory_sheet_by_id(&input, &TerritoryId::new(id))
                .expect("sheet")
                .identity
                .typology
                .expect("the territory's type");
            assert_eq!(fact.label, label);
            let line = format!("{} : {}", fact.label, fact.value);
            assert!(
                first.contains(&line),
                "{id} : « {line} » absent de la première page : {first}"
            );
            out.extend(check_pages(&format!("{name} avec « {label} »"), id, &pages));
        }
    }
    common::assert_no_violation(out);
}
