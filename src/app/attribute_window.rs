//! The window listing a user's layer attributes; a clicked row shows its feature on the map.

use super::AtlasApp;
use super::command::Command;
use crate::ui::attribute_table::{AttributeViewState, attribute_table_ui};

impl AtlasApp {
    pub(super) fn attribute_window_ui(&mut self, ctx: &egui::Context) {
        let Some(state) = self.windows.attributes.as_mut() else {
            return;
        };
        let Some(layer) = self.user.layers.iter().find(|l| l.spec.name == state.layer) else {
            self.windows.attributes = None;
            return;
        };
        let mut open = true;
        let mut clicked = None;
        egui::Window::new(format!("Attributs — {}", layer.spec.name))
            .id(egui::Id::unique("fenetre-attributs"))
            .open(&mut open)
            .default_size([640.0, 360.0])
            .show(ctx, |ui| {
                clicked = attribute_table_ui(ui, &layer.attributes, state);
            });
        if let Some(bbox) = clicked.and_then(|i| layer.attributes.bboxes.get(i).copied().flatten())
        {
            let rect = geo::Rect::new((bbox[0], bbox[1]), (bbox[2], bbox[3]));
            self.commands.push(Command::Fit(rect));
        }
        if !open {
            self.windows.attributes = None;
        }
    }

    /// Opens the attribute window of a user's layer (by file name).
    pub fn open_attributes(&mut self, layer: &str) {
        if self.user.layers.iter().any(|l| l.spec.name == layer) {
            self.windows.attributes = Some(AttributeViewState::for_layer(layer));
        }
    }
}
