//! Bulk import and export of the SKU catalogue and its mappings (.xlsx and .csv).
//!
//! Import is two steps: [`import::plan`] reads and validates the whole file against the store and
//! writes nothing; [`import::apply`] writes a plan without errors in one store transaction.
//! [`export::export`] writes a file that `import` reads back unchanged.

pub mod export;
pub mod headers;
pub mod read;
mod rows;
mod validate;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use read::TextEncoding;

/// One message about a file: where (file, sheet, row, column) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The file.
    pub file: String,
    /// The sheet (xlsx).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The file's own row number (header = its row, usually 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// The column, by letter and header for spreadsheets (`C (option name)`), by header for CSV.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(s) = &self.sheet {
            write!(f, ": sheet {s}")?;
        }
        if let Some(r) = self.row {
            write!(f, ": row {r}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// What an import found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// The file.
    pub file: String,
    /// How it was read, e.g. `csv (shift_jis)`.
    pub format: String,
    /// Data rows read.
    pub rows: usize,
    /// SKUs not in the store yet.
    pub skus_new: usize,
    /// SKUs whose name, option name or quantity on hand change.
    pub skus_changed: usize,
    /// SKUs already stored exactly so.
    pub skus_unchanged: usize,
    /// Mappings not in the store yet.
    pub mappings_new: usize,
    /// Mappings that now lead to another SKU.
    pub mappings_changed: usize,
    /// Mappings already stored exactly so.
    pub mappings_unchanged: usize,
    /// Near misses and other things worth a look; never fixed.
    pub warnings: Vec<Problem>,
    /// Why the file cannot be applied; when there is any, nothing is written.
    pub errors: Vec<Problem>,
    /// True when the file was written to the store.
    pub applied: bool,
    /// Orders re-resolved after applying.
    pub reresolved: u64,
    /// Orders released from holds after applying.
    pub released: u64,
    /// How the file's mappings will match order lines: the number of rows of each rule
    /// (`by product code`, `by option code`, …).
    #[serde(default)]
    pub matching: std::collections::BTreeMap<String, usize>,
}

impl ImportReport {
    /// True when nothing stops the file from being applied.
    pub fn ok(&self) -> bool {
        self.errors.is_empty()
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} ({}): {} rows", self.file, self.format, self.rows)?;
        writeln!(
            f,
            "  SKUs: {} new, {} changed, {} unchanged",
            self.skus_new, self.skus_changed, self.skus_unchanged
        )?;
        writeln!(
            f,
            "  mappings: {} new, {} changed, {} unchanged",
            self.mappings_new, self.mappings_changed, self.mappings_unchanged
        )?;
        for (rule, n) in &self.matching {
            writeln!(f, "  {n} mapping rows match order lines {rule}")?;
        }
        for w in &self.warnings {
            writeln!(f, "  warning: {w}")?;
        }
        for e in &self.errors {
            writeln!(f, "  error: {e}")?;
        }
        if self.applied {
            write!(
                f,
                "  applied; {} orders re-resolved, {} released",
                self.reresolved, self.released
            )
        } else if self.errors.is_empty() {
            write!(f, "  not applied (dry run)")
        } else {
            write!(f, "  nothing was written: {} errors", self.errors.len())
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportReport {
    /// The file.
    pub file: String,
    /// SKUs written.
    pub skus: usize,
    /// Mappings written.
    pub mappings: usize,
    /// Open mismatch lines written.
    pub mismatches: usize,
    /// Where the mismatches went (the "Mismatches" sheet, or a sibling CSV file).
    pub mismatches_file: Option<String>,
}

impl fmt::Display for ExportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} SKUs, {} mappings", self.file, self.skus, self.mappings)?;
        if let Some(m) = &self.mismatches_file {
            write!(f, "; {} open mismatches in {m}", self.mismatches)?;
        }
        Ok(())
    }
}

/// Import and its options.
pub mod import {
    use std::path::Path;

    use serde::{Deserialize, Serialize};

    use super::read::{self, TextEncoding};
    use super::validate;
    pub use super::validate::ImportPlan;
    use super::{ImportReport, Problem};
    use crate::store::{Change, Store, StoreError};

    /// How to read the file.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ImportOptions {
        /// Force the CSV text encoding instead of detecting it.
        pub encoding: Option<TextEncoding>,
    }

    /// Reads and validates the whole file against the store; writes nothing.
    pub fn plan(store: &Store, path: &Path, opts: &ImportOptions) -> Result<ImportPlan, StoreError> {
        planned(
            store,
            path.display().to_string(),
            read::read_file(path, opts.encoding),
        )
    }

    /// [`plan`] of a file's bytes, sent by whoever read the file; `name` names it in the report.
    pub fn plan_bytes(
        store: &Store,
        name: &str,
        bytes: Vec<u8>,
        opts: &ImportOptions,
    ) -> Result<ImportPlan, StoreError> {
        let read = if bytes.len() as u64 > read::MAX_SKU_FILE_BYTES {
            Err(format!(
                "the file is {} bytes, larger than the {} bytes shipdeck reads from a SKU file",
                bytes.len(),
                read::MAX_SKU_FILE_BYTES
            ))
        } else {
            read::read_bytes(Path::new(name), &bytes, opts.encoding)
        };
        planned(store, name.to_string(), read)
    }

    fn planned(
        store: &Store,
        file: String,
        read: Result<read::RawFile, read::ReadError>,
    ) -> Result<ImportPlan, StoreError> {
        match read {
            Err(message) => Ok(ImportPlan::refused(ImportReport {
                file: file.clone(),
                errors: vec![Problem {
                    file,
                    sheet: None,
                    row: None,
                    column: None,
                    message,
                }],
                ..ImportReport::default()
            })),
            Ok(raw) => validate::validate(store, &file, raw),
        }
    }

    /// Writes a plan without errors in one transaction (SKUs and mappings together) and makes it
    /// durable; the quantities reserved by orders are kept as stored at this moment. A plan with
    /// errors writes nothing and comes back unchanged.
    pub fn apply(store: &Store, mut plan: ImportPlan) -> Result<ImportReport, StoreError> {
        if !plan.report.ok() {
            return Ok(plan.report);
        }
        let mut change = Change::default();
        for mut sku in std::mem::take(&mut plan.skus) {
            sku.reserved = store.get_sku(&sku.code)?.map(|s| s.reserved).unwrap_or(0);
            change.skus.push(sku);
        }
        change.mappings = std::mem::take(&mut plan.mappings);
        if !change.is_empty() {
            store.apply(&change)?;
            store.flush()?;
        }
        plan.report.applied = true;
        Ok(plan.report)
    }
}
