//! The sheet's "Dynamiques" block on screen: the members' employment growth (the territory's
//! own value only when it is one EPCI/EPT, else the members' range and median in "%/an",
//! never an average) and where the members sit on the bivariate grid — the rows the PDF sheet
//! writes too ([`crate::model::indicators::dynamics_rows`]).

use crate::format::{decimal_fr, int_fr};
use crate::map::painter::rgb;
use crate::model::indicators::bivariate::{Bivariate, CLASSES};
use crate::model::indicators::dynamics::{BivariatePlacement, Dynamics};
use crate::model::indicators::dynamics_rows::{
    axis_title, growth_notes, growth_rows, placement_lines,
};
use crate::palette::colour::lightness;

/// Side of a grid cell, in points.
const CELL: f32 = 26.0;

/// The block. `grid` is the bivariate grid the placement was computed on.
pub fn dynamics_ui(ui: &mut egui::Ui, d: &Dynamics, grid: Option<&Bivariate>) {
    if d.growth.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.strong("Dynamiques de l'emploi");
    ui.small(
        "Évolution annuelle moyenne de l'emploi (au lieu de travail, ou salarié privé) par EPCI membre ; le territoire n'a de valeur propre que s'il est un seul EPCI ou EPT, sinon l'étendue et la médiane des membres (jamais une moyenne).",
    );
    for row in growth_rows(d) {
        ui.add_space(2.0);
        ui.label(egui::RichText::new(&row.label).strong());
        ui.label(format!(
            "Territoire : {} · membres : {} · médiane {} ({} avec valeur)",
            row.territory, row.range, row.median, row.members
        ));
    }
    for note in growth_notes(d) {
        ui.small(note);
    }
    if let (Some(p), Some(b)) = (&d.bivariate, grid) {
        ui.add_space(4.0);
        placement_ui(ui, p, b);
    }
}

/// The members on the 3 × 3 grid, with both axes named and bounded.
fn placement_ui(ui: &mut egui::Ui, p: &BivariatePlacement, b: &Bivariate) {
    ui.small(format!(
        "Position des membres sur la grille bivariée des EPCI ({} en X, {} en Y) :",
        b.x.method.to_lowercase(),
        b.y.method.to_lowercase()
    ));
    ui.label(
        egui::RichText::new(format!("↑ {}", axis_title(&p.y_title)))
            .small()
            .strong(),
    );
    let font = egui::FontId::proportional(11.0);
    let text = ui.visuals().text_color();
    let y_bounds: Vec<String> =
        b.y.classification
            .breaks
            .iter()
            .map(|v| decimal_fr(*v, b.y.decimals))
            .collect();
    let tick_w = y_bounds
        .iter()
        .map(|t| {
            ui.painter()
                .layout_no_wrap(t.clone(), font.clone(), text)
                .size()
                .x
        })
        .fold(0.0, f32::max)
        + 6.0;
    let grid = CELL * CLASSES as f32;
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(tick_w + grid + 16.0, grid + 18.0),
        egui::Sense::hover(),
    );
    let painter = ui.painter_at(rect);
    let origin = egui::pos2(rect.left() + tick_w, rect.top() + 4.0);
    for row in 0..CLASSES {
        let y_class = CLASSES - 1 - row;
        for x_class in 0..CLASSES {
            let fill = Bivariate::cell_colour(x_class, y_class);
            let cell = egui::Rect::from_min_size(
                origin + egui::vec2(x_class as f32 * CELL, row as f32 * CELL),
                egui::vec2(CELL, CELL),
            );
            painter.rect_filled(cell.shrink(0.5), 0.0, rgb(fill));
            let n = p.counts[y_class][x_class];
            if n > 0 {
                let ink = if lightness(fill) < 55.0 {
                    egui::Color32::WHITE
                } else {
                    egui::Color32::from_gray(0x22)
                };
                painter.text(
                    cell.center(),
                    egui::Align2::CENTER_CENTER,
                    int_fr(n as u64),
                    egui::FontId::proportional(12.0),
                    ink,
                );
            }
        }
    }
    for (k, t) in y_bounds.iter().enumerate() {
        painter.text(
            egui::pos2(origin.x - 4.0, origin.y + grid - k as f32 * CELL),
            egui::Align2::RIGHT_CENTER,
            t,
            font.clone(),
            text,
        );
    }
    for (k, v) in b.x.classification.breaks.iter().enumerate() {
        painter.text(
            egui::pos2(origin.x + k as f32 * CELL, origin.y + grid + 2.0),
            egui::Align2::CENTER_TOP,
            decimal_fr(*v, b.x.decimals),
            font.clone(),
            text,
        );
    }
    ui.label(
        egui::RichText::new(format!("{} →", axis_title(&p.x_title)))
            .small()
            .strong(),
    );
    for line in placement_lines(p) {
        ui.small(line);
    }
}
