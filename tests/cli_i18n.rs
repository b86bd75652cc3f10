//! The real binary speaks the floor's language: Korean or Japanese human output and errors,
//! chosen by `--lang`, `[ui] language`, `LC_ALL`, `LC_MESSAGES` or `LANG`; `--json` output and
//! exit statuses are the same in every language.

mod common;

use std::process::Output;

use common::procs;

use shipdeck::i18n::width;

struct Env {
    tmp: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            tmp: tempfile::tempdir().unwrap(),
        }
    }

    /// Runs shipdeck with only `vars` of the locale variables set.
    fn cmd(&self, vars: &[(&str, &str)], args: &[&str]) -> Output {
        let mut c = procs::isolated(self.tmp.path(), args);
        for (k, v) in vars {
            c.env(k, v);
        }
        c.output().unwrap()
    }

    fn add_shops(&self, vars: &[(&str, &str)]) -> String {
        let out = self.cmd(
            vars,
            &[
                "shops",
                "add",
                "--name",
                "grip-main",
                "--site",
                "grip",
                "--shop-id",
                "gripseller",
                "--set",
                "access_key=AK-visible-1",
                "--set",
                "secret_key=GRIP-SECRET-abcdefgh-9876",
            ],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let first = text(&out.stdout);
        let out = self.cmd(
            vars,
            &[
                "shops",
                "add",
                "--name",
                "lotte",
                "--site",
                "lotteon",
                "--shop-id",
                "lotteseller",
                "--set",
                "api_key=LOTTE-API-KEY-zyxwvuts-4321",
                "--set",
                "account_number=LO10161082",
            ],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        first
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const KO: (&str, &str) = ("LANG", "ko_KR.UTF-8");
const JA: (&str, &str) = ("LANG", "ja_JP.UTF-8");

/// The display column where `needle` starts in `line`.
fn column(line: &str, needle: &str) -> usize {
    let at = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {line:?}"));
    width(&line[..at])
}

#[test]
fn shops_list_speaks_korean_and_japanese_with_aligned_columns() {
    let env = Env::new();
    let added = env.add_shops(&[KO]);
    assert!(added.contains("쇼핑몰 `grip-main` 등록 완료"), "{added}");

    let ko = text(&env.cmd(&[KO], &["shops", "list"]).stdout);
    let lines: Vec<&str> = ko.lines().collect();
    assert!(
        lines[0].contains("이름") && lines[0].contains("판매자 ID"),
        "{ko}"
    );
    assert!(ko.contains("미확인"), "the health is Korean too: {ko}");
    // The columns after the wide headings start at the same terminal column on every row.
    assert_eq!(column(lines[0], "사이트"), column(lines[1], " grip ") + 1, "{ko}");
    assert_eq!(
        column(lines[0], "옵션"),
        column(lines[2], "order_integration"),
        "{ko}"
    );

    let ja = text(&env.cmd(&[JA], &["shops", "list"]).stdout);
    let lines: Vec<&str> = ja.lines().collect();
    assert!(lines[0].contains("名前") && lines[0].contains("店舗ID"), "{ja}");
    assert!(ja.contains("不明"), "{ja}");
    assert_eq!(column(lines[0], "サイト"), column(lines[2], "lotteon"), "{ja}");

    let en = text(&env.cmd(&[], &["shops", "list"]).stdout);
    assert!(en.starts_with("NAME"), "English stays the default: {en}");
    assert!(en.contains("unknown"), "{en}");
}

#[test]
fn json_output_and_exit_statuses_are_the_same_in_every_language() {
    let env = Env::new();
    env.add_shops(&[]);
    let en = env.cmd(&[], &["shops", "list", "--json"]);
    let ko = env.cmd(&[KO], &["shops", "list", "--json"]);
    let ja = env.cmd(
        &[("LC_ALL", "ja_JP.UTF-8")],
        &["shops", "list", "--json", "--lang", "ja"],
    );
    assert!(en.status.success());
    assert_eq!(text(&en.stdout), text(&ko.stdout));
    assert_eq!(text(&en.stdout), text(&ja.stdout));
    let v: serde_json::Value = serde_json::from_slice(&ko.stdout).unwrap();
    assert_eq!(
        v["shops"][0]["health"]["state"],
        serde_json::json!("unknown"),
        "{v}"
    );

    // An error: the words follow the language, the status does not.
    let en = env.cmd(&[], &["shops", "remove", "nosuch"]);
    let ko = env.cmd(&[KO], &["shops", "remove", "nosuch"]);
    let ja = env.cmd(&[JA], &["shops", "remove", "nosuch"]);
    assert_eq!(en.status.code(), Some(2));
    assert_eq!(ko.status.code(), Some(2));
    assert_eq!(ja.status.code(), Some(2));
    assert!(
        text(&en.stderr).contains("no shop named `nosuch`"),
        "{}",
        text(&en.stderr)
    );
    assert!(
        text(&ko.stderr).contains("`nosuch` 쇼핑몰이 없습니다"),
        "{}",
        text(&ko.stderr)
    );
    assert!(
        text(&ja.stderr).contains("店舗 `nosuch` はありません"),
        "{}",
        text(&ja.stderr)
    );
}

#[test]
fn the_language_comes_from_lang_flag_config_then_lc_all_lc_messages_lang() {
    let env = Env::new();
    env.add_shops(&[]);
    let heading = |vars: &[(&str, &str)], args: &[&str]| {
        let mut a = vec!["shops", "list"];
        a.extend_from_slice(args);
        let out = env.cmd(vars, &a);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout).lines().next().unwrap_or_default().to_string()
    };
    let is_ko = |h: &str| h.contains("이름");
    let is_ja = |h: &str| h.contains("名前");
    let is_en = |h: &str| h.contains("NAME");
    assert!(is_ko(&heading(&[KO], &[])));
    assert!(
        is_en(&heading(&[KO, ("LC_ALL", "C")], &[])),
        "LC_ALL wins over LANG"
    );
    assert!(
        is_ja(&heading(&[KO, ("LC_MESSAGES", "ja_JP.UTF-8")], &[])),
        "LC_MESSAGES wins over LANG"
    );
    assert!(is_ja(&heading(&[KO], &["--lang", "ja"])), "--lang wins");

    // `[ui] language` in the config wins over the environment; `--lang` over the config.
    let config = env.tmp.path().join("config/shipdeck/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(&config, "[ui]\nlanguage = \"ja\"\n").unwrap();
    assert!(is_ja(&heading(&[KO], &[])));
    assert!(is_en(&heading(&[KO], &["--lang", "en"])));
    std::fs::write(&config, "[ui]\nlanguage = \"auto\"\n").unwrap();
    assert!(is_ko(&heading(&[KO], &[])));

    // A wrong language in the config is bad input naming the line.
    std::fs::write(&config, "[ui]\nlanguage = \"fr\"\n").unwrap();
    let out = env.cmd(&[KO], &["shops", "list"]);
    assert_eq!(out.status.code(), Some(2));
    // (The config could not say the language, so the environment's is used.)
    assert!(text(&out.stderr).contains("2번째 줄"), "{}", text(&out.stderr));
    let out = env.cmd(&[], &["shops", "list"]);
    assert!(text(&out.stderr).contains("line 2"), "{}", text(&out.stderr));
}

#[test]
fn a_bad_tracking_file_is_refused_naming_file_row_and_field_in_the_language() {
    let env = Env::new();
    let csv = env.tmp.path().join("parcels.csv");
    std::fs::write(
        &csv,
        "order,carrier,tracking\nshop-a/1001,CJ,640212345678\nshop-a/1002,,640212345679\n",
    )
    .unwrap();
    let path = csv.to_str().unwrap();
    let ko = env.cmd(&[KO], &["tracking", "import", path]);
    let ja = env.cmd(&[JA], &["tracking", "import", path]);
    let en = env.cmd(&[], &["tracking", "import", path]);
    for out in [&ko, &ja, &en] {
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains("parcels.csv"), "{}", text(&out.stderr));
    }
    assert!(
        text(&ko.stderr).contains("3행, 2번 항목(택배사): 비어 있음"),
        "{}",
        text(&ko.stderr)
    );
    assert!(
        text(&ja.stderr).contains("3行目、2項目目（配送会社）: 空です"),
        "{}",
        text(&ja.stderr)
    );
    assert!(
        text(&en.stderr).contains("row 3, field 2 (carrier): empty"),
        "{}",
        text(&en.stderr)
    );
}

#[test]
fn doctor_says_what_is_wrong_and_the_fix_in_the_language_and_its_json_is_english() {
    let env = Env::new();
    let config = env.tmp.path().join("config/shipdeck/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(&config, "[qoo10]\napi_key = \"k-0123456789abc\"\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();

    let ko = env.cmd(&[KO], &["doctor"]);
    let ja = env.cmd(&[JA], &["doctor"]);
    assert_eq!(ko.status.code(), Some(1));
    assert_eq!(ja.status.code(), Some(1));
    let (kt, jt) = (text(&ko.stdout), text(&ja.stdout));
    assert!(kt.contains("다른 사용자가 읽을 수 있습니다 (권한 0644)"), "{kt}");
    assert!(kt.contains("해결: chmod 600"), "{kt}");
    assert!(kt.contains("데이터베이스가 없습니다"), "{kt}");
    assert!(jt.contains("他のユーザーが読めます（モード 0644）"), "{jt}");
    assert!(jt.contains("対処: chmod 600"), "{jt}");
    assert!(
        text(&ko.stderr).contains("실패한 점검이 있습니다"),
        "{}",
        text(&ko.stderr)
    );

    let en_json = env.cmd(&[], &["doctor", "--json"]);
    let ko_json = env.cmd(&[KO], &["doctor", "--json"]);
    assert_eq!(en_json.status.code(), Some(1));
    assert_eq!(ko_json.status.code(), Some(1));
    assert_eq!(text(&en_json.stdout), text(&ko_json.stdout));
    assert!(
        text(&ko_json.stdout).contains("is readable by others"),
        "{}",
        text(&ko_json.stdout)
    );
}

#[test]
fn a_database_in_use_is_exit_3_in_every_language() {
    let env = Env::new();
    env.add_shops(&[]);
    let dir = env.tmp.path().join("data/shipdeck/db");
    let held = shipdeck::store::Store::open(&dir).unwrap();
    let ko = env.cmd(&[KO], &["shops", "list"]);
    let ja = env.cmd(&[JA], &["shops", "list"]);
    assert_eq!(ko.status.code(), Some(3));
    assert_eq!(ja.status.code(), Some(3));
    assert!(
        text(&ko.stderr).contains("다른 shipdeck 프로세스가 사용 중입니다"),
        "{}",
        text(&ko.stderr)
    );
    assert!(
        text(&ja.stderr).contains("別の shipdeck プロセスが使用中です"),
        "{}",
        text(&ja.stderr)
    );
    drop(held);
    assert!(env.cmd(&[KO], &["shops", "list"]).status.success());
}

#[test]
fn human_output_is_korean_while_the_log_stays_english() {
    let env = Env::new();
    env.add_shops(&[]);
    let file = env.tmp.path().join("catalogue.csv");
    let out = env.cmd(&[KO], &["sku", "export", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(shown.contains("SKU 0개, 매칭 0개"), "{shown}");
    let logs = env.tmp.path().join("state/shipdeck/logs");
    let mut log = String::new();
    for f in std::fs::read_dir(&logs).unwrap() {
        log.push_str(&std::fs::read_to_string(f.unwrap().path()).unwrap());
    }
    assert!(log.contains("shipdeck::progress: sku export: writing "), "{log}");
    assert!(log.contains("sku export: finished"), "{log}");
    assert!(!log.contains("쓰는 중"), "a log line in Korean: {log}");
}

#[test]
fn a_config_warning_is_korean_on_stderr_and_english_in_the_log() {
    let env = Env::new();
    let config = env.tmp.path().join("config/shipdeck/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(&config, "[qoo10]\napi_key = \"k-0123456789abc\"\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = env.cmd(&[KO], &["shops", "list"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("경고: 설정 파일") && text(&out.stderr).contains("chmod 600"),
        "{}",
        text(&out.stderr)
    );
    let logs = env.tmp.path().join("state/shipdeck/logs");
    let mut log = String::new();
    for f in std::fs::read_dir(&logs).unwrap() {
        log.push_str(&std::fs::read_to_string(f.unwrap().path()).unwrap());
    }
    assert!(log.contains("holds secret keys but others can read it"), "{log}");
    assert!(!log.contains("설정 파일"), "{log}");
}

/// The audit trail's heading and its `--since` error follow the language; its JSON does not.
#[test]
fn the_audit_trail_speaks_the_language_and_its_json_is_the_same() {
    let env = Env::new();
    env.add_shops(&[]);
    let en = env.cmd(&[], &["audit"]);
    let ko = env.cmd(&[KO], &["audit"]);
    let ja = env.cmd(&[JA], &["audit"]);
    assert!(en.status.success() && ko.status.success() && ja.status.success());
    let head = |o: &Output| text(&o.stdout).lines().next().unwrap_or_default().to_string();
    assert!(
        head(&en).starts_with("WHEN") && head(&en).contains("ACTION"),
        "{}",
        head(&en)
    );
    assert!(
        head(&ko).starts_with("시각") && head(&ko).contains("작업"),
        "{}",
        head(&ko)
    );
    assert!(
        head(&ja).starts_with("日時") && head(&ja).contains("操作"),
        "{}",
        head(&ja)
    );
    // The columns after a wide heading start where the English ones do (display width).
    let at = |o: &Output, needle: &str| column(&head(o), needle);
    assert_eq!(at(&ko, "사용자"), at(&en, "USER"), "{}", head(&ko));
    assert_eq!(at(&ja, "ユーザー"), at(&en, "USER"), "{}", head(&ja));
    let json = |vars: &[(&str, &str)]| text(&env.cmd(vars, &["audit", "--json"]).stdout);
    assert_eq!(json(&[]), json(&[KO]));

    let bad = env.cmd(&[KO], &["audit", "--since", "yesterday-ish"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("날짜(2026-12-01)"),
        "{}",
        text(&bad.stderr)
    );
    let bad = env.cmd(&[JA], &["audit", "--since", "yesterday-ish"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("日付（2026-12-01）"),
        "{}",
        text(&bad.stderr)
    );
}
