#![no_main]
//! Any bytes through the CSV reader: a table or a French error, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ti_atlas::io::table::csv_reader::read_csv_bytes(data, std::path::Path::new("fuzz.csv"));
});
