//! The screen's geometry cache: the features of a layer tessellated (on background threads)
//! into Web-Mercator meshes, one level of detail at a time, with their rings (for the hover and
//! selection outlines), their share of the layer's outline (shared borders kept once) and a hit
//! index on the full-detail geometry. A bundle layer builds a level only when a frame first
//! draws it, draws meanwhile from the nearest level it has, and lets go of a level no frame has
//! drawn for [`FORGET_AFTER`], or of the least recently drawn while the levels hold more than
//! [`MESH_BUDGET_BYTES`]: the heap holds the levels the recent views needed, not every level of
//! every layer. Nothing here decides what is drawn: the composition does.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use geo::{BoundingRect as _, MultiPolygon, Point};
use lyon_tessellation::FillTessellator;

use super::outline::{Polyline, unique_outline};
use super::tessellate::{LOCAL_UNITS_PER_WORLD, LocalMesh, local_rings, tessellate_rings};
use crate::carto::{LayerId, WorldRect, world_from_lonlat};
use crate::model::LayerKind;
use crate::model::geography::hit_index::HitIndex;

/// A level of detail no frame has drawn for this long is let go (built again if drawn again).
pub const FORGET_AFTER: Duration = Duration::from_secs(60);

/// The most the levels of detail that can be built again may hold together (every layer): past
/// it, the least recently drawn go first, down to those drawn in the last [`KEEP_DRAWN`].
pub const MESH_BUDGET_BYTES: usize = 24 << 20;

/// Levels drawn this recently are kept whatever the budget (the view on screen).
pub const KEEP_DRAWN: Duration = Duration::from_secs(2);

/// One level of detail of one feature, in local units around the feature's origin.
#[derive(Default)]
pub struct FeatureLod {
    pub fill: LocalMesh,
    /// Every ring (exteriors and holes): hover and selection outlines.
    pub rings: Vec<Vec<[f32; 2]>>,
    /// This feature's share of the layer's outline (borders drawn by an earlier feature removed).
    pub outline: Vec<Polyline>,
}

/// One level of detail of every feature of a layer (in the layer's feature order).
pub type LevelMeshes = Vec<FeatureLod>;

/// The geometry of every feature of a layer at a level of detail (lon/lat).
pub type LevelSource = dyn Fn(usize) -> Vec<MultiPolygon<f64>> + Send + Sync;

/// Called when a level built in the background is ready (the window repaints).
pub type Wake = dyn Fn() + Send + Sync;

#[derive(Default)]
struct Slot {
    built: Option<Arc<LevelMeshes>>,
    /// What the built level holds on the heap.
    bytes: usize,
    building: bool,
    last_drawn: Option<Instant>,
}

/// The heap a level of detail holds (its vectors' capacities).
fn level_bytes(level: &LevelMeshes) -> usize {
    use std::mem::size_of;
    let pair = size_of::<[f32; 2]>();
    level
        .iter()
        .map(|f| {
            size_of::<FeatureLod>()
                + f.fill.positions.capacity() * pair
                + f.fill.indices.capacity() * size_of::<u32>()
                + f.rings
                    .iter()
                    .map(|r| size_of::<Vec<[f32; 2]>>() + r.capacity() * pair)
                    .sum::<usize>()
                + f.outline
                    .iter()
                    .map(|l| {
                        size_of::<Polyline>() + (l.points.capacity() + l.normals.capacity()) * pair
                    })
                    .sum::<usize>()
        })
        .sum()
}

struct Shared {
    origins: Vec<[f64; 2]>,
    slots: Vec<Mutex<Slot>>,
    /// Where a level's geometry comes from; without one every level is built at once and kept.
    source: Option<Box<LevelSource>>,
    wake: Option<Box<Wake>>,
    with_fill: bool,
    tessellations: AtomicUsize,
}

impl Shared {
    fn slot(&self, lod: usize) -> Option<std::sync::MutexGuard<'_, Slot>> {
        Some(
            self.slots
                .get(lod)?
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }

    /// Builds level `lod` from the source (on the calling thread) and keeps it.
    fn build_from_source(&self, lod: usize) {
        let Some(source) = &self.source else {
            return;
        };
        let geometry = source(lod);
        let level = build_level(&geometry, &self.origins, lod, self.with_fill);
        if self.with_fill {
            self.tessellations
                .fetch_add(geometry.len(), Ordering::Relaxed);
        }
        if let Some(mut slot) = self.slot(lod) {
            slot.bytes = level_bytes(&level);
            slot.built = Some(Arc::new(level));
            slot.building = false;
            slot.last_drawn.get_or_insert_with(Instant::now);
        }
    }
}

/// A layer's cached geometry.
pub struct LayerMeshes {
    shared: Arc<Shared>,
    hit: HitIndex,
}

/// Tessellates one level of detail of every feature (`geometry[f]`: feature `f` at that
/// level). A feature that fails to tessellate draws no fill (logged).
fn build_level(
    geometry: &[MultiPolygon<f64>],
    origins: &[[f64; 2]],
    lod: usize,
    with_fill: bool,
) -> LevelMeshes {
    let mut tessellator = FillTessellator::new();
    let mut seen = HashSet::new();
    geometry
        .iter()
        .zip(origins)
        .enumerate()
        .map(|(i, (geometry, &origin))| {
            let to_local = |c: geo::Coord<f64>| {
                let w = world_from_lonlat(c.into());
                [
                    ((w[0] - origin[0]) * LOCAL_UNITS_PER_WORLD) as f32,
                    ((w[1] - origin[1]) * LOCAL_UNITS_PER_WORLD) as f32,
                ]
            };
            let rings = local_rings(geometry, origin);
            let fill = if with_fill {
                tessellate_rings(&mut tessellator, &rings).unwrap_or_else(|err| {
                    log::warn!("élément {i}, niveau {lod} : triangulation impossible ({err:?})");
                    LocalMesh::default()
                })
            } else {
                LocalMesh::default()
            };
            let outline = unique_outline(geometry, &mut seen, to_local);
            FeatureLod {
                fill,
                rings,
                outline,
            }
        })
        .collect()
}

/// Each feature's origin: the south-west corner of its box (world units).
fn origins_of<'a>(geometries: impl Iterator<Item = &'a MultiPolygon<f64>>) -> Vec<[f64; 2]> {
    geometries
        .map(|g| {
            let mut bbox = WorldRect::NOTHING;
            if let Some(r) = g.bounding_rect() {
                bbox.extend(world_from_lonlat(r.min().into()));
                bbox.extend(world_from_lonlat(r.max().into()));
            }
            if bbox.is_empty() {
                [0.0, 0.0]
            } else {
                bbox.min
            }
        })
        .collect()
}

impl LayerMeshes {
    /// Tessellates every feature at every level of detail now (`lods[f][l]`: feature `f` at
    /// level `l`, coarse first, last = full detail), and keeps them all. Fills only when
    /// `with_fill` (outline-only layers skip the work). Heavy: call it on a background (named)
    /// thread. The imported layers are built so (one level); the bundle's layers are built
    /// level by level when drawn ([`LayerMeshes::on_demand`]).
    pub fn build(lods: Vec<Vec<MultiPolygon<f64>>>, with_fill: bool) -> Self {
        let lod_count = lods.iter().map(Vec::len).max().unwrap_or(0);
        let origins = origins_of(lods.iter().filter_map(|levels| levels.last()));
        let level_geometry = |lod: usize| -> Vec<MultiPolygon<f64>> {
            lods.iter()
                .map(|f| {
                    f.get(lod)
                        .cloned()
                        .unwrap_or_else(|| MultiPolygon(Vec::new()))
                })
                .collect()
        };
        // Levels of detail are independent (shared-border de-duplication is per level): build
        // them on two workers, heaviest first to the least loaded.
        let weight = |lod: usize| -> usize {
            lods.iter()
                .filter_map(|f| f.get(lod))
                .flat_map(|mp| mp.iter())
                .map(|p| {
                    p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>()
                })
                .sum()
        };
        let mut order: Vec<(usize, usize)> = (0..lod_count).map(|l| (weight(l), l)).collect();
        order.sort_unstable_by(|a, b| b.cmp(a));
        let mut groups: [(usize, Vec<usize>); 2] = [(0, Vec::new()), (0, Vec::new())];
        for (w, lod) in order {
            let lightest = usize::from(groups[1].0 < groups[0].0);
            if let Some(g) = groups.get_mut(lightest) {
                g.0 += w;
                g.1.push(lod);
            }
        }
        let mut per_lod: Vec<Option<LevelMeshes>> = (0..lod_count).map(|_| None).collect();
        std::thread::scope(|scope| {
            let workers: Vec<_> = groups
                .iter()
                .map(|(_, levels)| {
                    let level_geometry = &level_geometry;
                    let origins = &origins;
                    let levels = levels.clone();
                    std::thread::Builder::new()
                        .name("triangulation".into())
                        .spawn_scoped(scope, move || {
                            levels
                                .into_iter()
                                .map(|l| {
                                    (l, build_level(&level_geometry(l), origins, l, with_fill))
                                })
                                .collect::<Vec<_>>()
                        })
                })
                .collect();
            for worker in workers {
                // A worker that could not start or panicked leaves its levels empty (drawn as
                // nothing) rather than taking the app down.
                let built = match worker.map(|h| h.join()) {
                    Ok(Ok(built)) => built,
                    _ => {
                        log::error!("triangulation interrompue");
                        Vec::new()
                    }
                };
                for (l, level) in built {
                    if let Some(slot) = per_lod.get_mut(l) {
                        *slot = Some(level);
                    }
                }
            }
        });
        let tessellations = if with_fill {
            lods.iter().map(Vec::len).sum()
        } else {
            0
        };
        let full_detail: Vec<MultiPolygon<f64>> = lods
            .into_iter()
            .map(|levels| {
                levels
                    .into_iter()
                    .last()
                    .unwrap_or_else(|| MultiPolygon(Vec::new()))
            })
            .collect();
        let slots = per_lod
            .into_iter()
            .map(|level| {
                let level = level.unwrap_or_default();
                Mutex::new(Slot {
                    bytes: level_bytes(&level),
                    built: Some(Arc::new(level)),
                    building: false,
                    last_drawn: None,
                })
            })
            .collect();
        LayerMeshes {
            shared: Arc::new(Shared {
                origins,
                slots,
                source: None,
                wake: None,
                with_fill,
                tessellations: AtomicUsize::new(tessellations),
            }),
            hit: HitIndex::new(full_detail),
        }
    }

    /// A layer whose `lod_count` levels are built when first drawn, each from `source`, on a
    /// named background thread that calls `wake` when the level is ready; `full_detail`: every
    /// feature's full-detail geometry (the hit index and the features' origins).
    pub fn on_demand(
        full_detail: Vec<MultiPolygon<f64>>,
        lod_count: usize,
        source: Box<LevelSource>,
        wake: Option<Box<Wake>>,
    ) -> Self {
        LayerMeshes {
            shared: Arc::new(Shared {
                origins: origins_of(full_detail.iter()),
                slots: (0..lod_count).map(|_| Mutex::default()).collect(),
                source: Some(source),
                wake,
                with_fill: true,
                tessellations: AtomicUsize::new(0),
            }),
            hit: HitIndex::new(full_detail),
        }
    }

    /// Builds the levels `lods` not built yet, now, on the calling thread (the levels the first
    /// view draws, before the map is said ready; benchmarks and tests).
    pub fn build_levels(&self, lods: impl IntoIterator<Item = usize>) {
        for lod in lods {
            let missing = self.shared.slot(lod).is_some_and(|s| s.built.is_none());
            if missing {
                self.shared.build_from_source(lod);
            }
        }
    }

    /// Every level, built now (see [`LayerMeshes::build_levels`]).
    pub fn build_all_levels(&self) {
        self.build_levels(0..self.lod_count());
    }

    pub fn lod_count(&self) -> usize {
        self.shared.slots.len()
    }

    /// The meshes of level `lod` for a frame drawing it. A level not built yet is asked for
    /// (built on a background thread, the window woken when it is ready) and the nearest level
    /// built is given meanwhile (the coarser of two as near); `None` while the layer has none.
    pub fn level(&self, lod: usize) -> Option<Arc<LevelMeshes>> {
        let lod = lod.min(self.lod_count().checked_sub(1)?);
        let now = Instant::now();
        {
            let mut slot = self.shared.slot(lod)?;
            slot.last_drawn = Some(now);
            if let Some(level) = &slot.built {
                return Some(Arc::clone(level));
            }
            if !slot.building && self.shared.source.is_some() {
                slot.building = true;
                let shared = Arc::clone(&self.shared);
                let spawned =
                    std::thread::Builder::new()
                        .name("maillage".into())
                        .spawn(move || {
                            shared.build_from_source(lod);
                            if let Some(wake) = &shared.wake {
                                wake();
                            }
                        });
                if let Err(e) = spawned {
                    log::error!("triangulation impossible à lancer : {e}");
                    slot.building = false;
                }
            }
        }
        let count = self.lod_count();
        (1..count).find_map(|d| {
            [lod.checked_sub(d), Some(lod + d)]
                .into_iter()
                .flatten()
                .find_map(|l| self.shared.slot(l)?.built.clone())
        })
    }

    /// Lets go of the levels no frame has drawn for [`FORGET_AFTER`] (levels that can be built
    /// again only; the coarsest is kept, the fallback of every view).
    pub fn forget_unused(&self, now: Instant) {
        if self.shared.source.is_none() {
            return;
        }
        for lod in 1..self.lod_count() {
            if let Some(mut slot) = self.shared.slot(lod) {
                let stale = slot
                    .last_drawn
                    .is_none_or(|t| now.saturating_duration_since(t) >= FORGET_AFTER);
                if stale && slot.built.is_some() {
                    slot.built = None;
                    slot.bytes = 0;
                }
            }
        }
    }

    /// The levels that can be let go (built, able to be built again, not the coarsest): level,
    /// when last drawn, bytes held.
    fn releasable(&self) -> Vec<(usize, Instant, usize)> {
        if self.shared.source.is_none() {
            return Vec::new();
        }
        (1..self.lod_count())
            .filter_map(|lod| {
                let slot = self.shared.slot(lod)?;
                slot.built.as_ref()?;
                Some((lod, slot.last_drawn?, slot.bytes))
            })
            .collect()
    }

    fn forget_level(&self, lod: usize) {
        if let Some(mut slot) = self.shared.slot(lod) {
            slot.built = None;
            slot.bytes = 0;
        }
    }

    /// What the built levels hold on the heap.
    pub fn level_bytes(&self) -> usize {
        (0..self.lod_count())
            .filter_map(|l| self.shared.slot(l).map(|s| s.bytes))
            .sum()
    }

    /// Whether a level is being built in the background.
    pub fn building(&self) -> bool {
        (0..self.lod_count()).any(|l| self.shared.slot(l).is_some_and(|s| s.building))
    }

    /// The levels built now.
    pub fn built_levels(&self) -> Vec<usize> {
        (0..self.lod_count())
            .filter(|&l| self.shared.slot(l).is_some_and(|s| s.built.is_some()))
            .collect()
    }

    pub fn len(&self) -> usize {
        self.shared.origins.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shared.origins.is_empty()
    }

    /// How many polygon tessellations ran (features × levels built so far).
    pub fn tessellation_count(&self) -> usize {
        self.shared.tessellations.load(Ordering::Relaxed)
    }

    /// The feature containing `lonlat`, tested against the full-detail geometry.
    pub fn feature_at(&self, lonlat: Point<f64>) -> Option<usize> {
        self.hit.feature_at(lonlat)
    }

    /// A feature's origin (world units): its meshes are in local units around it.
    pub fn origin(&self, index: usize) -> Option<[f64; 2]> {
        self.shared.origins.get(index).copied()
    }
}

/// The cached geometry of every layer the screen can draw.
#[derive(Default)]
pub struct MeshStore {
    pub bundle: BTreeMap<LayerKind, LayerMeshes>,
    pub user: Vec<LayerMeshes>,
}

impl MeshStore {
    /// Lets go of the levels of detail no frame has drawn for a minute, then of the least
    /// recently drawn while they hold more than [`MESH_BUDGET_BYTES`] (every layer).
    pub fn forget_unused(&self) {
        self.forget_unused_at(Instant::now(), MESH_BUDGET_BYTES);
    }

    /// [`MeshStore::forget_unused`] at `now` with a budget of `budget_bytes`.
    pub fn forget_unused_at(&self, now: Instant, budget_bytes: usize) {
        let layers: Vec<&LayerMeshes> = self.bundle.values().chain(&self.user).collect();
        for layer in &layers {
            layer.forget_unused(now);
        }
        let mut releasable: Vec<(Instant, usize, usize, usize)> = layers
            .iter()
            .enumerate()
            .flat_map(|(i, layer)| {
                layer
                    .releasable()
                    .into_iter()
                    .map(move |(lod, drawn, bytes)| (drawn, i, lod, bytes))
            })
            .collect();
        let mut held: usize = releasable.iter().map(|r| r.3).sum();
        if held <= budget_bytes {
            return;
        }
        releasable.sort_unstable();
        for (drawn, i, lod, bytes) in releasable {
            if held <= budget_bytes || now.saturating_duration_since(drawn) < KEEP_DRAWN {
                break;
            }
            if let Some(layer) = layers.get(i) {
                layer.forget_level(lod);
                held -= bytes;
            }
        }
    }

    /// Whether a level of detail is being built in the background.
    pub fn building(&self) -> bool {
        self.bundle
            .values()
            .chain(&self.user)
            .any(LayerMeshes::building)
    }

    pub fn get(&self, id: LayerId) -> Option<&LayerMeshes> {
        match id {
            LayerId::Bundle(kind) => self.bundle.get(&kind),
            LayerId::User(i) => self.user.get(i),
        }
    }

    /// The feature at `lonlat` in the first of `order`'s layers that has one.
    pub fn pick(&self, order: &[LayerId], lonlat: Point<f64>) -> Option<(LayerId, usize)> {
        order
            .iter()
            .find_map(|&id| self.get(id)?.feature_at(lonlat).map(|i| (id, i)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::sync_channel;

    /// Two squares side by side sharing their border exactly; at level `l` it has `l + 1`
    /// points between its ends (a finer level has more vertices).
    fn squares(lod: usize) -> Vec<MultiPolygon<f64>> {
        let border: Vec<(f64, f64)> = (0..=lod)
            .map(|i| (1.0, (i + 1) as f64 / (lod + 2) as f64))
            .collect();
        let mut left = vec![(0.0, 0.0), (1.0, 0.0)];
        left.extend(&border);
        left.extend([(1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]);
        let mut right = vec![(1.0, 0.0), (2.0, 0.0), (2.0, 1.0), (1.0, 1.0)];
        right.extend(border.iter().rev());
        right.push((1.0, 0.0));
        [left, right]
            .into_iter()
            .map(|ring| MultiPolygon(vec![geo::Polygon::new(ring.into(), vec![])]))
            .collect()
    }

    fn on_demand_layer() -> (LayerMeshes, std::sync::mpsc::Receiver<()>) {
        let (tx, rx) = sync_channel(8);
        let layer = LayerMeshes::on_demand(
            squares(4),
            5,
            Box::new(squares),
            Some(Box::new(move || {
                let _ = tx.try_send(());
            })),
        );
        (layer, rx)
    }

    fn ring_points(level: &LevelMeshes) -> usize {
        level
            .first()
            .map_or(0, |f| f.rings.iter().map(Vec::len).sum())
    }

    #[test]
    fn a_level_is_built_when_first_drawn_and_the_nearest_is_drawn_meanwhile() {
        let (layer, built) = on_demand_layer();
        assert_eq!(layer.len(), 2);
        assert!(layer.built_levels().is_empty());
        assert_eq!(layer.tessellation_count(), 0);
        // Nothing built yet: nothing to draw, and level 1 is on its way.
        assert!(layer.level(1).is_none());
        built.recv_timeout(Duration::from_secs(60)).expect("woken");
        assert_eq!(layer.built_levels(), vec![1]);
        assert_eq!(layer.tessellation_count(), 2);
        let one = layer.level(1).expect("built");
        assert_eq!(ring_points(&one), 4 + 2);
        // Level 3 asked for: level 1 (the only one built) is drawn meanwhile.
        let meanwhile = layer.level(3).expect("a level");
        assert!(Arc::ptr_eq(&meanwhile, &one));
        built.recv_timeout(Duration::from_secs(60)).expect("woken");
        assert!(!layer.building());
        assert_eq!(layer.built_levels(), vec![1, 3]);
        assert_eq!(ring_points(&layer.level(3).expect("built")), 4 + 4);
        // The shared border is drawn once: the right square adds only its three other sides.
        let three = layer.level(3).expect("built");
        let right = &three.get(1).expect("right square").outline;
        assert_eq!(right.len(), 1);
        assert_eq!((right[0].points.len(), right[0].closed), (4, false));
        assert_eq!(layer.tessellation_count(), 4);
        // The same level again: nothing tessellated.
        let _ = layer.level(3);
        assert_eq!(layer.tessellation_count(), 4);
    }

    #[test]
    fn levels_undrawn_for_a_minute_are_let_go_and_built_again_when_drawn() {
        let (layer, built) = on_demand_layer();
        layer.build_levels([0, 2, 4]);
        assert_eq!(layer.built_levels(), vec![0, 2, 4]);
        let drawn = layer.level(2).expect("built");
        let later = Instant::now() + FORGET_AFTER;
        // Level 2 drawn just now is kept a minute; 4 (built, never drawn since) goes a minute
        // after it was built; the coarsest stays, the fallback of every view.
        layer.forget_unused(Instant::now());
        assert_eq!(layer.built_levels(), vec![0, 2, 4]);
        layer.forget_unused(later + Duration::from_millis(1));
        assert_eq!(layer.built_levels(), vec![0]);
        // What a frame still holds stays valid; drawn again, the level is built again.
        assert_eq!(ring_points(&drawn), 4 + 3);
        assert_eq!(layer.tessellation_count(), 6);
        let meanwhile = layer.level(2).expect("level 0 meanwhile");
        assert_eq!(ring_points(&meanwhile), 4 + 1);
        built.recv_timeout(Duration::from_secs(60)).expect("woken");
        assert_eq!(layer.built_levels(), vec![0, 2]);
        assert_eq!(layer.tessellation_count(), 8);
    }

    #[test]
    fn past_the_budget_the_least_recently_drawn_levels_go_first() {
        let (layer, _) = on_demand_layer();
        layer.build_levels([0, 1, 2, 3, 4]);
        let bytes: Vec<usize> = (0..5)
            .map(|l| {
                let level = layer.level(l).expect("built");
                level_bytes(&level)
            })
            .collect();
        assert!(bytes.iter().all(|&b| b > 0), "{bytes:?}");
        assert_eq!(layer.level_bytes(), bytes.iter().sum::<usize>());
        let mut store = MeshStore::default();
        store.bundle.insert(LayerKind::Epci, layer);
        let layer = &store.bundle[&LayerKind::Epci];
        // Drawn in the order 3, 1, 4, 2 a little later: over a budget of two levels, 3 and 1
        // (the least recently drawn) go; the coarsest stays.
        for l in [3, 1, 4, 2] {
            let _ = layer.level(l);
            std::thread::sleep(Duration::from_millis(2));
        }
        let later = Instant::now() + KEEP_DRAWN;
        store.forget_unused_at(later, bytes[4] + bytes[2]);
        assert_eq!(layer.built_levels(), vec![0, 2, 4]);
        // Within the budget: nothing more goes; the view on screen stays whatever the budget.
        store.forget_unused_at(later, bytes[4] + bytes[2]);
        assert_eq!(layer.built_levels(), vec![0, 2, 4]);
        let drawing = Instant::now();
        std::thread::sleep(Duration::from_millis(2));
        let _ = layer.level(4);
        store.forget_unused_at(drawing + KEEP_DRAWN, 0);
        assert_eq!(layer.built_levels(), vec![0, 4]);
    }

    #[test]
    fn a_layer_built_at_once_keeps_every_level() {
        let lods: Vec<Vec<MultiPolygon<f64>>> = (0..2)
            .map(|f| (0..3).map(|l| squares(l).swap_remove(f)).collect())
            .collect();
        let layer = LayerMeshes::build(lods, true);
        assert_eq!(layer.built_levels(), vec![0, 1, 2]);
        assert_eq!(layer.tessellation_count(), 6);
        layer.forget_unused(Instant::now() + 2 * FORGET_AFTER);
        assert_eq!(layer.built_levels(), vec![0, 1, 2]);
        assert_eq!(layer.feature_at(Point::new(1.5, 0.5)), Some(1));
        assert_eq!(layer.feature_at(Point::new(0.5, 0.5)), Some(0));
        assert_eq!(layer.feature_at(Point::new(5.0, 0.5)), None);
    }
}
