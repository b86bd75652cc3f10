//! ESM item-API answers: the carrier list and the goods search with per-site stock.

use serde::Deserialize;

use super::{null_vec, parse_envelope, site_key, Envelope};
use crate::domain::Site;
use crate::market::types::MarketError;
use crate::market::wire::string_or_number;

/// One entry of the carrier list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DeliveryCompany {
    /// The numeric code `ShippingInfo` takes.
    #[serde(rename = "deliveryCompCode", deserialize_with = "string_or_number")]
    pub code: String,
    /// The carrier's name (`CJ대한통운`).
    #[serde(rename = "deliveryCompName", deserialize_with = "string_or_number")]
    pub name: String,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct CompaniesData {
    #[serde(deserialize_with = "null_vec")]
    delivery_companies: Vec<DeliveryCompany>,
}

/// Parses the `delivery-company` answer: the envelope and the carriers, with the site's words.
pub fn parse_delivery_companies(body: &[u8]) -> Result<(Envelope, Vec<DeliveryCompany>), MarketError> {
    let env = parse_envelope(body)?;
    if env.code != 0 {
        return Err(MarketError::Permanent {
            message: env.describe(),
        });
    }
    let data: CompaniesData = match &env.data {
        serde_json::Value::Null => CompaniesData::default(),
        d => serde_json::from_value(d.clone())
            .map_err(|e| MarketError::malformed(format!("delivery-company Data: {e}"), body))?,
    };
    Ok((env, data.delivery_companies))
}

/// A goods as `goods/search` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct Goods {
    /// Master goods number.
    #[serde(deserialize_with = "string_or_number")]
    pub goods_no: String,
    /// Seller management code.
    #[serde(deserialize_with = "string_or_number")]
    pub managed_code: String,
    /// Name.
    #[serde(deserialize_with = "string_or_number")]
    pub goods_name: String,
    /// Item-level stock per site (`{"gmkt":n,"iac":n}`).
    pub stock: serde_json::Map<String, serde_json::Value>,
    /// Options.
    #[serde(deserialize_with = "null_vec")]
    pub options: Vec<GoodsOption>,
}

/// An option of a goods.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct GoodsOption {
    /// ESM's option number.
    #[serde(deserialize_with = "string_or_number")]
    pub option_no: String,
    /// The seller's option code.
    #[serde(deserialize_with = "string_or_number")]
    pub manage_code: String,
    /// The option text.
    #[serde(deserialize_with = "string_or_number")]
    pub option_value: String,
    /// Stock per site.
    pub qty: serde_json::Map<String, serde_json::Value>,
}

/// One page of `goods/search`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoodsPage {
    /// Goods matching in all.
    pub total_count: u64,
    /// This page's goods.
    pub goods: Vec<Goods>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct GoodsData {
    #[serde(deserialize_with = "string_or_number")]
    total_count: String,
    #[serde(deserialize_with = "null_vec")]
    goods: Vec<Goods>,
}

/// Parses a `goods/search` answer.
pub fn parse_goods(body: &[u8]) -> Result<GoodsPage, MarketError> {
    let env = parse_envelope(body)?;
    if env.code != 0 {
        return Err(MarketError::Permanent {
            message: env.describe(),
        });
    }
    let data: GoodsData = match &env.data {
        serde_json::Value::Null => GoodsData::default(),
        d => serde_json::from_value(d.clone())
            .map_err(|e| MarketError::malformed(format!("goods/search Data: {e}"), body))?,
    };
    let total_count = data
        .total_count
        .trim()
        .parse::<u64>()
        .unwrap_or(data.goods.len() as u64);
    Ok(GoodsPage {
        total_count,
        goods: data.goods,
    })
}

/// The stock of a per-site object (`{"gmkt":5}`) for `site` (0 when absent).
pub fn site_qty(map: &serde_json::Map<String, serde_json::Value>, site: Site) -> i64 {
    match map.get(site_key(site)) {
        Some(serde_json::Value::Number(n)) => n.as_i64().unwrap_or(0),
        Some(serde_json::Value::String(s)) => s.trim().parse().unwrap_or(0),
        _ => 0,
    }
}
