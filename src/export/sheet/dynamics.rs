//! The sheet's "Dynamiques" block on paper: the members' employment growth (range and median,
//! "%/an", never an average) and where the members sit on the bivariate grid, the same rows as
//! the side panel ([`crate::model::indicators::dynamics_rows`]).

use super::{INK, MARGIN, MUTED, Pages, SheetInput};
use crate::export::bivariate_legend::count_colour;
use crate::export::svg::{Anchor, Paint, TextStyle};
use crate::format::{decimal_fr, int_fr};
use crate::model::Territory;
use crate::model::indicators::bivariate::{Bivariate, CLASSES};
use crate::model::indicators::dynamics::{BivariatePlacement, territory_dynamics};
use crate::model::indicators::dynamics_rows::{
    axis_title, growth_notes, growth_rows, placement_lines,
};

/// Side of a grid cell, in points.
const CELL: f64 = 20.0;

pub(super) fn dynamics(pages: &mut Pages, input: &SheetInput<'_>, t: &Territory) {
    let d = territory_dynamics(input.dataset, t, input.bivariate);
    if d.growth.is_empty() {
        return;
    }
    let small = TextStyle::new(7.5).colour(MUTED);
    pages.heading("Dynamiques de l'emploi");
    pages.paragraph(
        "Évolution annuelle moyenne de l'emploi (au lieu de travail, ou salarié privé) par EPCI membre. Le territoire n'a de valeur propre que s'il est formé d'un seul EPCI ou EPT ; sinon : l'étendue et la médiane des membres, jamais une moyenne.",
        small,
    );
    let rows: Vec<Vec<String>> = growth_rows(&d)
        .into_iter()
        .map(|r| vec![r.label, r.territory, r.range, r.median, r.members])
        .collect();
    pages.table(
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
    for note in growth_notes(&d) {
        pages.paragraph(&note, small);
    }
    if let (Some(p), Some(b)) = (&d.bivariate, input.bivariate) {
        grid(pages, p, b);
    }
}

/// The members on the 3 × 3 grid: its cells in the map's colours with the number of members
/// in each, both axes named with their bounds, the members left out listed beside it.
fn grid(pages: &mut Pages, p: &BivariatePlacement, b: &Bivariate) {
    let small = TextStyle::new(7.5).colour(MUTED);
    let axis = TextStyle::new(8.0).bold().colour(INK);
    let width = pages.width();
    let intro = small.wrap(
        &format!(
            "Position des membres sur la grille bivariée des EPCI ({} en X, {} en Y, sur les EPCI qui ont les deux valeurs) :",
            b.x.method.to_lowercase(),
            b.y.method.to_lowercase()
        ),
        width,
    );
    let y_title = axis.wrap(&format!("↑ {}", axis_title(&p.y_title)), width * 0.5);
    let x_title = axis.wrap(&format!("{} →", axis_title(&p.x_title)), width * 0.5);
    let side_w = width * 0.5 - 10.0;
    let side: Vec<String> = placement_lines(p)
        .iter()
        .flat_map(|l| small.wrap(l, side_w))
        .collect();
    let lines = |l: &[String], s: &TextStyle| l.len() as f64 * s.size * 1.3;
    let grid = CELL * CLASSES as f64;
    let h = lines(&intro, &small)
        + lines(&y_title, &axis)
        + grid
        + small.size * 1.6
        + lines(&x_title, &axis)
        + 6.0;
    pages.ensure(h.max(lines(&side, &small) + lines(&intro, &small)));
    let mut y = pages.page.text_lines(MARGIN, pages.y, &intro, small) + 2.0;
    let side_top = y;
    y = pages.page.text_lines(MARGIN, y, &y_title, axis) + 2.0;
    let tick_w =
        b.y.classification
            .breaks
            .iter()
            .map(|v| small.width_of(&decimal_fr(*v, b.y.decimals)))
            .fold(0.0, f64::max)
            + 4.0;
    let gx = MARGIN + tick_w;
    for row in 0..CLASSES {
        let y_class = CLASSES - 1 - row;
        for x_class in 0..CLASSES {
            let fill = Bivariate::cell_colour(x_class, y_class);
            let (cx, cy) = (gx + x_class as f64 * CELL, y + row as f64 * CELL);
            pages.page.rect(
                cx,
                cy,
                CELL,
                CELL,
                Paint::fill(fill).with_stroke([255, 255, 255], 0.6),
            );
            let n = p.counts[y_class][x_class];
            if n > 0 {
                pages.page.text(
                    cx + CELL / 2.0,
                    cy + CELL / 2.0 + 3.0,
                    &int_fr(n as u64),
                    TextStyle::new(8.5)
                        .bold()
                        .anchor(Anchor::Middle)
                        .colour(count_colour(fill)),
                );
            }
        }
    }
    for (k, v) in b.y.classification.breaks.iter().enumerate() {
        pages.page.text(
            gx - 2.0,
            y + grid - k as f64 * CELL + 2.5,
            &decimal_fr(*v, b.y.decimals),
            small.anchor(Anchor::End),
        );
    }
    for (k, v) in b.x.classification.breaks.iter().enumerate() {
        pages.page.text(
            gx + k as f64 * CELL,
            y + grid + small.size * 1.2,
            &decimal_fr(*v, b.x.decimals),
            small.anchor(Anchor::Middle),
        );
    }
    y += grid + small.size * 1.6;
    y = pages.page.text_lines(MARGIN, y, &x_title, axis);
    let side_bottom = pages
        .page
        .text_lines(MARGIN + width * 0.5 + 10.0, side_top, &side, small);
    pages.y = y.max(side_bottom) + 6.0;
}
