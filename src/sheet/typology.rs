//! The unit's category on the typology the map shows, as a sheet writes it: one fact of its
//! identity, named by the typology, with the category's rule for a typology made from classes
//! ("en expansion (Part des emplois dans l'industrie > 25,3 % et …)"), "non renseigné" without
//! a category.

use super::view::Fact;
use crate::model::LayerKind;
use crate::model::typology::{NOT_GIVEN, StyledTypology, Typology, TypologyChoice};

/// The typology the map shows, computed once for every sheet made from the same inputs (the
/// side panel's, a PDF sheet, each sheet of a région batch): the typology and its style.
#[derive(Clone, Debug)]
pub struct SheetTypology {
    pub typology: Typology,
    pub styled: StyledTypology,
}

impl SheetTypology {
    /// The typology styled as `choice` asks (its palette, names and merges: the legend's).
    pub fn new(typology: Typology, choice: &TypologyChoice) -> Self {
        let styled = crate::model::typology::style::style(&typology, &choice.style, choice.scheme);
        SheetTypology { typology, styled }
    }

    /// The fact of the unit at `index` of the layer `kind`: None when the typology is of
    /// another maille.
    pub fn fact(&self, kind: LayerKind, index: usize) -> Option<Fact> {
        (self.typology.level.layer() == kind)
            .then(|| typology_fact(&self.typology, &self.styled, index))
    }
}

/// The fact of `unit` (its position in the typology's layer) on `typology` as `styled` draws
/// it (its categories' names as the legend writes them).
pub fn typology_fact(typology: &Typology, styled: &StyledTypology, unit: usize) -> Fact {
    let value = match styled.category_of(unit) {
        None => NOT_GIVEN.to_owned(),
        Some(c) => match typology
            .category_of(unit)
            .and_then(|name| typology.rule_of(name))
        {
            Some(rule) => format!("{} ({rule})", c.label),
            None => c.label.clone(),
        },
    };
    Fact {
        label: typology.label.clone(),
        value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Level;
    use crate::model::typology::{CategoryStyle, TypologyHead, style::style};
    use crate::palette::QualitativeScheme;

    #[test]
    fn the_fact_names_the_category_and_its_rule_or_says_none() {
        let names = vec![Some("en expansion".to_owned()), None];
        let mut t = Typology::from_names(
            TypologyHead {
                id: "t".into(),
                label: "Types".into(),
                level: Level::Epci,
                sources: Vec::new(),
                rule: String::new(),
            },
            &names,
            None,
            "valeur absente",
        );
        t.category_rules = vec![("en expansion".into(), "x > 2".into())];
        let mut st = CategoryStyle::default();
        st.rename("en expansion", "en pleine expansion");
        let styled = style(&t, &st, QualitativeScheme::Set2);
        assert_eq!(
            typology_fact(&t, &styled, 0),
            Fact {
                label: "Types".into(),
                value: "en pleine expansion (x > 2)".into()
            }
        );
        assert_eq!(typology_fact(&t, &styled, 1).value, NOT_GIVEN);
    }
}
