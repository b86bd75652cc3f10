//! A `shipdeck serve` child on a simulator, and CLI clients run as any uid (root runs the tests;
//! other users are reached with `setuid`/`setgid` on the child).
#![allow(dead_code)]

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use shipdeck::domain::{Site, Sku, SkuCode};
use shipdeck::sim::SimServer;
use shipdeck::store::Store;

use super::sim::{shop, sim_shop, state};

/// `nobody`: the support user of these tests.
pub const NOBODY: (u32, u32) = (65534, 65534);
/// A uid listed nowhere, in the socket's group: refused by the engine.
pub const STRANGER: (u32, u32) = (12345, 65534);
/// A uid outside the socket's group: refused by the filesystem.
pub const OUTSIDER: (u32, u32) = (12346, 12346);
/// A uid listed as an operator.
pub const OPERATOR2: (u32, u32) = (12347, 65534);

/// A home for one engine: database, config, socket and client directories.
pub struct Home {
    pub dir: PathBuf,
    pub config: PathBuf,
    pub socket: PathBuf,
    _tmp: tempfile::TempDir,
}

fn dir_for_all(p: &Path) {
    std::fs::create_dir_all(p).unwrap();
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o1777)).unwrap();
}

impl Home {
    /// A database with one shop per site of `sites` (options as given) and every code of the
    /// simulator's orders catalogued; a config admitting `nobody` as support and uid 12347 as an
    /// operator, the socket's group `nogroup`.
    pub async fn new(sim: &SimServer, sites: &[Site], options: &[(&str, bool)]) -> Home {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let st = state(sim).await;
        let i = &st.integrator;
        let config = dir.join("shipdeck.toml");
        std::fs::write(
            &config,
            format!(
                "[esm]\nmaster_id = \"{}\"\nsecret_key = \"{}\"\n[grip]\nservice_id = \"{}\"\n\
                 [engine]\nsocket_group = \"nogroup\"\n[roles]\nsupport = [\"nobody\"]\noperators = [\"12347\"]\n",
                i.esm["master_id"], i.esm["secret_key"], i.grip["service_id"]
            ),
        )
        .unwrap();
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
        {
            let store = Store::open(&dir.join("db")).unwrap();
            for site in sites {
                let mut s = shop(sim, &st, *site);
                for (o, on) in options {
                    match *o {
                        "order_confirmation" => s.options.order_confirmation = *on,
                        "fulfillment_instructions" => s.options.fulfillment_instructions = *on,
                        other => panic!("option {other}"),
                    }
                }
                store.add_shop(&s).unwrap();
            }
            store.flush().unwrap();
        }
        let home = Home {
            socket: dir.join("run").join("engine.sock"),
            dir,
            config,
            _tmp: tmp,
        };
        home.catalogue(sim, sites).await;
        dir_for_all(&home.dir.join("clients"));
        home
    }

    /// Catalogues every code of the simulator's orders (only while no engine runs).
    pub async fn catalogue(&self, sim: &SimServer, sites: &[Site]) {
        catalogue_sim_codes(&self.db(), sim, sites).await;
    }

    /// The database directory.
    pub fn db(&self) -> PathBuf {
        self.dir.join("db")
    }

    /// A client directory of `uid` (its cwd, its logs), writable by it.
    pub fn client_dir(&self, uid: u32) -> PathBuf {
        let d = self.dir.join("clients").join(uid.to_string());
        if !d.exists() {
            dir_for_all(&d);
        }
        d
    }

    /// The binary with the engine's environment.
    pub fn engine_cmd(&self, args: &[&str], pull_every: &str) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_shipdeck"));
        c.args(args)
            .env("SHIPDECK_DATA_DIR", self.db())
            .env("SHIPDECK_CONFIG", &self.config)
            .env("SHIPDECK_SOCKET", &self.socket)
            .env("SHIPDECK_LOG_DIR", self.dir.join("logs"))
            .env("SHIPDECK_FAST_TIMINGS", "1")
            .env("SHIPDECK_PULL_EVERY", pull_every)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        c
    }

    /// Starts `shipdeck serve` and waits until its socket answers.
    pub fn serve(&self, pull_every: &str) -> Child {
        let child = self.engine_cmd(&["serve"], pull_every).spawn().unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::os::unix::net::UnixStream::connect(&self.socket).is_err() {
            assert!(
                Instant::now() < deadline,
                "the service did not answer within 20 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        child
    }

    /// A CLI command run as `who` (uid, gid), or as root with the engine's config when `None`.
    pub fn cli(&self, who: Option<(u32, u32)>, args: &[&str]) -> Output {
        let mut c = Command::new(env!("CARGO_BIN_EXE_shipdeck"));
        c.args(args)
            .env("SHIPDECK_SOCKET", &self.socket)
            .env("SHIPDECK_FAST_TIMINGS", "1")
            .stdin(Stdio::null());
        match who {
            None => {
                c.env("SHIPDECK_CONFIG", &self.config)
                    .env("SHIPDECK_DATA_DIR", self.db())
                    .env("SHIPDECK_LOG_DIR", self.dir.join("logs"))
                    .current_dir(&self.dir);
            }
            Some((uid, gid)) => {
                let d = self.client_dir(uid);
                c.env_remove("SHIPDECK_CONFIG")
                    .env("HOME", &d)
                    .env("XDG_CONFIG_HOME", d.join("config"))
                    .env("XDG_DATA_HOME", d.join("data"))
                    .env("SHIPDECK_LOG_DIR", d.join("logs"))
                    .env_remove("SHIPDECK_DATA_DIR")
                    .current_dir(&d)
                    .uid(uid)
                    .gid(gid);
            }
        }
        c.output().unwrap()
    }

    /// A CLI command's JSON output; panics (with its output) unless it succeeded.
    pub fn json(&self, who: Option<(u32, u32)>, args: &[&str]) -> serde_json::Value {
        let out = self.cli(who, args);
        assert!(out.status.success(), "{who:?} {args:?}: {}", text(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

/// Catalogues every product and option code of the simulator's orders of `sites` in the database
/// at `db` (500 on hand each; codes already catalogued are left alone). Only while no engine runs.
pub async fn catalogue_sim_codes(db: &Path, sim: &SimServer, sites: &[Site]) {
    let st = state(sim).await;
    let store = Store::open(db).unwrap();
    for site in sites {
        for o in &sim_shop(&st, *site).orders {
            for l in &o.lines {
                let code = l.option_code.clone().unwrap_or(l.product_code.clone());
                let code = SkuCode::new(&code).unwrap();
                if store.get_sku(&code).unwrap().is_none() {
                    store
                        .put_sku(&Sku {
                            code,
                            name: "x".into(),
                            option_name: l.option_code.as_ref().map(|_| "o".into()),
                            on_hand: 500,
                            reserved: 0,
                        })
                        .unwrap();
                }
            }
        }
    }
    store.flush().unwrap();
}

/// stdout and stderr of a command.
pub fn text(o: &Output) -> String {
    format!(
        "status {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Polls `f` every 100 ms until it answers `Some`, for up to `secs` seconds.
pub fn wait_for<T>(secs: u64, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "waited {secs} s for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Sends SIGTERM and waits up to 20 s for the child to exit; its exit status.
pub fn terminate(child: &mut Child) -> std::process::ExitStatus {
    // SAFETY: kill(2) on our own child's pid.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        assert!(
            Instant::now() < deadline,
            "the service did not stop within 20 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
