//! The tab listing a user's layer attributes; a clicked row shows its feature on the map.

use super::AtlasApp;
use super::command::Command;
use crate::ui::attribute_table::{AttributeViewState, attribute_table_ui};

impl AtlasApp {
    pub(super) fn attribute_tab_ui(&mut self, ui: &mut egui::Ui) {
        let Some(state) = self.windows.attributes.as_mut() else {
            self.commands
                .push(Command::CloseTab(super::layout::DockTab::Attributes));
            return;
        };
        let Some(layer) = self.user.layers.iter().find(|l| l.spec.name == state.layer) else {
            self.commands
                .push(Command::CloseTab(super::layout::DockTab::Attributes));
            return;
        };
        ui.strong(format!("Attributs — {}", layer.spec.name));
        let clicked = attribute_table_ui(ui, &layer.attributes, state);
        if let Some(bbox) = clicked.and_then(|i| layer.attributes.bboxes.get(i).copied().flatten())
        {
            let rect = geo::Rect::new((bbox[0], bbox[1]), (bbox[2], bbox[3]));
            self.commands.push(Command::Fit(rect));
        }
    }

    /// Opens the attribute tab of a user's layer (by file name).
    pub fn open_attributes(&mut self, layer: &str) {
        if self.user.layers.iter().any(|l| l.spec.name == layer) {
            self.windows.attributes = Some(AttributeViewState::for_layer(layer));
            self.settings
                .layout
                .open(super::layout::DockTab::Attributes);
        }
    }
}
