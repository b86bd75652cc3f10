//! LotteON apiNo 209: the order-item rows and their grouping into [`SiteOrder`]s.

use serde::Deserialize;
use serde_json::Value;

use super::{decode, parse_ok, LineRef, TIME_FORMAT};
use crate::domain::marketplace::Money;
use crate::domain::status::site_status;
use crate::domain::{LineSku, OrderLine, Party, ProductRef, Site};
use crate::market::types::{MarketError, SiteOrder};
use crate::market::wire::{amount, local_time, string_or_number};

// ---------------------------------------------------------------------------------------------
// apiNo 209

/// One row of apiNo 209: one order item.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrderRow {
    /// `odNo`, the order number.
    #[serde(deserialize_with = "string_or_number")]
    pub od_no: String,
    /// `odSeq`, the item within the order.
    #[serde(deserialize_with = "string_or_number")]
    pub od_seq: String,
    /// `procSeq`, the processing round of the item.
    #[serde(deserialize_with = "string_or_number")]
    pub proc_seq: String,
    /// `odPrgsStepCd`, the step (11 new, 12 preparing, 13 dispatched…).
    #[serde(deserialize_with = "string_or_number")]
    pub od_prgs_step_cd: String,
    /// `odTypCd` (10 order, 30 exchange, 40 return, 50 A/S).
    #[serde(deserialize_with = "string_or_number")]
    pub od_typ_cd: String,
    /// `ifCplYN`, acknowledged by the seller.
    #[serde(rename = "ifCplYN", deserialize_with = "string_or_number")]
    pub if_cpl_yn: String,
    /// `spdNo`, LotteON's product number.
    #[serde(deserialize_with = "string_or_number")]
    pub spd_no: String,
    /// `spdNm`.
    #[serde(deserialize_with = "string_or_number")]
    pub spd_nm: String,
    /// `sitmNo`, LotteON's item number.
    #[serde(deserialize_with = "string_or_number")]
    pub sitm_no: String,
    /// `sitmNm`.
    #[serde(deserialize_with = "string_or_number")]
    pub sitm_nm: String,
    /// `epdNo`, the seller's product code.
    #[serde(deserialize_with = "string_or_number")]
    pub epd_no: String,
    /// `eitmNo`, the seller's item (option) code.
    #[serde(deserialize_with = "string_or_number")]
    pub eitm_no: String,
    /// `odQty`.
    #[serde(deserialize_with = "amount")]
    pub od_qty: i64,
    /// `slPrc`, unit price.
    #[serde(deserialize_with = "amount")]
    pub sl_prc: i64,
    /// `slAmt`, price × quantity.
    #[serde(deserialize_with = "amount")]
    pub sl_amt: i64,
    /// `actualAmt`, after discounts.
    #[serde(deserialize_with = "amount")]
    pub actual_amt: i64,
    /// `odrNm`, the orderer.
    #[serde(deserialize_with = "string_or_number")]
    pub odr_nm: String,
    /// `mphnNo`, the orderer's mobile.
    #[serde(deserialize_with = "string_or_number")]
    pub mphn_no: String,
    /// `dvpCustNm`, the recipient.
    #[serde(deserialize_with = "string_or_number")]
    pub dvp_cust_nm: String,
    /// `dvpMphnNo`.
    #[serde(deserialize_with = "string_or_number")]
    pub dvp_mphn_no: String,
    /// `dvpZipNo`.
    #[serde(deserialize_with = "string_or_number")]
    pub dvp_zip_no: String,
    /// `dvpStnmZipAddr`, street address.
    #[serde(deserialize_with = "string_or_number")]
    pub dvp_stnm_zip_addr: String,
    /// `dvpStnmDtlAddr`, address detail.
    #[serde(deserialize_with = "string_or_number")]
    pub dvp_stnm_dtl_addr: String,
    /// `dvMsg`, delivery message.
    #[serde(deserialize_with = "string_or_number")]
    pub dv_msg: String,
    /// `odCmptDttm`, when the order was completed (KST `yyyymmddhhmmss`).
    #[serde(deserialize_with = "string_or_number")]
    pub od_cmpt_dttm: String,
}

impl OrderRow {
    /// shipdeck's line key: `odSeq-procSeq`.
    pub fn line_key(&self) -> String {
        format!("{}-{}", self.od_seq, self.proc_seq)
    }

    /// The line reference for confirm/ship calls.
    pub fn line_ref(&self) -> LineRef {
        LineRef {
            od_no: self.od_no.clone(),
            od_seq: self.od_seq.clone(),
            proc_seq: self.proc_seq.clone(),
        }
    }
}

/// The rows of one 209 answer and the count the site says it has.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderPage {
    /// The rows as received (duplicates included).
    pub rows: Vec<OrderRow>,
    /// `dataCount`, when given.
    pub data_count: Option<usize>,
}

/// Parses apiNo 209: `data.deliveryOrderList[]` (a null `data` or missing list is no orders).
pub fn parse_orders(body: &[u8]) -> Result<OrderPage, MarketError> {
    let (head, data) = parse_ok(body)?;
    let list = match data {
        Value::Null => Value::Array(Vec::new()),
        Value::Object(mut m) => m.remove("deliveryOrderList").unwrap_or(Value::Array(Vec::new())),
        _ => return Err(MarketError::malformed("LotteON 209: data is not an object", body)),
    };
    let list = if list.is_null() {
        Value::Array(Vec::new())
    } else {
        list
    };
    let rows: Vec<OrderRow> = decode(list, "209 deliveryOrderList", body)?;
    for r in &rows {
        if r.od_no.is_empty() || r.od_seq.is_empty() || r.proc_seq.is_empty() {
            return Err(MarketError::malformed(
                "LotteON 209: a row lacks odNo, odSeq or procSeq",
                body,
            ));
        }
    }
    Ok(OrderPage {
        rows,
        data_count: head.data_count,
    })
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn step_rank(code: &str) -> u32 {
    code.trim().parse().unwrap_or(u32::MAX)
}

/// Steps of apiNo 140 that mean the item was cancelled: 21 취소완료, as a public client reads
/// 140 (`_lo_done = {"취소": "21"}`). 209 never shows them: a cancelled order leaves its listing.
pub const CANCELLED_STEPS: &[&str] = &["21"];

/// One row of apiNo 140: an item's live step.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProgressRow {
    /// `odNo`.
    #[serde(deserialize_with = "string_or_number")]
    pub od_no: String,
    /// `odSeq`.
    #[serde(deserialize_with = "string_or_number")]
    pub od_seq: String,
    /// `procSeq`.
    #[serde(deserialize_with = "string_or_number")]
    pub proc_seq: String,
    /// `odPrgsStepCd`: the live step (11 … 15, 21 cancelled, 23 … 27 pickups).
    #[serde(deserialize_with = "string_or_number")]
    pub od_prgs_step_cd: String,
    /// `dvTrcStatDttm`: when the item reached that step (KST `yyyymmddhhmmss`).
    #[serde(deserialize_with = "string_or_number")]
    pub dv_trc_stat_dttm: String,
    /// `invcNo`: the invoice (tracking) number, once dispatched.
    #[serde(deserialize_with = "string_or_number")]
    pub invc_no: String,
}

/// Parses apiNo 140: `data.deliveryProgressStateList[]` (a null `data` or list is no rows).
pub fn parse_progress(body: &[u8]) -> Result<Vec<ProgressRow>, MarketError> {
    let (_, data) = parse_ok(body)?;
    let list = match data {
        Value::Null => Value::Array(Vec::new()),
        Value::Object(mut m) => match m.remove("deliveryProgressStateList") {
            None | Some(Value::Null) => Value::Array(Vec::new()),
            Some(v) => v,
        },
        _ => return Err(MarketError::malformed("LotteON 140: data is not an object", body)),
    };
    let rows: Vec<ProgressRow> = decode(list, "140 deliveryProgressStateList", body)?;
    if rows
        .iter()
        .any(|r| r.od_no.is_empty() || r.od_prgs_step_cd.is_empty())
    {
        return Err(MarketError::malformed(
            "LotteON 140: a row lacks odNo or odPrgsStepCd",
            body,
        ));
    }
    Ok(rows)
}

/// Sets each 209 row's step to its live step from apiNo 140 (209 keeps showing 11 after the
/// seller acknowledged the order): the row of the same `odNo`/`odSeq`/`procSeq` with the latest
/// `dvTrcStatDttm` wins; a row 140 does not mention keeps its step.
pub fn apply_progress(rows: &mut [OrderRow], progress: &[ProgressRow]) {
    for r in rows.iter_mut() {
        let latest = progress
            .iter()
            .filter(|p| p.od_no == r.od_no && p.od_seq == r.od_seq && p.proc_seq == r.proc_seq)
            .max_by(|a, b| a.dv_trc_stat_dttm.cmp(&b.dv_trc_stat_dttm));
        if let Some(p) = latest {
            r.od_prgs_step_cd = p.od_prgs_step_cd.trim().to_string();
        }
    }
}

/// Groups 209 rows into orders (first-seen order kept; a later row of the same line replaces the
/// earlier one, as it is the more recent view). Fails on an unreadable `odCmptDttm`.
pub fn rows_to_orders(rows: &[OrderRow]) -> Result<Vec<SiteOrder>, MarketError> {
    let site = Site::Lotteon;
    let money = |amount| Money {
        amount,
        currency: site.currency(),
    };
    let mut order_nos: Vec<&str> = Vec::new();
    let mut by_order: std::collections::HashMap<&str, Vec<&OrderRow>> = std::collections::HashMap::new();
    for r in rows {
        let lines = by_order.entry(r.od_no.as_str()).or_insert_with(|| {
            order_nos.push(r.od_no.as_str());
            Vec::new()
        });
        if let Some(pos) = lines.iter().position(|l| l.line_key() == r.line_key()) {
            lines[pos] = r;
        } else {
            lines.push(r);
        }
    }
    let mut out = Vec::new();
    for no in order_nos {
        let Some(lines) = by_order.get(no) else { continue };
        let Some(first) = lines.first() else { continue };
        // ASSUMPTION: 209 has no separate order and payment times; `odCmptDttm` (order completed,
        // i.e. paid) is both. (209's search dates filter on the instruction's creation time.)
        let ordered_at =
            local_time(&first.od_cmpt_dttm, &[TIME_FORMAT, "%Y-%m-%d %H:%M:%S"]).map_err(|_| {
                MarketError::malformed(
                    format!(
                        "LotteON 209: order {no} has an unreadable odCmptDttm `{}`",
                        first.od_cmpt_dttm
                    ),
                    first.od_cmpt_dttm.as_bytes(),
                )
            })?;
        let least = lines
            .iter()
            .map(|l| l.od_prgs_step_cd.trim())
            .min_by_key(|c| step_rank(c))
            .unwrap_or_default();
        let mut order_lines = Vec::new();
        for l in lines {
            let quantity = u32::try_from(l.od_qty).map_err(|_| {
                MarketError::malformed(
                    format!(
                        "LotteON 209: order {no} line {} has odQty {}",
                        l.line_key(),
                        l.od_qty
                    ),
                    b"",
                )
            })?;
            let total = if l.actual_amt != 0 { l.actual_amt } else { l.sl_amt };
            let option_name = if l.sitm_nm == l.spd_nm {
                String::new()
            } else {
                l.sitm_nm.clone()
            };
            order_lines.push(OrderLine {
                line_key: l.line_key(),
                site_status: site_status(site, &l.od_prgs_step_cd),
                product: ProductRef::Code {
                    product_code: non_empty(&l.epd_no),
                    // ASSUMPTION: 209 rows carry `eitmNo` (the seller's item code), as product items do.
                    option_code: non_empty(&l.eitm_no),
                },
                product_name: l.spd_nm.clone(),
                option_name,
                quantity,
                unit_price: money(l.sl_prc),
                amount: money(total),
                sku: LineSku::Unresolved,
            });
        }
        let address = [first.dvp_stnm_zip_addr.trim(), first.dvp_stnm_dtl_addr.trim()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let cancelled = lines
            .iter()
            .any(|l| CANCELLED_STEPS.contains(&l.od_prgs_step_cd.trim()));
        let least = if cancelled
            && lines
                .iter()
                .all(|l| CANCELLED_STEPS.contains(&l.od_prgs_step_cd.trim()))
        {
            "cancel"
        } else {
            least
        };
        out.push(SiteOrder {
            order_no: no.to_string(),
            cart_no: None,
            site_status: site_status(site, least),
            ordered_at,
            paid_at: Some(ordered_at),
            buyer: Party {
                name: first.odr_nm.clone(),
                phone: first.mphn_no.clone(),
                ..Party::default()
            },
            receiver: Party {
                name: first.dvp_cust_nm.clone(),
                phone: first.dvp_mphn_no.clone(),
                postal_code: first.dvp_zip_no.clone(),
                address,
            },
            delivery_message: first.dv_msg.clone(),
            lines: order_lines,
            cancelled,
            // The delivery-order listing (apiNo 209) carries no invoice number.
            tracking: None,
        });
    }
    Ok(out)
}
