//! One map for screen and paper: the composition of a view is the same whether the screen
//! draws it or an export writes it (same level of detail, features, classes and colours,
//! names at the same points), and the SVG writes exactly what the composition says.

mod common;

use common::golden::assert_png_golden;
use common::{dataset, scene, table};
use geo::Point;
use ti_atlas::carto::{
    Choropleth, Composition, InsetChoice, LayerId, MapFrames, MapScene, MapSettings, MapSpec, Pos,
    Rect, ViewTransform, compose,
};
use ti_atlas::export::{MapExport, View, map_svg};
use ti_atlas::map::{LayerMeshes, MeshStore, painter};
use ti_atlas::model::LayerKind;

/// The combined map: the industrial share as colour, population as circles, EPCI maille.
fn circles_over_industry() -> MapSpec {
    use ti_atlas::carto::{SymbolSettings, Symbols};
    use ti_atlas::model::Level;
    use ti_atlas::model::indicators::IndicatorTable;
    let settings = MapSettings {
        maille: Level::Epci,
        indicator: Some("part_emploi_industrie".into()),
        show_epci: true,
        symbols: SymbolSettings {
            indicator: Some("population".into()),
            ..SymbolSettings::default()
        },
        ..MapSettings::default()
    };
    let table = IndicatorTable::for_level(dataset(), Level::Epci);
    let spec = settings
        .choropleth_spec(None)
        .expect("spec")
        .expect("indicator");
    let choropleth = Choropleth::compute(dataset(), &table, &spec).expect("choropleth");
    let symbols = Symbols::compute(dataset(), &table, &settings.symbols, &settings.natures)
        .expect("symbols")
        .expect("some");
    MapSpec::from_settings(&settings, Some(choropleth)).with_symbols(Some(symbols))
}

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
    // Without insets: a France-scale export lays them out on the page (see below).
    let spec = MapSpec {
        insets: InsetChoice::Off,
        ..density_spec()
    };
    let mut export = MapExport::of_map(
        1400.0,
        900.0,
        View::Fit([-5.2, 41.3, 9.6, 51.1]),
        spec,
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
        .filter(|l| l.starts_with("<text") && l.contains(r#"class="nom "#))
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
        let furniture = export.furniture_boxes(&layout, &MapFrames::single(paper.view));
        // With the basemap's names, as the app's loader reads them.
        let screen_spec = MapSpec {
            basemap_names: ti_atlas::export::basemap::names(),
            ..export.spec.clone()
        };
        let screen = compose(scene(), &screen_spec, &screen_view, &furniture);
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
    let level = cache.level(comp.lod).expect("built");
    let expected: usize = layer
        .features
        .iter()
        .map(|f| level.get(f.index).map_or(0, |l| l.fill.positions.len()))
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
    // No id twice in the document (Inkscape and scripts find each element by it).
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for part in svg.split(" id=\"").skip(1) {
        *seen
            .entry(part.split('"').next().unwrap_or(""))
            .or_default() += 1;
    }
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "ids repeated: {twice:?}");
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

#[test]
fn the_france_export_shows_every_territory_it_counts() {
    // France entière (the default France-scale export): the 183 territories counted by the
    // legend are all drawn, each once with its id; the five DROM in their insets.
    let export = MapExport::of_map(
        1600.0,
        1200.0,
        View::France,
        density_spec(),
        None,
        "30/11/2026",
    );
    let (_, comp) = export.composition(scene());
    assert_eq!(comp.insets.len(), 5);
    let svg = map_svg(dataset(), scene(), &export);
    render_parses(&svg);
    for t in dataset().territories(ti_atlas::model::Generation::Temps2) {
        assert_eq!(
            svg.matches(&format!(r#"<path id="{}""#, t.id)).count(),
            1,
            "{} ({})",
            t.id,
            t.name
        );
    }
    let legend = comp.legend.as_ref().expect("legend");
    assert_eq!(
        legend.classification.counts.iter().sum::<usize>() + legend.classification.missing,
        183
    );
    for number in ["971", "972", "973", "974", "976"] {
        assert!(
            svg.contains(&format!(r#"<g id="encart-{number}">"#)),
            "{number}"
        );
    }
    // Each inset at its own scale: Guyane is shown smaller than Martinique, the islands far
    // larger than the mainland.
    let zoom = |name: &str| {
        comp.insets
            .iter()
            .find(|i| i.area.name == name)
            .map(|i| i.map.view.zoom())
            .expect(name)
    };
    assert!(zoom("Martinique") > zoom("Guyane") + 2.0);
    for island in ["Guadeloupe", "Martinique", "La Réunion", "Mayotte"] {
        assert!(zoom(island) > comp.view.zoom() + 1.5, "{island}");
    }
    // The insets are beside the mainland, not over it, and no name is under them.
    for inset in &comp.insets {
        let corsica = comp.view.frame_from_lonlat(Point::new(9.2, 42.1));
        let brest = comp.view.frame_from_lonlat(Point::new(-4.49, 48.39));
        assert!(!inset.rect.contains(corsica) && !inset.rect.contains(brest));
        for l in &comp.labels {
            assert!(!l.rect.intersects(&inset.rect), "{}", l.label.text);
        }
        assert!(
            inset.map.layers.iter().any(|l| !l.features.is_empty()),
            "{}",
            inset.area.name
        );
    }
    // No two names overlap, and none covers the page's furniture.
    for (i, a) in comp.labels.iter().enumerate() {
        for b in comp.labels.iter().skip(i + 1) {
            assert!(
                !a.rect.intersects(&b.rect),
                "{} / {}",
                a.label.text,
                b.label.text
            );
        }
        for f in &comp.furniture {
            assert!(
                !a.rect.intersects(f),
                "{} under the furniture",
                a.label.text
            );
        }
    }
    // A user-drawn extent exports as drawn: no inset.
    let lyon = MapExport::of_map(
        1600.0,
        1200.0,
        View::Fit([4.5, 45.5, 5.2, 46.0]),
        density_spec(),
        None,
        "30/11/2026",
    );
    assert!(lyon.composition(scene()).1.insets.is_empty());
}

fn render_parses(svg: &str) {
    ti_atlas::export::render::tree(svg).expect("the SVG parses");
}

/// `<circle class="symbole" …>` elements: (unit, value, radius).
fn svg_symbols(svg: &str) -> Vec<(String, f64, f64)> {
    svg.lines()
        .filter(|l| l.starts_with("<circle") && l.contains(r#"class="symbole""#))
        .map(|l| {
            let attr = |name: &str| -> String {
                let start = l.find(&format!(r#" {name}=""#)).expect("attribute") + name.len() + 3;
                let end = start + l[start..].find('"').expect("quote");
                l[start..end].to_owned()
            };
            (
                attr("data-unite"),
                attr("data-valeur").parse().expect("value"),
                attr("r").parse().expect("radius"),
            )
        })
        .collect()
}

#[test]
fn population_circles_over_the_industrial_share_at_epci_maille() {
    use ti_atlas::carto::{SymbolSettings, Symbols};
    use ti_atlas::model::Level;
    use ti_atlas::model::indicators::IndicatorTable;
    let map = circles_over_industry();
    let export = MapExport::of_map(1600.0, 1200.0, View::France, map, None, "30/11/2026");
    let (_, comp) = export.composition(scene());
    assert!(
        comp.legend.is_some() && comp.symbol_legend.is_some(),
        "both legends"
    );
    // Largest first, so that small symbols stay visible on top.
    for pair in comp.symbols.windows(2) {
        assert!(pair[0].value >= pair[1].value);
    }
    let svg = map_svg(dataset(), scene(), &export);
    render_parses(&svg);
    let drawn = svg_symbols(&svg);
    // Every EPCI with a population has its circle, mainland or overseas (insets).
    assert_eq!(
        drawn.len(),
        dataset().tables.epci.len(),
        "one circle per EPCI"
    );
    // Areas proportional to the values: r² / value constant (within 1 %) in each pane.
    let mainland: Vec<&(String, f64, f64)> = drawn
        .iter()
        .filter(|(u, _, _)| {
            comp.symbols.iter().any(|s| {
                dataset()
                    .tables
                    .epci
                    .get(s.unit.1)
                    .is_some_and(|e| u == &format!("epci-{}", e.siren))
            })
        })
        .collect();
    assert!(mainland.len() > 1_000);
    let k0 = mainland[0].2.powi(2) / mainland[0].1;
    for (unit, value, r) in &mainland {
        let k = r.powi(2) / value;
        assert!((k / k0 - 1.0).abs() < 0.01, "{unit}: {k} vs {k0}");
    }
    assert!(svg.contains(r#"<g id="symboles""#));
    assert!(svg.contains("Population"), "the symbols' legend");
    // A ratio is refused as symbols.
    let ratio = SymbolSettings {
        indicator: Some("densite".into()),
        ..SymbolSettings::default()
    };
    let err = Symbols::compute(
        dataset(),
        &IndicatorTable::for_level(dataset(), Level::Epci),
        &ratio,
        &Default::default(),
    )
    .expect_err("a ratio");
    assert!(err.contains("ratio"), "{err}");
}

#[test]
fn a_hidden_or_moved_name_survives_a_saved_view_and_an_export() {
    use ti_atlas::carto::labels::LabelOverride;
    use ti_atlas::model::views::bookmarks;
    // A Brittany map: Fougères – Vitré's name is written.
    let bbox = [-5.2, 47.2, -1.0, 48.9];
    let export_of = |settings: &MapSettings| {
        MapExport::of_map(
            1200.0,
            800.0,
            View::Fit(bbox),
            MapSpec::from_settings(settings, None),
            None,
            "30/11/2026",
        )
    };
    let mut settings = MapSettings::default();
    let names = |svg: &str| svg_names(svg).into_iter().map(|n| n.0).collect::<Vec<_>>();
    let plain = map_svg(dataset(), scene(), &export_of(&settings));
    assert!(names(&plain).contains(&"Fougères – Vitré".to_owned()));
    // Hidden: gone from the page. Moved: written where the user put it.
    settings.labels.insert(
        "ti-2023-2027:ti-5305".into(),
        LabelOverride::Moved {
            lon: -3.0,
            lat: 48.0,
        },
    );
    let territories = scene().layer(LayerKind::Ti2023).expect("scene");
    let other = territories
        .features
        .iter()
        .find(|f| f.code != "ti-5305" && names(&plain).contains(&f.name))
        .expect("another name on the map");
    settings.labels.insert(
        format!("ti-2023-2027:{}", other.code),
        LabelOverride::Hidden,
    );
    // Saved in a view, written to its file and read back: the same edits.
    let view = bookmarks::Bookmark {
        name: "Bretagne".into(),
        centre: [-3.1, 48.05],
        zoom: 7.0,
        territory: None,
        maille: settings.maille,
        indicator: None,
        method: settings.method,
        classes: settings.classes,
        manual_breaks: String::new(),
        palette: settings.palette,
        frozen_breaks: None,
        layers: settings.visible_layers(),
        labels: settings.labels.clone(),
        typology: None,
    };
    let back = bookmarks::from_json(&bookmarks::to_json(&[view]), "vues.json").expect("views");
    let restored = MapSettings {
        labels: back[0].labels.clone(),
        ..MapSettings::default()
    };
    let export = export_of(&restored);
    let svg = map_svg(dataset(), scene(), &export);
    let written = svg_names(&svg);
    assert!(!written.iter().any(|n| n.0 == other.name), "hidden");
    let vitre = written
        .iter()
        .find(|n| n.0 == "Fougères – Vitré")
        .expect("moved, still written");
    let (_, comp) = export.composition(scene());
    let at = comp.view.frame_from_lonlat(Point::new(-3.0, 48.0));
    assert!((vitre.1 - at.x).abs() < 0.5, "{} vs {}", vitre.1, at.x);
}

/// The canonical map exports as PNG, compared with their golden images: France entière with
/// its insets (densité), the industrial share with population circles (EPCI), the bivariate
/// map on a portrait page, a région with the EPCI's and towns' names.
#[test]
fn golden_map_exports() {
    use ti_atlas::carto::BivariateMap;
    use ti_atlas::export::{Format, map_bytes};
    use ti_atlas::model::Level;
    use ti_atlas::model::indicators::IndicatorTable;
    use ti_atlas::model::indicators::bivariate::BivariateSpec;
    const DATE: &str = "05/12/2026";
    let png = |export: &MapExport| {
        map_bytes(dataset(), scene(), export, Format::Png { dpi: 96.0 }).expect("png")
    };
    assert_png_golden(
        "export-france-densite",
        &png(&MapExport::of_map(
            900.0,
            640.0,
            View::France,
            density_spec(),
            None,
            DATE,
        )),
    );
    assert_png_golden(
        "export-epci-industrie-population",
        &png(&MapExport::of_map(
            900.0,
            640.0,
            View::France,
            circles_over_industry(),
            None,
            DATE,
        )),
    );
    let epci = IndicatorTable::for_level(dataset(), Level::Epci);
    let bivariate = BivariateMap::compute(
        dataset(),
        &epci,
        &BivariateSpec::terciles(
            Level::Epci,
            &ti_atlas::model::IndicatorId::new(ti_atlas::carto::bivariate::DEFAULT_X),
            &ti_atlas::model::IndicatorId::new(ti_atlas::carto::bivariate::DEFAULT_Y),
        ),
    )
    .expect("bivariate");
    assert_png_golden(
        "export-bivariee-portrait",
        &png(&MapExport::of_map(
            640.0,
            900.0,
            View::France,
            MapSpec::from_settings(&MapSettings::default(), None).with_bivariate(Some(bivariate)),
            None,
            DATE,
        )),
    );
    // The user's page: every kind of annotation, the legend moved, margins, a note.
    let mut page = ti_atlas::carto::page_layout::PageLayout {
        margin_mm: 8.0,
        note: Some("Données provisoires".into()),
        ..Default::default()
    };
    page.moved.insert(
        ti_atlas::carto::page_layout::PageElement::Legende,
        ti_atlas::carto::page_layout::FracRect {
            x: 0.7,
            y: 0.55,
            w: 0.28,
            h: 0.4,
        },
    );
    assert_png_golden(
        "export-mise-en-page-annotations",
        &png(&MapExport::of_map(
            900.0,
            640.0,
            View::France,
            MapSpec {
                annotations: std::sync::Arc::new(common::annotations::every_kind()),
                ..density_spec()
            },
            None,
            DATE,
        )
        .with_page(&page)),
    );
    let settings = MapSettings {
        show_epci: true,
        ..MapSettings::default()
    };
    assert_png_golden(
        "export-bretagne-noms",
        &png(&MapExport::of_map(
            900.0,
            640.0,
            View::Fit([-5.2, 47.2, -1.0, 48.95]),
            MapSpec::from_settings(&settings, None),
            Some("Territoires d'industrie de Bretagne"),
            DATE,
        )),
    );
}

/// Territories' names read apart from towns' on paper: bold, in their own SVG class; an inset
/// names the towns the mainland's zoom names (La Réunion held nine names, one on its frame).
#[test]
fn territory_names_stand_apart_from_town_names_and_insets_stay_light() {
    let export = MapExport::of_map(
        1600.0,
        1200.0,
        View::France,
        density_spec(),
        None,
        "05/12/2026",
    );
    let svg = map_svg(dataset(), scene(), &export);
    let names = |class: &str| -> Vec<&str> {
        svg.lines()
            .filter(|l| l.starts_with("<text") && l.contains(&format!(r#"class="nom {class}""#)))
            .collect()
    };
    let territories = names("nom-territoire");
    let towns = names("nom-commune");
    assert!(territories.len() >= 3 && towns.len() >= 5);
    assert!(
        territories
            .iter()
            .all(|l| l.contains(r#"font-weight="bold""#))
    );
    assert!(towns.iter().all(|l| l.contains(r#"font-weight="normal""#)));
    let (_, comp) = export.composition(scene());
    let reunion = comp
        .insets
        .iter()
        .find(|i| i.area.name == "La Réunion")
        .expect("inset");
    assert!(reunion.map.labels.len() <= 3, "{:?}", reunion.map.labels);
    for inset in &comp.insets {
        let pane = inset.map.view.frame();
        for l in &inset.map.labels {
            assert!(pane.expand(-1.0).contains_rect(&l.rect), "{}", l.label.text);
        }
    }
}
