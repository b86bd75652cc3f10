//! Recovery benchmark: after a crash, every pending push is checked against the site before it is
//! sent again. Per site, 500 orders are checked the old way (one order read each) and the new way
//! (one bulk listing, then a read for each order the listing did not find), in the same run,
//! under the documented rate limits with time compressed (`SHIPDECK_BENCH_COMPRESS`, default 10:
//! the 100-ms shop spacing becomes 10 ms and ESM's 5-s order quota 0.5 s). Calls are counted at
//! the simulator. Then 1,000 orders per site are confirmed through the adapter, and the call rate
//! achieved is set beside the rate the limiter allows.
//!
//! `cargo bench --bench recovery`; under `cargo test` a small smoke version runs.

use std::sync::Arc;
use std::time::{Duration, Instant};

use shipdeck::config::{Config, EsmConfig, GripConfig};
use shipdeck::domain::shop::ShopSpec;
use shipdeck::domain::{Secret, Shop, Site};
use shipdeck::market::{self, AdapterContext, ConfirmItem, Http, HttpOptions, SystemClock, Window};
use shipdeck::sim::{self, FaultProfile, SimOptions, SimServer};

const SITES: [Site; 4] = [Site::Qoo10, Site::Gmarket, Site::Lotteon, Site::Grip];

fn shop_and_config(server: &SimServer, site: Site) -> (Shop, Config) {
    let w = server.state.world();
    let s = w
        .shops
        .iter()
        .find(|s| s.site == site)
        .expect("the simulator has every site");
    let spec = ShopSpec {
        name: format!("{}-bench", site.slug()),
        site: site.slug().into(),
        shop_id: s.shop_id.clone(),
        api_base: Some(server.base_url(site)),
        fields: s.credentials.clone(),
        options: Default::default(),
    };
    let config = Config {
        esm: Some(EsmConfig {
            master_id: w.integrator.esm_master_id.clone(),
            secret_key: Secret::new(w.integrator.esm_secret_key.clone()),
        }),
        grip: Some(GripConfig {
            service_id: w.integrator.grip_service_id.clone(),
        }),
        ..Config::default()
    };
    (
        Shop::from_spec(&spec, jiff::Timestamp::now()).expect("valid shop"),
        config,
    )
}

fn calls(server: &SimServer, site: Site) -> u64 {
    let prefix = format!("{} ", site.slug());
    server
        .state
        .world()
        .requests
        .iter()
        .filter(|(k, _)| k.starts_with(&prefix))
        .map(|(_, n)| n)
        .sum()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let n: usize = if full { 500 } else { 20 };
    let compress: u32 = std::env::var("SHIPDECK_BENCH_COMPRESS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let real = HttpOptions::default();
    let http = HttpOptions {
        shop_interval: real.shop_interval / compress,
        esm_order_interval: real.esm_order_interval / compress,
        ..real
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let server = sim::start(
        listener,
        SimOptions {
            seed: 7,
            orders: n * 2,
            faults: FaultProfile::None,
            stall: Duration::from_secs(60),
            esm_order_interval: http.esm_order_interval,
            trickle: None,
        },
    )
    .await
    .expect("simulator");
    println!(
        "recovery benchmark: {n} pending pushes per site; shop spacing {:?}, ESM order quota {:?} \
         (documented limits / {compress})",
        http.shop_interval, http.esm_order_interval
    );
    let now = jiff::Timestamp::now();
    let window = Window::new(now - jiff::SignedDuration::from_hours(24 * 4), now);
    for site in SITES {
        let (shop, config) = shop_and_config(&server, site);
        let ctx = AdapterContext {
            http: Http::new(http.clone()).expect("http"),
            config: Arc::new(config),
            clock: Arc::new(SystemClock),
        };
        let adapter = market::adapter_for(&shop, &ctx).expect("adapter");
        let listed = adapter.list_orders(window).await.expect("listing");
        let wanted: Vec<(String, jiff::Timestamp)> = listed
            .iter()
            .take(n)
            .map(|o| (o.order_no.clone(), o.ordered_at))
            .collect();
        // Before: one read per order.
        let (c0, t) = (calls(&server, site), Instant::now());
        let mut seen = 0;
        for (no, at) in &wanted {
            if adapter.get_order(no, Some(*at)).await.expect("read").is_some() {
                seen += 1;
            }
        }
        let (before_calls, before_time) = (calls(&server, site) - c0, t.elapsed());
        // After: one bulk read, then a read for each order it did not find.
        let (c0, t) = (calls(&server, site), Instant::now());
        let found = adapter.find_orders(&wanted).await.expect("bulk read");
        let mut alone = 0;
        for (no, at) in &wanted {
            if !found.iter().any(|o| &o.order_no == no) {
                alone += 1;
                adapter.get_order(no, Some(*at)).await.expect("read");
            }
        }
        let (after_calls, after_time) = (calls(&server, site) - c0, t.elapsed());
        println!(
            "  {:<8} check of {} re-sends: before {:>5} calls {:>7.1} s; after {:>4} calls {:>6.1} s \
             ({} found in bulk, {alone} read alone); {:.1}x faster",
            site.slug(),
            wanted.len(),
            before_calls,
            before_time.as_secs_f64(),
            after_calls,
            after_time.as_secs_f64(),
            found.len(),
            before_time.as_secs_f64() / after_time.as_secs_f64().max(1e-9)
        );
        assert_eq!(seen, wanted.len(), "every order read the old way");
        // Bulk confirmation: the call rate achieved beside the rate the shop limiter allows.
        let items: Vec<ConfirmItem> = listed
            .iter()
            .take(2 * n)
            .map(|o| ConfirmItem {
                order_no: o.order_no.clone(),
                line_keys: o.lines.iter().map(|l| l.line_key.clone()).collect(),
            })
            .collect();
        let (c0, t) = (calls(&server, site), Instant::now());
        let results = adapter.confirm(&items).await.expect("confirm");
        let (made, took) = (calls(&server, site) - c0, t.elapsed());
        let allowed = 1.0 / http.shop_interval.as_secs_f64().max(1e-9);
        let achieved = made as f64 / took.as_secs_f64().max(1e-9);
        println!(
            "  {:<8} confirm of {} orders: {made} calls in {:.2} s ({} line results); {achieved:.1} calls/s \
             of {allowed:.1} allowed = {:.0} %",
            site.slug(),
            items.len(),
            took.as_secs_f64(),
            results.len(),
            100.0 * achieved / allowed
        );
    }
    server.stop().await;
}
