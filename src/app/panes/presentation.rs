//! The presentation mode, a pane: full screen, large type, title and footer on bands around
//! the map, the legend where it hides the least, no editing chrome; the next and previous
//! views with the arrows, Page Up/Down (what presentation clickers send) and the space bar.
//! The map between the bands is the app's.

use egui::{Key, RichText};

use super::super::command::Command;
use super::super::context::PaneContext;
use super::super::map_overlay::corner_anchor;
use super::super::theme;
use crate::map::painter::carto_rect;
use crate::model::views::bookmarks;
use crate::ui::placement::{Corner, Obstacle, best_corner};

/// What "Page suivante" says while no view is saved.
pub const NO_SAVED_VIEW: &str = "Aucune vue enregistrée : enregistrez-en une (Affichage > Vues…) \
     pour passer d'une vue à l'autre en présentation.";

/// The mode and the view it shows.
#[derive(Default)]
pub struct PresentationPane {
    pub on: bool,
    pub current_view: Option<usize>,
}

/// Where the presentation's legend goes: its size last frame, the corner it was in, the
/// boxes it should avoid.
pub struct LegendPlace<'a> {
    pub size: (f64, f64),
    pub corner: &'a mut Corner,
    pub obstacles: &'a [Obstacle],
}

impl PresentationPane {
    /// The view to start from when the mode is entered: the current one, else the first.
    pub fn start(&self, views: usize) -> Option<usize> {
        self.current_view.or((views > 0).then_some(0))
    }

    /// F11, Échap and, while presenting, the keys that change views.
    pub fn keys(&self, ctx: &egui::Context, views: usize) -> Option<Command> {
        if ctx.egui_wants_keyboard_input() {
            return None;
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
            Some(Command::Present {
                on: !self.on,
                start: self.start(views),
            })
        } else if self.on && leave {
            Some(Command::Present {
                on: false,
                start: None,
            })
        } else if self.on && (next || previous) {
            Some(Command::StepView(next))
        } else {
            None
        }
    }

    /// The next (or previous) view to show, or what to say when there is none.
    pub fn step(&self, views: usize, forward: bool) -> Result<usize, &'static str> {
        let next = bookmarks::step(self.current_view, views, forward);
        match next {
            None => Err(NO_SAVED_VIEW),
            Some(_) if next == self.current_view => Err(if forward {
                "Dernière vue enregistrée : pas de vue suivante."
            } else {
                "Première vue enregistrée : pas de vue précédente."
            }),
            Some(i) => Ok(i),
        }
    }

    /// The ink of the text, and whether in high contrast.
    pub fn ink(cx: &PaneContext<'_>) -> (egui::Color32, bool) {
        let contrast = cx.settings.presentation_high_contrast;
        let ink = if contrast {
            egui::Color32::BLACK
        } else {
            egui::Color32::from_gray(25)
        };
        (ink, contrast)
    }

    /// The title on a band above the map and the footer on a band below it (neither covers
    /// the map); large type (≥ 18 px at 100 %), high contrast on request.
    pub fn bands_ui(&self, ui: &mut egui::Ui, cx: &PaneContext<'_>) {
        let (ink, contrast) = Self::ink(cx);
        let band = if contrast {
            egui::Color32::WHITE
        } else {
            egui::Color32::from_rgba_unmultiplied(255, 255, 255, 235)
        };
        let band_frame = egui::Frame::NONE
            .fill(band)
            .inner_margin(egui::Margin::symmetric(24, 10))
            .stroke(if contrast {
                egui::Stroke::new(2.0, egui::Color32::BLACK)
            } else {
                egui::Stroke::NONE
            });
        let (title, subtitle) = self.titles(cx);
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
        let footer = self.footer(cx);
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
    }

    /// The title (the view's name, else the territory or the indicator) and what else is shown.
    fn titles(&self, cx: &PaneContext<'_>) -> (String, String) {
        let view = self
            .current_view
            .and_then(|i| cx.settings.bookmarks.get(i))
            .map(|v| v.name.clone());
        let territory = cx.selected_territory().map(|t| t.name.clone());
        // The first legend's title (small multiples: their common legend's, or the first
        // map's).
        let legend_title = cx
            .shown_legends()
            .first()
            .map(|(title, l)| title.clone().unwrap_or_else(|| l.title.clone()));
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
    fn footer(&self, cx: &PaneContext<'_>) -> String {
        let position = match (self.current_view, cx.settings.bookmarks.len()) {
            (Some(i), n) if n > 0 => format!("Vue {} / {n} — ", i + 1),
            _ => String::new(),
        };
        // The legend names its sources; without one, or over small multiples (whose short
        // legend leaves the maps room), the footer does, with why values are missing.
        let panels = cx.thematic.panels_map().is_some();
        let legends = cx.shown_legends();
        let sources = match legends.first() {
            Some(_) if !panels => String::new(),
            _ => cx
                .map_output
                .composition
                .as_ref()
                .map(|c| format!("\n{}", c.sources_line()))
                .unwrap_or_default(),
        };
        let reasons: Vec<String> = legends
            .iter()
            .filter(|_| panels)
            .flat_map(|(_, l)| l.missing_reasons.iter())
            .map(|(reason, n)| format!("{n} : {reason}"))
            .collect();
        let sources = if reasons.is_empty() {
            sources
        } else {
            format!("\nNon disponible : {}{sources}", reasons.join(" ; "))
        };
        format!(
            "{position}Page suivante / Espace : vue suivante — Page précédente : vue précédente — Échap : quitter{sources}"
        )
    }

    /// The legend in large type, in the corner of the map that hides the least; its box.
    pub fn legend_ui(
        ui: &egui::Ui,
        cx: &PaneContext<'_>,
        map_rect: egui::Rect,
        place: LegendPlace<'_>,
    ) -> Option<egui::Rect> {
        let (ink, contrast) = Self::ink(cx);
        // Small multiples: their one legend, or each map's under its title.
        let legends = cx.shown_legends();
        let panels = cx.thematic.panels_map().is_some();
        let bivariate = cx.bivariate.map(|b| std::sync::Arc::clone(&b.legend));
        if legends.is_empty() && bivariate.is_none() {
            return None;
        }
        let frame = carto_rect(map_rect);
        let corner = best_corner(frame, place.size, 16.0, place.obstacles, *place.corner);
        *place.corner = corner;
        let (pos, pivot) = corner_anchor(corner, map_rect, 16.0);
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
                                for (i, (title, l)) in legends.iter().enumerate() {
                                    if i > 0 {
                                        ui.separator();
                                    }
                                    if let Some(t) = title {
                                        ui.strong(t);
                                    }
                                    if panels {
                                        // Short, to leave the maps room: the rows, the unit
                                        // and the classes; reasons and sources in the footer.
                                        crate::ui::legend::compact_legend_ui(ui, l);
                                        ui.label(format!("{} — {}", l.unit, l.method));
                                    } else {
                                        crate::ui::legend::legend_ui(ui, l);
                                    }
                                }
                                if let Some(b) = &bivariate {
                                    crate::ui::bivariate_legend::bivariate_legend_ui(ui, b);
                                }
                            });
                    });
                });
            });
        Some(response.response.rect)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys' command for one frame where `key` was pressed.
    fn keys_with(pane: &PresentationPane, key: Key, views: usize) -> Option<Command> {
        let ctx = egui::Context::default();
        let mut input = egui::RawInput::default();
        input.events.push(egui::Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        });
        ctx.begin_pass(input);
        let command = pane.keys(&ctx, views);
        let _ = ctx.end_pass();
        command
    }

    #[test]
    fn f11_enters_from_the_current_view_and_escape_leaves() {
        let mut pane = PresentationPane::default();
        assert_eq!(
            keys_with(&pane, Key::F11, 3),
            Some(Command::Present {
                on: true,
                start: Some(0)
            })
        );
        assert_eq!(
            keys_with(&pane, Key::F11, 0),
            Some(Command::Present {
                on: true,
                start: None
            })
        );
        // Not presenting: the arrows and Échap are the map's.
        assert_eq!(keys_with(&pane, Key::ArrowRight, 3), None);
        assert_eq!(keys_with(&pane, Key::Escape, 3), None);
        pane.on = true;
        pane.current_view = Some(2);
        assert_eq!(
            keys_with(&pane, Key::PageDown, 3),
            Some(Command::StepView(true))
        );
        assert_eq!(
            keys_with(&pane, Key::ArrowLeft, 3),
            Some(Command::StepView(false))
        );
        assert_eq!(
            keys_with(&pane, Key::Escape, 3),
            Some(Command::Present {
                on: false,
                start: None
            })
        );
    }

    #[test]
    fn stepping_says_when_there_is_no_view_or_no_further_one() {
        let mut pane = PresentationPane::default();
        assert_eq!(pane.step(0, true), Err(NO_SAVED_VIEW));
        assert_eq!(pane.step(3, true), Ok(0));
        pane.current_view = Some(2);
        assert!(
            pane.step(3, true)
                .is_err_and(|e| e.starts_with("Dernière vue"))
        );
        assert_eq!(pane.step(3, false), Ok(1));
        pane.current_view = Some(0);
        assert!(
            pane.step(3, false)
                .is_err_and(|e| e.starts_with("Première vue"))
        );
        assert_eq!(pane.start(3), Some(0));
    }
}
