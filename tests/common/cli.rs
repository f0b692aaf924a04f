//! The `ti-atlas` binary run as a user runs it, what it printed, and a fresh scratch folder per
//! test.

use std::path::PathBuf;
use std::process::Output;

/// Runs `ti-atlas` with `args`.
pub fn ti_atlas(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_ti-atlas"))
        .args(args)
        .output()
        .expect("ti-atlas runs")
}

/// What it wrote on standard error.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// What it wrote on standard output.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A fresh, empty folder for one test (`prefix` names the test file).
pub fn scratch(prefix: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ti-atlas-{prefix}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}
