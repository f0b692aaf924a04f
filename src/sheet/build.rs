//! Fills the sheet view models from the loaded data: the dataset, the maille's indicator
//! table, the région/France reference table and the user's imports.

use super::figures::{Context, key_figures};
use super::members::{member_counts, member_table};
use super::plan::{plan_view, projects_view};
use super::sources::sources_block;
use super::view::{Fact, Identity, KeyFigures, TerritoryLink, TerritorySheet, UnitSheet};
use crate::format::{decimal_fr, int_fr};
use crate::model::imports::Imports;
use crate::model::indicators::IndicatorTable;
use crate::model::indicators::reference::ReferenceTable;
use crate::model::{Dataset, Generation, LayerKind, Territory, TerritoryId, UnitRef};

/// What every sheet is made from — the side panel's, the PDF's (from the app's export window
/// or from `ti-atlas export sheet`) and a région batch's: one shape for all of them.
#[derive(Clone, Copy)]
pub struct SheetInputs<'a> {
    pub dataset: &'a Dataset,
    /// The indicators of the sheet's maille (territories of the sheet's generation, EPCI or
    /// départements; the 2023-2027 territories' for a PDF and a région batch), with what the
    /// imports feed; None while they are computed.
    pub table: Option<&'a IndicatorTable>,
    /// Région and France values; None while they are computed.
    pub references: Option<&'a ReferenceTable>,
    /// The user's imported plan, projects and tables.
    pub imports: &'a Imports,
    /// The bivariate EPCI grid the "Dynamiques" block places the members on (the app's map
    /// when it is one, else the default one).
    pub bivariate: Option<&'a crate::model::indicators::bivariate::Bivariate>,
    /// The day a document is made ("23/11/2026"), written on paper; the screen shows none.
    pub date: &'a str,
    /// The typology the map shows: the unit's type is a fact of its sheet (when the typology
    /// is at the sheet's maille).
    pub typology: Option<&'a super::SheetTypology>,
}

fn fact(label: &str, value: impl Into<String>) -> Fact {
    Fact {
        label: label.to_owned(),
        value: value.into(),
    }
}

fn identity(dataset: &Dataset, t: &Territory, kind: LayerKind, index: usize) -> Identity {
    let region = format!(
        "{} ({})",
        dataset.region_name(&t.region).unwrap_or("région inconnue"),
        t.region
    );
    let departements = t
        .departements
        .iter()
        .map(|d| {
            format!(
                "{} ({d})",
                dataset.departement_name(d).unwrap_or("département inconnu")
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let counts = member_counts(t);
    let communes = int_fr(t.communes.len() as u64);
    let population = format!("{}\u{a0}hab.", int_fr(t.population));
    let area = format!("{}\u{a0}km²", decimal_fr(t.area_km2, 1));
    let density = if t.area_km2 > 0.0 {
        format!(
            "{}\u{a0}hab./km²",
            decimal_fr(t.population as f64 / t.area_km2, 1)
        )
    } else {
        "non disponible (superficie nulle)".to_owned()
    };
    let id_shown = id_with_generation(t.id.as_str(), t.generation);
    let facts = vec![
        fact("Identifiant", id_shown.clone()),
        fact("Génération", t.generation.label_fr()),
        fact("Région", region.clone()),
        fact("Départements", departements.clone()),
        fact("Groupements membres", counts.text()),
        fact("Communes", communes.clone()),
        fact("Population", population.clone()),
        fact("Superficie", area.clone()),
        fact("Densité", density.clone()),
    ];
    Identity {
        kind,
        index,
        id: t.id.clone(),
        id_shown,
        name: t.name.clone(),
        generation: t.generation,
        region,
        region_code: t.region.clone(),
        departements,
        counts,
        communes,
        population,
        population_hab: t.population,
        area,
        density,
        facts,
        typology: None,
        caveat: (t.generation == Generation::Temps1).then(|| {
            "Périmètre 2018-2022 reconstitué avec les périmètres d'EPCI de 2024 (approximation)."
                .to_owned()
        }),
    }
}

/// A territory's id with its generation: "ti-5302 (2023-2027)".
pub fn id_with_generation(id: &str, generation: Generation) -> String {
    let years = match generation {
        Generation::Temps2 => "2023-2027",
        Generation::Temps1 => "2018-2022",
    };
    format!("{id} ({years})")
}

/// The sheet of the territory at `index` in the layer of `generation` (None when there is
/// none). `inputs.table` is that generation's territory table.
pub fn territory_sheet(
    inputs: &SheetInputs<'_>,
    generation: Generation,
    index: usize,
) -> Option<TerritorySheet> {
    let dataset = inputs.dataset;
    let t = dataset.territory_at(generation, index)?;
    let kind = LayerKind::of_generation(generation);
    let context = Context {
        territory: t,
        references: inputs.references,
    };
    let figures = match inputs.table {
        Some(table) => key_figures(dataset, table, index, Some(&context)),
        None => KeyFigures {
            rows: Vec::new(),
            rank_note: String::new(),
            spread_note: None,
        },
    };
    let current = generation == Generation::Temps2;
    let mut identity = identity(dataset, t, kind, index);
    if let Some(f) = inputs.typology.and_then(|ty| ty.fact(kind, index)) {
        identity.facts.push(f.clone());
        identity.typology = Some(f);
    }
    Some(TerritorySheet {
        identity,
        figures,
        members: member_table(dataset, t),
        plan: current.then(|| plan_view(inputs.imports, &t.id)),
        projects: current.then(|| projects_view(inputs.imports, index)),
        dynamics: super::dynamics::dynamics_view(dataset, t, inputs.bivariate),
        sources: sources_block(dataset, inputs.imports),
    })
}

/// The sheet of a 2023-2027 territory by id ("ti-5305").
pub fn territory_sheet_by_id(inputs: &SheetInputs<'_>, id: &TerritoryId) -> Option<TerritorySheet> {
    let index = inputs
        .dataset
        .territory_feature_index(Generation::Temps2, id)?;
    territory_sheet(inputs, Generation::Temps2, index)
}

/// The sheet of an EPCI, département or région (None for a territory layer or a position out
/// of range). `inputs.table` is the maille's table (EPCI or départements), if any.
pub fn unit_sheet(inputs: &SheetInputs<'_>, kind: LayerKind, index: usize) -> Option<UnitSheet> {
    let dataset = inputs.dataset;
    let tables = &dataset.tables;
    let (title, mut facts) = match kind {
        LayerKind::Epci => {
            let e = tables.epci.get(index)?;
            (
                e.name.clone(),
                vec![
                    fact("SIREN", e.siren.clone()),
                    fact("Nature", e.kind.clone()),
                    fact("Communes", int_fr(u64::from(e.n_communes))),
                    fact("Population", format!("{}\u{a0}hab.", int_fr(e.population))),
                    fact(
                        "Superficie",
                        format!("{}\u{a0}km²", decimal_fr(e.area_km2, 1)),
                    ),
                ],
            )
        }
        LayerKind::Departements => {
            let d = tables.departements.get(index)?;
            (
                d.name.clone(),
                vec![
                    fact("Code", d.code.clone()),
                    fact(
                        "Région",
                        format!(
                            "{} ({})",
                            dataset.region_name(&d.region).unwrap_or("région inconnue"),
                            d.region
                        ),
                    ),
                ],
            )
        }
        LayerKind::Regions => {
            let r = tables.regions.get(index)?;
            (r.name.clone(), vec![fact("Code", r.code.clone())])
        }
        LayerKind::Ti2023 | LayerKind::Ti2018 => return None,
    };
    let territories: Vec<TerritoryLink> = match (kind, tables.epci.get(index)) {
        (LayerKind::Epci, Some(e)) => dataset
            .territories(Generation::Temps2)
            .filter(|t| t.groupements.iter().any(|g| g.siren == e.siren))
            .map(|t| TerritoryLink {
                id: t.id.clone(),
                text: format!("Territoire d'industrie : {}", t.name),
            })
            .collect(),
        _ => Vec::new(),
    };
    facts.extend(inputs.typology.and_then(|ty| ty.fact(kind, index)));
    let outside = (kind == LayerKind::Epci && territories.is_empty())
        .then(|| "Hors des territoires d'industrie 2023-2027.".to_owned());
    let code = match kind {
        LayerKind::Epci => tables.epci.get(index).map(|e| e.siren.as_str()),
        LayerKind::Departements => tables.departements.get(index).map(|d| d.code.as_str()),
        LayerKind::Regions => tables.regions.get(index).map(|r| r.code.as_str()),
        LayerKind::Ti2023 | LayerKind::Ti2018 => None,
    }?;
    Some(UnitSheet {
        unit: UnitRef::new(kind, code),
        index,
        title,
        facts,
        territories,
        outside,
        figures: inputs
            .table
            .map(|table| key_figures(dataset, table, index, None)),
        sources: sources_block(dataset, inputs.imports),
    })
}
