//! The communes' layer for a GIS: each commune of COG 2024 with its own outline at full detail
//! (from the bundle's commune contours, decoded only for this export) and what the bundle says
//! of it: département, région, EPCI, EPT, the territories it belongs to, population, area.

use std::collections::HashMap;

use super::{Field, FieldKind, LayerFeature, LayerTable, int, region_cells, text};
use crate::model::{Dataset, Generation, TerritoryId};

/// The layer of the communes (those of territory `only`, or all of them).
pub fn communes_table(
    dataset: &Dataset,
    contours: Vec<(String, geo::MultiPolygon<f64>)>,
    only: Option<&TerritoryId>,
) -> Result<LayerTable, String> {
    let f = |name: &str, kind: FieldKind, description: &str| Field {
        name: name.into(),
        kind,
        description: description.into(),
    };
    let fields = vec![
        f(
            "code",
            FieldKind::Text,
            "code INSEE de la commune (COG 2024)",
        ),
        f("nom", FieldKind::Text, "nom"),
        f("code_region", FieldKind::Text, "code INSEE de la région"),
        f("region", FieldKind::Text, "nom de la région"),
        f(
            "population",
            FieldKind::Integer,
            "population municipale 2022",
        ),
        f(
            "superficie_km2",
            FieldKind::Real,
            "superficie géodésique, km²",
        ),
        f("departement", FieldKind::Text, "code INSEE du département"),
        f(
            "epci",
            FieldKind::Text,
            "SIREN de l'EPCI à fiscalité propre (vide : commune isolée)",
        ),
        f(
            "ept",
            FieldKind::Text,
            "SIREN de l'établissement public territorial (Grand Paris ; vide ailleurs)",
        ),
        f(
            "ti_2023_2027",
            FieldKind::Text,
            "territoire d'industrie 2023-2027 dont la commune est membre (ti-RRNN)",
        ),
        f(
            "ti_2018_2022",
            FieldKind::Text,
            "territoire d'industrie 2018-2022 (numérotation de 2018-2022, périmètres des EPCI de 2024)",
        ),
    ];
    let member_of = |generation: Generation| -> HashMap<&str, &str> {
        dataset
            .territories(generation)
            .flat_map(|t| t.communes.iter().map(move |c| (c.as_str(), t.id.as_str())))
            .collect()
    };
    let (t2, t1) = (member_of(Generation::Temps2), member_of(Generation::Temps1));
    let keep: Option<std::collections::HashSet<&str>> = match only {
        None => None,
        Some(id) => {
            let t = dataset
                .territory(Generation::Temps2, id)
                .ok_or_else(|| format!("territoire 2023-2027 inconnu : « {id} » (ti-RRNN)"))?;
            Some(t.communes.iter().map(String::as_str).collect())
        }
    };
    let communes = &dataset.tables.communes;
    if contours.len() != communes.len() {
        return Err(format!(
            "contours des communes : {} dans le lot, {} dans sa table (lot incohérent)",
            contours.len(),
            communes.len()
        ));
    }
    let mut features = Vec::new();
    for (c, (code, geometry)) in communes.iter().zip(contours) {
        if code != c.code {
            return Err(format!(
                "contours des communes : {code} à la place de {} (lot incohérent)",
                c.code
            ));
        }
        if keep.as_ref().is_some_and(|k| !k.contains(c.code.as_str())) {
            continue;
        }
        let [code_region, region] = region_cells(dataset, std::slice::from_ref(&c.region));
        let optional = |v: Option<&str>| v.map_or(super::Cell::Null, text);
        features.push(LayerFeature {
            geometry,
            cells: vec![
                text(&c.code),
                text(&c.name),
                code_region,
                region,
                int(c.population),
                super::Cell::Real(c.area_km2),
                text(&c.departement),
                optional(c.epci.as_deref()),
                optional(c.ept.as_deref()),
                optional(t2.get(c.code.as_str()).copied()),
                optional(t1.get(c.code.as_str()).copied()),
            ],
        });
    }
    Ok(LayerTable {
        look: crate::carto::look::COMMUNES_LOOK,
        name: "communes".into(),
        title: "Communes (COG 2024)".into(),
        fields,
        features,
        style: None,
    })
}
