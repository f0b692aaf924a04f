//! The coordinate systems a layer is written in: WGS84 (EPSG:4326, the bundle's own lon/lat) or
//! Lambert-93 (EPSG:2154, projected with proj4rs from the same definition the readers use), and
//! their definitions as GDAL writes them (OGC WKT 1 for the GeoPackage, ESRI WKT for the .prj).

use geo::MapCoords as _;
use proj4rs::Proj;
use proj4rs::transform::transform;

use super::{LayerFeature, LayerTable};
use crate::io::vector::projection::{Crs, Xyz, from_epsg};

/// The output coordinate system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputCrs {
    Wgs84,
    Lambert93,
}

/// EPSG:2154 in OGC WKT 1, as `gdalsrsinfo -o wkt1 EPSG:2154` prints it (GDAL 3.6).
pub const LAMBERT93_WKT: &str = r#"PROJCS["RGF93 v1 / Lambert-93",GEOGCS["RGF93 v1",DATUM["Reseau_Geodesique_Francais_1993_v1",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],AUTHORITY["EPSG","6171"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4171"]],PROJECTION["Lambert_Conformal_Conic_2SP"],PARAMETER["latitude_of_origin",46.5],PARAMETER["central_meridian",3],PARAMETER["standard_parallel_1",49],PARAMETER["standard_parallel_2",44],PARAMETER["false_easting",700000],PARAMETER["false_northing",6600000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","2154"]]"#;

/// EPSG:4326 in OGC WKT 1 (`gdalsrsinfo -o wkt1 EPSG:4326`).
pub const WGS84_WKT: &str = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#;

/// The shapefile .prj of Lambert-93 (`gdalsrsinfo -o wkt_esri EPSG:2154`).
pub const LAMBERT93_PRJ: &str = r#"PROJCS["RGF_1993_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",700000.0],PARAMETER["False_Northing",6600000.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Standard_Parallel_1",49.0],PARAMETER["Standard_Parallel_2",44.0],PARAMETER["Latitude_Of_Origin",46.5],UNIT["Meter",1.0]]"#;

/// The shapefile .prj of WGS84 (`gdalsrsinfo -o wkt_esri EPSG:4326`).
pub const WGS84_PRJ: &str = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;

impl OutputCrs {
    /// From `--crs`: 4326, 2154, with or without "EPSG:".
    pub fn from_id(id: &str) -> Option<Self> {
        let code = id.trim().to_uppercase();
        match code.trim_start_matches("EPSG:") {
            "4326" | "WGS84" => Some(Self::Wgs84),
            "2154" | "LAMBERT-93" | "L93" => Some(Self::Lambert93),
            _ => None,
        }
    }

    pub fn epsg(self) -> i32 {
        match self {
            Self::Wgs84 => 4326,
            Self::Lambert93 => 2154,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Wgs84 => "WGS84 (EPSG:4326)",
            Self::Lambert93 => "Lambert-93 (EPSG:2154)",
        }
    }

    /// The definition in OGC WKT 1 (GeoPackage).
    pub fn wkt(self) -> &'static str {
        match self {
            Self::Wgs84 => WGS84_WKT,
            Self::Lambert93 => LAMBERT93_WKT,
        }
    }

    /// The definition in ESRI WKT (shapefile .prj).
    pub fn prj(self) -> &'static str {
        match self {
            Self::Wgs84 => WGS84_PRJ,
            Self::Lambert93 => LAMBERT93_PRJ,
        }
    }

    /// The table with its geometries in this system.
    pub fn project_table(self, table: &LayerTable) -> Result<LayerTable, String> {
        let projector = match self {
            Self::Wgs84 => return Ok(table.clone()),
            Self::Lambert93 => Projector::new(2154)?,
        };
        let mut features = Vec::with_capacity(table.features.len());
        for (n, f) in table.features.iter().enumerate() {
            let geometry = f
                .geometry
                .try_map_coords(|c| projector.point(c.x, c.y))
                .map_err(|e| format!("objet n° {} : projection impossible {e}", n + 1))?;
            features.push(LayerFeature {
                geometry,
                cells: f.cells.clone(),
            });
        }
        Ok(LayerTable {
            features,
            ..table.clone()
        })
    }
}

/// From WGS84 lon/lat degrees to a projected system.
pub struct Projector {
    from: Proj,
    to: Proj,
}

impl Projector {
    /// To the projected system of an EPSG code the readers know (Lambert-93, CC zones, UTM…).
    pub fn new(epsg: u32) -> Result<Self, String> {
        let Some(Crs::Projected { proj4, .. }) = from_epsg(epsg) else {
            return Err(format!("EPSG:{epsg} n'est pas un système projeté connu"));
        };
        let from = Proj::from_proj_string("+proj=longlat +ellps=WGS84 +datum=WGS84 +no_defs")
            .map_err(|e| format!("{e:?}"))?;
        let to = Proj::from_proj_string(&proj4).map_err(|e| format!("{e:?}"))?;
        Ok(Projector { from, to })
    }

    /// A lon/lat point in degrees, projected (metres).
    pub fn point(&self, lon: f64, lat: f64) -> Result<geo::Coord<f64>, String> {
        let mut p = Xyz(lon.to_radians(), lat.to_radians(), 0.0);
        transform(&self.from, &self.to, &mut p).map_err(|e| format!("({lon} ; {lat}) : {e:?}"))?;
        Ok(geo::Coord { x: p.0, y: p.1 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::vector::projection::Reprojector;

    #[test]
    fn lambert93_there_and_back() {
        let p = Projector::new(2154).expect("projector");
        let c = p.point(3.0, 46.5).expect("origin");
        assert!(
            (c.x - 700_000.0).abs() < 1e-3 && (c.y - 6_600_000.0).abs() < 1e-3,
            "{c:?}"
        );
        // Paris centre, as the reader's test: 2.3522 E, 48.8566 N ≈ (652 469 ; 6 861 982).
        let c = p.point(2.3522, 48.8566).expect("Paris");
        assert!(
            (c.x - 652_469.0).abs() < 100.0 && (c.y - 6_861_982.0).abs() < 100.0,
            "{c:?}"
        );
        let Some(Crs::Projected { proj4, .. }) = from_epsg(2154) else {
            panic!("Lambert-93 known");
        };
        let back = Reprojector::new(&proj4).expect("reprojector");
        let (lon, lat) = back.point(c.x, c.y).expect("back");
        assert!((lon - 2.3522).abs() < 1e-9 && (lat - 48.8566).abs() < 1e-9);
        assert_eq!(OutputCrs::from_id("EPSG:2154"), Some(OutputCrs::Lambert93));
        assert_eq!(OutputCrs::from_id("4326"), Some(OutputCrs::Wgs84));
        assert_eq!(OutputCrs::from_id("3857"), None);
    }
}
