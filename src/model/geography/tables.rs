//! Attribute tables of the bundle: régions, départements, EPCI, communes, territories.

use serde::{Deserialize, Serialize};

use super::ids::{IndicatorId, TerritoryId};
/// Said here too, beside the territories it sorts (it lives with the layers that draw them).
pub use super::layer::Generation;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// INSEE code, two characters ("84", "01").
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Departement {
    /// INSEE code ("01", "2A", "971").
    pub code: String,
    pub name: String,
    pub region: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Epci {
    /// SIREN, 9 digits.
    pub siren: String,
    pub name: String,
    /// CC, CA, CU, METRO, MET69 for the EPCI à fiscalité propre; EPT for the 11
    /// établissements publics territoriaux of the Grand Paris, after them on the layer.
    pub kind: String,
    pub n_communes: u32,
    pub population: u64,
    pub area_km2: f64,
}

impl Epci {
    /// Whether the unit is one of the 11 établissements publics territoriaux of the Grand Paris
    /// (not an EPCI à fiscalité propre: its communes are also in the Métropole du Grand Paris).
    pub fn is_ept(&self) -> bool {
        self.kind == "EPT"
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Commune {
    /// INSEE code, COG 2024 ("01004", "2A004").
    pub code: String,
    pub name: String,
    pub departement: String,
    pub region: String,
    /// SIREN of the EPCI à fiscalité propre, absent for the four island communes outside any EPCI.
    pub epci: Option<String>,
    /// SIREN of the établissement public territorial of the Grand Paris the commune belongs to
    /// (its 130 communes; Paris is in none), whose unit the EPCI layer holds too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ept: Option<String>,
    /// Population municipale.
    pub population: u64,
    /// Geodesic area of the commune's polygon (ADMIN EXPRESS COG 2024 as packaged), km².
    pub area_km2: f64,
}

impl Commune {
    /// The SIRENs of the units of the EPCI layer the commune is in: its EPCI à fiscalité
    /// propre, then its EPT (a commune of the Grand Paris but Paris is in both).
    pub fn epci_layer_units(&self) -> impl Iterator<Item = &str> {
        self.epci.iter().chain(&self.ept).map(String::as_str)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupementNature {
    /// Communauté de communes.
    CC,
    /// Communauté d'agglomération.
    CA,
    /// Communauté urbaine.
    CU,
    /// Métropole.
    METRO,
    /// Établissement public territorial (Grand Paris).
    EPT,
    /// A single commune.
    COM,
}

impl GroupementNature {
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "CC" => Self::CC,
            "CA" => Self::CA,
            "CU" => Self::CU,
            "METRO" | "MET69" | "MET" => Self::METRO,
            "EPT" => Self::EPT,
            "COM" => Self::COM,
            _ => return None,
        })
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Self::CC => "Communauté de communes",
            Self::CA => "Communauté d'agglomération",
            Self::CU => "Communauté urbaine",
            Self::METRO => "Métropole",
            Self::EPT => "Établissement public territorial",
            Self::COM => "Commune",
        }
    }
}

/// A member of a territory: an EPCI, an EPT or a single commune.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Groupement {
    pub siren: String,
    /// Official COG 2024 name.
    pub name: String,
    pub nature: GroupementNature,
    /// INSEE code when the member is a single commune.
    pub commune: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Territory {
    /// ANCT id, `ti-RRNN`.
    pub id: TerritoryId,
    pub name: String,
    pub generation: Generation,
    /// INSEE code of the région the territory is attached to (digits 4-5 of the id).
    pub region: String,
    /// Départements of the member communes, sorted.
    pub departements: Vec<String>,
    pub groupements: Vec<Groupement>,
    /// INSEE codes (COG 2024) of the member communes, sorted.
    pub communes: Vec<String>,
    /// Sum of the member communes' population municipale.
    pub population: u64,
    /// Geodesic area of the territory polygon, km².
    pub area_km2: f64,
}

/// Where a figure comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    pub id: String,
    pub label: String,
    pub licence: String,
    pub vintage: String,
}

impl SourceInfo {
    /// How a source is cited in exports and listings: "label (vintage)".
    pub fn citation(&self) -> String {
        format!("{} ({})", self.label, self.vintage)
    }

    /// Sources cited in one line: "label (vintage) ; …".
    pub fn citations<'a>(sources: impl IntoIterator<Item = &'a SourceInfo>) -> String {
        sources
            .into_iter()
            .map(SourceInfo::citation)
            .collect::<Vec<_>>()
            .join(" ; ")
    }
}

/// The administrative level a series of values is given at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Level {
    Territoire,
    Epci,
    Departement,
}

impl Level {
    pub fn label_fr(self) -> &'static str {
        match self {
            Level::Territoire => "territoires",
            Level::Epci => "EPCI",
            Level::Departement => "départements",
        }
    }

    /// The levels a map can be coloured at, in menu order.
    pub const MAPS: [Level; 3] = [Level::Territoire, Level::Epci, Level::Departement];

    /// Command-line and settings id.
    pub fn id(self) -> &'static str {
        match self {
            Level::Territoire => "territoires",
            Level::Epci => "epci",
            Level::Departement => "departements",
        }
    }

    pub fn from_id(id: &str) -> Option<Level> {
        Self::MAPS.into_iter().find(|l| l.id() == id)
    }

    /// The maille's name in a menu ("Maille : …").
    pub fn maille_fr(self) -> &'static str {
        match self {
            Level::Territoire => "Territoires d'industrie 2023-2027",
            Level::Epci => "EPCI",
            Level::Departement => "Départements",
        }
    }

    /// The map layer whose features are the units of this level.
    pub fn layer(self) -> crate::model::LayerKind {
        use crate::model::LayerKind;
        match self {
            Level::Territoire => LayerKind::Ti2023,
            Level::Epci => LayerKind::Epci,
            Level::Departement => LayerKind::Departements,
        }
    }
}

/// What the values of a series are: says why they cannot be added up between units and how a
/// map of them reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SeriesMeasure {
    /// A share of jobs, 0 to 100 %.
    #[default]
    Share,
    /// An average annual growth rate, % per year: negative where the count shrank, so maps read
    /// it against 0.
    AnnualGrowth,
}

impl SeriesMeasure {
    /// Why a territory made of several units has no value (its members' values are shown).
    pub fn not_computable_reason(self) -> &'static str {
        match self {
            SeriesMeasure::Share => {
                "non calculable : une part ne s'additionne pas entre EPCI (il faudrait les \
                 effectifs d'emplois) ; voir les valeurs des EPCI membres"
            }
            SeriesMeasure::AnnualGrowth => {
                "non calculable : un taux d'évolution ne se moyenne pas entre EPCI (il faudrait \
                 les effectifs d'emplois en début et en fin de période) ; voir les valeurs des \
                 EPCI membres"
            }
        }
    }

    /// Why the région and France have no value.
    pub fn reference_reason(self) -> &'static str {
        match self {
            SeriesMeasure::Share => {
                "non calculable : une part ne s'agrège pas sans les effectifs d'emplois"
            }
            SeriesMeasure::AnnualGrowth => {
                "non calculable : un taux d'évolution ne s'agrège pas sans les effectifs \
                 d'emplois en début et en fin de période"
            }
        }
    }

    /// Values are read against 0 (a rise or a fall): diverging classes and colours.
    pub fn diverging_around_zero(self) -> bool {
        self == SeriesMeasure::AnnualGrowth
    }
}

/// Values of one indicator from a source file, by unit code (SIREN for EPCI).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorSeries {
    pub id: IndicatorId,
    pub label: String,
    pub unit: String,
    pub level: Level,
    /// Id of the [`SourceInfo`].
    pub source: String,
    /// Year or period the values describe ("2022", "2016-2022").
    #[serde(default)]
    pub period: Option<String>,
    #[serde(default)]
    pub measure: SeriesMeasure,
    /// Sorted by code.
    pub values: std::collections::BTreeMap<String, f64>,
}

/// Every attribute table of the bundle.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tables {
    pub sources: Vec<SourceInfo>,
    pub regions: Vec<Region>,
    pub departements: Vec<Departement>,
    pub epci: Vec<Epci>,
    pub communes: Vec<Commune>,
    /// Both generations; Temps II first, each sorted by id.
    pub territories: Vec<Territory>,
    /// Indicator values bundled from source files (EPCI sector shares, employment growth).
    #[serde(default)]
    pub indicators: Vec<IndicatorSeries>,
    /// Former INSEE codes of merged communes → current COG 2024 code (sorted by old code).
    #[serde(default)]
    pub former_codes: Vec<(String, String)>,
    /// Names of delegated and associated communes (merged into, or associated with, a current
    /// commune) → the current commune's code, sorted: a user's file may still name them.
    #[serde(default)]
    pub former_names: Vec<(String, String)>,
    /// Towns the map may name, most important first.
    #[serde(default)]
    pub places: Vec<Place>,
}

/// A town the map may name: its commune, the point its name goes at (pole of inaccessibility
/// of the commune), and its rank (1 capital, 2 régions' prefectures, 3 départements'
/// prefectures and 100,000+, 4 20,000+, 5 5,000+, 6 1,000+ inhabitants).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub commune: String,
    pub lon: f64,
    pub lat: f64,
    pub rank: u8,
}
