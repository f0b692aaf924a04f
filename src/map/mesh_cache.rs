//! The screen's geometry cache: every feature of a layer tessellated once (on a background
//! thread) into Web-Mercator meshes at each level of detail, with its rings (for the hover and
//! selection outlines), its share of the layer's outline (shared borders kept once) and a hit
//! index on the full-detail geometry. Nothing here decides what is drawn: the composition does.

use std::collections::{BTreeMap, HashSet};

use geo::{BoundingRect as _, MultiPolygon, Point};
use lyon_tessellation::FillTessellator;

use super::outline::{Polyline, unique_outline};
use super::tessellate::{LOCAL_UNITS_PER_WORLD, LocalMesh, local_rings, tessellate_rings};
use crate::carto::{LayerId, WorldRect, world_from_lonlat};
use crate::model::LayerKind;
use crate::model::geography::hit_index::HitIndex;

/// One level of detail of one feature, in local units around the feature's origin.
#[derive(Default)]
pub struct FeatureLod {
    pub fill: LocalMesh,
    /// Every ring (exteriors and holes): hover and selection outlines.
    pub rings: Vec<Vec<[f32; 2]>>,
    /// This feature's share of the layer's outline (borders drawn by an earlier feature removed).
    pub outline: Vec<Polyline>,
}

/// A feature's cached geometry.
pub struct FeatureMeshes {
    pub origin_world: [f64; 2],
    pub lods: Vec<FeatureLod>,
}

impl FeatureMeshes {
    /// The level `lod`, or the finest one when the feature has fewer.
    pub fn lod(&self, lod: usize) -> Option<&FeatureLod> {
        self.lods.get(lod).or_else(|| self.lods.last())
    }
}

/// A layer's cached geometry.
pub struct LayerMeshes {
    pub features: Vec<FeatureMeshes>,
    hit: HitIndex,
    tessellations: usize,
}

impl LayerMeshes {
    /// Tessellates every feature at every level of detail (`lods[f][l]`: feature `f` at level
    /// `l`, coarse first, last = full detail). Fills only when `with_fill` (outline-only layers
    /// skip the work). Heavy: call it on a background (named) thread. A level that fails to
    /// tessellate draws no fill (logged).
    pub fn build(lods: Vec<Vec<MultiPolygon<f64>>>, with_fill: bool) -> Self {
        let lod_count = lods.iter().map(Vec::len).max().unwrap_or(0);
        let origins: Vec<[f64; 2]> = lods
            .iter()
            .map(|levels| {
                let mut bbox = WorldRect::NOTHING;
                for g in levels {
                    if let Some(r) = g.bounding_rect() {
                        bbox.extend(world_from_lonlat(r.min().into()));
                        bbox.extend(world_from_lonlat(r.max().into()));
                    }
                }
                if bbox.is_empty() {
                    [0.0, 0.0]
                } else {
                    bbox.min
                }
            })
            .collect();
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
        let build_lod = |lod: usize| -> Vec<FeatureLod> {
            let mut tessellator = FillTessellator::new();
            let mut seen = HashSet::new();
            lods.iter()
                .zip(&origins)
                .enumerate()
                .map(|(i, (levels, &origin))| {
                    let Some(geometry) = levels.get(lod) else {
                        return FeatureLod::default();
                    };
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
                            log::warn!(
                                "élément {i}, niveau {lod} : triangulation impossible ({err:?})"
                            );
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
        };
        let mut per_lod: Vec<Vec<FeatureLod>> = (0..lod_count).map(|_| Vec::new()).collect();
        std::thread::scope(|scope| {
            let workers: Vec<_> = groups
                .iter()
                .map(|(_, levels)| {
                    let build_lod = &build_lod;
                    let levels = levels.clone();
                    std::thread::Builder::new()
                        .name("triangulation".into())
                        .spawn_scoped(scope, move || {
                            levels
                                .into_iter()
                                .map(|l| (l, build_lod(l)))
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
                        *slot = level;
                    }
                }
            }
        });
        let tessellations = if with_fill {
            lods.iter().map(Vec::len).sum()
        } else {
            0
        };
        let mut per_lod: Vec<std::vec::IntoIter<FeatureLod>> =
            per_lod.into_iter().map(Vec::into_iter).collect();
        let mut features = Vec::with_capacity(lods.len());
        let mut full_detail = Vec::with_capacity(lods.len());
        for (levels, origin_world) in lods.into_iter().zip(origins) {
            features.push(FeatureMeshes {
                origin_world,
                lods: per_lod
                    .iter_mut()
                    .map(|it| it.next().unwrap_or_default())
                    .collect(),
            });
            full_detail.push(
                levels
                    .into_iter()
                    .last()
                    .unwrap_or_else(|| MultiPolygon(Vec::new())),
            );
        }
        LayerMeshes {
            features,
            hit: HitIndex::new(full_detail),
            tessellations,
        }
    }

    pub fn len(&self) -> usize {
        self.features.len()
    }

    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// How many polygon tessellations ran (features × levels at build, never afterwards).
    pub fn tessellation_count(&self) -> usize {
        self.tessellations
    }

    /// The feature containing `lonlat`, tested against the full-detail geometry.
    pub fn feature_at(&self, lonlat: Point<f64>) -> Option<usize> {
        self.hit.feature_at(lonlat)
    }

    pub fn feature(&self, index: usize) -> Option<&FeatureMeshes> {
        self.features.get(index)
    }
}

/// The cached geometry of every layer the screen can draw.
#[derive(Default)]
pub struct MeshStore {
    pub bundle: BTreeMap<LayerKind, LayerMeshes>,
    pub user: Vec<LayerMeshes>,
}

impl MeshStore {
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
