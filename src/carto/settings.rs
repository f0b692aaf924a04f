//! What the user chose for the map, as saved with the settings and as the command line sets it:
//! the visible layers, the names, the coloured maille and its indicator, the classification
//! and the palette, or a typology. The app's Couches panel and `ti-atlas export map` edit this same struct, and
//! [`super::MapSpec::from_settings`] turns it into what to draw.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::annotations::Annotation;
use super::bivariate::BivariateSettings;
use super::insets::InsetChoice;
use super::labels::LabelOverride;
use super::page_layout::PageLayout;
use super::symbols::SymbolSettings;
use crate::format::parse_breaks_fr;
use crate::model::indicators::Indicator;
use crate::model::indicators::choropleth::{Spec, default_method};
use crate::model::indicators::classify::{Method, MethodChoice};
use crate::model::indicators::nature::{Nature, nature_of};
use crate::model::typology::TypologyChoice;
use crate::model::{IndicatorId, LayerKind, Level};
use crate::palette::{Deficiency, Palette};

/// The map's settings. Field names are those of the settings file (kept across versions).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MapSettings {
    pub show_ti2023: bool,
    pub show_ti2018: bool,
    pub show_epci: bool,
    pub show_departements: bool,
    pub show_regions: bool,
    /// Names where they fit.
    pub show_labels: bool,
    /// Towns' names (above the fills, below the territories' names).
    pub show_places: bool,
    /// The units the map is coloured at: territories 2023-2027, EPCI or départements.
    pub maille: Level,
    /// Indicator colouring the maille (catalogue id), if any.
    pub indicator: Option<IndicatorId>,
    pub method: MethodChoice,
    pub classes: usize,
    /// Inner breaks typed for the manual method ("50 ; 100 ; 250").
    pub manual_breaks: String,
    pub palette: Palette,
    /// Every bound of the legend when the user froze it: kept across indicators and mailles.
    pub frozen_breaks: Option<Vec<f64>>,
    /// Imported projects drawn on the map.
    pub show_projects: bool,
    /// The overseas insets of a France-scale map (and Île-de-France if asked).
    pub insets: InsetChoice,
    /// Proportional symbols of a stock, at the maille, over (or instead of) the colours.
    pub symbols: SymbolSettings,
    /// What the user said of imported columns: stock or ratio (else a guess from the name).
    pub natures: BTreeMap<IndicatorId, Nature>,
    /// Names the user hid or moved on the map, by unit (`ti-2023-2027:ti-8402`).
    pub labels: BTreeMap<String, LabelOverride>,
    /// Two indicators crossed on a 3 × 3 grid, instead of the indicator's classes.
    pub bivariate: BivariateSettings,
    /// A typology (each unit filled by its category) instead of the indicator's classes.
    pub typology: Option<TypologyChoice>,
    /// Small multiples: 2 to 6 indicators of the maille, one map each side by side (empty:
    /// one map). See [`super::panels`].
    pub panels: Vec<IndicatorId>,
    /// The page the user laid out (Mise en page): format, margins, moved or hidden furniture,
    /// texts. See [`super::page_layout`].
    pub page: PageLayout,
    /// What the user wrote and drew on the map. See [`super::annotations`].
    pub annotations: Vec<Annotation>,
}

impl Default for MapSettings {
    fn default() -> Self {
        MapSettings {
            show_ti2023: true,
            show_ti2018: false,
            show_epci: false,
            show_departements: false,
            show_regions: false,
            show_labels: true,
            show_places: true,
            maille: Level::Territoire,
            indicator: None,
            method: MethodChoice::Jenks,
            classes: 5,
            manual_breaks: String::new(),
            palette: Palette::default(),
            frozen_breaks: None,
            show_projects: true,
            insets: InsetChoice::Drom,
            symbols: SymbolSettings::default(),
            natures: BTreeMap::new(),
            labels: BTreeMap::new(),
            bivariate: BivariateSettings::default(),
            typology: None,
            panels: Vec::new(),
            page: PageLayout::default(),
            annotations: Vec::new(),
        }
    }
}

impl MapSettings {
    pub fn visible(&self, kind: LayerKind) -> bool {
        match kind {
            LayerKind::Ti2023 => self.show_ti2023,
            LayerKind::Ti2018 => self.show_ti2018,
            LayerKind::Epci => self.show_epci,
            LayerKind::Departements => self.show_departements,
            LayerKind::Regions => self.show_regions,
        }
    }

    pub fn visible_mut(&mut self, kind: LayerKind) -> &mut bool {
        match kind {
            LayerKind::Ti2023 => &mut self.show_ti2023,
            LayerKind::Ti2018 => &mut self.show_ti2018,
            LayerKind::Epci => &mut self.show_epci,
            LayerKind::Departements => &mut self.show_departements,
            LayerKind::Regions => &mut self.show_regions,
        }
    }

    /// The visible layers, in [`LayerKind::ALL`] order.
    pub fn visible_layers(&self) -> Vec<LayerKind> {
        LayerKind::ALL
            .into_iter()
            .filter(|&k| self.visible(k))
            .collect()
    }

    /// Shows exactly these layers.
    pub fn set_visible_layers(&mut self, layers: &[LayerKind]) {
        for kind in LayerKind::ALL {
            *self.visible_mut(kind) = layers.contains(&kind);
        }
    }

    /// Whether an indicator is a stock or a ratio, as the user said for an imported column.
    pub fn nature(&self, indicator: &Indicator) -> Nature {
        self.natures
            .get(&indicator.id)
            .copied()
            .unwrap_or_else(|| nature_of(indicator))
    }

    /// After the indicator changed from `before` to `after`: a method or palette that was the
    /// old indicator's default becomes the new one's (growth rates: classes symmetric around 0
    /// in RdBu; levels: Jenks in YlOrRd); one the user chose is kept.
    pub fn follow_indicator_defaults(
        &mut self,
        before: Option<&Indicator>,
        after: Option<&Indicator>,
    ) {
        let method = |i: Option<&Indicator>| i.map_or(MethodChoice::Jenks, default_method);
        let palette = |i: Option<&Indicator>| {
            Palette::default_for(i.is_some_and(|i| i.diverging_around_zero))
        };
        if self.method == method(before) {
            self.method = method(after);
        }
        if self.palette == palette(before) {
            self.palette = palette(after);
        }
    }

    /// The classification the settings ask for: None without an indicator; an error (in French)
    /// when the typed manual breaks cannot be read. `simulation` previews a colour-vision
    /// deficiency (the screen only).
    pub fn choropleth_spec(&self, simulation: Option<Deficiency>) -> Result<Option<Spec>, String> {
        if let Some(choice) = &self.typology
            && !self.bivariate.on
        {
            return Ok(Some(Spec {
                level: choice.level().unwrap_or(self.maille),
                indicator: IndicatorId::new(&format!("typologie:{}", choice.id)),
                method: Method::Quantiles,
                classes: self.classes,
                palette: self.palette,
                simulation,
                typology: Some(choice.clone()),
            }));
        }
        let Some(indicator) = self.indicator.clone() else {
            return Ok(None);
        };
        if self.bivariate.on {
            return Ok(None);
        }
        let method = if let Some(bounds) = &self.frozen_breaks {
            Method::Frozen(bounds.clone())
        } else if self.method == MethodChoice::Manual {
            let breaks = parse_breaks_fr(&self.manual_breaks)
                .map_err(|e| format!("seuils manuels : {e}"))?;
            if breaks.is_empty() {
                return Err(
                    "seuils manuels : saisissez au moins un seuil (ex. « 50 ; 100 »)".into(),
                );
            }
            Method::Manual(breaks)
        } else {
            self.method.method(&[])
        };
        Ok(Some(Spec {
            level: self.maille,
            indicator,
            method,
            classes: self.method.fixed_classes().unwrap_or(self.classes),
            palette: self.palette,
            simulation,
            typology: None,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::palette::Scheme;

    fn settings() -> MapSettings {
        MapSettings {
            indicator: Some("densite".into()),
            ..MapSettings::default()
        }
    }

    #[test]
    fn manual_breaks_are_read_from_the_typed_text() {
        let mut s = settings();
        s.method = MethodChoice::Manual;
        s.manual_breaks = "50 ; 1 000,5".into();
        let spec = s.choropleth_spec(None).expect("spec").expect("indicator");
        assert_eq!(spec.method, Method::Manual(vec![50.0, 1000.5]));
        s.manual_breaks = "cinquante".into();
        assert!(s.choropleth_spec(None).unwrap_err().contains("cinquante"));
        s.manual_breaks = " ".into();
        assert!(s.choropleth_spec(None).is_err());
    }

    #[test]
    fn frozen_breaks_override_the_method() {
        let mut s = settings();
        s.frozen_breaks = Some(vec![0.0, 10.0, 100.0]);
        s.palette = Palette::new(Scheme::Blues);
        let spec = s.choropleth_spec(None).expect("spec").expect("indicator");
        assert_eq!(spec.method, Method::Frozen(vec![0.0, 10.0, 100.0]));
        assert_eq!(spec.palette, Palette::new(Scheme::Blues));
        s.indicator = None;
        assert_eq!(s.choropleth_spec(None), Ok(None));
    }

    #[test]
    fn a_growth_rate_starts_centred_on_zero_unless_the_user_chose() {
        use crate::model::indicators::Kind;
        let ind = |id: &str, diverging: bool| Indicator {
            id: id.into(),
            label: id.into(),
            unit: "% par an".into(),
            level: Level::Epci,
            kind: Kind::EpciSeries,
            sources: vec![],
            unavailable: None,
            period: None,
            diverging_around_zero: diverging,
        };
        let (growth, share) = (ind("evolution", true), ind("part", false));
        let mut s = MapSettings::default();
        s.follow_indicator_defaults(None, Some(&growth));
        assert_eq!(s.method, MethodChoice::SymmetricQuantiles);
        assert_eq!(s.palette, Palette::new(Scheme::RdBu));
        s.follow_indicator_defaults(Some(&growth), Some(&share));
        assert_eq!(s.method, MethodChoice::Jenks);
        assert_eq!(s.palette, Palette::default());
        // Chosen by the user: kept.
        s.method = MethodChoice::Q6;
        s.palette = Palette::new(Scheme::Blues);
        s.follow_indicator_defaults(Some(&share), Some(&growth));
        assert_eq!(s.method, MethodChoice::Q6);
        assert_eq!(s.palette, Palette::new(Scheme::Blues));
        // The bivariate map replaces the indicator's classes.
        s.indicator = Some("part".into());
        s.bivariate.on = true;
        assert_eq!(s.choropleth_spec(None), Ok(None));
    }

    #[test]
    fn visible_layers_round_trip() {
        let mut s = MapSettings::default();
        s.set_visible_layers(&[LayerKind::Epci, LayerKind::Regions]);
        assert_eq!(
            s.visible_layers(),
            vec![LayerKind::Epci, LayerKind::Regions]
        );
        assert!(!s.show_ti2023);
    }
}
