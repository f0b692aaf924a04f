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

/// Runs `f`, turning a panic into its message: the last guard of work on the user's files, so a
/// bug on one file costs that file, not the session (the panic is still printed on stderr).
pub fn catch_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "cause inconnue".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message() {
        assert_eq!(catch_panic(|| 2 + 2), Ok(4));
        let v: Vec<u8> = Vec::new();
        let e = catch_panic(|| v[3]).unwrap_err();
        assert!(e.contains("index out of bounds"), "{e}");
        assert_eq!(
            catch_panic(|| -> u8 { panic!("lecteur : {}", 7) }),
            Err("lecteur : 7".into())
        );
    }
}
