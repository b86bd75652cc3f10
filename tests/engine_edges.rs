//! The engine end to end against the simulator on 127.0.0.1, with a real sled store on disk,
//! beyond the full cycle: key renewal, window boundaries, stock sync, the SKU file import, and
//! hostile content on every site.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use common::engine::{catalogue, pull_and_compare, pull_every_shop, rig, Rig};
use common::sim::{config, post, shop, sim_shop, start, state};
use serde_json::json;
use shipdeck::domain::mapping::SiteCode;
use shipdeck::domain::{Mapping, OrderState, Site, Sku, SkuCode, Stage};
use shipdeck::engine::{Actor, Command, CommandResult, Engine, EngineOptions};
use shipdeck::market::SystemClock;
use shipdeck::sim::{FaultProfile, SimServer};
use shipdeck::store::Store;

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
        let shops = pull_every_shop(&engine).await;
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
