//! The engine's commands through the real binary against a `shipdeck sim` child on 127.0.0.1:
//! sync --once, orders list|confirm, waybill print, tracking import, pushes list.

mod common;

use common::procs::{self, bin, SimChild as Sim};
use std::path::{Path, PathBuf};
use std::process::Output;

use shipdeck::domain::{Sku, SkuCode};
use shipdeck::store::Store;

fn start_sim(home: &Path) -> Sim {
    procs::start_sim(
        home,
        &["--seed", "9", "--orders", "4", "--esm-order-interval-ms", "50"],
    )
}

struct Env {
    home: PathBuf,
    config: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Env {
    fn run(&self, args: &[&str]) -> Output {
        bin()
            .args(args)
            .env("XDG_DATA_HOME", self.home.join("data"))
            .env("XDG_STATE_HOME", self.home.join("state"))
            .env("XDG_CONFIG_HOME", self.home.join("config"))
            .env("SHIPDECK_CONFIG", &self.config)
            .output()
            .unwrap()
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {} {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn db(&self) -> PathBuf {
        self.home.join("data/shipdeck/db")
    }
}

fn sim_shop<'a>(st: &'a serde_json::Value, site: &str) -> &'a serde_json::Value {
    st["shops"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["site"] == site)
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_confirm_waybill_and_tracking_through_the_cli() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().to_path_buf();
    let sim = start_sim(&home);
    let st = sim.state().await;
    let config = home.join("shipdeck.toml");
    std::fs::write(
        &config,
        format!(
            "[grip]\nservice_id = \"{}\"\n",
            st["integrator"]["grip"]["service_id"].as_str().unwrap()
        ),
    )
    .unwrap();
    let env = Env {
        home,
        config,
        _tmp: tmp,
    };

    let grip = sim_shop(&st, "grip");
    let lotte = sim_shop(&st, "lotteon");
    let add = |name: &str, site: &str, s: &serde_json::Value, opts: &[&str]| {
        let mut args: Vec<String> = [
            "shops",
            "add",
            "--name",
            name,
            "--site",
            site,
            "--shop-id",
            s["shop_id"].as_str().unwrap(),
        ]
        .iter()
        .map(|x| x.to_string())
        .collect();
        args.extend(["--api-base".into(), format!("{}/{site}", sim.url)]);
        for (k, v) in s["credentials"].as_object().unwrap() {
            args.extend(["--set".into(), format!("{k}={}", v.as_str().unwrap())]);
        }
        for o in opts {
            args.extend(["--option".into(), o.to_string()]);
        }
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = env.run(&a);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    add(
        "grip",
        "grip",
        grip,
        &["order_confirmation=on", "fulfillment_instructions=on"],
    );
    add("lotte", "lotteon", lotte, &["fulfillment_instructions=on"]);
    // Every code of the simulated orders maps to a SKU of the same code.
    {
        let store = Store::open(&env.db()).unwrap();
        for s in [grip, lotte] {
            for o in s["orders"].as_array().unwrap() {
                for l in o["lines"].as_array().unwrap() {
                    let code = l["option_code"].as_str().or(l["product_code"].as_str()).unwrap();
                    store
                        .put_sku(&Sku {
                            code: SkuCode::new(code).unwrap(),
                            name: code.into(),
                            option_name: l["option_code"].as_str().map(|_| "opt".into()),
                            on_hand: 100,
                            reserved: 0,
                        })
                        .unwrap();
                }
            }
        }
        store.flush().unwrap();
    }

    // One cycle: every collectable order pulled; Grip's confirmed automatically.
    let report = env.json(&["sync", "--once", "--json", "--wait", "20"]);
    let collectable = |s: &serde_json::Value| {
        s["orders"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["collectable"] == true)
            .count() as u64
    };
    assert_eq!(
        report["shops"]["grip"]["new"].as_u64().unwrap(),
        collectable(grip)
    );
    assert_eq!(
        report["shops"]["lotte"]["new"].as_u64().unwrap(),
        collectable(lotte)
    );
    assert_eq!(report["pushes"]["failed"], 0);
    let st = sim.state().await;
    let grip_new = grip["orders"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["status"] == "1")
        .count();
    let grip_confirmed: std::collections::BTreeSet<&str> = sim_shop(&st, "grip")["confirms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["order_no"].as_str().unwrap())
        .collect();
    assert_eq!(
        grip_confirmed.len(),
        grip_new,
        "automatic confirmation of every new Grip order"
    );
    assert!(
        sim_shop(&st, "lotteon")["confirms"]
            .as_array()
            .unwrap()
            .is_empty(),
        "LotteON confirms by hand"
    );

    // Confirm two LotteON orders by hand.
    let listed = env.json(&[
        "orders",
        "list",
        "--shop",
        "lotte",
        "--status",
        "collected",
        "--json",
    ]);
    let keys: Vec<String> = listed["orders"]
        .as_array()
        .unwrap()
        .iter()
        .take(2)
        .map(|o| o["key"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(keys.len(), 2, "{listed}");
    let mut args = vec!["orders", "confirm", "--json"];
    args.extend(keys.iter().map(String::as_str));
    let confirmed = env.json(&args);
    assert!(
        confirmed["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["outcome"]["Ok"].is_string()),
        "{confirmed}"
    );
    let st = sim.state().await;
    let lotte_confirms: std::collections::BTreeSet<String> = sim_shop(&st, "lotteon")["confirms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("lotte/{}", c["order_no"].as_str().unwrap()))
        .collect();
    assert_eq!(lotte_confirms, keys.iter().cloned().collect());
    // Confirming a confirmed order again is refused per item, exit status 1.
    let again = env.run(&["orders", "confirm", &keys[0]]);
    assert_eq!(again.status.code(), Some(1));

    // A shipdeck waybill for a Grip order: QSP number, "other courier".
    let instructed = env.json(&[
        "orders",
        "list",
        "--shop",
        "grip",
        "--status",
        "instructed",
        "--json",
    ]);
    let gkey = instructed["orders"][0]["key"].as_str().unwrap().to_string();
    let printed = env.json(&["waybill", "print", &gkey, "--json"]);
    let note = printed["items"][0]["outcome"]["Ok"].as_str().unwrap();
    let qsp = note
        .split_whitespace()
        .find(|w| w.starts_with("QSP"))
        .unwrap()
        .to_string();
    // Tracking for a confirmed-by-hand LotteON order, from a CSV.
    let csv = env.home.join("tracking.csv");
    std::fs::write(
        &csv,
        format!("order,carrier,tracking\n{},CJ대한통운,6543210987\n", keys[0]),
    )
    .unwrap();
    let imported = env.json(&["tracking", "import", csv.to_str().unwrap(), "--json"]);
    assert_eq!(imported["pushes"]["failed"], 0, "{imported}");
    let st = sim.state().await;
    let gship = sim_shop(&st, "grip")["shipments"].as_array().unwrap().clone();
    assert!(
        !gship.is_empty()
            && gship
                .iter()
                .all(|s| s["tracking"] == qsp.as_str() && s["carrier"] == "99"),
        "{gship:?}"
    );
    let lship = sim_shop(&st, "lotteon")["shipments"].as_array().unwrap().clone();
    assert!(
        !lship.is_empty()
            && lship
                .iter()
                .all(|s| s["tracking"] == "6543210987" && s["carrier"] == "0002"),
        "{lship:?}"
    );

    // A broken tracking file is refused whole, naming row and field; nothing is recorded.
    std::fs::write(&csv, format!("{},CJ,111\n{},,222\n", keys[1], keys[1])).unwrap();
    let bad = env.run(&["tracking", "import", csv.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("row 2, field 2 (carrier)"));
    let order = env.json(&[
        "orders", "list", "--shop", "lotte", "--status", "received", "--json",
    ]);
    assert_eq!(order["total"], 0, "nothing recorded from the bad file");
    // Rows that parse but name an order shipdeck does not have: the whole file is refused as
    // bad input (exit 2), the good row with it.
    let shop = keys[1].split('/').next().unwrap();
    std::fs::write(&csv, format!("{},CJ,111\n{shop}/NO-SUCH-ORDER,CJ,222\n", keys[1])).unwrap();
    let bad = env.run(&["tracking", "import", csv.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(bad.status.code(), Some(2), "{err}");
    assert!(
        err.contains("tracking.csv")
            && err.contains("nothing was recorded")
            && err.contains(&format!("{shop}/NO-SUCH-ORDER: no such order")),
        "{err}"
    );
    let order = env.json(&[
        "orders", "list", "--shop", "lotte", "--status", "received", "--json",
    ]);
    assert_eq!(
        order["total"], 0,
        "the good row of a refused file is not recorded"
    );

    // The push log shows what happened.
    let pushes = env.json(&["pushes", "list", "--json"]);
    let kinds: Vec<&str> = pushes["pushes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"]["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"ship") && kinds.contains(&"confirm"));
    assert!(
        pushes["pushes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["state"]["state"] == "done"),
        "{pushes}"
    );
    let shipped = env.json(&["orders", "list", "--status", "shipped", "--json"]);
    assert_eq!(shipped["total"], 2);

    // Sorts: oldest first is newest first backwards; by shop groups the shops A→Z.
    let times = |v: &serde_json::Value| -> Vec<String> {
        v["orders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["key"].as_str().unwrap().to_string())
            .collect()
    };
    let newest = times(&env.json(&["orders", "list", "--json"]));
    let mut oldest = times(&env.json(&["orders", "list", "--sort", "oldest", "--json"]));
    assert!(newest.len() >= 4, "{newest:?}");
    oldest.reverse();
    assert_eq!(oldest, newest);
    let by_shop = times(&env.json(&["orders", "list", "--sort", "shop", "--json"]));
    let shops: Vec<&str> = by_shop.iter().map(|k| k.split('/').next().unwrap()).collect();
    let mut sorted = shops.clone();
    sorted.sort();
    assert_eq!(shops, sorted, "{by_shop:?}");
    let bad = env.run(&["orders", "list", "--sort", "price"]);
    assert_eq!(bad.status.code(), Some(2));
}
