//! Settings saved between sessions: their content lives with the settings file's reader
//! ([`crate::io::settings_file`]), which needs no window.

pub use crate::io::settings_file::Settings;

/// Where eframe's own storage kept them before the settings file existed.
pub const STORAGE_KEY: &str = "ti-atlas/settings";
