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
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use serde_json::{json, Value};

use super::gate::{Authed, Gate, ReadBody};
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
            get(goods::recommended_options_get).put(goods::recommended_options),
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

/// A request body as ESM's calls take it: one JSON object.
type Body = serde_json::Map<String, Value>;

fn parse_body(body: &Bytes) -> Result<Body, String> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err("요청 본문은 JSON 객체여야 합니다.".into()),
        Err(e) => Err(format!("요청 본문을 읽을 수 없습니다: {e}")),
    }
}

/// ESM's refusal of a caller: HTTP 401 `{"status":{"message","status_code":401}}`, the answer a
/// public client recorded from the live site for an API the seller's key is not approved for
/// ("The user does not have right access to the api"); the message names the cause.
pub(crate) fn unauthorized(message: &str) -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [("content-type", "application/json; charset=utf-8")],
        json!({ "status": { "message": message, "status_code": 401 } }).to_string(),
    )
        .into_response()
}

/// ESM's check of a request, for [`Authed`]: the JWT (see [`auth`]); a refusal is answered 401
/// and counted on the shops the token claims. The caller is the sellers the token names; bodies
/// are read as [`Body`] (a JSON object) or `Option<Body>` (a JSON object or nothing), a bad one
/// answered 400.
struct Esm;

impl Gate for Esm {
    type Caller = Sellers;

    fn admit(w: &mut World, head: &Parts) -> Result<Sellers, Response> {
        auth::check(w, &head.headers, w.now()).map_err(|r| {
            let claimed = auth::claimed_sellers(w, &head.headers);
            count_refusal(w, &claimed);
            unauthorized(r.message)
        })
    }
}

impl ReadBody<Esm> for Body {
    fn read(w: &mut World, _: &Parts, sellers: &Sellers, bytes: &Bytes) -> Result<Self, Response> {
        parse_body(bytes).map_err(|e| bad_request(w, sellers, e))
    }
}

impl ReadBody<Esm> for Option<Body> {
    fn read(w: &mut World, head: &Parts, sellers: &Sellers, bytes: &Bytes) -> Result<Self, Response> {
        if bytes.is_empty() {
            Ok(None)
        } else {
            Body::read(w, head, sellers, bytes).map(Some)
        }
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
