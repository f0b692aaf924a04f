#![no_main]
//! Any bytes through the GeoJSON reader: a layer or a French error, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ti_atlas::io::vector::geojson_reader::read_geojson_bytes(
        data,
        std::path::Path::new("fuzz.geojson"),
    );
});
