//! The scatter plot's tab in the app: its points computed once per choice of axes, maille
//! or tables (never in the frame), the map's selection turned into highlighted points, the
//! points picked in a box turned into units outlined on the map, a click on a point selecting
//! its unit, and the figure written on a background thread.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use super::super::command::Command;
use super::super::context::{Commands, PaneContext};
use super::super::layout::DockTab;
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
pub struct ScatterPane {
    pub view: ScatterViewState,
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

impl ScatterPane {
    /// Recomputes what the tab shows when its axes, the maille, the tables or the selection
    /// changed; takes a finished export or dialog.
    pub fn update(&mut self, cx: &PaneContext<'_>) {
        self.poll_jobs();
        // Open while its tab is in the dock (shown or behind another tab).
        self.view.open = cx.settings.layout.is_open(DockTab::Scatter);
        if !self.view.open {
            return;
        }
        let Some(loaded) = cx.loaded else {
            return;
        };
        let level = cx.settings.map.maille;
        let Some(table) = loaded.table(level) else {
            return;
        };
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
        let w = &mut self.view;
        if w.x.as_ref().is_none_or(|x| !usable.contains(&x)) {
            w.x = start(DEFAULT_X, 0);
        }
        if w.y.as_ref().is_none_or(|y| !usable.contains(&y)) {
            w.y = start(DEFAULT_Y, 1);
        }
        let version = cx.thematic.version;
        let key = (w.x.clone(), w.y.clone(), level, version);
        let fresh = self.key.as_ref() != Some(&key);
        if fresh {
            let outcome = match (&key.0, &key.1) {
                (Some(x), Some(y)) => scatter::compute(&loaded.dataset, table, x, y).map(Some),
                _ => Ok(None),
            };
            (self.scatter, self.error) = match outcome {
                Ok(s) => (s.map(Arc::new), None),
                Err(e) => (None, Some(e)),
            };
            self.key = Some(key);
        }
        let selection = cx.selection.map(|s| s.unit.clone());
        let members_key = (selection, level, version);
        if !fresh && self.members_key.as_ref() == Some(&members_key) {
            return;
        }
        let territory = cx.selected_territory();
        let (members, label) = match (territory, &members_key.0) {
            (Some(t), _) => (
                scatter::territory_units(&loaded.dataset, level, t),
                Some(t.name.clone()),
            ),
            (None, Some(unit)) if unit.layer == level.layer() => {
                let index = cx.selection.map(|s| s.index);
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
        let references = match (&self.scatter, &loaded.indexes) {
            (Some(s), Some(i)) => s.references(&i.references, &loaded.dataset, region),
            _ => Default::default(),
        };
        self.members = members;
        self.members_label = label;
        self.references = references;
        self.members_key = Some(members_key);
    }

    /// The units picked in the plot, outlined on the map (while the tab is open).
    pub fn highlight(&self, level: Level) -> Arc<Vec<(LayerId, usize)>> {
        let w = &self.view;
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
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &PaneContext<'_>, commands: &mut Commands) {
        let ctx = ui.ctx().clone();
        let level = cx.settings.map.maille;
        let indicators: Vec<(IndicatorId, String)> = cx
            .loaded
            .and_then(|l| l.table(level))
            .map(|t| {
                t.indicators
                    .iter()
                    .filter(|i| i.unavailable.is_none())
                    .map(|i| (i.id.clone(), i.label.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let input = ScatterInput {
            level,
            scatter: self.scatter.as_deref(),
            error: self.error.as_deref(),
            indicators: &indicators,
            members: &self.members,
            members_label: self.members_label.as_deref(),
            references: &self.references,
            exporting: self.job.is_some(),
            export_outcome: self.outcome.as_ref(),
        };
        let action = scatter_ui(ui, &mut self.view, &input);
        match action {
            ScatterAction::None => {}
            ScatterAction::Select(u) => {
                if let Some(unit) = cx.unit_of(LayerId::Bundle(level.layer()), u) {
                    commands.push(Command::Reveal(unit));
                }
            }
            ScatterAction::Export => self.start_export(level, &ctx),
            ScatterAction::Browse => self.spawn_dialog(&ctx, commands),
        }
    }

    /// The figure as the tab shows it (at the maille `level`).
    pub fn export(&self, level: Level, width: f64, height: f64) -> Option<ScatterExport> {
        let s = self.scatter.clone()?;
        Some(ScatterExport {
            width,
            height,
            title: format!("{} × {}", s.x.indicator.label, s.y.indicator.label),
            scatter: s,
            references: self.references.clone(),
            members: self.members.clone(),
            members_label: self.members_label.clone(),
            picked: self.view.picked_at(level).cloned().unwrap_or_default(),
            date: today_fr(),
        })
    }

    fn start_export(&mut self, level: Level, ctx: &egui::Context) {
        let path = PathBuf::from(self.view.export_path.trim());
        let Some(format) = Format::from_path(&path, 150.0) else {
            self.outcome = Some(Err(format!(
                "{} : extension inconnue (.png, .svg ou .pdf)",
                path.display()
            )));
            return;
        };
        let (w, h) = match format {
            Format::Png { .. } => (1800.0, 1200.0),
            _ => (1200.0, 800.0),
        };
        let Some(figure) = self.export(level, w, h) else {
            self.outcome = Some(Err("rien à exporter : choisissez deux indicateurs".into()));
            return;
        };
        let job = super::super::jobs::spawn_job("export-nuage", ctx, move || {
            scatter_bytes(&figure, format)
                .and_then(|b| write_file(&path, &b))
                .map(|()| path)
                .map_err(|e| e.to_string())
        });
        match job {
            Ok(rx) => {
                self.job = Some(rx);
                self.outcome = None;
            }
            Err(e) => self.outcome = Some(Err(format!("export impossible : {e}"))),
        }
    }

    /// The system "save as" dialog on its own thread.
    fn spawn_dialog(&mut self, ctx: &egui::Context, commands: &mut Commands) {
        if self.dialog.is_some() {
            return;
        }
        let spawned = super::super::jobs::spawn_job("dialogue-nuage", ctx, || {
            rfd::FileDialog::new()
                .set_title("Exporter le nuage de points vers…")
                .set_file_name("nuage.png")
                .save_file()
        });
        match spawned {
            Ok(rx) => self.dialog = Some(rx),
            Err(e) => commands.push(Command::Notice(format!(
                "Dialogue de fichier impossible : {e} ; saisissez le chemin."
            ))),
        }
    }

    fn poll_jobs(&mut self) {
        if let Some(rx) = &self.job {
            match rx.try_recv() {
                Ok(outcome) => {
                    self.outcome = Some(outcome);
                    self.job = None;
                }
                Err(TryRecvError::Disconnected) => {
                    self.outcome = Some(Err("l'export s'est interrompu".into()));
                    self.job = None;
                }
                Err(TryRecvError::Empty) => {}
            }
        }
        if let Some(rx) = &self.dialog {
            match rx.try_recv() {
                Ok(path) => {
                    if let Some(p) = path {
                        self.view.export_path = p.display().to_string();
                    }
                    self.dialog = None;
                }
                Err(TryRecvError::Disconnected) => self.dialog = None,
                Err(TryRecvError::Empty) => {}
            }
        }
    }

    /// The plot's points, when the tab has computed them.
    pub fn scatter(&self) -> Option<&Scatter> {
        self.scatter.as_deref()
    }

    /// The units highlighted in the plot because they are the map's selection.
    pub fn members(&self) -> &BTreeSet<usize> {
        &self.members
    }

    /// Whether the figure is being written, and how the last export went.
    pub fn exporting(&self) -> bool {
        self.job.is_some()
    }

    pub fn export_outcome(&self) -> Option<&Result<PathBuf, String>> {
        self.outcome.as_ref()
    }

    /// Where a unit's point was drawn last frame.
    pub fn point_pos(&self, unit: usize) -> Option<egui::Pos2> {
        let p = self.scatter()?.points.iter().find(|p| p.unit == unit)?;
        self.view.screen_pos(p.x, p.y)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{World, loaded};
    use super::*;

    #[test]
    fn the_open_tab_plots_the_default_axes_and_highlights_the_selected_territory() {
        let mut world = World::default();
        world.settings.map.maille = Level::Epci;
        let t = world.select_a_territory();
        let mut pane = ScatterPane::default();
        // Closed, it computes nothing.
        pane.update(&world.cx());
        assert!(pane.scatter().is_none());
        world.settings.layout.open(DockTab::Scatter);
        pane.update(&world.cx());
        assert_eq!(
            pane.view.x.as_ref().map(IndicatorId::as_str),
            Some(DEFAULT_X)
        );
        assert_eq!(
            pane.view.y.as_ref().map(IndicatorId::as_str),
            Some(DEFAULT_Y)
        );
        let s = pane.scatter().expect("points");
        assert!(!s.points.is_empty());
        let members = scatter::territory_units(&loaded().dataset, Level::Epci, t);
        assert!(!members.is_empty());
        assert_eq!(pane.members(), &members);
        let figure = pane.export(Level::Epci, 1200.0, 800.0).expect("a figure");
        assert_eq!(
            figure.title,
            format!("{} × {}", s.x.indicator.label, s.y.indicator.label)
        );
        assert_eq!(figure.members_label.as_deref(), Some(t.name.as_str()));
    }

    #[test]
    fn picked_points_are_outlined_at_their_maille_only_while_the_tab_is_open() {
        let mut pane = ScatterPane::default();
        pane.view.picked = [3, 5].into_iter().collect();
        pane.view.picked_level = Some(Level::Epci);
        assert!(pane.highlight(Level::Epci).is_empty(), "closed tab");
        pane.view.open = true;
        assert_eq!(
            *pane.highlight(Level::Epci),
            vec![
                (LayerId::Bundle(Level::Epci.layer()), 3),
                (LayerId::Bundle(Level::Epci.layer()), 5)
            ]
        );
        assert!(pane.highlight(Level::Departement).is_empty());
    }

    #[test]
    fn an_export_to_an_unknown_extension_says_so_without_a_thread() {
        let mut pane = ScatterPane::default();
        pane.view.export_path = "/tmp/nuage.docx".into();
        pane.start_export(Level::Epci, &egui::Context::default());
        assert!(!pane.exporting());
        let outcome = pane.export_outcome().expect("an outcome");
        assert!(
            outcome
                .as_ref()
                .is_err_and(|e| e.contains("extension inconnue"))
        );
    }
}
