//! What can go wrong reading a layer, in French, with the file and the feature.

#[derive(Debug, thiserror::Error)]
pub enum VectorError {
    #[error("{file} : lecture impossible : {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file} : le fichier est vide")]
    Empty { file: String },
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
        "{file} : projection inconnue : {name} (projections prises en charge : WGS84, Lambert-93, CC42 à CC50, Web Mercator, UTM)"
    )]
    UnknownProjection { file: String, name: String },
    #[error(
        "{file} : pas de fichier .prj et des coordonnées qui ne sont pas des degrés (ex. {x} ; {y}) : projection inconnue, ajoutez le fichier .prj"
    )]
    NoProjection { file: String, x: f64, y: f64 },
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
