//! The dashboard under tmux against `shipdeck sim` (the real binary, a 120×40 terminal): the
//! simulator, the config, the shops, the dashboard and what its screens show.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::procs::{self, bin, SimChild as Sim, Tmux};

/// How long a screen is waited for.
pub const WAIT: Duration = Duration::from_secs(30);

pub fn env_for(c: &mut Command, home: &Path, config: &Path, data: &Path) {
    c.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("SHIPDECK_CONFIG", config)
        .env("SHIPDECK_DATA_DIR", data)
        .env("SHIPDECK_SOCKET", home.join("run").join("cli.sock"));
}

pub fn start_sim(home: &Path) -> Sim {
    start_sim_with(home, 4)
}

/// The simulator with `orders` carts per shop.
pub fn start_sim_with(home: &Path, orders: usize) -> Sim {
    procs::start_sim(home, &["--seed", "11", "--orders", &orders.to_string()])
}

/// A config with the simulator's integrator credentials (ESM master, Grip service id, Qoo10 API key).
pub fn write_config(home: &Path, state: &serde_json::Value) -> PathBuf {
    let i = &state["integrator"];
    let config = home.join("shipdeck.toml");
    std::fs::write(
        &config,
        format!(
            "[esm]\nmaster_id = \"{}\"\nsecret_key = \"{}\"\n[grip]\nservice_id = \"{}\"\n[qoo10]\napi_key = \"{}\"\n",
            i["esm"]["master_id"].as_str().unwrap(),
            i["esm"]["secret_key"].as_str().unwrap(),
            i["grip"]["service_id"].as_str().unwrap(),
            i["qoo10"]["api_key"].as_str().unwrap(),
        ),
    )
    .unwrap();
    config
}

/// The dashboard (the real binary) in a detached 120×40 tmux session on its own socket.
pub fn start_dashboard(name: &str, home: &Path, config: &Path, data: &Path) -> Tmux {
    start_dashboard_then(name, home, config, data, "")
}

/// As `start_dashboard`, with `after` run in the pane once the dashboard has ended.
pub fn start_dashboard_then(name: &str, home: &Path, config: &Path, data: &Path, after: &str) -> Tmux {
    let cmd = format!(
        "env HOME='{h}' XDG_CONFIG_HOME='{h}/config' XDG_DATA_HOME='{h}/data' XDG_STATE_HOME='{h}/state' \
         SHIPDECK_CONFIG='{c}' SHIPDECK_SOCKET='{h}/run/{name}.sock' TERM=xterm-256color LC_ALL=C.UTF-8 '{bin}' --data-dir '{d}'{after}",
        h = home.display(),
        c = config.display(),
        d = data.display(),
        bin = env!("CARGO_BIN_EXE_shipdeck"),
    );
    Tmux::start(&format!("shipdeck-e2e-{name}"), "e2e", &cmd, WAIT)
}

/// Presses `q` and waits for the dashboard (and so the tmux session) to end.
pub fn quit(tmux: &Tmux) {
    tmux.keys(&["q"]);
    tmux.wait_gone("the dashboard did not quit on q");
}

/// tmux present, a temporary home, `shipdeck sim` in it, its state, and a config for it
/// (`HOME/shipdeck.toml`; the database goes to `HOME/db`).
pub async fn setup() -> (tempfile::TempDir, Sim, serde_json::Value) {
    procs::need("tmux");
    let tmp = tempfile::tempdir().unwrap();
    let sim = start_sim(tmp.path());
    let state = sim.state().await;
    write_config(tmp.path(), &state);
    (tmp, sim, state)
}

/// Adds the simulator's shop of `site` as `SITE-e2e` with the CLI.
pub fn add_shop(home: &Path, sim: &Sim, state: &serde_json::Value, site: &str) {
    let s = state["shops"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["site"] == site)
        .unwrap();
    let mut c = bin();
    env_for(&mut c, home, &home.join("shipdeck.toml"), &home.join("db"));
    c.args([
        "shops",
        "add",
        "--name",
        &format!("{site}-e2e"),
        "--site",
        site,
        "--shop-id",
        s["shop_id"].as_str().unwrap(),
        "--api-base",
        &format!("{}/{site}", sim.url),
    ]);
    for (k, v) in s["credentials"].as_object().unwrap() {
        c.args(["--set", &format!("{k}={}", v.as_str().unwrap())]);
    }
    let out = c.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The count of the `collected` status tab on screen.
pub fn collected_count(screen: &str) -> Option<u64> {
    let line = screen.lines().find(|l| l.contains(" collected "))?;
    let rest = &line[line.find(" collected ")? + " collected ".len()..];
    rest.split_whitespace().next()?.parse().ok()
}

/// (shop, order no) of the rows marked `●` on screen.
pub fn marked_rows(screen: &str) -> BTreeSet<(String, String)> {
    screen
        .lines()
        .filter_map(|l| l.strip_prefix("│●"))
        .map(|rest| {
            let w: Vec<&str> = rest.split_whitespace().collect();
            (w[2].to_string(), w[0].to_string())
        })
        .collect()
}

/// The order rows on screen.
pub fn order_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter(|l| l.contains("-e2e ") && l.starts_with('│'))
        .map(str::to_string)
        .collect()
}
