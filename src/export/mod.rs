//! Exports for briefings, rendered on the CPU from the same geometry and classes as the screen:
//! the map (SVG, PNG, PDF) with its furniture, the A4 territory sheet (one territory, or every
//! territory of a région behind a cover page), and the CSV of the table view
//! ([`crate::model::indicators::value_table::to_csv`]). The app runs them on a background thread; the
//! `ti-atlas export` commands run the same code.

pub mod basemap;
pub mod bivariate_legend;
pub mod map_export;
pub mod map_frame;
pub mod map_svg;
pub mod render;
pub mod scatter_svg;
pub mod sheet;
pub mod svg;

use std::path::Path;

pub use map_export::{Layout, MapExport, View, map_svg};
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

/// Paper sizes in PDF points.
pub const A4_PORTRAIT: (f64, f64) = (595.28, 841.89);
pub const A4_LANDSCAPE: (f64, f64) = (841.89, 595.28);
pub const A3_LANDSCAPE: (f64, f64) = (1190.55, 841.89);

/// Why an export failed, in French.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Write(#[from] crate::io::atomic::WriteError),
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
    if !(spec.width >= 16.0
        && spec.height >= 16.0
        && spec.width <= 20_000.0
        && spec.height <= 20_000.0)
    {
        return Err(ExportError::Invalid(format!(
            "taille d'export impossible : {} × {} (de 16 à 20 000)",
            spec.width, spec.height
        )));
    }
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

/// Writes bytes atomically (never a half-written file in place of a good one).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    Ok(crate::io::atomic::write_atomic(path, bytes)?)
}
