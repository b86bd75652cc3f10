//! Where the engine's socket lives, and making it: a directory only the service's user and one
//! group may enter (0750), the socket 0660. A stale socket left by a dead engine is replaced;
//! anything else at the path is left alone and reported.

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::config::EngineConfig;

/// The socket path: `--socket`, then `SHIPDECK_SOCKET`, then `[engine] socket`, then the default.
pub fn socket_path(flag: Option<&Path>, config: &EngineConfig) -> PathBuf {
    if let Some(p) = flag {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os("SHIPDECK_SOCKET").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    if let Some(p) = &config.socket {
        return p.clone();
    }
    default_path()
}

/// `$XDG_RUNTIME_DIR/shipdeck/engine.sock`; `/run/shipdeck/engine.sock` for root without a
/// runtime directory (the system service); else `/tmp/shipdeck-UID/engine.sock`.
pub fn default_path() -> PathBuf {
    if let Some(d) = std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(d).join("shipdeck").join("engine.sock");
    }
    match crate::identity::current_uid() {
        Some(0) => PathBuf::from("/run/shipdeck/engine.sock"),
        Some(uid) => PathBuf::from(format!("/tmp/shipdeck-{uid}/engine.sock")),
        None => PathBuf::from("/tmp/shipdeck/engine.sock"),
    }
}

fn io_err(path: &Path, what: &str, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{what} {}: {e}", path.display()))
}

/// Creates (or checks) the socket's directory: ours, not a symlink, 0750, group `group` when
/// given. Returns the gid given to the directory and socket.
pub fn prepare_dir(dir: &Path, group: Option<&str>) -> std::io::Result<Option<u32>> {
    let gid = match group {
        Some(g) => Some(super::roles::group_gid(g).ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("[engine] socket_group: no group named `{g}`"),
            )
        })?),
        None => None,
    };
    match std::fs::symlink_metadata(dir) {
        Ok(m) => {
            if !m.is_dir() {
                return Err(std::io::Error::other(format!(
                    "{} is not a directory; the socket cannot go there",
                    dir.display()
                )));
            }
            if Some(m.uid()) != crate::identity::current_uid() {
                return Err(std::io::Error::other(format!(
                    "{} belongs to uid {}, not to this user; the socket cannot go there",
                    dir.display(),
                    m.uid()
                )));
            }
        }
        Err(_) => {
            std::fs::create_dir_all(dir).map_err(|e| io_err(dir, "cannot create", e))?;
        }
    }
    if let Some(g) = gid {
        std::os::unix::fs::chown(dir, None, Some(g))
            .map_err(|e| io_err(dir, "cannot set the group of", e))?;
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o750))
        .map_err(|e| io_err(dir, "cannot set the mode of", e))?;
    Ok(gid)
}

/// True when an engine answers at `path`.
pub async fn answers(path: &Path) -> bool {
    tokio::net::UnixStream::connect(path).await.is_ok()
}

/// Binds the socket: the directory prepared, a stale socket removed, the socket 0660 with the
/// group. Fails when another engine answers there.
pub async fn bind(path: &Path, group: Option<&str>) -> std::io::Result<tokio::net::UnixListener> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let gid = prepare_dir(dir, group)?;
    if let Ok(m) = std::fs::symlink_metadata(path) {
        if !m.file_type().is_socket() {
            return Err(std::io::Error::other(format!(
                "{} exists and is not a socket; shipdeck leaves it alone",
                path.display()
            )));
        }
        if answers(path).await {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AddrInUse,
                format!("an engine already answers at {}", path.display()),
            ));
        }
        std::fs::remove_file(path).map_err(|e| io_err(path, "cannot remove the stale socket", e))?;
    }
    let listener = tokio::net::UnixListener::bind(path).map_err(|e| io_err(path, "cannot listen on", e))?;
    if let Some(g) = gid {
        std::os::unix::fs::chown(path, None, Some(g))
            .map_err(|e| io_err(path, "cannot set the group of", e))?;
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660))
        .map_err(|e| io_err(path, "cannot set the mode of", e))?;
    Ok(listener)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_socket_is_0660_in_a_0750_dir_and_a_stale_one_is_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("run").join("engine.sock");
        let l = bind(&path, None).await.unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o660);
        assert_eq!(mode(path.parent().unwrap()), 0o750);
        // A second engine is refused while the first answers.
        let e = bind(&path, None).await.unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AddrInUse, "{e}");
        drop(l);
        // The first is gone: its socket file is stale and replaced.
        let _l2 = bind(&path, None).await.unwrap();
        // A file that is not a socket is left alone.
        let other = tmp.path().join("run").join("notes.txt");
        std::fs::write(&other, "x").unwrap();
        assert!(bind(&other, None).await.is_err());
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "x");
        assert!(bind(&tmp.path().join("run2/e.sock"), Some("no-such-group-here"))
            .await
            .is_err());
    }
}
