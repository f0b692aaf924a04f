//! One-shot background jobs of the app (imports, exports, file dialogs): each runs on a named
//! thread, sends its single result on a bounded channel and wakes the UI.

use std::sync::mpsc::{Receiver, sync_channel};

/// Runs `job` on a thread named `name`; the result arrives on the receiver.
pub fn spawn_job<T: Send + 'static>(
    name: &str,
    ctx: &egui::Context,
    job: impl FnOnce() -> T + Send + 'static,
) -> std::io::Result<Receiver<T>> {
    let (tx, rx) = sync_channel(1);
    let ctx = ctx.clone();
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            let _ = tx.send(job());
            ctx.request_repaint();
        })?;
    Ok(rx)
}
