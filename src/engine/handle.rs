//! `EngineHandle`: the one interface of the dashboard and the CLI to the engine — commands with
//! results, a stream of events, and the paged queries and searches of the store — the same
//! whether the engine runs in this process (`Local`) or in another one behind the socket
//! (`Remote`, see [`crate::link`]). No closure and no `Arc<Engine>` crosses it.
//!
//! The query methods are synchronous: the dashboard calls them from `spawn_blocking` threads and
//! the CLI from its main thread; the remote variant waits for the engine's answer there.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

use super::api::{Actor, Command, CommandResult, EngineStatus, Event};
use super::caller::{Caller, Role};
use super::supervisor::Drained;
use super::{Engine, EngineError};
use crate::domain::shop::ShopView;
use crate::domain::Push;
use crate::link::wire::{Request, Response};
use crate::link::Client;
use crate::store::audit::{AuditEntry, AuditQuery};
use crate::store::{MismatchRow, OrderPage, OrderQuery, Store, StoreError};

/// A cheap, cloneable handle on a running engine, here or behind the socket.
#[derive(Clone)]
pub struct EngineHandle {
    inner: Inner,
}

#[derive(Clone)]
enum Inner {
    Local {
        engine: Arc<Engine>,
        caller: Arc<Caller>,
    },
    Remote(Client),
}

impl EngineHandle {
    /// A handle on an engine in this process; commands run as this process's user, an operator.
    pub fn local(engine: Arc<Engine>) -> EngineHandle {
        EngineHandle {
            inner: Inner::Local {
                engine,
                caller: Arc::new(Caller::local()),
            },
        }
    }

    /// A handle on the engine behind a connected client.
    pub fn remote(client: Client) -> EngineHandle {
        EngineHandle {
            inner: Inner::Remote(client),
        }
    }

    /// True when the engine runs in another process.
    pub fn is_remote(&self) -> bool {
        matches!(self.inner, Inner::Remote(_))
    }

    /// The role the engine gave this client.
    pub fn role(&self) -> Role {
        match &self.inner {
            Inner::Local { caller, .. } => caller.role,
            Inner::Remote(c) => c.session().role,
        }
    }

    /// Who the engine takes this client for (`name (uid N)`).
    pub fn who(&self) -> String {
        match &self.inner {
            Inner::Local { caller, .. } => caller.actor.0.clone(),
            Inner::Remote(c) => c.session().actor.clone(),
        }
    }

    /// Runs a command. In-process it runs as `actor`; over the link the engine decides who asks.
    pub async fn execute(&self, actor: &Actor, cmd: Command) -> Result<CommandResult, EngineError> {
        match &self.inner {
            Inner::Local { engine, caller } => {
                let caller = Caller {
                    actor: actor.clone(),
                    ..(**caller).clone()
                };
                engine.execute_as(&caller, cmd).await
            }
            Inner::Remote(c) => {
                let req = match cmd {
                    Command::ImportSkus {
                        path,
                        encoding,
                        dry_run,
                    } => {
                        let report = self.import_skus(actor, path, encoding, dry_run).await?;
                        return Ok(CommandResult::SkusImported { report });
                    }
                    Command::ExportSkus { path } => {
                        let report = self.export_skus(path).await?;
                        return Ok(CommandResult::SkusExported { report });
                    }
                    Command::AddShop { spec } => Request::AddShop {
                        spec: crate::link::wire::Exposed(spec.into()),
                    },
                    Command::EditShop { shop, edit } => Request::EditShop {
                        shop,
                        edit: crate::link::wire::Exposed(edit.into()),
                    },
                    Command::RenewShopKey { shop, login } => Request::RenewShopKey {
                        shop,
                        login: login.map(|l| crate::link::wire::Exposed(l.into())),
                    },
                    command => Request::Execute { command },
                };
                match c.call(req).await? {
                    Response::Command { result } => Ok(result),
                    _ => Err(unexpected()),
                }
            }
        }
    }

    /// Validates a SKU file and, unless `dry_run` or it has errors, applies it in one
    /// transaction and re-resolves the held orders (the dashboard's `:sku import PATH`). The
    /// file is read here, by this process; a remote engine receives its bytes.
    pub async fn import_skus(
        &self,
        actor: &Actor,
        path: std::path::PathBuf,
        encoding: Option<crate::catalogue::TextEncoding>,
        dry_run: bool,
    ) -> Result<crate::catalogue::ImportReport, EngineError> {
        self.import_skus_observed(actor, path, encoding, dry_run, &|_| {})
            .await
    }

    /// As [`EngineHandle::import_skus`], telling `phase` each phase as it starts when the engine
    /// runs here (the CLI's progress); over the link the engine's phases are not seen.
    pub async fn import_skus_observed(
        &self,
        actor: &Actor,
        path: std::path::PathBuf,
        encoding: Option<crate::catalogue::TextEncoding>,
        dry_run: bool,
        phase: &(dyn Fn(&str) + Send + Sync),
    ) -> Result<crate::catalogue::ImportReport, EngineError> {
        match &self.inner {
            Inner::Local { engine, caller } => {
                let caller = Caller {
                    actor: actor.clone(),
                    ..(**caller).clone()
                };
                engine
                    .import_skus_observed(&caller, path, encoding, dry_run, phase)
                    .await
            }
            Inner::Remote(c) => {
                let bytes = tokio::fs::read(&path).await.map_err(|e| {
                    EngineError::Invalid(format!("{}: cannot read the file: {e}", path.display()))
                })?;
                if bytes.len() > crate::link::frame::MAX_FRAME / 2 {
                    return Err(EngineError::Invalid(format!(
                        "{}: {} bytes is more than the engine link carries ({} bytes)",
                        path.display(),
                        bytes.len(),
                        crate::link::frame::MAX_FRAME / 2
                    )));
                }
                let req = Request::ImportSkus {
                    name: path.display().to_string(),
                    bytes: crate::link::wire::FileBytes(bytes),
                    encoding,
                    dry_run,
                };
                match c.call(req).await? {
                    Response::Imported { report } => Ok(report),
                    _ => Err(unexpected()),
                }
            }
        }
    }

    /// Exports the catalogue, mappings and open mismatches (the dashboard's `:sku export PATH`);
    /// the files are written here, by this process.
    pub async fn export_skus(
        &self,
        path: std::path::PathBuf,
    ) -> Result<crate::catalogue::ExportReport, EngineError> {
        match &self.inner {
            Inner::Local { engine, .. } => engine.export_skus(path).await,
            Inner::Remote(c) => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .ok_or_else(|| EngineError::Invalid(format!("{}: not a file name", path.display())))?;
                let Response::Exported { mut report, files } = c.call(Request::ExportSkus { name }).await?
                else {
                    return Err(unexpected());
                };
                let write = |p: &std::path::Path, b: &[u8]| {
                    std::fs::write(p, b)
                        .map_err(|e| EngineError::Invalid(format!("{}: cannot write: {e}", p.display())))
                };
                let mut files = files.into_iter();
                let main = files.next().ok_or_else(unexpected)?;
                write(&path, &main.0)?;
                report.file = path.display().to_string();
                if let Some(sibling) = files.next() {
                    let p = path.with_extension("mismatches.csv");
                    write(&p, &sibling.0)?;
                    report.mismatches_file = Some(p.display().to_string());
                } else if report.mismatches_file.is_some() {
                    report.mismatches_file = Some(format!("{} (sheet Mismatches)", path.display()));
                }
                Ok(report)
            }
        }
    }

    /// Subscribes to the engine's events (over the link, `Event::Resync` stands for missed ones).
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        match &self.inner {
            Inner::Local { engine, .. } => engine.subscribe(),
            Inner::Remote(c) => c.subscribe(),
        }
    }

    /// A page of orders.
    pub fn orders(&self, q: &OrderQuery) -> Result<OrderPage, EngineError> {
        match &self.inner {
            Inner::Local { engine, .. } => Ok(engine.store.page_orders(q)?),
            Inner::Remote(c) => match c.call_blocking(Request::Orders { query: q.clone() })? {
                Response::Orders { page } => Ok(page),
                _ => Err(unexpected()),
            },
        }
    }

    /// Searches a status tab for a filter (substring, smart case), newest first, up to `q.cap`
    /// matches, through the store's search index. Answers `None` when `go_on` turns false (a
    /// newer search replaced this one).
    pub fn search_orders(
        &self,
        q: &crate::store::SearchQuery,
        go_on: &dyn Fn() -> bool,
    ) -> Result<Option<crate::store::SearchHits>, EngineError> {
        match &self.inner {
            Inner::Local { engine, .. } => Ok(engine.store.search_orders(q, go_on)?),
            Inner::Remote(c) => match c.call_blocking(Request::SearchOrders { query: q.clone() })? {
                // The engine searched it whole; a newer search may have replaced this one meanwhile.
                Response::Search { hits } => Ok(go_on().then_some(hits)),
                _ => Err(unexpected()),
            },
        }
    }

    /// Reads the store's search index into the cache ahead of the first search (a dashboard on a
    /// local store does this at start, at low priority). A remote engine keeps its own cache warm
    /// across dashboards: nothing to do. Answers the entries read.
    pub fn warm_search(&self, go_on: &dyn Fn() -> bool) -> Result<u64, EngineError> {
        match &self.inner {
            Inner::Local { engine, .. } => Ok(engine.store.warm_search_index(go_on)?),
            Inner::Remote(_) => Ok(0),
        }
    }

    /// Calls `f` with every order of (shop?, status?) newest first until it returns `false`;
    /// returns how many were visited. In-process only (the benchmarks' baseline walk).
    pub fn scan_orders(
        &self,
        q: &OrderQuery,
        f: impl FnMut(crate::domain::Order) -> bool,
    ) -> Result<u64, EngineError> {
        match &self.inner {
            Inner::Local { engine, .. } => Ok(engine.store.scan_orders(q, f)?),
            Inner::Remote(_) => Err(EngineError::Invalid(
                "a walk of every order runs only beside the engine, not over the link".into(),
            )),
        }
    }

    /// How many orders a selection (plus `keys`) holds, per site and shop.
    pub fn count_selection(
        &self,
        sel: &crate::domain::selection::OrderSelection,
        keys: &[crate::domain::OrderKey],
    ) -> Result<super::bulk::SelectionCounts, EngineError> {
        match &self.inner {
            Inner::Local { engine, .. } => engine.count_selection(sel, keys),
            Inner::Remote(c) => {
                let req = Request::CountSelection {
                    selection: sel.clone(),
                    keys: keys.to_vec(),
                };
                match c.call_blocking(req)? {
                    Response::Counts { counts } => Ok(counts),
                    _ => Err(unexpected()),
                }
            }
        }
    }

    /// The orders or pushes a command names that this store does not have (such a command is
    /// refused whole), or `None` when all of them exist.
    pub fn unknown_items(&self, cmd: &Command) -> Result<Option<UnknownItems>, EngineError> {
        match &self.inner {
            Inner::Local { engine, .. } => Ok(unknown_items(&engine.store, cmd)?),
            Inner::Remote(c) => match c.call_blocking(Request::UnknownItems { command: cmd.clone() })? {
                Response::Unknown { unknown } => Ok(unknown),
                _ => Err(unexpected()),
            },
        }
    }

    /// A page of open mismatch lines.
    pub fn mismatches(&self, offset: usize, limit: usize) -> Result<Vec<MismatchRow>, EngineError> {
        match &self.inner {
            Inner::Local { engine, .. } => Ok(engine.store.mismatches(offset, limit)?),
            Inner::Remote(c) => match c.call_blocking(Request::Mismatches { offset, limit })? {
                Response::Mismatches { rows } => Ok(rows),
                _ => Err(unexpected()),
            },
        }
    }

    /// Near-miss candidates for an open mismatch line (never applied by themselves).
    pub fn suggestions(
        &self,
        row: &MismatchRow,
        limit: usize,
    ) -> Result<Vec<crate::domain::mapping::Suggestion>, EngineError> {
        match &self.inner {
            Inner::Local { engine, .. } => {
                let Some(code) = &row.code else {
                    return Ok(Vec::new());
                };
                let Some(shop) = engine.store.get_shop(&row.key.shop)? else {
                    return Ok(Vec::new());
                };
                let cands = engine.store.candidates(shop.site)?;
                Ok(crate::domain::mapping::suggest(code, &cands, limit))
            }
            Inner::Remote(c) => {
                let req = Request::Suggestions {
                    row: row.clone(),
                    limit,
                };
                match c.call_blocking(req)? {
                    Response::Suggestions { suggestions } => Ok(suggestions),
                    _ => Err(unexpected()),
                }
            }
        }
    }

    /// Pushes, newest first, optionally only those in one state.
    pub fn pushes(&self, state: Option<&str>, offset: usize, limit: usize) -> Result<Vec<Push>, EngineError> {
        match &self.inner {
            Inner::Local { engine, .. } => {
                Ok(engine
                    .store
                    .list_pushes(|p| state.is_none_or(|s| p.state.label() == s), offset, limit)?)
            }
            Inner::Remote(c) => {
                let req = Request::Pushes {
                    state: state.map(str::to_string),
                    offset,
                    limit,
                };
                match c.call_blocking(req)? {
                    Response::Pushes { pushes } => Ok(pushes),
                    _ => Err(unexpected()),
                }
            }
        }
    }

    /// The shops, as shown.
    pub fn shops(&self) -> Result<Vec<ShopView>, EngineError> {
        match &self.inner {
            Inner::Local { engine, .. } => Ok(engine.store.list_shops()?.iter().map(|s| s.view()).collect()),
            Inner::Remote(c) => match c.call_blocking(Request::Shops)? {
                Response::Shops { shops } => Ok(shops),
                _ => Err(unexpected()),
            },
        }
    }

    /// The engine at a glance.
    pub fn status(&self) -> Result<EngineStatus, EngineError> {
        match &self.inner {
            Inner::Local { engine, .. } => engine.status(),
            Inner::Remote(c) => match c.call_blocking(Request::Status)? {
                Response::Status { status } => Ok(status),
                _ => Err(unexpected()),
            },
        }
    }

    /// Audit entries, newest first.
    pub fn audit(&self, q: &AuditQuery) -> Result<Vec<AuditEntry>, EngineError> {
        match &self.inner {
            Inner::Local { engine, .. } => Ok(engine.store.audit_query(q)?),
            Inner::Remote(c) => match c.call_blocking(Request::Audit { query: q.clone() })? {
                Response::Audit { entries } => Ok(entries),
                _ => Err(unexpected()),
            },
        }
    }

    /// Lets the outbox work for up to `wait` (until nothing more is due in that time). In-process
    /// (a CLI command with no engine running elsewhere) this sends the pushes itself; over the
    /// link the engine's own outbox sends them and this waits for it.
    pub async fn drain(&self, wait: Duration) -> Result<Drained, EngineError> {
        match &self.inner {
            Inner::Local { engine, .. } => drain_here(engine, wait).await,
            Inner::Remote(c) => {
                let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
                match c.call(Request::Drain { wait_ms }).await? {
                    Response::Drained { drained } => Ok(drained),
                    _ => Err(unexpected()),
                }
            }
        }
    }
}

fn unexpected() -> EngineError {
    EngineError::Link("the engine answered something else than was asked".into())
}

/// Orders or pushes a command names that the store does not have.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnknownItems {
    /// True for push ids (`#N`), false for order keys (`SHOP/ORDER`).
    pub pushes: bool,
    /// Every unknown one, as given.
    pub items: Vec<String>,
}

/// The store side of [`EngineHandle::unknown_items`].
fn unknown_items(store: &Store, cmd: &Command) -> Result<Option<UnknownItems>, StoreError> {
    let (pushes, items) = match cmd {
        Command::RetryPushes { ids } => {
            let mut missing = Vec::new();
            for id in ids {
                if store.get_push(*id)?.is_none() {
                    missing.push(format!("#{id}"));
                }
            }
            (true, missing)
        }
        Command::ConfirmOrders { keys } | Command::PrintWaybills { keys } => {
            (false, missing_orders(store, keys)?)
        }
        Command::AcceptSiteShipment { key } => (false, missing_orders(store, std::slice::from_ref(key))?),
        _ => return Ok(None),
    };
    Ok((!items.is_empty()).then_some(UnknownItems { pushes, items }))
}

fn missing_orders(store: &Store, keys: &[crate::domain::OrderKey]) -> Result<Vec<String>, StoreError> {
    let mut missing = Vec::new();
    for key in keys {
        if store.get_order(key)?.is_none() {
            missing.push(key.to_string());
        }
    }
    Ok(missing)
}

/// Runs the outbox of an engine in this process until nothing is due before `wait` runs out.
async fn drain_here(engine: &Engine, wait: Duration) -> Result<Drained, EngineError> {
    let deadline = Instant::now() + wait;
    let mut total = Drained::default();
    loop {
        let round = engine.run_outbox_once().await?;
        total.add(&round);
        let Some(next) = engine.store.next_due()? else {
            break;
        };
        let until = Duration::try_from(next.duration_since(engine.now())).unwrap_or(Duration::ZERO);
        if Instant::now() + until > deadline {
            break;
        }
        tokio::time::sleep(until.max(Duration::from_millis(10))).await;
    }
    total.pending = engine.store.pending_push_count() as u64;
    total.failed_total = engine.store.failed_push_count()?;
    Ok(total)
}

/// Waits up to `wait` for the outbox of an engine whose own loops send it (the service), counting
/// what the pushes' attempts ended in meanwhile.
pub async fn wait_outbox(engine: &Engine, wait: Duration) -> Result<Drained, EngineError> {
    let deadline = tokio::time::Instant::now() + wait;
    let mut events = engine.subscribe();
    let mut total = Drained::default();
    loop {
        if engine.store.pending_push_count() == 0 {
            break;
        }
        let ev = tokio::select! {
            ev = events.recv() => ev,
            () = tokio::time::sleep_until(deadline) => break,
            () = tokio::time::sleep(Duration::from_millis(200)) => continue,
        };
        if let Ok(Event::PushResult { push }) = ev {
            match push.state.label() {
                "done" => total.done += 1,
                "failed" => total.failed += 1,
                "dropped" => total.dropped += 1,
                _ => total.retried += 1,
            }
        }
    }
    total.pending = engine.store.pending_push_count() as u64;
    total.failed_total = engine.store.failed_push_count()?;
    Ok(total)
}
