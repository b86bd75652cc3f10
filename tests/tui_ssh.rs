//! A real SSH session: `sshd` on a loopback port with throw-away host and user keys, a support
//! user created for the test, and two dashboards in tmux attached to one engine — the operator's
//! on the console (it runs the engine and serves the socket) and the support user's over `ssh -t`.
//! A new order reaches both screens; the support user's confirmation is refused and reaches no
//! site; the operator's reaches the site once and shows in the support user's Pushes pane; the
//! audit trail names both; both terminals are restored, also when the SSH connection is cut.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::process::Command;
use std::time::{Duration, Instant};

use common::procs::{self, Killed, Tmux};

const WAIT: Duration = Duration::from_secs(40);
const SUPPORT: &str = "shipdeck-support";

/// The test's tmux server for one dashboard.
fn tmux(session: &str, cmd: &str) -> Tmux {
    Tmux::start(&format!("shipdeck-ssh-{session}"), session, cmd, WAIT)
}

fn run(cmd: &mut Command) -> std::process::Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {} {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The support user (created once; reused by later runs) and its uid.
fn support_user() -> u32 {
    let id = |u: &str| Command::new("id").args(["-u", u]).output().unwrap();
    if !id(SUPPORT).status.success() {
        run(Command::new("useradd").args(["-M", "-U", "-d", "/nonexistent", "-s", "/bin/sh", SUPPORT]));
    }
    // Not locked (sshd refuses locked accounts), yet no password: keys only.
    run(Command::new("usermod").args(["-p", "*", SUPPORT]));
    String::from_utf8_lossy(&id(SUPPORT).stdout)
        .trim()
        .parse()
        .unwrap()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn sim_state(url: &str) -> serde_json::Value {
    let out = run(Command::new("curl").args(["-s", &format!("{url}/_sim/state")]));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Order numbers confirmed at the Grip site.
fn grip_confirms(url: &str) -> Vec<String> {
    let st = sim_state(url);
    st["shops"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["site"] == "grip")
        .unwrap()["confirms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["order_no"].as_str().unwrap().to_string())
        .collect()
}

/// Processes of `uid` running the shipdeck binary.
fn shipdeck_processes_of(uid: u32) -> Vec<u32> {
    let bin = std::fs::canonicalize(env!("CARGO_BIN_EXE_shipdeck")).unwrap();
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(exe) = std::fs::read_link(e.path().join("exe")) else {
            continue;
        };
        let Ok(status) = std::fs::read_to_string(e.path().join("status")) else {
            continue;
        };
        let owner = status
            .lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .and_then(|l| l.split_whitespace().next())
            .and_then(|u| u.parse::<u32>().ok());
        if exe == bin && owner == Some(uid) {
            out.push(pid);
        }
    }
    out
}

/// The direct children of `pid`.
fn children_of(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(child) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid …: the comm may hold spaces, so read after the last ')'.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if ppid == Some(pid) {
            out.push(child);
        }
    }
    out
}

/// `stty -a` shows a terminal in its ordinary (cooked, echoing) mode.
fn restored(screen: &str) -> bool {
    let words: Vec<&str> = screen.split_whitespace().collect();
    words.contains(&"icanon") && words.contains(&"echo") && !screen.contains("┌")
}

#[test]
fn operator_on_the_console_and_support_over_ssh_share_one_engine() {
    for tool in ["tmux", "ssh", "ssh-keygen", "/usr/sbin/sshd", "curl"] {
        procs::need(tool);
    }
    let uid = support_user();
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().to_path_buf();
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = env!("CARGO_BIN_EXE_shipdeck");

    // The simulator.
    let sim = procs::start_sim(&home, &["--seed", "5", "--orders", "3"]);
    let url = sim.url.clone();
    let st = sim_state(&url);
    let i = &st["integrator"];
    let socket = home.join("run").join("engine.sock");
    let config = home.join("shipdeck.toml");
    std::fs::write(
        &config,
        format!(
            "[grip]\nservice_id = \"{}\"\n[engine]\nsocket = \"{}\"\nsocket_group = \"{SUPPORT}\"\n\
             [roles]\nsupport = [\"{SUPPORT}\"]\n",
            i["grip"]["service_id"].as_str().unwrap(),
            socket.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    let data = home.join("db");
    let grip = st["shops"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["site"] == "grip")
        .unwrap();
    let mut add = Command::new(bin);
    add.env("SHIPDECK_CONFIG", &config)
        .env("SHIPDECK_DATA_DIR", &data)
        .env("SHIPDECK_LOG_DIR", home.join("logs"))
        .args(["shops", "add", "--name", "grip-ssh", "--site", "grip"])
        .args(["--shop-id", grip["shop_id"].as_str().unwrap()])
        .args(["--api-base", &format!("{url}/grip")]);
    for (k, v) in grip["credentials"].as_object().unwrap() {
        add.args(["--set", &format!("{k}={}", v.as_str().unwrap())]);
    }
    run(&mut add);

    // sshd on loopback with throw-away keys; the support user logs in with its key only.
    let port = free_port();
    let host_key = home.join("host_key");
    let user_key = home.join("user_key");
    for k in [&host_key, &user_key] {
        run(Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(k));
    }
    let auth = home.join("authorized_keys");
    std::fs::copy(home.join("user_key.pub"), &auth).unwrap();
    std::fs::set_permissions(&auth, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::create_dir_all("/run/sshd").unwrap();
    let sshd_config = home.join("sshd_config");
    std::fs::write(
        &sshd_config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nPidFile {}\nAuthorizedKeysFile {}\n\
             PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n\
             AllowUsers {SUPPORT}\nPrintMotd no\nPrintLastLog no\n",
            host_key.display(),
            home.join("sshd.pid").display(),
            auth.display()
        ),
    )
    .unwrap();
    let sshd = Killed(
        Command::new("/usr/sbin/sshd")
            .args(["-D", "-e", "-f"])
            .arg(&sshd_config)
            .stderr(std::fs::File::create(home.join("sshd.log")).unwrap())
            .spawn()
            .unwrap(),
    );
    let support_logs = home.join("support-logs");
    std::fs::create_dir_all(&support_logs).unwrap();
    std::fs::set_permissions(&support_logs, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let ssh_cmd = format!(
        "ssh -t -p {port} -i '{key}' -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
         -o LogLevel=ERROR {SUPPORT}@127.0.0.1 \
         \"env TERM=xterm-256color SHIPDECK_SOCKET='{sock}' SHIPDECK_LOG_DIR='{logs}' '{bin}'\"; stty -a; sleep 600",
        key = user_key.display(),
        sock = socket.display(),
        logs = support_logs.display(),
    );
    let operator_cmd = format!(
        "env HOME='{h}' SHIPDECK_CONFIG='{c}' SHIPDECK_DATA_DIR='{d}' SHIPDECK_LOG_DIR='{h}/logs' \
         SHIPDECK_PULL_EVERY=1 SHIPDECK_FAST_TIMINGS=1 TERM=xterm-256color '{bin}'; stty -a; sleep 600",
        h = home.display(),
        c = config.display(),
        d = data.display(),
    );

    // The operator's dashboard runs the engine and serves the socket.
    let operator = tmux("operator", &operator_cmd);
    operator.wait_for("the operator's dashboard with orders", |s| {
        s.contains("grip-ssh") && s.contains("engine: running")
    });
    let deadline = Instant::now() + WAIT;
    while !socket.exists() {
        assert!(
            Instant::now() < deadline,
            "the dashboard's engine never served its socket"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // The support user's dashboard over SSH attaches to it, read-only.
    let support = tmux("support", &ssh_cmd);
    support.wait_for("the support dashboard, attached and read-only", |s| {
        s.contains("support (read-only)") && s.contains("grip-ssh")
    });
    assert!(
        !support.capture().contains("confirm marked"),
        "support is offered a change"
    );
    assert!(operator.capture().contains("confirm marked"));

    // A new order: once the pull brings it to the operator, it is on the support screen within 2 s.
    let created = run(Command::new("curl").args([
        "-s",
        "-X",
        "POST",
        "-H",
        "content-type: application/json",
        "-d",
        "{\"site\":\"grip\",\"count\":1}",
        &format!("{url}/_sim/orders"),
    ]));
    let created: serde_json::Value = serde_json::from_slice(&created.stdout).unwrap();
    let order_no = created["created"][0].as_str().unwrap().to_string();
    operator.wait_for("the new order on the operator's screen", |s| {
        s.contains(&order_no)
    });
    let pulled = Instant::now();
    support.wait_for("the new order on the support screen", |s| s.contains(&order_no));
    assert!(
        pulled.elapsed() < Duration::from_secs(2),
        "the support screen showed the order {:?} after the operator's",
        pulled.elapsed()
    );

    // The support user's confirmation is refused by the engine; nothing reaches the site.
    let before = grip_confirms(&url);
    support.keys(&["Space"]);
    support.wait_for("a mark", |s| s.lines().any(|l| l.starts_with("│●")));
    support.keys(&["c"]);
    support.wait_for("the confirm dialog", |s| s.contains("Confirm"));
    support.keys(&["Tab"]);
    support.keys(&["Enter"]);
    support.wait_for("the refusal", |s| s.contains("read-only: support role"));
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        grip_confirms(&url),
        before,
        "a refused confirmation reached the site"
    );

    // The operator's confirmation reaches the site once and shows in the support user's Pushes.
    let screen = operator.capture();
    let row = screen
        .lines()
        .find(|l| l.contains(&order_no))
        .unwrap()
        .to_string();
    // Select the new order's row (newest first: it is at the top) and confirm it.
    operator.keys(&["g"]);
    operator.keys(&["Space"]);
    let marked = operator.wait_for("a mark", |s| s.lines().any(|l| l.starts_with("│●")));
    assert!(
        marked.lines().any(|l| l.contains(&order_no) && l.contains('●')),
        "the top row is not the new order: {row}\n{marked}"
    );
    operator.keys(&["c"]);
    operator.wait_for("the confirm dialog", |s| s.contains("Confirm"));
    operator.keys(&["Tab"]);
    operator.keys(&["Enter"]);
    operator.wait_for("the result", |s| s.contains("1 confirmed"));
    let deadline = Instant::now() + WAIT;
    while !grip_confirms(&url).contains(&order_no) {
        assert!(
            Instant::now() < deadline,
            "the confirmation never reached the site"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_millis(1000));
    let after = grip_confirms(&url);
    assert_eq!(
        after.iter().filter(|o| **o == order_no).count(),
        after.len() - before.len()
    );
    support.keys(&["4"]);
    support.wait_for(
        "the operator's confirmation in the support user's Pushes pane",
        |s| s.lines().any(|l| l.contains(&order_no) && l.contains("confirm")),
    );

    // The audit trail names both users.
    let audit = run(Command::new(bin)
        .args(["audit"])
        .env("SHIPDECK_CONFIG", &config)
        .env("SHIPDECK_DATA_DIR", &data)
        .env("SHIPDECK_LOG_DIR", home.join("logs")));
    let audit = String::from_utf8_lossy(&audit.stdout);
    assert!(audit.contains(&format!("{SUPPORT} ({uid})")), "{audit}");
    assert!(audit.contains("root (0)"), "{audit}");
    assert!(audit.contains("refused: read-only: support role"), "{audit}");
    assert!(audit.contains("client says: ssh 127.0.0.1"), "{audit}");

    // The SSH connection is cut mid-session: the support terminal comes back in order, and the
    // remote dashboard is gone (the engine's connection to it closed).
    // Every sshd process serving the session (the privileged one and the user's), none other.
    let mut sessions = Vec::new();
    let mut todo = children_of(sshd.0.id());
    while let Some(pid) = todo.pop() {
        todo.extend(children_of(pid));
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        if comm.starts_with("sshd") {
            sessions.push(pid);
        }
    }
    assert!(!sessions.is_empty(), "no SSH session under sshd");
    for pid in sessions {
        // SAFETY: kill(2) on a process started by our own sshd child.
        unsafe {
            libc::kill(pid as i32, libc::SIGKILL);
        }
    }
    support.wait_for("the support terminal restored after the cut", restored);
    let deadline = Instant::now() + WAIT;
    while !shipdeck_processes_of(uid).is_empty() {
        assert!(
            Instant::now() < deadline,
            "the support user's dashboard outlived its connection"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // The operator's dashboard goes on; q leaves it and restores the console.
    operator.keys(&["1"]);
    operator.wait_for("the operator's dashboard still running", |s| {
        s.contains("engine: running")
    });
    operator.keys(&["q"]);
    operator.wait_for("the console restored", restored);
    assert!(!socket.exists(), "the socket outlived the dashboard's engine");
}
