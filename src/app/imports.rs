//! Importing the user's files off the UI thread, remembering them in the settings, and applying
//! what they bring to the loaded data (sources, indicator table).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use serde::{Deserialize, Serialize};

use super::loader::Loaded;
use crate::format::today_fr;
use crate::io::import::{
    ImportKind, ImportReport, Imported, LAYER_SOURCE_PREFIX, absorb, import_file,
};
use crate::io::vector::VectorLayer;
use crate::map::{LayerFeature, PolygonLayer};
use crate::model::attribute_table::AttributeTable;
use crate::model::imports::{Imports, SOURCE_PLAN, SOURCE_PROJECTS};
use crate::model::indicators::IndicatorTable;
use crate::model::projects::TerritoryLocator;
use crate::model::{Dataset, Generation, Level};

/// A file the user imported, reloaded at the next start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedFile {
    pub path: PathBuf,
    pub kind: ImportKind,
    #[serde(default)]
    pub sheet: Option<String>,
}

/// A layer the user imported: drawn over the map, its attributes browsable.
pub struct UserLayer {
    pub name: String,
    pub polygons: PolygonLayer,
    /// Its polygons in lon/lat (for exports).
    pub shapes: Vec<geo::MultiPolygon<f64>>,
    pub attributes: AttributeTable,
}

/// The result of one import.
pub enum ImportOutcome {
    Done {
        file: ImportedFile,
        imported: Box<Imported>,
        report: Box<ImportReport>,
        /// For a vector layer: its polygons, tessellated on the import thread, and attributes.
        drawn: Option<Box<UserLayer>>,
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
    let spawned = super::jobs::spawn_job("import-fichier", &ctx, move || {
        let locator = TerritoryLocator::build(&dataset);
        match import_file(
            &file.path,
            file.sheet.as_deref(),
            file.kind,
            &dataset,
            &locator,
        ) {
            Ok((imported, report)) => {
                let drawn = match &imported {
                    Imported::Layer(layer, _) => Some(Box::new(UserLayer {
                        name: layer.name.clone(),
                        polygons: polygon_layer(layer),
                        shapes: layer.polygons(),
                        attributes: layer.attribute_table(),
                    })),
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
        }
    });
    match spawned {
        Ok(rx) => Some(rx),
        Err(e) => {
            log::error!("thread d'import impossible : {e}");
            None
        }
    }
}

/// The polygons of a user's layer, outlined over the map (labels from a name-like field).
pub fn polygon_layer(layer: &VectorLayer) -> PolygonLayer {
    let label_field = layer.fields.iter().position(|f| {
        let f = f.to_lowercase();
        f.starts_with("nom") || f.starts_with("name") || f.starts_with("lib")
    });
    let features: Vec<LayerFeature> = layer
        .features
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let mp = match &f.geometry {
                geo::Geometry::Polygon(p) => geo::MultiPolygon(vec![p.clone()]),
                geo::Geometry::MultiPolygon(mp) => mp.clone(),
                _ => return None,
            };
            let label = label_field
                .map(|c| layer.attributes.cell(i, c).to_owned())
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
    let dataset = Arc::make_mut(&mut loaded.dataset);
    let kind = absorb(imports, &mut dataset.tables.sources, imported, &today_fr());
    refresh_tables(loaded, imports);
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
        ImportKind::Table | ImportKind::Layer => {
            let from_layer = kind == ImportKind::Layer;
            let (removed, kept): (Vec<_>, Vec<_>) = imports
                .tables
                .drain(..)
                .partition(|t| t.source_id.starts_with(LAYER_SOURCE_PREFIX) == from_layer);
            imports.tables = kept;
            let ids: Vec<String> = removed.into_iter().map(|t| t.source_id).collect();
            Arc::make_mut(&mut loaded.dataset)
                .tables
                .sources
                .retain(|s| !ids.contains(&s.id));
            ""
        }
        ImportKind::Auto => return,
    };
    Arc::make_mut(&mut loaded.dataset)
        .tables
        .sources
        .retain(|s| s.id != id);
    refresh_tables(loaded, imports);
}

/// Recomputes every maille's indicator table with the imported series.
pub fn refresh_tables(loaded: &mut Loaded, imports: &Imports) {
    let table = IndicatorTable::territories_with(&loaded.dataset, Generation::Temps2, imports);
    if let Some(first) = loaded.tables.first_mut() {
        *first = table;
    }
    if let Some(indexes) = loaded.indexes.as_mut() {
        indexes.epci_table = IndicatorTable::for_level_with(&loaded.dataset, Level::Epci, imports);
        indexes.departement_table =
            IndicatorTable::for_level_with(&loaded.dataset, Level::Departement, imports);
    }
}
