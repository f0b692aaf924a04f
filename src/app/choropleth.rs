//! Colouring the units of a maille (territories, EPCI, départements) by an indicator:
//! classification, palette colours and the legend's content. Recomputed only when the choice
//! changes, never per frame.

use egui::Color32;

use super::settings::Settings;
use crate::format::{decimals_for_bounds, parse_breaks_fr};
use crate::model::classify::{Classification, Method, classify};
use crate::model::indicators::IndicatorTable;
use crate::model::{Dataset, Level, SourceInfo};
use crate::palette::{ColourBlindSafety, Deficiency, Palette, simulate};

/// Units without a value ("non disponible" / "non calculable").
pub const MISSING_RGB: [u8; 3] = [0xbd, 0xbd, 0xbd];

/// Everything the map colours depend on: two equal specs give the same fills.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    pub level: Level,
    pub indicator: String,
    pub method: Method,
    pub classes: usize,
    pub palette: Palette,
    /// Colour-vision deficiency simulated on the map and legend (a preview, never exported).
    pub simulation: Option<Deficiency>,
}

impl Spec {
    /// The spec the settings ask for: None without an indicator; an error (in French) when the
    /// typed manual breaks cannot be read.
    pub fn from_settings(
        settings: &Settings,
        simulation: Option<Deficiency>,
    ) -> Result<Option<Spec>, String> {
        let Some(indicator) = settings.indicator.clone() else {
            return Ok(None);
        };
        let method = if let Some(bounds) = &settings.frozen_breaks {
            Method::Frozen(bounds.clone())
        } else if settings.method == "manual" {
            let breaks = parse_breaks_fr(&settings.manual_breaks)
                .map_err(|e| format!("seuils manuels : {e}"))?;
            if breaks.is_empty() {
                return Err(
                    "seuils manuels : saisissez au moins un seuil (ex. « 50 ; 100 »)".into(),
                );
            }
            Method::Manual(breaks)
        } else {
            Method::from_id(&settings.method).unwrap_or(Method::Jenks)
        };
        Ok(Some(Spec {
            level: settings.maille,
            indicator,
            method,
            classes: settings.classes,
            palette: settings.palette,
            simulation,
        }))
    }
}

/// What the legend shows.
#[derive(Clone, Debug)]
pub struct Legend {
    pub title: String,
    pub unit: String,
    pub level: Level,
    pub method: String,
    pub classification: Classification,
    /// Colours as drawn (after the colour-vision simulation, if any), one per class.
    pub colours: Vec<Color32>,
    pub missing_colour: Color32,
    /// Decimals that keep consecutive bounds apart.
    pub decimals: usize,
    /// Why some units have no value, with how many (most frequent first).
    pub missing_reasons: Vec<(String, usize)>,
    pub sources: Vec<SourceInfo>,
    pub palette_safety: ColourBlindSafety,
    pub simulation: Option<Deficiency>,
}

fn colour_of(rgb: [u8; 3], simulation: Option<Deficiency>) -> Color32 {
    let [r, g, b] = match simulation {
        Some(d) => simulate(rgb, d),
        None => rgb,
    };
    Color32::from_rgb(r, g, b)
}

/// Classifies the indicator over the units of `table` and returns their fill colours (in unit
/// order) and the legend.
pub fn compute(
    dataset: &Dataset,
    table: &IndicatorTable,
    spec: &Spec,
) -> Result<(Vec<Color32>, Legend), String> {
    let i = table.position(&spec.indicator).ok_or_else(|| {
        format!(
            "« {} » n'existe pas à la maille {}",
            spec.indicator,
            spec.level.label_fr()
        )
    })?;
    let ind = table
        .indicators
        .get(i)
        .ok_or_else(|| "indicateur introuvable".to_owned())?;
    if let Some(why) = &ind.unavailable {
        return Err(format!("{} : {why}", ind.label));
    }
    let values = table.numbers(i);
    let classification =
        classify(&values, &spec.method, spec.classes).map_err(|e| e.to_string())?;
    let colours: Vec<Color32> = spec
        .palette
        .colours(classification.class_count())
        .into_iter()
        .map(|c| colour_of(c, spec.simulation))
        .collect();
    if colours.len() != classification.class_count() {
        return Err(format!(
            "la palette n'a pas de version en {} classes",
            classification.class_count()
        ));
    }
    let missing_colour = colour_of(MISSING_RGB, spec.simulation);
    let fills = values
        .iter()
        .map(|&v| {
            classification
                .class_of(v)
                .and_then(|c| colours.get(c).copied())
                .unwrap_or(missing_colour)
        })
        .collect();
    let sources = ind
        .sources
        .iter()
        .filter_map(|id| dataset.tables.sources.iter().find(|s| &s.id == id).cloned())
        .collect();
    Ok((
        fills,
        Legend {
            title: ind.label.clone(),
            unit: ind.unit.clone(),
            level: spec.level,
            method: spec.method.label_fr().to_owned(),
            decimals: decimals_for_bounds(&classification.breaks),
            classification,
            colours,
            missing_colour,
            missing_reasons: table.missing_reasons(i),
            sources,
            palette_safety: spec.palette.colour_blind_safety(spec.classes),
            simulation: spec.simulation,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::palette::Scheme;

    fn settings() -> Settings {
        Settings {
            indicator: Some("densite".into()),
            ..Settings::default()
        }
    }

    #[test]
    fn manual_breaks_are_read_from_the_typed_text() {
        let mut s = settings();
        s.method = "manual".into();
        s.manual_breaks = "50 ; 1 000,5".into();
        let spec = Spec::from_settings(&s, None)
            .expect("spec")
            .expect("indicator");
        assert_eq!(spec.method, Method::Manual(vec![50.0, 1000.5]));
        s.manual_breaks = "cinquante".into();
        assert!(
            Spec::from_settings(&s, None)
                .unwrap_err()
                .contains("cinquante")
        );
        s.manual_breaks = " ".into();
        assert!(Spec::from_settings(&s, None).is_err());
    }

    #[test]
    fn frozen_breaks_override_the_method() {
        let mut s = settings();
        s.frozen_breaks = Some(vec![0.0, 10.0, 100.0]);
        s.palette = Palette::new(Scheme::Blues);
        let spec = Spec::from_settings(&s, None)
            .expect("spec")
            .expect("indicator");
        assert_eq!(spec.method, Method::Frozen(vec![0.0, 10.0, 100.0]));
        assert_eq!(spec.palette, Palette::new(Scheme::Blues));
        s.indicator = None;
        assert_eq!(Spec::from_settings(&s, None), Ok(None));
    }

    #[test]
    fn simulation_changes_reds_but_not_greys() {
        let red = colour_of([0xe3, 0x1a, 0x1c], Some(Deficiency::Deuteranopia));
        assert_ne!(red, Color32::from_rgb(0xe3, 0x1a, 0x1c));
        let grey = colour_of(MISSING_RGB, Some(Deficiency::Protanopia));
        let [r, g, b] = MISSING_RGB;
        for (x, y) in [(grey.r(), r), (grey.g(), g), (grey.b(), b)] {
            assert!(x.abs_diff(y) <= 2, "{grey:?}");
        }
    }
}
