//! `shipdeck bench link` (hidden): the dashboard attached to an engine in another process
//! (`shipdeck serve` as a child) against the same dashboard on an engine in its own process, over
//! one generated store: key→frame times of both, then the serving engine's CPU while idle with
//! several clients attached (each subscribed to events, as a dashboard is).

use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Args;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use super::bench::{apply, generate, ms, pct, press_keys};
use super::CliError;
use crate::config::Config;
use crate::engine::{Engine, EngineHandle, EngineOptions};
use crate::market::SystemClock;
use crate::store::Store;
use crate::tui::keymap::Keymap;
use crate::tui::msg::Msg;
use crate::tui::queries::refresh_all;
use crate::tui::theme::Theme;
use crate::tui::{update, Model};

/// `shipdeck bench link`.
#[derive(Debug, Args)]
pub struct LinkBench {
    /// Orders generated into the temporary store.
    #[arg(long, default_value_t = 1_000_000)]
    pub orders: u64,
    /// Keys pressed per dashboard.
    #[arg(long, default_value_t = 1000)]
    pub keys: usize,
    /// Clients attached during the idle measurement.
    #[arg(long, default_value_t = 10)]
    pub clients: usize,
    /// Seconds of idle measured.
    #[arg(long, default_value_t = 30)]
    pub idle_secs: u64,
}

fn err(e: &dyn std::fmt::Display) -> CliError {
    CliError::Failed(e.to_string())
}

/// Presses `keys` keys on a dashboard model over `h` (moving, paging, jumping to both ends) and
/// times each from the key to the drawn frame, queries included.
fn key_to_frame(h: &EngineHandle, keys: usize) -> Result<Vec<Duration>, CliError> {
    let (w, ht) = (120u16, 40u16);
    let mut m = Model::new(
        Keymap::default(),
        Theme::default16(),
        (w, ht),
        jiff::Timestamp::now(),
    );
    let mut term = Terminal::new(TestBackend::new(w, ht)).map_err(|e| err(&e))?;
    let page = m.page() as u64;
    for d in refresh_all(h, Some((m.orders.list(), 0, page * 3))) {
        let fx = update(&mut m, Msg::Data(d));
        apply(h, &mut m, fx);
    }
    press_keys(h, &mut m, &mut term, keys)
}

/// CPU seconds used so far by process `pid` (user + system, from `/proc/PID/stat`).
fn cpu_of(pid: u32) -> Result<f64, CliError> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).map_err(|e| err(&e))?;
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
    let f: Vec<&str> = rest.split_whitespace().collect();
    // After the command: state is field 3, utime 14, stime 15 (1-based over the whole line).
    let ticks = |i: usize| f.get(i - 3).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // SAFETY: sysconf reads a constant of the system.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    Ok((ticks(14) + ticks(15)) / hz.max(1.0))
}

fn report(label: &str, lat: &mut [Duration]) -> Duration {
    let p50 = pct(lat, 0.5);
    println!(
        "{label}: key→frame p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        ms(p50),
        ms(pct(lat, 0.99)),
        ms(pct(lat, 1.0))
    );
    pct(lat, 0.99)
}

/// Runs the benchmark.
pub fn run(a: LinkBench) -> Result<(), CliError> {
    let tmp = tempfile::tempdir().map_err(|e| err(&e))?;
    let db = tmp.path().join("db");
    generate(&db, a.orders, 20_000, 0)?;
    let rt = super::engine_rt::runtime()?;

    // The dashboard on an engine in this process.
    let local = {
        let store = Store::open(&db).map_err(|e| err(&e))?;
        let engine = Engine::new(
            store,
            Config::default(),
            Arc::new(SystemClock),
            EngineOptions::default(),
        )
        .map_err(|e| err(&e))?;
        let h = EngineHandle::local(Arc::new(engine));
        let mut lat = key_to_frame(&h, a.keys)?;
        report("in-process engine", &mut lat)
    };

    // The same dashboard attached to `shipdeck serve` in another process.
    let socket = tmp.path().join("run").join("engine.sock");
    let config = tmp.path().join("config.toml");
    std::fs::write(&config, "").map_err(|e| err(&e))?;
    let exe = std::env::current_exe().map_err(|e| err(&e))?;
    let mut child = std::process::Command::new(exe)
        .arg("--data-dir")
        .arg(&db)
        .arg("--config")
        .arg(&config)
        .arg("--socket")
        .arg(&socket)
        .arg("serve")
        .env("SHIPDECK_LOG_DIR", tmp.path().join("logs"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| err(&e))?;
    let result = (|| {
        let deadline = Instant::now() + Duration::from_secs(120);
        let first = loop {
            match rt.block_on(crate::link::Client::connect(&socket)) {
                Ok(c) => break c,
                Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
                Err(e) => return Err(err(&e)),
            }
        };
        let h = EngineHandle::remote(first.clone());
        let mut lat = key_to_frame(&h, a.keys)?;
        let remote = report("attached over the socket", &mut lat);
        println!(
            "p99 difference: {:+.3} ms (attached − in-process)",
            ms(remote) - ms(local)
        );

        // Idle, with `clients` dashboards' worth of connections subscribed to events.
        let mut clients = vec![first];
        while clients.len() < a.clients {
            clients.push(
                rt.block_on(crate::link::Client::connect(&socket))
                    .map_err(|e| err(&e))?,
            );
        }
        let _events: Vec<_> = clients.iter().map(|c| c.subscribe()).collect();
        std::thread::sleep(Duration::from_secs(2));
        let c0 = cpu_of(child.id())?;
        let w0 = Instant::now();
        std::thread::sleep(Duration::from_secs(a.idle_secs));
        let cpu = cpu_of(child.id())? - c0;
        println!(
            "engine idle {}s with {} clients attached: CPU {:.3} s = {:.2} % of a core",
            a.idle_secs,
            clients.len(),
            cpu,
            100.0 * cpu / w0.elapsed().as_secs_f64().max(1e-9)
        );
        Ok(())
    })();
    // SAFETY: kill(2) on our own child.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let _ = child.wait();
    result
}
