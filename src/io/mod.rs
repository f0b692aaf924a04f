//! Reading and writing the data bundle.

pub mod assets;
pub mod atomic;
pub mod bundle;
pub mod commune_contours;
pub mod error_fr;
pub mod file_parts;
pub mod image_file;
pub mod import;
pub mod limits;
pub mod output;
pub mod plan_reader;
pub mod project;
pub mod projects_reader;
pub mod read_file;
pub mod recovery;
pub mod settings_file;
pub mod table;
pub mod table_import;
pub mod varint;
pub mod vector;

pub use bundle::{BundleError, LoadTimings};
