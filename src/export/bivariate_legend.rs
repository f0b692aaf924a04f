//! The square legend of a bivariate map on paper: the 3 × 3 grid in the map's colours with the
//! count of units in each cell, the second axis named above it (its bounds on the left), the
//! first below (its bounds under the columns), how each axis is cut, and the units without a
//! cell with their reasons. The screen draws the same content (`crate::ui::bivariate_legend`).

use super::svg::{Anchor, Paint, Rgb, Svg, TextStyle};
use crate::carto::bivariate::BivariateLegend;
use crate::format::int_fr;
use crate::model::indicators::bivariate::CLASSES;
use crate::palette::colour::lightness;

const INK: Rgb = [0x22, 0x22, 0x22];
const MUTED: Rgb = [0x55, 0x55, 0x55];
const BORDER: Rgb = [0x99, 0x99, 0x99];

/// The text colour that reads on a cell's fill.
pub fn count_colour(fill: Rgb) -> Rgb {
    if lightness(fill) < 55.0 {
        [255, 255, 255]
    } else {
        INK
    }
}

/// The legend in the column at (x, width), its bottom at `bottom`.
pub fn bivariate_legend_box(
    svg: &mut Svg,
    legend: &BivariateLegend,
    x: f64,
    w: f64,
    bottom: f64,
    base: f64,
) {
    let pad = base * 0.6;
    let inner = w - 2.0 * pad;
    let title_style = TextStyle::new(base * 1.05).bold();
    let axis_style = TextStyle::new(base * 0.85).bold();
    let small = TextStyle::new(base * 0.8).colour(MUTED);
    let count_style = TextStyle::new(base * 0.9).bold().anchor(Anchor::Middle);
    let title = title_style.wrap(
        &format!("Carte bivariée — maille : {}", legend.level.label_fr()),
        inner,
    );
    let y_title = axis_style.wrap(&format!("↑ {}", legend.y.title), inner);
    let x_title = axis_style.wrap(&format!("{} →", legend.x.title), inner);
    let method = small.wrap(
        &format!(
            "Classes : {} en X, {} en Y (parmi les unités qui ont les deux valeurs)",
            legend.x.method.to_lowercase(),
            legend.y.method.to_lowercase()
        ),
        inner,
    );
    let tick_w = legend
        .y
        .bounds
        .iter()
        .map(|b| small.width_of(b))
        .fold(0.0, f64::max)
        + base * 0.4;
    let cell = ((inner - tick_w) / CLASSES as f64).clamp(base * 1.5, base * 3.2);
    let grid = cell * CLASSES as f64;
    let mut reasons: Vec<String> = Vec::new();
    for (reason, n) in legend.missing_reasons.iter().take(4) {
        reasons.extend(small.wrap(&format!("{n} : {reason}"), inner - base));
    }
    let row_h = base * 1.45;
    let lines = |l: &[String], s: &TextStyle| l.len() as f64 * s.size * 1.3;
    let h = lines(&title, &title_style)
        + lines(&y_title, &axis_style)
        + base * 0.3
        + grid
        + small.size * 1.6
        + lines(&x_title, &axis_style)
        + lines(&method, &small)
        + if legend.missing > 0 {
            row_h + lines(&reasons, &small)
        } else {
            0.0
        }
        + 2.0 * pad
        + base * 0.4;
    let top = (bottom - h).max(base);
    let left = x + pad;
    let mut cy = svg.text_lines(left, top + pad, &title, title_style);
    cy = svg.text_lines(left, cy, &y_title, axis_style) + base * 0.3;
    let gx = left + tick_w;
    let gy = cy;
    for row in 0..CLASSES {
        // The top row is the second axis' highest class.
        let y_class = CLASSES - 1 - row;
        for x_class in 0..CLASSES {
            let fill = legend.colours[y_class][x_class];
            let (cx, top_y) = (gx + x_class as f64 * cell, gy + row as f64 * cell);
            svg.rect(
                cx,
                top_y,
                cell,
                cell,
                Paint::fill(fill).with_stroke([255, 255, 255], 0.6),
            );
            svg.text(
                cx + cell / 2.0,
                top_y + cell / 2.0 + count_style.size * 0.35,
                &int_fr(legend.counts[y_class][x_class] as u64),
                count_style.colour(count_colour(fill)),
            );
        }
    }
    svg.rect(gx, gy, grid, grid, Paint::stroke(BORDER, 0.5));
    for (k, bound) in legend.y.bounds.iter().enumerate() {
        let ty = gy + grid - k as f64 * cell;
        svg.text(
            gx - base * 0.25,
            ty + small.size * 0.35,
            bound,
            small.anchor(Anchor::End),
        );
    }
    for (k, bound) in legend.x.bounds.iter().enumerate() {
        svg.text(
            gx + k as f64 * cell,
            gy + grid + small.size * 1.2,
            bound,
            small.anchor(Anchor::Middle),
        );
    }
    cy = gy + grid + small.size * 1.6;
    cy = svg.text_lines(left, cy, &x_title, axis_style);
    cy = svg.text_lines(left, cy, &method, small);
    if legend.missing > 0 {
        svg.rect(
            left,
            cy + row_h * 0.12,
            base * 1.8,
            row_h * 0.76,
            Paint::fill(legend.missing_colour).with_stroke(BORDER, 0.4),
        );
        svg.text(
            left + base * 2.3,
            cy + row_h * 0.72,
            &legend.missing_text(),
            TextStyle::new(base * 0.9),
        );
        cy += row_h;
        svg.text_lines(left + base, cy, &reasons, small);
    }
}
