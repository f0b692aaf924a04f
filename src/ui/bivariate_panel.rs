//! "Carte bivariée" in the Couches window: the map coloured by one indicator or by two crossed
//! on a 3 × 3 grid, the two indicators, and each axis' breaks (terciles unless two are typed).

use egui::{Color32, RichText};

use crate::carto::MapSettings;
use crate::model::IndicatorId;
use crate::model::indicators::bivariate::{Bivariate, CLASSES};
use crate::model::typology::TypologyChoice;
use crate::model::typology::from_classes::{ClassType, ClassTypes, cell_text};

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
    egui::CollapsingHeader::new("Typologie d'après les cellules")
        .id_salt("types-de-classes")
        .show(ui, |ui| class_types_ui(ui, settings));
    true
}

/// The types being named from the grid's cells (widget state, kept in egui's memory until the
/// typology is created).
#[derive(Clone, Debug, Default)]
struct TypesDraft {
    types: Vec<ClassType>,
    /// `selected[y][x]`: the cells chosen for the next type.
    selected: [[bool; CLASSES]; CLASSES],
    name: String,
    title: String,
    error: Option<String>,
}

/// Naming types from the grid's cells: choose cells, name them, "Ajouter le type"; then
/// "Créer la typologie" makes the map a typology of those types (each unit coloured by its
/// cell's type, the rule of each in the legend), in place of the bivariate colours.
fn class_types_ui(ui: &mut egui::Ui, settings: &mut MapSettings) {
    let id = ui.make_persistent_id("brouillon-types");
    let mut draft: TypesDraft = ui.data_mut(|d| d.get_temp(id)).unwrap_or_default();
    ui.small("Choisir des cellules (X de gauche à droite, Y de bas en haut), les nommer :");
    let owner = |draft: &TypesDraft, x: usize, y: usize| {
        draft
            .types
            .iter()
            .find(|t| t.cells.contains(&[x, y]))
            .map(|t| t.name.clone())
    };
    egui::Grid::new("types-grille").show(ui, |ui| {
        for y in (0..CLASSES).rev() {
            for x in 0..CLASSES {
                let text = cell_text([x, y]);
                let taken = owner(&draft, x, y);
                let cell = Bivariate::cell_colour(x, y);
                let [r, g, b] = cell;
                // Light text on the dark cells, dark on the light ones.
                let ink = if crate::palette::colour::lightness(cell) < 55.0 {
                    Color32::WHITE
                } else {
                    Color32::from_gray(0x22)
                };
                let label = RichText::new(&text)
                    .background_color(Color32::from_rgb(r, g, b))
                    .color(ink);
                let selected = &mut draft.selected[y][x];
                let response = ui
                    .add_enabled_ui(taken.is_none(), |ui| ui.toggle_value(selected, label))
                    .inner;
                let hover = match &taken {
                    Some(name) => format!("Cellule {text} : type « {name} »"),
                    None => format!("Cellule {text} : X classe {}, Y classe {}", x + 1, y + 1),
                };
                response.on_hover_text(hover);
            }
            ui.end_row();
        }
    });
    if super::class_types_panel::type_name_ui(ui, &mut draft.name, "Nom du type", "Ajouter le type")
    {
        add_type(&mut draft);
    }
    let labels: Vec<String> = draft
        .types
        .iter()
        .map(|t| {
            let cells: Vec<String> = t.cells.iter().map(|c| cell_text(*c)).collect();
            format!("{} : {}", t.name, cells.join(", "))
        })
        .collect();
    if let Some(i) = super::class_types_panel::types_list_ui(ui, &labels) {
        draft.types.remove(i);
    }
    super::class_types_panel::title_ui(
        ui,
        &mut draft.title,
        "Types : X × Y",
        "Titre de la typologie",
    );
    let create = ui.add_enabled(
        !draft.types.is_empty(),
        egui::Button::new("Créer la typologie"),
    );
    if create.clicked() {
        match settings
            .bivariate
            .class_types(settings.maille, draft.types.clone(), &draft.title)
        {
            Ok(types) => {
                settings.typology = Some(TypologyChoice::from_classes(types));
                settings.bivariate.on = false;
                draft = TypesDraft::default();
            }
            Err(e) => draft.error = Some(e),
        }
    }
    if let Some(e) = &draft.error {
        ui.colored_label(ui.visuals().warn_fg_color, e);
    }
    ui.data_mut(|d| d.insert_temp(id, draft));
}

/// Adds the selected cells as a type named as typed, or says why not.
fn add_type(draft: &mut TypesDraft) {
    let cells: Vec<[usize; 2]> = (0..CLASSES)
        .rev()
        .flat_map(|y| (0..CLASSES).rev().map(move |x| [x, y]))
        .filter(|&[x, y]| draft.selected[y][x])
        .collect();
    let mut types = draft.types.clone();
    types.push(ClassType {
        name: draft.name.trim().to_owned(),
        cells,
    });
    match (ClassTypes {
        types: types.clone(),
        ..ClassTypes::default()
    })
    .check()
    {
        Ok(()) => {
            draft.types = types;
            draft.selected = [[false; CLASSES]; CLASSES];
            draft.name.clear();
            draft.error = None;
        }
        Err(e) => draft.error = Some(e),
    }
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
