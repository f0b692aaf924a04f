//! Workbooks with calamine — XLSX, OpenDocument (.ods) and Excel 97-2003 (.xls), told apart by
//! their first bytes, not their extension — one sheet as text cells (integers without ".0",
//! dates as ISO text). A password-protected workbook is said to be one.
//!
//! The cells are streamed one by one (calamine's cell reader), never through a dense `Range`:
//! the dimension a sheet declares and the position of its farthest cell drive no allocation
//! (one value in XFD1048576 costs one cell). Rows and columns past the limits are refused with
//! the cell named, before the table is built. Formulas without a computed value and merged
//! areas are reported.

use std::io::{Read as _, Seek};
use std::path::Path;

use calamine::{DataRef, Reader as _, Xlsx, XlsxError};

use super::csv_reader::check_headers;
use super::{MERGED_HEADER, MergedArea, RawTable, TableError, TextGrid, file_name};
use crate::io::limits::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_UNFOLDED_CELLS, name_list, quoted};
use crate::model::imports::action_plan::RowProblem;

/// Formula cells listed one by one in the warnings; the others are counted.
const LISTED_FORMULAS: usize = 20;

/// Largest uncompressed part of the workbook (the shared strings are held whole): well under
/// the memory budget, so that a small workbook cannot cost a gigabyte.
pub const MAX_PART_BYTES: u64 = 128 * 1024 * 1024;

/// Largest uncompressed XLSX worksheet part: calamine streams it cell by cell (only the cells
/// kept cost memory), so it may be larger; the cap bounds the time a small file can cost (480 MB
/// of empty cells took 23 s: 160 MB about 8 s).
pub const MAX_SHEET_PART_BYTES: u64 = 160 * 1024 * 1024;

/// Largest workbook once uncompressed, all parts together.
pub const MAX_ARCHIVE_BYTES: u64 = 288 * 1024 * 1024;

/// Excel's name of a column (0 → A, 25 → Z, 26 → AA, 16383 → XFD).
pub fn column_name(column: u32) -> String {
    let mut n = u64::from(column) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Excel's name of a cell from 0-based row and column ("B3").
pub fn cell_name(row: u32, column: u32) -> String {
    format!("{}{}", column_name(column), u64::from(row) + 1)
}

/// The text of a cell as the user sees it, codes and numbers alike.
fn cell_text(d: &DataRef<'_>) -> String {
    match d {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.trim().to_owned(),
        DataRef::SharedString(s) => s.trim().to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => if *b { "VRAI" } else { "FAUX" }.to_owned(),
        DataRef::DateTime(dt) => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            if (hh, mm, ss) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}")
            }
        }
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

/// A cell read whole (ODS, XLS) as the streamed cells are.
fn data_ref(d: &calamine::Data) -> DataRef<'static> {
    use calamine::Data as D;
    match d {
        D::Int(i) => DataRef::Int(*i),
        D::Float(f) => DataRef::Float(*f),
        D::String(s) => DataRef::String(s.clone()),
        D::Bool(b) => DataRef::Bool(*b),
        D::DateTime(dt) => DataRef::DateTime(*dt),
        D::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        D::DurationIso(s) => DataRef::DurationIso(s.clone()),
        D::Error(e) => DataRef::Error(e.clone()),
        D::Empty => DataRef::Empty,
    }
}

/// calamine's XLSX error in French (its English text is dropped).
fn xlsx_error(file: &str, e: XlsxError) -> TableError {
    if matches!(e, XlsxError::Password) {
        return password_error(file);
    }
    let what = match &e {
        XlsxError::Io(_) => "lecture impossible (fichier tronqué ?)",
        XlsxError::Zip(_) => {
            "ce n'est pas une archive XLSX lisible (fichier abîmé, tronqué ou d'un autre format)"
        }
        XlsxError::Xml(_) | XlsxError::XmlAttr(_) | XlsxError::XmlEof(_) => {
            "contenu XML abîmé (balise mal formée ou fichier tronqué)"
        }
        XlsxError::FileNotFound(_) | XlsxError::RelationshipNotFound => {
            "partie manquante dans l'archive"
        }
        XlsxError::CellError(_) => "valeur d'erreur inconnue dans une cellule",
        XlsxError::Unexpected(_) | XlsxError::UnexpectedNode(_) => "structure inattendue",
        _ => "contenu inattendu",
    };
    TableError::Xlsx {
        file: file.to_owned(),
        message: what.to_owned(),
    }
}

/// calamine's XLS (Excel 97-2003) error in French.
fn xls_error(file: &str, e: &calamine::XlsError) -> TableError {
    use calamine::XlsError as E;
    if matches!(e, E::Password) {
        return password_error(file);
    }
    let what = match e {
        E::Io(_) => "lecture impossible (fichier tronqué ?)",
        E::Cfb(_) => "conteneur OLE abîmé ou tronqué",
        _ => "contenu inattendu ou abîmé",
    };
    TableError::Unreadable {
        file: file.to_owned(),
        message: format!(
            "classeur Excel 97-2003 (.xls) illisible : {what} ; enregistrez-le de nouveau en .xlsx depuis Excel ou LibreOffice"
        ),
    }
}

/// calamine's ODS error in French.
fn ods_error(file: &str, e: &calamine::OdsError) -> TableError {
    use calamine::OdsError as E;
    if matches!(e, E::Password) {
        return password_error(file);
    }
    let what = match e {
        E::Io(_) => "lecture impossible (fichier tronqué ?)",
        E::Zip(_) => "archive abîmée ou tronquée",
        E::Xml(_) | E::XmlAttr(_) | E::Eof(_) => "contenu XML abîmé",
        E::FileNotFound(_) => "partie manquante dans l'archive",
        _ => "contenu inattendu ou au-delà des limites",
    };
    TableError::Unreadable {
        file: file.to_owned(),
        message: format!(
            "classeur OpenDocument (.ods) illisible : {what} ; enregistrez-le de nouveau depuis LibreOffice"
        ),
    }
}

/// What a zip archive holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ArchiveKind {
    Xlsx,
    Ods,
}

/// Checks the archive before calamine opens it: every part's declared size, then its real size
/// (each part is decompressed once into nothing, stopping past the limit: a declared size can
/// lie), and the shared strings' declared count (calamine reserves room for it up front).
/// Tells an OpenDocument spreadsheet from an XLSX.
fn check_archive(file: &str, reader: impl std::io::Read + Seek) -> Result<ArchiveKind, TableError> {
    let archive_error = || TableError::Xlsx {
        file: file.to_owned(),
        message:
            "ce n'est pas une archive XLSX lisible (fichier abîmé, tronqué ou d'un autre format)"
                .into(),
    };
    let too_large = |name: &str, bytes: u64, cap: u64| TableError::TooLarge {
        file: file.to_owned(),
        message: format!(
            "la partie « {} » du classeur fait plus de {}\u{a0}Mo une fois décompressée (limite : {}\u{a0}Mo pour cette partie)",
            quoted(name),
            bytes / (1024 * 1024),
            cap / (1024 * 1024)
        ),
    };
    let mut zip = zip::ZipArchive::new(reader).map_err(|_| archive_error())?;
    let mut total = 0u64;
    let mut ods = false;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            continue;
        };
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        // Worksheets are streamed by calamine; the other parts are held whole.
        let cap = if name.to_ascii_lowercase().starts_with("xl/worksheets/") {
            MAX_SHEET_PART_BYTES
        } else {
            MAX_PART_BYTES
        };
        if entry.size() > cap {
            return Err(too_large(&name, entry.size(), cap));
        }
        if name == "mimetype" {
            let mut head = Vec::new();
            let _ = entry.take(100).read_to_end(&mut head);
            ods |= head.starts_with(b"application/vnd.oasis.opendocument.spreadsheet");
            continue;
        }
        // A part that does not decompress is left to calamine, which says which.
        let real = std::io::copy(&mut entry.take(cap + 1), &mut std::io::sink()).unwrap_or(0);
        if real > cap {
            return Err(too_large(&name, real, cap));
        }
        total += real;
        if total > MAX_ARCHIVE_BYTES {
            return Err(TableError::TooLarge {
                file: file.to_owned(),
                message: format!(
                    "le classeur fait plus de {}\u{a0}Mo une fois décompressé (limite)",
                    MAX_ARCHIVE_BYTES / (1024 * 1024)
                ),
            });
        }
    }
    if ods {
        // The sheets as calamine will unfold them (see `ods_check`).
        if let Ok(entry) = zip.by_name("content.xml") {
            let mut xml = Vec::new();
            let _ = entry.take(MAX_PART_BYTES).read_to_end(&mut xml);
            let cells = super::ods_check::unfolded_cells(&String::from_utf8_lossy(&xml));
            if cells > MAX_UNFOLDED_CELLS {
                return Err(TableError::TooLarge {
                    file: file.to_owned(),
                    message: format!(
                        "une fois ses lignes et cellules répétées dépliées, le classeur compte {cells} cellules jusqu'à sa dernière valeur (limite pour un .ods : {MAX_UNFOLDED_CELLS}) ; supprimez les lignes et colonnes vides entre les données, ou enregistrez-le en .xlsx"
                    ),
                });
            }
        }
        return Ok(ArchiveKind::Ods);
    }
    // calamine reads the shared strings of the folder the package's relationships name
    // (`xl/` as a rule), its names compared without case and with "\\" as "/": every part that
    // may be them is checked.
    let shared_strings: Vec<usize> = (0..zip.len())
        .filter(|&i| {
            zip.by_index_raw(i).ok().is_some_and(|entry| {
                entry.name().is_ok_and(|n| {
                    n.replace('\\', "/")
                        .to_ascii_lowercase()
                        .ends_with("sharedstrings.xml")
                })
            })
        })
        .collect();
    for i in shared_strings {
        let Ok(entry) = zip.by_index(i) else {
            continue;
        };
        if let Some(count) = unique_count(std::io::BufReader::new(entry))
            && count > MAX_CELLS
        {
            return Err(TableError::TooLarge {
                file: file.to_owned(),
                message: format!(
                    "le classeur déclare {count} textes différents (limite : {MAX_CELLS} cellules)"
                ),
            });
        }
    }
    Ok(ArchiveKind::Xlsx)
}

/// The count of shared strings a part declares, read exactly as calamine reads it before it
/// reserves room for that many (`Vec::reserve`, which aborts the process when the count is
/// absurd, beyond the reach of a panic guard): the same XML reader and settings, the first
/// `sst` element whatever its prefix, quotes or spacing, the raw attribute, the same number
/// parser.
fn unique_count(reader: impl std::io::BufRead) -> Option<usize> {
    use quick_xml::events::Event;
    let mut xml = quick_xml::Reader::from_reader(reader);
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::with_capacity(1024);
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                let count = raw_attribute(e.attributes_raw(), "uniqueCount")?;
                return atoi_simd::parse::<usize, true, false>(count.as_bytes()).ok();
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// The raw value of the attribute `name` in an element's attribute text, as calamine finds it:
/// attributes in order, a key being everything up to "=" (trailing spaces dropped), the value
/// between single or double quotes, nothing unescaped; `None` when absent or when a malformed
/// attribute comes first (calamine then stops with an error).
fn raw_attribute<'a>(attributes: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = attributes;
    loop {
        rest = rest.trim_ascii_start();
        if rest.is_empty() {
            return None;
        }
        let (key, after) = rest.split_once('=')?;
        let after = after.trim_ascii_start();
        let quote = after.chars().next().filter(|&c| c == '"' || c == '\'')?;
        let quoted = after.get(1..)?;
        let (value, next) = quoted.split_once(quote).unwrap_or((quoted, ""));
        if key.trim_ascii_end() == name {
            return Some(value);
        }
        rest = next;
    }
}

/// One non-empty cell, its text in the shared buffer.
struct SparseCell {
    row: u32,
    column: u32,
    start: usize,
    end: usize,
}

/// Reads one sheet (by name, else the first that holds something) of a workbook: XLSX, ODS or
/// Excel 97-2003 (.xls), told apart by their content, not by their extension.
pub fn read_xlsx(path: &Path, sheet: Option<&str>) -> Result<RawTable, TableError> {
    let bytes =
        crate::io::read_file::read_user_file(path).map_err(|e| TableError::from_read(path, e))?;
    read_xlsx_bytes(&bytes, path, sheet)
}

/// [`read_xlsx`] on the bytes of a workbook; `path` names it in messages.
pub fn read_xlsx_bytes(
    bytes: &[u8],
    path: &Path,
    sheet: Option<&str>,
) -> Result<RawTable, TableError> {
    guarded(path, || read_workbook(bytes, path, sheet))
}

/// Runs a read that goes through calamine, turning a panic of the library on a malformed
/// workbook (e.g. an arithmetic overflow on an absurd cell reference, which debug builds
/// check) into a French error naming the file: no workbook stops the program.
fn guarded<T>(path: &Path, read: impl FnOnce() -> Result<T, TableError>) -> Result<T, TableError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(TableError::Xlsx {
            file: file_name(path),
            message: format!(
                "classeur abîmé : la lecture XLSX s'est arrêtée sur un contenu incohérent \
                 (référence de cellule ou dimension impossible) ; détail : {}",
                quoted(&detail)
            ),
        })
    })
}

/// What a workbook's first bytes say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkbookKind {
    /// A zip archive: XLSX or ODS.
    Zip,
    /// An OLE (CFB) compound file: Excel 97-2003.
    Xls,
    /// An OLE compound file holding an encrypted OOXML workbook (password-protected XLSX).
    Encrypted,
    /// Anything else (text: CSV).
    Other,
}

/// The kind of a workbook from its magic bytes.
pub fn workbook_kind(bytes: &[u8]) -> WorkbookKind {
    const CFB: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return WorkbookKind::Zip;
    }
    if bytes.starts_with(&CFB) {
        // The directory names its streams in UTF-16LE; an encrypted OOXML package holds
        // "EncryptionInfo" and "EncryptedPackage".
        let name: Vec<u8> = "EncryptionInfo"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let encrypted = bytes.windows(name.len()).any(|w| w == name.as_slice());
        return if encrypted {
            WorkbookKind::Encrypted
        } else {
            WorkbookKind::Xls
        };
    }
    WorkbookKind::Other
}

/// A password-protected workbook, said as such.
fn password_error(file: &str) -> TableError {
    TableError::Unreadable {
        file: file.to_owned(),
        message: "classeur protégé par un mot de passe (chiffré) : il ne peut pas être lu ; \
                  ouvrez-le dans Excel ou LibreOffice et enregistrez-en une copie sans mot de passe"
            .into(),
    }
}

fn read_workbook(bytes: &[u8], path: &Path, sheet: Option<&str>) -> Result<RawTable, TableError> {
    with_workbook(bytes, path, |names, format, cells_of| {
        read_sheets(path, sheet, names, format, cells_of)
    })
}

/// The names of a workbook's sheets, in their order (after the same checks as a read).
pub fn sheet_names_bytes(bytes: &[u8], path: &Path) -> Result<Vec<String>, TableError> {
    guarded(path, || {
        with_workbook(bytes, path, |names, _, _| Ok(names.to_vec()))
    })
}

/// Reads a sheet's cells (and its merged areas) by name.
type CellsOf<'a> =
    dyn FnMut(&str) -> Result<(SheetCells, Vec<calamine::Dimensions>), TableError> + 'a;

/// Opens a workbook (XLS, ODS or XLSX, told by its bytes, after the checks that keep calamine
/// within bounds) and hands its sheet names, its format's name and a reader of sheets to `visit`.
fn with_workbook<T>(
    bytes: &[u8],
    path: &Path,
    visit: impl FnOnce(&[String], &str, &mut CellsOf<'_>) -> Result<T, TableError>,
) -> Result<T, TableError> {
    let file = file_name(path);
    match workbook_kind(bytes) {
        WorkbookKind::Encrypted => Err(password_error(&file)),
        WorkbookKind::Xls => {
            // calamine makes every sheet a dense range as it opens the workbook: its extent first.
            if let Some(cells) = super::xls_check::unfolded_cells(bytes)
                && cells > MAX_UNFOLDED_CELLS
            {
                return Err(TableError::TooLarge {
                    file,
                    message: format!(
                        "ses feuilles couvrent {cells} cellules de leur première à leur dernière valeur (limite pour un .xls : {MAX_UNFOLDED_CELLS}) ; supprimez les valeurs isolées loin du tableau, ou enregistrez-le en .xlsx"
                    ),
                });
            }
            let mut workbook = calamine::Xls::new(std::io::Cursor::new(bytes))
                .map_err(|e| xls_error(&file, &e))?;
            let names = workbook.sheet_names();
            let merged = |wb: &calamine::Xls<_>, name: &str| {
                wb.merge_cells_by_sheet_name(name).unwrap_or_default()
            };
            visit(&names, "XLS", &mut |name| {
                let range = workbook
                    .worksheet_range(name)
                    .map_err(|e| xls_error(&file, &e))?;
                Ok((cells_of_range(&range), merged(&workbook, name)))
            })
        }
        WorkbookKind::Zip | WorkbookKind::Other => {
            let kind = check_archive(&file, std::io::Cursor::new(bytes))?;
            if kind == ArchiveKind::Ods {
                let mut workbook: calamine::Ods<_> =
                    calamine::Ods::new(std::io::Cursor::new(bytes))
                        .map_err(|e| ods_error(&file, &e))?;
                let names = workbook.sheet_names();
                return visit(&names, "ODS", &mut |name| {
                    let range = workbook
                        .worksheet_range(name)
                        .map_err(|e| ods_error(&file, &e))?;
                    Ok((cells_of_range(&range), Vec::new()))
                });
            }
            let mut workbook: Xlsx<_> =
                Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| xlsx_error(&file, e))?;
            let names = workbook.sheet_names();
            visit(&names, "XLSX", &mut |name| {
                let cells = stream_cells(&mut workbook, &file, name)?;
                let merged = workbook.merge_cells_by_sheet_name(name).unwrap_or_default();
                Ok((cells, merged))
            })
        }
    }
}

/// The non-empty cells of one sheet, their texts in one buffer, and the formulas that have no
/// computed value.
#[derive(Default)]
struct SheetCells {
    text: String,
    cells: Vec<SparseCell>,
    formulas: Vec<(u32, u32, String)>,
    formula_count: usize,
    /// The first cell beyond the limits, with why.
    beyond: Option<(u32, u32, String)>,
}

impl SheetCells {
    /// Adds a cell; false once the cell limit is passed (the reason is kept in `beyond`).
    fn push(&mut self, row: u32, column: u32, value: &str) -> bool {
        if row as usize >= MAX_ROWS || column as usize >= MAX_COLUMNS {
            self.beyond = Some((
                row,
                column,
                format!(
                    "au-delà des limites d'Excel ({MAX_ROWS} lignes, {MAX_COLUMNS} colonnes) : classeur abîmé"
                ),
            ));
            return false;
        }
        if self.cells.len() >= MAX_CELLS {
            self.beyond = Some((
                row,
                column,
                format!("plus de {MAX_CELLS} cellules remplies (limite) : découpez le classeur"),
            ));
            return false;
        }
        let start = self.text.len();
        self.text.push_str(value);
        self.cells.push(SparseCell {
            row,
            column,
            start,
            end: self.text.len(),
        });
        true
    }
}

/// The cells of an XLSX sheet, streamed one by one (never a dense range).
fn stream_cells<R: std::io::Read + Seek>(
    workbook: &mut Xlsx<R>,
    file: &str,
    name: &str,
) -> Result<SheetCells, TableError> {
    let mut out = SheetCells::default();
    let mut reader = workbook
        .worksheet_cells_reader(name)
        .map_err(|e| xlsx_error(file, e))?;
    while let Some(cell) = reader
        .next_cell_with_formula_metadata()
        .map_err(|e| xlsx_error(file, e))?
    {
        let (row, column) = cell.pos;
        let value = cell_text(&cell.value);
        if value.is_empty() {
            if let Some(f) = cell.formula {
                out.formula_count += 1;
                if out.formulas.len() < LISTED_FORMULAS {
                    let shown = match f {
                        calamine::XlsxFormulaMetadata::Normal { formula }
                        | calamine::XlsxFormulaMetadata::Shared { formula, .. } => {
                            format!(" (={})", quoted(&formula))
                        }
                        _ => String::new(),
                    };
                    out.formulas.push((row, column, shown));
                }
            }
            continue;
        }
        if !out.push(row, column, &value) {
            break;
        }
    }
    Ok(out)
}

/// The cells of a sheet read whole by calamine (ODS, XLS).
fn cells_of_range(range: &calamine::Range<calamine::Data>) -> SheetCells {
    let mut out = SheetCells::default();
    let (row0, column0) = range.start().unwrap_or((0, 0));
    for (r, c, d) in range.used_cells() {
        let value = cell_text(&data_ref(d));
        if value.is_empty() {
            continue;
        }
        let (row, column) = (row0 + r as u32, column0 + c as u32);
        if !out.push(row, column, &value) {
            break;
        }
    }
    out
}

/// Picks the sheet (the one named, else the first holding a value: an empty first sheet is
/// passed over) and builds the table from its cells.
fn read_sheets(
    path: &Path,
    sheet: Option<&str>,
    names: &[String],
    format: &str,
    mut cells_of: impl FnMut(&str) -> Result<(SheetCells, Vec<calamine::Dimensions>), TableError>,
) -> Result<RawTable, TableError> {
    let file = file_name(path);
    if let Some(wanted) = sheet {
        let name = names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(wanted))
            .cloned()
            .ok_or_else(|| TableError::MissingSheet {
                file: file.clone(),
                wanted: quoted(wanted),
                available: name_list(names, 20),
            })?;
        let (cells, merged) = cells_of(&name)?;
        if cells.cells.is_empty() && cells.beyond.is_none() {
            return Err(TableError::Unreadable {
                file,
                message: format!(
                    "la feuille « {} » est vide (feuilles du classeur : {})",
                    quoted(&name),
                    name_list(names, 20)
                ),
            });
        }
        return build_table(path, names, name, format, cells, &merged);
    }
    for name in names {
        let (cells, merged) = cells_of(name)?;
        if !cells.cells.is_empty() || cells.beyond.is_some() {
            return build_table(path, names, name.clone(), format, cells, &merged);
        }
    }
    if names.is_empty() {
        return Err(TableError::Empty { file });
    }
    Err(TableError::Unreadable {
        file,
        message: format!(
            "aucune feuille du classeur ne contient de valeur (feuilles : {})",
            name_list(names, 20)
        ),
    })
}

fn build_table(
    path: &Path,
    names: &[String],
    name: String,
    format: &str,
    sheet: SheetCells,
    merged_areas: &[calamine::Dimensions],
) -> Result<RawTable, TableError> {
    let file = file_name(path);
    let cell_error = |row: u32, column: u32, message: String| TableError::XlsxCell {
        file: file.clone(),
        sheet: quoted(&name),
        cell: cell_name(row, column),
        message,
    };
    if let Some((row, column, why)) = sheet.beyond {
        return Err(cell_error(row, column, why));
    }
    let SheetCells {
        text,
        mut cells,
        formulas,
        formula_count,
        ..
    } = sheet;
    // Stream order is row by row in files written by Excel; others are put in order.
    if !cells
        .windows(2)
        .all(|w| (w[0].row, w[0].column) <= (w[1].row, w[1].column))
    {
        cells.sort_by_key(|c| (c.row, c.column));
    }
    let value = |c: &SparseCell| text.get(c.start..c.end).unwrap_or("");

    // 2. The header: the first row with a value; table columns start at the leftmost cell.
    let first_column = cells.iter().map(|c| c.column).min().unwrap_or(0);
    let Some(header_row) = cells.first().map(|c| c.row) else {
        return Err(TableError::Empty { file });
    };
    let header_cells: Vec<&SparseCell> = cells.iter().take_while(|c| c.row == header_row).collect();
    let width = header_cells
        .last()
        .map_or(0, |c| (c.column - first_column) as usize + 1);
    let mut headers = vec![String::new(); width];
    for c in &header_cells {
        if let Some(h) = headers.get_mut((c.column - first_column) as usize) {
            *h = value(c).to_owned();
        }
    }
    // 3. Every value has a column; the table stays within the cell limit.
    if let Some(c) = cells
        .iter()
        .find(|c| (c.column - first_column) as usize >= width)
    {
        return Err(cell_error(
            c.row,
            c.column,
            format!(
                "valeur « {} » hors du tableau : sa colonne {} n'a pas de nom dans l'en-tête (ligne {}) ; supprimez-la ou nommez la colonne",
                quoted(value(c)),
                column_name(c.column),
                header_row + 1
            ),
        ));
    }
    let mut data_rows: Vec<u32> = cells
        .iter()
        .map(|c| c.row)
        .filter(|&r| r != header_row)
        .collect();
    data_rows.dedup();
    if data_rows.len().saturating_mul(width) > MAX_CELLS {
        let last = cells.last().map_or((0, 0), |c| (c.row, c.column));
        return Err(cell_error(
            last.0,
            last.1,
            format!(
                "{} lignes de {width} colonnes dépassent la limite de {MAX_CELLS} cellules : découpez le classeur",
                data_rows.len()
            ),
        ));
    }
    check_headers(&file, &headers)?;
    if data_rows.is_empty() {
        let others: Vec<&String> = names.iter().filter(|n| **n != name).collect();
        return Err(TableError::NoRows {
            file: format!("{file}, feuille « {} »", quoted(&name)),
            headers: name_list(&headers, 20),
            hint: if others.is_empty() {
                String::new()
            } else {
                format!(
                    " ; autres feuilles du classeur : {} (choisissez-en une)",
                    name_list(&others, 20)
                )
            },
        });
    }
    // 4. The dense table, only over the rows that hold something.
    let mut grid = TextGrid::new(width);
    grid.reserve(data_rows.len(), text.len());
    let mut row_numbers = Vec::with_capacity(data_rows.len());
    let mut rest = cells.iter().skip(header_cells.len()).peekable();
    for &r in &data_rows {
        let mut next_column = 0usize;
        while let Some(c) = rest.next_if(|c| c.row == r) {
            let at = (c.column - first_column) as usize;
            for _ in next_column..at {
                grid.push_cell("");
            }
            grid.push_cell(value(c));
            next_column = at + 1;
        }
        for _ in next_column..width {
            grid.push_cell("");
        }
        row_numbers.push(r as usize + 1);
    }

    let header_of = |column: u32| {
        column
            .checked_sub(first_column)
            .and_then(|c| headers.get(c as usize))
            .filter(|h| !h.is_empty())
            .cloned()
    };
    let mut warnings: Vec<RowProblem> = formulas
        .iter()
        .map(|(row, column, formula)| RowProblem {
            row: *row as usize + 1,
            column: header_of(*column),
            problem: format!(
                "cellule {} : formule sans valeur calculée{formula} : laissée vide ; ouvrez le classeur dans Excel ou LibreOffice et enregistrez-le pour que les formules soient calculées",
                cell_name(*row, *column)
            ),
        })
        .collect();
    if formula_count > formulas.len() {
        warnings.push(RowProblem {
            row: formulas.last().map_or(0, |f| f.0 as usize + 1),
            column: None,
            problem: format!(
                "et {} autre(s) formule(s) sans valeur calculée, laissées vides",
                formula_count - formulas.len()
            ),
        });
    }
    // An empty header inside a merged area of the header row: only the area's first cell
    // holds the name.
    for d in merged_areas
        .iter()
        .filter(|d| d.start.0 <= header_row && header_row <= d.end.0)
    {
        // Only the header's columns: an area may claim columns far beyond it (XFD, or an
        // absurd reference), each of which would cost a turn.
        let last_column = first_column.saturating_add(u32::try_from(width).unwrap_or(u32::MAX));
        let empty: Vec<String> = (d.start.1.max(first_column)..=d.end.1.min(last_column))
            .filter(|&c| {
                headers
                    .get((c - first_column) as usize)
                    .is_some_and(String::is_empty)
            })
            .map(column_name)
            .collect();
        if !empty.is_empty() {
            warnings.push(RowProblem {
                row: header_row as usize + 1,
                column: None,
                problem: format!(
                    "{MERGED_HEADER} {}:{} : la colonne {} n'a pas de nom (seule la première cellule de la zone porte le nom) ; défusionnez l'en-tête et nommez chaque colonne",
                    cell_name(d.start.0, d.start.1),
                    cell_name(d.end.0, d.end.1),
                    empty.join(", ")
                ),
            });
        }
    }
    let merged = merged_areas
        .iter()
        .filter(|d| d.end.1 >= first_column)
        .map(|d| MergedArea {
            rows: (d.start.0 as usize + 1, d.end.0 as usize + 1),
            columns: (
                d.start.1.saturating_sub(first_column) as usize,
                (d.end.1 - first_column) as usize,
            ),
            name: format!(
                "{}:{}",
                cell_name(d.start.0, d.start.1),
                cell_name(d.end.0, d.end.1)
            ),
        })
        .collect();
    Ok(RawTable {
        path: path.to_path_buf(),
        sheet: Some(name),
        headers,
        cells: grid,
        row_numbers,
        encoding: format.into(),
        delimiter: None,
        warnings,
        merged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_names_of_columns_and_cells() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(99), "CV");
        assert_eq!(column_name(16_383), "XFD");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
        assert_eq!(column_name(u32::MAX).len(), 7, "no overflow");
    }

    #[test]
    fn a_panic_of_the_xlsx_library_becomes_a_french_error_naming_the_file() {
        // What calamine does on `<dimension ref="A1:XFschemas…D1048576"/>` in a debug build
        // (fuzz/corpus/xlsx_reader/seed-dimension-overflow).
        let out: Result<RawTable, TableError> = guarded(Path::new("/tmp/plan.xlsx"), || {
            panic!("attempt to multiply with overflow")
        });
        let message = out.expect_err("an error").to_string();
        assert!(message.contains("plan.xlsx"), "{message}");
        assert!(message.contains("classeur abîmé"), "{message}");
        assert!(message.contains("attempt to multiply"), "{message}");
        let fine: Result<RawTable, TableError> = guarded(Path::new("plan.xlsx"), || {
            Err(TableError::Empty { file: "x".into() })
        });
        assert!(matches!(fine, Err(TableError::Empty { .. })));
    }

    #[test]
    fn shared_strings_count_is_read_from_the_sst_tag_as_calamine_reads_it() {
        let count = |xml: &str| unique_count(xml.as_bytes());
        let xml = r#"<?xml version="1.0"?><sst xmlns="x" count="10" uniqueCount="4"><si>"#;
        assert_eq!(count(xml), Some(4));
        // However the tag is written: single quotes, a tab, a prefix, an empty element, after
        // a long comment, leading zeros.
        for xml in [
            "<sst uniqueCount='99999999999'>",
            "<sst\tuniqueCount=\"99999999999\">",
            "<sst\nuniqueCount = \"99999999999\">",
            r#"<x:sst xmlns:x="m" uniqueCount="99999999999"><x:si>"#,
            r#"<sst uniqueCount="99999999999"/>"#,
            r#"<sst a="1"uniqueCount="99999999999">"#,
            r#"<sst uniqueCount="0000000000000000000000099999999999">"#,
        ] {
            assert_eq!(count(xml), Some(99_999_999_999), "{xml}");
        }
        let long = format!("<!--{}--><sst uniqueCount=\"7\">", "x".repeat(10_000));
        assert_eq!(count(&long), Some(7));
        // What calamine does not take as a count reserves nothing.
        assert_eq!(count(r#"<sst uniqueCount="-4">"#), None);
        assert_eq!(
            count(r#"<sst uniqueCount="99999999999999999999999">"#),
            None
        );
        assert_eq!(count(r#"<sst count="99999999999">"#), None);
        assert_eq!(
            count(r#"<sst a uniqueCount="99999999999">"#),
            None,
            "key « a uniqueCount »"
        );
        assert_eq!(count("<sst>"), None);
        assert_eq!(count("<si>"), None);
    }
}
