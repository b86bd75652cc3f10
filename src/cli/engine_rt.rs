//! Where CLI commands get their engine: the one behind the socket when an engine answers there
//! (a service, or a dashboard that runs the engine), else one opened in this process.

use std::path::PathBuf;
use std::sync::Arc;

use super::{CliError, Context};
use crate::config::Config;
use crate::engine::{Engine, EngineError, EngineHandle, EngineOptions};
use crate::link::{Client, ConnectError};
use crate::market::SystemClock;
use crate::store::Store;

/// Builds the async runtime of a command.
pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::Failed(format!("cannot start the async runtime: {e}")))
}

/// The engine's timings: production defaults, or short ones when `SHIPDECK_FAST_TIMINGS` is set
/// (tests and demos against the local simulator); `SHIPDECK_PULL_EVERY=SECONDS` pulls every shop
/// that often instead of at its own interval.
pub fn options() -> EngineOptions {
    let mut o = if std::env::var_os("SHIPDECK_FAST_TIMINGS").is_some_and(|v| !v.is_empty()) {
        EngineOptions::fast()
    } else {
        EngineOptions::default()
    };
    if let Some(secs) = std::env::var("SHIPDECK_PULL_EVERY")
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| *s > 0.0 && s.is_finite())
    {
        o.pull_every = Some(std::time::Duration::from_secs_f64(secs));
    }
    o
}

/// The engine's socket: `--socket`, `SHIPDECK_SOCKET`, `[engine] socket`, or the default.
pub fn socket_path(ctx: &Context) -> PathBuf {
    crate::link::socket::socket_path(ctx.socket.as_deref(), &ctx.config.engine)
}

/// Attaches to the engine behind the socket; `None` when no engine answers there. At the default
/// socket (none configured), an engine serving another database than this command's is not
/// attached to: the command runs on its own database.
pub fn attach(ctx: &Context, rt: &tokio::runtime::Runtime) -> Result<Option<Client>, CliError> {
    let path = socket_path(ctx);
    match rt.block_on(Client::connect(&path)) {
        Ok(c) => {
            let default_socket = ctx.socket.is_none() && ctx.config.engine.socket.is_none();
            let mine = crate::link::server::canonical(&ctx.paths.data_dir);
            if default_socket && c.session().data_dir.as_deref().is_some_and(|d| d != mine) {
                tracing::info!(
                    socket = %path.display(),
                    "the engine at the default socket serves another database; not attaching"
                );
                return Ok(None);
            }
            tracing::info!(socket = %path.display(), role = %c.session().role, "attached to the engine");
            Ok(Some(c))
        }
        Err(ConnectError::NoEngine(_)) => Ok(None),
        Err(ConnectError::Refused(m)) => Err(CliError::Failed(m)),
        Err(ConnectError::Failed(m)) => Err(CliError::Failed(m)),
    }
}

/// The engine for a command: the running one over the socket, else one in this process.
pub fn handle(ctx: &Context, rt: &tokio::runtime::Runtime) -> Result<EngineHandle, CliError> {
    match attach(ctx, rt)? {
        Some(c) => Ok(EngineHandle::remote(c)),
        None => Ok(EngineHandle::local(engine(ctx)?)),
    }
}

/// Opens the store and starts an engine on it in this process.
pub fn engine(ctx: &Context) -> Result<Arc<Engine>, CliError> {
    open_engine(&ctx.paths.data_dir, ctx.config.clone())
}

/// Opens the store in `data_dir` and starts an engine on it with `config`.
pub fn open_engine(data_dir: &std::path::Path, config: Config) -> Result<Arc<Engine>, CliError> {
    let store = Store::open(data_dir).map_err(CliError::from)?;
    Engine::new(store, config, Arc::new(SystemClock), options())
        .map(Arc::new)
        .map_err(engine_error)
}

/// Maps an engine error to the CLI's exit statuses.
pub fn engine_error(e: EngineError) -> CliError {
    match e {
        EngineError::Invalid(m) => CliError::BadInput(m),
        EngineError::Store(s) => CliError::from(s),
        other => CliError::Failed(other.to_string()),
    }
}
