//! ESM Plus wire format: the self-signed JWT, the request builders (pure: they take the time and
//! return a `reqwest::Request`), the envelope classifier and the parsers (pure, never panicking).

use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::domain::status::site_status;
use crate::domain::{LineSku, Money, OrderLine, Party, ProductRef, Secret, Site};
use crate::market::http::{classify_status, Reply};
use crate::market::types::{MarketError, SiteOrder};
use crate::market::wire::{amount, local_text, local_time, string_or_number};

/// The JWT `aud` ESM requires (constant).
pub const AUDIENCE: &str = "sa.esmplus.com";

// ASSUMPTION: `iss` is the provider's domain; ESM's own example uses the tool's domain and one
// public client sends `www.esmplus.com`. shipdeck has no domain of its own, so it sends the latter.
/// The JWT `iss` shipdeck sends.
pub const ISSUER: &str = "www.esmplus.com";

/// `ResultCode` of "too many calls" (HTTP 200).
pub const RESULT_RATE_LIMITED: i64 = 3000;

/// Order times as ESM writes them (KST).
pub const TIME_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
];

/// The query time format of `requestDateFrom` / `requestDateTo` (KST, whole minutes).
pub const QUERY_MINUTE: &str = "%Y-%m-%d %H:%M";

/// What signs every request of one seller: the integrator's master id and secret key, and the
/// seller named in `ssi`.
#[derive(Debug, Clone)]
pub struct Signer {
    /// `[esm] master_id`, sent as the JWT `kid`.
    pub master_id: String,
    /// `[esm] secret_key`, the HS256 key.
    pub secret_key: Secret,
    /// `G:<gmarket id>` or `A:<auction id>`.
    pub ssi: String,
}

impl Signer {
    /// A signer for `seller_id` on `site` (Gmarket → `G:`, Auction → `A:`).
    pub fn new(master_id: &str, secret_key: Secret, site: Site, seller_id: &str) -> Signer {
        let prefix = if site == Site::Auction { "A" } else { "G" };
        Signer {
            master_id: master_id.to_string(),
            secret_key,
            ssi: format!("{prefix}:{seller_id}"),
        }
    }

    /// The `Authorization` header value for a request signed at `now`.
    pub fn bearer(&self, now: jiff::Timestamp) -> Result<String, MarketError> {
        Ok(format!(
            "Bearer {}",
            jwt(
                &self.master_id,
                self.secret_key.expose(),
                &self.ssi,
                now.as_second()
            )?
        ))
    }
}

fn json_str(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// The JWT header text, byte for byte: `{"alg":"HS256","typ":"JWT","kid":"…"}`.
pub fn jwt_header(master_id: &str) -> String {
    format!(r#"{{"alg":"HS256","typ":"JWT","kid":{}}}"#, json_str(master_id))
}

/// The JWT payload text, byte for byte (keys in this order, no spaces).
pub fn jwt_payload(ssi: &str, iat: i64) -> String {
    format!(
        r#"{{"iss":{},"sub":"sell","aud":{},"iat":{iat},"ssi":{}}}"#,
        json_str(ISSUER),
        json_str(AUDIENCE),
        json_str(ssi)
    )
}

/// Signs the HS256 JWT: `b64url(header).b64url(payload).b64url(hmac)`, unpadded.
pub fn jwt(master_id: &str, secret: &str, ssi: &str, iat: i64) -> Result<String, MarketError> {
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let signing_input = format!(
        "{}.{}",
        b64.encode(jwt_header(master_id)),
        b64.encode(jwt_payload(ssi, iat))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(|e| MarketError::Config {
        message: format!("[esm] secret_key cannot key HMAC-SHA256: {e}"),
    })?;
    mac.update(signing_input.as_bytes());
    let sig = b64.encode(mac.finalize().into_bytes());
    Ok(format!("{signing_input}.{sig}"))
}

/// The ESM `siteType` of a site: 1 Auction, 2 Gmarket.
pub fn site_type(site: Site) -> u8 {
    if site == Site::Auction {
        1
    } else {
        2
    }
}

/// The JSON key of a site in item-API per-site objects (`isSell.gmkt`, `stock.iac`).
pub fn site_key(site: Site) -> &'static str {
    if site == Site::Auction {
        "iac"
    } else {
        "gmkt"
    }
}

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

// ASSUMPTION: goods search pages with `pageIndex`/`pageSize` and, with no filter, lists every
// ESM 2.0 goods of the seller; each goods carries its option rows (`options[]`, the fields of
// the recommended-options detail) so one call maps codes to ids.
/// The body of `goods/search`.
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
/// `isSell=false` to sell out (0 is not a valid stock).
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
        body.insert("stock".into(), serde_json::json!({ key: quantity.min(99_999) }));
    }
    let body = to_body("sell-status", &body)?;
    let path = format!("/item/v1/goods/{}/sell-status", encode_segment(goods_no));
    build(client, reqwest::Method::PUT, base, &path, signer, now, Some(body))
}

/// One option's stock for `recommended-options`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionStock {
    /// The option's seller code (`manageCode`).
    pub manage_code: String,
    /// Quantity (0 marks it sold out).
    pub quantity: i64,
}

// ASSUMPTION: `recommended-options` takes `{"details":[{"manageCode","qty":{site},"isSoldOut"}]}`
// and updates only the options named (by `manageCode`); the real body also carries option names
// and `skuInfo[]`, which no public source shows in full.
/// `PUT /item/v1/goods/{goodsNo}/recommended-options`.
pub fn recommended_options(
    client: &reqwest::Client,
    base: &str,
    signer: &Signer,
    now: jiff::Timestamp,
    site: Site,
    goods_no: &str,
    options: &[OptionStock],
) -> Result<reqwest::Request, MarketError> {
    let key = site_key(site);
    let details: Vec<serde_json::Value> = options
        .iter()
        .map(|o| {
            let q = o.quantity.clamp(0, 99_999);
            serde_json::json!({
                "manageCode": o.manage_code,
                "qty": { key: q },
                "isSoldOut": q == 0,
            })
        })
        .collect();
    let body = to_body("recommended-options", &serde_json::json!({ "details": details }))?;
    let path = format!("/item/v1/goods/{}/recommended-options", encode_segment(goods_no));
    build(client, reqwest::Method::PUT, base, &path, signer, now, Some(body))
}

fn encode_segment(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

// ---------------------------------------------------------------------------------------------
// Answers

/// The envelope every ESM answer comes in: `{"ResultCode":0,"Message":"…","Data":{…}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// `ResultCode` (0 = success).
    pub code: i64,
    /// `Message`.
    pub message: String,
    /// `Data` (null when absent).
    pub data: serde_json::Value,
}

impl Envelope {
    /// The site's answer as it may be shown: `ResultCode 0: SUCCESS`.
    pub fn describe(&self) -> String {
        format!("ResultCode {}: {}", self.code, self.message)
    }
}

fn field<'a>(
    obj: &'a serde_json::Map<String, serde_json::Value>,
    names: &[&str],
) -> Option<&'a serde_json::Value> {
    names.iter().find_map(|n| obj.get(*n))
}

// ASSUMPTION: the item APIs (`/item/v1/…`) answer in the same `ResultCode` envelope as the
// shipping APIs; keys are accepted in Pascal or camel case to be safe.
/// Parses the envelope (keys in Pascal or camel case; `ResultCode` a number or numeric text).
pub fn parse_envelope(body: &[u8]) -> Result<Envelope, MarketError> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| MarketError::malformed(format!("ESM answer is not JSON: {e}"), body))?;
    let Some(obj) = value.as_object() else {
        return Err(MarketError::malformed("ESM answer is not a JSON object", body));
    };
    let code = match field(obj, &["ResultCode", "resultCode"]) {
        Some(serde_json::Value::Number(n)) => n.as_i64(),
        Some(serde_json::Value::String(s)) => s.trim().parse::<i64>().ok(),
        _ => None,
    }
    .ok_or_else(|| MarketError::malformed("ESM answer has no numeric ResultCode", body))?;
    let message = match field(obj, &["Message", "message"]) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let data = field(obj, &["Data", "data"])
        .cloned()
        .unwrap_or(serde_json::Value::Null);
    Ok(Envelope { code, message, data })
}

/// ESM's classifier: HTTP status first (401/403 auth with the site's own words, 429, 5xx), then
/// the envelope: `ResultCode` 3000 is a rate limit, any other non-zero code a refusal, and a 200
/// whose body is not an envelope is malformed (never a success).
pub fn classify(reply: &Reply) -> Result<(), MarketError> {
    let site_words = parse_envelope(&reply.body).ok();
    match reply.status {
        200..=299 => {
            let env = parse_envelope(&reply.body)?;
            match env.code {
                0 => Ok(()),
                RESULT_RATE_LIMITED => Err(MarketError::RateLimited {
                    retry_after: reply.retry_after(),
                    message: env.describe(),
                }),
                _ => Err(MarketError::Permanent {
                    message: env.describe(),
                }),
            }
        }
        401 | 403 => Err(MarketError::Auth {
            message: site_words
                .map(|e| e.describe())
                .unwrap_or_else(|| format!("HTTP {}: {}", reply.status, excerpt(&reply.body))),
        }),
        400..=499 if reply.status != 429 => match site_words {
            Some(env) if env.code == RESULT_RATE_LIMITED => Err(MarketError::RateLimited {
                retry_after: reply.retry_after(),
                message: env.describe(),
            }),
            Some(env) => Err(MarketError::Permanent {
                message: env.describe(),
            }),
            None => classify_status(reply),
        },
        _ => classify_status(reply),
    }
}

fn excerpt(body: &[u8]) -> String {
    String::from_utf8_lossy(body).chars().take(300).collect()
}

/// One option chosen on an order row.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default)]
pub struct ItemOptionSelect {
    /// The option text (`블랙/M`).
    #[serde(rename = "ItemOptionValue", deserialize_with = "string_or_number")]
    pub value: String,
    /// Quantity of this option.
    #[serde(rename = "ItemOptionOrderCnt", deserialize_with = "string_or_number")]
    pub count: String,
    /// The seller's option code.
    #[serde(rename = "ItemOptionCode", deserialize_with = "string_or_number")]
    pub code: String,
}

fn null_vec<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// One `RequestOrders` row: one order line, whose `OrderNo` is both the order and the line key.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
pub struct OrderRow {
    /// Order (and line) number.
    #[serde(deserialize_with = "string_or_number")]
    pub order_no: String,
    /// Cart (payment) number.
    #[serde(deserialize_with = "string_or_number")]
    pub pay_no: String,
    /// Status code (1 new, 2 preparing, 3 in delivery…).
    #[serde(deserialize_with = "string_or_number")]
    pub order_status: String,
    /// Master goods number.
    #[serde(deserialize_with = "string_or_number")]
    pub goods_no: String,
    /// Seller management code.
    #[serde(deserialize_with = "string_or_number")]
    pub out_goods_no: String,
    /// Goods name.
    #[serde(deserialize_with = "string_or_number")]
    pub goods_name: String,
    /// Quantity.
    #[serde(deserialize_with = "string_or_number")]
    pub contr_amount: String,
    /// Unit price.
    #[serde(deserialize_with = "amount")]
    pub sale_price: i64,
    /// Line amount.
    #[serde(deserialize_with = "amount")]
    pub order_amount: i64,
    /// Order time (KST).
    #[serde(deserialize_with = "string_or_number")]
    pub order_date: String,
    /// Payment time (KST).
    #[serde(deserialize_with = "string_or_number")]
    pub pay_date: String,
    /// Buyer name.
    #[serde(deserialize_with = "string_or_number")]
    pub buyer_name: String,
    /// Buyer mobile.
    #[serde(deserialize_with = "string_or_number")]
    pub buyer_mobile_tel: String,
    /// Receiver name.
    #[serde(deserialize_with = "string_or_number")]
    pub receiver_name: String,
    /// Receiver mobile.
    #[serde(deserialize_with = "string_or_number")]
    pub hp_no: String,
    /// Receiver phone.
    #[serde(deserialize_with = "string_or_number")]
    pub tel_no: String,
    /// Postal code.
    #[serde(deserialize_with = "string_or_number")]
    pub zip_code: String,
    /// Full address.
    #[serde(deserialize_with = "string_or_number")]
    pub del_full_address: String,
    /// Address, first part.
    #[serde(deserialize_with = "string_or_number")]
    pub del_front_address: String,
    /// Address, second part.
    #[serde(deserialize_with = "string_or_number")]
    pub del_back_address: String,
    /// Delivery message.
    #[serde(deserialize_with = "string_or_number")]
    pub del_memo: String,
    /// Options chosen.
    #[serde(deserialize_with = "null_vec")]
    pub item_option_select_list: Vec<ItemOptionSelect>,
    /// `Y` when the order has been cancelled (see the ASSUMPTION in `row_to_order`).
    #[serde(deserialize_with = "string_or_number")]
    pub cancel_yn: String,
}

/// One page of `RequestOrders`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrdersPage {
    /// Rows matching the query in all.
    pub total_count: u64,
    /// This page's rows.
    pub rows: Vec<OrderRow>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
struct OrdersData {
    #[serde(deserialize_with = "string_or_number")]
    total_count: String,
    #[serde(deserialize_with = "null_vec")]
    request_orders: Vec<OrderRow>,
}

/// Parses a `RequestOrders` answer (envelope, then `Data{TotalCount,RequestOrders[]}`).
pub fn parse_orders(body: &[u8]) -> Result<OrdersPage, MarketError> {
    let env = parse_envelope(body)?;
    if env.code != 0 {
        return Err(MarketError::Permanent {
            message: env.describe(),
        });
    }
    if env.data.is_null() {
        return Ok(OrdersPage::default());
    }
    let data: OrdersData = serde_json::from_value(env.data)
        .map_err(|e| MarketError::malformed(format!("RequestOrders Data: {e}"), body))?;
    let total_count = if data.total_count.trim().is_empty() {
        data.request_orders.len() as u64
    } else {
        data.total_count.trim().parse::<u64>().map_err(|_| {
            MarketError::malformed(format!("RequestOrders TotalCount `{}`", data.total_count), body)
        })?
    };
    if let Some(bad) = data.request_orders.iter().find(|r| r.order_no.trim().is_empty()) {
        return Err(MarketError::malformed(
            format!("RequestOrders row without OrderNo (goods `{}`)", bad.goods_name),
            body,
        ));
    }
    Ok(OrdersPage {
        total_count,
        rows: data.request_orders,
    })
}

/// Turns a row into shipdeck's order (one line keyed by the `OrderNo`).
pub fn row_to_order(site: Site, row: &OrderRow) -> Result<SiteOrder, MarketError> {
    let ordered_at = local_time(&row.order_date, TIME_FORMATS).map_err(|_| {
        MarketError::malformed(
            format!(
                "order {}: OrderDate `{}` is not a time",
                row.order_no, row.order_date
            ),
            row.order_date.as_bytes(),
        )
    })?;
    let paid_at = if row.pay_date.trim().is_empty() {
        None
    } else {
        Some(local_time(&row.pay_date, TIME_FORMATS).map_err(|_| {
            MarketError::malformed(
                format!("order {}: PayDate `{}` is not a time", row.order_no, row.pay_date),
                row.pay_date.as_bytes(),
            )
        })?)
    };
    let quantity = row.contr_amount.trim().parse::<u32>().map_err(|_| {
        MarketError::malformed(
            format!(
                "order {}: ContrAmount `{}` is not a quantity",
                row.order_no, row.contr_amount
            ),
            row.contr_amount.as_bytes(),
        )
    })?;
    let status = site_status(site, &row.order_status);
    let money = |amount| Money {
        amount,
        currency: site.currency(),
    };
    let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    // ASSUMPTION: the option code is the first ItemOptionSelectList entry's ItemOptionCode
    // (ESM orders of shipdeck's sellers carry one option per line).
    let option = row.item_option_select_list.first();
    let address = if row.del_full_address.trim().is_empty() {
        format!("{} {}", row.del_front_address.trim(), row.del_back_address.trim())
            .trim()
            .to_string()
    } else {
        row.del_full_address.trim().to_string()
    };
    let line = OrderLine {
        line_key: row.order_no.trim().to_string(),
        site_status: status.clone(),
        product: ProductRef::Code {
            product_code: nonempty(&row.out_goods_no),
            option_code: option.and_then(|o| nonempty(&o.code)),
        },
        product_name: row.goods_name.clone(),
        option_name: option.map(|o| o.value.clone()).unwrap_or_default(),
        quantity,
        unit_price: money(row.sale_price),
        amount: money(row.order_amount),
        sku: LineSku::Unresolved,
    };
    // ASSUMPTION: cancelled orders leave the status 1/2 listings (ESM moves them to its claim
    // APIs); a look-up by order number still returns them, flagged `CancelYn: "Y"`.
    let cancelled = row.cancel_yn.trim().eq_ignore_ascii_case("y");
    Ok(SiteOrder {
        order_no: row.order_no.trim().to_string(),
        cart_no: nonempty(&row.pay_no),
        site_status: status,
        ordered_at,
        paid_at,
        buyer: Party {
            name: row.buyer_name.clone(),
            phone: row.buyer_mobile_tel.clone(),
            ..Party::default()
        },
        receiver: Party {
            name: row.receiver_name.clone(),
            phone: if row.hp_no.trim().is_empty() {
                row.tel_no.clone()
            } else {
                row.hp_no.clone()
            },
            postal_code: row.zip_code.clone(),
            address,
        },
        delivery_message: row.del_memo.clone(),
        lines: vec![line],
        cancelled,
    })
}

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
