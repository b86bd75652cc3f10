//! `shipdeck sync`: one whole cycle (`--once`: pull, then send the outbox), or the engine's loops
//! in the foreground until interrupted.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use serde::Serialize;

use super::engine_rt::{attach, engine, engine_error, handle, runtime};
use super::progress::Progress;
use super::{print_json, CliError, Context};
use crate::domain::ShopName;
use crate::engine::supervisor::Drained;
use crate::engine::{Actor, Command, CommandResult, Event, PullSummary};

/// `shipdeck sync …`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// One cycle and exit: pull, then send what the outbox holds.
    #[arg(long)]
    pub once: bool,
    /// Only this shop.
    #[arg(long)]
    pub shop: Option<String>,
    /// Manual pull by order date: first day (YYYY-MM-DD, in the site's zone).
    #[arg(long, requires = "to")]
    pub from: Option<jiff::civil::Date>,
    /// Manual pull by order date: last day, included.
    #[arg(long, requires = "from")]
    pub to: Option<jiff::civil::Date>,
    /// Seconds to wait for retries of the pushes.
    #[arg(long, default_value_t = 60)]
    pub wait: u64,
    /// One JSON document on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct SyncReport {
    shops: BTreeMap<String, PullSummary>,
    pushes: Drained,
}

/// Runs `sync`.
pub fn run(ctx: &Context, args: SyncArgs) -> Result<(), CliError> {
    let rt = runtime()?;
    if !args.once {
        if args.from.is_some() || args.shop.is_some() {
            return Err(CliError::BadInput(
                "--shop, --from and --to go with --once".into(),
            ));
        }
        if let Some(c) = attach(ctx, &rt)? {
            eprintln!(
                "shipdeck: the engine at {} already syncs every shop on its schedule ({})",
                super::engine_rt::socket_path(ctx).display(),
                c.session().actor
            );
            return Ok(());
        }
        let engine = engine(ctx)?;
        eprintln!("shipdeck: syncing every shop on its schedule; Ctrl-C stops");
        rt.block_on(crate::engine::supervisor::run(engine, async {
            let _ = tokio::signal::ctrl_c().await;
        }));
        return Ok(());
    }
    let shop = args
        .shop
        .as_deref()
        .map(ShopName::new)
        .transpose()
        .map_err(|e| CliError::BadInput(e.to_string()))?;
    // Dates are order dates in the sites' own zone (KST and JST are both UTC+9).
    let zone = jiff::tz::TimeZone::fixed(jiff::tz::offset(9));
    let at = |d: jiff::civil::Date| {
        d.to_zoned(zone.clone())
            .map(|z| z.timestamp())
            .map_err(|e| CliError::BadInput(format!("bad date {d}: {e}")))
    };
    let from = args.from.map(at).transpose()?;
    let to = match args.to {
        Some(d) => Some(at(d
            .tomorrow()
            .map_err(|e| CliError::BadInput(e.to_string()))?)?),
        None => None,
    };
    let engine = handle(ctx, &rt)?;
    // Per-shop progress: the engine tells every pull it finishes.
    let total = match &shop {
        Some(_) => 1,
        None => engine
            .shops()
            .map(|v| {
                v.iter()
                    .filter(|s| s.options.get("order_integration") == Some(&true))
                    .count()
            })
            .unwrap_or(0),
    } as u64;
    let progress = Arc::new(Progress::new("sync"));
    progress.phase(format!("pulling {total} shops"));
    let mut events = engine.subscribe();
    let report = rt.block_on(async {
        let p = progress.clone();
        let (stop_tx, mut stop_rx) = tokio::sync::oneshot::channel::<()>();
        let watcher = tokio::spawn(async move {
            let mut done = 0u64;
            let mut show = |ev: Event| {
                if let Event::PullFinished { shop, summary } = ev {
                    done += 1;
                    let errors = if summary.errors.is_empty() {
                        String::new()
                    } else {
                        format!(", {} errors", summary.errors.len())
                    };
                    p.step(done, total, format!("{shop}: {} new{errors}", summary.new));
                }
            };
            loop {
                tokio::select! {
                    biased;
                    ev = events.recv() => match ev {
                        Ok(ev) => show(ev),
                        Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                        Err(_) => break,
                    },
                    _ = &mut stop_rx => {
                        // The pull has returned: what it announced is in the channel already.
                        while let Ok(ev) = events.try_recv() {
                            show(ev);
                        }
                        break;
                    }
                }
            }
        });
        let result = engine
            .execute(&Actor::local(), Command::PullNow { shop, from, to })
            .await
            .map_err(engine_error);
        let _ = stop_tx.send(());
        let _ = watcher.await;
        let CommandResult::Pulled { shops } = result? else {
            return Err(CliError::Failed("unexpected answer to a pull".into()));
        };
        let pending = engine.status().map_err(engine_error)?.pending_pushes;
        progress.phase(format!("sending pushes ({pending} pending)"));
        let pushes = engine
            .drain(Duration::from_secs(args.wait))
            .await
            .map_err(engine_error)?;
        Ok::<_, CliError>(SyncReport { shops, pushes })
    })?;
    progress.finish(format!(
        "{} shops pulled, {} pushes done, {} failed",
        report.shops.len(),
        report.pushes.done,
        report.pushes.failed
    ));
    let failed = report.shops.values().any(|s| !s.errors.is_empty()) || report.pushes.failed > 0;
    if args.json {
        print_json(&report)?;
    } else {
        println!(
            "{:<20} {:>5} {:>8} {:>10} {:>5} {:>7}  ERRORS",
            "SHOP", "NEW", "UPDATED", "CANCELLED", "HELD", "QUEUED"
        );
        for (name, s) in &report.shops {
            println!(
                "{:<20} {:>5} {:>8} {:>10} {:>5} {:>7}  {}",
                name,
                s.new,
                s.updated,
                s.cancelled,
                s.held,
                s.queued,
                if s.errors.is_empty() {
                    "-".to_string()
                } else {
                    crate::domain::text::clean(&s.errors.join("; ")).into_owned()
                }
            );
        }
        let p = &report.pushes;
        println!(
            "pushes: {} done, {} failed, {} retried, {} dropped, {} still pending",
            p.done, p.failed, p.retried, p.dropped, p.pending
        );
    }
    if failed {
        Err(CliError::Failed("some pulls or pushes failed (see above)".into()))
    } else {
        Ok(())
    }
}
