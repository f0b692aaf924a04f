//! The bivariate map, the scatter plot and the sheet's "Dynamiques" block on the real bundle:
//! the exported SVG fills every EPCI with its cell's colour (through the command line, the
//! same rendering as the app's), the legend counts them, the scatter's points are the table's
//! values, its figure parses, and the PDF sheet writes growth rates in "%/an".

mod common;

use std::collections::BTreeMap;

use common::{dataset, references, table};
use ti_atlas::carto::BivariateMap;
use ti_atlas::carto::bivariate::{DEFAULT_X, DEFAULT_Y, default_grid};
use ti_atlas::export::scatter_svg::{ScatterExport, scatter_bytes, scatter_svg};
use ti_atlas::export::sheet::territory_pdf;
use ti_atlas::export::{Format, render};
use ti_atlas::format::int_fr;
use ti_atlas::model::TerritoryId;
use ti_atlas::model::imports::Imports;
use ti_atlas::model::indicators::bivariate::{Bivariate, BivariateSpec, Cell};
use ti_atlas::model::indicators::choropleth::MISSING_RGB;
use ti_atlas::model::indicators::scatter::{self, territory_units};
use ti_atlas::model::indicators::value_table::value_rows;
use ti_atlas::model::indicators::{IndicatorTable, Value};
use ti_atlas::model::{Generation, LayerKind, Level};
use ti_atlas::palette::{Palette, Scheme};
use ti_atlas::sheet::SheetInputs;

fn epci_table() -> IndicatorTable {
    IndicatorTable::for_level(dataset(), Level::Epci)
}

fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// `ti-atlas export …` with these arguments; the file it wrote.
fn export(args: &[&str], file: &str) -> String {
    let dir = std::env::temp_dir().join(format!("ti-atlas-bivariate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(file);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ti-atlas"))
        .arg("export")
        .args(args)
        .arg("--out")
        .arg(&path)
        .output()
        .expect("ti-atlas runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&path).expect("the SVG");
    let _ = std::fs::remove_file(&path);
    text
}

/// The fill of every element with this class, by id.
fn fills_by_id(svg: &str, class: &str) -> BTreeMap<String, String> {
    let attr = |line: &str, name: &str| -> Option<String> {
        let start = line.find(&format!(" {name}=\""))? + name.len() + 3;
        let len = line.get(start..)?.find('"')?;
        line.get(start..start + len).map(str::to_owned)
    };
    svg.lines()
        .filter(|l| l.contains(&format!(r#"class="{class}""#)))
        .filter_map(|l| Some((attr(l, "id")?, attr(l, "fill")?)))
        .collect()
}

#[test]
fn exported_svg_fills_every_epci_with_its_cell_colour() {
    let svg = export(
        &[
            "map",
            "--level",
            "epci",
            "--bivariate",
            &format!("{DEFAULT_X},{DEFAULT_Y}"),
        ],
        "bivariee.svg",
    );
    render::tree(&svg).expect("the SVG parses");
    // The classes, computed on their own from the same table (and checked by hand against the
    // source in tests/dynamics.rs).
    let table = epci_table();
    let spec = BivariateSpec::terciles(Level::Epci, &DEFAULT_X.into(), &DEFAULT_Y.into());
    let map = BivariateMap::compute(dataset(), &table, &spec).expect("map");
    let fills = fills_by_id(&svg, "epci");
    let codes = dataset().layer_codes(LayerKind::Epci);
    assert_eq!(
        fills.len(),
        codes.len(),
        "every EPCI drawn once (insets included)"
    );
    let mut per_cell = [[0usize; 3]; 3];
    for (u, code) in codes.iter().enumerate() {
        let expected = match map.cell(u) {
            Some(Cell::Class { x, y }) => {
                per_cell[*y][*x] += 1;
                Bivariate::cell_colour(*x, *y)
            }
            _ => MISSING_RGB,
        };
        assert_eq!(
            fills.get(&format!("epci-{code}")),
            Some(&hex(expected)),
            "EPCI {code}"
        );
    }
    // The square legend: each cell's count, both axes, the units without a cell.
    assert_eq!(per_cell, map.legend.counts);
    for count in map.legend.counts.iter().flatten() {
        assert!(
            svg.contains(&format!(">{}</text>", int_fr(*count as u64))),
            "{count}"
        );
    }
    assert_eq!(
        map.legend.missing, 34,
        "the overseas EPCI and the EPT (no URSSAF series)"
    );
    assert!(svg.contains(">non disponible (34)</text>"));
    assert!(svg.contains(">↑ Évolution annuelle"));
    assert!(svg.contains("Carte bivariée — maille : EPCI"));
    // The territories' outlines on top, unfilled.
    let territories = fills_by_id(&svg, "territoire-2023");
    assert_eq!(territories.len(), 183);
    assert!(
        territories.values().all(|f| f == "none"),
        "territories drawn without fill"
    );
}

#[test]
fn a_growth_rate_is_mapped_centred_on_zero_in_rdbu_unless_asked_otherwise() {
    let svg = export(
        &[
            "map",
            "--level",
            "epci",
            "--indicator",
            "evolution_emploi_prive_2017_2024",
        ],
        "evolution.svg",
    );
    assert!(svg.contains("Quantiles des écarts à 0"));
    for c in Palette::new(Scheme::RdBu).colours(5) {
        assert!(svg.contains(&hex(c)), "{}", hex(c));
    }
    let chosen = export(
        &[
            "map",
            "--level",
            "epci",
            "--indicator",
            "evolution_emploi_prive_2017_2024",
            "--method",
            "quantiles",
            "--palette",
            "Blues",
        ],
        "evolution-choisie.svg",
    );
    assert!(!chosen.contains("écarts à 0"));
    for c in Palette::new(Scheme::Blues).colours(5) {
        assert!(chosen.contains(&hex(c)), "{}", hex(c));
    }
}

#[test]
fn scatter_points_are_the_table_values() {
    let table = epci_table();
    let s =
        scatter::compute(dataset(), &table, &DEFAULT_X.into(), &DEFAULT_Y.into()).expect("scatter");
    let (ix, iy) = (
        table.position(&DEFAULT_X.into()).expect("x"),
        table.position(&DEFAULT_Y.into()).expect("y"),
    );
    // The table view's rows of each axis (what "Tableau des valeurs" lists).
    let (rows_x, rows_y) = (
        value_rows(dataset(), &table, ix, None),
        value_rows(dataset(), &table, iy, None),
    );
    let both: Vec<usize> = (0..rows_x.len())
        .filter(|&u| {
            matches!(rows_x[u].value, Value::Exact(v) if v.is_finite())
                && matches!(rows_y[u].value, Value::Exact(v) if v.is_finite())
        })
        .collect();
    assert_eq!(s.points.len(), both.len());
    assert_eq!(s.points.len(), 1_232, "the mainland EPCI");
    for (p, &u) in s.points.iter().zip(&both) {
        assert_eq!(p.unit, u);
        assert_eq!(p.code, rows_x[u].code);
        assert_eq!(p.name, rows_x[u].name);
        assert_eq!(Some(p.x), rows_x[u].value.as_f64(), "{}", p.name);
        assert_eq!(Some(p.y), rows_y[u].value.as_f64(), "{}", p.name);
    }
    assert_eq!(s.missing(), rows_x.len() - both.len());
    // Shares and growth rates per EPCI have no région or France value: notes, no lines.
    let refs = s.references(references(), dataset(), Some("53"));
    assert!(refs.iter().all(|r| r.lines.is_empty()));
    assert!(
        refs[1]
            .notes
            .iter()
            .any(|n| n.contains("(France, Bretagne)")),
        "{:?}",
        refs[1].notes
    );
    // Density has them: France's value and the région's, as lines.
    let d =
        scatter::compute(dataset(), &table, &"densite".into(), &DEFAULT_Y.into()).expect("scatter");
    let refs = d.references(references(), dataset(), Some("53"));
    let labels: Vec<&str> = refs[0].lines.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels, vec!["France", "Bretagne"]);
}

#[test]
fn the_scatter_figure_highlights_a_territory_and_exports_with_its_sources() {
    let table = epci_table();
    let s =
        scatter::compute(dataset(), &table, &DEFAULT_X.into(), &DEFAULT_Y.into()).expect("scatter");
    let t = dataset()
        .territory(Generation::Temps2, &TerritoryId::new("ti-5305"))
        .expect("Fougères–Vitré");
    let members = territory_units(dataset(), Level::Epci, t);
    assert!(!members.is_empty());
    let figure = ScatterExport {
        width: 1200.0,
        height: 800.0,
        references: s.references(references(), dataset(), Some(&t.region)),
        scatter: std::sync::Arc::new(s),
        members_label: Some(t.name.clone()),
        members: members.clone(),
        picked: members.iter().take(1).copied().collect(),
        title: "Industrie × emploi privé".into(),
        date: "23/11/2026".into(),
    };
    let svg = scatter_svg(&figure);
    render::tree(&svg).expect("parses");
    assert!(svg.contains(&t.name));
    assert!(svg.contains("Sources : "));
    assert!(svg.contains("23/11/2026"));
    let points = svg.matches("<circle").count();
    assert!(
        points > 1_232,
        "every point, the picked and the members on top: {points}"
    );
    let png = scatter_bytes(&figure, Format::Png { dpi: 96.0 }).expect("png");
    assert!(png.starts_with(b"\x89PNG"));
}

#[test]
fn the_sheet_writes_the_dynamics_block_in_percent_per_year() {
    let epci = epci_table();
    let grid = default_grid(dataset(), &epci).expect("grid");
    let imports = Imports::default();
    let input = SheetInputs {
        dataset: dataset(),
        table: Some(table()),
        references: Some(references()),
        imports: &imports,
        date: "23/11/2026",
        bivariate: Some(&grid),
        typology: None,
    };
    let pdf = territory_pdf(&input, &TerritoryId::new("ti-5305")).expect("sheet");
    let text: String = pdf_extract::extract_text_from_mem(&pdf)
        .expect("text")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for expected in [
        "Dynamiquesdel'emploi",
        "Membres:minàmax",
        "Emploisalariéprivé,2017-2024",
        "%/an",
        "Positiondesmembressurlagrillebivariée",
        "placé(s)surlagrille",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    assert!(!text.contains("%paran"), "growth rows say %/an");
    // Also without a grid (no placement, the rows still there).
    let input = SheetInputs {
        bivariate: None,
        ..input
    };
    let text: String = pdf_extract::extract_text_from_mem(
        &territory_pdf(&input, &TerritoryId::new("ti-5305")).expect("sheet"),
    )
    .expect("text")
    .chars()
    .filter(|c| !c.is_whitespace())
    .collect();
    assert!(text.contains("Dynamiquesdel'emploi"));
    assert!(!text.contains("grillebivariée"));
}

/// The scatter plot's export (the industrial share against private employment's growth, the
/// EPCI of Fougères–Vitré marked) compared with its golden image.
#[test]
fn golden_scatter_export() {
    let table = epci_table();
    let t = dataset()
        .territory(Generation::Temps2, &TerritoryId::new("ti-5305"))
        .expect("Fougères–Vitré");
    let s =
        scatter::compute(dataset(), &table, &DEFAULT_X.into(), &DEFAULT_Y.into()).expect("scatter");
    let figure = ScatterExport {
        width: 1200.0,
        height: 800.0,
        references: s.references(references(), dataset(), Some(&t.region)),
        title: format!("{} × {}", s.x.indicator.label, s.y.indicator.label),
        scatter: std::sync::Arc::new(s),
        members_label: Some(t.name.clone()),
        members: territory_units(dataset(), Level::Epci, t),
        picked: Default::default(),
        date: "23/11/2026".into(),
    };
    let png = scatter_bytes(&figure, Format::Png { dpi: 96.0 }).expect("png");
    common::golden::assert_png_golden("export-nuage-industrie-emploi", &png);
}
