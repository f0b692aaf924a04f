//! The places the map opens on and jumps to, and how far it zooms offline.

/// Metropolitan France, the opening view.
pub const FRANCE_CENTER: (f64, f64) = (2.4, 46.6);
pub const FRANCE_ZOOM: f64 = 5.6;
/// The embedded basemap has tiles up to tile zoom 12, drawn at map zoom 13 (512-pixel tiles):
/// beyond, offline, the map would go blank.
pub const OFFLINE_MAX_ZOOM: f64 = 13.0;

/// Quick jumps: metropolitan France and the overseas régions (name, lon, lat, zoom).
pub const JUMPS: [(&str, f64, f64, f64); 6] = [
    (
        "France métropolitaine",
        FRANCE_CENTER.0,
        FRANCE_CENTER.1,
        FRANCE_ZOOM,
    ),
    ("Guadeloupe", -61.55, 16.2, 9.0),
    ("Martinique", -61.0, 14.65, 9.5),
    ("Guyane", -53.1, 4.0, 6.8),
    ("La Réunion", 55.53, -21.13, 9.5),
    ("Mayotte", 45.15, -12.82, 10.5),
];
