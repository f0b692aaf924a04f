#![no_main]
//! Workbooks through the XLSX reader: a table or a French error, never a panic, an abort or an
//! allocation sized from what the file declares. Input starting with "PK" is taken as a whole
//! archive (corrupted parts, truncated zips); any other input is cut in two at the first NUL
//! byte and wrapped in a valid workbook as its sheet XML and its shared strings, so that the
//! fuzzer explores cells (far, sparse, formulas, merged areas) rather than the zip format.
use std::io::Write as _;

use libfuzzer_sys::fuzz_target;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

fn workbook(sheet: &[u8], strings: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", strings),
    ] {
        zip.start_file(name, stored).ok()?;
        zip.write_all(body).ok()?;
    }
    zip.finish().ok().map(|c| c.into_inner())
}

/// libfuzzer's panic hook aborts before any `catch_unwind` runs; the reader catches calamine's
/// panics on malformed workbooks (a French error), so a quieter hook takes its place: it prints
/// the first few caught panics only (the fuzzer mutates around a panicking input thousands of
/// times, and a line each would bury the log and the report of a real crash) and keeps the
/// last one's text. A panic that escapes the reader is printed whole, then ends the run
/// (libfuzzer-sys aborts on it).
static QUIET_HOOK: std::sync::Once = std::sync::Once::new();

/// Caught panics printed before the hook goes quiet.
const PRINTED_PANICS: usize = 5;

static PANICS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

static LAST_PANIC: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());

fn read(bytes: &[u8]) {
    let path = std::path::Path::new("fuzz.xlsx");
    let read = std::panic::catch_unwind(|| {
        let _ = ti_atlas::io::table::xlsx_reader::read_xlsx_bytes(bytes, path, None);
    });
    if let Err(payload) = read {
        let last = LAST_PANIC.lock().map(|s| s.clone()).unwrap_or_default();
        eprintln!("panique NON rattrapée par le lecteur : {last}");
        std::panic::resume_unwind(payload);
    }
}

fuzz_target!(|data: &[u8]| {
    QUIET_HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            if let Ok(mut last) = LAST_PANIC.lock() {
                *last = info.to_string();
            }
            let n = PANICS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if n < PRINTED_PANICS {
                eprintln!("panique : {info}");
            } else if n == PRINTED_PANICS {
                eprintln!("(les paniques suivantes ne sont plus affichées : voir « NON rattrapée » pour celle qui arrêterait le fuzzing)");
            }
        }))
    });
    if data.starts_with(b"PK") {
        read(data);
        return;
    }
    let (sheet, strings) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    if let Some(bytes) = workbook(sheet, strings) {
        read(&bytes);
    }
});
