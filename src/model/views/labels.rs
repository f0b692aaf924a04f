//! What the user did to a name on the map: hid it, or moved it to a point. Kept with the map's
//! settings and in saved views, keyed by the unit (`ti-2023-2027:ti-8402`), and drawn the same
//! on screen and on paper.

use serde::{Deserialize, Serialize};

/// A name hidden, or moved to a point (lon, lat).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum LabelOverride {
    Hidden,
    Moved { lon: f64, lat: f64 },
}
