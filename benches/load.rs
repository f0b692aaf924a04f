//! Bundle load: decoding the embedded data, and decoding plus preparing the first map layers
//! with the levels of detail the first view draws (ready to draw).

use criterion::{Criterion, criterion_group, criterion_main};

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("bundle");
    group.sample_size(10);
    group.bench_function("decode embedded bundle", |b| {
        b.iter(|| ti_atlas::io::bundle::load_embedded().expect("bundle"))
    });
    group.bench_function(
        "load to ready-to-draw (the first view's levels of detail tessellated)",
        |b| b.iter(|| ti_atlas::app::loader::load_ready(|| None).expect("ready")),
    );
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
