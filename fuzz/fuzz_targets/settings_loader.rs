#![no_main]
//! Any bytes as the settings file: settings or a French reason, never a panic, never English.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(why) = ti_atlas::io::settings_file::decode(data) {
        assert!(!why.is_empty());
    }
});
