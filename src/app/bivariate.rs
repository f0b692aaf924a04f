//! The app's bivariate map as shown (computed by carto's one builder with the choropleth, when
//! its settings or the tables change); and the grid the sheets' "Dynamiques" block places a territory's members on:
//! the map's when it is a bivariate EPCI map, else the default one (industry × private
//! employment growth, terciles).

use std::sync::Arc;

use super::AtlasApp;
use crate::carto::BivariateMap;
use crate::carto::bivariate::default_grid;
use crate::model::Level;
use crate::model::indicators::bivariate::{Bivariate, BivariateSpec};

/// The bivariate map as shown (computed by carto's one builder with the choropleth and the
/// symbols), and the sheets' grid.
#[derive(Default)]
pub(super) struct BivariateState {
    /// As shown (colour-vision preview); exports use the builder's own colours.
    pub(super) shown: Option<BivariateMap>,
    /// The sheets' grid, and the tables' revision and map it was taken for.
    pub(super) grid: Option<Arc<Bivariate>>,
    grid_key: Option<(u64, Option<BivariateSpec>)>,
}

impl AtlasApp {
    /// The bivariate map as shown, and the sheets' grid, when what they depend on changed.
    pub(super) fn update_bivariate(&mut self) {
        let simulation = self.map.simulation;
        let plain = self.map.thematic.built.bivariate();
        let state = &mut self.map.bivariate;
        let same_map = match (&state.shown, plain) {
            (Some(shown), Some(plain)) => Arc::ptr_eq(&shown.classes, &plain.classes),
            (None, None) => true,
            _ => false,
        };
        let shown_simulation = state.shown.as_ref().and_then(|b| b.legend.simulation);
        if !same_map || shown_simulation != simulation {
            state.shown = match (plain, simulation) {
                (Some(b), Some(d)) => Some(b.simulated(d)),
                (plain, _) => plain.cloned(),
            };
        }
        self.update_sheet_grid();
    }

    /// The grid of the sheets' "Dynamiques" block.
    fn update_sheet_grid(&mut self) {
        let state = &self.map.bivariate;
        let epci_map = (self.map.thematic.built.bivariate()).filter(|b| b.level == Level::Epci);
        let spec = epci_map.and_then(|_| {
            let map = &self.settings.map;
            map.bivariate.spec(map.maille).ok().flatten()
        });
        // The tables' revision, not the map's: another indicator keeps the default grid.
        let key = (self.map.thematic.tables_revision, spec);
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
