//! The bivariate map's legend on screen: the 3 × 3 square in the map's colours with the number
//! of units in each cell, the second axis named above it with its bounds on the left, the first
//! below with its bounds under the columns, the units without a cell and the sources. The same
//! content as the exported legend (`crate::export::bivariate_legend`).

use crate::carto::bivariate::BivariateLegend;
use crate::format::int_fr;
use crate::map::painter::rgb;
use crate::model::indicators::bivariate::CLASSES;
use crate::palette::colour::lightness;

/// Side of a cell, in points.
const CELL: f32 = 40.0;

/// The legend's body.
pub fn bivariate_legend_ui(ui: &mut egui::Ui, legend: &BivariateLegend) {
    ui.strong(format!(
        "Carte bivariée — maille : {}",
        legend.level.label_fr()
    ));
    ui.label(egui::RichText::new(format!("↑ {}", legend.y.title)).strong());
    grid_square_ui(
        ui,
        &GridSquare {
            cell: CELL,
            colours: &legend.colours,
            count: &|x, y| int_fr(legend.counts[y][x] as u64),
            x_bounds: &legend.x.bounds,
            y_bounds: &legend.y.bounds,
            tick_size: 12.0,
            count_size: 13.0,
        },
    );
    ui.label(egui::RichText::new(format!("{} →", legend.x.title)).strong());
    ui.small(format!(
        "Classes : {} en X, {} en Y (parmi les unités qui ont les deux valeurs)",
        legend.x.method.to_lowercase(),
        legend.y.method.to_lowercase()
    ));
    if legend.missing > 0 {
        ui.horizontal(|ui| {
            super::legend::swatch_ui(ui, rgb(legend.missing_colour));
            ui.label(legend.missing_text());
        });
        for (reason, n) in legend.missing_reasons.iter().take(4) {
            ui.small(format!("{n} : {reason}"));
        }
    }
    for s in &legend.sources {
        ui.small(format!("Source : {} — {}", s.label, s.vintage));
    }
    if let Some(d) = legend.simulation {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "Simulation : {} (aperçu, fond de carte non simulé)",
                d.label_fr().to_lowercase()
            ),
        );
    }
}

/// A 3 × 3 bivariate square to draw: its cells' colours (`[y][x]`, y upwards), what each
/// cell says, the bounds of both axes (under the columns, left of the rows).
pub struct GridSquare<'a> {
    pub cell: f32,
    pub colours: &'a [[[u8; 3]; CLASSES]; CLASSES],
    pub count: &'a dyn Fn(usize, usize) -> String,
    pub x_bounds: &'a [String],
    pub y_bounds: &'a [String],
    /// Font sizes of the bounds and of the cells' text, in points.
    pub tick_size: f32,
    pub count_size: f32,
}

/// Draws the square: the map's legend and the sheet's grid share it.
pub fn grid_square_ui(ui: &mut egui::Ui, g: &GridSquare<'_>) {
    let font = egui::FontId::proportional(g.tick_size);
    let text = ui.visuals().text_color();
    let tick_w = g
        .y_bounds
        .iter()
        .map(|b| {
            ui.painter()
                .layout_no_wrap(b.clone(), font.clone(), text)
                .size()
                .x
        })
        .fold(0.0, f32::max)
        + 6.0;
    let side = g.cell * CLASSES as f32;
    // The first axis' bounds sit under the column edges: when two neighbours would touch,
    // every other one goes on a second line, so they never print over each other.
    let x_widths: Vec<f32> = g
        .x_bounds
        .iter()
        .map(|b| {
            ui.painter()
                .layout_no_wrap(b.clone(), font.clone(), text)
                .size()
                .x
        })
        .collect();
    let staggered = x_widths
        .windows(2)
        .any(|w| (w[0] + w[1]) / 2.0 + 4.0 > g.cell);
    let line_h = g.tick_size * 1.2;
    let x_rows = if staggered { 2.0 } else { 1.0 };
    let right = x_widths.last().map_or(0.0, |w| w / 2.0).max(16.0);
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(tick_w + side + right, side + 6.0 + line_h * x_rows),
        egui::Sense::hover(),
    );
    let painter = ui.painter_at(rect);
    let origin = egui::pos2(rect.left() + tick_w, rect.top() + 4.0);
    for row in 0..CLASSES {
        // The top row is the second axis' highest class.
        let y = CLASSES - 1 - row;
        for x in 0..CLASSES {
            let fill = g.colours[y][x];
            let cell = egui::Rect::from_min_size(
                origin + egui::vec2(x as f32 * g.cell, row as f32 * g.cell),
                egui::vec2(g.cell, g.cell),
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
                (g.count)(x, y),
                egui::FontId::proportional(g.count_size),
                ink,
            );
        }
    }
    for (k, bound) in g.y_bounds.iter().enumerate() {
        painter.text(
            egui::pos2(origin.x - 4.0, origin.y + side - k as f32 * g.cell),
            egui::Align2::RIGHT_CENTER,
            bound,
            font.clone(),
            text,
        );
    }
    for (k, bound) in g.x_bounds.iter().enumerate() {
        let down = if staggered && k % 2 == 1 { line_h } else { 0.0 };
        painter.text(
            egui::pos2(origin.x + k as f32 * g.cell, origin.y + side + 2.0 + down),
            egui::Align2::CENTER_TOP,
            bound,
            font.clone(),
            text,
        );
    }
}
