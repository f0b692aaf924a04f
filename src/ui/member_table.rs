//! The member table of a sheet (EPCI, EPT and communes as what they are), sortable by any
//! column, with a column chooser and a horizontal scroll bar so that every column can be
//! reached, and the range and median of each series under it (never an average).

use std::collections::BTreeSet;

use egui::RichText;

use crate::model::indicators::table_sort::{Cell, SortState, sorted_order};
use crate::model::{IndicatorId, LayerKind, UnitRef};
use crate::sheet::view::MemberTable;

/// The series columns the user switched from their default (by series id): the headline
/// share is shown by default, the others hidden, so that the table fits the panel.
pub type HiddenColumns = BTreeSet<IndicatorId>;

/// Widths of the fixed columns and of each series column, in points.
const NATURE_W: f32 = 44.0;
const POPULATION_W: f32 = 64.0;
const SERIES_W: f32 = 64.0;
/// The member's name takes what is left, between these (cut with "…", whole on hover).
const NAME_MIN: f32 = 110.0;
const NAME_MAX: f32 = 260.0;

/// Whether a series column is shown: the headline share by default, flipped by the user.
pub fn column_shown(id: &IndicatorId, toggled: &HiddenColumns) -> bool {
    (*id == crate::model::indicators::HEADLINE) != toggled.contains(id)
}

/// The name column's width for `available` points and `series` shown columns.
pub fn name_width(available: f32, series: usize, spacing: f32) -> f32 {
    let fixed = NATURE_W + POPULATION_W + SERIES_W * series as f32;
    let gaps = spacing * (series + 3) as f32;
    (available - fixed - gaps).clamp(NAME_MIN, NAME_MAX)
}

/// Draws the table; returns the EPCI a member the user clicked is.
pub fn member_table_ui(
    ui: &mut egui::Ui,
    table: &MemberTable,
    sort: &mut SortState,
    hidden: &mut HiddenColumns,
) -> Option<UnitRef> {
    if !table.columns.is_empty() {
        ui.menu_button("Colonnes…", |ui| {
            for c in &table.columns {
                let mut shown = column_shown(&c.id, hidden);
                if ui.checkbox(&mut shown, &c.label).changed() && !hidden.remove(&c.id) {
                    hidden.insert(c.id.clone());
                }
            }
        })
        .response
        .on_hover_text("Choisir les colonnes du tableau des membres");
    }
    let shown: Vec<usize> = (0..table.columns.len())
        .filter(|&k| {
            table
                .columns
                .get(k)
                .is_some_and(|c| column_shown(&c.id, hidden))
        })
        .collect();
    let cells: Vec<Vec<Cell>> = table
        .rows
        .iter()
        .map(|r| {
            let mut c = vec![
                Cell::Text(r.name.clone()),
                Cell::Text(r.nature_short.clone()),
                Cell::number(r.population.map(|p| p as f64)),
            ];
            c.extend(r.values.iter().map(|v| Cell::number(*v)));
            c
        })
        .collect();
    let order = sorted_order(&cells, *sort);
    let mut clicked = None;
    let row_h = ui.spacing().interact_size.y.min(20.0);
    let name_w = name_width(ui.available_width(), shown.len(), 10.0);
    ui.scope(|ui| {
        // A solid scroll bar, visible without hovering: the table is often wider than the panel.
        ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
        egui::ScrollArea::horizontal()
            .id_salt("membres-defilement")
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
            .show(ui, |ui| {
                egui::Grid::new("membres")
                    .striped(true)
                    .spacing([10.0, 6.0])
                    .show(ui, |ui| {
                        let mut header = |ui: &mut egui::Ui, c: usize, text: &str, hover: &str| {
                            let arrow = match (sort.column == c, sort.descending) {
                                (true, true) => " (décroissant)",
                                (true, false) => " (croissant)",
                                _ => "",
                            };
                            let mut t = RichText::new(text).small();
                            if sort.column == c {
                                t = t.strong();
                            }
                            let w = match c {
                                0 => name_w,
                                1 => NATURE_W,
                                2 => POPULATION_W,
                                _ => SERIES_W,
                            };
                            if ui
                                .add_sized([w, row_h], egui::Button::new(t).frame(false).wrap())
                                .on_hover_text(format!("{hover} — trier{arrow}"))
                                .clicked()
                            {
                                *sort = sort.clicked(c, c > 1);
                            }
                        };
                        header(ui, 0, "Membre", "Nom");
                        header(ui, 1, "Nature", "Nature du membre");
                        header(ui, 2, "Pop.", "Population municipale 2022 (recensement)");
                        for &k in &shown {
                            if let Some(col) = table.columns.get(k) {
                                header(
                                    ui,
                                    k + 3,
                                    &crate::format::with_unit(&col.short, &col.unit),
                                    &col.label,
                                );
                            }
                        }
                        ui.end_row();
                        for &i in &order {
                            let Some(r) = table.rows.get(i) else { continue };
                            match r.epci_index {
                                Some(_) => {
                                    let link =
                                        RichText::new(&r.name).color(ui.visuals().hyperlink_color);
                                    if wrapped(ui, name_w, link, egui::Sense::click())
                                        .on_hover_text(format!(
                                            "{} — SIREN {} — ouvrir sa fiche",
                                            r.nature_label, r.siren
                                        ))
                                        .clicked()
                                    {
                                        clicked = Some(UnitRef::new(LayerKind::Epci, &r.siren));
                                    }
                                }
                                None => {
                                    let code = r.commune.as_ref().map_or_else(
                                        || format!("SIREN {}", r.siren),
                                        |c| format!("code INSEE {c}"),
                                    );
                                    wrapped(ui, name_w, &r.name, egui::Sense::hover())
                                        .on_hover_text(format!(
                                            "{} — {code} (pas de fiche sur la carte des EPCI)",
                                            r.nature_label
                                        ));
                                }
                            }
                            ui.label(&r.nature_short).on_hover_text(&r.nature_label);
                            let pop = ui.label(&r.population_text);
                            if let Some(note) = &r.population_note {
                                pop.on_hover_text(note);
                            }
                            for &k in &shown {
                                let text = r.value_texts.get(k).map_or("—", String::as_str);
                                let cell = ui.label(text);
                                if text == "—" {
                                    cell.on_hover_text(
                                        "pas de valeur dans la source pour ce membre",
                                    );
                                }
                            }
                            ui.end_row();
                        }
                        if table.rows.len() > 1 && !shown.is_empty() {
                            wrapped(
                                ui,
                                name_w,
                                RichText::new("min – max (médiane)").small().italics(),
                                egui::Sense::hover(),
                            );
                            ui.label("");
                            ui.label("");
                            for &k in &shown {
                                match table.spreads.get(k).and_then(Option::as_ref) {
                                    Some(s) => wrapped(
                                        ui,
                                        SERIES_W,
                                        RichText::new(&s.short).small(),
                                        egui::Sense::hover(),
                                    ),
                                    None => ui.label("—"),
                                };
                            }
                            ui.end_row();
                        }
                    });
            });
    });
    for note in &table.notes {
        ui.small(note);
    }
    clicked
}

/// A text wrapped to `width` points: a cell that grows downwards, never cut. Its lines are laid
/// out first so that the cell asks for its real height: the grid centres each cell in its row,
/// and a cell asking for no height would start at the row's middle and run into the next row.
fn wrapped(
    ui: &mut egui::Ui,
    width: f32,
    text: impl Into<egui::WidgetText>,
    sense: egui::Sense,
) -> egui::Response {
    let galley = text.into().into_galley(
        ui,
        Some(egui::TextWrapMode::Wrap),
        width,
        egui::FontSelection::Default,
    );
    let height = galley.size().y;
    ui.allocate_ui_with_layout(
        egui::vec2(width, height),
        egui::Layout::top_down(egui::Align::Min),
        |ui| {
            ui.set_width(width);
            ui.add(egui::Label::new(galley).sense(sense))
        },
    )
    .inner
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_headline_share_is_the_default_column_and_names_take_what_is_left() {
        let none = HiddenColumns::new();
        assert!(column_shown(&"part_emploi_industrie".into(), &none));
        assert!(!column_shown(&"part_emploi_agriculture".into(), &none));
        let flipped: HiddenColumns = [IndicatorId::new("part_emploi_industrie")].into();
        assert!(!column_shown(&"part_emploi_industrie".into(), &flipped));
        // A 360-point sheet panel (1280 px wide screen): name, nature, population and the
        // share fit without scrolling.
        let w = name_width(360.0, 1, 10.0);
        assert!(w >= NAME_MIN);
        assert!(w + NATURE_W + POPULATION_W + SERIES_W + 40.0 <= 360.0);
    }
}
