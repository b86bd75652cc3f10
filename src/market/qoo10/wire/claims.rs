//! Qoo10 claim answers: `ShippingBasic.GetClaimInfo_V3` rows and the single-order lookup
//! `GetShippingAndClaimInfoByOrderNo_V2` (pure parsers like the rest of [`super`]).

use serde::Deserialize;

use super::{fold_aliases, parse_ok, rows_of, status_code, text, ShippingRow, ROW_ALIASES};
use crate::market::types::{MarketError, SiteOrder};

/// `claimStatus` codes that mean the order is (being) cancelled: 1 cancel requested, 2 being
/// cancelled, 3 cancelled, 16 unpaid order cancelled (the crawl of the QSM spec, GetClaimInfo_V3).
/// Returns (4–6), exchanges (11–13) and non-receipt claims (14, 15) come after shipping.
pub const CANCEL_CLAIMS: [&str; 4] = ["1", "2", "3", "16"];

/// True when a `claimStatus` (a code, or a text ending in `(code)`) is a cancellation.
pub fn is_cancel_claim(claim_status: &str) -> bool {
    let code = status_code(claim_status);
    CANCEL_CLAIMS.contains(&code.as_str())
}

/// One row of `GetClaimInfo_V3`: the order and its claim.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ClaimRow {
    /// `orderNo`.
    #[serde(rename = "orderNo", deserialize_with = "text")]
    pub order_no: String,
    /// `claimStatus`.
    #[serde(rename = "claimStatus", deserialize_with = "text")]
    pub claim_status: String,
    /// `requestDate`: when the claim was made.
    #[serde(rename = "requestDate", deserialize_with = "text")]
    pub request_date: String,
    /// `reason`, the buyer's words.
    #[serde(rename = "reason", deserialize_with = "text")]
    pub reason: String,
}

impl ClaimRow {
    /// True when the claim cancels the order.
    pub fn is_cancel(&self) -> bool {
        is_cancel_claim(&self.claim_status)
    }
}

/// Alternative names of a claim row (`OrderNo` in some answers).
const CLAIM_ALIASES: &[(&str, &[&str])] = &[
    ("orderNo", &["OrderNo"]),
    ("claimStatus", &["ClaimStatus", "ClaimStat"]),
];

/// Parses a `GetClaimInfo_V3` answer into claim rows (none for a null or empty `ResultObject`).
pub fn parse_claims(body: &[u8]) -> Result<Vec<ClaimRow>, MarketError> {
    let env = parse_ok(body)?;
    let rows = rows_of(&env.object, body, "GetClaimInfo_V3")?;
    let mut out = Vec::with_capacity(rows.len());
    for v in rows {
        let row: ClaimRow = serde_json::from_value(fold_aliases(v, CLAIM_ALIASES))
            .map_err(|e| MarketError::malformed(format!("GetClaimInfo_V3 row does not parse: {e}"), body))?;
        if row.order_no.is_empty() {
            return Err(MarketError::malformed(
                "GetClaimInfo_V3 row without orderNo",
                body,
            ));
        }
        out.push(row);
    }
    Ok(out)
}

/// Parses a `GetShippingAndClaimInfoByOrderNo_V2` answer: the order (`cancelled` when its
/// `claimStatus` is a cancellation), or `None` when the site answers no row for it.
pub fn parse_order_lookup(body: &[u8], order_no: &str) -> Result<Option<SiteOrder>, MarketError> {
    let env = parse_ok(body)?;
    let rows = rows_of(&env.object, body, "GetShippingAndClaimInfoByOrderNo_V2")?;
    for v in rows {
        let row: ShippingRow = serde_json::from_value(fold_aliases(v, ROW_ALIASES)).map_err(|e| {
            MarketError::malformed(
                format!("GetShippingAndClaimInfoByOrderNo_V2 row does not parse: {e}"),
                body,
            )
        })?;
        if row.order_no == order_no {
            let mut order = row.to_order()?;
            if order.cancelled {
                let cancelled = crate::domain::status::site_status(crate::domain::Site::Qoo10, "cancel");
                order.site_status = cancelled.clone();
                for l in &mut order.lines {
                    l.site_status = cancelled.clone();
                }
            }
            return Ok(Some(order));
        }
    }
    Ok(None)
}
