//! What `ti-atlas --version` prints and the "À propos" window shows: the version, the data
//! embedded with their vintages and licences, where the offline basemap was found, and the
//! software's licences; and the "Premiers pas" guide of the Aide menu. No egui here.

use crate::io::assets::{Assets, BASEMAP_FILE};
use crate::model::SourceInfo;

/// The application's name, as in the window title and the desktop entry.
pub const APP_NAME: &str = "Atlas des Territoires d'industrie";

/// "ti-atlas 0.1.0".
pub fn version_line() -> String {
    format!("ti-atlas {}", env!("CARGO_PKG_VERSION"))
}

/// The "Premiers pas" guide (Aide menu): what a first-time user does, step by step, with the
/// menus and panels as they are named on screen.
pub const FIRST_STEPS: [&str; 8] = [
    "La carte s'ouvre sur les 183 territoires d'industrie 2023-2027 : faites glisser pour vous \
     déplacer ; la molette ou les boutons + et − zooment.",
    "Cliquez sur un territoire : sa fiche s'ouvre (chiffres clés avec leur rang sur les 183 \
     territoires, région et France, EPCI membres).",
    "Cherchez un territoire, un EPCI, un département ou une commune dans le champ de recherche \
     de la barre de menus (ex. « Creuse »), puis Entrée.",
    "Panneau des couches (Affichage > Panneau des couches) : choisissez la maille et \
     l'indicateur ; la part de l'emploi industriel vient en tête de liste.",
    "Tableau des valeurs (Affichage > Tableau des valeurs) : chaque unité avec sa valeur, son \
     rang et sa classe ; un double-clic ouvre sa fiche.",
    "Vos fichiers : plan d'actions, projets financés ou emplois INSEE par commune, par \
     Fichier > Importer… ; l'atlas dit ce qu'il a lu et ce qu'il a rejeté.",
    "Exportez la carte (PNG, SVG, PDF) ou la fiche du territoire (PDF) par le menu Fichier.",
    "Enregistrez des vues (Affichage > Vues…) et présentez-les en plein écran avec F11 : Page \
     suivante pour avancer, Échap pour quitter.",
];

/// A titled group of lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub title: &'static str,
    pub lines: Vec<String>,
}

/// The sections of the text. `sources` are the embedded dataset's (None while it loads).
pub fn sections(sources: Option<&[SourceInfo]>, assets: &Assets) -> Vec<Section> {
    let data = match sources {
        Some(sources) => sources
            .iter()
            .map(|s| format!("{} : {} — {}", s.label, s.vintage, s.licence))
            .collect(),
        None => vec!["en cours de chargement".to_owned()],
    };
    let basemap_where = match assets.dir() {
        Some(dir) => format!("fichier : {}", dir.join(BASEMAP_FILE).display()),
        None => "fichier introuvable : les territoires sont dessinés sur un fond uni".to_owned(),
    };
    vec![
        Section {
            title: "Données embarquées (source : millésime — licence)",
            lines: data,
        },
        Section {
            title: "Fond de carte",
            lines: vec![
                "Hors ligne : Natural Earth (domaine public) ; IGN – ADMIN EXPRESS COG 2024 \
                 (Licence Ouverte 2.0)"
                    .to_owned(),
                basemap_where,
                "En ligne, sur demande : © les contributeurs d'OpenStreetMap (ODbL)".to_owned(),
            ],
        },
        Section {
            title: "Logiciel",
            lines: vec![
                format!(
                    "ti-atlas {} : licence {}",
                    env!("CARGO_PKG_VERSION"),
                    env!("CARGO_PKG_LICENSE")
                ),
                "Polices des exports : DejaVu (licence libre DejaVu, dérivée de Bitstream Vera)"
                    .to_owned(),
                "Bibliothèques Rust (egui, eframe, walkers et leurs dépendances) : licences \
                 MIT, Apache-2.0 et compatibles"
                    .to_owned(),
            ],
        },
    ]
}

/// The whole text: the version line, the programme, then each section.
pub fn text(sources: Option<&[SourceInfo]>, assets: &Assets) -> String {
    let mut out = format!(
        "{} — {APP_NAME}\nProgramme Territoires d'industrie de l'ANCT et de la DGE.\n",
        version_line()
    );
    for section in sections(sources, assets) {
        out.push('\n');
        out.push_str(section.title);
        out.push_str(" :\n");
        for line in &section.lines {
            out.push_str("  - ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn source(label: &str, vintage: &str) -> SourceInfo {
        SourceInfo {
            id: label.to_lowercase(),
            label: label.to_owned(),
            licence: "Licence Ouverte 2.0".to_owned(),
            vintage: vintage.to_owned(),
        }
    }

    #[test]
    fn text_gives_the_version_each_source_vintage_and_the_basemap_file() {
        let sources = [
            source("ANCT", "liste du 4 juillet 2024"),
            source("IGN", "COG 2024"),
        ];
        let assets = Assets::Found(PathBuf::from("/usr/share/ti-atlas"));
        let text = text(Some(&sources), &assets);
        let first = text.lines().next().unwrap_or_default();
        assert_eq!(
            first,
            format!("ti-atlas {} — {APP_NAME}", env!("CARGO_PKG_VERSION"))
        );
        assert!(text.contains("  - ANCT : liste du 4 juillet 2024 — Licence Ouverte 2.0\n"));
        assert!(text.contains("  - IGN : COG 2024 — Licence Ouverte 2.0\n"));
        assert!(text.contains("fichier : /usr/share/ti-atlas/basemap/france.pmtiles"));
        assert!(text.contains("licence MIT"));
    }

    #[test]
    fn a_missing_basemap_and_data_still_loading_are_said() {
        let assets = Assets::Missing {
            tried: vec![PathBuf::from("/nulle/part")],
        };
        let s = sections(None, &assets);
        assert_eq!(s[0].lines, vec!["en cours de chargement".to_owned()]);
        assert!(s[1].lines[1].starts_with("fichier introuvable"));
    }

    #[test]
    fn the_embedded_bundle_names_cog_anct_list_and_census_vintages() {
        let tables = crate::io::bundle::embedded_tables().expect("embedded tables decode");
        let text = text(Some(&tables.sources), crate::io::assets::assets());
        assert!(text.contains("COG 2024"), "{text}");
        assert!(text.contains("liste du 4 juillet 2024"), "{text}");
        assert!(text.contains("RP 2022"), "{text}");
    }
}
