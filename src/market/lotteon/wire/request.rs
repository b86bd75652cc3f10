//! LotteON request builders: the [`Endpoint`] every call is built from, and the bodies of each
//! apiNo (pure: everything they need comes in as arguments).

use serde_json::{json, Value};

use super::{
    PATH_CODES, PATH_CONFIRM, PATH_IDENTITY, PATH_ORDERS, PATH_PRODUCT_DETAIL, PATH_PRODUCT_LIST,
    PATH_PROGRESS, PATH_SHIP, PATH_STOCK, PRODUCT_PAGE_SIZE, PRODUCT_REG_SPAN_DAYS, TIME_FORMAT, TR_GRP_CD,
};
use crate::domain::Secret;
use crate::market::types::MarketError;
use crate::market::wire::local_text;

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

    /// apiNo 209 by window: delivery instructions (step 11) whose creation time (출고지시
    /// 생성일시, not the order time) is between `from` and `to` (inclusive KST seconds, `to` ends
    /// at :59); `acknowledged` false asks for the new ones (`ifCplYN` N), true for those the
    /// seller acknowledged with 210 (`Y`), which 209 still shows at step 11.
    pub fn orders_in_window(
        &self,
        client: &reqwest::Client,
        from: jiff::Timestamp,
        to_inclusive: jiff::Timestamp,
        acknowledged: bool,
    ) -> Result<reqwest::Request, MarketError> {
        let (grp, tr_no) = self.tr();
        let body = json!({
            "trGrpCd": grp,
            "trNo": tr_no,
            "srchStrtDt": local_text(from, TIME_FORMAT),
            "srchEndDt": local_text(to_inclusive, TIME_FORMAT),
            "odPrgsStepCd": "11",
            "odTypCd": "10",
            "ifCplYN": if acknowledged { "Y" } else { "N" },
        });
        self.request(client, reqwest::Method::POST, PATH_ORDERS, Some(&body))
    }

    /// apiNo 140 by window (the same instruction-creation window as 209), optionally one step.
    pub fn progress_in_window(
        &self,
        client: &reqwest::Client,
        from: jiff::Timestamp,
        to_inclusive: jiff::Timestamp,
        step: Option<&str>,
    ) -> Result<reqwest::Request, MarketError> {
        let (grp, tr_no) = self.tr();
        let mut body = json!({
            "trGrpCd": grp,
            "trNo": tr_no,
            "srchStrtDt": local_text(from, TIME_FORMAT),
            "srchEndDt": local_text(to_inclusive, TIME_FORMAT),
        });
        if let (Some(step), Value::Object(m)) = (step, &mut body) {
            m.insert("odPrgsStepCd".into(), Value::from(step));
        }
        self.request(client, reqwest::Method::POST, PATH_PROGRESS, Some(&body))
    }

    /// apiNo 140 by order number.
    // ASSUMPTION: like 209, 140 searched by `odNo` needs no window. Searched: the SL survey says
    // so for 209 only; a public JavaScript client reads 140 back by `odNo` alone, while the ASP
    // client sends `odNo` with a one-day window (the delivery date).
    pub fn progress_by_no(
        &self,
        client: &reqwest::Client,
        od_no: &str,
    ) -> Result<reqwest::Request, MarketError> {
        let (grp, tr_no) = self.tr();
        let body = json!({ "trGrpCd": grp, "trNo": tr_no, "odNo": od_no });
        self.request(client, reqwest::Method::POST, PATH_PROGRESS, Some(&body))
    }

    /// apiNo 209 by order number, any step.
    pub fn order_by_no(
        &self,
        client: &reqwest::Client,
        od_no: &str,
    ) -> Result<reqwest::Request, MarketError> {
        let (grp, tr_no) = self.tr();
        // Searching 209 by `odNo` needs no date window: "srchStrtDt/srchEndDt 또는 odNo 필수" (the
        // SL catalogue survey's 209 row); the 1-day limit applies to windows.
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
        // Public clients send the list alone; trGrpCd/trNo beside it are ignored if unknown
        // (ASSUMPTION), and name the trader as every other body does.
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

    /// apiNo 93: one page (1-based) of the seller's products registered in the
    /// [`PRODUCT_REG_SPAN_DAYS`] up to `now`.
    pub fn product_list(
        &self,
        client: &reqwest::Client,
        page: usize,
        now: jiff::Timestamp,
    ) -> Result<reqwest::Request, MarketError> {
        let (grp, tr_no) = self.tr();
        // Public Python and TypeScript clients that called it live: `regStrtDttm`/`regEndDttm`
        // (14-digit KST) are required, and so are `pageNo` (1-based) and `rowsPerPage` (≤ 100);
        // without the paging the site answers returnCode 9000; `dataCount` is the total.
        let from = now - jiff::SignedDuration::from_hours(24 * PRODUCT_REG_SPAN_DAYS);
        let body = json!({
            "trGrpCd": grp,
            "trNo": tr_no,
            "regStrtDttm": local_text(from, TIME_FORMAT),
            "regEndDttm": local_text(now, TIME_FORMAT),
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
