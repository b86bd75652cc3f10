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
use crate::i18n::{pad_left, pad_right as pad};
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
                Err(m) => println!(
                    "{}: {}",
                    escape(&i.item),
                    crate::tr!("cli-not-done", error = clean(m))
                ),
            }
        }
        let p = &report.pushes;
        println!(
            "{}",
            crate::tr!(
                "cli-pushes-summary",
                done = p.done,
                failed = p.failed,
                pending = p.pending
            )
        );
    }
    if report.items.iter().any(|i| i.outcome.is_err()) || report.pushes.failed > 0 {
        Err(CliError::Failed(crate::tr!("cli-some-not-done")))
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
        if let Some(u) = engine.unknown_items(&cmd).map_err(engine_error)? {
            let items = u.items.join(", ");
            return Err(CliError::BadInput(if u.pushes {
                crate::tr!("cli-no-such-push", ids = items)
            } else {
                crate::tr!("cli-no-such-order", keys = items)
            }));
        }
    }
    let (what, first) = match &cmd {
        Command::ImportTracking { rows } => (
            "tracking import",
            crate::tr_twin!("progress-recording", n = rows.len()),
        ),
        Command::PrintWaybills { keys } => (
            "waybill print",
            crate::tr_twin!("progress-issuing", n = keys.len()),
        ),
        _ => ("orders", crate::tr_twin!("progress-sending-command")),
    };
    let progress = super::progress::Progress::new(what);
    progress.phase(first);
    let report = rt.block_on(async {
        let result = engine.execute(&Actor::local(), cmd).await.map_err(engine_error)?;
        let CommandResult::Items { items } = result else {
            return Err(CliError::Failed(crate::tr!("cli-unexpected-answer")));
        };
        let pending = engine.status().map_err(engine_error)?.pending_pushes;
        progress.phase(crate::tr_twin!("progress-sending-pushes", n = pending));
        let pushes = engine
            .drain(Duration::from_secs(wait))
            .await
            .map_err(engine_error)?;
        Ok(BulkReport { items, pushes })
    })?;
    progress.finish(crate::tr_twin!(
        "progress-items-done",
        items = report.items.len(),
        done = report.pushes.done,
        failed = report.pushes.failed
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
                "{} {} {} {} {}  {}",
                pad(&crate::tr!("cli-col-order"), 32),
                pad(&crate::tr!("cli-col-site"), 10),
                pad(&crate::tr!("cli-col-status"), 12),
                pad(&crate::tr!("cli-col-ordered"), 22),
                pad_left(&crate::tr!("cli-col-items"), 5),
                crate::tr!("cli-col-sku")
            );
            for r in &rows {
                println!(
                    "{} {:<10} {} {:<22} {:>5}  {}",
                    pad(&escape(&r.key), 32),
                    r.site,
                    pad(&crate::i18n::label("status", &r.status), 12),
                    r.ordered_at_local,
                    r.items,
                    if r.unmapped_lines > 0 {
                        crate::tr!("sku-unmapped", n = r.unmapped_lines)
                    } else {
                        crate::tr!("sku-ok")
                    }
                );
            }
            println!(
                "{}",
                crate::tr!("cli-orders-count", shown = rows.len(), total = page.total)
            );
            if page.skipped > 0 {
                println!("{}", crate::tr!("cli-orders-skipped", n = page.skipped));
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
                    return Err(CliError::BadInput(crate::tr!(
                        "cli-unknown-push-state",
                        state = s
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
                "{} {} {} {} {}  {}",
                pad_left(&crate::tr!("cli-col-id"), 6),
                pad(&crate::tr!("cli-col-kind"), 8),
                pad(&crate::tr!("cli-col-order"), 32),
                pad(&crate::tr!("cli-col-state"), 8),
                pad_left(&crate::tr!("cli-col-try"), 4),
                crate::tr!("cli-col-result")
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
                    "{:>6} {} {} {} {:>4}  {}",
                    p.id,
                    pad(&crate::i18n::label("push-kind", p.kind.label()), 8),
                    pad(&what, 32),
                    pad(&crate::i18n::label("push-state", p.state.label()), 8),
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
