//! `shipdeck sku import FILE [--dry-run] [--json] [--encoding E]` and `shipdeck sku export FILE`.

use std::path::PathBuf;

use clap::Subcommand;

use super::engine_rt::{engine_error, handle, runtime};
use super::progress::Progress;
use super::{print_json, CliError, Context};
use crate::catalogue::TextEncoding;
use crate::engine::Actor;

/// `shipdeck sku …`.
#[derive(Debug, Subcommand)]
pub enum SkuCmd {
    /// Import SKUs and mappings from .xlsx or .csv: the whole file is checked first, then
    /// written in one transaction, or not at all. Exit status 2 when the file has errors.
    Import {
        /// The file (.xlsx, or .csv in UTF-8, Shift_JIS or CP949).
        file: PathBuf,
        /// Check the file and print the report; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Force the CSV text encoding instead of detecting it.
        #[arg(long, value_enum)]
        encoding: Option<TextEncoding>,
        /// One JSON document on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Export the SKUs, mappings and open mismatches to .xlsx (one sheet each) or .csv (the
    /// mismatches go to NAME.mismatches.csv beside it), in the form `sku import` reads back.
    Export {
        /// The file (.xlsx or .csv).
        file: PathBuf,
        /// One JSON document on stdout.
        #[arg(long)]
        json: bool,
    },
}

/// Runs `sku …`.
pub fn run(ctx: &Context, cmd: SkuCmd) -> Result<(), CliError> {
    let rt = runtime()?;
    let engine = handle(ctx, &rt)?;
    match cmd {
        SkuCmd::Import {
            file,
            dry_run,
            encoding,
            json,
        } => {
            let progress = Progress::new("sku import");
            let phase = |p: &str| progress.phase(p);
            let report = rt
                .block_on(engine.import_skus_observed(&Actor::local(), file, encoding, dry_run, &phase))
                .map_err(engine_error)?;
            progress.finish(format!(
                "{} rows, {} errors, {}",
                report.rows,
                report.errors.len(),
                if report.applied {
                    "applied"
                } else {
                    "nothing written"
                }
            ));
            if json {
                print_json(&report)?;
            } else {
                println!("{report}");
            }
            if report.ok() {
                Ok(())
            } else {
                Err(CliError::BadInput(format!(
                    "{}: {} errors; nothing was written",
                    report.file,
                    report.errors.len()
                )))
            }
        }
        SkuCmd::Export { file, json } => {
            let progress = Progress::new("sku export");
            progress.phase(format!("writing {}", file.display()));
            let report = rt.block_on(engine.export_skus(file)).map_err(engine_error)?;
            progress.finish(report.file.clone());
            if json {
                print_json(&report)
            } else {
                println!("{report}");
                Ok(())
            }
        }
    }
}
