//! The bottom dock, under the map between the side panels: the table of values, Temps I and
//! Temps II, the import, a layer's attributes, the views, the export and the scatter plot as tabs. Resizable, foldable to its tab bar;
//! it shows only while a tab is open.

use egui::Panel;

use super::AtlasApp;
use super::command::Command;
use super::layout::{DOCK_RANGE, DockTab};
use super::panels::{Edge, docked, fold_button, settle_size};
use crate::map::painter::rgb;
use crate::model::UnitRef;
use crate::ui::export_window::ExportWhat;
use crate::ui::table_view::{TableAction, TableViewInput, table_view_ui};

impl AtlasApp {
    pub(super) fn dock_ui(&mut self, ui: &mut egui::Ui) {
        // A tab whose content is gone (a layer's attributes after a restart) is not kept.
        if self.windows.attributes.is_none() && self.settings.layout.is_open(DockTab::Attributes) {
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
                    let label = match (tab, &self.windows.attributes) {
                        (DockTab::Attributes, Some(a)) => format!("Attributs — {}", a.layer),
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
            match shown {
                DockTab::Table => self.table_tab_ui(ui),
                DockTab::Attributes => self.attribute_tab_ui(ui),
                // Wide, the comparison lays its summary and list side by side, the list
                // scrolling by itself; narrow, the whole tab scrolls.
                DockTab::Comparison
                    if ui.available_width() > crate::ui::comparison_window::SIDE_BY_SIDE_WIDTH =>
                {
                    self.comparison_tab_ui(ui)
                }
                DockTab::Comparison => {
                    egui::ScrollArea::vertical()
                        .id_salt("onglet-temps")
                        .auto_shrink([false, false])
                        .show(ui, |ui| self.comparison_tab_ui(ui));
                }
                DockTab::Import => {
                    egui::ScrollArea::vertical()
                        .id_salt("onglet-import")
                        .auto_shrink([false, false])
                        .show(ui, |ui| self.import_tab_ui(ui));
                }
                DockTab::Views => {
                    egui::ScrollArea::vertical()
                        .id_salt("onglet-vues")
                        .auto_shrink([false, false])
                        .show(ui, |ui| self.views_tab_ui(ui));
                }
                DockTab::Scatter => self.scatter_tab_ui(ui),
                DockTab::Export => {
                    egui::ScrollArea::vertical()
                        .id_salt("onglet-export")
                        .auto_shrink([false, false])
                        .show(ui, |ui| self.export_tab_ui(ui));
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

    /// The table of values of the map's indicator (population when the map has none).
    fn table_tab_ui(&mut self, ui: &mut egui::Ui) {
        let Some(level) = self.windows.table_rows.level else {
            ui.label("Tableau en cours de calcul…");
            return;
        };
        let (colours, missing) = match self.legend() {
            Some(l) => (
                l.colours.iter().map(|&c| rgb(c)).collect(),
                rgb(l.missing_colour),
            ),
            None => (Vec::new(), egui::Color32::TRANSPARENT),
        };
        let has_legend = self.legend().is_some();
        let rows = &self.windows.table_rows;
        let table = &mut self.windows.table;
        let input = TableViewInput {
            title: &rows.title,
            unit: &rows.unit,
            rows: &rows.rows,
            second: rows.second.as_ref().map(|(t, u)| (t.as_str(), u.as_str())),
            colours: &colours,
            missing_colour: missing,
            generation: rows.generation,
        };
        let mut export = false;
        ui.horizontal(|ui| {
            ui.small(format!("Maille : {}", level.maille_fr()));
            export = ui
                .add_enabled(has_legend, egui::Button::new("Exporter en CSV…"))
                .on_hover_text("Le tableau tel qu'il est affiché, pour Excel (UTF-8, « ; »)")
                .clicked();
        });
        let action = table_view_ui(ui, &input, table);
        if export {
            self.commands.push(Command::OpenExport(ExportWhat::Table));
        }
        let unit = |u: usize| -> Option<UnitRef> {
            self.unit_of(crate::carto::LayerId::Bundle(level.layer()), u)
        };
        match action {
            TableAction::None => {}
            TableAction::Highlight(u) => {
                if let Some(unit) = unit(u) {
                    self.commands.push(Command::Reveal(unit));
                }
            }
            TableAction::Open(u) => {
                if let Some(unit) = unit(u) {
                    self.commands.push(Command::Open(unit));
                }
            }
        }
    }
}
