//! The app's bivariate map, computed once when its settings (or the tables) change, like the
//! choropleth; and the grid the sheets' "Dynamiques" block places a territory's members on:
//! the map's when it is a bivariate EPCI map, else the default one (industry × private
//! employment growth, terciles).

use std::sync::Arc;

use super::{AtlasApp, LoadState};
use crate::carto::BivariateMap;
use crate::carto::bivariate::default_grid;
use crate::model::Level;
use crate::model::indicators::bivariate::{Bivariate, BivariateSpec};

/// What the bivariate map was computed from: its spec (or the error reading the settings) and
/// the tables' version.
type Key = (Result<Option<BivariateSpec>, String>, u64);

/// The bivariate map the settings ask for.
#[derive(Default)]
pub(super) struct BivariateState {
    applied: Option<Key>,
    /// In its own colours (what exports use), and as shown (colour-vision preview).
    pub(super) plain: Option<BivariateMap>,
    pub(super) shown: Option<BivariateMap>,
    pub(super) error: Option<String>,
    /// The sheets' grid, and the tables' version and map it was taken for.
    pub(super) grid: Option<Arc<Bivariate>>,
    grid_key: Option<(u64, Option<BivariateSpec>)>,
}

impl AtlasApp {
    /// Recomputes the bivariate map and the sheets' grid when what they depend on changed.
    pub(super) fn update_bivariate(&mut self) {
        let map = &self.settings.map;
        let key: Key = (map.bivariate.spec(map.maille), self.map.thematic.version);
        let simulation = self.map.simulation;
        let state = &mut self.map.bivariate;
        let mut changed = false;
        if state.applied.as_ref() != Some(&key) {
            let LoadState::Ready(loaded, _) = &self.load else {
                return;
            };
            let outcome = match key.0.as_ref().ok().and_then(Option::as_ref) {
                Some(s) => match loaded.on_table(s.level, |d, t| BivariateMap::compute(d, t, s)) {
                    Some(outcome) => Some(outcome),
                    None => return,
                },
                None => None,
            };
            (state.plain, state.error) = match (outcome, &key.0) {
                (_, Err(e)) => (None, Some(e.clone())),
                (Some(Ok(b)), _) => (Some(b), None),
                (Some(Err(e)), _) => (None, Some(e)),
                (None, _) => (None, None),
            };
            state.shown = None;
            state.applied = Some(key);
            changed = true;
        }
        let shown_simulation = state.shown.as_ref().and_then(|b| b.legend.simulation);
        if state.shown.is_none() || shown_simulation != simulation {
            state.shown = match (&state.plain, simulation) {
                (Some(b), Some(d)) => Some(b.simulated(d)),
                (plain, _) => plain.clone(),
            };
        }
        if changed {
            // The table lists the two mapped indicators (or the choropleth's again).
            self.rebuild_table_rows();
        }
        self.update_sheet_grid();
    }

    /// The grid of the sheets' "Dynamiques" block.
    fn update_sheet_grid(&mut self) {
        let state = &self.map.bivariate;
        let epci_map = state.plain.as_ref().filter(|b| b.level == Level::Epci);
        let spec = epci_map.and_then(|_| {
            let map = &self.settings.map;
            map.bivariate.spec(map.maille).ok().flatten()
        });
        let key = (self.map.thematic.version, spec);
        if state.grid_key.as_ref() == Some(&key) {
            return;
        }
        let grid = match epci_map {
            Some(b) => Some(Arc::clone(&b.classes)),
            None => {
                let Some(loaded) = self.loaded() else {
                    return;
                };
                let Some(table) = loaded.table(Level::Epci) else {
                    return;
                };
                default_grid(&loaded.dataset, table).ok().map(Arc::new)
            }
        };
        let state = &mut self.map.bivariate;
        state.grid = grid;
        state.grid_key = Some(key);
    }

    /// The bivariate map as drawn (colour-vision preview included).
    pub fn bivariate(&self) -> Option<&BivariateMap> {
        self.map.bivariate.shown.as_ref()
    }

    /// The grid the sheets place a territory's members on.
    pub fn sheet_grid(&self) -> Option<&Bivariate> {
        self.map.bivariate.grid.as_deref()
    }
}
