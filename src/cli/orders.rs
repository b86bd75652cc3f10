//! `shipdeck orders list|confirm` and `shipdeck pushes list|retry`.

use crate::domain::text::{clean, escape};
use std::time::Duration;

use clap::Subcommand;
use serde::Serialize;

use super::engine_rt::{engine_error, handle, runtime};
use super::{print_json, CliError, Context};
use crate::domain::{Order, OrderKey, Push, ShopName, StatusKey};
use crate::engine::supervisor::Drained;
use crate::engine::{Actor, Command, CommandResult, ItemResult};
use crate::store::OrderQuery;

/// `shipdeck orders …`.
#[derive(Debug, Subcommand)]
pub enum OrdersCmd {
    /// Orders newest first, by status and shop.
    List {
        /// collected, confirmed, instructed, received, shipped, delivered, held or cancelled.
        #[arg(long)]
        status: Option<StatusKey>,
        /// One shop.
        #[arg(long)]
        shop: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 100)]
        limit: u64,
        /// newest (default), oldest, shop (A→Z, newest first within) or site (then shop).
        #[arg(long, value_enum, default_value_t = SortArg::Newest)]
        sort: SortArg,
        /// One JSON document on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Confirm orders on their sites (SHOP/ORDER…), then send the confirmations.
    Confirm {
        /// Orders as SHOP/ORDER.
        #[arg(required = true)]
        keys: Vec<OrderKey>,
        /// Seconds to wait for the sites' answers.
        #[arg(long, default_value_t = 30)]
        wait: u64,
        /// One JSON document on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Take the shipment someone else made on the site (an order held for "other tracking on the
    /// site") as the order's own: it is shipped with the site's number; ours is not sent.
    AcceptShipment {
        /// The order as SHOP/ORDER.
        key: OrderKey,
        /// One JSON document on stdout.
        #[arg(long)]
        json: bool,
    },
}

/// `shipdeck pushes …`.
#[derive(Debug, Subcommand)]
pub enum PushesCmd {
    /// Pushes newest first.
    List {
        /// pending, done, failed or dropped.
        #[arg(long)]
        state: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 100)]
        limit: usize,
        /// One JSON document on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Send failed pushes again.
    Retry {
        /// Push ids.
        #[arg(required = true)]
        ids: Vec<u64>,
        /// Seconds to wait for the sites' answers.
        #[arg(long, default_value_t = 30)]
        wait: u64,
        /// One JSON document on stdout.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Serialize)]
struct OrderList {
    total: u64,
    orders: Vec<OrderRow>,
    /// Records that could not be read and were left out.
    skipped: u64,
}

#[derive(Serialize)]
struct OrderRow {
    key: String,
    site: String,
    status: String,
    state: crate::domain::OrderState,
    site_status: crate::domain::SiteStatus,
    ordered_at: jiff::Timestamp,
    ordered_at_local: String,
    items: u64,
    unmapped_lines: usize,
    tracking: Option<crate::domain::Tracking>,
}

fn row(o: &Order) -> OrderRow {
    OrderRow {
        key: o.key.to_string(),
        site: o.site.slug().into(),
        status: o.state.status_key().name().into(),
        state: o.state.clone(),
        site_status: o.site_status.clone(),
        ordered_at: o.ordered_at,
        ordered_at_local: o.ordered_at_display(),
        items: o.item_count(),
        unmapped_lines: o.unmapped_lines().count(),
        tracking: o.tracking.clone(),
    }
}

/// The per-item results of a bulk command, and the pushes' fate.
#[derive(Serialize)]
pub(crate) struct BulkReport {
    pub(crate) items: Vec<ItemResult>,
    pub(crate) pushes: Drained,
}

/// Prints a bulk report; fails (exit 1) when an item or a push failed.
pub(crate) fn finish(report: BulkReport, json: bool) -> Result<(), CliError> {
    if json {
        print_json(&report)?;
    } else {
        for i in &report.items {
            match &i.outcome {
                Ok(m) => println!("{}: {}", escape(&i.item), clean(m)),
                Err(m) => println!("{}: NOT DONE — {}", escape(&i.item), clean(m)),
            }
        }
        let p = &report.pushes;
        println!(
            "pushes: {} done, {} failed, {} still pending (see `shipdeck pushes list`)",
            p.done, p.failed, p.pending
        );
    }
    if report.items.iter().any(|i| i.outcome.is_err()) || report.pushes.failed > 0 {
        Err(CliError::Failed("some items were not done (see above)".into()))
    } else {
        Ok(())
    }
}

/// Runs a command, then sends the outbox for up to `wait`.
pub(crate) fn command_then_drain(ctx: &Context, cmd: Command, wait: u64, json: bool) -> Result<(), CliError> {
    let rt = runtime()?;
    let engine = handle(ctx, &rt)?;
    // Items the store does not have are bad input; a read-only role is refused by the engine
    // first (it is told what it may not do, not what does not exist).
    if engine.role() == crate::engine::Role::Operator {
        if let Some(why) = engine.unknown_items(&cmd).map_err(engine_error)? {
            return Err(CliError::BadInput(why));
        }
    }
    let (what, first) = match &cmd {
        Command::ImportTracking { rows } => ("tracking import", format!("recording {} parcels", rows.len())),
        Command::PrintWaybills { keys } => ("waybill print", format!("issuing {} waybills", keys.len())),
        _ => ("orders", "sending the command".to_string()),
    };
    let progress = super::progress::Progress::new(what);
    progress.phase(first);
    let report = rt.block_on(async {
        let result = engine.execute(&Actor::local(), cmd).await.map_err(engine_error)?;
        let CommandResult::Items { items } = result else {
            return Err(CliError::Failed("unexpected answer".into()));
        };
        let pending = engine.status().map_err(engine_error)?.pending_pushes;
        progress.phase(format!("sending pushes ({pending} pending)"));
        let pushes = engine
            .drain(Duration::from_secs(wait))
            .await
            .map_err(engine_error)?;
        Ok(BulkReport { items, pushes })
    })?;
    progress.finish(format!(
        "{} items, {} pushes done, {} failed",
        report.items.len(),
        report.pushes.done,
        report.pushes.failed
    ));
    finish(report, json)
}

/// `orders list --sort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortArg {
    /// Newest first.
    Newest,
    /// Oldest first.
    Oldest,
    /// By shop name.
    Shop,
    /// By site, then shop name.
    Site,
}

impl From<SortArg> for crate::store::OrderSort {
    fn from(a: SortArg) -> Self {
        use crate::store::OrderSortKey as K;
        let (by, reverse) = match a {
            SortArg::Newest => (K::Time, false),
            SortArg::Oldest => (K::Time, true),
            SortArg::Shop => (K::Shop, false),
            SortArg::Site => (K::Site, false),
        };
        crate::store::OrderSort { by, reverse }
    }
}

/// Runs `orders …`.
pub fn run_orders(ctx: &Context, cmd: OrdersCmd) -> Result<(), CliError> {
    match cmd {
        OrdersCmd::List {
            status,
            shop,
            limit,
            sort,
            json,
        } => {
            let shop = shop
                .as_deref()
                .map(ShopName::new)
                .transpose()
                .map_err(|e| CliError::BadInput(e.to_string()))?;
            let rt = runtime()?;
            let h = handle(ctx, &rt)?;
            let page = h
                .orders(&OrderQuery {
                    shop,
                    status,
                    offset: 0,
                    limit,
                    sort: sort.into(),
                })
                .map_err(engine_error)?;
            let rows: Vec<OrderRow> = page.orders.iter().map(row).collect();
            if json {
                return print_json(&OrderList {
                    total: page.total,
                    orders: rows,
                    skipped: page.skipped,
                });
            }
            println!(
                "{:<32} {:<10} {:<12} {:<22} {:>5}  SKU",
                "ORDER", "SITE", "STATUS", "ORDERED", "ITEMS"
            );
            for r in &rows {
                println!(
                    "{:<32} {:<10} {:<12} {:<22} {:>5}  {}",
                    escape(&r.key),
                    r.site,
                    r.status,
                    r.ordered_at_local,
                    r.items,
                    if r.unmapped_lines > 0 {
                        format!("{} unmapped", r.unmapped_lines)
                    } else {
                        "ok".into()
                    }
                );
            }
            println!("{} of {} orders", rows.len(), page.total);
            if page.skipped > 0 {
                println!(
                    "{} unreadable order records were skipped (the log names them)",
                    page.skipped
                );
            }
            Ok(())
        }
        OrdersCmd::Confirm { keys, wait, json } => {
            command_then_drain(ctx, Command::ConfirmOrders { keys }, wait, json)
        }
        OrdersCmd::AcceptShipment { key, json } => {
            command_then_drain(ctx, Command::AcceptSiteShipment { key }, 0, json)
        }
    }
}

/// Runs `pushes …`.
pub fn run_pushes(ctx: &Context, cmd: PushesCmd) -> Result<(), CliError> {
    match cmd {
        PushesCmd::List { state, limit, json } => {
            if let Some(s) = &state {
                if !["pending", "done", "failed", "dropped"].contains(&s.as_str()) {
                    return Err(CliError::BadInput(format!(
                        "unknown push state `{s}` (pending, done, failed, dropped)"
                    )));
                }
            }
            let rt = runtime()?;
            let h = handle(ctx, &rt)?;
            let pushes: Vec<Push> = h.pushes(state.as_deref(), 0, limit).map_err(engine_error)?;
            if json {
                return print_json(&serde_json::json!({ "pushes": pushes }));
            }
            println!(
                "{:>6} {:<8} {:<32} {:<8} {:>4}  RESULT",
                "ID", "KIND", "ORDER", "STATE", "TRY"
            );
            for p in &pushes {
                // Order numbers are shown escaped, the site's words cleaned of control characters.
                let what = match &p.order_no {
                    Some(o) => format!("{}/{}", p.shop, escape(o)),
                    None => p.shop.to_string(),
                };
                let result =
                    clean(p.last_error.as_deref().or(p.note.as_deref()).unwrap_or_default()).into_owned();
                println!(
                    "{:>6} {:<8} {:<32} {:<8} {:>4}  {}",
                    p.id,
                    p.kind.label(),
                    what,
                    p.state.label(),
                    p.attempts,
                    result
                );
            }
            Ok(())
        }
        PushesCmd::Retry { ids, wait, json } => {
            command_then_drain(ctx, Command::RetryPushes { ids }, wait, json)
        }
    }
}
