//! Progress of long commands when stderr is not a terminal: plain lines in the log (each phase,
//! per shop for `sync --once`), nothing on stderr, and `--json` output as before.

mod common;

use std::path::Path;
use std::process::{Output, Stdio};

use common::procs::{self, bin};

fn run(home: &Path, config: &Path, args: &[&str]) -> Output {
    bin()
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("SHIPDECK_CONFIG", config)
        .env("SHIPDECK_LOG_DIR", home.join("logs"))
        .env("SHIPDECK_FAST_TIMINGS", "1")
        .env_remove("SHIPDECK_DATA_DIR")
        .env_remove("SHIPDECK_LOG")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// The progress lines of every log in `home/logs`, in order, without their timestamps.
fn progress_lines(home: &Path) -> Vec<String> {
    let mut files: Vec<_> = std::fs::read_dir(home.join("logs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        for line in std::fs::read_to_string(f).unwrap().lines() {
            if let Some((_, rest)) = line.split_once("shipdeck::progress: ") {
                out.push(rest.to_string());
            }
        }
    }
    out
}

#[test]
fn sku_import_and_export_log_their_phases_and_json_stays_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let config = home.join("none.toml");
    std::fs::write(&config, "").unwrap();
    let file = home.join("skus.csv");
    let mut text = String::from("sku code,sku name,on hand\n");
    for i in 0..2000 {
        text.push_str(&format!("P-{i:05},product {i},{}\n", i % 50));
    }
    std::fs::write(&file, text).unwrap();
    let out = run(
        home,
        &config,
        &["sku", "import", file.to_str().unwrap(), "--json"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Stdout is the report alone; stderr has no progress when it is not a terminal.
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["rows"], 2000);
    assert_eq!(report["skus_new"], 2000);
    assert_eq!(report["applied"], true);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = progress_lines(home);
    let want = [
        format!("sku import: reading and checking {}", file.display()),
        "sku import: writing 2000 rows (2000 SKUs and 0 mappings new or changed)".to_string(),
        "sku import: re-resolving held orders".to_string(),
        "sku import: finished: 2000 rows, 0 errors, applied".to_string(),
    ];
    assert_eq!(lines, want);

    let out_file = home.join("out.csv");
    let out = run(
        home,
        &config,
        &["sku", "export", out_file.to_str().unwrap(), "--json"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["skus"], 2000);
    assert!(out.stderr.is_empty());
    let lines = progress_lines(home);
    assert_eq!(lines[want.len()..].len(), 2, "{lines:?}");
    assert!(lines[want.len()].starts_with("sku export: writing "), "{lines:?}");
    assert!(
        lines[want.len() + 1].starts_with("sku export: finished: "),
        "{lines:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_once_logs_each_shop_as_it_is_pulled() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let sim = procs::start_sim(home, &["--seed", "4", "--orders", "3"]);
    let url = sim.url.clone();
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
    for site in ["grip", "lotteon"] {
        let s = state["shops"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["site"] == site)
            .unwrap();
        let mut args: Vec<String> = [
            "shops",
            "add",
            "--name",
            &format!("{site}-p"),
            "--site",
            site,
            "--shop-id",
            s["shop_id"].as_str().unwrap(),
            "--api-base",
            &format!("{url}/{site}"),
        ]
        .iter()
        .map(|a| a.to_string())
        .collect();
        for (k, v) in s["credentials"].as_object().unwrap() {
            args.push("--set".into());
            args.push(format!("{k}={}", v.as_str().unwrap()));
        }
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        assert!(run(home, &config, &a).status.success());
    }
    let before = progress_lines(home).len();
    let out = run(home, &config, &["sync", "--once", "--json", "--wait", "5"]);
    drop(sim);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    assert_eq!(report["shops"].as_object().unwrap().len(), 2, "{report}");
    assert!(report["pushes"].is_object());
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = progress_lines(home)[before..].to_vec();
    assert_eq!(lines[0], "sync: pulling 2 shops", "{lines:?}");
    // One line per shop as its pull finishes (the last one always logged), with what it found.
    let per_shop: Vec<&String> = lines.iter().filter(|l| l.contains("/2 ")).collect();
    assert!(per_shop.iter().any(|l| l.starts_with("sync: 2/2 ")), "{lines:?}");
    for shop in ["grip-p", "lotteon-p"] {
        let new = report["shops"][shop]["new"].as_u64().unwrap();
        let logged = per_shop.iter().any(|l| l.contains(&format!("{shop}: {new} new")));
        // The first step and the last are always logged; here that is both shops.
        assert!(logged, "{shop}: {lines:?}");
    }
    assert!(
        lines.iter().any(|l| l.starts_with("sync: sending pushes (")),
        "{lines:?}"
    );
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("sync: finished: 2 shops pulled"),
        "{lines:?}"
    );
}
