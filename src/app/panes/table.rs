//! The table of values, a tab of the bottom dock: the maille's units with the map's indicator
//! (population when the map has none), classes from the legend; on a bivariate map, its two
//! indicators. Its rows are rebuilt when the map changes, never in the frame.

use super::super::command::Command;
use super::super::context::{Commands, PaneContext};
use crate::map::painter::rgb;
use crate::model::Level;
use crate::model::UnitRef;
use crate::model::indicators::value_table::{ValueRow, value_rows};
use crate::ui::export_window::ExportWhat;
use crate::ui::table_view::{TableAction, TableViewInput, TableViewState, table_view_ui};

/// The rows of the table view and what they show.
#[derive(Default)]
pub struct TableRows {
    pub generation: u64,
    pub level: Option<Level>,
    pub title: String,
    pub unit: String,
    /// The second indicator of a bivariate map: its label and unit.
    pub second: Option<(String, String)>,
    pub rows: Vec<ValueRow>,
}

/// The table's rows and its widget state (sort, filter, scroll).
#[derive(Default)]
pub struct TablePane {
    pub view: TableViewState,
    pub rows: TableRows,
}

impl TablePane {
    /// Whether the rows are those of the map's maille.
    pub fn is_at(&self, level: Level) -> bool {
        self.rows.level == Some(level)
    }

    /// Rebuilds the rows from the map as it is now.
    pub fn rebuild(&mut self, cx: &PaneContext<'_>) {
        let Some(loaded) = cx.loaded else {
            return;
        };
        let level = cx.settings.map.maille;
        let Some(table) = loaded.table(level) else {
            return;
        };
        let bivariate = &cx.settings.map.bivariate;
        if cx.bivariate.is_some()
            && let (Some(x), Some(y)) = (
                bivariate.x.as_ref().and_then(|x| table.position(x)),
                bivariate.y.as_ref().and_then(|y| table.position(y)),
            )
            && let (Some(first), Some(second)) = (table.indicators.get(x), table.indicators.get(y))
        {
            self.rows = TableRows {
                generation: self.rows.generation + 1,
                level: Some(level),
                title: first.label.clone(),
                unit: first.unit.clone(),
                second: Some((second.label.clone(), second.unit.clone())),
                rows: crate::model::indicators::value_table::value_rows_pair(
                    &loaded.dataset,
                    table,
                    x,
                    y,
                ),
            };
            return;
        }
        let legend = cx.thematic.built.choropleth().map(|c| &c.legend);
        let population = crate::model::IndicatorId::new("population");
        let wanted = legend
            .and(cx.settings.map.indicator.as_ref())
            .unwrap_or(&population);
        let Some(i) = table
            .position(wanted)
            .or_else(|| table.position(&population))
        else {
            return;
        };
        let Some(ind) = table.indicators.get(i) else {
            return;
        };
        // A typology's categories are not classes of the table's values.
        let classification = legend
            .filter(|l| l.categories.is_empty())
            .map(|l| &l.classification);
        self.rows = TableRows {
            generation: self.rows.generation + 1,
            level: Some(level),
            title: ind.label.clone(),
            unit: ind.unit.clone(),
            second: None,
            rows: value_rows(&loaded.dataset, table, i, classification),
        };
    }

    /// The table as shown (sorted, filtered) as CSV for Excel.
    pub fn csv(&mut self, cx: &PaneContext<'_>) -> Option<String> {
        let rows = &self.rows;
        rows.level?;
        let order = self.view.order(&rows.rows, rows.generation).to_vec();
        let sources = cx
            .legend()
            .map(crate::model::indicators::choropleth::Legend::sources_text)
            .unwrap_or_default();
        Some(crate::model::indicators::value_table::to_csv(
            &rows.rows, &order, &rows.unit, &sources,
        ))
    }

    /// The tab's content: the maille, the CSV button, the table; a row highlighted reveals
    /// its unit, a row opened shows it on the map.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &PaneContext<'_>, commands: &mut Commands) {
        let Some(level) = self.rows.level else {
            ui.label("Tableau en cours de calcul…");
            return;
        };
        let (colours, missing) = match cx.legend() {
            Some(l) => (
                l.colours.iter().map(|&c| rgb(c)).collect(),
                rgb(l.missing_colour),
            ),
            None => (Vec::new(), egui::Color32::TRANSPARENT),
        };
        let has_legend = cx.legend().is_some();
        let rows = &self.rows;
        let input = TableViewInput {
            title: &rows.title,
            unit: &rows.unit,
            rows: &rows.rows,
            second: rows.second.as_ref().map(|(t, u)| (t.as_str(), u.as_str())),
            colours: &colours,
            missing_colour: missing,
            generation: rows.generation,
        };
        let mut export = false;
        ui.horizontal(|ui| {
            ui.small(format!("Maille : {}", level.maille_fr()));
            export = ui
                .add_enabled(has_legend, egui::Button::new("Exporter en CSV…"))
                .on_hover_text("Le tableau tel qu'il est affiché, pour Excel (UTF-8, « ; »)")
                .clicked();
        });
        let action = table_view_ui(ui, &input, &mut self.view);
        if export {
            commands.push(Command::OpenExport(ExportWhat::Table));
        }
        let unit = |u: usize| -> Option<UnitRef> {
            cx.unit_of(crate::carto::LayerId::Bundle(level.layer()), u)
        };
        match action {
            TableAction::None => {}
            TableAction::Highlight(u) => commands.extend(unit(u).map(Command::Reveal)),
            TableAction::Open(u) => commands.extend(unit(u).map(Command::Open)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::World;
    use super::*;
    use crate::model::Generation;
    use egui_kittest::kittest::Queryable as _;

    #[test]
    fn without_an_indicator_the_table_lists_the_population_of_every_territory() {
        let world = World::default();
        let mut pane = TablePane::default();
        assert!(!pane.is_at(Level::Territoire));
        pane.rebuild(&world.cx());
        assert!(pane.is_at(world.settings.map.maille));
        let territories = super::super::fixture::loaded()
            .dataset
            .territories(Generation::Temps2)
            .count();
        assert_eq!(pane.rows.rows.len(), territories);
        assert!(pane.rows.title.to_lowercase().contains("population"));
        assert_eq!(pane.rows.generation, 1);
        // The CSV holds a line per row, after its header.
        let csv = pane.csv(&world.cx()).expect("csv");
        assert!(csv.lines().count() > territories);
        pane.rebuild(&world.cx());
        assert_eq!(pane.rows.generation, 2, "a new generation of rows");
    }

    #[test]
    fn a_table_not_yet_built_says_so_and_exports_nothing() {
        let world = World::default();
        let mut pane = TablePane::default();
        assert!(pane.csv(&world.cx()).is_none());
        let mut commands = Commands::new();
        let mut harness =
            egui_kittest::Harness::new_ui(|ui| pane.ui(ui, &world.cx(), &mut commands));
        harness.run();
        harness.get_by_label("Tableau en cours de calcul…");
        drop(harness);
        assert!(commands.is_empty());
    }
}
