//! `shipdeck` without a command (until the dashboard arrives): where things live, the shops and
//! the order counts.

use std::collections::BTreeMap;

use super::{CliError, Context};
use crate::domain::StatusKey;

/// Prints the summary.
pub fn run(ctx: &Context) -> Result<(), CliError> {
    let p = &ctx.paths;
    println!("shipdeck {}", env!("CARGO_PKG_VERSION"));
    println!(
        "  config : {}{}",
        p.config_file.display(),
        if p.config_file.exists() {
            ""
        } else {
            " (not present)"
        }
    );
    println!("  data   : {}", p.data_dir.display());
    println!("  logs   : {}", p.log_dir.display());
    let store = ctx.open_store()?;
    let shops = store.list_shops()?;
    println!("  shops  : {}", shops.len());
    for s in &shops {
        println!("    {:<20} {:<10} {}", s.name, s.site.slug(), s.health.label());
    }
    let mut by_status: BTreeMap<StatusKey, u64> = BTreeMap::new();
    for ((_, status), n) in store.counts()? {
        *by_status.entry(status).or_default() += n;
    }
    let total: u64 = by_status.values().sum();
    println!("  orders : {total}");
    for (status, n) in by_status {
        println!("    {:<20} {n}", status.name());
    }
    println!("  open SKU mismatches: {}", store.mismatch_count()?);
    println!("Run `shipdeck --help` for the commands.");
    Ok(())
}
