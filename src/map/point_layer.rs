//! Points over the map (imported projects), grouped in screen space: points closer than a cell
//! are drawn as one disc with their count, so that a national list stays readable at France
//! zoom and every project shows alone once zoomed in.

use std::collections::HashMap;

use egui::{Align2, Color32, FontId, Pos2, Response, Stroke, Ui};

use super::style::palette;

/// Side of the grouping cell, in screen pixels.
pub const CLUSTER_CELL_PX: f32 = 36.0;

/// A group of points as drawn: centre (mean of its points) and count.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    pub centre: Pos2,
    pub count: usize,
}

/// Groups screen positions by grid cell (positions outside `clip` are dropped).
pub fn clusters(
    positions: impl Iterator<Item = Pos2>,
    clip: egui::Rect,
    cell_px: f32,
) -> Vec<Cluster> {
    let mut cells: HashMap<(i32, i32), (f32, f32, usize)> = HashMap::new();
    for p in positions.filter(|p| clip.contains(*p)) {
        let key = (
            (p.x / cell_px).floor() as i32,
            (p.y / cell_px).floor() as i32,
        );
        let e = cells.entry(key).or_insert((0.0, 0.0, 0));
        e.0 += p.x;
        e.1 += p.y;
        e.2 += 1;
    }
    let mut out: Vec<Cluster> = cells
        .into_values()
        .map(|(x, y, n)| Cluster {
            centre: Pos2::new(x / n as f32, y / n as f32),
            count: n,
        })
        .collect();
    // Stable drawing order: small groups under big ones.
    out.sort_by(|a, b| {
        a.count
            .cmp(&b.count)
            .then(a.centre.x.total_cmp(&b.centre.x))
    });
    out
}

/// A set of WGS84 points drawn as grouped discs.
pub struct PointLayer<'a> {
    /// `[lon, lat]`.
    pub points: &'a [[f64; 2]],
    pub fill: Color32,
}

impl walkers::Plugin for PointLayer<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        response: &Response,
        projector: &walkers::Projector<'_>,
        _map_memory: &walkers::MapMemory,
    ) {
        let painter = ui.painter().with_clip_rect(response.rect);
        let positions = self
            .points
            .iter()
            .map(|p| projector.project(walkers::lon_lat(p[0], p[1])).to_pos2());
        let stroke = Stroke::new(1.2, palette::LABEL_HALO);
        for c in clusters(positions, response.rect, CLUSTER_CELL_PX) {
            if c.count == 1 {
                painter.circle(c.centre, 4.5, self.fill, stroke);
            } else {
                let r = 7.0 + 3.0 * (c.count as f32).log10() * 2.0;
                painter.circle(c.centre, r, self.fill, stroke);
                painter.text(
                    c.centre,
                    Align2::CENTER_CENTER,
                    c.count.to_string(),
                    FontId::proportional(11.0),
                    palette::LABEL_HALO,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearby_points_group_and_far_ones_stay_apart() {
        let clip = egui::Rect::from_min_size(Pos2::ZERO, egui::vec2(400.0, 400.0));
        let pts = [
            Pos2::new(10.0, 10.0),
            Pos2::new(20.0, 20.0),
            Pos2::new(200.0, 200.0),
            Pos2::new(500.0, 10.0), // outside
        ];
        let c = clusters(pts.into_iter(), clip, 36.0);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].count, 1);
        assert_eq!(c[1].count, 2);
        assert_eq!(c[1].centre, Pos2::new(15.0, 15.0));
        assert_eq!(c.iter().map(|c| c.count).sum::<usize>(), 3);
    }
}
