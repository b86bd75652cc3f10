//! Qoo10 QAPI wire format: the `ResultCode` envelope, the rows each call answers with, and pure
//! parsers (bytes in, typed value or [`MarketError`] out; they never panic on any input).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::domain::marketplace::Money;
use crate::domain::status::site_status;
use crate::domain::{LineSku, OrderLine, Party, ProductRef, Site};
use crate::market::types::{MarketError, SiteOrder, SiteTracking};
use crate::market::wire::{local_time, parse_amount, string_or_number};

mod claims;
mod goods;

pub use claims::*;
pub use goods::*;

/// `ResultCode` meaning "check the key" (unknown or wrong `GiosisCertificationKey`).
pub const CODE_CHECK_KEY: i64 = -10000;
/// `ResultCode`s meaning "Seller authorization key is expired. Use a new key".
pub const CODES_KEY_EXPIRED: [i64; 2] = [-90004, -90005];

/// Time formats Qoo10 answers in (JST): `yyyy-MM-dd HH:mm:ss` and `yyyyMMddHHmmss`, plus the
/// date-only and slash forms seen in some accounts.
pub const TIME_FORMATS: &[&str] = &[
    "%Y-%m-%d %H:%M:%S",
    "%Y%m%d%H%M%S",
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
    "%Y%m%d",
];

/// The head of every QAPI answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// `ResultCode` (0 is success).
    pub code: i64,
    /// `ResultMsg`, the site's own words.
    pub message: String,
    /// `ResultObject` (an object, an array, a string or null).
    pub object: Value,
}

impl Envelope {
    /// The envelope as it may be shown: `ResultCode 0: SUCCESS`.
    pub fn text(&self) -> String {
        format!("ResultCode {}: {}", self.code, self.message)
    }
}

/// Parses the envelope of an answer, whatever its `ResultCode`.
pub fn parse_envelope(body: &[u8]) -> Result<Envelope, MarketError> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| MarketError::malformed(format!("Qoo10 answer is not JSON: {e}"), body))?;
    let Some(obj) = v.as_object() else {
        return Err(MarketError::malformed("Qoo10 answer is not a JSON object", body));
    };
    let code = match obj.get("ResultCode") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
        _ => None,
    }
    .ok_or_else(|| MarketError::malformed("Qoo10 answer has no numeric ResultCode", body))?;
    let message = match obj.get("ResultMsg") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let object = obj.get("ResultObject").cloned().unwrap_or(Value::Null);
    Ok(Envelope {
        code,
        message,
        object,
    })
}

/// The error class of a refused envelope: -90004/-90005 key expired, -10000 auth, any other
/// non-zero code a permanent refusal carrying the site's `ResultMsg`.
pub fn envelope_error(code: i64, message: &str) -> MarketError {
    let message = format!("ResultCode {code}: {message}");
    if CODES_KEY_EXPIRED.contains(&code) {
        MarketError::KeyExpired { message }
    } else if code == CODE_CHECK_KEY {
        MarketError::Auth { message }
    } else {
        MarketError::Permanent { message }
    }
}

/// Parses an answer that must have succeeded (`ResultCode` 0).
pub fn parse_ok(body: &[u8]) -> Result<Envelope, MarketError> {
    let env = parse_envelope(body)?;
    if env.code == 0 {
        Ok(env)
    } else {
        Err(envelope_error(env.code, &env.message))
    }
}

/// The `ResultObject` as a list of rows: an array, one object, or nothing (null / empty string).
fn rows_of(object: &Value, body: &[u8], what: &str) -> Result<Vec<Value>, MarketError> {
    match object {
        Value::Array(a) => Ok(a.clone()),
        Value::Object(_) => Ok(vec![object.clone()]),
        Value::Null => Ok(Vec::new()),
        Value::String(s) if s.trim().is_empty() => Ok(Vec::new()),
        _ => Err(MarketError::malformed(
            format!("{what}: ResultObject is neither a list nor an object"),
            body,
        )),
    }
}

fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    string_or_number(d).map(|s| s.trim().to_string())
}

fn amount_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let s = string_or_number(d)?;
    Ok(parse_amount(&s))
}

/// One row of `ShippingBasic.GetShippingInfo_v3`, or of `GetShippingAndClaimInfoByOrderNo_V2`
/// (its lower-camel names are folded onto these by [`fold_aliases`] first, with [`ROW_ALIASES`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ShippingRow {
    /// `OrderNo`: one per line.
    #[serde(rename = "OrderNo", deserialize_with = "text")]
    pub order_no: String,
    /// `PackNo`: the cart.
    #[serde(rename = "PackNo", deserialize_with = "text")]
    pub pack_no: String,
    /// `ShippingStatus`, e.g. `Seller confirm(3)` or `3`.
    #[serde(rename = "ShippingStatus", deserialize_with = "text")]
    pub shipping_status: String,
    /// `OrderDate` (JST).
    #[serde(rename = "OrderDate", deserialize_with = "text")]
    pub order_date: String,
    /// `PaymentDate` (JST; empty in some accounts).
    #[serde(rename = "PaymentDate", deserialize_with = "text")]
    pub payment_date: String,
    /// `Buyer`.
    #[serde(rename = "Buyer", deserialize_with = "text")]
    pub buyer: String,
    /// `BuyerTel`.
    #[serde(rename = "BuyerTel", deserialize_with = "text")]
    pub buyer_tel: String,
    /// `BuyerMobile`.
    #[serde(rename = "BuyerMobile", deserialize_with = "text")]
    pub buyer_mobile: String,
    /// `ItemNo`: Qoo10's item code.
    #[serde(rename = "ItemNo", deserialize_with = "text")]
    pub item_no: String,
    /// `SellerItemCode`: the seller's product code.
    #[serde(rename = "SellerItemCode", deserialize_with = "text")]
    pub seller_item_code: String,
    /// `ItemTitle`.
    #[serde(rename = "ItemTitle", deserialize_with = "text")]
    pub item_title: String,
    /// `Option`: the option text as the buyer chose it.
    #[serde(rename = "Option", deserialize_with = "text")]
    pub option: String,
    /// `OptionCode`: the seller's option code.
    #[serde(rename = "OptionCode", deserialize_with = "text")]
    pub option_code: String,
    /// `OrderPrice`: unit price.
    #[serde(rename = "OrderPrice", deserialize_with = "amount_text")]
    pub order_price: Option<i64>,
    /// `OrderQty`.
    #[serde(rename = "OrderQty", deserialize_with = "text")]
    pub order_qty: String,
    /// `Discount`.
    #[serde(rename = "Discount", deserialize_with = "amount_text")]
    pub discount: Option<i64>,
    /// `Total`: what the line costs after discounts.
    #[serde(rename = "Total", deserialize_with = "amount_text")]
    pub total: Option<i64>,
    /// `Receiver`.
    #[serde(rename = "Receiver", deserialize_with = "text")]
    pub receiver: String,
    /// `ReceiverTel`.
    #[serde(rename = "ReceiverTel", deserialize_with = "text")]
    pub receiver_tel: String,
    /// `ReceiverMobile`.
    #[serde(rename = "ReceiverMobile", deserialize_with = "text")]
    pub receiver_mobile: String,
    /// `ZipCode`.
    #[serde(rename = "ZipCode", deserialize_with = "text")]
    pub zip_code: String,
    /// `ShippingAddress`: the full address.
    #[serde(rename = "ShippingAddress", deserialize_with = "text")]
    pub shipping_address: String,
    /// `Address1`.
    #[serde(rename = "Address1", deserialize_with = "text")]
    pub address1: String,
    /// `Address2`.
    #[serde(rename = "Address2", deserialize_with = "text")]
    pub address2: String,
    /// `ShippingMessage`.
    #[serde(rename = "ShippingMessage", deserialize_with = "text")]
    pub shipping_message: String,
    /// `DeliveryCompany`: the carrier name registered with the shipment (empty before).
    #[serde(rename = "DeliveryCompany", deserialize_with = "text")]
    pub delivery_company: String,
    /// `TrackingNo`: the tracking number registered with the shipment (empty before).
    #[serde(rename = "TrackingNo", deserialize_with = "text")]
    pub tracking_no: String,
    /// `claimStatus` (only `GetShippingAndClaimInfoByOrderNo_V2` has it): a claim on the order.
    #[serde(rename = "claimStatus", deserialize_with = "text")]
    pub claim_status: String,
}

/// Alternative names of the row fields (v2 and the single-order lookup use lower camel case, and
/// some accounts answer `ShippingStat`, `PaymentDt`, `Addr1`…), each folded onto the v3 name.
pub const ROW_ALIASES: &[(&str, &[&str])] = &[
    ("OrderNo", &["orderNo"]),
    ("PackNo", &["packNo"]),
    ("ShippingStatus", &["shippingStatus", "ShippingStat"]),
    ("OrderDate", &["orderDate"]),
    ("PaymentDate", &["PaymentDt", "paymentDate"]),
    ("Buyer", &["buyer"]),
    ("BuyerTel", &["buyerTel"]),
    ("BuyerMobile", &["buyerMobile"]),
    ("ItemNo", &["itemNo", "itemCode", "ItemCode"]),
    ("SellerItemCode", &["sellerItemCode"]),
    ("ItemTitle", &["itemTitle"]),
    ("Option", &["option"]),
    ("OptionCode", &["optionCode"]),
    ("OrderPrice", &["orderPrice"]),
    ("OrderQty", &["orderQty"]),
    ("Discount", &["discount"]),
    ("Total", &["total"]),
    ("Receiver", &["receiver"]),
    ("ReceiverTel", &["receiverTel"]),
    ("ReceiverMobile", &["receiverMobile"]),
    ("ZipCode", &["zipCode"]),
    ("ShippingAddress", &["shippingAddr"]),
    ("Address1", &["Addr1"]),
    ("Address2", &["Addr2"]),
    ("ShippingMessage", &["shippingMessage", "ShippingMsg"]),
    ("DeliveryCompany", &["deliveryCompany"]),
    ("TrackingNo", &["trackingNo"]),
];

fn blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// Folds alternative field names onto one: for each `(name, alternatives)`, the first non-empty
/// of `name` and its alternatives stays under `name` and the alternatives go. A row carrying a
/// field under two documented names (`cont_no` and `contr_no`) is then not an error.
pub fn fold_aliases(v: Value, table: &[(&str, &[&str])]) -> Value {
    let Value::Object(mut m) = v else {
        return v;
    };
    for (name, alternatives) in table {
        let mut chosen = m.remove(*name).filter(|x| !blank(x));
        for alt in *alternatives {
            if let Some(x) = m.remove(*alt) {
                if chosen.is_none() && !blank(&x) {
                    chosen = Some(x);
                }
            }
        }
        if let Some(x) = chosen {
            m.insert((*name).to_string(), x);
        }
    }
    Value::Object(m)
}

/// The status number in a `ShippingStatus` text: `Seller confirm(3)` → `3`, `3` → `3`.
pub fn status_code(text: &str) -> String {
    let t = text.trim();
    if let (Some(open), Some(close)) = (t.rfind('('), t.rfind(')')) {
        if open < close {
            let inner = t[open + 1..close].trim();
            if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) {
                return inner.to_string();
            }
        }
    }
    t.to_string()
}

fn nonempty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

impl ShippingRow {
    /// The row as a shipdeck order (one order, one line keyed by `OrderNo`).
    pub fn to_order(&self) -> Result<SiteOrder, MarketError> {
        let site = Site::Qoo10;
        if self.order_no.is_empty() {
            return Err(MarketError::malformed(
                "GetShippingInfo_v3 row without OrderNo",
                self.pack_no.as_bytes(),
            ));
        }
        let field = |name: &str, e: MarketError| match e {
            MarketError::Malformed { message, raw } => MarketError::Malformed {
                message: format!("order {}: {name}: {message}", self.order_no),
                raw,
            },
            other => other,
        };
        let ordered_at = local_time(&self.order_date, TIME_FORMATS).map_err(|e| field("OrderDate", e))?;
        let paid_at = match nonempty(&self.payment_date) {
            Some(t) => Some(local_time(&t, TIME_FORMATS).map_err(|e| field("PaymentDate", e))?),
            None => None,
        };
        let quantity: u32 = self.order_qty.parse().map_err(|_| {
            MarketError::malformed(
                format!(
                    "order {}: OrderQty `{}` is not a count",
                    self.order_no, self.order_qty
                ),
                self.order_qty.as_bytes(),
            )
        })?;
        let status = site_status(site, &status_code(&self.shipping_status));
        let money = |amount: i64| Money {
            amount,
            currency: site.currency(),
        };
        let unit = self.order_price.unwrap_or(0);
        let total = self.total.unwrap_or_else(|| {
            unit.saturating_mul(i64::from(quantity))
                .saturating_sub(self.discount.unwrap_or(0))
        });
        let phone = |mobile: &str, tel: &str| nonempty(mobile).or_else(|| nonempty(tel)).unwrap_or_default();
        let address = nonempty(&self.shipping_address).unwrap_or_else(|| {
            [self.address1.trim(), self.address2.trim()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        });
        Ok(SiteOrder {
            order_no: self.order_no.clone(),
            cart_no: nonempty(&self.pack_no),
            site_status: status.clone(),
            ordered_at,
            paid_at,
            buyer: Party {
                name: self.buyer.clone(),
                phone: phone(&self.buyer_mobile, &self.buyer_tel),
                ..Party::default()
            },
            receiver: Party {
                name: self.receiver.clone(),
                phone: phone(&self.receiver_mobile, &self.receiver_tel),
                postal_code: self.zip_code.clone(),
                address,
            },
            delivery_message: self.shipping_message.clone(),
            lines: vec![OrderLine {
                line_key: self.order_no.clone(),
                site_status: status,
                product: ProductRef::Code {
                    product_code: nonempty(&self.seller_item_code),
                    option_code: nonempty(&self.option_code),
                },
                product_name: self.item_title.clone(),
                option_name: self.option.clone(),
                quantity,
                unit_price: money(unit),
                amount: money(total),
                sku: LineSku::Unresolved,
            }],
            // Qoo10 drops cancelled orders from GetShippingInfo_v3 (they move to GetClaimInfo_V3);
            // the single-order lookup says so in `claimStatus`.
            cancelled: is_cancel_claim(&self.claim_status),
            tracking: SiteTracking::from_fields(&self.delivery_company, &self.tracking_no),
        })
    }
}

/// Parses a `GetShippingInfo_v3` answer into rows.
pub fn parse_shipping_rows(body: &[u8]) -> Result<Vec<ShippingRow>, MarketError> {
    let env = parse_ok(body)?;
    rows_of(&env.object, body, "GetShippingInfo_v3")?
        .into_iter()
        .map(|v| {
            serde_json::from_value::<ShippingRow>(fold_aliases(v, ROW_ALIASES)).map_err(|e| {
                MarketError::malformed(format!("GetShippingInfo_v3 row does not parse: {e}"), body)
            })
        })
        .collect()
}

/// Parses a `GetShippingInfo_v3` answer into orders (one per row, in the site's order).
pub fn parse_orders(body: &[u8]) -> Result<Vec<SiteOrder>, MarketError> {
    parse_shipping_rows(body)?
        .iter()
        .map(ShippingRow::to_order)
        .collect()
}

/// One item of a bulk answer (`SetSellerCheckYNBulk`, `SetSendingInfoBulk`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkItem {
    /// The order (`cont_no` / `contr_no`).
    pub order_no: String,
    /// The item's `ResultCode` (or `result_cd`).
    pub code: i64,
    /// The item's `ResultMsg`.
    pub message: String,
}

/// Alternative names in a bulk result item: `SetSellerCheckYNBulk` answers `cont_no`,
/// `SetSendingInfoBulk` `contr_no`; either (or both) is the order.
const BULK_ALIASES: &[(&str, &[&str])] = &[("cont_no", &["contr_no", "OrderNo"])];

#[derive(Deserialize)]
struct RawBulkItem {
    #[serde(default, deserialize_with = "text")]
    cont_no: String,
    #[serde(default, deserialize_with = "text")]
    result_cd: String,
    #[serde(default, rename = "ResultCode", deserialize_with = "text")]
    result_code: String,
    #[serde(default, rename = "ResultMsg", deserialize_with = "text")]
    result_msg: String,
}

/// Parses a bulk answer: the envelope must be 0, then one result per item. The item's own
/// outcome is `result_cd` (the crawl of the QSM spec: "개별 주문 처리 결과는 result_cd === 0");
/// `ResultCode` is read only when `result_cd` is absent.
pub fn parse_bulk(body: &[u8]) -> Result<Vec<BulkItem>, MarketError> {
    let env = parse_ok(body)?;
    rows_of(&env.object, body, "bulk answer")?
        .into_iter()
        .map(|v| {
            let raw: RawBulkItem = serde_json::from_value(fold_aliases(v, BULK_ALIASES))
                .map_err(|e| MarketError::malformed(format!("bulk result item does not parse: {e}"), body))?;
            let code_text = if raw.result_cd.is_empty() {
                &raw.result_code
            } else {
                &raw.result_cd
            };
            let code = code_text.parse::<i64>().map_err(|_| {
                MarketError::malformed(
                    format!("bulk result for `{}` has no numeric result_cd", raw.cont_no),
                    body,
                )
            })?;
            Ok(BulkItem {
                order_no: raw.cont_no,
                code,
                message: raw.result_msg,
            })
        })
        .collect()
}

/// Parses a `CreateCertificationKey` answer: `ResultObject` is the new seller key.
pub fn parse_certification_key(body: &[u8]) -> Result<String, MarketError> {
    let env = parse_ok(body)?;
    match &env.object {
        Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        _ => Err(MarketError::malformed(
            "CreateCertificationKey: ResultObject is not a key",
            body,
        )),
    }
}

/// One entry of `SendPlanDtInfoJson` (`SetSellerCheckYNBulk`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[allow(non_snake_case)]
pub struct SendPlan {
    /// The order.
    pub OrderNo: String,
    /// Estimated ship date `yyyyMMdd` (required by the bulk call: an empty one is -10016).
    pub EstShipDt: String,
    /// Delay type (empty: no delay).
    pub DelayType: String,
    /// Delay memo.
    pub DelayMemo: String,
}

/// One entry of `ShippingInfoJson` (`SetSendingInfoBulk`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[allow(non_snake_case)]
pub struct SendingInfo {
    /// The order.
    pub OrderNo: String,
    /// Carrier name, free text (≤200 characters).
    pub ShippingCorp: String,
    /// Tracking number (≤50).
    pub TrackingNo: String,
}
