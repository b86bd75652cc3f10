//! The data directory: shipdeck takes a directory that is missing, empty or its own database,
//! owned by the user running it; it makes private only what it (through sled) creates there, and
//! never changes anything through a symbolic link.

use std::fs;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::StoreError;

/// What was found at the data directory's path before sled opened it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// Nothing: shipdeck creates the directory.
    Missing,
    /// An empty directory.
    Empty,
    /// A directory holding a sled database (its `conf` and `db` files).
    Database,
}

/// The files and directories sled keeps in a database directory.
fn is_sled_entry(name: &str) -> bool {
    matches!(name, "conf" | "db" | "blobs") || name.starts_with("snap.")
}

fn refused(path: &Path, reason: String) -> StoreError {
    StoreError::NotOurs {
        path: path.to_path_buf(),
        reason,
    }
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> StoreError + 'a {
    move |source| StoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Refuses a directory owned by someone other than `me` (the effective uid of this process).
pub fn check_owner(path: &Path, owner: u32, me: u32) -> Result<(), StoreError> {
    if owner == me {
        Ok(())
    } else {
        Err(refused(
            path,
            format!(
                "it is owned by uid {owner}, not by the user running shipdeck (uid {me}); \
                 shipdeck opens only a database of its own user"
            ),
        ))
    }
}

/// The effective uid of this process.
pub fn effective_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// Looks at `dir` before anything is written there; `dir` is the path as given and the
/// returned path is the directory to use (a symbolic link in the last component is resolved
/// once, so nothing later goes through it).
pub(crate) fn inspect(dir: &Path, me: u32) -> Result<(PathBuf, Found), StoreError> {
    let meta = match fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((dir.to_path_buf(), Found::Missing)),
        Err(e) => return Err(io("cannot inspect", dir)(e)),
    };
    let (real, meta) = if meta.file_type().is_symlink() {
        let real = fs::canonicalize(dir).map_err(io("cannot resolve the symbolic link", dir))?;
        let meta = fs::symlink_metadata(&real).map_err(io("cannot inspect", &real))?;
        (real, meta)
    } else {
        (dir.to_path_buf(), meta)
    };
    if !meta.is_dir() {
        return Err(refused(&real, "it is not a directory".into()));
    }
    check_owner(&real, meta.uid(), me)?;
    let mut names = Vec::new();
    for entry in fs::read_dir(&real).map_err(io("cannot list", &real))? {
        let entry = entry.map_err(io("cannot list", &real))?;
        names.push((
            entry.file_name().to_string_lossy().into_owned(),
            entry.file_type().ok(),
        ));
    }
    if names.is_empty() {
        return Ok((real, Found::Empty));
    }
    let regular = |want: &str| {
        names
            .iter()
            .any(|(n, t)| n == want && t.is_some_and(|t| t.is_file()))
    };
    if regular("conf") && regular("db") {
        return Ok((real, Found::Database));
    }
    names.sort_by(|a, b| a.0.cmp(&b.0));
    let shown: Vec<&str> = names.iter().take(3).map(|(n, _)| n.as_str()).collect();
    Err(refused(
        &real,
        format!(
            "it is not empty and is not a shipdeck database (it holds {}{}); shipdeck keeps its \
             database in a directory of its own and touches nothing else: give --data-dir a new \
             or empty directory",
            shown.join(", "),
            if names.len() > shown.len() { ", …" } else { "" }
        ),
    ))
}

/// Creates `dir` and any missing parents, each 0700 (they are new, so they are shipdeck's).
pub fn create_private(dir: &Path) -> Result<(), StoreError> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(io("cannot create directory", dir))?;
    set_mode_nofollow(dir, 0o700)
}

/// Creates `dir` 0700 when it is missing; an existing directory is left as it is.
pub fn ensure_private_dir(dir: &Path) -> Result<(), StoreError> {
    match fs::symlink_metadata(dir) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create_private(dir),
        Err(e) => Err(io("cannot inspect", dir)(e)),
    }
}

/// Sets the mode of `path` through a descriptor opened without following a symbolic link (a
/// link there is an error, never a way out).
fn set_mode_nofollow(path: &Path, mode: u32) -> Result<(), StoreError> {
    let f = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(io("cannot open (without following links)", path))?;
    let meta = f.metadata().map_err(io("cannot inspect", path))?;
    if meta.permissions().mode() & 0o777 != mode {
        f.set_permissions(fs::Permissions::from_mode(mode))
            .map_err(io("cannot restrict permissions of", path))?;
    }
    Ok(())
}

/// Makes sled's own entries in `dir` private (files 0600, its `blobs` directory 0700 with the
/// files in it 0600); anything else, and every symbolic link, is left alone.
pub(crate) fn restrict_sled_files(dir: &Path) -> Result<(), StoreError> {
    for entry in fs::read_dir(dir).map_err(io("cannot list", dir))?.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(is_sled_entry) {
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_file() {
            set_mode_nofollow(&path, 0o600)?;
        } else if kind.is_dir() {
            set_mode_nofollow(&path, 0o700)?;
            for inner in fs::read_dir(&path).map_err(io("cannot list", &path))?.flatten() {
                if inner.file_type().is_ok_and(|t| t.is_file()) {
                    set_mode_nofollow(&inner.path(), 0o600)?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_users_directory_is_refused_naming_both_uids() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(check_owner(tmp.path(), 1000, 1000).is_ok());
        let err = check_owner(tmp.path(), 65534, 1000).unwrap_err().to_string();
        assert!(err.contains("uid 65534") && err.contains("uid 1000"), "{err}");
        assert!(err.contains(&tmp.path().display().to_string()), "{err}");
        // inspect compares with the uid it is given, not only with the process's own.
        let me = fs::metadata(tmp.path()).unwrap().uid();
        assert!(inspect(tmp.path(), me).is_ok());
        let err = inspect(tmp.path(), me.wrapping_add(1)).unwrap_err();
        assert!(matches!(err, StoreError::NotOurs { .. }), "{err}");
    }

    #[test]
    fn a_file_or_a_foreign_directory_is_refused_and_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let me = effective_uid();
        let file = tmp.path().join("f");
        fs::write(&file, "x").unwrap();
        let err = inspect(&file, me).unwrap_err().to_string();
        assert!(err.contains("not a directory"), "{err}");
        let err = inspect(tmp.path(), me).unwrap_err().to_string();
        assert!(
            err.contains("not a shipdeck database") && err.contains("holds f"),
            "{err}"
        );
        assert_eq!(inspect(&tmp.path().join("new"), me).unwrap().1, Found::Missing);
    }

    #[test]
    fn modes_are_never_set_through_a_symbolic_link() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        fs::create_dir(&outside).unwrap();
        fs::set_permissions(&outside, fs::Permissions::from_mode(0o755)).unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        assert!(set_mode_nofollow(&link, 0o700).is_err());
        let db = tmp.path().join("db");
        fs::create_dir(&db).unwrap();
        fs::write(db.join("conf"), "").unwrap();
        std::os::unix::fs::symlink(&outside, db.join("blobs")).unwrap();
        std::os::unix::fs::symlink(&outside, db.join("snap.0001")).unwrap();
        restrict_sled_files(&db).unwrap();
        assert_eq!(
            fs::metadata(&outside).unwrap().permissions().mode() & 0o777,
            0o755
        );
        assert_eq!(
            fs::metadata(db.join("conf")).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}
