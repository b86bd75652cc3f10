//! `shipdeck serve`: the engine as a service. It owns the database and every site call, runs the
//! pull loops and the outbox with no dashboard open, and serves dashboards and commands on its
//! socket until SIGTERM or SIGINT; then it stops accepting, lets the calls in flight finish (what
//! is not sent stays in the outbox), and flushes the store.

use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;

use super::engine_rt::{engine, runtime, socket_path};
use super::{CliError, Context};
use crate::engine::{supervisor, Engine};
use crate::link::server::ServeOptions;

/// `shipdeck serve` (the socket comes from the global `--socket`, `SHIPDECK_SOCKET` or
/// `[engine] socket`).
#[derive(Debug, Args)]
pub struct ServeArgs {}

/// Who may attach, from the config.
pub fn serve_options(ctx: &Context) -> ServeOptions {
    ServeOptions {
        roles: ctx.config.roles.clone(),
        config_file: ctx.paths.config_file.clone(),
    }
}

/// Resolves when SIGTERM or SIGINT arrives.
async fn stop_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }
        Err(e) => {
            tracing::warn!("cannot watch SIGTERM: {e}");
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// Runs the engine's loops and the socket server until `stop`, then shuts both down in order:
/// no new clients, requests in flight finished, the outbox's round finished, the store flushed.
pub async fn run_engine(
    engine: Arc<Engine>,
    listener: tokio::net::UnixListener,
    opts: ServeOptions,
    stop: impl std::future::Future<Output = ()>,
) {
    let (tx, rx) = tokio::sync::watch::channel(false);
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|s| *s).await;
    };
    let sup = tokio::spawn(supervisor::run(engine.clone(), stopped(rx.clone())));
    let srv = tokio::spawn(crate::link::serve(engine.clone(), listener, opts, stopped(rx)));
    stop.await;
    tracing::info!("engine stopping");
    let _ = tx.send(true);
    let _ = srv.await;
    let _ = sup.await;
    if let Err(e) = engine.store().flush() {
        tracing::error!("cannot flush the store: {e}");
    }
}

/// Binds the engine's socket as configured.
pub async fn bind(ctx: &Context, path: &std::path::Path) -> Result<tokio::net::UnixListener, CliError> {
    crate::link::socket::bind(path, ctx.config.engine.socket_group.as_deref())
        .await
        .map_err(|e| CliError::Failed(e.to_string()))
}

/// Runs `serve`.
pub fn run(ctx: &Context, _args: ServeArgs) -> Result<(), CliError> {
    let rt = runtime()?;
    let path: PathBuf = socket_path(ctx);
    rt.block_on(async {
        if crate::link::socket::answers(&path).await {
            return Err(CliError::Failed(crate::tr!(
                "cli-serve-already",
                socket = path.display().to_string()
            )));
        }
        let engine = engine(ctx)?;
        let listener = bind(ctx, &path).await?;
        eprintln!(
            "shipdeck: {}",
            crate::tr!(
                "cli-serve-serving",
                data = ctx.paths.data_dir.display().to_string(),
                socket = path.display().to_string()
            )
        );
        tracing::info!(socket = %path.display(), data = %ctx.paths.data_dir.display(), "engine serving");
        run_engine(engine, listener, serve_options(ctx), stop_signal()).await;
        let _ = std::fs::remove_file(&path);
        eprintln!("shipdeck: {}", crate::tr!("cli-serve-stopped"));
        Ok(())
    })
}
