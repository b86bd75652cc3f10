//! The command line: argument parsing (clap), exit statuses, and the subcommands.
//! Exit status 0 on success, 1 when the work failed, 2 on bad usage or bad input, 3 when the
//! database is in use by another shipdeck process.

mod assets;
mod audit;
pub(crate) mod bench;
mod bench_link;
mod bench_pty;
mod dashboard;
mod doctor;
mod engine_rt;
mod orders;
mod progress;
mod screenshot;
mod secrets;
mod serve;
mod shop_test;
mod shops;
mod sim;
mod sku;
mod summary;
mod sync;
mod warehouse;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{Config, Paths};
use crate::store::{Store, StoreError};

/// shipdeck: links a fulfillment warehouse to its sellers' marketplace accounts.
#[derive(Debug, Parser)]
#[command(name = "shipdeck", version, propagate_version = true, about, long_about = None)]
pub struct Cli {
    /// The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db).
    #[arg(
        long,
        global = true,
        env = "SHIPDECK_DATA_DIR",
        hide_env_values = true,
        value_name = "DIR"
    )]
    pub data_dir: Option<PathBuf>,
    /// The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml).
    #[arg(
        long,
        global = true,
        env = "SHIPDECK_CONFIG",
        hide_env_values = true,
        value_name = "FILE"
    )]
    pub config: Option<PathBuf>,
    /// The engine's socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock).
    #[arg(long, global = true, env = "SHIPDECK_SOCKET", value_name = "PATH")]
    pub socket: Option<PathBuf>,
    /// The language of the dashboard and of human output: en, ko or ja (default: `[ui] language`
    /// in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same.
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<crate::i18n::Lang>,
    /// What to do; without a command, the dashboard opens (a summary is printed when stdout is
    /// not a terminal).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulator + temporary database + demo shops + the dashboard: what a newcomer runs first.
    Demo(dashboard::DemoArgs),
    /// Benchmarks (`bench tui`).
    #[command(subcommand, hide = true)]
    Bench(bench::BenchCmd),
    /// Connect, list and remove seller accounts.
    #[command(subcommand)]
    Shops(shops::ShopsCmd),
    /// Run the marketplace simulator (all five sites) on a loopback address.
    Sim(sim::SimArgs),
    /// Pull orders and send pushes: one cycle with --once, or continuously.
    Sync(sync::SyncArgs),
    /// Run the engine as a service: it owns the database and the site traffic, and dashboards
    /// and commands attach to it over its socket.
    Serve(serve::ServeArgs),
    /// Read the audit trail: who changed what, when, and how it ended.
    Audit(audit::AuditArgs),
    /// List orders; confirm them on their sites.
    #[command(subcommand)]
    Orders(orders::OrdersCmd),
    /// List pushes (confirmations, tracking, stock); retry failed ones.
    #[command(subcommand)]
    Pushes(orders::PushesCmd),
    /// Import tracking numbers of parcels received at the warehouse.
    #[command(subcommand)]
    Tracking(warehouse::TrackingCmd),
    /// Print shipdeck waybills (QSP numbers) and push them.
    #[command(subcommand)]
    Waybill(warehouse::WaybillCmd),
    /// Import and export the SKU catalogue and its mappings (.xlsx or .csv).
    #[command(subcommand)]
    Sku(sku::SkuCmd),
    /// Check the setup: config, database, logs, clock, keys, each shop's connection, pushes,
    /// mismatches; a fix for each failure (exit status 1 when any check fails).
    Doctor(doctor::DoctorArgs),
    /// Print the completion script of a shell (bash, zsh, fish).
    Completions(assets::CompletionsArgs),
    /// Write the man pages into DIR (or the main page to stdout).
    #[command(hide = true)]
    Man(assets::ManArgs),
}

/// A command's failure, and the exit status it maps to.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad usage or bad input: exit status 2.
    #[error("{0}")]
    BadInput(String),
    /// The work failed: exit status 1.
    #[error("{0}")]
    Failed(String),
    /// The database is in use by another shipdeck process: exit status 3 (try again later).
    #[error("{0}")]
    InUse(String),
}

impl CliError {
    fn exit_code(&self) -> u8 {
        match self {
            CliError::BadInput(_) => 2,
            CliError::Failed(_) => 1,
            CliError::InUse(_) => 3,
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NewerSchema { .. } | StoreError::Conflict(_) | StoreError::NotOurs { .. } => {
                CliError::BadInput(e.to_string())
            }
            StoreError::Locked { path } => {
                CliError::InUse(crate::tr!("err-db-locked", path = path.display().to_string()))
            }
            other => CliError::Failed(other.to_string()),
        }
    }
}

/// What every command gets: the resolved paths and config, and the store opened on demand.
pub struct Context {
    /// Where things live.
    pub paths: Paths,
    /// The loaded config.
    pub config: Config,
    /// What loading the config warned about (the dashboard shows these as toasts).
    pub warnings: Vec<String>,
    /// `--socket` (or `SHIPDECK_SOCKET`).
    pub socket: Option<PathBuf>,
}

impl Context {
    /// Opens the store in the data directory.
    pub fn open_store(&self) -> Result<Store, CliError> {
        Store::open(&self.paths.data_dir).map_err(CliError::from)
    }
}

/// Prints a JSON document on stdout.
pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)
        .map_err(|e| CliError::Failed(format!("cannot write JSON: {e}")))?;
    writeln!(out).map_err(|e| CliError::Failed(e.to_string()))
}

/// Parses the arguments, runs the command and returns the exit status.
pub fn main() -> ExitCode {
    // Everything this process creates (database files sled adds later, logs) is private.
    // SAFETY: umask only swaps the process's file-mode mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
    // The process holds seller keys in memory: no core dump may carry them to disk.
    if let Err(e) = crate::identity::forbid_core_dumps() {
        eprintln!(
            "shipdeck: {}",
            crate::tr!(
                "cli-warning",
                warning = crate::tr!("cli-no-core-dump-off", error = e.to_string())
            )
        );
    }
    let cli = Cli::parse();
    choose_language(cli.lang, None);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("shipdeck: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// Sets the process's language: `--lang`, `[ui] language`, then the environment; English when
/// the command line asks for `--json` (machine output and its errors read the same everywhere).
fn choose_language(flag: Option<crate::i18n::Lang>, config: Option<crate::i18n::Lang>) {
    use crate::i18n::Lang;
    let json = std::env::args_os().any(|a| a == "--json");
    let lang = if json {
        Lang::En
    } else {
        Lang::choose(flag, config, |v| std::env::var(v).ok())
    };
    crate::i18n::set(lang);
}

/// A config file that cannot be loaded, said in the language in force (file, line and the TOML
/// parser's own words about the key).
fn config_error(e: &crate::config::ConfigError) -> String {
    use crate::config::ConfigError;
    match e {
        ConfigError::Read { path, source } => crate::tr!(
            "err-config-read",
            path = path.display().to_string(),
            error = source.to_string()
        ),
        ConfigError::Parse { path, line, message } => crate::tr!(
            "err-config-parse",
            path = path.display().to_string(),
            line = *line,
            message = message
        ),
    }
}

fn run(mut cli: Cli) -> Result<(), CliError> {
    // Completions and man pages need neither paths nor config (they must work anywhere).
    match cli.command.take() {
        Some(Command::Completions(args)) => return assets::run_completions(args),
        Some(Command::Man(args)) => return assets::run_man(args),
        other => cli.command = other,
    }
    let paths = Paths::resolve(cli.config, cli.data_dir).map_err(|e| CliError::BadInput(e.to_string()))?;
    // The doctor reports a broken config as one of its checks; the other commands stop on it.
    let doctor = matches!(cli.command, Some(Command::Doctor(_)));
    let dashboard = match &cli.command {
        None => std::io::stdout().is_terminal(),
        Some(Command::Demo(_)) => true,
        Some(_) => false,
    };
    let loaded = match Config::load(&paths) {
        Ok(l) => l,
        Err(_) if doctor => crate::config::Loaded::default(),
        Err(e) => return Err(CliError::BadInput(config_error(&e))),
    };
    choose_language(cli.lang, loaded.config.ui.language.lang());

    let label = match &cli.command {
        None => "dashboard",
        Some(Command::Demo(_)) => "demo",
        Some(Command::Bench(_)) => "bench",
        Some(Command::Shops(_)) => "cli",
        Some(Command::Sim(_)) => "sim",
        Some(Command::Serve(_)) => "serve",
        Some(_) => "cli",
    };
    // Logging is best effort: a read-only state dir must not stop the command.
    let _log = match crate::logging::init(&paths.log_dir, label, &loaded.config.log.level) {
        Ok(g) => Some(g),
        Err(e) => {
            let w = crate::tr!(
                "cli-no-log-file",
                dir = paths.log_dir.display().to_string(),
                error = e.to_string()
            );
            eprintln!("shipdeck: {}", crate::tr!("cli-warning", warning = w));
            None
        }
    };
    for w in &loaded.warnings {
        // The log in English; the screen in the language in force.
        tracing::warn!("{w}");
        // The dashboard shows them as toasts (printing here would land over its bottom line);
        // the doctor reports them as checks.
        if !dashboard && !doctor {
            eprintln!("shipdeck: {}", crate::tr!("cli-warning", warning = w.text()));
        }
    }
    let ctx = Context {
        paths,
        config: loaded.config,
        warnings: loaded.warnings.iter().map(|w| w.text()).collect(),
        socket: cli.socket,
    };
    // The reason for a failure goes to the log while its writer (`_log`) is still alive.
    let result = dispatch(&ctx, cli.command);
    if let Err(e) = &result {
        tracing::error!(exit_status = e.exit_code(), "failed: {e}");
    }
    result
}

fn dispatch(ctx: &Context, command: Option<Command>) -> Result<(), CliError> {
    match command {
        None => dashboard::run(ctx),
        Some(Command::Demo(args)) => dashboard::demo(ctx, args),
        Some(Command::Bench(cmd)) => bench::run(cmd),
        Some(Command::Shops(cmd)) => shops::run(ctx, cmd),
        Some(Command::Sim(args)) => sim::run(ctx, args),
        Some(Command::Sync(args)) => sync::run(ctx, args),
        Some(Command::Serve(args)) => serve::run(ctx, args),
        Some(Command::Audit(args)) => audit::run(ctx, args),
        Some(Command::Orders(cmd)) => orders::run_orders(ctx, cmd),
        Some(Command::Pushes(cmd)) => orders::run_pushes(ctx, cmd),
        Some(Command::Tracking(cmd)) => warehouse::run_tracking(ctx, cmd),
        Some(Command::Waybill(cmd)) => warehouse::run_waybill(ctx, cmd),
        Some(Command::Sku(cmd)) => sku::run(ctx, cmd),
        Some(Command::Doctor(args)) => doctor::run(ctx, args),
        Some(Command::Completions(args)) => assets::run_completions(args),
        Some(Command::Man(args)) => assets::run_man(args),
    }
}
