//! The supervisor: one pull loop per shop with automatic order integration on, at the shop's
//! interval, and the outbox worker; shops added, changed or removed are picked up as they come.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util_shim::CancellationToken;

use super::Engine;
use crate::domain::ShopName;

/// A tiny cancellation token (a watch channel), enough for the supervisor's loops.
mod tokio_util_shim {
    /// Cancels every clone at once.
    #[derive(Clone)]
    pub struct CancellationToken(
        tokio::sync::watch::Sender<bool>,
        tokio::sync::watch::Receiver<bool>,
    );

    impl CancellationToken {
        /// A new token.
        pub fn new() -> Self {
            let (tx, rx) = tokio::sync::watch::channel(false);
            CancellationToken(tx, rx)
        }
        /// Cancels.
        pub fn cancel(&self) {
            let _ = self.0.send(true);
        }
        /// Waits until cancelled.
        pub async fn cancelled(&self) {
            let mut rx = self.1.clone();
            while !*rx.borrow() {
                if rx.changed().await.is_err() {
                    return;
                }
            }
        }
    }
}

/// What sending the outbox did, summed over rounds (the `--wait` of CLI commands).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Drained {
    /// Pushes the site accepted (or had already applied).
    pub done: u64,
    /// Pushes given up on in these rounds.
    pub failed: u64,
    /// Attempts that will be retried.
    pub retried: u64,
    /// Pushes no longer needed.
    pub dropped: u64,
    /// Pushes still pending at the end.
    pub pending: u64,
    /// Failed pushes in the store at the end (this run's and earlier ones).
    pub failed_total: u64,
}

impl Drained {
    /// Adds a round.
    pub fn add(&mut self, r: &super::outbox::OutboxRound) {
        self.done += r.done;
        self.failed += r.failed;
        self.retried += r.retried;
        self.dropped += r.dropped;
    }
}

/// Runs the engine's loops until `stop` resolves.
pub async fn run(engine: Arc<Engine>, stop: impl std::future::Future<Output = ()>) {
    let token = CancellationToken::new();
    let outbox = {
        let engine = engine.clone();
        let token = token.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = engine.run_outbox_once().await {
                    tracing::error!("outbox: {e}");
                }
                let wait = match engine.store.next_due() {
                    Ok(Some(due)) => {
                        let d = due.duration_since(engine.now());
                        Duration::try_from(d)
                            .unwrap_or(Duration::ZERO)
                            .clamp(Duration::from_millis(20), Duration::from_secs(1))
                    }
                    _ => Duration::from_millis(500),
                };
                tokio::select! {
                    () = token.cancelled() => return,
                    () = tokio::time::sleep(wait) => {}
                }
            }
        })
    };
    let mut pulls: HashMap<ShopName, (u32, JoinHandle<()>)> = HashMap::new();
    tokio::pin!(stop);
    loop {
        // Start, restart (interval changed) or stop pull loops to match the shops.
        match engine.store.list_shops() {
            Ok(shops) => {
                let wanted: HashMap<ShopName, u32> = shops
                    .iter()
                    .filter(|s| s.options.order_integration)
                    .map(|s| (s.name.clone(), s.schedule.interval_minutes.max(1)))
                    .collect();
                pulls.retain(|name, (interval, task)| {
                    let keep = wanted.get(name) == Some(interval);
                    if !keep {
                        task.abort();
                    }
                    keep
                });
                for (name, interval) in wanted {
                    if pulls.contains_key(&name) {
                        continue;
                    }
                    let engine = engine.clone();
                    let token = token.clone();
                    let n = name.clone();
                    let every = engine
                        .opts
                        .pull_every
                        .unwrap_or(Duration::from_secs(u64::from(interval) * 60));
                    let task = tokio::spawn(async move {
                        loop {
                            if let Err(e) = engine.pull_shop(&n, None).await {
                                tracing::error!(shop = %n, "pull: {e}");
                            }
                            tokio::select! {
                                () = token.cancelled() => return,
                                () = tokio::time::sleep(every) => {}
                            }
                        }
                    });
                    pulls.insert(name, (interval, task));
                }
            }
            Err(e) => tracing::error!("supervisor: cannot list shops: {e}"),
        }
        tokio::select! {
            () = &mut stop => break,
            () = tokio::time::sleep(Duration::from_secs(2)) => {}
        }
    }
    token.cancel();
    for (_, (_, t)) in pulls {
        t.abort();
    }
    let _ = outbox.await;
}
