//! What floats over the map inside its frame: the legend, foldable, in the corner where it
//! hides the least of the drawn units and never the selected one when another corner is free
//! (see [`crate::ui::placement`]), with the guidance where the indicator lacks values.

use super::command::Command;
use super::context::{Commands, PaneContext};
use super::map_view::MapPane;
use crate::carto::LayerId;
use crate::map::painter::carto_rect;
use crate::model::LayerKind;
use crate::ui::placement::{Corner, Obstacle, SELECTED_WEIGHT, best_corner};

/// Distance of the legend from the map's edges.
const MARGIN: f64 = 10.0;
/// The legend's size before it was first measured.
const FIRST_SIZE: (f64, f64) = (300.0, 260.0);

/// The point of the map's corner a box hangs from, and which of the box's corners it is:
/// the box grows away from the corner whatever its size this frame.
pub fn corner_anchor(corner: Corner, map: egui::Rect, margin: f32) -> (egui::Pos2, egui::Align2) {
    let m = egui::vec2(margin, margin);
    match corner {
        Corner::TopLeft => (map.left_top() + m, egui::Align2::LEFT_TOP),
        Corner::TopRight => (
            map.right_top() + egui::vec2(-margin, margin),
            egui::Align2::RIGHT_TOP,
        ),
        Corner::BottomLeft => (
            map.left_bottom() + egui::vec2(margin, -margin),
            egui::Align2::LEFT_BOTTOM,
        ),
        Corner::BottomRight => (map.right_bottom() - m, egui::Align2::RIGHT_BOTTOM),
    }
}

/// The drawn units a box over the map should not hide: those of the coloured maille (or
/// the territories), and above all the selected unit.
pub fn map_obstacles(cx: &PaneContext<'_>) -> Vec<Obstacle> {
    let (Some(view), Some(loaded)) = (cx.map_output.view, cx.loaded) else {
        return Vec::new();
    };
    let kind = if cx.thematic.shown.is_some() {
        cx.settings.map.maille.layer()
    } else {
        LayerKind::Ti2023
    };
    let mut out = Vec::new();
    if let (Some(scene), Some(drawn)) = (
        loaded.scene.layer(kind),
        cx.map_output
            .composition
            .as_ref()
            .and_then(|c| c.layer(LayerId::Bundle(kind))),
    ) {
        out.extend(
            drawn
                .features
                .iter()
                .filter_map(|f| scene.features.get(f.index))
                .filter_map(|f| view.frame_rect_from_world(&f.bbox_world))
                .map(|rect| Obstacle { rect, weight: 1.0 }),
        );
    }
    // The overseas insets: hiding one hides a whole département.
    if let Some(comp) = &cx.map_output.composition {
        out.extend(comp.insets.iter().map(|i| Obstacle {
            rect: i.rect,
            weight: 4.0,
        }));
    }
    if let Some(s) = cx.selection
        && let Some(f) = loaded
            .scene
            .layer(s.unit.layer)
            .and_then(|l| l.features.get(s.index))
        && let Some(rect) = view.frame_rect_from_world(&f.bbox_world)
    {
        out.push(Obstacle {
            rect,
            weight: SELECTED_WEIGHT,
        });
    }
    out
}

impl MapPane {
    /// The size kept for the legend over a map of this box (see
    /// [`crate::ui::legend::reserved_size`]), or None when there is none: what the France fit
    /// leaves free. It changes with the legend's content (rows, compactness, folding), and with
    /// its measured size only by steps.
    pub fn legend_reserve(&self, cx: &PaneContext<'_>, map_rect: egui::Rect) -> Option<(f64, f64)> {
        use crate::ui::legend::{is_compact, note_lines, reserved_size};
        if cx.statuses {
            return None;
        }
        let legend = cx.thematic.shown.as_ref().map(|c| &c.legend);
        let symbols = cx.symbols.is_some();
        let bivariate = cx.bivariate.is_some();
        if legend.is_none() && !symbols && !bivariate {
            return None;
        }
        let compact = is_compact(f64::from(map_rect.width()), f64::from(map_rect.height()));
        let open = cx.settings.layout.legend_open;
        let (rows, notes) = legend.map_or((0, 0), |l| {
            (
                l.colours.len() + usize::from(l.classification.missing > 0),
                note_lines(l),
            )
        });
        let (mut w, mut h) = reserved_size(rows, notes, compact, open);
        if open {
            h += if symbols { 160.0 } else { 0.0 } + if bivariate { 320.0 } else { 0.0 };
        }
        if cx.presenting {
            // The presentation's legend: the whole legend in large type.
            let f = f64::from(super::theme::PRESENTATION_TEXT / super::theme::TEXT_SMALL);
            (w, h) = crate::ui::legend::presentation_reserved_size(rows, notes, bivariate, f);
        }
        // Never less than what was measured, by steps of 40 points.
        let measured = self
            .legend_rect
            .map_or(0.0, |r| (f64::from(r.height()) / 40.0).ceil() * 40.0);
        let max_h = f64::from(map_rect.height()) - 2.0 * MARGIN;
        Some((w, h.max(measured).min(max_h)))
    }

    /// The legend over the map; returns its box (names avoid it).
    pub fn legend_overlay_ui(
        &mut self,
        ui: &egui::Ui,
        cx: &PaneContext<'_>,
        map_rect: egui::Rect,
        commands: &mut Commands,
    ) -> Option<egui::Rect> {
        let error = cx.thematic.built.choropleth.as_ref().err().cloned();
        let error = error.or_else(|| cx.bivariate_error.map(str::to_owned));
        let error = cx
            .thematic
            .panels_error()
            .map(|e| format!("Petits multiples : {e}"))
            .or(error);
        // Small multiples: their one legend (classes common to every map), or each map's
        // under its title.
        let panels = match cx.thematic.panels_map() {
            Some(_) => cx.shown_legends(),
            None => Vec::new(),
        };
        let legend = match panels.is_empty() {
            true => cx.thematic.shown.as_ref().map(|c| c.legend.clone()),
            false => None,
        };
        let symbols = cx.symbols.cloned();
        let bivariate = cx.bivariate.map(|b| std::sync::Arc::clone(&b.legend));
        if (legend.is_none()
            && panels.is_empty()
            && error.is_none()
            && symbols.is_none()
            && bivariate.is_none())
            || cx.statuses
        {
            self.legend_rect = None;
            return None;
        }
        let size = self.legend_rect.map_or(FIRST_SIZE, |r| {
            (f64::from(r.width()), f64::from(r.height()))
        });
        // Small multiples: the legend in its strip beside the maps.
        let strip = self
            .legend_frame
            .filter(|_| cx.thematic.panels_map().is_some());
        let place_rect = strip.unwrap_or(map_rect);
        let frame = carto_rect(place_rect);
        let obstacles = if strip.is_some() {
            Vec::new()
        } else {
            map_obstacles(cx)
        };
        let corner = best_corner(frame, size, MARGIN, &obstacles, self.legend_corner);
        self.legend_corner = corner;
        let (pos, pivot) = corner_anchor(corner, place_rect, MARGIN as f32);
        let open = cx.settings.layout.legend_open;
        let show_table = cx.settings.layout.is_open(super::layout::DockTab::Table);
        // A small map gets the compact legend, at most half its height (it scrolls).
        let compact = crate::ui::legend::is_compact(
            f64::from(map_rect.width()),
            f64::from(map_rect.height()),
        );
        let max_height = if compact {
            (map_rect.height() * 0.5 - 40.0).max(80.0)
        } else {
            (map_rect.height() - 2.0 * MARGIN as f32 - 40.0).max(80.0)
        };
        let width = if compact {
            crate::ui::legend::COMPACT_LEGEND_WIDTH
        } else {
            crate::ui::legend::LEGEND_WIDTH
        } as f32;
        let mut fold = None;
        let mut open_table = false;
        let response = egui::Area::new(egui::Id::unique("legende-carte"))
            .fixed_pos(pos)
            .pivot(pivot)
            .constrain_to(place_rect.shrink(MARGIN as f32 / 2.0))
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_width(width);
                    ui.horizontal(|ui| {
                        ui.strong("Légende");
                        let (sign, name) = if open {
                            ("▾", "Replier la légende")
                        } else {
                            ("▸", "Déplier la légende")
                        };
                        if super::panels::fold_button(ui, sign, name).clicked() {
                            fold = Some(!open);
                        }
                    });
                    if !open {
                        return;
                    }
                    // An area's content is laid out in last frame's size: give the scrolled
                    // part its own room so that a longer legend can grow.
                    ui.allocate_ui(egui::vec2(width, max_height), |ui| {
                        egui::ScrollArea::vertical()
                            .id_salt("legende-defilement")
                            .max_height(max_height)
                            .show(ui, |ui| {
                                if let Some(e) = &error {
                                    ui.colored_label(super::theme::ERROR_TEXT, e);
                                }
                                if let Some(s) = &symbols {
                                    // Over a typology, the paint the map gives them.
                                    let under = legend
                                        .as_ref()
                                        .filter(|l| !l.categories.is_empty())
                                        .map_or(&[][..], |l| l.colours.as_slice());
                                    crate::ui::legend::symbol_legend_ui(ui, s, under);
                                    if legend.is_some() {
                                        ui.separator();
                                    }
                                }
                                match &legend {
                                    Some(l) if compact => {
                                        crate::ui::legend::compact_legend_ui(ui, l);
                                    }
                                    Some(l) => crate::ui::legend::legend_ui(ui, l),
                                    None => {}
                                }
                                for (i, (title, l)) in panels.iter().enumerate() {
                                    if i > 0 {
                                        ui.separator();
                                    }
                                    if let Some(t) = title {
                                        ui.strong(t);
                                    }
                                    if compact || panels.len() > 1 {
                                        crate::ui::legend::compact_legend_ui(ui, l);
                                    } else {
                                        crate::ui::legend::legend_ui(ui, l);
                                    }
                                }
                                if let Some(b) = &bivariate {
                                    crate::ui::bivariate_legend::bivariate_legend_ui(ui, b);
                                }
                                if cx.thematic.guidance.is_some() && !compact {
                                    ui.separator();
                                    super::panes::layers::share_guidance_ui(ui, cx, commands);
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
                    });
                });
            });
        commands.extend(fold.map(Command::SetLegendOpen));
        if open_table {
            commands.push(Command::ShowTable(true));
        }
        let rect = response.response.rect;
        self.legend_rect = Some(rect);
        Some(rect)
    }
}
