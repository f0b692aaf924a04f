//! The polygon layers the bundle carries, and the two generations of territories two of them draw.

use serde::{Deserialize, Serialize};

/// A polygon layer of the bundle. The order of this enum is the drawing order (bottom first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LayerKind {
    /// Territoires d'industrie 2023-2027 ("Temps II"), 183 territories.
    Ti2023,
    /// Territoires d'industrie 2018-2022 ("Temps I"), 149 territories (2024 EPCI perimeters).
    Ti2018,
    /// EPCI à fiscalité propre, COG 2024 (1,255).
    Epci,
    /// Départements, COG 2024 (101).
    Departements,
    /// Régions, COG 2024 (18).
    Regions,
}

impl LayerKind {
    pub const ALL: [LayerKind; 5] = [
        LayerKind::Ti2023,
        LayerKind::Ti2018,
        LayerKind::Epci,
        LayerKind::Departements,
        LayerKind::Regions,
    ];

    /// Stable identifier used in the bundle and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            LayerKind::Ti2023 => "ti-2023-2027",
            LayerKind::Ti2018 => "ti-2018-2022",
            LayerKind::Epci => "epci",
            LayerKind::Departements => "departements",
            LayerKind::Regions => "regions",
        }
    }

    /// French label shown in the UI.
    pub fn label_fr(self) -> &'static str {
        match self {
            LayerKind::Ti2023 => "Territoires d'industrie 2023-2027",
            LayerKind::Ti2018 => "Territoires d'industrie 2018-2022",
            LayerKind::Epci => "EPCI",
            LayerKind::Departements => "Départements",
            LayerKind::Regions => "Régions",
        }
    }

    pub fn from_id(id: &str) -> Option<LayerKind> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The generation whose territories the layer draws (`None` for the other layers).
    pub fn generation(self) -> Option<Generation> {
        match self {
            LayerKind::Ti2023 => Some(Generation::Temps2),
            LayerKind::Ti2018 => Some(Generation::Temps1),
            LayerKind::Epci | LayerKind::Departements | LayerKind::Regions => None,
        }
    }

    /// The layer drawing a generation's territories.
    pub fn of_generation(generation: Generation) -> LayerKind {
        match generation {
            Generation::Temps2 => LayerKind::Ti2023,
            Generation::Temps1 => LayerKind::Ti2018,
        }
    }
}

/// Which generation of the programme a territory belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Generation {
    /// 2018-2022 ("Temps I"). Ids use a numbering of their own, not comparable with Temps II.
    Temps1,
    /// 2023-2027 ("Temps II").
    Temps2,
}

impl Generation {
    pub fn label_fr(self) -> &'static str {
        match self {
            Generation::Temps1 => "2018-2022 (Temps I)",
            Generation::Temps2 => "2023-2027 (Temps II)",
        }
    }
}
