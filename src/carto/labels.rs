//! The one label placer: names of territories, units and places, by priority, never over each
//! other nor over the frame's furniture (title, legend, scale bar…), each inside its frame and,
//! for a polygon, inside the polygon's box. The screen and the page draw what it keeps.

use super::geom::{Pos, Rect};
use super::text::text_width;

/// What a label names, most important first: a selected unit's name wins over a territory's,
/// which wins over an EPCI's, and so on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LabelRank {
    /// A name the user placed by hand.
    Pinned,
    Selected,
    Territory,
    Unit,
    UserLayer,
    Place,
    /// A neighbouring country's name in the basemap.
    Country,
    /// A sea's name in the basemap.
    Sea,
}

/// Height of a one-line label box, in font sizes.
pub const LINE_HEIGHT: f64 = 1.2;

/// A name that may be written.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelCandidate {
    pub rank: LabelRank,
    /// The layer and feature it names (`None` for free text such as a place of the basemap).
    pub owner: Option<(super::LayerId, usize)>,
    pub text: String,
    /// Centre of the text box, in frame units.
    pub anchor: Pos,
    /// Other centres to try, in order, when the first does not fit (a town's name left of,
    /// above or below its point).
    pub alternatives: Vec<Pos>,
    /// A point symbol drawn with the name (a town), in frame units.
    pub marker: Option<Pos>,
    /// The box the text must fit in (a polygon's box on the frame), if any.
    pub room: Option<Rect>,
    /// Order within a rank: bigger first (a polygon's area, a place's population).
    pub weight: f64,
    /// Font size in frame units.
    pub font_size: f64,
    pub bold: bool,
}

impl LabelCandidate {
    /// The text box centred on the anchor, measured with the map's font.
    pub fn text_rect(&self) -> Rect {
        let w = text_width(&self.text, self.font_size, self.bold);
        Rect::from_center_size(self.anchor, w, self.font_size * LINE_HEIGHT)
    }
}

pub use crate::model::views::labels::LabelOverride;

/// A label kept: the candidate and its text box.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedLabel {
    pub label: LabelCandidate,
    pub rect: Rect,
}

/// Greedy placement: by rank, then weight (bigger first), then owner; a label is kept when its
/// text box fits its room, lies inside `clip`, meets none of the `obstacles` and is at least
/// `padding` away from every label kept before. Deterministic for equal inputs.
pub fn place_labels(
    mut candidates: Vec<LabelCandidate>,
    clip: Rect,
    obstacles: &[Rect],
    padding: f64,
) -> Vec<PlacedLabel> {
    candidates.sort_by(|a, b| {
        a.rank
            .cmp(&b.rank)
            .then(b.weight.total_cmp(&a.weight))
            .then(a.owner.cmp(&b.owner))
            .then(a.text.cmp(&b.text))
    });
    let mut placed: Vec<PlacedLabel> = Vec::new();
    for mut label in candidates {
        // A town whose point lies under a name already written is not named (its point would
        // be hidden, or read as part of the other name).
        if let Some(m) = label.marker
            && placed.iter().any(|p| p.rect.expand(padding).contains(m))
        {
            continue;
        }
        let anchors: Vec<Pos> = std::iter::once(label.anchor)
            .chain(label.alternatives.iter().copied())
            .collect();
        let free = |rect: &Rect, placed: &[PlacedLabel]| {
            let padded = rect.expand(padding);
            clip.contains_rect(rect)
                && !obstacles.iter().any(|o| o.intersects(rect))
                && !placed.iter().any(|p| {
                    p.rect.intersects(&padded) || p.label.marker.is_some_and(|m| padded.contains(m))
                })
        };
        for anchor in anchors {
            label.anchor = anchor;
            let rect = label.text_rect();
            if let Some(room) = &label.room
                && (rect.width() > room.width() || rect.height() > room.height())
            {
                break;
            }
            if free(&rect, &placed) {
                label.alternatives.clear();
                placed.push(PlacedLabel { label, rect });
                break;
            }
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::carto::LayerId;
    use crate::model::LayerKind;

    fn candidate(feature: usize, x: f64, y: f64, room: f64) -> LabelCandidate {
        LabelCandidate {
            rank: LabelRank::Territory,
            owner: Some((LayerId::Bundle(LayerKind::Ti2023), feature)),
            text: "Vitré".into(),
            anchor: Pos::new(x, y),
            room: Some(Rect::from_center_size(Pos::new(x, y), room, room)),
            alternatives: Vec::new(),
            marker: None,
            weight: room * room,
            font_size: 12.0,
            bold: false,
        }
    }

    fn owners(placed: &[PlacedLabel]) -> Vec<usize> {
        placed
            .iter()
            .filter_map(|p| p.label.owner.map(|o| o.1))
            .collect()
    }

    #[test]
    fn labels_never_overlap_and_must_fit() {
        let clip = Rect::from_min_size(Pos::new(0.0, 0.0), 500.0, 500.0);
        let candidates = vec![
            candidate(0, 100.0, 100.0, 200.0), // biggest: wins
            candidate(1, 110.0, 105.0, 150.0), // overlaps 0
            candidate(2, 300.0, 100.0, 20.0),  // too small for its text
            candidate(3, 300.0, 300.0, 100.0), // free
            candidate(4, 495.0, 400.0, 100.0), // would stick out of the clip rect
        ];
        let placed = place_labels(candidates, clip, &[], 2.0);
        assert_eq!(owners(&placed), vec![0, 3]);
        for (i, a) in placed.iter().enumerate() {
            for b in placed.iter().skip(i + 1) {
                assert!(!a.rect.intersects(&b.rect));
            }
        }
    }

    #[test]
    fn furniture_and_rank_come_first() {
        let clip = Rect::from_min_size(Pos::new(0.0, 0.0), 500.0, 500.0);
        let legend = Rect::from_min_size(Pos::new(250.0, 250.0), 250.0, 250.0);
        let mut selected = candidate(5, 102.0, 101.0, 10.0);
        selected.rank = LabelRank::Selected;
        selected.room = None;
        let placed = place_labels(
            vec![
                candidate(0, 100.0, 100.0, 200.0),
                selected,
                candidate(3, 300.0, 300.0, 100.0), // under the legend
            ],
            clip,
            &[legend],
            2.0,
        );
        assert_eq!(
            owners(&placed),
            vec![5],
            "the selected name wins, the legend hides none"
        );
    }

    #[test]
    fn a_town_goes_round_its_point_and_never_under_another_name() {
        let clip = Rect::from_min_size(Pos::new(0.0, 0.0), 500.0, 500.0);
        let town = |x: f64, y: f64| LabelCandidate {
            rank: LabelRank::Place,
            owner: None,
            text: "Fougères".into(),
            anchor: Pos::new(x + 40.0, y),
            alternatives: vec![Pos::new(x - 40.0, y)],
            marker: Some(Pos::new(x, y)),
            room: None,
            weight: 1.0,
            font_size: 11.0,
            bold: false,
        };
        // A territory's name right of the town's point: the town's name goes left.
        let mut territory = candidate(0, 160.0, 100.0, 200.0);
        territory.text = "Vitré".into();
        let placed = place_labels(vec![territory.clone(), town(120.0, 100.0)], clip, &[], 2.0);
        assert_eq!(placed.len(), 2);
        assert!(placed[1].rect.max.x < 120.0, "left of its point");
        // The town's point under the territory's name: not named at all.
        let placed = place_labels(vec![territory, town(160.0, 100.0)], clip, &[], 2.0);
        assert_eq!(placed.len(), 1);
    }
}
