//! Typed identifiers: a territory's ANCT id and a reference to any unit of a layer (its maille
//! and its code), so that selections, saved views and commands name units, not positions.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::layer::LayerKind;

/// A territory's ANCT id (`ti-8402`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TerritoryId(pub String);

impl TerritoryId {
    pub fn new(id: &str) -> Self {
        TerritoryId(id.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TerritoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A unit of one of the bundle's layers: the layer (territories of a generation, EPCI,
/// départements, régions) and the unit's code there (ti-RRNN, SIREN, INSEE code).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UnitRef {
    pub layer: LayerKind,
    pub code: String,
}

impl UnitRef {
    pub fn new(layer: LayerKind, code: &str) -> Self {
        UnitRef {
            layer,
            code: code.to_owned(),
        }
    }

    /// A 2023-2027 territory.
    pub fn territory(id: &TerritoryId) -> Self {
        UnitRef::new(LayerKind::Ti2023, id.as_str())
    }

    /// The territory id, when the unit is a territory of either generation.
    pub fn territory_id(&self) -> Option<TerritoryId> {
        matches!(self.layer, LayerKind::Ti2023 | LayerKind::Ti2018)
            .then(|| TerritoryId(self.code.clone()))
    }
}

impl fmt::Display for UnitRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.layer.id(), self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_written_as_plain_codes() {
        let id = TerritoryId::new("ti-8402");
        assert_eq!(serde_json::to_string(&id).expect("json"), "\"ti-8402\"");
        let unit = UnitRef::territory(&id);
        assert_eq!(unit.territory_id(), Some(id));
        assert_eq!(unit.to_string(), "ti-2023-2027:ti-8402");
        assert_eq!(
            UnitRef::new(LayerKind::Epci, "200039865").territory_id(),
            None
        );
    }
}
