//! The simulated LotteON Open API: Bearer API key (401 unknown or expired key; the shared fault
//! layer answers 403 for an unregistered IP), `trNo` checked against the key's account, the
//! `{returnCode,message,subMessages,dataCount,data}` envelope, 209 with its 1-day window limit
//! (returnCode 2003), 210 (11 → 12), 137 (12 → 13) with `failList`, 89 carriers, 86/93/94 products.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use super::world::{ConfirmRecord, ShipmentRecord, SimOrder, SimShop, SimTracking, StockRecord, World};
use super::SimState;
use crate::domain::Site;

/// The carriers of common code group `DV_CO_CD` the simulator knows.
pub const CARRIERS: &[(&str, &str)] = &[
    ("0001", "롯데택배"),
    ("0002", "CJ대한통운"),
    ("0003", "한진택배"),
    ("0004", "우체국택배"),
    ("0005", "로젠택배"),
    ("0006", "경동택배"),
    ("0030", "DHL"),
    ("0099", "기타택배"),
];

const TIME_FORMAT: &str = "%Y%m%d%H%M%S";

/// The routes under the site's prefix.
pub fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route("/v1/openapi/common/v1/identity", get(identity))
        .route(
            "/v1/openapi/delivery/v1/SellerDeliveryOrdersSearch",
            post(orders_search),
        )
        .route(
            "/v1/openapi/delivery/v1/SellerIfCompleteInform",
            post(if_complete),
        )
        .route(
            "/v1/openapi/delivery/v1/SellerDeliveryProgressStateInform",
            post(progress_inform),
        )
        .route("/v1/openapi/bocommon/v1/code/getDetailCodeList", post(codes))
        .route("/v1/openapi/product/v1/item/stock/change", post(stock_change))
        .route("/v1/openapi/product/v1/product/list", post(product_list))
        .route("/v1/openapi/product/v1/product/detail", post(product_detail))
}

fn envelope(status: StatusCode, code: &str, message: &str, count: usize, data: Value) -> Response {
    (
        status,
        [("content-type", "application/json;charset=UTF-8")],
        json!({
            "returnCode": code,
            "message": message,
            "subMessages": [],
            "dataCount": count,
            "data": data,
        })
        .to_string(),
    )
        .into_response()
}

fn ok(count: usize, data: Value) -> Response {
    envelope(StatusCode::OK, "0000", "정상 처리되었습니다.", count, data)
}

fn refuse(code: &str, message: &str) -> Response {
    envelope(StatusCode::OK, code, message, 0, Value::Null)
}

fn kst(ts: jiff::Timestamp) -> String {
    ts.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(9)))
        .strftime(TIME_FORMAT)
        .to_string()
}

fn parse_kst(text: &str) -> Option<jiff::Timestamp> {
    let dt = jiff::civil::DateTime::strptime(TIME_FORMAT, text.trim()).ok()?;
    dt.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(9)))
        .ok()
        .map(|z| z.timestamp())
}

fn str_of(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// Checks the Bearer key (and `trNo` when the body must carry it); the shop's index or the
/// site's refusal. Every refused call of a known shop counts in its `rejected`.
fn authorize(w: &mut World, headers: &HeaderMap, tr_no: Option<&str>) -> Result<usize, Box<Response>> {
    let key = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let Some(i) = w.shops.iter().position(|s| {
        s.site == Site::Lotteon
            && !key.is_empty()
            && s.credentials.get("api_key").map(String::as_str) == Some(key)
    }) else {
        return Err(Box::new(envelope(
            StatusCode::UNAUTHORIZED,
            "401",
            "유효하지 않은 API Key 입니다. (Unauthorized)",
            0,
            Value::Null,
        )));
    };
    let expired = w.faults.get(&Site::Lotteon).is_some_and(|f| f.expired_key);
    if expired {
        w.shops[i].rejected += 1;
        return Err(Box::new(envelope(
            StatusCode::UNAUTHORIZED,
            "401",
            "API Key 유효기간이 만료되었습니다. 스토어센터에서 재발급 받으세요.",
            0,
            Value::Null,
        )));
    }
    if let Some(tr_no) = tr_no {
        let account = w.shops[i]
            .credentials
            .get("account_number")
            .cloned()
            .unwrap_or_default();
        if tr_no.is_empty() {
            w.shops[i].rejected += 1;
            return Err(Box::new(refuse("1000", "필수 파라미터가 누락되었습니다. (trNo)")));
        }
        if tr_no != account {
            w.shops[i].rejected += 1;
            return Err(Box::new(refuse(
                "1001",
                "거래처번호(trNo)가 API Key의 거래처와 일치하지 않습니다.",
            )));
        }
    }
    Ok(i)
}

fn parse_body(body: &Bytes) -> Result<Value, Box<Response>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        _ => Err(Box::new(envelope(
            StatusCode::BAD_REQUEST,
            "400",
            "요청 본문을 해석할 수 없습니다. (JSON)",
            0,
            Value::Null,
        ))),
    }
}

/// Authorizes the key, parses the body and checks its top-level `trNo`.
fn begin(st: &SimState, headers: &HeaderMap, body: &Bytes) -> Result<(Value, usize), Box<Response>> {
    let mut w = st.world();
    let i = authorize(&mut w, headers, None)?;
    let v = match parse_body(body) {
        Ok(v) => v,
        Err(r) => {
            w.shops[i].rejected += 1;
            return Err(r);
        }
    };
    let tr = str_of(&v, "trNo");
    authorize(&mut w, headers, Some(&tr))?;
    Ok((v, i))
}

async fn identity(State(st): State<Arc<SimState>>, headers: HeaderMap) -> Response {
    let mut w = st.world();
    let i = match authorize(&mut w, &headers, None) {
        Ok(i) => i,
        Err(r) => return *r,
    };
    let s = &w.shops[i];
    ok(
        1,
        json!({
            "trGrpCd": "SR",
            "trNo": s.credentials.get("account_number").cloned().unwrap_or_default(),
            "trNm": format!("{} 스토어", s.shop_id),
        }),
    )
}

fn line_seqs(line_key: &str) -> (String, String) {
    match line_key.split_once('-') {
        Some((a, b)) => (a.to_string(), b.to_string()),
        None => (line_key.to_string(), "1".to_string()),
    }
}

fn single_item_no(product_id: &str) -> String {
    format!("{product_id}00")
}

/// The 209 rows of one order, one per item.
fn order_rows(shop: &SimShop, o: &SimOrder) -> Vec<Value> {
    o.lines
        .iter()
        .map(|l| {
            let p = &shop.products[l.product];
            let opt = l.option.and_then(|x| p.options.get(x));
            let (od_seq, proc_seq) = line_seqs(&l.line_key);
            let amount = l.unit_price * i64::from(l.quantity);
            json!({
                "odNo": o.order_no,
                "odSeq": od_seq,
                "procSeq": proc_seq,
                "odPrgsStepCd": l.status,
                "odTypCd": if o.cancelled { "20" } else { "10" },
                "ifCplYN": if l.status == "11" { "N" } else { "Y" },
                "spdNo": p.product_id,
                "spdNm": p.name,
                "sitmNo": opt.map(|x| x.option_id.clone()).unwrap_or_else(|| single_item_no(&p.product_id)),
                "sitmNm": opt.map(|x| format!("{}/{}", x.attr1, x.attr2)).unwrap_or_else(|| p.name.clone()),
                "epdNo": p.product_code,
                "eitmNo": opt.map(|x| x.option_code.clone()).unwrap_or_default(),
                "odQty": l.quantity,
                "slPrc": l.unit_price,
                "slAmt": amount,
                "actualAmt": amount,
                "odrNm": o.buyer.name,
                "mphnNo": o.buyer.phone,
                "dvpCustNm": o.receiver.name,
                "dvpMphnNo": o.receiver.phone,
                "dvpZipNo": o.receiver.zip,
                "dvpStnmZipAddr": o.receiver.addr1,
                "dvpStnmDtlAddr": o.receiver.addr2,
                "dvMsg": o.message,
                "odCmptDttm": kst(o.ordered_at),
                "pdAdtnOptJsn": Value::Null,
            })
        })
        .collect()
}

/// apiNo 209: by `odNo` (any step, no window) or by a window of at most one day and a step.
async fn orders_search(State(st): State<Arc<SimState>>, headers: HeaderMap, body: Bytes) -> Response {
    let (v, i) = match begin(&st, &headers, &body) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let mut w = st.world();
    let od_no = str_of(&v, "odNo");
    let step = str_of(&v, "odPrgsStepCd");
    let matching: Vec<String> = if !od_no.is_empty() {
        w.shops[i]
            .orders
            .get(&od_no)
            .map(|o| vec![o.order_no.clone()])
            .unwrap_or_default()
    } else {
        let (Some(start), Some(end)) = (
            parse_kst(&str_of(&v, "srchStrtDt")),
            parse_kst(&str_of(&v, "srchEndDt")),
        ) else {
            w.shops[i].rejected += 1;
            return refuse("1000", "필수 파라미터가 누락되었거나 형식이 올바르지 않습니다. (srchStrtDt, srchEndDt: yyyymmddhhmmss)");
        };
        if end < start || end.duration_since(start) > jiff::SignedDuration::from_hours(24) {
            w.shops[i].rejected += 1;
            return refuse("2003", "조회기간은 최대 1일까지 가능합니다.");
        }
        // ASSUMPTION: a step search matches an order by its least advanced item's step and lists
        // all of its items (each with its own step), so an order is never split across searches.
        let mut found: Vec<(jiff::Timestamp, String)> = w.shops[i]
            .orders
            .values()
            .filter(|o| {
                let at = jiff::Timestamp::from_second(o.ordered_at.as_second()).unwrap_or(o.ordered_at);
                !o.cancelled && start <= at && at <= end && (step.is_empty() || o.status() == step)
            })
            .map(|o| (o.ordered_at, o.order_no.clone()))
            .collect();
        found.sort();
        found.into_iter().map(|(_, n)| n).collect()
    };
    // Rows as they are at query time; page faults may move an order on after that.
    let snapshot: BTreeMap<String, Vec<Value>> = matching
        .iter()
        .filter_map(|n| {
            w.shops[i]
                .orders
                .get(n)
                .map(|o| (n.clone(), order_rows(&w.shops[i], o)))
        })
        .collect();
    let total: usize = snapshot.values().map(Vec::len).sum();
    let page = super::page_with_faults(&mut w, i, &matching, 0, matching.len().max(1));
    let rows: Vec<Value> = page
        .iter()
        .filter_map(|n| snapshot.get(n))
        .flat_map(|r| r.iter().cloned())
        .collect();
    ok(total, json!({ "deliveryOrderList": rows }))
}

fn find_line<'a>(
    shop: &'a mut SimShop,
    item: &Value,
) -> Result<(&'a mut SimOrder, usize, String, String), (String, String)> {
    let od_no = str_of(item, "odNo");
    let key = format!("{}-{}", str_of(item, "odSeq"), str_of(item, "procSeq"));
    let Some(order) = shop.orders.get_mut(&od_no) else {
        return Err(("2101".into(), format!("존재하지 않는 주문번호입니다. ({od_no})")));
    };
    let Some(pos) = order.lines.iter().position(|l| l.line_key == key) else {
        return Err((
            "2102".into(),
            format!("존재하지 않는 주문순번입니다. ({od_no} {key})"),
        ));
    };
    if order.cancelled {
        return Err(("2103".into(), format!("취소된 주문입니다. ({od_no})")));
    }
    Ok((order, pos, od_no, key))
}

fn fail_row(item: &Value, code: &str, msg: &str) -> Value {
    json!({
        "odNo": str_of(item, "odNo"),
        "odSeq": str_of(item, "odSeq"),
        "procSeq": str_of(item, "procSeq"),
        "rsltCd": code,
        "rsltMsg": msg,
    })
}

fn batch_reply(fails: Vec<Value>) -> Response {
    let (code, msg) = if fails.is_empty() {
        ("0000", "정상 처리되었습니다.")
    } else {
        ("9000", "일부 건이 처리되지 않았습니다.")
    };
    ok(
        fails.len(),
        json!({ "rsltCd": code, "rsltMsg": msg, "failList": fails }),
    )
}

fn list_of(v: &Value, key: &str) -> Vec<Value> {
    // A wrong wrapper key is answered "0000" with nothing processed, as the real site does.
    v.get(key).and_then(Value::as_array).cloned().unwrap_or_default()
}

/// apiNo 210: acknowledge lines at step 11 (→ 12).
async fn if_complete(State(st): State<Arc<SimState>>, headers: HeaderMap, body: Bytes) -> Response {
    let (v, i) = match begin(&st, &headers, &body) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let mut w = st.world();
    let shop = &mut w.shops[i];
    let mut fails = Vec::new();
    for item in list_of(&v, "ifCompleteList") {
        match find_line(shop, &item) {
            Err((code, msg)) => fails.push(fail_row(&item, &code, &msg)),
            Ok((order, pos, od_no, key)) => {
                let status = order.lines[pos].status.clone();
                if status != "11" {
                    fails.push(fail_row(
                        &item,
                        "2104",
                        &format!("출고지시(11) 상태의 주문만 연동완료 처리할 수 있습니다. (현재 {status})"),
                    ));
                    continue;
                }
                order.lines[pos].status = "12".into();
                shop.confirms.push(ConfirmRecord {
                    order_no: od_no,
                    line_key: Some(key),
                });
            }
        }
    }
    batch_reply(fails)
}

/// apiNo 137: dispatch lines at step 12 (→ 13) with carrier code and invoice number.
async fn progress_inform(State(st): State<Arc<SimState>>, headers: HeaderMap, body: Bytes) -> Response {
    let (v, i) = match begin(&st, &headers, &body) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let mut w = st.world();
    let shop = &mut w.shops[i];
    let mut fails = Vec::new();
    for item in list_of(&v, "deliveryProgressStateList") {
        let carrier = str_of(&item, "dvCoCd");
        let invoice = str_of(&item, "invcNo");
        let step = str_of(&item, "odPrgsStepCd");
        let spd_no = str_of(&item, "spdNo");
        let sitm_no = str_of(&item, "sitmNo");
        if step != "13" {
            fails.push(fail_row(
                &item,
                "2201",
                &format!("지원하지 않는 진행단계입니다. ({step})"),
            ));
            continue;
        }
        if !CARRIERS.iter().any(|(c, _)| *c == carrier) {
            fails.push(fail_row(
                &item,
                "2202",
                &format!("유효하지 않은 택배사코드입니다. ({carrier})"),
            ));
            continue;
        }
        if invoice.trim().is_empty() {
            fails.push(fail_row(&item, "2203", "송장번호가 누락되었습니다."));
            continue;
        }
        if parse_kst(&str_of(&item, "dvTrcStatDttm")).is_none() {
            fails.push(fail_row(
                &item,
                "2204",
                "배송추적상태일시 형식이 올바르지 않습니다. (yyyymmddhhmmss)",
            ));
            continue;
        }
        let products = shop.products.clone();
        match find_line(shop, &item) {
            Err((code, msg)) => fails.push(fail_row(&item, &code, &msg)),
            Ok((order, pos, od_no, key)) => {
                let line = &order.lines[pos];
                let p = &products[line.product];
                let want_item = line
                    .option
                    .and_then(|x| p.options.get(x))
                    .map(|o| o.option_id.clone())
                    .unwrap_or_else(|| single_item_no(&p.product_id));
                if spd_no != p.product_id || sitm_no != want_item {
                    fails.push(fail_row(
                        &item,
                        "2205",
                        "주문의 상품번호/단품번호와 일치하지 않습니다.",
                    ));
                    continue;
                }
                if line.status != "12" {
                    let status = line.status.clone();
                    fails.push(fail_row(
                        &item,
                        "2206",
                        &format!("상품준비(12) 상태의 주문만 발송완료 처리할 수 있습니다. (현재 {status})"),
                    ));
                    continue;
                }
                order.lines[pos].status = "13".into();
                order.tracking = Some(SimTracking {
                    carrier: carrier.clone(),
                    number: invoice.clone(),
                });
                shop.shipments.push(ShipmentRecord {
                    order_no: od_no,
                    line_key: Some(key),
                    carrier,
                    tracking: invoice,
                });
            }
        }
    }
    batch_reply(fails)
}

/// apiNo 89: common codes; the simulator knows the carrier group `DV_CO_CD`.
async fn codes(State(st): State<Arc<SimState>>, headers: HeaderMap, body: Bytes) -> Response {
    let (v, _) = match begin(&st, &headers, &body) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    if str_of(&v, "grpCd") != "DV_CO_CD" {
        return ok(0, json!([]));
    }
    let rows: Vec<Value> = CARRIERS
        .iter()
        .map(|(c, n)| json!({ "grpCd": "DV_CO_CD", "cmnCd": c, "cmnCdNm": n, "useYn": "Y" }))
        .collect();
    ok(rows.len(), Value::Array(rows))
}

/// apiNo 86: absolute item stocks; `trGrpCd`/`trNo` ride on each item.
async fn stock_change(State(st): State<Arc<SimState>>, headers: HeaderMap, body: Bytes) -> Response {
    let mut w = st.world();
    let i = match authorize(&mut w, &headers, None) {
        Ok(i) => i,
        Err(r) => return *r,
    };
    let v = match parse_body(&body) {
        Ok(v) => v,
        Err(r) => {
            w.shops[i].rejected += 1;
            return *r;
        }
    };
    let items = list_of(&v, "itmStkLst");
    for item in &items {
        if let Err(r) = authorize(&mut w, &headers, Some(&str_of(item, "trNo"))) {
            return *r;
        }
    }
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

/// apiNo 93: the seller's products, paged by `pageNo`/`rowsPerPage`.
async fn product_list(State(st): State<Arc<SimState>>, headers: HeaderMap, body: Bytes) -> Response {
    let (v, i) = match begin(&st, &headers, &body) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let w = st.world();
    let page = v.get("pageNo").and_then(Value::as_u64).unwrap_or(1).max(1) as usize;
    let per = v
        .get("rowsPerPage")
        .and_then(Value::as_u64)
        .unwrap_or(100)
        .clamp(1, 1000) as usize;
    let products = &w.shops[i].products;
    let rows: Vec<Value> = products
        .iter()
        .skip((page - 1) * per)
        .take(per)
        .map(|p| json!({ "spdNo": p.product_id, "spdNm": p.name, "epdNo": p.product_code, "slStatCd": "SALE" }))
        .collect();
    ok(products.len(), Value::Array(rows))
}

/// apiNo 94: one product with its items (a product without options has one item, no `eitmNo`).
async fn product_detail(State(st): State<Arc<SimState>>, headers: HeaderMap, body: Bytes) -> Response {
    let (v, i) = match begin(&st, &headers, &body) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let w = st.world();
    let spd_no = str_of(&v, "spdNo");
    let Some(p) = w.shops[i].products.iter().find(|p| p.product_id == spd_no) else {
        return refuse("3002", &format!("존재하지 않는 상품번호입니다. ({spd_no})"));
    };
    let items: Vec<Value> = if p.options.is_empty() {
        vec![json!({
            "sitmNo": single_item_no(&p.product_id),
            "eitmNo": "",
            "sitmNm": p.name,
            "slStatCd": "SALE",
            "slPrc": p.price,
            "stkQty": p.stock,
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
                })
            })
            .collect()
    };
    ok(
        1,
        json!({ "spdNo": p.product_id, "spdNm": p.name, "epdNo": p.product_code, "stkMgtYn": "Y", "itmLst": items }),
    )
}
