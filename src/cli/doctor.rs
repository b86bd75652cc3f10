//! `shipdeck doctor [--json]`: checks the setup one line at a time (config, database, logs,
//! clock, integrator keys, each shop's connection, pushes, mismatches), with a fix for each
//! failure. Exit status 0 when every check passes, 1 otherwise. It reads; it changes nothing.

mod checks;

use std::io::IsTerminal;

use clap::Args;
use serde::Serialize;

use super::{print_json, CliError, Context};
use crate::config::Paths;

/// `shipdeck doctor …`.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// One JSON document on stdout: `{"ok": …, "checks": [{"name", "status", "detail", "fix"}]}`.
    #[arg(long)]
    pub json: bool,
    /// Seconds each shop's connection test may take.
    #[arg(long, default_value_t = 20)]
    pub timeout: u64,
}

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Passed.
    Ok,
    /// Failed: the line carries a fix.
    Fail,
    /// Could not be run (an earlier check failed, or nothing to check).
    Skip,
}

/// One line of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// What was checked (`config`, `database`, `clock`, `shop grip-main`, …).
    pub name: String,
    /// How it came out.
    pub status: Status,
    /// What was found.
    pub detail: String,
    /// What to do about a failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Check {
    fn ok(name: impl Into<String>, detail: impl Into<String>) -> Check {
        Check {
            name: name.into(),
            status: Status::Ok,
            detail: detail.into(),
            fix: None,
        }
    }

    fn fail(name: impl Into<String>, detail: impl Into<String>, fix: impl Into<String>) -> Check {
        Check {
            name: name.into(),
            status: Status::Fail,
            detail: detail.into(),
            fix: Some(fix.into()),
        }
    }

    fn skip(name: impl Into<String>, detail: impl Into<String>) -> Check {
        Check {
            name: name.into(),
            status: Status::Skip,
            detail: detail.into(),
            fix: None,
        }
    }
}

#[derive(Serialize)]
struct Report {
    ok: bool,
    checks: Vec<Check>,
}

/// Runs every check and prints the report.
pub fn run(ctx: &Context, args: DoctorArgs) -> Result<(), CliError> {
    let checks = checks::all(&ctx.paths, std::time::Duration::from_secs(args.timeout.max(1)));
    let ok = checks.iter().all(|c| c.status != Status::Fail);
    tracing::info!(
        ok,
        failed = checks.iter().filter(|c| c.status == Status::Fail).count(),
        "doctor"
    );
    if args.json {
        print_json(&Report { ok, checks })?;
    } else {
        print_text(&ctx.paths, &checks);
    }
    if ok {
        Ok(())
    } else {
        Err(CliError::Failed(crate::tr!("cli-doctor-failed")))
    }
}

fn print_text(paths: &Paths, checks: &[Check]) {
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let width = checks.iter().map(|c| c.name.chars().count()).max().unwrap_or(0);
    println!(
        "shipdeck doctor — {}",
        crate::tr!(
            "cli-doctor-head",
            config = paths.config_file.display().to_string(),
            data = paths.data_dir.display().to_string()
        )
    );
    for c in checks {
        let (label, on) = match c.status {
            Status::Ok => ("ok  ", "\x1b[32m"),
            Status::Fail => ("FAIL", "\x1b[31;1m"),
            Status::Skip => ("skip", "\x1b[2m"),
        };
        let label = if colour {
            format!("{on}{label}\x1b[0m")
        } else {
            label.to_string()
        };
        println!("{label}  {:<width$}  {}", c.name, c.detail);
        if let Some(fix) = &c.fix {
            println!(
                "      {:<width$}  {}",
                "",
                crate::tr!("cli-doctor-fix", fix = fix)
            );
        }
    }
}
