//! The terminal's side of the dashboard: raw mode and the alternate screen set up and always
//! restored (on quit, on error, after a panic), frames drawn inside synchronized updates, and
//! terminal events turned into messages.

use std::cell::Cell;
use std::io::{self, Stdout, Write};
use std::rc::Rc;

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
    hold: Rc<Cell<bool>>,
    /// What the terminal shows now (the last frame written).
    shown: Buffer,
}

impl Term {
    /// The terminal's size now.
    pub fn size(&self) -> io::Result<ratatui::layout::Size> {
        self.inner.size()
    }
}

/// Standard output buffered a whole frame at a time: ratatui's own flush inside `draw` is held
/// until the frame's end-of-synchronized-update is queued too, so a frame reaches the terminal in
/// one write (std's `Stdout` would cut it at every 1 KiB and wake the terminal for each piece).
pub struct FrameOut {
    buf: Vec<u8>,
    out: Stdout,
    hold: Rc<Cell<bool>>,
}

impl FrameOut {
    fn new(hold: Rc<Cell<bool>>) -> FrameOut {
        FrameOut {
            buf: Vec::with_capacity(64 * 1024),
            out: io::stdout(),
            hold,
        }
    }

    fn write_out(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        self.out.flush()
    }
}

impl Write for FrameOut {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.hold.get() {
            return Ok(());
        }
        self.write_out()
    }
}

/// Puts the terminal in raw mode on the alternate screen and installs the panic hook; the guard
/// restores the terminal when dropped.
pub fn enter() -> io::Result<(Term, RestoreGuard)> {
    install_panic_hook();
    terminal::enable_raw_mode()?;
    let guard = RestoreGuard;
    execute!(io::stdout(), EnterAlternateScreen, cursor::Hide)?;
    let hold = Rc::new(Cell::new(false));
    let inner = Terminal::new(CrosstermBackend::new(FrameOut::new(hold.clone())))?;
    let shown = Buffer::empty(Rect::from((Position::ORIGIN, inner.size()?)));
    Ok((Term { inner, hold, shown }, guard))
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
    term.hold.set(true);
    let written = queue!(t.backend_mut(), BeginSynchronizedUpdate).and_then(|_| {
        let updates = super::diff::changes(&term.shown, &frame);
        t.backend_mut().draw(updates.into_iter())
    });
    term.hold.set(false);
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
