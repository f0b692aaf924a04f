//! The typology choice of the Couches panel: a typology of the current maille (each unit
//! filled by its category) instead of an indicator's classes, and its qualitative palette with
//! how far it stays readable for colour-blind readers.

use crate::carto::MapSettings;
use crate::model::Level;
use crate::model::typology::TypologyChoice;
use crate::palette::QualitativeScheme;

/// Draws the choice; returns true when a typology colours the map (the indicator's choices are
/// then not shown). `typologies`: (id, name, maille) of every typology offered.
pub fn typology_ui(
    ui: &mut egui::Ui,
    settings: &mut MapSettings,
    typologies: &[(String, String, Level)],
) -> bool {
    let maille = settings.maille;
    // A typology of another maille is dropped when the maille changes.
    if settings.typology.as_ref().is_some_and(|t| {
        !typologies
            .iter()
            .any(|(id, _, l)| *id == t.id && *l == maille)
    }) {
        settings.typology = None;
    }
    let offered: Vec<&(String, String, Level)> =
        typologies.iter().filter(|(_, _, l)| *l == maille).collect();
    if offered.is_empty() {
        return false;
    }
    let current = settings
        .typology
        .as_ref()
        .and_then(|t| offered.iter().find(|(id, _, _)| *id == t.id))
        .map_or("Aucune (indicateur)", |(_, label, _)| label.as_str());
    let mut chosen = settings.typology.as_ref().map(|t| t.id.clone());
    ui.horizontal(|ui| {
        ui.label("Typologie :");
        egui::ComboBox::from_id_salt("typologie")
            .selected_text(current)
            .width(240.0)
            .wrap()
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut chosen, None, "Aucune (indicateur)");
                for (id, label, _) in &offered {
                    ui.selectable_value(&mut chosen, Some(id.clone()), label);
                }
            });
    })
    .response
    .on_hover_text("Chaque unité colorée par sa catégorie (carte qualitative)");
    if chosen.as_deref() != settings.typology.as_ref().map(|t| t.id.as_str()) {
        settings.typology = chosen.as_deref().map(TypologyChoice::new);
    }
    let Some(choice) = settings.typology.as_mut() else {
        return false;
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
    true
}
