//! The simulated Grip order listing: `GET /api/order` and `/api/order/count`, searched by
//! epoch-ms dates and per-line states.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{refuse, Authed, Grip};
use crate::sim::world::SimShop;
use crate::sim::SimState;

/// The query of `GET /api/order` and `/count`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct OrderQuery {
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
    // The `OrderList` model of docs/order/README.md: Long keys, epoch-ms dates, Double money,
    // Integer states and payment method.
    Some(json!({
        "orderSeq": o.order_no.parse::<u64>().unwrap_or(0),
        "orderProductSeq": l.line_key.parse::<u64>().unwrap_or(0),
        "orderedAt": o.ordered_at.as_millisecond(),
        "confirmAt": null,
        "cancelAt": null,
        "orderState": l.status.parse::<u32>().unwrap_or(0),
        "yourProductId": p.product_code,
        "yourOptionId": opt.map(|x| x.option_code.clone()).unwrap_or_default(),
        "productId": p.product_id,
        "productName": p.name,
        "optionNameSeqs": opt.map(|_| json!([1, 2])).unwrap_or(json!([])),
        "optionName": opt.map(|x| format!("{} / {}", x.attr1, x.attr2)),
        "price": l.unit_price as f64,
        "quantity": l.quantity,
        "productAmount": (l.unit_price * i64::from(l.quantity)) as f64,
        "shippingAmount": 3000.0,
        "shippingExtraAmount": 0.0,
        "couponAmount": 0.0,
        "paymentMethod": 1,
        "buyerNickname": o.buyer.name,
        "buyerName": o.buyer.name,
        "buyerPhoneNumber": o.buyer.phone,
        "recipientName": o.receiver.name,
        "recipientPhoneNumber": o.receiver.phone,
        "recipientPostalCode": o.receiver.zip,
        "recipientAddress": format!("{} {}", o.receiver.addr1, o.receiver.addr2).trim().to_string(),
        "deliveryRequest": o.message,
        "dawnDeliveryRequest": null,
        "clearanceCode": null,
    }))
}

pub(super) async fn list_orders(
    State(st): State<Arc<SimState>>,
    Query(q): Query<OrderQuery>,
    Authed(i, _): Authed<Grip>,
) -> Response {
    let mut w = st.world();
    let rows = match matching_rows(&w.shops[i], &q) {
        Ok(r) => r,
        Err(m) => return refuse(m),
    };
    let length = q.length.unwrap_or(100);
    if length == 0 || length > 100 {
        w.shops[i].rejected += 1;
        return refuse("length는 1~100 사이여야 합니다.");
    }
    let page = crate::sim::page_rows_with_faults(&mut w, i, &rows, q.start.unwrap_or(0), length);
    let list: Vec<Value> = page
        .iter()
        .filter_map(|(o, l)| row_json(&w.shops[i], o, l))
        .collect();
    Json(json!({ "orderList": list })).into_response()
}

pub(super) async fn count_orders(
    State(st): State<Arc<SimState>>,
    Query(q): Query<OrderQuery>,
    Authed(i, _): Authed<Grip>,
) -> Response {
    let w = st.world();
    match matching_rows(&w.shops[i], &q) {
        Ok(rows) => Json(json!({ "orderCount": rows.len() })).into_response(),
        Err(m) => refuse(m),
    }
}
