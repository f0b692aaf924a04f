//! What the composition needs to know of each feature, computed once per dataset (on a
//! background thread in the app): its name and code, its box in world space and where its
//! name goes. Geometry itself stays in the dataset's topology (paper) and in the screen's
//! tessellation cache; both are addressed by layer, feature and level of detail.

use geo::{BoundingRect as _, MultiPolygon};

use super::label_point::label_point;
use super::projection::{WorldRect, world_from_lonlat};
use crate::model::{Dataset, LayerKind};

/// One feature of a layer.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneFeature {
    pub name: String,
    /// The unit's code (ti-RRNN, SIREN, INSEE code of the département or région).
    pub code: String,
    /// Box of the full-detail geometry, empty when the feature has no geometry.
    pub bbox_world: WorldRect,
    /// Where the name goes (pole of inaccessibility of the largest part).
    pub label_world: Option<[f64; 2]>,
}

/// The features of one layer, in the dataset's order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SceneLayer {
    pub features: Vec<SceneFeature>,
}

impl SceneLayer {
    /// From full-detail geometries with their names and codes.
    pub fn from_geometries<'a>(
        items: impl Iterator<Item = (String, String, &'a MultiPolygon<f64>)>,
    ) -> Self {
        let features = items
            .map(|(name, code, geometry)| SceneFeature {
                name,
                code,
                bbox_world: geometry
                    .bounding_rect()
                    .map_or(WorldRect::NOTHING, WorldRect::from_lonlat),
                label_world: label_point(geometry).map(world_from_lonlat),
            })
            .collect();
        SceneLayer { features }
    }

    /// A bundle layer, from its finest level of detail.
    pub fn from_dataset(dataset: &Dataset, kind: LayerKind) -> Self {
        let finest = u8::try_from(dataset.topology.lod_count().saturating_sub(1)).unwrap_or(0);
        let geometries: Vec<MultiPolygon<f64>> = dataset
            .features(kind)
            .iter()
            .map(|f| dataset.topology.multipolygon(f, finest))
            .collect();
        let items = dataset
            .feature_names(kind)
            .into_iter()
            .zip(dataset.layer_codes(kind))
            .zip(&geometries)
            .map(|((name, code), g)| (name, code, g));
        Self::from_geometries(items)
    }

    pub fn len(&self) -> usize {
        self.features.len()
    }

    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// Index of the feature with this code.
    pub fn position(&self, code: &str) -> Option<usize> {
        self.features.iter().position(|f| f.code == code)
    }
}

/// A town the map may name.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenePlace {
    pub name: String,
    pub population: u64,
    /// 1 capital … 6 (1,000+ inhabitants): see `model::geography::tables::Place`.
    pub rank: u8,
    pub world: [f64; 2],
}

/// The bundle's layers as the composition sees them, with the simplification tolerances of
/// their levels of detail (coarse first), and the towns.
#[derive(Clone, Debug, Default)]
pub struct MapScene {
    layers: [Option<SceneLayer>; 5],
    pub tolerances_deg: Vec<f64>,
    /// Most important first.
    pub places: Vec<ScenePlace>,
}

fn slot(kind: LayerKind) -> usize {
    LayerKind::ALL.iter().position(|&k| k == kind).unwrap_or(0)
}

impl MapScene {
    /// An empty scene for a dataset's levels of detail: layers are added with [`Self::insert`].
    pub fn new(tolerances_deg: Vec<f64>) -> Self {
        MapScene {
            layers: Default::default(),
            tolerances_deg,
            places: Vec::new(),
        }
    }

    /// The towns of the dataset (names and populations from the commune table).
    pub fn places_of(dataset: &Dataset) -> Vec<ScenePlace> {
        dataset
            .tables
            .places
            .iter()
            .filter_map(|p| {
                let c = dataset.commune(&p.commune)?;
                Some(ScenePlace {
                    name: c.name.clone(),
                    population: c.population,
                    rank: p.rank,
                    world: world_from_lonlat(geo::Point::new(p.lon, p.lat)),
                })
            })
            .collect()
    }

    /// Every layer of the dataset (what an export needs; the app adds layers as they load).
    pub fn from_dataset(dataset: &Dataset) -> Self {
        Self::with_layers(dataset, &LayerKind::ALL)
    }

    /// Some layers of the dataset.
    pub fn with_layers(dataset: &Dataset, kinds: &[LayerKind]) -> Self {
        let mut scene = Self::new(dataset.topology.tolerances_deg.clone());
        scene.places = Self::places_of(dataset);
        for &kind in kinds {
            scene.insert(kind, SceneLayer::from_dataset(dataset, kind));
        }
        scene
    }

    pub fn insert(&mut self, kind: LayerKind, layer: SceneLayer) {
        if let Some(s) = self.layers.get_mut(slot(kind)) {
            *s = Some(layer);
        }
    }

    pub fn layer(&self, kind: LayerKind) -> Option<&SceneLayer> {
        self.layers.get(slot(kind)).and_then(Option::as_ref)
    }

    pub fn has(&self, kind: LayerKind) -> bool {
        self.layer(kind).is_some()
    }
}
