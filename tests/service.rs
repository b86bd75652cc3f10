//! `shipdeck serve` as a child process on the simulator, with CLI clients as several users:
//! roles are decided by the engine from the kernel's word on each peer (a test per rule), the
//! audit trail names who did what, clients come and go (and are SIGKILLed) while the engine keeps
//! syncing, and a service SIGKILLed mid-sync loses nothing and sends nothing twice.

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::time::Duration;

use common::service::{terminate, text, wait_for, Home, NOBODY, OPERATOR2, OUTSIDER, STRANGER};
use common::sim::{post, sim_shop, start, state};
use serde_json::{json, Value};
use shipdeck::domain::Site;
use shipdeck::sim::FaultProfile;
use shipdeck::store::Store;

/// Keys of the orders in a status, as root sees them through the service.
fn keys(h: &Home, status: &str) -> Vec<String> {
    let v = h.json(
        None,
        &["orders", "list", "--status", status, "--json", "--limit", "1000"],
    );
    v["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["key"].as_str().unwrap().to_string())
        .collect()
}

/// How often each (order, line) was confirmed at a site.
async fn confirms(sim: &shipdeck::sim::SimServer, site: Site) -> BTreeMap<(String, Option<String>), usize> {
    let st = state(sim).await;
    let mut seen = BTreeMap::new();
    for c in &sim_shop(&st, site).confirms {
        *seen.entry((c.order_no.clone(), c.line_key.clone())).or_insert(0) += 1;
    }
    seen
}

fn refused_read_only(h: &Home, args: &[&str]) {
    let out = h.cli(Some(NOBODY), args);
    assert!(!out.status.success(), "support ran {args:?}: {}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("read-only: support role"),
        "{args:?}: {}",
        text(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_are_decided_by_the_engine_and_audited() {
    let sim = start(31, 3, FaultProfile::None).await;
    let h = Home::new(
        &sim,
        &[Site::Grip, Site::Lotteon],
        &[("order_confirmation", false)],
    )
    .await;
    let mut service = h.serve("1");

    // The socket's directory admits the service's user and its group only.
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().mode() & 0o777;
    assert_eq!(mode(h.socket.parent().unwrap()), 0o750);
    assert_eq!(mode(&h.socket), 0o660);
    assert_eq!(std::fs::metadata(&h.socket).unwrap().gid(), 65534);
    assert_eq!(mode(&h.db()), 0o700);

    // The service pulls with nobody attached.
    let k = wait_for(30, "a collected Grip order", || {
        keys(&h, "collected").into_iter().find(|k| k.starts_with("grip"))
    });

    // Rule: support reads — orders, shops, pushes, the audit trail.
    let v = h.json(Some(NOBODY), &["orders", "list", "--json", "--limit", "1000"]);
    assert!(v["orders"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["key"] == k.as_str()));
    let shops = h.json(Some(NOBODY), &["shops", "list", "--json"]);
    assert_eq!(shops["shops"].as_array().unwrap().len(), 2);
    h.json(Some(NOBODY), &["pushes", "list", "--json"]);
    h.json(Some(NOBODY), &["audit", "--json"]);

    // Rule: support exports; the client writes the file, as itself.
    let v = h.json(Some(NOBODY), &["sku", "export", "out.csv", "--json"]);
    let out = h.client_dir(NOBODY.0).join("out.csv");
    assert_eq!(std::fs::metadata(&out).unwrap().uid(), NOBODY.0, "{v}");
    assert!(std::fs::read_to_string(&out).unwrap().lines().count() > 1);

    // Rule: support checks a SKU file (a dry run): the bytes travel, the engine reads no path of
    // the client's (a relative path means nothing in the engine's working directory).
    let mine = h.client_dir(NOBODY.0).join("mine.csv");
    std::fs::copy(&out, &mine).unwrap();
    std::os::unix::fs::chown(&mine, Some(NOBODY.0), Some(NOBODY.1)).unwrap();
    let r = h.json(
        Some(NOBODY),
        &["sku", "import", "mine.csv", "--dry-run", "--json"],
    );
    assert!(r["rows"].as_u64().unwrap() > 0, "{r}");
    assert_eq!(r["applied"], false);

    // Rule: every change by support is refused by the engine, and nothing reaches a site.
    let before = confirms(&sim, Site::Grip).await;
    std::fs::write(
        h.client_dir(NOBODY.0).join("t.csv"),
        format!("{k},CJ,123456789\n"),
    )
    .unwrap();
    for args in [
        vec!["orders", "confirm", k.as_str(), "--wait", "1"],
        vec!["waybill", "print", k.as_str(), "--wait", "1"],
        vec!["tracking", "import", "t.csv", "--wait", "1"],
        vec!["pushes", "retry", "1", "--wait", "1"],
        vec!["sync", "--once", "--wait", "1"],
        vec!["shops", "remove", "grip-shop"],
        vec!["shops", "edit", "grip-shop", "--interval", "5"],
        vec!["shops", "test", "grip-shop"],
        vec!["sku", "import", "mine.csv"],
        vec!["orders", "accept-shipment", k.as_str()],
    ] {
        refused_read_only(&h, &args);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        confirms(&sim, Site::Grip).await,
        before,
        "a refused confirmation reached the site"
    );
    assert_eq!(
        h.json(None, &["shops", "list", "--json"])["shops"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // Rule: a user listed nowhere is refused, the message naming the setting.
    let out = h.cli(Some(STRANGER), &["orders", "list"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("[roles] operators") && err.contains("uid 12345"),
        "{}",
        text(&out)
    );

    // Rule: a user outside the socket's group cannot even reach the engine.
    let out = h.cli(Some(OUTSIDER), &["orders", "list"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("permission denied"),
        "{}",
        text(&out)
    );

    // Rule: a listed operator (here by uid) changes things: the confirmation reaches the site once.
    let r = h.json(
        Some(OPERATOR2),
        &["orders", "confirm", k.as_str(), "--wait", "20", "--json"],
    );
    assert!(r["items"][0]["outcome"]["Ok"].is_string(), "{r}");
    let after = confirms(&sim, Site::Grip).await;
    let order_no = k.split('/').nth(1).unwrap();
    assert!(after.iter().any(|((o, _), _)| o == order_no), "{after:?}");
    assert!(after.values().all(|n| *n == 1), "{after:?}");

    // Rule: the service's own user is an operator.
    h.json(
        None,
        &["shops", "edit", "lotteon-shop", "--interval", "7", "--json"],
    );

    // The audit trail names them all, with role and result; `--user` filters.
    let a = h.json(None, &["audit", "--json", "--limit", "500"]);
    let entries = a["entries"].as_array().unwrap();
    let find = |user: &str, action: &str| -> Vec<&Value> {
        entries
            .iter()
            .filter(|e| {
                e["action"] == action
                    && (e["user"] == user
                        || e["uid"].as_u64().map(|u| u.to_string()).as_deref() == Some(user))
            })
            .collect()
    };
    let nobody_confirm = find("nobody", "orders.confirm");
    assert_eq!(nobody_confirm.len(), 1, "{a}");
    assert_eq!(nobody_confirm[0]["role"], "support");
    assert_eq!(nobody_confirm[0]["uid"], 65534);
    assert!(nobody_confirm[0]["result"]
        .as_str()
        .unwrap()
        .starts_with("refused: read-only"));
    assert!(nobody_confirm[0]["detail"].as_str().unwrap().contains(&k));
    assert_eq!(find("nobody", "shops.remove").len(), 1);
    let stranger = find("12345", "link.attach");
    assert!(!stranger.is_empty(), "{a}");
    assert!(stranger[0]["result"].as_str().unwrap().starts_with("refused:"));
    let ok = find("12347", "orders.confirm");
    assert_eq!(ok.len(), 1, "{a}");
    assert_eq!(ok[0]["role"], "operator");
    assert!(
        ok[0]["result"].as_str().unwrap().starts_with("ok: 1 of 1"),
        "{}",
        ok[0]
    );
    let root_edit = find("root", "shops.edit");
    assert_eq!(root_edit.len(), 1, "{a}");
    let only = h.json(None, &["audit", "--json", "--user", "nobody"]);
    let only = only["entries"].as_array().unwrap();
    assert!(!only.is_empty() && only.iter().all(|e| e["user"] == "nobody"));
    // The table names the users too.
    let table = h.cli(Some(NOBODY), &["audit"]);
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(
        table.contains("nobody (65534)") && table.contains("root (0)"),
        "{table}"
    );

    // SIGTERM stops the service cleanly; its socket goes with it.
    let status = terminate(&mut service);
    assert!(status.success(), "{status:?}");
    assert!(!h.socket.exists());
    let store = Store::open(&h.db()).unwrap();
    assert_eq!(store.verify().unwrap(), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_come_and_go_while_the_engine_keeps_syncing() {
    let sim = start(32, 2, FaultProfile::None).await;
    let h = Home::new(
        &sim,
        &[Site::Grip, Site::Lotteon],
        &[("order_confirmation", false)],
    )
    .await;
    let mut service = h.serve("0.5");
    let total = |h: &Home| {
        h.json(None, &["orders", "list", "--json"])["total"]
            .as_u64()
            .unwrap()
    };
    let k = wait_for(30, "a collected Grip order", || {
        keys(&h, "collected").into_iter().find(|k| k.starts_with("grip"))
    });

    // Two attached clients, each with its own stream of events.
    let a = shipdeck::link::Client::connect(&h.socket).await.unwrap();
    let b = shipdeck::link::Client::connect(&h.socket).await.unwrap();
    assert_eq!(a.session().role, shipdeck::engine::Role::Operator);
    let (mut ea, mut eb) = (a.subscribe(), b.subscribe());

    // Commands work while they are attached.
    let before = total(&h);
    let created = post(&sim, "orders", json!({"site": "grip", "count": 2})).await;
    let created = created["created"].as_array().unwrap().len() as u64;
    assert!(created >= 2);
    // Both hear about the new orders.
    for rx in [&mut ea, &mut eb] {
        tokio::time::timeout(Duration::from_secs(15), async {
            loop {
                if let Ok(shipdeck::engine::Event::OrdersChanged { .. }) = rx.recv().await {
                    break;
                }
            }
        })
        .await
        .expect("an OrdersChanged event");
    }
    wait_for(15, "the new orders", || {
        Some(()).filter(|_| total(&h) >= before + created)
    });

    // A client killed in the middle of a command leaves the engine as it was.
    let mut victim = std::process::Command::new(env!("CARGO_BIN_EXE_shipdeck"))
        .args(["orders", "confirm", k.as_str(), "--wait", "30"])
        .env("SHIPDECK_SOCKET", &h.socket)
        .env("SHIPDECK_CONFIG", &h.config)
        .env("SHIPDECK_LOG_DIR", h.dir.join("logs"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    victim.kill().unwrap();
    victim.wait().unwrap();
    // The engine still answers both clients and the CLI.
    let st = shipdeck::engine::EngineHandle::remote(a.clone());
    let status = tokio::task::spawn_blocking(move || st.status())
        .await
        .unwrap()
        .unwrap();
    assert!(status.by_status.values().sum::<u64>() > 0);
    drop(b);
    h.json(None, &["orders", "list", "--json"]);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(confirms(&sim, Site::Grip).await.values().all(|n| *n == 1));

    // With no client attached, the service keeps pulling.
    drop(a);
    drop(ea);
    drop(eb);
    let before = total(&h);
    let created = post(&sim, "orders", json!({"site": "grip", "count": 2})).await;
    let created = created["created"].as_array().unwrap().len() as u64;
    wait_for(15, "orders pulled with no client attached", || {
        Some(()).filter(|_| total(&h) >= before + created)
    });
    assert!(terminate(&mut service).success());
    let store = Store::open(&h.db()).unwrap();
    assert_eq!(store.verify().unwrap(), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_killed_mid_sync_loses_nothing_and_sends_nothing_twice() {
    use rand::{Rng, SeedableRng};
    let sim = start(33, 3, FaultProfile::None).await;
    let sites = [Site::Grip, Site::Lotteon];
    let h = Home::new(&sim, &sites, &[("order_confirmation", true)]).await;
    post(&sim, "faults", json!({"profile": "none", "server_error": 0.1})).await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(11);
    for round in 0..8 {
        post(&sim, "orders", json!({"site": sites[round % 2], "count": 3})).await;
        h.catalogue(&sim, &sites).await;
        let mut service = h.serve("0.2");
        tokio::time::sleep(Duration::from_millis(rng.random_range(50..1200))).await;
        service.kill().unwrap();
        service.wait().unwrap();
        let store = Store::open(&h.db()).unwrap();
        assert_eq!(store.verify().unwrap(), Vec::<String>::new(), "round {round}");
        drop(store);
        for site in sites {
            let c = confirms(&sim, site).await;
            assert!(
                c.values().all(|n| *n == 1),
                "round {round}: {site} confirmed twice: {c:?}"
            );
        }
    }
    // Settle: the restarted service brings every collectable order in and confirms it once.
    post(&sim, "faults", json!({"profile": "none"})).await;
    h.catalogue(&sim, &sites).await;
    let mut service = h.serve("0.3");
    let st = state(&sim).await;
    let collectable: usize = sites
        .iter()
        .map(|s| sim_shop(&st, *s).orders.iter().filter(|o| o.collectable).count())
        .sum();
    wait_for(60, "every collectable order confirmed", || {
        let pending = h.json(None, &["pushes", "list", "--state", "pending", "--json"]);
        let confirmed = keys(&h, "confirmed").len() + keys(&h, "instructed").len();
        (pending["pushes"].as_array().unwrap().is_empty() && confirmed >= collectable).then_some(())
    });
    let all = h.json(None, &["orders", "list", "--json", "--limit", "100000"]);
    let ours: Vec<&str> = all["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["key"].as_str().unwrap())
        .collect();
    assert!(terminate(&mut service).success());
    let st = state(&sim).await;
    for site in sites {
        let c = confirms(&sim, site).await;
        assert!(c.values().all(|n| *n == 1), "{site}: {c:?}");
        for o in sim_shop(&st, site).orders.iter().filter(|o| o.collectable) {
            let key = format!("{}-shop/{}", site.slug(), o.order_no);
            assert!(ours.contains(&key.as_str()), "{key} lost; ours: {ours:?}");
        }
    }
}

#[test]
fn the_systemd_unit_runs_serve_hardened() {
    let unit =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/shipdeck.service")).unwrap();
    let has = |line: &str| unit.lines().any(|l| l.trim() == line);
    let exec = unit.lines().find(|l| l.starts_with("ExecStart=")).unwrap();
    assert!(
        exec.ends_with(" serve") && exec.contains("--socket /run/shipdeck/engine.sock"),
        "{exec}"
    );
    for line in [
        "User=shipdeck",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "PrivateTmp=yes",
        "RuntimeDirectory=shipdeck",
        "RuntimeDirectoryMode=0750",
        "StateDirectory=shipdeck",
        "StateDirectoryMode=0700",
        "LogsDirectory=shipdeck",
        "Restart=on-failure",
        "KillSignal=SIGTERM",
    ] {
        assert!(has(line), "the unit lacks {line}");
    }
    // Every path ProtectSystem=strict leaves writable is one the service owns.
    let rw = unit
        .lines()
        .find_map(|l| l.strip_prefix("ReadWritePaths="))
        .unwrap();
    assert!(rw.split_whitespace().all(|p| p.ends_with("/shipdeck")), "{rw}");
    // The flags the unit passes exist.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shipdeck"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in ["--config", "--data-dir", "--socket"] {
        assert!(help.contains(flag), "{help}");
    }
}

/// The dashboard's queries answer over the link as the store does: a whole-tab search through the
/// engine's index, the bulk dialog's counts of a "mark all" selection, and orders a command names
/// that do not exist (the CLI says so, exit 2, before anything is sent).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn searches_counts_and_unknown_orders_answer_over_the_link() {
    use shipdeck::domain::selection::OrderSelection;
    use shipdeck::domain::{OrderKey, StatusKey};
    use shipdeck::engine::{Command, EngineHandle};
    use shipdeck::store::SearchQuery;

    let sim = start(37, 3, FaultProfile::None).await;
    let h = Home::new(
        &sim,
        &[Site::Grip, Site::Lotteon],
        &[("order_confirmation", false)],
    )
    .await;
    let mut service = h.serve("1");
    let k = wait_for(30, "a collected order", || {
        keys(&h, "collected").into_iter().next()
    });
    let remote = EngineHandle::remote(shipdeck::link::Client::connect(&h.socket).await.unwrap());
    assert!(remote.is_remote());

    let (key, order_no) = (k.clone(), k.split_once('/').unwrap().1.to_string());
    let answers = tokio::task::spawn_blocking(move || {
        let q = SearchQuery {
            status: StatusKey::Collected,
            shop: None,
            needle: order_no,
            cap: 100,
        };
        let hits = remote.search_orders(&q, &|| true).unwrap().unwrap();
        let counts = remote
            .count_selection(&OrderSelection::new(StatusKey::Collected, ""), &[])
            .unwrap();
        let listed = remote
            .status()
            .unwrap()
            .by_status
            .get(&StatusKey::Collected)
            .copied();
        let nope: OrderKey = "grip-shop/NO-SUCH-ORDER".parse().unwrap();
        let unknown = remote
            .unknown_items(&Command::ConfirmOrders {
                keys: vec![key.parse().unwrap(), nope],
            })
            .unwrap();
        let known = remote
            .unknown_items(&Command::ConfirmOrders {
                keys: vec![key.parse().unwrap()],
            })
            .unwrap();
        (hits, counts, listed, unknown, known)
    })
    .await
    .unwrap();
    let (hits, counts, listed, unknown, known) = answers;
    assert!(
        hits.orders.iter().any(|o| o.key.to_string() == k),
        "{k} not found by its number: {hits:?}"
    );
    let counted: u64 = counts.iter().map(|(_, _, n)| n).sum();
    assert!(counted > 0);
    // The service keeps pulling: the status read after the counts may have grown, never shrunk.
    assert!(listed.unwrap_or(0) >= counted, "{counts:?} vs {listed:?}");
    let unknown = unknown.expect("an unknown order is named");
    assert!(
        unknown.contains("grip-shop/NO-SUCH-ORDER") && !unknown.contains(&k),
        "{unknown}"
    );
    assert_eq!(known, None);

    // The CLI through the service: bad input, nothing sent.
    let before = confirms(&sim, Site::Grip).await;
    let out = h.cli(
        None,
        &["orders", "confirm", &k, "grip-shop/NO-SUCH-ORDER", "--wait", "1"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("no such order: grip-shop/NO-SUCH-ORDER"),
        "{}",
        text(&out)
    );
    assert_eq!(confirms(&sim, Site::Grip).await, before);
    terminate(&mut service);
}
