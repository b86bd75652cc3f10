//! The simulated Grip seller API: fingerprint auth as the official guide describes it, epoch-ms
//! searches, per-line order states, prepare → shipping → start, and stock through product bodies.
//! Shapes follow the official guide (gripcorp/grip-seller-apis, docs/order, docs/delivery,
//! docs/product). The delivery actions answer `{affected}` and their `…/result` checks answer per
//! line from what the action recorded. Refusals of the order and product domains, and delivery
//! calls missing their required list, answer HTTP 400 with `{status,error,code,message,timestamp}`
//! (the 4xx form of CHANGELOG.md's 2026.08 change, whose "검증 강화" names the delivery
//! `orderKeys`/`shippings`); the signing checks and unreadable bodies keep the legacy HTTP 500
//! `{message}`.

mod delivery;
mod orders;
mod products;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::OriginalUri;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use super::gate::{Authed, Gate, ReadBody};
use super::world::World;
use super::SimState;
use crate::domain::Site;
use delivery::{companies, prepare, prepare_result, shipping, shipping_result, start, start_result};
use orders::{count_orders, list_orders};
use products::{get_product, list_products, put_product};

/// Carriers Grip lists. ASSUMPTION: Grip publishes no `companySeq` values (searched the guide and
/// its code examples: code-examples/Python/advanced/data/delivery_shipping.json sends `1` as a
/// placeholder); the numbers are the simulator's own, found by name as the adapter does.
const CARRIERS: &[(u64, &str)] = &[
    (66, "CJ대한통운"),
    (67, "롯데택배"),
    (68, "한진택배"),
    (69, "로젠택배"),
    (70, "우체국택배"),
    (71, "DHL"),
    (99, "기타택배"),
];

/// The routes under `/grip`.
pub fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route("/api/product/category", get(categories))
        .route("/api/order", get(list_orders))
        .route("/api/order/count", get(count_orders))
        .route("/api/delivery/company", get(companies))
        .route("/api/delivery/prepare", put(prepare))
        .route("/api/delivery/prepare/result", put(prepare_result))
        .route("/api/delivery/shipping", put(shipping))
        .route("/api/delivery/shipping/result", put(shipping_result))
        .route("/api/delivery/start", put(start))
        .route("/api/delivery/start/result", put(start_result))
        .route("/api/product", get(list_products))
        .route("/api/product/{id}", get(get_product).put(put_product))
}

fn fail(message: impl Into<String>) -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(json!({ "message": message.into() })),
    )
        .into_response()
}

/// A refusal in the 4xx form (docs/auth/README.md, "HTTP 응답 코드"): HTTP 400 with
/// `{status,error,code,message,timestamp}`.
fn refuse(message: impl Into<String>) -> Response {
    let now = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(9)))
        .strftime("%Y-%m-%dT%H:%M:%S%.3f%z")
        .to_string();
    (
        StatusCode::BAD_REQUEST,
        Json(json!({
            "status": 400,
            "error": "BAD_REQUEST",
            "code": "COMMON_BAD_REQUEST",
            "message": message.into(),
            "timestamp": now,
        })),
    )
        .into_response()
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> &'a str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// Checks the four signing headers; returns the shop's index or Grip's own error answer.
fn authenticate(
    w: &mut World,
    method: &Method,
    uri: &axum::http::Uri,
    h: &HeaderMap,
) -> Result<usize, Response> {
    let access = header(h, "X-AccessKey");
    let Some(i) = w.shops.iter().position(|s| {
        s.site == Site::Grip && s.credentials.get("access_key").map(String::as_str) == Some(access)
    }) else {
        return Err(fail("X-AccessKey가 올바르지 않습니다. (unknown access key)"));
    };
    let reject = |w: &mut World, msg: &str| {
        w.shops[i].rejected += 1;
        Err(fail(msg))
    };
    if header(h, "X-ServiceId") != w.integrator.grip_service_id {
        return reject(w, "X-ServiceId가 올바르지 않습니다. (unknown service id)");
    }
    let ts_text = header(h, "X-Fingerprint-Timestamp");
    let Ok(ts) = ts_text.parse::<i64>() else {
        return reject(w, "X-Fingerprint-Timestamp 형식이 올바르지 않습니다.");
    };
    let now = w.now().as_millisecond();
    if (now - ts).abs() > 10 * 60 * 1000 {
        return reject(
            w,
            "X-Fingerprint-Timestamp가 허용 범위(10분)를 벗어났습니다. (stale timestamp)",
        );
    }
    let secret = w.shops[i]
        .credentials
        .get("secret_key")
        .cloned()
        .unwrap_or_default();
    let path_and_query = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let text = format!("{} {}\n{}\n{}", method.as_str(), path_and_query, ts_text, access);
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return reject(w, "X-Fingerprint 검증에 실패했습니다.");
    };
    mac.update(text.as_bytes());
    let want = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    if header(h, "X-Fingerprint") != want {
        return reject(w, "X-Fingerprint 검증에 실패했습니다. (invalid fingerprint)");
    }
    Ok(i)
}

/// Grip's check of a request, for [`Authed`]: the four signing headers over the method and the
/// path as received; a refusal is Grip's HTTP 500, counted on the shop when the access key names
/// one. Bodies are read as `Value` (JSON).
struct Grip;

impl Gate for Grip {
    /// The index of the shop whose keys signed the request.
    type Caller = usize;

    fn admit(w: &mut World, head: &Parts) -> Result<usize, Response> {
        let uri = head.extensions.get::<OriginalUri>().map_or(&head.uri, |o| &o.0);
        authenticate(w, &head.method, uri, &head.headers)
    }
}

/// A write body: JSON; a bad one counts as a rejected call.
impl ReadBody<Grip> for Value {
    fn read(w: &mut World, _: &Parts, shop: &usize, bytes: &Bytes) -> Result<Self, Response> {
        serde_json::from_slice(bytes).map_err(|e| {
            w.shops[*shop].rejected += 1;
            fail(format!("요청 본문을 해석할 수 없습니다: {e}"))
        })
    }
}

/// `GET /api/product/category` → `{category:[Category]}` (docs/product/README.md).
async fn categories(_: Authed<Grip>) -> Response {
    let cat = |seq: u64, parent: u64, level: u32, name: &str, leaf: bool| {
        json!({
            "categorySeq": seq,
            "parentCategorySeq": parent,
            "level": level,
            "categoryName": name,
            "liquidity": false,
            "hasChild": !leaf,
        })
    };
    Json(json!({ "category": [
        cat(1000, 0, 1, "패션", false),
        cat(1001, 1000, 2, "패션의류", true),
        cat(1002, 1000, 2, "잡화", true),
        cat(1003, 0, 1, "생활용품", true),
    ]}))
    .into_response()
}
