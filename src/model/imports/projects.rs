//! Funded industrial projects (the DGE "Plan de relance – Projets industriels" list, imported
//! from the user's file): each project is placed in a 2023-2027 territory by point-in-polygon on
//! its coordinates; projects outside every territory or without usable coordinates are kept and
//! listed as such, never dropped.

use std::collections::BTreeMap;

use geo::Point;
use serde::Serialize;

use crate::model::geography::dataset::Dataset;
use crate::model::geography::hit_index::HitIndex;
use crate::model::geography::layer::LayerKind;
use crate::model::imports::action_plan::RowProblem;

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
    /// Rows imported with something that looks wrong (coordinates that look swapped…).
    pub warnings: Vec<RowProblem>,
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

/// Metropolitan France's box (lon, lat), with Corsica and a margin.
const FRANCE_LON: std::ops::RangeInclusive<f64> = -5.5..=10.0;
const FRANCE_LAT: std::ops::RangeInclusive<f64> = 41.0..=51.5;

/// Whether a point read as `[lon, lat]` lies outside metropolitan France but would lie inside
/// with its two numbers exchanged (a file giving "lon, lat" where "lat, lon" is expected).
pub fn looks_swapped(lon_lat: [f64; 2]) -> bool {
    let [lon, lat] = lon_lat;
    let inside = |lon: f64, lat: f64| FRANCE_LON.contains(&lon) && FRANCE_LAT.contains(&lat);
    !inside(lon, lat) && inside(lat, lon)
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

/// How a territory's project list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProjectSort {
    #[default]
    Company,
    Mesure,
    Filiere,
    Commune,
    /// The order of the imported file.
    FileRow,
}

impl ProjectSort {
    pub const ALL: [ProjectSort; 5] = [
        ProjectSort::Company,
        ProjectSort::Mesure,
        ProjectSort::Filiere,
        ProjectSort::Commune,
        ProjectSort::FileRow,
    ];

    pub fn label_fr(self) -> &'static str {
        match self {
            ProjectSort::Company => "entreprise",
            ProjectSort::Mesure => "mesure",
            ProjectSort::Filiere => "filière",
            ProjectSort::Commune => "commune",
            ProjectSort::FileRow => "ordre du fichier",
        }
    }

    /// Sorts projects: text the French way, projects without the field last, then by company
    /// and file row so that the order is total.
    pub fn sort(self, projects: &mut [&Project]) {
        self.sort_by_fields(projects, |p| SortFields {
            company: &p.company,
            mesure: &p.mesure,
            filiere: p.filiere.as_deref(),
            commune: p.commune.as_deref(),
            row: p.row,
        });
    }

    /// The same order for anything that shows projects (a sheet's lines).
    pub fn sort_by_fields<T>(self, items: &mut [T], fields: impl Fn(&T) -> SortFields<'_>) {
        use crate::model::indicators::table_sort::compare_text_fr;
        use std::cmp::Ordering;
        let field = |f: &SortFields<'_>| -> Option<String> {
            match self {
                ProjectSort::Company => Some(f.company.to_owned()),
                ProjectSort::Mesure => Some(f.mesure.to_owned()),
                ProjectSort::Filiere => f.filiere.map(str::to_owned),
                ProjectSort::Commune => f.commune.map(str::to_owned),
                ProjectSort::FileRow => None,
            }
        };
        items.sort_by(|a, b| {
            let (a, b) = (fields(a), fields(b));
            let by_field = match (field(&a), field(&b)) {
                (Some(x), Some(y)) => compare_text_fr(&x, &y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            };
            let by_company = if self == ProjectSort::FileRow {
                Ordering::Equal
            } else {
                compare_text_fr(a.company, b.company)
            };
            by_field.then(by_company).then(a.row.cmp(&b.row))
        });
    }
}

/// What a project list is sorted on.
pub struct SortFields<'a> {
    pub company: &'a str,
    pub mesure: &'a str,
    pub filiere: Option<&'a str>,
    pub commune: Option<&'a str>,
    pub row: usize,
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

    #[test]
    fn swapped_coordinates_are_recognised() {
        // "2.35, 48.85" read as lat 2.35, lon 48.85 (Paris written lon, lat).
        let read = parse_lat_lon("2.35, 48.85").expect("in range");
        assert!(looks_swapped(read));
        assert!(!looks_swapped(parse_lat_lon("48.85, 2.35").expect("Paris")));
        // Outside France either way: no hint.
        assert!(!looks_swapped(
            parse_lat_lon("40.7, -74.0").expect("New York")
        ));
    }

    #[test]
    fn projects_sort_by_any_field_with_missing_values_last() {
        let project = |row, company: &str, filiere: Option<&str>| Project {
            row,
            company: company.into(),
            siren: None,
            mesure: "m".into(),
            filiere: filiere.map(str::to_owned),
            description: None,
            commune: None,
            departement_code: None,
            region: None,
            lon_lat: None,
            placement: Placement::NotPlaced(String::new()),
        };
        let a = project(4, "Zèbre", Some("Agroalimentaire"));
        let b = project(2, "éole", None);
        let c = project(3, "Alpha", Some("Santé"));
        let names = |sort: ProjectSort| {
            let mut v = vec![&a, &b, &c];
            sort.sort(&mut v);
            v.iter().map(|p| p.company.as_str()).collect::<Vec<_>>()
        };
        assert_eq!(names(ProjectSort::Company), ["Alpha", "éole", "Zèbre"]);
        assert_eq!(names(ProjectSort::Filiere), ["Zèbre", "Alpha", "éole"]);
        assert_eq!(names(ProjectSort::FileRow), ["éole", "Alpha", "Zèbre"]);
    }
}
