//! The application icon: `assets/icons/ti-atlas.svg` is the drawing; the PNG sizes of the
//! hicolor theme under `assets/icons/hicolor/` are its renders by resvg (the exports' renderer).
//! `UPDATE_ICONS=1 cargo test --release --test icons` writes them again after the SVG changed.

use std::path::{Path, PathBuf};

use resvg::tiny_skia::Pixmap;

/// The PNG sizes installed in the hicolor theme (the window icon is the 128 one).
const SIZES: [u32; 7] = [16, 24, 32, 48, 64, 128, 256];

fn icons_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/icons")
}

fn png_path(size: u32) -> PathBuf {
    icons_dir().join(format!("hicolor/{size}x{size}/apps/ti-atlas.png"))
}

fn svg() -> String {
    std::fs::read_to_string(icons_dir().join("ti-atlas.svg")).expect("assets/icons/ti-atlas.svg")
}

fn render(svg: &str, size: u32) -> Vec<u8> {
    // The drawing is 256 units wide.
    ti_atlas::export::render::png(svg, size as f32 / 256.0, 0.0).expect("the icon renders")
}

fn decode(png: &[u8]) -> Pixmap {
    Pixmap::decode_png(png).expect("a PNG")
}

#[test]
fn committed_pngs_are_the_renders_of_the_svg() {
    let svg = svg();
    let update = std::env::var_os("UPDATE_ICONS").is_some();
    for size in SIZES {
        let fresh = render(&svg, size);
        let path = png_path(size);
        if update {
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("icon folder");
            std::fs::write(&path, &fresh).expect("icon written");
        }
        let committed = std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "{} absent ({e}) : UPDATE_ICONS=1 cargo test --release --test icons",
                path.display()
            )
        });
        let (a, b) = (decode(&fresh), decode(&committed));
        assert_eq!((b.width(), b.height()), (size, size), "{}", path.display());
        // Same renderer, same drawing: equal up to rounding of a future resvg.
        let worst = a
            .data()
            .iter()
            .zip(b.data())
            .map(|(x, y)| x.abs_diff(*y))
            .max()
            .unwrap_or(0);
        assert!(
            worst <= 8,
            "{} differs from the SVG's render (up to {worst} per channel): UPDATE_ICONS=1 cargo test --release --test icons",
            path.display()
        );
    }
}

#[test]
fn the_icon_shows_teal_land_and_the_orange_windows() {
    let big = decode(&render(&svg(), 256));
    let at = |x: u32, y: u32| {
        let p = big.pixel(x, y).expect("inside");
        [p.red(), p.green(), p.blue(), p.alpha()]
    };
    // Corner: transparent outside the rounded square.
    assert_eq!(at(1, 1)[3], 0);
    // Background teal, France's land, a factory window.
    assert_eq!(at(20, 128), [0x0e, 0x3e, 0x53, 255]);
    assert_eq!(at(128, 60), [0xf8, 0xf6, 0xf1, 255]);
    assert_eq!(at(106, 139), [0xd9, 0x5f, 0x02, 255]);
}
