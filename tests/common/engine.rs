//! The engine rig shared by the end-to-end engine tests: a simulator on 127.0.0.1, a real sled
//! store on disk with one shop per site, and the pull / drain / compare steps they repeat.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use super::sim::{config, post, shop, sim_shop, start, state};
use serde_json::json;
use shipdeck::domain::{HoldReason, OrderState, Site, Sku, SkuCode};
use shipdeck::engine::{Actor, Command, CommandResult, Engine, EngineOptions, PullSummary};
use shipdeck::market::SystemClock;
use shipdeck::sim::{FaultProfile, SimServer};
use shipdeck::store::{OrderQuery, Store};

/// A simulator, and an engine on a store in a temporary directory.
pub struct Rig {
    /// The simulator the shops talk to.
    pub sim: SimServer,
    /// The engine under test.
    pub engine: Arc<Engine>,
    /// The store's directory (kept alive with the rig; tests may write files beside the store).
    pub _dir: tempfile::TempDir,
}

/// The engine's options for a fault profile. Under `hostile` about half of all requests fail
/// (rate limits, 5xx, stalls, truncated and malformed answers), and a re-sent push needs two good
/// answers in a row (the site's order read, then the call), so the push budget is larger than the
/// default; what the test checks — nothing twice, everything delivered — is unchanged.
pub fn options_for(faults: FaultProfile) -> EngineOptions {
    let fast = EngineOptions::fast();
    match faults {
        FaultProfile::Hostile => EngineOptions {
            push_max_attempts: 40,
            ..fast
        },
        _ => fast,
    }
}

/// Starts a simulator (`seed`, `orders` per shop) and an engine with one shop per site in
/// `sites` (confirmation and instructions on), then turns on the fault profile.
pub async fn rig(seed: u64, orders: usize, sites: &[Site], faults: FaultProfile) -> Rig {
    let sim = start(seed, orders, FaultProfile::None).await;
    let st = state(&sim).await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    for site in sites {
        let mut s = shop(&sim, &st, *site);
        s.options.order_confirmation = true;
        s.options.fulfillment_instructions = true;
        store.add_shop(&s).unwrap();
    }
    let engine =
        Arc::new(Engine::new(store, config(&st), Arc::new(SystemClock), options_for(faults)).unwrap());
    if faults != FaultProfile::None {
        post(&sim, "faults", json!({ "profile": faults })).await;
    }
    Rig {
        sim,
        engine,
        _dir: dir,
    }
}

/// Pulls every shop once (`PullNow` with no shop or window) and answers each shop's summary.
pub async fn pull_every_shop(engine: &Engine) -> BTreeMap<String, PullSummary> {
    let r = engine
        .execute(
            &Actor("test".into()),
            Command::PullNow {
                shop: None,
                from: None,
                to: None,
            },
        )
        .await
        .expect("a pull of every shop is not stopped by one shop");
    let CommandResult::Pulled { shops } = r else {
        panic!("{r:?}")
    };
    shops
}

impl Rig {
    /// Pulls until a pull reports no errors (faults can fail a whole pull), at most `n` times.
    pub async fn pull_clean(&self, n: usize) {
        for _ in 0..n {
            let shops = pull_every_shop(&self.engine).await;
            if shops.values().all(|s| s.errors.is_empty()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no clean pull in {n} tries");
    }

    /// Runs the outbox until nothing is pending (or fails the test after `secs`).
    pub async fn drain(&self, secs: u64) {
        let deadline = std::time::Instant::now() + Duration::from_secs(secs);
        loop {
            self.engine.run_outbox_once().await.unwrap();
            if self.engine.store().pending_push_count() == 0 {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "pushes still pending after {secs}s"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub fn all_orders(&self) -> Vec<shipdeck::domain::Order> {
        self.engine
            .store()
            .page_orders(&OrderQuery {
                limit: 1_000_000,
                ..OrderQuery::default()
            })
            .unwrap()
            .orders
    }
}

/// Registers a SKU for every code the simulator's orders carry, and a Crossmall text mapping per
/// open mismatch, so that every line maps.
pub async fn catalogue(r: &Rig) {
    let st = state(&r.sim).await;
    for s in &st.shops {
        for o in &s.orders {
            for l in &o.lines {
                let (code, opt) = match &l.option_code {
                    Some(c) => (c.clone(), Some("option".to_string())),
                    None => (l.product_code.clone(), None),
                };
                r.engine
                    .store()
                    .put_sku(&Sku {
                        code: SkuCode::new(&code).unwrap(),
                        name: code.clone(),
                        option_name: opt,
                        on_hand: 1000,
                        reserved: 0,
                    })
                    .unwrap();
            }
        }
    }
}

/// The sim's collectable (shop site, order no) set.
pub async fn sim_collectable(r: &Rig, sites: &[Site]) -> BTreeSet<(Site, String)> {
    let st = state(&r.sim).await;
    let mut out = BTreeSet::new();
    for site in sites {
        for o in &sim_shop(&st, *site).orders {
            if o.collectable {
                out.insert((*site, o.order_no.clone()));
            }
        }
    }
    out
}

/// Pulls, then checks: the engine's open orders equal the simulator's collectable orders (none
/// missing, none doubled); orders the site moved past shipping after we saw them are held for a
/// manual shipping order.
pub async fn pull_and_compare(r: &Rig, sites: &[Site]) {
    r.pull_clean(40).await;
    // Faults off, and one more pull: a status the site changed after answering a listing (the
    // status-flip fault) is caught by the next pull's overlapping window.
    post(&r.sim, "faults", json!({"profile": "none"})).await;
    r.pull_clean(1).await;
    let want = sim_collectable(r, sites).await;
    let orders = r.all_orders();
    let mut got = BTreeSet::new();
    for o in &orders {
        let key = (o.site, o.key.order_no.clone());
        match &o.state {
            OrderState::Held {
                reason: HoldReason::ShippingStartedOnSite,
                ..
            }
            | OrderState::Cancelled => assert!(
                !want.contains(&key),
                "{key:?} is held or cancelled but collectable"
            ),
            _ => {
                assert!(got.insert(key), "doubled");
            }
        }
    }
    assert_eq!(
        got, want,
        "the engine's open orders equal the simulator's collectable orders"
    );
}
