//! `shipdeck audit [--since WHEN] [--user NAME] [--limit N] [--json]`: the audit trail, newest
//! first — who (user, uid, role; the SSH client and terminal as the client said), what, when, and
//! how it ended.

use clap::Args;

use super::engine_rt::{engine_error, handle, runtime};
use super::{print_json, CliError, Context};
use crate::store::audit::AuditQuery;

/// `shipdeck audit …`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only entries since: a date (2026-12-01), an instant (2026-12-01T09:00:00Z) or an age
    /// (30m, 12h, 7d).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Only entries of this user (name or uid).
    #[arg(long)]
    pub user: Option<String>,
    /// At most this many (the newest).
    #[arg(long, default_value_t = 200)]
    pub limit: usize,
    /// One JSON document on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Parses `--since`.
pub fn parse_since(s: &str, now: jiff::Timestamp) -> Result<jiff::Timestamp, CliError> {
    let s = s.trim();
    let bad = || CliError::BadInput(crate::tr!("cli-audit-since-bad", value = s));
    if let Some(unit) = s.chars().last().filter(|c| c.is_ascii_alphabetic()) {
        if let Ok(n) = s[..s.len() - 1].parse::<i64>() {
            let secs = match unit {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86_400,
                _ => return Err(bad()),
            };
            return now
                .checked_sub(jiff::SignedDuration::from_secs(n.saturating_mul(secs)))
                .map_err(|_| bad());
        }
    }
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Ok(t);
    }
    let d: jiff::civil::Date = s.parse().map_err(|_| bad())?;
    d.to_zoned(jiff::tz::TimeZone::system())
        .map(|z| z.timestamp())
        .map_err(|_| bad())
}

/// Runs `audit`.
pub fn run(ctx: &Context, args: AuditArgs) -> Result<(), CliError> {
    let since = args
        .since
        .as_deref()
        .map(|s| parse_since(s, jiff::Timestamp::now()))
        .transpose()?;
    let rt = runtime()?;
    let h = handle(ctx, &rt)?;
    let entries = h
        .audit(&AuditQuery {
            since,
            user: args.user.clone(),
            limit: args.limit,
        })
        .map_err(engine_error)?;
    if args.json {
        return print_json(&serde_json::json!({ "entries": entries }));
    }
    if entries.is_empty() {
        println!("{}", crate::tr!("audit-none"));
        return Ok(());
    }
    let col = |key: &str, width: usize| crate::i18n::pad_right(&crate::tr!(key), width);
    println!(
        "{}  {} {} {} {}  [{}]",
        col("cli-audit-when", 19),
        col("cli-audit-user", 22),
        col("cli-audit-role", 8),
        col("cli-audit-action", 28),
        crate::tr!("cli-audit-detail"),
        crate::tr!("cli-audit-result")
    );
    for e in &entries {
        println!("{}", e.line());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_takes_ages_instants_and_dates() {
        let now: jiff::Timestamp = "2026-12-01T12:00:00Z".parse().unwrap();
        assert_eq!(
            parse_since("2h", now).unwrap(),
            "2026-12-01T10:00:00Z".parse::<jiff::Timestamp>().unwrap()
        );
        assert_eq!(
            parse_since("2026-11-30T00:00:00Z", now).unwrap(),
            "2026-11-30T00:00:00Z".parse::<jiff::Timestamp>().unwrap()
        );
        assert!(parse_since("2026-11-30", now).is_ok());
        assert!(parse_since("yesterday", now).is_err());
        assert!(parse_since("3w", now).is_err());
    }
}
