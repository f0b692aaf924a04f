//! Joining a user's table to the atlas by code: commune INSEE code, EPCI SIREN, territory id or
//! département code. Every row is accounted for (matched, unmatched with its value and reason,
//! duplicated). Numeric columns of commune counts add up to the 2023-2027 territories — only
//! when every member commune has a value; shares and rates are never added. The INSEE
//! "base-cc-emploi-pop-active" layout gives the exact industrial-employment share
//! Σ C..EMPLT_INDUS / Σ C..EMPLT.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::model::geography::dataset::Dataset;
use crate::model::geography::ids::TerritoryId;
use crate::model::geography::tables::{Generation, Level};
use crate::model::indicators::Value;

/// What the key column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum KeyKind {
    Commune,
    Epci,
    Territoire,
    Departement,
}

impl KeyKind {
    pub fn label_fr(self) -> &'static str {
        match self {
            KeyKind::Commune => "code INSEE de commune",
            KeyKind::Epci => "SIREN d'EPCI",
            KeyKind::Territoire => "identifiant de territoire (ti-RRNN)",
            KeyKind::Departement => "code de département",
        }
    }

    /// The key kind a header names, if it is a known one.
    pub fn from_header(header: &str) -> Option<KeyKind> {
        let h = crate::model::text::search_form(header).replace(' ', "");
        match h.as_str() {
            "codgeo" | "codeinsee" | "insee" | "codecommune" | "com" | "depcom" | "inseecom" => {
                Some(KeyKind::Commune)
            }
            "siren" | "sirenepci" | "epci" | "codeepci" | "codesiren" => Some(KeyKind::Epci),
            "idterritoire" | "idti" | "codeterritoire" => Some(KeyKind::Territoire),
            "dep" | "codedepartement" | "departement" | "codedep" | "inseedep" => {
                Some(KeyKind::Departement)
            }
            _ => None,
        }
    }
}

/// Normalises a code as files write it: trimmed, upper case (2a → 2A), commune codes padded
/// to five characters when Excel dropped the leading zero ("1004" → "01004"), and the common
/// spellings of spreadsheets repaired (see [`repair_code`]).
pub fn normalise_code(kind: KeyKind, raw: &str) -> String {
    repair_code(kind, raw).0
}

/// [`normalise_code`], and whether the spelling had to be repaired beyond case, spaces around
/// and a dropped leading zero: a formula text `="01001"`, an apostrophe `'01001`, a decimal
/// `1001.0` (a code read as a number), spaces inside `01 001`. Territory ids are only trimmed
/// and lower-cased.
pub fn repair_code(kind: KeyKind, raw: &str) -> (String, bool) {
    let t = raw.trim().to_uppercase();
    if kind == KeyKind::Territoire {
        return (t.to_lowercase(), false);
    }
    let mut c = t.as_str();
    let mut repaired = false;
    if let Some(inner) = c.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
        c = inner;
        repaired = true;
    }
    if let Some(inner) = c.strip_prefix('\'') {
        c = inner;
        repaired = true;
    }
    let mut code: String = c
        .chars()
        .filter(|ch| !matches!(ch, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    repaired |= code.len() != c.len();
    // "1001.0", "1001,00": a code that went through a number.
    if let Some(dot) = code.find(['.', ','])
        && dot > 0
        && code
            .get(dot + 1..)
            .is_some_and(|z| !z.is_empty() && z.bytes().all(|b| b == b'0'))
        && code
            .get(..dot)
            .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))
    {
        code.truncate(dot);
        repaired = true;
    }
    let digits = code.bytes().all(|b| b.is_ascii_digit());
    match kind {
        KeyKind::Commune if code.len() == 4 && digits => code.insert(0, '0'),
        KeyKind::Departement if code.len() == 1 && digits => code.insert(0, '0'),
        _ => {}
    }
    (code, repaired && !t.is_empty())
}

/// The commune an arrondissement municipal belongs to: Paris (75101–75120 → 75056), Lyon
/// (69381–69389 → 69123), Marseille (13201–13216 → 13055); with the city's name and its
/// number of arrondissements.
pub fn arrondissement_commune(code: &str) -> Option<(&'static str, &'static str, u32)> {
    let n: u32 = code.parse().ok().filter(|_| code.len() == 5)?;
    match n {
        75101..=75120 => Some(("75056", "Paris", 20)),
        69381..=69389 => Some(("69123", "Lyon", 9)),
        13201..=13216 => Some(("13055", "Marseille", 16)),
        _ => None,
    }
}

/// A row that did not join.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unmatched {
    pub row: usize,
    pub value: String,
    pub reason: String,
}

/// The join report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JoinReport {
    pub key_column: String,
    pub key_kind: KeyKind,
    pub matched: usize,
    pub unmatched: Vec<Unmatched>,
    /// Codes found on several rows, with their rows (the first row is used).
    pub duplicates: Vec<(String, Vec<usize>)>,
    /// Former commune codes taken as today's commune: (row, former code, current code).
    pub remapped: Vec<(usize, String, String)>,
    /// Codes whose spelling was repaired: (row, as written, code read).
    pub repaired: Vec<(usize, String, String)>,
    /// Arrondissements municipaux counted for their commune: (row, arrondissement, commune).
    pub arrondissements: Vec<(usize, String, String)>,
}

/// What [`join_rows`] returns: each matched code's table row (first occurrence), and for a
/// commune given by its arrondissements (Paris, Lyon, Marseille) the rows of all of them.
#[derive(Clone, Debug, Default)]
pub struct Matched {
    pub rows: HashMap<String, usize>,
    /// Commune code → table rows of its arrondissements (every one present).
    pub arrondissement_rows: HashMap<String, Vec<usize>>,
}

/// Matched rows: code → row index in the table (first occurrence); arrondissements
/// municipaux attached to their commune when the file gives all of them.
pub fn join_rows(
    dataset: &Dataset,
    kind: KeyKind,
    key_column: &str,
    keys: &[(usize, String)],
) -> (Matched, JoinReport) {
    let epci: std::collections::HashSet<&str> = match kind {
        KeyKind::Epci => dataset
            .tables
            .epci
            .iter()
            .map(|e| e.siren.as_str())
            .collect(),
        _ => Default::default(),
    };
    let known = |code: &str| -> bool {
        match kind {
            KeyKind::Commune => dataset.commune(code).is_some(),
            KeyKind::Epci => epci.contains(code),
            KeyKind::Territoire => dataset
                .territory(Generation::Temps2, &TerritoryId::new(code))
                .is_some(),
            KeyKind::Departement => dataset.tables.departements.iter().any(|d| d.code == code),
        }
    };
    let mut rows_of: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut matched = HashMap::new();
    let mut unmatched = Vec::new();
    let mut remapped = Vec::new();
    let mut repaired = Vec::new();
    // Commune → (city, arrondissements it has, [(index, row, arrondissement)]).
    type Arrondissements = (&'static str, u32, Vec<(usize, usize, String)>);
    let mut by_city: BTreeMap<&'static str, Arrondissements> = BTreeMap::new();
    for (i, (row, raw)) in keys.iter().enumerate() {
        let (mut code, was_repaired) = repair_code(kind, raw);
        if was_repaired && !code.is_empty() {
            repaired.push((*row, raw.trim().to_owned(), code.clone()));
        }
        if kind == KeyKind::Commune && !code.is_empty() && !known(&code) {
            if let Some((commune, city, count)) = arrondissement_commune(&code) {
                by_city
                    .entry(commune)
                    .or_insert((city, count, Vec::new()))
                    .2
                    .push((i, *row, code));
                continue;
            }
            match dataset.current_codes(&code).as_slice() {
                [one] => {
                    remapped.push((*row, code.clone(), (*one).to_owned()));
                    code = (*one).to_owned();
                }
                [] => {}
                many => {
                    unmatched.push(Unmatched {
                        row: *row,
                        value: raw.clone(),
                        reason: format!(
                            "ancien code partagé entre plusieurs communes actuelles ({}) : ambigu",
                            many.join(", ")
                        ),
                    });
                    continue;
                }
            }
        }
        if code.is_empty() {
            unmatched.push(Unmatched {
                row: *row,
                value: raw.clone(),
                reason: "code vide".into(),
            });
            continue;
        }
        if !known(&code) {
            unmatched.push(Unmatched {
                row: *row,
                value: raw.clone(),
                reason: format!("{} inconnu (COG 2024)", kind.label_fr()),
            });
            continue;
        }
        rows_of.entry(code.clone()).or_default().push(*row);
        matched.entry(code).or_insert(i);
    }
    // Arrondissements: the city is their sum when the file gives every one of them and not
    // the city itself.
    let mut arrondissement_rows = HashMap::new();
    let mut arrondissements = Vec::new();
    let had_arrondissements = !by_city.is_empty();
    for (commune, (city, count, rows)) in by_city {
        let distinct: std::collections::BTreeSet<&str> =
            rows.iter().map(|(_, _, c)| c.as_str()).collect();
        let reason = if matched.contains_key(commune) {
            Some(format!(
                "arrondissement de {city} : la commune entière ({commune}) a sa propre ligne, retenue à sa place"
            ))
        } else if distinct.len() as u32 != count {
            Some(format!(
                "arrondissement de {city} : {} arrondissement(s) sur {count} dans le fichier, la commune {city} ({commune}) ne peut pas en être la somme ; donnez-les tous ou la ligne de la commune",
                distinct.len()
            ))
        } else {
            None
        };
        if let Some(reason) = reason {
            for (_, row, code) in rows {
                unmatched.push(Unmatched {
                    row,
                    value: code,
                    reason: reason.clone(),
                });
            }
            continue;
        }
        let mut first_of: BTreeMap<String, usize> = BTreeMap::new();
        for (i, row, code) in rows {
            rows_of.entry(code.clone()).or_default().push(row);
            if first_of.contains_key(&code) {
                continue;
            }
            first_of.insert(code.clone(), i);
            arrondissements.push((row, code, commune.to_owned()));
        }
        let indexes: Vec<usize> = first_of.into_values().collect();
        if let Some(&first) = indexes.iter().min() {
            matched.insert(commune.to_owned(), first);
        }
        arrondissement_rows.insert(commune.to_owned(), indexes);
    }
    if had_arrondissements {
        unmatched.sort_by_key(|u| u.row);
        arrondissements.sort_by_key(|a| a.0);
    }
    let duplicates = rows_of
        .into_iter()
        .filter(|(_, rows)| rows.len() > 1)
        .collect();
    let report = JoinReport {
        key_column: key_column.to_owned(),
        key_kind: kind,
        matched: matched.len(),
        unmatched,
        duplicates,
        remapped,
        repaired,
        arrondissements,
    };
    (
        Matched {
            rows: matched,
            arrondissement_rows,
        },
        report,
    )
}

/// Whether a column name says the values are a share or rate (never summed).
pub fn is_share_column(header: &str) -> bool {
    let h = crate::model::text::search_form(header);
    h.contains("part")
        || h.contains("taux")
        || h.contains("pourcent")
        || h.contains("ratio")
        || header.contains('%')
}

/// The member communes of every unit of a maille, in unit order (territories: 2023-2027
/// layer order; EPCI and départements: table order).
pub fn level_communes(dataset: &Dataset, level: Level) -> Vec<Vec<&str>> {
    let t = &dataset.tables;
    // A commune may be in several units of a maille (a commune of the Grand Paris is in its EPT
    // and in the Métropole du Grand Paris).
    let group =
        |codes: Vec<&str>,
         keys: &dyn Fn(&crate::model::geography::tables::Commune) -> Vec<&str>| {
            let position: HashMap<&str, usize> =
                codes.iter().enumerate().map(|(i, c)| (*c, i)).collect();
            let mut members = vec![Vec::new(); codes.len()];
            for c in &t.communes {
                for k in keys(c) {
                    if let Some(slot) = position.get(k).and_then(|&i| members.get_mut(i)) {
                        slot.push(c.code.as_str());
                    }
                }
            }
            members
        };
    match level {
        Level::Territoire => dataset
            .territories(Generation::Temps2)
            .map(|t| t.communes.iter().map(String::as_str).collect())
            .collect(),
        Level::Epci => group(t.epci.iter().map(|e| e.siren.as_str()).collect(), &|c| {
            c.epci_layer_units().collect()
        }),
        Level::Departement => group(
            t.departements.iter().map(|d| d.code.as_str()).collect(),
            &|c| vec![c.departement.as_str()],
        ),
    }
}

/// For every unit of a maille, the table row of each member commune (None: a commune the
/// table lacks; a city given by its arrondissements: the row of each), from the matched codes. Built once per table; every column is then summed
/// through it without looking codes up again.
pub fn level_member_rows(
    dataset: &Dataset,
    level: Level,
    matched: &Matched,
) -> Vec<Vec<Option<usize>>> {
    level_communes(dataset, level)
        .into_iter()
        .map(|communes| {
            communes
                .iter()
                .flat_map(|c| match matched.arrondissement_rows.get(*c) {
                    // A city given by its arrondissements: each one's row is summed.
                    Some(rows) => rows.iter().map(|r| Some(*r)).collect::<Vec<_>>(),
                    None => vec![matched.rows.get(*c).copied()],
                })
                .collect()
        })
        .collect()
}

/// Sums a commune-level count over each unit (`members` from [`level_member_rows`], `values`
/// by table row): exact only if every member commune has a value; otherwise "non disponible"
/// with how many are missing.
pub fn level_sums(members: &[Vec<Option<usize>>], values: &[Option<f64>]) -> Vec<Value> {
    members
        .iter()
        .map(|communes| {
            let mut sum = 0.0;
            let mut missing = 0usize;
            for row in communes {
                match row.and_then(|r| values.get(r).copied().flatten()) {
                    Some(v) => sum += v,
                    None => missing += 1,
                }
            }
            if missing == 0 && !communes.is_empty() {
                Value::Exact(sum)
            } else {
                Value::Missing(format!(
                    "non disponible — {missing} commune(s) sur {} sans valeur dans le fichier",
                    communes.len()
                ))
            }
        })
        .collect()
}

/// Σ numerator / Σ denominator over each unit's communes (a percentage), exact only when
/// every commune has both values and the denominator is positive.
pub fn level_ratios(
    members: &[Vec<Option<usize>>],
    numerator: &[Option<f64>],
    denominator: &[Option<f64>],
) -> Vec<Value> {
    let num = level_sums(members, numerator);
    let den = level_sums(members, denominator);
    num.into_iter()
        .zip(den)
        .map(|(n, d)| match (n, d) {
            (Value::Exact(n), Value::Exact(d)) if d > 0.0 => Value::Exact(100.0 * n / d),
            (Value::Exact(_), Value::Exact(_)) => {
                Value::Missing("aucun emploi au dénominateur".into())
            }
            (Value::Missing(r), _) | (_, Value::Missing(r)) => Value::Missing(r),
            (Value::NotComputable(r), _) | (_, Value::NotComputable(r)) => Value::NotComputable(r),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_normalised_as_excel_breaks_them() {
        assert_eq!(normalise_code(KeyKind::Commune, "1004"), "01004");
        assert_eq!(normalise_code(KeyKind::Commune, " 2a004 "), "2A004");
        assert_eq!(normalise_code(KeyKind::Commune, "35360"), "35360");
        assert_eq!(normalise_code(KeyKind::Departement, "1"), "01");
        assert_eq!(normalise_code(KeyKind::Territoire, "TI-5305"), "ti-5305");
    }

    #[test]
    fn spreadsheet_spellings_are_repaired_and_said() {
        let r = |raw: &str| repair_code(KeyKind::Commune, raw);
        assert_eq!(r("1001.0"), ("01001".into(), true));
        assert_eq!(r("1001,00"), ("01001".into(), true));
        assert_eq!(r("=\"01001\""), ("01001".into(), true));
        assert_eq!(r("'01001"), ("01001".into(), true));
        assert_eq!(r("01 001"), ("01001".into(), true));
        assert_eq!(r("01\u{a0}001"), ("01001".into(), true));
        // Only padding, case and outer spaces: no warning.
        assert_eq!(r(" 1004 "), ("01004".into(), false));
        assert_eq!(r("2a004"), ("2A004".into(), false));
        // Not a code that went through a number: left as written.
        assert_eq!(r("1001.5"), ("1001.5".into(), false));
        assert_eq!(r(".0"), (".0".into(), false));
        assert_eq!(
            repair_code(KeyKind::Epci, "200000172.0"),
            ("200000172".into(), true)
        );
        assert_eq!(repair_code(KeyKind::Departement, "'1"), ("01".into(), true));
        assert_eq!(
            repair_code(KeyKind::Territoire, " TI-5305 "),
            ("ti-5305".into(), false)
        );
    }

    #[test]
    fn arrondissements_name_their_commune() {
        assert_eq!(
            arrondissement_commune("75101"),
            Some(("75056", "Paris", 20))
        );
        assert_eq!(
            arrondissement_commune("75120"),
            Some(("75056", "Paris", 20))
        );
        assert_eq!(arrondissement_commune("69389"), Some(("69123", "Lyon", 9)));
        assert_eq!(
            arrondissement_commune("13216"),
            Some(("13055", "Marseille", 16))
        );
        for other in ["75121", "75056", "69390", "13217", "7510", "abcde"] {
            assert_eq!(arrondissement_commune(other), None, "{other}");
        }
    }

    #[test]
    fn key_columns_and_share_columns_are_recognised() {
        assert_eq!(KeyKind::from_header("CODGEO"), Some(KeyKind::Commune));
        assert_eq!(KeyKind::from_header("code_insee"), Some(KeyKind::Commune));
        assert_eq!(KeyKind::from_header("SIREN"), Some(KeyKind::Epci));
        assert_eq!(
            KeyKind::from_header("id_territoire"),
            Some(KeyKind::Territoire)
        );
        assert_eq!(KeyKind::from_header("valeur"), None);
        assert!(is_share_column("Part de l'industrie"));
        assert!(is_share_column("taux_chomage"));
        assert!(is_share_column("emploi (%)"));
        assert!(!is_share_column("C22_EMPLT_INDUS"));
    }
}
