//! Spreadsheets as they are: which of the user's headers is which field of the templates
//! (action plan, DGE projects, table of values). Each choice says how it was made: the
//! template's own name, a guess from the header's words ("Intitulé de l'action",
//! "État d'avancement", "N° SIREN": accents, case, punctuation, small words and word order
//! ignored), a guess from the column's contents (ti-RRNN ids, axis names, dates) or the user's
//! `--columns`. Pure: the reading and renaming are `crate::io::import`'s.

use serde::Serialize;

use super::action_plan::Axis;
use super::name_match::header_words;

/// What a field belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Schema {
    Plan,
    Projects,
    Table,
}

/// A field of a template: its name, the names the readers accept as they are (compared
/// without case, accents, spaces and underscores) and other usual wordings (compared as sets
/// of words).
pub struct Field {
    pub id: &'static str,
    pub schemas: &'static [Schema],
    pub accepted: &'static [&'static str],
    pub variants: &'static [&'static str],
}

use Schema::{Plan, Projects, Table};

/// Every field of the three templates (a name shared by two templates means the same thing).
pub const FIELDS: &[Field] = &[
    Field {
        id: "id_territoire",
        schemas: &[Plan, Table],
        accepted: &[
            "id_territoire",
            "id_ti",
            "code_territoire",
            "territoire",
            "id",
        ],
        variants: &[
            "identifiant du territoire",
            "territoire d'industrie",
            "code TI",
            "identifiant TI",
        ],
    },
    Field {
        id: "titre_action",
        schemas: &[Plan],
        accepted: &[
            "titre_action",
            "titre",
            "action",
            "intitule",
            "intitule_action",
        ],
        variants: &[
            "libellé de l'action",
            "nom de l'action",
            "libellé",
            "intitulé du projet",
            "action envisagée",
        ],
    },
    Field {
        id: "axe",
        schemas: &[Plan],
        accepted: &["axe", "axe_strategique"],
        variants: &["axe du plan", "axe d'intervention", "axe thématique"],
    },
    Field {
        id: "statut",
        schemas: &[Plan],
        accepted: &["statut", "etat", "avancement"],
        variants: &[
            "état d'avancement",
            "statut de l'action",
            "état de l'action",
            "avancement de l'action",
            "niveau d'avancement",
        ],
    },
    Field {
        id: "porteur",
        schemas: &[Plan],
        accepted: &["porteur", "maitre_ouvrage", "maitre_d_ouvrage", "pilote"],
        variants: &[
            "porteur de projet",
            "porteur de l'action",
            "structure porteuse",
            "pilote de l'action",
        ],
    },
    Field {
        id: "montant_total_eur",
        schemas: &[Plan],
        accepted: &[
            "montant_total_eur",
            "montant_total",
            "cout_total",
            "cout_total_eur",
        ],
        variants: &[
            "montant total (€)",
            "coût total (€)",
            "budget total",
            "budget",
        ],
    },
    Field {
        id: "montant_etat_eur",
        schemas: &[Plan],
        accepted: &[
            "montant_etat_eur",
            "montant_etat",
            "part_etat",
            "financement_etat",
        ],
        variants: &[
            "part de l'État",
            "financement de l'État",
            "subvention de l'État",
            "aide de l'État",
            "montant État (€)",
        ],
    },
    Field {
        id: "date_debut",
        schemas: &[Plan],
        accepted: &["date_debut", "debut"],
        variants: &["date de début", "début de l'action", "date de lancement"],
    },
    Field {
        id: "date_fin",
        schemas: &[Plan],
        accepted: &["date_fin", "fin"],
        variants: &[
            "date de fin",
            "échéance",
            "date d'achèvement",
            "fin de l'action",
        ],
    },
    Field {
        id: "description",
        schemas: &[Plan, Projects],
        accepted: &["description", "commentaire", "texte"],
        variants: &["descriptif", "commentaires", "observations"],
    },
    Field {
        id: "nom_territoire",
        schemas: &[Plan],
        accepted: &["nom_territoire", "nom_ti"],
        variants: &["nom du territoire", "libellé du territoire"],
    },
    Field {
        id: "entreprise",
        schemas: &[Projects],
        accepted: &["entreprise"],
        variants: &["raison sociale", "nom de l'entreprise", "bénéficiaire"],
    },
    Field {
        id: "mesure",
        schemas: &[Projects],
        accepted: &["mesure"],
        variants: &["mesure de relance", "dispositif"],
    },
    Field {
        id: "coordonnees_gps",
        schemas: &[Projects],
        accepted: &["coordonnees_gps"],
        variants: &["coordonnées", "latitude, longitude", "lat, lon", "GPS"],
    },
    Field {
        id: "description_projet",
        schemas: &[Projects],
        accepted: &["description_projet"],
        variants: &["description du projet"],
    },
    Field {
        id: "filiere",
        schemas: &[Projects],
        accepted: &["filiere"],
        variants: &["secteur", "filière industrielle"],
    },
    Field {
        id: "nom_commune",
        schemas: &[Projects],
        accepted: &["nom_commune"],
        variants: &["commune", "nom de la commune"],
    },
    Field {
        id: "nom_region",
        schemas: &[Projects],
        accepted: &["nom_region"],
        variants: &["région", "nom de la région"],
    },
    Field {
        id: "siren",
        schemas: &[Projects, Table],
        accepted: &["siren", "siren_epci", "epci", "code_epci", "code_siren"],
        variants: &["numéro SIREN", "SIREN de l'EPCI", "SIREN EPCI"],
    },
    Field {
        id: "code_insee",
        schemas: &[Table],
        accepted: &[
            "codgeo",
            "code_insee",
            "insee",
            "code_commune",
            "com",
            "depcom",
            "inseecom",
        ],
        variants: &[
            "code INSEE de la commune",
            "code géographique",
            "code officiel géographique",
            "COG",
            "numéro INSEE",
        ],
    },
    Field {
        id: "code_departement",
        schemas: &[Projects, Table],
        accepted: &[
            "code_departement",
            "dep",
            "departement",
            "code_dep",
            "insee_dep",
        ],
        variants: &[
            "code du département",
            "n° de département",
            "numéro de département",
        ],
    },
];

/// The field named `id`.
pub fn field(id: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.id == id)
}

/// The names a reader accepts for a field as they are (empty for an unknown field).
pub fn accepted(id: &str) -> &'static [&'static str] {
    field(id).map_or(&[], |f| f.accepted)
}

/// The key the readers compare headers in (`RawTable::column`).
pub fn header_key(header: &str) -> String {
    crate::model::text::search_form(header).replace(' ', "")
}

/// The words of a header as a set: small words, units (€, eur) and word order ignored.
fn word_set(header: &str) -> String {
    let mut words: Vec<String> = header_words(header)
        .into_iter()
        .filter(|w| !matches!(w.as_str(), "eur" | "euros" | "euro" | "ht" | "ttc"))
        .collect();
    words.sort();
    words.dedup();
    words.join(" ")
}

/// How a header was tied to a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ChoiceHow {
    /// The template's name (or one the reader accepts as it is).
    Template,
    /// Guessed from the header's words.
    FromName,
    /// Guessed from the column's contents.
    FromContent,
    /// Given by the user (`--columns`).
    Given,
}

impl ChoiceHow {
    pub fn label_fr(self) -> &'static str {
        match self {
            ChoiceHow::Template => "nom du modèle",
            ChoiceHow::FromName => "devinée d'après son nom",
            ChoiceHow::FromContent => "devinée d'après son contenu",
            ChoiceHow::Given => "donnée par --columns",
        }
    }
}

/// One header tied to one field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ColumnChoice {
    /// Position of the column (0-based).
    pub column: usize,
    pub header: String,
    pub field: String,
    pub how: ChoiceHow,
    /// Content guesses: what the contents showed.
    pub detail: Option<String>,
}

impl ColumnChoice {
    /// "colonne « Intitulé de l'action » → titre_action (devinée d'après son nom)".
    pub fn line_fr(&self) -> String {
        let detail = self
            .detail
            .as_ref()
            .map(|d| format!(" : {d}"))
            .unwrap_or_default();
        format!(
            "colonne « {} » → {} ({}{detail})",
            self.header,
            self.field,
            self.how.label_fr()
        )
    }
}

/// A `--columns` that cannot be applied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    #[error(
        "--columns : « {0} » n'est pas de la forme champ=en-tête (par exemple titre_action=Intitulé de l'action)"
    )]
    Syntax(String),
    #[error("--columns : champ inconnu « {field} » (champs possibles : {known})")]
    UnknownField { field: String, known: String },
    #[error(
        "--columns : la colonne « {header} » (pour {field}) n'est pas dans le fichier {file} ; colonnes lues : {headers}"
    )]
    MissingHeader {
        field: String,
        header: String,
        file: String,
        headers: String,
    },
    #[error("--columns : le champ {field} est donné deux fois")]
    FieldTwice { field: String },
    #[error("--columns : la colonne « {header} » est donnée pour {first} et pour {second}")]
    HeaderTwice {
        header: String,
        first: String,
        second: String,
    },
}

/// The pairs of a `--columns` text: `champ=en-tête,champ=en-tête` (a comma inside a header is
/// kept when what follows has no `=`). Fields are checked here; headers against the file by
/// [`choose_columns`].
pub fn parse_columns(spec: &str) -> Result<Vec<(String, String)>, MappingError> {
    let mut pieces: Vec<String> = Vec::new();
    for piece in spec.split(',') {
        match pieces.last_mut() {
            Some(last) if !piece.contains('=') => {
                last.push(',');
                last.push_str(piece);
            }
            _ => pieces.push(piece.to_owned()),
        }
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    for piece in pieces {
        if piece.trim().is_empty() {
            continue;
        }
        let Some((f, h)) = piece.split_once('=') else {
            return Err(MappingError::Syntax(piece.trim().to_owned()));
        };
        let (f, h) = (f.trim(), h.trim());
        if f.is_empty() || h.is_empty() {
            return Err(MappingError::Syntax(piece.trim().to_owned()));
        }
        let Some(field) =
            field(f).or_else(|| FIELDS.iter().find(|x| header_key(x.id) == header_key(f)))
        else {
            return Err(MappingError::UnknownField {
                field: f.to_owned(),
                known: FIELDS.iter().map(|f| f.id).collect::<Vec<_>>().join(", "),
            });
        };
        if pairs.iter().any(|(x, _)| x == field.id) {
            return Err(MappingError::FieldTwice {
                field: field.id.to_owned(),
            });
        }
        pairs.push((field.id.to_owned(), h.to_owned()));
    }
    Ok(pairs)
}

/// Share of non-empty cells that must agree for a guess from contents.
const CONTENT_SHARE: f64 = 0.8;

/// A cell that reads as a date (AAAA-MM-JJ or JJ/MM/AAAA).
fn looks_like_date(s: &str) -> bool {
    let s = s.trim();
    let s = s.split('T').next().unwrap_or(s);
    let parts: Vec<&str> = s.split(['-', '/']).collect();
    let digits = |p: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    match parts.as_slice() {
        [y, m, d] if s.contains('-') => digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2),
        [d, m, y] if s.contains('/') => digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2),
        _ => false,
    }
}

/// A cell that is a territory id ("ti-5305").
fn looks_like_territory_id(s: &str) -> bool {
    let t = s.trim().to_lowercase();
    t.strip_prefix("ti-")
        .is_some_and(|d| d.len() == 4 && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether most non-empty cells pass `test` (and there is at least one).
fn mostly(cells: &[&str], test: impl Fn(&str) -> bool) -> Option<String> {
    let filled: Vec<&&str> = cells.iter().filter(|c| !c.trim().is_empty()).collect();
    if filled.is_empty() {
        return None;
    }
    let yes = filled.iter().filter(|c| test(c)).count();
    (yes as f64 >= CONTENT_SHARE * filled.len() as f64)
        .then(|| format!("{yes} cellule(s) sur {}", filled.len()))
}

/// Ties the headers to fields: the user's pairs first, then the template's names, then
/// guesses from the headers' words, then from the contents (`columns`: each column's cells,
/// a sample is enough) for the fields still missing — a territory id column, an axis column
/// (only when a title is there: an action plan), date columns (start, then end). A field is
/// tied to one header at most, a header to one field. `file` names the file in errors.
pub fn choose_columns(
    headers: &[String],
    columns: &[Vec<&str>],
    given: &[(String, String)],
    file: &str,
) -> Result<Vec<ColumnChoice>, MappingError> {
    let mut choices: Vec<ColumnChoice> = Vec::new();
    let taken = |choices: &[ColumnChoice], c: usize| choices.iter().any(|x| x.column == c);
    let has_field = |choices: &[ColumnChoice], f: &str| choices.iter().any(|x| x.field == f);
    for (field, header) in given {
        let position = headers.iter().position(|h| h.trim() == header).or_else(|| {
            headers
                .iter()
                .position(|h| header_key(h) == header_key(header))
        });
        let Some(column) = position else {
            return Err(MappingError::MissingHeader {
                field: field.clone(),
                header: header.clone(),
                file: file.to_owned(),
                headers: headers
                    .iter()
                    .map(|h| format!("« {h} »"))
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        };
        if let Some(first) = choices.iter().find(|x| x.column == column) {
            return Err(MappingError::HeaderTwice {
                header: header.clone(),
                first: first.field.clone(),
                second: field.clone(),
            });
        }
        choices.push(ColumnChoice {
            column,
            header: headers.get(column).cloned().unwrap_or_default(),
            field: field.clone(),
            how: ChoiceHow::Given,
            detail: None,
        });
    }
    // The template's names, as the readers accept them.
    for (c, h) in headers.iter().enumerate() {
        let key = header_key(h);
        if key.is_empty() || taken(&choices, c) {
            continue;
        }
        if let Some(f) = FIELDS
            .iter()
            .find(|f| f.accepted.iter().any(|a| header_key(a) == key))
            && !has_field(&choices, f.id)
        {
            choices.push(ColumnChoice {
                column: c,
                header: h.clone(),
                field: f.id.to_owned(),
                how: ChoiceHow::Template,
                detail: None,
            });
        }
    }
    // The headers' words.
    for (c, h) in headers.iter().enumerate() {
        let set = word_set(h);
        if set.is_empty() || taken(&choices, c) {
            continue;
        }
        let found = FIELDS.iter().find(|f| {
            f.accepted
                .iter()
                .chain(f.variants.iter())
                .any(|n| word_set(n) == set)
        });
        if let Some(f) = found
            && !has_field(&choices, f.id)
        {
            choices.push(ColumnChoice {
                column: c,
                header: h.clone(),
                field: f.id.to_owned(),
                how: ChoiceHow::FromName,
                detail: None,
            });
        }
    }
    // The contents, for what is still missing.
    let content =
        |choices: &mut Vec<ColumnChoice>, field: &str, test: &dyn Fn(&str) -> bool, what: &str| {
            if has_field(choices, field) {
                return;
            }
            for (c, cells) in columns.iter().enumerate() {
                if taken(choices, c) {
                    continue;
                }
                if let Some(count) = mostly(cells, test) {
                    choices.push(ColumnChoice {
                        column: c,
                        header: headers.get(c).cloned().unwrap_or_default(),
                        field: field.to_owned(),
                        how: ChoiceHow::FromContent,
                        detail: Some(format!("{count} {what}")),
                    });
                    return;
                }
            }
        };
    // A column of ti-RRNN ids is the territory key, unless another code is already the key.
    if !has_field(&choices, "code_insee") && !has_field(&choices, "siren") {
        content(
            &mut choices,
            "id_territoire",
            &looks_like_territory_id,
            "sont des identifiants ti-RRNN",
        );
    }
    if has_field(&choices, "titre_action") {
        content(
            &mut choices,
            "axe",
            &|s| Axis::parse(s).is_some(),
            "sont des axes du programme",
        );
        content(
            &mut choices,
            "date_debut",
            &looks_like_date,
            "sont des dates",
        );
        content(&mut choices, "date_fin", &looks_like_date, "sont des dates");
    }
    choices.sort_by_key(|x| x.column);
    Ok(choices)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    fn field_of<'a>(choices: &'a [ColumnChoice], header: &str) -> Option<(&'a str, ChoiceHow)> {
        choices
            .iter()
            .find(|c| c.header == header)
            .map(|c| (c.field.as_str(), c.how))
    }

    #[test]
    fn french_wordings_are_guessed_from_names() {
        let h = headers(&[
            "Intitulé de l'action",
            "Axe stratégique",
            "État d'avancement",
            "Territoire",
            "Maître d'ouvrage",
            "Montant total (€)",
            "Date de début",
            "N° SIREN",
            "Code INSEE",
            "Libellé du territoire",
        ]);
        let c = choose_columns(&h, &[], &[], "f.csv").expect("choices");
        use ChoiceHow::{FromName, Template};
        assert_eq!(
            field_of(&c, "Intitulé de l'action"),
            Some(("titre_action", FromName))
        );
        assert_eq!(field_of(&c, "Axe stratégique"), Some(("axe", Template)));
        assert_eq!(
            field_of(&c, "État d'avancement"),
            Some(("statut", FromName))
        );
        assert_eq!(
            field_of(&c, "Territoire"),
            Some(("id_territoire", Template))
        );
        assert_eq!(
            field_of(&c, "Maître d'ouvrage"),
            Some(("porteur", Template))
        );
        assert_eq!(
            field_of(&c, "Montant total (€)"),
            Some(("montant_total_eur", Template))
        );
        assert_eq!(
            field_of(&c, "Date de début"),
            Some(("date_debut", FromName))
        );
        assert_eq!(field_of(&c, "N° SIREN"), Some(("siren", FromName)));
        assert_eq!(field_of(&c, "Code INSEE"), Some(("code_insee", Template)));
        assert_eq!(
            field_of(&c, "Libellé du territoire"),
            Some(("nom_territoire", FromName))
        );
        // Word order does not matter.
        let c = choose_columns(&headers(&["Action : intitulé"]), &[], &[], "f").expect("c");
        assert_eq!(
            field_of(&c, "Action : intitulé"),
            Some(("titre_action", FromName))
        );
        // An unknown header is left alone.
        let c = choose_columns(&headers(&["Remarques diverses"]), &[], &[], "f").expect("c");
        assert!(c.is_empty());
    }

    #[test]
    fn contents_give_territories_axes_and_dates() {
        let h = headers(&["Quoi", "Où", "Thème", "Quand", "Jusqu'à"]);
        let columns = vec![
            vec!["Usine", "Formation"],
            vec!["ti-8401", "TI-5305"],
            vec!["Innovation", "Foncier industriel"],
            vec!["01/03/2024", ""],
            vec!["2025-12-31", "2026-06-30"],
        ];
        let given = vec![("titre_action".to_owned(), "Quoi".to_owned())];
        let c = choose_columns(&h, &columns, &given, "f").expect("c");
        assert_eq!(
            field_of(&c, "Quoi"),
            Some(("titre_action", ChoiceHow::Given))
        );
        assert_eq!(
            field_of(&c, "Où"),
            Some(("id_territoire", ChoiceHow::FromContent))
        );
        assert_eq!(field_of(&c, "Thème"), Some(("axe", ChoiceHow::FromContent)));
        assert_eq!(
            field_of(&c, "Quand"),
            Some(("date_debut", ChoiceHow::FromContent))
        );
        assert_eq!(
            field_of(&c, "Jusqu'à"),
            Some(("date_fin", ChoiceHow::FromContent))
        );
        // Without a title, no axis or date is guessed (not an action plan).
        let c = choose_columns(&h, &columns, &[], "f").expect("c");
        assert_eq!(field_of(&c, "Thème"), None);
        assert_eq!(
            field_of(&c, "Où"),
            Some(("id_territoire", ChoiceHow::FromContent))
        );
    }

    #[test]
    fn columns_option_is_checked() {
        let pairs =
            parse_columns("titre_action=Intitulé de l'action, statut=État, ici").expect("ok");
        assert_eq!(
            pairs,
            vec![
                ("titre_action".to_owned(), "Intitulé de l'action".to_owned()),
                ("statut".to_owned(), "État, ici".to_owned())
            ]
        );
        let e = parse_columns("titre=Intitulé").unwrap_err().to_string();
        assert!(e.contains("champ inconnu « titre »"), "{e}");
        assert!(
            parse_columns("titre_action")
                .unwrap_err()
                .to_string()
                .contains("champ=en-tête")
        );
        let e = choose_columns(
            &headers(&["Intitulé"]),
            &[],
            &[("titre_action".into(), "Libellé".into())],
            "plan.csv",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("« Libellé »") && e.contains("plan.csv") && e.contains("« Intitulé »"),
            "{e}"
        );
    }

    #[test]
    fn every_name_belongs_to_one_field() {
        for f in FIELDS {
            for n in f.accepted.iter().chain(f.variants.iter()) {
                let owners: Vec<&str> = FIELDS
                    .iter()
                    .filter(|g| {
                        g.accepted
                            .iter()
                            .chain(g.variants.iter())
                            .any(|m| word_set(m) == word_set(n))
                    })
                    .map(|g| g.id)
                    .collect();
                assert_eq!(owners, vec![f.id], "{n}");
            }
        }
    }
}
