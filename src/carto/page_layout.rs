//! The page the user lays out (Mise en page): its format and margins, the furniture the user
//! moved, resized or hid, and the texts the user wrote. Kept with the map's settings (views,
//! projects and undo keep it). What is not moved keeps the automatic layout and its checks;
//! a moved element is the user's.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::geom::{Pos, Rect};
use super::paper::{A3_LANDSCAPE, A4_LANDSCAPE};

/// A piece of the page's furniture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageElement {
    /// The map's frame.
    Carte,
    /// The title and its subtitle.
    Titre,
    /// The legends (classes, symbols, bivariate grid).
    Legende,
    /// The scale bar.
    Echelle,
    /// The north arrow.
    Nord,
    /// The sources and the date (moved, never hidden: every figure carries its source).
    Sources,
}

impl PageElement {
    pub const ALL: [PageElement; 6] = [
        PageElement::Carte,
        PageElement::Titre,
        PageElement::Legende,
        PageElement::Echelle,
        PageElement::Nord,
        PageElement::Sources,
    ];

    pub fn label_fr(self) -> &'static str {
        match self {
            PageElement::Carte => "Carte",
            PageElement::Titre => "Titre et sous-titre",
            PageElement::Legende => "Légende",
            PageElement::Echelle => "Échelle",
            PageElement::Nord => "Flèche du nord",
            PageElement::Sources => "Sources et date",
        }
    }

    /// Whether the user may hide it (the sources stay: every figure shown carries its source;
    /// the map is what the page is for).
    pub fn can_hide(self) -> bool {
        !matches!(self, PageElement::Sources | PageElement::Carte)
    }

    /// Whether its size is the user's (its width wraps its text, or frames the map), or only
    /// its place (the scale bar and the north arrow keep their drawn size).
    pub fn resizable(self) -> bool {
        !matches!(self, PageElement::Echelle | PageElement::Nord)
    }
}

/// A rectangle as fractions of the page's content (inside the margins): 0..1 each way.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct FracRect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl FracRect {
    /// `rect` (content units) as fractions of a content `size`.
    pub fn of(rect: Rect, size: (f64, f64)) -> Self {
        let (w, h) = (size.0.max(1e-9), size.1.max(1e-9));
        FracRect {
            x: rect.min.x / w,
            y: rect.min.y / h,
            w: rect.width() / w,
            h: rect.height() / h,
        }
    }

    /// In content units for a content `size`, kept inside the content.
    pub fn rect(self, size: (f64, f64)) -> Rect {
        let w = (self.w.clamp(0.02, 1.0)) * size.0;
        let h = (self.h.clamp(0.02, 1.0)) * size.1;
        let x = (self.x * size.0).clamp(0.0, (size.0 - w).max(0.0));
        let y = (self.y * size.1).clamp(0.0, (size.1 - h).max(0.0));
        Rect::from_min_size(Pos::new(x, y), w, h)
    }

    fn is_sound(self) -> bool {
        [self.x, self.y, self.w, self.h]
            .iter()
            .all(|v| v.is_finite())
            && self.w > 0.0
            && self.h > 0.0
    }
}

/// The page's format.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum PageFormat {
    #[default]
    A4Paysage,
    A4Portrait,
    A3Paysage,
    A3Portrait,
    /// A 16:9 slide, 1920 × 1080.
    Diapositive,
    /// Width and height in points (PDF) or pixels (PNG, SVG).
    Libre {
        largeur: f64,
        hauteur: f64,
    },
}

impl PageFormat {
    pub const CHOICES: [PageFormat; 5] = [
        PageFormat::A4Paysage,
        PageFormat::A4Portrait,
        PageFormat::A3Paysage,
        PageFormat::A3Portrait,
        PageFormat::Diapositive,
    ];

    /// Width and height (points for paper, pixels for the slide).
    pub fn size(self) -> (f64, f64) {
        let (a4w, a4h) = A4_LANDSCAPE;
        let (a3w, a3h) = A3_LANDSCAPE;
        match self {
            PageFormat::A4Paysage => (a4w, a4h),
            PageFormat::A4Portrait => (a4h, a4w),
            PageFormat::A3Paysage => (a3w, a3h),
            PageFormat::A3Portrait => (a3h, a3w),
            PageFormat::Diapositive => (1920.0, 1080.0),
            PageFormat::Libre { largeur, hauteur } => (
                if largeur.is_finite() {
                    largeur.clamp(200.0, 10_000.0)
                } else {
                    1000.0
                },
                if hauteur.is_finite() {
                    hauteur.clamp(200.0, 10_000.0)
                } else {
                    700.0
                },
            ),
        }
    }

    /// The drawing's size for an export: points for a PDF (`dpi` None), pixels at `dpi` for a
    /// PNG or an SVG (the slide and a free size are pixels already).
    pub fn drawing_size(self, dpi: Option<f64>) -> (f64, f64) {
        let (w, h) = self.size();
        let per_point = match (self, dpi) {
            (_, None) => return (w, h),
            (PageFormat::Diapositive | PageFormat::Libre { .. }, _) => 1.0,
            (_, Some(dpi)) => dpi / 72.0,
        };
        (
            (w * per_point).round().clamp(200.0, 10_000.0),
            (h * per_point).round().clamp(200.0, 10_000.0),
        )
    }

    /// The paper's smaller side in millimetres (an A4's for the slide and free pages).
    pub fn short_side_mm(self) -> f64 {
        match self {
            PageFormat::A3Paysage | PageFormat::A3Portrait => 297.0,
            _ => 210.0,
        }
    }

    pub fn label_fr(self) -> String {
        match self {
            PageFormat::A4Paysage => "A4 paysage".into(),
            PageFormat::A4Portrait => "A4 portrait".into(),
            PageFormat::A3Paysage => "A3 paysage".into(),
            PageFormat::A3Portrait => "A3 portrait".into(),
            PageFormat::Diapositive => "Diapositive 16:9 (1920 × 1080)".into(),
            PageFormat::Libre { .. } => {
                let (w, h) = self.size();
                format!("Libre ({w:.0} × {h:.0})")
            }
        }
    }
}

/// The user's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PageLayout {
    pub format: PageFormat,
    /// White margin around the page's content, in millimetres of the paper (on a slide or a
    /// page of free size, millimetres of an A4 page of the same shape).
    pub margin_mm: f64,
    /// Elements the user moved or resized, as fractions of the content.
    pub moved: BTreeMap<PageElement, FracRect>,
    /// Elements the user hid.
    pub hidden: BTreeSet<PageElement>,
    /// Texts the user wrote instead of the automatic ones (`Some("")`: no subtitle).
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub legend_title: Option<String>,
    /// A line the user adds before the sources ("Note : …").
    pub note: Option<String>,
    /// Moving snaps to a grid of this many points (0: no grid) and to the margins.
    pub grid: f64,
}

impl Default for PageLayout {
    fn default() -> Self {
        PageLayout {
            format: PageFormat::default(),
            margin_mm: 0.0,
            moved: BTreeMap::new(),
            hidden: BTreeSet::new(),
            title: None,
            subtitle: None,
            legend_title: None,
            note: None,
            grid: 10.0,
        }
    }
}

impl PageLayout {
    /// Whether nothing of the page is the user's (the automatic layout and format).
    pub fn is_automatic(&self) -> bool {
        self.format == PageFormat::default()
            && self.moved.is_empty()
            && self.hidden.is_empty()
            && self.legend_title.is_none()
            && self.note.is_none()
            && self.margin_mm == 0.0
    }

    /// The element's rectangle if the user placed it (content units for a content `size`).
    pub fn placed(&self, element: PageElement, size: (f64, f64)) -> Option<Rect> {
        self.moved
            .get(&element)
            .filter(|r| r.is_sound())
            .map(|r| r.rect(size))
    }

    pub fn shows(&self, element: PageElement) -> bool {
        !element.can_hide() || !self.hidden.contains(&element)
    }

    /// The margin in drawing units for a drawing of `size` (points, pixels: the same share of
    /// the page at any resolution), at most a fifth of the page's smaller side.
    pub fn margin(&self, size: (f64, f64)) -> f64 {
        let mm = if self.margin_mm.is_finite() {
            self.margin_mm.max(0.0)
        } else {
            0.0
        };
        let short = size.0.min(size.1);
        (mm / self.format.short_side_mm() * short).min(short / 5.0)
    }

    /// The text the user gave in place of `automatic` (`None` kept: automatic).
    pub fn text_or<'a>(given: &'a Option<String>, automatic: &'a str) -> &'a str {
        given.as_deref().unwrap_or(automatic)
    }
}

/// `rect` moved by `(dx, dy)` and snapped: its left and top edges (and its right and bottom
/// when they come closer) to the grid of `grid` units and to the content's edges, kept inside
/// a content of `size`.
pub fn snapped_move(rect: Rect, dx: f64, dy: f64, size: (f64, f64), grid: f64) -> Rect {
    let (w, h) = (rect.width().min(size.0), rect.height().min(size.1));
    let mut x = rect.min.x + dx;
    let mut y = rect.min.y + dy;
    if grid > 0.0 {
        x = snap_edge(x, w, size.0, grid);
        y = snap_edge(y, h, size.1, grid);
    }
    x = x.clamp(0.0, (size.0 - w).max(0.0));
    y = y.clamp(0.0, (size.1 - h).max(0.0));
    Rect::from_min_size(Pos::new(x, y), w, h)
}

/// `rect`'s bottom-right corner moved by `(dx, dy)` and snapped to the grid, at least
/// `min_size` each way and inside the content.
pub fn snapped_resize(
    rect: Rect,
    dx: f64,
    dy: f64,
    size: (f64, f64),
    grid: f64,
    min_size: f64,
) -> Rect {
    let snap = |v: f64| {
        if grid > 0.0 {
            (v / grid).round() * grid
        } else {
            v
        }
    };
    let right = snap(rect.max.x + dx).min(size.0).max(rect.min.x + min_size);
    let bottom = snap(rect.max.y + dy).min(size.1).max(rect.min.y + min_size);
    Rect::from_min_max(rect.min, Pos::new(right, bottom))
}

/// The start of an extent `len` long near `start`, snapped to the grid by whichever of its
/// two ends is nearer a grid line, or to the content's ends (`0`, `total`).
fn snap_edge(start: f64, len: f64, total: f64, grid: f64) -> f64 {
    let near = |v: f64| (v / grid).round() * grid;
    let candidates = [
        (near(start) - start, near(start)),
        (near(start + len) - (start + len), near(start + len) - len),
        (-start, 0.0),
        (total - (start + len), total - len),
    ];
    candidates
        .into_iter()
        .min_by(|a, b| a.0.abs().total_cmp(&b.0.abs()))
        .map_or(start, |(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fraction_rect_goes_back_and_forth_and_stays_on_the_page() {
        let size = (800.0, 600.0);
        let r = Rect::from_min_size(Pos::new(100.0, 60.0), 200.0, 120.0);
        let f = FracRect::of(r, size);
        assert_eq!(f.rect(size), r);
        let off = FracRect {
            x: 0.95,
            y: -0.3,
            w: 0.25,
            h: 0.2,
        };
        let back = off.rect(size);
        assert_eq!(back.max.x, 800.0);
        assert_eq!(back.min.y, 0.0);
    }

    #[test]
    fn moving_snaps_to_the_grid_and_to_the_edges() {
        let size = (800.0, 600.0);
        let r = Rect::from_min_size(Pos::new(100.0, 100.0), 155.0, 40.0);
        let moved = snapped_move(r, 23.0, 4.0, size, 10.0);
        // The right edge is nearer a grid line (278 → 280) than the left (123 → 120).
        assert_eq!(moved.min, Pos::new(125.0, 100.0));
        assert_eq!(moved.width(), 155.0);
        // Near the right edge: it sits on it, not past it.
        let to_edge = snapped_move(r, 543.0, 0.0, size, 10.0);
        assert_eq!(to_edge.max.x, 800.0);
        // Without a grid, the move is exact (kept inside).
        let free = snapped_move(r, 3.0, 7.0, size, 0.0);
        assert_eq!(free.min, Pos::new(103.0, 107.0));
        let resized = snapped_resize(r, 33.0, -100.0, size, 10.0, 20.0);
        assert_eq!(resized.max.x, 290.0);
        assert_eq!(resized.height(), 20.0);
    }

    #[test]
    fn sources_and_map_cannot_be_hidden_and_margins_are_bounded() {
        let mut page = PageLayout::default();
        assert!(page.is_automatic());
        page.hidden.insert(PageElement::Sources);
        page.hidden.insert(PageElement::Nord);
        assert!(page.shows(PageElement::Sources));
        assert!(!page.shows(PageElement::Nord));
        page.margin_mm = 10.0;
        assert!((page.margin((841.89, 595.28)) - 28.3465).abs() < 1e-3);
        page.margin_mm = 500.0;
        assert!((page.margin((841.89, 595.28)) - 595.28 / 5.0).abs() < 1e-9);
        assert_eq!(PageFormat::A4Portrait.size(), (595.28, 841.89));
        // Exported: points for a PDF, pixels at the resolution otherwise; a slide is pixels.
        assert_eq!(PageFormat::A4Portrait.drawing_size(None), (595.28, 841.89));
        assert_eq!(
            PageFormat::A4Portrait.drawing_size(Some(150.0)),
            (1240.0, 1754.0)
        );
        assert_eq!(
            PageFormat::Diapositive.drawing_size(Some(300.0)),
            (1920.0, 1080.0)
        );
    }

    #[test]
    fn a_page_round_trips_through_json_with_french_names() {
        let mut page = PageLayout {
            format: PageFormat::Libre {
                largeur: 1200.0,
                hauteur: 900.0,
            },
            ..PageLayout::default()
        };
        page.moved.insert(
            PageElement::Legende,
            FracRect {
                x: 0.7,
                y: 0.1,
                w: 0.25,
                h: 0.5,
            },
        );
        page.title = Some("Emploi industriel".into());
        let json = serde_json::to_string(&page).unwrap();
        assert!(json.contains("\"legende\""), "{json}");
        assert!(json.contains("\"libre\""), "{json}");
        let back: PageLayout = serde_json::from_str(&json).unwrap();
        assert_eq!(back, page);
    }
}
