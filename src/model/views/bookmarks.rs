//! Bookmarks ("vues") for briefings and assemblies: a map extent with the territory to show,
//! the indicator, maille, classes (frozen breaks included) and visible layers. Saved with the
//! settings, reordered, written to and read from a JSON file of their own.

use serde::{Deserialize, Serialize};

use crate::model::indicators::classify::MethodChoice;
use crate::model::{IndicatorId, LayerKind, Level, TerritoryId};
use crate::palette::Palette;

/// One view of a presentation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    pub name: String,
    /// Map centre (lon, lat) and zoom.
    pub centre: [f64; 2],
    pub zoom: f64,
    /// A 2023-2027 territory whose sheet is shown (ti-RRNN).
    #[serde(default)]
    pub territory: Option<TerritoryId>,
    pub maille: Level,
    #[serde(default)]
    pub indicator: Option<IndicatorId>,
    pub method: MethodChoice,
    pub classes: usize,
    #[serde(default)]
    pub manual_breaks: String,
    #[serde(default)]
    pub palette: Palette,
    #[serde(default)]
    pub frozen_breaks: Option<Vec<f64>>,
    pub layers: Vec<LayerKind>,
    /// Names hidden or moved on this view's map.
    #[serde(default)]
    pub labels: std::collections::BTreeMap<String, super::labels::LabelOverride>,
    /// The typology the view's map shows instead of the indicator (with its palette, style
    /// and, for one made from classes, its grid and types); not written without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typology: Option<crate::model::typology::TypologyChoice>,
}

/// The file format of exported views.
#[derive(Serialize, Deserialize)]
struct BookmarkFile {
    format: String,
    version: u32,
    vues: Vec<Bookmark>,
}

const FORMAT: &str = "ti-atlas-vues";

/// The views as a JSON file.
pub fn to_json(views: &[Bookmark]) -> String {
    let file = BookmarkFile {
        format: FORMAT.into(),
        version: 1,
        vues: views.to_vec(),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Views read from a file written by [`to_json`]; the error (in French) names the file and the
/// view at fault. Nothing is returned unless every view is valid.
pub fn from_json(text: &str, file: &str) -> Result<Vec<Bookmark>, String> {
    let parsed: BookmarkFile = serde_json::from_str(text).map_err(|e| {
        use serde_json::error::Category;
        let why = match e.classify() {
            Category::Eof => "fin de fichier inattendue (fichier tronqué ?)",
            Category::Syntax => "JSON mal formé",
            Category::Data => "contenu inattendu pour un fichier de vues",
            Category::Io => "lecture impossible",
        };
        format!(
            "{file} : fichier de vues illisible (ligne {}, colonne {}) : {why}",
            e.line(),
            e.column()
        )
    })?;
    if parsed.format != FORMAT {
        return Err(format!(
            "{file} : ce n'est pas un fichier de vues ti-atlas (format « {} »)",
            parsed.format
        ));
    }
    if parsed.version != 1 {
        return Err(format!(
            "{file} : version {} du format de vues inconnue (attendu : 1)",
            parsed.version
        ));
    }
    for (i, v) in parsed.vues.iter().enumerate() {
        let problem = if v.name.trim().is_empty() {
            Some("nom vide".to_owned())
        } else if !(v.centre[0].is_finite()
            && v.centre[1].is_finite()
            && (-180.0..=180.0).contains(&v.centre[0])
            && (-85.1..=85.1).contains(&v.centre[1]))
        {
            Some(format!(
                "centre hors du monde ({}, {})",
                v.centre[0], v.centre[1]
            ))
        } else if !(v.zoom.is_finite() && (0.0..=20.0).contains(&v.zoom)) {
            Some(format!("zoom {} hors de 0 à 20", v.zoom))
        } else if !(2..=9).contains(&v.classes) {
            Some(format!("{} classes (de 2 à 9)", v.classes))
        } else {
            None
        };
        if let Some(p) = problem {
            return Err(format!("{file} : vue n° {} « {} » : {p}", i + 1, v.name));
        }
    }
    Ok(parsed.vues)
}

/// Moves the view at `from` one place up (`up`) or down; returns its new index.
pub fn move_view(views: &mut [Bookmark], from: usize, up: bool) -> usize {
    let to = if up {
        from.saturating_sub(1)
    } else {
        (from + 1).min(views.len().saturating_sub(1))
    };
    if from < views.len() && to < views.len() {
        views.swap(from, to);
    }
    to
}

/// The next (or previous) view of a presentation, staying on the last (first) one.
pub fn step(current: Option<usize>, len: usize, forward: bool) -> Option<usize> {
    if len == 0 {
        return None;
    }
    Some(match (current, forward) {
        (None, _) => 0,
        (Some(i), true) => (i + 1).min(len - 1),
        (Some(i), false) => i.saturating_sub(1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(name: &str) -> Bookmark {
        Bookmark {
            name: name.into(),
            centre: [2.4, 46.6],
            zoom: 5.6,
            territory: Some(TerritoryId::new("ti-5305")),
            maille: Level::Epci,
            indicator: Some("part_emploi_industrie".into()),
            method: MethodChoice::Q6,
            classes: 6,
            manual_breaks: String::new(),
            palette: Palette::default(),
            frozen_breaks: Some(vec![0.0, 10.0, 20.0]),
            layers: vec![LayerKind::Ti2023, LayerKind::Epci],
            labels: [(
                "ti-2023-2027:ti-5305".to_owned(),
                crate::model::views::labels::LabelOverride::Moved {
                    lon: -1.2,
                    lat: 48.1,
                },
            )]
            .into(),
            typology: None,
        }
    }

    #[test]
    fn views_round_trip_through_their_file() {
        use crate::model::typology::TypologyChoice;
        use crate::model::typology::from_classes::{ClassTypes, parse_types};
        let mut typed = view("Types");
        // A typology made from classes, with its grid, types, palette and style.
        let mut choice = TypologyChoice::from_classes(ClassTypes {
            title: "Dynamiques".into(),
            level: Level::Epci,
            x: "part_emploi_industrie".into(),
            y: "evolution_emploi_prive_2017_2024".into(),
            x_breaks: Some([15.0, 25.5]),
            y_breaks: None,
            types: parse_types("en expansion=3-3,3-2;fragile=1-1").expect("types"),
        });
        choice.scheme = crate::palette::QualitativeScheme::Dark2;
        choice.style.rename("fragile", "plus fragile");
        typed.typology = Some(choice);
        // One made from the classes of one indicator, with the bounds the map showed.
        let mut one = view("Portrait");
        one.typology = Some(TypologyChoice::from_indicator_classes(
            crate::model::typology::from_indicator_classes::IndicatorClassTypes {
                level: Level::Epci,
                indicator: "evolution_emploi_2016_2022".into(),
                bounds: vec![-6.86, -0.95, 0.0, 0.95, 6.86],
                method: "Quantiles".into(),
                types: crate::model::typology::from_indicator_classes::parse_types(
                    "en expansion=4;fragile=1",
                )
                .expect("types"),
                ..Default::default()
            },
        ));
        let views = vec![view("France"), view("Vitré"), typed, one];
        let text = to_json(&views);
        assert!(text.contains("ti-atlas-vues"));
        assert_eq!(from_json(&text, "vues.json"), Ok(views));
    }

    #[test]
    fn bad_files_are_refused_with_the_view_named() {
        let mut v = view("Trop de classes");
        v.classes = 12;
        let text = to_json(&[view("ok"), v]);
        let e = from_json(&text, "vues.json").unwrap_err();
        assert!(
            e.contains("vues.json") && e.contains("vue n° 2") && e.contains("12 classes"),
            "{e}"
        );
        let e = from_json(
            "{\"format\": \"autre\", \"version\": 1, \"vues\": []}",
            "x.json",
        )
        .unwrap_err();
        assert!(e.contains("pas un fichier de vues"), "{e}");
        let e = from_json("{ pas du json", "x.json").unwrap_err();
        assert!(e.contains("x.json") && e.contains("ligne 1"), "{e}");
    }

    #[test]
    fn views_move_and_presentations_step_within_bounds() {
        let mut views = vec![view("a"), view("b"), view("c")];
        assert_eq!(move_view(&mut views, 2, true), 1);
        let names: Vec<&str> = views.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["a", "c", "b"]);
        assert_eq!(move_view(&mut views, 0, true), 0);
        assert_eq!(move_view(&mut views, 2, false), 2);
        assert_eq!(step(None, 3, true), Some(0));
        assert_eq!(step(Some(2), 3, true), Some(2));
        assert_eq!(step(Some(0), 3, false), Some(0));
        assert_eq!(step(Some(1), 3, false), Some(0));
        assert_eq!(step(Some(1), 0, true), None);
    }
}
