//! GeoJSON (RFC 7946, plus the old "crs" member some French exports still carry): a
//! FeatureCollection, a Feature or a bare geometry.
//!
//! Streamed: each feature is turned into its geometry and attribute values as soon as it is
//! parsed (no JSON tree of the whole file), so a layer costs about its coordinates (16 bytes a
//! point) and its attribute text. Property names are looked up in a hash map (no quadratic
//! cost with many keys).

use std::collections::HashMap;
use std::path::Path;

use geo::{Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};
use serde::de::DeserializeSeed as _;
use serde_json::Value;

use super::crs_check::{Declared, antimeridian_warning, crosses_antimeridian, settle_crs};
use super::geojson_parse::{Nest, RawGeometry, RootSeed, Text};
use super::projection::{Crs, from_crs_name, reproject_feature};
use super::{VectorError, VectorFeature, VectorLayer, check_world, degenerate};
use crate::io::limits::{MAX_CELLS, MAX_FIELDS, quoted};
use crate::io::table::file_name;
use crate::model::text_grid::TextGrid;

/// What is built while the features stream by.
#[derive(Default)]
struct Builder {
    fields: Vec<String>,
    field_index: HashMap<String, u32>,
    /// Property names past [`MAX_FIELDS`], counted.
    fields_dropped: usize,
    /// Kept features: number in the file (1-based) and geometry in the file's coordinates.
    features: Vec<(usize, Geometry<f64>)>,
    /// Attribute values of kept features: (feature position, field, text range).
    values: Vec<(u32, u32, u32, u32)>,
    text: String,
    /// Features seen, kept or not.
    seen: usize,
    warnings: Vec<String>,
}

impl Builder {
    /// A feature as read: its geometry converted, its properties stored, or a warning.
    fn add(&mut self, geometry: Option<RawGeometry>, properties: Vec<(String, Text)>) {
        self.seen += 1;
        let n = self.seen;
        let geometry = match geometry {
            Some(g) if !g.null => g,
            _ => {
                self.warnings
                    .push(format!("objet n° {n} : sans géométrie, écarté"));
                return;
            }
        };
        let geom = match to_geometry(geometry) {
            Ok(g) => g,
            Err(e) => {
                self.warnings.push(format!("objet n° {n} : {e}, écarté"));
                return;
            }
        };
        if let Some(why) = degenerate(&geom) {
            self.warnings.push(format!("objet n° {n} : {why}, écarté"));
            return;
        }
        let position = self.features.len() as u32;
        self.features.push((n, geom));
        for (key, Text(value)) in properties {
            let field = match self.field_index.get(&key) {
                Some(&i) => i,
                None if self.fields.len() >= MAX_FIELDS => {
                    self.fields_dropped += 1;
                    continue;
                }
                None => {
                    let i = self.fields.len() as u32;
                    self.field_index.insert(key.clone(), i);
                    self.fields.push(key);
                    i
                }
            };
            if value.is_empty() {
                continue;
            }
            let start = self.text.len() as u32;
            self.text.push_str(&value);
            self.values
                .push((position, field, start, self.text.len() as u32));
        }
    }
}

fn line(n: &Nest) -> Result<LineString<f64>, String> {
    let Nest::List(items) = n else {
        return Err("liste de positions attendue".into());
    };
    items
        .iter()
        .map(|p| match p {
            Nest::Position(c) => Ok(*c),
            Nest::BadPosition => Err("position illisible".to_owned()),
            Nest::List(_) => Err("position attendue [x, y]".to_owned()),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(LineString::new)
}

fn polygon(n: &Nest) -> Result<Polygon<f64>, String> {
    let Nest::List(rings) = n else {
        return Err("liste d'anneaux attendue".into());
    };
    let mut it = rings.iter().map(line);
    let outer = it.next().ok_or("polygone sans anneau")??;
    if outer.0.len() < 4 {
        return Err(format!(
            "anneau extérieur de {} point(s) (4 au moins)",
            outer.0.len()
        ));
    }
    let holes = it.collect::<Result<Vec<_>, _>>()?;
    Ok(Polygon::new(outer, holes))
}

fn list(n: &Nest) -> Result<&[Nest], String> {
    match n {
        Nest::List(items) => Ok(items),
        _ => Err("liste attendue".into()),
    }
}

fn to_geometry(g: RawGeometry) -> Result<Geometry<f64>, String> {
    let kind = g.kind.ok_or("géométrie sans « type »")?;
    let c = g
        .coordinates
        .ok_or_else(|| format!("{} sans « coordinates »", quoted(&kind)));
    Ok(match kind.as_str() {
        "Point" => match c? {
            Nest::Position(p) => Geometry::Point(Point(p)),
            Nest::BadPosition => return Err("position illisible".into()),
            Nest::List(_) => return Err("position attendue [x, y]".into()),
        },
        "MultiPoint" => {
            Geometry::MultiPoint(MultiPoint(line(&c?)?.0.into_iter().map(Point).collect()))
        }
        "LineString" => Geometry::LineString(line(&c?)?),
        "MultiLineString" => Geometry::MultiLineString(MultiLineString(
            list(&c?)?.iter().map(line).collect::<Result<_, _>>()?,
        )),
        "Polygon" => Geometry::Polygon(polygon(&c?)?),
        "MultiPolygon" => Geometry::MultiPolygon(MultiPolygon(
            list(&c?)?.iter().map(polygon).collect::<Result<_, _>>()?,
        )),
        other => {
            return Err(format!(
                "type de géométrie non pris en charge : {}",
                quoted(other)
            ));
        }
    })
}

/// The projection an old-style "crs" member names: {"type":"name","properties":{"name":…}} or
/// {"type":"EPSG","properties":{"code":2154}}. None when absent (WGS84, RFC 7946).
fn crs_of(file: &str, crs: Option<&Value>) -> Result<Crs, VectorError> {
    let Some(crs) = crs.filter(|c| !c.is_null()) else {
        return Ok(Crs::Wgs84);
    };
    let props = crs.get("properties");
    let name = match (
        props.and_then(|p| p.get("name")).and_then(Value::as_str),
        props.and_then(|p| p.get("code")),
    ) {
        (Some(name), _) => name.to_owned(),
        (None, Some(code)) => format!(
            "EPSG:{}",
            code.as_str().map_or(code.to_string(), str::to_owned)
        ),
        (None, None) => crs.to_string(),
    };
    from_crs_name(&name).map_err(|name| VectorError::UnknownProjection {
        file: file.to_owned(),
        name: quoted(&name),
    })
}

/// serde_json's message in French (its English text dropped; the position is given
/// separately).
pub(crate) fn json_error_fr(e: &serde_json::Error) -> String {
    let english = e.to_string();
    let detail = match english.rfind(" at line ") {
        Some(i) => english.get(..i).unwrap_or(&english),
        None => &english,
    };
    let french = if detail.starts_with("recursion limit exceeded") {
        "imbrication trop profonde (plus de 128 niveaux de tableaux ou d'objets)"
    } else if detail.starts_with("EOF while parsing") {
        "fin de fichier inattendue : fichier tronqué ?"
    } else if detail.starts_with("expected value") {
        "valeur JSON attendue (le fichier est-il bien du JSON ?)"
    } else if detail.starts_with("expected `,` or `]`") {
        "« , » ou « ] » attendu"
    } else if detail.starts_with("expected `,` or `}`") {
        "« , » ou « } » attendu"
    } else if detail.starts_with("expected `:`") {
        "« : » attendu"
    } else if detail.starts_with("key must be a string") {
        "nom de membre attendu entre guillemets"
    } else if detail.starts_with("trailing comma") {
        "virgule en trop"
    } else if detail.starts_with("trailing characters") {
        "texte en trop après la fin du JSON"
    } else if detail.starts_with("invalid number") || detail.starts_with("number out of range") {
        "nombre illisible"
    } else if detail.starts_with("invalid escape")
        || detail.starts_with("invalid unicode")
        || detail.starts_with("lone leading surrogate")
        || detail.starts_with("unexpected end of hex")
    {
        "séquence d'échappement illisible dans un texte"
    } else if detail.starts_with("control character") {
        "caractère de contrôle dans un texte"
    } else if detail.starts_with("invalid type") || detail.starts_with("invalid value") {
        "valeur d'un type inattendu (texte, nombre, tableau ou objet à la place d'un autre)"
    } else if detail.starts_with("missing field") {
        "membre obligatoire manquant"
    } else if detail.starts_with("unknown variant") || detail.starts_with("unknown field") {
        "valeur ou membre inattendu"
    } else if detail.starts_with("invalid length") {
        "nombre d'éléments inattendu"
    } else if e.is_data() {
        // Our own messages, already French.
        return quoted(detail);
    } else {
        "JSON mal formé"
    };
    french.to_owned()
}

/// Reads GeoJSON bytes; `path` names the file.
pub fn read_geojson_bytes(bytes: &[u8], path: &Path) -> Result<VectorLayer, VectorError> {
    let file = file_name(path);
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(VectorError::Empty { file });
    }
    let mut builder = Builder::default();
    let mut crs = None;
    let mut has_features = false;
    let root = {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let mut add = |g: Option<RawGeometry>, p: Vec<(String, Text)>| builder.add(g, p);
        let root = RootSeed {
            add: &mut add,
            crs: &mut crs,
            has_features: &mut has_features,
        }
        .deserialize(&mut de)
        .and_then(|r| de.end().map(|()| r));
        root.map_err(|e| VectorError::Json {
            file: file.clone(),
            line: e.line(),
            column: e.column(),
            message: json_error_fr(&e),
        })?
    };
    let declared = if crs.as_ref().is_some_and(|c| !c.is_null()) {
        Declared::GeoJsonCrs
    } else {
        Declared::GeoJsonDefault
    };
    let crs = crs_of(&file, crs.as_ref())?;
    match root.kind.as_deref() {
        Some("FeatureCollection") if !has_features => {
            return Err(VectorError::NotGeoJson {
                file,
                message: "FeatureCollection sans tableau « features »".into(),
            });
        }
        Some("FeatureCollection") => {}
        Some("Feature") => builder.add(root.geometry, root.properties),
        Some(_) => builder.add(
            Some(RawGeometry {
                kind: root.kind,
                coordinates: root.coordinates,
                null: false,
            }),
            Vec::new(),
        ),
        None => {
            return Err(VectorError::NotGeoJson {
                file,
                message: "pas de membre « type »".into(),
            });
        }
    }
    finish(builder, crs, declared, path, file)
}

/// Reprojects the features, leaves out those that fail, and builds the attribute table.
fn finish(
    mut b: Builder,
    crs: Crs,
    declared: Declared,
    path: &Path,
    file: String,
) -> Result<VectorLayer, VectorError> {
    let (crs, crs_warnings) = settle_crs(&file, crs, declared, &b.features)?;
    b.warnings.extend(crs_warnings);
    let reprojector = crs.reprojector(&file)?;
    let mut kept = vec![false; b.features.len()];
    let mut features = Vec::with_capacity(b.features.len());
    for (position, (n, geom)) in std::mem::take(&mut b.features).into_iter().enumerate() {
        let Some(geom) = reproject_feature(reprojector.as_ref(), geom, n, &mut b.warnings) else {
            continue;
        };
        if !check_world(&geom) {
            b.warnings.push(format!(
                "objet n° {n} : coordonnées hors des limites du globe (projection non déclarée ?), écarté"
            ));
            continue;
        }
        if crosses_antimeridian(&geom) {
            b.warnings.push(antimeridian_warning(n));
            continue;
        }
        kept[position] = true;
        features.push(VectorFeature {
            geometry: geom,
            number: n,
        });
    }
    if b.fields_dropped > 0 {
        b.warnings.push(format!(
            "{} propriété(s) au-delà des {MAX_FIELDS} premiers noms ignorée(s) (limite)",
            b.fields_dropped
        ));
    }
    if features.is_empty() {
        return Err(if b.warnings.is_empty() {
            VectorError::NoFeature { file }
        } else {
            VectorError::NothingReadable {
                file,
                skipped: b
                    .warnings
                    .iter()
                    .filter(|w| w.starts_with("objet n°"))
                    .count(),
                first: b
                    .warnings
                    .iter()
                    .find(|w| w.starts_with("objet n°"))
                    .or(b.warnings.first())
                    .cloned()
                    .unwrap_or_default(),
            }
        });
    }
    let width = b.fields.len();
    if features.len().saturating_mul(width) > MAX_CELLS {
        return Err(VectorError::TooLarge {
            file,
            message: format!(
                "{} objets × {width} propriétés dépassent la limite de {MAX_CELLS} cellules d'attributs",
                features.len()
            ),
        });
    }
    let mut attributes = TextGrid::new(width);
    attributes.reserve(features.len(), b.text.len());
    let mut row: Vec<(u32, u32)> = vec![(0, 0); width];
    let mut values = b.values.iter().peekable();
    for (position, keep) in kept.iter().enumerate() {
        row.iter_mut().for_each(|r| *r = (0, 0));
        while let Some(&(_, field, start, end)) = values.next_if(|v| v.0 as usize == position) {
            if let Some(r) = row.get_mut(field as usize) {
                *r = (start, end);
            }
        }
        if *keep {
            for &(start, end) in &row {
                attributes.push_cell(b.text.get(start as usize..end as usize).unwrap_or(""));
            }
        }
    }
    Ok(VectorLayer {
        path: path.to_path_buf(),
        name: file,
        source_crs: crs.label(),
        fields: b.fields,
        features,
        attributes,
        warnings: b.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<VectorLayer, String> {
        read_geojson_bytes(text.as_bytes(), Path::new("essai.geojson")).map_err(|e| e.to_string())
    }

    #[test]
    fn members_in_any_order_and_properties_in_file_order() {
        let layer = read(
            r#"{"features":[{"properties":{"z":1,"a":"x","n":null,"o":{"k":[1,2]},"b":true},"geometry":{"coordinates":[2.35,48.85,35],"type":"Point"},"type":"Feature"}],"type":"FeatureCollection"}"#,
        )
        .expect("layer");
        assert_eq!(layer.fields, ["z", "a", "n", "o", "b"]);
        assert_eq!(layer.attribute(0, "z"), Some("1"));
        assert_eq!(layer.attribute(0, "n"), Some(""));
        assert_eq!(layer.attribute(0, "o"), Some(r#"{"k":[1,2]}"#));
        assert_eq!(layer.attribute(0, "b"), Some("true"));
        assert_eq!(layer.attribute(0, "absent"), None);
    }

    #[test]
    fn bom_bare_geometry_and_single_feature() {
        let layer = read("\u{feff}{\"type\":\"Point\",\"coordinates\":[1,2]}").expect("bom");
        assert_eq!(layer.features.len(), 1);
        let layer =
            read(r#"{"type":"Feature","properties":{"a":1.5},"geometry":{"type":"Point","coordinates":[1,2]}}"#)
                .expect("feature");
        assert_eq!(layer.attribute(0, "a"), Some("1.5"));
    }

    #[test]
    fn empty_collections_and_bad_roots_are_errors() {
        let e = read(r#"{"type":"FeatureCollection","features":[]}"#).unwrap_err();
        assert!(e.contains("aucune entité"), "{e}");
        let e = read(r#"{"type":"FeatureCollection"}"#).unwrap_err();
        assert!(e.contains("sans tableau"), "{e}");
        let e = read("[1,2]").unwrap_err();
        assert!(e.contains("tableau JSON"), "{e}");
        let e = read(r#"{"type":"FeatureCollection","features":3}"#).unwrap_err();
        assert!(e.contains("doit être un tableau"), "{e}");
    }

    #[test]
    fn serde_json_messages_are_french_with_position() {
        let e = read("x").unwrap_err();
        assert!(
            e.contains("ligne 1, colonne 1") && e.contains("valeur JSON attendue"),
            "{e}"
        );
        let deep = format!(
            r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":{}{}}}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        let e = read(&deep).unwrap_err();
        assert!(e.contains("imbrication trop profonde"), "{e}");
        let e = read(r#"{"type":"FeatureCollection","features":[{"#).unwrap_err();
        assert!(e.contains("fin de fichier inattendue"), "{e}");
    }

    #[test]
    fn many_property_keys_cost_linear_time() {
        // 50,000 keys in one feature: a hash lookup each (the former linear search made this
        // quadratic); past MAX_FIELDS the names are dropped with a warning.
        let props: Vec<String> = (0..50_000).map(|i| format!("\"k{i}\":{i}")).collect();
        let text = format!(
            r#"{{"type":"Feature","properties":{{{}}},"geometry":{{"type":"Point","coordinates":[1,2]}}}}"#,
            props.join(",")
        );
        let layer = read(&text).expect("layer");
        assert_eq!(layer.fields.len(), MAX_FIELDS);
        assert_eq!(layer.attribute(0, "k1999"), Some("1999"));
        assert!(
            layer
                .warnings
                .iter()
                .any(|w| w.contains("48000 propriété(s)")),
            "{:?}",
            layer.warnings
        );
    }

    #[test]
    fn crs_names_are_recognised_or_refused() {
        let with_crs = |name: &str| {
            read(&format!(
                r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"{name}"}}}},"features":[{{"type":"Feature","properties":{{}},"geometry":{{"type":"Point","coordinates":[700000,6600000]}}}}]}}"#
            ))
        };
        for name in [
            "EPSG:2154",
            "urn:ogc:def:crs:EPSG::2154",
            "urn:ogc:def:crs:EPSG:6.6:2154",
            "http://www.opengis.net/def/crs/EPSG/0/2154",
            "RGF93 / Lambert-93",
            "RGF93 v1 / Lambert-93",
        ] {
            let layer = with_crs(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(layer.source_crs, "Lambert-93 (EPSG:2154)", "{name}");
        }
        let e = with_crs("EPSG:99999999999999999999").unwrap_err();
        assert!(e.contains("projection inconnue"), "{e}");
        let e = with_crs("EPSG:4242").unwrap_err();
        assert!(e.contains("projection inconnue : EPSG:4242"), "{e}");
        let layer = read(
            r#"{"type":"FeatureCollection","crs":{"type":"EPSG","properties":{"code":2154}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[700000,6600000]}}]}"#,
        )
        .expect("old EPSG member");
        assert_eq!(layer.source_crs, "Lambert-93 (EPSG:2154)");
    }
}
