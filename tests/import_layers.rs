//! Users' vector layers: GeoJSON and shapefiles in Lambert-93 with Windows-1252 attributes,
//! and the French errors of bad files. Fixtures: tests/fixtures/layers (make_fixtures.py).

use std::path::{Path, PathBuf};

use geo::Centroid as _;
use ti_atlas::io::vector::{VectorLayer, read_vector};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/layers")
        .join(name)
}

fn read(name: &str) -> Result<VectorLayer, String> {
    read_vector(&fixture(name)).map_err(|e| e.to_string())
}

fn attr<'a>(layer: &'a VectorLayer, feature: usize, field: &str) -> &'a str {
    layer.features[feature]
        .attributes
        .iter()
        .find(|(k, _)| k == field)
        .map_or("", |(_, v)| v.as_str())
}

#[test]
fn lambert93_shapefile_is_reprojected_and_its_accents_decoded() {
    let layer = read("l93-cp1252.shp").expect("layer");
    assert_eq!(layer.source_crs, "Lambert-93 (EPSG:2154)");
    assert_eq!(layer.features.len(), 2);
    assert_eq!(layer.fields, ["NOM", "CODE", "POP"]);
    assert_eq!(attr(&layer, 0, "NOM"), "Vitré");
    assert_eq!(attr(&layer, 1, "NOM"), "Saint-Étienne");
    assert_eq!(attr(&layer, 0, "CODE"), "35360");
    // A 2 km square around the projection's origin (700 000 ; 6 600 000) = 3° E, 46.5° N.
    let c = layer.features[0].geometry.centroid().expect("centroid");
    assert!(
        (c.x() - 3.0).abs() < 1e-4 && (c.y() - 46.5).abs() < 1e-4,
        "{c:?}"
    );
    assert!(layer.warnings.is_empty(), "{:?}", layer.warnings);
    let report = layer.report();
    assert_eq!((report.polygons, report.points), (2, 0));
}

#[test]
fn without_cpg_windows_1252_is_detected_and_said() {
    let layer = read("l93-sans-cpg.shp").expect("layer");
    assert_eq!(attr(&layer, 1, "NOM"), "Saint-Étienne");
    assert!(
        layer.warnings.iter().any(|w| w.contains("Windows-1252")),
        "{:?}",
        layer.warnings
    );
}

#[test]
fn geojson_in_wgs84_and_with_an_old_lambert93_crs() {
    let layer = read("wgs84.geojson").expect("layer");
    assert_eq!(layer.source_crs, "WGS84 (degrés)");
    assert_eq!(layer.features.len(), 2, "the broken polygon is left out");
    assert_eq!(attr(&layer, 0, "nom"), "Vitré");
    assert_eq!(attr(&layer, 1, "code"), "", "null becomes empty");
    assert_eq!(layer.warnings.len(), 1);
    assert!(layer.warnings[0].contains("objet n° 3") && layer.warnings[0].contains("4 au moins"));
    let report = layer.report();
    assert_eq!((report.polygons, report.points), (1, 1));
    let old = read("l93-crs.geojson").expect("layer");
    assert_eq!(old.source_crs, "Lambert-93 (EPSG:2154)");
    let c = old.features[0].geometry.centroid().expect("centroid");
    assert!(
        (c.x() - 3.0).abs() < 1e-4 && (c.y() - 46.5).abs() < 1e-4,
        "{c:?}"
    );
}

#[test]
fn bad_layers_give_french_errors_naming_file_and_problem() {
    let e = read("sans-shx.shp").unwrap_err();
    assert!(
        e.contains("sans-shx.shp") && e.contains("manquant : le .shx"),
        "{e}"
    );
    let e = read("prj-inconnu.shp").unwrap_err();
    assert!(
        e.contains("prj-inconnu.shp") && e.contains("projection inconnue : Bonne_Lunaire"),
        "{e}"
    );
    let e = read("casse.geojson").unwrap_err();
    assert!(e.contains("casse.geojson") && e.contains("ligne 2"), "{e}");
    let e = read("absent.geojson").unwrap_err();
    assert!(
        e.contains("absent.geojson") && e.contains("lecture impossible"),
        "{e}"
    );
}
