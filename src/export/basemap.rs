//! The offline basemap's vector content in exports: sea, land of France and of the
//! neighbouring countries, country, région and département borders, read from the same
//! `assets/basemap/france.pmtiles` tiles the screen shows (styles from `assets/styles`).

use std::fmt::Write as _;
use std::sync::OnceLock;

use bytes::Bytes;
use geo::Geometry;
use pmtiles::{AsyncBackend, AsyncPmTilesReader, BackendResponse, NoCache, PmtError, TileCoord};

use super::svg::{Anchor, Paint, Svg, TextStyle};
use crate::carto::basemap_cover::TileRef;
use crate::carto::look;
use crate::carto::{Pos, Rect, ViewTransform};

/// The archive held in memory (6 MB), read without any async runtime.
struct MemoryBackend(Bytes);

impl AsyncBackend for MemoryBackend {
    fn read(
        &self,
        offset: usize,
        length: usize,
    ) -> impl Future<Output = pmtiles::PmtResult<BackendResponse>> + Send {
        let response = if offset > self.0.len() {
            Err(PmtError::Reading(std::io::Error::from(
                std::io::ErrorKind::UnexpectedEof,
            )))
        } else {
            let end = offset.saturating_add(length).min(self.0.len());
            Ok(BackendResponse::new(self.0.slice(offset..end)))
        };
        std::future::ready(response)
    }
}

/// The basemap tiles.
pub struct BasemapTiles {
    reader: AsyncPmTilesReader<MemoryBackend, NoCache>,
    max_zoom: u8,
}

impl BasemapTiles {
    /// Opens an archive; the error says which file and why, in French.
    pub fn open(path: &std::path::Path) -> Result<Self, String> {
        let bytes = std::fs::read(path)
            .map_err(|e| format!("{} : fond de carte illisible ({e})", path.display()))?;
        let reader = pollster::block_on(AsyncPmTilesReader::try_from_source(MemoryBackend(
            bytes.into(),
        )))
        .map_err(|e| format!("{} : fond de carte invalide ({e})", path.display()))?;
        let max_zoom = reader.get_header().max_zoom;
        Ok(BasemapTiles { reader, max_zoom })
    }

    /// The bundled basemap (assets/basemap/france.pmtiles, found by [`crate::io::assets`]),
    /// opened once; when it is missing or unreadable, says so once and gives None (the
    /// exports then draw a plain background).
    pub fn bundled() -> Option<&'static BasemapTiles> {
        static TILES: OnceLock<Option<BasemapTiles>> = OnceLock::new();
        TILES
            .get_or_init(|| {
                let Some(path) = crate::io::assets::basemap_path() else {
                    let found = crate::io::assets::assets();
                    log::warn!("{}", found.missing_message().unwrap_or_default());
                    return None;
                };
                match Self::open(&path) {
                    Ok(t) => Some(t),
                    Err(e) => {
                        log::warn!("{e} : carte exportée sur un fond uni");
                        None
                    }
                }
            })
            .as_ref()
    }

    /// One tile's MVT bytes (decompressed), if the archive has it.
    fn tile(&self, z: u8, x: u32, y: u32) -> Option<Bytes> {
        let coord = TileCoord::new(z, x, y).ok()?;
        pollster::block_on(self.reader.get_tile_decompressed(coord))
            .ok()
            .flatten()
    }

    /// Draws the basemap under the map of `frame`. Returns false when no tile could be read
    /// (the caller then draws its fallback).
    /// The tile zoom drawn for a view: the archive's tiles are made for 512-pixel display
    /// (tile zoom = map zoom - 1), at most 64 tiles.
    pub fn tile_zoom(&self, view: &ViewTransform) -> u8 {
        let mut z = (view.zoom().round() - 1.0).clamp(0.0, f64::from(self.max_zoom)) as u8;
        while z > 0 && tiles_over(view, z).len() > 64 {
            z -= 1;
        }
        z
    }

    pub fn draw(&self, svg: &mut Svg, view: &ViewTransform, unit: f64, avoid: &[Rect]) -> bool {
        let frame = view.frame();
        let z = self.tile_zoom(view);
        let tiles = tiles_over(view, z);
        // Country and sea names (name, is a sea, page position), each once.
        let mut labels: Vec<(String, bool, (f64, f64))> = Vec::new();
        // Tiles the archive cuts at the edge of its boxes are drawn from the shallower tile
        // that holds all their ground, clipped to their own square (see carto::basemap_cover).
        let mut own = Paths::default();
        let mut borrowed: Vec<(Rect, Paths)> = Vec::new();
        let mut read_any = false;
        for (x, y) in tiles {
            let wanted = TileRef { zoom: z, x, y };
            let source = wanted.source();
            if source == wanted {
                read_any |= self.read_tile(source, view, &mut own, &mut labels);
            } else {
                let mut paths = Paths::default();
                if self.read_tile(source, view, &mut paths, &mut labels) {
                    read_any = true;
                    borrowed.push((tile_rect(view, wanted), paths));
                }
            }
        }
        if !read_any {
            return false;
        }
        svg.rect(
            frame.min.x,
            frame.min.y,
            frame.width(),
            frame.height(),
            Paint::fill(look::SEA),
        );
        svg.begin_group("fond-de-carte");
        for (r, paths) in &borrowed {
            svg.begin_clip(r.min.x, r.min.y, r.width(), r.height());
            paths.write(svg, unit);
            svg.end_group();
        }
        own.write(svg, unit);
        for (name, sea, (x, y)) in &labels {
            let (colour, size) = if *sea {
                (look::SEA_NAME, look::BASEMAP_LABEL_SIZE * unit)
            } else {
                (look::COUNTRY_NAME, look::BASEMAP_LABEL_SIZE * unit)
            };
            let style = TextStyle::new(size).colour(colour).anchor(Anchor::Middle);
            // Only names that fit whole inside the frame.
            let half = style.width_of(name) / 2.0;
            let text = Rect::from_min_max(
                Pos::new(*x - half, *y - size),
                Pos::new(*x + half, *y + size * 0.3),
            );
            let inside = frame.expand(-2.0 * unit).contains_rect(&text);
            if inside && !avoid.iter().any(|r| r.intersects(&text.expand(2.0 * unit))) {
                svg.text(*x, *y, name, style);
            }
        }
        svg.end_group();
        true
    }

    /// Reads one tile's land, France, borders and names into `paths` and `labels`; false
    /// when the archive has no readable tile there.
    fn read_tile(
        &self,
        t: TileRef,
        view: &ViewTransform,
        paths: &mut Paths,
        labels: &mut Vec<(String, bool, (f64, f64))>,
    ) -> bool {
        let (z, x, y) = (t.zoom, t.x, t.y);
        let Some(data) = self.tile(z, x, y) else {
            return false;
        };
        let Ok(reader) = mvt_reader::Reader::new(data.to_vec()) else {
            return false;
        };
        let Ok(layers) = reader.get_layer_metadata() else {
            return true;
        };
        for layer in layers {
            let extent = f64::from(layer.extent.max(1));
            let to_page = |px: f32, py: f32| {
                let n = 2f64.powi(i32::from(z));
                let p = view.frame_from_world([
                    (f64::from(x) + f64::from(px) / extent) / n,
                    (f64::from(y) + f64::from(py) / extent) / n,
                ]);
                (p.x, p.y)
            };
            let Ok(features) = reader.get_features(layer.layer_index) else {
                continue;
            };
            for f in features {
                if layer.name == "labels" {
                    let text = |key: &str| match f.properties.as_ref().and_then(|p| p.get(key)) {
                        Some(mvt_reader::feature::Value::String(s)) => Some(s.clone()),
                        _ => None,
                    };
                    let point = match &f.geometry {
                        Geometry::Point(p) => Some(*p),
                        Geometry::MultiPoint(mp) => mp.0.first().copied(),
                        _ => None,
                    };
                    if let (Some(name), Some(kind), Some(p)) = (text("name"), text("kind"), point)
                        && !labels.iter().any(|(n, _, _)| *n == name)
                    {
                        labels.push((name, kind == "sea", to_page(p.x(), p.y())));
                    }
                    continue;
                }
                let target = match layer.name.as_str() {
                    "land" => &mut paths.land,
                    "france" => &mut paths.france,
                    "boundaries" => {
                        let kind = f
                            .properties
                            .as_ref()
                            .and_then(|p| p.get("kind"))
                            .map(|v| format!("{v:?}"))
                            .unwrap_or_default();
                        let i = if kind.contains("country") {
                            0
                        } else if kind.contains("region") {
                            1
                        } else {
                            2
                        };
                        &mut paths.borders[i]
                    }
                    _ => continue,
                };
                append_geometry(target, &f.geometry, &to_page);
            }
        }
        true
    }
}

/// The path data read from tiles: other lands, France, borders (country, région, département).
#[derive(Default)]
struct Paths {
    land: String,
    france: String,
    borders: [String; 3],
}

impl Paths {
    fn write(&self, svg: &mut Svg, unit: f64) {
        svg.path_nonzero(
            &self.land,
            Paint::fill(look::LAND_NEIGHBOURS),
            Some("fond-terres"),
        );
        svg.path_nonzero(
            &self.france,
            Paint::fill(look::LAND_FRANCE),
            Some("fond-france"),
        );
        let looks = [
            (look::BORDER_COUNTRY, 1.2),
            (look::BORDER_REGION, 0.9),
            (look::BORDER_DEPARTEMENT, 0.5),
        ];
        for (d, (colour, width)) in self.borders.iter().zip(looks).rev() {
            svg.path(d, Paint::stroke(colour, width * unit), Some("fond-limites"));
        }
    }
}

/// A tile's square on the page.
fn tile_rect(view: &ViewTransform, t: TileRef) -> Rect {
    let n = f64::from(1u32 << t.zoom);
    let a = view.frame_from_world([f64::from(t.x) / n, f64::from(t.y) / n]);
    let b = view.frame_from_world([f64::from(t.x + 1) / n, f64::from(t.y + 1) / n]);
    Rect::from_min_max(a, b)
}

/// The tiles (x, y) of zoom `z` that meet the frame.
fn tiles_over(view: &ViewTransform, z: u8) -> Vec<(u32, u32)> {
    let b = view.visible_world_rect();
    let n = 1u32 << z;
    let tile = |w: [f64; 2]| -> (u32, u32) {
        let k = f64::from(n);
        (
            ((w[0] * k).floor().max(0.0) as u32).min(n - 1),
            ((w[1] * k).floor().max(0.0) as u32).min(n - 1),
        )
    };
    let (x0, y0) = tile(b.min);
    let (x1, y1) = tile(b.max);
    (y0..=y1)
        .flat_map(|y| (x0..=x1).map(move |x| (x, y)))
        .collect()
}

/// Appends a tile geometry (tile pixel coordinates) to a path's `d`.
fn append_geometry(d: &mut String, g: &Geometry<f32>, to_page: &dyn Fn(f32, f32) -> (f64, f64)) {
    let mut ring = |coords: &mut dyn Iterator<Item = (f32, f32)>, close: bool| {
        let mut first = true;
        for (x, y) in coords {
            let (px, py) = to_page(x, y);
            let _ = write!(d, "{}{px:.1} {py:.1}", if first { "M" } else { "L" });
            first = false;
        }
        if close && !first {
            d.push('Z');
        }
    };
    match g {
        Geometry::Polygon(p) => {
            for r in std::iter::once(p.exterior()).chain(p.interiors()) {
                ring(&mut r.coords().map(|c| (c.x, c.y)), true);
            }
        }
        Geometry::MultiPolygon(mp) => {
            for p in &mp.0 {
                for r in std::iter::once(p.exterior()).chain(p.interiors()) {
                    ring(&mut r.coords().map(|c| (c.x, c.y)), true);
                }
            }
        }
        Geometry::LineString(l) => ring(&mut l.coords().map(|c| (c.x, c.y)), false),
        Geometry::MultiLineString(ml) => {
            for l in &ml.0 {
                ring(&mut l.coords().map(|c| (c.x, c.y)), false);
            }
        }
        _ => {}
    }
}
