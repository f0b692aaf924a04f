use clap::Parser as _;

fn main() {
    env_logger::Builder::from_env(
        env_logger::Env::default().default_filter_or("warn,walkers=error"),
    )
    .init();
    let cli = ti_atlas::cli::Cli::parse();
    let code = match cli.command {
        Some(command) => ti_atlas::cli::run(command),
        None => ti_atlas::app::run_native(),
    };
    std::process::exit(code);
}
