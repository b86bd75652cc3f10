//! ESM item-API answers (`/item/v1/…`): the carrier list, the goods search and the recommended
//! options. Unlike the shipping API they come without the `ResultCode`/`Data` envelope (a bare
//! object on success, `{resultCode,message}` on a refusal); an envelope, if one is there, is
//! unwrapped all the same.

use serde::Deserialize;

use super::{null_vec, site_key};
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

/// The first of `names` present in an object (keys a source writes in two ways).
fn field<'a>(v: &'a serde_json::Value, names: &[&str]) -> Option<&'a serde_json::Value> {
    let obj = v.as_object()?;
    names.iter().find_map(|n| obj.get(*n))
}

/// The answer's object: the body itself, or its `Data`/`data` when an envelope wraps it. A
/// non-zero `resultCode`/`ResultCode` is the site refusing, in its own words.
pub fn item_body(what: &str, body: &[u8]) -> Result<serde_json::Value, MarketError> {
    let v: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| MarketError::malformed(format!("ESM {what} is not JSON: {e}"), body))?;
    if !v.is_object() {
        return Err(MarketError::malformed(
            format!("ESM {what} is not a JSON object"),
            body,
        ));
    }
    let code = match field(&v, &["resultCode", "ResultCode"]) {
        Some(serde_json::Value::Number(n)) => n.as_i64(),
        Some(serde_json::Value::String(s)) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    if let Some(code) = code.filter(|c| *c != 0) {
        let message = field(&v, &["message", "Message"])
            .and_then(|m| m.as_str())
            .unwrap_or_default();
        return Err(MarketError::Permanent {
            message: format!("resultCode {code}: {message}"),
        });
    }
    Ok(match field(&v, &["Data", "data"]) {
        Some(d) if d.is_object() => d.clone(),
        _ => v,
    })
}

/// Parses the `delivery-company` answer (`{deliveryCompanies:[…]}`, etapi.gmarket.com/142).
pub fn parse_delivery_companies(body: &[u8]) -> Result<Vec<DeliveryCompany>, MarketError> {
    let v = item_body("delivery-company answer", body)?;
    let data: CompaniesData = serde_json::from_value(v)
        .map_err(|e| MarketError::malformed(format!("delivery-company answer: {e}"), body))?;
    Ok(data.delivery_companies)
}

/// A goods as `goods/search` lists it (`items[]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct Goods {
    /// Master goods number.
    #[serde(deserialize_with = "string_or_number")]
    pub goods_no: String,
    /// Seller management code.
    #[serde(deserialize_with = "string_or_number")]
    pub managed_code: String,
    /// Name: text, or the per-language object of the goods API (`{kor:…}`).
    pub goods_name: serde_json::Value,
    /// Item-level stock per site, when listed (`{"gmkt":n,"iac":n}`).
    pub stock: serde_json::Map<String, serde_json::Value>,
}

impl Goods {
    /// The name as text (the Korean one of a per-language object).
    pub fn name(&self) -> String {
        match &self.goods_name {
            serde_json::Value::String(s) => s.clone(),
            v => field(v, &["kor", "Kor"])
                .and_then(|k| k.as_str())
                .unwrap_or_default()
                .to_string(),
        }
    }
}

/// One page of `goods/search`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoodsPage {
    /// Goods matching in all.
    pub total_count: u64,
    /// This page's goods.
    pub goods: Vec<Goods>,
}

/// Parses a `goods/search` answer: `{totalItems, pageIndex, pageSize, items[]}` (a public client's
/// reading of the goods-search page; `totalCount`/`goods` are read as well).
pub fn parse_goods(body: &[u8]) -> Result<GoodsPage, MarketError> {
    let v = item_body("goods/search answer", body)?;
    let goods: Vec<Goods> = match field(&v, &["items", "goods"]) {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(list) => serde_json::from_value(list.clone())
            .map_err(|e| MarketError::malformed(format!("goods/search items: {e}"), body))?,
    };
    let total_count = match field(&v, &["totalItems", "totalCount"]) {
        Some(serde_json::Value::Number(n)) => n.as_u64(),
        Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .unwrap_or(goods.len() as u64);
    Ok(GoodsPage { total_count, goods })
}

/// The option groups of a recommended-options body that hold `details[]`.
const GROUPS: &[&str] = &["independent", "combination", "calculation"];

/// One option of a recommended-options body, read for mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionDetail {
    /// The option's id (`recommendedOptValueNo`, or the numbers of a combination joined by `-`).
    pub option_no: String,
    /// The seller's option code (`manageCode`).
    pub manage_code: String,
    /// The option text (`koreanText` of its value or values).
    pub text: String,
    /// Stock for the site (0 when sold out).
    pub qty: i64,
}

fn each_detail(body: &serde_json::Value) -> Vec<&serde_json::Value> {
    let mut out = Vec::new();
    for g in GROUPS {
        if let Some(d) = body
            .get(g)
            .and_then(|x| x.get("details"))
            .and_then(|d| d.as_array())
        {
            out.extend(d.iter());
        }
    }
    if let Some(list) = body.get("independents").and_then(|x| x.as_array()) {
        for g in list {
            if let Some(d) = g.get("details").and_then(|d| d.as_array()) {
                out.extend(d.iter());
            }
        }
    }
    out
}

fn each_detail_mut(body: &mut serde_json::Value) -> Vec<&mut serde_json::Value> {
    let mut out = Vec::new();
    let Some(obj) = body.as_object_mut() else {
        return out;
    };
    for (k, g) in obj.iter_mut() {
        if GROUPS.contains(&k.as_str()) {
            if let Some(d) = g.get_mut("details").and_then(|d| d.as_array_mut()) {
                out.extend(d.iter_mut());
            }
        } else if k == "independents" {
            for g in g.as_array_mut().into_iter().flatten() {
                if let Some(d) = g.get_mut("details").and_then(|d| d.as_array_mut()) {
                    out.extend(d.iter_mut());
                }
            }
        }
    }
    out
}

fn text_of(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        v => field(v, &["koreanText"])
            .and_then(|t| t.as_str())
            .unwrap_or_default()
            .to_string(),
    }
}

/// Parses `GET /item/v1/goods/{goodsNo}/recommended-options`: the whole body (kept to be sent
/// back by the PUT, which replaces the options whole) and its options read for `site`.
pub fn parse_recommended_options(
    body: &[u8],
    site: Site,
) -> Result<(serde_json::Value, Vec<OptionDetail>), MarketError> {
    let v = item_body("recommended-options answer", body)?;
    let mut out = Vec::new();
    for d in each_detail(&v) {
        let s = |names: &[&str]| {
            field(d, names)
                .map(|x| match x {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                })
                .unwrap_or_default()
        };
        let option_no = match s(&["recommendedOptValueNo"]) {
            n if !n.is_empty() => n,
            _ => [
                "recommendedOptValueNo1",
                "recommendedOptValueNo2",
                "recommendedOptValueNo3",
            ]
            .iter()
            .map(|k| s(&[k]))
            .filter(|x| !x.is_empty() && x != "0")
            .collect::<Vec<_>>()
            .join("-"),
        };
        let text = match field(d, &["recommendedOptValue"]) {
            Some(v) => text_of(v),
            None => [
                "recommendedOptValue1",
                "recommendedOptValue2",
                "recommendedOptValue3",
            ]
            .iter()
            .filter_map(|k| field(d, &[k]).map(text_of))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("/"),
        };
        let sold_out = field(d, &["isSoldOut"])
            .and_then(|b| b.as_bool())
            .unwrap_or(false);
        let qty = field(d, &["qty"])
            .and_then(|q| q.as_object())
            .map(|q| site_qty(q, site))
            .unwrap_or(0);
        out.push(OptionDetail {
            option_no,
            manage_code: s(&["manageCode"]),
            text,
            qty: if sold_out { 0 } else { qty },
        });
    }
    Ok((v, out))
}

/// Sets the stock of the option coded `manage_code` for `site` in a recommended-options body:
/// a quantity of 0 marks it sold out (`isSoldOut`, the quantity kept within 1–99999 as the page
/// requires), any other sets `qty` and clears `isSoldOut`. False when no option has the code.
pub fn set_option_stock(body: &mut serde_json::Value, site: Site, manage_code: &str, quantity: i64) -> bool {
    let key = site_key(site);
    let mut found = false;
    for d in each_detail_mut(body) {
        if d.get("manageCode").and_then(|c| c.as_str()) != Some(manage_code) {
            continue;
        }
        found = true;
        let Some(obj) = d.as_object_mut() else { continue };
        let qty = obj.entry("qty").or_insert_with(|| serde_json::json!({}));
        if !qty.is_object() {
            *qty = serde_json::json!({});
        }
        if quantity > 0 {
            qty[key] = serde_json::json!(quantity.min(99_999));
            obj.insert("isSoldOut".into(), serde_json::json!(false));
        } else {
            let kept = qty.get(key).and_then(|v| v.as_i64()).unwrap_or(0);
            qty[key] = serde_json::json!(kept.clamp(1, 99_999));
            obj.insert("isSoldOut".into(), serde_json::json!(true));
        }
    }
    found
}

/// True when every option of a recommended-options body is sold out (the page refuses such a
/// body with error 3000: the goods must stop selling instead).
pub fn all_sold_out(body: &serde_json::Value) -> bool {
    let details = each_detail(body);
    !details.is_empty()
        && details
            .iter()
            .all(|d| d.get("isSoldOut").and_then(|b| b.as_bool()).unwrap_or(false))
}

/// The stock of a per-site object (`{"gmkt":5}`; `Gmkt` is read too) for `site` (0 when absent).
pub fn site_qty(map: &serde_json::Map<String, serde_json::Value>, site: Site) -> i64 {
    let key = site_key(site);
    let v = map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    });
    match v {
        Some(serde_json::Value::Number(n)) => n.as_i64().unwrap_or(0),
        Some(serde_json::Value::String(s)) => s.trim().parse().unwrap_or(0),
        _ => 0,
    }
}
