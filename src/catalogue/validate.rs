//! Validation of a whole file before anything is written: every cell, then the rows against each
//! other and against the store. Near misses are warnings; nothing is ever corrected.

use std::collections::HashMap;

use super::headers::{column_letter, Column};
use super::read::{RawFile, RawSheet};
use super::rows::{check_row, map_headers, SkuFields};
use super::{ImportReport, Problem};
use crate::domain::mapping::{normalize, SiteCode};
use crate::domain::{Mapping, ShopName, Site, Sku, SkuCode};
use crate::store::{Store, StoreError};

/// A validated file: the report, and what applying it writes (new and changed records only).
#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    /// Counts, warnings and errors.
    pub report: ImportReport,
    /// SKUs to write (`reserved` is filled in from the store when applied).
    pub skus: Vec<Sku>,
    /// Mappings to write.
    pub mappings: Vec<Mapping>,
}

impl ImportPlan {
    /// A plan that writes nothing, with its report.
    pub fn refused(report: ImportReport) -> ImportPlan {
        ImportPlan {
            report,
            ..ImportPlan::default()
        }
    }
}

type MapKey = (Site, Option<ShopName>, SiteCode);

/// Codes equal after normalisation: where each was written (`None`: the store) and its text.
type NearGroup = Vec<(Option<Loc>, String)>;

/// Where a row is.
#[derive(Debug, Clone, Copy)]
pub(super) struct Loc {
    pub(super) sheet: usize,
    pub(super) row: u32,
}

/// A sheet's columns.
pub(super) struct SheetCols<'a> {
    pub(super) raw: &'a RawSheet,
    pub(super) by_col: HashMap<Column, usize>,
}

impl SheetCols<'_> {
    pub(super) fn describe(&self, col: Column) -> Option<String> {
        let idx = *self.by_col.get(&col)?;
        Some(if self.raw.lettered {
            format!("{} ({})", column_letter(idx), col.label())
        } else {
            col.label().to_string()
        })
    }
}

pub(super) struct Ctx<'a> {
    pub(super) file: &'a str,
    pub(super) sheets: Vec<SheetCols<'a>>,
    pub(super) warnings: Vec<Problem>,
    pub(super) errors: Vec<Problem>,
}

impl Ctx<'_> {
    pub(super) fn problem(&self, loc: Loc, col: Option<Column>, message: String) -> Problem {
        let sheet = &self.sheets[loc.sheet];
        Problem {
            file: self.file.to_string(),
            sheet: sheet.raw.name.clone(),
            row: Some(loc.row),
            column: col
                .and_then(|c| sheet.describe(c))
                .or_else(|| col.map(|c| c.label().to_string())),
            message,
        }
    }
    pub(super) fn error(&mut self, loc: Loc, col: Option<Column>, message: String) {
        let p = self.problem(loc, col, message);
        self.errors.push(p);
    }
    pub(super) fn warn(&mut self, loc: Loc, col: Option<Column>, message: String) {
        let p = self.problem(loc, col, message);
        self.warnings.push(p);
    }
    pub(super) fn at(&self, loc: Loc) -> String {
        match &self.sheets[loc.sheet].raw.name {
            Some(s) if self.sheets.len() > 1 => format!("sheet {s} row {}", loc.row),
            _ => format!("row {}", loc.row),
        }
    }
}

/// Validates a file read into sheets against the store.
pub fn validate(store: &Store, file: &str, raw: RawFile) -> Result<ImportPlan, StoreError> {
    let mut report = ImportReport {
        file: file.to_string(),
        format: raw.format.clone(),
        rows: raw.sheets.iter().map(|s| s.rows.len()).sum(),
        ..ImportReport::default()
    };
    let mut errors = Vec::new();
    let sheets: Vec<SheetCols<'_>> = raw
        .sheets
        .iter()
        .filter_map(|s| map_headers(file, s, &mut errors))
        .collect();
    if !errors.is_empty() {
        report.errors = errors;
        return Ok(ImportPlan::refused(report));
    }
    let stored_skus: HashMap<SkuCode, Sku> = store
        .list_skus()?
        .into_iter()
        .map(|s| (s.code.clone(), s))
        .collect();
    let stored_maps: HashMap<MapKey, (SkuCode, Option<String>)> = store
        .list_mappings(None)?
        .into_iter()
        .map(|m| ((m.site, m.shop, m.code), (m.sku, m.product_code)))
        .collect();
    let shops: HashMap<ShopName, Site> = store
        .list_shops()?
        .into_iter()
        .map(|s| (s.name, s.site))
        .collect();
    let mut ctx = Ctx {
        file,
        sheets,
        warnings: Vec::new(),
        errors: Vec::new(),
    };
    let mut rows = Vec::with_capacity(report.rows);
    for si in 0..ctx.sheets.len() {
        let raw_rows = &ctx.sheets[si].raw.rows;
        for r in raw_rows {
            let loc = Loc {
                sheet: si,
                row: r.row,
            };
            if let Some(row) = check_row(&mut ctx, &shops, loc, &r.cells) {
                rows.push(row);
            }
        }
    }
    if report.rows == 0 {
        let p = Problem {
            file: file.to_string(),
            sheet: None,
            row: None,
            column: None,
            message: "no data rows under the header; nothing to import".into(),
        };
        ctx.warnings.push(p);
    }
    // Rows against each other.
    let mut defs: HashMap<SkuCode, (Loc, SkuFields)> = HashMap::new();
    let mut def_order: Vec<SkuCode> = Vec::new();
    for row in &rows {
        let Some(f) = &row.sku else { continue };
        match defs.get(&row.code) {
            None => {
                defs.insert(row.code.clone(), (row.loc, f.clone()));
                def_order.push(row.code.clone());
            }
            Some((first, g)) if g != f => {
                let msg = format!(
                    "conflicting SKU fields for {}: {} says {:?} / {:?} / {}, this row {:?} / {:?} / {}",
                    row.code,
                    ctx.at(*first),
                    g.name,
                    g.option_name.as_deref().unwrap_or(""),
                    g.on_hand,
                    f.name,
                    f.option_name.as_deref().unwrap_or(""),
                    f.on_hand
                );
                ctx.error(row.loc, Some(Column::SkuCode), msg);
            }
            Some((first, _)) if row.mapping.is_none() => {
                let msg = format!("duplicate SKU {} (also {})", row.code, ctx.at(*first));
                ctx.error(row.loc, Some(Column::SkuCode), msg);
            }
            Some(_) => {}
        }
    }
    // Near misses among SKU codes (file and store).
    let mut by_norm: HashMap<String, Vec<&SkuCode>> = HashMap::new();
    for c in def_order
        .iter()
        .chain(stored_skus.keys().filter(|c| !defs.contains_key(*c)))
    {
        by_norm.entry(normalize(c.as_str())).or_default().push(c);
    }
    for code in &def_order {
        let group = &by_norm[&normalize(code.as_str())];
        if let Some(other) = group.iter().find(|o| **o != code) {
            let (loc, _) = defs[code];
            let where_ = match defs.get(*other) {
                Some((l, _)) => ctx.at(*l),
                None => "the store".to_string(),
            };
            let msg = format!(
                "SKU code `{code}` differs from `{other}` ({where_}) only by width, case or spaces; they are different SKUs"
            );
            ctx.warn(loc, Some(Column::SkuCode), msg);
        }
    }
    // Mappings.
    let mut maps: HashMap<MapKey, (Loc, (SkuCode, Option<String>))> = HashMap::new();
    let mut map_order: Vec<MapKey> = Vec::new();
    let mut norm_maps: HashMap<(Site, String), NearGroup> = HashMap::new();
    for (site, _, code) in stored_maps.keys() {
        norm_maps
            .entry((*site, normalize(&code.display())))
            .or_default()
            .push((None, code.display()));
    }
    for row in &rows {
        let Some(m) = &row.mapping else { continue };
        if !defs.contains_key(&m.sku) && !stored_skus.contains_key(&m.sku) {
            let hint = by_norm
                .get(&normalize(m.sku.as_str()))
                .and_then(|g| g.first())
                .map(|c| format!("; `{c}` differs only by width, case or spaces, and is not used"))
                .unwrap_or_default();
            let msg = format!(
                "the mapping leads to SKU {}, which is neither in this file nor in the store{hint}",
                m.sku
            );
            ctx.error(row.loc, Some(Column::SkuCode), msg);
            continue;
        }
        let key: MapKey = (m.site, m.shop.clone(), m.code.clone());
        let value = (m.sku.clone(), m.product_code.clone());
        match maps.get(&key) {
            Some((first, (sku, product))) if *sku != m.sku || *product != m.product_code => {
                let sku = match product {
                    Some(p) => format!("{sku} (product code {p})"),
                    None => sku.to_string(),
                };
                let here = match &m.product_code {
                    Some(p) => format!("{} (product code {p})", m.sku),
                    None => m.sku.to_string(),
                };
                let msg = format!(
                    "conflicting mapping: {} {} {} leads to {sku} on {} and to {} here",
                    m.site.slug(),
                    m.shop.as_ref().map(ShopName::as_str).unwrap_or("(every shop)"),
                    m.code.display(),
                    ctx.at(*first),
                    here
                );
                ctx.error(row.loc, None, msg);
            }
            Some((first, _)) => {
                let msg = format!("the same mapping as {}", ctx.at(*first));
                ctx.warn(row.loc, None, msg);
            }
            None => {
                maps.insert(key.clone(), (row.loc, value));
                *report
                    .matching
                    .entry(crate::domain::mapping::match_rule(m).to_string())
                    .or_default() += 1;
                map_order.push(key);
                let disp = m.code.display();
                let group = norm_maps.entry((m.site, normalize(&disp))).or_default();
                if let Some((l, other)) = group.iter().find(|(_, o)| *o != disp) {
                    let where_ = l.map(|l| ctx.at(l)).unwrap_or_else(|| "the store".into());
                    let msg = format!(
                        "{} code `{disp}` differs from `{other}` ({where_}) only by width, case or spaces; both are kept as written",
                        m.site.display_name()
                    );
                    ctx.warn(row.loc, None, msg);
                }
                group.push((Some(row.loc), disp));
            }
        }
    }
    report.warnings = ctx.warnings;
    report.errors = ctx.errors;
    let mut plan = ImportPlan::default();
    for code in def_order {
        let (_, f) = &defs[&code];
        match stored_skus.get(&code) {
            Some(s) if s.name == f.name && s.option_name == f.option_name && s.on_hand == f.on_hand => {
                report.skus_unchanged += 1;
                continue;
            }
            Some(_) => report.skus_changed += 1,
            None => report.skus_new += 1,
        }
        plan.skus.push(Sku {
            code,
            name: f.name.clone(),
            option_name: f.option_name.clone(),
            on_hand: f.on_hand,
            reserved: 0,
        });
    }
    for key in map_order {
        let (_, (sku, product_code)) = &maps[&key];
        match stored_maps.get(&key) {
            Some((s, p)) if s == sku && p == product_code => {
                report.mappings_unchanged += 1;
                continue;
            }
            Some(_) => report.mappings_changed += 1,
            None => report.mappings_new += 1,
        }
        plan.mappings.push(Mapping {
            site: key.0,
            shop: key.1,
            code: key.2,
            sku: sku.clone(),
            product_code: product_code.clone(),
        });
    }
    if !report.errors.is_empty() {
        plan.skus.clear();
        plan.mappings.clear();
    }
    plan.report = report;
    Ok(plan)
}
