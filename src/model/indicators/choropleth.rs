//! Colouring the units of a maille (territories, EPCI, départements) by an indicator:
//! classification, palette colours and the legend's content. The map on screen and the exports
//! go through [`compute`], so both show the same classes in the same colours.

use crate::format::{decimal_fr, decimals_for_bounds};
use crate::model::IndicatorId;
use crate::model::indicators::classify::{
    Classification, Method, MethodChoice, classify_or_fewer, merge_note,
};
use crate::model::indicators::{Indicator, IndicatorTable};
use crate::model::{Dataset, Level, SourceInfo};
use crate::palette::{ColourBlindSafety, Deficiency, Palette, simulate};

/// An sRGB colour.
pub type Rgb = [u8; 3];

/// Units without a value ("non disponible" / "non calculable").
pub const MISSING_RGB: Rgb = [0xbd, 0xbd, 0xbd];

/// Everything the map colours depend on: two equal specs give the same fills.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    pub level: Level,
    pub indicator: IndicatorId,
    pub method: Method,
    pub classes: usize,
    pub palette: Palette,
    /// Colour-vision deficiency simulated on the map and legend (a preview, never exported).
    pub simulation: Option<Deficiency>,
    /// A typology instead of the indicator's classes (`indicator`, `method`, `classes` and
    /// `palette` then unused): see `crate::carto::thematic`.
    pub typology: Option<crate::model::typology::TypologyChoice>,
}

impl Spec {
    /// The map an indicator starts with at a level: for values read against 0 (growth rates),
    /// classes symmetric around 0 (quantiles of the distance to 0: a bound at 0 with an even
    /// class count, a middle class centred on 0 with an odd one) in a diverging palette;
    /// otherwise Jenks in the default sequential palette.
    pub fn default_for(level: Level, indicator: &Indicator, classes: usize) -> Self {
        Spec {
            level,
            indicator: indicator.id.clone(),
            method: default_method(indicator).method(&[]),
            classes,
            palette: Palette::default_for(indicator.diverging_around_zero),
            simulation: None,
            typology: None,
        }
    }
}

/// The classification method a map of the indicator starts with (as a settings choice).
pub fn default_method(indicator: &Indicator) -> MethodChoice {
    if indicator.diverging_around_zero {
        MethodChoice::SymmetricQuantiles
    } else {
        MethodChoice::Jenks
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
    pub colours: Vec<Rgb>,
    pub missing_colour: Rgb,
    /// Decimals that keep consecutive bounds apart.
    pub decimals: usize,
    /// Why some units have no value, with how many (most frequent first).
    pub missing_reasons: Vec<(String, usize)>,
    pub sources: Vec<SourceInfo>,
    pub palette_safety: ColourBlindSafety,
    pub simulation: Option<Deficiency>,
    /// What the map does differently from what was asked (fewer classes…), in French.
    pub notes: Vec<String>,
    /// The territories' maille drawn through their member EPCI (a rate given per EPCI): the
    /// classes count member EPCI, not territories.
    pub through_members: bool,
    /// A typology's categories, one per row (empty for classes of values): the rows then read
    /// "category (count)" and the units without one are "non renseigné".
    pub categories: Vec<String>,
}

impl Legend {
    /// The units the map is coloured at, as the legend names them ("territoires", "EPCI
    /// membres des territoires").
    pub fn maille_fr(&self) -> &'static str {
        if self.through_members {
            super::member_map::MEMBERS_MAILLE
        } else {
            self.level.label_fr()
        }
    }

    /// The legend's sources in one line: "label (vintage) ; …".
    pub fn sources_text(&self) -> String {
        SourceInfo::citations(&self.sources)
    }

    /// What the row of the units without a class says, with their count: "non disponible (3)",
    /// or "non renseigné (3)" for a typology.
    pub fn missing_text(&self) -> String {
        let word = if self.categories.is_empty() {
            "non disponible"
        } else {
            crate::model::typology::NOT_GIVEN
        };
        format!("{word} ({})", self.classification.missing)
    }

    /// Class rows in interval notation, the closed side shown: "[2,88 ; 12,50] (23)" for the
    /// first class (both bounds in it), "]12,50 ; 40,00] (11)" for the others (the upper bound
    /// in it, the lower one in the class below).
    pub fn class_rows(&self) -> Vec<String> {
        let c = &self.classification;
        if !self.categories.is_empty() {
            return self
                .categories
                .iter()
                .enumerate()
                .map(|(i, label)| {
                    let count = c.counts.get(i).copied().unwrap_or(0);
                    format!("{label} ({count})")
                })
                .collect();
        }
        let d = self.decimals;
        (0..c.class_count())
            .filter_map(|i| {
                let lo = c.breaks.get(i)?;
                let hi = c.breaks.get(i + 1)?;
                let count = c.counts.get(i).copied().unwrap_or(0);
                let open = if i == 0 { '[' } else { ']' };
                Some(format!(
                    "{open}{}\u{A0}; {}] ({count})",
                    decimal_fr(*lo, d),
                    decimal_fr(*hi, d)
                ))
            })
            .collect()
    }
}

fn colour_of(rgb: Rgb, simulation: Option<Deficiency>) -> Rgb {
    match simulation {
        Some(d) => simulate(rgb, d),
        None => rgb,
    }
}

/// Classifies the indicator over the units of `table` and returns their fill colours (in unit
/// order) and the legend.
pub fn compute(
    dataset: &Dataset,
    table: &IndicatorTable,
    spec: &Spec,
) -> Result<(Vec<Rgb>, Legend), String> {
    let (i, ind) = table.usable(&spec.indicator)?;
    let values = table.numbers(i);
    let (fills, legend) = classify_and_colour(dataset, ind, &values, spec)?;
    Ok((
        fills,
        Legend {
            missing_reasons: table.missing_reasons(i),
            ..legend
        },
    ))
}

/// The fills of a map drawn through the territories' members (see
/// [`super::member_map`]): one per EPCI (`None`: not a member, not drawn) and one per
/// territory (`None`: drawn through its EPCI, or not at all).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MemberFills {
    pub epci: Vec<Option<Rgb>>,
    pub territories: Vec<Option<Rgb>>,
}

/// At the territories' maille, an indicator given per EPCI is drawn through the territories'
/// members: their fills and the legend (classes over the drawn members' values), or `None`
/// when the map is not such a map (another maille, or an indicator of the territories).
pub fn compute_through_members(
    dataset: &Dataset,
    table: &IndicatorTable,
    spec: &Spec,
) -> Result<Option<(MemberFills, Legend)>, String> {
    if table.level != Level::Territoire {
        return Ok(None);
    }
    let (_, ind) = table.usable(&spec.indicator)?;
    if ind.kind != super::Kind::EpciSeries {
        return Ok(None);
    }
    let Some(series) = dataset.tables.indicators.iter().find(|s| s.id == ind.id) else {
        return Ok(None);
    };
    let members = super::member_map::member_values(dataset, series);
    let drawn = members.drawn();
    let (_, legend) = classify_and_colour(dataset, ind, &drawn, spec)?;
    let colour = |v: f64| {
        legend
            .classification
            .class_of(v)
            .and_then(|c| legend.colours.get(c).copied())
            .unwrap_or(legend.missing_colour)
    };
    let fills = MemberFills {
        epci: members.epci.iter().map(|v| v.map(colour)).collect(),
        territories: members.territories.iter().map(|v| v.map(colour)).collect(),
    };
    // The legend says it in its maille ("EPCI membres des territoires"); the app's guidance
    // and the sheet say why.
    Ok(Some((
        fills,
        Legend {
            missing_reasons: members.missing_reasons,
            through_members: true,
            ..legend
        },
    )))
}

/// Classes `values` with the spec's method and palette: each value's colour and the legend
/// (without the reasons for missing values, which the caller knows).
fn classify_and_colour(
    dataset: &Dataset,
    ind: &Indicator,
    values: &[f64],
    spec: &Spec,
) -> Result<(Vec<Rgb>, Legend), String> {
    let (classification, note) =
        classify_or_fewer(values, &spec.method, spec.classes).map_err(|e| e.to_string())?;
    let notes: Vec<String> = note.into_iter().collect();
    let colours: Vec<Rgb> = spec
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
    let palette_safety = spec
        .palette
        .colour_blind_safety(classification.class_count());
    let decimals = unambiguous_decimals(&classification.breaks, values);
    Ok((
        fills,
        Legend {
            title: ind.label.clone(),
            unit: ind.unit.clone(),
            level: spec.level,
            // A class merge is said in the legend, next to the method that needed it.
            method: match merge_note(&spec.method, spec.classes, &classification) {
                Some(note) => format!("{} ({note})", spec.method.label_fr()),
                None => spec.method.label_fr().to_owned(),
            },
            decimals,
            classification,
            colours,
            missing_colour,
            missing_reasons: Vec::new(),
            sources,
            palette_safety,
            simulation: spec.simulation,
            notes,
            through_members: false,
            categories: Vec::new(),
        },
    ))
}

/// Decimals for the legend's bounds so that no value reads ambiguously: bounds apart (see
/// [`decimals_for_bounds`]), and no value written with as many decimals as the bound it is
/// above reads as that bound (a value that reads as a class's upper bound is in it: the
/// legend's rows show upper bounds closed, "]a ; b]"). At most 4.
pub fn unambiguous_decimals(breaks: &[f64], values: &[f64]) -> usize {
    let start = decimals_for_bounds(breaks);
    let inner = breaks.get(1..breaks.len().saturating_sub(1)).unwrap_or(&[]);
    (start..=4)
        .find(|&d| {
            values.iter().filter(|v| v.is_finite()).all(|&v| {
                let written = decimal_fr(v, d);
                // A value strictly above a bound must not read as that bound.
                inner
                    .iter()
                    .all(|&b| !(v > b && decimal_fr(b, d) == written))
            })
        })
        .unwrap_or(4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::indicators::Kind;
    use crate::model::indicators::classify::classify;
    use crate::palette::SchemeKind;

    #[test]
    fn growth_rates_start_centred_on_zero_in_a_diverging_palette() {
        let mut ind = Indicator {
            id: "evolution".into(),
            label: "Évolution".into(),
            unit: "% par an".into(),
            level: Level::Epci,
            kind: Kind::EpciSeries,
            sources: vec![],
            unavailable: None,
            period: Some("2016-2022".into()),
            diverging_around_zero: true,
        };
        let spec = Spec::default_for(Level::Epci, &ind, 6);
        assert!(spec.method.is_symmetric_around_zero());
        assert_eq!(spec.palette.scheme.kind(), SchemeKind::Diverging);
        // Six classes: three below 0 in the palette's falling hue, three above.
        let c = classify(&[-3.0, -1.0, -0.2, 0.5, 1.0, 2.0], &spec.method, 6).expect("classes");
        assert_eq!(c.breaks[3], 0.0);
        ind.diverging_around_zero = false;
        let spec = Spec::default_for(Level::Epci, &ind, 5);
        assert_eq!(spec.method, Method::Jenks);
        assert_eq!(spec.palette, Palette::default());
    }

    #[test]
    fn simulation_changes_reds_but_not_greys() {
        let red = colour_of([0xe3, 0x1a, 0x1c], Some(Deficiency::Deuteranopia));
        assert_ne!(red, [0xe3, 0x1a, 0x1c]);
        let grey = colour_of(MISSING_RGB, Some(Deficiency::Protanopia));
        for (x, y) in grey.iter().zip(MISSING_RGB) {
            assert!(x.abs_diff(y) <= 2, "{grey:?}");
        }
    }
}
