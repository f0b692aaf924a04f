//! The attributes of a user's layer: a sortable, filterable table; a click shows the feature
//! on the map.

use egui::{Color32, RichText};

use crate::model::imports::attribute_table::AttributeTable;
use crate::model::indicators::table_sort::SortState;

const ROW_HEIGHT: f32 = 20.0;
const COLUMN_WIDTH: f32 = 120.0;

/// What the window keeps between frames.
#[derive(Clone, Debug, Default)]
pub struct AttributeViewState {
    /// Which layer (file name) is shown.
    pub layer: String,
    pub sort: Option<SortState>,
    pub filter: String,
    pub highlighted: Option<usize>,
    /// Display order for (sort, filter), recomputed only when they change.
    cache: Option<(Option<SortState>, String, Vec<usize>)>,
}

impl AttributeViewState {
    pub fn for_layer(layer: &str) -> Self {
        AttributeViewState {
            layer: layer.to_owned(),
            ..Self::default()
        }
    }

    fn order(&mut self, table: &AttributeTable) -> &[usize] {
        let fresh = matches!(&self.cache, Some((s, f, _)) if *s == self.sort && *f == self.filter);
        if !fresh {
            let order = table.order(self.sort, &self.filter);
            self.cache = Some((self.sort, self.filter.clone(), order));
        }
        self.cache.as_ref().map_or(&[], |c| c.2.as_slice())
    }
}

/// Draws the table; returns the row (feature) the user clicked.
pub fn attribute_table_ui(
    ui: &mut egui::Ui,
    table: &AttributeTable,
    state: &mut AttributeViewState,
) -> Option<usize> {
    let mut clicked = None;
    ui.horizontal(|ui| {
        ui.label("Filtrer :");
        ui.add(
            egui::TextEdit::singleline(&mut state.filter)
                .hint_text("texte cherché dans toutes les colonnes")
                .desired_width(260.0),
        );
    });
    let order: Vec<usize> = state.order(table).to_vec();
    egui::ScrollArea::horizontal()
        .auto_shrink([false, true])
        .show(ui, |ui| {
            ui.vertical(|ui| {
                ui.horizontal(|ui| {
                    for (c, name) in table.fields.iter().enumerate() {
                        let mark = match state.sort {
                            Some(s) if s.column == c && s.descending => " (décroissant)",
                            Some(s) if s.column == c => " (croissant)",
                            _ => "",
                        };
                        let button =
                            egui::Button::new(RichText::new(format!("{name}{mark}")).small());
                        if ui
                            .add_sized([COLUMN_WIDTH, ROW_HEIGHT], button)
                            .on_hover_text("Trier par cette colonne")
                            .clicked()
                        {
                            let numeric = table.is_numeric(c);
                            state.sort = Some(match state.sort {
                                Some(s) => s.clicked(c, numeric),
                                None => SortState {
                                    column: c,
                                    descending: numeric,
                                },
                            });
                        }
                    }
                });
                let spacing = ui.spacing().item_spacing.y;
                egui::ScrollArea::vertical()
                    .max_height((ui.available_height() - 24.0).max(ROW_HEIGHT * 4.0))
                    .auto_shrink([false, false])
                    .show_rows(ui, ROW_HEIGHT, order.len(), |ui, range| {
                        for &i in &order[range] {
                            let Some(row) = table.rows.get(i) else {
                                continue;
                            };
                            let fill = if state.highlighted == Some(i) {
                                ui.visuals().selection.bg_fill
                            } else {
                                Color32::TRANSPARENT
                            };
                            let inner = egui::Frame::NONE.fill(fill).show(ui, |ui| {
                                ui.horizontal(|ui| {
                                    ui.set_height(ROW_HEIGHT - spacing);
                                    for cell in row {
                                        ui.add_sized(
                                            [COLUMN_WIDTH, ROW_HEIGHT - spacing],
                                            egui::Label::new(cell.as_str()).truncate(),
                                        );
                                    }
                                });
                            });
                            let response = ui.interact(
                                inner.response.rect,
                                ui.scope_id().with(("attribut", i)),
                                egui::Sense::click(),
                            );
                            if response.clicked() {
                                state.highlighted = Some(i);
                                clicked = Some(i);
                            }
                        }
                    });
            });
        });
    ui.small(format!(
        "{} objet(s) affiché(s) sur {} — un clic montre l'objet sur la carte",
        order.len(),
        table.rows.len()
    ));
    clicked
}
