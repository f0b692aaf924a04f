//! ti-atlas: the desktop atlas of the French "Territoires d'industrie" programme.
//!
//! Layers: `model` (pure domain, no egui), `io` (bundle loading), `build` (the data build
//! from public sources), `sheet` (the territory sheet's view model, for the panel and the
//! PDF), `map` (egui/walkers drawing), `ui` (panels), `app` (the eframe app),
//! `cli` (headless subcommands).

pub mod about;
#[cfg(feature = "gui")]
pub mod app;
pub mod build;
pub mod carto;
pub mod cli;
#[cfg(feature = "export")]
pub mod export;
pub mod format;
pub mod io;
#[cfg(feature = "gui")]
pub mod map;
pub mod model;
pub mod palette;
pub mod sheet;
#[cfg(feature = "gui")]
pub mod ui;
