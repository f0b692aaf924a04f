//! Reading and writing the data bundle.

pub mod assets;
pub mod atomic;
pub mod table;
pub mod bundle;
pub mod varint;

pub use bundle::{BundleError, LoadTimings};
