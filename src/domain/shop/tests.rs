//! Unit tests of shops: masking, field checks, options, names, API base, edits.

use super::*;

fn spec(site: &str, fields: &[(&str, &str)]) -> ShopSpec {
    ShopSpec {
        name: "main".into(),
        site: site.into(),
        shop_id: "seller01".into(),
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..ShopSpec::default()
    }
}

fn now() -> jiff::Timestamp {
    jiff::Timestamp::from_second(1_800_000_000).unwrap()
}

#[test]
fn debug_of_a_shop_never_shows_a_secret() {
    let secrets = [
        (
            "grip",
            vec![
                ("access_key", "AK-visible-1"),
                ("secret_key", "GRIP-SECRET-abcdefgh-9876"),
            ],
        ),
        (
            "lotteon",
            vec![
                ("api_key", "LOTTE-API-KEY-zyxwvuts-4321"),
                ("account_number", "LO10161082"),
            ],
        ),
        (
            "crossmall",
            vec![("company_code", "C123"), ("api_key", "CM-KEY-qwertyuiop-5555")],
        ),
        ("qoo10", vec![("seller_key", "QOO10-SAK-asdfghjkl-7777")]),
    ];
    for (site, fields) in secrets {
        let shop = Shop::from_spec(&spec(site, &fields), now()).unwrap();
        let debug = format!("{shop:?} {shop:#?}");
        let json = serde_json::to_string(&shop).unwrap();
        for (name, value) in &fields {
            let field = Site::from_str_unchecked(site)
                .credential_fields()
                .iter()
                .find(|f| f.name == *name)
                .unwrap();
            if field.secret {
                let head = &value[..value.len() - 4];
                assert!(!debug.contains(head), "{site}: Debug leaks {name}: {debug}");
                assert!(!json.contains(head), "{site}: JSON leaks {name}: {json}");
                assert!(
                    debug.contains(&value[value.len() - 4..]),
                    "tail shown for recognition"
                );
            } else {
                assert!(debug.contains(value));
            }
        }
    }
}

#[test]
fn missing_and_unknown_fields_are_named() {
    let err = Shop::from_spec(&spec("lotteon", &[("api_key", "k")]), now()).unwrap_err();
    assert_eq!(
        err,
        ShopError::MissingField {
            site: Site::Lotteon,
            field: "account_number"
        }
    );
    let err = Shop::from_spec(&spec("gmarket", &[("api_key", "k")]), now()).unwrap_err();
    assert!(err.to_string().contains("api_key"), "{err}");
    let err = Shop::from_spec(
        &spec("qoo10", &[("seller_key", "k"), ("key_expires", "soon")]),
        now(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("key_expires"), "{err}");
}

#[test]
fn options_are_per_site() {
    let mut o = ShopOptions::default();
    o.set(Site::Qoo10, "auto_renew_key", true).unwrap();
    assert!(o.auto_renew_key);
    assert!(o.set(Site::Grip, "auto_renew_key", true).is_err());
    assert!(o.set(Site::Grip, "stock_sync", true).is_ok());
    assert_eq!(o.list(Site::Grip).len(), 4);
    assert_eq!(o.list(Site::Qoo10).len(), 6);
}

#[test]
fn edits_change_one_thing_and_keep_the_rest() {
    let shop = Shop::from_spec(
        &spec(
            "lotteon",
            &[("api_key", "OLD-KEY-0123456789"), ("account_number", "LO1")],
        ),
        now(),
    )
    .unwrap();
    let mut e = ShopEdit::default();
    e.fields.insert("api_key".into(), "NEW-KEY-0123456789".into());
    e.options.insert("stock_sync".into(), true);
    e.interval_minutes = Some(2);
    let next = shop.edit(&e).unwrap();
    match &next.credentials {
        Credentials::Lotteon {
            api_key,
            account_number,
        } => {
            assert_eq!(api_key.expose(), "NEW-KEY-0123456789");
            assert_eq!(account_number, "LO1");
        }
        other => panic!("{other:?}"),
    }
    assert!(next.options.stock_sync);
    assert_eq!(next.schedule.interval_minutes, 2);
    let mut bad = ShopEdit::default();
    bad.fields.insert("secret_key".into(), "x".into());
    assert!(shop.edit(&bad).is_err());
    bad = ShopEdit {
        interval_minutes: Some(0),
        ..ShopEdit::default()
    };
    assert!(shop.edit(&bad).is_err());
}

#[test]
fn names_are_validated() {
    assert!(ShopName::new("ok shop").is_ok());
    assert!(ShopName::new("a/b").is_err());
    assert!(ShopName::new(" a").is_err());
    assert!(ShopName::new("").is_err());
}

#[test]
fn api_base_is_checked_and_trimmed() {
    let mut s = spec("gmarket", &[]);
    s.api_base = Some("http://127.0.0.1:9000/esm/".into());
    assert_eq!(
        Shop::from_spec(&s, now()).unwrap().api_base.as_deref(),
        Some("http://127.0.0.1:9000/esm")
    );
    s.api_base = Some("ftp://x".into());
    assert!(Shop::from_spec(&s, now()).is_err());
}

#[test]
fn api_base_is_https_except_to_this_machine() {
    let mut s = spec("gmarket", &[]);
    for ok in [
        "https://sa2.esmplus.com",
        "https://proxy.example.com:8443/esm",
        "http://127.0.0.1:9000/esm",
        "http://127.8.9.10/esm",
        "http://[::1]:9000",
        "http://localhost:9000",
    ] {
        s.api_base = Some(ok.into());
        assert!(Shop::from_spec(&s, now()).is_ok(), "{ok}");
    }
    for bad in [
        "http://example.com/esm",
        "http://10.0.0.5:9000",
        "http://[::2]/",
        "http://localhost.evil.com/",
        "https://user:pw@sa2.esmplus.com",
        "https://sa2.esmplus.com/?key=1",
        "https://sa2.esmplus.com/\u{1b}[2J",
        "https://",
    ] {
        s.api_base = Some(bad.into());
        let err = Shop::from_spec(&s, now()).unwrap_err().to_string();
        assert!(err.contains("api_base"), "{bad}: {err}");
        assert!(!err.contains('\u{1b}'), "{err:?}");
    }
    s.api_base = Some("http://example.com".into());
    let err = Shop::from_spec(&s, now()).unwrap_err().to_string();
    assert!(err.contains("Use https://"), "{err}");
}

#[test]
fn a_shop_pointed_away_from_its_site_is_marked() {
    let mut s = spec("gmarket", &[]);
    assert!(!Shop::from_spec(&s, now()).unwrap().view().foreign_api_base);
    s.api_base = Some("https://SA2.esmplus.com/".into());
    assert!(!Shop::from_spec(&s, now()).unwrap().view().foreign_api_base);
    s.api_base = Some("http://127.0.0.1:9000/esm".into());
    assert!(Shop::from_spec(&s, now()).unwrap().view().foreign_api_base);
    s.api_base = Some("https://proxy.example.com".into());
    assert!(Shop::from_spec(&s, now()).unwrap().view().foreign_api_base);
}

impl Site {
    fn from_str_unchecked(s: &str) -> Site {
        s.parse().unwrap()
    }
}
