//! Action plans of the territories (not public: imported from the users' files). The four axes
//! of the programme, one action per row, and the counts the map and the sheets show.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::TerritoryId;
use crate::model::text::fold;

/// The four axes of the Territoires d'industrie action plans.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Axis {
    Transition,
    Innovation,
    Competences,
    Foncier,
}

impl Axis {
    pub const ALL: [Axis; 4] = [
        Axis::Transition,
        Axis::Innovation,
        Axis::Competences,
        Axis::Foncier,
    ];

    /// The axis as the programme names it.
    pub fn label_fr(self) -> &'static str {
        match self {
            Axis::Transition => "transition écologique et énergétique",
            Axis::Innovation => "innovation",
            Axis::Competences => "compétences et recrutement",
            Axis::Foncier => "foncier industriel",
        }
    }

    /// Short id used in indicator ids (`nombre_actions_transition`…).
    pub fn id(self) -> &'static str {
        match self {
            Axis::Transition => "transition",
            Axis::Innovation => "innovation",
            Axis::Competences => "competences",
            Axis::Foncier => "foncier",
        }
    }

    /// Reads an axis as people type it: full name, short name or id, any case, with or
    /// without accents ("Transition écologique", "TEE", "compétences", "Foncier").
    pub fn parse(text: &str) -> Option<Axis> {
        let t = fold(text);
        let t = t.trim();
        if t.is_empty() {
            return None;
        }
        let starts = |p: &str| t.starts_with(p);
        if starts("transition") || t == "tee" || starts("ecolog") || starts("decarbon") {
            Some(Axis::Transition)
        } else if starts("innovation") || starts("innover") {
            Some(Axis::Innovation)
        } else if starts("competence") || starts("recrutement") || starts("emploi") {
            Some(Axis::Competences)
        } else if starts("foncier") {
            Some(Axis::Foncier)
        } else {
            None
        }
    }
}

/// Where an action stands.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Status {
    Planned,
    InProgress,
    Done,
    Abandoned,
    /// Any other wording, kept as typed.
    Other(String),
}

impl Status {
    pub fn parse(text: &str) -> Option<Status> {
        let t = fold(text);
        let t = t.trim();
        Some(match t {
            "" => return None,
            _ if t.starts_with("prev") || t.starts_with("a lancer") || t == "a venir" => {
                Status::Planned
            }
            _ if t.starts_with("en cours") || t.starts_with("engag") || t.starts_with("lanc") => {
                Status::InProgress
            }
            _ if t.starts_with("realis") || t.starts_with("termin") || t.starts_with("achev") => {
                Status::Done
            }
            _ if t.starts_with("abandon") || t.starts_with("annul") => Status::Abandoned,
            _ => Status::Other(text.trim().to_owned()),
        })
    }

    pub fn label_fr(&self) -> &str {
        match self {
            Status::Planned => "prévue",
            Status::InProgress => "en cours",
            Status::Done => "réalisée",
            Status::Abandoned => "abandonnée",
            Status::Other(s) => s,
        }
    }
}

/// One action of a plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Action {
    /// Row of the imported file (1-based, header = 1).
    pub row: usize,
    /// Territory id (`ti-RRNN`, 2023-2027).
    pub territory: TerritoryId,
    pub title: String,
    pub axis: Axis,
    pub status: Option<Status>,
    pub lead: Option<String>,
    pub amount_total_eur: Option<f64>,
    pub amount_state_eur: Option<f64>,
    /// Dates as ISO text (`2024-03-01`) when they could be read.
    pub start: Option<String>,
    pub end: Option<String>,
    pub description: Option<String>,
}

impl Action {
    /// What looks wrong in an action taken as it is: a period that ends before it starts, a
    /// negative amount, a State share above the total. Said in French, one line each.
    pub fn inconsistencies(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let (Some(start), Some(end)) = (&self.start, &self.end)
            && end < start
        {
            out.push((
                "date_fin",
                format!("fin ({end}) avant le début ({start}) : dates inversées ?"),
            ));
        }
        for (column, amount) in [
            ("montant_total_eur", self.amount_total_eur),
            ("montant_etat_eur", self.amount_state_eur),
        ] {
            if let Some(x) = amount
                && x < 0.0
            {
                out.push((column, format!("montant négatif ({})", euros_fr(x))));
            }
        }
        if let (Some(state), Some(total)) = (self.amount_state_eur, self.amount_total_eur)
            && state > total
            && total >= 0.0
        {
            out.push((
                "montant_etat_eur",
                format!(
                    "part de l'État ({}) supérieure au montant total ({})",
                    euros_fr(state),
                    euros_fr(total)
                ),
            ));
        }
        out
    }
}

/// An amount in euros in French notation: "1 500 €", "−12,50 €" (a no-break space before the
/// unit, a comma, U+2212 for the minus).
fn euros_fr(x: f64) -> String {
    let decimals = if x.fract() == 0.0 { 0 } else { 2 };
    crate::format::with_unit(&crate::format::decimal_fr(x, decimals), "€")
}

/// Days in a month of the Gregorian calendar (0 for a month outside 1..=12).
pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

/// A calendar date as ISO text, or why it is not one ("le 31 février n'existe pas").
pub fn iso_date(year: u32, month: u32, day: u32) -> Result<String, String> {
    if !(1900..=2100).contains(&year) {
        return Err(format!("année {year} hors de 1900-2100"));
    }
    let Some(name) = month
        .checked_sub(1)
        .and_then(|m| crate::format::MONTHS_FR.get(m as usize))
    else {
        return Err(format!("mois {month} inexistant"));
    };
    let days = days_in_month(year, month);
    if day == 0 || day > days {
        return Err(format!(
            "le {day} {name} {year} n'existe pas ({name} {year} a {days} jours)"
        ));
    }
    Ok(format!("{year:04}-{month:02}-{day:02}"))
}

/// A row that could not be taken, or a value that was dropped, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RowProblem {
    pub row: usize,
    pub column: Option<String>,
    pub problem: String,
}

/// The imported plans of one file.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ActionPlan {
    /// File name, shown as the source of the figures.
    pub source_name: String,
    pub actions: Vec<Action>,
    /// Rows not imported, with the reason.
    pub rejected: Vec<RowProblem>,
    /// Rows imported with a value left out (unreadable amount or date…).
    pub warnings: Vec<RowProblem>,
}

/// Counts of one territory's actions.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PlanCounts {
    pub total: usize,
    pub by_axis: BTreeMap<Axis, usize>,
}

impl ActionPlan {
    /// Territories with at least one action, and their counts.
    pub fn counts(&self) -> BTreeMap<&str, PlanCounts> {
        let mut out: BTreeMap<&str, PlanCounts> = BTreeMap::new();
        for a in &self.actions {
            let c = out.entry(a.territory.as_str()).or_default();
            c.total += 1;
            *c.by_axis.entry(a.axis).or_default() += 1;
        }
        out
    }

    /// A territory's actions grouped by axis (axes in programme order, actions in file order).
    pub fn by_axis(&self, territory: &TerritoryId) -> Vec<(Axis, Vec<&Action>)> {
        Axis::ALL
            .into_iter()
            .map(|axis| {
                (
                    axis,
                    self.actions
                        .iter()
                        .filter(|a| a.territory == *territory && a.axis == axis)
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, v)| !v.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_read_as_people_type_them() {
        assert_eq!(
            Axis::parse("Transition écologique et énergétique"),
            Some(Axis::Transition)
        );
        assert_eq!(Axis::parse("TEE"), Some(Axis::Transition));
        assert_eq!(Axis::parse(" INNOVATION "), Some(Axis::Innovation));
        assert_eq!(
            Axis::parse("Compétences et recrutement"),
            Some(Axis::Competences)
        );
        assert_eq!(Axis::parse("competences"), Some(Axis::Competences));
        assert_eq!(Axis::parse("Foncier industriel"), Some(Axis::Foncier));
        assert_eq!(Axis::parse("tourisme"), None);
        assert_eq!(Axis::parse(""), None);
        for a in Axis::ALL {
            assert_eq!(Axis::parse(a.label_fr()), Some(a));
            assert_eq!(Axis::parse(a.id()), Some(a));
        }
    }

    #[test]
    fn statuses_keep_unknown_wording() {
        assert_eq!(Status::parse("Prévue"), Some(Status::Planned));
        assert_eq!(Status::parse("en cours"), Some(Status::InProgress));
        assert_eq!(Status::parse("Réalisée"), Some(Status::Done));
        assert_eq!(Status::parse("abandonnée"), Some(Status::Abandoned));
        assert_eq!(
            Status::parse("En attente de financement"),
            Some(Status::Other("En attente de financement".into()))
        );
        assert_eq!(Status::parse("  "), None);
    }

    #[test]
    fn calendar_dates_and_leap_years() {
        assert_eq!(iso_date(2024, 2, 29), Ok("2024-02-29".into()));
        let e = iso_date(2023, 2, 29).unwrap_err();
        assert!(
            e.contains("29 février 2023") && e.contains("28 jours"),
            "{e}"
        );
        assert!(
            iso_date(2024, 2, 31)
                .unwrap_err()
                .contains("31 février 2024")
        );
        assert!(iso_date(2024, 4, 31).is_err());
        assert!(iso_date(2024, 13, 1).unwrap_err().contains("mois 13"));
        assert!(iso_date(1800, 1, 1).is_err());
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
    }

    #[test]
    fn inconsistent_actions_are_said() {
        let mut a = Action {
            row: 2,
            territory: "ti-5305".into(),
            title: "t".into(),
            axis: Axis::Innovation,
            status: None,
            lead: None,
            amount_total_eur: Some(100.0),
            amount_state_eur: Some(50.0),
            start: Some("2024-03-01".into()),
            end: Some("2025-01-01".into()),
            description: None,
        };
        assert!(a.inconsistencies().is_empty());
        a.end = Some("2023-12-31".into());
        a.amount_state_eur = Some(150.0);
        let problems: Vec<String> = a.inconsistencies().into_iter().map(|p| p.1).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("avant le début"));
        assert!(problems[1].contains("supérieure au montant total"));
        a.amount_total_eur = Some(-5.0);
        a.amount_state_eur = None;
        assert!(a.inconsistencies().iter().any(|p| p.1.contains("négatif")));
    }

    #[test]
    fn counts_by_territory_and_axis() {
        let action = |row: usize, territory: &str, axis: Axis| Action {
            row,
            territory: territory.into(),
            title: format!("action {row}"),
            axis,
            status: None,
            lead: None,
            amount_total_eur: None,
            amount_state_eur: None,
            start: None,
            end: None,
            description: None,
        };
        let plan = ActionPlan {
            source_name: "plan.csv".into(),
            actions: vec![
                action(2, "ti-5305", Axis::Innovation),
                action(3, "ti-5305", Axis::Foncier),
                action(4, "ti-5305", Axis::Innovation),
                action(5, "ti-8402", Axis::Transition),
            ],
            ..ActionPlan::default()
        };
        let counts = plan.counts();
        assert_eq!(counts.len(), 2);
        assert_eq!(counts["ti-5305"].total, 3);
        assert_eq!(counts["ti-5305"].by_axis[&Axis::Innovation], 2);
        assert_eq!(counts["ti-5305"].by_axis.get(&Axis::Transition), None);
        let grouped = plan.by_axis(&TerritoryId::new("ti-5305"));
        assert_eq!(grouped.len(), 2);
        assert_eq!(grouped[0].0, Axis::Innovation);
        assert_eq!(grouped[0].1.len(), 2);
    }
}
