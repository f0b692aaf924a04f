//! The territory sheet as one view model: identity, key figures with rank, région and France
//! values, members, plan by axis, projects and sources, already in words and French figures.
//! Built once from the loaded data ([`territory_sheet`], [`unit_sheet`]), drawn by the side
//! panel (`ui::territory_panel`) and by the PDF sheet (`export::sheet`), which compute nothing
//! themselves. No egui, no I/O.

mod build;
pub mod dynamics;
mod figures;
mod members;
mod plan;
mod sources;
pub mod text;
mod typology;
pub mod view;

pub use build::{
    SheetInputs, id_with_generation, territory_sheet, territory_sheet_by_id, unit_sheet,
};
pub use sources::sources_block;
pub use text::value_text;
pub use typology::{SheetTypology, typology_fact};
pub use view::{TerritorySheet, UnitSheet};
