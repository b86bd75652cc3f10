//! Writing the catalogue, the mappings and the open mismatches in the form `import` reads back.
//!
//! - xlsx: sheets "SKUs" (SKU columns), "Mappings" (SKU code + mapping columns) and "Mismatches"
//!   (read by nobody; import reads only "SKUs" and "Mappings").
//! - csv (UTF-8 with BOM, for Excel): one file, every column; one row per mapping carrying its
//!   SKU's fields, one row for each SKU without mappings, and rows with an empty SKU name for
//!   mappings whose SKU is not in the catalogue. The open mismatches go to a sibling file
//!   `NAME.mismatches.csv`.
//! - A CSV cell that a spreadsheet would run as a formula (one starting with `=`, `+`, `-`, `@`,
//!   a tab or a carriage return, and not a plain number) is written with a leading `'`, which
//!   spreadsheets show as text; `import` drops that quote again. xlsx cells are written as text
//!   cells and need nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::Workbook;

use super::headers::{Column, ALL_COLUMNS, MAPPING_COLUMNS, SKU_COLUMNS};
use super::ExportReport;
use crate::domain::mapping::SiteCode;
use crate::domain::{Mapping, Sku, SkuCode};
use crate::store::{MismatchRow, Store, StoreError};

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The store could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The file could not be written.
    #[error("cannot write {path}: {reason}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The file name has no known extension.
    #[error("{0}: the file name must end in .xlsx or .csv")]
    Format(PathBuf),
}

/// True when a spreadsheet opening a CSV would take `cell` as a formula.
pub(crate) fn runs_as_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.trim().parse::<f64>().is_err()
}

/// True for a formula-like cell, and for one that is such a cell with leading `'`s (quoted too,
/// so that reading back is exact).
fn needs_quote(cell: &str) -> bool {
    runs_as_formula(cell) || cell.strip_prefix('\'').is_some_and(needs_quote)
}

/// `cell` as a spreadsheet shows it and never runs it: a formula-like cell gets a leading `'`.
pub(crate) fn neutralise(cell: String) -> String {
    if needs_quote(&cell) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The value behind a cell `neutralise` wrote (the leading `'` of a formula-like cell dropped).
pub(crate) fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_quote(rest) => rest,
        _ => cell,
    }
}

/// The text of one column for a SKU (or none) and a mapping (or none).
fn value(col: Column, sku: Option<&Sku>, m: Option<&Mapping>, code: &SkuCode) -> String {
    let mc = |f: fn(&Mapping) -> String| m.map(f).unwrap_or_default();
    let cm = |i: usize| {
        mc(match i {
            0 => |m: &Mapping| match &m.code {
                SiteCode::Crossmall { item_code, .. } => item_code.clone(),
                _ => String::new(),
            },
            1 => |m: &Mapping| match &m.code {
                SiteCode::Crossmall { item_name, .. } => item_name.clone(),
                _ => String::new(),
            },
            _ => |m: &Mapping| match &m.code {
                SiteCode::Crossmall { option_text, .. } => option_text.clone(),
                _ => String::new(),
            },
        })
    };
    match col {
        Column::SkuCode => code.as_str().to_string(),
        Column::SkuName => sku.map(|s| s.name.clone()).unwrap_or_default(),
        Column::OptionName => sku.and_then(|s| s.option_name.clone()).unwrap_or_default(),
        Column::OnHand => sku.map(|s| s.on_hand.to_string()).unwrap_or_default(),
        Column::Site => mc(|m| m.site.slug().to_string()),
        Column::Shop => mc(|m| {
            m.shop
                .as_ref()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default()
        }),
        Column::ProductCode => mc(|m| match &m.code {
            SiteCode::Product { code } => code.clone(),
            SiteCode::Option { .. } => m.product_code.clone().unwrap_or_default(),
            SiteCode::Crossmall { .. } => String::new(),
        }),
        Column::OptionCode => mc(|m| match &m.code {
            SiteCode::Option { code } => code.clone(),
            _ => String::new(),
        }),
        Column::CrossmallItemCode => cm(0),
        Column::CrossmallItemName => cm(1),
        Column::CrossmallOptionText => cm(2),
    }
}

const MISMATCH_HEADERS: [&str; 6] = [
    "order",
    "line",
    "code field",
    "code",
    "product name",
    "option name",
];

fn mismatch_cells(m: &MismatchRow) -> [String; 6] {
    let field = match &m.code {
        Some(SiteCode::Product { .. }) => "product",
        Some(SiteCode::Option { .. }) => "option",
        Some(SiteCode::Crossmall { .. }) => "crossmall",
        None => "",
    };
    [
        m.key.to_string(),
        m.line_key.clone(),
        field.to_string(),
        m.code.as_ref().map(SiteCode::display).unwrap_or_default(),
        m.product_name.clone(),
        m.option_name.clone(),
    ]
}

/// Writes the catalogue to `path` (.xlsx or .csv, by its extension).
pub fn export(store: &Store, path: &Path) -> Result<ExportReport, ExportError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let skus = store.list_skus()?;
    let mappings = store.list_mappings(None)?;
    let mismatches = store.mismatches(0, usize::MAX)?;
    let mut report = ExportReport {
        file: path.display().to_string(),
        skus: skus.len(),
        mappings: mappings.len(),
        mismatches: mismatches.len(),
        mismatches_file: None,
    };
    let write_err = |p: &Path, reason: String| ExportError::Write {
        path: p.to_path_buf(),
        reason,
    };
    match ext.as_str() {
        "xlsx" => {
            write_xlsx(path, &skus, &mappings, &mismatches).map_err(|e| write_err(path, e.to_string()))?;
            report.mismatches_file = Some(format!("{} (sheet Mismatches)", path.display()));
        }
        "csv" => {
            write_csv(path, &skus, &mappings).map_err(|e| write_err(path, e))?;
            let sibling = path.with_extension("mismatches.csv");
            let mut w = csv_writer(&sibling).map_err(|e| write_err(&sibling, e))?;
            let res = (|| -> Result<(), csv::Error> {
                w.write_record(MISMATCH_HEADERS)?;
                for m in &mismatches {
                    w.write_record(mismatch_cells(m).map(neutralise))?;
                }
                w.flush()?;
                Ok(())
            })();
            res.map_err(|e| write_err(&sibling, e.to_string()))?;
            report.mismatches_file = Some(sibling.display().to_string());
        }
        _ => return Err(ExportError::Format(path.to_path_buf())),
    }
    Ok(report)
}

fn csv_writer(path: &Path) -> Result<csv::Writer<std::fs::File>, String> {
    use std::io::Write;
    let mut f = std::fs::File::create(path).map_err(|e| e.to_string())?;
    f.write_all(b"\xEF\xBB\xBF").map_err(|e| e.to_string())?;
    Ok(csv::Writer::from_writer(f))
}

fn write_csv(path: &Path, skus: &[Sku], mappings: &[Mapping]) -> Result<(), String> {
    let mut by_sku: BTreeMap<&SkuCode, Vec<&Mapping>> = BTreeMap::new();
    for m in mappings {
        by_sku.entry(&m.sku).or_default().push(m);
    }
    let mut w = csv_writer(path)?;
    w.write_record(ALL_COLUMNS.map(Column::header))
        .map_err(|e| e.to_string())?;
    let mut row = |sku: Option<&Sku>, m: Option<&Mapping>, code: &SkuCode| {
        w.write_record(ALL_COLUMNS.map(|c| neutralise(value(c, sku, m, code))))
            .map_err(|e| e.to_string())
    };
    for sku in skus {
        match by_sku.remove(&sku.code) {
            None => row(Some(sku), None, &sku.code)?,
            Some(ms) => {
                for m in ms {
                    row(Some(sku), Some(m), &sku.code)?;
                }
            }
        }
    }
    for (code, ms) in by_sku {
        for m in ms {
            row(None, Some(m), code)?;
        }
    }
    w.flush().map_err(|e| e.to_string())
}

fn write_xlsx(
    path: &Path,
    skus: &[Sku],
    mappings: &[Mapping],
    mismatches: &[MismatchRow],
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    {
        let sheet = book.add_worksheet();
        sheet.set_name("SKUs")?;
        for (c, col) in SKU_COLUMNS.iter().enumerate() {
            sheet.write_string(0, c as u16, col.header())?;
        }
        for (r, sku) in skus.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, col) in SKU_COLUMNS.iter().enumerate() {
                if *col == Column::OnHand {
                    sheet.write_number(r, c as u16, sku.on_hand as f64)?;
                } else {
                    let v = value(*col, Some(sku), None, &sku.code);
                    if !v.is_empty() {
                        sheet.write_string(r, c as u16, v)?;
                    }
                }
            }
        }
    }
    {
        let sheet = book.add_worksheet();
        sheet.set_name("Mappings")?;
        let cols: Vec<Column> = std::iter::once(Column::SkuCode).chain(MAPPING_COLUMNS).collect();
        for (c, col) in cols.iter().enumerate() {
            sheet.write_string(0, c as u16, col.header())?;
        }
        for (r, m) in mappings.iter().enumerate() {
            for (c, col) in cols.iter().enumerate() {
                let v = value(*col, None, Some(m), &m.sku);
                if !v.is_empty() {
                    sheet.write_string(r as u32 + 1, c as u16, v)?;
                }
            }
        }
    }
    {
        let sheet = book.add_worksheet();
        sheet.set_name("Mismatches")?;
        for (c, h) in MISMATCH_HEADERS.iter().enumerate() {
            sheet.write_string(0, c as u16, *h)?;
        }
        for (r, m) in mismatches.iter().enumerate() {
            for (c, v) in mismatch_cells(m).into_iter().enumerate() {
                if !v.is_empty() {
                    sheet.write_string(r as u32 + 1, c as u16, v)?;
                }
            }
        }
    }
    book.save(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_quoted_and_read_back_unchanged() {
        for cell in [
            "=1+2",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "'=x",
            "''@x",
        ] {
            let out = neutralise(cell.to_string());
            assert!(!runs_as_formula(&out), "{out:?}");
            assert_eq!(unneutralise(&out), cell);
        }
        for cell in ["-5", "+3.5", "plain", "", "it's", "'quoted"] {
            assert_eq!(neutralise(cell.to_string()), cell);
            assert_eq!(unneutralise(cell), cell);
        }
    }
}
