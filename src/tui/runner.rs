//! The runner: sets the terminal up (and restores it, after a panic too), feeds keys, resizes,
//! engine events and a 1 Hz tick into `update`, carries out the effects against the
//! `EngineHandle` off the UI task, and draws once per batch of messages, only when needed.

use std::io::{self, Stdout, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    DisableMouseCapture, Event as TermEvent, KeyCode, KeyEventKind, KeyModifiers,
};
use ratatui::crossterm::terminal::{
    self, BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::crossterm::{cursor, execute, queue};
use ratatui::Terminal;
use tokio::sync::{broadcast, mpsc};

use super::input::TermInput;
use super::keymap::{Action, Key, Keymap};
use super::model::{MismatchItem, Model, OrderRow, FILTER_CAP};
use super::msg::{CommandKind, Data, Effect, Msg, OrdersList, Search};
use super::theme::Theme;
use super::{update, view};
use crate::engine::{Actor, Command, EngineHandle};
use crate::store::{OrderQuery, OrderSort, OrderSortKey};

/// How the dashboard runs.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Where `keymap.toml` may be, first found wins.
    pub keymap_paths: Vec<PathBuf>,
    /// The engine's pull period override (for "next pull" in the Shops pane).
    pub pull_every: Option<Duration>,
    /// What the status bar says while the engine is being opened (e.g. "opening the store at …").
    pub opening_label: String,
    /// Warnings from before the dashboard started (e.g. the config's permissions): shown as
    /// toasts, never printed over the screen. The caller has logged them.
    pub warnings: Vec<String>,
}

/// Restores every terminal mode the dashboard enables. Safe to call more than once.
pub fn restore_terminal() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        EndSynchronizedUpdate,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

/// Restores the terminal when dropped (normal exit, `?` errors, unwinding).
struct RestoreGuard;

impl Drop for RestoreGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Installs a panic hook that restores the terminal, then calls the previous hook.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}

/// Opens the dashboard at once, shows it while `opening` opens the store and the engine (a large
/// store takes a while), then runs it on the handle until the user quits. Quitting while the store
/// is still opening is allowed; an opening that fails is returned as the error.
pub async fn run<F>(opening: F, opts: RunOptions) -> io::Result<()>
where
    F: std::future::Future<Output = Result<EngineHandle, String>>,
{
    let theme = Theme::from_env();
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        // crossterm 0.28 writes a bare SGR reset for colours under NO_COLOR, which would wipe the
        // selection's reverse video; the mono theme uses no colour, so colour output is safe.
        ratatui::crossterm::style::force_color_output(true);
    }
    let (keymap, warnings) = Keymap::load(&opts.keymap_paths);
    install_panic_hook();
    terminal::enable_raw_mode()?;
    let _guard = RestoreGuard;
    execute!(io::stdout(), EnterAlternateScreen, cursor::Hide)?;
    let mut term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = term.size()?;
    let mut model = Model::new(keymap, theme, (size.width, size.height), jiff::Timestamp::now());
    model.pull_every = opts.pull_every;
    model.opening = Some(opts.opening_label.clone());
    for w in warnings {
        tracing::warn!("{w}");
        model.toast(w, true, vec![]);
    }
    for w in &opts.warnings {
        model.toast(format!("warning: {w}"), true, vec![w.clone()]);
    }
    draw(&mut term, &model)?;
    let mut events = TermInput::start();
    let mut opening = std::pin::pin!(opening);
    let handle = loop {
        tokio::select! {
            h = &mut opening => break h.map_err(io::Error::other)?,
            ev = events.next() => match ev {
                Some(Ok(ev)) => {
                    if let Some(msg) = term_msg(ev) {
                        // Only leaving and resizing make sense before there is anything to act on.
                        let leave = matches!(&msg, Msg::Key(k)
                            if model.keymap.action(Key::from_event(k)) == Some(Action::Quit)
                                || (k.code == KeyCode::Char('c')
                                    && k.modifiers.contains(KeyModifiers::CONTROL)));
                        if leave {
                            return Ok(());
                        }
                        if matches!(msg, Msg::Resize(..)) {
                            let _ = update(&mut model, msg);
                            draw(&mut term, &model)?;
                        }
                    }
                }
                Some(Err(e)) => return Err(e),
                None => return Ok(()),
            },
        }
    };
    model.opening = None;
    event_loop(&mut term, events, handle, model).await
}

fn draw(term: &mut Terminal<CrosstermBackend<Stdout>>, model: &Model) -> io::Result<()> {
    queue!(term.backend_mut(), BeginSynchronizedUpdate)?;
    term.draw(|f| view(model, f))?;
    execute!(term.backend_mut(), EndSynchronizedUpdate)
}

async fn event_loop(
    term: &mut Terminal<CrosstermBackend<Stdout>>,
    mut events: TermInput,
    handle: EngineHandle,
    mut model: Model,
) -> io::Result<()> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    let mut engine_rx = handle.subscribe();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut exec = Executor::new(handle, tx);
    exec.refresh(&model);
    draw(term, &model)?;
    loop {
        let mut msgs = Vec::new();
        tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(ev)) => msgs.extend(term_msg(ev)),
                Some(Err(e)) => return Err(e),
                None => return Ok(()),
            },
            r = engine_rx.recv() => match r {
                Ok(e) => msgs.push(Msg::Engine(e)),
                Err(broadcast::error::RecvError::Lagged(_)) => exec.refresh(&model),
                Err(broadcast::error::RecvError::Closed) => {}
            },
            Some(m) = rx.recv() => msgs.push(m),
            _ = tick.tick() => msgs.push(Msg::Tick(jiff::Timestamp::now())),
        }
        // Drain whatever else is ready, then draw once.
        while let Ok(m) = rx.try_recv() {
            msgs.push(m);
        }
        loop {
            match engine_rx.try_recv() {
                Ok(e) => msgs.push(Msg::Engine(e)),
                Err(broadcast::error::TryRecvError::Lagged(_)) => exec.refresh(&model),
                Err(_) => break,
            }
        }
        while let Some(ev) = events.try_next() {
            msgs.extend(term_msg(ev?));
        }
        let mut dirty = false;
        let mut effects = Vec::new();
        for msg in msgs {
            if exec.observe(&msg) {
                continue;
            }
            dirty = true;
            effects.extend(update(&mut model, msg));
        }
        if model.quit {
            return Ok(());
        }
        // The key's own change first: its frame is drawn before any work it asks for starts.
        if dirty {
            draw(term, &model)?;
        }
        exec.run(effects, &model);
    }
}

/// A terminal event as a message: key presses only (no Release/Repeat), resizes.
fn term_msg(ev: TermEvent) -> Option<Msg> {
    match ev {
        TermEvent::Key(k) if k.kind == KeyEventKind::Press => Some(Msg::Key(k)),
        TermEvent::Resize(w, h) => Some(Msg::Resize(w, h)),
        _ => None,
    }
}

/// Carries out effects off the UI task and sends the answers back as messages.
struct Executor {
    handle: EngineHandle,
    tx: mpsc::UnboundedSender<Msg>,
    refreshing: bool,
    refresh_again: bool,
    refresh_pending: bool,
    orders_in_flight: Option<(OrdersList, u64, u64)>,
    /// Bumped by every orders load; a search still running stops when it is no longer the latest.
    generation: Arc<AtomicU64>,
}

impl Executor {
    fn new(handle: EngineHandle, tx: mpsc::UnboundedSender<Msg>) -> Executor {
        Executor {
            handle,
            tx,
            refreshing: false,
            refresh_again: false,
            refresh_pending: false,
            orders_in_flight: None,
            generation: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Looks at a message before `update`; true when it was the runner's own bookkeeping.
    fn observe(&mut self, msg: &Msg) -> bool {
        match msg {
            Msg::Data(Data::RefreshDone) => {
                self.refreshing = false;
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

    fn run(&mut self, effects: Vec<Effect>, model: &Model) {
        let mut refresh = std::mem::take(&mut self.refresh_pending);
        let mut suggest = Vec::new();
        for e in effects {
            match e {
                Effect::Refresh => refresh = true,
                Effect::LoadOrders { list, offset, limit } => self.load_orders(list, offset, limit),
                Effect::LoadSuggestions(item) => suggest.push(item),
                Effect::CountSelection { selection, keys } => {
                    let (h, tx) = (self.handle.clone(), self.tx.clone());
                    tokio::task::spawn_blocking(move || {
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
            tokio::task::spawn_blocking(move || {
                let _ = tx.send(Msg::Data(orders_page(&h, list, offset, limit)));
            });
        } else {
            super::background::spawn(move || {
                if let Some(d) = search_orders(&h, list, &|| current.load(Ordering::Relaxed) == generation) {
                    let _ = tx.send(Msg::Data(d));
                }
            });
        }
    }

    /// Reloads everything shown (coalesced: at most one refresh runs, at most ~10 a second).
    fn refresh(&mut self, model: &Model) {
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
        tokio::task::spawn_blocking(move || {
            for d in refresh_all(&h, window) {
                let _ = tx.send(Msg::Data(d));
            }
            std::thread::sleep(Duration::from_millis(100));
            let _ = tx.send(Msg::Data(Data::RefreshDone));
        });
    }
}

/// The shop form's steps: add (unless saved), renew the key with a login (if given), test. Each
/// step's result is sent back; a failed step ends the sequence.
async fn shop_setup(
    h: EngineHandle,
    tx: mpsc::UnboundedSender<Msg>,
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

/// A page of a list, formatted; with a filter, the matches found by searching the whole tab.
pub fn orders_page(h: &EngineHandle, list: OrdersList, offset: u64, limit: u64) -> Data {
    if !list.filter.is_empty() {
        // Never replaced, so never stopped; the fallback only keeps the types honest.
        return search_orders(h, list, &|| true)
            .unwrap_or_else(|| Data::Failed("the search was stopped".into()));
    }
    match h.orders(&OrderQuery {
        shop: None,
        status: Some(list.status),
        offset,
        limit,
        sort: list.sort,
    }) {
        Ok(p) => Data::Orders {
            list,
            offset,
            total: p.total,
            rows: p.orders.iter().map(OrderRow::from_order).collect(),
            search: None,
        },
        Err(e) => Data::Failed(e.to_string()),
    }
}

/// Searches every order of the list's tab for the filter (newest first, up to `FILTER_CAP`
/// matches), then puts the matches in the list's sort order. Stops early and answers `None` when
/// `go_on` turns false (a newer search replaced this one).
pub fn search_orders(h: &EngineHandle, list: OrdersList, go_on: &dyn Fn() -> bool) -> Option<Data> {
    let q = crate::store::SearchQuery {
        status: list.status,
        shop: None,
        needle: list.filter.clone(),
        cap: FILTER_CAP,
    };
    let hits = match h.search_orders(&q, go_on) {
        Ok(Some(hits)) => hits,
        Ok(None) => return None,
        Err(e) => return Some(Data::Failed(e.to_string())),
    };
    let mut rows: Vec<OrderRow> = hits.orders.iter().map(OrderRow::from_order).collect();
    sort_rows(&mut rows, list.sort);
    Some(Data::Orders {
        offset: 0,
        total: rows.len() as u64,
        rows,
        search: Some(Search {
            scanned: hits.scanned,
            capped: hits.capped,
        }),
        list,
    })
}

/// Puts newest-first rows in a sort order (stable: newest first within a shop or site).
fn sort_rows(rows: &mut [OrderRow], sort: OrderSort) {
    match (sort.by, sort.reverse) {
        (OrderSortKey::Time, false) => {}
        (OrderSortKey::Time, true) => rows.reverse(),
        (OrderSortKey::Shop, rev) => rows.sort_by(|a, b| {
            let o = a.key.shop.cmp(&b.key.shop);
            if rev {
                o.reverse()
            } else {
                o
            }
        }),
        (OrderSortKey::Site, rev) => rows.sort_by(|a, b| {
            let o = (&a.site, &a.key.shop).cmp(&(&b.site, &b.key.shop));
            if rev {
                o.reverse()
            } else {
                o
            }
        }),
    }
}

/// Everything a refresh loads: status, shops, mismatches, pushes, and the orders window
/// `(list, offset, limit)` when one is given. Suggestions are not among them: they are asked for
/// the mismatch lines on screen only, once each (they cost a pass over the site's catalogue).
pub fn refresh_all(h: &EngineHandle, window: Option<(OrdersList, u64, u64)>) -> Vec<Data> {
    let mut out = Vec::new();
    match h.status() {
        Ok(s) => out.push(Data::Status(s)),
        Err(e) => out.push(Data::Failed(e.to_string())),
    }
    let shops = h.shops().unwrap_or_default();
    let site_of = |name: &str| shops.iter().find(|s| s.name == name).map(|s| s.site);
    match h.mismatches(0, 500) {
        Ok(rows) => {
            let items: Vec<MismatchItem> = rows
                .into_iter()
                .map(|row| MismatchItem {
                    site: site_of(row.key.shop.as_str()),
                    row,
                })
                .collect();
            out.push(Data::Mismatches(items));
        }
        Err(e) => out.push(Data::Failed(e.to_string())),
    }
    out.push(Data::Shops(shops));
    match h.pushes(None, 0, 1000) {
        Ok(mut p) => {
            p.sort_by_key(|p| std::cmp::Reverse(p.id));
            out.push(Data::Pushes(p));
        }
        Err(e) => out.push(Data::Failed(e.to_string())),
    }
    if let Some((list, offset, limit)) = window {
        out.push(orders_page(h, list, offset, limit));
    }
    out
}
