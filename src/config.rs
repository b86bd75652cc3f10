//! Configuration: where things live (XDG dirs, overridable) and the TOML config file with the
//! integrator-level keys. A broken file is reported with its path, line and key.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::Secret;

/// The directories and files shipdeck uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paths {
    /// The TOML config file (may not exist).
    pub config_file: PathBuf,
    /// Whether the config file was named explicitly (then it must exist).
    pub config_explicit: bool,
    /// The sled database directory.
    pub data_dir: PathBuf,
    /// Where each process writes its own log file.
    pub log_dir: PathBuf,
}

/// A directory could not be worked out (no home directory and no override).
#[derive(Debug, thiserror::Error)]
#[error("cannot work out the {0} directory: set HOME or XDG_*_HOME, or pass --data-dir / --config")]
pub struct NoHome(&'static str);

impl Paths {
    /// Resolves the paths: explicit options first, then the XDG directories of the user.
    /// `SHIPDECK_LOG_DIR` overrides the log directory.
    pub fn resolve(config: Option<PathBuf>, data_dir: Option<PathBuf>) -> Result<Paths, NoHome> {
        let dirs = directories::ProjectDirs::from("", "", "shipdeck");
        let config_explicit = config.is_some();
        let config_file = match config {
            Some(c) => c,
            None => dirs
                .as_ref()
                .ok_or(NoHome("config"))?
                .config_dir()
                .join("config.toml"),
        };
        let data_dir = match data_dir {
            Some(d) => d,
            None => dirs.as_ref().ok_or(NoHome("data"))?.data_dir().join("db"),
        };
        let log_dir = match std::env::var_os("SHIPDECK_LOG_DIR") {
            Some(d) if !d.is_empty() => PathBuf::from(d),
            _ => {
                let d = dirs.as_ref().ok_or(NoHome("state"))?;
                d.state_dir().unwrap_or_else(|| d.data_local_dir()).join("logs")
            }
        };
        Ok(Paths {
            config_file,
            config_explicit,
            data_dir,
            log_dir,
        })
    }
}

/// ESM Plus integrator settings: the master ID (JWT `kid`) and the secret key that signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EsmConfig {
    /// ESM+ master ID.
    pub master_id: String,
    /// The HS256 key issued to the selling tool.
    pub secret_key: Secret,
}

/// Grip integrator settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GripConfig {
    /// `X-ServiceId`, issued by Grip to the integrator.
    pub service_id: String,
}

/// Qoo10 integrator settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Qoo10Config {
    /// The API key Qoo10 issues to the tool (needed to issue and renew seller keys).
    pub api_key: Secret,
    /// Deprecated and ignored: one QSM login cannot renew the keys of several sellers. Each
    /// Qoo10 shop holds its own login (`qsm_user_id` / `qsm_password`); still read so that an
    /// old config file loads, with a warning.
    #[serde(default)]
    pub renew_user_id: Option<String>,
    /// Deprecated and ignored, like `renew_user_id`.
    #[serde(default)]
    pub renew_password: Option<Secret>,
}

/// Logging settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// A tracing filter, e.g. `info` or `shipdeck=debug` (`SHIPDECK_LOG` overrides it).
    pub level: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig { level: "info".into() }
    }
}

/// `[engine]`: where the engine's socket is and which group may reach it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EngineConfig {
    /// The Unix socket (default `$XDG_RUNTIME_DIR/shipdeck/engine.sock`).
    pub socket: Option<PathBuf>,
    /// The one group besides the service's user that may enter the socket's directory.
    pub socket_group: Option<String>,
}

/// `[roles]`: who may attach to the engine, and as what. Entries are user names or `@group`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RolesConfig {
    /// May change things (the user running the engine always may).
    pub operators: Vec<String>,
    /// May read, search, filter, sort and export.
    pub support: Vec<String>,
}

/// The config file's contents. Every section is optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `[esm]`.
    pub esm: Option<EsmConfig>,
    /// `[grip]`.
    pub grip: Option<GripConfig>,
    /// `[qoo10]`.
    pub qoo10: Option<Qoo10Config>,
    /// `[log]`.
    pub log: LogConfig,
    /// `[engine]`.
    pub engine: EngineConfig,
    /// `[roles]`.
    pub roles: RolesConfig,
}

/// Why the config could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML, or has a key or value shipdeck does not know.
    #[error("config file {path}, line {line}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem (0 when unknown).
        line: usize,
        /// What is wrong, naming the key.
        message: String,
    },
}

/// A config file larger than this is refused (a full one is well under a kilobyte).
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// What loading the config found besides its values.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The config.
    pub config: Config,
    /// Things the user should hear about (e.g. a secret-holding file readable by others).
    pub warnings: Vec<String>,
}

impl Config {
    /// Parses TOML text; errors name the file, the line and the key.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
                .unwrap_or(0);
            ConfigError::Parse {
                path: path.to_path_buf(),
                line,
                message: e.message().trim().to_string(),
            }
        })
    }

    /// Loads the config file of `paths`; a missing file is an empty config unless it was named.
    pub fn load(paths: &Paths) -> Result<Loaded, ConfigError> {
        let path = &paths.config_file;
        let read_err = |source| ConfigError::Read {
            path: path.clone(),
            source,
        };
        let bytes = match fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !paths.config_explicit => {
                return Ok(Loaded::default());
            }
            Err(source) => return Err(read_err(source)),
            Ok(_) => crate::catalogue::read::read_capped(path, MAX_CONFIG_BYTES, "a config file")
                .map_err(|e| read_err(std::io::Error::other(e)))?,
        };
        let text = String::from_utf8(bytes).map_err(|_| read_err(std::io::Error::other("not UTF-8 text")))?;
        let config = Config::parse(path, &text)?;
        let mut warnings = Vec::new();
        let holds_secrets = config.esm.is_some() || config.qoo10.is_some();
        if let Ok(meta) = fs::metadata(path) {
            if holds_secrets && meta.permissions().mode() & 0o077 != 0 {
                warnings.push(format!(
                    "config file {} holds secret keys but others can read it; run: chmod 600 {}",
                    path.display(),
                    path.display()
                ));
            }
        }
        if config
            .qoo10
            .as_ref()
            .is_some_and(|q| q.renew_user_id.is_some() || q.renew_password.is_some())
        {
            warnings.push(format!(
                "config file {}: [qoo10] renew_user_id / renew_password are ignored (one login cannot \
                 renew every shop's key); give each Qoo10 shop its own login: \
                 shipdeck shops edit NAME --set qsm_user_id=… --set qsm_password=…",
                path.display()
            ));
        }
        Ok(Loaded { config, warnings })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_config_parses_and_hides_its_secrets() {
        let text = "[esm]\nmaster_id = \"master01\"\nsecret_key = \"esm-secret-0123456789\"\n\n[grip]\nservice_id = \"shipdeck\"\n\n[qoo10]\napi_key = \"qoo10-api-key-abcdefgh\"\n";
        let c = Config::parse(Path::new("c.toml"), text).unwrap();
        assert_eq!(c.esm.as_ref().unwrap().master_id, "master01");
        assert_eq!(
            c.esm.as_ref().unwrap().secret_key.expose(),
            "esm-secret-0123456789"
        );
        assert_eq!(c.log.level, "info");
        let debug = format!("{c:?}");
        assert!(
            !debug.contains("esm-secret") && !debug.contains("qoo10-api-key"),
            "{debug}"
        );
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let text = "[esm]\nmaster_id = \"m\"\nsecret_key = \"s\"\n\n[grip]\nservise_id = \"x\"\n";
        let err = Config::parse(Path::new("/etc/shipdeck.toml"), text).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("/etc/shipdeck.toml"), "{msg}");
        assert!(msg.contains("line 6"), "{msg}");
        assert!(msg.contains("servise_id"), "{msg}");

        let err =
            Config::parse(Path::new("c.toml"), "[esm]\nmaster_id = 5\nsecret_key = \"s\"\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("line 2"), "{msg}");

        let err = Config::parse(Path::new("c.toml"), "[esm\n").unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }

    #[test]
    fn missing_default_file_is_empty_but_a_named_one_must_exist() {
        let tmp = tempfile::tempdir().unwrap();
        let mut paths = Paths {
            config_file: tmp.path().join("none.toml"),
            config_explicit: false,
            data_dir: tmp.path().join("db"),
            log_dir: tmp.path().join("logs"),
        };
        assert_eq!(Config::load(&paths).unwrap().config, Config::default());
        paths.config_explicit = true;
        let err = Config::load(&paths).unwrap_err();
        assert!(err.to_string().contains("none.toml"), "{err}");
    }

    #[test]
    fn an_oversized_config_file_is_refused_naming_it() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("big.toml");
        fs::File::create(&path)
            .unwrap()
            .set_len(MAX_CONFIG_BYTES + 1)
            .unwrap();
        let paths = Paths {
            config_file: path,
            config_explicit: false,
            data_dir: tmp.path().join("db"),
            log_dir: tmp.path().join("logs"),
        };
        let err = Config::load(&paths).unwrap_err().to_string();
        assert!(err.contains("big.toml") && err.contains("1 MiB"), "{err}");
    }

    #[test]
    fn a_world_readable_secret_file_is_warned_about() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("c.toml");
        fs::write(&path, "[qoo10]\napi_key = \"k-0123456789abc\"\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let paths = Paths {
            config_file: path.clone(),
            config_explicit: true,
            data_dir: tmp.path().join("db"),
            log_dir: tmp.path().join("logs"),
        };
        let loaded = Config::load(&paths).unwrap();
        assert_eq!(loaded.warnings.len(), 1);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        assert!(Config::load(&paths).unwrap().warnings.is_empty());
    }
}
