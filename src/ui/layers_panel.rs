//! Layer toggles and basemap choice.

use crate::app::settings::Settings;
use crate::model::LayerKind;

/// Draws the toggles; edits the settings in place (plain values, no side effects).
pub fn layers_ui(ui: &mut egui::Ui, settings: &mut Settings) {
    ui.strong("Couches");
    for kind in LayerKind::ALL {
        ui.checkbox(settings.visible_mut(kind), kind.label_fr());
    }
    ui.checkbox(&mut settings.show_labels, "Noms des territoires");
    ui.separator();
    ui.strong("Fond de carte");
    ui.radio_value(&mut settings.online_basemap, false, "Hors ligne (intégré)");
    ui.radio_value(
        &mut settings.online_basemap,
        true,
        "OpenStreetMap (en ligne, avec cache)",
    );
}
