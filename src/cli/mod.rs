//! The command line: argument parsing (clap), exit statuses, and the subcommands.
//! Exit status 0 on success, 1 when the work failed, 2 on bad usage or bad input.

mod audit;
mod bench;
mod bench_link;
mod dashboard;
mod engine_rt;
mod orders;
mod serve;
mod shop_test;
mod shops;
mod sim;
mod sku;
mod summary;
mod sync;
mod warehouse;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{Config, Paths};
use crate::store::{Store, StoreError};

/// shipdeck: links a fulfillment warehouse to its sellers' marketplace accounts.
#[derive(Debug, Parser)]
#[command(name = "shipdeck", version, about, long_about = None)]
pub struct Cli {
    /// The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db).
    #[arg(long, global = true, env = "SHIPDECK_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml).
    #[arg(long, global = true, env = "SHIPDECK_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The engine's socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock).
    #[arg(long, global = true, env = "SHIPDECK_SOCKET", value_name = "PATH")]
    pub socket: Option<PathBuf>,
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
}

impl CliError {
    fn exit_code(&self) -> u8 {
        match self {
            CliError::BadInput(_) => 2,
            CliError::Failed(_) => 1,
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NewerSchema { .. } | StoreError::Conflict(_) => CliError::BadInput(e.to_string()),
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
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("shipdeck: {e}");
            tracing::error!("{e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    let paths = Paths::resolve(cli.config, cli.data_dir).map_err(|e| CliError::BadInput(e.to_string()))?;
    let loaded = Config::load(&paths).map_err(|e| CliError::BadInput(e.to_string()))?;
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
            eprintln!(
                "shipdeck: warning: cannot write a log file in {}: {e}",
                paths.log_dir.display()
            );
            None
        }
    };
    for w in &loaded.warnings {
        eprintln!("shipdeck: warning: {w}");
        tracing::warn!("{w}");
    }
    let ctx = Context {
        paths,
        config: loaded.config,
        socket: cli.socket,
    };
    match cli.command {
        None => dashboard::run(&ctx),
        Some(Command::Demo(args)) => dashboard::demo(&ctx, args),
        Some(Command::Bench(cmd)) => bench::run(cmd),
        Some(Command::Shops(cmd)) => shops::run(&ctx, cmd),
        Some(Command::Sim(args)) => sim::run(&ctx, args),
        Some(Command::Sync(args)) => sync::run(&ctx, args),
        Some(Command::Serve(args)) => serve::run(&ctx, args),
        Some(Command::Audit(args)) => audit::run(&ctx, args),
        Some(Command::Orders(cmd)) => orders::run_orders(&ctx, cmd),
        Some(Command::Pushes(cmd)) => orders::run_pushes(&ctx, cmd),
        Some(Command::Tracking(cmd)) => warehouse::run_tracking(&ctx, cmd),
        Some(Command::Waybill(cmd)) => warehouse::run_waybill(&ctx, cmd),
        Some(Command::Sku(cmd)) => sku::run(&ctx, cmd),
    }
}
