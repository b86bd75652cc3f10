//! `shipdeck bench pty` (hidden): key to screen as a person sees it. The real binary runs in a
//! 120×40 pseudo-terminal over a store of many orders (and open mismatches with suggestions); keys
//! are written to the pty and the time is taken until the emulated screen (`vt100`) shows the
//! key's result. `less` on a large file runs through the same harness in the same run as the
//! baseline, and `bench tui`'s in-process figures are measured after, on the same store.

mod pty;
mod screen;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use clap::Args;

use super::CliError;
use pty::Pty;
use screen::{block_titles, footer, marked, pane, sel, status_bar, tab};

/// `shipdeck bench pty`.
#[derive(Debug, Args)]
pub struct PtyBench {
    /// Orders generated into the store.
    #[arg(long, default_value_t = 1_000_000)]
    pub orders: u64,
    /// New orders with an unmapped line (open mismatches).
    #[arg(long, default_value_t = 600)]
    pub mismatches: u64,
    /// Rounds of the key sequence.
    #[arg(long, default_value_t = 30)]
    pub rounds: usize,
    /// Keep the generated store here and reuse it on the next run (generated when missing).
    #[arg(long)]
    pub keep: Option<PathBuf>,
    /// Skip the in-process `bench tui` figures.
    #[arg(long)]
    pub no_inproc: bool,
}

const COLS: u16 = 120;
const ROWS: u16 = 40;
const KEY_WAIT: Duration = Duration::from_secs(20);

/// Latencies by label, in the order first measured.
#[derive(Default)]
struct Lat {
    order: Vec<String>,
    by: BTreeMap<String, Vec<Duration>>,
    missed: BTreeMap<String, usize>,
}

impl Lat {
    fn add(&mut self, label: &str, d: Option<Duration>) {
        if !self.by.contains_key(label) {
            self.order.push(label.to_string());
            self.by.insert(label.to_string(), Vec::new());
        }
        match d {
            Some(d) => self.by.entry(label.to_string()).or_default().push(d),
            None => *self.missed.entry(label.to_string()).or_default() += 1,
        }
    }

    fn stats(&self, label: &str) -> Option<(f64, f64, f64, usize)> {
        let mut v = self.by.get(label)?.clone();
        if v.is_empty() {
            return None;
        }
        v.sort();
        let p = |q: f64| ms(v[((v.len() as f64 - 1.0) * q).round() as usize]);
        Some((p(0.5), p(0.99), p(1.0), v.len()))
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn failed(e: impl std::fmt::Display) -> CliError {
    CliError::Failed(e.to_string())
}

/// Runs the benchmark.
pub fn run(a: PtyBench) -> Result<(), CliError> {
    let tmp = tempfile::tempdir().map_err(failed)?;
    let dir = match &a.keep {
        Some(d) => d.clone(),
        None => tmp.path().join("db"),
    };
    let marker = dir.join("bench-generated");
    if !marker.exists() {
        super::bench::generate(&dir, a.orders, 20_000, a.mismatches)?;
        std::fs::write(&marker, format!("{} {}", a.orders, a.mismatches)).map_err(failed)?;
    } else {
        println!("reusing the store at {}", dir.display());
    }
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).map_err(failed)?;

    let less_file = tmp.path().join("orders.txt");
    write_less_file(&less_file, a.orders)?;
    let less = bench_less(&less_file, a.rounds)?;
    let dash = bench_dashboard(&dir, &home, a.rounds)?;

    println!("\nkey → screen through a {COLS}×{ROWS} pty (ms): p50 / p99 / max (n)");
    print_table("less (baseline)", &less, None);
    print_table("shipdeck", &dash, Some(&less));
    println!(
        "ratios: ÷ less j = against `less`'s `j`; ÷ less KEY = against the `less` key whose screen \
         change is most alike (the same key, `j` for a one-line change, `PgDn` for a repaint)"
    );
    if !a.no_inproc {
        println!("\nin-process (`bench tui` on the same store):");
        let exe = std::env::current_exe().map_err(failed)?;
        let st = Command::new(exe)
            .args(["bench", "tui", "--idle-secs", "0", "--frames", "100", "--use-dir"])
            .arg(&dir)
            .status()
            .map_err(failed)?;
        if !st.success() {
            return Err(failed("bench tui failed"));
        }
    }
    Ok(())
}

/// The `less` key whose screen change is most like a dashboard key's: the same key where `less`
/// has it, a one-line change for keys that change a row or the footer, a whole-screen repaint
/// (`PgDn`) for keys that redraw the table.
fn like(label: &str) -> &'static str {
    let key = label.split(" (rows loaded)").next().unwrap_or(label);
    match key {
        "j" | "v (end)" | "Space" | "v" | "typing" | "/" | "Esc (input)" | "Esc (marks)" => "j",
        "k" => "k",
        "G" => "G",
        "g" => "g",
        _ => "PgDn",
    }
}

fn print_table(title: &str, lat: &Lat, base: Option<&Lat>) {
    println!("{title}");
    for label in &lat.order {
        let missed = lat.missed.get(label).copied().unwrap_or(0);
        let miss = if missed > 0 {
            format!("  ({missed} TIMED OUT after {} s)", KEY_WAIT.as_secs())
        } else {
            String::new()
        };
        let Some((p50, p99, max, n)) = lat.stats(label) else {
            println!("  {label:<26} no result{miss}");
            continue;
        };
        let mut line = format!("  {label:<26} {p50:>8.2} {p99:>8.2} {max:>8.2}  ({n:>3})");
        if let Some(less) = base {
            if let Some((b50, b99, ..)) = less.stats("j") {
                line += &format!(
                    "   ÷ less j: p50 {:>5.1}× p99 {:>5.1}×",
                    p50 / b50.max(1e-3),
                    p99 / b99.max(1e-3)
                );
            }
            let alike = like(label);
            if let Some((b50, b99, ..)) = less.stats(alike) {
                line += &format!(
                    "   ÷ less {alike:<4}: p50 {:>5.1}× p99 {:>5.1}×",
                    p50 / b50.max(1e-3),
                    p99 / b99.max(1e-3)
                );
            }
        }
        println!("{line}{miss}");
    }
}

/// A text file of one line per order, the size of the store's order list.
fn write_less_file(path: &Path, orders: u64) -> Result<(), CliError> {
    use std::io::Write;
    let f = std::fs::File::create(path).map_err(failed)?;
    let mut w = std::io::BufWriter::new(f);
    for i in 0..orders {
        writeln!(
            w,
            "B{i:09}  {:<8} {:<14} 2025-01-01 00:00 KST  1  collected  ok  Product {}",
            ["qoo10", "gmarket", "lotteon", "grip"][(i % 4) as usize],
            "shop-bench",
            i % 500
        )
        .map_err(failed)?;
    }
    w.flush().map_err(failed)
}

fn top_line(s: &vt100::Screen) -> String {
    s.rows(0, COLS).next().unwrap_or_default()
}

/// `less` on the file: `j`, `k`, `PgDn`, `G`, `g`, each timed until the top line changes.
fn bench_less(file: &Path, rounds: usize) -> Result<Lat, CliError> {
    let mut cmd = Command::new("less");
    cmd.args(["-S", "-n"])
        .arg(file)
        .env("TERM", "xterm-256color")
        .env("LESS", "")
        .env("LESSHISTFILE", "-");
    let mut p = Pty::spawn(cmd, COLS, ROWS).map_err(failed)?;
    p.wait_from(Instant::now(), KEY_WAIT, |s| {
        top_line(s).starts_with("B000000000")
    })
    .ok_or_else(|| failed(format!("less did not show the file:\n{}", p.text())))?;
    let mut lat = Lat::default();
    let mut key = |p: &mut Pty, label: &str, bytes: &[u8]| -> Result<(), CliError> {
        let before = p.screen().map(|s| top_line(&s)).unwrap_or_default();
        let d = p
            .time_key(bytes, KEY_WAIT, |s| top_line(s) != before)
            .map_err(failed)?;
        lat.add(label, d);
        Ok(())
    };
    for _ in 0..rounds {
        for _ in 0..3 {
            key(&mut p, "j", b"j")?;
        }
        for _ in 0..3 {
            key(&mut p, "k", b"k")?;
        }
        key(&mut p, "PgDn", b"\x1b[6~")?;
        key(&mut p, "G", b"G")?;
        key(&mut p, "g", b"g")?;
    }
    p.send(b"q").map_err(failed)?;
    p.finish(Duration::from_secs(5));
    Ok(lat)
}

/// The dashboard: every measured key, each until its own change is on the screen, and for keys
/// that need data, also until the data is shown.
fn bench_dashboard(dir: &Path, home: &Path, rounds: usize) -> Result<Lat, CliError> {
    let exe = std::env::current_exe().map_err(failed)?;
    let config = home.join("config.toml");
    std::fs::write(&config, "").map_err(failed)?;
    let mut cmd = Command::new(exe);
    cmd.arg("--data-dir")
        .arg(dir)
        .env("SHIPDECK_CONFIG", &config)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR");
    let t0 = Instant::now();
    let mut p = Pty::spawn(cmd, COLS, ROWS).map_err(failed)?;
    let first = p.wait_from(t0, Duration::from_secs(120), |s| {
        sel(s).is_some_and(|(_, t)| t.contains(" B0")) && status_bar(s).contains("mismatches")
    });
    let Some(first) = first else {
        return Err(failed(format!(
            "the dashboard did not show its orders:\n{}",
            p.text()
        )));
    };
    println!(
        "dashboard: first frame with data {:.0} ms after the start",
        ms(first)
    );
    let mut lat = Lat::default();
    for _ in 0..rounds {
        round(&mut p, &mut lat)?;
    }
    p.send(b"q").map_err(failed)?;
    if !p.finish(Duration::from_secs(10)) {
        return Err(failed("the dashboard did not quit on q"));
    }
    Ok(lat)
}

/// Sends a key and records the time until `pred` holds under `label`.
fn timed(
    p: &mut Pty,
    lat: &mut Lat,
    label: &str,
    bytes: &[u8],
    pred: impl Fn(&vt100::Screen) -> bool,
) -> Result<Instant, CliError> {
    let t0 = Instant::now();
    p.send(bytes).map_err(failed)?;
    let d = p.wait_from(t0, KEY_WAIT, pred);
    if d.is_none() && !lat.missed.contains_key(label) {
        eprintln!("`{label}` timed out; the screen:\n{}", p.text());
    }
    lat.add(label, d);
    Ok(t0)
}

/// Waits for `pred` after a key sent at `t0` and records it under `label`.
fn then(p: &Pty, lat: &mut Lat, label: &str, t0: Instant, pred: impl Fn(&vt100::Screen) -> bool) {
    lat.add(label, p.wait_from(t0, KEY_WAIT, pred));
}

fn now_screen(p: &Pty) -> Result<vt100::Screen, CliError> {
    p.screen().ok_or_else(|| failed("the screen is gone"))
}

/// A row that shows an order (not a `…` placeholder).
fn loaded(row: &str) -> bool {
    row.contains(" B0") || row.contains("no orders in this status")
}

/// One round of every measured key, leaving the dashboard as it found it (Orders, first tab, top).
fn round(p: &mut Pty, lat: &mut Lat) -> Result<(), CliError> {
    // Cursor moves: the selected row moves (or its order changes).
    for (label, bytes, n) in [("j", &b"j"[..], 3), ("k", &b"k"[..], 3)] {
        for _ in 0..n {
            let before = sel(&now_screen(p)?);
            timed(p, lat, label, bytes, |s| sel(s).is_some() && sel(s) != before)?;
        }
    }
    for (label, bytes) in [("PgDn", &b"\x1b[6~"[..]), ("G", b"G"), ("g", b"g")] {
        let before = sel(&now_screen(p)?);
        let t0 = timed(p, lat, label, bytes, |s| sel(s).is_some() && sel(s) != before)?;
        then(p, lat, &format!("{label} (rows loaded)"), t0, |s| {
            sel(s).is_some_and(|(_, t)| loaded(&t))
        });
    }
    // Status tabs: the highlighted tab moves; then its rows arrive.
    for (label, bytes) in [("]", &b"]"[..]), ("[", b"[")] {
        let before = tab(&now_screen(p)?);
        let t0 = timed(p, lat, label, bytes, |s| tab(s) != before)?;
        let want = tab(&now_screen(p)?);
        let name = want.split_whitespace().next().unwrap_or_default().to_string();
        then(p, lat, &format!("{label} (rows loaded)"), t0, |s| {
            block_titles(s).contains(&format!("Orders — {name}"))
                && (sel(s).is_some_and(|(_, t)| loaded(&t))
                    || s.contents().contains("no orders in this status"))
        });
    }
    // Panes: the pane is named in the title bar and its table drawn.
    for (label, bytes, title) in [
        ("1", &b"1"[..], "Shops ("),
        ("3", b"3", "Mismatches ("),
        ("4", b"4", "Pushes ("),
        ("2", b"2", "Orders — "),
    ] {
        let name = title.trim_end_matches([' ', '(', '—']).trim();
        timed(p, lat, label, bytes, |s| {
            pane(s).contains(name) && block_titles(s).contains(title)
        })?;
    }
    // The filter: `/` opens the input, every typed character is echoed; Esc, Esc close it.
    timed(p, lat, "/", b"/", |s| footer(s).starts_with('/'))?;
    let needle = "B0001";
    for i in 1..=needle.len() {
        let typed = format!("/{}", &needle[..i]);
        timed(p, lat, "typing", &needle.as_bytes()[i - 1..i], |s| {
            footer(s).starts_with(&typed)
        })?;
    }
    timed(p, lat, "Esc (input)", b"\x1b", |s| !footer(s).starts_with('/'))?;
    let t0 = timed(p, lat, "Esc (filter)", b"\x1b", |s| {
        !block_titles(s).contains("filter:")
    })?;
    then(p, lat, "Esc (filter) (rows loaded)", t0, |s| {
        sel(s).is_some_and(|(_, t)| loaded(&t))
    });
    // Marks: Space marks and moves down; v starts a range (marks the row).
    let before = marked(&now_screen(p)?);
    timed(p, lat, "Space", b" ", |s| marked(s) == before + 1)?;
    timed(p, lat, "v", b"v", |s| marked(s) == before + 2)?;
    let at = sel(&now_screen(p)?);
    timed(p, lat, "j", b"j", |s| sel(s).is_some() && sel(s) != at)?;
    timed(p, lat, "v (end)", b"v", |s| marked(s) == before + 3)?;
    // Esc clears the marks; g back to the top.
    timed(p, lat, "Esc (marks)", b"\x1b", |s| marked(s) == 0)?;
    let before = sel(&now_screen(p)?);
    if before.as_ref().is_some_and(|(r, _)| *r != 4) {
        timed(p, lat, "g", b"g", |s| sel(s).is_some_and(|(r, _)| r == 4))?;
    }
    Ok(())
}
