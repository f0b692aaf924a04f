//! Classification speed on the 34,935 commune populations of the bundle.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ti_atlas::model::indicators::classify::{Method, classify};

fn bench(c: &mut Criterion) {
    let (dataset, _) = ti_atlas::io::bundle::load_embedded().expect("bundle");
    let values: Vec<f64> = dataset
        .tables
        .communes
        .iter()
        .map(|c| c.population as f64)
        .collect();
    let mut group = c.benchmark_group("classify_communes_population");
    group.sample_size(20);
    group.bench_function("jenks_k6_34935_values", |b| {
        b.iter(|| classify(black_box(&values), &Method::Jenks, 6).expect("jenks"))
    });
    group.bench_function("quantiles_k6_34935_values", |b| {
        b.iter(|| classify(black_box(&values), &Method::Quantiles, 6).expect("quantiles"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
