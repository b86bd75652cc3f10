//! `shipdeck tracking import FILE.csv` and `shipdeck waybill print KEY…`.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::orders::command_then_drain;
use super::{CliError, Context};
use crate::domain::{Carrier, OrderKey, TrackingNumber};
use crate::engine::{Command, TrackingRow};

/// `shipdeck tracking …`.
#[derive(Debug, Subcommand)]
pub enum TrackingCmd {
    /// Record carrier-labelled parcels received at the warehouse (CSV: order key, carrier, tracking
    /// number) and push them to the sites.
    Import {
        /// The CSV file (UTF-8; a header row is recognised and skipped).
        file: PathBuf,
        /// Seconds to wait for the sites' answers.
        #[arg(long, default_value_t = 60)]
        wait: u64,
        /// One JSON document on stdout.
        #[arg(long)]
        json: bool,
    },
}

/// `shipdeck waybill …`.
#[derive(Debug, Subcommand)]
pub enum WaybillCmd {
    /// Issue shipdeck's own QSP waybill numbers (courier "other courier") and push them.
    Print {
        /// Orders as SHOP/ORDER.
        #[arg(required = true)]
        keys: Vec<OrderKey>,
        /// Seconds to wait for the sites' answers.
        #[arg(long, default_value_t = 60)]
        wait: u64,
        /// One JSON document on stdout.
        #[arg(long)]
        json: bool,
    },
}

fn looks_like_header(rec: &csv::StringRecord) -> bool {
    rec.get(0).is_some_and(|f| f.parse::<OrderKey>().is_err())
        && rec.iter().any(|f| {
            let f = f.trim().to_lowercase();
            f.contains("order") || f.contains("주문") || f.contains("注文") || f.contains("key")
        })
}

/// A tracking file larger than this is refused before it is read (a day's parcels take kilobytes).
pub const MAX_TRACKING_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a tracking CSV of at most `MAX_TRACKING_FILE_BYTES`; every problem names the file, row
/// and field, and nothing is recorded unless every row is good.
pub fn read_tracking_csv(path: &Path) -> Result<Vec<TrackingRow>, CliError> {
    let bytes = crate::catalogue::read::read_capped(path, MAX_TRACKING_FILE_BYTES, "a tracking file")
        .map_err(|e| CliError::BadInput(format!("{}: {e}", path.display())))?;
    parse_tracking_csv(path, &bytes)
}

/// Parses the bytes of a tracking CSV (`path` only names it in messages).
pub fn parse_tracking_csv(path: &Path, bytes: &[u8]) -> Result<Vec<TrackingRow>, CliError> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(|e| {
        CliError::BadInput(crate::tr!(
            "cli-not-utf8",
            file = path.display().to_string(),
            error = e.to_string()
        ))
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let line = i + 1;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                problems.push(crate::tr!(
                    "cli-row-error",
                    file = path.display().to_string(),
                    row = line,
                    error = e.to_string()
                ));
                continue;
            }
        };
        if i == 0 && looks_like_header(&rec) {
            continue;
        }
        if rec.iter().all(str::is_empty) {
            continue;
        }
        if rec.len() != 3 {
            problems.push(crate::tr!(
                "cli-tracking-fields",
                file = path.display().to_string(),
                row = line,
                n = rec.len()
            ));
            continue;
        }
        let key = rec[0].parse::<OrderKey>();
        let number = TrackingNumber::new(&rec[2]);
        match (key, rec[1].is_empty(), number) {
            (Ok(key), false, Ok(number)) => rows.push(TrackingRow {
                key,
                carrier: Carrier::parse(&rec[1]),
                number,
            }),
            (Err(e), _, _) => problems.push(crate::tr!(
                "cli-tracking-bad-key",
                file = path.display().to_string(),
                row = line,
                error = e.to_string()
            )),
            (_, true, _) => problems.push(crate::tr!(
                "cli-tracking-no-carrier",
                file = path.display().to_string(),
                row = line
            )),
            (_, _, Err(e)) => problems.push(crate::tr!(
                "cli-tracking-bad-number",
                file = path.display().to_string(),
                row = line,
                error = e.to_string()
            )),
        }
    }
    if !problems.is_empty() {
        return Err(CliError::BadInput(format!(
            "{}\n  {}",
            crate::tr!("cli-nothing-recorded"),
            problems.join("\n  ")
        )));
    }
    if rows.is_empty() {
        return Err(CliError::BadInput(crate::tr!(
            "cli-no-tracking-rows",
            file = path.display().to_string()
        )));
    }
    Ok(rows)
}

/// Runs `tracking …`.
pub fn run_tracking(ctx: &Context, cmd: TrackingCmd) -> Result<(), CliError> {
    match cmd {
        TrackingCmd::Import { file, wait, json } => {
            let rows = read_tracking_csv(&file)?;
            command_then_drain(ctx, Command::ImportTracking { rows }, wait, json).map_err(|e| match e {
                CliError::BadInput(m) => CliError::BadInput(format!("{}: {m}", file.display())),
                other => other,
            })
        }
    }
}

/// Runs `waybill …`.
pub fn run_waybill(ctx: &Context, cmd: WaybillCmd) -> Result<(), CliError> {
    match cmd {
        WaybillCmd::Print { keys, wait, json } => {
            command_then_drain(ctx, Command::PrintWaybills { keys }, wait, json)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_errors_name_file_row_and_field() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        std::fs::write(
            &p,
            "order,carrier,tracking\nshop/1,CJ,123\nshop/2,,456\nnoslash,CJ,1\nshop/3,CJ,12 34\nshop/4,CJ\n",
        )
        .unwrap();
        let err = read_tracking_csv(&p).unwrap_err().to_string();
        assert!(err.contains("row 3, field 2 (carrier)"), "{err}");
        assert!(err.contains("row 4, field 1 (order key)"), "{err}");
        assert!(err.contains("row 5, field 3 (tracking number)"), "{err}");
        assert!(err.contains("row 6: expected 3 fields"), "{err}");
        assert!(err.contains("t.csv"), "{err}");
        std::fs::write(&p, "\u{feff}shop/1,CJ대한통운,123\nshop/2,ヤマト運輸,456\n").unwrap();
        let rows = read_tracking_csv(&p).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].carrier, Carrier::Cj);
        std::fs::write(&p, [0xffu8, 0xfe, 0x00]).unwrap();
        assert!(read_tracking_csv(&p)
            .unwrap_err()
            .to_string()
            .contains("not UTF-8"));
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_as_a_tracking_file_give_rows_or_an_error(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..1024),
            text in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("shop/1"), proptest::strategy::Just(","),
                    proptest::strategy::Just("CJ"), proptest::strategy::Just("\n"),
                    proptest::strategy::Just("\""), proptest::strategy::Just("123 456"),
                    proptest::strategy::Just("order"), proptest::strategy::Just("\u{feff}"),
                    proptest::strategy::Just("\t"), proptest::strategy::Just("ヤマト"),
                    proptest::strategy::Just("/"),
                ],
                0..60,
            ),
        ) {
            for input in [bytes, text.concat().into_bytes()] {
                match parse_tracking_csv(Path::new("t.csv"), &input) {
                    Ok(rows) => proptest::prop_assert!(!rows.is_empty()),
                    Err(e) => proptest::prop_assert!(
                        matches!(e, CliError::BadInput(_)) && e.to_string().contains("t.csv")
                            || e.to_string().starts_with("nothing was recorded")
                    ),
                }
            }
        }
    }

    #[test]
    fn a_tracking_file_over_the_cap_is_bad_input_naming_file_and_cap() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("huge.csv");
        std::fs::File::create(&p)
            .unwrap()
            .set_len(MAX_TRACKING_FILE_BYTES + 1)
            .unwrap();
        let err = read_tracking_csv(&p).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, CliError::BadInput(_)), "{msg}");
        assert!(msg.contains("huge.csv") && msg.contains("16 MiB"), "{msg}");
    }
}
