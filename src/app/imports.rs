//! Importing the user's files off the UI thread, remembering them in the settings, and applying
//! what they bring to the loaded data (sources, indicator table). At start, the remembered files
//! (at most [`MAX_REMEMBERED`]) are read again by a small pool of threads; those missing (an
//! unplugged USB stick) stay remembered, marked absent, with one grouped notice, until the user
//! removes them. Every file read is registered as an input: no output may replace it.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::import_marker::ImportMarker;
use super::loader::Loaded;
use crate::format::today_fr;
use crate::io::import::{
    ImportKind, ImportReport, Imported, LAYER_SOURCE_PREFIX, absorb, import_file_with,
};
use crate::io::vector::VectorLayer;
use crate::map::LayerMeshes;
use crate::model::imports::attribute_table::AttributeTable;
use crate::model::imports::projects::TerritoryLocator;
use crate::model::imports::{Imports, SOURCE_PLAN, SOURCE_PROJECTS};
use crate::model::indicators::IndicatorTable;
use crate::model::{Dataset, Generation, Level};

/// A file the user imported, reloaded at the next start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedFile {
    pub path: PathBuf,
    pub kind: ImportKind,
    #[serde(default)]
    pub sheet: Option<String>,
    /// The user's headers tied to the template's fields (field, header), when the file's are
    /// not the template's (the import tab's "Colonnes" step, `--columns` on the command line).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<(String, String)>,
    /// The user's answers to the rows "à vérifier" of a join by names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<crate::model::imports::name_match::NameChoices>,
}

/// A layer the user imported: drawn over the map, its attributes browsable.
pub struct UserLayerData {
    /// Its polygons and names, as the composition draws them.
    pub spec: crate::carto::UserLayer,
    pub attributes: AttributeTable,
}

/// A user's layer as read on the import thread, with its tessellated meshes.
pub struct UserLayerBuilt {
    pub data: UserLayerData,
    pub meshes: LayerMeshes,
}

impl UserLayerBuilt {
    pub fn into_parts(self) -> (UserLayerData, LayerMeshes) {
        (self.data, self.meshes)
    }
}

/// The result of one import.
pub enum ImportOutcome {
    Done {
        file: ImportedFile,
        imported: Box<Imported>,
        report: Box<ImportReport>,
        /// For a vector layer: its polygons, tessellated on the import thread, and attributes.
        drawn: Option<Box<UserLayerBuilt>>,
    },
    Failed {
        file: ImportedFile,
        error: String,
    },
}

/// Reads a file on a named thread; the outcome arrives on the receiver. With a marker, the file
/// is listed as being read for the duration (see [`ImportMarker`]); a panic in the reader is
/// caught and reported as a failed import.
pub fn spawn_import(
    file: ImportedFile,
    dataset: Arc<Dataset>,
    marker: Option<ImportMarker>,
    ctx: egui::Context,
) -> Option<Receiver<ImportOutcome>> {
    let spawned = super::jobs::spawn_job("import-fichier", &ctx, move || {
        read_outcome(file, &dataset, marker.as_ref())
    });
    match spawned {
        Ok(rx) => Some(rx),
        Err(e) => {
            log::error!("thread d'import impossible : {e}");
            None
        }
    }
}

/// Threads that read the remembered files at start.
const RESTORE_THREADS: usize = 2;

/// Reads the remembered files on a pool of [`RESTORE_THREADS`] named threads (not one thread
/// per file); every outcome arrives on the one receiver, which disconnects when all are read.
pub fn spawn_restore(
    files: Vec<ImportedFile>,
    dataset: Arc<Dataset>,
    marker: Option<ImportMarker>,
    ctx: egui::Context,
) -> Option<Receiver<ImportOutcome>> {
    if files.is_empty() {
        return None;
    }
    let queue = Arc::new(Mutex::new(VecDeque::from(files)));
    let (tx, rx) = sync_channel(RESTORE_THREADS);
    let mut started = false;
    for i in 0..RESTORE_THREADS {
        let (queue, tx, dataset, marker, ctx) = (
            Arc::clone(&queue),
            tx.clone(),
            Arc::clone(&dataset),
            marker.clone(),
            ctx.clone(),
        );
        let spawned = std::thread::Builder::new()
            .name(format!("rechargement-imports-{i}"))
            .spawn(move || {
                loop {
                    let next = queue
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .pop_front();
                    let Some(file) = next else { break };
                    if tx
                        .send(read_outcome(file, &dataset, marker.as_ref()))
                        .is_err()
                    {
                        break;
                    }
                    ctx.request_repaint();
                }
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => started = true,
            Err(e) => log::error!("thread de rechargement impossible : {e}"),
        }
    }
    started.then_some(rx)
}

/// Reads one file (listed as being read by the marker for the duration; a panic caught).
fn read_outcome(
    file: ImportedFile,
    dataset: &Dataset,
    marker: Option<&ImportMarker>,
) -> ImportOutcome {
    crate::io::output::protect(&file.path, crate::io::output::Role::Input);
    if let Some(m) = marker
        && let Err(e) = m.begin(&file.path)
    {
        log::warn!("liste des imports en cours non écrite : {e}");
    }
    let outcome = super::jobs::catch_panic(|| read(&file, dataset));
    if let Some(m) = marker {
        m.end(&file.path);
    }
    match outcome {
        Ok(Ok((imported, report, drawn))) => ImportOutcome::Done {
            file,
            imported: Box::new(imported),
            report: Box::new(report),
            drawn,
        },
        Ok(Err(error)) => ImportOutcome::Failed { file, error },
        Err(panic) => ImportOutcome::Failed {
            error: format!(
                "{} : erreur interne pendant la lecture, fichier non importé (l'application \
                 continue ; merci de signaler ce fichier) (panique : {panic})",
                file_label(&file.path)
            ),
            file,
        },
    }
}

/// Most files remembered between sessions: beyond, the oldest are forgotten (with a notice).
pub const MAX_REMEMBERED: usize = 200;

/// Keeps the remembered list sane: one entry per file (the latest), at most [`MAX_REMEMBERED`]
/// (the most recent). A French notice when entries were dropped.
pub fn cap_remembered(remembered: &mut Vec<ImportedFile>) -> Option<String> {
    let before = remembered.len();
    let mut seen = std::collections::HashSet::new();
    let mut kept: Vec<ImportedFile> = Vec::new();
    // From the most recent: the first occurrence of a path is its latest.
    for file in remembered.drain(..).rev() {
        if kept.len() < MAX_REMEMBERED && seen.insert(file.path.clone()) {
            kept.push(file);
        }
    }
    kept.reverse();
    *remembered = kept;
    let dropped = before - remembered.len();
    (dropped > 0).then(|| {
        format!(
            "Fichiers importés : {} entrée(s) en double ou au-delà des {MAX_REMEMBERED} plus \
             récentes retirée(s) de la liste rechargée au démarrage.",
            crate::format::int_fr(dropped as u64)
        )
    })
}

/// The remembered files to read again, those missing, and one notice for all the missing.
pub struct Restore {
    pub present: Vec<ImportedFile>,
    pub absent: Vec<PathBuf>,
    pub notice: Option<String>,
}

/// Files named one by one in the notice of missing files (then "et N autres").
const MISSING_NAMED: usize = 5;

/// Splits the remembered files into those present and those missing; registers all of them as
/// inputs (a missing file may come back: an output must not take its name meanwhile).
pub fn plan_restore(remembered: &[ImportedFile]) -> Restore {
    let mut present = Vec::new();
    let mut absent = Vec::new();
    for file in remembered {
        crate::io::output::protect(&file.path, crate::io::output::Role::Input);
        if file.path.exists() {
            present.push(file.clone());
        } else {
            absent.push(file.path.clone());
        }
    }
    let notice = (!absent.is_empty()).then(|| missing_notice(&absent));
    Restore {
        present,
        absent,
        notice,
    }
}

/// One notice for every remembered file missing at start.
pub fn missing_notice(absent: &[PathBuf]) -> String {
    let mut named: Vec<String> = absent
        .iter()
        .take(MISSING_NAMED)
        .map(|p| p.display().to_string())
        .collect();
    if absent.len() > MISSING_NAMED {
        named.push(format!(
            "et {} autre(s)",
            crate::format::int_fr((absent.len() - MISSING_NAMED) as u64)
        ));
    }
    format!(
        "{} fichier(s) importé(s) introuvable(s) (déplacé, supprimé ou sur un support débranché ?) \
         : {}. Ils restent mémorisés, marqués absents (Fichier > Importer… > Retirer pour les oublier), \
         et seront recherchés au prochain démarrage.",
        crate::format::int_fr(absent.len() as u64),
        named.join(", ")
    )
}

type Read = (Imported, ImportReport, Option<Box<UserLayerBuilt>>);

/// Reads and recognises the file; for a layer, tessellates it too.
fn read(file: &ImportedFile, dataset: &Dataset) -> Result<Read, String> {
    let locator = TerritoryLocator::build(dataset);
    let read = match &file.names {
        // The user's answers to a join by names: the table read with the chosen codes in
        // its name column.
        Some(choices) if file.kind != ImportKind::Layer => {
            read_with_choices(file, choices, dataset, &locator)
        }
        _ => import_file_with(
            &file.path,
            file.sheet.as_deref(),
            file.kind,
            dataset,
            &locator,
            &file.columns,
        ),
    };
    let (imported, report) = read.map_err(|e| crate::io::error_fr::chain_fr(&e))?;
    let drawn = match &imported {
        Imported::Layer(layer, _) => Some(Box::new(user_layer(layer))),
        _ => None,
    };
    Ok((imported, report, drawn))
}

/// A table read with the user's answers to its join by names: each chosen code written in the
/// name column (read as a code), the report saying how many.
fn read_with_choices(
    file: &ImportedFile,
    choices: &crate::model::imports::name_match::NameChoices,
    dataset: &Dataset,
    locator: &TerritoryLocator,
) -> Result<(Imported, ImportReport), crate::io::import::ImportError> {
    let table = crate::io::table::read_table(&file.path, file.sheet.as_deref())?;
    let chosen = table.with_cells_replaced(&choices.column, &choices.rows);
    let (imported, mut report) = crate::io::import::import_table_with(
        chosen.as_ref().unwrap_or(&table),
        file.kind,
        dataset,
        locator,
        &file.columns,
    )?;
    report.notes.insert(
        0,
        match chosen {
            Some(_) => format!(
                "{} ligne(s) jointe(s) selon vos choix (colonne « {} »)",
                choices.rows.len(),
                choices.column
            ),
            None => format!(
                "vos choix n'ont pas été appliqués : la colonne « {} » n'est plus dans le fichier",
                choices.column
            ),
        },
    );
    Ok((imported, report))
}

fn file_label(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// At start, before the remembered files are read again: a file the last session was reading
/// when it stopped is taken out of the remembered list (it would stop this session too); one
/// French notice each.
pub fn forget_interrupted(
    remembered: &mut Vec<ImportedFile>,
    marker: &ImportMarker,
) -> Vec<String> {
    let interrupted = marker.take_interrupted();
    let mut notices = Vec::new();
    for path in interrupted {
        let was_remembered = remembered.iter().any(|f| f.path == path);
        remembered.retain(|f| f.path != path);
        notices.push(if was_remembered {
            format!(
                "{} n'a pas été rechargé : l'application s'est arrêtée pendant sa lecture lors de \
                 la dernière session. Il est retiré des fichiers rechargés au démarrage ; \
                 réimportez-le (Fichier > Importer…) une fois vérifié.",
                path.display()
            )
        } else {
            format!(
                "L'application s'est arrêtée pendant la lecture de {} lors de la dernière \
                 session : ce fichier n'est pas importé ; vérifiez-le avant de le réimporter.",
                path.display()
            )
        });
    }
    notices
}

/// The polygons of a user's layer, outlined over the map (labels from a name-like field).
pub fn user_layer(layer: &VectorLayer) -> UserLayerBuilt {
    let polygons = layer.polygons();
    let meshes = LayerMeshes::build(polygons.iter().map(|p| vec![p.clone()]).collect(), false);
    UserLayerBuilt {
        data: UserLayerData {
            spec: crate::carto::UserLayer::new(&layer.name, polygons, layer.labels()),
            attributes: layer.attribute_table(),
        },
        meshes,
    }
}
/// Puts what a file brought into the imports and the loaded data: its source (with the import
/// date) and the 2023-2027 indicator table recomputed. Returns the kind actually imported.
pub fn apply(loaded: &mut Loaded, imports: &mut Imports, imported: Imported) -> ImportKind {
    let dataset = Arc::make_mut(&mut loaded.dataset);
    let kind = absorb(imports, &mut dataset.tables.sources, imported, &today_fr());
    refresh_tables(loaded, imports);
    kind
}

/// Forgets an import (the file stays where it is).
pub fn remove(loaded: &mut Loaded, imports: &mut Imports, kind: ImportKind) {
    let id = match kind {
        ImportKind::Plan => {
            imports.plan = None;
            SOURCE_PLAN
        }
        ImportKind::Projects => {
            imports.projects = None;
            SOURCE_PROJECTS
        }
        ImportKind::Table | ImportKind::Layer => {
            let from_layer = kind == ImportKind::Layer;
            let (removed, kept): (Vec<_>, Vec<_>) = imports
                .tables
                .drain(..)
                .partition(|t| t.source_id.starts_with(LAYER_SOURCE_PREFIX) == from_layer);
            imports.tables = kept;
            let ids: Vec<String> = removed.into_iter().map(|t| t.source_id).collect();
            Arc::make_mut(&mut loaded.dataset)
                .tables
                .sources
                .retain(|s| !ids.contains(&s.id));
            ""
        }
        ImportKind::Auto => return,
    };
    Arc::make_mut(&mut loaded.dataset)
        .tables
        .sources
        .retain(|s| s.id != id);
    refresh_tables(loaded, imports);
}

/// Recomputes every maille's indicator table with the imported series.
pub fn refresh_tables(loaded: &mut Loaded, imports: &Imports) {
    let table = IndicatorTable::territories_with(&loaded.dataset, Generation::Temps2, imports);
    if let Some(first) = loaded.tables.first_mut() {
        *first = table;
    }
    if let Some(indexes) = loaded.indexes.as_mut() {
        indexes.epci_table = IndicatorTable::for_level_with(&loaded.dataset, Level::Epci, imports);
        indexes.departement_table =
            IndicatorTable::for_level_with(&loaded.dataset, Level::Departement, imports);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_the_last_session_died_reading_is_forgotten_with_a_notice() {
        let dir = std::env::temp_dir().join(format!("ti-atlas-interrompu-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let marker = ImportMarker::next_to(&dir.join("reglages.json"));
        let file = |name: &str| ImportedFile {
            path: dir.join(name),
            kind: ImportKind::Table,
            sheet: None,
            columns: Vec::new(),
            names: None,
        };
        let mut remembered = vec![file("bon.csv"), file("geant.xlsx")];
        marker.begin(&dir.join("geant.xlsx")).expect("listed");
        let notices = forget_interrupted(&mut remembered, &marker);
        assert_eq!(remembered, vec![file("bon.csv")]);
        assert_eq!(notices.len(), 1);
        assert!(
            notices[0].contains("geant.xlsx n'a pas été rechargé"),
            "{}",
            notices[0]
        );
        // The next start is clean: nothing listed, nothing more forgotten.
        assert!(forget_interrupted(&mut remembered, &marker).is_empty());
        assert_eq!(remembered.len(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn remembered(dir: &Path, name: &str, kind: ImportKind) -> ImportedFile {
        ImportedFile {
            path: dir.join(name),
            kind,
            sheet: None,
            columns: Vec::new(),
            names: None,
        }
    }

    #[test]
    fn missing_files_stay_remembered_with_one_notice() {
        let dir = std::env::temp_dir().join(format!("ti-atlas-absents-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("present.csv"), b"x").expect("write");
        let mut list = vec![remembered(&dir, "present.csv", ImportKind::Table)];
        for i in 0..2_000 {
            list.push(remembered(
                &dir,
                &format!("cle-usb-{i}.csv"),
                ImportKind::Table,
            ));
        }
        let restore = plan_restore(&list);
        assert_eq!(restore.present.len(), 1);
        assert_eq!(restore.absent.len(), 2_000);
        let notice = restore.notice.expect("one notice");
        let n = crate::format::int_fr;
        assert!(
            notice.starts_with(&format!(
                "{} fichier(s) importé(s) introuvable(s)",
                n(2_000)
            )),
            "{notice}"
        );
        assert!(
            notice.contains("cle-usb-4.csv") && !notice.contains("cle-usb-5.csv"),
            "{notice}"
        );
        assert!(
            notice.contains(&format!("et {} autre(s)", n(1_995))),
            "{notice}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_huge_remembered_list_is_capped() {
        let dir = PathBuf::from("/nulle-part");
        let mut list: Vec<ImportedFile> = (0..200_000)
            .map(|i| remembered(&dir, &format!("f{}.csv", i % 150_000), ImportKind::Table))
            .collect();
        let notice = cap_remembered(&mut list).expect("a notice");
        assert_eq!(list.len(), MAX_REMEMBERED);
        let dropped = crate::format::int_fr(199_800);
        assert!(notice.contains(&format!("{dropped} entrée(s)")), "{notice}");
        // The most recent are kept, in their order.
        assert_eq!(list.last().expect("one").path, dir.join("f49999.csv"));
        let mut small = vec![remembered(&dir, "a.csv", ImportKind::Plan)];
        assert_eq!(cap_remembered(&mut small), None);
    }
}
