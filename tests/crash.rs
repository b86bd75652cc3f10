//! Crash safety: a child process runs the engine against the simulator and is killed with SIGKILL
//! at random moments, round after round; after each restart the store is consistent and no
//! confirmation or tracking number reached a site twice; once settled, nothing is missing.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::sim::{post, shop, sim_shop, start, state};
use rand::{Rng, SeedableRng};
use serde_json::json;
use shipdeck::domain::{OrderState, Site, Stage};
use shipdeck::sim::FaultProfile;
use shipdeck::store::{OrderQuery, Store};

const SITES: [Site; 4] = [Site::Grip, Site::Lotteon, Site::Qoo10, Site::Gmarket];
const ROUNDS: usize = 56;

fn child(home: &Path, config: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_shipdeck"));
    c.args(args)
        .env("SHIPDECK_DATA_DIR", home.join("db"))
        .env("SHIPDECK_CONFIG", config)
        .env("SHIPDECK_LOG_DIR", home.join("logs"))
        .env("SHIPDECK_FAST_TIMINGS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn orders(db: &Path) -> Vec<shipdeck::domain::Order> {
    let store = Store::open(db).unwrap();
    store
        .page_orders(&OrderQuery {
            limit: 1_000_000,
            ..OrderQuery::default()
        })
        .unwrap()
        .orders
}

/// No (order, line) confirmed twice and no tracking registered twice, at any site.
async fn nothing_doubled(sim: &shipdeck::sim::SimServer) {
    let st = state(sim).await;
    for site in SITES {
        let s = sim_shop(&st, site);
        let mut seen = BTreeMap::new();
        for c in &s.confirms {
            *seen.entry((c.order_no.clone(), c.line_key.clone())).or_insert(0) += 1;
        }
        assert!(
            seen.values().all(|n| *n == 1),
            "{site}: confirmed twice: {seen:?}"
        );
        let mut shipped: BTreeMap<(String, Option<String>), BTreeSet<String>> = BTreeMap::new();
        let mut count: BTreeMap<(String, Option<String>), usize> = BTreeMap::new();
        for r in &s.shipments {
            shipped
                .entry((r.order_no.clone(), r.line_key.clone()))
                .or_default()
                .insert(r.tracking.clone());
            *count.entry((r.order_no.clone(), r.line_key.clone())).or_default() += 1;
        }
        assert!(
            shipped.values().all(|t| t.len() == 1),
            "{site}: two tracking numbers for one line: {shipped:?}"
        );
        if site != Site::Grip {
            // Grip's shipping registration is an upsert; a re-send after a lost answer may repeat it.
            assert!(
                count.values().all(|n| *n == 1),
                "{site}: tracking registered twice: {count:?}"
            );
        } else {
            // ...but its `PUT /api/delivery/start` is asked at most once per line: a re-send checks
            // the site first and finds the line shipping.
            let mut starts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
            for w in s.writes.iter().filter(|w| w.call == "start") {
                *starts.entry((&w.order_no, &w.line_key)).or_default() += 1;
            }
            assert!(
                starts.values().all(|n| *n == 1),
                "Grip: shipping started twice for a line: {starts:?}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_engines_lose_nothing_and_double_nothing() {
    let sim = start(2024, 4, FaultProfile::None).await;
    let st = state(&sim).await;
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let config = home.join("shipdeck.toml");
    let i = &st.integrator;
    std::fs::write(
        &config,
        format!(
            "[esm]\nmaster_id = \"{}\"\nsecret_key = \"{}\"\n[grip]\nservice_id = \"{}\"\n",
            i.esm["master_id"], i.esm["secret_key"], i.grip["service_id"]
        ),
    )
    .unwrap();
    std::fs::set_permissions(&config, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    {
        let store = Store::open(&home.join("db")).unwrap();
        for site in SITES {
            let mut s = shop(&sim, &st, site);
            s.options.order_confirmation = true;
            s.options.fulfillment_instructions = true;
            store.add_shop(&s).unwrap();
        }
        store.flush().unwrap();
    }
    // Some faults keep the children retrying while they are being killed.
    post(
        &sim,
        "faults",
        json!({"profile": "none", "server_error": 0.1, "truncated": 0.05}),
    )
    .await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let mut kills = 0;
    for round in 0..ROUNDS {
        let site = SITES[round % SITES.len()];
        post(&sim, "orders", json!({"site": site, "count": 3})).await;
        // Catalogue every code the simulator's orders carry (the store is free between rounds).
        common::service::catalogue_sim_codes(&home.join("db"), &sim, &SITES).await;
        let mut cmd = if round % 4 == 3 {
            // The warehouse receives parcels for the instructed orders.
            let csv = home.join(format!("t{round}.csv"));
            let rows: String = orders(&home.join("db"))
                .iter()
                .filter(|o| o.state == OrderState::at(Stage::Instructed))
                .enumerate()
                .map(|(n, o)| format!("{},CJ,{}{:04}\n", o.key, round, n))
                .collect();
            std::fs::write(&csv, rows).unwrap();
            child(
                home,
                &config,
                &["tracking", "import", csv.to_str().unwrap(), "--wait", "3"],
            )
        } else {
            child(home, &config, &["sync", "--once", "--wait", "3"])
        };
        let mut proc = cmd.spawn().unwrap();
        // An import checks the whole file before it records anything (all or nothing), so it is
        // given longer before the kill: some land, some are cut mid-way.
        let window = if round % 4 == 3 { 10..2500 } else { 10..650 };
        tokio::time::sleep(Duration::from_millis(rng.random_range(window))).await;
        if proc.try_wait().unwrap().is_none() {
            kills += 1;
        }
        // SIGKILL: no chance to clean up.
        let _ = proc.kill();
        let _ = proc.wait();
        let store = Store::open(&home.join("db")).unwrap();
        assert_eq!(
            store.verify().unwrap(),
            Vec::<String>::new(),
            "round {round}: store inconsistent"
        );
        eprintln!(
            "round {round}: {} orders, {} pushes pending",
            store.counts().unwrap().values().sum::<u64>(),
            store.pending_push_count()
        );
        drop(store);
        nothing_doubled(&sim).await;
    }
    assert!(kills >= 20, "at least 20 rounds killed mid-work: {kills}");

    // Settle: no more faults, complete cycles.
    post(&sim, "faults", json!({"profile": "none"})).await;
    for _ in 0..2 {
        let out = child(home, &config, &["sync", "--once", "--wait", "20"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "settling sync failed: {} {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    nothing_doubled(&sim).await;
    let st = state(&sim).await;
    let ours = orders(&home.join("db"));
    for site in SITES {
        let s = sim_shop(&st, site);
        let collectable: BTreeSet<&String> = s
            .orders
            .iter()
            .filter(|o| o.collectable)
            .map(|o| &o.order_no)
            .collect();
        let open: BTreeSet<&String> = ours
            .iter()
            .filter(|o| o.site == site && o.stage().is_some_and(|st| st < Stage::Received))
            .map(|o| &o.key.order_no)
            .collect();
        assert_eq!(
            open,
            collectable,
            "{site}: the engine's open orders equal the site's collectable ones; ours: {:?}; the site's: {:?}",
            ours.iter()
                .filter(|o| o.site == site)
                .map(|o| (&o.key.order_no, &o.state, o.ordered_at))
                .collect::<Vec<_>>(),
            s.orders.iter().map(|o| (&o.order_no, &o.status, o.ordered_at)).collect::<Vec<_>>()
        );
        // Every tracking number we hold reached the site, with CJ's code for the site.
        for o in ours
            .iter()
            .filter(|o| o.site == site && o.state == OrderState::at(Stage::Shipped))
        {
            let t = o.tracking.as_ref().unwrap();
            let recs: Vec<_> = s
                .shipments
                .iter()
                .filter(|r| r.order_no == o.key.order_no)
                .collect();
            assert!(
                !recs.is_empty() && recs.iter().all(|r| r.tracking == t.number.as_str()),
                "{site} {}: {recs:?}",
                o.key
            );
        }
        // Every new order was confirmed (exactly once: checked above).
        let confirmed: BTreeSet<&String> = s.confirms.iter().map(|c| &c.order_no).collect();
        for o in ours.iter().filter(|o| o.site == site) {
            if o.stage().is_some_and(|st| st >= Stage::Confirmed) && site != Site::Crossmall {
                let was_confirmed_by_us = !o.pushes.is_empty();
                if was_confirmed_by_us && s.orders.iter().any(|so| so.order_no == o.key.order_no) {
                    // Orders that arrived already confirmed have no confirm push of ours.
                    let store = Store::open(&home.join("db")).unwrap();
                    let has_confirm = store
                        .pushes_of(&o.key.shop, &o.key.order_no)
                        .unwrap()
                        .iter()
                        .any(|p| p.kind.label() == "confirm" && p.note.as_deref() == Some("accepted"));
                    if has_confirm {
                        assert!(
                            confirmed.contains(&o.key.order_no),
                            "{site} {}: accepted but not at the site",
                            o.key
                        );
                    }
                }
            }
        }
    }
    let shipped = ours
        .iter()
        .filter(|o| o.state == OrderState::at(Stage::Shipped))
        .count();
    let mut by_state = std::collections::BTreeMap::new();
    for o in &ours {
        *by_state.entry(format!("{:?} {:?}", o.site, o.state)).or_insert(0) += 1;
    }
    assert!(
        shipped > 0,
        "some parcels went out during the rounds: {by_state:?}"
    );
}
