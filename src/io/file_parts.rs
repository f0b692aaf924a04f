//! Lists what a file holds that the user may choose between before importing it (the sheets of
//! a workbook, the layers of a GeoPackage), within the importers' own limits and checks.

use std::path::Path;

pub use crate::model::imports::file_parts::{FileParts, LayerPart};

/// Lists what `path` holds (French message naming the file when it cannot be read).
pub fn parts_of(path: &Path) -> Result<FileParts, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "gpkg" => {
            let layers = crate::io::vector::gpkg_reader::list_layers(path)
                .map_err(|e| crate::io::error_fr::chain_fr(&e))?;
            Ok(FileParts::Layers(
                layers
                    .iter()
                    .map(|l| LayerPart {
                        name: l.table.clone(),
                        described: l.describe(),
                        importable: l.importable(),
                    })
                    .collect(),
            ))
        }
        "shp" | "geojson" | "json" => Ok(FileParts::Single),
        _ => {
            let sheets = crate::io::table::sheet_names(path)
                .map_err(|e| crate::io::error_fr::chain_fr(&e))?;
            Ok(if sheets.is_empty() {
                FileParts::Single
            } else {
                FileParts::Sheets(sheets)
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_has_nothing_to_choose_and_a_missing_file_is_said_in_french() {
        let dir = std::env::temp_dir().join(format!("ti-atlas-parts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let csv = dir.join("t.csv");
        std::fs::write(&csv, "code;valeur\n01001;3\n").unwrap();
        assert_eq!(parts_of(&csv), Ok(FileParts::Single));
        let missing = parts_of(&dir.join("absent.xlsx")).unwrap_err();
        assert!(missing.contains("absent.xlsx"), "{missing}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
