//! GeoPackage geometry blobs, both ways: the standard GeoPackage binary header (magic "GP",
//! version, flags, SRS id, envelope) followed by ISO WKB (OGC 06-103r4). Written: points,
//! polygons and multipolygons in little-endian with an XY envelope, as GDAL writes them. Read:
//! every 2D/Z/M/ZM point, line and polygon type and their multi forms (Z and M dropped), every
//! count checked against the bytes left before anything is allocated, so that a damaged blob
//! gives a French message, never a huge allocation or a panic.

use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};

/// The GeoPackage blob of a geometry in the SRS `srs_id`: header, XY envelope, WKB.
pub fn gpkg_blob(geometry: &Geometry<f64>, srs_id: i32) -> Vec<u8> {
    use geo::BoundingRect as _;
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(b"GP");
    out.push(0); // version 1.0
    match geometry.bounding_rect() {
        Some(r) => {
            // Little-endian, envelope [minx, maxx, miny, maxy].
            out.push(0b0000_0011);
            out.extend_from_slice(&srs_id.to_le_bytes());
            for v in [r.min().x, r.max().x, r.min().y, r.max().y] {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        None => {
            // Empty geometry, no envelope.
            out.push(0b0001_0001);
            out.extend_from_slice(&srs_id.to_le_bytes());
        }
    }
    write_wkb(geometry, &mut out);
    out
}

/// ISO WKB, little-endian, 2D.
pub fn write_wkb(geometry: &Geometry<f64>, out: &mut Vec<u8>) {
    let header = |out: &mut Vec<u8>, kind: u32| {
        out.push(1);
        out.extend_from_slice(&kind.to_le_bytes());
    };
    let count = |out: &mut Vec<u8>, n: usize| {
        out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
    };
    let coords = |out: &mut Vec<u8>, line: &LineString<f64>| {
        count(out, line.0.len());
        for c in &line.0 {
            out.extend_from_slice(&c.x.to_le_bytes());
            out.extend_from_slice(&c.y.to_le_bytes());
        }
    };
    let polygon = |out: &mut Vec<u8>, p: &Polygon<f64>| {
        header(out, 3);
        count(out, 1 + p.interiors().len());
        coords(out, p.exterior());
        for ring in p.interiors() {
            coords(out, ring);
        }
    };
    match geometry {
        Geometry::Point(p) => {
            header(out, 1);
            out.extend_from_slice(&p.x().to_le_bytes());
            out.extend_from_slice(&p.y().to_le_bytes());
        }
        Geometry::LineString(l) => {
            header(out, 2);
            coords(out, l);
        }
        Geometry::Polygon(p) => polygon(out, p),
        Geometry::MultiPoint(mp) => {
            header(out, 4);
            count(out, mp.0.len());
            for p in &mp.0 {
                write_wkb(&Geometry::Point(*p), out);
            }
        }
        Geometry::MultiLineString(ml) => {
            header(out, 5);
            count(out, ml.0.len());
            for l in &ml.0 {
                header(out, 2);
                coords(out, l);
            }
        }
        Geometry::MultiPolygon(mp) => {
            header(out, 6);
            count(out, mp.0.len());
            for p in &mp.0 {
                polygon(out, p);
            }
        }
        other => {
            // Not written by ti-atlas (rectangles, triangles, collections): as polygons.
            let mut parts = Vec::new();
            if let Geometry::GeometryCollection(gc) = other {
                for g in &gc.0 {
                    if let Geometry::Polygon(p) = g {
                        parts.push(p.clone());
                    }
                }
            } else if let Geometry::Rect(r) = other {
                parts.push(r.to_polygon());
            } else if let Geometry::Triangle(t) = other {
                parts.push(t.to_polygon());
            }
            write_wkb(&Geometry::MultiPolygon(MultiPolygon(parts)), out);
        }
    }
}

/// A geometry read from a GeoPackage blob: None for an empty geometry.
pub fn read_gpkg_blob(blob: &[u8]) -> Result<Option<Geometry<f64>>, String> {
    let head = blob
        .get(..8)
        .ok_or_else(|| format!("géométrie tronquée ({} octets)", blob.len()))?;
    if head.get(..2) != Some(b"GP".as_slice()) {
        return Err("ce n'est pas une géométrie GeoPackage (en-tête « GP » absent)".into());
    }
    let flags = head.get(3).copied().unwrap_or(0);
    if flags & 0b0010_0000 != 0 {
        return Err("géométrie GeoPackage étendue (non standard) non prise en charge".into());
    }
    let envelope = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        n => {
            return Err(format!(
                "en-tête de géométrie invalide (enveloppe de type {n})"
            ));
        }
    };
    if flags & 0b0001_0000 != 0 {
        return Ok(None);
    }
    let wkb = blob
        .get(8 + envelope..)
        .ok_or_else(|| "géométrie tronquée (enveloppe incomplète)".to_owned())?;
    let mut reader = WkbReader { bytes: wkb, at: 0 };
    let geometry = reader.geometry(0)?;
    Ok(Some(geometry))
}

/// Nesting allowed in WKB (a multipolygon's polygons are at depth 1).
const MAX_DEPTH: usize = 2;

struct WkbReader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl WkbReader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let slice = self
            .bytes
            .get(self.at..self.at + N)
            .ok_or_else(|| "géométrie WKB tronquée".to_owned())?;
        self.at += N;
        let mut out = [0; N];
        out.copy_from_slice(slice);
        Ok(out)
    }

    fn u32(&mut self, little: bool) -> Result<u32, String> {
        let b = self.take::<4>()?;
        Ok(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }

    fn f64(&mut self, little: bool) -> Result<f64, String> {
        let b = self.take::<8>()?;
        Ok(if little {
            f64::from_le_bytes(b)
        } else {
            f64::from_be_bytes(b)
        })
    }

    /// A count of items of at least `min_bytes` each, refused when the blob cannot hold them.
    fn count(&mut self, little: bool, min_bytes: usize, what: &str) -> Result<usize, String> {
        let n = self.u32(little)? as usize;
        let left = self.bytes.len().saturating_sub(self.at);
        if n.saturating_mul(min_bytes) > left {
            return Err(format!(
                "géométrie WKB abîmée : {n} {what} annoncé(s), {left} octets restants"
            ));
        }
        Ok(n)
    }

    fn coord(&mut self, little: bool, dims: usize) -> Result<Coord<f64>, String> {
        let x = self.f64(little)?;
        let y = self.f64(little)?;
        for _ in 2..dims {
            self.f64(little)?;
        }
        Ok(Coord { x, y })
    }

    fn line(&mut self, little: bool, dims: usize) -> Result<LineString<f64>, String> {
        let n = self.count(little, 8 * dims, "point(s)")?;
        (0..n)
            .map(|_| self.coord(little, dims))
            .collect::<Result<Vec<_>, _>>()
            .map(LineString)
    }

    fn polygon(&mut self, little: bool, dims: usize) -> Result<Polygon<f64>, String> {
        let n = self.count(little, 4, "anneau(x)")?;
        let mut rings = (0..n)
            .map(|_| self.line(little, dims))
            .collect::<Result<Vec<_>, _>>()?;
        if rings.is_empty() {
            return Ok(Polygon::new(LineString(Vec::new()), Vec::new()));
        }
        let outer = rings.remove(0);
        Ok(Polygon::new(outer, rings))
    }

    /// One geometry (its byte order and type first).
    fn geometry(&mut self, depth: usize) -> Result<Geometry<f64>, String> {
        if depth > MAX_DEPTH {
            return Err("géométrie WKB trop imbriquée".into());
        }
        let little = match self.take::<1>()? {
            [1] => true,
            [0] => false,
            [b] => return Err(format!("ordre des octets WKB invalide ({b})")),
        };
        let code = self.u32(little)?;
        // EWKB flags (PostGIS) and ISO thousands (Z 1000, M 2000, ZM 3000).
        let (ewkb_z, ewkb_m, ewkb_srid) = (
            code & 0x8000_0000 != 0,
            code & 0x4000_0000 != 0,
            code & 0x2000_0000 != 0,
        );
        let plain = code & 0x0fff_ffff;
        if ewkb_srid {
            self.u32(little)?;
        }
        let (base, iso_dims) = (plain % 1000, plain / 1000);
        let dims = 2
            + usize::from(ewkb_z)
            + usize::from(ewkb_m)
            + match iso_dims {
                0 => 0,
                1 | 2 => 1,
                3 => 2,
                _ => return Err(format!("type de géométrie WKB inconnu ({code})")),
            };
        let sub = |r: &mut Self, want: u32| -> Result<Geometry<f64>, String> {
            let g = r.geometry(depth + 1)?;
            let ok = matches!(
                (&g, want),
                (Geometry::Point(_), 1) | (Geometry::LineString(_), 2) | (Geometry::Polygon(_), 3)
            );
            if ok {
                Ok(g)
            } else {
                Err("géométrie WKB incohérente (partie d'un autre type)".into())
            }
        };
        Ok(match base {
            1 => Geometry::Point(Point(self.coord(little, dims)?)),
            2 => Geometry::LineString(self.line(little, dims)?),
            3 => Geometry::Polygon(self.polygon(little, dims)?),
            4 => {
                let n = self.count(little, 5 + 16, "point(s)")?;
                let mut points = Vec::with_capacity(n);
                for _ in 0..n {
                    if let Geometry::Point(p) = sub(self, 1)? {
                        points.push(p);
                    }
                }
                Geometry::MultiPoint(MultiPoint(points))
            }
            5 => {
                let n = self.count(little, 9, "ligne(s)")?;
                let mut lines = Vec::with_capacity(n);
                for _ in 0..n {
                    if let Geometry::LineString(l) = sub(self, 2)? {
                        lines.push(l);
                    }
                }
                Geometry::MultiLineString(MultiLineString(lines))
            }
            6 => {
                let n = self.count(little, 9, "polygone(s)")?;
                let mut polygons = Vec::with_capacity(n);
                for _ in 0..n {
                    if let Geometry::Polygon(p) = sub(self, 3)? {
                        polygons.push(p);
                    }
                }
                Geometry::MultiPolygon(MultiPolygon(polygons))
            }
            7 => return Err("collection de géométries non prise en charge".into()),
            _ => {
                return Err(format!(
                    "type de géométrie non pris en charge (code WKB {code} : courbes, surfaces \
                     polyédriques ou TIN)"
                ));
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f64, y: f64) -> Polygon<f64> {
        Polygon::new(
            LineString::from(vec![(x, y), (x + 1.0, y), (x + 1.0, y + 1.0), (x, y)]),
            vec![],
        )
    }

    #[test]
    fn multipolygon_and_point_round_trip_with_their_envelope() {
        let mp = Geometry::MultiPolygon(MultiPolygon(vec![square(1.0, 2.0), square(5.0, -3.0)]));
        let blob = gpkg_blob(&mp, 2154);
        assert_eq!(&blob[..4], b"GP\x00\x03");
        assert_eq!(
            i32::from_le_bytes([blob[4], blob[5], blob[6], blob[7]]),
            2154
        );
        let minx = f64::from_le_bytes(blob[8..16].try_into().expect("8 bytes"));
        let maxy = f64::from_le_bytes(blob[32..40].try_into().expect("8 bytes"));
        assert_eq!((minx, maxy), (1.0, 3.0));
        assert_eq!(read_gpkg_blob(&blob), Ok(Some(mp)));
        let p = Geometry::Point(Point::new(2.35, 48.85));
        assert_eq!(read_gpkg_blob(&gpkg_blob(&p, 4326)), Ok(Some(p)));
    }

    #[test]
    fn big_endian_z_polygon_reads_in_2d() {
        // Header without envelope, then a big-endian Polygon Z (1003) of one 4-point ring.
        let mut blob = b"GP\x00\x00".to_vec();
        blob.extend_from_slice(&2154i32.to_be_bytes());
        blob.push(0);
        blob.extend_from_slice(&1003u32.to_be_bytes());
        blob.extend_from_slice(&1u32.to_be_bytes());
        blob.extend_from_slice(&4u32.to_be_bytes());
        for (x, y) in [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)] {
            for v in [x, y, 99.0f64] {
                blob.extend_from_slice(&v.to_be_bytes());
            }
        }
        let g = read_gpkg_blob(&blob).expect("read").expect("geometry");
        assert_eq!(g, Geometry::Polygon(square(0.0, 0.0)));
    }

    #[test]
    fn damaged_blobs_are_refused_in_french_without_allocating() {
        assert!(read_gpkg_blob(b"XX").unwrap_err().contains("tronquée"));
        assert!(
            read_gpkg_blob(b"XY\x00\x01\x00\x00\x00\x00")
                .unwrap_err()
                .contains("GP")
        );
        // A polygon announcing 4 billion rings in a few bytes.
        let mut blob = b"GP\x00\x01".to_vec();
        blob.extend_from_slice(&0i32.to_le_bytes());
        blob.push(1);
        blob.extend_from_slice(&3u32.to_le_bytes());
        blob.extend_from_slice(&u32::MAX.to_le_bytes());
        let e = read_gpkg_blob(&blob).unwrap_err();
        assert!(e.contains("abîmée"), "{e}");
        // Empty flag: no geometry.
        assert_eq!(read_gpkg_blob(b"GP\x00\x11\x00\x00\x00\x00"), Ok(None));
        // A curve type.
        let mut blob = b"GP\x00\x01\x00\x00\x00\x00".to_vec();
        blob.push(1);
        blob.extend_from_slice(&10u32.to_le_bytes());
        assert!(
            read_gpkg_blob(&blob)
                .unwrap_err()
                .contains("non pris en charge")
        );
    }
}
