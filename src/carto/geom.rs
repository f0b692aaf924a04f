//! Points and rectangles in frame units: screen points on screen, CSS pixels or PDF points on
//! paper. `y` points down, as on a screen and in SVG.

/// A point in frame units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pos {
    pub x: f64,
    pub y: f64,
}

impl Pos {
    pub const fn new(x: f64, y: f64) -> Self {
        Pos { x, y }
    }

    pub fn distance(self, other: Pos) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}

/// An axis-aligned rectangle in frame units (`min` top-left, `max` bottom-right).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub min: Pos,
    pub max: Pos,
}

impl Rect {
    pub const fn from_min_max(min: Pos, max: Pos) -> Self {
        Rect { min, max }
    }

    pub fn from_min_size(min: Pos, width: f64, height: f64) -> Self {
        Rect {
            min,
            max: Pos::new(min.x + width, min.y + height),
        }
    }

    pub fn from_center_size(center: Pos, width: f64, height: f64) -> Self {
        Rect {
            min: Pos::new(center.x - width / 2.0, center.y - height / 2.0),
            max: Pos::new(center.x + width / 2.0, center.y + height / 2.0),
        }
    }

    pub fn width(&self) -> f64 {
        self.max.x - self.min.x
    }

    pub fn height(&self) -> f64 {
        self.max.y - self.min.y
    }

    pub fn center(&self) -> Pos {
        Pos::new(
            0.5 * (self.min.x + self.max.x),
            0.5 * (self.min.y + self.max.y),
        )
    }

    pub fn contains(&self, p: Pos) -> bool {
        p.x >= self.min.x && p.x <= self.max.x && p.y >= self.min.y && p.y <= self.max.y
    }

    pub fn contains_rect(&self, other: &Rect) -> bool {
        self.contains(other.min) && self.contains(other.max)
    }

    /// Whether the two rectangles share more than an edge.
    pub fn intersects(&self, other: &Rect) -> bool {
        self.min.x < other.max.x
            && other.min.x < self.max.x
            && self.min.y < other.max.y
            && other.min.y < self.max.y
    }

    pub fn expand(&self, by: f64) -> Rect {
        Rect {
            min: Pos::new(self.min.x - by, self.min.y - by),
            max: Pos::new(self.max.x + by, self.max.y + by),
        }
    }

    pub fn translate(&self, dx: f64, dy: f64) -> Rect {
        Rect {
            min: Pos::new(self.min.x + dx, self.min.y + dy),
            max: Pos::new(self.max.x + dx, self.max.y + dy),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rectangles_meet_only_when_they_overlap() {
        let a = Rect::from_min_size(Pos::new(0.0, 0.0), 10.0, 10.0);
        let b = Rect::from_min_size(Pos::new(10.0, 0.0), 5.0, 5.0);
        assert!(!a.intersects(&b), "touching edges do not overlap");
        assert!(a.expand(0.5).intersects(&b));
        assert!(a.contains_rect(&Rect::from_center_size(Pos::new(5.0, 5.0), 4.0, 4.0)));
        assert!(!a.contains_rect(&b));
        assert_eq!(a.center(), Pos::new(5.0, 5.0));
        assert_eq!(a.translate(1.0, 2.0).min, Pos::new(1.0, 2.0));
    }
}
