//! The "Indicateurs" section of a sheet: each key figure of the view model with its rank, the
//! région's and France's values, or why there is no value (with the members' range and
//! median for shares given per EPCI).

use egui::RichText;

use crate::sheet::view::KeyFigures;

/// Draws the key figures as the view model gives them.
pub fn indicators_ui(ui: &mut egui::Ui, figures: &KeyFigures) {
    if figures.rows.is_empty() {
        return;
    }
    ui.strong("Indicateurs");
    for f in &figures.rows {
        ui.add_space(6.0);
        ui.label(&f.label);
        if f.exact {
            // The value and its rank in one label that wraps as a whole.
            let mut job = egui::text::LayoutJob::default();
            let style = ui.style().clone();
            RichText::new(&f.value).strong().append_to(
                &mut job,
                &style,
                egui::FontSelection::Default,
                egui::Align::Center,
            );
            if let Some(rank) = &f.rank {
                RichText::new(format!("   {}", rank.text))
                    .small()
                    .append_to(
                        &mut job,
                        &style,
                        egui::FontSelection::Default,
                        egui::Align::Center,
                    );
            }
            let label = ui.label(job);
            if f.rank.is_some() {
                label
                    .on_hover_text("Rang 1 = valeur la plus élevée ; centile 100 = la plus élevée");
            }
        } else {
            ui.small(f.reason.as_deref().unwrap_or(&f.value));
            if let Some(spread) = &f.spread {
                ui.small(&spread.text);
            }
        }
        if let Some(c) = &f.comparison {
            ui.small(&c.line).on_hover_text(&c.note);
        }
    }
    ui.add_space(4.0);
    if !figures.rank_note.is_empty() {
        ui.small(&figures.rank_note);
    }
    if let Some(note) = &figures.spread_note {
        ui.small(note);
    }
}
