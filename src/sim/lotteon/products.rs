//! The simulated LotteON product calls: apiNo 86 (item stock change), 93 (product list) and 94
//! (product detail).

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use serde_json::{json, Value};

use super::{ok, refuse, single_item_no, str_of, Authed, Lotteon, StockItems};
use crate::sim::world::StockRecord;
use crate::sim::SimState;

/// apiNo 86: absolute item stocks; `trGrpCd`/`trNo` ride on each item.
pub(super) async fn stock_change(
    State(st): State<Arc<SimState>>,
    Authed(i, StockItems(items)): Authed<Lotteon, StockItems>,
) -> Response {
    let mut w = st.world();
    let shop = &mut w.shops[i];
    let mut rows = Vec::new();
    for item in &items {
        let spd_no = str_of(item, "spdNo");
        let sitm_no = str_of(item, "sitmNo");
        let qty = item.get("stkQty").and_then(Value::as_i64);
        let mut result = ("0000", "정상 처리되었습니다.".to_string());
        match (shop.products.iter_mut().find(|p| p.product_id == spd_no), qty) {
            (_, None) => result = ("3001", "재고수량이 올바르지 않습니다.".into()),
            (_, Some(q)) if q < 0 => result = ("3001", format!("재고수량이 올바르지 않습니다. ({q})")),
            (None, _) => result = ("3002", format!("존재하지 않는 상품번호입니다. ({spd_no})")),
            (Some(p), Some(q)) => {
                let record = if p.options.is_empty() && sitm_no == single_item_no(&p.product_id) {
                    p.stock = q;
                    Some(None)
                } else if let Some(o) = p.options.iter_mut().find(|o| o.option_id == sitm_no) {
                    o.stock = q;
                    Some(Some(sitm_no.clone()))
                } else {
                    result = ("3003", format!("존재하지 않는 단품번호입니다. ({sitm_no})"));
                    None
                };
                if let Some(option_id) = record {
                    shop.stock_updates.push(StockRecord {
                        product_id: spd_no.clone(),
                        option_id,
                        quantity: q,
                    });
                }
            }
        }
        rows.push(json!({
            "spdNo": spd_no,
            "sitmNo": sitm_no,
            "resultCode": result.0,
            "resultMessage": result.1,
        }));
    }
    ok(rows.len(), Value::Array(rows))
}

/// True when `v[key]` is a 14-digit `YYYYMMDDHHMMSS` text.
fn is_datetime14(v: &Value, key: &str) -> bool {
    let t = str_of(v, key);
    t.len() == 14 && t.bytes().all(|b| b.is_ascii_digit())
}

/// apiNo 93: the seller's products registered inside `regStrtDttm`..`regEndDttm` (both required,
/// 14 digits), paged by `pageNo` (1-based) and `rowsPerPage` (≤ 100), both required: without them
/// the site answers returnCode 9000 (public clients that called it live).
pub(super) async fn product_list(
    State(st): State<Arc<SimState>>,
    Authed(i, v): Authed<Lotteon, Value>,
) -> Response {
    let mut w = st.world();
    let page = v.get("pageNo").and_then(Value::as_u64);
    let per = v.get("rowsPerPage").and_then(Value::as_u64);
    let (Some(page), Some(per)) = (page.filter(|p| *p >= 1), per.filter(|n| (1..=100).contains(n))) else {
        w.shops[i].rejected += 1;
        return refuse("9000", "처리 중 오류가 발생했습니다. (pageNo, rowsPerPage)");
    };
    if !is_datetime14(&v, "regStrtDttm") || !is_datetime14(&v, "regEndDttm") {
        w.shops[i].rejected += 1;
        return refuse("9000", "INVALID_INPUT: regStrtDttm, regEndDttm (YYYYMMDDHHMMSS)");
    }
    let (page, per) = (page as usize, per as usize);
    let shop = &w.shops[i];
    let tr_no = shop
        .credentials
        .get("account_number")
        .cloned()
        .unwrap_or_default();
    let rows: Vec<Value> = shop
        .products
        .iter()
        .skip((page - 1) * per)
        .take(per)
        .map(|p| {
            json!({
                "trGrpCd": "SR",
                "trNo": tr_no,
                "spdNo": p.product_id,
                "spdNm": p.name,
                "epdNo": p.product_code,
                "slStatCd": "SALE",
            })
        })
        .collect();
    ok(shop.products.len(), Value::Array(rows))
}

/// apiNo 94: one product with its items (a product without options has one item, no `eitmNo`).
pub(super) async fn product_detail(
    State(st): State<Arc<SimState>>,
    Authed(i, v): Authed<Lotteon, Value>,
) -> Response {
    let w = st.world();
    let spd_no = str_of(&v, "spdNo");
    let Some(p) = w.shops[i].products.iter().find(|p| p.product_id == spd_no) else {
        return refuse("3002", &format!("존재하지 않는 상품번호입니다. ({spd_no})"));
    };
    // Items carry their option values as `itmOptLst[{optNm, optVal}]` (a public client's reading of
    // 94); an item without options has an empty list.
    let items: Vec<Value> = if p.options.is_empty() {
        vec![json!({
            "sitmNo": single_item_no(&p.product_id),
            "eitmNo": "",
            "sitmNm": p.name,
            "slStatCd": "SALE",
            "slPrc": p.price,
            "stkQty": p.stock,
            "itmOptLst": [],
        })]
    } else {
        p.options
            .iter()
            .map(|o| {
                json!({
                    "sitmNo": o.option_id,
                    "eitmNo": o.option_code,
                    "sitmNm": format!("{}/{}", o.attr1, o.attr2),
                    "slStatCd": "SALE",
                    "slPrc": p.price,
                    "stkQty": o.stock,
                    "itmOptLst": [
                        { "optNm": "색상", "optVal": o.attr1 },
                        { "optNm": "사이즈", "optVal": o.attr2 },
                    ],
                })
            })
            .collect()
    };
    ok(
        1,
        json!({ "spdNo": p.product_id, "spdNm": p.name, "epdNo": p.product_code, "stkMgtYn": "Y", "itmLst": items }),
    )
}
