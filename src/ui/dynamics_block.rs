//! The sheet's "Dynamiques de l'emploi" block on screen, drawn from the view model
//! ([`crate::sheet::dynamics`]) as the PDF sheet draws it: one line per growth series in
//! "%/an" (the territory's own value only when it is one EPCI/EPT, else the members' range and
//! median, never an average), the notes, and the members on the bivariate grid.

use crate::map::painter::rgb;
use crate::model::indicators::bivariate::CLASSES;
use crate::palette::colour::lightness;
use crate::sheet::dynamics::{DynamicsView, GridView};

/// Side of a grid cell, in points.
const CELL: f32 = 26.0;

/// The block.
pub fn dynamics_ui(ui: &mut egui::Ui, d: &DynamicsView) {
    ui.add_space(8.0);
    ui.strong(&d.title);
    ui.small(&d.intro);
    for row in &d.rows {
        ui.add_space(2.0);
        ui.label(egui::RichText::new(&row.label).strong());
        ui.label(format!(
            "Territoire : {} · membres : {} · médiane {} ({} avec valeur)",
            row.territory, row.range, row.median, row.members
        ));
    }
    for note in &d.notes {
        ui.small(note);
    }
    if let Some(g) = &d.grid {
        ui.add_space(4.0);
        grid_ui(ui, g);
    }
}

/// The members on the 3 × 3 grid, both axes named and bounded.
fn grid_ui(ui: &mut egui::Ui, g: &GridView) {
    ui.small(&g.intro);
    ui.label(egui::RichText::new(&g.y_title).small().strong());
    let font = egui::FontId::proportional(11.0);
    let text = ui.visuals().text_color();
    let tick_w = g
        .y_bounds
        .iter()
        .map(|t| {
            ui.painter()
                .layout_no_wrap(t.clone(), font.clone(), text)
                .size()
                .x
        })
        .fold(0.0, f32::max)
        + 6.0;
    let size = CELL * CLASSES as f32;
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(tick_w + size + 16.0, size + 18.0),
        egui::Sense::hover(),
    );
    let painter = ui.painter_at(rect);
    let origin = egui::pos2(rect.left() + tick_w, rect.top() + 4.0);
    for row in 0..CLASSES {
        let y = CLASSES - 1 - row;
        for x in 0..CLASSES {
            let fill = g.colours[y][x];
            let cell = egui::Rect::from_min_size(
                origin + egui::vec2(x as f32 * CELL, row as f32 * CELL),
                egui::vec2(CELL, CELL),
            );
            painter.rect_filled(cell.shrink(0.5), 0.0, rgb(fill));
            let ink = if lightness(fill) < 55.0 {
                egui::Color32::WHITE
            } else {
                egui::Color32::from_gray(0x22)
            };
            painter.text(
                cell.center(),
                egui::Align2::CENTER_CENTER,
                g.count_text(x, y),
                egui::FontId::proportional(12.0),
                ink,
            );
        }
    }
    for (k, t) in g.y_bounds.iter().enumerate() {
        painter.text(
            egui::pos2(origin.x - 4.0, origin.y + size - k as f32 * CELL),
            egui::Align2::RIGHT_CENTER,
            t,
            font.clone(),
            text,
        );
    }
    for (k, t) in g.x_bounds.iter().enumerate() {
        painter.text(
            egui::pos2(origin.x + k as f32 * CELL, origin.y + size + 2.0),
            egui::Align2::CENTER_TOP,
            t,
            font.clone(),
            text,
        );
    }
    ui.label(egui::RichText::new(&g.x_title).small().strong());
    for line in &g.lines {
        ui.small(line);
    }
}
