//! Views ("vues") and the presentation mode: full screen, large type, title and legend always
//! visible, no editing chrome; the next and previous views with the arrows, Page Up/Down (what
//! presentation clickers send) and the space bar.

use egui::{Align2, Key, RichText};
use walkers::lon_lat;

use super::{AtlasApp, FRANCE_CENTER, theme};
use crate::model::views::bookmarks::{self, Bookmark};
use crate::model::{Generation, LayerKind, TerritoryId, UnitRef};
use crate::ui::views_window::{ViewsCommand, views_window_ui};

impl AtlasApp {
    /// The current map as a view named `name`.
    pub fn capture_view(&self, name: &str) -> Bookmark {
        let centre = self
            .map
            .memory
            .detached()
            .unwrap_or(lon_lat(FRANCE_CENTER.0, FRANCE_CENTER.1));
        let s = &self.settings.map;
        Bookmark {
            name: name.to_owned(),
            centre: [centre.x(), centre.y()],
            zoom: self.map.memory.zoom(),
            territory: self
                .selected_territory()
                .filter(|t| t.generation == Generation::Temps2)
                .map(|t| TerritoryId::new(&t.id)),
            maille: s.maille,
            indicator: s.indicator.clone(),
            method: s.method,
            classes: s.classes,
            manual_breaks: s.manual_breaks.clone(),
            palette: s.palette,
            frozen_breaks: s.frozen_breaks.clone(),
            layers: LayerKind::ALL
                .into_iter()
                .filter(|&k| s.visible(k))
                .collect(),
            labels: s.labels.clone(),
        }
    }

    /// Shows a view: extent, layers, indicator and classes, the territory's sheet.
    pub fn apply_view(&mut self, view: &Bookmark) {
        let s = &mut self.settings.map;
        s.maille = view.maille;
        s.indicator = view.indicator.clone();
        s.method = view.method;
        s.classes = view.classes;
        s.manual_breaks = view.manual_breaks.clone();
        s.palette = view.palette;
        s.frozen_breaks = view.frozen_breaks.clone();
        for kind in LayerKind::ALL {
            *s.visible_mut(kind) = view.layers.contains(&kind);
        }
        s.labels = view.labels.clone();
        self.map
            .memory
            .center_at(lon_lat(view.centre[0], view.centre[1]));
        let _ = self.map.memory.set_zoom(view.zoom);
        self.set_selection(view.territory.as_ref().map(UnitRef::territory));
    }

    /// Enters (from view `start`, if any) or leaves the presentation mode.
    pub fn set_presenting(&mut self, on: bool, start: Option<usize>, ctx: &egui::Context) {
        self.presentation.on = on;
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
        if on && let Some(view) = start.and_then(|i| self.settings.bookmarks.get(i).cloned()) {
            self.presentation.current_view = start;
            self.apply_view(&view);
        }
    }

    /// Goes to the next (or previous) view.
    pub fn step_view(&mut self, forward: bool) {
        let next = bookmarks::step(
            self.presentation.current_view,
            self.settings.bookmarks.len(),
            forward,
        );
        if let Some(view) = next.and_then(|i| self.settings.bookmarks.get(i).cloned()) {
            self.presentation.current_view = next;
            self.apply_view(&view);
        }
    }

    /// F11, Échap and, while presenting, the keys that change views.
    pub(super) fn presentation_keys(&mut self, ctx: &egui::Context) {
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        let (toggle, leave, next, previous) = ctx.input(|i| {
            (
                i.key_pressed(Key::F11),
                i.key_pressed(Key::Escape),
                i.key_pressed(Key::ArrowRight)
                    || i.key_pressed(Key::PageDown)
                    || i.key_pressed(Key::Space),
                i.key_pressed(Key::ArrowLeft) || i.key_pressed(Key::PageUp),
            )
        });
        if toggle {
            let start = self
                .presentation
                .current_view
                .or((!self.settings.bookmarks.is_empty()).then_some(0));
            self.set_presenting(!self.presentation.on, start, ctx);
        } else if self.presentation.on && leave {
            self.set_presenting(false, None, ctx);
        } else if self.presentation.on && (next || previous) {
            self.step_view(next);
        }
    }

    /// The presentation screen: the map, its title and legend in large type, nothing to edit.
    pub(super) fn presentation_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE.fill(theme::MAP_BACKGROUND))
            .show(ui, |ui| {
                self.map_ui(ui);
            });
        let view = self
            .presentation
            .current_view
            .and_then(|i| self.settings.bookmarks.get(i))
            .map(|v| v.name.clone());
        let territory = self.selected_territory().map(|t| t.name.clone());
        let legend_title = self.legend().map(|l| l.title.clone());
        let title = view
            .clone()
            .or(territory.clone())
            .or(legend_title.clone())
            .unwrap_or_else(|| "Territoires d'industrie 2023-2027".into());
        let subtitle = [territory, legend_title]
            .into_iter()
            .flatten()
            .filter(|s| *s != title)
            .collect::<Vec<_>>()
            .join(" — ");
        egui::Area::new(egui::Id::unique("presentation-titre"))
            .anchor(Align2::LEFT_TOP, [20.0, 20.0])
            .show(&ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.label(RichText::new(&title).size(34.0).strong());
                    if !subtitle.is_empty() {
                        ui.label(RichText::new(&subtitle).size(20.0));
                    }
                });
            });
        if let Some(legend) = self.legend() {
            egui::Area::new(egui::Id::unique("presentation-legende"))
                .anchor(Align2::RIGHT_BOTTOM, [-20.0, -20.0])
                .show(&ctx, |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.set_max_width(460.0);
                        // Large type: every text style of the legend one and a half times.
                        for font in ui.style_mut().text_styles.values_mut() {
                            font.size *= 1.5;
                        }
                        crate::ui::legend::legend_ui(ui, legend);
                    });
                });
        }
        let position = match (
            self.presentation.current_view,
            self.settings.bookmarks.len(),
        ) {
            (Some(i), n) if n > 0 => format!("vue {} / {n} — ", i + 1),
            _ => String::new(),
        };
        egui::Area::new(egui::Id::unique("presentation-aide"))
            .anchor(Align2::LEFT_BOTTOM, [20.0, -16.0])
            .show(&ctx, |ui| {
                ui.add(
                    egui::Label::new(
                        RichText::new(format!(
                            "{position}Page suivante / Espace : vue suivante — Page précédente : vue précédente — Échap : quitter"
                        ))
                        .size(14.0)
                        .color(egui::Color32::from_gray(60)),
                    )
                    .extend(),
                );
            });
    }

    /// The "Vues" window.
    pub(super) fn views_ui(&mut self, ctx: &egui::Context) {
        if !self.windows.views.open {
            return;
        }
        let mut open = true;
        let mut command = ViewsCommand::None;
        let state = &mut self.windows.views;
        let views = &self.settings.bookmarks;
        let current = self.presentation.current_view;
        egui::Window::new("Vues")
            .open(&mut open)
            .default_width(520.0)
            .show(ctx, |ui| {
                command = views_window_ui(ui, state, views, current);
            });
        self.windows.views.open = open;
        match command {
            ViewsCommand::None => {}
            ViewsCommand::Add(name) => {
                let view = self.capture_view(&name);
                self.settings.bookmarks.push(view);
                self.presentation.current_view = Some(self.settings.bookmarks.len() - 1);
            }
            ViewsCommand::Go(i) => {
                if let Some(view) = self.settings.bookmarks.get(i).cloned() {
                    self.presentation.current_view = Some(i);
                    self.apply_view(&view);
                }
            }
            ViewsCommand::Move(i, up) => {
                let to = bookmarks::move_view(&mut self.settings.bookmarks, i, up);
                if self.presentation.current_view == Some(i) {
                    self.presentation.current_view = Some(to);
                }
            }
            ViewsCommand::Delete(i) => {
                if i < self.settings.bookmarks.len() {
                    self.settings.bookmarks.remove(i);
                    self.presentation.current_view = None;
                }
            }
            ViewsCommand::Rename(i, name) => {
                if let Some(view) = self.settings.bookmarks.get_mut(i) {
                    view.name = name;
                }
            }
            ViewsCommand::Export => {
                let path = std::path::PathBuf::from(self.windows.views.path.trim());
                let text = bookmarks::to_json(&self.settings.bookmarks);
                self.windows.views.message = Some(
                    crate::io::atomic::write_atomic(&path, text.as_bytes())
                        .map(|()| {
                            format!(
                                "{} vue(s) écrite(s) dans {}",
                                self.settings.bookmarks.len(),
                                path.display()
                            )
                        })
                        .map_err(|e| e.to_string()),
                );
            }
            ViewsCommand::Import => {
                let path = std::path::PathBuf::from(self.windows.views.path.trim());
                let name = path.display().to_string();
                let result = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{name} : lecture impossible ({e})"))
                    .and_then(|text| bookmarks::from_json(&text, &name));
                self.windows.views.message = Some(match result {
                    Ok(views) => {
                        let n = views.len();
                        self.settings.bookmarks.extend(views);
                        Ok(format!("{n} vue(s) ajoutée(s) depuis {name}"))
                    }
                    Err(e) => Err(e),
                });
            }
            ViewsCommand::Present(i) => self.set_presenting(true, Some(i), ctx),
        }
    }
}
