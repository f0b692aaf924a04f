//! Reading and writing the data bundle.

pub mod assets;
pub mod bundle;
pub mod varint;

pub use bundle::{BundleError, LoadTimings};
