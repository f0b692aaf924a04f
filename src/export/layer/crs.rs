//! The coordinate systems a layer is written in: WGS84 (EPSG:4326, the bundle's own lon/lat),
//! Lambert-93 (EPSG:2154) or, for an overseas département alone, IGN's UTM system of it
//! (EPSG:5490 Antilles, 2972 Guyane, 2975 La Réunion, 4471 Mayotte) — projected with proj4rs
//! from the same definitions the readers use — and their definitions as GDAL writes them (OGC
//! WKT 1 for the GeoPackage, ESRI WKT for the .prj).

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
    /// RGAF09 / UTM 20N (Guadeloupe, Martinique).
    Antilles,
    /// RGFG95 / UTM 22N.
    Guyane,
    /// RGR92 / UTM 40S.
    Reunion,
    /// RGM04 / UTM 38S.
    Mayotte,
}

/// EPSG:2154 in OGC WKT 1, as `gdalsrsinfo -o wkt1 EPSG:2154` prints it (GDAL 3.6).
pub const LAMBERT93_WKT: &str = r#"PROJCS["RGF93 v1 / Lambert-93",GEOGCS["RGF93 v1",DATUM["Reseau_Geodesique_Francais_1993_v1",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],AUTHORITY["EPSG","6171"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4171"]],PROJECTION["Lambert_Conformal_Conic_2SP"],PARAMETER["latitude_of_origin",46.5],PARAMETER["central_meridian",3],PARAMETER["standard_parallel_1",49],PARAMETER["standard_parallel_2",44],PARAMETER["false_easting",700000],PARAMETER["false_northing",6600000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","2154"]]"#;

/// EPSG:4326 in OGC WKT 1 (`gdalsrsinfo -o wkt1 EPSG:4326`).
pub const WGS84_WKT: &str = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#;

/// The shapefile .prj of Lambert-93 (`gdalsrsinfo -o wkt_esri EPSG:2154`).
pub const LAMBERT93_PRJ: &str = r#"PROJCS["RGF_1993_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",700000.0],PARAMETER["False_Northing",6600000.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Standard_Parallel_1",49.0],PARAMETER["Standard_Parallel_2",44.0],PARAMETER["Latitude_Of_Origin",46.5],UNIT["Meter",1.0]]"#;

/// The shapefile .prj of WGS84 (`gdalsrsinfo -o wkt_esri EPSG:4326`).
pub const WGS84_PRJ: &str = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;

/// EPSG:5490 in OGC WKT 1 (`gdalsrsinfo -o wkt1 EPSG:5490`, GDAL 3.6).
pub const ANTILLES_WKT: &str = r#"PROJCS["RGAF09 / UTM zone 20N",GEOGCS["RGAF09",DATUM["Reseau_Geodesique_des_Antilles_Francaises_2009",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],AUTHORITY["EPSG","1073"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","5489"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",-63],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","5490"]]"#;

/// The shapefile .prj of EPSG:5490 (`gdalsrsinfo -o wkt_esri EPSG:5490`).
pub const ANTILLES_PRJ: &str = r#"PROJCS["RGAF09_UTM_Zone_20N",GEOGCS["GCS_RGAF09",DATUM["Reseau_Geodesique_des_Antilles_Francaises_2009",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",-63.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;

/// EPSG:2972 in OGC WKT 1 (`gdalsrsinfo -o wkt1 EPSG:2972`, GDAL 3.6).
pub const GUYANE_WKT: &str = r#"PROJCS["RGFG95 / UTM zone 22N",GEOGCS["RGFG95",DATUM["Reseau_Geodesique_Francais_Guyane_1995",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],AUTHORITY["EPSG","6624"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4624"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",-51],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","2972"]]"#;

/// The shapefile .prj of EPSG:2972 (`gdalsrsinfo -o wkt_esri EPSG:2972`).
pub const GUYANE_PRJ: &str = r#"PROJCS["RGFG_1995_UTM_22N",GEOGCS["GCS_RGFG_1995",DATUM["D_RGFG_1995",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",-51.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;

/// EPSG:2975 in OGC WKT 1 (`gdalsrsinfo -o wkt1 EPSG:2975`, GDAL 3.6).
pub const REUNION_WKT: &str = r#"PROJCS["RGR92 / UTM zone 40S",GEOGCS["RGR92",DATUM["Reseau_Geodesique_de_la_Reunion_1992",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],AUTHORITY["EPSG","6627"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4627"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",57],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",10000000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","2975"]]"#;

/// The shapefile .prj of EPSG:2975 (`gdalsrsinfo -o wkt_esri EPSG:2975`).
pub const REUNION_PRJ: &str = r#"PROJCS["RGR_1992_UTM_40S",GEOGCS["GCS_RGR_1992",DATUM["D_RGR_1992",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",10000000.0],PARAMETER["Central_Meridian",57.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;

/// EPSG:4471 in OGC WKT 1 (`gdalsrsinfo -o wkt1 EPSG:4471`, GDAL 3.6).
pub const MAYOTTE_WKT: &str = r#"PROJCS["RGM04 / UTM zone 38S",GEOGCS["RGM04",DATUM["Reseau_Geodesique_de_Mayotte_2004",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],AUTHORITY["EPSG","1036"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4470"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",45],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",10000000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","4471"]]"#;

/// The shapefile .prj of EPSG:4471 (`gdalsrsinfo -o wkt_esri EPSG:4471`).
pub const MAYOTTE_PRJ: &str = r#"PROJCS["RGM_2004_UTM_Zone_38S",GEOGCS["GCS_RGM_2004",DATUM["D_Reseau_Geodesique_de_Mayotte_2004",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",10000000.0],PARAMETER["Central_Meridian",45.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;

impl OutputCrs {
    /// From `--crs`: 4326, 2154, with or without "EPSG:".
    pub fn from_id(id: &str) -> Option<Self> {
        let code = id.trim().to_uppercase();
        match code.trim_start_matches("EPSG:") {
            "4326" | "WGS84" => Some(Self::Wgs84),
            "2154" | "LAMBERT-93" | "L93" => Some(Self::Lambert93),
            "5490" => Some(Self::Antilles),
            "2972" => Some(Self::Guyane),
            "2975" => Some(Self::Reunion),
            "4471" => Some(Self::Mayotte),
            _ => None,
        }
    }

    pub fn epsg(self) -> i32 {
        match self {
            Self::Wgs84 => 4326,
            Self::Lambert93 => 2154,
            Self::Antilles => 5490,
            Self::Guyane => 2972,
            Self::Reunion => 2975,
            Self::Mayotte => 4471,
        }
    }

    /// The system's name as in the EPSG register (GeoPackage `srs_name`).
    pub fn srs_name(self) -> &'static str {
        match self {
            Self::Wgs84 => "WGS 84 geodetic",
            Self::Lambert93 => "RGF93 v1 / Lambert-93",
            Self::Antilles => "RGAF09 / UTM zone 20N",
            Self::Guyane => "RGFG95 / UTM zone 22N",
            Self::Reunion => "RGR92 / UTM zone 40S",
            Self::Mayotte => "RGM04 / UTM zone 38S",
        }
    }

    /// Where an overseas system is meant for, in French, and its area (WGS84: min lon, min
    /// lat, max lon, max lat, the EPSG register's area of use rounded out); None for the
    /// systems of the whole layer.
    pub fn overseas_area(self) -> Option<(&'static str, [f64; 4])> {
        match self {
            Self::Wgs84 | Self::Lambert93 => None,
            Self::Antilles => Some((
                "les Antilles (Guadeloupe, Martinique)",
                [-63.7, 14.0, -57.5, 18.6],
            )),
            Self::Guyane => Some(("la Guyane", [-54.7, 2.1, -49.4, 8.9])),
            Self::Reunion => Some(("La Réunion", [51.8, -24.8, 58.3, -18.2])),
            Self::Mayotte => Some(("Mayotte", [43.6, -14.5, 46.7, -11.3])),
        }
    }

    /// Keeps the features of `table` (WGS84) that lie in the overseas system's area; returns
    /// how many were left out (0 for WGS84 and Lambert-93, which keep everything).
    pub fn keep_in_area(self, table: &mut LayerTable) -> usize {
        use geo::BoundingRect as _;
        let Some((_, [x0, y0, x1, y1])) = self.overseas_area() else {
            return 0;
        };
        let before = table.features.len();
        table.features.retain(|f| {
            f.geometry.bounding_rect().is_some_and(|r| {
                r.min().x >= x0 && r.min().y >= y0 && r.max().x <= x1 && r.max().y <= y1
            })
        });
        before - table.features.len()
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Wgs84 => "WGS84 (EPSG:4326)",
            Self::Lambert93 => "Lambert-93 (EPSG:2154)",
            Self::Antilles => "UTM 20N, Antilles (EPSG:5490)",
            Self::Guyane => "UTM 22N, Guyane (EPSG:2972)",
            Self::Reunion => "UTM 40S, La Réunion (EPSG:2975)",
            Self::Mayotte => "UTM 38S, Mayotte (EPSG:4471)",
        }
    }

    /// The definition in OGC WKT 1 (GeoPackage).
    pub fn wkt(self) -> &'static str {
        match self {
            Self::Wgs84 => WGS84_WKT,
            Self::Lambert93 => LAMBERT93_WKT,
            Self::Antilles => ANTILLES_WKT,
            Self::Guyane => GUYANE_WKT,
            Self::Reunion => REUNION_WKT,
            Self::Mayotte => MAYOTTE_WKT,
        }
    }

    /// The definition in ESRI WKT (shapefile .prj).
    pub fn prj(self) -> &'static str {
        match self {
            Self::Wgs84 => WGS84_PRJ,
            Self::Lambert93 => LAMBERT93_PRJ,
            Self::Antilles => ANTILLES_PRJ,
            Self::Guyane => GUYANE_PRJ,
            Self::Reunion => REUNION_PRJ,
            Self::Mayotte => MAYOTTE_PRJ,
        }
    }

    /// The table with its geometries in this system.
    pub fn project_table(self, table: &LayerTable) -> Result<LayerTable, String> {
        let projector = match self {
            Self::Wgs84 => return Ok(table.clone()),
            projected => Projector::new(projected.epsg().unsigned_abs())?,
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

    #[test]
    fn overseas_systems_there_and_back_on_a_known_point() {
        // (system, lon, lat, x, y): a town hall projected by GDAL 3.6 / PROJ
        // (`gdaltransform -s_srs EPSG:4326 -t_srs EPSG:N`).
        let cases = [
            ("5490", -61.5331, 16.2411, 656_770.897, 1_796_166.176), // Pointe-à-Pitre
            ("2972", -52.3260, 4.9372, 352_980.205, 545_868.922),    // Cayenne
            ("2975", 55.4481, -20.8789, 338_568.315, 7_690_475.437), // Saint-Denis
            ("4471", 45.2279, -12.7806, 524_735.375, 8_587_115.812), // Mamoudzou
        ];
        for (id, lon, lat, x, y) in cases {
            let crs = OutputCrs::from_id(id).expect("offered");
            assert!(crs.overseas_area().is_some(), "{id}");
            let p = Projector::new(crs.epsg().unsigned_abs()).expect("projector");
            let c = p.point(lon, lat).expect("point");
            assert!(
                (c.x - x).abs() < 0.01 && (c.y - y).abs() < 0.01,
                "{id}: {c:?} vs ({x} ; {y})"
            );
            let Some(Crs::Projected { proj4, .. }) = from_epsg(crs.epsg().unsigned_abs()) else {
                panic!("{id} read back");
            };
            let back = Reprojector::new(&proj4).expect("reprojector");
            let (lon2, lat2) = back.point(c.x, c.y).expect("back");
            assert!(
                (lon2 - lon).abs() < 1e-9 && (lat2 - lat).abs() < 1e-9,
                "{id}: ({lon2} ; {lat2})"
            );
            assert!(
                crs.wkt()
                    .contains(&format!("AUTHORITY[\"EPSG\",\"{id}\"]]"))
            );
            assert!(crs.prj().contains("Transverse_Mercator"));
        }
    }
}
