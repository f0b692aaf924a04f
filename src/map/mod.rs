//! The map on screen (egui + walkers): the geometry cache ([`MeshStore`], each level of detail
//! tessellated on a background thread when first drawn), the painter that draws a [`crate::carto::Composition`] with egui meshes,
//! and the walkers plugin that composes and paints each frame. What is drawn is decided by
//! [`crate::carto`], shared with the exports.

pub mod annotation_paint;
mod mesh_cache;
mod outline;
pub mod painter;
mod plugin;
mod tessellate;

pub use mesh_cache::{
    FORGET_AFTER, FeatureLod, KEEP_DRAWN, LayerMeshes, LevelMeshes, LevelSource, MESH_BUDGET_BYTES,
    MeshStore, Wake,
};
pub use plugin::{MapFrameOutput, MapPlugin, view_of};
pub use tessellate::LOCAL_UNITS_PER_WORLD;
