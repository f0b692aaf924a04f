//! What a file holds that the user may choose between before importing it: the sheets of a
//! workbook, the layers of a GeoPackage (listed by `io::file_parts`).

/// The parts of a file, in the file's order.
#[derive(Clone, Debug, PartialEq)]
pub enum FileParts {
    /// One table or one layer (CSV, GeoJSON, shapefile): nothing to choose.
    Single,
    /// A workbook's sheets.
    Sheets(Vec<String>),
    /// A GeoPackage's feature tables.
    Layers(Vec<LayerPart>),
}

/// A GeoPackage layer as the chooser lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerPart {
    /// The table's name (what `--layer` and the import take).
    pub name: String,
    /// "communes (polygones)".
    pub described: String,
    /// Polygons or points: the atlas can import it.
    pub importable: bool,
}
