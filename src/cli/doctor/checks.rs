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

fn config_example() -> String {
    crate::tr!("doc-config-example")
}

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
                    crate::tr!("doc-cannot-read-shops", error = e.to_string()),
                    crate::tr!("doc-fix-shops-list"),
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
                    crate::tr!("doc-no-runtime", error = e.to_string()),
                    crate::tr!("doc-fix-ulimit"),
                )),
            }
        }
        None => {
            for name in ["integrator keys", "clock", "shops"] {
                out.push(Check::skip(name, crate::tr!("doc-db-unreadable")));
            }
        }
    }
    match &store {
        Some(s) => out.extend(outbox_checks(s)),
        None => {
            for name in ["pushes", "mismatches"] {
                out.push(Check::skip(name, crate::tr!("doc-db-unreadable")));
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
                crate::tr!("doc-no-config", file = shown.to_string()),
            ));
            return Some(Config::default());
        }
        Err(e) => {
            out.push(Check::fail(
                "config",
                crate::tr!("doc-cannot-read", file = shown.to_string(), error = e.to_string()),
                crate::tr!("doc-fix-config-readable", example = config_example()),
            ));
            return None;
        }
    };
    let config = match Config::parse(path, &text) {
        Ok(c) => {
            out.push(Check::ok(
                "config",
                crate::tr!("doc-config-parses", file = shown.to_string()),
            ));
            Some(c)
        }
        Err(e) => {
            out.push(Check::fail(
                "config",
                e.to_string(),
                crate::tr!("doc-fix-config-line", example = config_example()),
            ));
            None
        }
    };
    match fs::metadata(path) {
        Ok(meta) if meta.permissions().mode() & 0o077 != 0 => out.push(Check::fail(
            "config privacy",
            crate::tr!(
                "doc-config-readable-by-others",
                file = shown.to_string(),
                mode = format!("{:04o}", meta.permissions().mode() & 0o7777)
            ),
            format!("chmod 600 {shown}"),
        )),
        Ok(meta) if meta.uid() != current_uid() => out.push(Check::fail(
            "config privacy",
            crate::tr!(
                "doc-config-other-owner",
                file = shown.to_string(),
                uid = meta.uid().to_string()
            ),
            format!("chown $(id -u) {shown}"),
        )),
        Ok(_) => out.push(Check::ok("config privacy", crate::tr!("doc-config-private"))),
        Err(e) => out.push(Check::fail(
            "config privacy",
            crate::tr!(
                "doc-cannot-read-mode",
                file = shown.to_string(),
                error = e.to_string()
            ),
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
            crate::tr!("doc-no-database", dir = shown.to_string()),
            crate::tr!("doc-fix-no-database"),
        ));
        return None;
    }
    match Store::open_waiting(dir, Duration::from_millis(300)) {
        Ok(store) => {
            match store.schema_version() {
                Ok(v) if v == SCHEMA_VERSION => out.push(Check::ok(
                    "database",
                    crate::tr!(
                        "doc-database-ok",
                        dir = shown.to_string(),
                        version = v.to_string()
                    ),
                )),
                Ok(v) => out.push(Check::fail(
                    "database",
                    crate::tr!(
                        "doc-database-schema",
                        dir = shown.to_string(),
                        version = v.to_string(),
                        ours = SCHEMA_VERSION.to_string()
                    ),
                    crate::tr!("doc-fix-schema"),
                )),
                Err(e) => out.push(Check::fail(
                    "database",
                    format!("{shown}: {e}"),
                    crate::tr!("doc-fix-restore"),
                )),
            }
            Some(store)
        }
        Err(StoreError::Locked { .. }) => {
            let holder = lock_holder(&dir.join("db"));
            let who = match &holder {
                Some((pid, cmd)) => crate::tr!("doc-process", pid = pid.to_string(), cmd = cmd),
                None => crate::tr!("doc-another-process"),
            };
            let stop = match &holder {
                Some((pid, _)) => crate::tr!("doc-stop-process", pid = pid.to_string()),
                None => crate::tr!("doc-stop-other"),
            };
            out.push(Check::fail(
                "database",
                crate::tr!("doc-database-locked", dir = shown.to_string(), who = who),
                crate::tr!("doc-fix-locked", stop = stop),
            ));
            None
        }
        Err(e) => {
            out.push(Check::fail(
                "database",
                e.to_string(),
                crate::tr!("doc-fix-database-dir"),
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
        Ok(_file) => Check::ok("logs", crate::tr!("doc-logs-ok", dir = shown.to_string())),
        Err(e) => Check::fail(
            "logs",
            crate::tr!("doc-logs-unwritable", dir = shown.to_string(), error = e),
            crate::tr!("doc-fix-logs", dir = shown.to_string()),
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
        return Check::skip(name, crate::tr!("doc-no-shops"));
    }
    let Some(config) = config else {
        return Check::skip(name, crate::tr!("doc-config-broken"));
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
            _ => missing.push(crate::tr!("doc-missing-esm", shops = names(&esm))),
        }
    }
    let grip = on(&[Site::Grip]);
    if !grip.is_empty() {
        match &config.grip {
            Some(g) if !g.service_id.trim().is_empty() => present.push("[grip]"),
            _ => missing.push(crate::tr!("doc-missing-grip", shops = names(&grip))),
        }
    }
    let renewing: Vec<&Shop> = shops
        .iter()
        .filter(|s| s.site == Site::Qoo10 && s.options.auto_renew_key)
        .collect();
    if !renewing.is_empty() {
        match &config.qoo10 {
            Some(q) if q.renew_user_id.is_some() && q.renew_password.is_some() => present.push("[qoo10]"),
            _ => missing.push(crate::tr!("doc-missing-qoo10", shops = names(&renewing))),
        }
    }
    if missing.is_empty() {
        let detail = if present.is_empty() {
            crate::tr!("doc-keys-none-needed")
        } else {
            crate::tr!("doc-keys-present", keys = present.join(", "))
        };
        Check::ok(name, detail)
    } else {
        Check::fail(
            name,
            crate::tr!("doc-keys-missing", keys = missing.join("; ")),
            crate::tr!(
                "doc-fix-keys",
                file = paths.config_file.display().to_string(),
                example = config_example()
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
        return Check::skip(name, crate::tr!("doc-clock-no-shops"));
    }
    let client = match reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
    {
        Ok(c) => c,
        Err(e) => return Check::skip(name, crate::tr!("doc-no-http-client", error = e.to_string())),
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
                    None => unreachable.push(crate::tr!("doc-no-date-header", origin = o.as_str())),
                }
            }
            Err(_) => unreachable.push(o.clone()),
        }
    }
    let Some((worst_at, worst)) = seen.iter().max_by_key(|(_, off)| off.abs()).cloned() else {
        return Check::skip(
            name,
            crate::tr!("doc-no-site-answered", sites = unreachable.join(", ")),
        );
    };
    let mut detail = if worst.abs() > CLOCK_LIMIT_SECS {
        let key = if worst > 0 {
            "doc-clock-behind"
        } else {
            "doc-clock-ahead"
        };
        crate::tr!(key, span = span(worst.abs()), site = worst_at.as_str())
    } else {
        crate::tr!("doc-clock-ok", span = span(worst.abs().max(1)), n = seen.len())
    };
    if !unreachable.is_empty() {
        detail.push_str(&format!(
            "; {}",
            crate::tr!("doc-not-reached", sites = unreachable.join(", "))
        ));
    }
    if worst.abs() > CLOCK_LIMIT_SECS {
        Check::fail(name, detail, crate::tr!("doc-fix-clock"))
    } else {
        Check::ok(name, detail)
    }
}

/// `15 min` / `42 s`.
fn span(secs: i64) -> String {
    if secs >= 120 {
        crate::tr!("doc-span-min", n = (secs + 30) / 60)
    } else {
        crate::tr!("doc-span-s", n = secs)
    }
}

/// Each shop's connection test, run side by side, each within `timeout`.
async fn connection_checks(shops: &[Shop], config: Config, timeout: Duration) -> Vec<Check> {
    if shops.is_empty() {
        return vec![Check::skip("shops", crate::tr!("doc-no-shops"))];
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
                crate::tr!("doc-no-http-client", error = e.to_string()),
                crate::tr!("doc-fix-tls"),
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
                    crate::tr!("doc-shop-ok", site = shop.site.slug(), message = r.message),
                ),
                Ok(Err(e)) => Check::fail(
                    name,
                    format!("{}: {e}", shop.site.slug()),
                    connection_fix(shop, &e),
                ),
                Err(_) => Check::fail(
                    name,
                    crate::tr!(
                        "doc-shop-timeout",
                        site = shop.site.slug(),
                        secs = timeout.as_secs()
                    ),
                    crate::tr!(
                        "doc-fix-network",
                        url = market::base_url(shop),
                        shop = shop.name.as_str()
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
        MarketError::Auth { .. } => crate::tr!("doc-fix-auth", shop = n.as_str()),
        MarketError::KeyExpired { .. } => crate::tr!("doc-fix-key-expired", shop = n.as_str()),
        MarketError::Config { .. } => crate::tr!("doc-fix-missing-setting", example = config_example()),
        MarketError::RateLimited { .. } => crate::tr!("doc-fix-rate-limited", shop = n.as_str()),
        _ => crate::tr!("doc-fix-network", url = market::base_url(shop), shop = n.as_str()),
    }
}

/// Pending and failed pushes, open mismatches.
fn outbox_checks(store: &Store) -> Vec<Check> {
    let mut out = Vec::new();
    let pending = store.pending_push_count();
    match store.failed_push_count() {
        Ok(0) if pending == 0 => out.push(Check::ok("pushes", crate::tr!("doc-pushes-ok"))),
        Ok(failed) => {
            let mut parts = Vec::new();
            let mut fixes = Vec::new();
            if failed > 0 {
                parts.push(crate::tr!("doc-pushes-failed", n = failed));
                fixes.push(crate::tr!("doc-fix-pushes-failed"));
            }
            if pending > 0 {
                parts.push(crate::tr!("doc-pushes-pending", n = pending));
                fixes.push(crate::tr!("doc-fix-pushes-pending"));
            }
            out.push(Check::fail("pushes", parts.join(", "), fixes.join("; ")));
        }
        Err(e) => out.push(Check::fail(
            "pushes",
            crate::tr!("doc-cannot-count-pushes", error = e.to_string()),
            crate::tr!("doc-fix-pushes-list"),
        )),
    }
    match store.mismatch_count() {
        Ok(0) => out.push(Check::ok("mismatches", crate::tr!("doc-mismatches-ok"))),
        Ok(n) => out.push(Check::fail(
            "mismatches",
            crate::tr!("doc-mismatches", n = n),
            crate::tr!("doc-fix-mismatches"),
        )),
        Err(e) => out.push(Check::fail(
            "mismatches",
            crate::tr!("doc-cannot-count-mismatches", error = e.to_string()),
            crate::tr!("doc-fix-sku-export"),
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
