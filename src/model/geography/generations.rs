//! "Temps I vs Temps II": how the 2023-2027 territories relate to the 2018-2022 ones.
//!
//! Both generations are expressed with COG 2024 communes, so the comparison is a matter of
//! shared commune codes. Every population and area here is an exact sum over communes; nothing
//! is prorated by area.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::geography::dataset::Dataset;
use crate::model::geography::ids::TerritoryId;
use crate::model::geography::tables::{Generation, Territory};

/// How a territory carries over from one generation to the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Continuity {
    /// A 2023-2027 territory that shares no commune with any 2018-2022 territory.
    Nouveau,
    /// Shares at least one commune with a territory of the other generation.
    Reconduit,
    /// A 2018-2022 territory that shares no commune with any 2023-2027 territory.
    NonReconduit,
}

impl Continuity {
    pub fn label_fr(self) -> &'static str {
        match self {
            Continuity::Nouveau => "nouveau en 2023-2027",
            Continuity::Reconduit => "reconduit (recouvre un territoire 2018-2022)",
            Continuity::NonReconduit => "plus labellisé en 2023-2027",
        }
    }

    /// The status of a territory of `generation`, worded from that territory's side (a
    /// 2018-2022 territory that continues is covered by 2023-2027 ones, it does not cover a
    /// 2018-2022 one).
    pub fn label_fr_for(self, generation: Generation) -> &'static str {
        match (self, generation) {
            (Continuity::Reconduit, Generation::Temps1) => {
                "reconduit (recouvert par un territoire 2023-2027)"
            }
            _ => self.label_fr(),
        }
    }
}

/// A territory of the other generation that shares communes with the one compared.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Overlap {
    pub id: TerritoryId,
    pub name: String,
    pub shared_communes: usize,
    pub shared_population: u64,
    pub shared_area_km2: f64,
}

/// One territory and its relation to the other generation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TerritoryComparison {
    pub generation: Generation,
    pub id: TerritoryId,
    pub name: String,
    /// INSEE code of the territory's région.
    pub region: String,
    pub continuity: Continuity,
    /// Sum of the member communes' population municipale.
    pub population: u64,
    /// Sum of the member communes' areas, km².
    pub area_km2: f64,
    /// Territories of the other generation sharing communes, by shared population (largest
    /// first).
    pub overlaps: Vec<Overlap>,
    /// Fraction (0 to 1) of the population living in communes that belong to a territory of
    /// the other generation.
    pub share_of_population_in_other: f64,
}

impl TerritoryComparison {
    /// The status in French, worded for the territory's generation.
    pub fn status_fr(&self) -> &'static str {
        self.continuity.label_fr_for(self.generation)
    }
}

/// Territories of one generation with one status, and their exact totals.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatusTotals {
    pub generation: Generation,
    pub continuity: Continuity,
    pub territories: usize,
    pub population: u64,
    pub area_km2: f64,
}

/// A set of communes and their exact totals.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CommuneTotals {
    pub communes: usize,
    pub population: u64,
    pub area_km2: f64,
}

impl CommuneTotals {
    fn add(&mut self, population: u64, area_km2: f64) {
        self.communes += 1;
        self.population += population;
        self.area_km2 += area_km2;
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// In order: 2023-2027 new, 2023-2027 renewed, 2018-2022 continued, 2018-2022 dropped.
    pub by_status: Vec<StatusTotals>,
    /// Communes in a territory of either generation.
    pub in_either: CommuneTotals,
    /// Communes in a territory of both generations.
    pub in_both: CommuneTotals,
    /// Communes only in 2018-2022 territories: they left the programme.
    pub only_temps1: CommuneTotals,
    /// Communes only in 2023-2027 territories: they joined the programme.
    pub only_temps2: CommuneTotals,
    /// Member codes of territories that are not in the commune table (0 on a sound bundle).
    pub unknown_communes: Vec<String>,
}

impl Summary {
    /// The totals of one generation and status (zeros when absent).
    pub fn status(&self, generation: Generation, continuity: Continuity) -> StatusTotals {
        self.by_status
            .iter()
            .find(|s| s.generation == generation && s.continuity == continuity)
            .cloned()
            .unwrap_or(StatusTotals {
                generation,
                continuity,
                territories: 0,
                population: 0,
                area_km2: 0.0,
            })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GenerationComparison {
    /// 2023-2027 territories first, then 2018-2022 ones, each in dataset order.
    pub territories: Vec<TerritoryComparison>,
    pub summary: Summary,
}

/// Member communes of both generations, numbered densely, with their figures and, per
/// generation, which territories hold each of them (compressed rows: the holders of commune
/// `c` are `holders[offsets[c]..offsets[c + 1]]`).
struct Index<'a> {
    codes: Vec<&'a str>,
    /// Population and area, `None` for a code missing from the commune table.
    figures: Vec<Option<(u64, f64)>>,
    /// Per territory (position in its generation), its distinct commune ids.
    members: [Vec<Vec<usize>>; 2],
    offsets: [Vec<usize>; 2],
    holders: [Vec<usize>; 2],
}

impl<'a> Index<'a> {
    fn build(dataset: &Dataset, generations: [&[&'a Territory]; 2]) -> Self {
        let mut ids: HashMap<&'a str, usize> = HashMap::new();
        let mut codes: Vec<&'a str> = Vec::new();
        let members = generations.map(|territories| {
            territories
                .iter()
                .map(|t| {
                    let mut m: Vec<usize> = t
                        .communes
                        .iter()
                        .map(|code| {
                            *ids.entry(code.as_str()).or_insert_with(|| {
                                codes.push(code.as_str());
                                codes.len() - 1
                            })
                        })
                        .collect();
                    m.sort_unstable();
                    m.dedup();
                    m
                })
                .collect::<Vec<_>>()
        });
        let figures = codes
            .iter()
            .map(|code| dataset.commune(code).map(|c| (c.population, c.area_km2)))
            .collect();
        let n = codes.len();
        let csr = |members: &Vec<Vec<usize>>| {
            let mut offsets = vec![0usize; n + 1];
            for &c in members.iter().flatten() {
                offsets[c + 1] += 1;
            }
            for i in 0..n {
                offsets[i + 1] += offsets[i];
            }
            let mut fill = offsets.clone();
            let mut holders = vec![0usize; offsets[n]];
            for (t, m) in members.iter().enumerate() {
                for &c in m {
                    holders[fill[c]] = t;
                    fill[c] += 1;
                }
            }
            (offsets, holders)
        };
        let (o0, h0) = csr(&members[0]);
        let (o1, h1) = csr(&members[1]);
        Index {
            codes,
            figures,
            members,
            offsets: [o0, o1],
            holders: [h0, h1],
        }
    }

    fn holders(&self, side: usize, commune: usize) -> &[usize] {
        &self.holders[side][self.offsets[side][commune]..self.offsets[side][commune + 1]]
    }

    fn figures(&self, commune: usize) -> (u64, f64) {
        self.figures[commune].unwrap_or((0, 0.0))
    }
}

/// Positions in [`Index`]: 0 for 2023-2027, 1 for 2018-2022.
const T2: usize = 0;
const T1: usize = 1;

fn compare_one(
    index: &Index,
    territory: &Territory,
    side: usize,
    position: usize,
    others: &[&Territory],
) -> TerritoryComparison {
    let other_side = 1 - side;
    let mut population = 0u64;
    let mut area_km2 = 0.0;
    let mut population_in_other = 0u64;
    // (other territory position, communes, population, area) shared; few per territory.
    let mut shared: Vec<(usize, usize, u64, f64)> = Vec::new();
    for &c in &index.members[side][position] {
        let (pop, area) = index.figures(c);
        population += pop;
        area_km2 += area;
        let holders = index.holders(other_side, c);
        if holders.is_empty() {
            continue;
        }
        population_in_other += pop;
        for &h in holders {
            match shared.iter_mut().find(|s| s.0 == h) {
                Some(s) => {
                    s.1 += 1;
                    s.2 += pop;
                    s.3 += area;
                }
                None => shared.push((h, 1, pop, area)),
            }
        }
    }
    let mut overlaps: Vec<Overlap> = shared
        .into_iter()
        .filter_map(|(h, n, pop, area)| {
            others.get(h).map(|o| Overlap {
                id: o.id.clone(),
                name: o.name.clone(),
                shared_communes: n,
                shared_population: pop,
                shared_area_km2: area,
            })
        })
        .collect();
    overlaps.sort_by(|a, b| {
        b.shared_population
            .cmp(&a.shared_population)
            .then(b.shared_communes.cmp(&a.shared_communes))
            .then_with(|| a.id.cmp(&b.id))
    });
    let continuity = match (territory.generation, overlaps.is_empty()) {
        (_, false) => Continuity::Reconduit,
        (Generation::Temps2, true) => Continuity::Nouveau,
        (Generation::Temps1, true) => Continuity::NonReconduit,
    };
    let share_of_population_in_other = if population == 0 {
        0.0
    } else {
        population_in_other as f64 / population as f64
    };
    TerritoryComparison {
        generation: territory.generation,
        id: territory.id.clone(),
        name: territory.name.clone(),
        region: territory.region.clone(),
        continuity,
        population,
        area_km2,
        overlaps,
        share_of_population_in_other,
    }
}

/// Totals of the communes of the territories of one side with one status (each commune
/// counted once).
fn status_totals(
    index: &Index,
    side: usize,
    rows: &[TerritoryComparison],
    generation: Generation,
    continuity: Continuity,
) -> StatusTotals {
    let mut seen = vec![false; index.codes.len()];
    let mut count = 0;
    let mut totals = CommuneTotals::default();
    for (members, row) in index.members[side].iter().zip(rows) {
        if row.continuity != continuity {
            continue;
        }
        count += 1;
        for &c in members {
            if !std::mem::replace(&mut seen[c], true)
                && let Some((pop, area)) = index.figures[c]
            {
                totals.add(pop, area);
            }
        }
    }
    StatusTotals {
        generation,
        continuity,
        territories: count,
        population: totals.population,
        area_km2: totals.area_km2,
    }
}

/// Compares the 2023-2027 territories with the 2018-2022 ones.
pub fn compare(dataset: &Dataset) -> GenerationComparison {
    let t2: Vec<&Territory> = dataset.territories(Generation::Temps2).collect();
    let t1: Vec<&Territory> = dataset.territories(Generation::Temps1).collect();
    let index = Index::build(dataset, [&t2, &t1]);

    let rows2: Vec<TerritoryComparison> = t2
        .iter()
        .enumerate()
        .map(|(i, t)| compare_one(&index, t, T2, i, &t1))
        .collect();
    let rows1: Vec<TerritoryComparison> = t1
        .iter()
        .enumerate()
        .map(|(i, t)| compare_one(&index, t, T1, i, &t2))
        .collect();

    let by_status = vec![
        status_totals(&index, T2, &rows2, Generation::Temps2, Continuity::Nouveau),
        status_totals(
            &index,
            T2,
            &rows2,
            Generation::Temps2,
            Continuity::Reconduit,
        ),
        status_totals(
            &index,
            T1,
            &rows1,
            Generation::Temps1,
            Continuity::Reconduit,
        ),
        status_totals(
            &index,
            T1,
            &rows1,
            Generation::Temps1,
            Continuity::NonReconduit,
        ),
    ];

    let mut in_either = CommuneTotals::default();
    let mut in_both = CommuneTotals::default();
    let mut only_temps1 = CommuneTotals::default();
    let mut only_temps2 = CommuneTotals::default();
    let mut unknown_communes = Vec::new();
    for (c, code) in index.codes.iter().enumerate() {
        let Some((pop, area)) = index.figures[c] else {
            unknown_communes.push((*code).to_owned());
            continue;
        };
        in_either.add(pop, area);
        let in1 = !index.holders(T1, c).is_empty();
        let in2 = !index.holders(T2, c).is_empty();
        match (in1, in2) {
            (true, true) => in_both.add(pop, area),
            (true, false) => only_temps1.add(pop, area),
            _ => only_temps2.add(pop, area),
        }
    }
    unknown_communes.sort_unstable();

    let mut territories = rows2;
    territories.extend(rows1);
    GenerationComparison {
        territories,
        summary: Summary {
            by_status,
            in_either,
            in_both,
            only_temps1,
            only_temps2,
            unknown_communes,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::geography::layer::LayerKind;
    use crate::model::geography::tables::{Commune, Tables};
    use crate::model::geography::topology::{TopoFeature, TopoLayer, Topology};

    fn commune(code: &str, population: u64, area_km2: f64) -> Commune {
        Commune {
            code: code.into(),
            name: format!("Commune {code}"),
            departement: "01".into(),
            region: "84".into(),
            epci: None,
            ept: None,
            population,
            area_km2,
        }
    }

    fn territory(id: &str, generation: Generation, communes: &[&str]) -> Territory {
        Territory {
            id: id.into(),
            name: format!("Territoire {id}"),
            generation,
            region: "84".into(),
            departements: vec!["01".into()],
            groupements: Vec::new(),
            communes: communes.iter().map(|&c| c.to_owned()).collect(),
            population: 0,
            area_km2: 0.0,
        }
    }

    /// Communes 1..=6 with populations 10, 20, 30, 40, 50, 60 and areas 1..=6 km².
    /// Temps II: A = {1, 2}, B = {3}, C = {6} (new). Temps I: X = {1, 3}, Y = {2, 4}, Z = {5}
    /// (dropped). Commune 6 joins, 4 and 5 leave.
    fn tiny() -> Dataset {
        let communes = (1..=6)
            .map(|i| commune(&format!("0100{i}"), 10 * i, i as f64))
            .collect();
        let territories = vec![
            territory("ti-8401", Generation::Temps2, &["01001", "01002"]),
            territory("ti-8402", Generation::Temps2, &["01003"]),
            territory("ti-8403", Generation::Temps2, &["01006"]),
            territory("ti-8401", Generation::Temps1, &["01001", "01003"]),
            territory("ti-8402", Generation::Temps1, &["01002", "01004"]),
            territory("ti-8403", Generation::Temps1, &["01005"]),
        ];
        let layer = |kind, generation| TopoLayer {
            kind,
            features: territories
                .iter()
                .filter(|t: &&Territory| t.generation == generation)
                .map(|t| TopoFeature {
                    code: t.id.to_string(),
                    polygons: Vec::new(),
                })
                .collect(),
        };
        let topology = Topology {
            tolerances_deg: vec![0.0],
            arcs: Vec::new(),
            layers: vec![
                layer(LayerKind::Ti2023, Generation::Temps2),
                layer(LayerKind::Ti2018, Generation::Temps1),
            ],
        };
        let tables = Tables {
            communes,
            territories,
            ..Tables::default()
        };
        Dataset::new(tables, topology).expect("tiny dataset")
    }

    fn row<'a>(c: &'a GenerationComparison, g: Generation, id: &str) -> &'a TerritoryComparison {
        c.territories
            .iter()
            .find(|t| t.generation == g && t.id == id)
            .expect("row")
    }

    #[test]
    fn generations_statuses_and_overlaps() {
        let c = compare(&tiny());
        let order: Vec<(Generation, &str)> = c
            .territories
            .iter()
            .map(|t| (t.generation, t.id.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                (Generation::Temps2, "ti-8401"),
                (Generation::Temps2, "ti-8402"),
                (Generation::Temps2, "ti-8403"),
                (Generation::Temps1, "ti-8401"),
                (Generation::Temps1, "ti-8402"),
                (Generation::Temps1, "ti-8403"),
            ]
        );

        let a = row(&c, Generation::Temps2, "ti-8401");
        assert_eq!(a.continuity, Continuity::Reconduit);
        assert_eq!(a.population, 30);
        assert_eq!(a.area_km2, 3.0);
        assert_eq!(a.share_of_population_in_other, 1.0);
        // Y shares commune 2 (20 inhabitants), X commune 1 (10): Y first.
        let ids: Vec<&str> = a.overlaps.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["ti-8402", "ti-8401"]);
        assert_eq!(a.overlaps[0].shared_population, 20);
        assert_eq!(a.overlaps[0].shared_communes, 1);
        assert_eq!(a.overlaps[0].shared_area_km2, 2.0);

        let new = row(&c, Generation::Temps2, "ti-8403");
        assert_eq!(new.continuity, Continuity::Nouveau);
        assert!(new.overlaps.is_empty());
        assert_eq!(new.share_of_population_in_other, 0.0);
        assert_eq!(new.status_fr(), "nouveau en 2023-2027");

        let y = row(&c, Generation::Temps1, "ti-8402");
        assert_eq!(y.continuity, Continuity::Reconduit);
        assert_eq!(y.population, 60);
        assert!((y.share_of_population_in_other - 20.0 / 60.0).abs() < 1e-12);
        assert_eq!(
            y.status_fr(),
            "reconduit (recouvert par un territoire 2023-2027)"
        );

        let x = row(&c, Generation::Temps1, "ti-8401");
        let ids: Vec<&str> = x.overlaps.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["ti-8402", "ti-8401"]);

        let z = row(&c, Generation::Temps1, "ti-8403");
        assert_eq!(z.continuity, Continuity::NonReconduit);
        assert_eq!(z.status_fr(), "plus labellisé en 2023-2027");
    }

    #[test]
    fn generations_summary_totals() {
        let s = compare(&tiny()).summary;
        let st = |g, k| {
            let t = s.status(g, k);
            (t.territories, t.population)
        };
        assert_eq!(st(Generation::Temps2, Continuity::Nouveau), (1, 60));
        assert_eq!(st(Generation::Temps2, Continuity::Reconduit), (2, 60));
        assert_eq!(st(Generation::Temps1, Continuity::Reconduit), (2, 100));
        assert_eq!(st(Generation::Temps1, Continuity::NonReconduit), (1, 50));
        assert_eq!(st(Generation::Temps2, Continuity::NonReconduit), (0, 0));

        let totals = |t: &CommuneTotals| (t.communes, t.population, t.area_km2);
        assert_eq!(totals(&s.in_either), (6, 210, 21.0));
        assert_eq!(totals(&s.in_both), (3, 60, 6.0));
        assert_eq!(totals(&s.only_temps1), (2, 90, 9.0));
        assert_eq!(totals(&s.only_temps2), (1, 60, 6.0));
        assert!(s.unknown_communes.is_empty());
    }

    #[test]
    fn generations_unknown_commune_is_reported_not_counted() {
        let mut ds = tiny();
        ds.tables.territories[2].communes.push("99999".into());
        let c = compare(&ds);
        assert_eq!(c.summary.unknown_communes, ["99999"]);
        assert_eq!(c.summary.only_temps2.communes, 1);
        assert_eq!(row(&c, Generation::Temps2, "ti-8403").population, 60);
    }
}
