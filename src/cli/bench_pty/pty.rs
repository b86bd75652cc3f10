//! A program in a pseudo-terminal whose output is fed, as it arrives, to a terminal emulator
//! (`vt100`), so that a benchmark can send keys and time until the emulated screen shows what it
//! waits for — what a person at a real terminal sees, not what the program thinks it drew.

use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// The emulated screen and whether the program's side of the pty is still open.
struct Shared {
    parser: vt100::Parser,
    closed: bool,
}

/// A child process on a pty of a fixed size, with the emulated screen of its output.
pub struct Pty {
    child: Child,
    master: std::fs::File,
    shared: Arc<(Mutex<Shared>, Condvar)>,
    reader: Option<std::thread::JoinHandle<()>>,
}

fn os_err(what: &str) -> String {
    format!("{what}: {}", std::io::Error::last_os_error())
}

impl Pty {
    /// Starts `cmd` on a new `cols`×`rows` pty as the session leader with the pty as its
    /// controlling terminal (so it gets raw mode, size and SIGWINCH as in a real terminal).
    pub fn spawn(mut cmd: Command, cols: u16, rows: u16) -> Result<Pty, String> {
        let (mut master, mut slave) = (0, 0);
        let ws = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty writes two descriptors into the ints we own; the name buffer and
        // termios are optional (null), the window size is read only.
        let r = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &ws,
            )
        };
        if r != 0 {
            return Err(os_err("openpty"));
        }
        // SAFETY: both descriptors were just opened by openpty and are owned by nobody else.
        let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        let dup = |fd: &OwnedFd| fd.try_clone().map_err(|e| format!("dup the pty: {e}"));
        cmd.stdin(Stdio::from(dup(&slave)?))
            .stdout(Stdio::from(dup(&slave)?))
            .stderr(Stdio::from(dup(&slave)?));
        // SAFETY: only async-signal-safe calls (setsid, ioctl) between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                if libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().map_err(|e| format!("start {cmd:?}: {e}"))?;
        drop(slave);
        let master = std::fs::File::from(master);
        let shared = Arc::new((
            Mutex::new(Shared {
                parser: vt100::Parser::new(rows, cols, 0),
                closed: false,
            }),
            Condvar::new(),
        ));
        let mut rd = master.try_clone().map_err(|e| format!("dup the pty: {e}"))?;
        let sh = shared.clone();
        let reader = std::thread::spawn(move || {
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                let n = match rd.read(&mut buf) {
                    Ok(0) | Err(_) => 0,
                    Ok(n) => n,
                };
                let (lock, cv) = &*sh;
                let Ok(mut s) = lock.lock() else { return };
                if n == 0 {
                    s.closed = true;
                    cv.notify_all();
                    return;
                }
                s.parser.process(&buf[..n]);
                cv.notify_all();
            }
        });
        Ok(Pty {
            child,
            master,
            shared,
            reader: Some(reader),
        })
    }

    /// Writes bytes (keys) to the program.
    pub fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.master
            .write_all(bytes)
            .and_then(|_| self.master.flush())
            .map_err(|e| format!("write to the pty: {e}"))
    }

    /// Sends `bytes` and waits until `pred` holds for the screen; returns the time from just
    /// before the write to the first screen update on which it held, or `None` after `timeout`.
    pub fn time_key(
        &mut self,
        bytes: &[u8],
        timeout: Duration,
        pred: impl Fn(&vt100::Screen) -> bool,
    ) -> Result<Option<Duration>, String> {
        let t0 = Instant::now();
        self.send(bytes)?;
        Ok(self.wait_from(t0, timeout, pred))
    }

    /// Waits (from `t0`) until `pred` holds for the screen; the time it took, or `None`.
    pub fn wait_from(
        &self,
        t0: Instant,
        timeout: Duration,
        pred: impl Fn(&vt100::Screen) -> bool,
    ) -> Option<Duration> {
        let (lock, cv) = &*self.shared;
        let mut s = lock.lock().ok()?;
        loop {
            if pred(s.parser.screen()) {
                return Some(t0.elapsed());
            }
            let left = timeout.checked_sub(t0.elapsed())?;
            if s.closed {
                return None;
            }
            s = cv.wait_timeout(s, left).ok()?.0;
        }
    }

    /// A copy of the screen now.
    pub fn screen(&self) -> Option<vt100::Screen> {
        self.shared.0.lock().ok().map(|s| s.parser.screen().clone())
    }

    /// The screen's text now (for error messages).
    pub fn text(&self) -> String {
        self.screen().map(|s| s.contents()).unwrap_or_default()
    }

    /// Waits up to `timeout` for the program to end; kills it if it does not.
    pub fn finish(mut self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(Some(st)) = self.child.try_wait() {
                return st.success();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The reader's read ends (EIO) once the child and every copy of the slave are gone.
        if let Some(r) = self.reader.take() {
            if r.is_finished() {
                let _ = r.join();
            }
        }
    }
}
