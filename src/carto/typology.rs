//! The typology thematic: each unit of the maille filled with its category's colour, and the
//! legend with one row per category and its count, then "non renseigné" with the reason. It is
//! a [`Choropleth`] whose legend lists categories (so the screen, every export and the layout
//! checks draw it as they draw classes) and that keeps each unit's category for the SVG
//! (`data-categorie`).

use std::sync::Arc;

use super::thematic::Choropleth;
use crate::model::imports::Imports;
use crate::model::indicators::choropleth::Legend;
use crate::model::indicators::classify::Classification;
use crate::model::typology::{self, StyledTypology, Typology, TypologyChoice};
use crate::model::{Dataset, SourceInfo};
use crate::palette::ColourBlindSafety;

/// The typology map of `choice`: an error (in French) when no typology has its id.
pub fn compute(
    dataset: &Dataset,
    imports: &Imports,
    choice: &TypologyChoice,
) -> Result<Choropleth, String> {
    let typology = typology::find(dataset, imports, &choice.id).ok_or_else(|| {
        format!(
            "typologie inconnue : « {} » (ti-atlas typologies les liste)",
            choice.id
        )
    })?;
    Ok(of_typology(dataset, &typology, choice))
}

/// The map of a computed typology with the choice's palette and style.
pub fn of_typology(dataset: &Dataset, typology: &Typology, choice: &TypologyChoice) -> Choropleth {
    let styled = typology::style::style(typology, &choice.style, choice.scheme);
    let fills: Vec<[u8; 3]> = (0..typology.units.len())
        .map(|u| styled.colour_of(u))
        .collect();
    let unit_categories: Vec<Option<String>> = (0..typology.units.len())
        .map(|u| styled.category_of(u).map(|c| c.label.clone()))
        .collect();
    Choropleth {
        level: typology.level,
        fills: Arc::new(fills),
        legend: Arc::new(legend(dataset, typology, &styled, choice)),
        members: None,
        unit_categories: Some(Arc::new(unit_categories)),
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
    let mut notes = vec![format!("Règle : {}.", typology.rule)];
    notes.extend(styled.notes.iter().cloned());
    Legend {
        title: typology.label.clone(),
        unit: format!("{n} catégories"),
        level: typology.level,
        method: format!("typologie, palette {}", choice.scheme.name()),
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
