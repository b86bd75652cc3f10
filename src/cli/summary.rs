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
    let rt = super::engine_rt::runtime()?;
    let h = super::engine_rt::handle(ctx, &rt)?;
    if h.is_remote() {
        println!(
            "  engine : attached at {} as {} ({})",
            super::engine_rt::socket_path(ctx).display(),
            h.who(),
            h.role()
        );
    }
    let shops = h.shops().map_err(super::engine_rt::engine_error)?;
    println!("  shops  : {}", shops.len());
    for s in &shops {
        println!("    {:<20} {:<10} {}", s.name, s.site.slug(), s.health.label());
    }
    let status = h.status().map_err(super::engine_rt::engine_error)?;
    let by_status: BTreeMap<StatusKey, u64> = status.by_status;
    let total: u64 = by_status.values().sum();
    println!("  orders : {total}");
    for (status, n) in by_status {
        println!("    {:<20} {n}", status.name());
    }
    println!("  open SKU mismatches: {}", status.mismatches);
    println!("Run `shipdeck --help` for the commands.");
    Ok(())
}
