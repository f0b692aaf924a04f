//! The map legend: title, unit, maille and method, one row per class with French bounds and
//! counts, "non disponible" with its reasons, sources and vintages, colour-blind notes.

use crate::model::indicators::choropleth::Legend;
use crate::palette::ColourBlindSafety;

/// A colour swatch.
pub fn swatch_ui(ui: &mut egui::Ui, colour: egui::Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(18.0, 12.0), egui::Sense::hover());
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
            ui.label(format!("non disponible ({missing})"));
        });
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
pub fn symbol_legend_ui(ui: &mut egui::Ui, symbols: &crate::carto::Symbols) {
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
    let fill = crate::map::painter::rgba(crate::carto::look::SYMBOL_FILL);
    let outline = egui::Stroke::new(
        1.0,
        crate::map::painter::rgb(crate::carto::look::SYMBOL_OUTLINE.0),
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
