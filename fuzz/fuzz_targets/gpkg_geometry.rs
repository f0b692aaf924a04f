#![no_main]
//! Any bytes as a GeoPackage geometry blob (header + WKB): a geometry, nothing, or a French
//! error, never a panic nor an allocation sized by a count the bytes cannot hold.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ti_atlas::io::vector::gpkg_geometry::read_gpkg_blob(data);
});
