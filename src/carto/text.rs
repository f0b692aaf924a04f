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

/// Characters whose advances are kept in a table (Basic Latin, Latin-1, Latin Extended-A
/// and -B: every French name), so that measuring the thousands of names a map considers
/// does not look glyphs up in the font each time.
const TABLE: usize = 0x250;

/// The advance of `c` in em, looked up in the font.
fn advance(face: &ttf_parser::Face<'_>, c: char) -> f64 {
    let em = f64::from(face.units_per_em());
    face.glyph_index(c)
        .and_then(|g| face.glyph_hor_advance(g))
        .map_or(0.6, |a| f64::from(a) / em)
}

fn table(bold: bool) -> Option<&'static [f64]> {
    static TABLES: OnceLock<[Option<Vec<f64>>; 2]> = OnceLock::new();
    TABLES
        .get_or_init(|| {
            [false, true].map(|b| {
                face(b).map(|f| {
                    (0..TABLE as u32)
                        .map(|u| char::from_u32(u).map_or(0.6, |c| advance(f, c)))
                        .collect()
                })
            })
        })
        .get(usize::from(bold))
        .and_then(Option::as_deref)
}

/// Width of `text` at `size` (same unit as the size), from the font's advances; characters
/// the font lacks count as 0.6 em.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let (Some(face), Some(table)) = (face(bold), table(bold)) else {
        return text.chars().count() as f64 * size * 0.6;
    };
    text.chars()
        .map(|c| {
            table
                .get(c as usize)
                .copied()
                .unwrap_or_else(|| advance(face, c))
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

    #[test]
    fn the_table_gives_the_font_s_own_advances() {
        let face = face(false).expect("font");
        for c in ['a', 'é', 'Œ', 'ſ', '’', '–', 'ł', 'ŷ'] {
            let direct = advance(face, c) * 12.0;
            assert!(
                (text_width(&c.to_string(), 12.0, false) - direct).abs() < 1e-12,
                "{c}"
            );
        }
        // Beyond the table ('’' and '–' above), the font is asked.
        assert!(text_width("’", 10.0, false) > 0.0);
    }
}
