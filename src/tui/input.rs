//! The UI thread's one wait: it blocks in `poll(2)` on the terminal and on a wake-up pipe, so a
//! key wakes exactly one thread — the one that reads it, updates the model and draws — as in
//! `less`. Everything else the UI hears (query answers, engine events, a resize) is queued on a
//! channel whose sender rings the pipe.
//!
//! Earlier designs needed two wake-ups per key (a reading thread, then the UI task), and before
//! that crossterm's `EventStream` lost wake-ups when drained with `now_or_never`; a channel drained
//! with `try_recv` after the wait has neither problem.

use std::fs::File;
use std::io::{self, IsTerminal};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};
use tokio::sync::mpsc;

use super::msg::Msg;

/// How long the terminal is left out of the wait after a readable terminal gave no event.
const STALL_WAIT: Duration = Duration::from_millis(20);

/// A self-pipe that wakes the UI thread's `poll`; rung at most once until the thread has looked.
pub struct Wake {
    read: OwnedFd,
    write: OwnedFd,
    rung: AtomicBool,
}

impl Wake {
    /// A new non-blocking, close-on-exec pipe.
    pub fn new() -> io::Result<Wake> {
        let mut fds = [0; 2];
        // SAFETY: pipe2 writes two descriptors into the array we own.
        if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_NONBLOCK | libc::O_CLOEXEC) } != 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: both descriptors were just opened by pipe2 and are owned by nobody else.
        let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
        Ok(Wake {
            read,
            write,
            rung: AtomicBool::new(false),
        })
    }

    /// Wakes the UI thread (a no-op when it was rung and has not looked yet).
    pub fn ring(&self) {
        if !self.rung.swap(true, Ordering::AcqRel) {
            let b = [1u8];
            // SAFETY: writes one byte from a live buffer to our own descriptor; a full pipe
            // (EAGAIN) already wakes the reader, so the result needs no handling.
            let _ = unsafe { libc::write(self.write.as_raw_fd(), b.as_ptr().cast(), 1) };
        }
    }

    /// Empties the pipe and re-arms `ring`; call before draining the channels it guards.
    fn reset(&self) {
        self.rung.store(false, Ordering::Release);
        let mut buf = [0u8; 64];
        // SAFETY: reads into a live buffer of the stated size from our own non-blocking pipe.
        while unsafe { libc::read(self.read.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) } > 0 {}
    }
}

/// The UI has ended: nothing reads its queue any more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UiGone;

/// The sending side of the UI's queue: every message sent rings the UI thread's wake-up pipe.
#[derive(Clone)]
pub struct UiTx {
    tx: mpsc::UnboundedSender<Msg>,
    wake: Arc<Wake>,
}

impl UiTx {
    /// Queues a message for the UI and wakes it; an error once the UI has ended.
    pub fn send(&self, msg: Msg) -> Result<(), UiGone> {
        self.tx.send(msg).map_err(|_| UiGone)?;
        self.wake.ring();
        Ok(())
    }

    /// Wakes the UI with no message (e.g. the terminal was resized: crossterm has the event).
    pub fn ring(&self) {
        self.wake.ring();
    }

    /// False once the dashboard has closed (nothing will read what is sent).
    pub fn is_open(&self) -> bool {
        !self.tx.is_closed()
    }

    /// A sender and the queue it fills, with no terminal (tests of what is sent to the UI).
    #[cfg(test)]
    pub fn for_tests() -> (UiTx, mpsc::UnboundedReceiver<Msg>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let wake = Arc::new(Wake::new().expect("a pipe"));
        (UiTx { tx, wake }, rx)
    }
}

/// The UI thread's side: the terminal, the wake-up pipe and the queue.
pub struct UiInput {
    tty: Option<File>,
    wake: Arc<Wake>,
    rx: mpsc::UnboundedReceiver<Msg>,
    /// The terminal was readable but crossterm had no event for it (bytes beyond its 1 KiB read
    /// wait for the next edge of its edge-triggered poll): leave the terminal out of one wait
    /// rather than spin on it.
    stalled: bool,
    /// The last wait saw the terminal readable.
    tty_ready: bool,
}

impl UiInput {
    /// The UI's inputs and the sender the rest of the dashboard uses to reach it.
    pub fn new() -> io::Result<(UiInput, UiTx)> {
        let wake = Arc::new(Wake::new()?);
        let (tx, rx) = mpsc::unbounded_channel();
        // crossterm reads stdin when it is a terminal, else /dev/tty; wait on the same device.
        let tty = if io::stdin().is_terminal() {
            None
        } else {
            Some(File::open("/dev/tty")?)
        };
        Ok((
            UiInput {
                tty,
                wake: wake.clone(),
                rx,
                stalled: false,
                tty_ready: false,
            },
            UiTx { tx, wake },
        ))
    }

    fn tty_fd(&self) -> RawFd {
        match &self.tty {
            Some(f) => f.as_raw_fd(),
            None => libc::STDIN_FILENO,
        }
    }

    /// Blocks until the terminal has input, the pipe was rung, or `timeout` passed.
    pub fn wait(&mut self, timeout: Duration) -> io::Result<()> {
        let (timeout, tty_fd) = if std::mem::take(&mut self.stalled) {
            (timeout.min(STALL_WAIT), -1)
        } else {
            (timeout, self.tty_fd())
        };
        let mut fds = [
            libc::pollfd {
                fd: tty_fd,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: self.wake.read.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        let ms = timeout.as_millis().min(i32::MAX as u128) as libc::c_int;
        // SAFETY: polls two descriptors we hold open, from an array of the stated length.
        // A negative descriptor is skipped by poll(2).
        let r = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
        if r < 0 {
            let e = io::Error::last_os_error();
            if e.kind() != io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
        self.tty_ready = r > 0 && fds[0].revents != 0;
        Ok(())
    }

    /// Everything ready now: the terminal's events (keys, resizes) first, then queued messages.
    pub fn drain(&mut self, into: &mut Vec<Msg>) -> io::Result<()> {
        self.wake.reset();
        let mut events = 0;
        while event::poll(Duration::ZERO)? {
            events += 1;
            if let Some(m) = super::terminal::term_msg(event::read()?) {
                into.push(m);
            }
        }
        self.stalled = std::mem::take(&mut self.tty_ready) && events == 0;
        while let Ok(m) = self.rx.try_recv() {
            into.push(m);
        }
        Ok(())
    }

    /// The terminal's events ready now, without waiting (used while the store opens).
    pub fn terminal_events(&self) -> io::Result<Vec<Event>> {
        let mut out = Vec::new();
        while event::poll(Duration::ZERO)? {
            out.push(event::read()?);
        }
        Ok(out)
    }
}
