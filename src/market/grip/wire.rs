//! Grip's wire format: serde types, parsers (pure, never panicking) and the fingerprint.

use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::domain::marketplace::Currency;
use crate::domain::status::site_status;
use crate::domain::{LineSku, Money, OrderLine, Party, ProductRef, Site};
use crate::market::types::{MarketError, SiteOrder};
use crate::market::wire::{from_millis, string_or_number};

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

/// One line of `GET /api/order`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct OrderRow {
    /// Order.
    #[serde(deserialize_with = "string_or_number")]
    pub order_seq: String,
    /// Line.
    #[serde(deserialize_with = "string_or_number")]
    pub order_product_seq: String,
    /// Epoch ms.
    pub ordered_at: i64,
    /// State code.
    #[serde(deserialize_with = "string_or_number")]
    pub order_state: String,
    /// Seller's product code.
    pub your_product_id: Option<String>,
    /// Seller's option code.
    pub your_option_id: Option<String>,
    /// Grip product id.
    #[serde(deserialize_with = "string_or_number")]
    pub product_id: String,
    /// Product name.
    pub product_name: String,
    /// Option name.
    pub option_name: Option<String>,
    /// Unit price.
    pub price: i64,
    /// Quantity.
    pub quantity: u32,
    /// Line amount.
    pub product_amount: i64,
    /// Shipping fee.
    pub shipping_amount: i64,
    /// Buyer.
    pub buyer_name: String,
    /// Buyer phone.
    pub buyer_phone_number: String,
    /// Receiver.
    pub recipient_name: String,
    /// Receiver phone.
    pub recipient_phone_number: String,
    /// Postal code.
    pub recipient_postal_code: String,
    /// Address (one string).
    pub recipient_address: String,
    /// Delivery request.
    pub delivery_request: Option<String>,
}

/// `{orderList:[…]}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderList {
    /// Rows.
    pub order_list: Vec<OrderRow>,
}

/// `{count:n}` of `/api/order/count`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Count {
    /// Rows matching.
    pub count: u64,
}

/// A key of an order line in write bodies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderKey {
    /// Order.
    pub order_seq: u64,
    /// Line.
    pub order_product_seq: u64,
}

/// One result of a `/result` write.
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
    /// Why not.
    #[serde(default)]
    pub message: Option<String>,
}

/// A shipping entry of `PUT /api/delivery/shipping`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shipping {
    /// Order.
    pub order_seq: u64,
    /// Line.
    pub order_product_seq: u64,
    /// Carrier.
    pub company_seq: u64,
    /// Tracking number.
    pub tracking_number: String,
}

/// A carrier of `GET /api/delivery/company`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Company {
    /// Id.
    pub company_seq: u64,
    /// Name.
    pub company_name: String,
}

/// `{deliveryCompanies:[…]}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Companies {
    /// Carriers.
    pub delivery_companies: Vec<Company>,
}

/// An option combination of a product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Combination {
    /// Grip's option key.
    #[serde(deserialize_with = "string_or_number")]
    pub option_key: String,
    /// Option value ids.
    #[serde(default)]
    pub name_seqs: Vec<serde_json::Value>,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Extra price.
    #[serde(default)]
    pub price: i64,
    /// Stock.
    pub stock_count: i64,
    /// Shown to buyers.
    #[serde(default)]
    pub expose: bool,
    /// The seller's option code.
    #[serde(default)]
    pub your_product_id: Option<String>,
}

/// A product's option block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct ProductOption {
    /// Combinations.
    pub combinations: Vec<Combination>,
}

/// A product (`GET /api/product/{id}`); unknown fields are kept so a PUT sends the body back whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Product {
    /// Grip's id.
    #[serde(deserialize_with = "string_or_number")]
    pub product_id: String,
    /// Name.
    pub product_name: String,
    /// The seller's product code.
    #[serde(default)]
    pub your_product_id: Option<String>,
    /// Stock (derived from exposed combinations when the product has options).
    #[serde(default)]
    pub stock_count: i64,
    /// Options.
    #[serde(default)]
    pub option: ProductOption,
    /// Every other field, sent back unchanged.
    #[serde(flatten)]
    pub rest: serde_json::Map<String, serde_json::Value>,
}

/// `{productList:[…]}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductList {
    /// Products.
    pub product_list: Vec<Product>,
}

/// `{message}` of a failure.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Failure {
    /// The site's words.
    pub message: String,
}

fn json<'a, T: Deserialize<'a>>(what: &str, body: &'a [u8]) -> Result<T, MarketError> {
    serde_json::from_slice(body).map_err(|e| MarketError::malformed(format!("{what}: {e}"), body))
}

/// Parses an order listing page.
pub fn parse_order_list(body: &[u8]) -> Result<Vec<OrderRow>, MarketError> {
    json::<OrderList>("order list", body).map(|l| l.order_list)
}

/// Parses `/api/order/count`.
pub fn parse_count(body: &[u8]) -> Result<u64, MarketError> {
    json::<Count>("order count", body).map(|c| c.count)
}

/// Parses the per-line results of a `/result` write.
pub fn parse_write_results(body: &[u8]) -> Result<Vec<WriteResult>, MarketError> {
    json("write results", body)
}

/// Parses the carrier list.
pub fn parse_companies(body: &[u8]) -> Result<Vec<Company>, MarketError> {
    json::<Companies>("carrier list", body).map(|c| c.delivery_companies)
}

/// Parses a product list page.
pub fn parse_product_list(body: &[u8]) -> Result<Vec<Product>, MarketError> {
    json::<ProductList>("product list", body).map(|l| l.product_list)
}

/// Parses one product.
pub fn parse_product(body: &[u8]) -> Result<Product, MarketError> {
    json("product", body)
}

/// The `message` of a failure body, if it has one.
pub fn failure_message(body: &[u8]) -> Option<String> {
    serde_json::from_slice::<Failure>(body).ok().map(|f| f.message)
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
