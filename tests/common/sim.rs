//! Starting the simulator on 127.0.0.1 and building real adapters pointed at it.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use shipdeck::config::{Config, EsmConfig, GripConfig, Qoo10Config};
use shipdeck::domain::shop::ShopSpec;
use shipdeck::domain::{Secret, Shop, Site};
use shipdeck::market::{
    self, AdapterContext, Clock, Http, HttpOptions, Marketplace, SiteOrder, SystemClock, Window,
};
use shipdeck::sim::inspect::{OrderStateView, ShopStateView, StateView};
use shipdeck::sim::{self, FaultProfile, SimOptions, SimServer};

/// Starts a simulator with test timings: stalls (2 s) outlast the fast client timeout (1.5 s),
/// and the ESM order quota is 50 ms.
pub async fn start(seed: u64, orders: usize, faults: FaultProfile) -> SimServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    sim::start(
        listener,
        SimOptions {
            seed,
            orders,
            faults,
            stall: Duration::from_secs(2),
            esm_order_interval: Duration::from_millis(50),
            trickle: None,
        },
    )
    .await
    .unwrap()
}

/// `GET /_sim/state` over HTTP.
pub async fn state(sim: &SimServer) -> StateView {
    reqwest::get(format!("{}/_sim/state", sim.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// `POST /_sim/<path>` with a JSON body; panics unless 2xx.
pub async fn post(sim: &SimServer, path: &str, body: serde_json::Value) -> serde_json::Value {
    let resp = reqwest::Client::new()
        .post(format!("{}/_sim/{path}", sim.url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let text = resp.text().await.unwrap();
    assert!(status.is_success(), "POST /_sim/{path}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)
}

/// The simulated shop of a site.
pub fn sim_shop(state: &StateView, site: Site) -> ShopStateView {
    state.shops.iter().find(|s| s.site == site).cloned().unwrap()
}

/// The (order, line) keys of `orders` as listed: a line listed twice is there twice.
pub fn line_keys<'a>(orders: impl IntoIterator<Item = &'a SiteOrder>) -> Vec<(String, String)> {
    orders
        .into_iter()
        .flat_map(|o| {
            o.lines
                .iter()
                .map(move |l| (o.order_no.clone(), l.line_key.clone()))
        })
        .collect()
}

/// The (order, line) keys of the simulated `site` orders that `keep` selects.
pub fn sim_line_keys(
    state: &StateView,
    site: Site,
    keep: impl Fn(&OrderStateView) -> bool,
) -> BTreeSet<(String, String)> {
    sim_shop(state, site)
        .orders
        .iter()
        .filter(|o| keep(o))
        .flat_map(|o| {
            o.lines
                .iter()
                .map(move |l| (o.order_no.clone(), l.line_key.clone()))
        })
        .collect()
}

/// The simulated `site`'s collectable (order, line) keys whose order time is in `window`.
pub fn sim_collectable(state: &StateView, site: Site, window: Window) -> BTreeSet<(String, String)> {
    sim_line_keys(state, site, |o| o.collectable && window.contains(o.ordered_at))
}

/// A shipdeck shop registered with the credentials the simulator accepts, pointed at it.
pub fn shop(sim: &SimServer, state: &StateView, site: Site) -> Shop {
    let s = sim_shop(state, site);
    let spec = ShopSpec {
        name: format!("{}-shop", site.slug()),
        site: site.slug().into(),
        shop_id: s.shop_id.clone(),
        api_base: Some(sim.base_url(site)),
        fields: s.credentials.clone(),
        options: Default::default(),
    };
    Shop::from_spec(&spec, jiff::Timestamp::now()).unwrap()
}

/// The integrator config the simulator accepts.
pub fn config(state: &StateView) -> Config {
    let i = &state.integrator;
    Config {
        esm: Some(EsmConfig {
            master_id: i.esm["master_id"].clone(),
            secret_key: Secret::new(i.esm["secret_key"].clone()),
        }),
        grip: Some(GripConfig {
            service_id: i.grip["service_id"].clone(),
        }),
        qoo10: Some(Qoo10Config {
            api_key: Secret::new(i.qoo10["api_key"].clone()),
            renew_user_id: None,
            renew_password: None,
        }),
        ..Config::default()
    }
}

/// The adapter context for tests: fast HTTP options, the given clock.
pub fn context(state: &StateView, clock: Arc<dyn Clock>) -> AdapterContext {
    AdapterContext {
        http: Http::new(HttpOptions::fast()).unwrap(),
        config: Arc::new(config(state)),
        clock,
    }
}

/// A real adapter for `shop` against the simulator, on the system clock.
pub fn adapter(state: &StateView, shop: &Shop) -> Box<dyn Marketplace> {
    market::adapter_for(shop, &context(state, Arc::new(SystemClock))).unwrap()
}
