//! The map on screen (egui + walkers): the geometry cache ([`MeshStore`], tessellated once on a
//! background thread), the painter that draws a [`crate::carto::Composition`] with egui meshes,
//! and the walkers plugin that composes and paints each frame. What is drawn is decided by
//! [`crate::carto`], shared with the exports.

mod mesh_cache;
mod outline;
pub mod painter;
mod plugin;
mod tessellate;

pub use mesh_cache::{FeatureLod, FeatureMeshes, LayerMeshes, MeshStore};
pub use plugin::{MapFrameOutput, MapPlugin, view_of};
pub use tessellate::LOCAL_UNITS_PER_WORLD;
