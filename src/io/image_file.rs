//! An image the user puts on the map (a logo): PNG or SVG, at most 2 Mo, its size read from
//! the file (PNG's header, SVG's `viewBox` or `width`/`height`). Nothing is decoded here: the
//! painters do, from the bytes kept with the map.

use std::path::Path;

use super::read_file::read_capped;

/// The largest image accepted (bytes): a logo, not a photograph.
pub const MAX_IMAGE_BYTES: u64 = 2 * 1024 * 1024;

/// An image file's bytes and size.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageFile {
    pub svg: bool,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

/// Reads an image; the message names the file and says what is wrong, in French.
pub fn read_image(path: &Path) -> Result<ImageFile, String> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = read_capped(path, MAX_IMAGE_BYTES).map_err(|e| match e {
        super::read_file::ReadError::TooLarge { .. } => format!(
            "{name} : image de plus de 2 Mo ; réduisez-la (un logo de quelques centaines de pixels suffit)"
        ),
        other => format!("{name} : {other}"),
    })?;
    image_of_bytes(bytes).map_err(|e| format!("{name} : {e}"))
}

/// The size of a PNG or SVG image from its bytes.
pub fn image_of_bytes(bytes: Vec<u8>) -> Result<ImageFile, String> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.starts_with(PNG) {
        let (width, height) = png_size(&bytes)
            .ok_or("PNG abîmé : son en-tête (IHDR) ne donne pas de taille lisible")?;
        return Ok(ImageFile {
            svg: false,
            width,
            height,
            bytes,
        });
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]).into_owned();
    if head.contains("<svg") {
        let (width, height) = svg_size(&head).ok_or(
            "SVG sans taille : son élément <svg> n'a ni viewBox ni largeur et hauteur en nombres",
        )?;
        return Ok(ImageFile {
            svg: true,
            width,
            height,
            bytes,
        });
    }
    Err("ni PNG ni SVG : choisissez une image .png ou .svg".into())
}

/// Width and height from a PNG's IHDR chunk (the first, right after the signature).
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(bytes.get(16..20)?.try_into().ok()?);
    let h = u32::from_be_bytes(bytes.get(20..24)?.try_into().ok()?);
    (w > 0 && h > 0 && u64::from(w) * u64::from(h) <= 25_000_000).then_some((w, h))
}

/// Width and height of an SVG's root element: its `viewBox`, else its `width` and `height`.
fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| {
        let at = tag
            .find(&format!(" {name}="))
            .or_else(|| tag.find(&format!("\n{name}=")))?;
        let rest = &tag[at + name.len() + 2..];
        let quote = rest.chars().next()?;
        let rest = &rest[1..];
        Some(rest[..rest.find(quote)?].to_owned())
    };
    let number = |v: &str| {
        v.trim()
            .trim_end_matches("px")
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && *n > 0.0 && *n < 1e6)
    };
    let (w, h) = match attr("viewBox") {
        Some(vb) => {
            let parts: Vec<f64> = vb
                .split([' ', ','])
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.parse().ok())
                .collect();
            match parts.as_slice() {
                [_, _, w, h] if *w > 0.0 && *h > 0.0 && w.is_finite() && h.is_finite() => (*w, *h),
                _ => return None,
            }
        }
        None => (number(&attr("width")?)?, number(&attr("height")?)?),
    };
    let scale = 1000.0 / w.max(h);
    Some((
        ((w * scale).round() as u32).max(1),
        ((h * scale).round() as u32).max(1),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_header(w: u32, h: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        b.extend(w.to_be_bytes());
        b.extend(h.to_be_bytes());
        b.extend([8, 6, 0, 0, 0]);
        b
    }

    #[test]
    fn a_png_gives_its_size_from_its_header() {
        let img = image_of_bytes(png_header(320, 80)).unwrap();
        assert_eq!((img.svg, img.width, img.height), (false, 320, 80));
        let err = image_of_bytes(png_header(0, 80)).unwrap_err();
        assert!(err.contains("IHDR"), "{err}");
    }

    #[test]
    fn an_svg_gives_its_shape_from_its_view_box_or_its_size() {
        let vb = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50"><rect/></svg>"#;
        let img = image_of_bytes(vb.to_vec()).unwrap();
        assert!(img.svg);
        assert_eq!((img.width, img.height), (1000, 250));
        let wh = br#"<svg width="30px" height='60' xmlns="http://www.w3.org/2000/svg"></svg>"#;
        let img = image_of_bytes(wh.to_vec()).unwrap();
        assert_eq!((img.width, img.height), (500, 1000));
        let none = br#"<svg xmlns="http://www.w3.org/2000/svg"></svg>"#;
        assert!(
            image_of_bytes(none.to_vec())
                .unwrap_err()
                .contains("SVG sans taille")
        );
        assert!(
            image_of_bytes(b"GIF89a".to_vec())
                .unwrap_err()
                .contains("ni PNG ni SVG")
        );
    }

    #[test]
    fn a_missing_file_is_named() {
        let err = read_image(Path::new("/nonexistent/logo.png")).unwrap_err();
        assert!(err.starts_with("logo.png : "), "{err}");
    }
}
