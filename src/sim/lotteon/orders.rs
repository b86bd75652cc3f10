//! The simulated LotteON delivery calls: apiNo 209 (order search with its 1-day window), 210
//! (11 → 12), 137 (12 → 13) with `failList`, and 89 (the carrier codes).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use serde_json::{json, Value};

use super::{kst, list_of, ok, parse_kst, refuse, single_item_no, str_of, Authed, Lotteon, CARRIERS};
use crate::sim::world::{ConfirmRecord, ShipmentRecord, SimOrder, SimShop, SimTracking};
use crate::sim::SimState;

fn line_seqs(line_key: &str) -> (String, String) {
    match line_key.split_once('-') {
        Some((a, b)) => (a.to_string(), b.to_string()),
        None => (line_key.to_string(), "1".to_string()),
    }
}

/// The 209 rows of one order, one per item. 209 lists delivery instructions: every row stays at
/// step 11 (출고지시) whatever the item's live step (read with apiNo 140); `ifCplYN` says whether
/// the seller acknowledged it (apiNo 210).
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
                "odPrgsStepCd": "11",
                "odTypCd": "10",
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

/// The step apiNo 140 shows for a line: its live step, or 21 (취소완료) for a cancelled order.
fn live_step(o: &SimOrder, status: &str) -> String {
    if o.cancelled {
        CANCELLED_STEP.to_string()
    } else {
        status.to_string()
    }
}

/// The step a cancelled item shows in apiNo 140 (취소완료, as a public client reads it).
pub(super) const CANCELLED_STEP: &str = "21";

/// The 140 rows of one order: each item's live step, when it got there, and its invoice.
fn progress_rows(o: &SimOrder) -> Vec<Value> {
    o.lines
        .iter()
        .map(|l| {
            let (od_seq, proc_seq) = line_seqs(&l.line_key);
            let (carrier, invoice) = o
                .tracking
                .as_ref()
                .map(|t| (t.carrier.clone(), t.number.clone()))
                .unwrap_or_default();
            json!({
                "odNo": o.order_no,
                "odSeq": od_seq,
                "procSeq": proc_seq,
                "odPrgsStepCd": live_step(o, &l.status),
                "dvTrcStatDttm": kst(o.paid_at),
                "dvCoCd": carrier,
                "invcNo": invoice,
            })
        })
        .collect()
}

/// The orders a search names: by `odNo` (whatever their state), or those whose delivery
/// instruction was created in a window of at most one day (the instruction is created when the
/// order is paid: `paid_at`), kept by `keep`. Else the site's refusal.
fn search(
    w: &mut crate::sim::world::World,
    i: usize,
    v: &Value,
    keep: impl Fn(&SimOrder) -> bool,
) -> Result<Vec<String>, Response> {
    let od_no = str_of(v, "odNo");
    if !od_no.is_empty() {
        return Ok(w.shops[i]
            .orders
            .get(&od_no)
            .map(|o| vec![o.order_no.clone()])
            .unwrap_or_default());
    }
    let (Some(start), Some(end)) = (
        parse_kst(&str_of(v, "srchStrtDt")),
        parse_kst(&str_of(v, "srchEndDt")),
    ) else {
        w.shops[i].rejected += 1;
        return Err(refuse(
            "1000",
            "필수 파라미터가 누락되었거나 형식이 올바르지 않습니다. (srchStrtDt, srchEndDt: yyyymmddhhmmss)",
        ));
    };
    if end < start || end.duration_since(start) > jiff::SignedDuration::from_hours(24) {
        w.shops[i].rejected += 1;
        return Err(refuse("2003", "조회기간은 최대 1일까지 가능합니다."));
    }
    let mut found: Vec<(jiff::Timestamp, String)> = w.shops[i]
        .orders
        .values()
        .filter(|o| {
            let at = jiff::Timestamp::from_second(o.paid_at.as_second()).unwrap_or(o.paid_at);
            start <= at && at <= end && keep(o)
        })
        .map(|o| (o.ordered_at, o.order_no.clone()))
        .collect();
    found.sort();
    Ok(found.into_iter().map(|(_, n)| n).collect())
}

/// apiNo 209: delivery instructions by `odNo` (any state) or by a window of at most one day on
/// the instruction's creation time, `ifCplYN` empty or `N` for the unacknowledged ones (new
/// orders), `Y` for the acknowledged ones. A cancelled order leaves the window listing.
pub(super) async fn orders_search(
    State(st): State<Arc<SimState>>,
    Authed(i, v): Authed<Lotteon, Value>,
) -> Response {
    let mut w = st.world();
    let step = str_of(&v, "odPrgsStepCd");
    let acknowledged = match str_of(&v, "ifCplYN").as_str() {
        "" | "N" => false,
        "Y" => true,
        _ => return refuse("1000", "ifCplYN은 Y 또는 N이어야 합니다."),
    };
    // ASSUMPTION: (simulator) an order is acknowledged once any of its items is (210 takes the
    // order's items together), and only step 11 (출고지시) is searched for delivery orders.
    let matching = match search(&mut w, i, &v, |o| {
        let acked = o.lines.iter().any(|l| l.status != "11");
        !o.cancelled && (step.is_empty() || step == "11") && acked == acknowledged
    }) {
        Ok(m) => m,
        Err(r) => return r,
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
    let page = crate::sim::page_with_faults(&mut w, i, &matching, 0, matching.len().max(1));
    let rows: Vec<Value> = page
        .iter()
        .filter_map(|n| snapshot.get(n))
        .flat_map(|r| r.iter().cloned())
        .collect();
    ok(total, json!({ "deliveryOrderList": rows }))
}

/// apiNo 140: the live step of each item, by `odNo` or by the same window as 209, optionally
/// filtered by `odPrgsStepCd`.
pub(super) async fn progress_search(
    State(st): State<Arc<SimState>>,
    Authed(i, v): Authed<Lotteon, Value>,
) -> Response {
    let mut w = st.world();
    let matching = match search(&mut w, i, &v, |_| true) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let step = str_of(&v, "odPrgsStepCd");
    let rows: Vec<Value> = matching
        .iter()
        .filter_map(|n| w.shops[i].orders.get(n))
        .flat_map(progress_rows)
        .filter(|r| step.is_empty() || r["odPrgsStepCd"] == step.as_str())
        .collect();
    ok(rows.len(), json!({ "deliveryProgressStateList": rows }))
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

/// apiNo 210: acknowledge lines at step 11 (→ 12).
pub(super) async fn if_complete(
    State(st): State<Arc<SimState>>,
    Authed(i, v): Authed<Lotteon, Value>,
) -> Response {
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
pub(super) async fn progress_inform(
    State(st): State<Arc<SimState>>,
    Authed(i, v): Authed<Lotteon, Value>,
) -> Response {
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
pub(super) async fn codes(Authed(_, v): Authed<Lotteon, Value>) -> Response {
    if str_of(&v, "grpCd") != "DV_CO_CD" {
        return ok(0, json!([]));
    }
    let rows: Vec<Value> = CARRIERS
        .iter()
        .map(|(c, n)| json!({ "cmnCd": c, "cmnCdNm": n }))
        .collect();
    ok(rows.len(), Value::Array(rows))
}
