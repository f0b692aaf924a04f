//! The map background: the embedded offline vector basemap, or OpenStreetMap tiles with a disk
//! cache when the user turns online mode on.

use std::time::{Duration, Instant};

use walkers::sources::OpenStreetMap;
use walkers::{HttpOptions, HttpTiles, Position, TileId, Tiles};

use crate::io::assets;

/// How long OpenStreetMap may stay silent before the user is told it is unreachable.
const ONLINE_GRACE: Duration = Duration::from_secs(8);

pub enum Basemap {
    Offline(Box<CoveredTiles>),
    Online(Box<HttpTiles>, OnlineWatch),
    /// The basemap file is missing or unreadable: the territories are drawn on a plain background.
    Unavailable(String),
}

impl Basemap {
    pub fn offline(ctx: &egui::Context) -> Basemap {
        let found = assets::assets();
        let (Some(path), Some(style_path)) = (assets::basemap_path(), assets::basemap_style_path())
        else {
            let message = found.missing_message().unwrap_or_default();
            // Once per run, although the side-by-side view opens a second basemap.
            static SAID: std::sync::Once = std::sync::Once::new();
            SAID.call_once(|| log::warn!("{message}"));
            return Basemap::Unavailable(message);
        };
        let style = match std::fs::read(&style_path)
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice::<walkers::Style>(&b).map_err(|e| e.to_string()))
        {
            Ok(style) => style,
            Err(e) => {
                return Basemap::Unavailable(format!(
                    "style du fond de carte illisible ({}) : les territoires sont dessinés sur un fond uni ; réinstallez le paquet ti-atlas ({e})",
                    style_path.display()
                ));
            }
        };
        Basemap::Offline(Box::new(CoveredTiles(
            walkers::PmTiles::with_style(path, style, ctx.clone()),
            0,
        )))
    }

    pub fn online(ctx: &egui::Context) -> Basemap {
        let cache = directories::ProjectDirs::from("fr", "anct", "ti-atlas")
            .map(|d| d.cache_dir().join("osm-tiles"));
        let options = HttpOptions {
            cache,
            ..Default::default()
        };
        Basemap::Online(
            Box::new(HttpTiles::with_options(OpenStreetMap, options, ctx.clone())),
            OnlineWatch {
                since: Instant::now(),
                got_tile: false,
            },
        )
    }

    pub fn tiles(&mut self) -> Option<&mut dyn Tiles> {
        match self {
            Basemap::Offline(t) => Some(t.as_mut()),
            Basemap::Online(t, _) => Some(t.as_mut()),
            Basemap::Unavailable(_) => None,
        }
    }

    /// Tiles being read or downloaded right now, or (offline) drawn since the last call
    /// without their own data yet.
    pub fn in_progress(&mut self) -> usize {
        match self {
            Basemap::Offline(t) => t.take_misses() + t.stats().in_progress,
            Basemap::Online(t, _) => t.stats().in_progress,
            Basemap::Unavailable(_) => 0,
        }
    }

    pub fn is_online(&self) -> bool {
        matches!(self, Basemap::Online(..))
    }

    /// Online, and no tile has arrived for the view's centre within the grace period (no
    /// network, or the server refuses): the caller tells the user once, quietly.
    pub fn online_unreachable(&mut self, center: Position, zoom: f64, ctx: &egui::Context) -> bool {
        let Basemap::Online(tiles, watch) = self else {
            return false;
        };
        if watch.got_tile {
            return false;
        }
        if tiles.at(tile_at(center, zoom)).is_some() {
            watch.got_tile = true;
            return false;
        }
        let waited = watch.since.elapsed();
        if waited < ONLINE_GRACE {
            ctx.request_repaint_after(ONLINE_GRACE - waited);
            return false;
        }
        true
    }

    /// The basemap as the composition names it (for the sources line).
    pub fn kind(&self) -> crate::carto::Basemap {
        match self {
            Basemap::Offline(_) => crate::carto::Basemap::Offline,
            Basemap::Online(..) => crate::carto::Basemap::Online,
            Basemap::Unavailable(_) => crate::carto::Basemap::None,
        }
    }
}

/// The offline archive seen through [`crate::carto::basemap_cover`]: a tile the archive cuts at
/// the edge of its tiled boxes (east of 12° E at the deep zooms) is drawn from the shallower
/// tile that holds all its ground, enlarged, so the basemap covers the whole map at every zoom.
/// It also counts the tiles asked for and not yet read (drawn meanwhile from a shallower one,
/// or not at all): the golden images wait until there are none.
pub struct CoveredTiles(walkers::PmTiles, usize);

impl CoveredTiles {
    /// The tiles asked for and not yet read since the last call.
    pub fn take_misses(&mut self) -> usize {
        std::mem::take(&mut self.1)
    }

    /// A tile of the archive; counts it as missing when walkers has only a shallower one.
    fn read(&mut self, tile_id: TileId) -> Option<walkers::TilePiece> {
        let piece = self.0.at(tile_id);
        let whole = egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0));
        if piece.as_ref().is_none_or(|p| p.uv != whole) {
            self.1 += 1;
        }
        piece
    }
}

impl Tiles for CoveredTiles {
    fn at(&mut self, tile_id: TileId) -> Option<walkers::TilePiece> {
        let wanted = crate::carto::basemap_cover::TileRef {
            zoom: tile_id.zoom,
            x: tile_id.x,
            y: tile_id.y,
        };
        let source = wanted.source();
        if source == wanted {
            return self.read(tile_id);
        }
        let piece = self.read(TileId {
            x: source.x,
            y: source.y,
            zoom: source.zoom,
        })?;
        // The part of the source tile this tile covers, within the part the source gave.
        let d = f32::from(u16::try_from(1u32 << (wanted.zoom - source.zoom)).unwrap_or(u16::MAX));
        let fx = (wanted.x - (source.x << (wanted.zoom - source.zoom))) as f32 / d;
        let fy = (wanted.y - (source.y << (wanted.zoom - source.zoom))) as f32 / d;
        let uv = piece.uv;
        let min = uv.min + egui::vec2(fx * uv.width(), fy * uv.height());
        Some(walkers::TilePiece::new(
            piece.tile,
            egui::Rect::from_min_size(min, uv.size() / d),
        ))
    }

    fn attribution(&self) -> walkers::sources::Attribution {
        self.0.attribution()
    }

    fn tile_size(&self) -> u32 {
        self.0.tile_size()
    }

    fn stats(&self) -> walkers::Stats {
        self.0.stats()
    }
}

/// Whether OpenStreetMap has answered since online mode was turned on.
pub struct OnlineWatch {
    since: Instant,
    got_tile: bool,
}

/// The 256-pixel tile containing a point at a zoom (Web Mercator).
pub fn tile_at(p: Position, zoom: f64) -> TileId {
    let z = zoom.floor().clamp(0.0, 19.0) as u8;
    let n = f64::from(1u32 << z);
    let w = crate::carto::world_from_lonlat(p);
    let x = (w[0] * n).floor().clamp(0.0, n - 1.0) as u32;
    let y = (w[1] * n).floor().clamp(0.0, n - 1.0) as u32;
    TileId { x, y, zoom: z }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_of_paris_at_zoom_10() {
        // Paris (2.35 E, 48.857 N) is in OSM tile 10/518/352.
        let t = tile_at(walkers::lon_lat(2.3522, 48.8566), 10.4);
        assert_eq!((t.zoom, t.x, t.y), (10, 518, 352));
        let t = tile_at(walkers::lon_lat(-180.0, 85.0511), 0.0);
        assert_eq!((t.zoom, t.x, t.y), (0, 0, 0));
    }
}
