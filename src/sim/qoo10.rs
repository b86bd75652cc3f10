//! The simulated Qoo10 QAPI, path style: `POST /qoo10/{Service.Method}` with the seller key in
//! `GiosisCertificationKey` and a form body. Every answer is HTTP 200 with the
//! `{"ResultCode","ResultMsg","ResultObject"}` envelope, errors included.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use rand::Rng;
use serde_json::{json, Value};

use super::world::{ConfirmRecord, ShipmentRecord, SimOrder, SimTracking, StockRecord, World};
use super::SimState;
use crate::domain::Site;

/// The answer to a call made with an expired seller key.
pub const EXPIRED_MESSAGE: &str = "Seller authorization key is expired. Use a new key";
/// The answer to an unknown or missing key.
pub const CHECK_KEY_MESSAGE: &str = "Please check the API key (GiosisCertificationKey).";
/// Time format of the answers (JST).
const ANSWER_TIME: &str = "%Y-%m-%d %H:%M:%S";
/// Option axis names the simulated catalogue uses.
// ASSUMPTION: (simulator) option rows are named カラー / サイズ, as a JP seller would set them.
const AXES: [&str; 2] = ["カラー", "サイズ"];

/// The routes under the site's prefix.
pub fn routes() -> Router<Arc<SimState>> {
    Router::new().route("/{method}", post(call))
}

type Form = HashMap<String, String>;

fn envelope(code: i64, message: &str, object: Value) -> Response {
    Json(json!({ "ResultCode": code, "ResultMsg": message, "ResultObject": object })).into_response()
}

fn ok(object: Value) -> Response {
    envelope(0, "SUCCESS", object)
}

/// A refused call: counted against the shop.
fn refuse(w: &mut World, shop: usize, code: i64, message: &str) -> Response {
    w.shops[shop].rejected += 1;
    envelope(code, message, Value::Null)
}

async fn call(
    State(st): State<Arc<SimState>>,
    Path(method): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form: Form = url::form_urlencoded::parse(&body).into_owned().collect();
    let key = headers
        .get("GiosisCertificationKey")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim()
        .to_string();
    let mut w = st.world();
    handle(&mut w, &method, &key, &form)
}

fn handle(w: &mut World, method: &str, key: &str, form: &Form) -> Response {
    if method == "CertificationAPI.CreateCertificationKey" {
        return create_key(w, key, form);
    }
    let found = w.shops.iter().position(|s| {
        s.site == Site::Qoo10
            && !key.is_empty()
            && s.credentials.get("seller_key").map(String::as_str) == Some(key)
    });
    let Some(i) = found else {
        // The key names no shop: nothing to count the refusal against.
        return envelope(-10000, CHECK_KEY_MESSAGE, Value::Null);
    };
    let expired_fault = w.faults.get(&Site::Qoo10).is_some_and(|f| f.expired_key);
    if expired_fault || w.shops[i].key_expired {
        return refuse(w, i, -90004, EXPIRED_MESSAGE);
    }
    match method {
        "ShippingBasic.GetShippingInfo_v3" => shipping_info(w, i, form),
        "ShippingBasic.SetSellerCheckYNBulk" => confirm_bulk(w, i, form),
        "ShippingBasic.SetSellerCheckYN_V2" => {
            let item = confirm_one(
                w,
                i,
                form.get("OrderNo").map(String::as_str).unwrap_or(""),
                form.get("EstShipDt").map(String::as_str).unwrap_or(""),
            );
            single(w, i, item)
        }
        "ShippingBasic.SetSendingInfoBulk" => sending_bulk(w, i, form),
        "ShippingBasic.SetSendingInfo" => {
            let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
            let item = send_one(w, i, get("OrderNo"), get("ShippingCorp"), get("TrackingNo"));
            single(w, i, item)
        }
        "ItemsLookup.GetAllGoodsInfo" => all_goods(w, i, form),
        "ItemsLookup.GetGoodsInventoryInfo" => inventory(w, i, form),
        "ItemsOptions.UpdateInventoryQtyUnit" => option_qty(w, i, form),
        "ItemsOrder.SetGoodsPriceQty" => item_price_qty(w, i, form),
        _ => refuse(w, i, -90001, "API does not exist"),
    }
}

/// A single-order write answered with the envelope of its one item.
fn single(w: &mut World, i: usize, (code, message): (i64, String)) -> Response {
    if code == 0 {
        ok(Value::Null)
    } else {
        refuse(w, i, code, &message)
    }
}

fn jst() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::fixed(jiff::tz::offset(9))
}

fn jst_text(t: jiff::Timestamp) -> String {
    t.to_zoned(jst()).strftime(ANSWER_TIME).to_string()
}

/// A search bound: `yyyyMMddHHmmss`, or `yyyyMMdd` (the day's start, or its last second for an end).
fn search_time(text: &str, end: bool) -> Option<jiff::Timestamp> {
    let t = text.trim();
    if let Ok(dt) = jiff::civil::DateTime::strptime("%Y%m%d%H%M%S", t) {
        return dt.to_zoned(jst()).ok().map(|z| z.timestamp());
    }
    // ASSUMPTION: a date-only end covers that whole day.
    let d = jiff::civil::Date::strptime("%Y%m%d", t).ok()?;
    let dt = if end {
        d.to_datetime(jiff::civil::time(23, 59, 59, 0))
    } else {
        d.to_datetime(jiff::civil::time(0, 0, 0, 0))
    };
    dt.to_zoned(jst()).ok().map(|z| z.timestamp())
}

fn status_text(code: &str) -> String {
    let name = match code {
        "1" => "Awaiting shipping",
        "2" => "On request",
        "3" => "Seller confirm",
        "4" => "On delivery",
        "5" => "Delivered",
        _ => "Unknown",
    };
    format!("{name}({code})")
}

fn floor_second(t: jiff::Timestamp) -> i64 {
    t.as_second() - i64::from(t.subsec_nanosecond() < 0)
}

fn shipping_info(w: &mut World, i: usize, form: &Form) -> Response {
    let get = |k: &str| form.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
    let status = get("ShippingStatus");
    let wanted: Vec<&str> = match status.as_str() {
        "" | "0" => vec!["1", "2", "3"],
        s @ ("1" | "2" | "3" | "4" | "5") => vec![s],
        _ => return refuse(w, i, -10001, "ShippingStatus is invalid"),
    };
    let (Some(from), Some(to)) = (
        search_time(&get("SearchStartDate"), false),
        search_time(&get("SearchEndDate"), true),
    ) else {
        return refuse(
            w,
            i,
            -10001,
            "SearchStartDate / SearchEndDate must be yyyyMMdd or yyyyMMddHHmmss",
        );
    };
    let by_payment = match get("SearchCondition").as_str() {
        "" | "1" => false,
        "2" => true,
        _ => {
            return refuse(
                w,
                i,
                -10001,
                "SearchCondition is invalid (1 order date, 2 payment date)",
            )
        }
    };
    let (from, to) = (from.as_second(), to.as_second());
    let mut matching: Vec<(jiff::Timestamp, String)> = w.shops[i]
        .orders
        .values()
        .filter(|o| !o.cancelled && wanted.contains(&o.status().as_str()))
        .filter_map(|o| {
            let t = if by_payment { o.paid_at } else { o.ordered_at };
            let s = floor_second(t);
            (from <= s && s <= to).then(|| (o.ordered_at, o.order_no.clone()))
        })
        .collect();
    matching.sort();
    let matching: Vec<String> = matching.into_iter().map(|(_, n)| n).collect();
    // No paging on Qoo10: the whole answer is one "page" (the status flip may still move an order
    // while the answer is read; the row then shows its new status).
    let mut page = super::page_with_faults(w, i, &matching, 0, matching.len());
    let dup = w
        .faults
        .get(&Site::Qoo10)
        .map(|f| f.duplicate_page)
        .unwrap_or(0.0);
    if page.len() > 1 && w.roll(dup) {
        let at = w.rng.random_range(0..page.len());
        let copy = page[at].clone();
        let to = w.rng.random_range(0..=page.len());
        page.insert(to, copy);
    }
    let shop = &w.shops[i];
    let rows: Vec<Value> = page
        .iter()
        .filter_map(|no| shop.orders.get(no))
        .map(|o| order_row(shop, o))
        .collect();
    ok(Value::Array(rows))
}

fn order_row(shop: &super::world::SimShop, o: &SimOrder) -> Value {
    let Some(line) = o.lines.first() else {
        return json!({ "OrderNo": o.order_no });
    };
    let product = shop.products.get(line.product);
    let option = line.option.and_then(|x| product.and_then(|p| p.options.get(x)));
    let total = line.unit_price * i64::from(line.quantity);
    let (carrier, tracking) = o
        .tracking
        .as_ref()
        .map(|t| (t.carrier.clone(), t.number.clone()))
        .unwrap_or_default();
    json!({
        "OrderNo": o.order_no.parse::<u64>().map(Value::from).unwrap_or_else(|_| Value::from(o.order_no.clone())),
        "PackNo": o.cart_no.parse::<u64>().map(Value::from).unwrap_or_else(|_| Value::from(o.cart_no.clone())),
        "ShippingStatus": status_text(&line.status),
        "OrderDate": jst_text(o.ordered_at),
        "PaymentDate": jst_text(o.paid_at),
        "EstimatedShippingDate": "",
        "Buyer": o.buyer.name,
        "BuyerTel": "",
        "BuyerMobile": o.buyer.phone,
        "BuyerEmail": "",
        "ItemNo": product.map(|p| p.product_id.clone()).unwrap_or_default(),
        "SellerItemCode": product.map(|p| p.product_code.clone()).unwrap_or_default(),
        "ItemTitle": product.map(|p| p.name.clone()).unwrap_or_default(),
        "Option": option.map(|x| format!("{}:{} / {}:{}", AXES[0], x.attr1, AXES[1], x.attr2)).unwrap_or_default(),
        "OptionCode": option.map(|x| x.option_code.clone()).unwrap_or_default(),
        "OrderPrice": line.unit_price,
        "OrderQty": line.quantity,
        "Discount": 0,
        "Total": total,
        "Receiver": o.receiver.name,
        "ReceiverKana": "",
        "ZipCode": o.receiver.zip,
        "ShippingAddress": format!("{} {}", o.receiver.addr1, o.receiver.addr2),
        "Address1": o.receiver.addr1,
        "Address2": o.receiver.addr2,
        "ReceiverTel": "",
        "ReceiverMobile": o.receiver.phone,
        "ShippingMessage": o.message,
        "PaymentMethod": "Credit Card",
        "Currency": "JPY",
        "DeliveryCompany": carrier,
        "TrackingNo": tracking,
        "SettlePrice": total,
    })
}

/// A JSON value as text (numbers allowed).
fn value_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The JSON array parameter of a bulk call, at most 500 entries; else the site's refusal.
fn bulk_param(form: &Form, name: &str) -> Result<Vec<Value>, (i64, String)> {
    let parsed = form.get(name).and_then(|s| serde_json::from_str::<Value>(s).ok());
    match parsed {
        Some(Value::Array(a)) if a.len() <= 500 => Ok(a),
        Some(Value::Array(_)) => Err((-10011, "Up to 500 orders can be processed at once".into())),
        _ => Err((-10001, format!("{name} is not a JSON array"))),
    }
}

// ASSUMPTION: (simulator) per-item codes other than -10012/-10013/-10018 are not public; we use
// -10001 for an unknown order, -10014 for shipping an unconfirmed order, -10015 for an order
// already shipped and -10016 for a cancelled one, each with an English message.
fn confirm_one(w: &mut World, i: usize, order_no: &str, est: &str) -> (i64, String) {
    if !est.is_empty() {
        let today = jiff::Timestamp::now().to_zoned(jst()).date();
        match jiff::civil::Date::strptime("%Y%m%d", est) {
            Ok(d) if d > today => {}
            _ => return (-10018, "EstShipDt must be a date after today".into()),
        }
    }
    let shop = &mut w.shops[i];
    let Some(order) = shop.orders.get_mut(order_no) else {
        return (-10001, format!("OrderNo {order_no} does not exist"));
    };
    if order.cancelled {
        return (-10013, "The order is not in New Order (2) status".into());
    }
    match order.status().as_str() {
        "2" => {}
        "3" => return (-10012, "The order is already confirmed".into()),
        _ => return (-10013, "The order is not in New Order (2) status".into()),
    }
    for l in &mut order.lines {
        l.status = "3".into();
    }
    shop.confirms.push(ConfirmRecord {
        order_no: order_no.to_string(),
        line_key: None,
    });
    (0, "SUCCESS".into())
}

fn confirm_bulk(w: &mut World, i: usize, form: &Form) -> Response {
    let items = match bulk_param(form, "SendPlanDtInfoJson") {
        Ok(a) => a,
        Err((code, message)) => return refuse(w, i, code, &message),
    };
    let results: Vec<Value> = items
        .iter()
        .map(|item| {
            let no = value_text(item.get("OrderNo"));
            let est = value_text(item.get("EstShipDt"));
            let (code, msg) = confirm_one(w, i, &no, &est);
            json!({ "cont_no": no, "result_cd": code, "ResultCode": code, "ResultMsg": msg })
        })
        .collect();
    ok(Value::Array(results))
}

fn send_one(w: &mut World, i: usize, order_no: &str, corp: &str, tracking: &str) -> (i64, String) {
    if corp.trim().is_empty() || corp.chars().count() > 200 {
        return (-10001, "ShippingCorp must be 1-200 characters".into());
    }
    if tracking.trim().is_empty() || tracking.chars().count() > 50 {
        return (-10001, "TrackingNo must be 1-50 characters".into());
    }
    let shop = &mut w.shops[i];
    let Some(order) = shop.orders.get_mut(order_no) else {
        return (-10001, format!("OrderNo {order_no} does not exist"));
    };
    if order.cancelled {
        return (-10016, "The order has been cancelled".into());
    }
    match order.status().as_str() {
        "3" => {}
        "1" | "2" => {
            return (
                -10014,
                "The order is not confirmed by the seller (Seller confirm(3))".into(),
            )
        }
        _ => return (-10015, "Shipping information is already registered".into()),
    }
    for l in &mut order.lines {
        l.status = "4".into();
    }
    order.tracking = Some(SimTracking {
        carrier: corp.to_string(),
        number: tracking.to_string(),
    });
    shop.shipments.push(ShipmentRecord {
        order_no: order_no.to_string(),
        line_key: None,
        carrier: corp.to_string(),
        tracking: tracking.to_string(),
    });
    (0, "SUCCESS".into())
}

fn sending_bulk(w: &mut World, i: usize, form: &Form) -> Response {
    let items = match bulk_param(form, "ShippingInfoJson") {
        Ok(a) => a,
        Err((code, message)) => return refuse(w, i, code, &message),
    };
    let results: Vec<Value> = items
        .iter()
        .map(|item| {
            let no = value_text(item.get("OrderNo"));
            let corp = value_text(item.get("ShippingCorp"));
            let (code, msg) = send_one(w, i, &no, &corp, &value_text(item.get("TrackingNo")));
            json!({ "contr_no": no, "result_cd": code, "transc_nm": corp, "ResultCode": code, "ResultMsg": msg })
        })
        .collect();
    ok(Value::Array(results))
}

fn all_goods(w: &mut World, i: usize, form: &Form) -> Response {
    let status = form.get("ItemStatus").map(|s| s.trim()).unwrap_or("");
    if !["S0", "S1", "S2", "S3", "S5", "S8"].contains(&status) {
        return refuse(w, i, -10001, "ItemStatus is invalid");
    }
    let page: usize = match form.get("Page").map(|s| s.trim()).unwrap_or("1").parse() {
        Ok(p) if p >= 1 => p,
        _ => return refuse(w, i, -10001, "Page is invalid"),
    };
    // Every simulated item is on sale (S2).
    let items: Vec<Value> = if status == "S2" {
        w.shops[i]
            .products
            .iter()
            .map(|p| {
                json!({
                    "ItemCode": p.product_id, "SellerCode": p.product_code, "ItemStatus": "S2",
                    "ItemTitle": p.name, "ItemPrice": p.price,
                    "ItemQty": if p.options.is_empty() { p.stock } else { p.options.iter().map(|o| o.stock).sum() },
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let total = items.len();
    let pages = total.div_ceil(500).max(1);
    let items: Vec<Value> = items.into_iter().skip((page - 1) * 500).take(500).collect();
    ok(json!({ "TotalItems": total, "TotalPages": pages, "PresentPage": page, "Items": items }))
}

fn product_index(w: &World, i: usize, form: &Form) -> Option<usize> {
    let item = form.get("ItemCode").map(|s| s.trim()).unwrap_or("");
    let seller = form.get("SellerCode").map(|s| s.trim()).unwrap_or("");
    w.shops[i].products.iter().position(|p| {
        (!item.is_empty() && p.product_id == item)
            || (item.is_empty() && !seller.is_empty() && p.product_code == seller)
    })
}

fn inventory(w: &mut World, i: usize, form: &Form) -> Response {
    let Some(p) = product_index(w, i, form) else {
        return refuse(w, i, -10001, "The item does not exist");
    };
    let rows: Vec<Value> = w.shops[i].products[p]
        .options
        .iter()
        .map(|o| {
            json!({
                "Name1": AXES[0], "Value1": o.attr1, "Name2": AXES[1], "Value2": o.attr2,
                "Name3": "", "Value3": "", "Name4": "", "Value4": "", "Name5": "", "Value5": "",
                "Price": 0, "Qty": o.stock, "ItemTypeCode": o.option_code,
            })
        })
        .collect();
    ok(Value::Array(rows))
}

fn quantity(form: &Form) -> Option<i64> {
    form.get("Qty")?.trim().parse::<i64>().ok().filter(|q| *q >= 0)
}

fn option_qty(w: &mut World, i: usize, form: &Form) -> Response {
    let Some(p) = product_index(w, i, form) else {
        return refuse(w, i, -10001, "The item does not exist");
    };
    let Some(qty) = quantity(form) else {
        return refuse(w, i, -10001, "Qty must be a number of 0 or more");
    };
    let get = |k: &str| form.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
    let (code, name, value) = (get("OptionCode"), get("OptionName"), get("OptionValue"));
    let axes = AXES.join("||*");
    let product = &mut w.shops[i].products[p];
    // ASSUMPTION: (simulator) a given OptionCode picks the row; otherwise name + value do.
    let found = product.options.iter_mut().find(|o| {
        if code.is_empty() {
            name == axes && value == format!("{}||*{}", o.attr1, o.attr2)
        } else {
            o.option_code == code
        }
    });
    let Some(option) = found else {
        return refuse(w, i, -10001, "The option does not exist");
    };
    option.stock = qty;
    let record = StockRecord {
        product_id: product.product_id.clone(),
        option_id: Some(option.option_id.clone()),
        quantity: qty,
    };
    w.shops[i].stock_updates.push(record);
    ok(Value::Null)
}

fn item_price_qty(w: &mut World, i: usize, form: &Form) -> Response {
    let Some(p) = product_index(w, i, form) else {
        return refuse(w, i, -10001, "The item does not exist");
    };
    let Some(qty) = quantity(form) else {
        return refuse(w, i, -10001, "Qty must be a number of 0 or more");
    };
    let price = form.get("Price").map(|s| s.trim()).unwrap_or("");
    let price = if price.is_empty() {
        None
    } else {
        match price.parse::<i64>() {
            Ok(v) if v > 0 => Some(v),
            _ => return refuse(w, i, -10001, "Price is invalid"),
        }
    };
    let product = &mut w.shops[i].products[p];
    if !product.options.is_empty() {
        // ASSUMPTION: (simulator) items with options take their stock per option only.
        return refuse(w, i, -10001, "The item has options: use UpdateInventoryQtyUnit");
    }
    product.stock = qty;
    if let Some(price) = price {
        product.price = price;
    }
    let record = StockRecord {
        product_id: product.product_id.clone(),
        option_id: None,
        quantity: qty,
    };
    w.shops[i].stock_updates.push(record);
    ok(Value::Null)
}

fn create_key(w: &mut World, key: &str, form: &Form) -> Response {
    if key.is_empty() || key != w.integrator.qoo10_api_key {
        return envelope(-10000, CHECK_KEY_MESSAGE, Value::Null);
    }
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    // ASSUMPTION: (simulator) the integrator's QSM login belongs to the first Qoo10 shop; a wrong
    // login answers -10002.
    let Some(i) = w.shops.iter().position(|s| s.site == Site::Qoo10) else {
        return envelope(-10002, "user_id or pwd is incorrect", Value::Null);
    };
    if get("user_id") != w.integrator.qoo10_user_id || get("pwd") != w.integrator.qoo10_password {
        return refuse(w, i, -10002, "user_id or pwd is incorrect");
    }
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let body: String = (0..28)
        .map(|_| ALPHABET[w.rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    let new_key = format!("SAK-{body}");
    let shop = &mut w.shops[i];
    shop.credentials.insert("seller_key".into(), new_key.clone());
    shop.key_expired = false;
    ok(Value::String(new_key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world() -> World {
        World::new(
            3,
            4,
            jiff::Timestamp::from_second(1_800_000_000).unwrap_or_default(),
        )
    }

    fn qoo10(w: &World) -> (usize, String) {
        let i = w.shops.iter().position(|s| s.site == Site::Qoo10).unwrap();
        (i, w.shops[i].credentials["seller_key"].clone())
    }

    async fn answer(r: Response) -> Value {
        let b = axum::body::to_bytes(r.into_body(), 1 << 20).await.unwrap();
        serde_json::from_slice(&b).unwrap()
    }

    fn form(pairs: &[(&str, &str)]) -> Form {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[tokio::test]
    async fn keys_are_checked_before_anything_else() {
        let mut w = world();
        let (i, key) = qoo10(&w);
        let r = answer(handle(&mut w, "ItemsLookup.GetAllGoodsInfo", "nope", &form(&[]))).await;
        assert_eq!(r["ResultCode"], -10000);
        w.shops[i].key_expired = true;
        let r = answer(handle(&mut w, "ItemsLookup.GetAllGoodsInfo", &key, &form(&[]))).await;
        assert_eq!(
            (r["ResultCode"].as_i64(), r["ResultMsg"].as_str()),
            (Some(-90004), Some(EXPIRED_MESSAGE))
        );
        w.shops[i].key_expired = false;
        let r = answer(handle(&mut w, "ShippingBasic.Nope", &key, &form(&[]))).await;
        assert_eq!(r["ResultCode"], -90001);
        assert_eq!(w.shops[i].rejected, 2);
    }

    #[tokio::test]
    async fn bulk_limits_and_per_item_codes() {
        let mut w = world();
        let (i, key) = qoo10(&w);
        let many: Vec<Value> = (0..501).map(|n| json!({"OrderNo": n.to_string()})).collect();
        let json_many = serde_json::to_string(&many).unwrap();
        let f = form(&[("SendPlanDtInfoJson", json_many.as_str())]);
        let r = answer(handle(&mut w, "ShippingBasic.SetSellerCheckYNBulk", &key, &f)).await;
        assert_eq!(r["ResultCode"], -10011);
        let no = w.shops[i].orders.keys().next().unwrap().clone();
        for l in &mut w.shops[i].orders.get_mut(&no).unwrap().lines {
            l.status = "4".into();
        }
        let one = format!(r#"[{{"OrderNo":"{no}"}},{{"OrderNo":"1"}}]"#);
        let f = form(&[("SendPlanDtInfoJson", one.as_str())]);
        let r = answer(handle(&mut w, "ShippingBasic.SetSellerCheckYNBulk", &key, &f)).await;
        assert_eq!(r["ResultCode"], 0);
        assert_eq!(r["ResultObject"][0]["ResultCode"], -10013);
        assert_eq!(r["ResultObject"][1]["ResultCode"], -10001);
        assert!(w.shops[i].confirms.is_empty());
    }

    #[test]
    fn search_bounds() {
        let end = search_time("20261120", true).unwrap();
        assert_eq!(end.to_string(), "2026-11-20T14:59:59Z");
        let start = search_time("20261120", false).unwrap();
        assert_eq!(start.to_string(), "2026-11-19T15:00:00Z");
        assert_eq!(
            search_time("20261120101530", false).unwrap().to_string(),
            "2026-11-20T01:15:30Z"
        );
        assert!(search_time("2026-11-20", false).is_none());
        assert_eq!(status_text("3"), "Seller confirm(3)");
    }
}
