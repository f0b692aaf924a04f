//! The choropleth the settings ask for. The computation itself is in
//! [`crate::model::choropleth`], shared with the exports.

use super::settings::Settings;
use crate::format::parse_breaks_fr;
pub use crate::model::choropleth::{Legend, MISSING_RGB, Rgb, Spec, compute};
use crate::model::classify::Method;
use crate::palette::Deficiency;

/// The spec the settings ask for: None without an indicator; an error (in French) when the
/// typed manual breaks cannot be read.
pub fn spec_from_settings(
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
            return Err("seuils manuels : saisissez au moins un seuil (ex. « 50 ; 100 »)".into());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::palette::{Palette, Scheme};

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
        let spec = spec_from_settings(&s, None)
            .expect("spec")
            .expect("indicator");
        assert_eq!(spec.method, Method::Manual(vec![50.0, 1000.5]));
        s.manual_breaks = "cinquante".into();
        assert!(
            spec_from_settings(&s, None)
                .unwrap_err()
                .contains("cinquante")
        );
        s.manual_breaks = " ".into();
        assert!(spec_from_settings(&s, None).is_err());
    }

    #[test]
    fn frozen_breaks_override_the_method() {
        let mut s = settings();
        s.frozen_breaks = Some(vec![0.0, 10.0, 100.0]);
        s.palette = Palette::new(Scheme::Blues);
        let spec = spec_from_settings(&s, None)
            .expect("spec")
            .expect("indicator");
        assert_eq!(spec.method, Method::Frozen(vec![0.0, 10.0, 100.0]));
        assert_eq!(spec.palette, Palette::new(Scheme::Blues));
        s.indicator = None;
        assert_eq!(spec_from_settings(&s, None), Ok(None));
    }
}
