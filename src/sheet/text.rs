//! The words and figures a sheet writes, shared by every sheet and table of the crate.

use crate::format::figure_fr;
use crate::model::indicators::Value;

/// A value as every table and sheet writes it: the figure with its unit, or "non calculable"
/// / "non disponible" (the reason is [`value_reason`]).
pub fn value_text(v: &Value, unit: &str) -> String {
    match v {
        Value::Exact(x) if x.is_finite() => figure_fr(*x, unit),
        Value::NotComputable(_) => "non calculable".into(),
        Value::Exact(_) | Value::Missing(_) => "non disponible".into(),
    }
}

/// Why a value is not a figure, in the source's words.
pub fn value_reason(v: &Value) -> Option<&str> {
    match v {
        Value::Exact(x) if x.is_finite() => None,
        Value::Exact(_) => Some("valeur non définie"),
        Value::NotComputable(why) | Value::Missing(why) => Some(why),
    }
}

/// The unit of growth rates as a sheet writes it.
pub const GROWTH_UNIT: &str = "%/an";

/// The unit written after a figure of a sheet: "%" for every share ("% des emplois…"),
/// "hab." for inhabitants, "%/an" for growth rates, short units as they are; long ones are left to the
/// label (see [`label_with_unit`]).
pub fn display_unit(unit: &str) -> &str {
    if unit == "%" || unit.starts_with("% de") {
        "%"
    } else if unit == "% par an" {
        GROWTH_UNIT
    } else if unit == "habitants" {
        "hab."
    } else if unit.chars().count() <= 12 {
        unit
    } else {
        ""
    }
}

/// The label, with the unit in parentheses when the figures do not carry it.
pub fn label_with_unit(label: &str, unit: &str) -> String {
    if display_unit(unit).is_empty() && !unit.is_empty() {
        format!("{label} ({unit})")
    } else {
        label.to_owned()
    }
}

/// "Transition écologique" from "transition écologique".
pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_the_same_everywhere() {
        assert_eq!(value_text(&Value::Exact(12.5), "%"), "12,5\u{a0}%");
        assert_eq!(value_text(&Value::Exact(f64::NAN), "%"), "non disponible");
        let why = Value::NotComputable("une part ne s'additionne pas".into());
        assert_eq!(value_text(&why, "%"), "non calculable");
        assert_eq!(value_reason(&why), Some("une part ne s'additionne pas"));
        assert_eq!(value_reason(&Value::Exact(1.0)), None);
    }

    #[test]
    fn long_units_move_to_the_label() {
        assert_eq!(display_unit("% de la population"), "%");
        assert_eq!(display_unit("% des emplois au lieu de travail"), "%");
        assert_eq!(display_unit("% par an"), "%/an");
        assert_eq!(display_unit("habitants"), "hab.");
        assert_eq!(display_unit("hab./km²"), "hab./km²");
        assert_eq!(display_unit("euros par habitant et par an"), "");
        assert_eq!(
            label_with_unit("Dépense", "euros par habitant et par an"),
            "Dépense (euros par habitant et par an)"
        );
        assert_eq!(label_with_unit("Superficie", "km²"), "Superficie");
        assert_eq!(capitalised("innovation"), "Innovation");
    }
}
