//! Undo and redo (Ctrl+Z, Ctrl+Maj+Z, menu Édition): the states the user left behind, most
//! recent last. A burst of changes of one kind (a slider dragged, a name typed letter by letter)
//! is one step: a change that follows the previous one within [`BURST`] and says it belongs to
//! the same burst replaces nothing on the stack. Pure: the app says when, and what the state was.

use std::time::{Duration, Instant};

/// Changes closer than this, of the same kind, undo together.
pub const BURST: Duration = Duration::from_millis(800);

/// Most steps kept (the oldest go first).
pub const MAX_STEPS: usize = 100;

/// The states to go back to and forth.
#[derive(Debug)]
pub struct History<T> {
    undo: Vec<T>,
    redo: Vec<T>,
    /// When and of what kind the last recorded change was (for bursts).
    last: Option<(Instant, &'static str)>,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            last: None,
        }
    }
}

impl<T: PartialEq> History<T> {
    /// Records that the state `before` is being left by a change of `kind` at `now`. Nothing
    /// is recorded for a change that changes nothing, or continues the same burst. A new change
    /// forgets what could be redone.
    pub fn record(&mut self, before: T, after: &T, kind: &'static str, now: Instant) {
        if before == *after {
            return;
        }
        let same_burst = self
            .last
            .is_some_and(|(at, k)| k == kind && now.saturating_duration_since(at) < BURST);
        self.last = Some((now, kind));
        self.redo.clear();
        if same_burst && !self.undo.is_empty() {
            return;
        }
        self.undo.push(before);
        if self.undo.len() > MAX_STEPS {
            self.undo.remove(0);
        }
    }

    /// Records a change that is a step of its own whatever came just before (an annotation
    /// added or deleted, an element dropped on the page): never joined to a burst, and the
    /// next change does not join it either.
    pub fn record_alone(&mut self, before: T, after: &T) {
        if before == *after {
            return;
        }
        self.last = None;
        self.redo.clear();
        self.undo.push(before);
        if self.undo.len() > MAX_STEPS {
            self.undo.remove(0);
        }
    }

    /// The state to go back to, given the current one (kept for redo).
    pub fn undo(&mut self, current: T) -> Option<T> {
        let previous = self.undo.pop()?;
        self.redo.push(current);
        self.last = None;
        Some(previous)
    }

    /// The state undone last, given the current one (kept for undo).
    pub fn redo(&mut self, current: T) -> Option<T> {
        let next = self.redo.pop()?;
        self.undo.push(current);
        self.last = None;
        Some(next)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Forgets everything (a project opened: its past is not this map's).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.last = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_and_redo_walk_the_states_back_and_forth() {
        let mut h = History::default();
        let t0 = Instant::now();
        let later = |s: u64| t0 + Duration::from_secs(s);
        h.record(1, &2, "classes", t0);
        h.record(2, &3, "palette", later(5));
        assert_eq!(h.undo(3), Some(2));
        assert_eq!(h.undo(2), Some(1));
        assert_eq!(h.undo(1), None);
        assert_eq!(h.redo(1), Some(2));
        assert_eq!(h.redo(2), Some(3));
        assert_eq!(h.redo(3), None);
        assert!(h.can_undo() && !h.can_redo());
    }

    #[test]
    fn a_burst_of_one_kind_is_one_step_and_a_new_change_forgets_the_redo() {
        let mut h = History::default();
        let t0 = Instant::now();
        // A slider dragged through 2, 3, 4 in 300 ms: one step back to 1.
        h.record(1, &2, "rayon", t0);
        h.record(2, &3, "rayon", t0 + Duration::from_millis(150));
        h.record(3, &4, "rayon", t0 + Duration::from_millis(300));
        assert_eq!(h.undo(4), Some(1));
        assert!(!h.can_undo());
        // Another kind right after is its own step.
        let mut h = History::default();
        h.record(1, &2, "rayon", t0);
        h.record(2, &3, "palette", t0 + Duration::from_millis(100));
        assert_eq!(h.undo(3), Some(2));
        // A change after an undo drops what could be redone.
        h.record(2, &5, "classes", t0 + Duration::from_secs(3));
        assert!(!h.can_redo());
        assert_eq!(h.undo(5), Some(2));
    }

    #[test]
    fn a_change_that_changes_nothing_is_not_a_step_and_old_steps_go_first() {
        let mut h = History::default();
        let t0 = Instant::now();
        h.record(1, &1, "classes", t0);
        assert!(!h.can_undo());
        for i in 0..(MAX_STEPS as u64 + 10) {
            h.record(i, &(i + 1), "classes", t0 + Duration::from_secs(i * 2));
        }
        let mut steps = 0;
        let mut current = MAX_STEPS as u64 + 10;
        while let Some(previous) = h.undo(current) {
            current = previous;
            steps += 1;
        }
        assert_eq!(steps, MAX_STEPS);
        assert_eq!(current, 10, "the oldest states went first");
    }
}
