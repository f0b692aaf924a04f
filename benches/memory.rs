//! The app's own heap by component, measured with a counting allocator (not timed: bytes).
//! Builds what the loading thread builds, in its order, and prints the live bytes each piece
//! adds: the decoded bundle, each layer's scene with its hit index (its meshes are built level
//! by level when drawn), the levels of detail the first view draws, the town names, the indexes
//! (other mailles' tables, references, search, project locator), egui's fonts with the app's
//! theme after one frame of text, and the offline basemap with walkers' tile cache full. Then
//! each level of detail of each layer's meshes on its own (what drawing it adds).
//!
//!     cargo bench --bench memory
//!
//! The README's memory table is this output. `cargo bench --bench memory_use` measures the heap
//! of the running app through ten minutes of use; resident memory under the software renderer
//! (Mesa's lavapipe and LLVM, the window's buffers, the basemap's textures) comes on top and is
//! measured by `tools/bench/memory_under_xvfb.sh`.

mod common;

use common::{Counting, live, mb, peak};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Live bytes `build` leaves behind (what it returns, kept until the end of the measure).
fn measure<T>(rows: &mut Vec<(String, isize)>, what: &str, build: impl FnOnce() -> T) -> T {
    let before = live();
    let value = build();
    rows.push((what.to_owned(), live() - before));
    value
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    use std::sync::Arc;
    use ti_atlas::app::loader::{FIRST_LEVELS, Indexes, layer_lods, layer_on_demand};
    use ti_atlas::carto::MapScene;
    use ti_atlas::map::LayerMeshes;
    use ti_atlas::model::LayerKind;
    use ti_atlas::model::geography::hit_index::HitIndex;

    let start = live();
    let mut rows = Vec::new();
    let dataset = measure(&mut rows, "données (bundle décodé)", || {
        Arc::new(ti_atlas::io::bundle::load_embedded().expect("bundle").0)
    });
    let mut layers = Vec::new();
    for kind in LayerKind::ALL {
        let layer = measure(
            &mut rows,
            &format!("couche {kind:?} : scène + index de survol (sans maillage)"),
            || layer_on_demand(&dataset, kind, None),
        );
        layers.push(layer);
    }
    for (kind, layer) in LayerKind::ALL.iter().zip(&layers) {
        if matches!(kind, LayerKind::Ti2023 | LayerKind::Regions) {
            measure(
                &mut rows,
                &format!(
                    "couche {kind:?} : maillages des niveaux {FIRST_LEVELS:?} (la première vue)"
                ),
                || layer.1.build_levels(FIRST_LEVELS),
            );
        }
    }
    let places = measure(&mut rows, "noms de lieux (scène)", || {
        MapScene::places_of(&dataset)
    });
    let indexes = measure(
        &mut rows,
        "index (tables EPCI et dép., références, recherche, localisateur)",
        || Indexes::build(&dataset),
    );
    let fonts = measure(
        &mut rows,
        "polices egui + thème (une image de texte)",
        || {
            let ctx = egui::Context::default();
            ti_atlas::app::theme::apply(&ctx);
            let _ = ctx.run_ui(egui::RawInput::default(), |ui| {
                ui.label("Atlas des Territoires d'industrie — 183 territoires, 1 255 EPCI ▲▼→");
                ui.heading("Part de l'emploi industriel (%)");
            });
            ctx
        },
    );
    let tiles = measure(
        &mut rows,
        "fond de carte hors ligne : 256 tuiles vectorielles décodées (ce que walkers garde au plus)",
        offline_tiles_full,
    );
    let total = live() - start;
    let load_peak = peak() - start;

    // Each level of detail of the meshes, alone (built, measured, dropped), and the hit index
    // a layer keeps on its full-detail geometry (a layer built from one level keeps that
    // level's: it is measured on its own and taken off).
    let mut lod_rows = Vec::new();
    for kind in LayerKind::ALL {
        let lods = layer_lods(&dataset, kind);
        let count = lods.first().map_or(0, Vec::len);
        let level = |lod: usize| -> Vec<geo::MultiPolygon<f64>> {
            lods.iter().filter_map(|f| f.get(lod).cloned()).collect()
        };
        let hit_size = |lod: usize| -> isize {
            let before = live();
            let hit = HitIndex::new(level(lod));
            let size = live() - before;
            drop(hit);
            size
        };
        for lod in 0..count {
            let hit = hit_size(lod);
            let before = live();
            let one: Vec<Vec<geo::MultiPolygon<f64>>> =
                level(lod).into_iter().map(|g| vec![g]).collect();
            let meshes = LayerMeshes::build(one, true);
            lod_rows.push((
                format!("maillages {kind:?}, niveau {lod} (remplissage, contours, anneaux)"),
                live() - before - hit,
            ));
            drop(meshes);
        }
        lod_rows.push((
            format!("index de survol {kind:?} (géométrie complète)"),
            hit_size(count.saturating_sub(1)),
        ));
    }

    println!("| composant | Mo |\n| --- | ---: |");
    for (what, bytes) in &rows {
        println!("| {what} | {} |", mb(*bytes));
    }
    println!(
        "| **tas de l'application après le chargement** | **{}** |",
        mb(total)
    );
    println!("| pic pendant le chargement | {} |", mb(load_peak));
    println!("\n| maillages et index, par niveau de détail | Mo |\n| --- | ---: |");
    for (what, bytes) in &lod_rows {
        println!("| {what} | {} |", mb(*bytes));
    }
    drop((layers, places, indexes, fonts, tiles));
}

/// The offline basemap with walkers' tile cache full: the 256 tiles nearest the France view
/// (zoom 5 and deeper, as a person zooming in asks for them) read and decoded.
fn offline_tiles_full() -> (egui::Context, ti_atlas::app::basemap::Basemap) {
    use std::time::{Duration, Instant};
    let ctx = egui::Context::default();
    let mut basemap = ti_atlas::app::basemap::Basemap::offline(&ctx);
    let mut wanted = Vec::new();
    'zooms: for zoom in 5u8..=12 {
        let n = f64::from(1u32 << zoom);
        let x = |lon: f64| ((lon + 180.0) / 360.0 * n) as u32;
        let y = |lat: f64| {
            let r = lat.to_radians();
            ((1.0 - (r.tan() + 1.0 / r.cos()).ln() / std::f64::consts::PI) / 2.0 * n) as u32
        };
        for ty in y(51.1)..=y(41.3) {
            for tx in x(-5.2)..=x(9.6) {
                if wanted.len() == 256 {
                    break 'zooms;
                }
                wanted.push(walkers::TileId { x: tx, y: ty, zoom });
            }
        }
    }
    // Asked for again and again (walkers takes one read tile per call) until nothing more
    // arrives for a second.
    let started = Instant::now();
    let mut quiet_since = Instant::now();
    let mut loaded = 0;
    while started.elapsed() < Duration::from_secs(120) {
        let Some(tiles) = basemap.tiles() else {
            break;
        };
        let now_loaded = wanted.iter().filter(|&&id| tiles.at(id).is_some()).count();
        if now_loaded != loaded || tiles.stats().in_progress > 0 {
            loaded = now_loaded;
            quiet_since = Instant::now();
        } else if quiet_since.elapsed() > Duration::from_secs(1) {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    eprintln!(
        "tuiles du fond de carte lues : {loaded} sur {}",
        wanted.len()
    );
    (ctx, basemap)
}
