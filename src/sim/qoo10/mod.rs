//! The simulated Qoo10 QAPI, path style: `POST /qoo10/{Service.Method}` with the seller key in
//! `GiosisCertificationKey` and a form body. Every answer is HTTP 200 with the
//! `{"ResultCode","ResultMsg","ResultObject"}` envelope, errors included.

mod goods;
mod orders;

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

use super::world::World;
use super::SimState;
use crate::domain::Site;
use goods::{all_goods, inventory, item_detail, item_price_qty, option_qty};
use orders::{claims, confirm_bulk, confirm_one, order_lookup, send_one, sending_bulk, shipping_info};

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
        "ShippingBasic.GetClaimInfo_V3" => claims(w, i, form),
        "ShippingBasic.GetShippingAndClaimInfoByOrderNo_V2" => order_lookup(w, i, form),
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
        "ItemsLookup.GetItemDetailInfo" => item_detail(w, i, form),
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

fn create_key(w: &mut World, key: &str, form: &Form) -> Response {
    if key.is_empty() || key != w.integrator.qoo10_api_key {
        return envelope(-10000, CHECK_KEY_MESSAGE, Value::Null);
    }
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    // Each seller's own QSM login issues that seller's key. ASSUMPTION: (simulator) a wrong login
    // answers -10002 (the spec lists no code for it), counted against the shop whose id it names.
    let login = |s: &crate::sim::world::SimShop, k: &str| s.credentials.get(k).cloned().unwrap_or_default();
    let named = w.shops.iter().position(|s| {
        s.site == Site::Qoo10 && !get("user_id").is_empty() && login(s, "qsm_user_id") == get("user_id")
    });
    let Some(i) = named else {
        return envelope(-10002, "user_id or pwd is incorrect", Value::Null);
    };
    if login(&w.shops[i], "qsm_password") != get("pwd") {
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
mod tests;
