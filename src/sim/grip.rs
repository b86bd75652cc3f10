//! The simulated Grip seller API: fingerprint auth as the official guide describes it, epoch-ms
//! searches, per-line order states, prepare → shipping → start, and stock through product bodies.
//! Failures answer HTTP 500 with `{"message": …}` as Grip does.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::Sha256;

use super::world::{ConfirmRecord, ShipmentRecord, SimShop, SimTracking, StockRecord, World};
use super::SimState;
use crate::domain::Site;

/// Carriers Grip lists. ASSUMPTION: Grip publishes no companySeq values; the official sample uses
/// 66, taken here for CJ대한통운, the others numbered freely.
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
        .route("/api/delivery/prepare/result", put(prepare))
        .route("/api/delivery/shipping", put(shipping))
        .route("/api/delivery/shipping/result", put(shipping))
        .route("/api/delivery/start", put(start))
        .route("/api/delivery/start/result", put(start))
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
    let now = jiff::Timestamp::now().as_millisecond();
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

macro_rules! auth {
    ($w:expr, $method:expr, $uri:expr, $h:expr) => {
        match authenticate(&mut $w, &$method, &$uri, &$h) {
            Ok(i) => i,
            Err(resp) => return resp,
        }
    };
}

async fn categories(
    State(st): State<Arc<SimState>>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    h: HeaderMap,
) -> Response {
    let mut w = st.world();
    let _ = auth!(w, method, uri, h);
    Json(json!({ "categoryList": [
        {"categoryId": 1001, "name": "패션의류"},
        {"categoryId": 1002, "name": "잡화"},
        {"categoryId": 1003, "name": "생활용품"}
    ]}))
    .into_response()
}

/// The query of `GET /api/order` and `/count`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrderQuery {
    start: Option<usize>,
    length: Option<usize>,
    search_status: Option<String>,
    search_date: Option<String>,
    search_start_at: Option<i64>,
    search_end_at: Option<i64>,
}

/// The (order, line) rows matching a query, newest first.
fn matching_rows(shop: &SimShop, q: &OrderQuery) -> Result<Vec<(String, String)>, String> {
    if let Some(d) = &q.search_date {
        if d != "orderedAt" {
            return Err(format!("지원하지 않는 searchDate 입니다: {d}"));
        }
    }
    let statuses: Option<Vec<&str>> = q
        .search_status
        .as_deref()
        .map(|s| s.split(',').map(str::trim).collect());
    let now = jiff::Timestamp::now().as_millisecond();
    let from = q.search_start_at.unwrap_or(now - 30 * 86_400_000);
    let to = q.search_end_at.unwrap_or(now);
    if now - from > 90 * 86_400_000 + 60_000 {
        return Err("조회 기간은 최근 90일 이내여야 합니다.".into());
    }
    let mut orders: Vec<_> = shop
        .orders
        .values()
        .filter(|o| {
            let t = o.ordered_at.as_millisecond();
            from <= t && t <= to
        })
        .collect();
    orders.sort_by(|a, b| b.ordered_at.cmp(&a.ordered_at).then(b.order_no.cmp(&a.order_no)));
    let mut rows = Vec::new();
    for o in orders {
        for l in &o.lines {
            if statuses.as_ref().is_none_or(|s| s.contains(&l.status.as_str())) {
                rows.push((o.order_no.clone(), l.line_key.clone()));
            }
        }
    }
    Ok(rows)
}

fn row_json(shop: &SimShop, order_no: &str, line_key: &str) -> Option<Value> {
    let o = shop.orders.get(order_no)?;
    let l = o.lines.iter().find(|l| l.line_key == line_key)?;
    let p = &shop.products[l.product];
    let opt = l.option.map(|i| &p.options[i]);
    Some(json!({
        "orderSeq": o.order_no.parse::<u64>().unwrap_or(0),
        "orderProductSeq": l.line_key.parse::<u64>().unwrap_or(0),
        "orderedAt": o.ordered_at.as_millisecond(),
        "orderState": l.status.parse::<u32>().unwrap_or(0),
        "yourProductId": p.product_code,
        "yourOptionId": opt.map(|x| x.option_code.clone()).unwrap_or_default(),
        "productId": p.product_id.parse::<u64>().unwrap_or(0),
        "productName": p.name,
        "optionName": opt.map(|x| format!("{} / {}", x.attr1, x.attr2)),
        "price": l.unit_price,
        "quantity": l.quantity,
        "productAmount": l.unit_price * i64::from(l.quantity),
        "shippingAmount": 3000,
        "couponAmount": 0,
        "paymentMethod": "CARD",
        "buyerName": o.buyer.name,
        "buyerPhoneNumber": o.buyer.phone,
        "recipientName": o.receiver.name,
        "recipientPhoneNumber": o.receiver.phone,
        "recipientPostalCode": o.receiver.zip,
        "recipientAddress": format!("{} {}", o.receiver.addr1, o.receiver.addr2).trim().to_string(),
        "deliveryRequest": o.message,
        "clearanceCode": null,
    }))
}

async fn list_orders(
    State(st): State<Arc<SimState>>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    h: HeaderMap,
    Query(q): Query<OrderQuery>,
) -> Response {
    let mut w = st.world();
    let i = auth!(w, method, uri, h);
    let rows = match matching_rows(&w.shops[i], &q) {
        Ok(r) => r,
        Err(m) => return fail(m),
    };
    let length = q.length.unwrap_or(100);
    if length == 0 || length > 100 {
        w.shops[i].rejected += 1;
        return fail("length는 1~100 사이여야 합니다.");
    }
    let page = super::page_rows_with_faults(&mut w, i, &rows, q.start.unwrap_or(0), length);
    let list: Vec<Value> = page
        .iter()
        .filter_map(|(o, l)| row_json(&w.shops[i], o, l))
        .collect();
    Json(json!({ "orderList": list })).into_response()
}

async fn count_orders(
    State(st): State<Arc<SimState>>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    h: HeaderMap,
    Query(q): Query<OrderQuery>,
) -> Response {
    let mut w = st.world();
    let i = auth!(w, method, uri, h);
    match matching_rows(&w.shops[i], &q) {
        Ok(rows) => Json(json!({ "count": rows.len() })).into_response(),
        Err(m) => fail(m),
    }
}

async fn companies(
    State(st): State<Arc<SimState>>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    h: HeaderMap,
) -> Response {
    let mut w = st.world();
    let _ = auth!(w, method, uri, h);
    let list: Vec<Value> = CARRIERS
        .iter()
        .map(|(seq, name)| json!({"companySeq": seq, "companyName": name, "serviceType": "DOMESTIC", "tracking": true}))
        .collect();
    Json(json!({ "deliveryCompanies": list })).into_response()
}

/// Parses a write body, counting a bad one as a rejected call.
fn body_json(w: &mut World, i: usize, body: &Bytes) -> Result<Value, Response> {
    serde_json::from_slice(body).map_err(|e| {
        w.shops[i].rejected += 1;
        fail(format!("요청 본문을 해석할 수 없습니다: {e}"))
    })
}

fn keys_of(v: &Value, field: &str) -> Vec<(String, String, Value)> {
    v.get(field)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|k| {
                    let s = |f: &str| {
                        k.get(f)
                            .map(|x| x.to_string().trim_matches('"').to_string())
                            .unwrap_or_default()
                    };
                    (s("orderSeq"), s("orderProductSeq"), k.clone())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Answers a write: per-line results on `/result`, `{affected}` otherwise.
fn write_answer(uri: &axum::http::Uri, results: Vec<Value>) -> Response {
    if uri.path().ends_with("/result") {
        Json(Value::Array(results)).into_response()
    } else {
        let affected = results.iter().filter(|r| r["result"] == json!(true)).count();
        Json(json!({ "affected": affected })).into_response()
    }
}

fn result(order: &str, line: &str, ok: bool, message: &str) -> Value {
    json!({
        "orderSeq": order.parse::<u64>().unwrap_or(0),
        "orderProductSeq": line.parse::<u64>().unwrap_or(0),
        "result": ok,
        "message": if ok { Value::Null } else { json!(message) },
    })
}

async fn prepare(
    State(st): State<Arc<SimState>>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    h: HeaderMap,
    body: Bytes,
) -> Response {
    let mut w = st.world();
    let i = auth!(w, method, uri, h);
    let v = match body_json(&mut w, i, &body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut results = Vec::new();
    let shop = &mut w.shops[i];
    for (o, l, _) in keys_of(&v, "orderKeys") {
        let line = shop
            .orders
            .get_mut(&o)
            .and_then(|ord| ord.lines.iter_mut().find(|x| x.line_key == l));
        match line {
            None => results.push(result(&o, &l, false, "존재하지 않는 주문입니다.")),
            Some(line) if line.status == "1" => {
                line.status = "10".into();
                shop.confirms.push(ConfirmRecord {
                    order_no: o.clone(),
                    line_key: Some(l.clone()),
                });
                results.push(result(&o, &l, true, ""));
            }
            Some(line) => {
                let msg = format!(
                    "결제완료 상태의 주문만 배송준비중으로 변경할 수 있습니다. (현재 상태: {})",
                    line.status
                );
                results.push(result(&o, &l, false, &msg));
            }
        }
    }
    write_answer(&uri, results)
}

async fn shipping(
    State(st): State<Arc<SimState>>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    h: HeaderMap,
    body: Bytes,
) -> Response {
    let mut w = st.world();
    let i = auth!(w, method, uri, h);
    let v = match body_json(&mut w, i, &body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut results = Vec::new();
    let shop = &mut w.shops[i];
    for (o, l, entry) in keys_of(&v, "shippings") {
        let company = entry.get("companySeq").and_then(Value::as_u64).unwrap_or(0);
        let number = entry
            .get("trackingNumber")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let Some(order) = shop.orders.get_mut(&o) else {
            results.push(result(&o, &l, false, "존재하지 않는 주문입니다."));
            continue;
        };
        let Some(line) = order.lines.iter().find(|x| x.line_key == l) else {
            results.push(result(&o, &l, false, "존재하지 않는 주문상품입니다."));
            continue;
        };
        if !CARRIERS.iter().any(|(s, _)| *s == company) {
            results.push(result(
                &o,
                &l,
                false,
                &format!("존재하지 않는 택배사입니다: {company}"),
            ));
        } else if number.is_empty() {
            results.push(result(&o, &l, false, "송장번호가 없습니다."));
        } else if line.status != "10" && line.status != "11" {
            let msg = format!(
                "배송준비중 또는 배송중 상태에서만 송장을 등록할 수 있습니다. (현재 상태: {})",
                line.status
            );
            results.push(result(&o, &l, false, &msg));
        } else {
            order.tracking = Some(SimTracking {
                carrier: company.to_string(),
                number: number.clone(),
            });
            shop.shipments.push(ShipmentRecord {
                order_no: o.clone(),
                line_key: Some(l.clone()),
                carrier: company.to_string(),
                tracking: number,
            });
            results.push(result(&o, &l, true, ""));
        }
    }
    write_answer(&uri, results)
}

async fn start(
    State(st): State<Arc<SimState>>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    h: HeaderMap,
    body: Bytes,
) -> Response {
    let mut w = st.world();
    let i = auth!(w, method, uri, h);
    let v = match body_json(&mut w, i, &body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut results = Vec::new();
    let shop = &mut w.shops[i];
    for (o, l, _) in keys_of(&v, "orderKeys") {
        let has_tracking = shop
            .shipments
            .iter()
            .any(|s| s.order_no == o && s.line_key.as_deref() == Some(l.as_str()));
        let line = shop
            .orders
            .get_mut(&o)
            .and_then(|ord| ord.lines.iter_mut().find(|x| x.line_key == l));
        match line {
            None => results.push(result(&o, &l, false, "존재하지 않는 주문입니다.")),
            Some(line) if line.status == "10" && has_tracking => {
                line.status = "11".into();
                results.push(result(&o, &l, true, ""));
            }
            Some(_) if !has_tracking => {
                results.push(result(&o, &l, false, "송장번호가 등록되지 않은 주문입니다."))
            }
            Some(line) => {
                let msg = format!(
                    "배송준비중 상태의 주문만 배송을 시작할 수 있습니다. (현재 상태: {})",
                    line.status
                );
                results.push(result(&o, &l, false, &msg));
            }
        }
    }
    write_answer(&uri, results)
}

fn product_json(p: &super::world::SimProduct) -> Value {
    let combos: Vec<Value> = p
        .options
        .iter()
        .enumerate()
        .map(|(n, o)| {
            json!({
                "optionKey": o.option_id,
                "nameSeqs": [n / 3 + 1, n % 3 + 1],
                "name": format!("{} / {}", o.attr1, o.attr2),
                "price": 0,
                "stockCount": o.stock,
                "expose": true,
                "yourProductId": o.option_code,
            })
        })
        .collect();
    let stock = if p.options.is_empty() {
        p.stock
    } else {
        p.options.iter().map(|o| o.stock).sum()
    };
    json!({
        "productId": p.product_id.parse::<u64>().unwrap_or(0),
        "productName": p.name,
        "yourProductId": p.product_code,
        "price": p.price,
        "stockCount": stock,
        "status": "ON_SALE",
        "categoryId": 1001,
        "option": { "combinations": combos },
    })
}

async fn list_products(
    State(st): State<Arc<SimState>>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    h: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let mut w = st.world();
    let i = auth!(w, method, uri, h);
    let start: usize = q.get("start").and_then(|s| s.parse().ok()).unwrap_or(0);
    let length: usize = q
        .get("length")
        .and_then(|s| s.parse().ok())
        .unwrap_or(100)
        .clamp(1, 100);
    let list: Vec<Value> = w.shops[i]
        .products
        .iter()
        .skip(start)
        .take(length)
        .map(product_json)
        .collect();
    Json(json!({ "productList": list })).into_response()
}

async fn get_product(
    State(st): State<Arc<SimState>>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    h: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let mut w = st.world();
    let i = auth!(w, method, uri, h);
    match w.shops[i].products.iter().find(|p| p.product_id == id) {
        Some(p) => Json(product_json(p)).into_response(),
        None => fail(format!("존재하지 않는 상품입니다: {id}")),
    }
}

async fn put_product(
    State(st): State<Arc<SimState>>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    h: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let mut w = st.world();
    let i = auth!(w, method, uri, h);
    let v = match body_json(&mut w, i, &body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let shop = &mut w.shops[i];
    let Some(p) = shop.products.iter_mut().find(|p| p.product_id == id) else {
        shop.rejected += 1;
        return fail(format!("존재하지 않는 상품입니다: {id}"));
    };
    if v.get("productName")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        shop.rejected += 1;
        return fail("상품 정보 전체를 보내야 합니다 (productName 없음).");
    }
    let mut records = Vec::new();
    if p.options.is_empty() {
        if let Some(n) = v.get("stockCount").and_then(Value::as_i64) {
            if n < 0 {
                shop.rejected += 1;
                return fail("재고는 0 이상이어야 합니다.");
            }
            p.stock = n;
            records.push(StockRecord {
                product_id: id.clone(),
                option_id: None,
                quantity: n,
            });
        }
    } else {
        let combos = v
            .pointer("/option/combinations")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for c in combos {
            let key = c
                .get("optionKey")
                .map(|k| k.to_string().trim_matches('"').to_string())
                .unwrap_or_default();
            let Some(n) = c.get("stockCount").and_then(Value::as_i64) else {
                continue;
            };
            if let Some(o) = p.options.iter_mut().find(|o| o.option_id == key) {
                if o.stock != n {
                    o.stock = n;
                    records.push(StockRecord {
                        product_id: id.clone(),
                        option_id: Some(key),
                        quantity: n,
                    });
                }
            }
        }
    }
    shop.stock_updates.extend(records);
    Json(json!({ "affected": 1 })).into_response()
}
