//! From the export drawing (SVG) to files: the SVG itself, a PNG rasterised on the CPU
//! (resvg), a PDF with real, selectable text (svg2pdf); several pages in one PDF.

use std::sync::{Arc, OnceLock};

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};
use svg2pdf::usvg;

use crate::carto::text::{BOLD as FONT_BOLD, REGULAR as FONT_REGULAR};

/// Why an export could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("dessin d'export illisible : {0}")]
    Svg(String),
    #[error("conversion en PDF impossible : {0}")]
    Pdf(String),
    #[error("image PNG impossible : {0}")]
    Png(String),
    #[error("taille d'image impossible : {0} × {1} pixels")]
    Size(u32, u32),
}

fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(FONT_REGULAR.to_vec());
        db.load_font_data(FONT_BOLD.to_vec());
        db.set_sans_serif_family(super::svg::FONT_FAMILY);
        usvg::Options {
            font_family: super::svg::FONT_FAMILY.to_owned(),
            fontdb: Arc::new(db),
            ..usvg::Options::default()
        }
    })
}

/// Parses an export drawing (text shaped with the embedded fonts).
pub fn tree(svg: &str) -> Result<usvg::Tree, RenderError> {
    usvg::Tree::from_str(svg, options()).map_err(|e| RenderError::Svg(e.to_string()))
}

/// The drawing's pixels (premultiplied RGBA, row by row), `scale` pixels per drawing unit:
/// what the page preview on screen shows.
pub fn pixels(svg: &str, scale: f32) -> Result<(u32, u32, Vec<u8>), RenderError> {
    let tree = tree(svg)?;
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).round().max(1.0) as u32,
        (size.height() * scale).round().max(1.0) as u32,
    );
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).ok_or(RenderError::Size(w, h))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok((w, h, pixmap.take()))
}

/// A PNG of the drawing, `scale` device pixels per drawing unit, with its DPI recorded.
pub fn png(svg: &str, scale: f32, dpi: f32) -> Result<Vec<u8>, RenderError> {
    let tree = tree(svg)?;
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).round() as u32,
        (size.height() * scale).round() as u32,
    );
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).ok_or(RenderError::Size(w, h))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let png = pixmap
        .encode_png()
        .map_err(|e| RenderError::Png(e.to_string()))?;
    Ok(with_dpi(png, dpi))
}

/// Inserts a pHYs chunk (pixels per metre) after the IHDR chunk so that the PNG prints at its
/// intended size.
fn with_dpi(png: Vec<u8>, dpi: f32) -> Vec<u8> {
    // Signature (8) + IHDR chunk (4 length + 4 type + 13 data + 4 CRC).
    const AFTER_IHDR: usize = 8 + 25;
    if png.len() < AFTER_IHDR || dpi <= 0.0 {
        return png;
    }
    let ppm = (f64::from(dpi) / 0.0254).round() as u32;
    let mut data = Vec::with_capacity(9);
    data.extend_from_slice(&ppm.to_be_bytes());
    data.extend_from_slice(&ppm.to_be_bytes());
    data.push(1); // unit: metre
    let mut chunk = Vec::with_capacity(21);
    chunk.extend_from_slice(&9u32.to_be_bytes());
    let mut typed = b"pHYs".to_vec();
    typed.extend_from_slice(&data);
    chunk.extend_from_slice(&typed);
    chunk.extend_from_slice(&crc32(&typed).to_be_bytes());
    let mut out = Vec::with_capacity(png.len() + chunk.len());
    out.extend_from_slice(&png[..AFTER_IHDR]);
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&png[AFTER_IHDR..]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Document information written in every PDF.
#[derive(Clone, Debug, Default)]
pub struct PdfInfo {
    pub title: String,
    pub subject: String,
}

/// One page converted by svg2pdf: its objects, the drawing's object and the page's size.
type PageChunk = (pdf_writer::Chunk, Ref, usvg::Size);

/// One page's drawing parsed (text shaped) and converted to PDF objects.
fn convert_page(svg: &str) -> Result<PageChunk, RenderError> {
    let tree = tree(svg)?;
    let (chunk, svg_id) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
        .map_err(|e| RenderError::Pdf(e.to_string()))?;
    Ok((chunk, svg_id, tree.size()))
}

/// The pages converted in their order; several pages (a sheet, a région batch) on the
/// machine's cores, each page wholly on one thread (parsing, text shaping and compressing a
/// page is most of a PDF's time, and the pages do not depend on each other).
fn convert_pages(pages: &[String]) -> Vec<Result<PageChunk, RenderError>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(pages.len());
    if workers <= 1 {
        return pages.iter().map(|svg| convert_page(svg)).collect();
    }
    let mut done: Vec<(usize, Result<PageChunk, RenderError>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                std::thread::Builder::new()
                    .name(format!("pdf-pages-{w}"))
                    .spawn_scoped(scope, move || {
                        pages
                            .iter()
                            .enumerate()
                            .skip(w)
                            .step_by(workers)
                            .map(|(i, svg)| (i, convert_page(svg)))
                            .collect::<Vec<_>>()
                    })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h {
                Ok(h) => h
                    .join()
                    .unwrap_or_else(|_| vec![(usize::MAX, Err(stopped()))]),
                Err(_) => vec![(usize::MAX, Err(stopped()))],
            })
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, page)| page).collect()
}

/// A conversion thread that could not start or stopped: the PDF is not written.
fn stopped() -> RenderError {
    RenderError::Pdf("une page n'a pas pu être convertie (fil de calcul arrêté)".into())
}

/// One PDF of `pages` (each an export drawing whose units are PDF points).
pub fn pdf(pages: &[String], info: &PdfInfo) -> Result<Vec<u8>, RenderError> {
    let mut alloc = Ref::new(1);
    let catalog_id = alloc.bump();
    let page_tree_id = alloc.bump();
    let info_id = alloc.bump();
    let mut pdf = Pdf::new();
    let mut page_ids = Vec::with_capacity(pages.len());
    let mut chunks = Vec::with_capacity(pages.len());
    for page in convert_pages(pages) {
        let (chunk, svg_id, size) = page?;
        // Renumber the chunk's objects after ours, page after page (the same numbers whatever
        // thread converted the page).
        let mut map = std::collections::HashMap::new();
        let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
        let svg_id = map
            .get(&svg_id)
            .copied()
            .ok_or_else(|| RenderError::Pdf("objet SVG introuvable après renumérotation".into()))?;
        page_ids.push((alloc.bump(), alloc.bump(), svg_id, size));
        chunks.push(chunk);
    }
    pdf.catalog(catalog_id).pages(page_tree_id);
    pdf.pages(page_tree_id)
        .kids(page_ids.iter().map(|p| p.0))
        .count(page_ids.len() as i32);
    let name = Name(b"S1");
    for &(page_id, content_id, svg_id, size) in &page_ids {
        let (w, h) = (size.width(), size.height());
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, w, h));
        page.parent(page_tree_id);
        page.contents(content_id);
        page.resources().x_objects().pair(name, svg_id);
        page.finish();
        let mut content = Content::new();
        content.transform([w, 0.0, 0.0, h, 0.0, 0.0]);
        content.x_object(name);
        pdf.stream(content_id, &content.finish());
    }
    for chunk in &chunks {
        pdf.extend(chunk);
    }
    let mut doc_info = pdf.document_info(info_id);
    doc_info.title(TextStr(&info.title));
    doc_info.subject(TextStr(&info.subject));
    doc_info.creator(TextStr("ti-atlas"));
    doc_info.finish();
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crc_of_png_chunks_is_the_standard_one() {
        // CRC-32 of "IEND" as every PNG ends with it.
        assert_eq!(crc32(b"IEND"), 0xae42_6082);
    }
}
