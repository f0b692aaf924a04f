//! What the tests driving the whole app share.

use std::time::{Duration, Instant};

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
