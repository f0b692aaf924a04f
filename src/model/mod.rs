//! The domain, by feature: geography (territories, units, topology), indicators and their
//! classification, typologies (categorical variables), the user's imported data, and views
//! (search, saved views).
//! Pure Rust, no egui, no I/O.

pub mod geography;
pub mod imports;
pub mod indicators;
pub mod text;
pub mod text_grid;
pub mod typology;
pub mod views;

pub use geography::dataset::Dataset;
pub use geography::ids::{IndicatorId, TerritoryId, UnitRef};
pub use geography::layer::LayerKind;
pub use geography::tables::{
    Commune, Departement, Epci, Generation, Groupement, GroupementNature, IndicatorSeries, Level,
    Region, SeriesMeasure, SourceInfo, Tables, Territory,
};
pub use geography::topology::{ArcRef, TopoArc, TopoFeature, TopoLayer, Topology};
