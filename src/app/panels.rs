//! The docked side panels: the layers and thematic settings on the left (with the guidance
//! where the chosen indicator lacks values), and the helpers the sheet (right) and the bottom
//! dock share: a panel at its saved size, foldable to a strip, its size read back.

use egui::Panel;

use super::AtlasApp;
use super::command::Command;
use super::guidance::{
    EMPLOYMENT_FILE_HELP, PLAN_FILE_HELP, PLAN_TEMPLATE_CSV, PLAN_TEMPLATE_XLSX,
};
use super::layout::LEFT_RANGE;
use crate::io::import::ImportKind;
use crate::model::indicators::Kind;
use crate::model::indicators::nature::Nature;
use crate::model::{IndicatorId, Level};
use crate::ui::layers_panel::{LayersChoice, LayersPanelInput, layers_ui};

/// Width (or height) of a folded panel's strip.
pub const STRIP: f32 = 30.0;

/// A docked panel at `size` within `range` and its folded strip. At start and after a reset
/// (`force`), the saved size wins over what egui remembers.
pub fn docked(
    expanded: Panel,
    collapsed: Panel,
    size: f32,
    range: (f32, f32),
    force: bool,
) -> (Panel, Panel) {
    let mut expanded = expanded
        .resizable(true)
        .default_size(size)
        .size_range(range.0..=range.1);
    if force {
        expanded = expanded.exact_size(size).resizable(false);
    }
    (expanded, collapsed.resizable(false).exact_size(STRIP))
}

/// The size to save from what a panel measures this frame: whole points, and unchanged for
/// sub-point differences (no settings write for nothing).
pub fn kept_size(measured: f32, saved: f32) -> f32 {
    let m = measured.round();
    if (m - saved).abs() < 1.0 { saved } else { m }
}

/// Which edge of a docked panel the user drags to resize it.
#[derive(Clone, Copy, Debug)]
pub enum Edge {
    Right,
    Left,
    Top,
}

/// Takes the size a panel (outer box `rect`) measured this frame: a size the user dragged (a
/// press that started on the panel's free edge, still down or just released) is saved; a
/// panel that grew by itself (content wider than it, a list opening) is put back to the saved
/// size next frame. Returns whether to put it back.
pub fn settle_size(ctx: &egui::Context, rect: egui::Rect, edge: Edge, saved: &mut f32) -> bool {
    let measured = match edge {
        Edge::Right | Edge::Left => rect.width(),
        Edge::Top => rect.height(),
    };
    let kept = kept_size(measured, *saved);
    if kept == *saved {
        return false;
    }
    let dragging_edge = ctx.input(|i| {
        (i.pointer.any_down() || i.pointer.any_released())
            && i.pointer.press_origin().is_some_and(|p| {
                let d = match edge {
                    Edge::Right => (p.x - rect.right()).abs(),
                    Edge::Left => (p.x - rect.left()).abs(),
                    Edge::Top => (p.y - rect.top()).abs(),
                };
                // The handle, wherever the edge moved to during the drag.
                d < 12.0 || i.pointer.is_decidedly_dragging()
            })
    });
    if dragging_edge {
        *saved = kept;
        false
    } else {
        true
    }
}

/// A small button that folds or unfolds a panel, named for screen readers.
pub fn fold_button(ui: &mut egui::Ui, sign: &str, name: &str) -> egui::Response {
    let name = name.to_owned();
    let response = ui
        .add(egui::Button::new(sign).small())
        .on_hover_text(name.clone());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    response
}

impl AtlasApp {
    /// The layers and thematic map, docked on the left and foldable.
    pub(super) fn layers_panel_ui(&mut self, ui: &mut egui::Ui) {
        let layout = &self.settings.layout;
        let (mut open, width) = (layout.left_open, layout.left_width);
        let (expanded, collapsed) = docked(
            Panel::left("couches"),
            Panel::left("couches-repliees"),
            width,
            LEFT_RANGE,
            self.windows.apply_layout_now,
        );
        let mut fold = None;
        let mut unfolded_now = false;
        let shown = Panel::show_switched(ui, &mut open, collapsed, expanded, |ui, unfolded| {
            if !unfolded {
                if fold_button(ui, "»", "Déplier le panneau des couches").clicked() {
                    fold = Some(true);
                }
                return;
            }
            unfolded_now = true;
            // The content wraps at the panel's width (a row wider than it never widens it).
            let width = ui.available_width();
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.set_max_width(width);
                    ui.horizontal(|ui| {
                        if fold_button(ui, "«", "Replier le panneau des couches").clicked() {
                            fold = Some(false);
                        }
                        ui.heading("Couches");
                    });
                    self.layers_body_ui(ui);
                });
        });
        let layout = &mut self.settings.layout;
        layout.left_open = fold.unwrap_or(open);
        if unfolded_now
            && open
            && settle_size(
                ui.ctx(),
                shown.response.rect,
                Edge::Right,
                &mut layout.left_width,
            )
        {
            self.windows.apply_layout = true;
        }
    }

    fn layers_body_ui(&mut self, ui: &mut egui::Ui) {
        // Each maille's indicators in list order (by group, the headline first), with their
        // group's name.
        let grouped: [Vec<(IndicatorId, String, &'static str)>; 3] = Level::MAPS.map(|level| {
            self.loaded()
                .and_then(|l| l.table(level))
                .map(|t| {
                    crate::model::indicators::list_order(&t.indicators)
                        .into_iter()
                        .filter_map(|i| t.indicators.get(i))
                        .filter(|i| i.unavailable.is_none())
                        .map(|i| (i.id.clone(), i.label.clone(), i.group().label_fr()))
                        .collect()
                })
                .unwrap_or_default()
        });
        let indicators = grouped
            .clone()
            .map(|v| v.into_iter().map(|(id, label, _)| (id, label)).collect());
        let indicator_groups = grouped.map(|v| v.into_iter().map(|(_, _, g)| g).collect());
        let breaks = self.legend().map(|l| l.classification.breaks.clone());
        let map = &self.settings.map;
        let listed = |keep: &dyn Fn(&crate::model::indicators::Indicator) -> bool| {
            Level::MAPS.map(|level| {
                self.loaded()
                    .and_then(|l| l.table(level))
                    .map(|t| {
                        t.indicators
                            .iter()
                            .filter(|i| keep(i))
                            .map(|i| (i.id.clone(), i.label.clone(), map.nature(i)))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            })
        };
        let stocks = listed(&|i| i.unavailable.is_none() && map.nature(i) == Nature::Stock)
            .map(|v| v.into_iter().map(|(id, label, _)| (id, label)).collect());
        let imported = listed(&|i| i.kind == Kind::Imported);
        let input = LayersPanelInput {
            indicators: &indicators,
            indicator_groups: &indicator_groups,
            current_breaks: breaks.as_deref(),
            stocks: &stocks,
            imported: &imported,
            symbols_error: self.map.symbols_error.as_deref(),
            projects_imported: self.user.imports.projects.is_some(),
        };
        let current = LayersChoice {
            map: self.settings.map.clone(),
            online_basemap: self.settings.online_basemap,
            simulation: self.map.simulation,
        };
        if let Some(choice) = layers_ui(ui, &current, &input) {
            if choice.map != current.map {
                self.commands.push(Command::SetMap(Box::new(choice.map)));
            }
            if choice.online_basemap != current.online_basemap {
                self.commands
                    .push(Command::SetOnlineBasemap(choice.online_basemap));
            }
            if choice.simulation != current.simulation {
                self.commands
                    .push(Command::SetSimulation(choice.simulation));
            }
        }
        if self.map.thematic.guidance.is_some() {
            ui.separator();
            self.share_guidance_ui(ui);
        }
        ui.separator();
        self.plan_guidance_ui(ui);
    }

    /// The industry share at the territory maille: what is missing, and the two ways out.
    pub(super) fn share_guidance_ui(&mut self, ui: &mut egui::Ui) {
        let Some(g) = self.map.thematic.guidance.clone() else {
            return;
        };
        ui.label(egui::RichText::new(g.sentence()).color(ui.visuals().warn_fg_color));
        ui.horizontal_wrapped(|ui| {
            if ui
                .button("Passer à la maille EPCI")
                .on_hover_text("La même part, exacte pour les 1 232 EPCI de métropole")
                .clicked()
            {
                let mut map = self.settings.map.clone();
                map.maille = Level::Epci;
                self.commands.push(Command::SetMap(Box::new(map)));
            }
            match &g.imported {
                Some((id, label)) => {
                    if ui
                        .button("Utiliser la part importée")
                        .on_hover_text(label.as_str())
                        .clicked()
                    {
                        let mut map = self.settings.map.clone();
                        map.indicator = Some(id.clone());
                        self.commands.push(Command::SetMap(Box::new(map)));
                    }
                }
                None => {
                    if ui
                        .button("Importer les emplois INSEE…")
                        .on_hover_text(EMPLOYMENT_FILE_HELP)
                        .clicked()
                    {
                        self.commands.push(Command::OpenImport(
                            ImportKind::Table,
                            Some(EMPLOYMENT_FILE_HELP),
                        ));
                    }
                }
            }
        });
    }

    /// Actions and projects come only from the user's files: say so while none is loaded.
    fn plan_guidance_ui(&mut self, ui: &mut egui::Ui) {
        let imports = &self.user.imports;
        if imports.plan.is_some() && imports.projects.is_some() {
            return;
        }
        let missing = match (imports.plan.is_some(), imports.projects.is_some()) {
            (false, false) => "Plan d'actions et projets financés : non importés",
            (false, true) => "Plan d'actions : non importé",
            _ => "Projets financés : non importés",
        };
        ui.label(format!(
            "{missing} (aucune liste publique par territoire : l'atlas les lit dans vos fichiers)."
        ));
        ui.horizontal_wrapped(|ui| {
            if ui
                .button("Importer un plan ou des projets…")
                .on_hover_text(PLAN_FILE_HELP)
                .clicked()
            {
                self.commands
                    .push(Command::OpenImport(ImportKind::Auto, Some(PLAN_FILE_HELP)));
            }
            ui.menu_button("Enregistrer le modèle…", |ui| {
                for (label, name, bytes) in [
                    ("CSV (Excel, « ; »)", "plan-actions.csv", PLAN_TEMPLATE_CSV),
                    ("XLSX", "plan-actions.xlsx", PLAN_TEMPLATE_XLSX),
                ] {
                    if ui.button(label).clicked() {
                        self.commands.push(Command::ChooseFile(
                            super::file_chooser::FilePurpose::Save {
                                title: "Enregistrer le modèle de plan d'actions",
                                file_name: name.into(),
                                bytes: bytes.to_vec(),
                            },
                        ));
                        ui.close();
                    }
                }
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_saved_in_whole_points_and_only_when_they_change() {
        assert_eq!(kept_size(310.4, 310.0), 310.0);
        assert_eq!(kept_size(312.6, 310.0), 313.0);
        assert_eq!(kept_size(300.0, 310.0), 300.0);
    }
}
