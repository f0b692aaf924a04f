//! Views ("vues") and the presentation mode: full screen, large type, title and footer on
//! bands around the map, the legend where it hides the least, no editing chrome; the next and previous views with the arrows, Page Up/Down (what
//! presentation clickers send) and the space bar.

use egui::{Key, RichText};
use walkers::lon_lat;

use super::{AtlasApp, FRANCE_CENTER, theme};
use crate::map::painter::carto_rect;
use crate::model::views::bookmarks::{self, Bookmark};
use crate::model::{Generation, LayerKind, UnitRef};
use crate::ui::placement::best_corner;
use crate::ui::views_window::{ViewsCommand, views_window_ui};

/// What "Page suivante" says while no view is saved.
pub const NO_SAVED_VIEW: &str = "Aucune vue enregistrée : enregistrez-en une (Affichage > Vues…) \
     pour passer d'une vue à l'autre en présentation.";

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
                .map(|t| t.id.clone()),
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

    /// Goes to the next (or previous) view; says so when there is none.
    pub fn step_view(&mut self, forward: bool) {
        let next = bookmarks::step(
            self.presentation.current_view,
            self.settings.bookmarks.len(),
            forward,
        );
        let notice = match next {
            None => Some(NO_SAVED_VIEW),
            Some(_) if next == self.presentation.current_view => Some(if forward {
                "Dernière vue enregistrée : pas de vue suivante."
            } else {
                "Première vue enregistrée : pas de vue précédente."
            }),
            Some(_) => None,
        };
        if let Some(text) = notice {
            // Said once, not once per key press.
            if self.notices.last().map(String::as_str) != Some(text) {
                self.notices.push(text.to_owned());
            }
            return;
        }
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

    /// The presentation screen: the title on a band above the map and the footer on a band
    /// below it (neither covers the map), the legend in the corner of the map where it hides
    /// the least of the territories; large type (≥ 18 px at 100 %), high contrast on request.
    /// Side by side, each map has its half.
    pub(super) fn presentation_ui(&mut self, ui: &mut egui::Ui) {
        let contrast = self.settings.presentation_high_contrast;
        let (ink, band) = if contrast {
            (egui::Color32::BLACK, egui::Color32::WHITE)
        } else {
            (
                egui::Color32::from_gray(25),
                egui::Color32::from_rgba_unmultiplied(255, 255, 255, 235),
            )
        };
        let band_frame = egui::Frame::NONE
            .fill(band)
            .inner_margin(egui::Margin::symmetric(24, 10))
            .stroke(if contrast {
                egui::Stroke::new(2.0, egui::Color32::BLACK)
            } else {
                egui::Stroke::NONE
            });
        let (title, subtitle) = self.presentation_titles();
        egui::Panel::top("presentation-titre")
            .frame(band_frame)
            .show(ui, |ui| {
                ui.label(
                    RichText::new(&title)
                        .size(theme::PRESENTATION_TITLE)
                        .strong()
                        .color(ink),
                );
                if !subtitle.is_empty() {
                    ui.label(
                        RichText::new(&subtitle)
                            .size(theme::PRESENTATION_TEXT + 3.0)
                            .color(ink),
                    );
                }
            });
        let footer = self.presentation_footer();
        egui::Panel::bottom("presentation-pied")
            .frame(band_frame)
            .show(ui, |ui| {
                ui.add(
                    egui::Label::new(
                        RichText::new(footer)
                            .size(theme::PRESENTATION_TEXT)
                            .color(ink),
                    )
                    .wrap(),
                );
            });
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE.fill(theme::MAP_BACKGROUND))
            .show(ui, |ui| {
                let map_rect = ui.available_rect_before_wrap();
                self.navigate(ui, map_rect);
                if self.windows.comparison.side_by_side {
                    self.side_by_side_ui(ui);
                    self.map.furniture.clear();
                } else {
                    self.map_ui(ui);
                    let legend = self.presentation_legend_ui(ui, map_rect, ink, contrast);
                    self.map.furniture = legend.into_iter().collect();
                }
            });
    }

    /// The title (the view's name, else the territory or the indicator) and what else is shown.
    fn presentation_titles(&self) -> (String, String) {
        let view = self
            .presentation
            .current_view
            .and_then(|i| self.settings.bookmarks.get(i))
            .map(|v| v.name.clone());
        let territory = self.selected_territory().map(|t| t.name.clone());
        let legend_title = self.legend().map(|l| l.title.clone());
        let title = view
            .or(territory.clone())
            .or(legend_title.clone())
            .unwrap_or_else(|| "Territoires d'industrie 2023-2027".into());
        let subtitle = [territory, legend_title]
            .into_iter()
            .flatten()
            .filter(|s| *s != title)
            .collect::<Vec<_>>()
            .join(" — ");
        (title, subtitle)
    }

    /// The footer: where we are in the views, the keys, the sources.
    fn presentation_footer(&self) -> String {
        let position = match (
            self.presentation.current_view,
            self.settings.bookmarks.len(),
        ) {
            (Some(i), n) if n > 0 => format!("Vue {} / {n} — ", i + 1),
            _ => String::new(),
        };
        // The legend names its sources; without one, the footer does.
        let sources = match self.legend() {
            Some(_) => String::new(),
            None => self
                .map
                .output
                .composition
                .as_ref()
                .map(|c| format!("\n{}", c.sources_line()))
                .unwrap_or_default(),
        };
        format!(
            "{position}Page suivante / Espace : vue suivante — Page précédente : vue précédente — Échap : quitter{sources}"
        )
    }

    /// The legend in large type, in the corner of the map that hides the least; its box.
    fn presentation_legend_ui(
        &mut self,
        ui: &egui::Ui,
        map_rect: egui::Rect,
        ink: egui::Color32,
        contrast: bool,
    ) -> Option<egui::Rect> {
        let legend = self.legend().cloned();
        let bivariate = self.bivariate().map(|b| std::sync::Arc::clone(&b.legend));
        if legend.is_none() && bivariate.is_none() {
            return None;
        }
        let size = self.map.legend_rect.map_or((420.0, 360.0), |r| {
            (f64::from(r.width()), f64::from(r.height()))
        });
        let frame = carto_rect(map_rect);
        let obstacles = self.map_obstacles();
        let corner = best_corner(frame, size, 16.0, &obstacles, self.map.legend_corner);
        self.map.legend_corner = corner;
        let (pos, pivot) = super::map_overlay::corner_anchor(corner, map_rect, 16.0);
        let response = egui::Area::new(egui::Id::unique("presentation-legende"))
            .fixed_pos(pos)
            .pivot(pivot)
            .constrain_to(map_rect.shrink(8.0))
            .show(ui.ctx(), |ui| {
                let mut frame = egui::Frame::popup(ui.style());
                if contrast {
                    frame = frame
                        .fill(egui::Color32::WHITE)
                        .stroke(egui::Stroke::new(2.0, egui::Color32::BLACK));
                }
                frame.show(ui, |ui| {
                    ui.set_max_width(480.0);
                    // Large type: the smallest text of the legend at 18 px or more.
                    let factor = theme::PRESENTATION_TEXT / theme::TEXT_SMALL;
                    for font in ui.style_mut().text_styles.values_mut() {
                        font.size *= factor;
                    }
                    ui.visuals_mut().override_text_color = Some(ink);
                    // A long legend scrolls inside the map rather than running off it.
                    let max_height = (map_rect.height() - 48.0).max(120.0);
                    ui.allocate_ui(egui::vec2(ui.available_width(), max_height), |ui| {
                        egui::ScrollArea::vertical()
                            .id_salt("presentation-legende-defilement")
                            .max_height(max_height)
                            .show(ui, |ui| {
                                if let Some(l) = &legend {
                                    crate::ui::legend::legend_ui(ui, l);
                                }
                                if let Some(b) = &bivariate {
                                    crate::ui::bivariate_legend::bivariate_legend_ui(ui, b);
                                }
                            });
                    });
                });
            });
        let rect = response.response.rect;
        self.map.legend_rect = Some(rect);
        Some(rect)
    }

    /// The views tab of the bottom dock.
    pub(super) fn views_tab_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = &ui.ctx().clone();
        let state = &mut self.windows.views;
        let views = &self.settings.bookmarks;
        let current = self.presentation.current_view;
        let command = views_window_ui(ui, state, views, current);
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
                    crate::io::output::write(
                        &path,
                        crate::io::output::OutputKind::Json,
                        text.as_bytes(),
                    )
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
                let result = crate::io::read_file::read_capped(
                    &path,
                    crate::io::read_file::MAX_SMALL_FILE_BYTES * 16,
                )
                .map_err(|e| format!("{name} : {e}"))
                .and_then(|bytes| bookmarks::from_json(&String::from_utf8_lossy(&bytes), &name));
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
