//! The page and the annotations of `export map` given as files (`--page`, `--annotations`,
//! `--logo`): JSON as the settings and projects write them, read bounded, each error naming
//! the file, the line and what is wrong, in French.

use std::path::Path;

use crate::carto::MapSettings;
use crate::carto::annotations::{
    Annotation, AnnotationId, AnnotationKind, ImageData, Place, next_id,
};
use crate::carto::page_layout::PageLayout;
use crate::io::read_file::{MAX_SMALL_FILE_BYTES, read_capped};

/// The annotations' file may hold images (base64): larger than a settings file.
const MAX_ANNOTATIONS_BYTES: u64 = 16 * MAX_SMALL_FILE_BYTES;

fn read_json<T: serde::de::DeserializeOwned>(
    path: &Path,
    cap: u64,
    what: &str,
) -> Result<T, String> {
    let shown = path.display();
    let bytes = read_capped(path, cap).map_err(|e| format!("{shown} : {e}"))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "{shown}, ligne {} colonne {} : {what} illisible ; le fichier doit suivre le format \
             décrit dans le README (« Mise en page et annotations ») (détail : {e})",
            e.line(),
            e.column()
        )
    })
}

/// Reads `--page`: the page's format, margins, moved or hidden furniture and texts.
pub fn read_page(path: &Path) -> Result<PageLayout, String> {
    let page: PageLayout = read_json(path, MAX_SMALL_FILE_BYTES, "mise en page")?;
    for (element, r) in &page.moved {
        let sound = [r.x, r.y, r.w, r.h].iter().all(|v| v.is_finite()) && r.w > 0.0 && r.h > 0.0;
        if !sound {
            return Err(format!(
                "{} : la place de « {} » n'est pas un rectangle (x, y, w, h : des fractions de \
                 la page, w et h positifs)",
                path.display(),
                element.label_fr()
            ));
        }
    }
    Ok(page)
}

/// Reads `--annotations`: a JSON list of annotations; each must be whole (finite places,
/// positive sizes) and have its own id.
pub fn read_annotations(path: &Path) -> Result<Vec<Annotation>, String> {
    let list: Vec<Annotation> = read_json(path, MAX_ANNOTATIONS_BYTES, "liste d'annotations")?;
    let mut seen = std::collections::BTreeSet::new();
    for (i, a) in list.iter().enumerate() {
        if !a.is_sound() {
            return Err(format!(
                "{} : l'annotation n° {} ({}) a une position non finie ou une taille nulle, \
                 négative ou démesurée",
                path.display(),
                i + 1,
                a.kind_fr()
            ));
        }
        if !seen.insert(a.id) {
            return Err(format!(
                "{} : l'annotation n° {} reprend l'identifiant {} d'une autre",
                path.display(),
                i + 1,
                a.id.0
            ));
        }
    }
    Ok(list)
}

/// The width of a logo given with `--logo`, in reference points.
const LOGO_WIDTH: f64 = 90.0;

/// Adds `--logo`'s image at the bottom right of the map's frame.
pub fn add_logo(settings: &mut MapSettings, path: &Path) -> Result<AnnotationId, String> {
    let file = crate::io::image_file::read_image(path)?;
    let id = next_id(&settings.annotations);
    settings.annotations.push(Annotation {
        id,
        colour: crate::carto::annotations::DEFAULT_COLOUR,
        kind: AnnotationKind::Image {
            at: Place::Frame { x: 0.8, y: 0.8 },
            width: LOGO_WIDTH,
            image: ImageData::new(file.svg, file.width, file.height, file.bytes),
        },
    });
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str, text: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("ti-atlas-page-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn annotations_read_and_a_bad_one_is_named() {
        let ok = temp(
            "ok.json",
            r#"[{"id":1,"colour":[176,28,46],"type":"texte","at":{"geo":{"lon":3.06,"lat":50.63}},"text":"Lille","size":14},
               {"id":2,"colour":[0,0,0],"type":"fleche","from":{"frame":{"x":0.1,"y":0.1}},"to":{"geo":{"lon":2.35,"lat":48.85}},"width":2}]"#,
        );
        let list = read_annotations(&ok).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].text(), Some("Lille"));
        let dup = temp(
            "dup.json",
            r#"[{"id":1,"colour":[0,0,0],"type":"texte","at":{"frame":{"x":0.1,"y":0.1}},"text":"a","size":14},
               {"id":1,"colour":[0,0,0],"type":"texte","at":{"frame":{"x":0.2,"y":0.1}},"text":"b","size":14}]"#,
        );
        let err = read_annotations(&dup).unwrap_err();
        assert!(
            err.contains("n° 2") && err.contains("identifiant 1"),
            "{err}"
        );
        let zero = temp(
            "zero.json",
            r#"[{"id":1,"colour":[0,0,0],"type":"texte","at":{"frame":{"x":0.1,"y":0.1}},"text":"a","size":0}]"#,
        );
        assert!(
            read_annotations(&zero)
                .unwrap_err()
                .contains("n° 1 (texte)")
        );
        let broken = temp("broken.json", "[{\"id\":1,\n\"type\":\"cercle\"}]");
        let err = read_annotations(&broken).unwrap_err();
        assert!(err.contains("broken.json, ligne 2"), "{err}");
        assert!(err.contains("illisible"), "{err}");
    }

    #[test]
    fn a_page_reads_and_a_rect_without_size_is_refused() {
        let ok = temp(
            "page.json",
            r#"{"format":"a4-portrait","margin_mm":10,"moved":{"legende":{"x":0.6,"y":0.05,"w":0.35,"h":0.4}},"hidden":["nord"],"title":"Emploi"}"#,
        );
        let page = read_page(&ok).unwrap();
        assert_eq!(page.title.as_deref(), Some("Emploi"));
        assert!(!page.shows(crate::carto::page_layout::PageElement::Nord));
        let bad = temp(
            "bad-page.json",
            r#"{"moved":{"titre":{"x":0.1,"y":0.1,"w":0,"h":0.2}}}"#,
        );
        assert!(read_page(&bad).unwrap_err().contains("Titre et sous-titre"));
    }
}
