//! The "Temps I et Temps II" window: territories new in 2023-2027, renewed (sharing communes
//! with a 2018-2022 territory) and no longer labelled, with exact populations and areas; the
//! map coloured by status; the two generations side by side.

use egui::RichText;

use crate::carto::look;
use crate::format::{decimal_fr, int_fr};
use crate::model::geography::generations::{Continuity, GenerationComparison};
use crate::model::{Generation, TerritoryId};

/// The window's choices, kept between frames.
#[derive(Clone, Debug, Default)]
pub struct ComparisonWindowState {
    /// The map coloured by status.
    pub colour_map: bool,
    /// Two synchronised maps, 2018-2022 on the left, 2023-2027 on the right.
    pub side_by_side: bool,
    /// Rows shown: None = all.
    pub status: Option<(Generation, Continuity)>,
    pub filter: String,
}

/// What the user asked for this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum ComparisonCommand {
    None,
    /// Show a territory (generation, id) on the map.
    Show(Generation, TerritoryId),
    /// Open the export window on the comparison's CSV.
    ExportCsv,
}

pub fn colour_of(continuity: Continuity, generation: Generation) -> [u8; 3] {
    match (continuity, generation) {
        (Continuity::Nouveau, _) => look::CONTINUITY_NEW,
        (Continuity::NonReconduit, _) => look::CONTINUITY_DROPPED,
        (Continuity::Reconduit, _) => look::CONTINUITY_RENEWED,
    }
}

fn swatch(ui: &mut egui::Ui, [r, g, b]: [u8; 3]) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(16.0, 11.0), egui::Sense::hover());
    ui.painter()
        .rect_filled(rect, 2.0, egui::Color32::from_rgb(r, g, b));
}

/// egui wraps a line at a narrow no-break space (the thousands separator) as at a space: in a
/// text that wraps, the figures' separators become no-break spaces, which it keeps.
fn keep_figures_whole(text: &str) -> String {
    text.replace(crate::format::THOUSANDS_SEP, "\u{a0}")
}

fn period(g: Generation) -> &'static str {
    match g {
        Generation::Temps1 => "2018-2022",
        Generation::Temps2 => "2023-2027",
    }
}

/// The summary's width when the list stands beside it (its table's natural width), and the
/// narrowest list beside it (its rows wrap between words, never cut).
const SUMMARY_WIDTH: f32 = 600.0;
const LIST_MIN_WIDTH: f32 = 320.0;
/// From this width on the summary and the list stand side by side; narrower, one above the
/// other (and the dock's tab scrolls).
pub const SIDE_BY_SIDE_WIDTH: f32 = SUMMARY_WIDTH + LIST_MIN_WIDTH;

pub fn comparison_window_ui(
    ui: &mut egui::Ui,
    state: &mut ComparisonWindowState,
    comparison: &GenerationComparison,
) -> ComparisonCommand {
    let mut command = ComparisonCommand::None;
    // Wide enough (the bottom dock between the side panels): the summary and the list side by
    // side, the list as tall as the dock.
    if ui.available_width() > SIDE_BY_SIDE_WIDTH {
        ui.horizontal_top(|ui| {
            // The summary scrolls by itself when the dock is lower than it: a content taller
            // than the dock would grow the dock, which is put back the next frame, and so on.
            ui.vertical(|ui| {
                ui.set_width(SUMMARY_WIDTH);
                egui::ScrollArea::vertical()
                    .id_salt("comparaison-resume-defilement")
                    .max_height(ui.available_height())
                    .auto_shrink([false, true])
                    .show(ui, |ui| summary_ui(ui, state, comparison, &mut command));
            });
            ui.separator();
            ui.vertical(|ui| list_ui(ui, state, comparison, &mut command));
        });
    } else {
        summary_ui(ui, state, comparison, &mut command);
        ui.separator();
        list_ui(ui, state, comparison, &mut command);
    }
    command
}

fn summary_ui(
    ui: &mut egui::Ui,
    state: &mut ComparisonWindowState,
    comparison: &GenerationComparison,
    command: &mut ComparisonCommand,
) {
    let s = &comparison.summary;
    ui.label("Deux territoires se suivent quand ils ont au moins une commune en commun (contours 2024 des deux générations). Populations et superficies : sommes exactes des communes.");
    egui::Grid::new("comparaison-resume")
        .num_columns(5)
        .striped(true)
        .show(ui, |ui| {
            ui.strong("");
            ui.strong("Statut");
            ui.strong("Territoires");
            ui.strong("Population");
            ui.strong("Superficie (km²)");
            ui.end_row();
            for t in &s.by_status {
                swatch(ui, colour_of(t.continuity, t.generation));
                // The status's detail in brackets on its own line: the summary stays narrow
                // enough for the list beside it.
                ui.label(
                    format!(
                        "{} : {}",
                        period(t.generation),
                        t.continuity.label_fr_for(t.generation)
                    )
                    .replacen(" (", "\n(", 1),
                );
                ui.label(t.territories.to_string());
                ui.label(int_fr(t.population));
                ui.label(decimal_fr(t.area_km2, 0));
                ui.end_row();
            }
        });
    ui.small(keep_figures_whole(&format!(
        "Communes : {} dans les deux générations ({}\u{a0}hab.), {} sorties du programme ({}\u{a0}hab.), {} entrées ({}\u{a0}hab.).",
        int_fr(s.in_both.communes as u64),
        int_fr(s.in_both.population),
        int_fr(s.only_temps1.communes as u64),
        int_fr(s.only_temps1.population),
        int_fr(s.only_temps2.communes as u64),
        int_fr(s.only_temps2.population),
    )));
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(&mut state.colour_map, "Colorer la carte par statut");
        ui.checkbox(&mut state.side_by_side, "Deux cartes côte à côte");
        if ui.button("Exporter en CSV…").clicked() {
            *command = ComparisonCommand::ExportCsv;
        }
    });
}

fn list_ui(
    ui: &mut egui::Ui,
    state: &mut ComparisonWindowState,
    comparison: &GenerationComparison,
    command: &mut ComparisonCommand,
) {
    let s = &comparison.summary;
    ui.horizontal_wrapped(|ui| {
        let current = match state.status {
            None => "tous les statuts".to_owned(),
            Some((g, c)) => format!("{} : {}", period(g), c.label_fr_for(g)),
        };
        let combo = egui::ComboBox::from_id_salt("comparaison-statut")
            .selected_text(current)
            .width(300.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.status, None, "tous les statuts");
                for t in &s.by_status {
                    ui.selectable_value(
                        &mut state.status,
                        Some((t.generation, t.continuity)),
                        format!(
                            "{} : {}",
                            period(t.generation),
                            t.continuity.label_fr_for(t.generation)
                        ),
                    );
                }
            });
        crate::ui::name_widget(&combo.response, "Statut des territoires listés");
        ui.add(
            egui::TextEdit::singleline(&mut state.filter)
                .hint_text("nom ou id")
                .desired_width(160.0),
        );
    });
    let needle = crate::model::text::fold(state.filter.trim());
    let rows: Vec<_> = comparison
        .territories
        .iter()
        .filter(|t| {
            state
                .status
                .is_none_or(|(g, c)| t.generation == g && t.continuity == c)
        })
        .filter(|t| {
            needle.is_empty()
                || crate::model::text::fold(&t.name).contains(&needle)
                || t.id.as_str().contains(&needle)
        })
        .collect();
    ui.small(format!(
        "{} territoire(s) — un clic montre le territoire sur la carte",
        rows.len()
    ));
    // Each row wraps between words where the dock is narrow: a name is never cut.
    egui::ScrollArea::vertical()
        .max_height(ui.available_height().max(22.0 * 4.0))
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for t in &rows {
                ui.horizontal_top(|ui| {
                    swatch(ui, colour_of(t.continuity, t.generation));
                    let text = keep_figures_whole(&format!(
                        "{} · {} · {} — {}\u{a0}hab., {}\u{a0}km²",
                        period(t.generation),
                        t.id,
                        t.name,
                        int_fr(t.population),
                        decimal_fr(t.area_km2, 0)
                    ));
                    let overlaps: Vec<String> = t
                        .overlaps
                        .iter()
                        .map(|o| {
                            let other = match t.generation {
                                Generation::Temps1 => Generation::Temps2,
                                Generation::Temps2 => Generation::Temps1,
                            };
                            format!(
                                "{} ({}) {} ({} communes)",
                                o.id,
                                period(other),
                                o.name,
                                o.shared_communes
                            )
                        })
                        .collect();
                    let hover = if overlaps.is_empty() {
                        t.status_fr().to_owned()
                    } else {
                        format!(
                            "{} ; {}\u{a0}% de la population dans l'autre génération ; recouvre : {}",
                            t.status_fr(),
                            decimal_fr(100.0 * t.share_of_population_in_other, 1),
                            overlaps.join(", ")
                        )
                    };
                    if ui
                        .add(
                            egui::Label::new(RichText::new(text))
                                .sense(egui::Sense::click())
                                .wrap(),
                        )
                        .on_hover_text(hover)
                        .clicked()
                    {
                        *command = ComparisonCommand::Show(t.generation, t.id.clone());
                    }
                });
            }
        });
}
