//! ESM request builders: pure functions that take the time and the [`Signer`] and return a
//! `reqwest::Request` for each call.

use serde::{Deserialize, Serialize};

use super::{site_key, Signer};
use crate::domain::Site;
use crate::market::types::MarketError;
use crate::market::wire::local_text;

fn url(base: &str, path: &str) -> Result<reqwest::Url, MarketError> {
    let text = format!("{}{}", base.trim_end_matches('/'), path);
    reqwest::Url::parse(&text).map_err(|e| MarketError::Config {
        message: format!("ESM base URL `{base}` gives no valid URL for {path}: {e}"),
    })
}

fn build(
    client: &reqwest::Client,
    method: reqwest::Method,
    base: &str,
    path: &str,
    signer: &Signer,
    now: jiff::Timestamp,
    body: Option<Vec<u8>>,
) -> Result<reqwest::Request, MarketError> {
    let mut rb = client
        .request(method, url(base, path)?)
        .header(reqwest::header::AUTHORIZATION, signer.bearer(now)?)
        .header(reqwest::header::ACCEPT, "application/json");
    if let Some(body) = body {
        rb = rb
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
    }
    rb.build().map_err(|e| MarketError::Config {
        message: format!("cannot build the ESM request {path}: {e}"),
    })
}

fn to_body<T: Serialize>(what: &str, value: &T) -> Result<Vec<u8>, MarketError> {
    serde_json::to_vec(value).map_err(|e| MarketError::Config {
        message: format!("cannot encode the {what} body: {e}"),
    })
}

/// The body of `RequestOrders`, fields in the documented order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct OrdersQuery {
    /// 1 Auction, 2 Gmarket.
    pub site_type: u8,
    /// 0 by order number, 1 new, 2 preparing shipment…
    pub order_status: u8,
    /// 1 order date.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub request_date_type: Option<u8>,
    /// `YYYY-MM-DD hh:mm` KST.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub request_date_from: Option<String>,
    /// `YYYY-MM-DD hh:mm` KST.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub request_date_to: Option<String>,
    /// With `orderStatus` 0.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub order_no: Option<i64>,
    /// 1-based page.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub page_index: Option<u32>,
    /// Rows per page.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub page_size: Option<u32>,
}

impl OrdersQuery {
    /// Orders of one status ordered between `from` and `to` (KST, `YYYY-MM-DD hh:mm`), one page.
    pub fn by_order_date(
        site_type: u8,
        order_status: u8,
        (from, to): (&str, &str),
        page_index: u32,
        page_size: u32,
    ) -> OrdersQuery {
        OrdersQuery {
            site_type,
            order_status,
            request_date_type: Some(1),
            request_date_from: Some(from.to_string()),
            request_date_to: Some(to.to_string()),
            order_no: None,
            page_index: Some(page_index),
            page_size: Some(page_size),
        }
    }
}

/// `POST /shipping/v1/Order/RequestOrders`.
pub fn request_orders(
    client: &reqwest::Client,
    base: &str,
    signer: &Signer,
    now: jiff::Timestamp,
    query: &OrdersQuery,
) -> Result<reqwest::Request, MarketError> {
    let body = to_body("RequestOrders", query)?;
    build(
        client,
        reqwest::Method::POST,
        base,
        "/shipping/v1/Order/RequestOrders",
        signer,
        now,
        Some(body),
    )
}

/// `POST /shipping/v1/Order/OrderCheck/{OrderNo}` with `{"SellerOrderNo":"","SellerItemNo":""}`.
pub fn order_check(
    client: &reqwest::Client,
    base: &str,
    signer: &Signer,
    now: jiff::Timestamp,
    order_no: &str,
) -> Result<reqwest::Request, MarketError> {
    let path = format!("/shipping/v1/Order/OrderCheck/{}", encode_segment(order_no));
    build(
        client,
        reqwest::Method::POST,
        base,
        &path,
        signer,
        now,
        Some(br#"{"SellerOrderNo":"","SellerItemNo":""}"#.to_vec()),
    )
}

/// The body of `ShippingInfo`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ShippingInfo {
    /// The order.
    pub order_no: i64,
    /// `YYYY-MM-DDThh:mm:ss` KST, within 2 days of the call.
    pub shipping_date: String,
    /// The carrier's numeric code.
    pub delivery_company_code: u32,
    /// The tracking number.
    pub invoice_no: String,
}

/// `POST /shipping/v1/Delivery/ShippingInfo`.
pub fn shipping_info(
    client: &reqwest::Client,
    base: &str,
    signer: &Signer,
    now: jiff::Timestamp,
    info: &ShippingInfo,
) -> Result<reqwest::Request, MarketError> {
    let body = to_body("ShippingInfo", info)?;
    build(
        client,
        reqwest::Method::POST,
        base,
        "/shipping/v1/Delivery/ShippingInfo",
        signer,
        now,
        Some(body),
    )
}

/// The `ShippingDate` text of an instant (KST).
pub fn shipping_date(t: jiff::Timestamp) -> String {
    local_text(t, "%Y-%m-%dT%H:%M:%S")
}

/// `GET /item/v1/shipping/delivery-company` (the carrier list; also the connection test).
pub fn delivery_companies(
    client: &reqwest::Client,
    base: &str,
    signer: &Signer,
    now: jiff::Timestamp,
) -> Result<reqwest::Request, MarketError> {
    build(
        client,
        reqwest::Method::GET,
        base,
        "/item/v1/shipping/delivery-company",
        signer,
        now,
        None,
    )
}

/// The body of `goods/search` (the goods-search page's request fields: `managedCode[]`,
/// `pageIndex`, `pageSize`; at most 30 calls a minute).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct GoodsQuery {
    /// Seller management codes to find (all when empty).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub managed_code: Vec<String>,
    /// 1-based page.
    pub page_index: u32,
    /// Rows per page.
    pub page_size: u32,
}

/// `POST /item/v1/goods/search`.
pub fn goods_search(
    client: &reqwest::Client,
    base: &str,
    signer: &Signer,
    now: jiff::Timestamp,
    query: &GoodsQuery,
) -> Result<reqwest::Request, MarketError> {
    let body = to_body("goods search", query)?;
    build(
        client,
        reqwest::Method::POST,
        base,
        "/item/v1/goods/search",
        signer,
        now,
        Some(body),
    )
}

/// `PUT /item/v1/goods/{goodsNo}/sell-status`: item-level stock for the site (1–99999), or
/// `isSell=false` to sell out (0 is not a valid stock). Body `{isSell:{site}, itemBasicInfo:
/// {stock:{site}}}` as a public client writes it (the page itself was not reachable).
pub fn sell_status(
    client: &reqwest::Client,
    base: &str,
    signer: &Signer,
    now: jiff::Timestamp,
    site: Site,
    goods_no: &str,
    quantity: i64,
) -> Result<reqwest::Request, MarketError> {
    let key = site_key(site);
    let mut body = serde_json::Map::new();
    body.insert("isSell".into(), serde_json::json!({ key: quantity > 0 }));
    if quantity > 0 {
        body.insert(
            "itemBasicInfo".into(),
            serde_json::json!({ "stock": { key: quantity.min(99_999) } }),
        );
    }
    let body = to_body("sell-status", &body)?;
    let path = format!("/item/v1/goods/{}/sell-status", encode_segment(goods_no));
    build(client, reqwest::Method::PUT, base, &path, signer, now, Some(body))
}

/// `GET /item/v1/goods/{goodsNo}/recommended-options` (etapi.gmarket.com/26): the goods' options
/// as `{type, isStockManage, independent|combination:{details[…]}}`.
pub fn recommended_options_get(
    client: &reqwest::Client,
    base: &str,
    signer: &Signer,
    now: jiff::Timestamp,
    goods_no: &str,
) -> Result<reqwest::Request, MarketError> {
    let path = format!("/item/v1/goods/{}/recommended-options", encode_segment(goods_no));
    build(client, reqwest::Method::GET, base, &path, signer, now, None)
}

/// `PUT /item/v1/goods/{goodsNo}/recommended-options`: the whole options body (the call replaces
/// the options whole), as read by the GET with the stock changed.
pub fn recommended_options(
    client: &reqwest::Client,
    base: &str,
    signer: &Signer,
    now: jiff::Timestamp,
    goods_no: &str,
    body: &serde_json::Value,
) -> Result<reqwest::Request, MarketError> {
    let body = to_body("recommended-options", body)?;
    let path = format!("/item/v1/goods/{}/recommended-options", encode_segment(goods_no));
    build(client, reqwest::Method::PUT, base, &path, signer, now, Some(body))
}

fn encode_segment(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
