//! The "Symboles proportionnels" part of the layers panel: a stock drawn as circles or squares
//! (the ratios are not offered), their size and scale, and what the imported columns are.

use crate::carto::{MapSettings, SymbolShape};
use crate::model::IndicatorId;
use crate::model::indicators::nature::Nature;

/// What the section offers at the map's maille.
pub struct SymbolsInput<'a> {
    /// (id, label) of the stocks.
    pub stocks: &'a [(IndicatorId, String)],
    /// (id, label, nature as said or guessed) of the imported columns.
    pub imported: &'a [(IndicatorId, String, Nature)],
    /// Why the symbols cannot be drawn, if so.
    pub error: Option<&'a str>,
}

/// Edits the symbols' settings.
pub fn symbols_ui(ui: &mut egui::Ui, settings: &mut MapSettings, input: &SymbolsInput<'_>) {
    ui.strong("Symboles proportionnels");
    let symbols = &mut settings.symbols;
    let current = symbols
        .indicator
        .as_ref()
        .and_then(|id| input.stocks.iter().find(|(i, _)| i == id))
        .map_or("Aucun symbole", |(_, l)| l.as_str());
    let combo = egui::ComboBox::from_id_salt("symboles")
        .selected_text(current)
        .width(300.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut symbols.indicator, None, "Aucun symbole");
            for (id, label) in input.stocks {
                ui.selectable_value(&mut symbols.indicator, Some(id.clone()), label);
            }
        })
        .response
        .on_hover_text("Les effectifs (population, nombre d'actions, de projets…) : surfaces proportionnelles aux valeurs. Les ratios se représentent en aplats de couleur.");
    crate::ui::name_widget(&combo, "Indicateur des symboles");
    if let Some(e) = input.error {
        ui.colored_label(egui::Color32::from_rgb(180, 30, 30), e);
    }
    if symbols.indicator.is_some() {
        ui.horizontal(|ui| {
            ui.radio_value(&mut symbols.shape, SymbolShape::Circle, "cercles");
            ui.radio_value(&mut symbols.shape, SymbolShape::Square, "carrés");
        });
        ui.add_enabled(
            symbols.value_per_area.is_none(),
            egui::Slider::new(&mut symbols.max_radius, 8.0..=60.0)
                .text("rayon maximal (px)")
                .custom_formatter(|v, _| crate::format::decimal_fr(v, 1))
                .custom_parser(french_number),
        );
        let mut fixed = symbols.value_per_area.is_some();
        if ui
            .checkbox(&mut fixed, "Échelle fixe (valeur par px²)")
            .on_hover_text("Garder la même échelle d'une carte à l'autre pour comparer (Temps I et Temps II, deux indicateurs)")
            .changed()
        {
            symbols.value_per_area = fixed.then_some(1000.0);
        }
        if let Some(k) = symbols.value_per_area.as_mut() {
            ui.add(
                egui::DragValue::new(k)
                    .range(1e-6..=1e12)
                    .speed(10.0)
                    .custom_formatter(|v, _| crate::format::decimal_fr(v, 1))
                    .custom_parser(french_number)
                    .suffix("\u{A0}par px²"),
            );
        }
    }
    if !input.imported.is_empty() {
        ui.collapsing("Nature des colonnes importées", |ui| {
            for (id, label, nature) in input.imported {
                ui.horizontal(|ui| {
                    ui.label(label);
                    let mut chosen = *nature;
                    ui.radio_value(&mut chosen, Nature::Stock, "stock");
                    ui.radio_value(&mut chosen, Nature::Ratio, "ratio");
                    if chosen != *nature {
                        settings.natures.insert(id.clone(), chosen);
                    }
                });
            }
        });
    }
}

/// The note under a choropleth of a stock: colour classes are for ratios.
pub fn stock_note_ui(ui: &mut egui::Ui, settings: &mut MapSettings) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Cet indicateur est un effectif : en aplats, les grands territoires dominent. Les symboles proportionnels le représentent mieux.");
        if ui.small_button("Représenter en symboles").clicked() {
            settings.symbols.indicator = settings.indicator.take();
        }
    });
}

/// A number typed in French or English notation ("28,5", "28.5", "1 000").
fn french_number(text: &str) -> Option<f64> {
    crate::format::parse_breaks_fr(text)
        .ok()
        .and_then(|v| v.first().copied())
}
