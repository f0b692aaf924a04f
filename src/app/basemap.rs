//! The map background: the embedded offline vector basemap, or OpenStreetMap tiles with a disk
//! cache when the user turns online mode on.

use walkers::sources::OpenStreetMap;
use walkers::{HttpOptions, HttpTiles, Tiles};

use crate::io::assets;

pub enum Basemap {
    Offline(Box<walkers::PmTiles>),
    Online(Box<HttpTiles>),
    /// The basemap file is missing or unreadable: the territories are drawn on a plain background.
    Unavailable(String),
}

impl Basemap {
    pub fn offline(ctx: &egui::Context) -> Basemap {
        let path = assets::basemap_path();
        if !path.is_file() {
            return Basemap::Unavailable(format!(
                "fond de carte hors ligne introuvable : {}",
                path.display()
            ));
        }
        let style_path = assets::basemap_style_path();
        let style = match std::fs::read(&style_path)
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice::<walkers::Style>(&b).map_err(|e| e.to_string()))
        {
            Ok(style) => style,
            Err(e) => {
                return Basemap::Unavailable(format!(
                    "style du fond de carte illisible ({}) : {e}",
                    style_path.display()
                ));
            }
        };
        Basemap::Offline(Box::new(walkers::PmTiles::with_style(
            path,
            style,
            ctx.clone(),
        )))
    }

    pub fn online(ctx: &egui::Context) -> Basemap {
        let cache = directories::ProjectDirs::from("fr", "anct", "ti-atlas")
            .map(|d| d.cache_dir().join("osm-tiles"));
        let options = HttpOptions {
            cache,
            ..Default::default()
        };
        Basemap::Online(Box::new(HttpTiles::with_options(
            OpenStreetMap,
            options,
            ctx.clone(),
        )))
    }

    pub fn tiles(&mut self) -> Option<&mut dyn Tiles> {
        match self {
            Basemap::Offline(t) => Some(t.as_mut()),
            Basemap::Online(t) => Some(t.as_mut()),
            Basemap::Unavailable(_) => None,
        }
    }

    pub fn is_online(&self) -> bool {
        matches!(self, Basemap::Online(_))
    }

    /// Attribution to show on the map.
    pub fn attribution_fr(&self) -> &'static str {
        match self {
            Basemap::Online(_) => "© les contributeurs d'OpenStreetMap",
            _ => "Fond : Natural Earth (domaine public) ; IGN – ADMIN EXPRESS COG 2024",
        }
    }
}
