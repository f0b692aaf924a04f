//! The one map builder: from the map's settings and the maille's indicator table to what the
//! map draws over its layers — the choropleth, the proportional symbols, the bivariate map —
//! and from those to the [`MapSpec`] with the imported projects' points. The app keeps a
//! [`MapThematics`] and updates it when the settings or its tables change (each piece is
//! computed again only when what it reads moved); `ti-atlas export map` fills the same
//! [`MapSettings`] from its flags and builds one. So the command line's map is the app's.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::bivariate::BivariateMap;
use super::settings::MapSettings;
use super::spec::MapSpec;
use super::symbols::{SymbolSettings, Symbols};
use super::thematic::Choropleth;
use crate::model::Dataset;
use crate::model::imports::Imports;
use crate::model::indicators::IndicatorTable;
use crate::model::indicators::bivariate::BivariateSpec;
use crate::model::indicators::choropleth::Spec;
use crate::model::indicators::nature::Nature;
use crate::model::{IndicatorId, Level};

/// One piece of the map: absent, computed, or refused (a French message saying why).
pub type Piece<T> = Result<Option<T>, String>;

/// What each piece was computed from, besides the tables (their revision).
#[derive(Clone, Debug, PartialEq)]
struct Keys {
    tables_revision: u64,
    choropleth: Result<Option<Spec>, String>,
    symbols: (SymbolSettings, Level, BTreeMap<IndicatorId, Nature>),
    bivariate: Result<Option<BivariateSpec>, String>,
}

impl Keys {
    fn of(settings: &MapSettings, tables_revision: u64) -> Self {
        Keys {
            tables_revision,
            choropleth: settings.choropleth_spec(None),
            symbols: (
                settings.symbols.clone(),
                settings.maille,
                settings.natures.clone(),
            ),
            bivariate: settings.bivariate.spec(settings.maille),
        }
    }
}

/// Which pieces an update computed again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recomputed {
    pub choropleth: bool,
    pub symbols: bool,
    pub bivariate: bool,
}

impl Recomputed {
    pub fn any(self) -> bool {
        self.choropleth || self.symbols || self.bivariate
    }
}

/// What the settings colour and mark the map with, in its own colours (the screen's
/// colour-vision preview is made from it and never exported).
#[derive(Clone, Debug)]
pub struct MapThematics {
    pub choropleth: Piece<Choropleth>,
    pub symbols: Piece<Symbols>,
    pub bivariate: Piece<BivariateMap>,
    /// What the pieces were computed from (None: nothing computed yet).
    keys: Option<Keys>,
}

impl Default for MapThematics {
    fn default() -> Self {
        MapThematics {
            choropleth: Ok(None),
            symbols: Ok(None),
            bivariate: Ok(None),
            keys: None,
        }
    }
}

impl MapThematics {
    /// The pieces the settings ask for over `table`, the indicator table of `settings.maille`.
    pub fn build(settings: &MapSettings, dataset: &Dataset, table: &IndicatorTable) -> Self {
        Self::build_with(settings, dataset, table, &Imports::default())
    }

    /// [`MapThematics::build`] with the user's files (the typologies of their text columns).
    pub fn build_with(
        settings: &MapSettings,
        dataset: &Dataset,
        table: &IndicatorTable,
        imports: &Imports,
    ) -> Self {
        let mut built = MapThematics::default();
        built.update_with(settings, 0, dataset, table, imports);
        built
    }

    /// Brings the pieces up to date with the settings over `table` (the indicator table of
    /// `settings.maille`), computing again only those whose settings changed, or all when
    /// `tables_revision` did (the caller bumps it whenever its tables change).
    pub fn update(
        &mut self,
        settings: &MapSettings,
        tables_revision: u64,
        dataset: &Dataset,
        table: &IndicatorTable,
    ) -> Recomputed {
        self.update_with(
            settings,
            tables_revision,
            dataset,
            table,
            &Imports::default(),
        )
    }

    /// [`MapThematics::update`] with the user's files (the typologies of their text columns;
    /// the caller bumps `tables_revision` when they change).
    pub fn update_with(
        &mut self,
        settings: &MapSettings,
        tables_revision: u64,
        dataset: &Dataset,
        table: &IndicatorTable,
        imports: &Imports,
    ) -> Recomputed {
        let keys = Keys::of(settings, tables_revision);
        let before = self.keys.as_ref();
        let tables_moved = before.is_none_or(|k| k.tables_revision != tables_revision);
        let recomputed = Recomputed {
            choropleth: tables_moved || before.is_some_and(|k| k.choropleth != keys.choropleth),
            symbols: tables_moved || before.is_some_and(|k| k.symbols != keys.symbols),
            bivariate: tables_moved || before.is_some_and(|k| k.bivariate != keys.bivariate),
        };
        if recomputed.choropleth {
            self.choropleth = match &keys.choropleth {
                Ok(Some(spec)) => Choropleth::compute_with(dataset, table, imports, spec).map(Some),
                Ok(None) => Ok(None),
                Err(e) => Err(e.clone()),
            };
        }
        if recomputed.symbols {
            self.symbols = Symbols::compute(dataset, table, &settings.symbols, &settings.natures);
        }
        if recomputed.bivariate {
            self.bivariate = match &keys.bivariate {
                Ok(Some(spec)) => BivariateMap::compute(dataset, table, spec).map(Some),
                Ok(None) => Ok(None),
                Err(e) => Err(e.clone()),
            };
        }
        self.keys = Some(keys);
        recomputed
    }

    /// The choropleth drawn (None when absent or refused).
    pub fn choropleth(&self) -> Option<&Choropleth> {
        self.choropleth.as_ref().ok().and_then(Option::as_ref)
    }

    pub fn symbols(&self) -> Option<&Symbols> {
        self.symbols.as_ref().ok().and_then(Option::as_ref)
    }

    pub fn bivariate(&self) -> Option<&BivariateMap> {
        self.bivariate.as_ref().ok().and_then(Option::as_ref)
    }

    /// The map the settings describe with these pieces (a refused piece is left out) and, when
    /// the settings show them, the imported projects' `points` ([`project_points`]).
    pub fn spec(&self, settings: &MapSettings, points: &Arc<Vec<[f64; 2]>>) -> MapSpec {
        let mut spec = MapSpec::from_settings(settings, self.choropleth().cloned())
            .with_symbols(self.symbols().cloned())
            .with_bivariate(self.bivariate().cloned());
        if settings.show_projects {
            spec.points = Arc::clone(points);
        }
        spec
    }
}

/// Where the imported projects are drawn (lon, lat): those placed on the map.
pub fn project_points(imports: &Imports) -> Arc<Vec<[f64; 2]>> {
    Arc::new(
        imports
            .projects
            .as_ref()
            .map(|l| l.projects.iter().filter_map(|p| p.lon_lat).collect())
            .unwrap_or_default(),
    )
}
