//! One look for the proportional symbols: the paper legend paints its reference symbols as the
//! map's symbols (carto's look, at the map's scale), and so does the screen's legend. Before,
//! the paper legend had its own opaque pale fill ([0xf4, 0xd6, 0xcf]) and a 0.8 outline, the
//! screen's a 1 px outline: three looks for one map.

mod common;

use std::sync::Arc;

use common::{dataset, scene};
use ti_atlas::carto::look::symbol_paint;
use ti_atlas::carto::{MapSettings, MapThematics, SymbolSettings};
use ti_atlas::export::{Format, MapExport, View, map_bytes};
use ti_atlas::model::Level;
use ti_atlas::model::indicators::IndicatorTable;

/// Population in circles at the EPCI maille, as the one builder makes it.
fn symbols_settings() -> MapSettings {
    MapSettings {
        maille: Level::Epci,
        symbols: SymbolSettings {
            indicator: Some("population".into()),
            ..SymbolSettings::default()
        },
        ..MapSettings::default()
    }
}

/// The paint attributes (fill, fill-opacity, stroke, stroke-width) of an SVG element's line.
fn paint_of(line: &str) -> [String; 4] {
    let attr = |name: &str| {
        let key = format!(" {name}=\"");
        line.find(&key)
            .and_then(|at| {
                let rest = &line[at + key.len()..];
                rest.find('"').map(|end| rest[..end].to_owned())
            })
            .unwrap_or_default()
    };
    [
        attr("fill"),
        attr("fill-opacity"),
        attr("stroke"),
        attr("stroke-width"),
    ]
}

#[test]
fn paper_and_screen_legends_paint_symbols_as_the_map_does() {
    let ds = dataset();
    let settings = symbols_settings();
    let table = IndicatorTable::for_level(ds, Level::Epci);
    let built = MapThematics::build(&settings, ds, &table);
    let symbols = built.symbols().expect("symbols").clone();
    let spec = built.spec(&settings, &Arc::new(Vec::new()));
    let export = MapExport::of_map(1600.0, 1200.0, View::France, spec, Some("t"), "01/01/2026");
    let svg = String::from_utf8(map_bytes(ds, scene(), &export, Format::Svg).expect("svg"))
        .expect("utf-8");

    // The map's symbols.
    let on_map: Vec<[String; 4]> = svg
        .lines()
        .filter(|l| l.starts_with("<circle") && l.contains(r#"class="symbole""#))
        .map(paint_of)
        .collect();
    assert!(on_map.len() > 1_000, "{} symbols", on_map.len());
    let map_paint = on_map[0].clone();
    assert!(on_map.iter().all(|p| *p == map_paint));
    // … read carto's look.
    let (fill, outline) = symbol_paint(1.0);
    let hex = |c: [u8; 3]| format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]);
    assert_eq!(map_paint[0], hex(fill.rgb));
    assert_eq!(map_paint[1], format!("{:.3}", fill.alpha));
    assert_eq!(map_paint[2], hex(outline.colour));

    // The paper legend's reference symbols: the same paint.
    let legend_start = svg.find(r#"<g id="legende""#).expect("legend group");
    let legend: Vec<[String; 4]> = svg[legend_start..]
        .lines()
        .take_while(|l| !l.starts_with("</g>"))
        .filter(|l| l.starts_with("<circle"))
        .map(paint_of)
        .collect();
    assert!(legend.len() >= 2, "{} reference symbols", legend.len());
    for paint in &legend {
        assert_eq!(*paint, map_paint, "the paper legend paints as the map");
    }

    // The screen's legend: the same fill and outline colour, at the screen's scale.
    let ctx = egui::Context::default();
    let output = ctx.run_ui(egui::RawInput::default(), |ui| {
        ti_atlas::ui::legend::symbol_legend_ui(ui, &symbols, &[]);
    });
    let mut circles = Vec::new();
    for clipped in &output.shapes {
        collect_circles(&clipped.shape, &mut circles);
    }
    assert!(
        circles.len() >= 2,
        "{} reference symbols on screen",
        circles.len()
    );
    for c in circles {
        assert_eq!(c.fill, ti_atlas::map::painter::rgba(fill));
        assert_eq!(c.stroke.color, ti_atlas::map::painter::rgb(outline.colour));
        assert!((f64::from(c.stroke.width) - outline.width).abs() < 1e-6);
    }
}

fn collect_circles(shape: &egui::Shape, out: &mut Vec<egui::epaint::CircleShape>) {
    match shape {
        egui::Shape::Circle(c) => out.push(*c),
        egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| collect_circles(s, out)),
        _ => {}
    }
}
