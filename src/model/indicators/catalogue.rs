//! The indicator catalogue: what can be shown, at which level, from which source, and the value
//! of each indicator for each territory — exact, or "non disponible" / "non calculable" with the
//! reason. Nothing is interpolated and shares are never averaged.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::model::geography::dataset::Dataset;
use crate::model::geography::ids::IndicatorId;
use crate::model::geography::tables::{
    Generation, GroupementNature, IndicatorSeries, Level, Territory,
};
use crate::model::imports::Imports;

/// Source ids of figures computed from the bundle's own tables.
pub const SOURCE_COG: &str = "insee-cog";
pub const SOURCE_IGN: &str = "ign-admin-express";
pub const SOURCE_ANCT: &str = "anct-ti";

/// How an indicator is obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Kind {
    /// Computed exactly for each territory from the bundle.
    TerritoryExact(TerritoryMeasure),
    /// A series given per EPCI: exact for a territory only when it is exactly one EPCI.
    EpciSeries,
    /// Needs the user's files (a later import).
    NeedsImport,
    /// A column of a table the user imported (values given per territory by the import).
    Imported,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum TerritoryMeasure {
    Population,
    AreaKm2,
    Density,
    EpciCount,
    CommuneCount,
    DepartementCount,
    ContinuitySharePopulation,
}

/// One entry of the catalogue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Indicator {
    pub id: IndicatorId,
    pub label: String,
    pub unit: String,
    pub level: Level,
    pub kind: Kind,
    /// Source ids (see `Tables::sources`); several when a figure combines sources.
    pub sources: Vec<String>,
    /// Why the indicator cannot be shown yet, for `NeedsImport`.
    pub unavailable: Option<String>,
    /// Year or period the figure describes ("2016-2022"), when the source gives one per series.
    pub period: Option<String>,
    /// Values are read against 0 (growth rates): classes and palette diverge around 0 by default
    /// (see [`crate::model::indicators::choropleth::default_method`]).
    pub diverging_around_zero: bool,
}

/// A territory's value for an indicator.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Value {
    Exact(f64),
    /// Exists at a finer level but cannot be aggregated honestly: the reason.
    NotComputable(String),
    /// No data: the reason.
    Missing(String),
}

impl Value {
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Exact(v) => Some(*v),
            _ => None,
        }
    }

    /// Why a unit's value (`None`: the unit has no entry) is not a finite number, or `None`
    /// when it is one.
    pub fn absence(v: Option<&Value>) -> Option<String> {
        match v {
            Some(Value::Exact(x)) if x.is_finite() => None,
            Some(Value::Exact(_)) => Some("valeur non définie".into()),
            Some(Value::NotComputable(r) | Value::Missing(r)) => Some(r.clone()),
            None => Some("non disponible".into()),
        }
    }
}

fn exact(id: &str, label: &str, unit: &str, m: TerritoryMeasure, sources: &[&str]) -> Indicator {
    Indicator {
        id: id.into(),
        label: label.into(),
        unit: unit.into(),
        level: Level::Territoire,
        kind: Kind::TerritoryExact(m),
        sources: sources.iter().map(|s| (*s).to_owned()).collect(),
        unavailable: None,
        period: None,
        diverging_around_zero: false,
    }
}

fn needs_import(id: &str, label: &str, what: &str) -> Indicator {
    Indicator {
        id: id.into(),
        label: label.into(),
        unit: "nombre".into(),
        level: Level::Territoire,
        kind: Kind::NeedsImport,
        sources: Vec::new(),
        unavailable: Some(format!("non disponible — importer {what}")),
        period: None,
        diverging_around_zero: false,
    }
}

/// Every indicator the atlas knows, in display order.
pub fn catalogue(dataset: &Dataset) -> Vec<Indicator> {
    use TerritoryMeasure as M;
    let mut out = vec![
        exact(
            "population",
            "Population municipale 2022",
            "habitants",
            M::Population,
            &[SOURCE_COG],
        ),
        exact("superficie", "Superficie", "km²", M::AreaKm2, &[SOURCE_IGN]),
        exact(
            "densite",
            "Densité de population",
            "hab./km²",
            M::Density,
            &[SOURCE_COG, SOURCE_IGN],
        ),
        exact(
            "nombre_epci",
            "Nombre d'EPCI et d'EPT membres",
            "nombre",
            M::EpciCount,
            &[SOURCE_ANCT],
        ),
        exact(
            "nombre_communes",
            "Nombre de communes",
            "nombre",
            M::CommuneCount,
            &[SOURCE_ANCT, SOURCE_COG],
        ),
        exact(
            "nombre_departements",
            "Nombre de départements",
            "nombre",
            M::DepartementCount,
            &[SOURCE_ANCT, SOURCE_COG],
        ),
        exact(
            "continuite_temps1_population",
            "Part de la population déjà dans un territoire 2018-2022",
            "% de la population",
            M::ContinuitySharePopulation,
            &[SOURCE_ANCT, SOURCE_COG],
        ),
    ];
    for s in &dataset.tables.indicators {
        out.push(Indicator {
            id: s.id.clone(),
            label: s.label.clone(),
            unit: s.unit.clone(),
            level: s.level,
            kind: Kind::EpciSeries,
            sources: vec![s.source.clone()],
            unavailable: None,
            period: s.period.clone(),
            diverging_around_zero: s.measure.diverging_around_zero(),
        });
    }
    out.push(needs_import(
        "nombre_actions",
        "Nombre d'actions du plan",
        "un plan d'actions (CSV ou XLSX)",
    ));
    for (axis, label) in [
        ("transition", "transition écologique et énergétique"),
        ("innovation", "innovation"),
        ("competences", "compétences et recrutement"),
        ("foncier", "foncier industriel"),
    ] {
        out.push(needs_import(
            &format!("nombre_actions_{axis}"),
            &format!("Nombre d'actions — axe {label}"),
            "un plan d'actions (CSV ou XLSX)",
        ));
    }
    out.push(needs_import(
        "nombre_projets",
        "Nombre de projets financés",
        "la liste des projets (CSV « Plan de relance – Projets industriels »)",
    ));
    out
}

/// The programme's headline indicator: the share of jobs in industry. First in every list.
pub const HEADLINE: &str = "part_emploi_industrie";

/// The groups of the indicator lists, in list order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum IndicatorGroup {
    /// Sector shares of jobs (the headline first).
    Employment,
    /// Growth rates of jobs.
    Dynamics,
    /// Population, area, density, counts of members.
    Territory,
    /// Actions and projects, from the user's plan and project files.
    Plans,
    /// Columns of the tables the user imported.
    Imported,
}

impl IndicatorGroup {
    pub fn label_fr(self) -> &'static str {
        match self {
            IndicatorGroup::Employment => "Emploi et industrie",
            IndicatorGroup::Dynamics => "Dynamiques de l'emploi",
            IndicatorGroup::Territory => "Population et territoire",
            IndicatorGroup::Plans => "Plans d'actions et projets",
            IndicatorGroup::Imported => "Données importées",
        }
    }
}

impl Indicator {
    /// The group the indicator is listed under.
    pub fn group(&self) -> IndicatorGroup {
        match self.kind {
            Kind::TerritoryExact(_) => IndicatorGroup::Territory,
            Kind::EpciSeries if self.diverging_around_zero => IndicatorGroup::Dynamics,
            Kind::EpciSeries => IndicatorGroup::Employment,
            Kind::NeedsImport => IndicatorGroup::Plans,
            Kind::Imported => IndicatorGroup::Imported,
        }
    }
}

/// Positions of `indicators` in list order: by group, the headline indicator first, the
/// catalogue's order otherwise.
pub fn list_order(indicators: &[Indicator]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..indicators.len()).collect();
    order.sort_by_key(|&i| {
        indicators
            .get(i)
            .map(|ind| (ind.group(), ind.id != HEADLINE))
    });
    order
}

/// Communes that belonged to a 2018-2022 territory.
pub fn temps1_communes(dataset: &Dataset) -> BTreeSet<&str> {
    dataset
        .territories(Generation::Temps1)
        .flat_map(|t| t.communes.iter().map(String::as_str))
        .collect()
}

/// A member counted by `nombre_epci`: an EPCI à fiscalité propre or an établissement public
/// territorial of the Grand Paris (both are intercommunal members), not a single commune.
fn is_intercommunal(nature: GroupementNature) -> bool {
    nature != GroupementNature::COM
}

impl Indicator {
    /// Whether the indicator means something for the units of a level.
    pub fn applies_to(&self, level: Level) -> bool {
        use TerritoryMeasure as M;
        match (level, self.kind) {
            (_, Kind::Imported) => self.level == level,
            (Level::Territoire, _) | (Level::Epci, Kind::EpciSeries) => true,
            (_, Kind::TerritoryExact(m)) => {
                matches!(m, M::Population | M::AreaKm2 | M::Density | M::CommuneCount)
            }
            _ => false,
        }
    }
}

/// The territory's value for an indicator.
pub fn territory_value(dataset: &Dataset, indicator: &Indicator, t: &Territory) -> Value {
    value_with(dataset, &temps1_communes(dataset), indicator, t)
}

fn value_with(
    dataset: &Dataset,
    temps1: &BTreeSet<&str>,
    indicator: &Indicator,
    t: &Territory,
) -> Value {
    match indicator.kind {
        Kind::TerritoryExact(m) => Value::Exact(measure(dataset, temps1, m, t)),
        Kind::EpciSeries => {
            let Some(series) = dataset
                .tables
                .indicators
                .iter()
                .find(|s| s.id == indicator.id)
            else {
                return Value::Missing("série absente du lot de données".into());
            };
            epci_series_for_territory(series, t)
        }
        Kind::NeedsImport => Value::Missing(
            indicator
                .unavailable
                .clone()
                .unwrap_or_else(|| "non disponible".into()),
        ),
        Kind::Imported => Value::Missing("non disponible dans le fichier importé".into()),
    }
}

fn measure(dataset: &Dataset, temps1: &BTreeSet<&str>, m: TerritoryMeasure, t: &Territory) -> f64 {
    use TerritoryMeasure as M;
    match m {
        M::Population => t.population as f64,
        M::AreaKm2 => t.area_km2,
        M::Density => {
            if t.area_km2 > 0.0 {
                t.population as f64 / t.area_km2
            } else {
                f64::NAN
            }
        }
        M::EpciCount => t
            .groupements
            .iter()
            .filter(|g| is_intercommunal(g.nature))
            .count() as f64,
        M::CommuneCount => t.communes.len() as f64,
        M::DepartementCount => t.departements.len() as f64,
        M::ContinuitySharePopulation => {
            let kept: u64 = t
                .communes
                .iter()
                .filter(|c| temps1.contains(c.as_str()))
                .filter_map(|c| dataset.commune(c))
                .map(|c| c.population)
                .sum();
            if t.population == 0 {
                f64::NAN
            } else {
                100.0 * kept as f64 / t.population as f64
            }
        }
    }
}

/// A rate given per EPCI (or EPT), a share or a growth rate, is exact for a territory only if
/// the territory is exactly one of them: its communes are then that groupement's communes (the
/// bundle expands members). Never an average of the members.
pub fn epci_series_for_territory(series: &IndicatorSeries, t: &Territory) -> Value {
    if let [g] = t.groupements.as_slice()
        && g.nature != GroupementNature::COM
    {
        return match series.values.get(&g.siren) {
            Some(v) => Value::Exact(*v),
            // Said without the groupement's name, so that a legend counts these territories
            // on one line (the sheet lists the member).
            None => Value::Missing(format!(
                "son seul groupement membre n'a pas de valeur : {}",
                why_absent(t, g.nature)
            )),
        };
    }
    if !t
        .groupements
        .iter()
        .any(|g| series.values.contains_key(&g.siren))
    {
        let nature = t
            .groupements
            .iter()
            .map(|g| g.nature)
            .find(|n| *n != GroupementNature::COM)
            .unwrap_or(GroupementNature::COM);
        return Value::Missing(format!(
            "aucun EPCI membre n'a de valeur : {}",
            why_absent(t, nature)
        ));
    }
    Value::NotComputable(series.measure.not_computable_reason().into())
}

/// Why the source has no value for a member (of nature `nature`) of the territory.
fn why_absent(t: &Territory, nature: GroupementNature) -> &'static str {
    // Overseas départements have three-digit codes (971 to 976).
    let overseas = t.departements.iter().all(|d| d.len() == 3);
    if overseas {
        "la source ne couvre que la France métropolitaine"
    } else if nature == GroupementNature::EPT {
        "la source n'a pas de valeur pour cet établissement public territorial du Grand Paris \
         (seulement pour la Métropole du Grand Paris)"
    } else if nature == GroupementNature::COM {
        "la source ne donne des valeurs que par EPCI, pas pour une commune seule"
    } else {
        "la source n'a pas de valeur pour ce groupement"
    }
}

/// The member EPCI (and EPT) values of a series for a territory, in member order, with None
/// where the source has no value.
pub fn member_values<'a>(
    series: &IndicatorSeries,
    t: &'a Territory,
) -> Vec<(&'a str, &'a str, Option<f64>)> {
    t.groupements
        .iter()
        .filter(|g| g.nature != GroupementNature::COM)
        .map(|g| {
            (
                g.siren.as_str(),
                g.name.as_str(),
                series.values.get(&g.siren).copied(),
            )
        })
        .collect()
}

/// Every applicable catalogue indicator for every unit of a level (territories of a
/// generation, EPCI or départements, in the order of the level's map layer), computed once (at
/// load, off the UI thread).
#[derive(Clone, Debug)]
pub struct IndicatorTable {
    pub level: Level,
    pub indicators: Vec<Indicator>,
    /// `values[i][u]`: indicator `i` for the `u`-th unit.
    pub values: Vec<Vec<Value>>,
}

impl IndicatorTable {
    /// Every catalogue indicator for the territories of a generation.
    pub fn territories(dataset: &Dataset, generation: Generation) -> Self {
        Self::territories_with(dataset, generation, &Imports::default())
    }

    /// The same, with the indicators the user's imported files feed (2023-2027 only).
    pub fn territories_with(dataset: &Dataset, generation: Generation, imports: &Imports) -> Self {
        let temps1 = temps1_communes(dataset);
        let mut indicators = catalogue(dataset);
        let fed = imports.values();
        for ind in &mut indicators {
            if generation == Generation::Temps2
                && ind.kind == Kind::NeedsImport
                && let Some(source) = imports.source_of(&ind.id)
            {
                ind.unavailable = None;
                ind.sources = vec![source.to_owned()];
            }
        }
        let values: Vec<Vec<Value>> = indicators
            .iter()
            .map(|ind| {
                dataset
                    .territories(generation)
                    .enumerate()
                    .map(|(i, t)| {
                        if ind.kind == Kind::NeedsImport
                            && ind.unavailable.is_none()
                            && let Some(v) = fed.territory_value(&ind.id, i, &t.id)
                        {
                            return v;
                        }
                        value_with(dataset, &temps1, ind, t)
                    })
                    .collect()
            })
            .collect();
        let mut table = IndicatorTable {
            level: Level::Territoire,
            indicators,
            values,
        };
        if generation == Generation::Temps2 {
            table.push_imported(imports);
        }
        table
    }

    /// The indicators that make sense at a level, for its units (territories: 2023-2027).
    pub fn for_level(dataset: &Dataset, level: Level) -> Self {
        Self::for_level_with(dataset, level, &Imports::default())
    }

    /// The same, with the series the user's imported tables give at that level.
    pub fn for_level_with(dataset: &Dataset, level: Level, imports: &Imports) -> Self {
        let mut table = match level {
            Level::Territoire => {
                return Self::territories_with(dataset, Generation::Temps2, imports);
            }
            Level::Epci => Self::from_units(dataset, level, &dataset.tables.epci, |ind, e| {
                epci_value(dataset, ind, e)
            }),
            Level::Departement => {
                let figures = departement_figures(dataset);
                Self::from_units(dataset, level, &figures, |ind, f| match ind.kind {
                    Kind::TerritoryExact(m) => area_measure(m, f),
                    _ => Value::Missing(NOT_AT_LEVEL.into()),
                })
            }
        };
        table.push_imported(imports);
        table
    }

    /// The catalogue indicators that apply at `level`, valued unit by unit.
    fn from_units<U>(
        dataset: &Dataset,
        level: Level,
        units: &[U],
        value: impl Fn(&Indicator, &U) -> Value,
    ) -> Self {
        let indicators: Vec<Indicator> = catalogue(dataset)
            .into_iter()
            .filter(|i| i.applies_to(level))
            .collect();
        let values = indicators
            .iter()
            .map(|ind| units.iter().map(|u| value(ind, u)).collect())
            .collect();
        IndicatorTable {
            level,
            indicators,
            values,
        }
    }

    /// Appends the imported tables' series of this table's level.
    fn push_imported(&mut self, imports: &Imports) {
        for table in &imports.tables {
            for series in table.series.iter().filter(|s| s.level == self.level) {
                self.indicators.push(Indicator {
                    id: series.id.clone(),
                    label: series.label.clone(),
                    unit: series.unit.clone(),
                    level: self.level,
                    kind: Kind::Imported,
                    sources: vec![table.source_id.clone()],
                    unavailable: None,
                    period: None,
                    diverging_around_zero: false,
                });
                self.values.push(series.values.clone());
            }
        }
    }

    pub fn position(&self, indicator_id: &IndicatorId) -> Option<usize> {
        self.indicators.iter().position(|i| i.id == *indicator_id)
    }

    /// An indicator that can be mapped at this maille: its position and description, or in
    /// French why not (unknown here, or without values at this maille and the reason).
    pub fn usable(&self, indicator_id: &IndicatorId) -> Result<(usize, &Indicator), String> {
        let found = self
            .indicators
            .iter()
            .enumerate()
            .find(|(_, i)| i.id == *indicator_id);
        let Some((i, ind)) = found else {
            return Err(format!(
                "« {indicator_id} » n'existe pas à la maille {} (voir `ti-atlas indicators`)",
                self.level.label_fr()
            ));
        };
        match &ind.unavailable {
            Some(why) => Err(format!("{} : {why}", ind.label)),
            None => Ok((i, ind)),
        }
    }

    /// The finite values of an indicator (NaN where there is none), in unit order.
    pub fn numbers(&self, indicator: usize) -> Vec<f64> {
        self.values.get(indicator).map_or_else(Vec::new, |c| {
            c.iter().map(|v| v.as_f64().unwrap_or(f64::NAN)).collect()
        })
    }

    /// Why units have no value for an indicator, most frequent reason first, with counts.
    pub fn missing_reasons(&self, indicator: usize) -> Vec<(String, usize)> {
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for v in self.values.get(indicator).into_iter().flatten() {
            match v {
                Value::NotComputable(r) | Value::Missing(r) => *counts.entry(r).or_default() += 1,
                Value::Exact(x) if !x.is_finite() => {
                    *counts.entry("valeur non définie").or_default() += 1
                }
                Value::Exact(_) => {}
            }
        }
        let mut out: Vec<(String, usize)> =
            counts.into_iter().map(|(r, n)| (r.to_owned(), n)).collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// Rank (1 = highest value) of a unit among those with an exact value, and how many have
    /// one. Ties share the best rank.
    pub fn rank(&self, indicator: usize, unit: usize) -> Option<(usize, usize)> {
        let column = self.values.get(indicator)?;
        let v = column.get(unit)?.as_f64().filter(|v| v.is_finite())?;
        let exact = column
            .iter()
            .filter_map(Value::as_f64)
            .filter(|x| x.is_finite());
        let (mut above, mut n) = (0, 0);
        for x in exact {
            n += 1;
            if x > v {
                above += 1;
            }
        }
        Some((above + 1, n))
    }

    /// Percentile of a unit (0 = lowest value, 100 = highest): the share of the other units
    /// with an exact value that are strictly below it.
    pub fn percentile(&self, indicator: usize, unit: usize) -> Option<f64> {
        let column = self.values.get(indicator)?;
        let v = column.get(unit)?.as_f64().filter(|v| v.is_finite())?;
        let exact: Vec<f64> = column
            .iter()
            .filter_map(Value::as_f64)
            .filter(|x| x.is_finite())
            .collect();
        if exact.len() < 2 {
            return None;
        }
        let below = exact.iter().filter(|&&x| x < v).count();
        Some(100.0 * below as f64 / (exact.len() - 1) as f64)
    }
}

const NOT_AT_LEVEL: &str = "non calculable à cette maille";

/// Population, area and commune count of an area made of whole communes.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct AreaFigures {
    pub population: u64,
    pub area_km2: f64,
    pub communes: usize,
}

impl AreaFigures {
    pub fn add(&mut self, c: &crate::model::geography::tables::Commune) {
        self.population += c.population;
        self.area_km2 += c.area_km2;
        self.communes += 1;
    }
}

/// The measures that follow from population, area and commune count alone.
fn area_measure(m: TerritoryMeasure, f: &AreaFigures) -> Value {
    use TerritoryMeasure as M;
    match m {
        M::Population => Value::Exact(f.population as f64),
        M::AreaKm2 => Value::Exact(f.area_km2),
        M::Density if f.area_km2 > 0.0 => Value::Exact(f.population as f64 / f.area_km2),
        M::Density => Value::Missing("superficie nulle".into()),
        M::CommuneCount => Value::Exact(f.communes as f64),
        _ => Value::Missing(NOT_AT_LEVEL.into()),
    }
}

/// Figures of every département, in table (layer) order, summed from its communes.
pub fn departement_figures(dataset: &Dataset) -> Vec<AreaFigures> {
    let t = &dataset.tables;
    let mut by_code: std::collections::HashMap<&str, AreaFigures> = t
        .departements
        .iter()
        .map(|d| (d.code.as_str(), AreaFigures::default()))
        .collect();
    for c in &t.communes {
        if let Some(f) = by_code.get_mut(c.departement.as_str()) {
            f.add(c);
        }
    }
    t.departements
        .iter()
        .map(|d| by_code.get(d.code.as_str()).copied().unwrap_or_default())
        .collect()
}

fn epci_value(
    dataset: &Dataset,
    ind: &Indicator,
    e: &crate::model::geography::tables::Epci,
) -> Value {
    match ind.kind {
        Kind::TerritoryExact(m) => area_measure(
            m,
            &AreaFigures {
                population: e.population,
                area_km2: e.area_km2,
                communes: e.n_communes as usize,
            },
        ),
        Kind::EpciSeries => {
            match dataset
                .tables
                .indicators
                .iter()
                .find(|s| s.id == ind.id)
                .and_then(|s| s.values.get(&e.siren))
            {
                Some(v) => Value::Exact(*v),
                None if e.is_ept() => {
                    Value::Missing("pas de valeur pour les EPT dans la source".into())
                }
                None => Value::Missing(
                    "pas de valeur pour cet EPCI : la source ne couvre que la France métropolitaine"
                        .into(),
                ),
            }
        }
        Kind::NeedsImport | Kind::Imported => Value::Missing(
            ind.unavailable
                .clone()
                .unwrap_or_else(|| "non disponible à cette maille".into()),
        ),
    }
}

/// Range and median of the member values that exist.
pub fn range_and_median(values: &[f64]) -> Option<(f64, f64, f64)> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    Some((v[0], v[n - 1], median))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_even_and_odd_counts() {
        assert_eq!(range_and_median(&[3.0, 1.0, 2.0]), Some((1.0, 3.0, 2.0)));
        assert_eq!(
            range_and_median(&[4.0, 1.0, 2.0, 3.0]),
            Some((1.0, 4.0, 2.5))
        );
        assert_eq!(range_and_median(&[f64::NAN]), None);
    }
}
