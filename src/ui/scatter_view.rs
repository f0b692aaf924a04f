//! The scatter plot, a tab of the bottom dock: two indicators at the map's maille, one point per unit. The
//! selected territory's units are drawn in the map's selection colour; hovering a point names
//! it; a click selects its unit on the map; in "Sélection rectangulaire" mode a drag picks the
//! points of a box, outlined on the map too. France's and the région's values are lines. The
//! figure is exported as PNG or SVG with its sources.

use std::collections::BTreeSet;
use std::path::PathBuf;

use egui::Color32;
use egui_plot::{HLine, Legend, LineStyle, Plot, PlotPoints, PlotTransform, Points, VLine};

use crate::carto::look;
use crate::format::{decimal_fr, int_fr};
use crate::map::painter::rgb;
use crate::model::indicators::scatter::{AxisReferences, Scatter, ScatterPoint};
use crate::model::{IndicatorId, Level};

/// How close (screen points) the pointer must be to a point to name or pick it.
const PICK_RADIUS: f64 = 8.0;
/// Width from which the settings sit beside the plot rather than above it.
const WIDE: f32 = 560.0;
/// Width of the settings' column beside the plot.
const CONTROLS_WIDTH: f32 = 240.0;
/// The plot's height under the settings when the dock is narrow, and its least height.
const NARROW_PLOT_HEIGHT: f32 = 320.0;
const MIN_PLOT_HEIGHT: f32 = 160.0;

/// The plot's own state, kept between frames.
#[derive(Clone, Debug, Default)]
pub struct ScatterViewState {
    pub open: bool,
    /// Indicators of the x and y axes (catalogue ids).
    pub x: Option<IndicatorId>,
    pub y: Option<IndicatorId>,
    /// A drag draws a box that picks points (otherwise it pans the plot).
    pub box_select: bool,
    /// Units picked with the box, at the maille they were picked at.
    pub picked: BTreeSet<usize>,
    pub picked_level: Option<Level>,
    /// Where a box drag started (screen).
    drag_from: Option<egui::Pos2>,
    /// The file to export to (.png or .svg).
    pub export_path: String,
    /// How the plot mapped values to the screen in the last frame.
    pub last_transform: Option<PlotTransform>,
}

impl ScatterViewState {
    /// The units picked at `level` (none when they were picked at another maille).
    pub fn picked_at(&self, level: Level) -> Option<&BTreeSet<usize>> {
        (self.picked_level == Some(level) && !self.picked.is_empty()).then_some(&self.picked)
    }

    /// Where a point was drawn last frame.
    pub fn screen_pos(&self, x: f64, y: f64) -> Option<egui::Pos2> {
        self.last_transform
            .map(|t| t.position_from_point(&egui_plot::PlotPoint::new(x, y)))
    }
}

/// What the tab shows besides its state.
pub struct ScatterInput<'a> {
    pub level: Level,
    /// The plot, or why there is none.
    pub scatter: Option<&'a Scatter>,
    pub error: Option<&'a str>,
    /// (id, label) of the indicators at the maille.
    pub indicators: &'a [(IndicatorId, String)],
    /// The selected territory's units (or the selected unit), and its name.
    pub members: &'a BTreeSet<usize>,
    pub members_label: Option<&'a str>,
    pub references: &'a [AxisReferences; 2],
    /// An export running, and the last one's outcome.
    pub exporting: bool,
    pub export_outcome: Option<&'a Result<PathBuf, String>>,
}

/// What the user asked for.
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub enum ScatterAction {
    None,
    /// Select this unit of the maille on the map.
    Select(usize),
    /// Write the figure to the export path.
    Export,
    /// Choose the export path in the system dialog.
    Browse,
}

/// The tab's content: wide, the settings in a column on the left and the plot filling the rest
/// of the dock's height; narrow, both one above the other, scrolling.
pub fn scatter_ui(
    ui: &mut egui::Ui,
    state: &mut ScatterViewState,
    input: &ScatterInput<'_>,
) -> ScatterAction {
    let mut action = ScatterAction::None;
    if ui.available_width() >= WIDE {
        let height = ui.available_height();
        ui.horizontal_top(|ui| {
            ui.allocate_ui_with_layout(
                egui::vec2(CONTROLS_WIDTH, height),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("nuage-reglages")
                        .auto_shrink([false, false])
                        .show(ui, |ui| controls_ui(ui, state, input, &mut action));
                },
            );
            ui.separator();
            ui.vertical(|ui| {
                if let Some(scatter) = input.scatter {
                    plot_ui(ui, state, input, scatter, None, &mut action);
                }
            });
        });
    } else {
        egui::ScrollArea::vertical()
            .id_salt("nuage")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                controls_ui(ui, state, input, &mut action);
                if let Some(scatter) = input.scatter {
                    plot_ui(
                        ui,
                        state,
                        input,
                        scatter,
                        Some(NARROW_PLOT_HEIGHT),
                        &mut action,
                    );
                }
            });
    }
    action
}

/// The axes, the box selection, what the plot leaves out, the export, the references not
/// drawn and the sources.
fn controls_ui(
    ui: &mut egui::Ui,
    state: &mut ScatterViewState,
    input: &ScatterInput<'_>,
    action: &mut ScatterAction,
) {
    ui.small(format!("Maille : {}", input.level.maille_fr()));
    axis_choice_ui(ui, "nuage-x", "X :", &mut state.x, input.indicators);
    axis_choice_ui(ui, "nuage-y", "Y :", &mut state.y, input.indicators);
    ui.checkbox(&mut state.box_select, "Sélection rectangulaire")
        .on_hover_text(
            "Glisser pour entourer des points : leurs unités sont soulignées sur la carte",
        );
    if let Some(count) = state.picked_at(input.level).map(BTreeSet::len) {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("{} unité(s) sélectionnée(s)", int_fr(count as u64)));
            if ui.small_button("Effacer la sélection").clicked() {
                state.picked.clear();
            }
        });
    }
    if let Some(e) = input.error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    let Some(scatter) = input.scatter else {
        return;
    };
    ui.small(format!(
        "{} unités représentées, {} sans point (valeur manquante sur l'un des axes)",
        int_fr(scatter.points.len() as u64),
        int_fr(scatter.missing() as u64)
    ));
    ui.add_space(4.0);
    ui.label("Exporter vers :");
    ui.add(
        egui::TextEdit::singleline(&mut state.export_path)
            .hint_text("nuage.png ou nuage.svg")
            .desired_width(ui.available_width()),
    );
    ui.horizontal(|ui| {
        if ui.button("Parcourir…").clicked() {
            *action = ScatterAction::Browse;
        }
        let ready = !input.exporting && !state.export_path.trim().is_empty();
        if ui
            .add_enabled(ready, egui::Button::new("Exporter le nuage"))
            .on_hover_text("PNG ou SVG selon l'extension, avec les sources")
            .clicked()
        {
            *action = ScatterAction::Export;
        }
    });
    match input.export_outcome {
        Some(Ok(path)) => {
            ui.small(format!("Fichier écrit : {}", path.display()));
        }
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        None => {}
    }
    for note in input.references.iter().flat_map(|r| &r.notes) {
        ui.small(format!("Référence non tracée — {note}"));
    }
    ui.small(format!("Sources : {}", scatter.sources_text()));
}

/// The second axis' title and the plot, `height` tall (the rest of the column when `None`):
/// points, highlighted members, picked box, reference lines; hover names a point, a click
/// selects it, a drag in box mode picks points.
fn plot_ui(
    ui: &mut egui::Ui,
    state: &mut ScatterViewState,
    input: &ScatterInput<'_>,
    scatter: &Scatter,
    height: Option<f32>,
    action: &mut ScatterAction,
) {
    let picked = state.picked_at(input.level).cloned().unwrap_or_default();
    // The second axis named above the plot, horizontally (a turned title would not fit).
    ui.label(egui::RichText::new(format!("↑ {}", scatter.y.title)).strong());
    // The first axis named under the plot, wrapped to the plot's width (egui_plot's own axis
    // label would be cut at the edges): its height is taken from the plot's.
    let x_title = egui::RichText::new(format!("{} →", scatter.x.title)).strong();
    let x_title_height = egui::WidgetText::from(x_title.clone())
        .into_galley(
            ui,
            Some(egui::TextWrapMode::Wrap),
            ui.available_width(),
            egui::TextStyle::Body,
        )
        .size()
        .y;
    let plot_height = height
        .unwrap_or_else(|| ui.available_height() - x_title_height - ui.spacing().item_spacing.y)
        .max(MIN_PLOT_HEIGHT);
    let response = Plot::new("nuage-de-points")
        .height(plot_height)
        .x_grid_spacer(egui_plot::uniform_grid_spacer(steps_125))
        .y_grid_spacer(egui_plot::uniform_grid_spacer(steps_125))
        .legend(Legend::default().position(egui_plot::Corner::LeftTop))
        .show_x(false)
        .show_y(false)
        .allow_drag(!state.box_select)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(true)
        .show(ui, |plot| {
            let series = |filter: &dyn Fn(&ScatterPoint) -> bool| -> PlotPoints<'static> {
                scatter
                    .points
                    .iter()
                    .filter(|p| filter(p))
                    .map(|p| [p.x, p.y])
                    .collect()
            };
            plot.points(
                Points::new("unités", series(&|_| true))
                    .radius(2.5)
                    .color(Color32::from_rgb(0x4a, 0x6f, 0x8a).gamma_multiply(0.7))
                    .allow_hover(false),
            );
            if !picked.is_empty() {
                plot.points(
                    Points::new("sélection", series(&|p| picked.contains(&p.unit)))
                        .radius(5.0)
                        .filled(false)
                        .color(rgb(look::HIGHLIGHT_OUTLINE.0))
                        .allow_hover(false),
                );
            }
            if !input.members.is_empty() {
                plot.points(
                    Points::new(
                        input.members_label.unwrap_or("sélection de la carte"),
                        series(&|p| input.members.contains(&p.unit)),
                    )
                    .radius(4.5)
                    .color(rgb(look::SELECTED_OUTLINE.0))
                    .allow_hover(false),
                );
            }
            let [xr, yr] = input.references;
            for line in &xr.lines {
                plot.vline(
                    VLine::new(
                        format!("{} (X) : {}", line.label, decimal_fr(line.value, 1)),
                        line.value,
                    )
                    .color(reference_colour(&line.label))
                    .style(LineStyle::dashed_loose())
                    .allow_hover(false),
                );
            }
            for line in &yr.lines {
                plot.hline(
                    HLine::new(
                        format!("{} (Y) : {}", line.label, decimal_fr(line.value, 1)),
                        line.value,
                    )
                    .color(reference_colour(&line.label))
                    .style(LineStyle::dashed_loose())
                    .allow_hover(false),
                );
            }
        });
    ui.label(x_title);
    let t = response.transform;
    state.last_transform = Some(t);
    let r = &response.response;
    let per_unit = {
        let [a, b] = t.dpos_dvalue();
        [a.abs(), b.abs()]
    };
    let nearest = |pos: egui::Pos2| {
        let v = t.value_from_position(pos);
        scatter.nearest(v.x, v.y, per_unit, PICK_RADIUS)
    };
    if state.box_select {
        if r.drag_started() {
            // Where the button went down (the drag is seen a few points later).
            state.drag_from = ui
                .input(|i| i.pointer.press_origin())
                .or_else(|| r.interact_pointer_pos());
        }
        if let (Some(from), Some(to)) = (state.drag_from, r.interact_pointer_pos()) {
            let rect = egui::Rect::from_two_pos(from, to);
            ui.painter_at(*t.frame()).rect_stroke(
                rect,
                0.0,
                egui::Stroke::new(1.0, ui.visuals().strong_text_color()),
                egui::StrokeKind::Middle,
            );
            if r.drag_stopped() {
                let (a, b) = (t.value_from_position(from), t.value_from_position(to));
                state.picked = scatter.units_in((a.x, a.y), (b.x, b.y));
                state.picked_level = Some(input.level);
                state.drag_from = None;
            }
        }
        if !r.dragged() && !r.drag_stopped() {
            state.drag_from = None;
        }
    }
    if r.clicked()
        && let Some(p) = r.interact_pointer_pos().and_then(nearest)
    {
        *action = ScatterAction::Select(p.unit);
    }
    if let Some(p) = r.hover_pos().and_then(nearest) {
        let text = format!(
            "{} ({})\nX : {}\nY : {}",
            p.name,
            p.code,
            decimal_fr(p.x, 2),
            decimal_fr(p.y, 2)
        );
        r.clone().on_hover_text_at_pointer(text);
    }
}

/// Grid steps of 1, 2 or 5 × 10ⁿ (thin, labelled, thick), each a multiple of the previous:
/// round numbers on the axes whatever their range.
fn steps_125(input: egui_plot::GridInput) -> [f64; 3] {
    let nice = |x: f64| {
        let x = x.abs().max(f64::MIN_POSITIVE);
        let magnitude = 10f64.powf(x.log10().floor());
        [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= x * (1.0 - 1e-9))
            .unwrap_or(10.0 * magnitude)
    };
    let thin = nice(input.base_step_size);
    let mid = nice(thin * 4.9);
    [thin, mid, mid * 10.0]
}

/// France's line, and the région's.
fn reference_colour(label: &str) -> Color32 {
    if label == "France" {
        Color32::from_gray(0x33)
    } else {
        Color32::from_rgb(0x1b, 0x9e, 0x77)
    }
}

fn axis_choice_ui(
    ui: &mut egui::Ui,
    salt: &str,
    label: &str,
    id: &mut Option<IndicatorId>,
    indicators: &[(IndicatorId, String)],
) {
    let current = id
        .as_ref()
        .and_then(|i| indicators.iter().find(|(k, _)| k == i))
        .map_or("Choisir un indicateur", |(_, l)| l.as_str());
    ui.label(label);
    let combo = egui::ComboBox::from_id_salt(salt)
        .selected_text(current)
        .width(ui.available_width())
        .wrap()
        .show_ui(ui, |ui| {
            for (key, l) in indicators {
                ui.selectable_value(id, Some(key.clone()), l);
            }
        });
    crate::ui::name_widget(
        &combo.response,
        &format!("Indicateur en {}", label.trim_end_matches(" :")),
    );
}
