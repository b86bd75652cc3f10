//! Helpers shared by the SKU file tests: a store in a temporary directory, SKU and mapping
//! builders, a seeded catalogue, an import run, and the `shipdeck` binary with its own home.

use std::path::Path;

use shipdeck::catalogue::import::{self, ImportOptions};
use shipdeck::catalogue::{ImportReport, TextEncoding};
use shipdeck::domain::mapping::SiteCode;
use shipdeck::domain::{Mapping, ShopName, Site, Sku, SkuCode};
use shipdeck::store::Store;

/// A store in a fresh temporary directory (kept alive by the returned guard).
pub fn store() -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("db")).unwrap();
    (tmp, store)
}

/// A SKU with nothing reserved.
pub fn sku(code: &str, name: &str, option: Option<&str>, on_hand: i64) -> Sku {
    Sku {
        code: SkuCode::new(code).unwrap(),
        name: name.into(),
        option_name: option.map(String::from),
        on_hand,
        reserved: 0,
    }
}

/// A mapping of `code` on `site` (one shop or every shop) to the SKU `sku`.
pub fn mapping(site: Site, shop: Option<&str>, code: SiteCode, sku: &str) -> Mapping {
    Mapping {
        site,
        shop: shop.map(|s| ShopName::new(s).unwrap()),
        code,
        sku: SkuCode::new(sku).unwrap(),
        product_code: None,
    }
}

/// Every SKU and mapping in the store, to compare before and after an import.
pub fn snapshot(store: &Store) -> (Vec<Sku>, Vec<Mapping>) {
    (store.list_skus().unwrap(), store.list_mappings(None).unwrap())
}

/// Plans and applies an import of `path`; panics if either step fails.
pub fn run(store: &Store, path: &Path, encoding: Option<TextEncoding>) -> ImportReport {
    let plan = import::plan(store, path, &ImportOptions { encoding }).unwrap();
    import::apply(store, plan).unwrap()
}

/// Fills the store with a small catalogue of SKUs and mappings on several sites.
pub fn seed(store: &Store) {
    for s in [
        sku("ABC-01", "Tシャツ 白", Some("Sサイズ"), 12),
        sku("007", "머그컵", None, 0),
        sku("ＡＢＣ-01", "full width twin", None, 3),
        sku(
            "SP",
            " spaced name ",
            Some("a, \"quoted\"\nsecond line"),
            1_000_000,
        ),
        sku("NOMAP", "no mappings", Some(""), 5),
    ] {
        store.put_sku(&s).unwrap();
    }
    for m in [
        mapping(
            Site::Crossmall,
            None,
            SiteCode::Crossmall {
                item_code: "1001".into(),
                item_name: "Tシャツ 白".into(),
                option_text: "ホワイト, Sサイズ ".into(),
            },
            "ABC-01",
        ),
        mapping(
            Site::Crossmall,
            Some("cm-shop"),
            SiteCode::Crossmall {
                item_code: "1002".into(),
                item_name: "マグ".into(),
                option_text: String::new(),
            },
            "007",
        ),
        mapping(
            Site::Qoo10,
            Some("qoo-jp"),
            SiteCode::Option {
                code: "OPT-W-S".into(),
            },
            "ABC-01",
        ),
        mapping(
            Site::Gmarket,
            None,
            SiteCode::Product { code: "0123".into() },
            "007",
        ),
        mapping(Site::Grip, None, SiteCode::Product { code: "G 1 ".into() }, "SP"),
        mapping(
            Site::Lotteon,
            None,
            SiteCode::Option { code: "LO-1".into() },
            "SP",
        ),
    ] {
        store.put_mapping(&m).unwrap();
    }
}

/// Runs the `shipdeck` binary with `args`, its config, data and state under `home`.
pub fn shipdeck(home: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_shipdeck"))
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .unwrap()
}
