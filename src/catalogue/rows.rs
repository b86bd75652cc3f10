//! Checking the cells of one row and the header row of a sheet: every message names the file,
//! sheet, row and column; near misses are warnings and nothing is corrected.

use std::collections::HashMap;
use std::str::FromStr;

use super::headers::{column_letter, match_header, Column};
use super::read::RawSheet;
use super::validate::{Ctx, Loc, SheetCols};
use super::Problem;
use crate::domain::mapping::SiteCode;
use crate::domain::marketplace::ALL_SITES;
use crate::domain::{Mapping, ShopName, Site, SkuCode};

/// The SKU fields a row defines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SkuFields {
    pub(super) name: String,
    pub(super) option_name: Option<String>,
    pub(super) on_hand: i64,
}

/// One row, checked cell by cell.
pub(super) struct Row {
    pub(super) loc: Loc,
    pub(super) code: SkuCode,
    pub(super) sku: Option<SkuFields>,
    pub(super) mapping: Option<Mapping>,
}

fn has_stray_space(s: &str) -> bool {
    s.trim() != s
}

pub(super) fn has_full_width(s: &str) -> bool {
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
pub(super) fn map_headers<'a>(
    file: &str,
    raw: &'a RawSheet,
    errors: &mut Vec<Problem>,
) -> Option<SheetCols<'a>> {
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
pub(super) fn check_row(
    ctx: &mut Ctx<'_>,
    shops: &HashMap<ShopName, Site>,
    loc: Loc,
    cells: &[String],
) -> Option<Row> {
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
    let mut kept_product: Option<String> = None;
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
                // Sheets exported from the sites give both on option rows: the option code is
                // what matches, the product code is kept and checked against the line.
                if !product.is_empty() && !option_code.is_empty() {
                    kept_product = Some(product.clone());
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
                    (false, true) => Some((
                        Column::ProductCode,
                        SiteCode::Product {
                            code: product.clone(),
                        },
                    )),
                    (_, false) => Some((
                        Column::OptionCode,
                        SiteCode::Option {
                            code: option_code.clone(),
                        },
                    )),
                };
                let kept = kept_product.as_ref().map(|p| (Column::ProductCode, p.clone()));
                for (c, v) in code.iter().map(|(c, sc)| (*c, sc.display())).chain(kept) {
                    if has_stray_space(&v) {
                        ctx.warn(loc, Some(c), format!("`{v}` has leading or trailing spaces; kept as written, and only exactly this code will match"));
                    }
                    if has_full_width(&v) {
                        ctx.warn(loc, Some(c), format!("`{v}` has full-width characters; kept as written, and only exactly this code will match"));
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
                    product_code: kept_product,
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
