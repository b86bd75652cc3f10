//! Credential values that never pass through the command line: `--set FIELD=-` reads the value
//! from standard input (without echo on a terminal), `--secret-file FIELD=PATH` reads it from a
//! file. A secret given inline (`--set api_key=…`) still works but is warned about: every local
//! user can read a command line in `/proc` while it runs, and the shell history keeps it.

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::Path;

use super::CliError;
use crate::domain::Site;

/// A secret file larger than this is refused (keys are a few hundred bytes at most).
pub const MAX_SECRET_FILE: u64 = 64 * 1024;

/// True when `field` is a secret credential field of `site` (or of any site, for `None`).
pub fn is_secret_field(site: Option<Site>, field: &str) -> bool {
    let sites: Vec<Site> = match site {
        Some(s) => vec![s],
        None => crate::domain::marketplace::ALL_SITES.to_vec(),
    };
    sites
        .iter()
        .any(|s| s.credential_fields().iter().any(|f| f.secret && f.name == field))
}

/// Where values given as `-` come from.
pub trait ValueSource {
    /// The value of `field`, one line of input without its line ending.
    fn read_value(&mut self, field: &str) -> Result<String, CliError>;
}

/// Standard input: a prompt and no echo on a terminal, a plain line otherwise.
pub struct Stdin;

impl ValueSource for Stdin {
    fn read_value(&mut self, field: &str) -> Result<String, CliError> {
        let stdin = std::io::stdin();
        let line = if stdin.is_terminal() {
            eprint!("{field}: ");
            let _ = std::io::stderr().flush();
            let line = {
                let _quiet = NoEcho::new();
                read_line(&mut stdin.lock(), field)?
            };
            eprintln!();
            line
        } else {
            read_line(&mut stdin.lock(), field)?
        };
        Ok(line)
    }
}

/// Reads one line (at most `MAX_SECRET_FILE` bytes), without its line ending.
pub fn read_line(input: &mut dyn BufRead, field: &str) -> Result<String, CliError> {
    let mut buf = Vec::new();
    input
        .take(MAX_SECRET_FILE)
        .read_until(b'\n', &mut buf)
        .map_err(|e| {
            CliError::BadInput(crate::tr!(
                "cli-stdin-unreadable",
                field = field,
                error = e.to_string()
            ))
        })?;
    if buf.is_empty() {
        return Err(CliError::BadInput(crate::tr!("cli-stdin-ended", field = field)));
    }
    let text = String::from_utf8(buf)
        .map_err(|_| CliError::BadInput(crate::tr!("cli-stdin-not-utf8", field = field)))?;
    Ok(strip_one_newline(&text).to_string())
}

fn strip_one_newline(s: &str) -> &str {
    s.strip_suffix("\r\n")
        .or_else(|| s.strip_suffix('\n'))
        .unwrap_or(s)
}

/// Reads a secret file: at most `MAX_SECRET_FILE` bytes, UTF-8, one trailing newline removed.
pub fn read_secret_file(field: &str, path: &Path) -> Result<String, CliError> {
    let bad = |why: String| CliError::BadInput(format!("--secret-file {field}={}: {why}", path.display()));
    let f = std::fs::File::open(path).map_err(|e| bad(e.to_string()))?;
    let mut bytes = Vec::new();
    f.take(MAX_SECRET_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| bad(e.to_string()))?;
    if bytes.len() as u64 > MAX_SECRET_FILE {
        return Err(bad(format!(
            "larger than {MAX_SECRET_FILE} bytes, the most a secret file may hold"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|_| bad("not UTF-8 text".into()))?;
    Ok(strip_one_newline(&text).to_string())
}

/// The credential fields of `--set FIELD=VALUE` and `--secret-file FIELD=PATH`: `-` values are
/// read from `input` in the order given; a field given twice is an error; each secret field
/// given inline adds a warning to `warnings`.
pub fn gather(
    site: Option<Site>,
    set: &[String],
    files: &[String],
    input: &mut dyn ValueSource,
    warnings: &mut Vec<crate::i18n::Twin>,
) -> Result<BTreeMap<String, String>, CliError> {
    let mut out = BTreeMap::new();
    let mut put = |k: &str, v: String, what: &str| {
        if out.insert(k.to_string(), v).is_some() {
            Err(CliError::BadInput(crate::tr!(
                "cli-given-twice",
                what = what,
                name = k
            )))
        } else {
            Ok(())
        }
    };
    for a in set {
        let (k, v) = split(a, "--set", "FIELD=VALUE")?;
        if v == "-" {
            let value = input.read_value(k)?;
            put(k, value, "--set")?;
        } else {
            if is_secret_field(site, k) && !v.is_empty() {
                warnings.push(crate::tr_twin!("cli-secret-on-command-line", field = k));
            }
            put(k, v.to_string(), "--set")?;
        }
    }
    for a in files {
        let (k, p) = split(a, "--secret-file", "FIELD=PATH")?;
        let value = read_secret_file(k, Path::new(p))?;
        put(k, value, "field")?;
    }
    Ok(out)
}

fn split<'a>(a: &'a str, what: &str, form: &str) -> Result<(&'a str, &'a str), CliError> {
    let (k, v) = a.split_once('=').ok_or_else(|| {
        CliError::BadInput(crate::tr!("cli-not-of-form", what = what, arg = a, form = form))
    })?;
    Ok((k.trim(), v))
}

/// Turns off the terminal's echo on standard input while alive (restored on drop).
struct NoEcho {
    saved: Option<libc::termios>,
}

impl NoEcho {
    fn new() -> NoEcho {
        // SAFETY: termios is plain data; tcgetattr fills it or fails, and only a filled one is
        // used; tcsetattr gets a valid struct.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(libc::STDIN_FILENO, &mut t) != 0 {
                return NoEcho { saved: None };
            }
            let saved = t;
            t.c_lflag &= !libc::ECHO;
            t.c_lflag |= libc::ECHONL;
            if libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &t) != 0 {
                return NoEcho { saved: None };
            }
            NoEcho { saved: Some(saved) }
        }
    }
}

impl Drop for NoEcho {
    fn drop(&mut self) {
        if let Some(saved) = self.saved.take() {
            // SAFETY: restores the struct tcgetattr filled.
            unsafe {
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &saved);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Lines(std::io::Cursor<Vec<u8>>);

    impl ValueSource for Lines {
        fn read_value(&mut self, field: &str) -> Result<String, CliError> {
            read_line(&mut self.0, field)
        }
    }

    fn args(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn dash_reads_lines_in_order_and_files_lose_one_newline() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("key");
        std::fs::write(&file, "file-secret-1234\n\n").unwrap();
        let mut input = Lines(std::io::Cursor::new(b"first-secret\r\nsecond\n".to_vec()));
        let mut warnings = Vec::new();
        let got = gather(
            Some(Site::Grip),
            &args(&["secret_key=-", "access_key=-"]),
            &[format!("other={}", file.display())],
            &mut input,
            &mut warnings,
        )
        .unwrap();
        assert_eq!(got["secret_key"], "first-secret");
        assert_eq!(got["access_key"], "second");
        assert_eq!(got["other"], "file-secret-1234\n");
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn inline_secrets_are_warned_about_and_bad_forms_are_bad_input() {
        let mut input = Lines(std::io::Cursor::new(Vec::new()));
        let mut warnings = Vec::new();
        gather(
            Some(Site::Grip),
            &args(&["access_key=AK", "secret_key=S3CRET"]),
            &[],
            &mut input,
            &mut warnings,
        )
        .unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].en.contains("secret_key") && !warnings[0].en.contains("S3CRET"));
        assert!(warnings[0].shown.contains("secret_key") && !warnings[0].shown.contains("S3CRET"));
        let err = gather(None, &args(&["api_key=-"]), &[], &mut input, &mut warnings).unwrap_err();
        assert!(
            matches!(err, CliError::BadInput(_)) && err.to_string().contains("ended"),
            "{err}"
        );
        let tmp = tempfile::tempdir().unwrap();
        let big = tmp.path().join("big");
        std::fs::write(&big, vec![b'x'; MAX_SECRET_FILE as usize + 1]).unwrap();
        let err = read_secret_file("api_key", &big).unwrap_err().to_string();
        assert!(err.contains("65536") && err.contains("big"), "{err}");
        let small = tmp.path().join("small");
        std::fs::write(&small, "k").unwrap();
        let twice = gather(
            None,
            &args(&["api_key=x"]),
            &[format!("api_key={}", small.display())],
            &mut input,
            &mut warnings,
        );
        assert!(twice.unwrap_err().to_string().contains("given twice"));
        assert!(is_secret_field(None, "seller_key") && !is_secret_field(None, "account_number"));
    }
}
