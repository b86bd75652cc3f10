//! LotteON wire format: request builders (pure: everything they need comes in as arguments), the
//! envelope classifier, and parsers of every answer (pure functions over the body, never panicking).
//! The envelope, identity, batch and code parsers live here; `request`, `orders` and `catalogue`
//! hold the rest, re-exported so every item stays at `wire::…`.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::market::http::{classify_status, Reply};
use crate::market::types::MarketError;
use crate::market::wire::string_or_number;

mod catalogue;
mod orders;
mod request;

pub use catalogue::{
    parse_product_detail, parse_product_list, parse_stock, ItemRow, ProductDetail, ProductRow, StockRow,
};
pub use orders::{
    apply_progress, parse_orders, parse_progress, rows_to_orders, OrderPage, OrderRow, ProgressRow,
    CANCELLED_STEPS,
};
pub use request::{Endpoint, LineRef, ShipItem, StockItem};

/// apiNo 207: who the key belongs to.
pub const PATH_IDENTITY: &str = "/v1/openapi/common/v1/identity";
/// apiNo 209: delivery orders by window or order number.
pub const PATH_ORDERS: &str = "/v1/openapi/delivery/v1/SellerDeliveryOrdersSearch";
/// apiNo 140: the live step of each order item (by window or order number).
pub const PATH_PROGRESS: &str = "/v1/openapi/delivery/v1/SellerDeliveryProgressStateSearch";
/// apiNo 210: acknowledge orders (step 11 → 12).
pub const PATH_CONFIRM: &str = "/v1/openapi/delivery/v1/SellerIfCompleteInform";
/// apiNo 137: delivery progress (step 13 = dispatched, with carrier and invoice).
pub const PATH_SHIP: &str = "/v1/openapi/delivery/v1/SellerDeliveryProgressStateInform";
/// apiNo 89: common code lists (carriers are group `DV_CO_CD`).
pub const PATH_CODES: &str = "/v1/openapi/bocommon/v1/code/getDetailCodeList";
/// apiNo 86: item stock change.
pub const PATH_STOCK: &str = "/v1/openapi/product/v1/item/stock/change";
/// apiNo 93: product list.
pub const PATH_PRODUCT_LIST: &str = "/v1/openapi/product/v1/product/list";
/// apiNo 94: product detail with its items.
pub const PATH_PRODUCT_DETAIL: &str = "/v1/openapi/product/v1/product/detail";

/// The trader group every seller call names.
pub const TR_GRP_CD: &str = "SR";
/// The envelope's success code.
pub const OK_CODE: &str = "0000";
/// LotteON's time format (KST wall clock).
pub const TIME_FORMAT: &str = "%Y%m%d%H%M%S";
/// Products asked for per page of apiNo 93 (`rowsPerPage`, at most 100 per public clients).
pub const PRODUCT_PAGE_SIZE: usize = 100;
/// How far back apiNo 93's required registration window (`regStrtDttm`..`regEndDttm`) reaches.
/// Public clients send it on every call (a Python client: "필수 regStrtDttm·regEndDttm",
/// 14-digit `YYYYMMDDHHMMSS`); one probes ten years back. The guide's longest span is not public.
pub const PRODUCT_REG_SPAN_DAYS: i64 = 3650;

// ---------------------------------------------------------------------------------------------
// Envelope and classification

/// The part of every answer that says whether it worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// `returnCode` (`"0000"` = success).
    pub code: String,
    /// `message`.
    pub message: String,
    /// `dataCount`, when given.
    pub data_count: Option<usize>,
}

fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

fn count_of(v: Option<&Value>) -> Option<usize> {
    match v {
        Some(Value::Number(n)) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Parses the envelope `{returnCode, message, subMessages, dataCount, data}`; the body must be a
/// JSON object with a `returnCode`.
pub fn parse_envelope(body: &[u8]) -> Result<(Head, Value), MarketError> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| MarketError::malformed(format!("LotteON answer is not JSON: {e}"), body))?;
    let Value::Object(mut m) = v else {
        return Err(MarketError::malformed(
            "LotteON answer is not a JSON object",
            body,
        ));
    };
    let code = text_of(m.get("returnCode"));
    if code.is_empty() {
        return Err(MarketError::malformed("LotteON answer has no returnCode", body));
    }
    let mut message = text_of(m.get("message"));
    if let Some(Value::Array(subs)) = m.get("subMessages") {
        let extra: Vec<String> = subs
            .iter()
            .map(|s| text_of(Some(s)))
            .filter(|s| !s.is_empty())
            .collect();
        if !extra.is_empty() {
            message = format!("{message} ({})", extra.join("; "));
        }
    }
    let head = Head {
        code,
        message,
        data_count: count_of(m.get("dataCount")),
    };
    let data = m.remove("data").unwrap_or(Value::Null);
    Ok((head, data))
}

/// Parses the envelope and requires `returnCode == "0000"` (else Permanent with the site's words).
pub fn parse_ok(body: &[u8]) -> Result<(Head, Value), MarketError> {
    let (head, data) = parse_envelope(body)?;
    if head.code != OK_CODE {
        return Err(MarketError::Permanent {
            message: format!("LotteON returnCode {}: {}", head.code, head.message),
        });
    }
    Ok((head, data))
}

/// LotteON's error classes on top of the generic status rules: 401 bad or expired key and 403 IP
/// not registered are Auth, 429 RateLimited, 5xx Transient; on 2xx the envelope's `returnCode`
/// must be `"0000"` (else Permanent with the site's message; unparseable → Malformed).
pub fn classify(reply: &Reply) -> Result<(), MarketError> {
    let site_words = || {
        parse_envelope(&reply.body)
            .map(|(h, _)| format!("returnCode {}: {}", h.code, h.message))
            .unwrap_or_else(|_| reply.text().chars().take(300).collect())
    };
    match reply.status {
        401 => Err(MarketError::Auth {
            message: format!("LotteON refused the API key (HTTP 401, bad or expired key): {}", site_words()),
        }),
        403 => Err(MarketError::Auth {
            message: format!(
                "LotteON refused the calling IP: it is not registered in the store centre's OpenAPI IP list (HTTP 403): {}",
                site_words()
            ),
        }),
        200..=299 => match parse_envelope(&reply.body) {
            Ok((head, _)) if head.code == ACCOUNT_MISMATCH => Err(MarketError::Auth {
                message: format!(
                    "LotteON says the Account Number (trNo) does not belong to this API key (returnCode {}: {})",
                    head.code, head.message
                ),
            }),
            _ => parse_ok(&reply.body).map(|_| ()),
        },
        _ => classify_status(reply),
    }
}

/// `returnCode` of a call whose `trNo` is not the key's account ("인증정보와 요청정보가 일치하지
/// 않습니다", recorded from the live site by a public Python client).
pub const ACCOUNT_MISMATCH: &str = "8888";

fn decode<T: DeserializeOwned>(v: Value, what: &str, body: &[u8]) -> Result<T, MarketError> {
    serde_json::from_value(v).map_err(|e| MarketError::malformed(format!("LotteON {what}: {e}"), body))
}

// ---------------------------------------------------------------------------------------------
// apiNo 207

/// The trader the key belongs to (apiNo 207).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Identity {
    /// `trGrpCd`.
    #[serde(deserialize_with = "string_or_number")]
    pub tr_grp_cd: String,
    /// `trNo`.
    #[serde(deserialize_with = "string_or_number")]
    pub tr_no: String,
    /// `trNm`, the trader's name.
    #[serde(deserialize_with = "string_or_number")]
    pub tr_nm: String,
}

/// Parses apiNo 207: the envelope head and the trader identity.
pub fn parse_identity(body: &[u8]) -> Result<(Head, Identity), MarketError> {
    let (head, data) = parse_ok(body)?;
    let id = match data {
        Value::Null => Identity::default(),
        v @ Value::Object(_) => decode(v, "identity", body)?,
        _ => {
            return Err(MarketError::malformed(
                "LotteON identity: data is not an object",
                body,
            ))
        }
    };
    Ok((head, id))
}

// ---------------------------------------------------------------------------------------------
// apiNo 210 / 137 results

/// A line the site refused in a batch.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FailRow {
    /// `odNo`.
    #[serde(deserialize_with = "string_or_number")]
    pub od_no: String,
    /// `odSeq`.
    #[serde(deserialize_with = "string_or_number")]
    pub od_seq: String,
    /// `procSeq`.
    #[serde(deserialize_with = "string_or_number")]
    pub proc_seq: String,
    /// `rsltCd`.
    #[serde(deserialize_with = "string_or_number")]
    pub rslt_cd: String,
    /// `rsltMsg`.
    #[serde(deserialize_with = "string_or_number")]
    pub rslt_msg: String,
}

impl FailRow {
    /// shipdeck's line key `odSeq-procSeq`.
    pub fn line_key(&self) -> String {
        format!("{}-{}", self.od_seq, self.proc_seq)
    }
}

/// The outcome of a batch write (apiNo 210 or 137).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BatchResult {
    /// `data.rsltCd` (`"0000"` when every line went through).
    pub code: String,
    /// `data.rsltMsg`.
    pub message: String,
    /// `data.failList[]`: the refused lines with the site's words.
    pub failed: Vec<FailRow>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct BatchData {
    #[serde(deserialize_with = "string_or_number")]
    rslt_cd: String,
    #[serde(deserialize_with = "string_or_number")]
    rslt_msg: String,
    fail_list: Option<Vec<FailRow>>,
}

/// Parses the answer of apiNo 210 or 137: `data{rsltCd, rsltMsg, failList[]}`.
// ASSUMPTION: 210 answers like 137: `data.rsltCd` for the batch, refused lines in `data.failList`
// with `odNo/odSeq/procSeq/rsltCd/rsltMsg`; a line absent from failList went through.
pub fn parse_batch(body: &[u8]) -> Result<BatchResult, MarketError> {
    let (_, data) = parse_ok(body)?;
    let d: BatchData = match data {
        Value::Object(_) => decode(data, "batch result", body)?,
        _ => {
            return Err(MarketError::malformed(
                "LotteON batch answer: data is not an object",
                body,
            ))
        }
    };
    if d.rslt_cd.is_empty() {
        return Err(MarketError::malformed(
            "LotteON batch answer: data.rsltCd is missing",
            body,
        ));
    }
    Ok(BatchResult {
        code: d.rslt_cd,
        message: d.rslt_msg,
        failed: d.fail_list.unwrap_or_default(),
    })
}

// ---------------------------------------------------------------------------------------------
// apiNo 89

/// One common code: carrier code and name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct CodeRow {
    /// The code (`dvCoCd` value): `cmnCd`, or `cd` as one public client reads it.
    #[serde(rename = "cmnCd", alias = "cd", deserialize_with = "string_or_number")]
    pub code: String,
    /// The name (`CJ대한통운`): `cmnCdNm`, or `cdNm`.
    #[serde(rename = "cmnCdNm", alias = "cdNm", deserialize_with = "string_or_number")]
    pub name: String,
}

/// Parses apiNo 89: `data[{cmnCd, cmnCdNm}]` (or `{cd, cdNm}`).
// ASSUMPTION: the row field names are not published. Searched: the SL catalogue survey, public
// Python/ASP/Java clients (none reads 89) and a public TypeScript client that reads `{cd, cdNm}`
// but says it never saw a live answer; LotteON's common-code naming `cmnCd/cmnCdNm` is sent by the
// simulator and both spellings are read.
pub fn parse_codes(body: &[u8]) -> Result<Vec<CodeRow>, MarketError> {
    let (_, data) = parse_ok(body)?;
    match data {
        Value::Null => Ok(Vec::new()),
        Value::Array(_) => decode(data, "code list", body),
        _ => Err(MarketError::malformed(
            "LotteON code list: data is not a list",
            body,
        )),
    }
}

fn carrier_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

/// Finds a carrier by name in the site's list: exact after removing spaces and case, then with a
/// trailing `택배` ignored on both sides.
pub fn match_carrier<'a>(codes: &'a [CodeRow], name: &str) -> Option<&'a CodeRow> {
    let want = carrier_key(name);
    if want.is_empty() {
        return None;
    }
    codes.iter().find(|c| carrier_key(&c.name) == want).or_else(|| {
        let strip = |s: &str| s.trim_end_matches("택배").to_string();
        let want = strip(&want);
        codes.iter().find(|c| strip(&carrier_key(&c.name)) == want)
    })
}
