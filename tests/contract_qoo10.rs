//! Contract tests: the Qoo10 adapter against the simulated Qoo10 QAPI over real HTTP.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::json;
use shipdeck::domain::mapping::SiteCode;
use shipdeck::domain::{Carrier, Credentials, Secret, Shop, Site, TrackingNumber};
use shipdeck::market::{
    self, AdapterContext, ConfirmItem, Http, HttpOptions, MarketError, Marketplace, SellerLogin, Shipment,
    StockUpdate, SystemClock, Window,
};
use shipdeck::sim::inspect::StateView;
use shipdeck::sim::{FaultProfile, SimServer};

use common::faults::{
    assert_fault_classes, case, junk, malformed, retry_after_1s, set_faults, timed_out, transient, Call,
};
use common::sim::{adapter, context, line_keys, post, shop, sim_collectable, sim_shop, start, state};

const SITE: Site = Site::Qoo10;

fn ts(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

/// An adapter that sends every call once (no retries), so each fault shows as its own class.
fn one_shot(st: &StateView, shop: &Shop) -> Box<dyn Marketplace> {
    let mut ctx: AdapterContext = context(st, Arc::new(SystemClock));
    ctx.http = Http::new(HttpOptions {
        max_attempts: 1,
        ..HttpOptions::fast()
    })
    .unwrap();
    market::adapter_for(shop, &ctx).unwrap()
}

fn with_key(shop: &Shop, key: &str) -> Shop {
    let mut s = shop.clone();
    s.credentials = Credentials::Qoo10 {
        seller_key: Secret::new(key),
        key_expires: None,
        qsm_user_id: None,
        qsm_password: None,
        ship_days: None,
    };
    s
}

async fn add(sim: &SimServer, count: usize, at: &str) -> Vec<String> {
    let v = post(sim, "orders", json!({"site": "qoo10", "count": count, "at": at})).await;
    v["created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

async fn set_status(sim: &SimServer, shop_id: &str, order: &str, status: &str) {
    post(
        sim,
        "status",
        json!({"site": "qoo10", "shop_id": shop_id, "order_no": order, "status": status}),
    )
    .await;
}

/// Ten days of orders: more than one 7-day listing window, with orders on the split boundary,
/// on both window edges, cancelled, and in non-collectable statuses.
async fn ten_days(sim: &SimServer) -> Window {
    let w = Window::new(ts("2026-10-01T00:00:00Z"), ts("2026-10-11T00:00:00Z"));
    for at in [
        "2026-09-30T23:59:59Z", // before the window
        "2026-10-01T00:00:00Z", // on its start
        "2026-10-02T03:04:05Z",
        "2026-10-05T12:00:00Z",
        "2026-10-08T00:00:00Z", // on the 7-day split
        "2026-10-09T18:30:00Z",
        "2026-10-10T23:59:59Z",
        "2026-10-11T00:00:00Z", // on its end (excluded)
    ] {
        add(sim, 3, at).await;
    }
    w
}

#[tokio::test]
async fn connection_good_bad_and_expired_keys_give_different_errors() {
    let sim = start(11, 0, FaultProfile::None).await;
    let st = state(&sim).await;
    let good = shop(&sim, &st, SITE);
    let report = adapter(&st, &good).test_connection().await.unwrap();
    assert_eq!(report.message, "ResultCode 0: SUCCESS");

    let bad = with_key(&good, "SAK-not-a-real-key");
    match adapter(&st, &bad).test_connection().await {
        Err(MarketError::Auth { message }) => assert!(message.contains("-10000"), "{message}"),
        other => panic!("expected Auth, got {other:?}"),
    }

    post(&sim, "faults", json!({"site": "qoo10", "expired_key": true})).await;
    match adapter(&st, &good).test_connection().await {
        Err(MarketError::KeyExpired { message }) => {
            assert!(
                message.contains("-90004") && message.contains("expired"),
                "{message}"
            )
        }
        other => panic!("expected KeyExpired, got {other:?}"),
    }
    post(&sim, "faults", json!({"site": "qoo10", "profile": "none"})).await;

    // The shop's own expiry flag answers the same way.
    {
        let mut w = sim.state.world();
        let i = w.shop_index(SITE, &good.shop_id).unwrap();
        w.shops[i].key_expired = true;
    }
    let a = adapter(&st, &good);
    assert!(matches!(
        a.test_connection().await,
        Err(MarketError::KeyExpired { .. })
    ));
    assert!(sim_shop(&state(&sim).await, SITE).rejected >= 2);
}

#[tokio::test]
async fn renewing_the_key_issues_a_new_one_that_works() {
    let sim = start(12, 0, FaultProfile::None).await;
    let st = state(&sim).await;
    let s = shop(&sim, &st, SITE);
    {
        let mut w = sim.state.world();
        let i = w.shop_index(SITE, &s.shop_id).unwrap();
        w.shops[i].key_expired = true;
    }
    let a = adapter(&st, &s);
    assert!(matches!(
        a.test_connection().await,
        Err(MarketError::KeyExpired { .. })
    ));

    // No login: a configuration error, no call.
    match a.renew_credentials(None).await {
        Err(MarketError::Config { message }) => assert!(message.contains("QSM login"), "{message}"),
        other => panic!("expected Config, got {other:?}"),
    }
    // A wrong password: the site's refusal.
    let own = sim_shop(&st, SITE).credentials;
    let wrong = SellerLogin {
        user_id: own["qsm_user_id"].clone(),
        password: Secret::new("wrong"),
    };
    assert!(matches!(
        a.renew_credentials(Some(&wrong)).await,
        Err(MarketError::Permanent { .. })
    ));

    let login = SellerLogin {
        user_id: own["qsm_user_id"].clone(),
        password: Secret::new(own["qsm_password"].clone()),
    };
    let renewal = a.renew_credentials(Some(&login)).await.unwrap();
    let after = state(&sim).await;
    assert_eq!(
        sim_shop(&after, SITE).credentials["seller_key"],
        renewal.seller_key.expose()
    );
    assert_ne!(
        renewal.seller_key.expose(),
        st.shops.iter().find(|x| x.site == SITE).unwrap().credentials["seller_key"]
    );
    let expires = renewal.expires.unwrap();
    let today = jiff::Zoned::now().date();
    assert!(expires > today.checked_add(jiff::Span::new().days(360)).unwrap());
    // The same adapter now uses the new key; a shop built with it works too.
    assert_eq!(
        a.test_connection().await.unwrap().message,
        "ResultCode 0: SUCCESS"
    );
    let renewed = with_key(&s, renewal.seller_key.expose());
    assert!(adapter(&after, &renewed).test_connection().await.is_ok());

    // Without the integrator key the adapter cannot ask.
    let mut ctx = context(&st, Arc::new(SystemClock));
    let mut cfg = (*ctx.config).clone();
    cfg.qoo10 = None;
    ctx.config = Arc::new(cfg);
    let b = market::adapter_for(&renewed, &ctx).unwrap();
    match b.renew_credentials(Some(&login)).await {
        Err(MarketError::Config { message }) => assert!(message.contains("[qoo10] api_key"), "{message}"),
        other => panic!("expected Config, got {other:?}"),
    }
}

#[tokio::test]
async fn listing_over_several_windows_equals_the_collectable_set() {
    let sim = start(13, 0, FaultProfile::None).await;
    let window = ten_days(&sim).await;
    let st = state(&sim).await;
    let s = shop(&sim, &st, SITE);
    let shop_id = s.shop_id.clone();
    // Some orders leave the collectable set; one is cancelled.
    let inside: Vec<_> = sim_shop(&st, SITE)
        .orders
        .iter()
        .filter(|o| window.contains(o.ordered_at))
        .map(|o| o.order_no.clone())
        .collect();
    assert!(inside.len() >= 15, "{}", inside.len());
    set_status(&sim, &shop_id, &inside[0], "4").await;
    set_status(&sim, &shop_id, &inside[1], "1").await;
    set_status(&sim, &shop_id, &inside[2], "3").await;
    post(
        &sim,
        "cancel",
        json!({"site": "qoo10", "shop_id": shop_id, "order_no": inside[3]}),
    )
    .await;

    let orders = adapter(&st, &s).list_orders(window).await.unwrap();
    let st = state(&sim).await;
    let got = line_keys(&orders);
    let set: BTreeSet<_> = got.iter().cloned().collect();
    assert_eq!(got.len(), set.len(), "an order listed twice");
    assert_eq!(set, sim_collectable(&st, SITE, window));
    assert!(!set
        .iter()
        .any(|(o, _)| o == &inside[0] || o == &inside[1] || o == &inside[3]));

    // The fields come through: JST times as UTC, codes, amounts, statuses.
    let sim_orders = sim_shop(&st, SITE).orders;
    for o in &orders {
        let so = sim_orders.iter().find(|x| x.order_no == o.order_no).unwrap();
        assert_eq!(o.ordered_at.as_second(), so.ordered_at.as_second());
        assert_eq!(o.site_status.code, so.status);
        assert!(o.cart_no.is_some());
        assert_eq!(o.lines[0].line_key, o.order_no);
        let line = &so.lines[0];
        assert_eq!(
            o.lines[0].product,
            shipdeck::domain::ProductRef::Code {
                product_code: Some(line.product_code.clone()),
                option_code: line.option_code.clone(),
            }
        );
        assert_eq!(o.lines[0].quantity, line.quantity);
        assert_eq!(
            o.lines[0].amount.amount,
            o.lines[0].unit_price.amount * i64::from(line.quantity)
        );
        assert!(!o.receiver.address.is_empty());
    }
}

#[tokio::test]
async fn listing_under_flaky_faults_and_page_faults_stays_exact() {
    let sim = start(14, 0, FaultProfile::None).await;
    let window = ten_days(&sim).await;
    let st = state(&sim).await;
    let s = shop(&sim, &st, SITE);
    let a = adapter(&st, &s);
    for faults in [
        json!({"site": "qoo10", "profile": "flaky"}),
        json!({"site": "qoo10", "profile": "none", "duplicate_page": 0.5, "status_flip": 0.5}),
    ] {
        post(&sim, "faults", faults).await;
        for _ in 0..3 {
            let orders = a.list_orders(window).await.unwrap();
            let st = state(&sim).await;
            let got = line_keys(&orders);
            let set: BTreeSet<_> = got.iter().cloned().collect();
            assert_eq!(got.len(), set.len(), "an order listed twice");
            assert_eq!(set, sim_collectable(&st, SITE, window));
        }
    }
    // The faults really happened: calls were refused and retried, and some orders moved past
    // the collectable statuses.
    let st = state(&sim).await;
    assert!(st.fault_rejections.get("qoo10").copied().unwrap_or(0) > 0);
    assert!(sim_shop(&st, SITE).orders.iter().any(|o| o.status == "4"));
}

#[tokio::test]
async fn get_order_finds_any_status_and_none_for_unknown() {
    let sim = start(15, 0, FaultProfile::None).await;
    let created = add(&sim, 1, "2026-10-03T05:00:00Z").await;
    let st = state(&sim).await;
    let s = shop(&sim, &st, SITE);
    set_status(&sim, &s.shop_id, &created[0], "4").await;
    let a = adapter(&st, &s);
    let o = a
        .get_order(&created[0], Some(ts("2026-10-03T05:00:00Z")))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(o.order_no, created[0]);
    assert_eq!(o.site_status.code, "4");
    assert!(a
        .get_order("999999999", Some(ts("2026-10-03T05:00:00Z")))
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn confirm_batch_with_refused_lines() {
    let sim = start(16, 0, FaultProfile::None).await;
    let created = add(&sim, 4, "2026-10-03T05:00:00Z").await;
    let st = state(&sim).await;
    let s = shop(&sim, &st, SITE);
    // Make the first two new, the third already confirmed; add an unknown order.
    set_status(&sim, &s.shop_id, &created[0], "2").await;
    set_status(&sim, &s.shop_id, &created[1], "2").await;
    set_status(&sim, &s.shop_id, &created[2], "3").await;
    let items: Vec<ConfirmItem> = [&created[0], &created[1], &created[2], &"424242".to_string()]
        .iter()
        .map(|o| ConfirmItem {
            order_no: o.to_string(),
            line_keys: vec![o.to_string()],
        })
        .collect();
    let results = adapter(&st, &s).confirm(&items).await.unwrap();
    assert_eq!(results.len(), 4);
    assert!(results[0].outcome.is_ok() && results[1].outcome.is_ok());
    let refused = results[2].outcome.as_ref().unwrap_err();
    assert!(refused.contains("-10012"), "{refused}");
    assert!(results[3].outcome.is_err());
    assert_eq!(results[2].line_key.as_deref(), Some(created[2].as_str()));

    let st = state(&sim).await;
    let sh = sim_shop(&st, SITE);
    let confirmed: Vec<_> = sh.confirms.iter().map(|c| c.order_no.clone()).collect();
    assert_eq!(confirmed, vec![created[0].clone(), created[1].clone()]);
    for no in &created[..2] {
        assert_eq!(sh.orders.iter().find(|o| &o.order_no == no).unwrap().status, "3");
    }
}

#[tokio::test]
async fn ship_sends_the_carrier_name_and_moves_to_delivery() {
    let sim = start(17, 0, FaultProfile::None).await;
    let created = add(&sim, 3, "2026-10-03T05:00:00Z").await;
    let st = state(&sim).await;
    let s = shop(&sim, &st, SITE);
    set_status(&sim, &s.shop_id, &created[0], "3").await;
    set_status(&sim, &s.shop_id, &created[1], "3").await;
    set_status(&sim, &s.shop_id, &created[2], "2").await;
    let a = adapter(&st, &s);
    let orders = a
        .list_orders(Window::new(
            ts("2026-10-03T00:00:00Z"),
            ts("2026-10-04T00:00:00Z"),
        ))
        .await
        .unwrap();
    let find = |no: &str| orders.iter().find(|o| o.order_no == no).unwrap();
    let ship = |no: &str, carrier: Carrier, tracking: &str| Shipment {
        order_no: no.to_string(),
        lines: find(no).lines.clone(),
        carrier,
        tracking: TrackingNumber::new(tracking).unwrap(),
        shipped_at: jiff::Timestamp::now(),
    };
    let shipments = vec![
        ship(
            &created[0],
            Carrier::Named {
                name: "ヤマト運輸".into(),
            },
            "4912-3456-7890",
        ),
        ship(&created[1], Carrier::OtherCourier, "QSP000000123"),
        ship(
            &created[2],
            Carrier::Named {
                name: "Sagawa".into(),
            },
            "SG-1",
        ),
    ];
    let results = a.ship(&shipments).await.unwrap();
    assert_eq!(results.len(), 3);
    assert!(
        results[0].outcome.is_ok() && results[1].outcome.is_ok(),
        "{results:?}"
    );
    let refused = results[2].outcome.as_ref().unwrap_err();
    assert!(refused.contains("-10014"), "{refused}");

    let st = state(&sim).await;
    let sh = sim_shop(&st, SITE);
    let recorded: Vec<_> = sh
        .shipments
        .iter()
        .map(|r| (r.order_no.clone(), r.carrier.clone(), r.tracking.clone()))
        .collect();
    assert_eq!(
        recorded,
        vec![
            (
                created[0].clone(),
                "ヤマト運輸".to_string(),
                "4912-3456-7890".to_string()
            ),
            (
                created[1].clone(),
                "その他".to_string(),
                "QSP000000123".to_string()
            ),
        ]
    );
    let status = |no: &str| {
        sh.orders
            .iter()
            .find(|o| o.order_no == no)
            .unwrap()
            .status
            .clone()
    };
    assert_eq!(status(&created[0]), "4");
    assert_eq!(status(&created[1]), "4");
    assert_eq!(status(&created[2]), "2");
    // Re-sending an order already on delivery is refused by the site, not applied twice.
    let again = a.ship(&shipments[..1]).await.unwrap();
    assert!(again[0].outcome.as_ref().unwrap_err().contains("-10015"));
    assert_eq!(sim_shop(&state(&sim).await, SITE).shipments.len(), 2);
}

#[tokio::test]
async fn stock_reaches_options_and_items_and_unknown_codes_are_refused() {
    let sim = start(18, 0, FaultProfile::None).await;
    let st = state(&sim).await;
    let s = shop(&sim, &st, SITE);
    let a = adapter(&st, &s);
    let products = a.list_products().await.unwrap();
    let option = products
        .iter()
        .find(|p| matches!(p.code, SiteCode::Option { .. }))
        .unwrap()
        .clone();
    let single = products
        .iter()
        .find(|p| matches!(p.code, SiteCode::Product { .. }))
        .unwrap()
        .clone();
    assert!(option.option_name.as_deref().unwrap_or("").contains("カラー"));
    let updates = vec![
        StockUpdate {
            code: option.code.clone(),
            quantity: 17,
        },
        StockUpdate {
            code: single.code.clone(),
            quantity: 0,
        },
        StockUpdate {
            code: SiteCode::Option {
                code: "QO-NOPE-999".into(),
            },
            quantity: 5,
        },
    ];
    let results = a.update_stock(&updates).await.unwrap();
    assert_eq!(results.len(), 3);
    assert!(
        results[0].outcome.is_ok() && results[1].outcome.is_ok(),
        "{results:?}"
    );
    assert!(results[2].outcome.as_ref().unwrap_err().contains("QO-NOPE-999"));

    let st = state(&sim).await;
    let rec = &sim_shop(&st, SITE).stock_updates;
    assert_eq!(rec.len(), 2);
    assert_eq!(
        (rec[0].product_id.as_str(), rec[0].quantity),
        (option.product_id.as_str(), 17)
    );
    assert!(rec[0].option_id.is_some());
    assert_eq!(
        (
            rec[1].product_id.as_str(),
            rec[1].option_id.clone(),
            rec[1].quantity
        ),
        (single.product_id.as_str(), None, 0)
    );
    // The new stock shows in the next listing.
    let again = a.list_products().await.unwrap();
    assert_eq!(again.iter().find(|p| p.code == option.code).unwrap().stock, 17);
}

#[tokio::test]
async fn every_fault_maps_to_its_error_class() {
    let sim = start(19, 0, FaultProfile::None).await;
    let st = state(&sim).await;
    let s = shop(&sim, &st, SITE);
    let a = one_shot(&st, &s);
    let cases = vec![
        case(json!({"rate_limit": 1.0}), Call::TestConnection, retry_after_1s),
        case(json!({"server_error": 1.0}), Call::TestConnection, transient),
        case(json!({"truncated": 1.0}), Call::TestConnection, malformed),
        case(json!({"malformed": 1.0}), Call::ListProducts, junk),
        case(json!({"stall": 1.0}), Call::TestConnection, timed_out),
        case(json!({"expired_key": true}), Call::TestConnection, |e| {
            matches!(e, MarketError::KeyExpired { .. })
        }),
    ];
    assert_fault_classes(&sim, SITE, a.as_ref(), cases).await;

    // With retries (the normal adapter), a passing fault is ridden out.
    set_faults(&sim, SITE, json!({"rate_limit": 0.5, "server_error": 0.3})).await;
    assert!(adapter(&st, &s).test_connection().await.is_ok());
}
