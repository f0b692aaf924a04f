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

#[test]
fn a_layer_with_a_code_column_is_joined_like_a_table() {
    use ti_atlas::io::import::{ImportKind, Imported, import_file};
    use ti_atlas::model::Level;
    use ti_atlas::model::imports::projects::TerritoryLocator;
    use ti_atlas::model::indicators::Value;

    let ds = ti_atlas::io::bundle::load_embedded().expect("bundle").0;
    let locator = TerritoryLocator::build(&ds);
    // Every member commune of Fougères – Vitré (ti-5305) as a small square with a (synthetic)
    // count, plus a code that does not exist.
    let vitre = ds
        .territory(ti_atlas::model::Generation::Temps2, "ti-5305")
        .expect("ti-5305");
    let mut features = Vec::new();
    for (i, code) in vitre.communes.iter().enumerate() {
        let x = -1.2 + 0.001 * i as f64;
        features.push(format!(
            r#"{{"type":"Feature","properties":{{"INSEE_COM":"{code}","emplois":{}}},"geometry":{{"type":"Polygon","coordinates":[[[{x},48.1],[{x2},48.1],[{x2},48.2],[{x},48.1]]]}}}}"#,
            i + 1,
            x2 = x + 0.0005
        ));
    }
    features.push(r#"{"type":"Feature","properties":{"INSEE_COM":"99999","emplois":4},"geometry":{"type":"Polygon","coordinates":[[[0,45],[0.1,45],[0.1,45.1],[0,45]]]}}"#.to_owned());
    let dir = std::env::temp_dir().join(format!("ti-atlas-couche-jointe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("communes-emplois.geojson");
    std::fs::write(
        &path,
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        ),
    )
    .expect("write");
    let (imported, report) =
        import_file(&path, None, ImportKind::Auto, &ds, &locator).expect("import");
    let _ = std::fs::remove_dir_all(&dir);
    let Imported::Layer(layer, Some(table)) = imported else {
        panic!("a layer with its attributes joined")
    };
    assert_eq!(layer.features.len(), vitre.communes.len() + 1);
    assert!(report.kind.starts_with("couche"), "{}", report.kind);
    assert!(report.kind.contains("INSEE_COM"), "{}", report.kind);
    assert_eq!(report.rejected.len(), 1, "{:?}", report.rejected);
    assert!(report.rejected[0].problem.contains("99999"));
    assert_eq!(
        report.rejected[0].row,
        vitre.communes.len() + 1,
        "feature number"
    );
    let sums = table
        .series
        .iter()
        .find(|s| s.level == Level::Territoire && s.id.ends_with(":emplois"))
        .expect("territory series");
    let i = ds
        .territory_feature_index(ti_atlas::model::Generation::Temps2, "ti-5305")
        .expect("index");
    let n = vitre.communes.len();
    assert_eq!(sums.values[i], Value::Exact((n * (n + 1) / 2) as f64));
    // The attribute table the app browses: one row per feature, bounding boxes in lon/lat.
    let attributes = layer.attribute_table();
    assert_eq!(attributes.rows.len(), n + 1);
    assert!(attributes.is_numeric(1));
    let b = attributes.bboxes[0].expect("bbox");
    assert!(
        (b[0] + 1.2).abs() < 1e-9 && (b[3] - 48.2).abs() < 1e-9,
        "{b:?}"
    );
}
