//! Hostile input from sites, and records that slipped through into the store: the store skips
//! and reports what it cannot read, and one shop's failure never stops another shop. Real parts:
//! the simulator over HTTP on 127.0.0.1, sled on disk.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use common::sim::{config, post, shop, sim_shop, start, state};
use serde_json::json;
use shipdeck::domain::shop::ShopHealth;
use shipdeck::domain::{HoldReason, OrderState, ShopName, Site, Stage};
use shipdeck::engine::{Actor, Command, CommandResult, Engine, EngineOptions};
use shipdeck::market::SystemClock;
use shipdeck::sim::FaultProfile;
use shipdeck::store::{OrderQuery, Store};

/// An order whose number holds a tab, as an older build could have stored it (the key is built
/// by hand, past `OrderKey::new`'s check).
fn tab_order(shop: &str, at_secs: i64, state: OrderState) -> shipdeck::domain::Order {
    let mut o = common::order(shop, "placeholder", at_secs, state, 2, 1);
    o.key.order_no = "12\t34".into();
    o
}

fn all(store: &Store) -> shipdeck::store::OrderPage {
    store
        .page_orders(&OrderQuery {
            limit: 1000,
            ..OrderQuery::default()
        })
        .unwrap()
}

#[test]
fn an_unreadable_order_record_is_skipped_reported_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let collected = || OrderState::at(Stage::Collected);
    store
        .put_order(&common::order("shop-a", "1001", 1_700_000_000, collected(), 1, 1))
        .unwrap();
    store
        .put_order(&tab_order("shop-a", 1_700_000_100, collected()))
        .unwrap();
    store
        .put_order(&common::order("shop-b", "2001", 1_700_000_200, collected(), 1, 0))
        .unwrap();

    let page = all(&store);
    let got: Vec<String> = page.orders.iter().map(|o| o.key.to_string()).collect();
    assert_eq!(got, vec!["shop-b/2001", "shop-a/1001"]);
    assert_eq!(page.skipped, 1, "the unreadable record is reported");
    assert_eq!(page.total, 3, "the counters still count it");

    let mut visited = 0;
    store
        .scan_orders(&OrderQuery::default(), |_| {
            visited += 1;
            true
        })
        .unwrap();
    assert_eq!(visited, 2);

    // Its mismatch entry cannot be read either; the good one still is.
    let mismatches = store.mismatches(0, 100).unwrap();
    assert_eq!(mismatches.len(), 1);
    assert_eq!(mismatches[0].key.to_string(), "shop-a/1001");

    let problems = store.verify().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("unreadable order record") && p.contains("12\\t34")),
        "{problems:?}"
    );
}

/// One shop holds an unreadable record on the path of its pull, another's site fails every call:
/// every shop is still pulled, the failing one is marked unhealthy with the reason, and the
/// unreadable record is reported with its shop.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_stored_record_and_a_failing_site_stop_no_other_shop() {
    let sites = [Site::Crossmall, Site::Grip, Site::Qoo10];
    let sim = start(31, 6, FaultProfile::None).await;
    let st = state(&sim).await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    for site in sites {
        store.add_shop(&shop(&sim, &st, site)).unwrap();
    }
    // Held for a failed push: the pull looks such orders up when the site no longer lists them.
    let an_hour_ago = jiff::Timestamp::now().as_second() - 3600;
    store
        .put_order(&tab_order(
            "crossmall-shop",
            an_hour_ago,
            OrderState::Held {
                reason: HoldReason::PushFailed,
                stage: Stage::Collected,
            },
        ))
        .unwrap();
    let engine = Engine::new(store, config(&st), Arc::new(SystemClock), EngineOptions::fast()).unwrap();
    post(
        &sim,
        "faults",
        json!({"site": "grip", "profile": "none", "server_error": 1.0}),
    )
    .await;

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
    assert_eq!(shops.len(), 3, "{shops:?}");
    let cm = &shops["crossmall-shop"];
    assert!(
        cm.errors.iter().any(|e| e.contains("unreadable") && e.contains("12\\t34")),
        "{cm:?}"
    );
    assert!(!shops["grip-shop"].errors.is_empty());
    assert!(shops["qoo10-shop"].errors.is_empty(), "{:?}", shops["qoo10-shop"]);

    // Every collectable order of the healthy sites is in.
    let stored: BTreeSet<(Site, String)> = all(engine.store())
        .orders
        .iter()
        .map(|o| (o.site, o.key.order_no.clone()))
        .collect();
    for site in [Site::Crossmall, Site::Qoo10] {
        for o in sim_shop(&st, site).orders.iter().filter(|o| o.collectable) {
            assert!(stored.contains(&(site, o.order_no.clone())), "{site} {} missing", o.order_no);
        }
    }
    let grip = engine
        .store()
        .get_shop(&ShopName::new("grip-shop").unwrap())
        .unwrap()
        .unwrap();
    match &grip.health {
        ShopHealth::Error { message, .. } => assert!(message.contains("503"), "{message}"),
        other => panic!("grip should be unhealthy: {other:?}"),
    }
}
