//! SKU import benchmark: a 60,000-row CSV planned (read + every check) and applied in one
//! transaction, then exported to xlsx and planned again, beside a baseline measured in the same
//! run: reading the same CSV with the csv crate and nothing else.
//!
//! `cargo bench --bench sku_import` runs 60,000 rows (`SHIPDECK_BENCH_ROWS` overrides); under
//! `cargo test` it runs a small smoke version.

use std::time::Instant;

use shipdeck::catalogue::export;
use shipdeck::catalogue::import::{self, ImportOptions};
use shipdeck::store::Store;

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let rows: usize = std::env::var("SHIPDECK_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if full { 60_000 } else { 500 });
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&tmp.path().join("db")).expect("store");
    let mut text = String::from("sku code,sku name,option name,on hand,site,shop,option code\n");
    for i in 0..rows {
        text.push_str(&format!(
            "SKU-{i:06},商品 {i},オプション {},{},qoo10,,OPT-{i:06}\n",
            i % 7,
            i % 500
        ));
    }
    let csv_path = tmp.path().join("rows.csv");
    std::fs::write(&csv_path, &text).expect("write csv");

    // Baseline: the csv crate reading every record, nothing else.
    let t = Instant::now();
    let mut reader = csv::Reader::from_path(&csv_path).expect("open csv");
    let read = reader.records().filter(|r| r.is_ok()).count();
    let baseline = t.elapsed();
    assert_eq!(read, rows);

    let t = Instant::now();
    let plan = import::plan(&store, &csv_path, &ImportOptions::default()).expect("plan");
    let planned = t.elapsed();
    let report = import::apply(&store, plan).expect("apply");
    let total = t.elapsed();
    assert!(report.applied, "{report}");
    assert_eq!((report.skus_new, report.mappings_new), (rows, rows));

    let xlsx = tmp.path().join("rows.xlsx");
    let t = Instant::now();
    export::export(&store, &xlsx).expect("export");
    let exported = t.elapsed();
    let again = import::plan(&store, &xlsx, &ImportOptions::default()).expect("re-plan");
    let replanned = t.elapsed() - exported;
    assert_eq!(
        again.report.skus_unchanged, rows,
        "the export reads back unchanged"
    );

    println!("sku import benchmark: {rows} rows (one SKU and one mapping each)");
    println!("  baseline csv read only : {:>8.2?}", baseline);
    println!(
        "  csv plan (read + check): {:>8.2?} ({:.1}× the baseline)",
        planned,
        planned.as_secs_f64() / baseline.as_secs_f64().max(1e-9)
    );
    println!(
        "  csv apply (1 txn)      : {:>8.2?} (plan + apply {:.2?})",
        total - planned,
        total
    );
    println!("  xlsx export            : {:>8.2?}", exported);
    println!("  xlsx plan of the export: {:>8.2?}", replanned);
}
