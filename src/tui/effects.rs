//! Effects carried out off the UI task against the `EngineHandle`: loads, searches, commands,
//! the shop form's steps, the clipboard; the answers come back to `update` as messages.

use std::io::{self, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::input::UiTx;
use super::model::{Model, FILTER_CAP};
use super::msg::{CommandKind, Data, Effect, Msg, OrdersList};
use super::queries::{orders_page, refresh_all, search_orders};
use crate::engine::{Actor, Command, EngineHandle};

/// How long a filter must stay unchanged before the whole tab is searched for it: keys typed
/// faster than this never wait behind a search (the rows in memory are filtered at once).
pub const SEARCH_PAUSE: Duration = Duration::from_millis(100);

/// Carries out effects off the UI task and sends the answers back as messages.
pub struct Executor {
    handle: EngineHandle,
    tx: UiTx,
    refreshing: bool,
    refresh_again: bool,
    refresh_pending: bool,
    orders_in_flight: Option<(OrdersList, u64, u64)>,
    /// Bumped by every orders load; a search still running stops when it is no longer the latest.
    generation: Arc<AtomicU64>,
    /// The search index is to be read ahead once the first refresh has landed.
    warm_pending: bool,
    /// When the last key came (`KeyClock`): the read-ahead waits while keys are coming.
    keys: KeyClock,
}

/// How long after a key the read-ahead of the search index stays paused.
pub const KEY_QUIET: Duration = Duration::from_millis(250);

/// When the last key came, shared with the read-ahead thread.
#[derive(Clone)]
struct KeyClock {
    epoch: std::time::Instant,
    /// Milliseconds from `epoch` to the last key (0: none yet).
    last: Arc<AtomicU64>,
}

impl KeyClock {
    fn new() -> KeyClock {
        KeyClock {
            epoch: std::time::Instant::now(),
            last: Arc::new(AtomicU64::new(0)),
        }
    }

    fn now_ms(&self) -> u64 {
        self.epoch.elapsed().as_millis() as u64 + 1
    }

    fn key(&self) {
        self.last.store(self.now_ms(), Ordering::Relaxed);
    }

    /// Returns once no key has come for `KEY_QUIET` (at once if none came lately): true, or
    /// false as soon as `open` turns false (looked at every 50 ms while waiting), so that a
    /// closing dashboard is never held by the wait.
    fn wait_quiet(&self, open: &dyn Fn() -> bool) -> bool {
        loop {
            if !open() {
                return false;
            }
            let since = self.now_ms().saturating_sub(self.last.load(Ordering::Relaxed));
            let quiet = KEY_QUIET.as_millis() as u64;
            if since >= quiet {
                return true;
            }
            std::thread::sleep(Duration::from_millis((quiet - since).min(50)));
        }
    }
}

impl Executor {
    /// An executor sending its answers on `tx`.
    pub fn new(handle: EngineHandle, tx: UiTx) -> Executor {
        Executor {
            handle,
            tx,
            refreshing: false,
            refresh_again: false,
            refresh_pending: false,
            orders_in_flight: None,
            generation: Arc::new(AtomicU64::new(0)),
            warm_pending: false,
            keys: KeyClock::new(),
        }
    }

    /// Looks at a message before `update`; true when it was the runner's own bookkeeping.
    pub fn observe(&mut self, msg: &Msg) -> bool {
        match msg {
            Msg::Key(_) => {
                self.keys.key();
                false
            }
            Msg::Data(Data::RefreshDone) => {
                self.refreshing = false;
                if std::mem::take(&mut self.warm_pending) {
                    self.warm_search();
                }
                if std::mem::take(&mut self.refresh_again) {
                    self.refresh_pending = true;
                }
                true
            }
            Msg::Data(Data::Orders { .. }) => {
                self.orders_in_flight = None;
                false
            }
            _ => false,
        }
    }

    /// Carries out the effects of one batch of messages (and a refresh if one is due).
    pub fn run(&mut self, effects: Vec<Effect>, model: &Model) {
        let mut refresh = std::mem::take(&mut self.refresh_pending);
        let mut suggest = Vec::new();
        for e in effects {
            match e {
                Effect::Refresh => refresh = true,
                Effect::LoadOrders { list, offset, limit } => self.load_orders(list, offset, limit),
                Effect::LoadSuggestions(item) => suggest.push(item),
                Effect::CountSelection { selection, keys } => {
                    let (h, tx) = (self.handle.clone(), self.tx.clone());
                    super::background::spawn(move || {
                        let msg = match h.count_selection(&selection, &keys) {
                            Ok(c) => Data::SelectionCounts(c),
                            Err(e) => Data::Failed(e.to_string()),
                        };
                        let _ = tx.send(Msg::Data(msg));
                    });
                }
                Effect::Execute(kind, cmd) => self.execute(kind, *cmd),
                Effect::ShopSetup { spec, name, login } => {
                    let (h, tx) = (self.handle.clone(), self.tx.clone());
                    tokio::spawn(shop_setup(h, tx, spec.map(|s| *s), name, login));
                }
                Effect::Copy(text) => {
                    let mut out = io::stdout();
                    let bytes = super::clipboard::osc52(&text, super::clipboard::in_tmux());
                    if let Err(e) = out.write_all(&bytes).and_then(|()| out.flush()) {
                        tracing::warn!("cannot write the clipboard sequence: {e}");
                    }
                }
                Effect::LoadAudit { user } => {
                    let (h, tx) = (self.handle.clone(), self.tx.clone());
                    super::background::spawn(move || {
                        let q = crate::store::audit::AuditQuery {
                            since: None,
                            user,
                            limit: 500,
                        };
                        let msg = match h.audit(&q) {
                            Ok(entries) => Data::Audit(entries),
                            Err(e) => Data::Failed(e.to_string()),
                        };
                        let _ = tx.send(Msg::Data(msg));
                    });
                }
                Effect::Quit => {}
            }
        }
        if refresh {
            self.refresh(model);
        }
        if !suggest.is_empty() {
            // One pass per line over the site's catalogue: one thread for all the lines on screen.
            let (h, tx) = (self.handle.clone(), self.tx.clone());
            super::background::spawn(move || {
                for item in suggest {
                    let msg = match h.suggestions(&item.row, 5) {
                        Ok(s) => Data::Suggestions(item.id(), s),
                        Err(e) => Data::Failed(e.to_string()),
                    };
                    let _ = tx.send(Msg::Data(msg));
                }
            });
        }
    }

    /// Runs a command in the engine; its result comes back as `Msg::Done`.
    fn execute(&self, kind: CommandKind, cmd: Command) {
        let (h, tx) = (self.handle.clone(), self.tx.clone());
        tokio::spawn(async move {
            let r = h.execute(&Actor::local(), cmd).await;
            let _ = tx.send(Msg::Done {
                what: kind,
                result: r.map_err(|e| e.to_string()),
            });
        });
    }

    fn load_orders(&mut self, list: OrdersList, offset: u64, limit: u64) {
        let want = (list.clone(), offset, limit);
        if self.orders_in_flight.as_ref() == Some(&want) {
            return;
        }
        self.orders_in_flight = Some(want);
        // A newer load makes any search still running useless: it stops at its next check.
        let generation = self.generation.fetch_add(1, Ordering::Relaxed) + 1;
        let current = self.generation.clone();
        let (h, tx) = (self.handle.clone(), self.tx.clone());
        if list.filter.is_empty() {
            super::background::spawn(move || {
                let _ = tx.send(Msg::Data(orders_page(&h, list, offset, limit)));
            });
        } else {
            // A whole-tab search is long: it starts once typing pauses (a newer load before then
            // means it never starts), on its own thread, below the keys' frames.
            tokio::spawn(async move {
                tokio::time::sleep(SEARCH_PAUSE).await;
                if current.load(Ordering::Relaxed) != generation {
                    return;
                }
                super::background::spawn(move || {
                    if let Some(d) =
                        search_orders(&h, list, &|| current.load(Ordering::Relaxed) == generation)
                    {
                        let _ = tx.send(Msg::Data(d));
                    }
                });
            });
        }
    }

    /// Reads the store's search index into the cache at low priority once the first refresh has
    /// landed (the first frame with data never waits behind it) and only while no key is coming
    /// (it pauses for `KEY_QUIET` after each), so that the first filter after opening answers as
    /// fast as later ones; stops when the dashboard closes.
    pub fn warm_search_after_refresh(&mut self) {
        self.warm_pending = true;
    }

    fn warm_search(&self) {
        let (h, tx, keys) = (self.handle.clone(), self.tx.clone(), self.keys.clone());
        super::background::spawn(move || {
            let t = std::time::Instant::now();
            match read_ahead(&h, &tx, &keys) {
                Ok(n) => tracing::info!(
                    entries = n,
                    ms = t.elapsed().as_millis() as u64,
                    "search index read ahead of the first filter"
                ),
                Err(e) => tracing::warn!("cannot read the search index ahead: {e}"),
            }
        });
    }

    /// Reloads everything shown (coalesced: at most one refresh runs, at most ~10 a second).
    pub fn refresh(&mut self, model: &Model) {
        if self.refreshing {
            self.refresh_again = true;
            return;
        }
        self.refreshing = true;
        let (h, tx) = (self.handle.clone(), self.tx.clone());
        let o = &model.orders;
        let page = model.page() as u64;
        // With a filter the tab is searched again (one search at a time); else the window reloads.
        let window = if o.filtering() {
            self.load_orders(o.list(), 0, FILTER_CAP);
            None
        } else {
            Some((o.list(), (o.sel.scroll as u64).saturating_sub(page), page * 3))
        };
        super::background::spawn(move || {
            for d in refresh_all(&h, window) {
                let _ = tx.send(Msg::Data(d));
            }
            // The store is let go before the pause: the last handle closes it (`store::closing`).
            drop(h);
            std::thread::sleep(Duration::from_millis(100));
            let _ = tx.send(Msg::Data(Data::RefreshDone));
        });
    }
}

/// The read-ahead of the search index (on its thread): paused while keys come, ended when the
/// dashboard closes. Answers the entries read.
fn read_ahead(h: &EngineHandle, tx: &UiTx, keys: &KeyClock) -> Result<u64, crate::engine::EngineError> {
    h.warm_search(&|| keys.wait_quiet(&|| tx.is_open()))
}

/// The shop form's steps: add (unless saved), renew the key with a login (if given), test. Each
/// step's result is sent back; a failed step ends the sequence.
async fn shop_setup(
    h: EngineHandle,
    tx: UiTx,
    spec: Option<crate::domain::shop::ShopSpec>,
    name: String,
    login: Option<crate::market::SellerLogin>,
) {
    let actor = Actor::local();
    let step = |what: CommandKind, r: Result<crate::engine::CommandResult, crate::engine::EngineError>| {
        let ok = r.is_ok();
        let _ = tx.send(Msg::Done {
            what,
            result: r.map_err(|e| e.to_string()),
        });
        ok
    };
    if let Some(spec) = spec {
        if !step(
            CommandKind::AddShop,
            h.execute(&actor, Command::AddShop { spec }).await,
        ) {
            return;
        }
    }
    let shop = match crate::domain::ShopName::new(&name) {
        Ok(s) => s,
        Err(e) => {
            step(
                CommandKind::TestShop,
                Err(crate::engine::EngineError::Invalid(e.to_string())),
            );
            return;
        }
    };
    if let Some(login) = login {
        let cmd = Command::RenewShopKey {
            shop: shop.clone(),
            login: Some(login),
        };
        if !step(CommandKind::RenewKey, h.execute(&actor, cmd).await) {
            return;
        }
    }
    step(
        CommandKind::TestShop,
        h.execute(&actor, Command::TestShop { shop }).await,
    );
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;
    use crate::config::Config;
    use crate::domain::StatusKey;
    use crate::engine::{Engine, EngineOptions};
    use crate::market::SystemClock;
    use crate::store::{OrderSort, Store};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    /// A local engine on the store at `dir`.
    fn local(dir: &std::path::Path) -> EngineHandle {
        let store = Store::open(dir).unwrap();
        let engine = Engine::new(
            store,
            Config::default(),
            Arc::new(SystemClock),
            EngineOptions::fast(),
        )
        .unwrap();
        EngineHandle::local(Arc::new(engine))
    }

    fn list(filter: &str) -> OrdersList {
        OrdersList {
            status: StatusKey::Collected,
            sort: OrderSort::default(),
            filter: filter.to_string(),
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_search_index_is_read_ahead_after_the_first_refresh_until_the_dashboard_closes() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("db");
        crate::cli::bench::generate(&dir, 3000, 1000, 0).unwrap();
        let h = local(&dir);
        let (tx, rx) = UiTx::for_tests();
        let mut exec = Executor::new(h.clone(), tx.clone());
        exec.warm_search_after_refresh();
        assert!(exec.warm_pending, "not before the first refresh has landed");
        assert!(exec.observe(&Msg::Data(Data::RefreshDone)));
        assert!(!exec.warm_pending, "started when it landed");
        // The read-ahead: every entry while the dashboard is open, after keys have paused ...
        assert!(!exec.observe(&Msg::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE))));
        let t = std::time::Instant::now();
        assert_eq!(read_ahead(&h, &tx, &exec.keys).unwrap(), 3000);
        assert!(
            t.elapsed() >= KEY_QUIET - Duration::from_millis(5),
            "{:?}",
            t.elapsed()
        );
        // ... and nothing once it has closed, at once even in a key's pause.
        exec.observe(&Msg::Key(KeyEvent::new(KeyCode::Char('k'), KeyModifiers::NONE)));
        drop(rx);
        let t = std::time::Instant::now();
        assert_eq!(read_ahead(&h, &tx, &exec.keys).unwrap(), 0);
        assert!(t.elapsed() < KEY_QUIET / 2, "{:?}", t.elapsed());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_filter_typed_key_by_key_searches_the_tab_once_for_the_last_text() {
        let tmp = tempfile::tempdir().unwrap();
        let (tx, mut rx) = UiTx::for_tests();
        let mut exec = Executor::new(local(&tmp.path().join("db")), tx);
        // Typed faster than the pause: only the last text is searched.
        for text in ["B", "B0", "B00"] {
            exec.load_orders(list(text), 0, 100);
        }
        let mut searched = Vec::new();
        let deadline = tokio::time::Instant::now() + SEARCH_PAUSE * 20;
        while let Ok(Some(msg)) = tokio::time::timeout_at(deadline, rx.recv()).await {
            if let Msg::Data(Data::Orders { list, .. }) = msg {
                searched.push(list.filter);
            }
        }
        assert_eq!(searched, vec!["B00".to_string()]);
        // After a pause, a new text is searched as well.
        tokio::time::sleep(SEARCH_PAUSE).await;
        exec.load_orders(list("B001"), 0, 100);
        let msg = tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .unwrap()
            .unwrap();
        assert!(matches!(msg, Msg::Data(Data::Orders { list, .. }) if list.filter == "B001"));
    }
}
