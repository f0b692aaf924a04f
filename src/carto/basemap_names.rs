//! The offline basemap's country and sea names ("Espagne", "Océan Atlantique"), placed by the
//! map's own label placer rather than by the tiles: they give way to the insets, the buttons,
//! the legend and the map's names, and one that would run over a unit the map draws is left
//! out (the tiles wrote "Andorre" half under the Ariège).
//!
//! The names and their points are read once from the archive (`export::basemap::names`); the
//! archive places each name in the part of the country its tier tiles, so a name has a point
//! per tier of zooms.

use super::geom::{Pos, Rect};
use super::labels::{LINE_HEIGHT, LabelCandidate, LabelRank};
use super::projection::ViewTransform;
use super::text::text_width;

/// A country's or a sea's name in the basemap, at one tier of tile zooms.
#[derive(Clone, Debug, PartialEq)]
pub struct BasemapName {
    pub name: String,
    /// A sea (else a country).
    pub sea: bool,
    pub world: [f64; 2],
    /// The tile zooms (the archive's, map zoom − 1) at which the archive shows it here.
    pub tile_zooms: (u8, u8),
}

/// The candidates of the names shown at the view's zoom (at the reference size: an export
/// twice as wide names the same), whose text stays clear of every box of `units` (the drawn
/// units, on the frame).
pub fn candidates(
    names: &[BasemapName],
    view: &ViewTransform,
    s: f64,
    units: &[Rect],
) -> Vec<LabelCandidate> {
    let zoom = view.zoom() - s.log2();
    let tile_zoom = (zoom.round() - 1.0).clamp(0.0, 30.0) as u8;
    let size = super::look::BASEMAP_LABEL_SIZE * s;
    let mut out: Vec<LabelCandidate> = Vec::new();
    for n in names
        .iter()
        .filter(|n| n.tile_zooms.0 <= tile_zoom && tile_zoom <= n.tile_zooms.1)
    {
        if out.iter().any(|c| c.text == n.name) {
            continue;
        }
        let at = view.frame_from_world(n.world);
        let w = text_width(&n.name, size, false);
        let rect = Rect::from_center_size(at, w, size * LINE_HEIGHT);
        if units.iter().any(|u| u.intersects(&rect)) {
            continue;
        }
        out.push(LabelCandidate {
            rank: if n.sea {
                LabelRank::Sea
            } else {
                LabelRank::Country
            },
            owner: None,
            text: n.name.clone(),
            anchor: Pos::new(at.x, at.y),
            alternatives: Vec::new(),
            marker: None,
            room: None,
            weight: w,
            font_size: size,
            bold: false,
        });
    }
    out
}
