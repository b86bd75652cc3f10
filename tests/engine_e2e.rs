//! The engine end to end against the simulator on 127.0.0.1, with a real sled store on disk:
//! pull, map, confirm, instruct, track, push — per site, all five at once, under each fault profile.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use common::sim::{config, post, shop, sim_shop, start, state};
use serde_json::json;
use shipdeck::domain::mapping::SiteCode;
use shipdeck::domain::{
    Carrier, HoldReason, Mapping, OrderState, PushKind, PushState, Site, Sku, SkuCode, Stage, StatusKey,
    TrackingNumber,
};
use shipdeck::engine::{Actor, Command, CommandResult, Engine, EngineOptions, TrackingRow};
use shipdeck::market::SystemClock;
use shipdeck::sim::{FaultProfile, SimServer};
use shipdeck::store::{OrderQuery, Store};

struct Rig {
    sim: SimServer,
    engine: Arc<Engine>,
    _dir: tempfile::TempDir,
}

/// The engine's options for a fault profile. Under `hostile` about half of all requests fail
/// (rate limits, 5xx, stalls, truncated and malformed answers), and a re-sent push needs two good
/// answers in a row (the site's order read, then the call), so the push budget is larger than the
/// default; what the test checks — nothing twice, everything delivered — is unchanged.
fn options_for(faults: FaultProfile) -> EngineOptions {
    let fast = EngineOptions::fast();
    match faults {
        FaultProfile::Hostile => EngineOptions {
            push_max_attempts: 40,
            ..fast
        },
        _ => fast,
    }
}

async fn rig(seed: u64, orders: usize, sites: &[Site], faults: FaultProfile) -> Rig {
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

impl Rig {
    /// Pulls until a pull reports no errors (faults can fail a whole pull), at most `n` times.
    async fn pull_clean(&self, n: usize) {
        for _ in 0..n {
            let r = self
                .engine
                .execute(
                    &Actor("test".into()),
                    Command::PullNow {
                        shop: None,
                        from: None,
                        to: None,
                    },
                )
                .await
                .unwrap();
            let CommandResult::Pulled { shops } = r else {
                panic!()
            };
            if shops.values().all(|s| s.errors.is_empty()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no clean pull in {n} tries");
    }

    /// Runs the outbox until nothing is pending (or fails the test after `secs`).
    async fn drain(&self, secs: u64) {
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

    fn all_orders(&self) -> Vec<shipdeck::domain::Order> {
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
async fn catalogue(r: &Rig) {
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

async fn map_crossmall(r: &Rig) -> u64 {
    let mut released = 0;
    for m in r.engine.store().mismatches(0, usize::MAX).unwrap() {
        let Some(code @ SiteCode::Crossmall { .. }) = m.code else {
            continue;
        };
        let sku = SkuCode::new(&format!("CM-{}", code.parts()[0])).unwrap();
        r.engine
            .store()
            .put_sku(&Sku {
                code: sku.clone(),
                name: "cm".into(),
                option_name: None,
                on_hand: 1000,
                reserved: 0,
            })
            .unwrap();
        let res = r
            .engine
            .execute(
                &Actor("test".into()),
                Command::SetMapping {
                    mapping: Mapping {
                        site: Site::Crossmall,
                        shop: None,
                        code,
                        sku,
                        product_code: None,
                    },
                },
            )
            .await
            .unwrap();
        if let CommandResult::MappingSet { released: n, .. } = res {
            released += n;
        }
    }
    released
}

/// The sim's collectable (shop site, order no) set.
async fn sim_collectable(r: &Rig, sites: &[Site]) -> BTreeSet<(Site, String)> {
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

fn carrier_for(site: Site) -> Carrier {
    match site {
        Site::Qoo10 | Site::Crossmall => Carrier::Named {
            name: "ヤマト運輸".into(),
        },
        _ => Carrier::Cj,
    }
}

fn expected_carrier(site: Site) -> &'static str {
    match site {
        Site::Qoo10 | Site::Crossmall => "ヤマト運輸",
        Site::Gmarket | Site::Auction => "10013",
        Site::Lotteon => "0002",
        Site::Grip => "66",
    }
}

/// Pulls, then checks: the engine's open orders equal the simulator's collectable orders (none
/// missing, none doubled); orders the site moved past shipping after we saw them are held for a
/// manual shipping order.
async fn pull_and_compare(r: &Rig, sites: &[Site]) {
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

async fn full_cycle(seed: u64, sites: &[Site], faults: FaultProfile) {
    let r = rig(seed, 6, sites, faults).await;
    catalogue(&r).await;
    pull_and_compare(&r, sites).await;
    if sites.contains(&Site::Crossmall) {
        // Crossmall lines map only through text mappings: they arrive held; mapping releases them.
        let held_unmapped = r
            .all_orders()
            .iter()
            .filter(|o| {
                matches!(
                    o.state,
                    OrderState::Held {
                        reason: HoldReason::UnmappedSku,
                        ..
                    }
                )
            })
            .count() as u64;
        if faults == FaultProfile::None {
            assert!(held_unmapped > 0, "Crossmall orders wait for their mappings");
        }
        assert_eq!(
            map_crossmall(&r).await,
            held_unmapped,
            "mappings added after the orders arrived release the held orders"
        );
        assert_eq!(r.engine.store().mismatch_count().unwrap(), 0);
    }
    if faults != FaultProfile::None {
        post(&r.sim, "faults", json!({ "profile": faults })).await;
    }
    r.drain(90).await;
    // A second pull changes nothing and doubles nothing.
    pull_and_compare(&r, sites).await;
    if faults != FaultProfile::None {
        post(&r.sim, "faults", json!({ "profile": faults })).await;
    }
    r.drain(90).await;
    let st = state(&r.sim).await;
    let orders = r.all_orders();
    for site in sites {
        let after = sim_shop(&st, *site);
        let mut confirmed: BTreeMap<(String, Option<String>), usize> = BTreeMap::new();
        for c in &after.confirms {
            *confirmed
                .entry((c.order_no.clone(), c.line_key.clone()))
                .or_default() += 1;
        }
        assert!(
            confirmed.values().all(|n| *n == 1),
            "{site}: a confirmation reached the site twice: {confirmed:?}"
        );
        // Every confirmation the site recorded came from one of our confirm pushes, and every
        // push the site accepted in our own call is recorded.
        for o in orders.iter().filter(|o| o.site == *site) {
            let pushes = r.engine.store().pushes_of(&o.key.shop, &o.key.order_no).unwrap();
            let accepted = pushes.iter().any(|p| {
                matches!(p.kind, PushKind::Confirm { .. })
                    && matches!(p.state, PushState::Done { .. })
                    && p.note.as_deref() == Some("accepted")
            });
            let recorded = confirmed.keys().any(|(no, _)| no == &o.key.order_no);
            if accepted {
                assert!(recorded, "{site} {}: accepted but not recorded", o.key);
            }
            if recorded {
                assert!(
                    pushes.iter().any(|p| matches!(p.kind, PushKind::Confirm { .. })),
                    "{site} {}: recorded without a push",
                    o.key
                );
            }
        }
        let engine_orders: BTreeSet<&String> = orders
            .iter()
            .filter(|o| o.site == *site)
            .map(|o| &o.key.order_no)
            .collect();
        assert!(confirmed.keys().all(|(no, _)| engine_orders.contains(no)));
    }
    // Every open order is now instructed (all lines map): the warehouse receives parcels.
    let instructed: Vec<_> = orders
        .iter()
        .filter(|o| o.state == OrderState::at(Stage::Instructed))
        .collect();
    let open = orders
        .iter()
        .filter(|o| {
            !matches!(
                o.state,
                OrderState::Cancelled
                    | OrderState::Held {
                        reason: HoldReason::ShippingStartedOnSite,
                        ..
                    }
            )
        })
        .count();
    assert_eq!(
        instructed.len(),
        open,
        "{:?}",
        orders.iter().map(|o| (&o.key, &o.state)).collect::<Vec<_>>()
    );
    let rows: Vec<TrackingRow> = instructed
        .iter()
        .enumerate()
        .map(|(i, o)| TrackingRow {
            key: o.key.clone(),
            carrier: carrier_for(o.site),
            number: TrackingNumber::new(&format!("77{:08}", i)).unwrap(),
        })
        .collect();
    // The status-flip fault is "someone else shipped it on the site" — a different scenario (the
    // pull holds such orders for a manual shipping order); keep it out of our own shipping here.
    if faults != FaultProfile::None {
        post(&r.sim, "faults", json!({ "profile": faults, "status_flip": 0.0 })).await;
    }
    r.engine
        .execute(
            &Actor("test".into()),
            Command::ImportTracking { rows: rows.clone() },
        )
        .await
        .unwrap();
    r.drain(90).await;
    post(&r.sim, "faults", json!({"profile": "none"})).await;
    let st = state(&r.sim).await;
    for row in &rows {
        let site = orders.iter().find(|o| o.key == row.key).unwrap().site;
        let shop = sim_shop(&st, site);
        let recs: Vec<_> = shop
            .shipments
            .iter()
            .filter(|s| s.order_no == row.key.order_no)
            .collect();
        assert!(
            !recs.is_empty(),
            "{site} {}: no tracking reached the site; pushes {:?}; order {:?}",
            row.key,
            r.engine
                .store()
                .pushes_of(&row.key.shop, &row.key.order_no)
                .unwrap(),
            r.engine.store().get_order(&row.key).unwrap().map(|o| o.state)
        );
        let distinct: BTreeSet<_> = recs
            .iter()
            .map(|s| (s.line_key.clone(), s.carrier.clone(), s.tracking.clone()))
            .collect();
        // Grip's shipping registration is an idempotent upsert that a re-send after a lost answer
        // may repeat with the same values; every other site must see it exactly once.
        if site != Site::Grip || faults == FaultProfile::None {
            assert_eq!(
                recs.len(),
                distinct.len(),
                "{site} {}: a tracking number reached the site twice: {recs:?}",
                row.key
            );
        }
        for s in &recs {
            assert_eq!(s.carrier, expected_carrier(site), "{site}");
            assert_eq!(s.tracking, row.number.as_str());
        }
        // Grip without faults: every line of the order saw one `PUT /api/delivery/shipping` then
        // one `PUT /api/delivery/start`, both done (docs/delivery/README.md), and at most one
        // successful `prepare`.
        if site == Site::Grip && faults == FaultProfile::None {
            let order = st
                .shops
                .iter()
                .find(|s| s.site == site)
                .and_then(|s| s.orders.iter().find(|o| o.order_no == row.key.order_no))
                .unwrap();
            for l in &order.lines {
                let mine = || {
                    shop.writes
                        .iter()
                        .filter(|w| w.order_no == row.key.order_no && w.line_key == l.line_key)
                };
                let actions: Vec<(&str, bool)> = mine()
                    .filter(|w| w.call != "prepare")
                    .map(|w| (w.call.as_str(), w.ok))
                    .collect();
                assert_eq!(
                    actions,
                    [("shipping", true), ("start", true)],
                    "{} line {}",
                    row.key,
                    l.line_key
                );
                assert!(mine().filter(|w| w.call == "prepare" && w.ok).count() <= 1);
            }
        }
    }
    let all = r.all_orders();
    let shipped = all
        .iter()
        .filter(|o| o.state == OrderState::at(Stage::Shipped))
        .count();
    let not_shipped: Vec<String> = rows
        .iter()
        .filter_map(|row| {
            let o = all.iter().find(|o| o.key == row.key)?;
            (o.state != OrderState::at(Stage::Shipped)).then(|| {
                format!(
                    "{} is {:?}; pushes {:?}",
                    o.key,
                    o.state,
                    r.engine.store().pushes_of(&o.key.shop, &o.key.order_no).unwrap()
                )
            })
        })
        .collect();
    assert_eq!(shipped, rows.len(), "not shipped: {not_shipped:#?}");
    assert_eq!(r.engine.store().verify().unwrap(), Vec::<String>::new());
    let counts = r.engine.store().counts().unwrap();
    assert_eq!(
        counts
            .iter()
            .filter(|((_, s), _)| *s == StatusKey::Shipped)
            .map(|(_, n)| n)
            .sum::<u64>() as usize,
        rows.len()
    );
}

const FIVE: [Site; 6] = [
    Site::Qoo10,
    Site::Gmarket,
    Site::Auction,
    Site::Lotteon,
    Site::Crossmall,
    Site::Grip,
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grip_full_cycle() {
    full_cycle(101, &[Site::Grip], FaultProfile::None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qoo10_full_cycle() {
    full_cycle(102, &[Site::Qoo10], FaultProfile::None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gmarket_and_auction_full_cycle() {
    full_cycle(103, &[Site::Gmarket, Site::Auction], FaultProfile::None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lotteon_full_cycle() {
    full_cycle(104, &[Site::Lotteon], FaultProfile::None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crossmall_full_cycle() {
    full_cycle(105, &[Site::Crossmall], FaultProfile::None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_five_at_once() {
    full_cycle(106, &FIVE, FaultProfile::None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_five_flaky() {
    full_cycle(107, &FIVE, FaultProfile::Flaky).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_five_hostile() {
    full_cycle(108, &FIVE, FaultProfile::Hostile).await;
}

fn expire_qoo10_key(sim: &SimServer) {
    let mut w = sim.state.world();
    for s in w.shops.iter_mut().filter(|s| s.site == Site::Qoo10) {
        s.key_expired = true;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_qoo10_key_is_renewed_when_configured_else_the_shop_waits() {
    use shipdeck::domain::shop::ShopHealth;
    use shipdeck::domain::Credentials;
    // Without a renewal path: the shop stops and says why; the next pull does not call the site.
    let r = rig(111, 3, &[Site::Qoo10], FaultProfile::None).await;
    expire_qoo10_key(&r.sim);
    let name = shipdeck::domain::ShopName::new("qoo10-shop").unwrap();
    let s = r.engine.pull_shop(&name, None).await.unwrap();
    assert!(!s.errors.is_empty());
    let stopped = r.engine.store().get_shop(&name).unwrap().unwrap();
    assert!(
        matches!(&stopped.health, ShopHealth::AuthFailed { message, .. } if message.contains("renew")),
        "{:?}",
        stopped.health
    );
    let s = r.engine.pull_shop(&name, None).await.unwrap();
    assert!(s.errors[0].contains("traffic stopped"), "{s:?}");
    assert!(r.all_orders().is_empty());

    // With the option on and the shop's own QSM login: renewed by itself, and the pull goes on.
    let sim = start(112, 3, FaultProfile::None).await;
    let st = state(&sim).await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut s = shop(&sim, &st, Site::Qoo10);
    s.options.auto_renew_key = true;
    let old_key = match &s.credentials {
        Credentials::Qoo10 { seller_key, .. } => seller_key.clone(),
        _ => unreachable!(),
    };
    assert!(
        s.view().fields.contains_key("qsm_user_id"),
        "the simulated shop carries its own QSM login"
    );
    store.add_shop(&s).unwrap();
    let cfg = config(&st);
    let engine = Engine::new(store, cfg, Arc::new(SystemClock), EngineOptions::fast()).unwrap();
    expire_qoo10_key(&sim);
    let summary = engine.pull_shop(&s.name, None).await.unwrap();
    assert!(summary.errors.is_empty(), "{summary:?}");
    let want = sim_shop(&state(&sim).await, Site::Qoo10)
        .orders
        .iter()
        .filter(|o| o.collectable)
        .count() as u64;
    assert_eq!(summary.new, want);
    let after = engine.store().get_shop(&s.name).unwrap().unwrap();
    match &after.credentials {
        Credentials::Qoo10 {
            seller_key,
            key_expires,
            qsm_user_id,
            ..
        } => {
            assert!(qsm_user_id.is_some(), "the login stays with the shop");
            assert_ne!(seller_key, &old_key, "a new key was issued");
            assert!(key_expires.is_some());
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(after.health, ShopHealth::Ok { .. }));
    let audit = engine.store().audit_tail(5).unwrap();
    assert!(audit
        .iter()
        .any(|a| a.action == "shops.renew_key" && !a.detail.contains(&old_key.expose()[..8])));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_on_a_window_boundary_is_pulled_by_one_window_once() {
    let r = rig(113, 0, &[Site::Lotteon], FaultProfile::None).await;
    let boundary = jiff::Timestamp::from_second(jiff::Timestamp::now().as_second() - 7200).unwrap();
    post(
        &r.sim,
        "orders",
        json!({"site": "lotteon", "count": 1, "at": boundary}),
    )
    .await;
    let name = shipdeck::domain::ShopName::new("lotteon-shop").unwrap();
    let hour = jiff::SignedDuration::from_hours(1);
    let before = r
        .engine
        .pull_shop(
            &name,
            Some(shipdeck::market::Window::new(boundary - hour, boundary)),
        )
        .await
        .unwrap();
    let after = r
        .engine
        .pull_shop(
            &name,
            Some(shipdeck::market::Window::new(boundary, boundary + hour)),
        )
        .await
        .unwrap();
    assert_eq!((before.new, after.new), (0, 1));
    // A window longer than LotteON's one day is split, and pulling it again doubles nothing.
    let long = r
        .engine
        .pull_shop(
            &name,
            Some(shipdeck::market::Window::new(
                boundary - hour * 60,
                boundary + hour,
            )),
        )
        .await
        .unwrap();
    assert!(long.errors.is_empty(), "{long:?}");
    assert_eq!((long.new, r.all_orders().len()), (0, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stock_sync_pushes_availability_when_reservations_change() {
    let sim = start(114, 0, FaultProfile::None).await;
    post(&sim, "orders", json!({"site": "grip", "count": 3})).await;
    let st = state(&sim).await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut s = shop(&sim, &st, Site::Grip);
    s.options.order_confirmation = true;
    s.options.fulfillment_instructions = true;
    s.options.stock_sync = true;
    store.add_shop(&s).unwrap();
    // One SKU per code on the orders, 50 on hand each, mapped on this shop (stock sync goes only
    // through mappings).
    let mut wanted: BTreeMap<String, i64> = BTreeMap::new();
    for o in &sim_shop(&st, Site::Grip).orders {
        for l in &o.lines {
            let code = l.option_code.clone().unwrap_or(l.product_code.clone());
            *wanted.entry(code.clone()).or_insert(50) -= i64::from(l.quantity);
            store
                .put_sku(&Sku {
                    code: SkuCode::new(&code).unwrap(),
                    name: code.clone(),
                    option_name: l.option_code.as_ref().map(|_| "opt".into()),
                    on_hand: 50,
                    reserved: 0,
                })
                .unwrap();
            let site_code = match &l.option_code {
                Some(c) => SiteCode::Option { code: c.clone() },
                None => SiteCode::Product { code: code.clone() },
            };
            store
                .put_mapping(&Mapping {
                    site: Site::Grip,
                    shop: Some(s.name.clone()),
                    code: site_code,
                    sku: SkuCode::new(&code).unwrap(),
                    product_code: None,
                })
                .unwrap();
        }
    }
    let engine =
        Arc::new(Engine::new(store, config(&st), Arc::new(SystemClock), EngineOptions::fast()).unwrap());
    let r = Rig {
        sim,
        engine,
        _dir: dir,
    };
    r.pull_clean(5).await;
    r.drain(30).await;
    // Every order is instructed (stock reserved) and each SKU's availability reached the site.
    assert!(r
        .all_orders()
        .iter()
        .all(|o| o.state == OrderState::at(Stage::Instructed)));
    let after = sim_shop(&state(&r.sim).await, Site::Grip);
    let products = shipdeck::market::adapter_for(
        &r.engine.store().get_shop(&s.name).unwrap().unwrap(),
        &common::sim::context(&st, Arc::new(SystemClock)),
    )
    .unwrap()
    .list_products()
    .await
    .unwrap();
    for (code, available) in &wanted {
        let p = products
            .iter()
            .find(|p| p.code.parts() == vec![code.as_str()])
            .unwrap();
        assert_eq!(p.stock, *available, "{code}: on hand 50 less reserved");
    }
    assert!(after.stock_updates.len() >= wanted.len());
    let sku = r
        .engine
        .store()
        .get_sku(&SkuCode::new(wanted.keys().next().unwrap()).unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(sku.available(), *wanted.values().next().unwrap());
}

/// `Command::ImportSkus` (the dashboard's `:sku import`): a file mapping the held Crossmall lines
/// releases their orders at once; a dry run before it writes nothing and releases nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sku_file_import_releases_held_orders() {
    let r = rig(41, 6, &[Site::Crossmall], FaultProfile::None).await;
    catalogue(&r).await;
    pull_and_compare(&r, &[Site::Crossmall]).await;
    let held = r.engine.store().mismatch_count().unwrap();
    assert!(held > 0, "Crossmall orders wait for their mappings");
    let mut text = String::from(
        "sku code,sku name,on hand,site,crossmall item code,crossmall item name,crossmall option text\n",
    );
    let mut seen = BTreeSet::new();
    for m in r.engine.store().mismatches(0, usize::MAX).unwrap() {
        let Some(SiteCode::Crossmall {
            item_code,
            item_name,
            option_text,
        }) = m.code
        else {
            continue;
        };
        if !seen.insert((item_code.clone(), item_name.clone(), option_text.clone())) {
            continue;
        }
        let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        text.push_str(&format!(
            "{},cm,1000,crossmall,{},{},{}\n",
            q(&format!("CM-{item_code}-{}", seen.len())),
            q(&item_code),
            q(&item_name),
            q(&option_text)
        ));
    }
    let file = r._dir.path().join("map.csv");
    std::fs::write(&file, text).unwrap();
    let import = |dry_run| Command::ImportSkus {
        path: file.clone(),
        encoding: None,
        dry_run,
    };
    let actor = Actor("test".into());
    let CommandResult::SkusImported { report } = r.engine.execute(&actor, import(true)).await.unwrap() else {
        panic!()
    };
    assert!(report.ok() && !report.applied, "{report}");
    assert_eq!(r.engine.store().mismatch_count().unwrap(), held);
    let CommandResult::SkusImported { report } = r.engine.execute(&actor, import(false)).await.unwrap()
    else {
        panic!()
    };
    assert!(report.applied, "{report}");
    assert!(report.released > 0, "{report}");
    assert_eq!(r.engine.store().mismatch_count().unwrap(), 0, "{report}");
}

/// The hostile-content profile on every site, Grip's listings endless on top: the engine ends with
/// every good order ingested, every order the sites sent with a bad number reported with its shop
/// and raw text (and never stored), no control character stored, no redirect followed, and Grip's
/// failure stopping no other shop.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_five_hostile_content() {
    use shipdeck::domain::text::{escape, is_unsafe};
    use shipdeck::sim::faults::{corrupt_id, hostile_id};
    let sites = [
        Site::Qoo10,
        Site::Gmarket,
        Site::Auction,
        Site::Lotteon,
        Site::Crossmall,
        Site::Grip,
    ];
    let r = rig(61, 12, &sites, FaultProfile::None).await;
    let opts = EngineOptions {
        http: shipdeck::market::HttpOptions {
            max_answer_bytes: 512 * 1024,
            max_pages: 20,
            ..shipdeck::market::HttpOptions::fast()
        },
        ..EngineOptions::fast()
    };
    let engine = Engine::new(
        r.engine.store().clone(),
        config(&state(&r.sim).await),
        Arc::new(SystemClock),
        opts,
    )
    .unwrap();
    post(&r.sim, "faults", json!({"profile": "hostile-content"})).await;
    post(
        &r.sim,
        "faults",
        json!({"site": "grip", "profile": "hostile-content", "endless_pages": true}),
    )
    .await;
    let rate = FaultProfile::HostileContent.faults().bad_ids;
    // The sites whose answers carry order numbers as text (the others send numbers, which the
    // profile leaves alone).
    let text_ids = [Site::Lotteon, Site::Crossmall];
    let st = state(&r.sim).await;
    let mut good: BTreeSet<(Site, String)> = BTreeSet::new();
    let mut bad: BTreeSet<(Site, String)> = BTreeSet::new();
    for site in sites.iter().filter(|s| **s != Site::Grip) {
        for o in sim_shop(&st, *site).orders.iter().filter(|o| o.collectable) {
            if text_ids.contains(site) && hostile_id(&o.order_no, rate) {
                bad.insert((*site, o.order_no.clone()));
            } else {
                good.insert((*site, o.order_no.clone()));
            }
        }
    }
    assert!(!bad.is_empty(), "the seed gives some bad numbers");
    let shop_of = |s: Site| format!("{}-shop", s.slug());
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut stored: BTreeSet<(Site, String)> = BTreeSet::new();
    for _ in 0..40 {
        let res = engine
            .execute(
                &Actor("test".into()),
                Command::PullNow {
                    shop: None,
                    from: None,
                    to: None,
                },
            )
            .await
            .expect("a pull of every shop is never stopped by one");
        let CommandResult::Pulled { shops } = res else {
            panic!()
        };
        assert_eq!(shops.len(), sites.len(), "every shop was pulled");
        for (name, s) in shops {
            errors.entry(name).or_default().extend(s.errors);
        }
        stored = r
            .all_orders()
            .iter()
            .map(|o| (o.site, o.key.order_no.clone()))
            .collect();
        if good.iter().all(|k| stored.contains(k)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let missing: Vec<_> = good.iter().filter(|k| !stored.contains(k)).collect();
    assert!(missing.is_empty(), "good orders not ingested: {missing:?}");
    for (site, no) in &bad {
        assert!(!stored.contains(&(*site, no.clone())), "{site} {no} stored");
        let raw = escape(&corrupt_id(no));
        let shop = shop_of(*site);
        assert!(
            errors
                .get(&shop)
                .is_some_and(|es| es.iter().any(|e| e.starts_with(&shop) && e.contains(&raw))),
            "{shop}: bad order {no} not reported; errors: {:?}",
            errors.get(&shop)
        );
    }
    for o in r.all_orders() {
        let text = format!("{o:?}");
        let shown: String = text.chars().filter(|c| is_unsafe(*c)).collect();
        assert!(shown.is_empty(), "{} holds control characters", o.key);
    }
    let grip = engine
        .store()
        .get_shop(&shipdeck::domain::ShopName::new(&shop_of(Site::Grip)).unwrap())
        .unwrap()
        .unwrap();
    assert!(
        matches!(grip.health, shipdeck::domain::shop::ShopHealth::Error { .. }),
        "grip should be unhealthy: {:?}",
        grip.health
    );
    assert!(
        errors[&shop_of(Site::Grip)]
            .iter()
            .any(|e| e.contains("after 20 pages")),
        "{:?}",
        errors[&shop_of(Site::Grip)]
    );
    assert!(stored.iter().all(|(_, n)| !n.contains('\t')));
    assert_eq!(r.sim.state.stolen_calls(), 0, "a redirect was followed");
    assert_eq!(engine.store().verify().unwrap(), Vec::<String>::new());
}
