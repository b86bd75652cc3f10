//! The real binary: `shops add|list|remove`, exit statuses, JSON round trip, and that secrets
//! never reach the screen, the log or the audit trail.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::procs;

struct Env {
    tmp: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            tmp: tempfile::tempdir().unwrap(),
        }
    }

    fn cmd(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn command(&self, args: &[&str]) -> Command {
        procs::isolated(self.tmp.path(), args)
    }

    fn log_text(&self) -> String {
        let dir = self.tmp.path().join("state/shipdeck/logs");
        let mut all = String::new();
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            all.push_str(&std::fs::read_to_string(e.path()).unwrap());
        }
        all
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const GRIP_SECRET: &str = "GRIP-SECRET-abcdefgh-9876";
const LOTTE_KEY: &str = "LOTTE-API-KEY-zyxwvuts-4321";

fn add_two(env: &Env) {
    let out = env.cmd(&[
        "shops",
        "add",
        "--name",
        "grip-main",
        "--site",
        "grip",
        "--shop-id",
        "gripseller",
        "--set",
        "access_key=AK-visible-1",
        "--set",
        &format!("secret_key={GRIP_SECRET}"),
        "--option",
        "order_confirmation=on",
        "--api-base",
        "http://127.0.0.1:9/grip",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = env.cmd(&[
        "shops",
        "add",
        "--name",
        "lotte",
        "--site",
        "lotteon",
        "--shop-id",
        "lotteseller",
        "--set",
        &format!("api_key={LOTTE_KEY}"),
        "--set",
        "account_number=LO10161082",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn a_missing_required_field_fails_with_status_2_and_names_it() {
    let env = Env::new();
    let out = env.cmd(&[
        "shops",
        "add",
        "--name",
        "l",
        "--site",
        "lotteon",
        "--shop-id",
        "x",
        "--set",
        "api_key=k",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("account_number"), "{err}");
    // Nothing was stored.
    let out = env.cmd(&["shops", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["shops"].as_array().unwrap().len(), 0);
}

#[test]
fn bad_usage_and_bad_values_exit_2() {
    let env = Env::new();
    for args in [
        vec![
            "shops",
            "add",
            "--name",
            "x",
            "--site",
            "amazon",
            "--shop-id",
            "s",
        ],
        vec![
            "shops",
            "add",
            "--name",
            "x",
            "--site",
            "grip",
            "--shop-id",
            "s",
            "--set",
            "nonsense",
        ],
        vec![
            "shops",
            "add",
            "--name",
            "x",
            "--site",
            "gmarket",
            "--shop-id",
            "s",
            "--option",
            "stock_sync=maybe",
        ],
        vec![
            "shops",
            "add",
            "--name",
            "x",
            "--site",
            "gmarket",
            "--shop-id",
            "s",
            "--option",
            "auto_renew_key=on",
        ],
        vec![
            "shops",
            "add",
            "--name",
            "a/b",
            "--site",
            "gmarket",
            "--shop-id",
            "s",
        ],
        vec!["shops", "remove", "nobody"],
        vec!["shops", "frobnicate"],
    ] {
        let out = env.cmd(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out.stderr));
        assert!(!text(&out.stderr).is_empty());
    }
}

#[test]
fn list_json_round_trips_what_was_added_with_secrets_masked() {
    let env = Env::new();
    add_two(&env);
    let out = env.cmd(&["shops", "list", "--json"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let shops = v["shops"].as_array().unwrap();
    assert_eq!(shops.len(), 2);
    let grip = shops.iter().find(|s| s["name"] == "grip-main").unwrap();
    assert_eq!(grip["site"], "grip");
    assert_eq!(grip["shop_id"], "gripseller");
    assert_eq!(grip["api_base"], "http://127.0.0.1:9/grip");
    assert_eq!(grip["fields"]["access_key"], "AK-visible-1");
    assert_eq!(grip["fields"]["secret_key"], "••••9876");
    assert_eq!(grip["options"]["order_confirmation"], true);
    assert_eq!(grip["options"]["order_integration"], true);
    assert_eq!(grip["options"]["stock_sync"], false);
    let lotte = shops.iter().find(|s| s["name"] == "lotte").unwrap();
    assert_eq!(lotte["fields"]["account_number"], "LO10161082");
    assert_eq!(lotte["fields"]["api_key"], "••••4321");
    // The same name again is refused.
    let out = env.cmd(&[
        "shops",
        "add",
        "--name",
        "lotte",
        "--site",
        "gmarket",
        "--shop-id",
        "x",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("already exists"));
}

#[test]
fn secrets_reach_neither_screen_nor_log_nor_audit() {
    let env = Env::new();
    add_two(&env);
    let list = env.cmd(&["shops", "list"]);
    let summary = env.cmd(&[]);
    assert!(summary.status.success(), "{}", text(&summary.stderr));
    assert!(text(&summary.stdout).contains("grip-main"));
    let mut seen = String::new();
    for o in [&list, &summary] {
        seen.push_str(&text(&o.stdout));
        seen.push_str(&text(&o.stderr));
    }
    seen.push_str(&env.log_text());
    // The database files themselves hold the secret (that is where it lives); the audit tree
    // must not: read it back through the library.
    let store = shipdeck::store::Store::open(&env.tmp.path().join("data/shipdeck/db")).unwrap();
    for e in store.audit_tail(10).unwrap() {
        seen.push_str(&format!("{e:?}"));
    }
    assert_eq!(store.audit_tail(10).unwrap().len(), 2);
    for secret in [GRIP_SECRET, LOTTE_KEY] {
        assert!(
            !seen.contains(&secret[..secret.len() - 4]),
            "secret leaked: {seen}"
        );
    }
}

#[test]
fn edit_changes_options_and_keys_without_showing_them() {
    let env = Env::new();
    add_two(&env);
    let out = env.cmd(&[
        "shops",
        "edit",
        "lotte",
        "--set",
        "api_key=NEW-LOTTE-KEY-99998888",
        "--option",
        "stock_sync=on",
        "--interval",
        "2",
        "--json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["fields"]["api_key"], "••••8888");
    assert_eq!(v["fields"]["account_number"], "LO10161082");
    assert_eq!(v["options"]["stock_sync"], true);
    assert_eq!(v["schedule"]["interval_minutes"], 2);
    let bad = env.cmd(&["shops", "edit", "lotte", "--set", "secret_key=x"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("secret_key"));
    assert!(!env.log_text().contains("NEW-LOTTE-KEY"));
}

#[test]
fn remove_keeps_nothing_of_the_shop_but_its_orders() {
    let env = Env::new();
    add_two(&env);
    let out = env.cmd(&["shops", "remove", "lotte"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&env.cmd(&["shops", "list", "--json"]).stdout).unwrap();
    let names: Vec<&str> = v["shops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["grip-main"]);
}

#[test]
fn a_broken_config_names_file_line_and_key() {
    let env = Env::new();
    let cfg = env.tmp.path().join("bad.toml");
    std::fs::write(&cfg, "[grip]\nservice_id = \"x\"\n\n[esm]\nmaster = \"m\"\n").unwrap();
    let out = env.cmd(&["--config", cfg.to_str().unwrap(), "shops", "list"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("bad.toml") && err.contains("line 5") && err.contains("master"),
        "{err}"
    );
}

#[test]
fn each_process_logs_to_its_own_file_and_data_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    add_two(&env);
    env.cmd(&["shops", "list"]);
    let logs: Vec<_> = std::fs::read_dir(env.tmp.path().join("state/shipdeck/logs"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(logs.len(), 3, "one log per process");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&env.tmp.path().join("data/shipdeck/db")), 0o700);
    for l in &logs {
        assert_eq!(mode(&l.path()), 0o600);
    }
}

#[test]
fn a_second_process_on_the_same_database_gets_a_clear_error() {
    let env = Env::new();
    add_two(&env);
    let db = env.tmp.path().join("data/shipdeck/db");
    let _held = shipdeck::store::Store::open(&db).unwrap();
    let out = env.cmd(&["shops", "list"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "a database in use has its own exit status"
    );
    assert!(
        text(&out.stderr).contains("in use by another shipdeck process"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn version_and_help() {
    let env = Env::new();
    let out = env.cmd(&["--version"]);
    assert!(text(&out.stdout).contains(env!("CARGO_PKG_VERSION")));
    let out = env.cmd(&["shops", "add", "--help"]);
    assert!(text(&out.stdout).contains("--shop-id"));
}

#[test]
fn a_secret_read_from_stdin_is_never_on_the_command_line_and_the_process_dumps_no_core() {
    use std::io::Write;
    use std::process::Stdio;
    let env = Env::new();
    let number = env.tmp.path().join("account");
    std::fs::write(&number, "LO10161082\n").unwrap();
    let mut child = env
        .command(&[
            "shops",
            "add",
            "--name",
            "lotte",
            "--site",
            "lotteon",
            "--shop-id",
            "lotteseller",
            "--set",
            "api_key=-",
            "--secret-file",
            &format!("account_number={}", number.display()),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The process waits for its key on stdin: look at it from outside meanwhile.
    let proc_dir = format!("/proc/{}", child.id());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let limits = loop {
        let limits = std::fs::read_to_string(format!("{proc_dir}/limits")).unwrap_or_default();
        let core = limits
            .lines()
            .find(|l| l.starts_with("Max core file size"))
            .map(|l| l.split_whitespace().skip(4).take(2).collect::<Vec<_>>());
        if core == Some(vec!["0", "0"]) || std::time::Instant::now() > deadline {
            break limits;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert!(
        limits
            .lines()
            .any(|l| l.starts_with("Max core file size")
                && l.split_whitespace().skip(4).take(2).eq(["0", "0"])),
        "{limits}"
    );
    let cmdline = std::fs::read(format!("{proc_dir}/cmdline")).unwrap();
    assert!(!text(&cmdline).contains(LOTTE_KEY));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{LOTTE_KEY}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("warning"), "{}", text(&out.stderr));
    let store = shipdeck::store::Store::open(&env.tmp.path().join("data/shipdeck/db")).unwrap();
    let shop = store
        .get_shop(&shipdeck::domain::ShopName::new("lotte").unwrap())
        .unwrap()
        .unwrap();
    match shop.credentials {
        shipdeck::domain::Credentials::Lotteon {
            api_key,
            account_number,
        } => {
            assert_eq!(api_key.expose(), LOTTE_KEY);
            assert_eq!(account_number, "LO10161082");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_inline_secret_is_warned_about_without_being_repeated() {
    let env = Env::new();
    add_two(&env);
    let out = env.cmd(&["shops", "edit", "lotte", "--set", &format!("api_key={LOTTE_KEY}")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("warning") && err.contains("--set api_key=-"),
        "{err}"
    );
    assert!(!err.contains(&LOTTE_KEY[..LOTTE_KEY.len() - 4]), "{err}");
}

#[test]
fn a_data_dir_that_is_not_shipdecks_is_refused_and_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let folder = env.tmp.path().join("work");
    let elsewhere = env.tmp.path().join("elsewhere");
    std::fs::create_dir_all(folder.join("scripts")).unwrap();
    std::fs::create_dir(&elsewhere).unwrap();
    let script = folder.join("scripts/deploy.sh");
    std::fs::write(&script, "#!/bin/sh\n").unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&elsewhere, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::os::unix::fs::symlink(&elsewhere, folder.join("out")).unwrap();
    let out = env.cmd(&["--data-dir", folder.to_str().unwrap(), "shops", "list"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains(folder.to_str().unwrap()) && err.contains("not a shipdeck database"),
        "{err}"
    );
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&script), 0o755);
    assert_eq!(mode(&elsewhere), 0o755);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 2);
}

#[test]
fn a_database_owned_by_another_user_is_refused() {
    // Tests run as root (CI); root may give the directory away.
    let env = Env::new();
    add_two(&env);
    let db = env.tmp.path().join("data/shipdeck/db");
    std::os::unix::fs::chown(&db, Some(65534), Some(65534))
        .expect("chown needs root; the test suite runs as root");
    let out = env.cmd(&["shops", "list"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("owned by uid 65534") && err.contains(db.to_str().unwrap()),
        "{err}"
    );
}

#[test]
fn the_reason_for_a_failure_is_in_the_log_file() {
    let env = Env::new();
    let out = env.cmd(&["shops", "remove", "nobody"]);
    assert_eq!(out.status.code(), Some(2));
    let log = env.log_text();
    assert!(log.contains("no shop named `nobody`"), "{log}");
    assert!(log.contains("exit_status=2"), "{log}");
}

#[test]
fn unknown_keys_bad_files_and_bad_flags_all_exit_2() {
    let env = Env::new();
    add_two(&env);
    let tracking = env.tmp.path().join("t.csv");
    std::fs::write(&tracking, "lotte/NOPE-1,CJ,123456\n").unwrap();
    let missing = env.tmp.path().join("missing.csv");
    for (args, says) in [
        (
            vec!["orders", "confirm", "lotte/NOPE-1", "grip-main/NOPE-2"],
            "no such order: lotte/NOPE-1, grip-main/NOPE-2",
        ),
        (
            vec!["waybill", "print", "lotte/NOPE-1"],
            "no such order: lotte/NOPE-1",
        ),
        (vec!["orders", "accept-shipment", "lotte/NOPE-1"], "no such order"),
        (vec!["pushes", "retry", "999999"], "no such push: #999999"),
        (
            vec!["tracking", "import", tracking.to_str().unwrap()],
            "lotte/NOPE-1: no such order",
        ),
        (
            vec!["tracking", "import", missing.to_str().unwrap()],
            "missing.csv",
        ),
        (vec!["sku", "import", missing.to_str().unwrap()], ""),
        (vec!["orders", "list", "--status", "sideways"], "sideways"),
        (vec!["orders", "list", "--frobnicate"], "--frobnicate"),
    ] {
        let out = env.cmd(&args);
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {all}");
        assert!(all.contains(says), "{args:?}: {all}");
    }
}
