//! The offline basemap's vector content in exports: sea, land of France and of the
//! neighbouring countries, country, région and département borders, read from the same
//! `assets/basemap/france.pmtiles` tiles the screen shows (styles from `assets/styles`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use bytes::Bytes;
use geo::Geometry;
use pmtiles::{AsyncBackend, AsyncPmTilesReader, BackendResponse, NoCache, PmtError, TileCoord};

use super::svg::{Paint, Svg};
use super::tenths::push_tenths;
use crate::carto::basemap_cover::TileRef;
use crate::carto::basemap_names::BasemapName;
use crate::carto::look;
use crate::carto::{Rect, ViewTransform};

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
    /// The tiles drawn lately, decoded (the same tiles are drawn by every export of a view).
    decoded: Mutex<HashMap<TileRef, Option<Arc<TileShapes>>>>,
}

/// At most this many decoded tiles are kept (one export draws at most 64).
const DECODED_TILES: usize = 64;

/// Which of the drawn paths a tile's feature goes to.
#[derive(Clone, Copy)]
enum Target {
    Land,
    France,
    /// Country, région or département border.
    Border(usize),
}

/// A tile's drawn features: their path, their layer's extent and their geometry in tile units.
type TileShapes = Vec<(Target, f64, Geometry<f32>)>;

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
        Ok(BasemapTiles {
            reader,
            max_zoom,
            decoded: Mutex::default(),
        })
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

    /// The archive's country and sea names with their points, per tier of zooms: read from
    /// the tiles of zooms 4 to 8 over the tiled areas, each name at the first zoom of its tier
    /// that holds it (from then on to the tier's last zoom).
    pub fn names(&self) -> Vec<BasemapName> {
        use crate::carto::basemap_cover::{LOCAL_AREAS, MAX_ZOOM, WIDE_AREAS, WIDE_MAX_ZOOM};
        let mut out: Vec<BasemapName> = Vec::new();
        for z in 4..=8u8 {
            let (areas, last): (&[[f64; 4]], u8) = if z <= WIDE_MAX_ZOOM {
                (&WIDE_AREAS, WIDE_MAX_ZOOM)
            } else {
                (&LOCAL_AREAS, MAX_ZOOM)
            };
            let mut tiles: Vec<(u32, u32)> = Vec::new();
            for a in areas {
                let bbox = geo::Rect::new((a[0], a[1]), (a[2], a[3]));
                let world = crate::carto::WorldRect::from_lonlat(bbox);
                let n = n_of(z);
                let x0 = (world.min[0] * n).floor() as u32;
                let x1 = (world.max[0] * n).floor() as u32;
                let y0 = (world.min[1] * n).floor() as u32;
                let y1 = (world.max[1] * n).floor() as u32;
                for x in x0..=x1 {
                    for y in y0..=y1 {
                        if !tiles.contains(&(x, y)) {
                            tiles.push((x, y));
                        }
                    }
                }
            }
            for (x, y) in tiles {
                let Some(data) = self.tile(z, x, y) else {
                    continue;
                };
                let Ok(reader) = mvt_reader::Reader::new(data.to_vec()) else {
                    continue;
                };
                let Ok(layers) = reader.get_layer_metadata() else {
                    continue;
                };
                for layer in layers.iter().filter(|l| l.name == "labels") {
                    let extent = f64::from(layer.extent.max(1));
                    let Ok(features) = reader.get_features(layer.layer_index) else {
                        continue;
                    };
                    for f in features {
                        let text = |key: &str| match f.properties.as_ref().and_then(|p| p.get(key))
                        {
                            Some(mvt_reader::feature::Value::String(s)) => Some(s.clone()),
                            _ => None,
                        };
                        let point = match &f.geometry {
                            Geometry::Point(p) => Some(*p),
                            Geometry::MultiPoint(mp) => mp.0.first().copied(),
                            _ => None,
                        };
                        let (Some(name), Some(kind), Some(p)) = (text("name"), text("kind"), point)
                        else {
                            continue;
                        };
                        let same_tier = |b: &BasemapName| b.name == name && b.tile_zooms.1 == last;
                        if out.iter().any(same_tier) {
                            continue;
                        }
                        out.push(BasemapName {
                            name,
                            sea: kind == "sea",
                            world: [
                                (f64::from(x) + f64::from(p.x()) / extent) / n_of(z),
                                (f64::from(y) + f64::from(p.y()) / extent) / n_of(z),
                            ],
                            tile_zooms: (z, last),
                        });
                    }
                }
            }
        }
        out
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

    pub fn draw(&self, svg: &mut Svg, view: &ViewTransform, unit: f64) -> bool {
        let frame = view.frame();
        let z = self.tile_zoom(view);
        let tiles = tiles_over(view, z);
        // The names are the composition's (crate::carto::basemap_names).
        // Tiles the archive cuts at the edge of its boxes are drawn from the shallower tile
        // that holds all their ground, clipped to their own square (see carto::basemap_cover).
        let mut own = Paths::default();
        let mut borrowed: Vec<(Rect, Paths)> = Vec::new();
        let mut read_any = false;
        for (x, y) in tiles {
            let wanted = TileRef { zoom: z, x, y };
            let source = wanted.source();
            if source == wanted {
                read_any |= self.read_tile(source, view, unit, &mut own);
            } else {
                let mut paths = Paths::default();
                if self.read_tile(source, view, unit, &mut paths) {
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
        svg.begin_group("fond-de-carte-traits");
        for (r, paths) in &borrowed {
            svg.begin_clip(r.min.x, r.min.y, r.width(), r.height());
            paths.write(svg, unit);
            svg.end_group();
        }
        own.write(svg, unit);
        svg.end_group();
        true
    }

    /// Reads one tile's land, France and borders into `paths`; false
    /// when the archive has no readable tile there.
    fn read_tile(&self, t: TileRef, view: &ViewTransform, unit: f64, paths: &mut Paths) -> bool {
        let (z, x, y) = (t.zoom, t.x, t.y);
        let Some(shapes) = self.shapes(t) else {
            return false;
        };
        let n = 2f64.powi(i32::from(z));
        for (target, extent, geometry) in shapes.iter() {
            let to_page = |px: f32, py: f32| {
                let p = view.frame_from_world([
                    (f64::from(x) + f64::from(px) / extent) / n,
                    (f64::from(y) + f64::from(py) / extent) / n,
                ]);
                (p.x, p.y)
            };
            let d = match *target {
                Target::Land => &mut paths.land,
                Target::France => &mut paths.france,
                Target::Border(i) => &mut paths.borders[i.min(2)],
            };
            append_geometry(d, geometry, &to_page, MIN_STEP_PT * unit);
        }
        true
    }

    /// One tile's drawn features, decoded once while it stays among the last tiles drawn;
    /// None when the archive has no readable tile there.
    fn shapes(&self, t: TileRef) -> Option<Arc<TileShapes>> {
        if let Some(found) = self.decoded.lock().ok()?.get(&t) {
            return found.clone();
        }
        let shapes = self.decode(t).map(Arc::new);
        if let Ok(mut decoded) = self.decoded.lock() {
            if decoded.len() >= DECODED_TILES {
                decoded.clear();
            }
            decoded.insert(t, shapes.clone());
        }
        shapes
    }

    /// Decodes one tile's land, France and borders.
    fn decode(&self, t: TileRef) -> Option<TileShapes> {
        let data = self.tile(t.zoom, t.x, t.y)?;
        let reader = mvt_reader::Reader::new(data.to_vec()).ok()?;
        let mut shapes = TileShapes::new();
        let Ok(layers) = reader.get_layer_metadata() else {
            return Some(shapes);
        };
        for layer in layers {
            let extent = f64::from(layer.extent.max(1));
            let Ok(features) = reader.get_features(layer.layer_index) else {
                continue;
            };
            for f in features {
                let target = match layer.name.as_str() {
                    "land" => Target::Land,
                    "france" => Target::France,
                    "boundaries" => {
                        let kind = f
                            .properties
                            .as_ref()
                            .and_then(|p| p.get("kind"))
                            .map(|v| format!("{v:?}"))
                            .unwrap_or_default();
                        Target::Border(if kind.contains("country") {
                            0
                        } else if kind.contains("region") {
                            1
                        } else {
                            2
                        })
                    }
                    _ => continue,
                };
                shapes.push((target, extent, f.geometry));
            }
        }
        Some(shapes)
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

/// Tiles across the world at a zoom.
fn n_of(z: u8) -> f64 {
    f64::from(1u32 << z)
}

/// The bundled archive's country and sea names, read once (none without the archive).
pub fn names() -> std::sync::Arc<Vec<BasemapName>> {
    static NAMES: OnceLock<std::sync::Arc<Vec<BasemapName>>> = OnceLock::new();
    NAMES
        .get_or_init(|| {
            std::sync::Arc::new(
                BasemapTiles::bundled()
                    .map(BasemapTiles::names)
                    .unwrap_or_default(),
            )
        })
        .clone()
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

/// The shortest step between two points of a basemap line written to a page, in the map's
/// points (times its `unit`, as its line widths): the tiles carry more detail than paper
/// shows (a third of their steps under 0.5 pt on the A4 France map), and each point is parsed,
/// measured, converted and compressed again by the PDF and PNG writers. Half a point (0.18 mm
/// on an A4 map), the width of the thinnest border drawn over it. (Douglas–Peucker on top
/// of it left a sixth fewer points but cost as much as it saved.)
const MIN_STEP_PT: f64 = 0.5;

/// Appends a tile geometry (tile pixel coordinates) to a path's `d`, leaving out the points
/// closer than `min_step` (page units) to the last one written (a line keeps its end; a
/// ring's end is its start).
fn append_geometry(
    d: &mut String,
    g: &Geometry<f32>,
    to_page: &dyn Fn(f32, f32) -> (f64, f64),
    min_step: f64,
) {
    let put = |d: &mut String, (px, py): (f64, f64), first: bool| {
        d.push(if first { 'M' } else { 'L' });
        push_tenths(d, px);
        d.push(' ');
        push_tenths(d, py);
    };
    let mut ring = |coords: &mut dyn Iterator<Item = (f32, f32)>, close: bool| {
        let mut last: Option<(f64, f64)> = None;
        let mut skipped: Option<(f64, f64)> = None;
        for (x, y) in coords {
            let p = to_page(x, y);
            match last {
                Some(l) if (p.0 - l.0).hypot(p.1 - l.1) < min_step => skipped = Some(p),
                _ => {
                    put(d, p, last.is_none());
                    last = Some(p);
                    skipped = None;
                }
            }
        }
        match (close, last, skipped) {
            (true, Some(_), _) => d.push('Z'),
            (false, Some(_), Some(end)) => put(d, end, false),
            _ => {}
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
