//! `ti-atlas stats`: loads the bundle exactly as the app does and prints counts.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::io::bundle;
use crate::model::{Dataset, Generation, LayerKind};

#[derive(Debug, Serialize)]
pub struct Stats {
    pub territories_2023_2027: usize,
    pub territories_2018_2022: usize,
    pub groupements_2023_2027: usize,
    pub groupements_2018_2022: usize,
    pub member_communes_2023_2027: usize,
    pub communes: usize,
    /// EPCI à fiscalité propre.
    pub epci: usize,
    /// Établissements publics territoriaux of the Grand Paris (on the EPCI layer too).
    pub ept: usize,
    pub departements: usize,
    pub regions: usize,
    pub arcs: usize,
    pub stored_vertices: usize,
    /// Per layer, the vertices drawn at each level of detail (coarse first).
    pub vertices_per_lod: Vec<LayerVertices>,
    pub lod_tolerances_deg: Vec<f64>,
    pub load_ms: f64,
}

#[derive(Debug, Serialize)]
pub struct LayerVertices {
    pub layer: &'static str,
    pub vertices: Vec<usize>,
}

pub fn compute(dataset: &Dataset, load_ms: f64) -> Stats {
    let count = |g| dataset.territories(g).count();
    let groupements = |g| {
        dataset
            .territories(g)
            .map(|t| t.groupements.len())
            .sum::<usize>()
    };
    let members: BTreeSet<&str> = dataset
        .territories(Generation::Temps2)
        .flat_map(|t| t.communes.iter().map(String::as_str))
        .collect();
    let lods = dataset.topology.lod_count();
    Stats {
        territories_2023_2027: count(Generation::Temps2),
        territories_2018_2022: count(Generation::Temps1),
        groupements_2023_2027: groupements(Generation::Temps2),
        groupements_2018_2022: groupements(Generation::Temps1),
        member_communes_2023_2027: members.len(),
        communes: dataset.tables.communes.len(),
        epci: dataset.tables.epci.iter().filter(|e| !e.is_ept()).count(),
        ept: dataset.tables.epci.iter().filter(|e| e.is_ept()).count(),
        departements: dataset.tables.departements.len(),
        regions: dataset.tables.regions.len(),
        arcs: dataset.topology.arcs.len(),
        stored_vertices: dataset.topology.stored_vertex_count(),
        vertices_per_lod: LayerKind::ALL
            .iter()
            .map(|&k| LayerVertices {
                layer: k.id(),
                vertices: (0..lods)
                    .map(|l| dataset.layer_vertex_count(k, u8::try_from(l).unwrap_or(u8::MAX)))
                    .collect(),
            })
            .collect(),
        lod_tolerances_deg: dataset.topology.tolerances_deg.clone(),
        load_ms,
    }
}

pub fn run(json: bool) -> anyhow::Result<()> {
    let (dataset, timings) = bundle::load_embedded()?;
    let stats = compute(&dataset, timings.total.as_secs_f64() * 1e3);
    if json {
        println!("{}", serde_json::to_string_pretty(&stats)?);
        return Ok(());
    }
    println!(
        "Territoires d'industrie 2023-2027 : {}",
        stats.territories_2023_2027
    );
    println!(
        "Territoires d'industrie 2018-2022 : {}",
        stats.territories_2018_2022
    );
    println!(
        "Groupements membres : {} (2023-2027), {} (2018-2022)",
        stats.groupements_2023_2027, stats.groupements_2018_2022
    );
    println!(
        "Communes membres 2023-2027 : {}",
        stats.member_communes_2023_2027
    );
    println!("Communes (COG 2024) : {}", stats.communes);
    println!(
        "EPCI à fiscalité propre : {} ; EPT du Grand Paris : {} (sur la couche EPCI, après eux)",
        stats.epci, stats.ept
    );
    println!("Départements : {}", stats.departements);
    println!("Régions : {}", stats.regions);
    println!(
        "Arcs partagés : {} ; sommets stockés : {}",
        stats.arcs, stats.stored_vertices
    );
    println!(
        "Sommets dessinés par niveau de détail (tolérances en degrés {:?}) :",
        stats.lod_tolerances_deg
    );
    for l in &stats.vertices_per_lod {
        println!("  {:<14} {:?}", l.layer, l.vertices);
    }
    println!(
        "Chargement du lot : {}",
        crate::format::with_unit(&crate::format::decimal_fr(stats.load_ms, 1), "ms")
    );
    Ok(())
}
