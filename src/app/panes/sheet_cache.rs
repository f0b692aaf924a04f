//! The selected unit's sheet, kept until its inputs change: built (by `sheet::territory_sheet`
//! or `sheet::unit_sheet`, from the one [`SheetInputs`]) when the selection, the tables (the
//! user's files), the arrival of the other mailles and the references, or the grid of the
//! "Dynamiques" block changed — never again over frames where none did. The side panel draws
//! the kept view model.

use std::sync::Arc;

use super::super::loader::Loaded;
use crate::model::imports::Imports;
use crate::model::indicators::bivariate::Bivariate;
use crate::model::typology::TypologyChoice;
use crate::model::{LayerKind, Level, UnitRef};
use crate::sheet::{SheetInputs, TerritorySheet, UnitSheet, territory_sheet, unit_sheet};

/// A kept sheet.
pub enum KeptSheet {
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
    /// The typology the map shows (its category is one fact of the sheet).
    typology: Option<TypologyChoice>,
}

/// The selected unit's sheet and what it was built from.
#[derive(Default)]
pub struct SheetCache {
    key: Option<SheetKey>,
    pub sheet: Option<KeptSheet>,
    /// Sheets built since the start (what tests read).
    builds: u64,
}

/// What the sheet is built from this frame (borrowed from the app).
pub struct SheetSources<'a> {
    pub selection: Option<(&'a UnitRef, usize)>,
    pub loaded: Option<&'a Loaded>,
    pub imports: &'a Imports,
    pub grid: Option<&'a Arc<Bivariate>>,
    pub tables_revision: u64,
    /// The typology the map shows, if any.
    pub typology: Option<&'a TypologyChoice>,
}

/// The map's typology as the sheets read it (each unit's category is a fact of its sheet); a
/// typology that cannot be computed adds nothing: the map says why. Also what a PDF sheet
/// exported from the app reads.
pub fn sheet_typology(
    loaded: &Loaded,
    imports: &Imports,
    choice: &TypologyChoice,
) -> Option<crate::sheet::SheetTypology> {
    let level = choice.level()?;
    let typology =
        crate::carto::typology::typology_of(&loaded.dataset, imports, loaded.table(level), choice)
            .ok()?;
    Some(crate::sheet::SheetTypology::new(typology, choice))
}

impl SheetCache {
    /// Builds the selected unit's sheet again if one of its inputs changed.
    pub fn update(&mut self, from: &SheetSources<'_>) {
        let (Some((unit, index)), Some(loaded)) = (from.selection, from.loaded) else {
            self.key = None;
            self.sheet = None;
            return;
        };
        let key = SheetKey {
            unit: unit.clone(),
            index,
            tables_revision: from.tables_revision,
            indexes: loaded.indexes.is_some(),
            grid: from.grid.map(|g| Arc::as_ptr(g) as usize),
            typology: from.typology.cloned(),
        };
        if self.key.as_ref() == Some(&key) {
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
        let typology = key
            .typology
            .as_ref()
            .and_then(|choice| sheet_typology(loaded, from.imports, choice));
        let inputs = SheetInputs {
            dataset: &loaded.dataset,
            table,
            references: loaded.indexes.as_ref().map(|i| &i.references),
            imports: from.imports,
            bivariate: from.grid.map(AsRef::as_ref),
            date: "",
            typology: typology.as_ref(),
        };
        let sheet = match kind.generation() {
            Some(g) => loaded
                .dataset
                .territory_of(&key.unit)
                .and_then(|_| territory_sheet(&inputs, g, key.index))
                .map(|s| KeptSheet::Territory(Box::new(s))),
            None => unit_sheet(&inputs, kind, key.index).map(|s| KeptSheet::Unit(Box::new(s))),
        };
        self.sheet = Some(sheet.unwrap_or(KeptSheet::Nothing));
        self.key = Some(key);
        self.builds += 1;
    }

    /// How many sheets were built since the start.
    pub fn builds(&self) -> u64 {
        self.builds
    }
}
