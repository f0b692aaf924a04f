//! Panels of the app window; each returns what the user asked for instead of acting itself.

pub mod layers_panel;
pub mod territory_panel;
