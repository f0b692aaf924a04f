//! The window listing a user's layer attributes; a clicked row centres the map on its feature.

use walkers::lon_lat;

use super::{AtlasApp, zoom_to_fit};
use crate::ui::attribute_table::attribute_table_ui;

impl AtlasApp {
    pub(super) fn attribute_window_ui(&mut self, ctx: &egui::Context, viewport: egui::Vec2) {
        let Some(state) = self.attribute_view.as_mut() else {
            return;
        };
        let Some(layer) = self.user_layers.iter().find(|l| l.name == state.layer) else {
            self.attribute_view = None;
            return;
        };
        let mut open = true;
        let mut clicked = None;
        egui::Window::new(format!("Attributs — {}", layer.name))
            .id(egui::Id::unique("fenetre-attributs"))
            .open(&mut open)
            .default_size([640.0, 360.0])
            .show(ctx, |ui| {
                clicked = attribute_table_ui(ui, &layer.attributes, state);
            });
        if let Some(bbox) = clicked.and_then(|i| layer.attributes.bboxes.get(i).copied().flatten())
        {
            let rect = geo::Rect::new((bbox[0], bbox[1]), (bbox[2], bbox[3]));
            let center = rect.center();
            self.memory.center_at(lon_lat(center.x, center.y));
            let _ = self.memory.set_zoom(zoom_to_fit(rect, viewport));
        }
        if !open {
            self.attribute_view = None;
        }
    }

    /// Opens the attribute window of a user's layer (by file name).
    pub fn open_attributes(&mut self, layer: &str) {
        if self.user_layers.iter().any(|l| l.name == layer) {
            self.attribute_view = Some(crate::ui::attribute_table::AttributeViewState::for_layer(
                layer,
            ));
        }
    }

    pub fn attributes_open(&self) -> Option<&str> {
        self.attribute_view.as_ref().map(|s| s.layer.as_str())
    }
}
