//! Ingest benchmark: the engine pulls orders from the simulator across five shops into a fresh
//! sled store, beside two baselines measured in the same run — fetching the same pages with no
//! processing, and inserting the same records into a bare sled tree.
//!
//! `cargo bench --bench ingest` ingests 100,000 orders (`SHIPDECK_BENCH_ORDERS` overrides);
//! under `cargo test` it runs a small smoke version.

use std::sync::Arc;
use std::time::{Duration, Instant};

use shipdeck::config::{Config, EsmConfig, GripConfig};
use shipdeck::domain::shop::ShopSpec;
use shipdeck::domain::{Secret, Shop, Site};
use shipdeck::engine::{Engine, EngineOptions};
use shipdeck::market::{self, AdapterContext, Http, HttpOptions, SiteOrder, SystemClock, Window};
use shipdeck::sim::{self, FaultProfile, SimOptions, SimServer};
use shipdeck::store::Store;

const SITES: [Site; 5] = [
    Site::Qoo10,
    Site::Gmarket,
    Site::Lotteon,
    Site::Crossmall,
    Site::Grip,
];

fn http_options() -> HttpOptions {
    HttpOptions {
        esm_order_interval: Duration::ZERO,
        timeout: Duration::from_secs(30),
        ..HttpOptions::fast()
    }
}

fn shops(server: &SimServer) -> (Vec<Shop>, Config) {
    let w = server.state.world();
    let shops = SITES
        .iter()
        .map(|site| {
            let s = w
                .shops
                .iter()
                .find(|s| s.site == *site)
                .expect("the simulator has every site");
            let spec = ShopSpec {
                name: format!("{}-bench", site.slug()),
                site: site.slug().into(),
                shop_id: s.shop_id.clone(),
                api_base: Some(server.base_url(*site)),
                fields: s.credentials.clone(),
                options: Default::default(),
            };
            Shop::from_spec(&spec, jiff::Timestamp::now()).expect("valid shop")
        })
        .collect();
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
    (shops, config)
}

fn rate(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64().max(1e-9)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let target: usize = std::env::var("SHIPDECK_BENCH_ORDERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if full { 100_000 } else { 1_000 });
    // Carts per shop; Qoo10 and ESM make one order per line (~1.7 per cart), the others one per cart.
    let carts = target / SITES.len() * 10 / 13;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let server = sim::start(
        listener,
        SimOptions {
            seed: 42,
            orders: carts,
            faults: FaultProfile::None,
            stall: Duration::from_secs(60),
            esm_order_interval: Duration::ZERO,
            trickle: None,
        },
    )
    .await
    .expect("simulator");
    let (shops, config) = shops(&server);
    let now = jiff::Timestamp::now();
    let window = Window::new(
        now - jiff::SignedDuration::from_hours(24 * 3 + 1),
        now + jiff::SignedDuration::from_mins(1),
    );

    // Baseline 1: the same pages fetched and parsed, nothing else.
    let ctx = AdapterContext {
        http: Http::new(http_options()).expect("http"),
        config: Arc::new(config.clone()),
        clock: Arc::new(SystemClock),
    };
    let t = Instant::now();
    let mut fetched: Vec<SiteOrder> = Vec::new();
    for shop in &shops {
        let a = market::adapter_for(shop, &ctx).expect("adapter");
        for piece in window.split(jiff::SignedDuration::from_hours(24)) {
            fetched.extend(a.list_orders(piece).await.expect("listing"));
        }
    }
    let fetch = t.elapsed();
    let n = fetched.len();

    // Baseline 2: the same records into a bare sled tree.
    let bare_dir = tempfile::tempdir().expect("tempdir");
    let db = sled::open(bare_dir.path()).expect("sled");
    let tree = db.open_tree("orders").expect("tree");
    let t = Instant::now();
    for (i, o) in fetched.iter().enumerate() {
        let v = serde_json::to_vec(o).expect("encode");
        tree.insert((i as u64).to_be_bytes(), v).expect("insert");
    }
    db.flush().expect("flush");
    let bare = t.elapsed();

    // shipdeck: the engine pulls every shop into a fresh store (merge, resolve, index, counters).
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    for s in &shops {
        store.add_shop(s).expect("shop");
    }
    let opts = EngineOptions {
        http: http_options(),
        first_lookback: jiff::SignedDuration::from_hours(24 * 3 + 1),
        ..EngineOptions::fast()
    };
    let engine = Engine::new(store, config, Arc::new(SystemClock), opts).expect("engine");
    let t = Instant::now();
    let mut ingested = 0;
    for s in &shops {
        let summary = engine.pull_shop(&s.name, None).await.expect("pull");
        assert!(summary.errors.is_empty(), "{:?}", summary.errors);
        ingested += summary.new as usize;
    }
    let ours = t.elapsed();
    let stored: u64 = engine.store().counts().expect("counts").values().sum();
    assert_eq!(stored as usize, ingested, "every order stored once");
    server.stop().await;

    let (r_fetch, r_bare, r_ours) = (rate(n, fetch), rate(n, bare), rate(ingested, ours));
    let slower = r_fetch.min(r_bare);
    println!(
        "ingest benchmark: {n} orders fetched, {ingested} ingested, across {} shops",
        shops.len()
    );
    println!(
        "  baseline fetch only      : {:>10.0} orders/s ({:.2}s)",
        r_fetch,
        fetch.as_secs_f64()
    );
    println!(
        "  baseline bare sled insert: {:>10.0} orders/s ({:.2}s)",
        r_bare,
        bare.as_secs_f64()
    );
    println!(
        "  shipdeck engine pull     : {:>10.0} orders/s ({:.2}s)",
        r_ours,
        ours.as_secs_f64()
    );
    println!(
        "  engine / slower baseline : {:.0} % (target ≥ 80 %)",
        100.0 * r_ours / slower.max(1e-9)
    );
}
