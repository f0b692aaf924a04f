//! Command line: no subcommand opens the app; subcommands do the same work headless.

pub mod bivariate;
pub mod build_data;
pub mod classify;
pub mod compare;
#[cfg(feature = "export")]
pub mod export;
#[cfg(feature = "export")]
pub mod export_layer;
pub mod french;
pub mod import;
pub mod indicators;
mod loaded;
#[cfg(feature = "export")]
pub mod map_choice;
pub mod page_files;
pub mod project;
pub mod search;
pub mod stats;
pub mod symbols;
pub mod typologies;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::io::error_fr::chain_fr;
use crate::model::IndicatorId;

#[derive(Parser, Debug)]
#[command(
    name = "ti-atlas",
    disable_version_flag = true,
    about = "Atlas des Territoires d'industrie. Sans sous-commande : ouvre l'application \
             (« ti-atlas projet.tiatlas » l'ouvre sur ce projet)."
)]
pub struct Cli {
    /// Affiche la version, les millésimes et licences des données embarquées et le fond de
    /// carte utilisé.
    #[arg(short = 'V', long)]
    pub version: bool,
    /// Affiche aussi le journal technique des bibliothèques (avertissements en anglais), masqué
    /// par défaut.
    #[arg(long, global = true)]
    pub verbose: bool,
    /// A project (`ti-atlas projet.tiatlas`, as the file manager starts it) to open in the
    /// window: taken before the subcommands are parsed (see `french::parse`).
    #[arg(skip)]
    pub project: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Whether a lone argument names a project (`….tiatlas`) rather than a subcommand.
pub fn names_a_project(arg: &std::ffi::OsStr) -> bool {
    Path::new(arg)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(crate::io::project::EXTENSION))
}

/// The project named on the command line, checked before the window opens: a project that is
/// not there is refused in French (exit code 2), naming it.
pub fn project_to_open(project: Option<PathBuf>) -> Result<Option<PathBuf>, String> {
    let Some(path) = project else {
        return Ok(None);
    };
    if !path.is_file() {
        return Err(format!(
            "ti-atlas : projet introuvable : {}",
            shorten(&path.display().to_string(), 200)
        ));
    }
    Ok(Some(path))
}

/// The log filter: by default only ti-atlas's own warnings, in French (the libraries' English
/// warnings, `WARN geo::…` or `WARN usvg::…`, never reach the terminal); with `--verbose`,
/// every library's warnings too. `RUST_LOG` still decides when it is set.
pub fn log_filter(verbose: bool) -> &'static str {
    if verbose {
        "warn,walkers=error"
    } else {
        "off,ti_atlas=warn"
    }
}

/// What `ti-atlas --version` prints.
pub fn version_text() -> String {
    let assets = crate::io::assets::assets();
    match crate::io::bundle::embedded_tables() {
        Ok(tables) => crate::about::text(Some(&tables.sources), assets),
        // Cannot happen with a binary built from the repository: the tests decode the bundle.
        Err(e) => format!(
            "{}\ndonnées embarquées illisibles ({e})\n",
            crate::about::text(Some(&[]), assets)
        ),
    }
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
    /// Liste les typologies (variables catégorielles) que peut montrer une carte, avec leurs
    /// catégories et effectifs : `export map --typology ID`.
    Typologies {
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
        /// Fichiers de l'utilisateur à charger d'abord (leurs colonnes de texte deviennent des
        /// typologies).
        #[arg(long = "import", value_name = "FICHIER")]
        imports: Vec<PathBuf>,
        /// Correspondance des colonnes du fichier --import de même rang, quand ses en-têtes ne
        /// sont pas ceux du modèle : « champ=En-tête,champ=En-tête » (les champs de `ti-atlas
        /// import --columns`). La première --import-columns vaut pour le premier --import, la
        /// deuxième pour le deuxième… ; « "" » pour un fichier aux en-têtes du modèle.
        #[arg(long = "import-columns", value_name = "CORRESPONDANCE")]
        import_columns: Vec<String>,
    },
    /// Affiche les seuils et effectifs de classes qu'utiliserait la carte.
    Classify {
        /// Identifiant de l'indicateur (voir `ti-atlas indicators`).
        #[arg(long, value_name = "INDICATEUR")]
        indicator: IndicatorId,
        /// Maille : territoires, epci ou departements.
        #[arg(long, default_value = "territoires", value_name = "MAILLE")]
        level: String,
        /// Méthode : quantiles, equal, jenks, stddev, q6, symmetric, symmetric-quantiles, manual
        /// (par défaut : jenks ; symmetric-quantiles, centrée sur 0, pour un taux d'évolution).
        #[arg(long, value_name = "MÉTHODE")]
        method: Option<String>,
        /// Nombre de classes (2 à 9).
        #[arg(long, default_value_t = 5, value_name = "N")]
        classes: usize,
        /// Seuils intérieurs pour --method manual, séparés par « ; ».
        #[arg(long, value_name = "SEUILS")]
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
        indicator: IndicatorId,
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
        #[arg(value_name = "TEXTE")]
        query: String,
        /// Nombre maximal de résultats.
        #[arg(long, default_value_t = 10, value_name = "N")]
        limit: usize,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Compare les territoires 2018-2022 et 2023-2027 (communes COG 2024, population
    /// municipale RP 2022 ; périmètres 2018-2022 reconstitués avec les EPCI de 2024).
    Compare {
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
        /// Écrit le tableau dans ce fichier CSV (Excel, séparateur « ; »).
        #[arg(long, value_name = "FICHIER")]
        csv: Option<PathBuf>,
    },
    /// Lit un fichier de l'utilisateur (plan d'actions, projets DGE, tableau de valeurs,
    /// couche de polygones) et affiche le rapport d'import de l'application. Sort en erreur
    /// (code 1) si rien n'a pu être importé.
    Import {
        /// Fichier à lire : tableau CSV ou classeur XLSX, couche GeoJSON (.geojson, .json),
        /// shapefile (.shp, avec ses .shx, .dbf et .prj à côté) ou GeoPackage (.gpkg).
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Feuille du classeur XLSX (par défaut : la première), ou couche du GeoPackage (--layer ;
        /// par défaut : la première couche de polygones) ; sans objet pour les autres formats.
        #[arg(long, visible_alias = "layer", value_name = "FEUILLE")]
        sheet: Option<String>,
        /// Ce que contient le fichier : auto (reconnu d'après ses colonnes ou son extension),
        /// plan (plan d'actions des territoires), projets (projets DGE localisés), tableau
        /// (valeurs par territoire, EPCI, commune ou département, qui deviennent des
        /// indicateurs) ou couche (polygones GeoJSON ou shapefile dessinés sur la carte).
        #[arg(long, default_value = "auto", value_name = "TYPE")]
        kind: String,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
        /// Écrit les lignes rejetées et les avertissements dans ce CSV.
        #[arg(long, value_name = "FICHIER")]
        report: Option<PathBuf>,
        /// Colonnes du fichier pour les champs du modèle, quand ses en-têtes ne sont pas ceux
        /// du modèle : "titre_action=Intitulé de l'action,statut=État d'avancement,…" (les
        /// autres colonnes sont devinées d'après leur nom ou leur contenu, ce que dit le rapport).
        #[arg(long, value_name = "CHAMP=EN-TÊTE,…")]
        columns: Option<String>,
    },
    /// Exporte la carte (SVG, PNG, PDF), une fiche territoire ou le recueil d'une région (PDF),
    /// le tableau des valeurs (CSV) ou une couche pour un SIG (GeoPackage, GeoJSON, shapefile).
    #[cfg(feature = "export")]
    #[command(subcommand)]
    Export(Box<export::ExportCommand>),
    /// Reconstruit data/ à partir des sources publiques.
    BuildData {
        /// Dossier des sources (../shared/sources).
        #[arg(long, default_value = "../shared/sources", value_name = "DOSSIER")]
        sources: PathBuf,
        /// Dossier de sortie.
        #[arg(long, default_value = "data", value_name = "DOSSIER")]
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
        Command::Typologies {
            json,
            imports,
            import_columns,
        } => typologies::run(json, &imports, &import_columns),
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
            columns,
        } => import::run(
            &file,
            sheet.as_deref(),
            &kind,
            json,
            report.as_deref(),
            columns.as_deref(),
        ),
        Command::BuildData { sources, out } => build_data::run(&sources, &out),
        #[cfg(feature = "export")]
        Command::Export(command) => export::run(*command),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            let dyn_error: &(dyn std::error::Error + 'static) = e.as_ref();
            eprintln!("ti-atlas : erreur : {}", chain_fr(dyn_error));
            if e.is::<UsageError>() {
                eprintln!("Pour l'aide, ajoutez --help à la commande.");
                french::USAGE_EXIT
            } else {
                1
            }
        }
    }
}

/// An argument clap accepted but the command cannot use (a NaN, an emprise out of range, an option
/// that does not apply): the command line is wrong, exit code 2 as for clap's own errors.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Refuses, before any work, an output path whose folder does not exist (nothing is created
/// behind the user's back), that is a folder, or that the output guard refuses
/// ([`crate::io::output::check`]: an input of the run, an extension that is not `kind`'s, an
/// existing file of another type). The inputs must be registered first ([`protect_inputs`]).
pub fn check_output(
    path: &std::path::Path,
    kind: crate::io::output::OutputKind,
) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(usage_error(format!(
            "dossier introuvable : {} (pour écrire {} ; créez le dossier d'abord, ti-atlas n'en \
             crée pas) ; rien n'a été écrit",
            dir.display(),
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        )));
    }
    if path.is_dir() {
        return Err(usage_error(format!(
            "{} est un dossier : donnez le nom du fichier à écrire",
            path.display()
        )));
    }
    crate::io::output::check(path, kind).map_err(|e| usage_error(e.to_string()))
}

/// The files a command reads: no output of the run may replace them.
pub fn protect_inputs<'a>(files: impl IntoIterator<Item = &'a std::path::Path>) {
    for file in files {
        crate::io::output::protect(file, crate::io::output::Role::Input);
    }
}

/// At most `max` characters of a text the user typed, for echoing it in a message.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

/// Refuses the command line with a French message (exit code 2).
pub fn usage_error(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(message.into()))
}
