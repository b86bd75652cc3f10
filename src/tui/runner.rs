//! The runner: opens the terminal (`terminal`), feeds keys, resizes, engine events and a 1 Hz tick
//! into `update`, hands the effects to the executor (`effects`, whose reads are in `queries`),
//! and draws once per batch of messages, only when needed.

use std::io;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use tokio::sync::broadcast;

use super::effects::Executor;
use super::input::{UiInput, UiTx};
use super::keymap::{Action, Key, Keymap};
use super::model::Model;
use super::msg::Msg;
use super::terminal::{draw, term_msg, Term};
use super::theme::Theme;
use super::update;
use crate::engine::EngineHandle;

/// How often relative times are redrawn.
const TICK: Duration = Duration::from_secs(1);

/// How often keys are looked at while the store opens.
const OPENING_KEY_CHECK: Duration = Duration::from_millis(15);

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
    let (mut term, _guard) = super::terminal::enter()?;
    let size = term.size()?;
    let mut model = Model::new(keymap, theme, (size.width, size.height), jiff::Timestamp::now());
    model.pull_every = opts.pull_every;
    model.opening = Some(opts.opening_label.clone());
    for w in warnings {
        tracing::warn!("{w}");
        model.toast(w, true, vec![]);
    }
    for w in &opts.warnings {
        model.toast(crate::tr!("toast-warning", warning = w), true, vec![w.clone()]);
    }
    draw(&mut term, &model)?;
    let (mut input, ui_tx) = UiInput::new()?;
    let mut opening = std::pin::pin!(opening);
    let handle = loop {
        // Keys are looked at every few milliseconds while the store opens: only leaving and
        // resizing make sense before there is anything to act on.
        if let Ok(h) = tokio::time::timeout(OPENING_KEY_CHECK, &mut opening).await {
            break h.map_err(io::Error::other)?;
        }
        for ev in input.terminal_events()? {
            let Some(msg) = term_msg(ev) else { continue };
            let leave = matches!(&msg, Msg::Key(k)
                if model.keymap.action(Key::from_event(k)) == Some(Action::Quit)
                    || (k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL)));
            if leave {
                return Ok(());
            }
            if matches!(msg, Msg::Resize(..)) {
                let _ = update(&mut model, msg);
                draw(&mut term, &model)?;
            }
        }
    };
    model.opening = None;
    model.role = handle.role();
    model.attached_as = handle.is_remote().then(|| handle.who());
    event_loop(&mut term, &mut input, ui_tx, handle, model)
}

/// The loop on the UI thread: wait (terminal, wake-up pipe, the next tick), take everything ready,
/// update, draw once, then start the work the messages asked for. It blocks this thread by
/// design: engine and queries run on the runtime's workers and reach it through `UiTx`.
fn event_loop(
    term: &mut Term,
    input: &mut UiInput,
    tx: UiTx,
    handle: EngineHandle,
    mut model: Model,
) -> io::Result<()> {
    forward_engine_events(handle.subscribe(), tx.clone());
    forward_resizes(tx.clone());
    let mut exec = Executor::new(handle, tx);
    exec.refresh(&model);
    exec.warm_search_after_refresh();
    draw(term, &model)?;
    let mut next_tick = Instant::now() + TICK;
    loop {
        input.wait(next_tick.saturating_duration_since(Instant::now()))?;
        let mut msgs = Vec::new();
        input.drain(&mut msgs)?;
        if Instant::now() >= next_tick {
            msgs.push(Msg::Tick(jiff::Timestamp::now()));
            next_tick = Instant::now() + TICK;
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

/// Hands the engine's events to the UI; a lag (events dropped) asks for a refresh.
fn forward_engine_events(mut rx: broadcast::Receiver<crate::engine::Event>, tx: UiTx) {
    tokio::spawn(async move {
        loop {
            let msg = match rx.recv().await {
                Ok(e) => Msg::Engine(e),
                Err(broadcast::error::RecvError::Lagged(_)) => Msg::Lagged,
                Err(broadcast::error::RecvError::Closed) => return,
            };
            if tx.send(msg).is_err() {
                return;
            }
        }
    });
}

/// Wakes the UI on SIGWINCH: crossterm holds the resize event, the UI takes it when it drains.
fn forward_resizes(tx: UiTx) {
    use tokio::signal::unix::{signal, SignalKind};
    let Ok(mut winch) = signal(SignalKind::window_change()) else {
        tracing::warn!("cannot watch SIGWINCH: a resize is seen with the next key or tick");
        return;
    };
    tokio::spawn(async move {
        while winch.recv().await.is_some() {
            tx.ring();
        }
    });
}
