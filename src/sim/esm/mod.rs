//! The simulated Gmarket / Auction (ESM Plus) API, served under `/esm`: JWT auth as ESM checks
//! it, `RequestOrders` with its per-seller quota (one call per `esm_order_interval`, answered
//! `ResultCode` 3000), `OrderCheck` (1 → 2), `ShippingInfo` (2 → 3), the carrier list, goods
//! search and the two stock calls. Refusals are HTTP 200 with a non-zero `ResultCode`.

pub mod auth;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use serde_json::{json, Value};

use super::world::{ShipmentRecord, SimOrder, SimShop, SimTracking, StockRecord, World};
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
        .route("/shipping/v1/Order/RequestOrders", post(request_orders))
        .route("/shipping/v1/Order/OrderCheck/{order_no}", post(order_check))
        .route("/shipping/v1/Delivery/ShippingInfo", post(shipping_info))
        .route("/item/v1/shipping/delivery-company", get(delivery_companies))
        .route("/item/v1/goods/search", post(goods_search))
        .route("/item/v1/goods/{goods_no}/sell-status", put(sell_status))
        .route(
            "/item/v1/goods/{goods_no}/recommended-options",
            put(recommended_options),
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

// ---------------------------------------------------------------------------------------------
// Orders

/// One `RequestOrders` row of an order (ESM orders have exactly one line).
fn order_row(shop: &SimShop, o: &SimOrder) -> Value {
    let line = o.lines.first();
    let product = line.and_then(|l| shop.products.get(l.product));
    let option = line
        .and_then(|l| l.option)
        .and_then(|x| product.and_then(|p| p.options.get(x)));
    let qty = line.map(|l| l.quantity).unwrap_or(0);
    let price = line.map(|l| l.unit_price).unwrap_or(0);
    let status: i64 = o.status().parse().unwrap_or(0);
    let options = match option {
        Some(opt) => json!([{
            "ItemOptionValue": format!("{}/{}", opt.attr1, opt.attr2),
            "ItemOptionOrderCnt": qty,
            "ItemOptionCode": opt.option_code,
        }]),
        None => json!([]),
    };
    let (carrier, invoice) = match &o.tracking {
        Some(t) => {
            let name = t
                .carrier
                .parse::<u32>()
                .ok()
                .and_then(|c| CARRIERS.iter().find(|(k, _)| *k == c))
                .map(|(_, n)| n.to_string())
                .unwrap_or_else(|| t.carrier.clone());
            (name, t.number.clone())
        }
        None => (String::new(), String::new()),
    };
    let total = price * i64::from(qty);
    json!({
        "OrderNo": o.order_no.parse::<i64>().map(Value::from).unwrap_or_else(|_| Value::from(o.order_no.clone())),
        "PayNo": o.cart_no.parse::<i64>().map(Value::from).unwrap_or_else(|_| Value::from(o.cart_no.clone())),
        "OrderStatus": status,
        "SiteGoodsNo": product.map(|p| format!("{}{}", if shop.site == Site::Auction { "B" } else { "" }, p.product_id)).unwrap_or_default(),
        "GoodsNo": product.map(|p| p.product_id.clone()).unwrap_or_default(),
        "OutGoodsNo": product.map(|p| p.product_code.clone()).unwrap_or_default(),
        "GoodsName": product.map(|p| p.name.clone()).unwrap_or_default(),
        "ContrAmount": qty,
        "SalePrice": money(price),
        "OrderAmount": money(total),
        "AcntMoney": money(total),
        "SettlementPrice": money(total * 88 / 100),
        "ShippingFee": money(0),
        "OrderDate": kst(o.ordered_at, "%Y-%m-%dT%H:%M:%S"),
        "PayDate": kst(o.paid_at, "%Y-%m-%dT%H:%M:%S"),
        "OrderConfirmDate": "",
        "TransDueDate": kst(o.ordered_at + jiff::SignedDuration::from_hours(72), "%Y-%m-%dT%H:%M:%S"),
        "BuyerName": o.buyer.name,
        "BuyerId": format!("buyer{}", o.cart_no),
        "BuyerMobileTel": o.buyer.phone,
        "ReceiverName": o.receiver.name,
        "HpNo": o.receiver.phone,
        "TelNo": "",
        "ZipCode": o.receiver.zip,
        "DelFrontAddress": o.receiver.addr1,
        "DelBackAddress": o.receiver.addr2,
        "DelFullAddress": format!("{} {}", o.receiver.addr1, o.receiver.addr2),
        "DelMemo": o.message,
        "TakbaeName": carrier,
        "NoSongjang": invoice,
        "InventoryNo": option.map(|x| x.option_id.clone()).unwrap_or_default(),
        "SKUNo": "",
        "ItemOptionSelectList": options,
        "CancelYn": if o.cancelled { "Y" } else { "N" },
    })
}

async fn request_orders(State(st): State<Arc<SimState>>, headers: HeaderMap, body: Bytes) -> Response {
    let mut w = st.world();
    let sellers = match authenticate(&mut w, &headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let q = match parse_body(&body) {
        Ok(q) => q,
        Err(e) => return bad_request(&mut w, &sellers, e),
    };
    let site = match int(q.get("siteType")) {
        Some(1) => Site::Auction,
        Some(2) => Site::Gmarket,
        _ => {
            return bad_request(
                &mut w,
                &sellers,
                "siteType은 1(옥션) 또는 2(G마켓)이어야 합니다.".into(),
            )
        }
    };
    let Some(&(_, shop)) = sellers.iter().find(|(s, _)| *s == site) else {
        count_refusal(&mut w, &sellers);
        return (
            StatusCode::UNAUTHORIZED,
            [("content-type", "application/json; charset=utf-8")],
            json!({ "ResultCode": 1006, "Message": "요청한 사이트의 판매자 ID가 토큰(ssi)에 없습니다." })
                .to_string(),
        )
            .into_response();
    };
    let status = int(q.get("orderStatus")).unwrap_or(-1);
    if status == 0 {
        // By order number: any status, cancelled included; exempt from the quota.
        let Some(no) = text(q.get("orderNo")) else {
            return bad_request(
                &mut w,
                &sellers,
                "orderStatus 0 조회에는 orderNo가 필요합니다.".into(),
            );
        };
        let s = &w.shops[shop];
        let rows: Vec<Value> = s
            .orders
            .get(no.trim())
            .map(|o| order_row(s, o))
            .into_iter()
            .collect();
        return ok(json!({
            "SiteType": if site == Site::Auction { 1 } else { 2 },
            "PageIndex": 1, "PageSize": rows.len(), "TotalCount": rows.len(),
            "SellerId": s.shop_id, "RequestOrders": rows,
        }));
    }
    if !(1..=5).contains(&status) {
        return bad_request(
            &mut w,
            &sellers,
            format!("지원하지 않는 orderStatus입니다: {status}"),
        );
    }
    let date_type = int(q.get("requestDateType")).unwrap_or(1);
    if date_type != 1 && date_type != 2 {
        return bad_request(
            &mut w,
            &sellers,
            format!("지원하지 않는 requestDateType입니다: {date_type}"),
        );
    }
    let range = (
        text(q.get("requestDateFrom")).and_then(|s| parse_kst(&s, "%Y-%m-%d %H:%M")),
        text(q.get("requestDateTo")).and_then(|s| parse_kst(&s, "%Y-%m-%d %H:%M")),
    );
    let (Some(from), Some(to)) = range else {
        return bad_request(
            &mut w,
            &sellers,
            "requestDateFrom/requestDateTo는 'YYYY-MM-DD hh:mm' 형식이어야 합니다.".into(),
        );
    };
    if to < from || to.duration_since(from) > jiff::SignedDuration::from_hours(24 * 31) {
        return refuse(&mut w, &sellers, 1101, "조회 기간은 최대 31일까지 가능합니다.");
    }
    let page_index = int(q.get("pageIndex")).unwrap_or(1).max(1) as usize;
    // ASSUMPTION: at most 100 rows per page.
    let page_size = int(q.get("pageSize")).unwrap_or(100).clamp(1, 100) as usize;
    let seller = w.shops[shop].shop_id.clone();
    if !take_order_quota(&mut w, st.opts.esm_order_interval, &seller) {
        count_refusal(&mut w, &[(site, shop)]);
        return envelope(
            3000,
            "호출 제한을 초과하였습니다. 잠시 후 다시 시도해주세요. (판매자 ID당 5초에 1회)",
            Value::Null,
        );
    }
    let code = status.to_string();
    let minute = |t: jiff::Timestamp| kst(t, "%Y-%m-%d %H:%M");
    let (from_m, to_m) = (minute(from), minute(to));
    let mut matching: Vec<(jiff::Timestamp, String)> = w.shops[shop]
        .orders
        .values()
        .filter(|o| !o.cancelled && o.status() == code)
        .filter(|o| {
            let m = minute(if date_type == 2 { o.paid_at } else { o.ordered_at });
            from_m <= m && m <= to_m
        })
        .map(|o| (o.ordered_at, o.order_no.clone()))
        .collect();
    matching.sort();
    let matching: Vec<String> = matching.into_iter().map(|(_, n)| n).collect();
    let total = matching.len();
    let page = super::page_with_faults(&mut w, shop, &matching, (page_index - 1) * page_size, page_size);
    let s = &w.shops[shop];
    let rows: Vec<Value> = page
        .iter()
        .filter_map(|n| s.orders.get(n))
        .map(|o| order_row(s, o))
        .collect();
    ok(json!({
        "SiteType": if site == Site::Auction { 1 } else { 2 },
        "PageIndex": page_index, "PageSize": page_size, "TotalCount": total,
        "SellerId": s.shop_id, "RequestOrders": rows,
    }))
}

/// The shop (among the token's sellers) holding `order_no`.
fn order_shop(w: &World, sellers: &Sellers, order_no: &str) -> Option<usize> {
    sellers
        .iter()
        .map(|(_, i)| *i)
        .find(|i| w.shops[*i].orders.contains_key(order_no))
}

const UNKNOWN_ORDER: (i64, &str) = (2001, "존재하지 않는 주문번호입니다.");
const CANCELLED_ORDER: (i64, &str) = (2004, "취소된 주문입니다.");

async fn order_check(
    State(st): State<Arc<SimState>>,
    Path(order_no): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut w = st.world();
    let sellers = match authenticate(&mut w, &headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    if !body.is_empty() {
        if let Err(e) = parse_body(&body) {
            return bad_request(&mut w, &sellers, e);
        }
    }
    let Some(i) = order_shop(&w, &sellers, order_no.trim()) else {
        return refuse(&mut w, &sellers, UNKNOWN_ORDER.0, UNKNOWN_ORDER.1);
    };
    let Some(order) = w.shops[i].orders.get_mut(order_no.trim()) else {
        return refuse(&mut w, &sellers, UNKNOWN_ORDER.0, UNKNOWN_ORDER.1);
    };
    if order.cancelled {
        return refuse(&mut w, &sellers, CANCELLED_ORDER.0, CANCELLED_ORDER.1);
    }
    let status = order.status();
    if status != "1" {
        let msg = format!("주문확인 처리할 수 없는 주문상태입니다. (현재 상태: {status})");
        return refuse(&mut w, &sellers, 2002, &msg);
    }
    for line in &mut order.lines {
        line.status = "2".into();
    }
    let no = order.order_no.clone();
    w.shops[i].confirms.push(super::world::ConfirmRecord {
        order_no: no.clone(),
        line_key: None,
    });
    ok(json!({ "OrderNo": no.parse::<i64>().unwrap_or(0) }))
}

async fn shipping_info(State(st): State<Arc<SimState>>, headers: HeaderMap, body: Bytes) -> Response {
    let mut w = st.world();
    let sellers = match authenticate(&mut w, &headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let q = match parse_body(&body) {
        Ok(q) => q,
        Err(e) => return bad_request(&mut w, &sellers, e),
    };
    let Some(order_no) = text(q.get("OrderNo")) else {
        return bad_request(&mut w, &sellers, "OrderNo가 필요합니다.".into());
    };
    let Some(i) = order_shop(&w, &sellers, order_no.trim()) else {
        return refuse(&mut w, &sellers, UNKNOWN_ORDER.0, UNKNOWN_ORDER.1);
    };
    let Some(order) = w.shops[i].orders.get(order_no.trim()) else {
        return refuse(&mut w, &sellers, UNKNOWN_ORDER.0, UNKNOWN_ORDER.1);
    };
    if order.cancelled {
        return refuse(&mut w, &sellers, CANCELLED_ORDER.0, CANCELLED_ORDER.1);
    }
    let status = order.status();
    if status != "2" {
        let msg = format!(
            "발송처리할 수 없는 주문상태입니다. 주문확인 후 발송처리 해주세요. (현재 상태: {status})"
        );
        return refuse(&mut w, &sellers, 2003, &msg);
    }
    let date = text(q.get("ShippingDate")).and_then(|s| parse_kst(&s, "%Y-%m-%dT%H:%M:%S"));
    let Some(date) = date else {
        return refuse(
            &mut w,
            &sellers,
            2005,
            "ShippingDate는 'YYYY-MM-DDThh:mm:ss' 형식이어야 합니다.",
        );
    };
    // ASSUMPTION: "within 2 days of the call" means at most 2 days before or after it.
    if (date.as_second() - jiff::Timestamp::now().as_second()).abs() > 2 * 86_400 {
        return refuse(
            &mut w,
            &sellers,
            2005,
            "발송일은 호출일 기준 2일 이내여야 합니다.",
        );
    }
    let carrier_raw = q.get("DeliveryCompanyCode").map(|v| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    let known = match q.get("DeliveryCompanyCode") {
        Some(Value::Number(n)) => n
            .as_u64()
            .is_some_and(|c| CARRIERS.iter().any(|(k, _)| u64::from(*k) == c)),
        _ => false,
    };
    let (Some(carrier), true) = (carrier_raw, known) else {
        return refuse(
            &mut w,
            &sellers,
            2006,
            "유효하지 않은 택배사 코드(DeliveryCompanyCode)입니다.",
        );
    };
    let invoice = match q.get("InvoiceNo") {
        Some(Value::String(s)) if !s.trim().is_empty() && s.len() <= 50 => s.clone(),
        _ => return refuse(&mut w, &sellers, 2007, "송장번호(InvoiceNo)가 올바르지 않습니다."),
    };
    let shop = &mut w.shops[i];
    if let Some(order) = shop.orders.get_mut(order_no.trim()) {
        for line in &mut order.lines {
            line.status = "3".into();
        }
        order.tracking = Some(SimTracking {
            carrier: carrier.clone(),
            number: invoice.clone(),
        });
    }
    shop.shipments.push(ShipmentRecord {
        order_no: order_no.trim().to_string(),
        line_key: None,
        carrier,
        tracking: invoice,
    });
    ok(json!({ "OrderNo": order_no.trim().parse::<i64>().unwrap_or(0) }))
}

// ---------------------------------------------------------------------------------------------
// Items

async fn delivery_companies(State(st): State<Arc<SimState>>, headers: HeaderMap) -> Response {
    let mut w = st.world();
    if let Err(r) = authenticate(&mut w, &headers) {
        return *r;
    }
    let list: Vec<Value> = CARRIERS
        .iter()
        .map(|(c, n)| json!({ "deliveryCompCode": c, "deliveryCompName": n }))
        .collect();
    ok(json!({ "deliveryCompanies": list }))
}

fn site_key(site: Site) -> &'static str {
    if site == Site::Auction {
        "iac"
    } else {
        "gmkt"
    }
}

async fn goods_search(State(st): State<Arc<SimState>>, headers: HeaderMap, body: Bytes) -> Response {
    let mut w = st.world();
    let sellers = match authenticate(&mut w, &headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let q = if body.is_empty() {
        serde_json::Map::new()
    } else {
        match parse_body(&body) {
            Ok(q) => q,
            Err(e) => return bad_request(&mut w, &sellers, e),
        }
    };
    let codes: Vec<String> = q
        .get("managedCode")
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|v| text(Some(v))).collect())
        .unwrap_or_default();
    let page_index = int(q.get("pageIndex")).unwrap_or(1).max(1) as usize;
    let page_size = int(q.get("pageSize")).unwrap_or(100).clamp(1, 100) as usize;
    let mut goods = Vec::new();
    for (site, i) in &sellers {
        let key = site_key(*site);
        for p in &w.shops[*i].products {
            if !codes.is_empty() && !codes.contains(&p.product_code) {
                continue;
            }
            let options: Vec<Value> = p
                .options
                .iter()
                .map(|o| {
                    json!({
                        "optionNo": o.option_id, "manageCode": o.option_code,
                        "optionValue": format!("{}/{}", o.attr1, o.attr2),
                        "qty": { key: o.stock }, "isSoldOut": o.stock == 0,
                    })
                })
                .collect();
            goods.push(json!({
                "goodsNo": p.product_id, "managedCode": p.product_code, "goodsName": p.name,
                "sellStatus": if p.stock > 0 || p.options.iter().any(|o| o.stock > 0) { 11 } else { 21 },
                "stock": { key: p.stock }, "options": options,
            }));
        }
    }
    let total = goods.len();
    let page: Vec<Value> = goods
        .into_iter()
        .skip((page_index - 1) * page_size)
        .take(page_size)
        .collect();
    ok(json!({ "totalCount": total, "goods": page }))
}

/// The shop (among the token's sellers) holding goods `goods_no`, with the product index.
fn goods_shop(w: &World, sellers: &Sellers, goods_no: &str) -> Option<(Site, usize, usize)> {
    sellers.iter().find_map(|(site, i)| {
        w.shops[*i]
            .products
            .iter()
            .position(|p| p.product_id == goods_no)
            .map(|p| (*site, *i, p))
    })
}

const UNKNOWN_GOODS: (i64, &str) = (2011, "존재하지 않는 상품번호입니다.");

async fn sell_status(
    State(st): State<Arc<SimState>>,
    Path(goods_no): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut w = st.world();
    let sellers = match authenticate(&mut w, &headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let q = match parse_body(&body) {
        Ok(q) => q,
        Err(e) => return bad_request(&mut w, &sellers, e),
    };
    let Some((site, i, p)) = goods_shop(&w, &sellers, goods_no.trim()) else {
        return refuse(&mut w, &sellers, UNKNOWN_GOODS.0, UNKNOWN_GOODS.1);
    };
    let key = site_key(site);
    if !w.shops[i].products[p].options.is_empty() {
        // ASSUMPTION: goods with options take stock only through recommended-options.
        return refuse(
            &mut w,
            &sellers,
            2013,
            "옵션 상품의 재고는 옵션 재고로 수정해주세요.",
        );
    }
    let Some(is_sell) = q.get("isSell").and_then(|v| v.get(key)).and_then(|v| v.as_bool()) else {
        return refuse(&mut w, &sellers, 2010, "isSell 값이 없습니다.");
    };
    let quantity = if is_sell {
        match q.get("stock").and_then(|v| v.get(key)).and_then(|v| v.as_i64()) {
            Some(n) if (1..=99_999).contains(&n) => n,
            _ => return refuse(&mut w, &sellers, 2010, "재고수량은 1~99999 사이로 입력해주세요."),
        }
    } else {
        0
    };
    let shop = &mut w.shops[i];
    shop.products[p].stock = quantity;
    shop.stock_updates.push(StockRecord {
        product_id: goods_no.trim().to_string(),
        option_id: None,
        quantity,
    });
    ok(json!({ "goodsNo": goods_no.trim() }))
}

async fn recommended_options(
    State(st): State<Arc<SimState>>,
    Path(goods_no): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut w = st.world();
    let sellers = match authenticate(&mut w, &headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let q = match parse_body(&body) {
        Ok(q) => q,
        Err(e) => return bad_request(&mut w, &sellers, e),
    };
    let Some((site, i, p)) = goods_shop(&w, &sellers, goods_no.trim()) else {
        return refuse(&mut w, &sellers, UNKNOWN_GOODS.0, UNKNOWN_GOODS.1);
    };
    let key = site_key(site);
    let Some(details) = q.get("details").and_then(|v| v.as_array()) else {
        return refuse(&mut w, &sellers, 2012, "details가 필요합니다.");
    };
    // Check every detail first: the call is applied whole or not at all.
    let mut changes = Vec::new();
    for d in details {
        let code = text(d.get("manageCode")).unwrap_or_default();
        let Some(x) = w.shops[i].products[p]
            .options
            .iter()
            .position(|o| o.option_code == code)
        else {
            let msg = format!("옵션 관리코드를 찾을 수 없습니다: {code}");
            return refuse(&mut w, &sellers, 2012, &msg);
        };
        let sold_out = d.get("isSoldOut").and_then(|v| v.as_bool()).unwrap_or(false);
        let qty = match d.get("qty").and_then(|v| v.get(key)).and_then(|v| v.as_i64()) {
            Some(n) if (0..=99_999).contains(&n) => n,
            _ => {
                return refuse(
                    &mut w,
                    &sellers,
                    2010,
                    "옵션 재고수량은 0~99999 사이로 입력해주세요.",
                )
            }
        };
        changes.push((x, if sold_out { 0 } else { qty }));
    }
    let shop = &mut w.shops[i];
    for (x, qty) in changes {
        shop.products[p].options[x].stock = qty;
        let option_id = shop.products[p].options[x].option_id.clone();
        shop.stock_updates.push(StockRecord {
            product_id: goods_no.trim().to_string(),
            option_id: Some(option_id),
            quantity: qty,
        });
    }
    ok(json!({ "goodsNo": goods_no.trim() }))
}
