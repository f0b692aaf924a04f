//! The member table of a territory: each member as what it is (EPCI, EPT, commune), its
//! population (an EPT's summed from its communes), its own sector shares, and the range and
//! median of each column (never an average).

use super::view::{Member, MemberColumn, MemberCounts, MemberTable, Spread};
use crate::format::{decimal_fr, int_fr};
use crate::model::indicators::range_and_median;
use crate::model::{Dataset, GroupementNature, IndicatorSeries, SeriesMeasure, Territory};

/// Short column headers of the bundled EPCI series (full label on hover).
fn short_header(id: &str, label: &str) -> String {
    match id {
        "part_emploi_industrie" => "Industrie".into(),
        "part_emploi_agriculture" => "Agriculture".into(),
        "part_emploi_construction" => "Construction".into(),
        "part_emploi_commerce_transports_services" => "Comm., transp., serv.".into(),
        "part_emploi_admin_enseignement_sante_social" => "Admin., ens., santé".into(),
        "part_emploi_salarie" => "Salariés".into(),
        _ => label.into(),
    }
}

/// "CC", "EPT", "Commune"… as the table's nature column writes it.
fn nature_short(nature: GroupementNature) -> &'static str {
    match nature {
        GroupementNature::CC => "CC",
        GroupementNature::CA => "CA",
        GroupementNature::CU => "CU",
        GroupementNature::METRO => "Métropole",
        GroupementNature::EPT => "EPT",
        GroupementNature::COM => "Commune",
    }
}

pub fn is_epci(nature: GroupementNature) -> bool {
    !matches!(nature, GroupementNature::EPT | GroupementNature::COM)
}

/// Members by kind.
pub fn member_counts(t: &Territory) -> MemberCounts {
    let count =
        |f: fn(GroupementNature) -> bool| t.groupements.iter().filter(|g| f(g.nature)).count();
    MemberCounts {
        total: t.groupements.len(),
        epci: count(is_epci),
        ept: count(|n| n == GroupementNature::EPT),
        communes: count(|n| n == GroupementNature::COM),
    }
}

/// The range and median of some members' values, in words.
pub fn spread(values: &[Option<f64>], members: usize, unit: &str, who: &str) -> Option<Spread> {
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    let (min, max, median) = range_and_median(&present)?;
    let fig = |x: f64| decimal_fr(x, 1);
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!("\u{a0}{unit}")
    };
    Some(Spread {
        with_value: present.len(),
        members,
        min,
        max,
        median,
        text: format!(
            "{who} ({} sur {members} avec valeur) : de {} à {}{unit}, médiane {}{unit}",
            present.len(),
            fig(min),
            fig(max),
            fig(median)
        ),
        short: format!("{} – {}{unit} (méd. {})", fig(min), fig(max), fig(median)),
    })
}

/// A member's population, and how it is known or why it is not.
type Population = (Option<u64>, Option<String>);

/// Population of each member: an EPCI's or an EPT's from the EPCI layer's table (an EPT's is
/// the sum of its communes), a commune's from the commune table. None, with the reason,
/// otherwise.
fn populations(dataset: &Dataset, t: &Territory) -> Vec<Population> {
    t.groupements
        .iter()
        .map(|g| match g.nature {
            GroupementNature::COM => match g.commune.as_deref().and_then(|c| dataset.commune(c)) {
                Some(c) => (Some(c.population), None),
                None => (None, Some("commune absente de la table COG 2024".into())),
            },
            _ => match dataset.tables.epci.iter().find(|e| e.siren == g.siren) {
                Some(e) if e.is_ept() => (
                    Some(e.population),
                    Some(format!(
                        "somme de ses {} communes (population municipale)",
                        e.n_communes
                    )),
                ),
                Some(e) => (Some(e.population), None),
                None => (None, Some("EPCI absent de la table COG 2024".into())),
            },
        })
        .collect()
}

/// Members listed by kind: EPCI, then EPT, then communes.
fn kind_order(nature: GroupementNature) -> u8 {
    match nature {
        GroupementNature::EPT => 1,
        GroupementNature::COM => 2,
        _ => 0,
    }
}

/// The member table of a territory: EPCI, then EPT, then communes, each in the territory's
/// order.
pub fn member_table(dataset: &Dataset, t: &Territory) -> MemberTable {
    // The shares; the growth rates have their own block (`model::indicators::dynamics`).
    let series: Vec<&IndicatorSeries> = dataset
        .tables
        .indicators
        .iter()
        .filter(|s| s.measure == SeriesMeasure::Share)
        .collect();
    let columns: Vec<MemberColumn> = series
        .iter()
        .map(|s| MemberColumn {
            id: s.id.clone(),
            short: short_header(s.id.as_str(), &s.label),
            label: s.label.clone(),
            unit: super::text::display_unit(&s.unit).to_owned(),
        })
        .collect();
    let mut rows: Vec<(&crate::model::Groupement, Population)> =
        t.groupements.iter().zip(populations(dataset, t)).collect();
    rows.sort_by_key(|(g, _)| kind_order(g.nature));
    let rows: Vec<Member> = rows
        .into_iter()
        .map(|(g, (population, population_note))| {
            let values: Vec<Option<f64>> = series
                .iter()
                .map(|s| s.values.get(&g.siren).copied())
                .collect();
            Member {
                siren: g.siren.clone(),
                name: g.name.clone(),
                nature: g.nature,
                nature_short: nature_short(g.nature).into(),
                nature_label: g.nature.label_fr().into(),
                epci_index: (g.nature != GroupementNature::COM)
                    .then(|| dataset.tables.epci.iter().position(|e| e.siren == g.siren))
                    .flatten(),
                commune: g.commune.clone(),
                population,
                population_text: population.map_or_else(|| "non disponible".into(), int_fr),
                population_note,
                value_texts: values
                    .iter()
                    .map(|v| v.map_or_else(|| "—".into(), |x| decimal_fr(x, 1)))
                    .collect(),
                values,
            }
        })
        .collect();
    let with_series = rows
        .iter()
        .filter(|r| r.nature != GroupementNature::COM)
        .count();
    let spreads = columns
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let vals: Vec<Option<f64>> = rows
                .iter()
                .filter(|r| r.nature != GroupementNature::COM)
                .map(|r| r.values.get(k).copied().flatten())
                .collect();
            spread(&vals, with_series, &c.unit, "membres")
        })
        .collect();
    let counts = member_counts(t);
    let citation = series
        .first()
        .and_then(|s| dataset.tables.sources.iter().find(|x| x.id == s.source))
        .map(|s| format!(" ; source : {}", s.citation()))
        .unwrap_or_default();
    let mut notes = vec![
        "Nature : CC communauté de communes, CA communauté d'agglomération, CU communauté urbaine, \
         Métropole, EPT établissement public territorial (Grand Paris), Commune : commune membre à elle seule."
            .to_owned(),
    ];
    if !columns.is_empty() {
        notes.push(format!(
            "Colonnes : parts des emplois au lieu de travail (%), données par EPCI et EPT de métropole ; \
             « — » : pas de valeur (source limitée à la métropole ; pas de série à l'échelle d'une commune){citation}."
        ));
    }
    MemberTable {
        title: format!("Groupements membres ({})", counts.text()),
        counts,
        columns,
        rows,
        spreads,
        notes,
    }
}
