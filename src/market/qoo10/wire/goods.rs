//! Qoo10 goods answers: `ItemsLookup.GetAllGoodsInfo` pages and `GetGoodsInventoryInfo` option
//! rows (pure parsers like the rest of [`super`]).

use serde::Deserialize;
use serde_json::Value;

use super::{amount_text, parse_ok, rows_of, text};
use crate::market::types::MarketError;

/// One item of `ItemsLookup.GetAllGoodsInfo`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct GoodsItem {
    /// `ItemCode`: Qoo10's id.
    #[serde(rename = "ItemCode", deserialize_with = "text")]
    pub item_code: String,
    /// `SellerCode`: the seller's product code.
    #[serde(rename = "SellerCode", deserialize_with = "text")]
    pub seller_code: String,
    /// `ItemStatus` (S2 on sale).
    #[serde(rename = "ItemStatus", deserialize_with = "text")]
    pub item_status: String,
    /// `ItemTitle`, when given.
    // ASSUMPTION: GetAllGoodsInfo items may carry ItemTitle, ItemPrice and ItemQty (only
    // ItemCode, SellerCode and ItemStatus are documented); all three are optional here.
    #[serde(rename = "ItemTitle", deserialize_with = "text")]
    pub title: String,
    /// `ItemPrice`, when given.
    #[serde(rename = "ItemPrice", deserialize_with = "amount_text")]
    pub price: Option<i64>,
    /// `ItemQty`, when given.
    #[serde(rename = "ItemQty", deserialize_with = "amount_text")]
    pub qty: Option<i64>,
}

/// One page of `GetAllGoodsInfo`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoodsPage {
    /// `TotalPages`.
    pub total_pages: u32,
    /// `PresentPage`.
    pub present_page: u32,
    /// `Items`.
    pub items: Vec<GoodsItem>,
}

/// Parses a `GetAllGoodsInfo` answer.
pub fn parse_goods_page(body: &[u8]) -> Result<GoodsPage, MarketError> {
    let env = parse_ok(body)?;
    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Raw {
        #[serde(rename = "TotalPages", deserialize_with = "text")]
        total_pages: String,
        #[serde(rename = "PresentPage", deserialize_with = "text")]
        present_page: String,
        #[serde(rename = "Items")]
        items: Option<Vec<GoodsItem>>,
    }
    let raw: Raw = match &env.object {
        Value::Null => Raw::default(),
        v => serde_json::from_value(v.clone()).map_err(|e| {
            MarketError::malformed(format!("GetAllGoodsInfo ResultObject does not parse: {e}"), body)
        })?,
    };
    let num = |s: &str, name: &str| -> Result<u32, MarketError> {
        if s.is_empty() {
            return Ok(0);
        }
        s.parse::<u32>().map_err(|_| {
            MarketError::malformed(format!("GetAllGoodsInfo {name} `{s}` is not a number"), body)
        })
    };
    Ok(GoodsPage {
        total_pages: num(&raw.total_pages, "TotalPages")?,
        present_page: num(&raw.present_page, "PresentPage")?,
        items: raw.items.unwrap_or_default(),
    })
}

/// One option row of `ItemsLookup.GetGoodsInventoryInfo`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OptionRow {
    /// `Name1..5`, empty ones dropped.
    pub names: Vec<String>,
    /// `Value1..5`, empty ones dropped.
    pub values: Vec<String>,
    /// `Qty`.
    pub qty: i64,
    /// `ItemTypeCode`: the seller's option code ("Seller SKU Code").
    pub code: String,
}

/// The separator Qoo10 joins option axes with (`OptionName` / `OptionValue`).
pub const AXIS_SEPARATOR: &str = "||*";

impl OptionRow {
    /// `OptionName` as `UpdateInventoryQtyUnit` takes it.
    pub fn option_name(&self) -> String {
        self.names.join(AXIS_SEPARATOR)
    }

    /// `OptionValue` as `UpdateInventoryQtyUnit` takes it.
    pub fn option_value(&self) -> String {
        self.values.join(AXIS_SEPARATOR)
    }
}

/// Parses a `GetGoodsInventoryInfo` answer into option rows (none for an item without options).
pub fn parse_inventory(body: &[u8]) -> Result<Vec<OptionRow>, MarketError> {
    #[derive(Deserialize, Default)]
    #[serde(default)]
    #[allow(non_snake_case)]
    struct Raw {
        #[serde(deserialize_with = "text")]
        Name1: String,
        #[serde(deserialize_with = "text")]
        Name2: String,
        #[serde(deserialize_with = "text")]
        Name3: String,
        #[serde(deserialize_with = "text")]
        Name4: String,
        #[serde(deserialize_with = "text")]
        Name5: String,
        #[serde(deserialize_with = "text")]
        Value1: String,
        #[serde(deserialize_with = "text")]
        Value2: String,
        #[serde(deserialize_with = "text")]
        Value3: String,
        #[serde(deserialize_with = "text")]
        Value4: String,
        #[serde(deserialize_with = "text")]
        Value5: String,
        #[serde(deserialize_with = "amount_text")]
        Qty: Option<i64>,
        #[serde(deserialize_with = "text")]
        ItemTypeCode: String,
    }
    let env = parse_ok(body)?;
    rows_of(&env.object, body, "GetGoodsInventoryInfo")?
        .into_iter()
        .map(|v| {
            let r: Raw = serde_json::from_value(v).map_err(|e| {
                MarketError::malformed(format!("GetGoodsInventoryInfo row does not parse: {e}"), body)
            })?;
            let keep = |xs: [&String; 5]| {
                xs.iter()
                    .filter(|s| !s.is_empty())
                    .map(|s| (*s).clone())
                    .collect::<Vec<_>>()
            };
            Ok(OptionRow {
                names: keep([&r.Name1, &r.Name2, &r.Name3, &r.Name4, &r.Name5]),
                values: keep([&r.Value1, &r.Value2, &r.Value3, &r.Value4, &r.Value5]),
                qty: r.Qty.unwrap_or(0),
                code: r.ItemTypeCode,
            })
        })
        .collect()
}

/// One item of `ItemsLookup.GetItemDetailInfo` (the fields shipdeck reads; every field is a
/// string in the crawl of the QSM spec, numbers are read either way).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ItemDetail {
    /// `ItemCode`.
    #[serde(rename = "ItemCode", deserialize_with = "text")]
    pub item_code: String,
    /// `SellerCode`.
    #[serde(rename = "SellerCode", deserialize_with = "text")]
    pub seller_code: String,
    /// `ItemTitle`.
    #[serde(rename = "ItemTitle", deserialize_with = "text")]
    pub title: String,
    /// `ItemPrice`, the selling price.
    #[serde(rename = "ItemPrice", deserialize_with = "amount_text")]
    pub price: Option<i64>,
    /// `ItemQty`, the stock of an item without options.
    #[serde(rename = "ItemQty", deserialize_with = "amount_text")]
    pub qty: Option<i64>,
    /// `ExpireDate` (`yyyy-mm-dd`): when the listing stops selling. `SetGoodsPriceQty` resets it
    /// to a year from now when sent empty, so a stock update sends this value back.
    #[serde(rename = "ExpireDate", deserialize_with = "text")]
    pub expire_date: String,
}

/// Parses a `GetItemDetailInfo` answer: the first item of `ResultObject` (a list or one object).
pub fn parse_item_detail(body: &[u8]) -> Result<ItemDetail, MarketError> {
    let env = parse_ok(body)?;
    let rows = rows_of(&env.object, body, "GetItemDetailInfo")?;
    let Some(first) = rows.into_iter().next() else {
        return Err(MarketError::malformed("GetItemDetailInfo answered no item", body));
    };
    serde_json::from_value(first)
        .map_err(|e| MarketError::malformed(format!("GetItemDetailInfo item does not parse: {e}"), body))
}

/// The listing's `ExpireDate` as `SetGoodsPriceQty` takes it back (`yyyy-mm-dd`), from the
/// forms seen in answers (`yyyy-mm-dd`, `yyyy/mm/dd`, with or without a time).
pub fn expire_date_param(text: &str) -> Option<String> {
    let t = text.trim();
    let day = t.split([' ', 'T']).next().unwrap_or("");
    ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"]
        .iter()
        .find_map(|f| jiff::civil::Date::strptime(f, day).ok())
        .map(|d| d.strftime("%Y-%m-%d").to_string())
}
