//! The towns the map may name: each commune's label point (the pole of inaccessibility of its
//! largest part) with a rank from its status and population, as the offline basemap ranks its
//! places (capital, régions' and départements' prefectures, then by population). Only communes
//! of 1,000 inhabitants and more, and every prefecture, are kept.

use std::collections::HashMap;

use geo::{LineString, MultiPolygon, Polygon};

use super::dissolve::PolygonRings;
use crate::carto::label_point::label_point;
use crate::model::geography::tables::Place;
use crate::model::geography::topology::GRID_PER_DEGREE;

/// Status of a commune that outranks its population.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capital {
    Country,
    Region,
    Departement,
}

/// The rank of a town (1 = the most important; 7 = below 1,000 inhabitants).
pub fn town_rank(capital: Option<Capital>, population: u64) -> u8 {
    match (capital, population) {
        (Some(Capital::Country), _) => 1,
        (Some(Capital::Region), _) => 2,
        (Some(Capital::Departement), _) | (_, 100_000..) => 3,
        (_, 20_000..) => 4,
        (_, 5_000..) => 5,
        (_, 1_000..) => 6,
        _ => 7,
    }
}

fn multipolygon(polygons: &[PolygonRings]) -> MultiPolygon<f64> {
    let ring = |r: &Vec<[i32; 2]>| {
        LineString::from(
            r.iter()
                .map(|p| {
                    (
                        f64::from(p[0]) / GRID_PER_DEGREE,
                        f64::from(p[1]) / GRID_PER_DEGREE,
                    )
                })
                .collect::<Vec<_>>(),
        )
    };
    MultiPolygon(
        polygons
            .iter()
            .filter_map(|rings| {
                let (exterior, holes) = rings.split_first()?;
                Some(Polygon::new(
                    ring(exterior),
                    holes.iter().map(ring).collect(),
                ))
            })
            .collect(),
    )
}

/// The places of the communes ranked 6 or better, most important first (then by population,
/// then by code): `(code, population, polygons)` of every commune.
pub fn places<'a>(
    communes: impl Iterator<Item = (&'a str, u64, &'a [PolygonRings])>,
    capitals: &HashMap<String, Capital>,
) -> Vec<Place> {
    let mut out: Vec<(u8, u64, Place)> = communes
        .filter_map(|(code, population, polygons)| {
            let rank = town_rank(capitals.get(code).copied(), population);
            if rank > 6 {
                return None;
            }
            let p = label_point(&multipolygon(polygons))?;
            // Rounded to 1e-5 degree (about a metre), as the sources are.
            let round = |x: f64| (x * 1e5).round() / 1e5;
            Some((
                rank,
                population,
                Place {
                    commune: code.to_owned(),
                    lon: round(p.x()),
                    lat: round(p.y()),
                    rank,
                },
            ))
        })
        .collect();
    out.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(b.1.cmp(&a.1))
            .then(a.2.commune.cmp(&b.2.commune))
    });
    out.into_iter().map(|(_, _, p)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_outranks_population() {
        assert_eq!(town_rank(Some(Capital::Country), 2_100_000), 1);
        assert_eq!(town_rank(Some(Capital::Departement), 9_000), 3);
        assert_eq!(town_rank(None, 150_000), 3);
        assert_eq!(town_rank(None, 25_000), 4);
        assert_eq!(town_rank(None, 999), 7);
    }
}
