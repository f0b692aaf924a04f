//! The command line in French: help pages laid out with French headings and defaults, and every
//! parsing error clap can raise rewritten in French (exit code 2, as clap's own usage errors).

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory as _, FromArgMatches as _};

use super::Cli;

/// Exit code of a command line the program cannot understand (clap's, and ours after parsing).
pub const USAGE_EXIT: i32 = 2;

/// Help page layout: clap's default with a French usage heading.
const HELP_TEMPLATE: &str =
    "{before-help}{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}";

/// The `ti-atlas` command with French help on every subcommand.
pub fn command() -> Command {
    french(Cli::command(), true)
        .disable_help_subcommand(true)
        .after_help(
            "Aide d'une commande : ti-atlas COMMANDE --help (ou ti-atlas aide COMMANDE).\n\
             Codes de sortie : 0 réussite, 1 échec (rien d'écrit ni d'importé), 2 ligne de commande invalide.",
        )
}

fn french(cmd: Command, root: bool) -> Command {
    let cmd = cmd
        .help_template(HELP_TEMPLATE)
        .subcommand_help_heading("Commandes\u{A0}")
        .subcommand_value_name("COMMANDE")
        .disable_help_flag(true)
        .arg(
            Arg::new("aide")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Affiche cette aide"),
        )
        .mut_args(french_arg);
    // The root's `-V/--version` is the command line's own flag (`Cli::version`): it prints the
    // data's vintages and licences too.
    let _ = root;
    cmd.mut_subcommands(|sub| french(sub, false))
}

/// Defaults and accepted values written in French in the argument's help.
fn french_arg(arg: Arg) -> Arg {
    // French headings ("Options :", "Arguments :"): clap writes "heading:", so the heading
    // carries the no-break space that French puts before the colon.
    let arg = match arg.get_help_heading() {
        Some(_) => arg,
        None if arg.is_positional() => arg.help_heading("Arguments\u{A0}"),
        None => arg.help_heading("Options\u{A0}"),
    };
    if !arg.get_action().takes_values() {
        return arg;
    }
    let mut extra = Vec::new();
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_owned())
        .collect();
    if !values.is_empty() {
        extra.push(format!("valeurs : {}", values.join(", ")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() {
        extra.push(format!("par défaut : {}", defaults.join(" ")));
    }
    if extra.is_empty() {
        return arg;
    }
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let long = arg.get_long_help().map(ToString::to_string);
    let suffix = format!("[{}]", extra.join(" ; "));
    let mut arg = arg
        .hide_default_value(true)
        .hide_possible_values(true)
        .help(format!("{help} {suffix}"));
    if let Some(long) = long {
        arg = arg.long_help(format!("{long}\n{suffix}"));
    }
    arg
}

/// A command line clap could not take (or help/version asked): what to print, where, and the
/// exit code.
#[derive(Debug)]
pub struct Refusal {
    pub text: String,
    /// Help and version go to standard output, errors to standard error.
    pub to_stdout: bool,
    pub code: i32,
}

/// Parses the arguments (`args[0]` is the program). `ti-atlas aide X` and `ti-atlas help X` are
/// `ti-atlas X --help`.
pub fn parse<I, T>(args: I) -> Result<Cli, Refusal>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString>,
{
    let mut args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    if args
        .get(1)
        .is_some_and(|a| a == "aide" || a == "help" || a == "--aide")
    {
        args.remove(1);
        args.push("--help".into());
    }
    let refusal = |e: clap::Error| {
        let e = e.apply::<French>();
        let to_stdout = !e.use_stderr();
        let mut text = e.render().to_string();
        // Messages clap formats itself (rare, raw) carry its English prefix.
        if let Some(rest) = text.strip_prefix("error: ") {
            text = format!("ti-atlas : erreur : {rest}");
        }
        Refusal {
            text,
            to_stdout,
            code: e.exit_code(),
        }
    };
    // `ti-atlas projet.tiatlas` (the file manager's double click): the window on that project.
    if let [_, lone] = args.as_slice()
        && super::names_a_project(lone)
    {
        let alone = command()
            .try_get_matches_from(["ti-atlas"])
            .map_err(refusal)?;
        let mut cli = Cli::from_arg_matches(&alone).map_err(refusal)?;
        cli.project = Some(std::path::PathBuf::from(lone));
        return Ok(cli);
    }
    let matches = command().try_get_matches_from(args).map_err(refusal)?;
    Cli::from_arg_matches(&matches).map_err(refusal)
}

/// clap's errors in French.
pub struct French;

impl ErrorFormatter for French {
    fn format_error(error: &clap::error::Error<Self>) -> StyledStr {
        let mut out = format!("ti-atlas : erreur : {}", message(error));
        if let Some(hint) = hint(error) {
            out.push_str(&format!("\n\n  {hint}"));
        }
        if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
            let usage = usage.to_string();
            let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
            out.push_str(&format!("\n\nUtilisation : {usage}"));
        }
        out.push_str("\n\nPour l'aide, ajoutez --help à la commande.\n");
        StyledStr::from(out)
    }
}

fn text<F: ErrorFormatter>(error: &clap::error::Error<F>, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn number<F: ErrorFormatter>(error: &clap::error::Error<F>, kind: ContextKind) -> String {
    text(error, kind).unwrap_or_else(|| "?".into())
}

/// The sentence saying what is wrong, one per kind of error.
fn message<F: ErrorFormatter>(error: &clap::error::Error<F>) -> String {
    let arg = text(error, ContextKind::InvalidArg).unwrap_or_else(|| "?".into());
    let value = text(error, ContextKind::InvalidValue).unwrap_or_default();
    match error.kind() {
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("{arg} demande une valeur, aucune n'a été donnée")
        }
        ErrorKind::InvalidValue => {
            let mut m = format!("valeur « {value} » invalide pour {arg}");
            if let Some(valid) = text(error, ContextKind::ValidValue) {
                m.push_str(&format!(" (valeurs possibles : {valid})"));
            }
            m
        }
        ErrorKind::ValueValidation => {
            format!(
                "valeur « {value} » invalide pour {arg} : {}",
                why_invalid(error)
            )
        }
        ErrorKind::UnknownArgument => format!("argument inattendu « {arg} »"),
        ErrorKind::InvalidSubcommand => {
            let sub = text(error, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("commande inconnue « {sub} »")
        }
        ErrorKind::NoEquals => format!("{arg} s'écrit avec « = » devant sa valeur"),
        ErrorKind::TooManyValues => {
            format!("valeur en trop pour {arg} : « {value} » (une seule était attendue)")
        }
        ErrorKind::TooFewValues => format!(
            "{arg} demande au moins {} valeur(s), {} donnée(s)",
            number(error, ContextKind::MinValues),
            number(error, ContextKind::ActualNumValues)
        ),
        ErrorKind::WrongNumberOfValues => format!(
            "{arg} demande {} valeur(s), {} donnée(s)",
            number(error, ContextKind::ExpectedNumValues),
            number(error, ContextKind::ActualNumValues)
        ),
        ErrorKind::ArgumentConflict => {
            let prior = text(error, ContextKind::PriorArg);
            match prior {
                Some(p) if p == arg => format!("{arg} ne peut être donné qu'une fois"),
                Some(p) => format!("{arg} ne peut pas être utilisé avec {p}"),
                None => format!("{arg} ne peut pas être utilisé avec les autres arguments donnés"),
            }
        }
        ErrorKind::MissingRequiredArgument => format!("argument obligatoire manquant : {arg}"),
        ErrorKind::MissingSubcommand => {
            let sub = text(error, ContextKind::InvalidSubcommand).unwrap_or_default();
            let mut m = format!("« {sub} » demande une sous-commande");
            if let Some(valid) = text(error, ContextKind::ValidSubcommand) {
                m.push_str(&format!(" ({valid})"));
            }
            m
        }
        ErrorKind::InvalidUtf8 => {
            "un argument n'est pas du texte UTF-8 valide (nom de fichier ou caractères mal encodés ?)"
                .into()
        }
        ErrorKind::Io | ErrorKind::Format => {
            "impossible d'écrire l'aide (sortie fermée ?)".into()
        }
        _ => "ligne de commande invalide".into(),
    }
}

/// Why a value did not parse, for the value types the commands use.
fn why_invalid<F: ErrorFormatter>(error: &clap::error::Error<F>) -> String {
    let source = std::error::Error::source(error);
    if let Some(e) = source.and_then(|s| s.downcast_ref::<std::num::ParseIntError>()) {
        return match e.kind() {
            std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
                "nombre trop grand".into()
            }
            _ => "un nombre entier positif est attendu (ex. 5)".into(),
        };
    }
    if source
        .and_then(|s| s.downcast_ref::<std::num::ParseFloatError>())
        .is_some()
    {
        return "un nombre est attendu, avec un point décimal (ex. 150 ou 1.5)".into();
    }
    match source {
        Some(s) => format!("valeur refusée ({s})"),
        None => "valeur refusée".into(),
    }
}

/// A suggestion: the close name clap found, or how to pass a value starting with "-".
fn hint<F: ErrorFormatter>(error: &clap::error::Error<F>) -> Option<String> {
    for kind in [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ] {
        let names: Vec<String> = match error.get(kind) {
            Some(ContextValue::String(s)) => vec![s.clone()],
            Some(ContextValue::Strings(v)) => v.clone(),
            _ => continue,
        };
        let quoted: Vec<String> = names.iter().map(|n| format!("« {n} »")).collect();
        return Some(format!("Vouliez-vous dire {} ?", quoted.join(" ou ")));
    }
    match error.kind() {
        ErrorKind::UnknownArgument => {
            let arg = text(error, ContextKind::InvalidArg)?;
            arg.starts_with('-').then(|| {
                format!("Pour donner « {arg} » comme valeur, écrivez « -- {arg} » ou « --option={arg} ».")
            })
        }
        ErrorKind::InvalidSubcommand => {
            let names: Vec<String> = command()
                .get_subcommands()
                .map(|c| c.get_name().to_owned())
                .collect();
            Some(format!("Commandes : {}.", names.join(", ")))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(args: &[&str]) -> Refusal {
        let mut all = vec!["ti-atlas"];
        all.extend_from_slice(args);
        match parse(all) {
            Ok(cli) => panic!("accepted: {cli:?}"),
            Err(r) => r,
        }
    }

    /// Words of clap's English chrome that must never reach the user.
    fn assert_no_english(text: &str) {
        for word in [
            "error:",
            "Usage:",
            "Print help",
            "Print version",
            "[default:",
            "[possible values",
            "Commands:",
            "For more information",
            "tip:",
            "unexpected",
            "required argument",
            "invalid value",
            "subcommand",
        ] {
            assert!(!text.contains(word), "« {word} » in:\n{text}");
        }
    }

    #[test]
    fn the_command_definition_is_valid() {
        command().debug_assert();
    }

    #[test]
    fn every_error_kind_a_user_can_hit_is_french_with_exit_code_2() {
        for (args, expected) in [
            (vec!["exporte"], "commande inconnue « exporte »"),
            (vec!["stats", "--jsn"], "argument inattendu « --jsn »"),
            (
                vec!["classify"],
                "argument obligatoire manquant : --indicator",
            ),
            (
                vec!["classify", "--indicator", "densite", "--classes", "cinq"],
                "valeur « cinq » invalide pour --classes",
            ),
            (
                vec!["classify", "--indicator", "densite", "--classes", "-3"],
                "argument inattendu « -3 »",
            ),
            (vec!["search"], "argument obligatoire manquant : <TEXTE>"),
            (
                vec!["export", "map", "--out", "a.png", "--dpi", "beaucoup"],
                "un nombre est attendu",
            ),
            (
                vec!["export", "map", "--out"],
                "--out <FICHIER> demande une valeur",
            ),
            (
                vec![
                    "export",
                    "sheet",
                    "--territory",
                    "ti-8402",
                    "--region",
                    "84",
                    "--out",
                    "a.pdf",
                ],
                "ne peut pas être utilisé avec",
            ),
            (
                vec!["stats", "--json", "--json"],
                "ne peut être donné qu'une fois",
            ),
            (
                vec!["search", "vitre", "rennes"],
                "argument inattendu « rennes »",
            ),
        ] {
            let r = refused(&args);
            assert_eq!(r.code, USAGE_EXIT, "{args:?}");
            assert!(!r.to_stdout, "{args:?}");
            assert!(r.text.contains(expected), "{args:?}:\n{}", r.text);
            assert!(
                r.text.contains("Pour l'aide, ajoutez --help"),
                "{args:?}:\n{}",
                r.text
            );
            assert_no_english(&r.text);
        }
    }

    #[test]
    fn a_close_command_name_is_suggested() {
        let r = refused(&["indicator"]);
        assert!(
            r.text.contains("Vouliez-vous dire « indicators » ?"),
            "{}",
            r.text
        );
    }

    #[test]
    fn export_without_what_prints_the_french_help_with_code_2() {
        let r = refused(&["export"]);
        assert_eq!(r.code, USAGE_EXIT);
        assert!(r.text.contains("Commandes"), "{}", r.text);
        assert_no_english(&r.text);
    }

    #[test]
    fn help_pages_are_french_everywhere() {
        for args in [
            vec!["--help"],
            vec!["-h"],
            vec!["aide"],
            vec!["help", "import"],
            vec!["import", "--help"],
            vec!["export", "--help"],
            vec!["export", "map", "--help"],
            vec!["export", "table", "-h"],
            vec!["classify", "--help"],
        ] {
            let r = refused(&args);
            assert_eq!(r.code, 0, "{args:?}");
            assert!(r.to_stdout);
            assert!(r.text.contains("Utilisation : ti-atlas"), "{}", r.text);
            assert!(r.text.contains("Affiche cette aide"), "{}", r.text);
            assert_no_english(&r.text);
        }
        // `--version` is the command line's own flag: it prints the data's vintages too
        // (`cli::version_text`, tested with the binary).
        let cli = parse(["ti-atlas", "--version"]).expect("accepted");
        assert!(cli.version && cli.command.is_none());
    }

    #[test]
    fn defaults_are_written_in_french() {
        let r = refused(&["classify", "--help"]);
        assert!(r.text.contains("[par défaut : territoires]"), "{}", r.text);
    }

    #[test]
    fn import_help_names_the_five_kinds_and_every_file_format() {
        let r = refused(&["import", "--help"]);
        for word in [
            "auto",
            "plan",
            "projets",
            "tableau",
            "couche",
            "CSV",
            "XLSX",
            "GeoJSON",
            "shapefile",
        ] {
            assert!(r.text.contains(word), "« {word} » missing:\n{}", r.text);
        }
    }
}
