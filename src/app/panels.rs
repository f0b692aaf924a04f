//! The docked side panels: the layers and thematic settings on the left (with the guidance
//! where the chosen indicator lacks values), and the helpers the sheet (right) and the bottom
//! dock share: a panel at its saved size, foldable to a strip, its size read back.

use egui::Panel;

/// Width (or height) of a folded panel's strip.
pub const STRIP: f32 = 30.0;

/// A docked panel at `size` within `range` and its folded strip. At start and after a reset
/// (`force`), the saved size wins over what egui remembers.
pub fn docked(
    expanded: Panel,
    collapsed: Panel,
    size: f32,
    range: (f32, f32),
    force: bool,
) -> (Panel, Panel) {
    let mut expanded = expanded
        .resizable(true)
        .default_size(size)
        .size_range(range.0..=range.1);
    if force {
        expanded = expanded.exact_size(size).resizable(false);
    }
    (expanded, collapsed.resizable(false).exact_size(STRIP))
}

/// The size to save from what a panel measures this frame: whole points, and unchanged for
/// sub-point differences (no settings write for nothing).
pub fn kept_size(measured: f32, saved: f32) -> f32 {
    let m = measured.round();
    if (m - saved).abs() < 1.0 { saved } else { m }
}

/// Which edge of a docked panel the user drags to resize it.
#[derive(Clone, Copy, Debug)]
pub enum Edge {
    Right,
    Left,
    Top,
}

/// Takes the size a panel (outer box `rect`) measured this frame: a size the user dragged (a
/// press that started on the panel's free edge, still down or just released) is saved; a
/// panel that grew by itself (content wider than it, a list opening) is put back to the saved
/// size next frame. Returns whether to put it back.
pub fn settle_size(ctx: &egui::Context, rect: egui::Rect, edge: Edge, saved: &mut f32) -> bool {
    let measured = match edge {
        Edge::Right | Edge::Left => rect.width(),
        Edge::Top => rect.height(),
    };
    let kept = kept_size(measured, *saved);
    if kept == *saved {
        return false;
    }
    let dragging_edge = ctx.input(|i| {
        (i.pointer.any_down() || i.pointer.any_released())
            && i.pointer.press_origin().is_some_and(|p| {
                let d = match edge {
                    Edge::Right => (p.x - rect.right()).abs(),
                    Edge::Left => (p.x - rect.left()).abs(),
                    Edge::Top => (p.y - rect.top()).abs(),
                };
                // The handle, wherever the edge moved to during the drag.
                d < 12.0 || i.pointer.is_decidedly_dragging()
            })
    });
    if dragging_edge {
        *saved = kept;
        false
    } else {
        true
    }
}

/// A small button that folds or unfolds a panel, named for screen readers.
pub fn fold_button(ui: &mut egui::Ui, sign: &str, name: &str) -> egui::Response {
    let name = name.to_owned();
    let response = ui
        .add(egui::Button::new(sign).small())
        .on_hover_text(name.clone());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_saved_in_whole_points_and_only_when_they_change() {
        assert_eq!(kept_size(310.4, 310.0), 310.0);
        assert_eq!(kept_size(312.6, 310.0), 313.0);
        assert_eq!(kept_size(300.0, 310.0), 300.0);
    }
}
