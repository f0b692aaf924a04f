//! Golden images of the exports (PNG drawn by tiny-skia), compared within a tolerance.

/// Compares a PNG with `tests/snapshots/{name}.png` (written when `UPDATE_SNAPSHOTS` is set):
/// a pixel counts as changed when a channel moves by more than [`PIXEL_TOLERANCE`], and at
/// most [`CHANGED_SHARE`] of them may (the renderer is tiny-skia, the same on every machine;
/// the margin absorbs anti-aliasing). On failure the new image is written beside it as
/// `{name}.new.png`.
pub fn assert_png_golden(name: &str, png: &[u8]) {
    const PIXEL_TOLERANCE: u8 = 24;
    const CHANGED_SHARE: f64 = 0.001;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let path = dir.join(format!("{name}.png"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(&path, png).expect("write the golden");
        return;
    }
    let decode = |bytes: &[u8]| resvg::tiny_skia::Pixmap::decode_png(bytes).expect("a PNG");
    let golden = decode(&std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{} : image de référence absente ({e}) ; UPDATE_SNAPSHOTS=1 la crée",
            path.display()
        )
    }));
    let new = decode(png);
    let new_path = dir.join(format!("{name}.new.png"));
    if (golden.width(), golden.height()) != (new.width(), new.height()) {
        std::fs::write(&new_path, png).expect("write");
        panic!(
            "{name}: size {}×{} instead of {}×{}",
            new.width(),
            new.height(),
            golden.width(),
            golden.height()
        );
    }
    let changed = golden
        .data()
        .chunks(4)
        .zip(new.data().chunks(4))
        .filter(|(a, b)| {
            a.iter()
                .zip(b.iter())
                .any(|(x, y)| x.abs_diff(*y) > PIXEL_TOLERANCE)
        })
        .count();
    let share = changed as f64 / f64::from(golden.width() * golden.height());
    if share > CHANGED_SHARE {
        std::fs::write(&new_path, png).expect("write");
        panic!(
            "{name}: {changed} pixels changed ({:.3} %), see {}",
            share * 100.0,
            new_path.display()
        );
    }
}
