//! GeoJSON (RFC 7946, plus the old "crs" member some French exports still carry): a
//! FeatureCollection, a Feature or a bare geometry.
//!
//! Streamed: each feature is turned into its geometry and attribute values as soon as it is
//! parsed (no JSON tree of the whole file), so a layer costs about its coordinates (16 bytes a
//! point) and its attribute text. Property names are looked up in a hash map (no quadratic
//! cost with many keys).

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::projection::{Crs, from_crs_name, reproject_feature};
use super::{VectorError, VectorFeature, VectorLayer, check_world};
use crate::io::limits::{MAX_CELLS, MAX_FIELDS, quoted};
use crate::io::table::file_name;
use crate::model::text_grid::TextGrid;

/// Nested coordinate arrays as read, before the geometry type is known (the "type" member may
/// come after "coordinates"). Held for one feature at a time.
#[derive(Debug)]
enum Nest {
    Position(Coord<f64>),
    /// A position that is not two finite numbers.
    BadPosition,
    List(Vec<Nest>),
}

/// One element of a coordinate array: a number (of a position) or a nested array.
enum NestItem {
    Number(f64),
    Nest(Nest),
}

impl<'de> Deserialize<'de> for NestItem {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NestItem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("un nombre ou un tableau de coordonnées")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<NestItem, E> {
                Ok(NestItem::Number(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NestItem, E> {
                Ok(NestItem::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NestItem, E> {
                Ok(NestItem::Number(v as f64))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<NestItem, A::Error> {
                NestVisitor.visit_seq(seq).map(NestItem::Nest)
            }
            // Anything else (null, text) makes the position unreadable, not the file.
            fn visit_unit<E: de::Error>(self) -> Result<NestItem, E> {
                Ok(NestItem::Nest(Nest::BadPosition))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<NestItem, E> {
                Ok(NestItem::Nest(Nest::BadPosition))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<NestItem, E> {
                Ok(NestItem::Nest(Nest::BadPosition))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NestItem, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(NestItem::Nest(Nest::BadPosition))
            }
        }
        d.deserialize_any(V)
    }
}

struct NestVisitor;

impl<'de> Visitor<'de> for NestVisitor {
    type Value = Nest;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("un tableau de coordonnées")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Nest, A::Error> {
        match seq.next_element::<NestItem>()? {
            None => Ok(Nest::List(Vec::new())),
            // A position: x, y, and an elevation or more, ignored.
            Some(NestItem::Number(x)) => {
                let y = seq.next_element::<NestItem>()?;
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                match y {
                    Some(NestItem::Number(y)) if x.is_finite() && y.is_finite() => {
                        Ok(Nest::Position(Coord { x, y }))
                    }
                    _ => Ok(Nest::BadPosition),
                }
            }
            Some(NestItem::Nest(first)) => {
                let mut items = vec![first];
                while let Some(item) = seq.next_element::<NestItem>()? {
                    items.push(match item {
                        NestItem::Nest(n) => n,
                        NestItem::Number(_) => Nest::BadPosition,
                    });
                }
                Ok(Nest::List(items))
            }
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Nest, E> {
        Ok(Nest::BadPosition)
    }
}

impl<'de> Deserialize<'de> for Nest {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NestItemAsNest)
    }
}

/// A "coordinates" member: an array, or anything else (unreadable).
struct NestItemAsNest;

impl<'de> Visitor<'de> for NestItemAsNest {
    type Value = Nest;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("un tableau de coordonnées")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Nest, A::Error> {
        NestVisitor.visit_seq(seq)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Nest, E> {
        Ok(Nest::BadPosition)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Nest, E> {
        Ok(Nest::BadPosition)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Nest, E> {
        Ok(Nest::BadPosition)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Nest, E> {
        Ok(Nest::BadPosition)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Nest, E> {
        Ok(Nest::BadPosition)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Nest, E> {
        Ok(Nest::BadPosition)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Nest, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Nest::BadPosition)
    }
}

/// A geometry object as read: its type and coordinates.
#[derive(Debug, Default)]
struct RawGeometry {
    kind: Option<String>,
    coordinates: Option<Nest>,
    /// Not an object, or null.
    null: bool,
}

impl<'de> Deserialize<'de> for RawGeometry {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawGeometry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("un objet géométrie")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawGeometry, A::Error> {
                let mut g = RawGeometry::default();
                while let Some(key) = map.next_key::<Key>()? {
                    match key.0.as_str() {
                        "type" => g.kind = map.next_value::<Option<Text>>()?.map(|t| t.0),
                        "coordinates" => g.coordinates = Some(map.next_value::<Nest>()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(g)
            }
            fn visit_unit<E: de::Error>(self) -> Result<RawGeometry, E> {
                Ok(RawGeometry {
                    null: true,
                    ..RawGeometry::default()
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawGeometry, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(RawGeometry {
                    null: true,
                    ..RawGeometry::default()
                })
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<RawGeometry, E> {
                self.visit_unit()
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<RawGeometry, E> {
                self.visit_unit()
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<RawGeometry, E> {
                self.visit_unit()
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<RawGeometry, E> {
                self.visit_unit()
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<RawGeometry, E> {
                self.visit_unit()
            }
        }
        d.deserialize_any(V)
    }
}

/// A member name.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Key)
    }
}

/// Any JSON value as the text an attribute shows: strings as they are, numbers and booleans
/// as written, null as empty, arrays and objects as compact JSON.
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("une valeur")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(
                    serde_json::Number::from_f64(v).map_or_else(String::new, |n| n.to_string()),
                ))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text(String::new()))
            }
            fn visit_none<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text(String::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Text, A::Error> {
                let v = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Ok(Text(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text, A::Error> {
                let v = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

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

/// The "features" array, each element handed to the builder as soon as it is read.
struct FeaturesSeed<'a>(&'a mut Builder);

impl<'de> DeserializeSeed<'de> for FeaturesSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FeaturesSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("un tableau « features »")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(feature) = seq.next_element::<RawFeature>()? {
            let geometry = if feature.is_feature {
                feature.geometry
            } else {
                // A bare geometry in the list.
                Some(RawGeometry {
                    kind: feature.kind,
                    coordinates: feature.coordinates,
                    null: false,
                })
            };
            self.0.add(geometry, feature.properties);
        }
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom("« features » doit être un tableau"))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom("« features » doit être un tableau"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.visit_unit()
    }
}

/// One element of "features" (or the root object): what a Feature or a bare geometry holds.
#[derive(Default)]
struct RawFeature {
    kind: Option<String>,
    is_feature: bool,
    geometry: Option<RawGeometry>,
    coordinates: Option<Nest>,
    properties: Vec<(String, Text)>,
}

/// A "properties" object, in file order (null: none).
struct Properties(Vec<(String, Text)>);

impl<'de> Deserialize<'de> for Properties {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Properties;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("un objet « properties »")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Properties, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<Key, Text>()? {
                    out.push((k.0, v));
                }
                Ok(Properties(out))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Properties, E> {
                Ok(Properties(Vec::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Properties, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Properties(Vec::new()))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Properties, E> {
                self.visit_unit()
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Properties, E> {
                self.visit_unit()
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Properties, E> {
                self.visit_unit()
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Properties, E> {
                self.visit_unit()
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Properties, E> {
                self.visit_unit()
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads the members of a Feature-like object into `f`; `features` receives a nested
/// "features" array (the root only).
fn read_members<'de, A: MapAccess<'de>>(
    mut map: A,
    f: &mut RawFeature,
    mut features: Option<&mut Builder>,
    crs: &mut Option<Value>,
    has_features: &mut bool,
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key::<Key>()? {
        match key.0.as_str() {
            "type" => {
                f.kind = map.next_value::<Option<Text>>()?.map(|t| t.0);
                f.is_feature = f.kind.as_deref() == Some("Feature");
            }
            "geometry" => f.geometry = Some(map.next_value::<RawGeometry>()?),
            "coordinates" => f.coordinates = Some(map.next_value::<Nest>()?),
            "properties" => f.properties = map.next_value::<Properties>()?.0,
            "crs" => *crs = Some(map.next_value::<Value>()?),
            "features" => match features.as_deref_mut() {
                Some(b) => {
                    map.next_value_seed(FeaturesSeed(b))?;
                    *has_features = true;
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            },
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(())
}

impl<'de> Deserialize<'de> for RawFeature {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawFeature;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("un objet Feature")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawFeature, A::Error> {
                let mut f = RawFeature::default();
                read_members(map, &mut f, None, &mut None, &mut false)?;
                Ok(f)
            }
            // Not an object: a feature without geometry (said in the warnings).
            fn visit_unit<E: de::Error>(self) -> Result<RawFeature, E> {
                Ok(RawFeature {
                    is_feature: true,
                    ..RawFeature::default()
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawFeature, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                self.visit_unit()
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<RawFeature, E> {
                self.visit_unit()
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<RawFeature, E> {
                self.visit_unit()
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<RawFeature, E> {
                self.visit_unit()
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<RawFeature, E> {
                self.visit_unit()
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<RawFeature, E> {
                self.visit_unit()
            }
        }
        d.deserialize_any(V)
    }
}

/// The root object: its own members, its features streamed into the builder.
struct RootSeed<'a> {
    builder: &'a mut Builder,
    crs: &'a mut Option<Value>,
    has_features: &'a mut bool,
}

impl<'de> DeserializeSeed<'de> for RootSeed<'_> {
    type Value = RawFeature;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<RawFeature, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RootSeed<'_> {
    type Value = RawFeature;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("un objet GeoJSON")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawFeature, A::Error> {
        let mut f = RawFeature::default();
        read_members(map, &mut f, Some(self.builder), self.crs, self.has_features)?;
        Ok(f)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<RawFeature, A::Error> {
        Err(de::Error::custom(
            "le fichier est un tableau JSON, pas un objet GeoJSON",
        ))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<RawFeature, E> {
        Err(E::custom(
            "le fichier est un texte JSON, pas un objet GeoJSON",
        ))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<RawFeature, E> {
        Err(E::custom(
            "le fichier est un nombre JSON, pas un objet GeoJSON",
        ))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawFeature, E> {
        self.visit_f64(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawFeature, E> {
        self.visit_f64(v as f64)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<RawFeature, E> {
        Err(E::custom(
            "le fichier est un booléen JSON, pas un objet GeoJSON",
        ))
    }
    fn visit_unit<E: de::Error>(self) -> Result<RawFeature, E> {
        Err(E::custom("le fichier est « null », pas un objet GeoJSON"))
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

/// serde_json's message in French (its English detail in parentheses, without the position,
/// given separately).
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
    } else if e.is_data() {
        // Our own messages (already French) or serde's type mismatches.
        return quoted(detail);
    } else {
        "JSON mal formé"
    };
    format!("{french} ({})", quoted(detail))
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
        let root = RootSeed {
            builder: &mut builder,
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
    finish(builder, crs, path, file)
}

/// Reprojects the features, leaves out those that fail, and builds the attribute table.
fn finish(mut b: Builder, crs: Crs, path: &Path, file: String) -> Result<VectorLayer, VectorError> {
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
                skipped: b.warnings.len(),
                first: b.warnings.first().cloned().unwrap_or_default(),
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
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
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
