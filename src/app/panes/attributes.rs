//! The tab listing a user's layer attributes; a clicked row shows its feature on the map.

use super::super::command::Command;
use super::super::context::{Commands, PaneContext, UserData};
use super::super::layout::DockTab;
use crate::ui::attribute_table::{AttributeViewState, attribute_table_ui};

/// The layer whose attributes the tab lists (None: the tab has nothing to show).
#[derive(Default)]
pub struct AttributesPane {
    state: Option<AttributeViewState>,
}

impl AttributesPane {
    /// The listed layer's file name.
    pub fn layer(&self) -> Option<&str> {
        self.state.as_ref().map(|s| s.layer.as_str())
    }

    /// Lists a user's layer (by file name); false when there is no such layer.
    pub fn open(&mut self, layer: &str, user: &UserData) -> bool {
        let found = user.layers.iter().any(|l| l.spec.name == layer);
        if found {
            self.state = Some(AttributeViewState::for_layer(layer));
        }
        found
    }

    pub fn close(&mut self) {
        self.state = None;
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &PaneContext<'_>, commands: &mut Commands) {
        let Some(state) = self.state.as_mut() else {
            commands.push(Command::CloseTab(DockTab::Attributes));
            return;
        };
        let Some(layer) = cx.user.layers.iter().find(|l| l.spec.name == state.layer) else {
            commands.push(Command::CloseTab(DockTab::Attributes));
            return;
        };
        ui.strong(format!("Attributs — {}", layer.spec.name));
        let clicked = attribute_table_ui(ui, &layer.attributes, state);
        if let Some(bbox) = clicked.and_then(|i| layer.attributes.bboxes.get(i).copied().flatten())
        {
            let rect = geo::Rect::new((bbox[0], bbox[1]), (bbox[2], bbox[3]));
            commands.push(Command::Fit(rect));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::World;
    use super::*;

    #[test]
    fn only_a_loaded_layer_opens_and_a_tab_without_one_asks_to_close() {
        let world = World::default();
        let mut pane = AttributesPane::default();
        assert!(!pane.open("absente.shp", &world.user));
        assert_eq!(pane.layer(), None);
        let mut commands = Commands::new();
        {
            let cx = world.cx();
            let mut harness = egui_kittest::Harness::new_ui(|ui| pane.ui(ui, &cx, &mut commands));
            harness.run();
        }
        assert!(commands.contains(&Command::CloseTab(DockTab::Attributes)));
    }
}
