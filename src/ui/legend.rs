//! The map legend: title, unit, maille and method, one row per class with French bounds and
//! counts, "non disponible" with its reasons, sources and vintages, colour-blind notes.

use crate::model::indicators::choropleth::Legend;
use crate::palette::ColourBlindSafety;

/// Width the legend over the map is laid out in (points), the whole one and the compact one.
pub const LEGEND_WIDTH: f64 = 300.0;
pub const COMPACT_LEGEND_WIDTH: f64 = 230.0;

/// Whether the legend over a map of this size (points) is compact: its title and rows only,
/// so that it never hides most of a small map (1280×800 with the sheet and the dock open
/// leaves 580×410).
pub fn is_compact(map_width: f64, map_height: f64) -> bool {
    map_width < 760.0 || map_height < 520.0
}

/// The size kept for the legend box over the map, from what it holds (`rows`: classes and
/// "non disponible"; `notes`: the lines under them), rounded up to a step so that the map's
/// fit does not follow every small change of the legend (changing the classification keeps
/// the view).
pub fn reserved_size(rows: usize, notes: usize, compact: bool, open: bool) -> (f64, f64) {
    const STEP: f64 = 40.0;
    let width = if compact {
        COMPACT_LEGEND_WIDTH
    } else {
        LEGEND_WIDTH
    } + 24.0;
    // Frame and header ("Légende" and its fold button).
    let mut h = 24.0 + 28.0;
    if open {
        h += if compact {
            2.0 * 19.0
        } else {
            2.0 * 19.0 + 2.0 * 16.0
        };
        h += rows as f64 * 22.0;
        if !compact {
            h += notes as f64 * 16.0 + 26.0;
        }
    }
    (width, (h / STEP).ceil() * STEP)
}

/// The size kept for the presentation's legend: the whole legend with its text `factor` times
/// larger (and the bivariate grid's), at most 480 points wide.
pub fn presentation_reserved_size(
    rows: usize,
    notes: usize,
    bivariate: bool,
    factor: f64,
) -> (f64, f64) {
    let (_, whole) = reserved_size(rows, notes, false, true);
    let w = (LEGEND_WIDTH * factor).min(504.0);
    let h = whole * factor + if bivariate { 320.0 * factor } else { 0.0 };
    (w, h)
}

/// A swatch's size beside text of this line height: as tall as the text, half as wide again.
pub fn swatch_size(text_height: f32) -> egui::Vec2 {
    egui::vec2(text_height * 1.5, text_height)
}

/// A colour swatch, as tall as a line of body text (and as the presentation's larger text).
pub fn swatch_ui(ui: &mut egui::Ui, colour: egui::Color32) {
    let h = ui.text_style_height(&egui::TextStyle::Body);
    let (rect, _) = ui.allocate_exact_size(swatch_size(h), egui::Sense::hover());
    ui.painter().rect_filled(rect, 2.0, colour);
    ui.painter().rect_stroke(
        rect,
        2.0,
        egui::Stroke::new(0.5, ui.visuals().weak_text_color()),
        egui::StrokeKind::Inside,
    );
}

/// Class rows: "12,5 – 40,0 (23)" (see [`Legend::class_rows`]).
pub fn class_rows(legend: &Legend) -> Vec<String> {
    legend.class_rows()
}

/// The compact legend: its title and class rows (the map is small; the whole legend is in
/// the exports and the table).
pub fn compact_legend_ui(ui: &mut egui::Ui, legend: &Legend) {
    ui.strong(&legend.title);
    class_rows_ui(ui, legend);
}

/// One row per class (swatch and bounds with the count), then the "non disponible" row when
/// some units have no value.
fn class_rows_ui(ui: &mut egui::Ui, legend: &Legend) {
    for (row, colour) in class_rows(legend).iter().zip(&legend.colours) {
        ui.horizontal(|ui| {
            swatch_ui(ui, crate::map::painter::rgb(*colour));
            ui.label(row);
        });
    }
    let missing = legend.classification.missing;
    if missing > 0 {
        ui.horizontal(|ui| {
            swatch_ui(ui, crate::map::painter::rgb(legend.missing_colour));
            ui.label(legend.missing_text());
        });
    }
}

/// The lines a legend writes under its rows (reasons, notes, sources, warnings): what
/// [`reserved_size`] counts.
pub fn note_lines(legend: &Legend) -> usize {
    let safety = usize::from(!matches!(legend.palette_safety, ColourBlindSafety::Safe));
    legend.missing_reasons.len()
        + legend.notes.len()
        + legend.sources.len()
        + safety
        + usize::from(legend.simulation.is_some())
}

/// The legend's body.
pub fn legend_ui(ui: &mut egui::Ui, legend: &Legend) {
    ui.strong(&legend.title);
    ui.small(format!(
        "{} — maille : {} — {}",
        legend.unit,
        legend.maille_fr(),
        legend.method
    ));
    ui.add_space(2.0);
    class_rows_ui(ui, legend);
    if legend.classification.missing > 0 {
        for (reason, n) in &legend.missing_reasons {
            ui.small(format!("{n} : {reason}"));
        }
    }
    for note in &legend.notes {
        ui.small(note);
    }
    ui.add_space(2.0);
    for s in &legend.sources {
        ui.small(format!("Source : {} — {}", s.label, s.vintage));
    }
    match legend.palette_safety {
        ColourBlindSafety::Safe => {}
        ColourBlindSafety::Uncertain => {
            ui.small("Attention : palette de lisibilité incertaine pour les daltoniens");
        }
        ColourBlindSafety::NotSafe => {
            ui.small("Attention : palette déconseillée aux daltoniens");
        }
    }
    if let Some(d) = legend.simulation {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "Simulation : {} (aperçu, fond de carte non simulé)",
                d.label_fr().to_lowercase()
            ),
        );
    }
}

/// The proportional symbols' legend: title, unit, nested reference symbols (bottoms aligned)
/// with their values, units without a symbol.
pub fn symbol_legend_ui(ui: &mut egui::Ui, symbols: &crate::carto::Symbols, under: &[[u8; 3]]) {
    ui.strong(&symbols.title);
    ui.label(format!(
        "{} — surfaces proportionnelles ({})",
        symbols.unit,
        symbols.shape.label_fr()
    ));
    let entries = symbols.legend_values();
    let biggest = entries.first().map_or(0.0, |e| e.1) as f32;
    let text_w = 90.0;
    let height = (2.0 * biggest).max(14.0 * entries.len() as f32) + 8.0;
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(2.0 * biggest + 12.0 + text_w, height),
        egui::Sense::hover(),
    );
    let painter = ui.painter_at(rect);
    let bottom = rect.bottom() - 2.0;
    let cx = rect.left() + biggest + 1.0;
    // The map's own symbol paint (carto's look; over a typology's colours `under`, the one
    // that stands out from them), at the screen's scale.
    let (fill, outline) = crate::carto::look::symbol_paint_over(1.0, under);
    let fill = crate::map::painter::rgba(fill);
    let outline = egui::Stroke::new(
        outline.width as f32,
        crate::map::painter::rgb(outline.colour),
    );
    // Values level with their symbol's top, pushed down so that no two touch.
    let mut next_y = f32::NEG_INFINITY;
    for (value, r) in &entries {
        let r = *r as f32;
        let centre = egui::pos2(cx, bottom - r);
        match symbols.shape {
            crate::carto::SymbolShape::Circle => {
                painter.circle(centre, r, fill, outline);
            }
            crate::carto::SymbolShape::Square => {
                let sq = egui::Rect::from_center_size(centre, egui::vec2(2.0 * r, 2.0 * r));
                painter.rect(sq, 0.0, fill, outline, egui::StrokeKind::Middle);
            }
        }
        let y = bottom - 2.0 * r;
        let text_y = y.max(next_y);
        next_y = text_y + 14.0;
        painter.line_segment(
            [egui::pos2(cx, y), egui::pos2(cx + biggest + 3.0, y)],
            egui::Stroke::new(0.5, egui::Color32::from_gray(90)),
        );
        painter.line_segment(
            [
                egui::pos2(cx + biggest + 3.0, y),
                egui::pos2(cx + biggest + 6.0, text_y),
            ],
            egui::Stroke::new(0.5, egui::Color32::from_gray(90)),
        );
        painter.text(
            egui::pos2(cx + biggest + 8.0, text_y),
            egui::Align2::LEFT_CENTER,
            symbols.value_text(*value),
            egui::FontId::proportional(12.0),
            ui.visuals().text_color(),
        );
    }
    for (reason, n) in symbols.missing_reasons.iter().take(3) {
        ui.label(format!("sans symbole ({n}) : {reason}"));
    }
    ui.label(format!("Source : {}", symbols.sources_text()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swatches_are_as_tall_as_their_text_and_the_kept_size_moves_by_steps() {
        // The presentation's text (19 px) as the workspace's (14 px).
        for h in [14.0, 19.0, 23.1] {
            assert!(swatch_size(h).y >= h);
        }
        let (w, h) = reserved_size(6, 3, false, true);
        assert_eq!(h % 40.0, 0.0);
        assert!(w >= LEGEND_WIDTH);
        // One more note line rarely moves it; a folded legend is small.
        assert!(reserved_size(6, 0, true, true).1 < h);
        assert!(reserved_size(6, 3, false, false).1 <= 80.0);
        assert!(is_compact(580.0, 410.0) && !is_compact(1200.0, 900.0));
    }
}
