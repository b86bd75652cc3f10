//! The real binary end to end: `shipdeck sim` in one process, `shipdeck shops add|test` in others,
//! talking HTTP on 127.0.0.1.

mod common;

use common::procs::{self, bin, SimChild as Sim};

fn start_sim(home: &std::path::Path) -> Sim {
    procs::start_sim(home, &["--seed", "5", "--orders", "3"])
}

fn run(home: &std::path::Path, config: &std::path::Path, args: &[&str]) -> std::process::Output {
    bin()
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("SHIPDECK_CONFIG", config)
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn shops_test_prints_the_sites_answer_and_records_health() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let sim = start_sim(home);
    let state = sim.state().await;
    let config = home.join("shipdeck.toml");
    std::fs::write(
        &config,
        format!(
            "[grip]\nservice_id = \"{}\"\n",
            state["integrator"]["grip"]["service_id"].as_str().unwrap()
        ),
    )
    .unwrap();
    let grip = state["shops"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["site"] == "grip")
        .unwrap();
    let creds = &grip["credentials"];
    let base = format!("{}/grip", sim.url);
    let add = |name: &str, secret: &str| {
        run(
            home,
            &config,
            &[
                "shops",
                "add",
                "--name",
                name,
                "--site",
                "grip",
                "--shop-id",
                grip["shop_id"].as_str().unwrap(),
                "--api-base",
                &base,
                "--set",
                &format!("access_key={}", creds["access_key"].as_str().unwrap()),
                "--set",
                &format!("secret_key={secret}"),
            ],
        )
    };
    assert!(add("good", creds["secret_key"].as_str().unwrap())
        .status
        .success());
    assert!(add("bad", "SK-this-is-not-the-secret").status.success());

    let ok = run(home, &config, &["shops", "test", "good"]);
    let out = String::from_utf8_lossy(&ok.stdout);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{out} {}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(
        out.contains("connection OK") && out.contains("connected as grip-seller"),
        "{out}"
    );

    let bad = run(home, &config, &["shops", "test", "bad", "--json"]);
    assert_eq!(bad.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(report["error"]["class"], "auth");
    assert!(
        report["message"].as_str().unwrap().contains("fingerprint"),
        "{report}"
    );
    // The secret is in no output.
    assert!(!String::from_utf8_lossy(&bad.stdout).contains("SK-this-is-not"));

    let list = run(home, &config, &["shops", "list", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let health = |n: &str| {
        list["shops"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == n)
            .unwrap()["health"]["state"]
            .clone()
    };
    assert_eq!(health("good"), "ok");
    assert_eq!(health("bad"), "auth_failed");
}

#[test]
fn the_simulator_refuses_non_loopback_addresses() {
    let tmp = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["sim", "--listen", "0.0.0.0:0"])
        .env("HOME", tmp.path())
        .env("XDG_STATE_HOME", tmp.path().join("state"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("loopback"));
}
