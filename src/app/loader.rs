//! Loads the bundle and prepares the layers on a named background thread (each layer's levels
//! of detail are tessellated when first drawn, see [`crate::map::LayerMeshes::on_demand`]).

use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use crate::carto::{MapScene, SceneLayer};
use crate::io::bundle;
use crate::map::{LayerMeshes, MeshStore};
use crate::model::imports::projects::TerritoryLocator;
use crate::model::indicators::IndicatorTable;
use crate::model::indicators::reference::ReferenceTable;
use crate::model::views::search::SearchIndex;
use crate::model::{Dataset, Generation, LayerKind, Level};

/// The bundle, ready to draw.
pub struct Loaded {
    pub dataset: Arc<Dataset>,
    /// Indicator values and ranks of the 2023-2027 territories, then of the 2018-2022 ones.
    pub tables: [IndicatorTable; 2],
    /// Built after the map is ready to draw (arrive with [`LoadMessage::Indexes`]).
    pub indexes: Option<Box<Indexes>>,
    /// What the composition needs of each layer's features (boxes, names, label points).
    pub scene: MapScene,
    /// The screen's tessellated geometry of each layer.
    pub meshes: MeshStore,
    /// Bundle decoding only.
    pub load_time: Duration,
    /// Decoding plus tessellation of the first layer: the map can be drawn.
    pub ready_time: Duration,
}

/// What the app needs beyond drawing: the other mailles' indicators, comparison values, search.
pub struct Indexes {
    /// Indicator values of the EPCI and of the départements (the other mailles).
    pub epci_table: IndicatorTable,
    pub departement_table: IndicatorTable,
    /// Région and France values to compare a territory with.
    pub references: ReferenceTable,
    /// Names and codes of every unit, for the search field.
    pub search: SearchIndex,
    /// Point-in-polygon over the 2023-2027 territories (placing imported projects).
    pub locator: TerritoryLocator,
    /// The offline basemap's country and sea names (read from its archive, after the map is
    /// first drawn).
    pub basemap_names: Arc<Vec<crate::carto::basemap_names::BasemapName>>,
}

impl Indexes {
    pub fn build(dataset: &Dataset) -> Self {
        Indexes {
            epci_table: IndicatorTable::for_level(dataset, Level::Epci),
            departement_table: IndicatorTable::for_level(dataset, Level::Departement),
            references: ReferenceTable::build(dataset),
            search: SearchIndex::build(dataset),
            locator: TerritoryLocator::build(dataset),
            basemap_names: crate::export::basemap::names(),
        }
    }
}

impl Loaded {
    /// The indicator table of a maille (territories: 2023-2027); the other mailles once the
    /// indexes have arrived.
    pub fn table(&self, level: Level) -> Option<&IndicatorTable> {
        match level {
            Level::Territoire => self.tables.first(),
            Level::Epci => self.indexes.as_ref().map(|i| &i.epci_table),
            Level::Departement => self.indexes.as_ref().map(|i| &i.departement_table),
        }
    }

    /// The indicator table of a generation's territories.
    pub fn territory_table(&self, generation: Generation) -> &IndicatorTable {
        let [temps2, temps1] = &self.tables;
        match generation {
            Generation::Temps2 => temps2,
            Generation::Temps1 => temps1,
        }
    }
}

impl Loaded {
    /// Whether a bundle layer has arrived (its scene and its meshes).
    pub fn has_layer(&self, kind: LayerKind) -> bool {
        self.scene.has(kind) && self.meshes.bundle.contains_key(&kind)
    }

    /// `compute` on the indicator table of `level` once that maille's layer and table have
    /// arrived; `None` while either is still on its way.
    pub fn on_table<T>(
        &self,
        level: Level,
        compute: impl FnOnce(&Dataset, &IndicatorTable) -> Result<T, String>,
    ) -> Option<Result<T, String>> {
        if !self.has_layer(level.layer()) {
            return None;
        }
        Some(compute(&self.dataset, self.table(level)?))
    }

    fn insert_layer(&mut self, kind: LayerKind, scene: SceneLayer, meshes: LayerMeshes) {
        self.scene.insert(kind, scene);
        self.meshes.bundle.insert(kind, meshes);
    }
}

/// Every level of detail of every feature of a layer, in lon/lat.
pub fn layer_lods(dataset: &Dataset, kind: LayerKind) -> Vec<Vec<geo::MultiPolygon<f64>>> {
    let lods = dataset.topology.lod_count();
    dataset
        .features(kind)
        .iter()
        .map(|f| {
            (0..lods)
                .map(|l| {
                    dataset
                        .topology
                        .multipolygon(f, u8::try_from(l).unwrap_or(u8::MAX))
                })
                .collect()
        })
        .collect()
}

/// What the composition and the screen need of one layer: its scene (boxes, names, label
/// points) and its tessellated meshes, fills included (the régions' fill is the land of the
/// insets).
pub fn build_layer(dataset: &Dataset, kind: LayerKind) -> (SceneLayer, LayerMeshes) {
    let lods = layer_lods(dataset, kind);
    let empty = geo::MultiPolygon(Vec::new());
    let scene = SceneLayer::from_geometries(
        dataset
            .feature_names(kind)
            .into_iter()
            .zip(dataset.layer_codes(kind))
            .zip(&lods)
            .map(|((name, code), levels)| (name, code, levels.last().unwrap_or(&empty))),
    );
    (scene, LayerMeshes::build(lods, true))
}

/// What the app draws of one bundle layer: its scene, and its meshes built level by level as
/// frames first draw them (on a background thread that calls `wake` when a level is ready; see
/// [`LayerMeshes::on_demand`]). Only the full detail is assembled here (boxes, names, label
/// points, the hit index).
pub fn layer_on_demand(
    dataset: &Arc<Dataset>,
    kind: LayerKind,
    wake: Option<Box<crate::map::Wake>>,
) -> (SceneLayer, LayerMeshes) {
    let lods = dataset.topology.lod_count();
    let finest = u8::try_from(lods.saturating_sub(1)).unwrap_or(u8::MAX);
    let full: Vec<geo::MultiPolygon<f64>> = dataset
        .features(kind)
        .iter()
        .map(|f| dataset.topology.multipolygon(f, finest))
        .collect();
    let scene = SceneLayer::from_geometries(
        dataset
            .feature_names(kind)
            .into_iter()
            .zip(dataset.layer_codes(kind))
            .zip(&full)
            .map(|((name, code), g)| (name, code, g)),
    );
    let source_data = Arc::clone(dataset);
    let source = move |lod: usize| -> Vec<geo::MultiPolygon<f64>> {
        let lod = u8::try_from(lod).unwrap_or(u8::MAX);
        source_data
            .features(kind)
            .iter()
            .map(|f| source_data.topology.multipolygon(f, lod))
            .collect()
    };
    let meshes = LayerMeshes::on_demand(full, lods, Box::new(source), wake);
    (scene, meshes)
}

/// The levels of detail built before the map is said ready to draw: those of the France view
/// at the window's usual sizes and of the overseas insets (the others are built when drawn).
pub const FIRST_LEVELS: [usize; 2] = [1, 2];

/// What the loading thread sends, in this order: the dataset with the default layer (ready to
/// draw), the indexes, then each other layer as soon as it is tessellated.
pub enum LoadMessage {
    Ready(Box<Loaded>),
    Indexes(Box<Indexes>),
    Layer(LayerKind, Box<(SceneLayer, LayerMeshes)>),
    Failed(String),
}

/// The layer drawn first: loading is "ready to draw" once it is built.
pub const FIRST_LAYER: LayerKind = LayerKind::Ti2023;

/// Loads the embedded bundle and prepares the first layer (and the régions, the land of the
/// insets) with the levels of detail of the first view built: ready to draw. `wake`: what a
/// level built later in the background calls (the window repaints).
pub fn load_ready(wake: impl Fn() -> Option<Box<crate::map::Wake>>) -> Result<Loaded, String> {
    let start = Instant::now();
    let (dataset, timings) = bundle::load_embedded().map_err(|e| e.to_string())?;
    let dataset = Arc::new(dataset);
    let tables = [
        IndicatorTable::territories(&dataset, Generation::Temps2),
        IndicatorTable::territories(&dataset, Generation::Temps1),
    ];
    let mut loaded = Loaded {
        tables,
        indexes: None,
        scene: MapScene::new(dataset.topology.tolerances_deg.clone()),
        meshes: MeshStore::default(),
        dataset,
        load_time: timings.total,
        ready_time: start.elapsed(),
    };
    loaded.scene.places = MapScene::places_of(&loaded.dataset);
    for kind in [FIRST_LAYER, LayerKind::Regions] {
        let (scene_layer, meshes) = layer_on_demand(&loaded.dataset, kind, wake());
        meshes.build_levels(FIRST_LEVELS);
        loaded.insert_layer(kind, scene_layer, meshes);
    }
    loaded.ready_time = start.elapsed();
    Ok(loaded)
}

/// Where the loading thread finds the window's context to ask for a repaint. Loading starts
/// with the process, before the window and its renderer exist (they take a few tenths of a
/// second under a software renderer): the slot is filled once the window is there, and the
/// first frame takes whatever has arrived by then.
pub type RepaintSlot = Arc<OnceLock<egui::Context>>;

/// Starts loading on a named thread for a window that exists. The dataset comes first, the
/// other layers follow.
pub fn spawn(ctx: egui::Context) -> Receiver<LoadMessage> {
    let slot = RepaintSlot::default();
    let _ = slot.set(ctx);
    spawn_early(slot)
}

/// Starts loading before the window exists; `slot` gets its context later.
pub fn spawn_early(slot: RepaintSlot) -> Receiver<LoadMessage> {
    let (tx, rx) = sync_channel(LayerKind::ALL.len() + 2);
    let wake = {
        let slot = Arc::clone(&slot);
        move || -> Option<Box<crate::map::Wake>> {
            let slot = Arc::clone(&slot);
            Some(Box::new(move || {
                if let Some(ctx) = slot.get() {
                    ctx.request_repaint();
                }
            }))
        }
    };
    let repaint = move || {
        if let Some(ctx) = slot.get() {
            ctx.request_repaint();
        }
    };
    let spawned = std::thread::Builder::new()
        .name("chargement-donnees".into())
        .spawn(move || {
            let loaded = match load_ready(&wake) {
                Ok(l) => l,
                Err(e) => {
                    let _ = tx.send(LoadMessage::Failed(e));
                    repaint();
                    return;
                }
            };
            let dataset = Arc::clone(&loaded.dataset);
            super::startup::mark_ready();
            if tx.send(LoadMessage::Ready(Box::new(loaded))).is_err() {
                return;
            }
            repaint();
            // The map can be drawn: what follows (indexes, the other layers' scenes) yields the
            // cores to the window, whose renderer may be the CPU.
            lower_priority();
            let indexes = Indexes::build(&dataset);
            if tx.send(LoadMessage::Indexes(Box::new(indexes))).is_err() {
                return;
            }
            repaint();
            let later = LayerKind::ALL
                .into_iter()
                .filter(|&k| k != FIRST_LAYER && k != LayerKind::Regions);
            for kind in later {
                let layer = layer_on_demand(&dataset, kind, wake());
                if tx.send(LoadMessage::Layer(kind, Box::new(layer))).is_err() {
                    return;
                }
                repaint();
            }
        });
    if let Err(e) = spawned {
        log::error!("thread de chargement impossible : {e}");
    }
    rx
}

/// Lowers the calling thread's scheduling priority (threads it starts inherit it). Linux only;
/// elsewhere nothing.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: setpriority on the calling thread's own id; a failure leaves the priority as
        // it was.
        let tid = unsafe { libc::gettid() };
        let Ok(who) = libc::id_t::try_from(tid) else {
            return;
        };
        // SAFETY: see above.
        unsafe {
            libc::setpriority(libc::PRIO_PROCESS, who, BACKGROUND_NICE);
        }
    }
}

/// The niceness of the loading thread once the map is ready to draw.
#[cfg(target_os = "linux")]
const BACKGROUND_NICE: libc::c_int = 10;

impl Loaded {
    /// Adds a layer that arrived from the loading thread.
    pub fn add_layer(&mut self, kind: LayerKind, layer: (SceneLayer, LayerMeshes)) {
        self.insert_layer(kind, layer.0, layer.1);
    }
}
