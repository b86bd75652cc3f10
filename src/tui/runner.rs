//! The runner: opens the terminal (`terminal`), feeds keys, resizes, engine events and a 1 Hz tick
//! into `update`, hands the effects to the executor (`effects`, whose reads are in `queries`),
//! and draws once per batch of messages, only when needed.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use tokio::sync::{broadcast, mpsc};

use super::effects::Executor;
use super::input::TermInput;
use super::keymap::{Action, Key, Keymap};
use super::model::Model;
use super::msg::Msg;
use super::terminal::{draw, term_msg, Term};
use super::theme::Theme;
use super::update;
use crate::engine::EngineHandle;

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
    model.role = handle.role();
    model.attached_as = handle.is_remote().then(|| handle.who());
    event_loop(&mut term, events, handle, model).await
}

async fn event_loop(
    term: &mut Term,
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
