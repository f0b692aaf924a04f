//! The territory-sheet view model on the real bundle: what the side panel and the PDF sheet
//! both show, for Fougères – Vitré (ti-5305), a territory of Auvergne-Rhône-Alpes (ti-8402),
//! territories with communes and with an EPT among their members, EPCI/département/région
//! sheets, and the user's imports.

mod common;

use std::sync::OnceLock;

use common::{dataset, references, table};

use ti_atlas::format::int_fr;
use ti_atlas::model::IndicatorId;
use ti_atlas::model::TerritoryId;
use ti_atlas::model::imports::Imports;
use ti_atlas::model::indicators::IndicatorTable;
use ti_atlas::model::{Generation, GroupementNature, LayerKind, Level, Territory};
use ti_atlas::sheet::view::{KeyFigure, PlanView, ProjectsView, TerritorySheet};
use ti_atlas::sheet::{SheetInputs, territory_sheet, territory_sheet_by_id, unit_sheet};

fn no_imports() -> &'static Imports {
    static IMPORTS: OnceLock<Imports> = OnceLock::new();
    IMPORTS.get_or_init(Imports::default)
}

fn inputs() -> SheetInputs<'static> {
    SheetInputs {
        dataset: dataset(),
        table: Some(table()),
        references: Some(references()),
        imports: no_imports(),
        bivariate: None,
        date: "",
        typology: None,
    }
}

fn sheet(id: &str) -> TerritorySheet {
    territory_sheet_by_id(&inputs(), &TerritoryId::new(id))
        .unwrap_or_else(|| panic!("sheet of {id}"))
}

fn figure<'a>(sheet: &'a TerritorySheet, id: &str) -> &'a KeyFigure {
    sheet
        .figures
        .rows
        .iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("{id} on the sheet"))
}

fn territory(id: &str) -> &'static Territory {
    dataset()
        .territory(Generation::Temps2, &TerritoryId::new(id))
        .expect("territory")
}

fn fact<'a>(sheet: &'a TerritorySheet, label: &str) -> &'a str {
    sheet
        .identity
        .facts
        .iter()
        .find(|f| f.label == label)
        .map(|f| f.value.as_str())
        .unwrap_or_else(|| panic!("{label} in the identity"))
}

#[test]
fn fougeres_vitre_has_its_identity_figures_members_and_sources() {
    let s = sheet("ti-5305");
    let t = territory("ti-5305");
    assert_eq!(s.identity.name, t.name);
    // The id with its generation: the two generations reuse ids.
    assert_eq!(fact(&s, "Identifiant"), "ti-5305 (2023-2027)");
    assert_eq!(fact(&s, "Région"), "Bretagne (53)");
    assert!(fact(&s, "Départements").contains("Ille-et-Vilaine (35)"));
    assert_eq!(fact(&s, "Groupements membres"), "4 EPCI");
    assert_eq!(
        s.identity.population,
        format!("{}\u{a0}hab.", int_fr(t.population))
    );

    // Population: exact, ranked among the 183, with the région and France.
    let pop = figure(&s, "population");
    assert!(pop.exact);
    assert_eq!(pop.value, format!("{}\u{a0}hab.", int_fr(t.population)));
    let rank = pop.rank.as_ref().expect("rank");
    assert_eq!(rank.of, 183);
    assert!(
        rank.text
            .starts_with(&format!("rang {} sur 183 territoires", rank.rank))
    );
    let c = pop.comparison.as_ref().expect("région and France");
    assert!(
        c.region.ends_with("hab.") && c.france.ends_with("hab."),
        "{c:?}"
    );
    assert!(c.line.contains("% de la région"), "{}", c.line);

    // The industrial share cannot be summed over 4 EPCI: why, and the members' spread.
    let industry = figure(&s, "part_emploi_industrie");
    assert!(!industry.exact);
    assert_eq!(industry.value, "non calculable");
    assert!(
        industry
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("ne s'additionne pas"))
    );
    let spread = industry.spread.as_ref().expect("members' range and median");
    assert_eq!((spread.with_value, spread.members), (4, 4));
    assert!(spread.min <= spread.median && spread.median <= spread.max);
    assert!(
        spread
            .text
            .starts_with("EPCI membres (4 sur 4 avec valeur)"),
        "{}",
        spread.text
    );
    assert_eq!(
        industry.comparison.as_ref().map(|c| c.region.as_str()),
        Some("non calculable")
    );
    assert!(s.figures.spread_note.is_some());

    // Figures the user's files feed: no value, the reason, no comparison.
    let waiting: Vec<&KeyFigure> = s.figures.waiting_for_import().collect();
    assert_eq!(waiting.len(), 6, "actions (total and 4 axes) and projects");
    for f in waiting {
        assert_eq!(f.value, "non disponible");
        assert!(
            f.reason
                .as_deref()
                .is_some_and(|r| r.starts_with("non disponible — importer"))
        );
        assert!(f.comparison.is_none());
    }

    // Members: four EPCI, each with its sheet on the EPCI layer; populations add up.
    let m = &s.members;
    assert_eq!(m.title, "Groupements membres (4 EPCI)");
    assert_eq!(m.rows.len(), 4);
    assert!(
        m.rows
            .iter()
            .all(|r| r.epci_index.is_some() && r.nature_short != "Commune")
    );
    let sum: u64 = m.rows.iter().filter_map(|r| r.population).sum();
    assert_eq!(sum, t.population);
    let vitre = m
        .rows
        .iter()
        .find(|r| r.siren == "200039022")
        .expect("Vitré Communauté");
    assert_eq!(
        dataset().tables.epci[vitre.epci_index.expect("on the map")].siren,
        "200039022"
    );
    let shares = dataset()
        .tables
        .indicators
        .iter()
        .filter(|s| s.measure == ti_atlas::model::SeriesMeasure::Share)
        .count();
    assert_eq!(
        m.columns.len(),
        shares,
        "the shares; growth rates have their own block"
    );
    assert!(
        m.spreads.iter().all(Option::is_some),
        "every series has values here"
    );

    assert_eq!(s.plan, Some(PlanView::NotImported));
    assert_eq!(s.projects, Some(ProjectsView::NotImported));
    // Every source of the bundle, with its vintage.
    assert_eq!(s.sources.sources.len(), dataset().tables.sources.len());
    for src in &dataset().tables.sources {
        assert!(
            s.sources.lines()[0].contains(&src.citation()),
            "{} in the sources",
            src.label
        );
    }
    assert!(s.sources.imported.is_empty());
}

#[test]
fn ti_8402_sheet_reads_its_région_and_départements() {
    let s = sheet("ti-8402");
    let t = territory("ti-8402");
    assert_eq!(s.identity.region_code, "84");
    assert!(fact(&s, "Région").starts_with("Auvergne-Rhône-Alpes"));
    for d in &t.departements {
        assert!(s.identity.departements.contains(&format!("({d})")), "{d}");
    }
    assert_eq!(s.members.counts.total, t.groupements.len());
    let density = figure(&s, "densite");
    assert!(
        density.exact && density.value.ends_with("hab./km²"),
        "{}",
        density.value
    );
    // Every figure of the bundle either has a value or says why not.
    for f in s.figures.shown() {
        assert!(f.exact || f.reason.is_some(), "{}", f.id);
    }
}

#[test]
fn members_that_are_communes_are_listed_as_communes_and_counted() {
    let ds = dataset();
    let (index, t) = ds
        .territories(Generation::Temps2)
        .enumerate()
        .find(|(_, t)| {
            t.groupements
                .iter()
                .any(|g| g.nature == GroupementNature::COM)
                && t.groupements
                    .iter()
                    .any(|g| g.nature != GroupementNature::COM)
        })
        .expect("a territory with communes and EPCI as members");
    let s = territory_sheet(&inputs(), Generation::Temps2, index).expect("sheet");
    let c = s.members.counts;
    assert!(c.communes > 0);
    assert_eq!(c.total, c.epci + c.ept + c.communes);
    assert_eq!(s.members.rows.len(), c.total);
    let expected = format!("{} = ", c.total);
    assert!(
        s.members
            .title
            .starts_with(&format!("Groupements membres ({expected}")),
        "{}",
        s.members.title
    );
    assert!(s.members.title.contains(&format!("{} commune", c.communes)));
    for r in s
        .members
        .rows
        .iter()
        .filter(|r| r.nature == GroupementNature::COM)
    {
        assert_eq!(r.nature_short, "Commune");
        assert_eq!(r.epci_index, None);
        let code = r.commune.as_deref().expect("INSEE code");
        assert_eq!(r.population, ds.commune(code).map(|x| x.population));
        assert!(
            r.value_texts.iter().all(|v| v == "—"),
            "no EPCI series for a commune"
        );
    }
    assert_eq!(fact(&s, "Groupements membres"), c.text());
    assert!(t.groupements.len() > 1, "{} has more than one member", t.id);
    // Creuse Industrie: the example of the issue.
    let creuse = sheet("ti-7506");
    assert_eq!(
        creuse.members.title,
        "Groupements membres (20 = 9 EPCI + 11 communes)"
    );
    assert_eq!(
        fact(&creuse, "Groupements membres"),
        "20 = 9 EPCI + 11 communes"
    );
}

#[test]
fn ept_members_show_the_population_of_their_communes() {
    let ds = dataset();
    let with_ept: Vec<(usize, &Territory)> = ds
        .territories(Generation::Temps2)
        .enumerate()
        .filter(|(_, t)| {
            t.groupements
                .iter()
                .any(|g| g.nature == GroupementNature::EPT)
        })
        .collect();
    assert!(!with_ept.is_empty(), "the bundle has EPT members");
    for (index, t) in with_ept {
        let s = territory_sheet(&inputs(), Generation::Temps2, index).expect("sheet");
        let ept = s
            .members
            .rows
            .iter()
            .find(|r| r.nature == GroupementNature::EPT)
            .expect("the EPT row");
        let p = ept.population.expect("an EPT's population");
        assert!(p > 0, "{}", ept.name);
        assert!(
            ept.population_note
                .as_deref()
                .is_some_and(|n| n.contains("somme"))
        );
        assert_ne!(ept.population_text, "non disponible");
        // The members' populations add up to the territory's.
        let sum: u64 = s.members.rows.iter().filter_map(|r| r.population).sum();
        assert_eq!(sum, t.population, "{}", t.id);
        assert!(s.members.counts.ept >= 1);
        assert!(s.members.title.contains("EPT"), "{}", s.members.title);
    }
}

#[test]
fn every_territory_of_both_generations_has_a_sheet_whose_counts_agree() {
    let ds = dataset();
    let temps1 = IndicatorTable::territories(ds, Generation::Temps1);
    for (generation, table, n) in [
        (Generation::Temps2, table(), 183),
        (Generation::Temps1, &temps1, 149),
    ] {
        let input = SheetInputs {
            table: Some(table),
            ..inputs()
        };
        for index in 0..n {
            let s = territory_sheet(&input, generation, index).expect("sheet");
            let c = s.members.counts;
            assert_eq!(c.total, c.epci + c.ept + c.communes, "{}", s.identity.id);
            assert_eq!(s.members.rows.len(), c.total);
            assert_eq!(
                s.plan.is_some(),
                generation == Generation::Temps2,
                "plans only for 2023-2027"
            );
            assert_eq!(
                s.identity.caveat.is_some(),
                generation == Generation::Temps1
            );
            for f in &s.figures.rows {
                assert!(!f.label.ends_with('…') && !f.value.ends_with('…'));
            }
        }
        assert!(territory_sheet(&input, generation, n).is_none());
    }
}

#[test]
fn a_single_epci_territory_has_its_exact_share_and_rank() {
    let ds = dataset();
    let (index, _) = ds
        .territories(Generation::Temps2)
        .enumerate()
        .find(|(i, t)| {
            t.groupements.len() == 1
                && t.groupements[0].nature != GroupementNature::COM
                && table()
                    .position(&IndicatorId::new("part_emploi_industrie"))
                    .and_then(|k| table().values[k][*i].as_f64())
                    .is_some()
        })
        .expect("a territory that is one EPCI");
    let s = territory_sheet(&inputs(), Generation::Temps2, index).expect("sheet");
    let f = figure(&s, "part_emploi_industrie");
    assert!(f.exact && f.value.ends_with('%'), "{}", f.value);
    assert!(f.rank.is_some() && f.spread.is_none());
}

#[test]
fn epci_département_and_région_sheets() {
    let ds = dataset();
    let epci_table = IndicatorTable::for_level(ds, Level::Epci);
    let e = ds
        .tables
        .epci
        .iter()
        .position(|e| e.siren == "200039022")
        .expect("Vitré Communauté");
    let input = SheetInputs {
        table: Some(&epci_table),
        references: None,
        ..inputs()
    };
    let s = unit_sheet(&input, LayerKind::Epci, e).expect("EPCI sheet");
    assert!(
        s.facts
            .iter()
            .any(|f| f.label == "SIREN" && f.value == "200039022")
    );
    assert!(
        s.territories
            .iter()
            .any(|l| l.id == "ti-5305" && l.text == "Territoire d'industrie : Fougères – Vitré"),
        "{:?}",
        s.territories
    );
    let figures = s.figures.expect("EPCI indicators");
    let industry = figures
        .rows
        .iter()
        .find(|f| f.id == "part_emploi_industrie")
        .expect("industry");
    assert!(industry.exact);
    assert!(
        industry
            .rank
            .as_ref()
            .is_some_and(|r| r.text.contains("EPCI"))
    );

    let no_table = SheetInputs {
        table: None,
        references: None,
        ..inputs()
    };
    let d = ds
        .tables
        .departements
        .iter()
        .position(|d| d.code == "35")
        .expect("35");
    let s = unit_sheet(&no_table, LayerKind::Departements, d).expect("département");
    assert_eq!(s.title, "Ille-et-Vilaine");
    assert!(s.facts.iter().any(|f| f.value == "Bretagne (53)"));
    assert!(s.figures.is_none());
    let r = ds
        .tables
        .regions
        .iter()
        .position(|r| r.code == "53")
        .expect("53");
    assert_eq!(
        unit_sheet(&no_table, LayerKind::Regions, r).map(|s| s.title),
        Some("Bretagne".into())
    );
    assert!(unit_sheet(&no_table, LayerKind::Ti2023, 0).is_none());
    assert!(unit_sheet(&no_table, LayerKind::Epci, usize::MAX).is_none());
}

#[test]
fn imported_plan_and_projects_fill_their_sections_and_the_sources() {
    let (ds, imports) = common::with_plan_and_projects("23/11/2026");
    let table = IndicatorTable::territories_with(&ds, Generation::Temps2, &imports);
    let input = SheetInputs {
        dataset: &ds,
        table: Some(&table),
        references: Some(references()),
        imports: &imports,
        bivariate: None,
        date: "",
        typology: None,
    };
    let s = territory_sheet_by_id(&input, &TerritoryId::new("ti-5305")).expect("sheet");
    let Some(PlanView::Actions {
        total,
        summary,
        axes,
        ..
    }) = &s.plan
    else {
        panic!("the plan: {:?}", s.plan)
    };
    assert_eq!(*total, 4);
    assert!(
        summary.starts_with("4 actions dans plan-actions.xlsx"),
        "{summary}"
    );
    assert_eq!(axes[0].heading, "Transition écologique et énergétique (1)");
    let a = &axes[0].actions[0];
    assert_eq!(a.title, "Action de test A");
    assert_eq!(
        a.amount_total.as_deref(),
        Some("1\u{202F}250\u{202F}000\u{a0}€")
    );
    assert_eq!(a.amount_state.as_deref(), Some("300\u{202F}000\u{a0}€"));
    assert_eq!(
        a.period.as_deref(),
        Some("du 1er mars 2024 au 31 décembre 2025")
    );
    let Some(ProjectsView::Listed { projects, .. }) = &s.projects else {
        panic!("the projects")
    };
    let names: Vec<&str> = projects.iter().map(|p| p.company.as_str()).collect();
    assert_eq!(names, ["Entreprise test 1", "Entreprise test 2"]);
    // The imported figures have values now.
    assert_eq!(figure(&s, "nombre_actions").value, "4");
    assert_eq!(s.figures.waiting_for_import().count(), 0);
    // Both files named, with their import date.
    let files: Vec<&str> = s.sources.imported.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(
        files
            .iter()
            .any(|f| f.contains("plan-actions.xlsx") && f.contains("23/11/2026"))
    );
    assert!(
        files
            .iter()
            .any(|f| f.contains("projets-dge.csv") && f.contains("23/11/2026"))
    );
    assert!(
        s.sources
            .lines()
            .iter()
            .any(|l| l.starts_with("Fichiers importés : "))
    );
}

#[test]
fn ranks_say_what_they_are_out_of_and_no_note_explains_what_is_not_shown() {
    let s = sheet("ti-5305");
    let pop = figure(&s, "population");
    let rank = pop.rank.as_ref().expect("rank");
    // "12e sur 183" (the PDF's rank column), "1er sur 183" for the first; the count held to
    // "sur" by a no-break space.
    let expected = if rank.rank == 1 {
        "1er sur\u{a0}183".to_owned()
    } else {
        format!("{}e sur\u{a0}183", rank.rank)
    };
    assert_eq!(rank.short, expected);
    // The PDF prints no percentile: its note does not explain one.
    assert!(
        !s.figures.rank_note.contains("centile"),
        "{}",
        s.figures.rank_note
    );
}

#[test]
fn the_members_range_has_its_own_line_and_the_sheet_says_how_to_make_the_share_exact() {
    use ti_atlas::export::sheet::territory_pages;
    let s = sheet("ti-5305");
    let note = s.figures.spread_note.as_deref().expect("note");
    for needed in [
        "Emploi – population active",
        "C22_EMPLT_INDUS",
        "C22_EMPLT ",
        "Fichier > Importer",
    ] {
        assert!(note.contains(needed), "{needed} in {note}");
    }
    let input = SheetInputs {
        dataset: dataset(),
        table: Some(table()),
        references: Some(references()),
        imports: no_imports(),
        date: "05/12/2026",
        bivariate: None,
        typology: None,
    };
    let pages = territory_pages(&input, &TerritoryId::new("ti-5305")).expect("pages");
    let all = pages.join("\n");
    // The industrial share: "non calculable" in the territory's column, the members' range on
    // its own line under the table, not in the column.
    let industry = figure(&s, "part_emploi_industrie");
    let spread = industry.spread.as_ref().expect("spread");
    assert!(
        !all.contains(&format!(">{}<", xml(&spread.short))),
        "range in a column"
    );
    assert!(all.contains("C22_EMPLT_INDUS"));
    // Sources in full once, at the end; each page a one-line footer pointing to them.
    // (The "Dynamiques" block cites its own source; the full list starts with ANCT's.)
    assert_eq!(all.matches("Sources : ANCT").count(), 1, "the sources once");
    let last = pages.last().expect("a page");
    assert!(last.contains("Sources : ANCT"));
    for (i, page) in pages.iter().enumerate() {
        assert_eq!(
            page.matches("sources en fin de fiche").count(),
            1,
            "page {}",
            i + 1
        );
    }
    // One line even with the longest territory name (a wrapped footer would cut the phrase).
    for page in territory_pages(&input, &TerritoryId::new("ti-2808")).expect("pages") {
        assert_eq!(page.matches("sources en fin de fiche").count(), 1);
    }
}

/// Text as the SVG writes it.
fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[test]
fn a_2018_2022_sheet_says_its_generation_beside_its_id() {
    let t = dataset()
        .territories(Generation::Temps1)
        .next()
        .expect("a 2018-2022 territory");
    let inputs = SheetInputs {
        table: None,
        ..inputs()
    };
    let s = territory_sheet(&inputs, Generation::Temps1, 0).expect("sheet");
    assert_eq!(fact(&s, "Identifiant"), format!("{} (2018-2022)", t.id));
}
