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
use shipdeck::engine::{Engine, EngineOptions};
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

    let shops = common::engine::pull_every_shop(&engine).await;
    assert_eq!(shops.len(), 3, "{shops:?}");
    let cm = &shops["crossmall-shop"];
    assert!(
        cm.errors
            .iter()
            .any(|e| e.contains("unreadable") && e.contains("12\\t34")),
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
            assert!(
                stored.contains(&(site, o.order_no.clone())),
                "{site} {} missing",
                o.order_no
            );
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

// ---- Against the simulator's hostile-content faults, one adapter call at a time. ----

use common::faults::set_faults;
use shipdeck::domain::text::is_unsafe;
use shipdeck::market::{self, Http, HttpOptions, MarketError, Marketplace, Window};
use shipdeck::sim::faults::hostile_id;

/// A real adapter against the simulator with these HTTP options.
fn adapter(
    sim: &shipdeck::sim::SimServer,
    st: &shipdeck::sim::inspect::StateView,
    site: Site,
    opts: HttpOptions,
) -> Box<dyn Marketplace> {
    let mut ctx = common::sim::context(st, Arc::new(SystemClock));
    ctx.http = Http::new(opts).unwrap();
    market::adapter_for(&shop(sim, st, site), &ctx).unwrap()
}

fn last_days(n: i64) -> Window {
    let now = jiff::Timestamp::now();
    Window::new(now - jiff::SignedDuration::from_hours(24 * n), now)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endless_answer_is_cut_at_the_cap_and_an_endless_listing_at_the_page_budget() {
    let sim = start(41, 6, FaultProfile::None).await;
    let st = state(&sim).await;
    set_faults(&sim, Site::Lotteon, json!({"oversized": 1.0})).await;
    let a = adapter(
        &sim,
        &st,
        Site::Lotteon,
        HttpOptions {
            max_answer_bytes: 256 * 1024,
            max_attempts: 1,
            ..HttpOptions::fast()
        },
    );
    match a.list_orders(last_days(1)).await {
        Err(MarketError::Malformed { message, .. }) => {
            assert!(message.contains("answer larger than 262144 bytes"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    for site in [Site::Grip, Site::Gmarket] {
        // Fresh orders, so the listing has pages to go on with whatever the seed drew.
        common::sim::post(&sim, "orders", json!({"site": site.slug(), "count": 3})).await;
        set_faults(&sim, site, json!({"endless_pages": true})).await;
        let a = adapter(
            &sim,
            &st,
            site,
            HttpOptions {
                max_pages: 4,
                ..HttpOptions::fast()
            },
        );
        match a.list_orders(last_days(1)).await {
            Err(MarketError::Malformed { message, .. }) => {
                assert!(message.contains("after 4 pages"), "{site}: {message}")
            }
            other => panic!("{site}: {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_is_refused_naming_its_target_and_never_followed() {
    let sim = start(42, 4, FaultProfile::None).await;
    let st = state(&sim).await;
    for site in [Site::Lotteon, Site::Crossmall, Site::Qoo10] {
        set_faults(&sim, site, json!({"redirect": 1.0})).await;
        let a = adapter(&sim, &st, site, HttpOptions::fast());
        match a.test_connection().await {
            Err(MarketError::Permanent { message }) => {
                assert!(
                    message.contains(&format!("{}/_sim/stolen", sim.url())),
                    "{message}"
                );
                assert!(!message.contains("site="), "the query is not shown: {message}");
            }
            other => panic!("{site}: {other:?}"),
        }
    }
    assert_eq!(
        sim.state.stolen_calls(),
        0,
        "a redirect was followed with the keys"
    );
}

/// Order numbers with tabs become malformed-answer errors with the raw text, the good rows of the
/// same answers are all there (once each, though rows repeat), and no site text keeps a control
/// character.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_identifiers_are_refused_row_by_row_and_site_text_arrives_clean() {
    let sim = start(43, 30, FaultProfile::None).await;
    let st = state(&sim).await;
    let window = last_days(4);
    for site in [Site::Lotteon, Site::Crossmall] {
        set_faults(
            &sim,
            site,
            json!({"bad_ids": 0.3, "control_text": 1.0, "duplicate_rows": 1.0, "duplicate_page": 1.0}),
        )
        .await;
        let a = adapter(&sim, &st, site, HttpOptions::fast());
        let got = a.list_orders(window).await.unwrap();
        let rejected = a.take_rejected();
        let want: BTreeSet<String> = sim_shop(&st, site)
            .orders
            .iter()
            .filter(|o| o.collectable && window.contains(o.ordered_at))
            .map(|o| o.order_no.clone())
            .collect();
        let (bad, good): (BTreeSet<String>, BTreeSet<String>) =
            want.into_iter().partition(|n| hostile_id(n, 0.3));
        assert!(!bad.is_empty() && !good.is_empty(), "{site}: pick another seed");
        let got_nos: Vec<String> = got.iter().map(|o| o.order_no.clone()).collect();
        assert_eq!(
            got_nos.len(),
            good.len(),
            "{site}: each good order once: {got_nos:?}"
        );
        assert_eq!(got_nos.into_iter().collect::<BTreeSet<_>>(), good, "{site}");
        let text = format!("{got:?}");
        assert!(text.contains("pwned"), "{site}: the names came through");
        for o in &got {
            let all = serde_json::to_string(o).unwrap();
            let back: serde_json::Value = serde_json::from_str(&all).unwrap();
            assert!(!back.to_string().contains("\\u001b"), "{site}: {all}");
            assert!(!format!("{:?}", o.buyer).chars().any(is_unsafe));
        }
        // Every bad order is reported, with its raw number escaped.
        for n in &bad {
            let raw = shipdeck::domain::text::escape(&shipdeck::sim::faults::corrupt_id(n));
            assert!(
                rejected
                    .iter()
                    .any(|e| matches!(e, MarketError::Malformed { message, .. } if message.contains(&raw))),
                "{site}: {n} not reported in {rejected:?}"
            );
        }
        for e in &rejected {
            assert!(!e.to_string().chars().any(is_unsafe), "{e:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn escape_sequences_in_error_bodies_are_removed() {
    let sim = start(44, 4, FaultProfile::None).await;
    let st = state(&sim).await;
    for site in [Site::Lotteon, Site::Grip, Site::Crossmall] {
        set_faults(&sim, site, json!({"control_text": 1.0, "server_error": 1.0})).await;
        let once = HttpOptions {
            max_attempts: 1,
            ..HttpOptions::fast()
        };
        let a = adapter(&sim, &st, site, once);
        let err = a.test_connection().await.unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(text.contains("pwned"), "{site}: the body came through: {text}");
        assert!(!text.chars().any(is_unsafe), "{site}: {text:?}");
    }
}

// ---- The real binary prints nothing raw. ----

fn run_bin(home: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_shipdeck"))
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_shows_site_text_cleaned_and_marks_a_shop_pointed_elsewhere() {
    let sim = start(45, 4, FaultProfile::None).await;
    let st = state(&sim).await;
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("db");
    {
        let store = Store::open(&data).unwrap();
        store.add_shop(&shop(&sim, &st, Site::Lotteon)).unwrap();
        store
            .put_order(&tab_order(
                "lotteon-shop",
                1_700_000_000,
                OrderState::at(Stage::Collected),
            ))
            .unwrap();
        store
            .put_order(&common::order(
                "lotteon-shop",
                "1001",
                1_700_000_100,
                OrderState::at(Stage::Collected),
                1,
                0,
            ))
            .unwrap();
        let at = jiff::Timestamp::now();
        store
            .apply(&shipdeck::store::Change {
                pushes: vec![shipdeck::domain::Push {
                    id: 7,
                    shop: ShopName::new("lotteon-shop").unwrap(),
                    order_no: Some("1001".into()),
                    kind: shipdeck::domain::PushKind::Confirm { line_keys: vec![] },
                    state: shipdeck::domain::PushState::Failed { at },
                    attempts: 1,
                    calls: 1,
                    last_error: Some(format!("refused: {}", shipdeck::sim::hostile::HOSTILE_TEXT)),
                    note: None,
                    actor: None,
                    created_at: at,
                    updated_at: at,
                }],
                ..Default::default()
            })
            .unwrap();
        store.flush().unwrap();
    }
    set_faults(
        &sim,
        Site::Lotteon,
        json!({"control_text": 1.0, "server_error": 1.0}),
    )
    .await;
    let d = data.to_str().unwrap().to_string();
    let h = home.path().to_path_buf();
    let outs = tokio::task::spawn_blocking(move || {
        [
            vec!["shops", "test", "lotteon-shop"],
            vec!["pushes", "list"],
            vec!["orders", "list"],
            vec!["shops", "list"],
            vec!["shops", "list", "--json"],
        ]
        .map(|args| {
            let mut all = vec!["--data-dir", d.as_str()];
            all.extend(args);
            run_bin(&h, &all)
        })
    })
    .await
    .unwrap();
    let text = |o: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };
    for o in &outs {
        assert!(
            !text(o).contains('\u{1b}') && !text(o).contains('\u{7}'),
            "{:?}",
            text(o)
        );
    }
    assert!(!outs[0].status.success());
    assert!(
        text(&outs[0]).contains("connection FAILED") && text(&outs[0]).contains("pwned"),
        "{}",
        text(&outs[0])
    );
    assert!(text(&outs[1]).contains("refused: ]0;pwned"), "{}", text(&outs[1]));
    assert!(outs[2].status.success(), "{}", text(&outs[2]));
    assert!(text(&outs[2]).contains("lotteon-shop/1001"), "{}", text(&outs[2]));
    assert!(
        text(&outs[2]).contains("1 unreadable order records were skipped"),
        "{}",
        text(&outs[2])
    );
    assert!(
        text(&outs[3]).contains("is not LOTTE ON's own host") || text(&outs[3]).contains("own host"),
        "{}",
        text(&outs[3])
    );
    let json: serde_json::Value = serde_json::from_slice(&outs[4].stdout).unwrap();
    assert_eq!(json["shops"][0]["foreign_api_base"], true, "{json}");
}

#[test]
fn an_api_base_in_plain_http_to_another_host_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let out = run_bin(
        home.path(),
        &[
            "shops",
            "add",
            "--name",
            "g",
            "--site",
            "lotteon",
            "--shop-id",
            "s1",
            "--set",
            "api_key=k",
            "--set",
            "account_number=1",
            "--api-base",
            "http://example.com/lotte",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("api_base") && err.contains("https://"), "{err}");
}
