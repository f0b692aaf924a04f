//! The walkers plugin: pointer → hover/click, then paint the frame's meshes and labels.

use egui::{FontId, Painter, Response, Ui, vec2};
use geo::Point;

use super::{
    labels::{LabelCandidate, place_labels},
    palette,
    polygon_layer::PolygonLayer,
    projection::ViewTransform,
};

/// Offsets of the label halo copies, in pixels.
const HALO_OFFSETS_PX: [(f32, f32); 4] = [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)];

impl PolygonLayer {
    /// Records this frame's pointer: the feature under `hover_lonlat` becomes [`Self::hovered`];
    /// a click (`click_lonlat`) on a feature is kept for [`Self::take_clicked`], a click on no
    /// feature for [`Self::take_clicked_empty`].
    pub fn update_pointer(
        &mut self,
        hover_lonlat: Option<Point<f64>>,
        click_lonlat: Option<Point<f64>>,
    ) {
        self.hovered = hover_lonlat.and_then(|p| self.feature_at(p));
        if let Some(click) = click_lonlat {
            match self.feature_at(click) {
                Some(feature) => self.clicked = Some(feature),
                None => self.clicked_empty = true,
            }
        }
    }

    fn paint_labels(&self, painter: &Painter, candidates: &[LabelCandidate]) {
        let font = FontId::proportional(self.style().label_size_pt);
        let galleys: Vec<_> = candidates
            .iter()
            .map(|c| {
                let text = self.label(c.feature).unwrap_or_default().to_owned();
                painter.layout_no_wrap(text, font.clone(), palette::LABEL_TEXT)
            })
            .collect();
        let placed = place_labels(candidates, painter.clip_rect(), |k| {
            galleys
                .get(k)
                .map_or(vec2(f32::INFINITY, f32::INFINITY), |g| g.size())
        });
        for label in placed {
            let Some(galley) = galleys.get(label.candidate) else {
                continue;
            };
            for (dx, dy) in HALO_OFFSETS_PX {
                painter.galley_with_override_text_color(
                    label.rect.min + vec2(dx, dy),
                    galley.clone(),
                    palette::LABEL_HALO,
                );
            }
            painter.galley(label.rect.min, galley.clone(), palette::LABEL_TEXT);
        }
    }
}

impl walkers::Plugin for &mut PolygonLayer {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        response: &Response,
        projector: &walkers::Projector<'_>,
        _map_memory: &walkers::MapMemory,
    ) {
        let layer: &mut PolygonLayer = *self;
        let hover = response
            .hover_pos()
            .map(|pos| projector.unproject(pos.to_vec2()));
        let click = if response.clicked() {
            response
                .interact_pointer_pos()
                .map(|pos| projector.unproject(pos.to_vec2()))
        } else {
            None
        };
        layer.update_pointer(hover, click);

        let view = ViewTransform::from_projector(projector);
        let frame = layer.frame_for_view(&view, layer.hovered());
        let painter = ui.painter().with_clip_rect(response.rect);
        painter.extend(frame.shapes);
        if layer.style().labels && !frame.labels.is_empty() {
            layer.paint_labels(&painter, &frame.labels);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::{LayerFeature, LayerStyle};
    use geo::{MultiPolygon, polygon};

    #[test]
    fn pointer_sets_hover_and_clicks() {
        let square = MultiPolygon(vec![
            polygon![(x: 2., y: 46.), (x: 3., y: 46.), (x: 3., y: 47.), (x: 2., y: 47.), (x: 2., y: 46.)],
        ]);
        let mut layer = PolygonLayer::build(
            vec![LayerFeature {
                label: "A".into(),
                lods: vec![square],
            }],
            &[0.0],
            LayerStyle::territories(),
        );
        layer.update_pointer(Some(Point::new(2.5, 46.5)), None);
        assert_eq!(layer.hovered(), Some(0));
        assert_eq!(layer.take_clicked(), None);
        layer.update_pointer(Some(Point::new(5.0, 46.5)), Some(Point::new(2.5, 46.5)));
        assert_eq!(layer.hovered(), None);
        assert_eq!(layer.take_clicked(), Some(0));
        assert_eq!(layer.take_clicked(), None, "taken once");
        assert!(!layer.take_clicked_empty());
        layer.update_pointer(None, Some(Point::new(5.0, 46.5)));
        assert!(layer.take_clicked_empty());
        assert!(!layer.take_clicked_empty());
    }
}
