//! Stock sync goes only through mappings: the engine against the simulator over HTTP on
//! 127.0.0.1 with a sled store on disk. A SKU mapped on one shop is pushed to that shop only,
//! with that shop's own code (one push per mapping) — whether its stock moved because an order
//! reserved it or because a SKU file changed its quantity on hand.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use common::sim::{config, post, shop, sim_shop, start, state};
use serde_json::json;
use shipdeck::domain::mapping::SiteCode;
use shipdeck::domain::{Mapping, Push, PushKind, Site, Sku, SkuCode};
use shipdeck::engine::{Actor, Command, CommandResult, Engine, EngineOptions};
use shipdeck::market::SystemClock;
use shipdeck::sim::{FaultProfile, SimServer};
use shipdeck::store::Store;

struct Rig {
    sim: SimServer,
    engine: Arc<Engine>,
    dir: tempfile::TempDir,
    grip: shipdeck::domain::ShopName,
    crossmall: shipdeck::domain::ShopName,
    /// The Grip codes mapped to `WH-3`.
    codes: BTreeSet<SiteCode>,
}

/// A Grip shop and a Crossmall shop, both with stock sync on; SKU `WH-3` (100 on hand) mapped
/// only on the Grip shop: every code on the simulator's Grip orders (so each order maps whole and
/// reserves), or one option code when there are no orders.
async fn rig(seed: u64, grip_orders: usize) -> Rig {
    let sim = start(seed, 0, FaultProfile::None).await;
    if grip_orders > 0 {
        post(&sim, "orders", json!({"site": "grip", "count": grip_orders})).await;
    }
    let st = state(&sim).await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut g = shop(&sim, &st, Site::Grip);
    g.options.stock_sync = true;
    g.options.order_confirmation = true;
    g.options.fulfillment_instructions = true;
    store.add_shop(&g).unwrap();
    let mut c = shop(&sim, &st, Site::Crossmall);
    c.options.stock_sync = true;
    store.add_shop(&c).unwrap();
    let engine =
        Arc::new(Engine::new(store, config(&st), Arc::new(SystemClock), EngineOptions::fast()).unwrap());
    // The mapped codes: every code on the Grip orders, or one option of the catalogue.
    let grip = sim_shop(&st, Site::Grip);
    let mut codes: BTreeSet<SiteCode> = grip
        .orders
        .iter()
        .flat_map(|o| &o.lines)
        .map(|l| match &l.option_code {
            Some(code) => SiteCode::Option { code: code.clone() },
            None => SiteCode::Product {
                code: l.product_code.clone(),
            },
        })
        .collect();
    if codes.is_empty() {
        codes.insert(SiteCode::Option {
            code: "GR-TS-001-BK-M".into(),
        });
    }
    engine
        .store()
        .put_sku(&Sku {
            code: SkuCode::new("WH-3").unwrap(),
            name: "warehouse three".into(),
            option_name: Some("option".into()),
            on_hand: 100,
            reserved: 0,
        })
        .unwrap();
    for code in &codes {
        let r = engine
            .execute(
                &Actor("test".into()),
                Command::SetMapping {
                    mapping: Mapping {
                        site: Site::Grip,
                        shop: Some(g.name.clone()),
                        code: code.clone(),
                        sku: SkuCode::new("WH-3").unwrap(),
                        product_code: None,
                    },
                },
            )
            .await
            .unwrap();
        assert!(matches!(r, CommandResult::MappingSet { .. }), "{r:?}");
    }
    Rig {
        sim,
        engine,
        dir,
        grip: g.name,
        crossmall: c.name,
        codes,
    }
}

impl Rig {
    fn stock_pushes(&self) -> Vec<Push> {
        self.engine
            .store()
            .list_pushes(|p| matches!(p.kind, PushKind::Stock { .. }), 0, usize::MAX)
            .unwrap()
    }

    async fn drain(&self) {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while self.engine.store().pending_push_count() > 0 {
            self.engine.run_outbox_once().await.unwrap();
            assert!(std::time::Instant::now() < deadline, "pushes still pending");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Every stock push goes to the Grip shop with a mapped code, one per mapping; none to
    /// Crossmall.
    fn assert_only_the_mapped_shop(&self, pushes: &[Push]) {
        assert!(!pushes.is_empty(), "the stock change queued no push");
        for p in pushes {
            assert_eq!(p.shop, self.grip, "{p:?}");
            assert_ne!(p.shop, self.crossmall, "{p:?}");
            let PushKind::Stock { code, sku } = &p.kind else {
                unreachable!()
            };
            assert_eq!(sku.as_str(), "WH-3");
            assert!(self.codes.contains(code), "{p:?}");
        }
        let codes: BTreeSet<&SiteCode> = pushes
            .iter()
            .filter_map(|p| match &p.kind {
                PushKind::Stock { code, .. } => Some(code),
                _ => None,
            })
            .collect();
        assert_eq!(codes.len(), pushes.len(), "one push per mapping: {pushes:?}");
        assert_eq!(codes.len(), self.codes.len(), "every mapping pushed: {pushes:?}");
    }

    /// What the simulated sites received: the Grip shop got `qty`, Crossmall nothing.
    async fn assert_sites_received(&self, qty: i64) {
        let st = state(&self.sim).await;
        let grip = sim_shop(&st, Site::Grip);
        assert_eq!(
            grip.stock_updates.last().map(|u| u.quantity),
            Some(qty),
            "{:?}",
            grip.stock_updates
        );
        assert!(sim_shop(&st, Site::Crossmall).stock_updates.is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_reserving_a_sku_mapped_on_one_shop_pushes_to_that_shop_only() {
    let r = rig(301, 3).await;
    let pull = r
        .engine
        .execute(
            &Actor("test".into()),
            Command::PullNow {
                shop: Some(r.grip.clone()),
                from: None,
                to: None,
            },
        )
        .await
        .unwrap();
    assert!(matches!(pull, CommandResult::Pulled { .. }), "{pull:?}");
    let sku = r
        .engine
        .store()
        .get_sku(&SkuCode::new("WH-3").unwrap())
        .unwrap()
        .unwrap();
    assert!(sku.reserved > 0, "the mapped line reserved WH-3: {sku:?}");
    let pushes = r.stock_pushes();
    r.assert_only_the_mapped_shop(&pushes);
    r.drain().await;
    // Instructing the rest reserves more; the site ends with what is available now.
    let sku = r
        .engine
        .store()
        .get_sku(&SkuCode::new("WH-3").unwrap())
        .unwrap()
        .unwrap();
    r.assert_sites_received(sku.available()).await;
    for p in r.stock_pushes() {
        assert_eq!(p.shop, r.grip, "{p:?}");
        assert!(
            matches!(&p.kind, PushKind::Stock { code, .. } if r.codes.contains(code)),
            "{p:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sku_import_changing_on_hand_pushes_like_any_stock_change() {
    let r = rig(302, 0).await;
    assert!(r.stock_pushes().is_empty(), "nothing changed yet");
    let file = r.dir.path().join("skus.csv");
    std::fs::write(&file, "sku code,sku name,on hand\nWH-3,warehouse three,12\n").unwrap();
    let res = r
        .engine
        .execute(
            &Actor("test".into()),
            Command::ImportSkus {
                path: file.clone(),
                encoding: None,
                dry_run: false,
            },
        )
        .await
        .unwrap();
    let CommandResult::SkusImported { report } = res else {
        panic!("{res:?}")
    };
    assert!(report.applied, "{report}");
    let pushes = r.stock_pushes();
    r.assert_only_the_mapped_shop(&pushes);
    assert_eq!(pushes.len(), 1, "{pushes:?}");
    r.drain().await;
    r.assert_sites_received(12).await;
    // The same file again changes nothing and queues nothing more.
    r.engine
        .execute(
            &Actor("test".into()),
            Command::ImportSkus {
                path: file,
                encoding: None,
                dry_run: false,
            },
        )
        .await
        .unwrap();
    assert_eq!(r.stock_pushes().len(), 1);
}
