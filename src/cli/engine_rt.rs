//! Running the engine in this process for a CLI command (until the socket link arrives).

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{CliError, Context};
use crate::config::Config;
use crate::engine::{Engine, EngineError, EngineOptions};
use crate::market::SystemClock;
use crate::store::Store;

/// Builds the async runtime of a command.
pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::Failed(crate::tr!("doc-no-runtime", error = e.to_string())))
}

/// The engine's timings: production defaults, or short ones when `SHIPDECK_FAST_TIMINGS` is set
/// (tests and demos against the local simulator).
pub fn options() -> EngineOptions {
    if std::env::var_os("SHIPDECK_FAST_TIMINGS").is_some_and(|v| !v.is_empty()) {
        EngineOptions::fast()
    } else {
        EngineOptions::default()
    }
}

/// Opens the store and starts an engine on it.
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
        other => CliError::Failed(other.to_string()),
    }
}

/// Runs the outbox until nothing is due before `wait` runs out, or every push is sent.
pub async fn drain(engine: &Engine, wait: Duration) -> Result<crate::engine::supervisor::Drained, CliError> {
    let deadline = Instant::now() + wait;
    let mut total = crate::engine::supervisor::Drained::default();
    loop {
        let round = engine.run_outbox_once().await.map_err(engine_error)?;
        total.add(&round);
        let next = engine
            .store()
            .next_due()
            .map_err(|e| CliError::Failed(e.to_string()))?;
        let Some(next) = next else { break };
        let until = Duration::try_from(next.duration_since(engine.now())).unwrap_or(Duration::ZERO);
        if Instant::now() + until > deadline {
            break;
        }
        tokio::time::sleep(until.max(Duration::from_millis(10))).await;
    }
    total.pending = engine.store().pending_push_count() as u64;
    total.failed_total = engine
        .store()
        .failed_push_count()
        .map_err(|e| CliError::Failed(e.to_string()))?;
    Ok(total)
}
