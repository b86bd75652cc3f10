//! The engine end of the link: accepts clients on the socket, learns each peer's uid and gid from
//! the kernel, gives it a role (or refuses it, audited), answers its requests concurrently and
//! streams the engine's events to it. A client that reads too slowly gets `Event::Resync` instead
//! of the events it missed; a client that goes away changes nothing.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::UnixStream;
use tokio::sync::{broadcast, mpsc};

use super::frame::{decode, encode, read_frame, write_frame};
use super::wire::{
    ClientMsg, FileBytes, Hello, Request, Response, ServerMsg, Session, Welcome, WireError, VERSION,
};
use crate::config::RolesConfig;
use crate::engine::handle::wait_outbox;
use crate::engine::{Caller, Command, Engine, EngineError, EngineHandle, Event};

/// Who may attach, and where that is configured (named in refusals).
#[derive(Debug, Clone, Default)]
pub struct ServeOptions {
    /// `[roles]`.
    pub roles: RolesConfig,
    /// The config file, named when someone is refused.
    pub config_file: PathBuf,
}

/// The most rows one query returns.
const MAX_ROWS: usize = 100_000;
/// The most matches one search returns.
const MAX_MATCHES: u64 = 50_000;
/// The longest a drain request waits.
const MAX_DRAIN: Duration = Duration::from_secs(600);

/// Serves clients on `listener` until `stop` resolves; then stops accepting, closes the
/// connections and waits (up to 30 s) for the requests already running to finish.
pub async fn serve(
    engine: Arc<Engine>,
    listener: tokio::net::UnixListener,
    opts: ServeOptions,
    stop: impl std::future::Future<Output = ()>,
) {
    let engine_uid = crate::identity::current_uid().unwrap_or(u32::MAX);
    let opts = Arc::new(opts);
    // Every request task holds a clone of `busy`; when all are dropped, `idle` answers None.
    let (busy, mut idle) = mpsc::channel::<()>(1);
    let mut conns = tokio::task::JoinSet::new();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => break,
            r = listener.accept() => match r {
                Ok((stream, _)) => {
                    conns.spawn(connection(engine.clone(), stream, opts.clone(), engine_uid, busy.clone()));
                }
                Err(e) => {
                    tracing::warn!("engine link: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    conns.abort_all();
    drop(busy);
    let _ = tokio::time::timeout(Duration::from_secs(30), idle.recv()).await;
}

/// A directory as an absolute, resolved path (as given when it cannot be resolved).
pub fn canonical(p: &std::path::Path) -> String {
    std::fs::canonicalize(p)
        .unwrap_or_else(|_| p.to_path_buf())
        .display()
        .to_string()
}

async fn send(out: &mpsc::Sender<Vec<u8>>, msg: &ServerMsg) -> bool {
    match encode(msg) {
        Ok(f) => out.send(f).await.is_ok(),
        Err(e) => {
            tracing::error!("engine link: cannot encode an answer: {e}");
            false
        }
    }
}

async fn connection(
    engine: Arc<Engine>,
    stream: UnixStream,
    opts: Arc<ServeOptions>,
    engine_uid: u32,
    busy: mpsc::Sender<()>,
) {
    let cred = match stream.peer_cred() {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!("engine link: no peer credentials: {e}");
            return;
        }
    };
    let (uid, gid) = (cred.uid(), cred.gid());
    let (mut rd, mut wr) = stream.into_split();
    let hello = match tokio::time::timeout(
        Duration::from_secs(10),
        super::frame::read_frame_capped(&mut rd, super::frame::MAX_HELLO),
    )
    .await
    {
        Ok(Ok(Some(f))) => match decode::<Hello>(&f) {
            Ok(h) => h,
            Err(e) => {
                tracing::warn!(uid, "engine link: a bad hello: {e}");
                return;
            }
        },
        _ => return,
    };
    let role = if hello.version != VERSION {
        Err(format!(
            "this engine speaks link version {VERSION}, the client {}: run the same version",
            hello.version
        ))
    } else {
        super::roles::role_of(&opts.roles, engine_uid, uid, Some(gid), &opts.config_file)
    };
    let role = match role {
        Ok(r) => r,
        Err(message) => {
            let caller = Caller::peer(uid, crate::engine::Role::Support, hello.client);
            let mut entry = caller.entry(engine.now(), "link.attach", "attach to the engine".into(), "");
            entry.role = None;
            entry.result = Some(format!("refused: {message}"));
            if let Err(e) = engine.store().audit(&entry) {
                tracing::error!("cannot audit a refused client: {e}");
            }
            tracing::warn!(uid, "engine link: refused: {message}");
            let w = Welcome {
                version: VERSION,
                session: Err(message),
            };
            if let Ok(f) = encode(&w) {
                let _ = write_frame(&mut wr, &f).await;
            }
            return;
        }
    };
    let caller = Arc::new(Caller::peer(uid, role, hello.client));
    let w = Welcome {
        version: VERSION,
        session: Ok(Session {
            role,
            actor: caller.actor.0.clone(),
            uid,
            data_dir: Some(canonical(engine.store().path())),
        }),
    };
    let Ok(f) = encode(&w) else { return };
    if write_frame(&mut wr, &f).await.is_err() {
        return;
    }
    tracing::info!(who = %caller.actor.0, role = %role, "engine link: client attached");
    let (out, mut out_rx) = mpsc::channel::<Vec<u8>>(64);
    let writer = tokio::spawn(async move {
        while let Some(frame) = out_rx.recv().await {
            if write_frame(&mut wr, &frame).await.is_err() {
                break;
            }
        }
    });
    let alive = Arc::new(AtomicBool::new(true));
    let local = EngineHandle::local(engine.clone());
    let mut forwarder: Option<tokio::task::JoinHandle<()>> = None;
    loop {
        let frame = match read_frame(&mut rd).await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                tracing::warn!(who = %caller.actor.0, "engine link: {e}");
                break;
            }
        };
        let msg: ClientMsg = match decode(&frame) {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(who = %caller.actor.0, "engine link: an undecodable request: {e}");
                break;
            }
        };
        if let Request::Subscribe = msg.request {
            if forwarder.is_none() {
                forwarder = Some(tokio::spawn(forward(engine.subscribe(), out.clone())));
            }
            send(
                &out,
                &ServerMsg::Reply {
                    id: msg.id,
                    result: Ok(Response::Subscribed),
                },
            )
            .await;
            continue;
        }
        let (engine, caller, local, out, alive, busy) = (
            engine.clone(),
            caller.clone(),
            local.clone(),
            out.clone(),
            alive.clone(),
            busy.clone(),
        );
        tokio::spawn(async move {
            tracing::debug!(who = %caller.actor.0, request = msg.request.name(), "engine link: request");
            let result = dispatch(&engine, &caller, &local, &alive, msg.request).await;
            send(&out, &ServerMsg::Reply { id: msg.id, result }).await;
            drop(busy);
        });
    }
    alive.store(false, Ordering::SeqCst);
    if let Some(f) = forwarder {
        f.abort();
    }
    drop(out);
    let _ = writer.await;
    tracing::info!(who = %caller.actor.0, "engine link: client gone");
}

/// Streams events to one client; missed ones (it read too slowly) become one `Resync`.
async fn forward(mut rx: broadcast::Receiver<Event>, out: mpsc::Sender<Vec<u8>>) {
    loop {
        let event = match rx.recv().await {
            Ok(e) => e,
            Err(broadcast::error::RecvError::Lagged(n)) => {
                tracing::debug!("engine link: a client missed {n} events; told to resync");
                Event::Resync
            }
            Err(broadcast::error::RecvError::Closed) => return,
        };
        if !send(&out, &ServerMsg::Event { event }).await {
            return;
        }
    }
}

/// Runs a query on a blocking thread.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, EngineError> + Send + 'static,
) -> Result<T, EngineError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| EngineError::Link(format!("the query stopped: {e}")))?
}

async fn dispatch(
    engine: &Arc<Engine>,
    caller: &Caller,
    local: &EngineHandle,
    alive: &Arc<AtomicBool>,
    request: Request,
) -> Result<Response, WireError> {
    let command = |result: Result<crate::engine::CommandResult, EngineError>| {
        result.map(|result| Response::Command { result })
    };
    let h = local.clone();
    let r = match request {
        Request::Execute { command: cmd } => match cmd {
            Command::AddShop { .. }
            | Command::EditShop { .. }
            | Command::RenewShopKey { .. }
            | Command::ImportSkus { .. }
            | Command::ExportSkus { .. } => Err(EngineError::Invalid(format!(
                "{} has its own request on the engine link",
                cmd.action()
            ))),
            cmd => command(engine.execute_as(caller, cmd).await),
        },
        Request::AddShop { spec } => command(
            engine
                .execute_as(caller, Command::AddShop { spec: spec.0.into() })
                .await,
        ),
        Request::EditShop { shop, edit } => command(
            engine
                .execute_as(
                    caller,
                    Command::EditShop {
                        shop,
                        edit: edit.0.into(),
                    },
                )
                .await,
        ),
        Request::RenewShopKey { shop, login } => command(
            engine
                .execute_as(
                    caller,
                    Command::RenewShopKey {
                        shop,
                        login: login.map(|l| l.0.into()),
                    },
                )
                .await,
        ),
        Request::ImportSkus {
            name,
            bytes,
            encoding,
            dry_run,
        } => engine
            .import_skus_bytes(caller, name, bytes.0, encoding, dry_run)
            .await
            .map(|report| Response::Imported { report }),
        Request::ExportSkus { name } => {
            engine
                .export_skus_bytes(&name)
                .await
                .map(|(report, files)| Response::Exported {
                    report,
                    files: files.into_iter().map(FileBytes).collect(),
                })
        }
        Request::Orders { mut query } => {
            query.limit = query.limit.min(MAX_ROWS as u64);
            blocking(move || h.orders(&query))
                .await
                .map(|page| Response::Orders { page })
        }
        Request::SearchOrders { mut query } => {
            query.cap = query.cap.min(MAX_MATCHES);
            let (h, alive) = (h.clone(), alive.clone());
            blocking(move || h.search_orders(&query, &|| alive.load(Ordering::Relaxed)))
                .await
                .and_then(|hits| hits.ok_or_else(|| EngineError::Link("the client went away".into())))
                .map(|hits| Response::Search { hits })
        }
        Request::UnknownItems { command } => blocking(move || h.unknown_items(&command))
            .await
            .map(|why| Response::Unknown { why }),
        Request::CountSelection { selection, keys } => {
            if keys.len() > MAX_ROWS {
                return Err(WireError::Invalid(format!(
                    "{} marked orders is more than a request carries ({MAX_ROWS})",
                    keys.len()
                )));
            }
            blocking(move || h.count_selection(&selection, &keys))
                .await
                .map(|counts| Response::Counts { counts })
        }
        Request::Mismatches { offset, limit } => blocking(move || h.mismatches(offset, limit.min(MAX_ROWS)))
            .await
            .map(|rows| Response::Mismatches { rows }),
        Request::Suggestions { row, limit } => blocking(move || h.suggestions(&row, limit.min(100)))
            .await
            .map(|suggestions| Response::Suggestions { suggestions }),
        Request::Pushes { state, offset, limit } => {
            blocking(move || h.pushes(state.as_deref(), offset, limit.min(MAX_ROWS)))
                .await
                .map(|pushes| Response::Pushes { pushes })
        }
        Request::Shops => blocking(move || h.shops())
            .await
            .map(|shops| Response::Shops { shops }),
        Request::Status => blocking(move || h.status())
            .await
            .map(|status| Response::Status { status }),
        Request::Drain { wait_ms } => wait_outbox(engine, Duration::from_millis(wait_ms).min(MAX_DRAIN))
            .await
            .map(|drained| Response::Drained { drained }),
        Request::Audit { mut query } => {
            query.limit = query.limit.min(MAX_ROWS);
            blocking(move || h.audit(&query))
                .await
                .map(|entries| Response::Audit { entries })
        }
        Request::Subscribe => Ok(Response::Subscribed),
    };
    r.map_err(WireError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_client_that_fell_behind_is_told_to_resync_not_dropped() {
        let (tx, rx) = broadcast::channel(4);
        // Ten events before the forwarder reads anything: six are lost to this client.
        for _ in 0..10 {
            tx.send(Event::Resync).ok();
            tx.send(Event::OrdersChanged { keys: vec![] }).ok();
        }
        let (out, mut out_rx) = mpsc::channel(64);
        let task = tokio::spawn(forward(rx, out));
        let first: ServerMsg = decode(&out_rx.recv().await.unwrap()).unwrap();
        assert!(matches!(first, ServerMsg::Event { event: Event::Resync }));
        // Then the events still held, and new ones as they come.
        for _ in 0..4 {
            out_rx.recv().await.unwrap();
        }
        tx.send(Event::OrdersChanged { keys: vec![] }).unwrap();
        let next: ServerMsg = decode(&out_rx.recv().await.unwrap()).unwrap();
        assert!(matches!(
            next,
            ServerMsg::Event {
                event: Event::OrdersChanged { .. }
            }
        ));
        drop(tx);
        task.await.unwrap();
    }
}
