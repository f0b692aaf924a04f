//! The sheet's "Dynamiques de l'emploi" block on paper, drawn from the view model
//! ([`crate::sheet::dynamics`]): the growth rows as a table in "%/an", the notes, and the
//! members on the bivariate grid (the map's colours, the count per cell, both axes bounded).

use super::pages::{Flow, INK, MARGIN, MUTED, content_width};
use crate::export::bivariate_legend::count_colour;
use crate::export::svg::{Anchor, Rgb, TextStyle};
use crate::model::indicators::bivariate::CLASSES;
use crate::sheet::dynamics::{DynamicsView, GridView};

/// Side of a grid cell, in points.
const CELL: f64 = 20.0;

pub(super) fn dynamics(flow: &mut Flow, d: &DynamicsView) {
    let small = TextStyle::new(7.5).colour(MUTED);
    flow.heading(&d.title);
    flow.paragraph(&d.intro, small, true);
    let rows: Vec<Vec<String>> = d
        .rows
        .iter()
        .map(|r| {
            vec![
                r.label.clone(),
                r.territory.clone(),
                r.range.clone(),
                r.median.clone(),
                r.members.clone(),
            ]
        })
        .collect();
    flow.table(
        &[0.37, 0.14, 0.22, 0.13, 0.14],
        &[false, true, true, true, true],
        &[
            "Série",
            "Territoire",
            "Membres : min à max",
            "Médiane",
            "Avec valeur",
        ],
        &rows,
    );
    for note in &d.notes {
        flow.paragraph(note, small, false);
    }
    if let Some(g) = &d.grid {
        flow.space(4.0);
        flow.paragraph(&g.intro, small, true);
        grid(flow, g);
    }
}

/// The grid on the left half, the placement lines on the right.
fn grid(flow: &mut Flow, g: &GridView) {
    let small = TextStyle::new(7.5).colour(MUTED);
    let axis = TextStyle::new(8.0).bold().colour(INK);
    let half = content_width() * 0.5;
    let mut rects: Vec<(f64, f64, f64, f64, Rgb)> = Vec::new();
    let mut texts: Vec<(f64, f64, String, TextStyle)> = Vec::new();
    let mut dy = 2.0;
    for line in axis.wrap(&g.y_title, half - 10.0) {
        texts.push((MARGIN, dy + axis.size, line, axis));
        dy += axis.size * 1.3;
    }
    dy += 4.0;
    let tick_w = g
        .y_bounds
        .iter()
        .map(|b| small.width_of(b))
        .fold(0.0, f64::max)
        + 4.0;
    let gx = MARGIN + tick_w;
    let size = CELL * CLASSES as f64;
    for row in 0..CLASSES {
        // The top row is the second axis' highest class.
        let y = CLASSES - 1 - row;
        for x in 0..CLASSES {
            let fill = g.colours[y][x];
            let (cx, cy) = (gx + x as f64 * CELL, dy + row as f64 * CELL);
            rects.push((cx + 0.4, cy + 0.4, CELL - 0.8, CELL - 0.8, fill));
            let count = g.count_text(x, y);
            if !count.is_empty() {
                let style = TextStyle::new(8.5)
                    .bold()
                    .anchor(Anchor::Middle)
                    .colour(count_colour(fill));
                texts.push((cx + CELL / 2.0, cy + CELL / 2.0 + 3.0, count, style));
            }
        }
    }
    for (k, b) in g.y_bounds.iter().enumerate() {
        texts.push((
            gx - 2.0,
            dy + size - k as f64 * CELL + 2.5,
            b.clone(),
            small.anchor(Anchor::End),
        ));
    }
    // Bounds under the column edges: every other one on a second line when neighbours would
    // touch, never printed over each other.
    let staggered = ticks_staggered(&g.x_bounds, &|b| small.width_of(b), CELL);
    for (k, b) in g.x_bounds.iter().enumerate() {
        let down = if staggered && k % 2 == 1 {
            small.size * 1.2
        } else {
            0.0
        };
        texts.push((
            gx + k as f64 * CELL,
            dy + size + small.size * 1.2 + down,
            b.clone(),
            small.anchor(Anchor::Middle),
        ));
    }
    dy += size + small.size * if staggered { 2.9 } else { 1.7 };
    for line in axis.wrap(&g.x_title, half - 10.0) {
        texts.push((MARGIN, dy + axis.size, line, axis));
        dy += axis.size * 1.3;
    }
    let mut side = 2.0;
    for line in g.lines.iter().flat_map(|l| small.wrap(l, half - 10.0)) {
        texts.push((MARGIN + half + 10.0, side + small.size, line, small));
        side += small.size * 1.35;
    }
    flow.drawing(dy.max(side) + 4.0, &rects, &texts);
}

/// Whether bounds centred `cell` apart need two lines: two neighbours would come closer than
/// 3 points.
fn ticks_staggered(bounds: &[String], width: &dyn Fn(&str) -> f64, cell: f64) -> bool {
    bounds
        .windows(2)
        .any(|w| (width(&w[0]) + width(&w[1])) / 2.0 + 3.0 > cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_bounds_go_on_two_lines() {
        let small = TextStyle::new(7.5);
        let b = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let w = |s: &str| small.width_of(s);
        // "2,88 10,74 17,69 44,66" under 20-point columns: they would print over each other.
        assert!(ticks_staggered(
            &b(&["2,88", "10,74", "17,69", "44,66"]),
            &w,
            CELL
        ));
        assert!(!ticks_staggered(&b(&["1", "2", "3", "4"]), &w, CELL));
        // Staggered, every other bound is a line lower: neighbours on one line are two
        // columns apart, room enough.
        let widest = ["2,88", "10,74", "17,69", "44,66"]
            .iter()
            .map(|s| w(s))
            .fold(0.0, f64::max);
        assert!(widest + 3.0 < 2.0 * CELL);
    }
}
