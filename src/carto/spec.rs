//! What a map shows, whoever draws it: the layers, the thematic colours, the names, the user's
//! layers and points, the highlighted units, and the size of the furniture. Built from the
//! settings by [`MapSpec::from_settings`] in the app and in the CLI alike.

use std::collections::BTreeMap;
use std::sync::Arc;

use geo::MultiPolygon;

use super::LayerId;
use super::bivariate::BivariateMap;
use super::geom::Rect;
use super::insets::{InsetChoice, MapFrames};
use super::labels::LabelOverride;
use super::paint::Rgba;
use super::projection::ViewTransform;
use super::scene::SceneLayer;
use super::settings::MapSettings;
use super::symbols::Symbols;
use super::thematic::{Choropleth, LayerColours};
use crate::model::LayerKind;

/// The background under the layers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Basemap {
    /// The embedded offline basemap (sea, lands, borders, names).
    #[default]
    Offline,
    /// OpenStreetMap's tiles (the screen only).
    Online,
    /// None: white paper.
    None,
    /// The bundle's régions and départements on a plain background: what an export draws
    /// when the offline basemap's file cannot be found or read.
    Contours,
}

impl Basemap {
    /// The attribution the sources line gives it.
    pub fn attribution_fr(self) -> Option<&'static str> {
        match self {
            Basemap::Offline => Some("fond de carte : Natural Earth (domaine public), IGN"),
            Basemap::Online => Some("fond de carte : © les contributeurs d'OpenStreetMap"),
            Basemap::Contours => {
                Some("fond de carte : IGN – ADMIN EXPRESS COG 2024 (régions, départements)")
            }
            Basemap::None => None,
        }
    }
}

/// A polygon layer the user imported: its geometry (lon/lat) and what the composition needs of
/// its features.
#[derive(Clone, Debug)]
pub struct UserLayer {
    pub name: String,
    pub geometry: Arc<Vec<MultiPolygon<f64>>>,
    pub scene: Arc<SceneLayer>,
}

impl UserLayer {
    /// A layer from its polygons and their names (for the labels).
    pub fn new(name: &str, geometry: Vec<MultiPolygon<f64>>, names: Vec<String>) -> Self {
        let scene = SceneLayer::from_geometries(
            names
                .into_iter()
                .chain(std::iter::repeat(String::new()))
                .zip(&geometry)
                .enumerate()
                .map(|(i, (n, g))| (n, i.to_string(), g)),
        );
        UserLayer {
            name: name.to_owned(),
            geometry: Arc::new(geometry),
            scene: Arc::new(scene),
        }
    }
}

/// Everything a map shows, independent of its size and of who draws it.
#[derive(Clone, Debug)]
pub struct MapSpec {
    /// Visible bundle layers.
    pub layers: Vec<LayerKind>,
    /// The choropleth, if an indicator colours a maille.
    pub choropleth: Option<Choropleth>,
    /// Other whole-layer colourings (the Temps I / Temps II status).
    pub layer_colours: Vec<LayerColours>,
    /// Names where they fit.
    pub labels: bool,
    /// Towns' names.
    pub places: bool,
    pub basemap: Basemap,
    pub user_layers: Vec<UserLayer>,
    /// Points (lon, lat) of the imported projects.
    pub points: Arc<Vec<[f64; 2]>>,
    /// The unit under the pointer and the selected one (the screen's emphasis).
    pub hovered: Option<(LayerId, usize)>,
    pub selected: Option<(LayerId, usize)>,
    /// Frame units per reference point: line widths, text and symbols are multiplied by it
    /// (1 on screen; an export of the screen at twice its width uses 2).
    pub scale: f64,
    /// The overseas insets of a France-scale map.
    pub insets: InsetChoice,
    /// Proportional symbols of a stock (at their maille's label points).
    pub symbols: Option<Symbols>,
    /// Names the user hid or moved.
    pub label_overrides: BTreeMap<String, LabelOverride>,
    /// The bivariate map, if two indicators colour the maille (instead of the choropleth).
    pub bivariate: Option<BivariateMap>,
    /// Units picked elsewhere (the scatter plot's box), outlined on the map.
    pub highlighted: Arc<Vec<(LayerId, usize)>>,
    /// The offline basemap's country and sea names (placed with the map's names).
    pub basemap_names: Arc<Vec<super::basemap_names::BasemapName>>,
    /// What the user wrote and drew on the map (texts, callouts, arrows, shapes, highlights,
    /// images), drawn over it in the main view.
    pub annotations: Arc<Vec<super::annotations::Annotation>>,
}

impl Default for MapSpec {
    fn default() -> Self {
        MapSpec {
            layers: vec![LayerKind::Ti2023],
            choropleth: None,
            layer_colours: Vec::new(),
            labels: true,
            places: true,
            basemap: Basemap::Offline,
            user_layers: Vec::new(),
            points: Arc::new(Vec::new()),
            hovered: None,
            selected: None,
            scale: 1.0,
            insets: InsetChoice::Drom,
            symbols: None,
            label_overrides: BTreeMap::new(),
            bivariate: None,
            highlighted: Arc::new(Vec::new()),
            basemap_names: Arc::new(Vec::new()),
            annotations: Arc::new(Vec::new()),
        }
    }
}

impl MapSpec {
    /// The map the settings describe, with its computed choropleth (if any). Symbols, when
    /// computed, are added with [`MapSpec::with_symbols`].
    pub fn from_settings(settings: &MapSettings, choropleth: Option<Choropleth>) -> Self {
        let mut layers = settings.visible_layers();
        // A map drawn through the territories' members colours the EPCI layer without showing
        // it (no EPCI names, no EPCI outside the territories).
        if let Some(c) = &choropleth
            && c.members.is_none()
            && !layers.contains(&c.layer())
        {
            layers.push(c.layer());
        }
        MapSpec {
            layers,
            choropleth,
            labels: settings.show_labels,
            places: settings.show_places,
            insets: settings.insets,
            label_overrides: settings.labels.clone(),
            annotations: Arc::new(settings.annotations.clone()),
            ..MapSpec::default()
        }
    }

    /// The same map with proportional symbols.
    pub fn with_symbols(mut self, symbols: Option<Symbols>) -> Self {
        self.symbols = symbols;
        self
    }

    /// The same map coloured by two indicators (its maille shown).
    pub fn with_bivariate(mut self, bivariate: Option<BivariateMap>) -> Self {
        if let Some(b) = &bivariate
            && !self.layers.contains(&b.layer())
        {
            self.layers.push(b.layer());
        }
        self.bivariate = bivariate;
        self
    }

    pub fn shows(&self, kind: LayerKind) -> bool {
        self.layers.contains(&kind)
    }

    /// The colour of a feature of a coloured layer (`Some(None)`: coloured layer, feature not
    /// filled); `None` when nothing colours the layer.
    pub fn fill_of(&self, kind: LayerKind, feature: usize) -> Option<Option<Rgba>> {
        if let Some(b) = &self.bivariate
            && b.layer() == kind
        {
            return Some(b.fills.get(feature).map(|&rgb| Rgba::opaque(rgb)));
        }
        if let Some(fill) = self
            .choropleth
            .as_ref()
            .and_then(|c| c.fill_of(kind, feature))
        {
            return Some(fill.map(Rgba::opaque));
        }
        self.layer_colours
            .iter()
            .find(|c| c.layer == kind)
            .map(|c| c.fills.get(feature).copied().flatten())
    }

    /// Whether a feature is drawn: every feature of a drawn layer, except the EPCI outside the
    /// territories on a map drawn through the territories' members (unless the EPCI layer is
    /// shown).
    pub fn draws(&self, kind: LayerKind, feature: usize) -> bool {
        self.shows(kind)
            || self
                .choropleth
                .as_ref()
                .is_none_or(|c| c.draws(kind, feature))
    }

    /// Whether a choropleth or another colouring fills this layer.
    pub fn is_coloured(&self, kind: LayerKind) -> bool {
        self.choropleth.as_ref().is_some_and(|c| c.layer() == kind)
            || self.bivariate.as_ref().is_some_and(|b| b.layer() == kind)
            || self.layer_colours.iter().any(|c| c.layer == kind)
    }

    /// Where the map goes in `frame`: the main view, and the insets when the choice asks for
    /// them and the view shows France at its scale. `column` is where the insets may go.
    pub fn frames(&self, main: ViewTransform, column: Rect) -> MapFrames {
        let areas = self.insets.areas();
        if areas.is_empty() || !super::insets::shows_france(&main) {
            return MapFrames::single(main);
        }
        MapFrames {
            main,
            insets: super::insets::column_layout(&areas, column, self.scale),
        }
    }

    /// Whether another layer than the territories 2023-2027 carries the choropleth (their own
    /// fill then gives way to outlines).
    pub fn territories_over_choropleth(&self) -> bool {
        self.choropleth
            .as_ref()
            .is_some_and(|c| c.layer() != LayerKind::Ti2023)
            || self
                .bivariate
                .as_ref()
                .is_some_and(|b| b.layer() != LayerKind::Ti2023)
    }
}
