//! The simulated ESM shipping API: `RequestOrders` (with the per-seller quota), `OrderCheck`
//! (1 → 2) and `ShippingInfo` (2 → 3).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{json, Value};

use super::auth::Sellers;
use super::{
    bad_request, count_refusal, envelope, int, kst, money, ok, parse_kst, refuse, take_order_quota, text,
    Authed, Body, Esm, CARRIERS,
};
use crate::domain::Site;
use crate::sim::world::{ShipmentRecord, SimOrder, SimShop, SimTracking, World};
use crate::sim::SimState;

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

pub(super) async fn request_orders(
    State(st): State<Arc<SimState>>,
    Authed(sellers, q): Authed<Esm, Body>,
) -> Response {
    let mut w = st.world();
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
        return super::unauthorized("요청한 사이트의 판매자 ID가 토큰(ssi)에 없습니다.");
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
    let page = crate::sim::page_with_faults(&mut w, shop, &matching, (page_index - 1) * page_size, page_size);
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

pub(super) async fn order_check(
    State(st): State<Arc<SimState>>,
    Path(order_no): Path<String>,
    Authed(sellers, _): Authed<Esm, Option<Body>>,
) -> Response {
    let mut w = st.world();
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
    w.shops[i].confirms.push(crate::sim::world::ConfirmRecord {
        order_no: no,
        line_key: None,
    });
    // `Data.IsChanged` (public clients of etapi.gmarket.com "주문확인"): false, nothing changed since
    // the order was listed.
    ok(json!({ "IsChanged": false }))
}

pub(super) async fn shipping_info(
    State(st): State<Arc<SimState>>,
    Authed(sellers, q): Authed<Esm, Body>,
) -> Response {
    let mut w = st.world();
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
