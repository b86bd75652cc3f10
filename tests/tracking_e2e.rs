//! Our shipment or someone else's: the engine against the simulator on 127.0.0.1 with a real sled
//! store on disk. A ship push whose answer was lost is re-sent only after the site's tracking
//! number is compared with ours; a pull that finds our order shipped with another number holds it.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::sim::{adapter, config, post, shop, sim_shop, start, state};
use serde_json::json;
use shipdeck::domain::{
    Carrier, HoldReason, Order, OrderState, Push, PushKind, PushState, Site, Sku, SkuCode, Stage,
    TrackingNumber,
};
use shipdeck::engine::{Actor, Command, Engine, EngineOptions, TrackingRow};
use shipdeck::market::SystemClock;
use shipdeck::sim::inspect::ShopStateView;
use shipdeck::sim::{FaultProfile, SimServer};
use shipdeck::store::Store;

/// Our tracking number in every scenario.
const OURS: &str = "7700-0000-0001";
/// The number someone else registers on the site.
const THEIRS: &str = "5555-0000-1111";

struct Rig {
    sim: SimServer,
    engine: Arc<Engine>,
    site: Site,
    _dir: tempfile::TempDir,
}

fn actor() -> Actor {
    Actor("test".into())
}

/// A simulator with `carts` new carts on one site, a shop that confirms and instructs by itself,
/// a SKU for every code: pulled and drained, so every order is instructed.
async fn rig(seed: u64, site: Site, carts: usize) -> Rig {
    let sim = start(seed, 0, FaultProfile::None).await;
    post(&sim, "orders", json!({"site": site, "count": carts})).await;
    let st = state(&sim).await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut s = shop(&sim, &st, site);
    s.options.order_confirmation = true;
    s.options.fulfillment_instructions = true;
    store.add_shop(&s).unwrap();
    for o in &sim_shop(&st, site).orders {
        for l in &o.lines {
            let code = l.option_code.clone().unwrap_or(l.product_code.clone());
            store
                .put_sku(&Sku {
                    code: SkuCode::new(&code).unwrap(),
                    name: code.clone(),
                    option_name: l.option_code.as_ref().map(|_| "option".into()),
                    on_hand: 100,
                    reserved: 0,
                })
                .unwrap();
        }
    }
    let engine =
        Arc::new(Engine::new(store, config(&st), Arc::new(SystemClock), EngineOptions::fast()).unwrap());
    let r = Rig {
        sim,
        engine,
        site,
        _dir: dir,
    };
    r.pull().await;
    r.drain().await;
    assert!(
        r.orders()
            .iter()
            .all(|o| o.state == OrderState::at(Stage::Instructed)),
        "{:?}",
        r.orders().iter().map(|o| &o.state).collect::<Vec<_>>()
    );
    r
}

impl Rig {
    async fn pull(&self) {
        let shops = common::engine::pull_every_shop(&self.engine).await;
        assert!(shops.values().all(|s| s.errors.is_empty()), "{shops:?}");
    }

    /// Runs the outbox until nothing is pending.
    async fn drain(&self) {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            self.engine.run_outbox_once().await.unwrap();
            if self.engine.store().pending_push_count() == 0 {
                return;
            }
            assert!(std::time::Instant::now() < deadline, "pushes still pending");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn orders(&self) -> Vec<Order> {
        self.engine
            .store()
            .page_orders(&shipdeck::store::OrderQuery {
                limit: 1000,
                ..Default::default()
            })
            .unwrap()
            .orders
    }

    fn order(&self, order_no: &str) -> Order {
        self.orders()
            .into_iter()
            .find(|o| o.key.order_no == order_no)
            .unwrap()
    }

    fn ship_push(&self, order: &Order) -> Push {
        let pushes = self
            .engine
            .store()
            .pushes_of(&order.key.shop, &order.key.order_no)
            .unwrap();
        let ships: Vec<Push> = pushes
            .into_iter()
            .filter(|p| matches!(p.kind, PushKind::Ship { .. }))
            .collect();
        assert_eq!(ships.len(), 1, "{ships:?}");
        ships[0].clone()
    }

    /// The warehouse receives the parcel of `order_no` with our tracking number.
    async fn receive(&self, order_no: &str) -> Order {
        let o = self.order(order_no);
        let carrier = match self.site {
            Site::Qoo10 | Site::Crossmall => Carrier::Named {
                name: "ヤマト運輸".into(),
            },
            _ => Carrier::Cj,
        };
        let res = self
            .engine
            .execute(
                &actor(),
                Command::ImportTracking {
                    rows: vec![TrackingRow {
                        key: o.key.clone(),
                        carrier,
                        number: TrackingNumber::new(OURS).unwrap(),
                    }],
                },
            )
            .await
            .unwrap();
        let after = self.order(order_no);
        assert_eq!(after.state, OrderState::at(Stage::Received), "{res:?}");
        after
    }

    async fn faults(&self, overrides: serde_json::Value) {
        let mut body = json!({"site": self.site, "profile": "none"});
        if let (Some(b), Some(o)) = (body.as_object_mut(), overrides.as_object()) {
            b.extend(o.clone());
        }
        post(&self.sim, "faults", body).await;
    }

    /// One outbox round whose every answer is lost the way `fault` loses it; the ship push is
    /// rescheduled with one attempt counted.
    async fn lose_first_answer(&self, order: &Order, fault: &str) {
        let mut on = serde_json::Map::new();
        on.insert(fault.to_string(), json!(1.0));
        self.faults(serde_json::Value::Object(on)).await;
        let round = self.engine.run_outbox_once().await.unwrap();
        self.faults(json!({})).await;
        assert_eq!((round.retried, round.done, round.failed), (1, 0, 0), "{round:?}");
        let p = self.ship_push(order);
        assert!(p.state.is_pending() && p.attempts == 1, "{p:?}");
    }

    /// Someone else ships the order on the site with their own number.
    async fn ship_elsewhere(&self, order_no: &str, carrier: &str) {
        let shop_id = self.sim_shop().await.shop_id;
        post(
            &self.sim,
            "ship",
            json!({"site": self.site, "shop_id": shop_id, "order_no": order_no,
                   "carrier": carrier, "tracking": THEIRS}),
        )
        .await;
    }

    async fn sim_shop(&self) -> ShopStateView {
        sim_shop(&state(&self.sim).await, self.site)
    }

    /// The tracking numbers the site recorded for an order, in order.
    async fn site_numbers(&self, order_no: &str) -> Vec<String> {
        self.sim_shop()
            .await
            .shipments
            .iter()
            .filter(|s| s.order_no == order_no)
            .map(|s| s.tracking.clone())
            .collect()
    }
}

fn held_for_conflict(o: &Order) -> bool {
    o.state
        == OrderState::Held {
            reason: HoldReason::TrackingConflict,
            stage: Stage::Received,
        }
}

/// Lost answer, then someone else ships with another number: the re-send is not made, the push
/// fails naming both numbers, the order is held; an operator's retry checks again and still
/// sends nothing.
async fn someone_else_shipped_after_a_lost_answer(seed: u64, site: Site, their_carrier: &str) {
    let r = rig(seed, site, 1).await;
    let no = r.orders()[0].key.order_no.clone();
    let o = r.receive(&no).await;
    r.lose_first_answer(&o, "server_error").await;
    assert!(
        r.site_numbers(&no).await.is_empty(),
        "the lost call did not reach the site"
    );
    r.ship_elsewhere(&no, their_carrier).await;
    r.drain().await;
    let p = r.ship_push(&o);
    assert!(matches!(p.state, PushState::Failed { .. }), "{p:?}");
    let err = p.last_error.clone().unwrap_or_default();
    assert!(
        err.contains(THEIRS) && err.contains(OURS) && err.contains(their_carrier),
        "both numbers and their carrier in the note: {err}"
    );
    assert_eq!(p.note.as_deref(), Some(err.as_str()));
    let held = r.order(&no);
    assert!(held_for_conflict(&held), "{:?}", held.state);
    assert_eq!(held.tracking.as_ref().map(|t| t.number.as_str()), Some(OURS));
    assert_eq!(r.site_numbers(&no).await, vec![THEIRS.to_string()]);
    // The operator retries: the site is asked again, and still nothing is sent over theirs.
    r.engine
        .execute(&actor(), Command::RetryPushes { ids: vec![p.id] })
        .await
        .unwrap();
    r.drain().await;
    let again = r.ship_push(&o);
    assert!(matches!(again.state, PushState::Failed { .. }), "{again:?}");
    assert!(held_for_conflict(&r.order(&no)));
    assert_eq!(r.site_numbers(&no).await, vec![THEIRS.to_string()]);
    assert_eq!(r.engine.store().verify().unwrap(), Vec::<String>::new());
}

/// Lost answer after the site took our call: the re-send finds our own number and is done
/// without a second call; a pull in between changes nothing.
async fn our_shipment_whose_answer_was_lost(seed: u64, site: Site) {
    let r = rig(seed, site, 1).await;
    let no = r.orders()[0].key.order_no.clone();
    let o = r.receive(&no).await;
    r.lose_first_answer(&o, "truncated").await;
    assert_eq!(r.site_numbers(&no).await, vec![OURS.to_string()]);
    // The pull sees the order shipped with our number: no conflict, the outbox decides.
    r.pull().await;
    assert_eq!(r.order(&no).state, OrderState::at(Stage::Received));
    assert!(r.ship_push(&o).state.is_pending());
    r.drain().await;
    let p = r.ship_push(&o);
    assert!(matches!(p.state, PushState::Done { .. }), "{p:?}");
    let note = p.note.unwrap_or_default();
    assert!(
        note.contains("already applied") && note.contains("our tracking number"),
        "{note}"
    );
    assert_eq!(r.order(&no).state, OrderState::at(Stage::Shipped));
    assert_eq!(r.site_numbers(&no).await, vec![OURS.to_string()], "sent once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qoo10_resend_over_someone_elses_shipment_is_not_made() {
    someone_else_shipped_after_a_lost_answer(301, Site::Qoo10, "佐川急便").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gmarket_resend_over_someone_elses_shipment_is_not_made() {
    someone_else_shipped_after_a_lost_answer(302, Site::Gmarket, "한진택배").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qoo10_lost_answer_with_our_number_is_done_without_a_second_call() {
    our_shipment_whose_answer_was_lost(303, Site::Qoo10).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gmarket_lost_answer_with_our_number_is_done_without_a_second_call() {
    our_shipment_whose_answer_was_lost(304, Site::Gmarket).await;
}

/// A site whose order reads carry no tracking number (Grip): as before, the re-send is taken as
/// applied, and the note says the site could not say by whom.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grip_cannot_tell_and_the_note_says_so() {
    let r = rig(305, Site::Grip, 1).await;
    let no = r.orders()[0].key.order_no.clone();
    let o = r.receive(&no).await;
    r.lose_first_answer(&o, "server_error").await;
    r.ship_elsewhere(&no, "66").await;
    r.drain().await;
    let p = r.ship_push(&o);
    assert!(matches!(p.state, PushState::Done { .. }), "{p:?}");
    let note = p.note.unwrap_or_default();
    assert!(note.contains("cannot say by whom"), "{note}");
    assert_eq!(r.order(&no).state, OrderState::at(Stage::Shipped));
    assert_eq!(r.site_numbers(&no).await, vec![THEIRS.to_string()]);
}

/// The pull finds an order whose shipment is queued shipped on the site with another number: it
/// is held and the queued push fails without being sent. An order shipped on the site before we
/// had a tracking number is taken as before (held for a manual shipping order).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qoo10_pull_holds_our_queued_shipment_when_the_site_shows_another_number() {
    let r = rig(306, Site::Qoo10, 4).await;
    let orders = r.orders();
    assert!(orders.len() >= 2, "{orders:?}");
    let (mine, other) = (orders[0].key.order_no.clone(), orders[1].key.order_no.clone());
    let o = r.receive(&mine).await;
    r.ship_elsewhere(&mine, "佐川急便").await;
    r.ship_elsewhere(&other, "佐川急便").await;
    r.pull().await;
    let held = r.order(&mine);
    assert!(held_for_conflict(&held), "{:?}", held.state);
    let p = r.ship_push(&o);
    assert!(matches!(p.state, PushState::Failed { .. }), "{p:?}");
    assert_eq!(p.attempts, 0, "never sent");
    let err = p.last_error.unwrap_or_default();
    assert!(err.contains(THEIRS) && err.contains(OURS), "{err}");
    assert_eq!(
        r.order(&other).state,
        OrderState::Held {
            reason: HoldReason::ShippingStartedOnSite,
            stage: Stage::Instructed
        }
    );
    r.drain().await;
    assert_eq!(r.site_numbers(&mine).await, vec![THEIRS.to_string()]);
    // Pulled again: held once, nothing more.
    r.pull().await;
    assert!(held_for_conflict(&r.order(&mine)));
    assert_eq!(r.engine.store().verify().unwrap(), Vec::<String>::new());
}

/// The adapters read the tracking a site shows (Qoo10, ESM, Crossmall) and say whether they can;
/// LotteON and Grip order reads carry none.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adapters_read_the_tracking_the_site_shows() {
    let sim = start(307, 0, FaultProfile::None).await;
    for site in [
        Site::Qoo10,
        Site::Gmarket,
        Site::Auction,
        Site::Crossmall,
        Site::Lotteon,
        Site::Grip,
    ] {
        let created = post(&sim, "orders", json!({"site": site, "count": 1})).await;
        let no = created["created"][0].as_str().unwrap().to_string();
        let st = state(&sim).await;
        let s = sim_shop(&st, site);
        let a = adapter(&st, &shop(&sim, &st, site));
        let at = s.orders.iter().find(|o| o.order_no == no).unwrap().ordered_at;
        let before = a.get_order(&no, Some(at)).await.unwrap().unwrap();
        assert_eq!(before.tracking, None, "{site}: not shipped yet");
        post(
            &sim,
            "ship",
            json!({"site": site, "shop_id": s.shop_id, "order_no": no,
                   "carrier": "ヤマト運輸", "tracking": " 4912-3456-7890 "}),
        )
        .await;
        let after = a.get_order(&no, Some(at)).await.unwrap().unwrap();
        let reports = matches!(
            site,
            Site::Qoo10 | Site::Gmarket | Site::Auction | Site::Crossmall
        );
        assert_eq!(a.reports_tracking(), reports, "{site}");
        if reports {
            let t = after
                .tracking
                .unwrap_or_else(|| panic!("{site}: no tracking read"));
            assert_eq!(t.carrier, "ヤマト運輸", "{site}");
            assert!(t.is_number("491234567890"), "{site}: {t:?}");
        } else {
            assert_eq!(after.tracking, None, "{site}");
        }
    }
}

/// An operator's retry resets the attempts, not the memory that a call went out: a push whose
/// call reached the site (answer lost) and which then failed is checked against the site again
/// on retry, and found done instead of shipping our number a second time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retried_push_whose_call_reached_the_site_is_checked_not_sent_twice() {
    let r = rig(305, Site::Qoo10, 1).await;
    let no = r.orders()[0].key.order_no.clone();
    let o = r.receive(&no).await;
    r.lose_first_answer(&o, "truncated").await;
    assert_eq!(r.site_numbers(&no).await, vec![OURS.to_string()]);
    // As if it had then run out of attempts: failed, with one call out.
    let mut p = r.ship_push(&o);
    assert_eq!(p.calls, 1, "{p:?}");
    p.state = PushState::Failed {
        at: jiff::Timestamp::now(),
    };
    r.engine
        .store()
        .apply(&shipdeck::store::Change {
            pushes: vec![p.clone()],
            ..Default::default()
        })
        .unwrap();
    r.engine
        .execute(&actor(), Command::RetryPushes { ids: vec![p.id] })
        .await
        .unwrap();
    let retried = r.ship_push(&o);
    assert_eq!((retried.attempts, retried.calls), (0, 1), "{retried:?}");
    r.drain().await;
    let p = r.ship_push(&o);
    assert!(matches!(p.state, PushState::Done { .. }), "{p:?}");
    assert!(
        p.note
            .as_deref()
            .unwrap_or_default()
            .contains("our tracking number"),
        "{p:?}"
    );
    assert_eq!(r.site_numbers(&no).await, vec![OURS.to_string()], "sent once");
    assert_eq!(r.order(&no).state, OrderState::at(Stage::Shipped));
}

/// After a conflict, an operator takes the site's shipment as the order's own: shipped with
/// their number, our push closed unsent, the site still shows only theirs. An order not held for
/// a conflict is refused and unchanged.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_accepts_the_shipment_someone_else_made_on_the_site() {
    let r = rig(306, Site::Qoo10, 2).await;
    let orders = r.orders();
    let (no, other) = (orders[0].key.order_no.clone(), orders[1].key.clone());
    let o = r.receive(&no).await;
    r.lose_first_answer(&o, "server_error").await;
    r.ship_elsewhere(&no, "佐川急便").await;
    r.drain().await;
    assert!(held_for_conflict(&r.order(&no)));
    // Refused for an order that is not held for a conflict.
    let before = r.order(other.order_no.as_str());
    let refused = r
        .engine
        .execute(&actor(), Command::AcceptSiteShipment { key: other.clone() })
        .await;
    assert!(
        refused
            .as_ref()
            .is_err_and(|e| e.to_string().contains("only an order held")),
        "{refused:?}"
    );
    assert_eq!(r.order(other.order_no.as_str()), before);
    // Accepted for the held one.
    r.engine
        .execute(&actor(), Command::AcceptSiteShipment { key: o.key.clone() })
        .await
        .unwrap();
    let shipped = r.order(&no);
    assert_eq!(shipped.state, OrderState::at(Stage::Shipped));
    let t = shipped.tracking.clone().unwrap();
    assert_eq!(t.number.as_str(), THEIRS);
    assert_eq!(t.source, shipdeck::domain::tracking::TrackingSource::SiteShipment);
    let p = r.ship_push(&o);
    assert!(matches!(p.state, PushState::Done { .. }), "{p:?}");
    assert!(
        p.note
            .as_deref()
            .unwrap_or_default()
            .contains("accepted the site's shipment"),
        "{p:?}"
    );
    r.drain().await;
    assert_eq!(
        r.site_numbers(&no).await,
        vec![THEIRS.to_string()],
        "ours never sent"
    );
    assert_eq!(r.engine.store().verify().unwrap(), Vec::<String>::new());
    let audit = r.engine.store().audit_tail(100).unwrap();
    assert!(audit.iter().any(|a| a.action == "orders.accept_site_shipment"));
}
