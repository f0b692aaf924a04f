//! What a sheet shows, already in words and French figures: the side panel and the PDF sheet
//! both draw these structs and compute nothing themselves.

use crate::model::imports::action_plan::Axis;
use crate::model::{Generation, GroupementNature, IndicatorId, LayerKind, TerritoryId, UnitRef};

/// The sheet of a territory (2023-2027 or 2018-2022).
#[derive(Clone, Debug, PartialEq)]
pub struct TerritorySheet {
    pub identity: Identity,
    pub figures: KeyFigures,
    pub members: MemberTable,
    /// 2023-2027 only (2018-2022 plans are not imported).
    pub plan: Option<PlanView>,
    /// 2023-2027 only.
    pub projects: Option<ProjectsView>,
    /// Employment growth of the members, and their place on the bivariate grid.
    pub dynamics: Option<super::dynamics::DynamicsView>,
    pub sources: SourcesBlock,
}

/// A label and its value, one line of an identity grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// Who the territory is.
#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    /// Layer and position of the territory's feature (for the map commands).
    pub kind: LayerKind,
    pub index: usize,
    pub id: TerritoryId,
    /// The id with its generation, as it is shown: "ti-5302 (2023-2027)" (the two
    /// generations number their territories differently, and reuse ids).
    pub id_shown: String,
    pub name: String,
    pub generation: Generation,
    /// "Bretagne (53)".
    pub region: String,
    pub region_code: String,
    /// "Ille-et-Vilaine (35), Manche (50)".
    pub departements: String,
    pub counts: MemberCounts,
    pub communes: String,
    /// "123 456 hab.".
    pub population: String,
    pub population_hab: u64,
    /// "1 234,5 km²".
    pub area: String,
    /// "87,3 hab./km²", or "non disponible".
    pub density: String,
    /// Identifiant, génération, région, départements, members, communes, population, area,
    /// density: the grid of the panel.
    pub facts: Vec<Fact>,
    /// The territory's type on the typology the map shows (also the last of `facts`), which
    /// the PDF writes under the members.
    pub typology: Option<Fact>,
    /// A caveat on the perimeter (2018-2022: rebuilt from 2024 EPCI).
    pub caveat: Option<String>,
}

/// How many members of each kind: "20 = 9 EPCI + 11 communes".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemberCounts {
    pub total: usize,
    pub epci: usize,
    pub ept: usize,
    pub communes: usize,
}

impl Identity {
    /// The territory as a unit of its layer (what the map selects).
    pub fn unit(&self) -> UnitRef {
        UnitRef::new(self.kind, self.id.as_str())
    }
}

impl MemberCounts {
    /// "4 EPCI", "20 = 9 EPCI + 11 communes", "3 = 1 EPCI + 1 EPT + 1 commune".
    pub fn text(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n > 1 { many } else { one });
        let parts: Vec<String> = [
            (self.epci > 0).then(|| plural(self.epci, "EPCI", "EPCI")),
            (self.ept > 0).then(|| plural(self.ept, "EPT", "EPT")),
            (self.communes > 0).then(|| plural(self.communes, "commune", "communes")),
        ]
        .into_iter()
        .flatten()
        .collect();
        match parts.as_slice() {
            [] => "0".into(),
            [one] => one.clone(),
            _ => format!("{} = {}", self.total, parts.join(" + ")),
        }
    }
}

/// The key figures with what they are compared to.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyFigures {
    pub rows: Vec<KeyFigure>,
    /// What ranks count: "Rang 1 = valeur la plus élevée parmi les 183 territoires…".
    pub rank_note: String,
    /// Why shares given per EPCI show the members' range and median (when one does).
    pub spread_note: Option<String>,
}

impl KeyFigures {
    /// The figures that wait for the user's files (plan, projects).
    pub fn waiting_for_import(&self) -> impl Iterator<Item = &KeyFigure> {
        self.rows.iter().filter(|r| r.needs_import && !r.exact)
    }

    /// The figures that have a value, or that could have one from the bundle.
    pub fn shown(&self) -> impl Iterator<Item = &KeyFigure> {
        self.rows.iter().filter(|r| !r.needs_import || r.exact)
    }
}

/// One indicator of the sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyFigure {
    pub id: IndicatorId,
    /// The indicator's name, in full (with its unit when the value does not carry it).
    pub label: String,
    /// "12 345 hab.", "45,2 %", "non calculable", "non disponible".
    pub value: String,
    /// Whether `value` is a figure.
    pub exact: bool,
    /// Why there is no figure (the source's own words).
    pub reason: Option<String>,
    pub rank: Option<Rank>,
    /// Région and France (territory sheets, when computed); None for figures from imports.
    pub comparison: Option<Comparison>,
    /// A share given per EPCI: the members' values, range and median (never an average).
    pub spread: Option<Spread>,
    /// Fed by the user's files (plan, projects).
    pub needs_import: bool,
    /// A growth rate of jobs: its members' spread is also the "Dynamiques" block's.
    pub growth: bool,
}

/// Rank among the units of the maille (1 = highest).
#[derive(Clone, Debug, PartialEq)]
pub struct Rank {
    pub rank: usize,
    pub of: usize,
    pub percentile: Option<f64>,
    /// "rang 3 sur 183 territoires, centile 98".
    pub text: String,
    /// "3 / 183".
    pub short: String,
}

/// The région's and France's values of a figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub region: String,
    pub france: String,
    /// "Région : 3 453 023 hab. · France : 68 … (le territoire : 5,1 % de la région)".
    pub line: String,
    /// What they are computed over, or why they are missing.
    pub note: String,
}

/// Range and median of the members' values of one column.
#[derive(Clone, Debug, PartialEq)]
pub struct Spread {
    pub with_value: usize,
    pub members: usize,
    pub min: f64,
    pub max: f64,
    pub median: f64,
    /// "EPCI membres (4 sur 4 avec valeur) : de 12,1 à 30,2 %, médiane 20,0 %".
    pub text: String,
    /// "12,1 – 30,2 % (méd. 20,0)".
    pub short: String,
}

/// The members of a territory, as what they are (EPCI, EPT, commune), with their own
/// figures.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberTable {
    pub counts: MemberCounts,
    /// "Groupements membres (20 = 9 EPCI + 11 communes)".
    pub title: String,
    pub columns: Vec<MemberColumn>,
    pub rows: Vec<Member>,
    /// Range and median per series column (None when no member has a value).
    pub spreads: Vec<Option<Spread>>,
    /// What the natures' codes and the columns mean, and where they come from.
    pub notes: Vec<String>,
}

/// A series column of the member table.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberColumn {
    pub id: IndicatorId,
    /// "Industrie".
    pub short: String,
    /// The series' full label.
    pub label: String,
    /// "%".
    pub unit: String,
}

/// One member.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub siren: String,
    pub name: String,
    pub nature: GroupementNature,
    /// "CC", "CA", "CU", "Métropole", "EPT", "Commune".
    pub nature_short: String,
    /// "Communauté de communes"…
    pub nature_label: String,
    /// Position in the EPCI layer, when the member is drawn there (a sheet to open).
    pub epci_index: Option<usize>,
    /// INSEE code of a commune member.
    pub commune: Option<String>,
    pub population: Option<u64>,
    /// "12 345" or "non disponible".
    pub population_text: String,
    /// How the population is known ("somme de ses 11 communes" for an EPT) or why not.
    pub population_note: Option<String>,
    /// One per column, None where the source has none.
    pub values: Vec<Option<f64>>,
    /// One per column: "12,3" or "—".
    pub value_texts: Vec<String>,
}

/// The territory's action plan, when the user imported one.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanView {
    NotImported,
    /// The imported file has no action for this territory.
    Absent {
        file: String,
    },
    Actions {
        file: String,
        total: usize,
        /// "4 actions : innovation 1 · foncier industriel 3".
        summary: String,
        axes: Vec<AxisActions>,
    },
}

/// The actions of one axis.
#[derive(Clone, Debug, PartialEq)]
pub struct AxisActions {
    pub axis: Axis,
    /// "Transition écologique et énergétique".
    pub title: String,
    /// "Transition écologique et énergétique (1)".
    pub heading: String,
    pub actions: Vec<ActionView>,
}

/// One action, in words.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionView {
    pub title: String,
    pub status: Option<String>,
    pub lead: Option<String>,
    /// "1 250 000 €".
    pub amount_total: Option<String>,
    pub amount_state: Option<String>,
    /// "du 1er mars 2024 au 31 décembre 2026".
    pub period: Option<String>,
    /// "porteur : … · coût : … · État : … · du … au …".
    pub details: String,
    pub description: Option<String>,
}

/// The funded projects placed in the territory, when the user imported the list.
#[derive(Clone, Debug, PartialEq)]
pub enum ProjectsView {
    NotImported,
    Listed {
        file: String,
        /// Sorted by company.
        projects: Vec<ProjectView>,
        /// "3 projets placés dans le territoire d'après leurs coordonnées (projets.csv)".
        summary: String,
        /// The filters' choices, sorted the French way.
        mesures: Vec<String>,
        filieres: Vec<String>,
    },
}

/// One project.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectView {
    /// Row of the imported file.
    pub row: usize,
    pub company: String,
    pub mesure: String,
    pub filiere: Option<String>,
    pub commune: Option<String>,
    /// "mesure · filière · commune".
    pub line: String,
}

/// Every source the sheet's figures come from, with its vintage, and the user's files.
#[derive(Clone, Debug, PartialEq)]
pub struct SourcesBlock {
    pub sources: Vec<SourceLine>,
    pub imported: Vec<ImportedFile>,
}

/// A source of the bundle.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceLine {
    pub label: String,
    pub vintage: String,
    pub licence: String,
    /// "label (vintage)".
    pub citation: String,
}

/// A file the user imported.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedFile {
    /// "Plan d'actions importé : plan.xlsx".
    pub label: String,
    /// "importé le 23/11/2026".
    pub date: String,
    /// "Plan d'actions importé : plan.xlsx, importé le 23/11/2026".
    pub text: String,
}

impl SourcesBlock {
    /// The block as lines: "Sources : a (2024) ; b (2022)." then "Fichiers importés : …".
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![format!(
            "Sources : {}.",
            self.sources
                .iter()
                .map(|s| s.citation.as_str())
                .collect::<Vec<_>>()
                .join(" ; ")
        )];
        if !self.imported.is_empty() {
            out.push(format!(
                "Fichiers importés : {}.",
                self.imported
                    .iter()
                    .map(|f| f.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ; ")
            ));
        }
        out
    }
}

/// The sheet of an EPCI, a département or a région picked on the map.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitSheet {
    /// The unit, and its position in its layer.
    pub unit: UnitRef,
    pub index: usize,
    pub title: String,
    pub facts: Vec<Fact>,
    /// The 2023-2027 territories an EPCI belongs to.
    pub territories: Vec<TerritoryLink>,
    /// "Hors des territoires d'industrie 2023-2027." for an EPCI in none.
    pub outside: Option<String>,
    /// The maille's indicators (EPCI, départements), when computed.
    pub figures: Option<KeyFigures>,
    pub sources: SourcesBlock,
}

/// A territory to open from another sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct TerritoryLink {
    /// A 2023-2027 territory.
    pub id: TerritoryId,
    /// "Territoire d'industrie : Fougères – Vitré".
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_counts_agree_with_their_parts() {
        let c = |total, epci, ept, communes| MemberCounts {
            total,
            epci,
            ept,
            communes,
        };
        assert_eq!(c(4, 4, 0, 0).text(), "4 EPCI");
        assert_eq!(c(20, 9, 0, 11).text(), "20 = 9 EPCI + 11 communes");
        assert_eq!(c(3, 1, 1, 1).text(), "3 = 1 EPCI + 1 EPT + 1 commune");
        assert_eq!(c(1, 0, 1, 0).text(), "1 EPT");
        assert_eq!(c(2, 0, 0, 2).text(), "2 communes");
    }
}
