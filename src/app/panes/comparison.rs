//! Temps I vs Temps II, a pane: the comparison tab of the bottom dock, the map coloured by
//! status (both generations filled), and the two synchronised maps side by side (see
//! `map_view`).

use std::sync::Arc;

use super::super::command::Command;
use super::super::context::{Commands, PaneContext};
use super::super::layout::DockTab;
use crate::carto::{LayerColours, Rgba};
use crate::model::geography::generations::{Continuity, GenerationComparison, compare};
use crate::model::{Generation, LayerKind, UnitRef};
use crate::ui::comparison_window::{
    ComparisonCommand, ComparisonWindowState, colour_of, comparison_window_ui,
};

/// The tab's state and the comparison, computed once, when first opened (~10 ms).
#[derive(Default)]
pub struct ComparisonPane {
    pub window: ComparisonWindowState,
    comparison: Option<GenerationComparison>,
}

impl ComparisonPane {
    /// The comparison, once computed.
    pub fn comparison(&self) -> Option<&GenerationComparison> {
        self.comparison.as_ref()
    }

    /// Whether the two maps are shown side by side.
    pub fn side_by_side(&self) -> bool {
        self.window.side_by_side
    }

    /// Whether the map shows the statuses (coloured or side by side) rather than the theme.
    pub fn shows_statuses(&self) -> bool {
        self.window.colour_map || self.window.side_by_side
    }

    /// The tab closed: the map goes back to the theme.
    pub fn close(&mut self) {
        self.window.colour_map = false;
        self.window.side_by_side = false;
    }

    /// The comparison tab.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &PaneContext<'_>, commands: &mut Commands) {
        if self.comparison.is_none()
            && let Some(loaded) = cx.loaded
        {
            self.comparison = Some(compare(&loaded.dataset));
        }
        let Some(comparison) = &self.comparison else {
            return;
        };
        let command = comparison_window_ui(ui, &mut self.window, comparison);
        match command {
            ComparisonCommand::None => {}
            ComparisonCommand::ExportCsv => commands.push(Command::OpenExport(
                crate::ui::export_window::ExportWhat::Comparison,
            )),
            ComparisonCommand::Show(generation, id) => {
                commands.push(Command::Open(UnitRef::territory_of(generation, &id)));
            }
        }
    }

    /// Whether both generations are to be coloured by status: the tab asks for it and is open.
    pub fn wants_status_colours(&self, cx: &PaneContext<'_>) -> bool {
        self.window.colour_map
            && self.comparison.is_some()
            && cx.settings.layout.is_open(DockTab::Comparison)
    }

    /// Both generations' fills by status (2023-2027 first).
    pub fn status_colours(&self) -> Option<Vec<LayerColours>> {
        let comparison = self.comparison.as_ref()?;
        let colours = [
            (Generation::Temps2, LayerKind::Ti2023),
            (Generation::Temps1, LayerKind::Ti2018),
        ]
        .map(|(generation, kind)| LayerColours {
            layer: kind,
            fills: Arc::new(
                comparison
                    .territories
                    .iter()
                    .filter(|t| t.generation == generation)
                    .map(|t| status_fill(generation, t.continuity))
                    .collect(),
            ),
        });
        Some(colours.to_vec())
    }
}

/// A territory's fill by status: the 2023-2027 ones new or renewed, the 2018-2022 ones no
/// longer labelled (those continued stay unfilled under their successors).
fn status_fill(generation: Generation, continuity: Continuity) -> Option<Rgba> {
    let colour = colour_of(continuity, generation);
    match (generation, continuity) {
        (Generation::Temps2, _) => Some(Rgba {
            rgb: colour,
            alpha: 0.75,
        }),
        (Generation::Temps1, Continuity::NonReconduit) => Some(Rgba {
            rgb: colour,
            alpha: 0.8,
        }),
        (Generation::Temps1, _) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::World;
    use super::*;

    #[test]
    fn the_comparison_is_computed_when_the_tab_is_first_drawn_and_colours_both_generations() {
        let mut world = World::default();
        let mut pane = ComparisonPane::default();
        assert!(pane.comparison().is_none() && pane.status_colours().is_none());
        let mut commands = Commands::new();
        {
            let cx = world.cx();
            let mut harness =
                egui_kittest::Harness::builder().build_ui(|ui| pane.ui(ui, &cx, &mut commands));
            harness.run();
        }
        assert!(commands.is_empty(), "nothing asked without a click");
        let comparison = pane.comparison().expect("computed");
        let colours = pane.status_colours().expect("colours");
        assert_eq!(colours.len(), 2);
        for (c, generation) in colours.iter().zip([Generation::Temps2, Generation::Temps1]) {
            let n = comparison
                .territories
                .iter()
                .filter(|t| t.generation == generation)
                .count();
            assert_eq!(c.fills.len(), n);
        }
        // 2023-2027: every territory filled.
        assert!(colours[0].fills.iter().all(Option::is_some));
        // Wanted only while asked for and the tab is open; closing the tab stops it.
        assert!(!pane.wants_status_colours(&world.cx()));
        pane.window.colour_map = true;
        assert!(!pane.wants_status_colours(&world.cx()));
        world.settings.layout.open(DockTab::Comparison);
        assert!(pane.wants_status_colours(&world.cx()));
        assert!(pane.shows_statuses());
        pane.close();
        assert!(!pane.shows_statuses() && !pane.side_by_side());
    }
}
