//! The terminal's side of the dashboard: raw mode and the alternate screen set up and always
//! restored (on quit, on error, after a panic), frames drawn inside synchronized updates, and
//! terminal events turned into messages.

use std::io::{self, Stdout, Write};

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableMouseCapture, Event as TermEvent, KeyEventKind};
use ratatui::crossterm::terminal::{
    self, BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::crossterm::{cursor, execute, queue};
use ratatui::Terminal;

use super::model::Model;
use super::msg::Msg;
use super::view;

/// The dashboard's terminal.
pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Puts the terminal in raw mode on the alternate screen and installs the panic hook; the guard
/// restores the terminal when dropped.
pub fn enter() -> io::Result<(Term, RestoreGuard)> {
    install_panic_hook();
    terminal::enable_raw_mode()?;
    let guard = RestoreGuard;
    execute!(io::stdout(), EnterAlternateScreen, cursor::Hide)?;
    Ok((Terminal::new(CrosstermBackend::new(io::stdout()))?, guard))
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

/// Draws one frame inside a synchronized update (the terminal shows it whole).
pub fn draw(term: &mut Term, model: &Model) -> io::Result<()> {
    queue!(term.backend_mut(), BeginSynchronizedUpdate)?;
    term.draw(|f| view(model, f))?;
    execute!(term.backend_mut(), EndSynchronizedUpdate)
}

/// A terminal event as a message: key presses only (no Release/Repeat), resizes.
pub fn term_msg(ev: TermEvent) -> Option<Msg> {
    match ev {
        TermEvent::Key(k) if k.kind == KeyEventKind::Press => Some(Msg::Key(k)),
        TermEvent::Resize(w, h) => Some(Msg::Resize(w, h)),
        _ => None,
    }
}
