//! `shipdeck shops test NAME`: the adapter's connection test, with the site's own answer.

use std::sync::Arc;

use serde::Serialize;

use super::{print_json, CliError, Context};
use crate::domain::shop::ShopHealth;
use crate::domain::ShopName;
use crate::market::{self, AdapterContext, Http, HttpOptions, MarketError, SystemClock};

#[derive(Serialize)]
struct TestReport {
    shop: String,
    site: String,
    ok: bool,
    message: String,
    /// Each call the test made and the site's answer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    steps: Vec<crate::market::ConnectionStep>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<MarketError>,
}

/// Runs the connection test of one shop and records the shop's health.
pub fn run(ctx: &Context, name: &str, json: bool) -> Result<(), CliError> {
    let name = ShopName::new(name).map_err(|e| CliError::BadInput(e.to_string()))?;
    let store = ctx.open_store()?;
    let mut shop = store
        .get_shop(&name)?
        .ok_or_else(|| CliError::BadInput(crate::tr!("cli-no-such-shop", name = name.as_str())))?;
    let http = Http::new(HttpOptions::default()).map_err(|e| CliError::Failed(e.to_string()))?;
    let actx = AdapterContext {
        http,
        config: Arc::new(ctx.config.clone()),
        clock: Arc::new(SystemClock),
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Failed(format!("cannot start the async runtime: {e}")))?;
    let result = rt.block_on(async {
        let adapter = market::adapter_for(&shop, &actx)?;
        adapter.test_connection().await
    });
    let now = jiff::Timestamp::now();
    let report = match result {
        Ok(r) => {
            shop.health = ShopHealth::Ok { at: now };
            TestReport {
                shop: name.to_string(),
                site: shop.site.slug().into(),
                ok: true,
                message: r.message,
                steps: r.steps,
                error: None,
            }
        }
        Err(e) => {
            shop.health = match &e {
                MarketError::Auth { message } | MarketError::KeyExpired { message } => {
                    ShopHealth::AuthFailed {
                        at: now,
                        message: message.clone(),
                    }
                }
                other => ShopHealth::Error {
                    at: now,
                    message: other.to_string(),
                },
            };
            TestReport {
                shop: name.to_string(),
                site: shop.site.slug().into(),
                ok: false,
                message: e.to_string(),
                steps: Vec::new(),
                error: Some(e),
            }
        }
    };
    store.put_shop(&shop)?;
    store.flush()?;
    tracing::info!(shop = %name, ok = report.ok, "connection test");
    // The site's words are shown cleaned of control characters (JSON escapes them anyway).
    let plain = crate::domain::text::clean;
    if json {
        print_json(&report)?;
    } else {
        for step in &report.steps {
            println!("  {}: {}", plain(&step.name), plain(&step.answer));
        }
        let verdict = crate::tr!(if report.ok {
            "cli-connection-ok"
        } else {
            "cli-connection-failed"
        });
        println!("{}: {verdict} — {}", name, plain(&report.message));
    }
    if report.ok {
        Ok(())
    } else {
        Err(CliError::Failed(crate::tr!(
            "cli-connection-test-failed",
            name = name.as_str()
        )))
    }
}
