//! The map on screen as an export: what the export tab writes and the Mise en page shows,
//! from the screen's view, layers, classes and colours.

use super::super::context::PaneContext;
use crate::carto::{Basemap, MapSpec};
use crate::export::{MapExport, View};
use crate::format::today_fr;

/// The map on screen as an export: same view, layers, classes and colours (the screen's
/// composition, scaled to the export's size); `map` is the screen's map without the
/// colour-vision preview.
pub fn map_export(
    cx: &PaneContext<'_>,
    mut map: MapSpec,
    width: f64,
    height: f64,
    title: &str,
    basemap: bool,
) -> MapExport {
    map.basemap = export_basemap(basemap);
    MapExport::of_map(
        width,
        height,
        screen_view(cx),
        map,
        Some(title),
        &today_fr(),
    )
    .with_page(&cx.settings.map.page)
}

/// The basemap of an export: the offline one, or none (a white ground).
pub fn export_basemap(wanted: bool) -> Basemap {
    if wanted {
        Basemap::Offline
    } else {
        Basemap::None
    }
}

/// The view an export draws: a France-scale view exports as France entière (the page lays
/// out its insets); any other view as drawn.
pub fn screen_view(cx: &PaneContext<'_>) -> View {
    match cx.map_output.view {
        Some(v) => View::Screen(v),
        None => View::France,
    }
}
