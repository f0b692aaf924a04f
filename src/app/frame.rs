//! One frame of the window: the menu, the status bar, the docked panels, the map in the rest
//! and the dialogs. Panels take what they show and return commands; nothing here computes data.

use egui::{Align2, RichText};

use super::command::Command;
use super::layout::DockTab;
use super::{AtlasApp, JUMPS, LoadState, theme};
use crate::format::int_fr;
use crate::io::import::ImportKind;
use crate::model::{Generation, LayerKind, Level};
use crate::ui::export_window::ExportWhat;
use crate::ui::search_box::search_box_ui;
use crate::ui::territory_panel::{PanelCommand, SheetData, territory_ui, unit_ui};

impl AtlasApp {
    pub(super) fn frame_ui(&mut self, ui: &mut egui::Ui) {
        // The panels take the saved sizes this frame if asked (start, reset, a panel that grew
        // by itself last frame).
        let apply_layout = std::mem::take(&mut self.windows.apply_layout);
        self.windows.apply_layout_now = apply_layout;
        self.shortcuts(ui.ctx());
        if self.presentation.on {
            self.presentation_ui(ui);
        } else {
            self.workspace_ui(ui);
        }
        self.built_in_chooser_ui(ui.ctx());
        self.notices_ui(ui.ctx());
    }

    /// The workspace: the menu and status bars, the docked panels (layers on the left, the
    /// sheet on the right, the tables below), the map in the rest; dialogs float over it.
    fn workspace_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("etat").show(ui, |ui| self.status_ui(ui));
        self.layers_panel_ui(ui);
        self.side_panel_ui(ui);
        self.dock_ui(ui);
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE.fill(theme::MAP_BACKGROUND))
            .show(ui, |ui| {
                let map_rect = ui.available_rect_before_wrap();
                self.navigate(ui, map_rect);
                let mut furniture = Vec::new();
                if self.windows.comparison.side_by_side {
                    self.side_by_side_ui(ui);
                } else {
                    self.map_ui(ui);
                }
                furniture.extend(self.zoom_buttons_ui(ui));
                if self.map.osm_unreachable {
                    furniture.extend(self.osm_warning_ui(ui, map_rect));
                }
                furniture.extend(self.legend_overlay_ui(ui, map_rect));
                self.map.furniture = furniture;
            });
        self.about_ui(ui.ctx());
        self.first_steps_ui(ui.ctx());
    }

    /// Keys that work everywhere: the text size (Ctrl + / Ctrl − / Ctrl 0); Échap closes the
    /// dialogs once no list, popup or field has it.
    fn shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let shortcut = |key| KeyboardShortcut::new(Modifiers::COMMAND, key);
        let (bigger, smaller, reset) = ctx.input_mut(|i| {
            (
                i.consume_shortcut(&shortcut(Key::Plus))
                    || i.consume_shortcut(&shortcut(Key::Equals)),
                i.consume_shortcut(&shortcut(Key::Minus)),
                i.consume_shortcut(&shortcut(Key::Num0)),
            )
        });
        let scale = self.settings.text_scale;
        let wanted = if reset {
            Some(1.0)
        } else if bigger {
            Some(scale + super::layout::TEXT_SCALE_STEP)
        } else if smaller {
            Some(scale - super::layout::TEXT_SCALE_STEP)
        } else {
            None
        };
        if let Some(s) = wanted {
            self.commands.push(Command::SetTextScale(s));
        }
        // Escape: egui closes an open list or popup, a text field gives the keyboard back;
        // otherwise the topmost dialog closes.
        let escape = ctx.input(|i| i.key_pressed(Key::Escape));
        if escape
            && !self.presentation.on
            && !egui::Popup::is_any_open(ctx)
            && ctx.memory(|m| m.focused().is_none())
        {
            if self.files.built_in_open() {
                self.files.close_built_in();
            } else if self.windows.show_about {
                self.windows.show_about = false;
            } else if self.windows.show_first_steps {
                self.windows.show_first_steps = false;
            }
        }
    }

    /// The warning that OpenStreetMap does not answer, at the top of the map; returns its box.
    fn osm_warning_ui(&mut self, ui: &egui::Ui, map_rect: egui::Rect) -> Option<egui::Rect> {
        let response = egui::Area::new(egui::Id::unique("osm-injoignable"))
            .fixed_pos(map_rect.center_top() + egui::vec2(0.0, 10.0))
            .pivot(Align2::CENTER_TOP)
            .constrain_to(map_rect)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.colored_label(
                        theme::ERROR_TEXT,
                        "OpenStreetMap ne répond pas (pas de réseau ?) : seules les tuiles en cache s'affichent.",
                    );
                    if ui.button("Revenir au fond hors ligne").clicked() {
                        self.commands.push(Command::SetOnlineBasemap(false));
                    }
                });
            });
        Some(response.response.rect)
    }

    /// The "Premiers pas" window: the guide's steps, numbered.
    fn first_steps_ui(&mut self, ctx: &egui::Context) {
        if !self.windows.show_first_steps {
            return;
        }
        egui::Window::new("Premiers pas")
            .open(&mut self.windows.show_first_steps)
            .default_width(480.0)
            .show(ctx, |ui| {
                for (i, step) in crate::about::FIRST_STEPS.iter().enumerate() {
                    ui.horizontal_top(|ui| {
                        ui.label(RichText::new(format!("{}.", i + 1)).strong());
                        ui.label(*step);
                    });
                    ui.add_space(2.0);
                }
            });
    }

    fn about_ui(&mut self, ctx: &egui::Context) {
        if !self.windows.show_about {
            return;
        }
        let sources = self.loaded().map(|l| l.dataset.tables.sources.clone());
        egui::Window::new("À propos")
            .open(&mut self.windows.show_about)
            .default_width(560.0)
            .show(ctx, |ui| {
                ui.label(RichText::new(crate::about::version_line()).strong());
                ui.label("Territoires d'industrie : programme de l'ANCT et de la DGE.");
                let assets = crate::io::assets::assets();
                for section in crate::about::sections(sources.as_deref(), assets) {
                    ui.add_space(4.0);
                    ui.label(RichText::new(section.title).strong());
                    for line in section.lines {
                        ui.label(line);
                    }
                }
            });
    }

    /// Messages for the user, each with a button to dismiss it.
    fn notices_ui(&mut self, ctx: &egui::Context) {
        if self.notices.is_empty() {
            return;
        }
        let mut dismissed = None;
        egui::Window::new("Avis")
            .anchor(Align2::CENTER_TOP, [0.0, 40.0])
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                for (i, n) in self.notices.iter().enumerate() {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(n);
                        if ui.small_button("OK").clicked() {
                            dismissed = Some(i);
                        }
                    });
                }
            });
        if let Some(i) = dismissed {
            self.notices.remove(i);
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("Fichier", |ui| {
                if ui.button("Importer…").clicked() {
                    self.commands
                        .push(Command::OpenImport(ImportKind::Auto, None));
                    ui.close();
                }
                if ui.button("Exporter la carte…").clicked() {
                    self.commands.push(Command::OpenExport(ExportWhat::Map));
                    ui.close();
                }
                if ui
                    .add_enabled(
                        self.selected_territory()
                            .is_some_and(|t| t.generation == Generation::Temps2),
                        egui::Button::new("Exporter la fiche du territoire…"),
                    )
                    .clicked()
                {
                    self.commands.push(Command::OpenExport(ExportWhat::Sheet));
                    ui.close();
                }
                if ui.button("Quitter").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("Affichage", |ui| self.view_menu_ui(ui));
            ui.menu_button("Aide", |ui| {
                if ui.button("Premiers pas").clicked() {
                    self.windows.show_first_steps = true;
                    ui.close();
                }
                if ui.button("À propos et sources").clicked() {
                    self.windows.show_about = true;
                    ui.close();
                }
            });
            ui.separator();
            let index = match &self.load {
                LoadState::Ready(l, _) => l.indexes.as_ref().map(|i| &i.search),
                _ => None,
            };
            if let Some(hit) = search_box_ui(ui, &mut self.windows.search, index) {
                self.open_hit(&hit);
            }
        });
    }

    /// The Affichage menu: panels and tabs, text size, layout, presentation, quick jumps.
    fn view_menu_ui(&mut self, ui: &mut egui::Ui) {
        let layout = &self.settings.layout;
        let mut layers = layout.left_open;
        if ui.checkbox(&mut layers, "Panneau des couches").changed() {
            self.commands.push(Command::ShowLayersPanel(layers));
        }
        let mut table = layout.is_open(DockTab::Table);
        if ui.checkbox(&mut table, "Tableau des valeurs").changed() {
            self.commands.push(Command::ShowTable(table));
        }
        if ui.button("Temps I et Temps II…").clicked() {
            self.commands.push(Command::OpenTab(DockTab::Comparison));
            ui.close();
        }
        if ui.button("Vues…").clicked() {
            self.commands.push(Command::OpenTab(DockTab::Views));
            ui.close();
        }
        if ui.button("Nuage de points…").clicked() {
            self.commands.push(Command::OpenScatter);
            ui.close();
        }
        if !self.user.layers.is_empty() {
            ui.menu_button("Attributs d'une couche importée", |ui| {
                let mut chosen = None;
                for layer in &self.user.layers {
                    if ui.button(&layer.spec.name).clicked() {
                        chosen = Some(layer.spec.name.clone());
                        ui.close();
                    }
                }
                if let Some(name) = chosen {
                    self.open_attributes(&name);
                }
            });
        }
        ui.separator();
        let scale = self.settings.text_scale;
        ui.menu_button(
            format!("Taille du texte ({} %)", (scale * 100.0).round()),
            |ui| {
                let ctx = ui.ctx().clone();
                let shortcut = |key| {
                    ctx.format_shortcut(&egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, key))
                };
                let step = super::layout::TEXT_SCALE_STEP;
                for (label, key, value) in [
                    ("Agrandir", egui::Key::Plus, scale + step),
                    ("Réduire", egui::Key::Minus, scale - step),
                    ("Taille normale (100 %)", egui::Key::Num0, 1.0),
                ] {
                    if ui
                        .add(egui::Button::new(label).shortcut_text(shortcut(key)))
                        .clicked()
                    {
                        self.commands.push(Command::SetTextScale(value));
                    }
                }
            },
        );
        if ui
            .button("Réinitialiser la disposition")
            .on_hover_text("Panneaux, tailles et onglets par défaut")
            .clicked()
        {
            self.commands.push(Command::ResetLayout);
            ui.close();
        }
        ui.separator();
        if ui
            .add(egui::Button::new("Présentation").shortcut_text("F11"))
            .clicked()
        {
            let start = self
                .presentation
                .current_view
                .or((!self.settings.bookmarks.is_empty()).then_some(0));
            self.set_presenting(true, start, ui.ctx());
            ui.close();
        }
        ui.checkbox(
            &mut self.settings.presentation_high_contrast,
            "Présentation en contraste élevé",
        );
        ui.separator();
        ui.label("Aller à");
        if ui.button("France entière").clicked() {
            self.commands.push(Command::Home);
            ui.close();
        }
        for (name, lon, lat, zoom) in JUMPS.into_iter().skip(1) {
            if ui.button(name).clicked() {
                self.commands.push(Command::Jump { lon, lat, zoom });
                ui.close();
            }
        }
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            match &self.load {
                LoadState::Loading(_) => {
                    ui.spinner();
                    ui.label("Chargement des territoires…");
                }
                LoadState::Failed(e) => {
                    ui.colored_label(theme::ERROR_TEXT, format!("Données indisponibles : {e}"));
                }
                LoadState::Ready(l, pending) => {
                    if pending.is_some() {
                        ui.spinner();
                    }
                    ui.label(format!(
                        "{} territoires 2023-2027 — carte prête en {} ms",
                        l.dataset.territories(Generation::Temps2).count(),
                        int_fr(l.ready_time.as_millis() as u64)
                    ));
                }
            }
            if let super::basemap::Basemap::Unavailable(reason) = &self.map.basemap {
                ui.separator();
                ui.colored_label(theme::ERROR_TEXT, reason);
            }
            let sources = self
                .map
                .output
                .composition
                .as_ref()
                .map(crate::carto::Composition::sources_line)
                .unwrap_or_default();
            // The zoom always shows; the sources take the room left, cut with "…" and whole
            // in the tooltip (they are complete in the À propos window and in every export).
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.small(format!(
                    "Zoom {}",
                    crate::format::decimal_fr(self.map.memory.zoom(), 1)
                ));
                ui.separator();
                ui.add(egui::Label::new(egui::RichText::new(&sources).small()).truncate())
                    .on_hover_text(&sources);
            });
        });
    }

    fn side_panel_ui(&mut self, ui: &mut egui::Ui) {
        let Some(selection) = self.map.selection.clone() else {
            return;
        };
        let LoadState::Ready(loaded, _) = &self.load else {
            return;
        };
        let dataset = &loaded.dataset;
        let sheet_state = &mut self.windows.sheet;
        let imports = &self.user.imports;
        let kind = selection.unit.layer;
        let index = selection.index;
        let mut command = PanelCommand::None;
        // Docked on the right, resizable, foldable to a strip (the sheet's size is saved).
        let layout = &self.settings.layout;
        let (mut open, width) = (layout.sheet_open, layout.sheet_width);
        let (expanded, collapsed) = super::panels::docked(
            egui::Panel::right("fiche"),
            egui::Panel::right("fiche-repliee"),
            width,
            super::layout::SHEET_RANGE,
            self.windows.apply_layout_now,
        );
        let mut unfolded_now = false;
        let mut fold = None;
        let shown =
            egui::Panel::show_switched(ui, &mut open, collapsed, expanded, |ui, unfolded| {
                if !unfolded {
                    if super::panels::fold_button(ui, "«", "Déplier la fiche").clicked() {
                        fold = Some(true);
                    }
                    return;
                }
                unfolded_now = true;
                if super::panels::fold_button(ui, "»", "Replier la fiche").clicked() {
                    fold = Some(false);
                }
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        command = match kind {
                            LayerKind::Ti2023 | LayerKind::Ti2018 => {
                                let table = kind.generation().map(|g| loaded.territory_table(g));
                                match dataset.territory_of(&selection.unit) {
                                    Some(t) => {
                                        let data = SheetData {
                                            dataset,
                                            references: loaded
                                                .indexes
                                                .as_ref()
                                                .map(|i| &i.references),
                                            imports,
                                            bivariate: self.map.bivariate.grid.as_deref(),
                                        };
                                        territory_ui(ui, &data, t, kind, index, table, sheet_state)
                                    }
                                    None => PanelCommand::Close,
                                }
                            }
                            LayerKind::Epci => {
                                unit_ui(ui, dataset, kind, index, loaded.table(Level::Epci))
                            }
                            LayerKind::Departements => {
                                unit_ui(ui, dataset, kind, index, loaded.table(Level::Departement))
                            }
                            LayerKind::Regions => unit_ui(ui, dataset, kind, index, None),
                        };
                    });
            });
        let layout = &mut self.settings.layout;
        layout.sheet_open = fold.unwrap_or(open);
        if unfolded_now && open {
            let rect = shown.response.rect;
            let edge = super::panels::Edge::Left;
            if super::panels::settle_size(ui.ctx(), rect, edge, &mut layout.sheet_width) {
                self.windows.apply_layout = true;
            }
        }
        let command = match command {
            PanelCommand::None => None,

            PanelCommand::Close => Some(Command::Select(None)),
            PanelCommand::ZoomTo(unit) => Some(Command::ZoomTo(unit)),
            PanelCommand::Select(unit) => Some(Command::Reveal(unit)),
            PanelCommand::ExportSheet => Some(Command::OpenExport(ExportWhat::Sheet)),
        };
        self.commands.extend(command);
    }
}
