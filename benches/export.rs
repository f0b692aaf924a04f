//! Export speed on the real bundle: one A4 territory sheet (PDF), a région batch (PDF), the
//! France map as PNG (1600 × 1200 at 150 dpi) and as PDF.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ti_atlas::export::sheet::{region_pdf, territory_pdf};
use ti_atlas::export::{Format, MapExport, map_bytes};
use ti_atlas::model::Generation;
use ti_atlas::model::TerritoryId;
use ti_atlas::model::imports::Imports;
use ti_atlas::model::indicators::IndicatorTable;
use ti_atlas::model::indicators::reference::ReferenceTable;
use ti_atlas::sheet::SheetInputs;

fn bench(c: &mut Criterion) {
    let (dataset, _) = ti_atlas::io::bundle::load_embedded().expect("bundle");
    let table = IndicatorTable::territories(&dataset, Generation::Temps2);
    let references = ReferenceTable::build(&dataset);
    let imports = Imports::default();
    let input = SheetInputs {
        dataset: &dataset,
        table: Some(&table),
        references: Some(&references),
        imports: &imports,
        date: "23/11/2026",
        bivariate: None,
        typology: None,
    };
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    group.bench_function("sheet_a4_pdf_ti-8402", |b| {
        b.iter(|| territory_pdf(black_box(&input), &TerritoryId::new("ti-8402")).expect("sheet"))
    });
    group.bench_function("region_batch_pdf_84_24_territories", |b| {
        b.iter(|| region_pdf(black_box(&input), "84").expect("batch"))
    });
    // The scene is built once when the app loads (and once per CLI run): not in the timing.
    let scene = ti_atlas::carto::MapScene::from_dataset(&dataset);
    let map = MapExport::new(1600.0, 1200.0, "Territoires d'industrie", "23/11/2026");
    group.bench_function("map_france_png_1600x1200_150dpi", |b| {
        b.iter(|| {
            map_bytes(
                &dataset,
                &scene,
                black_box(&map),
                Format::Png { dpi: 150.0 },
            )
            .expect("png")
        })
    });
    let (w, h) = ti_atlas::export::A4_LANDSCAPE;
    let map = MapExport::new(w, h, "Territoires d'industrie", "23/11/2026");
    group.bench_function("map_france_pdf_a4", |b| {
        b.iter(|| map_bytes(&dataset, &scene, black_box(&map), Format::Pdf).expect("pdf"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
