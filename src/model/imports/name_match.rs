//! Joining a user's table by names: commune, EPCI or territory names as people write them
//! ("ST-GENIS POUILLY", "Chesnay-Rocquencourt (Le)", "Saint Denis"), matched against the
//! bundle's units ignoring case, accents, hyphens, apostrophes and spaces, "St"/"Ste" for
//! "Saint"/"Sainte", an article moved to the end, and the abbreviations CC/CA/CU of the EPCI.
//!
//! A name is joined only when it designates one unit and nothing contradicts it (the
//! département, when the table gives one, must be the unit's). Homonyms without a
//! département, a name found only in another département, several units of the same name in
//! the same département and near spellings (a misspelt name) are never guessed: they are
//! returned "à vérifier" with their candidates. A commune may also be named by the name of a
//! delegated or associated commune it absorbed ("Bellegarde-sur-Valserine", now part of
//! Valserhône: the bundle's `former_names`, from the COG), read as that commune under the same
//! rules and said so.

use std::collections::HashMap;

use serde::Serialize;

use super::table_join::{JoinReport, KeyKind, Matched, Unmatched, join_rows, repair_code};
use crate::model::geography::dataset::Dataset;
use crate::model::geography::tables::Generation;
use crate::model::text::search_form;

/// What a name column names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum NameKind {
    Commune,
    Epci,
    Territoire,
}

impl NameKind {
    /// The code the names are turned into.
    pub fn code_kind(self) -> KeyKind {
        match self {
            NameKind::Commune => KeyKind::Commune,
            NameKind::Epci => KeyKind::Epci,
            NameKind::Territoire => KeyKind::Territoire,
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            NameKind::Commune => "nom de commune",
            NameKind::Epci => "nom d'EPCI",
            NameKind::Territoire => "nom de territoire d'industrie",
        }
    }

    /// The name kind a header names ("Commune", "LIBGEO", "Nom de l'EPCI", "Territoire").
    pub fn from_header(header: &str) -> Option<NameKind> {
        let words = header_words(header);
        let has = |w: &str| words.iter().any(|x| x == w);
        let only =
            |set: &[&str]| !words.is_empty() && words.iter().all(|w| set.contains(&w.as_str()));
        let single = match words.as_slice() {
            [one] => one.as_str(),
            _ => "",
        };
        if matches!(single, "libgeo" | "libcom" | "ville") {
            return Some(NameKind::Commune);
        }
        if has("commune") && only(&["nom", "libelle", "commune", "com", "lib"]) {
            return Some(NameKind::Commune);
        }
        if has("epci") && only(&["nom", "libelle", "epci", "lib", "libepci", "groupement"]) {
            return Some(NameKind::Epci);
        }
        if single == "libepci" {
            return Some(NameKind::Epci);
        }
        if has("territoire") && only(&["nom", "libelle", "territoire", "industrie", "ti"]) {
            return Some(NameKind::Territoire);
        }
        None
    }
}

/// Whether a header names a département (code or name): the column that separates homonyms.
pub fn is_departement_header(header: &str) -> bool {
    let words = header_words(header);
    !words.is_empty()
        && words
            .iter()
            .any(|w| matches!(w.as_str(), "departement" | "dep" | "dept" | "dpt"))
        && words.iter().all(|w| {
            matches!(
                w.as_str(),
                "departement"
                    | "dep"
                    | "dept"
                    | "dpt"
                    | "code"
                    | "nom"
                    | "libelle"
                    | "num"
                    | "numero"
                    | "insee"
            )
        })
}

/// A header's words, folded, without the small words ("de", "l", "n°").
pub fn header_words(header: &str) -> Vec<String> {
    search_form(&header.replace('_', " "))
        .split(' ')
        .filter(|w| {
            !matches!(
                *w,
                "" | "de"
                    | "du"
                    | "des"
                    | "d"
                    | "l"
                    | "la"
                    | "le"
                    | "les"
                    | "n"
                    | "no"
                    | "en"
                    | "et"
                    | "a"
            )
        })
        .map(str::to_owned)
        .collect()
}

/// The form names are compared in: folded, "st"/"ste" read as "saint"/"sainte", an article at
/// the end ("Chesnay-Rocquencourt (Le)", "Chesnay-Rocquencourt, Le") put back in front, "CC",
/// "CA", "CU" spelt out, then without any space or punctuation.
///
/// ```
/// use ti_atlas::model::imports::name_match::name_key;
/// assert_eq!(name_key("ST-GENIS POUILLY"), name_key("Saint-Genis-Pouilly"));
/// assert_eq!(name_key("Chesnay-Rocquencourt (Le)"), name_key("Le Chesnay-Rocquencourt"));
/// assert_eq!(name_key("L'Haÿ-les-Roses"), name_key("l hay les roses"));
/// ```
pub fn name_key(text: &str) -> String {
    let mut text = text.trim().to_owned();
    // "X (Le)", "X (L')", "X, Les": the article goes back in front.
    let article = |s: &str| matches!(search_form(s).as_str(), "le" | "la" | "les" | "l");
    if let Some(open) = text.rfind('(')
        && text.ends_with(')')
        && let Some(inner) = text.get(open + 1..text.len() - 1)
        && article(inner)
    {
        let rest = text.get(..open).unwrap_or("").trim().to_owned();
        text = format!("{inner} {rest}");
    } else if let Some(comma) = text.rfind(',')
        && let Some(inner) = text.get(comma + 1..)
        && article(inner)
    {
        let rest = text.get(..comma).unwrap_or("").trim().to_owned();
        text = format!("{} {rest}", inner.trim());
    }
    let form = search_form(&text);
    let mut out = String::with_capacity(form.len());
    for word in form.split(' ') {
        out.push_str(match word {
            "st" => "saint",
            "ste" => "sainte",
            "sts" => "saints",
            "stes" => "saintes",
            "cc" => "communautedecommunes",
            "ca" => "communautedagglomeration",
            "cu" => "communauteurbaine",
            w => w,
        });
    }
    out
}

/// A unit a name may designate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub code: String,
    pub name: String,
    /// Communes: their département.
    pub departement: Option<String>,
    /// Letters to change from the name as written (0: the same name once normalised).
    pub distance: usize,
}

/// How a name was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameMatch {
    /// The cell holds a known code, not a name.
    Code(String),
    /// One unit, nothing against it: joined. `how` says what was ignored ("même nom une fois
    /// normalisé", "département 93").
    Joined {
        unit: Candidate,
        how: String,
    },
    /// Not decidable: not joined, the candidates listed (best first).
    ToVerify {
        reason: String,
        candidates: Vec<Candidate>,
    },
    Unrecognised(String),
}

/// The units of one kind, indexed by [`name_key`].
pub struct NameIndex {
    kind: NameKind,
    units: Vec<Candidate>,
    keys: Vec<String>,
    /// Length of each key in characters (near spellings are looked for among keys of about
    /// the same length only).
    key_lengths: Vec<usize>,
    by_key: HashMap<String, Vec<usize>>,
    /// Communes named by a former name (a delegated or associated commune's): (key, unit) →
    /// that name as the COG writes it.
    former: HashMap<(String, usize), String>,
    codes: std::collections::HashSet<String>,
    /// Département code by code and by folded name.
    departements: HashMap<String, String>,
}

/// At most this many candidates are listed for a name.
pub const MAX_CANDIDATES: usize = 5;

impl NameIndex {
    pub fn build(dataset: &Dataset, kind: NameKind) -> NameIndex {
        let t = &dataset.tables;
        let units: Vec<Candidate> = match kind {
            NameKind::Commune => t
                .communes
                .iter()
                .map(|c| Candidate {
                    code: c.code.clone(),
                    name: c.name.clone(),
                    departement: Some(c.departement.clone()),
                    distance: 0,
                })
                .collect(),
            NameKind::Epci => t
                .epci
                .iter()
                .map(|e| Candidate {
                    code: e.siren.clone(),
                    name: e.name.clone(),
                    departement: None,
                    distance: 0,
                })
                .collect(),
            NameKind::Territoire => dataset
                .territories(Generation::Temps2)
                .map(|t| Candidate {
                    code: t.id.as_str().to_owned(),
                    name: t.name.clone(),
                    departement: None,
                    distance: 0,
                })
                .collect(),
        };
        let keys: Vec<String> = units.iter().map(|u| name_key(&u.name)).collect();
        let key_lengths = keys.iter().map(|k| k.chars().count()).collect();
        let codes = units.iter().map(|u| u.code.clone()).collect();
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            by_key.entry(k.clone()).or_default().push(i);
        }
        // The communes' former names, under the same key as a current name.
        let mut former = HashMap::new();
        if kind == NameKind::Commune {
            let index: HashMap<&str, usize> = units
                .iter()
                .enumerate()
                .map(|(i, u)| (u.code.as_str(), i))
                .collect();
            for (name, code) in &t.former_names {
                let Some(&i) = index.get(code.as_str()) else {
                    continue;
                };
                let key = name_key(name);
                let entry = by_key.entry(key.clone()).or_default();
                if !entry.contains(&i) {
                    entry.push(i);
                    former.insert((key, i), name.clone());
                }
            }
        }
        let mut departements = HashMap::new();
        for d in &t.departements {
            departements.insert(d.code.clone(), d.code.clone());
            departements.insert(name_key(&d.name), d.code.clone());
        }
        NameIndex {
            kind,
            units,
            keys,
            key_lengths,
            by_key,
            former,
            codes,
            departements,
        }
    }

    pub fn kind(&self) -> NameKind {
        self.kind
    }

    /// The département code a cell gives ("1", "01", "2a", "Ain", "93 - Seine-Saint-Denis"),
    /// or None when it names none.
    pub fn departement(&self, text: &str) -> Option<String> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        let code = super::table_join::normalise_code(KeyKind::Departement, t);
        if let Some(d) = self.departements.get(&code) {
            return Some(d.clone());
        }
        if let Some(d) = self.departements.get(&name_key(t)) {
            return Some(d.clone());
        }
        // "93 - Seine-Saint-Denis": a known code, then the name.
        let first = t
            .split([' ', '-', '('])
            .find(|s| !s.is_empty())
            .unwrap_or("");
        let code = super::table_join::normalise_code(KeyKind::Departement, first);
        self.departements.get(&code).cloned()
    }

    /// Reads one name, with the département the row gives (communes; a code or a name).
    pub fn match_name(&self, text: &str, departement: Option<&str>) -> NameMatch {
        let text = text.trim();
        if text.is_empty() {
            return NameMatch::Unrecognised("nom vide".into());
        }
        // A code where a name was expected.
        let (code, _) = repair_code(self.kind.code_kind(), text);
        if self.codes.contains(&code) {
            return NameMatch::Code(code);
        }
        let dep_text = departement.map(str::trim).filter(|d| !d.is_empty());
        let dep = dep_text.and_then(|d| self.departement(d));
        let unknown_dep = match (dep_text, &dep) {
            (Some(d), None) if self.kind == NameKind::Commune => {
                format!(" ; département « {d} » non reconnu, donc ignoré")
            }
            _ => String::new(),
        };
        let key = name_key(text);
        if key.is_empty() {
            return NameMatch::Unrecognised("nom sans lettre ni chiffre".into());
        }
        let same: Vec<&Candidate> = self
            .by_key
            .get(&key)
            .map(|v| v.iter().filter_map(|&i| self.units.get(i)).collect())
            .unwrap_or_default();
        let dep_of = |c: &Candidate| c.departement.clone().unwrap_or_default();
        if !same.is_empty() {
            let in_dep: Vec<&Candidate> = match &dep {
                Some(d) if self.kind == NameKind::Commune => {
                    same.iter().copied().filter(|c| dep_of(c) == *d).collect()
                }
                _ => same.clone(),
            };
            match in_dep.as_slice() {
                [one] => {
                    let how = match (&dep, same.len()) {
                        (Some(d), n) if n > 1 && self.kind == NameKind::Commune => format!(
                            "même nom une fois normalisé, {n} homonymes départagés par le département {d}"
                        ),
                        (Some(d), _) if self.kind == NameKind::Commune => {
                            format!("même nom une fois normalisé, département {d}")
                        }
                        _ => "même nom une fois normalisé".into(),
                    };
                    let formerly = self
                        .units
                        .iter()
                        .position(|u| u.code == one.code)
                        .and_then(|i| self.former.get(&(key.clone(), i)))
                        .map(|name| {
                            format!(
                                " ; « {name} » est une commune déléguée ou associée de {} (COG 2024)",
                                one.name
                            )
                        })
                        .unwrap_or_default();
                    return NameMatch::Joined {
                        unit: (*one).clone(),
                        how: format!("{how}{formerly}{unknown_dep}"),
                    };
                }
                [] => {
                    let d = dep.clone().unwrap_or_default();
                    return NameMatch::ToVerify {
                        reason: format!(
                            "aucune commune de ce nom dans le département {d}, mais {} ailleurs",
                            same.len()
                        ),
                        candidates: limited(same.into_iter().cloned().collect()),
                    };
                }
                many => {
                    let reason = match &dep {
                        Some(d) if self.kind == NameKind::Commune => {
                            format!("{} communes homonymes dans le département {d}", many.len())
                        }
                        _ if self.kind == NameKind::Commune => format!(
                            "{} communes homonymes : donnez le département pour les départager{unknown_dep}",
                            many.len()
                        ),
                        _ => format!("{} unités de même nom", many.len()),
                    };
                    return NameMatch::ToVerify {
                        reason,
                        candidates: limited(many.iter().map(|c| (*c).clone()).collect()),
                    };
                }
            }
        }
        // Near spellings: listed, never joined.
        let length = key.chars().count();
        let max = match length {
            0..=3 => 0,
            4..=7 => 1,
            8..=14 => 2,
            _ => 3,
        };
        let mut near: Vec<Candidate> = Vec::new();
        if max > 0 {
            for (i, k) in self.keys.iter().enumerate() {
                if self
                    .key_lengths
                    .get(i)
                    .is_none_or(|l| l.abs_diff(length) > max)
                {
                    continue;
                }
                let Some(u) = self.units.get(i) else { continue };
                if let (Some(d), NameKind::Commune) = (&dep, self.kind)
                    && u.departement.as_deref() != Some(d.as_str())
                {
                    continue;
                }
                if let Some(distance) = bounded_distance(&key, k, max) {
                    near.push(Candidate {
                        distance,
                        ..u.clone()
                    });
                }
            }
        }
        if near.is_empty() {
            let within = match (&dep, self.kind) {
                (Some(d), NameKind::Commune) => format!(" dans le département {d}"),
                _ => String::new(),
            };
            return NameMatch::Unrecognised(format!(
                "{} inconnu (COG 2024){within}, même en ignorant casse, accents, tirets et « St »{unknown_dep}",
                self.kind.label_fr()
            ));
        }
        near.sort_by(|a, b| {
            a.distance
                .cmp(&b.distance)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.code.cmp(&b.code))
        });
        NameMatch::ToVerify {
            reason: format!(
                "nom inconnu, orthographe proche de {} {}{unknown_dep}",
                near.len(),
                if near.len() > 1 { "noms" } else { "nom" }
            ),
            candidates: limited(near),
        }
    }
}

fn limited(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_by(|a, b| {
        a.distance
            .cmp(&b.distance)
            .then_with(|| a.departement.cmp(&b.departement))
            .then_with(|| a.code.cmp(&b.code))
    });
    candidates.truncate(MAX_CANDIDATES);
    candidates
}

/// Levenshtein distance between `a` and `b` when it is at most `max`, else None.
pub fn bounded_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(first) = current.first_mut() {
            *first = i + 1;
        }
        let mut row_min = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution =
                previous.get(j).copied().unwrap_or(usize::MAX) + usize::from(ca != cb);
            let deletion = previous
                .get(j + 1)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            let insertion = current
                .get(j)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            let d = substitution.min(deletion).min(insertion);
            if let Some(c) = current.get_mut(j + 1) {
                *c = d;
            }
            row_min = row_min.min(d);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous.last().copied().filter(|&d| d <= max)
}

/// A row joined by its name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JoinedByName {
    pub row: usize,
    /// The name as written.
    pub written: String,
    /// The département as written, if any.
    pub departement: Option<String>,
    /// The code chosen and the unit's name.
    pub code: String,
    pub name: String,
    pub how: String,
}

/// A row left for the user to decide: not joined.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ToVerify {
    pub row: usize,
    pub written: String,
    pub departement: Option<String>,
    pub reason: String,
    pub candidates: Vec<Candidate>,
}

/// A row whose name is not recognised at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unrecognised {
    pub row: usize,
    pub written: String,
    pub reason: String,
}

/// The graded report of a join by names: joined exactly by code, joined by name (each with the
/// code chosen), to verify (with candidates, not joined), unrecognised, duplicates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NameJoinReport {
    pub name_column: String,
    pub name_kind: NameKind,
    pub departement_column: Option<String>,
    /// Rows joined by a code (from the code column, or a code written in the name column).
    pub joined_by_code: usize,
    pub joined_by_name: Vec<JoinedByName>,
    pub to_verify: Vec<ToVerify>,
    pub unrecognised: Vec<Unrecognised>,
    /// Codes reached by several rows (by code or by name), with their rows; the first is used.
    pub duplicates: Vec<(String, Vec<usize>)>,
}

impl NameJoinReport {
    /// The grades, then each row joined by name with the code chosen (the rows to verify and
    /// the unrecognised ones are among the rejected rows, with their candidates).
    pub fn lines_fr(&self) -> Vec<String> {
        let dep = self
            .departement_column
            .as_ref()
            .map(|d| format!(", département : « {d} »"))
            .unwrap_or_default();
        let mut out = vec![format!(
            "jointure par noms (« {} », {}{dep}) : {} ligne(s) jointe(s) par code, {} par nom, {} à vérifier (non jointes), {} non reconnue(s), {} code(s) en double",
            self.name_column,
            self.name_kind.label_fr(),
            self.joined_by_code,
            self.joined_by_name.len(),
            self.to_verify.len(),
            self.unrecognised.len(),
            self.duplicates.len()
        )];
        out.extend(self.joined_by_name.iter().map(|j| {
            format!(
                "jointe par nom, ligne {} : « {} »{} → {} {} ({})",
                j.row,
                j.written,
                j.departement
                    .as_ref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default(),
                j.code,
                j.name,
                j.how
            )
        }));
        out
    }
}

/// One row of a table to join by names: its row number, its code (when the table has a code
/// column: used first, the name only when it is empty), its name and its département.
pub struct NameRow {
    pub row: usize,
    pub code: Option<String>,
    pub name: String,
    pub departement: Option<String>,
}

impl Candidate {
    /// "Saint-Denis (93066, dép. 93)".
    pub fn label_fr(&self) -> String {
        match &self.departement {
            Some(d) => format!("{} ({}, dép. {d})", self.name, self.code),
            None => format!("{} ({})", self.name, self.code),
        }
    }
}

/// Joins rows by code where they have one, else by name (see the module's rules), then
/// through [`join_rows`] (former codes, duplicates) at the names' maille. `rows` are in table
/// order (one per table row). The rows left to verify or unrecognised are in the join report's
/// `unmatched` too, with their reason and candidates.
pub fn join_by_names(
    dataset: &Dataset,
    index: &NameIndex,
    key_column: &str,
    name_column: &str,
    departement_column: Option<&str>,
    rows: &[NameRow],
) -> (Matched, JoinReport, NameJoinReport) {
    let kind = index.kind();
    let mut keys: Vec<(usize, String)> = Vec::with_capacity(rows.len());
    let mut by_name = Vec::new();
    let mut to_verify = Vec::new();
    let mut unrecognised = Vec::new();
    let mut by_code_rows = std::collections::BTreeSet::new();
    for r in rows {
        if let Some(code) = r.code.as_ref().filter(|c| !c.trim().is_empty()) {
            keys.push((r.row, code.clone()));
            by_code_rows.insert(r.row);
            continue;
        }
        match index.match_name(&r.name, r.departement.as_deref()) {
            NameMatch::Code(code) => {
                keys.push((r.row, code));
                by_code_rows.insert(r.row);
            }
            NameMatch::Joined { unit, how } => {
                keys.push((r.row, unit.code.clone()));
                by_name.push(JoinedByName {
                    row: r.row,
                    written: r.name.trim().to_owned(),
                    departement: r.departement.clone().filter(|d| !d.trim().is_empty()),
                    code: unit.code,
                    name: unit.name,
                    how,
                });
            }
            NameMatch::ToVerify { reason, candidates } => {
                keys.push((r.row, String::new()));
                to_verify.push(ToVerify {
                    row: r.row,
                    written: r.name.trim().to_owned(),
                    departement: r.departement.clone().filter(|d| !d.trim().is_empty()),
                    reason,
                    candidates,
                });
            }
            NameMatch::Unrecognised(reason) => {
                keys.push((r.row, String::new()));
                unrecognised.push(Unrecognised {
                    row: r.row,
                    written: r.name.trim().to_owned(),
                    reason,
                });
            }
        }
    }
    let (matched, mut report) = join_rows(dataset, kind.code_kind(), key_column, &keys);
    let by_name_rows: std::collections::BTreeSet<usize> = by_name.iter().map(|j| j.row).collect();
    // Rows without a code: their reason is the name's, not "code vide".
    report
        .unmatched
        .retain(|u| by_code_rows.contains(&u.row) || by_name_rows.contains(&u.row));
    let joined_by_code = by_code_rows
        .iter()
        .filter(|row| !report.unmatched.iter().any(|u| u.row == **row))
        .count();
    report.unmatched.extend(to_verify.iter().map(|v| Unmatched {
        row: v.row,
        value: v.written.clone(),
        reason: format!(
            "à vérifier ({}) : {}{} — non joint",
            kind.label_fr(),
            v.reason,
            if v.candidates.is_empty() {
                String::new()
            } else {
                format!(
                    " ; candidats : {}",
                    v.candidates
                        .iter()
                        .map(Candidate::label_fr)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        ),
    }));
    report
        .unmatched
        .extend(unrecognised.iter().map(|u| Unmatched {
            row: u.row,
            value: u.written.clone(),
            reason: u.reason.clone(),
        }));
    report.unmatched.sort_by_key(|u| u.row);
    let names = NameJoinReport {
        name_column: name_column.to_owned(),
        name_kind: kind,
        departement_column: departement_column.map(str::to_owned),
        joined_by_code,
        joined_by_name: by_name,
        to_verify,
        unrecognised,
        duplicates: report.duplicates.clone(),
    };
    (matched, report, names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_compared_as_people_write_them() {
        let same = |a: &str, b: &str| assert_eq!(name_key(a), name_key(b), "{a} / {b}");
        same("ST-GENIS POUILLY", "Saint-Genis-Pouilly");
        same("Ste Marie aux Mines", "Sainte-Marie-aux-Mines");
        same("Chesnay-Rocquencourt (Le)", "Le Chesnay-Rocquencourt");
        same("Chesnay-Rocquencourt, Le", "Le Chesnay-Rocquencourt");
        same("Haÿ-les-Roses (L')", "L'Haÿ-les-Roses");
        same("  BOURG EN BRESSE ", "Bourg-en-Bresse");
        same("Saint Etienne", "Saint-Étienne");
        same("CC du Pays de Gex", "Communauté de communes du Pays de Gex");
        // Different names stay different.
        assert_ne!(name_key("Saint-Denis"), name_key("Saint-Deni"));
        assert_ne!(name_key("Mans (Le)"), name_key("Mans"));
        // "(Les)" only when it is an article.
        assert_eq!(name_key("Paris (75)"), "paris75");
    }

    #[test]
    fn distance_is_bounded() {
        assert_eq!(bounded_distance("bourg", "bourg", 1), Some(0));
        assert_eq!(
            bounded_distance("bourgenbresse", "bourgenbrese", 2),
            Some(1)
        );
        assert_eq!(bounded_distance("oyonnax", "oyonax", 1), Some(1));
        assert_eq!(bounded_distance("abc", "xyz", 2), None);
        assert_eq!(bounded_distance("paris", "parisien", 2), None);
        assert_eq!(bounded_distance("", "ab", 2), Some(2));
    }

    #[test]
    fn headers_of_names_and_departements() {
        assert_eq!(NameKind::from_header("Commune"), Some(NameKind::Commune));
        assert_eq!(
            NameKind::from_header("nom_commune"),
            Some(NameKind::Commune)
        );
        assert_eq!(
            NameKind::from_header("Nom de la commune"),
            Some(NameKind::Commune)
        );
        assert_eq!(NameKind::from_header("LIBGEO"), Some(NameKind::Commune));
        assert_eq!(NameKind::from_header("Libellé EPCI"), Some(NameKind::Epci));
        assert_eq!(NameKind::from_header("Nom de l'EPCI"), Some(NameKind::Epci));
        assert_eq!(
            NameKind::from_header("Territoire d'industrie"),
            Some(NameKind::Territoire)
        );
        assert_eq!(NameKind::from_header("code commune"), None);
        assert_eq!(NameKind::from_header("population"), None);
        assert!(is_departement_header("Département"));
        assert!(is_departement_header("code_departement"));
        assert!(is_departement_header("DEP"));
        assert!(is_departement_header("N° de département"));
        assert!(!is_departement_header("population du département 2021"));
    }
}

/// The user's answers to the rows "à vérifier" of a join by names: for rows of the name column
/// (file line numbers), the code chosen among the candidates. Kept with the file (settings,
/// projects): the file is read again with them, each chosen code taken as if written there.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NameChoices {
    /// The name column's header as written in the file.
    pub column: String,
    /// (file line, code chosen).
    pub rows: Vec<(usize, String)>,
}
