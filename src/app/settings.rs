//! The settings saved between sessions (in their own JSON file, see [`super::settings_store`]):
//! the map's settings ([`MapSettings`], shared with the command line), the basemap, the
//! remembered imports and the saved views. Runtime state stays out of here.
//!
//! The map's fields are flattened: the file keeps the shape it had before they were grouped,
//! so a file written by an earlier version loads with nothing lost. Fields added since (the
//! layout, the text size, the presentation's contrast) take their defaults when absent.

use serde::{Deserialize, Serialize};

use super::imports::ImportedFile;
use super::layout::{Layout, default_text_scale};
use crate::carto::MapSettings;
use crate::model::views::bookmarks::Bookmark;

pub const STORAGE_KEY: &str = "ti-atlas/settings";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    #[serde(flatten)]
    pub map: MapSettings,
    /// OpenStreetMap tiles instead of the embedded basemap.
    pub online_basemap: bool,
    /// The user's files, reloaded at start.
    pub imported_files: Vec<ImportedFile>,
    /// Saved views ("vues") for presentations, in presentation order.
    pub bookmarks: Vec<Bookmark>,
    /// Docked panels, their sizes and the bottom dock's tabs.
    pub layout: Layout,
    /// Size of the interface's text and widgets (1 = 100 %; Ctrl + / Ctrl − / Ctrl 0).
    pub text_scale: f32,
    /// The presentation mode in high contrast (black on white, thicker outlines).
    pub presentation_high_contrast: bool,
    /// The project saved or opened last (Enregistrer writes there), and the recent ones.
    pub current_project: Option<std::path::PathBuf>,
    pub recent_projects: Vec<std::path::PathBuf>,
    /// The columns the user tied to the templates' fields, by the file's headers (see
    /// [`columns_key`]): offered again for a file with the same headers.
    pub column_mappings: std::collections::BTreeMap<String, Vec<(String, String)>>,
}

/// Most header sets whose columns are remembered.
pub const MAX_COLUMN_MAPPINGS: usize = 50;

/// The key a file's columns are remembered under: its headers, in order.
pub fn columns_key(headers: &[String]) -> String {
    headers
        .iter()
        .map(|h| h.trim())
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            map: MapSettings::default(),
            online_basemap: false,
            imported_files: Vec::new(),
            bookmarks: Vec::new(),
            layout: Layout::default(),
            text_scale: default_text_scale(),
            presentation_high_contrast: false,
            current_project: None,
            recent_projects: Vec::new(),
            column_mappings: std::collections::BTreeMap::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::import::ImportKind;
    use crate::model::indicators::classify::MethodChoice;
    use crate::model::{IndicatorId, LayerKind, Level, TerritoryId};
    use crate::palette::Scheme;

    /// A settings file as the previous version wrote it (method as a free string, every field
    /// at the top level).
    const PREVIOUS_VERSION: &str = r#"{
      "show_ti2023": true, "show_ti2018": false, "show_epci": true, "show_departements": false,
      "show_regions": true, "online_basemap": true, "show_labels": false, "maille": "Epci",
      "indicator": "part_emploi_industrie", "method": "manual", "classes": 7,
      "manual_breaks": "10 ; 20,5", "palette": {"scheme": "Blues", "reversed": true},
      "frozen_breaks": [0.0, 10.0, 100.0], "show_projects": false,
      "imported_files": [{"path": "/tmp/plan.xlsx", "kind": "Plan", "sheet": "actions"}],
      "bookmarks": [{"name": "Vitré", "centre": [-1.2, 48.1], "zoom": 9.5, "territory": "ti-5305",
        "maille": "Territoire", "indicator": "densite", "method": "q6", "classes": 6,
        "manual_breaks": "", "palette": {"scheme": "YlOrRd", "reversed": false},
        "frozen_breaks": null, "layers": ["Ti2023", "Regions"]}]
    }"#;

    #[test]
    fn a_file_of_the_previous_version_loads_with_nothing_lost() {
        let s: Settings = serde_json::from_str(PREVIOUS_VERSION).expect("previous settings");
        assert!(s.map.show_epci && s.map.show_regions && !s.map.show_labels);
        assert!(s.online_basemap && !s.map.show_projects);
        assert_eq!(s.map.maille, Level::Epci);
        assert_eq!(
            s.map.indicator.as_ref().map(IndicatorId::as_str),
            Some("part_emploi_industrie")
        );
        assert_eq!(s.map.method, MethodChoice::Manual);
        assert_eq!(s.map.classes, 7);
        assert_eq!(s.map.manual_breaks, "10 ; 20,5");
        assert_eq!(s.map.palette.scheme, Scheme::Blues);
        assert!(s.map.palette.reversed);
        assert_eq!(s.map.frozen_breaks, Some(vec![0.0, 10.0, 100.0]));
        assert_eq!(s.imported_files.len(), 1);
        assert_eq!(s.imported_files[0].kind, ImportKind::Plan);
        let view = &s.bookmarks[0];
        assert_eq!(view.territory, Some(TerritoryId::new("ti-5305")));
        assert_eq!(view.method, MethodChoice::Q6);
        assert_eq!(view.layers, vec![LayerKind::Ti2023, LayerKind::Regions]);
        // Written again, every field of the old file comes back as it was (new fields are
        // added beside them).
        let again: serde_json::Value = serde_json::to_value(&s).expect("json");
        let before: serde_json::Value = serde_json::from_str(PREVIOUS_VERSION).expect("json");
        assert!(contains(&again, &before), "{again:#}");
        assert_eq!(s.layout, Layout::default());
        assert_eq!(s.text_scale, 1.0);
    }

    /// A whole settings file whose indicators, territories and columns are named by their ids
    /// (plain strings, as every version wrote them) reads into the typed ids and is written
    /// back identical.
    #[test]
    fn a_file_naming_ids_reads_and_writes_back_identical() {
        let mut file = serde_json::to_value(Settings::default()).expect("json");
        let ids = serde_json::json!({
            "indicator": "evolution_emploi_prive_2017_2024",
            "natures": {"import:emplois.csv:etablissements": "Stock"},
            "symbols": {"indicator": "population", "shape": "Circle", "max_radius": 28.0,
                "value_per_area": null},
            "bivariate": {"on": true, "x": "part_emploi_industrie", "y": "densite",
                "x_breaks": "", "y_breaks": "5 ; 10"},
            "bookmarks": [{"name": "Vitré", "centre": [-1.2, 48.1], "zoom": 9.5,
                "territory": "ti-5305", "maille": "Territoire", "indicator": "densite",
                "method": "q6", "classes": 6, "manual_breaks": "",
                "palette": {"scheme": "YlOrRd", "reversed": false}, "frozen_breaks": null,
                "layers": ["Ti2023", "Regions"], "labels": {}}]
        });
        for (key, value) in ids.as_object().expect("object") {
            file[key] = value.clone();
        }
        let text = serde_json::to_string_pretty(&file).expect("text");
        let s: Settings = serde_json::from_str(&text).expect("settings with ids");
        assert_eq!(
            s.map.indicator,
            Some(IndicatorId::new("evolution_emploi_prive_2017_2024"))
        );
        assert_eq!(
            s.map.symbols.indicator,
            Some(IndicatorId::new("population"))
        );
        assert_eq!(s.map.bivariate.y, Some(IndicatorId::new("densite")));
        assert!(
            s.map
                .natures
                .contains_key("import:emplois.csv:etablissements")
        );
        assert_eq!(s.bookmarks[0].territory, Some(TerritoryId::new("ti-5305")));
        assert_eq!(s.bookmarks[0].indicator, Some(IndicatorId::new("densite")));
        // Every field comes back with the same value (the ids as the same plain strings);
        // written twice, the text is the same.
        let again = serde_json::to_value(&s).expect("written again");
        assert_eq!(again, file);
        let written = serde_json::to_string_pretty(&s).expect("text");
        let reread: Settings = serde_json::from_str(&written).expect("read again");
        assert_eq!(
            serde_json::to_string_pretty(&reread).expect("text"),
            written
        );
    }

    /// Whether `outer` holds everything `inner` holds (objects may have more keys).
    fn contains(outer: &serde_json::Value, inner: &serde_json::Value) -> bool {
        use serde_json::Value;
        match (outer, inner) {
            (Value::Object(o), Value::Object(i)) => i
                .iter()
                .all(|(k, v)| o.get(k).is_some_and(|ov| contains(ov, v))),
            (Value::Array(o), Value::Array(i)) => {
                o.len() == i.len() && o.iter().zip(i).all(|(a, b)| contains(a, b))
            }
            (o, i) => o == i,
        }
    }

    #[test]
    fn an_empty_file_gives_the_defaults() {
        let s: Settings = serde_json::from_str("{}").expect("defaults");
        assert_eq!(s, Settings::default());
        assert!(s.map.show_ti2023 && s.map.show_labels);
        assert_eq!(s.text_scale, 1.0);
    }

    #[test]
    fn the_layout_and_text_size_come_back() {
        let mut s = Settings::default();
        s.layout.left_open = false;
        s.layout.sheet_width = 450.0;
        s.layout.open(crate::app::layout::DockTab::Table);
        s.text_scale = 1.3;
        let text = serde_json::to_string(&s).expect("json");
        let again: Settings = serde_json::from_str(&text).expect("read back");
        assert_eq!(again, s);
    }
}
