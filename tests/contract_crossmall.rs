//! Contract tests of the Crossmall adapter against the simulator over real HTTP.

mod common;

use std::collections::BTreeSet;

use common::faults::{assert_fault_classes, case, junk, malformed, retry_after_1s, transient, Call};
use common::sim::{adapter, line_keys, post, shop, sim_shop, start, state};
use serde_json::json;
use shipdeck::domain::mapping::SiteCode;
use shipdeck::domain::status::{CROSSMALL_AWAITING_PHASE, CROSSMALL_SHIPPED_PHASE};
use shipdeck::domain::{Carrier, Credentials, Secret, Site, TrackingNumber};
use shipdeck::market::{ConfirmItem, MarketError, Marketplace, Shipment, SiteOrder, StockUpdate, Window};
use shipdeck::sim::inspect::StateView;
use shipdeck::sim::{FaultProfile, SimServer};

const SITE: Site = Site::Crossmall;

fn secs(s: i64) -> jiff::SignedDuration {
    jiff::SignedDuration::from_secs(s)
}

async fn setup(seed: u64, orders: usize) -> (SimServer, StateView, Box<dyn Marketplace>) {
    let sim = start(seed, orders, FaultProfile::None).await;
    let st = state(&sim).await;
    let shop = shop(&sim, &st, SITE);
    let a = adapter(&st, &shop);
    (sim, st, a)
}

/// The (order, line) pairs the sim holds as collectable in `window`.
async fn sim_collectable(sim: &SimServer, window: Window) -> BTreeSet<(String, String)> {
    common::sim::sim_collectable(&state(sim).await, SITE, window)
}

/// The adapter's (order, line) pairs of orders not cancelled, asserting none is listed twice.
fn listed(orders: &[SiteOrder]) -> BTreeSet<(String, String)> {
    let pairs = line_keys(orders.iter().filter(|o| !o.cancelled));
    let set: BTreeSet<_> = pairs.iter().cloned().collect();
    assert_eq!(set.len(), pairs.len(), "an (order, line) was listed twice");
    let numbers: BTreeSet<_> = orders.iter().map(|o| &o.order_no).collect();
    assert_eq!(numbers.len(), orders.len(), "an order was listed twice");
    set
}

async fn add_orders(sim: &SimServer, count: usize, at: jiff::Timestamp) -> Vec<String> {
    let v = post(
        sim,
        "orders",
        json!({"site": "crossmall", "count": count, "at": at.to_string()}),
    )
    .await;
    v["created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn auth_message(r: Result<impl std::fmt::Debug, MarketError>) -> String {
    match r {
        Err(MarketError::Auth { message }) => message,
        other => panic!("expected Auth, got {other:?}"),
    }
}

#[tokio::test]
async fn connection_test_and_every_credential_failure() {
    let (sim, st, good) = setup(7101, 3).await;
    let report = good.test_connection().await.unwrap();
    assert!(report.message.contains("success"), "{}", report.message);
    assert!(report.message.contains(CROSSMALL_SHIPPED_PHASE));

    let base = shop(&sim, &st, SITE);
    let Credentials::Crossmall { company_code, .. } = base.credentials.clone() else {
        panic!("not Crossmall credentials")
    };
    let mut bad_key = base.clone();
    bad_key.credentials = Credentials::Crossmall {
        company_code: company_code.clone(),
        api_key: Secret::new("cmWRONGKEY"),
    };
    let bad_sig = auth_message(adapter(&st, &bad_key).test_connection().await);
    assert!(bad_sig.contains("signing"), "{bad_sig}");

    let mut bad_account = base.clone();
    bad_account.credentials = Credentials::Crossmall {
        company_code: "00000".into(),
        api_key: Secret::new("whatever"),
    };
    let unknown = auth_message(adapter(&st, &bad_account).test_connection().await);
    assert!(unknown.contains("アカウント"), "{unknown}");

    post(&sim, "faults", json!({"site": "crossmall", "ip_blocked": true})).await;
    let ip = auth_message(good.test_connection().await);
    assert!(ip.contains("IP"), "{ip}");
    post(&sim, "faults", json!({"site": "crossmall", "profile": "none"})).await;

    assert_ne!(bad_sig, unknown);
    assert_ne!(bad_sig, ip);
    // Bad signing and blocked IP are counted against the shop (the unknown account has none).
    assert_eq!(sim_shop(&state(&sim).await, SITE).rejected, 2);
    // Crossmall keys do not expire: the Qoo10-only switch changes nothing here.
    post(&sim, "faults", json!({"site": "crossmall", "expired_key": true})).await;
    assert!(good.test_connection().await.is_ok());
    // Not renewable, and no confirmation call exists.
    assert!(matches!(
        good.renew_credentials(None).await,
        Err(MarketError::Unsupported { .. })
    ));
}

#[tokio::test]
async fn listing_over_pages_equals_the_collectable_set_in_the_half_open_window() {
    let (sim, _st, a) = setup(7102, 5).await;
    // Whole seconds: Crossmall's order_date has second resolution.
    let now = jiff::Timestamp::from_second(jiff::Timestamp::now().as_second()).unwrap();
    let from = now - secs(2 * 86_400);
    let to = now - secs(86_400);
    let window = Window::new(from, to);
    // 130 at the very start (included), 110 inside, 4 at the end instant (excluded),
    // 3 a second before the start (excluded): JST day widening must be filtered back.
    add_orders(&sim, 130, from).await;
    let inside = add_orders(&sim, 110, from + secs(3_600)).await;
    add_orders(&sim, 4, to).await;
    add_orders(&sim, 3, from - secs(1)).await;
    // One in the window is cancelled and one has moved on: neither is collectable.
    post(
        &sim,
        "cancel",
        json!({"site": "crossmall", "shop_id": "crossmall-seller", "order_no": inside[0]}),
    )
    .await;
    post(
        &sim,
        "status",
        json!({"site": "crossmall", "shop_id": "crossmall-seller", "order_no": inside[1], "status": "発送済み"}),
    )
    .await;

    let orders = a.list_orders(window).await.unwrap();
    let expected = sim_collectable(&sim, window).await;
    assert!(expected.len() >= 238, "{} collectable pairs", expected.len());
    assert_eq!(listed(&orders), expected);
    assert!(orders.iter().all(|o| window.contains(o.ordered_at)));
    // The cancelled order is still listed by the site, flagged.
    let cancelled = orders.iter().find(|o| o.order_no == inside[0]).unwrap();
    assert!(cancelled.cancelled);
    assert!(!orders.iter().any(|o| o.order_no == inside[1]));
    let o = orders.iter().find(|o| !o.cancelled).unwrap();
    assert_eq!(o.site_status.code, CROSSMALL_AWAITING_PHASE);
    assert!(o.lines.iter().all(|l| matches!(
        &l.product,
        shipdeck::domain::ProductRef::Crossmall { item_code, item_name, .. }
            if !item_code.is_empty() && !item_name.is_empty()
    )));
    assert!(o.lines.iter().all(|l| l.amount.amount > 0 && l.quantity > 0));
}

#[tokio::test]
async fn listing_survives_page_faults_and_the_flaky_profile() {
    let (sim, _st, a) = setup(7103, 5).await;
    let now = jiff::Timestamp::now();
    let window = Window::new(now - secs(4 * 86_400), now + secs(60));
    add_orders(&sim, 230, now - secs(600)).await;

    post(
        &sim,
        "faults",
        json!({"site": "crossmall", "duplicate_page": 0.5, "status_flip": 0.5}),
    )
    .await;
    for _ in 0..2 {
        let orders = a.list_orders(window).await.unwrap();
        // Flips happen while listing: the sim's set is read afterwards.
        assert_eq!(listed(&orders), sim_collectable(&sim, window).await);
    }

    post(&sim, "faults", json!({"site": "crossmall", "profile": "flaky"})).await;
    let orders = a.list_orders(window).await.unwrap();
    let expected = sim_collectable(&sim, window).await;
    assert_eq!(listed(&orders), expected);
    assert!(!expected.is_empty());
    let st = state(&sim).await;
    assert!(st.fault_rejections.get("crossmall").copied().unwrap_or(0) > 0);
}

#[tokio::test]
async fn ship_moves_the_phase_and_records_the_exact_carrier_and_number() {
    let (sim, _st, a) = setup(7104, 0).await;
    let now = jiff::Timestamp::now();
    let created = add_orders(&sim, 3, now - secs(3_600)).await;
    let window = Window::new(now - secs(7_200), now);
    let orders = a.list_orders(window).await.unwrap();
    let by_no = |no: &str| orders.iter().find(|o| o.order_no == no).unwrap().clone();
    let (first, second, third) = (by_no(&created[0]), by_no(&created[1]), by_no(&created[2]));
    post(
        &sim,
        "cancel",
        json!({"site": "crossmall", "shop_id": "crossmall-seller", "order_no": second.order_no}),
    )
    .await;

    let shipped_at: jiff::Timestamp = "2024-05-01T16:30:00Z".parse().unwrap();
    let shipment = |o: &SiteOrder, carrier: Carrier, number: &str| Shipment {
        order_no: o.order_no.clone(),
        lines: o.lines.clone(),
        carrier,
        tracking: TrackingNumber::new(number).unwrap(),
        shipped_at,
    };
    let results = a
        .ship(&[
            shipment(
                &first,
                Carrier::Named {
                    name: "ヤマト運輸".into(),
                },
                "4912-3456-7890",
            ),
            shipment(
                &second,
                Carrier::Named {
                    name: "佐川急便".into(),
                },
                "555566667777",
            ),
            shipment(&third, Carrier::OtherCourier, "QSP000123"),
        ])
        .await
        .unwrap();
    assert_eq!(
        results.len(),
        first.lines.len() + second.lines.len() + third.lines.len()
    );
    for r in &results {
        if r.order_no == second.order_no {
            let msg = r.outcome.clone().unwrap_err();
            assert!(msg.contains("キャンセル"), "{msg}");
        } else {
            assert_eq!(r.outcome, Ok(()), "{r:?}");
            assert!(r.line_key.is_some());
        }
    }

    let st = state(&sim).await;
    let s = sim_shop(&st, SITE);
    let recorded: Vec<_> = s
        .shipments
        .iter()
        .map(|r| (r.order_no.as_str(), r.carrier.as_str(), r.tracking.as_str()))
        .collect();
    assert_eq!(
        recorded,
        vec![
            (first.order_no.as_str(), "ヤマト運輸", "4912-3456-7890"),
            (third.order_no.as_str(), "その他", "QSP000123"),
        ]
    );
    let status = |no: &str| s.orders.iter().find(|o| o.order_no == no).unwrap().status.clone();
    assert_eq!(status(&first.order_no), CROSSMALL_SHIPPED_PHASE);
    assert_eq!(status(&second.order_no), CROSSMALL_AWAITING_PHASE);
    {
        let w = sim.state.world();
        let i = w.shops.iter().position(|s| s.site == SITE).unwrap();
        assert_eq!(
            w.shops[i].orders[&first.order_no].delivery_date.as_deref(),
            Some("2024-05-02"),
            "delivery date is the JST day"
        );
    }

    // get_order reads any phase; an unknown order is None; shipping it again is refused.
    let again = a.get_order(&first.order_no, None).await.unwrap().unwrap();
    assert_eq!(again.site_status.code, CROSSMALL_SHIPPED_PHASE);
    assert_eq!(again.lines.len(), first.lines.len());
    assert_eq!(a.get_order("99999999", None).await.unwrap(), None);
    let twice = a
        .ship(&[shipment(
            &first,
            Carrier::Named {
                name: "ヤマト運輸".into(),
            },
            "4912-3456-7890",
        )])
        .await
        .unwrap();
    assert!(twice.iter().all(|r| r.outcome.is_err()));
    assert_eq!(sim_shop(&state(&sim).await, SITE).shipments.len(), 2);

    // No confirmation call on Crossmall: nothing reaches the site.
    let confirm = a
        .confirm(&[ConfirmItem {
            order_no: third.order_no.clone(),
            line_keys: vec!["1".into()],
        }])
        .await;
    assert!(matches!(confirm, Err(MarketError::Unsupported { .. })));
    assert!(sim_shop(&state(&sim).await, SITE).confirms.is_empty());
}

#[tokio::test]
async fn a_missing_shipped_phase_fails_the_test_and_the_shipment() {
    // The phases live in this simulator's world: no other test sees the change.
    let (sim, st, a) = setup(7199, 0).await;
    let company = sim_shop(&st, SITE).credentials["company_code"].clone();
    shipdeck::sim::crossmall::set_phases(
        &sim.state,
        &company,
        Some(vec![CROSSMALL_AWAITING_PHASE.into(), "発送済み".into()]),
    );
    let err = a.test_connection().await;
    let created = add_orders(&sim, 1, jiff::Timestamp::now() - secs(60)).await;
    let order = a.get_order(&created[0], None).await.unwrap().unwrap();
    let results = a
        .ship(&[Shipment {
            order_no: order.order_no.clone(),
            lines: order.lines.clone(),
            carrier: Carrier::Named {
                name: "日本郵便".into(),
            },
            tracking: TrackingNumber::new("123412341234").unwrap(),
            shipped_at: jiff::Timestamp::now(),
        }])
        .await
        .unwrap();
    shipdeck::sim::crossmall::set_phases(&sim.state, &company, None);

    match err {
        Err(MarketError::Permanent { message }) => {
            assert!(
                message.contains(CROSSMALL_SHIPPED_PHASE) && message.contains("exactly"),
                "{message}"
            )
        }
        other => panic!("expected Permanent, got {other:?}"),
    }
    assert!(!results.is_empty());
    for r in &results {
        let msg = r.outcome.clone().unwrap_err();
        assert!(msg.contains(CROSSMALL_SHIPPED_PHASE), "{msg}");
    }
    assert!(sim_shop(&state(&sim).await, SITE).shipments.is_empty());
}

#[tokio::test]
async fn stock_updates_reach_the_site_and_unknown_codes_are_refused() {
    let (sim, _st, a) = setup(7105, 0).await;
    let products = a.list_products().await.unwrap();
    assert!(products.len() > 6, "options are listed one row each");
    let option = products.iter().find(|p| p.option_id.is_some()).unwrap().clone();
    let single = products.iter().find(|p| p.option_id.is_none()).unwrap().clone();
    let unknown = SiteCode::Crossmall {
        item_code: "9999".into(),
        item_name: "存在しない商品".into(),
        option_text: String::new(),
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
    assert_eq!(results[0].outcome, Ok(()));
    assert_eq!(results[1].outcome, Ok(()));
    assert_eq!(results[2].code, unknown);
    assert!(results[2].outcome.clone().unwrap_err().contains("9999"));

    let st = state(&sim).await;
    let updates = sim_shop(&st, SITE).stock_updates;
    assert_eq!(updates.len(), 2, "the unknown code never reached the site");
    assert_eq!(updates[0].product_id, option.product_id);
    assert!(updates[0].option_id.is_some());
    assert_eq!(updates[0].quantity, 7);
    assert_eq!(updates[1].product_id, single.product_id);
    assert_eq!(updates[1].option_id, None);
    assert_eq!(updates[1].quantity, 0);
    // The site now reports the new stock.
    let after = a.list_products().await.unwrap();
    let now_option = after.iter().find(|p| p.code == option.code).unwrap();
    assert_eq!(now_option.stock, 7);
}

#[tokio::test]
async fn every_fault_maps_to_its_error_class() {
    let (sim, _st, a) = setup(7106, 2).await;
    // One stalled write (sent once): the client's timeout is a transient failure, and no
    // signature shows in its message.
    let stalled = Shipment {
        order_no: "50001".into(),
        lines: vec![],
        carrier: Carrier::Named {
            name: "ヤマト運輸".into(),
        },
        tracking: TrackingNumber::new("111122223333").unwrap(),
        shipped_at: jiff::Timestamp::now(),
    };
    let cases = vec![
        case(json!({"rate_limit": 1.0}), Call::TestConnection, retry_after_1s),
        case(json!({"server_error": 1.0}), Call::TestConnection, transient),
        case(json!({"truncated": 1.0}), Call::TestConnection, malformed),
        case(json!({"malformed": 1.0}), Call::GetOrder("50001".into()), junk),
        case(json!({"stall": 1.0}), Call::Ship(vec![stalled]), |e| {
            matches!(e, MarketError::Transient { message }
                if message.contains("timed out") && !message.contains("signing"))
        }),
    ];
    assert_fault_classes(&sim, SITE, a.as_ref(), cases).await;
}
