//! The scatter plot's tab in the app: its points computed once per choice of axes, maille
//! or tables (never in the frame), the map's selection turned into highlighted points, the
//! points picked in a box turned into units outlined on the map, a click on a point selecting
//! its unit, and the figure written on a background thread.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use super::command::Command;
use super::layout::DockTab;
use super::{AtlasApp, LoadState};
use crate::carto::LayerId;
use crate::carto::bivariate::{DEFAULT_X, DEFAULT_Y};
use crate::export::scatter_svg::{ScatterExport, scatter_bytes};
use crate::export::{Format, write_file};
use crate::format::today_fr;
use crate::model::indicators::scatter::{self, AxisReferences, Scatter};
use crate::model::{IndicatorId, Level, UnitRef};
use crate::ui::scatter_view::{ScatterAction, ScatterInput, ScatterViewState, scatter_ui};

/// What the points were computed from: both axes, the maille, the tables' version.
type PointsKey = (Option<IndicatorId>, Option<IndicatorId>, Level, u64);
/// What the highlighted points and the reference lines follow: the selection, the maille,
/// the tables' version.
type MembersKey = (Option<UnitRef>, Level, u64);

/// The tab's view state, its computed points and its export.
#[derive(Default)]
pub(super) struct ScatterPane {
    pub(super) view: ScatterViewState,
    key: Option<PointsKey>,
    scatter: Option<Arc<Scatter>>,
    error: Option<String>,
    members_key: Option<MembersKey>,
    /// The selected territory's units at the maille (or the selected unit), and its name.
    members: BTreeSet<usize>,
    members_label: Option<String>,
    references: [AxisReferences; 2],
    job: Option<Receiver<Result<PathBuf, String>>>,
    dialog: Option<Receiver<Option<PathBuf>>>,
    outcome: Option<Result<PathBuf, String>>,
}

impl AtlasApp {
    /// Recomputes what the tab shows when its axes, the maille, the tables or the selection
    /// changed; takes a finished export or dialog.
    pub(super) fn update_scatter(&mut self) {
        self.poll_scatter_jobs();
        // Open while its tab is in the dock (shown or behind another tab).
        self.scatter.view.open = self.settings.layout.is_open(DockTab::Scatter);
        if !self.scatter.view.open {
            return;
        }
        let LoadState::Ready(loaded, _) = &self.load else {
            return;
        };
        let level = self.settings.map.maille;
        let Some(table) = loaded.table(level) else {
            return;
        };
        let pane = &mut self.scatter;
        let usable: Vec<&IndicatorId> = table
            .indicators
            .iter()
            .filter(|i| i.unavailable.is_none())
            .map(|i| &i.id)
            .collect();
        let start = |wanted: &str, other: usize| {
            usable
                .iter()
                .find(|i| ***i == wanted)
                .or_else(|| usable.get(other))
                .map(|s| (*s).clone())
        };
        let w = &mut pane.view;
        if w.x.as_ref().is_none_or(|x| !usable.contains(&x)) {
            w.x = start(DEFAULT_X, 0);
        }
        if w.y.as_ref().is_none_or(|y| !usable.contains(&y)) {
            w.y = start(DEFAULT_Y, 1);
        }
        let version = self.map.thematic.version;
        let key = (w.x.clone(), w.y.clone(), level, version);
        let fresh = pane.key.as_ref() != Some(&key);
        if fresh {
            let outcome = match (&key.0, &key.1) {
                (Some(x), Some(y)) => scatter::compute(&loaded.dataset, table, x, y).map(Some),
                _ => Ok(None),
            };
            (pane.scatter, pane.error) = match outcome {
                Ok(s) => (s.map(Arc::new), None),
                Err(e) => (None, Some(e)),
            };
            pane.key = Some(key);
        }
        let selection = self.map.selection.as_ref().map(|s| s.unit.clone());
        let members_key = (selection, level, version);
        if !fresh && pane.members_key.as_ref() == Some(&members_key) {
            return;
        }
        let territory = self.selected_territory();
        let (members, label) = match (territory, &members_key.0) {
            (Some(t), _) => (
                scatter::territory_units(&loaded.dataset, level, t),
                Some(t.name.clone()),
            ),
            (None, Some(unit)) if unit.layer == level.layer() => {
                let index = self.map.selection.as_ref().map(|s| s.index);
                let name = index.and_then(|i| {
                    loaded
                        .scene
                        .layer(unit.layer)
                        .and_then(|l| l.features.get(i))
                        .map(|f| f.name.clone())
                });
                (index.into_iter().collect(), name)
            }
            _ => (BTreeSet::new(), None),
        };
        let region = territory.map(|t| t.region.as_str());
        let references = match (&self.scatter.scatter, &loaded.indexes) {
            (Some(s), Some(i)) => s.references(&i.references, &loaded.dataset, region),
            _ => Default::default(),
        };
        let pane = &mut self.scatter;
        pane.members = members;
        pane.members_label = label;
        pane.references = references;
        pane.members_key = Some(members_key);
    }

    /// The units picked in the plot, outlined on the map (while the tab is open).
    pub(super) fn scatter_highlight(&self) -> Arc<Vec<(LayerId, usize)>> {
        let level = self.settings.map.maille;
        let w = &self.scatter.view;
        let units = w.picked_at(level).filter(|_| w.open);
        Arc::new(
            units
                .into_iter()
                .flatten()
                .map(|&u| (LayerId::Bundle(level.layer()), u))
                .collect(),
        )
    }

    /// The tab's content in the bottom dock.
    pub(super) fn scatter_tab_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let level = self.settings.map.maille;
        let indicators: Vec<(IndicatorId, String)> = self
            .loaded()
            .and_then(|l| l.table(level))
            .map(|t| {
                t.indicators
                    .iter()
                    .filter(|i| i.unavailable.is_none())
                    .map(|i| (i.id.clone(), i.label.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let pane = &mut self.scatter;
        let input = ScatterInput {
            level,
            scatter: pane.scatter.as_deref(),
            error: pane.error.as_deref(),
            indicators: &indicators,
            members: &pane.members,
            members_label: pane.members_label.as_deref(),
            references: &pane.references,
            exporting: pane.job.is_some(),
            export_outcome: pane.outcome.as_ref(),
        };
        let action = scatter_ui(ui, &mut pane.view, &input);
        match action {
            ScatterAction::None => {}
            ScatterAction::Select(u) => {
                if let Some(unit) = self.unit_of(LayerId::Bundle(level.layer()), u) {
                    self.commands.push(Command::Reveal(unit));
                }
            }
            ScatterAction::Export => self.start_scatter_export(&ctx),
            ScatterAction::Browse => self.spawn_scatter_dialog(&ctx),
        }
    }

    /// The figure as the tab shows it.
    pub fn scatter_export(&self, width: f64, height: f64) -> Option<ScatterExport> {
        let pane = &self.scatter;
        let s = pane.scatter.clone()?;
        let level = self.settings.map.maille;
        Some(ScatterExport {
            width,
            height,
            title: format!("{} × {}", s.x.indicator.label, s.y.indicator.label),
            scatter: s,
            references: pane.references.clone(),
            members: pane.members.clone(),
            members_label: pane.members_label.clone(),
            picked: pane.view.picked_at(level).cloned().unwrap_or_default(),
            date: today_fr(),
        })
    }

    fn start_scatter_export(&mut self, ctx: &egui::Context) {
        let path = PathBuf::from(self.scatter.view.export_path.trim());
        let Some(format) = Format::from_path(&path, 150.0) else {
            self.scatter.outcome = Some(Err(format!(
                "{} : extension inconnue (.png, .svg ou .pdf)",
                path.display()
            )));
            return;
        };
        let (w, h) = match format {
            Format::Png { .. } => (1800.0, 1200.0),
            _ => (1200.0, 800.0),
        };
        let Some(figure) = self.scatter_export(w, h) else {
            self.scatter.outcome =
                Some(Err("rien à exporter : choisissez deux indicateurs".into()));
            return;
        };
        let job = super::jobs::spawn_job("export-nuage", ctx, move || {
            scatter_bytes(&figure, format)
                .and_then(|b| write_file(&path, &b))
                .map(|()| path)
                .map_err(|e| e.to_string())
        });
        match job {
            Ok(rx) => {
                self.scatter.job = Some(rx);
                self.scatter.outcome = None;
            }
            Err(e) => self.scatter.outcome = Some(Err(format!("export impossible : {e}"))),
        }
    }

    /// The system "save as" dialog on its own thread.
    fn spawn_scatter_dialog(&mut self, ctx: &egui::Context) {
        if self.scatter.dialog.is_some() {
            return;
        }
        let spawned = super::jobs::spawn_job("dialogue-nuage", ctx, || {
            rfd::FileDialog::new()
                .set_title("Exporter le nuage de points vers…")
                .set_file_name("nuage.png")
                .save_file()
        });
        match spawned {
            Ok(rx) => self.scatter.dialog = Some(rx),
            Err(e) => self.notices.push(format!(
                "Dialogue de fichier impossible : {e} ; saisissez le chemin."
            )),
        }
    }

    fn poll_scatter_jobs(&mut self) {
        let pane = &mut self.scatter;
        if let Some(rx) = &pane.job {
            match rx.try_recv() {
                Ok(outcome) => {
                    pane.outcome = Some(outcome);
                    pane.job = None;
                }
                Err(TryRecvError::Disconnected) => {
                    pane.outcome = Some(Err("l'export s'est interrompu".into()));
                    pane.job = None;
                }
                Err(TryRecvError::Empty) => {}
            }
        }
        if let Some(rx) = &pane.dialog {
            match rx.try_recv() {
                Ok(path) => {
                    if let Some(p) = path {
                        pane.view.export_path = p.display().to_string();
                    }
                    pane.dialog = None;
                }
                Err(TryRecvError::Disconnected) => pane.dialog = None,
                Err(TryRecvError::Empty) => {}
            }
        }
    }

    // ----- What tests read and drive -----

    /// The plot's points, when the tab has computed them.
    pub fn scatter(&self) -> Option<&Scatter> {
        self.scatter.scatter.as_deref()
    }

    /// The units highlighted in the plot because they are the map's selection.
    pub fn scatter_members(&self) -> &BTreeSet<usize> {
        &self.scatter.members
    }

    pub fn scatter_view(&self) -> &ScatterViewState {
        &self.scatter.view
    }

    pub fn scatter_view_mut(&mut self) -> &mut ScatterViewState {
        &mut self.scatter.view
    }

    /// Whether the figure is being written, and how the last export went.
    pub fn scatter_exporting(&self) -> bool {
        self.scatter.job.is_some()
    }

    pub fn scatter_export_outcome(&self) -> Option<&Result<PathBuf, String>> {
        self.scatter.outcome.as_ref()
    }

    /// Where a unit's point was drawn last frame.
    pub fn scatter_point_pos(&self, unit: usize) -> Option<egui::Pos2> {
        let p = self.scatter()?.points.iter().find(|p| p.unit == unit)?;
        self.scatter.view.screen_pos(p.x, p.y)
    }
}
