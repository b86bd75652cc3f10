//! The terminal's side of the dashboard: raw mode and the alternate screen set up and always
//! restored (on quit, on error, after a panic), frames drawn inside synchronized updates, and
//! terminal events turned into messages.

use std::io::{self, BufWriter, Stdout, Write};

use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{DisableMouseCapture, Event as TermEvent, KeyEventKind};
use ratatui::crossterm::terminal::{
    self, BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::crossterm::{cursor, execute, queue};
use ratatui::layout::{Position, Rect};
use ratatui::Terminal;

use super::model::Model;
use super::msg::Msg;
use super::view;

/// The dashboard's terminal, written a frame at a time.
pub struct Term {
    inner: Terminal<CrosstermBackend<FrameOut>>,
    /// What the terminal shows now (the last frame written).
    shown: Buffer,
}

impl Term {
    /// The terminal's size now.
    pub fn size(&self) -> io::Result<ratatui::layout::Size> {
        self.inner.size()
    }
}

/// Standard output buffered a whole frame at a time: nothing is flushed while a frame is drawn,
/// so a frame reaches the terminal in one write at its end-of-synchronized-update (std's `Stdout`
/// alone would cut it at every 1 KiB and wake the terminal for each piece).
type FrameOut = BufWriter<Stdout>;

/// Room for the largest frame: a full repaint of 120×40 with colours is ~5–15 KB.
const FRAME_BUF: usize = 256 * 1024;

/// Puts the terminal in raw mode on the alternate screen and installs the panic hook; the guard
/// restores the terminal when dropped.
pub fn enter() -> io::Result<(Term, RestoreGuard)> {
    install_panic_hook();
    terminal::enable_raw_mode()?;
    let guard = RestoreGuard;
    execute!(io::stdout(), EnterAlternateScreen, cursor::Hide)?;
    let inner = Terminal::new(CrosstermBackend::new(BufWriter::with_capacity(
        FRAME_BUF,
        io::stdout(),
    )))?;
    let shown = Buffer::empty(Rect::from((Position::ORIGIN, inner.size()?)));
    Ok((Term { inner, shown }, guard))
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
/// Restores the terminal when dropped.
pub struct RestoreGuard;

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

/// Draws one frame inside a synchronized update (the terminal shows it whole), written in one go.
/// Only the cells that changed since the last frame are sent (`diff::changes`).
pub fn draw(term: &mut Term, model: &Model) -> io::Result<()> {
    let t = &mut term.inner;
    t.autoresize()?;
    let area = t.get_frame().area();
    if term.shown.area != area {
        // A resize cleared the screen: every cell is drawn again.
        term.shown = Buffer::empty(area);
    }
    view(model, &mut t.get_frame());
    let frame = std::mem::take(t.current_buffer_mut());
    let written = queue!(t.backend_mut(), BeginSynchronizedUpdate).and_then(|_| {
        let updates = super::diff::changes(&term.shown, &frame);
        t.backend_mut().draw(updates.into_iter())
    });
    // The frame drawn is what the terminal shows; the old one is the next frame's canvas.
    let mut canvas = std::mem::replace(&mut term.shown, frame);
    canvas.reset();
    *t.current_buffer_mut() = canvas;
    written?;
    execute!(t.backend_mut(), EndSynchronizedUpdate)
}

/// A terminal event as a message: key presses only (no Release/Repeat), resizes.
pub fn term_msg(ev: TermEvent) -> Option<Msg> {
    match ev {
        TermEvent::Key(k) if k.kind == KeyEventKind::Press => Some(Msg::Key(k)),
        TermEvent::Resize(w, h) => Some(Msg::Resize(w, h)),
        _ => None,
    }
}
