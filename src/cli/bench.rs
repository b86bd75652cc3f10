//! `shipdeck bench tui` (hidden): the dashboard over a store of many orders, on a TestBackend,
//! beside a bare ratatui Table that renders only the visible rows, measured in the same run.

use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Args, Subcommand};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Constraint;
use ratatui::widgets::{Block, Borders, Row, Table, TableState};
use ratatui::Terminal;

use super::CliError;
use crate::config::Config;
use crate::domain::status::site_status;
use crate::domain::{
    LineSku, Money, Order, OrderKey, OrderLine, OrderState, Party, ProductRef, ShopName, Site, SkuCode, Stage,
};
use crate::engine::{Engine, EngineHandle, EngineOptions};
use crate::market::SystemClock;
use crate::store::{Change, Store};
use crate::tui::keymap::Keymap;
use crate::tui::msg::Data;
use crate::tui::msg::{Effect, Msg};
use crate::tui::queries::{orders_page, refresh_all, search_orders};
use crate::tui::theme::Theme;
use crate::tui::{update, view, Model};

/// `shipdeck bench …`.
#[derive(Debug, Subcommand)]
pub enum BenchCmd {
    /// The dashboard over a large store.
    Tui(TuiBench),
    /// Key to screen: the real dashboard in a pseudo-terminal, beside `less`.
    Pty(super::bench_pty::PtyBench),
    /// A dashboard attached over the socket vs one on its own engine; the engine idle with clients.
    Link(super::bench_link::LinkBench),
}

/// `shipdeck bench tui`.
#[derive(Debug, Args)]
pub struct TuiBench {
    /// Orders generated into the temporary store.
    #[arg(long, default_value_t = 1_000_000)]
    pub orders: u64,
    /// Orders per `Store::apply` batch.
    #[arg(long, default_value_t = 20_000)]
    pub batch: u64,
    /// Seconds of idle measured.
    #[arg(long, default_value_t = 60)]
    pub idle_secs: u64,
    /// Measure over this existing store instead of generating one (used by the bench itself: the
    /// store is generated, closed, and measured in a fresh process so RSS is the dashboard's).
    #[arg(long, hide = true)]
    pub use_dir: Option<std::path::PathBuf>,
    /// Frames rendered for the per-frame figure.
    #[arg(long, default_value_t = 300)]
    pub frames: usize,
    /// Measure only the open and the first frame (the cold run right after generation).
    #[arg(long, hide = true)]
    pub first_only: bool,
    /// Skip reading the search index ahead (as the dashboard does at start) before the first
    /// search, to time a search on a cold cache.
    #[arg(long)]
    pub no_warm_search: bool,
}

/// Runs a benchmark.
pub fn run(cmd: BenchCmd) -> Result<(), CliError> {
    match cmd {
        BenchCmd::Tui(a) => tui(a),
        BenchCmd::Pty(a) => super::bench_pty::run(a),
        BenchCmd::Link(a) => super::bench_link::run(a),
    }
}

/// The `i`th generated order, newest first, 7 s apart; `unmapped` gives its line a near-miss code
/// (`p-N` for the SKU `P-N`) that maps to nothing, so it is an open mismatch with suggestions.
pub(super) fn order(i: u64, base: jiff::Timestamp, unmapped: bool) -> Order {
    let site = [Site::Qoo10, Site::Gmarket, Site::Lotteon, Site::Grip][(i % 4) as usize];
    let shop = ShopName::new(&format!("{}-bench", site.slug())).unwrap_or_else(|_| unreachable!());
    let at = base - jiff::SignedDuration::from_secs(i as i64 * 7);
    let money = Money {
        amount: 1000,
        currency: site.currency(),
    };
    let stage = match i % 10 {
        0..=3 => Stage::Collected,
        4..=5 => Stage::Confirmed,
        6 => Stage::Instructed,
        7 => Stage::Shipped,
        _ => Stage::Delivered,
    };
    Order {
        key: OrderKey {
            shop,
            order_no: format!("B{i:09}"),
        },
        site,
        cart_no: None,
        site_status: site_status(site, "2"),
        state: OrderState::at(stage),
        ordered_at: at,
        paid_at: Some(at),
        zone: site.zone(),
        buyer: Party::default(),
        receiver: Party::default(),
        delivery_message: String::new(),
        lines: vec![OrderLine {
            line_key: "1".into(),
            site_status: site_status(site, "2"),
            product: ProductRef::Code {
                product_code: Some(if unmapped {
                    format!("p-{}", i % 500)
                } else {
                    format!("P-{}", i % 500)
                }),
                option_code: None,
            },
            product_name: format!("Product {}", i % 500),
            option_name: String::new(),
            quantity: 1,
            unit_price: money,
            amount: money,
            sku: match SkuCode::new(&format!("P-{}", i % 500)) {
                Ok(sku) if !unmapped => LineSku::Mapped { sku },
                _ => LineSku::Unmapped,
            },
        }],
        tracking: None,
        pushes: Vec::new(),
        collected_at: at,
        updated_at: at,
    }
}

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse::<f64>().ok()))
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn cpu_time() -> Duration {
    // SAFETY: getrusage writes into the zeroed struct we own.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe {
        libc::getrusage(libc::RUSAGE_SELF, &mut ru);
    }
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

pub(super) fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

pub(super) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Carries out the effects that load data, synchronously (the bench has no runner).
pub(super) fn apply(h: &EngineHandle, m: &mut Model, fx: Vec<Effect>) {
    for e in fx {
        if let Effect::LoadOrders { list, offset, limit } = e {
            let d = orders_page(h, list, offset, limit);
            let more = update(m, Msg::Data(d));
            apply(h, m, more);
        }
    }
}

/// Presses `keys` keys on the dashboard model `m` over `h` (moving, paging, jumping to both ends)
/// and times each from the key to the drawn frame, queries included.
pub(super) fn press_keys(
    h: &EngineHandle,
    m: &mut Model,
    term: &mut Terminal<TestBackend>,
    keys: usize,
) -> Result<Vec<Duration>, CliError> {
    let mut lat = Vec::with_capacity(keys);
    for k in 0..keys {
        let code = match k % 50 {
            0 => KeyCode::PageDown,
            25 => KeyCode::Char('G'),
            49 => KeyCode::Char('g'),
            _ => KeyCode::Char('j'),
        };
        let t = Instant::now();
        let fx = update(m, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        apply(h, m, fx);
        term.draw(|f| view(m, f))
            .map_err(|e| CliError::Failed(e.to_string()))?;
        lat.push(t.elapsed());
    }
    Ok(lat)
}

/// Writes `orders` orders (in batches of `batch`) into a new store in `dir` and closes it; with
/// `mismatches` > 0, that many new orders have an unmapped line, and the four bench shops (pulls
/// off) and the SKUs `P-0`…`P-499` are registered, so the Mismatches pane has suggestions to find.
pub(crate) fn generate(
    dir: &std::path::Path,
    orders: u64,
    batch: u64,
    mismatches: u64,
) -> Result<(), CliError> {
    let err = |e: &dyn std::fmt::Display| CliError::Failed(e.to_string());
    let store = Store::open(dir).map_err(|e| err(&e))?;
    let t0 = Instant::now();
    let base = jiff::Timestamp::now();
    // Every `step`th order (a multiple of 10, so a new one) is unmapped.
    let step = (orders / mismatches.max(1) / 10 * 10).max(10);
    let unmapped = |k: u64| mismatches > 0 && k % step == 0 && k / step < mismatches;
    let mut i = 0;
    while i < orders {
        let n = batch.min(orders - i);
        let change = Change {
            orders: (i..i + n).map(|k| order(k, base, unmapped(k))).collect(),
            ..Change::default()
        };
        store.apply(&change).map_err(|e| err(&e))?;
        i += n;
    }
    if mismatches > 0 {
        bench_world(&store).map_err(|e| err(&e))?;
    }
    store.flush().map_err(|e| err(&e))?;
    println!(
        "generated {orders} orders ({mismatches} with an unmapped line) in {:.1}s",
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The bench shops (one per generated site, pulls off) and the SKU catalogue `P-0`…`P-499`.
fn bench_world(store: &Store) -> Result<(), String> {
    let now = jiff::Timestamp::now();
    for site in [Site::Qoo10, Site::Gmarket, Site::Lotteon, Site::Grip] {
        let names: &[&str] = match site {
            Site::Qoo10 => &["seller_key"],
            Site::Lotteon => &["api_key", "account_number"],
            Site::Grip => &["access_key", "secret_key"],
            _ => &[],
        };
        let fields = names
            .iter()
            .map(|f| (f.to_string(), "bench-0000".to_string()))
            .collect();
        let spec = crate::domain::shop::ShopSpec {
            name: format!("{}-bench", site.slug()),
            site: site.slug().into(),
            shop_id: "bench".into(),
            api_base: Some("http://127.0.0.1:9".into()),
            fields,
            options: [("order_integration".to_string(), false)].into_iter().collect(),
        };
        let shop = crate::domain::Shop::from_spec(&spec, now).map_err(|e| e.to_string())?;
        store.add_shop(&shop).map_err(|e| e.to_string())?;
    }
    let skus = (0..500)
        .filter_map(|n| SkuCode::new(&format!("P-{n}")).ok())
        .map(|code| crate::domain::Sku {
            name: format!("Product {code}"),
            code,
            option_name: None,
            on_hand: 100,
            reserved: 0,
        })
        .collect();
    store
        .apply(&Change {
            skus,
            ..Change::default()
        })
        .map_err(|e| e.to_string())?;
    Ok(())
}

fn tui(a: TuiBench) -> Result<(), CliError> {
    let err = |e: &dyn std::fmt::Display| CliError::Failed(e.to_string());
    let Some(dir) = a.use_dir.clone() else {
        let tmp = tempfile::tempdir().map_err(|e| err(&e))?;
        generate(tmp.path(), a.orders, a.batch, 0)?;
        let exe = std::env::current_exe().map_err(|e| err(&e))?;
        // Cold: the first open after the orders were written, so sled replays its whole log.
        // Warm: every later start, when sled reads the snapshot it wrote at the previous open.
        for (label, extra) in [("cold", true), ("warm", false)] {
            println!("-- {label} start --");
            let mut cmd = std::process::Command::new(&exe);
            cmd.args(["bench", "tui", "--use-dir"]).arg(tmp.path()).args([
                "--idle-secs",
                &a.idle_secs.to_string(),
                "--frames",
                &a.frames.to_string(),
            ]);
            if extra {
                cmd.arg("--first-only");
            }
            let status = cmd.status().map_err(|e| err(&e))?;
            if !status.success() {
                return Err(CliError::Failed("the measuring process failed".into()));
            }
        }
        return Ok(());
    };
    // As the dashboard starts: the first frame is drawn before the store is opened (the status bar
    // says it is opening), then the store and the engine open and the first frame with data follows.
    let started = Instant::now();
    let (w, ht) = (120u16, 40u16);
    let mut m = Model::new(
        Keymap::default(),
        Theme::default16(),
        (w, ht),
        jiff::Timestamp::now(),
    );
    m.opening = Some(format!("opening the store at {}", dir.display()));
    let mut term = Terminal::new(TestBackend::new(w, ht)).map_err(|e| err(&e))?;
    term.draw(|f| view(&m, f)).map_err(|e| err(&e))?;
    println!(
        "first frame (store opening): {:.1} ms from the start",
        ms(started.elapsed())
    );
    let t = Instant::now();
    let store = Store::open(&dir).map_err(|e| err(&e))?;
    println!("store opened in {:.1} ms", ms(t.elapsed()));
    let engine = Engine::new(
        store,
        Config::default(),
        Arc::new(SystemClock),
        EngineOptions::default(),
    )
    .map_err(|e| err(&e))?;
    let h = EngineHandle::local(Arc::new(engine));
    m.opening = None;

    // First frame with data: the refresh queries and one draw.
    let t = Instant::now();
    let page = m.page() as u64;
    for d in refresh_all(&h, Some((m.orders.list(), 0, page * 3))) {
        let fx = update(&mut m, Msg::Data(d));
        apply(&h, &mut m, fx);
    }
    term.draw(|f| view(&m, f)).map_err(|e| err(&e))?;
    println!(
        "first frame with data: {:.1} ms after the open, {:.1} ms from the start ({} orders in the tab)",
        ms(t.elapsed()),
        ms(started.elapsed()),
        m.orders.total
    );
    if a.first_only {
        return Ok(());
    }

    // Render time per frame: the dashboard vs a bare table of the visible rows.
    let mut dash = Vec::with_capacity(a.frames);
    for k in 0..a.frames {
        let fx = update(
            &mut m,
            Msg::Key(KeyEvent::new(
                if k % 2 == 0 {
                    KeyCode::Char('j')
                } else {
                    KeyCode::Char('k')
                },
                KeyModifiers::NONE,
            )),
        );
        apply(&h, &mut m, fx);
        let t = Instant::now();
        term.draw(|f| view(&m, f)).map_err(|e| err(&e))?;
        dash.push(t.elapsed());
    }
    let cells: Vec<[String; 8]> = (0..m.page())
        .filter_map(|p| m.orders.row_at(p))
        .map(|r| {
            [
                " ".into(),
                r.key.order_no.clone(),
                r.site.clone(),
                r.key.shop.to_string(),
                r.time.clone(),
                r.items.to_string(),
                r.status.clone(),
                r.sku.clone(),
            ]
        })
        .collect();
    let mut bare_term = Terminal::new(TestBackend::new(w, ht)).map_err(|e| err(&e))?;
    let mut bare = Vec::with_capacity(a.frames);
    for k in 0..a.frames {
        let t = Instant::now();
        bare_term
            .draw(|f| {
                let rows = cells.iter().map(|c| Row::new(c.iter().map(String::as_str)));
                let table = Table::new(rows, [Constraint::Min(8); 8])
                    .header(Row::new([
                        "", "order no", "site", "shop", "ordered", "items", "status", "SKU",
                    ]))
                    .block(Block::default().borders(Borders::ALL));
                let mut st = TableState::default().with_selected(Some(k % cells.len().max(1)));
                f.render_stateful_widget(table, f.area(), &mut st);
            })
            .map_err(|e| err(&e))?;
        bare.push(t.elapsed());
    }
    let (d50, b50) = (pct(&mut dash, 0.5), pct(&mut bare, 0.5));
    println!(
        "frame: dashboard p50 {:.3} ms p99 {:.3} ms; bare table p50 {:.3} ms p99 {:.3} ms; ratio {:.2}",
        ms(d50),
        ms(pct(&mut dash, 0.99)),
        ms(b50),
        ms(pct(&mut bare, 0.99)),
        d50.as_secs_f64() / b50.as_secs_f64().max(1e-9)
    );

    // Key → frame: update, the page query when the window moves, the draw.
    let mut lat = press_keys(&h, &mut m, &mut term, 1000)?;
    println!(
        "key→frame: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        ms(pct(&mut lat, 0.5)),
        ms(pct(&mut lat, 0.99)),
        ms(pct(&mut lat, 1.0))
    );
    println!("RSS: {:.1} MB", rss_mb());

    // A filter searches the whole tab (off the UI task): a needle that matches nothing walks all.
    // The dashboard reads the search index ahead at start (low priority); timed here before it.
    if !a.no_warm_search {
        let t = Instant::now();
        let n = h.warm_search(&|| true).map_err(|e| err(&e))?;
        println!(
            "search index read ahead: {n} entries in {:.0} ms (the dashboard does it at start, at niceness 10)",
            ms(t.elapsed())
        );
    }
    let list = crate::tui::msg::OrdersList {
        filter: "no-such-order".into(),
        ..m.orders.list()
    };
    let mut runs = Vec::new();
    let mut scanned = 0;
    for _ in 0..5 {
        let t = Instant::now();
        if let Some(Data::Orders { search: Some(s), .. }) = search_orders(&h, list.clone(), &|| true) {
            scanned = s.scanned;
        }
        runs.push(t.elapsed());
    }
    // Baseline in the same run: the walk of every order of the tab (decoded and formatted), as the
    // search was before the index.
    let t = Instant::now();
    let mut walked = 0u64;
    let needle = crate::store::search::Needle::new("no-such-order");
    let mut buf = String::new();
    h.scan_orders(
        &crate::store::OrderQuery {
            status: Some(m.orders.tab),
            ..Default::default()
        },
        |o| {
            walked += 1;
            let row = crate::tui::model::OrderRow::from_order(&o);
            if needle.is_in(&row.hay, &mut buf) {
                walked += 1 << 40;
            }
            true
        },
    )
    .map_err(|e| err(&e))?;
    let base = t.elapsed();
    walked &= (1 << 40) - 1;
    let first = runs[0];
    println!(
        "filter search of the whole tab ({scanned} orders): first {:.0} ms, p50 of 5 {:.0} ms; \
         baseline walk of every order {:.0} ms ({walked} orders); ratio {:.1}x",
        ms(first),
        ms(pct(&mut runs, 0.5)),
        ms(base),
        base.as_secs_f64() / first.as_secs_f64().max(1e-9)
    );
    // A sorted page deep in the tab: by shop, the middle of the list.
    let total = m.orders.total;
    let t = Instant::now();
    let page = h
        .orders(&crate::store::OrderQuery {
            shop: None,
            status: Some(m.orders.tab),
            offset: total / 2,
            limit: m.page() as u64 * 3,
            sort: crate::store::OrderSort {
                by: crate::store::OrderSortKey::Shop,
                reverse: false,
            },
        })
        .map_err(|e| err(&e))?;
    println!(
        "page by shop at offset {}: {:.1} ms ({} rows)",
        total / 2,
        ms(t.elapsed()),
        page.orders.len()
    );

    // Idle: what the runner does when nothing happens — one tick and one draw a second.
    let c0 = cpu_time();
    let w0 = Instant::now();
    for s in 0..a.idle_secs {
        let next = w0 + Duration::from_secs(s + 1);
        std::thread::sleep(next.saturating_duration_since(Instant::now()));
        let fx = update(&mut m, Msg::Tick(jiff::Timestamp::now()));
        apply(&h, &mut m, fx);
        term.draw(|f| view(&m, f)).map_err(|e| err(&e))?;
    }
    let cpu = cpu_time().saturating_sub(c0);
    let wall = w0.elapsed();
    println!(
        "idle {}s: CPU {:.3} s = {:.2} % of a core",
        a.idle_secs,
        cpu.as_secs_f64(),
        100.0 * cpu.as_secs_f64() / wall.as_secs_f64().max(1e-9)
    );
    println!("RSS at end: {:.1} MB", rss_mb());
    Ok(())
}
