//! Per-frame CPU cost of the map on screen: the composition of the view (culling, level of
//! detail, colours, label placement) and the egui meshes painted from it; and the one-off
//! tessellation of the 183 territories.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use geo::Point;
use ti_atlas::app::loader::{build_layer, layer_lods};
use ti_atlas::carto::{
    Choropleth, LayerId, MapScene, MapSettings, MapSpec, Pos, Rect, ViewTransform, compose,
};
use ti_atlas::map::{LayerMeshes, MeshStore, painter};
use ti_atlas::model::indicators::IndicatorTable;
use ti_atlas::model::{Generation, LayerKind};

fn screen() -> Rect {
    Rect::from_min_size(Pos::new(0.0, 0.0), 1280.0, 800.0)
}

fn france_view() -> ViewTransform {
    ViewTransform::fit_lonlat(geo::Rect::new((-5.2, 41.3), (9.6, 51.1)), screen(), 0.0)
}

fn lyon_z11_view() -> ViewTransform {
    ViewTransform::new(Point::new(4.85, 45.76), 11.0, screen())
}

fn frame(c: &mut Criterion) {
    let (dataset, _) = ti_atlas::io::bundle::load_embedded().expect("bundle");
    let mut scene = MapScene::new(dataset.topology.tolerances_deg.clone());
    scene.places = MapScene::places_of(&dataset);
    let mut meshes = MeshStore::default();
    for kind in [LayerKind::Ti2023, LayerKind::Epci, LayerKind::Regions] {
        let (s, m) = build_layer(&dataset, kind);
        scene.insert(kind, s);
        meshes.bundle.insert(kind, m);
    }
    // A density choropleth, as the app draws it.
    let settings = MapSettings {
        indicator: Some("densite".into()),
        ..MapSettings::default()
    };
    let table = IndicatorTable::territories(&dataset, Generation::Temps2);
    let spec = settings
        .choropleth_spec(None)
        .expect("spec")
        .expect("indicator");
    let choropleth = Choropleth::compute(&dataset, &table, &spec).expect("choropleth");
    let mut map = MapSpec::from_settings(&settings, Some(choropleth));
    map.selected = Some((LayerId::Bundle(LayerKind::Ti2023), 100));
    map.hovered = Some((LayerId::Bundle(LayerKind::Ti2023), 0));
    map.points = Arc::new(Vec::new());

    for (name, view) in [("france", france_view()), ("lyon_z11", lyon_z11_view())] {
        let comp = compose(&scene, &map, &view, &[]);
        let shapes = painter::shapes(&comp, &meshes);
        let (vertices, indices) = shapes.iter().fold((0, 0), |(v, i), s| match s {
            egui::Shape::Mesh(m) => (v + m.vertices.len(), i + m.indices.len()),
            _ => (v, i),
        });
        eprintln!(
            "{name}: zoom {:.2}, LOD {}, {} features drawn, {vertices} vertices, {} triangles, {} names",
            view.zoom(),
            comp.lod,
            comp.layers.iter().map(|l| l.features.len()).sum::<usize>(),
            indices / 3,
            comp.labels.len()
        );
        c.bench_function(&format!("compose/{name}"), |b| {
            b.iter(|| black_box(compose(&scene, &map, black_box(&view), &[])));
        });
        c.bench_function(&format!("compose_and_paint/{name}"), |b| {
            b.iter(|| {
                let comp = compose(&scene, &map, black_box(&view), &[]);
                black_box(painter::shapes(&comp, &meshes))
            });
        });
    }

    // France entière as the app opens on it at 1280×800: the mainland beside the five DROM
    // insets; population circles over the industrial share at EPCI maille, territory outlines,
    // territories', EPCI's and towns' names.
    let settings = MapSettings {
        maille: ti_atlas::model::Level::Epci,
        indicator: Some("part_emploi_industrie".into()),
        show_epci: true,
        symbols: ti_atlas::carto::SymbolSettings {
            indicator: Some("population".into()),
            ..Default::default()
        },
        ..MapSettings::default()
    };
    let epci = IndicatorTable::for_level(&dataset, ti_atlas::model::Level::Epci);
    let spec = settings
        .choropleth_spec(None)
        .expect("spec")
        .expect("indicator");
    let choropleth = Choropleth::compute(&dataset, &epci, &spec).expect("choropleth");
    let symbols =
        ti_atlas::carto::Symbols::compute(&dataset, &epci, &settings.symbols, &settings.natures)
            .expect("symbols");
    let map = MapSpec::from_settings(&settings, Some(choropleth)).with_symbols(symbols);
    let column = ti_atlas::carto::insets::left_column(screen(), 0.0, 48.0, 5, 1.0);
    let frames = map.frames(
        ti_atlas::carto::insets::mainland_view(screen(), Some(column)),
        column,
    );
    let comp = ti_atlas::carto::compose_frames(&scene, &map, &frames, &[]);
    eprintln!(
        "France entière: {} insets, {} symbols, {} names, {} EPCI drawn",
        comp.insets.len(),
        comp.symbols.len(),
        comp.labels.len(),
        comp.layer(LayerId::Bundle(LayerKind::Epci))
            .map_or(0, |l| l.features.len())
    );
    c.bench_function("compose_and_paint/france_entiere_epci_symbols_names", |b| {
        b.iter(|| {
            let comp = ti_atlas::carto::compose_frames(&scene, &map, black_box(&frames), &[]);
            let mut shapes = painter::shapes(&comp, &meshes);
            for inset in &comp.insets {
                shapes.extend(painter::shapes(&inset.map, &meshes));
            }
            black_box(shapes)
        });
    });

    let lods = layer_lods(&dataset, LayerKind::Ti2023);
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.bench_function("territories_183", |b| {
        b.iter(|| black_box(LayerMeshes::build(lods.clone(), true)));
    });
    group.finish();
}

criterion_group!(benches, frame);
criterion_main!(benches);
