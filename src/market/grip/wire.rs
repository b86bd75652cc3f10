//! Grip's wire format: serde types, parsers (pure, never panicking) and the fingerprint.

use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::domain::marketplace::Currency;
use crate::domain::status::site_status;
use crate::domain::{LineSku, Money, OrderLine, Party, ProductRef, Site};
use crate::market::types::{MarketError, SiteOrder};
use crate::market::wire::{amount, from_millis, string_or_number};

/// `X-Fingerprint`: Base64(HMAC-SHA256(secret, "METHOD URI\ntimestamp\naccessKey")).
pub fn fingerprint(method: &str, uri: &str, timestamp_ms: i64, access_key: &str, secret: &str) -> String {
    let text = format!("{method} {uri}\n{timestamp_ms}\n{access_key}");
    // HMAC accepts keys of any length; the error arm cannot happen.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(text.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Decodes a Grip `Long`/`Integer` given as a number or numeric text (an absent or null value is 0).
fn int<'de, D: serde::Deserializer<'de>, T: std::str::FromStr + Default>(d: D) -> Result<T, D::Error> {
    let s = string_or_number(d)?;
    let t = s.trim();
    if t.is_empty() {
        return Ok(T::default());
    }
    t.parse::<T>()
        .map_err(|_| serde::de::Error::custom(format!("`{t}` is not a whole number")))
}

/// One line of `GET /api/order` (docs/order/README.md, model `OrderList`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct OrderRow {
    /// Order (`Long`).
    #[serde(deserialize_with = "string_or_number")]
    pub order_seq: String,
    /// Line (`Long`).
    #[serde(deserialize_with = "string_or_number")]
    pub order_product_seq: String,
    /// Order/payment time (`Date`: epoch ms).
    #[serde(deserialize_with = "int")]
    pub ordered_at: i64,
    /// `OrderProductState` code.
    #[serde(deserialize_with = "string_or_number")]
    pub order_state: String,
    /// Seller's product code.
    pub your_product_id: Option<String>,
    /// Seller's option code.
    pub your_option_id: Option<String>,
    /// Grip product id (`String`).
    #[serde(deserialize_with = "string_or_number")]
    pub product_id: String,
    /// Product name.
    #[serde(deserialize_with = "string_or_number")]
    pub product_name: String,
    /// Option name.
    pub option_name: Option<String>,
    /// Unit price (`Double`).
    #[serde(deserialize_with = "amount")]
    pub price: i64,
    /// Quantity (`Integer`).
    #[serde(deserialize_with = "int")]
    pub quantity: u32,
    /// Line amount (`Double`).
    #[serde(deserialize_with = "amount")]
    pub product_amount: i64,
    /// Shipping fee (`Double`).
    #[serde(deserialize_with = "amount")]
    pub shipping_amount: i64,
    /// Buyer.
    #[serde(deserialize_with = "string_or_number")]
    pub buyer_name: String,
    /// Buyer phone.
    #[serde(deserialize_with = "string_or_number")]
    pub buyer_phone_number: String,
    /// Receiver.
    #[serde(deserialize_with = "string_or_number")]
    pub recipient_name: String,
    /// Receiver phone.
    #[serde(deserialize_with = "string_or_number")]
    pub recipient_phone_number: String,
    /// Postal code.
    #[serde(deserialize_with = "string_or_number")]
    pub recipient_postal_code: String,
    /// Address (one string).
    #[serde(deserialize_with = "string_or_number")]
    pub recipient_address: String,
    /// Delivery request.
    pub delivery_request: Option<String>,
}

/// `{orderList:[…]}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderList {
    /// Rows (`null` read as none).
    #[serde(default, deserialize_with = "null_vec")]
    pub order_list: Vec<OrderRow>,
}

/// `{orderCount:n}` of `GET /api/order/count`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Count {
    /// Rows matching (`Integer`).
    #[serde(deserialize_with = "int")]
    pub order_count: u64,
}

/// A key of an order line in write bodies (`OrderKey`: two `Long`s).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderKey {
    /// Order.
    pub order_seq: u64,
    /// Line.
    pub order_product_seq: u64,
}

/// `{affected}` of a delivery action (`PUT /api/delivery/prepare`, `/shipping`, `/start`):
/// how many lines it changed.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Affected {
    #[serde(deserialize_with = "int")]
    affected: u64,
}

/// One `DeliveryResult` of a `/result` check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WriteResult {
    /// Order.
    #[serde(deserialize_with = "string_or_number")]
    pub order_seq: String,
    /// Line.
    #[serde(deserialize_with = "string_or_number")]
    pub order_product_seq: String,
    /// Done or not.
    pub result: bool,
    /// Why not (only on failure, at most 100 characters).
    #[serde(default)]
    pub message: Option<String>,
}

/// `{result:[DeliveryResult]}` of every `/result` check.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct WriteResults {
    #[serde(deserialize_with = "null_vec")]
    result: Vec<WriteResult>,
}

/// A `DeliveryShipping` entry of `PUT /api/delivery/shipping[/result]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shipping {
    /// Order.
    pub order_seq: u64,
    /// Line.
    pub order_product_seq: u64,
    /// Carrier (`Integer`).
    pub company_seq: u64,
    /// Tracking number.
    pub tracking_number: String,
}

/// A `DeliveryCompany` of `GET /api/delivery/company`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Company {
    /// Id (`Integer`).
    #[serde(deserialize_with = "int")]
    pub company_seq: u64,
    /// Name.
    #[serde(deserialize_with = "string_or_number")]
    pub company_name: String,
}

/// `{deliveryCompanies:[…]}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Companies {
    /// Carriers.
    #[serde(default, deserialize_with = "null_vec")]
    pub delivery_companies: Vec<Company>,
}

/// A `ProductOptionCombination`; fields shipdeck does not read are kept for the PUT.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Combination {
    /// Grip's option key (`String`).
    #[serde(deserialize_with = "string_or_number")]
    pub option_key: String,
    /// The `nameSeq`s of the option values combined.
    #[serde(default)]
    pub name_seqs: Vec<serde_json::Value>,
    /// Stock (`Integer`).
    #[serde(default, deserialize_with = "int")]
    pub stock_count: i64,
    /// On sale.
    #[serde(default)]
    pub expose: bool,
    /// The seller's option code (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub your_product_id: Option<String>,
    /// Every other field (`price`…), sent back unchanged.
    #[serde(flatten)]
    pub rest: serde_json::Map<String, serde_json::Value>,
}

/// A `ProductOption`: `types`, `names` and `combinations`; `types`/`names` are kept as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct ProductOption {
    /// Combinations.
    #[serde(deserialize_with = "null_vec")]
    pub combinations: Vec<Combination>,
    /// Every other field (`types`, `names`), sent back unchanged.
    #[serde(flatten)]
    pub rest: serde_json::Map<String, serde_json::Value>,
}

impl ProductOption {
    /// The display name of a combination: its option values' `optionName`s joined by ` / `.
    pub fn combination_name(&self, c: &Combination) -> Option<String> {
        let names = self.rest.get("names")?.as_array()?;
        let parts: Vec<String> = c
            .name_seqs
            .iter()
            .filter_map(|seq| {
                names
                    .iter()
                    .find(|n| {
                        n.get("nameSeq")
                            .map(|v| v.to_string().trim_matches('"').to_string())
                            == Some(seq.to_string().trim_matches('"').to_string())
                    })
                    .and_then(|n| n.get("optionName"))
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join(" / "))
    }
}

/// A product (`Product` of `GET /api/product/{id}`, `ProductList` of the listing); unknown fields
/// are kept so a PUT sends the body back whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Product {
    /// Grip's id (`String`).
    #[serde(deserialize_with = "string_or_number")]
    pub product_id: String,
    /// Name.
    #[serde(deserialize_with = "string_or_number")]
    pub product_name: String,
    /// The seller's product code.
    #[serde(default)]
    pub your_product_id: Option<String>,
    /// Stock (`Integer`; the sum of exposed combinations when the product has options).
    #[serde(default, deserialize_with = "int")]
    pub stock_count: i64,
    /// Options (absent in the listing's `ProductList`).
    #[serde(default)]
    pub option: ProductOption,
    /// Every other field, sent back unchanged.
    #[serde(flatten)]
    pub rest: serde_json::Map<String, serde_json::Value>,
}

impl Product {
    /// True when the product sells options (`useOption`, or combinations present).
    pub fn uses_options(&self) -> bool {
        self.rest
            .get("useOption")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false)
            || !self.option.combinations.is_empty()
    }
}

/// `{productList:[…]}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductList {
    /// Products.
    #[serde(default, deserialize_with = "null_vec")]
    pub product_list: Vec<Product>,
}

/// A `Category` of `GET /api/product/category`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    /// Id.
    #[serde(deserialize_with = "int")]
    pub category_seq: u64,
    /// Name.
    #[serde(default, deserialize_with = "string_or_number")]
    pub category_name: String,
}

/// `{category:[…]}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Categories {
    #[serde(default, deserialize_with = "null_vec")]
    category: Vec<Category>,
}

/// A failure body: legacy `{message}` (HTTP 500) or `{status,error,code,message,timestamp}` (4xx).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Failure {
    /// The error's identifying code (`COMMON_BAD_REQUEST`), 4xx answers only.
    #[serde(deserialize_with = "string_or_number")]
    pub code: String,
    /// The site's words.
    #[serde(deserialize_with = "string_or_number")]
    pub message: String,
}

impl Failure {
    /// `code: message`, or the message alone.
    pub fn describe(&self) -> String {
        if self.code.is_empty() {
            self.message.clone()
        } else {
            format!("{}: {}", self.code, self.message)
        }
    }
}

fn null_vec<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

fn json<'a, T: Deserialize<'a>>(what: &str, body: &'a [u8]) -> Result<T, MarketError> {
    serde_json::from_slice(body).map_err(|e| MarketError::malformed(format!("Grip {what}: {e}"), body))
}

/// Parses an order listing page.
pub fn parse_order_list(body: &[u8]) -> Result<Vec<OrderRow>, MarketError> {
    json::<OrderList>("order list", body).map(|l| l.order_list)
}

/// Parses `GET /api/order/count`: `{orderCount}`.
pub fn parse_count(body: &[u8]) -> Result<u64, MarketError> {
    json::<Count>("order count", body).map(|c| c.order_count)
}

/// Parses the answer of a delivery action: `{affected}` (`Integer`, numeric text read too).
pub fn parse_affected(body: &[u8]) -> Result<u64, MarketError> {
    json::<Affected>("action answer", body).map(|a| a.affected)
}

/// Parses the per-line results of a `/result` check: `{result:[…]}` (a bare array is read too).
pub fn parse_write_results(body: &[u8]) -> Result<Vec<WriteResult>, MarketError> {
    match json::<serde_json::Value>("write results", body)? {
        serde_json::Value::Array(_) => json("write results", body),
        _ => json::<WriteResults>("write results", body).map(|r| r.result),
    }
}

/// Parses the carrier list.
pub fn parse_companies(body: &[u8]) -> Result<Vec<Company>, MarketError> {
    json::<Companies>("carrier list", body).map(|c| c.delivery_companies)
}

/// Parses the category list: `{category:[…]}`.
pub fn parse_categories(body: &[u8]) -> Result<Vec<Category>, MarketError> {
    json::<Categories>("category list", body).map(|c| c.category)
}

/// Parses a product list page.
pub fn parse_product_list(body: &[u8]) -> Result<Vec<Product>, MarketError> {
    json::<ProductList>("product list", body).map(|l| l.product_list)
}

/// Parses one product: `{product:{…}}` (a bare product is read too).
pub fn parse_product(body: &[u8]) -> Result<Product, MarketError> {
    let v = json::<serde_json::Value>("product", body)?;
    let inner = match v.get("product") {
        Some(p) if p.is_object() => p.clone(),
        _ => v,
    };
    serde_json::from_value(inner).map_err(|e| MarketError::malformed(format!("Grip product: {e}"), body))
}

/// The failure of an error answer, if the body is one.
pub fn failure(body: &[u8]) -> Option<Failure> {
    serde_json::from_slice::<Failure>(body)
        .ok()
        .filter(|f| !f.message.is_empty() || !f.code.is_empty())
}

/// The `message` of a failure body, if it has one.
pub fn failure_message(body: &[u8]) -> Option<String> {
    failure(body).map(|f| f.message).filter(|m| !m.is_empty())
}

/// Groups rows into orders (rows of one `orderSeq` are the lines of one order), in row order.
pub fn group_orders(rows: Vec<OrderRow>) -> Result<Vec<SiteOrder>, MarketError> {
    let mut out: Vec<SiteOrder> = Vec::new();
    for row in rows {
        if row.order_seq.is_empty() || row.order_product_seq.is_empty() {
            return Err(MarketError::malformed(
                "an order row lacks orderSeq or orderProductSeq",
                format!("{row:?}").as_bytes(),
            ));
        }
        let money = |amount| Money {
            amount,
            currency: Currency::Krw,
        };
        let nonempty = |s: &Option<String>| s.as_ref().filter(|s| !s.trim().is_empty()).cloned();
        let line = OrderLine {
            line_key: row.order_product_seq.clone(),
            site_status: site_status(Site::Grip, &row.order_state),
            product: ProductRef::Code {
                product_code: nonempty(&row.your_product_id),
                option_code: nonempty(&row.your_option_id),
            },
            product_name: row.product_name.clone(),
            option_name: row.option_name.clone().unwrap_or_default(),
            quantity: row.quantity,
            unit_price: money(row.price),
            amount: money(row.product_amount),
            sku: LineSku::Unresolved,
        };
        let cancelled = matches!(
            crate::domain::status::classify(Site::Grip, &row.order_state),
            crate::domain::status::SiteStatusClass::Cancelled
        );
        if let Some(o) = out.iter_mut().find(|o| o.order_no == row.order_seq) {
            if !o.lines.iter().any(|l| l.line_key == line.line_key) {
                o.lines.push(line);
            }
            o.cancelled |= cancelled;
            continue;
        }
        let ordered_at = from_millis(row.ordered_at)?;
        out.push(SiteOrder {
            order_no: row.order_seq.clone(),
            cart_no: None,
            site_status: line.site_status.clone(),
            ordered_at,
            // Grip has no separate payment time: orderedAt is the paid-order time.
            paid_at: Some(ordered_at),
            buyer: Party {
                name: row.buyer_name,
                phone: row.buyer_phone_number,
                ..Party::default()
            },
            receiver: Party {
                name: row.recipient_name,
                phone: row.recipient_phone_number,
                postal_code: row.recipient_postal_code,
                address: row.recipient_address,
            },
            delivery_message: row.delivery_request.unwrap_or_default(),
            lines: vec![line],
            cancelled,
            // Grip's order reads carry no tracking number.
            tracking: None,
        });
    }
    for o in &mut out {
        // The order's status is its least advanced line's.
        if let Some(least) = o
            .lines
            .iter()
            .min_by_key(|l| l.site_status.code.parse::<u32>().unwrap_or(u32::MAX))
        {
            o.site_status = least.site_status.clone();
        }
    }
    Ok(out)
}
