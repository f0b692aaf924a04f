//! The member groupements of a territory with their own figures (EPCI-level sector shares), for
//! the sheet on screen and the exported sheet. The members' growth rates are in
//! [`crate::model::indicators::dynamics`].

use crate::model::{Dataset, GroupementNature, IndicatorSeries, SeriesMeasure, Territory};

/// The series of the member table: the shares (the growth rates have their own block).
fn table_series(dataset: &Dataset) -> impl Iterator<Item = &IndicatorSeries> {
    dataset
        .tables
        .indicators
        .iter()
        .filter(|s| s.measure == SeriesMeasure::Share)
}

/// One member.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberRow {
    pub siren: String,
    pub name: String,
    pub nature: GroupementNature,
    pub population: Option<u64>,
    /// One value per series of [`series_headers`], None where the source has none.
    pub values: Vec<Option<f64>>,
}

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

/// (id, short header, full label) of each EPCI share series.
pub fn series_headers(dataset: &Dataset) -> Vec<(String, String, String)> {
    table_series(dataset)
        .map(|s| (s.id.clone(), short_header(&s.id, &s.label), s.label.clone()))
        .collect()
}

/// The members of a territory, in the territory's order.
pub fn member_rows(dataset: &Dataset, t: &Territory) -> Vec<MemberRow> {
    t.groupements
        .iter()
        .map(|g| {
            let population = match g.nature {
                GroupementNature::EPT => None,
                GroupementNature::COM => g
                    .commune
                    .as_deref()
                    .and_then(|c| dataset.commune(c))
                    .map(|c| c.population),
                _ => dataset
                    .tables
                    .epci
                    .iter()
                    .find(|e| e.siren == g.siren)
                    .map(|e| e.population),
            };
            MemberRow {
                siren: g.siren.clone(),
                name: g.name.clone(),
                nature: g.nature,
                population,
                values: table_series(dataset)
                    .map(|s| s.values.get(&g.siren).copied())
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_headers_fall_back_to_the_label() {
        assert_eq!(short_header("part_emploi_industrie", "x"), "Industrie");
        assert_eq!(short_header("autre", "Autre série"), "Autre série");
    }
}
