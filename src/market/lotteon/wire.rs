//! LotteON wire format: request builders (pure: everything they need comes in as arguments), the
//! envelope classifier, and parsers of every answer (pure functions over the body, never panicking).

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::domain::marketplace::Money;
use crate::domain::status::site_status;
use crate::domain::{LineSku, OrderLine, Party, ProductRef, Secret, Site};
use crate::market::http::{classify_status, Reply};
use crate::market::types::{MarketError, SiteOrder};
use crate::market::wire::{amount, local_text, local_time, string_or_number};

/// apiNo 207: who the key belongs to.
pub const PATH_IDENTITY: &str = "/v1/openapi/common/v1/identity";
/// apiNo 209: delivery orders by window or order number.
pub const PATH_ORDERS: &str = "/v1/openapi/delivery/v1/SellerDeliveryOrdersSearch";
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
/// Products asked for per page of apiNo 93.
pub const PRODUCT_PAGE_SIZE: usize = 100;

/// What every request is built from: the base URL and the seller's key and account number.
#[derive(Clone)]
pub struct Endpoint {
    /// Base URL (the real host or the simulator's `/lotteon` prefix).
    pub base: String,
    /// The Bearer API key.
    pub api_key: Secret,
    /// The Account Number sent as `trNo`.
    pub tr_no: String,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("base", &self.base)
            .field("api_key", &self.api_key)
            .field("tr_no", &self.tr_no)
            .finish()
    }
}

/// One order line to acknowledge (apiNo 210).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRef {
    /// `odNo`.
    pub od_no: String,
    /// `odSeq`.
    pub od_seq: String,
    /// `procSeq`.
    pub proc_seq: String,
}

impl LineRef {
    /// Splits shipdeck's line key `odSeq-procSeq`; `None` when it is not of that form.
    pub fn from_key(od_no: &str, line_key: &str) -> Option<LineRef> {
        let (od_seq, proc_seq) = line_key.split_once('-')?;
        if od_seq.is_empty() || proc_seq.is_empty() {
            return None;
        }
        Some(LineRef {
            od_no: od_no.to_string(),
            od_seq: od_seq.to_string(),
            proc_seq: proc_seq.to_string(),
        })
    }

    /// shipdeck's line key `odSeq-procSeq`.
    pub fn key(&self) -> String {
        format!("{}-{}", self.od_seq, self.proc_seq)
    }
}

/// One line to mark dispatched (apiNo 137).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipItem {
    /// The line.
    pub line: LineRef,
    /// `dvCoCd`, the carrier code.
    pub carrier_code: String,
    /// `invcNo`, the tracking number.
    pub invoice_no: String,
    /// `spdNo`.
    pub spd_no: String,
    /// `sitmNo`.
    pub sitm_no: String,
    /// `slQty`.
    pub quantity: u32,
}

/// One item stock to set (apiNo 86).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockItem {
    /// `spdNo`.
    pub spd_no: String,
    /// `sitmNo`.
    pub sitm_no: String,
    /// `stkQty` (0 = sold out).
    pub quantity: i64,
}

fn config_err(what: &str, e: impl std::fmt::Display) -> MarketError {
    MarketError::Config {
        message: format!("cannot build the LotteON {what} request: {e}"),
    }
}

impl Endpoint {
    fn tr(&self) -> (&'static str, &str) {
        (TR_GRP_CD, &self.tr_no)
    }

    /// A request with LotteON's five headers and, for POST, a JSON body.
    pub fn request(
        &self,
        client: &reqwest::Client,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<reqwest::Request, MarketError> {
        let url = format!("{}{}", self.base.trim_end_matches('/'), path);
        let mut b = client
            .request(method, &url)
            .header(
                reqwest::header::AUTHORIZATION,
                format!("Bearer {}", self.api_key.expose()),
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .header(reqwest::header::ACCEPT_LANGUAGE, "ko")
            .header("X-Timezone", "GMT+09:00")
            .header(reqwest::header::CONTENT_TYPE, "application/json");
        if let Some(body) = body {
            let bytes = serde_json::to_vec(body).map_err(|e| config_err(path, e))?;
            b = b.body(bytes);
        }
        b.build().map_err(|e| config_err(path, e))
    }

    /// apiNo 207: `GET …/common/v1/identity` (no parameters).
    pub fn identity(&self, client: &reqwest::Client) -> Result<reqwest::Request, MarketError> {
        self.request(client, reqwest::Method::GET, PATH_IDENTITY, None)
    }

    /// apiNo 209 by window: `from` and `to` are inclusive KST seconds (`to` ends at :59).
    pub fn orders_in_window(
        &self,
        client: &reqwest::Client,
        from: jiff::Timestamp,
        to_inclusive: jiff::Timestamp,
        step: &str,
    ) -> Result<reqwest::Request, MarketError> {
        let (grp, tr_no) = self.tr();
        let body = json!({
            "trGrpCd": grp,
            "trNo": tr_no,
            "srchStrtDt": local_text(from, TIME_FORMAT),
            "srchEndDt": local_text(to_inclusive, TIME_FORMAT),
            "odPrgsStepCd": step,
        });
        self.request(client, reqwest::Method::POST, PATH_ORDERS, Some(&body))
    }

    /// apiNo 209 by order number, any step.
    pub fn order_by_no(
        &self,
        client: &reqwest::Client,
        od_no: &str,
    ) -> Result<reqwest::Request, MarketError> {
        let (grp, tr_no) = self.tr();
        // ASSUMPTION: searching 209 by `odNo` needs no date window (the 1-day limit applies to windows).
        let body = json!({ "trGrpCd": grp, "trNo": tr_no, "odNo": od_no });
        self.request(client, reqwest::Method::POST, PATH_ORDERS, Some(&body))
    }

    /// apiNo 210: acknowledge lines (moves step 11 → 12).
    pub fn confirm(
        &self,
        client: &reqwest::Client,
        lines: &[LineRef],
    ) -> Result<reqwest::Request, MarketError> {
        let (grp, tr_no) = self.tr();
        let list: Vec<Value> = lines
            .iter()
            .map(|l| {
                json!({
                    "dvRtrvDvsCd": "DV",
                    "odNo": l.od_no,
                    "odSeq": l.od_seq,
                    "procSeq": l.proc_seq,
                    "orglProcSeq": "",
                    "clmNo": "",
                    "ifCplYN": "Y",
                    "ifFlRsnCnts": "",
                })
            })
            .collect();
        // ASSUMPTION: list calls carry trGrpCd/trNo at the top level beside the list.
        let body = json!({ "trGrpCd": grp, "trNo": tr_no, "ifCompleteList": list });
        self.request(client, reqwest::Method::POST, PATH_CONFIRM, Some(&body))
    }

    /// apiNo 137: mark lines dispatched (step 13) with carrier, invoice and the time it left.
    pub fn ship(
        &self,
        client: &reqwest::Client,
        items: &[ShipItem],
        shipped_at: jiff::Timestamp,
    ) -> Result<reqwest::Request, MarketError> {
        let (grp, tr_no) = self.tr();
        let at = local_text(shipped_at, TIME_FORMAT);
        let list: Vec<Value> = items
            .iter()
            .map(|i| {
                json!({
                    "dvRtrvDvsCd": "DV",
                    "odNo": i.line.od_no,
                    "odSeq": i.line.od_seq,
                    "procSeq": i.line.proc_seq,
                    "odPrgsStepCd": "13",
                    "dvTrcStatDttm": at,
                    "dvCoCd": i.carrier_code,
                    "invcNo": i.invoice_no,
                    "invcNbr": "1",
                    "spdNo": i.spd_no,
                    "sitmNo": i.sitm_no,
                    "slQty": i.quantity,
                })
            })
            .collect();
        let body = json!({ "trGrpCd": grp, "trNo": tr_no, "deliveryProgressStateList": list });
        self.request(client, reqwest::Method::POST, PATH_SHIP, Some(&body))
    }

    /// apiNo 89: the carrier list (common code group `DV_CO_CD`).
    pub fn carriers(&self, client: &reqwest::Client) -> Result<reqwest::Request, MarketError> {
        let (grp, tr_no) = self.tr();
        // ASSUMPTION: the group is named in `grpCd`; the field name is not published.
        let body = json!({ "trGrpCd": grp, "trNo": tr_no, "grpCd": "DV_CO_CD" });
        self.request(client, reqwest::Method::POST, PATH_CODES, Some(&body))
    }

    /// apiNo 86: absolute item stocks.
    pub fn stock(
        &self,
        client: &reqwest::Client,
        items: &[StockItem],
    ) -> Result<reqwest::Request, MarketError> {
        let (grp, tr_no) = self.tr();
        let list: Vec<Value> = items
            .iter()
            .map(|i| {
                json!({
                    "trGrpCd": grp,
                    "trNo": tr_no,
                    "spdNo": i.spd_no,
                    "sitmNo": i.sitm_no,
                    "stkQty": i.quantity,
                })
            })
            .collect();
        let body = json!({ "itmStkLst": list });
        self.request(client, reqwest::Method::POST, PATH_STOCK, Some(&body))
    }

    /// apiNo 93: one page (1-based) of the seller's products.
    pub fn product_list(
        &self,
        client: &reqwest::Client,
        page: usize,
    ) -> Result<reqwest::Request, MarketError> {
        let (grp, tr_no) = self.tr();
        // ASSUMPTION: apiNo 93 pages with `pageNo` (1-based) and `rowsPerPage`; `dataCount` is the total.
        let body = json!({
            "trGrpCd": grp,
            "trNo": tr_no,
            "pageNo": page,
            "rowsPerPage": PRODUCT_PAGE_SIZE,
        });
        self.request(client, reqwest::Method::POST, PATH_PRODUCT_LIST, Some(&body))
    }

    /// apiNo 94: one product with its items.
    pub fn product_detail(
        &self,
        client: &reqwest::Client,
        spd_no: &str,
    ) -> Result<reqwest::Request, MarketError> {
        let (grp, tr_no) = self.tr();
        let body = json!({ "trGrpCd": grp, "trNo": tr_no, "spdNo": spd_no });
        self.request(client, reqwest::Method::POST, PATH_PRODUCT_DETAIL, Some(&body))
    }
}

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
        200..=299 => parse_ok(&reply.body).map(|_| ()),
        _ => classify_status(reply),
    }
}

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
// apiNo 209

/// One row of apiNo 209: one order item.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrderRow {
    /// `odNo`, the order number.
    #[serde(deserialize_with = "string_or_number")]
    pub od_no: String,
    /// `odSeq`, the item within the order.
    #[serde(deserialize_with = "string_or_number")]
    pub od_seq: String,
    /// `procSeq`, the processing round of the item.
    #[serde(deserialize_with = "string_or_number")]
    pub proc_seq: String,
    /// `odPrgsStepCd`, the step (11 new, 12 preparing, 13 dispatched…).
    #[serde(deserialize_with = "string_or_number")]
    pub od_prgs_step_cd: String,
    /// `odTypCd` (10 order, 30 exchange, 40 return, 50 A/S).
    #[serde(deserialize_with = "string_or_number")]
    pub od_typ_cd: String,
    /// `ifCplYN`, acknowledged by the seller.
    #[serde(rename = "ifCplYN", deserialize_with = "string_or_number")]
    pub if_cpl_yn: String,
    /// `spdNo`, LotteON's product number.
    #[serde(deserialize_with = "string_or_number")]
    pub spd_no: String,
    /// `spdNm`.
    #[serde(deserialize_with = "string_or_number")]
    pub spd_nm: String,
    /// `sitmNo`, LotteON's item number.
    #[serde(deserialize_with = "string_or_number")]
    pub sitm_no: String,
    /// `sitmNm`.
    #[serde(deserialize_with = "string_or_number")]
    pub sitm_nm: String,
    /// `epdNo`, the seller's product code.
    #[serde(deserialize_with = "string_or_number")]
    pub epd_no: String,
    /// `eitmNo`, the seller's item (option) code.
    #[serde(deserialize_with = "string_or_number")]
    pub eitm_no: String,
    /// `odQty`.
    #[serde(deserialize_with = "amount")]
    pub od_qty: i64,
    /// `slPrc`, unit price.
    #[serde(deserialize_with = "amount")]
    pub sl_prc: i64,
    /// `slAmt`, price × quantity.
    #[serde(deserialize_with = "amount")]
    pub sl_amt: i64,
    /// `actualAmt`, after discounts.
    #[serde(deserialize_with = "amount")]
    pub actual_amt: i64,
    /// `odrNm`, the orderer.
    #[serde(deserialize_with = "string_or_number")]
    pub odr_nm: String,
    /// `mphnNo`, the orderer's mobile.
    #[serde(deserialize_with = "string_or_number")]
    pub mphn_no: String,
    /// `dvpCustNm`, the recipient.
    #[serde(deserialize_with = "string_or_number")]
    pub dvp_cust_nm: String,
    /// `dvpMphnNo`.
    #[serde(deserialize_with = "string_or_number")]
    pub dvp_mphn_no: String,
    /// `dvpZipNo`.
    #[serde(deserialize_with = "string_or_number")]
    pub dvp_zip_no: String,
    /// `dvpStnmZipAddr`, street address.
    #[serde(deserialize_with = "string_or_number")]
    pub dvp_stnm_zip_addr: String,
    /// `dvpStnmDtlAddr`, address detail.
    #[serde(deserialize_with = "string_or_number")]
    pub dvp_stnm_dtl_addr: String,
    /// `dvMsg`, delivery message.
    #[serde(deserialize_with = "string_or_number")]
    pub dv_msg: String,
    /// `odCmptDttm`, when the order was completed (KST `yyyymmddhhmmss`).
    #[serde(deserialize_with = "string_or_number")]
    pub od_cmpt_dttm: String,
}

impl OrderRow {
    /// shipdeck's line key: `odSeq-procSeq`.
    pub fn line_key(&self) -> String {
        format!("{}-{}", self.od_seq, self.proc_seq)
    }

    /// The line reference for confirm/ship calls.
    pub fn line_ref(&self) -> LineRef {
        LineRef {
            od_no: self.od_no.clone(),
            od_seq: self.od_seq.clone(),
            proc_seq: self.proc_seq.clone(),
        }
    }
}

/// The rows of one 209 answer and the count the site says it has.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderPage {
    /// The rows as received (duplicates included).
    pub rows: Vec<OrderRow>,
    /// `dataCount`, when given.
    pub data_count: Option<usize>,
}

/// Parses apiNo 209: `data.deliveryOrderList[]` (a null `data` or missing list is no orders).
pub fn parse_orders(body: &[u8]) -> Result<OrderPage, MarketError> {
    let (head, data) = parse_ok(body)?;
    let list = match data {
        Value::Null => Value::Array(Vec::new()),
        Value::Object(mut m) => m.remove("deliveryOrderList").unwrap_or(Value::Array(Vec::new())),
        _ => return Err(MarketError::malformed("LotteON 209: data is not an object", body)),
    };
    let list = if list.is_null() {
        Value::Array(Vec::new())
    } else {
        list
    };
    let rows: Vec<OrderRow> = decode(list, "209 deliveryOrderList", body)?;
    for r in &rows {
        if r.od_no.is_empty() || r.od_seq.is_empty() || r.proc_seq.is_empty() {
            return Err(MarketError::malformed(
                "LotteON 209: a row lacks odNo, odSeq or procSeq",
                body,
            ));
        }
    }
    Ok(OrderPage {
        rows,
        data_count: head.data_count,
    })
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn step_rank(code: &str) -> u32 {
    code.trim().parse().unwrap_or(u32::MAX)
}

/// ASSUMPTION: a row whose `odTypCd` is `20` is a cancelled order (the guide lists 10/30/40/50 only).
pub const CANCELLED_TYPE: &str = "20";

/// Groups 209 rows into orders (first-seen order kept; a later row of the same line replaces the
/// earlier one, as it is the more recent view). Fails on an unreadable `odCmptDttm`.
pub fn rows_to_orders(rows: &[OrderRow]) -> Result<Vec<SiteOrder>, MarketError> {
    let site = Site::Lotteon;
    let money = |amount| Money {
        amount,
        currency: site.currency(),
    };
    let mut order_nos: Vec<&str> = Vec::new();
    let mut by_order: std::collections::HashMap<&str, Vec<&OrderRow>> = std::collections::HashMap::new();
    for r in rows {
        let lines = by_order.entry(r.od_no.as_str()).or_insert_with(|| {
            order_nos.push(r.od_no.as_str());
            Vec::new()
        });
        if let Some(pos) = lines.iter().position(|l| l.line_key() == r.line_key()) {
            lines[pos] = r;
        } else {
            lines.push(r);
        }
    }
    let mut out = Vec::new();
    for no in order_nos {
        let Some(lines) = by_order.get(no) else { continue };
        let Some(first) = lines.first() else { continue };
        // ASSUMPTION: 209 has no separate order and payment times; `odCmptDttm` (order completed,
        // i.e. paid) is both.
        let ordered_at =
            local_time(&first.od_cmpt_dttm, &[TIME_FORMAT, "%Y-%m-%d %H:%M:%S"]).map_err(|_| {
                MarketError::malformed(
                    format!(
                        "LotteON 209: order {no} has an unreadable odCmptDttm `{}`",
                        first.od_cmpt_dttm
                    ),
                    first.od_cmpt_dttm.as_bytes(),
                )
            })?;
        let least = lines
            .iter()
            .map(|l| l.od_prgs_step_cd.trim())
            .min_by_key(|c| step_rank(c))
            .unwrap_or_default();
        let mut order_lines = Vec::new();
        for l in lines {
            let quantity = u32::try_from(l.od_qty).map_err(|_| {
                MarketError::malformed(
                    format!(
                        "LotteON 209: order {no} line {} has odQty {}",
                        l.line_key(),
                        l.od_qty
                    ),
                    b"",
                )
            })?;
            let total = if l.actual_amt != 0 { l.actual_amt } else { l.sl_amt };
            let option_name = if l.sitm_nm == l.spd_nm {
                String::new()
            } else {
                l.sitm_nm.clone()
            };
            order_lines.push(OrderLine {
                line_key: l.line_key(),
                site_status: site_status(site, &l.od_prgs_step_cd),
                product: ProductRef::Code {
                    product_code: non_empty(&l.epd_no),
                    // ASSUMPTION: 209 rows carry `eitmNo` (the seller's item code), as product items do.
                    option_code: non_empty(&l.eitm_no),
                },
                product_name: l.spd_nm.clone(),
                option_name,
                quantity,
                unit_price: money(l.sl_prc),
                amount: money(total),
                sku: LineSku::Unresolved,
            });
        }
        let address = [first.dvp_stnm_zip_addr.trim(), first.dvp_stnm_dtl_addr.trim()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        out.push(SiteOrder {
            order_no: no.to_string(),
            cart_no: None,
            site_status: site_status(site, least),
            ordered_at,
            paid_at: Some(ordered_at),
            buyer: Party {
                name: first.odr_nm.clone(),
                phone: first.mphn_no.clone(),
                ..Party::default()
            },
            receiver: Party {
                name: first.dvp_cust_nm.clone(),
                phone: first.dvp_mphn_no.clone(),
                postal_code: first.dvp_zip_no.clone(),
                address,
            },
            delivery_message: first.dv_msg.clone(),
            lines: order_lines,
            cancelled: lines.iter().any(|l| l.od_typ_cd.trim() == CANCELLED_TYPE),
        });
    }
    Ok(out)
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
    /// The code (`dvCoCd` value).
    #[serde(rename = "cmnCd", deserialize_with = "string_or_number")]
    pub code: String,
    /// The name (`CJ대한통운`).
    #[serde(rename = "cmnCdNm", deserialize_with = "string_or_number")]
    pub name: String,
}

/// Parses apiNo 89: `data[{cmnCd, cmnCdNm}]`.
// ASSUMPTION: the code list rows are `{cmnCd, cmnCdNm}` (LotteON's common-code naming).
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
