//! The sync engine: pulls each shop's collectable orders, maps lines to SKUs, applies the shop
//! options, and sends every outbound call through a durable outbox. `EngineHandle` is the one
//! interface the dashboard and the CLI use.

mod accept;
pub mod api;
pub mod bulk;
pub mod caller;
mod commands;
pub mod handle;
pub mod ingest;
pub mod outbox;
mod pull;
mod renew;
pub mod rules;
pub mod ship_check;
mod skus;
pub mod supervisor;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::broadcast;

pub use api::*;
pub use caller::{Caller, ClientDetail, Role};
pub use handle::EngineHandle;

use crate::config::Config;
use crate::domain::shop::ShopHealth;
use crate::domain::{Shop, ShopName};
use crate::market::{self, AdapterContext, Clock, Http, HttpOptions, MarketError, Marketplace};
use crate::store::{Store, StoreError};

/// How the engine runs.
#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// HTTP timeouts, retries and rate spacing.
    pub http: HttpOptions,
    /// Attempts before a push is marked failed.
    pub push_max_attempts: u32,
    /// First backoff step of a push retry (doubled per attempt, full jitter).
    pub push_backoff_base: Duration,
    /// Longest wait between two attempts of a push.
    pub push_backoff_max: Duration,
    /// How far back the first pull of a shop reaches.
    pub first_lookback: jiff::SignedDuration,
    /// Scheduled pulls reach back to the oldest open order, but no further than this.
    pub open_sweep: jiff::SignedDuration,
    /// Tries of one listing piece (reads are safe to repeat) before the pull reports it failed.
    pub piece_attempts: u32,
    /// Pull windows are ingested and made durable in pieces of at most this length.
    pub pull_piece: jiff::SignedDuration,
    /// How long pushes of a shop whose credentials were refused wait before being looked at again.
    pub auth_wait: Duration,
    /// Pull every shop this often instead of at its own interval (the demo: seconds).
    pub pull_every: Option<Duration>,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            http: HttpOptions::default(),
            push_max_attempts: 8,
            push_backoff_base: Duration::from_secs(2),
            push_backoff_max: Duration::from_secs(600),
            first_lookback: jiff::SignedDuration::from_hours(24 * 3),
            open_sweep: jiff::SignedDuration::from_hours(24 * 14),
            piece_attempts: 3,
            pull_piece: jiff::SignedDuration::from_hours(24),
            auth_wait: Duration::from_secs(60),
            pull_every: None,
        }
    }
}

impl EngineOptions {
    /// Short timeouts and waits, for tests and the demo against the local simulator.
    pub fn fast() -> EngineOptions {
        EngineOptions {
            http: HttpOptions::fast(),
            push_max_attempts: 12,
            push_backoff_base: Duration::from_millis(20),
            push_backoff_max: Duration::from_millis(300),
            auth_wait: Duration::from_millis(500),
            ..EngineOptions::default()
        }
    }
}

/// Why an engine operation failed.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A site call failed.
    #[error("{shop}: {source}")]
    Market {
        /// The shop.
        shop: String,
        /// The failure.
        source: MarketError,
    },
    /// The request itself is wrong (unknown shop, order in the wrong state…).
    #[error("{0}")]
    Invalid(String),
    /// The caller's role does not allow it (decided by the engine).
    #[error("{0}")]
    Forbidden(String),
    /// The link to an engine in another process failed.
    #[error("engine link: {0}")]
    Link(String),
}

/// An adapter and the shop record it was built from (rebuilt when that changes).
type CachedAdapter = (Shop, Arc<dyn Marketplace>);

/// The engine. One per database; shared behind an `Arc`.
pub struct Engine {
    pub(crate) store: Store,
    pub(crate) opts: EngineOptions,
    ctx: AdapterContext,
    events: broadcast::Sender<Event>,
    /// Serialises every read-modify-write of orders, pushes and SKUs (site calls happen outside it).
    pub(crate) write: tokio::sync::Mutex<()>,
    adapters: Mutex<HashMap<ShopName, CachedAdapter>>,
    last_pull: Mutex<Option<jiff::Timestamp>>,
    /// Running bulk confirmations by job id.
    bulk: Mutex<std::collections::BTreeMap<u64, bulk::BulkJob>>,
    /// The last bulk job id given out.
    bulk_next: std::sync::atomic::AtomicU64,
    /// Pushes handed to a site call right now (a cancel leaves them to finish).
    sending: Mutex<std::collections::BTreeSet<u64>>,
}

impl Engine {
    /// An engine over an open store.
    pub fn new(
        store: Store,
        config: Config,
        clock: Arc<dyn Clock>,
        opts: EngineOptions,
    ) -> Result<Engine, EngineError> {
        let http = Http::new(opts.http.clone()).map_err(|source| EngineError::Market {
            shop: "-".into(),
            source,
        })?;
        let (events, _) = broadcast::channel(4096);
        Ok(Engine {
            store,
            ctx: AdapterContext {
                http,
                config: Arc::new(config),
                clock,
            },
            opts,
            events,
            write: tokio::sync::Mutex::new(()),
            adapters: Mutex::new(HashMap::new()),
            last_pull: Mutex::new(None),
            bulk: Mutex::new(std::collections::BTreeMap::new()),
            bulk_next: std::sync::atomic::AtomicU64::new(0),
            sending: Mutex::new(std::collections::BTreeSet::new()),
        })
    }

    /// The store (read-only use by queries).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Now, from the engine's clock.
    pub fn now(&self) -> jiff::Timestamp {
        self.ctx.clock.now()
    }

    /// Subscribes to events.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.events.subscribe()
    }

    pub(crate) fn emit(&self, e: Event) {
        // No subscriber is fine.
        let _ = self.events.send(e);
    }

    /// The adapter of a shop, rebuilt when the shop's connection settings changed.
    pub(crate) fn adapter(&self, shop: &Shop) -> Result<Arc<dyn Marketplace>, MarketError> {
        let mut map = self.adapters.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((built_for, a)) = map.get(&shop.name) {
            if built_for.credentials == shop.credentials
                && built_for.api_base == shop.api_base
                && built_for.site == shop.site
            {
                return Ok(a.clone());
            }
        }
        let a: Arc<dyn Marketplace> = Arc::from(market::adapter_for(shop, &self.ctx)?);
        map.insert(shop.name.clone(), (shop.clone(), a.clone()));
        Ok(a)
    }

    /// A shop by name, or an error naming it.
    pub(crate) fn shop(&self, name: &ShopName) -> Result<Shop, EngineError> {
        self.store
            .get_shop(name)?
            .ok_or_else(|| EngineError::Invalid(format!("no shop named `{name}`")))
    }

    /// Records a shop's health (and tells clients when it changed).
    pub(crate) fn set_health(&self, name: &ShopName, health: ShopHealth) -> Result<(), EngineError> {
        if let Some(mut shop) = self.store.get_shop(name)? {
            let changed = std::mem::discriminant(&shop.health) != std::mem::discriminant(&health);
            shop.health = health.clone();
            self.store.put_shop(&shop)?;
            if changed {
                self.emit(Event::ShopHealth {
                    shop: name.clone(),
                    health,
                });
            }
        }
        Ok(())
    }

    /// The health a site failure puts a shop in; auth failures stop its traffic.
    pub(crate) fn health_for(&self, e: &MarketError) -> ShopHealth {
        let at = self.now();
        match e {
            MarketError::Auth { message } => ShopHealth::AuthFailed {
                at,
                message: message.clone(),
            },
            MarketError::KeyExpired { message } => ShopHealth::AuthFailed {
                at,
                message: format!("{message} (renew the seller key)"),
            },
            other => ShopHealth::Error {
                at,
                message: other.to_string(),
            },
        }
    }

    /// True when a shop's traffic is stopped (credentials refused, or paused by the operator).
    pub(crate) fn stopped(shop: &Shop) -> bool {
        matches!(shop.health, ShopHealth::AuthFailed { .. } | ShopHealth::Paused)
    }

    /// The engine at a glance.
    pub fn status(&self) -> Result<EngineStatus, EngineError> {
        let mut by_status = std::collections::BTreeMap::new();
        for ((_, s), n) in self.store.counts()? {
            *by_status.entry(s).or_default() += n;
        }
        let shops_in_error = self
            .store
            .list_shops()?
            .iter()
            .filter(|s| matches!(s.health, ShopHealth::AuthFailed { .. } | ShopHealth::Error { .. }))
            .count() as u64;
        Ok(EngineStatus {
            last_pull: *self.last_pull.lock().unwrap_or_else(|p| p.into_inner()),
            pending_pushes: self.store.pending_push_count() as u64,
            failed_pushes: self.store.failed_push_count()?,
            shops_in_error,
            mismatches: self.store.mismatch_count()?,
            by_status,
        })
    }
}
