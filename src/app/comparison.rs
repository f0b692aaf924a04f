//! Temps I vs Temps II in the app: the comparison tab of the bottom dock, the map coloured by
//! status (both generations filled), and the two synchronised maps side by side (see
//! `map_view`).

use std::sync::Arc;

use super::AtlasApp;
use super::command::Command;
use crate::carto::{LayerColours, Rgba};
use crate::model::geography::generations::{Continuity, compare};
use crate::model::{Generation, LayerKind, UnitRef};
use crate::ui::comparison_window::{ComparisonCommand, colour_of, comparison_window_ui};

impl AtlasApp {
    /// The comparison tab (the comparison is computed once, when first opened: ~10 ms).
    pub(super) fn comparison_tab_ui(&mut self, ui: &mut egui::Ui) {
        if self.comparison.is_none()
            && let Some(loaded) = self.loaded()
        {
            self.comparison = Some(compare(&loaded.dataset));
        }
        let Some(comparison) = &self.comparison else {
            return;
        };
        let state = &mut self.windows.comparison;
        let command = comparison_window_ui(ui, state, comparison);
        match command {
            ComparisonCommand::None => {}
            ComparisonCommand::ExportCsv => self.commands.push(Command::OpenExport(
                crate::ui::export_window::ExportWhat::Comparison,
            )),
            ComparisonCommand::Show(generation, id) => {
                self.commands
                    .push(Command::Open(UnitRef::territory_of(generation, &id)));
            }
        }
    }

    /// Colours both generations by status while the tab asks for it (and shows both
    /// layers); the choropleth comes back afterwards.
    pub(super) fn sync_status_colours(&mut self) {
        let wanted = self.windows.comparison.colour_map
            && self.comparison.is_some()
            && self
                .settings
                .layout
                .is_open(super::layout::DockTab::Comparison);
        match (wanted, self.map.status_colours.is_some()) {
            (true, false) => {
                let Some(comparison) = &self.comparison else {
                    return;
                };
                let colours =
                    [Generation::Temps2, Generation::Temps1].map(|generation| LayerColours {
                        layer: LayerKind::of_generation(generation),
                        fills: Arc::new(
                            comparison
                                .territories
                                .iter()
                                .filter(|t| t.generation == generation)
                                .map(|t| status_fill(generation, t.continuity))
                                .collect(),
                        ),
                    });
                self.settings.map.show_ti2018 = true;
                self.settings.map.show_ti2023 = true;
                self.map.status_colours = Some(colours.to_vec());
            }
            (false, true) => self.map.status_colours = None,
            _ => {}
        }
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
