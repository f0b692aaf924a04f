//! The app's own heap by component, measured with a counting allocator (not timed: bytes).
//! Builds what the loading thread builds, in its order, and prints the live bytes each piece
//! adds: the decoded bundle, each layer's scene and meshes (and each level of detail of the
//! meshes on its own), the town names, the indexes (other mailles' tables, references, search,
//! project locator), and egui's fonts with the app's theme after one frame of text.
//!
//!     cargo bench --bench memory
//!
//! The README's memory table is this output. Resident memory under the software renderer
//! (Mesa's lavapipe and LLVM, the window's buffers, the basemap's textures) comes on top and is
//! measured by `tools/bench/memory_under_xvfb.sh`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

/// Counts the bytes live on the heap (allocations minus frees).
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn note_peak() {
    let live = LIVE.load(Ordering::Relaxed);
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to the system allocator with the same layout; only counters
// are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
            note_peak();
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
            note_peak();
        }
        p
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_add(
                new_size as isize - layout.size() as isize,
                Ordering::Relaxed,
            );
            note_peak();
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

fn mb(bytes: isize) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

/// Live bytes `build` leaves behind (what it returns, kept until the end of the measure).
fn measure<T>(rows: &mut Vec<(String, isize)>, what: &str, build: impl FnOnce() -> T) -> T {
    let before = live();
    let value = build();
    rows.push((what.to_owned(), live() - before));
    value
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    use ti_atlas::app::loader::{Indexes, build_layer, layer_lods};
    use ti_atlas::carto::MapScene;
    use ti_atlas::map::LayerMeshes;
    use ti_atlas::model::LayerKind;
    use ti_atlas::model::geography::hit_index::HitIndex;

    let start = live();
    let mut rows = Vec::new();
    let (dataset, _) = measure(&mut rows, "données (bundle décodé)", || {
        ti_atlas::io::bundle::load_embedded().expect("bundle")
    });
    let mut layers = Vec::new();
    for kind in LayerKind::ALL {
        let layer = measure(
            &mut rows,
            &format!("couche {kind:?} : scène + maillages (tous niveaux de détail)"),
            || build_layer(&dataset, kind),
        );
        layers.push(layer);
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
    let total = live() - start;

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
    println!(
        "| pic pendant le chargement | {} |",
        mb(PEAK.load(Ordering::Relaxed) - start)
    );
    println!("\n| maillages et index, par niveau de détail | Mo |\n| --- | ---: |");
    for (what, bytes) in &lod_rows {
        println!("| {what} | {} |", mb(*bytes));
    }
    drop((layers, places, indexes, fonts));
}
