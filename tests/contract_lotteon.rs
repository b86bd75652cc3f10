//! Contract tests: the LotteON adapter against the simulated LotteON API over real HTTP.

mod common;

use std::collections::BTreeSet;

use common::faults::{assert_fault_classes, case, malformed, rate_limited, timed_out, transient, Call};
use common::sim::{adapter, line_keys, post, shop, sim_line_keys, sim_shop, start, state};
use serde_json::json;
use shipdeck::domain::mapping::SiteCode;
use shipdeck::domain::{Carrier, Credentials, Secret, Site, TrackingNumber};
use shipdeck::market::{ConfirmItem, MarketError, Marketplace, Shipment, StockUpdate, Window};
use shipdeck::sim::{FaultProfile, SimServer};

const SITE: Site = Site::Lotteon;

fn whole_seconds(t: jiff::Timestamp) -> jiff::Timestamp {
    jiff::Timestamp::from_second(t.as_second()).unwrap()
}

async fn lotteon(sim: &SimServer) -> Box<dyn Marketplace> {
    let st = state(sim).await;
    adapter(&st, &shop(sim, &st, SITE))
}

async fn faults(sim: &SimServer, body: serde_json::Value) {
    let mut body = body;
    body["site"] = json!("lotteon");
    post(sim, "faults", body).await;
}

async fn add(sim: &SimServer, count: usize, at: jiff::Timestamp) -> Vec<String> {
    let r = post(
        sim,
        "orders",
        json!({"site": "lotteon", "count": count, "at": at.to_string()}),
    )
    .await;
    r["created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

async fn set_status(sim: &SimServer, order_no: &str, status: &str, line_key: Option<&str>) {
    let st = state(sim).await;
    let shop_id = sim_shop(&st, SITE).shop_id;
    post(
        sim,
        "status",
        json!({"site": "lotteon", "shop_id": shop_id, "order_no": order_no, "status": status, "line_key": line_key}),
    )
    .await;
}

/// Orders at step 13 that were never shipped: only a page fault puts them there.
async fn flipped_past_12(sim: &SimServer) -> BTreeSet<String> {
    let st = state(sim).await;
    sim_shop(&st, SITE)
        .orders
        .iter()
        .filter(|o| !o.cancelled && o.status == "13" && o.tracking.is_none())
        .map(|o| o.order_no.clone())
        .collect()
}

/// The sim's (order, line) pairs that are collectable in `window`, plus (given the orders already
/// flipped before the listing) those a page fault moved past step 12 during the listing: they
/// were collectable when served.
async fn expected(
    sim: &SimServer,
    window: Window,
    flipped_before: Option<&BTreeSet<String>>,
) -> BTreeSet<(String, String)> {
    let now_flipped = flipped_past_12(sim).await;
    let during: BTreeSet<&String> = match flipped_before {
        Some(before) => now_flipped.difference(before).collect(),
        None => BTreeSet::new(),
    };
    sim_line_keys(&state(sim).await, SITE, |o| {
        window.contains(o.ordered_at) && (o.collectable || during.contains(&o.order_no))
    })
}

async fn listed(a: &dyn Marketplace, window: Window) -> (Vec<(String, String)>, BTreeSet<(String, String)>) {
    let pairs = line_keys(&a.list_orders(window).await.unwrap());
    let set = pairs.iter().cloned().collect();
    (pairs, set)
}

/// A sim holding orders over three days and a half, and a window over all of it.
async fn multi_day_sim() -> (SimServer, Window) {
    let sim = start(11, 0, FaultProfile::None).await;
    let from = whole_seconds(jiff::Timestamp::now()) - jiff::SignedDuration::from_hours(96);
    let to = from + jiff::SignedDuration::from_hours(84);
    for h in [0, 5, 23, 24, 30, 47, 50, 71, 72, 80] {
        add(&sim, 2, from + jiff::SignedDuration::from_hours(h)).await;
    }
    // Window edges: `from` and `to - 1s` are in, `to` and `from - 1s` are out.
    add(&sim, 1, to - jiff::SignedDuration::from_secs(1)).await;
    add(&sim, 1, to).await;
    add(&sim, 1, from - jiff::SignedDuration::from_secs(1)).await;
    (sim, Window::new(from, to))
}

#[tokio::test]
async fn test_connection_reports_the_site_answer_and_each_credential_failure() {
    let sim = start(1, 2, FaultProfile::None).await;
    let st = state(&sim).await;
    let good = shop(&sim, &st, SITE);
    let report = adapter(&st, &good).test_connection().await.unwrap();
    assert!(
        report.message.starts_with("returnCode 0000"),
        "{}",
        report.message
    );
    assert!(report
        .message
        .contains(&sim_shop(&st, SITE).credentials["account_number"]));

    let Credentials::Lotteon { account_number, .. } = good.credentials.clone() else {
        panic!("not LotteON credentials")
    };
    let mut bad_key = good.clone();
    bad_key.credentials = Credentials::Lotteon {
        api_key: Secret::new("lo-not-a-key"),
        account_number: account_number.clone(),
    };
    let err = adapter(&st, &bad_key).test_connection().await.unwrap_err();
    let MarketError::Auth { message: bad_key_msg } = &err else {
        panic!("{err:?}")
    };
    assert!(
        bad_key_msg.contains("401") && bad_key_msg.contains("유효하지 않은"),
        "{bad_key_msg}"
    );

    let mut bad_account = good.clone();
    bad_account.credentials = Credentials::Lotteon {
        api_key: match &good.credentials {
            Credentials::Lotteon { api_key, .. } => api_key.clone(),
            _ => unreachable!(),
        },
        account_number: "LO00000000".into(),
    };
    let err = adapter(&st, &bad_account).test_connection().await.unwrap_err();
    let MarketError::Auth { message: account_msg } = &err else {
        panic!("{err:?}")
    };
    assert!(account_msg.contains("LO00000000"), "{account_msg}");

    faults(&sim, json!({"expired_key": true})).await;
    let err = adapter(&st, &good).test_connection().await.unwrap_err();
    let MarketError::Auth { message: expired_msg } = &err else {
        panic!("{err:?}")
    };
    assert!(expired_msg.contains("만료"), "{expired_msg}");

    faults(&sim, json!({"profile": "none", "ip_blocked": true})).await;
    let err = adapter(&st, &good).test_connection().await.unwrap_err();
    let MarketError::Auth { message: ip_msg } = &err else {
        panic!("{err:?}")
    };
    assert!(ip_msg.contains("IP") && ip_msg.contains("403"), "{ip_msg}");

    let all = [bad_key_msg, account_msg, expired_msg, ip_msg];
    let distinct: BTreeSet<&String> = all.iter().copied().collect();
    assert_eq!(distinct.len(), 4, "each failure has its own words: {all:?}");
    let after = state(&sim).await;
    assert!(
        sim_shop(&after, SITE).rejected >= 1,
        "the expired key was counted as refused"
    );
}

#[tokio::test]
async fn listing_splits_days_and_equals_the_collectable_set() {
    let (sim, window) = multi_day_sim().await;
    // Some orders confirmed, one dispatched (not collectable), one cancelled.
    let st = state(&sim).await;
    let nos: Vec<String> = sim_shop(&st, SITE)
        .orders
        .iter()
        .map(|o| o.order_no.clone())
        .collect();
    set_status(&sim, &nos[0], "12", None).await;
    set_status(&sim, &nos[1], "13", None).await;
    let shop_id = sim_shop(&st, SITE).shop_id;
    post(
        &sim,
        "cancel",
        json!({"site": "lotteon", "shop_id": shop_id, "order_no": nos[2]}),
    )
    .await;

    let a = lotteon(&sim).await;
    let (pairs, set) = listed(a.as_ref(), window).await;
    let want = expected(&sim, window, None).await;
    assert!(
        want.len() >= 20,
        "the window holds orders over several days: {}",
        want.len()
    );
    assert_eq!(pairs.len(), set.len(), "no line listed twice");
    assert_eq!(set, want);
    assert!(!set.iter().any(|(o, _)| o == &nos[1] || o == &nos[2]));
    let orders = a.list_orders(window).await.unwrap();
    let o = orders.iter().find(|o| o.order_no == nos[0]).unwrap();
    assert_eq!(o.site_status.code, "12");
    assert!(o.lines.iter().all(|l| matches!(
        &l.product,
        shipdeck::domain::ProductRef::Code { product_code: Some(c), .. } if c.starts_with("LO-")
    )));
}

#[tokio::test]
async fn get_order_reads_any_status_and_none_when_unknown() {
    let sim = start(2, 0, FaultProfile::None).await;
    let no = add(
        &sim,
        1,
        jiff::Timestamp::now() - jiff::SignedDuration::from_hours(200),
    )
    .await;
    set_status(&sim, &no[0], "14", None).await;
    let a = lotteon(&sim).await;
    let o = a.get_order(&no[0], None).await.unwrap().unwrap();
    assert_eq!(o.order_no, no[0]);
    assert_eq!(o.site_status.code, "14");
    assert!(a.get_order("20990101999999", None).await.unwrap().is_none());
}

#[tokio::test]
async fn confirm_moves_lines_and_refuses_the_one_not_at_step_11() {
    let sim = start(3, 0, FaultProfile::None).await;
    let at = whole_seconds(jiff::Timestamp::now()) - jiff::SignedDuration::from_hours(2);
    let nos = add(&sim, 3, at).await;
    for n in &nos {
        set_status(&sim, n, "11", None).await;
    }
    set_status(&sim, &nos[2], "12", None).await;
    let st = state(&sim).await;
    let view = sim_shop(&st, SITE);
    let lines_of = |n: &str| -> Vec<String> {
        view.orders
            .iter()
            .find(|o| o.order_no == n)
            .unwrap()
            .lines
            .iter()
            .map(|l| l.line_key.clone())
            .collect()
    };
    let items: Vec<ConfirmItem> = nos
        .iter()
        .map(|n| ConfirmItem {
            order_no: n.clone(),
            line_keys: lines_of(n),
        })
        .collect();
    let a = lotteon(&sim).await;
    let results = a.confirm(&items).await.unwrap();
    let sent: usize = items.iter().map(|i| i.line_keys.len()).sum();
    assert_eq!(results.len(), sent);
    let refused: Vec<_> = results.iter().filter(|r| r.outcome.is_err()).collect();
    assert!(!refused.is_empty());
    assert!(refused.iter().all(|r| r.order_no == nos[2]));
    assert!(refused[0].outcome.as_ref().unwrap_err().contains("출고지시(11)"));
    let after = state(&sim).await;
    let view = sim_shop(&after, SITE);
    let recorded: BTreeSet<(String, String)> = view
        .confirms
        .iter()
        .map(|c| (c.order_no.clone(), c.line_key.clone().unwrap()))
        .collect();
    let ok: BTreeSet<(String, String)> = results
        .iter()
        .filter(|r| r.outcome.is_ok())
        .map(|r| (r.order_no.clone(), r.line_key.clone().unwrap()))
        .collect();
    assert_eq!(recorded, ok);
    assert_eq!(view.confirms.len(), ok.len());
    for n in &nos[..2] {
        assert_eq!(
            view.orders.iter().find(|o| &o.order_no == n).unwrap().status,
            "12"
        );
    }
}

#[tokio::test]
async fn ship_sends_carrier_codes_and_invoice_and_moves_to_13() {
    let sim = start(4, 0, FaultProfile::None).await;
    let at = whole_seconds(jiff::Timestamp::now()) - jiff::SignedDuration::from_hours(3);
    let nos = add(&sim, 4, at).await;
    for n in &nos[..3] {
        set_status(&sim, n, "12", None).await;
    }
    set_status(&sim, &nos[3], "11", None).await;
    let a = lotteon(&sim).await;
    let mut shipments = Vec::new();
    let carriers = [
        Carrier::Cj,
        Carrier::Hanjin,
        Carrier::Named {
            name: "없는택배".into(),
        },
        Carrier::Lotte,
    ];
    for (n, carrier) in nos.iter().zip(carriers) {
        let o = a.get_order(n, None).await.unwrap().unwrap();
        shipments.push(Shipment {
            order_no: n.clone(),
            lines: o.lines.clone(),
            carrier,
            tracking: TrackingNumber::new(&format!("6{}", &n[n.len() - 9..])).unwrap(),
            shipped_at: jiff::Timestamp::now(),
        });
    }
    let results = a.ship(&shipments).await.unwrap();
    let by_order = |n: &str| results.iter().filter(|r| r.order_no == n).collect::<Vec<_>>();
    assert!(by_order(&nos[0]).iter().all(|r| r.outcome.is_ok()));
    assert!(by_order(&nos[1]).iter().all(|r| r.outcome.is_ok()));
    assert!(by_order(&nos[2])
        .iter()
        .all(|r| r.outcome.as_ref().unwrap_err().contains("없는택배")));
    assert!(by_order(&nos[3])
        .iter()
        .all(|r| r.outcome.as_ref().unwrap_err().contains("상품준비(12)")));
    let st = state(&sim).await;
    let view = sim_shop(&st, SITE);
    for (n, code) in [(&nos[0], "0002"), (&nos[1], "0003")] {
        let o = view.orders.iter().find(|o| &o.order_no == n).unwrap();
        assert_eq!(o.status, "13");
        let recs: Vec<_> = view.shipments.iter().filter(|s| &s.order_no == n).collect();
        assert_eq!(recs.len(), o.lines.len());
        let want_tracking = shipments
            .iter()
            .find(|s| &s.order_no == n)
            .unwrap()
            .tracking
            .as_str();
        assert!(recs
            .iter()
            .all(|r| r.carrier == code && r.tracking == want_tracking));
    }
    assert!(!view
        .shipments
        .iter()
        .any(|s| s.order_no == nos[2] || s.order_no == nos[3]));
    assert_eq!(
        view.orders.iter().find(|o| o.order_no == nos[3]).unwrap().status,
        "11"
    );
}

#[tokio::test]
async fn stock_updates_reach_items_and_unknown_codes_are_refused() {
    let sim = start(5, 0, FaultProfile::None).await;
    let a = lotteon(&sim).await;
    let products = a.list_products().await.unwrap();
    let option = products
        .iter()
        .find(|p| matches!(p.code, SiteCode::Option { .. }))
        .unwrap();
    let single = products
        .iter()
        .find(|p| matches!(p.code, SiteCode::Product { .. }))
        .unwrap();
    let unknown = SiteCode::Option {
        code: "LO-NOPE-999".into(),
    };
    let results = a
        .update_stock(&[
            StockUpdate {
                code: option.code.clone(),
                quantity: 7,
            },
            StockUpdate {
                code: single.code.clone(),
                quantity: 0,
            },
            StockUpdate {
                code: unknown.clone(),
                quantity: 3,
            },
        ])
        .await
        .unwrap();
    assert_eq!(results.len(), 3);
    for r in &results {
        if r.code == unknown {
            assert!(r.outcome.as_ref().unwrap_err().contains("LO-NOPE-999"));
        } else {
            assert_eq!(r.outcome, Ok(()), "{:?}", r.code);
        }
    }
    let st = state(&sim).await;
    let recs = sim_shop(&st, SITE).stock_updates;
    assert_eq!(recs.len(), 2);
    assert!(recs
        .iter()
        .any(|r| r.product_id == option.product_id && r.option_id == option.option_id && r.quantity == 7));
    assert!(recs
        .iter()
        .any(|r| r.product_id == single.product_id && r.option_id.is_none() && r.quantity == 0));
}

#[tokio::test]
async fn faults_map_to_error_classes() {
    let sim = start(6, 3, FaultProfile::None).await;
    let a = lotteon(&sim).await;
    // One stalled write: the client times out once (writes are not retried).
    let stalled = ConfirmItem {
        order_no: "20990101000001".into(),
        line_keys: vec!["1-1".into()],
    };
    let cases = vec![
        case(json!({"rate_limit": 1.0}), Call::TestConnection, rate_limited),
        case(json!({"server_error": 1.0}), Call::TestConnection, transient),
        case(json!({"malformed": 1.0}), Call::TestConnection, malformed),
        case(json!({"truncated": 1.0}), Call::ListProducts, malformed),
        case(json!({"stall": 1.0}), Call::Confirm(vec![stalled]), timed_out),
    ];
    assert_fault_classes(&sim, SITE, a.as_ref(), cases).await;
    // A window longer than a day is the site's own refusal (2003), never success.
    let st = state(&sim).await;
    let key = sim_shop(&st, SITE).credentials["api_key"].clone();
    let account = sim_shop(&st, SITE).credentials["account_number"].clone();
    let resp = reqwest::Client::new()
        .post(format!("{}/v1/openapi/delivery/v1/SellerDeliveryOrdersSearch", sim.base_url(SITE)))
        .bearer_auth(&key)
        .json(&json!({"trGrpCd": "SR", "trNo": account, "srchStrtDt": "20250101000000", "srchEndDt": "20250102235959", "odPrgsStepCd": "11"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let body = resp.bytes().await.unwrap();
    let err = shipdeck::market::lotteon::wire::parse_orders(&body).unwrap_err();
    assert!(
        matches!(&err, MarketError::Permanent { message } if message.contains("2003")),
        "{err:?}"
    );
}

#[tokio::test]
async fn flaky_listing_still_equals_the_collectable_set() {
    let (sim, window) = multi_day_sim().await;
    let a = lotteon(&sim).await;
    for fault in [
        json!({"profile": "flaky"}),
        json!({"profile": "none", "duplicate_page": 0.5, "status_flip": 0.5}),
    ] {
        let before = flipped_past_12(&sim).await;
        faults(&sim, fault).await;
        let (pairs, set) = listed(a.as_ref(), window).await;
        assert_eq!(pairs.len(), set.len(), "no line listed twice");
        faults(&sim, json!({"profile": "none"})).await;
        // An order a fault moved past step 12 while the listing ran may be listed (it was
        // collectable when 209 served it) or not (140, read after, shows its new step); every
        // order collectable now must be listed.
        let now = expected(&sim, window, None).await;
        let may = expected(&sim, window, Some(&before)).await;
        assert!(!now.is_empty());
        assert!(
            now.is_subset(&set),
            "missing: {:?}",
            now.difference(&set).collect::<Vec<_>>()
        );
        assert!(
            set.is_subset(&may),
            "extra: {:?}",
            set.difference(&may).collect::<Vec<_>>()
        );
    }
}
