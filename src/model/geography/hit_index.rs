//! Which feature is at a lon/lat: an R-tree of bounding boxes, then point-in-polygon on the
//! full-detail geometry.

use geo::{BoundingRect as _, Intersects as _, MultiPolygon, Point};
use rstar::{AABB, RTree, primitives::GeomWithData, primitives::Rectangle};

type Entry = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// Hit-test index over the full-detail geometry of a layer (lon/lat).
pub struct HitIndex {
    tree: RTree<Entry>,
    geometry: Vec<MultiPolygon<f64>>,
}

impl HitIndex {
    pub fn new(geometry: Vec<MultiPolygon<f64>>) -> Self {
        let entries = geometry
            .iter()
            .enumerate()
            .filter_map(|(i, g)| {
                let r = g.bounding_rect()?;
                Some(Entry::new(
                    Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                    i,
                ))
            })
            .collect();
        Self {
            tree: RTree::bulk_load(entries),
            geometry,
        }
    }

    /// The feature containing `lonlat` (boundary included). Where features overlap (the EPT
    /// drawn over the Métropole du Grand Paris), the highest index: the one drawn last, on top.
    pub fn feature_at(&self, lonlat: Point<f64>) -> Option<usize> {
        let p = [lonlat.x(), lonlat.y()];
        self.tree
            .locate_in_envelope_intersecting(&AABB::from_point(p))
            .map(|e| e.data)
            .filter(|&i| self.geometry.get(i).is_some_and(|g| g.intersects(&lonlat)))
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn hit_test_respects_holes_and_bboxes() {
        let donut = polygon!(
            exterior: [(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 10.), (x: 0., y: 10.), (x: 0., y: 0.)],
            interiors: [[(x: 4., y: 4.), (x: 6., y: 4.), (x: 6., y: 6.), (x: 4., y: 6.), (x: 4., y: 4.)]],
        );
        // An L whose bbox overlaps the donut's but whose body does not.
        let ell = polygon![(x: 11., y: 0.), (x: 20., y: 0.), (x: 20., y: 2.), (x: 13., y: 2.), (x: 13., y: 12.), (x: 11., y: 12.), (x: 11., y: 0.)];
        let index = HitIndex::new(vec![MultiPolygon(vec![donut]), MultiPolygon(vec![ell])]);
        assert_eq!(index.feature_at(Point::new(1.0, 1.0)), Some(0));
        assert_eq!(
            index.feature_at(Point::new(5.0, 5.0)),
            None,
            "inside the hole"
        );
        assert_eq!(index.feature_at(Point::new(12.0, 10.0)), Some(1));
        assert_eq!(
            index.feature_at(Point::new(16.0, 8.0)),
            None,
            "in the L's bbox, outside the L"
        );
        assert_eq!(index.feature_at(Point::new(-1.0, 5.0)), None);
    }
}
