//! `shipdeck doctor` end to end: the real binary against `shipdeck sim` on 127.0.0.1 and a real
//! sled database; it passes on a good setup and finds a config readable by others, a shop with a
//! wrong key, a clock 15 minutes off and a database locked by another process.

mod common;

use common::procs::{self, bin, SimChild as Sim};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn start_sim(home: &Path, skew_secs: i64) -> Sim {
    procs::start_sim(
        home,
        &[
            "--seed",
            "5",
            "--orders",
            "2",
            &format!("--clock-skew-secs={skew_secs}"),
        ],
    )
}

/// A home of its own: config file path and the environment every command runs with.
struct Home {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    config: PathBuf,
}

impl Home {
    fn new() -> Home {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        Home {
            config: dir.join("shipdeck.toml"),
            dir,
            _tmp: tmp,
        }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = bin();
        c.args(args)
            .env("HOME", &self.dir)
            .env("XDG_CONFIG_HOME", self.dir.join("config"))
            .env("XDG_DATA_HOME", self.dir.join("data"))
            .env("XDG_STATE_HOME", self.dir.join("state"))
            .env("SHIPDECK_CONFIG", &self.config)
            .env_remove("SHIPDECK_DATA_DIR")
            .env_remove("SHIPDECK_LOG_DIR");
        c
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        self.cmd(args).output().unwrap()
    }

    /// `doctor --json`: exit status and the report.
    fn doctor(&self) -> (Option<i32>, Value) {
        let out = self.run(&["doctor", "--json", "--timeout", "10"]);
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "doctor --json: {e}\n{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        assert_eq!(report["ok"], out.status.code() == Some(0), "{report:#}");
        (out.status.code(), report)
    }

    /// The config with the simulator's Grip service id, 0600.
    fn write_config(&self, sim: &Sim) -> Value {
        let url = format!("{}/_sim/state", sim.url);
        let state: Value = tokio::runtime::Runtime::new()
            .unwrap()
            .block_on(async { reqwest::get(url).await.unwrap().json().await.unwrap() });
        std::fs::write(
            &self.config,
            format!(
                "[grip]\nservice_id = \"{}\"\n",
                state["integrator"]["grip"]["service_id"].as_str().unwrap()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&self.config, std::fs::Permissions::from_mode(0o600)).unwrap();
        state
    }

    /// Adds the simulator's Grip shop as `name`, with `secret` as its secret key (None: the right one).
    fn add_grip(&self, sim: &Sim, state: &Value, name: &str, secret: Option<&str>) {
        let grip = state["shops"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["site"] == "grip")
            .unwrap();
        let creds = &grip["credentials"];
        let secret = secret.unwrap_or_else(|| creds["secret_key"].as_str().unwrap());
        let out = self.run(&[
            "shops",
            "add",
            "--name",
            name,
            "--site",
            "grip",
            "--shop-id",
            grip["shop_id"].as_str().unwrap(),
            "--api-base",
            &format!("{}/grip", sim.url),
            "--set",
            &format!("access_key={}", creds["access_key"].as_str().unwrap()),
            "--set",
            &format!("secret_key={secret}"),
        ]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

fn check<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no check `{name}` in {report:#}"))
}

fn failed(report: &Value) -> Vec<String> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "fail")
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn passes_on_a_good_setup_then_finds_a_readable_config_and_a_wrong_key() {
    let home = Home::new();
    let sim = start_sim(&home.dir, 0);
    let state = home.write_config(&sim);
    home.add_grip(&sim, &state, "grip-good", None);

    let (code, report) = home.doctor();
    assert_eq!(code, Some(0), "{report:#}");
    assert_eq!(check(&report, "shop grip-good")["status"], "ok");
    assert_eq!(check(&report, "clock")["status"], "ok", "{report:#}");
    assert_eq!(check(&report, "integrator keys")["status"], "ok");
    assert!(check(&report, "database")["detail"]
        .as_str()
        .unwrap()
        .contains(&format!("schema version {}", shipdeck::store::SCHEMA_VERSION)));

    // Readable by others.
    std::fs::set_permissions(&home.config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (code, report) = home.doctor();
    assert_eq!(code, Some(1));
    assert_eq!(failed(&report), vec!["config privacy"], "{report:#}");
    let c = check(&report, "config privacy");
    assert!(c["detail"].as_str().unwrap().contains("0644"), "{c}");
    assert_eq!(
        c["fix"].as_str().unwrap(),
        format!("chmod 600 {}", home.config.display())
    );
    std::fs::set_permissions(&home.config, std::fs::Permissions::from_mode(0o600)).unwrap();

    // A shop with a wrong key: only that shop fails, with the site's answer and how to fix it.
    home.add_grip(&sim, &state, "grip-bad", Some("SK-not-the-secret-0000"));
    let (code, report) = home.doctor();
    assert_eq!(code, Some(1));
    assert_eq!(failed(&report), vec!["shop grip-bad"], "{report:#}");
    let c = check(&report, "shop grip-bad");
    assert!(
        c["detail"].as_str().unwrap().contains("credentials refused"),
        "{c}"
    );
    assert!(
        c["fix"]
            .as_str()
            .unwrap()
            .contains("shipdeck shops edit grip-bad"),
        "{c}"
    );
    // The wrong secret is shown nowhere.
    assert!(!report.to_string().contains("SK-not-the-secret"));

    // The human form: a line per check, FAIL lines followed by their fix.
    let out = home.run(&["doctor"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    let fail_line = text
        .lines()
        .position(|l| l.starts_with("FAIL") && l.contains("shop grip-bad"));
    let fail_line = fail_line.unwrap_or_else(|| panic!("{text}"));
    assert!(
        text.lines().nth(fail_line + 1).unwrap().contains("fix: "),
        "{text}"
    );
}

#[test]
fn finds_a_clock_fifteen_minutes_off() {
    let home = Home::new();
    // The sites' clock is 15 minutes behind: this machine is 15 minutes ahead of them.
    let sim = start_sim(&home.dir, -900);
    let state = home.write_config(&sim);
    home.add_grip(&sim, &state, "grip-main", None);
    let (code, report) = home.doctor();
    assert_eq!(code, Some(1));
    let c = check(&report, "clock");
    assert_eq!(c["status"], "fail", "{report:#}");
    let detail = c["detail"].as_str().unwrap();
    assert!(detail.contains("15 min ahead of"), "{detail}");
    assert!(c["fix"].as_str().unwrap().contains("10 minutes"), "{c}");
    // Grip itself refuses the signed requests of a clock that far off.
    let shop = check(&report, "shop grip-main");
    assert_eq!(shop["status"], "fail");
    assert!(
        shop["detail"].as_str().unwrap().contains("stale timestamp"),
        "{shop}"
    );
}

#[test]
fn names_the_process_that_holds_the_database() {
    let home = Home::new();
    let sim = start_sim(&home.dir, 0);
    let state = home.write_config(&sim);
    home.add_grip(&sim, &state, "grip-main", None);
    let mut sync = home
        .cmd(&["sync"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let report = loop {
        let (code, report) = home.doctor();
        let db = check(&report, "database");
        if db["status"] == "fail" {
            assert_eq!(code, Some(1));
            break report;
        }
        assert!(
            Instant::now() < deadline,
            "the sync never held the database: {report:#}"
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    let _ = sync.kill();
    let _ = sync.wait();
    let db = check(&report, "database");
    let detail = db["detail"].as_str().unwrap();
    assert!(
        detail.contains(&format!("locked by process {} (shipdeck sync", sync.id())),
        "{detail}"
    );
    assert!(db["fix"]
        .as_str()
        .unwrap()
        .contains(&format!("stop process {}", sync.id())));
    assert_eq!(check(&report, "pushes")["status"], "skip");
    // Once the other process is gone, the database checks again.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, report) = home.doctor();
        if check(&report, "database")["status"] == "ok" {
            break;
        }
        assert!(Instant::now() < deadline, "{report:#}");
        std::thread::sleep(Duration::from_millis(200));
    }
}
