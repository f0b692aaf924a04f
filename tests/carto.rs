//! One map for screen and paper: the composition of a view is the same whether the screen
//! draws it or an export writes it (same level of detail, features, classes and colours,
//! names at the same points), and the SVG writes exactly what the composition says.

mod common;

use common::{dataset, scene, table};
use geo::Point;
use ti_atlas::carto::{
    Choropleth, Composition, LayerId, MapScene, MapSettings, MapSpec, Pos, Rect, ViewTransform,
    compose,
};
use ti_atlas::export::{MapExport, View, map_svg};
use ti_atlas::map::{LayerMeshes, MeshStore, painter};
use ti_atlas::model::LayerKind;

/// The density map (Jenks, 5 classes) the app shows after choosing the indicator.
fn density_spec() -> MapSpec {
    let settings = MapSettings {
        indicator: Some("densite".into()),
        ..MapSettings::default()
    };
    let spec = settings
        .choropleth_spec(None)
        .expect("spec")
        .expect("indicator");
    let choropleth = Choropleth::compute(dataset(), table(), &spec).expect("choropleth");
    MapSpec::from_settings(&settings, Some(choropleth))
}

/// The export of a screen view whose map frame has the screen's size, and the screen's view.
fn export_of_screen(centre: Point<f64>, zoom: f64) -> (MapExport, ViewTransform) {
    let mut export = MapExport::of_map(
        1400.0,
        900.0,
        View::Fit([-5.2, 41.3, 9.6, 51.1]),
        density_spec(),
        None,
        "30/11/2026",
    );
    // The screen's map is as big as the page's map frame: equal scale.
    let (layout, _) = export.composition(scene());
    let screen = ViewTransform::new(centre, zoom, layout.frame);
    export.view = View::Screen(screen);
    (export, screen)
}

fn labels(comp: &Composition) -> Vec<(String, Pos)> {
    comp.labels
        .iter()
        .map(|l| (l.label.text.clone(), l.label.anchor))
        .collect()
}

/// `<text class="nom" …>` elements of an SVG: (text, x, baseline y).
fn svg_names(svg: &str) -> Vec<(String, f64, f64)> {
    svg.lines()
        .filter(|l| l.starts_with("<text") && l.contains(r#"class="nom""#))
        .map(|l| {
            let attr = |name: &str| -> f64 {
                let start = l.find(&format!(r#" {name}=""#)).expect("attribute") + name.len() + 3;
                let end = start + l[start..].find('"').expect("quote");
                l[start..end].parse().expect("number")
            };
            let text_start = l.find('>').expect(">") + 1;
            let text_end = l.rfind("</text>").expect("</text>");
            (
                l[text_start..text_end].replace("&amp;", "&"),
                attr("x"),
                attr("y"),
            )
        })
        .collect()
}

fn vitre_label_point() -> Point<f64> {
    let layer = scene().layer(LayerKind::Ti2023).expect("territories");
    let f = &layer.features[layer.position("ti-5305").expect("Vitré")];
    ti_atlas::carto::lonlat_from_world(f.label_world.expect("label point"))
}

#[test]
fn screen_and_export_compose_the_same_map() {
    for (name, centre, zoom) in [
        ("France", Point::new(2.4, 46.6), 5.6),
        // Centred on Fougères – Vitré's label point: its name is in view at zoom 11.
        ("Vitré z11", vitre_label_point(), 11.0),
    ] {
        let (export, screen_view) = export_of_screen(centre, zoom);
        let (layout, paper) = export.composition(scene());
        assert_eq!(layout.frame, screen_view.frame(), "{name}: equal frames");
        // The screen composes the same spec through the same view (with the same boxes kept
        // free: the page's title, arrow and scale bar).
        let furniture = export.furniture_boxes(&layout, &paper.view);
        let screen = compose(scene(), &export.spec, &screen_view, &furniture);
        assert_eq!(screen.lod, paper.lod, "{name}: one level of detail");
        assert_eq!(
            screen.layers, paper.layers,
            "{name}: same features, fills, outlines"
        );
        let (a, b) = (labels(&screen), labels(&paper));
        assert_eq!(a.len(), b.len(), "{name}: same names");
        assert!(!a.is_empty(), "{name}: some names are written");
        for ((ta, pa), (tb, pb)) in a.iter().zip(&b) {
            assert_eq!(ta, tb);
            assert!(pa.distance(*pb) < 1.0, "{name}: {ta} at {pa:?} vs {pb:?}");
        }
        // The SVG writes the composition's names where it put them.
        let svg = map_svg(dataset(), scene(), &export);
        let written = svg_names(&svg);
        assert_eq!(written.len(), paper.labels.len(), "{name}");
        for (l, (text, x, y)) in paper.labels.iter().zip(&written) {
            assert_eq!(&l.label.text, text);
            assert!((l.label.anchor.x - x).abs() < 0.01);
            assert!((l.label.anchor.y + 0.35 * l.label.font_size - y).abs() < 0.01);
        }
    }
}

#[test]
fn the_screen_paints_the_composition_it_is_given() {
    // The screen's meshes of the France view: one fill vertex set per drawn territory, in the
    // composition's colours, at the composition's level of detail.
    let mut scene = MapScene::new(dataset().topology.tolerances_deg.clone());
    let (s, m) = ti_atlas::app::loader::build_layer(dataset(), LayerKind::Ti2023);
    scene.insert(LayerKind::Ti2023, s);
    let mut meshes = MeshStore::default();
    meshes.bundle.insert(LayerKind::Ti2023, m);
    let view = ViewTransform::fit_lonlat(
        geo::Rect::new((-5.2, 41.3), (9.6, 51.1)),
        Rect::from_min_size(Pos::new(0.0, 0.0), 1280.0, 800.0),
        0.0,
    );
    let spec = density_spec();
    let comp = compose(&scene, &spec, &view, &[]);
    let shapes = painter::shapes(&comp, &meshes);
    let Some(egui::Shape::Mesh(fill)) = shapes.first() else {
        panic!("a fill mesh first")
    };
    let layer = comp
        .layer(LayerId::Bundle(LayerKind::Ti2023))
        .expect("drawn");
    let cache: &LayerMeshes = &meshes.bundle[&LayerKind::Ti2023];
    let expected: usize = layer
        .features
        .iter()
        .map(|f| {
            cache
                .feature(f.index)
                .and_then(|m| m.lod(comp.lod))
                .map_or(0, |l| l.fill.positions.len())
        })
        .sum();
    assert_eq!(fill.vertices.len(), expected);
    let colours: std::collections::BTreeSet<[u8; 3]> = fill
        .vertices
        .iter()
        .map(|v| [v.color.r(), v.color.g(), v.color.b()])
        .collect();
    let legend = comp.legend.as_ref().expect("legend");
    assert!(colours.iter().all(|c| legend.colours.contains(c)));
    assert_eq!(colours.len(), legend.colours.len());
}

#[test]
fn the_svg_is_organised_for_illustrator_and_inkscape() {
    let export = MapExport::of_map(
        1600.0,
        1200.0,
        View::Fit([-5.2, 41.3, 9.6, 51.1]),
        density_spec(),
        None,
        "30/11/2026",
    );
    let svg = map_svg(dataset(), scene(), &export);
    for group in [
        r#"<g id="fond-de-carte" inkscape:groupmode="layer""#,
        r#"<g id="territoire-2023" inkscape:groupmode="layer""#,
        r#"<g id="noms" inkscape:groupmode="layer""#,
        r#"<g id="habillage" inkscape:groupmode="layer""#,
        r#"<g id="legende" inkscape:groupmode="layer""#,
    ] {
        assert!(svg.contains(group), "{group}");
    }
    // Each territory drawn carries its id, once; names are text.
    for id in ["ti-8402", "ti-5305", "ti-1101"] {
        if dataset()
            .territories(ti_atlas::model::Generation::Temps2)
            .any(|t| t.id == id)
        {
            assert_eq!(svg.matches(&format!(r#"id="{id}""#)).count(), 1, "{id}");
        }
    }
    // Names point to the territory they name.
    let units: Vec<&str> = svg
        .split(r#"data-unite=""#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(units.len() > 5, "{}", units.len());
    for unit in units {
        assert!(svg.contains(&format!(r#"<path id="{unit}""#)), "{unit}");
    }
    assert!(svg.contains(">Densité de population</text>"));
}
