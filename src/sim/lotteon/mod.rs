//! The simulated LotteON Open API: Bearer API key (401 unknown or expired key; the shared fault
//! layer answers 403 for an unregistered IP), `trNo` checked against the key's account, the
//! `{returnCode,message,subMessages,dataCount,data}` envelope, 209 with its 1-day window limit
//! (returnCode 2003), 210 (11 → 12), 137 (12 → 13) with `failList`, 89 carriers, 86/93/94 products.

mod orders;
mod products;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use super::gate::{Authed, Gate, ReadBody};
use super::world::World;
use super::SimState;
use crate::domain::Site;
use orders::{codes, if_complete, orders_search, progress_inform, progress_search};
use products::{product_detail, product_list, stock_change};

/// The carriers of common code group `DV_CO_CD` the simulator knows.
pub const CARRIERS: &[(&str, &str)] = &[
    ("0001", "롯데택배"),
    ("0002", "CJ대한통운"),
    ("0003", "한진택배"),
    ("0004", "우체국택배"),
    ("0005", "로젠택배"),
    ("0006", "경동택배"),
    ("0030", "DHL"),
    ("0099", "기타택배"),
];

const TIME_FORMAT: &str = "%Y%m%d%H%M%S";

/// The routes under the site's prefix.
pub fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route("/v1/openapi/common/v1/identity", get(identity))
        .route(
            "/v1/openapi/delivery/v1/SellerDeliveryOrdersSearch",
            post(orders_search),
        )
        .route(
            "/v1/openapi/delivery/v1/SellerDeliveryProgressStateSearch",
            post(progress_search),
        )
        .route(
            "/v1/openapi/delivery/v1/SellerIfCompleteInform",
            post(if_complete),
        )
        .route(
            "/v1/openapi/delivery/v1/SellerDeliveryProgressStateInform",
            post(progress_inform),
        )
        .route("/v1/openapi/bocommon/v1/code/getDetailCodeList", post(codes))
        .route("/v1/openapi/product/v1/item/stock/change", post(stock_change))
        .route("/v1/openapi/product/v1/product/list", post(product_list))
        .route("/v1/openapi/product/v1/product/detail", post(product_detail))
}

fn envelope(status: StatusCode, code: &str, message: &str, count: usize, data: Value) -> Response {
    (
        status,
        [("content-type", "application/json;charset=UTF-8")],
        json!({
            "returnCode": code,
            "message": message,
            "subMessages": [],
            "dataCount": count,
            "data": data,
        })
        .to_string(),
    )
        .into_response()
}

fn ok(count: usize, data: Value) -> Response {
    envelope(StatusCode::OK, "0000", "정상 처리되었습니다.", count, data)
}

fn refuse(code: &str, message: &str) -> Response {
    envelope(StatusCode::OK, code, message, 0, Value::Null)
}

fn kst(ts: jiff::Timestamp) -> String {
    ts.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(9)))
        .strftime(TIME_FORMAT)
        .to_string()
}

fn parse_kst(text: &str) -> Option<jiff::Timestamp> {
    let dt = jiff::civil::DateTime::strptime(TIME_FORMAT, text.trim()).ok()?;
    dt.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(9)))
        .ok()
        .map(|z| z.timestamp())
}

fn str_of(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// Checks the Bearer key (and `trNo` when the body must carry it); the shop's index or the
/// site's refusal. Every refused call of a known shop counts in its `rejected`.
fn authorize(w: &mut World, headers: &HeaderMap, tr_no: Option<&str>) -> Result<usize, Box<Response>> {
    let key = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let Some(i) = w.shops.iter().position(|s| {
        s.site == Site::Lotteon
            && !key.is_empty()
            && s.credentials.get("api_key").map(String::as_str) == Some(key)
    }) else {
        return Err(Box::new(envelope(
            StatusCode::UNAUTHORIZED,
            "401",
            "유효하지 않은 API Key 입니다. (Unauthorized)",
            0,
            Value::Null,
        )));
    };
    let expired = w.faults.get(&Site::Lotteon).is_some_and(|f| f.expired_key);
    if expired {
        w.shops[i].rejected += 1;
        return Err(Box::new(envelope(
            StatusCode::UNAUTHORIZED,
            "401",
            "API Key 유효기간이 만료되었습니다. 스토어센터에서 재발급 받으세요.",
            0,
            Value::Null,
        )));
    }
    if let Some(tr_no) = tr_no {
        let account = w.shops[i]
            .credentials
            .get("account_number")
            .cloned()
            .unwrap_or_default();
        if tr_no.is_empty() {
            w.shops[i].rejected += 1;
            return Err(Box::new(refuse("1000", "필수 파라미터가 누락되었습니다. (trNo)")));
        }
        if tr_no != account {
            // A public Python client recorded this answer from the live site for a trNo of
            // another account: returnCode 8888 "인증정보와 요청정보가 일치하지 않습니다".
            w.shops[i].rejected += 1;
            return Err(Box::new(refuse(
                "8888",
                "인증정보와 요청정보가 일치하지 않습니다.",
            )));
        }
    }
    Ok(i)
}

fn parse_body(body: &Bytes) -> Result<Value, Box<Response>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        _ => Err(Box::new(envelope(
            StatusCode::BAD_REQUEST,
            "400",
            "요청 본문을 해석할 수 없습니다. (JSON)",
            0,
            Value::Null,
        ))),
    }
}

/// LotteON's check of a request, for [`Authed`]: the Bearer API key (401 when unknown or
/// expired); every refusal of a known key counts in the shop's `rejected`. Bodies are read as
/// `Value` (a JSON object whose top-level `trNo` must be the key's account) or [`StockItems`]
/// (the items of `itmStkLst`, each carrying that `trNo`); a body that is no JSON object is
/// answered 400.
struct Lotteon;

impl Gate for Lotteon {
    /// The index of the shop whose API key the request carries.
    type Caller = usize;

    fn admit(w: &mut World, head: &Parts) -> Result<usize, Response> {
        authorize(w, &head.headers, None).map_err(|r| *r)
    }
}

/// Parses the body, then checks that each `trNo` it carries (as `tr_nos` finds them) names the
/// key's account.
fn read_checked<T>(
    w: &mut World,
    head: &Parts,
    shop: usize,
    bytes: &Bytes,
    tr_nos: impl FnOnce(Value) -> (T, Vec<String>),
) -> Result<T, Response> {
    let v = parse_body(bytes).map_err(|r| {
        w.shops[shop].rejected += 1;
        *r
    })?;
    let (body, tr_nos) = tr_nos(v);
    for tr_no in &tr_nos {
        authorize(w, &head.headers, Some(tr_no)).map_err(|r| *r)?;
    }
    Ok(body)
}

impl ReadBody<Lotteon> for Value {
    fn read(w: &mut World, head: &Parts, shop: &usize, bytes: &Bytes) -> Result<Self, Response> {
        read_checked(w, head, *shop, bytes, |v| {
            let tr_no = str_of(&v, "trNo");
            (v, vec![tr_no])
        })
    }
}

/// The items of an apiNo 86 body (`itmStkLst`); `trGrpCd`/`trNo` ride on each item.
struct StockItems(Vec<Value>);

impl ReadBody<Lotteon> for StockItems {
    fn read(w: &mut World, head: &Parts, shop: &usize, bytes: &Bytes) -> Result<Self, Response> {
        read_checked(w, head, *shop, bytes, |v| {
            let items = list_of(&v, "itmStkLst");
            let tr_nos = items.iter().map(|item| str_of(item, "trNo")).collect();
            (StockItems(items), tr_nos)
        })
    }
}

async fn identity(State(st): State<Arc<SimState>>, Authed(i, _): Authed<Lotteon>) -> Response {
    let w = st.world();
    let s = &w.shops[i];
    ok(
        1,
        json!({
            "trGrpCd": "SR",
            "trNo": s.credentials.get("account_number").cloned().unwrap_or_default(),
            "trNm": format!("{} 스토어", s.shop_id),
        }),
    )
}

/// The `sitmNo` of the one item of a product without options.
fn single_item_no(product_id: &str) -> String {
    format!("{product_id}00")
}

/// The array under `key` of a request body (empty when missing).
fn list_of(v: &Value, key: &str) -> Vec<Value> {
    // A wrong wrapper key is answered "0000" with nothing processed, as the real site does.
    v.get(key).and_then(Value::as_array).cloned().unwrap_or_default()
}
