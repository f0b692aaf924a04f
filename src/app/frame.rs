//! One frame of the window: the menu, the status bar, the sheet, the map and the windows over
//! it. Panels take what they show and return commands; nothing here computes data.

use egui::{Align2, RichText};

use super::command::Command;
use super::{AtlasApp, JUMPS, LoadState, WINDOW_TITLE, theme};
use crate::format::int_fr;
use crate::map::painter::rgb;
use crate::model::indicators::Kind;
use crate::model::indicators::nature::Nature;
use crate::model::{Generation, LayerKind, Level, UnitRef};
use crate::ui::export_window::ExportWhat;
use crate::ui::layers_panel::{LayersChoice, LayersPanelInput, layers_ui};
use crate::ui::search_box::search_box_ui;
use crate::ui::table_view::{TableAction, TableViewInput, table_view_ui};
use crate::ui::territory_panel::{PanelCommand, SheetData, territory_ui, unit_ui};

impl AtlasApp {
    pub(super) fn frame_ui(&mut self, ui: &mut egui::Ui) {
        if self.presentation.on {
            self.presentation_ui(ui);
            return;
        }
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("etat").show(ui, |ui| self.status_ui(ui));
        self.side_panel_ui(ui);
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE.fill(theme::MAP_BACKGROUND))
            .show(ui, |ui| {
                let mut furniture = Vec::new();
                if self.windows.comparison.side_by_side {
                    self.side_by_side_ui(ui);
                } else {
                    self.map_ui(ui);
                }
                furniture.extend(self.zoom_buttons_ui(ui));
                if self.map.osm_unreachable {
                    self.osm_warning_ui(ui);
                }
                if self.windows.show_layers {
                    furniture.extend(self.layers_window_ui(ui.ctx()));
                }
                furniture.extend(self.legend_ui(ui.ctx()));
                self.table_ui(ui.ctx());
                self.map.furniture = furniture;
            });
        self.about_ui(ui.ctx());
        self.import_window_ui(ui.ctx());
        self.attribute_window_ui(ui.ctx());
        self.export_window_ui(ui.ctx());
        self.views_ui(ui.ctx());
        self.comparison_ui(ui.ctx());
        self.scatter_window_ui(ui.ctx());
        self.notices_ui(ui.ctx());
    }

    fn osm_warning_ui(&mut self, ui: &egui::Ui) {
        egui::Area::new(egui::Id::unique("osm-injoignable"))
            .anchor(Align2::CENTER_TOP, [0.0, 40.0])
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
    }

    /// The Couches window; returns its box (names avoid it).
    fn layers_window_ui(&mut self, ctx: &egui::Context) -> Option<egui::Rect> {
        let indicators = Level::MAPS.map(|level| {
            self.loaded()
                .map(|l| {
                    l.table(level)
                        .into_iter()
                        .flat_map(|t| t.indicators.iter())
                        .filter(|i| i.unavailable.is_none())
                        .map(|i| (i.id.clone(), i.label.clone()))
                        .collect()
                })
                .unwrap_or_default()
        });
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
            current_breaks: breaks.as_deref(),
            stocks: &stocks,
            imported: &imported,
            symbols_error: self.map.symbols_error.as_deref(),
        };
        let current = LayersChoice {
            map: self.settings.map.clone(),
            online_basemap: self.settings.online_basemap,
            simulation: self.map.simulation,
        };
        let mut changed = None;
        let response = egui::Window::new("Couches")
            .anchor(Align2::LEFT_TOP, [10.0, 40.0])
            .resizable(false)
            .collapsible(true)
            .show(ctx, |ui| changed = layers_ui(ui, &current, &input));
        if let Some(choice) = changed {
            if choice.map != current.map {
                self.commands.push(Command::SetMap(choice.map));
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
        response.map(|r| r.response.rect)
    }

    /// The legend of the current indicator, at the map's bottom right; returns its box.
    fn legend_ui(&mut self, ctx: &egui::Context) -> Option<egui::Rect> {
        // Coloured by Temps I / Temps II status: the comparison window is the legend.
        let error = self.map.thematic.error.clone();
        let error = error.or_else(|| self.map.bivariate.error.clone());
        let symbols = self.map.symbols.clone();
        let bivariate = self.bivariate().map(|b| std::sync::Arc::clone(&b.legend));
        if (self.legend().is_none() && error.is_none() && symbols.is_none() && bivariate.is_none())
            || self.windows.comparison.colour_map
        {
            return None;
        }
        let screen = ctx.content_rect();
        let offset = self.map.rect.map_or([-10.0, -34.0], |map| {
            [
                -(screen.right() - map.right()) - 10.0,
                -(screen.bottom() - map.bottom()) - 10.0,
            ]
        });
        let legend = self.map.thematic.shown.as_ref().map(|c| c.legend.clone());
        let show_table = self.windows.show_table;
        let mut open_table = false;
        let response = egui::Window::new("Légende")
            .anchor(Align2::RIGHT_BOTTOM, offset)
            .resizable(false)
            .collapsible(true)
            .default_width(300.0)
            .show(ctx, |ui| {
                if let Some(e) = &error {
                    ui.colored_label(theme::ERROR_TEXT, e);
                }
                if let Some(s) = &symbols {
                    crate::ui::legend::symbol_legend_ui(ui, s);
                    if legend.is_some() {
                        ui.separator();
                    }
                }
                if let Some(l) = &legend {
                    crate::ui::legend::legend_ui(ui, l);
                }
                if let Some(b) = &bivariate {
                    crate::ui::bivariate_legend::bivariate_legend_ui(ui, b);
                }
                if !show_table
                    && ui
                        .small_button("Tableau des valeurs")
                        .on_hover_text("Les mêmes valeurs en tableau triable")
                        .clicked()
                {
                    open_table = true;
                }
            });
        if open_table {
            self.commands.push(Command::ShowTable(true));
        }
        response.map(|r| r.response.rect)
    }

    fn table_ui(&mut self, ctx: &egui::Context) {
        if !self.windows.show_table {
            return;
        }
        let Some(level) = self.windows.table_rows.level else {
            return;
        };
        let mut open = true;
        let mut action = TableAction::None;
        let mut export = false;
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
        egui::Window::new("Tableau des valeurs")
            .open(&mut open)
            .default_size([760.0, 420.0])
            .default_pos([420.0, 120.0])
            .resizable(true)
            .show(ctx, |ui| {
                let input = TableViewInput {
                    title: &rows.title,
                    unit: &rows.unit,
                    rows: &rows.rows,
                    colours: &colours,
                    missing_colour: missing,
                    generation: rows.generation,
                };
                ui.horizontal(|ui| {
                    ui.small(format!("Maille : {}", level.maille_fr()));
                    export = ui
                        .add_enabled(has_legend, egui::Button::new("Exporter en CSV…"))
                        .on_hover_text(
                            "Le tableau tel qu'il est affiché, pour Excel (UTF-8, « ; »)",
                        )
                        .clicked();
                });
                action = table_view_ui(ui, &input, table);
            });
        self.windows.show_table = open;
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

    fn about_ui(&mut self, ctx: &egui::Context) {
        if !self.windows.show_about {
            return;
        }
        let sources: Vec<String> = self
            .loaded()
            .map(|l| {
                l.dataset
                    .tables
                    .sources
                    .iter()
                    .map(|s| format!("{} — {} — {}", s.label, s.vintage, s.licence))
                    .collect()
            })
            .unwrap_or_default();
        egui::Window::new("À propos")
            .open(&mut self.windows.show_about)
            .show(ctx, |ui| {
                ui.label(RichText::new(WINDOW_TITLE).strong());
                ui.label("Territoires d'industrie : programme de l'ANCT et de la DGE.");
                for s in &sources {
                    ui.small(s);
                }
                ui.small("Fond de carte : Natural Earth (domaine public), IGN ADMIN EXPRESS COG 2024 (LO 2.0), populations INSEE ; en ligne : © les contributeurs d'OpenStreetMap.");
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
                    self.windows.import.open = true;
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
            ui.menu_button("Affichage", |ui| {
                ui.checkbox(&mut self.windows.show_layers, "Panneau des couches");
                ui.checkbox(&mut self.windows.show_table, "Tableau des valeurs");
                if ui.button("Temps I et Temps II…").clicked() {
                    self.windows.comparison.open = true;
                    ui.close();
                }
                if ui.button("Nuage de points…").clicked() {
                    self.scatter.window.open = true;
                    ui.close();
                }
                if ui.button("Vues…").clicked() {
                    self.windows.views.open = true;
                    ui.close();
                }
                if ui.button("Présentation (F11)").clicked() {
                    let start =
                        self.presentation
                            .current_view
                            .or((!self.settings.bookmarks.is_empty()).then_some(0));
                    self.set_presenting(true, start, ui.ctx());
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
            });
            ui.menu_button("Aide", |ui| {
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
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.small(format!("{sources} Zoom {:.1}", self.map.memory.zoom()));
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
        egui::Panel::right("fiche")
            .resizable(true)
            .default_size(380.0)
            .size_range(280.0..=560.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        command = match kind {
                            LayerKind::Ti2023 | LayerKind::Ti2018 => {
                                let generation = if kind == LayerKind::Ti2023 {
                                    Generation::Temps2
                                } else {
                                    Generation::Temps1
                                };
                                let table =
                                    loaded.tables.get(usize::from(kind == LayerKind::Ti2018));
                                match dataset.territory(generation, &selection.unit.code) {
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
        let unit = |kind: LayerKind, index: usize| {
            self.unit_of(crate::carto::LayerId::Bundle(kind), index)
        };
        let command = match command {
            PanelCommand::None => None,
            PanelCommand::Close => Some(Command::Select(None)),
            PanelCommand::ZoomTo(kind, index) => unit(kind, index).map(Command::ZoomTo),
            PanelCommand::Select(kind, index) => unit(kind, index).map(Command::Reveal),
            PanelCommand::ExportSheet => Some(Command::OpenExport(ExportWhat::Sheet)),
        };
        self.commands.extend(command);
    }
}
