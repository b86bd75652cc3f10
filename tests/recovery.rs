//! Recovery after a crash mid-confirmation: every re-send is checked against the site before it
//! goes out, and one listing answers for many orders, so the check costs a bounded number of the
//! site's order reads (counted by the simulator), not one read per order.

mod common;

use std::sync::Arc;

use common::sim::{config, post, shop, sim_shop, start, state};
use serde_json::json;
use shipdeck::domain::{OrderKey, PushState, Site, StatusKey};
use shipdeck::engine::{Actor, Command, Engine, EngineOptions};
use shipdeck::market::SystemClock;
use shipdeck::sim::FaultProfile;
use shipdeck::store::{Change, OrderQuery, Store};

/// Calls of the ESM order listing/lookup endpoint the simulator received.
async fn esm_order_reads(sim: &shipdeck::sim::SimServer) -> u64 {
    state(sim)
        .await
        .requests
        .iter()
        .filter(|(k, _)| k.contains("RequestOrders"))
        .map(|(_, n)| n)
        .sum()
}

#[tokio::test]
async fn fifty_esm_re_sends_are_checked_with_a_few_order_reads() {
    let sim = start(11, 200, FaultProfile::None).await;
    let st = state(&sim).await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let s = shop(&sim, &st, Site::Gmarket);
    store.add_shop(&s).unwrap();
    let engine =
        Arc::new(Engine::new(store, config(&st), Arc::new(SystemClock), EngineOptions::fast()).unwrap());
    let actor = Actor("test".into());
    engine
        .execute(
            &actor,
            Command::PullNow {
                shop: None,
                from: None,
                to: None,
            },
        )
        .await
        .unwrap();
    let collected = engine
        .store()
        .page_orders(&OrderQuery {
            status: Some(StatusKey::Collected),
            limit: 50,
            ..OrderQuery::default()
        })
        .unwrap()
        .orders;
    assert_eq!(collected.len(), 50, "the simulator made enough new orders");
    let keys: Vec<OrderKey> = collected.iter().map(|o| o.key.clone()).collect();
    engine
        .execute(&actor, Command::ConfirmOrders { keys: keys.clone() })
        .await
        .unwrap();
    // The crash: every confirmation went out (its call counted), half of them reached the site.
    let pushes = engine
        .store()
        .list_pushes(|p| p.state.is_pending(), 0, 1000)
        .unwrap();
    assert_eq!(pushes.len(), 50);
    let sent: Vec<_> = pushes
        .into_iter()
        .map(|mut p| {
            p.attempts = 1;
            p.calls = 1;
            p
        })
        .collect();
    engine
        .store()
        .apply(&Change {
            pushes: sent,
            ..Change::default()
        })
        .unwrap();
    let reached: Vec<&OrderKey> = keys.iter().step_by(2).collect();
    for k in &reached {
        post(
            &sim,
            "status",
            json!({ "site": "gmarket", "shop_id": s.shop_id, "order_no": k.order_no, "status": "2" }),
        )
        .await;
    }
    let reads_before = esm_order_reads(&sim).await;
    for _ in 0..5 {
        engine.run_outbox_once().await.unwrap();
    }
    let reads = esm_order_reads(&sim).await - reads_before;
    // Statuses 1, 2 and 3 listed once each over the orders' span (one page each), where one read
    // per order would have made 50.
    assert!(reads <= 6, "{reads} order reads for 50 re-sends");
    let pending = engine
        .store()
        .list_pushes(|p| p.state.is_pending(), 0, 1000)
        .unwrap();
    assert!(pending.is_empty(), "{pending:?}");
    let done = engine
        .store()
        .list_pushes(|p| matches!(p.state, PushState::Done { .. }), 0, 1000)
        .unwrap();
    assert_eq!(done.len(), 50);
    let st = state(&sim).await;
    let confirms = &sim_shop(&st, Site::Gmarket).confirms;
    for k in &keys {
        let n = confirms.iter().filter(|c| c.order_no == k.order_no).count();
        let want = usize::from(!reached.contains(&k));
        assert_eq!(n, want, "{k}: confirmed {n} times at the site");
    }
    // The ones that had reached the site say so.
    for p in &done {
        let k = OrderKey {
            shop: p.shop.clone(),
            order_no: p.order_no.clone().unwrap(),
        };
        if reached.contains(&&k) {
            let note = p.note.clone().unwrap_or_default();
            assert!(note.contains("already applied"), "{k}: {note}");
        }
    }
}
