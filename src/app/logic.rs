//! The app's logic, run before each frame and never drawing: the background work polled in one
//! place (loading, imports, exports, file dialogs), then what follows from the settings (the
//! thematic map, the Temps I / Temps II colours, the table of values), and after the frame the
//! map fitted to a pending box and the settings saved.

use std::sync::mpsc::TryRecvError;

use walkers::lon_lat;

use super::imports::{self, ImportOutcome, ImportedFile};
use super::loader::LoadMessage;
use super::settings_store;
use super::{AtlasApp, LoadState, OFFLINE_MAX_ZOOM, TableRows};
use crate::carto::{Choropleth, LayerId, MapSpec, Symbols};
use crate::io::import::ImportKind;
use crate::model::indicators::value_table::value_rows;
use crate::model::{IndicatorId, LayerKind};

impl AtlasApp {
    pub(super) fn run_logic(&mut self, ctx: &egui::Context) {
        self.poll_loading();
        self.restore_imports(ctx);
        self.poll_imports();
        self.poll_file_choosing(ctx);
        self.poll_exports();
        self.update_thematic();
        self.update_symbols();
        self.update_bivariate();
        self.update_scatter();
        self.sync_status_colours();
        if !self.map.basemap.is_online() && self.map.memory.zoom() > OFFLINE_MAX_ZOOM {
            let _ = self.map.memory.set_zoom(OFFLINE_MAX_ZOOM);
        }
        let center = self
            .map
            .memory
            .detached()
            .unwrap_or(lon_lat(super::FRANCE_CENTER.0, super::FRANCE_CENTER.1));
        self.map.osm_unreachable =
            self.map
                .basemap
                .online_unreachable(center, self.map.memory.zoom(), ctx);
        self.presentation_keys(ctx);
    }

    /// After the frame: the text size the keys asked for, the settings saved. (A pending fit
    /// waits for the next frame's map area: the panels a selection opens are laid out then.)
    pub(super) fn after_frame(&mut self, ctx: &egui::Context) {
        if self.map.pending_fit.is_some() {
            ctx.request_repaint();
        }
        if self.settings != self.last_saved {
            if let Some(saver) = &self.saver {
                saver.save(&self.settings);
            }
            self.last_saved = self.settings.clone();
        }
        if let Some(e) = self.saver.as_ref().and_then(|s| s.take_error()) {
            self.notices.push(format!("Réglages non enregistrés : {e}"));
        }
    }

    /// Takes what the loading thread has sent (a bounded number of messages per frame).
    fn poll_loading(&mut self) {
        for _ in 0..LayerKind::ALL.len() + 1 {
            let state = std::mem::replace(&mut self.load, LoadState::Failed(String::new()));
            let (next, progressed) = match state {
                LoadState::Loading(rx) => match rx.try_recv() {
                    Ok(LoadMessage::Ready(loaded)) => {
                        log::info!(
                            "lot chargé en {:.0} ms, prêt à dessiner en {:.0} ms",
                            loaded.load_time.as_secs_f64() * 1e3,
                            loaded.ready_time.as_secs_f64() * 1e3
                        );
                        (LoadState::Ready(loaded, Some(rx)), true)
                    }
                    Ok(LoadMessage::Failed(e)) => (LoadState::Failed(e), false),
                    Ok(LoadMessage::Layer(..) | LoadMessage::Indexes(_))
                    | Err(TryRecvError::Empty) => (LoadState::Loading(rx), false),
                    Err(TryRecvError::Disconnected) => (
                        LoadState::Failed("le chargement s'est interrompu".into()),
                        false,
                    ),
                },
                LoadState::Ready(mut loaded, Some(rx)) => match rx.try_recv() {
                    Ok(LoadMessage::Indexes(indexes)) => {
                        loaded.indexes = Some(indexes);
                        if !self.user.imports.tables.is_empty() {
                            imports::refresh_tables(&mut loaded, &self.user.imports);
                        }
                        // Tables of the other mailles are there: recompute what needs them.
                        self.map.thematic.applied = None;
                        (LoadState::Ready(loaded, Some(rx)), true)
                    }
                    Ok(LoadMessage::Layer(kind, layer)) => {
                        loaded.add_layer(kind, *layer);
                        (LoadState::Ready(loaded, Some(rx)), true)
                    }
                    Err(TryRecvError::Empty) => (LoadState::Ready(loaded, Some(rx)), false),
                    Ok(_) | Err(TryRecvError::Disconnected) => {
                        (LoadState::Ready(loaded, None), false)
                    }
                },
                other => (other, false),
            };
            self.load = next;
            if !progressed {
                break;
            }
        }
        // A selection made before its layer arrived (a restored view) finds its index now.
        if let Some(s) = &self.map.selection
            && self.loaded().is_some()
        {
            let unit = s.unit.clone();
            if self
                .loaded()
                .and_then(|l| l.scene.layer(unit.layer))
                .is_none_or(|l| l.features.get(s.index).is_none_or(|f| f.code != unit.code))
            {
                self.set_selection(Some(unit));
            }
        }
    }

    /// Recomputes the thematic map when the settings changed (vertex colours only on screen,
    /// never a re-tessellation). Waits for the maille's table and layer.
    fn update_thematic(&mut self) {
        let spec = self.settings.map.choropleth_spec(None);
        let simulation = self.map.simulation;
        let thematic = &self.map.thematic;
        let shown_simulation = thematic.shown.as_ref().and_then(|c| c.legend.simulation);
        if thematic.applied.as_ref() == Some(&spec) {
            if shown_simulation != simulation {
                self.map.thematic.shown = match (&self.map.thematic.plain, simulation) {
                    (Some(c), Some(d)) => Some(c.simulated(d)),
                    (plain, None) => plain.clone(),
                    (None, _) => None,
                };
            }
            if self.windows.table_rows.level != Some(self.settings.map.maille) {
                self.rebuild_table_rows();
            }
            return;
        }
        let LoadState::Ready(loaded, _) = &self.load else {
            return;
        };
        let target = spec.as_ref().ok().and_then(Option::as_ref);
        let outcome = match target {
            Some(s) => match loaded.on_table(s.level, |d, t| Choropleth::compute(d, t, s)) {
                Some(outcome) => Some(outcome),
                None => return,
            },
            None => None,
        };
        let t = &mut self.map.thematic;
        t.error = None;
        t.plain = None;
        match outcome {
            Some(Ok(c)) => t.plain = Some(c),
            Some(Err(e)) => t.error = Some(e),
            None => {}
        }
        if let Err(e) = &spec {
            t.error = Some(e.clone());
        }
        t.shown = match (&t.plain, simulation) {
            (Some(c), Some(d)) => Some(c.simulated(d)),
            (plain, _) => plain.clone(),
        };
        t.guidance = target.and_then(|s| {
            super::guidance::share_guidance(loaded.table(s.level)?, Some(&s.indicator))
        });
        t.applied = Some(spec);
        t.version += 1;
        self.rebuild_table_rows();
    }

    /// Recomputes the proportional symbols when their settings, the maille or the tables
    /// changed (the thematic version follows the tables).
    fn update_symbols(&mut self) {
        let map = &self.settings.map;
        let key = (
            map.symbols.clone(),
            map.maille,
            self.map.thematic.version,
            map.natures.clone(),
        );
        if self.map.symbols_key.as_ref() == Some(&key) {
            return;
        }
        let LoadState::Ready(loaded, _) = &self.load else {
            return;
        };
        if map.symbols.indicator.is_some() && loaded.table(map.maille).is_none() {
            return;
        }
        let outcome = match loaded.table(map.maille) {
            Some(table) => Symbols::compute(&loaded.dataset, table, &map.symbols, &map.natures),
            None => Ok(None),
        };
        (self.map.symbols, self.map.symbols_error) = match outcome {
            Ok(s) => (s, None),
            Err(e) => (None, Some(e)),
        };
        self.map.symbols_key = Some(key);
    }

    /// The table view's rows: the maille's units with the map's indicator (population when the
    /// map has none), classes from the legend; on a bivariate map, its two indicators.
    pub(super) fn rebuild_table_rows(&mut self) {
        let LoadState::Ready(loaded, _) = &self.load else {
            return;
        };
        let level = self.settings.map.maille;
        let Some(table) = loaded.table(level) else {
            return;
        };
        let bivariate = &self.settings.map.bivariate;
        if self.map.bivariate.plain.is_some()
            && let (Some(x), Some(y)) = (
                bivariate.x.as_ref().and_then(|x| table.position(x)),
                bivariate.y.as_ref().and_then(|y| table.position(y)),
            )
            && let (Some(first), Some(second)) = (table.indicators.get(x), table.indicators.get(y))
        {
            self.windows.table_rows = TableRows {
                generation: self.windows.table_rows.generation + 1,
                level: Some(level),
                title: first.label.clone(),
                unit: first.unit.clone(),
                second: Some((second.label.clone(), second.unit.clone())),
                rows: crate::model::indicators::value_table::value_rows_pair(
                    &loaded.dataset,
                    table,
                    x,
                    y,
                ),
            };
            return;
        }
        let legend = self.map.thematic.plain.as_ref().map(|c| &c.legend);
        let population = IndicatorId::new("population");
        let wanted = legend
            .and(self.settings.map.indicator.as_ref())
            .unwrap_or(&population);
        let Some(i) = table
            .position(wanted)
            .or_else(|| table.position(&population))
        else {
            return;
        };
        let Some(ind) = table.indicators.get(i) else {
            return;
        };
        let classification = legend.map(|l| &l.classification);
        self.windows.table_rows = TableRows {
            generation: self.windows.table_rows.generation + 1,
            level: Some(level),
            title: ind.label.clone(),
            unit: ind.unit.clone(),
            second: None,
            rows: value_rows(&loaded.dataset, table, i, classification),
        };
    }

    /// The map to draw this frame: the settings' map, its choropleth as shown, the Temps I /
    /// Temps II colours, the user's layers and points, the selection.
    pub(super) fn map_spec(&self) -> MapSpec {
        let mut spec = MapSpec::from_settings(&self.settings.map, self.map.thematic.shown.clone())
            .with_symbols(self.map.symbols.clone())
            .with_bivariate(self.map.bivariate.shown.clone());
        spec.highlighted = self.scatter_highlight();
        if let Some(colours) = &self.map.status_colours {
            spec.choropleth = None;
            spec.bivariate = None;
            spec.layer_colours = colours.clone();
        }
        spec.basemap = self.map.basemap.kind();
        if let Some(indexes) = self.loaded().and_then(|l| l.indexes.as_ref()) {
            spec.basemap_names = std::sync::Arc::clone(&indexes.basemap_names);
        }
        // Presenting: names and outlines read from the back of a room (names ≥ 18 px).
        if self.presentation.on {
            spec.scale = if self.settings.presentation_high_contrast {
                1.8
            } else {
                1.6
            };
        }
        spec.user_layers = self.user.layers.iter().map(|l| l.spec.clone()).collect();
        if self.settings.map.show_projects {
            spec.points = std::sync::Arc::clone(&self.user.points);
        }
        spec.selected = self
            .map
            .selection
            .as_ref()
            .map(|s| (LayerId::Bundle(s.unit.layer), s.index));
        spec
    }

    /// Visible layers, topmost first: the order clicks are resolved in. The coloured maille
    /// comes first: on an EPCI map, a click picks the EPCI.
    pub(super) fn pick_order(&self) -> Vec<LayerId> {
        let mut kinds: Vec<LayerKind> = LayerKind::ALL
            .into_iter()
            .filter(|&k| self.settings.map.visible(k))
            .collect();
        if self.map.thematic.shown.is_some() || self.map.bivariate.shown.is_some() {
            let coloured = self.settings.map.maille.layer();
            if let Some(p) = kinds.iter().position(|&k| k == coloured) {
                kinds.remove(p);
                kinds.insert(0, coloured);
            }
        }
        kinds.into_iter().map(LayerId::Bundle).collect()
    }

    /// Reloads the remembered files once the data is there, on a small pool of threads; those
    /// missing stay remembered, marked absent, with one notice for all.
    fn restore_imports(&mut self, ctx: &egui::Context) {
        if self.user.restored {
            return;
        }
        let LoadState::Ready(loaded, _) = &self.load else {
            return;
        };
        self.user.restored = true;
        let restore = imports::plan_restore(&self.settings.imported_files);
        self.notices.extend(restore.notice);
        self.user.absent = restore.absent;
        let marker = self
            .saver
            .as_ref()
            .map(settings_store::SettingsSaver::import_marker);
        if let Some(rx) = imports::spawn_restore(
            restore.present,
            std::sync::Arc::clone(&loaded.dataset),
            marker,
            ctx.clone(),
        ) {
            self.jobs.imports.push((true, rx));
            self.windows.import.busy = true;
        }
    }

    /// Starts reading a file; `restoring`: a file remembered from the last session.
    pub fn start_import(&mut self, file: ImportedFile, restoring: bool, ctx: &egui::Context) {
        let LoadState::Ready(loaded, _) = &self.load else {
            return;
        };
        let marker = self
            .saver
            .as_ref()
            .map(settings_store::SettingsSaver::import_marker);
        if let Some(rx) = imports::spawn_import(
            file,
            std::sync::Arc::clone(&loaded.dataset),
            marker,
            ctx.clone(),
        ) {
            self.jobs.imports.push((restoring, rx));
            self.windows.import.busy = true;
        }
    }

    /// Takes finished imports.
    fn poll_imports(&mut self) {
        let mut outcomes = Vec::new();
        self.jobs.imports.retain(|(restoring, rx)| {
            // A restore sends one outcome per remembered file on one receiver.
            loop {
                match rx.try_recv() {
                    Ok(o) => outcomes.push((*restoring, o)),
                    Err(TryRecvError::Empty) => return true,
                    Err(TryRecvError::Disconnected) => return false,
                }
            }
        });
        self.windows.import.busy = !self.jobs.imports.is_empty();
        for (restoring, outcome) in outcomes {
            match outcome {
                ImportOutcome::Done {
                    file,
                    imported,
                    report,
                    drawn,
                } => {
                    let LoadState::Ready(loaded, _) = &mut self.load else {
                        continue;
                    };
                    if let Some(layer) = drawn {
                        let layer = *layer;
                        if let Some(i) = self
                            .user
                            .layers
                            .iter()
                            .position(|l| l.spec.name == layer.data.spec.name)
                        {
                            self.user.layers.remove(i);
                            if i < loaded.meshes.user.len() {
                                loaded.meshes.user.remove(i);
                            }
                        }
                        let (data, meshes) = layer.into_parts();
                        self.user.layers.push(data);
                        loaded.meshes.user.push(meshes);
                    }
                    self.user.absent.retain(|p| *p != file.path);
                    let kind = imports::apply(loaded, &mut self.user.imports, *imported);
                    let remembered = ImportedFile { kind, ..file };
                    self.settings.imported_files.retain(|f| {
                        f.path != remembered.path
                            && (f.kind != kind
                                || matches!(kind, ImportKind::Table | ImportKind::Layer))
                    });
                    self.settings.imported_files.push(remembered);
                    if restoring && (!report.rejected.is_empty() || !report.warnings.is_empty()) {
                        self.notices.push(format!(
                            "{} rechargé : {} ligne(s) rejetée(s), {} avertissement(s) (Fichier > Importer… pour le détail).",
                            report.file,
                            report.rejected.len(),
                            report.warnings.len()
                        ));
                    }
                    self.windows.import.error = None;
                    if !restoring {
                        self.windows.import.path.clear();
                        self.windows.import.sheet.clear();
                    }
                    self.windows.import.report = Some(*report);
                    self.map.thematic.applied = None;
                    self.refresh_project_points();
                }
                ImportOutcome::Failed { file, error } => {
                    if restoring && !file.path.exists() {
                        // Gone since the start (a USB stick unplugged): stays remembered.
                        self.notices
                            .push(imports::missing_notice(std::slice::from_ref(&file.path)));
                        self.user.absent.push(file.path);
                    } else if restoring {
                        // Not read again at every start: the user re-imports it once fixed.
                        self.settings.imported_files.retain(|f| f.path != file.path);
                        self.notices.push(format!(
                            "Fichier importé non rechargé (retiré des fichiers rechargés au \
                             démarrage) : {error}"
                        ));
                    } else {
                        self.windows.import.error = Some(error);
                        self.windows.import.report = None;
                    }
                }
            }
        }
    }

    pub(super) fn refresh_project_points(&mut self) {
        self.user.points = std::sync::Arc::new(
            self.user
                .imports
                .projects
                .as_ref()
                .map(|l| l.projects.iter().filter_map(|p| p.lon_lat).collect())
                .unwrap_or_default(),
        );
    }

    /// Takes a finished export.
    fn poll_exports(&mut self) {
        let Some(rx) = &self.jobs.export else {
            return;
        };
        let outcome = match rx.try_recv() {
            Ok(outcome) => outcome,
            Err(TryRecvError::Disconnected) => Err("l'export s'est interrompu".into()),
            Err(TryRecvError::Empty) => return,
        };
        self.windows.export.outcome = Some(outcome);
        self.windows.export.busy = false;
        self.jobs.export = None;
    }
}
