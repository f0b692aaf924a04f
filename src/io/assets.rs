//! Where the files of assets/ are at run time.

use std::path::{Path, PathBuf};

/// The assets directory: `$TI_ATLAS_ASSETS`, else `assets/` next to the executable or up to
/// three levels above it (cargo's target/{debug,release}/), else the source tree's.
pub fn assets_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("TI_ATLAS_ASSETS") {
        return PathBuf::from(dir);
    }
    if let Ok(exe) = std::env::current_exe() {
        let mut dir: Option<&Path> = exe.parent();
        for _ in 0..4 {
            let Some(d) = dir else { break };
            let candidate = d.join("assets");
            if candidate.join("basemap").is_dir() {
                return candidate;
            }
            dir = d.parent();
        }
    }
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/assets"))
}

pub fn basemap_path() -> PathBuf {
    assets_dir().join("basemap/france.pmtiles")
}

pub fn basemap_style_path() -> PathBuf {
    assets_dir().join("styles/basemap.json")
}
