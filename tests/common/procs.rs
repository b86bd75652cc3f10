//! Child processes of the end-to-end tests: `shipdeck sim` on a loopback port, and a tmux server
//! of the test's own with one session — both ended when dropped, however the test ends.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

/// The shipdeck binary under test.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_shipdeck"))
}

/// The shipdeck binary with `args` and nothing of the caller's environment but `PATH`: its home,
/// config, data and state all under `home`.
pub fn isolated(home: &Path, args: &[&str]) -> Command {
    let mut c = bin();
    c.args(args)
        .env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    c
}

/// Fails the test unless `tool` is on the PATH (or an executable path): `.ci/run` installs them.
pub fn need(tool: &str) {
    assert!(
        Command::new("sh")
            .args(["-c", &format!("command -v {tool} || test -x {tool}")])
            .stdout(Stdio::null())
            .status()
            .unwrap()
            .success(),
        "{tool} is needed for this test (.ci/run installs tmux and openssh-server)"
    );
}

/// A child killed when dropped.
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `shipdeck sim` as a child process, killed when dropped.
pub struct SimChild {
    _child: Killed,
    /// Its base URL (`http://127.0.0.1:PORT`).
    pub url: String,
    _stdout: BufReader<ChildStdout>,
}

impl SimChild {
    /// The simulator's state (`GET /_sim/state`).
    pub async fn state(&self) -> serde_json::Value {
        reqwest::get(format!("{}/_sim/state", self.url))
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

/// Starts `shipdeck sim --listen 127.0.0.1:0 ARGS…` with its home, state and logs under `home`,
/// and reads the URL it prints first.
pub fn start_sim(home: &Path, args: &[&str]) -> SimChild {
    let mut child = bin()
        .args(["sim", "--listen", "127.0.0.1:0"])
        .args(args)
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("SHIPDECK_LOG_DIR", home.join("sim-logs"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let child = Killed(child);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    SimChild {
        _child: child,
        url,
        _stdout: reader,
    }
}

/// One tmux server on a socket of the test's own, with one 120×40 session; killed when dropped.
pub struct Tmux {
    socket: String,
    session: String,
    wait: Duration,
}

impl Tmux {
    /// Starts `cmd` in a detached session `session` of a new server on socket `socket` (made
    /// unique by the process id); `wait_for` gives up after `wait`.
    pub fn start(socket: &str, session: &str, cmd: &str, wait: Duration) -> Tmux {
        let t = Tmux {
            socket: format!("{socket}-{}", std::process::id()),
            session: session.to_string(),
            wait,
        };
        let st = t
            .cmd()
            .args(["new-session", "-d", "-x", "120", "-y", "40", "-s", session, cmd])
            .status()
            .unwrap();
        assert!(st.success());
        t
    }

    /// A tmux command on this server.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"]);
        c
    }

    /// True while the session runs.
    pub fn alive(&self) -> bool {
        self.cmd()
            .args(["has-session", "-t", &self.session])
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    }

    /// The screen's text.
    pub fn capture(&self) -> String {
        let out = self
            .cmd()
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Sends keys (tmux `send-keys` arguments: key names, or `-l TEXT`).
    pub fn keys(&self, keys: &[&str]) {
        let st = self
            .cmd()
            .args(["send-keys", "-t", &self.session])
            .args(keys)
            .status()
            .unwrap();
        assert!(st.success());
    }

    /// Polls the screen until `pred` holds; fails the test with the screen after the wait.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + self.wait;
        loop {
            let s = self.capture();
            if pred(&s) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "{}: timed out waiting for {what}; screen:\n{s}",
                self.session
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits (at most the wait) for the session to end.
    pub fn wait_gone(&self, what: &str) {
        let deadline = Instant::now() + self.wait;
        while self.alive() {
            assert!(Instant::now() < deadline, "{}: {what}", self.session);
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").status();
    }
}
