#![no_main]
//! Any bytes as a shapefile's .shp, .shx and .dbf (the input is cut in three): a layer or a
//! French error, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let a = usize::from(data[0]) * 4;
    let b = usize::from(data[1]) * 4;
    let rest = &data[2..];
    let (shp, rest) = rest.split_at(a.min(rest.len()));
    let (shx, dbf) = rest.split_at(b.min(rest.len()));
    let dir = std::env::temp_dir().join(format!("ti-atlas-fuzz-shp-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let path = dir.join("x.shp");
    let ok = std::fs::write(&path, shp).is_ok()
        && std::fs::write(dir.join("x.shx"), shx).is_ok()
        && std::fs::write(dir.join("x.dbf"), dbf).is_ok();
    if ok {
        let _ = ti_atlas::io::vector::read_vector(&path);
    }
});
