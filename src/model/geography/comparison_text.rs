//! The Temps I / Temps II comparison as text: the summary in French, the sources and how the
//! 2018-2022 perimeters were made, and the table as CSV for Excel — what `ti-atlas compare`
//! prints and what the app's comparison window exports.

use crate::format::{THOUSANDS_SEP, decimal_fr, int_fr};
use crate::model::geography::generations::{
    CommuneTotals, GenerationComparison, Overlap, TerritoryComparison,
};
use crate::model::indicators::catalogue::{SOURCE_ANCT, SOURCE_COG, SOURCE_IGN};
use crate::model::indicators::value_table::csv_text_field;
use crate::model::{Dataset, SourceInfo};

fn totals_fr(t: &CommuneTotals) -> String {
    format!(
        "{} communes, {}\u{a0}habitants, {}\u{a0}km²",
        int_fr(t.communes as u64),
        int_fr(t.population),
        decimal_fr(t.area_km2, 0)
    )
}

/// How the 2018-2022 perimeters were made: the same words as the territory panel, with the
/// measured agreement with ANCT's own 2018-2022 polygons.
pub const TEMPS1_PERIMETER_NOTE: &str = "Périmètres 2018-2022 reconstitués avec les périmètres \
    d'EPCI de 2024 (approximation : recouvrement avec les contours ANCT 2018-2022, médiane 0,99, \
    minimum 0,73) ; 2023-2027 : liste ANCT, communes COG 2024.";

/// The sources behind the comparison, as cited in the bundle: "label (vintage) ; …".
pub fn sources_line(dataset: &Dataset) -> String {
    SourceInfo::citations(
        [SOURCE_ANCT, SOURCE_COG, SOURCE_IGN]
            .iter()
            .filter_map(|id| dataset.tables.sources.iter().find(|s| s.id == *id)),
    )
}

/// The summary in French, one line each.
pub fn summary_lines(dataset: &Dataset, c: &GenerationComparison) -> Vec<String> {
    let s = &c.summary;
    let mut lines = vec![
        "Territoires d'industrie : 2018-2022 (Temps I) et 2023-2027 (Temps II)".to_owned(),
        format!("Sources : {}", sources_line(dataset)),
        TEMPS1_PERIMETER_NOTE.to_owned(),
        "Populations (population municipale, recensement 2022) et superficies (contours IGN \
         généralisés) : sommes sur les communes COG 2024 de chaque périmètre."
            .to_owned(),
    ];
    let mut current = None;
    for st in &s.by_status {
        if current != Some(st.generation) {
            current = Some(st.generation);
            let n = c
                .territories
                .iter()
                .filter(|t| t.generation == st.generation)
                .count();
            lines.push(format!("{} : {n} territoires", st.generation.label_fr()));
        }
        lines.push(format!(
            "  {} : {} territoires, {}\u{a0}habitants, {}\u{a0}km²",
            st.continuity.label_fr_for(st.generation),
            st.territories,
            int_fr(st.population),
            decimal_fr(st.area_km2, 0)
        ));
    }
    lines.push("Communes membres :".to_owned());
    lines.push(format!(
        "  dans les deux générations : {}",
        totals_fr(&s.in_both)
    ));
    lines.push(format!(
        "  seulement en 2018-2022 (sorties du programme) : {}",
        totals_fr(&s.only_temps1)
    ));
    lines.push(format!(
        "  seulement en 2023-2027 (entrées dans le programme) : {}",
        totals_fr(&s.only_temps2)
    ));
    lines.push(format!(
        "  dans l'une ou l'autre : {}",
        totals_fr(&s.in_either)
    ));
    if !s.unknown_communes.is_empty() {
        lines.push(format!(
            "  attention : {} codes de communes membres absents de la table des communes ({})",
            s.unknown_communes.len(),
            s.unknown_communes.join(", ")
        ));
    }
    lines
}

pub fn region_fr<'a>(dataset: &'a Dataset, code: &'a str) -> &'a str {
    dataset.region_name(code).unwrap_or(code)
}

/// "ti-8401 Nom (12 communes, 34 567 hab.)".
pub fn overlap_fr(o: &Overlap) -> String {
    format!(
        "{} {} ({} communes, {}\u{a0}hab.)",
        o.id,
        o.name,
        o.shared_communes,
        int_fr(o.shared_population)
    )
}

pub fn period(t: &TerritoryComparison) -> &'static str {
    match t.generation {
        crate::model::Generation::Temps1 => "2018-2022",
        crate::model::Generation::Temps2 => "2023-2027",
    }
}

/// How a territory's perimeter was obtained (CSV column).
fn perimeter(t: &TerritoryComparison) -> &'static str {
    match t.generation {
        crate::model::Generation::Temps1 => {
            "reconstitué avec les EPCI de 2024 (approximation du périmètre 2018-2022)"
        }
        crate::model::Generation::Temps2 => "liste ANCT du 4 juillet 2024, communes COG 2024",
    }
}

/// A number for a spreadsheet in French: decimal comma, no thousands separator.
fn number_csv(x: f64, decimals: usize) -> String {
    decimal_fr(x, decimals).replace(THOUSANDS_SEP, "")
}

/// The table as CSV for Excel in French: UTF-8 with BOM, `;`, decimal comma, CRLF.
pub fn to_csv(dataset: &Dataset, c: &GenerationComparison) -> String {
    let mut out = String::from(
        "\u{feff}période;id;nom;région;statut;population municipale 2022;superficie km²;\
         part de la population dans l'autre période (%);territoires recouverts;périmètre;sources\r\n",
    );
    let sources = csv_text_field(&sources_line(dataset));
    for t in &c.territories {
        let overlaps: Vec<String> = t.overlaps.iter().map(overlap_fr).collect();
        let fields = [
            csv_text_field(period(t)),
            csv_text_field(t.id.as_str()),
            csv_text_field(&t.name),
            csv_text_field(region_fr(dataset, &t.region)),
            csv_text_field(t.status_fr()),
            t.population.to_string(),
            number_csv(t.area_km2, 2),
            number_csv(t.share_of_population_in_other * 100.0, 1),
            csv_text_field(&overlaps.join(" | ").replace(THOUSANDS_SEP, " ")),
            csv_text_field(perimeter(t)),
            sources.clone(),
        ];
        out.push_str(&fields.join(";"));
        out.push_str("\r\n");
    }
    out
}
