//! From a declared projection (.prj WKT, GeoJSON "crs", EPSG code) to WGS84 lon/lat degrees,
//! with proj4rs. Recognised: WGS84 / RGF93 geographic, Lambert-93 (EPSG:2154), the CC zones
//! (EPSG:3942-3950), Web Mercator (EPSG:3857), UTM zones (overseas France among them), and the
//! old NTF (Paris) systems: longitude and latitude in grads (EPSG:4807) and Lambert II étendu
//! (EPSG:27572). A .prj's prime meridian and units are honoured, or the system refused.

use geo::MapCoords as _;
use proj4rs::Proj;
use proj4rs::transform::{Transform, TransformClosure, transform};

/// A recognised projection.
#[derive(Clone, Debug, PartialEq)]
pub enum Crs {
    Wgs84,
    /// A projected system: its name and proj4 string.
    Projected {
        name: String,
        proj4: String,
    },
    /// Longitude and latitude on another prime meridian, datum or angular unit (NTF Paris in
    /// grads): its name, the proj4 string, and the radians in one unit of the file.
    Geographic {
        name: String,
        proj4: String,
        radians_per_unit: f64,
    },
}

impl Crs {
    /// The reprojection to WGS84 (None for WGS84 itself); the error names `file`.
    pub fn reprojector(&self, file: &str) -> Result<Option<Reprojector>, super::VectorError> {
        match self {
            Crs::Wgs84 => Ok(None),
            Crs::Projected { proj4, .. } => Reprojector::new(proj4).map(Some).map_err(|e| {
                super::VectorError::UnknownProjection {
                    file: file.to_owned(),
                    name: e,
                }
            }),
            Crs::Geographic {
                proj4,
                radians_per_unit,
                ..
            } => Reprojector::new(proj4)
                .map(|r| {
                    Some(Reprojector {
                        input_radians: Some(*radians_per_unit),
                        ..r
                    })
                })
                .map_err(|e| super::VectorError::UnknownProjection {
                    file: file.to_owned(),
                    name: e,
                }),
        }
    }

    pub fn label(&self) -> String {
        match self {
            Crs::Wgs84 => "WGS84 (degrés)".into(),
            Crs::Projected { name, .. } | Crs::Geographic { name, .. } => name.clone(),
        }
    }
}

const LAMBERT93: &str = "+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs";
/// NTF, the old French datum, with its IGN ellipsoid, Paris meridian and shift to WGS84.
const NTF_PARIS: &str = "+ellps=clrk80ign +pm=paris +towgs84=-168,-60,320,0,0,0,0";
const WEB_MERCATOR: &str =
    "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +no_defs";

fn cc_zone(zone: u32) -> Crs {
    let lat0 = f64::from(zone);
    Crs::Projected {
        name: format!("RGF93 CC{zone} (EPSG:{})", 3900 + zone),
        proj4: format!(
            "+proj=lcc +lat_0={lat0} +lon_0=3 +lat_1={} +lat_2={} +x_0=1700000 +y_0={} +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs",
            lat0 - 0.75,
            lat0 + 0.75,
            (zone - 41) * 1_000_000 + 200_000
        ),
    }
}

fn utm(zone: u32, south: bool) -> Crs {
    Crs::Projected {
        name: format!("UTM {zone}{}", if south { "S" } else { "N" }),
        proj4: format!(
            "+proj=utm +zone={zone}{} +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs",
            if south { " +south" } else { "" }
        ),
    }
}

/// A projection from an EPSG code.
pub fn from_epsg(code: u32) -> Option<Crs> {
    Some(match code {
        4326 | 4171 | 4258 | 4979 | 4289 => Crs::Wgs84,
        2154 => Crs::Projected {
            name: "Lambert-93 (EPSG:2154)".into(),
            proj4: LAMBERT93.into(),
        },
        3942..=3950 => cc_zone(code - 3900),
        // NTF (Paris), longitude and latitude in grads.
        4807 => Crs::Geographic {
            name: "NTF (Paris), grades (EPSG:4807)".into(),
            proj4: format!("+proj=longlat {NTF_PARIS} +no_defs"),
            radians_per_unit: std::f64::consts::PI / 200.0,
        },
        27572 => Crs::Projected {
            name: "NTF (Paris) / Lambert II étendu (EPSG:27572)".into(),
            proj4: format!(
                "+proj=lcc +lat_1=46.8 +lat_0=46.8 +lon_0=0 +k_0=0.99987742 +x_0=600000 +y_0=2200000 {NTF_PARIS} +units=m +no_defs"
            ),
        },
        3857 | 900_913 => Crs::Projected {
            name: "Web Mercator (EPSG:3857)".into(),
            proj4: WEB_MERCATOR.into(),
        },
        32601..=32660 => utm(code - 32600, false),
        32701..=32760 => utm(code - 32700, true),
        5490 => utm(20, false),
        2972 => utm(22, false),
        2975 => utm(40, true),
        4471 => utm(38, true),
        _ => return None,
    })
}

/// A projection from the name a GeoJSON "crs" member gives: an EPSG code in any of its forms
/// ("EPSG:2154", "urn:ogc:def:crs:EPSG::2154", "http://www.opengis.net/def/crs/EPSG/0/2154"),
/// CRS84, or a system's name ("RGF93 / Lambert-93", "WGS 84 / UTM zone 40S"). `Err` carries
/// what to show as the unknown projection.
pub fn from_crs_name(name: &str) -> Result<Crs, String> {
    let upper = name.trim().to_uppercase();
    if upper.contains("CRS84") {
        return Ok(Crs::Wgs84);
    }
    if upper.contains("EPSG") {
        let digits: String = upper
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        // No code, or one too long for any EPSG code: unknown, never WGS84 by default.
        let code: u32 = digits.parse().map_err(|_| name.to_owned())?;
        return from_epsg(code).ok_or_else(|| format!("EPSG:{code}"));
    }
    let compact: String = upper
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    if matches!(
        compact.as_str(),
        "WGS84" | "RGF93" | "RGF93V1" | "RGF93V2" | "RGF93V2B" | "ETRS89"
    ) {
        return Ok(Crs::Wgs84);
    }
    from_wkt(name).map_err(|_| name.to_owned())
}

/// A projection from a WKT (.prj). `Err` carries the projection's name for the message.
pub fn from_wkt(wkt: &str) -> Result<Crs, String> {
    let w = wkt.to_lowercase().replace([' ', '-'], "_");
    let name = wkt
        .split('"')
        .nth(1)
        .unwrap_or(wkt.get(..60).unwrap_or(wkt))
        .to_owned();
    if let Some(code) = authority_code(wkt)
        && let Some(crs) = from_epsg(code)
    {
        return Ok(crs);
    }
    let projected = w.contains("projcs") || w.contains("projcrs");
    // The prime meridian and the units: never ignored (a grad read as a degree, or Paris read
    // as Greenwich, puts the layer hundreds of kilometres away).
    let paris = match wkt_primem(wkt) {
        None => false,
        Some((pm, _)) if pm.to_lowercase().contains("paris") => true,
        Some((_, 0.0)) => false,
        Some((pm, _)) => {
            return Err(format!(
                "{name} (méridien d'origine « {pm} » non pris en charge : Greenwich ou Paris)"
            ));
        }
    };
    let ntf = w.contains("ntf") || w.contains("nouvelle_triangulation");
    if projected {
        if let Some((unit, factor)) = last_unit(wkt)
            && (factor - 1.0).abs() > 1e-9
        {
            return Err(format!(
                "{name} (unité « {unit} » non prise en charge : seuls les mètres le sont)"
            ));
        }
        if ntf && w.contains("lambert") && w.contains("2200000") {
            return from_epsg(27572).ok_or(name);
        }
        if paris {
            return Err(format!(
                "{name} (projection sur le méridien de Paris non prise en charge, sauf le Lambert II étendu)"
            ));
        }
        // The datum: the projections below are read on GRS80 with no shift, right only for the
        // datums equal to WGS84 at map scale (ED50 read so would be ~100 m off).
        if let Some(datum) = wkt_datum(wkt)
            && !same_as_wgs84(&datum)
        {
            return Err(format!(
                "{name} (système géodésique « {datum} » non pris en charge : seuls WGS84, ETRS89, \
                 RGF93 et ceux d'outre-mer RGAF09, RGFG95, RGR92, RGM04 se lisent sans \
                 transformation ; reprojetez la couche en Lambert-93 ou en WGS84)"
            ));
        }
    } else if (w.contains("geogcs") || w.contains("geogcrs"))
        && let Some((unit, factor)) = last_unit(wkt)
    {
        let degree = std::f64::consts::PI / 180.0;
        if paris || (factor - degree).abs() > 1e-9 {
            if factor <= 0.0 || !factor.is_finite() {
                return Err(format!("{name} (unité « {unit} » illisible)"));
            }
            let datum = if ntf {
                NTF_PARIS.to_owned()
            } else if paris {
                "+ellps=GRS80 +pm=paris".to_owned()
            } else {
                "+ellps=GRS80 +towgs84=0,0,0,0,0,0,0".to_owned()
            };
            return Ok(Crs::Geographic {
                name: format!(
                    "{name} (méridien de {}, unité « {unit} »)",
                    if paris { "Paris" } else { "Greenwich" }
                ),
                proj4: format!("+proj=longlat {datum} +no_defs"),
                radians_per_unit: factor,
            });
        }
    }
    if w.contains("lambert_93")
        || w.contains("lambert93")
        || (w.contains("rgf") && w.contains("lambert_conformal") && w.contains("700000"))
    {
        return from_epsg(2154).ok_or(name);
    }
    for zone in 42..=50u32 {
        if w.contains(&format!("cc{zone}")) {
            return Ok(cc_zone(zone));
        }
    }
    if w.contains("pseudo_mercator")
        || w.contains("mercator_auxiliary_sphere")
        || w.contains("popular_visualisation")
    {
        return from_epsg(3857).ok_or(name);
    }
    if let Some(i) = w.find("utm_zone_") {
        let rest = w.get(i + 9..).unwrap_or("");
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(zone) = digits.parse::<u32>() {
            let south = rest.get(digits.len()..).is_some_and(|r| r.starts_with('s'));
            return Ok(utm(zone, south));
        }
    }
    // ESRI's names without "zone" (GDAL's .prj of EPSG:2972 and 2975: "RGFG_1995_UTM_22N").
    for (i, _) in w.match_indices("_utm_") {
        let rest = w.get(i + 5..).unwrap_or("");
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let hemisphere = rest.get(digits.len()..).and_then(|r| r.chars().next());
        if let (Ok(zone @ 1..=60), Some(h @ ('n' | 's'))) = (digits.parse::<u32>(), hemisphere) {
            return Ok(utm(zone, h == 's'));
        }
    }
    if !w.contains("projcs")
        && !w.contains("projcrs")
        && (w.contains("geogcs") || w.contains("geogcrs"))
    {
        return Ok(Crs::Wgs84);
    }
    Err(name)
}

/// The name of a WKT's datum: DATUM["D_RGF_1993",…] (WKT1, ESRI's), or WKT2's datum ensemble
/// (ENSEMBLE["World Geodetic System 1984 ensemble",…]).
fn wkt_datum(wkt: &str) -> Option<String> {
    let upper = wkt.to_uppercase();
    let at = ["DATUM[", "ENSEMBLE["]
        .iter()
        .filter_map(|key| upper.find(key).map(|i| i + key.len()))
        .min()?;
    let mut parts = wkt.get(at..)?.splitn(3, '"');
    parts.next()?;
    parts.next().map(str::to_owned)
}

/// Whether a datum is one of those equal to WGS84 at map scale (within a metre), those
/// [`from_epsg`] reads as WGS84 or with `+towgs84=0,…`: WGS84, ETRS89, RGF93 and the overseas
/// RGAF09, RGFG95, RGR92, RGM04, in their EPSG, ESRI or spelled-out names.
fn same_as_wgs84(datum: &str) -> bool {
    let d: String = datum
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    [
        "wgs1984",
        "wgs84",
        "worldgeodeticsystem1984",
        "etrs1989",
        "etrs89",
        "europeanterrestrialreferencesystem1989",
        "rgf1993",
        "rgf93",
        "reseaugeodesiquefrancais1993",
        "rgaf09",
        "rgaf2009",
        "reseaugeodesiquedesantillesfrancaises2009",
        "rgfg1995",
        "rgfg95",
        "reseaugeodesiquefrancaisguyane1995",
        "rgr1992",
        "rgr92",
        "reseaugeodesiquedelareunion1992",
        "rgm2004",
        "rgm04",
        "reseaugeodesiquedemayotte2004",
    ]
    .iter()
    .any(|known| d.contains(known))
}

/// The name and value of a WKT's PRIMEM["Paris",2.33722917].
fn wkt_primem(wkt: &str) -> Option<(String, f64)> {
    let at = wkt.to_uppercase().find("PRIMEM[")? + 7;
    quoted_and_number(wkt.get(at..)?)
}

/// The name and factor of the last UNIT["grad",0.0157…] of a WKT (a projected system's linear
/// unit, a geographic one's angular unit).
fn last_unit(wkt: &str) -> Option<(String, f64)> {
    let at = wkt.to_uppercase().rfind("UNIT[")? + 5;
    quoted_and_number(wkt.get(at..)?)
}

/// `"name",number` at the start of `text`.
fn quoted_and_number(text: &str) -> Option<(String, f64)> {
    let mut parts = text.splitn(3, '"');
    parts.next()?;
    let name = parts.next()?.to_owned();
    let rest = parts.next()?.trim_start_matches([',', ' ']);
    let number: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
        .collect();
    Some((name, number.parse().ok()?))
}

/// The last AUTHORITY["EPSG","nnnn"] / ID["EPSG",nnnn] of a WKT (the whole system's).
fn authority_code(wkt: &str) -> Option<u32> {
    let upper = wkt.to_uppercase();
    let i = upper.rfind("\"EPSG\"")?;
    let rest = upper.get(i + 6..)?;
    let digits: String = rest
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    // Only when it closes the WKT (not a datum's code).
    let tail = rest.get(rest.find(&digits)? + digits.len()..)?;
    if tail
        .trim_start_matches(['"', ']', ' ', '\n', '\r'])
        .is_empty()
    {
        digits.parse().ok()
    } else {
        None
    }
}

/// One point handed to proj4rs (x, y, z), transformed in place.
pub(crate) struct Xyz(pub f64, pub f64, pub f64);

impl Transform for Xyz {
    fn transform_coordinates<F: TransformClosure>(
        &mut self,
        f: &mut F,
    ) -> proj4rs::errors::Result<()> {
        let (x, y, z) = f(self.0, self.1, self.2)?;
        *self = Xyz(x, y, z);
        Ok(())
    }
}

/// Reprojects a geometry to WGS84 degrees. Fails on the first coordinate that does not
/// transform (with its values).
pub struct Reprojector {
    from: Proj,
    to: Proj,
    /// A geographic source: the radians in one of its units (input scaled before transform).
    input_radians: Option<f64>,
}

impl Reprojector {
    pub fn new(proj4: &str) -> Result<Self, String> {
        let refused = |_| format!("paramètres de projection non pris en charge ({proj4})");
        let from = Proj::from_proj_string(proj4).map_err(refused)?;
        let to = Proj::from_proj_string("+proj=longlat +ellps=WGS84 +datum=WGS84 +no_defs")
            .map_err(refused)?;
        Ok(Reprojector {
            from,
            to,
            input_radians: None,
        })
    }

    pub fn point(&self, x: f64, y: f64) -> Result<(f64, f64), String> {
        let mut p = match self.input_radians {
            Some(f) => Xyz(x * f, y * f, 0.0),
            None => Xyz(x, y, 0.0),
        };
        transform(&self.from, &self.to, &mut p)
            .map_err(|_| format!("({x} ; {y}) : point hors du domaine de la projection"))?;
        Ok((p.0.to_degrees(), p.1.to_degrees()))
    }

    pub fn geometry(&self, g: &geo::Geometry<f64>) -> Result<geo::Geometry<f64>, String> {
        g.try_map_coords(|c| self.point(c.x, c.y).map(|(x, y)| geo::Coord { x, y }))
    }
}

/// A feature's geometry in WGS84: reprojected when there is a reprojector; on failure a warning
/// naming feature `n` is pushed and None returned (the feature is left out, never silently).
pub fn reproject_feature(
    reprojector: Option<&Reprojector>,
    geometry: geo::Geometry<f64>,
    n: usize,
    warnings: &mut Vec<String>,
) -> Option<geo::Geometry<f64>> {
    let Some(r) = reprojector else {
        return Some(geometry);
    };
    match r.geometry(&geometry) {
        Ok(g) => Some(g),
        Err(e) => {
            warnings.push(format!(
                "objet n° {n} : reprojection impossible {e}, écarté"
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambert93_origin_and_a_known_place() {
        let r = Reprojector::new(LAMBERT93).expect("proj");
        let (lon, lat) = r.point(700_000.0, 6_600_000.0).expect("point");
        assert!(
            (lon - 3.0).abs() < 1e-9 && (lat - 46.5).abs() < 1e-9,
            "{lon} {lat}"
        );
        // Paris centre, Lambert-93 (652 469 ; 6 861 982) ≈ 2.3522 E, 48.8566 N (within 100 m).
        let (lon, lat) = r.point(652_469.0, 6_861_982.0).expect("point");
        assert!(
            (lon - 2.3522).abs() < 1e-3 && (lat - 48.8566).abs() < 1e-3,
            "{lon} {lat}"
        );
    }

    #[test]
    fn wkt_of_common_french_files() {
        let esri = r#"PROJCS["RGF_1993_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",700000.0],PARAMETER["False_Northing",6600000.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Standard_Parallel_1",49.0],PARAMETER["Standard_Parallel_2",44.0],PARAMETER["Latitude_Of_Origin",46.5],UNIT["Meter",1.0]]"#;
        assert_eq!(
            from_wkt(esri).map(|c| c.label()),
            Ok("Lambert-93 (EPSG:2154)".into())
        );
        let ogc = r#"PROJCS["RGF93 v1 / Lambert-93",GEOGCS["RGF93 v1",DATUM["Reseau_Geodesique_Francais_1993_v1",SPHEROID["GRS 1980",6378137,298.222101,AUTHORITY["EPSG","7019"]],AUTHORITY["EPSG","6171"]],AUTHORITY["EPSG","4171"]],PROJECTION["Lambert_Conformal_Conic_2SP"],AUTHORITY["EPSG","2154"]]"#;
        assert_eq!(
            from_wkt(ogc).map(|c| c.label()),
            Ok("Lambert-93 (EPSG:2154)".into())
        );
        let wgs = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        assert_eq!(from_wkt(wgs), Ok(Crs::Wgs84));
        let utm = r#"PROJCS["WGS_1984_UTM_Zone_40S",GEOGCS["GCS_WGS_1984"]]"#;
        assert_eq!(from_wkt(utm).map(|c| c.label()), Ok("UTM 40S".into()));
        let esri = r#"PROJCS["RGFG_1995_UTM_22N",GEOGCS["GCS_RGFG_1995"]]"#;
        assert_eq!(from_wkt(esri).map(|c| c.label()), Ok("UTM 22N".into()));
        let odd = r#"PROJCS["Bonne_Lunaire",GEOGCS["Moon"],PROJECTION["Bonne"]]"#;
        assert_eq!(from_wkt(odd), Err("Bonne_Lunaire".into()));
    }

    /// ED50 / UTM 31N (EPSG:23031, here without its code, as ESRI writes it) is refused naming
    /// its datum: read as WGS84 it would be ~100 m off.
    #[test]
    fn a_utm_on_ed50_is_refused_naming_its_datum() {
        let esri = r#"PROJCS["ED_1950_UTM_Zone_31N",GEOGCS["GCS_European_1950",DATUM["D_European_1950",SPHEROID["International_1924",6378388.0,297.0]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
        let e = from_wkt(esri).expect_err("ED50 refused");
        assert!(e.contains("« D_European_1950 » non pris en charge"), "{e}");
        assert!(e.starts_with("ED_1950_UTM_Zone_31N"), "{e}");
        let ogc = r#"PROJCS["ED50 / UTM zone 31N",GEOGCS["ED50",DATUM["European_Datum_1950",SPHEROID["International 1924",6378388,297,AUTHORITY["EPSG","7022"]],TOWGS84[-87,-98,-121,0,0,0,0],AUTHORITY["EPSG","6230"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4230"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",3],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","23031"]]"#;
        let e = from_wkt(ogc).expect_err("ED50 refused");
        assert!(e.contains("« European_Datum_1950 »"), "{e}");
        // The same projection on WGS84 still reads.
        let wgs = ogc
            .replace("ED50 / UTM", "WGS 84 / UTM")
            .replace("European_Datum_1950", "WGS_1984")
            .replace("\"23031\"", "\"32631\"");
        assert_eq!(from_wkt(&wgs).map(|c| c.label()), Ok("UTM 31N".to_owned()));
        let wgs_by_name = wgs.replace("AUTHORITY[\"EPSG\",\"32631\"]]", "]");
        assert_eq!(
            from_wkt(&wgs_by_name).map(|c| c.label()),
            Ok("UTM 31N".to_owned())
        );
    }

    /// RGF93 / Lambert-93 written by QGIS in WKT2 (no EPSG code at the end: read by its name
    /// and its datum, which is RGF93) and the overseas UTMs as GDAL writes them still read.
    #[test]
    fn rgf93_lambert93_and_the_overseas_utms_still_read() {
        let wkt2 = r#"PROJCRS["RGF93 v1 / Lambert-93",BASEGEOGCRS["RGF93 v1",DATUM["Reseau Geodesique Francais 1993 v1",ELLIPSOID["GRS 1980",6378137,298.257222101,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]]],CONVERSION["Lambert-93",METHOD["Lambert Conic Conformal (2SP)"],PARAMETER["Latitude of false origin",46.5],PARAMETER["Longitude of false origin",3],PARAMETER["Latitude of 1st standard parallel",49],PARAMETER["Latitude of 2nd standard parallel",44],PARAMETER["Easting at false origin",700000],PARAMETER["Northing at false origin",6600000]],CS[Cartesian,2],AXIS["easting (X)",east],AXIS["northing (Y)",north],LENGTHUNIT["metre",1]]"#;
        assert_eq!(
            from_wkt(wkt2).map(|c| c.label()),
            Ok("Lambert-93 (EPSG:2154)".to_owned())
        );
        for (prj, label) in [
            (
                r#"PROJCS["RGAF09_UTM_Zone_20N",GEOGCS["GCS_RGAF09",DATUM["D_RGAF09",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],UNIT["Meter",1.0]]"#,
                "UTM 20N",
            ),
            (
                r#"PROJCS["RGFG_1995_UTM_22N",GEOGCS["GCS_RGFG_1995",DATUM["D_RGFG_1995",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],UNIT["Meter",1.0]]"#,
                "UTM 22N",
            ),
            (
                r#"PROJCS["RGR_1992_UTM_40S",GEOGCS["GCS_RGR_1992",DATUM["D_RGR_1992",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],UNIT["Meter",1.0]]"#,
                "UTM 40S",
            ),
            (
                r#"PROJCS["RGM_2004_UTM_Zone_38S",GEOGCS["GCS_RGM_2004",DATUM["D_RGM_2004",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],UNIT["Meter",1.0]]"#,
                "UTM 38S",
            ),
            (
                r#"PROJCS["ETRS89_UTM_zone_31N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],UNIT["Meter",1.0]]"#,
                "UTM 31N",
            ),
        ] {
            assert_eq!(
                from_wkt(prj).map(|c| c.label()),
                Ok(label.to_owned()),
                "{prj}"
            );
        }
    }

    #[test]
    fn ntf_paris_in_grads_is_placed_right() {
        // Rennes: 48.1147 N, 1.6794 W; from Paris (2.33722917 E), in grads.
        let wkt = r#"GEOGCS["NTF (Paris)",DATUM["Nouvelle_Triangulation_Francaise_Paris",SPHEROID["Clarke 1880 (IGN)",6378249.2,293.4660212936269]],PRIMEM["Paris",2.5969213],UNIT["grad",0.01570796326794897]]"#;
        let crs = from_wkt(wkt).expect("crs");
        assert!(matches!(crs, Crs::Geographic { .. }), "{crs:?}");
        let r = crs.reprojector("x.prj").expect("proj").expect("some");
        let (lon, lat) = r
            .point((-1.6794 - 2.337_229_17) / 0.9, 48.1147 / 0.9)
            .expect("point");
        assert!(
            (lon + 1.6794).abs() < 0.01 && (lat - 48.1147).abs() < 0.01,
            "{lon} {lat}"
        );
        // Lambert II étendu: its origin is 46.8 N on the Paris meridian.
        let l2e = from_epsg(27572).expect("l2e");
        let r = l2e.reprojector("x.prj").expect("proj").expect("some");
        let (lon, lat) = r.point(600_000.0, 2_200_000.0).expect("point");
        assert!(
            (lon - 2.337).abs() < 0.01 && (lat - 46.8).abs() < 0.01,
            "{lon} {lat}"
        );
        let feet = r#"PROJCS["NAD83 / Foo",GEOGCS["NAD83"],PROJECTION["Transverse_Mercator"],UNIT["Foot_US",0.3048006096012192]]"#;
        assert!(from_wkt(feet).expect_err("refused").contains("Foot_US"));
        let ferro = r#"GEOGCS["Ferro",PRIMEM["Ferro",-17.66666666666667],UNIT["degree",0.0174532925199433]]"#;
        assert!(from_wkt(ferro).expect_err("refused").contains("Ferro"));
    }

    #[test]
    fn crs_names_of_geojson_files() {
        let label = |n: &str| from_crs_name(n).map(|c| c.label());
        let l93 = Ok("Lambert-93 (EPSG:2154)".to_owned());
        assert_eq!(label("EPSG:2154"), l93);
        assert_eq!(label("urn:ogc:def:crs:EPSG::2154"), l93);
        assert_eq!(label("http://www.opengis.net/def/crs/EPSG/0/2154"), l93);
        assert_eq!(label("RGF93 / Lambert-93"), l93);
        assert_eq!(label("RGF93 v1 / Lambert-93"), l93);
        assert_eq!(
            label("RGF93 / CC46"),
            Ok("RGF93 CC46 (EPSG:3946)".to_owned())
        );
        assert_eq!(label("WGS 84 / UTM zone 40S"), Ok("UTM 40S".to_owned()));
        assert_eq!(
            from_crs_name("urn:ogc:def:crs:OGC:1.3:CRS84"),
            Ok(Crs::Wgs84)
        );
        assert_eq!(from_crs_name("WGS 84"), Ok(Crs::Wgs84));
        assert_eq!(
            from_crs_name("EPSG:99999999999999999999"),
            Err("EPSG:99999999999999999999".to_owned())
        );
        assert_eq!(from_crs_name("EPSG:4242"), Err("EPSG:4242".to_owned()));
        assert_eq!(from_crs_name("EPSG"), Err("EPSG".to_owned()));
        assert_eq!(from_crs_name("Lune"), Err("Lune".to_owned()));
    }
}
