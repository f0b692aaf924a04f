//! The member groupements of a territory with their own figures (EPCI-level series), sortable
//! by any column, with the range and median of each column under it (never an average).

use egui::RichText;

use crate::format::{decimal_fr, int_fr};
use crate::model::Dataset;
use crate::model::indicators::range_and_median;
use crate::model::indicators::table_sort::{Cell, SortState, sorted_order};

pub use crate::model::geography::members::{MemberRow, member_rows, series_headers};

/// Draws the table; returns the SIREN of a member the user clicked.
pub fn member_table_ui(
    ui: &mut egui::Ui,
    dataset: &Dataset,
    rows: &[MemberRow],
    sort: &mut SortState,
) -> Option<String> {
    let headers = series_headers(dataset);
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            let mut c = vec![
                Cell::Text(r.name.clone()),
                Cell::number(r.population.map(|p| p as f64)),
            ];
            c.extend(r.values.iter().map(|v| Cell::number(*v)));
            c
        })
        .collect();
    let order = sorted_order(&cells, *sort);
    let mut clicked = None;
    egui::ScrollArea::horizontal()
        .id_salt("membres-defilement")
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
                        let strong = sort.column == c;
                        let mut t = RichText::new(text).small();
                        if strong {
                            t = t.strong();
                        }
                        if ui
                            .add(egui::Button::new(t).frame(false))
                            .on_hover_text(format!("{hover} — trier{arrow}"))
                            .clicked()
                        {
                            *sort = sort.clicked(c, c > 0);
                        }
                    };
                    header(ui, 0, "EPCI membre", "Nom");
                    header(ui, 1, "Population", "Population municipale");
                    for (i, (_, short, label)) in headers.iter().enumerate() {
                        header(ui, i + 2, &format!("{short} %"), label);
                    }
                    ui.end_row();
                    for &i in &order {
                        let Some(r) = rows.get(i) else { continue };
                        if ui
                            .link(&r.name)
                            .on_hover_text(format!(
                                "{} — SIREN {} — ouvrir sa fiche",
                                r.nature.label_fr(),
                                r.siren
                            ))
                            .clicked()
                        {
                            clicked = Some(r.siren.clone());
                        }
                        match r.population {
                            Some(p) => ui.label(int_fr(p)),
                            None => ui.label("—").on_hover_text("non disponible pour un EPT"),
                        };
                        for v in &r.values {
                            match v {
                                Some(x) => ui.label(decimal_fr(*x, 1)),
                                None => ui.label("—").on_hover_text("pas de valeur dans la source"),
                            };
                        }
                        ui.end_row();
                    }
                    if rows.len() > 1 {
                        ui.label(RichText::new("min – max (médiane)").small().italics());
                        ui.label("");
                        for k in 0..headers.len() {
                            let vals: Vec<f64> = rows
                                .iter()
                                .filter_map(|r| r.values.get(k).copied().flatten())
                                .collect();
                            match range_and_median(&vals) {
                                Some((lo, hi, med)) => ui.label(
                                    RichText::new(format!(
                                        "{} – {} ({})",
                                        decimal_fr(lo, 1),
                                        decimal_fr(hi, 1),
                                        decimal_fr(med, 1)
                                    ))
                                    .small(),
                                ),
                                None => ui.label("—"),
                            };
                        }
                        ui.end_row();
                    }
                });
        });
    clicked
}
