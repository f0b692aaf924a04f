//! The typology thematic: each unit of the maille filled with its category's colour, and the
//! legend with one row per category and its count, then "non renseigné" with the reason. It
//! becomes a `Choropleth` (`super::thematic`) whose legend lists categories, so the screen,
//! every export and the layout checks draw it as they draw classes, and that keeps each unit's
//! category for the SVG (`data-categorie`).

use crate::model::imports::Imports;
use crate::model::indicators::IndicatorTable;
use crate::model::indicators::choropleth::Legend;
use crate::model::indicators::classify::Classification;
use crate::model::typology::{
    self, StyledTypology, Typology, TypologyChoice, from_classes, from_indicator_classes,
};
use crate::model::{Dataset, SourceInfo};
use crate::palette::ColourBlindSafety;

/// A typology as drawn: the maille, one fill per unit (layer order), each unit's category as
/// the legend names it, and the legend.
#[derive(Clone, Debug)]
pub struct TypologyFills {
    pub level: crate::model::Level,
    pub fills: Vec<[u8; 3]>,
    pub unit_categories: Vec<Option<String>>,
    pub legend: Legend,
}

/// The typology map of `choice`: an error (in French) when no typology has its id, or when
/// one made from classes cannot be computed. `table`: the indicator table of the typology's
/// maille, if at hand (one made from classes reads its grid's two indicators there; computed
/// when absent or of another maille).
pub fn compute(
    dataset: &Dataset,
    imports: &Imports,
    table: Option<&IndicatorTable>,
    choice: &TypologyChoice,
) -> Result<TypologyFills, String> {
    let typology = typology_of(dataset, imports, table, choice)?;
    Ok(of_typology(dataset, &typology, choice))
}

/// The typology of `choice`, before its style: built-in, an imported column's, or made from
/// the classes of a grid (see [`compute`] for `table`).
pub fn typology_of(
    dataset: &Dataset,
    imports: &Imports,
    table: Option<&IndicatorTable>,
    choice: &TypologyChoice,
) -> Result<Typology, String> {
    if let Some(types) = &choice.classes {
        let computed;
        let table = match table {
            Some(t) if t.level == types.level => t,
            _ => {
                computed = IndicatorTable::for_level_with(dataset, types.level, imports);
                &computed
            }
        };
        return from_classes::typology(dataset, table, types)
            .map_err(|e| format!("typologie d'après les classes : {e}"));
    }
    if let Some(types) = &choice.indicator_classes {
        let computed;
        let table = match table {
            Some(t) if t.level == types.level => t,
            _ => {
                computed = IndicatorTable::for_level_with(dataset, types.level, imports);
                &computed
            }
        };
        return from_indicator_classes::typology(table, types)
            .map_err(|e| format!("typologie d'après les classes : {e}"));
    }
    typology::find(dataset, imports, &choice.id).ok_or_else(|| {
        format!(
            "typologie inconnue : « {} » (ti-atlas typologies les liste)",
            choice.id
        )
    })
}

/// The map of a computed typology with the choice's palette and style.
pub fn of_typology(
    dataset: &Dataset,
    typology: &Typology,
    choice: &TypologyChoice,
) -> TypologyFills {
    let styled = typology::style::style(typology, &choice.style, choice.scheme);
    let fills: Vec<[u8; 3]> = (0..typology.units.len())
        .map(|u| styled.colour_of(u))
        .collect();
    let unit_categories: Vec<Option<String>> = (0..typology.units.len())
        .map(|u| styled.category_of(u).map(|c| c.label.clone()))
        .collect();
    TypologyFills {
        level: typology.level,
        fills,
        unit_categories,
        legend: legend(dataset, typology, &styled, choice),
    }
}

/// The legend: the typology's name, its categories with their counts, the rule and the notes.
fn legend(
    dataset: &Dataset,
    typology: &Typology,
    styled: &StyledTypology,
    choice: &TypologyChoice,
) -> Legend {
    let n = styled.categories.len();
    let distinct = choice.scheme.distinct_up_to();
    let user_colours = !choice.style.colours.is_empty();
    let palette_safety = if user_colours {
        ColourBlindSafety::Uncertain
    } else if n <= distinct && choice.scheme.len() >= n {
        ColourBlindSafety::Safe
    } else {
        ColourBlindSafety::NotSafe
    };
    let mut notes = rule_notes(typology, styled);
    notes.extend(styled.notes.iter().cloned());
    Legend {
        title: typology.label.clone(),
        unit: format!("{n} catégories"),
        level: typology.level,
        // The reader needs the kind of map, not the palette's English name (the Couches
        // panel names and describes the palette where it is chosen).
        method: "typologie".to_owned(),
        classification: Classification {
            breaks: (0..=n).map(|i| i as f64).collect(),
            counts: styled.categories.iter().map(|c| c.count).collect(),
            missing: styled.units.iter().filter(|u| u.is_none()).count(),
        },
        colours: styled.categories.iter().map(|c| c.colour).collect(),
        missing_colour: styled.missing_colour,
        decimals: 0,
        missing_reasons: typology.missing_reasons.clone(),
        sources: typology
            .sources
            .iter()
            .filter_map(|id| dataset.tables.sources.iter().find(|s| &s.id == id))
            .cloned()
            .collect::<Vec<SourceInfo>>(),
        palette_safety,
        simulation: None,
        notes,
        through_members: false,
        categories: styled.categories.iter().map(|c| c.label.clone()).collect(),
    }
}

/// The rule in the legend's notes: one line for a typology's rule; for one made from classes,
/// its grid then each drawn category's rule ("en expansion : … > 2,1 % et … > 0,3 %"; a group
/// of merged types joins its members' rules with "ou").
pub fn rule_notes(typology: &Typology, styled: &StyledTypology) -> Vec<String> {
    let Some(grid) = &typology.grid_rule else {
        return vec![format!("Règle : {}.", typology.rule)];
    };
    let mut notes = vec![format!("Règle : {grid}.")];
    for c in &styled.categories {
        let rules: Vec<&str> = c
            .members
            .iter()
            .filter_map(|m| typology.rule_of(m))
            .collect();
        match rules.as_slice() {
            [] => {}
            [one] => notes.push(format!("{} : {one}", c.label)),
            many => notes.push(format!(
                "{} : {}",
                c.label,
                many.iter()
                    .map(|r| format!("({r})"))
                    .collect::<Vec<_>>()
                    .join(" ou ")
            )),
        }
    }
    notes
}

/// Types named from the classes of the map's indicator as `legend` shows them (a choropleth of
/// one indicator, `indicator`): the legend's bounds and method are kept with the types, so the
/// typology reads the classes the user saw. An error (in French) for a legend that is not one
/// indicator's classes, or unusable types (a class out of range, a class in two types…).
pub fn indicator_class_types(
    indicator: &crate::model::IndicatorId,
    legend: &Legend,
    types: Vec<from_indicator_classes::NamedClasses>,
    title: &str,
) -> Result<from_indicator_classes::IndicatorClassTypes, String> {
    if !legend.categories.is_empty() {
        return Err("la carte montre déjà une typologie, pas les classes d'un indicateur".into());
    }
    if legend.through_members {
        return Err(format!(
            "les classes de la carte sont celles des EPCI membres des territoires : nommer les \
             types sur la carte des EPCI (maille {})",
            crate::model::Level::Epci.id()
        ));
    }
    let types = from_indicator_classes::IndicatorClassTypes {
        title: title.trim().to_owned(),
        level: legend.level,
        indicator: indicator.clone(),
        bounds: legend.classification.breaks.clone(),
        method: legend.method.clone(),
        types,
    };
    types.check()?;
    Ok(types)
}
