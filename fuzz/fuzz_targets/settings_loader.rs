#![no_main]
//! Any bytes as the settings file (its map settings: indicator, method, classes, palette, breaks…):
//! settings or a French reason, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(why) = ti_atlas::io::settings_file::decode::<ti_atlas::carto::MapSettings>(data) {
        assert!(!why.is_empty());
    }
});
