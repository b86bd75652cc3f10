use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;

use super::*;

/// Every message of a language with the variables it uses.
fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let res = fluent_syntax::parser::parse(source(lang))
        .unwrap_or_else(|(_, errs)| panic!("{}.ftl does not parse: {errs:?}", lang.code()));
    let mut out = BTreeMap::new();
    for entry in res.body {
        match entry {
            ast::Entry::Message(m) => {
                let mut vars = BTreeSet::new();
                let value = m
                    .value
                    .unwrap_or_else(|| panic!("{}: {} has no value", lang.code(), m.id.name));
                pattern_vars(&value, &mut vars);
                assert!(
                    out.insert(m.id.name.to_string(), vars).is_none(),
                    "{}: {} is defined twice",
                    lang.code(),
                    m.id.name
                );
            }
            ast::Entry::Junk { content } => panic!("{}.ftl: junk {content:?}", lang.code()),
            _ => {}
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expr_vars(expression, vars);
        }
    }
}

fn expr_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, vars),
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expr_vars(expression, vars),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, vars);
            }
        }
        _ => {}
    }
}

#[test]
fn every_message_exists_in_all_three_languages_with_the_same_placeholders() {
    let en = messages(Lang::En);
    assert!(en.len() > 100, "only {} English messages", en.len());
    for lang in [Lang::Ko, Lang::Ja] {
        let other = messages(lang);
        let missing: Vec<&String> = en.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<&String> = other.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{}.ftl lacks {missing:?}", lang.code());
        assert!(
            extra.is_empty(),
            "{}.ftl has messages English lacks: {extra:?}",
            lang.code()
        );
        for (k, vars) in &en {
            assert_eq!(
                &other[k],
                vars,
                "{}: {k} uses other placeholders than English",
                lang.code()
            );
        }
    }
}

#[test]
fn a_broken_message_is_caught_by_the_walk() {
    // The checks above can fail: a message with a different placeholder is told apart.
    let res = fluent_syntax::parser::parse("a = { $n } orders\nb = { $m ->\n [one] x\n *[other] { $k }\n}\n")
        .unwrap();
    let mut seen = Vec::new();
    for entry in &res.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            pattern_vars(m.value.as_ref().unwrap(), &mut vars);
            seen.push(vars.into_iter().collect::<Vec<_>>().join(","));
        }
    }
    assert_eq!(seen, ["n", "k,m"]);
}

#[test]
fn the_labels_of_domain_values_exist_in_every_language() {
    use crate::domain::lifecycle::{HoldReason, ALL_STATUS_KEYS};
    let mut keys: Vec<String> = ALL_STATUS_KEYS
        .iter()
        .map(|k| format!("status-{}", k.name()))
        .collect();
    for h in [
        HoldReason::UnmappedSku,
        HoldReason::ShippingStartedOnSite,
        HoldReason::PushFailed,
        HoldReason::ShopAuthFailed,
        HoldReason::TrackingConflict,
    ] {
        keys.push(format!("hold-{}", h.label().replace(' ', "-")));
    }
    for h in ["unknown", "ok", "auth failed", "error", "paused"] {
        keys.push(format!("health-{}", h.replace(' ', "-")));
    }
    for k in ["confirm", "ship", "stock"] {
        keys.push(format!("push-kind-{k}"));
    }
    for site in crate::domain::marketplace::ALL_SITES {
        for f in site.credential_fields() {
            keys.push(format!("field-{}", f.name.replace('_', "-")));
        }
    }
    for k in crate::domain::shop::ShopOptions::default().list(crate::domain::Site::Qoo10) {
        keys.push(format!("opt-{}", k.0.replace('_', "-")));
    }
    for k in ["name", "shop_id", "api_base"] {
        keys.push(format!("field-{}", k.replace('_', "-")));
    }
    for k in ["pending", "done", "failed", "dropped"] {
        keys.push(format!("push-state-{k}"));
    }
    for a in crate::tui::keymap::ALL_ACTIONS {
        keys.push(format!("action-{}", a.name().replace('_', "-")));
    }
    for lang in LANGS {
        let have = messages(lang);
        let missing: Vec<&String> = keys.iter().filter(|k| !have.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{}.ftl lacks {missing:?}", lang.code());
    }
}

#[test]
fn every_matching_rule_has_its_message() {
    use crate::domain::mapping::{match_rule, Mapping, SiteCode};
    let m = |code: SiteCode, product_code: Option<&str>| Mapping {
        site: crate::domain::Site::Qoo10,
        shop: None,
        code,
        sku: crate::domain::SkuCode::new("S1").unwrap(),
        product_code: product_code.map(String::from),
    };
    let rules = [
        m(SiteCode::Product { code: "P".into() }, None),
        m(SiteCode::Option { code: "O".into() }, None),
        m(SiteCode::Option { code: "O".into() }, Some("P")),
        m(
            SiteCode::Crossmall {
                item_code: "1".into(),
                item_name: "n".into(),
                option_text: "o".into(),
            },
            None,
        ),
    ];
    for lang in LANGS {
        with_lang(lang, || {
            let texts: BTreeSet<String> = rules
                .iter()
                .map(|r| crate::catalogue::rule_text(match_rule(r)))
                .collect();
            assert_eq!(texts.len(), 4, "{texts:?}");
            if lang == Lang::En {
                for r in &rules {
                    assert_eq!(crate::catalogue::rule_text(match_rule(r)), match_rule(r));
                }
            } else {
                assert!(
                    texts.iter().all(|t| !t.starts_with("by ")),
                    "{}: {texts:?}",
                    lang.code()
                );
            }
        });
    }
}

#[test]
fn the_language_comes_from_the_flag_then_the_config_then_lc_all_lc_messages_lang() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
    };
    assert_eq!(Lang::from_env(env(&[])), Lang::En);
    assert_eq!(Lang::from_env(env(&[("LANG", "ko_KR.UTF-8")])), Lang::Ko);
    assert_eq!(Lang::from_env(env(&[("LANG", "ja_JP.eucJP")])), Lang::Ja);
    assert_eq!(Lang::from_env(env(&[("LANG", "C.UTF-8")])), Lang::En);
    assert_eq!(
        Lang::from_env(env(&[("LANG", "ko_KR.UTF-8"), ("LC_MESSAGES", "ja_JP")])),
        Lang::Ja
    );
    assert_eq!(
        Lang::from_env(env(&[
            ("LANG", "ko_KR"),
            ("LC_MESSAGES", "ja_JP"),
            ("LC_ALL", "C")
        ])),
        Lang::En
    );
    // An empty variable does not decide.
    assert_eq!(
        Lang::from_env(env(&[("LANG", "ja_JP"), ("LC_ALL", "")])),
        Lang::Ja
    );
    assert_eq!(
        Lang::choose(None, Some(Lang::Ko), env(&[("LANG", "ja_JP")])),
        Lang::Ko
    );
    assert_eq!(
        Lang::choose(Some(Lang::En), Some(Lang::Ko), env(&[("LANG", "ja_JP")])),
        Lang::En
    );
}

#[test]
fn plurals_and_arguments_follow_the_language() {
    assert_eq!(
        text_in(Lang::En, "confirm-marked", &[("n", Arg::from(1u64))]),
        "Confirm 1 marked order on their sites?"
    );
    assert_eq!(
        text_in(Lang::En, "confirm-marked", &[("n", Arg::from(3u64))]),
        "Confirm 3 marked orders on their sites?"
    );
    assert!(text_in(Lang::Ko, "confirm-marked", &[("n", Arg::from(3u64))]).contains("3건"));
    assert!(text_in(Lang::Ja, "confirm-marked", &[("n", Arg::from(3u64))]).contains("3件"));
    // No isolation marks reach the terminal.
    assert!(!text_in(Lang::Ja, "confirm-marked", &[("n", Arg::from(3u64))]).contains('\u{2068}'));
    assert_eq!(text_in(Lang::Ko, "no-such-message", &[]), "no-such-message");
}

#[test]
fn with_lang_holds_on_this_thread_only_and_is_undone() {
    with_lang(Lang::Ja, || {
        assert_eq!(current(), Lang::Ja);
        let other = std::thread::spawn(current).join().unwrap();
        assert_eq!(other, Lang::En);
        with_lang(Lang::Ko, || assert_eq!(current(), Lang::Ko));
        assert_eq!(current(), Lang::Ja);
    });
    assert_eq!(current(), Lang::En);
}

#[test]
fn wide_text_is_cut_on_character_boundaries_and_padded_by_columns() {
    assert_eq!(width("주문번호"), 8);
    assert_eq!(fit("주문번호", 5), "주문");
    assert_eq!(fit("注文番号", 7), "注文番");
    assert_eq!(fit("ab주문", 3), "ab");
    assert_eq!(pad("주문", 6), "주문  ");
    assert_eq!(pad("주문번호", 5), "주문 ");
    assert_eq!(width(&pad("出荷指示", 7)), 7);
    for w in 0..12 {
        for s in ["송장번호 입력", "追跡番号を入力", "ab注c文d", "e\u{301}x"] {
            let p = pad(s, w);
            assert_eq!(width(&p), w, "{s:?} in {w}");
            assert!(s.starts_with(p.trim_end()), "{s:?} → {p:?}");
        }
    }
}

#[test]
fn a_twin_holds_the_english_for_the_log_and_the_language_for_the_screen() {
    with_lang(Lang::Ko, || {
        let t = crate::tr_twin!("progress-pulling", n = 3);
        assert_eq!(t.en, "pulling 3 shops");
        assert_eq!(t.shown, "쇼핑몰 3곳 수집 중");
        assert_eq!(
            current(),
            Lang::Ko,
            "the English pass leaves the language as it was"
        );
        let plain = Twin::from("as is");
        assert_eq!((plain.en.as_str(), plain.shown.as_str()), ("as is", "as is"));
    });
}

/// The message keys the code names: the literal after `tr!(` / `tr_twin!(`, and the literals of
/// the keys chosen at run time (`help-…`, `copy-…`, `verb-…`, `rule-…`, `doc-…`, `cli-…`, `col-…`).
fn keys_in_code() -> BTreeSet<(String, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let dynamic = ["help-", "copy-", "verb-", "rule-", "doc-", "cli-", "col-"];
    let mut keys = BTreeSet::new();
    for f in files {
        if f.ends_with("i18n/tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let name = f.display().to_string();
        for (i, _) in text.match_indices('"') {
            let before = text[..i].trim_end();
            let rest = &text[i + 1..];
            let Some(end) = rest.find('"') else { continue };
            let lit = &rest[..end];
            let is_key = lit.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') && lit.contains('-');
            if !is_key {
                continue;
            }
            let after_macro = before.ends_with("tr!(") || before.ends_with("tr_twin!(");
            if after_macro || dynamic.iter().any(|d| lit.starts_with(d)) {
                keys.insert((lit.to_string(), name.clone()));
            }
        }
    }
    keys
}

#[test]
fn every_key_the_code_names_has_a_message() {
    let en = messages(Lang::En);
    let keys = keys_in_code();
    assert!(keys.len() > 150, "only {} keys found in the code", keys.len());
    let missing: Vec<&(String, String)> = keys.iter().filter(|(k, _)| !en.contains_key(k)).collect();
    assert!(missing.is_empty(), "keys without a message: {missing:?}");
}
