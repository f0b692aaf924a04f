//! Layer toggles and basemap choice.

use crate::app::settings::Settings;
use crate::model::LayerKind;
use crate::model::classify::Method;

/// Draws the toggles; edits the settings in place (plain values, no side effects).
/// `indicators`: (id, label) of the indicators that can colour the territories.
pub fn layers_ui(ui: &mut egui::Ui, settings: &mut Settings, indicators: &[(String, String)]) {
    ui.strong("Couches");
    for kind in LayerKind::ALL {
        ui.checkbox(settings.visible_mut(kind), kind.label_fr());
    }
    ui.checkbox(&mut settings.show_labels, "Noms des territoires");
    ui.separator();
    ui.strong("Colorer les territoires 2023-2027");
    let current = settings
        .indicator
        .as_ref()
        .and_then(|id| indicators.iter().find(|(i, _)| i == id))
        .map_or("Aucun indicateur", |(_, l)| l.as_str());
    egui::ComboBox::from_id_salt("indicateur")
        .selected_text(current)
        .width(300.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut settings.indicator, None, "Aucun indicateur");
            for (id, label) in indicators {
                ui.selectable_value(&mut settings.indicator, Some(id.clone()), label);
            }
        });
    if settings.indicator.is_some() {
        ui.horizontal(|ui| {
            egui::ComboBox::from_id_salt("methode")
                .selected_text(
                    Method::from_id(&settings.method)
                        .map_or("Seuils naturels (Jenks)", |m| m.label_fr()),
                )
                .show_ui(ui, |ui| {
                    for id in ["jenks", "quantiles", "equal", "stddev", "q6"] {
                        if let Some(m) = Method::from_id(id) {
                            ui.selectable_value(&mut settings.method, id.to_owned(), m.label_fr());
                        }
                    }
                });
            if settings.method != "q6" {
                ui.add(egui::Slider::new(&mut settings.classes, 2..=9).text("classes"));
            }
        });
    }
    ui.separator();
    ui.strong("Fond de carte");
    ui.radio_value(&mut settings.online_basemap, false, "Hors ligne (intégré)");
    ui.radio_value(
        &mut settings.online_basemap,
        true,
        "OpenStreetMap (en ligne, avec cache)",
    );
}
