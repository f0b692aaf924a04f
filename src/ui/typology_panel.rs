//! The typologies in the Couches panel: listed under the indicators of the maille in the same
//! list (a map shows an indicator's classes or a typology's categories), and, once one is
//! chosen, its qualitative palette with how far it stays readable for colour-blind readers.

use egui::RichText;

use crate::carto::MapSettings;
use crate::model::Level;
use crate::model::typology::TypologyChoice;
use crate::palette::QualitativeScheme;

/// The typologies of the settings' maille among `typologies` (id, name, maille); a chosen
/// typology of another maille is dropped (the maille changed).
pub fn offered<'a>(
    settings: &mut MapSettings,
    typologies: &'a [(String, String, Level)],
) -> Vec<&'a (String, String, Level)> {
    let maille = settings.maille;
    if settings.typology.as_ref().is_some_and(|t| {
        !typologies
            .iter()
            .any(|(id, _, l)| *id == t.id && *l == maille)
    }) {
        settings.typology = None;
    }
    typologies.iter().filter(|(_, _, l)| *l == maille).collect()
}

/// The chosen typology's name, if one of `offered` is chosen.
pub fn chosen_label<'a>(
    settings: &MapSettings,
    offered: &[&'a (String, String, Level)],
) -> Option<&'a str> {
    let id = &settings.typology.as_ref()?.id;
    offered
        .iter()
        .find(|(i, _, _)| i == id)
        .map(|(_, label, _)| label.as_str())
}

/// The typologies' entries at the end of the indicator list: a click chooses one.
pub fn typology_entries_ui(
    ui: &mut egui::Ui,
    settings: &mut MapSettings,
    offered: &[&(String, String, Level)],
) {
    if offered.is_empty() {
        return;
    }
    ui.add_space(4.0);
    ui.label(RichText::new("Typologies (catégories)").strong());
    for (id, label, _) in offered {
        let selected = settings.typology.as_ref().is_some_and(|t| t.id == *id);
        if ui.selectable_label(selected, label.as_str()).clicked() && !selected {
            settings.typology = Some(TypologyChoice::new(id));
        }
    }
}

/// The chosen typology's palette (none chosen: nothing drawn).
pub fn typology_palette_ui(ui: &mut egui::Ui, settings: &mut MapSettings) {
    let Some(choice) = settings.typology.as_mut() else {
        return;
    };
    ui.horizontal(|ui| {
        ui.label("Palette :");
        egui::ComboBox::from_id_salt("palette-typologie")
            .selected_text(choice.scheme.name())
            .width(170.0)
            .show_ui(ui, |ui| {
                for scheme in QualitativeScheme::ALL {
                    let text = format!("{} — {}", scheme.name(), scheme.description_fr());
                    ui.selectable_value(&mut choice.scheme, scheme, text);
                }
            });
    });
    ui.small(format!(
        "Distincte pour les daltoniens jusqu'à {} catégories",
        choice.scheme.distinct_up_to()
    ));
}
