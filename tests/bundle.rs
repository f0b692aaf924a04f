//! The real bundle: counts, joins, geometry validity, consistency with the sources.

mod common;

use common::dataset;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use geo::{Area as _, BooleanOps as _, GeodesicArea as _, MultiPolygon, Validation as _};
use ti_atlas::io::bundle;
use ti_atlas::model::{Dataset, Generation, LayerKind};

#[test]
fn counts_match_the_programme() {
    let ds = dataset();
    assert_eq!(ds.territories(Generation::Temps2).count(), 183);
    assert_eq!(ds.territories(Generation::Temps1).count(), 149);
    let groupements: usize = ds
        .territories(Generation::Temps2)
        .map(|t| t.groupements.len())
        .sum();
    assert_eq!(groupements, 641);
    let members: BTreeSet<&str> = ds
        .territories(Generation::Temps2)
        .flat_map(|t| t.communes.iter().map(String::as_str))
        .collect();
    assert_eq!(members.len(), 18_658);
    let member_count: usize = ds
        .territories(Generation::Temps2)
        .map(|t| t.communes.len())
        .sum();
    assert_eq!(member_count, 18_658, "no commune is in two territories");
    assert_eq!(ds.tables.communes.len(), 34_935);
    // The EPCI layer: 1 255 EPCI à fiscalité propre, then the 11 EPT of the Grand Paris.
    assert_eq!(ds.tables.epci.len(), 1_266);
    let epci = &ds.tables.epci;
    assert_eq!(epci.iter().filter(|e| !e.is_ept()).count(), 1_255);
    assert!(
        epci[1_255..].iter().all(|e| e.is_ept()),
        "the EPT come last"
    );
    assert_eq!(ds.tables.departements.len(), 101);
    assert_eq!(ds.tables.regions.len(), 18);
    for kind in LayerKind::ALL {
        assert_eq!(ds.features(kind).len(), ds.layer_codes(kind).len());
    }
}

/// The 11 EPT are drawn over the Métropole du Grand Paris: a click picks the EPT (the unit drawn
/// last) where they overlap, and the Métropole in Paris (a member of no EPT), which keeps its
/// whole perimeter. Their population is their communes', so the Métropole's is theirs plus
/// Paris's: nothing is counted twice in the communes' sums (France, régions).
#[test]
fn the_ept_are_picked_over_the_metropole_du_grand_paris() {
    use ti_atlas::model::geography::hit_index::HitIndex;
    let ds = dataset();
    let lod = ds.topology.finest_lod();
    let index = HitIndex::new(
        ds.features(LayerKind::Epci)
            .iter()
            .map(|f| ds.topology.multipolygon(f, lod))
            .collect(),
    );
    let at = |commune: &str| {
        let place = ds
            .tables
            .places
            .iter()
            .find(|p| p.commune == commune)
            .expect("a named commune");
        let i = index
            .feature_at(geo::Point::new(place.lon, place.lat))
            .expect("a unit");
        ds.tables.epci[i].siren.as_str()
    };
    assert_eq!(at("93066"), "200057867", "Saint-Denis: Plaine Commune");
    assert_eq!(at("92050"), "200057982", "Nanterre: Paris Ouest La Défense");
    assert_eq!(
        at("75056"),
        "200054781",
        "Paris: the Métropole du Grand Paris"
    );
    assert_eq!(at("69123"), "200046977", "Lyon: the Métropole de Lyon");
    let epci = &ds.tables.epci;
    let mgp = epci.iter().find(|e| e.siren == "200054781").expect("MGP");
    let ept: Vec<_> = epci.iter().filter(|e| e.is_ept()).collect();
    assert_eq!(ept.len(), 11);
    let paris = ds.commune("75056").expect("Paris");
    assert_eq!(paris.ept, None);
    assert_eq!(
        ept.iter().map(|e| e.population).sum::<u64>() + paris.population,
        mgp.population
    );
    assert_eq!(
        ept.iter().map(|e| e.n_communes).sum::<u32>() + 1,
        mgp.n_communes
    );
    for e in &ept {
        let members: Vec<_> = ds
            .tables
            .communes
            .iter()
            .filter(|c| c.ept.as_deref() == Some(e.siren.as_str()))
            .collect();
        assert_eq!(members.len(), e.n_communes as usize, "{}", e.name);
        assert!(
            members
                .iter()
                .all(|c| c.epci.as_deref() == Some("200054781")),
            "{}: every commune of an EPT is in the MGP",
            e.name
        );
    }
}

#[test]
fn groupement_natures_match_the_provenance() {
    use ti_atlas::model::GroupementNature as N;
    let ds = dataset();
    let mut count: HashMap<&'static str, usize> = HashMap::new();
    for g in ds
        .territories(Generation::Temps2)
        .flat_map(|t| t.groupements.iter())
    {
        let key = match g.nature {
            N::EPT => "EPT",
            N::COM => "COM",
            _ => "EPCI",
        };
        *count.entry(key).or_default() += 1;
        if g.nature == N::COM {
            let code = g
                .commune
                .as_deref()
                .expect("single-commune member has its code");
            assert!(ds.commune(code).is_some(), "{code}");
        }
    }
    assert_eq!(count.get("EPCI"), Some(&626));
    assert_eq!(count.get("EPT"), Some(&3));
    assert_eq!(count.get("COM"), Some(&12));
}

#[test]
fn territory_ids_and_regions_are_consistent() {
    let ds = dataset();
    let vitre = ds
        .territories(Generation::Temps2)
        .find(|t| t.name.contains("Vitré"))
        .expect("a territory named after Vitré");
    assert_eq!(vitre.region, "53");
    for t in ds.territories(Generation::Temps2) {
        let id = t.id.as_str();
        assert!(id.starts_with("ti-") && id.len() == 7, "{id}");
        assert_eq!(&id[3..5], t.region, "{id}");
        assert!(ds.region_name(&t.region).is_some(), "{}", t.id);
        assert!(!t.departements.is_empty());
        assert_eq!(t.name.trim(), t.name, "names are trimmed: {:?}", t.name);
    }
}

#[test]
fn population_is_the_sum_of_member_communes() {
    let ds = dataset();
    let mut total = 0;
    for t in &ds.tables.territories {
        let sum: u64 = t
            .communes
            .iter()
            .map(|c| {
                ds.commune(c)
                    .expect("member commune in the table")
                    .population
            })
            .sum();
        assert_eq!(t.population, sum, "{}", t.id);
        assert!(t.population > 0, "{}", t.id);
        if t.generation == Generation::Temps2 {
            total += t.population;
        }
    }
    let national: u64 = ds.tables.communes.iter().map(|c| c.population).sum();
    assert!(total > 0 && total < national, "{total} / {national}");
}

fn finest(ds: &Dataset, kind: LayerKind, index: usize) -> MultiPolygon<f64> {
    let f = &ds.features(kind)[index];
    ds.topology.multipolygon(f, ds.topology.finest_lod())
}

#[test]
fn territory_geometry_is_valid_and_matches_member_communes_area() {
    let ds = dataset();
    for (kind, generation) in [
        (LayerKind::Ti2023, Generation::Temps2),
        (LayerKind::Ti2018, Generation::Temps1),
    ] {
        for (i, t) in ds.territories(generation).enumerate() {
            let mp = finest(ds, kind, i);
            assert!(!mp.0.is_empty(), "{} is empty", t.id);
            assert!(
                mp.is_valid(),
                "{} invalid: {:?}",
                t.id,
                mp.validation_errors()
            );
            let area = mp.geodesic_area_unsigned() / 1e6;
            let communes: f64 = t
                .communes
                .iter()
                .map(|c| ds.commune(c).expect("commune").area_km2)
                .sum();
            let rel = (area - communes).abs() / communes;
            assert!(
                rel < 0.01,
                "{}: {area} km² vs communes {communes} km²",
                t.id
            );
            assert!(
                (t.area_km2 - area).abs() < 1e-3,
                "{}: stored {} km², geometry {area} km²",
                t.id,
                t.area_km2
            );
        }
    }
}

/// Twice the signed area of a layer at a level of detail, exact on the integer grid.
fn layer_signed_area2(ds: &Dataset, kind: LayerKind, lod: u8) -> i128 {
    let mut sum = 0i128;
    for f in ds.features(kind) {
        for ring in f.polygons.iter().flatten() {
            let pts = ds.topology.ring_points(ring, lod);
            for w in pts.windows(2) {
                sum += i128::from(w[0][0]) * i128::from(w[1][1])
                    - i128::from(w[1][0]) * i128::from(w[0][1]);
            }
        }
    }
    sum
}

#[test]
fn borders_are_shared_at_every_level_of_detail() {
    // Départements tile the régions exactly. If any border were simplified differently on its
    // two sides, or a gap or overlap appeared, the summed signed areas would differ.
    // The only tolerated difference: where the source communes of two départements overlap
    // in a tiny lens (crossing arcs, repaired by the build), the région counts the lens once
    // and the two départements each count it.
    let ds = dataset();
    for lod in 0..ds.topology.lod_count() as u8 {
        let deps = layer_signed_area2(ds, LayerKind::Departements, lod);
        let regions = layer_signed_area2(ds, LayerKind::Regions, lod);
        assert!(regions > 0);
        let rel = (deps - regions) as f64 / regions as f64;
        assert!(
            (0.0..1e-7).contains(&rel),
            "level {lod}: {deps} vs {regions}"
        );
    }
    // Coarse levels really are coarser.
    let counts: Vec<usize> = (0..ds.topology.lod_count() as u8)
        .map(|l| ds.layer_vertex_count(LayerKind::Ti2023, l))
        .collect();
    assert!(counts.windows(2).all(|w| w[0] < w[1]), "{counts:?}");
    assert!(counts[0] * 5 < counts[counts.len() - 1], "{counts:?}");
}

#[test]
fn departement_and_region_areas_are_plausible() {
    let ds = dataset();
    let idx = ds
        .tables
        .regions
        .iter()
        .position(|r| r.code == "84")
        .expect("Auvergne-Rhône-Alpes");
    let ara = finest(ds, LayerKind::Regions, idx).geodesic_area_unsigned() / 1e6;
    // Auvergne-Rhône-Alpes: 69,711 km² officially; the generalised source polygon measures
    // about 70,900 km² (its own union, computed independently, gives the same).
    assert!((69_711.0 * 0.97..69_711.0 * 1.03).contains(&ara), "{ara}");
}

#[derive(serde::Deserialize)]
struct AnctCollection {
    features: Vec<AnctFeature>,
}

#[derive(serde::Deserialize)]
struct AnctFeature {
    properties: AnctProps,
    geometry: geojson_lite::Geometry,
}

#[derive(serde::Deserialize)]
struct AnctProps {
    id_territoire: String,
}

mod geojson_lite {
    use geo::{LineString, MultiPolygon, Polygon};

    #[derive(serde::Deserialize)]
    #[serde(tag = "type", content = "coordinates")]
    pub enum Geometry {
        Polygon(Vec<Vec<[f64; 2]>>),
        MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
    }

    fn polygon(rings: Vec<Vec<[f64; 2]>>) -> Polygon<f64> {
        let mut it = rings
            .into_iter()
            .map(|r| LineString::from(r.into_iter().map(|[x, y]| (x, y)).collect::<Vec<_>>()));
        let outer = it.next().unwrap_or_else(|| LineString::new(vec![]));
        Polygon::new(outer, it.collect())
    }

    impl Geometry {
        pub fn into_multipolygon(self) -> MultiPolygon<f64> {
            match self {
                Geometry::Polygon(p) => MultiPolygon(vec![polygon(p)]),
                Geometry::MultiPolygon(mp) => MultiPolygon(mp.into_iter().map(polygon).collect()),
            }
        }
    }
}

#[test]
fn territories_overlap_anct_polygons() {
    // The public sources must be there (CI has them): a missing file fails, never skips.
    let path =
        common::sources_dir().join("territories/ti_2023_2027_anct_superposeur_2024-09.geojson");
    assert!(
        path.is_file(),
        "fichier ANCT introuvable : {}",
        path.display()
    );
    let ds = dataset();
    let raw = std::fs::read(&path).expect("read ANCT file");
    let anct: AnctCollection = serde_json::from_slice(&raw).expect("ANCT GeoJSON");
    assert_eq!(anct.features.len(), 183);
    let mut worst = (1.0f64, String::new());
    for f in anct.features {
        let id = f.properties.id_territoire.trim().to_owned();
        let index = ds
            .territory_feature_index(Generation::Temps2, &id.as_str().into())
            .unwrap_or_else(|| panic!("{id} from ANCT is in the bundle"));
        let ours = finest(ds, LayerKind::Ti2023, index);
        let theirs = f.geometry.into_multipolygon();
        let inter = ours.intersection(&theirs).unsigned_area();
        let union = ours.union(&theirs).unsigned_area();
        let iou = inter / union;
        if iou < worst.0 {
            worst = (iou, id.clone());
        }
        assert!(iou >= 0.93, "{id}: intersection over union {iou:.3}");
    }
    eprintln!("pire recouvrement ANCT : {:.3} ({})", worst.0, worst.1);
}

#[test]
fn build_is_deterministic_and_matches_the_committed_bundle() {
    let sources = common::sources_dir();
    let a = ti_atlas::build::build(&sources).expect("build");
    let b = ti_atlas::build::build(&sources).expect("build again");
    let (ta, ga) = (
        bundle::encode_tables(&a.tables),
        bundle::encode_geometry(&a.topology),
    );
    assert_eq!(ta, bundle::encode_tables(&b.tables));
    assert_eq!(ga, bundle::encode_geometry(&b.topology));
    // The committed files hold the same content (compared uncompressed: the gzip bytes depend
    // on the deflate backend the dependency tree selects).
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let gunzip = |bytes: &[u8]| -> Vec<u8> {
        use std::io::Read as _;
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .expect("gzip");
        out
    };
    assert!(
        gunzip(&std::fs::read(data.join(bundle::TABLES_FILE)).expect("committed tables"))
            == gunzip(&ta)
            && gunzip(
                &std::fs::read(data.join(bundle::GEOMETRY_FILE)).expect("committed geometry")
            ) == gunzip(&ga),
        "data/ is stale: run `cargo run --release -- build-data`"
    );
    // The communes' own outlines too.
    let communes = |out: &ti_atlas::build::BuildOutput| -> Vec<u8> {
        let list: Vec<(&str, &ti_atlas::io::commune_contours::CommuneRings)> = out
            .commune_polygons
            .iter()
            .map(|(code, polygons)| (code.as_str(), polygons))
            .collect();
        gunzip(&ti_atlas::io::commune_contours::encode(&list))
    };
    let ca = communes(&a);
    assert_eq!(ca, communes(&b));
    assert!(
        gunzip(
            &std::fs::read(data.join(ti_atlas::io::commune_contours::COMMUNES_FILE))
                .expect("committed communes")
        ) == ca,
        "data/communes.bin.gz is stale: run `cargo run --release -- build-data`"
    );
}
