//! `shipdeck shops test NAME`: the adapter's connection test, with the site's own answer.

use serde::Serialize;

use super::engine_rt::{engine_error, handle, runtime};
use super::{print_json, CliError, Context};
use crate::domain::ShopName;
use crate::engine::{Actor, Command, CommandResult};
use crate::market::MarketError;

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

/// Runs the connection test of one shop in the engine (which records the shop's health).
pub fn run(ctx: &Context, name: &str, json: bool) -> Result<(), CliError> {
    let name = ShopName::new(name).map_err(|e| CliError::BadInput(e.to_string()))?;
    let rt = runtime()?;
    let h = handle(ctx, &rt)?;
    let site = h
        .shops()
        .map_err(engine_error)?
        .into_iter()
        .find(|s| s.name == name.as_str())
        .map(|s| s.site.slug().to_string())
        .ok_or_else(|| CliError::BadInput(format!("no shop named `{name}`")))?;
    let result = rt
        .block_on(h.execute(&Actor::local(), Command::TestShop { shop: name.clone() }))
        .map_err(engine_error)?;
    let CommandResult::ShopTested { outcome } = result else {
        return Err(CliError::Failed("unexpected answer to a connection test".into()));
    };
    let report = match outcome {
        Ok(r) => TestReport {
            shop: name.to_string(),
            site,
            ok: true,
            message: r.message,
            steps: r.steps,
            error: None,
        },
        Err(e) => TestReport {
            shop: name.to_string(),
            site,
            ok: false,
            message: e.to_string(),
            steps: Vec::new(),
            error: Some(e),
        },
    };
    tracing::info!(shop = %name, ok = report.ok, "connection test");
    // The site's words are shown cleaned of control characters (JSON escapes them anyway).
    let plain = crate::domain::text::clean;
    if json {
        print_json(&report)?;
    } else {
        for step in &report.steps {
            println!("  {}: {}", plain(&step.name), plain(&step.answer));
        }
        let verdict = if report.ok { "OK" } else { "FAILED" };
        println!("{}: connection {verdict} — {}", name, plain(&report.message));
    }
    if report.ok {
        Ok(())
    } else {
        Err(CliError::Failed(format!(
            "the connection test of `{name}` failed"
        )))
    }
}
