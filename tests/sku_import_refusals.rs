//! SKU files the import refuses: wrong columns, junk and empty files, one bad row among many,
//! duplicates and conflicts, a whole-sheet workbook and oversize or old-format files — each said
//! where it is wrong, with the store left unchanged.

mod common;

use std::path::Path;

use common::catalogue::{run, seed, shipdeck, snapshot, store};
use shipdeck::catalogue::ImportReport;

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
