//! Bundle load: decoding the embedded data, and decoding plus building the first map layer
//! (ready to draw).

use criterion::{Criterion, criterion_group, criterion_main};

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("bundle");
    group.sample_size(10);
    group.bench_function("decode embedded bundle", |b| {
        b.iter(|| ti_atlas::io::bundle::load_embedded().expect("bundle"))
    });
    group.bench_function(
        "load to ready-to-draw (territories 2023-2027 tessellated)",
        |b| b.iter(|| ti_atlas::app::loader::load_ready().expect("ready")),
    );
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
