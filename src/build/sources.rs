//! Readers for the public source files in `../shared/sources` (see data/README.md).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::dissolve::{PolygonRings, orient};
use crate::model::geography::topology::{GRID_PER_DEGREE, GridPoint};

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{path} : lecture impossible ({source})")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} : JSON invalide ({source})")]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path} : CSV invalide ({source})")]
    Csv { path: PathBuf, source: csv::Error },
    #[error("{path} : {message}")]
    Invalid { path: PathBuf, message: String },
}

pub fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, SourceError> {
    let bytes = std::fs::read(path).map_err(|source| SourceError::Io {
        path: path.to_owned(),
        source,
    })?;
    serde_json::from_slice(&bytes).map_err(|source| SourceError::Json {
        path: path.to_owned(),
        source,
    })
}

pub fn read_csv<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>, SourceError> {
    let mut reader = csv::Reader::from_path(path).map_err(|source| SourceError::Csv {
        path: path.to_owned(),
        source,
    })?;
    reader
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|source| SourceError::Csv {
            path: path.to_owned(),
            source,
        })
}

// ---- etalab decoupage-administratif 4.1.0 ----

#[derive(Debug, Deserialize)]
pub struct RawCommune {
    pub code: String,
    pub nom: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub departement: Option<String>,
    pub region: Option<String>,
    pub siren: Option<String>,
    pub population: Option<u64>,
    /// Codes this commune had before mergers (COG history).
    #[serde(default, rename = "anciensCodes")]
    pub former_codes: Vec<String>,
    /// A delegated or associated commune's current commune.
    #[serde(default, rename = "chefLieu")]
    pub chef_lieu: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct RawEpci {
    pub code: String,
    pub nom: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub membres: Vec<RawMember>,
}

#[derive(Debug, Deserialize)]
pub struct RawMember {
    pub code: String,
}

#[derive(Debug, Deserialize)]
pub struct RawRegion {
    pub code: String,
    pub nom: String,
    #[serde(rename = "chefLieu", default)]
    pub chef_lieu: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct RawDepartement {
    pub code: String,
    pub nom: String,
    pub region: String,
    #[serde(rename = "chefLieu", default)]
    pub chef_lieu: Option<String>,
}

// ---- territories/ CSV files ----

#[derive(Debug, Deserialize)]
pub struct TiListRow {
    pub id_ti: String,
    pub lib_ti: String,
    pub insee_reg: String,
}

#[derive(Debug, Deserialize)]
pub struct TiGroupementRow {
    pub id_ti: String,
    pub siren_groupement: String,
    pub nature: String,
    pub nom_officiel_2024: String,
    pub insee_com: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct TiCommuneRow {
    pub id_ti: String,
    pub insee_com: String,
}

#[derive(Debug, Deserialize)]
pub struct Ti2018GroupementRow {
    pub id_ti: String,
    pub lib_ti: String,
    pub siren_groupement: String,
    pub nom_cog2024: String,
    #[serde(rename = "match")]
    pub match_kind: String,
}

/// `indicators/epci_part_emploi_secteurs_rp2022_ptod.csv`: sector shares of jobs per EPCI.
#[derive(Debug, Deserialize)]
pub struct EpciSectorRow {
    pub siren_epci: String,
    pub part_emploi_agri_pct_rp2022: Option<f64>,
    pub part_emploi_industrie_pct_rp2022: Option<f64>,
    pub part_emploi_construction_pct_rp2022: Option<f64>,
    pub part_emploi_commerce_transports_services_pct_rp2022: Option<f64>,
    pub part_emploi_admin_enseign_sante_social_pct_rp2022: Option<f64>,
    pub part_emploi_salarie_pct_rp2022: Option<f64>,
}

// ---- GeoJSON ----

#[derive(Debug, Deserialize)]
struct FeatureCollection<P> {
    features: Vec<Feature<P>>,
}

#[derive(Debug, Deserialize)]
struct Feature<P> {
    properties: P,
    geometry: Geometry,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

#[derive(Debug, Deserialize)]
pub struct CommuneProps {
    pub insee_com: String,
    pub insee_dep: String,
    pub insee_reg: String,
    pub siren_epci: Option<String>,
    /// SIREN of the établissement public territorial (Grand Paris), for its 130 communes.
    #[serde(default)]
    pub siren_ept: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Ti2018Props {
    pub id_ti: String,
    pub lib_ti: String,
    pub insee_reg: String,
}

/// A commune polygon on the grid, oriented (outer rings counter-clockwise, holes clockwise).
pub struct CommuneShape {
    pub props: CommuneProps,
    pub polygons: Vec<PolygonRings>,
}

fn grid_from_lonlat(c: [f64; 2]) -> GridPoint {
    // The sources are snapped to 1e-5 degree: rounding is exact.
    [
        (c[0] * GRID_PER_DEGREE).round() as i32,
        (c[1] * GRID_PER_DEGREE).round() as i32,
    ]
}

fn rings_from_geojson(rings: Vec<Vec<[f64; 2]>>) -> PolygonRings {
    rings
        .into_iter()
        .enumerate()
        .map(|(i, ring)| {
            let mut pts: Vec<GridPoint> = ring.into_iter().map(grid_from_lonlat).collect();
            pts.dedup();
            if pts.len() > 1 && pts.first() == pts.last() {
                pts.pop();
            }
            orient(&mut pts, i == 0);
            pts
        })
        .collect()
}

pub fn read_commune_shapes(path: &Path) -> Result<Vec<CommuneShape>, SourceError> {
    let fc: FeatureCollection<CommuneProps> = read_json(path)?;
    Ok(fc
        .features
        .into_iter()
        .map(|f| {
            let polygons = match f.geometry {
                Geometry::Polygon(p) => vec![rings_from_geojson(p)],
                Geometry::MultiPolygon(mp) => mp.into_iter().map(rings_from_geojson).collect(),
            };
            CommuneShape {
                props: f.properties,
                polygons,
            }
        })
        .collect())
}

/// Properties only (the 2018-2022 geometry is rebuilt from communes).
pub fn read_ti2018_props(path: &Path) -> Result<Vec<Ti2018Props>, SourceError> {
    let fc: FeatureCollection<Ti2018Props> = read_json(path)?;
    Ok(fc.features.into_iter().map(|f| f.properties).collect())
}

/// The input files, by their place under the sources directory.
pub struct SourcePaths {
    pub root: PathBuf,
}

impl SourcePaths {
    pub fn new(root: &Path) -> Self {
        SourcePaths {
            root: root.to_owned(),
        }
    }
    pub fn admin(&self, name: &str) -> PathBuf {
        self.root.join("admin").join(name)
    }
    pub fn decoupage(&self, name: &str) -> PathBuf {
        self.root
            .join("admin/decoupage-administratif-4.1.0")
            .join(name)
    }
    pub fn territories(&self, name: &str) -> PathBuf {
        self.root.join("territories").join(name)
    }
}

/// Groups rows by a key into a sorted map.
pub fn group_by<T, K: Ord>(rows: Vec<T>, key: impl Fn(&T) -> K) -> BTreeMap<K, Vec<T>> {
    let mut map: BTreeMap<K, Vec<T>> = BTreeMap::new();
    for r in rows {
        map.entry(key(&r)).or_default().push(r);
    }
    map
}
