//! Importing the user's files off the UI thread, remembering them in the settings, and applying
//! what they bring to the loaded data (sources, indicator table).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, sync_channel};

use serde::{Deserialize, Serialize};

use super::loader::Loaded;
use crate::format::today_fr;
use crate::io::import::{ImportKind, ImportReport, Imported, import_file};
use crate::io::vector::VectorLayer;
use crate::map::{LayerFeature, PolygonLayer};
use crate::model::imports::{Imports, SOURCE_PLAN, SOURCE_PROJECTS};
use crate::model::indicators::IndicatorTable;
use crate::model::projects::TerritoryLocator;
use crate::model::{Dataset, Generation, SourceInfo};

/// A file the user imported, reloaded at the next start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedFile {
    pub path: PathBuf,
    pub kind: ImportKind,
    #[serde(default)]
    pub sheet: Option<String>,
}

/// The result of one import.
pub enum ImportOutcome {
    Done {
        file: ImportedFile,
        imported: Box<Imported>,
        report: Box<ImportReport>,
        /// For a vector layer: its polygons, tessellated on the import thread.
        drawn: Option<Box<PolygonLayer>>,
    },
    Failed {
        file: ImportedFile,
        error: String,
    },
}

/// Reads a file on a named thread; the outcome arrives on the receiver.
pub fn spawn_import(
    file: ImportedFile,
    dataset: Arc<Dataset>,
    ctx: egui::Context,
) -> Option<Receiver<ImportOutcome>> {
    let (tx, rx) = sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name("import-fichier".into())
        .spawn(move || {
            let locator = TerritoryLocator::build(&dataset);
            let outcome = match import_file(
                &file.path,
                file.sheet.as_deref(),
                file.kind,
                &dataset,
                &locator,
            ) {
                Ok((imported, report)) => {
                    let drawn = match &imported {
                        Imported::Layer(layer) => Some(Box::new(polygon_layer(layer))),
                        _ => None,
                    };
                    ImportOutcome::Done {
                        file,
                        imported: Box::new(imported),
                        report: Box::new(report),
                        drawn,
                    }
                }
                Err(e) => ImportOutcome::Failed {
                    file,
                    error: e.to_string(),
                },
            };
            let _ = tx.send(outcome);
            ctx.request_repaint();
        });
    match spawned {
        Ok(_) => Some(rx),
        Err(e) => {
            log::error!("thread d'import impossible : {e}");
            None
        }
    }
}

/// The polygons of a user's layer, outlined over the map (labels from a name-like field).
pub fn polygon_layer(layer: &VectorLayer) -> PolygonLayer {
    let label_field = layer
        .fields
        .iter()
        .find(|f| {
            let f = f.to_lowercase();
            f.starts_with("nom") || f.starts_with("name") || f.starts_with("lib")
        })
        .cloned();
    let features: Vec<LayerFeature> = layer
        .features
        .iter()
        .filter_map(|f| {
            let mp = match &f.geometry {
                geo::Geometry::Polygon(p) => geo::MultiPolygon(vec![p.clone()]),
                geo::Geometry::MultiPolygon(mp) => mp.clone(),
                _ => return None,
            };
            let label = label_field
                .as_ref()
                .and_then(|l| f.attributes.iter().find(|(k, _)| k == l))
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            Some(LayerFeature {
                label,
                lods: vec![mp],
            })
        })
        .collect();
    PolygonLayer::build(features, &[0.0], super::theme::user_layer_style())
}

/// Puts what a file brought into the imports and the loaded data: its source (with the import
/// date) and the 2023-2027 indicator table recomputed. Returns the kind actually imported.
pub fn apply(loaded: &mut Loaded, imports: &mut Imports, imported: Imported) -> ImportKind {
    let (kind, source) = match imported {
        // Drawn by the app (see `polygon_layer`); no figure, no source for the indicators.
        Imported::Layer(_) => return ImportKind::Layer,
        Imported::Table(table) => {
            let source = SourceInfo {
                id: table.source_id.clone(),
                label: format!("Tableau importé : {}", table.source_name),
                licence: "fichier de l'utilisateur".into(),
                vintage: format!("importé le {}", today_fr()),
            };
            imports.tables.retain(|t| t.source_id != table.source_id);
            imports.tables.push(table);
            (ImportKind::Table, source)
        }
        Imported::Plan(plan) => {
            let source = SourceInfo {
                id: SOURCE_PLAN.into(),
                label: format!("Plan d'actions importé : {}", plan.source_name),
                licence: "fichier de l'utilisateur".into(),
                vintage: format!("importé le {}", today_fr()),
            };
            imports.plan = Some(plan);
            (ImportKind::Plan, source)
        }
        Imported::Projects(list) => {
            let source = SourceInfo {
                id: SOURCE_PROJECTS.into(),
                label: format!("Projets financés importés : {}", list.source_name),
                licence: "fichier de l'utilisateur (DGE, Licence Ouverte)".into(),
                vintage: format!("importé le {}", today_fr()),
            };
            imports.projects = Some(list);
            (ImportKind::Projects, source)
        }
    };
    let dataset = Arc::make_mut(&mut loaded.dataset);
    dataset.tables.sources.retain(|s| s.id != source.id);
    dataset.tables.sources.push(source);
    let table = IndicatorTable::territories_with(&loaded.dataset, Generation::Temps2, imports);
    if let Some(first) = loaded.tables.first_mut() {
        *first = table;
    }
    kind
}

/// Forgets an import (the file stays where it is).
pub fn remove(loaded: &mut Loaded, imports: &mut Imports, kind: ImportKind) {
    let id = match kind {
        ImportKind::Plan => {
            imports.plan = None;
            SOURCE_PLAN
        }
        ImportKind::Projects => {
            imports.projects = None;
            SOURCE_PROJECTS
        }
        ImportKind::Table => {
            let ids: Vec<String> = imports.tables.drain(..).map(|t| t.source_id).collect();
            Arc::make_mut(&mut loaded.dataset)
                .tables
                .sources
                .retain(|s| !ids.contains(&s.id));
            ""
        }
        ImportKind::Auto | ImportKind::Layer => return,
    };
    Arc::make_mut(&mut loaded.dataset)
        .tables
        .sources
        .retain(|s| s.id != id);
    let table = IndicatorTable::territories_with(&loaded.dataset, Generation::Temps2, imports);
    if let Some(first) = loaded.tables.first_mut() {
        *first = table;
    }
}
