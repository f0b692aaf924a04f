//! Command line: no subcommand opens the app; subcommands do the same work headless.

pub mod bivariate;
pub mod build_data;
pub mod classify;
pub mod compare;
#[cfg(feature = "export")]
pub mod export;
pub mod import;
pub mod indicators;
pub mod search;
pub mod stats;
pub mod symbols;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "ti-atlas",
    version,
    about = "Atlas des Territoires d'industrie. Sans sous-commande : ouvre l'application."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Charge le lot de données comme l'application et affiche les effectifs.
    Stats {
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Liste le catalogue des indicateurs (source, millésime, maille, disponibilité).
    Indicators {
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Affiche les seuils et effectifs de classes qu'utiliserait la carte.
    Classify {
        /// Identifiant de l'indicateur (voir `ti-atlas indicators`).
        #[arg(long)]
        indicator: String,
        /// Maille : territoires, epci ou departements.
        #[arg(long, default_value = "territoires")]
        level: String,
        /// Méthode : quantiles, equal, jenks, stddev, q6, symmetric, symmetric-quantiles, manual
        /// (par défaut : jenks ; symmetric-quantiles, centrée sur 0, pour un taux d'évolution).
        #[arg(long)]
        method: Option<String>,
        /// Nombre de classes (2 à 9).
        #[arg(long, default_value_t = 5)]
        classes: usize,
        /// Seuils intérieurs pour --method manual, séparés par « ; ».
        #[arg(long)]
        breaks: Option<String>,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Affiche les symboles proportionnels qu'utiliserait la carte pour un effectif : valeur et
    /// rayon de chaque unité, échelle, valeurs de la légende.
    Symbols {
        /// Identifiant de l'indicateur (un effectif : population, nombre_communes…).
        #[arg(long)]
        indicator: String,
        /// Maille : territoires, epci ou departements.
        #[arg(long, default_value = "territoires")]
        level: String,
        #[command(flatten)]
        symbols: SymbolArgs,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Cherche un territoire, un EPCI, une commune, un département ou une région (nom ou code).
    Search {
        /// Texte cherché (« vitre », « 01004 », « ti-5305 », un SIREN…).
        query: String,
        /// Nombre maximal de résultats.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Compare les territoires 2018-2022 et 2023-2027.
    Compare {
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
        /// Écrit le tableau dans ce fichier CSV (Excel, séparateur « ; »).
        #[arg(long)]
        csv: Option<PathBuf>,
    },
    /// Lit un fichier de l'utilisateur (plan d'actions, projets DGE) et affiche le rapport
    /// d'import de l'application.
    Import {
        /// Fichier CSV ou XLSX.
        file: PathBuf,
        /// Feuille du classeur XLSX (par défaut : la première).
        #[arg(long)]
        sheet: Option<String>,
        /// auto, plan, projets, tableau ou couche.
        #[arg(long, default_value = "auto")]
        kind: String,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
        /// Écrit les lignes rejetées et les avertissements dans ce CSV.
        #[arg(long)]
        report: Option<PathBuf>,
    },
    /// Exporte la carte (SVG, PNG, PDF), une fiche territoire ou le recueil d'une région (PDF),
    /// ou le tableau des valeurs (CSV).
    #[cfg(feature = "export")]
    #[command(subcommand)]
    Export(Box<export::ExportCommand>),
    /// Reconstruit data/ à partir des sources publiques.
    BuildData {
        /// Dossier des sources (../shared/sources).
        #[arg(long, default_value = "../shared/sources")]
        sources: PathBuf,
        /// Dossier de sortie.
        #[arg(long, default_value = "data")]
        out: PathBuf,
    },
}

/// The proportional symbols' options (`symbols` and `export map`).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct SymbolArgs {
    /// Rayon du plus grand symbole, en pixels (par défaut 28).
    #[arg(long)]
    pub symbol_max_radius: Option<f64>,
    /// Échelle fixe : valeur par pixel carré (pour comparer deux cartes).
    #[arg(long)]
    pub symbol_scale: Option<f64>,
    /// Forme : cercles (par défaut) ou carres.
    #[arg(long, default_value = "cercles")]
    pub symbol_shape: String,
}

impl SymbolArgs {
    /// The options as the map's symbol settings (no indicator yet).
    pub fn settings(&self) -> anyhow::Result<crate::carto::SymbolSettings> {
        let mut s = crate::carto::SymbolSettings::default();
        if let Some(r) = self.symbol_max_radius {
            if !(r.is_finite() && (1.0..=500.0).contains(&r)) {
                anyhow::bail!("--symbol-max-radius : de 1 à 500 pixels, pas « {r} »");
            }
            s.max_radius = r;
        }
        if let Some(k) = self.symbol_scale {
            if !(k.is_finite() && k > 0.0) {
                anyhow::bail!("--symbol-scale : une valeur par pixel carré positive, pas « {k} »");
            }
            s.value_per_area = Some(k);
        }
        s.shape = match self.symbol_shape.as_str() {
            "cercles" | "cercle" | "circle" => crate::carto::SymbolShape::Circle,
            "carres" | "carrés" | "carre" | "square" => crate::carto::SymbolShape::Square,
            other => anyhow::bail!("--symbol-shape : cercles ou carres, pas « {other} »"),
        };
        Ok(s)
    }
}

/// Runs a headless subcommand. Returns the process exit code.
pub fn run(command: Command) -> i32 {
    let result = match command {
        Command::Stats { json } => stats::run(json),
        Command::Indicators { json } => indicators::run(json),
        Command::Classify {
            indicator,
            level,
            method,
            classes,
            breaks,
            json,
        } => classify::run(
            &indicator,
            &level,
            method.as_deref(),
            classes,
            breaks.as_deref(),
            json,
        ),
        Command::Symbols {
            indicator,
            level,
            symbols,
            json,
        } => symbols
            .settings()
            .and_then(|settings| symbols::run(&indicator, &level, &settings, json)),
        Command::Search { query, limit, json } => search::run(&query, limit, json),
        Command::Compare { json, csv } => compare::run(json, csv.as_deref()),
        Command::Import {
            file,
            sheet,
            kind,
            json,
            report,
        } => import::run(&file, sheet.as_deref(), &kind, json, report.as_deref()),
        Command::BuildData { sources, out } => build_data::run(&sources, &out),
        #[cfg(feature = "export")]
        Command::Export(command) => export::run(*command),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("ti-atlas : erreur : {e:#}");
            1
        }
    }
}
