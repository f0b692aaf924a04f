#![no_main]
//! Any text through the French number parser and the coordinate parser.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = ti_atlas::io::table::numbers::parse_number_fr(s);
        let _ = ti_atlas::model::imports::projects::parse_lat_lon(s);
        let _ = ti_atlas::format::parse_breaks_fr(s);
    }
});
