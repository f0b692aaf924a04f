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
    layer.attribute(feature, field).unwrap_or("")
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
        .territory(ti_atlas::model::Generation::Temps2, &"ti-5305".into())
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
        .find(|s| s.level == Level::Territoire && s.id.as_str().ends_with(":emplois"))
        .expect("territory series");
    let i = ds
        .territory_feature_index(ti_atlas::model::Generation::Temps2, &"ti-5305".into())
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

#[test]
fn a_nan_point_is_left_out_not_the_whole_file() {
    // Three points, the second with x = NaN, no .prj: the two others are read (the NaN point
    // used to reject the file with "ajoutez le fichier .prj").
    let layer = read("hostile-nan-point.shp").expect("layer");
    assert_eq!(layer.features.len(), 2);
    assert_eq!(attr(&layer, 0, "NOM"), "Paris");
    assert_eq!(attr(&layer, 1, "NOM"), "Vitre");
    assert_eq!(layer.features[1].number, 3, "numbered as in the file");
    assert!(
        layer
            .warnings
            .iter()
            .any(|w| w.contains("objet n° 2") && w.contains("NaN")),
        "{:?}",
        layer.warnings
    );
}

#[test]
fn degenerate_polygons_are_left_out_and_not_counted() {
    // A square, a polygon without parts, a polygon whose ring has one point.
    let layer = read("hostile-degenerate.shp").expect("layer");
    let report = layer.report();
    assert_eq!(report.polygons, 1, "{:?}", layer.warnings);
    assert_eq!(attr(&layer, 0, "NOM"), "carre");
    let w = layer.warnings.join(" | ");
    assert!(
        w.contains("objet n° 2") && w.contains("sans aucune partie"),
        "{w}"
    );
    assert!(w.contains("objet n° 3") && w.contains("1 point(s)"), "{w}");
}

#[test]
fn a_bad_dbf_value_is_a_warning_on_that_field_not_a_refused_layer() {
    // A .dbf date in month 55 used to refuse the whole shapefile (issue 19): the feature is
    // read, the date left empty with a French warning naming the feature and the field, and
    // none of the crate's English ("Month must be 1..=12").
    let layer = read("hostile-bad-date.shp").expect("layer");
    assert_eq!(layer.features.len(), 1);
    assert_eq!(attr(&layer, 0, "NOM"), "Paris");
    assert_eq!(attr(&layer, 0, "DATE"), "");
    let w = layer.warnings.join(" | ");
    assert!(
        w.contains("attribut « DATE » de l'objet n° 1")
            && w.contains("date impossible (mois 55, attendu de 1 à 12)")
            && w.contains("valeur laissée vide"),
        "{w}"
    );
    assert!(!w.contains("Month") && !w.contains("must be"), "{w}");
}

#[test]
fn geojson_hostile_cases() {
    let dir = std::env::temp_dir().join(format!("ti-atlas-geojson-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).expect("write");
        read_vector(&p).map_err(|e| e.to_string())
    };
    // An empty FeatureCollection is an error, not "couche (WGS84 (degrés), )".
    let e = write(
        "vide.geojson",
        r#"{"type":"FeatureCollection","features":[]}"#,
    )
    .unwrap_err();
    assert!(
        e.contains("vide.geojson") && e.contains("aucune entité"),
        "{e}"
    );
    // A UTF-8 BOM is accepted.
    let layer = write(
        "bom.geojson",
        "\u{feff}{\"type\":\"Feature\",\"properties\":{\"nom\":\"Vitré\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[-1.2,48.1]}}",
    )
    .expect("bom");
    assert_eq!(attr(&layer, 0, "nom"), "Vitré");
    // A CRS that does not exist is an error, not WGS84.
    let e = write(
        "crs.geojson",
        r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:99999999999999999999"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#,
    )
    .unwrap_err();
    assert!(e.contains("projection inconnue"), "{e}");
    // "RGF93 / Lambert-93" is Lambert-93, not "EPSG:93".
    let layer = write(
        "rgf93.geojson",
        r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"RGF93 / Lambert-93"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[700000,6600000]}}]}"#,
    )
    .expect("Lambert-93 by name");
    assert_eq!(layer.source_crs, "Lambert-93 (EPSG:2154)");
    // serde_json's English is wrapped in French, with line and column.
    let e = write("pas-json.geojson", "bonjour").unwrap_err();
    assert!(
        e.contains("ligne 1, colonne 1") && e.contains("valeur JSON attendue"),
        "{e}"
    );
    let e = write(
        "profond.geojson",
        &format!(
            r#"{{"type":"Feature","properties":{{"a":{}"#,
            "[".repeat(500)
        ),
    )
    .unwrap_err();
    assert!(e.contains("imbrication trop profonde"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_import_report_states_the_crs_and_the_wgs84_extent() {
    use ti_atlas::io::import::{ImportKind, import_file};
    use ti_atlas::model::imports::projects::TerritoryLocator;
    let ds = ti_atlas::io::bundle::load_embedded().expect("bundle").0;
    let locator = TerritoryLocator::build(&ds);
    let (_, report) = import_file(
        &fixture("l93-crs.geojson"),
        None,
        ImportKind::Auto,
        &ds,
        &locator,
    )
    .expect("import");
    assert_eq!(report.crs.as_deref(), Some("Lambert-93 (EPSG:2154)"));
    let [x0, y0, x1, y1] = report.extent_wgs84.expect("extent");
    assert!((x0 - 3.0).abs() < 0.1 && (y0 - 46.5).abs() < 0.1 && x1 >= x0 && y1 >= y0);
    let lines = report.lines_fr().join("\n");
    assert!(
        lines.contains(
            "projection détectée : Lambert-93 (EPSG:2154) ; emprise en WGS84 : longitude"
        ),
        "{lines}"
    );
}

// ---- Issue 19: coordinates checked against their projection. ----

#[test]
fn degrees_under_a_lambert93_prj_are_read_as_degrees_with_a_warning() {
    // Read as metres, Rennes landed in the Gulf of Guinea without a word.
    let layer = read("l93-sur-degres.shp").expect("layer");
    assert_eq!(layer.source_crs, "WGS84 (degrés)");
    let c = layer.features[0].geometry.centroid().expect("centroid");
    assert!(
        (c.x() + 1.6794).abs() < 1e-3 && (c.y() - 48.1147).abs() < 1e-3,
        "{c:?}"
    );
    let w = layer.warnings.join(" | ");
    assert!(
        w.contains("le .prj déclare Lambert-93 (EPSG:2154)")
            && w.contains("ces coordonnées ressemblent à des degrés"),
        "{w}"
    );
}

#[test]
fn metres_under_a_wgs84_prj_name_the_prj_and_the_likely_projection() {
    let e = read("wgs84-sur-metres.shp").unwrap_err();
    assert!(
        e.contains("wgs84-sur-metres.shp")
            && e.contains("le fichier .prj existe")
            && e.contains("elles ressemblent à du Lambert-93 (EPSG:2154)"),
        "{e}"
    );
    assert!(!e.contains("pas de fichier .prj"), "{e}");
}

#[test]
fn a_prj_in_ntf_paris_grads_is_placed_right() {
    // PRIMEM["Paris"] and UNIT["Grad"] were ignored: Rennes landed in the Irish Sea.
    let layer = read("ntf-paris-grades.shp").expect("layer");
    assert!(
        layer.source_crs.contains("méridien de Paris") && layer.source_crs.contains("Grad"),
        "{}",
        layer.source_crs
    );
    let geo::Geometry::Point(p) = layer.features[0].geometry else {
        panic!("a point")
    };
    assert!(
        (p.x() + 1.68).abs() < 0.01 && (p.y() - 48.11).abs() < 0.01,
        "{p:?}"
    );
    assert!(layer.warnings.is_empty(), "{:?}", layer.warnings);
}

#[test]
fn a_polygon_across_the_antimeridian_is_left_out_with_a_warning() {
    // It used to become a band across the map (and the Mayotte inset).
    let layer = read("antimeridien.geojson").expect("layer");
    assert_eq!(layer.features.len(), 1);
    assert_eq!(attr(&layer, 0, "nom"), "Vitré");
    let w = layer.warnings.join(" | ");
    assert!(
        w.contains("objet n° 1") && w.contains("traverse l'antiméridien"),
        "{w}"
    );
}

#[test]
fn a_layer_far_from_france_is_warned_about() {
    let layer = read("loin.geojson").expect("layer");
    let w = layer.warnings.join(" | ");
    assert!(w.contains("couche loin de la France"), "{w}");
    let near = read("wgs84.geojson").expect("layer");
    assert!(
        !near
            .warnings
            .iter()
            .any(|w| w.contains("loin de la France")),
        "{:?}",
        near.warnings
    );
}

#[test]
fn a_geojson_in_metres_without_crs_names_the_likely_projection() {
    // Lambert-93 coordinates and no "crs": each feature used to be left out as "hors des
    // limites du globe", then "aucun objet lisible".
    let dir = std::env::temp_dir().join(format!("ti-atlas-l93-sans-crs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("sans-crs.geojson");
    std::fs::write(
        &path,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[351900,6789400]}}]}"#,
    )
    .expect("write");
    let e = read_vector(&path).unwrap_err().to_string();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        e.contains("pas de membre « crs »") && e.contains("ressemblent à du Lambert-93"),
        "{e}"
    );
}
