//! The scatter plot of two indicators as a figure: one point per unit, the selected territory's
//! units in the selection colour, the units picked in a box outlined, France's and the
//! région's values as lines, axes with French numbers, the units without a point and the
//! sources under it. SVG written with [`Svg`]; PNG through [`super::render`].

use std::collections::BTreeSet;
use std::sync::Arc;

use super::svg::{Anchor, Paint, Rgb, Svg, TextStyle};
use super::{ExportError, Format, render};
use crate::carto::look;
use crate::format::{decimal_fr, int_fr};
use crate::model::indicators::scatter::{AxisReferences, Scatter};

/// Everything the figure shows (owned: it is written on another thread).
#[derive(Clone, Debug)]
pub struct ScatterExport {
    /// Drawing size (CSS pixels).
    pub width: f64,
    pub height: f64,
    pub scatter: Arc<Scatter>,
    /// Reference lines of the x and y axes.
    pub references: [AxisReferences; 2],
    /// The selected territory's units, and what to call them ("Fougères – Vitré").
    pub members: BTreeSet<usize>,
    pub members_label: Option<String>,
    /// Units picked in a box on the plot.
    pub picked: BTreeSet<usize>,
    pub title: String,
    /// "23/11/2026".
    pub date: String,
}

const INK: Rgb = [0x22, 0x22, 0x22];
const MUTED: Rgb = [0x55, 0x55, 0x55];
const GRID: Rgb = [0xe4, 0xe4, 0xe4];
const FRAME: Rgb = [0x99, 0x99, 0x99];
/// Every unit's point.
pub const POINT: Rgb = [0x4a, 0x6f, 0x8a];
/// France's line, and the région's.
pub const FRANCE_LINE: Rgb = [0x33, 0x33, 0x33];
pub const REGION_LINE: Rgb = [0x1b, 0x9e, 0x77];

/// About `target` round tick values covering [min, max] (steps of 1, 2 or 5 × 10ⁿ).
pub fn nice_ticks(min: f64, max: f64, target: usize) -> Vec<f64> {
    if !(min.is_finite() && max.is_finite()) || max <= min {
        return if min.is_finite() {
            vec![min]
        } else {
            Vec::new()
        };
    }
    let raw = (max - min) / target.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (min / step).ceil() as i64;
    let last = (max / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// Decimals that write the ticks' step exactly.
fn tick_decimals(ticks: &[f64]) -> usize {
    let step = match ticks {
        [a, b, ..] => (b - a).abs(),
        _ => return 1,
    };
    (0..4)
        .find(|&d| {
            ((step * 10f64.powi(d as i32)).round() - step * 10f64.powi(d as i32)).abs() < 1e-6
        })
        .unwrap_or(3)
}

/// The range an axis shows: its points and reference lines, with a margin.
fn axis_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let pad = if hi > lo { (hi - lo) * 0.04 } else { 1.0 };
    (lo - pad, hi + pad)
}

/// The figure as SVG.
pub fn scatter_svg(e: &ScatterExport) -> String {
    let s = &e.scatter;
    let base = (e.width.min(e.height) / 50.0).clamp(8.0, 16.0);
    let mut svg = Svg::new(e.width, e.height);
    svg.rect(0.0, 0.0, e.width, e.height, Paint::fill([255, 255, 255]));
    let title_style = TextStyle::new(base * 1.4).bold();
    let axis_style = TextStyle::new(base * 0.95).bold();
    let tick = TextStyle::new(base * 0.8).colour(MUTED);
    let small = TextStyle::new(base * 0.75).colour(MUTED);
    let inner = e.width - 2.0 * base;
    let title = title_style.wrap(&e.title, inner);
    let subtitle = small.wrap(
        &format!(
            "Maille : {} — {} unités représentées, {} sans point (valeur manquante sur l'un des axes)",
            s.level.label_fr(),
            int_fr(s.points.len() as u64),
            int_fr(s.missing() as u64)
        ),
        inner,
    );
    let mut notes: Vec<String> = s
        .missing_reasons
        .iter()
        .take(3)
        .map(|(why, n)| format!("Sans point ({n}) : {why}."))
        .collect();
    for n in e.references.iter().flat_map(|r| &r.notes) {
        notes.push(format!("Référence non tracée — {n}."));
    }
    notes.push(format!(
        "Sources : {}. Réalisation : ti-atlas, le {}.",
        s.sources_text(),
        e.date
    ));
    let foot: Vec<String> = notes.iter().flat_map(|n| small.wrap(n, inner)).collect();
    let foot_h = foot.len() as f64 * small.size * 1.3 + base * 0.6;
    // The keys under the plot.
    let mut keys: Vec<(Rgb, String, bool)> = vec![(POINT, "unité".into(), false)];
    if !e.members.is_empty() {
        let label = e
            .members_label
            .clone()
            .unwrap_or_else(|| "unités sélectionnées".into());
        keys.push((look::SELECTED_OUTLINE.0, label, false));
    }
    if !e.picked.is_empty() {
        keys.push((
            look::HIGHLIGHT_OUTLINE.0,
            format!("sélection ({})", e.picked.len()),
            false,
        ));
    }
    let [xr, yr] = &e.references;
    let mut reference_keys: Vec<&str> = Vec::new();
    for line in xr.lines.iter().chain(&yr.lines) {
        if !reference_keys.contains(&line.label.as_str()) {
            reference_keys.push(&line.label);
        }
    }
    for label in reference_keys {
        let colour = if label == "France" {
            FRANCE_LINE
        } else {
            REGION_LINE
        };
        keys.push((colour, label.to_owned(), true));
    }
    let top = base
        + title.len() as f64 * title_style.size * 1.3
        + subtitle.len() as f64 * small.size * 1.3;
    let y_title = axis_style.wrap(&format!("↑ {}", s.y.title), inner);
    let x_title = axis_style.wrap(&format!("{} →", s.x.title), inner);
    let (x0, x1) = axis_range(
        s.points
            .iter()
            .map(|p| p.x)
            .chain(xr.lines.iter().map(|l| l.value)),
    );
    let (y0, y1) = axis_range(
        s.points
            .iter()
            .map(|p| p.y)
            .chain(yr.lines.iter().map(|l| l.value)),
    );
    let xt = nice_ticks(x0, x1, 8);
    let yt = nice_ticks(y0, y1, 6);
    let (xd, yd) = (tick_decimals(&xt), tick_decimals(&yt));
    let y_labels: Vec<String> = yt.iter().map(|v| decimal_fr(*v, yd)).collect();
    let left = base
        + y_labels
            .iter()
            .map(|l| tick.width_of(l))
            .fold(0.0, f64::max)
        + base * 0.6;
    let plot_top = top + base * 0.4 + y_title.len() as f64 * axis_style.size * 1.3;
    let key_h = base * 1.6;
    let plot_bottom =
        e.height - foot_h - key_h - x_title.len() as f64 * axis_style.size * 1.3 - tick.size * 2.0;
    let plot_right = e.width - base * 1.5;
    let (pw, ph) = (plot_right - left, (plot_bottom - plot_top).max(base));
    let sx = |v: f64| left + (v - x0) / (x1 - x0) * pw;
    let sy = |v: f64| plot_bottom - (v - y0) / (y1 - y0) * ph;
    // Title and subtitle.
    let mut cy = svg.text_lines(base, base * 0.6, &title, title_style);
    svg.text_lines(base, cy, &subtitle, small);
    cy = svg.text_lines(base, top + base * 0.4, &y_title, axis_style);
    let _ = cy;
    // Grid, ticks, zero lines, frame.
    svg.begin_layer("axes", "Axes");
    for (v, label) in yt.iter().zip(&y_labels) {
        let y = sy(*v);
        svg.line((left, y), (plot_right, y), GRID, 0.6);
        svg.text(
            left - base * 0.3,
            y + tick.size * 0.35,
            label,
            tick.anchor(Anchor::End),
        );
    }
    for v in &xt {
        let x = sx(*v);
        svg.line((x, plot_top), (x, plot_bottom), GRID, 0.6);
        svg.text(
            x,
            plot_bottom + tick.size * 1.3,
            &decimal_fr(*v, xd),
            tick.anchor(Anchor::Middle),
        );
    }
    if x0 < 0.0 && x1 > 0.0 {
        svg.line((sx(0.0), plot_top), (sx(0.0), plot_bottom), FRAME, 0.8);
    }
    if y0 < 0.0 && y1 > 0.0 {
        svg.line((left, sy(0.0)), (plot_right, sy(0.0)), FRAME, 0.8);
    }
    svg.rect(left, plot_top, pw, ph, Paint::stroke(FRAME, 0.8));
    svg.text_lines(left, plot_bottom + tick.size * 2.0, &x_title, axis_style);
    svg.end_group();
    // Reference lines with their value.
    svg.begin_layer("references", "Références");
    let line_colour = |label: &str| {
        if label == "France" {
            FRANCE_LINE
        } else {
            REGION_LINE
        }
    };
    // Labels one under the other (France's and the région's values are often close).
    for (i, l) in xr.lines.iter().enumerate() {
        let x = sx(l.value);
        svg.line((x, plot_top), (x, plot_bottom), line_colour(&l.label), 1.2);
        svg.text(
            x + base * 0.2,
            plot_top + tick.size * (1.1 + 1.3 * i as f64),
            &format!("{} : {}", l.label, decimal_fr(l.value, xd + 1)),
            tick.colour(line_colour(&l.label)),
        );
    }
    for (i, l) in yr.lines.iter().enumerate() {
        let y = sy(l.value);
        svg.line((left, y), (plot_right, y), line_colour(&l.label), 1.2);
        // Above the line, then below it.
        let dy = if i % 2 == 0 {
            -base * 0.25
        } else {
            tick.size * 1.1
        };
        svg.text(
            plot_right - base * 0.2,
            y + dy,
            &format!("{} : {}", l.label, decimal_fr(l.value, yd + 1)),
            tick.colour(line_colour(&l.label)).anchor(Anchor::End),
        );
    }
    svg.end_group();
    // Points: every unit, then the picked ones, then the selected territory's on top.
    svg.begin_layer("points", "Points");
    let r = base * 0.28;
    for p in &s.points {
        svg.circle(
            sx(p.x),
            sy(p.y),
            r,
            Paint {
                fill: Some((POINT, 0.65)),
                stroke: None,
            },
        );
    }
    for p in s.points.iter().filter(|p| e.picked.contains(&p.unit)) {
        for (colour, width) in [
            (look::HIGHLIGHT_HALO.0, 2.6),
            (look::HIGHLIGHT_OUTLINE.0, 1.2),
        ] {
            svg.circle(sx(p.x), sy(p.y), r * 1.9, Paint::stroke(colour, width));
        }
    }
    for p in s.points.iter().filter(|p| e.members.contains(&p.unit)) {
        svg.circle(
            sx(p.x),
            sy(p.y),
            r * 1.6,
            Paint::fill(look::SELECTED_OUTLINE.0).with_stroke([255, 255, 255], 0.8),
        );
    }
    svg.end_group();
    // Keys, then notes and sources.
    let mut kx = left;
    let ky = e.height - foot_h - key_h * 0.45;
    for (colour, label, is_line) in &keys {
        if *is_line {
            svg.line(
                (kx, ky - tick.size * 0.3),
                (kx + base * 1.2, ky - tick.size * 0.3),
                *colour,
                1.4,
            );
            kx += base * 1.6;
        } else {
            svg.circle(
                kx + r * 1.6,
                ky - tick.size * 0.3,
                r * 1.6,
                Paint::fill(*colour),
            );
            kx += base * 1.5;
        }
        svg.text(kx, ky, label, tick.colour(INK));
        kx += tick.width_of(label) + base * 1.2;
    }
    svg.text_lines(base, e.height - foot_h + base * 0.2, &foot, small);
    svg.finish()
}

/// The figure's bytes: SVG, PNG (`width` × `height` pixels at the DPI) or a one-page PDF.
pub fn scatter_bytes(e: &ScatterExport, format: Format) -> Result<Vec<u8>, ExportError> {
    if !(e.width >= 200.0 && e.height >= 150.0 && e.width <= 20_000.0 && e.height <= 20_000.0) {
        return Err(ExportError::Invalid(format!(
            "taille d'export impossible : {} × {} (de 200 × 150 à 20 000)",
            e.width, e.height
        )));
    }
    Ok(match format {
        Format::Svg => scatter_svg(e).into_bytes(),
        Format::Pdf => render::pdf(
            &[scatter_svg(e)],
            &render::PdfInfo {
                title: e.title.clone(),
                subject: "Nuage de points des Territoires d'industrie".into(),
            },
        )?,
        Format::Png { dpi } => {
            let scale = (f64::from(dpi.max(1.0)) / 96.0).clamp(0.1, 20.0);
            let drawing = ScatterExport {
                width: e.width / scale,
                height: e.height / scale,
                ..e.clone()
            };
            render::png(&scatter_svg(&drawing), scale as f32, dpi)?
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(
            nice_ticks(0.0, 10.0, 5),
            vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        );
        let t = nice_ticks(-2.3, 3.1, 6);
        assert_eq!(t.first(), Some(&-2.0));
        assert_eq!(t.last(), Some(&3.0));
        assert_eq!(tick_decimals(&t), 0);
        assert_eq!(nice_ticks(0.0, 1.0, 4), vec![0.0, 0.5, 1.0]);
        assert_eq!(tick_decimals(&nice_ticks(0.0, 1.0, 4)), 1);
        assert_eq!(tick_decimals(&[0.0, 0.25]), 2);
        assert_eq!(nice_ticks(f64::NAN, 1.0, 4), Vec::<f64>::new());
    }
}
