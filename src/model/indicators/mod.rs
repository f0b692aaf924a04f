//! Indicators and their classification: the catalogue (sources, vintages, values per maille),
//! classification methods, the choropleth (classes, colours, legend), the bivariate 3 × 3
//! classification, a territory's employment dynamics, région and France reference values, the
//! scatter plot of two indicators, and the table of values.

pub mod bivariate;
pub mod catalogue;
pub mod choropleth;
pub mod classify;
pub mod dynamics;
pub mod member_map;
pub mod nature;
pub mod reference;
pub mod scatter;
pub mod table_sort;
pub mod value_table;

pub use catalogue::*;
