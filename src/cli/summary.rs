//! `shipdeck` without a command (until the dashboard arrives): where things live, the shops and
//! the order counts.

use std::collections::BTreeMap;

use super::{CliError, Context};
use crate::domain::StatusKey;

/// Prints the summary.
pub fn run(ctx: &Context) -> Result<(), CliError> {
    let p = &ctx.paths;
    println!("shipdeck {}", env!("CARGO_PKG_VERSION"));
    let field = |key: &str| crate::i18n::pad_right(&crate::tr!(key), 7);
    println!(
        "  {}: {}{}",
        field("cli-summary-config"),
        p.config_file.display(),
        if p.config_file.exists() {
            String::new()
        } else {
            format!(" {}", crate::tr!("cli-summary-not-present"))
        }
    );
    println!("  {}: {}", field("cli-summary-data"), p.data_dir.display());
    println!("  {}: {}", field("cli-summary-logs"), p.log_dir.display());
    let rt = super::engine_rt::runtime()?;
    let h = super::engine_rt::handle(ctx, &rt)?;
    if h.is_remote() {
        println!(
            "  {}: {}",
            field("cli-summary-engine"),
            crate::tr!(
                "cli-summary-attached",
                socket = super::engine_rt::socket_path(ctx).display().to_string(),
                who = h.who(),
                role = h.role().to_string()
            )
        );
    }
    let shops = h.shops().map_err(super::engine_rt::engine_error)?;
    println!("  {}: {}", field("cli-summary-shops"), shops.len());
    for s in &shops {
        println!(
            "    {} {:<10} {}",
            crate::i18n::pad_right(s.name.as_str(), 20),
            s.site.slug(),
            crate::i18n::label("health", s.health.label())
        );
    }
    let status = h.status().map_err(super::engine_rt::engine_error)?;
    let by_status: BTreeMap<StatusKey, u64> = status.by_status;
    let total: u64 = by_status.values().sum();
    println!("  {}: {total}", field("cli-summary-orders"));
    for (status, n) in by_status {
        println!(
            "    {} {n}",
            crate::i18n::pad_right(&crate::i18n::label("status", status.name()), 20)
        );
    }
    println!(
        "  {}",
        crate::tr!("cli-summary-mismatches", n = status.mismatches)
    );
    println!("{}", crate::tr!("cli-summary-help"));
    Ok(())
}
