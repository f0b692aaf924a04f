//! What the user says a file is ([`ImportKind`]) and what reading it gave ([`ImportReport`]):
//! pure data, read by `io::import` (which fills it), the import panel and the command line.

use serde::Serialize;

use super::action_plan::RowProblem;

/// What the user says the file is (or `Auto`: recognised from its columns).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum ImportKind {
    Auto,
    Plan,
    Projects,
    /// Any table with a code column (commune, EPCI, territory, département).
    Table,
    /// A GeoJSON or shapefile layer drawn over the map.
    Layer,
}

impl ImportKind {
    pub fn from_id(id: &str) -> Option<ImportKind> {
        match id {
            "auto" => Some(ImportKind::Auto),
            "plan" => Some(ImportKind::Plan),
            "projets" => Some(ImportKind::Projects),
            "tableau" => Some(ImportKind::Table),
            "couche" => Some(ImportKind::Layer),
            _ => None,
        }
    }

    /// The id [`ImportKind::from_id`] reads (the command line's `--type`, a project's files).
    pub fn id(self) -> &'static str {
        match self {
            ImportKind::Auto => "auto",
            ImportKind::Plan => "plan",
            ImportKind::Projects => "projets",
            ImportKind::Table => "tableau",
            ImportKind::Layer => "couche",
        }
    }
}

/// The report shown after an import (and printed by `ti-atlas import`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImportReport {
    pub file: String,
    pub kind: String,
    pub encoding: String,
    pub delimiter: Option<String>,
    pub sheet: Option<String>,
    pub rows: usize,
    /// Rows taken (actions, projects).
    pub imported: usize,
    /// Projects: in a territory / outside every territory / without usable coordinates.
    pub placed: Option<usize>,
    pub outside: Option<usize>,
    pub not_placed: Option<usize>,
    /// Territories with at least one action or project.
    pub territories: usize,
    pub rejected: Vec<RowProblem>,
    pub warnings: Vec<RowProblem>,
    /// Tables: the indicators created and the columns left out.
    pub series: Vec<String>,
    pub notes: Vec<String>,
    /// Layers: the projection detected and the extent in WGS84 (min lon, min lat, max lon,
    /// max lat).
    pub crs: Option<String>,
    pub extent_wgs84: Option<[f64; 4]>,
    /// Tables: which header went to which field of the template, and how.
    pub columns: Vec<super::column_map::ColumnChoice>,
    /// Tables joined by names: the graded report (by code, by name with the code chosen, to
    /// verify with candidates, unrecognised, duplicates).
    pub name_join: Option<super::name_match::NameJoinReport>,
}

impl ImportReport {
    /// An empty report for `file`, of the given kind.
    pub fn new(file: String, kind: String) -> Self {
        ImportReport {
            file,
            kind,
            encoding: String::new(),
            delimiter: None,
            sheet: None,
            rows: 0,
            imported: 0,
            placed: None,
            outside: None,
            not_placed: None,
            territories: 0,
            rejected: Vec::new(),
            warnings: Vec::new(),
            series: Vec::new(),
            notes: Vec::new(),
            crs: None,
            extent_wgs84: None,
            columns: Vec::new(),
            name_join: None,
        }
    }

    /// Rejected rows and warnings as CSV for Excel FR (UTF-8 BOM, `;`).
    pub fn problems_csv(&self) -> String {
        let mut out = String::from("\u{feff}fichier;ligne;colonne;statut;problème\r\n");
        let field = crate::model::indicators::value_table::csv_text_field;
        for (status, rows) in [
            ("rejetée", &self.rejected),
            ("avertissement", &self.warnings),
        ] {
            for r in rows {
                out.push_str(&format!(
                    "{};{};{};{status};{}\r\n",
                    field(&self.file),
                    r.row,
                    field(r.column.as_deref().unwrap_or("")),
                    field(&r.problem)
                ));
            }
        }
        out
    }

    /// The report as French text lines.
    pub fn lines_fr(&self) -> Vec<String> {
        let mut out = vec![format!("{} — {}", self.file, self.kind)];
        if self.encoding.is_empty() {
            out.push(format!(
                "{} objet(s) lu(s), {} importé(s), {} écarté(s)",
                self.rows,
                self.imported,
                self.rows.saturating_sub(self.imported)
            ));
            out.extend(self.notes.iter().cloned());
            return out;
        }
        let mut read = format!("{} ligne(s) lue(s), encodage {}", self.rows, self.encoding);
        if let Some(d) = &self.delimiter {
            read.push_str(&format!(", séparateur « {d} »"));
        }
        if let Some(s) = &self.sheet {
            read.push_str(&format!(", feuille « {s} »"));
        }
        out.push(read);
        out.push(format!(
            "{} importée(s), {} territoire(s) concerné(s), {} ligne(s) rejetée(s), {} avertissement(s)",
            self.imported,
            self.territories,
            self.rejected.len(),
            self.warnings.len()
        ));
        if let (Some(p), Some(o), Some(n)) = (self.placed, self.outside, self.not_placed) {
            out.push(format!(
                "{p} projet(s) dans un territoire, {o} hors des territoires, {n} sans coordonnées utilisables"
            ));
        }
        for c in self
            .columns
            .iter()
            .filter(|c| c.how != super::column_map::ChoiceHow::Template)
        {
            out.push(c.line_fr());
        }
        if let Some(n) = &self.name_join {
            out.extend(n.lines_fr());
        }
        for s in &self.series {
            out.push(format!("indicateur créé : {s}"));
        }
        for n in &self.notes {
            out.push(n.clone());
        }
        for r in &self.rejected {
            out.push(format!("rejetée, ligne {} : {}", r.row, r.problem));
        }
        for r in &self.warnings {
            out.push(format!("avertissement, ligne {} : {}", r.row, r.problem));
        }
        out
    }
}
