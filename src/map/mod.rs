//! Map layers drawn over walkers.
//!
//! [`PolygonLayer`] holds features tessellated once (on a background thread) into Web-Mercator
//! meshes at several levels of detail. Each frame it culls to the viewport, picks the LOD from
//! the scale, and emits one fill mesh, one outline mesh (shared borders drawn once) and the
//! hover/selection outlines; labels are placed greedily where they fit. It is a
//! [`walkers::Plugin`] through `&mut PolygonLayer`.

mod labels;
mod outline;
mod plugin;
mod point_layer;
mod polygon_layer;
mod projection;
mod style;
mod tessellate;

pub use labels::{LabelCandidate, PlacedLabel, place_labels};
pub use point_layer::{CLUSTER_CELL_PX, Cluster, PointLayer, clusters};
pub use polygon_layer::{LOD_MAX_ERROR_PX, LayerFeature, LayerFrame, PolygonLayer, select_lod};
pub use projection::{ViewTransform, WorldRect, lonlat_from_world, world_from_lonlat};
pub use style::{LayerStyle, palette};
