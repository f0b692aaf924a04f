//! Temps I vs Temps II in the app: the comparison window, the map coloured by status, and two
//! synchronised maps (2018-2022 left, 2023-2027 right) sharing one map memory.

use egui::Color32;
use walkers::lon_lat;

use super::basemap::Basemap;
use super::{AtlasApp, FRANCE_CENTER, LoadState, theme};
use crate::model::generations::{Continuity, compare};
use crate::model::{Generation, LayerKind};
use crate::ui::comparison_window::{ComparisonCommand, colour_of, comparison_window_ui};

fn with_alpha([r, g, b]: [u8; 3], alpha: u8) -> Color32 {
    Color32::from_rgba_unmultiplied(r, g, b, alpha)
}

impl AtlasApp {
    pub fn comparison_window_mut(
        &mut self,
    ) -> &mut crate::ui::comparison_window::ComparisonWindowState {
        &mut self.comparison_window
    }

    pub fn comparison(&self) -> Option<&crate::model::generations::GenerationComparison> {
        self.comparison.as_ref()
    }

    /// The comparison window (the comparison is computed once, when first opened: ~10 ms).
    pub(super) fn comparison_ui(&mut self, ctx: &egui::Context) {
        if !self.comparison_window.open {
            return;
        }
        if self.comparison.is_none()
            && let Some(loaded) = self.loaded()
        {
            self.comparison = Some(compare(&loaded.dataset));
        }
        let Some(comparison) = &self.comparison else {
            return;
        };
        let mut open = true;
        let mut command = ComparisonCommand::None;
        egui::Window::new("Temps I et Temps II")
            .open(&mut open)
            .default_width(620.0)
            .show(ctx, |ui| {
                command = comparison_window_ui(ui, &mut self.comparison_window, comparison);
            });
        if !open {
            self.comparison_window.open = false;
            self.comparison_window.colour_map = false;
            self.comparison_window.side_by_side = false;
        }
        if command == ComparisonCommand::ExportCsv {
            self.open_export(crate::ui::export_window::ExportWhat::Comparison);
        }
        if let ComparisonCommand::Show(generation, id) = command {
            let kind = match generation {
                Generation::Temps1 => LayerKind::Ti2018,
                Generation::Temps2 => LayerKind::Ti2023,
            };
            let index = self
                .loaded()
                .and_then(|l| l.dataset.territory_feature_index(generation, &id));
            if let Some(i) = index {
                *self.settings.visible_mut(kind) = true;
                self.set_selection(Some((kind, i)));
                self.pending_open = Some((kind, i));
            }
        }
    }

    /// Colours both generations by status while asked, and gives the layers back to the
    /// choropleth afterwards.
    pub(super) fn sync_comparison_colours(&mut self) {
        let wanted = self.comparison_window.colour_map && self.comparison.is_some();
        let applied = self.comparison_colours == Some(self.fills_version);
        if wanted && !applied {
            self.settings.show_ti2018 = true;
            self.settings.show_ti2023 = true;
            let Some(comparison) = &self.comparison else {
                return;
            };
            let LoadState::Ready(loaded, _) = &mut self.load else {
                return;
            };
            for (generation, kind) in [
                (Generation::Temps2, LayerKind::Ti2023),
                (Generation::Temps1, LayerKind::Ti2018),
            ] {
                let fills: Vec<Color32> = comparison
                    .territories
                    .iter()
                    .filter(|t| t.generation == generation)
                    .map(|t| match (generation, t.continuity) {
                        (Generation::Temps2, c) => with_alpha(colour_of(c, generation), 190),
                        (Generation::Temps1, Continuity::NonReconduit) => {
                            with_alpha(colour_of(Continuity::NonReconduit, generation), 200)
                        }
                        (Generation::Temps1, _) => Color32::TRANSPARENT,
                    })
                    .collect();
                let Some(layer) = loaded.layers.get_mut(&kind) else {
                    return;
                };
                if kind == LayerKind::Ti2018 {
                    let mut style = layer.style().clone();
                    style.fill = true;
                    layer.set_style(style);
                }
                layer.set_fill_colors(&fills);
            }
            self.comparison_colours = Some(self.fills_version);
        } else if !wanted && self.comparison_colours.is_some() {
            self.comparison_colours = None;
            // The choropleth recolours the mailles; the 2018-2022 layer gets its look back.
            self.applied_choropleth = None;
            if let LoadState::Ready(loaded, _) = &mut self.load
                && let Some(layer) = loaded.layers.get_mut(&LayerKind::Ti2018)
            {
                let mut style = theme::layer_style(LayerKind::Ti2018);
                style.labels = layer.style().labels;
                layer.set_style(style);
                layer.set_fill_colors(&theme::default_fills(LayerKind::Ti2018, layer.len()));
            }
        }
    }

    /// Two maps side by side on one memory: moving either moves both.
    pub(super) fn side_by_side_ui(&mut self, ui: &mut egui::Ui) {
        let rect = ui.available_rect_before_wrap();
        let half = rect.width() / 2.0;
        let left = egui::Rect::from_min_size(rect.min, egui::vec2(half - 1.0, rect.height()));
        let right = egui::Rect::from_min_size(
            rect.min + egui::vec2(half + 1.0, 0.0),
            egui::vec2(half - 1.0, rect.height()),
        );
        if self.second_basemap.is_none() {
            self.second_basemap = Some(Basemap::offline(ui.ctx()));
        }
        let center = lon_lat(FRANCE_CENTER.0, FRANCE_CENTER.1);
        for (rect, kind, title) in [
            (left, LayerKind::Ti2018, "2018-2022 (Temps I)"),
            (right, LayerKind::Ti2023, "2023-2027 (Temps II)"),
        ] {
            let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect));
            let tiles = if kind == LayerKind::Ti2018 {
                self.basemap.tiles()
            } else {
                self.second_basemap.as_mut().and_then(Basemap::tiles)
            };
            let mut map = walkers::Map::new(tiles, &mut self.memory, center)
                .double_click_to_zoom(true)
                .zoom_with_ctrl(false);
            if let LoadState::Ready(loaded, _) = &mut self.load
                && let Some(layer) = loaded.layers.get_mut(&kind)
            {
                map = map.with_plugin(layer);
            }
            map.show(&mut child, |_ui, response, _projector, _memory| {
                response.clone()
            });
            let painter = ui.painter_at(rect);
            let galley = painter.layout_no_wrap(
                title.to_owned(),
                egui::FontId::proportional(20.0),
                Color32::from_gray(20),
            );
            let pos = rect.center_top() + egui::vec2(-galley.size().x / 2.0, 10.0);
            painter.rect_filled(
                egui::Rect::from_min_size(pos, galley.size()).expand(6.0),
                4.0,
                Color32::from_white_alpha(230),
            );
            painter.galley(pos, galley, Color32::from_gray(20));
        }
        ui.painter().vline(
            rect.center().x,
            rect.y_range(),
            egui::Stroke::new(2.0, Color32::WHITE),
        );
        self.last_map_rect = Some(right);
    }
}
