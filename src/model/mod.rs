//! The domain: territories, administrative units, and their topological geometry.
//! Pure Rust, no egui, no I/O.

pub mod action_plan;
pub mod attribute_table;
pub mod bookmarks;
pub mod choropleth;
pub mod classify;
pub mod dataset;
pub mod generations;
pub mod hit_index;
pub mod imports;
pub mod indicators;
pub mod layer;
pub mod members;
pub mod projects;
pub mod reference;
pub mod search;
pub mod table_join;
pub mod table_sort;
pub mod tables;
pub mod text;
pub mod text_grid;
pub mod topology;
pub mod value_table;

pub use dataset::Dataset;
pub use layer::LayerKind;
pub use tables::{
    Commune, Departement, Epci, Generation, Groupement, GroupementNature, IndicatorSeries, Level,
    Region, SourceInfo, Tables, Territory,
};
pub use topology::{ArcRef, TopoArc, TopoFeature, TopoLayer, Topology};
