//! Where the files of assets/ (offline basemap, its style, templates) are at run time.
//!
//! Looked for, in this order, in the first folder that holds the basemap:
//! 1. `$TI_ATLAS_ASSETS`;
//! 2. `assets/` next to the executable, or up to three folders above it (cargo's
//!    `target/release/`, `target/release/deps/` for the tests);
//! 3. `/usr/share/ti-atlas` (the Debian package);
//! 4. the source tree the binary was built from.
//!
//! When none holds it, the app and the exports draw the territories on a plain background and
//! say so once ([`Assets::missing_message`]).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The environment variable that names an assets folder.
pub const ENV_VAR: &str = "TI_ATLAS_ASSETS";
/// Where the Debian package installs the assets.
pub const SYSTEM_DIR: &str = "/usr/share/ti-atlas";
/// The basemap, relative to an assets folder.
pub const BASEMAP_FILE: &str = "basemap/france.pmtiles";
/// The basemap's style, relative to an assets folder.
pub const STYLE_FILE: &str = "styles/basemap.json";

/// The result of the lookup: the folder found, or every folder tried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Assets {
    Found(PathBuf),
    Missing { tried: Vec<PathBuf> },
}

impl Assets {
    /// The folder found, if any.
    pub fn dir(&self) -> Option<&Path> {
        match self {
            Assets::Found(dir) => Some(dir),
            Assets::Missing { .. } => None,
        }
    }

    /// What the user reads when no folder holds the basemap (French, says what to do).
    pub fn missing_message(&self) -> Option<String> {
        let Assets::Missing { tried } = self else {
            return None;
        };
        let tried: Vec<String> = tried.iter().map(|p| p.display().to_string()).collect();
        Some(format!(
            "fond de carte hors ligne introuvable : les territoires sont dessinés sur un fond uni. \
             Réinstallez le paquet ti-atlas ou indiquez le dossier des ressources dans la variable \
             {ENV_VAR} (dossiers essayés : {})",
            tried.join(", ")
        ))
    }
}

/// The folders to try, in order (see the module's documentation).
pub fn candidates(env_dir: Option<&Path>, exe: Option<&Path>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(dir) = env_dir {
        out.push(dir.to_path_buf());
    }
    let mut dir = exe.and_then(Path::parent);
    for _ in 0..4 {
        let Some(d) = dir else { break };
        out.push(d.join("assets"));
        dir = d.parent();
    }
    out.push(PathBuf::from(SYSTEM_DIR));
    out.push(PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets"
    )));
    out.dedup();
    out
}

/// The first candidate holding the basemap.
pub fn locate(candidates: Vec<PathBuf>) -> Assets {
    match candidates
        .iter()
        .position(|dir| dir.join(BASEMAP_FILE).is_file())
    {
        Some(i) => Assets::Found(candidates[i].clone()),
        None => Assets::Missing { tried: candidates },
    }
}

/// The assets of this process, looked up once.
pub fn assets() -> &'static Assets {
    static ASSETS: OnceLock<Assets> = OnceLock::new();
    ASSETS.get_or_init(|| {
        let env_dir = std::env::var_os(ENV_VAR).map(PathBuf::from);
        let exe = std::env::current_exe().ok();
        locate(candidates(env_dir.as_deref(), exe.as_deref()))
    })
}

/// The basemap archive, if an assets folder holds it.
pub fn basemap_path() -> Option<PathBuf> {
    assets().dir().map(|d| d.join(BASEMAP_FILE))
}

/// The basemap's style in the folder that holds the basemap.
pub fn basemap_style_path() -> Option<PathBuf> {
    assets().dir().map(|d| d.join(STYLE_FILE))
}

/// Where the action-plan template is, for the import window: "<assets>/templates/plan-actions
/// (.csv, .xlsx)" in the folder found, else the repository's path.
pub fn plan_template_hint() -> String {
    let dir = assets()
        .dir()
        .map_or_else(|| PathBuf::from("assets"), Path::to_path_buf);
    format!(
        "{} (.csv, .xlsx)",
        dir.join("templates/plan-actions").display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with_basemap(root: &Path, name: &str) -> PathBuf {
        let dir = root.join(name);
        let Some(parent) = dir.join(BASEMAP_FILE).parent().map(Path::to_path_buf) else {
            panic!("the basemap file has a parent folder");
        };
        std::fs::create_dir_all(parent).expect("temporary folder");
        std::fs::write(dir.join(BASEMAP_FILE), b"x").expect("temporary file");
        dir
    }

    fn temp_root(test: &str) -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("ti-atlas-assets-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("temporary folder");
        root
    }

    #[test]
    fn order_is_env_then_beside_the_executable_then_system_then_source_tree() {
        let c = candidates(
            Some(Path::new("/opt/mes-ressources")),
            Some(Path::new("/home/u/ti/target/release/ti-atlas")),
        );
        let expected: Vec<PathBuf> = [
            "/opt/mes-ressources",
            "/home/u/ti/target/release/assets",
            "/home/u/ti/target/assets",
            "/home/u/ti/assets",
            "/home/u/assets",
            SYSTEM_DIR,
            concat!(env!("CARGO_MANIFEST_DIR"), "/assets"),
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(c, expected);
    }

    #[test]
    fn without_env_or_executable_the_system_folder_comes_first() {
        let c = candidates(None, None);
        assert_eq!(c[0], PathBuf::from(SYSTEM_DIR));
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn the_first_folder_holding_the_basemap_wins() {
        let root = temp_root("first");
        let empty = root.join("vide");
        std::fs::create_dir_all(&empty).expect("temporary folder");
        let second = folder_with_basemap(&root, "deuxieme");
        let third = folder_with_basemap(&root, "troisieme");
        let found = locate(vec![empty, second.clone(), third]);
        assert_eq!(found, Assets::Found(second));
        assert_eq!(found.missing_message(), None);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn none_holding_the_basemap_lists_the_folders_tried_in_french() {
        let root = temp_root("none");
        let a = root.join("a");
        let b = root.join("b");
        let found = locate(vec![a.clone(), b.clone()]);
        assert_eq!(found.dir(), None);
        let message = found.missing_message().expect("a message");
        assert!(message.starts_with("fond de carte hors ligne introuvable"));
        assert!(message.contains("fond uni"));
        assert!(message.contains(ENV_VAR));
        assert!(message.contains(&a.display().to_string()));
        assert!(message.contains(&b.display().to_string()));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn this_test_binary_finds_the_source_tree_assets() {
        // target/<profile>/deps/<test binary>: the cargo layout's fourth folder up is the
        // source tree, so the tests see the committed basemap.
        let Assets::Found(dir) = assets() else {
            panic!("the source tree's assets are found");
        };
        assert!(dir.join(BASEMAP_FILE).is_file());
        assert!(dir.join(STYLE_FILE).is_file());
    }
}
