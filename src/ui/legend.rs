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
        legend.level.label_fr(),
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
