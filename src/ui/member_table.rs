//! The member table of a sheet (EPCI, EPT and communes as what they are), sortable by any
//! column, with a column chooser and a horizontal scroll bar so that every column can be
//! reached, and the range and median of each series under it (never an average).

use std::collections::BTreeSet;

use egui::RichText;

use crate::model::indicators::table_sort::{Cell, SortState, sorted_order};
use crate::sheet::view::MemberTable;

/// The series columns left out by the user (by series id).
pub type HiddenColumns = BTreeSet<String>;

/// Draws the table; returns the EPCI-layer position of a member the user clicked.
pub fn member_table_ui(
    ui: &mut egui::Ui,
    table: &MemberTable,
    sort: &mut SortState,
    hidden: &mut HiddenColumns,
) -> Option<usize> {
    if !table.columns.is_empty() {
        ui.menu_button("Colonnes…", |ui| {
            for c in &table.columns {
                let mut shown = !hidden.contains(&c.id);
                if ui.checkbox(&mut shown, &c.label).changed() {
                    if shown {
                        hidden.remove(&c.id);
                    } else {
                        hidden.insert(c.id.clone());
                    }
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
                .is_some_and(|c| !hidden.contains(&c.id))
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
    ui.scope(|ui| {
        // A solid scroll bar, visible without hovering: the table is often wider than the panel.
        ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
        egui::ScrollArea::horizontal()
            .id_salt("membres-defilement")
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
            .show(ui, |ui| {
                egui::Grid::new("membres")
                    .striped(true)
                    .spacing([10.0, 3.0])
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
                            if ui
                                .add(egui::Button::new(t).frame(false))
                                .on_hover_text(format!("{hover} — trier{arrow}"))
                                .clicked()
                            {
                                *sort = sort.clicked(c, c > 1);
                            }
                        };
                        header(ui, 0, "Membre", "Nom");
                        header(ui, 1, "Nature", "Nature du membre");
                        header(
                            ui,
                            2,
                            "Population",
                            "Population municipale 2022 (recensement)",
                        );
                        for &k in &shown {
                            if let Some(col) = table.columns.get(k) {
                                header(
                                    ui,
                                    k + 3,
                                    &format!("{} {}", col.short, col.unit),
                                    &col.label,
                                );
                            }
                        }
                        ui.end_row();
                        for &i in &order {
                            let Some(r) = table.rows.get(i) else { continue };
                            match r.epci_index {
                                Some(e) => {
                                    if ui
                                        .link(&r.name)
                                        .on_hover_text(format!(
                                            "{} — SIREN {} — ouvrir sa fiche",
                                            r.nature_label, r.siren
                                        ))
                                        .clicked()
                                    {
                                        clicked = Some(e);
                                    }
                                }
                                None => {
                                    let code = r.commune.as_ref().map_or_else(
                                        || format!("SIREN {}", r.siren),
                                        |c| format!("code INSEE {c}"),
                                    );
                                    ui.label(&r.name).on_hover_text(format!(
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
                            ui.label(RichText::new("min – max (médiane)").small().italics());
                            ui.label("");
                            ui.label("");
                            for &k in &shown {
                                match table.spreads.get(k).and_then(Option::as_ref) {
                                    Some(s) => ui.label(RichText::new(&s.short).small()),
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
