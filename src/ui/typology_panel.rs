//! The typologies in the Couches panel: listed under the indicators of the maille in the same
//! list (a map shows an indicator's classes or a typology's categories), and, once one is
//! chosen, its qualitative palette with how far it stays readable for colour-blind readers.

use egui::RichText;

use crate::carto::MapSettings;
use crate::model::Level;
use crate::model::typology::TypologyChoice;
use crate::model::typology::style::{
    CategoryStyle, MAX_CATEGORIES, OTHERS, StyledCategory, StyledTypology,
};
use crate::palette::QualitativeScheme;

/// The typologies of the settings' maille among `typologies` (id, name, maille); a chosen
/// typology of another maille is dropped (the maille changed).
pub fn offered<'a>(
    settings: &mut MapSettings,
    typologies: &'a [(String, String, Level)],
) -> Vec<&'a (String, String, Level)> {
    let maille = settings.maille;
    if settings.typology.as_ref().is_some_and(|t| {
        if t.made_from_classes() {
            // Made from classes: kept at its grid's (or indicator's) maille.
            t.level() != Some(maille)
        } else {
            !typologies
                .iter()
                .any(|(id, _, l)| *id == t.id && *l == maille)
        }
    }) {
        settings.typology = None;
    }
    typologies.iter().filter(|(_, _, l)| *l == maille).collect()
}

/// The chosen typology's name, if one of `offered` (or one made from classes) is chosen.
pub fn chosen_label(
    settings: &MapSettings,
    offered: &[&(String, String, Level)],
) -> Option<String> {
    let choice = settings.typology.as_ref()?;
    if let Some(c) = &choice.classes {
        return Some(if c.title.trim().is_empty() {
            "Types de la grille bivariée".to_owned()
        } else {
            c.title.trim().to_owned()
        });
    }
    if let Some(c) = &choice.indicator_classes {
        return Some(if c.title.trim().is_empty() {
            "Types d'après les classes".to_owned()
        } else {
            c.title.trim().to_owned()
        });
    }
    offered
        .iter()
        .find(|(i, _, _)| *i == choice.id)
        .map(|(_, label, _)| label.clone())
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
        let combo = egui::ComboBox::from_id_salt("palette-typologie")
            .selected_text(choice.scheme.name())
            .width(170.0)
            .show_ui(ui, |ui| {
                for scheme in QualitativeScheme::ALL {
                    let text = format!("{} — {}", scheme.name(), scheme.description_fr());
                    ui.selectable_value(&mut choice.scheme, scheme, text);
                }
            });
        crate::ui::name_widget(&combo.response, "Palette de la typologie");
    });
    ui.small(format!(
        "Distincte pour les daltoniens jusqu'à {} catégories",
        choice.scheme.distinct_up_to()
    ));
}

/// The categories' editor, folded by default (styling the typology is computed only while it is
/// open): each category drawn with its colour (a click changes it), its name (edited in place,
/// taken when the field is left), its count, its place (↑ ↓) and "Fusionner avec…"; and the
/// categories as the typology gives them back. Returns whether the style changed.
pub fn typology_categories_ui(
    ui: &mut egui::Ui,
    settings: &mut MapSettings,
    styled: &dyn Fn(&TypologyChoice) -> Option<StyledTypology>,
) -> bool {
    let Some(choice) = settings.typology.as_mut() else {
        return false;
    };
    let mut changed = false;
    egui::CollapsingHeader::new("Catégories : couleurs, noms, ordre, fusions")
        .id_salt(("categories-typologie", choice.id.clone()))
        .show(ui, |ui| {
            let Some(drawn) = styled(choice) else {
                ui.label("Typologie indisponible.");
                return;
            };
            let keys: Vec<String> = drawn.categories.iter().map(|c| c.key.clone()).collect();
            let mut edit: Option<Edit> = None;
            // Two lines per category, so that the panel stays narrow.
            for (i, category) in drawn.categories.iter().enumerate() {
                edit = edit.take().or(category_row_ui(ui, i, category, &keys));
                ui.separator();
            }
            if drawn.categories.iter().any(|c| c.key == OTHERS) {
                ui.small(format!(
                    "Au-delà de {MAX_CATEGORIES} catégories, les plus petites sont regroupées dans « {OTHERS} »."
                ));
            }
            let styled_by_user = choice.style != CategoryStyle::default();
            if ui
                .add_enabled(
                    styled_by_user,
                    egui::Button::new("Catégories d'origine"),
                )
                .on_hover_text("Annule les fusions, l'ordre, les noms et les couleurs choisis")
                .clicked()
            {
                edit = Some(Edit::Reset);
            }
            if let Some(edit) = edit {
                edit.apply(&mut choice.style, &keys, &drawn);
                changed = true;
            }
        });
    changed
}

/// A change asked in the categories' editor.
enum Edit {
    Colour(String, [u8; 3]),
    Rename(String, String),
    Move(String, usize),
    Merge(String, String),
    Reset,
}

impl Edit {
    fn apply(self, style: &mut CategoryStyle, keys: &[String], drawn: &StyledTypology) {
        match self {
            Edit::Colour(key, rgb) => style.recolour(&key, rgb),
            Edit::Rename(key, name) => {
                if name.trim().is_empty() {
                    style.renamed.remove(&key);
                } else {
                    style.rename(&key, name.trim());
                }
            }
            Edit::Move(key, to) => style.move_to(keys, &key, to),
            Edit::Merge(key, into) => {
                // Every category the group holds goes to the other group.
                let members: Vec<&str> = drawn
                    .categories
                    .iter()
                    .find(|c| c.key == key)
                    .map(|c| c.members.iter().map(String::as_str).collect())
                    .unwrap_or_default();
                style.merge(&members, &into);
            }
            Edit::Reset => *style = CategoryStyle::default(),
        }
    }
}

/// One category: colour, name and count on a line; ↑ ↓ and merge under them.
fn category_row_ui(
    ui: &mut egui::Ui,
    i: usize,
    category: &StyledCategory,
    keys: &[String],
) -> Option<Edit> {
    ui.horizontal(|ui| category_name_ui(ui, category))
        .inner
        .or_else(|| {
            ui.horizontal(|ui| category_place_ui(ui, i, category, keys))
                .inner
        })
}

/// A category's colour, count and name.
fn category_name_ui(ui: &mut egui::Ui, category: &StyledCategory) -> Option<Edit> {
    let mut edit = None;
    let mut rgb = category.colour;
    let colour = egui::color_picker::color_edit_button_srgb(ui, &mut rgb)
        .on_hover_text(format!("Couleur de « {} »", category.label));
    let name = format!("Couleur de « {} »", category.label);
    colour.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ColorWell, true, &name));
    if colour.changed() {
        edit = Some(Edit::Colour(category.key.clone(), rgb));
    }
    // The name being typed lives in egui's memory until the field is left.
    let id = ui.make_persistent_id(("nom-categorie", &category.key));
    let mut text = ui.data_mut(|d| {
        d.get_temp::<String>(id)
            .unwrap_or_else(|| category.label.clone())
    });
    // The count first, then the name in the rest of the line, wrapped rather than cut.
    ui.label(crate::format::int_fr(category.count as u64))
        .on_hover_text("Unités dans la catégorie");
    let field = ui.add(
        egui::TextEdit::multiline(&mut text)
            .desired_rows(1)
            .desired_width(ui.available_width())
            .hint_text(category.label.as_str()),
    );
    if field.changed() {
        ui.data_mut(|d| d.insert_temp(id, text.clone()));
    }
    if field.lost_focus() {
        ui.data_mut(|d| d.remove::<String>(id));
        let typed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if typed != category.label {
            edit = Some(Edit::Rename(category.key.clone(), typed));
        }
    }
    edit
}

/// A category's place (↑ ↓) and "Fusionner avec…".
fn category_place_ui(
    ui: &mut egui::Ui,
    i: usize,
    category: &StyledCategory,
    keys: &[String],
) -> Option<Edit> {
    let mut edit = None;
    for (sign, name, to) in [
        ("↑", "Monter", i.checked_sub(1)),
        ("↓", "Descendre", (i + 1 < keys.len()).then_some(i + 1)),
    ] {
        let button = ui
            .add_enabled(to.is_some(), egui::Button::new(sign).small())
            .on_hover_text(name);
        let label = format!("{name} « {} »", category.label);
        button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, to.is_some(), &label));
        if let (true, Some(to)) = (button.clicked(), to) {
            edit = Some(Edit::Move(category.key.clone(), to));
        }
    }
    let others: Vec<&String> = keys.iter().filter(|k| **k != category.key).collect();
    ui.add_enabled_ui(category.key != OTHERS && !others.is_empty(), |ui| {
        let combo = egui::ComboBox::from_id_salt(("fusion-categorie", &category.key))
            .selected_text("Fusionner avec…")
            .width(140.0)
            .show_ui(ui, |ui| {
                for other in others {
                    if ui.selectable_label(false, other.as_str()).clicked() {
                        edit = Some(Edit::Merge(category.key.clone(), other.clone()));
                    }
                }
            });
        crate::ui::name_widget(
            &combo.response,
            &format!("Fusionner avec… (« {} »)", category.label),
        );
    });
    edit
}
