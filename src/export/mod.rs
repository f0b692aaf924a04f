//! Exports for briefings, rendered on the CPU from the same geometry and classes as the screen:
//! the map (SVG, PNG, PDF) with its furniture, the A4 territory sheet (one territory, or every
//! territory of a région behind a cover page), and the CSV of the table view
//! ([`crate::model::indicators::value_table::to_csv`]). The app runs them on a background thread; the
//! `ti-atlas export` commands run the same code. Layers for a GIS (GeoPackage, GeoJSON, shapefile,
//! with QGIS and SLD styles) are written by [`layer`].

pub mod annotations_svg;
pub mod basemap;
pub mod bivariate_legend;
pub mod layer;
pub mod map_export;
pub mod map_frame;
pub mod map_svg;
pub mod panels_export;
pub mod render;
pub mod scatter_svg;
pub mod sheet;
pub mod svg;
pub mod tenths;

use std::path::Path;

pub use map_export::{Layout, MapExport, View, map_page, map_svg};
pub use render::RenderError;

/// A map export's file format.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Format {
    Svg,
    /// Pixels per inch written in the file (the drawing is scaled from 96 per inch).
    Png {
        dpi: f32,
    },
    Pdf,
}

impl Format {
    /// The format a file name asks for.
    pub fn from_path(path: &Path, dpi: f32) -> Option<Format> {
        match path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .as_deref()
        {
            Some("svg") => Some(Format::Svg),
            Some("png") => Some(Format::Png { dpi }),
            Some("pdf") => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// Largest PNG export, in pixels: 50 megapixels (10 000 × 5 000, or 7 000 × 7 000). The image is
/// drawn in memory at 4 bytes per pixel (200 MB at the limit) and the whole export peaks at about
/// three times that while it is encoded; beyond it, SVG and PDF are vector formats without pixels.
pub const MAX_PNG_PIXELS: f64 = 50_000_000.0;

/// Side of a map export: 16 to 20 000 pixels (SVG, PNG) or points (PDF).
pub const SIDE_RANGE: std::ops::RangeInclusive<f64> = 16.0..=20_000.0;

/// PNG resolution, in points per inch (the export window offers the same range).
pub const DPI_RANGE: std::ops::RangeInclusive<f32> = 72.0..=600.0;

/// Refuses, before anything is drawn, a size or resolution beyond the limits above (French
/// message saying the limit and what to do).
pub fn check_size(width: f64, height: f64, format: Format) -> Result<(), String> {
    if !SIDE_RANGE.contains(&width) || !SIDE_RANGE.contains(&height) {
        return Err(format!(
            "taille d'export impossible : {} × {} (chaque côté de {} à {})",
            crate::format::decimal_fr(width, 0),
            crate::format::decimal_fr(height, 0),
            crate::format::int_fr(*SIDE_RANGE.start() as u64),
            crate::format::int_fr(*SIDE_RANGE.end() as u64)
        ));
    }
    if let Format::Png { dpi } = format {
        if !DPI_RANGE.contains(&dpi) {
            return Err(format!(
                "résolution impossible : {dpi} ppp (de {} à {} points par pouce)",
                DPI_RANGE.start(),
                DPI_RANGE.end()
            ));
        }
        let pixels = width.round() * height.round();
        if pixels > MAX_PNG_PIXELS {
            return Err(format!(
                "image trop grande : {} × {} = {} mégapixels, la limite est de {} mégapixels \
                 (environ {}\u{a0}Mo de mémoire à 4 octets par pixel, le triple pendant l'encodage) ; \
                 réduisez la largeur ou la hauteur, ou exportez en SVG ou en PDF (vectoriels)",
                crate::format::decimal_fr(width, 0),
                crate::format::decimal_fr(height, 0),
                crate::format::decimal_fr(pixels / 1e6, 0),
                crate::format::decimal_fr(MAX_PNG_PIXELS / 1e6, 0),
                crate::format::decimal_fr(MAX_PNG_PIXELS * 4.0 / 1e6, 0)
            ));
        }
    }
    Ok(())
}

/// Paper sizes in PDF points (defined with the composition, which the panels may read).
pub use crate::carto::paper::{A3_LANDSCAPE, A4_LANDSCAPE, A4_PORTRAIT};

/// Why an export failed, in French.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Write(#[from] crate::io::atomic::WriteError),
    #[error(transparent)]
    Output(#[from] crate::io::output::OutputError),
    #[error("{0}")]
    Invalid(String),
}

/// The bytes of a map export. For PNG, `spec.width` × `spec.height` are the image's pixels;
/// the drawing is laid out at 96 per inch and scaled to the DPI.
pub fn map_bytes(
    dataset: &crate::model::Dataset,
    scene: &crate::carto::MapScene,
    spec: &MapExport,
    format: Format,
) -> Result<Vec<u8>, ExportError> {
    check_size(spec.width, spec.height, format).map_err(ExportError::Invalid)?;
    Ok(match format {
        Format::Svg => map_svg(dataset, scene, spec).into_bytes(),
        Format::Pdf => render::pdf(
            &[map_svg(dataset, scene, spec)],
            &render::PdfInfo {
                title: spec.title.clone(),
                subject: "Carte des Territoires d'industrie".into(),
            },
        )?,
        Format::Png { dpi } => {
            let scale = (f64::from(dpi.max(1.0)) / 96.0).clamp(0.1, 20.0);
            let drawing = MapExport {
                width: spec.width / scale,
                height: spec.height / scale,
                ..spec.clone()
            };
            render::png(&map_svg(dataset, scene, &drawing), scale as f32, dpi)?
        }
    })
}

/// Writes an export through the output guard ([`crate::io::output`]): its kind read from the
/// bytes themselves (a PDF, a PNG, an SVG; other text is the CSV of the table), so the extension
/// is checked against what is actually written; never over an input or a file of another type,
/// atomically (never a half-written file in place of a good one).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    use crate::io::output::{OutputKind, write};
    Ok(write(
        path,
        OutputKind::of_bytes(bytes, OutputKind::Csv),
        bytes,
    )?)
}

/// The output kind of a map export format.
pub fn output_kind(format: Format) -> crate::io::output::OutputKind {
    use crate::io::output::OutputKind;
    match format {
        Format::Svg => OutputKind::Svg,
        Format::Png { .. } => OutputKind::Png,
        Format::Pdf => OutputKind::Pdf,
    }
}
