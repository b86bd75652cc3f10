//! What the store does when the last handle of a process closes it: after much writing, it opens
//! the database once more so that sled writes a fresh snapshot, and the next start does not
//! replay the whole log.
//!
//! sled 0.34 takes a snapshot only while it opens a database (`read_snapshot_or_default` replays
//! the log written since the last snapshot and then writes a new one; the `snapshot_after_ops`
//! setting is accepted and ignored). A process that wrote a million orders therefore left the
//! next start ~1.3 s of replay; paying it at close, after the terminal is restored, is what a
//! user does not see. A process that is killed leaves the log as it is, and the next open
//! replays it as before.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Records written by this process after which closing takes a snapshot.
pub const SNAPSHOT_AFTER_WRITES: u64 = 20_000;

/// How long closing waits for sled to let go of the database's lock before giving up.
const LOCK_WAIT: Duration = Duration::from_secs(2);

/// Shared by every clone of a `Store`; dropped with the last one, after the database handles.
#[derive(Debug)]
pub struct Closing {
    dir: PathBuf,
    written: AtomicU64,
    after: u64,
}

impl Closing {
    /// For the database in `dir`, nothing written yet.
    pub fn new(dir: PathBuf) -> Closing {
        Closing {
            dir,
            written: AtomicU64::new(0),
            after: SNAPSHOT_AFTER_WRITES,
        }
    }

    /// Counts records written.
    pub fn wrote(&self, records: u64) {
        self.written.fetch_add(records, Ordering::Relaxed);
    }

    /// Records written since the store was opened.
    pub fn written(&self) -> u64 {
        self.written.load(Ordering::Relaxed)
    }
}

impl Drop for Closing {
    fn drop(&mut self) {
        let written = self.written();
        if written < self.after {
            return;
        }
        let t = Instant::now();
        let deadline = t + LOCK_WAIT;
        loop {
            match sled::Config::new().path(&self.dir).open() {
                Ok(db) => {
                    drop(db);
                    if let Err(e) = super::dir::restrict_sled_files(&self.dir) {
                        tracing::warn!(dir = %self.dir.display(), error = %e, "snapshot file left as created");
                    }
                    tracing::info!(
                        dir = %self.dir.display(),
                        written,
                        ms = t.elapsed().as_millis() as u64,
                        "store closed with a fresh snapshot"
                    );
                    return;
                }
                Err(sled::Error::Io(e))
                    if e.to_string().contains("could not acquire lock") && Instant::now() < deadline =>
                {
                    std::thread::sleep(Duration::from_millis(25));
                }
                Err(e) => {
                    // Nothing is lost: the next open replays the log instead.
                    tracing::warn!(dir = %self.dir.display(), error = %e, "no snapshot taken at close");
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::Store;

    /// The newest snapshot's log position, from sled's `snap.<LSN in hex>` file names.
    fn newest_snapshot(dir: &Path) -> Option<u64> {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                u64::from_str_radix(name.strip_prefix("snap.")?, 16).ok()
            })
            .max()
    }

    /// A new database in `dir`, opened again with a snapshot threshold of `after` writes, and its
    /// newest snapshot as that open left it.
    fn reopened(dir: &Path, after: u64) -> (Store, Option<u64>) {
        drop(Store::open(dir).unwrap());
        let mut store = Store::open(dir).unwrap();
        std::sync::Arc::get_mut(&mut store.closing).unwrap().after = after;
        (store, newest_snapshot(dir))
    }

    fn write_records(store: &Store, n: usize) {
        for i in 0..n {
            store.meta_put(&format!("k{i}"), &[0u8; 64]).unwrap();
        }
        store.wrote(n as u64);
        store.flush().unwrap();
    }

    #[test]
    fn closing_after_many_writes_leaves_a_snapshot_of_them() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("db");
        let (store, before) = reopened(&dir, 100);
        write_records(&store, 500);
        drop(store);
        let after = newest_snapshot(&dir).expect("a snapshot after close");
        assert!(before.is_none_or(|b| after > b), "{before:?} → {after}");
        // The database opens with everything in it.
        let store = Store::open(&dir).unwrap();
        assert!(store.meta_get("k499").unwrap().is_some());
    }

    #[test]
    fn closing_after_few_writes_leaves_the_log_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("db");
        let (store, before) = reopened(&dir, 1_000);
        write_records(&store, 50);
        drop(store);
        assert_eq!(newest_snapshot(&dir), before);
    }

    #[test]
    fn a_clone_still_open_keeps_the_store_from_closing() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("db");
        let (store, before) = reopened(&dir, 10);
        let other = store.clone();
        write_records(&store, 100);
        drop(store);
        assert_eq!(newest_snapshot(&dir), before, "closed while a clone was open");
        assert!(other.meta_get("k99").unwrap().is_some());
        drop(other);
        assert!(newest_snapshot(&dir) > before);
    }
}
