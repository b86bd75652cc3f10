//! The simulated ESM item API: the carrier list, goods search, and the two stock calls
//! (`sell-status` for goods without options, `recommended-options` for option stock).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{json, Value};

use super::auth::Sellers;
use super::{int, ok, refuse, text, Authed, Body, Esm, CARRIERS};
use crate::domain::Site;
use crate::sim::world::{StockRecord, World};
use crate::sim::SimState;

pub(super) async fn delivery_companies(_: Authed<Esm>) -> Response {
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
