//! The coordinates of a layer checked against the projection it declares, before and after
//! reprojection: degrees under a projection in metres (a Lambert-93 .prj over longitudes and
//! latitudes) are read as degrees with a warning; metres under a declaration in degrees are
//! refused with the projection they look like; a layer far from France is warned about; a
//! polygon that crosses the antimeridian (±180°) is left out with a warning rather than drawn
//! as a band across the map.

use geo::{BoundingRect as _, CoordsIter as _, Geometry};

use super::VectorError;
use super::projection::Crs;

/// How the projection was declared, for the messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Declared {
    /// A shapefile without .prj (degrees supposed).
    ShapefileNoPrj,
    /// A shapefile with its .prj.
    ShapefilePrj,
    /// A GeoJSON without "crs" (degrees WGS84, RFC 7946).
    GeoJsonDefault,
    /// A GeoJSON with a "crs" member.
    GeoJsonCrs,
    /// A GeoPackage layer whose system is undefined (srs_id 0 or -1: degrees supposed).
    GeoPackageUndefined,
    /// A GeoPackage layer with its system in `gpkg_spatial_ref_sys`.
    GeoPackageSrs,
}

/// Whether every coordinate of a geometry reads as longitude / latitude degrees.
fn in_degrees(g: &Geometry<f64>) -> bool {
    g.coords_iter()
        .all(|c| (-180.0..=180.0).contains(&c.x) && (-90.0..=90.0).contains(&c.y))
}

/// The projections coordinates in metres (`x`, `y`) look like, in French ("du Lambert-93").
pub fn likely_crs(x: f64, y: f64) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    if (50_000.0..=1_300_000.0).contains(&x) && (6_000_000.0..=7_200_000.0).contains(&y) {
        out.push("du Lambert-93 (EPSG:2154)");
    }
    if (1_000_000.0..=2_400_000.0).contains(&x) && (1_000_000.0..=9_400_000.0).contains(&y) {
        out.push("une zone conique CC42 à CC50 (EPSG:3942 à 3950)");
    }
    if (-700_000.0..=1_200_000.0).contains(&x) && (5_000_000.0..=6_700_000.0).contains(&y) {
        out.push("du Web Mercator (EPSG:3857)");
    }
    if (0.0..=1_250_000.0).contains(&x) && (1_600_000.0..=2_800_000.0).contains(&y) {
        out.push("du Lambert II étendu (NTF, EPSG:27572)");
    }
    if (150_000.0..=850_000.0).contains(&x) && (0.0..=10_000_000.0).contains(&y) && out.is_empty() {
        out.push("de l'UTM (outre-mer)");
    }
    (!out.is_empty()).then(|| out.join(" ou "))
}

/// The projection to read the features in, and the warnings: `features` are in the file's
/// coordinates. Refuses a declaration in degrees over coordinates in metres (most features
/// outside the degrees' range), saying what they look like; reads as degrees, with a warning, a
/// projection in metres over coordinates that are all degrees.
pub fn settle_crs(
    file: &str,
    declared: Crs,
    how: Declared,
    features: &[(usize, Geometry<f64>)],
) -> Result<(Crs, Vec<String>), VectorError> {
    if features.is_empty() {
        return Ok((declared, Vec::new()));
    }
    let not_degrees: Vec<&(usize, Geometry<f64>)> =
        features.iter().filter(|(_, g)| !in_degrees(g)).collect();
    match &declared {
        Crs::Wgs84 if not_degrees.len() * 2 > features.len() => {
            let c = not_degrees
                .first()
                .and_then(|(_, g)| {
                    g.coords_iter().find(|c| {
                        !(-180.0..=180.0).contains(&c.x) || !(-90.0..=90.0).contains(&c.y)
                    })
                })
                .unwrap_or(geo::Coord { x: 0.0, y: 0.0 });
            let declared = match how {
                Declared::ShapefileNoPrj => "pas de fichier .prj : des degrés WGS84 sont supposés",
                Declared::ShapefilePrj => "le fichier .prj existe et déclare des degrés (WGS84)",
                Declared::GeoJsonDefault => {
                    "pas de membre « crs » : un GeoJSON est en degrés WGS84"
                }
                Declared::GeoJsonCrs => "le membre « crs » déclare des degrés (WGS84)",
                Declared::GeoPackageUndefined => {
                    "le GeoPackage ne déclare pas de projection pour cette couche : des degrés \
                     WGS84 sont supposés"
                }
                Declared::GeoPackageSrs => {
                    "la table gpkg_spatial_ref_sys déclare des degrés (WGS84) pour cette couche"
                }
            };
            let fix = match how {
                Declared::ShapefileNoPrj => "ajoutez le fichier .prj de la couche",
                Declared::ShapefilePrj => "remplacez le .prj par celui de la bonne projection",
                Declared::GeoJsonDefault | Declared::GeoJsonCrs => {
                    "déclarez la bonne projection (membre « crs ») ou exportez la couche en WGS84"
                }
                Declared::GeoPackageUndefined | Declared::GeoPackageSrs => {
                    "déclarez la bonne projection de la couche (tables gpkg_spatial_ref_sys et \
                     gpkg_geometry_columns) ou exportez-la en WGS84"
                }
            };
            let likely = likely_crs(c.x, c.y)
                .map(|l| format!(" ; elles ressemblent à {l}"))
                .unwrap_or_default();
            Err(VectorError::NotDegrees {
                file: file.to_owned(),
                declared: declared.to_owned(),
                x: c.x,
                y: c.y,
                likely,
                fix: fix.to_owned(),
            })
        }
        Crs::Projected { name, .. } if not_degrees.is_empty() => {
            let bbox = bbox_of(features.iter().map(|(_, g)| g));
            let extent = bbox
                .map(|[x0, y0, x1, y1]| format!(" (x de {x0} à {x1}, y de {y0} à {y1})"))
                .unwrap_or_default();
            let source = match how {
                Declared::ShapefilePrj | Declared::ShapefileNoPrj => "le .prj",
                Declared::GeoJsonDefault | Declared::GeoJsonCrs => "le membre « crs »",
                Declared::GeoPackageUndefined | Declared::GeoPackageSrs => {
                    "la table gpkg_spatial_ref_sys"
                }
            };
            Ok((
                Crs::Wgs84,
                vec![format!(
                    "{source} déclare {name}, en mètres, mais ces coordonnées ressemblent à des degrés{extent} : couche lue en degrés WGS84 ; corrigez la projection déclarée"
                )],
            ))
        }
        _ => Ok((declared, Vec::new())),
    }
}

/// The bounding box of geometries: min x, min y, max x, max y.
pub fn bbox_of<'a>(geometries: impl Iterator<Item = &'a Geometry<f64>>) -> Option<[f64; 4]> {
    geometries
        .filter_map(|g| g.bounding_rect())
        .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
        .reduce(|a, b| {
            [
                a[0].min(b[0]),
                a[1].min(b[1]),
                a[2].max(b[2]),
                a[3].max(b[3]),
            ]
        })
}

/// France and its overseas départements and collectivités, in WGS84 (min lon, min lat, max lon,
/// max lat), with a margin: a layer that touches none of them is far from France.
const FRANCE_BOXES: [[f64; 4]; 10] = [
    [-6.5, 40.5, 11.0, 52.0],       // Métropole and Corse
    [-62.5, 15.5, -60.5, 18.5],     // Guadeloupe, Saint-Martin, Saint-Barthélemy
    [-61.5, 14.0, -60.5, 15.2],     // Martinique
    [-55.0, 1.5, -51.0, 6.5],       // Guyane
    [54.8, -21.8, 56.2, -20.5],     // La Réunion
    [44.5, -13.5, 45.7, -12.3],     // Mayotte
    [-57.0, 46.5, -55.8, 47.5],     // Saint-Pierre-et-Miquelon
    [163.0, -23.5, 169.0, -19.0],   // Nouvelle-Calédonie
    [-155.0, -28.5, -134.0, -7.0],  // Polynésie française
    [-178.5, -14.8, -175.8, -12.9], // Wallis-et-Futuna
];

/// A warning when a layer's WGS84 extent touches neither France nor its overseas territories.
pub fn far_from_france(bbox: [f64; 4]) -> Option<String> {
    let [x0, y0, x1, y1] = bbox;
    let touches = FRANCE_BOXES
        .iter()
        .any(|b| x0 <= b[2] && x1 >= b[0] && y0 <= b[3] && y1 >= b[1]);
    (!touches).then(|| {
        format!(
            "couche loin de la France : emprise longitude {x0:.3} à {x1:.3}, latitude {y0:.3} à {y1:.3} (ni la métropole ni l'outre-mer) ; vérifiez la projection déclarée"
        )
    })
}

/// Whether a polygon or line (WGS84) jumps across the antimeridian: two consecutive points
/// more than 180° of longitude apart.
pub fn crosses_antimeridian(g: &Geometry<f64>) -> bool {
    let jumps = |l: &geo::LineString<f64>| l.0.windows(2).any(|w| (w[1].x - w[0].x).abs() > 180.0);
    match g {
        Geometry::Polygon(p) => std::iter::once(p.exterior())
            .chain(p.interiors())
            .any(jumps),
        Geometry::MultiPolygon(mp) => mp.0.iter().any(|p| {
            std::iter::once(p.exterior())
                .chain(p.interiors())
                .any(jumps)
        }),
        Geometry::LineString(l) => jumps(l),
        Geometry::MultiLineString(ml) => ml.0.iter().any(jumps),
        _ => false,
    }
}

/// The warning for a feature left out because it crosses the antimeridian.
pub fn antimeridian_warning(n: usize) -> String {
    format!(
        "objet n° {n} : traverse l'antiméridien (longitude ±180°), il serait dessiné comme une bande en travers de la carte : écarté ; découpez-le à ±180° dans votre SIG"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f64, y: f64, side: f64) -> Geometry<f64> {
        Geometry::Polygon(geo::Polygon::new(
            geo::LineString::from(vec![
                (x, y),
                (x + side, y),
                (x + side, y + side),
                (x, y + side),
                (x, y),
            ]),
            vec![],
        ))
    }

    #[test]
    fn degrees_under_lambert93_are_read_as_degrees_with_a_warning() {
        let l93 = super::super::projection::from_epsg(2154).expect("l93");
        let features = vec![(1, square(-1.7, 48.1, 0.1))];
        let (crs, warnings) =
            settle_crs("x.shp", l93, Declared::ShapefilePrj, &features).expect("read");
        assert_eq!(crs, Crs::Wgs84);
        assert!(
            warnings[0].contains("ressemblent à des degrés"),
            "{warnings:?}"
        );
        assert!(warnings[0].contains("Lambert-93"), "{warnings:?}");
    }

    #[test]
    fn metres_under_wgs84_are_refused_with_the_likely_projection() {
        let features = vec![(1, square(351_000.0, 6_789_000.0, 100.0))];
        let e = settle_crs("x.shp", Crs::Wgs84, Declared::ShapefilePrj, &features)
            .expect_err("refused")
            .to_string();
        assert!(e.contains("le fichier .prj existe"), "{e}");
        assert!(!e.contains("pas de fichier .prj"), "{e}");
        assert!(e.contains("Lambert-93"), "{e}");
        let e = settle_crs("x.shp", Crs::Wgs84, Declared::ShapefileNoPrj, &features)
            .expect_err("refused")
            .to_string();
        assert!(e.contains("pas de fichier .prj"), "{e}");
    }

    #[test]
    fn far_layers_and_the_antimeridian() {
        assert!(far_from_france([-1.7, 48.1, -1.6, 48.2]).is_none());
        assert!(
            far_from_france([45.1, -12.9, 45.2, -12.7]).is_none(),
            "Mayotte"
        );
        assert!(
            far_from_france([2.0, 4.0, 3.0, 5.0]).is_some(),
            "Gulf of Guinea"
        );
        assert!(crosses_antimeridian(
            &square(179.5, -17.0, 1.0).map_coords_x()
        ));
        assert!(!crosses_antimeridian(&square(2.0, 48.0, 1.0)));
    }

    trait Wrap {
        fn map_coords_x(self) -> Geometry<f64>;
    }

    impl Wrap for Geometry<f64> {
        /// Longitudes past 180° wrapped to -180°, as a file that crosses the antimeridian
        /// writes them.
        fn map_coords_x(self) -> Geometry<f64> {
            use geo::MapCoords as _;
            self.map_coords(|c| geo::Coord {
                x: if c.x > 180.0 { c.x - 360.0 } else { c.x },
                y: c.y,
            })
        }
    }
}
