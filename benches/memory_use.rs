//! The app's own heap while a script uses it for ten minutes (not timed: bytes). The real app
//! (`AtlasApp`, as the window runs it) is driven under egui_kittest as a person drives it, at a
//! person's pace, one action every three seconds, 200 actions: wheel zoom
//! in and out, drags both ways, arrow keys, every level of detail (zoomed in with `+` to the
//! deepest zoom the offline basemap allows and back), clicks on the map (a territory selected,
//! its sheet opened in the dock, or nothing), the maille switched (territories, EPCI,
//! départements), the indicator switched, the presentation on and off, *France*. A counting
//! allocator gives the bytes live on the heap after start and after every eight actions.
//!
//!     cargo bench --bench memory_use
//!
//! Prints the curve (seconds, MB), then start, largest, end, and the largest change
//! after the first minute. What the heap holds: the app's data and caches, egui's and walkers'
//! (the basemap's decoded tiles), and the test harness's accessibility tree; without a window
//! there is no renderer (its memory is in the resident figures of
//! `tools/bench/memory_under_xvfb.sh`).

mod common;

use std::time::{Duration, Instant};

use common::{Counting, live, mb, peak};
use egui::accesskit::Role;
use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable as _};
use ti_atlas::app::AtlasApp;
use ti_atlas::app::settings::Settings;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Actions of a person's ten minutes, one every three seconds (the script runs in real time:
/// the levels of detail no frame drew for a minute are let go by the clock).
const ACTIONS: usize = 200;
const SECONDS_PER_ACTION: usize = 3;
/// A sample every this many actions.
const SAMPLE_EVERY: usize = 8;

/// Indicators switched to in turn (those the territories, EPCI and départements all have come
/// first; one missing at a maille is skipped there).
const INDICATORS: [&str; 4] = [
    "Densité de population",
    "Part des emplois dans l'industrie",
    "Évolution annuelle moyenne de l'emploi salarié privé, 2017-2024",
    "Nombre d'actions du plan",
];

type App = Harness<'static, AtlasApp>;

/// A few frames, leaving the basemap's reader threads a moment between them.
fn frames(h: &mut App, n: usize) {
    for _ in 0..n {
        h.step();
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn map_point(h: &App, fx: f32, fy: f32) -> Option<Pos2> {
    let r = h.state().probe().map_rect()?;
    Some(r.min + egui::vec2(fx * r.width(), fy * r.height()))
}

/// The keyboard to the map: the pointer off it, no field focused.
fn keys(h: &mut App, key: egui::Key, times: usize) {
    if let Some(r) = h.state().probe().map_rect() {
        h.event(Event::PointerMoved(egui::pos2(
            r.left() - 20.0,
            r.top() + 5.0,
        )));
    }
    for _ in 0..times {
        h.key_press(key);
        frames(h, 2);
    }
}

fn wheel(h: &mut App, notches: f32) {
    let Some(at) = map_point(h, 0.55, 0.5) else {
        return;
    };
    h.event(Event::PointerMoved(at));
    h.event(Event::MouseWheel {
        unit: egui::MouseWheelUnit::Line,
        delta: egui::vec2(0.0, notches),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: Modifiers::NONE,
    });
    frames(h, 12);
}

fn drag(h: &mut App, from: (f32, f32), to: (f32, f32)) {
    let (Some(a), Some(b)) = (map_point(h, from.0, from.1), map_point(h, to.0, to.1)) else {
        return;
    };
    h.event(Event::PointerMoved(a));
    h.event(Event::PointerButton {
        pos: a,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.step();
    for i in 1..=6 {
        h.event(Event::PointerMoved(a + (b - a) * (i as f32 / 6.0)));
        h.step();
    }
    h.event(Event::PointerButton {
        pos: b,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    frames(h, 3);
}

fn click_map(h: &mut App, fx: f32, fy: f32) {
    let Some(pos) = map_point(h, fx, fy) else {
        return;
    };
    for pressed in [true, false] {
        h.event(Event::PointerMoved(pos));
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    frames(h, 3);
}

fn click_label(h: &mut App, role: Role, label: &str) {
    if let Some(node) = h.query_all(By::new().role(role).label(label)).next() {
        node.click();
    }
    frames(h, 3);
}

/// The next indicator the current maille has, chosen in the layers panel's list.
fn next_indicator(h: &mut App, turn: usize) {
    let combo = |v: &'static str| By::new().role(Role::ComboBox).value(v);
    let shown = std::iter::once("Aucun indicateur")
        .chain(INDICATORS)
        .find(|v| h.query_all(combo(v)).next().is_some());
    let Some(current) = shown else {
        return;
    };
    if let Some(node) = h.query_all(combo(current)).next() {
        node.click();
    }
    frames(h, 2);
    for k in 0..INDICATORS.len() {
        let option = INDICATORS[(turn + k) % INDICATORS.len()];
        if option == current {
            continue;
        }
        if let Some(node) = h
            .query_all(By::new().role(Role::Button).label(option))
            .next()
        {
            node.click_accesskit();
            break;
        }
    }
    frames(h, 3);
    // The list may stay open after a screen reader's choice.
    h.key_press(egui::Key::Escape);
    frames(h, 2);
}

/// One action of the script (`step`: which, in a cycle of sixteen).
fn act(h: &mut App, step: usize) {
    let turn = step / 16;
    match step % 16 {
        0 => wheel(h, 3.0),
        1 => drag(h, (0.6, 0.5), (0.45, 0.35)),
        2 => click_map(h, 0.5 + 0.03 * (turn % 5) as f32, 0.45),
        3 => drag(h, (0.45, 0.35), (0.6, 0.5)),
        4 => wheel(h, -3.0),
        5 => keys(h, egui::Key::ArrowRight, 2),
        6 => next_indicator(h, turn),
        7 => {
            // Every level of detail: down to the deepest zoom, a look around, back up.
            keys(h, egui::Key::Plus, 18);
            keys(h, egui::Key::ArrowDown, 3);
            keys(h, egui::Key::ArrowLeft, 3);
            keys(h, egui::Key::Minus, 18);
        }
        8 => click_label(
            h,
            Role::RadioButton,
            ["EPCI", "Départements", "Territoires"][turn % 3],
        ),
        9 => click_map(h, 0.4, 0.6),
        10 => keys(h, egui::Key::ArrowUp, 2),
        11 => {
            keys(h, egui::Key::F11, 1);
            frames(h, 3);
        }
        12 => keys(h, egui::Key::Escape, 1),
        13 => click_map(h, 0.55, 0.3),
        14 => keys(h, egui::Key::ArrowLeft, 2),
        _ => click_label(h, Role::Button, "France"),
    }
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    let before = live();
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(|cc| AtlasApp::with_settings(cc, Settings::default()));
    let waiting = Instant::now();
    while !h.state().probe().all_layers_loaded() {
        assert!(
            h.state().probe().load_error().is_none(),
            "{:?}",
            h.state().probe().load_error()
        );
        assert!(waiting.elapsed() < Duration::from_secs(300), "never loaded");
        frames(&mut h, 1);
        std::thread::sleep(Duration::from_millis(20));
    }
    // Start: everything loaded, the France view drawn and its basemap tiles read.
    frames(&mut h, 60);
    let start = live() - before;
    let start_peak = peak() - before;
    println!("| secondes | Mo |\n| ---: | ---: |");
    println!("| 0 | {} |", mb(start));
    let mut curve = vec![(0, start)];
    let ran = Instant::now();
    for step in 0..ACTIONS {
        act(&mut h, step);
        // At a person's pace: the rest of the three seconds idle (a frame now and then, as the
        // window repaints when a tile or a level of detail arrives).
        let due = Duration::from_secs(((step + 1) * SECONDS_PER_ACTION) as u64);
        while ran.elapsed() < due {
            frames(&mut h, 1);
            std::thread::sleep(Duration::from_millis(250));
        }
        if (step + 1) % SAMPLE_EVERY == 0 {
            let seconds = (step + 1) * SECONDS_PER_ACTION;
            let bytes = live() - before;
            println!("| {seconds} | {} |", mb(bytes));
            curve.push((seconds, bytes));
        }
    }
    let end = curve.last().map_or(start, |c| c.1);
    let largest = curve.iter().map(|c| c.1).max().unwrap_or(start);
    let after_first_minute: Vec<isize> = curve.iter().filter(|c| c.0 >= 60).map(|c| c.1).collect();
    let spread = after_first_minute.iter().max().unwrap_or(&0)
        - after_first_minute.iter().min().unwrap_or(&0);
    println!(
        "\ntas après le démarrage {} Mo (pic du chargement {} Mo) ; après {ACTIONS} actions en {} s {} Mo ; le plus haut {} Mo ; écart après la première minute {} Mo",
        mb(start),
        mb(start_peak),
        ran.elapsed().as_secs(),
        mb(end),
        mb(largest),
        mb(spread),
    );
    drop(h);
}
