//! Per-frame CPU cost of the polygon layer (`shapes_for_view`) and the one-off `build`.
//!
//! Geometry: the 183 Territoires d'industrie, LODs made with geo's `Simplify`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Pos2, Rect, vec2};
use geo::Point;
use ti_atlas::map::{LayerFeature, LayerStyle, PolygonLayer, ViewTransform, place_labels};
use ti_atlas::model::LayerKind;

/// The 183 territories of 2023-2027 from the embedded bundle, at every level of detail, and
/// the bundle's tolerances.
fn load_features() -> (Vec<LayerFeature>, Vec<f64>) {
    let (dataset, _) = ti_atlas::io::bundle::load_embedded().expect("bundle");
    (
        ti_atlas::app::loader::layer_features(&dataset, LayerKind::Ti2023),
        dataset.topology.tolerances_deg.clone(),
    )
}

fn screen() -> Rect {
    Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))
}

fn france_view() -> ViewTransform {
    ViewTransform::fit_lonlat(geo::Rect::new((-5.2, 41.3), (9.6, 51.1)), screen())
}

fn lyon_z11_view() -> ViewTransform {
    ViewTransform::new(Point::new(4.85, 45.76), 11.0, screen())
}

fn frame(c: &mut Criterion) {
    let (features, tolerances) = load_features();
    let mut layer = PolygonLayer::build(features.clone(), &tolerances, LayerStyle::territories());
    let colors: Vec<_> = (0..layer.len())
        .map(|i| egui::Color32::from_rgba_unmultiplied((i * 37 % 255) as u8, 120, 160, 170))
        .collect();
    layer.set_fill_colors(&colors);
    layer.set_selected(Some(100));

    for (name, view) in [("france", france_view()), ("lyon_z11", lyon_z11_view())] {
        let f = layer.frame_for_view(&view, Some(0));
        let (vertices, indices) = f.shapes.iter().fold((0, 0), |(v, i), s| match s {
            egui::Shape::Mesh(m) => (v + m.vertices.len(), i + m.indices.len()),
            _ => (v, i),
        });
        eprintln!(
            "{name}: zoom {:.2}, LOD {}, {} features visible, {vertices} vertices, {} triangles, {} label candidates",
            view.zoom(),
            f.lod,
            f.visible_features,
            indices / 3,
            f.labels.len()
        );
        c.bench_function(&format!("shapes_for_view/{name}"), |b| {
            b.iter(|| black_box(layer.shapes_for_view(black_box(&view), Some(0))));
        });
        // With label placement (text measured as 7 px per character, 14 px high).
        c.bench_function(&format!("frame_with_labels/{name}"), |b| {
            b.iter(|| {
                let frame = layer.frame_for_view(black_box(&view), Some(0));
                let placed = place_labels(&frame.labels, view.screen_rect(), |k| {
                    let chars = frame
                        .labels
                        .get(k)
                        .and_then(|l| layer.label(l.feature))
                        .map_or(0, |s| s.chars().count());
                    vec2(7.0 * chars as f32, 14.0)
                });
                black_box((frame.shapes, placed))
            });
        });
    }

    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.bench_function("territories_183", |b| {
        b.iter(|| {
            black_box(PolygonLayer::build(
                features.clone(),
                &tolerances,
                LayerStyle::territories(),
            ))
        });
    });
    group.finish();
}

criterion_group!(benches, frame);
criterion_main!(benches);
