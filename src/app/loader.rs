//! Loads the bundle and tessellates the layers on a named background thread.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, sync_channel};
use std::time::{Duration, Instant};

use crate::io::bundle;
use crate::map::{LayerFeature, PolygonLayer};
use crate::model::indicators::IndicatorTable;
use crate::model::projects::TerritoryLocator;
use crate::model::reference::ReferenceTable;
use crate::model::search::SearchIndex;
use crate::model::{Dataset, Generation, LayerKind, Level};

use super::theme;

/// The bundle, ready to draw.
pub struct Loaded {
    pub dataset: Arc<Dataset>,
    /// Indicator values and ranks of the 2023-2027 territories, then of the 2018-2022 ones.
    pub tables: [IndicatorTable; 2],
    /// Built after the map is ready to draw (arrive with [`LoadMessage::Indexes`]).
    pub indexes: Option<Box<Indexes>>,
    pub layers: BTreeMap<LayerKind, PolygonLayer>,
    /// Bundle decoding only.
    pub load_time: Duration,
    /// Decoding plus tessellation of the first layer: the map can be drawn.
    pub ready_time: Duration,
}

/// What the app needs beyond drawing: the other mailles' indicators, comparison values, search.
pub struct Indexes {
    /// Indicator values of the EPCI and of the départements (the other mailles).
    pub epci_table: IndicatorTable,
    pub departement_table: IndicatorTable,
    /// Région and France values to compare a territory with.
    pub references: ReferenceTable,
    /// Names and codes of every unit, for the search field.
    pub search: SearchIndex,
    /// Point-in-polygon over the 2023-2027 territories (placing imported projects).
    pub locator: TerritoryLocator,
}

impl Indexes {
    pub fn build(dataset: &Dataset) -> Self {
        Indexes {
            epci_table: IndicatorTable::for_level(dataset, Level::Epci),
            departement_table: IndicatorTable::for_level(dataset, Level::Departement),
            references: ReferenceTable::build(dataset),
            search: SearchIndex::build(dataset),
            locator: TerritoryLocator::build(dataset),
        }
    }
}

impl Loaded {
    /// The indicator table of a maille (territories: 2023-2027); the other mailles once the
    /// indexes have arrived.
    pub fn table(&self, level: Level) -> Option<&IndicatorTable> {
        match level {
            Level::Territoire => self.tables.first(),
            Level::Epci => self.indexes.as_ref().map(|i| &i.epci_table),
            Level::Departement => self.indexes.as_ref().map(|i| &i.departement_table),
        }
    }
}

/// Labels of a layer's features, in feature order.
pub fn feature_labels(dataset: &Dataset, kind: LayerKind) -> Vec<String> {
    dataset.feature_names(kind)
}

/// Every level of detail of every feature of a layer, in lon/lat.
pub fn layer_features(dataset: &Dataset, kind: LayerKind) -> Vec<LayerFeature> {
    let lods = dataset.topology.lod_count();
    feature_labels(dataset, kind)
        .into_iter()
        .zip(dataset.features(kind))
        .map(|(label, f)| LayerFeature {
            label,
            lods: (0..lods)
                .map(|l| {
                    dataset
                        .topology
                        .multipolygon(f, u8::try_from(l).unwrap_or(u8::MAX))
                })
                .collect(),
        })
        .collect()
}

/// Builds one layer with the app's style for it.
pub fn build_layer(dataset: &Dataset, kind: LayerKind) -> PolygonLayer {
    let features = layer_features(dataset, kind);
    let n = features.len();
    let mut layer = PolygonLayer::build(
        features,
        &dataset.topology.tolerances_deg,
        theme::layer_style(kind),
    );
    layer.set_fill_colors(&theme::default_fills(kind, n));
    layer
}

/// What the loading thread sends, in this order: the dataset with the default layer (ready to
/// draw), the indexes, then each other layer as soon as it is tessellated.
pub enum LoadMessage {
    Ready(Box<Loaded>),
    Indexes(Box<Indexes>),
    Layer(LayerKind, Box<PolygonLayer>),
    Failed(String),
}

/// The layer drawn first: loading is "ready to draw" once it is built.
pub const FIRST_LAYER: LayerKind = LayerKind::Ti2023;

/// Loads the embedded bundle and builds the first layer: ready to draw.
pub fn load_ready() -> Result<Loaded, String> {
    let start = Instant::now();
    let (dataset, timings) = bundle::load_embedded().map_err(|e| e.to_string())?;
    let mut layers = BTreeMap::new();
    layers.insert(FIRST_LAYER, build_layer(&dataset, FIRST_LAYER));
    let tables = [
        IndicatorTable::territories(&dataset, Generation::Temps2),
        IndicatorTable::territories(&dataset, Generation::Temps1),
    ];
    Ok(Loaded {
        tables,
        indexes: None,
        dataset: Arc::new(dataset),
        layers,
        load_time: timings.total,
        ready_time: start.elapsed(),
    })
}

/// Starts loading on a named thread. The dataset comes first, the other layers follow.
pub fn spawn(ctx: egui::Context) -> Receiver<LoadMessage> {
    let (tx, rx) = sync_channel(LayerKind::ALL.len() + 2);
    let spawned = std::thread::Builder::new()
        .name("chargement-donnees".into())
        .spawn(move || {
            let loaded = match load_ready() {
                Ok(l) => l,
                Err(e) => {
                    let _ = tx.send(LoadMessage::Failed(e));
                    ctx.request_repaint();
                    return;
                }
            };
            let dataset = Arc::clone(&loaded.dataset);
            if tx.send(LoadMessage::Ready(Box::new(loaded))).is_err() {
                return;
            }
            ctx.request_repaint();
            let indexes = Indexes::build(&dataset);
            if tx.send(LoadMessage::Indexes(Box::new(indexes))).is_err() {
                return;
            }
            ctx.request_repaint();
            for kind in LayerKind::ALL.into_iter().filter(|&k| k != FIRST_LAYER) {
                let layer = build_layer(&dataset, kind);
                if tx.send(LoadMessage::Layer(kind, Box::new(layer))).is_err() {
                    return;
                }
                ctx.request_repaint();
            }
        });
    if let Err(e) = spawned {
        log::error!("thread de chargement impossible : {e}");
    }
    rx
}
