//! Logging to a file of the process's own (the terminal is the UI): one file per process, named
//! with its start time and pid, opened with create-new so no process truncates another's log.

use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// Keeps the log writer alive; drop it last so buffered lines reach the file.
pub struct LogGuard {
    _guard: WorkerGuard,
    /// The file this process logs to.
    pub path: PathBuf,
}

/// Log files older than this are removed when a new process starts.
const KEEP_LOGS_FOR: Duration = Duration::from_secs(14 * 24 * 3600);

/// Starts logging to a new file in `dir`. `level` is a tracing filter; `SHIPDECK_LOG` overrides it.
pub fn init(dir: &Path, label: &str, level: &str) -> std::io::Result<LogGuard> {
    crate::store::ensure_private_dir(dir).map_err(std::io::Error::other)?;
    prune(dir);
    let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    let path = dir.join(format!("shipdeck-{label}-{stamp}-{}.log", std::process::id()));
    let file = OpenOptions::new().write(true).create_new(true).open(&path)?;
    let (writer, guard) = tracing_appender::non_blocking(file);
    let filter = EnvFilter::try_from_env("SHIPDECK_LOG")
        .or_else(|_| EnvFilter::try_new(level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    // A second init in one process (tests) keeps the first subscriber; that is fine.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init();
    tracing::info!(
        pid = std::process::id(),
        version = env!("CARGO_PKG_VERSION"),
        "shipdeck {label} started"
    );
    Ok(LogGuard { _guard: guard, path })
}

fn prune(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with("shipdeck-") && name.ends_with(".log")) {
            continue;
        }
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > KEEP_LOGS_FOR);
        if old {
            let _ = fs::remove_file(e.path());
        }
    }
}
