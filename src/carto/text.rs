//! The map's fonts (DejaVu Sans regular and bold, embedded) and text measurement from their
//! real glyph advances. Labels are measured here for both the screen and the page (the screen
//! draws them in the same font), so boxes fit their text and the same names are placed.

use std::sync::OnceLock;

pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

fn face(bold: bool) -> Option<&'static ttf_parser::Face<'static>> {
    static FACES: OnceLock<[Option<ttf_parser::Face<'static>>; 2]> = OnceLock::new();
    FACES
        .get_or_init(|| {
            [
                ttf_parser::Face::parse(REGULAR, 0).ok(),
                ttf_parser::Face::parse(BOLD, 0).ok(),
            ]
        })
        .get(usize::from(bold))
        .and_then(Option::as_ref)
}

/// Width of `text` at `size` (same unit as the size), from the font's advances; characters
/// the font lacks count as 0.6 em.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let Some(face) = face(bold) else {
        return text.chars().count() as f64 * size * 0.6;
    };
    let em = f64::from(face.units_per_em());
    text.chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(0.6, |a| f64::from(a) / em)
        })
        .sum::<f64>()
        * size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        let w = text_width("Densité", 10.0, false);
        assert!(w > 30.0 && w < 50.0, "{w}");
        assert!(text_width("Densité", 10.0, true) > w);
        assert!((text_width("ii", 10.0, false) - 2.0 * text_width("i", 10.0, false)).abs() < 1e-9);
        assert!(text_width("MMM", 10.0, false) > text_width("iii", 10.0, false));
    }
}
