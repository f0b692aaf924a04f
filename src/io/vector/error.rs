//! What can go wrong reading a layer, in French, with the file and the feature.

#[derive(Debug, thiserror::Error)]
pub enum VectorError {
    /// The system's error, said in French (no English `source()` behind it).
    #[error("{file} : lecture impossible : {source}")]
    Io {
        file: String,
        #[source]
        source: crate::io::error_fr::IoFr,
    },
    #[error("{file} : le fichier est vide")]
    Empty { file: String },
    /// Not read: not a regular file, or beyond the size limit (see `io::read_file`).
    #[error("{file} : {message}")]
    Unreadable { file: String, message: String },
    #[error("{file} : aucune entité (collection d'objets vide) : rien à importer")]
    NoFeature { file: String },
    #[error("{file} : {message}")]
    TooLarge { file: String, message: String },
    #[error(
        "{file} : fichier compagnon manquant : {missing} (un shapefile va avec ses fichiers .shx et .dbf du même nom)"
    )]
    MissingCompanion { file: String, missing: String },
    #[error("{file} : JSON invalide, ligne {line}, colonne {column} : {message}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file} : ce n'est pas du GeoJSON : {message}")]
    NotGeoJson { file: String, message: String },
    #[error(
        "{file} : projection inconnue : {name} (projections prises en charge : WGS84, Lambert-93, CC42 à CC50, Web Mercator, UTM, NTF Paris en grades, Lambert II étendu)"
    )]
    UnknownProjection { file: String, name: String },
    #[error(
        "{file} : {declared}, mais les coordonnées ne sont pas des degrés (ex. {x} ; {y}){likely} : {fix}"
    )]
    NotDegrees {
        file: String,
        /// How the projection was declared (or not), in French.
        declared: String,
        x: f64,
        y: f64,
        /// " ; elles ressemblent à du Lambert-93 (EPSG:2154)", or empty.
        likely: String,
        /// What to do.
        fix: String,
    },
    #[error("{file} : shapefile illisible : {message}")]
    Shapefile { file: String, message: String },
    #[error("{file} : {message}")]
    GeoPackage { file: String, message: String },
    #[error("{file}, objet n° {record} : {message}")]
    ShapefileRecord {
        file: String,
        record: usize,
        message: String,
    },
    #[error("{file} : aucun objet lisible ({skipped} objet(s) écarté(s) : {first})")]
    NothingReadable {
        file: String,
        skipped: usize,
        first: String,
    },
}

impl VectorError {
    /// A refused or failed read of `path` (see `io::read_file`).
    pub fn from_read(path: &std::path::Path, e: crate::io::read_file::ReadError) -> VectorError {
        let file = crate::io::table::file_name(path);
        match e {
            crate::io::read_file::ReadError::Io(e) => VectorError::Io {
                file,
                source: crate::io::error_fr::IoFr(e),
            },
            other => VectorError::Unreadable {
                file,
                message: other.to_string(),
            },
        }
    }
}
