//! The simulated ESM item API: the carrier list, goods search, and the stock calls (`sell-status`
//! for goods without options, `recommended-options` GET and whole-body PUT for option stock).
//! The item API answers bare objects (no `ResultCode`/`Data` envelope); a refusal is HTTP 400
//! with `{resultCode,message}`.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::auth::Sellers;
use super::{count_refusal, int, text, Authed, Body, Esm, CARRIERS};
use crate::domain::Site;
use crate::sim::world::{StockRecord, World};
use crate::sim::SimState;

/// A bare JSON answer (HTTP 200).
fn item_ok(v: Value) -> Response {
    (
        StatusCode::OK,
        [("content-type", "application/json; charset=utf-8")],
        v.to_string(),
    )
        .into_response()
}

/// An item-API refusal: HTTP 400 `{resultCode,message}`, counted on the caller's shops.
fn refuse(w: &mut World, sellers: &Sellers, code: i64, message: &str) -> Response {
    count_refusal(w, sellers);
    (
        StatusCode::BAD_REQUEST,
        [("content-type", "application/json; charset=utf-8")],
        json!({ "resultCode": code, "message": message }).to_string(),
    )
        .into_response()
}

/// A write's success: `{resultCode:0,message:null}`.
fn written() -> Response {
    item_ok(json!({ "resultCode": 0, "message": null }))
}

pub(super) async fn delivery_companies(_: Authed<Esm>) -> Response {
    let list: Vec<Value> = CARRIERS
        .iter()
        .map(|(c, n)| json!({ "deliveryCompCode": c, "deliveryCompName": n }))
        .collect();
    item_ok(json!({ "deliveryCompanies": list }))
}

fn site_key(site: Site) -> &'static str {
    if site == Site::Auction {
        "iac"
    } else {
        "gmkt"
    }
}

pub(super) async fn goods_search(
    State(st): State<Arc<SimState>>,
    Authed(sellers, q): Authed<Esm, Option<Body>>,
) -> Response {
    let (w, q) = (st.world(), q.unwrap_or_default());
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
            goods.push(json!({
                "goodsNo": p.product_id,
                "siteGoodsNo": { key: format!("{}{}", if *site == Site::Auction { "B" } else { "" }, p.product_id) },
                "managedCode": p.product_code,
                "goodsName": p.name,
            }));
        }
    }
    let total = goods.len();
    let page: Vec<Value> = goods
        .into_iter()
        .skip((page_index - 1) * page_size)
        .take(page_size)
        .collect();
    item_ok(json!({
        "totalItems": total,
        "pageIndex": page_index,
        "pageSize": page_size,
        "items": page,
    }))
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

const UNKNOWN_GOODS: (i64, &str) = (1000, "존재하지 않는 상품번호입니다.");

pub(super) async fn sell_status(
    State(st): State<Arc<SimState>>,
    Path(goods_no): Path<String>,
    Authed(sellers, q): Authed<Esm, Body>,
) -> Response {
    let mut w = st.world();
    let Some((site, i, p)) = goods_shop(&w, &sellers, goods_no.trim()) else {
        return refuse(&mut w, &sellers, UNKNOWN_GOODS.0, UNKNOWN_GOODS.1);
    };
    let key = site_key(site);
    if !w.shops[i].products[p].options.is_empty() {
        // Goods with options take stock through recommended-options; selling stops here.
        if q.get("isSell").and_then(|v| v.get(key)).and_then(|v| v.as_bool()) == Some(false) {
            let shop = &mut w.shops[i];
            for o in &mut shop.products[p].options {
                o.stock = 0;
            }
            let options: Vec<String> = shop.products[p]
                .options
                .iter()
                .map(|o| o.option_id.clone())
                .collect();
            for option_id in options {
                shop.stock_updates.push(StockRecord {
                    product_id: goods_no.trim().to_string(),
                    option_id: Some(option_id),
                    quantity: 0,
                });
            }
            return written();
        }
        return refuse(
            &mut w,
            &sellers,
            1000,
            "옵션 상품의 재고는 옵션 재고로 수정해주세요.",
        );
    }
    let Some(is_sell) = q.get("isSell").and_then(|v| v.get(key)).and_then(|v| v.as_bool()) else {
        return refuse(&mut w, &sellers, 2010, "isSell 값이 없습니다.");
    };
    let quantity = if is_sell {
        let stock = q
            .get("itemBasicInfo")
            .and_then(|b| b.get("stock"))
            .or_else(|| q.get("stock"));
        match stock.and_then(|v| v.get(key)).and_then(|v| v.as_i64()) {
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
    written()
}

/// `GET recommended-options`: `{type, isStockManage, independent:{recommendedOptNo, details}}`
/// (`{type:0}` for goods without options), the shape of etapi.gmarket.com/26 and /140.
pub(super) async fn recommended_options_get(
    State(st): State<Arc<SimState>>,
    Path(goods_no): Path<String>,
    Authed(sellers, _): Authed<Esm>,
) -> Response {
    let mut w = st.world();
    let Some((site, i, p)) = goods_shop(&w, &sellers, goods_no.trim()) else {
        return refuse(&mut w, &sellers, UNKNOWN_GOODS.0, UNKNOWN_GOODS.1);
    };
    let key = site_key(site);
    let other = if key == "gmkt" { "iac" } else { "gmkt" };
    let prod = &w.shops[i].products[p];
    if prod.options.is_empty() {
        return item_ok(json!({ "type": 0, "isStockManage": false }));
    }
    let details: Vec<Value> = prod
        .options
        .iter()
        .map(|o| {
            json!({
                "recommendedOptValueNo": o.option_id.parse::<i64>().unwrap_or(0),
                "recommendedOptValue": {
                    "koreanText": format!("{}/{}", o.attr1, o.attr2),
                    "englishText": "", "chineseText": "", "japaneseText": "",
                    "exposeLanguage": "Korean",
                },
                "imageUrl": "",
                "isSoldOut": o.stock == 0,
                "isDisplay": true,
                "qty": { key: o.stock.max(1), other: 1 },
                "manageCode": o.option_code,
                "skuInfo": [],
                "addAmnt": 0,
            })
        })
        .collect();
    item_ok(json!({
        "type": 1,
        "isStockManage": true,
        "independent": { "recommendedOptNo": 0, "details": details },
    }))
}

pub(super) async fn recommended_options(
    State(st): State<Arc<SimState>>,
    Path(goods_no): Path<String>,
    Authed(sellers, q): Authed<Esm, Body>,
) -> Response {
    let mut w = st.world();
    let Some((site, i, p)) = goods_shop(&w, &sellers, goods_no.trim()) else {
        return refuse(&mut w, &sellers, UNKNOWN_GOODS.0, UNKNOWN_GOODS.1);
    };
    let key = site_key(site);
    // The PUT replaces the options whole: `independent` or `combination` with `details[]`.
    let details: Vec<Value> = ["independent", "combination"]
        .iter()
        .filter_map(|g| {
            q.get(*g)
                .and_then(|v| v.get("details"))
                .and_then(|v| v.as_array())
        })
        .flatten()
        .cloned()
        .collect();
    if details.is_empty() {
        return refuse(&mut w, &sellers, 1000, "옵션 정보(details)가 필요합니다.");
    }
    // Check every detail first: the call is applied whole or not at all.
    let mut changes = Vec::new();
    for d in &details {
        let code = text(d.get("manageCode")).unwrap_or_default();
        let Some(x) = w.shops[i].products[p]
            .options
            .iter()
            .position(|o| o.option_code == code)
        else {
            let msg = format!("옵션 관리코드를 찾을 수 없습니다: {code}");
            return refuse(&mut w, &sellers, 1000, &msg);
        };
        let sold_out = d.get("isSoldOut").and_then(|v| v.as_bool()).unwrap_or(false);
        let qty = match d.get("qty").and_then(|v| v.get(key)).and_then(|v| v.as_i64()) {
            Some(n) if (1..=99_999).contains(&n) => n,
            _ => {
                return refuse(
                    &mut w,
                    &sellers,
                    1000,
                    "Gmkt/Iac 필드는 1에서 99999 사이의 값이어야 합니다.",
                )
            }
        };
        changes.push((x, if sold_out { 0 } else { qty }));
    }
    if changes.iter().all(|(_, q)| *q == 0) {
        return refuse(&mut w, &sellers, 3000, "모든 옵션을 품절로 설정할 수 없습니다.");
    }
    let shop = &mut w.shops[i];
    for (x, qty) in changes {
        if shop.products[p].options[x].stock == qty {
            continue;
        }
        shop.products[p].options[x].stock = qty;
        let option_id = shop.products[p].options[x].option_id.clone();
        shop.stock_updates.push(StockRecord {
            product_id: goods_no.trim().to_string(),
            option_id: Some(option_id),
            quantity: qty,
        });
    }
    written()
}
