//! Start-up as a person sees it: the process's start time, and a trace printed when
//! `TI_ATLAS_TRACE_DEMARRAGE=1` is set — when the first frame was built (window and renderer
//! up), when the bundle arrived ready to draw, when the first frame drawing the territories was
//! built — after which the app closes itself, so that `tools/bench/startup_under_xvfb.sh` can
//! launch it several times and report the figures.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

static PROCESS_START: OnceLock<Instant> = OnceLock::new();

/// Notes the process's start (first thing in `main`); later calls keep the first instant.
pub fn mark_process_start() {
    PROCESS_START.get_or_init(Instant::now);
}

/// Time since the process started (since the first call here when `main` did not mark it).
pub fn since_start() -> Duration {
    PROCESS_START.get_or_init(Instant::now).elapsed()
}

static READY_AT: OnceLock<Duration> = OnceLock::new();

/// Notes that the bundle is ready to draw (the loading thread, as it sends it).
pub fn mark_ready() {
    READY_AT.get_or_init(since_start);
}

/// When the bundle was ready to draw, since the process started.
pub fn ready_at() -> Option<Duration> {
    READY_AT.get().copied()
}

/// The environment variable that turns the trace on.
pub const TRACE_VARIABLE: &str = "TI_ATLAS_TRACE_DEMARRAGE";

/// The start-up milestones of one run.
#[derive(Debug, Default)]
pub struct StartupTrace {
    enabled: bool,
    first_frame: Option<Duration>,
    ready: Option<Duration>,
    drawn: Option<Duration>,
}

/// What the frame tells the trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Milestone {
    /// A frame is being built (the window and its renderer are up).
    Frame,
    /// The bundle arrived, ready to draw.
    Ready,
    /// A frame drawing the territories was built.
    TerritoriesDrawn,
}

impl StartupTrace {
    /// A trace that prints only when the environment asks for it.
    pub fn from_env() -> Self {
        StartupTrace {
            enabled: std::env::var_os(TRACE_VARIABLE).is_some_and(|v| v == "1"),
            ..Default::default()
        }
    }

    /// Records `milestone` at `at` (the first time only). Returns the line to print and
    /// whether the app should close, once the territories are drawn and the trace is on.
    pub fn note(&mut self, milestone: Milestone, at: Duration) -> Option<String> {
        let slot = match milestone {
            Milestone::Frame => &mut self.first_frame,
            Milestone::Ready => &mut self.ready,
            Milestone::TerritoriesDrawn => &mut self.drawn,
        };
        if slot.is_some() {
            return None;
        }
        *slot = Some(at);
        if milestone != Milestone::TerritoriesDrawn || !self.enabled {
            return None;
        }
        let ms = |d: Option<Duration>| d.map_or("?".to_owned(), |d| d.as_millis().to_string());
        Some(format!(
            "démarrage (ms)\tpremière image {}\tlot prêt {}\tterritoires dessinés {}",
            ms(self.first_frame),
            ms(self.ready),
            ms(self.drawn)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trace_speaks_once_the_territories_are_drawn_and_only_when_asked() {
        let ms = Duration::from_millis;
        let mut quiet = StartupTrace::default();
        assert_eq!(quiet.note(Milestone::TerritoriesDrawn, ms(900)), None);
        let mut on = StartupTrace {
            enabled: true,
            ..Default::default()
        };
        assert_eq!(on.note(Milestone::Frame, ms(300)), None);
        assert_eq!(on.note(Milestone::Frame, ms(350)), None);
        assert_eq!(on.note(Milestone::Ready, ms(420)), None);
        let line = on.note(Milestone::TerritoriesDrawn, ms(450)).expect("line");
        assert!(line.contains("première image 300"), "{line}");
        assert!(line.contains("lot prêt 420"), "{line}");
        assert!(line.contains("territoires dessinés 450"), "{line}");
        assert_eq!(on.note(Milestone::TerritoriesDrawn, ms(500)), None);
    }
}
