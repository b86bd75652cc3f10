//! The client end of the link: connects, says hello, then multiplexes requests (answers matched
//! by id) and receives events into a local broadcast channel. Dropping the last clone closes the
//! connection; the engine forgets the client and changes nothing for it.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{broadcast, mpsc, oneshot};

use super::frame::{decode, encode, read_frame, write_frame};
use super::wire::{ClientMsg, Hello, Request, Response, ServerMsg, Session, Welcome, WireError, VERSION};
use crate::engine::{ClientDetail, EngineError, Event};

/// Why attaching to an engine did not work.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// Nothing answers at the socket (no engine runs).
    #[error("no engine answers at {0}")]
    NoEngine(String),
    /// The engine refused this user.
    #[error("{0}")]
    Refused(String),
    /// Something else went wrong.
    #[error("{0}")]
    Failed(String),
}

type Pending = Mutex<HashMap<u64, oneshot::Sender<Result<Response, WireError>>>>;

/// What the reader task shares with the client.
struct Shared {
    pending: Pending,
    events: broadcast::Sender<Event>,
    closed: AtomicBool,
}

struct Inner {
    out: mpsc::Sender<Vec<u8>>,
    shared: Arc<Shared>,
    next: AtomicU64,
    subscribed: AtomicBool,
    session: Session,
    rt: tokio::runtime::Handle,
}

/// A connection to an engine; cheap to clone.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

fn closed() -> EngineError {
    EngineError::Link("the engine closed the connection".into())
}

impl Client {
    /// Connects to the engine at `path` (on the current runtime) and introduces this process.
    pub async fn connect(path: &Path) -> Result<Client, ConnectError> {
        let stream = match tokio::net::UnixStream::connect(path).await {
            Ok(s) => s,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused
                ) =>
            {
                return Err(ConnectError::NoEngine(path.display().to_string()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                return Err(ConnectError::Refused(format!(
                    "cannot reach the engine at {}: permission denied (the socket's directory \
                     admits the service's user and `[engine] socket_group` only)",
                    path.display()
                )))
            }
            Err(e) => {
                return Err(ConnectError::Failed(format!(
                    "cannot reach the engine at {}: {e}",
                    path.display()
                )))
            }
        };
        let (mut rd, mut wr) = stream.into_split();
        let fail = |e: super::frame::FrameError| ConnectError::Failed(format!("engine link: {e}"));
        let hello = Hello {
            version: VERSION,
            client: ClientDetail::here(),
        };
        write_frame(&mut wr, &encode(&hello).map_err(fail)?)
            .await
            .map_err(fail)?;
        let welcome = tokio::time::timeout(Duration::from_secs(10), read_frame(&mut rd))
            .await
            .map_err(|_| ConnectError::Failed("the engine did not answer within 10 s".into()))?
            .map_err(fail)?
            .ok_or_else(|| ConnectError::Failed("the engine closed the connection".into()))?;
        let welcome: Welcome = decode(&welcome).map_err(fail)?;
        if welcome.version != VERSION {
            return Err(ConnectError::Failed(format!(
                "the engine speaks link version {}, this shipdeck {VERSION}: run the same version",
                welcome.version
            )));
        }
        let session = welcome.session.map_err(ConnectError::Refused)?;
        let (out, mut out_rx) = mpsc::channel::<Vec<u8>>(64);
        let (events, _) = broadcast::channel(4096);
        let shared = Arc::new(Shared {
            pending: Mutex::new(HashMap::new()),
            events,
            closed: AtomicBool::new(false),
        });
        tokio::spawn(async move {
            while let Some(frame) = out_rx.recv().await {
                if write_frame(&mut wr, &frame).await.is_err() {
                    break;
                }
            }
        });
        let reader = shared.clone();
        tokio::spawn(async move {
            while let Ok(Some(frame)) = read_frame(&mut rd).await {
                match decode::<ServerMsg>(&frame) {
                    Ok(ServerMsg::Reply { id, result }) => {
                        let tx = reader
                            .pending
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .remove(&id);
                        if let Some(tx) = tx {
                            let _ = tx.send(result);
                        }
                    }
                    Ok(ServerMsg::Event { event }) => {
                        let _ = reader.events.send(event);
                    }
                    Err(e) => {
                        tracing::warn!("engine link: {e}");
                        break;
                    }
                }
            }
            reader.closed.store(true, Ordering::SeqCst);
            reader.pending.lock().unwrap_or_else(|p| p.into_inner()).clear();
            let _ = reader.events.send(Event::Resync);
        });
        Ok(Client {
            inner: Arc::new(Inner {
                out,
                shared,
                next: AtomicU64::new(1),
                subscribed: AtomicBool::new(false),
                session,
                rt: tokio::runtime::Handle::current(),
            }),
        })
    }

    /// Who the engine took this client for.
    pub fn session(&self) -> &Session {
        &self.inner.session
    }

    /// Sends a request and waits for its answer.
    pub async fn call(&self, request: Request) -> Result<Response, EngineError> {
        let inner = &self.inner;
        if inner.shared.closed.load(Ordering::SeqCst) {
            return Err(closed());
        }
        let id = inner.next.fetch_add(1, Ordering::Relaxed);
        let frame = encode(&ClientMsg { id, request }).map_err(|e| EngineError::Link(e.to_string()))?;
        if frame.len() > super::frame::MAX_FRAME {
            return Err(EngineError::Invalid(format!(
                "the request is {} bytes, over the link's cap of {} bytes",
                frame.len(),
                super::frame::MAX_FRAME
            )));
        }
        let (tx, rx) = oneshot::channel();
        inner
            .shared
            .pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, tx);
        if inner.out.send(frame).await.is_err() {
            return Err(closed());
        }
        match rx.await {
            Ok(r) => r.map_err(EngineError::from),
            Err(_) => Err(closed()),
        }
    }

    /// [`Client::call`] from synchronous code: a blocking thread of the runtime, or a thread
    /// outside any runtime.
    pub fn call_blocking(&self, request: Request) -> Result<Response, EngineError> {
        match tokio::runtime::Handle::try_current() {
            Ok(h) => match h.runtime_flavor() {
                tokio::runtime::RuntimeFlavor::CurrentThread => Err(EngineError::Link(
                    "a remote query from a single-threaded runtime would block it".into(),
                )),
                _ => tokio::task::block_in_place(|| h.block_on(self.call(request))),
            },
            Err(_) => self.inner.rt.block_on(self.call(request)),
        }
    }

    /// The engine's events from now on. `Event::Resync` means some were missed (or the engine went
    /// away): reload what is shown.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        let rx = self.inner.shared.events.subscribe();
        if !self.inner.subscribed.swap(true, Ordering::SeqCst) {
            let me = self.clone();
            self.inner.rt.spawn(async move {
                if let Err(e) = me.call(Request::Subscribe).await {
                    tracing::warn!("engine link: cannot subscribe to events: {e}");
                }
            });
        }
        rx
    }
}
