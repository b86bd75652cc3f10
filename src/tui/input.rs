//! Terminal input read on a thread of its own and handed to the UI task through a channel.
//!
//! crossterm's `EventStream` keeps the waker of the poll that started its wake-up thread; a poll
//! without a real waker (`now_or_never`, used to drain keys that were ready) left it with a no-op
//! one, so a key pressed after that woke nothing and waited for the next tick (up to a second).
//! A channel has no such trap: draining it with `try_recv` never loses a wake-up.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};
use tokio::sync::mpsc;

/// The terminal's events, as they arrive; the reading thread stops when this is dropped.
pub struct TermInput {
    rx: mpsc::UnboundedReceiver<io::Result<Event>>,
    stop: Arc<AtomicBool>,
}

impl TermInput {
    /// Starts the reading thread.
    pub fn start() -> TermInput {
        let (tx, rx) = mpsc::unbounded_channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        std::thread::spawn(move || {
            // `poll` returns as soon as input is there; the timeout only bounds how long a
            // stop request waits.
            while !stopped.load(Ordering::Relaxed) {
                let ev = match event::poll(Duration::from_millis(100)) {
                    Ok(false) => continue,
                    Ok(true) => event::read(),
                    Err(e) => Err(e),
                };
                let failed = ev.is_err();
                if tx.send(ev).is_err() || failed {
                    return;
                }
            }
        });
        TermInput { rx, stop }
    }

    /// The next event; `None` once the reading thread has ended.
    pub async fn next(&mut self) -> Option<io::Result<Event>> {
        self.rx.recv().await
    }

    /// An event that is ready now, if any.
    pub fn try_next(&mut self) -> Option<io::Result<Event>> {
        self.rx.try_recv().ok()
    }
}

impl Drop for TermInput {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
