//! "Carte bivariée" in the Couches window: the map coloured by one indicator or by two crossed
//! on a 3 × 3 grid, the two indicators, and each axis' breaks (terciles unless two are typed).

use egui::Color32;

use crate::carto::MapSettings;
use crate::model::IndicatorId;
use crate::model::indicators::bivariate::{Bivariate, CLASSES};

/// Draws the choice between one indicator and the bivariate map, and the bivariate map's
/// settings when it is chosen. Returns whether the map is bivariate (the single indicator's
/// choices are then not shown).
pub fn bivariate_ui(
    ui: &mut egui::Ui,
    settings: &mut MapSettings,
    indicators: &[(IndicatorId, String)],
) -> bool {
    let b = &mut settings.bivariate;
    ui.horizontal(|ui| {
        ui.radio_value(&mut b.on, false, "Un indicateur");
        ui.radio_value(&mut b.on, true, "Carte bivariée")
            .on_hover_text(
                "Deux indicateurs croisés en 3 × 3 classes (ex. industrie × évolution de l'emploi)",
            );
    });
    if !b.on {
        return false;
    }
    for (axis, id, breaks, salt) in [
        ("X (bleu-vert)", &mut b.x, &mut b.x_breaks, "bivariee-x"),
        ("Y (rose)", &mut b.y, &mut b.y_breaks, "bivariee-y"),
    ] {
        let current = id
            .as_ref()
            .and_then(|i| indicators.iter().find(|(k, _)| k == i))
            .map_or("Choisir un indicateur", |(_, l)| l.as_str());
        // The axis above its chooser, which takes the panel's width and wraps a long name
        // rather than cutting it.
        ui.label(format!("{axis} :"));
        let combo = egui::ComboBox::from_id_salt(salt)
            .selected_text(current)
            .width(ui.available_width())
            .wrap()
            .show_ui(ui, |ui| {
                for (key, label) in indicators {
                    ui.selectable_value(id, Some(key.clone()), label);
                }
            });
        crate::ui::name_widget(&combo.response, &format!("Indicateur {axis}"));
        ui.horizontal(|ui| {
            ui.label("Seuils :");
            ui.add(
                egui::TextEdit::singleline(breaks)
                    .hint_text("terciles (ou deux seuils : 5 ; 10)")
                    .desired_width(200.0),
            )
            .on_hover_text("Vide : terciles. Sinon deux seuils croissants séparés par « ; »");
        });
    }
    ui.horizontal(|ui| {
        palette_square_ui(ui);
        ui.small("Gris : l'une des deux valeurs manque.");
    });
    true
}

/// The 3 × 3 palette, small.
fn palette_square_ui(ui: &mut egui::Ui) {
    let side = 10.0;
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(side * CLASSES as f32, side * CLASSES as f32),
        egui::Sense::hover(),
    );
    for row in 0..CLASSES {
        for x in 0..CLASSES {
            let [r, g, b] = Bivariate::cell_colour(x, CLASSES - 1 - row);
            let cell = egui::Rect::from_min_size(
                rect.min + egui::vec2(x as f32 * side, row as f32 * side),
                egui::vec2(side, side),
            );
            ui.painter()
                .rect_filled(cell, 0.0, Color32::from_rgb(r, g, b));
        }
    }
}
