//! Operating-system errors said once, in French: what happened and what to do, the system's own
//! code in parentheses ("fichier ou dossier introuvable (erreur système 2)"), never Rust's English
//! text nor the same sentence twice.

use std::io::ErrorKind;

/// The French sentence for an I/O error.
pub fn io_error_fr(e: &std::io::Error) -> String {
    let what = match e.kind() {
        ErrorKind::NotFound => "fichier ou dossier introuvable (vérifiez le chemin)",
        ErrorKind::PermissionDenied => {
            "accès refusé (droits insuffisants ou fichier ouvert ailleurs en écriture)"
        }
        ErrorKind::IsADirectory => "c'est un dossier, pas un fichier",
        ErrorKind::NotADirectory => "un élément du chemin n'est pas un dossier",
        ErrorKind::AlreadyExists => "le fichier existe déjà",
        ErrorKind::DirectoryNotEmpty => "le dossier n'est pas vide",
        ErrorKind::ReadOnlyFilesystem => "support en lecture seule",
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "disque plein (ou quota atteint)",
        ErrorKind::FileTooLarge => "fichier trop grand pour le système de fichiers",
        ErrorKind::InvalidFilename => "nom de fichier invalide ou trop long",
        ErrorKind::InvalidData => "contenu invalide (le texte n'est pas de l'UTF-8 ?)",
        ErrorKind::UnexpectedEof => "fichier tronqué (fin atteinte trop tôt)",
        ErrorKind::Interrupted => "lecture interrompue",
        ErrorKind::TimedOut => "délai dépassé",
        ErrorKind::OutOfMemory => "mémoire insuffisante",
        ErrorKind::ResourceBusy => "fichier ou périphérique occupé",
        ErrorKind::CrossesDevices => "déplacement impossible d'un disque à un autre",
        ErrorKind::Unsupported => "opération non prise en charge par le système",
        ErrorKind::BrokenPipe => "la sortie a été fermée",
        // A loop of symbolic links (its kind is not stable in std yet).
        _ if e.raw_os_error() == Some(libc::ELOOP) => {
            "trop de liens symboliques à suivre (une boucle de liens ?)"
        }
        _ => "erreur du système",
    };
    match e.raw_os_error() {
        Some(code) => format!("{what} (erreur système {code})"),
        None => what.to_owned(),
    }
}

/// An I/O error that displays in French and has no English `source()` behind it, for error types
/// that wrap one (`#[source] IoFr`): printing the chain says it once.
#[derive(Debug)]
pub struct IoFr(pub std::io::Error);

impl std::fmt::Display for IoFr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&io_error_fr(&self.0))
    }
}

impl std::error::Error for IoFr {}

impl From<std::io::Error> for IoFr {
    fn from(e: std::io::Error) -> Self {
        IoFr(e)
    }
}

/// Every message of an error chain joined by " : ", each said once: a cause whose text is already
/// in what was said is skipped, and an I/O error is said in French.
pub fn chain_fr(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = String::new();
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = next {
        let text = match err.downcast_ref::<std::io::Error>() {
            Some(io) => io_error_fr(io),
            None => err.to_string(),
        };
        // A wrapper that already printed its cause in English: replace that part.
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            let english = io.to_string();
            if out.contains(&english) {
                out = out.replace(&english, &text);
                next = err.source();
                continue;
            }
        }
        if !text.is_empty() && !out.contains(&text) {
            if !out.is_empty() {
                out.push_str(" : ");
            }
            out.push_str(&text);
        }
        next = err.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("{file} : lecture impossible : {source}")]
    struct Wrapper {
        file: String,
        #[source]
        source: std::io::Error,
    }

    fn missing() -> std::io::Error {
        std::fs::read("/ce/chemin/n/existe/pas").unwrap_err()
    }

    #[test]
    fn the_usual_kinds_are_french_with_the_system_code() {
        let text = io_error_fr(&missing());
        assert_eq!(
            text,
            "fichier ou dossier introuvable (vérifiez le chemin) (erreur système 2)"
        );
        let dir = std::fs::read(std::env::temp_dir()).unwrap_err();
        assert!(
            io_error_fr(&dir).starts_with("c'est un dossier"),
            "{}",
            io_error_fr(&dir)
        );
        let looping = std::io::Error::from_raw_os_error(libc::ELOOP);
        assert!(
            io_error_fr(&looping).starts_with("trop de liens symboliques"),
            "{}",
            io_error_fr(&looping)
        );
        let denied = std::io::Error::from(ErrorKind::PermissionDenied);
        assert_eq!(
            io_error_fr(&denied),
            "accès refusé (droits insuffisants ou fichier ouvert ailleurs en écriture)"
        );
    }

    #[test]
    fn a_wrapped_io_error_is_said_once_in_french() {
        let e = Wrapper {
            file: "plan.csv".into(),
            source: missing(),
        };
        let text = chain_fr(&e);
        assert_eq!(
            text,
            "plan.csv : lecture impossible : fichier ou dossier introuvable (vérifiez le chemin) (erreur système 2)"
        );
        assert!(!text.contains("No such file"), "{text}");
        let anyhow = anyhow::Error::new(e).context("import de plan.csv");
        let dyn_error: &(dyn std::error::Error + 'static) = anyhow.as_ref();
        let text = chain_fr(dyn_error);
        assert_eq!(text.matches("introuvable").count(), 1, "{text}");
        assert!(
            text.starts_with("import de plan.csv : plan.csv : lecture impossible"),
            "{text}"
        );
    }

    #[test]
    fn io_fr_displays_french_and_hides_the_english_source() {
        let e = IoFr(missing());
        assert!(e.to_string().starts_with("fichier ou dossier introuvable"));
        assert!(std::error::Error::source(&e).is_none());
    }
}
