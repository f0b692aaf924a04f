//! `ti-atlas export layer` (GeoPackage, GeoJSON, shapefile, with .qml and .sld) and the
//! GeoPackage reader, on the real bundle: the layers read back with our own readers, with the
//! `shapefile` crate and SQLite, and with GDAL's command-line tools when they are installed
//! (`.ci/deps` installs gdal-bin: CI always runs those checks).

mod common;
use common::cli::ti_atlas;

use std::path::{Path, PathBuf};
use std::process::Command;

use geo::{BoundingRect as _, Contains as _};
use ti_atlas::carto::label_point::label_point;
use ti_atlas::carto::{Choropleth, MapSettings};
use ti_atlas::io::vector::{VectorLayer, read_vector, read_vector_layer};
use ti_atlas::model::TerritoryId;
use ti_atlas::model::indicators::IndicatorTable;
use ti_atlas::model::indicators::choropleth::Legend;
use ti_atlas::model::{Generation, LayerKind, Level};

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    common::cli::scratch("layer", name)
}

fn export(args: &[&str]) {
    let mut all = vec!["export", "layer"];
    all.extend_from_slice(args);
    let out = ti_atlas(&all);
    assert!(
        out.status.success(),
        "{:?}: {}",
        args,
        String::from_utf8_lossy(&out.stderr)
    );
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn attr<'a>(layer: &'a VectorLayer, feature: usize, field: &str) -> &'a str {
    layer.attribute(feature, field).unwrap_or("")
}

/// The legend `export map --indicator ID` would draw at a maille (the flags' defaults).
fn map_legend(indicator: &str, level: Level) -> Legend {
    let dataset = common::dataset();
    let ind = ti_atlas::model::indicators::catalogue(dataset)
        .into_iter()
        .find(|i| i.id == indicator)
        .expect("indicator");
    let settings = MapSettings {
        maille: level,
        indicator: Some(indicator.into()),
        method: ti_atlas::model::indicators::choropleth::default_method(&ind),
        palette: ti_atlas::palette::Palette::default_for(ind.diverging_around_zero),
        ..MapSettings::default()
    };
    let spec = settings.choropleth_spec(None).expect("spec").expect("some");
    let table = IndicatorTable::for_level(dataset, level);
    (*Choropleth::compute(dataset, &table, &spec)
        .expect("choropleth")
        .legend)
        .clone()
}

fn hex(rgb: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

/// `ogrinfo -so -al FILE` when GDAL's tools are installed (None, with a note, otherwise).
fn ogrinfo(file: &Path) -> Option<String> {
    let out = match Command::new("ogrinfo")
        .args(["-so", "-al", s(file)])
        .output()
    {
        Ok(out) => out,
        Err(_) => {
            println!("note : ogrinfo absent (apt-get install gdal-bin) : vérification GDAL sautée");
            return None;
        }
    };
    assert!(
        out.status.success(),
        "ogrinfo {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("ERROR") && !stderr.contains("Warning"),
        "ogrinfo {}: {stderr}",
        file.display()
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The "Feature Count" of the first layer ogrinfo describes.
fn ogr_feature_count(info: &str) -> usize {
    info.lines()
        .find_map(|l| l.strip_prefix("Feature Count: "))
        .and_then(|n| n.trim().parse().ok())
        .expect("Feature Count")
}

#[test]
fn gpkg_of_the_183_territories_in_lambert93_reads_back_at_the_right_places() {
    let dir = scratch("gpkg");
    let gpkg = dir.join("territoires.gpkg");
    export(&[
        "--layer",
        "ti-2023-2027",
        "--indicator",
        "population",
        "--format",
        "gpkg",
        "--crs",
        "2154",
        "--out",
        s(&gpkg),
    ]);
    // Our own reader: 183 features, Lambert-93, back in WGS84 where the bundle has them.
    let layer = read_vector(&gpkg).expect("read");
    assert_eq!(layer.features.len(), 183);
    assert_eq!(layer.source_crs, "Lambert-93 (EPSG:2154)");
    for field in [
        "code",
        "nom",
        "code_region",
        "region",
        "population",
        "population_valeur",
        "population_statut",
        "population_raison",
        "population_classe",
        "population_couleur",
        "population_rang",
    ] {
        assert!(
            layer.fields.iter().any(|f| f == field),
            "{field}: {:?}",
            layer.fields
        );
    }
    let dataset = common::dataset();
    let legend = map_legend("population", Level::Territoire);
    let lod = dataset.topology.finest_lod();
    let features = dataset.features(LayerKind::Ti2023);
    for (i, f) in layer.features.iter().enumerate() {
        let code = attr(&layer, i, "code");
        let index = dataset
            .territory_feature_index(Generation::Temps2, &TerritoryId::new(code))
            .unwrap_or_else(|| panic!("territoire {code}"));
        let t = dataset.territory_at(Generation::Temps2, index).expect("t");
        let original = dataset.topology.multipolygon(&features[index], lod);
        let inside = label_point(&original).expect("label point");
        let geo::Geometry::MultiPolygon(back) = &f.geometry else {
            panic!("{code}: {:?}", f.geometry);
        };
        assert!(back.contains(&inside), "{code}: label point outside");
        let (a, b) = (
            original.bounding_rect().expect("box"),
            back.bounding_rect().expect("box"),
        );
        for (x, y) in [(a.min().x, b.min().x), (a.max().y, b.max().y)] {
            assert!((x - y).abs() < 1e-7, "{code}: {x} vs {y}");
        }
        assert_eq!(attr(&layer, i, "nom"), t.name);
        assert_eq!(attr(&layer, i, "population"), t.population.to_string());
        assert_eq!(attr(&layer, i, "population_statut"), "exacte");
        let class = legend
            .classification
            .class_of(t.population as f64)
            .expect("class");
        assert_eq!(
            attr(&layer, i, "population_classe"),
            (class + 1).to_string()
        );
        assert_eq!(
            attr(&layer, i, "population_couleur"),
            hex(legend.colours[class])
        );
    }
    // The GeoPackage as GDAL expects it: ids, systems, spatial index.
    let conn = rusqlite::Connection::open(&gpkg).expect("sqlite");
    let pragma = |p: &str| -> i64 {
        conn.query_row(&format!("PRAGMA {p}"), [], |r| r.get(0))
            .expect("pragma")
    };
    assert_eq!(pragma("application_id"), 0x4750_4B47);
    assert_eq!(pragma("user_version"), 10300);
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect(sql) };
    assert_eq!(
        count("SELECT count(*) FROM gpkg_spatial_ref_sys WHERE srs_id IN (-1, 0, 4326, 2154)"),
        4
    );
    assert_eq!(
        count("SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'ti_2023_2027'"),
        2154
    );
    assert_eq!(count("SELECT count(*) FROM rtree_ti_2023_2027_geom"), 183);
    assert_eq!(
        count("SELECT count(*) FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index'"),
        1
    );
    assert_eq!(
        count("SELECT count(*) FROM layer_styles WHERE useAsDefault = 1"),
        1
    );
    // GDAL.
    if let Some(info) = ogrinfo(&gpkg) {
        assert!(info.contains("Layer name: ti_2023_2027"), "{info}");
        assert_eq!(ogr_feature_count(&info), 183, "{info}");
        assert!(info.contains("ID[\"EPSG\",2154]"), "{info}");
        assert!(info.contains("population_classe: Integer"), "{info}");
        assert!(info.contains("population_couleur: String"), "{info}");
        // Back to WGS84 by GDAL: the same places.
        let back = dir.join("retour.geojson");
        let out = Command::new("ogr2ogr")
            .args(["-f", "GeoJSON", "-t_srs", "EPSG:4326", s(&back), s(&gpkg)])
            .args(["ti_2023_2027"])
            .output()
            .expect("ogr2ogr");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let gdal = read_vector(&back).expect("GDAL's GeoJSON");
        assert_eq!(gdal.features.len(), 183);
        for (i, f) in gdal.features.iter().enumerate() {
            let code = attr(&gdal, i, "code");
            let index = dataset
                .territory_feature_index(Generation::Temps2, &TerritoryId::new(code))
                .expect("code");
            let original = dataset.topology.multipolygon(&features[index], lod);
            let inside = label_point(&original).expect("label point");
            let geo::Geometry::MultiPolygon(mp) = &f.geometry else {
                panic!("{code}");
            };
            assert!(mp.contains(&inside), "{code}: GDAL puts it elsewhere");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn geojson_round_trip_in_wgs84_with_statuses_and_reasons() {
    let dir = scratch("geojson");
    let file = dir.join("epci.geojson");
    export(&[
        "--layer",
        "epci",
        "--indicator",
        "part_emploi_industrie,population",
        "--out",
        s(&file),
    ]);
    let text = std::fs::read_to_string(&file).expect("read");
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert!(json.get("crs").is_none(), "RFC 7946: no crs member");
    let layer = read_vector(&file).expect("layer");
    assert_eq!(layer.features.len(), 1266, "1 255 EPCI et 11 EPT");
    assert_eq!(layer.source_crs, "WGS84 (degrés)");
    let dataset = common::dataset();
    let lod = dataset.topology.finest_lod();
    let features = dataset.features(LayerKind::Epci);
    for (i, f) in layer.features.iter().enumerate() {
        let original = dataset.topology.multipolygon(&features[i], lod);
        assert_eq!(attr(&layer, i, "code"), features[i].code);
        assert_eq!(f.geometry, geo::Geometry::MultiPolygon(original));
    }
    // Overseas EPCI: no value, said with the reason.
    let statuses: std::collections::BTreeSet<&str> = (0..layer.features.len())
        .map(|i| attr(&layer, i, "part_emploi_industrie_statut"))
        .collect();
    assert!(
        statuses.contains("exacte") && statuses.contains("non disponible"),
        "{statuses:?}"
    );
    let missing = (0..layer.features.len())
        .find(|&i| attr(&layer, i, "part_emploi_industrie_statut") == "non disponible")
        .expect("one");
    assert!(!attr(&layer, missing, "part_emploi_industrie_raison").is_empty());
    assert_eq!(attr(&layer, missing, "part_emploi_industrie"), "");
    assert_eq!(
        attr(&layer, missing, "part_emploi_industrie_couleur"),
        "#bdbdbd"
    );
    if let Some(info) = ogrinfo(&file) {
        assert_eq!(ogr_feature_count(&info), 1266, "{info}");
        assert!(info.contains("ID[\"EPSG\",4326]"), "{info}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn shapefile_reads_back_with_the_shapefile_crate_and_its_field_mapping() {
    let dir = scratch("shp");
    let file = dir.join("epci.shp");
    export(&[
        "--layer",
        "epci",
        "--indicator",
        "part_emploi_industrie",
        "--crs",
        "2154",
        "--out",
        s(&file),
    ]);
    let fields: Vec<String> = shapefile::dbase::Reader::from_path(dir.join("epci.dbf"))
        .expect("dbf")
        .fields()
        .iter()
        .map(|f| f.name().to_owned())
        .collect();
    let mut reader = shapefile::Reader::from_path(&file).expect("shapefile crate");
    assert!(fields.iter().all(|f| f.len() <= 10), "{fields:?}");
    let mut n = 0;
    for item in reader.iter_shapes_and_records() {
        let (shape, _) = item.expect("record");
        assert!(matches!(shape, shapefile::Shape::Polygon(_)));
        n += 1;
    }
    assert_eq!(n, 1266);
    assert_eq!(
        std::fs::read_to_string(dir.join("epci.cpg")).expect("cpg"),
        "UTF-8"
    );
    assert!(
        std::fs::read_to_string(dir.join("epci.prj"))
            .expect("prj")
            .contains("Lambert_93")
    );
    // The mapping names every field, short then full.
    let mapping = std::fs::read_to_string(dir.join("epci.champs.csv")).expect("mapping");
    let short: Vec<&str> = mapping
        .lines()
        .skip(1)
        .filter_map(|l| l.split(';').next())
        .collect();
    assert_eq!(short, fields);
    assert!(
        mapping.contains("part_em_cl;part_emploi_industrie_classe;"),
        "{mapping}"
    );
    // Our reader: UTF-8 names, Lambert-93.
    let layer = read_vector(&file).expect("layer");
    assert_eq!(layer.source_crs, "Lambert-93 (EPSG:2154)");
    let dataset = common::dataset();
    assert_eq!(attr(&layer, 0, "nom"), dataset.tables.epci[0].name);
    assert!(layer.warnings.is_empty(), "{:?}", layer.warnings);
    if let Some(info) = ogrinfo(&file) {
        assert_eq!(ogr_feature_count(&info), 1266, "{info}");
        assert!(
            info.contains("Lambert-93") || info.contains("Lambert_93"),
            "{info}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every `attr="…"` value of a tag in an XML text.
fn attribute_values(xml: &str, tag: &str, attr: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in xml.split(&format!("<{tag} ")).skip(1) {
        let Some(start) = part.find(&format!("{attr}=\"")) else {
            continue;
        };
        let rest = &part[start + attr.len() + 2..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].to_owned());
        }
    }
    out
}

#[test]
fn qml_and_sld_carry_the_legend_classes_and_colours() {
    let dir = scratch("styles");
    let file = dir.join("territoires.gpkg");
    export(&[
        "--layer",
        "ti-2023-2027",
        "--indicator",
        "population",
        "--crs",
        "2154",
        "--out",
        s(&file),
    ]);
    let legend = map_legend("population", Level::Territoire);
    let qml = std::fs::read_to_string(dir.join("territoires.qml")).expect("qml");
    let labels = attribute_values(&qml, "rule", "label");
    let filters = attribute_values(&qml, "rule", "filter");
    let expected: Vec<String> = legend
        .class_rows()
        .iter()
        .map(|r| r.rsplit_once(" (").expect("count").0.to_owned())
        .chain(["non disponible".to_owned()])
        .collect();
    assert_eq!(labels, expected);
    assert_eq!(filters.last().map(String::as_str), Some("ELSE"));
    assert_eq!(
        filters.first().map(String::as_str),
        Some("&quot;population_classe&quot; = 1")
    );
    // Symbol colours, class after class, then the grey of "non disponible".
    let colours: Vec<String> = qml
        .split("<Option name=\"color\" type=\"QString\" value=\"")
        .skip(1)
        .filter_map(|p| p.split('"').next())
        .map(str::to_owned)
        .collect();
    let want: Vec<String> = legend
        .colours
        .iter()
        .chain([&legend.missing_colour])
        .map(|c| format!("{},{},{},255", c[0], c[1], c[2]))
        .collect();
    assert_eq!(colours, want);
    let sld = std::fs::read_to_string(dir.join("territoires.sld")).expect("sld");
    for c in legend.colours.iter().chain([&legend.missing_colour]) {
        assert!(sld.contains(&format!(">{}<", hex(*c))), "{}", hex(*c));
    }
    assert!(sld.contains("<ogc:PropertyName>population_classe</ogc:PropertyName>"));
    // The GeoPackage carries the same style for QGIS.
    let conn = rusqlite::Connection::open(&file).expect("sqlite");
    let stored: String = conn
        .query_row("SELECT styleQML FROM layer_styles", [], |r| r.get(0))
        .expect("style");
    assert_eq!(stored, qml);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_gpkg_written_by_gdal_from_the_lambert93_shapefile_imports_with_the_same_report() {
    let shp = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layers/l93-cp1252.shp");
    let dir = scratch("gdal");
    let gpkg = dir.join("l93.gpkg");
    match Command::new("ogr2ogr")
        .args(["-f", "GPKG", s(&gpkg), s(&shp)])
        .output()
    {
        Ok(out) => assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => {
            println!("note : ogr2ogr absent (apt-get install gdal-bin) : vérification sautée");
            return;
        }
    }
    let from_shp = read_vector(&shp).expect("shapefile").report();
    let from_gpkg = read_vector(&gpkg).expect("gpkg").report();
    assert_eq!(from_gpkg.source_crs, from_shp.source_crs);
    assert_eq!(from_gpkg.features, from_shp.features);
    assert_eq!(from_gpkg.polygons, from_shp.polygons);
    let (a, b) = (from_shp.bbox.expect("box"), from_gpkg.bbox.expect("box"));
    for (x, y) in a.iter().zip(b) {
        assert!((x - y).abs() < 1e-9, "{a:?} vs {b:?}");
    }
    assert_eq!(from_gpkg.crs_and_extent_fr(), from_shp.crs_and_extent_fr());
    // The attributes, decoded by GDAL from Windows-1252, read as the shapefile's.
    let layer = read_vector(&gpkg).expect("gpkg");
    assert_eq!(attr(&layer, 1, "NOM"), "Saint-Étienne");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn gpkg_layers_are_chosen_by_name_and_bad_files_are_refused_in_french() {
    let dir = scratch("choice");
    // A GeoPackage of two layers written by ti-atlas, the second added by SQL: régions then
    // départements (both polygons): the first is read, the other named.
    let file = dir.join("deux.gpkg");
    export(&["--layer", "regions", "--out", s(&file)]);
    let other = dir.join("departements.gpkg");
    export(&["--layer", "departements", "--out", s(&other)]);
    let conn = rusqlite::Connection::open(&file).expect("sqlite");
    conn.execute_batch(&format!(
        "ATTACH '{}' AS d; CREATE TABLE departements AS SELECT * FROM d.departements; \
         INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) \
         VALUES ('departements', 'features', 'departements', 4326); \
         INSERT INTO gpkg_geometry_columns VALUES ('departements', 'geom', 'MULTIPOLYGON', 4326, 0, 0);",
        s(&other)
    ))
    .expect("second layer");
    drop(conn);
    let first = read_vector(&file).expect("first");
    assert_eq!(first.features.len(), 18);
    assert!(
        first
            .warnings
            .iter()
            .any(|w| w.contains("departements (polygones)")),
        "{:?}",
        first.warnings
    );
    let chosen = read_vector_layer(&file, Some("departements")).expect("chosen");
    assert_eq!(chosen.features.len(), 101);
    let e = read_vector_layer(&file, Some("communes"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("deux.gpkg")
            && e.contains("pas de couche « communes »")
            && e.contains("regions (polygones)"),
        "{e}"
    );
    // The CLI's --layer.
    let out = ti_atlas(&["import", s(&file), "--layer", "departements"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("101 polygone(s)"));
    // Not a GeoPackage.
    let text = dir.join("texte.gpkg");
    std::fs::write(&text, "ceci n'est pas une base SQLite, seulement du texte").expect("write");
    let e = read_vector(&text).unwrap_err().to_string();
    assert!(
        e.contains("texte.gpkg") && e.contains("GeoPackage illisible"),
        "{e}"
    );
    let empty_db = dir.join("vide.gpkg");
    rusqlite::Connection::open(&empty_db)
        .expect("sqlite")
        .execute_batch("CREATE TABLE t (x);")
        .expect("table");
    let e = read_vector(&empty_db).unwrap_err().to_string();
    assert!(
        e.contains("vide.gpkg") && e.contains("ce n'est pas un GeoPackage"),
        "{e}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn refusals_are_french_and_write_nothing() {
    let dir = scratch("refus");
    let cases: [(&[&str], &str); 5] = [
        (
            &[
                "--layer",
                "ti-2023-2027",
                "--crs",
                "2154",
                "--out",
                "x.geojson",
            ],
            "le GeoJSON s'écrit en WGS84",
        ),
        (
            &[
                "--layer",
                "communes",
                "--typology",
                "statut_temps",
                "--out",
                "x.gpkg",
            ],
            "pas aux communes",
        ),
        (
            &[
                "--layer",
                "regions",
                "--indicator",
                "population",
                "--out",
                "x.gpkg",
            ],
            "pas aux régions",
        ),
        (
            &["--layer", "epci", "--format", "shp", "--out", "x.gpkg"],
            "l'extension ne correspond pas au format shapefile",
        ),
        (
            &[
                "--layer",
                "epci",
                "--territory",
                "ti-9999",
                "--out",
                "x.gpkg",
            ],
            "territoire 2023-2027 inconnu",
        ),
    ];
    for (args, expected) in cases {
        let mut all = vec!["export", "layer"];
        all.extend(args.iter().map(|a| {
            if a.starts_with("x.") {
                Box::leak(dir.join(a).to_string_lossy().into_owned().into_boxed_str()) as &str
            } else {
                *a
            }
        }));
        let out = ti_atlas(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    assert_eq!(
        std::fs::read_dir(&dir).expect("dir").count(),
        0,
        "nothing written"
    );
    // --territory keeps the territory's EPCI.
    let file = dir.join("epci.gpkg");
    export(&[
        "--layer",
        "epci",
        "--territory",
        "ti-5305",
        "--out",
        s(&file),
    ]);
    let layer = read_vector(&file).expect("layer");
    let dataset = common::dataset();
    let t = dataset
        .territory(Generation::Temps2, &TerritoryId::new("ti-5305"))
        .expect("t");
    let sirens: std::collections::BTreeSet<&str> = t
        .communes
        .iter()
        .filter_map(|c| dataset.commune(c).and_then(|c| c.epci.as_deref()))
        .collect();
    assert_eq!(layer.features.len(), sirens.len());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_admin_express_like_gpkg_in_lambert93_reads_its_communes() {
    // As IGN ships ADMIN EXPRESS: several Lambert-93 layers in one GeoPackage (here the COG 2024
    // communes and départements the bundle is built from, converted by GDAL).
    let dir = scratch("admin-express");
    let gpkg = dir.join("ADMIN-EXPRESS.gpkg");
    let ogr2ogr = |args: &[&str]| Command::new("ogr2ogr").args(args).output();
    if ogr2ogr(&["--version"]).is_err() {
        println!("note : ogr2ogr absent (apt-get install gdal-bin) : vérification sautée");
        return;
    }
    let admin = common::sources_dir().join("admin");
    for (name, source, update) in [
        ("commune", "communes_cog2024.geojson", false),
        ("departement", "departements_cog2024.geojson", true),
    ] {
        let mut args = vec!["-f", "GPKG", "-t_srs", "EPSG:2154", "-nln", name];
        if update {
            args.push("-update");
        }
        let src = admin.join(source);
        args.extend([s(&gpkg), s(&src)]);
        let out = ogr2ogr(&args).expect("ogr2ogr");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let communes = read_vector(&gpkg).expect("communes");
    assert_eq!(communes.source_crs, "Lambert-93 (EPSG:2154)");
    assert_eq!(
        communes.features.len(),
        common::dataset().tables.communes.len()
    );
    assert!(
        communes
            .warnings
            .iter()
            .any(|w| w.contains("departement (polygones)")),
        "{:?}",
        communes.warnings
    );
    // The same extent as the WGS84 source, within a few centimetres.
    let source = read_vector(&admin.join("communes_cog2024.geojson")).expect("source");
    let (a, b) = (
        source.report().bbox.expect("box"),
        communes.report().bbox.expect("box"),
    );
    for (x, y) in a.iter().zip(b) {
        assert!((x - y).abs() < 1e-6, "{a:?} vs {b:?}");
    }
    let departements = read_vector_layer(&gpkg, Some("departement")).expect("départements");
    assert_eq!(departements.features.len(), 101);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_imported_value_table_exports_as_an_attribute_with_import() {
    let dir = scratch("import");
    let table = dir.join("chomage-dep.csv");
    std::fs::write(
        &table,
        "dep;demandeurs\n01;1000\n2A;250\n35;4000\n44;5200\n69;8100\n75;9900\n",
    )
    .expect("write");
    let file = dir.join("departements.gpkg");
    export(&[
        "--layer",
        "departements",
        "--import",
        s(&table),
        "--indicator",
        "import:import-tableau-chomage-dep-csv:demandeurs@departements,population",
        "--classes",
        "3",
        "--out",
        s(&file),
    ]);
    let layer = read_vector(&file).expect("layer");
    assert_eq!(layer.features.len(), 101);
    let row = |code: &str| {
        (0..layer.features.len())
            .find(|&i| attr(&layer, i, "code") == code)
            .unwrap_or_else(|| panic!("{code}"))
    };
    let value = |code: &str| attr(&layer, row(code), "demandeurs").parse::<f64>().ok();
    assert_eq!(value("35"), Some(4000.0));
    assert_eq!(value("2A"), Some(250.0));
    assert_eq!(attr(&layer, row("35"), "demandeurs_statut"), "exacte");
    assert_eq!(attr(&layer, row("35"), "demandeurs_rang"), "4");
    assert_eq!(attr(&layer, row("75"), "demandeurs_classe"), "3");
    // A département the file does not hold: no value, said so.
    assert_eq!(value("22"), None);
    assert_eq!(
        attr(&layer, row("22"), "demandeurs_statut"),
        "non disponible"
    );
    assert!(!attr(&layer, row("22"), "demandeurs_raison").is_empty());
    // The catalogue's indicator beside it, and the style follows the first (imported) one.
    assert!(value("35").is_some() && !attr(&layer, row("35"), "population").is_empty());
    let qml = std::fs::read_to_string(file.with_extension("qml")).expect("qml");
    assert!(qml.contains("demandeurs_classe"), "{qml}");
    // Without --import, the same id is refused in French.
    let out = ti_atlas(&[
        "export",
        "layer",
        "--layer",
        "departements",
        "--indicator",
        "import:import-tableau-chomage-dep-csv:demandeurs@departements",
        "--out",
        s(&dir.join("sans.gpkg")),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("n'existe pas à la maille"), "{err}");
    assert!(!dir.join("sans.gpkg").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `src` (a GeoPackage written by ti-atlas) copied to `dst` with its layer's system replaced by
/// `srs_id` (after running `extra`, e.g. to add that system).
fn with_srs(src: &Path, dst: &Path, srs_id: i64, extra: &str) {
    std::fs::copy(src, dst).expect("copy");
    let conn = rusqlite::Connection::open(dst).expect("sqlite");
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = OFF; DROP TABLE IF EXISTS layer_styles; {extra} \
         UPDATE gpkg_geometry_columns SET srs_id = {srs_id}; \
         UPDATE gpkg_contents SET srs_id = {srs_id};"
    ))
    .expect("srs");
}

#[test]
fn gpkg_crs_is_settled_as_a_shapefiles_with_the_same_checks_and_messages() {
    let dir = scratch("gpkg-crs");
    let wgs84 = dir.join("regions-4326.gpkg");
    // Bretagne alone (the overseas régions, far off in Lambert-93, look like no projection).
    let bretagne = ["--layer", "regions", "--territory", "ti-5305"];
    export(&[&bretagne[..], &["--out", s(&wgs84)]].concat());
    let l93 = dir.join("regions-2154.gpkg");
    export(&[&bretagne[..], &["--crs", "2154", "--out", s(&l93)]].concat());
    let reference = read_vector(&wgs84).expect("reference");
    let fixture = |name: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/layers")
            .join(name)
    };

    // Degrees declared as Lambert-93: read as degrees, with the shapefile's warning.
    let file = dir.join("degres-sous-l93.gpkg");
    with_srs(&wgs84, &file, 2154, "");
    let layer = read_vector(&file).expect("read as degrees");
    assert_eq!(layer.source_crs, "WGS84 (degrés)");
    assert_eq!(layer.features.len(), 1);
    assert_eq!(attr(&layer, 0, "nom"), "Bretagne");
    assert_eq!(layer.features[0].geometry, reference.features[0].geometry);
    let w = layer.warnings.join(" | ");
    assert!(
        w.contains("la table gpkg_spatial_ref_sys déclare Lambert-93")
            && w.contains("ressemblent à des degrés"),
        "{w}"
    );
    let shp = read_vector(&fixture("l93-sur-degres.shp")).expect("shapefile");
    assert!(
        shp.warnings
            .iter()
            .any(|w| w.contains("ressemblent à des degrés")),
        "{:?}",
        shp.warnings
    );

    // Metres declared as WGS84: refused with the projection they look like.
    let file = dir.join("metres-sous-wgs84.gpkg");
    with_srs(&l93, &file, 4326, "");
    let e = read_vector(&file).unwrap_err().to_string();
    assert!(
        e.contains("metres-sous-wgs84.gpkg")
            && e.contains("gpkg_spatial_ref_sys déclare des degrés (WGS84)")
            && e.contains("mais les coordonnées ne sont pas des degrés")
            && e.contains("elles ressemblent à du Lambert-93 (EPSG:2154)"),
        "{e}"
    );
    let shp = read_vector(&fixture("wgs84-sur-metres.shp"))
        .unwrap_err()
        .to_string();
    assert!(
        shp.contains("mais les coordonnées ne sont pas des degrés")
            && shp.contains("elles ressemblent à du Lambert-93 (EPSG:2154)"),
        "{shp}"
    );

    // Metres with no system declared: degrees supposed, refused, as a shapefile without .prj.
    let file = dir.join("metres-sans-srs.gpkg");
    with_srs(&l93, &file, 0, "");
    let e = read_vector(&file).unwrap_err().to_string();
    assert!(
        e.contains("ne déclare pas de projection")
            && e.contains("elles ressemblent à du Lambert-93 (EPSG:2154)"),
        "{e}"
    );

    // An unknown system: the shapefile's message for an unknown .prj.
    let prj = std::fs::read_to_string(fixture("prj-inconnu.prj")).expect("prj");
    let file = dir.join("srs-inconnu.gpkg");
    with_srs(
        &l93,
        &file,
        99999,
        &format!(
            "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, \
             organization_coordsys_id, definition) VALUES ('lune', 99999, 'NONE', 99999, '{}');",
            prj.replace('\'', "''")
        ),
    );
    let e = read_vector(&file).unwrap_err().to_string();
    let shp = read_vector(&fixture("prj-inconnu.shp"))
        .unwrap_err()
        .to_string();
    let after_file = |m: &str| m.split_once(" : ").map(|(_, rest)| rest.to_owned());
    assert!(e.contains("srs-inconnu.gpkg"), "{e}");
    assert!(
        after_file(&e)
            .is_some_and(|rest| after_file(&shp).is_some_and(|s| rest.starts_with(&s[..30]))),
        "{e} vs {shp}"
    );
    // A system absent from gpkg_spatial_ref_sys: the same message, naming it.
    let file = dir.join("srs-absent.gpkg");
    with_srs(&l93, &file, 4242, "");
    let e = read_vector(&file).unwrap_err().to_string();
    assert!(
        e.contains("projection inconnue : système n° 4242 absent de gpkg_spatial_ref_sys"),
        "{e}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn overseas_departements_in_their_own_utm_read_back_at_the_right_places() {
    let dir = scratch("outre-mer");
    let reference_file = dir.join("departements.gpkg");
    export(&["--layer", "departements", "--out", s(&reference_file)]);
    let reference = read_vector(&reference_file).expect("reference");
    let by_code = |layer: &VectorLayer, code: &str| {
        (0..layer.features.len())
            .find(|&i| attr(layer, i, "code") == code)
            .map(|i| layer.features[i].geometry.clone())
            .unwrap_or_else(|| panic!("{code}"))
    };
    // The same points, to 1e-7° (about 1 cm; a shapefile turns the rings clockwise: compared
    // as sets of points on that grid).
    let close = |a: &geo::Geometry<f64>, b: &geo::Geometry<f64>| {
        use geo::CoordsIter as _;
        let grid = |g: &geo::Geometry<f64>| {
            let mut v: Vec<(i64, i64)> = g
                .coords_iter()
                .map(|c| ((c.x * 1e7).round() as i64, (c.y * 1e7).round() as i64))
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        assert_eq!(grid(a), grid(b));
    };
    for (crs, format, codes, label) in [
        ("5490", "gpkg", &["971", "972"][..], "UTM 20N"),
        ("2972", "shp", &["973"][..], "UTM 22N"),
        ("2975", "gpkg", &["974"][..], "UTM 40S"),
        ("4471", "shp", &["976"][..], "UTM 38S"),
    ] {
        let file = dir.join(format!("dom-{crs}.{format}"));
        export(&["--layer", "departements", "--crs", crs, "--out", s(&file)]);
        let layer = read_vector(&file).expect("layer");
        assert_eq!(layer.source_crs, label, "{crs}");
        assert_eq!(layer.features.len(), codes.len(), "{crs}: only its zone");
        for code in codes {
            close(&by_code(&layer, code), &by_code(&reference, code));
        }
        // In metres, as the system says.
        let raw: Vec<f64> = if format == "gpkg" {
            let conn = rusqlite::Connection::open(&file).expect("sqlite");
            let srs: i64 = conn
                .query_row("SELECT srs_id FROM gpkg_geometry_columns", [], |r| r.get(0))
                .expect("srs");
            assert_eq!(srs.to_string(), crs);
            conn.query_row("SELECT min_x, max_y FROM gpkg_contents", [], |r| {
                Ok(vec![r.get(0)?, r.get(1)?])
            })
            .expect("extent")
        } else {
            let mut reader = shapefile::Reader::from_path(&file).expect("shp");
            let (shape, _) = reader
                .iter_shapes_and_records()
                .next()
                .expect("one")
                .expect("shape");
            let shapefile::Shape::Polygon(p) = shape else {
                panic!("polygon");
            };
            vec![p.bbox().min.x, p.bbox().max.y]
        };
        assert!(
            (0.0..1_000_000.0).contains(&raw[0]) && raw[1] > 100_000.0,
            "{crs}: {raw:?}"
        );
        if let Some(info) = ogrinfo(&file) {
            assert!(info.contains(&format!("ID[\"EPSG\",{crs}]")), "{info}");
        }
    }
    // Nothing in the zone: refused, nothing written; GeoJSON stays WGS84.
    let out = ti_atlas(&[
        "export",
        "layer",
        "--layer",
        "regions",
        "--territory",
        "ti-5305",
        "--crs",
        "4471",
        "--out",
        s(&dir.join("bretagne.gpkg")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("n'est dans Mayotte"), "{err}");
    assert!(!dir.join("bretagne.gpkg").exists());
    let out = ti_atlas(&[
        "export",
        "layer",
        "--layer",
        "departements",
        "--crs",
        "2975",
        "--out",
        s(&dir.join("reunion.geojson")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("retirez --crs 2975"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `export layer --help` names every layer `--layer` accepts, the communes among them;
/// an unknown layer's message lists the same ones.
#[test]
fn layer_help_names_each_accepted_layer_and_the_communes() {
    let out = ti_atlas(&["export", "layer", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    let line = help
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("--layer <COUCHE>"))
        .nth(1)
        .expect("the --layer help");
    for kind in LayerKind::ALL {
        assert!(line.contains(kind.id()), "{}: {line}", kind.id());
    }
    assert!(line.contains("communes (les 34 935 communes"), "{line}");
    let out = ti_atlas(&["export", "layer", "--layer", "cantons", "--out", "x.gpkg"]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::cli::stderr(&out);
    let ids: Vec<&str> = LayerKind::ALL.iter().map(|k| k.id()).collect();
    assert!(
        err.contains(&format!("({}, communes)", ids.join(", "))),
        "{err}"
    );
}

#[test]
fn communes_layer_holds_every_commune_with_its_own_outline_and_memberships() {
    use geo::GeodesicArea as _;
    let dir = scratch("communes");
    let gpkg = dir.join("communes.gpkg");
    export(&["--layer", "communes", "--crs", "2154", "--out", s(&gpkg)]);
    let layer = read_vector(&gpkg).expect("read");
    let dataset = common::dataset();
    assert_eq!(layer.features.len(), dataset.tables.communes.len());
    assert_eq!(layer.features.len(), 34_935);
    assert_eq!(layer.source_crs, "Lambert-93 (EPSG:2154)");
    let member_of = |generation: Generation, code: &str| {
        dataset
            .territories(generation)
            .find(|t| t.communes.iter().any(|c| c == code))
            .map(|t| t.id.to_string())
            .unwrap_or_default()
    };
    let mut checked = 0;
    for (i, f) in layer.features.iter().enumerate() {
        let code = attr(&layer, i, "code");
        let c = dataset.commune(code).unwrap_or_else(|| panic!("{code}"));
        assert_eq!(attr(&layer, i, "nom"), c.name, "{code}");
        assert_eq!(attr(&layer, i, "departement"), c.departement, "{code}");
        assert_eq!(attr(&layer, i, "population"), c.population.to_string());
        assert_eq!(attr(&layer, i, "epci"), c.epci.as_deref().unwrap_or(""));
        assert_eq!(attr(&layer, i, "ept"), c.ept.as_deref().unwrap_or(""));
        // Every 97th commune (and the big ones) against the bundle: memberships and area.
        if i % 97 == 0 || ["59350", "75056", "2A004", "97411"].contains(&code) {
            assert_eq!(
                attr(&layer, i, "ti_2023_2027"),
                member_of(Generation::Temps2, code),
                "{code}"
            );
            assert_eq!(
                attr(&layer, i, "ti_2018_2022"),
                member_of(Generation::Temps1, code),
                "{code}"
            );
            let geo::Geometry::MultiPolygon(back) = &f.geometry else {
                panic!("{code}: {:?}", f.geometry);
            };
            let km2 = back.geodesic_area_unsigned() / 1e6;
            assert!(
                (km2 - c.area_km2).abs() <= 0.005 * c.area_km2 + 0.01,
                "{code}: {km2} km² read back, {} in the bundle",
                c.area_km2
            );
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked}");
    // Lille's name point (the bundle's place) lies inside its outline.
    let lille = dataset
        .tables
        .places
        .iter()
        .find(|p| p.commune == "59350")
        .expect("Lille placed");
    let i = (0..layer.features.len())
        .find(|&i| attr(&layer, i, "code") == "59350")
        .expect("Lille");
    let geo::Geometry::MultiPolygon(outline) = &layer.features[i].geometry else {
        panic!("Lille");
    };
    assert!(outline.contains(&geo::Point::new(lille.lon, lille.lat)));
    if let Some(info) = ogrinfo(&gpkg) {
        assert_eq!(ogr_feature_count(&info), 34_935, "{info}");
        assert!(
            info.contains("EPSG\",2154") || info.contains("Lambert-93"),
            "{info}"
        );
        assert!(info.contains("ti_2023_2027: String"), "{info}");
    }

    // One territory's communes, as GeoJSON; indicators are refused at this maille.
    let json = dir.join("ti-8402.geojson");
    export(&[
        "--layer",
        "communes",
        "--territory",
        "ti-8402",
        "--out",
        s(&json),
    ]);
    let t = dataset
        .territory(Generation::Temps2, &TerritoryId::new("ti-8402"))
        .expect("ti-8402");
    let some = read_vector(&json).expect("read");
    assert_eq!(some.features.len(), t.communes.len());
    for i in 0..some.features.len() {
        assert_eq!(attr(&some, i, "ti_2023_2027"), "ti-8402");
    }
    let out = ti_atlas(&[
        "export",
        "layer",
        "--layer",
        "communes",
        "--indicator",
        "part_emploi_industrie",
        "--out",
        s(&dir.join("x.gpkg")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::cli::stderr(&out);
    assert!(err.contains("pas aux communes"), "{err}");
    assert!(!dir.join("x.gpkg").exists());
}
