//! Grip adapter against the simulated Grip API over real HTTP on 127.0.0.1.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use common::faults::{
    assert_fault_classes, case, junk, malformed, retry_after_1s, set_faults, timed_out, transient, Call,
};
use common::sim::{adapter, context, line_keys, post, shop, sim_shop, start, state};
use serde_json::json;
use shipdeck::domain::mapping::SiteCode;
use shipdeck::domain::status::is_collectable;
use shipdeck::domain::{Carrier, Credentials, Secret, Site, TrackingNumber};
use shipdeck::market::{
    self, AdapterContext, FixedClock, Http, HttpOptions, MarketError, Shipment, StockUpdate, Window,
};
use shipdeck::sim::FaultProfile;

fn window() -> Window {
    let now = jiff::Timestamp::now();
    Window::new(
        now - jiff::SignedDuration::from_hours(24 * 4),
        now + jiff::SignedDuration::from_mins(1),
    )
}

/// The (order, line) pairs the simulator has in collectable states inside `w`.
async fn sim_collectable(sim: &shipdeck::sim::SimServer, w: &Window) -> BTreeSet<(String, String)> {
    let st = state(sim).await;
    let s = sim_shop(&st, Site::Grip);
    let mut out = BTreeSet::new();
    for o in &s.orders {
        if o.cancelled || !w.contains(o.ordered_at) {
            continue;
        }
        for l in &o.lines {
            if is_collectable(Site::Grip, &l.status) {
                out.insert((o.order_no.clone(), l.line_key.clone()));
            }
        }
    }
    out
}

/// The adapter's (order, line) pairs, and how many lines it listed.
fn pairs(orders: &[market::SiteOrder]) -> (BTreeSet<(String, String)>, usize) {
    let keys = line_keys(orders);
    let n = keys.len();
    (keys.into_iter().collect(), n)
}

#[tokio::test]
async fn connection_test_tells_good_from_bad_credentials() {
    let sim = start(11, 5, FaultProfile::None).await;
    let st = state(&sim).await;
    let good = shop(&sim, &st, Site::Grip);
    let report = adapter(&st, &good).test_connection().await.unwrap();
    assert!(report.message.contains("connected"), "{report:?}");

    let mut bad_secret = good.clone();
    if let Credentials::Grip { secret_key, .. } = &mut bad_secret.credentials {
        *secret_key = Secret::new("not-the-secret-key-at-all");
    }
    let err = adapter(&st, &bad_secret).test_connection().await.unwrap_err();
    assert!(
        matches!(&err, MarketError::Auth { message } if message.contains("fingerprint")),
        "{err:?}"
    );

    let mut bad_access = good.clone();
    if let Credentials::Grip { access_key, .. } = &mut bad_access.credentials {
        *access_key = "AK-unknown".into();
    }
    let err = adapter(&st, &bad_access).test_connection().await.unwrap_err();
    assert!(
        matches!(&err, MarketError::Auth { message } if message.contains("access key")),
        "{err:?}"
    );

    // A clock 20 minutes off: the site refuses the stale timestamp.
    let stale = AdapterContext {
        clock: Arc::new(FixedClock(
            jiff::Timestamp::now() - jiff::SignedDuration::from_mins(20),
        )),
        ..context(&st, Arc::new(market::SystemClock))
    };
    let err = market::adapter_for(&good, &stale)
        .unwrap()
        .test_connection()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, MarketError::Auth { message } if message.contains("stale")),
        "{err:?}"
    );

    // A wrong integrator service id.
    let mut ctx = context(&st, Arc::new(market::SystemClock));
    let mut cfg = (*ctx.config).clone();
    cfg.grip.as_mut().unwrap().service_id = "someone-else".into();
    ctx.config = Arc::new(cfg);
    let err = market::adapter_for(&good, &ctx)
        .unwrap()
        .test_connection()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, MarketError::Auth { message } if message.contains("service id")),
        "{err:?}"
    );

    let rejected = sim_shop(&state(&sim).await, Site::Grip).rejected;
    assert_eq!(
        rejected, 3,
        "fingerprint, stale timestamp and service id refusals are counted"
    );
}

#[tokio::test]
async fn listing_pages_through_more_than_one_page_exactly() {
    let sim = start(12, 0, FaultProfile::None).await;
    let at = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(2);
    post(&sim, "orders", json!({"site": "grip", "count": 130, "at": at})).await;
    let st = state(&sim).await;
    let w = window();
    let want = sim_collectable(&sim, &w).await;
    assert!(
        want.len() > 100,
        "needs more than one page of 100 rows: {}",
        want.len()
    );
    let orders = adapter(&st, &shop(&sim, &st, Site::Grip))
        .list_orders(w)
        .await
        .unwrap();
    let (got, n) = pairs(&orders);
    assert_eq!(got, want);
    assert_eq!(n, want.len(), "no line listed twice");
    // Orders outside the window are not listed.
    let old = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * 10);
    post(&sim, "orders", json!({"site": "grip", "count": 3, "at": old})).await;
    let again = adapter(&st, &shop(&sim, &st, Site::Grip))
        .list_orders(w)
        .await
        .unwrap();
    assert_eq!(pairs(&again).0, want);
}

#[tokio::test]
async fn an_order_on_the_window_boundary_is_listed_by_one_window_only() {
    let sim = start(13, 0, FaultProfile::None).await;
    let boundary = jiff::Timestamp::from_second(jiff::Timestamp::now().as_second() - 3600).unwrap();
    post(
        &sim,
        "orders",
        json!({"site": "grip", "count": 1, "at": boundary}),
    )
    .await;
    let st = state(&sim).await;
    let a = adapter(&st, &shop(&sim, &st, Site::Grip));
    let before = a
        .list_orders(Window::new(
            boundary - jiff::SignedDuration::from_hours(1),
            boundary,
        ))
        .await
        .unwrap();
    let after = a
        .list_orders(Window::new(
            boundary,
            boundary + jiff::SignedDuration::from_hours(1),
        ))
        .await
        .unwrap();
    assert_eq!(before.len(), 0);
    assert_eq!(after.len(), 1);
}

#[tokio::test]
async fn confirm_a_batch_with_one_line_refused() {
    let sim = start(14, 0, FaultProfile::None).await;
    post(&sim, "orders", json!({"site": "grip", "count": 6})).await;
    let st = state(&sim).await;
    let s = sim_shop(&st, Site::Grip);
    let mut items = Vec::new();
    let mut expected_ok = 0;
    for o in &s.orders {
        items.push(market::ConfirmItem {
            order_no: o.order_no.clone(),
            line_keys: o.lines.iter().map(|l| l.line_key.clone()).collect(),
        });
        expected_ok += o.lines.iter().filter(|l| l.status == "1").count();
    }
    // Make one line already confirmed on the site: it must be refused, the rest confirmed.
    let victim = &s
        .orders
        .iter()
        .find(|o| o.lines.iter().all(|l| l.status == "1"))
        .unwrap();
    post(
        &sim,
        "status",
        json!({"site": "grip", "shop_id": s.shop_id, "order_no": victim.order_no, "status": "10", "line_key": victim.lines[0].line_key}),
    )
    .await;
    expected_ok -= 1;
    let results = adapter(&st, &shop(&sim, &st, Site::Grip))
        .confirm(&items)
        .await
        .unwrap();
    let total: usize = items.iter().map(|i| i.line_keys.len()).sum();
    assert_eq!(results.len(), total);
    let ok = results.iter().filter(|r| r.outcome.is_ok()).count();
    assert_eq!(ok, expected_ok);
    let refused = results
        .iter()
        .find(|r| {
            r.order_no == victim.order_no && r.line_key.as_deref() == Some(victim.lines[0].line_key.as_str())
        })
        .unwrap();
    assert!(
        refused.outcome.as_ref().unwrap_err().contains("결제완료"),
        "{refused:?}"
    );
    let after = sim_shop(&state(&sim).await, Site::Grip);
    assert_eq!(
        after.confirms.len(),
        expected_ok,
        "the site recorded exactly the confirmed lines"
    );
    assert!(after
        .orders
        .iter()
        .all(|o| o.lines.iter().all(|l| l.status == "10")));
}

#[tokio::test]
async fn ship_registers_tracking_then_starts_shipping() {
    let sim = start(15, 0, FaultProfile::None).await;
    post(&sim, "orders", json!({"site": "grip", "count": 2})).await;
    let st = state(&sim).await;
    let s = sim_shop(&st, Site::Grip);
    let a = adapter(&st, &shop(&sim, &st, Site::Grip));
    // Both start at "Payment completed" whatever the seeded world drew for them.
    for o in a.list_orders(window()).await.unwrap() {
        post(
            &sim,
            "status",
            json!({"site": "grip", "shop_id": s.shop_id, "order_no": o.order_no, "status": "1"}),
        )
        .await;
    }
    let listed = a.list_orders(window()).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|o| o.site_status.code == "1"), "{listed:?}");
    // Confirm the first order only; the second stays at state 1 and cannot be shipped.
    let first = &listed[0];
    let second = &listed[1];
    a.confirm(&[market::ConfirmItem {
        order_no: first.order_no.clone(),
        line_keys: first.lines.iter().map(|l| l.line_key.clone()).collect(),
    }])
    .await
    .unwrap();
    let shipments: Vec<Shipment> = [first, second]
        .iter()
        .map(|o| Shipment {
            order_no: o.order_no.clone(),
            lines: o.lines.clone(),
            carrier: Carrier::Cj,
            tracking: TrackingNumber::new("6543210987").unwrap(),
            shipped_at: jiff::Timestamp::now(),
        })
        .collect();
    let results = a.ship(&shipments).await.unwrap();
    for r in &results {
        if r.order_no == first.order_no {
            assert!(r.outcome.is_ok(), "{r:?}");
        } else {
            assert!(r.outcome.as_ref().unwrap_err().contains("배송준비중"), "{r:?}");
        }
    }
    let after = sim_shop(&state(&sim).await, Site::Grip);
    assert_eq!(after.shipments.len(), first.lines.len());
    for rec in &after.shipments {
        assert_eq!(rec.order_no, first.order_no);
        assert_eq!(rec.carrier, "66", "CJ대한통운 looked up in Grip's carrier list");
        assert_eq!(rec.tracking, "6543210987");
    }
    let o = after
        .orders
        .iter()
        .find(|o| o.order_no == first.order_no)
        .unwrap();
    assert!(
        o.lines.iter().all(|l| l.status == "11"),
        "started shipping: {o:?}"
    );
    assert!(s.orders.iter().any(|o| o.order_no == second.order_no));
    // The site saw, for each shipped line, one `/shipping` then one `/start`, both done; the
    // unconfirmed order's lines were refused at `/shipping` and never asked to start.
    for l in &first.lines {
        assert_eq!(
            actions(&after, &first.order_no, &l.line_key),
            [("shipping", true), ("start", true)],
            "line {}",
            l.line_key
        );
    }
    for l in &second.lines {
        assert_eq!(
            actions(&after, &second.order_no, &l.line_key),
            [("shipping", false)],
            "line {}",
            l.line_key
        );
    }
    // get_order sees the shipped order in any state.
    let seen = a
        .get_order(&first.order_no, Some(first.ordered_at))
        .await
        .unwrap()
        .unwrap();
    assert!(seen.lines.iter().all(|l| l.site_status.code == "11"));
    assert!(a
        .get_order("424242", Some(first.ordered_at))
        .await
        .unwrap()
        .is_none());
    // An unknown carrier name is refused per line, without a call.
    let odd = Shipment {
        carrier: Carrier::Named {
            name: "듣도보도못한택배".into(),
        },
        ..shipments[0].clone()
    };
    let r = a.ship(&[odd]).await.unwrap();
    assert!(r
        .iter()
        .all(|r| r.outcome.as_ref().is_err_and(|e| e.contains("no carrier named"))));
}

/// The delivery actions (`shipping`, `start`) the simulated site received for one line, in order,
/// with their outcome; the `/result` checks are not actions and are not recorded.
fn actions<'a>(
    shop: &'a shipdeck::sim::inspect::ShopStateView,
    order_no: &str,
    line_key: &str,
) -> Vec<(&'a str, bool)> {
    shop.writes
        .iter()
        .filter(|w| w.order_no == order_no && w.line_key == line_key && w.call != "prepare")
        .map(|w| (w.call.as_str(), w.ok))
        .collect()
}

/// A re-send after a crash between the two steps (tracking set, `/start` never sent): the order
/// is still "preparing" on the site, so the engine sends again; the tracking number is set again
/// (an upsert the guide allows) and shipping starts once. A further send is refused by the site.
#[tokio::test]
async fn a_re_send_after_a_crash_between_the_steps_starts_shipping_once() {
    let sim = start(19, 0, FaultProfile::None).await;
    post(&sim, "orders", json!({"site": "grip", "count": 1})).await;
    let st = state(&sim).await;
    let s = sim_shop(&st, Site::Grip);
    let o = s.orders.last().unwrap().clone();
    post(
        &sim,
        "status",
        json!({"site": "grip", "shop_id": s.shop_id, "order_no": o.order_no, "status": "10"}),
    )
    .await;
    let the_shop = shop(&sim, &st, Site::Grip);
    // The first attempt: the tracking number set by the action alone, then the process died.
    let grip = market::grip::Grip::new(&the_shop, &context(&st, Arc::new(market::SystemClock))).unwrap();
    let entries: Vec<_> = o
        .lines
        .iter()
        .map(|l| {
            json!({"orderSeq": o.order_no.parse::<u64>().unwrap(), "orderProductSeq": l.line_key.parse::<u64>().unwrap(),
                   "companySeq": 66, "trackingNumber": "6543210987"})
        })
        .collect();
    let req = grip
        .build(
            reqwest::Method::PUT,
            "/api/delivery/shipping",
            Some(&json!({ "shippings": entries })),
            jiff::Timestamp::now(),
        )
        .unwrap();
    let answer: serde_json::Value = reqwest::Client::new()
        .execute(req)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["affected"], o.lines.len());
    let a = adapter(&st, &the_shop);
    let seen = a
        .get_order(&o.order_no, Some(o.ordered_at))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        seen.site_status.code, "10",
        "not yet shipping: the engine sends again"
    );
    let shipment = Shipment {
        order_no: o.order_no.clone(),
        lines: seen.lines.clone(),
        carrier: Carrier::Cj,
        tracking: TrackingNumber::new("6543210987").unwrap(),
        shipped_at: jiff::Timestamp::now(),
    };
    let results = a.ship(std::slice::from_ref(&shipment)).await.unwrap();
    assert!(results.iter().all(|r| r.outcome.is_ok()), "{results:?}");
    let after = sim_shop(&state(&sim).await, Site::Grip);
    for l in &o.lines {
        assert_eq!(
            actions(&after, &o.order_no, &l.line_key),
            [("shipping", true), ("shipping", true), ("start", true)],
            "line {}",
            l.line_key
        );
    }
    // Sent again (as if `/start`'s answer were lost and nothing checked first): the site refuses
    // to start a line that is already shipping, and the check carries its reason.
    let again = a.ship(&[shipment]).await.unwrap();
    assert!(
        again
            .iter()
            .all(|r| r.outcome.as_ref().is_err_and(|e| e.contains("배송준비중"))),
        "{again:?}"
    );
    let last = sim_shop(&state(&sim).await, Site::Grip);
    let order = last.orders.iter().find(|x| x.order_no == o.order_no).unwrap();
    assert!(order.lines.iter().all(|l| l.status == "11"), "{order:?}");
    for l in &o.lines {
        let starts = actions(&last, &o.order_no, &l.line_key)
            .into_iter()
            .filter(|(c, ok)| *c == "start" && *ok)
            .count();
        assert_eq!(starts, 1, "line {} started once", l.line_key);
    }
}

#[tokio::test]
async fn stock_updates_reach_products_and_options() {
    let sim = start(16, 0, FaultProfile::None).await;
    let st = state(&sim).await;
    let a = adapter(&st, &shop(&sim, &st, Site::Grip));
    let products = a.list_products().await.unwrap();
    let option = products.iter().find(|p| p.option_id.is_some()).unwrap().clone();
    let single = products.iter().find(|p| p.option_id.is_none()).unwrap().clone();
    let results = a
        .update_stock(&[
            StockUpdate {
                code: option.code.clone(),
                quantity: 7,
            },
            StockUpdate {
                code: single.code.clone(),
                quantity: 42,
            },
            StockUpdate {
                code: SiteCode::Option {
                    code: "NO-SUCH-CODE".into(),
                },
                quantity: 1,
            },
        ])
        .await
        .unwrap();
    assert_eq!(results.len(), 3);
    assert!(
        results[0].outcome.is_ok() && results[1].outcome.is_ok(),
        "{results:?}"
    );
    assert!(results[2].outcome.as_ref().unwrap_err().contains("NO-SUCH-CODE"));
    let recs = sim_shop(&state(&sim).await, Site::Grip).stock_updates;
    assert!(
        recs.iter()
            .any(|r| r.option_id == option.option_id && r.quantity == 7),
        "{recs:?}"
    );
    assert!(recs
        .iter()
        .any(|r| r.product_id == single.product_id && r.option_id.is_none() && r.quantity == 42));
    let again = a.list_products().await.unwrap();
    assert_eq!(again.iter().find(|p| p.code == option.code).unwrap().stock, 7);
}

fn one_shot(st: &shipdeck::sim::inspect::StateView) -> AdapterContext {
    AdapterContext {
        http: Http::new(HttpOptions {
            max_attempts: 1,
            ..HttpOptions::fast()
        })
        .unwrap(),
        ..context(st, Arc::new(market::SystemClock))
    }
}

#[tokio::test]
async fn every_fault_maps_to_its_error_class() {
    let sim = start(17, 3, FaultProfile::None).await;
    let st = state(&sim).await;
    let shop = shop(&sim, &st, Site::Grip);
    let a = market::adapter_for(&shop, &one_shot(&st)).unwrap();
    let cases = [
        ("rate_limit", retry_after_1s as fn(&MarketError) -> bool),
        ("server_error", transient),
        ("stall", timed_out),
        ("truncated", malformed),
        ("malformed", junk),
    ]
    .map(|(fault, is)| case(json!({ fault: 1.0 }), Call::ListOrders(window()), is));
    assert_fault_classes(&sim, Site::Grip, a.as_ref(), cases).await;
    // With retries on (the default), a passing rate limit is ridden out.
    set_faults(&sim, Site::Grip, json!({"rate_limit": 0.3})).await;
    let retrying = adapter(&st, &shop);
    assert!(retrying.list_orders(window()).await.is_ok());
}

#[tokio::test]
async fn listings_stay_exact_under_flaky_and_page_faults() {
    let sim = start(18, 0, FaultProfile::None).await;
    post(&sim, "orders", json!({"site": "grip", "count": 120})).await;
    let st = state(&sim).await;
    let a = adapter(&st, &shop(&sim, &st, Site::Grip));
    for faults in [
        json!({"site": "grip", "profile": "flaky"}),
        json!({"site": "grip", "profile": "none", "duplicate_page": 0.5, "status_flip": 0.5}),
    ] {
        post(&sim, "faults", faults.clone()).await;
        let orders = a.list_orders(window()).await.unwrap();
        post(&sim, "faults", json!({"site": "grip", "profile": "none"})).await;
        let want = sim_collectable(&sim, &window()).await;
        let (got, n) = pairs(&orders);
        assert_eq!(got, want, "{faults}");
        assert_eq!(n, want.len(), "{faults}: no line twice");
    }
}
