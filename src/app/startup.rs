//! Start-up as a person sees it: the process's start time, and a trace printed when
//! `TI_ATLAS_TRACE_DEMARRAGE=1` is set — when the first frame was built (window and renderer
//! up), when the bundle arrived ready to draw, when the first frame drawing the territories was
//! built and when the next frame began (that one painted and presented: the territories are on
//! screen) — after which the app closes itself, so that `tools/bench/startup_under_xvfb.sh` can
//! launch it several times and report the figures.
//!
//! Beside the wall-clock times the trace gives the CPU time the process had used at each
//! milestone and, at the last, each thread's CPU time by name (the window's thread, the loading
//! thread, walkers' tile workers, the software renderer's threads): on a busy machine the wall
//! clock measures the other processes, the CPU time what start-up costs.

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

/// When the bundle was ready to draw: since the process started, and the process's and the
/// loading thread's CPU time then.
#[derive(Clone, Copy, Debug)]
struct ReadyMark {
    at: Duration,
    process_cpu: Option<Duration>,
    loader_cpu: Option<Duration>,
}

static READY_AT: OnceLock<ReadyMark> = OnceLock::new();

/// Notes that the bundle is ready to draw (the loading thread, as it sends it).
pub fn mark_ready() {
    READY_AT.get_or_init(|| ReadyMark {
        at: since_start(),
        process_cpu: cpu::process(),
        loader_cpu: cpu::this_thread(),
    });
}

/// The environment variable that turns the trace on.
pub const TRACE_VARIABLE: &str = "TI_ATLAS_TRACE_DEMARRAGE";

/// A milestone: when, and the process's CPU time then.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Mark {
    at: Duration,
    cpu: Option<Duration>,
}

/// The start-up milestones of one run.
#[derive(Debug, Default)]
pub struct StartupTrace {
    enabled: bool,
    first_frame: Option<Mark>,
    /// The window's thread CPU time at the first frame (window, renderer, the app built).
    window_cpu: Option<Duration>,
    ready: Option<Mark>,
    loader_cpu: Option<Duration>,
    drawn: Option<Mark>,
    shown: Option<Mark>,
    /// Frames begun until the territories were on screen.
    frames: usize,
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
    /// The frame after it began: the territories were painted and presented.
    TerritoriesShown,
}

impl StartupTrace {
    /// A trace that prints only when the environment asks for it.
    pub fn from_env() -> Self {
        StartupTrace {
            enabled: std::env::var_os(TRACE_VARIABLE).is_some_and(|v| v == "1"),
            ..Default::default()
        }
    }

    /// A frame begins (the app's `ui`, first thing): the first one says the window and its
    /// renderer are up; the one after the territories were drawn says they are on screen, and
    /// then the trace, when on, is printed and the window closed.
    pub fn frame_begins(&mut self, ctx: &egui::Context) {
        let now = since_start();
        if self.shown.is_none() {
            self.frames += 1;
        }
        if self.drawn.is_some() {
            if let Some(lines) = self.note(Milestone::TerritoriesShown, now) {
                eprintln!("{lines}");
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            return;
        }
        if self.first_frame.is_none() {
            self.window_cpu = cpu::this_thread();
        }
        self.note(Milestone::Frame, now);
    }

    /// The frame is built; `ready`: the bundle had arrived, so it drew the territories.
    pub fn frame_built(&mut self, ready: bool, ctx: &egui::Context) {
        if !ready || self.drawn.is_some() {
            return;
        }
        if let Some(mark) = READY_AT.get() {
            self.ready = Some(Mark {
                at: mark.at,
                cpu: mark.process_cpu,
            });
            self.loader_cpu = mark.loader_cpu;
        }
        self.note(Milestone::TerritoriesDrawn, since_start());
        // The next frame says when this one is on screen.
        ctx.request_repaint();
    }

    /// Records `milestone` at `at` (the first time only). Returns the lines to print once
    /// the territories are on screen and the trace is on.
    pub fn note(&mut self, milestone: Milestone, at: Duration) -> Option<String> {
        let slot = match milestone {
            Milestone::Frame => &mut self.first_frame,
            Milestone::Ready => &mut self.ready,
            Milestone::TerritoriesDrawn => &mut self.drawn,
            Milestone::TerritoriesShown => &mut self.shown,
        };
        if slot.is_some() {
            return None;
        }
        *slot = Some(Mark {
            at,
            cpu: cpu::process(),
        });
        if milestone != Milestone::TerritoriesShown || !self.enabled {
            return None;
        }
        Some(self.lines(&cpu::threads()))
    }

    /// The trace: wall-clock milestones, the process's CPU time at each, the phases' own CPU
    /// time and each thread's (`threads`: name and CPU time, summed by name).
    fn lines(&self, threads: &[(String, Duration)]) -> String {
        let ms = |d: Option<Duration>| d.map_or("?".to_owned(), |d| d.as_millis().to_string());
        let marks = [self.first_frame, self.ready, self.drawn, self.shown];
        let names = [
            "première image",
            "lot prêt",
            "territoires dessinés",
            "territoires à l'écran",
        ];
        let row = |title: &str, value: &dyn Fn(Option<Mark>) -> Option<Duration>| {
            let mut line = title.to_owned();
            for (name, mark) in names.iter().zip(marks) {
                line.push_str(&format!("\t{name} {}", ms(value(mark))));
            }
            line
        };
        let wall = row("démarrage (ms)", &|m| m.map(|m| m.at));
        let cpu = row("processeur (ms)", &|m| m.and_then(|m| m.cpu));
        let wall = format!("{wall}\timages {}", self.frames);
        let mut phases = format!(
            "phases, processeur (ms)\tfenêtre et rendu jusqu'à la première image {}\tchargement jusqu'au lot prêt {}",
            ms(self.window_cpu),
            ms(self.loader_cpu)
        );
        let shown_cpu = self.shown.and_then(|m| m.cpu);
        let mut per_thread = String::from("fils, processeur (ms)");
        let mut live = Duration::ZERO;
        for (name, time) in threads {
            per_thread.push_str(&format!("\t{name} {}", time.as_millis()));
            live += *time;
        }
        if let Some(total) = shown_cpu {
            phases.push_str(&format!(
                "\tpremière image jusqu'à l'écran {}",
                ms(self
                    .first_frame
                    .and_then(|m| m.cpu)
                    .map(|f| total.saturating_sub(f)))
            ));
            per_thread.push_str(&format!(
                "\tfils terminés {}",
                total.saturating_sub(live).as_millis()
            ));
        }
        format!("{wall}\n{cpu}\n{phases}\n{per_thread}")
    }
}

/// CPU time of the process and of its threads (Linux; `None` or nothing elsewhere).
mod cpu {
    use std::time::Duration;

    /// The process's CPU time (every thread, ended ones included).
    pub fn process() -> Option<Duration> {
        clock(CLOCK_PROCESS)
    }

    /// The calling thread's CPU time.
    pub fn this_thread() -> Option<Duration> {
        clock(CLOCK_THREAD)
    }

    #[cfg(target_os = "linux")]
    const CLOCK_PROCESS: libc::clockid_t = libc::CLOCK_PROCESS_CPUTIME_ID;
    #[cfg(target_os = "linux")]
    const CLOCK_THREAD: libc::clockid_t = libc::CLOCK_THREAD_CPUTIME_ID;
    #[cfg(not(target_os = "linux"))]
    const CLOCK_PROCESS: i32 = 0;
    #[cfg(not(target_os = "linux"))]
    const CLOCK_THREAD: i32 = 0;

    #[cfg(target_os = "linux")]
    fn clock(id: libc::clockid_t) -> Option<Duration> {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a valid timespec the call writes into.
        if unsafe { libc::clock_gettime(id, &raw mut t) } != 0 {
            return None;
        }
        Some(Duration::new(
            u64::try_from(t.tv_sec).ok()?,
            u32::try_from(t.tv_nsec).ok()?,
        ))
    }

    #[cfg(not(target_os = "linux"))]
    fn clock(_: i32) -> Option<Duration> {
        None
    }

    /// The live threads' CPU time summed by name (digits and separators at the end of a name
    /// dropped: a pool's threads count as one), largest first.
    pub fn threads() -> Vec<(String, Duration)> {
        let mut by_name = std::collections::BTreeMap::<String, Duration>::new();
        let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
            return Vec::new();
        };
        for task in tasks.flatten() {
            let path = task.path();
            let name = std::fs::read_to_string(path.join("comm")).unwrap_or_default();
            // schedstat: time on the CPU (ns), time waiting to run (ns), time slices.
            let Some(ns) = std::fs::read_to_string(path.join("schedstat"))
                .ok()
                .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
            else {
                continue;
            };
            *by_name.entry(pool_name(&name)).or_default() += Duration::from_nanos(ns);
        }
        let mut out: Vec<_> = by_name.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// A thread's name without its number in a pool (`llvmpipe-1` → `llvmpipe`).
    pub fn pool_name(name: &str) -> String {
        let trimmed = name
            .trim()
            .trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '-' | ':' | '_' | '.'));
        if trimmed.is_empty() {
            name.trim().to_owned()
        } else {
            trimmed.replace(' ', "_")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trace_speaks_once_the_territories_are_on_screen_and_only_when_asked() {
        let ms = Duration::from_millis;
        let mut quiet = StartupTrace::default();
        assert_eq!(quiet.note(Milestone::TerritoriesDrawn, ms(900)), None);
        assert_eq!(quiet.note(Milestone::TerritoriesShown, ms(950)), None);
        let mut on = StartupTrace {
            enabled: true,
            ..Default::default()
        };
        assert_eq!(on.note(Milestone::Frame, ms(300)), None);
        assert_eq!(on.note(Milestone::Frame, ms(350)), None);
        assert_eq!(on.note(Milestone::Ready, ms(420)), None);
        assert_eq!(on.note(Milestone::TerritoriesDrawn, ms(450)), None);
        let lines = on
            .note(Milestone::TerritoriesShown, ms(520))
            .expect("lines");
        let wall = lines.lines().next().expect("wall line");
        assert!(wall.starts_with("démarrage (ms)\t"), "{wall}");
        assert!(wall.contains("\tpremière image 300"), "{wall}");
        assert!(wall.contains("\tlot prêt 420"), "{wall}");
        assert!(wall.contains("\tterritoires dessinés 450"), "{wall}");
        assert!(wall.contains("\tterritoires à l'écran 520\t"), "{wall}");
        assert!(wall.ends_with("\timages 0"), "{wall}");
        assert!(
            lines.contains("\nprocesseur (ms)\tpremière image "),
            "{lines}"
        );
        assert!(lines.contains("\nfils, processeur (ms)"), "{lines}");
        assert_eq!(on.note(Milestone::TerritoriesShown, ms(600)), None);
    }

    #[test]
    fn threads_of_a_pool_count_under_one_name() {
        assert_eq!(cpu::pool_name("llvmpipe-12\n"), "llvmpipe");
        assert_eq!(cpu::pool_name("tokio-runtime-w"), "tokio-runtime-w");
        assert_eq!(cpu::pool_name("chargement-donn"), "chargement-donn");
        assert_eq!(cpu::pool_name("lvp_queue:0"), "lvp_queue");
        assert_eq!(cpu::pool_name("42"), "42");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_has_cpu_time_and_named_threads() {
        let spin = Instant::now();
        let mut x = 0u64;
        while spin.elapsed() < Duration::from_millis(20) {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        assert!(cpu::process().is_some_and(|d| d > Duration::ZERO));
        assert!(cpu::this_thread().is_some_and(|d| d > Duration::ZERO));
        assert!(!cpu::threads().is_empty());
    }
}
