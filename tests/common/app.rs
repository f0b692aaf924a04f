//! What the tests driving the whole app share.

use std::time::{Duration, Instant};

use egui::{Event, Modifiers, PointerButton};
use egui_kittest::Harness;
use ti_atlas::app::AtlasApp;

/// Steps the app until `done` (at most two minutes, the bundle never failing), then a few
/// frames more for the layout to settle.
pub fn wait(
    harness: &mut Harness<'static, AtlasApp>,
    done: &dyn Fn(&AtlasApp) -> bool,
    what: &str,
) {
    let start = Instant::now();
    while !done(harness.state()) {
        assert!(harness.state().probe().load_error().is_none());
        assert!(start.elapsed() < Duration::from_secs(120), "never {what}");
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(4);
}

/// Drags the pointer from `from` to `to` with the primary button, in small moves.
pub fn drag(harness: &mut Harness<'static, AtlasApp>, from: egui::Pos2, to: egui::Pos2) {
    harness.event(Event::PointerMoved(from));
    harness.step();
    harness.event(Event::PointerButton {
        pos: from,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.step();
    for k in 1..=8 {
        harness.event(Event::PointerMoved(from + (to - from) * (k as f32 / 8.0)));
        harness.step();
    }
    harness.event(Event::PointerButton {
        pos: to,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run_steps(3);
}
