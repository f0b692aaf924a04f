//! The map's composition, free of egui and of I/O: given the data, the settings and a frame,
//! what to draw and where. One Web Mercator ([`projection`]), one level-of-detail rule
//! ([`lod`]), one label placer ([`labels`]), one look ([`look`]); the screen (`crate::map`)
//! paints a [`Composition`] with egui, the exports (`crate::export`) write the same one as SVG.
//!
//! Flow: [`MapSettings`] (what the user chose) and the maille's table make, through the one
//! builder [`MapThematics`] (app and command line alike), the choropleth, symbols or bivariate
//! map and the [`MapSpec`]; [`compose`] sees it through a [`ViewTransform`] over a [`MapScene`] (the
//! features' boxes and label points, computed once) and returns the [`Composition`].

pub mod annotations;
pub mod basemap_cover;
pub mod basemap_names;
pub mod bivariate;
pub mod compose;
pub mod geom;
pub mod insets;
pub mod label_point;
pub mod labels;
pub mod layout_check;
pub mod lod;
pub mod look;
pub mod map_build;
pub mod page_layout;
pub mod paint;
pub mod panels;
pub mod paper;
pub mod projection;
pub mod room;
pub mod scale_bar;
pub mod scene;
pub mod settings;
pub mod short_sources;
pub mod spec;
pub mod symbols;
pub mod text;
pub mod thematic;
pub mod typology;

pub use bivariate::{BivariateMap, BivariateSettings};
pub use compose::{
    Backdrop, Composition, Emphasis, FeatureDraw, InsetPane, LayerDraw, Marker, compose,
    compose_frames,
};
pub use geom::{Pos, Rect};
pub use insets::{InsetChoice, InsetFrame, MapFrames};
pub use map_build::{MapThematics, project_points};
pub use paint::{Rgba, Stroke};
pub use projection::{ViewTransform, WorldRect, lonlat_from_world, world_from_lonlat};
pub use scene::{MapScene, SceneLayer};
pub use settings::MapSettings;
pub use spec::{Basemap, MapSpec, UserLayer};
pub use symbols::{SymbolSettings, SymbolShape, Symbols};
pub use thematic::{Choropleth, LayerColours};

use crate::model::LayerKind;

/// An sRGB colour.
pub type Rgb = [u8; 3];

/// A layer of the map: one of the bundle's, or the n-th layer the user imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LayerId {
    Bundle(LayerKind),
    User(usize),
}

impl LayerId {
    /// The name of the layer's group and class in an SVG (`territoire-2023`, `couche-1`…).
    pub fn class(self) -> String {
        match self {
            LayerId::Bundle(kind) => layer_class(kind).to_owned(),
            LayerId::User(i) => format!("couche-{}", i + 1),
        }
    }
}

/// The class every element of a bundle layer carries in an SVG.
pub fn layer_class(kind: LayerKind) -> &'static str {
    match kind {
        LayerKind::Ti2023 => "territoire-2023",
        LayerKind::Ti2018 => "territoire-2018",
        LayerKind::Epci => "epci",
        LayerKind::Departements => "departement",
        LayerKind::Regions => "region",
    }
}
