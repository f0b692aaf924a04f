//! "Typologie d'après les classes" in the Couches window, under a map of one indicator: the
//! user chooses classes of the legend (1 the lowest), names them as types ("en expansion",
//! "fragile"), and "Créer la typologie" makes the map a typology of those types, each with
//! its rule written from the classes' bounds (see `model::typology::from_indicator_classes`).

use egui::{Color32, RichText};

use crate::carto::MapSettings;
use crate::model::indicators::choropleth::Legend;
use crate::model::typology::TypologyChoice;
use crate::model::typology::from_indicator_classes::{
    IndicatorClassTypes, NamedClasses, classes_text,
};

/// The types being named from the legend's classes (widget state, kept in egui's memory until
/// the typology is created).
#[derive(Clone, Debug, Default)]
struct ClassesDraft {
    types: Vec<NamedClasses>,
    /// The classes chosen for the next type.
    selected: Vec<bool>,
    name: String,
    title: String,
    error: Option<String>,
}

/// The block, for the map's indicator and the legend it shows (its classes): nothing when
/// the legend is not one indicator's classes.
pub fn class_types_ui(ui: &mut egui::Ui, settings: &mut MapSettings, legend: Option<&Legend>) {
    let (Some(indicator), Some(legend)) = (settings.indicator.clone(), legend) else {
        return;
    };
    if !legend.categories.is_empty() || legend.classification.class_count() < 2 {
        return;
    }
    egui::CollapsingHeader::new("Typologie d'après les classes")
        .id_salt("types-de-classes-indicateur")
        .show(ui, |ui| draft_ui(ui, settings, &indicator, legend));
}

fn draft_ui(
    ui: &mut egui::Ui,
    settings: &mut MapSettings,
    indicator: &crate::model::IndicatorId,
    legend: &Legend,
) {
    let id = ui.make_persistent_id("brouillon-types-classes");
    let mut draft: ClassesDraft = ui.data_mut(|d| d.get_temp(id)).unwrap_or_default();
    let n = legend.classification.class_count();
    draft.selected.resize(n, false);
    // Classes the types already hold cannot be chosen again.
    let owner = |draft: &ClassesDraft, k: usize| {
        draft
            .types
            .iter()
            .find(|t| t.classes.contains(&k))
            .map(|t| t.name.clone())
    };
    ui.small("Choisir des classes de la légende (1 la plus basse), les nommer :");
    let rows = legend.class_rows();
    for k in (0..n).rev() {
        let taken = owner(&draft, k);
        let [r, g, b] = legend.colours.get(k).copied().unwrap_or([0x80; 3]);
        ui.horizontal(|ui| {
            let (swatch, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
            ui.painter()
                .rect_filled(swatch, 2.0, Color32::from_rgb(r, g, b));
            let mut selected = draft.selected.get(k).copied().unwrap_or(false);
            let response = ui
                .add_enabled_ui(taken.is_none(), |ui| {
                    ui.checkbox(&mut selected, format!("Classe {}", k + 1))
                })
                .inner;
            if response.changed()
                && let Some(slot) = draft.selected.get_mut(k)
            {
                *slot = selected;
            }
            let row = rows.get(k).map_or("", String::as_str);
            match &taken {
                Some(name) => ui.label(format!("{row} — « {name} »")),
                None => ui.label(row),
            };
        });
    }
    if type_name_ui(
        ui,
        &mut draft.name,
        "Nom du type (classes)",
        "Ajouter ce type",
    ) {
        add_type(&mut draft, n);
    }
    let labels: Vec<String> = draft
        .types
        .iter()
        .map(|t| format!("{} : classes {}", t.name, classes_text(&t.classes)))
        .collect();
    if let Some(i) = types_list_ui(ui, &labels) {
        draft.types.remove(i);
    }
    title_ui(
        ui,
        &mut draft.title,
        &format!("Types : {}", legend.title),
        "Titre de la typologie (classes)",
    );
    let create = ui.add_enabled(
        !draft.types.is_empty(),
        egui::Button::new("Créer la typologie des classes"),
    );
    if create.clicked() {
        match crate::carto::typology::indicator_class_types(
            indicator,
            legend,
            draft.types.clone(),
            &draft.title,
        ) {
            Ok(types) => {
                settings.typology = Some(TypologyChoice::from_indicator_classes(types));
                draft = ClassesDraft::default();
            }
            Err(e) => draft.error = Some(e),
        }
    }
    if let Some(e) = &draft.error {
        ui.label(RichText::new(e).color(ui.visuals().warn_fg_color));
    }
    ui.data_mut(|d| d.insert_temp(id, draft));
}

/// Names a text field for screen readers (and the tests), as its label beside it says.
fn text_field_name(response: &egui::Response, name: &str) {
    let enabled = response.enabled();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, enabled, name));
}

/// Adds the selected classes as a type named as typed, or says why not.
fn add_type(draft: &mut ClassesDraft, n: usize) {
    let classes: Vec<usize> = (0..n)
        .filter(|&k| draft.selected.get(k).copied().unwrap_or(false))
        .collect();
    let mut types = draft.types.clone();
    types.push(NamedClasses {
        name: draft.name.trim().to_owned(),
        classes,
    });
    // The bounds only matter for their count here.
    let check = IndicatorClassTypes {
        bounds: (0..=n).map(|i| i as f64).collect(),
        types: types.clone(),
        ..IndicatorClassTypes::default()
    };
    match check.check() {
        Ok(()) => {
            draft.types = types;
            draft.selected = vec![false; n];
            draft.name.clear();
            draft.error = None;
        }
        Err(e) => draft.error = Some(e),
    }
}

/// The new type's name field and its button (`name` for screen readers): whether it was clicked.
pub fn type_name_ui(ui: &mut egui::Ui, text: &mut String, name: &str, button: &str) -> bool {
    ui.horizontal(|ui| {
        ui.label("Nom :");
        let edit = ui.add(
            egui::TextEdit::singleline(text)
                .hint_text("en expansion")
                .desired_width(140.0),
        );
        text_field_name(&edit, name);
        ui.button(button).clicked()
    })
    .inner
}

/// The types named so far, each with its "Retirer" button: the one to remove, if clicked.
pub fn types_list_ui(ui: &mut egui::Ui, labels: &[String]) -> Option<usize> {
    let mut removed = None;
    for (i, label) in labels.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(label);
            if ui.small_button("Retirer").clicked() {
                removed = Some(i);
            }
        });
    }
    removed
}

/// The typology's title field (`hint` when empty; `name` for screen readers).
pub fn title_ui(ui: &mut egui::Ui, title: &mut String, hint: &str, name: &str) {
    ui.horizontal(|ui| {
        ui.label("Titre :");
        let edit = ui.add(
            egui::TextEdit::singleline(title)
                .hint_text(hint)
                .desired_width(180.0),
        );
        text_field_name(&edit, name);
    });
}
