//! `assets/`: the man pages and completions are what the current CLI generates (no stale
//! copies), the example config and keymap hold every key with its default, the systemd unit is
//! hardened, and the screenshot command draws a real demo run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use shipdeck::config::Config;
use shipdeck::tui::keymap::{Key, Keymap, ALL_ACTIONS};

const REGEN: &str = "run `scripts/regen-assets` and commit assets/";

fn assets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets")
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_shipdeck"));
    c.env_remove("SHIPDECK_DATA_DIR").env_remove("SHIPDECK_CONFIG");
    c
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".1"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_man_pages_are_those_the_current_cli_generates() {
    let tmp = tempfile::tempdir().unwrap();
    let out = bin().arg("man").arg(tmp.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let fresh = files(tmp.path());
    let committed = files(&assets().join("man"));
    assert!(fresh.contains_key("shipdeck.1") && fresh.contains_key("shipdeck-doctor.1"));
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&fresh),
        "assets/man has other pages than the CLI: {REGEN}"
    );
    for (name, text) in &fresh {
        assert!(committed[name] == *text, "assets/man/{name} is stale: {REGEN}");
    }
}

#[test]
fn the_completions_are_those_the_current_cli_generates() {
    for (shell, file) in [
        ("bash", "shipdeck.bash"),
        ("zsh", "_shipdeck"),
        ("fish", "shipdeck.fish"),
    ] {
        let out = bin().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).contains("doctor"), "{shell}");
        let committed = std::fs::read(assets().join("completions").join(file)).unwrap_or_default();
        assert!(
            committed == out.stdout,
            "assets/completions/{file} is stale: {REGEN}"
        );
    }
    let bad = bin().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

/// Every `a.b` key path of a TOML table.
fn key_paths(t: &toml::Table, prefix: &str, out: &mut Vec<String>) {
    for (k, v) in t {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(inner) => key_paths(inner, &path, out),
            _ => out.push(path),
        }
    }
}

#[test]
fn the_example_config_parses_and_sets_every_key_with_a_comment() {
    let path = assets().join("config.example.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let config = Config::parse(&path, &text).unwrap();
    let q = config.qoo10.as_ref().unwrap();
    assert!(config.esm.is_some() && config.grip.is_some());
    assert!(q.renew_user_id.is_some() && q.renew_password.is_some());
    // Every key the config reads (what it writes back when every section is set) is in the example.
    let mut written = Vec::new();
    key_paths(&toml::Table::try_from(&config).unwrap(), "", &mut written);
    let mut example = Vec::new();
    key_paths(&text.parse::<toml::Table>().unwrap(), "", &mut example);
    written.sort();
    example.sort();
    assert_eq!(written, example);
    // Each key has a comment line just above it.
    let lines: Vec<&str> = text.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if l.contains(" = ") && !l.starts_with('#') {
            assert!(i > 0 && lines[i - 1].starts_with('#'), "no comment above `{l}`");
        }
    }
}

#[test]
fn the_example_keymap_lists_every_action_with_its_default_keys() {
    let text = std::fs::read_to_string(assets().join("keymap.example.toml")).unwrap();
    let doc: toml::Table = text.parse().unwrap();
    let keys = doc["keys"].as_table().unwrap();
    let default = Keymap::default();
    for a in ALL_ACTIONS {
        let listed: Vec<Key> = match keys.get(a.name()) {
            Some(toml::Value::String(s)) => vec![Key::parse(s).unwrap()],
            Some(toml::Value::Array(v)) => v
                .iter()
                .map(|k| Key::parse(k.as_str().unwrap()).unwrap())
                .collect(),
            other => panic!("action `{}` is not in keymap.example.toml ({other:?})", a.name()),
        };
        assert_eq!(listed, default.keys(a), "action `{}`", a.name());
    }
    assert_eq!(
        keys.len(),
        ALL_ACTIONS.len(),
        "keymap.example.toml names an unknown action"
    );
    let mut km = Keymap::default();
    assert!(km.apply_toml(&text).is_empty());
}

#[test]
fn the_screenshot_command_draws_a_real_demo_run_as_svg() {
    let tmp = tempfile::tempdir().unwrap();
    let out_file = tmp.path().join("shot.svg");
    let out = bin()
        .args(["demo", "--seed", "3", "--screenshot"])
        .arg(&out_file)
        .env("HOME", tmp.path())
        .env("XDG_STATE_HOME", tmp.path().join("state"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let svg = std::fs::read_to_string(&out_file).unwrap();
    // Well-formed XML.
    let mut reader = quick_xml::Reader::from_str(&svg);
    let mut texts = String::new();
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Text(t) => texts.push_str(&t.decode().unwrap()),
            _ => {}
        }
    }
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(texts.contains("Orders — collected"), "{texts}");
    // Rows of the demo's shops, as pulled from the simulator, two of them marked.
    assert!(texts.contains("-demo"), "{texts}");
    assert_eq!(texts.matches('●').count(), 2, "{texts}");
    assert!(texts.contains("2 marked"), "{texts}");
    // The committed screenshot is one of these.
    let committed = std::fs::read_to_string(assets().join("screenshot.svg")).unwrap();
    assert!(committed.starts_with("<svg ") && committed.contains("Orders — collected"));
}
