//! The simulated Grip product calls: the product listing, one product, and stock through the
//! whole product body (`PUT /api/product/{id}`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::{refuse, Authed, Grip};
use crate::sim::world::{SimProduct, StockRecord};
use crate::sim::SimState;

/// The option block of a product: `types`, `names` (one `nameSeq` per distinct value) and
/// `combinations` (docs/product/README.md, `ProductOption`).
fn option_json(p: &SimProduct) -> Value {
    let mut colours: Vec<&str> = Vec::new();
    let mut sizes: Vec<&str> = Vec::new();
    for o in &p.options {
        if !colours.contains(&o.attr1.as_str()) {
            colours.push(&o.attr1);
        }
        if !sizes.contains(&o.attr2.as_str()) {
            sizes.push(&o.attr2);
        }
    }
    let seq =
        |list: &[&str], v: &str, base: usize| list.iter().position(|x| *x == v).map_or(0, |i| base + i + 1);
    let mut names: Vec<Value> = colours
        .iter()
        .map(|c| json!({"typeSeq": 1, "nameSeq": seq(&colours, c, 0), "optionName": c}))
        .collect();
    names.extend(
        sizes
            .iter()
            .map(|z| json!({"typeSeq": 2, "nameSeq": seq(&sizes, z, 100), "optionName": z})),
    );
    let combinations: Vec<Value> = p
        .options
        .iter()
        .map(|o| {
            json!({
                "optionKey": o.option_id,
                "nameSeqs": [seq(&colours, &o.attr1, 0), seq(&sizes, &o.attr2, 100)],
                "price": 0.0,
                "stockCount": o.stock,
                "expose": true,
                "yourProductId": o.option_code,
            })
        })
        .collect();
    json!({
        "types": [{"typeSeq": 1, "optionType": "색상"}, {"typeSeq": 2, "optionType": "사이즈"}],
        "names": names,
        "combinations": combinations,
    })
}

fn stock_of(p: &SimProduct) -> i64 {
    if p.options.is_empty() {
        p.stock
    } else {
        p.options.iter().map(|o| o.stock).sum()
    }
}

/// A `ProductList` row of `GET /api/product`.
fn list_json(p: &SimProduct) -> Value {
    json!({
        "yourProductId": p.product_code,
        "productId": p.product_id,
        "productName": p.name,
        "mainImageUrl": format!("https://image.grip.show/{}.jpg", p.product_id),
        "categorySeq": 1001,
        "legalSeq": 1,
        "expose": true,
        "useOption": !p.options.is_empty(),
        "costPrice": p.price as f64,
        "sellingPrice": p.price as f64,
        "liveSellingPrice": p.price as f64,
        "originName": "국내산",
        "manufacturer": "",
        "brandName": "",
        "modelName": "",
        "ondemand": false,
        "returnImpossible": false,
        "taxType": 1,
        "startAt": 1_700_000_000_000_i64,
        "endAt": 2_524_575_599_000_i64,
        "stockCount": stock_of(p),
        "useMinOrderQuantity": false,
        "useMaxOrderQuantity": false,
        "minOrderQuantity": 0,
        "maxOrderQuantity": 0,
        "allowCoupon": true,
        "overseasDirect": false,
        "createdAt": 1_700_000_000_000_i64,
        "modifiedAt": 1_700_000_000_000_i64,
    })
}

/// A `Product` of `GET /api/product/{productId}` (without the `{product}` wrapper).
fn detail_json(p: &SimProduct) -> Value {
    let mut v = list_json(p);
    if let Some(o) = v.as_object_mut() {
        o.remove("mainImageUrl");
        for (k, val) in [
            (
                "legalItems",
                json!([{"itemSeq": 1, "title": "제조국", "body": "대한민국"}]),
            ),
            ("introduction", json!("")),
            ("option", option_json(p)),
            ("useSpecialPrice", json!(false)),
            ("useMaxOrderQuantityPeriod", json!(false)),
            ("customDelivery", json!(false)),
            ("customAs", json!(false)),
            ("tags", json!(["shipdeck"])),
            (
                "previewImageUrls",
                json!([format!("https://image.grip.show/{}.jpg", p.product_id)]),
            ),
            (
                "detailImageUrls",
                json!([format!("https://image.grip.show/{}-d.jpg", p.product_id)]),
            ),
            ("zeroPriceReasonType", Value::Null),
            ("zeroPriceReasonText", Value::Null),
        ] {
            o.insert(k.to_string(), val);
        }
    }
    v
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
        .map(list_json)
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
        Some(p) => Json(json!({ "product": detail_json(p) })).into_response(),
        None => refuse(format!("존재하지 않는 상품입니다: {id}")),
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
        return refuse(format!("존재하지 않는 상품입니다: {id}"));
    };
    if v.get("productName")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        shop.rejected += 1;
        return refuse("상품 정보 전체를 보내야 합니다 (productName 없음).");
    }
    let mut records = Vec::new();
    if p.options.is_empty() {
        if let Some(n) = v.get("stockCount").and_then(Value::as_i64) {
            if n < 0 {
                shop.rejected += 1;
                return refuse("재고는 0 이상이어야 합니다.");
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
    Json(json!({ "productId": id })).into_response()
}
