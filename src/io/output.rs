//! The one door every output goes through (exports, reports, CSV of rejects, `compare --csv`,
//! the settings, saved views, files saved from the app): a user's file is never replaced by
//! mistake.
//!
//! - An output is never an input of the run: the path written (after following symbolic links
//!   and resolving its folder) is compared with every file the run reads — the files given to
//!   `--import` or to `import`, a shapefile's .shp/.shx/.dbf/.prj/.cpg, the files the app imported
//!   or remembers, the app's settings — by name and, when both exist, by device and inode (a hard
//!   link is the same file).
//! - Its extension says what is written (`export sheet --out f.png` is refused), and an existing
//!   file of another type (a PDF, a PNG, a workbook…) is never replaced: its first bytes are read
//!   to know.
//! - A symbolic link is written through: its target is replaced atomically, the link stays
//!   ([`super::atomic::write_atomic`]).
//!
//! The inputs are registered once ([`protect`]) by the command line and the app, so no writer
//! can forget them.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::atomic::{WriteError, resolve_links, write_atomic};

/// What an output holds: it decides the extensions accepted and the existing files it may
/// replace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    /// A CSV table (Excel, « ; »).
    Csv,
    Pdf,
    Png,
    Svg,
    Json,
    /// An XLSX workbook (the plan template).
    Xlsx,
    /// A plain text list (the app's own small files).
    Text,
    /// A GeoPackage layer (an SQLite database).
    GeoPackage,
    /// A GeoJSON layer.
    GeoJson,
    /// A shapefile's geometry, index or attribute table (.shp, .shx, .dbf).
    ShapefilePart,
    /// What goes beside a layer: its projection (.prj), encoding (.cpg), styles (.qml, .sld)
    /// and the mapping of its field names (.csv).
    LayerSidecar,
    /// A ti-atlas project (`.tiatlas`, a ZIP archive).
    Project,
}

impl OutputKind {
    /// The kind for an SVG/PNG/PDF export format.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            OutputKind::Csv => &["csv", "txt"],
            OutputKind::Pdf => &["pdf"],
            OutputKind::Png => &["png"],
            OutputKind::Svg => &["svg"],
            OutputKind::Json => &["json"],
            OutputKind::Xlsx => &["xlsx"],
            OutputKind::Text => &["txt"],
            OutputKind::GeoPackage => &["gpkg"],
            OutputKind::GeoJson => &["geojson", "json"],
            OutputKind::ShapefilePart => &["shp", "shx", "dbf"],
            OutputKind::LayerSidecar => &["prj", "cpg", "qml", "sld", "csv"],
            OutputKind::Project => &["tiatlas"],
        }
    }

    /// How it is named in a message ("un PDF").
    pub fn name_fr(self) -> &'static str {
        match self {
            OutputKind::Csv => "un tableau CSV",
            OutputKind::Pdf => "un PDF",
            OutputKind::Png => "une image PNG",
            OutputKind::Svg => "une image SVG",
            OutputKind::Json => "un fichier JSON",
            OutputKind::Xlsx => "un classeur XLSX",
            OutputKind::Text => "un fichier texte",
            OutputKind::GeoPackage => "une couche GeoPackage",
            OutputKind::GeoJson => "une couche GeoJSON",
            OutputKind::ShapefilePart => "une partie de shapefile",
            OutputKind::LayerSidecar => "un fichier d'accompagnement de couche",
            OutputKind::Project => "un projet ti-atlas",
        }
    }

    /// What the bytes about to be written are (their signature); text that is neither SVG nor
    /// JSON is `text_default`.
    pub fn of_bytes(bytes: &[u8], text_default: OutputKind) -> OutputKind {
        match sniff(bytes) {
            Found::Pdf => OutputKind::Pdf,
            Found::Png => OutputKind::Png,
            Found::Zip => OutputKind::Xlsx,
            Found::Text if looks_like_svg(bytes) => OutputKind::Svg,
            _ => text_default,
        }
    }

    /// The type an existing file of this kind has.
    fn found(self) -> Found {
        match self {
            OutputKind::Pdf => Found::Pdf,
            OutputKind::Png => Found::Png,
            OutputKind::Xlsx | OutputKind::Project => Found::Zip,
            OutputKind::GeoPackage => Found::Sqlite,
            OutputKind::ShapefilePart => Found::Binary,
            OutputKind::Csv
            | OutputKind::Svg
            | OutputKind::Json
            | OutputKind::Text
            | OutputKind::GeoJson
            | OutputKind::LayerSidecar => Found::Text,
        }
    }
}

/// The type of an existing file, from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Found {
    Empty,
    Text,
    Pdf,
    Png,
    /// An XLSX, ODS or DOCX workbook or document, or any ZIP archive.
    Zip,
    /// An old Excel .xls or Word .doc (OLE compound file).
    Ole,
    Jpeg,
    Gif,
    Gzip,
    Sqlite,
    Executable,
    /// Bytes that are not text (a NUL byte).
    Binary,
}

impl Found {
    fn name_fr(self) -> &'static str {
        match self {
            Found::Empty => "un fichier vide",
            Found::Text => "du texte",
            Found::Pdf => "un PDF",
            Found::Png => "une image PNG",
            Found::Zip => "un classeur XLSX ou ODS, ou une archive ZIP",
            Found::Ole => "un ancien classeur Excel (.xls) ou document Word (.doc)",
            Found::Jpeg => "une image JPEG",
            Found::Gif => "une image GIF",
            Found::Gzip => "une archive compressée (gzip)",
            Found::Sqlite => "une base SQLite (GeoPackage…)",
            Found::Executable => "un programme",
            Found::Binary => "un fichier binaire (pas du texte)",
        }
    }
}

/// Bytes read from an existing file to know its type.
const SNIFF_BYTES: u64 = 4096;

fn sniff(head: &[u8]) -> Found {
    const SIGNATURES: [(&[u8], Found); 10] = [
        (b"%PDF", Found::Pdf),
        (b"\x89PNG", Found::Png),
        (b"PK\x03\x04", Found::Zip),
        (b"PK\x05\x06", Found::Zip),
        (b"\xD0\xCF\x11\xE0", Found::Ole),
        (b"\xFF\xD8\xFF", Found::Jpeg),
        (b"GIF8", Found::Gif),
        (b"\x1F\x8B", Found::Gzip),
        (b"SQLite format 3", Found::Sqlite),
        (b"\x7FELF", Found::Executable),
    ];
    if head.is_empty() {
        return Found::Empty;
    }
    if let Some((_, found)) = SIGNATURES.iter().find(|(sig, _)| head.starts_with(sig)) {
        return *found;
    }
    if head.contains(&0) {
        Found::Binary
    } else {
        Found::Text
    }
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with("<svg") || (text.starts_with("<?xml") && text.contains("<svg"))
}

/// Why an output was refused or could not be written (French, naming the file).
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output is one of the run's inputs.
    #[error(
        "{output} est aussi un fichier lu ({input}) : ti-atlas ne remplace jamais un fichier \
         qu'il lit ; choisissez un autre nom de sortie, rien n'a été écrit"
    )]
    IsAnInput { output: PathBuf, input: PathBuf },
    /// The extension does not say what is written.
    #[error(
        "{path} : l'extension ne correspond pas à ce qui est écrit ({what}) ; nommez le fichier \
         en {expected}, rien n'a été écrit"
    )]
    Extension {
        path: PathBuf,
        what: &'static str,
        expected: String,
    },
    /// An existing file of another type is in the way.
    #[error(
        "{path} existe déjà et contient {found} : ti-atlas ne le remplace pas par {what} ; \
         choisissez un autre nom, rien n'a été écrit"
    )]
    OtherType {
        path: PathBuf,
        found: &'static str,
        what: &'static str,
    },
    /// A device, a pipe, a socket… is in the way.
    #[error(
        "{path} n'est pas un fichier ordinaire (périphérique, tube ou socket) : ti-atlas n'y \
         écrit pas ; choisissez un nom de fichier, rien n'a été écrit"
    )]
    NotARegularFile { path: PathBuf },
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// What a protected path is to the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A file the run reads: never written.
    Input,
    /// One of the app's own files (the settings): written only by its owner ([`write_own`]).
    AppFile,
}

struct Protected {
    path: PathBuf,
    role: Role,
}

static PROTECTED: Mutex<Vec<Protected>> = Mutex::new(Vec::new());

/// Most paths kept (the app caps its remembered files well below).
const MAX_PROTECTED: usize = 10_000;

/// Registers a file the run reads (or one of the app's own files): no output may replace it
/// for the rest of the process.
pub fn protect(path: &Path, role: Role) {
    let mut list = PROTECTED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if list.iter().any(|p| p.path == path && p.role == role) || list.len() >= MAX_PROTECTED {
        return;
    }
    list.push(Protected {
        path: path.to_path_buf(),
        role,
    });
}

/// Extensions of a shapefile's parts: one of them read means all of them are inputs.
const SHAPEFILE_PARTS: [&str; 5] = ["shp", "shx", "dbf", "prj", "cpg"];

fn lower_ext(path: &Path) -> Option<String> {
    path.extension().map(|e| e.to_string_lossy().to_lowercase())
}

/// `path` with its links followed and its folder resolved (the file itself may not exist).
fn resolved(path: &Path) -> PathBuf {
    resolve_links(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Whether `output` (resolved) is `input` or, for a shapefile, one of its parts.
fn same_file(output: &Path, input: &Path) -> bool {
    let input = resolved(input);
    if output == input {
        return true;
    }
    let part = |p: &Path| lower_ext(p).is_some_and(|e| SHAPEFILE_PARTS.contains(&e.as_str()));
    if part(output) && part(&input) && output.parent() == input.parent() {
        return output.file_stem() == input.file_stem();
    }
    same_inode(output, &input)
}

#[cfg(unix)]
fn same_inode(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_inode(_: &Path, _: &Path) -> bool {
    false
}

/// Checks `path` as an output of `kind` (extension, inputs, existing file) without writing:
/// the command line calls it before any work.
pub fn check(path: &Path, kind: OutputKind) -> Result<(), OutputError> {
    check_with(path, kind, &[Role::Input, Role::AppFile])
}

fn check_with(path: &Path, kind: OutputKind, refused: &[Role]) -> Result<(), OutputError> {
    // An input first: the gravest mistake is said, whatever the extension.
    let target = resolve_links(path).map_err(|e| WriteError::io(path, &e))?;
    let list = PROTECTED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(p) = list
        .iter()
        .filter(|p| refused.contains(&p.role))
        .find(|p| same_file(&target, &p.path))
    {
        return Err(OutputError::IsAnInput {
            output: path.to_path_buf(),
            input: p.path.clone(),
        });
    }
    drop(list);
    check_extension(path, kind)?;
    check_existing(path, &target, kind)
}

/// The extension must be one of the kind's.
fn check_extension(path: &Path, kind: OutputKind) -> Result<(), OutputError> {
    let ok = lower_ext(path).is_some_and(|e| kind.extensions().contains(&e.as_str()));
    if ok {
        return Ok(());
    }
    let expected: Vec<String> = kind.extensions().iter().map(|e| format!(".{e}")).collect();
    Err(OutputError::Extension {
        path: path.to_path_buf(),
        what: kind.name_fr(),
        expected: expected.join(" ou "),
    })
}

/// An existing file at the target must be a regular file of the same type (or empty).
fn check_existing(path: &Path, target: &Path, kind: OutputKind) -> Result<(), OutputError> {
    let Ok(meta) = std::fs::metadata(target) else {
        return Ok(());
    };
    if meta.is_dir() {
        return Err(OutputError::Write(WriteError::io(
            path,
            &std::io::Error::from(std::io::ErrorKind::IsADirectory),
        )));
    }
    if !meta.is_file() {
        return Err(OutputError::NotARegularFile {
            path: path.to_path_buf(),
        });
    }
    let mut head = Vec::new();
    // An unreadable existing file (no read permission): the write will say why if it fails.
    if let Ok(f) = std::fs::File::open(target) {
        let _ = f.take(SNIFF_BYTES).read_to_end(&mut head);
    } else {
        return Ok(());
    }
    let found = sniff(&head);
    if found == Found::Empty || found == kind.found() {
        return Ok(());
    }
    Err(OutputError::OtherType {
        path: path.to_path_buf(),
        found: found.name_fr(),
        what: kind.name_fr(),
    })
}

/// Writes an output of `kind` after the checks of [`check`]: atomically, through a symbolic
/// link to its target, stale temporary files of a killed write cleaned from its folder.
pub fn write(path: &Path, kind: OutputKind, bytes: &[u8]) -> Result<(), OutputError> {
    check(path, kind)?;
    Ok(write_atomic(path, bytes)?)
}

/// Writes one of the app's own files (the settings, the list of files being read): the same
/// checks, except that an app file may replace itself.
pub fn write_own(path: &Path, kind: OutputKind, bytes: &[u8]) -> Result<(), OutputError> {
    check_with(path, kind, &[Role::Input])?;
    Ok(write_atomic(path, bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("ti-atlas-sortie-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        // Resolved, as the messages name it.
        std::fs::canonicalize(&dir).expect("dir")
    }

    #[test]
    fn an_input_is_never_written_even_through_a_link() {
        let dir = scratch("entree");
        let input = dir.join("plan.csv");
        std::fs::write(&input, b"code;nom\n").expect("write");
        protect(&input, Role::Input);
        let e = write(&input, OutputKind::Csv, b"autre").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("est aussi un fichier lu"), "{text}");
        assert!(text.contains("plan.csv"), "{text}");
        // Through a symbolic link, a hard link and a path with "..".
        std::os::unix::fs::symlink(&input, dir.join("lien.csv")).expect("symlink");
        std::fs::hard_link(&input, dir.join("dur.csv")).expect("hard link");
        std::fs::create_dir_all(dir.join("sous")).expect("dir");
        for other in ["lien.csv", "dur.csv", "sous/../plan.csv"] {
            let e = write(&dir.join(other), OutputKind::Csv, b"autre").unwrap_err();
            assert!(matches!(e, OutputError::IsAnInput { .. }), "{other}: {e}");
        }
        assert_eq!(std::fs::read(&input).expect("read"), b"code;nom\n");
        // Another name in the same folder is fine.
        write(&dir.join("rapport.csv"), OutputKind::Csv, b"ok").expect("written");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn every_part_of_an_input_shapefile_is_an_input() {
        let dir = scratch("shapefile");
        let shp = dir.join("Couche.shp");
        std::fs::write(&shp, b"x").expect("write");
        protect(&shp, Role::Input);
        for part in ["Couche.dbf", "Couche.prj", "Couche.SHX", "Couche.cpg"] {
            let e = write(&dir.join(part), OutputKind::Csv, b"x").unwrap_err();
            // (.dbf and others are refused by extension before, or as an input.)
            assert!(
                matches!(
                    e,
                    OutputError::IsAnInput { .. } | OutputError::Extension { .. }
                ),
                "{part}: {e}"
            );
            assert!(same_file(&resolved(&dir.join(part)), &shp), "{part}");
        }
        assert!(!same_file(&resolved(&dir.join("Autre.dbf")), &shp));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_extension_says_what_is_written() {
        let dir = scratch("extension");
        for (name, kind) in [
            ("fiche.png", OutputKind::Pdf),
            ("classeur.xlsx", OutputKind::Csv),
            ("carte.pdf", OutputKind::Png),
            ("sans-extension", OutputKind::Csv),
        ] {
            let e = write(&dir.join(name), kind, b"x").unwrap_err();
            assert!(matches!(e, OutputError::Extension { .. }), "{name}: {e}");
            assert!(e.to_string().contains("nommez le fichier en ."), "{e}");
            assert!(!dir.join(name).exists());
        }
        write(&dir.join("CARTE.PDF"), OutputKind::Pdf, b"%PDF-1.7").expect("upper case");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_existing_file_of_another_type_is_never_replaced() {
        let dir = scratch("type");
        let cases: [(&str, &[u8], OutputKind); 5] = [
            ("classeur.csv", b"PK\x03\x04xlsx", OutputKind::Csv),
            ("rapport.csv", b"%PDF-1.4\n", OutputKind::Csv),
            ("image.svg", b"\x89PNG\r\n\x1a\n", OutputKind::Svg),
            ("carte.png", b"%PDF-1.4", OutputKind::Png),
            ("vues.json", b"\xD0\xCF\x11\xE0xls", OutputKind::Json),
        ];
        for (name, content, kind) in cases {
            let path = dir.join(name);
            std::fs::write(&path, content).expect("write");
            let e = write(&path, kind, b"nouveau").unwrap_err();
            assert!(matches!(e, OutputError::OtherType { .. }), "{name}: {e}");
            assert!(e.to_string().contains("existe déjà et contient"), "{e}");
            assert_eq!(std::fs::read(&path).expect("read"), content, "{name}");
        }
        // A file of the same type, or empty, is replaced.
        let pdf = dir.join("fiche.pdf");
        std::fs::write(&pdf, b"%PDF-1.4 ancien").expect("write");
        write(&pdf, OutputKind::Pdf, b"%PDF-1.7 nouveau").expect("replaced");
        let csv = dir.join("vide.csv");
        std::fs::write(&csv, b"").expect("write");
        write(&csv, OutputKind::Csv, b"a;b").expect("replaced");
        assert_eq!(std::fs::read(&csv).expect("read"), b"a;b");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_device_or_a_pipe_is_not_an_output() {
        let dir = scratch("fifo");
        let fifo = dir.join("tube.csv");
        let c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).expect("path");
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let device = dir.join("nul.csv");
        std::os::unix::fs::symlink("/dev/null", &device).expect("symlink");
        for path in [fifo, device] {
            let e = write(&path, OutputKind::Csv, b"x").unwrap_err();
            assert!(matches!(e, OutputError::NotARegularFile { .. }), "{e}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_link_is_written_through() {
        let dir = scratch("lien");
        let target = dir.join("vraie.csv");
        std::fs::write(&target, b"ancien").expect("write");
        let link = dir.join("raccourci.csv");
        std::os::unix::fs::symlink("vraie.csv", &link).expect("symlink");
        write(&link, OutputKind::Csv, b"nouveau").expect("written");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("link")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).expect("read"), b"nouveau");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn app_files_are_written_by_their_owner_only() {
        let dir = scratch("reglages");
        let settings = dir.join("reglages.json");
        protect(&settings, Role::AppFile);
        write_own(&settings, OutputKind::Json, b"{}").expect("owner");
        let e = write(&settings, OutputKind::Json, b"[]").unwrap_err();
        assert!(matches!(e, OutputError::IsAnInput { .. }), "{e}");
        assert_eq!(std::fs::read(&settings).expect("read"), b"{}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_bytes_say_their_kind() {
        assert_eq!(
            OutputKind::of_bytes(b"%PDF-1.7", OutputKind::Csv),
            OutputKind::Pdf
        );
        assert_eq!(
            OutputKind::of_bytes(b"<?xml version=\"1.0\"?>\n<svg>", OutputKind::Csv),
            OutputKind::Svg
        );
        assert_eq!(
            OutputKind::of_bytes("\u{feff}code;nom".as_bytes(), OutputKind::Csv),
            OutputKind::Csv
        );
    }
}
