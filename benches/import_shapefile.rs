//! Reading a 34,935-polygon Lambert-93 shapefile (the communes written out by GDAL) and
//! reprojecting it to WGS84. The file is not committed: make it with
//! `tools/bench/make_communes_l93.sh` (needs ogr2ogr); the bench says so and stops without it.

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};

fn path() -> PathBuf {
    std::env::var_os("TI_ATLAS_BENCH_SHP").map_or_else(
        || {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/target/bench-data/communes_l93.shp"
            ))
        },
        PathBuf::from,
    )
}

fn bench(c: &mut Criterion) {
    let path = path();
    if !path.exists() {
        eprintln!(
            "{} absent : lancez tools/bench/make_communes_l93.sh (benchmark sauté)",
            path.display()
        );
        return;
    }
    let mut group = c.benchmark_group("import_shapefile");
    group.sample_size(10);
    group.bench_function("communes_l93_34935_polygons", |b| {
        b.iter(|| {
            let layer = ti_atlas::io::vector::read_vector(&path).expect("layer");
            assert_eq!(layer.features.len(), 34_935);
            layer
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
