//! What can go wrong reading a table, said in French with the file and the line.

#[derive(Debug, thiserror::Error)]
pub enum TableError {
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
    #[error("{file} : pas de ligne d'en-tête (noms de colonnes)")]
    NoHeader { file: String },
    #[error(
        "{file} : aucune ligne de données sous l'en-tête ({headers}) : le fichier ne contient que les noms de colonnes{hint}"
    )]
    NoRows {
        file: String,
        headers: String,
        /// XLSX: the other sheets.
        hint: String,
    },
    #[error("{file} : {message}")]
    TooLarge { file: String, message: String },
    #[error("{file}{place} : {message}")]
    Limit {
        file: String,
        /// ", feuille « … », cellule XFD1048576" or ", ligne 1".
        place: String,
        message: String,
    },
    #[error(
        "{file}, ligne {line} : {found} champ(s) au lieu de {expected} (séparateur « {delimiter} » ; un guillemet non fermé ou un séparateur en trop ?)"
    )]
    Ragged {
        file: String,
        line: usize,
        expected: usize,
        found: usize,
        delimiter: String,
    },
    #[error("{file}, ligne {line} : {message}")]
    Csv {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file} : pas de feuille « {wanted} » (feuilles : {available})")]
    MissingSheet {
        file: String,
        wanted: String,
        available: String,
    },
    #[error(
        "{file} : classeur XLSX illisible : enregistrez-le de nouveau depuis Excel ou LibreOffice, ou exportez la feuille en CSV ({message})"
    )]
    Xlsx { file: String, message: String },
    #[error("{file}, feuille « {sheet} », cellule {cell} : {message}")]
    XlsxCell {
        file: String,
        sheet: String,
        cell: String,
        message: String,
    },
    /// `what` is a whole sentence: what is not read and what to do.
    #[error("{file} : {what}")]
    Unsupported { file: String, what: String },
    #[error("{file} : colonnes en double dans l'en-tête : {names}")]
    DuplicateHeaders { file: String, names: String },
}

impl TableError {
    /// A refused or failed read of `path` (see `io::read_file`).
    pub fn from_read(path: &std::path::Path, e: crate::io::read_file::ReadError) -> TableError {
        let file = super::file_name(path);
        match e {
            crate::io::read_file::ReadError::Io(e) => TableError::Io {
                file,
                source: crate::io::error_fr::IoFr(e),
            },
            other => TableError::Unreadable {
                file,
                message: other.to_string(),
            },
        }
    }
}
