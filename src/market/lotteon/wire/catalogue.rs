//! LotteON apiNo 86 / 93 / 94: stock-change outcomes, the product list and product details.

use serde::Deserialize;
use serde_json::Value;

use super::{decode, parse_ok};
use crate::market::types::MarketError;
use crate::market::wire::{amount, string_or_number};

// ---------------------------------------------------------------------------------------------
// apiNo 86 / 93 / 94

/// The outcome of one item of apiNo 86.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StockRow {
    /// `spdNo`.
    #[serde(deserialize_with = "string_or_number")]
    pub spd_no: String,
    /// `sitmNo`.
    #[serde(deserialize_with = "string_or_number")]
    pub sitm_no: String,
    /// `resultCode`.
    #[serde(deserialize_with = "string_or_number")]
    pub result_code: String,
    /// `resultMessage`.
    #[serde(deserialize_with = "string_or_number")]
    pub result_message: String,
}

/// Parses apiNo 86: `data[{spdNo, sitmNo, resultCode, resultMessage}]`.
pub fn parse_stock(body: &[u8]) -> Result<Vec<StockRow>, MarketError> {
    let (_, data) = parse_ok(body)?;
    match data {
        Value::Null => Ok(Vec::new()),
        Value::Array(_) => decode(data, "86 stock result", body),
        _ => Err(MarketError::malformed("LotteON 86: data is not a list", body)),
    }
}

/// One product of apiNo 93.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProductRow {
    /// `spdNo`.
    #[serde(deserialize_with = "string_or_number")]
    pub spd_no: String,
    /// `spdNm`.
    #[serde(deserialize_with = "string_or_number")]
    pub spd_nm: String,
    /// `epdNo`.
    #[serde(deserialize_with = "string_or_number")]
    pub epd_no: String,
}

/// Parses apiNo 93: `data[{spdNo, spdNm, epdNo}]` and the total `dataCount`.
pub fn parse_product_list(body: &[u8]) -> Result<(Vec<ProductRow>, Option<usize>), MarketError> {
    let (head, data) = parse_ok(body)?;
    let rows: Vec<ProductRow> = match data {
        Value::Null => Vec::new(),
        Value::Array(_) => decode(data, "93 product list", body)?,
        _ => return Err(MarketError::malformed("LotteON 93: data is not a list", body)),
    };
    if rows.iter().any(|r| r.spd_no.is_empty()) {
        return Err(MarketError::malformed("LotteON 93: a product has no spdNo", body));
    }
    Ok((rows, head.data_count))
}

/// One item of a product (apiNo 94 `itmLst`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ItemRow {
    /// `sitmNo`.
    #[serde(deserialize_with = "string_or_number")]
    pub sitm_no: String,
    /// `eitmNo`, the seller's item code.
    #[serde(deserialize_with = "string_or_number")]
    pub eitm_no: String,
    /// `sitmNm`.
    #[serde(deserialize_with = "string_or_number")]
    pub sitm_nm: String,
    /// `slStatCd`.
    #[serde(deserialize_with = "string_or_number")]
    pub sl_stat_cd: String,
    /// `stkQty`.
    #[serde(deserialize_with = "amount")]
    pub stk_qty: i64,
}

/// A product with its items (apiNo 94).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProductDetail {
    /// `spdNo`.
    #[serde(deserialize_with = "string_or_number")]
    pub spd_no: String,
    /// `spdNm`.
    #[serde(deserialize_with = "string_or_number")]
    pub spd_nm: String,
    /// `epdNo`, the seller's product code.
    #[serde(deserialize_with = "string_or_number")]
    pub epd_no: String,
    /// `itmLst`.
    pub itm_lst: Vec<ItemRow>,
}

/// Parses apiNo 94: `data{spdNo, spdNm, epdNo, itmLst[]}`.
pub fn parse_product_detail(body: &[u8]) -> Result<ProductDetail, MarketError> {
    let (_, data) = parse_ok(body)?;
    let d: ProductDetail = match data {
        Value::Object(_) => decode(data, "94 product detail", body)?,
        _ => return Err(MarketError::malformed("LotteON 94: data is not an object", body)),
    };
    if d.spd_no.is_empty() || d.itm_lst.iter().any(|i| i.sitm_no.is_empty()) {
        return Err(MarketError::malformed(
            "LotteON 94: spdNo or an item's sitmNo is missing",
            body,
        ));
    }
    Ok(d)
}
