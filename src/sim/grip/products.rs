//! The simulated Grip product calls: the product listing, one product, and stock through the
//! whole product body (`PUT /api/product/{id}`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::{fail, Authed, Grip};
use crate::sim::world::{SimProduct, StockRecord};
use crate::sim::SimState;

fn product_json(p: &SimProduct) -> Value {
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

pub(super) async fn list_products(
    State(st): State<Arc<SimState>>,
    Query(q): Query<HashMap<String, String>>,
    Authed(i, _): Authed<Grip>,
) -> Response {
    let w = st.world();
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

pub(super) async fn get_product(
    State(st): State<Arc<SimState>>,
    Path(id): Path<String>,
    Authed(i, _): Authed<Grip>,
) -> Response {
    let w = st.world();
    match w.shops[i].products.iter().find(|p| p.product_id == id) {
        Some(p) => Json(product_json(p)).into_response(),
        None => fail(format!("존재하지 않는 상품입니다: {id}")),
    }
}

pub(super) async fn put_product(
    State(st): State<Arc<SimState>>,
    Path(id): Path<String>,
    Authed(i, v): Authed<Grip, Value>,
) -> Response {
    let mut w = st.world();
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
