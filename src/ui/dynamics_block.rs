//! The sheet's "Dynamiques de l'emploi" block on screen, drawn from the view model
//! ([`crate::sheet::dynamics`]) as the PDF sheet draws it: one line per growth series in
//! "%/an" (the territory's own value only when it is one EPCI/EPT, else the members' range and
//! median, never an average), the notes, and the members on the bivariate grid.

use super::bivariate_legend::{GridSquare, grid_square_ui};
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
    grid_square_ui(
        ui,
        &GridSquare {
            cell: CELL,
            colours: &g.colours,
            count: &|x, y| g.count_text(x, y),
            x_bounds: &g.x_bounds,
            y_bounds: &g.y_bounds,
            tick_size: 11.0,
            count_size: 12.0,
        },
    );
    ui.label(egui::RichText::new(&g.x_title).small().strong());
    for line in &g.lines {
        ui.small(line);
    }
}
