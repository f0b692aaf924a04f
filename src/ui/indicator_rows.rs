//! The "Indicateurs" section of a sheet: each indicator's value with rank and percentile among
//! the units of its maille, the région's and France's values, or why there is no value.

use egui::RichText;

use crate::format::{decimal_fr, figure_fr};
use crate::model::indicators::reference::ReferenceTable;
use crate::model::indicators::{IndicatorTable, Kind, Value, member_values, range_and_median};
use crate::model::{Dataset, Level, Territory};

/// Where the comparison values come from, for a territory sheet.
pub struct Comparison<'a> {
    pub references: &'a ReferenceTable,
    pub region: &'a str,
}

/// What "rang 3 sur 183" counts, per maille.
fn units_fr(level: Level) -> &'static str {
    match level {
        Level::Territoire => "territoires",
        Level::Epci => "EPCI",
        Level::Departement => "départements",
    }
}

fn value_text(v: &Value, unit: &str) -> String {
    match v {
        Value::Exact(x) if x.is_finite() => figure_fr(*x, unit),
        Value::Exact(_) => "non disponible".into(),
        Value::NotComputable(_) => "non calculable".into(),
        Value::Missing(_) => "non disponible".into(),
    }
}

/// Every indicator of the table for unit `index`. With `comparison`, the région and France
/// values; with `territory`, the member EPCIs' range and median for shares given per EPCI.
pub fn indicators_ui(
    ui: &mut egui::Ui,
    dataset: &Dataset,
    table: &IndicatorTable,
    index: usize,
    comparison: Option<&Comparison<'_>>,
    territory: Option<&Territory>,
) {
    ui.strong("Indicateurs");
    for (i, ind) in table.indicators.iter().enumerate() {
        ui.add_space(6.0);
        ui.label(&ind.label);
        match table.values.get(i).and_then(|c| c.get(index)) {
            Some(Value::Exact(v)) if v.is_finite() => {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(figure_fr(*v, &ind.unit)).strong());
                    if let Some((r, n)) = table.rank(i, index) {
                        let centile = table
                            .percentile(i, index)
                            .map(|p| format!(", centile {}", decimal_fr(p, 0)))
                            .unwrap_or_default();
                        ui.small(format!(
                            "rang {r} sur {n} {}{centile}",
                            units_fr(table.level)
                        ))
                        .on_hover_text(
                            "Rang 1 = valeur la plus élevée ; centile 100 = la plus élevée",
                        );
                    }
                });
            }
            Some(Value::NotComputable(why)) | Some(Value::Missing(why)) => {
                ui.small(why.as_str());
                if let Some(t) = territory {
                    members_summary_ui(ui, dataset, ind.kind, &ind.id, t);
                }
            }
            Some(Value::Exact(_)) | None => {
                ui.small("non disponible");
            }
        }
        if let Some(c) = comparison {
            let r = c.references.reference(ind, c.region);
            if ind.kind != Kind::NeedsImport {
                let mut text = format!(
                    "Région : {} · France : {}",
                    value_text(&r.region, &ind.unit),
                    value_text(&r.france, &ind.unit)
                );
                if let (Some(Value::Exact(v)), Value::Exact(reg)) =
                    (table.values.get(i).and_then(|c| c.get(index)), &r.region)
                    && ind.unit == "habitants"
                    && *reg > 0.0
                {
                    text.push_str(&format!(
                        " (le territoire : {} % de la région)",
                        decimal_fr(100.0 * v / reg, 1)
                    ));
                }
                let hover = match (&r.region, &r.france) {
                    (Value::NotComputable(w) | Value::Missing(w), _)
                    | (_, Value::NotComputable(w) | Value::Missing(w)) => w.clone(),
                    _ => format!("Calculé sur : {}", r.basis),
                };
                ui.small(text).on_hover_text(hover);
            }
        }
    }
}

/// For a share given per EPCI: the members' values, range and median (never an average).
fn members_summary_ui(ui: &mut egui::Ui, dataset: &Dataset, kind: Kind, id: &str, t: &Territory) {
    if kind != Kind::EpciSeries {
        return;
    }
    let Some(series) = dataset.tables.indicators.iter().find(|s| s.id == id) else {
        return;
    };
    let members = member_values(series, t);
    let vals: Vec<f64> = members.iter().filter_map(|m| m.2).collect();
    if let Some((lo, hi, med)) = range_and_median(&vals) {
        ui.small(format!(
            "EPCI membres ({} sur {} avec valeur) : de {} à {} %, médiane {} %",
            vals.len(),
            members.len(),
            decimal_fr(lo, 1),
            decimal_fr(hi, 1),
            decimal_fr(med, 1)
        ));
    }
}
