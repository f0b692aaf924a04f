//! The typologies computed from the bundle. At the territories' maille: the Temps status (new in
//! 2023 or already labelled in 2018-2022), the région, the composition (one EPCI, several, or
//! single communes outside a whole EPCI), métropole / outre-mer. At the EPCI maille: the legal
//! nature and the membership of a territory of either generation. Every category follows from
//! the bundle's tables; nothing is estimated.

use std::collections::{HashMap, HashSet};

use super::{Typology, TypologyHead};
use crate::model::geography::generations::{Continuity, compare};
use crate::model::{Dataset, Generation, GroupementNature, Level};

/// The built-in typologies' ids, in menu order.
pub const IDS: [&str; 6] = [
    "statut_temps",
    "region",
    "composition",
    "metropole_outre_mer",
    "nature_juridique_epci",
    "appartenance_epci",
];

/// The name of a built-in typology (its legend's title).
pub fn label_of(id: &str) -> Option<&'static str> {
    Some(match id {
        "statut_temps" => "Nouveau en 2023 ou déjà labellisé en 2018-2022",
        "region" => "Région de rattachement",
        "composition" => "Composition du territoire",
        "metropole_outre_mer" => "France métropolitaine ou outre-mer",
        "nature_juridique_epci" => "Nature juridique des EPCI",
        "appartenance_epci" => "Appartenance des EPCI aux territoires d'industrie",
        _ => return None,
    })
}

/// Temps status: a 2023-2027 territory that shares no commune with a 2018-2022 one.
pub const NEW: &str = "nouveau en 2023";
pub const CONTINUING: &str = "déjà labellisé en 2018-2022";

/// Composition of a territory.
pub const ONE_EPCI: &str = "un seul EPCI (ou EPT)";
pub const SEVERAL_EPCI: &str = "plusieurs EPCI (ou EPT)";
pub const WITH_COMMUNES: &str = "avec des communes hors EPCI entier";

pub const METROPOLE: &str = "France métropolitaine";
pub const OUTRE_MER: &str = "outre-mer";

/// Membership of an EPCI.
pub const ONLY_2023: &str = "territoire 2023-2027 seulement";
pub const ONLY_2018: &str = "territoire 2018-2022 seulement";
pub const BOTH: &str = "territoires des deux générations";
pub const NONE: &str = "aucun territoire";

const ANCT: &str = "anct-ti";
const COG: &str = "insee-cog";

/// The built-in typology with this id, computed from the bundle.
pub fn compute(dataset: &Dataset, id: &str) -> Option<Typology> {
    Some(match id {
        "statut_temps" => temps_status(dataset),
        "region" => region(dataset),
        "composition" => composition(dataset),
        "metropole_outre_mer" => metropole_outre_mer(dataset),
        "nature_juridique_epci" => legal_nature(dataset),
        "appartenance_epci" => membership(dataset),
        _ => return None,
    })
}

fn head(id: &str, label: &str, level: Level, sources: &[&str], rule: &str) -> TypologyHead {
    TypologyHead {
        id: id.to_owned(),
        label: label.to_owned(),
        level,
        sources: sources.iter().map(|s| (*s).to_owned()).collect(),
        rule: rule.to_owned(),
    }
}

fn temps_status(dataset: &Dataset) -> Typology {
    let comparison = compare(dataset);
    let status: HashMap<&str, Continuity> = comparison
        .territories
        .iter()
        .filter(|t| t.generation == Generation::Temps2)
        .map(|t| (t.id.as_str(), t.continuity))
        .collect();
    let names: Vec<Option<String>> = dataset
        .territories(Generation::Temps2)
        .map(|t| {
            status.get(t.id.as_str()).map(|c| {
                match c {
                    Continuity::Nouveau => NEW,
                    _ => CONTINUING,
                }
                .to_owned()
            })
        })
        .collect();
    Typology::from_names(
        head(
            "statut_temps",
            label_of("statut_temps").unwrap_or_default(),
            Level::Territoire,
            &[ANCT, COG],
            "nouveau : aucune commune dans un territoire 2018-2022 ; déjà labellisé : au moins \
             une (périmètres 2018-2022 reconstitués avec les EPCI de 2024)",
        ),
        &names,
        Some(&[NEW, CONTINUING]),
        "absent de la comparaison des deux générations",
    )
}

fn region(dataset: &Dataset) -> Typology {
    let names: Vec<Option<String>> = dataset
        .territories(Generation::Temps2)
        .map(|t| dataset.region_name(&t.region).map(str::to_owned))
        .collect();
    let order: Vec<&str> = dataset
        .tables
        .regions
        .iter()
        .map(|r| r.name.as_str())
        .filter(|n| names.iter().flatten().any(|m| m == n))
        .collect();
    Typology::from_names(
        head(
            "region",
            label_of("region").unwrap_or_default(),
            Level::Territoire,
            &[ANCT],
            "la région à laquelle l'ANCT rattache le territoire (code de région de son identifiant)",
        ),
        &names,
        Some(&order),
        "code de région inconnu du COG 2024",
    )
}

fn composition(dataset: &Dataset) -> Typology {
    let names: Vec<Option<String>> = dataset
        .territories(Generation::Temps2)
        .map(|t| {
            let communes = t
                .groupements
                .iter()
                .any(|g| g.nature == GroupementNature::COM);
            let whole = t
                .groupements
                .iter()
                .filter(|g| g.nature != GroupementNature::COM)
                .count();
            match (communes, whole) {
                (true, _) => Some(WITH_COMMUNES),
                (false, 1) => Some(ONE_EPCI),
                (false, 0) => None,
                (false, _) => Some(SEVERAL_EPCI),
            }
            .map(str::to_owned)
        })
        .collect();
    Typology::from_names(
        head(
            "composition",
            label_of("composition").unwrap_or_default(),
            Level::Territoire,
            &[ANCT],
            "groupements membres de la liste ANCT : EPCI ou EPT entiers, ou communes seules",
        ),
        &names,
        Some(&[ONE_EPCI, SEVERAL_EPCI, WITH_COMMUNES]),
        "aucun groupement membre dans la liste ANCT",
    )
}

/// Overseas régions have a one-digit code written on two characters ("01" to "06").
fn is_overseas(region: &str) -> bool {
    region.starts_with('0')
}

fn metropole_outre_mer(dataset: &Dataset) -> Typology {
    let names: Vec<Option<String>> = dataset
        .territories(Generation::Temps2)
        .map(|t| {
            Some(
                if is_overseas(&t.region) {
                    OUTRE_MER
                } else {
                    METROPOLE
                }
                .to_owned(),
            )
        })
        .collect();
    Typology::from_names(
        head(
            "metropole_outre_mer",
            label_of("metropole_outre_mer").unwrap_or_default(),
            Level::Territoire,
            &[ANCT],
            "outre-mer : région de rattachement Guadeloupe, Martinique, Guyane, La Réunion ou \
             Mayotte",
        ),
        &names,
        Some(&[METROPOLE, OUTRE_MER]),
        "",
    )
}

/// The legend's name of an EPCI's legal nature (the bundle's code: CC, CA, CU, METRO, MET69).
pub fn nature_label(code: &str) -> Option<&'static str> {
    Some(match GroupementNature::from_code(code)? {
        GroupementNature::CC => "Communauté de communes (CC)",
        GroupementNature::CA => "Communauté d'agglomération (CA)",
        GroupementNature::CU => "Communauté urbaine (CU)",
        GroupementNature::METRO => "Métropole",
        GroupementNature::EPT => "Établissement public territorial (EPT)",
        GroupementNature::COM => return None,
    })
}

fn legal_nature(dataset: &Dataset) -> Typology {
    let names: Vec<Option<String>> = dataset
        .tables
        .epci
        .iter()
        .map(|e| nature_label(&e.kind).map(str::to_owned))
        .collect();
    let order: Vec<&str> = ["CC", "CA", "CU", "METRO", "EPT"]
        .into_iter()
        .filter_map(nature_label)
        .filter(|n| names.iter().flatten().any(|m| m == n))
        .collect();
    Typology::from_names(
        head(
            "nature_juridique_epci",
            label_of("nature_juridique_epci").unwrap_or_default(),
            Level::Epci,
            &[COG],
            "1 255 EPCI à fiscalité propre et 11 EPT du COG 2024 (la Métropole de Lyon comptée \
             avec les métropoles) ; les EPT du Grand Paris sont dessinés sur la Métropole du \
             Grand Paris : Paris, membre d'aucun EPT, a la couleur de la Métropole",
        ),
        &names,
        Some(&order),
        "nature juridique absente ou inconnue dans le COG 2024",
    )
}

fn membership(dataset: &Dataset) -> Typology {
    let communes_of = |generation: Generation| -> HashSet<&str> {
        dataset
            .territories(generation)
            .flat_map(|t| t.communes.iter().map(String::as_str))
            .collect()
    };
    let (t2, t1) = (
        communes_of(Generation::Temps2),
        communes_of(Generation::Temps1),
    );
    // Per EPCI or EPT: whether one of its communes is in a territory of each generation.
    let mut seen: HashMap<&str, (bool, bool)> = HashMap::new();
    for c in &dataset.tables.communes {
        for unit in c.epci_layer_units() {
            let e = seen.entry(unit).or_insert((false, false));
            e.0 |= t2.contains(c.code.as_str());
            e.1 |= t1.contains(c.code.as_str());
        }
    }
    let names: Vec<Option<String>> = dataset
        .tables
        .epci
        .iter()
        .map(|e| {
            seen.get(e.siren.as_str()).map(|&(in2, in1)| {
                match (in2, in1) {
                    (true, false) => ONLY_2023,
                    (false, true) => ONLY_2018,
                    (true, true) => BOTH,
                    (false, false) => NONE,
                }
                .to_owned()
            })
        })
        .collect();
    Typology::from_names(
        head(
            "appartenance_epci",
            label_of("appartenance_epci").unwrap_or_default(),
            Level::Epci,
            &[ANCT, COG],
            "un EPCI ou un EPT est dans un territoire quand au moins une de ses communes (COG \
             2024) en est membre ; périmètres 2018-2022 reconstitués avec les EPCI de 2024 ; les \
             EPT sont dessinés sur la Métropole du Grand Paris, dont Paris montre la catégorie",
        ),
        &names,
        Some(&[ONLY_2023, BOTH, ONLY_2018, NONE]),
        "aucune commune de l'EPCI dans la table des communes",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overseas_regions_are_the_one_digit_codes() {
        assert!(is_overseas("01") && is_overseas("06"));
        assert!(!is_overseas("11") && !is_overseas("94"));
    }

    #[test]
    fn natures_are_named_and_lyon_is_a_metropole() {
        assert_eq!(nature_label("MET69"), Some("Métropole"));
        assert_eq!(nature_label("METRO"), Some("Métropole"));
        assert_eq!(nature_label("CC"), Some("Communauté de communes (CC)"));
        assert_eq!(nature_label("COM"), None);
        assert_eq!(nature_label("SIVU"), None);
    }
}
