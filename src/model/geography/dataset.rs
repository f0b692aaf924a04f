//! The loaded bundle: tables, topology, and lookups between them.

use std::collections::HashMap;

use crate::model::geography::ids::{TerritoryId, UnitRef};
use crate::model::geography::layer::LayerKind;
use crate::model::geography::tables::{Commune, Generation, Tables, Territory};
use crate::model::geography::topology::{TopoFeature, Topology};

/// Everything the atlas knows, ready for lookups.
#[derive(Clone, Debug)]
pub struct Dataset {
    pub tables: Tables,
    pub topology: Topology,
    commune_index: HashMap<String, usize>,
    territory_index: HashMap<(Generation, TerritoryId), usize>,
}

/// A table row and the layer feature drawn for it disagree.
#[derive(Debug, thiserror::Error)]
#[error("couche {layer} : l'objet n° {index} porte le code {found}, la table attend {expected}")]
pub struct LayerMismatch {
    pub layer: &'static str,
    pub index: usize,
    pub found: String,
    pub expected: String,
}

impl Dataset {
    /// Joins the tables and the topology; checks that each layer's features are in table order.
    pub fn new(tables: Tables, topology: Topology) -> Result<Self, LayerMismatch> {
        let commune_index = tables
            .communes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.clone(), i))
            .collect();
        let territory_index = tables
            .territories
            .iter()
            .enumerate()
            .map(|(i, t)| ((t.generation, t.id.clone()), i))
            .collect();
        let dataset = Dataset {
            tables,
            topology,
            commune_index,
            territory_index,
        };
        for kind in LayerKind::ALL {
            let expected = dataset.layer_codes(kind);
            let features = dataset
                .topology
                .layer(kind)
                .map(|l| l.features.as_slice())
                .unwrap_or_default();
            for (index, feature) in features.iter().enumerate() {
                let exp = expected.get(index).cloned().unwrap_or_default();
                if feature.code != exp {
                    return Err(LayerMismatch {
                        layer: kind.id(),
                        index,
                        found: feature.code.clone(),
                        expected: exp,
                    });
                }
            }
            if features.len() != expected.len() {
                return Err(LayerMismatch {
                    layer: kind.id(),
                    index: features.len(),
                    found: format!("{} objets", features.len()),
                    expected: format!("{} objets", expected.len()),
                });
            }
        }
        Ok(dataset)
    }

    /// The codes of a layer's features, in table order.
    pub fn layer_codes(&self, kind: LayerKind) -> Vec<String> {
        match kind {
            LayerKind::Ti2023 => self.territory_ids(Generation::Temps2),
            LayerKind::Ti2018 => self.territory_ids(Generation::Temps1),
            LayerKind::Epci => self.tables.epci.iter().map(|e| e.siren.clone()).collect(),
            LayerKind::Departements => self
                .tables
                .departements
                .iter()
                .map(|d| d.code.clone())
                .collect(),
            LayerKind::Regions => self.tables.regions.iter().map(|r| r.code.clone()).collect(),
        }
    }

    /// The current COG 2024 code(s) of a former commune code (several when it was split).
    pub fn current_codes(&self, former: &str) -> Vec<&str> {
        let codes = &self.tables.former_codes;
        let start = codes.partition_point(|(old, _)| old.as_str() < former);
        codes
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .take_while(|(old, _)| old == former)
            .map(|(_, new)| new.as_str())
            .collect()
    }

    /// Names of a layer's features, in feature order.
    pub fn feature_names(&self, kind: LayerKind) -> Vec<String> {
        let t = &self.tables;
        match kind {
            LayerKind::Ti2023 => self
                .territories(Generation::Temps2)
                .map(|t| t.name.clone())
                .collect(),
            LayerKind::Ti2018 => self
                .territories(Generation::Temps1)
                .map(|t| t.name.clone())
                .collect(),
            LayerKind::Epci => t.epci.iter().map(|e| e.name.clone()).collect(),
            LayerKind::Departements => t.departements.iter().map(|d| d.name.clone()).collect(),
            LayerKind::Regions => t.regions.iter().map(|r| r.name.clone()).collect(),
        }
    }

    /// The région code(s) of each feature of a layer, in feature order (an EPCI may straddle
    /// régions: all of them, sorted).
    pub fn feature_regions(&self, kind: LayerKind) -> Vec<Vec<String>> {
        let t = &self.tables;
        match kind {
            LayerKind::Ti2023 => self
                .territories(Generation::Temps2)
                .map(|t| vec![t.region.clone()])
                .collect(),
            LayerKind::Ti2018 => self
                .territories(Generation::Temps1)
                .map(|t| vec![t.region.clone()])
                .collect(),
            LayerKind::Epci => {
                let mut by_siren: std::collections::HashMap<
                    &str,
                    std::collections::BTreeSet<&str>,
                > = std::collections::HashMap::new();
                for c in &t.communes {
                    for e in c.epci_layer_units() {
                        by_siren.entry(e).or_default().insert(&c.region);
                    }
                }
                t.epci
                    .iter()
                    .map(|e| {
                        by_siren
                            .get(e.siren.as_str())
                            .map(|s| s.iter().map(|r| (*r).to_owned()).collect())
                            .unwrap_or_default()
                    })
                    .collect()
            }
            LayerKind::Departements => t
                .departements
                .iter()
                .map(|d| vec![d.region.clone()])
                .collect(),
            LayerKind::Regions => t.regions.iter().map(|r| vec![r.code.clone()]).collect(),
        }
    }

    fn territory_ids(&self, generation: Generation) -> Vec<String> {
        self.territories(generation)
            .map(|t| t.id.as_str().to_owned())
            .collect()
    }

    pub fn territories(&self, generation: Generation) -> impl Iterator<Item = &Territory> {
        self.tables
            .territories
            .iter()
            .filter(move |t| t.generation == generation)
    }

    /// The n-th territory of a generation (the n-th feature of its layer).
    pub fn territory_at(&self, generation: Generation, index: usize) -> Option<&Territory> {
        self.territories(generation).nth(index)
    }

    pub fn territory(&self, generation: Generation, id: &TerritoryId) -> Option<&Territory> {
        self.territory_index
            .get(&(generation, id.clone()))
            .and_then(|&i| self.tables.territories.get(i))
    }

    /// The territory a unit is, when it is one (of either generation).
    pub fn territory_of(&self, unit: &UnitRef) -> Option<&Territory> {
        self.territory(unit.generation()?, &unit.territory_id()?)
    }

    /// Position of a territory in its generation's layer.
    pub fn territory_feature_index(
        &self,
        generation: Generation,
        id: &TerritoryId,
    ) -> Option<usize> {
        self.territories(generation).position(|t| t.id == *id)
    }

    pub fn commune(&self, code: &str) -> Option<&Commune> {
        self.commune_index
            .get(code)
            .and_then(|&i| self.tables.communes.get(i))
    }

    pub fn region_name(&self, code: &str) -> Option<&str> {
        self.tables
            .regions
            .iter()
            .find(|r| r.code == code)
            .map(|r| r.name.as_str())
    }

    pub fn departement_name(&self, code: &str) -> Option<&str> {
        self.tables
            .departements
            .iter()
            .find(|d| d.code == code)
            .map(|d| d.name.as_str())
    }

    pub fn features(&self, kind: LayerKind) -> &[TopoFeature] {
        self.topology
            .layer(kind)
            .map(|l| l.features.as_slice())
            .unwrap_or_default()
    }

    /// Vertices drawn for a whole layer at a level of detail (shared borders counted per side).
    pub fn layer_vertex_count(&self, kind: LayerKind, lod: u8) -> usize {
        self.features(kind)
            .iter()
            .map(|f| self.topology.feature_vertex_count(f, lod))
            .sum()
    }
}
