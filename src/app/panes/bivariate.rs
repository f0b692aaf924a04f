//! The bivariate pane: the map as shown (carto's one builder computes it with the choropleth
//! when its settings or the tables change); and the grid the sheets' "Dynamiques" block places a territory's members on:
//! the map's when it is a bivariate EPCI map, else the default one (industry × private
//! employment growth, terciles).

use std::sync::Arc;

use super::super::context::PaneContext;
use crate::carto::BivariateMap;
use crate::carto::bivariate::default_grid;
use crate::model::Level;
use crate::model::indicators::bivariate::{Bivariate, BivariateSpec};

/// The bivariate map as shown, and the sheets' grid.
#[derive(Default)]
pub struct BivariatePane {
    /// As shown (colour-vision preview); exports use the builder's own colours.
    pub shown: Option<BivariateMap>,
    /// The sheets' grid, and the tables' revision and map it was taken for.
    pub grid: Option<Arc<Bivariate>>,
    grid_key: Option<(u64, Option<BivariateSpec>)>,
}

impl BivariatePane {
    /// The bivariate map as shown (carto's one builder computes it with the choropleth, see
    /// `Thematic::built`), and the sheets' grid, when what they depend on changed. True when
    /// the map shown changed.
    pub fn update(&mut self, cx: &PaneContext<'_>) -> bool {
        let plain = cx.thematic.built.bivariate();
        let same_map = match (&self.shown, plain) {
            (Some(shown), Some(plain)) => Arc::ptr_eq(&shown.classes, &plain.classes),
            (None, None) => true,
            _ => false,
        };
        let shown_simulation = self.shown.as_ref().and_then(|b| b.legend.simulation);
        let changed = !same_map || shown_simulation != cx.simulation;
        if changed {
            self.shown = match (plain, cx.simulation) {
                (Some(b), Some(d)) => Some(b.simulated(d)),
                (plain, _) => plain.cloned(),
            };
        }
        self.update_sheet_grid(cx);
        changed
    }

    /// The grid of the sheets' "Dynamiques" block.
    fn update_sheet_grid(&mut self, cx: &PaneContext<'_>) {
        let epci_map = cx
            .thematic
            .built
            .bivariate()
            .filter(|b| b.level == Level::Epci);
        let spec = epci_map.and_then(|_| {
            let map = &cx.settings.map;
            map.bivariate.spec(map.maille).ok().flatten()
        });
        // The tables' revision, not the map's: another indicator keeps the default grid.
        let key = (cx.thematic.tables_revision, spec);
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

    /// The thematic map built for the world's settings, as the app's logic does.
    fn build(world: &mut World) {
        let loaded = super::super::fixture::loaded();
        let level = world.settings.map.maille;
        let table = loaded.table(level).expect("table");
        world
            .thematic
            .built
            .update(&world.settings.map, 0, &loaded.dataset, table);
    }

    #[test]
    fn the_map_is_shown_when_turned_on_and_the_sheets_grid_follows_it() {
        let mut world = World::default();
        let mut pane = BivariatePane::default();
        // Off: no map, and the sheets get the default grid.
        build(&mut world);
        assert!(!pane.update(&world.cx()), "nothing shown");
        assert!(pane.shown.is_none());
        let default = pane.grid.clone().expect("the default grid");
        world.settings.map.maille = Level::Epci;
        world.settings.map.bivariate.on = true;
        build(&mut world);
        assert!(pane.update(&world.cx()), "a new map");
        let map = pane.shown.as_ref().expect("the bivariate map");
        assert_eq!(map.level, Level::Epci);
        // An EPCI map is the sheets' grid; nothing new when nothing changed.
        let grid = pane.grid.clone().expect("grid");
        assert!(Arc::ptr_eq(&grid, &map.classes));
        assert!(!pane.update(&world.cx()));
        world.settings.map.bivariate.on = false;
        build(&mut world);
        assert!(pane.update(&world.cx()));
        assert!(pane.shown.is_none());
        assert_eq!(pane.grid.as_deref(), Some(&*default));
    }
}
