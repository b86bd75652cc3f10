//! The doctor's checks. Each returns lines for the report; none writes anything shipdeck did not
//! create (the log check writes and removes a temporary file in the log directory).

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::Check;
use crate::config::{Config, Paths};
use crate::domain::{Shop, Site};
use crate::market::{self, AdapterContext, Http, HttpOptions, MarketError, SystemClock};
use crate::store::{Store, StoreError, SCHEMA_VERSION};

/// A clock further than this from a site's is a failure: Grip refuses signed requests more than
/// 10 minutes off its own clock and ESM checks its tokens' `iat`; this leaves room for both.
pub const CLOCK_LIMIT_SECS: i64 = 120;

const CONFIG_EXAMPLE: &str = "see assets/config.example.toml for every key";

/// Runs every check, in report order.
pub fn all(paths: &Paths, timeout: Duration) -> Vec<Check> {
    let mut out = Vec::new();
    let config = config_checks(paths, &mut out);
    let store = database_check(&paths.data_dir, &mut out);
    out.push(log_check(&paths.log_dir));
    let shops = match &store {
        Some(s) => match s.list_shops() {
            Ok(shops) => Some(shops),
            Err(e) => {
                out.push(Check::fail(
                    "shops",
                    format!("cannot read the shops: {e}"),
                    "run `shipdeck shops list` to see the error in full",
                ));
                None
            }
        },
        None => None,
    };
    match &shops {
        Some(shops) => {
            out.push(keys_check(shops, config.as_ref(), paths));
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build();
            match rt {
                Ok(rt) => {
                    out.push(rt.block_on(clock_check(shops)));
                    out.extend(rt.block_on(connection_checks(shops, config.unwrap_or_default(), timeout)));
                }
                Err(e) => out.push(Check::fail(
                    "network",
                    format!("cannot start the async runtime: {e}"),
                    "check the process limits (ulimit -u, -n)",
                )),
            }
        }
        None => {
            for name in ["integrator keys", "clock", "shops"] {
                out.push(Check::skip(name, "the database could not be read (above)"));
            }
        }
    }
    match &store {
        Some(s) => out.extend(outbox_checks(s)),
        None => {
            for name in ["pushes", "mismatches"] {
                out.push(Check::skip(name, "the database could not be read (above)"));
            }
        }
    }
    out
}

/// `config` (parses) and `config privacy` (0600); the config when it parses.
fn config_checks(paths: &Paths, out: &mut Vec<Check>) -> Option<Config> {
    let path = &paths.config_file;
    let shown = path.display();
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !paths.config_explicit => {
            out.push(Check::ok(
                "config",
                format!("no config file at {shown} (none is needed until a site needs integrator keys)"),
            ));
            return Some(Config::default());
        }
        Err(e) => {
            out.push(Check::fail(
                "config",
                format!("cannot read {shown}: {e}"),
                format!("make it readable by this user, or point --config / SHIPDECK_CONFIG at the right file; {CONFIG_EXAMPLE}"),
            ));
            return None;
        }
    };
    let config = match Config::parse(path, &text) {
        Ok(c) => {
            out.push(Check::ok("config", format!("{shown} parses")));
            Some(c)
        }
        Err(e) => {
            out.push(Check::fail(
                "config",
                e.to_string(),
                format!("correct that line; {CONFIG_EXAMPLE}"),
            ));
            None
        }
    };
    match fs::metadata(path) {
        Ok(meta) if meta.permissions().mode() & 0o077 != 0 => out.push(Check::fail(
            "config privacy",
            format!(
                "{shown} is readable by others (mode {:04o}); it holds integrator secret keys",
                meta.permissions().mode() & 0o7777
            ),
            format!("chmod 600 {shown}"),
        )),
        Ok(meta) if meta.uid() != current_uid() => out.push(Check::fail(
            "config privacy",
            format!("{shown} belongs to uid {}, not to this user", meta.uid()),
            format!("chown $(id -u) {shown}"),
        )),
        Ok(_) => out.push(Check::ok("config privacy", "mode 0600, owned by this user")),
        Err(e) => out.push(Check::fail(
            "config privacy",
            format!("cannot read the mode of {shown}: {e}"),
            format!("ls -l {shown}"),
        )),
    }
    config
}

fn current_uid() -> u32 {
    // SAFETY: getuid has no failure mode and touches no memory of ours.
    unsafe { libc::getuid() }
}

/// Opens the database (briefly) for its schema version; a lock held by another process names it.
fn database_check(dir: &Path, out: &mut Vec<Check>) -> Option<Store> {
    let shown = dir.display();
    if !dir.join("conf").exists() && !dir.join("db").exists() {
        out.push(Check::fail(
            "database",
            format!("no database at {shown}"),
            "the first command that uses it creates it, e.g. `shipdeck shops add …`; or point --data-dir / SHIPDECK_DATA_DIR at the existing one",
        ));
        return None;
    }
    match Store::open_waiting(dir, Duration::from_millis(300)) {
        Ok(store) => {
            match store.schema_version() {
                Ok(v) if v == SCHEMA_VERSION => out.push(Check::ok(
                    "database",
                    format!("{shown}: schema version {v}, not in use by another process"),
                )),
                Ok(v) => out.push(Check::fail(
                    "database",
                    format!("{shown}: schema version {v}, this shipdeck reads {SCHEMA_VERSION}"),
                    "run the shipdeck that wrote it, or upgrade this one",
                )),
                Err(e) => out.push(Check::fail(
                    "database",
                    format!("{shown}: {e}"),
                    "restore the data directory from a backup",
                )),
            }
            Some(store)
        }
        Err(StoreError::Locked { .. }) => {
            let holder = lock_holder(&dir.join("db"));
            let who = match &holder {
                Some((pid, cmd)) => format!("process {pid} ({cmd})"),
                None => "another process".to_string(),
            };
            let stop = match &holder {
                Some((pid, _)) => format!("stop process {pid}"),
                None => "stop the other shipdeck (`fuser -v` on the db file names it)".to_string(),
            };
            out.push(Check::fail(
                "database",
                format!("{shown} is locked by {who}; sled allows one process per database, so the rest cannot be checked"),
                format!("{stop} (quit its dashboard, Ctrl-C its `sync`, or `systemctl stop shipdeck`), then run doctor again"),
            ));
            None
        }
        Err(e) => {
            out.push(Check::fail(
                "database",
                e.to_string(),
                "check the directory's owner and mode (0700, this user), or point --data-dir elsewhere",
            ));
            None
        }
    }
}

/// The process holding a `flock` on `file`, from `/proc/locks`: its pid and command line.
pub fn lock_holder(file: &Path) -> Option<(u32, String)> {
    let inode = fs::metadata(file).ok()?.ino();
    let locks = fs::read_to_string("/proc/locks").ok()?;
    let pid = locks.lines().find_map(|line| {
        // `1: FLOCK  ADVISORY  WRITE 4242 fd:01:1234567 0 EOF`
        let f: Vec<&str> = line.split_whitespace().collect();
        let (pid, dev_ino) = (f.get(4)?, f.get(5)?);
        let ino: u64 = dev_ino.rsplit(':').next()?.parse().ok()?;
        (ino == inode).then(|| pid.parse::<u32>().ok()).flatten()
    })?;
    let cmd = fs::read(format!("/proc/{pid}/cmdline"))
        .map(|raw| {
            let text: String = String::from_utf8_lossy(&raw)
                .split('\0')
                .filter(|s| !s.is_empty())
                .map(|s| s.rsplit('/').next().unwrap_or(s).to_string())
                .take(4)
                .collect::<Vec<_>>()
                .join(" ");
            text.chars().filter(|c| !c.is_control()).take(80).collect()
        })
        .unwrap_or_else(|_| "?".into());
    Some((pid, cmd))
}

fn log_check(dir: &Path) -> Check {
    let shown = dir.display();
    let made = crate::store::ensure_private_dir(dir)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            tempfile::Builder::new()
                .prefix(".doctor-")
                .tempfile_in(dir)
                .map_err(|e| e.to_string())
        });
    match made {
        Ok(_file) => Check::ok("logs", format!("{shown} is writable")),
        Err(e) => Check::fail(
            "logs",
            format!("cannot write in {shown}: {e}"),
            format!("make {shown} writable by this user, or set SHIPDECK_LOG_DIR to a directory that is"),
        ),
    }
}

fn names(shops: &[&Shop]) -> String {
    shops
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The integrator-level keys of the sites the shops are on.
fn keys_check(shops: &[Shop], config: Option<&Config>, paths: &Paths) -> Check {
    let name = "integrator keys";
    if shops.is_empty() {
        return Check::skip(name, "no shops yet (`shipdeck shops add …`)");
    }
    let Some(config) = config else {
        return Check::skip(name, "the config does not parse (above)");
    };
    let on = |sites: &[Site]| -> Vec<&Shop> { shops.iter().filter(|s| sites.contains(&s.site)).collect() };
    let mut missing = Vec::new();
    let mut present = Vec::new();
    let esm = on(&[Site::Gmarket, Site::Auction]);
    if !esm.is_empty() {
        match &config.esm {
            Some(e) if !e.master_id.trim().is_empty() && !e.secret_key.expose().is_empty() => {
                present.push("[esm]")
            }
            _ => missing.push(format!("[esm] master_id and secret_key (for {})", names(&esm))),
        }
    }
    let grip = on(&[Site::Grip]);
    if !grip.is_empty() {
        match &config.grip {
            Some(g) if !g.service_id.trim().is_empty() => present.push("[grip]"),
            _ => missing.push(format!("[grip] service_id (for {})", names(&grip))),
        }
    }
    let renewing: Vec<&Shop> = shops
        .iter()
        .filter(|s| s.site == Site::Qoo10 && s.options.auto_renew_key)
        .collect();
    if !renewing.is_empty() {
        match &config.qoo10 {
            Some(q) if q.renew_user_id.is_some() && q.renew_password.is_some() => present.push("[qoo10]"),
            _ => missing.push(format!(
                "[qoo10] api_key, renew_user_id and renew_password (auto_renew_key is on for {})",
                names(&renewing)
            )),
        }
    }
    if missing.is_empty() {
        let detail = if present.is_empty() {
            "none needed by the sites in use".to_string()
        } else {
            format!("{} present for the sites in use", present.join(", "))
        };
        Check::ok(name, detail)
    } else {
        Check::fail(
            name,
            format!("missing: {}", missing.join("; ")),
            format!(
                "add them to {} (chmod 600); {CONFIG_EXAMPLE}",
                paths.config_file.display()
            ),
        )
    }
}

/// The origin (`scheme://host:port`) of a URL.
fn origin(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    Some(
        format!("{}://{}", u.scheme(), u.host_str()?)
            + &u.port().map(|p| format!(":{p}")).unwrap_or_default(),
    )
}

/// Parses an HTTP `Date` header (IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`).
pub fn parse_http_date(s: &str) -> Option<jiff::Timestamp> {
    jiff::fmt::rfc2822::parse(s.trim()).ok().map(|z| z.timestamp())
}

/// Compares this machine's clock with the `Date` header of each site in use.
async fn clock_check(shops: &[Shop]) -> Check {
    let name = "clock";
    let mut origins: BTreeMap<String, ()> = BTreeMap::new();
    for s in shops {
        if let Some(o) = origin(&market::base_url(s)) {
            origins.insert(o, ());
        }
    }
    if origins.is_empty() {
        return Check::skip(name, "no shops to compare with (the sites' Date headers)");
    }
    let client = match reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
    {
        Ok(c) => c,
        Err(e) => return Check::skip(name, format!("cannot build an HTTP client: {e}")),
    };
    let mut seen = Vec::new();
    let mut unreachable = Vec::new();
    for o in origins.keys() {
        let sent = Instant::now();
        let before = jiff::Timestamp::now();
        match client.get(o).send().await {
            Ok(resp) => {
                let rtt = sent.elapsed();
                let date = resp
                    .headers()
                    .get(reqwest::header::DATE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(parse_http_date);
                match date {
                    Some(d) => {
                        let mid = before + jiff::SignedDuration::try_from(rtt / 2).unwrap_or_default();
                        // Positive: the site is ahead of this machine.
                        seen.push((o.clone(), d.as_second() - mid.as_second()));
                    }
                    None => unreachable.push(format!("{o} (no Date header)")),
                }
            }
            Err(_) => unreachable.push(o.clone()),
        }
    }
    let Some((worst_at, worst)) = seen.iter().max_by_key(|(_, off)| off.abs()).cloned() else {
        return Check::skip(name, format!("no site answered: {}", unreachable.join(", ")));
    };
    let mut detail = if worst.abs() > CLOCK_LIMIT_SECS {
        format!(
            "this machine's clock is {} {} {worst_at}'s",
            span(worst.abs()),
            if worst > 0 { "behind" } else { "ahead of" }
        )
    } else {
        format!("within {} of {} site(s)", span(worst.abs().max(1)), seen.len())
    };
    if !unreachable.is_empty() {
        detail.push_str(&format!("; not reached: {}", unreachable.join(", ")));
    }
    if worst.abs() > CLOCK_LIMIT_SECS {
        Check::fail(
            name,
            detail,
            "turn on time sync (`timedatectl set-ntp true`, or chrony/ntpd): Grip refuses signed requests more than 10 minutes off and ESM checks its tokens' `iat`",
        )
    } else {
        Check::ok(name, detail)
    }
}

/// `15 min` / `42 s`.
fn span(secs: i64) -> String {
    if secs >= 120 {
        format!("{} min", (secs + 30) / 60)
    } else {
        format!("{secs} s")
    }
}

/// Each shop's connection test, run side by side, each within `timeout`.
async fn connection_checks(shops: &[Shop], config: Config, timeout: Duration) -> Vec<Check> {
    if shops.is_empty() {
        return vec![Check::skip("shops", "no shops yet (`shipdeck shops add …`)")];
    }
    let http = match Http::new(HttpOptions {
        timeout,
        connect_timeout: timeout.min(Duration::from_secs(10)),
        max_attempts: 1,
        ..HttpOptions::default()
    }) {
        Ok(h) => h,
        Err(e) => {
            return vec![Check::fail(
                "shops",
                format!("cannot build the HTTP client: {e}"),
                "check the TLS set-up of this machine",
            )]
        }
    };
    let actx = AdapterContext {
        http,
        config: Arc::new(config),
        clock: Arc::new(SystemClock),
    };
    let tests = shops.iter().map(|shop| {
        let actx = &actx;
        async move {
            let name = format!("shop {}", shop.name);
            let result = tokio::time::timeout(timeout, async {
                let adapter = market::adapter_for(shop, actx)?;
                adapter.test_connection().await
            })
            .await;
            match result {
                Ok(Ok(r)) => Check::ok(
                    name,
                    format!("{}: connection OK — {}", shop.site.slug(), r.message),
                ),
                Ok(Err(e)) => Check::fail(
                    name,
                    format!("{}: {e}", shop.site.slug()),
                    connection_fix(shop, &e),
                ),
                Err(_) => Check::fail(
                    name,
                    format!("{}: no answer within {} s", shop.site.slug(), timeout.as_secs()),
                    format!(
                        "check the network and the shop's API address ({}), then `shipdeck shops test {}`",
                        market::base_url(shop),
                        shop.name
                    ),
                ),
            }
        }
    });
    futures::future::join_all(tests).await
}

fn connection_fix(shop: &Shop, e: &MarketError) -> String {
    let n = &shop.name;
    match e {
        MarketError::Auth { .. } => format!(
            "the site refused the shop's keys: copy them again from the seller centre and run `shipdeck shops edit {n} --set FIELD=VALUE`, then `shipdeck shops test {n}`"
        ),
        MarketError::KeyExpired { .. } => format!(
            "the seller key expired: issue a new one (dashboard `:shop renew {n}`, or `shipdeck shops edit {n} --set seller_key=…`)"
        ),
        MarketError::Config { .. } => {
            format!("add the missing setting (see the integrator keys line); {CONFIG_EXAMPLE}")
        }
        MarketError::RateLimited { .. } => format!("the site is limiting calls; try `shipdeck shops test {n}` in a minute"),
        _ => format!(
            "check the network and the shop's API address ({}), then `shipdeck shops test {n}`",
            market::base_url(shop)
        ),
    }
}

/// Pending and failed pushes, open mismatches.
fn outbox_checks(store: &Store) -> Vec<Check> {
    let mut out = Vec::new();
    let pending = store.pending_push_count();
    match store.failed_push_count() {
        Ok(0) if pending == 0 => out.push(Check::ok("pushes", "none pending, none failed")),
        Ok(failed) => {
            let mut parts = Vec::new();
            let mut fixes = Vec::new();
            if failed > 0 {
                parts.push(format!("{failed} failed"));
                fixes.push("read the site's answers with `shipdeck pushes list --state failed`, fix the cause, then `shipdeck pushes retry ID…`");
            }
            if pending > 0 {
                parts.push(format!("{pending} pending with no engine running"));
                fixes.push("`shipdeck sync --once` sends the pending ones (or start the dashboard / `shipdeck sync`)");
            }
            out.push(Check::fail("pushes", parts.join(", "), fixes.join("; ")));
        }
        Err(e) => out.push(Check::fail(
            "pushes",
            format!("cannot count the pushes: {e}"),
            "run `shipdeck pushes list` to see the error in full",
        )),
    }
    match store.mismatch_count() {
        Ok(0) => out.push(Check::ok("mismatches", "every order line maps to a SKU")),
        Ok(n) => out.push(Check::fail(
            "mismatches",
            format!("{n} order lines have no SKU (their orders are held)"),
            "map them in the dashboard (pane 3, Enter), or `shipdeck sku import` a sheet with their codes",
        )),
        Err(e) => out.push(Check::fail(
            "mismatches",
            format!("cannot count the mismatches: {e}"),
            "run `shipdeck sku export FILE` to see the error in full",
        )),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_parse() {
        let t = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(t.to_string(), "1994-11-06T08:49:37Z");
        assert!(parse_http_date("yesterday").is_none());
    }

    #[test]
    fn origins_keep_the_port() {
        assert_eq!(
            origin("http://127.0.0.1:8700/grip").as_deref(),
            Some("http://127.0.0.1:8700")
        );
        assert_eq!(
            origin("https://seller.grip.show").as_deref(),
            Some("https://seller.grip.show")
        );
    }

    #[test]
    fn spans_read_as_people_say_them() {
        assert_eq!(span(900), "15 min");
        assert_eq!(span(42), "42 s");
    }

    #[test]
    fn the_lock_holder_is_this_process_for_a_store_it_opened() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        let (pid, _cmd) = lock_holder(&tmp.path().join("db")).expect("a flock entry in /proc/locks");
        assert_eq!(pid, std::process::id());
        drop(store);
    }
}
