//! What the user's files add to the catalogue: action counts (total and per axis) from an
//! imported plan, funded-project counts from an imported project list. Without them those
//! indicators stay "non disponible — importer …".

use std::collections::BTreeMap;

use crate::model::imports::action_plan::{ActionPlan, Axis, PlanCounts};
use crate::model::imports::projects::ProjectList;
use crate::model::indicators::Value;
use crate::model::{IndicatorId, TerritoryId};

/// Source ids of imported figures (their `SourceInfo` is added to the dataset's sources).
pub const SOURCE_PLAN: &str = "import-plan-actions";
pub const SOURCE_PROJECTS: &str = "import-projets";

/// The user's imported data, as the indicators see it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imports {
    pub plan: Option<ActionPlan>,
    pub projects: Option<ProjectList>,
    /// Other tables joined by code, each giving per-territory series.
    pub tables: Vec<ImportedTable>,
}

/// A table joined to the atlas: its per-territory series.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedTable {
    pub source_name: String,
    /// Id of its `SourceInfo`.
    pub source_id: String,
    pub report: crate::model::imports::table_join::JoinReport,
    /// Joined by names (commune, EPCI or territory names): the graded report.
    pub names: Option<crate::model::imports::name_match::NameJoinReport>,
    pub series: Vec<ImportedSeries>,
    /// Text columns read as categories (typologies), at the table's maille.
    pub categorical: Vec<crate::model::typology::Typology>,
    /// Columns not taken, and why (shares that do not add up, text…).
    pub notes: Vec<String>,
}

/// One imported column at one maille, in that maille's unit order (territories: 2023-2027
/// layer order; EPCI and départements: table order).
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedSeries {
    pub level: crate::model::geography::tables::Level,
    pub id: IndicatorId,
    pub label: String,
    pub unit: String,
    pub values: Vec<Value>,
}

/// Values of the import-fed indicators, precomputed for one table build.
pub struct ImportValues<'a> {
    imports: &'a Imports,
    plan_counts: BTreeMap<&'a str, PlanCounts>,
    project_counts: BTreeMap<usize, usize>,
}

impl Imports {
    /// The source id an indicator takes its values from, when its file is loaded.
    pub fn source_of(&self, indicator_id: &IndicatorId) -> Option<&'static str> {
        match indicator_id.as_str() {
            "nombre_actions" => self.plan.as_ref().map(|_| SOURCE_PLAN),
            id if id.starts_with("nombre_actions_") => self.plan.as_ref().map(|_| SOURCE_PLAN),
            "nombre_projets" => self.projects.as_ref().map(|_| SOURCE_PROJECTS),
            _ => None,
        }
    }

    pub fn values(&self) -> ImportValues<'_> {
        ImportValues {
            imports: self,
            plan_counts: self
                .plan
                .as_ref()
                .map(ActionPlan::counts)
                .unwrap_or_default(),
            project_counts: self
                .projects
                .as_ref()
                .map(ProjectList::counts)
                .unwrap_or_default(),
        }
    }
}

impl ImportValues<'_> {
    /// The value of an import-fed indicator for the 2023-2027 territory `index` (layer order)
    /// with id `territory_id`; None when the indicator is not fed by a loaded file.
    pub fn territory_value(
        &self,
        indicator_id: &IndicatorId,
        index: usize,
        territory_id: &TerritoryId,
    ) -> Option<Value> {
        if *indicator_id == "nombre_projets" {
            // The DGE list is national: a territory without a project has 0 in it.
            self.imports.projects.as_ref()?;
            return Some(Value::Exact(
                self.project_counts.get(&index).copied().unwrap_or(0) as f64,
            ));
        }
        let plan = self.imports.plan.as_ref()?;
        let axis = match indicator_id.as_str() {
            "nombre_actions" => None,
            id => Some(
                Axis::ALL
                    .into_iter()
                    .find(|a| id.strip_prefix("nombre_actions_") == Some(a.id()))?,
            ),
        };
        // A territory absent from the file: its plan was not imported, not "zero actions".
        let Some(counts) = self.plan_counts.get(territory_id.as_str()) else {
            return Some(Value::Missing(format!(
                "absent du plan d'actions importé ({})",
                plan.source_name
            )));
        };
        let n = match axis {
            None => counts.total,
            Some(a) => counts.by_axis.get(&a).copied().unwrap_or(0),
        };
        Some(Value::Exact(n as f64))
    }
}
