//! Loads the bundle and tessellates the layers on a named background thread.

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, sync_channel};
use std::time::{Duration, Instant};

use crate::io::bundle;
use crate::map::{LayerFeature, PolygonLayer};
use crate::model::{Dataset, LayerKind};

use super::theme;

/// The bundle, ready to draw.
pub struct Loaded {
    pub dataset: Dataset,
    pub layers: BTreeMap<LayerKind, PolygonLayer>,
    /// Bundle decoding only.
    pub load_time: Duration,
    /// Decoding plus tessellation of every layer.
    pub ready_time: Duration,
}

/// Labels of a layer's features, in feature order.
pub fn feature_labels(dataset: &Dataset, kind: LayerKind) -> Vec<String> {
    let t = &dataset.tables;
    match kind {
        LayerKind::Ti2023 => dataset
            .territories(crate::model::Generation::Temps2)
            .map(|t| t.name.clone())
            .collect(),
        LayerKind::Ti2018 => dataset
            .territories(crate::model::Generation::Temps1)
            .map(|t| t.name.clone())
            .collect(),
        LayerKind::Epci => t.epci.iter().map(|e| e.name.clone()).collect(),
        LayerKind::Departements => t.departements.iter().map(|d| d.name.clone()).collect(),
        LayerKind::Regions => t.regions.iter().map(|r| r.name.clone()).collect(),
    }
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

/// Loads the embedded bundle and builds every layer.
pub fn load_ready() -> Result<Loaded, String> {
    let start = Instant::now();
    let (dataset, timings) = bundle::load_embedded().map_err(|e| e.to_string())?;
    let layers = LayerKind::ALL
        .into_iter()
        .map(|k| (k, build_layer(&dataset, k)))
        .collect();
    Ok(Loaded {
        dataset,
        layers,
        load_time: timings.total,
        ready_time: start.elapsed(),
    })
}

/// Starts loading on a named thread; the receiver gets exactly one message.
pub fn spawn(ctx: egui::Context) -> Receiver<Result<Loaded, String>> {
    let (tx, rx) = sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name("chargement-donnees".into())
        .spawn(move || {
            let result = load_ready();
            let _ = tx.send(result);
            ctx.request_repaint();
        });
    if let Err(e) = spawned {
        log::error!("thread de chargement impossible : {e}");
    }
    rx
}
