//! Funded industrial projects (the DGE "Plan de relance – Projets industriels" list, imported
//! from the user's file): each project is placed in a 2023-2027 territory by point-in-polygon on
//! its coordinates; projects outside every territory or without usable coordinates are kept and
//! listed as such, never dropped.

use std::collections::BTreeMap;

use geo::Point;
use serde::Serialize;

use super::action_plan::RowProblem;
use super::dataset::Dataset;
use super::hit_index::HitIndex;
use super::layer::LayerKind;

/// Where a project lands.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Placement {
    /// Index of the 2023-2027 territory (layer order).
    Territory(usize),
    /// Valid coordinates outside every territory.
    OutsideTerritories,
    /// No usable coordinates: the reason.
    NotPlaced(String),
}

/// One project row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Project {
    /// Row of the imported file (1-based, header = 1).
    pub row: usize,
    pub company: String,
    pub siren: Option<String>,
    pub mesure: String,
    pub filiere: Option<String>,
    pub description: Option<String>,
    pub commune: Option<String>,
    pub departement_code: Option<String>,
    pub region: Option<String>,
    /// WGS84 position when the file gives one that reads.
    pub lon_lat: Option<[f64; 2]>,
    pub placement: Placement,
}

/// The projects of one file.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ProjectList {
    pub source_name: String,
    pub projects: Vec<Project>,
    /// Rows not imported at all (no company and no measure…), with the reason.
    pub rejected: Vec<RowProblem>,
}

impl ProjectList {
    /// Projects per territory index (territories without any are absent).
    pub fn counts(&self) -> BTreeMap<usize, usize> {
        let mut out = BTreeMap::new();
        for p in &self.projects {
            if let Placement::Territory(t) = p.placement {
                *out.entry(t).or_default() += 1;
            }
        }
        out
    }

    pub fn outside(&self) -> impl Iterator<Item = &Project> {
        self.projects
            .iter()
            .filter(|p| p.placement == Placement::OutsideTerritories)
    }

    pub fn not_placed(&self) -> impl Iterator<Item = &Project> {
        self.projects
            .iter()
            .filter(|p| matches!(p.placement, Placement::NotPlaced(_)))
    }
}

/// Reads "lat, lon" (the DGE column `coordonnees_gps`; also "lat;lon" or "lat lon", decimal
/// point or comma) into WGS84 `[lon, lat]`, checking the ranges.
pub fn parse_lat_lon(text: &str) -> Result<[f64; 2], String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("coordonnées absentes".into());
    }
    // "45.1, 5.7" — a comma followed by a space separates; "45,1;5,7" uses decimal commas.
    let parts: Vec<String> = if t.contains(';') {
        t.split(';').map(|s| s.trim().replace(',', ".")).collect()
    } else if t.contains(", ") || t.matches(',').count() == 1 {
        t.split(',').map(|s| s.trim().to_owned()).collect()
    } else {
        t.split_whitespace().map(|s| s.replace(',', ".")).collect()
    };
    let [lat, lon] = parts.as_slice() else {
        return Err(format!(
            "coordonnées illisibles : « {t} » (attendu « lat, lon »)"
        ));
    };
    let read = |s: &str| s.parse::<f64>().ok().filter(|x| x.is_finite());
    let (Some(lat), Some(lon)) = (read(lat), read(lon)) else {
        return Err(format!(
            "coordonnées illisibles : « {t} » (attendu « lat, lon »)"
        ));
    };
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!("coordonnées hors limites : « {t} »"));
    }
    if lat == 0.0 && lon == 0.0 {
        return Err("coordonnées nulles (0, 0)".into());
    }
    Ok([lon, lat])
}

/// Point-in-polygon index over the 2023-2027 territories at full detail.
pub struct TerritoryLocator {
    index: HitIndex,
}

impl TerritoryLocator {
    pub fn build(dataset: &Dataset) -> Self {
        let lod = dataset.topology.finest_lod();
        let geometry = dataset
            .features(LayerKind::Ti2023)
            .iter()
            .map(|f| dataset.topology.multipolygon(f, lod))
            .collect();
        TerritoryLocator {
            index: HitIndex::new(geometry),
        }
    }

    /// The territory containing a WGS84 point.
    pub fn locate(&self, lon_lat: [f64; 2]) -> Option<usize> {
        self.index.feature_at(Point::new(lon_lat[0], lon_lat[1]))
    }

    pub fn placement(&self, lon_lat: Result<[f64; 2], String>) -> Placement {
        match lon_lat {
            Ok(p) => match self.locate(p) {
                Some(t) => Placement::Territory(t),
                None => Placement::OutsideTerritories,
            },
            Err(e) => Placement::NotPlaced(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_read_in_the_dge_layout_and_variants() {
        assert_eq!(parse_lat_lon("48.1234, -1.2"), Ok([-1.2, 48.1234]));
        assert_eq!(parse_lat_lon("48.1234,-1.2"), Ok([-1.2, 48.1234]));
        assert_eq!(parse_lat_lon("48,1234;-1,2"), Ok([-1.2, 48.1234]));
        assert_eq!(parse_lat_lon("48.5 2.25"), Ok([2.25, 48.5]));
        assert!(parse_lat_lon("").unwrap_err().contains("absentes"));
        assert!(parse_lat_lon("nord").unwrap_err().contains("illisibles"));
        assert!(
            parse_lat_lon("95.0, 2.0")
                .unwrap_err()
                .contains("hors limites")
        );
        assert!(parse_lat_lon("0, 0").unwrap_err().contains("nulles"));
    }
}
