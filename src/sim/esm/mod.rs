//! The simulated Gmarket / Auction (ESM Plus) API, served under `/esm`: JWT auth as ESM checks
//! it, `RequestOrders` with its per-seller quota (one call per `esm_order_interval`, answered
//! `ResultCode` 3000), `OrderCheck` (1 → 2), `ShippingInfo` (2 → 3), the carrier list, goods
//! search and the two stock calls. Refusals are HTTP 200 with a non-zero `ResultCode`.

pub mod auth;
mod goods;
mod orders;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use serde_json::{json, Value};

use super::world::World;
use super::SimState;
use crate::domain::Site;
use auth::Sellers;

/// The carriers `delivery-company` lists: ESM's documented codes, plus "기타택배".
// ASSUMPTION: "기타택배" (other courier) has the code 10099 (ESM's list is not public).
pub const CARRIERS: &[(u32, &str)] = &[
    (10003, "로젠택배"),
    (10005, "우체국택배"),
    (10007, "한진택배"),
    (10008, "롯데택배"),
    (10013, "CJ대한통운"),
    (10022, "DHL"),
    (10031, "직접배송"),
    (10099, "기타택배"),
];

/// The routes under `/esm`.
pub fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route("/shipping/v1/Order/RequestOrders", post(orders::request_orders))
        .route(
            "/shipping/v1/Order/OrderCheck/{order_no}",
            post(orders::order_check),
        )
        .route("/shipping/v1/Delivery/ShippingInfo", post(orders::shipping_info))
        .route(
            "/item/v1/shipping/delivery-company",
            get(goods::delivery_companies),
        )
        .route("/item/v1/goods/search", post(goods::goods_search))
        .route("/item/v1/goods/{goods_no}/sell-status", put(goods::sell_status))
        .route(
            "/item/v1/goods/{goods_no}/recommended-options",
            put(goods::recommended_options),
        )
}

fn envelope(code: i64, message: &str, data: Value) -> Response {
    (
        StatusCode::OK,
        [("content-type", "application/json; charset=utf-8")],
        json!({ "ResultCode": code, "Message": message, "Data": data }).to_string(),
    )
        .into_response()
}

fn ok(data: Value) -> Response {
    envelope(0, "SUCCESS", data)
}

fn count_refusal(w: &mut World, sellers: &[(Site, usize)]) {
    for (_, i) in sellers {
        w.shops[*i].rejected += 1;
    }
}

/// A refusal of the request itself: counted on the caller's shops, HTTP 200 + ResultCode.
fn refuse(w: &mut World, sellers: &Sellers, code: i64, message: &str) -> Response {
    count_refusal(w, sellers);
    envelope(code, message, Value::Null)
}

fn bad_request(w: &mut World, sellers: &Sellers, message: String) -> Response {
    count_refusal(w, sellers);
    (
        StatusCode::BAD_REQUEST,
        [("content-type", "application/json; charset=utf-8")],
        json!({ "ResultCode": 1100, "Message": message, "Data": null }).to_string(),
    )
        .into_response()
}

/// Checks the token; on refusal counts it on the shops the token claims and answers 401.
fn authenticate(w: &mut World, headers: &HeaderMap) -> Result<Sellers, Box<Response>> {
    auth::check(w, headers, jiff::Timestamp::now()).map_err(|r| {
        let claimed = auth::claimed_sellers(w, headers);
        count_refusal(w, &claimed);
        Box::new(
            (
                StatusCode::UNAUTHORIZED,
                [("content-type", "application/json; charset=utf-8")],
                json!({ "ResultCode": r.code, "Message": r.message }).to_string(),
            )
                .into_response(),
        )
    })
}

fn parse_body(body: &Bytes) -> Result<serde_json::Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err("요청 본문은 JSON 객체여야 합니다.".into()),
        Err(e) => Err(format!("요청 본문을 읽을 수 없습니다: {e}")),
    }
}

fn int(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn kst(t: jiff::Timestamp, format: &str) -> String {
    t.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(9)))
        .strftime(format)
        .to_string()
}

fn parse_kst(s: &str, format: &str) -> Option<jiff::Timestamp> {
    jiff::civil::DateTime::strptime(format, s.trim())
        .ok()?
        .to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(9)))
        .ok()
        .map(|z| z.timestamp())
}

fn money(n: i64) -> String {
    format!("{n}.0000")
}

// ---------------------------------------------------------------------------------------------
// The per-seller order quota, kept in the world (`World::esm_last_order_call`).

/// True when `seller` may make an order call now (and records it); false when over the quota.
fn take_order_quota(w: &mut World, interval: Duration, seller: &str) -> bool {
    let now = Instant::now();
    // ASSUMPTION: only calls ESM answers count against the quota; a refused call does not.
    match w.esm_last_order_call.get_mut(seller) {
        Some(last) if now.duration_since(*last) < interval => false,
        Some(last) => {
            *last = now;
            true
        }
        None => {
            w.esm_last_order_call.insert(seller.to_string(), now);
            true
        }
    }
}
