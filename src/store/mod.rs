//! The sled store: trees, key encoding, multi-tree transactions for records with their indexes
//! and counters, schema version, and the queries the dashboard and CLI need.

pub mod audit;
pub mod catalogue;
pub mod change;
mod closing;
pub mod codec;
pub mod dir;
pub mod keys;
pub mod orders;
pub mod pushes;
pub mod search;
pub mod shops;
pub mod verify;
pub mod walk;

use std::path::{Path, PathBuf};

use sled::transaction::TransactionError;

pub use change::{Applied, Change};
pub use orders::{MismatchRow, OrderPage, OrderQuery, OrderSort, OrderSortKey};
pub use search::{SearchHits, SearchQuery};

/// The schema this build writes and reads. Version 2 added the `search` tree (built from the
/// orders when a version-1 database is opened).
pub const SCHEMA_VERSION: u32 = 2;

const META_SCHEMA: &[u8] = b"schema_version";

/// sled's page cache in MiB by default: at 1,000,000 orders a whole-tab search reads ~150 MB of
/// index pages; with 64 MiB every search pulled and decoded them from the log again (p50 668 ms
/// at 400,000 orders), with 256 MiB 441 ms (the process then peaks near 390 MB instead of 220).
const SLED_CACHE_MB: u64 = 256;

/// sled's page cache in bytes (`SHIPDECK_SLED_CACHE_MB` overrides the default, 16 MiB at least).
fn sled_cache_bytes() -> u64 {
    let mb = std::env::var("SHIPDECK_SLED_CACHE_MB")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map_or(SLED_CACHE_MB, |mb| mb.clamp(16, 64 * 1024));
    mb * 1024 * 1024
}

/// Everything that can go wrong in the store, with the path or record it concerns.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// sled itself failed.
    #[error("database error: {0}")]
    Sled(#[from] sled::Error),
    /// Another process has the database open.
    #[error(
        "the database at {path} is in use by another shipdeck process (sled allows one process per database)"
    )]
    Locked {
        /// The data directory.
        path: PathBuf,
    },
    /// The data directory is not one shipdeck may take (not empty and not its database,
    /// another user's, not a directory).
    #[error("refusing the data directory {path}: {reason}")]
    NotOurs {
        /// The directory.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A file-system operation failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// On what.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// The database was written by a newer shipdeck.
    #[error("the database at {path} has schema version {found}, newer than this shipdeck supports ({supported}); upgrade shipdeck or point --data-dir elsewhere")]
    NewerSchema {
        /// The data directory.
        path: PathBuf,
        /// The version found.
        found: u32,
        /// The version this build supports.
        supported: u32,
    },
    /// A stored value could not be read.
    #[error("unreadable record in tree `{tree}`: {source}")]
    Decode {
        /// The tree.
        tree: &'static str,
        /// Why.
        source: codec::CodecError,
    },
    /// A stored key could not be read.
    #[error("unreadable key in tree `{tree}`: {source}")]
    Key {
        /// The tree.
        tree: &'static str,
        /// Why.
        source: keys::KeyError,
    },
    /// A value could not be encoded.
    #[error("cannot encode a record: {0}")]
    Encode(codec::CodecError),
    /// The request conflicts with what is stored (e.g. a shop name already taken).
    #[error("{0}")]
    Conflict(String),
}

impl From<TransactionError<StoreError>> for StoreError {
    fn from(e: TransactionError<StoreError>) -> Self {
        match e {
            TransactionError::Abort(inner) => inner,
            TransactionError::Storage(s) => StoreError::Sled(s),
        }
    }
}

/// The open database and its trees.
#[derive(Clone)]
pub struct Store {
    path: PathBuf,
    db: sled::Db,
    pub(crate) shops: sled::Tree,
    pub(crate) orders: sled::Tree,
    pub(crate) by_status: sled::Tree,
    pub(crate) counters: sled::Tree,
    pub(crate) mismatches: sled::Tree,
    pub(crate) skus: sled::Tree,
    pub(crate) mappings: sled::Tree,
    pub(crate) pushes: sled::Tree,
    pub(crate) outbox: sled::Tree,
    pub(crate) push_log: sled::Tree,
    pub(crate) audit: sled::Tree,
    pub(crate) meta: sled::Tree,
    pub(crate) search: sled::Tree,
    /// Last, so that it is dropped after the database handles: a snapshot at close.
    closing: std::sync::Arc<closing::Closing>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

pub use dir::{check_owner, ensure_private_dir};

impl Store {
    /// Opens (or creates) the database in `dir`: directory 0700, files 0600, schema checked.
    /// A lock held by a process that is just letting go (sled releases it shortly after the
    /// database is dropped) is waited for up to 2 s; a lock still held then is an error.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Store::open_waiting(dir, std::time::Duration::from_secs(2))
    }

    /// Opens the database, waiting up to `wait` for another holder of its lock to let go.
    pub fn open_waiting(dir: &Path, wait: std::time::Duration) -> Result<Store, StoreError> {
        let deadline = std::time::Instant::now() + wait;
        loop {
            match Store::open_once(dir) {
                Err(StoreError::Locked { .. }) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                other => return other,
            }
        }
    }

    fn open_once(given: &Path) -> Result<Store, StoreError> {
        let (dir, found) = dir::inspect(given, dir::effective_uid())?;
        let dir = dir.as_path();
        if found == dir::Found::Missing {
            dir::create_private(dir)?;
        }
        let db = sled::Config::new()
            .path(dir)
            .cache_capacity(sled_cache_bytes())
            .flush_every_ms(Some(500))
            .open()
            .map_err(|e| match e {
                sled::Error::Io(ref io) if io.to_string().contains("could not acquire lock") => {
                    StoreError::Locked {
                        path: dir.to_path_buf(),
                    }
                }
                other => StoreError::Sled(other),
            })?;
        dir::restrict_sled_files(dir)?;
        let tree = |name: &str| db.open_tree(name);
        let store = Store {
            path: given.to_path_buf(),
            shops: tree("shops")?,
            orders: tree("orders")?,
            by_status: tree("orders_by_status")?,
            counters: tree("counters")?,
            mismatches: tree("mismatches")?,
            skus: tree("skus")?,
            mappings: tree("mappings")?,
            pushes: tree("pushes")?,
            outbox: tree("outbox")?,
            push_log: tree("push_log")?,
            audit: tree("audit")?,
            meta: tree("meta")?,
            search: tree("search")?,
            db,
            closing: std::sync::Arc::new(closing::Closing::new(dir.to_path_buf())),
        };
        store.check_schema(found == dir::Found::Database)?;
        Ok(store)
    }

    /// Records the schema version in a new database; `existing` says the directory held a sled
    /// database before: one without shipdeck's version and with data in it is someone else's.
    fn check_schema(&self, existing: bool) -> Result<(), StoreError> {
        match self.meta.get(META_SCHEMA)? {
            None => {
                if existing && self.holds_data()? {
                    return Err(StoreError::NotOurs {
                        path: self.path.clone(),
                        reason: "it holds a sled database that shipdeck did not write (no shipdeck schema version)".into(),
                    });
                }
                self.meta.insert(META_SCHEMA, &SCHEMA_VERSION.to_be_bytes())?;
                self.db.flush()?;
                Ok(())
            }
            Some(v) => {
                let found = <[u8; 4]>::try_from(v.as_ref())
                    .map(u32::from_be_bytes)
                    .map_err(|_| {
                        StoreError::Conflict(format!(
                            "the schema version in {} is unreadable",
                            self.path.display()
                        ))
                    })?;
                if found > SCHEMA_VERSION {
                    Err(StoreError::NewerSchema {
                        path: self.path.clone(),
                        found,
                        supported: SCHEMA_VERSION,
                    })
                } else if found < 2 {
                    self.migrate_to_2()
                } else {
                    Ok(())
                }
            }
        }
    }

    fn holds_data(&self) -> Result<bool, StoreError> {
        if !self.db.is_empty() {
            return Ok(true);
        }
        for name in self.db.tree_names() {
            if !self.db.open_tree(&name)?.is_empty() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Version 1 → 2: builds the search index from the orders, then records the new version (a
    /// crash in between builds it again at the next open).
    fn migrate_to_2(&self) -> Result<(), StoreError> {
        let t = std::time::Instant::now();
        self.search.clear()?;
        let unreadable = self.build_search_index()?;
        self.set_schema_version(2)?;
        self.db.flush()?;
        tracing::info!(
            path = %self.path.display(),
            ms = t.elapsed().as_millis() as u64,
            unreadable,
            "store migrated to schema version 2 (search index built)"
        );
        Ok(())
    }

    /// The schema version recorded in the database.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        let v = self
            .meta
            .get(META_SCHEMA)?
            .ok_or_else(|| StoreError::Conflict("no schema version recorded".into()))?;
        <[u8; 4]>::try_from(v.as_ref())
            .map(u32::from_be_bytes)
            .map_err(|_| StoreError::Conflict("unreadable schema version".into()))
    }

    /// Writes a schema version (used by migrations and by tests of the refusal).
    pub fn set_schema_version(&self, v: u32) -> Result<(), StoreError> {
        self.meta.insert(META_SCHEMA, &v.to_be_bytes())?;
        Ok(())
    }

    /// The data directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Counts records written by this process (a snapshot is taken at close after many).
    pub(crate) fn wrote(&self, records: u64) {
        self.closing.wrote(records);
    }

    /// Makes everything written so far durable (fsync).
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        Ok(())
    }

    /// A value of the `meta` tree (cursors and the like).
    pub fn meta_get(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.meta.get(key.as_bytes())?.map(|v| v.to_vec()))
    }

    /// Sets a value of the `meta` tree.
    pub fn meta_put(&self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        self.meta.insert(key.as_bytes(), value)?;
        Ok(())
    }

    /// A fresh unique id (monotonic across restarts).
    pub fn next_id(&self) -> Result<u64, StoreError> {
        Ok(self.db.generate_id()?)
    }
}

pub(crate) fn decode_in<T: serde::de::DeserializeOwned>(
    tree: &'static str,
    bytes: &[u8],
) -> Result<T, StoreError> {
    codec::decode(bytes).map_err(|source| StoreError::Decode { tree, source })
}

pub(crate) fn encode_value<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    codec::encode(value).map_err(StoreError::Encode)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_folder_of_other_things_is_refused_and_nothing_in_it_or_beyond_changes() {
        let tmp = tempfile::tempdir().unwrap();
        let folder = tmp.path().join("projects");
        let outside = tmp.path().join("elsewhere");
        fs::create_dir_all(folder.join("bin")).unwrap();
        fs::create_dir(&outside).unwrap();
        fs::write(folder.join("bin/run.sh"), "#!/bin/sh\n").unwrap();
        fs::set_permissions(folder.join("bin/run.sh"), fs::Permissions::from_mode(0o755)).unwrap();
        fs::set_permissions(&outside, fs::Permissions::from_mode(0o755)).unwrap();
        fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).unwrap();
        std::os::unix::fs::symlink(&outside, folder.join("link")).unwrap();
        let err = Store::open(&folder).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, StoreError::NotOurs { .. }), "{msg}");
        assert!(msg.contains(&folder.display().to_string()), "{msg}");
        assert!(msg.contains("not a shipdeck database"), "{msg}");
        assert_eq!(mode(&folder.join("bin/run.sh")), 0o755);
        assert_eq!(mode(&folder.join("bin")) & 0o700, 0o700);
        assert_eq!(mode(&folder), 0o755);
        assert_eq!(mode(&outside), 0o755);
        assert!(!folder.join("conf").exists() && !folder.join("db").exists());
    }

    #[test]
    fn an_empty_folder_is_taken_and_a_symlink_to_a_database_is_resolved_once() {
        let tmp = tempfile::tempdir().unwrap();
        let empty = tmp.path().join("empty");
        fs::create_dir(&empty).unwrap();
        drop(Store::open(&empty).unwrap());
        assert!(empty.join("conf").is_file());
        assert_eq!(mode(&empty.join("conf")), 0o600);
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&empty, &link).unwrap();
        let store = Store::open_waiting(&link, std::time::Duration::from_secs(2)).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn a_sled_database_that_is_not_shipdecks_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        {
            let db = sled::open(tmp.path()).unwrap();
            db.insert(b"k", b"v").unwrap();
            db.flush().unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        let err = Store::open(tmp.path()).unwrap_err();
        assert!(err.to_string().contains("shipdeck did not write"), "{err}");
    }

    #[test]
    fn open_makes_the_directory_private_and_records_the_schema() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        let store = Store::open(&dir).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        store.flush().unwrap();
        let mode = fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        fn walk(dir: &Path) {
            for e in fs::read_dir(dir).unwrap().flatten() {
                let m = e.metadata().unwrap();
                if m.is_dir() {
                    assert_eq!(m.permissions().mode() & 0o777, 0o700, "{:?}", e.path());
                    walk(&e.path());
                } else {
                    assert_eq!(m.permissions().mode() & 0o777, 0o600, "{:?}", e.path());
                }
            }
        }
        drop(store);
        let _again = Store::open(&dir).unwrap();
        walk(&dir);
    }

    #[test]
    fn a_newer_schema_is_refused_with_a_clear_message() {
        let tmp = tempfile::tempdir().unwrap();
        {
            let store = Store::open(tmp.path()).unwrap();
            store.set_schema_version(SCHEMA_VERSION + 1).unwrap();
            store.flush().unwrap();
        }
        let err = Store::open(tmp.path()).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, StoreError::NewerSchema { .. }), "{msg}");
        assert!(msg.contains("newer than this shipdeck supports"), "{msg}");
        assert!(msg.contains(&tmp.path().display().to_string()), "{msg}");
    }

    #[test]
    fn a_second_open_of_the_same_directory_is_refused_as_locked() {
        let tmp = tempfile::tempdir().unwrap();
        let _first = Store::open(tmp.path()).unwrap();
        let err = Store::open_waiting(tmp.path(), std::time::Duration::ZERO).unwrap_err();
        assert!(matches!(err, StoreError::Locked { .. }), "{err}");
        assert!(err.to_string().contains("another shipdeck process"), "{err}");
    }
}
