//! The GeoJSON grammar as serde visitors: each element of "features" is read into a small
//! [`RawFeature`] and handed to a callback at once, so that no JSON tree of the whole file is
//! ever built. Members may come in any order ("type" after "coordinates", "crs" after
//! "features").

use std::fmt;

use geo::Coord;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// Receives each feature as read: its geometry (None: absent) and its properties.
pub(super) type AddFeature<'a> = dyn FnMut(Option<RawGeometry>, Vec<(String, Text)>) + 'a;

/// Nested coordinate arrays as read, before the geometry type is known (the "type" member may
/// come after "coordinates"). Held for one feature at a time.
#[derive(Debug)]
pub(super) enum Nest {
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
pub(super) struct RawGeometry {
    pub(super) kind: Option<String>,
    pub(super) coordinates: Option<Nest>,
    /// Not an object, or null.
    pub(super) null: bool,
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
pub(super) struct Text(pub(super) String);

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

/// The "features" array, each element handed to the builder as soon as it is read.
struct FeaturesSeed<'a>(&'a mut AddFeature<'a>);

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
            (self.0)(geometry, feature.properties);
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
pub(super) struct RawFeature {
    pub(super) kind: Option<String>,
    pub(super) is_feature: bool,
    pub(super) geometry: Option<RawGeometry>,
    pub(super) coordinates: Option<Nest>,
    pub(super) properties: Vec<(String, Text)>,
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
    mut features: Option<&mut AddFeature<'_>>,
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
            "features" => match features.as_mut() {
                Some(add) => {
                    map.next_value_seed(FeaturesSeed(&mut **add))?;
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
pub(super) struct RootSeed<'a> {
    /// Receives each feature of "features" as soon as it is read.
    pub(super) add: &'a mut AddFeature<'a>,
    pub(super) crs: &'a mut Option<Value>,
    pub(super) has_features: &'a mut bool,
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
        read_members(map, &mut f, Some(self.add), self.crs, self.has_features)?;
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
