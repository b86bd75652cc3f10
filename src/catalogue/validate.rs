//! Validation of a whole file before anything is written: every cell, then the rows against each
//! other and against the store. Near misses are warnings; nothing is ever corrected.

use std::collections::HashMap;
use std::str::FromStr;

use super::headers::{column_letter, match_header, Column};
use super::read::{RawFile, RawSheet};
use super::{ImportReport, Problem};
use crate::domain::mapping::{normalize, SiteCode};
use crate::domain::marketplace::ALL_SITES;
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

/// Where a row is.
#[derive(Debug, Clone, Copy)]
struct Loc {
    sheet: usize,
    row: u32,
}

/// A sheet's columns.
struct SheetCols<'a> {
    raw: &'a RawSheet,
    by_col: HashMap<Column, usize>,
}

impl SheetCols<'_> {
    fn describe(&self, col: Column) -> Option<String> {
        let idx = *self.by_col.get(&col)?;
        Some(if self.raw.lettered {
            format!("{} ({})", column_letter(idx), col.label())
        } else {
            col.label().to_string()
        })
    }
}

struct Ctx<'a> {
    file: &'a str,
    sheets: Vec<SheetCols<'a>>,
    warnings: Vec<Problem>,
    errors: Vec<Problem>,
}

impl Ctx<'_> {
    fn problem(&self, loc: Loc, col: Option<Column>, message: String) -> Problem {
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
    fn error(&mut self, loc: Loc, col: Option<Column>, message: String) {
        let p = self.problem(loc, col, message);
        self.errors.push(p);
    }
    fn warn(&mut self, loc: Loc, col: Option<Column>, message: String) {
        let p = self.problem(loc, col, message);
        self.warnings.push(p);
    }
    fn at(&self, loc: Loc) -> String {
        match &self.sheets[loc.sheet].raw.name {
            Some(s) if self.sheets.len() > 1 => format!("sheet {s} row {}", loc.row),
            _ => format!("row {}", loc.row),
        }
    }
}

/// The SKU fields a row defines.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SkuFields {
    name: String,
    option_name: Option<String>,
    on_hand: i64,
}

/// One row, checked cell by cell.
struct Row {
    loc: Loc,
    code: SkuCode,
    sku: Option<SkuFields>,
    mapping: Option<Mapping>,
}

fn has_stray_space(s: &str) -> bool {
    s.trim() != s
}

fn has_full_width(s: &str) -> bool {
    s.chars().any(|c| {
        ('\u{FF01}'..='\u{FF5E}').contains(&c) || c == '\u{3000}' || ('\u{FF61}'..='\u{FF9F}').contains(&c)
    })
}

fn parse_site(s: &str) -> Option<Site> {
    let t = s.trim();
    Site::from_str(t).ok().or_else(|| {
        ALL_SITES
            .into_iter()
            .find(|site| site.display_name().eq_ignore_ascii_case(t))
    })
}

/// Maps the header row of a sheet; `None` when the sheet cannot be read.
fn map_headers<'a>(file: &str, raw: &'a RawSheet, errors: &mut Vec<Problem>) -> Option<SheetCols<'a>> {
    let mut by_col = HashMap::new();
    let mut ok = true;
    let mut err = |col: Option<usize>, message: String| {
        errors.push(Problem {
            file: file.to_string(),
            sheet: raw.name.clone(),
            row: Some(raw.header_row),
            column: col.map(|i| {
                if raw.lettered {
                    column_letter(i)
                } else {
                    format!("{}", i + 1)
                }
            }),
            message,
        });
    };
    for (i, h) in raw.headers.iter().enumerate() {
        if h.trim().is_empty() {
            continue;
        }
        match match_header(h) {
            None => {
                ok = false;
                err(
                    Some(i),
                    format!(
                        "header `{h}` names no known column (known: {})",
                        super::headers::ALL_COLUMNS.map(|c| c.header()).join(", ")
                    ),
                );
            }
            Some(c) => {
                if let Some(prev) = by_col.insert(c, i) {
                    ok = false;
                    let prev = if raw.lettered {
                        column_letter(prev)
                    } else {
                        format!("{}", prev + 1)
                    };
                    err(
                        Some(i),
                        format!(
                            "header `{h}` names the {} column again (also column {prev})",
                            c.label()
                        ),
                    );
                }
            }
        }
    }
    if !by_col.contains_key(&Column::SkuCode) {
        ok = false;
        err(
            None,
            format!(
                "no SKU code column (a header such as {})",
                Column::SkuCode.aliases()[..4].join(", ")
            ),
        );
    }
    ok.then_some(SheetCols { raw, by_col })
}

/// Checks the cells of one row.
fn check_row(ctx: &mut Ctx<'_>, shops: &HashMap<ShopName, Site>, loc: Loc, cells: &[String]) -> Option<Row> {
    let cols = &ctx.sheets[loc.sheet];
    let cell = |c: Column| -> &str {
        cols.by_col
            .get(&c)
            .and_then(|i| cells.get(*i))
            .map(String::as_str)
            .unwrap_or("")
    };
    // Values under no header.
    let named: Vec<usize> = cols.by_col.values().copied().collect();
    let stray = cells
        .iter()
        .enumerate()
        .find(|(i, v)| !v.trim().is_empty() && !named.contains(i))
        .map(|(i, v)| (i, v.clone()));
    let lettered = cols.raw.lettered;
    let (code_t, name, option, qty) = (
        cell(Column::SkuCode).to_string(),
        cell(Column::SkuName).to_string(),
        cell(Column::OptionName).to_string(),
        cell(Column::OnHand).to_string(),
    );
    let m: Vec<String> = super::headers::MAPPING_COLUMNS
        .iter()
        .map(|c| cell(*c).to_string())
        .collect();
    let mut bad = false;
    if let Some((i, v)) = stray {
        bad = true;
        let p = Problem {
            column: Some(if lettered {
                column_letter(i)
            } else {
                format!("{}", i + 1)
            }),
            ..ctx.problem(loc, None, format!("value `{v}` is under no header"))
        };
        ctx.errors.push(p);
    }
    let code = match SkuCode::new(&code_t) {
        Ok(c) => Some(c),
        Err(e) => {
            ctx.error(loc, Some(Column::SkuCode), e.to_string());
            None
        }
    };
    if code.as_ref().is_some_and(|c| has_full_width(c.as_str())) {
        ctx.warn(
            loc,
            Some(Column::SkuCode),
            format!("SKU code `{code_t}` has full-width characters; kept as written"),
        );
    }
    // SKU fields.
    let mut sku = None;
    if !(name.is_empty() && option.is_empty() && qty.is_empty()) {
        if name.trim().is_empty() {
            bad = true;
            ctx.error(loc, Some(Column::SkuName), "the SKU name is empty".into());
        } else if has_stray_space(&name) {
            ctx.warn(
                loc,
                Some(Column::SkuName),
                format!("`{name}` has leading or trailing spaces; kept as written"),
            );
        }
        if has_stray_space(&option) {
            ctx.warn(
                loc,
                Some(Column::OptionName),
                format!("`{option}` has leading or trailing spaces; kept as written"),
            );
        }
        let t = qty.trim();
        let on_hand = if t.is_empty() {
            ctx.error(loc, Some(Column::OnHand), "the quantity on hand is empty".into());
            None
        } else {
            match t.parse::<i64>() {
                Ok(n) if n < 0 => {
                    ctx.error(loc, Some(Column::OnHand), format!("quantity `{qty}` is negative"));
                    None
                }
                Ok(n) => {
                    if t != qty {
                        ctx.warn(
                            loc,
                            Some(Column::OnHand),
                            format!("quantity `{qty}` has spaces around it; read as {n}"),
                        );
                    }
                    Some(n)
                }
                Err(_) => {
                    let nfkc: String = unicode_normalization::UnicodeNormalization::nfkc(t).collect();
                    let why = if nfkc.parse::<i64>().is_ok() {
                        format!("quantity `{qty}` is written in full-width digits; write {nfkc}")
                    } else {
                        format!("quantity `{qty}` is not a whole number")
                    };
                    ctx.error(loc, Some(Column::OnHand), why);
                    None
                }
            }
        };
        match on_hand {
            Some(on_hand) if !name.trim().is_empty() => {
                sku = Some(SkuFields {
                    name,
                    option_name: (!option.is_empty()).then_some(option),
                    on_hand,
                })
            }
            _ => bad = true,
        }
    }
    // Mapping.
    let mut mapping = None;
    let [site_t, shop_t, product, option_code, cm_code, cm_name, cm_text] =
        [0, 1, 2, 3, 4, 5, 6].map(|i| m[i].clone());
    if m.iter().any(|v| !v.is_empty()) {
        let site = if site_t.trim().is_empty() {
            ctx.error(loc, Some(Column::Site), "a mapping needs its site".into());
            None
        } else {
            let s = parse_site(&site_t);
            match s {
                None => ctx.error(
                    loc,
                    Some(Column::Site),
                    format!(
                        "unknown site `{site_t}` (sites: {})",
                        ALL_SITES.map(|s| s.slug()).join(", ")
                    ),
                ),
                Some(_) if has_stray_space(&site_t) => ctx.warn(
                    loc,
                    Some(Column::Site),
                    format!("`{site_t}` has leading or trailing spaces; read as the site name"),
                ),
                _ => {}
            }
            s
        };
        let shop = if shop_t.is_empty() {
            Some(None)
        } else {
            match ShopName::new(&shop_t) {
                Err(e) => {
                    ctx.error(loc, Some(Column::Shop), e.to_string());
                    None
                }
                Ok(n) => {
                    match (shops.get(&n), site) {
                        (Some(s), Some(site)) if *s != site => ctx.error(
                            loc,
                            Some(Column::Shop),
                            format!(
                                "shop {n} is a {} shop, not {}",
                                s.display_name(),
                                site.display_name()
                            ),
                        ),
                        (None, _) => ctx.warn(
                            loc,
                            Some(Column::Shop),
                            format!("no shop named {n} is connected yet; the mapping is kept for it"),
                        ),
                        _ => {}
                    }
                    Some(Some(n))
                }
            }
        };
        let code = match site {
            None => None,
            Some(Site::Crossmall) => {
                let mut ok = true;
                for (c, v) in [
                    (Column::ProductCode, &product),
                    (Column::OptionCode, &option_code),
                ] {
                    if !v.is_empty() {
                        ok = false;
                        ctx.error(loc, Some(c), "Crossmall maps by product number, product name and option text; leave this empty".into());
                    }
                }
                for (c, v) in [
                    (Column::CrossmallItemCode, &cm_code),
                    (Column::CrossmallItemName, &cm_name),
                ] {
                    if v.is_empty() {
                        ok = false;
                        ctx.error(loc, Some(c), "a Crossmall mapping needs it".into());
                    }
                }
                for (c, v) in [
                    (Column::CrossmallItemCode, &cm_code),
                    (Column::CrossmallItemName, &cm_name),
                    (Column::CrossmallOptionText, &cm_text),
                ] {
                    if has_stray_space(v) {
                        ctx.warn(loc, Some(c), format!("`{v}` has leading or trailing spaces; kept as written, and only a line with exactly this text will match"));
                    }
                }
                ok.then(|| SiteCode::Crossmall {
                    item_code: cm_code.clone(),
                    item_name: cm_name.clone(),
                    option_text: cm_text.clone(),
                })
            }
            Some(site) => {
                let mut ok = true;
                for (c, v) in [
                    (Column::CrossmallItemCode, &cm_code),
                    (Column::CrossmallItemName, &cm_name),
                    (Column::CrossmallOptionText, &cm_text),
                ] {
                    if !v.is_empty() {
                        ok = false;
                        ctx.error(
                            loc,
                            Some(c),
                            format!(
                                "only Crossmall mappings use it; {} maps by product code or option code",
                                site.display_name()
                            ),
                        );
                    }
                }
                let code = match (product.is_empty(), option_code.is_empty()) {
                    (true, true) => {
                        ctx.error(
                            loc,
                            Some(Column::ProductCode),
                            "a mapping needs a product code or an option code".into(),
                        );
                        None
                    }
                    (false, false) => {
                        ctx.error(loc, Some(Column::OptionCode), "give a product code or an option code, not both: a line is matched by its option code when it has one, else by its product code".into());
                        None
                    }
                    (false, true) => Some((
                        Column::ProductCode,
                        SiteCode::Product {
                            code: product.clone(),
                        },
                    )),
                    (true, false) => Some((
                        Column::OptionCode,
                        SiteCode::Option {
                            code: option_code.clone(),
                        },
                    )),
                };
                if let Some((c, sc)) = &code {
                    let v = sc.display();
                    if has_stray_space(&v) {
                        ctx.warn(loc, Some(*c), format!("`{v}` has leading or trailing spaces; kept as written, and only exactly this code will match"));
                    }
                    if has_full_width(&v) {
                        ctx.warn(loc, Some(*c), format!("`{v}` has full-width characters; kept as written, and only exactly this code will match"));
                    }
                }
                code.filter(|_| ok).map(|(_, c)| c)
            }
        };
        match (site, shop, code, &code_opt_clone(&code_t)) {
            (Some(site), Some(shop), Some(code), Some(sku)) => {
                mapping = Some(Mapping {
                    site,
                    shop,
                    code,
                    sku: sku.clone(),
                })
            }
            _ => bad = true,
        }
    }
    if bad {
        return None;
    }
    Some(Row {
        loc,
        code: code?,
        sku,
        mapping,
    })
}

fn code_opt_clone(t: &str) -> Option<SkuCode> {
    SkuCode::new(t).ok()
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
    let stored_maps: HashMap<MapKey, SkuCode> = store
        .list_mappings(None)?
        .into_iter()
        .map(|m| ((m.site, m.shop, m.code), m.sku))
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
    let mut maps: HashMap<MapKey, (Loc, SkuCode)> = HashMap::new();
    let mut map_order: Vec<MapKey> = Vec::new();
    let mut norm_maps: HashMap<(Site, String), Vec<(Option<Loc>, String)>> = HashMap::new();
    for ((site, _, code), _) in &stored_maps {
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
        match maps.get(&key) {
            Some((first, sku)) if *sku != m.sku => {
                let msg = format!(
                    "conflicting mapping: {} {} {} leads to {sku} on {} and to {} here",
                    m.site.slug(),
                    m.shop.as_ref().map(ShopName::as_str).unwrap_or("(every shop)"),
                    m.code.display(),
                    ctx.at(*first),
                    m.sku
                );
                ctx.error(row.loc, None, msg);
            }
            Some((first, _)) => {
                let msg = format!("the same mapping as {}", ctx.at(*first));
                ctx.warn(row.loc, None, msg);
            }
            None => {
                maps.insert(key.clone(), (row.loc, m.sku.clone()));
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
        let (_, sku) = &maps[&key];
        match stored_maps.get(&key) {
            Some(s) if s == sku => {
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
        });
    }
    if !report.errors.is_empty() {
        plan.skus.clear();
        plan.mappings.clear();
    }
    plan.report = report;
    Ok(plan)
}
