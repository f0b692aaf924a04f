//! The bivariate pane: the map computed once when its settings (or the tables) change, like the
//! choropleth; and the grid the sheets' "Dynamiques" block places a territory's members on:
//! the map's when it is a bivariate EPCI map, else the default one (industry × private
//! employment growth, terciles).

use std::sync::Arc;

use super::super::context::PaneContext;
use crate::carto::BivariateMap;
use crate::carto::bivariate::default_grid;
use crate::model::Level;
use crate::model::indicators::bivariate::{Bivariate, BivariateSpec};

/// What the bivariate map was computed from: its spec (or the error reading the settings) and
/// the tables' version.
type Key = (Result<Option<BivariateSpec>, String>, u64);

/// The bivariate map the settings ask for.
#[derive(Default)]
pub struct BivariatePane {
    applied: Option<Key>,
    /// In its own colours (what exports use), and as shown (colour-vision preview).
    pub plain: Option<BivariateMap>,
    pub shown: Option<BivariateMap>,
    pub error: Option<String>,
    /// The sheets' grid, and the tables' version and map it was taken for.
    pub grid: Option<Arc<Bivariate>>,
    grid_key: Option<(u64, Option<BivariateSpec>)>,
}

impl BivariatePane {
    /// Recomputes the bivariate map and the sheets' grid when what they depend on changed.
    /// True when the map changed (the table of values lists its two indicators).
    pub fn update(&mut self, cx: &PaneContext<'_>) -> bool {
        let map = &cx.settings.map;
        let key: Key = (map.bivariate.spec(map.maille), cx.thematic.version);
        let simulation = cx.simulation;
        let mut changed = false;
        if self.applied.as_ref() != Some(&key) {
            let Some(loaded) = cx.loaded else {
                return false;
            };
            let outcome = match key.0.as_ref().ok().and_then(Option::as_ref) {
                Some(s) => match loaded.on_table(s.level, |d, t| BivariateMap::compute(d, t, s)) {
                    Some(outcome) => Some(outcome),
                    None => return false,
                },
                None => None,
            };
            (self.plain, self.error) = match (outcome, &key.0) {
                (_, Err(e)) => (None, Some(e.clone())),
                (Some(Ok(b)), _) => (Some(b), None),
                (Some(Err(e)), _) => (None, Some(e)),
                (None, _) => (None, None),
            };
            self.shown = None;
            self.applied = Some(key);
            changed = true;
        }
        let shown_simulation = self.shown.as_ref().and_then(|b| b.legend.simulation);
        if self.shown.is_none() || shown_simulation != simulation {
            self.shown = match (&self.plain, simulation) {
                (Some(b), Some(d)) => Some(b.simulated(d)),
                (plain, _) => plain.clone(),
            };
        }
        self.update_sheet_grid(cx);
        changed
    }

    /// The grid of the sheets' "Dynamiques" block.
    fn update_sheet_grid(&mut self, cx: &PaneContext<'_>) {
        let epci_map = self.plain.as_ref().filter(|b| b.level == Level::Epci);
        let spec = epci_map.and_then(|_| {
            let map = &cx.settings.map;
            map.bivariate.spec(map.maille).ok().flatten()
        });
        let key = (cx.thematic.version, spec);
        if self.grid_key.as_ref() == Some(&key) {
            return;
        }
        let grid = match epci_map {
            Some(b) => Some(Arc::clone(&b.classes)),
            None => {
                let Some(loaded) = cx.loaded else {
                    return;
                };
                let Some(table) = loaded.table(Level::Epci) else {
                    return;
                };
                default_grid(&loaded.dataset, table).ok().map(Arc::new)
            }
        };
        self.grid = grid;
        self.grid_key = Some(key);
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::World;
    use super::*;

    #[test]
    fn the_map_is_computed_when_turned_on_and_the_sheets_grid_follows_it() {
        let mut world = World::default();
        let mut pane = BivariatePane::default();
        // Off: no map (said once), and the sheets get the default grid.
        assert!(pane.update(&world.cx()));
        assert!(!pane.update(&world.cx()), "nothing new");
        assert!(pane.shown.is_none() && pane.error.is_none());
        let default = pane.grid.clone().expect("the default grid");
        world.settings.map.maille = Level::Epci;
        world.settings.map.bivariate.on = true;
        assert!(pane.update(&world.cx()), "a new map");
        let map = pane.shown.as_ref().expect("the bivariate map");
        assert_eq!(map.level, Level::Epci);
        // An EPCI map is the sheets' grid; nothing new when nothing changed.
        let grid = pane.grid.clone().expect("grid");
        assert!(Arc::ptr_eq(&grid, &map.classes));
        assert!(!pane.update(&world.cx()));
        world.settings.map.bivariate.on = false;
        assert!(pane.update(&world.cx()));
        assert!(pane.shown.is_none());
        assert_eq!(pane.grid.as_deref(), Some(&*default));
    }
}
