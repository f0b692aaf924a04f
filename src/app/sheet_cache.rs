//! The selected unit's sheet, kept until its inputs change: built (by `sheet::territory_sheet`
//! or `sheet::unit_sheet`, from the one [`SheetInputs`]) when the selection, the tables (the
//! user's files), the arrival of the other mailles and the references, or the grid of the
//! "Dynamiques" block changed — never again over frames where none did. The side panel draws
//! the kept view model.

use std::sync::Arc;

use super::{AtlasApp, LoadState};
use crate::model::{Generation, LayerKind, Level, UnitRef};
use crate::sheet::{SheetInputs, TerritorySheet, UnitSheet, territory_sheet, unit_sheet};

/// A kept sheet.
pub(super) enum KeptSheet {
    Territory(Box<TerritorySheet>),
    Unit(Box<UnitSheet>),
    /// The unit has no sheet (gone from its layer): the panel closes.
    Nothing,
}

/// What the kept sheet was built from.
#[derive(Clone, Debug, PartialEq)]
struct SheetKey {
    unit: UnitRef,
    index: usize,
    /// The tables' revision: bumped when the user's files change.
    tables_revision: u64,
    /// The other mailles' tables and the région/France references have arrived.
    indexes: bool,
    /// The grid of the "Dynamiques" block (a grid computed again is a new allocation).
    grid: Option<usize>,
}

/// The selected unit's sheet and what it was built from.
#[derive(Default)]
pub(super) struct SheetCache {
    key: Option<SheetKey>,
    pub(super) sheet: Option<KeptSheet>,
    /// Sheets built since the start (what tests read).
    builds: u64,
}

impl AtlasApp {
    /// Builds the selected unit's sheet again if one of its inputs changed.
    pub(super) fn update_sheet(&mut self) {
        let (Some(selection), LoadState::Ready(loaded, _)) = (&self.map.selection, &self.load)
        else {
            self.windows.kept_sheet.key = None;
            self.windows.kept_sheet.sheet = None;
            return;
        };
        let grid = self.map.bivariate.grid.as_ref();
        let key = SheetKey {
            unit: selection.unit.clone(),
            index: selection.index,
            tables_revision: self.map.thematic.tables_revision,
            indexes: loaded.indexes.is_some(),
            grid: grid.map(|g| Arc::as_ptr(g) as usize),
        };
        let kept = &mut self.windows.kept_sheet;
        if kept.key.as_ref() == Some(&key) {
            return;
        }
        let kind = key.unit.layer;
        let table = match kind {
            LayerKind::Ti2023 => loaded.tables.first(),
            LayerKind::Ti2018 => loaded.tables.get(1),
            LayerKind::Epci => loaded.table(Level::Epci),
            LayerKind::Departements => loaded.table(Level::Departement),
            LayerKind::Regions => None,
        };
        let inputs = SheetInputs {
            dataset: &loaded.dataset,
            table,
            references: loaded.indexes.as_ref().map(|i| &i.references),
            imports: &self.user.imports,
            bivariate: grid.map(|g| &**g),
            date: "",
        };
        let generation = match kind {
            LayerKind::Ti2023 => Some(Generation::Temps2),
            LayerKind::Ti2018 => Some(Generation::Temps1),
            _ => None,
        };
        let sheet = match generation {
            Some(g) => loaded
                .dataset
                .territory(g, &key.unit.code)
                .and_then(|_| territory_sheet(&inputs, g, key.index))
                .map(|s| KeptSheet::Territory(Box::new(s))),
            None => unit_sheet(&inputs, kind, key.index).map(|s| KeptSheet::Unit(Box::new(s))),
        };
        kept.sheet = Some(sheet.unwrap_or(KeptSheet::Nothing));
        kept.key = Some(key);
        kept.builds += 1;
    }

    /// How many times the selected unit's sheet was built since the start.
    pub fn sheet_builds(&self) -> u64 {
        self.windows.kept_sheet.builds
    }
}
