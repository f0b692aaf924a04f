//! What the real-data tests share: the embedded bundle loaded once per test binary, and the
//! tables built from it.
#![allow(dead_code)] // each test binary uses its own subset

pub mod annotations;
pub mod app;
pub mod cli;
pub mod golden;

use std::sync::OnceLock;

use ti_atlas::carto::MapScene;
use ti_atlas::io::bundle;
use ti_atlas::model::indicators::IndicatorTable;
use ti_atlas::model::indicators::reference::ReferenceTable;
use ti_atlas::model::{Dataset, Generation};

/// The embedded bundle.
pub fn dataset() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| bundle::load_embedded().expect("bundle").0)
}

/// The indicators of the 2023-2027 territories.
pub fn table() -> &'static IndicatorTable {
    static TABLE: OnceLock<IndicatorTable> = OnceLock::new();
    TABLE.get_or_init(|| IndicatorTable::territories(dataset(), Generation::Temps2))
}

/// Région and France values.
pub fn references() -> &'static ReferenceTable {
    static REFS: OnceLock<ReferenceTable> = OnceLock::new();
    REFS.get_or_init(|| ReferenceTable::build(dataset()))
}

/// Every layer as the composition sees it.
pub fn scene() -> &'static MapScene {
    static SCENE: OnceLock<MapScene> = OnceLock::new();
    SCENE.get_or_init(|| MapScene::from_dataset(dataset()))
}

/// The public sources the bundle is built from (`../shared/sources`, next to the checkout).
/// Tests that compare with them fail when they are missing: CI has them.
pub fn sources_dir() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sources");
    assert!(
        dir.is_dir(),
        "les sources publiques sont introuvables ({}) : ce test compare le lot à elles",
        dir.display()
    );
    dir
}

/// The bundle with the fixtures' action plan (`plan-actions.xlsx`, sheet "actions") and DGE
/// projects (`projets-dge.csv`) imported as the app imports them, on `date`.
pub fn with_plan_and_projects(date: &str) -> (Dataset, ti_atlas::model::imports::Imports) {
    use ti_atlas::io::import::{ImportKind, absorb, import_file};
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let mut ds = dataset().clone();
    let locator = ti_atlas::model::imports::projects::TerritoryLocator::build(&ds);
    let mut imports = ti_atlas::model::imports::Imports::default();
    for (file, sheet) in [
        ("plan-actions.xlsx", Some("actions")),
        ("projets-dge.csv", None),
    ] {
        let (imported, _) =
            import_file(&fixtures.join(file), sheet, ImportKind::Auto, &ds, &locator)
                .expect("import");
        absorb(&mut imports, &mut ds.tables.sources, imported, date);
    }
    (ds, imports)
}

/// Fails with every layout violation found, one a line.
pub fn assert_no_violation(violations: Vec<String>) {
    assert!(
        violations.is_empty(),
        "{} violation(s) :\n{}",
        violations.len(),
        violations.join("\n")
    );
}
