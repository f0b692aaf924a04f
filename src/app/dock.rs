//! The bottom dock, under the map between the side panels: the table of values, Temps I and
//! Temps II, the import, a layer's attributes, the views, the export and the scatter plot as tabs. Resizable, foldable to its tab bar;
//! it shows only while a tab is open.

use egui::Panel;

use super::AtlasApp;
use super::command::Command;
use super::layout::{DOCK_RANGE, DockTab};
use super::panels::{Edge, docked, fold_button, settle_size};

impl AtlasApp {
    pub(super) fn dock_ui(&mut self, ui: &mut egui::Ui) {
        // A tab whose content is gone (a layer's attributes after a restart) is not kept.
        if self.panes.attributes.layer().is_none()
            && self.settings.layout.is_open(DockTab::Attributes)
        {
            self.settings.layout.close(DockTab::Attributes);
        }
        let layout = &self.settings.layout;
        let Some(shown) = layout.shown_tab() else {
            return;
        };
        let tabs = layout.tabs.clone();
        let (mut open, height) = (layout.dock_open, layout.dock_height);
        let (expanded, collapsed) = docked(
            Panel::bottom("dock"),
            Panel::bottom("dock-replie"),
            height,
            DOCK_RANGE,
            self.windows.apply_layout_now,
        );
        let mut fold = None;
        let mut unfolded_now = false;
        let response = Panel::show_switched(ui, &mut open, collapsed, expanded, |ui, unfolded| {
            ui.horizontal(|ui| {
                for &tab in &tabs {
                    let label = match (tab, self.panes.attributes.layer()) {
                        (DockTab::Attributes, Some(layer)) => format!("Attributs — {layer}"),
                        _ => tab.label_fr().to_owned(),
                    };
                    if ui
                        .add(egui::Button::selectable(shown == tab && unfolded, label))
                        .clicked()
                    {
                        self.commands.push(Command::OpenTab(tab));
                        fold = Some(true);
                    }
                    if fold_button(ui, "×", &format!("Fermer l'onglet {}", tab.label_fr()))
                        .clicked()
                    {
                        self.commands.push(Command::CloseTab(tab));
                    }
                    ui.separator();
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let (sign, name) = if unfolded {
                        ("▾", "Replier le panneau du bas")
                    } else {
                        ("▴", "Déplier le panneau du bas")
                    };
                    if fold_button(ui, sign, name).clicked() {
                        fold = Some(!unfolded);
                    }
                });
            });
            if !unfolded {
                return;
            }
            unfolded_now = true;
            ui.separator();
            let scrolled = |ui: &mut egui::Ui, salt: &str, add: &mut dyn FnMut(&mut egui::Ui)| {
                egui::ScrollArea::vertical()
                    .id_salt(salt)
                    .auto_shrink([false, false])
                    .show(ui, |ui| add(ui));
            };
            match shown {
                DockTab::Comparison => {
                    let cx = pane_context!(self, None);
                    let (pane, commands) = (&mut self.panes.comparison, &mut self.commands);
                    // Wide, the comparison lays its summary and list side by side, the list
                    // scrolling by itself; narrow, the whole tab scrolls.
                    if ui.available_width() > 880.0 {
                        pane.ui(ui, &cx, commands);
                    } else {
                        scrolled(ui, "onglet-temps", &mut |ui| pane.ui(ui, &cx, commands));
                    }
                }
                _ => {
                    let cx = pane_context!(self);
                    match shown {
                        DockTab::Table => self.panes.table.ui(ui, &cx, &mut self.commands),
                        DockTab::Attributes => {
                            self.panes.attributes.ui(ui, &cx, &mut self.commands)
                        }
                        DockTab::Import => scrolled(ui, "onglet-import", &mut |ui| {
                            self.panes.import.ui(ui, &cx, &mut self.commands);
                        }),
                        DockTab::Views => scrolled(ui, "onglet-vues", &mut |ui| {
                            self.panes.views.ui(ui, &cx, &mut self.commands);
                        }),
                        DockTab::Scatter => self.panes.scatter.ui(ui, &cx, &mut self.commands),
                        DockTab::Export => scrolled(ui, "onglet-export", &mut |ui| {
                            self.panes.exports.ui(ui, &cx, &mut self.commands);
                        }),
                        DockTab::Comparison => {}
                    }
                }
            }
        });
        let layout = &mut self.settings.layout;
        layout.dock_open = fold.unwrap_or(open);
        if unfolded_now
            && open
            && settle_size(
                ui.ctx(),
                response.response.rect,
                Edge::Top,
                &mut layout.dock_height,
            )
        {
            self.windows.apply_layout = true;
        }
    }
}
