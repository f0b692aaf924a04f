fn main() {
    #[cfg(feature = "gui")]
    ti_atlas::app::startup::mark_process_start();
    let cli = match ti_atlas::cli::french::parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(refusal) => {
            use std::io::Write as _;
            // A closed output (`| head`) is not worth a panic here.
            let _ = if refusal.to_stdout {
                std::io::stdout().write_all(refusal.text.as_bytes())
            } else {
                std::io::stderr().write_all(refusal.text.as_bytes())
            };
            std::process::exit(refusal.code);
        }
    };
    let mut logger = env_logger::Builder::from_env(
        env_logger::Env::default().default_filter_or(ti_atlas::cli::log_filter(cli.verbose)),
    );
    if !cli.verbose {
        // The atlas's own notices are French sentences: said as such, without the logger's
        // English level and module path (`--verbose` shows them, and the libraries' lines).
        logger.format(|buf, record| {
            use std::io::Write as _;
            writeln!(buf, "ti-atlas : {}", record.args())
        });
    }
    logger.init();
    if cli.version || cli.command.is_some() {
        // Headless output piped into `head` and the like: stop quietly when the reader
        // goes away, as command-line tools do, instead of panicking on a broken pipe.
        #[cfg(unix)]
        // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    if cli.version {
        print!("{}", ti_atlas::cli::version_text());
        std::process::exit(0);
    }
    let code = match cli.command {
        Some(command) => ti_atlas::cli::run(command),
        #[cfg(feature = "gui")]
        None => match ti_atlas::cli::project_to_open(cli.project) {
            Ok(project) => ti_atlas::app::run_native(project),
            Err(refusal) => {
                eprintln!("{refusal}");
                2
            }
        },
        #[cfg(not(feature = "gui"))]
        None => {
            eprintln!("ti-atlas : compilé sans fenêtre (fonctionnalité « gui ») ; voir --help");
            2
        }
    };
    std::process::exit(code);
}
