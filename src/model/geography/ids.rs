//! Typed identifiers: a territory's ANCT id, an indicator's id and a reference to any unit of a
//! layer (its maille and its code), so that selections, saved views, settings and commands name
//! things by what they are, not by strings and positions.
//!
//! The ids are written as their plain codes (serde-transparent): settings, views and bundle
//! files keep their form. They compare with `str` and look up maps keyed by them with a `&str`
//! (`Borrow<str>`), but do not dereference to `str`: a function that wants an indicator takes
//! an [`IndicatorId`].

use std::borrow::Borrow;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::layer::{Generation, LayerKind};

/// A plain-code id type: constructors, `as_str`, `Display`, `Borrow<str>` and comparisons
/// with `str`.
macro_rules! code_id {
    ($name:ident) => {
        impl $name {
            pub fn new(id: &str) -> Self {
                $name(id.to_owned())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_owned())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

/// A territory's ANCT id (`ti-8402`; the 2018-2022 territories number theirs apart).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TerritoryId(String);

code_id!(TerritoryId);

/// An indicator's id in the catalogue (`part_emploi_industrie`, `population`, an imported
/// column's id).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IndicatorId(String);

code_id!(IndicatorId);

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

    /// A territory of a generation.
    pub fn territory_of(generation: Generation, id: &TerritoryId) -> Self {
        UnitRef::new(LayerKind::of_generation(generation), id.as_str())
    }

    /// The territory id, when the unit is a territory of either generation.
    pub fn territory_id(&self) -> Option<TerritoryId> {
        self.generation().map(|_| TerritoryId(self.code.clone()))
    }

    /// The generation of the territory, when the unit is one.
    pub fn generation(&self) -> Option<Generation> {
        self.layer.generation()
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
        let indicator: IndicatorId =
            serde_json::from_str("\"part_emploi_industrie\"").expect("json");
        assert_eq!(indicator.as_str(), "part_emploi_industrie");
        assert_eq!(indicator.to_string(), "part_emploi_industrie");
    }

    #[test]
    fn a_layer_knows_its_generation() {
        for generation in [Generation::Temps1, Generation::Temps2] {
            let layer = LayerKind::of_generation(generation);
            assert_eq!(layer.generation(), Some(generation));
        }
        assert_eq!(LayerKind::Epci.generation(), None);
        let unit = UnitRef::territory_of(Generation::Temps1, &TerritoryId::new("ti-5301"));
        assert_eq!(unit.layer, LayerKind::Ti2018);
        assert_eq!(unit.generation(), Some(Generation::Temps1));
    }
}
